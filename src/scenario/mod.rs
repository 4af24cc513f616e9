//! Validated domain types of a scenario, with every unit explicit. Nothing here reads
//! files: `input` builds these from a scenario folder, tests build them by hand.

mod unit;

use ndarray::Array2;

pub use unit::{Availability, Params, Unit};

/// The fuel key of units that burn no fuel (wind, solar, hydro).
pub const NO_FUEL: &str = "none";

/// The technology of demand-response blocks: load given up at a price, dispatched like a
/// zero-emission unit whose "generation" is the load not served.
pub const DEMAND_RESPONSE: &str = "demand_response";

/// Name of the zone of a single-zone scenario whose demand column is `load_mw` and
/// whose units name no zone.
pub const SINGLE_ZONE: &str = "system";

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
    /// Hold generation columns at a bound from their zone-hour's band before the solver
    /// (`[solver] hold_columns`; see `model::Held`).
    pub hold_columns: bool,
    /// A tradable performance standard on covered generation.
    pub standard: Option<Standard>,
    /// Products eligible for indirect-cost compensation.
    pub compensation: Vec<Product>,
    /// Elastic demand: each zone-hour's linear inverse demand; `None` for fixed load.
    pub demand_curve: Option<DemandCurve>,
    /// How firms compete: markups as given, or Cournot among units.csv's firms.
    pub competition: Competition,
}

/// Linear inverse demand p = a − b·q in every zone and hour through (its load D, the
/// reference price) with elasticity ε there (FORMAT.md `[demand]`): b = p_ref/(|ε|·D),
/// a = p_ref + b·D. The price is the curve's value at the quantity served.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemandCurve {
    /// Price elasticity at the reference point, < 0.
    pub elasticity: f64,
    pub reference_price_eur_per_mwh: f64,
}

impl DemandCurve {
    /// Intercept a (€/MWh) and slope b (€/MWh per MW) of the curve through (`load_mw`,
    /// reference price); `None` where the load is 0 (nothing to serve, no curve).
    pub fn line(&self, load_mw: f64) -> Option<(f64, f64)> {
        (load_mw > 0.0).then(|| {
            let p = self.reference_price_eur_per_mwh;
            let b = p / (self.elasticity.abs() * load_mw);
            (p + b * load_mw, b)
        })
    }
}

/// How generators compete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Competition {
    /// Each unit offers its marginal cost plus its markup (units.csv, `[market_power]`).
    #[default]
    Markup,
    /// The units of each firm (units.csv's `firm`) are one Cournot player per zone; units
    /// without a firm take the price. Needs a demand curve.
    Cournot,
}

/// A product of an electricity-intensive sector eligible for indirect-cost compensation
/// (FRAMEWORK.md §4): aid = aid intensity × CO2 factor of the zone's fossil generation ×
/// carbon price × electricity benchmark × baseline output.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub name: String,
    pub zone: usize,
    pub aid_intensity: f64,
    pub electricity_benchmark_mwh_per_t: f64,
    pub baseline_output_t: f64,
}

/// A tradable performance standard (intensity standard): covered generation must emit at
/// most `benchmark_t_per_mwh` on average over the horizon, Σ (e_i − b)·g_i ≤ 0. Covered are
/// the units in the carbon market whose fuel emits; cleaner ones earn credits, dirtier ones
/// need them, at the credit price (the constraint's dual).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standard {
    pub benchmark_t_per_mwh: f64,
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

/// A transfer capacity between two zones, without losses: up to `capacity_mw` from
/// `from` to `to` and up to `capacity_reverse_mw` back (net transfer capacities differ
/// by direction).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Indices into `Scenario::zones`; a positive flow goes from `from` to `to`.
    pub from: usize,
    pub to: usize,
    /// MW from `from` to `to`.
    pub capacity_mw: f64,
    /// MW from `to` to `from`.
    pub capacity_reverse_mw: f64,
}

impl Link {
    /// The same capacity in each direction.
    pub fn both_ways(from: usize, to: usize, capacity_mw: f64) -> Link {
        Link {
            from,
            to,
            capacity_mw,
            capacity_reverse_mw: capacity_mw,
        }
    }

