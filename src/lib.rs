//! carbonpass: how carbon allowance prices pass into electricity prices.
//!
//! Data flows one way: `input` (scenario files → `scenario` types) → `dispatch`
//! (LP or merit order, one carbon price) → `sweep` (rayon over carbon prices) →
//! `analysis` (summaries, pure functions) → `output` (result folder).

pub mod analysis;
pub mod calendar;
pub mod carbon;
pub mod cli;
pub mod cmd;
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

pub use error::{Error, Problem, Result};
pub use scenario::{
    Availability, Market, Pricing, Scenario, Storage, Unit, DEMAND_RESPONSE, NO_FUEL, SINGLE_ZONE,
};
