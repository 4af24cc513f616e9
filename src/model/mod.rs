//! The dispatch LP, stated once for every way it is solved (one carbon price cold, a warm
//! chain of carbon prices, a cap, a window of a rolling horizon), through good_lp. It
//! knows nothing of files, threads or a solver's status codes: `solve` hands what it
//! states to HiGHS and reads the solution back through the `Layout` returned here.
//!
//! minimise Σ offer·g + Σ start-up cost·started + VOLL·shortage (+ (ceiling − floor)·bought)
//! (with a demand curve p = a − b·q: + Σ (b/2·q² − a·q) over served load q; under Cournot
//! also + Σ b/2·q_f² over each firm's output in each zone and hour, Hashimoto 1985: a
//! convex QP whose optimum is the Cournot–Nash equilibrium)
//! subject to
//! - per zone and hour: Σ g + shortage + Σ (discharge − charge) + Σ inflows − outflows = load
//!   (= q with a demand curve);
//! - per firm, zone and hour under Cournot: q_f = Σ g of the firm's units there;
//! - per store and hour: s_h − s_{h−1} − η·charge + discharge + spill = inflow, cyclic
//!   (s_{−1} = s_{last}) or, in a window, from the stored energy it starts with;
//! - per unit with a ramping limit R: −R ≤ g_h − g_{h−1} ≤ R (from the second hour on, or
//!   from the output the hour before a window left);
//! - per unit with commitment: g ≤ online, g ≥ min stable·online, started_h ≥ online_h −
//!   online_{h−1} (cyclic, or from the capacity online before a window);
//! - under a cap: Σ e·g − bought ≤ cap (units outside the carbon market count 0);
//! - under a performance standard: Σ (e − b)·g ≤ 0 over covered units.
//!
//! Bounds: must-run ≤ g ≤ available (equal bounds where `Held` holds a column); |flow| ≤
//! link capacity; 0 ≤ charge, discharge ≤ power; 0 ≤ s ≤ energy; 0 ≤ spill ≤ inflow;
//! 0 ≤ shortage ≤ load (0 with a demand curve, which sheds load by price); q, q_f ≥ 0.

mod groups;
mod hold;
mod layout;
mod store_groups;

use good_lp::{variable, Expression, ProblemVariables, Solver, SolverModel, Variable};
use ndarray::Array2;

use crate::scenario::Scenario;

pub use groups::Groups;
pub use hold::{Held, Hold};
pub use layout::{Layout, Players, StartRows, Values};
pub use store_groups::StoreGroups;

/// An emissions cap over the horizon, with an allowance price floor and ceiling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    pub cap_t: f64,
    /// The allowance price never falls below it (0 for none), €/t.
    pub floor_eur_per_t: f64,
    /// Unlimited allowances are sold at this price, €/t; `None` for a hard cap.
    pub ceiling_eur_per_t: Option<f64>,
}

/// Where a window of a rolling horizon starts: the state the hours before it left.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// Energy in each store when the window starts, MWh.
    pub state_of_charge_mwh: Vec<f64>,
    /// Output and capacity online of each unit in the hour before the window (its
    /// ramping limit and its start-ups reach across); `None` at the start of the horizon.
    pub generation_mw: Option<Vec<f64>>,
    pub online_mw: Option<Vec<f64>>,
}

/// Output bounds of every unit in every hour, MW, indexed `[hour, unit]`, and of every
/// column-sharing group of units, `[hour, group]`: computed once per scenario and shared
/// by all its solves.
#[derive(Debug, Clone)]
pub struct Bounds {
    pub must_run_mw: Array2<f64>,
    pub available_mw: Array2<f64>,
    pub groups: Groups,
    /// Stores stated as one store (see `StoreGroups`).
    pub store_groups: StoreGroups,
    pub group_must_run_mw: Array2<f64>,
    pub group_available_mw: Array2<f64>,
    /// Whether columns may be held at a bound from their zone-hour's band (see `Held`):
    /// where the scenario asks for it.
    pub hold: bool,
}

impl Bounds {
    pub fn of(scenario: &Scenario) -> Self {
        Self::with_groups(
            scenario,
            Groups::of(scenario),
            StoreGroups::of(scenario),
            scenario.hold_columns,
        )
    }

    /// The bounds with every unit a column of its own, every store a store of its own
    /// and no column held: the LP as written, without the reductions (for checking them).
    pub fn unreduced(scenario: &Scenario) -> Self {
        Self::with_groups(
            scenario,
            Groups::singletons(scenario.units.len()),
            StoreGroups::singletons(scenario.storage.len()),
            false,
        )
    }

