//! Beyond one run: `--shard K/N` + `merge` give the whole sweep byte for byte, an
//! interrupted sweep (Ctrl-C or a killed process) leaves no result folder and `--resume`
//! finishes it exactly, and the Slurm example script runs the shards.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{carbonpass, files_under};

const EXAMPLE: &str = "scenarios/de_week_2015.toml";
const REGULATED: &str = "scenarios/de_week_2015_regulated.toml";

fn ok(run: &Output) -> String {
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    stderr
}

fn failed(run: &Output) -> String {
    assert!(!run.status.success(), "expected a failure");
    String::from_utf8_lossy(&run.stderr).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The two folders hold the same files with the same bytes.
fn assert_same_tree(a: &Path, b: &Path) {
    let files = files_under(a);
    assert_eq!(files, files_under(b), "file lists of {a:?} and {b:?}");
    assert!(files.iter().any(|f| f.ends_with("summary.csv")));
    for file in &files {
        assert!(
            fs::read(a.join(file)).unwrap() == fs::read(b.join(file)).unwrap(),
            "{file} differs between {a:?} and {b:?}"
        );
    }
}

#[test]
fn shards_merged_equal_the_whole_sweep_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    ok(&carbonpass(&[
        "sweep",
        EXAMPLE,
        REGULATED,
        "--carbon",
        "0:100:10",
        "--method",
        "lp",
        "--out",
        s(&whole),
        "-q",
    ]));
    assert!(whole.join("de_week_2015/summary.csv").is_file());
    assert!(whole.join("de_week_2015_regulated/summary.csv").is_file());
    // 2 scenarios × 11 carbon prices, on the LP warm-started in chains of 6 (0–50 and
    // 60–100 of each): four chains dealt over 3 shards, each with its own thread count.
    let mut parts = Vec::new();
    for (k, jobs) in [(1, "1"), (2, "2"), (3, "1")] {
        let part = dir.path().join(format!("part{k}"));
        let stderr = ok(&carbonpass(&[
            "sweep",
            EXAMPLE,
            REGULATED,
            "--carbon",
            "0:100:10",
            "--method",
            "lp",
            "--shard",
            &format!("{k}/3"),
            "--jobs",
            jobs,
            "--out",
            s(&part),
        ]));
        let expected = [11, 5, 6][k - 1];
        assert!(
            stderr.contains(&format!("shard {k}/3: {expected} carbon prices solved")),
            "{stderr}"
        );
        assert!(
            !part.join("summary.csv").exists(),
            "a shard writes parts only"
        );
        parts.push(part);
    }
    let merged = dir.path().join("merged");
    let run = carbonpass(&[
        "merge",
        s(&parts[2]),
        s(&parts[0]),
        s(&parts[1]),
        "--out",
        s(&merged),
    ]);
    ok(&run);
    assert_same_tree(&whole, &merged);
    let table = String::from_utf8(run.stdout).unwrap();
    assert!(
        table.contains("of 2015 (example)\n") && table.contains("cost-of-service tariff\n"),
        "a table under each scenario's name: {table}"
    );
}

#[test]
fn one_scenario_in_shards_merges_to_its_result_folder() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    ok(&carbonpass(&[
        "sweep",
        EXAMPLE,
        "--carbon",
        "0:100:10",
        "--out",
        s(&whole),
        "--png",
    ]));
    let parts: Vec<PathBuf> = (1..=4).map(|k| dir.path().join(format!("p{k}"))).collect();
    for (k, part) in parts.iter().enumerate() {
        let spec = format!("{}/4", k + 1);
        ok(&carbonpass(&[
            "sweep",
            EXAMPLE,
            "--carbon",
            "0:100:10",
            "--shard",
            &spec,
            "--out",
            s(part),
            "--png",
        ]));
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge", "--out", s(&merged)];
    args.extend(parts.iter().map(|p| s(p)));
    ok(&carbonpass(&args));
    assert_same_tree(&whole, &merged);
}

