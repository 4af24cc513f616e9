//! `carbonpass sweep`: every carbon price of one or more scenarios, in parallel, kept as
//! parts while it runs (for --resume and --shard), then written as result folders.

use std::fs;
use std::path::{Path, PathBuf};

use super::{
    chosen_method, file_stem, load_scenario, method_name, print_summaries, progress_bar,
    write_variant, Solved,
};
use crate::analysis::Outcome;
use crate::carbon;
use crate::dispatch::Method;
use crate::error::Result;
use crate::output;
use crate::parts::{self, Parts, Plan, Shard, Variant};
use crate::scenario::Scenario;

pub struct SweepRequest {
    /// Scenario variants, each a TOML file; solved over the same carbon prices.
    pub scenarios: Vec<PathBuf>,
    /// Carbon prices replacing the scenarios', in `carbon::parse` form.
    pub carbon: Option<String>,
    /// Result folder (of each variant, under it, when there are several); with a shard,
    /// the folder of its parts. `None` writes nothing.
    pub out: Option<PathBuf>,
    pub jobs: Option<usize>,
    /// `None`: the exact merit order where no scenario couples hours, else the LP.
    pub method: Option<Method>,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// Also write PNG copies of the plots.
    pub png: bool,
    /// Also write the pass-through of every hour.
    pub hourly_passthrough: bool,
    /// Also write the exact pass-through curve (merit order only).
    pub exact: bool,
    /// What-if changes to capacity: `technology=factor` (0 closes the technology).
    pub scale_capacity: Vec<String>,
    /// Grids of variants crossed with the carbon prices: `fuel:gas=10:40:5`,
    /// `capacity:hard_coal=0,0.5,1` (`variants::Vary`).
    pub vary: Vec<String>,
    /// The part of the sweep to solve; a part writes parts, not results, for `merge`.
    pub shard: Shard,
    /// Continue from the carbon prices an interrupted run of the same sweep kept.
    pub resume: bool,
}

/// Runs the sweep and tells the user what was written (the summary table on stdout).
pub fn run(request: &SweepRequest, out: &Path) -> Result<()> {
    crate::interrupt::install();
    let solved = run_sweep(request)?;
    if request.shard.is_whole() {
        print_summaries(&solved);
        eprintln!("results written to {}", out.display());
    } else {
        let n: usize = solved.iter().map(|s| s.outcomes.len()).sum();
        eprintln!(
            "shard {}: {n} carbon prices solved into {}; join every shard with carbonpass merge",
            request.shard,
            out.display()
        );
    }
    Ok(())
}

/// Reads the scenarios, prints their warnings to stderr and solves every carbon price of
/// the request's shard. With `out`, each solved price is kept in a parts folder as it
/// finishes; then a whole sweep writes its result folders and drops the parts, and a
/// shard moves its parts folder to `out`.
pub fn run_sweep(request: &SweepRequest) -> Result<Vec<Solved>> {
    let planned = every_variant(request)?;
    if request.exact {
        for p in &planned {
            crate::analysis::exact_applies(&p.scenario)
                .map_err(|e| crate::Error::Usage(format!("{}: {e}", p.path.display())))?;
        }
    }
    let plan = plan(request, &planned)?;
    let (scenarios, inputs): (Vec<Scenario>, Vec<Vec<PathBuf>>) =
        planned.into_iter().map(|p| (p.scenario, p.files)).unzip();
    let Some(out) = &request.out else {
        if !plan.shard.is_whole() {
            return Err(crate::Error::Usage("--shard needs --out".into()));
        }
        let outcomes = solve_own(request, &scenarios, &plan, None)?;
        return Ok(pair(scenarios, outcomes));
    };
    let _lock = crate::util::Lock::take(out)?;
    check_out(out, &plan, &inputs.concat())?;
    let parts = open_work(out, &plan, request.resume)?;
    let finished = solve_own(request, &scenarios, &plan, Some(&parts)).and_then(|outcomes| {
        if plan.shard.is_whole() {
            write_all(out, &plan, &scenarios, &outcomes).map_err(|e| match e {
                // Stopped while writing: every price is solved and kept.
                crate::Error::Stopped => {
                    let total = plan.own_items().len();
                    crate::Error::Interrupted {
                        parts: parts.dir.clone(),
                        done: total,
                        total,
                    }
                }
                e => e,
            })?;
            fs::remove_dir_all(&parts.dir).map_err(|e| crate::Error::io(&parts.dir, e))?;
        } else {
            commit_parts(&parts.dir, out)?;
        }
        Ok(outcomes)
    });
    match finished {
        Ok(outcomes) => Ok(pair(scenarios, outcomes)),
        // Solved carbon prices are kept for --resume only when the run was interrupted;
        // after any other failure the scenario or the command must change anyway.
        Err(e) => {
            if !matches!(e, crate::Error::Interrupted { .. }) {
                let _ = fs::remove_dir_all(&parts.dir);
            }
            Err(e)
        }
    }
}

