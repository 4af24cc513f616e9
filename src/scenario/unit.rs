//! A generating unit: what it is (name, zone, technology, fuel, capacity, efficiency,
//! availability) and its parameters — every other number units.csv gives it, kept by
//! schema column as given, with the schema's default where not. The single definitions of
//! its costs, offer and emissions live here; every path (LP, merit order, analysis) calls
//! them.

use std::collections::BTreeMap;

use crate::schema::{units, Column};

/// A generating unit (or technology block) with its fuel already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub name: String,
    /// Index into `Scenario::zones`.
    pub zone: usize,
    pub technology: String,
    pub fuel: String,
    pub capacity_mw: f64,
    /// Net fuel-to-power efficiency; `None` for units without fuel.
    pub efficiency: Option<f64>,
    pub fuel_price_eur_per_mwh_th: f64,
    pub co2_t_per_mwh_th: f64,
    pub availability: Availability,
    /// Owner, for markups by firm; empty if not given.
    pub firm: String,
    /// Outside the carbon market (an import block, a neighbour without a carbon price):
    /// pays no carbon price, and its emissions count as leakage, not under the ETS.
    pub outside_ets: bool,
    /// A must-run share that changes hour by hour (heat-led CHP): index of its profile;
    /// `None` for the constant `must_run_share`.
    pub must_run_profile: Option<usize>,
    /// The unit's other numbers, by column of units.csv.
    pub params: Params,
}

/// Numbers given for a unit, by column of units.csv (`schema::units`); a column not
/// given takes its schema default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params(BTreeMap<&'static str, f64>);