    /// The limit in the direction of `flow_mw` (positive from `from` to `to`), MW.
    pub fn limit_mw(&self, flow_mw: f64) -> f64 {
        if flow_mw < 0.0 {
            self.capacity_reverse_mw
        } else {
            self.capacity_mw
        }
    }
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
            zones: vec![SINGLE_ZONE.into()],
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
            standard: None,
            compensation: Vec::new(),
            demand_curve: None,
            competition: Competition::Markup,
            hold_columns: false,
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
        let shares: Vec<f64> = self.units.iter().map(Unit::must_run_share).collect();
        Array2::from_shape_fn((self.hours(), self.units.len()), |(h, u)| {
            let unit = &self.units[u];
            let share = unit
                .must_run_profile
                .map_or(shares[u], |p| self.profiles[[h, p]]);
            share * self.available_mw(unit, h)
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
        !self.storage.is_empty() || self.units.iter().any(|u| u.ties_hours())
    }

    /// Whether the merit order, which fills each zone from its own units hour by hour,
    /// is exact: no coupling of hours and no transfers between zones.
    pub fn merit_order_is_exact(&self) -> bool {
        !self.has_time_coupling()
            && self.links.is_empty()
            && self.standard.is_none()
            && self.demand_curve.is_none()
    }

    /// The windows the dispatch is solved in: the scenario's `[horizon]`, else, for a QP
    /// (a demand curve) whose hours nothing couples (no storage, ramping, commitment or
    /// standard), each hour on its own — exact, since the QP falls apart into one per
    /// hour, and much faster: HiGHS's active-set solver slows down steeply with size
    /// (the example week: 8.9 s whole, 0.5 s hour by hour, the same prices).
    pub fn windows(&self) -> Option<Rolling> {
        let separable = !self.has_time_coupling() && self.standard.is_none();
        self.rolling.or(
            (self.demand_curve.is_some() && separable).then_some(Rolling {
                window_hours: 1,
                overlap_hours: 0,
            }),
        )
    }

    /// Whether an emissions cap is exactly a row of the LP: every unit's offer rises with
    /// the allowance price by the tonnes the cap counts for it (no output-based benchmark,
    /// no markup), so the cap's dual is what the allowance price adds to the floor.
    pub fn cap_is_a_row(&self) -> bool {
        self.units
            .iter()
            .all(|u| u.benchmark_t_per_mwh() == 0.0 && u.markup() == 0.0)
    }

    /// Intercept and slope of the demand curve of zone `z` in hour `h` (`DemandCurve::line`);
    /// `None` for fixed load or where the load is 0.
    pub fn demand_line(&self, h: usize, z: usize) -> Option<(f64, f64)> {
        self.demand_curve?.line(self.demand_mw[[h, z]])
    }

    /// The firm of each unit under Cournot competition, numbered in order of first
    /// appearance; `None` for the price-taking fringe (units without a firm), and for
    /// every unit under markup competition. A firm plays in each zone it has units in.
    pub fn cournot_players(&self) -> Vec<Option<usize>> {
        let mut firms: Vec<&str> = Vec::new();
        self.units
            .iter()
            .map(|u| {
                if self.competition != Competition::Cournot || u.firm.is_empty() {
                    return None;
                }
                let f = firms.iter().position(|f| *f == u.firm).unwrap_or_else(|| {
                    firms.push(&u.firm);
                    firms.len() - 1
                });
                Some(f)
            })
            .collect()
    }

    /// A unit's coefficient in the standard's row, e − b (t/MWh), where the standard
    /// covers it.
    pub fn standard_coefficient(&self, unit: usize) -> Option<f64> {
        let standard = self.standard?;
        let u = &self.units[unit];
        (!u.outside_ets && u.co2_t_per_mwh_th > 0.0 && u.efficiency.is_some())
            .then(|| u.emission_intensity_t_per_mwh() - standard.benchmark_t_per_mwh)
    }
}
