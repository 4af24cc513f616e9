//! carbonpass: how carbon allowance prices pass into electricity prices.
//!
//! Data flows one way: `input` (scenario files → `scenario` types) → `dispatch`
//! (LP or merit order, one carbon price) → `sweep` (rayon over carbon prices) →
//! `analysis` (summaries, pure functions) → `output` (result folder).

pub mod analysis;
pub mod calendar;
pub mod carbon;
pub mod cli;
pub mod commands;
pub mod dispatch;
pub mod error;
pub mod import;
pub mod input;
pub mod interrupt;
pub mod model;
pub mod output;
pub mod parts;
pub mod plots;
pub mod report;
pub mod scenario;
pub mod schema;
pub mod solve;
pub mod sweep;
pub mod validate;

pub use error::{Error, Problem, Result};
pub use scenario::{Availability, Market, Pricing, Scenario, Storage, Unit};

/// The fuel key of units that burn no fuel (wind, solar, hydro).
pub const NO_FUEL: &str = "none";

/// The technology of demand-response blocks: load given up at a price, dispatched like a
/// zero-emission unit whose "generation" is the load not served.
pub const DEMAND_RESPONSE: &str = "demand_response";

/// Name of the zone of a single-zone scenario whose demand column is `load_mw` and
/// whose units name no zone.
pub const SINGLE_ZONE: &str = "system";
