//! Pass-through of the carbon price into the power price, and who sets the price.

use super::Outcome;
use crate::calendar::Slice;
use crate::dispatch::{HourPrice, PriceSetter};
use crate::scenario::Scenario;

/// One row of passthrough.csv: a pair of neighbouring carbon prices in one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct PassThrough {
    pub tau_from_eur_per_t: f64,
    pub tau_to_eur_per_t: f64,
    pub zone: String,
    /// Change of the load-weighted price per change of carbon price, t/MWh.
    pub dp_dtau_t_per_mwh: f64,
    /// Load-weighted emission intensity of the price-setting units, mean of both ends, t/MWh.
    pub price_setting_intensity_t_per_mwh: f64,
    /// `dp_dtau / price_setting_intensity`; NaN where that intensity is zero.
    pub passthrough_rate: f64,
    /// The part of `dp_dtau` that is the price-setting units' own carbon cost: what the
    /// unit setting an hour's price at the lower carbon price would add, e·Δτ (times
    /// 1 + markup), load-weighted; all of Δp where that unit still sets it. t/MWh.
    pub own_cost_t_per_mwh: f64,
    /// The rest: the change of setter (fuel switching, another unit of the merit order,
    /// storage, shortage or a tariff setting the price), t/MWh. Zero where every hour keeps
    /// its setting unit.
    pub setter_change_t_per_mwh: f64,
}

/// dp/dτ of an interval split by cause: (own cost of the same setter, change of setter).
struct Parts {
    own: f64,
    change: f64,
}

/// One row of price_setting.csv: how often a technology sets a zone's price.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceSetting {
    pub tau_eur_per_t: f64,
    pub zone: String,
    /// A technology of the scenario, or `shortage`, `tariff`, `storage`.
    pub technology: String,
    pub share_of_hours: f64,
    /// Mean emission intensity of the price-setting units in those hours, t/MWh.
    pub emission_intensity_t_per_mwh: f64,
    /// Where the setters are: the zone itself, or another zone of an uncongested group
    /// (for shortage and tariffs, the zone itself).
    pub setter_zone: String,
}

/// Emission intensity of what sets the price of zone `z` in outcome `o`, t/MWh: the
/// setting unit's (0 for shortage and the demand curve; for storage, that of the energy it stored), or for a
/// tariff the zone's average intensity of generation under the carbon market (so that a
/// tariff's pass-through rate is about its auctioned share, FRAMEWORK.md §3).
fn setter_intensity(scenario: &Scenario, o: &Outcome, z: usize, price: &HourPrice) -> f64 {
    match price.setter {
        PriceSetter::Unit(u) => scenario.units[u].emission_intensity_t_per_mwh(),
        PriceSetter::Shortage | PriceSetter::Demand => 0.0,
        PriceSetter::Storage(s) => o.storage_intensity_t_per_mwh[s],
        PriceSetter::Tariff => {
            let (mut emitted, mut generated) = (0.0, 0.0);
            for (u, unit) in scenario.units.iter().enumerate() {
                if unit.zone == z && !unit.is_demand_response() {
                    generated += o.unit_generation_mwh[u];
                    emitted += unit.covered_emissions_t(o.unit_generation_mwh[u]);
                }
            }
            if generated > 0.0 {
                emitted / generated
            } else {
                0.0
            }
        }
    }
}

/// dp/dτ of the load-weighted price over `hours` of zone `z` between outcomes `a` and
/// `b`, the load-weighted intensity of the price setters there (mean of both ends), and
/// dp/dτ split into the hours whose setting unit stayed and those whose setter changed.
/// With `weighted` false every hour counts once (for a single hour, where its load
/// would only cancel out, or be zero). NaN where the weights sum to zero.
fn interval(
    scenario: &Scenario,
    (a, b): (&Outcome, &Outcome),
    z: usize,
    hours: &[usize],
    weighted: bool,
) -> (f64, f64, Parts) {
    let weight = |h: usize| {
        if weighted {
            scenario.demand_mw[[h, z]]
        } else {
            1.0
        }
    };
    let total: f64 = hours.iter().map(|&h| weight(h)).sum();
    let mean = |f: &dyn Fn(usize) -> f64| -> f64 {
        hours.iter().map(|&h| weight(h) * f(h)).sum::<f64>() / total
    };
    let dtau = b.tau_eur_per_t - a.tau_eur_per_t;
    let dp_dtau =
        (mean(&|h| b.price_eur_per_mwh(h, z)) - mean(&|h| a.price_eur_per_mwh(h, z))) / dtau;
    let intensity = |o: &Outcome| mean(&|h| setter_intensity(scenario, o, z, &o.prices[[h, z]]));
    // Each hour's Δp: where the same unit sets the price at both ends, all of it is that
    // unit's own carbon cost; elsewhere the own part is what the first setter's offer
    // rises by (nothing for storage, shortage or a tariff), the rest the change of setter.
    let split = |h: usize| -> (f64, f64) {
        let change = b.price_eur_per_mwh(h, z) - a.price_eur_per_mwh(h, z);
        match (a.prices[[h, z]].setter, b.prices[[h, z]].setter) {
            (PriceSetter::Unit(u), PriceSetter::Unit(v)) if u == v => (change, 0.0),
            (PriceSetter::Unit(u), _) => {
                let own = scenario.units[u].offer_line_at(a.tau_eur_per_t).1 * dtau;
                (own, change - own)
            }
            _ => (0.0, change),
        }
    };
    let parts = Parts {
        own: mean(&|h| split(h).0) / dtau,
        change: mean(&|h| split(h).1) / dtau,
    };
    (dp_dtau, 0.5 * (intensity(a) + intensity(b)), parts)
}

