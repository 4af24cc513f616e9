//! `carbonpass report`: the headline table of a result folder as Markdown, LaTeX
//! (booktabs) or CSV. Reads the result files back, so it works on any finished folder.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::output::{MANIFEST, VARIANTS_MANIFEST};
use crate::schema;
use crate::util::num;
use crate::util::CsvTable;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Latex,
    Csv,
}

/// One row of the headline table: a carbon price in a zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// The variant of a `--vary` folder; empty in a result folder.
    pub variant: String,
    pub tau_eur_per_t: f64,
    pub zone: String,
    pub mean_price_eur_per_mwh: f64,
    pub load_weighted_price_eur_per_mwh: f64,
    /// Over the interval from the previous carbon price; NaN on the first row.
    pub dp_dtau_t_per_mwh: f64,
    pub passthrough_rate: f64,
    /// dp/dτ split: the price setters' own carbon cost and the change of setter, t/MWh
    /// (passthrough.csv; NaN on the first row and in folders written before the split).
    pub own_cost_t_per_mwh: f64,
    pub setter_change_t_per_mwh: f64,
    /// (technology, share of hours), largest first.
    pub price_setters: Vec<(String, f64)>,
    pub emissions_t: f64,
    pub consumer_cost_change_eur: f64,
}

/// Reads the columns of `table` from a result file as text, with file/line errors; a
/// numeric cell must be a number or empty (empty stands for "not defined", NaN).
fn read(dir: &Path, table: &schema::Table, problems: &mut Vec<Problem>) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let csv = CsvTable::read(&dir.join(table.file), &mut found);
    // A sweep of one carbon price has no pair of neighbouring prices to pass through.
    if table.file == schema::PASSTHROUGH.file {
        found.retain(|p| p.message != crate::util::NO_ROWS);
    }
    problems.extend(found);
    let Some(csv) = csv else {
        return Vec::new();
    };
    // A column added in a later version is optional: folders written before lack it.
    let optional = |c: &schema::Column| matches!(c.need, schema::Need::Optional);
    let columns: Vec<Option<usize>> = table
        .columns
        .iter()
        .map(|c| match optional(c) {
            true => csv.column(c.name),
            false => csv.require(c.name, problems),
        })
        .collect();
    if (table.columns.iter().zip(&columns)).any(|(c, i)| i.is_none() && !optional(c)) {
        return Vec::new();
    }
    for row in &csv.rows {
        for (column, index) in table.columns.iter().zip(&columns) {
            let Some(index) = *index else { continue };
            let cell = &row.fields[index];
            if column.unit != "text" && !cell.is_empty() {
                if let Err(why) = crate::util::parse_finite(cell) {
                    problems.push(csv.problem(row, index, format!("expected a number, {why}")));
                }
            }
        }
    }
    csv.rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| c.map_or(String::new(), |i| row.fields[i].clone()))
                .collect()
        })
        .collect()
}

fn number(text: &str) -> f64 {
    crate::util::parse_finite(text).unwrap_or(f64::NAN)
}

/// The headline rows of a result folder, or of every variant of a folder of variants
/// (`sweep --vary`), in the order of its variants.toml.
pub fn headline_of_any(dir: &Path) -> Result<Vec<Headline>> {
    if !dir.join(VARIANTS_MANIFEST).is_file() {
        return headline(dir);
    }
    let mut rows = Vec::new();
    for name in variant_names(dir)? {
        for mut row in headline(&dir.join(&name))? {
            row.variant = name.clone();
            rows.push(row);
        }
    }
    Ok(rows)
}

/// The variants a folder of variants lists, in order.
pub fn variant_names(dir: &Path) -> Result<Vec<String>> {
    let path = dir.join(VARIANTS_MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let bad = |why: String| Error::Usage(format!("{}: {why}", path.display()));
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| bad(format!("not written by carbonpass: {}", e.message())))?;
    let list = table
        .get("variants")
        .and_then(|v| v.as_array())
        .ok_or_else(|| bad("no list of `variants`".into()))?;
    list.iter()
        .map(|v| match v.as_str() {
            Some(name) if !name.is_empty() && !name.contains(['/', '\\']) && name != ".." => {
                Ok(name.to_string())
            }
            _ => Err(bad(format!("`{v}` is not the name of a variant's folder"))),
        })
        .collect()
}

