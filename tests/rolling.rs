//! Rolling-horizon solving (`[horizon] window_hours`, `overlap_hours`): on cases small
//! enough to compare it equals the monolithic LP, the overlap is what lets a window see
//! the hours that matter to it, and a sweep with it is the same whatever `--jobs`.

use std::fs;

use carbonpass::dispatch::{lp, rolling, Dispatch};
use carbonpass::scenario::Rolling;
use carbonpass::{Scenario, Storage, Unit};

mod common;
use common::{assert_close, carbonpass};

/// A day of load: 200 MW at night (0–5 h), 300 by day (6–16 h), 450 in the evening
/// (17–21 h), 250 late (22–23 h).
fn day() -> Vec<f64> {
    (0..24)
        .map(|h| match h {
            0..=5 => 200.0,
            6..=16 => 300.0,
            17..=21 => 450.0,
            _ => 250.0,
        })
        .collect()
}

/// A week of those days: coal 300 MW at 20 €/MWh (ramping 150 MW/h), gas 200 MW at 60,
/// a pumped-storage plant of 100 MW and 300 MWh at 0.8 round trip. Every night it
/// charges coal power, every evening it gives it back in place of gas, and it is empty
/// by midnight: the days do not depend on each other.
fn week() -> Scenario {
    let load: Vec<f64> = (0..7).flat_map(|_| day()).collect();
    let mut s = Scenario::single_zone(
        "week",
        &load,
        vec![
            Unit::fuelless("coal", "hard_coal", 300.0, 20.0).with_ramp(150.0),
            Unit::fuelless("gas", "ccgt", 200.0, 60.0),
        ],
    );
    s.storage = vec![Storage::battery("pumped", 100.0, 300.0, 0.8)];
    s
}

/// The same system cost, and the same price wherever a unit pins it in either dispatch
/// (in an hour the units leave open, storage makes several prices optimal: a full store
/// at 06:00 can be priced anywhere between coal and gas). Returns how many were pinned.
fn assert_same(a: &Dispatch, b: &Dispatch, s: &Scenario, what: &str) -> usize {
    assert_close(a.system_cost_eur(s), b.system_cost_eur(s), 1e-9, what);
    let mut pinned = 0;
    for (h, (p, q)) in a.prices.iter().zip(b.prices.iter()).enumerate() {
        if p.unique || q.unique {
            assert_close(
                p.price_eur_per_mwh,
                q.price_eur_per_mwh,
                1e-9,
                &format!("{what}: price of hour {h}"),
            );
            pinned += 1;
        }
    }
    pinned
}

#[test]
fn a_rolling_week_equals_the_monolithic_week() {
    let s = week();
    for tau in [0.0, 30.0] {
        let whole = lp::solve(&s, tau).unwrap();
        // The store does work: it charges 375 MWh each night and gives back 300.
        let charged = whole.storage.charge_mw.sum();
        assert_close(charged, 7.0 * 375.0, 1e-9, "charged over the week");
        // Windows cut at midnight, and at 06:00 and 20:00, where the store is full and
        // its energy must carry over to the next window.
        for (window_hours, overlap_hours) in
            [(24, 24), (24, 0), (48, 12), (168, 0), (30, 24), (20, 30)]
        {
            let r = Rolling {
                window_hours,
                overlap_hours,
            };
            let rolled = rolling::solve(&s, tau, r).unwrap();
            let pinned = assert_same(&rolled, &whole, &s, &format!("{r:?}"));
            // At least the six night hours of each day, where coal runs part-loaded
            // (200 MW of load and 62.5 MW of charging) and pins the price.
            assert!(pinned >= 7 * 6, "{r:?}: only {pinned} of 168 prices pinned");
            assert_close(rolled.storage.charge_mw.sum(), charged, 1e-9, "charged");
        }
    }
}

