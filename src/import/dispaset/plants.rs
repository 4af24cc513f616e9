//! Dispa-SET's plant lists: each (technology, fuel) pair mapped to a technology and fuel of
//! the scenario, gaps filled from the default tables, pumped storage turned into stores.

use super::super::{rounded, Availability, Defaults, Report, StorageRow, UnitRow};
use super::YEAR_COLUMNS;
use crate::error::Problem;
use crate::schema::units;
use crate::util::{CsvRow, CsvTable, Range};

/// How a Dispa-SET (technology, fuel) pair maps to the scenario's technology and fuel,
/// and where an hourly profile (availability factor column) applies.
pub(super) struct Mapping {
    pub technology: &'static str,
    pub fuel: &'static str,
    pub profile: Option<&'static str>,
}

pub(super) fn mapping(technology: &str, fuel: &str) -> Option<Mapping> {
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

/// What a pair the mapping does not know is taken as: by its fuel where the fuel is one
/// of Dispa-SET's (a steam plant of that fuel, with its CO2), else the catch-all class
/// `other` without fuel or CO2 (Dispa-SET's `Other`/`Other`: tidal, steel-mill gases),
/// its VOM and availability those of `other` in the technology table.
pub(super) fn catch_all(fuel: &str) -> Mapping {
    let by_fuel = |technology, fuel| Mapping {
        technology,
        fuel,
        profile: None,
    };
    match fuel {
        "LIG" => by_fuel("lignite", "lignite"),
        "HRD" => by_fuel("hard_coal", "hard_coal"),
        "GAS" => by_fuel("gas_steam", "gas"),
        "OIL" => by_fuel("oil", "oil"),
        "NUC" => by_fuel("nuclear", "uranium"),
        "BIO" => by_fuel("biomass", "biomass"),
        "WST" => by_fuel("waste", "waste"),
        _ => by_fuel(OTHER, crate::NO_FUEL),
    }
}

/// Plants of a (technology, fuel) pair the mapping does not know: what they were taken
/// as, how many, MW, their names.
type Unknown = (&'static str, usize, f64, Vec<String>);

/// The catch-all technology.
pub(super) const OTHER: &str = "other";

/// The scenario's profile name for a Dispa-SET availability column.
pub(super) fn profile_name(code: &str) -> &'static str {
    match code {
        "HROR" => "hydro_ror",
        "WTON" => "wind_onshore",
        "WTOF" => "wind_offshore",
        _ => "solar",
    }
}

/// The scenario's fuel for a Dispa-SET fuel price series.
pub(super) fn price_fuel(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().as_str() {
        "coal" => Some("hard_coal"),
        "gas" => Some("gas"),
        "oil" => Some("oil"),
        "biomass" => Some("biomass"),
        "lignite" => Some("lignite"),
        _ => None,
    }
}

/// Units from the plant list: mapped technology and fuel, efficiency where given (else
/// from the default table by technology and commissioning year), VOM and availability
/// from the table. Returns the units, their zone and the profiles they need.
pub(super) fn read_plants(
    table: &CsvTable,
    defaults: &Defaults,
    commitment: bool,
    inflow_peak: Option<f64>,
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
    let mut unknown: std::collections::BTreeMap<(String, String), Unknown> = Default::default();
    for row in &table.rows {
        let name = table.text(row, unit_col).unwrap_or("").to_string();
        if name.is_empty() {
            problems.push(table.problem(row, unit_col, "expected the plant's name"));
            continue;
        }
        let Some(mut capacity) = table.number(row, cap_col, Range::POWER, problems) else {
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
        let count = count_col
            .and_then(|c| table.text(row, c))
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(1.0);
        if tech_code == "HPHS" {
            if let Some(store) =
                pumped_storage(table, row, &name, capacity, count, report, problems)
            {
                storage.push(store);
            }
            continue;
        }
        if let (("HDAM", "WAT"), Some(peak)) = ((tech_code, fuel_code), inflow_peak) {
            if capacity == 0.0 {
                report
                    .skipped
                    .push(format!("{name} (line {}): capacity 0 MW", row.line));
            } else if let Some(store) =
                reservoir(table, row, &name, capacity, count, peak, problems)
            {
                storage.push(store);
            }
            continue;
        }
        let map = match mapping(tech_code, fuel_code) {
            Some(map) => map,
            None => {
                let map = catch_all(fuel_code);
                let entry = unknown
                    .entry((tech_code.to_string(), fuel_code.to_string()))
                    .or_insert((map.technology, 0, 0.0, Vec::new()));
                entry.1 += 1;
                entry.2 += capacity;
                entry.3.push(name.clone());
                map
            }
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
            must_run_profile: None,
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
    for ((technology, fuel), (taken_as, n, mw, names)) in &unknown {
        let (plants, their) = if *n == 1 {
            ("plant", "its")
        } else {
            ("plants", "their")
        };
        report.notes.push(format!(
            "{n} {plants} of Technology/Fuel `{technology}`/`{fuel}`, which the mapping does \
             not know ({} MW: {}), imported as `{taken_as}`{}",
            crate::util::num(mw.round()),
            names.join(", "),
            if *taken_as == OTHER {
                " (no fuel, no CO2; VOM and availability of `other` in the technology table)"
                    .to_string()
            } else {
                format!(" (by {their} fuel; efficiency as given, else the table's)")
            }
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
pub(super) fn pumped_storage(
    table: &CsvTable,
    row: &CsvRow,
    name: &str,
    capacity_mw: f64,
    units: f64,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Option<StorageRow> {
    let what = format!("pumped-storage plant {name}");
    let cell = |column: &str, range: Range, problems: &mut Vec<Problem>| {
        store_cell(table, row, column, range, &what, problems)
    };
    let stored = cell("STOCapacity", Range::ENERGY, problems);
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
            table.number(row, c, Range::POWER, problems)? * units
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
        inflow_mw: 0.0,
        inflow_profile: None,
    })
}

/// A number a store needs from its row; a missing column is a problem naming `what`.
fn store_cell(
    table: &CsvTable,
    row: &CsvRow,
    column: &str,
    range: Range,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    match table.column(column) {
        Some(c) => table.number(row, c, range, problems),
        None => {
            problems.push(Problem::at(
                &table.path,
                Some(row.line),
                Some(column),
                format!("{what} needs this column; it is missing"),
            ));
            None
        }
    }
}

/// The profile of reservoirs' natural inflow (Dispa-SET's `ScaledInflows`, divided by its
/// largest value, so that it lies in [0, 1]).
pub(super) const INFLOW_PROFILE: &str = "inflow";

/// A reservoir (HDAM) as a store with natural inflow: Dispa-SET keeps stored energy
/// before the turbines, so what a full reservoir gives back is `STOCapacity` ×
/// `Efficiency`, and the inflow, `ScaledInflows` × `PowerCapacity` in Dispa-SET's
/// convention, gives back that × `Efficiency`. `peak` is the largest scaled inflow of
/// the year: inflow_mw = peak × capacity × efficiency, times the profile each hour. No
/// pumps; the state of charge is cyclic (the year ends as full as it starts).
pub(super) fn reservoir(
    table: &CsvTable,
    row: &CsvRow,
    name: &str,
    capacity_mw: f64,
    units: f64,
    peak: f64,
    problems: &mut Vec<Problem>,
) -> Option<StorageRow> {
    let what = format!("reservoir {name}, with an inflow file,");
    let cell = |column: &str, range: Range, problems: &mut Vec<Problem>| {
        store_cell(table, row, column, range, &what, problems)
    };
    let stored = cell("STOCapacity", Range::ENERGY, problems);
    let efficiency = cell("Efficiency", Range::EFFICIENCY, problems);
    let (stored, efficiency) = (stored?, efficiency?);
    Some(StorageRow {
        name: name.to_string(),
        zone: String::new(),
        power_mw: capacity_mw,
        energy_mwh: stored * efficiency * units,
        efficiency_roundtrip: 1.0,
        charge_power_mw: 0.0,
        inflow_mw: peak * capacity_mw * efficiency,
        inflow_profile: Some(INFLOW_PROFILE.to_string()),
    })
}
