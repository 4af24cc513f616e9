//! The dispatch LP solved once, from scratch: at a carbon price, under an emissions cap
//! (the allowance price is then the floor plus the cap's dual), or as a window of a
//! rolling horizon. The LP is `model`'s; `solve` runs it; `finish` prices it.

use super::finish::finish;
use super::Dispatch;
use crate::error::{Error, Result};
use crate::model::{Bounds, Held, Request, Values};
use crate::scenario::Scenario;
use crate::solve::{Failure, Lp, Solved};

pub use crate::model::{Boundary, Cap};

pub fn solve(scenario: &Scenario, tau_eur_per_t: f64) -> Result<Dispatch> {
    solve_with_cap(scenario, tau_eur_per_t, None)
}

/// Dispatch of a window of a rolling horizon at `tau_eur_per_t`: the stores start at the
/// boundary's state instead of cycling back, and end the window free.
pub fn solve_window(scenario: &Scenario, tau_eur_per_t: f64, start: &Boundary) -> Result<Dispatch> {
    let bounds = Bounds::of(scenario);
    let offer = scenario.offers(tau_eur_per_t);
    let values = once(scenario, &bounds, &offer, None, Some(start), tau_eur_per_t)?;
    finish(
        scenario,
        tau_eur_per_t,
        &offer,
        &bounds,
        values,
        start.generation_mw.as_deref(),
    )
}

/// Dispatch at carbon price `tau_eur_per_t`, or under `cap` (then `tau_eur_per_t` is
/// ignored and the returned dispatch carries the allowance price the cap yields).
pub fn solve_with_cap(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    cap: Option<Cap>,
) -> Result<Dispatch> {
    solve_with_bounds(scenario, tau_eur_per_t, cap, &Bounds::of(scenario))
}

/// As `solve_with_cap`, with the units' bounds and column groups given (tests state the
/// LP with every unit a column of its own, `Bounds::unreduced`, to check the reduction).
pub fn solve_with_bounds(
    scenario: &Scenario,
    tau_eur_per_t: f64,
    cap: Option<Cap>,
    bounds: &Bounds,
) -> Result<Dispatch> {
    // Under a cap the LP prices carbon at the floor; the cap's dual adds the rest.
    let tau_in_objective = cap.map_or(tau_eur_per_t, |c| c.floor_eur_per_t);
    let offer = scenario.offers(tau_in_objective);
    let values = once(scenario, bounds, &offer, cap, None, tau_eur_per_t)?;
    match cap {
        None => finish(scenario, tau_eur_per_t, &offer, bounds, values, None),
        Some(cap) => {
            let tau = allowance_price(cap, &values);
            finish(scenario, tau, &scenario.offers(tau), bounds, values, None)
        }
    }
}

/// The allowance price under `cap`: the floor plus what the cap's dual adds (its negative
/// is the value of a tonne more of cap).
pub(super) fn allowance_price(cap: Cap, values: &Values) -> f64 {
    cap.floor_eur_per_t + (-values.cap_dual.unwrap_or(0.0)).max(0.0)
}

/// States the LP at `offer` from scratch, with the columns its band holds (see `Held`),
/// and solves it, releasing held columns where they fail.
fn once(
    scenario: &Scenario,
    bounds: &Bounds,
    offer: &[f64],
    cap: Option<Cap>,
    start: Option<&Boundary>,
    tau_eur_per_t: f64,
) -> Result<Values> {
    let failed = |f: Failure| solve_error(scenario, tau_eur_per_t, f);
    let mut held = Held::of(scenario, bounds, offer, cap.is_some());
    let request = Request {
        scenario,
        bounds,
        offer_eur_per_mwh: offer,
        held: &held,
        cap,
        start,
    };
    let solved = Lp::solved(&request, |_| {});
    let (solution, lp) = released(solved, scenario, bounds, offer, &mut held).map_err(failed)?;
    Ok((lp.layout).read(scenario, bounds, &solution.columns, &solution.row_duals))
}

/// What `solved` gave with the columns `held` holds, solved again warm after releasing
/// every held column whose reduced cost fails, until none does (see `Held`).
pub(super) fn released(
    solved: Solved,
    scenario: &Scenario,
    bounds: &Bounds,
    offer: &[f64],
    held: &mut Held,
) -> Solved {
    let (mut solution, mut lp) = solved?;
    loop {
        let changes =
            held.release_failing(scenario, &lp.layout, bounds, offer, &solution.row_duals);
        if changes.is_empty() {
            return Ok((solution, lp));
        }
        lp.change_column_bounds(&changes);
        (solution, lp) = lp.solve()?;
    }
}

/// A failed solve as an error naming the carbon price and the hours.
pub(super) fn solve_error(scenario: &Scenario, tau_eur_per_t: f64, failure: Failure) -> Error {
    Error::Solve {
        tau_eur_per_t,
        first_hour: 0,
        last_hour: scenario.hours().saturating_sub(1),
        message: failure.to_string(),
    }
}
