//! The input files of a scenario (FORMAT.md). Each column is a constant of its file's
//! module, so that code reads a value by naming its column; adding an optional numeric
//! column to units.csv is adding it here (and to `UNITS`) and reading it where it is used:
//! the reader keeps every numeric column of units.csv but capacity and efficiency as a
//! parameter of the unit, given or defaulted as written here.

use super::{Column, Kind, Need, Range, Table};
use Need::*;

use Column as C;

const TEXT: Kind = Kind::Text;
const fn number(range: Range) -> Kind {
    Kind::Number(range)
}

pub mod units {
    use super::*;

    pub const NAME: Column = C::new("name", "—", TEXT, Required, "unique name of the unit");
    pub const ZONE: Column = C::new(
        "zone",
        "—",
        TEXT,
        Otherwise("the single zone"),
        "bidding zone; a column name of demand.csv",
    );
    pub const TECHNOLOGY: Column = C::new(
        "technology",
        "—",
        TEXT,
        Required,
        "label used in reports (lignite, hard_coal, ccgt, ocgt, wind_onshore, solar, ...)",
    );
    pub const FUEL: Column = C::new(
        "fuel",
        "—",
        TEXT,
        Required,
        "key into fuels.csv; `none` for units without fuel (wind, solar, hydro)",
    );
    pub const CAPACITY: Column = C::new(
        "capacity_mw",
        "MW (net electrical)",
        number(Range::POWER_POSITIVE),
        Required,
        "installed net capacity",
    );
    pub const EFFICIENCY: Column = C::new(
        "efficiency",
        "fraction",
        number(Range::EFFICIENCY),
        RequiredIf("fuelled units"),
        "net fuel-to-power efficiency",
    );
    pub const VOM: Column = C::new(
        "vom_eur_per_mwh",
        "€/MWh_el",
        number(Range::COST),
        Default(0.0),
        "variable operation and maintenance cost",
    );
    pub const AVAILABILITY: Column = C::new(
        "availability",
        "fraction",
        Kind::NumberOrName(Range::FRACTION, "a column of profiles.csv"),
        Default(1.0),
        "available share of capacity in each hour",
    );
    pub const FREE_SHARE: Column = C::new(
        "free_allocation_share",
        "fraction",
        number(Range::FRACTION),
        Default(0.0),
        "share of the unit's emissions covered by free (lump-sum) allowances; changes profits and state revenue, not marginal cost; empty: [allocation] free_share of its technology",
    );
    pub const BENCHMARK: Column = C::new(
        "benchmark_t_per_mwh",
        "t CO2/MWh_el",
        number(Range::INTENSITY),
        Default(0.0),
        "output-based allocation: free allowances per MWh generated; marginal cost becomes c + τ·(e − b); empty: [allocation] benchmark_t_per_mwh of its technology",
    );
    pub const FIRM: Column = C::new(
        "firm",
        "—",
        TEXT,
        Optional,
        "owner: for [market_power] markup_by_firm, and the Cournot player under competition = \"cournot\" (units without one are the price-taking fringe)",
    );
    pub const OUTSIDE_ETS: Column = C::new(
        "outside_ets",
        "—",
        Kind::Flag,
        Otherwise("false"),
        "outside the carbon market (e.g. imports from a neighbour without a carbon price): pays no carbon price; its emissions count as leakage",
    );
    pub const MARKUP: Column = C::new(
        "markup",
        "fraction",
        number(Range::MARKUP),
        Default(0.0),
        "market power: the unit offers at (1 + markup) × marginal cost; empty: [market_power] markup of its firm, else of its technology",
    );
    pub const MUST_RUN: Column = C::new(
        "must_run_share",
        "fraction",
        Kind::NumberOrName(Range::FRACTION, "a column of profiles.csv"),
        Default(0.0),
        "share of the available capacity run in every hour whatever the price (heat-led CHP, minimum stable load of a unit kept on): a linear stand-in for commitment; a profile column gives a share that changes hour by hour (heat demand)",
    );
    pub const RAMP: Column = C::new(
        "ramp_mw_per_h",
        "MW/h",
        number(Range::POWER),
        Otherwise("no limit"),
        "largest change of output from one hour to the next, either way; couples the hours, so sweeps use the LP",
    );
    pub const MIN_STABLE: Column = C::new(
        "min_stable_share",
        "fraction",
        number(Range::FRACTION),
        Default(0.0),
        "minimum stable load as a share of the capacity online: linearised commitment, where capacity online is a variable of its own",
    );
    pub const STARTUP_COST: Column = C::new(
        "startup_cost_eur_per_mw",
        "€/MW",
        number(Range::COST_PER_MW),
        Default(0.0),
        "cost of bringing a MW of capacity online; with it (or a minimum stable load) the hours are coupled and sweeps use the LP",
    );
}

