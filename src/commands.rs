//! What each command does, callable from tests and other programs; `main.rs` only
//! parses arguments into these.

use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::analysis::Outcome;
use crate::carbon;
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
}

/// Reads the scenario, prints its warnings to stderr and solves every carbon price.
pub fn run_sweep(request: &SweepRequest) -> Result<(Scenario, Vec<Outcome>)> {
    let loaded = input::load(&request.scenario)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let scenario = loaded.scenario;
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
