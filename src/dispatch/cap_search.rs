//! An emissions cap where a unit's offer does not rise with the allowance price by the
//! tonnes the cap counts for it: with an output-based benchmark b it rises by e − b (the
//! free allowances are a subsidy to output at the allowance price), with a markup m by
//! (1 + m)·e. The cap's dual then prices the wrong slope, so the cap cannot be a row of
//! the LP alone. The allowance price is found instead as the price τ* at which the
//! dispatch's emissions meet the cap: the least τ (from the floor, up to the ceiling)
//! whose emissions are within it, by bisection to 1e-9 of τ, then one solve at τ* with the
//! cap as an equality, which splits the output of the units that tie there so that
//! emissions meet the cap exactly (the row's dual is then within the bisection's width). Assumes emissions do not rise with τ between the
//! floor and τ*; where a benchmark makes them rise, the τ found is one that meets the cap.

use super::finish::finish;
use super::lp::{solve_error, Cap};
use super::{dispatch_warm, warm, Dispatch};
use crate::error::{Error, Result};
use crate::model::{Bounds, Held, Request};
use crate::scenario::Scenario;
use crate::solve::Lp;
use crate::util::Range;

/// Relative width at which the bisection stops.
const WIDTH: f64 = 1e-9;

/// The dispatch under `cap`, its allowance price found by search. `chain` solves at
/// carbon prices (warm from one solve to the next).
pub fn solve(scenario: &Scenario, cap: Cap, chain: &mut warm::Chain) -> Result<Dispatch> {
    let tolerance = crate::util::bound_tolerance_mw(cap.cap_t);
    let mut meets = |tau: f64| -> Result<(bool, Dispatch)> {
        let d = dispatch_warm(chain, tau)?;
        Ok((d.emissions_t(scenario) <= cap.cap_t + tolerance, d))
    };
    let floor = cap.floor_eur_per_t;
    let (met, at_floor) = meets(floor)?;
    if met {
        return Ok(at_floor);
    }
    let mut hi = match cap.ceiling_eur_per_t {
        Some(ceiling) => {
            let (met, at_ceiling) = meets(ceiling)?;
            if !met {
                // Allowances are sold without limit at the ceiling.
                return Ok(at_ceiling);
            }
            ceiling
        }
        None => {
            let most = Range::CARBON_PRICE.max;
            let mut hi = (2.0 * floor).max(100.0).min(most);
            loop {
                if meets(hi)?.0 {
                    break hi;
                }
                if hi >= most {
                    return Err(Error::Usage(format!(
                        "cap: {} t CO2 is not met at any allowance price up to {most} €/t: \
                         not even then do the units' offers make the dispatch emit that \
                         little",
                        cap.cap_t
                    )));
                }
                hi = (2.0 * hi).min(most);
            }
        }
    };
    let mut lo = floor;
    while hi - lo > WIDTH * hi.max(1.0) {
        let mid = 0.5 * (lo + hi);
        if meets(mid)?.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // At τ* the units that switch there tie: of their dispatches, the market takes the
    // one whose emissions equal the cap (an allowance price above the floor clears only
    // then), so the cap is stated as an equality at τ*.
    let bounds = Bounds::of(scenario);
    let offer = scenario.offers(hi);
    let at = Cap {
        cap_t: cap.cap_t,
        floor_eur_per_t: hi,
        ceiling_eur_per_t: None,
    };
    let request = Request {
        scenario,
        bounds: &bounds,
        offer_eur_per_mwh: &offer,
        held: &Held::none(&bounds),
        cap: Some(at),
        start: None,
    };
    let failed = |f| solve_error(scenario, hi, f);
    let equal = |lp: &mut Lp| {
        let row = lp.layout.cap_row.expect("a cap states its row");
        lp.change_row_bounds(&[(row, cap.cap_t, cap.cap_t)]);
    };
    let (solution, lp) = Lp::solved(&request, equal).map_err(failed)?;
    let values = (lp.layout).read(scenario, &bounds, &solution.columns, &solution.row_duals);
    finish(scenario, hi, &offer, &bounds, values, None)
}
