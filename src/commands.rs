//! What each command does, callable from tests and other programs; `main.rs` only
//! parses arguments into these.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::analysis::Outcome;
use crate::carbon;
use crate::dispatch::lp::Cap;
use crate::dispatch::Method;
use crate::error::Result;
use crate::input;
use crate::output::{self, RunInfo};
use crate::parts::{self, Parts, Plan, Shard, Variant};
use crate::scenario::Scenario;
use crate::schema;
use crate::util::num;

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
    /// What-if changes to capacity: `technology=factor` (0 closes the technology).
    pub scale_capacity: Vec<String>,
    /// The part of the sweep to solve; a part writes parts, not results, for `merge`.
    pub shard: Shard,
    /// Continue from the carbon prices an interrupted run of the same sweep kept.
    pub resume: bool,
}

/// One scenario variant and the outcomes solved for it, in carbon price order.
pub struct Solved {
    pub scenario: Scenario,
    pub outcomes: Vec<Outcome>,
}

/// Reads the scenario, prints its warnings and applies `--scale-capacity`.
fn load_scenario(path: &Path, scale: &[String]) -> Result<Scenario> {
    let loaded = input::load(path)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let mut scenario = loaded.scenario;
    scale_capacity(&mut scenario, scale)?;
    Ok(scenario)
}

/// Multiplies the capacity of every unit of a technology by a factor, for each
/// `technology=factor` given; a factor of 0 removes the technology's units.
pub fn scale_capacity(scenario: &mut Scenario, specs: &[String]) -> Result<()> {
    for spec in specs {
        let usage = |why: String| crate::Error::Usage(format!("--scale-capacity {spec}: {why}"));
        let (technology, factor) = spec.split_once('=').ok_or_else(|| {
            usage("expected technology=factor, e.g. hard_coal=0 or wind_onshore=1.5".into())
        })?;
        let factor: f64 = factor
            .trim()
            .parse()
            .ok()
            .filter(|f: &f64| f.is_finite() && *f >= 0.0)
            .ok_or_else(|| usage(format!("expected a factor ≥ 0, got `{factor}`")))?;
        if !scenario.units.iter().any(|u| u.technology == technology) {
            let known = scenario.technologies().join(", ");
            return Err(usage(format!(
                "no unit has technology `{technology}`; the scenario has {known}"
            )));
        }
        for unit in scenario
            .units
            .iter_mut()
            .filter(|u| u.technology == technology)
        {
            unit.capacity_mw *= factor;
        }
        scenario.units.retain(|u| u.capacity_mw > 0.0);
    }
    Ok(())
}

pub struct CapRequest {
    pub scenario: PathBuf,
    pub cap: Cap,
    pub out: Option<PathBuf>,
    pub png: bool,
    pub scale_capacity: Vec<String>,
}

/// Solves the scenario under an emissions cap: the allowance price is what the cap
/// yields (at least the floor, at most the ceiling); writes a result folder as a sweep
/// of that one carbon price would.
pub fn run_cap(request: &CapRequest) -> Result<(Scenario, Vec<Outcome>)> {
    let scenario = load_scenario(&request.scenario, &request.scale_capacity)?;
    let cap = request.cap;
    let usage = |why: &str| crate::Error::Usage(format!("cap: {why}"));
    if !(cap.cap_t.is_finite() && cap.cap_t >= 0.0) {
        return Err(usage("--cap-t must be a number of tonnes ≥ 0"));
    }
    if !(cap.floor_eur_per_t.is_finite() && cap.floor_eur_per_t >= 0.0) {
        return Err(usage("--floor-eur-per-t must be a price ≥ 0"));
    }
    if let Some(ceiling) = cap.ceiling_eur_per_t {
        if !(ceiling.is_finite() && ceiling >= cap.floor_eur_per_t) {
            return Err(usage(
                "--ceiling-eur-per-t must be a price at or above the floor",
            ));
        }
    }
    if scenario
        .units
        .iter()
        .any(|u| u.benchmark_t_per_mwh() != 0.0 || u.markup() != 0.0)
    {
        return Err(usage(
            "a cap with output-based benchmarks or markups is not modelled; remove \
             [allocation] benchmark_t_per_mwh and [market_power] from the scenario",
        ));
    }
    use crate::scenario::Pricing;
    if scenario.market.pricing == Pricing::Administered {
        return Err(usage(
            "administered dispatch ignores costs, so no allowance price can make it meet a cap",
        ));
    }
    let mut dispatch =
        crate::dispatch::lp::solve_with_cap(&scenario, cap.floor_eur_per_t, Some(cap))?;
    if scenario.market.pricing == Pricing::AverageCost {
        let tau = dispatch.tau_eur_per_t;
        crate::dispatch::tariff::apply_tariff(&scenario, tau, &mut dispatch);
    }
    let outcomes = vec![crate::analysis::reduce(&scenario, dispatch)];
    if let Some(out) = &request.out {
        let info = RunInfo {
            scenario_path: &request.scenario,
            method: "lp with emissions cap",
            png: request.png,
            hourly_passthrough: false,
        };
        output::write_results(out, &scenario, &outcomes, &info)?;
    }
    Ok((scenario, outcomes))
}

