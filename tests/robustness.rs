//! Hostile and edge inputs (issue "Never lose a user's file, never write a wrong number"),
//! by class: what carbonpass does with folders it did not write, with numbers the LP
//! cannot represent, with bad hour columns, job counts, column typos, interrupted or
//! concurrent runs, non-finite results and messages.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::carbonpass;

const STEPS: &str = "tests/fixtures/steps/steps.toml";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(run: &Output) -> String {
    String::from_utf8_lossy(&run.stderr).into_owned()
}

fn ok(run: Output) -> Output {
    assert!(run.status.success(), "{}", stderr(&run));
    run
}

fn fails(run: Output) -> String {
    assert!(!run.status.success(), "ran, but should have failed");
    assert_ne!(run.status.code(), Some(101), "panicked: {}", stderr(&run));
    stderr(&run)
}

fn sweep(scenario: &str, out: &Path) -> Output {
    carbonpass(&["sweep", scenario, "--carbon", "0,50", "--out", s(out), "-q"])
}

/// The steps fixture copied into `dir`, as a user's own scenario folder.
fn own_steps(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/steps");
    fs::create_dir_all(dir).unwrap();
    for entry in fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    dir.join("steps.toml")
}

fn hidden_beside(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

// Class 1: data loss.

#[test]
fn a_folder_with_files_carbonpass_did_not_write_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    // A user's own run.toml beside their thesis.
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("run.toml"), "name = \"my run\"\n").unwrap();
    fs::write(mine.join("thesis.tex"), "\\chapter{Carbon}").unwrap();
    let error = fails(sweep(STEPS, &mine));
    assert!(error.contains("thesis.tex"), "{error}");
    assert!(mine.join("thesis.tex").is_file() && mine.join("run.toml").is_file());

    // A result folder carbonpass wrote is replaced; once the user adds a file, it is not.
    let out = tmp.path().join("out");
    ok(sweep(STEPS, &out));
    ok(sweep(STEPS, &out));
    fs::create_dir(out.join("notes")).unwrap();
    fs::write(out.join("notes/reading.md"), "mine").unwrap();
    let error = fails(sweep(STEPS, &out));
    assert!(error.contains("notes/reading.md"), "{error}");
    assert!(out.join("notes/reading.md").is_file() && out.join("summary.csv").is_file());

    // An empty folder is a fine place for results.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    ok(sweep(STEPS, &empty));
    assert!(empty.join("run.toml").is_file());
    assert_eq!(hidden_beside(tmp.path()), Vec::<String>::new());
}

#[test]
fn a_scenario_kept_inside_its_result_folder_is_not_swept_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(sweep(STEPS, &out));
    let scenario = own_steps(&out);
    let before = fs::read(&scenario).unwrap();
    let error = fails(sweep(s(&scenario), &out));
    assert!(error.contains("an input of this run"), "{error}");
    assert_eq!(fs::read(&scenario).unwrap(), before);
    let error = fails(carbonpass(&[
        "cap",
        s(&scenario),
        "--cap-t",
        "1e6",
        "--out",
        s(&out),
    ]));
    assert!(error.contains("an input of this run"), "{error}");
    assert!(scenario.is_file());
}

