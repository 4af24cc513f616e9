//! The abatement curve: how far emissions fall as the carbon price rises, against the
//! lowest carbon price of the sweep. The generation mix behind it is `dispatch.csv`.

use super::{Outcome, ZoneSummary};
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq)]
pub struct Abatement {
    pub tau_eur_per_t: f64,
    pub zone: String,
    pub emissions_t: f64,
    /// Emissions at the reference carbon price minus emissions here, t CO2.
    pub abatement_t: f64,
    /// `abatement_t` over the reference emissions; NaN where those are zero.
    pub abatement_share: f64,
    /// Emissions per MWh generated in the zone, t/MWh.
    pub generation_intensity_t_per_mwh: f64,
    /// Emissions of units outside the carbon market (imports), t CO2.
    pub emissions_outside_ets_t: f64,
    /// Their rise against the reference carbon price, t CO2.
    pub leakage_t: f64,
    /// `leakage_t` over `abatement_t`; NaN where nothing is abated.
    pub leakage_share: f64,
}

/// One row per carbon price and zone; `outcomes` in ascending carbon price.
pub fn abatement(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<Abatement> {
    let summaries: Vec<_> = outcomes.iter().map(|o| o.summary(scenario)).collect();
    abatement_of(&summaries)
}

/// As `abatement`, from the summary rows of each carbon price (by zone).
pub fn abatement_of(summaries: &[Vec<ZoneSummary>]) -> Vec<Abatement> {
    let Some(before) = summaries.first() else {
        return Vec::new();
    };
    summaries
        .iter()
        .flat_map(|rows| {
            rows.iter()
                .cloned()
                .zip(before)
                .map(|(s, r)| {
                    let abated = r.emissions_t - s.emissions_t;
                    Abatement {
                        tau_eur_per_t: s.tau_eur_per_t,
                        zone: s.zone,
                        emissions_t: s.emissions_t,
                        abatement_t: abated,
                        abatement_share: if r.emissions_t > 0.0 {
                            abated / r.emissions_t
                        } else {
                            f64::NAN
                        },
                        generation_intensity_t_per_mwh: if s.generation_mwh > 0.0 {
                            (s.emissions_t + s.emissions_outside_ets_t) / s.generation_mwh
                        } else {
                            f64::NAN
                        },
                        emissions_outside_ets_t: s.emissions_outside_ets_t,
                        leakage_t: s.emissions_outside_ets_t - r.emissions_outside_ets_t,
                        leakage_share: if abated != 0.0 {
                            (s.emissions_outside_ets_t - r.emissions_outside_ets_t) / abated
                        } else {
                            f64::NAN
                        },
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
