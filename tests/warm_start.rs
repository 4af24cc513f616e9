//! The warm-started LP (`dispatch::warm`: one model re-solved over a chain of carbon
//! prices from the previous basis) against the cold LP (`dispatch::lp`: the same
//! statement solved from scratch for every carbon price): the same optimum, the same
//! prices.

use carbonpass::dispatch::{lp, warm, Dispatch};
use carbonpass::Scenario;

mod common;
use common::{assert_close, with_storage};
use proptest::prelude::*;

fn load(path: &str) -> Scenario {
    carbonpass::input::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap()
        .scenario
}

/// Solves `taus` in order on one warm chain and each cold; returns how many zone-hours
/// had a price pinned by the units (compared exactly) and how many were left open.
fn compare(s: &Scenario, taus: &[f64]) -> (usize, usize) {
    let mut chain = warm::Chain::new(s);
    let (mut pinned, mut open) = (0, 0);
    for &tau in taus {
        let w = chain.solve(tau).unwrap();
        let c = lp::solve(s, tau).unwrap();
        assert_eq!(chain.fallbacks(), 0, "τ={tau}: the kept model failed");
        same_optimum(s, tau, &w, &c);
        for (p, q) in w.prices.iter().zip(c.prices.iter()) {
            // Where one solve's units pin a price, they pin every optimal dual (a unit
            // between its bounds has zero reduced cost in every dual optimum), so the
            // other solve's price must be the same, even where its primal optimum is a
            // different one (storage and equal-cost units leave several).
            if p.unique || q.unique {
                assert_close(
                    p.price_eur_per_mwh,
                    q.price_eur_per_mwh,
                    1e-9 * q.price_eur_per_mwh.abs().max(1.0),
                    &format!("price at τ={tau}: warm {p:?}, cold {q:?}"),
                );
                pinned += 1;
            } else {
                open += 1;
            }
        }
        for (a, b) in [(&w, &c), (&c, &w)] {
            // Both are optimal duals: each lies within the units' interval of the other.
            for (p, q) in a.prices.iter().zip(b.prices.iter()) {
                let slack = 1e-6 * p.price_eur_per_mwh.abs().max(1.0);
                assert!(
                    q.lo_eur_per_mwh - slack <= p.price_eur_per_mwh
                        && p.price_eur_per_mwh <= q.hi_eur_per_mwh + slack,
                    "τ={tau}: {p:?} outside {q:?}"
                );
            }
        }
    }
    (pinned, open)
}

fn same_optimum(s: &Scenario, tau: f64, w: &Dispatch, c: &Dispatch) {
    let (cw, cc) = (w.system_cost_eur(s), c.system_cost_eur(s));
    assert_close(
        cw,
        cc,
        1e-9 * cc.abs().max(1.0),
        &format!("system cost at τ={tau}"),
    );
    assert_close(
        w.unserved_mw.sum(),
        c.unserved_mw.sum(),
        1e-6,
        &format!("unserved at τ={tau}"),
    );
}

#[test]
fn warm_solves_over_rising_and_falling_carbon_prices_match_cold_solves() {
    let rising: Vec<f64> = (0..=10).map(|k| 10.0 * k as f64).collect();
    let jumping = [80.0, 0.0, 42.5, 100.0, 5.0, 5.0];
    for path in [
        "scenarios/de_week_2015.toml",
        "scenarios/de_week_2015_storage.toml",
        "tests/fixtures/steps/steps_storage.toml",
        "tests/fixtures/steps/steps_linked.toml",
    ] {
        let s = load(path);
        for taus in [&rising[..], &jumping[..]] {
            let (pinned, open) = compare(&s, taus);
            eprintln!("{path}: {pinned} prices pinned by units, equal; {open} left open");
            assert!(pinned > 0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// On random scenarios with a random store (battery, pumped hydro or reservoir), a
    /// chain of random carbon prices solved warm gives the cold optimum and prices.
    #[test]
    fn random_chains_match_cold_solves(
        s in with_storage(),
        taus in prop::collection::vec(0.0..150.0f64, 1..6),
    ) {
        compare(&s, &taus);
    }
}
