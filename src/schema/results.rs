//! The result files a sweep writes (FORMAT.md's and the additional ones).

use super::columns::{col, CARBON_PRICE, HOUR, TAU_FROM, TAU_TO, ZONE};
use super::{Column, Need, Table};
use Need::*;

pub const SUMMARY: Table = Table {
    file: "summary.csv",
    about: "one row per carbon price and zone",
    columns: &[
        CARBON_PRICE,
        ZONE,
        col(
            "mean_price_eur_per_mwh",
            "€/MWh",
            Required,
            "time average of the hourly price",
        ),
        col(
            "load_weighted_price_eur_per_mwh",
            "€/MWh",
            Required,
            "Σ price·load / Σ load",
        ),
        col(
            "emissions_t",
            "t CO2",
            Required,
            "over the horizon, under the carbon market (units outside_ets excluded)",
        ),
        col("generation_mwh", "MWh", Required, "over the horizon"),
        col(
            "unserved_mwh",
            "MWh",
            Required,
            "load not served, priced at VOLL",
        ),
        col(
            "system_cost_eur",
            "€",
            Optional,
            "Σ marginal cost·generation + start-up costs + VOLL·unserved, carbon cost included",
        ),
        col(
            "standard_credit_price_eur_per_t",
            "€/t",
            Optional,
            "with a `[standard]`: the credit price of the tradable performance standard, the dual of Σ (e − b)·g ≤ 0; covered units pay it on emissions above the benchmark and earn it below (only in scenarios with a standard)",
        ),
    ],
};

pub const PRICES: Table = Table {
    file: "prices.csv",
    about: "one row per carbon price, hour and zone",
    columns: &[
        CARBON_PRICE,
        HOUR,
        ZONE,
        col(
            "price_eur_per_mwh",
            "€/MWh",
            Required,
            "dual of the zone's energy balance (see README on non-unique duals)",
        ),
        col(
            "price_setting_unit",
            "text",
            Optional,
            "unit whose marginal cost is the price (under Cournot, its marginal cost plus its firm's markup); `shortage` when load is shed at VOLL; a storage unit's name where storage sets it; `demand` where a `[demand]` curve sets it (every unit at a limit of its output)",
        ),
        col(
            "price_setting_technology",
            "text",
            Optional,
            "technology of that unit; `storage` for a storage unit, `demand` for the demand curve",
        ),
        col(
            "price_unique",
            "true/false",
            Optional,
            "false where the hour's units leave the dual open (load exactly on a step of the supply curve, or a price set by storage through its value of stored energy)",
        ),
        col(
            "price_setting_zone",
            "text",
            Optional,
            "zone of that unit or store: another zone where the price is set across an uncongested link; empty for shortage and tariffs",
        ),
    ],
};

pub const DISPATCH: Table = Table {
    file: "dispatch.csv",
    about: "one row per carbon price, zone and technology",
    columns: &[
        CARBON_PRICE,
        ZONE,
        col("technology", "text", Required, "as in units.csv"),
        col("generation_mwh", "MWh", Required, "over the horizon"),
        col(
            "emissions_t",
            "t CO2",
            Required,
            "over the horizon, all units of the technology",
        ),
        col(
            "share_of_generation",
            "fraction",
            Required,
            "of the zone's generation",
        ),
    ],
};

pub const DISPATCH_HOURLY: Table = Table {
    file: "dispatch_hourly.csv",
    about: "one row per carbon price, hour and zone",
    columns: &[
        CARBON_PRICE,
        HOUR,
        ZONE,
        col(
            "<technology>_mw",
            "MW",
            Required,
            "generation of each technology, in order of first appearance in units.csv",
        ),
        col("unserved_mw", "MW", Required, "load shed"),
    ],
};

