//! The scenario readers never panic: random damage to each file of a small valid
//! scenario (characters deleted, inserted or replaced, lines cut) gives either a scenario
//! or an input error whose every problem names a file in the scenario's folder.

use std::fs;

use carbonpass::{input, Error};
use proptest::prelude::*;

const FILES: [(&str, &str); 7] = [
    (
        "s.toml",
        "name = \"t\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\nprofiles = \"profiles.csv\"\n\
         links = \"links.csv\"\nstorage = \"storage.csv\"\n\
         [market]\nvoll_eur_per_mwh = 3000\n[carbon]\nprices_eur_per_t = [0, 50]\n[time]\nstart = \"2015-01-12T00:00\"\n\
         [allocation]\nfree_share = { hard_coal = 0.5 }\n[demand_response]\nblocks = [{ share = 0.1, price_eur_per_mwh = 90 }]\n\
         [market_power]\nmarkup_by_technology = { ccgt = 0.1 }\n[horizon]\nwindow_hours = 2\noverlap_hours = 1\n\
         [[imports]]\nname = \"pl\"\nzone = \"b\"\ncapacity_mw = 20\nprice_eur_per_mwh = 30\nco2_t_per_mwh = 0.9\n",
    ),
    (
        "units.csv",
        "name,zone,technology,fuel,capacity_mw,efficiency,vom_eur_per_mwh,availability,markup,ramp_mw_per_h\n\
         coal,a,hard_coal,coal,100,0.4,2,0.9,0.1,60\nwind,a,wind_onshore,none,50,,,wind,,\ngas,b,ccgt,gas,80,0.5,1,1,,\n",
    ),
    ("fuels.csv", "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,0.34\ngas,25,0.2\n"),
    ("demand.csv", "hour,a,b\n0,80,20\n1,120,40\n2,60,30\n"),
    ("profiles.csv", "hour,wind\n0,0.5\n1,0.2\n2,1\n"),
    ("links.csv", "from,to,capacity_mw\na,b,30\n"),
    (
        "storage.csv",
        "name,zone,power_mw,energy_mwh,efficiency_roundtrip,charge_power_mw\nps,a,10,40,0.75,10\n",
    ),
];

/// Bytes that tend to break CSV and TOML readers.
const NASTY: &[&str] = &[
    ",", "\n", "\r\n", "\"", "=", "[", "]", "{", "-", "-1", "NaN", "inf", "1e999", "0", ".", " ",
    "é", "\u{0}", "\u{feff}", "none", "true",
];

#[derive(Debug, Clone)]
enum Damage {
    Delete(usize),
    Insert(usize, usize),
    Replace(usize, usize),
    Truncate(usize),
    DropLine(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Delete),
        (any::<usize>(), 0..NASTY.len()).prop_map(|(at, n)| Damage::Insert(at, n)),
        (any::<usize>(), 0..NASTY.len()).prop_map(|(at, n)| Damage::Replace(at, n)),
        any::<usize>().prop_map(Damage::Truncate),
        any::<usize>().prop_map(Damage::DropLine),
    ]
}

/// Applies damage at character positions (never splitting a character).
fn apply(text: &str, damages: &[Damage]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for d in damages {
        let len = chars.len().max(1);
        match *d {
            Damage::Delete(at) if !chars.is_empty() => {
                chars.remove(at % len);
            }
            Damage::Insert(at, n) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, NASTY[n].chars());
            }
            Damage::Replace(at, n) if !chars.is_empty() => {
                let at = at % len;
                chars.splice(at..at + 1, NASTY[n].chars());
            }
            Damage::Truncate(at) => chars.truncate(at % len),
            Damage::DropLine(at) => {
                let text: String = chars.iter().collect();
                let lines: Vec<&str> = text.split('\n').collect();
                let drop = at % lines.len();
                let kept: Vec<&str> = lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != drop)
                    .map(|(_, l)| *l)
                    .collect();
                chars = kept.join("\n").chars().collect();
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn damaged_scenarios_give_errors_that_name_their_file(
        file in 0..FILES.len(),
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (i, (name, text)) in FILES.iter().enumerate() {
            let text = if i == file { apply(text, &damages) } else { text.to_string() };
            fs::write(dir.path().join(name), text).unwrap();
        }
        match input::load(&dir.path().join("s.toml")) {
            Ok(loaded) => {
                // Whatever was accepted is a usable scenario, and solves (or says why not).
                prop_assert!(loaded.scenario.hours() > 0);
                for unit in &loaded.scenario.units {
                    prop_assert!(unit.capacity_mw > 0.0 && unit.capacity_mw.is_finite());
                    prop_assert!(unit.marginal_cost_eur_per_mwh(50.0).is_finite());
                }
                let method = carbonpass::dispatch::Method::Lp;
                match carbonpass::dispatch::dispatch(&loaded.scenario, 50.0, method) {
                    Ok(d) => prop_assert!(d.prices.iter().all(|p| p.price_eur_per_mwh.is_finite())),
                    Err(e) => prop_assert!(matches!(e, Error::Solve { .. } | Error::Usage(_)), "{}", e),
                }
            }
            Err(Error::Input(problems)) => {
                prop_assert!(!problems.is_empty());
                // Every problem names the file it is about (damage may rename a file
                // in the TOML, so any path of the scenario's folder counts).
                let folder = dir.path().display().to_string();
                for p in &problems {
                    let text = p.to_string();
                    prop_assert!(text.contains(&folder), "a problem that names no file: {}", text);
                }
            }
            Err(other) => prop_assert!(false, "not an input error: {}", other),
        }
    }
}

