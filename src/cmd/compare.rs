//! `carbonpass compare`: a result folder's prices against observed monthly prices.

use std::path::{Path, PathBuf};

use crate::compare::{self, Comparison};
use crate::error::{Error, Result};
use crate::output::plots::compare::{monthly, ZoneMonths, MARK};
use crate::report::Format;

pub struct CompareRequest {
    pub results: PathBuf,
    pub observed: PathBuf,
    /// The scenario solved, where run.toml's `scenario_file` is not found from here.
    pub scenario: Option<PathBuf>,
    pub format: Format,
    /// Also draw the monthly prices of each zone into this SVG file.
    pub plot: Option<PathBuf>,
    /// The carbon price drawn; default the first of the results.
    pub carbon: Option<f64>,
}

/// Prints the comparison table; draws the plot where asked.
pub fn run(request: &CompareRequest) -> Result<()> {
    let observed = compare::read_observed(&request.observed)?;
    let rows = compare::compare(&request.results, &observed, request.scenario.as_deref())?;
    print!("{}", compare::render(&rows, request.format));
    if let Some(plot) = &request.plot {
        let tau = match request.carbon {
            Some(tau) => tau,
            None => rows[0].tau_eur_per_t,
        };
        let at: Vec<&Comparison> = rows
            .iter()
            .filter(|r| (r.tau_eur_per_t - tau).abs() <= 1e-9 * tau.abs().max(1.0))
            .collect();
        if at.is_empty() {
            return Err(Error::Usage(format!(
                "--carbon {tau}: the results have no such carbon price"
            )));
        }
        refuse_foreign_plot(plot)?;
        let zones: Vec<ZoneMonths> = at
            .iter()
            .map(|r| ZoneMonths {
                zone: &r.zone,
                months: &r.months,
            })
            .collect();
        // Drawn beside the target and moved into place whole.
        let staged = crate::util::beside(plot, &format!("partial-{}.svg", std::process::id()))?;
        let drawn = monthly(&staged, tau, &zones)
            .and_then(|_| std::fs::rename(&staged, plot).map_err(|e| Error::io(plot, e)));
        if drawn.is_err() {
            let _ = std::fs::remove_file(&staged);
        }
        drawn?;
        eprintln!("plot written to {}", plot.display());
    }
    Ok(())
}

/// A plot file is replaced only if an earlier `compare` wrote it.
fn refuse_foreign_plot(plot: &Path) -> Result<()> {
    if !plot.exists() {
        return Ok(());
    }
    let ours = std::fs::read_to_string(plot)
        .map(|text| text.lines().take(3).any(|l| l == MARK))
        .unwrap_or(false);
    if ours {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} exists and was not written by carbonpass compare; choose another --plot",
            plot.display()
        )))
    }
}
