//! The folder of a `--vary` sweep: one result folder per variant; `variants.csv`, the
//! headline numbers of every variant (report's columns after the varied values);
//! heatmaps over the carbon price and the varied value; `variants.toml` listing the
//! variants and every file. Written whole beside the target and moved into place.

use std::fs;
use std::path::{Path, PathBuf};

use super::write_variant;
use crate::analysis::Outcome;
use crate::error::{Error, Result};
use crate::output::plots::heatmap::{self, Cell, Heatmap, Line, Panel};
use crate::output::{self, VARIANTS_FOLDER, VARIANTS_MANIFEST};
use crate::parts::Plan;
use crate::report::{self, Headline};
use crate::scenario::Scenario;
use crate::util::{num, toml_list, Staging};
use crate::variants::{Change, Dimension};

/// The results table of a folder of variants.
pub const TABLE: &str = crate::schema::VARIANTS.file;

const PASSTHROUGH_MAP: &str = "heatmap_passthrough.svg";

/// Pass-through rates are coloured on this scale (%); rates beyond it take its ends.
const RATE_SCALE: (f64, f64) = (0.0, 150.0);

/// Where a headline row puts its cell: (carbon price from, to, value), or no cell.
type CellOf<'a> = dyn Fn(usize, &Headline) -> Option<(f64, f64, f64)> + 'a;

/// A heatmap to draw: its file, title, colour unit and cells.
struct Map<'a> {
    file: &'static str,
    title: String,
    unit: String,
    at: Box<CellOf<'a>>,
}

/// A technology pair's switch prices over the variants.
struct Pair {
    dirtier: String,
    cleaner: String,
    capacity_mw: f64,
    points: Vec<(f64, f64)>,
}

/// Writes the folder of variants at `out`.
pub fn write(
    out: &Path,
    plan: &Plan,
    scenarios: &[Scenario],
    outcomes: &[Vec<Outcome>],
) -> Result<()> {
    let staging = Staging::new(out)?;
    for (v, (scenario, outcomes)) in scenarios.iter().zip(outcomes).enumerate() {
        let dir = staging.path.join(&plan.variants[v].name);
        write_variant(&dir, plan, v, scenario, outcomes)?;
    }
    let changes: Vec<Vec<Change>> = plan
        .variants
        .iter()
        .map(|v| v.changes.iter().map(|c| Change::parse(c)).collect())
        .collect::<std::result::Result<_, String>>()
        .map_err(|why| Error::Usage(format!("a variant's changes: {why}")))?;
    let mut rows: Vec<Vec<Headline>> = Vec::new();
    for variant in &plan.variants {
        rows.push(report::headline(&staging.path.join(&variant.name))?);
    }
    write_table(&staging.path.join(TABLE), plan, &changes, &rows)?;
    let plots = staging.path.join(output::PLOTS);
    fs::create_dir(&plots).map_err(|e| Error::io(&plots, e))?;
    let drawn = draw_heatmaps(&plots, plan, scenarios, &changes, &rows)?;
    if !drawn {
        eprintln!(
            "note: heatmaps are drawn for one --vary over one scenario file; see {TABLE} for \
             the crossed variants"
        );
        fs::remove_dir(&plots).map_err(|e| Error::io(&plots, e))?;
    }
    let manifest = staging.path.join(VARIANTS_MANIFEST);
    let names: Vec<&str> = plan.variants.iter().map(|v| v.name.as_str()).collect();
    let change_lists: Vec<String> = plan
        .variants
        .iter()
        .map(|v| toml_list(&v.changes))
        .collect();
    let text = format!(
        "# Written by carbonpass when every variant's result folder was complete.\n\
         carbonpass_version = {:?}\n\
         varied = {}\n\
         variants = {}\n\
         changes = [{}]\n{}",
        env!("CARGO_PKG_VERSION"),
        toml_list(&plan.varied),
        toml_list(&names),
        change_lists.join(", "),
        output::files_written_with(&staging, VARIANTS_MANIFEST)?,
    );
    fs::write(&manifest, text).map_err(|e| Error::io(&manifest, e))?;
    if crate::interrupt::requested() {
        return Err(Error::Stopped);
    }
    staging.commit(out, &VARIANTS_FOLDER)
}