mod common;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// `carbonpass report` on a damaged result folder: a table, or an error naming the
    /// damaged file; never a panic.
    #[test]
    fn damaged_result_folders_are_reported_or_refused(
        file in prop::sample::select(vec!["summary.csv", "passthrough.csv", "price_setting.csv", "welfare.csv"]),
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r");
        common::write_hand_results(&out, &[0.0, 30.0], false).unwrap();
        let path = out.join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, apply(&text, &damages)).unwrap();
        match carbonpass::report::headline(&out) {
            Ok(rows) => {
                let _ = carbonpass::report::render(&rows, carbonpass::report::Format::Latex);
            }
            Err(e) => {
                let text = e.to_string();
                prop_assert!(text.contains(file), "{}", text);
            }
        }
    }
}

/// The first lines of the real Dispa-SET files: (path under a Dispa-SET folder, lines).
const DISPASET_EXCERPT: [(&str, usize); 4] = [
    ("PowerPlants/NL/2015.csv", 8),
    ("Load_RealTime/NL/1h/2015.csv", 48),
    ("AvailabilityFactors/NL/1h/2015.csv", 49),
    ("FuelPrices/Gas/2015.csv", 48),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// `import dispaset` on damaged excerpts of the real files: a scenario that writes and
    /// reads back, or input problems that each name a file; never a panic.
    #[test]
    fn damaged_dispaset_files_import_or_are_named(
        file in 0..DISPASET_EXCERPT.len(),
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut args = Vec::new();
        for (i, (path, lines)) in DISPASET_EXCERPT.iter().enumerate() {
            let source = format!("{}/../shared/data/dispaset/{path}", env!("CARGO_MANIFEST_DIR"));
            let text: String = fs::read_to_string(source)
                .unwrap()
                .lines()
                .take(*lines)
                .map(|l| format!("{l}\n"))
                .collect();
            let text = if i == file { apply(&text, &damages) } else { text };
            let target = dir.path().join("db").join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(&target, text).unwrap();
            args.push(target.display().to_string());
        }
        let options = carbonpass::import::dispaset::Options { name: None, utc_offset_hours: 1, commitment: false, ntc: None, flat_fleet: false, closed_borders: false };
        let defaults = carbonpass::import::Defaults::read(None, None).unwrap();
        match carbonpass::import::dispaset::import(&args, &options, &defaults) {
            Ok(imported) => {
                prop_assert!(!imported.load_mw[0].is_empty());
                let written = imported.write(&dir.path().join("out"));
                prop_assert!(written.is_ok(), "an accepted import must write: {:?}", written.err());
            }
            Err(Error::Input(problems)) => {
                let folder = dir.path().display().to_string();
                for p in &problems {
                    let text = p.to_string();
                    prop_assert!(text.contains(&folder), "a problem that names no file: {}", text);
                }
            }
            Err(other) => prop_assert!(false, "not an input error: {}", other),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// The command line's numbers, from random text: parsed into their range, or refused
    /// in words; never a panic, never a Rust parser's message.
    #[test]
    fn command_line_numbers_parse_into_their_range_or_are_refused_in_words(
        text in prop_oneof![
            "[-+0-9.e:,]{0,12}",
            prop::sample::select(vec!["1e300", "-0", "inf", "NaN", "5.5", "-1", "20000", "0:1e9:1e-9", "1e-300", ""]).prop_map(String::from),
        ],
    ) {
        use clap::Parser;
        for (grid, range) in [
            (carbonpass::carbon::CARBON_PRICES, carbonpass::util::Range::CARBON_PRICE),
            (carbonpass::carbon::CAPS, carbonpass::util::Range::CAP),
        ] {
            match grid.parse(&text) {
                Ok(values) => prop_assert!(!values.is_empty() && values.iter().all(|v| range.contains(*v))),
                Err(why) => prop_assert!(!why.is_empty() && !why.contains("invalid digit") && !why.contains("ParseFloat")),
            }
        }
        for args in [
            vec!["carbonpass", "sweep", "s.toml", "--jobs", &text],
            vec!["carbonpass", "sweep", "s.toml", "--carbon", &text],
            vec!["carbonpass", "cap", "s.toml", "--cap-t", "1e6", "--floor-eur-per-t", &text],
            vec!["carbonpass", "cap", "s.toml", "--cap-t", &text],
            vec!["carbonpass", "import", "dispaset", "x.csv", "--out", "o", "--utc-offset-hours", &text],
        ] {
            if let Err(e) = carbonpass::cli::Cli::try_parse_from(&args) {
                let message = e.to_string();
                prop_assert!(!message.contains("invalid digit") && !message.contains("-- "), "{}", message);
            }
        }
    }
}
