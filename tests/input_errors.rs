//! Bad input gets one clear error per problem, naming file, line and column, and all
//! problems of a scenario are reported together.

use std::fs;
use std::path::{Path, PathBuf};

use carbonpass::input;

const UNITS: &str = "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,100,0.4\nwind,wind,none,50,\n";
const FUELS: &str = "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,0.34\n";
const DEMAND: &str = "hour,load_mw\n0,80\n1,120\n";

/// Writes a scenario folder, with `changes` replacing whole files, and returns its TOML.
fn scenario(dir: &Path, changes: &[(&str, &str)]) -> PathBuf {
    let mut files = vec![
        ("s.toml", "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n"),
        ("units.csv", UNITS),
        ("fuels.csv", FUELS),
        ("demand.csv", DEMAND),
    ];
    for (name, text) in changes {
        match files.iter_mut().find(|(n, _)| n == name) {
            Some(file) => file.1 = text,
            None => files.push((name, text)),
        }
    }
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
    dir.join("s.toml")
}

fn problems(changes: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let err = input::load(&scenario(dir.path(), changes))
        .err()
        .expect("an error");
    err.problems()
        .iter()
        .map(|p| {
            p.to_string()
                .replace(&format!("{}/", dir.path().display()), "")
        })
        .collect()
}

#[test]
fn a_valid_scenario_loads_with_units_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let s = input::load(&scenario(dir.path(), &[])).unwrap().scenario;
    assert_eq!(s.units.len(), 2);
    assert_eq!(s.zones, vec!["system"]);
    assert!((s.units[0].marginal_cost_eur_per_mwh(10.0) - (25.0 + 8.5)).abs() < 1e-12);
    assert_eq!(s.units[1].marginal_cost_eur_per_mwh(10.0), 0.0);
    assert_eq!(s.carbon_prices_eur_per_t.len(), 11, "default grid 0:100:10");
}

#[test]
fn every_problem_of_a_file_is_reported_with_line_and_column() {
    let units = "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,-5,0.4\ncoal,hard_coal,lignite,100,1.2\ngas,ccgt,coal,abc,NaN\n";
    let found = problems(&[("units.csv", units)]);
    let expect = [
        "units.csv, line 2, column `capacity_mw`: expected a number in (0, 1000000], got -5",
        "units.csv, line 3, column `name`: unit `coal` is already defined on line 2",
        "units.csv, line 3, column `fuel`: unknown fuel `lignite`",
        "units.csv, line 3, column `efficiency`: expected a fraction in (0, 1], got 1.2",
        "units.csv, line 4, column `capacity_mw`: expected a number in (0, 1000000], got `abc`, which is not a number",
        "units.csv, line 4, column `efficiency`: expected a fraction in (0, 1], got NaN, which is not a finite number",
    ];
    for e in expect {
        assert!(
            found.iter().any(|p| p.starts_with(e)),
            "missing `{e}` in {found:#?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
}

#[test]
fn problems_of_several_files_come_together() {
    let found = problems(&[
        ("demand.csv", "hour,load_mw\n0,80\n2,-1\n"),
        ("fuels.csv", "fuel,price_eur_per_mwh_th\ncoal,10\n"),
    ]);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("demand.csv, line 3, column `hour`: expected hour 1")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(
            "demand.csv, line 3, column `load_mw`: expected a number in [0, 1000000], got -1"
        )),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(
            "fuels.csv, line 1, column `co2_t_per_mwh_th`: required column is missing"
        )),
        "{found:#?}"
    );
}

#[test]
fn missing_empty_and_ragged_files_are_named() {
    let found = problems(&[("units.csv", "")]);
    assert_eq!(
        found,
        vec!["units.csv: the file is empty; expected a header row naming the columns"]
    );
    let found = problems(&[("demand.csv", "hour,load_mw\n0,80,3\n1,90\n")]);
    assert_eq!(
        found,
        vec!["demand.csv, line 2: expected 2 fields as in the header, found 3"]
    );
    let found = problems(&[("s.toml", "name = \"t\"\n[data]\nunits = \"nope.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n")]);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("nope.csv: cannot read the file"),
        "{found:?}"
    );
}

#[test]
fn invalid_toml_and_unknown_options_name_the_line() {
    let found = problems(&[("s.toml", "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n[market]\npricng = \"marginal\"\n")]);
    assert!(
        found[0].starts_with(
            "s.toml, line 7: invalid scenario: unknown key `pricng`; did you mean `pricing`?"
        ),
        "{found:?}"
    );
    let found = problems(&[("s.toml", "name = \"t\"\n[data\n")]);
    assert!(
        found[0].starts_with("s.toml, line 2: invalid scenario"),
        "{found:?}"
    );
    let found = problems(&[("s.toml", "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n[carbon]\nprices_eur_per_t = { start = 0, stop = 10, step = 0 }\n")]);
    assert_eq!(
        found,
        vec!["s.toml: [carbon] prices_eur_per_t: step must be > 0, got 0"]
    );
}

