//! Allocation channels (FRAMEWORK.md §3): output-based allocation lowers the marginal
//! cost to c + τ·(e − b), so less of the carbon price passes through, and where the
//! benchmark exceeds the intensity the power price falls as τ rises. Worked by hand on
//! the four units of `hand_solved.rs`.

use std::fs;

use carbonpass::analysis::{fuel_switches, passthrough, welfare};
use carbonpass::dispatch::Method;
use carbonpass::{input, Scenario, Unit};

mod common;
use common::{hand_scenario, outcomes};

const E_COAL: f64 = 0.85;
const E_CCGT: f64 = 0.202 / 0.55;
const E_OCGT: f64 = 0.202 / 0.35;

/// Coal receives 0.5 t of allowances per MWh it generates.
fn coal_benchmark() -> Scenario {
    let mut s = hand_scenario();
    s.units[1] = s.units[1].clone().with_benchmark(0.5);
    s
}

#[test]
fn output_based_allocation_lowers_pass_through() {
    let s = coal_benchmark();
    for method in [Method::Lp, Method::MeritOrder] {
        let rows = passthrough(&s, &outcomes(&s, &[0.0, 30.0], method));
        // Coal sets the price in hour 1 (150 MW) at 25 + 0.35τ, CCGT in hour 2 (250 MW),
        // OCGT in hour 3 (320 MW); nuclear and shortage do not move.
        let dp = (150.0 * (E_COAL - 0.5) + 250.0 * E_CCGT + 320.0 * E_OCGT) / 1170.0;
        let intensity = (150.0 * E_COAL + 250.0 * E_CCGT + 320.0 * E_OCGT) / 1170.0;
        assert!((rows[0].dp_dtau_t_per_mwh - dp).abs() < 1e-9, "{rows:?}");
        assert!((rows[0].passthrough_rate - dp / intensity).abs() < 1e-9);
        assert!(
            rows[0].passthrough_rate < 0.815,
            "{}",
            rows[0].passthrough_rate
        );
    }
    // Full auctioning passes the same setters' carbon cost through in full.
    let auctioned = hand_scenario();
    let full = passthrough(&auctioned, &outcomes(&auctioned, &[0.0, 30.0], Method::Lp));
    assert!((full[0].passthrough_rate - 1.0).abs() < 1e-9);
}

#[test]
fn switching_is_relative_to_the_benchmark() {
    // Coal's net intensity 0.35 is below the CCGT's 0.367: the coal-to-gas switch at
    // 42.4 €/t is gone, and the merit order stays put at any carbon price.
    let s = coal_benchmark();
    let switches = fuel_switches(&s, &[0.0, 100.0]);
    assert!(
        !switches
            .iter()
            .any(|f| (f.dirtier == "coal" && f.cleaner == "ccgt")
                || (f.dirtier == "ccgt" && f.cleaner == "coal")),
        "{switches:?}"
    );
    let o = outcomes(&s, &[43.0, 100.0], Method::Lp);
    assert_eq!(o[0].unit_generation_mwh, o[1].unit_generation_mwh);
    assert_eq!(o[0].unit_generation_mwh[1], 350.0, "coal still runs first");
}

#[test]
fn a_benchmark_above_the_intensity_makes_the_price_fall_as_tau_rises() {
    // One hour of 150 MW: nuclear, then the CCGT at the margin with b = 0.392 t/MWh
    // (China's gas benchmark) above its e = 0.367273.
    let s = Scenario::single_zone(
        "gas benchmark",
        &[150.0],
        vec![
            Unit::fuelless("nuclear", "nuclear", 100.0, 10.0),
            Unit::thermal("ccgt", "ccgt", "gas", 100.0, 0.55, 25.0, 0.202, 0.0)
                .with_benchmark(0.392),
        ],
    );
    for method in [Method::Lp, Method::MeritOrder] {
        let o = outcomes(&s, &[0.0, 50.0], method);
        let want = 25.0 / 0.55 + 50.0 * (E_CCGT - 0.392);
        assert!((o[1].price_eur_per_mwh(0, 0) - want).abs() < 1e-9);
        assert!(o[1].price_eur_per_mwh(0, 0) < o[0].price_eur_per_mwh(0, 0));
    }
}

