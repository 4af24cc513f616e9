//! Storage units into storage.csv; links (and, when asked, lines) into links.csv.

use std::collections::{BTreeMap, HashMap};

use super::frame::{active_rows, bus_of, capacity, cell, is_false, is_zero};
use super::{Network, Options, Snapshots};
use crate::error::Problem;
use crate::import::{rounded, LinkRow, StorageRow};
use crate::util::Range;

impl Network {
    pub(super) fn storage_units(
        &mut self,
        snapshots: &Snapshots,
        zones: &[String],
        problems: &mut Vec<Problem>,
    ) -> Vec<StorageRow> {
        let Some(table) = self.component("storage_units.csv", problems) else {
            return Vec::new();
        };
        let series = self.series(
            "storage_units-inflow.csv",
            snapshots,
            Range::POWER,
            problems,
        );
        let mut stores = Vec::new();
        let mut seen = HashMap::new();
        let rows = active_rows(&table, "storage unit", &mut self.report);
        for row in rows {
            let Some(name) = table.unique_name(row, 0, "storage unit", &mut seen, problems) else {
                continue;
            };
            Self::unsupported(
                &table,
                row,
                "cyclic_state_of_charge",
                |c| !is_false(c),
                "carbonpass's stores end the horizon as full as they start (cyclic); set \
                 cyclic_state_of_charge to True",
                problems,
            );
            if table.column("cyclic_state_of_charge").is_none() {
                problems.push(Problem::at(
                    &table.path,
                    Some(row.line),
                    Some("cyclic_state_of_charge"),
                    "PyPSA's default, False, starts the store empty; carbonpass's stores are \
                     cyclic: set cyclic_state_of_charge to True",
                ));
            }
            for (column, why) in [
                ("standing_loss", "a standing loss is not modelled"),
                (
                    "marginal_cost",
                    "a store has no cost of its own in carbonpass",
                ),
                ("spill_cost", "spilling is free in carbonpass"),
            ] {
                Self::unsupported(&table, row, column, is_zero, why, problems);
            }
            Self::unsupported(
                &table,
                row,
                "p_max_pu",
                |c| crate::util::parse_finite(c) == Ok(1.0),
                "a store discharges up to its p_nom in carbonpass",
                problems,
            );
            Self::unsupported(
                &table,
                row,
                "p_min_pu",
                |c| matches!(crate::util::parse_finite(c), Ok(v) if v == -1.0 || v == 0.0),
                "a store charges up to p_nom (p_min_pu −1) or not at all (0)",
                problems,
            );
            let Some(zone) = bus_of(&table, row, "bus", zones, problems) else {
                continue;
            };
            let power = capacity(&table, row, "p_nom", &mut self.report, problems);
            let hours = cell(
                &table,
                row,
                "max_hours",
                Range::ENERGY,
                &mut self.report,
                problems,
            );
            let store = cell(
                &table,
                row,
                "efficiency_store",
                Range::EFFICIENCY,
                &mut self.report,
                problems,
            );
            let dispatch = cell(
                &table,
                row,
                "efficiency_dispatch",
                Range::EFFICIENCY,
                &mut self.report,
                problems,
            );
            let charging = table
                .column("p_min_pu")
                .and_then(|c| crate::util::parse_finite(&row.fields[c]).ok())
                .unwrap_or(-1.0);
            // A static inflow only where no hourly one is given.
            let inflow = match series.contains_key(name) {
                true => Some(0.0),
                false => cell(
                    &table,
                    row,
                    "inflow",
                    Range::POWER,
                    &mut self.report,
                    problems,
                ),
            };
            let (Some(power), Some(hours), Some(store), Some(dispatch), Some(inflow)) =
                (power, hours, store, dispatch, inflow)
            else {
                continue;
            };
            if power == 0.0 {
                self.report
                    .skipped
                    .push(format!("storage unit `{name}`: no power (p_nom 0)"));
                continue;
            }
            // State of charge counted as what it gives back: PyPSA's × efficiency_dispatch.
            let (inflow_mw, inflow_profile) = match series.get(name) {
                Some(values) => {
                    let peak = values.iter().cloned().fold(0.0, f64::max);
                    if peak > 0.0 {
                        let profile = format!("inflow_{name}");
                        self.profiles
                            .push((profile.clone(), values.iter().map(|v| v / peak).collect()));
                        (rounded(peak * dispatch), Some(profile))
                    } else {
                        (0.0, None)
                    }
                }
                None => (rounded(inflow * dispatch), None),
            };
            stores.push(StorageRow {
                name: name.to_string(),
                zone,
                power_mw: power,
                energy_mwh: power * hours * dispatch,
                efficiency_roundtrip: store * dispatch,
                charge_power_mw: if charging == 0.0 { 0.0 } else { power },
                inflow_mw,
                inflow_profile,
            });
        }
        self.report.sources.push(format!(
            "storage_units.csv: {} storage units → storage.csv (energy p_nom × max_hours × \
             efficiency_dispatch, round trip efficiency_store × efficiency_dispatch, inflow × \
             efficiency_dispatch: the same store counted in what it gives back)",
            stores.len()
        ));
        stores
    }

