//! Pure functions from a dispatch to the numbers a report needs. Each carbon price's
//! full unit-by-hour dispatch is reduced here right after its solve, so a sweep holds
//! only what it writes.

mod abatement;
mod compensation;
mod exact;
mod firms;
mod passthrough;
mod switching;
mod tables;
mod welfare;

pub use abatement::{abatement, abatement_of, Abatement};
pub use compensation::{compensation, fossil_co2_factor, Aid};
pub use exact::{exact_applies, exact_curve, Piece};
pub use firms::{firms, Firm};
pub use passthrough::{
    passthrough, passthrough_by_hour, passthrough_by_slice, price_setting, PassThrough,
    PriceSetting,
};
pub use switching::{fuel_switches, FuelSwitch, SwitchLevel};
pub use tables::{Tables, TechnologyDispatch};
pub use welfare::{welfare, TechnologyProfit, Welfare};

use ndarray::{Array2, Array3};

use crate::dispatch::{Dispatch, HourPrice, PriceSetter, StorageDispatch};
use crate::scenario::Scenario;

/// What a sweep keeps of one carbon price.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub tau_eur_per_t: f64,
    /// Indexed `[hour, zone]`.
    pub prices: Array2<HourPrice>,
    /// MW, indexed `[hour, zone]`.
    pub unserved_mw: Array2<f64>,
    /// MW, indexed `[hour, zone, technology]` (technologies as `Scenario::technologies`).
    pub technology_mw: Array3<f64>,
    /// MWh over the horizon, per unit.
    pub unit_generation_mwh: Vec<f64>,
    /// t CO2 over the horizon, per unit.
    pub unit_emissions_t: Vec<f64>,
    /// Σ price · generation over the horizon, €, per unit.
    pub unit_revenue_eur: Vec<f64>,
    /// Start-up costs over the horizon, €, per unit.
    pub unit_startup_cost_eur: Vec<f64>,
    /// Σ mc·g + start-up costs + VOLL·unserved, €, per zone.
    pub system_cost_eur: Vec<f64>,
    /// MW over each link, indexed `[hour, link]`.
    pub flow_mw: Array2<f64>,
    /// What storage did, hour by hour.
    pub storage: StorageDispatch,
    /// Per storage unit, the emission intensity of the energy it gives back at the
    /// margin, t/MWh: the charge-weighted intensity of the units setting the price while
    /// it charges, divided by its round-trip efficiency (a price set by storage is the
    /// charging hours' price over η, so it moves with τ by that much). A reservoir that
    /// never charges takes the discharge-weighted intensity of the units setting the
    /// price while it runs: its water value is the price of the units it stands in for.
    pub storage_intensity_t_per_mwh: Vec<f64>,
    /// The performance standard's credit price, €/t (`None` without a standard).
    pub credit_price_eur_per_t: Option<f64>,
    /// Load served on the demand curve, MW, `[hour, zone]` (`None` for fixed load).
    #[serde(default)]
    pub served_mw: Option<Array2<f64>>,
}

impl Outcome {
    /// The first number of the outcome that is not finite, named, if any: results are
    /// never written with one.
    pub fn non_finite(&self) -> Option<String> {
        fn find(what: &str, mut values: impl Iterator<Item = f64>) -> Option<String> {
            values
                .find(|v| !v.is_finite())
                .map(|v| format!("{what} is {v}"))
        }
        find("a price", self.prices.iter().map(|p| p.price_eur_per_mwh))
            .or_else(|| find("a system cost", self.system_cost_eur.iter().copied()))
            .or_else(|| find("a unit's revenue", self.unit_revenue_eur.iter().copied()))
            .or_else(|| {
                find(
                    "a unit's generation",
                    self.unit_generation_mwh.iter().copied(),
                )
            })
            .or_else(|| find("a unit's emissions", self.unit_emissions_t.iter().copied()))
            .or_else(|| find("unserved load", self.unserved_mw.iter().copied()))
            .or_else(|| find("a flow", self.flow_mw.iter().copied()))
    }
}

/// One row of summary.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneSummary {
    pub tau_eur_per_t: f64,
    pub zone: String,
    pub mean_price_eur_per_mwh: f64,
    pub load_weighted_price_eur_per_mwh: f64,
    /// Under the carbon market, t CO2.
    pub emissions_t: f64,
    /// Of units outside the carbon market (imports), t CO2.
    pub emissions_outside_ets_t: f64,
    pub generation_mwh: f64,
    pub unserved_mwh: f64,
    pub system_cost_eur: f64,
    /// The performance standard's credit price, €/t (the same in every zone).
    pub credit_price_eur_per_t: Option<f64>,
}

