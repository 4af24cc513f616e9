//! `carbonpass import dispaset` on the real Dispa-SET files in ../shared/data: column
//! mappings and unit conversions checked by value against the source files, filling from
//! the default tables counted, bad input named, and the bundled national years
//! reproducible from their sources.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use carbonpass::import::{dispaset, Availability, Defaults};

mod common;
use common::carbonpass;

const DATA: &str = "../shared/data/dispaset";

fn data(path: &str) -> String {
    format!("{DATA}/{path}")
}

/// The four files of a country's 2015 and all fuel price series.
fn country_files(country: &str) -> Vec<String> {
    let mut files = vec![
        data(&format!("PowerPlants/{country}/2015.csv")),
        data(&format!("Load_RealTime/{country}/1h/2015.csv")),
        data(&format!("AvailabilityFactors/{country}/1h/2015.csv")),
    ];
    for fuel in ["Coal", "Gas", "Oil", "Biomass"] {
        files.push(data(&format!("FuelPrices/{fuel}/2015.csv")));
    }
    files
}

/// Options of the tests here: `flat_fleet` and `closed_borders`, so that the values
/// checked are the source files' and the default tables' (what the fleet tables and the
/// flows outside add is tests/import_fleet.rs's).
fn options(name: &str) -> dispaset::Options {
    dispaset::Options {
        name: Some(name.into()),
        utc_offset_hours: 1,
        commitment: false,
        ntc: None,
        flat_fleet: true,
        closed_borders: true,
    }
}

fn in_repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The second column of a headerless `timestamp,value` file, read independently.
fn series(path: &str) -> Vec<f64> {
    fs::read_to_string(in_repo(path))
        .unwrap()
        .lines()
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect()
}

fn import(files: &[String]) -> carbonpass::Result<carbonpass::import::Imported> {
    let files: Vec<String> = files
        .iter()
        .map(|f| match f.split_once('=') {
            Some((role, path)) => format!("{role}={}", in_repo(path).display()),
            None => in_repo(f).display().to_string(),
        })
        .collect();
    dispaset::import(
        &files,
        &options("test"),
        &Defaults::read(None, None).unwrap(),
    )
}

