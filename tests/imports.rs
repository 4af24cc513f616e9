//! Imports from outside the carbon market (FRAMEWORK.md §3): units marked `outside_ets`
//! pay no carbon price, so once τ makes domestic coal dearer than imports, imports set
//! the price (lower pass-through) and the emissions move abroad (leakage).

use carbonpass::analysis::{abatement, passthrough, reduce, welfare};
use carbonpass::dispatch::Method;
use carbonpass::{Scenario, Unit};

mod common;
use common::outcomes;

/// One hour of 150 MW: nuclear 100 MW (10 €/MWh), domestic coal 100 MW (25 €/MWh,
/// 0.85 t/MWh), and 100 MW of coal-fired imports from a neighbour without a carbon
/// price (30 €/MWh, 0.85 t/MWh).
fn scenario() -> Scenario {
    Scenario::single_zone(
        "imports",
        &[150.0],
        vec![
            Unit::fuelless("nuclear", "nuclear", 100.0, 10.0),
            Unit::thermal("coal", "hard_coal", "coal", 100.0, 0.40, 10.0, 0.34, 0.0),
            Unit::thermal("imports", "imports", "coal", 100.0, 0.40, 12.0, 0.34, 0.0).outside_ets(),
        ],
    )
}

#[test]
fn imports_at_the_margin_cut_pass_through_and_leak_every_tonne() {
    let s = scenario();
    for method in [Method::Lp, Method::MeritOrder] {
        // τ = 0: coal sets 25 €/MWh. τ = 10: coal would cost 33.5, imports 30 set the price.
        let o = outcomes(&s, &[0.0, 10.0], method);
        assert_eq!(o[0].price_eur_per_mwh(0, 0), 25.0);
        assert_eq!(o[1].price_eur_per_mwh(0, 0), 30.0);
        let pt = &passthrough(&s, &o)[0];
        assert!((pt.dp_dtau_t_per_mwh - 0.5).abs() < 1e-12);
        // Both ends' price setters emit 0.85 t/MWh, but only 0.5 of the 8.5 €/MWh carbon
        // cost per 10 €/t reaches the price: 58.8 %.
        assert!((pt.passthrough_rate - 0.5 / 0.85).abs() < 1e-12, "{pt:?}");
        let ab = &abatement(&s, &o)[1];
        // The 50 MWh move abroad: 42.5 t abated at home, 42.5 t more outside.
        assert!((ab.abatement_t - 42.5).abs() < 1e-9, "{ab:?}");
        assert!((ab.emissions_outside_ets_t - 42.5).abs() < 1e-9);
        assert!((ab.leakage_t - 42.5).abs() < 1e-9);
        assert!((ab.leakage_share - 1.0).abs() < 1e-12);
    }
}

#[test]
fn imports_pay_no_carbon_cost_and_are_not_capped() {
    let s = scenario();
    let o = outcomes(&s, &[0.0, 10.0], Method::Lp);
    let (rows, profits) = welfare(&s, &o);
    // At τ = 10 nothing under the ETS emits: no carbon cost, no state revenue.
    assert_eq!(rows[1].carbon_cost_eur, 0.0);
    let imports = profits
        .iter()
        .find(|p| p.tau_eur_per_t == 10.0 && p.technology == "imports")
        .unwrap();
    assert_eq!(
        imports.profit_eur, 0.0,
        "imports at the margin earn no rent"
    );
    // A cap of 0 t is met by importing: the allowance price only has to push coal out.
    let cap = carbonpass::dispatch::lp::Cap {
        cap_t: 0.0,
        floor_eur_per_t: 0.0,
        ceiling_eur_per_t: None,
    };
    let d = carbonpass::dispatch::lp::solve_with_cap(&s, 0.0, Some(cap)).unwrap();
    // Coal and imports swap at 25 + 0.85τ = 30: τ = 5.88 €/t.
    assert!(
        (d.tau_eur_per_t - 5.0 / 0.85).abs() < 1e-6,
        "{}",
        d.tau_eur_per_t
    );
    assert_eq!(reduce(&s, d).emissions_outside_ets_t(&s), 42.5);
}
