//! Indirect-cost compensation (FRAMEWORK.md §4, EU state aid to electricity-intensive
//! industry): aid = aid intensity × CO2 factor of the price zone's fossil generation ×
//! carbon price × the product's electricity-efficiency benchmark × baseline output. The
//! CO2 factor is the modelled one: emissions over generation of the zone's units in the
//! carbon market whose fuel emits, at that carbon price. The sweep's τ stands for the
//! allowance forward price of the year before, which the rule uses.

use super::Outcome;
use crate::scenario::Scenario;

/// One row of compensation_aid.csv: a product at a carbon price.
#[derive(Debug, Clone, PartialEq)]
pub struct Aid {
    pub tau_eur_per_t: f64,
    pub product: String,
    pub zone: String,
    /// t CO2 per MWh of the zone's fossil generation at this carbon price.
    pub fossil_co2_factor_t_per_mwh: f64,
    pub aid_eur: f64,
}

/// The CO2 factor of zone `z`'s fossil generation in outcome `o`, t/MWh (0 without any).
pub fn fossil_co2_factor(scenario: &Scenario, o: &Outcome, z: usize) -> f64 {
    let (mut emitted, mut generated) = (0.0, 0.0);
    for (u, unit) in scenario.units.iter().enumerate() {
        let fossil = unit.co2_t_per_mwh_th > 0.0 && unit.efficiency.is_some();
        if unit.zone == z && fossil && !unit.outside_ets {
            emitted += o.unit_emissions_t[u];
            generated += o.unit_generation_mwh[u];
        }
    }
    if generated > 0.0 {
        emitted / generated
    } else {
        0.0
    }
}

/// The aid of every product at every carbon price, carbon price by carbon price.
pub fn compensation(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<Aid> {
    outcomes
        .iter()
        .flat_map(|o| {
            scenario.compensation.iter().map(move |p| {
                let factor = fossil_co2_factor(scenario, o, p.zone);
                Aid {
                    tau_eur_per_t: o.tau_eur_per_t,
                    product: p.name.clone(),
                    zone: scenario.zones[p.zone].clone(),
                    fossil_co2_factor_t_per_mwh: factor,
                    aid_eur: p.aid_intensity
                        * factor
                        * o.tau_eur_per_t
                        * p.electricity_benchmark_mwh_per_t
                        * p.baseline_output_t,
                }
            })
        })
        .collect()
}
