//! The cap together with the other channels, each solved by hand. What the cap counts:
//! the emissions of units in the carbon market (imports from outside count 0, their
//! emissions are leakage); free allowances — output-based too — come out of the cap, not
//! on top of it; demand response and a demand curve give up load like a clean unit; a
//! performance standard is a market of its own beside it. Where a unit's offer rises with
//! the allowance price by other than its counted tonnes (output-based benchmarks,
//! markups) the allowance price is found by search (`dispatch::cap_search`), checked
//! here against the cap's row where both apply.
//!
//! Units: coal c = 8/0.4 = 20 €/MWh, e = 0.4/0.4 = 1 t/MWh; gas c = 20/0.5 = 40 €/MWh,
//! e = 0.2/0.5 = 0.4 t/MWh; 100 MW each; one hour of 90 MW. All coal emits 90 t, all gas
//! 36 t; a cap of 60 t needs coal x with x + 0.4·(90 − x) = 60: 40 MW coal, 50 MW gas, so
//! coal and gas must tie at the allowance price.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::carbonpass_ok;

use carbonpass::dispatch::lp::{solve_with_cap, Cap};
use carbonpass::dispatch::{cap_search, warm::Chain, Dispatch};
use carbonpass::Scenario;

fn scenario(dir: &Path, units: &str, extra: &str) -> PathBuf {
    let fuels = "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.4\ngas,20,0.2\n";
    let demand = "hour,load_mw\n0,90\n";
    common::write_scenario(dir, "capped", (units, fuels, demand), extra)
}

const TWO: &str = "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,100,0.4\n\
                   gas,ccgt,gas,100,0.5\n";

fn load(toml: &Path) -> Scenario {
    carbonpass::input::load(toml).unwrap().scenario
}

fn cap(cap_t: f64) -> Cap {
    Cap {
        cap_t,
        floor_eur_per_t: 0.0,
        ceiling_eur_per_t: None,
    }
}

fn by_row(s: &Scenario, cap_t: f64) -> Dispatch {
    assert!(s.cap_is_a_row());
    solve_with_cap(s, 0.0, Some(cap(cap_t))).unwrap()
}

fn by_search(s: &Scenario, cap_t: f64) -> Dispatch {
    cap_search::solve(s, cap(cap_t), &mut Chain::new(s)).unwrap()
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * b.abs().max(1.0)
}

/// Auctioned allowances: the switch price (40 − 20)/(1 − 0.4) = 33.33 €/t; the search
/// finds the row's answer.
#[test]
fn the_search_finds_the_price_the_cap_row_gives() {
    let dir = tempfile::tempdir().unwrap();
    let s = load(&scenario(dir.path(), TWO, ""));
    let (row, search) = (by_row(&s, 60.0), by_search(&s, 60.0));
    assert!(
        close(row.tau_eur_per_t, 20.0 / 0.6, 1e-9),
        "{}",
        row.tau_eur_per_t
    );
    assert!(
        close(search.tau_eur_per_t, row.tau_eur_per_t, 1e-8),
        "{}",
        search.tau_eur_per_t
    );
    for d in [&row, &search] {
        assert!(close(d.emissions_t(&s), 60.0, 1e-9));
        assert!(close(d.generation_mw[[0, 0]], 40.0, 1e-9));
    }
    assert!(close(
        search.prices[[0, 0]].price_eur_per_mwh,
        40.0 + 0.4 * 20.0 / 0.6,
        1e-8
    ));
}

/// Coal gets 0.5 t/MWh free (output-based): its offer is 20 + τ·(1 − 0.5), so coal and
/// gas tie at τ = (40 − 20)/(0.5 − 0.4) = 200 €/t, six times the auctioned price, with a
/// power price of 120 €/MWh. The free allowances come out of the cap: emissions 60 t.
#[test]
fn output_based_allocation_under_a_cap_raises_the_allowance_price_to_its_switch() {
    let dir = tempfile::tempdir().unwrap();
    let units = "name,technology,fuel,capacity_mw,efficiency,benchmark_t_per_mwh\n\
                 coal,hard_coal,coal,100,0.4,0.5\ngas,ccgt,gas,100,0.5,0\n";
    let toml = scenario(dir.path(), units, "");
    let s = load(&toml);
    assert!(!s.cap_is_a_row());
    let d = by_search(&s, 60.0);
    assert!(close(d.tau_eur_per_t, 200.0, 1e-8), "{}", d.tau_eur_per_t);
    assert!(close(d.emissions_t(&s), 60.0, 1e-9));
    assert!(close(d.prices[[0, 0]].price_eur_per_mwh, 120.0, 1e-8));
    // The command takes the search by itself and says so in run.toml.
    let out = dir.path().join("r");
    carbonpass_ok(&[
        "cap",
        toml.to_str().unwrap(),
        "--cap-t",
        "60",
        "--out",
        out.to_str().unwrap(),
    ]);
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let row: Vec<&str> = summary.lines().nth(1).unwrap().split(',').collect();
    assert!(close(row[0].parse().unwrap(), 200.0, 1e-8), "{summary}");
    let run = fs::read_to_string(out.join("run.toml")).unwrap();
    assert!(run.contains("allowance price by search"), "{run}");
}