/// Runs `carbonpass import dispaset` on a country's files into `out`, with `extra`
/// options before them; returns the run, checked to have succeeded when `must_succeed`.
fn import_command(country: &str, out: &Path, extra: &[&str], must_succeed: bool) -> Output {
    let mut args = vec!["import", "dispaset", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let files = country_files(country);
    args.extend(files.iter().map(String::as_str));
    let run = carbonpass(&args);
    if must_succeed {
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    run
}

#[test]
fn the_german_plant_list_maps_by_value() {
    let imported = import(&country_files("DE")).unwrap();
    assert_eq!(imported.zones, ["DE"]);
    assert_eq!(
        imported.units.len(),
        140 - 14,
        "every plant but pumped storage, which is storage"
    );
    let capacity = |tech: &str| -> f64 {
        imported
            .units
            .iter()
            .filter(|u| u.technology == tech)
            .map(|u| u.capacity_mw)
            .sum()
    };
    // Sums of PowerCapacity by Dispa-SET technology and fuel (STUR/LIG, STUR/HRD, COMC/GAS, ...).
    for (tech, mw) in [
        ("lignite", 22015.0),
        ("hard_coal", 28741.0),
        ("ccgt", 27694.0),
        ("nuclear", 10648.0),
        ("oil", 3745.0),
        ("biomass", 6609.0),
        ("waste", 1581.0),
        ("hydro_ror", 3749.0),
        ("hydro_reservoir", 539.0),
        ("wind_onshore", 39937.0),
        ("wind_offshore", 2513.0),
        ("solar", 38994.0),
    ] {
        assert!(
            (capacity(tech) - mw).abs() < 1e-9,
            "{tech}: {}",
            capacity(tech)
        );
    }
    // Line 2 of the file: 3000,KW Janschwalde,DE,STUR,LIG,0.385,...
    let first = &imported.units[0];
    assert_eq!(
        (
            first.name.as_str(),
            first.technology.as_str(),
            first.fuel.as_str()
        ),
        ("KW Janschwalde", "lignite", "lignite")
    );
    assert_eq!((first.capacity_mw, first.efficiency), (3000.0, Some(0.385)));
    assert_eq!(first.availability, Availability::Constant(0.85));
    assert_eq!(first.get(&carbonpass::schema::units::VOM), Some(2.0));
    let solar = imported
        .units
        .iter()
        .find(|u| u.technology == "solar")
        .unwrap();
    assert_eq!(solar.availability, Availability::Profile("solar".into()));
    assert_eq!(solar.efficiency, None);
    // Pumped storage (HPHS) becomes storage: 14 plants, 8,375 MW. Line 7 of the file:
    // 1060,PSW Goldisthal,DE,HPHS,WAT,0.86,...,STOCapacity 6678,...,0.86.
    assert!(imported.report.skipped.is_empty());
    assert_eq!(imported.storage.len(), 14);
    let power: f64 = imported.storage.iter().map(|s| s.power_mw).sum();
    assert_eq!(power, 8375.0);
    let goldisthal = &imported.storage[0];
    assert_eq!(
        (goldisthal.name.as_str(), goldisthal.zone.as_str()),
        ("PSW Goldisthal", "DE")
    );
    assert_eq!(
        (goldisthal.power_mw, goldisthal.charge_power_mw),
        (1060.0, 1060.0)
    );
    assert!((goldisthal.energy_mwh - 6678.0 * 0.86).abs() < 1e-9);
    assert!((goldisthal.efficiency_roundtrip - 0.86 * 0.86).abs() < 1e-12);
}

#[test]
fn hourly_series_and_fuel_prices_convert_by_value() {
    let imported = import(&country_files("DE")).unwrap();
    let load = series(&data("Load_RealTime/DE/1h/2015.csv"));
    assert_eq!(imported.load_mw[0].len(), 8760);
    assert_eq!(imported.load_mw[0], load, "load in MW, hour by hour");
    assert_eq!(imported.load_mw[0][0], 40951.75);
    // Hour 0 is 2014-12-31 23:00 UTC: midnight in Germany (UTC+1).
    assert_eq!(imported.start.as_deref(), Some("2015-01-01T00:00"));
    // Availability columns renamed, values unchanged: PHOT, WTOF, WTON, HROR at hour 0.
    let profile = |name: &str| {
        &imported
            .profiles
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name}"))
            .1
    };
    assert_eq!(profile("solar")[0], 0.0);
    assert_eq!(profile("wind_offshore")[0], 0.301330318979);
    assert_eq!(profile("wind_onshore")[0], 0.223355186835);
    assert_eq!(profile("hydro_ror")[1], 0.206383909051);
    // Fuel prices: the mean of each hourly series; CO2 factors from IPCC via data/fuels.csv.
    let fuel = |name: &str| imported.fuels.iter().find(|f| f.fuel == name).unwrap();
    for (ours, theirs) in [
        ("hard_coal", "Coal"),
        ("gas", "Gas"),
        ("oil", "Oil"),
        ("biomass", "Biomass"),
    ] {
        let values = series(&data(&format!("FuelPrices/{theirs}/2015.csv")));
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!(
            (fuel(ours).price_eur_per_mwh_th - mean).abs() < 1e-12,
            "{ours}"
        );
    }
    assert_eq!(fuel("lignite").co2_t_per_mwh_th, 0.364); // 101.0 t/TJ × 0.0036
    assert_eq!(fuel("hard_coal").co2_t_per_mwh_th, 0.341); // 94.6
    assert_eq!(fuel("gas").co2_t_per_mwh_th, 0.202); // 56.1
    assert_eq!(fuel("lignite").price_eur_per_mwh_th, 4.0); // no series: the table
    let report = &imported.report;
    assert_eq!(
        report.filled_in("price_eur_per_mwh_th"),
        3,
        "lignite, uranium, waste"
    );
    assert_eq!(
        report.filled_in("efficiency"),
        0,
        "Dispa-SET gives every efficiency"
    );
    assert_eq!(report.filled_in("vom_eur_per_mwh"), 126);
}

/// A real excerpt of the German list (its first 12 plants) with a commissioning year
/// added and some efficiencies removed, as an analyst's own list would have them.
fn plant_list_with_years(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(in_repo(&data("PowerPlants/DE/2015.csv"))).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let eff = header.split(',').position(|c| c == "Efficiency").unwrap();
    let mut out = format!("{header},CommissioningYear\n");
    // (line, year, remove the efficiency?)
    let edits = [
        (2, "1981", true),  // KW Janschwalde, lignite
        (3, "2012", true),  // KW Boxberg, lignite
        (4, "", true),      // KW Lippendorf, lignite, year unknown
        (5, "2015", true),  // KW Moorburg, hard coal
        (6, "1975", false), // keeps its efficiency
    ];
    for (i, line) in lines.take(12).enumerate() {
        let number = i + 2;
        let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
        let (year, blank) = edits
            .iter()
            .find(|(n, _, _)| *n == number)
            .map_or(("", false), |(_, y, b)| (*y, *b));
        if blank {
            fields[eff].clear();
        }
        out.push_str(&fields.join(","));
        out.push(',');
        out.push_str(year);
        out.push('\n');
    }
    let path = dir.join("PowerPlants").join("plants.csv");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, out).unwrap();
    path
}

#[test]
fn missing_efficiencies_are_filled_by_technology_and_commissioning_year_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let plants = plant_list_with_years(dir.path());
    let mut files = vec![format!("plants={}", plants.display())];
    files.extend(
        country_files("DE")
            .into_iter()
            .skip(1)
            .map(|f| in_repo(&f).display().to_string()),
    );
    let imported = dispaset::import(
        &files,
        &options("excerpt"),
        &Defaults::read(None, None).unwrap(),
    )
    .unwrap();
    let efficiency = |name: &str| {
        imported
            .units
            .iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .efficiency
            .unwrap()
    };
    assert_eq!(efficiency("KW Janschwalde"), 0.36, "lignite of 1980–1999");
    assert_eq!(efficiency("KW Boxberg"), 0.43, "lignite of 2010 on");
    assert_eq!(efficiency("KW Lippendorf"), 0.38, "lignite, year unknown");
    assert_eq!(efficiency("KW Moorburg"), 0.46, "hard coal of 2010 on");
    assert_eq!(imported.report.filled_in("efficiency"), 4);
    let report = imported.report_markdown();
    assert!(report.contains("| efficiency | lignite | 3 |"), "{report}");
    assert!(
        report.contains("| efficiency | hard_coal | 1 |"),
        "{report}"
    );
    // The fifth row keeps its own efficiency whatever its year.
    let sixth_line = fs::read_to_string(&plants)
        .unwrap()
        .lines()
        .nth(5)
        .unwrap()
        .to_string();
    let name = sixth_line.split(',').nth(1).unwrap();
    let given: f64 = sixth_line.split(',').nth(5).unwrap().parse().unwrap();
    assert_eq!(efficiency(name), given);
}

