//! The CSV files of a result folder, each written from the analysis tables (or, for the
//! hourly files, the outcomes) in the columns of its schema table.

use std::path::Path;

use crate::analysis::{Outcome, SwitchLevel, Tables};
use crate::dispatch::{is_congested, PriceSetter};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::schema::{self, Table};
use crate::util::{num, write_csv, write_csv_parts};

/// Writes every CSV file of the results into `dir`.
pub fn write_all(
    dir: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    tables: &Tables,
) -> Result<()> {
    // The largest file, hour by hour for every unit and carbon price, is written beside
    // the others (each file is written whole by one thread: the same bytes).
    let (hourly, others) = rayon::join(
        || dispatch_hourly(dir, scenario, outcomes),
        || write_the_others(dir, scenario, outcomes, tables),
    );
    hourly.and(others)
}

/// Every CSV file but dispatch_hourly.csv.
fn write_the_others(
    dir: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    tables: &Tables,
) -> Result<()> {
    let write = |table: &Table, rows: Rows| write_csv(&dir.join(table.file), &table.header(), rows);
    // A table whose last `left_out` columns this scenario does not have.
    let write_without = |table: &Table, left_out: usize, rows: Rows| {
        let header = table.header();
        write_csv(
            &dir.join(table.file),
            &header[..header.len() - left_out],
            rows,
        )
    };
    // The credit price column only where the scenario has a performance standard.
    let no_standard = usize::from(scenario.standard.is_none());
    write_without(&schema::SUMMARY, no_standard, summary(tables))?;
    prices(&dir.join(schema::PRICES.file), scenario, outcomes)?;
    write(&schema::PASSTHROUGH, passthrough(tables))?;
    if scenario.calendar.is_some() {
        write(&schema::PASSTHROUGH_SLICES, passthrough_slices(tables))?;
    }
    if !tables.hourly.is_empty() {
        write(&schema::PASSTHROUGH_HOURLY, passthrough_hourly(tables))?;
    }
    if !scenario.compensation.is_empty() {
        write(&schema::COMPENSATION_AID, compensation_aid(tables))?;
    }
    if !tables.exact.is_empty() {
        write(&schema::PASSTHROUGH_EXACT, passthrough_exact(tables))?;
    }
    write(&schema::PRICE_SETTING, price_setting(tables))?;
    write(&schema::ABATEMENT, abatement(tables))?;
    write(&schema::FUEL_SWITCHES, fuel_switches(tables))?;
    // The two consumer surplus columns only where the scenario has a demand curve.
    let no_curve = 2 * usize::from(scenario.demand_curve.is_none());
    write_without(&schema::WELFARE, no_curve, welfare(tables))?;
    if !tables.firms.is_empty() {
        write(&schema::FIRMS, firms(tables))?;
    }
    write(&schema::PROFITS, profits(tables))?;
    write(&schema::DISPATCH, dispatch(tables))?;
    if !scenario.links.is_empty() {
        flows(&dir.join(schema::FLOWS.file), scenario, outcomes)?;
    }
    if !scenario.storage.is_empty() {
        storage(&dir.join(schema::STORAGE_DISPATCH.file), scenario, outcomes)?;
    }
    Ok(())
}

/// The rows of a file, made one by one as they are written.
type Rows<'a> = Box<dyn Iterator<Item = Vec<String>> + 'a>;

fn summary(tables: &Tables) -> Rows<'_> {
    Box::new((tables.summary.iter().flatten()).map(|row| {
        vec![
            num(row.tau_eur_per_t),
            row.zone.clone(),
            num(row.mean_price_eur_per_mwh),
            num(row.load_weighted_price_eur_per_mwh),
            num(row.emissions_t),
            num(row.generation_mwh),
            num(row.unserved_mwh),
            num(row.system_cost_eur),
        ]
        .into_iter()
        .chain(row.credit_price_eur_per_t.map(num))
        .collect()
    }))
}

fn prices(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    write_csv_parts(path, &schema::PRICES.header(), outcomes, |outcome, row| {
        for h in 0..scenario.hours() {
            for (z, zone) in scenario.zones.iter().enumerate() {
                let p = &outcome.prices[[h, z]];
                let (unit, technology, at) = match p.setter {
                    PriceSetter::Unit(u) => (
                        scenario.units[u].name.as_str(),
                        scenario.units[u].technology.as_str(),
                        scenario.zones[scenario.units[u].zone].as_str(),
                    ),
                    PriceSetter::Shortage => ("shortage", "shortage", ""),
                    PriceSetter::Tariff => ("tariff", "tariff", ""),
                    PriceSetter::Demand => ("demand", "demand", ""),
                    PriceSetter::Storage(s) => (
                        scenario.storage[s].name.as_str(),
                        "storage",
                        scenario.zones[scenario.storage[s].zone].as_str(),
                    ),
                };
                row.num(outcome.tau_eur_per_t);
                row.int(h);
                row.text(zone);
                row.num(p.price_eur_per_mwh);
                row.text(unit);
                row.text(technology);
                row.boolean(p.unique);
                row.text(at);
                row.end();
            }
        }
    })
}