pub const PASSTHROUGH: Table = Table {
    file: "passthrough.csv",
    about: "one row per pair of neighbouring carbon prices and zone",
    columns: &[
        TAU_FROM,
        TAU_TO,
        ZONE,
        col(
            "dp_dtau_t_per_mwh",
            "t/MWh (€/MWh per €/t)",
            Required,
            "change of the load-weighted price per change of carbon price",
        ),
        col(
            "passthrough_rate",
            "fraction",
            Required,
            "dp/dτ over the price-setting intensity; 1 = the marginal unit's carbon cost passed through in full; empty where that intensity is 0",
        ),
        col(
            "price_setting_intensity_t_per_mwh",
            "t/MWh",
            Optional,
            "load-weighted emission intensity of the price-setting units, mean of both ends of the interval",
        ),
        OWN_COST,
        SETTER_CHANGE,
    ],
};

/// dp/dτ split by cause; the two add up to dp_dtau_t_per_mwh.
const OWN_COST: Column = col(
    "own_cost_t_per_mwh",
    "t/MWh",
    Optional,
    "the price-setting units' own carbon cost: what each hour's setting unit at the lower carbon price adds over the interval, e·Δτ (× 1 + markup; 0 where storage, shortage or a tariff sets it), per Δτ, load-weighted",
);
const SETTER_CHANGE: Column = col(
    "setter_change_t_per_mwh",
    "t/MWh",
    Optional,
    "the rest of dp/dτ: the change of price setter inside the interval (fuel switching, another unit of the merit order; storage, shortage, tariff); 0 where every hour keeps its setting unit; own_cost + setter_change = dp/dτ",
);

pub const PASSTHROUGH_SLICES: Table = Table {
    file: "passthrough_slices.csv",
    about: "as passthrough.csv within time slices; written when the scenario has a calendar ([time] start, or timestamps in demand.csv)",
    columns: &[
        TAU_FROM,
        TAU_TO,
        ZONE,
        col(
            "slice",
            "text",
            Required,
            "`peak` (Monday–Friday, hours starting 08:00–19:00), `off-peak` (all other hours), or a month `YYYY-MM`",
        ),
        col("hours", "count", Required, "hours in the slice"),
        col("dp_dtau_t_per_mwh", "t/MWh", Required, "as in passthrough.csv, over the slice's hours"),
        col("passthrough_rate", "fraction", Required, "as in passthrough.csv, over the slice's hours"),
        col("price_setting_intensity_t_per_mwh", "t/MWh", Required, "as in passthrough.csv, over the slice's hours"),
        OWN_COST,
        SETTER_CHANGE,
    ],
};

pub const PASSTHROUGH_HOURLY: Table = Table {
    file: "passthrough_hourly.csv",
    about: "as passthrough.csv for every single hour; written with --hourly-passthrough",
    columns: &[
        TAU_FROM,
        TAU_TO,
        HOUR,
        ZONE,
        col("dp_dtau_t_per_mwh", "t/MWh", Required, "change of the hour's price per change of carbon price"),
        col("passthrough_rate", "fraction", Required, "dp/dτ over the intensity of the hour's price setter (mean of both ends); empty where that is 0"),
        col("price_setting_intensity_t_per_mwh", "t/MWh", Required, "intensity of the hour's price-setting unit, mean of both ends"),
        OWN_COST,
        SETTER_CHANGE,
    ],
};

pub const ABATEMENT: Table = Table {
    file: "abatement.csv",
    about: "one row per carbon price and zone: the abatement curve against the reference carbon price (the mix behind it is dispatch.csv)",
    columns: &[
        CARBON_PRICE,
        ZONE,
        col("emissions_t", "t CO2", Required, "over the horizon, under the carbon market"),
        col("abatement_t", "t CO2", Required, "emissions at the reference carbon price minus emissions here"),
        col("abatement_share", "fraction", Required, "abatement over the reference emissions; empty where those are 0"),
        col("generation_intensity_t_per_mwh", "t/MWh", Required, "emissions (inside and outside the carbon market) per MWh generated"),
        col("emissions_outside_ets_t", "t CO2", Required, "of units outside the carbon market (outside_ets), not in emissions_t"),
        col("leakage_t", "t CO2", Required, "rise of emissions outside the carbon market against the reference carbon price"),
        col("leakage_share", "fraction", Required, "leakage over abatement; empty where nothing is abated"),
    ],
};

