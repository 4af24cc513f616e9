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
        },
        (z, h, mw),
    ) in found.iter().zip(expect)
    {
        assert_eq!((zone.as_str(), *hours, *worst_hour), (z, 1, h));
        assert!((worst_mw - mw).abs() < 1e-9, "{zone}: {worst_mw}");
    }
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
