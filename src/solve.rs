//! The one place that speaks to HiGHS. It hands an LP that `model` states to HiGHS
//! (through good_lp's HiGHS backend, quiet, one thread; with the diagonal Hessian of a
//! demand curve or Cournot players, a convex QP that HiGHS solves exactly), solves it,
//! maps HiGHS's status to what a person can act on, and keeps the solved model so that the next solve, after
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
    /// For a regularised QP, the cost of every column as stated (and changed): the
    /// refinement in `solve` shifts them and puts them back.
    qp_costs: Option<Vec<f64>>,
}

/// What HiGHS's QP solver adds to every diagonal entry of the Hessian where asked (its
/// default; carbonpass asks only where the QP fails without).
const REGULARIZATION: f64 = 1e-7;

/// At most so many solves refine a QP's solution; each shrinks the regularisation's bias
/// by the ratio of REGULARIZATION to the curvature of the columns that have one.
const REFINEMENTS: usize = 2;

/// What a solve gives: the value of every column and the dual of every row.
pub struct Solution {
    pub columns: Vec<f64>,
    pub row_duals: Vec<f64>,
    /// Simplex iterations the solve took.
    pub iterations: i64,
}

/// What a solve gives: the solution and the model kept with its basis, or why not.
pub type Solved = Result<(Solution, Lp), Failure>;

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
    /// States the LP of `request`, lets `adjust` change it (row bounds), and solves it.
    /// A QP is solved as stated first: exact, and fast where HiGHS's active-set solver
    /// manages without regularising the Hessian. Where it stops without an optimum (the
    /// columns without curvature can make it take the problem for non-convex), the QP is
    /// stated again with HiGHS's regularisation and its solution refined (`solve`).
    pub fn solved(request: &Request, adjust: impl Fn(&mut Lp)) -> Solved {
        let mut lp = Lp::new(request, 0.0)?;
        let qp = !lp.layout.hessian.is_empty();
        adjust(&mut lp);
        match lp.solve() {
            Err(Failure::Solver(_)) if qp => {
                let mut lp = Lp::new(request, REGULARIZATION)?;
                adjust(&mut lp);
                lp.solve()
            }
            other => other,
        }
    }

    /// States the LP of `request` and hands it to HiGHS; a QP with `regularization` added
    /// to its Hessian's diagonal by HiGHS's QP solver.
    fn new(request: &Request, regularization: f64) -> Result<Lp, Failure> {
        let (problem, layout) = model::state(request, highs);
        let mut model = problem
            .try_into_inner()
            .map_err(|e| Failure::Solver(e.to_string()))?;
        model.make_quiet();
        model.set_threads(NonZeroU32::MIN);
        let mut costs = None;
        if !layout.hessian.is_empty() {
            // ½·xᵀQx with Q diagonal: one (row, entry) for each column that has one.
            let mut diagonal = vec![None; layout.columns];
            for &(col, entry) in &layout.hessian {
                diagonal[col] = Some((col, entry));
            }
            model
                .try_pass_hessian(HessianFormat::Triangular, diagonal)
                .map_err(|e| Failure::Solver(e.to_string()))?;
            model.set_option("qp_regularization_value", regularization);
            if regularization > 0.0 {
                costs = Some(column_costs(&mut model, layout.columns));
            }
        }
        Ok(Lp {
            model,
            layout,
            qp_costs: costs,
        })
    }

    /// Sets the cost of each `(column, cost)`.
    pub fn change_costs(&mut self, changes: &[(usize, f64)]) {
        if changes.is_empty() {
            return;
        }
        if let Some(kept) = &mut self.qp_costs {
            for &(c, cost) in changes {
                kept[c] = cost;
            }
        }
        set_costs(&mut self.model, changes);
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

    /// Sets the bounds of each `(column, lower, upper)`.
    pub fn change_column_bounds(&mut self, changes: &[(usize, f64, f64)]) {
        if changes.is_empty() {
            return;
        }
        let mut cols = Vec::with_capacity(changes.len());
        let mut lower = Vec::with_capacity(changes.len());
        let mut upper = Vec::with_capacity(changes.len());
        for &(col, lo, up) in changes {
            cols.push(index(col));
            lower.push(lo);
            upper.push(up);
        }
        // SAFETY: the pointer is the live HiGHS instance this `Lp` owns, and the three
        // arrays hold `cols.len()` entries, every index a column of the model.
        let status = unsafe {
            highs_sys::Highs_changeColsBoundsBySet(
                self.model.as_mut_ptr(),
                index(cols.len()),
                cols.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
            )
        };
        assert_ne!(status, highs_sys::STATUS_ERROR, "changing column bounds");
    }

    /// Solves the LP. On success, returns the solution and the model kept with its basis.
    ///
    /// A regularised QP is refined: HiGHS's regularisation adds ½·r·x² to every column,
    /// which moves the optimum by r·x. Solving again with each column's cost lowered by r·x_k (x_k the
    /// last solution) turns that term into ½·r·(x − x_k)², whose pull vanishes as the
    /// solutions settle; a few solves reach the unregularised optimum to rounding. The
    /// kept model has its stated costs back.
    pub fn solve(self) -> Solved {
        let Lp {
            model,
            layout,
            qp_costs,
        } = self;
        let (mut found, mut kept) = run(model)?;
        if let Some(costs) = &qp_costs {
            for _ in 0..REFINEMENTS {
                let shifted: Vec<(usize, f64)> = (costs.iter().zip(&found.columns))
                    .enumerate()
                    .map(|(c, (cost, x))| (c, cost - REGULARIZATION * x))
                    .collect();
                set_costs(&mut kept, &shifted);
                let (next, model) = run(kept)?;
                let moved = (next.columns.iter().zip(&found.columns))
                    .map(|(a, b)| (a - b).abs() / b.abs().max(1.0))
                    .fold(0.0, f64::max);
                found = Solution {
                    iterations: found.iterations + next.iterations,
                    ..next
                };
                kept = model;
                if moved <= 1e-9 {
                    break;
                }
            }
        }
        if let Some(costs) = &qp_costs {
            let stated: Vec<(usize, f64)> = costs.iter().copied().enumerate().collect();
            set_costs(&mut kept, &stated);
        }
        let lp = Lp {
            model: kept,
            layout,
            qp_costs,
        };
        Ok((found, lp))
    }
}

