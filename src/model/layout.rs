//! Where each variable and each row of a stated LP sits, so that a solution (column
//! values and row duals, by index) reads back into the dispatch's arrays, and a kept
//! model can be changed in place for the next solve (costs for a carbon price, bounds for
//! a cap or a window's start).

use ndarray::Array2;

use super::{
    ramp_start_bounds, startup_start_rhs, storage_start_rhs, Boundary, Bounds, Groups, StoreGroups,
};
use crate::scenario::{Scenario, Storage};

/// Column and row indices of one stated LP.
#[derive(Debug, Clone)]
pub struct Layout {
    pub columns: usize,
    pub rows: usize,
    /// `[hour, group]` (see `Groups`); `None` where a group has no capacity.
    pub generation: Array2<Option<usize>>,
    /// The units of each generation column.
    pub groups: Groups,
    /// `[hour, link]`.
    pub flow: Array2<usize>,
    /// `[hour, group of stores]` (see `StoreGroups`).
    pub charge: Array2<usize>,
    pub discharge: Array2<usize>,
    pub state: Array2<usize>,
    /// `[hour, group of stores]`; `None` without inflow.
    pub spill: Array2<Option<usize>>,
    /// The stores of each group.
    pub store_groups: StoreGroups,
    /// `[hour, unit]`; `None` for units without commitment.
    pub online: Array2<Option<usize>>,
    pub started: Array2<Option<usize>>,
    /// `[hour, zone]`.
    pub shortage: Array2<usize>,
    /// Allowances bought at a cap's ceiling.
    pub bought: Option<usize>,
    /// Rows of the energy balances, `[hour, zone]`.
    pub balance: Array2<usize>,
    pub cap_row: Option<usize>,
    /// The performance standard's row, where the scenario has one.
    pub standard_row: Option<usize>,
    /// Rows whose bounds hold a window's start state.
    pub start_rows: StartRows,
    /// Load served on each zone-hour's demand curve, `[hour, zone]`; `None` for fixed
    /// load and where the load is 0.
    pub served: Array2<Option<usize>>,
    /// The Cournot players and their output, `[hour, player]`.
    pub players: Players,
    pub player_output: Array2<usize>,
    /// The diagonal of the objective's Hessian: `(column, entry)`, empty for an LP.
    pub hessian: Vec<(usize, f64)>,
}

/// The Cournot players: each firm in each zone it has units in, in order of the firms'
/// first units.
#[derive(Debug, Clone, PartialEq)]
pub struct Players {
    pub firm: Vec<usize>,
    pub zone: Vec<usize>,
    /// The player of each unit; `None` for the price-taking fringe.
    pub of_unit: Vec<Option<usize>>,
}

impl Players {
    pub fn of(scenario: &Scenario) -> Players {
        let mut players = Players {
            firm: Vec::new(),
            zone: Vec::new(),
            of_unit: Vec::with_capacity(scenario.units.len()),
        };
        for (unit, firm) in scenario.units.iter().zip(scenario.cournot_players()) {
            let player = firm.map(|f| {
                let same = |p: usize| players.firm[p] == f && players.zone[p] == unit.zone;
                (0..players.len()).find(|&p| same(p)).unwrap_or_else(|| {
                    players.firm.push(f);
                    players.zone.push(unit.zone);
                    players.len() - 1
                })
            });
            players.of_unit.push(player);
        }
        players
    }

    pub fn len(&self) -> usize {
        self.zone.len()
    }

    pub fn is_empty(&self) -> bool {
        self.zone.is_empty()
    }
}

/// The rows of a window's first hour that carry the state it starts from.
#[derive(Debug, Clone)]
pub struct StartRows {
    /// Per group of stores: its first-hour balance.
    pub storage: Vec<Option<usize>>,
    /// Per unit: its first-hour ramp rows, up and down.
    pub ramp: Vec<Option<(usize, usize)>>,
    /// Per unit: its first-hour start-up row.
    pub startup: Vec<Option<usize>>,
}

impl StartRows {
    pub(super) fn none(units: usize, stores: usize) -> Self {
        StartRows {
            storage: vec![None; stores],
            ramp: vec![None; units],
            startup: vec![None; units],
        }
    }
}

