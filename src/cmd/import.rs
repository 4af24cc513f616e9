//! `carbonpass import`: public data into a scenario folder.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::import::{dispaset, Defaults};

/// What `carbonpass import dispaset` is asked.
pub struct ImportRequest {
    pub files: Vec<String>,
    pub out: PathBuf,
    pub options: dispaset::Options,
    /// Tables replacing data/technologies.csv and data/fuels.csv.
    pub technologies: Option<PathBuf>,
    pub fuels: Option<PathBuf>,
}

/// Imports, writes the scenario folder, prints the import report and says where it is.
pub fn dispaset(request: &ImportRequest) -> Result<PathBuf> {
    let defaults = Defaults::read(request.technologies.as_deref(), request.fuels.as_deref())?;
    let imported = dispaset::import(&request.files, &request.options, &defaults)?;
    write_and_tell(&imported, &request.out)
}

/// `carbonpass import pypsa DIR`: a PyPSA network folder into a scenario folder.
pub fn pypsa(
    network: &Path,
    out: &Path,
    options: &crate::import::pypsa::Options,
) -> Result<PathBuf> {
    let imported = crate::import::pypsa::import(network, options)?;
    write_and_tell(&imported, out)
}

/// Writes the scenario folder, prints its import report and says where it is.
fn write_and_tell(imported: &crate::import::Imported, out: &Path) -> Result<PathBuf> {
    let toml = imported.write(out)?;
    let report = out.join(crate::import::REPORT);
    print!(
        "{}",
        std::fs::read_to_string(&report).map_err(|e| crate::Error::io(&report, e))?
    );
    eprintln!(
        "scenario written to {}; check it with carbonpass validate {0}",
        toml.display()
    );
    Ok(toml)
}
