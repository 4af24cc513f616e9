//! Flows to countries outside the model: each zone's net exports of the year to the
//! countries that are not zones of the import (Eurostat via EMMA's `exp0` sheet,
//! `data/cross_border_exports.csv`, sources in `data/SOURCES.md`) are added to its load,
//! spread evenly over the year's hours. A net importer's load is lowered by its net
//! imports. This is Dispa-SET's way with the rest of the world (a fixed net exchange per
//! border), with annual totals in place of its hourly flows.

use jiff::civil::DateTime;
use serde::Deserialize;

use super::seasons::{hours_in_year, rows};
use super::Report;
use crate::util::num;

const EXPORTS: &str = include_str!("../../data/cross_border_exports.csv");

#[derive(Deserialize)]
struct Exports {
    year: i16,
    from: String,
    to: String,
    exports_twh: f64,
}

/// Adds the net exports of the year of `start` from `zone` to the countries outside the scenario (all
/// but `zone` and `others`) to each hour of its load (MW, flat), and says so in the report.
pub fn add_net_exports(
    zone: &str,
    others: &[String],
    start: DateTime,
    load: &mut [f64],
    report: &mut Report,
) {
    let year = start.year();
    let table: Vec<Exports> = (rows::<Exports>(EXPORTS).into_iter())
        .filter(|e| e.year == year)
        .collect();
    let heading = "flows to countries outside the model";
    let source = "Eurostat via EMMA's exp0, data/cross_border_exports.csv; `--closed-borders` \
                  leaves them out";
    if table.is_empty() {
        report
            .notes
            .push(format!("{heading}: none added, the table has no {year}"));
        return;
    }
    let outside = |country: &str| country != zone && !others.iter().any(|o| o == country);
    let mut net_twh = 0.0;
    let mut partners: Vec<&str> = Vec::new();
    for e in &table {
        let (sign, partner) = match (e.from == zone, e.to == zone) {
            (true, _) if outside(&e.to) => (1.0, &e.to),
            (_, true) if outside(&e.from) => (-1.0, &e.from),
            _ => continue,
        };
        net_twh += sign * e.exports_twh;
        if !partners.contains(&partner.as_str()) {
            partners.push(partner);
        }
    }
    if partners.is_empty() {
        report
            .notes
            .push(format!("{heading}: {zone} has no border outside the model"));
        return;
    }
    let mw = net_twh * 1e6 / hours_in_year(start);
    let mut floored = 0;
    for value in load.iter_mut() {
        *value += mw;
        if *value < 0.0 {
            *value = 0.0;
            floored += 1;
        }
    }
    partners.sort();
    let mut text = format!(
        "{heading}: net {} of {year}, {} TWh with {}, added to the load evenly over the \
         year, {} {} MW an hour ({source})",
        if net_twh >= 0.0 { "exports" } else { "imports" },
        num((net_twh.abs() * 1e3).round() / 1e3),
        partners.join(", "),
        if mw >= 0.0 { "+" } else { "−" },
        num((mw.abs() * 10.0).round() / 10.0)
    );
    if floored > 0 {
        text += &format!(" ({floored} hours that would have gone below 0 MW set to 0)");
    }
    report.notes.push(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_parses_with_six_years_of_two_letter_codes() {
        let rows: Vec<Exports> = rows(EXPORTS);
        assert!(rows.iter().all(|e| (2013..=2018).contains(&e.year)
            && e.from.len() == 2
            && e.to.len() == 2
            && e.from != e.to
            && e.exports_twh > 0.0));
        for year in 2013..=2018 {
            assert!(rows.iter().any(|e| e.year == year), "{year}");
        }
        let ch_it = rows
            .iter()
            .find(|e| (e.year, &*e.from, &*e.to) == (2015, "CH", "IT"));
        assert_eq!(ch_it.map(|e| e.exports_twh), Some(26.18));
    }
}
