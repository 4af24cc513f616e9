//! The numbers a numeric cell or setting accepts, and how to say so in a message.

/// The numbers a numeric column accepts: an interval, each end open or closed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub min_open: bool,
    pub max: f64,
    pub max_open: bool,
}

impl Range {
    pub const ANY: Range = Range::between(f64::NEG_INFINITY, f64::INFINITY);
    pub const NON_NEGATIVE: Range = Range::between(0.0, f64::INFINITY);
    pub const POSITIVE: Range = Range {
        min_open: true,
        ..Range::NON_NEGATIVE
    };
    /// [0, 1]
    pub const FRACTION: Range = Range::between(0.0, 1.0);
    /// (0, 1]: an efficiency, which cannot be 0.
    pub const EFFICIENCY: Range = Range {
        min_open: true,
        ..Range::FRACTION
    };

    /// The closed interval [min, max].
    pub const fn between(min: f64, max: f64) -> Range {
        Range {
            min,
            min_open: false,
            max,
            max_open: false,
        }
    }

    pub fn contains(self, v: f64) -> bool {
        let above = if self.min_open {
            v > self.min
        } else {
            v >= self.min
        };
        let below = if self.max_open {
            v < self.max
        } else {
            v <= self.max
        };
        above && below
    }

    /// A value given outside a CSV (in the TOML): Ok, or what was expected.
    pub fn check(self, v: f64) -> Result<(), String> {
        if v.is_finite() && self.contains(v) {
            Ok(())
        } else {
            Err(format!("expected {}, got {v}", self.what()))
        }
    }

    /// What a value must be, for messages: "a number ≥ 0", "a fraction in [0, 1]".
    pub fn what(self) -> String {
        match self.interval() {
            None => "a number".into(),
            Some(i) if self.min == 0.0 && self.max == 1.0 => format!("a fraction in {i}"),
            Some(i) if self.max == f64::INFINITY => format!("a number {i}"),
            Some(i) => format!("a number in {i}"),
        }
    }

    /// The interval as written in tables: "≥ 0", "> 0", "[0, 1]", "(0, 1]"; `None` for any
    /// number.
    pub fn interval(self) -> Option<String> {
        let num = super::num;
        match (self.min == f64::NEG_INFINITY, self.max == f64::INFINITY) {
            (true, true) => None,
            (false, true) => Some(format!(
                "{} {}",
                if self.min_open { ">" } else { "≥" },
                num(self.min)
            )),
            (true, false) => Some(format!(
                "{} {}",
                if self.max_open { "<" } else { "≤" },
                num(self.max)
            )),
            (false, false) => Some(format!(
                "{}{}, {}{}",
                if self.min_open { "(" } else { "[" },
                num(self.min),
                num(self.max),
                if self.max_open { ")" } else { "]" }
            )),
        }
    }
}
