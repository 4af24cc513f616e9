//! The default parameter tables (`data/technologies.csv`, `data/fuels.csv`, compiled in):
//! efficiency by technology and commissioning year, VOM and availability by technology,
//! fuel prices and IPCC emission factors. Users may give their own in the same columns.

use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::util::{CsvTable, Header, Range};

const TECHNOLOGIES: &str = include_str!("../../data/technologies.csv");
const FUELS: &str = include_str!("../../data/fuels.csv");

/// One row of the technology table.
#[derive(Debug, Clone, PartialEq)]
pub struct TechnologyDefault {
    pub technology: String,
    /// Commissioning years covered, inclusive; `None` is open. A row with both open
    /// serves plants of unknown year.
    pub commissioned_from: Option<i32>,
    pub commissioned_to: Option<i32>,
    /// Net electrical; `None` for technologies without fuel.
    pub efficiency: Option<f64>,
    pub vom_eur_per_mwh: f64,
    pub availability: f64,
}

/// One row of the fuel table.
#[derive(Debug, Clone, PartialEq)]
pub struct FuelDefault {
    pub fuel: String,
    pub price_eur_per_mwh_th: f64,
    pub co2_t_per_mwh_th: f64,
}

#[derive(Debug, Clone)]
pub struct Defaults {
    pub technologies: Vec<TechnologyDefault>,
    pub fuels: Vec<FuelDefault>,
    /// Where each table came from, for the import report.
    pub technologies_source: String,
    pub fuels_source: String,
}

impl Defaults {
    /// The bundled tables, or the user's where given.
    pub fn read(technologies_file: Option<&Path>, fuels_file: Option<&Path>) -> Result<Defaults> {
        let mut problems = Vec::new();
        let load = |path: Option<&Path>, builtin: &str, name: &str, problems: &mut Vec<Problem>| {
            match path {
                Some(path) => CsvTable::read(path, problems),
                None => CsvTable::parse(
                    Path::new(&format!("data/{name} (built in)")),
                    builtin.as_bytes(),
                    Header::Row,
                    problems,
                ),
            }
        };
        let tech_table = load(
            technologies_file,
            TECHNOLOGIES,
            "technologies.csv",
            &mut problems,
        );
        let fuel_table = load(fuels_file, FUELS, "fuels.csv", &mut problems);
        let technologies = tech_table
            .map(|t| read_technologies(&t, &mut problems))
            .unwrap_or_default();
        let fuels = fuel_table
            .map(|t| read_fuels(&t, &mut problems))
            .unwrap_or_default();
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let source = |path: Option<&Path>, name: &str| {
            path.map_or(
                format!("data/{name} (built in; see data/SOURCES.md)"),
                |p| p.display().to_string(),
            )
        };
        Ok(Defaults {
            technologies,
            fuels,
            technologies_source: source(technologies_file, "technologies.csv"),
            fuels_source: source(fuels_file, "fuels.csv"),
        })
    }

    /// The row for a technology commissioned in `year` (the unknown-year row when `year`
    /// is `None` or no range covers it).
    pub fn technology(&self, technology: &str, year: Option<i32>) -> Option<&TechnologyDefault> {
        let rows = || {
            self.technologies
                .iter()
                .filter(|r| r.technology == technology)
        };
        let open =
            |r: &&TechnologyDefault| r.commissioned_from.is_none() && r.commissioned_to.is_none();
        year.and_then(|y| {
            rows().filter(|r| !open(r)).find(|r| {
                r.commissioned_from.is_none_or(|from| y >= from)
                    && r.commissioned_to.is_none_or(|to| y <= to)
            })
        })
        .or_else(|| rows().find(open))
    }

    pub fn fuel(&self, fuel: &str) -> Option<&FuelDefault> {
        self.fuels.iter().find(|f| f.fuel == fuel)
    }
}

fn read_technologies(table: &CsvTable, problems: &mut Vec<Problem>) -> Vec<TechnologyDefault> {
    let columns = [
        "technology",
        "commissioned_from",
        "commissioned_to",
        "efficiency",
        "vom_eur_per_mwh",
        "availability",
    ]
    .map(|c| table.require(c, problems));
    let [Some(tech), Some(from), Some(to), Some(eff), Some(vom), Some(avail)] = columns else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for row in &table.rows {
        let year = |c: usize, problems: &mut Vec<Problem>| match table.text(row, c) {
            None => Some(None),
            Some(cell) => match cell.parse::<i32>() {
                Ok(y) => Some(Some(y)),
                Err(_) => {
                    problems.push(table.problem(row, c, format!("expected a year, got `{cell}`")));
                    None
                }
            },
        };
        let Some(technology) = table.text(row, tech) else {
            problems.push(table.problem(row, tech, "expected a technology name"));
            continue;
        };
        let efficiency = match table.text(row, eff) {
            None => Some(None),
            Some(_) => table
                .number(row, eff, Range::EFFICIENCY, problems)
                .map(Some),
        };
        if let (Some(from), Some(to), Some(efficiency), Some(vom), Some(availability)) = (
            year(from, problems),
            year(to, problems),
            efficiency,
            table.number(row, vom, Range::COST, problems),
            table.number(row, avail, Range::FRACTION, problems),
        ) {
            rows.push(TechnologyDefault {
                technology: technology.to_string(),
                commissioned_from: from,
                commissioned_to: to,
                efficiency,
                vom_eur_per_mwh: vom,
                availability,
            });
        }
    }
    rows
}

fn read_fuels(table: &CsvTable, problems: &mut Vec<Problem>) -> Vec<FuelDefault> {
    let columns =
        ["fuel", "price_eur_per_mwh_th", "co2_t_per_mwh_th"].map(|c| table.require(c, problems));
    let [Some(fuel), Some(price), Some(co2)] = columns else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for row in &table.rows {
        let Some(name) = table.text(row, fuel) else {
            problems.push(table.problem(row, fuel, "expected a fuel name"));
            continue;
        };
        if let (Some(price), Some(co2)) = (
            table.number(row, price, Range::COST, problems),
            table.number(row, co2, Range::INTENSITY, problems),
        ) {
            rows.push(FuelDefault {
                fuel: name.to_string(),
                price_eur_per_mwh_th: price,
                co2_t_per_mwh_th: co2,
            });
        }
    }
    rows
}
