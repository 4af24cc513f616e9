//! Cap mode (FRAMEWORK.md §3): an emissions cap with tradable allowances. The allowance
//! price is the cap's dual; where the cap binds, emissions equal it exactly; a floor and
//! a ceiling bound the price; and adding renewables or closing coal under a fixed cap
//! lowers the allowance price (the waterbed). Hand-worked on the units of `hand_solved.rs`.

use carbonpass::analysis::reduce;
use carbonpass::cmd::scale_capacity;
use carbonpass::dispatch::lp::{solve_with_cap, Cap};
use carbonpass::dispatch::{dispatch, Method};
use carbonpass::{Scenario, Unit};

mod common;
use common::{carbonpass, hand_scenario};

const E_COAL: f64 = 0.85;
const E_CCGT: f64 = 0.202 / 0.55;
/// Coal and CCGT swap at (45.4545 − 25) / (0.85 − 0.367273) = 42.3729 €/t.
const SWITCH: f64 = (25.0 / 0.55 - 25.0) / (E_COAL - E_CCGT);
/// Emissions below the switch: coal 350 MWh, CCGT 250, OCGT 70.
const BELOW_SWITCH_T: f64 = 350.0 * E_COAL + 250.0 * E_CCGT + 70.0 * 0.202 / 0.35;

fn capped(s: &Scenario, cap_t: f64, floor: f64, ceiling: Option<f64>) -> (f64, f64) {
    let cap = Cap {
        cap_t,
        floor_eur_per_t: floor,
        ceiling_eur_per_t: ceiling,
    };
    let d = solve_with_cap(s, floor, Some(cap)).unwrap();
    let tau = d.tau_eur_per_t;
    (tau, reduce(s, d).emissions_t(s))
}

#[test]
fn a_binding_cap_prices_allowances_at_the_fuel_switch_and_binds_exactly() {
    // 400 t lies between 381.4 t (all 100 MWh of coal-to-gas switching done) and 429.7 t
    // (none): the allowance price must make coal and gas indifferent.
    let s = hand_scenario();
    let (tau, emissions) = capped(&s, 400.0, 0.0, None);
    assert!((tau - SWITCH).abs() < 1e-6, "{tau} vs {SWITCH}");
    assert!((emissions - 400.0).abs() < 1e-6, "{emissions}");
    // The hourly prices are those of the plain dispatch at that carbon price.
    let cap = Cap {
        cap_t: 400.0,
        floor_eur_per_t: 0.0,
        ceiling_eur_per_t: None,
    };
    let d = solve_with_cap(&s, 0.0, Some(cap)).unwrap();
    let plain = dispatch(&s, tau, Method::MeritOrder).unwrap();
    for h in 0..5 {
        let (a, b) = (
            d.prices[[h, 0]].price_eur_per_mwh,
            plain.prices[[h, 0]].price_eur_per_mwh,
        );
        assert!((a - b).abs() < 1e-6, "hour {h}: {a} vs {b}");
    }
    assert!((d.prices[[1, 0]].price_eur_per_mwh - (25.0 + E_COAL * SWITCH)).abs() < 1e-6);
}

#[test]
fn a_slack_cap_leaves_the_price_at_the_floor() {
    let s = hand_scenario();
    assert_eq!(capped(&s, 500.0, 0.0, None).0, 0.0);
    let (tau, emissions) = capped(&s, 500.0, 10.0, None);
    assert_eq!(tau, 10.0);
    assert!((emissions - BELOW_SWITCH_T).abs() < 1e-9);
    // A floor above the switch price abates more than the cap asks.
    let (tau, emissions) = capped(&s, 400.0, 50.0, None);
    assert_eq!(tau, 50.0);
    assert!(emissions < 400.0 - 1.0, "{emissions}");
}

#[test]
fn a_ceiling_sells_allowances_beyond_the_cap() {
    // 300 t would need gas to displace coal beyond what capacity allows; at a 60 €/t
    // ceiling the price stops there and emissions are those of the dispatch at 60 €/t.
    let s = hand_scenario();
    let (tau, emissions) = capped(&s, 300.0, 0.0, Some(60.0));
    assert!((tau - 60.0).abs() < 1e-9, "{tau}");
    let at60 = reduce(&s, dispatch(&s, 60.0, Method::Lp).unwrap()).emissions_t(&s);
    assert!(
        (emissions - at60).abs() < 1e-9 && emissions > 300.0,
        "{emissions}"
    );
}

#[test]
fn renewables_or_a_coal_exit_under_a_fixed_cap_lower_the_allowance_price() {
    let s = hand_scenario();
    let (before, _) = capped(&s, 400.0, 0.0, None);
    assert!(before > 42.0);
    // 30 MW of wind in every hour displaces coal, gas and oil at the margin:
    // 429.7 − 25.5 − 11.0 − 15.2 = 378.0 t at τ = 0, below the cap.
    let mut windy = hand_scenario();
    windy
        .units
        .push(Unit::fuelless("wind", "wind_onshore", 30.0, 0.0));
    let (with_wind, emissions) = capped(&windy, 400.0, 0.0, None);
    assert_eq!(with_wind, 0.0);
    assert!(
        (emissions
            - (BELOW_SWITCH_T
                - 30.0 * E_COAL
                - 30.0 * E_CCGT
                - 20.0 * 0.202 / 0.35
                - 10.0 * E_CCGT))
            .abs()
            < 1e-9
    );
    // Closing coal: gas alone emits 215 t, and the allowance price falls to zero too.
    let mut no_coal = hand_scenario();
    scale_capacity(&mut no_coal, &["hard_coal=0".to_string()]).unwrap();
    assert_eq!(no_coal.units.len(), 3);
    assert_eq!(capped(&no_coal, 400.0, 0.0, None).0, 0.0);
}

