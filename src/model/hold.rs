//! Generation columns held at a bound before the solver, from each zone-hour's band.
//!
//! Where only stores and links couple the hours, what a zone's own units (with shortage
//! at VOLL) give in an hour lies within [load − what its stores can discharge − what its
//! links can import, load + what its stores can charge + what its links can export]. Given
//! that total, the cheapest offers run first. So a column whose offer, with every cheaper
//! one and every column that might run whatever its offer (ramping, commitment), cannot
//! give even the band's low end runs at its available capacity; one whose cheaper offers
//! alone reach the band's high end stays at its must-run output. Both are held there: the
//! column stays in the LP (a warm model keeps its basis) with equal bounds, which HiGHS's
//! presolve removes on a cold solve. Which columns are held depends on the carbon price.
//!
//! A hold is exact only if the duals of the LP with it are optimal for the LP without:
//! after each solve, every held column's reduced cost (its offer less its zone-hour's
//! price) must say it would stay where it is held (≤ 0 at capacity, ≥ 0 at must-run, to
//! HiGHS's dual tolerance). Columns that fail are released and the LP is solved again
//! warm, until none fails. Then the solution is optimal for the LP as written.
//!
//! Asked for by `[solver] hold_columns = true`. The LP's optimum and every price it pins
//! are those of the LP as written; where the units leave a price open (an interval of
//! optimal duals), the solution can end on another vertex of the same cost than without
//! holds, and the price take another value inside that interval.
//!
//! Not held: demand curves and Cournot players (the load a zone serves is not fixed),
//! caps and performance standards (a row over every hour's output), and LPs stated
//! without reductions (`Bounds::unreduced`) or without `hold_columns`.

use ndarray::Array2;

use super::{Bounds, Layout, Players};
use crate::scenario::Scenario;

/// Where a generation column is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    Free,
    AtCapacity,
    AtMustRun,
}

/// HiGHS's dual feasibility tolerance: a reduced cost within it of the right sign passes.
const DUAL_TOLERANCE: f64 = 1e-7;

/// The hold of every generation column, `[hour, group]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub at: Array2<Hold>,
    /// Columns released after a solve because their reduced cost failed (counted over
    /// the life of this value).
    pub released: usize,
}

impl Held {
    /// Nothing held.
    pub fn none(bounds: &Bounds) -> Held {
        Held {
            at: Array2::from_elem(bounds.group_available_mw.dim(), Hold::Free),
            released: 0,
        }
    }

    /// The holds of the LP of `scenario` at `offer` (€/MWh per unit): none where the
    /// LP has a row over many hours' output (`capped`, a standard), a demand curve or
    /// players, or is stated without reductions.
    pub fn of(scenario: &Scenario, bounds: &Bounds, offer: &[f64], capped: bool) -> Held {
        let mut held = Held::none(bounds);
        let applies = bounds.hold
            && !capped
            && scenario.standard.is_none()
            && scenario.demand_curve.is_none()
            && Players::of(scenario).is_empty();
        if applies {
            for zone in 0..scenario.zones.len() {
                held.hold_zone(scenario, bounds, offer, zone);
            }
        }
        held
    }