#[test]
fn merge_refuses_incomplete_or_mixed_shards() {
    let dir = tempfile::tempdir().unwrap();
    let part = |name: &str, carbon: &str, shard: &str| {
        let out = dir.path().join(name);
        ok(&carbonpass(&[
            "sweep",
            EXAMPLE,
            "--carbon",
            carbon,
            "--shard",
            shard,
            "--out",
            s(&out),
        ]));
        out
    };
    // 16 carbon prices: three chains (0–50, 60–110, 120–150), one per shard.
    let a1 = part("a1", "0:150:10", "1/3");
    let a2 = part("a2", "0:150:10", "2/3");
    let a3 = part("a3", "0:150:10", "3/3");
    let b2 = part("b2", "0:160:10", "2/3");
    let out = dir.path().join("merged");
    let merge = |dirs: &[&Path]| {
        let mut args = vec!["merge", "--out", s(&out)];
        args.extend(dirs.iter().map(|d| s(d)));
        carbonpass(&args)
    };
    let stderr = failed(&merge(&[&a1, &a3]));
    assert!(stderr.contains("shard 2/3 missing"), "{stderr}");
    let stderr = failed(&merge(&[&a1, &b2, &a3]));
    assert!(
        stderr.contains("parts of different sweeps") && stderr.contains("carbon prices"),
        "{stderr}"
    );
    let stderr = failed(&merge(&[&a1, &a2, &a2, &a3]));
    assert!(stderr.contains("are both shard 2/3"), "{stderr}");
    let stderr = failed(&merge(&[&a1, &a2, dir.path()]));
    assert!(
        stderr.contains("is not a folder of sweep parts"),
        "{stderr}"
    );
    // A part file damaged after the fact is named, not trusted.
    let damaged = a2.join("de_week_2015/tau_60.bin");
    assert!(
        damaged.is_file(),
        "carbon price 60 is in chain 1: shard 2/3"
    );
    fs::write(&damaged, b"not an outcome").unwrap();
    let stderr = failed(&merge(&[&a1, &a2, &a3]));
    assert!(
        stderr.contains("tau_60.bin") && stderr.contains("not a solved carbon price"),
        "{stderr}"
    );
    assert!(!out.exists(), "no result folder from a failed merge");
}

#[test]
fn merge_refuses_a_scenario_changed_since_its_shards() {
    let dir = tempfile::tempdir().unwrap();
    let scenario_dir = dir.path().join("scenario");
    fs::create_dir(&scenario_dir).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/steps");
    for entry in fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), scenario_dir.join(entry.file_name())).unwrap();
    }
    let scenario = scenario_dir.join("steps.toml");
    let parts: Vec<PathBuf> = (1..=2).map(|k| dir.path().join(format!("p{k}"))).collect();
    for (k, part) in parts.iter().enumerate() {
        let spec = format!("{}/2", k + 1);
        ok(&carbonpass(&[
            "sweep",
            s(&scenario),
            "--carbon",
            "0,50",
            "--shard",
            &spec,
            "--out",
            s(part),
        ]));
    }
    let units = scenario_dir.join("units.csv");
    let text = fs::read_to_string(&units).unwrap();
    let changed = text.replacen(",100,0.33,", ",100,0.35,", 1);
    assert_ne!(text, changed, "the fixture has nuclear at 33 % to change");
    fs::write(&units, changed).unwrap();
    let out = dir.path().join("merged");
    let stderr = failed(&carbonpass(&[
        "merge",
        s(&parts[0]),
        s(&parts[1]),
        "--out",
        s(&out),
    ]));
    assert!(
        stderr.contains("has changed (units.csv) since the shards were solved"),
        "{stderr}"
    );
}

#[test]
fn bad_shard_specifications_are_refused() {
    for spec in ["0/3", "4/3", "2", "a/b", "1/0"] {
        let stderr = failed(&carbonpass(&[
            "sweep",
            EXAMPLE,
            "--carbon",
            "0",
            "--shard",
            spec,
            "--out",
            "/tmp/never",
        ]));
        assert!(stderr.contains("--shard: expected K/N"), "{spec}: {stderr}");
    }
}

