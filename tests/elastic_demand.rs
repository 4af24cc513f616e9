//! Linear demand (`[demand] model = "linear"`): each zone-hour's inverse demand
//! p = a − b·q through (load D, reference price p_ref) with elasticity ε, b = p_ref/(|ε|·D),
//! a = p_ref + b·D, solved as a convex QP by HiGHS. Checked by hand on one unit, against
//! the continuous formula dp/dτ = e·b/(b + s) on a many-step supply, and against fixed
//! demand as ε → 0.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::sweep_on_the_lp;

use carbonpass::dispatch::{lp, PriceSetter};

/// A scenario folder: `units` rows after the header `name,technology,fuel,capacity_mw,
/// efficiency,vom_eur_per_mwh`; gas costs 10 €/MWh_th and emits 0.2 t/MWh_th.
fn scenario(dir: &Path, units: &str, loads: &[f64], demand: &str) -> PathBuf {
    let units = format!("name,technology,fuel,capacity_mw,efficiency,vom_eur_per_mwh\n{units}");
    let fuels = "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ngas,10,0.2\n";
    let rows: String = (loads.iter().enumerate())
        .map(|(h, d)| format!("{h},{d}\n"))
        .collect();
    let loads = format!("hour,load_mw\n{rows}");
    let extra = format!("[carbon]\nprices_eur_per_t = [0, 50, 100]\n{demand}");
    common::write_scenario(dir, "elastic", (&units, fuels, &loads), &extra)
}

fn load(toml: &Path) -> carbonpass::Scenario {
    carbonpass::input::load(toml).unwrap().scenario
}

const CURVE: &str =
    "[demand]\nmodel = \"linear\"\nelasticity = -0.5\nreference_price_eur_per_mwh = 40\n";

