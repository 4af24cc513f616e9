//! The Dispa-SET database (JRC): power plant lists (`PowerPlants/<CC>/<year>.csv`, one
//! row per plant or cluster), hourly load (`Load_RealTime`), hourly availability factors
//! (`AvailabilityFactors`) and hourly fuel prices (`FuelPrices/<Fuel>`).

use std::path::{Path, PathBuf};

use super::{rounded, Availability, Defaults, FuelRow, Imported, Report, StorageRow, UnitRow};
use crate::error::{Error, Problem, Result};
use crate::schema::units;
use crate::util::{CsvRow, CsvTable, Header, Range};

/// What a file given to the importer is.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Plants,
    Load,
    Availability,
    /// Hourly outage factors per clustered unit (`OutageFactors/<CC>/<year>.csv`).
    Outages,
    /// A fuel price series, with Dispa-SET's name of the fuel (Coal, Gas, Oil, Biomass).
    FuelPrice(String),
}

/// Options of a Dispa-SET import.
#[derive(Debug, Clone)]
pub struct Options {
    pub name: Option<String>,
    /// Hours to add to the UTC timestamps to get local clock time (1 for CET).
    pub utc_offset_hours: i64,
    /// Take each fuelled plant's PartLoadMin and StartUpCost as a linearised commitment.
    pub commitment: bool,
}

/// How a Dispa-SET (technology, fuel) pair maps to the scenario's technology and fuel,
/// and where an hourly profile (availability factor column) applies.
struct Mapping {
    technology: &'static str,
    fuel: &'static str,
    profile: Option<&'static str>,
}

fn mapping(technology: &str, fuel: &str) -> Option<Mapping> {
    let m = |technology, fuel, profile| {
        Some(Mapping {
            technology,
            fuel,
            profile,
        })
    };
    match (technology, fuel) {
        ("STUR", "LIG") => m("lignite", "lignite", None),
        ("STUR", "HRD") => m("hard_coal", "hard_coal", None),
        ("COMC", "GAS") => m("ccgt", "gas", None),
        ("GTUR", "GAS") => m("ocgt", "gas", None),
        ("ICEN", "GAS") => m("gas_engine", "gas", None),
        ("STUR", "GAS") => m("gas_steam", "gas", None),
        ("STUR" | "GTUR" | "ICEN" | "COMC", "OIL") => m("oil", "oil", None),
        ("STUR", "NUC") => m("nuclear", "uranium", None),
        ("STUR" | "GTUR" | "ICEN" | "COMC", "BIO") => m("biomass", "biomass", None),
        ("STUR" | "GTUR" | "ICEN" | "COMC", "WST") => m("waste", "waste", None),
        ("HROR", "WAT") => m("hydro_ror", crate::NO_FUEL, Some("HROR")),
        ("HDAM", "WAT") => m("hydro_reservoir", crate::NO_FUEL, None),
        ("WTON", "WIN") => m("wind_onshore", crate::NO_FUEL, Some("WTON")),
        ("WTOF", "WIN") => m("wind_offshore", crate::NO_FUEL, Some("WTOF")),
        ("PHOT", "SUN") => m("solar", crate::NO_FUEL, Some("PHOT")),
        _ => None,
    }
}

/// The scenario's profile name for a Dispa-SET availability column.
fn profile_name(code: &str) -> &'static str {
    match code {
        "HROR" => "hydro_ror",
        "WTON" => "wind_onshore",
        "WTOF" => "wind_offshore",
        _ => "solar",
    }
}

/// The scenario's fuel for a Dispa-SET fuel price series.
fn price_fuel(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().as_str() {
        "coal" => Some("hard_coal"),
        "gas" => Some("gas"),
        "oil" => Some("oil"),
        "biomass" => Some("biomass"),
        "lignite" => Some("lignite"),
        _ => None,
    }
}

/// Columns that may give a plant's commissioning year (not in Dispa-SET's own lists, but
/// added by users who know it).
const YEAR_COLUMNS: [&str; 3] = ["CommissioningYear", "Commissioned", "Year"];