#[test]
fn bad_input_is_named_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    // An unknown technology code on line 3, and a negative capacity on line 4.
    let text = fs::read_to_string(in_repo(&data("PowerPlants/NL/2015.csv"))).unwrap();
    let mut lines: Vec<String> = text.lines().take(4).map(str::to_string).collect();
    let mut fields: Vec<&str> = lines[2].split(',').collect();
    fields[3] = "XXXX"; // Technology
    lines[2] = fields.join(",");
    lines[3] = format!("-5{}", &lines[3][lines[3].find(',').unwrap()..]);
    let plants = dir.path().join("plants.csv");
    fs::write(&plants, lines.join("\n")).unwrap();
    let files = vec![
        format!("plants={}", plants.display()),
        data("Load_RealTime/NL/1h/2015.csv"),
    ];
    let error = import(&files).unwrap_err();
    let shown = plants.display().to_string();
    assert_eq!(error.problems().len(), 1, "{error}");
    assert!(
        error.to_string().contains(&format!(
            "{shown}, line 4, column `PowerCapacity`: expected a number in [0, 1000000]"
        )),
        "{error}"
    );
    // The unknown technology is no stop: a coal plant by its fuel, named in the report.
    fs::write(&plants, lines[..3].join("\n")).unwrap();
    let imported = import(&files).unwrap();
    assert_eq!(imported.units[1].technology, "hard_coal");
    let report = imported.report_markdown();
    assert!(
        report.contains(
            "1 plant of Technology/Fuel `XXXX`/`HRD`, which the mapping does not know (1554 MW: \
             Eemshaven 1), imported as `hard_coal` (by its fuel"
        ),
        "{report}"
    );
    // A load whose hours are not an hour apart is named itself, not the other files.
    let load = dir.path().join("load.csv");
    let original = fs::read_to_string(in_repo(&data("Load_RealTime/NL/1h/2015.csv"))).unwrap();
    fs::write(
        &load,
        original.replacen("2015-01-01 00:00", "2015-01-01 00:30", 1),
    )
    .unwrap();
    let files = vec![
        data("PowerPlants/NL/2015.csv"),
        format!("load={}", load.display()),
        data("AvailabilityFactors/NL/1h/2015.csv"),
    ];
    let error = import(&files).unwrap_err();
    assert_eq!(error.problems().len(), 1, "{error}");
    assert!(
        error.to_string().contains(
            "load.csv, line 2, column `timestamp`: `2015-01-01 00:30:00+00:00` is 1.5 hours \
             after the one before: hours must follow each other an hour apart"
        ),
        "{error}"
    );
    // Availability factors of other hours than the load.
    let factors = dir.path().join("factors.csv");
    let original =
        fs::read_to_string(in_repo(&data("AvailabilityFactors/NL/1h/2015.csv"))).unwrap();
    fs::write(
        &factors,
        original.replacen("2015-01-01 00:00", "2015-01-01 00:30", 1),
    )
    .unwrap();
    let files = vec![
        data("PowerPlants/NL/2015.csv"),
        data("Load_RealTime/NL/1h/2015.csv"),
        format!("availability={}", factors.display()),
    ];
    let error = import(&files).unwrap_err().to_string();
    assert!(
        error.contains(
            "line 3, column `timestamp`: timestamp `2015-01-01 00:30:00+00:00`, but line 2 of"
        ),
        "{error}"
    );
    // Gaps, repeats and garbage in the load's timestamps.
    for (from, to, expected) in [
        (
            "2015-01-01 05:00",
            "2015-01-01 06:00",
            "is 2 hours after the one before",
        ),
        (
            "2015-01-01 05:00",
            "2015-01-01 04:00",
            "repeats the hour before",
        ),
        (
            "2015-01-01 05:00",
            "yesterday",
            "expected the date and time of the hour's start, got `yesterday",
        ),
    ] {
        let original = fs::read_to_string(in_repo(&data("Load_RealTime/NL/1h/2015.csv"))).unwrap();
        fs::write(&load, original.replacen(from, to, 1)).unwrap();
        let files = vec![
            data("PowerPlants/NL/2015.csv"),
            format!("load={}", load.display()),
            data("AvailabilityFactors/NL/1h/2015.csv"),
        ];
        let error = import(&files).unwrap_err();
        assert_eq!(error.problems().len(), 1, "{error}");
        assert!(error.to_string().contains(expected), "{expected}: {error}");
    }
    // One bad load value: one message, not one per file compared with the load.
    let original = fs::read_to_string(in_repo(&data("Load_RealTime/NL/1h/2015.csv"))).unwrap();
    let mut lines: Vec<String> = original.lines().map(String::from).collect();
    let (stamp, _) = lines[5].split_once(',').unwrap();
    lines[5] = format!("{stamp},lots");
    fs::write(&load, lines.join("\n") + "\n").unwrap();
    let mut files = country_files("NL");
    files[1] = format!("load={}", load.display());
    let error = import(&files).unwrap_err();
    assert_eq!(error.problems().len(), 1, "{error}");
    // A file whose role cannot be told, and a missing load.
    let run = carbonpass(&["import", "dispaset", "Cargo.toml", "--out", "/tmp/never"]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot tell what Cargo.toml is"));
    let plants_only = data("PowerPlants/NL/2015.csv");
    let run = carbonpass(&["import", "dispaset", &plants_only, "--out", "/tmp/never"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("no load file given"));
}

#[test]
fn import_writes_a_scenario_that_reads_back_and_refuses_foreign_folders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nl");
    let run = import_command("NL", &out, &[], true);
    let report = String::from_utf8(run.stdout).unwrap();
    assert!(report.contains("46 units, 8760 hours"), "{report}");
    assert_eq!(
        fs::read_to_string(out.join("import_report.md")).unwrap(),
        report
    );
    let toml = out.join("nl.toml");
    let validate = carbonpass(&["validate", toml.to_str().unwrap()]);
    assert!(validate.status.success());
    // The peak of Load_RealTime, 16 286 MW, less the 1022.3 MW of the Netherlands' 2015 net
    // imports (tests/import_fleet.rs).
    assert!(String::from_utf8_lossy(&validate.stdout).contains("| NL | 15263 |"));
    // A folder carbonpass import did not write is left alone, unless it is empty.
    let foreign = dir.path().join("mine");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("thesis.tex"), "mine").unwrap();
    let run = import_command("NL", &foreign, &[], false);
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("it was not written by carbonpass import")
    );
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    import_command("NL", &empty, &[], true);
    assert!(empty.join("empty.toml").is_file());
    // Importing again keeps what the user added: files, folders, a changed import file
    // is replaced.
    fs::create_dir(out.join("variants")).unwrap();
    fs::write(out.join("variants/high_gas.toml"), "mine").unwrap();
    fs::write(out.join("notes.md"), "mine").unwrap();
    fs::write(out.join("units.csv"), "changed").unwrap();
    import_command("NL", &out, &[], true);
    assert_eq!(
        fs::read_to_string(out.join("variants/high_gas.toml")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_to_string(out.join("notes.md")).unwrap(), "mine");
    assert_ne!(
        fs::read_to_string(out.join("units.csv")).unwrap(),
        "changed"
    );
    assert!(!dir.path().read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with('.')));
}

