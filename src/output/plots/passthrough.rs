//! Pass-through against the carbon price: dp/dτ beside the emission intensity of the
//! price-setting units (top), and their ratio, the pass-through rate (bottom).

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{axes, canvas, legend, line_key, plot_error, tau_range, SIZE};
use crate::analysis::{Outcome, Tables};
use crate::error::Result;
use crate::scenario::Scenario;

/// Each interval between neighbouring carbon prices is drawn as a flat step: the
/// numbers belong to the interval, not to either end.
pub fn passthrough_vs_carbon(
    path: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    tables: &Tables,
) -> Result<PathBuf> {
    let rows = &tables.passthrough;
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let t_max = rows
        .iter()
        .map(|r| finite(r.dp_dtau_t_per_mwh).max(r.price_setting_intensity_t_per_mwh))
        .chain(tables.exact.iter().map(|p| p.dp_dtau_t_per_mwh))
        .fold(0.1, f64::max);
    let t_min = rows
        .iter()
        .map(|r| finite(r.dp_dtau_t_per_mwh))
        .chain(tables.exact.iter().map(|p| p.dp_dtau_t_per_mwh))
        .fold(0.0, f64::min);
    let r_max = rows
        .iter()
        .map(|r| finite(100.0 * r.passthrough_rate))
        .fold(120.0, f64::max);
    let r_min = rows
        .iter()
        .map(|r| finite(100.0 * r.passthrough_rate))
        .fold(0.0, f64::min);
    let root = canvas(path)?;
    let (upper, lower) = root.split_vertically(SIZE.1 / 2);
    let mut top = axes(
        &upper,
        path,
        "Pass-through between neighbouring carbon prices",
        tau_range(outcomes),
        t_min..t_max * 1.15,
        "",
        "t CO2/MWh",
    )?;
    let mut bottom = axes(
        &lower,
        path,
        "",
        tau_range(outcomes),
        r_min..r_max * 1.1,
        "Carbon price (€/t CO2)",
        "Pass-through rate (%)",
    )?;
    let grey = RGBColor(150, 150, 150);
    let range = tau_range(outcomes);
    bottom
        .draw_series(DashedLineSeries::new(
            [(range.start, 100.0), (range.end, 100.0)],
            6,
            4,
            grey.stroke_width(1),
        ))
        .map_err(|e| plot_error(path, e))?
        .label("100 %: the price-setters' carbon cost in full")
        .legend(line_key(grey, 1));
    for (z, zone) in scenario.zones.iter().enumerate() {
        let c = Palette99::pick(z).to_rgba();
        let colour = RGBColor(c.0, c.1, c.2);
        let zone_rows: Vec<_> = rows.iter().filter(|r| r.zone == *zone).collect();
        let steps = |value: &dyn Fn(&crate::analysis::PassThrough) -> f64| -> Vec<Vec<(f64, f64)>> {
            zone_rows
                .iter()
                .filter(|r| value(r).is_finite())
                .map(|r| {
                    vec![
                        (r.tau_from_eur_per_t, value(r)),
                        (r.tau_to_eur_per_t, value(r)),
                    ]
                })
                .collect()
        };
        let dp = steps(&|r| r.dp_dtau_t_per_mwh);
        let intensity = steps(&|r| r.price_setting_intensity_t_per_mwh);
        let rate = steps(&|r| 100.0 * r.passthrough_rate);
        top.draw_series(
            dp.into_iter()
                .map(|s| PathElement::new(s, colour.stroke_width(3))),
        )
        .map_err(|e| plot_error(path, e))?
        .label(format!("{zone}: dp/dτ of the load-weighted price"))
        .legend(line_key(colour, 3));
        // The exact curve's slope (`--exact`): a thin step line through every piece.
        let exact: Vec<(f64, f64)> = (tables.exact.iter())
            .filter(|p| p.zone == *zone)
            .flat_map(|p| {
                [
                    (p.tau_from_eur_per_t, p.dp_dtau_t_per_mwh),
                    (p.tau_to_eur_per_t, p.dp_dtau_t_per_mwh),
                ]
            })
            .collect();
        if !exact.is_empty() {
            let dark = RGBColor(30, 30, 30);
            top.draw_series(LineSeries::new(exact, dark.stroke_width(1)))
                .map_err(|e| plot_error(path, e))?
                .label(format!("{zone}: exact dp/dτ between switch prices"))
                .legend(line_key(dark, 1));
        }
        top.draw_series(
            intensity
                .into_iter()
                .map(|s| PathElement::new(s, colour.mix(0.5).stroke_width(6))),
        )
        .map_err(|e| plot_error(path, e))?
        .label(format!("{zone}: intensity of price-setting units"))
        .legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 24, y)], colour.mix(0.5).stroke_width(6))
        });
        bottom
            .draw_series(
                rate.into_iter()
                    .map(|s| PathElement::new(s, colour.stroke_width(3))),
            )
            .map_err(|e| plot_error(path, e))?
            .label(format!("{zone}: pass-through rate"))
            .legend(line_key(colour, 3));
    }
    legend(&mut top, path, SeriesLabelPosition::LowerLeft)?;
    legend(&mut bottom, path, SeriesLabelPosition::LowerLeft)?;
    root.present().map_err(|e| plot_error(path, e))?;
    Ok(path.to_path_buf())
}