/// Gas at 20 + 0.4·τ €/MWh. Hour 0: D = 100, b = 40/(0.5·100) = 0.8, a = 120; hour 1:
/// D = 50, b = 1.6, a = 120. With 200 MW the unit is part-loaded and sets p = 20 + 0.4·τ,
/// q = (120 − p)/b; with 100 MW hour 0 is on the capacity until 20 + 0.4·τ reaches the
/// curve's 120 − 0.8·100 = 40 €/MWh (τ = 50): the curve sets 40 €/MWh.
#[test]
fn one_unit_against_the_curve_is_the_hand_solution() {
    let dir = tempfile::tempdir().unwrap();
    let s = load(&scenario(
        dir.path(),
        "gas,ccgt,gas,200,0.5,0\n",
        &[100.0, 50.0],
        CURVE,
    ));
    assert!(!s.merit_order_is_exact());
    for tau in [0.0, 25.0, 50.0, 100.0] {
        let d = lp::solve(&s, tau).unwrap();
        let p = 20.0 + 0.4 * tau;
        let served = d.served_mw.as_ref().unwrap();
        for (h, b) in [(0, 0.8), (1, 1.6)] {
            let price = d.prices[[h, 0]];
            assert_eq!(price.price_eur_per_mwh, p, "τ {tau}, hour {h}");
            assert!(price.unique);
            assert_eq!(price.setter, PriceSetter::Unit(0));
            let q = (120.0 - p) / b;
            assert!((served[[h, 0]] - q).abs() < 1e-9, "{} {q}", served[[h, 0]]);
            assert!((d.generation_mw[[h, 0]] - q).abs() < 1e-9);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let s = load(&scenario(
        dir.path(),
        "gas,ccgt,gas,100,0.5,0\n",
        &[100.0, 50.0],
        CURVE,
    ));
    for (tau, hour0) in [(0.0, 40.0), (25.0, 40.0), (75.0, 50.0)] {
        let d = lp::solve(&s, tau).unwrap();
        let price = d.prices[[0, 0]];
        assert!(
            (price.price_eur_per_mwh - hour0).abs() < 1e-9,
            "τ {tau}: {price:?}"
        );
        let by_curve = if tau < 50.0 {
            PriceSetter::Demand
        } else {
            PriceSetter::Unit(0)
        };
        assert_eq!(price.setter, by_curve, "τ {tau}");
    }
}

/// 200 units of 1 MW, gas (e = 0.4 t/MWh) at 20 + 0.4·τ + 0.5·k €/MWh: a supply of slope
/// s = 0.5 €/MWh per MW in steps of 1 MW. Demand D = 100 at p_ref = 40 with ε = −0.2:
/// b = 2, a = 240. The continuous solution p = 20 + 0.4·τ + s·Q = a − b·Q gives
/// p = (s·a + b·(20 + 0.4·τ))/(b + s) and dp/dτ = e·b/(b + s) = 0.32 t/MWh. The step
/// curve lies between that line and the line one MW to its right, so the price lies
/// within b·s/(b + s) = 0.4 €/MWh below the continuous one.
#[test]
fn a_linear_demand_against_a_many_step_supply_passes_e_b_over_b_plus_s() {
    let dir = tempfile::tempdir().unwrap();
    let units: String = (0..200)
        .map(|k| format!("u{k},ccgt,gas,1,0.5,{}\n", 0.5 * k as f64))
        .collect();
    let demand =
        "[demand]\nmodel = \"linear\"\nelasticity = -0.2\nreference_price_eur_per_mwh = 40\n";
    let s = load(&scenario(dir.path(), &units, &[100.0], demand));
    let (a, b, slope) = (240.0, 2.0, 0.5);
    let continuous = |tau: f64| (slope * a + b * (20.0 + 0.4 * tau)) / (b + slope);
    let band = b * slope / (b + slope);
    let mut price = Vec::new();
    for tau in [0.0, 20.0, 40.0, 60.0, 80.0, 100.0] {
        let p = lp::solve(&s, tau).unwrap().prices[[0, 0]].price_eur_per_mwh;
        assert!(
            p <= continuous(tau) + 1e-9 && p >= continuous(tau) - band - 1e-9,
            "τ {tau}: {p} against {}",
            continuous(tau)
        );
        price.push(p);
    }
    let dp_dtau = (price[5] - price[0]) / 100.0;
    let expected = 0.4 * b / (b + slope);
    assert!(
        (dp_dtau - expected).abs() <= band / 100.0 + 1e-12,
        "dp/dτ {dp_dtau} against {expected}"
    );
}

/// As ε → 0 the curve turns vertical at the load: prices return to fixed demand's where
/// those are unique, stay inside fixed demand's interval where not, and the load served
/// returns to the load. On the bundled example week (83 units, 168 hours).
#[test]
fn a_nearly_inelastic_curve_returns_the_fixed_demand_results() {
    let fixed = load(Path::new("scenarios/de_week_2015.toml"));
    let mut elastic = fixed.clone();
    elastic.demand_curve = Some(carbonpass::scenario::DemandCurve {
        elasticity: -1e-5,
        reference_price_eur_per_mwh: 40.0,
    });
    for tau in [0.0, 60.0] {
        let f = lp::solve(&fixed, tau).unwrap();
        let e = lp::solve(&elastic, tau).unwrap();
        let served = e.served_mw.as_ref().unwrap();
        for h in 0..fixed.hours() {
            let (pf, pe) = (f.prices[[h, 0]], e.prices[[h, 0]].price_eur_per_mwh);
            let d = fixed.demand_mw[[h, 0]];
            // q = D·(1 − |ε|·(p − p_ref)/p_ref): within 1e-5 of D per €/MWh off p_ref.
            let shift = 1e-5 * d * ((pe - 40.0) / 40.0).abs();
            assert!((served[[h, 0]] - d).abs() <= shift + 1e-6, "hour {h}");
            if pf.unique {
                assert!(
                    (pe - pf.price_eur_per_mwh).abs() < 1e-3,
                    "τ {tau} hour {h}: {pe} {pf:?}"
                );
            } else {
                assert!(
                    pe >= pf.lo_eur_per_mwh - 1e-3 && pe <= pf.hi_eur_per_mwh + 1e-3,
                    "τ {tau} hour {h}: {pe} outside {pf:?}"
                );
            }
        }
    }
}

/// The sweep writes consumer surplus, Σ ½·b·q², into welfare.csv (only with a curve), and
/// the price-setting demand curve as `demand` in prices.csv; warm and cold solves agree.
#[test]
fn the_sweep_writes_the_consumer_surplus_and_the_curve_as_setter() {
    let dir = tempfile::tempdir().unwrap();
    let toml = scenario(
        dir.path(),
        "gas,ccgt,gas,100,0.5,0\n",
        &[100.0, 50.0],
        CURVE,
    );
    let out = dir.path().join("r");
    sweep_on_the_lp(&toml, &out);
    let welfare = fs::read_to_string(out.join("welfare.csv")).unwrap();
    let header = welfare.lines().next().unwrap();
    assert!(
        header.ends_with(",consumer_surplus_eur,consumer_surplus_change_eur"),
        "{header}"
    );
    // τ = 0: hour 0 on the capacity, q = 100, b = 0.8: 4000 €; hour 1 at p = 20,
    // q = 62.5, b = 1.6: 3125 €.
    let first: Vec<&str> = welfare.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(first[first.len() - 2..], ["7125", "0"], "{welfare}");
    let prices = fs::read_to_string(out.join("prices.csv")).unwrap();
    assert!(
        prices.contains("\n0,0,system,40,demand,demand,true,"),
        "{prices}"
    );
    let s = load(&toml);
    let mut chain = carbonpass::dispatch::warm::Chain::new(&s);
    for tau in [0.0, 50.0, 100.0, 20.0] {
        let warm = carbonpass::dispatch::dispatch_warm(&mut chain, tau).unwrap();
        let cold = lp::solve(&s, tau).unwrap();
        assert_eq!(warm.prices, cold.prices, "τ {tau}");
    }
    // Fixed demand keeps welfare.csv as it was.
    let fixed = scenario(dir.path(), "gas,ccgt,gas,100,0.5,0\n", &[100.0, 50.0], "");
    let out = dir.path().join("f");
    let quiet = [
        "sweep",
        fixed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    common::carbonpass_ok(&quiet);
    let welfare = fs::read_to_string(out.join("welfare.csv")).unwrap();
    assert!(welfare
        .lines()
        .next()
        .unwrap()
        .ends_with(",free_allowances_t"));
}

#[test]
fn a_demand_section_that_does_not_add_up_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[demand]\nmodel = \"linear\"\nreference_price_eur_per_mwh = 40\n",
            "needs elasticity",
        ),
        (
            "[demand]\nmodel = \"linear\"\nelasticity = 0.3\nreference_price_eur_per_mwh = 40\n",
            "elasticity = 0.3: expected",
        ),
        (
            "[demand]\nmodel = \"linear\"\nelasticity = -0.3\n",
            "needs reference_price_eur_per_mwh",
        ),
        (
            "[demand]\nmodel = \"curved\"\n",
            "model = \"curved\": expected \"fixed\" or \"linear\"",
        ),
        (
            "[demand]\nmodel = \"fixed\"\nelasticity = -0.3\n",
            "give them with model = \"linear\"",
        ),
        (
            &format!("{CURVE}[market]\npricing = \"average-cost\"\n"),
            "use pricing = \"marginal\"",
        ),
    ];
    for (section, expected) in cases {
        let toml = scenario(dir.path(), "gas,ccgt,gas,100,0.5,0\n", &[100.0], section);
        let e = carbonpass::input::load(&toml)
            .err()
            .expect(section)
            .to_string();
        assert!(
            e.contains("elastic.toml") && e.contains(expected),
            "{section}: {e}"
        );
    }
}

