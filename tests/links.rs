//! Zones linked by transfer capacities (FORMAT.md links.csv): one price per zone, equal
//! across a link that is not at its limit and split exactly when it is congested.

use std::fs;

use carbonpass::dispatch::{lp, PriceSetter};
use carbonpass::scenario::Link;
use carbonpass::{Scenario, Unit};
use ndarray::Array2;

mod common;
use common::carbonpass;

/// North: 200 MW at 10 €/MWh, load 50 MW. South: 200 MW at 50 €/MWh, load 100 MW. One
/// hour, one link of `capacity_mw`.
fn two_zones(capacity_mw: f64) -> Scenario {
    let mut s = Scenario::single_zone(
        "two zones",
        &[50.0],
        vec![
            Unit::fuelless("cheap", "wind_onshore", 200.0, 10.0),
            Unit::fuelless("dear", "ocgt", 200.0, 50.0).in_zone(1),
        ],
    );
    s.zones = vec!["north".into(), "south".into()];
    s.demand_mw = Array2::from_shape_vec((1, 2), vec![50.0, 100.0]).unwrap();
    s.links = vec![Link::both_ways(0, 1, capacity_mw)];
    s
}

#[test]
fn an_uncongested_link_gives_one_price_set_by_the_cheap_zone() {
    // 150 MW of link: the south imports its whole 100 MW, the cheap unit runs 150 of 200.
    let d = lp::solve(&two_zones(150.0), 0.0).unwrap();
    assert_eq!(d.flow_mw[[0, 0]], 100.0);
    assert_eq!(d.generation_mw.row(0).to_vec(), vec![150.0, 0.0]);
    for zone in 0..2 {
        assert_eq!(d.prices[[0, zone]].price_eur_per_mwh, 10.0);
        assert_eq!(d.prices[[0, zone]].setter, PriceSetter::Unit(0));
        assert!(d.prices[[0, zone]].unique);
    }
}

#[test]
fn a_congested_link_splits_the_prices() {
    // 60 MW of link: it is full, the south's own unit covers the other 40 MW and sets 50.
    let d = lp::solve(&two_zones(60.0), 0.0).unwrap();
    assert_eq!(d.flow_mw[[0, 0]], 60.0);
    assert_eq!(d.generation_mw.row(0).to_vec(), vec![110.0, 40.0]);
    assert_eq!(d.prices[[0, 0]].price_eur_per_mwh, 10.0);
    assert_eq!(d.prices[[0, 1]].price_eur_per_mwh, 50.0);
    assert_eq!(d.prices[[0, 1]].setter, PriceSetter::Unit(1));
}

#[test]
fn prices_split_exactly_when_the_link_is_at_its_limit() {
    for step in 0..=40 {
        let capacity = 5.0 * step as f64;
        let d = lp::solve(&two_zones(capacity), 0.0).unwrap();
        let congested = d.flow_mw[[0, 0]].abs() >= capacity;
        let split = d.prices[[0, 0]].price_eur_per_mwh != d.prices[[0, 1]].price_eur_per_mwh;
        assert_eq!(split, congested, "capacity {capacity} MW: {d:?}");
        assert_eq!(congested, capacity <= 100.0, "capacity {capacity} MW");
        // Flows never exceed the link, and each zone's balance holds.
        assert!(d.flow_mw[[0, 0]].abs() <= capacity);
        assert!((d.generation_mw[[0, 0]] - d.flow_mw[[0, 0]] - 50.0).abs() < 1e-9);
        assert!((d.generation_mw[[0, 1]] + d.flow_mw[[0, 0]] - 100.0).abs() < 1e-9);
    }
}

#[test]
fn a_link_in_the_other_direction_carries_negative_flow() {
    let mut s = two_zones(60.0);
    s.links[0] = Link::both_ways(1, 0, 60.0);
    let d = lp::solve(&s, 0.0).unwrap();
    assert_eq!(d.flow_mw[[0, 0]], -60.0);
    assert_eq!(d.prices[[0, 1]].price_eur_per_mwh, 50.0);
}