#[test]
fn a_result_folder_written_before_run_toml_listed_its_files_is_replaced_only_if_all_results() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(sweep(STEPS, &out));
    let manifest = out.join("run.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    let legacy: String = text
        .lines()
        .filter(|l| !l.starts_with("files =") && !l.starts_with("# Every file"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&manifest, &legacy).unwrap();
    ok(sweep(STEPS, &out));
    fs::write(&manifest, &legacy).unwrap();
    fs::write(out.join("draft.docx"), "mine").unwrap();
    let error = fails(sweep(STEPS, &out));
    assert!(error.contains("draft.docx"), "{error}");
    assert!(out.join("draft.docx").is_file());
}

// Class 5: more jobs than work.

#[test]
fn far_more_jobs_than_carbon_prices_finish() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_carbonpass"))
        .args([
            "sweep", STEPS, "--carbon", "0:40:10", "--jobs", "20000", "-q",
        ])
        .args(["--out", s(&out)])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut finished = None;
    for _ in 0..600 {
        if let Some(status) = child.try_wait().unwrap() {
            finished = Some(status);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    if finished.is_none() {
        let _ = child.kill();
    }
    assert!(
        finished.is_some_and(|s| s.success()),
        "did not finish in 60 s"
    );
    assert!(out.join("summary.csv").is_file());
}

// Class 7: interrupted and concurrent runs.

#[test]
fn work_folders_left_by_a_killed_run_are_removed_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    for left in [
        ".out.partial-4242",
        ".out.partial-4242.old",
        ".out.importing-77",
    ] {
        fs::create_dir(tmp.path().join(left)).unwrap();
        fs::write(tmp.path().join(left).join("summary.csv"), "half").unwrap();
    }
    // A user's hidden folder of a similar name is not carbonpass's.
    fs::create_dir(tmp.path().join(".out.partial-notes")).unwrap();
    ok(sweep(STEPS, &out));
    assert_eq!(hidden_beside(tmp.path()), vec![".out.partial-notes"]);
}

#[test]
fn a_second_run_to_the_same_folder_is_refused_while_the_first_works() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let held = carbonpass::util::Lock::take(&out).unwrap();
    let error = fails(sweep(STEPS, &out));
    assert!(
        error.contains("another carbonpass run is writing"),
        "{error}"
    );
    assert!(!out.exists());
    drop(held);
    ok(sweep(STEPS, &out));
    assert_eq!(hidden_beside(tmp.path()), Vec::<String>::new());
}

/// A one-zone scenario in `dir`: coal 100 MW and gas 100 MW against `demand` (the CSV
/// text), with `units`, `fuels` and extra TOML given or the defaults.
fn tiny(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let defaults = [
        (
            "s.toml",
            "name = \"tiny\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n",
        ),
        (
            "units.csv",
            "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,100,0.4\ngas,ccgt,gas,100,0.5\n",
        ),
        (
            "fuels.csv",
            "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,0.34\ngas,25,0.2\n",
        ),
        ("demand.csv", "hour,load_mw\n0,50\n1,150\n2,120\n"),
    ];
    fs::create_dir_all(dir).unwrap();
    for (name, text) in defaults {
        let given = files.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        fs::write(dir.join(name), given.unwrap_or(text)).unwrap();
    }
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
    dir.join("s.toml")
}

fn validate(scenario: &Path) -> Output {
    carbonpass(&["validate", s(scenario)])
}

/// The problems a scenario's validation reports (the lines after the count).
fn problems(scenario: &Path) -> Vec<String> {
    fails(validate(scenario))
        .lines()
        .skip(1)
        .map(|l| l.trim().to_string())
        .collect()
}

// Class 2: numbers the LP cannot represent, and the balance after every solve.

