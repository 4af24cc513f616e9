//! The tradable performance standard (`[standard] benchmark_t_per_mwh`): Σ (e − b)·g ≤ 0
//! over covered generation, its dual the credit price; solved by hand on two units.
//!
//! Coal: c = 8/0.4 = 20 €/MWh, e = 0.4/0.4 = 1 t/MWh; gas: c = 20/0.5 = 40 €/MWh,
//! e = 0.2/0.5 = 0.4 t/MWh; 100 MW each, load 90 MW; benchmark b = 0.6 t/MWh. The standard
//! binds: 0.4·g_coal − 0.2·g_gas = 0 with g_coal + g_gas = 90, so coal runs 30 MW and gas
//! 60 MW. Both are marginal, so their offers with the credit are equal:
//! 20 + τ + 0.4·λ = 40 + 0.4·τ − 0.2·λ, λ = (20 − 0.6·τ)/0.6 = 33.33 − τ €/t, and the price
//! p = 20 + τ + 0.4·λ = 33.33 + 0.6·τ. At τ = 0 a carbon price reaching the same 54 t
//! would have to be the switch price 33.33 €/t, with a power price of 53.33 €/MWh: the
//! standard gets there at 33.33 €/MWh. From τ = 33.33 on gas is the cheaper unit anyway:
//! the standard is slack, λ = 0.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::carbonpass_ok;

fn scenario(dir: &Path, extra: &str) -> PathBuf {
    let units = "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,100,0.4\n\
                 gas,ccgt,gas,100,0.5\n";
    let fuels = "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.4\ngas,20,0.2\n";
    let demand = "hour,load_mw\n0,90\n1,90\n";
    common::write_scenario(dir, "standard", (units, fuels, demand), extra)
}

#[test]
fn the_credit_price_and_the_power_price_are_the_hand_solution() {
    let dir = tempfile::tempdir().unwrap();
    let toml = scenario(dir.path(), "[standard]\nbenchmark_t_per_mwh = 0.6\n");
    let s = carbonpass::input::load(&toml).unwrap().scenario;
    assert!(!s.merit_order_is_exact(), "the standard couples the hours");
    for tau in [0.0, 10.0, 20.0, 30.0] {
        let d = carbonpass::dispatch::lp::solve(&s, tau).unwrap();
        let lambda = d.credit_price_eur_per_t.unwrap();
        assert!(
            (lambda - (20.0 - 0.6 * tau) / 0.6).abs() < 1e-6,
            "τ {tau}: λ {lambda}"
        );
        for h in 0..2 {
            let p = d.prices[[h, 0]].price_eur_per_mwh;
            assert!(
                (p - (20.0 / 0.6 + 0.6 * tau)).abs() < 1e-6,
                "τ {tau}: p {p}"
            );
        }
        // The standard holds over the horizon: how the two equal hours share it is open.
        let coal: f64 = d.generation_mw.column(0).sum();
        let gas: f64 = d.generation_mw.column(1).sum();
        assert!(
            (coal - 60.0).abs() < 1e-6 && (gas - 120.0).abs() < 1e-6,
            "{coal} {gas}"
        );
    }
    // Beyond the switch price gas runs alone and the standard is slack.
    let d = carbonpass::dispatch::lp::solve(&s, 40.0).unwrap();
    assert_eq!(d.credit_price_eur_per_t, Some(0.0));
    assert!((d.prices[[0, 0]].price_eur_per_mwh - (40.0 + 0.4 * 40.0)).abs() < 1e-9);
    // summary.csv carries the credit price; the sweep picks the LP by itself.
    let out = dir.path().join("r");
    carbonpass_ok(&[
        "sweep",
        toml.to_str().unwrap(),
        "--carbon",
        "0,10",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert!(
        lines[0].ends_with(",system_cost_eur,standard_credit_price_eur_per_t"),
        "{summary}"
    );
    assert!(
        lines[1].starts_with("0,system,33.333333,33.333333,"),
        "{summary}"
    );
    assert!(lines[1].ends_with(",33.333333"), "{summary}");
    assert!(lines[2].ends_with(",23.333333"), "{summary}");
}

#[test]
fn without_a_standard_summary_has_no_credit_column_and_bad_standards_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let toml = scenario(dir.path(), "");
    let out = dir.path().join("r");
    carbonpass_ok(&[
        "sweep",
        toml.to_str().unwrap(),
        "--carbon",
        "0",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary
        .lines()
        .next()
        .unwrap()
        .ends_with(",system_cost_eur"));
    for (extra, expected) in [
        (
            "[standard]\nbenchmark_t_per_mwh = -1\n",
            "expected t CO2/MWh in [0, 10]",
        ),
        ("[standard]\nbenchmark = 0.5\n", "benchmark"),
        (
            "[market]\npricing = \"average-cost\"\n[standard]\nbenchmark_t_per_mwh = 0.5\n",
            "use pricing = \"marginal\"",
        ),
    ] {
        let toml = scenario(dir.path(), extra);
        let err = carbonpass::input::load(&toml)
            .err()
            .expect(extra)
            .to_string();
        assert!(err.contains(expected), "{extra}: {err}");
    }
    let toml = scenario(dir.path(), "[standard]\nbenchmark_t_per_mwh = 0.6\n");
    // Under a cap the standard keeps its own market (tests/cap_channels.rs by hand): the
    // cap's folder carries the credit price.
    let out = dir.path().join("capped");
    let run = common::carbonpass(&[
        "cap",
        toml.to_str().unwrap(),
        "--cap-t",
        "100",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary
        .lines()
        .next()
        .unwrap()
        .ends_with(",standard_credit_price_eur_per_t"));
}