#[test]
fn the_overlap_lets_a_window_see_the_peak_that_prices_it() {
    let s = common::ramping();
    let whole = lp::solve(&s, 0.0).unwrap();
    let prices =
        |d: &Dispatch| -> Vec<f64> { d.prices.iter().map(|p| p.price_eur_per_mwh).collect() };
    // One-hour windows that look two hours ahead: the monolithic −20, 60, 20; coal's
    // output carries its ramping limit from window to window.
    let ahead = Rolling {
        window_hours: 1,
        overlap_hours: 2,
    };
    let d = rolling::solve(&s, 0.0, ahead).unwrap();
    assert_same(&d, &whole, &s, "one-hour windows, two ahead");
    assert_eq!(prices(&d), prices(&whole));
    assert_eq!(
        d.generation_mw.column(0).to_vec(),
        vec![100.0, 200.0, 200.0]
    );
    // Without looking ahead, hour 0 does not see that one more MW there lets coal replace
    // gas at the peak: the same dispatch, but hour 0 priced at coal's 20.
    let blind = Rolling {
        window_hours: 1,
        overlap_hours: 0,
    };
    let d = rolling::solve(&s, 0.0, blind).unwrap();
    assert_eq!(d.generation_mw, whole.generation_mw);
    let p = prices(&d);
    assert_close(p[0], 20.0, 1e-9, "hour 0 without look-ahead");
    assert_close(p[1], 60.0, 1e-9, "hour 1");
}

#[test]
fn a_rolling_sweep_is_the_same_whatever_the_jobs_and_bad_windows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let load: String = (0..7)
        .flat_map(|_| day())
        .enumerate()
        .map(|(h, l)| format!("{h},{l}\n"))
        .collect();
    fs::write(
        dir.path().join("demand.csv"),
        format!("hour,load_mw\n{load}"),
    )
    .unwrap();
    fs::write(
        dir.path().join("units.csv"),
        "name,technology,fuel,capacity_mw,efficiency,ramp_mw_per_h\n\
         coal,hard_coal,coal,300,0.4,150\nccgt,ccgt,gas,200,0.55,\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("fuels.csv"),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.34\ngas,20,0.2\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("storage.csv"),
        "name,power_mw,energy_mwh,efficiency_roundtrip\npumped,100,300,0.8\n",
    )
    .unwrap();
    let toml = |horizon: &str| {
        let path = dir.path().join("s.toml");
        fs::write(
            &path,
            format!(
                "name = \"rolling week\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
                 demand = \"demand.csv\"\nstorage = \"storage.csv\"\n\
                 [carbon]\nprices_eur_per_t = {{ start = 0.0, stop = 100.0, step = 10.0 }}\n{horizon}"
            ),
        )
        .unwrap();
        path
    };
    let scenario = toml("[horizon]\nwindow_hours = 24\noverlap_hours = 12\n");
    let folders = common::sweep_with_one_and_two_jobs(&scenario, dir.path());
    for file in ["prices.csv", "summary.csv", "storage_dispatch.csv"] {
        assert_eq!(
            fs::read(folders[0].join(file)).unwrap(),
            fs::read(folders[1].join(file)).unwrap(),
            "{file}"
        );
    }
    let bad = toml("[horizon]\nwindow_hours = 0\n");
    let stderr = String::from_utf8_lossy(&carbonpass(&["validate", bad.to_str().unwrap()]).stderr)
        .into_owned();
    assert!(stderr.contains("window_hours = 0"), "{stderr}");
    let unknown = toml("[horizon]\nwindow = 24\n");
    let stderr =
        String::from_utf8_lossy(&carbonpass(&["validate", unknown.to_str().unwrap()]).stderr)
            .into_owned();
    assert!(stderr.contains("unknown key `window`"), "{stderr}");
}

#[test]
fn capacity_online_carries_over_from_window_to_window() {
    // 250, 40, 250 MW: coal 200 MW at 20 €/MWh, minimum stable load half of what is
    // online, 20 €/MW to start; gas at 50. Restarting coal for hour 2 (20 €/MW) beats
    // gas (30 €/MWh dearer): 120 MW start at hour 2 and hour 1's price is 20 − 2 × 20.
    let s = Scenario::single_zone(
        "commitment",
        &[250.0, 40.0, 250.0],
        vec![
            Unit::fuelless("coal", "hard_coal", 200.0, 20.0).with_commitment(0.5, 20.0),
            Unit::fuelless("gas", "ccgt", 300.0, 50.0),
        ],
    );
    let whole = lp::solve(&s, 0.0).unwrap();
    let r = Rolling {
        window_hours: 1,
        overlap_hours: 2,
    };
    let d = rolling::solve(&s, 0.0, r).unwrap();
    assert_same(&d, &whole, &s, "one-hour windows with commitment");
    // The start at hour 2 is paid in the last window, from the 80 MW that hour 1 left.
    assert_eq!(d.online_mw.column(0).to_vec(), vec![200.0, 80.0, 200.0]);
    assert_eq!(d.startup_mw.column(0).to_vec(), vec![0.0, 0.0, 120.0]);
    common::assert_hourly_prices(&d, &[50.0, -20.0, 50.0]);
}
