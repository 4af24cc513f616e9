//! The result folder: the analysis tables computed once, written as CSV files and drawn as
//! plots into a temporary folder beside the target, and moved into place only when
//! everything is written, so a failed run leaves nothing that looks like a result.

pub mod csv;
pub mod plots;

use std::fs;
use std::path::Path;

use crate::analysis::{Outcome, Tables};
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::util::{files_line, files_listed, num, Owner, Staging};

/// Marks a folder as carbonpass results; written last, so its presence means complete.
pub const MANIFEST: &str = "run.toml";
/// The folder of plots inside a result folder.
pub const PLOTS: &str = "plots";

/// A result folder (one carbon price sweep, or a cap run): run.toml lists every file
/// carbonpass wrote in it.
pub const RESULT_FOLDER: Owner = Owner {
    marker: MANIFEST,
    what: "a carbonpass result folder",
    owned: owned_results,
};

/// Marks a folder of variants (`sweep --vary`): the variants, what each changed, and
/// every file carbonpass wrote there; written last.
pub const VARIANTS_MANIFEST: &str = "variants.toml";

/// A folder of variants: one result folder per variant, variants.csv and plots.
pub const VARIANTS_FOLDER: Owner = Owner {
    marker: VARIANTS_MANIFEST,
    what: "a carbonpass folder of variants",
    owned: owned_variants,
};

fn owned_variants(dir: &Path) -> Result<std::collections::BTreeSet<String>> {
    files_listed(&dir.join(VARIANTS_MANIFEST))?.ok_or_else(|| {
        Error::Usage(format!(
            "{}: it lists no files",
            dir.join(VARIANTS_MANIFEST).display()
        ))
    })
}

/// The files of a result folder that carbonpass wrote: those its run.toml lists, or, for
/// a folder written before run.toml listed them, the files named as results are named.
fn owned_results(dir: &Path) -> Result<std::collections::BTreeSet<String>> {
    if let Some(listed) = files_listed(&dir.join(MANIFEST))? {
        return Ok(listed);
    }
    let known = |name: &str| {
        let parts: Vec<&str> = name.split('/').collect();
        let file = parts[parts.len() - 1];
        let in_plots = parts.len() >= 2 && parts[parts.len() - 2] == PLOTS;
        file == MANIFEST
            || crate::schema::RESULTS.iter().any(|t| t.file == file)
            || file == crate::schema::CAPS.file
            || (in_plots && (file.ends_with(".svg") || file.ends_with(".png")))
    };
    Ok(crate::util::entries_under(dir)?
        .into_iter()
        .filter(|name| known(name))
        .collect())
}

/// The text a marker ends with: every file of the staged folder, the marker (run.toml)
/// included.
pub fn files_written(staging: &Staging) -> Result<String> {
    files_written_with(staging, MANIFEST)
}

/// As `files_written`, for a folder marked by `marker`.
pub fn files_written_with(staging: &Staging, marker: &str) -> Result<String> {
    let mut files = staging.written()?;
    files.push(marker.to_string());
    files.sort();
    Ok(format!(
        "# Every file carbonpass wrote in this folder; a later run replaces the folder only \
         if it holds nothing else.\n{}",
        files_line(&files)
    ))
}

/// What is recorded about a run in its manifest.
pub struct RunInfo<'a> {
    pub scenario_path: &'a Path,
    pub method: &'a str,
    /// Also write PNG copies of the plots.
    pub png: bool,
    /// Also write passthrough_hourly.csv.
    pub hourly_passthrough: bool,
    /// Also write passthrough_exact.csv, the exact curve over the carbon prices' range.
    pub exact: bool,
}