/// variants.csv: variant, scenario file, each varied value, then report's columns.
fn write_table(
    path: &Path,
    plan: &Plan,
    changes: &[Vec<Change>],
    rows: &[Vec<Headline>],
) -> Result<()> {
    let dimensions: Vec<Dimension> = changes
        .first()
        .map(|c| c.iter().map(|c| c.dimension.clone()).collect())
        .unwrap_or_default();
    let columns: Vec<String> = dimensions.iter().map(Dimension::column).collect();
    let mut header: Vec<&str> = vec!["variant", "scenario_file"];
    header.extend(columns.iter().map(String::as_str));
    header.extend(report::CSV_COLUMNS);
    let lines =
        plan.variants
            .iter()
            .zip(changes)
            .zip(rows)
            .flat_map(|((variant, changes), rows)| {
                rows.iter().map(move |row| {
                    let mut cells = vec![
                        variant.name.clone(),
                        variant.scenario_file.display().to_string(),
                    ];
                    cells.extend(changes.iter().map(|c| num(c.value)));
                    cells.extend(report::csv_cells(row));
                    cells
                })
            });
    crate::util::write_csv(path, &header, lines)
}

/// The heatmaps of a sweep varying one dimension of one scenario file; `false` (nothing
/// drawn) for any other.
fn draw_heatmaps(
    dir: &Path,
    plan: &Plan,
    scenarios: &[Scenario],
    changes: &[Vec<Change>],
    rows: &[Vec<Headline>],
) -> Result<bool> {
    let one_file = plan
        .variants
        .iter()
        .all(|v| v.scenario_file == plan.variants[0].scenario_file);
    if plan.varied.len() != 1 || !one_file || scenarios.is_empty() {
        return Ok(false);
    }
    let dimension = &changes[0][0].dimension;
    let values: Vec<f64> = changes.iter().map(|c| c[0].value).collect();
    let y_edges = heatmap::edges(&values);
    let zones = &scenarios[0].zones;
    let y_desc = dimension.axis();
    let taus: Vec<f64> = plan.variants[0].carbon_prices_eur_per_t.clone();
    let x_edges = heatmap::edges(&taus);
    // The cells of one quantity, zone by zone: (value of a row, or None for no cell).
    let cells = |zone: &str, at: &CellOf| {
        let mut found = Vec::new();
        for (v, rows) in rows.iter().enumerate() {
            for (t, row) in rows.iter().filter(|r| r.zone == zone).enumerate() {
                if let Some((x0, x1, value)) = at(t, row) {
                    found.push(Cell {
                        x: (x0, x1),
                        y: y_edges[v],
                        value,
                    });
                }
            }
        }
        found
    };
    let caption = |zone: &str| match zones.len() {
        1 => String::new(),
        _ => zone.to_string(),
    };
    let max_emissions = rows
        .iter()
        .flatten()
        .map(|r| r.emissions_t)
        .fold(0.0, f64::max);
    let (mass, mass_unit) = if max_emissions >= 1e6 {
        (1e6, "Mt CO2")
    } else if max_emissions >= 1e3 {
        (1e3, "kt CO2")
    } else {
        (1.0, "t CO2")
    };
    let lines = |zone: usize| switch_lines(scenarios, dimension, &values, &taus, zone);
    let maps = [
        Map {
            file: "heatmap_price.svg",
            title: "Load-weighted electricity price".into(),
            unit: "€/MWh".into(),
            at: Box::new(|t, r: &Headline| {
                Some((
                    x_edges[t].0,
                    x_edges[t].1,
                    r.load_weighted_price_eur_per_mwh,
                ))
            }),
        },
        Map {
            file: PASSTHROUGH_MAP,
            title: "Pass-through rate".into(),
            unit: "%".into(),
            at: Box::new(|t, r: &Headline| {
                (t > 0).then(|| (taus[t - 1], taus[t], 100.0 * r.passthrough_rate))
            }),
        },
        Map {
            file: "heatmap_emissions.svg",
            title: "Emissions over the horizon".into(),
            unit: mass_unit.into(),
            at: Box::new(|t, r: &Headline| {
                Some((x_edges[t].0, x_edges[t].1, r.emissions_t / mass))
            }),
        },
    ];
    let mut files: Vec<PathBuf> = Vec::new();
    for Map {
        file,
        title,
        unit,
        at,
    } in &maps
    {
        let panels = zones
            .iter()
            .enumerate()
            .map(|(z, zone)| Panel {
                caption: caption(zone),
                cells: cells(zone, at.as_ref()),
                lines: lines(z),
            })
            .collect();
        let title = match dimension {
            Dimension::FuelPrice(fuel) => format!("{title}, by {fuel} price"),
            Dimension::Capacity(technology) => {
                format!("{title}, by {} capacity", technology.replace('_', " "))
            }
        };
        let map = Heatmap {
            title: &title,
            y_desc: &y_desc,
            colour_desc: unit,
            limit: (*file == PASSTHROUGH_MAP).then_some(RATE_SCALE),
            panels,
        };
        files.push(heatmap::draw(&dir.join(file), &map)?);
    }
    if plan.png {
        for svg in &files {
            output::plots::png::convert(svg)?;
        }
    }
    Ok(true)
}

