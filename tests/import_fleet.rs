//! What `import dispaset` adds to a plant list (data/SOURCES.md, "The seasons of a
//! national fleet" and "jrc_efficiencies.csv"), checked on the real 2015 files against
//! numbers worked out by hand from the tables and the raw JRC-PPDB files: France's nuclear
//! energy raised to what its reactors generated, Belgium's reactors out in 2015,
//! Germany's heat-led CHP, plant efficiencies, `--flat-fleet`, and the flows to
//! countries outside the model.

use std::path::Path;

use carbonpass::import::{dispaset, Availability, Defaults, Imported};

const DATA: &str = "../shared/data/dispaset";

fn import(country: &str, flat_fleet: bool) -> Imported {
    import_with(&[country], flat_fleet, false)
}

/// The 2015 files of `countries`, imported together.
fn import_with(countries: &[&str], flat_fleet: bool, closed_borders: bool) -> Imported {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for country in countries {
        files.extend([
            format!("PowerPlants/{country}/2015.csv"),
            format!("Load_RealTime/{country}/1h/2015.csv"),
            format!("AvailabilityFactors/{country}/1h/2015.csv"),
        ]);
    }
    for fuel in ["Coal", "Gas", "Oil", "Biomass"] {
        files.push(format!("FuelPrices/{fuel}/2015.csv"));
    }
    let files: Vec<String> = (files.iter())
        .map(|f| root.join(DATA).join(f).display().to_string())
        .collect();
    let options = dispaset::Options {
        name: None,
        utc_offset_hours: 1,
        commitment: false,
        ntc: None,
        flat_fleet,
        closed_borders,
    };
    dispaset::import(&files, &options, &Defaults::read(None, None).unwrap()).unwrap()
}

fn profile<'a>(imported: &'a Imported, name: &str) -> &'a [f64] {
    let found = imported.profiles.iter().find(|(p, _)| p == name);
    &found.unwrap_or_else(|| panic!("no profile {name}")).1
}

fn availability_of<'a>(imported: &'a Imported, unit: &str) -> &'a [f64] {
    let unit = imported.units.iter().find(|u| u.name == unit).unwrap();
    match &unit.availability {
        Availability::Profile(p) => profile(imported, p),
        other => panic!("{}: {other:?}", unit.name),
    }
}

/// Hour 0 is local midnight of 1 January 2015; the first hour of each month.
fn first_hour_of_month(month: usize) -> usize {
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    days[..month - 1].iter().sum::<usize>() * 24
}

#[test]
fn french_nuclear_follows_emmas_months_raised_to_the_417_twh_generated_in_2015() {
    let fr = import("FR", false);
    let nuclear: Vec<_> = fr
        .units
        .iter()
        .filter(|u| u.technology == "nuclear")
        .collect();
    assert_eq!(nuclear.len(), 58);
    let shape = profile(&fr, "nuclear");
    assert!(nuclear
        .iter()
        .all(|u| u.availability == Availability::Profile("nuclear".into())));
    // EMMA's French months: 0.8 in January, 0.6 in July, 0.7 in December; raised by one
    // factor, no month reaching 1.
    let (january, july, december) = (
        shape[first_hour_of_month(1)],
        shape[first_hour_of_month(7)],
        shape[first_hour_of_month(12)],
    );
    assert!(
        (january / july - 0.8 / 0.6).abs() < 1e-12,
        "{january} {july}"
    );
    assert!(
        (december / july - 0.7 / 0.6).abs() < 1e-12,
        "{december} {july}"
    );
    // Energy available: the 417 TWh generated (8760 hours: the whole year).
    let capacity: f64 = nuclear.iter().map(|u| u.capacity_mw).sum();
    assert_eq!(capacity, 63130.0);
    let energy_twh = capacity * shape.iter().sum::<f64>() / 1e6;
    assert!((energy_twh - 417.0).abs() < 1e-6, "{energy_twh}");
    // By hand: EMMA's months over 2015's days give 0.6766 of 63.13 GW × 8760 h,
    // 374.2 TWh; raised × 417 / 374.2 = 1.1145, January 0.8 × 1.1145 = 0.8916.
    let days = [31., 28., 31., 30., 31., 30., 31., 31., 30., 31., 30., 31.];
    let emma = [0.8, 0.8, 0.8, 0.7, 0.7, 0.6, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7];
    let raw_twh: f64 = (days.iter().zip(emma))
        .map(|(d, a)| d * 24.0 * a)
        .sum::<f64>()
        * 63130.0
        / 1e6;
    assert!((january - 0.8 * 417.0 / raw_twh).abs() < 1e-12, "{january}");
}