fn write_scenario(dir: &std::path::Path, links: &str) -> std::path::PathBuf {
    fs::write(
        dir.join("s.toml"),
        "name = \"linked\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\n\
         demand = \"demand.csv\"\nlinks = \"links.csv\"\n[carbon]\nprices_eur_per_t = [0, 50]\n",
    )
    .unwrap();
    fs::write(
        dir.join("units.csv"),
        "name,zone,technology,fuel,capacity_mw,efficiency,vom_eur_per_mwh\n\
         coal,north,hard_coal,coal,200,0.4,0\nccgt,south,ccgt,gas,200,0.5,0\n",
    )
    .unwrap();
    fs::write(
        dir.join("fuels.csv"),
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,8,0.34\ngas,20,0.2\n",
    )
    .unwrap();
    fs::write(
        dir.join("demand.csv"),
        "hour,north,south\n0,50,100\n1,150,150\n",
    )
    .unwrap();
    fs::write(dir.join("links.csv"), links).unwrap();
    dir.join("s.toml")
}

#[test]
fn a_linked_scenario_sweeps_on_the_lp_and_the_merit_order_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write_scenario(dir.path(), "from,to,capacity_mw\nnorth,south,60\n");
    let out = dir.path().join("r");
    common::sweep_on_the_lp(&scenario, &out);
    // τ = 0, hour 0: coal 20 €/MWh exports 60 MW, the CCGT (40 €/MWh) covers the rest.
    // τ = 50: coal 62.5, CCGT 60: the CCGT now exports 50 MW north, within the link, and
    // sets one price in both zones.
    let prices = fs::read_to_string(out.join("prices.csv")).unwrap();
    for row in [
        "\n0,0,north,20,",
        "\n0,0,south,40,",
        "\n50,0,north,60,",
        "\n50,0,south,60,",
    ] {
        assert!(prices.contains(row), "{row} in {prices}");
    }
    // At τ = 50 the south's CCGT sets the north's price across the link: prices.csv and
    // price_setting.csv name its zone.
    assert!(
        prices.contains("\n50,0,north,60,ccgt,ccgt,true,south\n"),
        "{prices}"
    );
    assert!(
        prices.contains("\n0,0,north,20,coal,hard_coal,true,north\n"),
        "{prices}"
    );
    let setting = fs::read_to_string(out.join("price_setting.csv")).unwrap();
    assert_eq!(
        setting.lines().next().unwrap(),
        "carbon_price_eur_per_t,zone,technology,share_of_hours,emission_intensity_t_per_mwh,setter_zone"
    );
    assert!(setting.contains("\n50,north,ccgt,"), "{setting}");
    assert!(
        setting
            .lines()
            .any(|l| l.starts_with("50,north,ccgt,") && l.ends_with(",south")),
        "{setting}"
    );
    // Hour 0 at τ = 0: 60 MW north → south, full. At τ = 50: 50 MW south → north, not full.
    let flows = fs::read_to_string(out.join("flows.csv")).unwrap();
    assert_eq!(
        flows.lines().next().unwrap(),
        "carbon_price_eur_per_t,hour,from,to,flow_mw,capacity_mw,congested"
    );
    assert!(flows.contains("\n0,0,north,south,60,60,true\n"), "{flows}");
    assert!(
        flows.contains("\n50,0,north,south,-50,60,false\n"),
        "{flows}"
    );
    let run = carbonpass(&[
        "sweep",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--method",
        "merit-order",
    ]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot follow links"));
}

