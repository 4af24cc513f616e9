//! A sweep: one dispatch per carbon price, in parallel with rayon. The LP solves its
//! carbon prices in chains of `CHAIN` neighbours, each chain on one model that HiGHS
//! re-solves warm from the previous carbon price's basis; chains are fixed by position in
//! the carbon-price list, so which solve starts from which basis — and so every result —
//! does not depend on the number of jobs, on shards or on resuming. The merit order
//! solves every carbon price on its own.

use std::ops::Range;

use rayon::prelude::*;

use crate::analysis::{reduce, Outcome};
use crate::dispatch::{dispatch, dispatch_warm, rolling, warm, Method};
use crate::error::{Error, Result};
use crate::scenario::Pricing;
use crate::scenario::Scenario;

#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    pub method: Method,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
}

/// Carbon prices solved one after another on one warm-started model.
pub const CHAIN: usize = 6;

/// The chains of a list of `n` carbon prices: consecutive runs of `CHAIN` positions,
/// each starting at `chain_start`.
pub fn chains(n: usize) -> Vec<Range<usize>> {
    (0..n)
        .step_by(CHAIN)
        .map(|start| start..(start + CHAIN).min(n))
        .collect()
}

/// Where the chain that holds carbon price position `t` starts.
pub fn chain_start(t: usize) -> usize {
    t - t % CHAIN
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
    let items = (0..taus_eur_per_t.len()).map(|t| (0, t));
    let runs = runs(&[scenario], options.method, items);
    let per_chain = in_parallel(options.jobs, &runs, |(_, range, _)| {
        let mut outcomes = Vec::with_capacity(range.len());
        solve_chain(
            scenario,
            taus_eur_per_t,
            range.clone(),
            options.method,
            |_| true,
            |_, outcome| {
                outcomes.push(outcome);
                done();
                Ok(true)
            },
        )?;
        Ok(outcomes)
    })?;
    Ok(per_chain.into_iter().flatten().collect())
}

/// Solves the carbon prices `taus[range]` of one chain in order, up to the last one
/// `wanted`, and hands each wanted one to `keep` (which returns false to stop early). On
/// the LP every one of them is solved, wanted or not, so that each starts from the same
/// basis as in a whole sweep; the merit order solves only the wanted ones.
pub fn solve_chain(
    scenario: &Scenario,
    taus: &[f64],
    range: Range<usize>,
    method: Method,
    wanted: impl Fn(usize) -> bool,
    mut keep: impl FnMut(usize, Outcome) -> Result<bool>,
) -> Result<()> {
    let Some(last) = range.clone().rev().find(|&i| wanted(i)) else {
        return Ok(());
    };
    if let (true, Some(rolling)) = (warm_starts(scenario, method), scenario.windows()) {
        // Window by window: every carbon price of the chain is known at the end.
        let chain = &taus[range.start..=last];
        let dispatches = rolling::solve_chain(scenario, chain, rolling)?;
        for (i, d) in (range.start..).zip(dispatches) {
            let d = crate::dispatch::priced(scenario, d.tau_eur_per_t, || Ok(d))?;
            if wanted(i) && !keep(i, reduce(scenario, d))? {
                break;
            }
        }
        return Ok(());
    }
    let mut chain = warm_starts(scenario, method).then(|| warm::Chain::new(scenario));
    for (i, &tau) in taus.iter().enumerate().take(last + 1).skip(range.start) {
        let dispatched = match &mut chain {
            Some(chain) => dispatch_warm(chain, tau),
            None if wanted(i) => dispatch(scenario, tau, method),
            None => continue,
        };
        if wanted(i) && !keep(i, reduce(scenario, dispatched?))? {
            break;
        }
    }
    Ok(())
}

/// Whether a sweep of `scenario` by `method` solves its chains warm, one carbon price
/// after another on one model (a rolling horizon: one model per window); otherwise
/// every carbon price is solved on its own, and in parallel.
pub fn warm_starts(scenario: &Scenario, method: Method) -> bool {
    method == Method::Lp && scenario.market.pricing != Pricing::Administered
}

/// Where the run of carbon prices solved one after another that holds position `t`
/// starts: its chain's start where warm starts apply, else `t` itself (alone).
pub fn run_start(scenario: &Scenario, method: Method, t: usize) -> usize {
    match warm_starts(scenario, method) {
        true => chain_start(t),
        false => t,
    }
}

/// A run: carbon prices of one scenario variant solved one after another on one model
/// (where warm starts apply), as `(variant, carbon price positions, index among the items
/// of its first)`.
pub type Run = (usize, Range<usize>, usize);

/// The runs of `items` (variant, carbon price position), in order: consecutive items of
/// one variant whose run (see `run_start`) starts at the same position.
pub fn runs(
    scenarios: &[&Scenario],
    method: Method,
    items: impl IntoIterator<Item = (usize, usize)>,
) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, (v, t)) in items.into_iter().enumerate() {
        let start = run_start(scenarios[v], method, t);
        match runs.last_mut() {
            Some((rv, range, _)) if *rv == v && range.start == start => range.end = t + 1,
            _ => runs.push((v, start..t + 1, i)),
        }
    }
    runs
}

/// Dispatches and reduces one carbon price on its own (the LP cold).
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
    // More threads than items would only wait; 0 lets rayon take one per core.
    let threads = jobs.map_or(0, |j| j.min(items.len()).max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} worker threads: {e}")))?;
    Ok(pool.install(|| items.par_iter().map(&work).collect()))
}
