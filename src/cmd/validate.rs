//! `carbonpass validate`: what a scenario holds and whether it can serve its load,
//! without a sweep. Input errors are the reader's; this adds the adequacy check and a
//! summary to read before solving.

use std::path::Path;

use std::fmt::Write as _;

use crate::analysis::reduce;
use crate::dispatch::{dispatch, Method};
use crate::error::Result;
use crate::scenario::Scenario;

/// Reads the scenario, prints its warnings and its summary.
pub fn run(scenario: &Path) -> Result<()> {
    let loaded = crate::input::load(scenario)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    print!("{}", summary(&loaded.scenario)?);
    Ok(())
}

/// Hours in which a zone's load exceeds its available capacity (demand response aside).
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    pub zone: String,
    pub hours: usize,
    pub worst_hour: usize,
    pub worst_mw: f64,
}

/// Every zone whose load exceeds its available capacity in some hour.
pub fn shortfalls(scenario: &Scenario) -> Vec<Shortfall> {
    let mut found = Vec::new();
    for (z, zone) in scenario.zones.iter().enumerate() {
        let mut hours = 0;
        let mut worst = (0, 0.0);
        for h in 0..scenario.hours() {
            let available: f64 = scenario
                .units
                .iter()
                .filter(|u| u.zone == z && !u.is_demand_response())
                .map(|u| scenario.available_mw(u, h))
                .sum();
            let gap = scenario.demand_mw[[h, z]] - available;
            if gap > 1e-9 {
                hours += 1;
                if gap > worst.1 {
                    worst = (h, gap);
                }
            }
        }
        if hours > 0 {
            found.push(Shortfall {
                zone: zone.clone(),
                hours,
                worst_hour: worst.0,
                worst_mw: worst.1,
            });
        }
    }
    found
}

/// The summary printed by `carbonpass validate`: load per zone, capacity and energy by
/// technology at τ = 0 (merit order), and the adequacy check.
pub fn summary(scenario: &Scenario) -> Result<String> {
    let mut out = String::new();
    let hours = scenario.hours();
    let w = &mut out;
    writeln!(
        w,
        "{}: {} hours, {} zone(s), {} units",
        scenario.name,
        hours,
        scenario.zones.len(),
        scenario.units.len()
    )
    .ok();
    if let Some(calendar) = &scenario.calendar {
        writeln!(w, "hour 0 starts {}", calendar.hour_starts[0]).ok();
    }
    writeln!(
        w,
        "\n| zone | peak load (MW) | mean load (MW) | energy (GWh) |\n|---|--:|--:|--:|"
    )
    .ok();
    for (z, zone) in scenario.zones.iter().enumerate() {
        let load = scenario.demand_mw.column(z);
        let peak = load.iter().copied().fold(0.0, f64::max);
        let energy: f64 = load.sum();
        writeln!(
            w,
            "| {zone} | {peak:.0} | {:.0} | {:.1} |",
            energy / hours.max(1) as f64,
            energy / 1e3
        )
        .ok();
    }
    let outcome = reduce(
        scenario,
        dispatch(
            scenario,
            0.0,
            if scenario.merit_order_is_exact() {
                Method::MeritOrder
            } else {
                Method::Lp
            },
        )?,
    );
    let techs = scenario.technologies();
    let tech_of = scenario.technology_index();
    writeln!(
        w,
        "\n| technology | capacity (MW) | mean available (MW) | energy at τ = 0 (GWh) | emissions at τ = 0 (kt CO2) |\n|---|--:|--:|--:|--:|"
    )
    .ok();
    for (t, tech) in techs.iter().enumerate() {
        let members: Vec<usize> = (0..scenario.units.len())
            .filter(|&u| tech_of[u] == t)
            .collect();
        let capacity: f64 = members.iter().map(|&u| scenario.units[u].capacity_mw).sum();
        let available: f64 = members
            .iter()
            .map(|&u| {
                (0..hours)
                    .map(|h| scenario.available_mw(&scenario.units[u], h))
                    .sum::<f64>()
            })
            .sum::<f64>()
            / hours.max(1) as f64;
        let energy: f64 = members
            .iter()
            .map(|&u| outcome.unit_generation_mwh[u])
            .sum();
        let emissions: f64 = members.iter().map(|&u| outcome.unit_emissions_t[u]).sum();
        writeln!(
            w,
            "| {tech} | {capacity:.0} | {available:.0} | {:.1} | {:.1} |",
            energy / 1e3,
            emissions / 1e3
        )
        .ok();
    }
    let unserved: f64 = outcome.unserved_mw.sum();
    writeln!(w, "\nunserved at τ = 0: {:.1} GWh", unserved / 1e3).ok();
    let gaps = shortfalls(scenario);
    if gaps.is_empty() {
        writeln!(
            w,
            "adequacy: available capacity covers the load in every hour of every zone"
        )
        .ok();
    }
    for s in gaps {
        writeln!(
            w,
            "warning: zone {}: load exceeds available capacity in {} hour(s), most in hour {} ({} MW short); those hours are priced at VOLL",
            s.zone,
            s.hours,
            scenario.hour_labels[s.worst_hour],
            crate::util::num(s.worst_mw)
        )
        .ok();
    }
    Ok(out)
}
