//! `carbonpass compare`: modelled monthly and annual means against observed ones, by hand
//! on a small scenario whose hours span two months.

mod common;

use std::fs;
use std::path::Path;

use carbonpass::compare::{read_observed, Comparison};
use common::{carbonpass, carbonpass_ok};

/// One zone `DE`, four hours from 2015-01-31 22:00: two in January, two in February.
/// Coal at 10 €/MWh_th and 40 % (25 €/MWh + 0.85 t/MWh × τ) up to 100 MW, gas at
/// 25 / 0.5 (50 €/MWh + 0.4 t/MWh × τ) above: loads 50, 150, 50, 150 MW.
fn scenario(dir: &Path) -> std::path::PathBuf {
    fs::write(
        dir.join("s.toml"),
        "name = \"two months\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
         demand = \"demand.csv\"\n[time]\nstart = \"2015-01-31T22:00\"\n",
    )
    .unwrap();
    fs::write(
        dir.join("units.csv"),
        "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,100,0.4\ngas,ccgt,gas,200,0.5\n",
    )
    .unwrap();
    fs::write(
        dir.join("fuels.csv"),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,0.34\ngas,25,0.2\n",
    )
    .unwrap();
    fs::write(
        dir.join("demand.csv"),
        "hour,DE\n0,50\n1,150\n2,50\n3,150\n",
    )
    .unwrap();
    dir.join("s.toml")
}

#[test]
fn monthly_means_errors_and_the_plot_match_a_hand_calculation() {
    let tmp = tempfile::tempdir().unwrap();
    let s = scenario(tmp.path());
    let out = tmp.path().join("r");
    carbonpass_ok(&[
        "sweep",
        s.to_str().unwrap(),
        "--carbon",
        "0,20",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    // Ember's layout, Germany by ISO3 code; an empty price is left out.
    let observed = tmp.path().join("observed.csv");
    fs::write(
        &observed,
        "Country,ISO3 Code,Date,Price (EUR/MWhe)\nGermany,DEU,2015-01-01,40\nGermany,DEU,2015-02-01,30\nGermany,DEU,2015-03-01,\nFrance,FRA,2015-01-01,50\n",
    )
    .unwrap();
    let run = carbonpass_ok(&[
        "compare",
        out.to_str().unwrap(),
        observed.to_str().unwrap(),
        "--format",
        "csv",
        "--scenario",
        s.to_str().unwrap(),
    ]);
    let table = String::from_utf8(run.stdout).unwrap();
    // τ = 0: January hours at 25 and 50 → 37.5, February the same → annual 37.5 against
    // (40 + 30) / 2 = 35: error 2.5 €/MWh, 2.5/35. τ = 20: 42 and 58 → 50.
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "carbon_price_eur_per_t,zone,months,modelled_eur_per_mwh,observed_eur_per_mwh,error_eur_per_mwh,error_share,monthly_correlation"
    );
    assert_eq!(lines[1], "0,DE,2,37.5,35,2.5,0.071429,");
    assert_eq!(lines[2], "20,DE,2,50,35,15,0.428571,");
    assert_eq!(lines.len(), 3);
    // The plot: written, then replaced by a later compare; a file of the user's is not.
    let plot = tmp.path().join("monthly.svg");
    for _ in 0..2 {
        carbonpass_ok(&[
            "compare",
            out.to_str().unwrap(),
            observed.to_str().unwrap(),
            "--scenario",
            s.to_str().unwrap(),
            "--plot",
            plot.to_str().unwrap(),
            "--carbon",
            "20",
        ]);
    }
    let svg = fs::read_to_string(&plot).unwrap();
    assert!(roxmltree::Document::parse(&svg).is_ok());
    assert!(svg.contains("DE: 50 modelled, 35 observed €/MWh"), "{svg}");
    assert!(svg.contains("at 20 €/t CO2"));
    let mine = tmp.path().join("mine.svg");
    fs::write(&mine, "<svg/>").unwrap();
    let run = carbonpass(&[
        "compare",
        out.to_str().unwrap(),
        observed.to_str().unwrap(),
        "--scenario",
        s.to_str().unwrap(),
        "--plot",
        mine.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("was not written by carbonpass compare"));
    assert_eq!(fs::read_to_string(&mine).unwrap(), "<svg/>");
}

#[test]
fn the_monthly_correlation_is_pearsons() {
    let row = |months: &[(f64, f64)]| Comparison {
        tau_eur_per_t: 0.0,
        zone: "DE".into(),
        months: months
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| (format!("2015-{:02}", i + 1), a, b))
            .collect(),
    };
    // x = 1, 2, 3; y = 2, 4, 7: cov 2.5, var 1 and 6.33…: r = 2.5 / √(1 × 6.333…).
    let r = row(&[(1.0, 2.0), (2.0, 4.0), (3.0, 7.0)]).correlation();
    assert!((r - 2.5 / (19.0f64 / 3.0).sqrt()).abs() < 1e-12, "{r}");
    assert_eq!(
        row(&[(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)]).correlation(),
        -1.0
    );
    assert!(
        row(&[(1.0, 2.0), (2.0, 4.0)]).correlation().is_nan(),
        "two months are too few"
    );
    assert!(row(&[(1.0, 2.0), (1.0, 4.0), (1.0, 5.0)])
        .correlation()
        .is_nan());
}

#[test]
fn bad_observed_files_and_results_without_dates_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let observed = tmp.path().join("o.csv");
    fs::write(
        &observed,
        "zone,month,price_eur_per_mwh\nDE,2015-13,30\nDE,2015-01,x\nDE,2015-02,1\nDE,2015-02,2\n",
    )
    .unwrap();
    let e = read_observed(&observed).err().unwrap().to_string();
    assert!(
        e.contains("line 2, column `month`: expected a month as YYYY-MM"),
        "{e}"
    );
    assert!(e.contains("line 3, column `price_eur_per_mwh`"), "{e}");
    assert!(
        e.contains("line 5, column `month`: DE 2015-02 is given twice"),
        "{e}"
    );
    // A scenario without dates cannot be matched to months.
    fs::write(
        &observed,
        "zone,month,price_eur_per_mwh\nsystem,2015-01,30\n",
    )
    .unwrap();
    let out = tmp.path().join("r");
    let steps = "tests/fixtures/steps/steps.toml";
    carbonpass_ok(&[
        "sweep",
        steps,
        "--carbon",
        "0",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let run = carbonpass(&["compare", out.to_str().unwrap(), observed.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("gives its hours no dates"));
}
