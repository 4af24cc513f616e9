//! Units the LP cannot tell apart, stated as one column per hour: units of one zone,
//! technology and fuel with the same offer at every carbon price (cost without carbon,
//! net intensity, markup), the same covered intensity, must-run share and availability,
//! and no constraint of their own (ramping, commitment), and under Cournot the same firm.
//! Their columns would be identical in every row and in the objective, so the reduced LP
//! has the same optimum and the same duals; each hour's output is split back pro rata to the members' available capacity,
//! which every member's bounds allow. Dispa-SET's plant lists (one efficiency per fuel)
//! have many such units, and the simplex is much faster without the ties they make.

use ndarray::Array2;

use crate::scenario::{Availability, Scenario, Unit};

/// Units grouped into LP columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    /// The group of each unit.
    pub of_unit: Vec<usize>,
    /// The units of each group, in unit order; groups in order of their first unit.
    pub members: Vec<Vec<usize>>,
}

/// What must be equal for two units to share a column (numbers by their bits).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    zone: usize,
    technology: String,
    fuel: String,
    numbers: [u64; 5],
    availability: (bool, u64),
    outside_ets: bool,
    must_run_profile: Option<usize>,
    /// The unit's Cournot firm: a firm's units are one player, apart from others'.
    firm: Option<usize>,
}

fn key(unit: &Unit, firm: Option<usize>) -> Option<Key> {
    if unit.ties_hours() {
        return None;
    }
    Some(Key {
        zone: unit.zone,
        technology: unit.technology.clone(),
        fuel: unit.fuel.clone(),
        numbers: [
            unit.fuel_and_vom_cost_eur_per_mwh().to_bits(),
            unit.net_intensity_t_per_mwh().to_bits(),
            unit.covered_intensity_t_per_mwh().to_bits(),
            unit.markup().to_bits(),
            unit.must_run_share().to_bits(),
        ],
        availability: match unit.availability {
            Availability::Constant(f) => (false, f.to_bits()),
            Availability::Profile(p) => (true, p as u64),
        },
        outside_ets: unit.outside_ets,
        must_run_profile: unit.must_run_profile,
        firm,
    })
}

impl Groups {
    pub fn of(scenario: &Scenario) -> Groups {
        let mut keys: Vec<Option<Key>> = Vec::new();
        let mut groups = Groups {
            of_unit: Vec::with_capacity(scenario.units.len()),
            members: Vec::new(),
        };
        let firms = scenario.cournot_players();
        for (u, unit) in scenario.units.iter().enumerate() {
            let k = key(unit, firms[u]);
            let found = k
                .as_ref()
                .and_then(|k| keys.iter().position(|other| other.as_ref() == Some(k)));
            let g = found.unwrap_or_else(|| {
                keys.push(k);
                groups.members.push(Vec::new());
                groups.members.len() - 1
            });
            groups.members[g].push(u);
            groups.of_unit.push(g);
        }
        groups
    }

    /// Every unit a group of its own.
    pub fn singletons(units: usize) -> Groups {
        Groups {
            of_unit: (0..units).collect(),
            members: (0..units).map(|u| vec![u]).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Units merged into another's column.
    pub fn merged(&self) -> usize {
        self.of_unit.len() - self.members.len()
    }

    /// The sum over each group's members of a `[hour, unit]` array, `[hour, group]`.
    pub fn sum(&self, per_unit: &Array2<f64>) -> Array2<f64> {
        Array2::from_shape_fn((per_unit.nrows(), self.len()), |(h, g)| {
            match self.members[g].as_slice() {
                [one] => per_unit[[h, *one]],
                many => many.iter().map(|&u| per_unit[[h, u]]).sum(),
            }
        })
    }

    /// Each group's output `[hour, group]` split to its members pro rata to their
    /// available capacity `[hour, unit]`, `[hour, unit]`.
    pub fn split(&self, per_group: &Array2<f64>, available_mw: &Array2<f64>) -> Array2<f64> {
        let mut out = Array2::zeros(available_mw.raw_dim());
        for (g, members) in self.members.iter().enumerate() {
            for h in 0..per_group.nrows() {
                match members.as_slice() {
                    [one] => out[[h, *one]] = per_group[[h, g]],
                    many => {
                        let total: f64 = many.iter().map(|&u| available_mw[[h, u]]).sum();
                        if total > 0.0 {
                            for &u in many {
                                out[[h, u]] = per_group[[h, g]] * (available_mw[[h, u]] / total);
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
