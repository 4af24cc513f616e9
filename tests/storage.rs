//! Storage (FORMAT.md storage.csv): arbitrage between hours on hand-solved cases, the
//! price it sets through its value of stored energy, FRAMEWORK.md §1 facts with storage,
//! and the sweep's files and errors.

use std::fs;

use carbonpass::analysis::{passthrough, reduce};
use carbonpass::dispatch::{dispatch, lp, Method, PriceSetter};
use carbonpass::{Scenario, Storage, Unit};
use proptest::prelude::*;

mod common;
use common::{carbonpass, with_storage};

/// Two hours, load 100 then 230 MW. Gas: 200 MW, 2 MWh_th per MWh at 5 €/MWh_th and
/// 0.2 t/MWh_th, so 10 + 0.4·τ €/MWh. Oil: 100 MW at 100 €/MWh, no carbon. A store of
/// `power_mw` and `energy_mwh`, round trip 0.8.
fn two_hours(power_mw: f64, energy_mwh: f64) -> Scenario {
    let mut s = Scenario::single_zone(
        "two hours",
        &[100.0, 230.0],
        vec![
            Unit::thermal("gas", "ccgt", "gas", 200.0, 0.5, 5.0, 0.2, 0.0),
            Unit::fuelless("oil", "oil", 100.0, 100.0),
        ],
    );
    s.storage = vec![Storage::battery("pumped", power_mw, energy_mwh, 0.8)];
    s
}

#[test]
fn storage_arbitrage_gives_the_hand_solved_prices() {
    // Hour 1 needs 30 MW beyond gas's 200: storing gas at hour 0 costs c/0.8 per MWh
    // given back, less than oil's 100. So the store charges 37.5 MW at hour 0 (gas runs
    // 137.5 MW and sets c) and gives back 30 MW at hour 1, between its limits: hour 1's
    // price is the stored energy's value c/0.8, set by storage.
    for (tau, gas) in [(0.0, 10.0), (25.0, 20.0), (50.0, 30.0)] {
        let d = lp::solve(&two_hours(50.0, 100.0), tau).unwrap();
        assert_eq!(d.storage.charge_mw.column(0).to_vec(), vec![37.5, 0.0]);
        assert_eq!(d.storage.discharge_mw.column(0).to_vec(), vec![0.0, 30.0]);
        assert_eq!(d.generation_mw.column(0).to_vec(), vec![137.5, 200.0]);
        assert_eq!(d.generation_mw.column(1).to_vec(), vec![0.0, 0.0]);
        let (p0, p1) = (d.prices[[0, 0]], d.prices[[1, 0]]);
        assert_eq!(
            (p0.price_eur_per_mwh, p0.setter),
            (gas, PriceSetter::Unit(0))
        );
        common::assert_close(p1.price_eur_per_mwh, gas / 0.8, 1e-9, "hour 1 price");
        assert_eq!(p1.setter, PriceSetter::Storage(0));
        // What the units alone allow at hour 1: gas at its limit, oil idle.
        assert_eq!((p1.lo_eur_per_mwh, p1.hi_eur_per_mwh), (gas, 100.0));
        // The state of charge moves by 0.8 · charge − discharge and ends where it began.
        let soc = d.storage.state_of_charge_mwh.column(0).to_vec();
        common::assert_close(soc[0] - soc[1], 30.0, 1e-9, "stored then given back");
    }
}

#[test]
fn storage_sets_a_price_that_passes_through_its_charging_units_carbon_over_efficiency() {
    let s = two_hours(50.0, 100.0);
    let o: Vec<_> = [0.0, 25.0]
        .iter()
        .map(|&t| reduce(&s, lp::solve(&s, t).unwrap()))
        .collect();
    // The store's energy comes from gas (0.4 t/MWh): 0.5 t per MWh given back.
    common::assert_close(o[0].storage_intensity_t_per_mwh[0], 0.5, 1e-12, "intensity");
    let rows = passthrough(&s, &o);
    let expected_dp = (100.0 * 0.4 + 230.0 * 0.5) / 330.0;
    common::assert_close(rows[0].dp_dtau_t_per_mwh, expected_dp, 1e-9, "dp/dτ");
    common::assert_close(rows[0].passthrough_rate, 1.0, 1e-9, "pass-through rate");
}

