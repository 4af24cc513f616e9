//! Pass-through of the carbon price into the power price, and who sets the price.

use super::{Outcome, ZoneSummary};
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
}

/// One row of price_setting.csv: how often a technology sets a zone's price.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceSetting {
    pub tau_eur_per_t: f64,
    pub zone: String,
    /// A technology of the scenario, or `shortage`.
    pub technology: String,
    pub share_of_hours: f64,
    /// Mean emission intensity of the price-setting units in those hours, t/MWh.
    pub emission_intensity_t_per_mwh: f64,
}

/// Emission intensity of the unit that sets the price (0 for shortage), t/MWh.
fn setter_intensity(scenario: &Scenario, price: &HourPrice) -> f64 {
    match price.setter {
        PriceSetter::Unit(u) => scenario.units[u].emission_intensity_t_per_mwh(),
        PriceSetter::Shortage => 0.0,
    }
}

/// Pass-through between every pair of neighbouring carbon prices (outcomes in ascending
/// carbon price), per zone.
pub fn passthrough(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<PassThrough> {
    let summaries: Vec<Vec<ZoneSummary>> = outcomes.iter().map(|o| o.summary(scenario)).collect();
    let mut rows = Vec::new();
    for i in 1..outcomes.len() {
        let (a, b) = (&outcomes[i - 1], &outcomes[i]);
        let (sa, sb) = (&summaries[i - 1], &summaries[i]);
        let dtau = b.tau_eur_per_t - a.tau_eur_per_t;
        for (z, zone) in scenario.zones.iter().enumerate() {
            let load = scenario.demand_mw.column(z);
            let total: f64 = load.sum();
            let weighted_intensity = |o: &Outcome| -> f64 {
                load.iter()
                    .enumerate()
                    .map(|(h, d)| d * setter_intensity(scenario, &o.prices[[h, z]]))
                    .sum::<f64>()
                    / total
            };
            let dp_dtau = (sb[z].load_weighted_price_eur_per_mwh
                - sa[z].load_weighted_price_eur_per_mwh)
                / dtau;
            let intensity = 0.5 * (weighted_intensity(a) + weighted_intensity(b));
            rows.push(PassThrough {
                tau_from_eur_per_t: a.tau_eur_per_t,
                tau_to_eur_per_t: b.tau_eur_per_t,
                zone: zone.clone(),
                dp_dtau_t_per_mwh: dp_dtau,
                price_setting_intensity_t_per_mwh: intensity,
                passthrough_rate: if intensity > 0.0 {
                    dp_dtau / intensity
                } else {
                    f64::NAN
                },
            });
        }
    }
    rows
}

/// For each carbon price and zone, the share of hours each technology sets the price.
/// Technologies that never set it are left out.
pub fn price_setting(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<PriceSetting> {
    let mut technologies = scenario.technologies();
    technologies.push("shortage".into());
    let shortage = technologies.len() - 1;
    let tech_of = scenario.technology_index();
    let hours = scenario.hours();
    let mut rows = Vec::new();
    for outcome in outcomes {
        for (z, zone) in scenario.zones.iter().enumerate() {
            let mut count = vec![0usize; technologies.len()];
            let mut intensity = vec![0.0; technologies.len()];
            for h in 0..hours {
                let price = &outcome.prices[[h, z]];
                let t = match price.setter {
                    PriceSetter::Unit(u) => tech_of[u],
                    PriceSetter::Shortage => shortage,
                };
                count[t] += 1;
                intensity[t] += setter_intensity(scenario, price);
            }
            for (t, technology) in technologies.iter().enumerate() {
                if count[t] > 0 {
                    rows.push(PriceSetting {
                        tau_eur_per_t: outcome.tau_eur_per_t,
                        zone: zone.clone(),
                        technology: technology.clone(),
                        share_of_hours: count[t] as f64 / hours as f64,
                        emission_intensity_t_per_mwh: intensity[t] / count[t] as f64,
                    });
                }
            }
        }
    }
    rows
}