#[test]
fn scale_capacity_names_what_is_wrong() {
    let mut s = hand_scenario();
    let err = scale_capacity(&mut s, &["lignite=0".to_string()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("no unit has technology `lignite`"), "{err}");
    let err = scale_capacity(&mut s, &["ccgt=-1".to_string()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a factor ≥ 0, got `-1`"), "{err}");
    scale_capacity(&mut s, &["ccgt=1.5".to_string()]).unwrap();
    assert_eq!(s.units[2].capacity_mw, 150.0);
}

#[test]
fn the_cap_command_reports_the_allowance_price_as_the_carbon_price() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("capped");
    let cap = ["cap", "scenarios/de_week_2015.toml", "--cap-t", "3500000"];
    let run = carbonpass(&[&cap[..], &["--quiet-ignored"]].concat());
    assert!(!run.status.success(), "unknown options are refused");
    let run = carbonpass(&[&cap[..], &["--out", out.to_str().unwrap()]].concat());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let row: Vec<&str> = summary.lines().nth(1).unwrap().split(',').collect();
    let (tau, emissions): (f64, f64) = (row[0].parse().unwrap(), row[4].parse().unwrap());
    // The example emits 4.39 Mt at 0 €/t and 3.43 Mt at 40 €/t (README): 3.5 Mt binds
    // a little below 40 €/t, exactly.
    assert!(tau > 30.0 && tau < 40.0, "{tau}");
    assert!((emissions - 3.5e6).abs() < 1e-3, "{emissions}");
}

/// Several caps are solved warm on one model, only the cap's bound changed between
/// solves: each gives what a cold solve of that cap alone gives.
#[test]
fn caps_solved_warm_one_after_another_equal_each_cap_solved_cold() {
    use carbonpass::dispatch::warm::Chain;
    let s = carbonpass::input::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/de_week_2015_storage.toml"),
    )
    .unwrap()
    .scenario;
    let base = Cap {
        cap_t: 0.0,
        floor_eur_per_t: 5.0,
        ceiling_eur_per_t: Some(80.0),
    };
    let mut chain = Chain::capped(&s, base);
    for cap_t in [2.2e6, 2.6e6, 3.0e6, 3.4e6, 3.8e6, 4.6e6] {
        let warm = chain.solve_cap(cap_t).unwrap();
        let cold = solve_with_cap(&s, 5.0, Some(Cap { cap_t, ..base })).unwrap();
        assert_eq!(chain.fallbacks(), 0, "cap {cap_t}: the kept model failed");
        let (tw, tc) = (warm.tau_eur_per_t, cold.tau_eur_per_t);
        assert!(
            (tw - tc).abs() <= 1e-9 * tc.max(1.0),
            "cap {cap_t}: {tw} vs {tc}"
        );
        let (cw, cc) = (warm.system_cost_eur(&s), cold.system_cost_eur(&s));
        assert!(
            (cw - cc).abs() <= 1e-9 * cc,
            "cap {cap_t}: cost {cw} vs {cc}"
        );
        let (ew, ec) = (warm.emissions_t(&s), cold.emissions_t(&s));
        assert!(
            (ew - ec).abs() <= 1e-6 * ec,
            "cap {cap_t}: emissions {ew} vs {ec}"
        );
        for (p, q) in warm.prices.iter().zip(cold.prices.iter()) {
            if p.unique || q.unique {
                let (a, b) = (p.price_eur_per_mwh, q.price_eur_per_mwh);
                assert!(
                    (a - b).abs() <= 1e-6 * b.abs().max(1.0),
                    "cap {cap_t}: {a} vs {b}"
                );
            }
        }
    }
    // The loosest cap does not bind: the allowance price is the floor; the tightest is
    // held at the ceiling.
    assert_eq!(chain.solve_cap(4.6e6).unwrap().tau_eur_per_t, 5.0);
    assert_eq!(chain.solve_cap(1.0e6).unwrap().tau_eur_per_t, 80.0);
}

#[test]
fn the_cap_command_with_several_caps_writes_a_folder_per_cap_and_caps_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (many, one) = (dir.path().join("many"), dir.path().join("one"));
    let scenario = "scenarios/de_week_2015.toml";
    let run = carbonpass(&[
        "cap",
        scenario,
        "--cap-t",
        "3e6:4e6:5e5",
        "-q",
        "--out",
        many.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let caps = std::fs::read_to_string(many.join("caps.csv")).unwrap();
    let rows: Vec<Vec<&str>> = caps
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 3, "{caps}");
    assert_eq!(rows[0][0], "3000000");
    assert_eq!(rows[2][4], "cap_4000000");
    // Tighter caps price allowances higher; each binds exactly.
    let prices: Vec<f64> = rows.iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(prices[0] > prices[1] && prices[1] > prices[2], "{prices:?}");
    for r in &rows {
        assert_eq!(r[3], "true");
        assert!((r[2].parse::<f64>().unwrap() - r[0].parse::<f64>().unwrap()).abs() < 1e-3);
    }
    // The middle cap's folder is the one a run of that cap alone writes.
    let run = carbonpass(&[
        "cap",
        scenario,
        "--cap-t",
        "3500000",
        "--out",
        one.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    // Same summary and hourly prices: at 37.98 €/t, this cap's price, hard_coal_8 and
    // ccgt_6 offer the same, so either may be named as setting a price.
    let read = |dir: &std::path::Path, file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
    let mid = many.join("cap_3500000");
    assert_eq!(read(&mid, "summary.csv"), read(&one, "summary.csv"));
    let prices = |text: String| -> Vec<String> {
        (text.lines())
            .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(
        prices(read(&mid, "prices.csv")),
        prices(read(&one, "prices.csv"))
    );
}
