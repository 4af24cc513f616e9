//! Small helpers that every stage may use, at the bottom of the flow: how numbers are
//! written, the numbers a cell accepts, CSV files read with line numbers, and folders
//! written beside their target and moved into place whole.

mod countries;
mod csv_table;
mod folder;
mod lock;
mod range;

pub use crate::error::os_reason;
pub use countries::zone_of_country;
pub use csv_table::{parse_finite, CsvRow, CsvTable, Header, NO_ROWS};
pub use folder::{
    beside, check_replaceable, check_target, entries_under, files_line, files_listed, toml_list,
    write_csv, Owner, Staging,
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

/// The name among `known` that `name` is most likely a typo of: within two edits (one
/// for short names), equal but for case, or one the start of the other (a unit suffix
/// left off, six characters or more in common); `None` when it is clearly something else.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = if name.chars().count() <= 4 { 1 } else { 2 };
    known
        .into_iter()
        .filter(|k| *k != name)
        .map(|k| {
            let shorter = name.len().min(k.len());
            let d = if k.eq_ignore_ascii_case(name) {
                0
            } else if shorter >= 6 && (k.starts_with(name) || name.starts_with(k)) {
                allowed
            } else {
                strsim::damerau_levenshtein(name, k)
            };
            (d, k)
        })
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A number as shown in a message: as written for everyday sizes, in exponent form for
/// very large or very small ones (1e300, not three hundred digits).
pub fn shown(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-6..1e9).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Tolerance, in MW (or MWh), under which a value counts as sitting on a bound.
pub fn bound_tolerance_mw(bound_mw: f64) -> f64 {
    1e-6 * bound_mw.abs().max(1.0)
}
