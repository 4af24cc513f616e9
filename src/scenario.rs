//! Validated domain types of a scenario, with every unit explicit. Nothing here reads
//! files: `input` builds these from a scenario folder, tests build them by hand.

use ndarray::Array2;

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
    pub vom_eur_per_mwh: f64,
    pub fuel_price_eur_per_mwh_th: f64,
    pub co2_t_per_mwh_th: f64,
    pub availability: Availability,
    /// Share of the unit's emissions covered by freely allocated allowances (lump-sum:
    /// it changes profits and the state's revenue, not the marginal cost).
    pub free_allocation_share: f64,
    /// Output-based allocation: free allowances per MWh generated, t/MWh. They lower the
    /// marginal cost to `c + τ·(e − b)`.
    pub benchmark_t_per_mwh: f64,
    /// Owner, for markups by firm; empty if not given.
    pub firm: String,
    /// Market power: the unit offers at (1 + markup) × its marginal cost (a Lerner index
    /// of markup / (1 + markup)). 0 is competitive.
    pub markup: f64,
    /// Outside the carbon market (an import block, a neighbour without a carbon price):
    /// pays no carbon price, and its emissions count as leakage, not under the ETS.
    pub outside_ets: bool,
    /// Share of its available capacity the unit runs in every hour whatever the price
    /// (must-run: heat-led CHP, minimum stable load of a unit kept on), fraction 0–1.
    pub must_run_share: f64,
    /// Largest change of output from one hour to the next, MW per hour; `None` for none.
    pub ramp_mw_per_h: Option<f64>,
    /// Minimum stable load, as a share of the capacity online (committed), fraction 0–1.
    pub min_stable_share: f64,
    /// Cost of bringing capacity online, € per MW started.
    pub startup_cost_eur_per_mw: f64,
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
            name: name.into(),
            zone: 0,
            technology: technology.into(),
            fuel: fuel.into(),
            capacity_mw,
            efficiency: Some(efficiency),
            vom_eur_per_mwh,
            fuel_price_eur_per_mwh_th,
            co2_t_per_mwh_th,
            availability: Availability::Constant(1.0),
            free_allocation_share: 0.0,
            benchmark_t_per_mwh: 0.0,
            firm: String::new(),
            markup: 0.0,
            outside_ets: false,
            must_run_share: 0.0,
            ramp_mw_per_h: None,
            min_stable_share: 0.0,
            startup_cost_eur_per_mw: 0.0,
        }
    }

    /// A unit without fuel (wind, solar, hydro, or a block with a given cost).
    pub fn fuelless(name: &str, technology: &str, capacity_mw: f64, vom_eur_per_mwh: f64) -> Self {
        Unit {
            name: name.into(),
            zone: 0,
            technology: technology.into(),
            fuel: crate::NO_FUEL.into(),
            capacity_mw,
            efficiency: None,
            vom_eur_per_mwh,
            fuel_price_eur_per_mwh_th: 0.0,
            co2_t_per_mwh_th: 0.0,
            availability: Availability::Constant(1.0),
            free_allocation_share: 0.0,
            benchmark_t_per_mwh: 0.0,
            firm: String::new(),
            markup: 0.0,
            outside_ets: false,
            must_run_share: 0.0,
            ramp_mw_per_h: None,
            min_stable_share: 0.0,
            startup_cost_eur_per_mw: 0.0,
        }
    }

    pub fn in_zone(mut self, zone: usize) -> Self {
        self.zone = zone;
        self
    }

    pub fn with_availability(mut self, availability: Availability) -> Self {
        self.availability = availability;
        self
    }

    pub fn with_free_allocation(mut self, share: f64) -> Self {
        self.free_allocation_share = share;
        self
    }

    pub fn with_benchmark(mut self, benchmark_t_per_mwh: f64) -> Self {
        self.benchmark_t_per_mwh = benchmark_t_per_mwh;
        self
    }

    pub fn with_markup(mut self, markup: f64) -> Self {
        self.markup = markup;
        self
    }

    /// A demand-response block: its "generation" is load given up, not produced.
    pub fn is_demand_response(&self) -> bool {
        self.technology == crate::DEMAND_RESPONSE
    }

    pub fn with_must_run(mut self, share: f64) -> Self {
        self.must_run_share = share;
        self
    }

    /// A linearised commitment: a minimum stable load (share of the capacity online) and
    /// a cost per MW brought online.
    pub fn with_commitment(mut self, min_stable_share: f64, startup_cost_eur_per_mw: f64) -> Self {
        self.min_stable_share = min_stable_share;
        self.startup_cost_eur_per_mw = startup_cost_eur_per_mw;
        self
    }

    /// Whether the unit has capacity online as a variable of its own (a minimum stable
    /// load or a start-up cost).
    pub fn is_committed(&self) -> bool {
        self.min_stable_share > 0.0 || self.startup_cost_eur_per_mw > 0.0
    }

    pub fn with_ramp(mut self, mw_per_h: f64) -> Self {
        self.ramp_mw_per_h = Some(mw_per_h);
        self
    }

    pub fn outside_ets(mut self) -> Self {
        self.outside_ets = true;
        self
    }

    /// Cost without carbon, `c = fuel_price / η + vom` (€/MWh_el).
    pub fn fuel_and_vom_cost_eur_per_mwh(&self) -> f64 {
        match self.efficiency {
            Some(eta) => self.fuel_price_eur_per_mwh_th / eta + self.vom_eur_per_mwh,
            None => self.vom_eur_per_mwh,
        }
    }

    /// Electrical emission intensity `e = co2 / η` (t/MWh_el).
    pub fn emission_intensity_t_per_mwh(&self) -> f64 {
        match self.efficiency {
            Some(eta) => self.co2_t_per_mwh_th / eta,
            None => 0.0,
        }
    }

    /// Carbon cost per MWh per €/t at the margin, `e − b`, t/MWh: the emission intensity
    /// less the output-based allocation an extra MWh earns. Negative where b > e; 0
    /// outside the carbon market.
    pub fn net_intensity_t_per_mwh(&self) -> f64 {
        if self.outside_ets {
            0.0
        } else {
            self.emission_intensity_t_per_mwh() - self.benchmark_t_per_mwh
        }
    }

    /// Tonnes that need allowances when the unit generates `generation_mwh`: e·g, or 0
    /// outside the carbon market.
    pub fn covered_emissions_t(&self, generation_mwh: f64) -> f64 {
        if self.outside_ets {
            0.0
        } else {
            self.emission_intensity_t_per_mwh() * generation_mwh
        }
    }

    /// Allowances the unit receives free for `generation_mwh`: its lump-sum share of its
    /// covered emissions plus its output-based benchmark times its generation.
    pub fn free_allowances_t(&self, generation_mwh: f64) -> f64 {
        if self.outside_ets {
            0.0
        } else {
            self.free_allocation_share * self.covered_emissions_t(generation_mwh)
                + self.benchmark_t_per_mwh * generation_mwh
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
        mc + self.markup * mc.max(0.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pricing {
    /// Uniform marginal pricing: the price is the dual of the energy balance.
    Marginal,
    /// Least-cost dispatch, regulated price: each zone's average cost actually paid,
    /// carbon included, over the horizon (cost-of-service tariff).
    AverageCost,
    /// Dispatch by equal utilisation hours, independent of cost; priced by the
    /// average-cost tariff.
    Administered,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    pub pricing: Pricing,
    /// Price of unserved energy, €/MWh: the cost of the shortage "unit".
    pub voll_eur_per_mwh: f64,
}

impl Default for Market {
    fn default() -> Self {
        Market {
            pricing: Pricing::Marginal,
            voll_eur_per_mwh: DEFAULT_VOLL_EUR_PER_MWH,
        }
    }
}

pub const DEFAULT_VOLL_EUR_PER_MWH: f64 = 3000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub zones: Vec<String>,
    /// Label of each hour as given in demand.csv (an integer or a timestamp).
    pub hour_labels: Vec<String>,
    /// Load, MW, indexed `[hour, zone]`.
    pub demand_mw: Array2<f64>,
    pub units: Vec<Unit>,
    pub profile_names: Vec<String>,
    /// Availability factors, indexed `[hour, profile]`.
    pub profiles: Array2<f64>,
    pub market: Market,
    /// Carbon prices of the sweep, €/t, ascending and distinct.
    pub carbon_prices_eur_per_t: Vec<f64>,
    /// When each hour falls, if the scenario says (`[time] start` or timestamps).
    pub calendar: Option<crate::calendar::Calendar>,
    /// Transfer capacities between zones.
    pub links: Vec<Link>,
    /// Storage units (pumped hydro, batteries); they couple the hours.
    pub storage: Vec<Storage>,
    /// Solve the LP in windows instead of over the whole horizon at once.
    pub rolling: Option<Rolling>,
}

/// Rolling-horizon solving: the horizon is cut into windows of `window_hours` committed
/// hours, each solved looking `overlap_hours` further ahead; the next window starts from
/// the state (stored energy, output for ramping) the committed hours left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rolling {
    pub window_hours: usize,
    pub overlap_hours: usize,
}

/// A storage unit: it charges from and discharges to its zone's balance, within its
/// power limits, and keeps its state of charge within its energy limit. The round-trip
/// loss is taken on charging (1 MWh charged stores `efficiency_roundtrip` MWh), so
/// `energy_mwh` is what a full store gives back to the grid. The state of charge is
/// cyclic: it ends the horizon where it began. A hydro reservoir has a natural inflow
/// (its energy budget over the horizon) that it may spill, and no pumps
/// (`charge_power_mw` 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Storage {
    pub name: String,
    /// Index into `Scenario::zones`.
    pub zone: usize,
    /// Discharge limit, MW.
    pub power_mw: f64,
    /// Charge limit, MW.
    pub charge_power_mw: f64,
    /// Natural inflow, MW of electricity given back: `inflow_mw` × the profile's value.
    pub inflow_mw: f64,
    /// Index into `Scenario::profiles` shaping the inflow; `None` for a constant inflow.
    pub inflow_profile: Option<usize>,
    /// Usable energy, MWh.
    pub energy_mwh: f64,
    /// Round-trip efficiency, fraction in (0, 1].
    pub efficiency_roundtrip: f64,
}

