//! Reads a scenario (TOML + CSVs, see FORMAT.md and `schema`) into validated domain
//! types. All problems of all files are collected and reported together.

pub(crate) mod table;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ndarray::Array2;
use serde::Deserialize;

use crate::carbon;
use crate::error::{Error, Problem, Result};
use crate::scenario::{
    Availability, Link, Market, Pricing, Rolling, Scenario, Storage, Unit, DEFAULT_VOLL_EUR_PER_MWH,
};
use crate::schema;
use crate::{NO_FUEL, SINGLE_ZONE};
use table::{CsvTable, Range};

pub use table::parse_finite;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: String,
    #[serde(default)]
    description: String,
    data: DataSection,
    #[serde(default)]
    market: MarketSection,
    carbon: Option<CarbonSection>,
    time: Option<TimeSection>,
    #[serde(default)]
    allocation: AllocationSection,
    #[serde(default)]
    market_power: MarketPowerSection,
    #[serde(default)]
    imports: Vec<ImportBlock>,
    demand_response: Option<DemandResponseSection>,
    horizon: Option<HorizonSection>,
}

/// A stepwise demand curve: in every hour and zone, each block is a share of the load
/// that consumers give up when the price would exceed its price.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemandResponseSection {
    blocks: Vec<DemandBlock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemandBlock {
    share: f64,
    price_eur_per_mwh: f64,
}

/// A block of an import curve from outside the carbon market: so many MW at a price,
/// with the emissions of the plants abroad that produce them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportBlock {
    name: String,
    capacity_mw: f64,
    price_eur_per_mwh: f64,
    #[serde(default)]
    co2_t_per_mwh: f64,
    zone: Option<String>,
}

/// Markups by firm and by technology; a unit's own `markup` cell wins, then its firm's.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MarketPowerSection {
    #[serde(default)]
    markup_by_firm: ByName,
    #[serde(default)]
    markup_by_technology: ByName,
}

/// Free allocation by technology; a unit's own column in units.csv wins over these.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AllocationSection {
    #[serde(default)]
    free_share: ByName,
    #[serde(default)]
    benchmark_t_per_mwh: ByName,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeSection {
    /// Wall-clock start of hour 0, e.g. "2015-01-12T00:00".
    start: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HorizonSection {
    /// Hours committed per window of a rolling horizon.
    window_hours: usize,
    /// Hours looked ahead beyond each window.
    #[serde(default)]
    overlap_hours: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataSection {
    units: PathBuf,
    fuels: PathBuf,
    demand: PathBuf,
    profiles: Option<PathBuf>,
    storage: Option<PathBuf>,
    links: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MarketSection {
    pricing: Option<String>,
    voll_eur_per_mwh: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CarbonSection {
    prices_eur_per_t: toml::Value,
}

/// A scenario with the notes worth showing the user (defaults filled, columns ignored).
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<String>,
}

/// Reads and validates the scenario TOML at `path` and the files it names.
pub fn load(path: &Path) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Input(vec![Problem::in_file(
            path,
            format!("cannot read the scenario: {e}"),
        )])
    })?;
    let file: ScenarioFile = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start].matches('\n').count() + 1);
        Error::Input(vec![Problem::at(
            path,
            line,
            None,
            format!("invalid scenario: {}", e.message()),
        )])
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    let market = read_market(path, &file.market, &mut problems);
    let carbon_prices = match &file.carbon {
        None => {
            let (start, stop, step) = carbon::DEFAULT_GRID;
            carbon::range(start, stop, step).expect("valid default")
        }
        Some(section) => read_carbon(path, &section.prices_eur_per_t, &mut problems),
    };
    let fuels = read_fuels(&dir.join(&file.data.fuels), &mut problems);
    let demand = read_demand(&dir.join(&file.data.demand), &mut problems);
    let profiles = match &file.data.profiles {
        Some(p) => read_profiles(&dir.join(p), demand.as_ref(), &mut problems),
        None => None,
    };
    let mut zones = demand.as_ref().map_or(Vec::new(), |d| d.zones.clone());
    let units = read_units(
        &dir.join(&file.data.units),
        &fuels,
        &mut zones,
        profiles.as_ref(),
        &mut warnings,
        &mut problems,
    );
    let links = match &file.data.links {
        Some(links) => read_links(&dir.join(links), &zones, &mut problems),
        None => Vec::new(),
    };
    let storage = match &file.data.storage {
        Some(storage) => read_storage(
            &dir.join(storage),
            &zones,
            profiles.as_ref().map_or(&[], |p| &p.names[..]),
            &mut problems,
        ),
        None => Vec::new(),
    };
    if !storage.is_empty() && market.pricing == Pricing::Administered {
        problems.push(Problem::in_file(
            path,
            "[market] pricing = \"administered\" with [data] storage: administered dispatch \
             fixes each unit's hours by rule; storage is not modelled with it",
        ));
    }
    if !links.is_empty() && market.pricing == Pricing::Administered {
        problems.push(Problem::in_file(
            path,
            "[market] pricing = \"administered\" with [data] links: administered dispatch \
             covers each zone from its own units; links are not modelled with it",
        ));
    }
    let units = units
        .map(|units| add_imports(path, &file.imports, &zones, units, &mut problems))
        .map(|units| apply_allocation(path, &file.allocation, units, &mut problems))
        .map(|units| apply_market_power(path, &file.market_power, units, &mut problems));

    if let Some(section) = &file.demand_response {
        check_demand_blocks(path, &section.blocks, &mut problems);
    }
    let calendar = demand
        .as_ref()
        .and_then(|d| read_calendar(path, file.time.as_ref(), &d.labels, &mut problems));

    let rolling = file.horizon.as_ref().and_then(|h| {
        if h.window_hours == 0 {
            problems.push(Problem::in_file(
                path,
                "[horizon] window_hours = 0: expected at least 1 hour per window",
            ));
            return None;
        }
        Some(Rolling {
            window_hours: h.window_hours,
            overlap_hours: h.overlap_hours,
        })
    });
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let demand = demand.expect("no problems, so demand was read");
    let (profile_names, profiles) = match profiles {
        Some(p) => (p.names, p.values),
        None => (Vec::new(), Array2::zeros((demand.labels.len(), 0))),
    };
    if let (Some(units), Pricing::Administered) = (&units, market.pricing) {
        if units
            .iter()
            .any(|u| u.must_run_share > 0.0 || u.ramp_mw_per_h.is_some() || u.is_committed())
        {
            return Err(Error::Input(vec![Problem::in_file(
                path,
                "[market] pricing = \"administered\" with must_run_share, ramp_mw_per_h, \
                 min_stable_share or startup_cost_eur_per_mw in units.csv: administered \
                 dispatch runs every unit at the same share by rule; must-run, ramping and \
                 commitment are not modelled with it",
            )]));
        }
    }
    let mut scenario = Scenario {
        name: file.name,
        description: file.description,
        zones,
        hour_labels: demand.labels,
        demand_mw: demand.values,
        units: units.expect("no problems, so units were read"),
        profile_names,
        profiles,
        market,
        carbon_prices_eur_per_t: carbon_prices,
        calendar,
        links,
        storage,
        rolling,
    };
    if let Some(section) = &file.demand_response {
        add_demand_response(&mut scenario, &section.blocks);
    }
    check_must_run(&dir.join(&file.data.demand), &scenario)?;
    Ok(Loaded { scenario, warnings })
}