#[test]
fn the_bundled_national_years_are_what_the_importer_writes() {
    let dir = tempfile::tempdir().unwrap();
    for (country, name, title) in [
        ("DE", "de_2015", "Germany 2015, plant by plant (Dispa-SET)"),
        (
            "NL",
            "nl_2015",
            "Netherlands 2015, plant by plant (Dispa-SET)",
        ),
    ] {
        let out = dir.path().join(name);
        import_command(country, &out, &["--name", title], true);
        let bundled = in_repo(&format!("scenarios/{name}"));
        for file in [
            "units.csv",
            "fuels.csv",
            "demand.csv",
            "profiles.csv",
            "import_report.md",
            &format!("{name}.toml"),
        ] {
            assert!(
                fs::read(out.join(file)).unwrap() == fs::read(bundled.join(file)).unwrap(),
                "scenarios/{name}/{file} differs from a fresh import"
            );
        }
    }
}

/// The six linked countries of 2015, imported with the README's command (the same files
/// in the same order: the shell's braces and `FuelPrices/*` give them so).
#[test]
fn the_bundled_cwe_year_is_what_the_importer_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cwe_2015");
    let countries = ["DE", "NL", "BE", "FR", "AT", "CH"];
    let mut files: Vec<String> = Vec::new();
    for pattern in [
        "PowerPlants/{}/2015.csv",
        "Load_RealTime/{}/1h/2015.csv",
        "AvailabilityFactors/{}/1h/2015.csv",
        "HydroData/ScaledInflows/{}/1h/2015.csv",
    ] {
        files.extend(countries.iter().map(|c| data(&pattern.replace("{}", c))));
    }
    for fuel in ["Biomass", "Coal", "Gas", "Oil"] {
        files.push(data(&format!("FuelPrices/{fuel}/2015.csv")));
    }
    let mut args = vec!["import", "dispaset"];
    args.extend(files.iter().map(String::as_str));
    let title = "CWE 2015, six linked countries (Dispa-SET, EMMA)";
    args.extend(["--name", title, "--out", out.to_str().unwrap()]);
    common::carbonpass_ok(&args);
    let bundled = in_repo("scenarios/cwe_2015");
    for file in [
        "units.csv",
        "storage.csv",
        "links.csv",
        "fuels.csv",
        "demand.csv",
        "profiles.csv",
        "import_report.md",
        "cwe_2015.toml",
    ] {
        assert!(
            fs::read(out.join(file)).unwrap() == fs::read(bundled.join(file)).unwrap(),
            "scenarios/cwe_2015/{file} differs from a fresh import"
        );
    }
    let scenario = carbonpass::input::load(&bundled.join("cwe_2015.toml"))
        .unwrap()
        .scenario;
    assert_eq!((scenario.hours(), scenario.zones.len()), (8760, 6));
}

#[test]
fn the_bundled_german_year_has_a_year_of_hours_and_plants() {
    let loaded = carbonpass::input::load(&in_repo("scenarios/de_2015/de_2015.toml")).unwrap();
    let scenario = loaded.scenario;
    assert_eq!(scenario.hours(), 8760);
    assert!(scenario.units.len() >= 50, "{}", scenario.units.len());
    assert!(scenario.calendar.is_some());
}

#[test]
fn the_default_tables_hold_their_documented_values() {
    let defaults = Defaults::read(None, None).unwrap();
    let eff = |tech: &str, year: Option<i32>| defaults.technology(tech, year).unwrap().efficiency;
    assert_eq!(eff("lignite", Some(1979)), Some(0.33));
    assert_eq!(eff("lignite", Some(1980)), Some(0.36));
    assert_eq!(eff("hard_coal", Some(2009)), Some(0.42));
    assert_eq!(eff("ccgt", Some(2016)), Some(0.60));
    assert_eq!(eff("ccgt", None), Some(0.52));
    assert_eq!(eff("solar", None), None);
    // IPCC 2006 default factors, t/TJ × 0.0036 (FRAMEWORK.md §5).
    for (fuel, t_per_tj) in [
        ("lignite", 101.0),
        ("hard_coal", 94.6),
        ("gas", 56.1),
        ("oil", 77.4),
    ] {
        let co2 = defaults.fuel(fuel).unwrap().co2_t_per_mwh_th;
        assert!((co2 - t_per_tj * 0.0036).abs() < 5e-4, "{fuel}: {co2}");
    }
    // A user's table with a bad cell is named like any input.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("tech.csv");
    fs::write(
        &table,
        "technology,commissioned_from,commissioned_to,efficiency,vom_eur_per_mwh,availability\nccgt,199x,,1.2,1,1\n",
    )
    .unwrap();
    let error = Defaults::read(Some(&table), None).unwrap_err().to_string();
    assert!(
        error.contains("line 2, column `commissioned_from`: expected a year, got `199x`"),
        "{error}"
    );
    assert!(
        error.contains("line 2, column `efficiency`: expected a fraction in (0, 1]"),
        "{error}"
    );
}

