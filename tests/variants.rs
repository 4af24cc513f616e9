//! Fuel-price and capacity variants (`sweep --vary`): the switch price moves with the gas
//! price as τ* = (c_gas − c_coal)/(e_coal − e_gas) says, in a two-unit case solved by
//! hand; shards, merge and --resume of a varied sweep give the whole sweep byte for byte;
//! the folder of variants is the user's only if carbonpass wrote all of it; `report`
//! reads it as one table.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{assert_close, carbonpass, carbonpass_ok, files_under};

const EXAMPLE: &str = "scenarios/de_week_2015.toml";

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Coal: 8 €/MWh_th at η 0.4 (c = 20 €/MWh, e = 0.34/0.4 = 0.85 t/MWh); gas at η 0.5
/// (c = 2·p_gas, e = 0.2/0.5 = 0.4 t/MWh); 100 MW each, load 150 MW in both hours: both
/// run, the dearer one sets the price.
fn two_units(dir: &Path) -> PathBuf {
    fs::write(
        dir.join("units.csv"),
        "name,technology,fuel,capacity_mw,efficiency\n\
         coal,hard_coal,coal,100,0.4\n\
         gas,ccgt,gas,100,0.5\n",
    )
    .unwrap();
    fs::write(
        dir.join("fuels.csv"),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.34\ngas,20,0.2\n",
    )
    .unwrap();
    fs::write(dir.join("demand.csv"), "hour,load_mw\n0,150\n1,150\n").unwrap();
    let toml = dir.join("two.toml");
    fs::write(
        &toml,
        "name = \"coal and gas\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
         demand = \"demand.csv\"\n",
    )
    .unwrap();
    toml
}

/// Rows of a CSV file as maps from column name to cell.
fn rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(cell: &str) -> f64 {
    cell.parse().unwrap()
}

#[test]
fn the_switch_price_moves_with_the_gas_price_as_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let toml = two_units(dir.path());
    let out = dir.path().join("by_gas");
    carbonpass_ok(&[
        "sweep",
        s(&toml),
        "--vary",
        "fuel:gas=15:25:5",
        "--carbon",
        "0:100:1",
        "--out",
        s(&out),
        "-q",
    ]);
    for gas in [15.0, 20.0, 25.0] {
        let variant = out.join(format!("gas_{gas}"));
        // τ* = (2·p_gas − 20) / (0.85 − 0.4).
        let by_hand = (2.0 * gas - 20.0) / 0.45;
        let switches = rows(&variant.join("fuel_switches.csv"));
        let unit_level = switches
            .iter()
            .find(|r| r["level"] == "unit" && r["dirtier"] == "coal" && r["cleaner"] == "gas")
            .expect("the coal-gas switch");
        // Result files carry 6 decimals.
        let written = number(&unit_level["switch_price_eur_per_t"]);
        assert!(
            (written - by_hand).abs() <= 5e-7,
            "gas {gas}: {written} vs {by_hand}"
        );
        // Below τ* gas is dearer and sets the price; above it coal does.
        for row in rows(&variant.join("summary.csv")) {
            let tau = number(&row["carbon_price_eur_per_t"]);
            let price = (2.0 * gas + 0.4 * tau).max(20.0 + 0.85 * tau);
            let written = number(&row["mean_price_eur_per_mwh"]);
            assert!(
                (written - price).abs() <= 5e-7,
                "gas {gas}, τ {tau}: {written} vs {price}"
            );
        }
    }
    // variants.csv joins the three variants' headline rows, with the gas price, in the
    // schema's columns (the fuel's name in place of `<fuel>`, no capacity column).
    let header = fs::read_to_string(out.join("variants.csv")).unwrap();
    let expected: Vec<String> = carbonpass::schema::VARIANTS
        .column_names()
        .filter(|c| !c.starts_with("<technology>"))
        .map(|c| c.replace("<fuel>", "gas"))
        .collect();
    assert_eq!(header.lines().next().unwrap(), expected.join(","));
    let table = rows(&out.join("variants.csv"));
    assert_eq!(table.len(), 3 * 101);
    let row = table
        .iter()
        .find(|r| r["variant"] == "gas_20" && r["carbon_price_eur_per_t"] == "50")
        .unwrap();
    assert_eq!(row["gas_price_eur_per_mwh_th"], "20");
    assert_close(
        number(&row["load_weighted_price_eur_per_mwh"]),
        20.0 + 0.85 * 50.0,
        1e-9,
        "variants.csv price",
    );
    for plot in [
        "heatmap_price.svg",
        "heatmap_passthrough.svg",
        "heatmap_emissions.svg",
    ] {
        let svg = fs::read_to_string(out.join("plots").join(plot)).unwrap();
        assert!(svg.contains("switch price: hard coal → ccgt"), "{plot}");
    }
    // The variant's scenario says what changed.
    let run = fs::read_to_string(out.join("gas_25/run.toml")).unwrap();
    assert!(run.contains("coal and gas — gas at 25 €/MWh_th"), "{run}");
}

