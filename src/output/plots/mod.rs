//! Plots written with the results, as SVG (and PNG on request): what a report shows
//! rather than tells. Each plot is a pure function of the scenario, the outcomes and the
//! analysis tables.

mod abatement;
pub mod compare;
pub mod heatmap;
mod merit;
mod passthrough;
pub mod png;
mod price;
mod storage;

use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::RGBColor;

use crate::analysis::{Outcome, Tables};
use crate::error::{Error, Result};
use crate::scenario::Scenario;

/// Pixel size of every plot; text sizes below are chosen to stay legible when the
/// image is printed at the width of a page.
const SIZE: (u32, u32) = (1000, 620);
const FONT: &str = "sans-serif";
const TITLE: u32 = 26;
const LABEL: u32 = 17;
const AXIS: u32 = 19;

/// Writes every plot into `dir` and returns the files written, in a fixed order.
pub fn write_all(
    dir: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    tables: &Tables,
    png: bool,
) -> Result<Vec<PathBuf>> {
    let mut files = vec![
        price::price_vs_carbon(&dir.join("price_vs_carbon.svg"), scenario, outcomes, tables)?,
        passthrough::passthrough_vs_carbon(
            &dir.join("passthrough_vs_carbon.svg"),
            scenario,
            outcomes,
            tables,
        )?,
        abatement::emissions_and_mix(
            &dir.join("emissions_and_mix.svg"),
            scenario,
            outcomes,
            tables,
        )?,
    ];
    for z in 0..scenario.zones.len() {
        let file = zone_file(scenario, "price_duration", z);
        files.push(price::price_duration(
            &dir.join(file),
            scenario,
            outcomes,
            z,
        )?);
        let file = zone_file(scenario, "merit_order", z);
        files.push(merit::merit_order(&dir.join(file), scenario, outcomes, z)?);
    }
    if !scenario.storage.is_empty() {
        files.push(storage::stored_energy(
            &dir.join("stored_energy.svg"),
            scenario,
            outcomes,
        )?);
    }
    if png {
        let pngs = files
            .iter()
            .map(|svg| png::convert(svg))
            .collect::<Result<Vec<_>>>()?;
        files.extend(pngs);
    }
    Ok(files)
}

/// `stem.svg` in a single-zone scenario, `stem_<zone>.svg` otherwise.
fn zone_file(scenario: &Scenario, stem: &str, zone: usize) -> String {
    if scenario.zones.len() == 1 {
        format!("{stem}.svg")
    } else {
        format!("{stem}_{}.svg", scenario.zones[zone])
    }
}

fn plot_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::io(
        path,
        std::io::Error::other(format!("drawing the plot: {e}")),
    )
}

/// Colours that readers of energy reports expect for common technologies; others
/// take distinct colours from a palette, in order of appearance.
fn technology_colour(technology: &str, index: usize) -> RGBColor {
    match technology {
        "lignite" => RGBColor(139, 90, 43),
        "hard_coal" | "coal" => RGBColor(64, 64, 64),
        "ccgt" | "gas" => RGBColor(242, 142, 43),
        "ocgt" => RGBColor(255, 190, 125),
        "oil" => RGBColor(176, 122, 161),
        "nuclear" => RGBColor(225, 87, 89),
        "biomass" | "bioenergy" => RGBColor(89, 161, 79),
        "hydro" | "hydro_ror" | "hydro_reservoir" => RGBColor(78, 121, 167),
        "wind_onshore" | "wind" => RGBColor(118, 183, 178),
        "wind_offshore" => RGBColor(47, 111, 143),
        "solar" => RGBColor(237, 201, 72),
        "shortage" => RGBColor(0, 0, 0),
        _ => {
            let c = Palette99::pick(index).to_rgba();
            RGBColor(c.0, c.1, c.2)
        }
    }
}