/// The fuel-switch prices of zone `zone` that move with a varied fuel's price: for the two
/// technology pairs of the largest capacity in which one side burns the fuel, τ* of each
/// variant as a line over the varied values.
fn switch_lines(
    scenarios: &[Scenario],
    dimension: &Dimension,
    values: &[f64],
    taus: &[f64],
    zone: usize,
) -> Vec<Line> {
    let Some(fuel) = dimension.fuel() else {
        return Vec::new();
    };
    let zone_name = &scenarios[0].zones[zone];
    let burns = |scenario: &Scenario, technology: &str| {
        scenario
            .units
            .iter()
            .any(|u| u.zone == zone && u.technology == technology && u.fuel == fuel)
    };
    let capacity = |scenario: &Scenario, technology: &str| -> f64 {
        scenario
            .units
            .iter()
            .filter(|u| u.zone == zone && u.technology == technology)
            .map(|u| u.capacity_mw)
            .sum()
    };
    let mut pairs: Vec<Pair> = Vec::new();
    for (scenario, &value) in scenarios.iter().zip(values) {
        for switch in crate::analysis::fuel_switches(scenario, taus) {
            let technology_level = matches!(switch.level, crate::analysis::SwitchLevel::Technology);
            if !technology_level || &switch.zone != zone_name {
                continue;
            }
            if !(burns(scenario, &switch.dirtier) || burns(scenario, &switch.cleaner)) {
                continue;
            }
            let point = (switch.tau_eur_per_t, value);
            let same = |p: &&mut Pair| p.dirtier == switch.dirtier && p.cleaner == switch.cleaner;
            match pairs.iter_mut().find(same) {
                Some(pair) => pair.points.push(point),
                None => pairs.push(Pair {
                    capacity_mw: capacity(scenario, &switch.dirtier)
                        + capacity(scenario, &switch.cleaner),
                    dirtier: switch.dirtier,
                    cleaner: switch.cleaner,
                    points: vec![point],
                }),
            }
        }
    }
    pairs.sort_by(|a, b| {
        (b.capacity_mw.total_cmp(&a.capacity_mw))
            .then_with(|| (&a.dirtier, &a.cleaner).cmp(&(&b.dirtier, &b.cleaner)))
    });
    pairs
        .into_iter()
        .take(2)
        .map(|pair| Line {
            label: format!(
                "{} → {}",
                pair.dirtier.replace('_', " "),
                pair.cleaner.replace('_', " ")
            ),
            points: pair.points,
        })
        .collect()
}
