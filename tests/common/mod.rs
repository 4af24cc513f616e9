//! Generated scenarios for property tests: a few units of random cost, intensity and
//! availability, a few hours of random load (sometimes above capacity).
#![allow(dead_code)]

use carbonpass::{Availability, Scenario, Storage, Unit};
use proptest::prelude::*;

fn unit_strategy() -> impl Strategy<Value = Unit> {
    let thermal = (
        10.0..200.0f64,
        0.25..0.6f64,
        0.0..40.0f64,
        0.0..0.4f64,
        0.0..5.0f64,
    )
        .prop_map(|(cap, eff, fuel, co2, vom)| {
            Unit::thermal("", "thermal", "fuel", cap, eff, fuel, co2, vom)
        });
    let fuelless =
        (10.0..200.0f64, 0.0..20.0f64).prop_map(|(cap, vom)| Unit::fuelless("", "clean", cap, vom));
    (
        prop_oneof![3 => thermal, 1 => fuelless],
        prop_oneof![Just(1.0), 0.3..1.0f64],
    )
        .prop_map(|(unit, a)| unit.with_availability(Availability::Constant(a)))
}

/// A single-zone scenario with 1–7 units and 1–6 hours.
pub fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (prop::collection::vec(unit_strategy(), 1..8), 1usize..7)
        .prop_flat_map(|(units, hours)| {
            let capacity: f64 = units.iter().map(|u| u.capacity_mw).sum();
            let load = prop::collection::vec(0.0..capacity * 1.1, hours);
            (Just(units), load)
        })
        .prop_map(|(mut units, load)| {
            for (i, unit) in units.iter_mut().enumerate() {
                unit.name = format!("u{i}");
                unit.technology = format!("{}_{i}", unit.technology);
            }
            Scenario::single_zone("generated", &load, units)
        })
}

/// A random store added to a random scenario (one zone, fixed load): a battery or pumped
/// hydro, or a reservoir with inflow and a smaller pump or none.
pub fn with_storage() -> impl Strategy<Value = Scenario> {
    (
        scenario_strategy(),
        1.0..200.0f64,
        0.0..800.0f64,
        0.5..1.0f64,
        prop_oneof![Just(1.0), Just(0.0), 0.0..1.0f64],
        prop_oneof![Just(0.0), 0.0..100.0f64],
    )
        .prop_map(|(mut s, power_mw, energy_mwh, eff, pump, inflow)| {
            let mut store = Storage::battery("store", power_mw, energy_mwh, eff);
            store.charge_power_mw = pump * power_mw;
            store.inflow_mw = inflow;
            s.storage = vec![store];
            s
        })
}

/// Asserts |a − b| ≤ tol·max(1, |a|, |b|).
pub fn assert_close(a: f64, b: f64, tol: f64, what: &str) {
    let scale = 1f64.max(a.abs()).max(b.abs());
    assert!(
        (a - b).abs() <= tol * scale,
        "{what}: {a} vs {b} (tolerance {tol} relative)"
    );
}

/// The merit order solved by hand in `hand_solved.rs`: nuclear 100 MW (c = 10, e = 0),
/// coal 100 MW (c = 25, e = 0.85), CCGT 100 MW (c = 45.4545, e = 0.367273), OCGT 50 MW
/// (c = 71.4286, e = 0.577143); load 50, 150, 250, 320, 400 MW; VOLL 3000 €/MWh.
pub fn hand_scenario() -> Scenario {
    Scenario::single_zone(
        "hand",
        &[50.0, 150.0, 250.0, 320.0, 400.0],
        vec![
            Unit::fuelless("nuclear", "nuclear", 100.0, 10.0),
            Unit::thermal("coal", "hard_coal", "coal", 100.0, 0.40, 10.0, 0.34, 0.0),
            Unit::thermal("ccgt", "ccgt", "gas", 100.0, 0.55, 25.0, 0.202, 0.0),
            Unit::thermal("ocgt", "ocgt", "gas", 50.0, 0.35, 25.0, 0.202, 0.0),
        ],
    )
}

/// Reduced outcomes of `s` at each carbon price, by `method`.
pub fn outcomes(
    s: &Scenario,
    taus: &[f64],
    method: carbonpass::dispatch::Method,
) -> Vec<carbonpass::analysis::Outcome> {
    taus.iter()
        .map(|&t| {
            let d = carbonpass::dispatch::dispatch(s, t, method).unwrap();
            carbonpass::analysis::reduce(s, d)
        })
        .collect()
}

