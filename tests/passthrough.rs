//! Pass-through on the hand-solved merit order of `hand_solved.rs` (same four units, load
//! 50, 150, 250, 320, 400 MW, 1170 MWh in all), worked out by hand.

use carbonpass::analysis::{passthrough, price_setting};
use carbonpass::{Scenario, Unit};

mod common;
use common::hand_scenario as scenario;

fn outcomes(s: &Scenario, taus: &[f64]) -> Vec<carbonpass::analysis::Outcome> {
    common::outcomes(s, taus, carbonpass::dispatch::Method::Lp)
}

#[test]
fn the_same_price_setters_at_both_ends_pass_through_exactly_100_percent() {
    let s = scenario();
    let rows = passthrough(&s, &outcomes(&s, &[0.0, 30.0, 42.0]));
    assert_eq!(rows.len(), 2);
    // Coal, CCGT and OCGT set the price in hours 1–3 at both ends; nuclear (e = 0) in
    // hour 0, shortage in hour 4. dp/dτ = (150·0.85 + 250·0.367273 + 320·0.577143)/1170.
    for row in &rows {
        assert!(
            (row.dp_dtau_t_per_mwh - 0.345302475).abs() < 1e-8,
            "{row:?}"
        );
        assert!((row.price_setting_intensity_t_per_mwh - 0.345302475).abs() < 1e-8);
        assert!((row.passthrough_rate - 1.0).abs() < 1e-9, "{row:?}");
    }
    assert_eq!(
        (rows[0].tau_from_eur_per_t, rows[0].tau_to_eur_per_t),
        (0.0, 30.0)
    );
}

#[test]
fn across_the_coal_gas_switch_the_rate_departs_from_100_percent() {
    let s = scenario();
    let rows = passthrough(&s, &outcomes(&s, &[42.0, 43.0]));
    // Hour 1: 60.7 → 61.247273, hour 2: 60.88 → 61.55, hour 3: +0.577143:
    // dp/dτ = (150·0.547273 + 250·0.67 + 320·0.577143)/1170 = 0.371177.
    // Intensity: 0.345302 at 42 (coal, CCGT, OCGT), 0.386561 at 43 (CCGT, coal, OCGT).
    let row = &rows[0];
    assert!(
        (row.dp_dtau_t_per_mwh - 0.371176601).abs() < 1e-8,
        "{row:?}"
    );
    assert!(
        (row.price_setting_intensity_t_per_mwh - 0.365931846).abs() < 1e-8,
        "{row:?}"
    );
    assert!((row.passthrough_rate - 1.014332601).abs() < 1e-8, "{row:?}");
}

#[test]
fn without_emitting_price_setters_the_rate_is_undefined() {
    let s = Scenario::single_zone(
        "clean",
        &[50.0, 80.0],
        vec![Unit::fuelless("hydro", "hydro", 100.0, 5.0)],
    );
    let rows = passthrough(&s, &outcomes(&s, &[0.0, 50.0]));
    assert_eq!(rows[0].dp_dtau_t_per_mwh, 0.0);
    assert!(rows[0].passthrough_rate.is_nan());
}

#[test]
fn each_technology_sets_the_price_in_its_share_of_hours() {
    let s = scenario();
    let rows = price_setting(&s, &outcomes(&s, &[0.0]));
    let got: Vec<(&str, f64, f64)> = rows
        .iter()
        .map(|r| {
            (
                r.technology.as_str(),
                r.share_of_hours,
                r.emission_intensity_t_per_mwh,
            )
        })
        .collect();
    assert_eq!(got.len(), 5);
    for (i, tech) in ["nuclear", "hard_coal", "ccgt", "ocgt", "shortage"]
        .iter()
        .enumerate()
    {
        assert_eq!(got[i].0, *tech);
        assert_eq!(got[i].1, 0.2);
    }
    assert!((got[1].2 - 0.85).abs() < 1e-12);
    assert!((got[2].2 - 0.202 / 0.55).abs() < 1e-12);
}