/// Refuses hours in which a zone's must-run output alone exceeds its load, where nothing
/// (storage, links) could take the surplus: the dispatch would have no solution.
fn check_must_run(demand_path: &Path, scenario: &Scenario) -> Result<()> {
    if !scenario.storage.is_empty() || !scenario.links.is_empty() {
        return Ok(());
    }
    let must_run = scenario.hourly_must_run_mw();
    let mut problems = Vec::new();
    for h in 0..scenario.hours() {
        for (z, zone) in scenario.zones.iter().enumerate() {
            let forced: f64 = (scenario.units.iter().enumerate())
                .filter(|(_, unit)| unit.zone == z)
                .map(|(u, _)| must_run[[h, u]])
                .sum();
            let load = scenario.demand_mw[[h, z]];
            if forced > load + crate::dispatch::bound_tolerance_mw(load) {
                problems.push(Problem::at(
                    demand_path,
                    Some(h + 2),
                    Some(zone),
                    format!(
                        "load {load} MW is below the {} MW that units must run in this hour \
                         (must_run_share in units.csv); lower the shares or add storage",
                        crate::output::num(forced)
                    ),
                ));
            }
        }
    }
    if problems.len() > 10 {
        let more = problems.len() - 10;
        problems.truncate(10);
        problems.push(Problem::in_file(
            demand_path,
            format!("and {more} more hours like these"),
        ));
    }
    match problems.len() {
        0 => Ok(()),
        _ => Err(Error::Input(problems)),
    }
}

fn check_demand_blocks(path: &Path, blocks: &[DemandBlock], problems: &mut Vec<Problem>) {
    let mut fail = |i: usize, why: String| {
        problems.push(Problem::in_file(
            path,
            format!("[demand_response] block {}: {why}", i + 1),
        ))
    };
    for (i, block) in blocks.iter().enumerate() {
        if let Err(why) = Range::Fraction.check(block.share) {
            fail(i, format!("share: {why}"));
        }
        if let Err(why) = Range::Any.check(block.price_eur_per_mwh) {
            fail(i, format!("price_eur_per_mwh: {why}"));
        }
    }
    let total: f64 = blocks.iter().map(|b| b.share).sum();
    if total > 1.0 {
        problems.push(Problem::in_file(
            path,
            format!(
                "[demand_response]: the shares add up to {}, more than the whole load",
                crate::output::num(total)
            ),
        ));
    }
}

