//! carbonpass's prices agree with an independent solver, PyPSA with HiGHS, to 0.001 €/MWh
//! wherever the dual is unique; where it is not, PyPSA's dual lies in carbonpass's interval.
//! Scenarios: the bundled example week, a two-zone fixture with load on supply steps, and
//! the same two zones joined by a 50 MW link (PyPSA models it as a bidirectional Link; and
//! with 20 MW one way and 50 MW back, p_max_pu and p_min_pu of their own) or
//! with a store in each zone (PyPSA's StorageUnit, cyclic), the example week with
//! Germany's pumped-storage fleet, and the linked zones with stores on linear demand
//! curves (a QP in both solvers). Where storage sets a price, the units of the hour leave
//! an interval open and storage pins the price inside it, through its value of stored
//! energy: those prices must equal PyPSA's too, or, where the optimum leaves even the
//! value of stored energy open, both must lie in the interval of optimal duals measured
//! from the optimal cost's slopes.
//!
//! PyPSA's prices come from `tests/pypsa/solve_with_pypsa.py`. When the environment
//! variable CARBONPASS_PYPSA_PYTHON names a Python with pypsa and highspy (`.ci/run` sets
//! one up when it can), the script is run now; otherwise the test reads its stored output
//! in `tests/reference/pypsa/`, made by
//! `python tests/pypsa/solve_with_pypsa.py SCENARIO.toml tests/reference/pypsa/NAME_prices.csv`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use carbonpass::dispatch::{Method, PriceSetter};
use carbonpass::sweep::{sweep, SweepOptions};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

type Prices = HashMap<(String, usize, String), f64>;

/// PyPSA's prices by (carbon price, hour, zone), and where they come from.
fn pypsa_prices(scenario: &str, stored: &str) -> (Prices, &'static str) {
    let (path, source): (PathBuf, _) = match std::env::var_os("CARBONPASS_PYPSA_PYTHON") {
        Some(python) => {
            let out = tempfile::tempdir().unwrap().keep().join("pypsa_prices.csv");
            // PyPSA and HiGHS talk a lot; their output is shown only if the script fails.
            let run = Command::new(python)
                .arg(root().join("tests/pypsa/solve_with_pypsa.py"))
                .arg(root().join(scenario))
                .arg(&out)
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "the PyPSA script failed on {scenario}:\n{}{}",
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            );
            (out, "PyPSA, run now")
        }
        None => (root().join(stored), "PyPSA, stored output"),
    };
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut prices = HashMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let tau: f64 = row[0].parse().unwrap();
        prices.insert(
            (
                format!("{tau}"),
                row[1].parse().unwrap(),
                row[2].to_string(),
            ),
            row[3].parse().unwrap(),
        );
    }
    (prices, source)
}

/// Compares both methods with PyPSA; returns how many prices were (unique, not unique).
fn compare(scenario_path: &str, stored: &str) -> (usize, usize) {
    let counts = compare_all(scenario_path, stored);
    (counts.unique, counts.intervals)
}

/// How many prices were compared, of which kind.
#[derive(Default, Clone)]
struct Counts {
    /// Pinned by a unit (or shortage): equal to PyPSA's.
    unique: usize,
    /// Left open by the units: PyPSA's inside the interval.
    intervals: usize,
    /// Of those, set by storage.
    by_storage: usize,
    /// Of those set by storage, equal to PyPSA's.
    by_storage_agreeing: usize,
    /// Left open by the units, yet equal to PyPSA's (both solvers' duals agree).
    open_agreeing: usize,
    /// Open prices where carbonpass and PyPSA chose different optimal duals: (carbon
    /// price, hour, zone, carbonpass's, PyPSA's).
    disagreeing: Vec<(f64, usize, usize, f64, f64)>,
}