/// Writes all result files for `outcomes` into `dir`, replacing an earlier result folder.
pub fn write_results(
    dir: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    info: &RunInfo,
) -> Result<()> {
    for outcome in outcomes {
        if let Some(what) = outcome.non_finite() {
            return Err(Error::Usage(format!(
                "carbon price {} €/t: {what}; nothing was written. A number of the input \
                 is too large for the results to be computed",
                num(outcome.tau_eur_per_t)
            )));
        }
    }
    let mut tables = Tables::of(scenario, outcomes, info.hourly_passthrough);
    if info.exact {
        let first = outcomes.first().map_or(0.0, |o| o.tau_eur_per_t);
        let last = outcomes.last().map_or(0.0, |o| o.tau_eur_per_t);
        tables.exact = crate::analysis::exact_curve(scenario, first, last)?;
    }
    let staging = Staging::new(dir)?;
    csv::write_all(&staging.path, scenario, outcomes, &tables)?;
    let plots = staging.path.join(PLOTS);
    fs::create_dir(&plots).map_err(|e| Error::io(&plots, e))?;
    plots::write_all(&plots, scenario, outcomes, &tables, info.png)?;
    let mut text = manifest(scenario, outcomes, info);
    text.push_str(&files_written(&staging)?);
    let path = staging.path.join(MANIFEST);
    fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    if crate::interrupt::requested() {
        return Err(Error::Stopped);
    }
    staging.commit(dir, &RESULT_FOLDER)
}

fn manifest(scenario: &Scenario, outcomes: &[Outcome], info: &RunInfo) -> String {
    let taus: Vec<String> = outcomes.iter().map(|o| num(o.tau_eur_per_t)).collect();
    let text = format!(
        "# Written by carbonpass when every result file of the run was complete.\n\
         carbonpass_version = {:?}\n\
         scenario = {:?}\n\
         scenario_file = {:?}\n\
         method = {:?}\n\
         hours = {}\n\
         zones = {:?}\n\
         carbon_prices_eur_per_t = [{}]\n",
        env!("CARGO_PKG_VERSION"),
        scenario.name,
        info.scenario_path.display().to_string(),
        info.method,
        scenario.hours(),
        scenario.zones,
        taus.join(", "),
    );
    let mut text = text;
    let merged = crate::model::Groups::of(scenario).merged();
    if info.method.starts_with("lp") && merged > 0 {
        text.push_str(&format!(
            "# Exact reductions before the solver: units the LP cannot tell apart share one \
             column, their output split pro rata to their available capacity.\n\
             lp_units_merged = {merged}\n"
        ));
    }
    let stores_merged = crate::model::StoreGroups::of(scenario).merged();
    if info.method.starts_with("lp") && stores_merged > 0 {
        text.push_str(&format!(
            "# Stores alike up to size are one store to the LP, their operation split pro \
             rata to their limits, energy and inflow.\n\
             lp_stores_merged = {stores_merged}\n"
        ));
    }
    // Holds depend on the carbon price; a rolling horizon holds window by window.
    if info.method == "lp" && scenario.hold_columns && scenario.rolling.is_none() {
        text.push_str(&held_columns(scenario, outcomes));
    }
    text
}

/// The generation columns of the whole-horizon LP and how many of them each carbon
/// price's band holds at a bound (empty where none is held).
fn held_columns(scenario: &Scenario, outcomes: &[Outcome]) -> String {
    let bounds = crate::model::Bounds::of(scenario);
    let held: Vec<usize> = (outcomes.iter())
        .map(|o| {
            let offer = scenario.offers(o.tau_eur_per_t);
            crate::model::Held::of(scenario, &bounds, &offer, false).count()
        })
        .collect();
    if held.iter().all(|&n| n == 0) {
        return String::new();
    }
    let columns = bounds
        .group_available_mw
        .iter()
        .filter(|&&a| a > 0.0)
        .count();
    let held: Vec<String> = held.iter().map(|n| n.to_string()).collect();
    format!(
        "# Generation columns held at capacity or at must-run by their zone-hour's band \
         before the solver, per carbon price, of lp_generation_columns (released again \
         where the solution's prices disagree).\n\
         lp_generation_columns = {columns}\n\
         lp_generation_columns_held = [{}]\n",
        held.join(", ")
    )
}
