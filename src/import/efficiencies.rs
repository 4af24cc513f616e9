//! Plant-level efficiencies from the JRC Open Power Plants Database (JRC-PPDB-OPEN,
//! CC-BY-4.0; `data/jrc_efficiencies.csv`, its fossil units with an efficiency): a
//! fuelled unit of an import whose name and capacity match a JRC plant or unit of the same
//! country and fuel takes that efficiency instead of Dispa-SET's one value per
//! technology, so that a technology no longer sets one flat price.

use serde::Deserialize;

use super::{Report, UnitRow};

const JRC: &str = include_str!("../../data/jrc_efficiencies.csv");

/// Names closer than this (normalised Levenshtein similarity of the cleaned names) match.
const SIMILAR: f64 = 0.8;
/// A match's capacity lies within this factor of the unit's either way.
const CAPACITY_FACTOR: f64 = 2.0;

/// Words that name the kind of plant, not the plant (German, French, Dutch, English).
const GENERIC: [&str; 27] = [
    "kw",
    "hkw",
    "gkw",
    "ikw",
    "fhkw",
    "kraftwerk",
    "heizkraftwerk",
    "dampfkraftwerk",
    "gud",
    "block",
    "ag",
    "gmbh",
    "centrale",
    "central",
    "power",
    "station",
    "plant",
    "cc",
    "ccgt",
    "steg",
    "unit",
    "tv",
    "tg",
    "de",
    "la",
    "le",
    "du",
];

#[derive(Deserialize)]
struct JrcUnit {
    country: String,
    fuel: String,
    plant: String,
    unit: String,
    capacity_mw: f64,
    efficiency: f64,
}

/// A plant or unit to match against: its cleaned name, capacity and efficiency.
struct Candidate {
    name: String,
    label: String,
    capacity_mw: f64,
    efficiency: f64,
}

/// Lower case, ASCII letters and digits only, generic words dropped; `digits`: keep
/// numbers (a unit's number tells units of one plant apart).
fn clean(name: &str, digits: bool) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !GENERIC.contains(w))
        .filter(|w| digits || !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    words.join(" ")
}

/// The JRC plants (units of one fuel summed, efficiency weighted by capacity) and units of
/// `zone` burning `fuel`.
fn candidates(table: &[JrcUnit], zone: &str, fuel: &str) -> Vec<(Candidate, bool)> {
    let own: Vec<&JrcUnit> = (table.iter())
        .filter(|u| u.country == zone && u.fuel == fuel)
        .collect();
    let mut found: Vec<(Candidate, bool)> = Vec::new();
    for u in &own {
        if u.unit != "NA" && !u.unit.is_empty() {
            found.push((
                Candidate {
                    name: clean(&u.unit, true),
                    label: u.unit.clone(),
                    capacity_mw: u.capacity_mw,
                    efficiency: u.efficiency,
                },
                true,
            ));
        }
    }
    let mut plants: Vec<&str> = own.iter().map(|u| u.plant.as_str()).collect();
    plants.dedup();
    for plant in plants {
        let units = || own.iter().filter(|u| u.plant == plant);
        let capacity: f64 = units().map(|u| u.capacity_mw).sum();
        let weighted: f64 = units().map(|u| u.capacity_mw * u.efficiency).sum();
        found.push((
            Candidate {
                name: clean(plant, false),
                label: plant.to_string(),
                capacity_mw: capacity,
                efficiency: weighted / capacity,
            },
            false,
        ));
    }
    found
}

/// Gives every fuelled unit of `zone` that matches a JRC plant or unit its efficiency.
pub fn apply(zone: &str, units: &mut [UnitRow], report: &mut Report) {
    let table: Vec<JrcUnit> = csv::Reader::from_reader(JRC.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("the built-in JRC table parses (tested below)");
    if !table.iter().any(|u| u.country == zone) {
        report.notes.push(format!(
            "no JRC-PPDB unit of {zone} in data/jrc_efficiencies.csv: efficiencies as the \
             plant list gives them"
        ));
        return;
    }
    let (mut matched, mut fuelled) = ((0, 0.0), (0, 0.0));
    let mut pairs = Vec::new();
    // The JRC plants and units of each fuel, cleaned once.
    let mut pools: Vec<(String, Vec<(Candidate, bool)>)> = Vec::new();
    for unit in units.iter_mut() {
        if unit.efficiency.is_none() || unit.capacity_mw <= 0.0 {
            continue;
        }
        if !pools.iter().any(|(fuel, _)| *fuel == unit.fuel) {
            let pool = candidates(&table, zone, &unit.fuel);
            pools.push((unit.fuel.clone(), pool));
        }
        let pool = &pools
            .iter()
            .find(|(fuel, _)| *fuel == unit.fuel)
            .expect("added")
            .1;
        if pool.is_empty() {
            continue;
        }
        fuelled = (fuelled.0 + 1, fuelled.1 + unit.capacity_mw);
        let best = pool
            .iter()
            .filter(|(c, _)| !c.name.is_empty())
            .filter(|(c, _)| {
                let ratio = c.capacity_mw / unit.capacity_mw;
                (1.0 / CAPACITY_FACTOR..=CAPACITY_FACTOR).contains(&ratio)
            })
            .map(|(c, is_unit)| {
                let own = clean(&unit.name, *is_unit);
                (strsim::normalized_levenshtein(&own, &c.name), c)
            })
            .filter(|(score, _)| *score >= SIMILAR)
            // The closest name; among equally close ones, the first in the table.
            .fold(None::<(f64, &Candidate)>, |best, (s, c)| match best {
                Some((b, _)) if b >= s => best,
                _ => Some((s, c)),
            });
        if let Some((_, c)) = best {
            matched = (matched.0 + 1, matched.1 + unit.capacity_mw);
            pairs.push(format!(
                "{} → {} ({})",
                unit.name,
                c.label,
                crate::util::num(c.efficiency)
            ));
            unit.efficiency = Some(c.efficiency);
            report.fill(
                "efficiency",
                &format!("{} (JRC-PPDB, data/jrc_efficiencies.csv)", unit.technology),
            );
        }
    }
    if fuelled.0 == 0 {
        return;
    }
    report.notes.push(format!(
        "efficiency of {} of {} fuelled units ({} of {} MW) from JRC-PPDB \
         (data/jrc_efficiencies.csv), matched by name and capacity (plant → JRC plant or \
         unit, efficiency); the others keep the plant list's: {}",
        matched.0,
        fuelled.0,
        crate::util::num(matched.1.round()),
        crate::util::num(fuelled.1.round()),
        if pairs.is_empty() {
            "none matched".to_string()
        } else {
            pairs.join(", ")
        }
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_the_words_for_a_kind_of_plant() {
        assert_eq!(clean("Heizkraftwerk Mitte", false), "mitte");
        assert_eq!(clean("HKW Mitte GUD", false), "mitte");
        assert_eq!(clean("PORCHEVILLE 1", true), "porcheville 1");
        assert_eq!(clean("KW Boxberg Block Q", false), "boxberg q");
    }

    #[test]
    fn the_built_in_table_parses_and_holds_efficiencies() {
        let table: Vec<JrcUnit> = csv::Reader::from_reader(JRC.as_bytes())
            .deserialize()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(table.len() > 1600);
        assert!(table
            .iter()
            .all(|u| (0.2..0.65).contains(&u.efficiency) && u.capacity_mw > 0.0));
    }
}
