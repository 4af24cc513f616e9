//! Dispa-SET's hourly files: headerless series (load, fuel prices), outage factors and
//! availability factors, with their timestamps checked against the load.

use std::path::{Path, PathBuf};

use super::super::{Availability, Report, UnitRow};
use super::plants::profile_name;
use super::Options;
use crate::error::Problem;
use crate::util::{CsvTable, Header, Range};

/// A headerless hourly series: timestamps and values.
pub(super) struct Series {
    pub path: PathBuf,
    pub timestamps: Vec<String>,
    pub values: Vec<f64>,
    pub lines: Vec<usize>,
    /// Every row read, the timestamps an hour apart: other files may be checked
    /// against it without blaming them for its problems.
    pub sound: bool,
}

pub(super) fn read_series(
    path: &Path,
    range: Range,
    problems: &mut Vec<Problem>,
) -> Option<Series> {
    let table = CsvTable::read_with(path, Header::Given(&["timestamp", "value"]), problems)?;
    let mut series = Series {
        path: path.to_path_buf(),
        timestamps: Vec::new(),
        values: Vec::new(),
        lines: Vec::new(),
        sound: table.dropped_rows == 0,
    };
    for row in &table.rows {
        if let Some(value) = table.number(row, 1, range, problems) {
            series.timestamps.push(row.fields[0].clone());
            series.values.push(value);
            series.lines.push(row.line);
        } else {
            series.sound = false;
        }
    }
    if series.sound {
        if let Some((h, message)) = crate::calendar::hourly_problem(&series.timestamps) {
            problems.push(table.problem(&table.rows[h], 0, message));
            series.sound = false;
        }
    }
    Some(series)
}

/// Local clock time of the load's first hour, if its timestamp is a date and time.
pub(super) fn load_start(load: &Series, options: &Options) -> Option<jiff::civil::DateTime> {
    load.timestamps.first().and_then(|t| {
        crate::calendar::parse(t).and_then(|utc| {
            utc.checked_add(jiff::Span::new().hours(options.utc_offset_hours))
                .ok()
        })
    })
}

/// Outage factors per cluster: a unit named like a column gets the profile
/// `outage_<name>` = 1 − outage factor instead of its constant availability. The file's
/// hours are matched to the load's local hours by month, day and hour, so the 2016
/// factors of the database serve 2015 (29 February left out).
pub(super) fn read_outages(
    outages: &CsvTable,
    units: &mut [UnitRow],
    load: &Series,
    start: Option<jiff::civil::DateTime>,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Vec<f64>)> {
    let Some(start) = start else {
        problems.push(Problem::in_file(
            &outages.path,
            "outage factors need the load's timestamps to match hours, and they are not dates",
        ));
        return Vec::new();
    };
    let key = |dt: jiff::civil::DateTime| (dt.month(), dt.day(), dt.hour());
    let mut row_of = std::collections::HashMap::new();
    for (i, row) in outages.rows.iter().enumerate() {
        match crate::calendar::parse(&row.fields[0]) {
            Some(dt) => {
                row_of.entry(key(dt)).or_insert(i);
            }
            None => {
                problems.push(outages.problem(row, 0, "expected a date and time"));
                return Vec::new();
            }
        }
    }
    let mut rows = Vec::with_capacity(load.values.len());
    for h in 0..load.values.len() {
        let local = start
            .checked_add(jiff::Span::new().hours(h as i64))
            .expect("within a year");
        match row_of.get(&key(local)) {
            Some(&i) => rows.push(i),
            None => {
                problems.push(Problem::in_file(
                    &outages.path,
                    format!(
                        "no row for {} (hour {h} of the load); expected every hour of the year",
                        local.strftime("%m-%d %H:00")
                    ),
                ));
                return Vec::new();
            }
        }
    }
    let mut profiles = Vec::new();
    let mut matched = Vec::new();
    for (c, cluster) in outages.headers.iter().enumerate().skip(1) {
        let Some(unit) = units.iter_mut().find(|u| u.name == *cluster) else {
            continue;
        };
        if !matches!(unit.availability, Availability::Constant(_)) {
            continue;
        }
        let mut values = Vec::with_capacity(rows.len());
        for &i in &rows {
            let row = &outages.rows[i];
            match outages.number(row, c, Range::FRACTION, problems) {
                Some(f) => values.push(1.0 - f),
                None => return Vec::new(),
            }
        }
        let name = format!("outage_{cluster}");
        unit.availability = Availability::Profile(name.clone());
        matched.push(cluster.clone());
        profiles.push((name, values));
    }
    let first = crate::calendar::parse(&outages.rows[0].fields[0]);
    report.sources.push(format!(
        "{}: hourly outage factors of {} clusters ({}), availability = 1 − outage factor, \
         matched to the load by month, day and hour{}",
        outages.path.display(),
        matched.len(),
        matched.join(", "),
        match (first, start) {
            (Some(f), s) if f.year() != s.year() =>
                format!(" (factors of {} used for {})", f.year(), s.year()),
            _ => String::new(),
        }
    ));
    if matched.is_empty() {
        report.notes.push(format!(
            "{}: no column names a unit of the plant list; outage factors go with the \
             clustered list (PowerPlants/CC/clustered.csv)",
            outages.path.display()
        ));
    }
    profiles
}

/// Availability factors a little above 1 are clipped to 1 (and counted); above this, the
/// file is refused: such a value is no rounding but a wrong number.
pub(super) const MAX_FACTOR: f64 = 1.05;

