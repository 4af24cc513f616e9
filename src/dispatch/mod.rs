//! Economic dispatch for one carbon price: the LP (`model`'s statement, solved by
//! `solve`, cold or warm) and the exact merit-order path, which share one price rule.
//! Knows nothing of files or plots.

pub mod cap_search;
mod finish;
pub mod lp;
pub mod merit;
mod pricing;
pub mod rolling;
pub mod tariff;
pub mod warm;

use ndarray::Array2;

use crate::error::Result;
use crate::scenario::Scenario;
pub(crate) use crate::util::bound_tolerance_mw;

pub use pricing::{price_hour, HourPrice};

/// How a dispatch is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Linear program solved by HiGHS; the price is the dual of the energy balance.
    #[default]
    Lp,
    /// Sort units by marginal cost in every hour; exact where hours are not coupled.
    MeritOrder,
}

/// Who sets the price of a zone in an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PriceSetter {
    /// Index into `Scenario::units`.
    Unit(usize),
    /// Load is shed: the price is the value of lost load.
    Shortage,
    /// A regulated tariff: the zone's average cost over the horizon.
    Tariff,
    /// A storage unit (index into `Scenario::storage`) charging or discharging between
    /// its limits: the price is its value of stored energy, set in other hours.
    Storage(usize),
    /// The demand curve: every unit is at a limit of its output and consumers' willingness
    /// to pay at the load served sets the price.
    Demand,
}

/// The dispatch of one carbon price, hour by hour.
#[derive(Debug, Clone)]
pub struct Dispatch {
    pub tau_eur_per_t: f64,
    /// MW, indexed `[hour, unit]`.
    pub generation_mw: Array2<f64>,
    /// MW, indexed `[hour, zone]`.
    pub unserved_mw: Array2<f64>,
    /// Price, price setter and uniqueness of the dual, indexed `[hour, zone]`.
    pub prices: Array2<HourPrice>,
    /// MW over each link (positive from `from` to `to`), indexed `[hour, link]`.
    pub flow_mw: Array2<f64>,
    /// Storage charging, discharging and state of charge at the end of each hour.
    pub storage: StorageDispatch,
    /// Capacity online and capacity started, MW, indexed `[hour, unit]` (0 for units
    /// without commitment; no rows at all where the method commits no unit, see
    /// `no_commitment`).
    pub online_mw: Array2<f64>,
    pub startup_mw: Array2<f64>,
    /// The performance standard's credit price, €/t CO2 (`None` without a standard).
    pub credit_price_eur_per_t: Option<f64>,
    /// Load served on the demand curve, MW, `[hour, zone]` (`None` for fixed load).
    pub served_mw: Option<Array2<f64>>,
}

/// What storage units do, hour by hour; every array is indexed `[hour, storage]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StorageDispatch {
    /// Power drawn from the grid, MW.
    pub charge_mw: Array2<f64>,
    /// Power given to the grid, MW.
    pub discharge_mw: Array2<f64>,
    /// Energy stored at the end of the hour, MWh.
    pub state_of_charge_mwh: Array2<f64>,
    /// Inflow spilled, MW.
    pub spill_mw: Array2<f64>,
}

impl StorageDispatch {
    /// Idle storage (for dispatches that do not use it: there is none in the scenario).
    pub fn idle(scenario: &Scenario) -> Self {
        let shape = (scenario.hours(), scenario.storage.len());
        StorageDispatch {
            charge_mw: Array2::zeros(shape),
            discharge_mw: Array2::zeros(shape),
            state_of_charge_mwh: Array2::zeros(shape),
            spill_mw: Array2::zeros(shape),
        }
    }
}

/// Dispatches the scenario at carbon price `tau_eur_per_t` and prices it by the
/// scenario's pricing rule.
pub fn dispatch(scenario: &Scenario, tau_eur_per_t: f64, method: Method) -> Result<Dispatch> {
    priced(scenario, tau_eur_per_t, || match method {
        Method::Lp => match scenario.windows() {
            Some(rolling) => rolling::solve(scenario, tau_eur_per_t, rolling),
            None => lp::solve(scenario, tau_eur_per_t),
        },
        Method::MeritOrder if !scenario.merit_order_is_exact() => Err(crate::Error::Usage(
            "the merit order fills each zone from its own units hour by hour and cannot \
             follow links between zones or storage between hours; use --method lp (or auto)"
                .into(),
        )),
        Method::MeritOrder => Ok(merit::solve(scenario, tau_eur_per_t)),
    })
}

/// As `dispatch` with the LP, solved on `chain`'s model, warm from its previous solve.
pub fn dispatch_warm(chain: &mut warm::Chain, tau_eur_per_t: f64) -> Result<Dispatch> {
    priced(chain.scenario(), tau_eur_per_t, || {
        chain.solve(tau_eur_per_t)
    })
}

