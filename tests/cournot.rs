//! Cournot competition (`[market_power] competition = "cournot"`) with linear demand, as
//! one convex QP (Hashimoto 1985): checked against the textbook solution for n symmetric
//! firms, a fringe, a binding capacity and two linked zones, and against an iterated best
//! response computed here without the solver.
//!
//! Demand throughout: one hour of D = 100 MW at p_ref = 40 €/MWh with ε = −0.5, so
//! p = a − b·Q with b = 0.8 and a = 120. Gas units cost c = 20 + 0.4·τ €/MWh.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::sweep_on_the_lp;

use carbonpass::dispatch::lp;

const A: f64 = 120.0;
const B: f64 = 0.8;

fn gas_cost(tau: f64) -> f64 {
    20.0 + 0.4 * tau
}

/// A scenario folder: `units` rows after `name,technology,fuel,capacity_mw,efficiency,
/// vom_eur_per_mwh,firm`; gas 10 €/MWh_th, 0.2 t/MWh_th; coal 4 €/MWh_th, 0.34 t/MWh_th.
fn scenario(dir: &Path, units: &str, extra: &str) -> PathBuf {
    // Rows of eight columns name their zone.
    let zone = if units.lines().all(|l| l.split(',').count() == 8) {
        ",zone"
    } else {
        ""
    };
    let units =
        format!("name,technology,fuel,capacity_mw,efficiency,vom_eur_per_mwh,firm{zone}\n{units}");
    let fuels = "fuel,price_eur_per_mwh_th,co2_t_per_mwh_th\ngas,10,0.2\ncoal,4,0.34\n";
    // A test may have written its own demand.csv first.
    let demand = fs::read_to_string(dir.join("demand.csv"))
        .unwrap_or_else(|_| "hour,load_mw\n0,100\n".into());
    let extra = format!(
        "{extra}\n[carbon]\nprices_eur_per_t = [0, 50, 100]\n[demand]\nmodel = \"linear\"\n\
         elasticity = -0.5\nreference_price_eur_per_mwh = 40\n[market_power]\n\
         competition = \"cournot\"\n"
    );
    common::write_scenario(dir, "cournot", (&units, fuels, &demand), &extra)
}

fn load(toml: &Path) -> carbonpass::Scenario {
    carbonpass::input::load(toml).unwrap().scenario
}

fn price(s: &carbonpass::Scenario, tau: f64) -> f64 {
    lp::solve(s, tau).unwrap().prices[[0, 0]].price_eur_per_mwh
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * b.abs().max(1.0)
}

/// n symmetric firms: p = (a + n·c)/(n + 1), each q = (a − c)/((n + 1)·b), and
/// dp/dτ = 0.4·n/(n + 1): two thirds of the carbon cost for a duopoly.
#[test]
fn n_symmetric_firms_pass_n_over_n_plus_one() {
    for n in [1usize, 2, 3, 5] {
        let dir = tempfile::tempdir().unwrap();
        let units: String = (0..n)
            .map(|f| format!("g{f},ccgt,gas,1000,0.5,0,F{f}\n"))
            .collect();
        let s = load(&scenario(dir.path(), &units, ""));
        let nf = n as f64;
        for tau in [0.0, 50.0] {
            let d = lp::solve(&s, tau).unwrap();
            let c = gas_cost(tau);
            let p = d.prices[[0, 0]].price_eur_per_mwh;
            assert!(close(p, (A + nf * c) / (nf + 1.0)), "n {n}, τ {tau}: {p}");
            for f in 0..n {
                let q = d.generation_mw[[0, f]];
                assert!(close(q, (A - c) / ((nf + 1.0) * B)), "n {n}: q {q}");
            }
        }
        let rate = (price(&s, 50.0) - price(&s, 0.0)) / (50.0 * 0.4);
        assert!(close(rate, nf / (nf + 1.0)), "n {n}: rate {rate}");
    }
}

/// A fringe of 30 MW of wind (no firm, cost 0) runs in full: the two firms share the
/// residual demand a − b·30, so p = (a − 30·b + 2c)/3 and each markup falls by 8 €/MWh
/// (b·30/3); the pass-through of the firms' cost stays 2/3.
#[test]
fn a_competitive_fringe_lowers_price_and_markups() {
    let dir = tempfile::tempdir().unwrap();
    let toml = scenario(
        dir.path(),
        "a,ccgt,gas,1000,0.5,0,A\nb,ccgt,gas,1000,0.5,0,B\nwind,wind,none,30,,0,\n",
        "",
    );
    let s = load(&toml);
    for tau in [0.0, 50.0] {
        let c = gas_cost(tau);
        let d = lp::solve(&s, tau).unwrap();
        let p = d.prices[[0, 0]].price_eur_per_mwh;
        assert!(close(p, (A - 30.0 * B + 2.0 * c) / 3.0), "τ {tau}: {p}");
        assert!(close(d.generation_mw[[0, 2]], 30.0));
    }
    // firms.csv: markup (A − 24 + 2·20)/3 − 20 = 25.33 €/MWh at τ = 0, the fringe last.
    let out = dir.path().join("r");
    sweep_on_the_lp(&toml, &out);
    let firms = fs::read_to_string(out.join("firms.csv")).unwrap();
    let rows: Vec<&str> = firms.lines().collect();
    assert_eq!(
        rows[0],
        "carbon_price_eur_per_t,zone,firm,generation_mwh,profit_eur,markup_eur_per_mwh,lerner_index"
    );
    assert!(
        rows[1].starts_with("0,system,A,31.666667,802.222222,25.333333,"),
        "{firms}"
    );
    assert!(
        rows[3].starts_with("0,system,fringe,30,1360,45.333333,1"),
        "{firms}"
    );
}

