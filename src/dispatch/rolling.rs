//! Rolling-horizon solving of the dispatch LP, for horizons too long to solve at once:
//! the hours are cut into windows of `window_hours`, each window is solved looking
//! `overlap_hours` further ahead, and only its own hours are kept; the next window starts
//! from the stored energy, output (for ramping) and capacity online that those hours
//! left. The horizon starts with empty stores and ends free, where the monolithic LP is
//! cyclic. Several carbon prices are solved window by window: each window's model is
//! kept and re-solved warm from one carbon price to the next, so only one window's model
//! is held at a time.

use ndarray::{concatenate, s, Array2, Axis};

use super::warm::Chain;
use super::{Dispatch, StorageDispatch};
use crate::error::{Error, Result};
use crate::model::Boundary;
use crate::scenario::{Rolling, Scenario};

/// Dispatch at one carbon price.
pub fn solve(scenario: &Scenario, tau_eur_per_t: f64, rolling: Rolling) -> Result<Dispatch> {
    let mut one = solve_chain(scenario, &[tau_eur_per_t], rolling)?;
    Ok(one.pop().expect("one carbon price"))
}

/// Dispatches at each of `taus_eur_per_t`, in that order.
pub fn solve_chain(
    scenario: &Scenario,
    taus_eur_per_t: &[f64],
    rolling: Rolling,
) -> Result<Vec<Dispatch>> {
    let hours = scenario.hours();
    let empty = Boundary {
        state_of_charge_mwh: vec![0.0; scenario.storage.len()],
        generation_mw: None,
        online_mw: None,
    };
    // Where each carbon price's next window starts, and its windows so far with how many
    // of their first hours each commits.
    let mut boundaries = vec![empty; taus_eur_per_t.len()];
    let mut kept: Vec<Vec<(Dispatch, usize)>> = vec![Vec::new(); taus_eur_per_t.len()];
    let mut start = 0;
    while start < hours {
        let keep = rolling.window_hours.min(hours - start);
        let end = (start + keep + rolling.overlap_hours).min(hours);
        let window = scenario.window(start..end);
        let mut chain = Chain::window(&window);
        for (t, &tau) in taus_eur_per_t.iter().enumerate() {
            let d = chain
                .solve_window(tau, &boundaries[t])
                .map_err(|e| in_horizon(e, start))?;
            boundaries[t] = Boundary {
                state_of_charge_mwh: d.storage.state_of_charge_mwh.row(keep - 1).to_vec(),
                generation_mw: Some(d.generation_mw.row(keep - 1).to_vec()),
                online_mw: Some(d.online_mw.row(keep - 1).to_vec()),
            };
            kept[t].push((d, keep));
        }
        start += keep;
    }
    Ok(taus_eur_per_t
        .iter()
        .zip(&kept)
        .map(|(&tau, windows)| joined(windows, tau))
        .collect())
}

/// An error of a window, with its hours as hours of the scenario.
fn in_horizon(e: Error, start: usize) -> Error {
    match e {
        Error::Solve {
            tau_eur_per_t,
            first_hour,
            last_hour,
            message,
        } => Error::Solve {
            tau_eur_per_t,
            first_hour: first_hour + start,
            last_hour: last_hour + start,
            message: format!("rolling window from hour {start}: {message}"),
        },
        other => other,
    }
}

/// The committed hours of every window one after another, as one dispatch of the horizon.
fn joined(windows: &[(Dispatch, usize)], tau_eur_per_t: f64) -> Dispatch {
    let join = |f: &dyn Fn(&Dispatch) -> &Array2<f64>| {
        let views: Vec<_> = windows
            .iter()
            .map(|(d, keep)| f(d).slice(s![..*keep, ..]))
            .collect();
        concatenate(Axis(0), &views).expect("windows of one scenario")
    };
    let prices: Vec<_> = windows
        .iter()
        .map(|(d, keep)| d.prices.slice(s![..*keep, ..]))
        .collect();
    let served = windows.iter().all(|(d, _)| d.served_mw.is_some());
    Dispatch {
        credit_price_eur_per_t: None,
        served_mw: served.then(|| join(&|d| d.served_mw.as_ref().expect("all served"))),
        tau_eur_per_t,
        generation_mw: join(&|d| &d.generation_mw),
        unserved_mw: join(&|d| &d.unserved_mw),
        prices: concatenate(Axis(0), &prices).expect("windows of one scenario"),
        flow_mw: join(&|d| &d.flow_mw),
        online_mw: join(&|d| &d.online_mw),
        startup_mw: join(&|d| &d.startup_mw),
        storage: StorageDispatch {
            charge_mw: join(&|d| &d.storage.charge_mw),
            discharge_mw: join(&|d| &d.storage.discharge_mw),
            state_of_charge_mwh: join(&|d| &d.storage.state_of_charge_mwh),
            spill_mw: join(&|d| &d.storage.spill_mw),
        },
    }
}
