//! A merit order solved by hand: four units, five hours, carbon prices on both sides of
//! the coal–gas fuel switch (τ* = (45.4545 − 25)/(0.85 − 0.36727) ≈ 42.37 €/t).
//!
//! nuclear 100 MW, c = 10, e = 0; coal 100 MW, η 0.40, 10 €/MWh_th, 0.34 t/MWh_th
//! → c = 25, e = 0.85; CCGT 100 MW, η 0.55, 25 €/MWh_th, 0.202 → c = 45.454545,
//! e = 0.367273; OCGT 50 MW, η 0.35, 25 €/MWh_th, 0.202 → c = 71.428571, e = 0.577143.
//! Load 50, 150, 250, 320, 400 MW (the last above the 350 MW of capacity); VOLL 3000.

use carbonpass::dispatch::{dispatch, Method, PriceSetter};

mod common;
use common::hand_scenario as scenario;

/// Hourly prices (€/MWh), price setters and total emissions (t), worked out by hand.
const CASES: &[(f64, [f64; 5], [&str; 5], f64)] = &[
    // Coal before gas: hour 1 coal, hour 2 CCGT, hour 3 OCGT at 20 MW, hour 4 shortage.
    // Emissions: 50·0.85 + (85 + 50·0.367273) + (85 + 36.727273 + 20·0.577143) + (85 + 36.727273 + 28.857143).
    (
        0.0,
        [10.0, 25.0, 45.454545, 71.428571, 3000.0],
        ["nuclear", "coal", "ccgt", "ocgt", "shortage"],
        429.718182,
    ),
    // 25 + 30·0.85 = 50.5; 45.454545 + 30·0.367273 = 56.472727; 71.428571 + 30·0.577143 = 88.742857.
    (
        30.0,
        [10.0, 50.5, 56.472727, 88.742857, 3000.0],
        ["nuclear", "coal", "ccgt", "ocgt", "shortage"],
        429.718182,
    ),
    // Just below the switch: coal 60.7 still under CCGT 60.88.
    (
        42.0,
        [10.0, 60.7, 60.88, 95.668571, 3000.0],
        ["nuclear", "coal", "ccgt", "ocgt", "shortage"],
        429.718182,
    ),
    // Just above: CCGT 61.247273 now under coal 61.55; hour 1 burns gas, hour 2 coal is marginal.
    // Emissions: 50·0.367273 + (36.727273 + 50·0.85) + 133.270130 + 150.584416.
    (
        43.0,
        [10.0, 61.247273, 61.55, 96.245714, 3000.0],
        ["nuclear", "ccgt", "coal", "ocgt", "shortage"],
        381.445455,
    ),
    (
        60.0,
        [10.0, 67.490909, 76.0, 106.057143, 3000.0],
        ["nuclear", "ccgt", "coal", "ocgt", "shortage"],
        381.445455,
    ),
];

fn check(method: Method) {
    let s = scenario();
    for &(tau, prices, setters, emissions) in CASES {
        let d = dispatch(&s, tau, method).unwrap();
        for h in 0..5 {
            let p = d.prices[[h, 0]];
            assert!(
                (p.price_eur_per_mwh - prices[h]).abs() < 1e-6,
                "{method:?} τ={tau} hour {h}: price {} instead of {}",
                p.price_eur_per_mwh,
                prices[h]
            );
            let setter = match p.setter {
                PriceSetter::Unit(u) => s.units[u].name.as_str(),
                PriceSetter::Shortage => "shortage",
                PriceSetter::Tariff => "tariff",
                PriceSetter::Demand => "demand",
                PriceSetter::Storage(k) => s.storage[k].name.as_str(),
            };
            assert_eq!(setter, setters[h], "{method:?} τ={tau} hour {h}");
            assert!(
                p.unique,
                "{method:?} τ={tau} hour {h}: one unit is part-loaded"
            );
        }
        assert!(
            (d.emissions_t(&s) - emissions).abs() < 1e-5,
            "{method:?} τ={tau}: emissions {} instead of {emissions}",
            d.emissions_t(&s)
        );
        assert_eq!(d.unserved_mw[[4, 0]], 50.0);
    }
}

#[test]
fn the_lp_reproduces_the_hand_solved_merit_order() {
    check(Method::Lp);
}

#[test]
fn the_merit_order_reproduces_the_hand_solved_case() {
    check(Method::MeritOrder);
}

#[test]
fn coal_and_gas_swap_at_42_4_eur_per_t() {
    let s = scenario();
    let (coal, gas) = (&s.units[1], &s.units[2]);
    let switch = (gas.fuel_and_vom_cost_eur_per_mwh() - coal.fuel_and_vom_cost_eur_per_mwh())
        / (coal.emission_intensity_t_per_mwh() - gas.emission_intensity_t_per_mwh());
    assert!((switch - 42.372881).abs() < 1e-6, "{switch}");
    assert!(
        coal.marginal_cost_eur_per_mwh(switch - 1e-3)
            < gas.marginal_cost_eur_per_mwh(switch - 1e-3)
    );
    assert!(
        coal.marginal_cost_eur_per_mwh(switch + 1e-3)
            > gas.marginal_cost_eur_per_mwh(switch + 1e-3)
    );
}

#[test]
fn load_exactly_on_a_step_reports_the_last_running_unit_and_flags_the_dual() {
    // 200 MW fills nuclear and coal exactly: any price in [25, 45.45] clears; 25 is reported.
    let mut s = scenario();
    s.demand_mw[[0, 0]] = 200.0;
    for method in [Method::Lp, Method::MeritOrder] {
        let p = dispatch(&s, 0.0, method).unwrap().prices[[0, 0]];
        assert_eq!(p.price_eur_per_mwh, 25.0, "{method:?}");
        assert!(!p.unique, "{method:?}");
        assert!((p.hi_eur_per_mwh - 45.454545).abs() < 1e-6, "{method:?}");
    }
}

#[test]
fn hours_without_load_price_at_the_cheapest_unit() {
    let mut s = scenario();
    s.demand_mw[[0, 0]] = 0.0;
    for method in [Method::Lp, Method::MeritOrder] {
        let p = dispatch(&s, 0.0, method).unwrap().prices[[0, 0]];
        assert_eq!((p.price_eur_per_mwh, p.unique), (10.0, false), "{method:?}");
    }
}