/// Starts a long LP sweep (401 carbon prices) into `out` and stops it with `signal` once
/// at least 10 carbon prices are kept.
fn interrupted_sweep(out: &Path, signal: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carbonpass"))
        .args([
            "sweep",
            EXAMPLE,
            "--carbon",
            "0:100:0.25",
            "--method",
            "lp",
            "--jobs",
            "2",
            "-q",
            "--out",
            s(out),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let kept = out.parent().unwrap().join(format!(
        ".{}.parts/de_week_2015",
        out.file_name().unwrap().to_str().unwrap()
    ));
    let start = Instant::now();
    while fs::read_dir(&kept).map_or(0, |d| d.count()) < 10 {
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the sweep ended before the signal"
    );
    let sent = Command::new("bash")
        .args(["-c", &format!("kill -{signal} {}", child.id())])
        .status()
        .unwrap();
    assert!(sent.success());
    child.wait_with_output().unwrap()
}

fn resume(out: &Path) -> Output {
    carbonpass(&[
        "sweep",
        EXAMPLE,
        "--carbon",
        "0:100:0.25",
        "--method",
        "lp",
        "--jobs",
        "2",
        "-q",
        "--out",
        s(out),
        "--resume",
    ])
}

#[test]
fn an_interrupted_sweep_resumes_to_the_same_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let stopped = interrupted_sweep(&out, "INT");
    assert_eq!(stopped.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&stopped.stderr);
    assert!(
        stderr.contains("interrupted:") && stderr.contains("of 401 carbon prices are solved"),
        "{stderr}"
    );
    assert!(stderr.contains("--resume"), "{stderr}");
    assert!(!out.exists(), "no result folder from an interrupted sweep");

    let resumed = resume(&out);
    let stderr = ok(&resumed);
    assert!(stderr.contains("resuming: "), "{stderr}");
    assert!(!stderr.contains("resuming: 0 "), "{stderr}");
    let fresh = dir.path().join("fresh");
    ok(&carbonpass(&[
        "sweep",
        EXAMPLE,
        "--carbon",
        "0:100:0.25",
        "--method",
        "lp",
        "--jobs",
        "1",
        "-q",
        "--out",
        s(&fresh),
    ]));
    assert_same_tree(&fresh, &out);
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        left.iter().all(|n| !n.starts_with('.')),
        "parts left: {left:?}"
    );
}

#[test]
fn a_killed_sweep_leaves_no_result_folder_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    // An earlier complete result folder survives a killed run unchanged.
    ok(&carbonpass(&[
        "sweep",
        EXAMPLE,
        "--carbon",
        "5",
        "--out",
        s(&out),
    ]));
    let before = fs::read(out.join("summary.csv")).unwrap();
    let killed = interrupted_sweep(&out, "KILL");
    assert!(!killed.status.success());
    assert_eq!(fs::read(out.join("summary.csv")).unwrap(), before);
    let stderr = ok(&resume(&out));
    assert!(stderr.contains("resuming: "), "{stderr}");
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), 1 + 401, "{stderr}");
}

#[test]
fn resume_refuses_another_sweep_and_a_plain_run_starts_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    interrupted_sweep(&out, "KILL");
    let stderr = failed(&carbonpass(&[
        "sweep",
        EXAMPLE,
        "--carbon",
        "0:100:0.25",
        "--method",
        "merit-order",
        "--out",
        s(&out),
        "--resume",
    ]));
    assert!(
        stderr.contains("cannot resume")
            && stderr.contains("(kept vs this run: --method lp vs merit-order)"),
        "{stderr}"
    );
    let stderr = ok(&carbonpass(&[
        "sweep",
        EXAMPLE,
        "--carbon",
        "0:10:5",
        "--out",
        s(&out),
    ]));
    assert!(stderr.contains("starting afresh"), "{stderr}");
    assert!(!stderr.contains("resuming"), "{stderr}");
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), 1 + 3);
}

#[test]
fn the_slurm_example_runs_each_array_task_as_a_shard() {
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/slurm_sweep.sbatch");
    // What Slurm sets for `--array=0-2`: consecutive ids, here starting at 0.
    for id in 0..3 {
        let run = Command::new("bash")
            .arg(&script)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CARBONPASS", env!("CARGO_BIN_EXE_carbonpass"))
            .env("CARBON", "0:50:25")
            .env("PARTS", &parts)
            .env("SLURM_ARRAY_TASK_ID", id.to_string())
            .env("SLURM_ARRAY_TASK_MIN", "0")
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .env("SLURM_CPUS_PER_TASK", "1")
            .output()
            .unwrap();
        ok(&run);
    }
    let mut shards: Vec<_> = fs::read_dir(&parts)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    shards.sort();
    assert_eq!(shards, ["1", "2", "3"]);
    let merged = dir.path().join("merged");
    let mut args = vec!["merge".to_string(), "--out".into(), s(&merged).into()];
    args.extend(shards.iter().map(|k| s(&parts.join(k)).to_string()));
    ok(&carbonpass(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    let whole = dir.path().join("whole");
    ok(&carbonpass(&[
        "sweep",
        EXAMPLE,
        REGULATED,
        "--carbon",
        "0:50:25",
        "--out",
        s(&whole),
    ]));
    assert_same_tree(&whole, &merged);
}
