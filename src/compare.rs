//! `carbonpass compare`: a result folder's prices against observed monthly prices (Ember's
//! monthly file, or `zone, month, price_eur_per_mwh`): per carbon price and zone the
//! modelled and observed monthly means, their annual means, the error and the monthly
//! correlation. Observed prices are for checking a model, never for tuning it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};
use crate::report::Format;
use crate::util::{num, CsvTable};

/// Observed monthly mean prices, €/MWh, by (zone, month `YYYY-MM`).
pub struct Observed {
    pub prices: BTreeMap<(String, String), f64>,
}

/// Reads observed prices in Ember's monthly layout (`Country, ISO3 Code, Date, Price
/// (EUR/MWhe)`) or as `zone, month, price_eur_per_mwh`. Empty prices are left out.
pub fn read_observed(path: &Path) -> Result<Observed> {
    let mut problems = Vec::new();
    let Some(table) = CsvTable::read(path, &mut problems) else {
        return Err(Error::Input(problems));
    };
    let ember = table.column("ISO3 Code").is_some();
    let names = if ember {
        ["ISO3 Code", "Date", "Price (EUR/MWhe)"]
    } else {
        ["zone", "month", "price_eur_per_mwh"]
    };
    let [Some(c_zone), Some(c_month), Some(c_price)] =
        names.map(|c| table.require(c, &mut problems))
    else {
        return Err(Error::Input(problems));
    };
    let mut prices = BTreeMap::new();
    for row in &table.rows {
        let Some(code) = table.text(row, c_zone) else {
            problems.push(table.problem(row, c_zone, "expected a zone or country code"));
            continue;
        };
        let zone = if ember {
            crate::util::zone_of_country(code).to_string()
        } else {
            code.to_string()
        };
        let month = table.text(row, c_month).unwrap_or("");
        let valid = month.len() >= 7
            && month.as_bytes()[4] == b'-'
            && month[..4].bytes().all(|b| b.is_ascii_digit())
            && month[5..7]
                .parse::<u8>()
                .is_ok_and(|m| (1..=12).contains(&m));
        if !valid {
            problems.push(table.problem(
                row,
                c_month,
                format!("expected a month as YYYY-MM (or a date YYYY-MM-DD), got `{month}`"),
            ));
            continue;
        }
        if table.text(row, c_price).is_none() {
            continue;
        }
        let range = crate::util::Range::COST;
        if let Some(price) = table.number(row, c_price, range, &mut problems) {
            let key = (zone.clone(), month[..7].to_string());
            if prices.insert(key, price).is_some() {
                problems.push(table.problem(
                    row,
                    c_month,
                    format!("{zone} {} is given twice", &month[..7]),
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    Ok(Observed { prices })
}

/// One zone at one carbon price, against what was observed.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub tau_eur_per_t: f64,
    pub zone: String,
    /// The months modelled and observed: (month, modelled mean, observed mean), €/MWh.
    pub months: Vec<(String, f64, f64)>,
}

impl Comparison {
    /// Mean of the monthly means over the months compared, modelled and observed (the
    /// same definition on both sides: an observed annual mean is the mean of its months).
    pub fn annual_means(&self) -> (f64, f64) {
        let n = self.months.len() as f64;
        let sum = |f: fn(&(String, f64, f64)) -> f64| self.months.iter().map(f).sum::<f64>();
        (sum(|m| m.1) / n, sum(|m| m.2) / n)
    }

    /// Pearson correlation of the monthly means; NaN with fewer than three months or
    /// where either side does not vary.
    pub fn correlation(&self) -> f64 {
        if self.months.len() < 3 {
            return f64::NAN;
        }
        let (a, b) = self.annual_means();
        let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
        for (_, x, y) in &self.months {
            ab += (x - a) * (y - b);
            aa += (x - a) * (x - a);
            bb += (y - b) * (y - b);
        }
        if aa == 0.0 || bb == 0.0 {
            f64::NAN
        } else {
            ab / (aa * bb).sqrt()
        }
    }
}

/// The scenario a result folder was solved from: `scenario` where given, else the
/// `scenario_file` its run.toml records.
fn scenario_of(dir: &Path, scenario: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = scenario {
        return Ok(path.to_path_buf());
    }
    let manifest = dir.join(crate::output::MANIFEST);
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        Error::Usage(format!(
            "{} is not a carbonpass result folder ({}: {})",
            dir.display(),
            manifest.display(),
            crate::util::os_reason(&e)
        ))
    })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        Error::Usage(format!("{}: {}", manifest.display(), e.message()))
    })?;
    match table.get("scenario_file").and_then(|v| v.as_str()) {
        Some(file) if Path::new(file).is_file() => Ok(PathBuf::from(file)),
        Some(file) => Err(Error::Usage(format!(
            "the scenario {file} named in {} is not there (it is read from where the sweep \
             ran); give it with --scenario",
            manifest.display()
        ))),
        None => Err(Error::Usage(format!(
            "{} names no scenario_file; give it with --scenario",
            manifest.display()
        ))),
    }
}

