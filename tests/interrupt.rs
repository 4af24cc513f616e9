//! A stop asked for (Ctrl-C, SIGTERM) once every carbon price is solved, while the
//! results are written: nothing half-written, the solved prices kept, `--resume` writes
//! the results. Its own test binary: the stop request is for the whole process.

mod common;

use std::path::PathBuf;

use carbonpass::cmd::sweep::{run_sweep, SweepRequest};
use carbonpass::parts::Shard;
use carbonpass::Error;

#[test]
fn a_stop_while_writing_keeps_the_solved_prices_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let scenario =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/steps/steps.toml");
    let request = |resume| SweepRequest {
        scenarios: vec![scenario.clone()],
        carbon: Some("0,50".into()),
        out: Some(out.clone()),
        jobs: Some(1),
        method: None,
        progress: false,
        png: false,
        hourly_passthrough: false,
        exact: false,
        scale_capacity: Vec::new(),
        vary: Vec::new(),
        shard: Shard::WHOLE,
        resume,
    };
    // Stopped before the sweep starts: nothing is solved, nothing written.
    carbonpass::interrupt::request();
    match run_sweep(&request(false)) {
        Err(Error::Interrupted { done, total, parts }) => {
            assert_eq!((done, total), (0, 2));
            assert!(parts.is_dir());
        }
        other => panic!("expected an interruption, got {:?}", other.err()),
    }
    assert!(!out.exists());
    // Asked for while a result folder is written: the folder is not put in place and
    // its staging folder is removed.
    let written = tmp.path().join("written");
    assert!(matches!(
        common::write_hand_results(&written, &[0.0, 30.0], false),
        Err(Error::Stopped)
    ));
    assert!(!written.exists());
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("written"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A stop asked for while writing is the same: the price files are kept, so the
    // binary resumes from them and writes results byte for byte as a whole run.
    let whole = tmp.path().join("whole");
    common::carbonpass_ok(&[
        "sweep",
        scenario.to_str().unwrap(),
        "--carbon",
        "0,50",
        "-q",
        "--out",
        whole.to_str().unwrap(),
    ]);
    common::carbonpass_ok(&[
        "sweep",
        scenario.to_str().unwrap(),
        "--carbon",
        "0,50",
        "-q",
        "--resume",
        "--out",
        out.to_str().unwrap(),
    ]);
    for file in ["summary.csv", "prices.csv", "dispatch.csv"] {
        assert_eq!(
            std::fs::read(out.join(file)).unwrap(),
            std::fs::read(whole.join(file)).unwrap(),
            "{file}"
        );
    }
}