/// A solution read back into the dispatch's arrays, as the solver gives it (before any
/// snapping onto bounds).
#[derive(Debug, Clone)]
pub struct Values {
    /// MW, `[hour, unit]` (0 where a unit has no column).
    pub generation_mw: Array2<f64>,
    /// MW, `[hour, zone]`.
    pub unserved_mw: Array2<f64>,
    /// MW, `[hour, link]`.
    pub flow_mw: Array2<f64>,
    /// MW and MWh, `[hour, store]`.
    pub charge_mw: Array2<f64>,
    pub discharge_mw: Array2<f64>,
    pub state_of_charge_mwh: Array2<f64>,
    pub spill_mw: Array2<f64>,
    /// MW, `[hour, unit]` (0 for units without commitment).
    pub online_mw: Array2<f64>,
    pub startup_mw: Array2<f64>,
    /// Duals of the energy balances, €/MWh, `[hour, zone]`.
    pub balance_duals: Array2<f64>,
    /// Dual of the cap, € per tonne more of cap (≤ 0).
    pub cap_dual: Option<f64>,
    /// Dual of the standard's row, € per t (≤ 0 where it binds).
    pub standard_dual: Option<f64>,
    /// Load served on the demand curve, MW, `[hour, zone]` (where there is a curve; 0 in
    /// zone-hours without load).
    pub served_mw: Option<Array2<f64>>,
    /// Each Cournot player's output, MW, `[hour, player]`.
    pub player_output_mw: Array2<f64>,
}

impl Layout {
    /// The solution `columns` (values) and `row_duals` read into arrays; a group's
    /// output is split to its units pro rata to their available capacity (`bounds`), and
    /// a group of stores' operation to its stores pro rata to their limits, energy and
    /// inflow.
    pub fn read(
        &self,
        scenario: &Scenario,
        bounds: &Bounds,
        columns: &[f64],
        row_duals: &[f64],
    ) -> Values {
        let value = |col: &usize| columns[*col];
        let maybe = |col: &Option<usize>| col.map_or(0.0, |c| columns[c]);
        let stores = |cols: Array2<f64>, size: fn(&Storage) -> f64| {
            self.store_groups.split(&cols, size, scenario)
        };
        Values {
            generation_mw: (self.groups).split(&self.generation.map(maybe), &bounds.available_mw),
            unserved_mw: self.shortage.map(value),
            flow_mw: self.flow.map(value),
            charge_mw: stores(self.charge.map(value), |s| s.charge_power_mw),
            discharge_mw: stores(self.discharge.map(value), |s| s.power_mw),
            state_of_charge_mwh: stores(self.state.map(value), |s| s.energy_mwh),
            spill_mw: stores(self.spill.map(maybe), |s| s.inflow_mw),
            online_mw: self.online.map(maybe),
            startup_mw: self.started.map(maybe),
            balance_duals: self.balance.map(|row| row_duals[*row]),
            cap_dual: self.cap_row.map(|row| row_duals[row]),
            standard_dual: self.standard_row.map(|row| row_duals[row]),
            served_mw: (self.served.iter().any(Option::is_some)).then(|| self.served.map(maybe)),
            player_output_mw: self.player_output.map(value),
        }
    }

    /// The generation columns whose cost changes when the offers go from `before` to
    /// `offer` (€/MWh per unit), with their new cost.
    pub fn cost_changes(&self, before: &[f64], offer: &[f64]) -> Vec<(usize, f64)> {
        let mut changes = Vec::new();
        for (g, members) in self.groups.members.iter().enumerate() {
            let u = members[0];
            if offer[u] != before[u] {
                let columns = self.generation.column(g);
                changes.extend(columns.iter().flatten().map(|&c| (c, offer[u])));
            }
        }
        changes
    }

    /// The bounds `(row, lower, upper)` that make a window's first-hour rows start from
    /// `start`: the same values the statement gives them.
    pub fn start_bounds(&self, scenario: &Scenario, start: &Boundary) -> Vec<(usize, f64, f64)> {
        let mut bounds = Vec::new();
        let rows = &self.start_rows;
        for (i, row) in rows.storage.iter().enumerate() {
            if let Some(row) = *row {
                let rhs = storage_start_rhs(scenario, &self.store_groups, i, start);
                bounds.push((row, rhs, rhs));
            }
        }
        for (u, unit) in scenario.units.iter().enumerate() {
            if let (Some((up, down)), Some(ramp), Some(before)) =
                (rows.ramp[u], unit.ramp_mw_per_h(), &start.generation_mw)
            {
                let (lower, upper) = ramp_start_bounds(ramp, before[u]);
                bounds.push((up, f64::NEG_INFINITY, upper));
                bounds.push((down, lower, f64::INFINITY));
            }
            if let (Some(row), Some(online)) = (rows.startup[u], &start.online_mw) {
                bounds.push((row, startup_start_rhs(online[u]), f64::INFINITY));
            }
        }
        bounds
    }

    /// The bounds `(row, lower, upper)` of the cap row at `cap_t` tonnes.
    pub fn cap_bounds(&self, cap_t: f64) -> Option<(usize, f64, f64)> {
        self.cap_row.map(|row| (row, f64::NEG_INFINITY, cap_t))
    }
}
