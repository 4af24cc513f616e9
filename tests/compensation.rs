//! Indirect-cost compensation (FRAMEWORK.md §4): aid = aid intensity × CO2 factor of the
//! zone's fossil generation × carbon price × electricity benchmark × baseline output, with
//! the modelled CO2 factor, solved by hand on two units.
//!
//! Coal: 20 €/MWh, 1 t/MWh; gas: 40 €/MWh, 0.4 t/MWh; 100 MW each; load 90 MW. Below the
//! switch price (20/0.6 = 33.33 €/t) coal runs alone and the factor is 1 t/MWh; above it
//! gas does, 0.4 t/MWh. Aluminium: benchmark 14.256 MWh/t, 1000 t, aid intensity 0.75:
//! at 30 €/t, 0.75 × 1 × 30 × 14.256 × 1000 = 320 760 €; at 50 €/t, 0.75 × 0.4 × 50 ×
//! 14.256 × 1000 = 213 840 €: switching to gas lowers the aid although τ rose.

use std::fs;

mod common;
use common::carbonpass_ok;

#[test]
fn the_aid_follows_the_modelled_fossil_co2_factor() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("units.csv"),
        "name,technology,fuel,capacity_mw,efficiency\ncoal,hard_coal,coal,100,0.4\ngas,ccgt,gas,100,0.5\nwind,wind,none,50,\n",
    )
    .unwrap();
    fs::write(
        d.join("fuels.csv"),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.4\ngas,20,0.2\n",
    )
    .unwrap();
    // The wind unit (50 MW, offered at 0) runs first: it is no fossil generation, so the
    // factor is that of coal or gas alone, not of the zone's mix.
    fs::write(d.join("demand.csv"), "hour,load_mw\n0,140\n").unwrap();
    fs::write(
        d.join("compensation.csv"),
        "product,aid_intensity,electricity_benchmark_mwh_per_t,baseline_output_t\naluminium,0.75,14.256,1000\n",
    )
    .unwrap();
    let toml = d.join("icc.toml");
    fs::write(
        &toml,
        "name = \"icc\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
         demand = \"demand.csv\"\ncompensation = \"compensation.csv\"\n",
    )
    .unwrap();
    let out = d.join("r");
    carbonpass_ok(&[
        "sweep",
        toml.to_str().unwrap(),
        "--carbon",
        "30,50",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let text = fs::read_to_string(out.join("compensation_aid.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "carbon_price_eur_per_t,product,zone,fossil_co2_factor_t_per_mwh,aid_eur",
            "30,aluminium,system,1,320760",
            "50,aluminium,system,0.4,213840",
        ]
    );
    // A bad row is named by file, line and column.
    fs::write(
        d.join("compensation.csv"),
        "product,aid_intensity,electricity_benchmark_mwh_per_t,baseline_output_t\naluminium,1.5,14.256,1000\n",
    )
    .unwrap();
    let err = carbonpass::input::load(&toml).err().unwrap().to_string();
    assert!(
        err.contains("compensation.csv, line 2, column `aid_intensity`: expected a fraction in [0, 1], got 1.5"),
        "{err}"
    );
}