impl Params {
    /// Gives `column` the number `value`.
    pub fn set(&mut self, column: &Column, value: f64) {
        self.0.insert(column.name, value);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Availability {
    /// The same share of capacity in every hour.
    Constant(f64),
    /// Index into `Scenario::profile_names` / the columns of `Scenario::profiles`.
    Profile(usize),
}

impl Unit {
    /// A fuelled unit; `fuel_price` and `co2` are per MWh thermal.
    #[allow(clippy::too_many_arguments)]
    pub fn thermal(
        name: &str,
        technology: &str,
        fuel: &str,
        capacity_mw: f64,
        efficiency: f64,
        fuel_price_eur_per_mwh_th: f64,
        co2_t_per_mwh_th: f64,
        vom_eur_per_mwh: f64,
    ) -> Self {
        Unit {
            fuel: fuel.into(),
            efficiency: Some(efficiency),
            fuel_price_eur_per_mwh_th,
            co2_t_per_mwh_th,
            ..Unit::fuelless(name, technology, capacity_mw, vom_eur_per_mwh)
        }
    }

    /// A unit without fuel (wind, solar, hydro, or a block with a given cost).
    pub fn fuelless(name: &str, technology: &str, capacity_mw: f64, vom_eur_per_mwh: f64) -> Self {
        Unit {
            name: name.into(),
            zone: 0,
            technology: technology.into(),
            fuel: super::NO_FUEL.into(),
            capacity_mw,
            efficiency: None,
            fuel_price_eur_per_mwh_th: 0.0,
            co2_t_per_mwh_th: 0.0,
            availability: Availability::Constant(1.0),
            firm: String::new(),
            outside_ets: false,
            must_run_profile: None,
            params: Params::default(),
        }
        .with(&units::VOM, vom_eur_per_mwh)
    }

    /// The number given for `column`, if any.
    pub fn given(&self, column: &Column) -> Option<f64> {
        self.params.0.get(column.name).copied()
    }

    /// The number of `column`: as given, else the schema's default.
    pub fn value(&self, column: &Column) -> f64 {
        self.given(column)
            .or(column.default_number())
            .unwrap_or_else(|| panic!("units.csv `{}` has no default number", column.name))
    }

    /// Gives `column` the number `value`.
    pub fn set(&mut self, column: &Column, value: f64) {
        self.params.set(column, value);
    }

    /// Takes back what was given for `column`: it is then the schema's default.
    pub fn clear(&mut self, column: &Column) {
        self.params.0.remove(column.name);
    }

    pub fn with(mut self, column: &Column, value: f64) -> Self {
        self.set(column, value);
        self
    }

    pub fn in_zone(mut self, zone: usize) -> Self {
        self.zone = zone;
        self
    }

    pub fn with_availability(mut self, availability: Availability) -> Self {
        self.availability = availability;
        self
    }

    pub fn with_free_allocation(self, share: f64) -> Self {
        self.with(&units::FREE_SHARE, share)
    }

    pub fn with_benchmark(self, benchmark_t_per_mwh: f64) -> Self {
        self.with(&units::BENCHMARK, benchmark_t_per_mwh)
    }

    pub fn with_markup(self, markup: f64) -> Self {
        self.with(&units::MARKUP, markup)
    }

    pub fn with_must_run(self, share: f64) -> Self {
        self.with(&units::MUST_RUN, share)
    }

    /// A linearised commitment: a minimum stable load (share of the capacity online) and
    /// a cost per MW brought online.
    pub fn with_commitment(self, min_stable_share: f64, startup_cost_eur_per_mw: f64) -> Self {
        self.with(&units::MIN_STABLE, min_stable_share)
            .with(&units::STARTUP_COST, startup_cost_eur_per_mw)
    }

    pub fn with_ramp(self, mw_per_h: f64) -> Self {
        self.with(&units::RAMP, mw_per_h)
    }

    pub fn outside_ets(mut self) -> Self {
        self.outside_ets = true;
        self
    }

    /// Variable operation and maintenance cost, €/MWh_el.
    pub fn vom_eur_per_mwh(&self) -> f64 {
        self.value(&units::VOM)
    }

    /// Share of the unit's emissions covered by freely allocated allowances (lump-sum:
    /// it changes profits and the state's revenue, not the marginal cost).
    pub fn free_allocation_share(&self) -> f64 {
        self.value(&units::FREE_SHARE)
    }

    /// Output-based allocation: free allowances per MWh generated, t/MWh. They lower the
    /// marginal cost to `c + τ·(e − b)`.
    pub fn benchmark_t_per_mwh(&self) -> f64 {
        self.value(&units::BENCHMARK)
    }

    /// Market power: the unit offers at (1 + markup) × its marginal cost (a Lerner index
    /// of markup / (1 + markup)). 0 is competitive.
    pub fn markup(&self) -> f64 {
        self.value(&units::MARKUP)
    }

    /// Share of its available capacity the unit runs in every hour whatever the price
    /// (where `must_run_profile` is `None`; else the profile gives it hour by hour).
    pub fn must_run_share(&self) -> f64 {
        self.value(&units::MUST_RUN)
    }

    /// Largest change of output from one hour to the next, MW per hour; `None` for none.
    pub fn ramp_mw_per_h(&self) -> Option<f64> {
        self.given(&units::RAMP)
    }

    /// Minimum stable load, as a share of the capacity online (committed), fraction 0–1.
    pub fn min_stable_share(&self) -> f64 {
        self.value(&units::MIN_STABLE)
    }

    /// Cost of bringing capacity online, € per MW started.
    pub fn startup_cost_eur_per_mw(&self) -> f64 {
        self.value(&units::STARTUP_COST)
    }

    /// A demand-response block: its "generation" is load given up, not produced.
    pub fn is_demand_response(&self) -> bool {
        self.technology == super::DEMAND_RESPONSE
    }

    /// Whether the unit has capacity online as a variable of its own (a minimum stable
    /// load or a start-up cost).
    pub fn is_committed(&self) -> bool {
        self.min_stable_share() > 0.0 || self.startup_cost_eur_per_mw() > 0.0
    }

    /// Whether a limit of the unit's own ties its hours (ramping or commitment).
    pub fn ties_hours(&self) -> bool {
        self.ramp_mw_per_h().is_some() || self.is_committed()
    }

    /// Cost without carbon, `c = fuel_price / η + vom` (€/MWh_el).
    pub fn fuel_and_vom_cost_eur_per_mwh(&self) -> f64 {
        match self.efficiency {
            Some(eta) => self.fuel_price_eur_per_mwh_th / eta + self.vom_eur_per_mwh(),
            None => self.vom_eur_per_mwh(),
        }
    }

    /// Electrical emission intensity `e = co2 / η` (t/MWh_el).
    pub fn emission_intensity_t_per_mwh(&self) -> f64 {
        match self.efficiency {
            Some(eta) => self.co2_t_per_mwh_th / eta,
            None => 0.0,
        }
    }

    /// Emission intensity that needs allowances, t/MWh: `e`, or 0 outside the carbon
    /// market.
    pub fn covered_intensity_t_per_mwh(&self) -> f64 {
        if self.outside_ets {
            0.0
        } else {
            self.emission_intensity_t_per_mwh()
        }
    }

    /// Carbon cost per MWh per €/t at the margin, `e − b`, t/MWh: the emission intensity
    /// less the output-based allocation an extra MWh earns. Negative where b > e; 0
    /// outside the carbon market.
    pub fn net_intensity_t_per_mwh(&self) -> f64 {
        if self.outside_ets {
            0.0
        } else {
            self.emission_intensity_t_per_mwh() - self.benchmark_t_per_mwh()
        }
    }

    /// Tonnes that need allowances when the unit generates `generation_mwh`.
    pub fn covered_emissions_t(&self, generation_mwh: f64) -> f64 {
        self.covered_intensity_t_per_mwh() * generation_mwh
    }

    /// Allowances the unit receives free for `generation_mwh`: its lump-sum share of its
    /// covered emissions plus its output-based benchmark times its generation.
    pub fn free_allowances_t(&self, generation_mwh: f64) -> f64 {
        if self.outside_ets {
            0.0
        } else {
            self.free_allocation_share() * self.covered_emissions_t(generation_mwh)
                + self.benchmark_t_per_mwh() * generation_mwh
        }
    }

    /// The marginal cost at carbon price τ, `c + τ·(e − b)` (b = 0 without output-based
    /// allocation). Every path (LP, merit order, reports) prices a unit through this one
    /// function.
    pub fn marginal_cost_eur_per_mwh(&self, tau_eur_per_t: f64) -> f64 {
        self.fuel_and_vom_cost_eur_per_mwh() + tau_eur_per_t * self.net_intensity_t_per_mwh()
    }

    /// What the unit asks for a MWh at τ: its marginal cost, raised by its markup where
    /// that cost is positive (a markup on a negative cost would make it more negative).
    /// Dispatch and prices follow offers; profits count true costs.
    pub fn offer_eur_per_mwh(&self, tau_eur_per_t: f64) -> f64 {
        let mc = self.marginal_cost_eur_per_mwh(tau_eur_per_t);
        mc + self.offer_markup(mc) * mc
    }

    /// The offer around τ as a line in τ, `(intercept, slope)`: `(1 + m)·c` and
    /// `(1 + m)·(e − b)`, with the markup m where the marginal cost at τ is positive and 0
    /// where it is not — the rule of `offer_eur_per_mwh`, for finding where two offers
    /// cross.
    pub fn offer_line_at(&self, tau_eur_per_t: f64) -> (f64, f64) {
        let m = self.offer_markup(self.marginal_cost_eur_per_mwh(tau_eur_per_t));
        (
            (1.0 + m) * self.fuel_and_vom_cost_eur_per_mwh(),
            (1.0 + m) * self.net_intensity_t_per_mwh(),
        )
    }

    /// The markup that applies to a marginal cost `mc`: the unit's, on positive costs only.
    fn offer_markup(&self, mc: f64) -> f64 {
        if mc > 0.0 {
            self.markup()
        } else {
            0.0
        }
    }
}
