//! carbonpass's prices agree with an independent solver, PyPSA with HiGHS, on the bundled
//! example to 0.001 €/MWh wherever the dual is unique.
//!
//! PyPSA's prices come from `tests/pypsa/solve_with_pypsa.py`. When the environment
//! variable CARBONPASS_PYPSA_PYTHON names a Python with pypsa and highspy (`.ci/run` sets
//! one up when it can), the script is run now; otherwise the test reads its stored output,
//! `tests/reference/pypsa/de_week_2015_prices.csv`, made by
//! `python tests/pypsa/solve_with_pypsa.py scenarios/de_week_2015.toml tests/reference/pypsa/de_week_2015_prices.csv`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use carbonpass::dispatch::Method;
use carbonpass::sweep::{sweep, SweepOptions};

const SCENARIO: &str = "scenarios/de_week_2015.toml";
const STORED: &str = "tests/reference/pypsa/de_week_2015_prices.csv";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// PyPSA's prices by (carbon price, hour, zone).
fn pypsa_prices() -> (HashMap<(String, usize, String), f64>, &'static str) {
    let (path, source): (PathBuf, _) = match std::env::var_os("CARBONPASS_PYPSA_PYTHON") {
        Some(python) => {
            let out = tempfile::tempdir().unwrap().keep().join("pypsa_prices.csv");
            let status = Command::new(python)
                .arg(root().join("tests/pypsa/solve_with_pypsa.py"))
                .arg(root().join(SCENARIO))
                .arg(&out)
                .status()
                .unwrap();
            assert!(status.success(), "the PyPSA script failed");
            (out, "PyPSA, run now")
        }
        None => (root().join(STORED), "PyPSA, stored output"),
    };
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut prices = HashMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let tau: f64 = row[0].parse().unwrap();
        prices.insert(
            (
                format!("{tau}"),
                row[1].parse().unwrap(),
                row[2].to_string(),
            ),
            row[3].parse().unwrap(),
        );
    }
    (prices, source)
}

#[test]
fn prices_agree_with_pypsa_where_the_dual_is_unique() {
    let (reference, source) = pypsa_prices();
    let scenario = carbonpass::input::load(&root().join(SCENARIO))
        .unwrap()
        .scenario;
    let taus = scenario.carbon_prices_eur_per_t.clone();
    for method in [Method::Lp, Method::MeritOrder] {
        let options = SweepOptions { method, jobs: None };
        let outcomes = sweep(&scenario, &taus, &options, &|| {}).unwrap();
        let (mut compared, mut worst) = (0, 0.0f64);
        for outcome in &outcomes {
            for h in 0..scenario.hours() {
                for (z, zone) in scenario.zones.iter().enumerate() {
                    let ours = outcome.prices[[h, z]];
                    let key = (format!("{}", outcome.tau_eur_per_t), h, zone.clone());
                    let theirs = *reference
                        .get(&key)
                        .unwrap_or_else(|| panic!("{source} lacks {key:?}"));
                    if ours.unique {
                        let gap = (ours.price_eur_per_mwh - theirs).abs();
                        assert!(
                            gap <= 1e-3,
                            "{method:?} τ={} hour {h}: {} vs {theirs} ({source})",
                            outcome.tau_eur_per_t,
                            ours.price_eur_per_mwh
                        );
                        worst = worst.max(gap);
                        compared += 1;
                    } else {
                        // Not unique: PyPSA's dual must still lie in the optimal interval.
                        assert!(
                            ours.lo_eur_per_mwh - 1e-3 <= theirs
                                && theirs <= ours.hi_eur_per_mwh + 1e-3
                        );
                    }
                }
            }
        }
        let total = taus.len() * scenario.hours();
        assert!(
            compared * 10 >= total * 9,
            "only {compared} of {total} hours had a unique dual"
        );
        eprintln!("{method:?}: {compared} of {total} prices compared with {source}, largest gap {worst:e} €/MWh");
    }
}
