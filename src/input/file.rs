//! The scenario TOML: its sections as written (unknown keys refused), and the readers of
//! the sections that need more than deserialising.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::carbon;
use crate::error::Problem;
use crate::scenario::{Market, Pricing, DEFAULT_VOLL_EUR_PER_MWH};

/// Values by technology or firm, as given in the scenario TOML.
pub(super) type ByName = std::collections::BTreeMap<String, f64>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScenarioFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub data: DataSection,
    #[serde(default)]
    pub market: MarketSection,
    pub carbon: Option<CarbonSection>,
    pub time: Option<TimeSection>,
    #[serde(default)]
    pub allocation: AllocationSection,
    #[serde(default)]
    pub market_power: MarketPowerSection,
    #[serde(default)]
    pub imports: Vec<ImportBlock>,
    pub demand_response: Option<DemandResponseSection>,
    pub horizon: Option<HorizonSection>,
}

/// A stepwise demand curve: in every hour and zone, each block is a share of the load
/// that consumers give up when the price would exceed its price.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DemandResponseSection {
    pub blocks: Vec<DemandBlock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DemandBlock {
    pub share: f64,
    pub price_eur_per_mwh: f64,
}

/// A block of an import curve from outside the carbon market: so many MW at a price,
/// with the emissions of the plants abroad that produce them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ImportBlock {
    pub name: String,
    pub capacity_mw: f64,
    pub price_eur_per_mwh: f64,
    #[serde(default)]
    pub co2_t_per_mwh: f64,
    pub zone: Option<String>,
}

/// Markups by firm and by technology; a unit's own `markup` cell wins, then its firm's.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct MarketPowerSection {
    #[serde(default)]
    pub markup_by_firm: ByName,
    #[serde(default)]
    pub markup_by_technology: ByName,
}

/// Free allocation by technology; a unit's own column in units.csv wins over these.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct AllocationSection {
    #[serde(default)]
    pub free_share: ByName,
    #[serde(default)]
    pub benchmark_t_per_mwh: ByName,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TimeSection {
    /// Wall-clock start of hour 0, e.g. "2015-01-12T00:00".
    pub start: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HorizonSection {
    /// Hours committed per window of a rolling horizon.
    pub window_hours: usize,
    /// Hours looked ahead beyond each window.
    #[serde(default)]
    pub overlap_hours: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DataSection {
    pub units: PathBuf,
    pub fuels: PathBuf,
    pub demand: PathBuf,
    pub profiles: Option<PathBuf>,
    pub storage: Option<PathBuf>,
    pub links: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct MarketSection {
    pub pricing: Option<String>,
    pub voll_eur_per_mwh: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CarbonSection {
    pub prices_eur_per_t: toml::Value,
}

pub(super) fn read_market(
    path: &Path,
    section: &MarketSection,
    problems: &mut Vec<Problem>,
) -> Market {
    let pricing = match section.pricing.as_deref() {
        None | Some("marginal") => Pricing::Marginal,
        Some("average-cost") => Pricing::AverageCost,
        Some("administered") => Pricing::Administered,
        Some(other) => {
            problems.push(Problem::in_file(
                path,
                format!(
                    "[market] pricing = \"{other}\": expected \"marginal\", \"average-cost\" \
                     or \"administered\""
                ),
            ));
            Pricing::Marginal
        }
    };
    let voll = section.voll_eur_per_mwh.unwrap_or(DEFAULT_VOLL_EUR_PER_MWH);
    if !(voll.is_finite() && voll > 0.0) {
        problems.push(Problem::in_file(
            path,
            format!("[market] voll_eur_per_mwh: expected a number > 0, got {voll}"),
        ));
    }
    Market {
        pricing,
        voll_eur_per_mwh: voll,
    }
}

pub(super) fn read_carbon(
    path: &Path,
    value: &toml::Value,
    problems: &mut Vec<Problem>,
) -> Vec<f64> {
    let as_number = |v: &toml::Value| match v {
        toml::Value::Float(f) => Some(*f),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    };
    let parsed = match value {
        toml::Value::Array(items) => items
            .iter()
            .map(|v| as_number(v).ok_or_else(|| format!("`{v}` is not a number")))
            .collect::<std::result::Result<Vec<_>, _>>()
            .and_then(carbon::normalise),
        toml::Value::Table(t) => {
            let field = |key: &str| {
                t.get(key)
                    .and_then(as_number)
                    .ok_or_else(|| format!("`{key}` must be a number"))
            };
            match t
                .keys()
                .find(|k| !["start", "stop", "step"].contains(&k.as_str()))
            {
                Some(unknown) => Err(format!("unknown key `{unknown}`")),
                None => field("start")
                    .and_then(|start| carbon::range(start, field("stop")?, field("step")?)),
            }
        }
        _ => Err("expected a list [0, 25, 50] or { start = 0, stop = 100, step = 5 }".into()),
    };
    parsed.unwrap_or_else(|why| {
        problems.push(Problem::in_file(
            path,
            format!("[carbon] prices_eur_per_t: {why}"),
        ));
        Vec::new()
    })
}