/// A transfer capacity between two zones, usable in each direction, without losses.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Indices into `Scenario::zones`; a positive flow goes from `from` to `to`.
    pub from: usize,
    pub to: usize,
    pub capacity_mw: f64,
}

impl Storage {
    /// A store without inflow whose charge and discharge share one limit.
    pub fn battery(name: &str, power_mw: f64, energy_mwh: f64, efficiency_roundtrip: f64) -> Self {
        Storage {
            name: name.into(),
            zone: 0,
            power_mw,
            charge_power_mw: power_mw,
            inflow_mw: 0.0,
            inflow_profile: None,
            energy_mwh,
            efficiency_roundtrip,
        }
    }
}

impl Scenario {
    /// Natural inflow of storage `s` in `hour`, MW.
    pub fn inflow_mw(&self, s: usize, hour: usize) -> f64 {
        let store = &self.storage[s];
        match store.inflow_profile {
            Some(p) => store.inflow_mw * self.profiles[[hour, p]],
            None => store.inflow_mw,
        }
    }

    /// A single-zone scenario with the given hourly load and units, no profiles.
    pub fn single_zone(name: &str, load_mw: &[f64], units: Vec<Unit>) -> Self {
        Scenario {
            name: name.into(),
            description: String::new(),
            zones: vec![crate::SINGLE_ZONE.into()],
            hour_labels: (0..load_mw.len()).map(|h| h.to_string()).collect(),
            demand_mw: Array2::from_shape_vec((load_mw.len(), 1), load_mw.to_vec())
                .expect("one column of load"),
            units,
            profile_names: Vec::new(),
            profiles: Array2::zeros((load_mw.len(), 0)),
            market: Market::default(),
            carbon_prices_eur_per_t: vec![0.0],
            calendar: None,
            links: Vec::new(),
            storage: Vec::new(),
            rolling: None,
        }
    }