    fn hold_zone(&mut self, scenario: &Scenario, bounds: &Bounds, offer: &[f64], zone: usize) {
        let groups = &bounds.groups;
        let first = |g: usize| groups.members[g][0];
        let in_zone: Vec<usize> = (0..groups.len())
            .filter(|&g| scenario.units[first(g)].zone == zone)
            .collect();
        // Columns that may run whatever their offer: a limit of their own ties the hours.
        let (own, mut merit): (Vec<usize>, Vec<usize>) =
            (in_zone.into_iter()).partition(|&g| scenario.units[first(g)].ties_hours());
        merit.sort_by(|&a, &b| offer[first(a)].total_cmp(&offer[first(b)]).then(a.cmp(&b)));
        let (mut import, mut export) = (0.0, 0.0);
        for link in &scenario.links {
            if link.to == zone {
                import += link.capacity_mw;
                export += link.capacity_reverse_mw;
            } else if link.from == zone {
                export += link.capacity_mw;
                import += link.capacity_reverse_mw;
            }
        }
        let in_stores = scenario.storage.iter().filter(|s| s.zone == zone);
        let (discharge, charge) = in_stores.fold((0.0, 0.0), |(d, c), s| {
            (d + s.power_mw, c + s.charge_power_mw)
        });
        let voll = scenario.market.voll_eur_per_mwh;
        let (must_run, available) = (&bounds.group_must_run_mw, &bounds.group_available_mw);
        let headroom = |h: usize, g: usize| available[[h, g]] - must_run[[h, g]];
        for h in 0..self.at.nrows() {
            let load = scenario.demand_mw[[h, zone]];
            let (low, high) = (load - discharge - import, load + charge + export);
            let all_must_run: f64 = merit.iter().chain(&own).map(|&g| must_run[[h, g]]).sum();
            let own_headroom: f64 = own.iter().map(|&g| headroom(h, g)).sum();
            // Headroom of the merit columns with offers below the current tie block's.
            let mut cheaper = 0.0;
            let mut k = 0;
            while k < merit.len() {
                let price = offer[first(merit[k])];
                let end = k + merit[k..]
                    .iter()
                    .take_while(|&&g| offer[first(g)] == price)
                    .count();
                let block: f64 = merit[k..end].iter().map(|&g| headroom(h, g)).sum();
                let shortage = if voll <= price { load } else { 0.0 };
                let at_most = all_must_run + own_headroom + cheaper + block + shortage;
                let hold = if at_most <= low {
                    Hold::AtCapacity
                } else if all_must_run + cheaper >= high {
                    Hold::AtMustRun
                } else {
                    Hold::Free
                };
                for &g in &merit[k..end] {
                    if available[[h, g]] > must_run[[h, g]] {
                        self.at[[h, g]] = hold;
                    }
                }
                cheaper += block;
                k = end;
            }
        }
    }

    /// How many columns are held.
    pub fn count(&self) -> usize {
        self.at.iter().filter(|&&h| h != Hold::Free).count()
    }

    /// The bounds of group `g`'s column in hour `h`, MW.
    pub fn column_bounds(&self, bounds: &Bounds, h: usize, g: usize) -> (f64, f64) {
        let (lower, upper) = stated_bounds(bounds, h, g);
        match self.at[[h, g]] {
            Hold::Free => (lower, upper),
            Hold::AtCapacity => (upper, upper),
            Hold::AtMustRun => (lower, lower),
        }
    }

    /// The column bounds `(column, lower, upper)` that turn a model stated (or last
    /// changed) with the holds of `before` into one with these.
    pub fn changes_from(
        &self,
        before: &Held,
        layout: &Layout,
        bounds: &Bounds,
    ) -> Vec<(usize, f64, f64)> {
        let mut changes = Vec::new();
        for ((h, g), hold) in self.at.indexed_iter() {
            if let (true, Some(col)) = (*hold != before.at[[h, g]], layout.generation[[h, g]]) {
                let (lower, upper) = self.column_bounds(bounds, h, g);
                changes.push((col, lower, upper));
            }
        }
        changes
    }

    /// Releases every held column whose reduced cost at `row_duals` fails (see the module
    /// notes) and returns their bounds as stated without the hold.
    pub fn release_failing(
        &mut self,
        scenario: &Scenario,
        layout: &Layout,
        bounds: &Bounds,
        offer: &[f64],
        row_duals: &[f64],
    ) -> Vec<(usize, f64, f64)> {
        let mut changes = Vec::new();
        let groups = &bounds.groups;
        for ((h, g), hold) in self.at.indexed_iter_mut() {
            if *hold == Hold::Free {
                continue;
            }
            let u = groups.members[g][0];
            let price = row_duals[layout.balance[[h, scenario.units[u].zone]]];
            let reduced_cost = offer[u] - price;
            let fails = match hold {
                Hold::AtCapacity => reduced_cost > DUAL_TOLERANCE,
                _ => reduced_cost < -DUAL_TOLERANCE,
            };
            if let (true, Some(col)) = (fails, layout.generation[[h, g]]) {
                *hold = Hold::Free;
                self.released += 1;
                let (lower, upper) = stated_bounds(bounds, h, g);
                changes.push((col, lower, upper));
            }
        }
        changes
    }
}

/// The bounds of group `g`'s column in hour `h` without a hold: must-run to available, MW.
fn stated_bounds(bounds: &Bounds, h: usize, g: usize) -> (f64, f64) {
    (
        bounds.group_must_run_mw[[h, g]],
        bounds.group_available_mw[[h, g]],
    )
}