#[test]
fn belgian_reactors_out_in_2015_have_no_availability_until_their_restart() {
    let be = import("BE", false);
    let shared = profile(&be, "nuclear");
    // EMMA's thermal months elsewhere: 0.9 in January, 0.7 in July; Belgium's 25.4 TWh
    // left after the outages are above the 25 TWh generated, so nothing is raised.
    assert_eq!(shared[0], 0.9);
    assert_eq!(shared[first_hour_of_month(7)], 0.7);
    // Doel 3 is out until 21 December 2015 and back on the 22nd (day 355, from 0).
    let doel_3 = availability_of(&be, "DOEL 3");
    let back = 355 * 24;
    assert!(doel_3[..back].iter().all(|&a| a == 0.0));
    assert_eq!(&doel_3[back..], &shared[back..]);
    // Doel 1 runs until 14 February (day 44) and is out from the 15th (day 45).
    let doel_1 = availability_of(&be, "DOEL 1");
    assert_eq!(&doel_1[..45 * 24], &shared[..45 * 24]);
    assert_eq!(doel_1[45 * 24], 0.0);
    // The reactors without an outage keep the shared profile.
    assert_eq!(availability_of(&be, "DOEL 4"), shared);
}

#[test]
fn german_heat_led_chp_must_run_follows_the_heat_of_the_month() {
    let de = import("DE", false);
    let coal = de
        .units
        .iter()
        .find(|u| u.technology == "hard_coal")
        .unwrap();
    assert_eq!(coal.must_run_profile.as_deref(), Some("chp_hard_coal"));
    let must_run = profile(&de, "chp_hard_coal");
    // At full heat: 22 895 MW of CHP of the 28 741 MW of hard coal, × 0.415.
    let coal_mw: f64 = (de.units.iter())
        .filter(|u| u.technology == "hard_coal")
        .map(|u| u.capacity_mw)
        .sum();
    assert_eq!(coal_mw, 28741.0);
    let highest = must_run.iter().cloned().fold(0.0, f64::max);
    assert!(
        (highest - 22895.0 / 28741.0 * 0.415).abs() < 1e-12,
        "{highest}"
    );
    // January (561 degree days) is the highest month; July's 11.5 leave little more than
    // the industrial CHP: by hand, heat per hour is 67.6857 TWh × degree days / 3268.8 /
    // hours of the month + 52.029 TWh / 8760.
    let heat = |degree_days: f64, days: f64| {
        (51.1212 + 16.5357) * degree_days / 3268.8 / (days * 24.0) + 52.029 / 8760.0
    };
    let ratio = heat(11.5, 31.0) / heat(561.3, 31.0);
    let july = must_run[first_hour_of_month(7)];
    assert_eq!(must_run[0], highest);
    assert!(
        (july / highest - ratio).abs() < 1e-3,
        "{july} {highest} {ratio}"
    );
    // Nuclear, with Germany's 87 TWh of 2015 above EMMA's months, is raised and capped.
    assert!(profile(&de, "nuclear").iter().all(|&a| a <= 1.0));
}

/// Boxberg's efficiency, from the raw JRC-PPDB files: the capacity-weighted mean of its
/// lignite units (N and P 500 MW at 0.35, Q 840 MW at 0.37, R 630 MW at 0.38 = 0.3645).
#[test]
fn a_plant_takes_the_capacity_weighted_efficiency_of_its_jrc_units() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/jrc-ppdb-open");
    let read = |file: &str| {
        let mut reader = csv::Reader::from_path(root.join(file)).unwrap();
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        (headers, rows)
    };
    let (uh, units) = read("JRC_OPEN_UNITS.csv");
    let (ph, performance) = read("JRC_OPEN_PERFORMANCE.csv");
    let col = |h: &csv::StringRecord, name: &str| h.iter().position(|c| c == name).unwrap();
    let (mut mw, mut weighted) = (0.0, 0.0);
    for (u, p) in units.iter().zip(&performance) {
        if &u[col(&uh, "name_p")] == "KW Boxberg" {
            let capacity: f64 = u[col(&uh, "capacity_g")].parse().unwrap();
            let eff: f64 = p[col(&ph, "eff")].parse().unwrap();
            mw += capacity;
            weighted += capacity * eff;
        }
    }
    assert_eq!(mw, 2470.0);
    let de = import("DE", false);
    let boxberg = de.units.iter().find(|u| u.name == "KW Boxberg").unwrap();
    assert!((boxberg.efficiency.unwrap() - weighted / mw).abs() < 1e-12);
    // Dispa-SET's own value, one per technology and fuel, is what a flat fleet keeps.
    let flat = import("DE", true);
    let boxberg = flat.units.iter().find(|u| u.name == "KW Boxberg").unwrap();
    assert_eq!(boxberg.efficiency, Some(0.385));
    // Lignite no longer has one efficiency.
    let mut lignite: Vec<f64> = (de.units.iter())
        .filter(|u| u.technology == "lignite")
        .filter_map(|u| u.efficiency)
        .collect();
    lignite.sort_by(f64::total_cmp);
    lignite.dedup();
    assert!(lignite.len() >= 5, "{lignite:?}");
}