pub const PRICE_SETTING: Table = Table {
    file: "price_setting.csv",
    about: "one row per carbon price, zone and technology that sets the price in some hour",
    columns: &[
        CARBON_PRICE,
        ZONE,
        col(
            "technology",
            "text",
            Required,
            "as in units.csv, or `shortage`, `tariff`, `storage`, `demand`",
        ),
        col(
            "share_of_hours",
            "fraction",
            Required,
            "of the hours in which it sets the price",
        ),
        col(
            "emission_intensity_t_per_mwh",
            "t/MWh",
            Required,
            "mean intensity of its price-setting units in those hours",
        ),
        col(
            "setter_zone",
            "text",
            Optional,
            "where those units are: the zone itself, or a zone whose price it shares over links that are not congested (one row per technology and setter zone)",
        ),
    ],
};

pub const FUEL_SWITCHES: Table = Table {
    file: "fuel_switches.csv",
    about: "one row per pair of units, then of technologies, that swap merit-order places at a carbon price ≥ 0",
    columns: &[
        col("level", "unit or technology", Required, "technologies are compared through their capacity-weighted mean cost and intensity"),
        ZONE,
        col("dirtier", "text", Required, "the more emitting of the two, cheaper below the switch price"),
        col("cleaner", "text", Required, "the less emitting, cheaper above it"),
        col(
            "switch_price_eur_per_t",
            "€/t",
            Required,
            "τ* = (c_cleaner − c_dirtier) / (e_dirtier − e_cleaner), exact from the data",
        ),
        col("crossed", "true/false", Required, "whether τ* lies within the carbon prices of the sweep"),
    ],
};

pub const WELFARE: Table = Table {
    file: "welfare.csv",
    about: "one row per carbon price and zone: who pays and who gains, against the reference carbon price",
    columns: &[
        CARBON_PRICE,
        ZONE,
        col("reference_carbon_price_eur_per_t", "€/t", Required, "the lowest carbon price of the sweep"),
        col("consumer_cost_change_eur", "€", Required, "Σ_t Δprice_t · load_t; with a `[demand]` curve, the change of Σ_t price_t · load served_t"),
        col("carbon_cost_eur", "€", Required, "τ · (emissions − free allowances): the carbon cost generators pay"),
        col("state_revenue_eur", "€", Required, "τ · auctioned allowances"),
        col("generator_profit_change_eur", "€", Required, "change of Σ (price − marginal cost) · generation + τ · free allowances"),
        col("free_allowances_t", "t CO2", Required, "Σ (free_allocation_share · emissions + benchmark · generation) of each unit"),
        col("consumer_surplus_eur", "€", Optional, "with a `[demand]` curve only: Σ_t ½·b_t·q_t², the area between each hour's curve and its price at the load served q_t"),
        col("consumer_surplus_change_eur", "€", Optional, "with a `[demand]` curve only: against the reference carbon price"),
    ],
};

pub const PROFITS: Table = Table {
    file: "profits.csv",
    about: "one row per carbon price, zone and technology",
    columns: &[
        CARBON_PRICE,
        ZONE,
        col(
            "technology",
            "text",
            Required,
            "as in units.csv; `storage` for the zone's storage units",
        ),
        col(
            "profit_eur",
            "€",
            Required,
            "Σ_t (price_t − marginal cost) · generation − start-up costs + τ · free allowances: the short-run rent; for storage Σ_t price_t · (discharge − charge)",
        ),
        col(
            "profit_change_eur",
            "€",
            Required,
            "against the reference carbon price",
        ),
        col(
            "free_allowance_value_eur",
            "€",
            Required,
            "τ · free allowances of the technology's units, included in profit_eur",
        ),
        col(
            "windfall_eur",
            "€",
            Required,
            "profit_change_eur where positive, else 0: the gain from carbon pricing",
        ),
    ],
};