    fn with_groups(
        scenario: &Scenario,
        groups: Groups,
        store_groups: StoreGroups,
        hold: bool,
    ) -> Self {
        let (must_run_mw, available_mw) = (
            scenario.hourly_must_run_mw(),
            scenario.hourly_available_mw(),
        );
        Bounds {
            group_must_run_mw: groups.sum(&must_run_mw),
            group_available_mw: groups.sum(&available_mw),
            groups,
            store_groups,
            must_run_mw,
            available_mw,
            hold,
        }
    }
}

/// What one statement of the LP is asked for.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    pub scenario: &'a Scenario,
    pub bounds: &'a Bounds,
    /// What each unit offers, €/MWh: the cost of its generation columns.
    pub offer_eur_per_mwh: &'a [f64],
    /// Generation columns held at a bound (see `Held`).
    pub held: &'a Held,
    pub cap: Option<Cap>,
    /// The start of a rolling-horizon window; `None` for the whole, cyclic horizon.
    pub start: Option<&'a Boundary>,
}

/// Columns being declared: good_lp's variables, their index as columns of the LP, and
/// the objective.
struct Columns {
    vars: ProblemVariables,
    all: Vec<Variable>,
    objective: Expression,
}

impl Columns {
    fn add(&mut self, lower: f64, upper: f64, cost: f64) -> usize {
        let v = self.vars.add(variable().min(lower).max(upper));
        self.objective.add_mul(cost, v);
        self.all.push(v);
        self.all.len() - 1
    }
}

/// Rows being added to a solver's model, counted.
struct Rows<'m, M> {
    model: &'m mut M,
    all: &'m [Variable],
    count: usize,
}

impl<M: SolverModel> Rows<'_, M> {
    /// Adds `lower ≤ Σ coefficient·column ≤ upper` (either end may be infinite; equal ends
    /// make an equality) and returns its row.
    fn add(&mut self, terms: &[(usize, f64)], lower: f64, upper: f64) -> usize {
        let mut e = Expression::with_capacity(terms.len());
        for &(col, a) in terms {
            e.add_mul(a, self.all[col]);
        }
        let constraint = if lower == upper {
            e.eq(lower)
        } else if lower == f64::NEG_INFINITY {
            e.leq(upper)
        } else {
            debug_assert_eq!(upper, f64::INFINITY, "a ranged row is two rows");
            e.geq(lower)
        };
        self.model.add_constraint(constraint);
        self.count += 1;
        self.count - 1
    }
}