    pub fn hours(&self) -> usize {
        self.demand_mw.nrows()
    }

    /// The hours `hours` of the scenario as a scenario of their own (no calendar, solved
    /// whole).
    pub fn window(&self, hours: std::ops::Range<usize>) -> Scenario {
        use ndarray::s;
        Scenario {
            hour_labels: self.hour_labels[hours.clone()].to_vec(),
            demand_mw: self.demand_mw.slice(s![hours.clone(), ..]).to_owned(),
            profiles: self.profiles.slice(s![hours, ..]).to_owned(),
            calendar: None,
            rolling: None,
            ..self.clone()
        }
    }

    /// Capacity of a unit available in an hour, MW.
    pub fn available_mw(&self, unit: &Unit, hour: usize) -> f64 {
        let factor = match unit.availability {
            Availability::Constant(f) => f,
            Availability::Profile(p) => self.profiles[[hour, p]],
        };
        unit.capacity_mw * factor
    }

    /// What every unit offers at τ, €/MWh, in unit order: its marginal cost, plus its
    /// markup where it has market power. Both dispatch methods and the price rule use these.
    pub fn offers(&self, tau_eur_per_t: f64) -> Vec<f64> {
        self.units
            .iter()
            .map(|u| u.offer_eur_per_mwh(tau_eur_per_t))
            .collect()
    }

