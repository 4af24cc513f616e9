//! Economic dispatch as a linear program (good_lp + HiGHS, quiet, one thread):
//! minimise Σ offer·g + VOLL·shortage subject to an energy balance per zone and hour,
//! 0 ≤ g ≤ capacity × availability. The price is the balance's dual. With a cap, also
//! Σ e·g ≤ cap (+ allowances bought at the ceiling): the allowance price is the floor
//! plus the cap's dual. Storage adds charge c and discharge d (0 ≤ c, d ≤ power) to its
//! zone's balance and a state of charge 0 ≤ s ≤ energy with s_h = s_{h−1} + η·c_h − d_h,
//! cyclic (s_{−1} = s_{last}). A must-run share raises a unit's lower bound; a ramping
//! limit R bounds |g_h − g_{h−1}| ≤ R from the second hour on.

use good_lp::solvers::highs::highs;
use good_lp::solvers::DualValues;
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionWithDual,
    SolverModel, Variable,
};
use ndarray::Array2;

use super::pricing::price_interval;
use super::{
    available_mw, bound_tolerance_mw, is_congested, must_run_mw, offers, Dispatch, HourPrice,
    PriceSetter, StorageDispatch,
};
use crate::error::{Error, Result};
use crate::scenario::Scenario;

/// Largest gap tolerated between HiGHS's dual and the interval of optimal duals, €/MWh
/// (relative to the price's size): beyond it the solve is reported as inconsistent.
const DUAL_TOLERANCE: f64 = 1e-6;

/// An emissions cap over the horizon, with an allowance price floor and ceiling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    pub cap_t: f64,
    /// The allowance price never falls below it (0 for none), €/t.
    pub floor_eur_per_t: f64,
    /// Unlimited allowances are sold at this price, €/t; `None` for a hard cap.
    pub ceiling_eur_per_t: Option<f64>,
}

