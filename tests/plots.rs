//! Plots written with the results: every file present, well-formed SVG with axis labels
//! in units and a legend naming what is drawn; PNG copies on request.

use std::fs;
use std::path::Path;

mod common;
// The hand case (loads 50–400 MW, one hour short of capacity).

fn write(dir: &Path, png: bool) -> carbonpass::Result<()> {
    common::write_hand_results(dir, &[0.0, 30.0, 42.0, 60.0], png)
}

const PLOTS: [&str; 5] = [
    "price_vs_carbon",
    "passthrough_vs_carbon",
    "emissions_and_mix",
    "price_duration",
    "merit_order",
];

/// All text drawn in an SVG, in document order.
fn texts(path: &Path) -> Vec<String> {
    let source = fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&source)
        .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

#[test]
fn every_plot_is_well_formed_svg_with_units_and_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    write(&out, false).unwrap();
    let mut names: Vec<String> = fs::read_dir(out.join("plots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = PLOTS.iter().map(|p| format!("{p}.svg")).collect();
    expected.sort();
    assert_eq!(names, expected, "SVG only unless PNG is asked for");

    let text = |name: &str| texts(&out.join("plots").join(format!("{name}.svg")));
    let has = |t: &[String], s: &str| assert!(t.iter().any(|x| x == s), "no `{s}` in {t:?}");

    let price = text("price_vs_carbon");
    has(&price, "Carbon price (€/t CO2)");
    has(&price, "Electricity price (€/MWh)");
    has(&price, "system: load-weighted");

    let pt = text("passthrough_vs_carbon");
    has(&pt, "Pass-through rate (%)");
    has(&pt, "system: pass-through rate");

    let mix = text("emissions_and_mix");
    has(&mix, "Generation (GWh)"); // 1120 MWh in all
    has(&mix, "Emissions (t CO2)");
    for technology in ["nuclear", "hard coal", "ccgt", "ocgt"] {
        has(&mix, technology);
    }

    // One hour runs short at VOLL: the caption says where it went.
    let duration = text("price_duration");
    has(
        &duration,
        "Price duration, system (hours at VOLL 3000 €/MWh on the top edge)",
    );
    has(&duration, "Share of hours (%), highest price first");

    // Four carbon prices: all on the merit-order plot, light to dark, with the load range.
    let merit = text("merit_order");
    has(&merit, "hourly load 0.05–0.4 GW");
    for tau in ["τ = 0 €/t", "τ = 30 €/t", "τ = 42 €/t", "τ = 60 €/t"] {
        has(&merit, tau);
    }
    has(&merit, "Cumulative available capacity (GW)");
}

#[test]
fn png_copies_are_written_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    match write(&out, true) {
        Ok(()) => {
            for plot in PLOTS {
                let bytes = fs::read(out.join("plots").join(format!("{plot}.png"))).unwrap();
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{plot}");
                // IHDR: width and height, big-endian, at bytes 16..24; twice the SVG size.
                let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
                let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
                assert_eq!((width, height), (2000, 1240), "{plot}");
            }
        }
        // A machine without any font cannot draw text: the error says what to install,
        // and nothing is left behind.
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains("fonts-dejavu-core"), "{message}");
            assert!(!out.exists());
        }
    }
}