/// Turns each demand block into a zero-emission "unit" of technology `demand_response`
/// per zone: taking it (a MWh not consumed) costs the block's price, and its available
/// capacity follows the zone's load (share × load in each hour), via a profile
/// `load_<zone>` = load / peak load.
fn add_demand_response(scenario: &mut Scenario, blocks: &[DemandBlock]) {
    let hours = scenario.hours();
    for z in 0..scenario.zones.len() {
        let load = scenario.demand_mw.column(z).to_owned();
        let peak = load.iter().copied().fold(0.0, f64::max);
        if peak <= 0.0 {
            continue;
        }
        let shape = load.mapv(|d| d / peak);
        let column = shape.insert_axis(ndarray::Axis(1));
        scenario.profiles =
            ndarray::concatenate(ndarray::Axis(1), &[scenario.profiles.view(), column.view()])
                .expect("profiles have one row per hour");
        scenario
            .profile_names
            .push(format!("load_{}", scenario.zones[z]));
        let profile = scenario.profile_names.len() - 1;
        debug_assert_eq!(scenario.profiles.nrows(), hours);
        for (b, block) in blocks.iter().enumerate() {
            let name = format!("{}_{}_{}", crate::DEMAND_RESPONSE, scenario.zones[z], b + 1);
            let unit = Unit::fuelless(
                &name,
                crate::DEMAND_RESPONSE,
                block.share * peak,
                block.price_eur_per_mwh,
            )
            .in_zone(z)
            .with_availability(Availability::Profile(profile));
            if block.share > 0.0 {
                scenario.units.push(unit);
            }
        }
    }
}

fn read_market(path: &Path, section: &MarketSection, problems: &mut Vec<Problem>) -> Market {
    let pricing = match section.pricing.as_deref() {
        None | Some("marginal") => Pricing::Marginal,
        Some("average-cost") => Pricing::AverageCost,
        Some("administered") => Pricing::Administered,
        Some(other) => {
            problems.push(Problem::in_file(
                path,
                format!(
                    "[market] pricing = \"{other}\": expected \"marginal\", \"average-cost\" \
                     or \"administered\""
                ),
            ));
            Pricing::Marginal
        }
    };
    let voll = section.voll_eur_per_mwh.unwrap_or(DEFAULT_VOLL_EUR_PER_MWH);
    if !(voll.is_finite() && voll > 0.0) {
        problems.push(Problem::in_file(
            path,
            format!("[market] voll_eur_per_mwh: expected a number > 0, got {voll}"),
        ));
    }
    Market {
        pricing,
        voll_eur_per_mwh: voll,
    }
}

fn read_carbon(path: &Path, value: &toml::Value, problems: &mut Vec<Problem>) -> Vec<f64> {
    let as_number = |v: &toml::Value| match v {
        toml::Value::Float(f) => Some(*f),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    };
    let parsed = match value {
        toml::Value::Array(items) => items
            .iter()
            .map(|v| as_number(v).ok_or_else(|| format!("`{v}` is not a number")))
            .collect::<std::result::Result<Vec<_>, _>>()
            .and_then(carbon::normalise),
        toml::Value::Table(t) => {
            let field = |key: &str| {
                t.get(key)
                    .and_then(as_number)
                    .ok_or_else(|| format!("`{key}` must be a number"))
            };
            match t
                .keys()
                .find(|k| !["start", "stop", "step"].contains(&k.as_str()))
            {
                Some(unknown) => Err(format!("unknown key `{unknown}`")),
                None => field("start")
                    .and_then(|start| carbon::range(start, field("stop")?, field("step")?)),
            }
        }
        _ => Err("expected a list [0, 25, 50] or { start = 0, stop = 100, step = 5 }".into()),
    };
    parsed.unwrap_or_else(|why| {
        problems.push(Problem::in_file(
            path,
            format!("[carbon] prices_eur_per_t: {why}"),
        ));
        Vec::new()
    })
}

struct Fuel {
    price_eur_per_mwh_th: f64,
    co2_t_per_mwh_th: f64,
}

/// links.csv: transfer capacities between zones of demand.csv.
fn read_links(path: &Path, zones: &[String], problems: &mut Vec<Problem>) -> Vec<Link> {
    let mut links = Vec::new();
    let Some(table) = CsvTable::read(path, problems) else {
        return links;
    };
    let [Some(c_from), Some(c_to), Some(c_cap)] =
        ["from", "to", "capacity_mw"].map(|c| table.require(c, problems))
    else {
        return links;
    };
    debug_assert!(schema::LINKS
        .column_names()
        .eq(["from", "to", "capacity_mw"]));
    for row in &table.rows {
        let zone = |c: usize, problems: &mut Vec<Problem>| {
            let name = table.text(row, c).unwrap_or("");
            let found = zones.iter().position(|z| z == name);
            if found.is_none() {
                problems.push(table.problem(
                    row,
                    c,
                    format!(
                        "expected a zone of the demand file ({}), got `{name}`",
                        zones.join(", ")
                    ),
                ));
            }
            found
        };
        let (from, to) = (zone(c_from, problems), zone(c_to, problems));
        let capacity = table.number(row, c_cap, Range::NonNegative, problems);
        if let (Some(from), Some(to), Some(capacity_mw)) = (from, to, capacity) {
            if from == to {
                problems.push(table.problem(
                    row,
                    c_to,
                    "a link joins two different zones; `from` and `to` are the same",
                ));
                continue;
            }
            links.push(Link {
                from,
                to,
                capacity_mw,
            });
        }
    }
    links
}