pub fn solve(scenario: &Scenario, tau_eur_per_t: f64) -> Result<Dispatch> {
    solve_with_cap(scenario, tau_eur_per_t, None)
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

/// Dispatch of a window of a rolling horizon at `tau_eur_per_t`: the stores start at the
/// boundary's state instead of cycling back, and end the window free.
pub fn solve_window(scenario: &Scenario, tau_eur_per_t: f64, start: &Boundary) -> Result<Dispatch> {
    build_and_solve(scenario, tau_eur_per_t, None, Some(start))
}

/// Dispatch at carbon price `tau_eur_per_t`, or under `cap` (then `tau_eur_per_t` is
/// ignored and the returned dispatch carries the allowance price the cap yields).
pub fn solve_with_cap(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    cap: Option<Cap>,
) -> Result<Dispatch> {
    build_and_solve(scenario, tau_eur_per_t, cap, None)
}

fn build_and_solve(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    cap: Option<Cap>,
    start: Option<&Boundary>,
) -> Result<Dispatch> {
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let voll = scenario.market.voll_eur_per_mwh;
    // Under a cap the LP prices carbon at the floor; the cap's dual adds the rest.
    let tau_in_objective = cap.map_or(tau_eur_per_t, |c| c.floor_eur_per_t);
    let offer = offers(scenario, tau_in_objective);
    let available = available_mw(scenario);
    let must_run = must_run_mw(scenario);

    let mut vars = ProblemVariables::new();
    let mut objective = Expression::with_capacity(hours * (scenario.units.len() + zones));
    // Units with no capacity in an hour get no variable.
    let generation: Array2<Option<Variable>> =
        Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
            let cap = available[[h, u]];
            (cap > 0.0).then(|| {
                let g = vars.add(variable().min(must_run[[h, u]]).max(cap));
                objective.add_mul(offer[u], g);
                g
            })
        });
    // Flows on links, positive from `from` to `to`, free of cost.
    let flow: Array2<Variable> = Array2::from_shape_fn((hours, scenario.links.len()), |(_, l)| {
        let cap = scenario.links[l].capacity_mw;
        vars.add(variable().min(-cap).max(cap))
    });
    // Storage: charge, discharge, spill of inflow (all free of cost) and state of charge.
    let stores = scenario.storage.len();
    let store = |s: usize| &scenario.storage[s];
    let charge = Array2::from_shape_fn((hours, stores), |(_, s)| {
        vars.add(variable().min(0.0).max(store(s).charge_power_mw))
    });
    let discharge = Array2::from_shape_fn((hours, stores), |(_, s)| {
        vars.add(variable().min(0.0).max(store(s).power_mw))
    });
    let state = Array2::from_shape_fn((hours, stores), |(_, s)| {
        vars.add(variable().min(0.0).max(store(s).energy_mwh))
    });
    let spill = Array2::from_shape_fn((hours, stores), |(h, s)| {
        let inflow = scenario.inflow_mw(s, h);
        (inflow > 0.0).then(|| vars.add(variable().min(0.0).max(inflow)))
    });
    // Linearised commitment: capacity online c (g ≤ c, g ≥ min stable · c) and capacity
    // started s ≥ c_h − c_{h−1}, at its start-up cost.
    let online = Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
        let unit = &scenario.units[u];
        let cap = available[[h, u]];
        (unit.is_committed() && cap > 0.0).then(|| vars.add(variable().min(0.0).max(cap)))
    });
    let started = Array2::from_shape_fn((hours, scenario.units.len()), |(_, u)| {
        let cost = scenario.units[u].startup_cost_eur_per_mw;
        (cost > 0.0).then(|| {
            let s = vars.add(variable().min(0.0));
            objective.add_mul(cost, s);
            s
        })
    });
    let shortage: Array2<Variable> = Array2::from_shape_fn((hours, zones), |(h, z)| {
        let s = vars.add(variable().min(0.0).max(scenario.demand_mw[[h, z]]));
        objective.add_mul(voll, s);
        s
    });

    // Allowances bought at the ceiling, each at (ceiling − floor) above what the
    // objective already charges.
    let extra = cap.and_then(|c| c.ceiling_eur_per_t).map(|ceiling| {
        let x = vars.add(variable().min(0.0));
        objective.add_mul(
            ceiling - cap.expect("a ceiling has a cap").floor_eur_per_t,
            x,
        );
        x
    });

    let mut model = vars.minimise(objective).using(highs).set_threads(1);
    let cap_row = cap.map(|c| {
        let mut emitted = Expression::with_capacity(hours * scenario.units.len() + 1);
        for (u, unit) in scenario.units.iter().enumerate() {
            let e = unit.emission_intensity_t_per_mwh();
            // The cap covers the carbon market only: imports from outside are free of it.
            if e > 0.0 && !unit.outside_ets {
                for h in 0..hours {
                    if let Some(g) = generation[[h, u]] {
                        emitted.add_mul(e, g);
                    }
                }
            }
        }
        if let Some(x) = extra {
            emitted.add_mul(-1.0, x);
        }
        model.add_constraint(emitted.leq(c.cap_t))
    });
    for (s, store) in scenario.storage.iter().enumerate() {
        for h in 0..hours {
            let mut change = Expression::with_capacity(5);
            change.add_mul(1.0, state[[h, s]]);
            // The hour before the first: the last (cyclic), or the window's start state.
            let mut inflow = scenario.inflow_mw(s, h);
            match (h, start) {
                (0, Some(b)) => inflow += b.state_of_charge_mwh[s],
                _ => change.add_mul(-1.0, state[[(h + hours - 1) % hours, s]]),
            }
            change.add_mul(-store.efficiency_roundtrip, charge[[h, s]]);
            change.add_mul(1.0, discharge[[h, s]]);
            if let Some(x) = spill[[h, s]] {
                change.add_mul(1.0, x);
            }
            model.add_constraint(change.eq(inflow));
        }
    }
    for (u, unit) in scenario.units.iter().enumerate() {
        let Some(ramp) = unit.ramp_mw_per_h else {
            continue;
        };
        // The hour before a window is a constant.
        let before = start.and_then(|b| b.generation_mw.as_ref()).map(|g| g[u]);
        for h in 0..hours {
            // A unit without capacity in an hour has no column: its output there is 0.
            let mut change = Expression::with_capacity(2);
            if let Some(g) = generation[[h, u]] {
                change.add_mul(1.0, g);
            }
            let previous = match (h, before) {
                (0, None) => continue,
                (0, Some(g)) => g,
                _ => {
                    if let Some(g) = generation[[h - 1, u]] {
                        change.add_mul(-1.0, g);
                    }
                    0.0
                }
            };
            model.add_constraint(change.clone().leq(previous + ramp));
            model.add_constraint(change.geq(previous - ramp));
        }
    }
    for (u, unit) in scenario.units.iter().enumerate() {
        for h in 0..hours {
            if let (Some(g), Some(c)) = (generation[[h, u]], online[[h, u]]) {
                let mut room = Expression::with_capacity(2);
                room.add_mul(1.0, c);
                room.add_mul(-1.0, g);
                model.add_constraint(room.geq(0.0));
                if unit.min_stable_share > 0.0 {
                    let mut above = Expression::with_capacity(2);
                    above.add_mul(1.0, g);
                    above.add_mul(-unit.min_stable_share, c);
                    model.add_constraint(above.geq(0.0));
                }
            }
            let Some(s) = started[[h, u]] else {
                continue;
            };
            // s_h ≥ c_h − c_{h−1}: the hour before the first is the last (cyclic), or the
            // window's start state; the first window of a rolling horizon starts free.
            let before = match (h, start) {
                (0, Some(b)) => match &b.online_mw {
                    Some(online) => Some(online[u]),
                    None => continue,
                },
                _ => None,
            };
            let mut start_row = Expression::with_capacity(3);
            start_row.add_mul(1.0, s);
            if let Some(c) = online[[h, u]] {
                start_row.add_mul(-1.0, c);
            }
            if before.is_none() {
                if let Some(c) = online[[(h + hours - 1) % hours, u]] {
                    start_row.add_mul(1.0, c);
                }
            }
            model.add_constraint(start_row.geq(-before.unwrap_or(0.0)));
        }
    }
    let mut balance = Vec::with_capacity(hours * zones);
    for h in 0..hours {
        for z in 0..zones {
            let mut supply = Expression::with_capacity(scenario.units.len() + 1);
            for (u, unit) in scenario.units.iter().enumerate() {
                if let (true, Some(g)) = (unit.zone == z, generation[[h, u]]) {
                    supply.add_mul(1.0, g);
                }
            }
            supply.add_mul(1.0, shortage[[h, z]]);
            for (s, store) in scenario.storage.iter().enumerate() {
                if store.zone == z {
                    supply.add_mul(1.0, discharge[[h, s]]);
                    supply.add_mul(-1.0, charge[[h, s]]);
                }
            }
            for (l, link) in scenario.links.iter().enumerate() {
                if link.to == z {
                    supply.add_mul(1.0, flow[[h, l]]);
                } else if link.from == z {
                    supply.add_mul(-1.0, flow[[h, l]]);
                }
            }
            balance.push(model.add_constraint(supply.eq(scenario.demand_mw[[h, z]])));
        }
    }

    let failure = |message: String| Error::Solve {
        tau_eur_per_t,
        first_hour: 0,
        last_hour: hours.saturating_sub(1),
        message,
    };
    let mut solution = model.solve().map_err(|e| {
        failure(match e {
            ResolutionError::Infeasible => "the dispatch LP is infeasible".into(),
            ResolutionError::Unbounded => "the dispatch LP is unbounded".into(),
            other => format!("HiGHS failed: {other}"),
        })
    })?;

    let value = |v: &Variable| solution.value(*v);
    let mut raw = Raw {
        generation_mw: Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
            generation[[h, u]].map_or(0.0, |g| solution.value(g))
        }),
        unserved_mw: shortage.map(value),
        flow_mw: flow.map(value),
        charge_mw: charge.map(value),
        discharge_mw: discharge.map(value),
        state_of_charge_mwh: state.map(value),
        spill_mw: spill.map(|x| x.map_or(0.0, |x| solution.value(x))),
        online_mw: online.map(|x| x.map_or(0.0, |x| solution.value(x))),
        startup_mw: started.map(|x| x.map_or(0.0, |x| solution.value(x))),
        balance_duals: Array2::zeros((hours, zones)),
    };
    let duals = solution.compute_dual();
    for h in 0..hours {
        for z in 0..zones {
            raw.balance_duals[[h, z]] = duals.dual(balance[h * zones + z].clone());
        }
    }
    // The cap's dual is the change of cost per tonne more of cap, ≤ 0: its negative is
    // what an allowance is worth above the floor.
    let tau_eur_per_t = match (cap, cap_row) {
        (Some(c), Some(row)) => c.floor_eur_per_t + (-duals.dual(row)).max(0.0),
        _ => tau_eur_per_t,
    };
    let offer = if cap.is_some() {
        offers(scenario, tau_eur_per_t)
    } else {
        offer
    };
    let before = start.and_then(|b| b.generation_mw.as_deref());
    finish(
        scenario,
        tau_eur_per_t,
        &offer,
        (&must_run, &available),
        raw,
        before,
    )
}

