//! units.csv: one unit per row. Name, zone, technology, fuel, capacity, efficiency,
//! availability, firm and outside_ets say what a unit is; every other numeric column of
//! the schema is read generically, checked against its range and kept as a parameter of
//! the unit where given (the schema's default stands where not).

use std::collections::HashMap;
use std::path::Path;

use super::hourly::Profiles;
use super::tables::Fuel;
use crate::error::Problem;
use crate::scenario::{Availability, Params, Unit, NO_FUEL, SINGLE_ZONE};
use crate::schema::{self, units, Column, Kind};
use crate::util::{CsvRow, CsvTable};

/// The columns read as parameters: every numeric column but capacity and efficiency.
fn parameters() -> impl Iterator<Item = &'static Column> {
    schema::UNITS.columns.iter().filter(|c| {
        matches!(c.kind, Kind::Number(_))
            && ![units::CAPACITY.name, units::EFFICIENCY.name].contains(&c.name)
    })
}

pub(super) fn read_units(
    path: &Path,
    fuels: Option<&HashMap<String, Fuel>>,
    zones: &mut [String],
    profiles: Option<&Profiles>,
    warnings: &mut Vec<String>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Unit>> {
    let table = CsvTable::read(path, problems)?;
    let required: Vec<Option<usize>> =
        [units::NAME, units::TECHNOLOGY, units::FUEL, units::CAPACITY]
            .iter()
            .map(|c| table.require(c.name, problems))
            .collect();
    let [Some(c_name), Some(c_tech), Some(c_fuel), Some(c_cap)] = required[..] else {
        return None;
    };
    let known: Vec<&str> = schema::UNITS.column_names().collect();
    let ignored = table.foreign_columns(&known, problems);
    if !ignored.is_empty() {
        warnings.push(format!(
            "{}: columns not used by carbonpass: {}",
            path.display(),
            ignored.join(", ")
        ));
    }
    let parameters: Vec<(&Column, usize)> = parameters()
        .filter_map(|c| table.column(c.name).map(|i| (c, i)))
        .collect();
    let mut reader = Rows {
        table: &table,
        zones,
        single_zone_named: None,
        names: HashMap::new(),
    };
    let mut read = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let name = table.unique_name(row, c_name, "unit", &mut reader.names, problems);
        let technology = table.text(row, c_tech);
        if technology.is_none() {
            problems.push(table.problem(
                row,
                c_tech,
                "expected a technology label, the cell is empty",
            ));
        }
        let zone = reader.zone(row, problems);
        let capacity = table.number(row, c_cap, units::CAPACITY.range(), problems);
        let fuel_name = table.text(row, c_fuel);
        let fuel = fuel_of(&table, row, c_fuel, fuels, problems);
        let efficiency = efficiency(&table, row, fuel, problems);
        let availability = share_or_profile(&table, row, &units::AVAILABILITY, profiles, problems);
        let must_run = share_or_profile(&table, row, &units::MUST_RUN, profiles, problems);
        let mut params = Some(Params::default());
        let must_run_profile = match must_run {
            Some(Availability::Profile(p)) => Some(p),
            Some(Availability::Constant(share)) => {
                if let Some(p) = params.as_mut().filter(|_| share != 0.0) {
                    p.set(&units::MUST_RUN, share);
                }
                None
            }
            None => {
                params = None;
                None
            }
        };
        for &(column, c) in &parameters {
            if table.text(row, c).is_none() {
                continue;
            }
            match (table.number(row, c, column.range(), problems), &mut params) {
                (Some(v), Some(p)) => p.set(column, v),
                _ => params = None,
            }
        }
        let outside_ets = match table
            .column(units::OUTSIDE_ETS.name)
            .and_then(|c| table.text(row, c).map(|t| (c, t)))
        {
            None | Some((_, "false")) => Some(false),
            Some((_, "true")) => Some(true),
            Some((c, other)) => {
                problems.push(table.problem(
                    row,
                    c,
                    format!("expected true or false, got `{other}`"),
                ));
                None
            }
        };
        let firm = table
            .column(units::FIRM.name)
            .and_then(|c| table.text(row, c))
            .unwrap_or_default();
        if let (
            Some(name),
            Some(technology),
            Some(zone),
            Some(capacity_mw),
            Some(fuel),
            Some(efficiency),
            Some(availability),
            Some(params),
            Some(outside_ets),
        ) = (
            name,
            technology,
            zone,
            capacity,
            fuel,
            efficiency,
            availability,
            params,
            outside_ets,
        ) {
            let (fuel_price, co2) =
                fuel.map_or((0.0, 0.0), |f| (f.price_eur_per_mwh_th, f.co2_t_per_mwh_th));
            read.push(Unit {
                name: name.to_string(),
                zone,
                technology: technology.to_string(),
                fuel: fuel_name.unwrap_or(NO_FUEL).to_string(),
                capacity_mw,
                efficiency: if fuel.is_some() { efficiency } else { None },
                fuel_price_eur_per_mwh_th: fuel_price,
                co2_t_per_mwh_th: co2,
                availability,
                firm: firm.to_string(),
                outside_ets,
                must_run_profile,
                params,
            });
        }
    }
    Some(read)
}

