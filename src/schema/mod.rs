//! The data contract written down once: every column of every input and result file, with
//! its unit, the values it takes, its default and its meaning. Readers check cells
//! against it and take defaults from it, importers write their headers from it, and
//! `carbonpass schema` and the README's tables print it (a test checks the README).

mod channels;
mod columns;
mod inputs;
mod results;

pub use channels::*;
pub use inputs::{
    compensation, fuels, links, storage, units, COMPENSATION, DEMAND, FUELS, INPUTS, LINKS,
    PROFILES, STORAGE, UNITS,
};
pub use results::*;

pub use crate::util::Range;

/// Whether a column must be present, and what an absent column or empty cell means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Need {
    Required,
    /// Required on some rows only; the text says which.
    RequiredIf(&'static str),
    /// Optional: absent or empty means this number.
    Default(f64),
    /// Optional: absent or empty means what the text says (no limit, another column's
    /// value, ...).
    Otherwise(&'static str),
    /// Optional, nothing assumed when absent.
    Optional,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    Number(Range),
    /// `true` or `false`.
    Flag,
    /// A number within the range, or a name of what the text says.
    NumberOrName(Range, &'static str),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub name: &'static str,
    /// Unit of measure ("MW", "€/MWh_el", "fraction"), or "text".
    pub unit: &'static str,
    pub kind: Kind,
    pub need: Need,
    pub meaning: &'static str,
}

impl Column {
    pub const fn new(
        name: &'static str,
        unit: &'static str,
        kind: Kind,
        need: Need,
        meaning: &'static str,
    ) -> Column {
        Column {
            name,
            unit,
            kind,
            need,
            meaning,
        }
    }

    /// The number an absent column or an empty cell stands for, if a number.
    pub fn default_number(&self) -> Option<f64> {
        match self.need {
            Need::Default(v) => Some(v),
            _ => None,
        }
    }

    /// The range of a numeric column (any number for others).
    pub fn range(&self) -> Range {
        match self.kind {
            Kind::Number(r) | Kind::NumberOrName(r, _) => r,
            Kind::Text | Kind::Flag => Range::ANY,
        }
    }

    fn values(&self) -> String {
        match self.kind {
            Kind::Text => "text".into(),
            Kind::Flag => "true/false".into(),
            Kind::Number(r) => r.interval().unwrap_or_else(|| "any number".into()),
            Kind::NumberOrName(r, name) => match r.interval() {
                Some(i) => format!("{i}, or {name}"),
                None => format!("a number, or {name}"),
            },
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub file: &'static str,
    pub about: &'static str,
    pub columns: &'static [Column],
}

impl Table {
    pub fn column_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().map(|c| c.name)
    }

    pub fn header(&self) -> Vec<&'static str> {
        self.column_names().collect()
    }

    /// The table as Markdown, as it stands in the README: inputs with the values each
    /// column takes and its default, results with their units.
    pub fn markdown(&self, input: bool) -> String {
        let mut out = format!("`{}` — {}\n\n", self.file, self.about);
        if input {
            out.push_str(
                "| column | unit | values | required | meaning |\n|---|---|---|---|---|\n",
            );
        } else {
            out.push_str("| column | unit | required | meaning |\n|---|---|---|---|\n");
        }
        for c in self.columns {
            let need = match c.need {
                Need::Required => "yes".to_string(),
                Need::RequiredIf(rows) => format!("for {rows}"),
                Need::Default(value) => format!("no (default: {})", crate::util::num(value)),
                Need::Otherwise(text) => format!("no (default: {text})"),
                Need::Optional => "no".to_string(),
            };
            if input {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    c.name,
                    c.unit,
                    c.values(),
                    need,
                    c.meaning
                ));
            } else {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    c.name, c.unit, need, c.meaning
                ));
            }
        }
        out
    }
}

/// The whole contract as Markdown: every input and result table.
pub fn markdown() -> String {
    let mut text = String::from("## Input files\n\n");
    for table in INPUTS {
        text.push_str(&table.markdown(true));
        text.push('\n');
    }
    text.push_str("## Result files\n\n");
    for table in RESULTS {
        text.push_str(&table.markdown(false));
        text.push('\n');
    }
    text
}

/// Every result file, in the order the README lists them.
pub const RESULTS: &[Table] = &[
    SUMMARY,
    PRICES,
    PASSTHROUGH,
    PASSTHROUGH_SLICES,
    PASSTHROUGH_HOURLY,
    PRICE_SETTING,
    FUEL_SWITCHES,
    ABATEMENT,
    WELFARE,
    PROFITS,
    DISPATCH,
    DISPATCH_HOURLY,
    FLOWS,
    STORAGE_DISPATCH,
    PASSTHROUGH_EXACT,
    COMPENSATION_AID,
    FIRMS,
    CAPS,
    VARIANTS,
];