/// States the LP of `request` for `solver` (good_lp's solver function, e.g. HiGHS's).
pub fn state<S: Solver>(request: &Request, solver: S) -> (S::Model, Layout) {
    let s = request.scenario;
    let b = request.bounds;
    let (hours, zones, units) = (s.hours(), s.zones.len(), s.units.len());
    // One store per group of stores alike up to size (most groups are one store).
    let store_groups = &b.store_groups;
    let stores = store_groups.len();
    let pooled: Vec<_> = (0..stores).map(|i| store_groups.pooled(s, i)).collect();
    let mut c = Columns {
        vars: ProblemVariables::new(),
        all: Vec::new(),
        objective: Expression::with_capacity(hours * (units + zones)),
    };
    // One column per group of units the LP cannot tell apart (most groups are one unit);
    // units without capacity in an hour get no column there.
    let groups = &b.groups;
    let first = |g: usize| groups.members[g][0];
    let generation = Array2::from_shape_fn((hours, groups.len()), |(h, g)| {
        let offer = request.offer_eur_per_mwh[first(g)];
        let (lower, upper) = request.held.column_bounds(b, h, g);
        (b.group_available_mw[[h, g]] > 0.0).then(|| c.add(lower, upper, offer))
    });
    let flow = Array2::from_shape_fn((hours, s.links.len()), |(_, l)| {
        let link = &s.links[l];
        c.add(-link.capacity_reverse_mw, link.capacity_mw, 0.0)
    });
    let store = |i: usize| &pooled[i];
    let charge = Array2::from_shape_fn((hours, stores), |(_, i)| {
        c.add(0.0, store(i).charge_power_mw, 0.0)
    });
    let discharge =
        Array2::from_shape_fn((hours, stores), |(_, i)| c.add(0.0, store(i).power_mw, 0.0));
    let state = Array2::from_shape_fn((hours, stores), |(_, i)| {
        c.add(0.0, store(i).energy_mwh, 0.0)
    });
    let spill = Array2::from_shape_fn((hours, stores), |(h, i)| {
        let inflow = store_groups.inflow_mw(s, i, h);
        (inflow > 0.0).then(|| c.add(0.0, inflow, 0.0))
    });
    let online = Array2::from_shape_fn((hours, units), |(h, u)| {
        let cap = b.available_mw[[h, u]];
        (s.units[u].is_committed() && cap > 0.0).then(|| c.add(0.0, cap, 0.0))
    });
    let started = Array2::from_shape_fn((hours, units), |(_, u)| {
        let cost = s.units[u].startup_cost_eur_per_mw();
        (cost > 0.0).then(|| c.add(0.0, f64::INFINITY, cost))
    });
    let voll = s.market.voll_eur_per_mwh;
    let elastic = s.demand_curve.is_some();
    let shortage = Array2::from_shape_fn((hours, zones), |(h, z)| {
        c.add(0.0, if elastic { 0.0 } else { s.demand_mw[[h, z]] }, voll)
    });
    // Served load on each hour's demand curve, and each Cournot player's output, with
    // their diagonal entries of the objective's Hessian.
    let mut hessian = Vec::new();
    let served = Array2::from_shape_fn((hours, zones), |(h, z)| {
        let (a, b) = s.demand_line(h, z)?;
        let col = c.add(0.0, f64::INFINITY, -a);
        hessian.push((col, b));
        Some(col)
    });
    let players = Players::of(s);
    let player_output = Array2::from_shape_fn((hours, players.len()), |(h, p)| {
        let col = c.add(0.0, f64::INFINITY, 0.0);
        if let Some((_, b)) = s.demand_line(h, players.zone[p]) {
            hessian.push((col, b));
        }
        col
    });
    // Allowances bought at the ceiling, each at what the ceiling adds to the floor that the
    // offers already charge.
    let bought = request.cap.and_then(|cap| {
        let ceiling = cap.ceiling_eur_per_t?;
        Some(c.add(0.0, f64::INFINITY, ceiling - cap.floor_eur_per_t))
    });

    let Columns {
        vars,
        all,
        objective,
    } = c;
    let mut model = vars.minimise(objective).using(solver);
    let mut rows = Rows {
        model: &mut model,
        all: &all,
        count: 0,
    };
    let mut terms: Vec<(usize, f64)> = Vec::new();
    let mut balance = Array2::zeros((hours, zones));
    for h in 0..hours {
        for z in 0..zones {
            terms.clear();
            for g in 0..groups.len() {
                if let (true, Some(col)) = (s.units[first(g)].zone == z, generation[[h, g]]) {
                    terms.push((col, 1.0));
                }
            }
            terms.push((shortage[[h, z]], 1.0));
            for (l, link) in s.links.iter().enumerate() {
                if link.to == z {
                    terms.push((flow[[h, l]], 1.0));
                } else if link.from == z {
                    terms.push((flow[[h, l]], -1.0));
                }
            }
            for (i, store) in pooled.iter().enumerate() {
                if store.zone == z {
                    terms.push((discharge[[h, i]], 1.0));
                    terms.push((charge[[h, i]], -1.0));
                }
            }
            let load = match served[[h, z]] {
                Some(q) => {
                    terms.push((q, -1.0));
                    0.0
                }
                None => s.demand_mw[[h, z]],
            };
            balance[[h, z]] = rows.add(&terms, load, load);
        }
    }
    // Under Cournot a group's units are of one firm (see `Groups`).
    let mut player_groups = vec![Vec::new(); players.len()];
    for g in 0..groups.len() {
        if let Some(p) = players.of_unit[first(g)] {
            player_groups[p].push(g);
        }
    }
    for h in 0..hours {
        for (p, &col) in player_output.row(h).iter().enumerate() {
            terms.clear();
            terms.push((col, 1.0));
            terms.extend(
                player_groups[p]
                    .iter()
                    .filter_map(|&g| generation[[h, g]].map(|x| (x, -1.0))),
            );
            rows.add(&terms, 0.0, 0.0);
        }
    }
    let mut start_rows = StartRows::none(units, stores);
    for (i, store) in pooled.iter().enumerate() {
        for h in 0..hours {
            terms.clear();
            terms.push((state[[h, i]], 1.0));
            // The hour before the first: the last (cyclic), or the window's start state.
            if !(h == 0 && request.start.is_some()) {
                terms.push((state[[(h + hours - 1) % hours, i]], -1.0));
            }
            terms.push((charge[[h, i]], -store.efficiency_roundtrip));
            terms.push((discharge[[h, i]], 1.0));
            if let Some(x) = spill[[h, i]] {
                terms.push((x, 1.0));
            }
            let rhs = match (h, request.start) {
                (0, Some(start)) => storage_start_rhs(s, store_groups, i, start),
                _ => store_groups.inflow_mw(s, i, h),
            };
            let row = rows.add(&terms, rhs, rhs);
            if h == 0 && request.start.is_some() {
                start_rows.storage[i] = Some(row);
            }
        }
    }
    for (u, unit) in s.units.iter().enumerate() {
        let Some(ramp) = unit.ramp_mw_per_h() else {
            continue;
        };
        let before = request.start.and_then(|b| b.generation_mw.as_ref());
        // A unit with a ramping limit has a column of its own.
        let g = groups.of_unit[u];
        for h in 0..hours {
            // A unit without capacity in an hour has no column: its output there is 0.
            terms.clear();
            terms.extend(generation[[h, g]].map(|col| (col, 1.0)));
            let (lower, upper) = match (h, before) {
                (0, None) => continue,
                (0, Some(g)) => ramp_start_bounds(ramp, g[u]),
                _ => {
                    terms.extend(generation[[h - 1, g]].map(|col| (col, -1.0)));
                    (-ramp, ramp)
                }
            };
            let up = rows.add(&terms, f64::NEG_INFINITY, upper);
            let down = rows.add(&terms, lower, f64::INFINITY);
            if h == 0 {
                start_rows.ramp[u] = Some((up, down));
            }
        }
    }
    for (u, unit) in s.units.iter().enumerate() {
        // A committed unit has a column of its own.
        let own = groups.of_unit[u];
        for h in 0..hours {
            if let (Some(g), Some(on)) = (generation[[h, own]], online[[h, u]]) {
                rows.add(&[(on, 1.0), (g, -1.0)], 0.0, f64::INFINITY);
                if unit.min_stable_share() > 0.0 {
                    rows.add(
                        &[(g, 1.0), (on, -unit.min_stable_share())],
                        0.0,
                        f64::INFINITY,
                    );
                }
            }
            let Some(x) = started[[h, u]] else {
                continue;
            };
            // started_h ≥ online_h − online_{h−1}: the hour before the first is the last
            // (cyclic), or the window's start state; a rolling horizon's first window
            // starts free.
            let before = match (h, request.start) {
                (0, Some(b)) => match &b.online_mw {
                    Some(online) => Some(online[u]),
                    None => continue,
                },
                _ => None,
            };
            terms.clear();
            terms.push((x, 1.0));
            terms.extend(online[[h, u]].map(|on| (on, -1.0)));
            if before.is_none() {
                terms.extend(online[[(h + hours - 1) % hours, u]].map(|on| (on, 1.0)));
            }
            let lower = before.map_or(0.0, startup_start_rhs);
            let row = rows.add(&terms, lower, f64::INFINITY);
            if before.is_some() {
                start_rows.startup[u] = Some(row);
            }
        }
    }
    let cap_row = request.cap.map(|cap| {
        terms.clear();
        for g in 0..groups.len() {
            let e = s.units[first(g)].covered_intensity_t_per_mwh();
            if e > 0.0 {
                terms.extend((0..hours).filter_map(|h| generation[[h, g]].map(|col| (col, e))));
            }
        }
        terms.extend(bought.map(|x| (x, -1.0)));
        rows.add(&terms, f64::NEG_INFINITY, cap.cap_t)
    });
    // A tradable performance standard: Σ (e − b)·g ≤ 0 over covered generation.
    let standard_row = s.standard.map(|_| {
        terms.clear();
        for g in 0..groups.len() {
            if let Some(k) = s.standard_coefficient(first(g)).filter(|k| *k != 0.0) {
                terms.extend((0..hours).filter_map(|h| generation[[h, g]].map(|col| (col, k))));
            }
        }
        rows.add(&terms, f64::NEG_INFINITY, 0.0)
    });
    let rows = rows.count;
    let layout = Layout {
        columns: all.len(),
        rows,
        generation,
        groups: groups.clone(),
        store_groups: store_groups.clone(),
        flow,
        charge,
        discharge,
        state,
        spill,
        online,
        started,
        shortage,
        bought,
        balance,
        cap_row,
        standard_row,
        start_rows,
        served,
        players,
        player_output,
        hessian,
    };
    (model, layout)
}

/// Right-hand side of a group of stores' first-hour balance in a window: its inflow plus
/// the energy its stores start with.
fn storage_start_rhs(
    scenario: &Scenario,
    store_groups: &StoreGroups,
    group: usize,
    start: &Boundary,
) -> f64 {
    let members = &store_groups.members[group];
    let stored: f64 = members.iter().map(|&i| start.state_of_charge_mwh[i]).sum();
    store_groups.inflow_mw(scenario, group, 0) + stored
}

/// Bounds of a unit's first-hour output in a window, from its output the hour before.
fn ramp_start_bounds(ramp_mw_per_h: f64, before_mw: f64) -> (f64, f64) {
    (before_mw - ramp_mw_per_h, before_mw + ramp_mw_per_h)
}

/// Lower bound of started_0 − online_0 in a window: minus the capacity online before it.
fn startup_start_rhs(online_before_mw: f64) -> f64 {
    -online_before_mw
}