/// A solve's values as the solver gives them, before snapping and pricing.
pub(super) struct Raw {
    /// MW, `[hour, unit]` (0 where a unit has no column).
    pub generation_mw: Array2<f64>,
    /// MW, `[hour, zone]`.
    pub unserved_mw: Array2<f64>,
    /// MW, `[hour, link]`.
    pub flow_mw: Array2<f64>,
    /// MW and MWh, `[hour, storage]`.
    pub charge_mw: Array2<f64>,
    pub discharge_mw: Array2<f64>,
    pub state_of_charge_mwh: Array2<f64>,
    pub spill_mw: Array2<f64>,
    /// MW, `[hour, unit]` (0 for units without commitment).
    pub online_mw: Array2<f64>,
    pub startup_mw: Array2<f64>,
    /// Duals of the energy balances, €/MWh, `[hour, zone]`.
    pub balance_duals: Array2<f64>,
}

/// Snaps a solve's values onto their bounds and prices every zone and hour by the shared
/// price rule, checking HiGHS's duals against it. `offer` and the output bounds (must-run
/// and available MW, `[hour, unit]`) as the LP had them; `tau_eur_per_t` is the carbon
/// price reported.
pub(super) fn finish(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    offer: &[f64],
    (must_run, available): (&Array2<f64>, &Array2<f64>),
    raw: Raw,
    generation_before_mw: Option<&[f64]>,
) -> Result<Dispatch> {
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let voll = scenario.market.voll_eur_per_mwh;
    let stores = scenario.storage.len();
    // Values within the solver's tolerance of a bound are put on it, so that
    // results are clean and the price rule sees which units sit on a bound.
    let snap_between = |value: f64, lower: f64, upper: f64| {
        let tol = bound_tolerance_mw(upper);
        if value <= lower + tol {
            lower
        } else if value >= upper - tol {
            upper
        } else {
            value
        }
    };
    let snap = |value: f64, upper: f64| snap_between(value, 0.0, upper);
    let generation_mw = Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
        snap_between(
            raw.generation_mw[[h, u]],
            must_run[[h, u]],
            available[[h, u]],
        )
    });
    let ramping = ramp_bound(scenario, &generation_mw, generation_before_mw);
    let online_mw = Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
        snap(raw.online_mw[[h, u]], available[[h, u]])
    });
    let startup_mw = raw
        .startup_mw
        .mapv(|s| if s <= bound_tolerance_mw(s) { 0.0 } else { s });
    // The bounds that hold a unit's output in an hour: [must-run, available], or for a
    // unit with commitment [min stable · online, online].
    let bounds = |h: usize, u: usize| {
        let unit = &scenario.units[u];
        if unit.is_committed() {
            let on = online_mw[[h, u]];
            ((unit.min_stable_share * on).max(must_run[[h, u]]), on)
        } else {
            (must_run[[h, u]], available[[h, u]])
        }
    };
    let unserved_mw = Array2::from_shape_fn((hours, zones), |(h, z)| {
        snap(raw.unserved_mw[[h, z]], scenario.demand_mw[[h, z]])
    });
    let flow_mw = Array2::from_shape_fn((hours, scenario.links.len()), |(h, l)| {
        let f = raw.flow_mw[[h, l]];
        f.signum() * snap(f.abs(), scenario.links[l].capacity_mw)
    });
    let storage = StorageDispatch {
        charge_mw: Array2::from_shape_fn((hours, stores), |(h, s)| {
            snap(raw.charge_mw[[h, s]], scenario.storage[s].charge_power_mw)
        }),
        discharge_mw: Array2::from_shape_fn((hours, stores), |(h, s)| {
            snap(raw.discharge_mw[[h, s]], scenario.storage[s].power_mw)
        }),
        state_of_charge_mwh: Array2::from_shape_fn((hours, stores), |(h, s)| {
            snap(
                raw.state_of_charge_mwh[[h, s]],
                scenario.storage[s].energy_mwh,
            )
        }),
        spill_mw: Array2::from_shape_fn((hours, stores), |(h, s)| {
            snap(raw.spill_mw[[h, s]], scenario.inflow_mw(s, h))
        }),
    };

    let mut prices = Vec::with_capacity(hours * zones);
    for h in 0..hours {
        // Zones joined by links that are not at their limit share one price: price each
        // such group as one zone, with the flows over congested links as fixed exchange.
        let group = uncongested_groups(scenario, flow_mw.row(h).as_slice().unwrap_or(&[]));
        let mut hour: Vec<Option<HourPrice>> = vec![None; zones];
        for z in 0..zones {
            if hour[z].is_some() {
                continue;
            }
            let members: Vec<usize> = (0..zones).filter(|&y| group[y] == group[z]).collect();
            let demand: f64 = members.iter().map(|&y| scenario.demand_mw[[h, y]]).sum();
            let unserved: f64 = members.iter().map(|&y| unserved_mw[[h, y]]).sum();
            let (price, upper_setter) = price_interval(
                scenario
                    .units
                    .iter()
                    .enumerate()
                    // A unit held by its ramping limit does not bound the price.
                    .filter(|&(u, unit)| group[unit.zone] == group[z] && !ramping[[h, u]])
                    .map(|(u, _)| {
                        let (lower, upper) = bounds(h, u);
                        (u, offer[u], lower, upper, generation_mw[[h, u]])
                    }),
                demand,
                unserved,
                voll,
            );
            // What couples this hour to others here, if anything: a working store, else an
            // idle one, else a unit held by its ramping limit, else a unit with
            // commitment (its capacity online is decided with other hours' start-ups).
            let in_group = |zone: usize| group[zone] == group[z];
            let group_stores = || (0..stores).filter(|&s| in_group(scenario.storage[s].zone));
            let group_units =
                || (0..scenario.units.len()).filter(|&u| in_group(scenario.units[u].zone));
            let working =
                |s: usize| storage.charge_mw[[h, s]] > 0.0 || storage.discharge_mw[[h, s]] > 0.0;
            let coupling = group_stores()
                .find(|&s| working(s))
                .or_else(|| group_stores().next())
                .map(PriceSetter::Storage)
                .or_else(|| {
                    group_units()
                        .find(|&u| ramping[[h, u]])
                        .or_else(|| group_units().find(|&u| scenario.units[u].is_committed()))
                        .map(PriceSetter::Unit)
                });
            let mut coupled_price = None;
            for &y in &members {
                let dual = raw.balance_duals[[h, y]];
                let slack = DUAL_TOLERANCE * price.price_eur_per_mwh.abs().max(1.0);
                if let (Some(setter), None) = (coupling, coupled_price) {
                    coupled_price = Some(coupled(price, upper_setter, dual, slack, setter));
                }
                let price = coupled_price.unwrap_or(price);
                if !(dual >= price.lo_eur_per_mwh - slack && dual <= price.hi_eur_per_mwh + slack) {
                    return Err(Error::Solve {
                        tau_eur_per_t,
                        first_hour: h,
                        last_hour: h,
                        message: format!(
                            "zone {}: HiGHS's dual {dual} €/MWh lies outside the optimal interval [{}, {}]",
                            scenario.zones[y], price.lo_eur_per_mwh, price.hi_eur_per_mwh
                        ),
                    });
                }
                hour[y] = Some(price);
            }
        }
        prices.extend(hour.into_iter().map(|p| p.expect("every zone priced")));
    }
    Ok(Dispatch {
        flow_mw,
        storage,
        online_mw,
        startup_mw,
        tau_eur_per_t,
        generation_mw,
        unserved_mw,
        prices: Array2::from_shape_vec((hours, zones), prices).expect("hours × zones"),
    })
}

