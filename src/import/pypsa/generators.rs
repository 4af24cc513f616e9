//! Generators into units, loads into demand.

use std::collections::{BTreeMap, HashMap};

use super::frame::{active_rows, bus_of, capacity, cell, is_false, is_nan, is_zero};
use super::{Network, Snapshots};
use crate::error::Problem;
use crate::import::{rounded, Availability, FuelRow, UnitRow};
use crate::schema::units;
use crate::util::{num, Range};

impl Network {
    pub(super) fn generators(
        &mut self,
        snapshots: &Snapshots,
        zones: &[String],
        carriers: &BTreeMap<String, f64>,
        problems: &mut Vec<Problem>,
    ) -> (Vec<UnitRow>, Vec<FuelRow>) {
        let Some(table) = self.component("generators.csv", problems) else {
            return (Vec::new(), Vec::new());
        };
        let series = self.series(
            "generators-p_max_pu.csv",
            snapshots,
            Range::FRACTION,
            problems,
        );
        let mut units = Vec::new();
        let mut fuels: BTreeMap<String, f64> = BTreeMap::new();
        let mut seen = HashMap::new();
        let rows = active_rows(&table, "generator", &mut self.report);
        for row in rows {
            let Some(name) = table.unique_name(row, 0, "generator", &mut seen, problems) else {
                continue;
            };
            let commitment = "unit commitment is a mixed-integer problem; carbonpass solves \
                              the linear dispatch (set committable to False)";
            Self::unsupported(&table, row, "committable", is_false, commitment, problems);
            for ramp in ["ramp_limit_up", "ramp_limit_down"] {
                Self::unsupported(
                    &table,
                    row,
                    ramp,
                    is_nan,
                    "ramp limits are not imported (PyPSA applies them per snapshot, \
                     carbonpass as ramp_mw_per_h); leave them empty",
                    problems,
                );
            }
            Self::unsupported(
                &table,
                row,
                "sign",
                |c| crate::util::parse_finite(c) == Ok(1.0),
                "only generators that feed power in (sign 1) are imported",
                problems,
            );
            for cost in ["marginal_cost_quadratic", "stand_by_cost"] {
                Self::unsupported(&table, row, cost, is_zero,
                    "a quadratic or stand-by cost has no counterpart in a unit's constant marginal cost", problems);
            }
            for bound in ["e_sum_min", "e_sum_max"] {
                Self::unsupported(&table, row, bound, is_nan,
                    "an energy limit over the horizon couples the hours in a way carbonpass does not model", problems);
            }
            let Some(zone) = bus_of(&table, row, "bus", zones, problems) else {
                continue;
            };
            let capacity = capacity(&table, row, "p_nom", &mut self.report, problems);
            let efficiency = cell(
                &table,
                row,
                "efficiency",
                Range::EFFICIENCY,
                &mut self.report,
                problems,
            );
            let cost = cell(
                &table,
                row,
                "marginal_cost",
                Range::COST,
                &mut self.report,
                problems,
            );
            let p_max = cell(
                &table,
                row,
                "p_max_pu",
                Range::FRACTION,
                &mut self.report,
                problems,
            );
            let p_min = cell(
                &table,
                row,
                "p_min_pu",
                Range::FRACTION,
                &mut self.report,
                problems,
            );
            let (Some(capacity), Some(efficiency), Some(cost), Some(p_max), Some(p_min)) =
                (capacity, efficiency, cost, p_max, p_min)
            else {
                continue;
            };
            if capacity == 0.0 {
                self.report
                    .skipped
                    .push(format!("generator `{name}`: no capacity (p_nom 0)"));
                continue;
            }
            let carrier = table
                .column("carrier")
                .and_then(|c| table.text(row, c))
                .unwrap_or("");
            let co2 = carriers.get(carrier).copied().unwrap_or(0.0);
            let technology = if carrier.is_empty() {
                self.report.fill("technology", "generator (no carrier)");
                "generator".to_string()
            } else {
                carrier.to_string()
            };
            let fuelled = co2 > 0.0;
            let availability = match series.get(name) {
                Some(values) => {
                    self.profiles.push((name.to_string(), values.clone()));
                    Availability::Profile(name.to_string())
                }
                None => Availability::Constant(p_max),
            };
            let mut unit = UnitRow {
                name: name.to_string(),
                zone,
                technology,
                fuel: if fuelled {
                    carrier.to_string()
                } else {
                    crate::NO_FUEL.to_string()
                },
                capacity_mw: capacity,
                efficiency: fuelled.then_some(efficiency),
                availability,
                must_run_profile: None,
                params: Vec::new(),
            };
            unit.set(&units::VOM, cost);
            if p_min > 0.0 {
                if series.contains_key(name) || p_max == 0.0 {
                    let c = table.column("p_min_pu").expect("p_min_pu given");
                    problems.push(table.problem(
                        row,
                        c,
                        "a minimum output beside an hourly availability: carbonpass's \
                         must_run_share is a share of the available capacity, PyPSA's \
                         p_min_pu of p_nom",
                    ));
                    continue;
                }
                unit.set(&units::MUST_RUN, rounded(p_min / p_max));
                self.report.fill("must_run_share", "p_min_pu / p_max_pu");
            }
            if fuelled {
                fuels.insert(carrier.to_string(), co2);
            }
            units.push(unit);
        }
        let unused: Vec<&String> = series
            .keys()
            .filter(|k| !units.iter().any(|u| &u.name == *k))
            .collect();
        if !unused.is_empty() {
            problems.push(Problem::in_file(
                &self.path("generators-p_max_pu.csv"),
                format!(
                    "columns {} are not generators of generators.csv",
                    unused
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        self.report.sources.push(format!(
            "generators.csv: {} generators → units.csv; marginal_cost → vom_eur_per_mwh, \
             carrier → technology; carriers with co2_emissions > 0 become fuels (price 0: \
             the marginal cost already holds the fuel, so `--vary fuel:…` adds a fuel price on \
             top), the others fuel `none`",
            units.len()
        ));
        let fuels = fuels
            .into_iter()
            .map(|(fuel, co2)| FuelRow {
                fuel,
                price_eur_per_mwh_th: 0.0,
                co2_t_per_mwh_th: co2,
            })
            .collect();
        (units, fuels)
    }

    pub(super) fn loads(
        &mut self,
        snapshots: &Snapshots,
        zones: &[String],
        problems: &mut Vec<Problem>,
    ) -> Vec<Vec<f64>> {
        let mut load = vec![vec![0.0; snapshots.len()]; zones.len()];
        let path = self.path("loads.csv");
        let Some(table) = self.component("loads.csv", problems) else {
            if !path.is_file() {
                self.report.notes.push("The network has no loads.".into());
            }
            return load;
        };
        let series = self.series("loads-p_set.csv", snapshots, Range::ANY, problems);
        let mut seen = HashMap::new();
        let rows = active_rows(&table, "load", &mut self.report);
        let mut count = 0;
        for row in rows {
            let Some(name) = table.unique_name(row, 0, "load", &mut seen, problems) else {
                continue;
            };
            Self::unsupported(
                &table,
                row,
                "sign",
                |c| crate::util::parse_finite(c) == Ok(-1.0),
                "only loads that draw power (sign −1) are imported",
                problems,
            );
            let Some(zone) = bus_of(&table, row, "bus", zones, problems) else {
                continue;
            };
            let z = zones.iter().position(|b| *b == zone).expect("a bus");
            match series.get(name) {
                Some(values) => {
                    for (h, v) in values.iter().enumerate() {
                        load[z][h] += v;
                    }
                }
                None => {
                    if let Some(p) =
                        cell(&table, row, "p_set", Range::ANY, &mut self.report, problems)
                    {
                        load[z].iter_mut().for_each(|l| *l += p);
                    }
                }
            }
            count += 1;
        }
        for (z, zone) in zones.iter().enumerate() {
            if let Some(h) = load[z].iter().position(|l| !(0.0..=1e6).contains(l)) {
                problems.push(Problem::in_file(
                    &self.path("loads.csv"),
                    format!(
                        "the loads of bus `{zone}` add up to {} MW in snapshot `{}`: a zone's \
                         demand must lie in [0, 1e6] MW",
                        num(load[z][h]),
                        snapshots.keys[h]
                    ),
                ));
            }
        }
        self.report.sources.push(format!(
            "loads.csv: {count} loads, summed per bus → demand.csv"
        ));
        load
    }
}