/// Two linked zones with stores on linear curves: HiGHS's active-set solver stops on the
/// QP as stated, so it is solved regularised and refined. The refined solution sits on
/// the curves: wherever a unit's offer sets the price, the load served is (a − p)/b to
/// 1e-9 MW — unrefined, HiGHS's regularisation would leave it off by 1e-7 per MW of
/// output, some 1e-5 MW here.
#[test]
fn a_regularised_qp_is_refined_onto_the_curve() {
    let s = load(Path::new("tests/fixtures/steps/steps_linear_demand.toml"));
    for tau in [0.0, 42.5] {
        let d = lp::solve(&s, tau).unwrap();
        let served = d.served_mw.as_ref().unwrap();
        let mut checked = 0;
        for h in 0..s.hours() {
            for z in 0..s.zones.len() {
                let (Some((a, b)), PriceSetter::Unit(_)) =
                    (s.demand_line(h, z), d.prices[[h, z]].setter)
                else {
                    continue;
                };
                let q = (a - d.prices[[h, z]].price_eur_per_mwh) / b;
                assert!(
                    (served[[h, z]] - q).abs() < 1e-9,
                    "τ {tau} hour {h} zone {z}: {} {q}",
                    served[[h, z]]
                );
                checked += 1;
            }
        }
        assert!(checked >= 4, "{checked}");
    }
}

/// Where nothing couples the hours the sweep solves the QP hour by hour: the same prices
/// and dispatch as the one QP of the whole week (to the solver's tolerance).
#[test]
fn hour_by_hour_is_the_whole_qp() {
    let s = load(Path::new("scenarios/de_week_2015_linear_demand.toml"));
    assert!(s.windows().is_some());
    for tau in [0.0, 60.0] {
        let whole = lp::solve(&s, tau).unwrap();
        let hourly =
            carbonpass::dispatch::dispatch(&s, tau, carbonpass::dispatch::Method::Lp).unwrap();
        for h in 0..s.hours() {
            let (a, b) = (whole.prices[[h, 0]], hourly.prices[[h, 0]]);
            assert!(
                (a.price_eur_per_mwh - b.price_eur_per_mwh).abs() < 1e-9,
                "τ {tau} hour {h}: {a:?} {b:?}"
            );
            assert_eq!(a.setter, b.setter, "τ {tau} hour {h}");
        }
        let gap = (whole.served_mw.unwrap() - hourly.served_mw.unwrap()).mapv(f64::abs);
        assert!(
            gap.iter().all(|g| *g < 1e-6),
            "{}",
            gap.iter().cloned().fold(0.0, f64::max)
        );
    }
}