/// Colours for a handful of carbon prices, light to dark: the order reads as "more τ".
fn tau_colour(i: usize, n: usize) -> RGBColor {
    const RAMP: [RGBColor; 5] = [
        RGBColor(120, 198, 121),
        RGBColor(65, 171, 93),
        RGBColor(35, 132, 67),
        RGBColor(0, 90, 50),
        RGBColor(0, 50, 30),
    ];
    if n <= 1 {
        RAMP[2]
    } else {
        RAMP[(i * (RAMP.len() - 1)) / (n - 1)]
    }
}

/// Up to `n` outcomes spread evenly over the sweep, always including both ends.
fn spread(outcomes: &[Outcome], n: usize) -> Vec<&Outcome> {
    let len = outcomes.len();
    if len <= n {
        return outcomes.iter().collect();
    }
    let mut picked: Vec<usize> = (0..n).map(|i| i * (len - 1) / (n - 1)).collect();
    picked.dedup();
    picked.into_iter().map(|i| &outcomes[i]).collect()
}

/// The largest of `scales` not above `max`, so that axis numbers stay readable:
/// returns the divisor and its unit.
fn scaled(max: f64, scales: &[(f64, &'static str)]) -> (f64, &'static str) {
    scales
        .iter()
        .rev()
        .find(|(factor, _)| max >= *factor)
        .copied()
        .unwrap_or(scales[0])
}

const ENERGY: [(f64, &str); 3] = [(1.0, "MWh"), (1e3, "GWh"), (1e6, "TWh")];
const MASS: [(f64, &str); 3] = [(1.0, "t CO2"), (1e3, "kt CO2"), (1e6, "Mt CO2")];

/// The range from the lowest to the highest carbon price, never empty.
fn tau_range(outcomes: &[Outcome]) -> std::ops::Range<f64> {
    let first = outcomes.first().map_or(0.0, |o| o.tau_eur_per_t);
    let last = outcomes.last().map_or(0.0, |o| o.tau_eur_per_t);
    first..last.max(first + 1.0)
}

type Area<'b> = DrawingArea<SVGBackend<'b>, plotters::coord::Shift>;
type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A white canvas of the standard size.
fn canvas(path: &Path) -> Result<Area<'_>> {
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|e| plot_error(path, e))?;
    Ok(root)
}

/// Axes with a caption, labelled with their units, on a light grid.
fn axes<'a, 'b>(
    area: &'a Area<'b>,
    path: &Path,
    caption: &str,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    x_desc: &str,
    y_desc: &str,
) -> Result<Chart<'a, 'b>> {
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, TITLE))
        .margin(12)
        .margin_right(36)
        .x_label_area_size(if x_desc.is_empty() { 32 } else { 58 })
        .y_label_area_size(80)
        .build_cartesian_2d(x, y)
        .map_err(|e| plot_error(path, e))?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .label_style((FONT, LABEL))
        .axis_desc_style((FONT, AXIS))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(220, 220, 220))
        .draw()
        .map_err(|e| plot_error(path, e))?;
    Ok(chart)
}

/// An axis number with no more decimals than it needs: 10, 2.5, 0.125.
fn tick(v: &f64) -> String {
    let text = format!("{:.3}", v);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A key of coloured boxes in its own panel, beside the chart rather than over it.
fn side_key(area: &Area, path: &Path, entries: &[(String, RGBColor)]) -> Result<()> {
    let top = 40;
    for (i, (label, colour)) in entries.iter().enumerate() {
        let y = top + 26 * i as i32;
        area.draw(&Rectangle::new([(8, y - 7), (24, y + 7)], colour.filled()))
            .map_err(|e| plot_error(path, e))?;
        area.draw(&Text::new(
            label.clone(),
            (32, y - 9),
            (FONT, LABEL).into_font().color(&BLACK),
        ))
        .map_err(|e| plot_error(path, e))?;
    }
    Ok(())
}

/// The legend box of a chart whose series carry labels.
fn legend<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    path: &Path,
    position: SeriesLabelPosition,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(120, 120, 120))
        .label_font((FONT, LABEL))
        .draw()
        .map_err(|e| plot_error(path, e))
}

/// A legend entry drawn as a short line.
fn line_key(colour: RGBColor, width: u32) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], colour.stroke_width(width))
}

/// A legend entry drawn as a filled square.
fn box_key(colour: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled())
}