#[test]
fn numbers_beyond_what_the_lp_represents_are_refused_with_their_range() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        ("demand.csv", "hour,load_mw\n0,1e20\n1,150\n2,120\n", "line 2, column `load_mw`: expected a number in [0, 1000000], got 1e20"),
        ("demand.csv", "hour,load_mw\n0,1e300\n1,150\n2,120\n", "got 1e300"),
        ("units.csv", "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,1e10,0.4\ngas,ccgt,gas,100,0.5\n", "line 2, column `capacity_mw`: expected a number in (0, 1000000], got 1e10"),
        ("fuels.csv", "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,1e9,0.34\ngas,25,0.2\n", "line 2, column `price_eur_per_mwh_th`: expected a number in [-100000, 100000], got 1e9"),
        ("fuels.csv", "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,50\ngas,25,0.2\n", "column `co2_t_per_mwh_th`: expected a number in [0, 10], got 50"),
    ];
    for (i, (file, text, expected)) in cases.into_iter().enumerate() {
        let scenario = tiny(&tmp.path().join(i.to_string()), &[(file, text)]);
        let found = problems(&scenario);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{expected}\n{found:#?}"
        );
        // The sweep stops before anything is solved or written.
        let out = tmp.path().join(format!("out{i}"));
        fails(sweep(s(&scenario), &out));
        assert!(!out.exists());
    }
    let scenario = tiny(&tmp.path().join("cap"), &[]);
    let error = fails(carbonpass(&["cap", s(&scenario), "--cap-t", "1e20", "-q"]));
    assert!(
        error.contains("caps must be in [0, 1000000000000] t CO2"),
        "{error}"
    );
    let error = fails(carbonpass(&[
        "sweep",
        s(&scenario),
        "--carbon",
        "1e300",
        "-q",
    ]));
    assert!(
        error.contains("carbon prices must be in [0, 100000] €/t, got 1e300"),
        "{error}"
    );
}

#[test]
fn every_lp_solve_balances_every_zone_and_hour() {
    // The largest numbers the input takes still solve to a balanced, finite result.
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tiny(
        tmp.path(),
        &[(
            "units.csv",
            "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,1e6,0.4\ngas,ccgt,gas,100,0.5\n",
        ), ("demand.csv", "hour,load_mw\n0,30000\n1,1e6\n2,0\n")],
    );
    let out = tmp.path().join("out");
    ok(carbonpass(&[
        "sweep",
        s(&scenario),
        "--carbon",
        "0,50",
        "--method",
        "lp",
        "--out",
        s(&out),
        "-q",
    ]));
    let dispatch = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        !dispatch.contains("inf") && !dispatch.contains("NaN"),
        "{dispatch}"
    );
    let s = carbonpass::input::load(&scenario).unwrap().scenario;
    let d = carbonpass::dispatch::dispatch(&s, 50.0, carbonpass::dispatch::Method::Lp).unwrap();
    for h in 0..3 {
        let supply: f64 =
            (0..2).map(|u| d.generation_mw[[h, u]]).sum::<f64>() + d.unserved_mw[[h, 0]];
        let load = s.demand_mw[[h, 0]];
        assert!(
            (supply - load).abs() <= 1e-6 * (load + 1e6 + 100.0),
            "hour {h}: {supply} vs {load}"
        );
    }
}

// Class 3: demand.csv's hour column.