pub const STORAGE_DISPATCH: Table = Table {
    file: "storage_dispatch.csv",
    about: "one row per carbon price, hour and storage unit; written when the scenario has storage",
    columns: &[
        CARBON_PRICE,
        HOUR,
        col("storage", "text", Required, "name, as in storage.csv"),
        col("zone", "text", Required, "its zone"),
        col("charge_mw", "MW", Required, "power drawn from the grid"),
        col("discharge_mw", "MW", Required, "power given to the grid"),
        col(
            "state_of_charge_mwh",
            "MWh",
            Required,
            "energy stored at the end of the hour",
        ),
        col("inflow_mw", "MW", Required, "natural inflow in the hour"),
        col("spill_mw", "MW", Required, "inflow spilled unused"),
        col(
            "price_eur_per_mwh",
            "€/MWh",
            Required,
            "price of its zone in the hour, as in prices.csv",
        ),
    ],
};
pub const FLOWS: Table = Table {
    file: "flows.csv",
    about: "one row per carbon price, hour and link; written when the scenario has links",
    columns: &[
        CARBON_PRICE,
        HOUR,
        col("from", "text", Required, "zone, as in links.csv"),
        col("to", "text", Required, "zone, as in links.csv"),
        col("flow_mw", "MW", Required, "positive from `from` to `to`"),
        col(
            "capacity_mw",
            "MW",
            Required,
            "the link's limit in the flow's direction (links.csv `capacity_reverse_mw` where the flow is negative)",
        ),
        col(
            "congested",
            "bool",
            Required,
            "the flow is at the limit: the zones' prices may differ",
        ),
    ],
};

pub const CAPS: Table = Table {
    file: "caps.csv",
    about: "written by `carbonpass cap` with several caps: one row per cap, whose result folder is `cap_<cap_t>` beside it",
    columns: &[
        col("cap_t", "t CO2", Required, "the cap over the horizon"),
        col(
            "allowance_price_eur_per_t",
            "€/t",
            Required,
            "the allowance price the cap yields: the floor plus the cap's dual, at most the ceiling",
        ),
        col("emissions_t", "t CO2", Required, "under the carbon market, over the horizon"),
        col("binding", "true/false", Required, "whether emissions reach the cap"),
        col("result_folder", "text", Required, "the cap's result folder"),
    ],
};

pub const VARIANTS: Table = Table {
    file: "variants.csv",
    about: "in the folder of a `sweep --vary`: one row per variant, carbon price and zone, the headline numbers of `carbonpass report`",
    columns: &[
        col("variant", "text", Required, "the variant's result folder, beside this file"),
        col("scenario_file", "text", Required, "the scenario varied"),
        col("<fuel>_price_eur_per_mwh_th", "€/MWh_th", Optional, "one column per `--vary fuel:<fuel>=…`: the fuel's price in this variant"),
        col("<technology>_capacity_factor", "factor", Optional, "one column per `--vary capacity:<technology>=…`: the factor on its capacity"),
        CARBON_PRICE,
        ZONE,
        col("mean_price_eur_per_mwh", "€/MWh", Required, "as in summary.csv"),
        col("load_weighted_price_eur_per_mwh", "€/MWh", Required, "as in summary.csv"),
        col("dp_dtau_t_per_mwh", "t/MWh", Required, "load-weighted, from the previous carbon price (passthrough.csv); empty on the first"),
        col("passthrough_rate", "fraction", Required, "as in passthrough.csv; empty on the first carbon price"),
        col("own_cost_t_per_mwh", "t/MWh", Required, "as in passthrough.csv; empty on the first carbon price"),
        col("setter_change_t_per_mwh", "t/MWh", Required, "as in passthrough.csv; empty on the first carbon price"),
        col("price_setting_technologies", "text", Required, "technology:share of hours, largest first (price_setting.csv)"),
        col("emissions_t", "t CO2", Required, "as in summary.csv"),
        col("consumer_cost_change_eur", "€", Required, "as in welfare.csv"),
    ],
};
