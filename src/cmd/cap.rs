//! `carbonpass cap`: the dispatch under an emissions cap, the allowance price from the
//! cap's dual.

use std::path::PathBuf;

use super::{load_scenario, summary_table};
use crate::analysis::Outcome;
use crate::dispatch::lp::Cap;
use crate::error::Result;
use crate::output::{self, RunInfo};
use crate::scenario::Scenario;

/// Solves under the cap, prints the summary and says where the results are.
pub fn run(request: &CapRequest) -> Result<()> {
    let (scenario, outcomes) = run_cap(request)?;
    print!("{}", summary_table(&scenario, &outcomes));
    if let Some(out) = &request.out {
        eprintln!("results written to {}", out.display());
    }
    Ok(())
}

pub struct CapRequest {
    pub scenario: PathBuf,
    pub cap: Cap,
    pub out: Option<PathBuf>,
    pub png: bool,
    pub scale_capacity: Vec<String>,
}

/// Solves the scenario under an emissions cap: the allowance price is what the cap
/// yields (at least the floor, at most the ceiling); writes a result folder as a sweep
/// of that one carbon price would.
pub fn run_cap(request: &CapRequest) -> Result<(Scenario, Vec<Outcome>)> {
    let scenario = load_scenario(&request.scenario, &request.scale_capacity)?;
    let cap = request.cap;
    let usage = |why: &str| crate::Error::Usage(format!("cap: {why}"));
    if !(cap.cap_t.is_finite() && cap.cap_t >= 0.0) {
        return Err(usage("--cap-t must be a number of tonnes ≥ 0"));
    }
    if !(cap.floor_eur_per_t.is_finite() && cap.floor_eur_per_t >= 0.0) {
        return Err(usage("--floor-eur-per-t must be a price ≥ 0"));
    }
    if let Some(ceiling) = cap.ceiling_eur_per_t {
        if !(ceiling.is_finite() && ceiling >= cap.floor_eur_per_t) {
            return Err(usage(
                "--ceiling-eur-per-t must be a price at or above the floor",
            ));
        }
    }
    if scenario
        .units
        .iter()
        .any(|u| u.benchmark_t_per_mwh() != 0.0 || u.markup() != 0.0)
    {
        return Err(usage(
            "a cap with output-based benchmarks or markups is not modelled; remove \
             [allocation] benchmark_t_per_mwh and [market_power] from the scenario",
        ));
    }
    use crate::scenario::Pricing;
    if scenario.market.pricing == Pricing::Administered {
        return Err(usage(
            "administered dispatch ignores costs, so no allowance price can make it meet a cap",
        ));
    }
    let mut dispatch =
        crate::dispatch::lp::solve_with_cap(&scenario, cap.floor_eur_per_t, Some(cap))?;
    if scenario.market.pricing == Pricing::AverageCost {
        let tau = dispatch.tau_eur_per_t;
        crate::dispatch::tariff::apply_tariff(&scenario, tau, &mut dispatch);
    }
    let outcomes = vec![crate::analysis::reduce(&scenario, dispatch)];
    if let Some(out) = &request.out {
        let info = RunInfo {
            scenario_path: &request.scenario,
            method: "lp with emissions cap",
            png: request.png,
            hourly_passthrough: false,
        };
        output::write_results(out, &scenario, &outcomes, &info)?;
    }
    Ok((scenario, outcomes))
}
