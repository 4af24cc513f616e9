//! `carbonpass import pypsa` against PyPSA itself: a network built and exported by PyPSA
//! (`tests/pypsa/network_fixture.py`: three buses, fuelled, renewable and must-run
//! generators, links both ways, one way and with a limit of each direction, a pumped
//! store and a reservoir with inflow), imported and swept; every unique price equals
//! PyPSA's own optimisation of the network at the same carbon prices to 0.001 €/MWh, and
//! PyPSA's price lies in carbonpass's interval of optimal duals where it is not unique.
//!
//! With CARBONPASS_PYPSA_PYTHON (a Python with pypsa and highspy; `.ci/run` sets one up
//! when it can) the script exports the network and solves it now, so the import reads
//! what the installed PyPSA writes; otherwise the test imports the export stored in
//! `tests/fixtures/pypsa_network/` and reads PyPSA's prices stored in
//! `tests/reference/pypsa/pypsa_network_prices.csv`, both made by
//! `python tests/pypsa/network_fixture.py tests/fixtures/pypsa_network --solve
//! tests/reference/pypsa/pypsa_network_prices.csv`.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use carbonpass::dispatch::Method;
use carbonpass::sweep::{sweep, SweepOptions};

mod common;
use common::{carbonpass, carbonpass_ok};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The exported network and PyPSA's prices: (folder, prices file, where they come from).
fn network(work: &Path) -> (PathBuf, PathBuf, &'static str) {
    match std::env::var_os("CARBONPASS_PYPSA_PYTHON") {
        Some(python) => {
            let dir = work.join("exported");
            let prices = work.join("pypsa_prices.csv");
            let run = Command::new(python)
                .arg(root().join("tests/pypsa/network_fixture.py"))
                .arg(&dir)
                .arg("--solve")
                .arg(&prices)
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "the PyPSA script failed:\n{}{}",
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            );
            (dir, prices, "PyPSA, run now")
        }
        None => (
            root().join("tests/fixtures/pypsa_network"),
            root().join("tests/reference/pypsa/pypsa_network_prices.csv"),
            "PyPSA, stored output",
        ),
    }
}

type Prices = HashMap<(String, usize, String), f64>;

fn read_prices(path: &Path) -> (Vec<f64>, Prices) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut prices = HashMap::new();
    let mut taus: Vec<f64> = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let tau: f64 = row[0].parse().unwrap();
        if !taus.contains(&tau) {
            taus.push(tau);
        }
        let key = (
            format!("{tau}"),
            row[1].parse().unwrap(),
            row[2].to_string(),
        );
        prices.insert(key, row[3].parse().unwrap());
    }
    (taus, prices)
}

#[test]
fn an_imported_pypsa_network_gives_pypsas_prices() {
    let work = tempfile::tempdir().unwrap();
    let (exported, prices, source) = network(work.path());
    let out = work.path().join("scenario");
    let report = carbonpass_ok(&["import", "pypsa", s(&exported), "--out", s(&out)]);
    let report = String::from_utf8(report.stdout).unwrap();
    assert!(report.contains("10 generators → units.csv"), "{report}");
    assert!(report.contains("2 storage units → storage.csv"), "{report}");
    assert!(
        report.contains("| must_run_share | p_min_pu / p_max_pu | 1 |"),
        "{report}"
    );
    let scenario = carbonpass::input::load(&out.join("scenario.toml"))
        .unwrap()
        .scenario;
    assert_eq!(scenario.zones, ["north", "south", "east"]);
    assert_eq!(scenario.links.len(), 3);
    let (taus, reference) = read_prices(&prices);
    let options = SweepOptions {
        method: Method::Lp,
        jobs: None,
    };
    let outcomes = sweep(&scenario, &taus, &options, &|| {}).unwrap();
    let (mut unique, mut open, mut worst) = (0, 0, 0.0f64);
    for outcome in &outcomes {
        let tau = outcome.tau_eur_per_t;
        for h in 0..scenario.hours() {
            for (z, zone) in scenario.zones.iter().enumerate() {
                let ours = outcome.prices[[h, z]];
                let theirs = reference[&(format!("{tau}"), h, zone.clone())];
                if ours.unique {
                    let gap = (ours.price_eur_per_mwh - theirs).abs();
                    assert!(
                        gap <= 1e-3,
                        "τ={tau} hour {h} {zone}: {} vs {theirs} ({source})",
                        ours.price_eur_per_mwh
                    );
                    worst = worst.max(gap);
                    unique += 1;
                } else {
                    assert!(
                        ours.lo_eur_per_mwh - 1e-3 <= theirs
                            && theirs <= ours.hi_eur_per_mwh + 1e-3,
                        "τ={tau} hour {h} {zone}: {theirs} outside [{}, {}] ({source})",
                        ours.lo_eur_per_mwh,
                        ours.hi_eur_per_mwh
                    );
                    open += 1;
                }
            }
        }
    }
    eprintln!(
        "imported PyPSA network: {unique} unique prices equal to {source} (largest gap \
         {worst:e} €/MWh), {open} not unique with PyPSA's inside the interval"
    );
    assert_eq!(unique + open, taus.len() * 48 * 3);
    assert!(
        unique >= open,
        "most prices are pinned by a unit: {unique} vs {open}"
    );
}

