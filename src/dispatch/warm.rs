//! The dispatch LP kept and re-solved over a chain of solves: a carbon price changes only
//! the costs of the generation columns, a cap only its row's bound, a window's start only
//! its first-hour rows, so HiGHS keeps its basis and starts the next solve from it instead
//! of stating and solving from scratch. Every solve is priced by the same `finish` as a
//! cold one. A warm solve that HiGHS does not report optimal, or whose duals fail the
//! price rule's check, is repeated from scratch.

use super::finish::finish;
use super::lp::{allowance_price, released, solve_error};
use super::Dispatch;
use crate::error::Result;
use crate::model::{Boundary, Bounds, Cap, Held, Request};
use crate::scenario::Scenario;
use crate::solve::{Lp, Solved};

/// One model of a scenario (or of a window of it), re-solved again and again.
pub struct Chain<'a> {
    scenario: &'a Scenario,
    bounds: Bounds,
    /// A cap whose bound each solve may change; `None` solves at carbon prices.
    cap: Option<Cap>,
    /// Whether the model is a window of a rolling horizon (each solve gives its start).
    window: bool,
    /// The model with the offers its costs hold, solved at least once; `None` before the
    /// first solve and after a failed one.
    kept: Option<(Lp, Vec<f64>)>,
    /// The columns the kept model holds at a bound (see `Held`).
    held: Held,
    /// Solves repeated from scratch after a kept model failed.
    fallbacks: usize,
}

impl<'a> Chain<'a> {
    /// A chain of solves at carbon prices over the whole, cyclic horizon.
    pub fn new(scenario: &'a Scenario) -> Self {
        let bounds = Bounds::of(scenario);
        Chain {
            scenario,
            held: Held::none(&bounds),
            bounds,
            cap: None,
            window: false,
            kept: None,
            fallbacks: 0,
        }
    }

    /// A chain of solves of one window of a rolling horizon, each from its own start.
    pub fn window(scenario: &'a Scenario) -> Self {
        Chain {
            window: true,
            ..Chain::new(scenario)
        }
    }

    /// A chain of solves under caps with `cap`'s floor and ceiling (each solve names its
    /// own cap).
    pub fn capped(scenario: &'a Scenario, cap: Cap) -> Self {
        Chain {
            cap: Some(cap),
            ..Chain::new(scenario)
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
        debug_assert!(self.cap.is_none() && !self.window);
        self.next(tau_eur_per_t, None, None)
    }

    /// Dispatch of the window at `tau_eur_per_t`, starting from `start`.
    pub fn solve_window(&mut self, tau_eur_per_t: f64, start: &Boundary) -> Result<Dispatch> {
        debug_assert!(self.window);
        self.next(tau_eur_per_t, None, Some(start))
    }

    /// Dispatch under a cap of `cap_t` tonnes (the chain's floor and ceiling).
    pub fn solve_cap(&mut self, cap_t: f64) -> Result<Dispatch> {
        let cap = Cap {
            cap_t,
            ..self.cap.expect("a chain of caps")
        };
        self.next(cap.floor_eur_per_t, Some(cap), None)
    }

    fn next(&mut self, tau: f64, cap: Option<Cap>, start: Option<&Boundary>) -> Result<Dispatch> {
        let offer = self.scenario.offers(tau);
        let Some((mut lp, before)) = self.kept.take() else {
            return self.cold(tau, offer, cap, start);
        };
        lp.change_costs(&lp.layout.cost_changes(&before, &offer));
        let held = Held::of(self.scenario, &self.bounds, &offer, cap.is_some());
        lp.change_column_bounds(&held.changes_from(&self.held, &lp.layout, &self.bounds));
        self.held = held;
        if let Some(bounds) = cap.and_then(|c| lp.layout.cap_bounds(c.cap_t)) {
            lp.change_row_bounds(&[bounds]);
        }
        if let Some(start) = start {
            lp.change_row_bounds(&lp.layout.start_bounds(self.scenario, start));
        }
        let solved = self.released(lp.solve(), &offer);
        match self.priced(solved, tau, offer.clone(), cap, start) {
            Ok(dispatch) => Ok(dispatch),
            // A rare hot start can end off the optimum: solve from scratch.
            Err(_) => {
                self.fallbacks += 1;
                self.cold(tau, offer, cap, start)
            }
        }
    }

    fn cold(
        &mut self,
        tau: f64,
        offer: Vec<f64>,
        cap: Option<Cap>,
        start: Option<&Boundary>,
    ) -> Result<Dispatch> {
        self.held = Held::of(self.scenario, &self.bounds, &offer, cap.is_some());
        let request = Request {
            scenario: self.scenario,
            bounds: &self.bounds,
            offer_eur_per_mwh: &offer,
            held: &self.held,
            cap,
            start,
        };
        let solved = Lp::solved(&request, |_| {});
        let solved = self.released(solved, &offer);
        self.priced(solved, tau, offer, cap, start)
    }

    /// What a solve gave, with the held columns that fail released and solved again.
    fn released(&mut self, solved: Solved, offer: &[f64]) -> Solved {
        released(solved, self.scenario, &self.bounds, offer, &mut self.held)
    }

    /// Prices what a solve gave and keeps its model for the next solve.
    fn priced(
        &mut self,
        solved: Solved,
        tau: f64,
        offer: Vec<f64>,
        cap: Option<Cap>,
        start: Option<&Boundary>,
    ) -> Result<Dispatch> {
        let s = self.scenario;
        let (solution, lp) = solved.map_err(|f| solve_error(s, tau, f))?;
        let values = (lp.layout).read(
            self.scenario,
            &self.bounds,
            &solution.columns,
            &solution.row_duals,
        );
        let before = start.and_then(|b| b.generation_mw.as_deref());
        let dispatch = match cap {
            None => finish(s, tau, &offer, &self.bounds, values, before)?,
            Some(cap) => {
                let price = allowance_price(cap, &values);
                finish(s, price, &s.offers(price), &self.bounds, values, before)?
            }
        };
        self.kept = Some((lp, offer));
        Ok(dispatch)
    }
}
