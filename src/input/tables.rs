//! fuels.csv, links.csv and storage.csv, read against their schema columns.

use std::collections::HashMap;
use std::path::Path;

use crate::error::Problem;
use crate::scenario::{Link, Product, Storage, NO_FUEL};
use crate::schema::{compensation, fuels, links, storage};
use crate::util::CsvTable;

pub(super) struct Fuel {
    pub price_eur_per_mwh_th: f64,
    pub co2_t_per_mwh_th: f64,
}

/// fuels.csv; `None` when the file cannot be read or lacks a column (said in `problems`).
pub(super) fn read_fuels(
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<HashMap<String, Fuel>> {
    let mut found = HashMap::new();
    let table = CsvTable::read(path, problems)?;
    let [Some(c_fuel), Some(c_price), Some(c_co2)] =
        [fuels::FUEL, fuels::PRICE, fuels::CO2].map(|c| table.require(c.name, problems))
    else {
        return None;
    };
    table.foreign_columns(&crate::schema::FUELS.header(), problems);
    for row in &table.rows {
        let Some(name) = table.text(row, c_fuel) else {
            problems.push(table.problem(row, c_fuel, "expected a fuel name, the cell is empty"));
            continue;
        };
        let price = table.number(row, c_price, fuels::PRICE.range(), problems);
        let co2 = table.number(row, c_co2, fuels::CO2.range(), problems);
        if name == NO_FUEL {
            // Units without fuel burn nothing: a row saying so is harmless.
            if matches!((price, co2), (Some(p), Some(c)) if p != 0.0 || c != 0.0) {
                problems.push(table.problem(
                    row,
                    c_fuel,
                    format!(
                        "`{NO_FUEL}` is the fuel of units without fuel: its price and CO2 \
                         must be 0 (or leave the row out)"
                    ),
                ));
            }
            continue;
        }
        if found.contains_key(name) {
            problems.push(table.problem(row, c_fuel, format!("fuel `{name}` is listed twice")));
            continue;
        }
        if let (Some(price), Some(co2)) = (price, co2) {
            found.insert(
                name.to_string(),
                Fuel {
                    price_eur_per_mwh_th: price,
                    co2_t_per_mwh_th: co2,
                },
            );
        } else {
            // Keep the key known so units referring to it are not reported twice.
            found.insert(
                name.to_string(),
                Fuel {
                    price_eur_per_mwh_th: f64::NAN,
                    co2_t_per_mwh_th: f64::NAN,
                },
            );
        }
    }
    Some(found)
}

/// links.csv: transfer capacities between zones of demand.csv.
pub(super) fn read_links(path: &Path, zones: &[String], problems: &mut Vec<Problem>) -> Vec<Link> {
    let mut found = Vec::new();
    let Some(table) = CsvTable::read(path, problems) else {
        return found;
    };
    let [Some(c_from), Some(c_to), Some(c_cap)] =
        [links::FROM, links::TO, links::CAPACITY].map(|c| table.require(c.name, problems))
    else {
        return found;
    };
    table.foreign_columns(&crate::schema::LINKS.header(), problems);
    let c_reverse = table.column(links::CAPACITY_REVERSE.name);
    let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
    for row in &table.rows {
        let zone = |c: usize, problems: &mut Vec<Problem>| {
            let name = table.text(row, c).unwrap_or("");
            let found = zones.iter().position(|z| z == name);
            if found.is_none() {
                problems.push(table.problem(
                    row,
                    c,
                    format!(
                        "expected a zone of the demand file ({}), got `{name}`",
                        zones.join(", ")
                    ),
                ));
            }
            found
        };
        let (from, to) = (zone(c_from, problems), zone(c_to, problems));
        let capacity = table.number(row, c_cap, links::CAPACITY.range(), problems);
        let reverse = capacity.and_then(|forward| {
            let range = links::CAPACITY_REVERSE.range();
            table.optional_number(row, c_reverse, range, forward, problems)
        });
        if let (Some(from), Some(to), Some(capacity_mw), Some(capacity_reverse_mw)) =
            (from, to, capacity, reverse)
        {
            if from == to {
                problems.push(table.problem(
                    row,
                    c_to,
                    "a link joins two different zones; `from` and `to` are the same",
                ));
                continue;
            }
            if let Some(line) = pairs.insert((from.min(to), from.max(to)), row.line) {
                problems.push(table.problem(
                    row,
                    c_to,
                    format!(
                        "{} and {} are linked already on line {line}; give one row per pair \
                         of zones (capacity_reverse_mw for the other direction)",
                        zones[from], zones[to]
                    ),
                ));
                continue;
            }
            found.push(Link {
                from,
                to,
                capacity_mw,
                capacity_reverse_mw,
            });
        }
    }
    found
}

/// The zone a row names in its optional `zone` column: one of `zones`, or the single zone
/// where the cell is empty and there is one.
fn zone_cell(
    table: &CsvTable,
    row: &crate::util::CsvRow,
    column: Option<usize>,
    zones: &[String],
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    match column.and_then(|c| table.text(row, c)) {
        None if zones.len() == 1 => Some(0),
        given => {
            let found = given.and_then(|z| zones.iter().position(|known| known == z));
            if found.is_none() {
                problems.push(Problem::at(
                    &table.path,
                    Some(row.line),
                    Some("zone"),
                    format!(
                        "expected a zone of the demand file ({}), got `{}`",
                        zones.join(", "),
                        given.unwrap_or("")
                    ),
                ));
            }
            found
        }
    }
}

/// compensation.csv: products eligible for indirect-cost compensation.
pub(super) fn read_compensation(
    path: &Path,
    zones: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<Product> {
    let mut found = Vec::new();
    let Some(table) = CsvTable::read(path, problems) else {
        return found;
    };
    let [Some(c_name), Some(c_aid), Some(c_benchmark), Some(c_output)] = [
        compensation::PRODUCT,
        compensation::AID_INTENSITY,
        compensation::BENCHMARK,
        compensation::OUTPUT,
    ]
    .map(|c| table.require(c.name, problems)) else {
        return found;
    };
    table.foreign_columns(&crate::schema::COMPENSATION.header(), problems);
    let c_zone = table.column(compensation::ZONE.name);
    let mut names: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        let name = table.unique_name(row, c_name, "product", &mut names, problems);
        let zone = zone_cell(&table, row, c_zone, zones, problems);
        let number = |c: usize, column: &crate::schema::Column, problems: &mut Vec<Problem>| {
            table.number(row, c, column.range(), problems)
        };
        let aid = number(c_aid, &compensation::AID_INTENSITY, problems);
        let benchmark = number(c_benchmark, &compensation::BENCHMARK, problems);
        let output = number(c_output, &compensation::OUTPUT, problems);
        if let (Some(name), Some(zone), Some(aid), Some(benchmark), Some(output)) =
            (name, zone, aid, benchmark, output)
        {
            found.push(Product {
                name: name.to_string(),
                zone,
                aid_intensity: aid,
                electricity_benchmark_mwh_per_t: benchmark,
                baseline_output_t: output,
            });
        }
    }
    found
}

/// storage.csv: storage units, each in a zone of demand.csv (or the single zone).
pub(super) fn read_storage(
    path: &Path,
    zones: &[String],
    profile_names: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<Storage> {
    let mut found: Vec<Storage> = Vec::new();
    let Some(table) = CsvTable::read(path, problems) else {
        return found;
    };
    let [Some(c_name), Some(c_power), Some(c_energy), Some(c_eff)] = [
        storage::NAME,
        storage::POWER,
        storage::ENERGY,
        storage::EFFICIENCY,
    ]
    .map(|c| table.require(c.name, problems)) else {
        return found;
    };
    table.foreign_columns(&crate::schema::STORAGE.header(), problems);
    let c_zone = table.column(storage::ZONE.name);
    let c_charge = table.column(storage::CHARGE_POWER.name);
    let c_inflow = table.column(storage::INFLOW.name);
    let c_profile = table.column(storage::INFLOW_PROFILE.name);
    let mut names: HashMap<&str, usize> = HashMap::new();
    for row in &table.rows {
        let name = table.unique_name(row, c_name, "storage", &mut names, problems);
        let zone = zone_cell(&table, row, c_zone, zones, problems);
        let power = table.number(row, c_power, storage::POWER.range(), problems);
        let energy = table.number(row, c_energy, storage::ENERGY.range(), problems);
        let efficiency = table.number(row, c_eff, storage::EFFICIENCY.range(), problems);
        let charge = match power {
            Some(p) => {
                table.optional_number(row, c_charge, storage::CHARGE_POWER.range(), p, problems)
            }
            None => None,
        };
        let inflow = table.optional_number(
            row,
            c_inflow,
            storage::INFLOW.range(),
            storage::INFLOW.default_number().unwrap_or(0.0),
            problems,
        );
        let profile = match c_profile.and_then(|c| table.text(row, c).map(|t| (c, t))) {
            None => Some(None),
            Some((c, name)) => match profile_names.iter().position(|p| p == name) {
                Some(p) => Some(Some(p)),
                None => {
                    problems.push(table.problem(
                        row,
                        c,
                        format!(
                            "expected a column of the profiles file ({}), got `{name}`",
                            if profile_names.is_empty() {
                                "the scenario has none".to_string()
                            } else {
                                profile_names.join(", ")
                            }
                        ),
                    ));
                    None
                }
            },
        };
        if let (
            Some(name),
            Some(zone),
            Some(power_mw),
            Some(energy_mwh),
            Some(eff),
            Some(charge_power_mw),
            Some(inflow_mw),
            Some(inflow_profile),
        ) = (
            name, zone, power, energy, efficiency, charge, inflow, profile,
        ) {
            found.push(Storage {
                name: name.to_string(),
                zone,
                power_mw,
                charge_power_mw,
                inflow_mw,
                inflow_profile,
                energy_mwh,
                efficiency_roundtrip: eff,
            });
        }
    }
    found
}
