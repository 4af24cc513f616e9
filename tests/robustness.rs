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
