//! What a plant list does not say about the seasons, from the project's tables (`data/`,
//! sources in `data/SOURCES.md`, compiled in): nuclear availability by month with the
//! year's long reactor outages, and heat-led CHP as a must-run that follows heat demand.
//! Both follow EMMA's historical mode (Hirth, Ruhnau, Sgarlato): monthly availability of
//! nuclear, and CHP's minimum output as a share of a heat profile.

use jiff::civil::{Date, DateTime};
use serde::Deserialize;

use super::{Availability, Report, UnitRow};

const NUCLEAR_AVAILABILITY: &str = include_str!("../../data/nuclear_availability.csv");
const NUCLEAR_GENERATION: &str = include_str!("../../data/nuclear_generation.csv");
const REACTOR_OUTAGES: &str = include_str!("../../data/reactor_outages.csv");
const CHP_CAPACITY: &str = include_str!("../../data/chp_capacity.csv");
const CHP_GENERATION: &str = include_str!("../../data/chp_generation.csv");
const HEATING_DEGREE_DAYS: &str = include_str!("../../data/heating_degree_days.csv");

/// Any country without a row of its own in the monthly nuclear table.
const ANY_COUNTRY: &str = "*";

#[derive(Deserialize)]
struct MonthShare {
    country: String,
    month: i8,
    availability: f64,
}

#[derive(Deserialize)]
struct Generation {
    country: String,
    year: i16,
    generation_twh: f64,
}

#[derive(Deserialize)]
struct Outage {
    country: String,
    unit: String,
    out_mw: f64,
    from: String,
    to: String,
}

#[derive(Deserialize)]
struct ChpCapacity {
    country: String,
    technology: String,
    chp_mw: f64,
}

#[derive(Deserialize)]
struct ChpGeneration {
    country: String,
    year: i16,
    industrial_twh: f64,
    residential_twh: f64,
    commercial_twh: f64,
}

#[derive(Deserialize)]
struct DegreeDays {
    country: String,
    month: i8,
    heating_degree_days: f64,
}

/// A built-in table's rows (tested to parse).
pub(super) fn rows<T: for<'de> Deserialize<'de>>(text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("built-in tables parse (tested below)")
}

/// CHP classes: the technologies of the import that fall in each, and EMMA's `chp0`
/// classes it sums with the least output per MW of CHP at full heat demand of each
/// (EMMA: 0.1 back-pressure + 0.9 × 0.35 extraction for steam plants, 0.3 + 0.7 × 0.75
/// for CCGT, all of it for open-cycle plants). Gas is one class: Dispa-SET's lists give
/// most gas plants as combined cycle, so EMMA's OCGT CHP joins its CCGT CHP there.
/// A CHP class: its name, the import's technologies in it, EMMA's classes with their
/// least output.
type ChpClass = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, f64)],
);

const CHP_CLASSES: [ChpClass; 3] = [
    ("lignite", &["lignite"], &[("lignite", 0.1 + 0.9 * 0.35)]),
    (
        "hard_coal",
        &["hard_coal"],
        &[("hard_coal", 0.1 + 0.9 * 0.35)],
    ),
    (
        "gas",
        &["ccgt", "ocgt", "gas_engine", "gas_steam"],
        &[("ccgt", 0.3 + 0.7 * 0.75), ("ocgt", 1.0)],
    ),
];

/// The local clock time of each hour of the scenario.
pub fn calendar(start: DateTime, hours: usize) -> Vec<DateTime> {
    (0..hours)
        .map(|h| {
            start
                .checked_add(jiff::Span::new().hours(h as i64))
                .expect("a year of hours stays within jiff's range")
        })
        .collect()
}

fn share(x: f64) -> String {
    crate::util::num((x * 1e3).round() / 1e3)
}

fn twh(mwh: f64) -> String {
    crate::util::num((mwh / 1e5).round() / 10.0)
}

/// Hours in the year of `date`.
pub(super) fn hours_in_year(date: DateTime) -> f64 {
    f64::from(date.date().days_in_year()) * 24.0
}

