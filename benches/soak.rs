//! Soak benchmark: `cargo bench --bench soak`.
//!
//! Sweeps the bundled example week over 1001 carbon prices (0:1000:1, the LP, all cores)
//! and writes the full result folder, after a warm-up sweep of 101 prices, and prints
//! the resident memory after each. Memory should stay flat: what a sweep keeps per price
//! is a few tens of kilobytes (hourly prices and dispatch by technology), and nothing of
//! a solve outlives it. Figures are printed as ratios against the 101-price run.

use std::path::Path;
use std::time::Instant;

use carbonpass::dispatch::Method;
use carbonpass::output::{write_results, RunInfo};
use carbonpass::sweep::{sweep, SweepOptions};

/// Resident set size of this process, MB (Linux; 0 elsewhere).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let path = Path::new("scenarios/de_week_2015.toml");
    let scenario = carbonpass::input::load(path).expect("example").scenario;
    let options = SweepOptions {
        method: Method::Lp,
        jobs: None,
    };
    let dir = tempfile::tempdir().unwrap();
    let info = RunInfo {
        scenario_path: path,
        method: "lp",
        png: false,
        hourly_passthrough: false,
        exact: false,
    };
    println!("soak: the example week (168 h, 36 units), LP on all cores, result folder written");
    println!("carbon prices   seconds   RSS after (MB)   RSS vs 101 prices");
    let mut base = None;
    for n in [101usize, 1001, 1001] {
        let taus: Vec<f64> = (0..n).map(|i| i as f64 * 1000.0 / (n - 1) as f64).collect();
        let start = Instant::now();
        let outcomes = sweep(&scenario, &taus, &options, &|| {}).expect("sweep");
        write_results(
            &dir.path().join(format!("r{n}")),
            &scenario,
            &outcomes,
            &info,
        )
        .expect("write");
        drop(outcomes);
        let seconds = start.elapsed().as_secs_f64();
        let rss = rss_mb();
        let base = *base.get_or_insert(rss);
        println!(
            "{n:>13}   {seconds:>7.2}   {rss:>14.1}   {:>17.2}×",
            rss / base
        );
    }
}
