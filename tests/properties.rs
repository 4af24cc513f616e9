//! Facts from FRAMEWORK.md §1 that hold for every dispatch with fixed demand.

mod common;

use carbonpass::dispatch::{dispatch, Method};
use common::scenario_strategy;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn emissions_never_rise_with_the_carbon_price(
        s in scenario_strategy(), a in 0.0..150.0f64, b in 0.0..150.0f64,
    ) {
        let (low, high) = (a.min(b), a.max(b));
        let e_low = dispatch(&s, low, Method::Lp).unwrap().emissions_t(&s);
        let e_high = dispatch(&s, high, Method::Lp).unwrap().emissions_t(&s);
        prop_assert!(e_high <= e_low + 1e-7 * e_low.max(1.0), "E({high}) = {e_high} > E({low}) = {e_low}");
    }

    #[test]
    fn prices_rise_with_the_carbon_price_no_faster_than_the_dirtiest_unit(
        s in scenario_strategy(), a in 0.0..150.0f64, b in 0.0..150.0f64,
    ) {
        let (low, high) = (a.min(b), a.max(b));
        let max_e = s.max_emission_intensity_t_per_mwh();
        for method in [Method::MeritOrder, Method::Lp] {
            let p_low = dispatch(&s, low, method).unwrap().prices;
            let p_high = dispatch(&s, high, method).unwrap().prices;
            for h in 0..s.hours() {
                let dp = p_high[[h, 0]].price_eur_per_mwh - p_low[[h, 0]].price_eur_per_mwh;
                prop_assert!(dp >= -1e-9, "{:?} hour {}: price fell by {}", method, h, -dp);
                prop_assert!(
                    dp <= max_e * (high - low) + 1e-9,
                    "{:?} hour {}: dp/dτ = {} above max e = {}", method, h, dp / (high - low), max_e
                );
            }
        }
    }

    /// The decomposition of pass-through: own carbon cost + change of setter = dp/dτ, in
    /// every zone and interval; and where no hour's setter changes, the change is 0.
    #[test]
    fn the_parts_of_dp_dtau_add_up(
        s in scenario_strategy(), a in 0.0..150.0f64, b in 0.0..150.0f64,
    ) {
        let (low, high) = (a.min(b), a.max(b) + 0.5);
        let outcomes = common::outcomes(&s, &[low, high], Method::MeritOrder);
        for row in carbonpass::analysis::passthrough(&s, &outcomes) {
            let sum = row.own_cost_t_per_mwh + row.setter_change_t_per_mwh;
            prop_assert!((sum - row.dp_dtau_t_per_mwh).abs() <= 1e-9 * row.dp_dtau_t_per_mwh.abs().max(1.0), "{:?}", row);
        }
        let kept = (0..s.hours()).all(|h| {
            let (x, y) = (outcomes[0].prices[[h, 0]].setter, outcomes[1].prices[[h, 0]].setter);
            matches!((x, y), (carbonpass::dispatch::PriceSetter::Unit(u), carbonpass::dispatch::PriceSetter::Unit(v)) if u == v)
        });
        if kept {
            for row in carbonpass::analysis::passthrough(&s, &outcomes) {
                prop_assert_eq!(row.setter_change_t_per_mwh, 0.0);
            }
        }
    }

    /// Envelope theorem: dC/dτ = E(τ). C is concave, so a central difference lies between
    /// E(τ + h) and E(τ − h), and equals both where the dispatch does not change.
    #[test]
    fn the_central_difference_of_system_cost_is_emissions(
        s in scenario_strategy(), tau in 1.0..150.0f64,
    ) {
        let h = 0.5;
        for method in [Method::MeritOrder, Method::Lp] {
            let at = |t: f64| {
                let d = dispatch(&s, t, method).unwrap();
                (d.system_cost_eur(&s), d.emissions_t(&s))
            };
            let ((c_minus, e_minus), (c_plus, e_plus)) = (at(tau - h), at(tau + h));
            let slope = (c_plus - c_minus) / (2.0 * h);
            let tol = 1e-6 * (1.0 + e_minus);
            prop_assert!(e_plus - tol <= slope && slope <= e_minus + tol,
                "{:?}: ΔC/Δτ = {} outside [E(τ+h), E(τ−h)] = [{}, {}]", method, slope, e_plus, e_minus);
            if (e_minus - e_plus).abs() <= tol {
                prop_assert!((slope - e_minus).abs() <= tol, "{:?}: ΔC/Δτ = {} ≠ E = {}", method, slope, e_minus);
            }
        }
    }
}
