//! The abatement curve: emissions against the carbon price (top) and the generation
//! mix that produces them, stacked by technology (bottom).

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{
    axes, canvas, plot_error, scaled, side_key, tau_range, technology_colour, ENERGY, MASS, SIZE,
};

/// Width of the technology key beside the generation mix, px.
const KEY_WIDTH: u32 = 170;
use crate::analysis::{Outcome, Tables};
use crate::error::Result;
use crate::scenario::Scenario;

pub fn emissions_and_mix(
    path: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    tables: &Tables,
) -> Result<PathBuf> {
    let technologies = scenario.technologies();
    // Generation per carbon price and technology over all zones, MWh.
    let mix: Vec<Vec<f64>> = outcomes
        .iter()
        .map(|o| {
            (0..technologies.len())
                .map(|t| o.technology_mw.index_axis(ndarray::Axis(2), t).sum())
                .collect()
        })
        .collect();
    let total_max = mix
        .iter()
        .map(|m| m.iter().sum::<f64>())
        .fold(0.0, f64::max);
    let emissions_max = tables.emissions_t.iter().copied().fold(0.0, f64::max);
    let (e_div, e_unit) = scaled(emissions_max, &MASS);
    let (g_div, g_unit) = scaled(total_max, &ENERGY);
    let root = canvas(path)?;
    let (upper, lower) = root.split_vertically(SIZE.1 * 3 / 8);
    // Both panels leave room for the key, so their carbon-price axes line up.
    let (upper, _) = upper.split_horizontally(SIZE.0 - KEY_WIDTH);
    let mut top = axes(
        &upper,
        path,
        "Emissions and generation mix against carbon price",
        tau_range(outcomes),
        0.0..(emissions_max / e_div * 1.1).max(1e-9),
        "",
        &format!("Emissions ({e_unit})"),
    )?;
    let black = RGBColor(30, 30, 30);
    let emissions: Vec<(f64, f64)> = outcomes
        .iter()
        .zip(&tables.emissions_t)
        .map(|(o, e)| (o.tau_eur_per_t, e / e_div))
        .collect();
    top.draw_series(LineSeries::new(emissions.clone(), black.stroke_width(3)))
        .map_err(|e| plot_error(path, e))?;
    top.draw_series(emissions.iter().map(|&p| Circle::new(p, 4, black.filled())))
        .map_err(|e| plot_error(path, e))?;

    let (lower, key) = lower.split_horizontally(SIZE.0 - KEY_WIDTH);
    let mut bottom = axes(
        &lower,
        path,
        "",
        tau_range(outcomes),
        0.0..(total_max / g_div * 1.05).max(1e-9),
        "Carbon price (€/t CO2)",
        &format!("Generation ({g_unit})"),
    )?;
    let mut below = vec![0.0; outcomes.len()];
    let mut keys = Vec::new();
    for (t, technology) in technologies.iter().enumerate() {
        let above: Vec<f64> = below
            .iter()
            .zip(&mix)
            .map(|(b, m)| b + m[t] / g_div)
            .collect();
        if above == below {
            continue;
        }
        let mut outline: Vec<(f64, f64)> = outcomes
            .iter()
            .zip(&above)
            .map(|(o, &y)| (o.tau_eur_per_t, y))
            .collect();
        outline.extend(
            outcomes
                .iter()
                .zip(&below)
                .rev()
                .map(|(o, &y)| (o.tau_eur_per_t, y)),
        );
        let colour = technology_colour(technology, t);
        bottom
            .draw_series(std::iter::once(Polygon::new(outline, colour.filled())))
            .map_err(|e| plot_error(path, e))?;
        keys.push((technology.replace('_', " "), colour));
        below = above;
    }
    // Top of the stack first, as the bands are seen.
    keys.reverse();
    side_key(&key, path, &keys)?;
    root.present().map_err(|e| plot_error(path, e))?;
    Ok(path.to_path_buf())
}