/// storage.csv: storage units, each in a zone of demand.csv (or the single zone).
fn read_storage(
    path: &Path,
    zones: &[String],
    profile_names: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<Storage> {
    let mut storage: Vec<Storage> = Vec::new();
    let Some(table) = CsvTable::read(path, problems) else {
        return storage;
    };
    let [Some(c_name), Some(c_power), Some(c_energy), Some(c_eff)] =
        ["name", "power_mw", "energy_mwh", "efficiency_roundtrip"]
            .map(|c| table.require(c, problems))
    else {
        return storage;
    };
    let c_zone = table.column("zone");
    let c_charge = table.column("charge_power_mw");
    let c_inflow = table.column("inflow_mw");
    let c_profile = table.column("inflow_profile");
    debug_assert!(schema::STORAGE.column_names().eq([
        "name",
        "zone",
        "power_mw",
        "energy_mwh",
        "efficiency_roundtrip",
        "charge_power_mw",
        "inflow_mw",
        "inflow_profile"
    ]));
    let mut names: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        let name = table.unique_name(row, c_name, "storage", &mut names, problems);
        let zone = match c_zone.and_then(|c| table.text(row, c)) {
            None if zones.len() == 1 => Some(0),
            given => {
                let found = given.and_then(|z| zones.iter().position(|known| known == z));
                if found.is_none() {
                    problems.push(Problem::at(
                        path,
                        Some(row.line),
                        Some("zone"),
                        format!(
                            "expected a zone of the demand file ({}), got `{}`",
                            zones.join(", "),
                            given.unwrap_or("")
                        ),
                    ));
                }
                found
            }
        };
        let power = table.number(row, c_power, Range::Positive, problems);
        let energy = table.number(row, c_energy, Range::NonNegative, problems);
        let efficiency = table.number(row, c_eff, Range::Efficiency, problems);
        let charge = match power {
            Some(p) => table.optional_number(row, c_charge, Range::NonNegative, p, problems),
            None => None,
        };
        let inflow = table.optional_number(row, c_inflow, Range::NonNegative, 0.0, problems);
        let profile = match c_profile.and_then(|c| table.text(row, c).map(|t| (c, t))) {
            None => Some(None),
            Some((c, name)) => match profile_names.iter().position(|p| p == name) {
                Some(p) => Some(Some(p)),
                None => {
                    problems.push(table.problem(
                        row,
                        c,
                        format!(
                            "expected a column of the profiles file ({}), got `{name}`",
                            if profile_names.is_empty() {
                                "the scenario has none".to_string()
                            } else {
                                profile_names.join(", ")
                            }
                        ),
                    ));
                    None
                }
            },
        };
        if let (
            Some(name),
            Some(zone),
            Some(power_mw),
            Some(energy_mwh),
            Some(eff),
            Some(charge_power_mw),
            Some(inflow_mw),
            Some(inflow_profile),
        ) = (
            name, zone, power, energy, efficiency, charge, inflow, profile,
        ) {
            storage.push(Storage {
                name: name.to_string(),
                zone,
                power_mw,
                charge_power_mw,
                inflow_mw,
                inflow_profile,
                energy_mwh,
                efficiency_roundtrip: eff,
            });
        }
    }
    storage
}

