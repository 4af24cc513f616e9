//! Heatmaps over the carbon price (x) and a varied input (y, e.g. the gas price): each
//! cell coloured by a result of that variant at that carbon price, on one colour scale
//! with its bar beside the chart; fuel-switch prices drawn over it as lines.

use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;

use super::{plot_error, tick, AXIS, FONT, LABEL, TITLE};
use crate::error::Result;

/// A cell: its extent in carbon price and in the varied value, and its value (NaN where
/// the result is not defined, drawn grey).
pub struct Cell {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub value: f64,
}

/// A line drawn over the cells: its label and its points (carbon price, varied value).
pub struct Line {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// One panel: a zone's cells, or the only zone's.
pub struct Panel {
    pub caption: String,
    pub cells: Vec<Cell>,
    pub lines: Vec<Line>,
}

/// What a heatmap shows.
pub struct Heatmap<'a> {
    pub title: &'a str,
    /// The varied value, with its unit.
    pub y_desc: &'a str,
    /// The colour's quantity, with its unit.
    pub colour_desc: &'a str,
    /// The widest colour scale: values beyond take its ends (and the bar says so).
    pub limit: Option<(f64, f64)>,
    pub panels: Vec<Panel>,
}

const UNDEFINED: RGBColor = RGBColor(215, 215, 215);
const BAR_WIDTH: u32 = 150;

/// The colour of `value` on the scale `min..max`.
fn colour(value: f64, min: f64, max: f64) -> RGBColor {
    if !value.is_finite() {
        return UNDEFINED;
    }
    let span = if max > min { max - min } else { 1.0 };
    ViridisRGB::get_color_normalized(((value - min) / span).clamp(0.0, 1.0), 0.0, 1.0)
}

/// Draws the heatmap into `path` (SVG).
pub fn draw(path: &Path, map: &Heatmap) -> Result<PathBuf> {
    let finite = || {
        map.panels
            .iter()
            .flat_map(|p| p.cells.iter().map(|c| c.value))
            .filter(|v| v.is_finite())
    };
    let min = finite().fold(f64::INFINITY, f64::min);
    let max = finite().fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = if min.is_finite() {
        (min, max)
    } else {
        (0.0, 1.0)
    };
    let (low, high) = map.limit.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
    let ends = (min < low, max > high);
    let (min, max) = (min.max(low), max.min(high));
    let columns = if map.panels.len() > 1 { 2 } else { 1 };
    let rows = map.panels.len().div_ceil(columns).max(1);
    let size = (
        if columns == 1 { 1000 } else { 1500 },
        (70 + 520 * rows) as u32,
    );
    {
        let root = SVGBackend::new(path, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| plot_error(path, e))?;
        let root = root
            .titled(map.title, (FONT, TITLE))
            .map_err(|e| plot_error(path, e))?;
        let (charts, bar) = root.split_horizontally(size.0 - BAR_WIDTH);
        for (area, panel) in charts.split_evenly((rows, columns)).iter().zip(&map.panels) {
            draw_panel(area, path, map, panel, (min, max))?;
        }
        colour_bar(&bar, path, map.colour_desc, (min, max), ends)?;
        root.present().map_err(|e| plot_error(path, e))?;
    }
    Ok(path.to_path_buf())
}

type Area<'b> = DrawingArea<SVGBackend<'b>, plotters::coord::Shift>;

