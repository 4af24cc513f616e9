//! Modelled against observed monthly prices: a panel per zone, on one price axis.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{plot_error, tick, AXIS, FONT, LABEL, TITLE};
use crate::error::Result;
use crate::util::num;

/// Marks the SVG as written by `carbonpass compare`, so that a later run may replace it.
pub const MARK: &str = "<!-- written by carbonpass compare -->";

/// One zone's months: (month `YYYY-MM`, modelled mean, observed mean), €/MWh.
pub struct ZoneMonths<'a> {
    pub zone: &'a str,
    pub months: &'a [(String, f64, f64)],
}

/// Monthly mean prices, modelled (solid) and observed (dashed), one panel per zone, at
/// carbon price `tau`.
pub fn monthly(path: &Path, tau: f64, rows: &[ZoneMonths]) -> Result<PathBuf> {
    let columns = if rows.len() > 1 { 2 } else { 1 };
    let panels = rows.len().div_ceil(columns);
    let size = (1000, (90 + 300 * panels) as u32);
    let y_max = rows
        .iter()
        .flat_map(|r| r.months.iter().flat_map(|m| [m.1, m.2]))
        .filter(|p| p.is_finite())
        .fold(1.0, f64::max)
        * 1.1;
    let y_min = rows
        .iter()
        .flat_map(|r| r.months.iter().flat_map(|m| [m.1, m.2]))
        .filter(|p| p.is_finite())
        .fold(0.0, f64::min);
    {
        let root = SVGBackend::new(path, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| plot_error(path, e))?;
        let root = root
            .titled(
                &format!(
                    "Monthly mean price: modelled (solid blue), observed (dashed grey), at {} €/t CO2",
                    num(tau)
                ),
                (FONT, TITLE),
            )
            .map_err(|e| plot_error(path, e))?;
        let areas = root.split_evenly((panels, columns));
        let solid = RGBColor(31, 119, 180);
        let dashed = RGBColor(90, 90, 90);
        for (area, row) in areas.iter().zip(rows) {
            let n = row.months.len();
            let mean = |f: fn(&(String, f64, f64)) -> f64| {
                row.months.iter().map(f).sum::<f64>() / n.max(1) as f64
            };
            let (modelled, observed) = (mean(|m| m.1), mean(|m| m.2));
            let mut chart = ChartBuilder::on(area)
                .caption(
                    format!(
                        "{}: {} modelled, {} observed €/MWh",
                        row.zone,
                        num((modelled * 10.0).round() / 10.0),
                        num((observed * 10.0).round() / 10.0)
                    ),
                    (FONT, AXIS),
                )
                .margin(10)
                .x_label_area_size(36)
                .y_label_area_size(64)
                .build_cartesian_2d(-0.5..(n as f64 - 0.5), y_min..y_max)
                .map_err(|e| plot_error(path, e))?;
            let label_of = |x: &f64| {
                let i = x.round();
                if (x - i).abs() > 1e-9 || i < 0.0 {
                    return String::new();
                }
                row.months
                    .get(i as usize)
                    .map_or(String::new(), |(month, _, _)| month[5..].to_string())
            };
            chart
                .configure_mesh()
                .x_labels(n.min(12))
                .x_label_formatter(&label_of)
                .y_label_formatter(&tick)
                .y_desc("€/MWh")
                .label_style((FONT, LABEL))
                .axis_desc_style((FONT, LABEL))
                .light_line_style(TRANSPARENT)
                .bold_line_style(RGBColor(220, 220, 220))
                .draw()
                .map_err(|e| plot_error(path, e))?;
            let points = |f: fn(&(String, f64, f64)) -> f64| -> Vec<(f64, f64)> {
                row.months
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (i as f64, f(m)))
                    .collect()
            };
            chart
                .draw_series(LineSeries::new(points(|m| m.1), solid.stroke_width(3)))
                .map_err(|e| plot_error(path, e))?;
            chart
                .draw_series(DashedLineSeries::new(
                    points(|m| m.2),
                    9,
                    6,
                    dashed.stroke_width(3),
                ))
                .map_err(|e| plot_error(path, e))?;
        }
        root.present().map_err(|e| plot_error(path, e))?;
    }
    // The mark after the XML declaration.
    let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
    let marked = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("<?xml") => format!("{first}\n{MARK}\n{rest}"),
        _ => format!("{MARK}\n{text}"),
    };
    std::fs::write(path, marked).map_err(|e| crate::Error::io(path, e))?;
    Ok(path.to_path_buf())
}
