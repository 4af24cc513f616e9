//! `carbonpass cap`: the dispatch under an emissions cap, the allowance price from the
//! cap's dual. Several caps are solved in chains, each chain on one model re-solved warm
//! with only the cap's bound changed; each cap gets a result folder of its own beside
//! `caps.csv`, which joins their allowance prices.

use std::path::{Path, PathBuf};

use super::{load_scenario, progress_bar, summary_table};
use crate::analysis::{reduce, Outcome};
use crate::carbon;
use crate::dispatch::cap_search;
use crate::dispatch::lp::Cap;
use crate::dispatch::warm::Chain;
use crate::error::{Error, Result};
use crate::output::{self, RunInfo, MANIFEST};
use crate::scenario::{Pricing, Scenario};
use crate::schema;
use crate::util::{num, write_csv, Staging};

pub struct CapRequest {
    pub scenario: PathBuf,
    /// The caps, t CO2 over the horizon, in `carbon::CAPS` form ("3e6", "2e6,3e6",
    /// "2e6:4e6:5e5").
    pub caps_t: String,
    pub floor_eur_per_t: f64,
    pub ceiling_eur_per_t: Option<f64>,
    pub out: Option<PathBuf>,
    pub png: bool,
    pub scale_capacity: Vec<String>,
    /// Chains of caps solved at once. [default: all cores]
    pub jobs: Option<usize>,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
}

/// One cap and what it gave.
pub struct Capped {
    pub cap_t: f64,
    pub outcome: Outcome,
}

/// Solves under the caps, prints the summaries and says where the results are.
pub fn run(request: &CapRequest) -> Result<()> {
    let (scenario, capped) = run_cap(request)?;
    for c in &capped {
        if capped.len() > 1 {
            println!("\ncap {} t CO2", num(c.cap_t));
        }
        print!(
            "{}",
            summary_table(&scenario, std::slice::from_ref(&c.outcome))
        );
    }
    if let Some(out) = &request.out {
        eprintln!("results written to {}", out.display());
    }
    Ok(())
}

