//! The frame of a network: its hours (snapshots.csv), buses, carriers and time series,
//! and the cells of component files read with PyPSA's defaults.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{Network, Snapshots};
use crate::error::{Error, Problem, Result};
use crate::import::Report;
use crate::util::{num, CsvRow, CsvTable, Header, Range};

/// PyPSA's default of a static attribute, where carbonpass needs it.
pub(super) fn default_of(attribute: &str) -> f64 {
    match attribute {
        "efficiency"
        | "p_max_pu"
        | "max_hours"
        | "efficiency_store"
        | "efficiency_dispatch"
        | "sign"
        | "s_max_pu" => 1.0,
        "p_min_pu" if false => 0.0,
        _ => 0.0,
    }
}

impl Network {
    pub(super) fn snapshots(&mut self) -> Result<Snapshots> {
        let path = self.path("snapshots.csv");
        let table = self.read_optional("snapshots.csv")?.ok_or_else(|| {
            Error::Usage(format!(
                "{}: missing; PyPSA's export_to_csv_folder writes it with the network's hours",
                path.display()
            ))
        })?;
        let mut problems = Vec::new();
        for weighting in ["objective", "generators", "stores"] {
            let Some(c) = table.column(weighting) else {
                continue;
            };
            for row in &table.rows {
                match crate::util::parse_finite(&row.fields[c]) {
                    Ok(1.0) => {}
                    _ => problems.push(table.problem(
                        row,
                        c,
                        format!(
                            "expected a snapshot weighting of 1 (one hour), got `{}`: carbonpass \
                             solves hourly snapshots; resample the network to hours",
                            row.fields[c]
                        ),
                    )),
                }
                if !problems.is_empty() {
                    break;
                }
            }
        }
        let keys: Vec<String> = table.rows.iter().map(|r| r.fields[0].clone()).collect();
        let labels: Vec<String> = match table.column("snapshot") {
            Some(c) if c != 0 => table.rows.iter().map(|r| r.fields[c].clone()).collect(),
            _ => keys.clone(),
        };
        if keys.is_empty() {
            problems.push(Problem::in_file(&path, "no snapshots"));
        }
        let timestamps = labels.iter().all(|l| crate::calendar::parse(l).is_some());
        if timestamps {
            if let Some((h, why)) = crate::calendar::hourly_problem(&labels) {
                problems.push(Problem::at(
                    &path,
                    Some(h + 2),
                    None,
                    format!("{why}: carbonpass solves hourly snapshots"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let start = timestamps
            .then(|| crate::calendar::parse(&labels[0]))
            .flatten()
            .map(|dt| dt.strftime("%Y-%m-%dT%H:%M").to_string());
        if start.is_none() {
            self.report.notes.push(
                "The snapshots are not timestamps: no calendar (peak/off-peak slices and \
                 `compare` need one; add `[time] start` to the scenario)."
                    .into(),
            );
        }
        Ok(Snapshots {
            keys,
            labels,
            start,
        })
    }

    pub(super) fn buses(&mut self) -> Result<Vec<String>> {
        let path = self.path("buses.csv");
        let table = self.read_optional("buses.csv")?.ok_or_else(|| {
            Error::Usage(format!(
                "{}: missing; a network needs buses",
                path.display()
            ))
        })?;
        let mut problems = Vec::new();
        let mut seen = HashMap::new();
        let mut zones = Vec::new();
        for row in &table.rows {
            if let Some(name) = table.unique_name(row, 0, "bus", &mut seen, &mut problems) {
                zones.push(name.to_string());
            }
            if let Some(c) = table.column("carrier") {
                if let Some(carrier) = table.text(row, c).filter(|c| *c != "AC" && *c != "DC") {
                    problems.push(table.problem(
                        row,
                        c,
                        format!(
                            "a bus of carrier `{carrier}`: carbonpass models electricity only \
                             (AC or DC buses); a sector-coupled network needs its other \
                             sectors removed first"
                        ),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        self.report
            .sources
            .push(format!("buses.csv: {} buses, one zone each", zones.len()));
        Ok(zones)
    }

    /// co2_emissions (t/MWh thermal) by carrier; a carrier without one emits nothing.
    pub(super) fn carriers(&mut self) -> Result<BTreeMap<String, f64>> {
        let Some(table) = self.read_optional("carriers.csv")? else {
            return Ok(BTreeMap::new());
        };
        let mut problems = Vec::new();
        let column = table.column("co2_emissions");
        let mut found = BTreeMap::new();
        for row in &table.rows {
            let co2 = table.optional_number(row, column, Range::INTENSITY, 0.0, &mut problems);
            if let Some(co2) = co2 {
                found.insert(row.fields[0].clone(), co2);
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        self.report.sources.push(format!(
            "carriers.csv: co2_emissions of {} carriers",
            found.len()
        ));
        Ok(found)
    }

    /// A time series file of a component, by the component's name: the values of each
    /// column in snapshot order.
    pub(super) fn series(
        &mut self,
        file: &str,
        snapshots: &Snapshots,
        range: Range,
        problems: &mut Vec<Problem>,
    ) -> BTreeMap<String, Vec<f64>> {
        let path = self.path(file);
        if !path.is_file() {
            return BTreeMap::new();
        }
        let mut found = Vec::new();
        let Some(table) =
            CsvTable::read_with(&path, Header::RowNamingFirst("snapshot"), &mut found)
        else {
            problems.extend(found);
            return BTreeMap::new();
        };
        problems.extend(found);
        let position: HashMap<&str, usize> = (snapshots.keys.iter().enumerate())
            .map(|(i, k)| (k.as_str(), i))
            .chain(
                snapshots
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (k.as_str(), i)),
            )
            .collect();
        let mut by_column: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut filled = vec![false; snapshots.len()];
        let columns: Vec<(usize, String)> = (table.headers.iter().enumerate())
            .skip(1)
            .map(|(i, h)| (i, h.clone()))
            .collect();
        for (_, name) in &columns {
            by_column.insert(name.clone(), vec![0.0; snapshots.len()]);
        }
        for row in &table.rows {
            let Some(&h) = position.get(row.fields[0].as_str()) else {
                problems.push(table.problem(
                    row,
                    0,
                    format!("`{}` is not a snapshot of snapshots.csv", row.fields[0]),
                ));
                continue;
            };
            filled[h] = true;
            for (c, name) in &columns {
                if let Some(v) = table.number(row, *c, range, problems) {
                    by_column.get_mut(name).expect("every column")[h] = v;
                }
            }
        }
        if let Some(h) = filled.iter().position(|f| !f) {
            problems.push(Problem::in_file(
                &path,
                format!("no row for snapshot `{}`", snapshots.keys[h]),
            ));
        }
        self.report.sources.push(format!(
            "{file}: {} series of {} hours",
            columns.len(),
            snapshots.len()
        ));
        by_column
    }

    /// Refuses a row whose `column` differs from PyPSA's default `default`, or is outside
    /// `allowed`, for the reason `why`.
    pub(super) fn unsupported(
        table: &CsvTable,
        row: &CsvRow,
        column: &str,
        allowed: impl Fn(&str) -> bool,
        why: &str,
        problems: &mut Vec<Problem>,
    ) {
        if let Some(c) = table.column(column) {
            let cell = row.fields[c].as_str();
            if !cell.is_empty() && !allowed(cell) {
                problems.push(table.problem(row, c, format!("`{cell}`: {why}")));
            }
        }
    }
}

/// Whether a CSV file has any row after its header.
pub(super) fn has_rows(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.lines().skip(1).any(|l| !l.trim().is_empty()))
}

/// A number cell of an optional column, PyPSA's default where absent or empty (counted
/// in the report, by file and column).
pub(super) fn cell(
    table: &CsvTable,
    row: &CsvRow,
    column: &str,
    range: Range,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    let given = table
        .column(column)
        .is_some_and(|c| !row.fields[c].is_empty());
    if !given {
        let file = table
            .path
            .file_name()
            .map_or(String::new(), |f| f.to_string_lossy().into_owned());
        let default = num(default_of(column));
        report.fill(
            &format!("{file}: {column}"),
            &format!("PyPSA's default, {default}"),
        );
    }
    table.optional_number(
        row,
        table.column(column),
        range,
        default_of(column),
        problems,
    )
}

pub(super) fn is_false(cell: &str) -> bool {
    matches!(cell, "False" | "false" | "0" | "0.0")
}

pub(super) fn is_zero(cell: &str) -> bool {
    crate::util::parse_finite(cell).is_ok_and(|v| v == 0.0)
}

pub(super) fn is_nan(cell: &str) -> bool {
    matches!(cell, "nan" | "NaN") || crate::util::parse_finite(cell).is_ok_and(f64::is_infinite)
}

/// The bus of a component's row, which must be one of `zones`.
pub(super) fn bus_of(
    table: &CsvTable,
    row: &CsvRow,
    column: &str,
    zones: &[String],
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let c = table.require(column, problems)?;
    let bus = row.fields[c].as_str();
    if zones.iter().any(|z| z == bus) {
        Some(bus.to_string())
    } else {
        problems.push(table.problem(row, c, format!("`{bus}` is not a bus of buses.csv")));
        None
    }
}

/// The capacity of a component: p_nom, or p_nom_opt where capacity is extendable and the
/// network was optimised (else refused: carbonpass does not plan capacity).
pub(super) fn capacity(
    table: &CsvTable,
    row: &CsvRow,
    nominal: &str,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    let extendable = table
        .column(&format!("{nominal}_extendable"))
        .is_some_and(|c| !row.fields[c].is_empty() && !is_false(&row.fields[c]));
    if !extendable {
        return cell(table, row, nominal, Range::POWER, report, problems);
    }
    let optimal = format!("{nominal}_opt");
    match table.column(&optimal) {
        Some(c) if !row.fields[c].is_empty() => {
            report.fill(&optimal, "extendable capacity (from the optimised network)");
            table.number(row, c, Range::POWER, problems)
        }
        _ => {
            let c = table
                .column(&format!("{nominal}_extendable"))
                .expect("extendable");
            problems.push(table.problem(
                row,
                c,
                format!(
                    "extendable capacity without {optimal}: carbonpass dispatches given \
                     capacity and does not plan it; optimise the network in PyPSA first (its \
                     {optimal} is then used) or set {nominal}_extendable to False"
                ),
            ));
            None
        }
    }
}

/// Rows of an active component: `active = False` rows are left out, and said.
pub(super) fn active_rows<'a>(
    table: &'a CsvTable,
    what: &str,
    report: &mut Report,
) -> Vec<&'a CsvRow> {
    let column = table.column("active");
    table
        .rows
        .iter()
        .filter(|row| {
            let inactive = column.is_some_and(|c| is_false(&row.fields[c]));
            if inactive {
                report
                    .skipped
                    .push(format!("{what} `{}`: active = False", row.fields[0]));
            }
            !inactive
        })
        .collect()
}