/// Pass-through over `hours` (one zone) for every pair of neighbouring carbon prices.
fn rows_over(
    scenario: &Scenario,
    outcomes: &[Outcome],
    z: usize,
    hours: &[usize],
    weighted: bool,
) -> Vec<PassThrough> {
    outcomes
        .windows(2)
        .map(|pair| {
            let (dp_dtau, intensity, parts) =
                interval(scenario, (&pair[0], &pair[1]), z, hours, weighted);
            PassThrough {
                tau_from_eur_per_t: pair[0].tau_eur_per_t,
                tau_to_eur_per_t: pair[1].tau_eur_per_t,
                zone: scenario.zones[z].clone(),
                dp_dtau_t_per_mwh: dp_dtau,
                price_setting_intensity_t_per_mwh: intensity,
                passthrough_rate: if intensity > 0.0 {
                    dp_dtau / intensity
                } else {
                    f64::NAN
                },
                own_cost_t_per_mwh: parts.own,
                setter_change_t_per_mwh: parts.change,
            }
        })
        .collect()
}

/// Interleaves per-zone rows so that they run interval by interval, zone by zone.
fn by_interval(per_zone: Vec<Vec<PassThrough>>) -> Vec<PassThrough> {
    let intervals = per_zone.first().map_or(0, Vec::len);
    let mut columns: Vec<_> = per_zone.into_iter().map(Vec::into_iter).collect();
    (0..intervals)
        .flat_map(|_| {
            columns
                .iter_mut()
                .map(|c| c.next().expect("same length"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Pass-through between every pair of neighbouring carbon prices (outcomes in ascending
/// carbon price), per zone, over all hours.
pub fn passthrough(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<PassThrough> {
    let all: Vec<usize> = (0..scenario.hours()).collect();
    by_interval(
        (0..scenario.zones.len())
            .map(|z| rows_over(scenario, outcomes, z, &all, true))
            .collect(),
    )
}

/// Pass-through within time slices (peak, off-peak, months): one list of rows per slice,
/// each as `passthrough` restricted to the slice's hours.
pub fn passthrough_by_slice(
    scenario: &Scenario,
    outcomes: &[Outcome],
    slices: &[Slice],
) -> Vec<(String, usize, Vec<PassThrough>)> {
    slices
        .iter()
        .map(|slice| {
            let rows = by_interval(
                (0..scenario.zones.len())
                    .map(|z| rows_over(scenario, outcomes, z, &slice.hours, true))
                    .collect(),
            );
            (slice.name.clone(), slice.hours.len(), rows)
        })
        .collect()
}

/// Pass-through of every single hour: `result[h]` holds hour h's rows.
pub fn passthrough_by_hour(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<Vec<PassThrough>> {
    (0..scenario.hours())
        .map(|h| {
            by_interval(
                (0..scenario.zones.len())
                    .map(|z| rows_over(scenario, outcomes, z, &[h], false))
                    .collect(),
            )
        })
        .collect()
}

/// For each carbon price and zone, the share of hours each technology sets the price.
/// Technologies that never set it are left out.
pub fn price_setting(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<PriceSetting> {
    let mut technologies = scenario.technologies();
    technologies.push("shortage".into());
    let shortage = technologies.len() - 1;
    technologies.push("tariff".into());
    let tariff = technologies.len() - 1;
    technologies.push("storage".into());
    let storage = technologies.len() - 1;
    technologies.push("demand".into());
    let demand = technologies.len() - 1;
    let tech_of = scenario.technology_index();
    let hours = scenario.hours();
    let mut rows = Vec::new();
    for outcome in outcomes {
        for (z, zone) in scenario.zones.iter().enumerate() {
            // By technology and the setter's zone.
            let zones = scenario.zones.len();
            let mut count = vec![vec![0usize; zones]; technologies.len()];
            let mut intensity = vec![vec![0.0; zones]; technologies.len()];
            for h in 0..hours {
                let price = &outcome.prices[[h, z]];
                let (t, at) = match price.setter {
                    PriceSetter::Unit(u) => (tech_of[u], scenario.units[u].zone),
                    PriceSetter::Shortage => (shortage, z),
                    PriceSetter::Tariff => (tariff, z),
                    PriceSetter::Storage(s) => (storage, scenario.storage[s].zone),
                    PriceSetter::Demand => (demand, z),
                };
                count[t][at] += 1;
                intensity[t][at] += setter_intensity(scenario, outcome, z, price);
            }
            for (t, technology) in technologies.iter().enumerate() {
                // The zone's own setters first, then those of other zones in order.
                let order = std::iter::once(z).chain((0..zones).filter(|&y| y != z));
                for at in order.filter(|&at| count[t][at] > 0) {
                    rows.push(PriceSetting {
                        tau_eur_per_t: outcome.tau_eur_per_t,
                        zone: zone.clone(),
                        technology: technology.clone(),
                        share_of_hours: count[t][at] as f64 / hours as f64,
                        emission_intensity_t_per_mwh: intensity[t][at] / count[t][at] as f64,
                        setter_zone: scenario.zones[at].clone(),
                    });
                }
            }
        }
    }
    rows
}