/// A pass-through row's numbers, after its leading columns.
fn passthrough_cells(row: &crate::analysis::PassThrough) -> [String; 5] {
    [
        num(row.dp_dtau_t_per_mwh),
        num(row.passthrough_rate),
        num(row.price_setting_intensity_t_per_mwh),
        num(row.own_cost_t_per_mwh),
        num(row.setter_change_t_per_mwh),
    ]
}

fn passthrough(tables: &Tables) -> Rows<'_> {
    Box::new((tables.passthrough.iter()).map(|row| {
        let mut cells = vec![
            num(row.tau_from_eur_per_t),
            num(row.tau_to_eur_per_t),
            row.zone.clone(),
        ];
        cells.extend(passthrough_cells(row));
        cells
    }))
}

fn passthrough_slices(tables: &Tables) -> Rows<'_> {
    let per_slice = tables.slices.first().map_or(0, |(_, _, rows)| rows.len());
    // Interval by interval and zone by zone, then slice by slice.
    let mut rows = Vec::new();
    for i in 0..per_slice {
        for (slice, hours, slice_rows) in &tables.slices {
            let row = &slice_rows[i];
            let mut cells = vec![
                num(row.tau_from_eur_per_t),
                num(row.tau_to_eur_per_t),
                row.zone.clone(),
                slice.clone(),
                hours.to_string(),
            ];
            cells.extend(passthrough_cells(row));
            rows.push(cells);
        }
    }
    Box::new(rows.into_iter())
}

fn passthrough_hourly(tables: &Tables) -> Rows<'_> {
    let per_hour = tables.hourly.first().map_or(0, Vec::len);
    // Interval by interval, then hour by hour, like prices.csv.
    Box::new((0..per_hour).flat_map(move |i| {
        tables.hourly.iter().enumerate().map(move |(h, hour_rows)| {
            let row = &hour_rows[i];
            let mut cells = vec![
                num(row.tau_from_eur_per_t),
                num(row.tau_to_eur_per_t),
                h.to_string(),
                row.zone.clone(),
            ];
            cells.extend(passthrough_cells(row));
            cells
        })
    }))
}

fn compensation_aid(tables: &Tables) -> Rows<'_> {
    Box::new(tables.compensation.iter().map(|a| {
        vec![
            num(a.tau_eur_per_t),
            a.product.clone(),
            a.zone.clone(),
            num(a.fossil_co2_factor_t_per_mwh),
            num(a.aid_eur),
        ]
    }))
}

fn passthrough_exact(tables: &Tables) -> Rows<'_> {
    Box::new(tables.exact.iter().map(|p| {
        vec![
            p.zone.clone(),
            num(p.tau_from_eur_per_t),
            num(p.tau_to_eur_per_t),
            num(p.price_from_eur_per_mwh),
            num(p.price_to_eur_per_mwh),
            num(p.dp_dtau_t_per_mwh),
        ]
    }))
}

fn flows(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    write_csv_parts(path, &schema::FLOWS.header(), outcomes, |outcome, row| {
        for h in 0..scenario.hours() {
            for (l, link) in scenario.links.iter().enumerate() {
                let flow = outcome.flow_mw[[h, l]];
                row.num(outcome.tau_eur_per_t);
                row.int(h);
                row.text(&scenario.zones[link.from]);
                row.text(&scenario.zones[link.to]);
                row.num(flow);
                row.num(link.limit_mw(flow));
                row.boolean(is_congested(flow, link));
                row.end();
            }
        }
    })
}