#[test]
fn coal_and_gas_switch_at_42_4_and_ocgt_passes_coal_at_170_2() {
    use carbonpass::analysis::{fuel_switches, SwitchLevel};
    let s = scenario();
    let switches = fuel_switches(&s, &[0.0, 60.0]);
    let units: Vec<(&str, &str, f64, bool)> = switches
        .iter()
        .filter(|f| f.level == SwitchLevel::Unit)
        .map(|f| {
            (
                f.dirtier.as_str(),
                f.cleaner.as_str(),
                f.tau_eur_per_t,
                f.crossed,
            )
        })
        .collect();
    // Nuclear (e = 0, cheapest) never swaps; CCGT is cheaper and cleaner than OCGT.
    assert_eq!(units.len(), 2, "{units:?}");
    assert_eq!((units[0].0, units[0].1, units[0].3), ("coal", "ccgt", true));
    assert!((units[0].2 - 42.372881356).abs() < 1e-8);
    // (71.428571 − 25) / (0.85 − 0.577143) = 170.157068, beyond the sweep.
    assert_eq!(
        (units[1].0, units[1].1, units[1].3),
        ("coal", "ocgt", false)
    );
    assert!((units[1].2 - 170.157068063).abs() < 1e-8);
    // One unit per technology: the technology pairs are the same.
    let techs: Vec<&str> = switches
        .iter()
        .filter(|f| f.level == SwitchLevel::Technology)
        .map(|f| f.dirtier.as_str())
        .collect();
    assert_eq!(techs, vec!["hard_coal", "hard_coal"]);
}

#[test]
fn consumers_pay_generators_pay_carbon_and_nuclear_gains() {
    use carbonpass::analysis::welfare;
    let s = scenario();
    let (rows, profits) = welfare(&s, &outcomes(&s, &[0.0, 30.0]));
    let at30 = &rows[1];
    assert_eq!(at30.reference_tau_eur_per_t, 0.0);
    // Σ Δp·D = 150·25.5 + 250·11.018182 + 320·17.314286 (hours 0 and 4 unchanged).
    assert!(
        (at30.consumer_cost_change_eur - 12120.116883).abs() < 1e-5,
        "{at30:?}"
    );
    // τ·E = 30 · 429.718182.
    assert!((at30.carbon_cost_eur - 12891.545455).abs() < 1e-5);
    assert_eq!(at30.state_revenue_eur, at30.carbon_cost_eur);
    // Dispatch is unchanged, so generators lose what consumers do not pay of the carbon cost.
    assert!((at30.generator_profit_change_eur + 771.428571).abs() < 1e-5);
    let change: Vec<(&str, f64)> = profits
        .iter()
        .filter(|p| p.tau_eur_per_t == 30.0)
        .map(|p| (p.technology.as_str(), p.profit_change_eur))
        .collect();
    // Nuclear: Δp·g = 25.5·100 + 11.018182·100 + 17.314286·100 (a windfall); coal loses
    // Δmc − Δp where it is infra-marginal; each marginal hour changes nothing.
    let expect = [
        ("nuclear", 5383.246753),
        ("hard_coal", -4816.753247),
        ("ccgt", -472.207792),
        ("ocgt", -865.714286),
    ];
    for ((tech, got), (want_tech, want)) in change.iter().zip(expect) {
        assert_eq!(*tech, want_tech);
        assert!((got - want).abs() < 1e-5, "{tech}: {got} vs {want}");
    }
}