#[test]
fn bad_links_are_named_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        dir.path(),
        "from,to,capacity_mw\nnorth,east,60\nsouth,south,10\nnorth,south,-5\n",
    );
    let run = carbonpass(&["validate", scenario.to_str().unwrap()]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let file = dir.path().join("links.csv").display().to_string();
    for expected in [
        format!("{file}, line 2, column `to`: expected a zone of the demand file (north, south), got `east`"),
        format!("{file}, line 3, column `to`: a link joins two different zones"),
        format!("{file}, line 4, column `capacity_mw`: expected a number in [0, 1000000]"),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
}

// Directional transfer capacities (links.csv `capacity_reverse_mw`).

/// North: 200 MW at 10 €/MWh; south: 200 MW at 50 €/MWh. Hour 0 loads 50 / 100 MW (the
/// north exports), hour 1 250 / 20 MW (the north needs 50 MW from the south). VOLL 3000.
fn two_hours(forward_mw: f64, reverse_mw: f64) -> Scenario {
    let mut s = Scenario::single_zone(
        "directional",
        &[50.0, 250.0],
        vec![
            Unit::fuelless("cheap", "wind_onshore", 200.0, 10.0),
            Unit::fuelless("dear", "ocgt", 200.0, 50.0).in_zone(1),
        ],
    );
    s.zones = vec!["north".into(), "south".into()];
    s.demand_mw = Array2::from_shape_vec((2, 2), vec![50.0, 100.0, 250.0, 20.0]).unwrap();
    s.links = vec![Link {
        from: 0,
        to: 1,
        capacity_mw: forward_mw,
        capacity_reverse_mw: reverse_mw,
    }];
    s
}

#[test]
fn each_direction_has_its_own_limit_and_congestion() {
    // 30 MW north → south, 80 MW back. Hour 0: the export is held at 30 MW, so the south
    // covers 70 MW itself at 50 and the north's price stays at 10. Hour 1: 50 MW flow
    // back, inside its 80 MW, one price, set by the south's unit at 50.
    let d = lp::solve(&two_hours(30.0, 80.0), 0.0).unwrap();
    assert_eq!(d.flow_mw.column(0).to_vec(), vec![30.0, -50.0]);
    assert_eq!(d.generation_mw.row(0).to_vec(), vec![80.0, 70.0]);
    assert_eq!(d.generation_mw.row(1).to_vec(), vec![200.0, 70.0]);
    let price = |h: usize, z: usize| d.prices[[h, z]].price_eur_per_mwh;
    assert_eq!((price(0, 0), price(0, 1)), (10.0, 50.0));
    assert_eq!((price(1, 0), price(1, 1)), (50.0, 50.0));
    assert!(d.prices[[1, 0]].unique && d.prices[[1, 1]].unique);
    assert_eq!(d.prices[[1, 0]].setter, PriceSetter::Unit(1));

    // 30 MW back only: hour 1's flow is held at −30, the north sheds 20 MW at VOLL.
    let d = lp::solve(&two_hours(80.0, 30.0), 0.0).unwrap();
    assert_eq!(d.flow_mw.column(0).to_vec(), vec![80.0, -30.0]);
    assert_eq!(d.unserved_mw[[1, 0]], 20.0);
    assert_eq!(d.prices[[1, 0]].price_eur_per_mwh, 3000.0);
    assert_eq!(d.prices[[1, 1]].price_eur_per_mwh, 50.0);
    // Hour 0: 80 MW forward covers the south's 100 MW but 20: prices split at 10 / 50.
    assert_eq!(d.prices[[0, 0]].price_eur_per_mwh, 10.0);
    assert_eq!(d.prices[[0, 1]].price_eur_per_mwh, 50.0);

    // Nothing back: the link carries nothing in hour 1 and is at that limit, so the
    // prices split (shortage in the north, the south's unit in the south).
    let d = lp::solve(&two_hours(80.0, 0.0), 0.0).unwrap();
    assert_eq!(d.flow_mw[[1, 0]], 0.0);
    assert_eq!(d.unserved_mw[[1, 0]], 50.0);
    assert_eq!(d.prices[[1, 0]].price_eur_per_mwh, 3000.0);
    assert_eq!(d.prices[[1, 1]].price_eur_per_mwh, 50.0);
}

#[test]
fn links_csv_reads_the_reverse_capacity_and_flows_csv_shows_the_limit_of_each_direction() {
    let dir = tempfile::tempdir().unwrap();
    // Hour 0 at τ = 0: coal (20 €/MWh) exports to the south, held at 30 MW; at τ = 50 the
    // CCGT (60 €/MWh) is cheaper than coal (62.5) and exports north, held at 10 MW back.
    let scenario = write_scenario(
        dir.path(),
        "from,to,capacity_mw,capacity_reverse_mw\nnorth,south,30,10\n",
    );
    let out = dir.path().join("r");
    common::sweep_on_the_lp(&scenario, &out);
    let flows = fs::read_to_string(out.join("flows.csv")).unwrap();
    assert!(flows.contains("\n0,0,north,south,30,30,true\n"), "{flows}");
    assert!(
        flows.contains("\n50,0,north,south,-10,10,true\n"),
        "{flows}"
    );
    // An empty cell is the forward capacity; a negative one is refused with its place.
    let scenario = write_scenario(
        dir.path(),
        "from,to,capacity_mw,capacity_reverse_mw\nnorth,south,30,\n",
    );
    let s = carbonpass::input::load(&scenario).unwrap().scenario;
    assert_eq!(s.links[0].capacity_reverse_mw, 30.0);
    let scenario = write_scenario(
        dir.path(),
        "from,to,capacity_mw,capacity_reverse_mw\nnorth,south,30,-1\n",
    );
    let run = carbonpass(&["validate", scenario.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "line 2, column `capacity_reverse_mw`: expected a number in [0, 1000000], got -1"
        ),
        "{stderr}"
    );
}