/// A variant of the sweep before it is solved: the scenario file, the changes `--vary`
/// made to it, the scenario as solved and the files it was read from.
struct Planned {
    path: PathBuf,
    changes: Vec<crate::variants::Change>,
    scenario: Scenario,
    files: Vec<PathBuf>,
}

/// Every variant of the request: each scenario file, crossed with the `--vary` grids.
fn every_variant(request: &SweepRequest) -> Result<Vec<Planned>> {
    let usage = |why: String| crate::Error::Usage(why);
    let varies = request
        .vary
        .iter()
        .map(|spec| {
            crate::variants::Vary::parse(spec).map_err(|why| usage(format!("--vary {spec}: {why}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let grid = match varies.is_empty() {
        true => vec![Vec::new()],
        false => {
            crate::variants::crossed(&varies).map_err(|why| usage(format!("--vary: {why}")))?
        }
    };
    let read = every_scenario(&request.scenarios, &request.scale_capacity)?;
    let mut planned = Vec::with_capacity(read.len() * grid.len());
    for (path, (scenario, files)) in request.scenarios.iter().zip(read) {
        for changes in &grid {
            let mut varied = scenario.clone();
            // The i-th change of a variant is of the i-th --vary.
            for (change, spec) in changes.iter().zip(&request.vary) {
                change
                    .apply(&mut varied)
                    .map_err(|why| usage(format!("--vary {spec}: {}: {why}", path.display())))?;
            }
            planned.push(Planned {
                path: path.clone(),
                changes: changes.clone(),
                scenario: varied,
                files: files.clone(),
            });
        }
    }
    Ok(planned)
}

/// Reads every scenario; the problems of all of them together when any has some.
fn every_scenario(
    paths: &[PathBuf],
    scale_capacity: &[String],
) -> Result<Vec<(Scenario, Vec<PathBuf>)>> {
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match load_scenario(path, scale_capacity) {
            Ok(loaded) => read.push(loaded),
            Err(crate::Error::Input(found)) => problems.extend(found),
            Err(e) if paths.len() == 1 => return Err(e),
            Err(e) => {
                return Err(crate::Error::Usage(format!("{}: {e}", path.display())));
            }
        }
    }
    if !problems.is_empty() {
        return Err(crate::Error::Input(problems));
    }
    Ok(read)
}

fn pair(scenarios: Vec<Scenario>, outcomes: Vec<Vec<Outcome>>) -> Vec<Solved> {
    scenarios
        .into_iter()
        .zip(outcomes)
        .map(|(scenario, outcomes)| Solved { scenario, outcomes })
        .collect()
}

/// Solves the carbon prices of the plan's shard that `parts` does not hold yet, storing
/// each in `parts` as it finishes. Returns every outcome of the shard, by variant.
fn solve_own(
    request: &SweepRequest,
    scenarios: &[Scenario],
    plan: &Plan,
    parts: Option<&Parts>,
) -> Result<Vec<Vec<Outcome>>> {
    let own = plan.own_items();
    let method = chosen_method(request.method, scenarios);
    let tau_of = |(v, t): (usize, usize)| plan.variants[v].carbon_prices_eur_per_t[t];
    let mut solved: Vec<Option<Outcome>> = own
        .iter()
        .map(|&(v, t)| {
            parts.and_then(|parts| {
                parts.load(v, tau_of((v, t))).unwrap_or_else(|e| {
                    eprintln!("warning: solving again: {e}");
                    None
                })
            })
        })
        .collect();
    let kept = solved.iter().filter(|o| o.is_some()).count();
    if kept > 0 {
        eprintln!(
            "resuming: {kept} of {} carbon prices already solved",
            own.len()
        );
    }
    let bar = progress_bar(request.progress, own.len(), kept, "carbon prices");
    bar.set_message(match scenarios {
        [one] => format!("{}: {} hours", one.name, one.hours()),
        many => format!("{} scenarios", many.len()),
    });
    // The owned items, chain by chain (a shard owns whole chains): (variant, range of
    // carbon price indices, position in `own` of its first item).
    // Where warm starts do not apply, every carbon price is a run of its own.
    let variants: Vec<&Scenario> = scenarios.iter().collect();
    let chains = crate::sweep::runs(&variants, method, own.iter().copied());
    let results = crate::sweep::each_in_parallel(request.jobs, &chains, |(v, range, first)| {
        let mut found = Vec::new();
        if crate::interrupt::requested() {
            return Ok(found);
        }
        let taus = &plan.variants[*v].carbon_prices_eur_per_t;
        let position = |t: usize| first + (t - range.start);
        crate::sweep::solve_chain(
            &scenarios[*v],
            taus,
            range.clone(),
            method,
            |t| solved[position(t)].is_none(),
            |t, outcome| {
                if let Some(parts) = parts {
                    parts.store(*v, &outcome)?;
                }
                bar.inc(1);
                found.push((position(t), outcome));
                Ok(!crate::interrupt::requested())
            },
        )?;
        Ok(found)
    })?;
    bar.finish_and_clear();
    let mut first_error = None;
    for result in results {
        match result {
            Ok(found) => {
                for (i, outcome) in found {
                    solved[i] = Some(outcome);
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    if solved.iter().any(Option::is_none) {
        return Err(crate::Error::Interrupted {
            parts: parts.map_or_else(PathBuf::new, |p| p.dir.clone()),
            done: solved.iter().filter(|o| o.is_some()).count(),
            total: own.len(),
        });
    }
    let mut by_variant: Vec<Vec<Outcome>> = vec![Vec::new(); scenarios.len()];
    for (&(v, _), outcome) in own.iter().zip(solved) {
        by_variant[v].push(outcome.expect("every carbon price solved"));
    }
    Ok(by_variant)
}

/// Refuses, before anything is solved, to write over a folder that carbonpass did not
/// write whole, or that holds one of the run's `inputs`.
fn check_out(out: &Path, plan: &Plan, inputs: &[PathBuf]) -> Result<()> {
    let (dirs, owner) = if !plan.shard.is_whole() {
        (vec![out.to_path_buf()], &parts::PARTS_FOLDER)
    } else if !plan.varied.is_empty() {
        (vec![out.to_path_buf()], &output::VARIANTS_FOLDER)
    } else {
        let dirs: Vec<PathBuf> = (0..plan.variants.len())
            .map(|v| result_dir(out, plan, v))
            .collect();
        (dirs, &output::RESULT_FOLDER)
    };
    dirs.iter().try_for_each(|dir| {
        crate::util::check_target(dir, owner, inputs)?;
        if dir != out {
            crate::util::remove_left_work(dir);
        }
        Ok(())
    })
}

/// The plan of a sweep request over its variants.
fn plan(request: &SweepRequest, planned: &[Planned]) -> Result<Plan> {
    let usage = |why: String| crate::Error::Usage(why);
    let carbon = match &request.carbon {
        Some(spec) => Some(carbon::parse(spec).map_err(|why| usage(format!("--carbon: {why}")))?),
        None => None,
    };
    let mut variants: Vec<Variant> = Vec::new();
    let several = request.scenarios.len() > 1;
    for Planned {
        path,
        changes,
        scenario,
        files,
    } in planned
    {
        let name = match changes.is_empty() {
            true => file_stem(path),
            false => crate::variants::name(several.then(|| file_stem(path)).as_deref(), changes),
        };
        if variants.iter().any(|v| v.name == name) {
            return Err(usage(match changes.is_empty() {
                true => format!(
                    "two scenario files are named {name}: their result folders would be the \
                     same; rename one"
                ),
                false => format!(
                    "two variants are named {name}: their result folders would be the same; \
                     rename a scenario file or choose other --vary values"
                ),
            }));
        }
        variants.push(Variant {
            name,
            scenario_file: path.clone(),
            scenario_file_absolute: std::path::absolute(path)
                .map_err(|e| crate::Error::io(path, e))?,
            scale_capacity: request.scale_capacity.clone(),
            changes: changes.iter().map(crate::variants::Change::spec).collect(),
            fingerprint: parts::fingerprint(scenario),
            inputs: parts::file_digests(files)?,
            carbon_prices_eur_per_t: carbon
                .clone()
                .unwrap_or_else(|| scenario.carbon_prices_eur_per_t.clone()),
        });
    }
    Ok(Plan {
        carbonpass_version: env!("CARGO_PKG_VERSION").into(),
        method: method_name(chosen_method(
            request.method,
            planned.iter().map(|p| &p.scenario),
        ))
        .into(),
        png: request.png,
        hourly_passthrough: request.hourly_passthrough,
        exact: request.exact,
        shard: request.shard,
        varied: varied_dimensions(&request.vary),
        variants,
    })
}

/// The dimensions of `--vary` specs as a plan records them: `fuel:gas`.
fn varied_dimensions(specs: &[String]) -> Vec<String> {
    specs
        .iter()
        .map(|spec| {
            spec.split_once('=')
                .map_or(spec.as_str(), |(d, _)| d)
                .trim()
                .to_string()
        })
        .collect()
}

/// The parts folder a run writing to `out` works in: resumed when asked and it holds the
/// same plan, otherwise started afresh.
fn open_work(out: &Path, plan: &Plan, resume: bool) -> Result<Parts> {
    let dir = parts::work_dir(out)?;
    if dir.exists() {
        if resume {
            let earlier = Parts::open(&dir)?;
            let differences = earlier.plan.differences(plan);
            if differences.is_empty() {
                return Ok(earlier);
            }
            return Err(crate::Error::Usage(format!(
                "cannot resume: the interrupted sweep in {} differs from this one (kept vs \
                 this run: {}); run without --resume to start afresh",
                dir.display(),
                differences.join("; ")
            )));
        }
        eprintln!(
            "note: starting afresh; the interrupted sweep kept in {} is discarded \
             (--resume would continue it)",
            dir.display()
        );
    } else if resume {
        eprintln!(
            "note: nothing to resume in {}; starting afresh",
            dir.display()
        );
    }
    Parts::create(&dir, plan.clone())
}

/// Moves a finished shard's parts folder to `out`, replacing an earlier parts folder
/// (`check_out` made sure that is what is there).
fn commit_parts(dir: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        crate::util::check_replaceable(out, &parts::PARTS_FOLDER)?;
        fs::remove_dir_all(out).map_err(|e| crate::Error::io(out, e))?;
    }
    fs::rename(dir, out).map_err(|e| crate::Error::io(out, e))
}

/// Writes the result folders of a whole sweep: each variant's (`out` itself when there is
/// one, `out/<variant name>` when there are several), or, for a `--vary` sweep, the folder
/// of variants at `out`.
pub(super) fn write_all(
    out: &Path,
    plan: &Plan,
    scenarios: &[Scenario],
    outcomes: &[Vec<Outcome>],
) -> Result<()> {
    if !plan.varied.is_empty() {
        return super::variants::write(out, plan, scenarios, outcomes);
    }
    for (v, (scenario, outcomes)) in scenarios.iter().zip(outcomes).enumerate() {
        write_variant(&result_dir(out, plan, v), plan, v, scenario, outcomes)?;
    }
    Ok(())
}

/// The result folder of variant `v` (not of a `--vary` sweep, whose variants are written
/// together).
fn result_dir(out: &Path, plan: &Plan, v: usize) -> PathBuf {
    if plan.variants.len() == 1 {
        out.to_path_buf()
    } else {
        out.join(&plan.variants[v].name)
    }
}
