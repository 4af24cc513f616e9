//! A sweep: one dispatch per carbon price, in parallel with rayon. Each solve is
//! independent and single-threaded, so results do not depend on the number of jobs.

use rayon::prelude::*;

use crate::analysis::{reduce, Outcome};
use crate::dispatch::{dispatch, Method};
use crate::error::{Error, Result};
use crate::scenario::Scenario;

#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    pub method: Method,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
}

/// Dispatches the scenario at every carbon price, in the order given. `done` is called
/// once per finished carbon price (for a progress bar). On failure the error of the
/// lowest failing carbon price is returned, whatever the thread count.
pub fn sweep(
    scenario: &Scenario,
    taus_eur_per_t: &[f64],
    options: &SweepOptions,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<Outcome>> {
    in_parallel(options.jobs, taus_eur_per_t, |&tau| {
        let outcome = solve(scenario, tau, options.method);
        done();
        outcome
    })
}

/// Dispatches and reduces one carbon price.
pub fn solve(scenario: &Scenario, tau_eur_per_t: f64, method: Method) -> Result<Outcome> {
    dispatch(scenario, tau_eur_per_t, method).map(|d| reduce(scenario, d))
}

/// Runs `work` on every item on `jobs` threads (`None`: every core) and returns the
/// results in item order, or the error of the first failing item in that order.
pub fn in_parallel<I: Sync, O: Send>(
    jobs: Option<usize>,
    items: &[I],
    work: impl Fn(&I) -> Result<O> + Sync,
) -> Result<Vec<O>> {
    each_in_parallel(jobs, items, work)?.into_iter().collect()
}

/// Like `in_parallel`, but keeps the result of every item.
pub fn each_in_parallel<I: Sync, O: Send>(
    jobs: Option<usize>,
    items: &[I],
    work: impl Fn(&I) -> Result<O> + Sync,
) -> Result<Vec<Result<O>>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs:?} worker threads: {e}")))?;
    Ok(pool.install(|| items.par_iter().map(&work).collect()))
}
