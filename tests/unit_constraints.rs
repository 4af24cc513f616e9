//! Must-run shares and ramping limits (units.csv `must_run_share`, `ramp_mw_per_h`):
//! hand-solved cases, the merit order against the LP with must-run, the price a ramping
//! limit sets, and the input errors.

use std::fs;

use carbonpass::dispatch::{dispatch, lp, merit, warm, Method, PriceSetter};
use carbonpass::schema::units;
use carbonpass::{Scenario, Unit};
use proptest::prelude::*;

mod common;
use common::{carbonpass, scenario_strategy};

/// One hour: hydro 100 MW at 10 €/MWh, a heat-led CHP of 100 MW at 50 €/MWh that must
/// run 40 % of it.
fn chp(load_mw: f64) -> Scenario {
    Scenario::single_zone(
        "chp",
        &[load_mw],
        vec![
            Unit::fuelless("hydro", "hydro_ror", 100.0, 10.0),
            Unit::fuelless("chp", "chp", 100.0, 50.0).with_must_run(0.4),
        ],
    )
}

#[test]
fn must_run_output_comes_first_whatever_its_cost() {
    // (load, hydro and CHP output, price, its interval, who sets it):
    // 100 MW: the CHP's 40 run, hydro covers 60 and sets 10;
    // 140 MW: hydro full, the CHP at its must-run: load on a step, [10, 50], 10 reported;
    // 150 MW: the CHP runs 50, above its must-run, and sets 50.
    let cases = [
        (100.0, [60.0, 40.0], 10.0, (10.0, 10.0), 0),
        (140.0, [100.0, 40.0], 10.0, (10.0, 50.0), 0),
        (150.0, [100.0, 50.0], 50.0, (50.0, 50.0), 1),
    ];
    for method in [Method::Lp, Method::MeritOrder] {
        for (load, output, price, (lo, hi), setter) in cases {
            let d = dispatch(&chp(load), 0.0, method).unwrap();
            let what = format!("{method:?}, {load} MW");
            assert_eq!(d.generation_mw.row(0).to_vec(), output.to_vec(), "{what}");
            let p = d.prices[[0, 0]];
            assert_eq!(
                (p.price_eur_per_mwh, p.lo_eur_per_mwh, p.hi_eur_per_mwh),
                (price, lo, hi),
                "{what}"
            );
            assert_eq!(
                (p.setter, p.unique),
                (PriceSetter::Unit(setter), lo == hi),
                "{what}"
            );
        }
    }
}

#[test]
fn a_ramping_limit_gives_the_hand_solved_dispatch_and_negative_prices_around_the_peak() {
    // Coal climbs 100 → 200 → 200; gas covers the other 100 MW of the peak and sets 60.
    // One more MW of load in hour 0 lets coal reach 201 in hour 1 and replace a MW of
    // gas: it costs 20 and saves 60, so hour 0's price is 20 − 40 = −20 (and one MW
    // less costs 40 − 20 more: the price is unique). Hour 2 is coal's 20.
    let s = common::ramping();
    assert!(s.has_time_coupling() && !s.merit_order_is_exact());
    let d = lp::solve(&s, 0.0).unwrap();
    assert_eq!(
        d.generation_mw.column(0).to_vec(),
        vec![100.0, 200.0, 200.0]
    );
    assert_eq!(d.generation_mw.column(1).to_vec(), vec![0.0, 100.0, 0.0]);
    common::assert_hourly_prices(&d, &[-20.0, 60.0, 20.0]);
    assert_eq!(
        d.prices[[0, 0]].setter,
        PriceSetter::Unit(0),
        "coal's ramp sets it"
    );
    assert_eq!(d.prices[[1, 0]].setter, PriceSetter::Unit(1));
    // The warm-started model gives the same.
    let w = warm::Chain::new(&s).solve(0.0).unwrap();
    assert_eq!(w.generation_mw, d.generation_mw);
    // Without the limit coal runs 300 at the peak and every price is coal's 20.
    let mut free = s.clone();
    free.units[0].clear(&units::RAMP);
    let d = lp::solve(&free, 0.0).unwrap();
    assert!(d.prices.iter().all(|p| p.price_eur_per_mwh == 20.0));
}

/// Three hours of 250, 40, 250 MW: coal 200 MW at 20 €/MWh with a minimum stable load of
/// half its capacity online and a start-up cost of 30 €/MW; gas 300 MW at 50.
fn commitment() -> Scenario {
    Scenario::single_zone(
        "commitment",
        &[250.0, 40.0, 250.0],
        vec![
            Unit::fuelless("coal", "hard_coal", 200.0, 20.0).with_commitment(0.5, 30.0),
            Unit::fuelless("gas", "ccgt", 300.0, 50.0),
        ],
    )
}