#[test]
fn the_hour_column_is_checked_whatever_its_first_label() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        (
            "hour,load_mw\na,50\nb,150\nc,120\n",
            "line 2, column `hour`: expected an hour number (0, 1, 2, ...) or the date and time",
        ),
        (
            "hour,load_mw\n-1,50\n0,150\n1,120\n",
            "line 2, column `hour`: expected an hour number",
        ),
        (
            "hour,load_mw\n0.0,50\n1.0,150\n2.0,120\n",
            "line 2, column `hour`: expected an hour number",
        ),
        (
            "hour,load_mw\n2015-13-01 00:00,50\n2015-13-01 01:00,150\n2015-13-01 02:00,120\n",
            "line 2, column `hour`: expected an hour number",
        ),
        (
            "hour,load_mw\n2015-01-01 00:00,50\n1,150\n2,120\n",
            "line 3, column `hour`: got `1` among timestamps",
        ),
        (
            "hour,load_mw\n0,50\n2015-01-01 01:00,150\n2,120\n",
            "line 3, column `hour`: got `2015-01-01 01:00` among hour numbers",
        ),
        (
            "hour,load_mw\n0,50\n2,150\n3,120\n",
            "line 3, column `hour`: expected hour 1",
        ),
        (
            "hour,load_mw\n0,50\n0,150\n1,120\n",
            "line 3, column `hour`: expected hour 1",
        ),
        (
            "hour,load_mw\n2015-01-01 00:00,50\n2015-01-01 02:00,150\n2015-01-01 03:00,120\n",
            "line 3, column `hour`: `2015-01-01 02:00` is 2 hours after the one before",
        ),
        (
            "hour,load_mw\n2015-01-01 00:00,50\n2015-01-01 00:00,150\n2015-01-01 01:00,120\n",
            "repeats the hour before",
        ),
        (
            "hour,load_mw\n2015-01-01 02:00,50\n2015-01-01 01:00,150\n2015-01-01 00:00,120\n",
            "goes back in time",
        ),
        (
            "hour,load_mw\n2015-01-01,50\n2015-01-02,150\n2015-01-03,120\n",
            "line 2, column `hour`: expected an hour number",
        ),
    ];
    for (i, (demand, expected)) in cases.into_iter().enumerate() {
        let scenario = tiny(&tmp.path().join(i.to_string()), &[("demand.csv", demand)]);
        let found = problems(&scenario);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{demand}: {expected}\n{found:#?}"
        );
        assert_eq!(found.len(), 1, "one problem, no follow-ons: {found:#?}");
    }
    // Timestamps one hour apart read, with or without offsets (DST: instants an hour
    // apart though the clock jumps); [time] start must agree with them.
    let fine = [
        "hour,load_mw\n2015-01-01 00:00,50\n2015-01-01 01:00,150\n2015-01-01 02:00,120\n",
        "hour,load_mw\n2015-03-29T01:00+01:00,50\n2015-03-29T03:00+02:00,150\n2015-03-29T04:00+02:00,120\n",
    ];
    for (i, demand) in fine.into_iter().enumerate() {
        let scenario = tiny(
            &tmp.path().join(format!("fine{i}")),
            &[("demand.csv", demand)],
        );
        ok(validate(&scenario));
    }
    let toml = "name = \"tiny\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n[time]\nstart = \"2016-01-01T00:00\"\n";
    let scenario = tiny(
        &tmp.path().join("start"),
        &[("demand.csv", fine[0]), ("s.toml", toml)],
    );
    let found = problems(&scenario);
    assert!(found[0].contains("[time] start = \"2016-01-01T00:00\", but the demand file's first hour is `2015-01-01 00:00`"), "{found:#?}");
}

// Class 6: column and key typos.

#[test]
fn a_near_miss_of_a_column_or_key_is_refused_with_the_name_meant() {
    let tmp = tempfile::tempdir().unwrap();
    let units = "name,technology,fuel,capacity_mw,efficiency,availabilty\ncoal,hard_coal,coal,100,0.4,1\ngas,ccgt,gas,100,0.5,1\n";
    let found = problems(&tiny(&tmp.path().join("a"), &[("units.csv", units)]));
    assert_eq!(
        found,
        ["units.csv, line 1, column `availabilty`: unknown column; did you mean `availability`?"]
            .map(|p| format!("{}/{p}", tmp.path().join("a").display()))
    );
    // A clearly foreign column is only a warning.
    let units = "name,technology,fuel,capacity_mw,efficiency,owner_notes\ncoal,hard_coal,coal,100,0.4,x\ngas,ccgt,gas,100,0.5,y\n";
    let run = ok(validate(&tiny(
        &tmp.path().join("b"),
        &[("units.csv", units)],
    )));
    assert!(stderr(&run).contains("columns not used by carbonpass: owner_notes"));
    // A required column misspelt: the missing one is named with the near miss.
    let fuels = "fuel,price_eur_per_mwh,co2_t_per_mwh_th\ncoal,10,0.34\ngas,25,0.2\n";
    let found = problems(&tiny(&tmp.path().join("c"), &[("fuels.csv", fuels)]));
    assert!(
        found[0].contains("column `price_eur_per_mwh_th`: required column is missing")
            && found[0].ends_with("is `price_eur_per_mwh` meant to be it?"),
        "{found:#?}"
    );
    let toml = "name = \"tiny\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n[market]\nvol_eur_per_mwh = 3000\n";
    let found = problems(&tiny(&tmp.path().join("d"), &[("s.toml", toml)]));
    assert!(found[0].ends_with("line 7: invalid scenario: unknown key `vol_eur_per_mwh`; did you mean `voll_eur_per_mwh`?"), "{found:#?}");
}

