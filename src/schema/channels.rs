//! Result files of the optional channels: the exact pass-through curve, indirect-cost
//! compensation and Cournot firms. Each is written only where its scenario or flag asks.

use super::columns::{col, CARBON_PRICE, ZONE};
use super::{Need::*, Table};

pub const COMPENSATION_AID: Table = Table {
    file: "compensation_aid.csv",
    about: "with `[data] compensation`: one row per carbon price and product, the indirect-cost compensation (EU state aid) at that carbon price",
    columns: &[
        CARBON_PRICE,
        col("product", "text", Required, "as in compensation.csv"),
        ZONE,
        col("fossil_co2_factor_t_per_mwh", "t/MWh", Required, "emissions over generation of the zone's fossil units (in the carbon market, fuel with CO2) at this carbon price, as modelled"),
        col("aid_eur", "€", Required, "aid_intensity × fossil_co2_factor × carbon price × electricity_benchmark × baseline_output"),
    ],
};

pub const PASSTHROUGH_EXACT: Table = Table {
    file: "passthrough_exact.csv",
    about: "with `--exact` (merit order, marginal pricing): the load-weighted price as a piecewise linear function of τ over the sweep's range, one row per piece and zone; the breakpoints are the switch prices where some hour's price setter changes",
    columns: &[
        ZONE,
        col("carbon_price_from_eur_per_t", "€/t", Required, "start of the piece: the range's start or a switch price"),
        col("carbon_price_to_eur_per_t", "€/t", Required, "end of the piece"),
        col("load_weighted_price_from_eur_per_mwh", "€/MWh", Required, "Σ price·load / Σ load at the start"),
        col("load_weighted_price_to_eur_per_mwh", "€/MWh", Required, "at the end"),
        col("dp_dtau_t_per_mwh", "t/MWh", Required, "the piece's slope: the load-weighted offer slope e·(1 + markup) of the hours' price setters"),
    ],
};
pub const FIRMS: Table = Table {
    file: "firms.csv",
    about: "with `[market_power] competition = \"cournot\"`: one row per carbon price, zone and firm (units without a firm as `fringe`, last)",
    columns: &[
        CARBON_PRICE,
        ZONE,
        col("firm", "text", Required, "as in units.csv's firm column; `fringe` for the price-taking units"),
        col("generation_mwh", "MWh", Required, "the firm's units in the zone, over the horizon"),
        col("profit_eur", "€", Required, "Σ (price − marginal cost)·generation − start-up costs, carbon at its full price, free allowances not counted"),
        col("markup_eur_per_mwh", "€/MWh", Required, "generation-weighted mean of price − marginal cost; 0 without output"),
        col("lerner_index", "fraction", Required, "(revenue − marginal cost)/revenue over the firm's sales; empty without revenue"),
    ],
};
