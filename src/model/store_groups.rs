//! Stores the LP cannot tell apart up to their size, stated as one store: stores of one
//! zone with the same round-trip efficiency and inflow profile whose charge limit,
//! energy and inflow are the same multiple of their discharge limit. The feasible
//! operation of such stores together is that of one store k times the size of each
//! (k·S + m·S = (k + m)·S for a convex set S), so the reduced LP has the same optimum and
//! the same duals; each hour's charge, discharge, state of charge and spill are split
//! back pro rata to the members' charge limit, discharge limit, energy and inflow, which
//! keeps every member within its limits and its own balance. Dispa-SET gives one
//! energy-to-power ratio and one efficiency per country and kind of store, so a country's
//! pumped-storage plants are one store, and its reservoirs another.

use ndarray::Array2;

use crate::scenario::{Scenario, Storage};

/// Stores grouped into one LP store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreGroups {
    /// The group of each store.
    pub of_store: Vec<usize>,
    /// The stores of each group, in file order; groups in order of their first store.
    pub members: Vec<Vec<usize>>,
}

/// How far two stores' ratios to their discharge limit may differ, relative, and still
/// be one store: the rounding of the numbers as written (an energy computed as power ×
/// hours and written in full differs from the ratio in its last bits), far inside the
/// solver's feasibility tolerance (1e-7).
const SAME_RATIO: f64 = 1e-12;

/// Charge limit, energy and inflow per MW of discharge limit.
fn ratios(store: &Storage) -> [f64; 3] {
    let p = store.power_mw;
    [
        store.charge_power_mw / p,
        store.energy_mwh / p,
        store.inflow_mw / p,
    ]
}

/// Whether `a` and `b` are one store up to size.
fn alike(a: &Storage, b: &Storage) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= SAME_RATIO * x.abs().max(y.abs());
    a.zone == b.zone
        && a.efficiency_roundtrip.to_bits() == b.efficiency_roundtrip.to_bits()
        && a.inflow_profile == b.inflow_profile
        && a.power_mw > 0.0
        && b.power_mw > 0.0
        && ratios(a).iter().zip(ratios(b)).all(|(&x, y)| close(x, y))
}

/// One store standing for a group: the members' limits, energy and inflow summed.
#[derive(Debug, Clone, PartialEq)]
pub struct Pooled {
    pub zone: usize,
    pub power_mw: f64,
    pub charge_power_mw: f64,
    pub energy_mwh: f64,
    pub efficiency_roundtrip: f64,
}

impl StoreGroups {
    pub fn of(scenario: &Scenario) -> StoreGroups {
        let mut groups = StoreGroups {
            of_store: Vec::with_capacity(scenario.storage.len()),
            members: Vec::new(),
        };
        for (i, store) in scenario.storage.iter().enumerate() {
            let found = (groups.members.iter()).position(|m| alike(&scenario.storage[m[0]], store));
            let g = found.unwrap_or_else(|| {
                groups.members.push(Vec::new());
                groups.members.len() - 1
            });
            groups.members[g].push(i);
            groups.of_store.push(g);
        }
        groups
    }

    /// Every store a group of its own.
    pub fn singletons(stores: usize) -> StoreGroups {
        StoreGroups {
            of_store: (0..stores).collect(),
            members: (0..stores).map(|i| vec![i]).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Stores merged into another's group.
    pub fn merged(&self) -> usize {
        self.of_store.len() - self.members.len()
    }

    /// The store that group `g` is to the LP.
    pub fn pooled(&self, scenario: &Scenario, g: usize) -> Pooled {
        let members = &self.members[g];
        let first = &scenario.storage[members[0]];
        let sum = |f: fn(&Storage) -> f64| members.iter().map(|&i| f(&scenario.storage[i])).sum();
        Pooled {
            zone: first.zone,
            power_mw: sum(|s| s.power_mw),
            charge_power_mw: sum(|s| s.charge_power_mw),
            energy_mwh: sum(|s| s.energy_mwh),
            efficiency_roundtrip: first.efficiency_roundtrip,
        }
    }

    /// The natural inflow of group `g` in `hour`, MW.
    pub fn inflow_mw(&self, scenario: &Scenario, g: usize, hour: usize) -> f64 {
        self.members[g]
            .iter()
            .map(|&i| scenario.inflow_mw(i, hour))
            .sum()
    }

    /// Each group's values `[hour, group]` split to its members pro rata to `size` (one
    /// number per store: the limit or amount the values are part of), `[hour, store]`.
    pub fn split(
        &self,
        per_group: &Array2<f64>,
        size: impl Fn(&Storage) -> f64,
        scenario: &Scenario,
    ) -> Array2<f64> {
        let stores = self.of_store.len();
        let mut out = Array2::zeros((per_group.nrows(), stores));
        for (g, members) in self.members.iter().enumerate() {
            let total: f64 = members.iter().map(|&i| size(&scenario.storage[i])).sum();
            for &i in members {
                let share = match members.len() {
                    1 => 1.0,
                    _ if total > 0.0 => size(&scenario.storage[i]) / total,
                    _ => 0.0,
                };
                for h in 0..per_group.nrows() {
                    out[[h, i]] = per_group[[h, g]] * share;
                }
            }
        }
        out
    }
}
