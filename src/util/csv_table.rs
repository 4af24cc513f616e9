//! A CSV file held as text with line numbers, and cell parsers that record a
//! `Problem` (file, line, column, what was expected) instead of failing early.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Range;
use crate::error::Problem;

pub struct CsvTable {
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<CsvRow>,
    /// Rows left out because they could not be read or had the wrong number of fields.
    pub dropped_rows: usize,
}

pub struct CsvRow {
    /// 1-based line in the file.
    pub line: usize,
    pub fields: Vec<String>,
}

/// Where a CSV file's column names come from.
#[derive(Debug, Clone, Copy)]
pub enum Header {
    /// The first row names every column.
    Row,
    /// The first row names every column but the first, which has this name (a pandas
    /// index written without a name).
    RowNamingFirst(&'static str),
    /// There is no header row: every row is data, with these column names.
    Given(&'static [&'static str]),
}

/// The problem of a file with a header and no rows: some files may be so.
pub const NO_ROWS: &str = "no data rows after the header";

impl CsvTable {
    /// Reads the whole file. Returns `None` (with the reason in `problems`) when the file
    /// cannot be read at all; ragged rows are reported and left out.
    pub fn read(path: &Path, problems: &mut Vec<Problem>) -> Option<CsvTable> {
        Self::read_with(path, Header::Row, problems)
    }

    /// `read`, with the column names from `header`.
    pub fn read_with(path: &Path, header: Header, problems: &mut Vec<Problem>) -> Option<CsvTable> {
        match std::fs::read(path) {
            Ok(bytes) => Self::parse(path, &bytes, header, problems),
            Err(e) => {
                problems.push(Problem::in_file(
                    path,
                    format!("cannot read the file: {}", super::os_reason(&e)),
                ));
                None
            }
        }
    }