/// Compares every carbon price and zone of the result folder `dir` with `observed`,
/// month by month where both have the month. The hours' months come from the scenario.
pub fn compare(
    dir: &Path,
    observed: &Observed,
    scenario: Option<&Path>,
) -> Result<Vec<Comparison>> {
    let scenario_path = scenario_of(dir, scenario)?;
    let scenario = crate::input::load(&scenario_path)?.scenario;
    let Some(calendar) = &scenario.calendar else {
        return Err(Error::Usage(format!(
            "{} gives its hours no dates ([time] start, or timestamps in demand.csv), so \
             they cannot be matched to months",
            scenario_path.display()
        )));
    };
    let month_of: Vec<String> = calendar
        .hour_starts
        .iter()
        .map(|t| format!("{:04}-{:02}", t.year(), t.month()))
        .collect();
    let mut problems = Vec::new();
    let prices_path = dir.join(crate::schema::PRICES.file);
    let Some(table) = CsvTable::read(&prices_path, &mut problems) else {
        return Err(Error::Input(problems));
    };
    let columns = [
        "carbon_price_eur_per_t",
        "hour",
        "zone",
        "price_eur_per_mwh",
    ]
    .map(|c| table.require(c, &mut problems));
    let [Some(c_tau), Some(c_hour), Some(c_zone), Some(c_price)] = columns else {
        return Err(Error::Input(problems));
    };
    // (τ as written, zone) → month → (sum, hours); τ in the order of the file.
    let mut taus: Vec<(String, f64)> = Vec::new();
    let mut sums: BTreeMap<(String, String), BTreeMap<String, (f64, usize)>> = BTreeMap::new();
    for row in &table.rows {
        let number = |c: usize, problems: &mut Vec<Problem>| {
            table.number(row, c, crate::util::Range::ANY, problems)
        };
        let (Some(tau), Some(hour), Some(price)) = (
            number(c_tau, &mut problems),
            number(c_hour, &mut problems),
            number(c_price, &mut problems),
        ) else {
            continue;
        };
        let Some(month) = (hour.fract() == 0.0 && hour >= 0.0)
            .then(|| month_of.get(hour as usize))
            .flatten()
        else {
            problems.push(table.problem(
                row,
                c_hour,
                format!(
                    "hour {hour} is not an hour of {} ({} hours)",
                    scenario_path.display(),
                    month_of.len()
                ),
            ));
            continue;
        };
        let tau_text = row.fields[c_tau].clone();
        if !taus.iter().any(|(t, _)| *t == tau_text) {
            taus.push((tau_text.clone(), tau));
        }
        let zone = row.fields[c_zone].clone();
        let entry = sums
            .entry((tau_text, zone))
            .or_default()
            .entry(month.clone())
            .or_default();
        entry.0 += price;
        entry.1 += 1;
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let mut rows = Vec::new();
    for (tau_text, tau) in &taus {
        for zone in &scenario.zones {
            let Some(months) = sums.get(&(tau_text.clone(), zone.clone())) else {
                continue;
            };
            let months: Vec<(String, f64, f64)> = months
                .iter()
                .filter_map(|(month, (sum, n))| {
                    let seen = observed.prices.get(&(zone.clone(), month.clone()))?;
                    Some((month.clone(), sum / *n as f64, *seen))
                })
                .collect();
            if !months.is_empty() {
                rows.push(Comparison {
                    tau_eur_per_t: *tau,
                    zone: zone.clone(),
                    months,
                });
            }
        }
    }
    if rows.is_empty() {
        return Err(Error::Usage(format!(
            "no zone and month of {} is in the observed prices (zones {}); observed zones \
             are named by their code (DE, FR, …) or, in Ember's file, by ISO3 code",
            dir.display(),
            scenario.zones.join(", ")
        )));
    }
    Ok(rows)
}

const HEADER: [&str; 8] = [
    "carbon price (€/t)",
    "zone",
    "months",
    "modelled (€/MWh)",
    "observed (€/MWh)",
    "error (€/MWh)",
    "error (%)",
    "monthly correlation",
];

fn cells(row: &Comparison, full: bool) -> Vec<String> {
    let (modelled, observed) = row.annual_means();
    let round = |x: f64, digits: i32| {
        if full {
            num(x)
        } else if x.is_nan() {
            String::new()
        } else {
            let f = 10f64.powi(digits);
            num((x * f).round() / f)
        }
    };
    vec![
        num(row.tau_eur_per_t),
        row.zone.clone(),
        row.months.len().to_string(),
        round(modelled, 2),
        round(observed, 2),
        round(modelled - observed, 2),
        round(100.0 * (modelled - observed) / observed, 1),
        round(row.correlation(), 2),
    ]
}

/// The comparison as a table: one row per carbon price and zone.
pub fn render(rows: &[Comparison], format: Format) -> String {
    match format {
        Format::Csv => {
            let header = [
                "carbon_price_eur_per_t",
                "zone",
                "months",
                "modelled_eur_per_mwh",
                "observed_eur_per_mwh",
                "error_eur_per_mwh",
                "error_share",
                "monthly_correlation",
            ];
            let mut out = format!("{}\n", header.join(","));
            for row in rows {
                let mut c = cells(row, true);
                let (m, o) = row.annual_means();
                c[6] = num((m - o) / o);
                out.push_str(&c.join(","));
                out.push('\n');
            }
            out
        }
        Format::Markdown => {
            let mut out = format!(
                "| {} |\n|--:|:--|--:|--:|--:|--:|--:|--:|\n",
                HEADER.join(" | ")
            );
            for row in rows {
                out.push_str(&format!("| {} |\n", cells(row, false).join(" | ")));
            }
            out
        }
        Format::Latex => {
            let escape = |t: &str| t.replace('%', "\\%").replace('€', "EUR");
            let mut out = String::from("\\begin{tabular}{rlrrrrrr}\n\\toprule\n");
            let header: Vec<String> = HEADER.iter().map(|h| escape(h)).collect();
            out.push_str(&format!("{} \\\\\n\\midrule\n", header.join(" & ")));
            for row in rows {
                let c: Vec<String> = cells(row, false).iter().map(|c| escape(c)).collect();
                out.push_str(&format!("{} \\\\\n", c.join(" & ")));
            }
            out.push_str("\\bottomrule\n\\end{tabular}\n");
            out
        }
    }
}