#[test]
fn profiles_must_match_the_demand_hours_and_be_known() {
    let toml = "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\nprofiles = \"profiles.csv\"\n";
    let units = "name,technology,fuel,capacity_mw,efficiency,availability\nwind,wind,none,50,,wind\nsun,solar,none,50,,solar\n";
    let found = problems(&[
        ("s.toml", toml),
        ("units.csv", units),
        ("profiles.csv", "hour,wind\n0,0.5\n1,1.5\n2,0.1\n"),
    ]);
    assert!(
        found.iter().any(|p| p.starts_with(
            "profiles.csv, line 3, column `wind`: expected a fraction in [0, 1], got 1.5"
        )),
        "{found:#?}"
    );
    assert!(found.iter().any(|p| p.starts_with("profiles.csv: expected 2 hours as in the demand file, found 3")), "{found:#?}");
    assert!(found.iter().any(|p| p.starts_with("units.csv, line 3, column `availability`: expected a fraction in [0, 1] or a column of the profiles file (wind), got `solar`")), "{found:#?}");
}

#[test]
fn zones_must_be_columns_of_the_demand_file() {
    let units = "name,zone,technology,fuel,capacity_mw,efficiency\na,DE,hard_coal,coal,100,0.4\nb,FR,hard_coal,coal,100,0.4\nc,XX,hard_coal,coal,100,0.4\n";
    let found = problems(&[("units.csv", units), ("demand.csv", "hour,DE,FR\n0,1,2\n")]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("units.csv, line 4, column `zone`: unknown zone `XX`"),
        "{found:?}"
    );
    // With one `load_mw` column, the units name the zone.
    let dir = tempfile::tempdir().unwrap();
    let units = "name,zone,technology,fuel,capacity_mw,efficiency\na,DE,hard_coal,coal,100,0.4\n";
    let s = input::load(&scenario(dir.path(), &[("units.csv", units)]))
        .unwrap()
        .scenario;
    assert_eq!(s.zones, vec!["DE"]);
}

#[test]
fn free_allocation_shares_are_fractions_and_default_to_zero() {
    let units = "name,technology,fuel,capacity_mw,efficiency,free_allocation_share\ncoal,hard_coal,coal,100,0.4,0.8\nold,hard_coal,coal,100,0.35,1.5\nwind,wind,none,50,,\n";
    let found = problems(&[("units.csv", units)]);
    assert_eq!(
        found,
        ["units.csv, line 3, column `free_allocation_share`: expected a fraction in [0, 1], got 1.5"]
    );
    let dir = tempfile::tempdir().unwrap();
    let fine = units.replace("0.35,1.5", "0.35,1");
    let s = input::load(&scenario(dir.path(), &[("units.csv", &fine)]))
        .unwrap()
        .scenario;
    let shares: Vec<f64> = s.units.iter().map(|u| u.free_allocation_share()).collect();
    assert_eq!(shares, [0.8, 1.0, 0.0]);
}

#[test]
fn a_time_start_must_be_a_date_and_time() {
    let toml = "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n[time]\nstart = \"Monday\"\n";
    let found = problems(&[("s.toml", toml)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .starts_with("s.toml: [time] start = \"Monday\": expected the date and time of hour 0"),
        "{found:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let good = toml.replace("Monday", "2015-01-12T00:00");
    let s = input::load(&scenario(dir.path(), &[("s.toml", &good)]))
        .unwrap()
        .scenario;
    let calendar = s.calendar.unwrap();
    assert_eq!(calendar.hour_starts.len(), 2);
    assert_eq!(calendar.hour_starts[1].to_string(), "2015-01-12T01:00:00");
}

#[test]
fn imports_and_outside_ets_flags_are_checked() {
    let units = "name,technology,fuel,capacity_mw,efficiency,outside_ets\ncoal,hard_coal,coal,100,0.4,maybe\n";
    let found = problems(&[("units.csv", units)]);
    assert_eq!(
        found,
        ["units.csv, line 2, column `outside_ets`: expected true or false, got `maybe`"]
    );
    let toml = "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n\
                [[imports]]\nname = \"coal\"\ncapacity_mw = -5\nprice_eur_per_mwh = 30\nzone = \"FR\"\n";
    let found = problems(&[("s.toml", toml)]);
    let expect = [
        "s.toml: [[imports]] block 1 (`coal`): a unit of that name exists already",
        "s.toml: [[imports]] block 1 (`coal`): capacity_mw: expected a number in (0, 1000000], got -5",
        "s.toml: [[imports]] block 1 (`coal`): unknown zone `FR`",
    ];
    for e in expect {
        assert!(
            found.iter().any(|p| p.starts_with(e)),
            "missing `{e}` in {found:#?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    // A good block becomes a unit outside the carbon market.
    let dir = tempfile::tempdir().unwrap();
    let good = toml
        .replace("name = \"coal\"", "name = \"pl\"")
        .replace("-5", "500")
        .replace("zone = \"FR\"\n", "co2_t_per_mwh = 0.9\n");
    let s = input::load(&scenario(dir.path(), &[("s.toml", &good)]))
        .unwrap()
        .scenario;
    let pl = s.units.last().unwrap();
    assert_eq!(
        (pl.name.as_str(), pl.technology.as_str(), pl.outside_ets),
        ("pl", "imports", true)
    );
    assert_eq!(
        pl.marginal_cost_eur_per_mwh(100.0),
        30.0,
        "no carbon price on imports"
    );
    assert_eq!(pl.emission_intensity_t_per_mwh(), 0.9);
}