#[test]
fn a_store_at_its_power_or_energy_limit_leaves_the_price_to_the_units() {
    // 20 MW: it charges 20 at hour 0 (gas 120 MW sets 10), stores 16 and gives them back
    // at hour 1; oil covers 14 and sets 100.
    let d = lp::solve(&two_hours(20.0, 100.0), 0.0).unwrap();
    assert_eq!(d.storage.charge_mw[[0, 0]], 20.0);
    assert_eq!(d.storage.discharge_mw[[1, 0]], 16.0);
    assert_eq!(d.generation_mw[[1, 1]], 14.0);
    assert_eq!(d.prices[[1, 0]].price_eur_per_mwh, 100.0);
    assert_eq!(d.prices[[1, 0]].setter, PriceSetter::Unit(1));
    assert_eq!(d.prices[[0, 0]].price_eur_per_mwh, 10.0);
    assert_eq!(d.prices[[0, 0]].setter, PriceSetter::Unit(0));
    // 12 MWh: it charges 15, gives back 12, and oil covers 18.
    let d = lp::solve(&two_hours(50.0, 12.0), 0.0).unwrap();
    assert_eq!(d.storage.charge_mw[[0, 0]], 15.0);
    assert_eq!(d.storage.discharge_mw[[1, 0]], 12.0);
    assert_eq!(d.generation_mw[[1, 1]], 18.0);
    assert_eq!(d.prices[[1, 0]].price_eur_per_mwh, 100.0);
}

/// Two hours, load 100 then 200 MW: gas 150 MW at 10 €/MWh, oil 100 MW at 100, and a
/// hydro reservoir without pumps, inflow 30 MW in each hour.
fn reservoir(power_mw: f64) -> Scenario {
    let mut s = Scenario::single_zone(
        "reservoir",
        &[100.0, 200.0],
        vec![
            Unit::fuelless("gas", "ccgt", 150.0, 10.0),
            Unit::fuelless("oil", "oil", 100.0, 100.0),
        ],
    );
    let mut hydro = Storage::battery("hydro", power_mw, 500.0, 1.0);
    hydro.charge_power_mw = 0.0;
    hydro.inflow_mw = 30.0;
    s.storage = vec![hydro];
    s
}

#[test]
fn a_reservoir_spends_its_inflow_where_it_is_worth_most_and_spills_what_it_cannot_use() {
    // 80 MW of turbines: the 60 MWh of inflow all run, 50 of them at hour 1 where they
    // replace oil; the other 10 replace gas in either hour. Both prices are gas's 10.
    let d = lp::solve(&reservoir(80.0), 0.0).unwrap();
    assert_eq!(d.storage.discharge_mw.column(0).sum(), 60.0);
    assert!(d.storage.discharge_mw[[1, 0]] >= 50.0);
    assert_eq!(d.storage.charge_mw.sum(), 0.0);
    assert_eq!(d.storage.spill_mw.sum(), 0.0);
    assert_eq!(d.generation_mw[[1, 1]], 0.0);
    for h in 0..2 {
        assert_eq!(d.prices[[h, 0]].price_eur_per_mwh, 10.0, "hour {h}");
    }
    // 20 MW of turbines: 20 MW in each hour, 20 MWh spilled; oil covers 30 at hour 1.
    let d = lp::solve(&reservoir(20.0), 0.0).unwrap();
    assert_eq!(d.storage.discharge_mw.column(0).to_vec(), vec![20.0, 20.0]);
    common::assert_close(d.storage.spill_mw.sum(), 20.0, 1e-9, "spilled");
    assert_eq!(d.generation_mw.column(1).to_vec(), vec![0.0, 30.0]);
    assert_eq!(d.prices[[0, 0]].price_eur_per_mwh, 10.0);
    assert_eq!(d.prices[[1, 0]].price_eur_per_mwh, 100.0);
}

#[test]
fn an_empty_store_changes_no_dispatch() {
    let s = two_hours(50.0, 0.0);
    let mut without = s.clone();
    without.storage.clear();
    for tau in [0.0, 40.0] {
        let with = lp::solve(&s, tau).unwrap();
        let plain = lp::solve(&without, tau).unwrap();
        assert_eq!(with.generation_mw, plain.generation_mw);
        assert_eq!(with.storage.discharge_mw.sum(), 0.0);
    }
}