pub const UNITS: Table = Table {
    file: "units.csv",
    about: "one row per generating unit or technology block",
    columns: &[
        units::NAME,
        units::ZONE,
        units::TECHNOLOGY,
        units::FUEL,
        units::CAPACITY,
        units::EFFICIENCY,
        units::VOM,
        units::AVAILABILITY,
        units::FREE_SHARE,
        units::BENCHMARK,
        units::FIRM,
        units::OUTSIDE_ETS,
        units::MARKUP,
        units::MUST_RUN,
        units::RAMP,
        units::MIN_STABLE,
        units::STARTUP_COST,
    ],
};

pub mod fuels {
    use super::*;

    pub const FUEL: Column = C::new(
        "fuel",
        "—",
        TEXT,
        Required,
        "unique key, referred to by units.csv; `none` (units without fuel) may be listed, with price and CO2 0",
    );
    pub const PRICE: Column = C::new(
        "price_eur_per_mwh_th",
        "€/MWh thermal",
        number(Range::COST),
        Required,
        "fuel price; negative for a gate fee (waste, some biomass)",
    );
    pub const CO2: Column = C::new(
        "co2_t_per_mwh_th",
        "t CO2/MWh thermal",
        number(Range::INTENSITY),
        Required,
        "emission factor",
    );
}

pub const FUELS: Table = Table {
    file: "fuels.csv",
    about: "one row per fuel",
    columns: &[fuels::FUEL, fuels::PRICE, fuels::CO2],
};

pub const DEMAND: Table = Table {
    file: "demand.csv",
    about: "one row per hour; one column per zone",
    columns: &[
        C::new(
            "hour",
            "0-based integer or ISO-8601 timestamp",
            TEXT,
            Required,
            "first column; integers must run 0, 1, 2, ...",
        ),
        C::new(
            "<zone> or load_mw",
            "MW",
            number(Range::POWER),
            Required,
            "load of each zone; a single-zone scenario may call its column `load_mw`",
        ),
    ],
};

pub const PROFILES: Table = Table {
    file: "profiles.csv",
    about: "one row per hour, aligned with demand.csv",
    columns: &[
        C::new(
            "hour",
            "as in demand.csv",
            TEXT,
            Required,
            "first column, the same hours as demand.csv",
        ),
        C::new(
            "<profile>",
            "fraction",
            number(Range::FRACTION),
            Required,
            "hourly availability factor, named in units.csv `availability`",
        ),
    ],
};

pub mod storage {
    use super::*;

    pub const NAME: Column = C::new("name", "—", TEXT, Required, "unique among storage units");
    pub const ZONE: Column = C::new(
        "zone",
        "—",
        TEXT,
        Otherwise("the single zone"),
        "a zone of demand.csv",
    );
    pub const POWER: Column = C::new(
        "power_mw",
        "MW",
        number(Range::POWER_POSITIVE),
        Required,
        "charge and discharge limit",
    );
    pub const ENERGY: Column = C::new(
        "energy_mwh",
        "MWh",
        number(Range::ENERGY),
        Required,
        "usable energy: what a full store gives back to the grid",
    );
    pub const EFFICIENCY: Column = C::new(
        "efficiency_roundtrip",
        "fraction",
        number(Range::EFFICIENCY),
        Required,
        "energy given back per MWh charged",
    );
    pub const CHARGE_POWER: Column = C::new(
        "charge_power_mw",
        "MW",
        number(Range::POWER),
        Otherwise("power_mw"),
        "charge limit; 0 for a hydro reservoir without pumps",
    );
    pub const INFLOW: Column = C::new(
        "inflow_mw",
        "MW",
        number(Range::POWER),
        Default(0.0),
        "natural inflow (a reservoir's energy budget), in MW of electricity it can give back; the store may spill it",
    );
    pub const INFLOW_PROFILE: Column = C::new(
        "inflow_profile",
        "—",
        TEXT,
        Otherwise("constant"),
        "a column of profiles.csv: the hourly shape of the inflow, inflow_mw × the profile's value",
    );
}

