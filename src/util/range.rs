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

    // What the LP can represent. HiGHS solves to absolute tolerances of about 1e-7 (in
    // MW, MWh, €), so a number far above the others of the problem is not solved to a
    // meaningful precision: a unit of 1e10 MW against a load of 30,000 MW came back as no
    // generation and no unserved energy. These limits lie well above any real system
    // (1 TW is more than the whole European fleet) and well below that loss.

    /// Power, MW: [0, 1e6].
    pub const POWER: Range = Range::between(0.0, 1e6);
    /// Power that must be positive, MW: (0, 1e6].
    pub const POWER_POSITIVE: Range = Range {
        min_open: true,
        ..Range::POWER
    };
    /// Stored energy, MWh: [0, 1e9] (Norway's reservoirs hold 8.7e7 MWh).
    pub const ENERGY: Range = Range::between(0.0, 1e9);
    /// A cost or price per MWh, €/MWh, negative for a gate fee or a subsidy: [−1e5, 1e5].
    pub const COST: Range = Range::between(-1e5, 1e5);
    /// An emission factor, t CO2/MWh: [0, 10] (lignite at 30 % efficiency emits 1.3).
    pub const INTENSITY: Range = Range::between(0.0, 10.0);
    /// A carbon price, €/t: [0, 1e5].
    pub const CARBON_PRICE: Range = Range::between(0.0, 1e5);
    /// A markup over marginal cost, as a fraction: [0, 100].
    pub const MARKUP: Range = Range::between(0.0, 100.0);
    /// A cost per MW of capacity, €/MW: [0, 1e7].
    pub const COST_PER_MW: Range = Range::between(0.0, 1e7);
    /// The value of lost load, €/MWh: (0, 1e5].
    pub const VOLL: Range = Range {
        min_open: true,
        ..Range::between(0.0, 1e5)
    };
    /// An emissions cap over the horizon, t CO2: [0, 1e12].
    pub const CAP: Range = Range::between(0.0, 1e12);

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
            Err(format!("expected {}, got {}", self.what(), super::shown(v)))
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