#[test]
fn a_capacity_variant_closes_or_scales_a_technology() {
    let dir = tempfile::tempdir().unwrap();
    let toml = two_units(dir.path());
    let out = dir.path().join("by_coal");
    carbonpass_ok(&[
        "sweep",
        s(&toml),
        "--vary",
        "capacity:hard_coal=0,0.5,1",
        "--carbon",
        "10",
        "--out",
        s(&out),
        "-q",
    ]);
    let price =
        |v: &str| number(&rows(&out.join(v).join("summary.csv"))[0]["mean_price_eur_per_mwh"]);
    let unserved = |v: &str| number(&rows(&out.join(v).join("summary.csv"))[0]["unserved_mwh"]);
    // Without coal 100 MW of gas cannot meet 150 MW: 50 MW unserved each hour, VOLL.
    assert_eq!(unserved("hard_coal_x0"), 100.0);
    assert_eq!(price("hard_coal_x0"), 3000.0);
    // Half the coal: 50 + 100 = 150 MW, all needed, gas at 40 + 4 sets the price.
    assert_eq!(unserved("hard_coal_x0.5"), 0.0);
    assert_close(price("hard_coal_x0.5"), 44.0, 1e-9, "half coal");
    assert_close(price("hard_coal_x1"), 44.0, 1e-9, "all coal");
}

#[test]
fn bad_variants_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let toml = two_units(dir.path());
    let out = dir.path().join("x");
    for (vary, expected) in [
        (
            "fuel:gaz=10:20:5",
            "no fuelled unit burns `gaz` (did you mean `gas`?)",
        ),
        (
            "gas=10",
            "expected fuel:NAME=VALUES or capacity:TECHNOLOGY=VALUES",
        ),
        ("fuel:gas=20:10:5", "stop (10) must not be below start (20)"),
        ("capacity:nuclear=0", "no unit has technology `nuclear`"),
        ("capacity:hard_coal=-1", "capacity factors must be in"),
    ] {
        let run = carbonpass(&["sweep", s(&toml), "--vary", vary, "--out", s(&out)]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{vary}");
        assert!(
            stderr.contains(&format!("--vary {vary}")),
            "{vary}: {stderr}"
        );
        assert!(stderr.contains(expected), "{vary}: {stderr}");
        assert!(!out.exists(), "{vary}: nothing written");
    }
    let run = carbonpass(&[
        "sweep",
        s(&toml),
        "--vary",
        "fuel:gas=10",
        "--vary",
        "fuel:gas=20",
        "--out",
        s(&out),
    ]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("varied twice"));
}

#[test]
fn a_folder_of_variants_is_replaced_only_if_carbonpass_wrote_all_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let toml = two_units(dir.path());
    let out = dir.path().join("v");
    let sweep = |values: &str| {
        carbonpass(&[
            "sweep",
            s(&toml),
            "--vary",
            &format!("fuel:gas={values}"),
            "--carbon",
            "0,50",
            "--out",
            s(&out),
            "-q",
        ])
    };
    assert!(sweep("10,20").status.success());
    // Run again with other values: the old variants go, the new ones come.
    assert!(sweep("30").status.success());
    assert!(!out.join("gas_10").exists() && out.join("gas_30/summary.csv").is_file());
    // A user's note in it: refused, nothing touched.
    fs::write(out.join("notes.md"), "mine").unwrap();
    let before = files_under(&out);
    let run = sweep("40");
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("notes.md"), "{stderr}");
    assert_eq!(files_under(&out), before);
    // A folder of results that is not one of variants is not written over either.
    let plain = dir.path().join("plain");
    carbonpass_ok(&["sweep", s(&toml), "--carbon", "0", "--out", s(&plain)]);
    let run = carbonpass(&[
        "sweep",
        s(&toml),
        "--vary",
        "fuel:gas=10",
        "--out",
        s(&plain),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("not a carbonpass folder of variants"));
}

