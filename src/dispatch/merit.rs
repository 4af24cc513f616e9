//! The merit order: in each hour, run each zone's must-run output, then fill the rest of
//! its load from its cheapest units up. Exact for dispatch without time coupling or
//! transfers, and the LP's cross-check.

use ndarray::Array2;

use super::{price_hour, Dispatch};
use crate::scenario::Scenario;

pub fn solve(scenario: &Scenario, tau_eur_per_t: f64) -> Dispatch {
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let offer = scenario.offers(tau_eur_per_t);
    let available = scenario.hourly_available_mw();
    let must_run = scenario.hourly_must_run_mw();
    // Units of each zone, cheapest offer first; equal offers keep the order of units.csv.
    let order: Vec<Vec<usize>> = (0..zones)
        .map(|z| {
            let mut units: Vec<usize> = (0..scenario.units.len())
                .filter(|&u| scenario.units[u].zone == z)
                .collect();
            units.sort_by(|&a, &b| offer[a].total_cmp(&offer[b]).then(a.cmp(&b)));
            units
        })
        .collect();

    let mut generation_mw = Array2::zeros((hours, scenario.units.len()));
    let mut unserved_mw = Array2::zeros((hours, zones));
    for h in 0..hours {
        for (z, units) in order.iter().enumerate() {
            let mut remaining = scenario.demand_mw[[h, z]];
            for &u in units {
                generation_mw[[h, u]] = must_run[[h, u]];
                remaining -= must_run[[h, u]];
            }
            for &u in units {
                if remaining <= 0.0 {
                    break;
                }
                let take = (available[[h, u]] - must_run[[h, u]]).min(remaining);
                generation_mw[[h, u]] += take;
                remaining -= take;
            }
            unserved_mw[[h, z]] = remaining.max(0.0);
        }
    }
    let prices = Array2::from_shape_fn((hours, zones), |(h, z)| {
        price_hour(
            order[z].iter().map(|&u| {
                let (lower, upper) = (must_run[[h, u]], available[[h, u]]);
                (u, offer[u], lower, upper, generation_mw[[h, u]])
            }),
            scenario.demand_mw[[h, z]],
            unserved_mw[[h, z]],
            scenario.market.voll_eur_per_mwh,
        )
    });
    Dispatch {
        credit_price_eur_per_t: None,
        served_mw: None,
        // Each zone covers its own load: nothing flows.
        flow_mw: Array2::zeros((scenario.hours(), scenario.links.len())),
        storage: super::StorageDispatch::idle(scenario),
        online_mw: Array2::zeros((scenario.hours(), scenario.units.len())),
        startup_mw: Array2::zeros((scenario.hours(), scenario.units.len())),
        tau_eur_per_t,
        generation_mw,
        unserved_mw,
        prices,
    }
}
