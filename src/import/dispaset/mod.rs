//! The Dispa-SET database (JRC): power plant lists (`PowerPlants/<CC>/<year>.csv`, one
//! row per plant or cluster), hourly load (`Load_RealTime`), hourly availability factors
//! (`AvailabilityFactors`) and hourly fuel prices (`FuelPrices/<Fuel>`).

use std::path::PathBuf;

mod plants;
mod series;

use super::{Availability, Defaults, FuelRow, Imported, Report};
use crate::error::{Error, Problem, Result};
use crate::util::{CsvTable, Header, Range};
use plants::{price_fuel, read_plants};
use series::{
    load_start, read_inflow, read_outages, read_profiles, read_series, trim_load, MAX_EXTRA_HOURS,
};

/// What a file given to the importer is.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Plants,
    Load,
    Availability,
    /// Hourly outage factors per clustered unit (`OutageFactors/<CC>/<year>.csv`).
    Outages,
    /// Reservoirs' hourly natural inflow per MW (`HydroData/ScaledInflows/<CC>/...`).
    Inflows,
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
    /// Transfer capacities between countries (`from,to,ntc_mw`) replacing
    /// data/ntc_2016.csv, for an import of several countries.
    pub ntc: Option<PathBuf>,
    /// Dispa-SET's generic efficiencies (no JRC-PPDB plant efficiencies,
    /// `import::efficiencies`), no monthly nuclear availability and no heat-led CHP
    /// must-run (`import::seasons`).
    pub flat_fleet: bool,
    /// No flows to countries outside the model (`import::outside`).
    pub closed_borders: bool,
}

/// Columns that may give a plant's commissioning year (not in Dispa-SET's own lists, but
/// added by users who know it).
pub(super) const YEAR_COLUMNS: [&str; 3] = ["CommissioningYear", "Commissioned", "Year"];