#[test]
fn free_allocation_leaves_prices_alone_and_turns_coals_loss_into_a_windfall() {
    use carbonpass::analysis::welfare;
    let auctioned = scenario();
    let mut grandfathered = scenario();
    // Coal receives allowances for all its emissions; the others buy theirs.
    grandfathered.units[1] = grandfathered.units[1].clone().with_free_allocation(1.0);
    let (a, b) = (
        outcomes(&auctioned, &[0.0, 30.0]),
        outcomes(&grandfathered, &[0.0, 30.0]),
    );
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.prices, y.prices, "the marginal cost is unchanged");
    }
    let (rows, profits) = welfare(&grandfathered, &b);
    let at30 = &rows[1];
    // Coal emits 350 MWh · 0.85 = 297.5 t, all free: worth 30 · 297.5 = 8925 €.
    assert!((at30.free_allowances_t - 297.5).abs() < 1e-9, "{at30:?}");
    // Consumers pay as under auctioning; generators pay τ·(E − A) = 30 · 132.218182.
    assert!((at30.consumer_cost_change_eur - 12120.116883).abs() < 1e-5);
    assert!(
        (at30.carbon_cost_eur - 3966.545455).abs() < 1e-5,
        "{at30:?}"
    );
    assert_eq!(at30.state_revenue_eur, at30.carbon_cost_eur);
    assert!((at30.generator_profit_change_eur - 8153.571429).abs() < 1e-5);
    let coal = profits
        .iter()
        .find(|p| p.tau_eur_per_t == 30.0 && p.technology == "hard_coal")
        .unwrap();
    // −4816.753247 under auctioning, + 8925 of free allowances.
    assert!((coal.free_allowance_value_eur - 8925.0).abs() < 1e-9);
    assert!(
        (coal.profit_change_eur - 4108.246753).abs() < 1e-5,
        "{coal:?}"
    );
    assert_eq!(coal.windfall_eur, coal.profit_change_eur);
    let ccgt = profits
        .iter()
        .find(|p| p.tau_eur_per_t == 30.0 && p.technology == "ccgt")
        .unwrap();
    assert_eq!(
        (ccgt.free_allowance_value_eur, ccgt.windfall_eur),
        (0.0, 0.0)
    );
}

/// Three days from Friday 30 January 2015: peak hours (Friday 08:00–19:00) at 250 MW,
/// where the CCGT sets the price, all other hours at 150 MW, where coal does.
fn three_days() -> Scenario {
    let load: Vec<f64> = (0..72)
        .map(|h| if (8..20).contains(&h) { 250.0 } else { 150.0 })
        .collect();
    let mut s = Scenario::single_zone("days", &load, scenario().units);
    let start = carbonpass::calendar::parse("2015-01-30T00:00").unwrap();
    s.calendar = carbonpass::calendar::Calendar::from_start(start, 72);
    s
}

#[test]
fn peak_hours_pass_through_gas_and_off_peak_hours_coal() {
    use carbonpass::analysis::passthrough_by_slice;
    let s = three_days();
    let slices = s.calendar.as_ref().unwrap().slices();
    let rows = passthrough_by_slice(&s, &outcomes(&s, &[0.0, 30.0]), &slices);
    let got: Vec<(&str, usize, f64, f64)> = rows
        .iter()
        .map(|(name, hours, r)| {
            (
                name.as_str(),
                *hours,
                r[0].dp_dtau_t_per_mwh,
                r[0].passthrough_rate,
            )
        })
        .collect();
    // January: 12 peak hours at 250 MW and 36 others at 150 MW,
    // dp/dτ = (3000 · 0.367273 + 5400 · 0.85) / 8400 = 0.677597.
    let want = [
        ("peak", 12, 0.202 / 0.55, 1.0),
        ("off-peak", 60, 0.85, 1.0),
        ("2015-01", 48, 0.677597403, 1.0),
        ("2015-02", 24, 0.85, 1.0),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1), (w.0, w.1));
        assert!((g.2 - w.2).abs() < 1e-8, "{g:?} vs {w:?}");
        assert!((g.3 - w.3).abs() < 1e-9, "{g:?} vs {w:?}");
    }
}

#[test]
fn calendar_labels_keep_the_clock_time() {
    use carbonpass::calendar::{is_peak, parse};
    let monday_9 = parse("2015-01-12T09:00").unwrap();
    assert_eq!(parse("2015-01-12 09:00:00"), Some(monday_9));
    assert_eq!(parse("2015-01-12T09:00:00+01:00"), Some(monday_9));
    assert_eq!(parse("2015-01-12T08:00:00Z"), parse("2015-01-12T08:00"));
    assert!(parse("hour 3").is_none());
    assert!(is_peak(monday_9));
    assert!(!is_peak(parse("2015-01-12T20:00").unwrap()));
    assert!(!is_peak(parse("2015-01-17T12:00").unwrap()), "Saturday");
}

