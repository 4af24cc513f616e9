//! The result folder: contract columns, written whole or not at all, byte-identical
//! whatever the number of jobs.

use std::fs;
use std::path::Path;

use carbonpass::schema;

const EXAMPLE: &str = "scenarios/de_week_2015.toml";

mod common;
use common::{carbonpass, files_under};

fn sweep(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "sweep",
        EXAMPLE,
        "--out",
        out.to_str().unwrap(),
        "--carbon",
        "0:60:20",
    ];
    args.extend_from_slice(extra);
    carbonpass(&args)
}

fn header(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_sweep_writes_the_contract_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let run = sweep(&out, &["--hourly-passthrough"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for table in schema::RESULTS.iter().filter(|t| {
        ![
            "dispatch_hourly.csv",
            "flows.csv",
            "storage_dispatch.csv",
            "caps.csv",
            "variants.csv",
            "passthrough_exact.csv",
            "compensation_aid.csv",
            "firms.csv",
        ]
        .contains(&t.file)
    }) {
        // summary.csv has its credit price column only with a performance standard,
        // welfare.csv its consumer surplus only with a demand curve.
        let mut expected = table.header();
        if table.file == "summary.csv" {
            assert_eq!(expected.pop(), Some("standard_credit_price_eur_per_t"));
        }
        if table.file == "welfare.csv" {
            assert_eq!(expected.pop(), Some("consumer_surplus_change_eur"));
            assert_eq!(expected.pop(), Some("consumer_surplus_eur"));
        }
        assert_eq!(
            header(&out.join(table.file)),
            expected.join(","),
            "{}",
            table.file
        );
    }
    assert!(!out.join("flows.csv").exists(), "no links, no flows.csv");
    assert!(
        !out.join("storage_dispatch.csv").exists(),
        "no storage, no storage_dispatch.csv"
    );
    assert!(header(&out.join("dispatch_hourly.csv"))
        .starts_with("carbon_price_eur_per_t,hour,zone,nuclear_mw,lignite_mw"));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), 1 + 4, "one row per carbon price");
    let prices = fs::read_to_string(out.join("prices.csv")).unwrap();
    assert_eq!(prices.lines().count(), 1 + 4 * 168);
    let hourly = fs::read_to_string(out.join("passthrough_hourly.csv")).unwrap();
    assert_eq!(
        hourly.lines().count(),
        1 + 3 * 168,
        "three intervals × 168 hours"
    );
    // The example starts on Monday 12 January 2015: 5 × 12 peak hours in one month.
    let slices = fs::read_to_string(out.join("passthrough_slices.csv")).unwrap();
    let per_interval: Vec<(&str, &str)> = slices
        .lines()
        .skip(1)
        .take(3)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[3], f[4])
        })
        .collect();
    assert_eq!(
        per_interval,
        [("peak", "60"), ("off-peak", "108"), ("2015-01", "168")]
    );
    assert!(out.join("run.toml").is_file());
    // Only the result folder is left beside it.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec!["r"]);
}

#[test]
fn results_are_byte_identical_whatever_the_jobs_and_method() {
    let dir = tempfile::tempdir().unwrap();
    let runs = [
        ("one", vec!["--jobs", "1", "--method", "lp"]),
        ("two", vec!["--jobs", "2", "--method", "lp"]),
        ("again", vec!["--jobs", "2", "--method", "lp"]),
        ("auto", vec!["--jobs", "2"]),
        ("merit", vec!["--jobs", "1", "--method", "merit-order"]),
    ];
    for (name, args) in &runs {
        assert!(sweep(&dir.path().join(name), args).status.success());
    }
    let files: Vec<String> = files_under(&dir.path().join("one"))
        .into_iter()
        .filter(|name| name != "run.toml")
        .collect();
    assert!(files.len() >= 9 + 5, "tables and plots: {files:?}");
    for file in &files {
        let one = fs::read(dir.path().join("one").join(file)).unwrap();
        for (name, _) in &runs[1..] {
            assert!(
                one == fs::read(dir.path().join(name).join(file)).unwrap(),
                "{file} differs in {name}"
            );
        }
    }
}

#[test]
fn a_failed_run_leaves_no_result_folder_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    // Not a result folder: refused, untouched.
    let foreign = dir.path().join("mine");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let run = sweep(&foreign, &[]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a carbonpass result folder"));
    assert_eq!(
        fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "keep me"
    );
    // A bad carbon grid fails before anything is written.
    let out = dir.path().join("r");
    let run = sweep(&out, &["--carbon", "10:0:5"]);
    assert!(!run.status.success());
    assert!(!out.exists());
    // A second good run replaces the first.
    assert!(sweep(&out, &[]).status.success());
    assert!(carbonpass(&[
        "sweep",
        EXAMPLE,
        "--out",
        out.to_str().unwrap(),
        "--carbon",
        "7"
    ])
    .status
    .success());
    assert!(fs::read_to_string(out.join("summary.csv"))
        .unwrap()
        .contains("\n7,system,"));
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn run_prints_one_carbon_price_and_bad_input_exits_nonzero() {
    let run = carbonpass(&["run", EXAMPLE, "--carbon", "30"]);
    assert!(run.status.success());
    let text = String::from_utf8(run.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .trim_start()
            .starts_with("30  system"),
        "{text}"
    );
    let run = carbonpass(&["run", "tests/no-such.toml", "--carbon", "30"]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr)
        .contains("tests/no-such.toml: cannot read the scenario"));
}

#[test]
fn every_command_explains_units_in_its_help() {
    for cmd in ["sweep", "run"] {
        let help = String::from_utf8(carbonpass(&[cmd, "--help"]).stdout).unwrap();
        assert!(help.contains("€/t CO2"), "{cmd}: {help}");
        assert!(help.contains("[default: all cores]"), "{cmd}");
    }
    let cap = String::from_utf8(carbonpass(&["cap", "--help"]).stdout).unwrap();
    for unit in ["t CO2", "€/t CO2", "[default: 0]"] {
        assert!(cap.contains(unit), "cap: {cap}");
    }
    let report = String::from_utf8(carbonpass(&["report", "--help"]).stdout).unwrap();
    for unit in ["€/MWh", "t/MWh", "kt CO2", "M€"] {
        assert!(report.contains(unit), "report: {report}");
    }
}
