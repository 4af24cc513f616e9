//! Market power as a markup (FRAMEWORK.md §3): units offer at (1 + m) × marginal cost,
//! so a carbon cost passes through at (1 + m) × the price setter's intensity, above
//! 100 %, and dispatch follows offers while profits count true costs. Hand-worked on the
//! four units of `hand_solved.rs`.

use std::fs;

use carbonpass::analysis::{fuel_switches, passthrough, welfare};
use carbonpass::dispatch::Method;
use carbonpass::{input, Scenario};

mod common;
use common::{hand_scenario, outcomes};

fn with_markups(markups: [f64; 4]) -> Scenario {
    let mut s = hand_scenario();
    for (unit, m) in s.units.iter_mut().zip(markups) {
        unit.set(&carbonpass::schema::units::MARKUP, m);
    }
    s
}

#[test]
fn a_ten_percent_markup_passes_through_110_percent() {
    let s = with_markups([0.1; 4]);
    for method in [Method::Lp, Method::MeritOrder] {
        let o = outcomes(&s, &[0.0, 30.0], method);
        // Hour 1: coal at the margin offers 1.1 · (25 + 0.85τ).
        assert!((o[1].price_eur_per_mwh(1, 0) - 1.1 * (25.0 + 0.85 * 30.0)).abs() < 1e-9);
        let rows = passthrough(&s, &o);
        // The same setters as without markups (0.345302 t/MWh load-weighted), times 1.1.
        assert!((rows[0].dp_dtau_t_per_mwh - 1.1 * 0.345302475).abs() < 1e-8);
        assert!((rows[0].passthrough_rate - 1.1).abs() < 1e-9, "{rows:?}");
    }
}

#[test]
fn profits_count_true_costs_not_offers() {
    let s = with_markups([0.1; 4]);
    let (_, profits) = welfare(&s, &outcomes(&s, &[0.0], Method::Lp));
    let coal = profits
        .iter()
        .find(|p| p.technology == "hard_coal")
        .unwrap();
    // At τ = 0 coal (cost 25) earns 50 · (27.5 − 25) in hour 1, 100 · (50 − 25) in hour 2
    // (CCGT offers 1.1 · 45.4545), 100 · (78.5714 − 25) in hour 3, 100 · (3000 − 25) at VOLL.
    let want = 50.0 * 2.5 + 100.0 * 25.0 + 100.0 * (1.1 * 25.0 / 0.35 - 25.0) + 100.0 * 2975.0;
    assert!((coal.profit_eur - want).abs() < 1e-6, "{coal:?} vs {want}");
}

#[test]
fn a_large_markup_moves_a_unit_back_in_the_merit_order() {
    // Coal doubles its offer: 50 €/MWh at τ = 0, above the CCGT's 45.45.
    let s = with_markups([0.0, 1.0, 0.0, 0.0]);
    for method in [Method::Lp, Method::MeritOrder] {
        let o = outcomes(&s, &[0.0], method);
        assert!(
            (o[0].price_eur_per_mwh(1, 0) - 25.0 / 0.55).abs() < 1e-9,
            "CCGT sets hour 1"
        );
        // CCGT 50 + 100 + 100 + 100 MWh, coal 50 + 100 + 100.
        assert_eq!(o[0].unit_generation_mwh[1..3], [250.0, 350.0]);
    }
    // The offers swap back where 2 · (25 + 0.85τ) = 45.45 + 0.367τ: never for τ ≥ 0, so
    // no coal–CCGT switch is listed.
    let switches = fuel_switches(&s, &[0.0, 100.0]);
    assert!(!switches
        .iter()
        .any(|f| f.dirtier == "coal" && f.cleaner == "ccgt"));
}

#[test]
fn markups_come_from_the_unit_then_its_firm_then_its_technology() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write(
        "units.csv",
        "name,technology,fuel,capacity_mw,efficiency,firm,markup\n\
         a,hard_coal,coal,100,0.4,big,0.05\nb,hard_coal,coal,100,0.4,big,\nc,hard_coal,coal,100,0.4,small,\nd,ccgt,coal,100,0.5,,\n",
    );
    write(
        "fuels.csv",
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,0.34\n",
    );
    write("demand.csv", "hour,load_mw\n0,150\n");
    let head = "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n";
    write(
        "s.toml",
        &format!("{head}[market_power]\nmarkup_by_firm = {{ big = 0.2 }}\nmarkup_by_technology = {{ hard_coal = 0.1 }}\n"),
    );
    let s = input::load(&dir.path().join("s.toml")).unwrap().scenario;
    let markups: Vec<f64> = s.units.iter().map(|u| u.markup()).collect();
    assert_eq!(markups, [0.05, 0.2, 0.1, 0.0]);
    write(
        "s.toml",
        &format!("{head}[market_power]\nmarkup_by_firm = {{ rwe = 0.2 }}\nmarkup_by_technology = {{ ccgt = -0.1 }}\n"),
    );
    let err = input::load(&dir.path().join("s.toml"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("[market_power] markup_by_firm: no unit has firm `rwe`"),
        "{err}"
    );
    assert!(
        err.contains(
            "[market_power] markup_by_technology.ccgt: expected a number in [0, 100], got -0.1"
        ),
        "{err}"
    );
}
