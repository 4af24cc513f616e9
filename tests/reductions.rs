//! Exact reductions of the LP before the solver: units the LP cannot tell apart (same
//! zone, technology, fuel, offer, intensity, must-run share and availability, no
//! constraint of their own) share one column, and their output is split back pro rata
//! to their available capacity; stores alike up to size (same zone, efficiency and
//! inflow profile, charge limit, energy and inflow the same multiple of power) are one
//! store, their operation split back pro rata. The reduced LP must give the optimum of
//! the LP as written: the same system cost, every price that either pins the same, every
//! unit and store within its bounds and every zone-hour balanced. Columns held at a bound
//! from their zone-hour's band (`Held`) must give it too, released where their reduced
//! cost fails.

use carbonpass::dispatch::lp::solve_with_bounds;
use carbonpass::dispatch::warm::Chain;
use carbonpass::dispatch::Dispatch;
use carbonpass::model::{Bounds, Groups, Held, Hold, Request, StoreGroups};
use carbonpass::scenario::{Link, Storage};
use carbonpass::{Scenario, Unit};

mod common;
use common::{assert_close, with_storage};

use proptest::prelude::*;

/// `s` with `copies[i]` identical copies of unit i added (a share `split` of its capacity
/// moved to each copy), and, where `linked`, a second zone holding a copy of every unit
/// and the load, joined by a link of `link_mw`.
fn with_copies(mut s: Scenario, copies: &[usize], split: f64, linked: Option<f64>) -> Scenario {
    let mut units: Vec<Unit> = Vec::new();
    for (u, unit) in s.units.iter().enumerate() {
        let n = copies.get(u).copied().unwrap_or(0);
        let mut first = unit.clone();
        first.capacity_mw *= 1.0 - split * n as f64 / (n as f64 + 1.0);
        units.push(first);
        for k in 0..n {
            let mut copy = unit.clone();
            copy.name = format!("{}_copy{k}", unit.name);
            copy.capacity_mw *= split / (n as f64 + 1.0);
            units.push(copy);
        }
    }
    s.units = units;
    if let Some(link_mw) = linked {
        s.zones.push("other".into());
        let load = s.demand_mw.column(0).to_owned();
        s.demand_mw = ndarray::stack![ndarray::Axis(1), load, load.mapv(|d| 0.7 * d)];
        let others: Vec<Unit> = (s.units.iter())
            .map(|u| {
                let mut o = u.clone().in_zone(1);
                o.name = format!("{}_other", u.name);
                o.capacity_mw *= 0.8;
                o
            })
            .collect();
        s.units.extend(others);
        s.links = vec![Link::both_ways(0, 1, link_mw)];
    }
    s
}

fn assert_same_optimum(s: &Scenario, reduced: &Dispatch, full: &Dispatch, what: &str) {
    assert_close(
        reduced.system_cost_eur(s),
        full.system_cost_eur(s),
        1e-9,
        what,
    );
    for (h, (p, q)) in reduced.prices.iter().zip(full.prices.iter()).enumerate() {
        if p.unique || q.unique {
            let (a, b) = (p.price_eur_per_mwh, q.price_eur_per_mwh);
            assert_close(a, b, 1e-9, &format!("{what}: price {h}: {p:?} vs {q:?}"));
        }
    }
    let available = s.hourly_available_mw();
    let must_run = s.hourly_must_run_mw();
    for ((h, u), &g) in reduced.generation_mw.indexed_iter() {
        let tol = 1e-6 * available[[h, u]].max(1.0);
        assert!(
            g >= must_run[[h, u]] - tol && g <= available[[h, u]] + tol,
            "{what}: unit {u} hour {h}: {g} outside [{}, {}]",
            must_run[[h, u]],
            available[[h, u]]
        );
    }
    for h in 0..s.hours() {
        for z in 0..s.zones.len() {
            let mut supply = reduced.unserved_mw[[h, z]];
            for (u, unit) in s.units.iter().enumerate() {
                if unit.zone == z {
                    supply += reduced.generation_mw[[h, u]];
                }
            }
            for (i, store) in s.storage.iter().enumerate() {
                if store.zone == z {
                    supply +=
                        reduced.storage.discharge_mw[[h, i]] - reduced.storage.charge_mw[[h, i]];
                }
            }
            for (l, link) in s.links.iter().enumerate() {
                let f = reduced.flow_mw[[h, l]];
                supply += if link.to == z {
                    f
                } else if link.from == z {
                    -f
                } else {
                    0.0
                };
            }
            let load = s.demand_mw[[h, z]];
            assert!(
                (supply - load).abs() <= 1e-6 * load.max(1.0),
                "{what}: zone {z} hour {h}: {supply} vs load {load}"
            );
        }
    }
}