// Class 8: non-finite numbers never reach a result folder.

#[test]
fn results_hold_only_finite_numbers_and_report_reads_them() {
    let tmp = tempfile::tempdir().unwrap();
    // The largest load and VOLL accepted: every hour short, at the highest cost.
    let toml = "name = \"tiny\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n[market]\nvoll_eur_per_mwh = 1e5\n";
    let scenario = tiny(
        tmp.path(),
        &[
            ("s.toml", toml),
            ("demand.csv", "hour,load_mw\n0,1e6\n1,1e6\n2,1e6\n"),
        ],
    );
    let out = tmp.path().join("out");
    ok(carbonpass(&[
        "sweep",
        s(&scenario),
        "--carbon",
        "0,1e5",
        "--out",
        s(&out),
        "-q",
    ]));
    for file in carbonpass::util::entries_under(&out).unwrap() {
        if file.ends_with(".csv") {
            let text = fs::read_to_string(out.join(&file)).unwrap();
            assert!(!text.contains("inf") && !text.contains("NaN"), "{file}");
        }
    }
    ok(carbonpass(&["report", s(&out)]));
}

// Class 9: messages a person can act on; inputs to accept.

#[test]
fn one_problem_gives_one_message_and_toml_errors_speak_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    // A fuels file without its CO2 column: said once, not again for every unit's fuel.
    let fuels = "fuel,price_eur_per_mwh_th\ncoal,10\ngas,25\n";
    let found = problems(&tiny(&tmp.path().join("a"), &[("fuels.csv", fuels)]));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("column `co2_t_per_mwh_th`: required column is missing"));
    let head = "name = \"tiny\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n";
    for (i, (extra, expected)) in [
        ("[market]\nvoll_eur_per_mwh = \"high\"\n", "line 7: invalid scenario: `voll_eur_per_mwh`: expected a number, got the text \"high\""),
        ("[market]\nvoll_eur_per_mwh = 10\nvoll_eur_per_mwh = 20\n", "line 8: invalid scenario: `voll_eur_per_mwh` is set twice in its section; keep one"),
        ("[market]\nvoll_eur_per_mwh = 10\n[market]\npricing = \"marginal\"\n", "line 8: invalid scenario: the section [market] appears twice; put its keys in one section"),
        ("[horizon]\nwindow_hours = 2.5\n", "line 7: invalid scenario: `window_hours`: expected a whole number ≥ 0, got `2.5`"),
    ]
    .into_iter()
    .enumerate()
    {
        let found = problems(&tiny(&tmp.path().join(format!("t{i}")), &[("s.toml", &format!("{head}{extra}"))]));
        assert!(found[0].ends_with(expected), "{expected}\n{found:#?}");
    }
    // Two links between the same zones are refused, not summed.
    let two_zones = [
        ("s.toml", "name = \"two\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\nlinks = \"links.csv\"\n"),
        ("units.csv", "name,zone,technology,fuel,capacity_mw,efficiency\ncoal,a,hard_coal,coal,100,0.4\ngas,b,ccgt,gas,100,0.5\n"),
        ("demand.csv", "hour,a,b\n0,50,50\n1,60,60\n"),
        ("links.csv", "from,to,capacity_mw\na,b,10\nb,a,20\n"),
    ];
    let found = problems(&tiny(&tmp.path().join("links"), &two_zones));
    assert!(found[0].ends_with("line 3, column `to`: b and a are linked already on line 2; give one row per pair of zones (capacity_reverse_mw for the other direction)"), "{found:#?}");
}