fn draw_panel(
    area: &Area,
    path: &Path,
    map: &Heatmap,
    panel: &Panel,
    (min, max): (f64, f64),
) -> Result<()> {
    let extent = |f: fn(&Cell) -> (f64, f64)| {
        panel
            .cells
            .iter()
            .map(f)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| {
                (lo.min(a), hi.max(b))
            })
    };
    let (x0, x1) = extent(|c| c.x);
    let (y0, y1) = extent(|c| c.y);
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { (0.0, 1.0) };
    let (y0, y1) = if y1 > y0 { (y0, y1) } else { (0.0, 1.0) };
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.caption, (FONT, AXIS))
        .margin(12)
        .margin_right(24)
        .x_label_area_size(58)
        .y_label_area_size(80)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| plot_error(path, e))?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("Carbon price (€/t CO2)")
        .y_desc(map.y_desc)
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .label_style((FONT, LABEL))
        .axis_desc_style((FONT, AXIS))
        .draw()
        .map_err(|e| plot_error(path, e))?;
    chart
        .draw_series(panel.cells.iter().map(|c| {
            Rectangle::new(
                [(c.x.0, c.y.0), (c.x.1, c.y.1)],
                colour(c.value, min, max).filled(),
            )
        }))
        .map_err(|e| plot_error(path, e))?;
    for (i, line) in panel.lines.iter().enumerate() {
        let inside: Vec<(f64, f64)> = line
            .points
            .iter()
            .copied()
            .filter(|(x, _)| (x0..=x1).contains(x))
            .collect();
        if inside.is_empty() {
            continue;
        }
        // White on a dark edge reads on every colour of the scale; the second line dashed.
        chart
            .draw_series(LineSeries::new(inside.clone(), BLACK.stroke_width(6)))
            .map_err(|e| plot_error(path, e))?;
        let white = WHITE.stroke_width(3);
        let drawn = match i {
            0 => chart.draw_series(LineSeries::new(inside.clone(), white)),
            _ => chart.draw_series(DashedLineSeries::new(inside.clone(), 10, 7, white)),
        }
        .map_err(|e| plot_error(path, e))?;
        let dashed = i > 0;
        drawn
            .label(format!("switch price: {}", line.label))
            .legend(move |(x, y)| {
                // Two pieces, apart where the line is dashed.
                let gap = if dashed { 6 } else { 0 };
                let piece =
                    |a: i32, b: i32| PathElement::new(vec![(a, 0), (b, 0)], WHITE.stroke_width(3));
                EmptyElement::at((x, y)) + piece(0, 9) + piece(9 + gap, 24)
            });
        chart
            .draw_series(inside.iter().map(|&p| Circle::new(p, 4, WHITE.filled())))
            .map_err(|e| plot_error(path, e))?;
    }
    if panel
        .lines
        .iter()
        .any(|l| l.points.iter().any(|(x, _)| (x0..=x1).contains(x)))
    {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(RGBColor(40, 40, 40).mix(0.85))
            .border_style(WHITE)
            .label_font((FONT, LABEL).into_font().color(&WHITE))
            .draw()
            .map_err(|e| plot_error(path, e))?;
    }
    Ok(())
}

/// The colour scale: a bar from `min` (bottom) to `max` (top) with numbers beside it.
/// `beyond`: whether values lie below `min` and above `max` (their ends say ≤ and ≥).
fn colour_bar(
    area: &Area,
    path: &Path,
    desc: &str,
    (min, max): (f64, f64),
    beyond: (bool, bool),
) -> Result<()> {
    let (_, h) = area.dim_in_pixel();
    let top = 70;
    let bottom = h as i32 - 80;
    let steps = 100;
    for i in 0..steps {
        let y_hi = bottom - (bottom - top) * (i + 1) / steps;
        let y_lo = bottom - (bottom - top) * i / steps;
        let value = min + (max - min) * (i as f64 + 0.5) / steps as f64;
        area.draw(&Rectangle::new(
            [(10, y_hi), (40, y_lo)],
            colour(value, min, max).filled(),
        ))
        .map_err(|e| plot_error(path, e))?;
    }
    for k in 0..=4 {
        let value = min + (max - min) * k as f64 / 4.0;
        let y = bottom - (bottom - top) * k / 4;
        let mark = match k {
            0 if beyond.0 => "≤ ",
            4 if beyond.1 => "≥ ",
            _ => "",
        };
        area.draw(&Text::new(
            format!("{mark}{}", tick(&((value * 100.0).round() / 100.0))),
            (46, y - 9),
            (FONT, LABEL).into_font().color(&BLACK),
        ))
        .map_err(|e| plot_error(path, e))?;
    }
    area.draw(&Text::new(
        desc.to_string(),
        (8, top - 34),
        (FONT, LABEL).into_font().color(&BLACK),
    ))
    .map_err(|e| plot_error(path, e))?;
    Ok(())
}

/// The edges of cells centred on ascending `values`: half-way to each neighbour, the
/// ends as far out as their inner half (or ±0.5 for a single value).
pub fn edges(values: &[f64]) -> Vec<(f64, f64)> {
    let n = values.len();
    (0..n)
        .map(|i| {
            let below = if i > 0 {
                (values[i] - values[i - 1]) / 2.0
            } else if n > 1 {
                (values[1] - values[0]) / 2.0
            } else {
                0.5
            };
            let above = if i + 1 < n {
                (values[i + 1] - values[i]) / 2.0
            } else {
                below
            };
            (values[i] - below, values[i] + above)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_meet_half_way_between_values() {
        assert_eq!(
            edges(&[10.0, 20.0, 40.0]),
            [(5.0, 15.0), (15.0, 30.0), (30.0, 50.0)]
        );
        assert_eq!(edges(&[3.0]), [(2.5, 3.5)]);
    }
}