/// Writes the result folder of the hand case at `taus` into `dir`.
pub fn write_hand_results(
    dir: &std::path::Path,
    taus: &[f64],
    png: bool,
) -> carbonpass::Result<()> {
    let s = hand_scenario();
    let info = carbonpass::output::RunInfo {
        scenario_path: std::path::Path::new("hand.toml"),
        method: "lp",
        png,
        hourly_passthrough: false,
        exact: false,
    };
    let o = outcomes(&s, taus, carbonpass::dispatch::Method::Lp);
    carbonpass::output::write_results(dir, &s, &o, &info)
}

/// Runs the `carbonpass` binary from the crate root with `args`.
pub fn carbonpass(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_carbonpass"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// Asserts the hourly prices of a single-zone dispatch, to 1e-9.
pub fn assert_hourly_prices(d: &carbonpass::dispatch::Dispatch, want: &[f64]) {
    assert_eq!(d.prices.nrows(), want.len(), "hours");
    for (h, (got, want)) in d.prices.column(0).iter().zip(want).enumerate() {
        assert_close(
            got.price_eur_per_mwh,
            *want,
            1e-9,
            &format!("price of hour {h}"),
        );
    }
}

/// Runs the `carbonpass` binary with `args` and asserts that it succeeded (showing its
/// stderr if not).
pub fn carbonpass_ok(args: &[&str]) -> std::process::Output {
    let run = carbonpass(args);
    assert!(
        run.status.success(),
        "carbonpass {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// Sweeps `scenario` into `out` and asserts that it succeeded on the LP (what
/// `--method auto` picks for linked or coupled scenarios).
pub fn sweep_on_the_lp(scenario: &std::path::Path, out: &std::path::Path) {
    carbonpass_ok(&[
        "sweep",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(out.join("run.toml"))
        .unwrap()
        .contains("method = \"lp\""));
}

/// Sweeps `scenario` with `--jobs 1` and with `--jobs 2` into folders under `dir`;
/// returns both result folders.
pub fn sweep_with_one_and_two_jobs(
    scenario: &std::path::Path,
    dir: &std::path::Path,
) -> Vec<std::path::PathBuf> {
    ["1", "2"]
        .iter()
        .map(|jobs| {
            let out = dir.join(format!("r{jobs}"));
            let run = carbonpass(&[
                "sweep",
                scenario.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--jobs",
                jobs,
            ]);
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            out
        })
        .collect()
}

/// Three hours of 100, 300, 200 MW: coal 300 MW at 20 €/MWh that ramps at most 100 MW an
/// hour, gas 300 MW at 60.
pub fn ramping() -> Scenario {
    Scenario::single_zone(
        "ramping",
        &[100.0, 300.0, 200.0],
        vec![
            Unit::fuelless("coal", "hard_coal", 300.0, 20.0).with_ramp(100.0),
            Unit::fuelless("gas", "ccgt", 300.0, 60.0),
        ],
    )
}

/// Paths of all files under `dir`, relative to it, sorted.
pub fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if entry.file_type().unwrap().is_dir() {
            files.extend(
                files_under(&entry.path())
                    .into_iter()
                    .map(|f| format!("{name}/{f}")),
            );
        } else {
            files.push(name);
        }
    }
    files.sort();
    files
}

/// Writes a small scenario folder into `dir`: units.csv, fuels.csv and demand.csv with the
/// texts given, and `NAME.toml` naming them under `[data]`, followed by `extra` (more
/// sections, or more `[data]` keys first); returns the TOML's path.
pub fn write_scenario(
    dir: &std::path::Path,
    name: &str,
    (units, fuels, demand): (&str, &str, &str),
    extra: &str,
) -> std::path::PathBuf {
    for (file, text) in [
        ("units.csv", units),
        ("fuels.csv", fuels),
        ("demand.csv", demand),
    ] {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let toml = dir.join(format!("{name}.toml"));
    std::fs::write(
        &toml,
        format!(
            "name = \"{name}\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
             demand = \"demand.csv\"\n{extra}"
        ),
    )
    .unwrap();
    toml
}