/// Nuclear units of `zone` with a constant availability get a monthly profile: EMMA's
/// monthly availability (France's own, else the one for all thermal plants), less the
/// reactors out in `data/reactor_outages.csv`, raised where that leaves less energy than
/// the reactors of the zone generated that year (`data/nuclear_generation.csv`), and at
/// most 1.
pub fn nuclear(
    zone: &str,
    hours: &[DateTime],
    units: &mut [UnitRow],
    profiles: &mut Vec<(String, Vec<f64>)>,
    report: &mut Report,
) {
    let reactors: Vec<usize> = (0..units.len())
        .filter(|&u| {
            units[u].technology == "nuclear"
                && matches!(units[u].availability, Availability::Constant(_))
        })
        .collect();
    let Some(&first) = hours.first() else { return };
    if reactors.is_empty() {
        return;
    }
    let table: Vec<MonthShare> = rows(NUCLEAR_AVAILABILITY);
    let own = table.iter().any(|r| r.country == zone);
    let by_month: Vec<f64> = (1..=12)
        .map(|m| {
            table
                .iter()
                .find(|r| r.month == m && r.country == if own { zone } else { ANY_COUNTRY })
                .map_or(1.0, |r| r.availability)
        })
        .collect();
    let outages: Vec<Outage> = rows(REACTOR_OUTAGES);
    let mut applied = Vec::new();
    let mut raw: Vec<Vec<f64>> = Vec::new();
    let mut out_of_service = Vec::new();
    for &u in &reactors {
        let unit = &units[u];
        let periods: Vec<(f64, Date, Date)> = outages
            .iter()
            .filter(|o| o.country == zone && o.unit == unit.name)
            .filter_map(|o| Some((o.out_mw, o.from.parse().ok()?, o.to.parse().ok()?)))
            .collect();
        let mut lost = 0.0;
        let values: Vec<f64> = hours
            .iter()
            .map(|t| {
                let out: f64 = periods
                    .iter()
                    .filter(|(_, from, to)| (*from..=*to).contains(&t.date()))
                    .map(|(mw, _, _)| mw)
                    .sum();
                let left = (1.0 - out / unit.capacity_mw).max(0.0);
                lost += unit.capacity_mw * (1.0 - left);
                by_month[t.month() as usize - 1] * left
            })
            .collect();
        if lost > 0.0 {
            applied.push(format!("{} ({} TWh out)", unit.name, twh(lost)));
        }
        out_of_service.push(lost > 0.0);
        raw.push(values);
    }
    let capacities: Vec<f64> = reactors.iter().map(|&u| units[u].capacity_mw).collect();
    let energy = |raw: &[Vec<f64>]| -> f64 {
        (capacities.iter().zip(raw))
            .map(|(c, v)| c * v.iter().sum::<f64>())
            .sum()
    };
    let available = energy(&raw);
    let generated = rows::<Generation>(NUCLEAR_GENERATION)
        .into_iter()
        .find(|g| g.country == zone && g.year == first.year())
        .map(|g| g.generation_twh * 1e6 * hours.len() as f64 / hours_in_year(first));
    let scale = generated.map_or(1.0, |g| (g / available).max(1.0));
    for values in &mut raw {
        for v in values.iter_mut() {
            *v = (*v * scale).min(1.0);
        }
    }
    let raised = energy(&raw);
    let shared = "nuclear".to_string();
    for ((&u, values), &own_profile) in reactors.iter().zip(&raw).zip(&out_of_service) {
        let name = if own_profile {
            let name = units[u].name.to_lowercase();
            let words: Vec<&str> = (name.split(|c: char| !c.is_ascii_alphanumeric()))
                .filter(|w| !w.is_empty())
                .collect();
            let slug = words.join("_");
            format!("nuclear_{slug}")
        } else {
            shared.clone()
        };
        if !profiles.iter().any(|(p, _)| *p == name) {
            profiles.push((name.clone(), values.clone()));
        }
        units[u].availability = Availability::Profile(name);
        report.fill(
            "availability",
            "nuclear (monthly, data/nuclear_availability.csv)",
        );
    }
    let source = if own { zone } else { "all thermal plants" };
    let mut note = format!(
        "nuclear availability by month (profile `{shared}`): EMMA's monthly availability \
         for {source} ({} in January, {} in July)",
        share(by_month[0]),
        share(by_month[6])
    );
    if !applied.is_empty() {
        note += &format!(
            ", less the reactor outages of data/reactor_outages.csv: {}",
            applied.join(", ")
        );
    }
    note += &format!("; {} TWh available", twh(available));
    match generated {
        Some(g) if scale > 1.0 => {
            note += &format!(
                ", less than the {} TWh the zone's reactors generated in {} \
                 (data/nuclear_generation.csv): raised × {}, at most 1 ({} TWh available)",
                twh(g),
                first.year(),
                share(scale),
                twh(raised)
            )
        }
        Some(g) => note += &format!(", {} TWh generated in {}", twh(g), first.year()),
        None => {
            note += &format!(
                "; no {} generation of {zone} in data/nuclear_generation.csv to check it against",
                first.year()
            )
        }
    }
    report.notes.push(note);
}

