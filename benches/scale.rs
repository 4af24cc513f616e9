//! Speed at scale: `cargo bench --bench scale`.
//!
//! Three cases, each timed on all cores in one run:
//!
//! 1. Without coupling: the bundled national year `de_2015` without its pumped storage
//!    (8760 h × 126 plants) over 101 carbon prices (0:100:1) on the merit order, the
//!    whole job as `carbonpass sweep` does it — solving (with each price's analysis of its
//!    dispatch), the tables over the prices, every CSV and every plot written into a
//!    temporary folder — with the time of each part.
//! 2. The year-long 83-unit scenario of `full_year` with a pumped store of 6 GW / 40 GWh
//!    (round trip 0.75): 11 carbon prices on the LP as a sweep solves them, without and
//!    with `[solver] hold_columns`, and with
//!    CARBONPASS_PYPSA_PYTHON set (a Python with pypsa + highspy), PyPSA + HiGHS on the
//!    same scenario at one carbon price, scaled to 11.
//! 3. `cwe_2015` (six linked countries, 81 stores): its 11 carbon prices on the LP in a
//!    process of its own, with that process's peak memory; with CARBONPASS_PYPSA_PYTHON
//!    and CARBONPASS_BENCH_PYPSA_CWE set, PyPSA + HiGHS on the same network at one carbon
//!    price (7.68 €/t), its time and peak memory.

use std::fs;
use std::path::Path;

use carbonpass::analysis::Tables;
use carbonpass::dispatch::Method;
use carbonpass::sweep::{sweep, SweepOptions};

#[path = "common/year.rs"]
mod year;
use year::{in_own_process, own_peak_kb, pypsa_at, time, write_year};

/// Set in the environment of the child process that sweeps cwe_2015.
const CWE_CHILD: &str = "CARBONPASS_BENCH_CWE_CHILD";
const CWE: &str = "scenarios/cwe_2015/cwe_2015.toml";

fn all_cores(method: Method) -> SweepOptions {
    SweepOptions { method, jobs: None }
}

fn main() {
    if std::env::var_os(CWE_CHILD).is_some() {
        return cwe_child();
    }
    // `cargo bench --bench scale -- NAME…` runs the cases whose name holds one of the
    // NAMEs (without_coupling, pumped_store, cwe); without any, all three.
    let names: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |case: &str| names.is_empty() || names.iter().any(|n| case.contains(n.as_str()));
    let python = std::env::var_os("CARBONPASS_PYPSA_PYTHON");
    let dir = tempfile::tempdir().unwrap();
    if wanted("without_coupling") {
        without_coupling(dir.path());
    }
    if wanted("pumped_store") {
        with_a_pumped_store(dir.path(), python.as_deref());
    }
    if !wanted("cwe") {
        return;
    }
    // cwe_2015 alone in its process, so that its peak memory is its own.
    let report = in_own_process(CWE_CHILD);
    print!("{report}");
    // PyPSA on cwe_2015 takes long (more than half an hour here): only where asked.
    let pypsa_cwe = std::env::var_os("CARBONPASS_BENCH_PYPSA_CWE").is_some();
    if let (Some(python), true) = (&python, pypsa_cwe) {
        let (t, peak) = pypsa_at(python, Path::new(CWE), &dir.path().join("cwe.csv"), "7.68");
        let ours: f64 = (report.lines())
            .find_map(|l| l.strip_prefix("cwe_2015 peak kB "))
            .and_then(|kb| kb.trim().parse().ok())
            .expect("the child's peak memory");
        println!(
            "PyPSA on cwe_2015, 1 carbon price: {:.0} s, peak memory {:.2} GB; carbonpass's \
             11 prices used {:.3} of that memory (target: at most 1/8 = 0.125)",
            t.as_secs_f64(),
            peak as f64 / 1e6,
            ours / peak as f64
        );
    }
}

