//! Importers: public datasets → a scenario folder in the data contract. Each source's
//! module maps its columns and codes; filling gaps from the default tables (`data/`),
//! the import report and writing the folder whole or not at all are shared here.

pub mod coupled;
pub mod defaults;
pub mod dispaset;
mod efficiencies;
mod outside;
pub mod pypsa;
mod seasons;
mod write;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::schema::{units, Column};
use crate::util::num;

pub use defaults::Defaults;

/// The report of an import, written as `import_report.md` beside the scenario.
pub const REPORT: &str = "import_report.md";

/// One row of the imported units.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub name: String,
    pub zone: String,
    pub technology: String,
    pub fuel: String,
    pub capacity_mw: f64,
    /// `None` for units without fuel.
    pub efficiency: Option<f64>,
    /// A constant share, or the name of a profile.
    pub availability: Availability,
    /// A must-run share given hour by hour: the name of its profile (heat-led CHP).
    pub must_run_profile: Option<String>,
    /// The other columns the import gives, as numbers (written as they are).
    pub params: Vec<(&'static Column, f64)>,
}

impl UnitRow {
    /// Gives the unit `value` in `column`.
    pub fn set(&mut self, column: &'static Column, value: f64) {
        self.params.retain(|(c, _)| c.name != column.name);
        self.params.push((column, value));
    }

    /// The value given in `column`, if any.
    pub fn get(&self, column: &Column) -> Option<f64> {
        self.params
            .iter()
            .find(|(c, _)| c.name == column.name)
            .map(|&(_, v)| v)
    }

    /// The row's cells, by column name.
    fn cells(&self) -> BTreeMap<&'static str, String> {
        let mut cells = BTreeMap::from([
            (units::NAME.name, self.name.clone()),
            (units::ZONE.name, self.zone.clone()),
            (units::TECHNOLOGY.name, self.technology.clone()),
            (units::FUEL.name, self.fuel.clone()),
            (units::CAPACITY.name, exact(self.capacity_mw)),
            (
                units::EFFICIENCY.name,
                self.efficiency.map_or(String::new(), exact),
            ),
            (
                units::AVAILABILITY.name,
                match &self.availability {
                    Availability::Constant(a) => num(*a),
                    Availability::Profile(p) => p.clone(),
                },
            ),
        ]);
        for (column, value) in &self.params {
            cells.insert(column.name, exact(*value));
        }
        if let Some(profile) = &self.must_run_profile {
            cells.insert(units::MUST_RUN.name, profile.clone());
        }
        cells
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Availability {
    Constant(f64),
    Profile(String),
}

/// One row of the imported storage.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageRow {
    pub name: String,
    pub zone: String,
    pub power_mw: f64,
    pub energy_mwh: f64,
    pub efficiency_roundtrip: f64,
    pub charge_power_mw: f64,
    /// Natural inflow, MW of electricity it can give back, × `inflow_profile` each hour.
    pub inflow_mw: f64,
    pub inflow_profile: Option<String>,
}

/// One row of the imported links.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRow {
    pub from: String,
    pub to: String,
    pub capacity_mw: f64,
    pub capacity_reverse_mw: f64,
}

/// One row of the imported fuels.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct FuelRow {
    pub fuel: String,
    pub price_eur_per_mwh_th: f64,
    pub co2_t_per_mwh_th: f64,
}

/// What an import produced and how.
#[derive(Debug, Default)]
pub struct Report {
    /// The files read, with what each was taken as.
    pub sources: Vec<String>,
    /// Values filled from the default tables: (column, technology or fuel) → count.
    pub filled: BTreeMap<(String, String), usize>,
    /// Where filled values come from, for the report's heading and table; `None`: the
    /// default tables (`data/`).
    pub filled_from: Option<(&'static str, &'static str)>,
    /// Rows left out, with why.
    pub skipped: Vec<String>,
    /// Anything else the user should know.
    pub notes: Vec<String>,
}

impl Report {
    pub fn fill(&mut self, column: &str, key: &str) {
        *self
            .filled
            .entry((column.to_string(), key.to_string()))
            .or_default() += 1;
    }

    pub fn filled_total(&self) -> usize {
        self.filled.values().sum()
    }

    /// Values filled in `column`, over all technologies or fuels.
    pub fn filled_in(&self, column: &str) -> usize {
        self.filled
            .iter()
            .filter(|((c, _), _)| c == column)
            .map(|(_, n)| n)
            .sum()
    }
}