#[test]
fn the_merit_order_refuses_storage_and_auto_chooses_the_lp() {
    let s = two_hours(50.0, 100.0);
    assert!(!s.merit_order_is_exact());
    let err = dispatch(&s, 0.0, Method::MeritOrder).unwrap_err();
    assert!(err.to_string().contains("storage between hours"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn with_storage_emissions_never_rise_with_the_carbon_price(
        s in with_storage(), a in 0.0..150.0f64, b in 0.0..150.0f64,
    ) {
        let (low, high) = (a.min(b), a.max(b));
        let e_low = lp::solve(&s, low).unwrap().emissions_t(&s);
        let e_high = lp::solve(&s, high).unwrap().emissions_t(&s);
        prop_assert!(e_high <= e_low + 1e-7 * e_low.max(1.0), "E({high}) = {e_high} > E({low}) = {e_low}");
    }

    /// Envelope theorem with storage: a central difference of system cost lies between
    /// E(τ + h) and E(τ − h).
    #[test]
    fn with_storage_the_central_difference_of_system_cost_is_emissions(
        s in with_storage(), tau in 1.0..150.0f64,
    ) {
        let h = 0.5;
        let at = |t: f64| {
            let d = lp::solve(&s, t).unwrap();
            (d.system_cost_eur(&s), d.emissions_t(&s))
        };
        let ((c_minus, e_minus), (c_plus, e_plus)) = (at(tau - h), at(tau + h));
        let slope = (c_plus - c_minus) / (2.0 * h);
        let tol = 1e-6 * (1.0 + e_minus);
        prop_assert!(e_plus - tol <= slope && slope <= e_minus + tol,
            "ΔC/Δτ = {} outside [E(τ+h), E(τ−h)] = [{}, {}]", slope, e_plus, e_minus);
    }

    /// Every hour balances, the store keeps its limits and its state of charge follows
    /// s_h = s_{h−1} + η·c_h − d_h + inflow_h − spill_h around the cycle; storage without
    /// inflow never raises system cost, and inflow never does either.
    #[test]
    fn storage_keeps_its_limits_and_its_energy_balance(s in with_storage(), tau in 0.0..150.0f64) {
        let d = lp::solve(&s, tau).unwrap();
        let st = &s.storage[0];
        let hours = s.hours();
        let tol = 1e-6 * (1.0 + st.energy_mwh + st.power_mw);
        for h in 0..hours {
            let (c, dis, soc) = (
                d.storage.charge_mw[[h, 0]],
                d.storage.discharge_mw[[h, 0]],
                d.storage.state_of_charge_mwh[[h, 0]],
            );
            let spill = d.storage.spill_mw[[h, 0]];
            prop_assert!((0.0..=st.charge_power_mw).contains(&c) && (0.0..=st.power_mw).contains(&dis));
            prop_assert!((0.0..=st.energy_mwh).contains(&soc));
            prop_assert!((0.0..=st.inflow_mw).contains(&spill));
            let before = d.storage.state_of_charge_mwh[[(h + hours - 1) % hours, 0]];
            prop_assert!((soc - before - st.efficiency_roundtrip * c + dis + spill - st.inflow_mw).abs() <= tol,
                "hour {h}: {before} → {soc} with charge {c}, discharge {dis}, spill {spill}");
            let supply = d.generation_mw.row(h).sum() + d.unserved_mw[[h, 0]] + dis - c;
            prop_assert!((supply - s.demand_mw[[h, 0]]).abs() <= 1e-6 * (1.0 + s.demand_mw[[h, 0]]));
        }
        let mut without = s.clone();
        without.storage.clear();
        let plain = lp::solve(&without, tau).unwrap();
        let (c_with, c_plain) = (d.system_cost_eur(&s), plain.system_cost_eur(&without));
        prop_assert!(c_with <= c_plain + 1e-7 * c_plain.abs().max(1.0), "{c_with} > {c_plain}");
    }
}

/// A one-zone scenario folder with `storage` as storage.csv; returns the TOML's path.
fn write_scenario(dir: &std::path::Path, storage: &str) -> std::path::PathBuf {
    fs::write(
        dir.join("s.toml"),
        "name = \"stored\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
         demand = \"demand.csv\"\nstorage = \"storage.csv\"\n\
         [carbon]\nprices_eur_per_t = [0, 25, 50, 75, 100]\n",
    )
    .unwrap();
    fs::write(
        dir.join("units.csv"),
        "name,technology,fuel,capacity_mw,efficiency,vom_eur_per_mwh\n\
         coal,hard_coal,coal,300,0.4,0\nccgt,ccgt,gas,200,0.55,0\nocgt,ocgt,gas,150,0.35,0\n",
    )
    .unwrap();
    fs::write(
        dir.join("fuels.csv"),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.34\ngas,20,0.2\n",
    )
    .unwrap();
    let load: String = (0..48)
        .map(|h| {
            format!(
                "{h},{}\n",
                250.0 + 200.0 * ((h % 24) as f64 / 24.0 * std::f64::consts::TAU).sin()
            )
        })
        .collect();
    fs::write(dir.join("demand.csv"), format!("hour,load_mw\n{load}")).unwrap();
    fs::write(dir.join("storage.csv"), storage).unwrap();
    dir.join("s.toml")
}

#[test]
fn a_sweep_with_storage_writes_its_dispatch_identically_whatever_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        dir.path(),
        "name,power_mw,energy_mwh,efficiency_roundtrip\npumped,80,400,0.75\n",
    );
    let folders = common::sweep_with_one_and_two_jobs(&scenario, dir.path());
    let read = |dir: &std::path::Path, file: &str| fs::read(dir.join(file)).unwrap();
    for file in [
        "prices.csv",
        "summary.csv",
        "storage_dispatch.csv",
        "profits.csv",
    ] {
        assert_eq!(
            read(&folders[0], file),
            read(&folders[1], file),
            "{file} differs between --jobs 1 and 2"
        );
    }
    assert!(fs::read_to_string(folders[0].join("run.toml"))
        .unwrap()
        .contains("method = \"lp\""));
    let dispatch = fs::read_to_string(folders[0].join("storage_dispatch.csv")).unwrap();
    assert_eq!(
        dispatch.lines().next().unwrap(),
        "carbon_price_eur_per_t,hour,storage,zone,charge_mw,discharge_mw,state_of_charge_mwh,inflow_mw,spill_mw,price_eur_per_mwh"
    );
    assert_eq!(dispatch.lines().count(), 1 + 5 * 48);
    // The store works: it charges in some hours and gives back in others, and earns.
    let charged: f64 = dispatch
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!(charged > 0.0, "{dispatch}");
    let profits = fs::read_to_string(folders[0].join("profits.csv")).unwrap();
    let storage_profit: Vec<f64> = profits
        .lines()
        .filter(|l| l.split(',').nth(2) == Some("storage"))
        .map(|l| l.split(',').nth(3).unwrap().parse().unwrap())
        .collect();
    // A plot of the stored energy, titled with the store and its size, a line per τ.
    let svg = fs::read_to_string(folders[0].join("plots/stored_energy.svg")).unwrap();
    for text in [
        "Energy in storage (1 store, 400 MWh in all)",
        "Stored energy (MWh)",
        "τ = 0 €/t",
        "τ = 100 €/t",
    ] {
        assert!(svg.contains(text), "no `{text}` in the plot");
    }
    // Its profit is the rent on its limits: never negative, and zero where it sets the
    // price at both ends of its cycles (price given back = price charged / η).
    assert_eq!(storage_profit.len(), 5, "{profits}");
    assert!(storage_profit.iter().all(|&p| p >= -1e-6), "{profits}");
    assert!(storage_profit.iter().any(|&p| p > 0.0), "{profits}");
}