#[test]
fn a_clustered_list_multiplies_by_nunits_and_takes_2016_outages_by_calendar_date() {
    let mut files = vec![
        data("PowerPlants/DE/clustered.csv"),
        data("OutageFactors/DE/2016.csv"),
    ];
    files.extend(country_files("DE").into_iter().skip(1));
    let imported = import(&files).unwrap();
    let unit = |name: &str| imported.units.iter().find(|u| u.name == name).unwrap();
    // Line 3: DE_COMC_GAS, PowerCapacity 413.3209324 MW per unit, Nunits 40.
    assert_eq!(unit("DE_COMC_GAS").capacity_mw, 413.3209324 * 40.0);
    assert_eq!(unit("DE_COMC_GAS").efficiency, Some(0.57));
    assert_eq!(
        unit("DE_COMC_GAS").availability,
        Availability::Profile("outage_DE_COMC_GAS".into())
    );
    assert!(imported.units.iter().all(|u| u.name != "DE_HPHS_WAT"));
    // DE_HPHS_WAT: 8567 MW, STOCapacity 718728 MWh, Efficiency and charging 0.8, 1 unit.
    let store = &imported.storage[0];
    assert_eq!(
        (store.name.as_str(), store.power_mw),
        ("DE_HPHS_WAT", 8567.0)
    );
    assert!((store.energy_mwh - 718728.0 * 0.8).abs() < 1e-6);
    assert!((store.efficiency_roundtrip - 0.64).abs() < 1e-12);
    // The outage file, read independently: column DE_COMC_GAS by timestamp.
    let text = fs::read_to_string(in_repo(&data("OutageFactors/DE/2016.csv"))).unwrap();
    let mut lines = text.lines();
    let column = lines
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "DE_COMC_GAS")
        .unwrap();
    let outage_at = |timestamp: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(timestamp))
            .unwrap()
            .split(',')
            .nth(column)
            .unwrap()
            .parse()
            .unwrap()
    };
    let availability = &imported
        .profiles
        .iter()
        .find(|(n, _)| n == "outage_DE_COMC_GAS")
        .unwrap()
        .1;
    // Hour 0 is 2015-01-01 00:00 local; hour 1416 is 2015-03-01 00:00, which takes
    // 2016-03-01 00:00 (29 February 2016 has no 2015 hour).
    assert_eq!(availability[0], 1.0 - outage_at("2016-01-01 00:00:00"));
    assert_eq!(availability[1416], 1.0 - outage_at("2016-03-01 00:00:00"));
    assert_eq!(availability[8759], 1.0 - outage_at("2016-12-31 23:00:00"));
    let report = imported.report_markdown();
    assert!(
        report.contains("capacity = PowerCapacity × Nunits"),
        "{report}"
    );
    assert!(
        report.contains("(factors of 2016 used for 2015)"),
        "{report}"
    );
    assert!(
        report.contains("DE_STUR_NUC"),
        "nuclear's efficiency of 1 is flagged"
    );
    // Units with outage profiles take no default availability.
    assert_eq!(imported.report.filled_in("availability"), 0, "{report}");
}

#[test]
fn reimporting_replaces_the_files_and_keeps_the_users_notes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nl");
    let run = || import_command("NL", &out, &[], true);
    run();
    fs::write(out.join("NOTES.md"), "my notes").unwrap();
    fs::write(out.join("units.csv"), "damaged").unwrap();
    run();
    assert_eq!(
        fs::read_to_string(out.join("NOTES.md")).unwrap(),
        "my notes"
    );
    assert!(fs::read_to_string(out.join("units.csv"))
        .unwrap()
        .starts_with("name,zone,technology"));
    // Values are written as read: the first availability factors of the source.
    let profiles = fs::read_to_string(out.join("profiles.csv")).unwrap();
    // WTON, WTOF and PHOT at 2014-12-31 23:00 UTC in AvailabilityFactors/NL/1h/2015.csv
    // (then the seasons' profiles: nuclear, CHP).
    assert!(profiles
        .lines()
        .next()
        .unwrap()
        .starts_with("hour,wind_onshore,wind_offshore,solar,"));
    assert!(profiles
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("0,0.190484361,0.5081089797,0,"));
}

