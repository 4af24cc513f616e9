//! `carbonpass run`: one carbon price, its summary printed; a result folder with --out.

use super::print_summaries;
use super::sweep::{run_sweep, SweepRequest};
use crate::carbon;
use crate::error::Result;

/// Solves the request's one carbon price and prints its summary.
pub fn run(request: &SweepRequest) -> Result<()> {
    one_price(request)?;
    print_summaries(&run_sweep(request)?);
    Ok(())
}

/// Checks that a request names exactly one carbon price (for `carbonpass run`).
pub fn one_price(request: &SweepRequest) -> Result<f64> {
    let usage = |why: String| crate::Error::Usage(format!("run solves one carbon price: {why}"));
    let spec = request
        .carbon
        .as_deref()
        .ok_or_else(|| usage("give it with --carbon, e.g. --carbon 30 (€/t CO2)".into()))?;
    match carbon::parse(spec).map_err(usage)?.as_slice() {
        [tau] => Ok(*tau),
        many => Err(usage(format!(
            "--carbon {spec} gives {} prices; use `carbonpass sweep` for several",
            many.len()
        ))),
    }
}