/// A CHP class of a zone: its CHP and fleet capacity (MW), the CHP share of the fleet,
/// the units of the class, and their must-run share by hour.
struct ChpMustRun {
    class: &'static str,
    chp_mw: f64,
    fleet_mw: f64,
    chp_share: f64,
    members: Vec<usize>,
    values: Vec<f64>,
}

/// Heat-led CHP of `zone` as a must-run that follows heat demand: EMMA's CHP capacity by
/// class (`data/chp_capacity.csv`) as a share of the zone's capacity of that class runs at
/// least the class's minimum × the heat profile, which is the year's residential and
/// commercial CHP generation spread by heating degree days of the month plus industrial
/// CHP spread evenly (`data/chp_generation.csv`, `data/heating_degree_days.csv`),
/// scaled to 1 in its highest hour.
pub fn chp(
    zone: &str,
    hours: &[DateTime],
    load_mw: &[f64],
    units: &mut [UnitRow],
    profiles: &mut Vec<(String, Vec<f64>)>,
    report: &mut Report,
) {
    let Some(&first) = hours.first() else { return };
    let capacity: Vec<ChpCapacity> = rows::<ChpCapacity>(CHP_CAPACITY)
        .into_iter()
        .filter(|c| c.country == zone)
        .collect();
    if capacity.is_empty() {
        report.notes.push(format!(
            "no CHP capacity of {zone} in data/chp_capacity.csv: no unit is heat-led must-run"
        ));
        return;
    }
    let generation = rows::<ChpGeneration>(CHP_GENERATION)
        .into_iter()
        .find(|g| g.country == zone && g.year == first.year());
    let own_degree_days: Vec<DegreeDays> = rows::<DegreeDays>(HEATING_DEGREE_DAYS)
        .into_iter()
        .filter(|d| d.country == zone)
        .collect();
    let degree_days: Vec<f64> = (1..=12)
        .filter_map(|m| own_degree_days.iter().find(|d| d.month == m))
        .map(|d| d.heating_degree_days)
        .collect();
    let (Some(generation), 12) = (generation, degree_days.len()) else {
        report.notes.push(format!(
            "CHP of {zone} not made must-run: data/chp_generation.csv has no {} row for it, \
             or data/heating_degree_days.csv no twelve months",
            first.year()
        ));
        return;
    };
    let total_degree_days: f64 = degree_days.iter().sum();
    let heat_twh = generation.residential_twh + generation.commercial_twh;
    let heat: Vec<f64> = hours
        .iter()
        .map(|t| {
            let month_hours = f64::from(t.date().days_in_month()) * 24.0;
            heat_twh * degree_days[t.month() as usize - 1] / total_degree_days / month_hours
                + generation.industrial_twh / hours_in_year(first)
        })
        .collect();
    let peak = heat.iter().cloned().fold(0.0, f64::max);
    let profile: Vec<f64> = heat.iter().map(|h| h / peak).collect();
    // Each class with CHP and units, or the note on why it has no must-run.
    let mut chosen: Vec<std::result::Result<ChpMustRun, String>> = Vec::new();
    for (class, technologies, of_emma) in CHP_CLASSES {
        let mut chp_mw = 0.0;
        let mut least_mw = 0.0;
        for (emma, least) in of_emma {
            if let Some(c) = capacity.iter().find(|c| c.technology == *emma) {
                chp_mw += c.chp_mw;
                least_mw += least * c.chp_mw;
            }
        }
        if chp_mw <= 0.0 {
            continue;
        }
        let least = least_mw / chp_mw;
        let members: Vec<usize> = (units.iter().enumerate())
            .filter(|(_, u)| technologies.contains(&u.technology.as_str()))
            .map(|(i, _)| i)
            .collect();
        let fleet_mw: f64 = members.iter().map(|&i| units[i].capacity_mw).sum();
        if fleet_mw <= 0.0 {
            chosen.push(Err(format!(
                "{class}: {} MW of CHP, but no such unit in the plant list",
                crate::util::num(chp_mw.round())
            )));
            continue;
        }
        let chp_share = (chp_mw / fleet_mw).min(1.0);
        let values: Vec<f64> = profile.iter().map(|p| chp_share * least * p).collect();
        chosen.push(Ok(ChpMustRun {
            class,
            chp_mw,
            fleet_mw,
            chp_share,
            members,
            values,
        }));
    }
    // Heat-led output never exceeds the zone's own load: where it would (a plant list
    // smaller than the country's CHP), every class is lowered by the same factor.
    let mut lowered = 0;
    for (h, &load) in load_mw.iter().enumerate().take(profile.len()) {
        let forced: f64 = (chosen.iter().flatten())
            .map(|c| c.values[h] * c.fleet_mw)
            .sum();
        if forced > load {
            lowered += 1;
            for c in chosen.iter_mut().flatten() {
                c.values[h] *= load / forced;
            }
        }
    }
    let mut classes = Vec::new();
    for class in chosen {
        let c = match class {
            Ok(c) => c,
            Err(note) => {
                classes.push(note);
                continue;
            }
        };
        let class = c.class;
        let name = format!("chp_{class}");
        let (low, high) =
            (c.values.iter()).fold((f64::INFINITY, 0.0_f64), |(l, h), &v| (l.min(v), h.max(v)));
        for &i in &c.members {
            units[i].must_run_profile = Some(name.clone());
            report.fill(
                "must_run_share",
                &format!("{class} (CHP, data/chp_capacity.csv)"),
            );
        }
        classes.push(format!(
            "{class}: {} MW of CHP of {} MW ({}), must-run {}–{} of available capacity",
            crate::util::num(c.chp_mw.round()),
            crate::util::num(c.fleet_mw.round()),
            share(c.chp_share),
            share(low),
            share(high)
        ));
        profiles.push((name, c.values));
    }
    if lowered > 0 {
        classes.push(format!(
            "lowered to the load in {lowered} hours where it would have exceeded it"
        ));
    }
    report.notes.push(format!(
        "heat-led CHP as must-run (profiles `chp_<class>`): the heat profile is {} \
         TWh of residential and commercial CHP by heating degree days of the month plus {} \
         TWh of industrial CHP evenly ({} data/chp_generation.csv), 1 at its highest; {}",
        crate::util::num((heat_twh * 10.0).round() / 10.0),
        crate::util::num((generation.industrial_twh * 10.0).round() / 10.0),
        first.year(),
        classes.join("; ")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_table_parses() {
        assert_eq!(rows::<MonthShare>(NUCLEAR_AVAILABILITY).len(), 24);
        assert!(rows::<Generation>(NUCLEAR_GENERATION).len() > 60);
        for o in rows::<Outage>(REACTOR_OUTAGES) {
            let (from, to): (Date, Date) = (o.from.parse().unwrap(), o.to.parse().unwrap());
            assert!(from <= to && o.out_mw > 0.0, "{}", o.unit);
        }
        assert!(rows::<ChpCapacity>(CHP_CAPACITY)
            .iter()
            .all(|c| c.chp_mw > 0.0));
        assert!(!rows::<ChpGeneration>(CHP_GENERATION).is_empty());
        assert_eq!(rows::<DegreeDays>(HEATING_DEGREE_DAYS).len() % 12, 0);
    }
}
