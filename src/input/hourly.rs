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
        return calendar;
    }
    let hour_starts = labels
        .iter()
        .map(|l| parse(l))
        .collect::<Option<Vec<_>>>()?;
    Some(Calendar { hour_starts })
}

/// Reads the hour column and the value columns of demand.csv or profiles.csv.
fn read_hourly(
    table: &CsvTable,
    range: Range,
    problems: &mut Vec<Problem>,
) -> Option<(Vec<String>, Vec<String>, Array2<f64>)> {
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
    // A dropped row shifts the hours; that row's problem is already reported.
    let integer_hours = table.dropped_rows == 0
        && table
            .rows
            .first()
            .is_some_and(|row| row.fields[0].parse::<u64>().is_ok());
    for (h, row) in table.rows.iter().enumerate() {
        let label = &row.fields[0];
        if integer_hours {
            if label.parse::<usize>() != Ok(h) {
                problems.push(table.problem(
                    row,
                    0,
                    format!(
                        "expected hour {h} (hours run 0, 1, 2, ... without gaps), got `{label}`"
                    ),
                ));
            }
        } else if label.is_empty() {
            problems.push(table.problem(
                row,
                0,
                "expected an hour or a timestamp, the cell is empty",
            ));
        }
        labels.push(label.clone());
        for c in 0..names.len() {
            if let Some(v) = table.number(row, c + 1, range, problems) {
                values[[h, c]] = v;
            }
        }
    }
    Some((names, labels, values))
}

pub(super) fn read_demand(path: &Path, problems: &mut Vec<Problem>) -> Option<Demand> {
    let table = CsvTable::read(path, problems)?;
    let (names, labels, values) = read_hourly(&table, DEMAND_VALUES, problems)?;
    let zones = if names == ["load_mw"] {
        vec![SINGLE_ZONE.to_string()]
    } else {
        names
    };
    Some(Demand {
        zones,
        labels,
        values,
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
    let (names, labels, values) = read_hourly(&table, PROFILE_VALUES, problems)?;
    if let Some(demand) = demand {
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