/// Case 1: the whole job of a sweep without coupling, part by part.
fn without_coupling(dir: &Path) {
    let mut s = carbonpass::input::load(Path::new("scenarios/de_2015/de_2015.toml"))
        .expect("bundled national year")
        .scenario;
    s.storage.clear();
    let taus = carbonpass::carbon::range(0.0, 100.0, 1.0).unwrap();
    let out = dir.join("without_coupling");
    fs::create_dir(&out).unwrap();
    fs::create_dir(out.join("plots")).unwrap();
    let (outcomes, solving) =
        time(|| sweep(&s, &taus, &all_cores(Method::MeritOrder), &|| {}).unwrap());
    let (tables, analysis) = time(|| Tables::of(&s, &outcomes, false));
    let ((), csv) =
        time(|| carbonpass::output::csv::write_all(&out, &s, &outcomes, &tables).unwrap());
    let (_, plots) = time(|| {
        carbonpass::output::plots::write_all(&out.join("plots"), &s, &outcomes, &tables, false)
            .unwrap()
    });
    let total = solving + analysis + csv + plots;
    println!(
        "de_2015 without storage, {} h × {} units × {} carbon prices, merit order, all \
         cores, the whole job: {:.2} s (target: under 1 s)",
        s.hours(),
        s.units.len(),
        outcomes.len(),
        total.as_secs_f64()
    );
    for (part, t) in [
        ("solving, with each price's analysis", solving),
        ("tables over the carbon prices", analysis),
        ("CSV files", csv),
        ("plots", plots),
    ] {
        println!(
            "  {part:<38} {:>7.3} s {:>5.1} %",
            t.as_secs_f64(),
            100.0 * t.as_secs_f64() / total.as_secs_f64()
        );
    }
}

/// Case 2: the 83-unit year with a 6 GW / 40 GWh pumped store, on the LP.
fn with_a_pumped_store(dir: &Path, python: Option<&std::ffi::OsStr>) {
    write_year(dir);
    fs::write(
        dir.join("storage.csv"),
        "name,power_mw,energy_mwh,efficiency_roundtrip\npumped,6000,40000,0.75\n",
    )
    .unwrap();
    let toml = fs::read_to_string(dir.join("year.toml")).unwrap();
    let path = dir.join("year_storage.toml");
    fs::write(
        &path,
        toml.replace("[data]\n", "[data]\nstorage = \"storage.csv\"\n"),
    )
    .unwrap();
    let s = carbonpass::input::load(&path).unwrap().scenario;
    let taus = s.carbon_prices_eur_per_t.clone();
    let (outcomes, t) = time(|| sweep(&s, &taus, &all_cores(Method::Lp), &|| {}).unwrap());
    let mut holding = s.clone();
    holding.hold_columns = true;
    let (held, t_held) = time(|| sweep(&holding, &taus, &all_cores(Method::Lp), &|| {}).unwrap());
    let cost = |o: &[carbonpass::analysis::Outcome]| -> f64 {
        o.iter()
            .map(|o| o.system_cost_eur.iter().sum::<f64>())
            .sum()
    };
    println!(
        "8760 h × {} units + a 6 GW / 40 GWh pumped store, {} carbon prices, LP, all cores: \
         {:.2} s; with hold_columns {:.2} s ({:.2}× faster, system cost within {:.1e})",
        s.units.len(),
        outcomes.len(),
        t.as_secs_f64(),
        t_held.as_secs_f64(),
        t.as_secs_f64() / t_held.as_secs_f64(),
        (cost(&held) / cost(&outcomes) - 1.0).abs()
    );
    let t = t.min(t_held);
    if let Some(python) = python {
        let (one, _) = pypsa_at(python, &path, &dir.join("pypsa_store.csv"), "50");
        let eleven = one.as_secs_f64() * taus.len() as f64;
        println!(
            "PyPSA on the same, 1 carbon price: {:.1} s → 11 prices ≈ {eleven:.0} s; \
             carbonpass is {:.0}× faster (target: 50×)",
            one.as_secs_f64(),
            eleven / t.as_secs_f64()
        );
    }
}

/// Case 3, in its own process: cwe_2015's 11 carbon prices on the LP.
fn cwe_child() {
    let s = carbonpass::input::load(Path::new(CWE))
        .expect("bundled coupled year")
        .scenario;
    let taus = s.carbon_prices_eur_per_t.clone();
    let (outcomes, t) = time(|| sweep(&s, &taus, &all_cores(Method::Lp), &|| {}).unwrap());
    let peak = own_peak_kb();
    println!(
        "cwe_2015, {} zones, {} h × {} units, {} stores, {} carbon prices, LP, all cores: \
         {:.1} s (target: under 3 min), peak memory {:.2} GB",
        s.zones.len(),
        s.hours(),
        s.units.len(),
        s.storage.len(),
        outcomes.len(),
        t.as_secs_f64(),
        peak as f64 / 1e6
    );
    println!("cwe_2015 peak kB {peak}");
}
