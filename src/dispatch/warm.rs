//! The dispatch LP of `lp.rs`, built once through the `highs` crate and re-solved over a
//! chain of carbon prices: a carbon price changes only the costs of the generation
//! columns, so HiGHS keeps its basis and starts the next solve from it (no presolve, the
//! simplex from the last optimal vertex) instead of building and solving from scratch.
//! Every solve is priced by the same `lp::finish` as a cold solve. A warm solve that HiGHS
//! does not report optimal, or whose duals fail the price rule's check, is repeated cold.

use std::num::NonZeroU32;

use highs::{Col, HighsModelStatus, Model, RowProblem, Sense};
use ndarray::Array2;

use super::lp::{finish, Raw};
use super::{available_mw, must_run_mw, offers, Dispatch};
use crate::error::{Error, Result};
use crate::scenario::Scenario;

/// One model of a scenario, re-solved carbon price after carbon price.
pub struct Chain<'a> {
    scenario: &'a Scenario,
    /// Output bounds, MW, `[hour, unit]`: must-run and available.
    must_run: Array2<f64>,
    available: Array2<f64>,
    columns: Columns,
    /// The model with the offers its costs hold: after a solve, with HiGHS's basis;
    /// `None` after a failed solve.
    model: Option<(Model, Vec<f64>)>,
    /// Solves repeated from scratch after a kept model failed.
    fallbacks: usize,
}

/// Where each variable sits among the model's columns.
struct Columns {
    generation: Array2<Option<Col>>,
    flow: Array2<Col>,
    charge: Array2<Col>,
    discharge: Array2<Col>,
    state: Array2<Col>,
    spill: Array2<Option<Col>>,
    online: Array2<Option<Col>>,
    started: Array2<Option<Col>>,
    shortage: Array2<Col>,
}

impl<'a> Chain<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        let available = available_mw(scenario);
        let must_run = must_run_mw(scenario);
        let at_zero = offers(scenario, 0.0);
        let (model, columns) = build(scenario, (&must_run, &available), &at_zero);
        Chain {
            scenario,
            must_run,
            available,
            columns,
            model: Some((model, at_zero)),
            fallbacks: 0,
        }
    }

    /// How many solves on the kept model failed and were repeated from scratch.
    pub fn fallbacks(&self) -> usize {
        self.fallbacks
    }

    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// Dispatch at `tau_eur_per_t`, warm from the previous solve where there is one.
    pub fn solve(&mut self, tau_eur_per_t: f64) -> Result<Dispatch> {
        let offer = offers(self.scenario, tau_eur_per_t);
        match self.model.take() {
            Some((mut model, before)) => {
                for (u, (&new, &old)) in offer.iter().zip(&before).enumerate() {
                    if new != old {
                        for g in self.columns.generation.column(u).iter().flatten() {
                            model.change_column_cost(*g, new);
                        }
                    }
                }
                match self.run(model, tau_eur_per_t, offer.clone()) {
                    Ok(dispatch) => Ok(dispatch),
                    // A rare hot start can end off the optimum: solve from scratch.
                    Err(_) => {
                        self.fallbacks += 1;
                        self.cold(tau_eur_per_t, offer)
                    }
                }
            }
            None => self.cold(tau_eur_per_t, offer),
        }
    }

    fn cold(&mut self, tau_eur_per_t: f64, offer: Vec<f64>) -> Result<Dispatch> {
        let (model, _) = build(self.scenario, (&self.must_run, &self.available), &offer);
        self.run(model, tau_eur_per_t, offer)
    }

    /// Solves `model`, prices the result and keeps the model for the next solve.
    fn run(&mut self, model: Model, tau_eur_per_t: f64, offer: Vec<f64>) -> Result<Dispatch> {
        let s = self.scenario;
        let hours = s.hours();
        let failure = |message: String| Error::Solve {
            tau_eur_per_t,
            first_hour: 0,
            last_hour: hours.saturating_sub(1),
            message,
        };
        let solved = model
            .try_solve()
            .map_err(|e| failure(format!("HiGHS failed: {e:?}")))?;
        match solved.status() {
            HighsModelStatus::Optimal => {}
            HighsModelStatus::Infeasible => {
                return Err(failure("the dispatch LP is infeasible".into()))
            }
            HighsModelStatus::Unbounded => {
                return Err(failure("the dispatch LP is unbounded".into()))
            }
            other => return Err(failure(format!("HiGHS stopped: {other:?}"))),
        }
        let solution = solved.get_solution();
        let (values, duals) = (solution.columns(), solution.dual_rows());
        let c = &self.columns;
        let value = |col: &Col| values[col.index()];
        let zones = s.zones.len();
        let raw = Raw {
            generation_mw: c.generation.map(|g| g.map_or(0.0, |g| values[g.index()])),
            unserved_mw: c.shortage.map(value),
            flow_mw: c.flow.map(value),
            charge_mw: c.charge.map(value),
            discharge_mw: c.discharge.map(value),
            state_of_charge_mwh: c.state.map(value),
            spill_mw: c.spill.map(|x| x.map_or(0.0, |x| values[x.index()])),
            online_mw: c.online.map(|x| x.map_or(0.0, |x| values[x.index()])),
            startup_mw: c.started.map(|x| x.map_or(0.0, |x| values[x.index()])),
            // The balances are the first rows, hour by hour, zone by zone.
            balance_duals: Array2::from_shape_fn((hours, zones), |(h, z)| duals[h * zones + z]),
        };
        let bounds = (&self.must_run, &self.available);
        let dispatch = finish(s, tau_eur_per_t, &offer, bounds, raw, None)?;
        self.model = Some((Model::from(solved), offer));
        Ok(dispatch)
    }
}