/// The headline rows of a result folder.
pub fn headline(dir: &Path) -> Result<Vec<Headline>> {
    if !dir.join(MANIFEST).is_file() {
        return Err(Error::Usage(format!(
            "{} is not a finished carbonpass result folder (it has no {MANIFEST})",
            dir.display()
        )));
    }
    let mut problems = Vec::new();
    let summary = read(dir, &schema::SUMMARY, &mut problems);
    let passthrough = read(dir, &schema::PASSTHROUGH, &mut problems);
    let setters = read(dir, &schema::PRICE_SETTING, &mut problems);
    let welfare = read(dir, &schema::WELFARE, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    // Keys are the carbon price and zone as written, which are identical across files.
    let mut pt: BTreeMap<(String, String), [f64; 4]> = BTreeMap::new();
    for r in &passthrough {
        let cells = [3, 4, 6, 7].map(|i| number(&r[i]));
        pt.insert((r[1].clone(), r[2].clone()), cells);
    }
    let mut shares: BTreeMap<(String, String), Vec<(String, f64)>> = BTreeMap::new();
    // A technology may set a zone's price from several zones: its shares add up.
    for r in &setters {
        let list = shares.entry((r[0].clone(), r[1].clone())).or_default();
        match list.iter_mut().find(|(t, _)| *t == r[2]) {
            Some((_, share)) => *share += number(&r[3]),
            None => list.push((r[2].clone(), number(&r[3]))),
        }
    }
    let consumer: BTreeMap<(String, String), f64> = welfare
        .iter()
        .map(|r| ((r[0].clone(), r[1].clone()), number(&r[3])))
        .collect();
    Ok(summary
        .iter()
        .map(|r| {
            let key = (r[0].clone(), r[1].clone());
            let [dp, rate, own, change] = pt.get(&key).copied().unwrap_or([f64::NAN; 4]);
            let mut setters = shares.get(&key).cloned().unwrap_or_default();
            setters.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Headline {
                variant: String::new(),
                tau_eur_per_t: number(&r[0]),
                zone: r[1].clone(),
                mean_price_eur_per_mwh: number(&r[2]),
                load_weighted_price_eur_per_mwh: number(&r[3]),
                dp_dtau_t_per_mwh: dp,
                passthrough_rate: rate,
                own_cost_t_per_mwh: own,
                setter_change_t_per_mwh: change,
                price_setters: setters,
                emissions_t: number(&r[4]),
                consumer_cost_change_eur: consumer.get(&key).copied().unwrap_or(f64::NAN),
            }
        })
        .collect())
}

/// Column names and units as shown in documents.
const COLUMNS: [(&str, &str); 10] = [
    ("Carbon price", "€/t"),
    ("Zone", ""),
    ("Mean price", "€/MWh"),
    ("Load-weighted price", "€/MWh"),
    ("dp/dτ", "t/MWh"),
    ("Pass-through", "%"),
    ("Own cost / setter change", "t/MWh"),
    ("Price-setting technologies", "share of hours"),
    ("Emissions", "kt CO2"),
    ("Consumer cost change", "M€"),
];
const ZONE_COLUMN: usize = 1;
/// The column of price-setting technologies: text, left-aligned, allowed to wrap.
const SETTERS_COLUMN: usize = 7;

pub const CSV_COLUMNS: [&str; 11] = [
    "carbon_price_eur_per_t",
    "zone",
    "mean_price_eur_per_mwh",
    "load_weighted_price_eur_per_mwh",
    "dp_dtau_t_per_mwh",
    "passthrough_rate",
    "own_cost_t_per_mwh",
    "setter_change_t_per_mwh",
    "price_setting_technologies",
    "emissions_t",
    "consumer_cost_change_eur",
];

fn fixed(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        "–".into()
    } else {
        format!("{x:.decimals$}")
    }
}

/// The cells of a row as shown in a document (rounded, scaled units).
fn display_cells(h: &Headline) -> Vec<String> {
    let setters: Vec<String> = h
        .price_setters
        .iter()
        .take(3)
        .map(|(t, s)| format!("{} {:.0} %", t.replace('_', " "), 100.0 * s))
        .collect();
    vec![
        num(h.tau_eur_per_t),
        h.zone.clone(),
        fixed(h.mean_price_eur_per_mwh, 2),
        fixed(h.load_weighted_price_eur_per_mwh, 2),
        fixed(h.dp_dtau_t_per_mwh, 3),
        fixed(100.0 * h.passthrough_rate, 1),
        match h.own_cost_t_per_mwh.is_nan() {
            true => "–".into(),
            false => format!(
                "{} / {}",
                fixed(h.own_cost_t_per_mwh, 3),
                fixed(h.setter_change_t_per_mwh, 3)
            ),
        },
        setters.join(", "),
        fixed(h.emissions_t / 1e3, 1),
        fixed(h.consumer_cost_change_eur / 1e6, 2),
    ]
}

pub fn render(rows: &[Headline], format: Format) -> String {
    match format {
        Format::Markdown => markdown(rows),
        Format::Latex => latex(rows),
        Format::Csv => csv_text(rows),
    }
}

/// Columns shown in documents: the zone only where there is more than one.
fn shown_columns(rows: &[Headline]) -> Vec<usize> {
    let zones: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.zone.as_str()).collect();
    (0..COLUMNS.len())
        .filter(|&c| c != ZONE_COLUMN || zones.len() > 1)
        .collect()
}

/// Whether the rows come from several variants: then a first column names each.
fn varied(rows: &[Headline]) -> bool {
    rows.iter().any(|r| !r.variant.is_empty())
}

