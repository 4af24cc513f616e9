//! One file per command: what it does, callable from tests and other programs, and what
//! it prints. `cli.rs` only parses the command line and calls these. Shared here: reading
//! a scenario with its warnings, what-if capacity changes, the method a sweep runs, the
//! summary table on the terminal, the progress bar and default result folders.

pub mod cap;
pub mod compare;
pub mod import;
pub mod merge;
pub mod report;
pub mod run;
pub mod schema;
pub mod sweep;
pub mod validate;
mod variants;

use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::analysis::Outcome;
use crate::dispatch::Method;
use crate::error::Result;
use crate::input;
use crate::scenario::Scenario;
use crate::util::num;

pub use sweep::SweepRequest;

/// One scenario variant and the outcomes solved for it, in carbon price order.
pub struct Solved {
    pub scenario: Scenario,
    pub outcomes: Vec<Outcome>,
}

/// Reads the scenario, prints its warnings and applies `--scale-capacity`; with the
/// files read.
pub(crate) fn load_scenario(path: &Path, scale: &[String]) -> Result<(Scenario, Vec<PathBuf>)> {
    let loaded = input::load(path)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let mut scenario = loaded.scenario;
    scale_capacity(&mut scenario, scale)?;
    Ok((scenario, loaded.files))
}

/// Applies the changes of a `--vary` variant, as its plan records them (`fuel:gas=25`).
pub(crate) fn apply_changes(scenario: &mut Scenario, changes: &[String]) -> Result<()> {
    for spec in changes {
        crate::variants::Change::parse(spec)
            .and_then(|change| change.apply(scenario))
            .map_err(|why| crate::Error::Usage(format!("--vary {spec}: {why}")))?;
    }
    Ok(())
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
        crate::variants::scale_capacity(scenario, technology, factor).map_err(usage)?;
    }
    Ok(())
}

pub(crate) fn progress_bar(shown: bool, len: usize, done: usize, what: &str) -> ProgressBar {
    let bar = if shown {
        ProgressBar::new(len as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{msg}} [{{bar:30}}] {{pos}}/{{len}} {what}, {{elapsed}} elapsed, ETA {{eta}}"
        ))
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_position(done as u64);
    bar.reset_eta();
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// The method of a request: as asked, or the merit order where it is exact for every
/// scenario (no coupled hours, no links; it is hundreds of times faster), else the LP.
pub fn chosen_method<'a>(
    asked: Option<Method>,
    scenarios: impl IntoIterator<Item = &'a Scenario>,
) -> Method {
    asked.unwrap_or_else(|| {
        if scenarios.into_iter().all(Scenario::merit_order_is_exact) {
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

/// Prints the summary table of each scenario, under its name when there are several.
pub(crate) fn print_summaries(solved: &[Solved]) {
    for s in solved {
        if solved.len() > 1 {
            println!("\n{}", s.scenario.name);
        }
        print!("{}", summary_table(&s.scenario, &s.outcomes));
    }
}

/// Writes the result folder of variant `v` at `dir`.
pub(crate) fn write_variant(
    dir: &Path,
    plan: &crate::parts::Plan,
    v: usize,
    scenario: &Scenario,
    outcomes: &[Outcome],
) -> Result<()> {
    let variant = &plan.variants[v];
    let info = crate::output::RunInfo {
        scenario_path: &variant.scenario_file,
        method: &plan.method,
        png: plan.png,
        hourly_passthrough: plan.hourly_passthrough,
        exact: plan.exact,
    };
    crate::output::write_results(dir, scenario, outcomes, &info)
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
/// one folder per scenario) for several, `results/variants` for several varied.
pub fn default_sweep_out(scenarios: &[PathBuf], varied: bool) -> PathBuf {
    match scenarios {
        [one] => default_out(one),
        _ if varied => PathBuf::from("results").join("variants"),
        _ => PathBuf::from("results"),
    }
}
