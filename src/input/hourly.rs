//! demand.csv and profiles.csv: an hour column, then one column of hourly values per
//! zone or profile; and when the hours fall.

use std::path::Path;

use ndarray::Array2;

use super::file::TimeSection;
use crate::error::Problem;
use crate::scenario::SINGLE_ZONE;
use crate::schema::{Range, DEMAND, PROFILES};
use crate::util::CsvTable;

/// What a load and an availability factor may be (their schema columns).
const DEMAND_VALUES: Range = range_of(&DEMAND);
const PROFILE_VALUES: Range = range_of(&PROFILES);

/// The range of the value columns of an hourly table (its second column).
const fn range_of(table: &crate::schema::Table) -> Range {
    match table.columns[1].kind {
        crate::schema::Kind::Number(r) => r,
        _ => Range::ANY,
    }
}

pub(super) struct Demand {
    pub zones: Vec<String>,
    pub labels: Vec<String>,
    pub values: Array2<f64>,
    /// Whether the hour column was read without a problem (else files compared with it
    /// are not blamed for the same problem).
    pub hours_ok: bool,
}

/// The calendar from `[time] start`, else from the demand file's hour labels when all of
/// them are timestamps; `None` when the scenario does not say when its hours fall.
pub(super) fn read_calendar(
    path: &Path,
    time: Option<&TimeSection>,
    labels: &[String],
    problems: &mut Vec<Problem>,
) -> Option<crate::calendar::Calendar> {
    use crate::calendar::{parse, Calendar};
    if let Some(time) = time {
        let calendar =
            parse(&time.start).and_then(|start| Calendar::from_start(start, labels.len()));
        if calendar.is_none() {
            problems.push(Problem::in_file(
                path,
                format!(
                    "[time] start = {:?}: expected the date and time of hour 0, e.g. \"2015-01-12T00:00\"",
                    time.start
                ),
            ));
        }
        // The clock time the label writes (calendar::parse drops a UTC offset).
        let first = labels
            .first()
            .filter(|l| l.contains(':'))
            .and_then(|l| parse(l));
        if let (Some(calendar), Some(first)) = (&calendar, first) {
            if calendar.hour_starts.first() != Some(&first) {
                problems.push(Problem::in_file(
                    path,
                    format!(
                        "[time] start = {:?}, but the demand file's first hour is `{}`; \
                         give the same time, or leave [time] out to take the file's",
                        time.start, labels[0]
                    ),
                ));
            }
        }
        return calendar;
    }
    let hour_starts = labels
        .iter()
        .map(|l| parse(l))
        .collect::<Option<Vec<_>>>()?;
    Some(Calendar { hour_starts })
}

/// An hourly table as read: its value columns' names, the hour labels, the values
/// `[hour, column]`, and whether the hour column was without a problem.
struct Hourly {
    names: Vec<String>,
    labels: Vec<String>,
    values: Array2<f64>,
    hours_ok: bool,
}

/// Reads the hour column and the value columns of demand.csv or profiles.csv.
fn read_hourly(table: &CsvTable, range: Range, problems: &mut Vec<Problem>) -> Option<Hourly> {
    if table.headers.first().map(String::as_str) != Some("hour") {
        problems.push(Problem::at(
            &table.path,
            Some(1),
            table.headers.first().map(String::as_str),
            "expected the first column to be `hour`",
        ));
        return None;
    }
    let names: Vec<String> = table.headers[1..].to_vec();
    if names.is_empty() {
        problems.push(Problem::at(
            &table.path,
            Some(1),
            None,
            "expected at least one column after `hour`",
        ));
        return None;
    }
    let mut labels = Vec::with_capacity(table.rows.len());
    let mut values = Array2::zeros((table.rows.len(), names.len()));
    for (h, row) in table.rows.iter().enumerate() {
        labels.push(row.fields[0].clone());
        for c in 0..names.len() {
            if let Some(v) = table.number(row, c + 1, range, problems) {
                values[[h, c]] = v;
            }
        }
    }
    // A dropped row shifts the hours; that row's problem is already reported.
    let mut hours_ok = table.dropped_rows == 0;
    if hours_ok {
        if let Some(problem) = hour_problem(table, &labels) {
            problems.push(problem);
            hours_ok = false;
        }
    }
    Some(Hourly {
        names,
        labels,
        values,
        hours_ok,
    })
}

