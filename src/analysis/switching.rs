//! Fuel-switch prices, exact from the data: the carbon price at which two units (or two
//! technologies) swap places in the merit order, τ* = (c_j − c_i) / (e_i − e_j), with e
//! the net intensity e − b where output-based allocation gives a benchmark b.

use crate::scenario::{Scenario, Unit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchLevel {
    Unit,
    /// Technologies compared through their capacity-weighted mean c and e.
    Technology,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuelSwitch {
    pub level: SwitchLevel,
    pub zone: String,
    /// The more emitting of the two: cheaper below the switch price.
    pub dirtier: String,
    /// The less emitting: cheaper above it.
    pub cleaner: String,
    pub tau_eur_per_t: f64,
    /// Whether the switch price lies within the carbon prices of the sweep.
    pub crossed: bool,
}

/// Cost without carbon and emission intensity of something that can be dispatched.
struct Costs<'a> {
    name: &'a str,
    zone: usize,
    c_eur_per_mwh: f64,
    e_t_per_mwh: f64,
}

/// The offer of a unit as a line in τ (`Unit::offer_line_at`, at τ = 0): what moves a
/// unit in the merit order is its net intensity, scaled by its markup where its cost is
/// positive.
fn offer_c(unit: &Unit) -> f64 {
    unit.offer_line_at(0.0).0
}

fn offer_e(unit: &Unit) -> f64 {
    unit.offer_line_at(0.0).1
}

fn unit_costs(unit: &Unit) -> Costs<'_> {
    Costs {
        name: &unit.name,
        zone: unit.zone,
        c_eur_per_mwh: offer_c(unit),
        e_t_per_mwh: offer_e(unit),
    }
}

/// Every switch at a carbon price ≥ 0 between units of a zone, then between technologies,
/// each sorted by switch price. `taus` are the carbon prices of the sweep.
pub fn fuel_switches(scenario: &Scenario, taus: &[f64]) -> Vec<FuelSwitch> {
    let units: Vec<Costs> = scenario.units.iter().map(unit_costs).collect();
    let techs = scenario.technologies();
    let mut tech_costs = Vec::new();
    for z in 0..scenario.zones.len() {
        for tech in &techs {
            let members: Vec<&Unit> = scenario
                .units
                .iter()
                .filter(|u| u.zone == z && u.technology == *tech)
                .collect();
            let capacity: f64 = members.iter().map(|u| u.capacity_mw).sum();
            if capacity > 0.0 {
                let mean = |f: &dyn Fn(&Unit) -> f64| {
                    members.iter().map(|u| u.capacity_mw * f(u)).sum::<f64>() / capacity
                };
                tech_costs.push(Costs {
                    name: tech,
                    zone: z,
                    c_eur_per_mwh: mean(&offer_c),
                    e_t_per_mwh: mean(&offer_e),
                });
            }
        }
    }
    let (lo, hi) = (
        taus.iter().copied().fold(f64::INFINITY, f64::min),
        taus.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let mut switches = pairs(scenario, SwitchLevel::Unit, &units, (lo, hi));
    switches.extend(pairs(
        scenario,
        SwitchLevel::Technology,
        &tech_costs,
        (lo, hi),
    ));
    switches
}

/// Whether `tau` lies in `[lo, hi]`, ends included to 1e-9 relative: a carbon price that
/// a cap's dual yields can equal a switch price up to the last bits of a float.
fn within(tau: f64, lo: f64, hi: f64) -> bool {
    let slack = |x: f64| 1e-9 * x.abs().max(1.0);
    lo - slack(lo) <= tau && tau <= hi + slack(hi)
}

fn pairs(
    scenario: &Scenario,
    level: SwitchLevel,
    items: &[Costs],
    (lo, hi): (f64, f64),
) -> Vec<FuelSwitch> {
    let mut found = Vec::new();
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            if a.zone != b.zone || a.e_t_per_mwh == b.e_t_per_mwh {
                continue;
            }
            let (dirty, clean) = if a.e_t_per_mwh > b.e_t_per_mwh {
                (a, b)
            } else {
                (b, a)
            };
            // The dirtier one must be cheaper without carbon for a switch at τ ≥ 0.
            let tau = (clean.c_eur_per_mwh - dirty.c_eur_per_mwh)
                / (dirty.e_t_per_mwh - clean.e_t_per_mwh);
            if tau >= 0.0 {
                found.push(FuelSwitch {
                    level,
                    zone: scenario.zones[a.zone].clone(),
                    dirtier: dirty.name.to_string(),
                    cleaner: clean.name.to_string(),
                    tau_eur_per_t: tau,
                    crossed: within(tau, lo, hi),
                });
            }
        }
    }
    found.sort_by(|x, y| {
        x.tau_eur_per_t
            .total_cmp(&y.tau_eur_per_t)
            .then_with(|| x.dirtier.cmp(&y.dirtier))
            .then_with(|| x.cleaner.cmp(&y.cleaner))
    });
    found
}