/// The least-cost dispatch priced by the scenario's pricing rule (administered dispatch
/// does not use it).
pub(crate) fn priced(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    least_cost: impl FnOnce() -> Result<Dispatch>,
) -> Result<Dispatch> {
    use crate::scenario::Pricing;
    match scenario.market.pricing {
        Pricing::Marginal => least_cost(),
        Pricing::AverageCost => least_cost().map(|mut d| {
            tariff::apply_tariff(scenario, tau_eur_per_t, &mut d);
            d
        }),
        Pricing::Administered => Ok(tariff::equal_hours(scenario, tau_eur_per_t)),
    }
}

/// `online_mw` and `startup_mw` of a dispatch that commits no unit (the merit order,
/// administered dispatch): a column per unit and no hours, so that sums over the hours
/// are 0 without a zero per unit-hour being stored.
pub(crate) fn no_commitment(scenario: &Scenario) -> Array2<f64> {
    Array2::zeros((0, scenario.units.len()))
}

/// Whether a link's flow is at its limit in the flow's direction, so that the zones it
/// joins may have different prices. A link that cannot carry anything back is at that
/// limit when it carries nothing.
pub(crate) fn is_congested(flow_mw: f64, link: &crate::scenario::Link) -> bool {
    let limit = link.limit_mw(flow_mw);
    let at_forward = flow_mw >= link.capacity_mw - bound_tolerance_mw(link.capacity_mw);
    let at_reverse =
        -flow_mw >= link.capacity_reverse_mw - bound_tolerance_mw(link.capacity_reverse_mw);
    debug_assert!(flow_mw.abs() <= limit + bound_tolerance_mw(limit));
    at_forward || at_reverse
}

impl Dispatch {
    /// The system cost of each zone, €: Σ marginal cost · generation + start-up costs +
    /// VOLL · unserved over the horizon — true costs, carbon included, markups not (where
    /// no unit has a markup, the LP's objective). The one definition: summaries and
    /// tests read it.
    pub fn zone_costs_eur(&self, scenario: &Scenario) -> Vec<f64> {
        // Each unit's hours summed in order, along the rows of `[hour, unit]`.
        let mut generated_mwh = vec![0.0; scenario.units.len()];
        for row in self.generation_mw.rows() {
            for (sum, g) in generated_mwh.iter_mut().zip(row) {
                *sum += g;
            }
        }
        let startup = self.unit_startup_cost_eur(scenario);
        self.zone_costs_of_eur(scenario, &generated_mwh, &startup)
    }

    /// `zone_costs_eur` from each unit's generation over the horizon, MWh, and start-up
    /// costs, € (as `unit_startup_cost_eur`), where they are known already.
    pub(crate) fn zone_costs_of_eur(
        &self,
        scenario: &Scenario,
        generated_mwh: &[f64],
        startup_eur: &[f64],
    ) -> Vec<f64> {
        let mut cost = vec![0.0; scenario.zones.len()];
        for (unit, generated_mwh) in scenario.units.iter().zip(generated_mwh) {
            cost[unit.zone] += unit.marginal_cost_eur_per_mwh(self.tau_eur_per_t) * generated_mwh;
        }
        for (unit, startup) in scenario.units.iter().zip(startup_eur) {
            cost[unit.zone] += startup;
        }
        for (c, unserved) in cost.iter_mut().zip(self.unserved_mw.columns()) {
            *c += scenario.market.voll_eur_per_mwh * unserved.sum();
        }
        cost
    }

    /// The system cost of all zones, €.
    pub fn system_cost_eur(&self, scenario: &Scenario) -> f64 {
        self.zone_costs_eur(scenario).iter().sum()
    }

    /// Σ start-up cost · capacity started, €.
    pub fn startup_cost_eur(&self, scenario: &Scenario) -> f64 {
        self.unit_startup_cost_eur(scenario).iter().sum()
    }

    /// Start-up cost · capacity started over the horizon, €, per unit.
    pub fn unit_startup_cost_eur(&self, scenario: &Scenario) -> Vec<f64> {
        (scenario.units.iter())
            .zip(self.startup_mw.columns())
            .map(|(unit, started)| unit.startup_cost_eur_per_mw() * started.sum())
            .collect()
    }

    /// Emissions under the carbon market, t CO2 (units outside it count as 0).
    pub fn emissions_t(&self, scenario: &Scenario) -> f64 {
        (scenario.units.iter().enumerate())
            .map(|(u, unit)| unit.covered_emissions_t(self.generation_mw.column(u).sum()))
            .sum()
    }
}
