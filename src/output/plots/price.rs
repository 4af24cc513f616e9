//! Prices: the load-weighted and time-average price against the carbon price, and the
//! price duration curve at a few carbon prices.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{axes, canvas, legend, line_key, plot_error, spread, tau_colour, tau_range};
use crate::analysis::{Outcome, Tables};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::util::num;

/// Load-weighted (solid) and time-average (dashed) price per zone against carbon price.
pub fn price_vs_carbon(
    path: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    tables: &Tables,
) -> Result<PathBuf> {
    let summaries = &tables.summary;
    let y_max = summaries
        .iter()
        .flatten()
        .map(|s| {
            s.load_weighted_price_eur_per_mwh
                .max(s.mean_price_eur_per_mwh)
        })
        .filter(|p| p.is_finite())
        .fold(1.0, f64::max);
    let root = canvas(path)?;
    let mut chart = axes(
        &root,
        path,
        "Electricity price against carbon price",
        tau_range(outcomes),
        0.0..y_max * 1.1,
        "Carbon price (€/t CO2)",
        "Electricity price (€/MWh)",
    )?;
    for (z, zone) in scenario.zones.iter().enumerate() {
        let colour = Palette99::pick(z).to_rgba();
        let colour = RGBColor(colour.0, colour.1, colour.2);
        let series = |f: fn(&crate::analysis::ZoneSummary) -> f64| -> Vec<(f64, f64)> {
            summaries
                .iter()
                .map(|s| (s[z].tau_eur_per_t, f(&s[z])))
                .collect()
        };
        let weighted = series(|s| s.load_weighted_price_eur_per_mwh);
        chart
            .draw_series(LineSeries::new(weighted.clone(), colour.stroke_width(3)))
            .map_err(|e| plot_error(path, e))?
            .label(format!("{zone}: load-weighted"))
            .legend(line_key(colour, 3));
        chart
            .draw_series(weighted.iter().map(|&p| Circle::new(p, 4, colour.filled())))
            .map_err(|e| plot_error(path, e))?;
        let mean = series(|s| s.mean_price_eur_per_mwh);
        chart
            .draw_series(DashedLineSeries::new(
                mean.clone(),
                9,
                6,
                colour.stroke_width(2),
            ))
            .map_err(|e| plot_error(path, e))?;
        // Open circles mark the time average, so the legend can tell the two apart.
        chart
            .draw_series(
                mean.iter()
                    .map(|&p| Circle::new(p, 5, colour.stroke_width(2))),
            )
            .map_err(|e| plot_error(path, e))?
            .label(format!("{zone}: time average (dashed)"))
            .legend(move |(x, y)| Circle::new((x + 12, y), 5, colour.stroke_width(2)));
    }
    // Prices rise with τ: the lower right is where the lines are not.
    legend(&mut chart, path, SeriesLabelPosition::LowerRight)?;
    root.present().map_err(|e| plot_error(path, e))?;
    Ok(path.to_path_buf())
}

/// Hourly prices of one zone sorted from highest to lowest, at up to five carbon prices.
/// Hours at the value of lost load would flatten everything else, so the axis stops
/// above the highest other price and those hours run along its top edge.
pub fn price_duration(
    path: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    zone: usize,
) -> Result<PathBuf> {
    let hours = scenario.hours();
    let voll = scenario.market.voll_eur_per_mwh;
    let shown = spread(outcomes, 5);
    let sorted: Vec<Vec<f64>> = shown
        .iter()
        .map(|o| {
            let mut p: Vec<f64> = (0..hours).map(|h| o.price_eur_per_mwh(h, zone)).collect();
            p.sort_by(|a, b| b.total_cmp(a));
            p
        })
        .collect();
    let below_voll = sorted
        .iter()
        .flatten()
        .filter(|&&p| p < voll)
        .fold(1.0, |m: f64, &p| m.max(p));
    let at_voll = sorted.iter().flatten().any(|&p| p >= voll);
    let y_max = below_voll * 1.1;
    let caption = if at_voll {
        format!(
            "Price duration, {} (hours at VOLL {} €/MWh on the top edge)",
            scenario.zones[zone],
            num(voll)
        )
    } else {
        format!("Price duration, {}", scenario.zones[zone])
    };
    let root = canvas(path)?;
    let y_min = sorted.iter().flatten().fold(0.0, |m: f64, &p| m.min(p));
    let mut chart = axes(
        &root,
        path,
        &caption,
        0.0..100.0,
        y_min..y_max,
        "Share of hours (%), highest price first",
        "Electricity price (€/MWh)",
    )?;
    for (i, (o, prices)) in shown.iter().zip(&sorted).enumerate() {
        let colour = tau_colour(i, shown.len());
        // Each hour is a step 1/hours wide, so the curve spans 0–100 % of the hours.
        let share = |h: usize| 100.0 * h as f64 / hours as f64;
        let points = prices.iter().enumerate().flat_map(|(h, &p)| {
            let p = p.min(y_max);
            [(share(h), p), (share(h + 1), p)]
        });
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(3)))
            .map_err(|e| plot_error(path, e))?
            .label(format!("τ = {} €/t", num(o.tau_eur_per_t)))
            .legend(line_key(colour, 3));
    }
    legend(&mut chart, path, SeriesLabelPosition::UpperRight)?;
    root.present().map_err(|e| plot_error(path, e))?;
    Ok(path.to_path_buf())
}
