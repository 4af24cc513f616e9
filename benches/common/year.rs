//! What the benchmarks share: the year-long scenario built from the example week, a
//! timer, and PyPSA + HiGHS solving a scenario at one carbon price.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use carbonpass::Availability;

pub const HOURS: usize = 8760;

/// Writes `year.toml` and its files into `dir`: 8760 hours, 83 units (see `full_year`).
pub fn write_year(dir: &Path) {
    let week = carbonpass::input::load(Path::new("scenarios/de_week_2015.toml"))
        .expect("example scenario")
        .scenario;
    let src = Path::new("scenarios/de_week_2015");
    fs::copy(src.join("fuels.csv"), dir.join("fuels.csv")).unwrap();
    let n = week.hours();
    let mut demand = String::from("hour,load_mw\n");
    let mut profiles = format!("hour,{}\n", week.profile_names.join(","));
    for h in 0..HOURS {
        writeln!(demand, "{h},{}", week.demand_mw[[h % n, 0]]).unwrap();
        let row: Vec<String> = week
            .profiles
            .row(h % n)
            .iter()
            .map(|v| v.to_string())
            .collect();
        writeln!(profiles, "{h},{}", row.join(",")).unwrap();
    }
    let mut units =
        String::from("name,technology,fuel,capacity_mw,efficiency,vom_eur_per_mwh,availability\n");
    for u in &week.units {
        let availability = match u.availability {
            Availability::Constant(a) => a.to_string(),
            Availability::Profile(p) => week.profile_names[p].clone(),
        };
        match u.efficiency {
            Some(eta) => {
                let parts: &[(&str, f64)] = match u.technology.as_str() {
                    "hard_coal" | "ccgt" => &[("a", 0.99), ("b", 1.0), ("c", 1.01)],
                    _ => &[("a", 0.99), ("b", 1.01)],
                };
                for (part, factor) in parts {
                    writeln!(
                        units,
                        "{}{part},{},{},{},{},{},{availability}",
                        u.name,
                        u.technology,
                        u.fuel,
                        u.capacity_mw / parts.len() as f64,
                        (eta * factor).min(1.0),
                        u.vom_eur_per_mwh()
                    )
                    .unwrap();
                }
            }
            None => writeln!(
                units,
                "{},{},none,{},,{},{availability}",
                u.name,
                u.technology,
                u.capacity_mw,
                u.vom_eur_per_mwh()
            )
            .unwrap(),
        }
    }
    fs::write(dir.join("demand.csv"), demand).unwrap();
    fs::write(dir.join("profiles.csv"), profiles).unwrap();
    fs::write(dir.join("units.csv"), units).unwrap();
    fs::write(
        dir.join("year.toml"),
        "name = \"benchmark year\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
         demand = \"demand.csv\"\nprofiles = \"profiles.csv\"\n\
         [carbon]\nprices_eur_per_t = { start = 0.0, stop = 100.0, step = 10.0 }\n",
    )
    .unwrap();
}

/// PyPSA + HiGHS solving `scenario` at `carbon` €/t into `out`: the time it took and the
/// peak memory of its process, kB (the larger of its own and its children's, as the
/// kernel counts them for `getrusage`).
pub fn pypsa_at(
    python: &std::ffi::OsStr,
    scenario: &Path,
    out: &Path,
    carbon: &str,
) -> (Duration, u64) {
    const PEAK: &str = "import resource, runpy, sys\n\
        sys.argv = sys.argv[1:]\n\
        try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n\
        finally:\n    r = resource\n    \
        peak = max(r.getrusage(r.RUSAGE_SELF).ru_maxrss, r.getrusage(r.RUSAGE_CHILDREN).ru_maxrss)\n    \
        print('peak_kb', peak, file=sys.stderr)\n";
    let (run, t) = time(|| {
        std::process::Command::new(python)
            .args(["-c", PEAK, "tests/pypsa/solve_with_pypsa.py"])
            .arg(scenario)
            .arg(out)
            .args(["--carbon", carbon])
            .output()
            .unwrap()
    });
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let peak = (stderr.lines())
        .find_map(|l| l.strip_prefix("peak_kb "))
        .and_then(|kb| kb.trim().parse().ok())
        .expect("PyPSA's peak memory");
    (t, peak)
}

/// Runs this benchmark again as a child process with `variable` set (so that what it
/// measures, its peak memory above all, is its own) and returns what it printed.
pub fn in_own_process(variable: &str) -> String {
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .env(variable, "1")
        .output()
        .unwrap();
    assert!(
        child.status.success(),
        "{}",
        String::from_utf8_lossy(&child.stderr)
    );
    String::from_utf8_lossy(&child.stdout).into_owned()
}

/// The peak memory of this process so far (VmHWM), kB.
pub fn own_peak_kb() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    (status.lines())
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

pub fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}