/// A clean fringe at the margin caps what the firms' costs can do to the price: 1000 MW
/// without a firm at 50 €/MWh (a "vom" of 50, no fuel). The duopoly alone would charge
/// (a + 2c)/3 = 53.33 €/MWh at τ = 0; with the fringe part-loaded the price is its 50
/// €/MWh, each firm runs where 50 − b·q = c, q = (50 − c)/b, and the fringe serves the
/// rest of (a − 50)/b = 87.5 MW. Until c reaches 50 (τ = 75) nothing of τ passes.
#[test]
fn a_clean_fringe_at_the_margin_takes_the_pass_through_to_zero() {
    let dir = tempfile::tempdir().unwrap();
    let s = load(&scenario(
        dir.path(),
        "a,ccgt,gas,1000,0.5,0,A\nb,ccgt,gas,1000,0.5,0,B\nfringe,hydro,none,1000,,50,\n",
        "",
    ));
    for tau in [0.0, 25.0, 50.0] {
        let d = lp::solve(&s, tau).unwrap();
        let q = (50.0 - gas_cost(tau)) / B;
        assert!(
            close(d.prices[[0, 0]].price_eur_per_mwh, 50.0),
            "τ {tau}: {:?}",
            d.prices
        );
        assert!(close(d.generation_mw[[0, 0]], q) && close(d.generation_mw[[0, 1]], q));
        assert!(close(d.generation_mw[[0, 2]], 87.5 - 2.0 * q));
    }
}

/// Firm A limited to 20 MW runs in full; B is a monopolist on the residual demand:
/// q_B = (a − 20·b − c)/(2b), p = (a − 20·b + c)/2, so dp/dτ = 0.4/2 instead of 0.4·2/3.
#[test]
fn a_binding_capacity_changes_the_pass_through_as_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let s = load(&scenario(
        dir.path(),
        "a,ccgt,gas,20,0.5,0,A\nb,ccgt,gas,1000,0.5,0,B\n",
        "",
    ));
    for tau in [0.0, 50.0, 100.0] {
        let c = gas_cost(tau);
        let d = lp::solve(&s, tau).unwrap();
        assert!(close(d.generation_mw[[0, 0]], 20.0));
        assert!(close(
            d.generation_mw[[0, 1]],
            (A - 20.0 * B - c) / (2.0 * B)
        ));
        assert!(close(
            d.prices[[0, 0]].price_eur_per_mwh,
            (A - 20.0 * B + c) / 2.0
        ));
    }
    let rate = (price(&s, 100.0) - price(&s, 0.0)) / (100.0 * 0.4);
    assert!(close(rate, 0.5), "{rate}");
}

/// Each firm's best response to the others' output, q_f = clamp((a − b·Q₋f − c_f)/(2b),
/// 0, capacity), iterated from zero output until nothing moves: the Nash equilibrium,
/// found without the QP. Firms of one unit each, asymmetric costs and capacities.
fn best_response_equilibrium(costs: &[f64], capacities: &[f64], fringe_mw: f64) -> Vec<f64> {
    let mut q = vec![0.0; costs.len()];
    for _ in 0..10_000 {
        let mut moved: f64 = 0.0;
        for f in 0..q.len() {
            let others: f64 = q.iter().sum::<f64>() - q[f] + fringe_mw;
            let best = ((A - B * others - costs[f]) / (2.0 * B)).clamp(0.0, capacities[f]);
            moved = moved.max((best - q[f]).abs());
            q[f] = best;
        }
        if moved < 1e-12 {
            return q;
        }
    }
    panic!("the best responses did not settle");
}

#[test]
fn the_qp_is_the_iterated_best_response() {
    let dir = tempfile::tempdir().unwrap();
    // Gas at 20 + 0.4τ (A, 1000 MW), coal at 10 + 0.85τ (B, 35 MW), gas with 5 €/MWh more
    // (C, 1000 MW), and 10 MW of wind without a firm.
    let s = load(&scenario(
        dir.path(),
        "a,ccgt,gas,1000,0.5,0,A\nb,coal,coal,35,0.4,0,B\nc,ccgt,gas,1000,0.5,5,C\n\
         wind,wind,none,10,,0,\n",
        "",
    ));
    for tau in [0.0, 10.0, 40.0, 90.0] {
        let costs = [gas_cost(tau), 10.0 + 0.85 * tau, gas_cost(tau) + 5.0];
        let q = best_response_equilibrium(&costs, &[1000.0, 35.0, 1000.0], 10.0);
        let d = lp::solve(&s, tau).unwrap();
        for (f, q) in q.iter().enumerate() {
            let g = d.generation_mw[[0, f]];
            assert!(
                (g - q).abs() < 1e-6,
                "τ {tau}, firm {f}: QP {g}, best response {q}"
            );
        }
        let p = A - B * (q.iter().sum::<f64>() + 10.0);
        assert!(
            (d.prices[[0, 0]].price_eur_per_mwh - p).abs() < 1e-6,
            "τ {tau}"
        );
    }
}