#[test]
fn report_prints_one_table_across_the_variants() {
    let dir = tempfile::tempdir().unwrap();
    let toml = two_units(dir.path());
    let out = dir.path().join("v");
    carbonpass_ok(&[
        "sweep",
        s(&toml),
        "--vary",
        "fuel:gas=10,20",
        "--carbon",
        "0,50",
        "--out",
        s(&out),
        "-q",
    ]);
    let table = String::from_utf8(carbonpass_ok(&["report", s(&out)]).stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("| Variant | Carbon price (€/t) |"),
        "{table}"
    );
    assert_eq!(lines.len(), 2 + 4, "{table}");
    assert!(lines[2].starts_with("| gas_10 | 0 |"), "{table}");
    assert!(lines[5].starts_with("| gas_20 | 50 |"), "{table}");
    let csv =
        String::from_utf8(carbonpass_ok(&["report", s(&out), "--format", "csv"]).stdout).unwrap();
    assert!(csv.starts_with("variant,carbon_price_eur_per_t,"), "{csv}");
    let latex =
        String::from_utf8(carbonpass_ok(&["report", s(&out), "--format", "latex"]).stdout).unwrap();
    assert!(
        latex.contains("Variant & ") && latex.contains("gas\\_20 & 50"),
        "{latex}"
    );
}

/// The two folders hold the same files with the same bytes.
fn assert_same_tree(a: &Path, b: &Path) {
    let files = files_under(a);
    assert_eq!(files, files_under(b), "file lists of {a:?} and {b:?}");
    assert!(files.iter().any(|f| f.ends_with("variants.csv")));
    for file in &files {
        assert!(
            fs::read(a.join(file)).unwrap() == fs::read(b.join(file)).unwrap(),
            "{file} differs between {a:?} and {b:?}"
        );
    }
}

const VARY: &str = "fuel:gas=20,30";

#[test]
fn shards_of_a_varied_sweep_merge_to_the_whole_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let sweep = |extra: &[&str]| {
        let mut args = vec![
            "sweep", EXAMPLE, "--vary", VARY, "--carbon", "0:100:10", "--method", "lp", "-q",
        ];
        args.extend(extra);
        carbonpass_ok(&args);
    };
    sweep(&["--out", s(&whole)]);
    let parts: Vec<PathBuf> = (1..=3).map(|k| dir.path().join(format!("p{k}"))).collect();
    for (k, part) in parts.iter().enumerate() {
        let spec = format!("{}/3", k + 1);
        sweep(&["--shard", &spec, "--out", s(part)]);
    }
    let merged = dir.path().join("merged");
    carbonpass_ok(&[
        "merge",
        s(&parts[1]),
        s(&parts[0]),
        s(&parts[2]),
        "--out",
        s(&merged),
    ]);
    assert_same_tree(&whole, &merged);
    assert!(whole.join("gas_30/summary.csv").is_file());
}

#[test]
fn an_interrupted_varied_sweep_resumes_to_the_same_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let args = |out: &Path| -> Vec<String> {
        [
            "sweep",
            EXAMPLE,
            "--vary",
            VARY,
            "--carbon",
            "0:100:0.5",
            "--method",
            "lp",
            "--jobs",
            "2",
            "-q",
            "--out",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([s(out).to_string()])
        .collect()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_carbonpass"))
        .args(args(&out))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let kept = dir.path().join(".r.parts/gas_20");
    let start = Instant::now();
    while fs::read_dir(&kept).map_or(0, |d| d.count()) < 10 {
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "ended before the signal"
    );
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let stopped = child.wait_with_output().unwrap();
    assert_eq!(stopped.status.code(), Some(130));
    assert!(
        !out.exists(),
        "no folder of variants from an interrupted sweep"
    );
    let mut resume = args(&out);
    resume.push("--resume".into());
    let refs: Vec<&str> = resume.iter().map(String::as_str).collect();
    let stderr = String::from_utf8(carbonpass_ok(&refs).stderr).unwrap();
    assert!(
        stderr.contains("resuming: ") && !stderr.contains("resuming: 0 "),
        "{stderr}"
    );
    let fresh = dir.path().join("fresh");
    let args = args(&fresh);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    carbonpass_ok(&refs);
    assert_same_tree(&fresh, &out);
}