fn storage(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    write_csv_parts(
        path,
        &schema::STORAGE_DISPATCH.header(),
        outcomes,
        |outcome, row| {
            let st = &outcome.storage;
            for h in 0..scenario.hours() {
                for (s, store) in scenario.storage.iter().enumerate() {
                    row.num(outcome.tau_eur_per_t);
                    row.int(h);
                    row.text(&store.name);
                    row.text(&scenario.zones[store.zone]);
                    row.num(st.charge_mw[[h, s]]);
                    row.num(st.discharge_mw[[h, s]]);
                    row.num(st.state_of_charge_mwh[[h, s]]);
                    row.num(scenario.inflow_mw(s, h));
                    row.num(st.spill_mw[[h, s]]);
                    row.num(outcome.price_eur_per_mwh(h, store.zone));
                    row.end();
                }
            }
        },
    )
}

fn abatement(tables: &Tables) -> Rows<'_> {
    Box::new((tables.abatement.iter()).map(|row| {
        vec![
            num(row.tau_eur_per_t),
            row.zone.clone(),
            num(row.emissions_t),
            num(row.abatement_t),
            num(row.abatement_share),
            num(row.generation_intensity_t_per_mwh),
            num(row.emissions_outside_ets_t),
            num(row.leakage_t),
            num(row.leakage_share),
        ]
    }))
}

fn price_setting(tables: &Tables) -> Rows<'_> {
    Box::new((tables.price_setting.iter()).map(|row| {
        vec![
            num(row.tau_eur_per_t),
            row.zone.clone(),
            row.technology.clone(),
            num(row.share_of_hours),
            num(row.emission_intensity_t_per_mwh),
            row.setter_zone.clone(),
        ]
    }))
}

fn fuel_switches(tables: &Tables) -> Rows<'_> {
    Box::new((tables.fuel_switches.iter()).map(|row| {
        vec![
            match row.level {
                SwitchLevel::Unit => "unit",
                SwitchLevel::Technology => "technology",
            }
            .to_string(),
            row.zone.clone(),
            row.dirtier.clone(),
            row.cleaner.clone(),
            num(row.tau_eur_per_t),
            row.crossed.to_string(),
        ]
    }))
}

fn welfare(tables: &Tables) -> Rows<'_> {
    Box::new((tables.welfare.iter()).map(|row| {
        vec![
            num(row.tau_eur_per_t),
            row.zone.clone(),
            num(row.reference_tau_eur_per_t),
            num(row.consumer_cost_change_eur),
            num(row.carbon_cost_eur),
            num(row.state_revenue_eur),
            num(row.generator_profit_change_eur),
            num(row.free_allowances_t),
        ]
        .into_iter()
        .chain(
            row.consumer_surplus_eur
                .into_iter()
                .flat_map(|(s, ds)| [num(s), num(ds)]),
        )
        .collect()
    }))
}

fn firms(tables: &Tables) -> Rows<'_> {
    Box::new((tables.firms.iter()).map(|row| {
        vec![
            num(row.tau_eur_per_t),
            row.zone.clone(),
            row.firm.clone(),
            num(row.generation_mwh),
            num(row.profit_eur),
            num(row.markup_eur_per_mwh),
            num(row.lerner_index),
        ]
    }))
}

fn profits(tables: &Tables) -> Rows<'_> {
    Box::new((tables.profits.iter()).map(|row| {
        vec![
            num(row.tau_eur_per_t),
            row.zone.clone(),
            row.technology.clone(),
            num(row.profit_eur),
            num(row.profit_change_eur),
            num(row.free_allowance_value_eur),
            num(row.windfall_eur),
        ]
    }))
}

fn dispatch(tables: &Tables) -> Rows<'_> {
    Box::new((tables.dispatch.iter()).map(|row| {
        vec![
            num(row.tau_eur_per_t),
            row.zone.clone(),
            row.technology.clone(),
            num(row.generation_mwh),
            num(row.emissions_t),
            num(row.share_of_generation),
        ]
    }))
}

/// dispatch_hourly.csv: its header names the scenario's technologies.
fn dispatch_hourly(dir: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let techs = scenario.technologies();
    let mut header: Vec<String> = ["carbon_price_eur_per_t", "hour", "zone"]
        .map(String::from)
        .to_vec();
    header.extend(techs.iter().map(|t| format!("{t}_mw")));
    header.push("unserved_mw".into());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let path = dir.join(schema::DISPATCH_HOURLY.file);
    write_csv_parts(&path, &header, outcomes, |outcome, row| {
        for h in 0..scenario.hours() {
            for (z, zone) in scenario.zones.iter().enumerate() {
                row.num(outcome.tau_eur_per_t);
                row.int(h);
                row.text(zone);
                for t in 0..techs.len() {
                    row.num(outcome.technology_mw[[h, z, t]]);
                }
                row.num(outcome.unserved_mw[[h, z]]);
                row.end();
            }
        }
    })
}
