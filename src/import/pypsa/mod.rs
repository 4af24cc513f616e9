//! PyPSA networks, as `Network.export_to_csv_folder` writes them, into a scenario: buses
//! → zones, generators → units (carbon cost τ·co2_emissions/efficiency on top of
//! marginal_cost), loads → demand, storage units → storage.csv, links → links.csv.
//!
//! PyPSA writes only the attributes that differ from its defaults, so a column that is
//! absent takes PyPSA's default. What carbonpass cannot model the same way (unit
//! commitment, ramp limits, lossy or multi-bus links, stores, AC power flow, non-hourly
//! snapshots, time-varying costs) is refused with the component, the file and the reason:
//! an import that silently changed the network would give other prices than PyPSA.

mod frame;
mod generators;
mod storage;

use std::path::{Path, PathBuf};

use super::{Imported, Report};
use crate::error::{Error, Result};
use crate::util::{CsvTable, Header};
use frame::has_rows;

/// What `carbonpass import pypsa` is asked beyond the folder.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub name: Option<String>,
    /// Map AC lines and transformers to links of their thermal rating (flows then ignore
    /// Kirchhoff's voltage law).
    pub lines_as_links: bool,
}

/// Time series carbonpass reads: (component file stem, attribute).
const READ_SERIES: [(&str, &str); 3] = [
    ("generators", "p_max_pu"),
    ("loads", "p_set"),
    ("storage_units", "inflow"),
];

/// Attributes PyPSA writes as results of an optimisation or a power flow: not inputs.
const RESULT_ATTRIBUTES: [&str; 16] = [
    "p",
    "q",
    "p0",
    "p1",
    "q0",
    "q1",
    "state_of_charge",
    "spill",
    "p_store",
    "p_dispatch",
    "marginal_price",
    "v_mag_pu",
    "v_ang",
    "e",
    "status",
    "p_nom_opt",
];

/// Component files carbonpass has no counterpart for, with why.
const REFUSED_COMPONENTS: [(&str, &str); 3] = [
    (
        "stores.csv",
        "stores (energy without power limits of their own, charged through links) are not \
         modelled; model a store with its charger and discharger as a storage unit",
    ),
    (
        "shunt_impedances.csv",
        "shunt impedances belong to AC power flow, which carbonpass does not model",
    ),
    (
        "sub_networks.csv",
        "sub-networks belong to AC power flow, which carbonpass does not model",
    ),
];

/// Imports the network exported into `dir`.
pub fn import(dir: &Path, options: &Options) -> Result<Imported> {
    if dir.extension().is_some_and(|e| e == "nc" || e == "h5") {
        return Err(Error::Usage(format!(
            "{}: a netCDF or HDF5 network. PyPSA writes netCDF-4 (an HDF5 file), which no \
             pure-Rust crate reads; the netcdf crate would need the C libraries libnetcdf \
             and HDF5. Export the network with n.export_to_csv_folder(\"DIR\") and import DIR",
            dir.display()
        )));
    }
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: expected the folder written by PyPSA's Network.export_to_csv_folder",
            dir.display()
        )));
    }
    let mut network = Network::new(dir);
    network.report.filled_from = Some(("PyPSA's defaults and mappings", "value taken"));
    network.check_files()?;
    let snapshots = network.snapshots()?;
    let zones = network.buses()?;
    let carriers = network.carriers()?;
    let mut problems = Vec::new();
    let (units, fuels) = network.generators(&snapshots, &zones, &carriers, &mut problems);
    let load_mw = network.loads(&snapshots, &zones, &mut problems);
    let storage = network.storage_units(&snapshots, &zones, &mut problems);
    let links = network.links(&zones, options, &mut problems);
    network.global_constraints(&mut problems);
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let name = options.name.clone().unwrap_or_else(|| {
        let folder = dir
            .file_name()
            .map_or("network".into(), |n| n.to_string_lossy().into_owned());
        match network.name.as_deref() {
            Some(n) if n != "Unnamed Network" && !n.is_empty() => format!("{n} (PyPSA)"),
            _ => format!("{folder} (PyPSA network)"),
        }
    });
    let Network {
        report, profiles, ..
    } = network;
    Ok(Imported {
        description: format!(
            "Imported by `carbonpass import pypsa` from {}; see import_report.md for how \
             each component was mapped.",
            dir.display()
        ),
        name,
        zones,
        units,
        storage,
        fuels,
        load_mw,
        links,
        profiles,
        start: snapshots.start,
        report,
    })
}

