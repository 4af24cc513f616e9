//! From a solve's values to a priced dispatch: values within the solver's tolerance of a
//! bound are put on it, then every zone and hour is priced by the shared price rule, and
//! HiGHS's dual of each balance is checked against the interval that rule allows. A solve
//! whose dual lies outside is an error, never a result.

use ndarray::Array2;

use super::pricing::price_interval;
use super::{bound_tolerance_mw, is_congested, Dispatch, HourPrice, PriceSetter, StorageDispatch};
use crate::error::{Error, Result};
use crate::model::{Bounds, Values};
use crate::scenario::Scenario;

/// Largest gap tolerated between HiGHS's dual and the interval of optimal duals, €/MWh
/// (relative to the price's size): beyond it the solve is reported as inconsistent.
const DUAL_TOLERANCE: f64 = 1e-6;

/// Snaps a solve's values onto their bounds and prices every zone and hour by the shared
/// price rule, checking HiGHS's duals against it. `offer` and `bounds` as the LP had them;
/// `tau_eur_per_t` is the carbon price reported.
pub(super) fn finish(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    offer: &[f64],
    bounds: &Bounds,
    raw: Values,
    generation_before_mw: Option<&[f64]>,
) -> Result<Dispatch> {
    // Under a performance standard a covered unit's offer carries the credit price λ:
    // + λ·(e − b), a cost above the benchmark, a credit below it.
    let credit_price = raw.standard_dual.map(|dual| (-dual).max(0.0));
    let with_credits: Vec<f64>;
    let offer = match credit_price {
        Some(lambda) if lambda > 0.0 => {
            with_credits = (0..scenario.units.len())
                .map(|u| offer[u] + lambda * scenario.standard_coefficient(u).unwrap_or(0.0))
                .collect();
            &with_credits[..]
        }
        _ => offer,
    };
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let voll = scenario.market.voll_eur_per_mwh;
    let stores = scenario.storage.len();
    let (must_run, available) = (&bounds.must_run_mw, &bounds.available_mw);
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
            ((unit.min_stable_share() * on).max(must_run[[h, u]]), on)
        } else {
            (must_run[[h, u]], available[[h, u]])
        }
    };
    let unserved_mw = Array2::from_shape_fn((hours, zones), |(h, z)| {
        snap(raw.unserved_mw[[h, z]], scenario.demand_mw[[h, z]])
    });
    let flow_mw = Array2::from_shape_fn((hours, scenario.links.len()), |(h, l)| {
        let f = raw.flow_mw[[h, l]];
        f.signum() * snap(f.abs(), scenario.links[l].limit_mw(f))
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

    // What each zone-hour serves: its load, or the quantity on its demand curve.
    let served_mw = raw
        .served_mw
        .as_ref()
        .map(|q| q.mapv(|q| if q <= bound_tolerance_mw(q) { 0.0 } else { q }));
    check_balance(
        scenario,
        tau_eur_per_t,
        &generation_mw,
        available,
        &unserved_mw,
        &flow_mw,
        &storage,
        served_mw.as_ref().unwrap_or(&scenario.demand_mw),
    )?;
    // Under Cournot a firm's unit offers at its marginal cost plus the price its output
    // depresses, b·q_f (the first-order condition p − b·q_f = c).
    let markup = cournot_markups(scenario, &raw);
    let offer_at = |h: usize, u: usize| offer[u] + markup.as_ref().map_or(0.0, |m| m[[h, u]]);
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
                        (u, offer_at(h, u), lower, upper, generation_mw[[h, u]])
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
            let slack = DUAL_TOLERANCE * price.price_eur_per_mwh.abs().max(1.0);
            // On a demand curve the price is the curve's value at the load served.
            let on_curve = on_curve(scenario, h, &members, &served_mw);
            let mut coupled_price = on_curve
                .map(|curve| {
                    curve_price(price, upper_setter, curve, slack, coupling).ok_or_else(|| {
                        Error::Solve {
                            tau_eur_per_t,
                            first_hour: h,
                            last_hour: h,
                            message: format!(
                                "zone {}: the demand curve's price {curve} €/MWh lies outside \
                                 the interval [{}, {}] that the units' offers allow",
                                scenario.zones[z], price.lo_eur_per_mwh, price.hi_eur_per_mwh
                            ),
                        }
                    })
                })
                .transpose()?;
            for &y in &members {
                let dual = raw.balance_duals[[h, y]];
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
        credit_price_eur_per_t: credit_price,
        served_mw,
    })
}

