//! The leading columns every result file shares, and how a result column is made.

use super::{Column, Kind, Need, Range};
use Need::*;

/// A result column; its kind follows from its unit.
pub(super) const fn col(
    name: &'static str,
    unit: &'static str,
    need: Need,
    meaning: &'static str,
) -> Column {
    let kind = match unit.as_bytes() {
        b"text" => Kind::Text,
        b"true/false" | b"bool" => Kind::Flag,
        _ => Kind::Number(Range::ANY),
    };
    Column::new(name, unit, kind, need, meaning)
}

// The leading columns of the result files.
pub(super) const CARBON_PRICE: Column = col(
    "carbon_price_eur_per_t",
    "€/t",
    Required,
    "carbon price of the run",
);
pub(super) const TAU_FROM: Column = col(
    "carbon_price_from_eur_per_t",
    "€/t",
    Required,
    "lower end of the interval",
);
pub(super) const TAU_TO: Column = col(
    "carbon_price_to_eur_per_t",
    "€/t",
    Required,
    "upper end of the interval",
);
pub(super) const HOUR: Column = col("hour", "0-based integer", Required, "row of demand.csv");
pub(super) const ZONE: Column = col("zone", "text", Required, "zone");