fn read_fuels(path: &Path, problems: &mut Vec<Problem>) -> HashMap<String, Fuel> {
    let mut fuels = HashMap::new();
    let Some(table) = CsvTable::read(path, problems) else {
        return fuels;
    };
    let [Some(c_fuel), Some(c_price), Some(c_co2)] =
        ["fuel", "price_eur_per_mwh_th", "co2_t_per_mwh_th"].map(|c| table.require(c, problems))
    else {
        return fuels;
    };
    debug_assert!(schema::FUELS.column_names().eq([
        "fuel",
        "price_eur_per_mwh_th",
        "co2_t_per_mwh_th"
    ]));
    for row in &table.rows {
        let Some(name) = table.text(row, c_fuel) else {
            problems.push(table.problem(row, c_fuel, "expected a fuel name, the cell is empty"));
            continue;
        };
        if name == NO_FUEL {
            problems.push(table.problem(
                row,
                c_fuel,
                format!("`{NO_FUEL}` is reserved for units without fuel; do not list it"),
            ));
            continue;
        }
        let price = table.number(row, c_price, Range::NonNegative, problems);
        let co2 = table.number(row, c_co2, Range::NonNegative, problems);
        if fuels.contains_key(name) {
            problems.push(table.problem(row, c_fuel, format!("fuel `{name}` is listed twice")));
            continue;
        }
        if let (Some(price), Some(co2)) = (price, co2) {
            fuels.insert(
                name.to_string(),
                Fuel {
                    price_eur_per_mwh_th: price,
                    co2_t_per_mwh_th: co2,
                },
            );
        } else {
            // Keep the key known so units referring to it are not reported twice.
            fuels.insert(
                name.to_string(),
                Fuel {
                    price_eur_per_mwh_th: f64::NAN,
                    co2_t_per_mwh_th: f64::NAN,
                },
            );
        }
    }
    fuels
}

struct Demand {
    zones: Vec<String>,
    labels: Vec<String>,
    values: Array2<f64>,
}

/// The calendar from `[time] start`, else from the demand file's hour labels when all of
/// them are timestamps; `None` when the scenario does not say when its hours fall.
fn read_calendar(
    path: &Path,
    time: Option<&TimeSection>,
    labels: &[String],
    problems: &mut Vec<Problem>,
) -> Option<crate::calendar::Calendar> {
    use crate::calendar::{parse, Calendar};
    if let Some(time) = time {
        let calendar =
            parse(&time.start).and_then(|start| Calendar::from_start(start, labels.len()));
        if calendar.is_none() {
            problems.push(Problem::in_file(
                path,
                format!(
                    "[time] start = {:?}: expected the date and time of hour 0, e.g. \"2015-01-12T00:00\"",
                    time.start
                ),
            ));
        }
        return calendar;
    }
    let hour_starts = labels
        .iter()
        .map(|l| parse(l))
        .collect::<Option<Vec<_>>>()?;
    Some(Calendar { hour_starts })
}

/// Reads the hour column and the value columns of demand.csv or profiles.csv.
fn read_hourly(
    table: &CsvTable,
    range: Range,
    problems: &mut Vec<Problem>,
) -> Option<(Vec<String>, Vec<String>, Array2<f64>)> {
    if table.headers.first().map(String::as_str) != Some("hour") {
        problems.push(Problem::at(
            &table.path,
            Some(1),
            table.headers.first().map(String::as_str),
            "expected the first column to be `hour`",
        ));
        return None;
    }
    let names: Vec<String> = table.headers[1..].to_vec();
    if names.is_empty() {
        problems.push(Problem::at(
            &table.path,
            Some(1),
            None,
            "expected at least one column after `hour`",
        ));
        return None;
    }
    let mut labels = Vec::with_capacity(table.rows.len());
    let mut values = Array2::zeros((table.rows.len(), names.len()));
    // A dropped row shifts the hours; that row's problem is already reported.
    let integer_hours = table.dropped_rows == 0
        && table
            .rows
            .first()
            .is_some_and(|row| row.fields[0].parse::<u64>().is_ok());
    for (h, row) in table.rows.iter().enumerate() {
        let label = &row.fields[0];
        if integer_hours {
            if label.parse::<usize>() != Ok(h) {
                problems.push(table.problem(
                    row,
                    0,
                    format!(
                        "expected hour {h} (hours run 0, 1, 2, ... without gaps), got `{label}`"
                    ),
                ));
            }
        } else if label.is_empty() {
            problems.push(table.problem(
                row,
                0,
                "expected an hour or a timestamp, the cell is empty",
            ));
        }
        labels.push(label.clone());
        for c in 0..names.len() {
            if let Some(v) = table.number(row, c + 1, range, problems) {
                values[[h, c]] = v;
            }
        }
    }
    Some((names, labels, values))
}

fn read_demand(path: &Path, problems: &mut Vec<Problem>) -> Option<Demand> {
    let table = CsvTable::read(path, problems)?;
    let (names, labels, values) = read_hourly(&table, Range::NonNegative, problems)?;
    let zones = if names == ["load_mw"] {
        vec![SINGLE_ZONE.to_string()]
    } else {
        names
    };
    Some(Demand {
        zones,
        labels,
        values,
    })
}

struct Profiles {
    names: Vec<String>,
    values: Array2<f64>,
}

fn read_profiles(
    path: &Path,
    demand: Option<&Demand>,
    problems: &mut Vec<Problem>,
) -> Option<Profiles> {
    let table = CsvTable::read(path, problems)?;
    let (names, labels, values) = read_hourly(&table, Range::Fraction, problems)?;
    if let Some(demand) = demand {
        if labels.len() != demand.labels.len() {
            problems.push(Problem::in_file(
                path,
                format!(
                    "expected {} hours as in the demand file, found {}",
                    demand.labels.len(),
                    labels.len()
                ),
            ));
        } else if let Some((row, (got, want))) = table
            .rows
            .iter()
            .zip(labels.iter().zip(&demand.labels))
            .find(|(_, (got, want))| got != want)
        {
            problems.push(table.problem(
                row,
                0,
                format!(
                    "expected hour `{want}` as on the same row of the demand file, got `{got}`"
                ),
            ));
        }
    }
    Some(Profiles { names, values })
}