/// A 50 % markup on coal: 1.5·(20 + τ) = 40 + 0.4·τ at τ = 10/1.1 = 9.09 €/t; the power
/// price 40 + 0.4·9.09 = 43.64 €/MWh.
#[test]
fn markups_under_a_cap_tie_the_offers_not_the_costs() {
    let dir = tempfile::tempdir().unwrap();
    let units = "name,technology,fuel,capacity_mw,efficiency,markup\n\
                 coal,hard_coal,coal,100,0.4,0.5\ngas,ccgt,gas,100,0.5,0\n";
    let s = load(&scenario(dir.path(), units, ""));
    let d = by_search(&s, 60.0);
    assert!(
        close(d.tau_eur_per_t, 10.0 / 1.1, 1e-8),
        "{}",
        d.tau_eur_per_t
    );
    assert!(
        close(d.emissions_t(&s), 60.0, 1e-9),
        "{} {:?}",
        d.emissions_t(&s),
        d.generation_mw
    );
    assert!(close(
        d.prices[[0, 0]].price_eur_per_mwh,
        40.0 + 0.4 * 10.0 / 1.1,
        1e-8
    ));
}

/// 50 MW of imports at 45 €/MWh from outside the carbon market (0.8 t/MWh abroad): they
/// replace coal at τ = 25 €/t, before gas would (33.33). The cap counts coal only: 60 MW
/// of coal, 30 MW imported, 24 t leaked.
#[test]
fn a_cap_counts_emissions_inside_the_market_and_imports_leak() {
    let dir = tempfile::tempdir().unwrap();
    let imports = "[[imports]]\nname = \"imports\"\ncapacity_mw = 50\nprice_eur_per_mwh = 45\n\
                   co2_t_per_mwh = 0.8\n";
    let s = load(&scenario(dir.path(), TWO, imports));
    let d = by_row(&s, 60.0);
    assert!(close(d.tau_eur_per_t, 25.0, 1e-9), "{}", d.tau_eur_per_t);
    assert!(close(d.emissions_t(&s), 60.0, 1e-9));
    let imported: f64 = (0..s.units.len())
        .filter(|&u| s.units[u].outside_ets)
        .map(|u| d.generation_mw[[0, u]])
        .sum();
    assert!(close(imported, 30.0, 1e-9), "{imported}");
    assert!(close(d.prices[[0, 0]].price_eur_per_mwh, 45.0, 1e-9));
}

/// Coal alone and 10 % of the load responsive at 60 €/MWh: a cap of 85 t gives up 5 MW
/// of load, so the block sets 60 €/MWh and coal ties with it at τ = 40 €/t. With a linear
/// curve instead (D = 90 at 40 €/MWh, ε = −0.5: b = 0.889, a = 120) and gas alone, a cap
/// of 20 t serves 50 MW at 120 − 0.889·50 = 75.56 €/MWh = 40 + 0.4·τ: τ = 88.89 €/t.
#[test]
fn demand_that_answers_the_price_meets_a_cap_by_giving_up_load() {
    let dir = tempfile::tempdir().unwrap();
    let coal = "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,100,0.4\n";
    let blocks = "[demand_response]\nblocks = [{ share = 0.1, price_eur_per_mwh = 60 }]\n";
    let s = load(&scenario(dir.path(), coal, blocks));
    let d = by_row(&s, 85.0);
    assert!(close(d.tau_eur_per_t, 40.0, 1e-9), "{}", d.tau_eur_per_t);
    assert!(close(d.generation_mw[[0, 0]], 85.0, 1e-9));
    assert!(close(d.prices[[0, 0]].price_eur_per_mwh, 60.0, 1e-9));
    let dir = tempfile::tempdir().unwrap();
    let gas = "name,technology,fuel,capacity_mw,efficiency\ngas,ccgt,gas,100,0.5\n";
    let curve =
        "[demand]\nmodel = \"linear\"\nelasticity = -0.5\nreference_price_eur_per_mwh = 40\n";
    let s = load(&scenario(dir.path(), gas, curve));
    let d = by_row(&s, 20.0);
    let b = 40.0 / (0.5 * 90.0);
    let price = 120.0 - b * 50.0;
    assert!(close(d.prices[[0, 0]].price_eur_per_mwh, price, 1e-8));
    assert!(
        close(d.tau_eur_per_t, (price - 40.0) / 0.4, 1e-8),
        "{}",
        d.tau_eur_per_t
    );
    assert!(close(d.served_mw.unwrap()[[0, 0]], 50.0, 1e-8));
}

/// A standard of 0.6 t/MWh beside the cap, each its own market. The standard alone puts
/// coal at 30 MW (54 t): a cap of 60 t is slack, the allowance price stays at the floor
/// and the credit price is the standard's 33.33 €/t. A cap of 45 t needs coal at 15 MW:
/// the cap binds at the switch price 33.33 €/t and the standard is slack.
#[test]
fn a_cap_and_a_standard_each_price_their_own_limit() {
    let dir = tempfile::tempdir().unwrap();
    let s = load(&scenario(
        dir.path(),
        TWO,
        "[standard]\nbenchmark_t_per_mwh = 0.6\n",
    ));
    let d = by_row(&s, 60.0);
    assert_eq!(d.tau_eur_per_t, 0.0);
    assert!(close(d.credit_price_eur_per_t.unwrap(), 20.0 / 0.6, 1e-9));
    assert!(close(d.emissions_t(&s), 54.0, 1e-9));
    let d = by_row(&s, 45.0);
    assert!(
        close(d.tau_eur_per_t, 20.0 / 0.6, 1e-9),
        "{}",
        d.tau_eur_per_t
    );
    assert!(close(d.credit_price_eur_per_t.unwrap(), 0.0, 1e-9));
    assert!(close(d.generation_mw[[0, 0]], 15.0, 1e-9));
}