fn compare_all(scenario_path: &str, stored: &str) -> Counts {
    let (reference, source) = pypsa_prices(scenario_path, stored);
    let scenario = carbonpass::input::load(&root().join(scenario_path))
        .unwrap()
        .scenario;
    let taus = scenario.carbon_prices_eur_per_t.clone();
    let mut counts = Counts::default();
    // The merit order is compared too where it is exact (no links).
    let methods: &[Method] = if scenario.merit_order_is_exact() {
        &[Method::Lp, Method::MeritOrder]
    } else {
        &[Method::Lp]
    };
    for &method in methods {
        let options = SweepOptions { method, jobs: None };
        let outcomes = sweep(&scenario, &taus, &options, &|| {}).unwrap();
        let (mut unique, mut intervals, mut worst) = (0, 0, 0.0f64);
        let (mut by_storage, mut by_storage_agreeing, mut open_agreeing) = (0, 0, 0);
        let mut disagreeing = Vec::new();
        for outcome in &outcomes {
            for h in 0..scenario.hours() {
                for (z, zone) in scenario.zones.iter().enumerate() {
                    let ours = outcome.prices[[h, z]];
                    let tau = outcome.tau_eur_per_t;
                    let key = (format!("{tau}"), h, zone.clone());
                    let theirs = *reference
                        .get(&key)
                        .unwrap_or_else(|| panic!("{source} lacks {key:?}"));
                    if ours.unique {
                        let gap = (ours.price_eur_per_mwh - theirs).abs();
                        assert!(
                            gap <= 1e-3,
                            "{method:?} τ={tau} hour {h} {zone}: {} vs {theirs} ({source})",
                            ours.price_eur_per_mwh
                        );
                        worst = worst.max(gap);
                        unique += 1;
                    } else {
                        // Not unique: PyPSA's dual must still be one of the optimal duals.
                        assert!(
                            ours.lo_eur_per_mwh - 1e-3 <= theirs
                                && theirs <= ours.hi_eur_per_mwh + 1e-3,
                            "{method:?} τ={tau} hour {h} {zone}: {theirs} outside [{}, {}] ({source})",
                            ours.lo_eur_per_mwh,
                            ours.hi_eur_per_mwh
                        );
                        intervals += 1;
                        if (ours.price_eur_per_mwh - theirs).abs() <= 1e-3 {
                            open_agreeing += 1;
                        } else {
                            disagreeing.push((tau, h, z, ours.price_eur_per_mwh, theirs));
                        }
                        if let PriceSetter::Storage(_) = ours.setter {
                            by_storage += 1;
                            if (ours.price_eur_per_mwh - theirs).abs() <= 1e-3 {
                                by_storage_agreeing += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(
            unique + intervals,
            taus.len() * scenario.hours() * scenario.zones.len()
        );
        eprintln!(
            "{scenario_path}, {method:?}: {unique} unique prices compared with {source}, \
             largest gap {worst:e} €/MWh; {intervals} not unique, PyPSA's inside the interval; \
             {by_storage} set by storage, {by_storage_agreeing} of them equal to PyPSA's; \
             {open_agreeing} of the open ones equal to PyPSA's"
        );
        counts = Counts {
            unique,
            intervals,
            by_storage,
            by_storage_agreeing,
            open_agreeing,
            disagreeing,
        };
    }
    counts
}

/// A scenario of the repository.
fn scenario(path: &str) -> carbonpass::Scenario {
    carbonpass::input::load(&root().join(path))
        .unwrap()
        .scenario
}

/// The dispatch of `s` on the LP at each of its carbon prices.
fn lp_sweep(s: &carbonpass::Scenario) -> Vec<carbonpass::analysis::Outcome> {
    let options = SweepOptions {
        method: Method::Lp,
        jobs: None,
    };
    sweep(s, &s.carbon_prices_eur_per_t, &options, &|| {}).unwrap()
}

/// How many zone-hour prices differ between two sweeps at the same carbon prices.
fn prices_differing(
    a: &[carbonpass::analysis::Outcome],
    b: &[carbonpass::analysis::Outcome],
) -> usize {
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| x.prices.iter().zip(y.prices.iter()))
        .filter(|(x, y)| x.price_eur_per_mwh != y.price_eur_per_mwh)
        .count()
}

/// The interval of optimal duals of a zone-hour's balance, from the optimal cost's slopes:
/// to the right, one more MWh of load (ε of it); to the left, ε MWh given free by a unit
/// that runs in that hour only (the load may be 0, so it cannot be lowered).
fn optimal_dual_interval(
    scenario: &carbonpass::Scenario,
    tau: f64,
    hour: usize,
    zone: usize,
) -> (f64, f64) {
    use carbonpass::scenario::Availability;
    let eps = 1e-3;
    let cost = |s: &carbonpass::Scenario| {
        carbonpass::dispatch::lp::solve(s, tau)
            .unwrap()
            .system_cost_eur(s)
    };
    let base = cost(scenario);
    let mut more = scenario.clone();
    more.demand_mw[[hour, zone]] += eps;
    let right = (cost(&more) - base) / eps;
    let mut free = scenario.clone();
    let only = ndarray::Array2::from_shape_fn((free.hours(), 1), |(h, _)| f64::from(h == hour));
    free.profiles =
        ndarray::concatenate(ndarray::Axis(1), &[free.profiles.view(), only.view()]).unwrap();
    free.profile_names.push("only_this_hour".into());
    let profile = free.profile_names.len() - 1;
    // At a cost far below every other, so that it runs whole.
    free.units.push(
        carbonpass::Unit::fuelless("free", "free", eps, -1e4)
            .in_zone(zone)
            .with_availability(Availability::Profile(profile)),
    );
    let d = carbonpass::dispatch::lp::solve(&free, tau).unwrap();
    assert_eq!(d.generation_mw[[hour, free.units.len() - 1]], eps);
    let left = (base - (d.system_cost_eur(&free) + 1e4 * eps)) / eps;
    (left, right)
}

#[test]
fn the_example_week_agrees_with_pypsa() {
    let (unique, not_unique) = compare(
        "scenarios/de_week_2015.toml",
        "tests/reference/pypsa/de_week_2015_prices.csv",
    );
    assert!(
        unique >= 9 * (unique + not_unique) / 10,
        "only {unique} unique duals"
    );
}

#[test]
fn load_on_supply_steps_in_two_zones_agrees_with_pypsa() {
    let (unique, not_unique) = compare(
        "tests/fixtures/steps/steps.toml",
        "tests/reference/pypsa/steps_prices.csv",
    );
    assert!(
        unique > 0 && not_unique > 0,
        "the fixture must have both kinds of hours"
    );
}

#[test]
fn two_zones_joined_by_a_link_agree_with_pypsa() {
    let (unique, not_unique) = compare(
        "tests/fixtures/steps/steps_linked.toml",
        "tests/reference/pypsa/steps_linked_prices.csv",
    );
    assert!(unique > 0, "{unique} unique, {not_unique} not unique");
    // The link changes prices: some zone-hours differ from the unlinked fixture.
    let a = lp_sweep(&scenario("tests/fixtures/steps/steps_linked.toml"));
    let b = lp_sweep(&scenario("tests/fixtures/steps/steps.toml"));
    let differ = prices_differing(&a, &b);
    assert!(differ > 0, "the link changes no price");
}

#[test]
fn a_link_with_its_own_limit_in_each_direction_agrees_with_pypsa() {
    // 20 MW north → south, 50 MW back: PyPSA's Link with p_max_pu and p_min_pu.
    let (unique, not_unique) = compare(
        "tests/fixtures/steps/steps_directional.toml",
        "tests/reference/pypsa/steps_directional_prices.csv",
    );
    assert!(unique > 0, "{unique} unique, {not_unique} not unique");
    let a = lp_sweep(&scenario("tests/fixtures/steps/steps_directional.toml"));
    let b = lp_sweep(&scenario("tests/fixtures/steps/steps_linked.toml"));
    // The forward limit binds where the symmetric link carries more, and changes prices
    // there; the flow back reaches its own 50 MW.
    assert!(a.iter().any(|d| d.flow_mw.iter().any(|&f| f == 20.0)));
    assert!(a.iter().any(|d| d.flow_mw.iter().any(|&f| f == -50.0)));
    assert!(b.iter().any(|d| d.flow_mw.iter().any(|&f| f > 20.0)));
    let differ = prices_differing(&a, &b);
    assert!(differ > 0, "the directional limit changes no price");
}

#[test]
fn stores_in_zones_linked_with_a_limit_of_each_direction_agree_with_pypsa() {
    let path = "tests/fixtures/steps/steps_directional_storage.toml";
    let counts = compare_all(
        path,
        "tests/reference/pypsa/steps_directional_storage_prices.csv",
    );
    assert!(counts.unique > 0 && counts.by_storage > 0);
    // Where carbonpass's price (HiGHS's dual) and PyPSA's differ, the optimum does not fix
    // the dual: both lie in the interval of optimal duals, measured from the cost's slopes.
    let s = scenario(path);
    for &(tau, h, z, ours, theirs) in &counts.disagreeing {
        let (left, right) = optimal_dual_interval(&s, tau, h, z);
        eprintln!(
            "τ={tau} hour {h} zone {z}: carbonpass {ours}, PyPSA {theirs}, optimal duals \
             [{left}, {right}]"
        );
        assert!(
            right - left > 1e-3,
            "the dual is unique there: [{left}, {right}]"
        );
        for price in [ours, theirs] {
            assert!(
                left - 1e-6 <= price && price <= right + 1e-6,
                "{price} outside [{left}, {right}]"
            );
        }
    }
}

/// A linear demand curve in each zone-hour (a QP in both): PyPSA has no demand curves, so
/// the script gives each zone its quantity at price 0 as load and a generator per hour
/// that reduces it at the utility lost, quadratic in the reduction. Every price is then
/// unique (the curve pins it), and equal to PyPSA's.
#[test]
fn linear_demand_curves_with_links_and_stores_agree_with_pypsa() {
    let counts = compare_all(
        "tests/fixtures/steps/steps_linear_demand.toml",
        "tests/reference/pypsa/steps_linear_demand_prices.csv",
    );
    // 4 carbon prices × 6 hours × 2 zones, every one pinned (the zones of the hour
    // without load take their neighbour's curve's price over the link).
    assert_eq!((counts.unique, counts.intervals), (48, 0));
}

#[test]
fn two_zones_with_storage_agree_with_pypsa() {
    let counts = compare_all(
        "tests/fixtures/steps/steps_storage.toml",
        "tests/reference/pypsa/steps_storage_prices.csv",
    );
    assert!(counts.unique > 0 && counts.by_storage > 0);
    assert_eq!(counts.by_storage_agreeing, counts.by_storage);
    // Where the units leave the price open, the coupled hours' duals are PyPSA's too.
    assert_eq!(counts.open_agreeing, counts.intervals);
}

#[test]
fn the_example_week_with_pumped_storage_agrees_with_pypsa() {
    let counts = compare_all(
        "scenarios/de_week_2015_storage.toml",
        "tests/reference/pypsa/de_week_2015_storage_prices.csv",
    );
    assert!(counts.unique > 0 && counts.by_storage > 0);
    assert_eq!(counts.by_storage_agreeing, counts.by_storage);
    // Where the units leave the price open, the coupled hours' duals are PyPSA's too.
    assert_eq!(counts.open_agreeing, counts.intervals);
}

#[test]
fn must_run_and_ramping_limits_agree_with_pypsa() {
    // PyPSA: p_min_pu = must-run share × availability, ramp_limit_up/down = MW/h ÷ p_nom.
    let counts = compare_all(
        "tests/fixtures/steps/steps_inflexible.toml",
        "tests/reference/pypsa/steps_inflexible_prices.csv",
    );
    assert!(counts.unique > 0, "{} unique", counts.unique);
    // Where the units leave the price open (ramping, must-run surplus), HiGHS's dual is
    // reported, and it is PyPSA's.
    assert!(counts.intervals > 0);
    assert_eq!(counts.open_agreeing, counts.intervals);
}

#[test]
fn a_minimum_stable_load_with_start_up_costs_agrees_with_pypsa() {
    // PyPSA: committable, linearized_unit_commitment, p_min_pu = minimum stable share,
    // start_up_cost = € per MW × p_nom. Its horizon starts with the unit on where ours is
    // cyclic: in this fixture both start hour 0 without a start-up.
    // Hours 0 and 2 (gas sets the price) are compared exactly. Hour 1's price is set
    // through the start-ups: −40 at τ = 0 in both (unique, see tests/unit_constraints.rs);
    // at τ = 10 any price in [−31.5, −22.5] is optimal (one MW more keeps 2 MW online and
    // saves 2 × 30 of start-ups; one MW less costs 2 × 25.5 of gas), and the two solvers
    // take opposite ends: PyPSA's must lie in the units' interval, as everywhere.
    let counts = compare_all(
        "tests/fixtures/commitment/commitment.toml",
        "tests/reference/pypsa/commitment_prices.csv",
    );
    assert_eq!((counts.unique, counts.intervals), (6, 3));
    assert!(counts.open_agreeing >= 1, "τ = 0, hour 1: −40 in both");
}