/// How an hour column counts its hours.
#[derive(Clone, Copy, PartialEq)]
enum HourKind {
    /// 0, 1, 2, ...
    Numbers,
    /// Date and time of each hour's start, one hour apart.
    Timestamps,
}

/// The first problem of an hour column, if any (later rows would only repeat it): every
/// label of one kind, numbers from 0 without gaps, or timestamps with date and time one
/// hour apart (by the clock, or as instants where they carry a UTC offset).
fn hour_problem(table: &CsvTable, labels: &[String]) -> Option<Problem> {
    use crate::calendar::parse;
    let kind_of = |label: &str| {
        if !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()) {
            Some(HourKind::Numbers)
        } else if label.contains(':') && parse(label).is_some() {
            Some(HourKind::Timestamps)
        } else {
            None
        }
    };
    let expected = "an hour number (0, 1, 2, ...) or the date and time of the hour's start \
                    (2015-01-01 00:00)";
    let first = kind_of(labels.first()?);
    for (h, (row, label)) in table.rows.iter().zip(labels).enumerate() {
        let problem = |message: String| Some(table.problem(row, 0, message));
        let kind = kind_of(label);
        match (first, kind) {
            (_, None) if label.is_empty() => {
                return problem(format!("expected {expected}, the cell is empty"))
            }
            (_, None) => return problem(format!("expected {expected}, got `{label}`")),
            (None, _) => unreachable!("the first label has a kind when this one has"),
            (Some(a), Some(b)) if a != b => {
                let kinds = |k| match k {
                    HourKind::Numbers => "hour numbers",
                    HourKind::Timestamps => "timestamps",
                };
                return problem(format!(
                    "got `{label}` among {}: use one kind of hour label throughout",
                    kinds(a)
                ));
            }
            (Some(HourKind::Numbers), _) => {
                if label.parse::<usize>() != Ok(h) {
                    return problem(format!(
                        "expected hour {h} (hours run 0, 1, 2, ... without gaps), got `{label}`"
                    ));
                }
            }
            (Some(HourKind::Timestamps), _) => {}
        }
    }
    if first == Some(HourKind::Timestamps) {
        if let Some((h, message)) = crate::calendar::hourly_problem(labels) {
            return Some(table.problem(&table.rows[h], 0, message));
        }
    }
    None
}

pub(super) fn read_demand(path: &Path, problems: &mut Vec<Problem>) -> Option<Demand> {
    let table = CsvTable::read(path, problems)?;
    let Hourly {
        names,
        labels,
        values,
        hours_ok,
    } = read_hourly(&table, DEMAND_VALUES, problems)?;
    let zones = if names == ["load_mw"] {
        vec![SINGLE_ZONE.to_string()]
    } else {
        names
    };
    Some(Demand {
        zones,
        labels,
        values,
        hours_ok,
    })
}

pub(super) struct Profiles {
    pub names: Vec<String>,
    pub values: Array2<f64>,
}

pub(super) fn read_profiles(
    path: &Path,
    demand: Option<&Demand>,
    problems: &mut Vec<Problem>,
) -> Option<Profiles> {
    let table = CsvTable::read(path, problems)?;
    let Hourly {
        names,
        labels,
        values,
        hours_ok,
    } = read_hourly(&table, PROFILE_VALUES, problems)?;
    if let Some(demand) = demand.filter(|d| d.hours_ok && hours_ok) {
        if labels.len() != demand.labels.len() {
            problems.push(Problem::in_file(
                path,
                format!(
                    "expected {} hours as in the demand file, found {}",
                    demand.labels.len(),
                    labels.len()
                ),
            ));
        } else if let Some((row, (got, want))) = table
            .rows
            .iter()
            .zip(labels.iter().zip(&demand.labels))
            .find(|(_, (got, want))| got != want)
        {
            problems.push(table.problem(
                row,
                0,
                format!(
                    "expected hour `{want}` as on the same row of the demand file, got `{got}`"
                ),
            ));
        }
    }
    Some(Profiles { names, values })
}
