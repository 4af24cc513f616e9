//! carbonpass: how carbon allowance prices pass into electricity prices.
//!
//! Data flows one way: `input` (scenario files → `scenario` types) → `model` (the dispatch
//! LP stated once) → `solve` (HiGHS) and `dispatch` (one carbon price, priced by one rule;
//! or the merit order) → `sweep` (rayon over carbon prices) → `analysis` (pure functions,
//! every table once) → `output` (result folder, plots). `cmd` holds one file per command;
//! `schema` and `util` sit at the bottom, used by all.

pub mod analysis;
pub mod calendar;
pub mod carbon;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod dispatch;
pub mod error;
pub mod import;
pub mod input;
pub mod interrupt;
pub mod model;
pub mod output;
pub mod parts;
pub mod report;
pub mod scenario;
pub mod schema;
pub mod solve;
pub mod sweep;
pub mod util;
pub mod variants;

pub use error::{Error, Problem, Result};
pub use scenario::{
    Availability, Market, Pricing, Scenario, Storage, Unit, DEMAND_RESPONSE, NO_FUEL, SINGLE_ZONE,
};
