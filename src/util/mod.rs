//! Small helpers that every stage may use, at the bottom of the flow: how numbers are
//! written, the numbers a cell accepts, CSV files read with line numbers, and folders
//! written beside their target and moved into place whole.

mod csv_table;
mod folder;
mod lock;
mod range;

pub use csv_table::{parse_finite, CsvRow, CsvTable, Header};
pub use folder::{
    beside, check_replaceable, entries_under, files_line, files_listed, refuse_holding, write_csv,
    Owner, Staging,
};
pub use lock::{remove_left_work, Lock};
pub use range::Range;

/// A number as written in results: rounded to 1e-6 of its unit, no `-0`, empty for NaN.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        return String::new();
    }
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

/// Tolerance, in MW (or MWh), under which a value counts as sitting on a bound.
pub fn bound_tolerance_mw(bound_mw: f64) -> f64 {
    1e-6 * bound_mw.abs().max(1.0)
}
