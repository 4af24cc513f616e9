//! Warm against cold, for the two ways of solving that used to start cold:
//! `cargo bench --bench warm`.
//!
//! On the bundled national year `de_2015` with its 14 pumped-storage plants (8760 hours,
//! 126 plants): rolling weeks (168 hours, looking 24 ahead) over 11 carbon prices, each
//! carbon price solved window by window from scratch (cold) against chains of 6 carbon
//! prices whose window models are re-solved warm. Then emissions caps, each solved from
//! scratch against one model re-solved with only the cap's bound changed: 41 caps on the
//! example week with storage, and three on de_2015. One job each, so the ratio is the
//! warm start's alone. Results must agree: the largest relative gap in system cost (and,
//! for caps, allowance price) is printed beside the times.

use std::path::Path;
use std::time::Instant;

use carbonpass::dispatch::lp::{solve_with_cap, Cap};
use carbonpass::dispatch::{rolling, warm};
use carbonpass::scenario::Rolling;
use carbonpass::sweep::chains;
use carbonpass::Scenario;

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1.0)
}

fn main() {
    let scenario: Scenario = carbonpass::input::load(Path::new("scenarios/de_2015/de_2015.toml"))
        .expect("bundled de_2015")
        .scenario;
    println!(
        "de_2015 with storage: {} hours, {} units, {} stores",
        scenario.hours(),
        scenario.units.len(),
        scenario.storage.len()
    );
    let taus = carbonpass::carbon::range(0.0, 100.0, 10.0).unwrap();
    let weeks = Rolling {
        window_hours: 168,
        overlap_hours: 24,
    };

    let start = Instant::now();
    let cold: Vec<f64> = taus
        .iter()
        .map(|&tau| {
            rolling::solve(&scenario, tau, weeks)
                .unwrap()
                .system_cost_eur(&scenario)
        })
        .collect();
    let cold_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut warm = Vec::new();
    for range in chains(taus.len()) {
        for d in rolling::solve_chain(&scenario, &taus[range], weeks).unwrap() {
            warm.push(d.system_cost_eur(&scenario));
        }
    }
    let warm_s = start.elapsed().as_secs_f64();
    let gap = cold
        .iter()
        .zip(&warm)
        .map(|(c, w)| relative(*w, *c))
        .fold(0.0, f64::max);
    println!("rolling weeks, 11 carbon prices, 1 job:");
    println!("  cold (every window from scratch)   {cold_s:8.2} s   1.00×");
    println!(
        "  warm (chains of 6)                 {warm_s:8.2} s   {:.2}×   largest cost gap {gap:.1e}",
        cold_s / warm_s
    );

    let week: Scenario = carbonpass::input::load(Path::new("scenarios/de_week_2015_storage.toml"))
        .expect("bundled week with storage")
        .scenario;
    let week_caps: Vec<f64> = (0..=40).map(|k| 2.0e6 + 5e4 * k as f64).collect();
    caps(
        &week,
        "the example week with storage, 41 caps 2.0–4.0 Mt",
        &week_caps,
    );
    caps(
        &scenario,
        "de_2015 with storage, caps 140, 180, 220 Mt",
        &[140e6, 180e6, 220e6],
    );
}

/// Times `caps_t` solved each from scratch and one after another on one model.
fn caps(scenario: &Scenario, what: &str, caps_t: &[f64]) {
    let cap = |cap_t| Cap {
        cap_t,
        floor_eur_per_t: 0.0,
        ceiling_eur_per_t: None,
    };
    let start = Instant::now();
    let cold: Vec<(f64, f64)> = caps_t
        .iter()
        .map(|&c| {
            let d = solve_with_cap(scenario, 0.0, Some(cap(c))).unwrap();
            (d.tau_eur_per_t, d.system_cost_eur(scenario))
        })
        .collect();
    let cold_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut chain = warm::Chain::capped(scenario, cap(caps_t[0]));
    let warm: Vec<(f64, f64)> = caps_t
        .iter()
        .map(|&c| {
            let d = chain.solve_cap(c).unwrap();
            (d.tau_eur_per_t, d.system_cost_eur(scenario))
        })
        .collect();
    let warm_s = start.elapsed().as_secs_f64();
    let (price_gap, cost_gap) = cold
        .iter()
        .zip(&warm)
        .fold((0.0f64, 0.0f64), |(p, c), (a, b)| {
            (p.max(relative(b.0, a.0)), c.max(relative(b.1, a.1)))
        });
    println!("{what}, 1 job:");
    println!("  cold (each cap from scratch)       {cold_s:8.2} s   1.00×");
    println!(
        "  warm (one model, cap bound moved)  {warm_s:8.2} s   {:.2}×   largest gaps: price {price_gap:.1e}, cost {cost_gap:.1e}, fallbacks {}",
        cold_s / warm_s,
        chain.fallbacks()
    );
}