/// What reading the rows of units.csv keeps from one row to the next.
struct Rows<'a> {
    table: &'a CsvTable,
    zones: &'a mut [String],
    /// A `load_mw` demand column leaves the zone unnamed; the units may name it (on this
    /// line first).
    single_zone_named: Option<usize>,
    names: HashMap<&'a str, usize>,
}

impl Rows<'_> {
    /// The zone of a row: its `zone` cell, a zone of the demand file.
    fn zone(&mut self, row: &CsvRow, problems: &mut Vec<Problem>) -> Option<usize> {
        let table = self.table;
        let zones = &mut *self.zones;
        let cell = table
            .column(units::ZONE.name)
            .and_then(|c| table.text(row, c));
        let problem =
            |message: String| Problem::at(&table.path, Some(row.line), Some("zone"), message);
        match cell {
            None if zones.len() <= 1 => Some(0),
            None => {
                problems.push(problem(format!(
                    "expected a zone, one of: {}",
                    zones.join(", ")
                )));
                None
            }
            Some(z)
                if zones.len() == 1
                    && self.single_zone_named.is_none()
                    && zones[0] == SINGLE_ZONE =>
            {
                zones[0] = z.to_string();
                self.single_zone_named = Some(row.line);
                Some(0)
            }
            Some(z) => match zones.iter().position(|known| known == z) {
                Some(i) => Some(i),
                None if zones.is_empty() => None,
                None => {
                    let hint = match self.single_zone_named {
                        Some(line) => format!(
                            "the demand file has one `load_mw` column and line {line} named its zone `{}`",
                            zones[0]
                        ),
                        None => format!("expected a column of the demand file: {}", zones.join(", ")),
                    };
                    problems.push(problem(format!("unknown zone `{z}`; {hint}")));
                    None
                }
            },
        }
    }
}

/// The row's fuel: `Some(None)` for `none`, `Some(Some(fuel))` for a fuel of fuels.csv.
fn fuel_of<'f>(
    table: &CsvTable,
    row: &CsvRow,
    c_fuel: usize,
    fuels: Option<&'f HashMap<String, Fuel>>,
    problems: &mut Vec<Problem>,
) -> Option<Option<&'f Fuel>> {
    match table.text(row, c_fuel) {
        None => {
            problems.push(table.problem(
                row,
                c_fuel,
                format!("expected a fuel of the fuels file, or `{NO_FUEL}`; the cell is empty"),
            ));
            None
        }
        Some(NO_FUEL) => Some(None),
        // The fuels file could not be read: said once, for that file.
        Some(_) if fuels.is_none() => None,
        Some(f) => match fuels.and_then(|fuels| fuels.get(f)) {
            Some(fuel) => Some(Some(fuel)),
            None => {
                let fuels = fuels.expect("checked above");
                if fuels.is_empty() {
                    problems.push(table.problem(
                        row,
                        c_fuel,
                        format!("unknown fuel `{f}`: the fuels file lists no fuels"),
                    ));
                    return None;
                }
                let mut known: Vec<&str> = fuels.keys().map(String::as_str).collect();
                known.sort_unstable();
                problems.push(table.problem(
                    row,
                    c_fuel,
                    format!(
                        "unknown fuel `{f}`; expected `{NO_FUEL}` or one of the fuels file: {}",
                        known.join(", ")
                    ),
                ));
                None
            }
        },
    }
}

/// The row's efficiency: required for a fuelled unit, checked where given for others.
fn efficiency(
    table: &CsvTable,
    row: &CsvRow,
    fuel: Option<Option<&Fuel>>,
    problems: &mut Vec<Problem>,
) -> Option<Option<f64>> {
    let range = units::EFFICIENCY.range();
    match (fuel, table.column(units::EFFICIENCY.name)) {
        (Some(Some(_)), None) => {
            problems.push(Problem::at(
                &table.path,
                Some(row.line),
                Some(units::EFFICIENCY.name),
                "expected an efficiency for a fuelled unit, but the file has no `efficiency` column",
            ));
            None
        }
        (Some(Some(_)), Some(c)) => table.number(row, c, range, problems).map(Some),
        (_, Some(c)) if table.text(row, c).is_some() => {
            table.number(row, c, range, problems).map(Some)
        }
        _ => Some(None),
    }
}

/// The row's cell of `column` (availability, must-run share): a fraction, or the name of
/// a column of profiles.csv.
fn share_or_profile(
    table: &CsvTable,
    row: &CsvRow,
    column: &Column,
    profiles: Option<&Profiles>,
    problems: &mut Vec<Problem>,
) -> Option<Availability> {
    let Some((c, text)) = table
        .column(column.name)
        .and_then(|c| table.text(row, c).map(|t| (c, t)))
    else {
        return column.default_number().map(Availability::Constant);
    };
    if text.parse::<f64>().is_ok() {
        return table
            .number(row, c, column.range(), problems)
            .map(Availability::Constant);
    }
    let names: &[String] = profiles.map_or(&[], |p| &p.names);
    if let Some(p) = names.iter().position(|p| p == text) {
        return Some(Availability::Profile(p));
    }
    problems.push(table.problem(
        row,
        c,
        if profiles.is_some() {
            format!(
                "expected a fraction in [0, 1] or a column of the profiles file ({}), got `{text}`",
                names.join(", ")
            )
        } else {
            format!(
                "expected a fraction in [0, 1]; `{text}` looks like a profile, but the scenario has no [data] profiles file"
            )
        },
    ));
    None
}
