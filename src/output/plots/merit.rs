//! The merit-order curve of one zone at a few carbon prices, with the range of its load
//! marked: where the load meets the curve is the price, and τ tilts the curve.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{axes, box_key, canvas, legend, line_key, plot_error, spread, tau_colour, tick};
use crate::analysis::Outcome;
use crate::error::Result;
use crate::scenario::Scenario;
use crate::util::num;

/// Capacity on the x axis is each unit's capacity times its mean availability over the
/// horizon, so the curve is the supply of an average hour; the band is the hourly load
/// from its minimum to its maximum.
pub fn merit_order(
    path: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    zone: usize,
) -> Result<PathBuf> {
    let hours = scenario.hours().max(1);
    let units: Vec<usize> = (0..scenario.units.len())
        .filter(|&u| scenario.units[u].zone == zone)
        .collect();
    let mean_available_gw = |u: usize| -> f64 {
        let unit = &scenario.units[u];
        (0..scenario.hours())
            .map(|h| scenario.available_mw(unit, h))
            .sum::<f64>()
            / hours as f64
            / 1e3
    };
    let available: Vec<f64> = units.iter().map(|&u| mean_available_gw(u)).collect();
    let shown = spread(outcomes, 4);
    let curves: Vec<Vec<(f64, f64)>> = shown
        .iter()
        .map(|o| {
            let mut order: Vec<(f64, usize)> = units
                .iter()
                .enumerate()
                .map(|(k, &u)| (scenario.units[u].offer_eur_per_mwh(o.tau_eur_per_t), k))
                .collect();
            order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut x = 0.0;
            let mut steps = Vec::with_capacity(2 * order.len());
            for (mc, k) in order {
                steps.push((x, mc));
                x += available[k];
                steps.push((x, mc));
            }
            steps
        })
        .collect();
    let load = scenario.demand_mw.column(zone);
    let load_min = load.iter().copied().fold(f64::INFINITY, f64::min) / 1e3;
    let load_max = load.iter().copied().fold(0.0, f64::max) / 1e3;
    let x_max = curves
        .iter()
        .filter_map(|c| c.last().map(|p| p.0))
        .fold(load_max, f64::max)
        * 1.02;
    let y_max = curves.iter().flatten().map(|p| p.1).fold(1.0, f64::max) * 1.08;
    let y_min = curves.iter().flatten().map(|p| p.1).fold(0.0, f64::min);
    let root = canvas(path)?;
    let mut chart = axes(
        &root,
        path,
        &format!(
            "Merit order, {} (mean available capacity)",
            scenario.zones[zone]
        ),
        0.0..x_max.max(1e-3),
        y_min..y_max,
        "Cumulative available capacity (GW)",
        if units.iter().any(|&u| scenario.units[u].markup() > 0.0) {
            "Offer: marginal cost with markup (€/MWh)"
        } else {
            "Marginal cost (€/MWh)"
        },
    )?;
    let band = RGBColor(200, 200, 200);
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(load_min, y_min), (load_max, y_max)],
            band.mix(0.45).filled(),
        )))
        .map_err(|e| plot_error(path, e))?
        .label(format!(
            "hourly load {}–{} GW",
            tick(&load_min),
            tick(&load_max)
        ))
        .legend(box_key(band));
    for (i, (o, steps)) in shown.iter().zip(curves).enumerate() {
        let colour = tau_colour(i, shown.len());
        chart
            .draw_series(LineSeries::new(steps, colour.stroke_width(3)))
            .map_err(|e| plot_error(path, e))?
            .label(format!("τ = {} €/t", num(o.tau_eur_per_t)))
            .legend(line_key(colour, 3));
    }
    legend(&mut chart, path, SeriesLabelPosition::UpperLeft)?;
    root.present().map_err(|e| plot_error(path, e))?;
    Ok(path.to_path_buf())
}
