//! Carbon price grids: `start:stop:step`, a list `0,25,50`, or one price.

/// Carbon prices used when neither the scenario nor the command line gives any, €/t.
pub const DEFAULT_GRID: (f64, f64, f64) = (0.0, 100.0, 10.0);

/// The most carbon prices one sweep accepts.
pub const MAX_PRICES: usize = 1_000_000;

/// `start, start+step, ..., stop` (stop included when it lies on the grid), each value
/// computed as `start + k·step` and rounded to 1e-9 €/t so that 0.1-steps print cleanly.
pub fn range(start: f64, stop: f64, step: f64) -> Result<Vec<f64>, String> {
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
            "{} carbon prices is more than the {MAX_PRICES} one sweep accepts",
            steps + 1.0
        ));
    }
    let values = (0..=steps as usize)
        .map(|k| round_nano(start + k as f64 * step))
        .collect();
    normalise(values)
}

/// Sorts, removes duplicates and checks that every price is finite and ≥ 0.
pub fn normalise(mut prices: Vec<f64>) -> Result<Vec<f64>, String> {
    if prices.is_empty() {
        return Err("the list of carbon prices is empty".into());
    }
    if let Some(bad) = prices.iter().find(|p| !p.is_finite() || **p < 0.0) {
        return Err(format!(
            "carbon prices must be finite and ≥ 0 €/t, got {bad}"
        ));
    }
    prices.sort_by(f64::total_cmp);
    prices.dedup();
    Ok(prices)
}

/// Parses the command-line form: `0:100:5`, `0,25,50` or `30`.
pub fn parse(spec: &str) -> Result<Vec<f64>, String> {
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .map_err(|_| format!("`{}` is not a number in carbon prices `{spec}`", s.trim()))
    };
    let parts: Vec<&str> = spec.split(':').collect();
    match parts.as_slice() {
        [start, stop, step] => range(number(start)?, number(stop)?, number(step)?),
        [single] => normalise(single.split(',').map(number).collect::<Result<_, _>>()?),
        _ => Err(format!(
            "carbon prices `{spec}`: expected start:stop:step (0:100:5), a list (0,25,50) or one price (30)"
        )),
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
        assert!(parse("-5").unwrap_err().contains("≥ 0"));
        assert!(parse("a,b").unwrap_err().contains("not a number"));
        assert!(parse("1:2").unwrap_err().contains("expected"));
        assert!(parse("0:1e9:0.0001").unwrap_err().contains("more than"));
    }
}
