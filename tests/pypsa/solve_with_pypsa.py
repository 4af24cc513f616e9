"""Solve a carbonpass scenario with PyPSA + HiGHS, one carbon price at a time, as an
independent check of carbonpass's prices. Reads the scenario files itself (its own
CSV reading and cost formula) and writes

    carbon_price_eur_per_t,hour,zone,price_eur_per_mwh

Usage: python solve_with_pypsa.py SCENARIO.toml OUT.csv [--carbon 0,5,10]
Needs: pip install pypsa highspy (tested with pypsa 1.x).
"""
import argparse
import csv
import tomllib
from pathlib import Path

import pandas as pd
import pypsa


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def carbon_prices(spec):
    if isinstance(spec, list):
        return sorted(set(float(x) for x in spec))
    n = int((spec["stop"] - spec["start"]) / spec["step"] + 1e-9)
    return [round(spec["start"] + k * spec["step"], 9) for k in range(n + 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("out")
    ap.add_argument("--carbon", help="comma-separated carbon prices, EUR/t")
    args = ap.parse_args()

    toml_path = Path(args.scenario)
    sc = tomllib.loads(toml_path.read_text())
    base = toml_path.parent
    data = sc["data"]
    voll = sc.get("market", {}).get("voll_eur_per_mwh", 3000.0)
    demand_section = sc.get("demand", {"model": "fixed"})
    curve = demand_section if demand_section["model"] == "linear" else None
    taus = (
        [float(x) for x in args.carbon.split(",")]
        if args.carbon
        else carbon_prices(sc["carbon"]["prices_eur_per_t"])
    )

    demand = pd.read_csv(base / data["demand"])
    columns = [c for c in demand.columns if c != "hour"]
    units = read_rows(base / data["units"])
    if columns == ["load_mw"]:
        # carbonpass calls a `load_mw` zone `system`, unless the units name it.
        named = {u.get("zone") for u in units if u.get("zone")}
        demand = demand.rename(columns={"load_mw": named.pop() if len(named) == 1 else "system"})
    zones = [c for c in demand.columns if c != "hour"]
    hours = range(len(demand))
    profiles = pd.read_csv(base / data["profiles"]) if "profiles" in data else None
    fuels = {r["fuel"]: r for r in read_rows(base / data["fuels"])}

    def zone_of(u):
        z = u.get("zone") or ""
        if z in zones:
            return z
        return zones[0]  # single zone (`load_mw`) or a zone name given only by the units

    rows = []
    committable = [False]
    for tau in taus:
        n = pypsa.Network()
        n.set_snapshots(list(hours))
        for z in zones:
            n.add("Bus", z)
            if curve is None:
                n.add("Load", f"load_{z}", bus=z, p_set=demand[z].values)
                # Shedding load at the value of lost load.
                n.add("Generator", f"shortage_{z}", bus=z, p_nom=float(demand[z].max()) + 1.0,
                      marginal_cost=voll)
                continue
            # A linear inverse demand p = a - b*q through (load D, p_ref) with elasticity
            # eps: b = p_ref/(|eps| D), a = p_ref + b D. As PyPSA has no demand curves, the
            # load is its quantity at price 0, a/b = D (1 + |eps|), and a generator of that
            # hour only reduces it at the cost (b/2) s^2 (the consumers' utility lost).
            eps, p_ref = abs(curve["elasticity"]), curve["reference_price_eur_per_mwh"]
            d = demand[z].values.astype(float)
            at_zero = d * (1.0 + eps)
            n.add("Load", f"load_{z}", bus=z, p_set=at_zero)
            for h in hours:
                if d[h] <= 0:
                    continue
                b = p_ref / (eps * d[h])
                only = [1.0 if t == h else 0.0 for t in hours]
                n.add("Generator", f"reduction_{z}_{h}", bus=z, p_nom=at_zero[h],
                      p_max_pu=only, marginal_cost=0.0, marginal_cost_quadratic=b / 2.0)
        for u in units:
            fuel = u["fuel"]
            vom = float(u.get("vom_eur_per_mwh") or 0.0)
            if fuel == "none":
                cost = vom
            else:
                eta = float(u["efficiency"])
                f = fuels[fuel]
                cost = (float(f["price_eur_per_mwh_th"]) + tau * float(f["co2_t_per_mwh_th"])) / eta + vom
            avail = (u.get("availability") or "1").strip()
            try:
                p_max_pu = float(avail)
            except ValueError:
                p_max_pu = profiles[avail].values
            # Must-run: a share of what is available; ramping: MW per hour, as a share of p_nom.
            p_nom = float(u["capacity_mw"])
            # The share is a number or the name of an hourly profile of shares.
            share = (u.get("must_run_share") or "0").strip()
            try:
                must_run = float(share)
            except ValueError:
                must_run = profiles[share].values
            ramp = (u.get("ramp_mw_per_h") or "").strip()
            limits = {"ramp_limit_up": float(ramp) / p_nom, "ramp_limit_down": float(ramp) / p_nom} if ramp else {}
            # Commitment: PyPSA's linearised unit commitment, minimum stable load relative
            # to the status, a start-up cost per start of the whole unit.
            stable = float(u.get("min_stable_share") or 0.0)
            startup = float(u.get("startup_cost_eur_per_mw") or 0.0)
            if stable > 0 or startup > 0:
                committable[0] = True
                limits.update(committable=True, p_min_pu=stable, start_up_cost=startup * p_nom)
            else:
                limits.update(p_min_pu=must_run * p_max_pu)
            n.add("Generator", u["name"], bus=zone_of(u), p_nom=p_nom,
                  p_max_pu=p_max_pu, marginal_cost=cost, **limits)
        for i, link in enumerate(read_rows(base / data["links"]) if "links" in data else []):
            # Lossless transfer capacity, its own limit in each direction (the reverse
            # one empty or absent: the same as the forward one).
            forward = float(link["capacity_mw"])
            reverse = link.get("capacity_reverse_mw") or ""
            reverse = float(reverse) if reverse.strip() else forward
            p_nom = max(forward, reverse)
            n.add("Link", f"link_{i}", bus0=link["from"], bus1=link["to"], p_nom=p_nom,
                  p_max_pu=forward / p_nom if p_nom > 0 else 0.0,
                  p_min_pu=-reverse / p_nom if p_nom > 0 else 0.0, efficiency=1.0)
        for st in read_rows(base / data["storage"]) if "storage" in data else []:
            # The round-trip loss on charging, none on discharging; cyclic state of charge;
            # a pump smaller than the turbines (none for a reservoir); natural inflow,
            # which PyPSA lets the store spill.
            power = float(st["power_mw"])
            pump = float(st.get("charge_power_mw") or power)
            inflow = float(st.get("inflow_mw") or 0.0)
            shape = (st.get("inflow_profile") or "").strip()
            inflow_series = inflow * (profiles[shape].values if shape else pd.Series(1.0, index=list(hours)).values)
            n.add("StorageUnit", st["name"], bus=zone_of(st), p_nom=power,
                  p_min_pu=-pump / power, max_hours=float(st["energy_mwh"]) / power,
                  efficiency_store=float(st["efficiency_roundtrip"]), efficiency_dispatch=1.0,
                  cyclic_state_of_charge=True, marginal_cost=0.0,
                  inflow=inflow_series)
        status, condition = n.optimize(solver_name="highs",
                                       linearized_unit_commitment=committable[0])
        assert status == "ok", (tau, status, condition)
        for z in zones:
            prices = n.buses_t.marginal_price[z]
            for h in hours:
                rows.append((tau, h, z, float(prices.iloc[h])))

    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["carbon_price_eur_per_t", "hour", "zone", "price_eur_per_mwh"])
        for tau, h, z, p in rows:
            w.writerow([repr(tau), h, z, repr(p)])


if __name__ == "__main__":
    main()