pub const STORAGE: Table = Table {
    file: "storage.csv",
    about: "optional (`[data] storage`): one row per storage unit (pumped hydro, battery); \
            it couples the hours, so sweeps use the LP. The state of charge is cyclic over the \
            horizon and the round-trip loss is taken on charging",
    columns: &[
        storage::NAME,
        storage::ZONE,
        storage::POWER,
        storage::ENERGY,
        storage::EFFICIENCY,
        storage::CHARGE_POWER,
        storage::INFLOW,
        storage::INFLOW_PROFILE,
    ],
};

pub mod links {
    use super::*;

    pub const FROM: Column = C::new("from", "—", TEXT, Required, "a zone of demand.csv");
    pub const TO: Column = C::new("to", "—", TEXT, Required, "another zone of demand.csv");
    pub const CAPACITY: Column = C::new(
        "capacity_mw",
        "MW",
        number(Range::POWER),
        Required,
        "transfer limit from → to, and to → from unless `capacity_reverse_mw` says otherwise; lossless",
    );
    pub const CAPACITY_REVERSE: Column = C::new(
        "capacity_reverse_mw",
        "MW",
        number(Range::POWER),
        Otherwise("capacity_mw"),
        "transfer limit to → from (net transfer capacities differ by direction)",
    );
}

pub const LINKS: Table = Table {
    file: "links.csv",
    about: "optional (`[data] links`): one row per transfer capacity between two zones",
    columns: &[
        links::FROM,
        links::TO,
        links::CAPACITY,
        links::CAPACITY_REVERSE,
    ],
};

pub mod compensation {
    use super::*;

    pub const PRODUCT: Column = C::new(
        "product",
        "—",
        TEXT,
        Required,
        "unique: the product of an electricity-intensive sector (aluminium, chlorine, …)",
    );
    pub const ZONE: Column = C::new(
        "zone",
        "—",
        TEXT,
        Otherwise("the single zone"),
        "the price zone its plants buy electricity in",
    );
    pub const AID_INTENSITY: Column = C::new(
        "aid_intensity",
        "fraction",
        number(Range::FRACTION),
        Required,
        "share of the indirect cost compensated (EU: 0.85 in 2013–15, 0.80 in 2016–18, 0.75 in 2019–20)",
    );
    pub const BENCHMARK: Column = C::new(
        "electricity_benchmark_mwh_per_t",
        "MWh/t",
        number(Range::between(0.0, 1e3)),
        Required,
        "electricity-efficiency benchmark: MWh of electricity per tonne of product",
    );
    pub const OUTPUT: Column = C::new(
        "baseline_output_t",
        "t",
        number(Range::CAP),
        Required,
        "baseline output, tonnes of product over the horizon",
    );
}

pub const COMPENSATION: Table = Table {
    file: "compensation.csv",
    about: "optional (`[data] compensation`): one row per product eligible for indirect-cost compensation (EU state aid); the aid at each carbon price is aid_intensity × the zone's modelled fossil CO2 factor × τ × benchmark × baseline output",
    columns: &[
        compensation::PRODUCT,
        compensation::ZONE,
        compensation::AID_INTENSITY,
        compensation::BENCHMARK,
        compensation::OUTPUT,
    ],
};

pub const INPUTS: &[Table] = &[UNITS, FUELS, DEMAND, PROFILES, STORAGE, LINKS, COMPENSATION];
