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
    write_csv, write_csv_parts, Owner, Record, Staging,
};
pub use lock::{remove_left_work, Lock};
pub use range::Range;

/// A number as written in results: rounded to 1e-6 of its unit, no `-0`, empty for NaN;
/// the shortest decimal that reads back as the rounded value, never with an exponent.
pub fn num(x: f64) -> String {
    Num::new().format(x).to_owned()
}

/// `num` without an allocation per number, for files of millions of cells.
pub struct Num {
    /// The last number's characters, right-aligned.
    digits: [u8; 24],
    /// Where a number of 10⁹ or more is written by `{}`.
    spelled: String,
}

impl Num {
    pub fn new() -> Self {
        Num {
            digits: [0; 24],
            spelled: String::new(),
        }
    }

    /// `x` as `num` writes it.
    pub fn format(&mut self, x: f64) -> &str {
        std::str::from_utf8(self.bytes(x)).expect("digits, a point and a sign")
    }

    /// `x` as `num` writes it, as bytes.
    pub fn bytes(&mut self, x: f64) -> &[u8] {
        if x.is_nan() {
            return b"";
        }
        let millionths = (x * 1e6).round();
        if millionths == 0.0 {
            return b"0";
        }
        if millionths.abs() >= 1e15 {
            use std::fmt::Write;
            self.spelled.clear();
            write!(self.spelled, "{}", millionths / 1e6).expect("writing to a String");
            return self.spelled.as_bytes();
        }
        // The rounded value r is the double nearest n / 10⁶ for the whole number n; n's
        // decimal with the point put back has at most 15 significant digits, so it is
        // the only decimal that short to read back as r — the shortest, which is what
        // `{}` writes. Written from the last digit back.
        let n = millionths.abs() as u64;
        let mut at = self.digits.len();
        let mut put = |digit: u8| {
            at -= 1;
            self.digits[at] = digit;
        };
        let (mut whole, mut fraction) = (n / 1_000_000, n % 1_000_000);
        if fraction != 0 {
            let mut places = 6;
            while fraction % 10 == 0 {
                fraction /= 10;
                places -= 1;
            }
            for _ in 0..places {
                put(b'0' + (fraction % 10) as u8);
                fraction /= 10;
            }
            put(b'.');
        }
        loop {
            put(b'0' + (whole % 10) as u8);
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if millionths < 0.0 {
            put(b'-');
        }
        &self.digits[at..]
    }
}

impl Default for Num {
    fn default() -> Self {
        Num::new()
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
