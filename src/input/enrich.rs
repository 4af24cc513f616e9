//! What a scenario's sections add to its units: `[[imports]]` blocks and stepwise demand
//! response become units, `[allocation]` and `[market_power]` fill parameters that
//! units.csv left empty, and must-run output is checked against the load.

use std::path::Path;

use super::file::{AllocationSection, ByName, DemandBlock, ImportBlock, MarketPowerSection};
use crate::error::{Error, Problem, Result};
use crate::scenario::{Availability, Scenario, Unit, DEMAND_RESPONSE};
use crate::schema::{units, Range};

/// A demand block's share of the load.
const DEMAND_SHARE: Range = Range::FRACTION;

/// Refuses hours in which a zone's must-run output alone exceeds its load, where nothing
/// (storage, links) could take the surplus: the dispatch would have no solution.
pub(super) fn check_must_run(demand_path: &Path, scenario: &Scenario) -> Result<()> {
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
            if forced > load + crate::util::bound_tolerance_mw(load) {
                problems.push(Problem::at(
                    demand_path,
                    Some(h + 2),
                    Some(zone),
                    format!(
                        "load {load} MW is below the {} MW that units must run in this hour \
                         (must_run_share in units.csv); lower the shares or add storage",
                        crate::util::num(forced)
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

pub(super) fn check_demand_blocks(
    path: &Path,
    blocks: &[DemandBlock],
    problems: &mut Vec<Problem>,
) {
    let mut fail = |i: usize, why: String| {
        problems.push(Problem::in_file(
            path,
            format!("[demand_response] block {}: {why}", i + 1),
        ))
    };
    for (i, block) in blocks.iter().enumerate() {
        if let Err(why) = DEMAND_SHARE.check(block.share) {
            fail(i, format!("share: {why}"));
        }
        if let Err(why) = Range::COST.check(block.price_eur_per_mwh) {
            fail(i, format!("price_eur_per_mwh: {why}"));
        }
    }
    let total: f64 = blocks.iter().map(|b| b.share).sum();
    if total > 1.0 {
        problems.push(Problem::in_file(
            path,
            format!(
                "[demand_response]: the shares add up to {}, more than the whole load",
                crate::util::num(total)
            ),
        ));
    }
}

/// Turns each demand block into a zero-emission "unit" of technology `demand_response`
/// per zone: taking it (a MWh not consumed) costs the block's price, and its available
/// capacity follows the zone's load (share × load in each hour), via a profile
/// `load_<zone>` = load / peak load.
pub(super) fn add_demand_response(scenario: &mut Scenario, blocks: &[DemandBlock]) {
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
            let name = format!("{}_{}_{}", DEMAND_RESPONSE, scenario.zones[z], b + 1);
            let unit = Unit::fuelless(
                &name,
                DEMAND_RESPONSE,
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

/// Adds each `[[imports]]` block as a unit outside the carbon market, of technology
/// `imports`, whose price is its whole marginal cost.
pub(super) fn add_imports(
    path: &Path,
    blocks: &[ImportBlock],
    zones: &[String],
    mut found: Vec<Unit>,
    problems: &mut Vec<Problem>,
) -> Vec<Unit> {
    for (i, block) in blocks.iter().enumerate() {
        let mut fail = |what: String| {
            problems.push(Problem::in_file(
                path,
                format!("[[imports]] block {} (`{}`): {what}", i + 1, block.name),
            ))
        };
        if found.iter().any(|u| u.name == block.name) {
            fail("a unit of that name exists already; names must be unique".into());
        }
        let checks = [
            ("capacity_mw", block.capacity_mw, Range::POWER_POSITIVE),
            ("price_eur_per_mwh", block.price_eur_per_mwh, Range::COST),
            ("co2_t_per_mwh", block.co2_t_per_mwh, Range::INTENSITY),
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
            let unit = Unit::thermal(
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
            found.push(unit);
        }
    }
    found
}

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

/// Gives the free share and benchmark of units whose own cells left them empty the value
/// of `[allocation]` for their technology, where it has one (else the schema's default
/// stands); checks the section's technologies and values.
pub(super) fn apply_allocation(
    path: &Path,
    section: &AllocationSection,
    mut found: Vec<Unit>,
    problems: &mut Vec<Problem>,
) -> Vec<Unit> {
    let technologies: Vec<&str> = found.iter().map(|u| u.technology.as_str()).collect();
    let by_technology = [
        ("free_share", &section.free_share, &units::FREE_SHARE),
        (
            "benchmark_t_per_mwh",
            &section.benchmark_t_per_mwh,
            &units::BENCHMARK,
        ),
    ];
    for (key, table, column) in by_technology {
        let context = ("allocation", key, "technology");
        check_by_name(
            path,
            context,
            table,
            &technologies,
            column.range(),
            problems,
        );
    }
    for unit in &mut found {
        for (_, table, column) in by_technology {
            if let (None, Some(&v)) = (unit.given(column), table.get(&unit.technology)) {
                unit.set(column, v);
            }
        }
    }
    found
}

/// Gives the markup of units whose own cell left it empty their firm's, else their
/// technology's, where the section has one; checks the section's names and values.
pub(super) fn apply_market_power(
    path: &Path,
    section: &MarketPowerSection,
    mut found: Vec<Unit>,
    problems: &mut Vec<Problem>,
) -> Vec<Unit> {
    let firms: Vec<&str> = found.iter().map(|u| u.firm.as_str()).collect();
    let technologies: Vec<&str> = found.iter().map(|u| u.technology.as_str()).collect();
    let range = units::MARKUP.range();
    let by_firm = ("market_power", "markup_by_firm", "firm");
    check_by_name(
        path,
        by_firm,
        &section.markup_by_firm,
        &firms,
        range,
        problems,
    );
    let by_tech = ("market_power", "markup_by_technology", "technology");
    let table = &section.markup_by_technology;
    check_by_name(path, by_tech, table, &technologies, range, problems);
    for unit in &mut found {
        let markup = (section.markup_by_firm.get(&unit.firm))
            .or_else(|| section.markup_by_technology.get(&unit.technology));
        if let (None, Some(&m)) = (unit.given(&units::MARKUP), markup) {
            unit.set(&units::MARKUP, m);
        }
    }
    found
}