    pub(super) fn links(
        &mut self,
        zones: &[String],
        options: &Options,
        problems: &mut Vec<Problem>,
    ) -> Vec<LinkRow> {
        // (from, to) in the order of the zones → (forward, back) MW.
        let mut pairs: BTreeMap<(usize, usize), (f64, f64)> = BTreeMap::new();
        let mut add = |a: &str, b: &str, forward: f64, back: f64| {
            let i = zones.iter().position(|z| z == a).expect("a bus");
            let j = zones.iter().position(|z| z == b).expect("a bus");
            let (key, f, r) = if i < j {
                ((i, j), forward, back)
            } else {
                ((j, i), back, forward)
            };
            let entry = pairs.entry(key).or_default();
            entry.0 += f;
            entry.1 += r;
        };
        let mut count = 0;
        if let Some(table) = self.component("links.csv", problems) {
            let rows = active_rows(&table, "link", &mut self.report);
            for row in rows {
                for (i, header) in table.headers.iter().enumerate() {
                    let more = header
                        .strip_prefix("bus")
                        .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 2));
                    if more && !row.fields[i].is_empty() {
                        problems.push(table.problem(row, i, "a link to a third bus (multi-link) converts energy between sectors; carbonpass links move electricity between zones"));
                    }
                }
                Self::unsupported(
                    &table,
                    row,
                    "efficiency",
                    |c| crate::util::parse_finite(c) == Ok(1.0),
                    "carbonpass's links are lossless (efficiency 1)",
                    problems,
                );
                Self::unsupported(
                    &table,
                    row,
                    "marginal_cost",
                    is_zero,
                    "carbonpass's links carry no cost",
                    problems,
                );
                let (Some(a), Some(b)) = (
                    bus_of(&table, row, "bus0", zones, problems),
                    bus_of(&table, row, "bus1", zones, problems),
                ) else {
                    continue;
                };
                let p_nom = capacity(&table, row, "p_nom", &mut self.report, problems);
                let p_max = cell(
                    &table,
                    row,
                    "p_max_pu",
                    Range::FRACTION,
                    &mut self.report,
                    problems,
                );
                let p_min = table.optional_number(
                    row,
                    table.column("p_min_pu"),
                    Range::between(-1.0, 0.0),
                    0.0,
                    problems,
                );
                let (Some(p_nom), Some(p_max), Some(p_min)) = (p_nom, p_max, p_min) else {
                    continue;
                };
                if a == b {
                    self.report
                        .skipped
                        .push(format!("link `{}`: both ends on bus {a}", row.fields[0]));
                    continue;
                }
                add(&a, &b, p_nom * p_max, -p_min * p_nom);
                count += 1;
            }
        }
        let mut lines = 0;
        for file in ["lines.csv", "transformers.csv"] {
            let Some(table) = self.component(file, problems) else {
                continue;
            };
            if table.rows.is_empty() {
                continue;
            }
            if !options.lines_as_links {
                problems.push(Problem::in_file(
                    &self.path(file),
                    format!(
                        "{} AC lines or transformers: their flows follow Kirchhoff's laws, \
                         which carbonpass (a transport model between zones) does not model. \
                         --lines-as-links maps each to a link of its rating s_nom × s_max_pu \
                         both ways, whose flows then ignore Kirchhoff's voltage law",
                        table.rows.len()
                    ),
                ));
                continue;
            }
            for row in active_rows(&table, "line", &mut self.report) {
                let (Some(a), Some(b)) = (
                    bus_of(&table, row, "bus0", zones, problems),
                    bus_of(&table, row, "bus1", zones, problems),
                ) else {
                    continue;
                };
                let s_nom = capacity(&table, row, "s_nom", &mut self.report, problems);
                let s_max = cell(
                    &table,
                    row,
                    "s_max_pu",
                    Range::FRACTION,
                    &mut self.report,
                    problems,
                );
                if let (Some(s_nom), Some(s_max)) = (s_nom, s_max) {
                    if a != b {
                        add(&a, &b, s_nom * s_max, s_nom * s_max);
                        lines += 1;
                    }
                }
            }
        }
        if lines > 0 {
            self.report.notes.push(format!(
                "--lines-as-links: {lines} AC lines and transformers became links of their \
                 rating both ways; their flows ignore Kirchhoff's voltage law, so prices can \
                 differ from PyPSA's linearised power flow"
            ));
        }
        if count + lines > 0 {
            self.report.sources.push(format!(
                "links: {count} links (p_min_pu −1 both ways at p_nom, 0 one way) and {lines} \
                 lines, summed per pair of zones → links.csv"
            ));
        }
        pairs
            .into_iter()
            .filter(|(_, (f, r))| *f > 0.0 || *r > 0.0)
            .map(|((i, j), (forward, back))| LinkRow {
                from: zones[i].clone(),
                to: zones[j].clone(),
                capacity_mw: forward,
                capacity_reverse_mw: back,
            })
            .collect()
    }

    /// Notes global constraints, which a sweep over carbon prices replaces.
    pub(super) fn global_constraints(&mut self, problems: &mut Vec<Problem>) {
        if let Some(table) = self.component("global_constraints.csv", problems) {
            if !table.rows.is_empty() {
                let names: Vec<&str> = table.rows.iter().map(|r| r.fields[0].as_str()).collect();
                self.report.notes.push(format!(
                    "Global constraints not imported ({}): a sweep sets the carbon price; \
                     for an emissions cap use `carbonpass cap --cap-t`.",
                    names.join(", ")
                ));
            }
        }
    }
}