/// `s` with its store split into `sizes.len() + 1` stores alike up to size (the first
/// keeps what the others leave), and a store that is not alike (another efficiency).
fn with_store_copies(mut s: Scenario, sizes: &[f64]) -> Scenario {
    let store = s.storage[0].clone();
    let total: f64 = 1.0 + sizes.iter().sum::<f64>();
    let scaled = |k: f64, name: String| Storage {
        name,
        power_mw: store.power_mw * k / total,
        charge_power_mw: store.charge_power_mw * k / total,
        energy_mwh: store.energy_mwh * k / total,
        inflow_mw: store.inflow_mw * k / total,
        ..store.clone()
    };
    s.storage = vec![scaled(1.0, store.name.clone())];
    for (k, &size) in sizes.iter().enumerate() {
        s.storage
            .push(scaled(size, format!("{}_copy{k}", store.name)));
    }
    let mut other = scaled(0.5, "other".into());
    other.efficiency_roundtrip = 0.5 * (store.efficiency_roundtrip + 0.5);
    s.storage.push(other);
    s
}

/// Every store of `d` within its limits and its own balance, hour by hour (cyclic).
fn assert_stores_feasible(s: &Scenario, d: &Dispatch, what: &str) {
    let st = &d.storage;
    for (i, store) in s.storage.iter().enumerate() {
        let tol = 1e-6 * (store.energy_mwh + store.power_mw).max(1.0);
        for h in 0..s.hours() {
            let (c, x, e) = (
                st.charge_mw[[h, i]],
                st.discharge_mw[[h, i]],
                st.state_of_charge_mwh[[h, i]],
            );
            assert!(
                c >= -tol && c <= store.charge_power_mw + tol,
                "{what}: {} charge {h}: {c}",
                store.name
            );
            assert!(
                x >= -tol && x <= store.power_mw + tol,
                "{what}: {} discharge {h}: {x}",
                store.name
            );
            assert!(
                e >= -tol && e <= store.energy_mwh + tol,
                "{what}: {} state {h}: {e}",
                store.name
            );
            let before = st.state_of_charge_mwh[[(h + s.hours() - 1) % s.hours(), i]];
            let moved =
                store.efficiency_roundtrip * c - x + s.inflow_mw(i, h) - st.spill_mw[[h, i]];
            assert!(
                (e - before - moved).abs() <= tol,
                "{what}: {} balance {h}: {e} − {before} vs {moved}",
                store.name
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn stores_alike_up_to_size_as_one_give_the_optimum_of_the_lp_as_written(
        s in with_storage(),
        sizes in prop::collection::vec(0.1..3.0f64, 1..4),
        linked in prop_oneof![Just(None), (0.0..150.0f64).prop_map(Some)],
        tau in prop_oneof![Just(0.0), 0.0..120.0f64],
    ) {
        let s = with_store_copies(with_copies(s, &[], 0.5, linked), &sizes);
        let groups = StoreGroups::of(&s);
        // The copies join the first store; the store of another efficiency does not.
        prop_assert_eq!(groups.len(), 2);
        prop_assert_eq!(groups.merged(), sizes.len());
        let reduced = solve_with_bounds(&s, tau, None, &Bounds::of(&s)).unwrap();
        let full = solve_with_bounds(&s, tau, None, &Bounds::unreduced(&s)).unwrap();
        let what = format!("τ={tau}, {} stores merged", groups.merged());
        assert_same_optimum(&s, &reduced, &full, &what);
        assert_stores_feasible(&s, &reduced, &what);
    }

    #[test]
    fn identical_units_in_one_column_give_the_optimum_of_the_lp_as_written(
        s in with_storage(),
        copies in prop::collection::vec(0usize..3, 8),
        split in 0.2..0.8f64,
        linked in prop_oneof![Just(None), (0.0..150.0f64).prop_map(Some)],
        tau in prop_oneof![Just(0.0), 0.0..120.0f64],
    ) {
        let s = with_copies(s, &copies, split, linked);
        let groups = Groups::of(&s);
        let reduced = solve_with_bounds(&s, tau, None, &Bounds::of(&s)).unwrap();
        let full = solve_with_bounds(&s, tau, None, &Bounds::unreduced(&s)).unwrap();
        assert_same_optimum(&s, &reduced, &full, &format!("τ={tau}, {} merged", groups.merged()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A warm chain over carbon prices holds columns from each price's band and must
    /// give, at every price, the optimum of the LP as written solved cold.
    #[test]
    fn held_columns_give_the_optimum_of_the_lp_as_written_cold_and_warm(
        // Without a store a single zone's band is its load: every column is held.
        s in prop_oneof![with_storage(), common::scenario_strategy()],
        linked in prop_oneof![Just(None), (0.0..150.0f64).prop_map(Some)],
        taus in prop::collection::vec(0.0..120.0f64, 1..4),
    ) {
        let mut s = with_copies(s, &[], 0.5, linked);
        s.hold_columns = true;
        let mut chain = Chain::new(&s);
        for &tau in &taus {
            let full = solve_with_bounds(&s, tau, None, &Bounds::unreduced(&s)).unwrap();
            let cold = solve_with_bounds(&s, tau, None, &Bounds::of(&s)).unwrap();
            assert_same_optimum(&s, &cold, &full, &format!("cold, τ={tau}"));
            let warm = chain.solve(tau).unwrap();
            assert_same_optimum(&s, &warm, &full, &format!("warm, τ={tau} of {taus:?}"));
            assert_stores_feasible(&s, &warm, &format!("warm, τ={tau}"));
        }
    }
}

/// Three blocks of 100 MW at 10, 20 and 30 €/MWh, a load of 150 MW and a store of 20 MW
/// each way: the band is [130, 170] MW, so the cheapest block always runs full and the
/// dearest never runs.
fn banded() -> Scenario {
    let mut s = Scenario::single_zone(
        "banded",
        &[150.0, 150.0, 150.0, 150.0],
        vec![
            Unit::fuelless("cheap", "nuclear", 100.0, 10.0),
            Unit::fuelless("middle", "biomass", 100.0, 20.0),
            Unit::fuelless("dear", "oil", 100.0, 30.0),
        ],
    );
    s.storage = vec![Storage::battery("store", 20.0, 40.0, 0.8)];
    s.hold_columns = true;
    s
}

#[test]
fn a_band_holds_the_blocks_it_settles_and_the_lp_gives_the_same_optimum() {
    let s = banded();
    let bounds = Bounds::of(&s);
    let held = Held::of(&s, &bounds, &s.offers(0.0), false);
    for h in 0..4 {
        assert_eq!(held.at[[h, 0]], Hold::AtCapacity, "cheap, hour {h}");
        assert_eq!(held.at[[h, 1]], Hold::Free, "middle, hour {h}");
        assert_eq!(held.at[[h, 2]], Hold::AtMustRun, "dear, hour {h}");
    }
    assert_eq!(held.count(), 8);
    // 40 MW more storage power widens the band to [90, 210]: the cheapest block alone
    // could give all of the low end, and the two cheaper not all of the high end, so
    // nothing is held.
    let mut wider = s.clone();
    wider.storage[0].power_mw = 60.0;
    wider.storage[0].charge_power_mw = 60.0;
    let bounds_wider = Bounds::of(&wider);
    assert_eq!(
        Held::of(&wider, &bounds_wider, &wider.offers(0.0), false).count(),
        0
    );
    // Under a cap, without reductions or where the scenario does not ask, nothing is held.
    assert_eq!(Held::of(&s, &bounds, &s.offers(0.0), true).count(), 0);
    assert_eq!(
        Held::of(&s, &Bounds::unreduced(&s), &s.offers(0.0), false).count(),
        0
    );
    let mut unasked = s.clone();
    unasked.hold_columns = false;
    let bounds_unasked = Bounds::of(&unasked);
    assert_eq!(
        Held::of(&unasked, &bounds_unasked, &s.offers(0.0), false).count(),
        0
    );
    let reduced = solve_with_bounds(&s, 0.0, None, &bounds).unwrap();
    let full = solve_with_bounds(&s, 0.0, None, &Bounds::unreduced(&s)).unwrap();
    assert_same_optimum(&s, &reduced, &full, "banded");
    for h in 0..4 {
        assert_close(
            reduced.generation_mw[[h, 0]],
            100.0,
            1e-12,
            "cheap runs full",
        );
        assert_close(reduced.generation_mw[[h, 2]], 0.0, 1e-12, "dear stays off");
    }
}

#[test]
fn a_held_column_whose_reduced_cost_fails_is_released_to_its_own_bounds() {
    let s = banded();
    let bounds = Bounds::of(&s);
    let offer = s.offers(0.0);
    let mut held = Held::of(&s, &bounds, &offer, false);
    let (_, layout) = carbonpass::model::state(
        &Request {
            scenario: &s,
            bounds: &bounds,
            offer_eur_per_mwh: &offer,
            held: &held,
            cap: None,
            start: None,
        },
        good_lp::highs,
    );
    let balance = |h: usize| layout.balance[[h, 0]];
    let column = |h: usize, g: usize| layout.generation[[h, g]].unwrap();
    // Prices of 15 €/MWh in every hour agree with both holds (10 ≤ 15 ≤ 30).
    let mut duals = vec![0.0; layout.rows];
    for h in 0..4 {
        duals[balance(h)] = 15.0;
    }
    assert!(held
        .release_failing(&s, &layout, &bounds, &offer, &duals)
        .is_empty());
    // Hour 1 at 5 €/MWh: the cheapest block would rather not run (10 > 5); hour 2 at
    // 35: the dearest would (30 < 35). Both are released to [0, 100], nothing else.
    duals[balance(1)] = 5.0;
    duals[balance(2)] = 35.0;
    let mut released = held.release_failing(&s, &layout, &bounds, &offer, &duals);
    released.sort_by_key(|c| c.0);
    let mut want = vec![(column(1, 0), 0.0, 100.0), (column(2, 2), 0.0, 100.0)];
    want.sort_by_key(|c| c.0);
    assert_eq!(released, want);
    assert_eq!(held.released, 2);
    assert_eq!(held.count(), 6);
    assert_eq!((held.at[[1, 0]], held.at[[2, 2]]), (Hold::Free, Hold::Free));
}

#[test]
fn copies_share_a_column_and_their_output_is_split_pro_rata() {
    // Coal split in three identical blocks of 50, 30 and 20 MW: one column; gas and the
    // coal block with a ramping limit have columns of their own.
    let s = Scenario::single_zone(
        "copies",
        &[60.0, 130.0],
        vec![
            Unit::thermal("coal_a", "hard_coal", "coal", 50.0, 0.4, 10.0, 0.34, 0.0),
            Unit::thermal("gas", "ccgt", "gas", 100.0, 0.55, 25.0, 0.202, 0.0),
            Unit::thermal("coal_b", "hard_coal", "coal", 30.0, 0.4, 10.0, 0.34, 0.0),
            Unit::thermal("coal_c", "hard_coal", "coal", 20.0, 0.4, 10.0, 0.34, 0.0),
            Unit::thermal("coal_r", "hard_coal", "coal", 20.0, 0.4, 10.0, 0.34, 0.0)
                .with_ramp(100.0),
        ],
    );
    let groups = Groups::of(&s);
    assert_eq!(groups.members, vec![vec![0, 2, 3], vec![1], vec![4]]);
    assert_eq!(groups.merged(), 2);
    let d = solve_with_bounds(&s, 0.0, None, &Bounds::of(&s)).unwrap();
    // Hour 0: 60 MW of coal among 120 MW of identical coal: each block at half its
    // capacity whatever the LP would have picked among equals (here coal_r shares the
    // cost: the four coal units together give 60).
    let coal: f64 = [0, 2, 3, 4].iter().map(|&u| d.generation_mw[[0, u]]).sum();
    assert_close(coal, 60.0, 1e-9, "coal in hour 0");
    let (a, b, c) = (
        d.generation_mw[[0, 0]],
        d.generation_mw[[0, 2]],
        d.generation_mw[[0, 3]],
    );
    assert_close(a / 50.0, b / 30.0, 1e-12, "pro rata a/b");
    assert_close(b / 30.0, c / 20.0, 1e-12, "pro rata b/c");
    // Hour 1: all coal runs, gas sets the price.
    assert_close(
        d.prices[[1, 0]].price_eur_per_mwh,
        25.0 / 0.55,
        1e-12,
        "gas's price",
    );
}

#[test]
fn stores_alike_up_to_size_are_one_store_and_split_pro_rata() {
    // Two pumped stores of 5 h at η = 0.75, 60 and 20 MW, one of 3 h, and a battery of
    // 5 h at η = 0.9: the first two are one store, 80 MW / 400 MWh.
    let units = common::hand_scenario().units;
    let mut s = Scenario::single_zone("stores", &[90.0, 250.0, 90.0, 250.0], units);
    s.storage = vec![
        Storage::battery("a", 60.0, 300.0, 0.75),
        Storage::battery("b", 20.0, 100.0, 0.75),
        Storage::battery("short", 20.0, 60.0, 0.75),
        Storage::battery("battery", 20.0, 100.0, 0.9),
    ];
    let groups = StoreGroups::of(&s);
    assert_eq!(groups.members, vec![vec![0, 1], vec![2], vec![3]]);
    let d = solve_with_bounds(&s, 0.0, None, &Bounds::of(&s)).unwrap();
    for h in 0..4 {
        let st = &d.storage;
        assert_close(
            st.discharge_mw[[h, 0]],
            3.0 * st.discharge_mw[[h, 1]],
            1e-12,
            "discharge 3:1",
        );
        assert_close(
            st.charge_mw[[h, 0]],
            3.0 * st.charge_mw[[h, 1]],
            1e-12,
            "charge 3:1",
        );
        assert_close(
            st.state_of_charge_mwh[[h, 0]],
            3.0 * st.state_of_charge_mwh[[h, 1]],
            1e-12,
            "state 3:1",
        );
    }
    assert_stores_feasible(&s, &d, "hand");
    let full = solve_with_bounds(&s, 0.0, None, &Bounds::unreduced(&s)).unwrap();
    assert_same_optimum(&s, &d, &full, "hand");
}