#[test]
fn output_based_allowances_are_counted_as_free() {
    let s = coal_benchmark();
    let (rows, profits) = welfare(&s, &outcomes(&s, &[0.0, 30.0], Method::Lp));
    let at30 = &rows[1];
    // Coal generates 350 MWh: 175 t free. Emissions 429.718182 t in all.
    let emissions = 350.0 * E_COAL + 250.0 * E_CCGT + 70.0 * E_OCGT;
    assert!((at30.free_allowances_t - 175.0).abs() < 1e-9, "{at30:?}");
    assert!((at30.carbon_cost_eur - 30.0 * (emissions - 175.0)).abs() < 1e-6);
    let consumer = 30.0 * (150.0 * (E_COAL - 0.5) + 250.0 * E_CCGT + 320.0 * E_OCGT);
    assert!((at30.consumer_cost_change_eur - consumer).abs() < 1e-6);
    // Coal's net cost rises by 30·0.35 on all its 350 MWh; its revenue rises with the
    // price where it runs: hour 1 (50 MWh, its own cost), hour 2 (100 MWh, the CCGT's),
    // hour 3 (100 MWh, the OCGT's); in hour 4 the price stays at VOLL.
    let coal = profits
        .iter()
        .find(|p| p.tau_eur_per_t == 30.0 && p.technology == "hard_coal")
        .unwrap();
    let gain = 30.0 * (100.0 * E_CCGT + 100.0 * E_OCGT) + 30.0 * 50.0 * (E_COAL - 0.5);
    let cost = 30.0 * 350.0 * (E_COAL - 0.5);
    assert!(
        (coal.profit_change_eur - (gain - cost)).abs() < 1e-6,
        "{coal:?}"
    );
    assert!((coal.free_allowance_value_eur - 30.0 * 175.0).abs() < 1e-9);
}

#[test]
fn allocation_by_technology_fills_what_units_leave_empty() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write(
        "units.csv",
        "name,technology,fuel,capacity_mw,efficiency,free_allocation_share,benchmark_t_per_mwh\n\
         a,hard_coal,coal,100,0.4,,\nb,hard_coal,coal,100,0.4,0.2,0.9\nc,ccgt,gas,100,0.55,,\n",
    );
    write(
        "fuels.csv",
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,0.34\ngas,25,0.202\n",
    );
    write("demand.csv", "hour,load_mw\n0,150\n");
    let toml = |allocation: &str| {
        format!(
            "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n{allocation}"
        )
    };
    write(
        "s.toml",
        &toml("[allocation]\nfree_share = { hard_coal = 1.0 }\nbenchmark_t_per_mwh = { hard_coal = 0.877, ccgt = 0.392 }\n"),
    );
    let s = input::load(&dir.path().join("s.toml")).unwrap().scenario;
    let got: Vec<(f64, f64)> = s
        .units
        .iter()
        .map(|u| (u.free_allocation_share(), u.benchmark_t_per_mwh()))
        .collect();
    assert_eq!(got, [(1.0, 0.877), (0.2, 0.9), (0.0, 0.392)]);

    write(
        "s.toml",
        &toml(
            "[allocation]\nfree_share = { lignite = 0.5 }\nbenchmark_t_per_mwh = { ccgt = -1 }\n",
        ),
    );
    let err = input::load(&dir.path().join("s.toml"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("[allocation] free_share: no unit has technology `lignite`"),
        "{err}"
    );
    assert!(
        err.contains("[allocation] benchmark_t_per_mwh.ccgt: expected a number in [0, 10], got -1"),
        "{err}"
    );
}
