//! Economic dispatch as a linear program (good_lp + HiGHS, quiet, one thread):
//! minimise Σ offer·g + VOLL·shortage subject to an energy balance per zone and hour,
//! 0 ≤ g ≤ capacity × availability. The price is the balance's dual.

use good_lp::solvers::highs::highs;
use good_lp::solvers::DualValues;
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionWithDual,
    SolverModel, Variable,
};
use ndarray::Array2;

use super::{available_mw, bound_tolerance_mw, offers, price_hour, Dispatch};
use crate::error::{Error, Result};
use crate::scenario::Scenario;

/// Largest gap tolerated between HiGHS's dual and the interval of optimal duals, €/MWh
/// (relative to the price's size): beyond it the solve is reported as inconsistent.
const DUAL_TOLERANCE: f64 = 1e-6;

pub fn solve(scenario: &Scenario, tau_eur_per_t: f64) -> Result<Dispatch> {
    let hours = scenario.hours();
    let zones = scenario.zones.len();
    let voll = scenario.market.voll_eur_per_mwh;
    let offer = offers(scenario, tau_eur_per_t);
    let available = available_mw(scenario);

    let mut vars = ProblemVariables::new();
    let mut objective = Expression::with_capacity(hours * (scenario.units.len() + zones));
    // Units with no capacity in an hour get no variable.
    let generation: Array2<Option<Variable>> =
        Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
            let cap = available[[h, u]];
            (cap > 0.0).then(|| {
                let g = vars.add(variable().min(0.0).max(cap));
                objective.add_mul(offer[u], g);
                g
            })
        });
    let shortage: Array2<Variable> = Array2::from_shape_fn((hours, zones), |(h, z)| {
        let s = vars.add(variable().min(0.0).max(scenario.demand_mw[[h, z]]));
        objective.add_mul(voll, s);
        s
    });

    let mut model = vars.minimise(objective).using(highs).set_threads(1);
    let mut balance = Vec::with_capacity(hours * zones);
    for h in 0..hours {
        for z in 0..zones {
            let mut supply = Expression::with_capacity(scenario.units.len() + 1);
            for (u, unit) in scenario.units.iter().enumerate() {
                if let (true, Some(g)) = (unit.zone == z, generation[[h, u]]) {
                    supply.add_mul(1.0, g);
                }
            }
            supply.add_mul(1.0, shortage[[h, z]]);
            balance.push(model.add_constraint(supply.eq(scenario.demand_mw[[h, z]])));
        }
    }

    let failure = |message: String| Error::Solve {
        tau_eur_per_t,
        first_hour: 0,
        last_hour: hours.saturating_sub(1),
        message,
    };
    let mut solution = model.solve().map_err(|e| {
        failure(match e {
            ResolutionError::Infeasible => "the dispatch LP is infeasible".into(),
            ResolutionError::Unbounded => "the dispatch LP is unbounded".into(),
            other => format!("HiGHS failed: {other}"),
        })
    })?;

    // Values within the solver's tolerance of a bound are put on it, so that
    // results are clean and the price rule sees which units sit on a bound.
    let snap = |value: f64, upper: f64| {
        let tol = bound_tolerance_mw(upper);
        if value <= tol {
            0.0
        } else if value >= upper - tol {
            upper
        } else {
            value
        }
    };
    let generation_mw = Array2::from_shape_fn((hours, scenario.units.len()), |(h, u)| {
        generation[[h, u]].map_or(0.0, |g| snap(solution.value(g), available[[h, u]]))
    });
    let unserved_mw = Array2::from_shape_fn((hours, zones), |(h, z)| {
        snap(solution.value(shortage[[h, z]]), scenario.demand_mw[[h, z]])
    });

    let duals = solution.compute_dual();
    let mut prices = Vec::with_capacity(hours * zones);
    for h in 0..hours {
        for z in 0..zones {
            let price = price_hour(
                scenario
                    .units
                    .iter()
                    .enumerate()
                    .filter(|(_, unit)| unit.zone == z)
                    .map(|(u, _)| (u, offer[u], available[[h, u]], generation_mw[[h, u]])),
                scenario.demand_mw[[h, z]],
                unserved_mw[[h, z]],
                voll,
            );
            let dual = duals.dual(balance[h * zones + z].clone());
            let slack = DUAL_TOLERANCE * price.price_eur_per_mwh.abs().max(1.0);
            if !(dual >= price.lo_eur_per_mwh - slack && dual <= price.hi_eur_per_mwh + slack) {
                return Err(Error::Solve {
                    tau_eur_per_t,
                    first_hour: h,
                    last_hour: h,
                    message: format!(
                        "zone {}: HiGHS's dual {dual} €/MWh lies outside the optimal interval [{}, {}]",
                        scenario.zones[z], price.lo_eur_per_mwh, price.hi_eur_per_mwh
                    ),
                });
            }
            prices.push(price);
        }
    }
    Ok(Dispatch {
        tau_eur_per_t,
        generation_mw,
        unserved_mw,
        prices: Array2::from_shape_vec((hours, zones), prices).expect("hours × zones"),
    })
}
