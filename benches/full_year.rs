//! Full-year benchmark: `cargo bench --bench full_year`.
//!
//! Builds a year-long single-zone scenario (8760 hours, 83 units) from the bundled example
//! week (its load and profiles repeated; each fuelled block split in two with efficiencies
//! ±1 %, hard coal and CCGT blocks in three with −1 %, 0, +1 %), writes it as a scenario
//! folder, reads it back through `carbonpass::input`, and
//! times an 11-price sweep (0:100:10) several ways. Figures are printed as ratios against a
//! baseline measured in the same run: the LP on one job. With CARBONPASS_PYPSA_PYTHON set to
//! a Python with pypsa + highspy, PyPSA solving the same scenario one price at a time is
//! timed too (for one carbon price, then scaled to 11). The LP runs twice: cold (every
//! carbon price built and solved from scratch) and as carbonpass sweeps it (warm chains).
//!
//! Then the bundled national year `de_2015`: without its pumped storage over 101 carbon
//! prices on the merit order (the target for sweeps without coupling), and with its 14
//! pumped-storage plants over 11 carbon prices on the LP (storage couples the hours), with
//! PyPSA on the same storage-coupled year when CARBONPASS_PYPSA_PYTHON is set, and the
//! process's peak memory.

use std::path::Path;
use std::time::Duration;

use carbonpass::dispatch::Method;
use carbonpass::sweep::{sweep, SweepOptions};

#[path = "common/year.rs"]
mod year;
use year::{pypsa_at, time, write_year};

/// A sweep on the LP with every carbon price built and solved from scratch (good_lp),
/// as before warm starts: the baseline.
fn cold(s: &carbonpass::Scenario, taus: &[f64], jobs: usize) -> Duration {
    time(|| {
        carbonpass::sweep::in_parallel(Some(jobs), taus, |&tau| {
            carbonpass::sweep::solve(s, tau, Method::Lp)
        })
        .unwrap()
    })
    .1
}

/// Set in the environment of the child process that measures memory.
const MEMORY_CHILD: &str = "CARBONPASS_BENCH_MEMORY_CHILD";

/// The memory target: a full-year sweep of 200+ units coupled by storage, alone in its
/// process. Every fuelled plant of de_2015 is split into two halves (efficiency ×0.99 and
/// ×1.01); 11 carbon prices on the warm LP, all cores; then the process's peak memory.
fn memory_child() {
    let with_storage = carbonpass::input::load(Path::new("scenarios/de_2015/de_2015.toml"))
        .expect("bundled national year")
        .scenario;
    let mut large = with_storage.clone();
    large.units = with_storage
        .units
        .iter()
        .flat_map(|u| match u.efficiency {
            Some(eta) => [0.99, 1.01]
                .iter()
                .enumerate()
                .map(|(k, f)| {
                    let mut half = u.clone();
                    half.name = format!("{} ({k})", u.name);
                    half.capacity_mw /= 2.0;
                    half.efficiency = Some((eta * f).min(1.0));
                    half
                })
                .collect::<Vec<_>>(),
            None => vec![u.clone()],
        })
        .collect();
    let taus = carbonpass::carbon::range(0.0, 100.0, 10.0).unwrap();
    let options = SweepOptions {
        method: Method::Lp,
        jobs: None,
    };
    let (outcomes, t) = time(|| sweep(&large, &taus, &options, &|| {}).unwrap());
    let peak = format!("{:.2} GB", year::own_peak_kb() as f64 / 1e6);
    println!(
        "de_2015 split to {} units with its {} pumped-storage plants, {} carbon prices, LP \
         warm, all cores: {:.1} s; peak memory of that process {peak} (target: under 4 GiB)",
        large.units.len(),
        large.storage.len(),
        outcomes.len(),
        t.as_secs_f64()
    );
}