#[test]
fn a_users_parameter_tables_replace_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    // PyPSA technology-data factors instead of IPCC's (FRAMEWORK.md §5), and a CCGT
    // efficiency of the user's for plants without one.
    let fuels = dir.path().join("fuels.csv");
    fs::write(
        &fuels,
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\nlignite,5,0.4069\nhard_coal,9,0.3361\n\
         gas,20,0.198\noil,38,0.2571\nbiomass,37,0\nuranium,3,0\nwaste,0,0.165\n",
    )
    .unwrap();
    let technologies = dir.path().join("technologies.csv");
    let builtin = fs::read_to_string(in_repo("data/technologies.csv")).unwrap();
    fs::write(
        &technologies,
        builtin.replace("ccgt,,,0.52,", "ccgt,,,0.61,"),
    )
    .unwrap();
    let out = dir.path().join("nl");
    let run = import_command(
        "NL",
        &out,
        &[
            "--fuels",
            fuels.to_str().unwrap(),
            "--technologies",
            technologies.to_str().unwrap(),
        ],
        true,
    );
    let report = String::from_utf8(run.stdout).unwrap();
    assert!(
        report.contains(&format!("- {}: CO2 factors", fuels.display())),
        "{report}"
    );
    let written = fs::read_to_string(out.join("fuels.csv")).unwrap();
    assert!(written.contains("\ngas,"), "{written}");
    assert!(
        written
            .lines()
            .any(|l| l.starts_with("gas,") && l.ends_with(",0.198")),
        "{written}"
    );
    // Dispa-SET gives every Dutch efficiency, so the user's CCGT row fills nothing here...
    let units = fs::read_to_string(out.join("units.csv")).unwrap();
    assert!(!units.contains(",0.61,"), "{units}");
    // ...but does fill a plant list without efficiencies.
    let plants = dir.path().join("plants.csv");
    let text = fs::read_to_string(in_repo(&data("PowerPlants/NL/2015.csv"))).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let eff = header.split(',').position(|c| c == "Efficiency").unwrap();
    let mut blanked = format!("{header}\n");
    for line in lines {
        let mut fields: Vec<&str> = line.split(',').collect();
        fields[eff] = "";
        blanked.push_str(&fields.join(","));
        blanked.push('\n');
    }
    fs::write(&plants, blanked).unwrap();
    let defaults = Defaults::read(Some(&technologies), Some(&fuels)).unwrap();
    let files = vec![
        format!("plants={}", plants.display()),
        in_repo(&data("Load_RealTime/NL/1h/2015.csv"))
            .display()
            .to_string(),
        in_repo(&data("AvailabilityFactors/NL/1h/2015.csv"))
            .display()
            .to_string(),
    ];
    let imported = dispaset::import(&files, &options("user tables"), &defaults).unwrap();
    let ccgt: Vec<_> = imported
        .units
        .iter()
        .filter(|u| u.technology == "ccgt")
        .collect();
    assert_eq!(ccgt.len(), 30);
    assert!(ccgt.iter().all(|u| u.efficiency == Some(0.61)));
    // Every fuelled Dutch plant (46 less 6 wind and solar) had its efficiency filled.
    assert_eq!(imported.report.filled_in("efficiency"), 40);
}

#[test]
fn with_commitment_part_load_and_start_up_costs_come_along() {
    let files: Vec<String> = country_files("DE")
        .iter()
        .map(|f| in_repo(f).display().to_string())
        .collect();
    let options = dispaset::Options {
        commitment: true,
        ..options("commitment")
    };
    let imported =
        dispaset::import(&files, &options, &Defaults::read(None, None).unwrap()).unwrap();
    // Line 2: KW Janschwalde, 3000 MW, StartUpCost 136849.915 €, PartLoadMin 0.3.
    let first = &imported.units[0];
    use carbonpass::schema::units;
    assert_eq!(first.get(&units::MIN_STABLE), Some(0.3));
    // Per MW, to 1e-6 €/MW as written.
    let startup = first.get(&units::STARTUP_COST).unwrap();
    assert!((startup - 136849.915 / 3000.0).abs() <= 5e-7);
    // Wind, solar and run-of-river have none.
    let solar = imported
        .units
        .iter()
        .find(|u| u.technology == "solar")
        .unwrap();
    assert_eq!(solar.get(&units::MIN_STABLE), Some(0.0));
    assert_eq!(solar.get(&units::STARTUP_COST), Some(0.0));
    // The folder reads back as a scenario whose hours are coupled.
    let dir = tempfile::tempdir().unwrap();
    let toml = imported.write(&dir.path().join("de_uc")).unwrap();
    let scenario = carbonpass::input::load(&toml).unwrap().scenario;
    assert!(scenario.has_time_coupling());
    let janschwalde = &scenario.units[0];
    assert_eq!(janschwalde.min_stable_share(), 0.3);
    assert!((janschwalde.startup_cost_eur_per_mw() - 45.616638).abs() < 1e-6);
}

/// The plant list, load and availability factors of each country, and the fuel prices.
fn countries_files(countries: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    for c in countries {
        files.extend(country_files(c).into_iter().take(3));
    }
    files.extend(country_files("DE").into_iter().skip(3));
    files
}