/// Reads `role=path` or infers the role from Dispa-SET's folder names.
pub fn role_of(arg: &str) -> Result<(Role, PathBuf)> {
    if let Some((role, path)) = arg.split_once('=') {
        let role = match role {
            "plants" => Role::Plants,
            "load" => Role::Load,
            "availability" => Role::Availability,
            "outages" => Role::Outages,
            "inflows" => Role::Inflows,
            other => match other.strip_prefix("fuel-price:") {
                Some(fuel) if price_fuel(fuel).is_some() => Role::FuelPrice(fuel.to_string()),
                _ => {
                    return Err(Error::Usage(format!(
                        "import dispaset: unknown role `{other}` in `{arg}`; expected plants=, \
                         load=, availability=, outages=, inflows= or fuel-price:<Coal|Gas|Oil|Biomass>="
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
    } else if has("ScaledInflows") {
        Role::Inflows
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
             availability=, outages=, inflows= or fuel-price:<Fuel>=, or keep Dispa-SET's folder names \
             (PowerPlants, Load_RealTime, AvailabilityFactors, OutageFactors, ScaledInflows, FuelPrices/<Fuel>)"
        )));
    };
    Ok((role, path))
}

/// The country a Dispa-SET file is of: the folder after `PowerPlants`, `Load_RealTime`,
/// `AvailabilityFactors`, `OutageFactors` or `HydroData/<kind>`; `None` for fuel prices
/// (one series for all countries) and for files outside Dispa-SET's folders.
pub fn country_of(path: &std::path::Path) -> Option<String> {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    // The folder `skip` + 1 after `folder`, if it is a folder, not the file name.
    let after = |folder: &str, skip: usize| {
        let i = parts.iter().position(|p| p == folder)? + 1 + skip;
        (i + 1 < parts.len()).then(|| parts[i].clone())
    };
    [
        "PowerPlants",
        "Load_RealTime",
        "AvailabilityFactors",
        "OutageFactors",
    ]
    .iter()
    .find_map(|f| after(f, 0))
    .or_else(|| after("HydroData", 1))
}

/// Imports the given Dispa-SET files (see `role_of`) into a scenario: one zone, or, given
/// the files of several countries (told apart by Dispa-SET's country folders), one zone
/// per country linked by the transfer capacities of `options.ntc`.
pub fn import(args: &[String], options: &Options, defaults: &Defaults) -> Result<Imported> {
    let mut countries: Vec<String> = Vec::new();
    let mut of_country: Vec<(Option<String>, &String)> = Vec::new();
    for arg in args {
        let (role, path) = role_of(arg)?;
        let country = match role {
            Role::FuelPrice(_) => None,
            _ => country_of(&path),
        };
        if let (Role::Plants, Some(c)) = (&role, &country) {
            if !countries.contains(c) {
                countries.push(c.clone());
            }
        }
        of_country.push((country, arg));
    }
    if countries.len() <= 1 {
        return import_country(args, options, defaults, &[]);
    }
    import_countries(&countries, &of_country, options, defaults)
}

/// The files of each of `countries`, imported one by one and joined.
fn import_countries(
    countries: &[String],
    of_country: &[(Option<String>, &String)],
    options: &Options,
    defaults: &Defaults,
) -> Result<Imported> {
    let mut parts = Vec::new();
    let mut problems = Vec::new();
    for country in countries {
        let files: Vec<String> = of_country
            .iter()
            .filter(|(c, _)| c.is_none() || c.as_ref() == Some(country))
            .map(|(_, arg)| (*arg).clone())
            .collect();
        let own = Options {
            name: None,
            ..options.clone()
        };
        match import_country(&files, &own, defaults, countries) {
            Ok(part) => parts.push(part),
            Err(Error::Input(found)) => problems.extend(found),
            Err(e) => return Err(e),
        }
    }
    // Fuel prices have no country: they serve every zone.
    if let Some((_, arg)) = of_country
        .iter()
        .find(|(c, _)| c.as_ref().is_some_and(|c| !countries.contains(c)))
    {
        return Err(Error::Usage(format!(
            "import dispaset: {arg} is of a country without a power plant list among the \
             files given ({})",
            countries.join(", ")
        )));
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let ntc = super::coupled::Ntc::read(options.ntc.as_deref())?;
    super::coupled::join(parts, &ntc, options.name.clone())
}

/// Imports the files of one country into a scenario of one zone; `others` are the other
/// countries of the scenario (their borders are not outside the model).
fn import_country(
    args: &[String],
    options: &Options,
    defaults: &Defaults,
    others: &[String],
) -> Result<Imported> {
    let mut plants = Vec::new();
    let mut load = Vec::new();
    let mut availability = Vec::new();
    let mut outages = Vec::new();
    let mut inflows = Vec::new();
    let mut prices = Vec::new();
    for arg in args {
        match role_of(arg)? {
            (Role::Inflows, p) => inflows.push(p),
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
    let inflows_path = one("reservoir inflow", &inflows, false)?;

    let mut report = Report::default();
    let mut problems = Vec::new();
    let load = read_series(&load_path, Range::POWER, &mut problems);
    let factors = availability_path
        .as_ref()
        .and_then(|p| CsvTable::read_with(p, Header::RowNamingFirst("timestamp"), &mut problems));
    let outage_table = outages_path
        .as_ref()
        .and_then(|p| CsvTable::read_with(p, Header::RowNamingFirst("timestamp"), &mut problems));
    // Clustered lists name their first column with the cluster id and no header.
    let table = CsvTable::read_with(&plants_path, Header::RowNamingFirst("id"), &mut problems);
    let inflow_table = inflows_path
        .as_ref()
        .and_then(|p| CsvTable::read_with(p, Header::RowNamingFirst("timestamp"), &mut problems));
    let (Some(mut load), Some(table)) = (load, table) else {
        return Err(Error::Input(problems));
    };
    // The hourly files given, a blank inflow file aside, may end a little before the load.
    let hourly: Vec<&CsvTable> = factors
        .iter()
        .chain(inflow_table.iter().filter(|t| series::has_inflow(t)))
        .collect();
    if load.sound {
        trim_load(&mut load, &hourly, &mut report);
    }
    let inflow = match &inflow_table {
        Some(t) if load.sound => read_inflow(t, &load, &mut report, &mut problems),
        _ => None,
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
        inflow.as_ref().map(|i| i.0),
        &mut report,
        &mut problems,
    );
    if !options.flat_fleet {
        super::efficiencies::apply(&zone, &mut units, &mut report);
    }
    let mut profiles: Vec<(String, Vec<f64>)> = Vec::new();
    if let Some((_, shape)) = inflow {
        let reservoirs = storage
            .iter()
            .filter(|s| s.inflow_profile.is_some())
            .count();
        if reservoirs > 0 {
            profiles.push((plants::INFLOW_PROFILE.to_string(), shape));
            report.notes.push(format!(
                "{reservoirs} reservoirs (HDAM) are stores with natural inflow: energy \
                 STOCapacity × Efficiency, inflow ScaledInflows × PowerCapacity × Efficiency \
                 (profile `{}`: the series over its largest value), no pumps; the year ends \
                 as full as it starts (cyclic), Dispa-SET's ReservoirLevel is not used",
                plants::INFLOW_PROFILE
            ));
        } else if let Some(path) = &inflows_path {
            report.notes.push(format!(
                "{} not used: no reservoir (HDAM) in the plant list",
                path.display()
            ));
        }
    }
    if options.commitment {
        report.notes.push(
            "--commitment: each fuelled plant's PartLoadMin is its min_stable_share and \
             StartUpCost ÷ PowerCapacity its startup_cost_eur_per_mw (€/MW); sweeps solve \
             the LP"
                .into(),
        );
    }

    // Availability profiles the units need, aligned hour by hour with the load. Files
    // are checked against the load only when the load itself is sound.
    match (&factors, profiles_needed.is_empty()) {
        _ if !load.sound => {}
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
            profiles.extend(read_profiles(
                factors,
                &profiles_needed,
                &load,
                &mut report,
                &mut problems,
            ));
        }
    }
    let start = load_start(&load, options);
    if let (Some(outages), true) = (&outage_table, load.sound) {
        profiles.extend(read_outages(
            outages,
            &mut units,
            &load,
            start,
            &mut report,
            &mut problems,
        ));
    }
    // Flows outside first: the CHP must-run is held below the load they leave.
    if let (Some(start), true, false) = (start, load.sound, options.closed_borders) {
        super::outside::add_net_exports(&zone, others, start, &mut load.values, &mut report);
    }
    if let (Some(start), true, false) = (start, load.sound, options.flat_fleet) {
        let hours = super::seasons::calendar(start, load.values.len());
        super::seasons::nuclear(&zone, &hours, &mut units, &mut profiles, &mut report);
        super::seasons::chp(
            &zone,
            &hours,
            &load.values,
            &mut units,
            &mut profiles,
            &mut report,
        );
    }
    // A constant availability is the default table's: units with a profile (wind, solar,
    // outage factors, nuclear by month) need none.
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
        if let Some(series) = read_series(path, Range::COST, &mut problems) {
            if !load.sound {
                continue;
            }
            let hours = load.values.len();
            if series.values.len().abs_diff(hours) > MAX_EXTRA_HOURS {
                problems.push(Problem::in_file(
                    path,
                    format!(
                        "{} hours of prices, but the load has {hours}; expected the same hours",
                        series.values.len(),
                    ),
                ));
                continue;
            }
            // A series a little longer or shorter than the load: its mean over the hours
            // both have.
            let used = &series.values[..series.values.len().min(hours)];
            if series.values.len() != hours {
                report.notes.push(format!(
                    "{}: {} hours of prices for the load's {hours}; the mean is over the {} \
                     both have",
                    path.display(),
                    series.values.len(),
                    used.len()
                ));
            }
            let mean = used.iter().sum::<f64>() / used.len() as f64;
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
        zones: vec![zone],
        units,
        storage,
        fuels,
        load_mw: vec![load.values],
        links: Vec::new(),
        profiles,
        start: start.map(|s| s.strftime("%Y-%m-%dT%H:%M").to_string()),
        report,
    })
}