#[test]
fn every_bad_scenario_of_a_sweep_is_reported_together() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tiny(
        &tmp.path().join("a"),
        &[("demand.csv", "hour,load_mw\n0,-1\n")],
    );
    let b = tiny(
        &tmp.path().join("b"),
        &[(
            "fuels.csv",
            "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,x,0\ngas,1,0\n",
        )],
    );
    let error = fails(carbonpass(&[
        "sweep",
        s(&a),
        s(&b),
        "--out",
        s(&tmp.path().join("out")),
        "-q",
    ]));
    assert!(error.contains("2 problems in the input"), "{error}");
    assert!(
        error.contains("a/demand.csv, line 2") && error.contains("b/fuels.csv, line 2"),
        "{error}"
    );
}

#[test]
fn command_line_numbers_are_checked_in_words() {
    let scenario = STEPS;
    for (args, expected) in [
        (
            vec!["sweep", scenario, "--jobs", "-1"],
            "invalid value '-1' for '--jobs <JOBS>': expected a whole number ≥ 1",
        ),
        (
            vec!["sweep", scenario, "--jobs", "0"],
            "expected a whole number ≥ 1, got `0`",
        ),
        (
            vec!["sweep", scenario, "--carbon", "-5"],
            "carbon prices must be in [0, 100000] €/t, got -5",
        ),
        (
            vec!["cap", scenario, "--cap-t", "-1"],
            "caps must be in [0, 1000000000000] t CO2, got -1",
        ),
        (
            vec!["cap", scenario, "--cap-t", "1e6", "--floor-eur-per-t", "-5"],
            "--floor-eur-per-t: expected a number in [0, 100000], got -5",
        ),
        (
            vec![
                "import",
                "dispaset",
                "x.csv",
                "--out",
                "/tmp/never",
                "--utc-offset-hours",
                "100",
            ],
            "expected an offset from −12 to 14 hours",
        ),
        (
            vec![
                "import",
                "dispaset",
                "x.csv",
                "--out",
                "/tmp/never",
                "--utc-offset-hours",
                "5.5",
            ],
            "expected whole hours, got `5.5`",
        ),
        (
            vec!["sweep", scenario, "--out", "/proc/x", "-q"],
            "cannot write /proc/x: carbonpass cannot create files in /proc",
        ),
    ] {
        let error = fails(carbonpass(&args));
        assert!(error.contains(expected), "{args:?}: {expected}\n{error}");
        assert!(
            !error.contains("-- -1") && !error.contains("invalid digit"),
            "{error}"
        );
    }
}

#[test]
fn legitimate_inputs_that_were_refused_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    // A `none` row at 0/0 and a fuel with a gate fee.
    let fuels = "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\nnone,0,0\ncoal,10,0.34\ngas,-5,0.2\n";
    let scenario = tiny(&tmp.path().join("a"), &[("fuels.csv", fuels)]);
    let out = tmp.path().join("out");
    ok(carbonpass(&[
        "sweep",
        s(&scenario),
        "--carbon",
        "0",
        "--out",
        s(&out),
        "-q",
    ]));
    // Gas at −5 €/MWh_th: −10 €/MWh at 50 % efficiency, offered first.
    let prices = fs::read_to_string(out.join("prices.csv")).unwrap();
    assert!(prices.lines().nth(1).unwrap().contains(",-10,"), "{prices}");
    // A `none` row with a price is an error.
    let fuels = "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\nnone,3,0\ncoal,10,0.34\ngas,25,0.2\n";
    let found = problems(&tiny(&tmp.path().join("b"), &[("fuels.csv", fuels)]));
    assert!(found[0].contains("line 2, column `fuel`: `none` is the fuel of units without fuel: its price and CO2 must be 0"), "{found:#?}");
    // -q on cap.
    let scenario = tiny(&tmp.path().join("c"), &[]);
    ok(carbonpass(&[
        "cap",
        s(&scenario),
        "--cap-t",
        "1e6",
        "-q",
        "--out",
        s(&tmp.path().join("capped")),
    ]));
}