/// A scenario ready to be written.
#[derive(Debug)]
pub struct Imported {
    pub name: String,
    pub description: String,
    /// One per country imported.
    pub zones: Vec<String>,
    pub units: Vec<UnitRow>,
    /// Pumped storage, written as storage.csv where there is any.
    pub storage: Vec<StorageRow>,
    pub fuels: Vec<FuelRow>,
    /// MW, per zone (as `zones`), one value per hour.
    pub load_mw: Vec<Vec<f64>>,
    /// Transfer capacities between the zones, written as links.csv where there is any.
    pub links: Vec<LinkRow>,
    /// Availability profiles by name, one value per hour.
    pub profiles: Vec<(String, Vec<f64>)>,
    /// Local clock time of hour 0, `YYYY-MM-DDTHH:MM`.
    pub start: Option<String>,
    pub report: Report,
}

impl Imported {
    /// The import report as Markdown.
    pub fn report_markdown(&self) -> String {
        let r = &self.report;
        let mut text = format!("# Import report: {}\n\n", self.name);
        text.push_str("## Sources\n\n");
        for source in &r.sources {
            let _ = writeln!(text, "- {source}");
        }
        let hours = self.load_mw.first().map_or(0, Vec::len);
        let energy_twh = |load: &[f64]| num((load.iter().sum::<f64>() / 1e3).round() / 1e3);
        let peak = |load: &[f64]| num(load.iter().cloned().fold(0.0, f64::max).round());
        if let ([zone], [load]) = (&self.zones[..], &self.load_mw[..]) {
            let _ = write!(
                text,
                "\n## Result\n\n{} units, {hours} hours (load {} TWh, peak {} MW), zone {}, \
                 {} profiles, {} fuels.\n\n",
                self.units.len(),
                energy_twh(load),
                peak(load),
                zone,
                self.profiles.len(),
                self.fuels.len(),
            );
        } else {
            let _ = write!(
                text,
                "\n## Result\n\n{} units, {hours} hours, zones {}, {} links, {} profiles, \
                 {} fuels.\n\n| zone | load TWh | peak MW | units | capacity MW |\n\
                 |---|---:|---:|---:|---:|\n",
                self.units.len(),
                self.zones.join(", "),
                self.links.len(),
                self.profiles.len(),
                self.fuels.len(),
            );
            for (zone, load) in self.zones.iter().zip(&self.load_mw) {
                let in_zone = || self.units.iter().filter(|u| u.zone == *zone);
                let _ = writeln!(
                    text,
                    "| {zone} | {} | {} | {} | {} |",
                    energy_twh(load),
                    peak(load),
                    in_zone().count(),
                    num(in_zone().map(|u| u.capacity_mw).sum::<f64>().round())
                );
            }
            text.push('\n');
        }
        text.push_str("| technology | units | capacity MW |\n|---|---:|---:|\n");
        let mut by_tech: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
        for unit in &self.units {
            let entry = by_tech.entry(&unit.technology).or_default();
            entry.0 += 1;
            entry.1 += unit.capacity_mw;
        }
        for (tech, (n, mw)) in by_tech {
            let _ = writeln!(text, "| {tech} | {n} | {} |", num(mw.round()));
        }
        if !self.storage.is_empty() {
            let line = |stores: Vec<&StorageRow>, what: &str| {
                format!(
                    "{} {what}, {} MW, {} MWh given back when full",
                    stores.len(),
                    num(stores.iter().map(|s| s.power_mw).sum::<f64>().round()),
                    num(stores.iter().map(|s| s.energy_mwh).sum::<f64>().round()),
                )
            };
            let (reservoirs, pumped): (Vec<&StorageRow>, Vec<&StorageRow>) = self
                .storage
                .iter()
                .partition(|s| s.inflow_profile.is_some());
            let mut parts = vec![line(pumped, "pumped-storage plants")];
            if !reservoirs.is_empty() {
                parts.push(line(reservoirs, "reservoirs with natural inflow"));
            }
            let _ = writeln!(text, "\nStorage (storage.csv): {}.", parts.join("; "));
        }
        let (source, key) = r
            .filled_from
            .unwrap_or(("the default tables", "technology or fuel"));
        let _ = write!(
            text,
            "\n## Filled from {source}\n\n{} values in all.\n\n",
            r.filled_total()
        );
        if !r.filled.is_empty() {
            let _ = write!(text, "| column | {key} | values filled |\n|---|---|---:|\n");
            for ((column, key), n) in &r.filled {
                let _ = writeln!(text, "| {column} | {key} | {n} |");
            }
        }
        if !r.skipped.is_empty() {
            let _ = write!(text, "\n## Left out ({})\n\n", r.skipped.len());
            for line in &r.skipped {
                let _ = writeln!(text, "- {line}");
            }
        }
        if !r.notes.is_empty() {
            text.push_str("\n## Notes\n\n");
            for line in &r.notes {
                let _ = writeln!(text, "- {line}");
            }
        }
        text
    }
}

/// A value rounded to 1e-6 of its unit, as values derived from the source are written.
pub(crate) fn rounded(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A number in full: imported values are written as read, not rounded.
fn exact(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        format!("{x}")
    }
}

/// A TOML string literal.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