/// Solves the scenario under each cap: the allowance price is what the cap yields (at
/// least the floor, at most the ceiling). One cap writes a result folder as a sweep of
/// that one carbon price would; several write one such folder per cap under `out`, with
/// `caps.csv`.
pub fn run_cap(request: &CapRequest) -> Result<(Scenario, Vec<Capped>)> {
    let usage = |why: String| Error::Usage(format!("cap: {why}"));
    let caps = carbon::CAPS
        .parse(&request.caps_t)
        .map_err(|why| usage(format!("--cap-t: {why}")))?;
    let (floor, ceiling) = (request.floor_eur_per_t, request.ceiling_eur_per_t);
    if let Err(why) = crate::util::Range::CARBON_PRICE.check(floor) {
        return Err(usage(format!("--floor-eur-per-t: {why}")));
    }
    if let Some(ceiling) = ceiling {
        if let Err(why) = crate::util::Range::CARBON_PRICE.check(ceiling) {
            return Err(usage(format!("--ceiling-eur-per-t: {why}")));
        }
        if ceiling < floor {
            return Err(usage(
                "--ceiling-eur-per-t must be a price at or above the floor".into(),
            ));
        }
    }
    let (scenario, inputs) = load_scenario(&request.scenario, &request.scale_capacity)?;
    let _lock = match &request.out {
        Some(out) => {
            let lock = crate::util::Lock::take(out)?;
            crate::util::check_target(out, &output::RESULT_FOLDER, &inputs)?;
            Some(lock)
        }
        None => None,
    };
    if scenario.market.pricing == Pricing::Administered {
        return Err(usage(
            "administered dispatch ignores costs, so no allowance price can make it meet a cap"
                .into(),
        ));
    }
    let cap = Cap {
        cap_t: caps[0],
        floor_eur_per_t: floor,
        ceiling_eur_per_t: ceiling,
    };
    // The cap is a row of the LP where every offer rises with the allowance price by the
    // tonnes the cap counts; output-based benchmarks and markups need the search.
    let by_search = !scenario.cap_is_a_row();
    let chains = crate::sweep::chains(caps.len());
    let bar = progress_bar(request.progress && caps.len() > 1, caps.len(), 0, "caps");
    bar.set_message(format!("{}: {} hours", scenario.name, scenario.hours()));
    let solved = crate::sweep::in_parallel(request.jobs, &chains, |range| {
        let mut chain = match by_search {
            false => Chain::capped(&scenario, cap),
            true => Chain::new(&scenario),
        };
        let mut found = Vec::with_capacity(range.len());
        for &cap_t in &caps[range.clone()] {
            let mut dispatch = match by_search {
                false => chain.solve_cap(cap_t)?,
                true => cap_search::solve(&scenario, Cap { cap_t, ..cap }, &mut chain)?,
            };
            if scenario.market.pricing == Pricing::AverageCost {
                let tau = dispatch.tau_eur_per_t;
                crate::dispatch::tariff::apply_tariff(&scenario, tau, &mut dispatch);
            }
            found.push(Capped {
                cap_t,
                outcome: reduce(&scenario, dispatch),
            });
            bar.inc(1);
        }
        Ok(found)
    })?;
    bar.finish_and_clear();
    let capped: Vec<Capped> = solved.into_iter().flatten().collect();
    if let Some(out) = &request.out {
        let info = RunInfo {
            scenario_path: &request.scenario,
            method: match by_search {
                false => "lp with emissions cap",
                true => "lp with emissions cap, allowance price by search",
            },
            png: request.png,
            hourly_passthrough: false,
            exact: false,
        };
        match capped.as_slice() {
            [one] => {
                output::write_results(out, &scenario, std::slice::from_ref(&one.outcome), &info)?
            }
            many => write_caps(out, &scenario, many, &info)?,
        }
    }
    Ok((scenario, capped))
}

/// The folder of a cap among several: `cap_<tonnes>`.
pub fn cap_dir(cap_t: f64) -> String {
    format!("cap_{}", num(cap_t))
}

/// Several caps: a result folder for each under `out`, and `caps.csv`.
fn write_caps(out: &Path, scenario: &Scenario, capped: &[Capped], info: &RunInfo) -> Result<()> {
    let staging = Staging::new(out)?;
    let rows: Vec<Vec<String>> = capped
        .iter()
        .map(|c| {
            let emissions = c.outcome.emissions_t(scenario);
            let binding = emissions >= c.cap_t - crate::util::bound_tolerance_mw(c.cap_t);
            vec![
                num(c.cap_t),
                num(c.outcome.tau_eur_per_t),
                num(emissions),
                binding.to_string(),
                cap_dir(c.cap_t),
            ]
        })
        .collect();
    write_csv(
        &staging.path.join(schema::CAPS.file),
        &schema::CAPS.header(),
        rows,
    )?;
    for c in capped {
        let dir = staging.path.join(cap_dir(c.cap_t));
        output::write_results(&dir, scenario, std::slice::from_ref(&c.outcome), info)?;
    }
    let manifest = staging.path.join(MANIFEST);
    let caps: Vec<String> = capped.iter().map(|c| num(c.cap_t)).collect();
    let text = format!(
        "# Written by carbonpass when every cap's result folder was complete.\n\
         carbonpass_version = {:?}\n\
         scenario = {:?}\n\
         scenario_file = {:?}\n\
         method = {:?}\n\
         caps_t = [{}]\n{}",
        env!("CARGO_PKG_VERSION"),
        scenario.name,
        info.scenario_path.display().to_string(),
        info.method,
        caps.join(", "),
        output::files_written(&staging)?,
    );
    std::fs::write(&manifest, text).map_err(|e| Error::io(&manifest, e))?;
    if crate::interrupt::requested() {
        return Err(Error::Stopped);
    }
    staging.commit(out, &output::RESULT_FOLDER)
}