/// The LP of `lp::solve` (without a cap) as a HiGHS model: quiet, one thread.
fn build(
    scenario: &Scenario,
    (must_run, available): (&Array2<f64>, &Array2<f64>),
    offer: &[f64],
) -> (Model, Columns) {
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let stores = scenario.storage.len();
    let mut problem = RowProblem::default();
    let generation = Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
        let cap = available[[h, u]];
        (cap > 0.0).then(|| problem.add_column(offer[u], must_run[[h, u]]..=cap))
    });
    let flow = Array2::from_shape_fn((hours, scenario.links.len()), |(_, l)| {
        let cap = scenario.links[l].capacity_mw;
        problem.add_column(0.0, -cap..=cap)
    });
    let charge = Array2::from_shape_fn((hours, stores), |(_, s)| {
        problem.add_column(0.0, 0.0..=scenario.storage[s].charge_power_mw)
    });
    let discharge = Array2::from_shape_fn((hours, stores), |(_, s)| {
        problem.add_column(0.0, 0.0..=scenario.storage[s].power_mw)
    });
    let state = Array2::from_shape_fn((hours, stores), |(_, s)| {
        problem.add_column(0.0, 0.0..=scenario.storage[s].energy_mwh)
    });
    let spill = Array2::from_shape_fn((hours, stores), |(h, s)| {
        let inflow = scenario.inflow_mw(s, h);
        (inflow > 0.0).then(|| problem.add_column(0.0, 0.0..=inflow))
    });
    let online = Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
        let cap = available[[h, u]];
        (scenario.units[u].is_committed() && cap > 0.0).then(|| problem.add_column(0.0, 0.0..=cap))
    });
    let started = Array2::from_shape_fn((hours, scenario.units.len()), |(_, u)| {
        let cost = scenario.units[u].startup_cost_eur_per_mw;
        (cost > 0.0).then(|| problem.add_column(cost, 0.0..))
    });
    let voll = scenario.market.voll_eur_per_mwh;
    let shortage = Array2::from_shape_fn((hours, zones), |(h, z)| {
        problem.add_column(voll, 0.0..=scenario.demand_mw[[h, z]])
    });
    let mut row = Vec::new();
    for h in 0..hours {
        for z in 0..zones {
            row.clear();
            for (u, unit) in scenario.units.iter().enumerate() {
                if let (true, Some(g)) = (unit.zone == z, generation[[h, u]]) {
                    row.push((g, 1.0));
                }
            }
            row.push((shortage[[h, z]], 1.0));
            for (l, link) in scenario.links.iter().enumerate() {
                if link.to == z {
                    row.push((flow[[h, l]], 1.0));
                } else if link.from == z {
                    row.push((flow[[h, l]], -1.0));
                }
            }
            for (s, store) in scenario.storage.iter().enumerate() {
                if store.zone == z {
                    row.push((discharge[[h, s]], 1.0));
                    row.push((charge[[h, s]], -1.0));
                }
            }
            let demand = scenario.demand_mw[[h, z]];
            problem.add_row(demand..=demand, &row);
        }
    }
    for (s, store) in scenario.storage.iter().enumerate() {
        for h in 0..hours {
            let before = state[[(h + hours - 1) % hours, s]];
            let mut change = vec![
                (charge[[h, s]], -store.efficiency_roundtrip),
                (discharge[[h, s]], 1.0),
            ];
            // With one hour the state is its own predecessor and cancels out (HiGHS
            // refuses a column twice in a row).
            if hours > 1 {
                change.extend([(state[[h, s]], 1.0), (before, -1.0)]);
            }
            if let Some(x) = spill[[h, s]] {
                change.push((x, 1.0));
            }
            let inflow = scenario.inflow_mw(s, h);
            problem.add_row(inflow..=inflow, change);
        }
    }
    for (u, unit) in scenario.units.iter().enumerate() {
        let Some(ramp) = unit.ramp_mw_per_h else {
            continue;
        };
        for h in 1..hours {
            // A unit without capacity in an hour has no column: its output there is 0.
            let change: Vec<(Col, f64)> =
                [(generation[[h, u]], 1.0), (generation[[h - 1, u]], -1.0)]
                    .into_iter()
                    .filter_map(|(g, a)| g.map(|g| (g, a)))
                    .collect();
            problem.add_row(-ramp..=ramp, change);
        }
    }
    for (u, unit) in scenario.units.iter().enumerate() {
        for h in 0..hours {
            if let (Some(g), Some(c)) = (generation[[h, u]], online[[h, u]]) {
                problem.add_row(0.0.., [(c, 1.0), (g, -1.0)]);
                if unit.min_stable_share > 0.0 {
                    problem.add_row(0.0.., [(g, 1.0), (c, -unit.min_stable_share)]);
                }
            }
            if let Some(s) = started[[h, u]] {
                // s_h ≥ c_h − c_{h−1}, cyclic; with one hour, c cancels out.
                let mut row = vec![(s, 1.0)];
                if hours > 1 {
                    row.extend(online[[h, u]].map(|c| (c, -1.0)));
                    row.extend(online[[(h + hours - 1) % hours, u]].map(|c| (c, 1.0)));
                }
                problem.add_row(0.0.., row);
            }
        }
    }
    let mut model = problem.optimise(Sense::Minimise);
    model.make_quiet();
    model.set_threads(NonZeroU32::MIN);
    (
        model,
        Columns {
            generation,
            flow,
            charge,
            discharge,
            state,
            spill,
            online,
            started,
            shortage,
        },
    )
}
