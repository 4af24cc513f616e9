//! Market design (FRAMEWORK.md §3): a regulated cost-of-service tariff passes through the
//! average intensity times the auctioned share, not the marginal unit's; administered
//! dispatch by equal hours abates nothing. Worked by hand on the units of
//! `hand_solved.rs`, which generate nuclear 450, coal 350, CCGT 250 and OCGT 70 MWh
//! (1120 MWh, 429.718 t) at any carbon price below the 42.4 €/t switch.

use carbonpass::analysis::{passthrough, price_setting};
use carbonpass::dispatch::{Method, PriceSetter};
use carbonpass::{Pricing, Scenario};

mod common;
use common::{hand_scenario, outcomes};

const E_COAL: f64 = 0.85;
const E_CCGT: f64 = 0.202 / 0.55;
const E_OCGT: f64 = 0.202 / 0.35;
const C_CCGT: f64 = 25.0 / 0.55;
const C_OCGT: f64 = 25.0 / 0.35;

fn with_pricing(pricing: Pricing) -> Scenario {
    let mut s = hand_scenario();
    s.market.pricing = pricing;
    s
}

#[test]
fn a_cost_of_service_tariff_passes_through_the_average_intensity() {
    let s = with_pricing(Pricing::AverageCost);
    let fuel = 450.0 * 10.0 + 350.0 * 25.0 + 250.0 * C_CCGT + 70.0 * C_OCGT;
    let emissions = 350.0 * E_COAL + 250.0 * E_CCGT + 70.0 * E_OCGT;
    for method in [Method::Lp, Method::MeritOrder] {
        let o = outcomes(&s, &[0.0, 30.0], method);
        for (outcome, tau) in o.iter().zip([0.0, 30.0]) {
            let tariff = (fuel + tau * emissions) / 1120.0;
            for h in 0..5 {
                let p = outcome.prices[[h, 0]];
                assert!(
                    (p.price_eur_per_mwh - tariff).abs() < 1e-9,
                    "hour {h}: {p:?}"
                );
                assert_eq!(p.setter, PriceSetter::Tariff);
            }
        }
        let pt = &passthrough(&s, &o)[0];
        assert!((pt.dp_dtau_t_per_mwh - emissions / 1120.0).abs() < 1e-12);
        assert!((pt.passthrough_rate - 1.0).abs() < 1e-12, "{pt:?}");
    }
    let shares = price_setting(&s, &outcomes(&s, &[0.0], Method::Lp));
    assert_eq!(
        (shares[0].technology.as_str(), shares[0].share_of_hours),
        ("tariff", 1.0)
    );
}

#[test]
fn under_a_tariff_free_allocation_lowers_the_price_as_it_does_not_under_marginal_pricing() {
    // Coal gets half its allowances free: it pays for 148.75 of its 297.5 t.
    let mut s = with_pricing(Pricing::AverageCost);
    s.units[1] = s.units[1].clone().with_free_allocation(0.5);
    let emissions = 350.0 * E_COAL + 250.0 * E_CCGT + 70.0 * E_OCGT;
    let paid = emissions - 0.5 * 350.0 * E_COAL;
    let pt = &passthrough(&s, &outcomes(&s, &[0.0, 30.0], Method::Lp))[0];
    assert!((pt.dp_dtau_t_per_mwh - paid / 1120.0).abs() < 1e-12);
    // The rate is the auctioned share of the carbon content: 65.4 %.
    assert!(
        (pt.passthrough_rate - paid / emissions).abs() < 1e-12,
        "{pt:?}"
    );
    let mut marginal = hand_scenario();
    marginal.units[1] = marginal.units[1].clone().with_free_allocation(0.5);
    let pt = &passthrough(&marginal, &outcomes(&marginal, &[0.0, 30.0], Method::Lp))[0];
    assert!(
        (pt.passthrough_rate - 1.0).abs() < 1e-9,
        "marginal pricing passes the opportunity cost"
    );
}

#[test]
fn administered_equal_hours_dispatch_abates_nothing() {
    let s = with_pricing(Pricing::Administered);
    // Every unit runs load/350 of its capacity each hour (all of it in the 400 MW hour,
    // 50 MW short): Σ = 1120/350 = 3.2 full-load hours each.
    let gen = [320.0, 320.0, 320.0, 160.0];
    let emissions = 320.0 * E_COAL + 320.0 * E_CCGT + 160.0 * E_OCGT;
    let fuel = 320.0 * 10.0 + 320.0 * 25.0 + 320.0 * C_CCGT + 160.0 * C_OCGT;
    for method in [Method::Lp, Method::MeritOrder] {
        let o = outcomes(&s, &[0.0, 100.0], method);
        for (outcome, tau) in o.iter().zip([0.0, 100.0]) {
            for (g, want) in outcome.unit_generation_mwh.iter().zip(gen) {
                assert!((g - want).abs() < 1e-9, "{:?}", outcome.unit_generation_mwh);
            }
            assert!((outcome.emissions_t(&s) - emissions).abs() < 1e-9);
            assert!((outcome.unserved_mw[[4, 0]] - 50.0).abs() < 1e-9);
            let tariff = (fuel + tau * emissions) / 1120.0;
            assert!((outcome.price_eur_per_mwh(2, 0) - tariff).abs() < 1e-9);
        }
    }
}
