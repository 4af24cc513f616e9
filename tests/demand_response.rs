//! Elastic demand as a stepwise demand curve (FRAMEWORK.md §3): a share of each hour's
//! load is given up when the price would exceed the block's price. Worked by hand on
//! one hour of 150 MW, nuclear 100 MW at 10 €/MWh, coal 100 MW at 25 + 0.85τ, and 60 %
//! of the load (90 MW) willing to stop at 40 €/MWh.

use std::fs;

use carbonpass::analysis::{reduce, welfare};
use carbonpass::dispatch::{dispatch, Method, PriceSetter};
use carbonpass::{input, Scenario};

fn scenario(blocks: &str) -> carbonpass::Result<Scenario> {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write(
        "units.csv",
        "name,technology,fuel,capacity_mw,efficiency,vom_eur_per_mwh\n\
         nuclear,nuclear,none,100,,10\ncoal,hard_coal,coal,100,0.4,0\n",
    );
    write(
        "fuels.csv",
        "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ncoal,10,0.34\n",
    );
    write("demand.csv", "hour,load_mw\n0,150\n1,100\n");
    write(
        "s.toml",
        &format!(
            "name = \"dr\"\n[data]\nunits = \"units.csv\"\nfuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n{blocks}"
        ),
    );
    input::load(&dir.path().join("s.toml")).map(|l| l.scenario)
}

const BLOCK: &str = "[demand_response]\nblocks = [{ share = 0.6, price_eur_per_mwh = 40.0 }]\n";

#[test]
fn demand_gives_way_once_the_price_would_pass_its_block() {
    let s = scenario(BLOCK).unwrap();
    // The block follows the load: 90 MW in hour 0 (150 MW), 60 MW in hour 1 (100 MW).
    let dr = s.units.iter().position(|u| u.is_demand_response()).unwrap();
    assert_eq!(s.units[dr].name, "demand_response_system_1");
    assert_eq!(
        (
            s.available_mw(&s.units[dr], 0),
            s.available_mw(&s.units[dr], 1)
        ),
        (90.0, 60.0)
    );
    for method in [Method::Lp, Method::MeritOrder] {
        let at = |tau: f64| dispatch(&s, tau, method).unwrap();
        // τ = 0: coal at 25 €/MWh covers the 50 MW above nuclear.
        let d0 = at(0.0);
        assert_eq!(d0.prices[[0, 0]].price_eur_per_mwh, 25.0);
        assert_eq!(d0.generation_mw[[0, dr]], 0.0);
        // τ = 20: coal would cost 42; consumers give up 50 MW at 40 instead, which sets
        // the price; coal stops.
        let d20 = at(20.0);
        let p = d20.prices[[0, 0]];
        assert_eq!(
            (p.price_eur_per_mwh, p.setter),
            (40.0, PriceSetter::Unit(dr))
        );
        assert_eq!(d20.generation_mw[[0, dr]], 50.0);
        assert_eq!(d20.generation_mw[[0, 1]], 0.0);
        // Hour 1 needs nothing above nuclear, whatever τ.
        assert_eq!(d20.prices[[1, 0]].price_eur_per_mwh, 10.0);
        // A higher carbon price no longer reaches the price: zero pass-through.
        assert_eq!(at(60.0).prices[[0, 0]].price_eur_per_mwh, 40.0);
    }
}

#[test]
fn consumers_pay_only_for_what_they_consume() {
    let s = scenario(BLOCK).unwrap();
    let o: Vec<_> = [0.0, 20.0]
        .iter()
        .map(|&t| reduce(&s, dispatch(&s, t, Method::Lp).unwrap()))
        .collect();
    let (rows, _) = welfare(&s, &o);
    // Hour 0: 40 · 100 served against 25 · 150; hour 1 unchanged.
    assert!(
        (rows[1].consumer_cost_change_eur - (4000.0 - 3750.0)).abs() < 1e-9,
        "{:?}",
        rows[1]
    );
    let summary = o[1].summary(&s);
    assert_eq!(
        summary[0].generation_mwh, 200.0,
        "100 + 100 MWh generated; 50 MWh given up"
    );
    assert_eq!(summary[0].emissions_t, 0.0);
}

#[test]
fn demand_blocks_are_checked() {
    let err = scenario("[demand_response]\nblocks = [{ share = 0.7, price_eur_per_mwh = 40.0 }, { share = 0.5, price_eur_per_mwh = 80.0 }, { share = -0.1, price_eur_per_mwh = 90.0 }]\n")
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("[demand_response] block 3: share: expected a fraction in [0, 1], got -0.1"),
        "{err}"
    );
    assert!(err.contains("the shares add up to 1.1"), "{err}");
}
