//! Regulated prices (FRAMEWORK.md §3): a cost-of-service tariff equal to the average
//! cost actually paid, `p = Σ_i (c_i·g_i + τ·(E_i − A_i)) / Σ_i g_i` per zone over the
//! horizon, and administered dispatch by equal utilisation hours, independent of cost.

use ndarray::Array2;

use super::{Dispatch, HourPrice, PriceSetter};
use crate::scenario::Scenario;

/// The average-cost tariff of each zone for a dispatch at carbon price τ, €/MWh. Free
/// allowances (lump-sum share and output-based benchmark) lower the carbon cost paid;
/// units outside the carbon market pay none; demand response is not generation. NaN
/// where a zone generates nothing.
pub fn average_cost_eur_per_mwh(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    dispatch: &Dispatch,
) -> Vec<f64> {
    let mut cost = vec![0.0; scenario.zones.len()];
    let mut generation = vec![0.0; scenario.zones.len()];
    for (u, unit) in scenario.units.iter().enumerate() {
        if unit.is_demand_response() {
            continue;
        }
        let g: f64 = dispatch.generation_mw.column(u).sum();
        let paid_t = unit.covered_emissions_t(g) - unit.free_allowances_t(g);
        cost[unit.zone] += unit.fuel_and_vom_cost_eur_per_mwh() * g + tau_eur_per_t * paid_t;
        generation[unit.zone] += g;
    }
    cost.iter()
        .zip(&generation)
        .map(|(c, g)| if *g > 0.0 { c / g } else { f64::NAN })
        .collect()
}

/// Replaces every hour's price by its zone's tariff.
pub fn apply_tariff(scenario: &Scenario, tau_eur_per_t: f64, dispatch: &mut Dispatch) {
    let tariff = average_cost_eur_per_mwh(scenario, tau_eur_per_t, dispatch);
    for ((_, z), price) in dispatch.prices.indexed_iter_mut() {
        *price = HourPrice {
            price_eur_per_mwh: tariff[z],
            setter: PriceSetter::Tariff,
            unique: true,
            lo_eur_per_mwh: tariff[z],
            hi_eur_per_mwh: tariff[z],
        };
    }
}

/// Administered dispatch by equal utilisation hours: in each hour every unit of a zone
/// (demand response aside) runs the same share of its available capacity, the share that
/// meets the load; what capacity cannot cover is unserved. Costs play no part.
pub fn equal_hours(scenario: &Scenario, tau_eur_per_t: f64) -> Dispatch {
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let available = scenario.hourly_available_mw();
    let mut generation_mw = Array2::zeros((hours, scenario.units.len()));
    let mut unserved_mw = Array2::zeros((hours, zones));
    for h in 0..hours {
        for z in 0..zones {
            let members: Vec<usize> = (0..scenario.units.len())
                .filter(|&u| scenario.units[u].zone == z && !scenario.units[u].is_demand_response())
                .collect();
            let capacity: f64 = members.iter().map(|&u| available[[h, u]]).sum();
            let load = scenario.demand_mw[[h, z]];
            let share = if capacity > 0.0 {
                (load / capacity).min(1.0)
            } else {
                0.0
            };
            for &u in &members {
                generation_mw[[h, u]] = share * available[[h, u]];
            }
            unserved_mw[[h, z]] = (load - share * capacity).max(0.0);
        }
    }
    let placeholder = HourPrice {
        price_eur_per_mwh: f64::NAN,
        setter: PriceSetter::Tariff,
        unique: true,
        lo_eur_per_mwh: f64::NAN,
        hi_eur_per_mwh: f64::NAN,
    };
    let mut dispatch = Dispatch {
        credit_price_eur_per_t: None,
        served_mw: None,
        // Each zone covers its own load: nothing flows.
        flow_mw: Array2::zeros((scenario.hours(), scenario.links.len())),
        storage: super::StorageDispatch::idle(scenario),
        online_mw: super::no_commitment(scenario),
        startup_mw: super::no_commitment(scenario),
        tau_eur_per_t,
        generation_mw,
        unserved_mw,
        prices: Array2::from_elem((hours, zones), placeholder),
    };
    apply_tariff(scenario, tau_eur_per_t, &mut dispatch);
    dispatch
}