    /// Parses CSV text; `path` names it in problems.
    pub fn parse(
        path: &Path,
        bytes: &[u8],
        header: Header,
        problems: &mut Vec<Problem>,
    ) -> Option<CsvTable> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let mut records = reader.records();
        let headers: Vec<String> = if let Header::Given(names) = header {
            names.iter().map(|n| n.to_string()).collect()
        } else {
            match records.next() {
                None => {
                    problems.push(Problem::in_file(
                        path,
                        "the file is empty; expected a header row naming the columns",
                    ));
                    return None;
                }
                Some(Err(e)) => {
                    problems.push(csv_problem(path, &e));
                    return None;
                }
                Some(Ok(record)) => {
                    let mut names: Vec<String> = record
                        .iter()
                        .map(|h| h.trim_start_matches('\u{feff}').to_string())
                        .collect();
                    if let (Header::RowNamingFirst(first), Some(name)) = (header, names.first_mut())
                    {
                        if name.is_empty() {
                            *name = first.to_string();
                        }
                    }
                    names
                }
            }
        };
        let mut table = CsvTable {
            path: path.to_path_buf(),
            headers,
            rows: Vec::new(),
            dropped_rows: 0,
        };
        table.check_headers(problems);
        for record in records {
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    problems.push(csv_problem(path, &e));
                    table.dropped_rows += 1;
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(str::is_empty) {
                continue; // blank line
            }
            if record.len() != table.headers.len() {
                problems.push(Problem::at(
                    path,
                    Some(line),
                    None,
                    format!(
                        "expected {} fields as in the header, found {}",
                        table.headers.len(),
                        record.len()
                    ),
                ));
                table.dropped_rows += 1;
                continue;
            }
            table.rows.push(CsvRow {
                line,
                fields: record.iter().map(str::to_string).collect(),
            });
        }
        if table.rows.is_empty() && !table.headers.is_empty() {
            let message = match header {
                Header::Given(_) => "the file has no data rows",
                _ => NO_ROWS,
            };
            problems.push(Problem::in_file(path, message));
        }
        Some(table)
    }

    fn check_headers(&self, problems: &mut Vec<Problem>) {
        for (i, header) in self.headers.iter().enumerate() {
            if header.is_empty() {
                problems.push(Problem::at(
                    &self.path,
                    Some(1),
                    None,
                    format!("column {} has no name in the header", i + 1),
                ));
            } else if self.headers[..i].contains(header) {
                problems.push(Problem::at(
                    &self.path,
                    Some(1),
                    Some(header),
                    "the column name appears twice in the header",
                ));
            }
        }
    }

    /// The header's columns that are not `known`: a near miss of a known name is a
    /// problem ("did you mean"), the names returned are clearly something else.
    pub fn foreign_columns(&self, known: &[&str], problems: &mut Vec<Problem>) -> Vec<String> {
        let mut foreign = Vec::new();
        for header in &self.headers {
            if known.contains(&header.as_str()) {
                continue;
            }
            match super::did_you_mean(header, known.iter().copied()) {
                Some(meant) if !self.headers.iter().any(|h| h == meant) => {
                    problems.push(Problem::at(
                        &self.path,
                        Some(1),
                        Some(header),
                        format!("unknown column; did you mean `{meant}`?"),
                    ))
                }
                _ => foreign.push(header.clone()),
            }
        }
        foreign
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Index of a required column, or a problem naming it.
    pub fn require(&self, name: &str, problems: &mut Vec<Problem>) -> Option<usize> {
        let found = self.column(name);
        if found.is_none() {
            let typo = self
                .headers
                .iter()
                .find(|h| super::did_you_mean(h, [name]).is_some())
                .map_or(String::new(), |h| format!("; is `{h}` meant to be it?"));
            problems.push(Problem::at(
                &self.path,
                Some(1),
                Some(name),
                format!(
                    "required column is missing (the header has: {}){typo}",
                    self.headers.join(", ")
                ),
            ));
        }
        found
    }

    pub fn problem(&self, row: &CsvRow, column: usize, message: impl Into<String>) -> Problem {
        Problem::at(
            &self.path,
            Some(row.line),
            Some(&self.headers[column]),
            message,
        )
    }

    /// The cell as the name of a `what` ("unit", "storage"), unique in the file: records a
    /// problem where it is empty or already named on an earlier line (`seen` maps the
    /// names so far to their lines).
    pub fn unique_name<'a>(
        &self,
        row: &'a CsvRow,
        column: usize,
        what: &str,
        seen: &mut HashMap<&'a str, usize>,
        problems: &mut Vec<Problem>,
    ) -> Option<&'a str> {
        let name = self.text(row, column);
        match name {
            None => problems.push(self.problem(
                row,
                column,
                format!("expected a {what} name, the cell is empty"),
            )),
            Some(name) => {
                if let Some(first) = seen.insert(name, row.line) {
                    problems.push(self.problem(
                        row,
                        column,
                        format!(
                            "{what} `{name}` is already defined on line {first}; names must be unique"
                        ),
                    ));
                }
            }
        }
        name
    }

    /// The cell as text, `None` when empty.
    pub fn text<'a>(&self, row: &'a CsvRow, column: usize) -> Option<&'a str> {
        let cell = row.fields[column].as_str();
        (!cell.is_empty()).then_some(cell)
    }

    /// A finite number satisfying `range`; records a problem and returns `None` otherwise.
    pub fn number(
        &self,
        row: &CsvRow,
        column: usize,
        range: Range,
        problems: &mut Vec<Problem>,
    ) -> Option<f64> {
        let cell = &row.fields[column];
        let value = match parse_finite(cell) {
            Ok(value) => value,
            Err(why) => {
                problems.push(self.problem(
                    row,
                    column,
                    format!("expected {}, {why}", range.what()),
                ));
                return None;
            }
        };
        if !range.contains(value) {
            problems.push(self.problem(
                row,
                column,
                format!("expected {}, got {cell}", range.what()),
            ));
            return None;
        }
        Some(value)
    }

    /// The cell of an optional column as `number` reads it, or `absent` where the
    /// column is missing or the cell empty.
    pub fn optional_number(
        &self,
        row: &CsvRow,
        column: Option<usize>,
        range: Range,
        absent: f64,
        problems: &mut Vec<Problem>,
    ) -> Option<f64> {
        match column {
            Some(c) if self.text(row, c).is_some() => self.number(row, c, range, problems),
            _ => Some(absent),
        }
    }
}

/// Parses a finite decimal number; the error says what was found.
pub fn parse_finite(cell: &str) -> Result<f64, String> {
    if cell.is_empty() {
        return Err("the cell is empty".into());
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!("got {cell}, which is not a finite number")),
        Err(_) => Err(format!("got `{cell}`, which is not a number")),
    }
}

fn csv_problem(path: &Path, e: &csv::Error) -> Problem {
    let line = e.position().map(|p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_string(),
        _ => format!("cannot parse the CSV: {e}"),
    };
    Problem::at(path, line, None, message)
}
