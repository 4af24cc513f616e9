//! Several countries imported one by one, joined into one scenario: a zone per country,
//! and a link for every pair of zones with a transfer capacity in the interconnection
//! table (directional NTCs, `data/ntc_2016.csv` unless the user gives one).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{Availability, Imported, LinkRow, Report};
use crate::error::{Error, Problem, Result};
use crate::util::{CsvTable, Header, Range};

const NTC_2016: &str = include_str!("../../data/ntc_2016.csv");

/// A zone name for a code of an interconnection table (EMMA's `GER`, ISO3, or a zone).
fn zone_of(code: &str) -> String {
    crate::util::zone_of_country(code).to_string()
}

/// Directional transfer capacities, MW, by (from, to) zone.
pub struct Ntc {
    pub capacities: BTreeMap<(String, String), f64>,
    /// Where the table came from, for the report.
    pub source: String,
}

impl Ntc {
    /// The bundled table, or the user's (columns `from`, `to`, `ntc_mw`).
    pub fn read(path: Option<&Path>) -> Result<Ntc> {
        let mut problems = Vec::new();
        let (table, source) = match path {
            Some(path) => (
                CsvTable::read(path, &mut problems),
                path.display().to_string(),
            ),
            None => (
                CsvTable::parse(
                    Path::new("data/ntc_2016.csv (built in)"),
                    NTC_2016.as_bytes(),
                    Header::Row,
                    &mut problems,
                ),
                "data/ntc_2016.csv (built in: EMMA's 2016 NTCs, from TYNDP)".to_string(),
            ),
        };
        let mut capacities = BTreeMap::new();
        if let Some(table) = table {
            let columns = ["from", "to", "ntc_mw"].map(|c| table.require(c, &mut problems));
            if let [Some(c_from), Some(c_to), Some(c_ntc)] = columns {
                for row in &table.rows {
                    let code = |c: usize, problems: &mut Vec<Problem>| {
                        let code = table.text(row, c).map(zone_of);
                        if code.is_none() {
                            problems.push(table.problem(row, c, "expected a country code"));
                        }
                        code
                    };
                    let (from, to) = (code(c_from, &mut problems), code(c_to, &mut problems));
                    let ntc = table.number(row, c_ntc, Range::POWER, &mut problems);
                    if let (Some(from), Some(to), Some(ntc)) = (from, to, ntc) {
                        let key = (from.clone(), to.clone());
                        if capacities.insert(key, ntc).is_some() {
                            problems.push(table.problem(
                                row,
                                c_to,
                                format!("{from} → {to} is given twice"),
                            ));
                        }
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        Ok(Ntc { capacities, source })
    }

    fn get(&self, from: &str, to: &str) -> f64 {
        self.capacities
            .get(&(from.to_string(), to.to_string()))
            .copied()
            .unwrap_or(0.0)
    }
}

/// Joins the imports of single countries (each one zone, the same hours) into one
/// scenario with a link per pair of zones that the table connects. Profiles become
/// `<profile>_<zone>`; unit and store names shared by several zones get `_<zone>`.
pub fn join(parts: Vec<Imported>, ntc: &Ntc, name: Option<String>) -> Result<Imported> {
    let first = parts.first().expect("at least two countries");
    let hours = first.load_mw[0].len();
    let start = first.start.clone();
    for part in &parts[1..] {
        if part.load_mw[0].len() != hours || part.start != start {
            return Err(Error::Usage(format!(
                "import dispaset: the load of {} has {} hours from {}, that of {} {} hours \
                 from {}; the countries of one scenario need the same hours",
                first.zones[0],
                hours,
                start.as_deref().unwrap_or("an unknown time"),
                part.zones[0],
                part.load_mw[0].len(),
                part.start.as_deref().unwrap_or("an unknown time"),
            )));
        }
    }
    let zones: Vec<String> = parts.iter().map(|p| p.zones[0].clone()).collect();
    if let Some(z) = zones
        .iter()
        .enumerate()
        .find_map(|(i, z)| zones[..i].contains(z).then_some(z))
    {
        return Err(Error::Usage(format!(
            "import dispaset: the files of {z} are given twice"
        )));
    }
    let count = |names: Vec<&str>| {
        let mut n: BTreeMap<String, usize> = BTreeMap::new();
        for name in names {
            *n.entry(name.to_string()).or_default() += 1;
        }
        n
    };
    let unit_names = count(
        parts
            .iter()
            .flat_map(|p| &p.units)
            .map(|u| u.name.as_str())
            .collect(),
    );
    let store_names = count(
        parts
            .iter()
            .flat_map(|p| &p.storage)
            .map(|s| s.name.as_str())
            .collect(),
    );
    let mut joined = Imported {
        name: name.unwrap_or_else(|| format!("{} from the Dispa-SET database", zones.join(", "))),
        description: String::new(),
        zones: zones.clone(),
        units: Vec::new(),
        storage: Vec::new(),
        fuels: Vec::new(),
        load_mw: Vec::new(),
        profiles: Vec::new(),
        links: Vec::new(),
        start,
        report: Report::default(),
    };
    let mut renamed = 0;
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    for part in parts {
        let zone = part.zones[0].clone();
        let suffixed = |p: &str| format!("{p}_{zone}");
        for mut unit in part.units {
            if unit_names[&unit.name] > 1 {
                unit.name = suffixed(&unit.name);
                renamed += 1;
            }
            if let Availability::Profile(p) = &unit.availability {
                unit.availability = Availability::Profile(suffixed(p));
            }
            unit.must_run_profile = unit.must_run_profile.as_deref().map(suffixed);
            joined.units.push(unit);
        }
        for mut store in part.storage {
            if store_names[&store.name] > 1 {
                store.name = suffixed(&store.name);
                renamed += 1;
            }
            store.inflow_profile = store.inflow_profile.as_deref().map(suffixed);
            joined.storage.push(store);
        }
        for (profile, values) in part.profiles {
            joined.profiles.push((suffixed(&profile), values));
        }
        for fuel in part.fuels {
            match joined.fuels.iter().find(|f| f.fuel == fuel.fuel) {
                None => joined.fuels.push(fuel),
                Some(same) if *same == fuel => {}
                Some(other) => {
                    return Err(Error::Usage(format!(
                        "import dispaset: fuel {} has a price or CO2 factor in {zone} \
                         ({}, {}) other than in the countries before ({}, {})",
                        fuel.fuel,
                        fuel.price_eur_per_mwh_th,
                        fuel.co2_t_per_mwh_th,
                        other.price_eur_per_mwh_th,
                        other.co2_t_per_mwh_th
                    )))
                }
            }
        }
        joined.load_mw.extend(part.load_mw);
        notes.push((zone.clone(), part.report.notes.clone()));
        merge_report(&mut joined.report, part.report, &zone);
    }
    // A country's notes: said once where every country has them, else with the zone; a
    // fuel series another country's units burn is used.
    let unused = |note: &str| {
        joined
            .fuels
            .iter()
            .any(|f| note.ends_with(&format!("not used: no unit burns {}", f.fuel)))
    };
    joined.report.notes.clear();
    for (zone, own) in &notes {
        for note in own.iter().filter(|n| !unused(n)) {
            if notes.iter().all(|(_, other)| other.contains(note)) {
                if !joined.report.notes.contains(note) {
                    joined.report.notes.push(note.clone());
                }
            } else {
                joined.report.notes.push(format!("{zone}: {note}"));
            }
        }
    }
    joined.description = format!(
        "Imported by `carbonpass import dispaset`, one zone per country ({}), linked by \
         the transfer capacities of {}; see import_report.md.",
        zones.join(", "),
        ntc.source
    );
    // One link per pair of zones, in the order of the zones, where either direction has
    // a capacity.
    for (i, a) in zones.iter().enumerate() {
        for b in &zones[i + 1..] {
            let (forward, back) = (ntc.get(a, b), ntc.get(b, a));
            if forward > 0.0 || back > 0.0 {
                joined.links.push(LinkRow {
                    from: a.clone(),
                    to: b.clone(),
                    capacity_mw: forward,
                    capacity_reverse_mw: back,
                });
            }
        }
    }
    let report = &mut joined.report;
    report.sources.push(format!(
        "{}: transfer capacities between countries, MW",
        ntc.source
    ));
    let mut links = String::from("links.csv: ");
    if joined.links.is_empty() {
        links.push_str("no pair of the zones has a transfer capacity in the table");
    } else {
        let pairs: Vec<String> = joined
            .links
            .iter()
            .map(|l| {
                format!(
                    "{}→{} {} / {}→{} {} MW",
                    l.from, l.to, l.capacity_mw, l.to, l.from, l.capacity_reverse_mw
                )
            })
            .collect();
        let _ = write!(links, "{} pairs: {}", pairs.len(), pairs.join("; "));
    }
    report.notes.push(links);
    let outside: Vec<String> = ntc
        .capacities
        .iter()
        .filter(|((from, to), mw)| **mw > 0.0 && zones.contains(from) && !zones.contains(to))
        .map(|((from, to), mw)| format!("{from}→{to} {mw}"))
        .collect();
    if !outside.is_empty() {
        report.notes.push(format!(
            "borders to countries outside the scenario, without a link ({} MW): what \
             flows over them is the note on flows to countries outside the model",
            outside.join(", ")
        ));
    }
    if renamed > 0 {
        report.notes.push(format!(
            "{renamed} unit or storage names shared by several countries got their zone \
             as a suffix (`_<zone>`)"
        ));
    }
    Ok(joined)
}

/// Adds one country's report to the joined one: sources said once, values filled counted
/// together, rows left out named with their zone (notes are joined by the caller).
fn merge_report(into: &mut Report, part: Report, zone: &str) {
    for source in part.sources {
        if !into.sources.contains(&source) {
            into.sources.push(source);
        }
    }
    for (key, n) in part.filled {
        *into.filled.entry(key).or_default() += n;
    }
    into.skipped
        .extend(part.skipped.into_iter().map(|s| format!("{zone}: {s}")));
}