fn main() {
    if std::env::var_os(MEMORY_CHILD).is_some() {
        return memory_child();
    }
    let dir = tempfile::tempdir().unwrap();
    write_year(dir.path());
    let scenario_path = dir.path().join("year.toml");
    let (loaded, read) = time(|| carbonpass::input::load(&scenario_path).unwrap());
    let s = loaded.scenario;
    let taus = s.carbon_prices_eur_per_t.clone();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "full year: {} hours, {} units, {} carbon prices, {cores} cores; scenario read in {:.3} s",
        s.hours(),
        s.units.len(),
        taus.len(),
        read.as_secs_f64()
    );
    let run = |method, jobs| {
        let options = SweepOptions {
            method,
            jobs: Some(jobs),
        };
        time(|| sweep(&s, &taus, &options, &|| {}).unwrap()).1
    };
    let baseline = cold(&s, &taus, 1);
    let rows = [
        ("LP cold, 1 job (baseline)", baseline),
        ("LP cold, all cores", cold(&s, &taus, cores)),
        ("LP warm chains, 1 job", run(Method::Lp, 1)),
        ("LP warm chains, all cores", run(Method::Lp, cores)),
        ("merit order, 1 job", run(Method::MeritOrder, 1)),
        ("merit order, all cores", run(Method::MeritOrder, cores)),
    ];
    println!(
        "{:<28} {:>10} {:>18}",
        "sweep of 11 carbon prices", "seconds", "speed-up vs base"
    );
    for (name, t) in rows {
        println!(
            "{name:<28} {:>10.3} {:>17.1}×",
            t.as_secs_f64(),
            baseline.as_secs_f64() / t.as_secs_f64()
        );
    }
    // The target of a sweep without time coupling: a national year of 100+ units over 101
    // carbon prices, on the merit order (what `--method auto` picks).
    let national_path = Path::new("scenarios/de_2015/de_2015.toml");
    let with_storage = carbonpass::input::load(national_path)
        .expect("bundled national year")
        .scenario;
    let mut national = with_storage.clone();
    national.storage.clear();
    let taus_101 = carbonpass::carbon::range(0.0, 100.0, 1.0).unwrap();
    let options = SweepOptions {
        method: Method::MeritOrder,
        jobs: Some(cores),
    };
    let (outcomes, t) = time(|| sweep(&national, &taus_101, &options, &|| {}).unwrap());
    println!(
        "de_2015 without its pumped storage, {} hours × {} units × {} carbon prices, merit \
         order, all cores: {:.2} s (target: under 2 s)",
        national.hours(),
        national.units.len(),
        outcomes.len(),
        t.as_secs_f64()
    );
    drop(outcomes);
    let options = SweepOptions {
        method: Method::Lp,
        jobs: Some(cores),
    };
    let (outcomes, stored_t) = time(|| sweep(&with_storage, &taus, &options, &|| {}).unwrap());
    let stored_cold = cold(&with_storage, &taus, cores);
    println!(
        "de_2015 with its {} pumped-storage plants, {} hours × {} units × {} carbon prices, \
         LP, all cores: warm chains {:.1} s, cold {:.1} s ({:.1}× faster warm)",
        with_storage.storage.len(),
        with_storage.hours(),
        with_storage.units.len(),
        outcomes.len(),
        stored_t.as_secs_f64(),
        stored_cold.as_secs_f64(),
        stored_cold.as_secs_f64() / stored_t.as_secs_f64()
    );
    drop(outcomes);
    // The memory target, measured in a process of its own (see `memory_child`).
    print!("{}", year::in_own_process(MEMORY_CHILD));
    // The same storage-coupled year in rolling weeks with a day of look-ahead.
    let mut weekly = with_storage.clone();
    weekly.rolling = Some(carbonpass::scenario::Rolling {
        window_hours: 168,
        overlap_hours: 24,
    });
    let (rolled, rolled_t) = time(|| sweep(&weekly, &taus, &options, &|| {}).unwrap());
    let whole = sweep(&with_storage, &taus, &options, &|| {}).unwrap();
    let gap = rolled
        .iter()
        .zip(&whole)
        .map(|(r, w)| (r.system_cost_eur() / w.system_cost_eur() - 1.0).abs())
        .fold(0.0, f64::max);
    println!(
        "de_2015 with storage in rolling weeks (168 h + 24 h ahead), 11 carbon prices, all \
         cores: {:.1} s; system cost within {:.2e} of the whole-year LP's",
        rolled_t.as_secs_f64(),
        gap
    );
    drop((rolled, whole));
    if let Some(python) = std::env::var_os("CARBONPASS_PYPSA_PYTHON") {
        let (t, _) = pypsa_at(
            &python,
            national_path,
            &dir.path().join("pypsa_storage.csv"),
            "50",
        );
        let eleven = t.as_secs_f64() * taus.len() as f64;
        println!(
            "PyPSA on de_2015 with storage, 1 price: {:.1} s → 11 prices ≈ {eleven:.0} s; \
             carbonpass LP all cores is {:.1}× faster",
            t.as_secs_f64(),
            eleven / stored_t.as_secs_f64()
        );
    }
    if let Some(python) = std::env::var_os("CARBONPASS_PYPSA_PYTHON") {
        let (t, _) = pypsa_at(&python, &scenario_path, &dir.path().join("pypsa.csv"), "50");
        let eleven = t.as_secs_f64() * taus.len() as f64;
        println!(
            "PyPSA 1 price: {:.1} s → 11 prices ≈ {eleven:.0} s; LP warm all cores is {:.0}× \
             faster, merit order {:.0}× faster",
            t.as_secs_f64(),
            eleven / rows[3].1.as_secs_f64(),
            eleven / rows[5].1.as_secs_f64()
        );
    }
}
