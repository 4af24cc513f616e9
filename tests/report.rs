//! `carbonpass report` on the hand-solved case of `passthrough.rs`: every headline number
//! against the hand values, and Markdown, LaTeX and CSV that are well-formed.

use std::fs;
use std::path::Path;
use std::process::Command;

use carbonpass::report::{headline, render, Format, Headline};

mod common;

/// Writes the result folder of the hand case at τ = 0, 30, 42 €/t.
fn results(dir: &Path) {
    common::write_hand_results(dir, &[0.0, 30.0, 42.0], false).unwrap();
}

fn close(a: f64, b: f64, what: &str) {
    // Result files hold numbers rounded to 1e-6 of their unit.
    assert!(
        (a - b).abs() <= 1e-6 * b.abs().max(1.0),
        "{what}: {a} vs {b}"
    );
}

/// Hand prices per hour (load 50, 150, 250, 320, 400 MW): nuclear 10, coal 25 + 0.85τ,
/// CCGT 45.4545 + 0.367273τ, OCGT 71.4286 + 0.577143τ, shortage at VOLL 3000.
fn hand_prices(tau: f64) -> [f64; 5] {
    [
        10.0,
        25.0 + 0.85 * tau,
        25.0 / 0.55 + 0.202 / 0.55 * tau,
        25.0 / 0.35 + 0.202 / 0.35 * tau,
        3000.0,
    ]
}

#[test]
fn the_headline_holds_the_hand_computed_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    results(&out);
    let rows = headline(&out).unwrap();
    assert_eq!(rows.len(), 3);
    let load = [50.0, 150.0, 250.0, 320.0, 400.0];
    // Coal runs 50+100+100+100 MWh, CCGT 50+100+100, OCGT 20+50 at every τ here.
    let emissions = 350.0 * 0.85 + 250.0 * 0.202 / 0.55 + 70.0 * 0.202 / 0.35;
    let cost = |tau: f64| -> f64 { hand_prices(tau).iter().zip(load).map(|(p, d)| p * d).sum() };
    for (row, tau) in rows.iter().zip([0.0, 30.0, 42.0]) {
        let p = hand_prices(tau);
        close(row.tau_eur_per_t, tau, "carbon price");
        assert_eq!(row.zone, "system");
        close(
            row.mean_price_eur_per_mwh,
            p.iter().sum::<f64>() / 5.0,
            "mean",
        );
        close(
            row.load_weighted_price_eur_per_mwh,
            cost(tau) / 1170.0,
            "lw",
        );
        close(row.emissions_t, emissions, "emissions");
        close(
            row.consumer_cost_change_eur,
            cost(tau) - cost(0.0),
            "consumer",
        );
        // One hour each: nuclear, hard coal, CCGT, OCGT, shortage; ties by name.
        let names: Vec<&str> = row.price_setters.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(names, ["ccgt", "hard_coal", "nuclear", "ocgt", "shortage"]);
        for (_, share) in &row.price_setters {
            close(*share, 0.2, "share of hours");
        }
    }
    assert!(rows[0].dp_dtau_t_per_mwh.is_nan() && rows[0].passthrough_rate.is_nan());
    for row in &rows[1..] {
        close(row.dp_dtau_t_per_mwh, 0.345302475, "dp/dτ");
        close(
            row.passthrough_rate,
            1.0,
            "the same setters on both ends: 100 %",
        );
    }
}

fn hand_rows() -> Vec<Headline> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    results(&out);
    headline(&out).unwrap()
}

#[test]
fn markdown_is_one_pipe_table_with_units_in_the_header() {
    let text = render(&hand_rows(), Format::Markdown);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + 3, "{text}");
    let cells = |line: &str| line.matches('|').count();
    assert!(lines.iter().all(|l| cells(l) == cells(lines[0])), "{text}");
    assert!(lines[0].starts_with("| Carbon price (€/t) | Mean price (€/MWh) |"));
    assert!(!lines[0].contains("Zone"), "a single zone is not a column");
    assert_eq!(
        lines[3],
        "| 30 | 641.14 | 1068.88 | 0.345 | 100.0 | 0.345 / 0.000 | ccgt 20 %, hard coal 20 %, nuclear 20 % | 0.4 | 0.01 |"
    );
}