#[test]
fn bad_storage_is_named_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        dir.path(),
        "name,zone,power_mw,energy_mwh,efficiency_roundtrip\n\
         a,,0,10,0.8\nb,,10,-1,0.8\nc,,10,10,1.2\na,,10,10,0.8\nd,south,10,10,0.8\n",
    );
    let run = carbonpass(&["validate", scenario.to_str().unwrap()]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let file = dir.path().join("storage.csv").display().to_string();
    for expected in [
        format!("{file}, line 2, column `power_mw`: expected a number in (0, 1000000], got 0"),
        format!(
            "{file}, line 3, column `energy_mwh`: expected a number in [0, 1000000000], got -1"
        ),
        format!(
            "{file}, line 4, column `efficiency_roundtrip`: expected a fraction in (0, 1], got 1.2"
        ),
        format!("{file}, line 5, column `name`: storage `a` is already defined on line 2"),
        format!("{file}, line 6, column `zone`: expected a zone of the demand file"),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    let missing = write_scenario(dir.path(), "name,power_mw\nx,10\n");
    let run = carbonpass(&["validate", missing.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&run.stderr)
        .contains("column `energy_mwh`: required column is missing"));
}

/// `validate` does not solve: with a store the scenario needs the LP, so it shows
/// capacity and availability but leaves energy at τ = 0 to a sweep; without the store
/// the merit order gives the energy (coal, 300 MW and cheapest, serves the load up to
/// 300 MW in each of the 48 hours).
#[test]
fn validate_shows_energy_only_where_the_merit_order_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        dir.path(),
        "name,power_mw,energy_mwh,efficiency_roundtrip\npumped,80,400,0.75\n",
    );
    let run = carbonpass(&["validate", scenario.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success());
    assert!(stdout.contains("| hard_coal | 300 | 300 |\n"), "{stdout}");
    assert!(stdout.contains("energy at τ = 0: not shown, the scenario needs the LP"));
    assert!(!stdout.contains("unserved at τ = 0"));
    // The same units and load without a store: the merit order's energy.
    let text = fs::read_to_string(&scenario).unwrap();
    fs::write(&scenario, text.replace("storage = \"storage.csv\"\n", "")).unwrap();
    let run = carbonpass(&["validate", scenario.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let coal_gwh: f64 = (0..48)
        .map(|h| {
            (250.0 + 200.0 * ((h % 24) as f64 / 24.0 * std::f64::consts::TAU).sin()).min(300.0)
        })
        .sum::<f64>()
        / 1e3;
    let row = format!("| hard_coal | 300 | 300 | {coal_gwh:.1} |");
    assert!(stdout.contains(&row), "{row}\n{stdout}");
    assert!(stdout.contains("unserved at τ = 0: 0.0 GWh"), "{stdout}");
}
