//! Cournot firms' results: output, profit and markup (price over marginal cost) of each
//! firm in each zone, with the price-taking fringe as one more row, so that a firm's
//! withholding and its gain can be read against the fringe's.

use super::Outcome;
use crate::scenario::{Competition, Scenario};

/// The name of the row of units without a firm.
pub const FRINGE: &str = "fringe";

#[derive(Debug, Clone, PartialEq)]
pub struct Firm {
    pub tau_eur_per_t: f64,
    pub zone: String,
    pub firm: String,
    pub generation_mwh: f64,
    /// Σ (price − marginal cost)·generation − start-up costs over the firm's units, €
    /// (carbon at its full price; free allowances not counted).
    pub profit_eur: f64,
    /// Generation-weighted mean of price − marginal cost, €/MWh (0 without output).
    pub markup_eur_per_mwh: f64,
    /// (revenue − marginal cost)/revenue over the firm's sales: the Lerner index (NaN
    /// without revenue).
    pub lerner_index: f64,
}

/// One row per carbon price, zone and firm (and the fringe) under Cournot; empty otherwise.
pub fn firms(scenario: &Scenario, outcomes: &[Outcome]) -> Vec<Firm> {
    if scenario.competition != Competition::Cournot {
        return Vec::new();
    }
    // Each unit's firm, the fringe for units without one.
    let firm_of: Vec<&str> = (scenario.units.iter())
        .map(|u| {
            if u.firm.is_empty() {
                FRINGE
            } else {
                u.firm.as_str()
            }
        })
        .collect();
    let mut names: Vec<&str> = Vec::new();
    for &name in &firm_of {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // The fringe last.
    names.sort_by_key(|n| *n == FRINGE);
    let mut rows = Vec::new();
    for o in outcomes {
        let tau = o.tau_eur_per_t;
        for (z, zone) in scenario.zones.iter().enumerate() {
            for &name in &names {
                let members: Vec<usize> = (0..scenario.units.len())
                    .filter(|&u| scenario.units[u].zone == z && firm_of[u] == name)
                    .collect();
                if members.is_empty() {
                    continue;
                }
                let (mut generation, mut margin, mut revenue) = (0.0, 0.0, 0.0);
                let mut startup = 0.0;
                for &u in &members {
                    let mc = scenario.units[u].marginal_cost_eur_per_mwh(tau);
                    generation += o.unit_generation_mwh[u];
                    revenue += o.unit_revenue_eur[u];
                    margin += o.unit_revenue_eur[u] - mc * o.unit_generation_mwh[u];
                    startup += o.unit_startup_cost_eur[u];
                }
                let weighted = |x: f64| {
                    if generation > 0.0 {
                        x / generation
                    } else {
                        0.0
                    }
                };
                rows.push(Firm {
                    tau_eur_per_t: tau,
                    zone: zone.clone(),
                    firm: name.to_string(),
                    generation_mwh: generation,
                    profit_eur: margin - startup,
                    markup_eur_per_mwh: weighted(margin),
                    lerner_index: if revenue > 0.0 {
                        margin / revenue
                    } else {
                        f64::NAN
                    },
                });
            }
        }
    }
    rows
}