#[test]
fn csv_keeps_full_precision() {
    let text = render(&hand_rows(), Format::Csv);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().len(), 11);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[2][0], "42");
    assert_eq!(&rows[2][5], "1");
    assert_eq!(&rows[0][4], "", "no interval before the first carbon price");
    assert_eq!(
        &rows[1][8],
        "ccgt:0.2 hard_coal:0.2 nuclear:0.2 ocgt:0.2 shortage:0.2"
    );
}

#[test]
fn latex_is_a_booktabs_tabular_that_compiles() {
    let table = render(&hand_rows(), Format::Latex);
    assert!(table.contains("\\toprule") && table.contains("\\midrule"));
    assert!(table.contains("\\bottomrule\n\\end{tabular}"));
    let body: Vec<&str> = table
        .lines()
        .filter(|l| l.ends_with("\\\\"))
        .collect::<Vec<_>>();
    assert_eq!(body.len(), 2 + 3, "names, units, three rows");
    assert!(
        body.iter().all(|l| l.matches(" & ").count() == 8),
        "{table}"
    );
    assert!(table.contains("hard~coal~20~\\%"), "{table}");
    // Compiling needs a TeX installation; where there is none, the structure above is
    // what is checked.
    if Command::new("pdflatex").arg("--version").output().is_err() {
        eprintln!("pdflatex not found: LaTeX compilation not checked");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = format!(
        "\\documentclass{{article}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{booktabs,array}}\n\
         \\usepackage[margin=2.5cm]{{geometry}}\n\\begin{{document}}\n\\small\n{table}\\end{{document}}\n"
    );
    fs::write(dir.path().join("t.tex"), doc).unwrap();
    let run = Command::new("pdflatex")
        .args(["-interaction=nonstopmode", "-halt-on-error", "t.tex"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert!(dir.path().join("t.pdf").is_file());
    // It fits the 16 cm text width of A4 with 2.5 cm margins.
    let log = fs::read_to_string(dir.path().join("t.log")).unwrap();
    assert!(!log.contains("Overfull \\hbox"), "{log}");
}

#[test]
fn a_folder_without_a_manifest_is_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let err = headline(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("not a finished carbonpass result folder"),
        "{err}"
    );
}

#[test]
fn a_damaged_result_file_is_named_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    results(&out);
    let summary = out.join("summary.csv");
    let text = fs::read_to_string(&summary).unwrap();
    fs::write(&summary, text.replace("mean_price_eur_per_mwh", "mean")).unwrap();
    let err = headline(&out).unwrap_err().to_string();
    assert!(err.contains("summary.csv"), "{err}");
    assert!(err.contains("mean_price_eur_per_mwh"), "{err}");
}

#[test]
fn a_cell_that_is_not_a_number_is_named_not_shown_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    results(&out);
    let path = out.join("welfare.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    cells[3] = "lots".into();
    lines[2] = cells.join(",");
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let err = headline(&out).unwrap_err().to_string();
    assert!(
        err.contains(
            "welfare.csv, line 3, column `consumer_cost_change_eur`: expected a number, got `lots`"
        ),
        "{err}"
    );
}

#[test]
fn a_folder_of_one_carbon_price_has_a_headline_without_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    common::write_hand_results(dir.path(), &[30.0], false).unwrap();
    let rows = headline(dir.path()).unwrap();
    assert_eq!(rows.len(), 1);
    let prices = hand_prices(30.0);
    close(
        rows[0].mean_price_eur_per_mwh,
        prices.iter().sum::<f64>() / 5.0,
        "mean price",
    );
    assert!(rows[0].passthrough_rate.is_nan() && rows[0].dp_dtau_t_per_mwh.is_nan());
}

#[test]
fn the_headline_splits_dp_dtau_into_own_cost_and_setter_change() {
    let rows = hand_rows();
    assert!(rows[0].own_cost_t_per_mwh.is_nan());
    // 0 → 30 €/t keeps every setter (coal, CCGT, OCGT): all own cost.
    close(
        rows[1].own_cost_t_per_mwh,
        rows[1].dp_dtau_t_per_mwh,
        "own cost",
    );
    assert_eq!(rows[1].setter_change_t_per_mwh, 0.0);
    let markdown = render(&rows, Format::Markdown);
    assert!(
        markdown.contains("| Own cost / setter change (t/MWh) |"),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("| {:.3} / 0.000 |", rows[1].own_cost_t_per_mwh)),
        "{markdown}"
    );
    let csv = render(&rows, Format::Csv);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("passthrough_rate,own_cost_t_per_mwh,setter_change_t_per_mwh,"));
}