#[test]
fn several_countries_import_as_zones_linked_by_their_directional_ntcs() {
    let imported = import(&countries_files(&["DE", "FR", "CH"])).unwrap();
    assert_eq!(imported.zones, ["DE", "FR", "CH"]);
    assert_eq!(imported.load_mw.len(), 3);
    // Each zone's load is its country's file, hour by hour.
    assert_eq!(
        imported.load_mw[1],
        series(&data("Load_RealTime/FR/1h/2015.csv"))
    );
    // The pairs of the built-in table (EMMA's 2016 NTCs): DE→FR 3180, FR→DE 4011,
    // DE→CH 1467, CH→DE 4000, FR→CH 2974, CH→FR 1125.
    let links: Vec<(&str, &str, f64, f64)> = imported
        .links
        .iter()
        .map(|l| {
            (
                l.from.as_str(),
                l.to.as_str(),
                l.capacity_mw,
                l.capacity_reverse_mw,
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("DE", "FR", 3180.0, 4011.0),
            ("DE", "CH", 1467.0, 4000.0),
            ("FR", "CH", 2974.0, 1125.0)
        ]
    );
    // Every unit in its country's zone; profiles by zone; France's two Other/Other plants
    // in the catch-all class, named in the report.
    for unit in &imported.units {
        assert!(imported.zones.contains(&unit.zone), "{}", unit.zone);
        if let Availability::Profile(p) = &unit.availability {
            assert!(p.ends_with(&format!("_{}", unit.zone)), "{p}");
            assert!(imported.profiles.iter().any(|(name, _)| name == p), "{p}");
        }
    }
    let other: Vec<&str> = imported
        .units
        .iter()
        .filter(|u| u.technology == "other")
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(other, ["RANCE", "CYCOFOS TV2"]);
    let report = imported.report_markdown();
    assert!(
        report.contains("FR: 2 plants of Technology/Fuel `Other`/`Other`"),
        "{report}"
    );
    assert!(
        report.contains("links.csv: 3 pairs: DE→FR 3180 / FR→DE 4011 MW"),
        "{report}"
    );
    assert!(report.contains("borders to countries outside the scenario, without a link"));
    assert!(report.contains("| FR | 470.076 |"), "{report}");
    // It writes and reads back as a linked scenario of three zones.
    let dir = tempfile::tempdir().unwrap();
    let toml = imported.write(&dir.path().join("cwe")).unwrap();
    let s = carbonpass::input::load(&toml).unwrap().scenario;
    assert_eq!(s.zones, ["DE", "FR", "CH"]);
    assert_eq!(s.links.len(), 3);
    assert_eq!(
        (s.links[0].capacity_mw, s.links[0].capacity_reverse_mw),
        (3180.0, 4011.0)
    );
}

#[test]
fn a_users_transfer_capacities_replace_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let ntc = dir.path().join("ntc.csv");
    // EMMA's codes or the zones' own; a pair given one way only carries nothing back.
    fs::write(&ntc, "from,to,ntc_mw\nGER,NLD,1000\n").unwrap();
    let files: Vec<String> = countries_files(&["DE", "NL"])
        .iter()
        .map(|f| in_repo(f).display().to_string())
        .collect();
    let options = dispaset::Options {
        ntc: Some(ntc.clone()),
        ..options("two")
    };
    let defaults = Defaults::read(None, None).unwrap();
    let imported = dispaset::import(&files, &options, &defaults).unwrap();
    assert_eq!(imported.links.len(), 1);
    assert_eq!(
        (
            imported.links[0].capacity_mw,
            imported.links[0].capacity_reverse_mw
        ),
        (1000.0, 0.0)
    );
    assert!(imported
        .report_markdown()
        .contains(&format!("{}: transfer capacities", ntc.display())));
    // A bad table is named with its line and column.
    fs::write(&ntc, "from,to,ntc_mw\nDE,NL,-3\nDE,NL,5\nDE,NL,6\n").unwrap();
    let error = dispaset::import(&files, &options, &defaults)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "ntc.csv, line 2, column `ntc_mw`: expected a number in [0, 1000000], got -3"
        ),
        "{error}"
    );
    assert!(
        error.contains("ntc.csv, line 4, column `to`: DE → NL is given twice"),
        "{error}"
    );
}

#[test]
fn a_file_of_a_country_without_its_plant_list_is_refused() {
    let mut files = countries_files(&["DE", "NL"]);
    files.push(data("Load_RealTime/FR/1h/2015.csv"));
    let error = import(&files).unwrap_err().to_string();
    assert!(
        error.contains("Load_RealTime/FR/1h/2015.csv is of a country without a power plant list"),
        "{error}"
    );
}

#[test]
fn reservoirs_with_an_inflow_file_become_stores_with_natural_inflow() {
    let mut files = country_files("CH");
    files.push(data("HydroData/ScaledInflows/CH/1h/2015.csv"));
    let imported = import(&files).unwrap();
    // Ten HDAM rows: no reservoir unit is left, each is a store without pumps.
    assert!(!imported
        .units
        .iter()
        .any(|u| u.technology == "hydro_reservoir"));
    let reservoirs: Vec<_> = imported
        .storage
        .iter()
        .filter(|s| s.inflow_profile.is_some())
        .collect();
    assert_eq!(reservoirs.len(), 10);
    // Grande Dixence: 1926 MW, STOCapacity 2,008,818 MWh, Efficiency 0.85; the largest
    // scaled inflow of the year 0.778333152212.
    let gd = reservoirs
        .iter()
        .find(|s| s.name == "Gde-Dixence (GD)")
        .unwrap();
    assert_eq!(gd.power_mw, 1926.0);
    assert!((gd.energy_mwh - 2008818.0 * 0.85).abs() < 1e-6);
    assert_eq!(gd.charge_power_mw, 0.0);
    assert_eq!(gd.efficiency_roundtrip, 1.0);
    assert!((gd.inflow_mw - 0.778333152212 * 1926.0 * 0.85).abs() < 1e-6);
    // The profile is the series over its largest value, hour by hour.
    let (_, shape) = imported
        .profiles
        .iter()
        .find(|(n, _)| n == "inflow")
        .unwrap();
    let text =
        fs::read_to_string(in_repo(&data("HydroData/ScaledInflows/CH/1h/2015.csv"))).unwrap();
    let source: Vec<f64> = text
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(source.len(), 8760);
    for (got, raw) in shape.iter().zip(&source) {
        assert!((got - raw / 0.778333152212).abs() < 1e-6);
    }
    let report = imported.report_markdown();
    assert!(
        report.contains("10 reservoirs (HDAM) are stores with natural inflow"),
        "{report}"
    );
    assert!(
        report.contains("10 reservoirs with natural inflow, 6379 MW, 5655302 MWh"),
        "{report}"
    );
    // It reads back; the store's inflow follows the profile.
    let dir = tempfile::tempdir().unwrap();
    let toml = imported.write(&dir.path().join("ch")).unwrap();
    let s = carbonpass::input::load(&toml).unwrap().scenario;
    let g = s
        .storage
        .iter()
        .position(|st| st.name == "Gde-Dixence (GD)")
        .unwrap();
    assert!((s.inflow_mw(g, 0) - gd.inflow_mw * shape[0]).abs() < 1e-6);
    // Belgium's inflow file is blank (no reservoirs): said, and nothing changes.
    let mut files = country_files("BE");
    files.push(data("HydroData/ScaledInflows/BE/1h/2015.csv"));
    let imported = import(&files).unwrap();
    assert!(imported
        .report_markdown()
        .contains("the inflow file is blank"));
}