fn markdown(rows: &[Headline]) -> String {
    let shown = shown_columns(rows);
    let variants = varied(rows);
    let mut header: Vec<String> = variants
        .then(|| "Variant".to_string())
        .into_iter()
        .collect();
    header.extend(shown.iter().map(|&c| match COLUMNS[c] {
        (name, "") => name.to_string(),
        (name, unit) => format!("{name} ({unit})"),
    }));
    let mut align: Vec<&str> = variants.then_some(":--").into_iter().collect();
    align.extend(shown.iter().map(|&c| {
        if c == ZONE_COLUMN || c == SETTERS_COLUMN {
            ":--"
        } else {
            "--:"
        }
    }));
    let mut out = format!("| {} |\n|{}|\n", header.join(" | "), align.join("|"));
    for row in rows {
        let all = display_cells(row);
        let mut cells: Vec<&str> = variants
            .then_some(row.variant.as_str())
            .into_iter()
            .collect();
        cells.extend(shown.iter().map(|&c| all[c].as_str()));
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn latex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '%' | '&' | '_' | '#' | '$' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '€' => out.push_str("EUR"),
            'τ' => out.push_str("$\\tau$"),
            '–' => out.push_str("--"),
            _ => out.push(ch),
        }
    }
    out
}

/// A header cell stacked one word per line (breaking after hyphens too), aligned like
/// its column, so that headers do not widen the numeric columns.
fn latex_header(name: &str, align: char) -> String {
    let words: Vec<String> = name
        .split(' ')
        .flat_map(|word| {
            let parts: Vec<&str> = word.split_inclusive('-').collect();
            parts.into_iter().map(latex_escape).collect::<Vec<_>>()
        })
        .collect();
    if words.len() == 1 {
        words[0].clone()
    } else {
        format!("\\shortstack[{align}]{{{}}}", words.join("\\\\"))
    }
}

fn latex(rows: &[Headline]) -> String {
    let shown = shown_columns(rows);
    let align = |c: usize| {
        if c == ZONE_COLUMN || c == SETTERS_COLUMN {
            'l'
        } else {
            'r'
        }
    };
    let variants = varied(rows);
    let spec: String = (variants.then(|| "l".to_string()).into_iter())
        .chain(shown.iter().map(|&c| match c {
            SETTERS_COLUMN => ">{\\raggedright\\arraybackslash}p{3.0cm}".to_string(),
            _ => align(c).to_string(),
        }))
        .collect();
    let mut out = format!(
        "% carbonpass headline table; needs \\usepackage{{booktabs,array}}.\n\
         {{\\setlength{{\\tabcolsep}}{{3pt}}%\n\\begin{{tabular}}{{{spec}}}\n\\toprule\n"
    );
    let first = |text: &str| variants.then(|| text.to_string()).into_iter();
    let names: Vec<String> = first("Variant")
        .chain(shown.iter().map(|&c| latex_header(COLUMNS[c].0, align(c))))
        .collect();
    let units: Vec<String> = first("")
        .chain(shown.iter().map(|&c| latex_escape(COLUMNS[c].1)))
        .collect();
    out.push_str(&format!(
        "{} \\\\\n{} \\\\\n\\midrule\n",
        names.join(" & "),
        units.join(" & ")
    ));
    for row in rows {
        let all = display_cells(row);
        let cells: Vec<String> = first(&latex_escape(&row.variant))
            .chain(shown.iter().map(|&c| {
                match c {
                    // Break lines only between entries, never inside "hard coal 75 %".
                    SETTERS_COLUMN => all[c]
                        .split(", ")
                        .map(|entry| latex_escape(entry).replace(' ', "~"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    _ => latex_escape(&all[c]),
                }
            }))
            .collect();
        out.push_str(&format!("{} \\\\\n", cells.join(" & ")));
    }
    out.push_str("\\bottomrule\n\\end{tabular}}\n");
    out
}

fn csv_text(rows: &[Headline]) -> String {
    let variants = varied(rows);
    let mut w = csv::Writer::from_writer(Vec::new());
    let first = |text: &str| variants.then(|| text.to_string()).into_iter();
    let header: Vec<String> = first("variant")
        .chain(CSV_COLUMNS.iter().map(|c| c.to_string()))
        .collect();
    w.write_record(header).expect("in memory");
    for h in rows {
        let cells: Vec<String> = first(&h.variant).chain(csv_cells(h)).collect();
        w.write_record(cells).expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

/// The cells of a row in full precision, as `CSV_COLUMNS` names them.
pub fn csv_cells(h: &Headline) -> Vec<String> {
    let setters: Vec<String> = h
        .price_setters
        .iter()
        .map(|(t, s)| format!("{t}:{}", num(*s)))
        .collect();
    vec![
        num(h.tau_eur_per_t),
        h.zone.clone(),
        num(h.mean_price_eur_per_mwh),
        num(h.load_weighted_price_eur_per_mwh),
        num(h.dp_dtau_t_per_mwh),
        num(h.passthrough_rate),
        num(h.own_cost_t_per_mwh),
        num(h.setter_change_t_per_mwh),
        setters.join(" "),
        num(h.emissions_t),
        num(h.consumer_cost_change_eur),
    ]
}
