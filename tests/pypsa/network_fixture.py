"""A PyPSA network for tests/pypsa_import.rs, built and exported with PyPSA itself.

Three buses, generators of several carriers (with co2_emissions), hourly wind and solar
availability, hourly and constant loads, a must-run generator (p_min_pu), links both ways,
one way and with a limit of each direction, a pumped store and a reservoir with natural
inflow (both cyclic), over 48 hours.

Usage:
  python network_fixture.py EXPORT_DIR                    export the network only
  python network_fixture.py EXPORT_DIR --solve OUT.csv    and PyPSA's prices at the
                                                          carbon prices of CARBON

The carbon price reaches PyPSA as carbonpass applies it: marginal_cost + τ·co2/efficiency
for every generator, solved by PyPSA's own optimisation (HiGHS); OUT.csv holds
carbon_price_eur_per_t, hour, zone, price_eur_per_mwh (buses_t.marginal_price).
"""

import argparse
import csv
import logging
import math

import pandas as pd
import pypsa

CARBON = [0.0, 20.0, 45.0, 80.0]
HOURS = 48


def build():
    n = pypsa.Network(name="Three zones (carbonpass test fixture)")
    n.set_snapshots(pd.date_range("2015-01-05 00:00", periods=HOURS, freq="h"))
    hours = range(HOURS)
    day = [h % 24 for h in hours]
    for carrier, co2 in [("lignite", 0.364), ("coal", 0.34), ("gas", 0.202),
                         ("nuclear", 0.0), ("wind", 0.0), ("solar", 0.0), ("biomass", 0.0)]:
        n.add("Carrier", carrier, co2_emissions=co2)
    for bus in ["north", "south", "east"]:
        n.add("Bus", bus)
    series = lambda values: pd.Series(values, index=n.snapshots)
    wind = series([round(0.15 + 0.7 * (0.5 + 0.5 * math.sin(h / 5.0)), 6) for h in hours])
    solar = series([round(max(0.0, math.sin(math.pi * (d - 6) / 12)), 6) if 6 <= d <= 18 else 0.0
                    for d in day])
    gens = [
        # name, bus, carrier, p_nom, efficiency, marginal_cost, extra
        ("lignite_n", "north", "lignite", 150, 0.38, 4 / 0.38 + 3, {}),
        ("nuclear_n", "north", "nuclear", 100, 0.33, 10.0, {"p_max_pu": 0.9}),
        ("wind_n", "north", "wind", 120, 1.0, 0.0, {"p_max_pu": wind}),
        ("coal_s", "south", "coal", 120, 0.40, 10 / 0.40 + 2, {}),
        ("ccgt_s", "south", "gas", 80, 0.50, 25 / 0.50 + 1.5, {}),
        ("ocgt_s", "south", "gas", 60, 0.35, 25 / 0.35 + 3, {}),
        ("solar_s", "south", "solar", 90, 1.0, 0.0, {"p_max_pu": solar}),
        ("ccgt_e", "east", "gas", 100, 0.55, 25 / 0.55 + 1.5, {}),
        ("biomass_e", "east", "biomass", 30, 0.30, 60.0, {"p_min_pu": 0.2}),
        ("coal_e", "east", "coal", 50, 0.36, 10 / 0.36 + 2, {}),
    ]
    for name, bus, carrier, p_nom, eff, cost, extra in gens:
        n.add("Generator", name, bus=bus, carrier=carrier, p_nom=p_nom, efficiency=eff,
              marginal_cost=cost, **extra)
    n.add("Load", "load_n", bus="north",
          p_set=series([round(170 + 60 * math.sin(math.pi * (d - 7) / 12), 3) for d in day]))
    n.add("Load", "load_s", bus="south",
          p_set=series([round(150 + 80 * math.sin(math.pi * (d - 8) / 12), 3) for d in day]))
    n.add("Load", "load_e", bus="east", p_set=90.0)
    n.add("Link", "north_south", bus0="north", bus1="south", p_nom=50, p_min_pu=-1)
    n.add("Link", "south_east", bus0="south", bus1="east", p_nom=30)
    n.add("Link", "east_north", bus0="east", bus1="north", p_nom=40, p_max_pu=0.8, p_min_pu=-0.5)
    n.add("StorageUnit", "pumped_s", bus="south", p_nom=30, max_hours=6,
          efficiency_store=0.87, efficiency_dispatch=0.9, cyclic_state_of_charge=True)
    n.add("StorageUnit", "reservoir_e", bus="east", p_nom=20, max_hours=24, p_min_pu=0,
          efficiency_dispatch=0.92, cyclic_state_of_charge=True,
          inflow=series([round(6 + 4 * math.cos(h / 7.0), 6) for h in hours]))
    return n


def solve(n, out):
    base = n.generators.marginal_cost.copy()
    co2 = n.generators.carrier.map(n.carriers.co2_emissions).fillna(0.0)
    rows = []
    for tau in CARBON:
        n.generators.marginal_cost = base + tau * co2 / n.generators.efficiency
        status, condition = n.optimize(solver_name="highs")
        assert status == "ok", (tau, status, condition)
        for bus in n.buses.index:
            prices = n.buses_t.marginal_price[bus]
            for h in range(len(n.snapshots)):
                rows.append((tau, h, bus, float(prices.iloc[h])))
    n.generators.marginal_cost = base
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["carbon_price_eur_per_t", "hour", "zone", "price_eur_per_mwh"])
        for tau, h, z, p in rows:
            w.writerow([repr(tau), h, z, repr(p)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("export_dir")
    parser.add_argument("--solve", dest="out")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    n = build()
    n.export_to_csv_folder(args.export_dir)
    if args.out:
        solve(n, args.out)


if __name__ == "__main__":
    main()