/// The hours of the network: `snapshots.csv`'s keys (its first column) in order, and the
/// first hour's clock time where snapshots are timestamps.
struct Snapshots {
    keys: Vec<String>,
    /// The `snapshot` column where it differs from the keys (timestamps beside positions).
    labels: Vec<String>,
    start: Option<String>,
}

impl Snapshots {
    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// The folder being imported, what has been read and what was said about it.
struct Network {
    dir: PathBuf,
    name: Option<String>,
    report: Report,
    profiles: Vec<(String, Vec<f64>)>,
}

impl Network {
    fn new(dir: &Path) -> Network {
        Network {
            dir: dir.to_path_buf(),
            name: None,
            report: Report::default(),
            profiles: Vec::new(),
        }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Refuses component files and time series carbonpass cannot read the same way, and
    /// notes result files that it does not read.
    fn check_files(&mut self) -> Result<()> {
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .map_err(|e| Error::io(&self.dir, e))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut refused = Vec::new();
        let mut results = Vec::new();
        for name in &names {
            if let Some((_, why)) = REFUSED_COMPONENTS.iter().find(|(f, _)| f == name) {
                if has_rows(&self.path(name)) {
                    refused.push(format!("{name}: {why}"));
                }
                continue;
            }
            let Some(stem) = name.strip_suffix(".csv") else {
                continue;
            };
            let Some((component, attribute)) = stem.split_once('-') else {
                continue;
            };
            if READ_SERIES.contains(&(component, attribute)) {
                continue;
            }
            if RESULT_ATTRIBUTES.contains(&attribute) || attribute.starts_with("mu_") {
                results.push(name.clone());
                continue;
            }
            refused.push(format!(
                "{name}: time-varying {attribute} of {component} is not imported (carbonpass \
                 reads hourly p_max_pu of generators, p_set of loads and inflow of storage \
                 units); make it a constant in {component}.csv"
            ));
        }
        if !results.is_empty() {
            self.report.notes.push(format!(
                "Results of an earlier optimisation or power flow, not read: {}.",
                results.join(", ")
            ));
        }
        if let Some(table) = self.read_optional("network.csv")? {
            if let Some(row) = table.rows.first() {
                let cell = |c: &str| table.column(c).and_then(|i| table.text(row, i));
                self.name = cell("name").map(str::to_string);
                if cell("_multi_invest").is_some_and(|v| v != "0" && v != "False") {
                    refused.push(
                        "network.csv: a multi-period (investment periods) network; carbonpass \
                         solves one year of hours"
                            .into(),
                    );
                }
            }
        }
        if refused.is_empty() {
            Ok(())
        } else {
            Err(Error::Usage(format!(
                "{} cannot be imported as it is:\n  {}",
                self.dir.display(),
                refused.join("\n  ")
            )))
        }
    }

    /// A component file, or `None` where the network has none; what is wrong with it
    /// goes to `problems` (a file with a header and no rows is a component with none).
    fn component(&self, file: &str, problems: &mut Vec<crate::Problem>) -> Option<CsvTable> {
        let path = self.path(file);
        if !path.is_file() {
            return None;
        }
        let mut found = Vec::new();
        let table = CsvTable::read_with(&path, Header::RowNamingFirst("name"), &mut found);
        found.retain(|p| p.message != crate::util::NO_ROWS);
        let sound = found.is_empty();
        problems.extend(found);
        table.filter(|_| sound)
    }

    /// As `component`, stopping at its problems.
    fn read_optional(&self, file: &str) -> Result<Option<CsvTable>> {
        let mut problems = Vec::new();
        let table = self.component(file, &mut problems);
        if problems.is_empty() {
            Ok(table)
        } else {
            Err(Error::Input(problems))
        }
    }
}
