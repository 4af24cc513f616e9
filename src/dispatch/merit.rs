//! The merit order: in each hour, run each zone's must-run output, then fill the rest of
//! its load from its cheapest units up. Exact for dispatch without time coupling or
//! transfers, and the LP's cross-check.

use ndarray::Array2;

use super::{no_commitment, price_hour, Dispatch};
use crate::scenario::{Availability, Scenario};

pub fn solve(scenario: &Scenario, tau_eur_per_t: f64) -> Dispatch {
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let offer = scenario.offers(tau_eur_per_t);
    // An hour's shares of capacity: the profiles' values of the hour, then every
    // constant share; each unit reads its own two by index.
    let mut shares: Vec<f64> = vec![0.0; scenario.profiles.ncols()];
    let order: Vec<Order> = (0..zones)
        .map(|z| Order::of(scenario, &offer, z, &mut shares))
        .collect();
    let from_profiles = scenario.profiles.ncols();
    // `[hour, unit]` filled hour by hour from one hour's row (every unit is in a zone).
    let mut generation_mw = Vec::with_capacity(hours * scenario.units.len());
    let mut generation_row = vec![0.0; scenario.units.len()];
    let mut unserved_mw = Array2::zeros((hours, zones));
    let mut prices = Vec::with_capacity(hours * zones);
    // One hour of one zone, unit by unit in merit order: available, must-run and
    // generated MW (available and must-run as Scenario::hourly_available_mw and
    // hourly_must_run_mw give them).
    let most = order.iter().map(|o| o.unit.len()).max().unwrap_or(0);
    let (mut available, mut must_run, mut generation) =
        (vec![0.0; most], vec![0.0; most], vec![0.0; most]);
    for h in 0..hours {
        for (share, &p) in shares[..from_profiles]
            .iter_mut()
            .zip(scenario.profiles.row(h))
        {
            *share = p;
        }
        for (z, o) in order.iter().enumerate() {
            let n = o.unit.len();
            let (available, must_run, generation) = (
                &mut available[..n],
                &mut must_run[..n],
                &mut generation[..n],
            );
            for k in 0..n {
                available[k] = o.capacity[k] * shares[o.availability[k]];
                must_run[k] = shares[o.must_run_share[k]] * available[k];
            }
            let demand = scenario.demand_mw[[h, z]];
            let mut remaining = demand;
            for (g, &m) in generation.iter_mut().zip(&*must_run) {
                *g = m;
                remaining -= m;
            }
            for k in 0..n {
                if remaining <= 0.0 {
                    break;
                }
                let take = (available[k] - must_run[k]).min(remaining);
                generation[k] += take;
                remaining -= take;
            }
            for (&u, &g) in o.unit.iter().zip(&*generation) {
                generation_row[u] = g;
            }
            let unserved = remaining.max(0.0);
            unserved_mw[[h, z]] = unserved;
            prices.push(price_hour(
                (0..n).map(|k| {
                    (
                        o.unit[k],
                        o.offer[k],
                        must_run[k],
                        available[k],
                        generation[k],
                    )
                }),
                demand,
                unserved,
                scenario.market.voll_eur_per_mwh,
            ));
        }
        generation_mw.extend_from_slice(&generation_row);
    }
    let units = scenario.units.len();
    Dispatch {
        credit_price_eur_per_t: None,
        served_mw: None,
        // Each zone covers its own load: nothing flows.
        flow_mw: Array2::zeros((scenario.hours(), scenario.links.len())),
        storage: super::StorageDispatch::idle(scenario),
        online_mw: no_commitment(scenario),
        startup_mw: no_commitment(scenario),
        tau_eur_per_t,
        generation_mw: Array2::from_shape_vec((hours, units), generation_mw)
            .expect("one row per hour"),
        unserved_mw,
        prices: Array2::from_shape_vec((hours, zones), prices).expect("one price per zone-hour"),
    }
}

/// A zone's units, cheapest offer first (equal offers in the order of units.csv), with
/// what the hour loop reads of each in that order.
struct Order {
    unit: Vec<usize>,
    offer: Vec<f64>,
    capacity: Vec<f64>,
    /// Where the unit's available and must-run shares are among an hour's shares.
    availability: Vec<usize>,
    must_run_share: Vec<usize>,
}

impl Order {
    /// The order of `zone`'s units; their constant shares are added to `shares`.
    fn of(scenario: &Scenario, offer: &[f64], zone: usize, shares: &mut Vec<f64>) -> Self {
        let mut unit: Vec<usize> = (0..scenario.units.len())
            .filter(|&u| scenario.units[u].zone == zone)
            .collect();
        unit.sort_by(|&a, &b| offer[a].total_cmp(&offer[b]).then(a.cmp(&b)));
        let mut constant = |f: f64| {
            shares.push(f);
            shares.len() - 1
        };
        let (mut availability, mut must_run_share) = (Vec::new(), Vec::new());
        for &u in &unit {
            let u = &scenario.units[u];
            availability.push(match u.availability {
                Availability::Constant(f) => constant(f),
                Availability::Profile(p) => p,
            });
            must_run_share.push(match u.must_run_profile {
                Some(p) => p,
                None => constant(u.must_run_share()),
            });
        }
        Order {
            offer: unit.iter().map(|&u| offer[u]).collect(),
            capacity: unit
                .iter()
                .map(|&u| scenario.units[u].capacity_mw)
                .collect(),
            availability,
            must_run_share,
            unit,
        }
    }
}
