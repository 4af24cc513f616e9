//! Everything a result folder shows, computed once from a sweep's outcomes into plain
//! values: the CSV writers and the plots only read these.

use super::{
    abatement_of, fuel_switches, passthrough, passthrough_by_hour, passthrough_by_slice,
    price_setting, welfare, Abatement, FuelSwitch, Outcome, PassThrough, PriceSetting,
    TechnologyProfit, Welfare, ZoneSummary,
};
use crate::scenario::Scenario;

/// Generation and emissions of one technology in one zone at one carbon price.
#[derive(Debug, Clone, PartialEq)]
pub struct TechnologyDispatch {
    pub tau_eur_per_t: f64,
    pub zone: String,
    pub technology: String,
    pub generation_mwh: f64,
    pub emissions_t: f64,
    /// Of the zone's generation; 0 where the zone generates nothing.
    pub share_of_generation: f64,
}

/// The tables of a result folder.
#[derive(Debug, Clone)]
pub struct Tables {
    /// Indexed `[carbon price][zone]`.
    pub summary: Vec<Vec<ZoneSummary>>,
    pub passthrough: Vec<PassThrough>,
    /// Per time slice (name, hours, rows); empty where the scenario has no calendar.
    pub slices: Vec<(String, usize, Vec<PassThrough>)>,
    /// Per hour; empty unless asked for.
    pub hourly: Vec<Vec<PassThrough>>,
    pub price_setting: Vec<PriceSetting>,
    pub abatement: Vec<Abatement>,
    pub fuel_switches: Vec<FuelSwitch>,
    pub welfare: Vec<Welfare>,
    pub profits: Vec<TechnologyProfit>,
    pub dispatch: Vec<TechnologyDispatch>,
    /// Emissions under the carbon market, all zones, per carbon price, t CO2.
    pub emissions_t: Vec<f64>,
    /// The exact pass-through curve (`--exact`), zone by zone; empty unless asked.
    pub exact: Vec<super::Piece>,
    /// Indirect-cost compensation of the scenario's products; empty without any.
    pub compensation: Vec<super::Aid>,
    /// Cournot firms by carbon price and zone; empty without Cournot.
    pub firms: Vec<super::Firm>,
}

impl Tables {
    /// The tables of `outcomes` (in ascending carbon price); the pass-through of every
    /// hour only where `hourly` asks for it.
    pub fn of(scenario: &Scenario, outcomes: &[Outcome], hourly: bool) -> Tables {
        // The tables do not depend on each other: the ones that read every hour are
        // made side by side (each by one thread, so the same numbers).
        let taus: Vec<f64> = outcomes.iter().map(|o| o.tau_eur_per_t).collect();
        let ((summary, passthrough), ((slices, hourly), (price_setting, fuel_switches))) =
            rayon::join(
                || {
                    rayon::join(
                        || -> Vec<Vec<ZoneSummary>> {
                            outcomes.iter().map(|o| o.summary(scenario)).collect()
                        },
                        || passthrough(scenario, outcomes),
                    )
                },
                || {
                    rayon::join(
                        || {
                            rayon::join(
                                || match &scenario.calendar {
                                    Some(calendar) => {
                                        passthrough_by_slice(scenario, outcomes, &calendar.slices())
                                    }
                                    None => Vec::new(),
                                },
                                || match hourly {
                                    true => passthrough_by_hour(scenario, outcomes),
                                    false => Vec::new(),
                                },
                            )
                        },
                        || {
                            rayon::join(
                                || price_setting(scenario, outcomes),
                                || fuel_switches(scenario, &taus),
                            )
                        },
                    )
                },
            );
        let (welfare, profits) = welfare(scenario, outcomes);
        Tables {
            abatement: abatement_of(&summary),
            summary,
            passthrough,
            slices,
            hourly,
            price_setting,
            fuel_switches,
            welfare,
            profits,
            dispatch: outcomes
                .iter()
                .flat_map(|o| technology_dispatch(scenario, o))
                .collect(),
            emissions_t: outcomes.iter().map(|o| o.emissions_t(scenario)).collect(),
            exact: Vec::new(),
            compensation: super::compensation(scenario, outcomes),
            firms: super::firms(scenario, outcomes),
        }
    }
}

/// Generation and emissions by zone and technology (technologies a zone has, in order of
/// first appearance in units.csv).
fn technology_dispatch(scenario: &Scenario, outcome: &Outcome) -> Vec<TechnologyDispatch> {
    let techs = scenario.technologies();
    let tech_of = scenario.technology_index();
    let mut rows = Vec::new();
    for (z, zone) in scenario.zones.iter().enumerate() {
        let mut generation = vec![0.0; techs.len()];
        let mut emissions = vec![0.0; techs.len()];
        let mut present = vec![false; techs.len()];
        for (u, unit) in scenario.units.iter().enumerate() {
            if unit.zone == z {
                generation[tech_of[u]] += outcome.unit_generation_mwh[u];
                emissions[tech_of[u]] += outcome.unit_emissions_t[u];
                present[tech_of[u]] = true;
            }
        }
        let total: f64 = generation.iter().sum();
        for (t, tech) in techs.iter().enumerate() {
            if present[t] {
                rows.push(TechnologyDispatch {
                    tau_eur_per_t: outcome.tau_eur_per_t,
                    zone: zone.clone(),
                    technology: tech.clone(),
                    generation_mwh: generation[t],
                    emissions_t: emissions[t],
                    share_of_generation: if total > 0.0 {
                        generation[t] / total
                    } else {
                        0.0
                    },
                });
            }
        }
    }
    rows
}
