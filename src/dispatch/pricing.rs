//! The price rule shared by the LP and the merit order. Where hours are not coupled,
//! the optimal dual of a zone's balance in an hour is the set [lo, hi] with
//! lo = the dearest unit running at its limit and hi = the cheapest idle unit (or VOLL;
//! a unit at its must-run output counts as idle, one that must run in full not at all);
//! a unit strictly between its bounds pins it to one value. Where the set is an
//! interval we report its lower end: the marginal cost of the last MWh produced.

use super::{bound_tolerance_mw, PriceSetter};

/// The price of one zone in one hour, with the interval of optimal duals it came from.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HourPrice {
    pub price_eur_per_mwh: f64,
    pub setter: PriceSetter,
    /// Whether the dual is unique (`lo == hi`).
    pub unique: bool,
    /// Lower and upper end of the optimal dual set, €/MWh.
    pub lo_eur_per_mwh: f64,
    pub hi_eur_per_mwh: f64,
}

/// Prices one zone-hour from its dispatch. `units` lists `(unit index, marginal cost,
/// must-run MW, available MW, generation MW)` of the zone's units.
pub fn price_hour(
    units: impl Iterator<Item = (usize, f64, f64, f64, f64)>,
    demand_mw: f64,
    unserved_mw: f64,
    voll_eur_per_mwh: f64,
) -> HourPrice {
    price_interval(units, demand_mw, unserved_mw, voll_eur_per_mwh).0
}

/// As `price_hour`, with what sets the upper end of the interval (the cheapest idle
/// unit, or shortage).
pub(crate) fn price_interval(
    units: impl Iterator<Item = (usize, f64, f64, f64, f64)>,
    demand_mw: f64,
    unserved_mw: f64,
    voll_eur_per_mwh: f64,
) -> (HourPrice, PriceSetter) {
    if unserved_mw > bound_tolerance_mw(demand_mw) {
        let price = HourPrice {
            price_eur_per_mwh: voll_eur_per_mwh,
            setter: PriceSetter::Shortage,
            unique: true,
            lo_eur_per_mwh: voll_eur_per_mwh,
            hi_eur_per_mwh: voll_eur_per_mwh,
        };
        return (price, PriceSetter::Shortage);
    }
    // (cost, unit) of: a unit between its bounds, the dearest at its upper bound,
    // the cheapest at its lower bound. Ties go to the first unit, for determinism.
    let mut interior: Option<(f64, usize)> = None;
    let mut at_upper: Option<(f64, usize)> = None;
    let mut at_lower: Option<(f64, usize)> = None;
    for (unit, cost, must_run, available, generation) in units {
        let tol = bound_tolerance_mw(available);
        if available - must_run <= tol {
            continue; // nothing to choose this hour: the unit constrains no price
        }
        if generation <= must_run + tol {
            if at_lower.is_none_or(|(c, _)| cost < c) {
                at_lower = Some((cost, unit));
            }
        } else if generation >= available - tol {
            if at_upper.is_none_or(|(c, _)| cost > c) {
                at_upper = Some((cost, unit));
            }
        } else if interior.is_none_or(|(c, _)| cost > c + 1e-9 * c.abs().max(1.0)) {
            // Part-loaded units share the price; offers equal but for the solver's
            // rounding (Cournot firms' marginal revenue) keep the first unit.
            interior = Some((cost, unit));
        }
    }
    if let Some((cost, unit)) = interior {
        let price = HourPrice {
            price_eur_per_mwh: cost,
            setter: PriceSetter::Unit(unit),
            unique: true,
            lo_eur_per_mwh: cost,
            hi_eur_per_mwh: cost,
        };
        return (price, PriceSetter::Unit(unit));
    }
    let (hi, hi_setter) = match at_lower {
        Some((cost, unit)) if cost < voll_eur_per_mwh => (cost, PriceSetter::Unit(unit)),
        _ => (voll_eur_per_mwh, PriceSetter::Shortage),
    };
    let price = match at_upper {
        Some((lo, unit)) => HourPrice {
            price_eur_per_mwh: lo,
            setter: PriceSetter::Unit(unit),
            unique: lo == hi,
            lo_eur_per_mwh: lo,
            hi_eur_per_mwh: hi,
        },
        // Nothing runs (no load): any price up to the cheapest idle unit clears; report that one.
        None => HourPrice {
            price_eur_per_mwh: hi,
            setter: hi_setter,
            unique: false,
            lo_eur_per_mwh: f64::NEG_INFINITY,
            hi_eur_per_mwh: hi,
        },
    };
    (price, hi_setter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_loaded_unit_sets_a_unique_price() {
        let p = price_hour(
            [
                (0, 10.0, 0.0, 100.0, 100.0),
                (1, 20.0, 0.0, 100.0, 50.0),
                (2, 30.0, 0.0, 100.0, 0.0),
            ]
            .into_iter(),
            150.0,
            0.0,
            3000.0,
        );
        assert_eq!(p.price_eur_per_mwh, 20.0);
        assert_eq!(p.setter, PriceSetter::Unit(1));
        assert!(p.unique);
    }

    #[test]
    fn load_on_a_step_reports_the_last_running_unit() {
        let p = price_hour(
            [
                (0, 10.0, 0.0, 100.0, 100.0),
                (1, 20.0, 0.0, 100.0, 100.0),
                (2, 30.0, 0.0, 100.0, 0.0),
            ]
            .into_iter(),
            200.0,
            0.0,
            3000.0,
        );
        assert_eq!(
            (p.price_eur_per_mwh, p.lo_eur_per_mwh, p.hi_eur_per_mwh),
            (20.0, 20.0, 30.0)
        );
        assert!(!p.unique);
    }

    #[test]
    fn shortage_prices_at_voll_and_idle_units_without_capacity_do_not_count() {
        let p = price_hour(
            [(0, 10.0, 0.0, 100.0, 100.0)].into_iter(),
            150.0,
            50.0,
            3000.0,
        );
        assert_eq!(
            (p.price_eur_per_mwh, p.setter),
            (3000.0, PriceSetter::Shortage)
        );
        let q = price_hour(
            [(0, 10.0, 0.0, 100.0, 100.0), (1, 0.0, 0.0, 0.0, 0.0)].into_iter(),
            100.0,
            0.0,
            3000.0,
        );
        assert_eq!((q.lo_eur_per_mwh, q.hi_eur_per_mwh), (10.0, 3000.0));
    }
}
