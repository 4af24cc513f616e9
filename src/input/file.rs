//! The scenario TOML: its sections as written (unknown keys refused), and the readers of
//! the sections that need more than deserialising.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::carbon;
use crate::error::Problem;
use crate::scenario::{Competition, DemandCurve, Market, Pricing, DEFAULT_VOLL_EUR_PER_MWH};

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
    pub standard: Option<StandardSection>,
    pub demand: Option<DemandSection>,
    #[serde(default)]
    pub solver: SolverSection,
}

/// How the LP is handed to the solver.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct SolverSection {
    /// Hold generation columns at a bound from their zone-hour's band (see `Held`).
    #[serde(default)]
    pub hold_columns: bool,
}

/// How demand answers the price: fixed load, or a linear curve through each hour's load.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DemandSection {
    pub model: String,
    pub elasticity: Option<f64>,
    pub reference_price_eur_per_mwh: Option<f64>,
}

/// A tradable performance standard: covered generation averages at most this intensity.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StandardSection {
    pub benchmark_t_per_mwh: f64,
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
    pub competition: Option<String>,
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
    pub compensation: Option<PathBuf>,
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
    if let Err(why) = crate::util::Range::VOLL.check(voll) {
        problems.push(Problem::in_file(
            path,
            format!("[market] voll_eur_per_mwh: {why}"),
        ));
    }
    Market {
        pricing,
        voll_eur_per_mwh: voll,
    }
}

/// The `[demand]` section: `None` for fixed load (the default).
pub(super) fn read_demand_curve(
    path: &Path,
    section: Option<&DemandSection>,
    problems: &mut Vec<Problem>,
) -> Option<DemandCurve> {
    let section = section?;
    let mut problem = |message: String| problems.push(Problem::in_file(path, message));
    match section.model.as_str() {
        "fixed" => {
            if section.elasticity.is_some() || section.reference_price_eur_per_mwh.is_some() {
                problem(
                    "[demand] model = \"fixed\": elasticity and reference_price_eur_per_mwh \
                     describe a demand curve; give them with model = \"linear\""
                        .into(),
                );
            }
            None
        }
        "linear" => {
            let elasticity = section
                .elasticity
                .filter(|e| e.is_finite() && *e < 0.0 && *e >= -100.0);
            let price = (section.reference_price_eur_per_mwh)
                .filter(|p| p.is_finite() && *p > 0.0 && *p <= 100_000.0);
            if elasticity.is_none() {
                problem(match section.elasticity {
                    None => "[demand] model = \"linear\" needs elasticity: the price \
                             elasticity at the reference point, a number in [-100, 0), e.g. -0.1"
                        .into(),
                    Some(e) => format!(
                        "[demand] elasticity = {e}: expected a price elasticity in [-100, 0) \
                         (demand falls as the price rises)"
                    ),
                });
            }
            if price.is_none() {
                problem(match section.reference_price_eur_per_mwh {
                    None => "[demand] model = \"linear\" needs reference_price_eur_per_mwh: \
                             the price at which each hour's load is what demand.csv gives, \
                             €/MWh in (0, 100000]"
                        .into(),
                    Some(p) => format!(
                        "[demand] reference_price_eur_per_mwh = {p}: expected €/MWh in \
                         (0, 100000]"
                    ),
                });
            }
            Some(DemandCurve {
                elasticity: elasticity?,
                reference_price_eur_per_mwh: price?,
            })
        }
        other => {
            problem(format!(
                "[demand] model = \"{other}\": expected \"fixed\" or \"linear\""
            ));
            None
        }
    }
}

/// `[market_power] competition`: markups as given (the default) or Cournot.
pub(super) fn read_competition(
    path: &Path,
    section: &MarketPowerSection,
    problems: &mut Vec<Problem>,
) -> Competition {
    match section.competition.as_deref() {
        None | Some("markup") => Competition::Markup,
        Some("cournot") => Competition::Cournot,
        Some(other) => {
            problems.push(Problem::in_file(
                path,
                format!(
                    "[market_power] competition = \"{other}\": expected \"markup\" or \
                     \"cournot\""
                ),
            ));
            Competition::Markup
        }
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

/// A TOML error as a person reads it: the line, the key, and what was expected in words
/// ("a number", not "f64"); a key or section given twice is named.
pub(super) fn toml_problem(path: &Path, text: &str, e: &toml::de::Error) -> Problem {
    let span = e
        .span()
        .filter(|s| s.start <= text.len() && s.end <= text.len())
        .map(|s| (s.start, s.end));
    let line = span.map(|s| text[..s.0].matches('\n').count() + 1);
    let line_text = span.map_or("", |s| {
        let start = text[..s.0].rfind('\n').map_or(0, |i| i + 1);
        let end = text[s.0..].find('\n').map_or(text.len(), |i| s.0 + i);
        &text[start..end]
    });
    let key = line_text
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    let mut message = e.message().trim().to_string();
    if message.starts_with("duplicate key") {
        let spanned = span.map_or("", |s| text[s.0..s.1].trim());
        message = if line_text.trim_start().starts_with('[') {
            format!(
                "the section {} appears twice; put its keys in one section",
                line_text.trim()
            )
        } else {
            format!(
                "`{}` is set twice in its section; keep one",
                key.unwrap_or(spanned)
            )
        };
        return Problem::at(path, line, None, format!("invalid scenario: {message}"));
    }
    for (jargon, words) in [
        ("unknown field", "unknown key"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected usize", "expected a whole number ≥ 0"),
        ("expected u64", "expected a whole number ≥ 0"),
        ("expected u32", "expected a whole number ≥ 0"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
        ("invalid type: string ", "got the text "),
        ("invalid type: floating point ", "got "),
        ("invalid type: integer ", "got "),
        ("invalid value: integer ", "got "),
        ("invalid type: boolean ", "got "),
    ] {
        message = message.replace(jargon, words);
    }
    // A near miss of a known key: say which.
    if let Some(rest) = message.strip_prefix("unknown key `") {
        if let Some((unknown, known)) = rest.split_once("`, expected ") {
            let known = known.strip_prefix("one of ").unwrap_or(known);
            let known: Vec<&str> = known
                .split(", ")
                .flat_map(|k| k.split(" or "))
                .map(|k| k.trim_matches('`'))
                .collect();
            if let Some(meant) = crate::util::did_you_mean(unknown, known.iter().copied()) {
                message = format!("unknown key `{unknown}`; did you mean `{meant}`?");
            }
        }
        return Problem::at(path, line, None, format!("invalid scenario: {message}"));
    }
    // "got X, expected Y" reads better the other way round.
    if let Some((got, expected)) = message.split_once(", expected ") {
        if got.starts_with("got ") {
            message = format!("expected {expected}, {got}");
        }
    }
    let message = match key {
        Some(key) if !message.contains(key) => format!("`{key}`: {message}"),
        _ => message,
    };
    Problem::at(path, line, None, format!("invalid scenario: {message}"))
}
