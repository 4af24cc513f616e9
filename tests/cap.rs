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
