//! Grids of values given on the command line or in a scenario: carbon prices (and caps,
//! in tonnes) as `start:stop:step`, a list `0,25,50`, or one value.

use crate::util::Range;

/// Carbon prices used when neither the scenario nor the command line gives any, €/t.
pub const DEFAULT_GRID: (f64, f64, f64) = (0.0, 100.0, 10.0);

/// The most carbon prices one sweep accepts.
pub const MAX_PRICES: usize = 1_000_000;

/// What a grid holds, for its messages.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    /// The values, plural: "carbon prices".
    pub what: &'static str,
    pub unit: &'static str,
    /// The values accepted.
    pub range: Range,
}

pub const CARBON_PRICES: Grid = Grid {
    what: "carbon prices",
    unit: "€/t",
    range: Range::CARBON_PRICE,
};

pub const CAPS: Grid = Grid {
    what: "caps",
    unit: "t CO2",
    range: Range::CAP,
};

/// `start, start+step, ..., stop` (stop included when it lies on the grid), each value
/// computed as `start + k·step` and rounded to 1e-9 €/t so that 0.1-steps print cleanly.
pub fn range(start: f64, stop: f64, step: f64) -> Result<Vec<f64>, String> {
    CARBON_PRICES.range(start, stop, step)
}

/// Sorts, removes duplicates and checks that every price is finite and ≥ 0.
pub fn normalise(prices: Vec<f64>) -> Result<Vec<f64>, String> {
    CARBON_PRICES.normalise(prices)
}

/// Parses the command-line form: `0:100:5`, `0,25,50` or `30`.
pub fn parse(spec: &str) -> Result<Vec<f64>, String> {
    CARBON_PRICES.parse(spec)
}

impl Grid {
    /// As `range`, for this grid's values.
    pub fn range(self, start: f64, stop: f64, step: f64) -> Result<Vec<f64>, String> {
        if !(start.is_finite() && stop.is_finite() && step.is_finite()) {
            return Err("start, stop and step must be finite numbers".into());
        }
        if step <= 0.0 {
            return Err(format!("step must be > 0, got {step}"));
        }
        if stop < start {
            return Err(format!("stop ({stop}) must not be below start ({start})"));
        }
        let steps = ((stop - start) / step + 1e-9).floor();
        if steps + 1.0 > MAX_PRICES as f64 {
            return Err(format!(
                "{} {} is more than the {MAX_PRICES} one sweep accepts",
                steps + 1.0,
                self.what
            ));
        }
        let values = (0..=steps as usize)
            .map(|k| round_nano(start + k as f64 * step))
            .collect();
        self.normalise(values)
    }

    /// Sorts, removes duplicates and checks that every value is in the grid's range.
    pub fn normalise(self, mut values: Vec<f64>) -> Result<Vec<f64>, String> {
        if values.is_empty() {
            return Err(format!("the list of {} is empty", self.what));
        }
        if let Some(bad) = values.iter().find(|p| !self.range.contains(**p)) {
            return Err(format!(
                "{} must be in {} {}, got {bad}",
                self.what,
                self.range.interval().unwrap_or_default(),
                self.unit,
                bad = crate::util::shown(*bad),
            ));
        }
        values.sort_by(f64::total_cmp);
        values.dedup();
        Ok(values)
    }

    /// Parses the command-line form: `0:100:5`, `0,25,50` or `30`.
    pub fn parse(self, spec: &str) -> Result<Vec<f64>, String> {
        let what = self.what;
        let number = |s: &str| {
            s.trim()
                .parse::<f64>()
                .map_err(|_| format!("`{}` is not a number in {what} `{spec}`", s.trim()))
        };
        let parts: Vec<&str> = spec.split(':').collect();
        match parts.as_slice() {
            [start, stop, step] => self.range(number(start)?, number(stop)?, number(step)?),
            [single] => self.normalise(single.split(',').map(number).collect::<Result<_, _>>()?),
            _ => Err(format!(
                "{what} `{spec}`: expected start:stop:step (0:100:5), a list (0,25,50) or one value (30)"
            )),
        }
    }
}

fn round_nano(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_includes_its_stop_and_prints_cleanly() {
        assert_eq!(parse("0:1:0.1").unwrap().len(), 11);
        assert_eq!(parse("0:1:0.1").unwrap()[3], 0.3);
        assert_eq!(
            parse("0:100:25").unwrap(),
            vec![0.0, 25.0, 50.0, 75.0, 100.0]
        );
        assert_eq!(parse("0:10:4").unwrap(), vec![0.0, 4.0, 8.0]);
    }

    #[test]
    fn lists_are_sorted_and_deduplicated() {
        assert_eq!(parse("50, 0,25,25").unwrap(), vec![0.0, 25.0, 50.0]);
        assert_eq!(parse("30").unwrap(), vec![30.0]);
    }

    #[test]
    fn bad_grids_are_refused_with_a_reason() {
        assert!(parse("0:100:0").unwrap_err().contains("step"));
        assert!(parse("10:0:1").unwrap_err().contains("stop"));
        assert!(parse("-5").unwrap_err().contains("in [0, 100000] €/t"));
        assert!(parse("1e300").unwrap_err().contains("in [0, 100000] €/t"));
        assert!(parse("a,b").unwrap_err().contains("not a number"));
        assert!(parse("1:2").unwrap_err().contains("expected"));
        assert!(parse("0:1e9:0.0001").unwrap_err().contains("more than"));
    }
}