/// The availability columns the units need, checked hour by hour against the load's
/// timestamps; factors in (1, MAX_FACTOR] clipped to 1 and said in the report.
pub(super) fn read_profiles(
    factors: &CsvTable,
    needed: &[&'static str],
    load: &Series,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Vec<f64>)> {
    let mut profiles = Vec::new();
    let columns: Vec<Option<usize>> = needed
        .iter()
        .map(|c| factors.require(c, problems))
        .collect();
    let Some(hours) = same_hours(factors, "availability factors", load, report, problems) else {
        return profiles;
    };
    let range = Range::between(0.0, MAX_FACTOR);
    for (code, column) in needed.iter().zip(columns) {
        let Some(c) = column else { continue };
        let (mut clipped, mut largest) = (0, 1.0f64);
        let values: Vec<f64> = factors.rows[..hours]
            .iter()
            .map(|row| {
                let value = factors.number(row, c, range, problems).unwrap_or(0.0);
                if value > 1.0 {
                    clipped += 1;
                    largest = largest.max(value);
                }
                value.min(1.0)
            })
            .collect();
        if clipped > 0 {
            report.notes.push(format!(
                "{}: {clipped} availability factors of {code} above 1 (largest {}) clipped to \
                 1; above {MAX_FACTOR} a factor is refused",
                factors.path.display(),
                crate::util::num(largest)
            ));
        }
        profiles.push((profile_name(code).to_string(), values));
    }
    profiles
}

/// The column of reservoirs' inflow in Dispa-SET's `ScaledInflows` files.
const INFLOW_COLUMN: &str = "HDAM";

/// Whether column `c` of a table has no value at all (a country without reservoirs).
fn is_blank(table: &CsvTable, c: usize) -> bool {
    table.rows.iter().all(|row| table.text(row, c).is_none())
}

/// Whether an inflow file has values (and so hours the load must share).
pub(super) fn has_inflow(table: &CsvTable) -> bool {
    table
        .column(INFLOW_COLUMN)
        .is_some_and(|c| !is_blank(table, c))
}

/// Reservoirs' natural inflow (`ScaledInflows`, column HDAM: MW per MW of reservoir
/// power), hour by hour with the load: its largest value and the series over it (in
/// [0, 1]). `None` for a blank file (a country without reservoirs), said in the report.
pub(super) fn read_inflow(
    table: &CsvTable,
    load: &Series,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Option<(f64, Vec<f64>)> {
    let c = table.require(INFLOW_COLUMN, problems)?;
    if is_blank(table, c) {
        report.notes.push(format!(
            "{}: the inflow file is blank; reservoirs, if any, stay units at a constant \
             availability",
            table.path.display()
        ));
        return None;
    }
    let hours = same_hours(table, "inflow", load, report, problems)?;
    let mut values = Vec::with_capacity(hours);
    for row in &table.rows[..hours] {
        values.push(table.number(row, c, Range::POWER, problems)?);
    }
    let peak = values.iter().cloned().fold(0.0, f64::max);
    report.sources.push(format!(
        "{}: hourly natural inflow of reservoirs, MW per MW (largest {})",
        table.path.display(),
        crate::util::num(peak)
    ));
    let shape = values
        .iter()
        .map(|v| {
            if peak > 0.0 {
                super::super::rounded(v / peak)
            } else {
                0.0
            }
        })
        .collect();
    Some((peak, shape))
}

/// The most rows an hourly file may have beyond the load's last hour (or the load beyond
/// theirs): one day, what the edges of a year's files differ by. More is another year.
pub(super) const MAX_EXTRA_HOURS: usize = 24;

/// How many rows of an hourly table are the load's hours, checked row by row (its first
/// column the timestamp): all of them, or the first ones where the table runs on for at
/// most `MAX_EXTRA_HOURS` past the load (the rest dropped, said in the report). `None`
/// after a problem naming both files' lines.
fn same_hours(
    table: &CsvTable,
    what: &str,
    load: &Series,
    report: &mut Report,
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    let hours = load.values.len();
    let extra = table.rows.len().saturating_sub(hours);
    if table.rows.len() < hours || extra > MAX_EXTRA_HOURS {
        problems.push(Problem::in_file(
            &table.path,
            format!(
                "{} hours of {what}, but {} has {}; expected the same hours",
                table.rows.len(),
                load.path.display(),
                hours
            ),
        ));
        return None;
    }
    for (h, row) in table.rows[..hours].iter().enumerate() {
        if row.fields[0] != load.timestamps[h] {
            problems.push(table.problem(
                row,
                0,
                format!(
                    "timestamp `{}`, but line {} of {} has `{}`; expected the same hours",
                    row.fields[0],
                    load.lines[h],
                    load.path.display(),
                    load.timestamps[h]
                ),
            ));
            return None;
        }
    }
    if extra > 0 {
        report.notes.push(format!(
            "{}: {extra} rows after the load's last hour ({}) dropped",
            table.path.display(),
            load.timestamps[hours - 1]
        ));
    }
    Some(hours)
}

/// Cuts the load to the hours every other hourly file has, where they stop at most
/// `MAX_EXTRA_HOURS` before it (said in the report); longer gaps are left for
/// `same_hours` to refuse.
pub(super) fn trim_load(load: &mut Series, others: &[&CsvTable], report: &mut Report) {
    let Some(shortest) = others.iter().map(|t| t.rows.len()).min() else {
        return;
    };
    let extra = load.values.len().saturating_sub(shortest);
    if extra == 0 || extra > MAX_EXTRA_HOURS || shortest == 0 {
        return;
    }
    let file = others
        .iter()
        .find(|t| t.rows.len() == shortest)
        .expect("the shortest");
    report.notes.push(format!(
        "{}: its last {extra} hours (from {}) dropped: {} ends before them",
        load.path.display(),
        load.timestamps[shortest],
        file.path.display()
    ));
    load.values.truncate(shortest);
    load.timestamps.truncate(shortest);
    load.lines.truncate(shortest);
}