/// The price of a zone group whose hour is coupled to others (by storage, ramping or
/// commitment). The units of the hour bound the dual to `[lo, hi]`, but where they leave
/// it open, the coupling pins it through values that other hours decide (of stored
/// energy, of a ramp, of capacity online): any value of the interval is not optimal, so
/// the price is HiGHS's dual. At an end of the interval (within `slack`) it is that end,
/// set by the unit (or shortage) there; inside, it is set by `setter`, what couples the
/// hour.
fn coupled(
    units: HourPrice,
    upper_setter: PriceSetter,
    dual: f64,
    slack: f64,
    setter: PriceSetter,
) -> HourPrice {
    if units.unique {
        return units;
    }
    let (price, setter) = if (dual - units.lo_eur_per_mwh).abs() <= slack {
        (units.lo_eur_per_mwh, units.setter)
    } else if (dual - units.hi_eur_per_mwh).abs() <= slack {
        (units.hi_eur_per_mwh, upper_setter)
    } else {
        (dual, setter)
    };
    HourPrice {
        price_eur_per_mwh: price,
        setter,
        ..units
    }
}

/// Whether each unit is held by its ramping limit in each hour (the change into or out
/// of the hour is at the limit; into the first hour from `before`, where given), indexed
/// `[hour, unit]`.
fn ramp_bound(
    scenario: &Scenario,
    generation_mw: &Array2<f64>,
    before: Option<&[f64]>,
) -> Array2<bool> {
    let hours = scenario.hours();
    Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
        scenario.units[u].ramp_mw_per_h.is_some_and(|ramp| {
            let at_limit = |a: f64, b: f64| (b - a).abs() >= ramp - bound_tolerance_mw(ramp);
            let g = |t: usize| generation_mw[[t, u]];
            let into = match (h, before) {
                (0, Some(b)) => at_limit(b[u], g(0)),
                (0, None) => false,
                _ => at_limit(g(h - 1), g(h)),
            };
            into || (h + 1 < hours && at_limit(g(h), g(h + 1)))
        })
    })
}

/// For each zone, a representative of its group: zones joined by links whose flow in this
/// hour is strictly inside their limits (a congested link separates prices).
fn uncongested_groups(scenario: &Scenario, flows_mw: &[f64]) -> Vec<usize> {
    let mut group: Vec<usize> = (0..scenario.zones.len()).collect();
    fn root(group: &mut [usize], z: usize) -> usize {
        let mut r = z;
        while group[r] != r {
            r = group[r];
        }
        group[z] = r;
        r
    }
    for (link, &f) in scenario.links.iter().zip(flows_mw) {
        if !is_congested(f, link.capacity_mw) {
            let (a, b) = (root(&mut group, link.from), root(&mut group, link.to));
            group[a.max(b)] = a.min(b);
        }
    }
    (0..group.len()).map(|z| root(&mut group, z)).collect()
}
