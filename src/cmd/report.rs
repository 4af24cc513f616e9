//! `carbonpass report`: the headline table of a result folder.

use std::path::Path;

use crate::error::Result;
use crate::report::{self, Format};

/// Prints the headline table of the result folder `results` in `format`.
pub fn run(results: &Path, format: Format) -> Result<()> {
    let rows = report::headline_of_any(results)?;
    print!("{}", report::render(&rows, format));
    Ok(())
}