#[test]
fn each_hour_passes_through_its_own_price_setter() {
    use carbonpass::analysis::passthrough_by_hour;
    let s = scenario();
    let hours = passthrough_by_hour(&s, &outcomes(&s, &[0.0, 30.0]));
    let dp: Vec<f64> = hours.iter().map(|r| r[0].dp_dtau_t_per_mwh).collect();
    // Nuclear, coal, CCGT, OCGT, shortage at VOLL.
    let want = [0.0, 0.85, 0.202 / 0.55, 0.202 / 0.35, 0.0];
    for (g, w) in dp.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{dp:?}");
    }
    let rate: Vec<f64> = hours.iter().map(|r| r[0].passthrough_rate).collect();
    assert!(
        rate[0].is_nan() && rate[4].is_nan(),
        "no emitting price setter"
    );
    assert!(
        rate[1..4].iter().all(|r| (r - 1.0).abs() < 1e-12),
        "{rate:?}"
    );
}

#[test]
fn abatement_is_the_coal_output_gas_takes_over_times_the_intensity_gap() {
    use carbonpass::analysis::abatement;
    let s = scenario();
    let rows = abatement(&s, &outcomes(&s, &[0.0, 42.0, 43.0]));
    assert_eq!(rows[1].abatement_t, 0.0, "no switch below 42.37 €/t");
    // Above the switch the CCGT runs before coal: 100 MWh move from coal to gas.
    let moved = 100.0 * (0.85 - 0.202 / 0.55);
    assert!((rows[2].abatement_t - moved).abs() < 1e-9, "{:?}", rows[2]);
    let before = 350.0 * 0.85 + 250.0 * 0.202 / 0.55 + 70.0 * 0.202 / 0.35;
    assert!((rows[2].abatement_share - moved / before).abs() < 1e-12);
    assert!((rows[2].generation_intensity_t_per_mwh - (before - moved) / 1120.0).abs() < 1e-12);
}

#[test]
fn dp_dtau_splits_into_the_setters_own_carbon_cost_and_the_change_of_setter() {
    let s = scenario();
    let (e_coal, e_ccgt, e_ocgt) = (0.85, 0.202 / 0.55, 0.202 / 0.35);
    let (c_coal, c_ccgt) = (25.0, 25.0 / 0.55);
    // 42 → 43 €/t: hour 1 (150 MW) coal → CCGT, hour 2 (250 MW) CCGT → coal, hour 3
    // (320 MW) OCGT at both ends; nuclear and shortage in hours 0 and 4 do not move.
    let row = &passthrough(&s, &outcomes(&s, &[42.0, 43.0]))[0];
    let own = (150.0 * e_coal + 250.0 * e_ccgt + 320.0 * e_ocgt) / 1170.0;
    let hour1 = (c_ccgt + 43.0 * e_ccgt) - (c_coal + 42.0 * e_coal) - e_coal;
    let hour2 = (c_coal + 43.0 * e_coal) - (c_ccgt + 42.0 * e_ccgt) - e_ccgt;
    let change = (150.0 * hour1 + 250.0 * hour2) / 1170.0;
    assert!((row.own_cost_t_per_mwh - own).abs() < 1e-9, "{row:?}");
    assert!(
        (row.setter_change_t_per_mwh - change).abs() < 1e-9,
        "{row:?}"
    );
    // The parts add up to dp/dτ (to the last bits of the sums).
    let sum = row.own_cost_t_per_mwh + row.setter_change_t_per_mwh;
    assert!((sum - row.dp_dtau_t_per_mwh).abs() < 1e-12, "{row:?}");
    // 0 → 30 €/t keeps every hour's setter: all of it is own cost, the change exactly 0.
    let row = &passthrough(&s, &outcomes(&s, &[0.0, 30.0]))[0];
    assert_eq!(row.setter_change_t_per_mwh, 0.0, "{row:?}");
    assert!((row.own_cost_t_per_mwh - row.dp_dtau_t_per_mwh).abs() < 1e-12);
}