/// Two zones of the same demand joined by an ample link, one firm in each: a firm takes
/// the flow as given and sees its own zone's slope b = 0.8, so p − 0.8·q = c in both,
/// q_A = q_B = q; the two curves serve 2·(a − p)/b = 2·q, so p = (a + c)/2. The zones
/// share the price.
#[test]
fn firms_in_linked_zones_take_the_flows_as_given() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("demand.csv"),
        "hour,north,south\n0,100,100\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("links.csv"),
        "from,to,capacity_mw\nnorth,south,1000\n",
    )
    .unwrap();
    let s = load(&scenario(
        dir.path(),
        "a,ccgt,gas,1000,0.5,0,A,north\nb,ccgt,gas,1000,0.5,0,B,south\n",
        "links = \"links.csv\"",
    ));
    for tau in [0.0, 50.0] {
        let d = lp::solve(&s, tau).unwrap();
        let p = (A + gas_cost(tau)) / 2.0;
        for z in 0..2 {
            assert!(
                close(d.prices[[0, z]].price_eur_per_mwh, p),
                "τ {tau}: {:?}",
                d.prices
            );
            assert!(close(d.generation_mw[[0, z]], (A - p) / B));
        }
    }
}

/// Two firms and 40 MW of wind over two hours of 60 and 100 MW: without storage
/// p = (a − b·40 + 2c)/3 is 35.56 €/MWh (b = 1.33) and 42.67 €/MWh (b = 0.8). A
/// price-taking store beside them (1000 MW, 1000 MWh, round trip 0.9) moves energy until
/// the prices differ by its loss, p_charge = 0.9·p_discharge, and every price is still its
/// curve's value at the load served.
#[test]
fn a_store_beside_two_firms_arbitrages_the_two_hours() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("demand.csv"), "hour,load_mw\n0,60\n1,100\n").unwrap();
    fs::write(
        dir.path().join("storage.csv"),
        "name,power_mw,energy_mwh,efficiency_roundtrip\nstore,1000,1000,0.9\n",
    )
    .unwrap();
    let s = load(&scenario(
        dir.path(),
        "a,ccgt,gas,1000,0.5,0,A\nb,ccgt,gas,1000,0.5,0,B\nwind,wind,none,40,,0,\n",
        "storage = \"storage.csv\"",
    ));
    let d = lp::solve(&s, 0.0).unwrap();
    let (p0, p1) = (
        d.prices[[0, 0]].price_eur_per_mwh,
        d.prices[[1, 0]].price_eur_per_mwh,
    );
    assert!(d.storage.charge_mw[[0, 0]] > 1.0 && d.storage.discharge_mw[[1, 0]] > 1.0);
    assert!(close(p0, 0.9 * p1), "{p0} {p1}");
    assert!(p0 > 35.56 && p1 < 42.67, "{p0} {p1}");
    let served = d.served_mw.as_ref().unwrap();
    for (h, load) in [(0, 60.0), (1, 100.0)] {
        let b = 40.0 / (0.5 * load);
        assert!(close(
            d.prices[[h, 0]].price_eur_per_mwh,
            A - b * served[[h, 0]]
        ));
    }
}

/// What Cournot needs is said before anything is solved.
#[test]
fn cournot_without_what_it_needs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let toml = scenario(dir.path(), "a,ccgt,gas,1000,0.5,0,\n", "");
    let e = carbonpass::input::load(&toml).err().unwrap().to_string();
    assert!(e.contains("no unit of units.csv names a firm"), "{e}");
    let text = fs::read_to_string(&toml).unwrap();
    let fixed = text.replace(
        "model = \"linear\"\nelasticity = -0.5\nreference_price_eur_per_mwh = 40\n",
        "model = \"fixed\"\n",
    );
    fs::write(&toml, fixed).unwrap();
    let e = carbonpass::input::load(&toml).err().unwrap().to_string();
    assert!(e.contains("needs elastic demand"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let toml = scenario(dir.path(), "a,ccgt,gas,1000,0.5,0,A\n", "");
    let text = fs::read_to_string(&toml).unwrap().replace(
        "competition = \"cournot\"",
        "competition = \"cournot\"\nmarkup_by_firm = { A = 0.1 }",
    );
    fs::write(&toml, text).unwrap();
    let e = carbonpass::input::load(&toml).err().unwrap().to_string();
    assert!(e.contains("with markups"), "{e}");
}