    /// Available capacity, MW, indexed `[hour, unit]`.
    pub fn hourly_available_mw(&self) -> Array2<f64> {
        Array2::from_shape_fn((self.hours(), self.units.len()), |(h, u)| {
            self.available_mw(&self.units[u], h)
        })
    }

    /// Output every unit must give (its must-run share of what is available), MW, indexed
    /// `[hour, unit]`.
    pub fn hourly_must_run_mw(&self) -> Array2<f64> {
        Array2::from_shape_fn((self.hours(), self.units.len()), |(h, u)| {
            let unit = &self.units[u];
            unit.must_run_share * self.available_mw(unit, h)
        })
    }

    /// Technologies in order of first appearance in the unit list.
    pub fn technologies(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for unit in &self.units {
            if !seen.contains(&unit.technology) {
                seen.push(unit.technology.clone());
            }
        }
        seen
    }

    /// For each unit, the index of its technology in `technologies()`.
    pub fn technology_index(&self) -> Vec<usize> {
        let techs = self.technologies();
        self.units
            .iter()
            .map(|u| {
                techs
                    .iter()
                    .position(|t| *t == u.technology)
                    .expect("listed")
            })
            .collect()
    }

    /// Largest electrical emission intensity of any unit, t/MWh: the bound on dp/dτ.
    pub fn max_emission_intensity_t_per_mwh(&self) -> f64 {
        self.units
            .iter()
            .map(Unit::emission_intensity_t_per_mwh)
            .fold(0.0, f64::max)
    }

    /// Whether hours are coupled (by storage, ramping limits or commitment): then no hour
    /// can be priced on its own.
    pub fn has_time_coupling(&self) -> bool {
        !self.storage.is_empty()
            || self
                .units
                .iter()
                .any(|u| u.ramp_mw_per_h.is_some() || u.is_committed())
    }

    /// Whether the merit order, which fills each zone from its own units hour by hour,
    /// is exact: no coupling of hours and no transfers between zones.
    pub fn merit_order_is_exact(&self) -> bool {
        !self.has_time_coupling() && self.links.is_empty()
    }
}