#[test]
fn the_exact_curve_breaks_at_the_coal_gas_switch_with_the_slopes_worked_out_by_hand() {
    let s = scenario();
    let pieces = carbonpass::analysis::exact_curve(&s, 0.0, 100.0).unwrap();
    // Coal and CCGT swap at τ* = (25/0.55 − 25)/(0.85 − 0.202/0.55); OCGT passes coal only
    // at 170 €/t, nuclear (e = 0) stays first.
    let (e_coal, e_ccgt, e_ocgt) = (0.85, 0.202 / 0.55, 0.202 / 0.35);
    let switch = (25.0 / 0.55 - 25.0) / (e_coal - e_ccgt);
    assert_eq!(pieces.len(), 2, "{pieces:?}");
    assert!(
        (pieces[0].tau_to_eur_per_t - switch).abs() < 1e-9,
        "{pieces:?}"
    );
    let before = (150.0 * e_coal + 250.0 * e_ccgt + 320.0 * e_ocgt) / 1170.0;
    let after = (150.0 * e_ccgt + 250.0 * e_coal + 320.0 * e_ocgt) / 1170.0;
    assert!((pieces[0].dp_dtau_t_per_mwh - before).abs() < 1e-12);
    assert!((pieces[1].dp_dtau_t_per_mwh - after).abs() < 1e-12);
    // Continuous at the switch.
    assert!((pieces[0].price_to_eur_per_mwh - pieces[1].price_from_eur_per_mwh).abs() < 1e-9);
}

#[test]
fn the_exact_curve_agrees_with_a_fine_grid_and_breaks_only_at_switch_prices() {
    let loaded = carbonpass::input::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/de_week_2015.toml"
    )))
    .unwrap();
    let s = loaded.scenario;
    let pieces = carbonpass::analysis::exact_curve(&s, 0.0, 100.0).unwrap();
    assert!(pieces.len() > 10, "{}", pieces.len());
    let grid: Vec<f64> = (0..=400).map(|k| k as f64 * 0.25).collect();
    let sweep = common::outcomes(&s, &grid, carbonpass::dispatch::Method::MeritOrder);
    for o in &sweep {
        let tau = o.tau_eur_per_t;
        let piece = pieces
            .iter()
            .find(|p| p.tau_from_eur_per_t <= tau && tau <= p.tau_to_eur_per_t)
            .unwrap();
        let on_curve = piece.price_from_eur_per_mwh
            + piece.dp_dtau_t_per_mwh * (tau - piece.tau_from_eur_per_t);
        let swept = o.summary(&s)[0].load_weighted_price_eur_per_mwh;
        assert!(
            (on_curve - swept).abs() < 1e-9,
            "τ {tau}: {on_curve} vs {swept}"
        );
    }
    let switches = carbonpass::analysis::fuel_switches(&s, &[0.0, 100.0]);
    for p in &pieces[1..] {
        let at = p.tau_from_eur_per_t;
        assert!(
            switches
                .iter()
                .any(|w| (w.tau_eur_per_t - at).abs() <= 1e-9 * at.max(1.0)),
            "breakpoint {at} is no switch price of fuel_switches"
        );
    }
}

#[test]
fn sweep_exact_writes_the_curve_and_refuses_what_the_merit_order_cannot_solve() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let out_s = out.to_str().unwrap();
    common::carbonpass_ok(&[
        "sweep",
        "scenarios/de_week_2015.toml",
        "--carbon",
        "0:100:20",
        "--exact",
        "--out",
        out_s,
        "-q",
    ]);
    let text = std::fs::read_to_string(out.join("passthrough_exact.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("zone,carbon_price_from_eur_per_t,"));
    assert!(lines[1].starts_with("system,0,"), "{text}");
    assert!(
        lines.last().unwrap().split(',').nth(2) == Some("100"),
        "{text}"
    );
    let svg = std::fs::read_to_string(out.join("plots/passthrough_vs_carbon.svg")).unwrap();
    assert!(svg.contains("exact dp/dτ between switch prices"));
    let run = common::carbonpass(&[
        "sweep",
        "scenarios/de_week_2015_storage.toml",
        "--exact",
        "--out",
        dir.path().join("s").to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("--exact follows the merit order"));
    assert!(!dir.path().join("s").exists());
}