/// Largest imbalance tolerated in a zone-hour, relative to the balance's scale (load plus
/// everything that could flow into or out of the zone in that hour): the values moved
/// onto their bounds after the solve may each move by 1e-6 of their bound.
pub const BALANCE_TOLERANCE: f64 = 1e-6;

/// The price on the demand curve of a zone group in hour `h`: a − b·q of its first zone
/// that serves load (the zones of an uncongested group share one price); `None` for fixed
/// load, or where no zone of the group serves any.
fn on_curve(
    scenario: &Scenario,
    h: usize,
    members: &[usize],
    served_mw: &Option<Array2<f64>>,
) -> Option<f64> {
    let served = served_mw.as_ref()?;
    members.iter().find_map(|&y| {
        let (a, b) = scenario.demand_line(h, y)?;
        let q = served[[h, y]];
        (q > 0.0).then_some(a - b * q)
    })
}

/// The price of a zone group on a demand curve at `curve` €/MWh: unique (the curve's slope
/// pins it), the offer of the unit the units' interval names where the curve meets it at
/// an end (or of a part-loaded unit), else the curve's value, set by what couples the
/// hour (a store) or by the curve itself. `None` where the curve's price lies outside the
/// units' interval: the solve is not an optimum.
fn curve_price(
    units: HourPrice,
    upper_setter: PriceSetter,
    curve: f64,
    slack: f64,
    coupling: Option<PriceSetter>,
) -> Option<HourPrice> {
    if curve < units.lo_eur_per_mwh - slack || curve > units.hi_eur_per_mwh + slack {
        return None;
    }
    // Where a unit's offer is the price, it is exact; the curve's value at the solved
    // quantity carries the solver's rounding.
    let (price, setter) = if units.unique || (curve - units.lo_eur_per_mwh).abs() <= slack {
        (units.lo_eur_per_mwh, units.setter)
    } else if (curve - units.hi_eur_per_mwh).abs() <= slack {
        (units.hi_eur_per_mwh, upper_setter)
    } else {
        let setter = match coupling {
            Some(store @ PriceSetter::Storage(_)) => store,
            _ => PriceSetter::Demand,
        };
        (curve, setter)
    };
    Some(HourPrice {
        price_eur_per_mwh: price,
        setter,
        unique: true,
        lo_eur_per_mwh: price,
        hi_eur_per_mwh: price,
    })
}

/// What each unit of a Cournot firm adds to its offer in each hour, b·q_f (its zone's
/// demand slope times its firm's output there), `[hour, unit]`; `None` without Cournot.
fn cournot_markups(scenario: &Scenario, raw: &Values) -> Option<Array2<f64>> {
    let players = crate::model::Players::of(scenario);
    if players.is_empty() {
        return None;
    }
    Some(Array2::from_shape_fn(
        (scenario.hours(), scenario.units.len()),
        |(h, u)| match players.of_unit[u] {
            Some(p) => {
                let b = scenario
                    .demand_line(h, players.zone[p])
                    .map_or(0.0, |(_, b)| b);
                b * raw.player_output_mw[[h, p]]
            }
            None => 0.0,
        },
    ))
}

