//! What each command does, callable from tests and other programs; `main.rs` only
//! parses arguments into these.

use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::analysis::Outcome;
use crate::carbon;
use crate::dispatch::lp::Cap;
use crate::dispatch::Method;
use crate::error::Result;
use crate::input;
use crate::output::{self, num, RunInfo};
use crate::scenario::Scenario;
use crate::schema;
use crate::sweep::{sweep, SweepOptions};

pub struct SweepRequest {
    pub scenario: PathBuf,
    /// Carbon prices replacing the scenario's, in `carbon::parse` form.
    pub carbon: Option<String>,
    /// Result folder; `None` writes nothing.
    pub out: Option<PathBuf>,
    pub jobs: Option<usize>,
    pub method: Method,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// Also write PNG copies of the plots.
    pub png: bool,
    /// Also write the pass-through of every hour.
    pub hourly_passthrough: bool,
    /// What-if changes to capacity: `technology=factor` (0 closes the technology).
    pub scale_capacity: Vec<String>,
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
        .any(|u| u.benchmark_t_per_mwh != 0.0 || u.markup != 0.0)
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

/// Reads the scenario, prints its warnings to stderr and solves every carbon price.
pub fn run_sweep(request: &SweepRequest) -> Result<(Scenario, Vec<Outcome>)> {
    let scenario = load_scenario(&request.scenario, &request.scale_capacity)?;
    let taus = match &request.carbon {
        Some(spec) => {
            carbon::parse(spec).map_err(|why| crate::Error::Usage(format!("--carbon: {why}")))?
        }
        None => scenario.carbon_prices_eur_per_t.clone(),
    };
    let bar = if request.progress {
        ProgressBar::new(taus.len() as u64)
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
    bar.set_message(format!("{}: {} hours", scenario.name, scenario.hours()));
    bar.enable_steady_tick(Duration::from_millis(250));
    let options = SweepOptions {
        method: request.method,
        jobs: request.jobs,
    };
    let outcomes = sweep(&scenario, &taus, &options, &|| bar.inc(1));
    bar.finish_and_clear();
    let outcomes = outcomes?;
    if let Some(out) = &request.out {
        let info = RunInfo {
            scenario_path: &request.scenario,
            method: method_name(request.method),
            png: request.png,
            hourly_passthrough: request.hourly_passthrough,
        };
        output::write_results(out, &scenario, &outcomes, &info)?;
    }
    Ok((scenario, outcomes))
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
    let mut text = String::from("## Input files\n\n");
    for table in schema::INPUTS {
        text.push_str(&table.markdown());
        text.push('\n');
    }
    text.push_str("## Result files\n\n");
    for table in schema::RESULTS {
        text.push_str(&table.markdown());
        text.push('\n');
    }
    text
}

/// Default result folder for a scenario: `results/<file stem>`.
pub fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or("run".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("results").join(stem)
}