/// Reads `role=path` or infers the role from Dispa-SET's folder names.
pub fn role_of(arg: &str) -> Result<(Role, PathBuf)> {
    if let Some((role, path)) = arg.split_once('=') {
        let role = match role {
            "plants" => Role::Plants,
            "load" => Role::Load,
            "availability" => Role::Availability,
            "outages" => Role::Outages,
            other => match other.strip_prefix("fuel-price:") {
                Some(fuel) if price_fuel(fuel).is_some() => Role::FuelPrice(fuel.to_string()),
                _ => {
                    return Err(Error::Usage(format!(
                        "import dispaset: unknown role `{other}` in `{arg}`; expected plants=, \
                         load=, availability=, outages= or fuel-price:<Coal|Gas|Oil|Biomass>="
                    )))
                }
            },
        };
        return Ok((role, PathBuf::from(path)));
    }
    let path = PathBuf::from(arg);
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let has = |name: &str| parts.iter().any(|p| p == name);
    let role = if has("PowerPlants") {
        Role::Plants
    } else if has("Load_RealTime") {
        Role::Load
    } else if has("AvailabilityFactors") {
        Role::Availability
    } else if has("OutageFactors") {
        Role::Outages
    } else if let Some(i) = parts.iter().position(|p| p == "FuelPrices") {
        match parts.get(i + 1).filter(|f| price_fuel(f).is_some()) {
            Some(fuel) => Role::FuelPrice(fuel.clone()),
            None => {
                return Err(Error::Usage(format!(
                    "import dispaset: {arg}: expected FuelPrices/<Coal|Gas|Oil|Biomass>/..."
                )))
            }
        }
    } else {
        return Err(Error::Usage(format!(
            "import dispaset: cannot tell what {arg} is: give it as plants=, load=, \
             availability=, outages= or fuel-price:<Fuel>=, or keep Dispa-SET's folder names \
             (PowerPlants, Load_RealTime, AvailabilityFactors, OutageFactors, FuelPrices/<Fuel>)"
        )));
    };
    Ok((role, path))
}

/// A headerless hourly series: timestamps and values.
struct Series {
    path: PathBuf,
    timestamps: Vec<String>,
    values: Vec<f64>,
    lines: Vec<usize>,
}

fn read_series(path: &Path, range: Range, problems: &mut Vec<Problem>) -> Option<Series> {
    let table = CsvTable::read_with(path, Header::Given(&["timestamp", "value"]), problems)?;
    let mut series = Series {
        path: path.to_path_buf(),
        timestamps: Vec::new(),
        values: Vec::new(),
        lines: Vec::new(),
    };
    for row in &table.rows {
        if let Some(value) = table.number(row, 1, range, problems) {
            series.timestamps.push(row.fields[0].clone());
            series.values.push(value);
            series.lines.push(row.line);
        }
    }
    Some(series)
}