/// Reduces a dispatch to its outcome (hours are one hour long, so MW·h = MWh).
pub fn reduce(scenario: &Scenario, dispatch: Dispatch) -> Outcome {
    let tau = dispatch.tau_eur_per_t;
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let tech_of = scenario.technology_index();
    let techs = scenario.technologies().len();
    let mut technology_mw = Array3::zeros((hours, zones, techs));
    let units = scenario.units.len();
    let mut unit_generation_mwh = vec![0.0; units];
    let mut unit_revenue_eur = vec![0.0; units];
    // Where each unit adds to an hour's `[zone, technology]` cells, and its zone.
    let cell: Vec<usize> = (scenario.units.iter().zip(&tech_of))
        .map(|(unit, &t)| unit.zone * techs + t)
        .collect();
    let zone_of: Vec<usize> = scenario.units.iter().map(|unit| unit.zone).collect();
    let mut price = vec![0.0; zones];
    // Hour by hour along the rows of `[hour, unit]`; each unit's sums still add its hours
    // in order.
    for (h, row) in dispatch.generation_mw.rows().into_iter().enumerate() {
        for (p, hour) in price.iter_mut().zip(dispatch.prices.row(h)) {
            *p = hour.price_eur_per_mwh;
        }
        let mut by_technology = technology_mw.index_axis_mut(ndarray::Axis(0), h);
        let by_technology = by_technology
            .as_slice_mut()
            .expect("an hour of [hour, zone, technology] is contiguous");
        for (u, &g) in row.iter().enumerate() {
            by_technology[cell[u]] += g;
            unit_generation_mwh[u] += g;
            unit_revenue_eur[u] += g * price[zone_of[u]];
        }
    }
    let unit_startup_cost_eur = dispatch.unit_startup_cost_eur(scenario);
    let system_cost_eur =
        dispatch.zone_costs_of_eur(scenario, &unit_generation_mwh, &unit_startup_cost_eur);
    let unit_emissions_t = scenario
        .units
        .iter()
        .zip(&unit_generation_mwh)
        .map(|(unit, g)| unit.emission_intensity_t_per_mwh() * g)
        .collect();
    let storage_intensity_t_per_mwh = scenario
        .storage
        .iter()
        .enumerate()
        .map(|(s, store)| {
            // Σ weight · intensity and Σ weight over the hours a unit sets the price.
            let weighted = |weight: &Array2<f64>| {
                let (mut sum, mut total) = (0.0, 0.0);
                for h in 0..hours {
                    let w = weight[[h, s]];
                    if let (true, PriceSetter::Unit(u)) =
                        (w > 0.0, dispatch.prices[[h, store.zone]].setter)
                    {
                        sum += w * scenario.units[u].emission_intensity_t_per_mwh();
                        total += w;
                    }
                }
                (total > 0.0).then(|| sum / total)
            };
            weighted(&dispatch.storage.charge_mw)
                .map(|e| e / store.efficiency_roundtrip)
                .or_else(|| weighted(&dispatch.storage.discharge_mw))
                .unwrap_or(0.0)
        })
        .collect();
    Outcome {
        tau_eur_per_t: tau,
        storage: dispatch.storage,
        storage_intensity_t_per_mwh,
        prices: dispatch.prices,
        unserved_mw: dispatch.unserved_mw,
        technology_mw,
        unit_generation_mwh,
        unit_emissions_t,
        unit_revenue_eur,
        unit_startup_cost_eur,
        system_cost_eur,
        flow_mw: dispatch.flow_mw,
        credit_price_eur_per_t: dispatch.credit_price_eur_per_t,
        served_mw: dispatch.served_mw,
    }
}

impl Outcome {
    pub fn price_eur_per_mwh(&self, hour: usize, zone: usize) -> f64 {
        self.prices[[hour, zone]].price_eur_per_mwh
    }

    /// Emissions under the carbon market of each unit, t CO2.
    pub fn unit_covered_emissions_t(&self, scenario: &Scenario) -> Vec<f64> {
        (scenario.units.iter())
            .zip(&self.unit_generation_mwh)
            .map(|(unit, &g)| unit.covered_emissions_t(g))
            .collect()
    }

    /// Emissions under the carbon market, all zones, t CO2.
    pub fn emissions_t(&self, scenario: &Scenario) -> f64 {
        self.unit_covered_emissions_t(scenario).iter().sum()
    }

    /// Emissions of units outside the carbon market, all zones, t CO2.
    pub fn emissions_outside_ets_t(&self, scenario: &Scenario) -> f64 {
        let covered = self.unit_covered_emissions_t(scenario);
        (self.unit_emissions_t.iter().zip(&covered))
            .map(|(all, covered)| all - covered)
            .sum()
    }

    /// Total system cost of all zones, €.
    pub fn system_cost_eur(&self) -> f64 {
        self.system_cost_eur.iter().sum()
    }

    /// One summary row per zone.
    pub fn summary(&self, scenario: &Scenario) -> Vec<ZoneSummary> {
        let hours = scenario.hours();
        let covered = self.unit_covered_emissions_t(scenario);
        (0..scenario.zones.len())
            .map(|z| {
                let load = scenario.demand_mw.column(z);
                let prices: Vec<f64> = (0..hours).map(|h| self.price_eur_per_mwh(h, z)).collect();
                let total_load: f64 = load.sum();
                let weighted: f64 = prices.iter().zip(load.iter()).map(|(p, d)| p * d).sum();
                let in_zone = |values: &[f64]| -> f64 {
                    scenario
                        .units
                        .iter()
                        .zip(values)
                        .filter(|(unit, _)| unit.zone == z && !unit.is_demand_response())
                        .map(|(_, v)| v)
                        .sum()
                };
                ZoneSummary {
                    tau_eur_per_t: self.tau_eur_per_t,
                    zone: scenario.zones[z].clone(),
                    mean_price_eur_per_mwh: prices.iter().sum::<f64>() / hours.max(1) as f64,
                    load_weighted_price_eur_per_mwh: if total_load > 0.0 {
                        weighted / total_load
                    } else {
                        f64::NAN
                    },
                    emissions_t: in_zone(&covered),
                    emissions_outside_ets_t: in_zone(&self.unit_emissions_t) - in_zone(&covered),
                    generation_mwh: in_zone(&self.unit_generation_mwh),
                    unserved_mwh: self.unserved_mw.column(z).sum(),
                    system_cost_eur: self.system_cost_eur[z],
                    credit_price_eur_per_t: self.credit_price_eur_per_t,
                }
            })
            .collect()
    }
}
