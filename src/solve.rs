//! The one place that speaks to HiGHS. It hands an LP that `model` states to HiGHS
//! (through good_lp's HiGHS backend, quiet, one thread; with the diagonal Hessian of a
//! demand curve or Cournot players, a convex QP that HiGHS solves exactly), solves it, maps HiGHS's status
//! to what a person can act on, and keeps the solved model so that the next solve, after
//! costs or row bounds changed, starts from its basis (HiGHS skips presolve and runs the
//! simplex from the last optimal vertex).

use std::num::NonZeroU32;

use good_lp::solvers::highs::highs;
use highs::{HessianFormat, HighsModelStatus};

use crate::model::{self, Layout, Request};

/// An LP handed to HiGHS, ready to solve: fresh, or kept from a solve with its basis.
pub struct Lp {
    model: highs::Model,
    pub layout: Layout,
}

/// What a solve gives: the value of every column and the dual of every row.
pub struct Solution {
    pub columns: Vec<f64>,
    pub row_duals: Vec<f64>,
    /// Simplex iterations the solve took.
    pub iterations: i64,
}

/// Why a solve gave no solution.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Infeasible,
    Unbounded,
    /// HiGHS refused the model or stopped without an optimum; its own words.
    Solver(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Infeasible => write!(f, "the dispatch LP is infeasible"),
            Failure::Unbounded => write!(f, "the dispatch LP is unbounded"),
            Failure::Solver(what) => write!(f, "HiGHS failed: {what}"),
        }
    }
}

impl Lp {
    /// States the LP of `request` and hands it to HiGHS.
    pub fn new(request: &Request) -> Result<Lp, Failure> {
        let (problem, layout) = model::state(request, highs);
        let mut model = problem
            .try_into_inner()
            .map_err(|e| Failure::Solver(e.to_string()))?;
        model.make_quiet();
        model.set_threads(NonZeroU32::MIN);
        if !layout.hessian.is_empty() {
            // ½·xᵀQx with Q diagonal: one (row, entry) for each column that has one.
            let mut diagonal = vec![None; layout.columns];
            for &(col, entry) in &layout.hessian {
                diagonal[col] = Some((col, entry));
            }
            model
                .try_pass_hessian(HessianFormat::Triangular, diagonal)
                .map_err(|e| Failure::Solver(e.to_string()))?;
            // HiGHS's active-set QP solver adds 1e-7 to every diagonal entry by default,
            // which moves each price by 1e-7 €/MWh per MW of output; the Hessian here is
            // convex as it stands.
            model.set_option("qp_regularization_value", 0.0);
        }
        Ok(Lp { model, layout })
    }

    /// Sets the cost of each `(column, cost)`.
    pub fn change_costs(&mut self, changes: &[(usize, f64)]) {
        if changes.is_empty() {
            return;
        }
        let (cols, costs): (Vec<highs_sys::HighsInt>, Vec<f64>) =
            changes.iter().map(|&(c, cost)| (index(c), cost)).unzip();
        // SAFETY: the pointer is the live HiGHS instance this `Lp` owns, and both arrays
        // hold `cols.len()` entries, every index a column of the model.
        let status = unsafe {
            highs_sys::Highs_changeColsCostBySet(
                self.model.as_mut_ptr(),
                index(cols.len()),
                cols.as_ptr(),
                costs.as_ptr(),
            )
        };
        assert_ne!(status, highs_sys::STATUS_ERROR, "changing column costs");
    }

    /// Sets the bounds of each `(row, lower, upper)`.
    pub fn change_row_bounds(&mut self, changes: &[(usize, f64, f64)]) {
        for &(row, lower, upper) in changes {
            // SAFETY: the pointer is the live HiGHS instance this `Lp` owns, and `row` one
            // of its rows.
            let status = unsafe {
                highs_sys::Highs_changeRowBounds(self.model.as_mut_ptr(), index(row), lower, upper)
            };
            assert_ne!(status, highs_sys::STATUS_ERROR, "changing row bounds");
        }
    }

    /// Solves the LP. On success, returns the solution and the model kept with its basis.
    pub fn solve(self) -> Result<(Solution, Lp), Failure> {
        let solved = self.model.try_solve().map_err(|e| {
            Failure::Solver(format!(
                "it stopped with an error ({e:?}) before reaching an optimum; numbers of \
                     very different sizes in the input can cause this"
            ))
        })?;
        match solved.status() {
            HighsModelStatus::Optimal => {}
            HighsModelStatus::Infeasible => return Err(Failure::Infeasible),
            HighsModelStatus::Unbounded => return Err(Failure::Unbounded),
            other => return Err(Failure::Solver(format!("stopped with status {other:?}"))),
        }
        let solution = solved.get_solution();
        let found = Solution {
            columns: solution.columns().to_vec(),
            row_duals: solution.dual_rows().to_vec(),
            iterations: solved.simplex_iteration_count(),
        };
        let kept = Lp {
            model: highs::Model::from(solved),
            layout: self.layout,
        };
        Ok((found, kept))
    }
}

/// A column or row index, or a count, as HiGHS's integer.
fn index(i: usize) -> highs_sys::HighsInt {
    highs_sys::HighsInt::try_from(i).expect("an LP within HiGHS's index range")
}