/// Imports the given Dispa-SET files (see `role_of`) into a scenario.
pub fn import(args: &[String], options: &Options, defaults: &Defaults) -> Result<Imported> {
    let mut plants = Vec::new();
    let mut load = Vec::new();
    let mut availability = Vec::new();
    let mut outages = Vec::new();
    let mut prices = Vec::new();
    for arg in args {
        match role_of(arg)? {
            (Role::Plants, p) => plants.push(p),
            (Role::Load, p) => load.push(p),
            (Role::Availability, p) => availability.push(p),
            (Role::Outages, p) => outages.push(p),
            (Role::FuelPrice(fuel), p) => prices.push((fuel, p)),
        }
    }
    let one = |what: &str, files: &[PathBuf], required: bool| -> Result<Option<PathBuf>> {
        match files {
            [] if required => Err(Error::Usage(format!(
                "import dispaset: no {what} file given"
            ))),
            [] => Ok(None),
            [file] => Ok(Some(file.clone())),
            many => Err(Error::Usage(format!(
                "import dispaset: one {what} file, not {}: {}",
                many.len(),
                many.iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    };
    let plants_path = one("power plant list", &plants, true)?.expect("required");
    let load_path = one("load", &load, true)?.expect("required");
    let availability_path = one("availability factor", &availability, false)?;
    let outages_path = one("outage factor", &outages, false)?;

    let mut report = Report::default();
    let mut problems = Vec::new();
    let load = read_series(&load_path, Range::NON_NEGATIVE, &mut problems);
    let factors = availability_path
        .as_ref()
        .and_then(|p| CsvTable::read_with(p, Header::RowNamingFirst("timestamp"), &mut problems));
    let outage_table = outages_path
        .as_ref()
        .and_then(|p| CsvTable::read_with(p, Header::RowNamingFirst("timestamp"), &mut problems));
    // Clustered lists name their first column with the cluster id and no header.
    let table = CsvTable::read_with(&plants_path, Header::RowNamingFirst("id"), &mut problems);
    let (Some(load), Some(table)) = (load, table) else {
        return Err(Error::Input(problems));
    };
    report.sources.push(format!(
        "{}: hourly load, MW ({} hours)",
        load_path.display(),
        load.values.len()
    ));
    report
        .sources
        .push(format!("{}: power plant list", plants_path.display()));

    let (mut units, storage, zone, profiles_needed) = read_plants(
        &table,
        defaults,
        options.commitment,
        &mut report,
        &mut problems,
    );
    if options.commitment {
        report.notes.push(
            "--commitment: each fuelled plant's PartLoadMin is its min_stable_share and \
             StartUpCost ÷ PowerCapacity its startup_cost_eur_per_mw (€/MW); sweeps solve \
             the LP"
                .into(),
        );
    }

    // Availability profiles the units need, aligned hour by hour with the load.
    let mut profiles: Vec<(String, Vec<f64>)> = Vec::new();
    match (&factors, profiles_needed.is_empty()) {
        (_, true) => {}
        (None, false) => problems.push(Problem::in_file(
            &plants_path,
            format!(
                "units need hourly availability ({}) but no availability factor file was given",
                profiles_needed.join(", ")
            ),
        )),
        (Some(factors), false) => {
            report.sources.push(format!(
                "{}: hourly availability factors ({})",
                factors.path.display(),
                profiles_needed.join(", ")
            ));
            profiles = read_profiles(factors, &profiles_needed, &load, &mut problems);
        }
    }
    let start = load_start(&load, options);
    if let Some(outages) = &outage_table {
        profiles.extend(read_outages(
            outages,
            &mut units,
            &load,
            start,
            &mut report,
            &mut problems,
        ));
    }
    // A constant availability is the default table's: units with a profile (wind, solar,
    // outage factors) need none.
    for unit in &units {
        if let Availability::Constant(_) = unit.availability {
            report.fill("availability", &unit.technology);
        }
    }
    if let (Some(f), true) = (&factors, profiles_needed.is_empty()) {
        report.notes.push(format!(
            "{} not used: no unit needs an hourly profile",
            f.path.display()
        ));
    }

    // Fuels: prices from the series given, else the default table; CO2 from the table.
    let mut price_means: Vec<(&'static str, f64, String)> = Vec::new();
    for (name, path) in &prices {
        let fuel = price_fuel(name).expect("checked in role_of");
        if let Some(series) = read_series(path, Range::NON_NEGATIVE, &mut problems) {
            if series.values.len() != load.values.len() {
                problems.push(Problem::in_file(
                    path,
                    format!(
                        "{} hours of prices, but the load has {}; expected the same hours",
                        series.values.len(),
                        load.values.len()
                    ),
                ));
                continue;
            }
            let mean = series.values.iter().sum::<f64>() / series.values.len() as f64;
            report.sources.push(format!(
                "{}: hourly {fuel} price, €/MWh_th (mean {} used)",
                path.display(),
                crate::util::num((mean * 1e4).round() / 1e4)
            ));
            price_means.push((fuel, mean, path.display().to_string()));
        }
    }
    let mut fuels: Vec<FuelRow> = Vec::new();
    for unit in &units {
        if unit.fuel == crate::NO_FUEL || fuels.iter().any(|f| f.fuel == unit.fuel) {
            continue;
        }
        let Some(default) = defaults.fuel(&unit.fuel) else {
            problems.push(Problem::in_file(
                &plants_path,
                format!(
                    "fuel `{}` of {} is not in the fuel table {}",
                    unit.fuel, unit.name, defaults.fuels_source
                ),
            ));
            continue;
        };
        let price = match price_means.iter().find(|(f, _, _)| *f == unit.fuel) {
            Some((_, mean, _)) => *mean,
            None => {
                report.fill("price_eur_per_mwh_th", &unit.fuel);
                default.price_eur_per_mwh_th
            }
        };
        report.fill("co2_t_per_mwh_th", &unit.fuel);
        fuels.push(FuelRow {
            fuel: unit.fuel.clone(),
            price_eur_per_mwh_th: price,
            co2_t_per_mwh_th: default.co2_t_per_mwh_th,
        });
    }
    for (fuel, _, path) in &price_means {
        if !fuels.iter().any(|f| f.fuel == *fuel) {
            report
                .notes
                .push(format!("{path} not used: no unit burns {fuel}"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    report.sources.push(format!(
        "{}: efficiency, VOM and availability defaults",
        defaults.technologies_source
    ));
    report.sources.push(format!(
        "{}: CO2 factors and prices of fuels without a series",
        defaults.fuels_source
    ));

    match &start {
        Some(start) => report.notes.push(format!(
            "hour 0 is {} (UTC), {} local time (UTC{:+})",
            load.timestamps[0],
            start.strftime("%Y-%m-%d %H:%M"),
            options.utc_offset_hours
        )),
        None => report.notes.push(format!(
            "the first timestamp of {} (`{}`) is not a date and time; the scenario has no calendar",
            load_path.display(),
            load.timestamps.first().map_or("", String::as_str)
        )),
    }
    let name = options
        .name
        .clone()
        .unwrap_or_else(|| format!("{zone} from the Dispa-SET database"));
    Ok(Imported {
        description: format!(
            "Imported by `carbonpass import dispaset` from {}; see import_report.md for \
             what was filled from the default tables.",
            plants_path.display()
        ),
        name,
        zone,
        units,
        storage,
        fuels,
        load_mw: load.values,
        profiles,
        start: start.map(|s| s.strftime("%Y-%m-%dT%H:%M").to_string()),
        report,
    })
}

/// Local clock time of the load's first hour, if its timestamp is a date and time.
fn load_start(load: &Series, options: &Options) -> Option<jiff::civil::DateTime> {
    load.timestamps.first().and_then(|t| {
        crate::calendar::parse(t).and_then(|utc| {
            utc.checked_add(jiff::Span::new().hours(options.utc_offset_hours))
                .ok()
        })
    })
}

/// Outage factors per cluster: a unit named like a column gets the profile
/// `outage_<name>` = 1 − outage factor instead of its constant availability. The file's
/// hours are matched to the load's local hours by month, day and hour, so the 2016
/// factors of the database serve 2015 (29 February left out).
fn read_outages(
    outages: &CsvTable,
    units: &mut [UnitRow],
    load: &Series,
    start: Option<jiff::civil::DateTime>,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Vec<f64>)> {
    let Some(start) = start else {
        problems.push(Problem::in_file(
            &outages.path,
            "outage factors need the load's timestamps to match hours, and they are not dates",
        ));
        return Vec::new();
    };
    let key = |dt: jiff::civil::DateTime| (dt.month(), dt.day(), dt.hour());
    let mut row_of = std::collections::HashMap::new();
    for (i, row) in outages.rows.iter().enumerate() {
        match crate::calendar::parse(&row.fields[0]) {
            Some(dt) => {
                row_of.entry(key(dt)).or_insert(i);
            }
            None => {
                problems.push(outages.problem(row, 0, "expected a date and time"));
                return Vec::new();
            }
        }
    }
    let mut rows = Vec::with_capacity(load.values.len());
    for h in 0..load.values.len() {
        let local = start
            .checked_add(jiff::Span::new().hours(h as i64))
            .expect("within a year");
        match row_of.get(&key(local)) {
            Some(&i) => rows.push(i),
            None => {
                problems.push(Problem::in_file(
                    &outages.path,
                    format!(
                        "no row for {} (hour {h} of the load); expected every hour of the year",
                        local.strftime("%m-%d %H:00")
                    ),
                ));
                return Vec::new();
            }
        }
    }
    let mut profiles = Vec::new();
    let mut matched = Vec::new();
    for (c, cluster) in outages.headers.iter().enumerate().skip(1) {
        let Some(unit) = units.iter_mut().find(|u| u.name == *cluster) else {
            continue;
        };
        if !matches!(unit.availability, Availability::Constant(_)) {
            continue;
        }
        let mut values = Vec::with_capacity(rows.len());
        for &i in &rows {
            let row = &outages.rows[i];
            match outages.number(row, c, Range::FRACTION, problems) {
                Some(f) => values.push(1.0 - f),
                None => return Vec::new(),
            }
        }
        let name = format!("outage_{cluster}");
        unit.availability = Availability::Profile(name.clone());
        matched.push(cluster.clone());
        profiles.push((name, values));
    }
    let first = crate::calendar::parse(&outages.rows[0].fields[0]);
    report.sources.push(format!(
        "{}: hourly outage factors of {} clusters ({}), availability = 1 − outage factor, \
         matched to the load by month, day and hour{}",
        outages.path.display(),
        matched.len(),
        matched.join(", "),
        match (first, start) {
            (Some(f), s) if f.year() != s.year() =>
                format!(" (factors of {} used for {})", f.year(), s.year()),
            _ => String::new(),
        }
    ));
    if matched.is_empty() {
        report.notes.push(format!(
            "{}: no column names a unit of the plant list; outage factors go with the \
             clustered list (PowerPlants/CC/clustered.csv)",
            outages.path.display()
        ));
    }
    profiles
}

/// Units from the plant list: mapped technology and fuel, efficiency where given (else
/// from the default table by technology and commissioning year), VOM and availability
/// from the table. Returns the units, their zone and the profiles they need.
fn read_plants(
    table: &CsvTable,
    defaults: &Defaults,
    commitment: bool,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> (Vec<UnitRow>, Vec<StorageRow>, String, Vec<&'static str>) {
    let required =
        ["Unit", "PowerCapacity", "Technology", "Fuel"].map(|c| table.require(c, problems));
    let [Some(unit_col), Some(cap_col), Some(tech_col), Some(fuel_col)] = required else {
        return (Vec::new(), Vec::new(), String::new(), Vec::new());
    };
    let mut storage: Vec<StorageRow> = Vec::new();
    let eff_col = table.column("Efficiency");
    let zone_col = table.column("Zone");
    let year_col = YEAR_COLUMNS.iter().find_map(|c| table.column(c));
    // Clustered lists give the capacity of one unit and the number of units.
    let count_col = table.column("Nunits");
    if count_col.is_some() {
        report
            .notes
            .push("clustered list: capacity = PowerCapacity × Nunits".into());
    }
    let mut units: Vec<UnitRow> = Vec::new();
    let mut zone: Option<(String, usize)> = None;
    let mut profiles: Vec<&'static str> = Vec::new();
    let mut broken_names = 0;
    for row in &table.rows {
        let name = table.text(row, unit_col).unwrap_or("").to_string();
        if name.is_empty() {
            problems.push(table.problem(row, unit_col, "expected the plant's name"));
            continue;
        }
        let Some(mut capacity) = table.number(row, cap_col, Range::NON_NEGATIVE, problems) else {
            continue;
        };
        // Per unit, before Nunits: StartUpCost is € per start of one unit.
        let unit_capacity = capacity;
        if let Some(c) = count_col {
            match table.number(row, c, Range::NON_NEGATIVE, problems) {
                Some(n) if n.fract() == 0.0 => capacity *= n,
                Some(n) => {
                    problems.push(table.problem(
                        row,
                        c,
                        format!("expected a whole number of units, got {n}"),
                    ));
                    continue;
                }
                None => continue,
            }
        }
        let (tech_code, fuel_code) = (
            table.text(row, tech_col).unwrap_or(""),
            table.text(row, fuel_col).unwrap_or(""),
        );
        if tech_code == "HPHS" {
            let units = count_col
                .and_then(|c| table.text(row, c))
                .and_then(|t| t.parse::<f64>().ok())
                .unwrap_or(1.0);
            if let Some(store) =
                pumped_storage(table, row, &name, capacity, units, report, problems)
            {
                storage.push(store);
            }
            continue;
        }
        let Some(map) = mapping(tech_code, fuel_code) else {
            problems.push(table.problem(
                row,
                tech_col,
                format!(
                    "unknown technology and fuel `{tech_code}`/`{fuel_code}`; expected a \
                     Dispa-SET pair such as STUR/LIG, STUR/HRD, COMC/GAS, GTUR/GAS, STUR/NUC, \
                     HROR/WAT, WTON/WIN, PHOT/SUN"
                ),
            ));
            continue;
        };
        if capacity == 0.0 {
            report
                .skipped
                .push(format!("{name} (line {}): capacity 0 MW", row.line));
            continue;
        }
        if let Some(z) = zone_col.and_then(|c| table.text(row, c)) {
            match &zone {
                None => zone = Some((z.to_string(), row.line)),
                Some((first, line)) if first != z => {
                    problems.push(table.problem(
                        row,
                        zone_col.expect("found"),
                        format!(
                            "zone `{z}`, but line {line} has `{first}`; one plant list is \
                             imported as one zone"
                        ),
                    ));
                    continue;
                }
                Some(_) => {}
            }
        }
        let year = match year_col.and_then(|c| table.text(row, c).map(|t| (c, t))) {
            None => None,
            Some((c, text)) => match text.parse::<f64>() {
                Ok(y) if y.fract() == 0.0 && (1900.0..=2100.0).contains(&y) => Some(y as i32),
                _ => {
                    problems.push(table.problem(
                        row,
                        c,
                        format!("expected a commissioning year such as 1998, got `{text}`"),
                    ));
                    continue;
                }
            },
        };
        let Some(default) = defaults.technology(map.technology, year) else {
            problems.push(table.problem(
                row,
                tech_col,
                format!(
                    "technology {} has no row in {}",
                    map.technology, defaults.technologies_source
                ),
            ));
            continue;
        };
        let fuelled = map.fuel != crate::NO_FUEL;
        let efficiency = if fuelled {
            match eff_col.filter(|&c| table.text(row, c).is_some()) {
                Some(c) => match table.number(row, c, Range::EFFICIENCY, problems) {
                    Some(e) => Some(e),
                    None => continue,
                },
                None => match default.efficiency {
                    Some(e) => {
                        report.fill("efficiency", map.technology);
                        Some(e)
                    }
                    None => {
                        problems.push(table.problem(
                            row,
                            eff_col.unwrap_or(tech_col),
                            format!(
                                "no efficiency given, and {} has none for {}",
                                defaults.technologies_source, map.technology
                            ),
                        ));
                        continue;
                    }
                },
            }
        } else {
            None
        };
        report.fill("vom_eur_per_mwh", map.technology);
        let availability = match map.profile {
            Some(code) => {
                if !profiles.contains(&code) {
                    profiles.push(code);
                }
                Availability::Profile(profile_name(code).to_string())
            }
            None => Availability::Constant(default.availability),
        };
        if name.contains("??") {
            broken_names += 1;
        }
        let mut unique = name.clone();
        let mut k = 2;
        while units.iter().any(|u| u.name == unique) {
            unique = format!("{name} ({k})");
            k += 1;
        }
        // A commitment where the import takes it: minimum stable share and start-up cost
        // per MW (0 and 0 for plants without fuel).
        let commitment = match (commitment, fuelled) {
            (true, true) => {
                let cell = |column: &str, range: Range, problems: &mut Vec<Problem>| match table
                    .column(column)
                {
                    Some(c) if table.text(row, c).is_some() => {
                        table.number(row, c, range, problems)
                    }
                    _ => Some(0.0),
                };
                let stable = cell("PartLoadMin", Range::FRACTION, problems);
                let startup = cell("StartUpCost", Range::NON_NEGATIVE, problems);
                match (stable, startup) {
                    (Some(stable), Some(startup)) if unit_capacity > 0.0 => {
                        Some((stable, startup / unit_capacity))
                    }
                    (Some(_), Some(_)) => Some((0.0, 0.0)),
                    _ => continue,
                }
            }
            (true, false) => Some((0.0, 0.0)),
            (false, _) => None,
        };
        let mut row = UnitRow {
            name: unique,
            zone: String::new(),
            technology: map.technology.to_string(),
            fuel: map.fuel.to_string(),
            capacity_mw: capacity,
            efficiency,
            availability,
            params: Vec::new(),
        };
        row.set(&units::VOM, rounded(default.vom_eur_per_mwh));
        if let Some((stable, startup)) = commitment {
            row.set(&units::MIN_STABLE, stable);
            row.set(&units::STARTUP_COST, rounded(startup));
        }
        units.push(row);
    }
    let zone = zone.map_or_else(|| crate::SINGLE_ZONE.to_string(), |(z, _)| z);
    for unit in &mut units {
        unit.zone = zone.clone();
    }
    for store in &mut storage {
        store.zone = zone.clone();
    }
    let near_one: Vec<&str> = units
        .iter()
        .filter(|u| u.efficiency.is_some_and(|e| e >= 0.95))
        .map(|u| u.name.as_str())
        .collect();
    if !near_one.is_empty() {
        report.notes.push(format!(
            "{} fuelled units have an efficiency of 0.95 or more, taken as given ({}); \
             Dispa-SET's clustered lists give nuclear 1.0, so its fuel price acts per MWh \
             electric",
            near_one.len(),
            near_one.join(", ")
        ));
    }
    if broken_names > 0 {
        report.notes.push(format!(
            "{broken_names} plant names contain `??` where the source lost a character; kept as they are"
        ));
    }
    if year_col.is_none() {
        report.notes.push(
            "the plant list has no commissioning year: filled efficiencies are those of \
             the unknown-year row of each technology"
                .into(),
        );
    }
    report.notes.push(
        "Dispa-SET's CO2Intensity (t/MWh_el per plant) is not used: emissions follow from \
         each fuel's CO2 factor and the plant's efficiency"
            .into(),
    );
    (units, storage, zone, profiles)
}

/// A pumped-storage plant (HPHS) as a store: `capacity_mw` (PowerCapacity × Nunits) is
/// its turbine power, STOMaxChargingPower × Nunits its pumps; STOCapacity (MWh stored,
/// per unit) × Efficiency (discharging) × `units` is what it gives back; the round trip
/// is STOChargingEfficiency × Efficiency.
fn pumped_storage(
    table: &CsvTable,
    row: &CsvRow,
    name: &str,
    capacity_mw: f64,
    units: f64,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Option<StorageRow> {
    let cell = |column: &str, range: Range, problems: &mut Vec<Problem>| match table.column(column)
    {
        Some(c) => table.number(row, c, range, problems),
        None => {
            problems.push(Problem::at(
                &table.path,
                Some(row.line),
                Some(column),
                format!("pumped-storage plant {name} needs this column; it is missing"),
            ));
            None
        }
    };
    let stored = cell("STOCapacity", Range::NON_NEGATIVE, problems);
    let discharging = cell("Efficiency", Range::EFFICIENCY, problems);
    let charging = cell("STOChargingEfficiency", Range::EFFICIENCY, problems);
    let (stored, discharging, charging) = (stored?, discharging?, charging?);
    if capacity_mw == 0.0 {
        report
            .skipped
            .push(format!("{name} (line {}): capacity 0 MW", row.line));
        return None;
    }
    // Pumping power: STOMaxChargingPower where given, else the turbines'.
    let pump = match table.column("STOMaxChargingPower") {
        Some(c) if table.text(row, c).is_some() => {
            table.number(row, c, Range::NON_NEGATIVE, problems)? * units
        }
        _ => capacity_mw,
    };
    Some(StorageRow {
        charge_power_mw: pump,
        name: name.to_string(),
        zone: String::new(),
        power_mw: capacity_mw,
        energy_mwh: stored * discharging * units,
        efficiency_roundtrip: charging * discharging,
    })
}

/// The availability columns the units need, checked hour by hour against the load's
/// timestamps.
fn read_profiles(
    factors: &CsvTable,
    needed: &[&'static str],
    load: &Series,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Vec<f64>)> {
    let mut profiles = Vec::new();
    let columns: Vec<Option<usize>> = needed
        .iter()
        .map(|c| factors.require(c, problems))
        .collect();
    if factors.rows.len() != load.values.len() {
        problems.push(Problem::in_file(
            &factors.path,
            format!(
                "{} hours of availability factors, but {} has {}; expected the same hours",
                factors.rows.len(),
                load.path.display(),
                load.values.len()
            ),
        ));
        return profiles;
    }
    for (h, row) in factors.rows.iter().enumerate() {
        if row.fields[0] != load.timestamps[h] {
            problems.push(factors.problem(
                row,
                0,
                format!(
                    "timestamp `{}`, but line {} of {} has `{}`; expected the same hours",
                    row.fields[0],
                    load.lines[h],
                    load.path.display(),
                    load.timestamps[h]
                ),
            ));
            return profiles;
        }
    }
    for (code, column) in needed.iter().zip(columns) {
        let Some(c) = column else { continue };
        let values: Vec<f64> = factors
            .rows
            .iter()
            .map(|row| {
                factors
                    .number(row, c, Range::FRACTION, problems)
                    .unwrap_or(0.0)
            })
            .collect();
        profiles.push((profile_name(code).to_string(), values));
    }
    profiles
}