/// Sets the cost of each `(column, cost)` of `model`.
fn set_costs(model: &mut highs::Model, changes: &[(usize, f64)]) {
    let (cols, costs): (Vec<highs_sys::HighsInt>, Vec<f64>) =
        changes.iter().map(|&(c, cost)| (index(c), cost)).unzip();
    // SAFETY: the pointer is the live HiGHS instance `model` owns, and both arrays hold
    // `cols.len()` entries, every index a column of the model.
    let status = unsafe {
        highs_sys::Highs_changeColsCostBySet(
            model.as_mut_ptr(),
            index(cols.len()),
            cols.as_ptr(),
            costs.as_ptr(),
        )
    };
    assert_ne!(status, highs_sys::STATUS_ERROR, "changing column costs");
}

/// Solves `model` once: the solution and the model kept with its basis.
fn run(model: highs::Model) -> Result<(Solution, highs::Model), Failure> {
    let solved = model.try_solve().map_err(|e| {
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
    Ok((found, highs::Model::from(solved)))
}

/// The cost of each of the model's `columns` columns, as HiGHS holds it.
fn column_costs(model: &mut highs::Model, columns: usize) -> Vec<f64> {
    let mut costs = vec![0.0; columns];
    if columns == 0 {
        return costs;
    }
    let (mut count, mut nonzeros) = (0, 0);
    // SAFETY: the pointer is the live HiGHS instance `model` owns; `costs` holds one entry
    // per column; HiGHS skips the arrays passed as null (bounds and matrix).
    let status = unsafe {
        highs_sys::Highs_getColsByRange(
            model.as_mut_ptr(),
            0,
            index(columns - 1),
            &mut count,
            costs.as_mut_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut nonzeros,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    assert_ne!(status, highs_sys::STATUS_ERROR, "reading column costs");
    costs
}

/// A column or row index, or a count, as HiGHS's integer.
fn index(i: usize) -> highs_sys::HighsInt {
    highs_sys::HighsInt::try_from(i).expect("an LP within HiGHS's index range")
}