#[test]
fn a_minimum_stable_load_with_start_up_costs_gives_the_hand_solved_dispatch() {
    // At 40 MW of load coal can keep at most 80 MW online (half of it is its minimum).
    // Every MW restarted for hour 2 costs 30 and saves 2 × 30 of gas over hours 2 and 0
    // (the horizon is cyclic): coal comes back to 200 MW online. Hours 0 and 2: coal
    // full, gas sets 50. Hour 1: one more MW of load lets coal keep 2 MW more online and
    // start 2 MW fewer: 20 − 2 × 30 = −40 €/MWh, and one MW less costs as much again.
    let s = commitment();
    assert!(s.has_time_coupling());
    let d = lp::solve(&s, 0.0).unwrap();
    assert_eq!(d.generation_mw.column(0).to_vec(), vec![200.0, 40.0, 200.0]);
    assert_eq!(d.generation_mw.column(1).to_vec(), vec![50.0, 0.0, 50.0]);
    assert_eq!(d.online_mw.column(0).to_vec(), vec![200.0, 80.0, 200.0]);
    assert_eq!(d.startup_mw.column(0).to_vec(), vec![0.0, 0.0, 120.0]);
    common::assert_close(
        d.system_cost_eur(&s),
        8800.0 + 5000.0 + 3600.0,
        1e-12,
        "cost",
    );
    common::assert_hourly_prices(&d, &[50.0, -40.0, 50.0]);
    assert_eq!(d.prices[[1, 0]].setter, PriceSetter::Unit(0));
    let w = warm::Chain::new(&s).solve(0.0).unwrap();
    assert_eq!(w.generation_mw, d.generation_mw);
    assert_eq!(w.startup_mw, d.startup_mw);
    // Without a start-up cost the minimum stable load binds nothing: coal follows load.
    let mut free = s.clone();
    free.units[0].set(&units::STARTUP_COST, 0.0);
    let d = lp::solve(&free, 0.0).unwrap();
    common::assert_close(
        d.system_cost_eur(&free),
        20.0 * 440.0 + 50.0 * 100.0,
        1e-12,
        "cost",
    );
}

/// Random scenarios with random commitment (minimum stable load, start-up cost) on
/// their units.
fn with_commitment() -> impl Strategy<Value = Scenario> {
    (
        scenario_strategy(),
        prop::collection::vec((0.0..0.9f64, 0.0..200.0f64), 8),
    )
        .prop_map(|(mut s, commitment)| {
            for (unit, (stable, startup)) in s.units.iter_mut().zip(commitment) {
                unit.set(&units::MIN_STABLE, stable);
                unit.set(&units::STARTUP_COST, startup);
            }
            s
        })
}

