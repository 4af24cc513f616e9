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
    /// Most that links can bring into the zone in an hour (each at its limit towards the
    /// zone), MW.
    pub links_mw: f64,
    /// Most that the zone's stores can give in an hour (their discharge power), MW.
    pub storage_mw: f64,
    /// Hours short by more than links and storage could bring even at their limits:
    /// short whatever the neighbours and the stores do.
    pub uncovered_hours: usize,
}

/// Every zone whose load exceeds its own available capacity in some hour, with what
/// links and stores could bring at most.
pub fn shortfalls(scenario: &Scenario) -> Vec<Shortfall> {
    let mut found = Vec::new();
    for (z, zone) in scenario.zones.iter().enumerate() {
        let links_mw: f64 = scenario
            .links
            .iter()
            .map(|l| match (l.from == z, l.to == z) {
                (_, true) => l.capacity_mw,
                (true, _) => l.capacity_reverse_mw,
                _ => 0.0,
            })
            .sum();
        let storage_mw: f64 = (scenario.storage.iter())
            .filter(|s| s.zone == z)
            .map(|s| s.power_mw)
            .sum();
        let mut uncovered_hours = 0;
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
                if gap > links_mw + storage_mw + 1e-9 {
                    uncovered_hours += 1;
                }
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
                links_mw,
                storage_mw,
                uncovered_hours,
            });
        }
    }
    found
}

/// The summary printed by `carbonpass validate`: load per zone, capacity by technology,
/// energy at τ = 0 where the merit order gives it (no LP is solved), and the adequacy check.
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
    // Energy at τ = 0 where the merit order gives it exactly; a scenario that needs the
    // LP is not solved here (a full year of stores and links takes minutes).
    let outcome = match scenario.merit_order_is_exact() {
        true => Some(reduce(
            scenario,
            dispatch(scenario, 0.0, Method::MeritOrder)?,
        )),
        false => None,
    };
    let techs = scenario.technologies();
    let tech_of = scenario.technology_index();
    let header = match outcome {
        Some(_) => "\n| technology | capacity (MW) | mean available (MW) | energy at τ = 0 (GWh) | emissions at τ = 0 (kt CO2) |\n|---|--:|--:|--:|--:|",
        None => "\n| technology | capacity (MW) | mean available (MW) |\n|---|--:|--:|",
    };
    writeln!(w, "{header}").ok();
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
        write!(w, "| {tech} | {capacity:.0} | {available:.0} |").ok();
        if let Some(outcome) = &outcome {
            let energy: f64 = members
                .iter()
                .map(|&u| outcome.unit_generation_mwh[u])
                .sum();
            let emissions: f64 = members.iter().map(|&u| outcome.unit_emissions_t[u]).sum();
            write!(w, " {:.1} | {:.1} |", energy / 1e3, emissions / 1e3).ok();
        }
        writeln!(w).ok();
    }
    match &outcome {
        Some(outcome) => {
            let unserved: f64 = outcome.unserved_mw.sum();
            writeln!(w, "\nunserved at τ = 0: {:.1} GWh", unserved / 1e3).ok();
        }
        None => {
            writeln!(
                w,
                "\nenergy at τ = 0: not shown, the scenario needs the LP (storage, links, \
                 ramping, commitment, a standard or a demand curve), which validate does not \
                 solve; `carbonpass sweep SCENARIO --carbon 0` does"
            )
            .ok();
        }
    }
    let gaps = shortfalls(scenario);
    if gaps.is_empty() {
        writeln!(
            w,
            "adequacy: available capacity covers the load in every hour of every zone"
        )
        .ok();
    }
    for s in gaps {
        let num = crate::util::num;
        let helped = s.links_mw + s.storage_mw > 0.0;
        let rest = if !helped {
            "those hours are priced at VOLL".to_string()
        } else if s.uncovered_hours == 0 {
            format!(
                "links can bring up to {} MW and stores give up to {} MW, enough in every \
                 one of them if neighbours have capacity to spare and stores hold energy",
                num(s.links_mw),
                num(s.storage_mw)
            )
        } else {
            format!(
                "links can bring up to {} MW and stores give up to {} MW, too little in {} of \
                 them, which are short whatever neighbours and stores do (priced at VOLL)",
                num(s.links_mw),
                num(s.storage_mw),
                s.uncovered_hours
            )
        };
        writeln!(
            w,
            "warning: zone {}: load exceeds its own available capacity in {} hour(s), most in hour {} ({} MW short); {rest}",
            s.zone,
            s.hours,
            scenario.hour_labels[s.worst_hour],
            num(s.worst_mw)
        )
        .ok();
    }
    Ok(out)
}
