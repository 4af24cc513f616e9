//! Who pays and who gains (FRAMEWORK.md §4), against the lowest carbon price of the
//! sweep (normally τ = 0). A unit's free allowances A are its `free_allocation_share` of
//! its emissions in the same run (lump-sum: no effect on dispatch) plus its output-based
//! benchmark times its generation (which does lower its marginal cost). The generator
//! pays τ · (E − A), the state auctions E − A, and the unit's profit gains τ · A.

use super::Outcome;
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq)]
pub struct Welfare {
    pub tau_eur_per_t: f64,
    pub zone: String,
    pub reference_tau_eur_per_t: f64,
    /// Σ_t Δp_t · D_t, €.
    pub consumer_cost_change_eur: f64,
    /// τ · (E − free allowances), €.
    pub carbon_cost_eur: f64,
    /// τ · auctioned allowances, €.
    pub state_revenue_eur: f64,
    /// Change of Σ_i (revenue − cost + τ · A_i) over all generators of the zone, €.
    pub generator_profit_change_eur: f64,
    /// Σ_i A_i, t CO2.
    pub free_allowances_t: f64,
    /// With a demand curve: consumers' surplus Σ_t ½·b_t·q_t² (the area between the curve
    /// and the price), €, and its change against the reference; `None` for fixed load.
    pub consumer_surplus_eur: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TechnologyProfit {
    pub tau_eur_per_t: f64,
    pub zone: String,
    pub technology: String,
    /// Σ_t (p_t − mc_i(τ)) g_it + τ · A_i over the technology's units, €.
    pub profit_eur: f64,
    /// Change against the reference carbon price, €.
    pub profit_change_eur: f64,
    /// τ · A_i over the technology's units, €.
    pub free_allowance_value_eur: f64,
    /// `profit_change_eur` where positive, else 0.
    pub windfall_eur: f64,
}

/// Free allowances of each unit, t CO2: lump-sum share of emissions plus output-based.
fn free_allowances(scenario: &Scenario, outcome: &Outcome) -> Vec<f64> {
    scenario
        .units
        .iter()
        .zip(&outcome.unit_generation_mwh)
        .map(|(unit, &g)| unit.free_allowances_t(g))
        .collect()
}

/// Profit of each unit, €: revenue − (fuel, VOM and full carbon cost) + value of free
/// allowances.
fn unit_profits(scenario: &Scenario, outcome: &Outcome) -> Vec<f64> {
    let tau = outcome.tau_eur_per_t;
    let covered = outcome.unit_covered_emissions_t(scenario);
    scenario
        .units
        .iter()
        .zip(free_allowances(scenario, outcome))
        .enumerate()
        .map(|(u, (unit, free_t))| {
            outcome.unit_revenue_eur[u]
                - unit.fuel_and_vom_cost_eur_per_mwh() * outcome.unit_generation_mwh[u]
                - outcome.unit_startup_cost_eur[u]
                - tau * covered[u]
                + tau * free_t
        })
        .collect()
}

/// Welfare rows per carbon price and zone, and profits per technology. `outcomes` in
/// ascending carbon price; the first is the reference.
pub fn welfare(scenario: &Scenario, outcomes: &[Outcome]) -> (Vec<Welfare>, Vec<TechnologyProfit>) {
    let Some(reference) = outcomes.first() else {
        return (Vec::new(), Vec::new());
    };
    // Consumers pay for the load they are served: demand-response blocks taken are not.
    let given_up = scenario
        .technologies()
        .iter()
        .position(|t| t == crate::DEMAND_RESPONSE);
    // On a demand curve, consumers pay for what it served.
    let consumer_cost = |o: &Outcome, z: usize| -> f64 {
        (0..scenario.hours())
            .map(|h| {
                let dr = given_up.map_or(0.0, |t| o.technology_mw[[h, z, t]]);
                let load = o
                    .served_mw
                    .as_ref()
                    .map_or(scenario.demand_mw[[h, z]], |q| q[[h, z]]);
                o.price_eur_per_mwh(h, z) * (load - dr)
            })
            .sum()
    };
    let surplus = |o: &Outcome, z: usize| -> Option<f64> {
        let served = o.served_mw.as_ref()?;
        Some(
            (0..scenario.hours())
                .filter_map(|h| {
                    let (_, b) = scenario.demand_line(h, z)?;
                    Some(0.5 * b * served[[h, z]].powi(2))
                })
                .sum(),
        )
    };
    let techs = scenario.technologies();
    let tech_of = scenario.technology_index();
    let reference_profits = unit_profits(scenario, reference);
    let (mut rows, mut profits) = (Vec::new(), Vec::new());
    for outcome in outcomes {
        let tau = outcome.tau_eur_per_t;
        let unit_profit = unit_profits(scenario, outcome);
        let free = free_allowances(scenario, outcome);
        let covered = outcome.unit_covered_emissions_t(scenario);
        for (z, zone) in scenario.zones.iter().enumerate() {
            let in_zone = |u: &usize| scenario.units[*u].zone == z;
            let units: Vec<usize> = (0..scenario.units.len()).filter(in_zone).collect();
            let emissions: f64 = units.iter().map(|&u| covered[u]).sum();
            let free_t: f64 = units.iter().map(|&u| free[u]).sum();
            let carbon_cost = tau * (emissions - free_t);
            rows.push(Welfare {
                tau_eur_per_t: outcome.tau_eur_per_t,
                zone: zone.clone(),
                reference_tau_eur_per_t: reference.tau_eur_per_t,
                consumer_cost_change_eur: consumer_cost(outcome, z) - consumer_cost(reference, z),
                carbon_cost_eur: carbon_cost,
                state_revenue_eur: carbon_cost,
                generator_profit_change_eur: units
                    .iter()
                    .map(|&u| unit_profit[u] - reference_profits[u])
                    .sum(),
                free_allowances_t: free_t,
                consumer_surplus_eur: surplus(outcome, z)
                    .zip(surplus(reference, z))
                    .map(|(now, before)| (now, now - before)),
            });
            for (t, technology) in techs.iter().enumerate() {
                let members: Vec<usize> =
                    units.iter().copied().filter(|&u| tech_of[u] == t).collect();
                if members.is_empty() {
                    continue;
                }
                let profit: f64 = members.iter().map(|&u| unit_profit[u]).sum();
                let before: f64 = members.iter().map(|&u| reference_profits[u]).sum();
                let change = profit - before;
                profits.push(TechnologyProfit {
                    tau_eur_per_t: tau,
                    zone: zone.clone(),
                    technology: technology.clone(),
                    profit_eur: profit,
                    profit_change_eur: change,
                    free_allowance_value_eur: tau * members.iter().map(|&u| free[u]).sum::<f64>(),
                    windfall_eur: change.max(0.0),
                });
            }
            if scenario.storage.iter().any(|st| st.zone == z) {
                let (profit, before) = (
                    storage_profit(scenario, outcome, z),
                    storage_profit(scenario, reference, z),
                );
                profits.push(TechnologyProfit {
                    tau_eur_per_t: tau,
                    zone: zone.clone(),
                    technology: "storage".into(),
                    profit_eur: profit,
                    profit_change_eur: profit - before,
                    free_allowance_value_eur: 0.0,
                    windfall_eur: (profit - before).max(0.0),
                });
            }
        }
    }
    (rows, profits)
}

/// Arbitrage profit of the storage units of zone `z`: Σ price · (discharge − charge), €.
fn storage_profit(scenario: &Scenario, outcome: &Outcome, z: usize) -> f64 {
    let st = &outcome.storage;
    let mut profit = 0.0;
    for (s, store) in scenario.storage.iter().enumerate() {
        if store.zone == z {
            for h in 0..scenario.hours() {
                profit += outcome.price_eur_per_mwh(h, z)
                    * (st.discharge_mw[[h, s]] - st.charge_mw[[h, s]]);
            }
        }
    }
    profit
}
