//! The exact pass-through curve on the merit order: each zone's load-weighted price as a
//! function of τ, without a grid. Between two neighbouring switch prices of any two units
//! the order of offers is fixed, so every hour keeps its price-setting unit and the price
//! is linear in τ there; solving the merit order once inside each such interval gives the
//! price and its slope, and intervals of equal slope are joined. The breakpoints left are
//! the switch prices at which some hour's price setter changes.

use crate::dispatch::{dispatch, Method, PriceSetter};
use crate::error::{Error, Result};
use crate::scenario::{Pricing, Scenario};

/// A piece of the curve: on [τ_from, τ_to] a zone's load-weighted price runs linearly
/// from `price_from` to `price_to`, rising `dp_dtau` €/MWh per €/t.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub zone: String,
    pub tau_from_eur_per_t: f64,
    pub tau_to_eur_per_t: f64,
    pub price_from_eur_per_mwh: f64,
    pub price_to_eur_per_mwh: f64,
    pub dp_dtau_t_per_mwh: f64,
}

/// Slopes this close are one (the sums of slopes of the hours round differently).
const SAME_SLOPE: f64 = 1e-12;

/// Whether the exact curve applies to a scenario: the merit order and marginal pricing;
/// the error says why not.
pub fn exact_applies(scenario: &Scenario) -> Result<()> {
    if !scenario.merit_order_is_exact() {
        return Err(Error::Usage(
            "--exact follows the merit order, which this scenario's links, storage or \
             unit constraints couple; the LP's prices have no closed-form curve"
                .into(),
        ));
    }
    if scenario.market.pricing != Pricing::Marginal {
        return Err(Error::Usage(
            "--exact needs marginal pricing: a tariff or administered dispatch is not priced \
             by the merit order's last unit"
                .into(),
        ));
    }
    Ok(())
}

/// The curve of every zone over [lo, hi] (€/t), zone by zone, ascending in τ.
pub fn exact_curve(scenario: &Scenario, lo: f64, hi: f64) -> Result<Vec<Piece>> {
    exact_applies(scenario)?;
    let mut points = vec![lo, hi];
    for (i, a) in scenario.units.iter().enumerate() {
        let (ca, ea) = a.offer_line_at(lo);
        for b in &scenario.units[i + 1..] {
            if a.zone != b.zone {
                continue;
            }
            let (cb, eb) = b.offer_line_at(lo);
            if ea != eb {
                let tau = (cb - ca) / (ea - eb);
                if tau > lo && tau < hi {
                    points.push(tau);
                }
            }
        }
        // A markup applies to positive costs only: the offer bends where the cost is 0.
        if a.markup() > 0.0 && ea != 0.0 {
            let tau = -ca / ea;
            if tau > lo && tau < hi {
                points.push(tau);
            }
        }
    }
    points.sort_by(f64::total_cmp);
    points.dedup();
    let zones = scenario.zones.len();
    let mut pieces: Vec<Vec<Piece>> = vec![Vec::new(); zones];
    for pair in points.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        if to <= from {
            continue;
        }
        let middle = 0.5 * (from + to);
        let d = dispatch(scenario, middle, Method::MeritOrder)?;
        for (z, zone_pieces) in pieces.iter_mut().enumerate() {
            let (mut load, mut price, mut slope) = (0.0, 0.0, 0.0);
            for h in 0..scenario.hours() {
                let w = scenario.demand_mw[[h, z]];
                let p = &d.prices[[h, z]];
                load += w;
                price += w * p.price_eur_per_mwh;
                slope += w * match p.setter {
                    PriceSetter::Unit(u) => scenario.units[u].offer_line_at(middle).1,
                    _ => 0.0,
                };
            }
            if load <= 0.0 {
                continue;
            }
            let (price, slope) = (price / load, slope / load);
            let piece = Piece {
                zone: scenario.zones[z].clone(),
                tau_from_eur_per_t: from,
                tau_to_eur_per_t: to,
                price_from_eur_per_mwh: price - slope * (middle - from),
                price_to_eur_per_mwh: price + slope * (to - middle),
                dp_dtau_t_per_mwh: slope,
            };
            match zone_pieces.last_mut() {
                Some(last) if (last.dp_dtau_t_per_mwh - slope).abs() <= SAME_SLOPE => {
                    last.tau_to_eur_per_t = to;
                    last.price_to_eur_per_mwh = piece.price_to_eur_per_mwh;
                }
                _ => zone_pieces.push(piece),
            }
        }
        if crate::interrupt::requested() {
            return Err(Error::Stopped);
        }
    }
    Ok(pieces.into_iter().flatten().collect())
}