/// Checks that every zone-hour balances: generation + imports − exports + discharge −
/// charge + unserved = load (`load_mw`: the load, or what a demand curve served), to
/// `BALANCE_TOLERANCE` of the balance's scale. A solve that does not is an error: HiGHS
/// did not solve the problem to its tolerances.
#[allow(clippy::too_many_arguments)]
fn check_balance(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    generation_mw: &Array2<f64>,
    available_mw: &Array2<f64>,
    unserved_mw: &Array2<f64>,
    flow_mw: &Array2<f64>,
    storage: &StorageDispatch,
    load_mw: &Array2<f64>,
) -> Result<()> {
    let zones = scenario.zones.len();
    for h in 0..scenario.hours() {
        let mut supply = vec![0.0; zones];
        let mut scale = vec![0.0; zones];
        for (u, unit) in scenario.units.iter().enumerate() {
            supply[unit.zone] += generation_mw[[h, u]];
            scale[unit.zone] += available_mw[[h, u]].abs();
        }
        for (l, link) in scenario.links.iter().enumerate() {
            let f = flow_mw[[h, l]];
            supply[link.to] += f;
            supply[link.from] -= f;
            let most = link.capacity_mw.max(link.capacity_reverse_mw);
            scale[link.to] += most;
            scale[link.from] += most;
        }
        for (s, store) in scenario.storage.iter().enumerate() {
            supply[store.zone] += storage.discharge_mw[[h, s]] - storage.charge_mw[[h, s]];
            scale[store.zone] += store.power_mw + store.charge_power_mw;
        }
        for z in 0..zones {
            let load = load_mw[[h, z]];
            let served = supply[z] + unserved_mw[[h, z]];
            let tolerance = BALANCE_TOLERANCE * (load + scale[z]).max(1.0);
            // NaN counts as unbalanced.
            let balanced = (served - load).abs() <= tolerance;
            if !balanced {
                return Err(Error::Solve {
                    tau_eur_per_t,
                    first_hour: h,
                    last_hour: h,
                    message: format!(
                        "zone {}: the solution does not balance: generation, net imports, \
                         storage and unserved load give {served} MW against a load of {load} \
                         MW (tolerance {tolerance:.3e} MW); HiGHS did not solve the problem \
                         to its tolerances, which very large or very small numbers in the \
                         input can cause",
                        scenario.zones[z]
                    ),
                });
            }
        }
    }
    Ok(())
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
        scenario.units[u].ramp_mw_per_h().is_some_and(|ramp| {
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
        if !is_congested(f, link) {
            let (a, b) = (root(&mut group, link.from), root(&mut group, link.to));
            group[a.max(b)] = a.min(b);
        }
    }
    (0..group.len()).map(|z| root(&mut group, z)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Unit;

    /// Two units against 100 and 250 MW; `generation` is what a solve said they made.
    fn balance_of(generation: [[f64; 2]; 2], unserved: [f64; 2]) -> Result<()> {
        let scenario = Scenario::single_zone(
            "balance",
            &[100.0, 250.0],
            vec![
                Unit::fuelless("a", "wind", 200.0, 0.0),
                Unit::fuelless("b", "hydro", 200.0, 5.0),
            ],
        );
        let g = Array2::from_shape_fn((2, 2), |(h, u)| generation[h][u]);
        let available = Array2::from_elem((2, 2), 200.0);
        let unserved = Array2::from_shape_fn((2, 1), |(h, _)| unserved[h]);
        let storage = StorageDispatch {
            charge_mw: Array2::zeros((2, 0)),
            discharge_mw: Array2::zeros((2, 0)),
            state_of_charge_mwh: Array2::zeros((2, 0)),
            spill_mw: Array2::zeros((2, 0)),
        };
        let flows = Array2::zeros((2, 0));
        let load = scenario.demand_mw.clone();
        check_balance(
            &scenario, 30.0, &g, &available, &unserved, &flows, &storage, &load,
        )
    }

    #[test]
    fn a_solve_that_does_not_balance_is_an_error() {
        assert!(balance_of([[100.0, 0.0], [200.0, 50.0]], [0.0, 0.0]).is_ok());
        assert!(balance_of([[100.0, 0.0], [200.0, 0.0]], [0.0, 50.0]).is_ok());
        // Within the tolerance: 1e-6 × (250 + 400) MW.
        assert!(balance_of([[100.0, 0.0], [200.0, 50.0 - 6e-4]], [0.0, 0.0]).is_ok());
        // What a unit of 1e10 MW gave: nothing generated, nothing unserved.
        let e = balance_of([[0.0, 0.0], [0.0, 0.0]], [0.0, 0.0]).unwrap_err();
        assert!(
            e.to_string()
                .contains("hours 0..=0: zone system: the solution does not balance"),
            "{e}"
        );
        assert!(balance_of([[100.0, 0.0], [200.0, 50.01]], [0.0, 0.0]).is_err());
    }
}