/// Reads the scenarios, prints their warnings to stderr and solves every carbon price of
/// the request's shard. With `out`, each solved price is kept in a parts folder as it
/// finishes; then a whole sweep writes its result folders and drops the parts, and a
/// shard moves its parts folder to `out`.
pub fn run_sweep(request: &SweepRequest) -> Result<Vec<Solved>> {
    let scenarios = request
        .scenarios
        .iter()
        .map(|path| load_scenario(path, &request.scale_capacity))
        .collect::<Result<Vec<_>>>()?;
    let plan = plan(request, &scenarios)?;
    let Some(out) = &request.out else {
        if !plan.shard.is_whole() {
            return Err(crate::Error::Usage("--shard needs --out".into()));
        }
        let outcomes = solve_own(request, &scenarios, &plan, None)?;
        return Ok(pair(scenarios, outcomes));
    };
    check_out(out, &plan)?;
    let parts = open_work(out, &plan, request.resume)?;
    let finished = solve_own(request, &scenarios, &plan, Some(&parts)).and_then(|outcomes| {
        if plan.shard.is_whole() {
            for (v, (scenario, outcomes)) in scenarios.iter().zip(&outcomes).enumerate() {
                write_variant(out, &plan, v, scenario, outcomes)?;
            }
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
    let method = chosen_method(request, scenarios);
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
    let bar = progress_bar(request.progress, own.len(), kept);
    bar.set_message(match scenarios {
        [one] => format!("{}: {} hours", one.name, one.hours()),
        many => format!("{} scenarios", many.len()),
    });
    // The owned items, chain by chain (a shard owns whole chains): (variant, range of
    // carbon price indices, position in `own` of its first item).
    // Where warm starts do not apply, every carbon price is a run of its own.
    let mut chains: Vec<(usize, std::ops::Range<usize>, usize)> = Vec::new();
    for (i, &(v, t)) in own.iter().enumerate() {
        let start = crate::sweep::run_start(&scenarios[v], method, t);
        match chains.last_mut() {
            Some((cv, range, _)) if *cv == v && range.start == start => range.end = t + 1,
            _ => chains.push((v, start..t + 1, i)),
        }
    }
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

/// Refuses, before anything is solved, to write over a folder that is not carbonpass's.
fn check_out(out: &Path, plan: &Plan) -> Result<()> {
    let (dirs, manifest, what) = if plan.shard.is_whole() {
        let dirs = (0..plan.variants.len())
            .map(|v| result_dir(out, plan, v))
            .collect();
        (dirs, output::MANIFEST, "a carbonpass result folder")
    } else {
        (
            vec![out.to_path_buf()],
            parts::MANIFEST,
            "a folder of sweep parts",
        )
    };
    dirs.iter()
        .try_for_each(|dir| crate::util::refuse_foreign(dir, manifest, what))
}

/// The plan of a sweep request over its loaded scenarios.
fn plan(request: &SweepRequest, scenarios: &[Scenario]) -> Result<Plan> {
    let usage = |why: String| crate::Error::Usage(why);
    let carbon = match &request.carbon {
        Some(spec) => Some(carbon::parse(spec).map_err(|why| usage(format!("--carbon: {why}")))?),
        None => None,
    };
    let mut variants: Vec<Variant> = Vec::new();
    for (path, scenario) in request.scenarios.iter().zip(scenarios) {
        let name = file_stem(path);
        if variants.iter().any(|v| v.name == name) {
            return Err(usage(format!(
                "two scenario files are named {name}: their result folders would be the same; \
                 rename one"
            )));
        }
        variants.push(Variant {
            name,
            scenario_file: path.clone(),
            scenario_file_absolute: std::path::absolute(path)
                .map_err(|e| crate::Error::io(path, e))?,
            scale_capacity: request.scale_capacity.clone(),
            fingerprint: parts::fingerprint(scenario),
            carbon_prices_eur_per_t: carbon
                .clone()
                .unwrap_or_else(|| scenario.carbon_prices_eur_per_t.clone()),
        });
    }
    Ok(Plan {
        carbonpass_version: env!("CARGO_PKG_VERSION").into(),
        method: method_name(chosen_method(request, scenarios)).into(),
        png: request.png,
        hourly_passthrough: request.hourly_passthrough,
        shard: request.shard,
        variants,
    })
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
        fs::remove_dir_all(out).map_err(|e| crate::Error::io(out, e))?;
    }
    fs::rename(dir, out).map_err(|e| crate::Error::io(out, e))
}

/// Writes the result folder of variant `v`: `out` itself when the sweep has one variant,
/// `out/<variant name>` when it has several.
fn write_variant(
    out: &Path,
    plan: &Plan,
    v: usize,
    scenario: &Scenario,
    outcomes: &[Outcome],
) -> Result<()> {
    let variant = &plan.variants[v];
    let dir = result_dir(out, plan, v);
    let info = RunInfo {
        scenario_path: &variant.scenario_file,
        method: &plan.method,
        png: plan.png,
        hourly_passthrough: plan.hourly_passthrough,
    };
    output::write_results(&dir, scenario, outcomes, &info)
}

/// The result folder of variant `v`.
fn result_dir(out: &Path, plan: &Plan, v: usize) -> PathBuf {
    if plan.variants.len() == 1 {
        out.to_path_buf()
    } else {
        out.join(&plan.variants[v].name)
    }
}

/// Joins the parts folders of every shard of one sweep into the result folders that the
/// sweep run whole would have written, byte for byte. Returns where they were written.
pub fn merge(dirs: &[PathBuf], out: Option<PathBuf>) -> Result<(PathBuf, Vec<Solved>)> {
    let usage = |why: String| crate::Error::Usage(format!("merge: {why}"));
    let shards = dirs
        .iter()
        .map(|d| Parts::open(d))
        .collect::<Result<Vec<_>>>()?;
    let Some(first) = shards.first() else {
        return Err(usage("give the parts folders of every shard".into()));
    };
    let count = first.plan.shard.count;
    let mut owner: Vec<Option<usize>> = vec![None; count];
    for (s, shard) in shards.iter().enumerate() {
        let mut same_shard = shard.plan.clone();
        same_shard.shard = first.plan.shard;
        let differences = first.plan.differences(&same_shard);
        if !differences.is_empty() || shard.plan.shard.count != count {
            return Err(usage(format!(
                "{} and {} are parts of different sweeps ({})",
                first.dir.display(),
                shard.dir.display(),
                if differences.is_empty() {
                    format!("--shard {} vs {}", first.plan.shard, shard.plan.shard)
                } else {
                    differences.join("; ")
                }
            )));
        }
        let k = shard.plan.shard.index - 1;
        if let Some(other) = owner[k] {
            return Err(usage(format!(
                "{} and {} are both shard {}",
                shards[other].dir.display(),
                shard.dir.display(),
                shard.plan.shard
            )));
        }
        owner[k] = Some(s);
    }
    let missing: Vec<String> = (0..count)
        .filter(|&k| owner[k].is_none())
        .map(|k| format!("{}/{count}", k + 1))
        .collect();
    if !missing.is_empty() {
        return Err(usage(format!(
            "shard {} missing: give the parts folders of every shard",
            missing.join(", ")
        )));
    }
    let plan = &first.plan;
    let out = out.unwrap_or_else(|| {
        default_sweep_out(
            &plan
                .variants
                .iter()
                .map(|v| v.scenario_file.clone())
                .collect::<Vec<_>>(),
        )
    });
    let mut outcomes: Vec<Vec<Outcome>> = vec![Vec::new(); plan.variants.len()];
    for (i, v, t) in plan.items() {
        let shard = &shards[owner[i % count].expect("every shard given")];
        let tau = plan.variants[v].carbon_prices_eur_per_t[t];
        let outcome = shard.load(v, tau)?.ok_or_else(|| {
            usage(format!(
                "{} lacks carbon price {tau} €/t of {}",
                shard.dir.display(),
                plan.variants[v].name
            ))
        })?;
        outcomes[v].push(outcome);
    }
    let mut solved = Vec::new();
    for (v, (variant, outcomes)) in plan.variants.iter().zip(outcomes).enumerate() {
        let path = if variant.scenario_file.exists() {
            &variant.scenario_file
        } else {
            &variant.scenario_file_absolute
        };
        let scenario = load_scenario(path, &variant.scale_capacity)?;
        if parts::fingerprint(&scenario) != variant.fingerprint {
            return Err(usage(format!(
                "{} has changed since the shards were solved; solve them again",
                path.display()
            )));
        }
        write_variant(&out, plan, v, &scenario, &outcomes)?;
        solved.push(Solved { scenario, outcomes });
    }
    Ok((out, solved))
}

fn progress_bar(shown: bool, len: usize, done: usize) -> ProgressBar {
    let bar = if shown {
        ProgressBar::new(len as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {pos}/{len} carbon prices, {elapsed} elapsed, ETA {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_position(done as u64);
    bar.reset_eta();
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// Checks that a request names exactly one carbon price (for `carbonpass run`).
pub fn one_price(request: &SweepRequest) -> Result<f64> {
    let usage = |why: String| crate::Error::Usage(format!("run solves one carbon price: {why}"));
    let spec = request
        .carbon
        .as_deref()
        .ok_or_else(|| usage("give it with --carbon, e.g. --carbon 30 (€/t CO2)".into()))?;
    match carbon::parse(spec).map_err(usage)?.as_slice() {
        [tau] => Ok(*tau),
        many => Err(usage(format!(
            "--carbon {spec} gives {} prices; use `carbonpass sweep` for several",
            many.len()
        ))),
    }
}

/// The method of a request: as asked, or the merit order where it is exact for every
/// scenario (no coupled hours, no links; it is hundreds of times faster), else the LP.
pub fn chosen_method(request: &SweepRequest, scenarios: &[Scenario]) -> Method {
    request.method.unwrap_or_else(|| {
        if scenarios.iter().all(Scenario::merit_order_is_exact) {
            Method::MeritOrder
        } else {
            Method::Lp
        }
    })
}

pub fn method_name(method: Method) -> &'static str {
    match method {
        Method::Lp => "lp",
        Method::MeritOrder => "merit-order",
    }
}

/// The summary as an aligned text table, one row per carbon price and zone.
pub fn summary_table(scenario: &Scenario, outcomes: &[Outcome]) -> String {
    let header = [
        "carbon €/t",
        "zone",
        "mean €/MWh",
        "load-wtd €/MWh",
        "emissions t",
        "generation MWh",
        "unserved MWh",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for outcome in outcomes {
        for s in outcome.summary(scenario) {
            rows.push(vec![
                num(s.tau_eur_per_t),
                s.zone,
                format!("{:.2}", s.mean_price_eur_per_mwh),
                format!("{:.2}", s.load_weighted_price_eur_per_mwh),
                format!("{:.0}", s.emissions_t),
                format!("{:.0}", s.generation_mwh),
                format!("{:.0}", s.unserved_mwh),
            ]);
        }
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| {
                if c == 1 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

/// The data contract as Markdown: every input and result table.
pub fn schema_markdown() -> String {
    schema::markdown()
}

/// The file stem of a scenario: the name of its result folder.
pub fn file_stem(scenario: &Path) -> String {
    scenario
        .file_stem()
        .map_or("run".into(), |s| s.to_string_lossy().into_owned())
}

/// Default result folder for a scenario: `results/<file stem>`.
pub fn default_out(scenario: &Path) -> PathBuf {
    PathBuf::from("results").join(file_stem(scenario))
}

/// Default `--out` of a sweep: `results/<file stem>` for one scenario, `results` (holding
/// one folder per scenario) for several.
pub fn default_sweep_out(scenarios: &[PathBuf]) -> PathBuf {
    match scenarios {
        [one] => default_out(one),
        _ => PathBuf::from("results"),
    }
}