/// A country's files with one of them replaced by an edited copy (`edit` of its lines).
fn with_edited(
    dir: &Path,
    country: &str,
    which: &str,
    edit: impl Fn(Vec<String>) -> Vec<String>,
) -> Vec<String> {
    country_files(country)
        .into_iter()
        .map(|file| {
            if !file.contains(which) {
                return file;
            }
            let text = fs::read_to_string(in_repo(&file)).unwrap();
            let lines = edit(text.lines().map(str::to_string).collect());
            let copy = dir.join(format!("{}.csv", which.replace('/', "_")));
            fs::write(&copy, lines.join("\n") + "\n").unwrap();
            let role = match which {
                "Load_RealTime" => "load",
                "AvailabilityFactors" => "availability",
                _ => unreachable!(),
            };
            format!("{role}={}", copy.display())
        })
        .collect()
}

#[test]
fn messy_source_files_import_with_a_counted_note() {
    let dir = tempfile::tempdir().unwrap();
    let clean = import(&country_files("AT")).unwrap();
    // A factor a little above 1 (hour 98, run-of-river): clipped to 1 and said.
    let files = with_edited(dir.path(), "AT", "AvailabilityFactors", |mut lines| {
        let mut cells: Vec<String> = lines[99].split(',').map(String::from).collect();
        cells[4] = "1.02".into();
        lines[99] = cells.join(",");
        lines
    });
    let imported = import(&files).unwrap();
    let report = imported.report_markdown();
    assert!(
        report.contains("1 availability factors of HROR above 1 (largest 1.02) clipped to 1"),
        "{report}"
    );
    let ror = |i: &carbonpass::import::Imported| {
        i.profiles
            .iter()
            .find(|(n, _)| n == "hydro_ror")
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(ror(&imported)[98], 1.0);
    assert_eq!(ror(&clean)[97], ror(&imported)[97]);
    // Above 1.05 it is no rounding: refused, named.
    let files = with_edited(dir.path(), "AT", "AvailabilityFactors", |mut lines| {
        let mut cells: Vec<String> = lines[99].split(',').map(String::from).collect();
        cells[4] = "1.2".into();
        lines[99] = cells.join(",");
        lines
    });
    let error = import(&files).unwrap_err().to_string();
    assert!(
        error.contains("line 100, column `HROR`: expected a number in [0, 1.05], got 1.2"),
        "{error}"
    );
    // A profile column no plant of the country needs (Austria has no offshore wind) may be
    // absent.
    let files = with_edited(dir.path(), "AT", "AvailabilityFactors", |lines| {
        lines
            .iter()
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                [cells[0], cells[1], cells[3], cells[4]].join(",")
            })
            .collect()
    });
    let imported = import(&files).unwrap();
    assert_eq!(imported.profiles, clean.profiles);
    // The load a row longer than the availability factors: the extra hour is dropped.
    let files = with_edited(dir.path(), "AT", "Load_RealTime", |mut lines| {
        lines.push("2015-12-31 23:00:00+00:00,6000.0".into());
        lines
    });
    let imported = import(&files).unwrap();
    assert_eq!(imported.load_mw[0], clean.load_mw[0]);
    assert!(imported
        .report_markdown()
        .contains("its last 1 hours (from 2015-12-31 23:00:00+00:00) dropped"));
    // The availability factors a row longer than the load: their extra row is dropped.
    let files = with_edited(dir.path(), "AT", "Load_RealTime", |mut lines| {
        lines.pop();
        lines
    });
    let imported = import(&files).unwrap();
    assert_eq!(imported.load_mw[0].len(), 8759);
    assert_eq!(imported.load_mw[0][..], clean.load_mw[0][..8759]);
    assert!(imported.profiles.iter().all(|(_, v)| v.len() == 8759));
    let report = imported.report_markdown();
    assert!(
        report.contains("1 rows after the load's last hour"),
        "{report}"
    );
    assert!(
        report.contains("the mean is over the 8759 both have"),
        "{report}"
    );
    // A day and more is another year's file: refused.
    let files = with_edited(dir.path(), "AT", "Load_RealTime", |mut lines| {
        lines.truncate(8760 - 25);
        lines
    });
    let error = import(&files).unwrap_err().to_string();
    assert!(
        error.contains("8760 hours of availability factors, but"),
        "{error}"
    );
}

/// A plant list of wind farms only burns no fuel: fuels.csv holds the one `none` row, and
/// the scenario reads back.
#[test]
fn a_plant_list_without_fuel_writes_a_scenario_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let plants = fs::read_to_string(data("PowerPlants/NL/2015.csv")).unwrap();
    let wind: String = (plants.lines().take(1))
        .chain(plants.lines().filter(|l| l.contains(",WTON,WIN,")))
        .map(|l| format!("{l}\n"))
        .collect();
    let path = dir.path().join("wind.csv");
    fs::write(&path, wind).unwrap();
    let files = vec![
        format!("plants={}", path.display()),
        data("Load_RealTime/NL/1h/2015.csv"),
        data("AvailabilityFactors/NL/1h/2015.csv"),
    ];
    let imported = import(&files).unwrap();
    assert!(imported.fuels.is_empty());
    let out = dir.path().join("wind");
    imported.write(&out).unwrap();
    assert_eq!(
        fs::read_to_string(out.join("fuels.csv")).unwrap(),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\nnone,0,0\n"
    );
    let scenario = carbonpass::input::load(&out.join("wind.toml"))
        .unwrap()
        .scenario;
    assert!(scenario.units.iter().all(|u| u.fuel == carbonpass::NO_FUEL));
}