/// Random scenarios whose units must run a random share, with load above the must-run
/// total in every hour.
fn with_must_run() -> impl Strategy<Value = Scenario> {
    (scenario_strategy(), prop::collection::vec(0.0..0.8f64, 8)).prop_map(|(mut s, shares)| {
        for (unit, share) in s.units.iter_mut().zip(shares) {
            unit.set(&units::MUST_RUN, share);
        }
        let must_run = s.hourly_must_run_mw();
        for h in 0..s.hours() {
            let floor = must_run.row(h).sum();
            s.demand_mw[[h, 0]] = s.demand_mw[[h, 0]].max(floor);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With commitment the LP is still an LP in τ: emissions never rise with τ, and the
    /// central difference of system cost (start-ups included) lies between E(τ ± h); the
    /// warm model gives the cold optimum.
    #[test]
    fn with_commitment_the_envelope_holds_and_warm_matches_cold(
        s in with_commitment(), tau in 1.0..150.0f64,
    ) {
        let h = 0.5;
        let at = |t: f64| {
            let d = lp::solve(&s, t).unwrap();
            (d.system_cost_eur(&s), d.emissions_t(&s))
        };
        let ((c_minus, e_minus), (c_plus, e_plus)) = (at(tau - h), at(tau + h));
        let tol = 1e-6 * (1.0 + e_minus);
        prop_assert!(e_plus <= e_minus + tol, "E rose: {e_minus} → {e_plus}");
        let slope = (c_plus - c_minus) / (2.0 * h);
        prop_assert!(e_plus - tol <= slope && slope <= e_minus + tol,
            "ΔC/Δτ = {slope} outside [{e_plus}, {e_minus}]");
        let mut chain = warm::Chain::new(&s);
        for t in [tau - h, tau + h] {
            let w = chain.solve(t).unwrap();
            let c = lp::solve(&s, t).unwrap();
            prop_assert_eq!(chain.fallbacks(), 0);
            let (cw, cc) = (w.system_cost_eur(&s), c.system_cost_eur(&s));
            prop_assert!((cw - cc).abs() <= 1e-9 * cc.abs().max(1.0), "warm {cw} vs cold {cc}");
        }
    }

    /// With must-run and no coupling, the merit order is exact: the same dispatch and
    /// prices as the LP.
    #[test]
    fn with_must_run_the_merit_order_matches_the_lp(s in with_must_run(), tau in 0.0..150.0f64) {
        let m = merit::solve(&s, tau);
        let l = lp::solve(&s, tau).unwrap();
        common::assert_close(m.system_cost_eur(&s), l.system_cost_eur(&s), 1e-9, "cost");
        for (p, q) in m.prices.iter().zip(l.prices.iter()) {
            prop_assert!((p.price_eur_per_mwh - q.price_eur_per_mwh).abs() <= 1e-9 * p.price_eur_per_mwh.abs().max(1.0),
                "merit {p:?} vs LP {q:?}");
        }
    }
}

fn write_scenario(dir: &std::path::Path, units: &str, load: &str) -> std::path::PathBuf {
    fs::write(
        dir.join("s.toml"),
        "name = \"inflexible\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
         demand = \"demand.csv\"\n[carbon]\nprices_eur_per_t = [0, 50]\n",
    )
    .unwrap();
    fs::write(dir.join("units.csv"), units).unwrap();
    fs::write(
        dir.join("fuels.csv"),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.34\ngas,20,0.2\n",
    )
    .unwrap();
    fs::write(dir.join("demand.csv"), format!("hour,load_mw\n{load}")).unwrap();
    dir.join("s.toml")
}

#[test]
fn a_ramped_sweep_solves_the_lp_and_bad_values_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        dir.path(),
        "name,technology,fuel,capacity_mw,efficiency,must_run_share,ramp_mw_per_h\n\
         coal,hard_coal,coal,300,0.4,0.2,100\nccgt,ccgt,gas,300,0.55,,\n",
        "0,100\n1,300\n2,200\n",
    );
    let out = dir.path().join("r");
    common::sweep_on_the_lp(&scenario, &out);

    let bad = write_scenario(
        dir.path(),
        "name,technology,fuel,capacity_mw,efficiency,must_run_share,ramp_mw_per_h\n\
         coal,hard_coal,coal,300,0.4,1.5,-1\nccgt,ccgt,gas,300,0.55,0.9,\n",
        "0,100\n",
    );
    let stderr = String::from_utf8_lossy(&carbonpass(&["validate", bad.to_str().unwrap()]).stderr)
        .into_owned();
    let units = dir.path().join("units.csv").display().to_string();
    for expected in [
        format!("{units}, line 2, column `must_run_share`: expected a fraction in [0, 1], got 1.5"),
        format!(
            "{units}, line 2, column `ramp_mw_per_h`: expected a number in [0, 1000000], got -1"
        ),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    // Must-run above the load, with nothing to take the surplus, is named by hour.
    let surplus = write_scenario(
        dir.path(),
        "name,technology,fuel,capacity_mw,efficiency,must_run_share\nccgt,ccgt,gas,300,0.55,0.5\n",
        "0,200\n1,100\n",
    );
    let stderr =
        String::from_utf8_lossy(&carbonpass(&["validate", surplus.to_str().unwrap()]).stderr)
            .into_owned();
    let demand = dir.path().join("demand.csv").display().to_string();
    assert!(
        stderr.contains(&format!("{demand}, line 3"))
            && stderr.contains("below the 150 MW that units must run"),
        "{stderr}"
    );
}

/// A must-run share that follows a profile (heat-led CHP whose heat demand changes):
/// hydro 100 MW at 10 €/MWh, the CHP of 100 MW at 50 €/MWh must run 40 %, 0 % and 70 %
/// of its capacity in the three hours; the load is 90 MW. By hand: the CHP gives 40, 0
/// and 70 MW, hydro the rest (50, 90, 20) and sets 10 €/MWh in every hour.
#[test]
fn a_must_run_profile_gives_the_hand_solved_dispatch_hour_by_hour() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("profiles.csv"),
        "hour,heat\n0,0.4\n1,0\n2,0.7\n",
    )
    .unwrap();
    let toml = common::write_scenario(
        dir.path(),
        "heat",
        (
            "name,technology,fuel,capacity_mw,vom_eur_per_mwh,must_run_share\n\
             hydro,hydro_ror,none,100,10,\nchp,chp,none,100,50,heat\n",
            "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ngas,0,0\n",
            "hour,load_mw\n0,90\n1,90\n2,90\n",
        ),
        "profiles = \"profiles.csv\"\n",
    );
    let s = carbonpass::input::load(&toml).unwrap().scenario;
    assert_eq!(
        s.hourly_must_run_mw().column(1).to_vec(),
        vec![40.0, 0.0, 70.0]
    );
    for method in [Method::Lp, Method::MeritOrder] {
        let d = dispatch(&s, 0.0, method).unwrap();
        assert_eq!(
            d.generation_mw.column(0).to_vec(),
            vec![50.0, 90.0, 20.0],
            "{method:?}"
        );
        assert_eq!(
            d.generation_mw.column(1).to_vec(),
            vec![40.0, 0.0, 70.0],
            "{method:?}"
        );
        common::assert_hourly_prices(&d, &[10.0, 10.0, 10.0]);
    }
    // A name that is no profile is named with the profiles there are.
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "name,technology,fuel,capacity_mw,vom_eur_per_mwh,must_run_share\nchp,chp,none,100,50,hot\n",
    )
    .unwrap();
    let stderr = String::from_utf8_lossy(&carbonpass(&["validate", toml.to_str().unwrap()]).stderr)
        .into_owned();
    let expected = format!(
        "{}, line 2, column `must_run_share`: expected a fraction in [0, 1] or a column of the \
         profiles file (heat), got `hot`",
        units.display()
    );
    assert!(stderr.contains(&expected), "{expected}\n{stderr}");
}
