//! Rolling-horizon solving of the dispatch LP, for horizons too long to solve at once:
//! the hours are cut into windows of `window_hours`, each window is solved looking
//! `overlap_hours` further ahead, and only its own hours are kept; the next window starts
//! from the stored energy and the output (for ramping limits) that those hours left. The
//! horizon starts with empty stores and ends free, where the monolithic LP is cyclic.

use ndarray::{concatenate, s, Array2, Axis};

use super::lp::{self, Boundary};
use super::{Dispatch, StorageDispatch};
use crate::error::{Error, Result};
use crate::scenario::{Rolling, Scenario};

pub fn solve(scenario: &Scenario, tau_eur_per_t: f64, rolling: Rolling) -> Result<Dispatch> {
    let hours = scenario.hours();
    let mut boundary = Boundary {
        state_of_charge_mwh: vec![0.0; scenario.storage.len()],
        generation_mw: None,
        online_mw: None,
    };
    // Each window's dispatch and how many of its first hours it commits.
    let mut kept: Vec<(Dispatch, usize)> = Vec::new();
    let mut start = 0;
    while start < hours {
        let keep = rolling.window_hours.min(hours - start);
        let end = (start + keep + rolling.overlap_hours).min(hours);
        let window = scenario.window(start..end);
        let d = lp::solve_window(&window, tau_eur_per_t, &boundary).map_err(|e| match e {
            // Hours of the window → hours of the scenario.
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
        })?;
        boundary = Boundary {
            state_of_charge_mwh: d.storage.state_of_charge_mwh.row(keep - 1).to_vec(),
            generation_mw: Some(d.generation_mw.row(keep - 1).to_vec()),
            online_mw: Some(d.online_mw.row(keep - 1).to_vec()),
        };
        kept.push((d, keep));
        start += keep;
    }
    Ok(joined(&kept, tau_eur_per_t))
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
    Dispatch {
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