/// Adds each `[[imports]]` block as a unit outside the carbon market, of technology
/// `imports`, whose price is its whole marginal cost.
fn add_imports(
    path: &Path,
    blocks: &[ImportBlock],
    zones: &[String],
    mut units: Vec<Unit>,
    problems: &mut Vec<Problem>,
) -> Vec<Unit> {
    for (i, block) in blocks.iter().enumerate() {
        let mut fail = |what: String| {
            problems.push(Problem::in_file(
                path,
                format!("[[imports]] block {} (`{}`): {what}", i + 1, block.name),
            ))
        };
        if units.iter().any(|u| u.name == block.name) {
            fail("a unit of that name exists already; names must be unique".into());
        }
        let checks = [
            ("capacity_mw", block.capacity_mw, Range::Positive),
            ("price_eur_per_mwh", block.price_eur_per_mwh, Range::Any),
            ("co2_t_per_mwh", block.co2_t_per_mwh, Range::NonNegative),
        ];
        for (key, value, range) in checks {
            if let Err(why) = range.check(value) {
                fail(format!("{key}: {why}"));
            }
        }
        let zone = match &block.zone {
            None if zones.len() <= 1 => Some(0),
            None => {
                fail(format!("expected a zone, one of: {}", zones.join(", ")));
                None
            }
            Some(z) => zones.iter().position(|known| known == z).or_else(|| {
                fail(format!(
                    "unknown zone `{z}`; expected one of: {}",
                    zones.join(", ")
                ));
                None
            }),
        };
        if let Some(zone) = zone {
            // Price and emissions per MWh as a "fuel" burnt at efficiency 1.
            let mut unit = Unit::thermal(
                &block.name,
                "imports",
                "imports",
                block.capacity_mw,
                1.0,
                block.price_eur_per_mwh,
                block.co2_t_per_mwh,
                0.0,
            )
            .in_zone(zone)
            .outside_ets();
            unit.free_allocation_share = f64::NAN;
            unit.benchmark_t_per_mwh = f64::NAN;
            unit.markup = f64::NAN;
            units.push(unit);
        }
    }
    units
}

/// Values by technology or firm, as given in the scenario TOML.
type ByName = std::collections::BTreeMap<String, f64>;

/// Checks a `[section] key = { name = value }` table: every name must be `what` of some
/// unit (`names` lists them), every value within `range`.
fn check_by_name(
    path: &Path,
    (section, key, what): (&str, &str, &str),
    table: &ByName,
    names: &[&str],
    range: Range,
    problems: &mut Vec<Problem>,
) {
    for (name, &value) in table {
        if !names.contains(&name.as_str()) {
            problems.push(Problem::in_file(
                path,
                format!("[{section}] {key}: no unit has {what} `{name}`"),
            ));
        }
        if let Err(why) = range.check(value) {
            problems.push(Problem::in_file(
                path,
                format!("[{section}] {key}.{name}: {why}"),
            ));
        }
    }
}

/// Fills the free share and benchmark of units whose own cells left them empty (NaN)
/// from `[allocation]`, by technology, else 0; checks the section's technologies and values.
fn apply_allocation(
    path: &Path,
    section: &AllocationSection,
    mut units: Vec<Unit>,
    problems: &mut Vec<Problem>,
) -> Vec<Unit> {
    let technologies: Vec<&str> = units.iter().map(|u| u.technology.as_str()).collect();
    for (key, table, range) in [
        ("free_share", &section.free_share, Range::Fraction),
        (
            "benchmark_t_per_mwh",
            &section.benchmark_t_per_mwh,
            Range::NonNegative,
        ),
    ] {
        let context = ("allocation", key, "technology");
        check_by_name(path, context, table, &technologies, range, problems);
    }
    for unit in &mut units {
        if unit.free_allocation_share.is_nan() {
            unit.free_allocation_share = section
                .free_share
                .get(&unit.technology)
                .copied()
                .unwrap_or(0.0);
        }
        if unit.benchmark_t_per_mwh.is_nan() {
            unit.benchmark_t_per_mwh = section
                .benchmark_t_per_mwh
                .get(&unit.technology)
                .copied()
                .unwrap_or(0.0);
        }
    }
    units
}