/// Writes a copy of the stored export with `file` replaced by `text`.
fn edited(work: &Path, file: &str, text: &str) -> PathBuf {
    let dir = work.join(format!("edited_{}", file.replace('.', "_")));
    fs::create_dir_all(&dir).unwrap();
    let source = root().join("tests/fixtures/pypsa_network");
    for entry in fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    fs::write(dir.join(file), text).unwrap();
    dir
}

#[test]
fn what_carbonpass_cannot_model_the_same_way_is_refused_with_the_reason() {
    let work = tempfile::tempdir().unwrap();
    let cases = [
        (
            "lines.csv",
            "name,bus0,bus1,x,s_nom\nl1,north,south,0.1,100\n",
            "Kirchhoff",
        ),
        (
            "generators-marginal_cost.csv",
            "snapshot,coal_s\n0,20\n",
            "time-varying marginal_cost of generators is not imported",
        ),
        (
            "stores.csv",
            "name,bus,e_nom\nh2,north,100\n",
            "stores (energy without power limits",
        ),
        (
            "links.csv",
            "name,bus0,bus1,p_nom,efficiency\nl1,north,south,50,0.9\n",
            "links.csv, line 2, column `efficiency`: `0.9`: carbonpass's links are lossless",
        ),
        (
            "links.csv",
            "name,bus0,bus1,p_nom\nl1,north,south\n",
            "links.csv, line 2: expected 4 fields as in the header, found 3",
        ),
        (
            "snapshots.csv",
            "snapshot,objective\n2015-01-05 00:00:00,3\n",
            "expected a snapshot weighting of 1",
        ),
        (
            "buses.csv",
            "name,carrier\nnorth,AC\nsouth,AC\neast,H2\n",
            "a bus of carrier `H2`",
        ),
    ];
    for (file, text, expected) in cases {
        let dir = edited(work.path(), file, text);
        let out = work.path().join(format!("out_{file}"));
        let run = carbonpass(&["import", "pypsa", s(&dir), "--out", s(&out)]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{file}");
        assert!(stderr.contains(expected), "{file}: {stderr}");
        assert!(!out.exists(), "{file}: nothing written");
    }
    // A network with lines imports with --lines-as-links, and says what that means.
    let dir = edited(
        work.path(),
        "lines.csv",
        "name,bus0,bus1,x,s_nom,s_max_pu\nl1,north,south,0.1,100,0.7\n",
    );
    let out = work.path().join("with_lines");
    let run = carbonpass_ok(&[
        "import",
        "pypsa",
        s(&dir),
        "--out",
        s(&out),
        "--lines-as-links",
    ]);
    assert!(String::from_utf8_lossy(&run.stdout).contains("ignore Kirchhoff's voltage law"));
    let links = fs::read_to_string(out.join("links.csv")).unwrap();
    assert!(
        links.contains("north,south,120,120"),
        "50 + 0.7 × 100: {links}"
    );
    // A netCDF file is refused with what to do instead.
    let nc = work.path().join("network.nc");
    fs::write(&nc, b"\x89HDF").unwrap();
    let run = carbonpass(&["import", "pypsa", s(&nc), "--out", s(&out)]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("export_to_csv_folder"));
}