#[test]
fn a_flat_fleet_keeps_the_technology_tables_constant_availability_and_no_chp() {
    let de = import("DE", true);
    assert!(de.units.iter().all(|u| u.must_run_profile.is_none()));
    let nuclear = de.units.iter().find(|u| u.technology == "nuclear").unwrap();
    assert_eq!(nuclear.availability, Availability::Constant(0.9));
    assert!(!de
        .profiles
        .iter()
        .any(|(p, _)| p.starts_with("chp_") || p == "nuclear"));
}

/// A plant list much smaller than the country (the first gas plants of the Netherlands)
/// would give a heat-led must-run above a load of a twentieth of the real one: in those
/// hours every CHP class is lowered to exactly the load, and the scenario writes.
#[test]
fn heat_led_chp_is_lowered_to_the_load_where_it_would_exceed_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA);
    let dir = tempfile::tempdir().unwrap();
    let excerpt = |path: &str, lines: usize, scale: f64| {
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().take(lines).enumerate() {
            let line = match (i, scale != 1.0) {
                (0, _) | (_, false) => line.to_string(),
                _ => {
                    let (time, value) = line.split_once(',').unwrap();
                    format!("{time},{}", value.parse::<f64>().unwrap() * scale)
                }
            };
            out += &format!("{line}\n");
        }
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, out).unwrap();
        target.display().to_string()
    };
    let files = vec![
        excerpt("PowerPlants/NL/2015.csv", 8, 1.0),
        excerpt("Load_RealTime/NL/1h/2015.csv", 49, 0.05),
        excerpt("AvailabilityFactors/NL/1h/2015.csv", 49, 1.0),
        excerpt("FuelPrices/Gas/2015.csv", 49, 1.0),
    ];
    let options = dispaset::Options {
        name: None,
        utc_offset_hours: 1,
        commitment: false,
        ntc: None,
        flat_fleet: false,
        closed_borders: false,
    };
    let nl = dispaset::import(&files, &options, &Defaults::read(None, None).unwrap()).unwrap();
    let load = &nl.load_mw[0];
    let forced = |h: usize| -> f64 {
        (nl.units.iter())
            .filter_map(|u| Some(profile(&nl, u.must_run_profile.as_deref()?)[h] * u.capacity_mw))
            .sum()
    };
    let lowered = (0..load.len())
        .filter(|&h| {
            let (f, l) = (forced(h), load[h]);
            assert!(
                f <= l * (1.0 + 1e-12),
                "hour {h}: {f} MW must run, load {l} MW"
            );
            (f - l).abs() <= 1e-9 * l
        })
        .count();
    assert!(
        lowered > 0,
        "no hour needed lowering: the test shows nothing"
    );
    let note = format!("lowered to the load in {lowered} hours");
    assert!(
        nl.report_markdown().contains(&note),
        "{}",
        nl.report_markdown()
    );
    nl.write(&dir.path().join("out")).unwrap();
}

/// The Netherlands' 2015 exchange (data/cross_border_exports.csv, Eurostat via EMMA), by
/// hand. Alone, every neighbour is outside: exports to BE 13.428, UK 8.233, DE 0.339,
/// NO 0.012 TWh; imports from BE 1.021, UK 0.007651, DE 23.961, NO 5.978 TWh; net imports
/// 8.955651 TWh, so every hour's load is 8.955651e6 / 8760 MW lower. With Belgium in the
/// scenario, that border is a link and only DE, NO and UK are outside: net imports
/// 29.946651 − 8.584 = 21.362651 TWh.
#[test]
fn net_exports_to_countries_outside_the_model_are_added_to_the_load() {
    let closed = import_with(&["NL"], true, true);
    let alone = import_with(&["NL"], true, false);
    let with_belgium = import_with(&["NL", "BE"], true, false);
    assert_eq!(with_belgium.zones, ["NL", "BE"]);
    for (imported, net_twh) in [(&alone, -8.955651), (&with_belgium, -21.362651)] {
        let shift = net_twh * 1e6 / 8760.0;
        for (h, (&open, &shut)) in imported.load_mw[0]
            .iter()
            .zip(&closed.load_mw[0])
            .enumerate()
        {
            assert!(
                (open - (shut + shift)).abs() < 1e-9,
                "hour {h}: {open} vs {shut} {shift}"
            );
        }
    }
    let report = alone.report_markdown();
    assert!(
        report.contains("net imports of 2015, 8.956 TWh with BE, DE, NO, UK, added to the load evenly over the year, − 1022.3 MW an hour"),
        "{report}"
    );
    assert!(!closed
        .report_markdown()
        .contains("flows to countries outside"));
}
