//! `carbonpass validate`: the adequacy check against hand-read fixture data, and the
//! summary's capacity column against the units file.

mod common;
use common::carbonpass;

use carbonpass::cmd::validate::{shortfalls, Shortfall};
use carbonpass::input;

#[test]
fn hours_short_of_capacity_are_found_by_hand() {
    // North, hour 5: 440 MW of load against wind 0 + nuclear 0.9 · 100 + lignite 150 +
    // CCGT 100 = 340 MW. South, hour 3: 300 MW against 120 + 80 + 40 = 240 MW; hour 2
    // (240 MW) is exactly covered.
    let s = input::load("tests/fixtures/steps/steps.toml".as_ref())
        .unwrap()
        .scenario;
    let found = shortfalls(&s);
    assert_eq!(found.len(), 2);
    let expect = [("north", 5, 100.0), ("south", 3, 60.0)];
    for (
        Shortfall {
            zone,
            hours,
            worst_hour,
            worst_mw,
            links_mw,
            storage_mw,
            uncovered_hours,
        },
        (z, h, mw),
    ) in found.iter().zip(expect)
    {
        assert_eq!((zone.as_str(), *hours, *worst_hour), (z, 1, h));
        assert!((worst_mw - mw).abs() < 1e-9, "{zone}: {worst_mw}");
        // No links, no stores: nothing covers the gap.
        assert_eq!((*links_mw, *storage_mw, *uncovered_hours), (0.0, 0.0, 1));
    }
}

#[test]
fn links_and_stores_count_towards_covering_a_gap() {
    // The same zones joined 20 MW north → south and 50 MW back: north's 100 MW gap in
    // hour 5 is more than the 50 MW that can come back, south's 60 MW gap in hour 3 more
    // than the 20 MW that can come in. With the fixture's stores (north 60 MW, south
    // 30 + 50 MW) both are within reach: 50 + 60 ≥ 100 and 20 + 80 ≥ 60.
    let load = |path: &str| input::load(path.as_ref()).unwrap().scenario;
    let linked = shortfalls(&load("tests/fixtures/steps/steps_directional.toml"));
    let got: Vec<_> = linked
        .iter()
        .map(|s| (s.zone.as_str(), s.links_mw, s.storage_mw, s.uncovered_hours))
        .collect();
    assert_eq!(got, [("north", 50.0, 0.0, 1), ("south", 20.0, 0.0, 1)]);
    let both = shortfalls(&load("tests/fixtures/steps/steps_directional_storage.toml"));
    let got: Vec<_> = both
        .iter()
        .map(|s| (s.zone.as_str(), s.links_mw, s.storage_mw, s.uncovered_hours))
        .collect();
    assert_eq!(got, [("north", 50.0, 60.0, 0), ("south", 20.0, 80.0, 0)]);
    let run = carbonpass(&["validate", "tests/fixtures/steps/steps_directional.toml"]);
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains("warning: zone north: load exceeds its own available capacity in 1 hour(s), most in hour 5 (100 MW short); links can bring up to 50 MW and stores give up to 0 MW, too little in 1 of them"),
        "{text}"
    );
}

#[test]
fn the_summary_lists_capacity_by_technology_from_the_units_file() {
    let run = carbonpass(&["validate", "scenarios/de_week_2015.toml"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = String::from_utf8(run.stdout).unwrap();
    // Nuclear capacity summed straight from units.csv.
    let mut reader = csv::Reader::from_path("scenarios/de_week_2015/units.csv").unwrap();
    let nuclear: f64 = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[1] == "nuclear")
        .map(|r| r[3].parse::<f64>().unwrap())
        .sum();
    let row = text.lines().find(|l| l.starts_with("| nuclear |")).unwrap();
    assert!(
        row.starts_with(&format!("| nuclear | {nuclear:.0} |")),
        "{row}"
    );
    assert!(text.contains("| system | 71834 |"), "peak load: {text}");
    assert!(
        text.contains("adequacy: available capacity covers the load"),
        "{text}"
    );
    let bad = carbonpass(&["validate", "scenarios/no_such.toml"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no_such.toml"));
}