/// Fills the markup of units whose own cell left it empty (NaN): their firm's, else their
/// technology's, else 0; checks the section's names and values.
fn apply_market_power(
    path: &Path,
    section: &MarketPowerSection,
    mut units: Vec<Unit>,
    problems: &mut Vec<Problem>,
) -> Vec<Unit> {
    let firms: Vec<&str> = units.iter().map(|u| u.firm.as_str()).collect();
    let technologies: Vec<&str> = units.iter().map(|u| u.technology.as_str()).collect();
    let by_firm = ("market_power", "markup_by_firm", "firm");
    check_by_name(
        path,
        by_firm,
        &section.markup_by_firm,
        &firms,
        Range::NonNegative,
        problems,
    );
    let by_tech = ("market_power", "markup_by_technology", "technology");
    let table = &section.markup_by_technology;
    check_by_name(
        path,
        by_tech,
        table,
        &technologies,
        Range::NonNegative,
        problems,
    );
    for unit in &mut units {
        if unit.markup.is_nan() {
            unit.markup = section
                .markup_by_firm
                .get(&unit.firm)
                .or_else(|| section.markup_by_technology.get(&unit.technology))
                .copied()
                .unwrap_or(0.0);
        }
    }
    units
}

fn read_units(
    path: &Path,
    fuels: &HashMap<String, Fuel>,
    zones: &mut [String],
    profiles: Option<&Profiles>,
    warnings: &mut Vec<String>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Unit>> {
    let table = CsvTable::read(path, problems)?;
    let required: Vec<Option<usize>> = ["name", "technology", "fuel", "capacity_mw"]
        .iter()
        .map(|c| table.require(c, problems))
        .collect();
    let [Some(c_name), Some(c_tech), Some(c_fuel), Some(c_cap)] = required[..] else {
        return None;
    };
    let c_zone = table.column("zone");
    let c_eff = table.column("efficiency");
    let c_vom = table.column("vom_eur_per_mwh");
    let c_avail = table.column("availability");
    let c_free = table.column("free_allocation_share");
    let c_bench = table.column("benchmark_t_per_mwh");
    let c_firm = table.column("firm");
    let c_markup = table.column("markup");
    let c_outside = table.column("outside_ets");
    let c_must_run = table.column("must_run_share");
    let c_ramp = table.column("ramp_mw_per_h");
    let c_stable = table.column("min_stable_share");
    let c_startup = table.column("startup_cost_eur_per_mw");
    let known: Vec<&str> = schema::UNITS.column_names().collect();
    let ignored: Vec<&str> = table
        .headers
        .iter()
        .map(String::as_str)
        .filter(|h| !known.contains(h))
        .collect();
    if !ignored.is_empty() {
        warnings.push(format!(
            "{}: columns not used by carbonpass: {}",
            path.display(),
            ignored.join(", ")
        ));
    }

    // A `load_mw` demand column leaves the zone unnamed; the units may name it.
    let mut single_zone_named: Option<usize> = None;
    let mut units = Vec::with_capacity(table.rows.len());
    let mut names: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        let name = table.unique_name(row, c_name, "unit", &mut names, problems);
        let technology = table.text(row, c_tech);
        if technology.is_none() {
            problems.push(table.problem(
                row,
                c_tech,
                "expected a technology label, the cell is empty",
            ));
        }
        let zone = match c_zone.and_then(|c| table.text(row, c)) {
            None if zones.len() <= 1 => Some(0),
            None => {
                problems.push(Problem::at(
                    path,
                    Some(row.line),
                    Some("zone"),
                    format!("expected a zone, one of: {}", zones.join(", ")),
                ));
                None
            }
            Some(z)
                if zones.len() == 1 && single_zone_named.is_none() && zones[0] == SINGLE_ZONE =>
            {
                zones[0] = z.to_string();
                single_zone_named = Some(row.line);
                Some(0)
            }
            Some(z) => match zones.iter().position(|known| known == z) {
                Some(i) => Some(i),
                None if zones.is_empty() => None,
                None => {
                    let hint = match single_zone_named {
                        Some(line) => format!(
                            "the demand file has one `load_mw` column and line {line} named its zone `{}`",
                            zones[0]
                        ),
                        None => format!("expected a column of the demand file: {}", zones.join(", ")),
                    };
                    problems.push(Problem::at(
                        path,
                        Some(row.line),
                        Some("zone"),
                        format!("unknown zone `{z}`; {hint}"),
                    ));
                    None
                }
            },
        };
        let capacity = table.number(row, c_cap, Range::Positive, problems);
        let vom = table.optional_number(row, c_vom, Range::Any, 0.0, problems);
        let fuel_name = table.text(row, c_fuel);
        let fuel = match fuel_name {
            None => {
                problems.push(table.problem(
                    row,
                    c_fuel,
                    format!("expected a fuel of the fuels file, or `{NO_FUEL}`; the cell is empty"),
                ));
                None
            }
            Some(NO_FUEL) => Some(None),
            Some(f) => match fuels.get(f) {
                Some(fuel) => Some(Some(fuel)),
                None => {
                    let mut known: Vec<&str> = fuels.keys().map(String::as_str).collect();
                    known.sort_unstable();
                    problems.push(table.problem(
                        row,
                        c_fuel,
                        format!(
                            "unknown fuel `{f}`; expected `{NO_FUEL}` or one of the fuels file: {}",
                            known.join(", ")
                        ),
                    ));
                    None
                }
            },
        };
        let efficiency = match (fuel, c_eff) {
            (Some(Some(_)), None) => {
                problems.push(Problem::at(
                    path,
                    Some(row.line),
                    Some("efficiency"),
                    "expected an efficiency for a fuelled unit, but the file has no `efficiency` column",
                ));
                None
            }
            (Some(Some(_)), Some(c)) => table.number(row, c, Range::Efficiency, problems).map(Some),
            (_, Some(c)) if table.text(row, c).is_some() => {
                table.number(row, c, Range::Efficiency, problems).map(Some)
            }
            _ => Some(None),
        };
        let availability = match c_avail.and_then(|c| table.text(row, c).map(|t| (c, t))) {
            None => Some(Availability::Constant(1.0)),
            Some((c, text)) => match text.parse::<f64>() {
                Ok(_) => table
                    .number(row, c, Range::Fraction, problems)
                    .map(Availability::Constant),
                Err(_) => {
                    let names: &[String] = profiles.map_or(&[], |p| &p.names);
                    match names.iter().position(|p| p == text) {
                        Some(p) => Some(Availability::Profile(p)),
                        None => {
                            problems.push(table.problem(
                                row,
                                c,
                                if profiles.is_some() {
                                    format!(
                                        "expected a fraction in [0, 1] or a column of the profiles file ({}), got `{text}`",
                                        names.join(", ")
                                    )
                                } else {
                                    format!(
                                        "expected a fraction in [0, 1]; `{text}` looks like a profile, but the scenario has no [data] profiles file"
                                    )
                                },
                            ));
                            None
                        }
                    }
                }
            },
        };
        // NaN marks "not given here": `[allocation]`, `[market_power]` or 0 fills it in.
        let free_share = table.optional_number(row, c_free, Range::Fraction, f64::NAN, problems);
        let markup = table.optional_number(row, c_markup, Range::NonNegative, f64::NAN, problems);
        let benchmark = table.optional_number(row, c_bench, Range::NonNegative, f64::NAN, problems);
        let must_run = table.optional_number(row, c_must_run, Range::Fraction, 0.0, problems);
        let stable = table.optional_number(row, c_stable, Range::Fraction, 0.0, problems);
        let startup = table.optional_number(row, c_startup, Range::NonNegative, 0.0, problems);
        // An empty ramp cell: no limit (NaN until mapped to `None`).
        let ramp = table
            .optional_number(row, c_ramp, Range::NonNegative, f64::NAN, problems)
            .map(|r| (!r.is_nan()).then_some(r));
        let outside_ets = match c_outside.and_then(|c| table.text(row, c).map(|t| (c, t))) {
            None | Some((_, "false")) => Some(false),
            Some((_, "true")) => Some(true),
            Some((c, other)) => {
                problems.push(table.problem(
                    row,
                    c,
                    format!("expected true or false, got `{other}`"),
                ));
                None
            }
        };
        if let (
            Some(name),
            Some(technology),
            Some(zone),
            Some(capacity_mw),
            Some(vom_eur_per_mwh),
            Some(fuel),
            Some(efficiency),
            Some(availability),
            Some(free_allocation_share),
            Some(benchmark_t_per_mwh),
            Some(markup),
            Some(outside_ets),
            Some(must_run_share),
            Some(ramp_mw_per_h),
            Some(min_stable_share),
            Some(startup_cost_eur_per_mw),
        ) = (
            name,
            technology,
            zone,
            capacity,
            vom,
            fuel,
            efficiency,
            availability,
            free_share,
            benchmark,
            markup,
            outside_ets,
            must_run,
            ramp,
            stable,
            startup,
        ) {
            let (fuel_price, co2) =
                fuel.map_or((0.0, 0.0), |f| (f.price_eur_per_mwh_th, f.co2_t_per_mwh_th));
            units.push(Unit {
                name: name.to_string(),
                zone,
                technology: technology.to_string(),
                fuel: fuel_name.unwrap_or(NO_FUEL).to_string(),
                capacity_mw,
                efficiency: if fuel.is_some() { efficiency } else { None },
                vom_eur_per_mwh,
                fuel_price_eur_per_mwh_th: fuel_price,
                co2_t_per_mwh_th: co2,
                availability,
                free_allocation_share,
                benchmark_t_per_mwh,
                firm: c_firm
                    .and_then(|c| table.text(row, c))
                    .unwrap_or_default()
                    .to_string(),
                markup,
                outside_ets,
                must_run_share,
                ramp_mw_per_h,
                min_stable_share,
                startup_cost_eur_per_mw,
            });
        }
    }
    Some(units)
}
