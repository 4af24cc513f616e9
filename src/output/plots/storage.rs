//! Storage: the energy held in all stores, hour by hour, at a few carbon prices — when
//! they fill and when they give back.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{axes, canvas, legend, line_key, plot_error, scaled, spread, tau_colour, ENERGY};
use crate::analysis::Outcome;
use crate::error::Result;
use crate::scenario::Scenario;
use crate::util::num;

/// Energy stored in all stores at the end of each hour, at up to three carbon prices.
pub fn stored_energy(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<PathBuf> {
    let hours = scenario.hours();
    let shown = spread(outcomes, 3);
    let stored: Vec<Vec<f64>> = shown
        .iter()
        .map(|o| {
            (0..hours)
                .map(|h| o.storage.state_of_charge_mwh.row(h).sum())
                .collect()
        })
        .collect();
    let capacity: f64 = scenario.storage.iter().map(|s| s.energy_mwh).sum();
    let (scale, unit) = scaled(capacity, &ENERGY);
    let root = canvas(path)?;
    let mut chart = axes(
        &root,
        path,
        &format!(
            "Energy in storage ({} {}, {} {unit} in all)",
            scenario.storage.len(),
            if scenario.storage.len() == 1 {
                "store"
            } else {
                "stores"
            },
            num((capacity / scale * 10.0).round() / 10.0)
        ),
        0.0..hours as f64,
        0.0..(capacity / scale).max(1e-9) * 1.15,
        "Hour",
        &format!("Stored energy ({unit})"),
    )?;
    for (i, (o, series)) in shown.iter().zip(&stored).enumerate() {
        let colour = tau_colour(i, shown.len());
        chart
            .draw_series(LineSeries::new(
                series
                    .iter()
                    .enumerate()
                    .map(|(h, &e)| ((h + 1) as f64, e / scale)),
                colour.stroke_width(2),
            ))
            .map_err(|e| plot_error(path, e))?
            .label(format!("τ = {} €/t", num(o.tau_eur_per_t)))
            .legend(line_key(colour, 3));
    }
    // Stores tend to be full at the start and end of the horizon: the middle is freer.
    legend(&mut chart, path, SeriesLabelPosition::UpperMiddle)?;
    root.present().map_err(|e| plot_error(path, e))?;
    Ok(path.to_path_buf())
}
