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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {:?} worker threads: {e}",
                options.jobs
            ))
        })?;
    let results: Vec<Result<Outcome>> = pool.install(|| {
        taus_eur_per_t
            .par_iter()
            .map(|&tau| {
                let outcome = dispatch(scenario, tau, options.method).map(|d| reduce(scenario, d));
                done();
                outcome
            })
            .collect()
    });
    results.into_iter().collect()
}
