//! Writing an imported scenario folder: built beside the target, read back as a scenario,
//! then moved in file by file, replacing only what an earlier import wrote there.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::{exact, num, toml_string, Imported, UnitRow, REPORT};
use crate::error::{Error, Result};
use crate::schema;

impl Imported {
    /// Writes the scenario folder `out`: `<folder name>.toml`, units.csv, fuels.csv,
    /// demand.csv, profiles.csv and the import report. The files are built in a folder
    /// beside `out` and checked by reading them back as a scenario before they are moved
    /// in; files of an earlier import there are replaced, files it did not write (a
    /// user's notes, scenario variants, subfolders) are left as they are, and a folder
    /// that no import wrote is written into only when empty.
    pub fn write(&self, out: &Path) -> Result<PathBuf> {
        let _lock = crate::util::Lock::take(out)?;
        let staging = crate::util::beside(out, &format!("importing-{}", std::process::id()))?;
        let name = out
            .file_name()
            .expect("beside() checked it names a folder")
            .to_string_lossy()
            .into_owned();
        let earlier = earlier_import(out)?;
        let written = self.write_files(&staging, &name).and_then(|toml| {
            crate::input::load(&toml).map_err(|e| {
                Error::Usage(format!(
                    "a value the import derived from the source (a product or mean of its \
                     cells) is outside what a scenario takes, so nothing was written: {e}"
                ))
            })?;
            move_in(&staging, out, &earlier)
        });
        let _ = fs::remove_dir_all(&staging);
        written.map(|()| out.join(format!("{name}.toml")))
    }

    fn write_files(&self, dir: &Path, name: &str) -> Result<PathBuf> {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fs::create_dir(dir).map_err(|e| Error::io(dir, e))?;
        let write = |file: &str, text: String| {
            let path = dir.join(file);
            fs::write(&path, text).map_err(|e| Error::io(&path, e))
        };
        let table = |file: &str, header: &[&str], rows: Vec<Vec<String>>| {
            crate::util::write_csv(&dir.join(file), header, rows)
        };
        // The columns of units.csv that some unit has, in the schema's order.
        let cells: Vec<_> = self.units.iter().map(UnitRow::cells).collect();
        let header: Vec<&str> = schema::UNITS
            .column_names()
            .filter(|c| cells.iter().any(|row| row.contains_key(c)))
            .collect();
        table(
            "units.csv",
            &header,
            cells
                .iter()
                .map(|row| {
                    (header.iter())
                        .map(|c| row.get(c).cloned().unwrap_or_default())
                        .collect()
                })
                .collect(),
        )?;
        let mut fuel_rows: Vec<Vec<String>> = (self.fuels.iter())
            .map(|f| {
                vec![
                    f.fuel.clone(),
                    exact(f.price_eur_per_mwh_th),
                    exact(f.co2_t_per_mwh_th),
                ]
            })
            .collect();
        if fuel_rows.is_empty() {
            // No unit burns a fuel: the one row says so (a table needs a row).
            fuel_rows.push(vec![crate::NO_FUEL.into(), "0".into(), "0".into()]);
        }
        table("fuels.csv", &schema::FUELS.header(), fuel_rows)?;
        let hours = self.load_mw.first().map_or(0, Vec::len);
        let header: Vec<&str> = std::iter::once("hour")
            .chain(self.zones.iter().map(String::as_str))
            .collect();
        table(
            "demand.csv",
            &header,
            (0..hours)
                .map(|h| {
                    std::iter::once(h.to_string())
                        .chain(self.load_mw.iter().map(|load| exact(load[h])))
                        .collect()
                })
                .collect(),
        )?;
        if !self.links.is_empty() {
            table(
                "links.csv",
                &schema::LINKS.header(),
                self.links
                    .iter()
                    .map(|l| {
                        vec![
                            l.from.clone(),
                            l.to.clone(),
                            exact(l.capacity_mw),
                            exact(l.capacity_reverse_mw),
                        ]
                    })
                    .collect(),
            )?;
        }
        if !self.storage.is_empty() {
            // Inflow columns only where a reservoir has inflow: pumped storage has none.
            let inflows = self.storage.iter().any(|s| s.inflow_profile.is_some());
            let columns = if inflows { 8 } else { 6 };
            table(
                "storage.csv",
                &schema::STORAGE.header()[..columns],
                self.storage
                    .iter()
                    .map(|s| {
                        let mut row = vec![
                            s.name.clone(),
                            s.zone.clone(),
                            exact(s.power_mw),
                            // Products of the source's columns, to 1e-6.
                            num(s.energy_mwh),
                            num(s.efficiency_roundtrip),
                            exact(s.charge_power_mw),
                        ];
                        if inflows {
                            // In full: reservoirs alike up to size keep their inflow per
                            // MW to the last digits, so that the LP states them as one
                            // (`model::StoreGroups`).
                            row.push(exact(s.inflow_mw));
                            row.push(s.inflow_profile.clone().unwrap_or_default());
                        }
                        row
                    })
                    .collect(),
            )?;
        }
        let has_profiles = !self.profiles.is_empty();
        if has_profiles {
            let header: Vec<&str> = std::iter::once("hour")
                .chain(self.profiles.iter().map(|(name, _)| name.as_str()))
                .collect();
            let rows = (0..hours)
                .map(|h| {
                    std::iter::once(h.to_string())
                        .chain(self.profiles.iter().map(|(_, values)| exact(values[h])))
                        .collect()
                })
                .collect();
            table("profiles.csv", &header, rows)?;
        }
        let mut toml = format!(
            "name = {}\ndescription = {}\n\n[data]\nunits = \"units.csv\"\n\
             fuels = \"fuels.csv\"\ndemand = \"demand.csv\"\n",
            toml_string(&self.name),
            toml_string(&self.description)
        );
        if has_profiles {
            toml.push_str("profiles = \"profiles.csv\"\n");
        }
        if !self.storage.is_empty() {
            toml.push_str("storage = \"storage.csv\"\n");
        }
        if !self.links.is_empty() {
            toml.push_str("links = \"links.csv\"\n");
        }
        if let Some(start) = &self.start {
            let _ = write!(
                toml,
                "\n[time]\nstart = {}   # hour 0, local clock time\n",
                toml_string(start)
            );
        }
        toml.push_str(
            "\n[market]\npricing = \"marginal\"\nvoll_eur_per_mwh = 3000.0\n\n\
             [carbon]\nprices_eur_per_t = { start = 0.0, stop = 100.0, step = 10.0 }\n",
        );
        let toml_path = dir.join(format!("{name}.toml"));
        write(&format!("{name}.toml"), toml)?;
        let mut report = self.report_markdown();
        let mut files = crate::util::entries_under(dir)?;
        files.push(REPORT.to_string());
        files.sort();
        report.push_str(&format!("\n{FILES_HEADING}\n\n"));
        for file in &files {
            let _ = writeln!(report, "- `{file}`");
        }
        write(REPORT, report)?;
        Ok(toml_path)
    }
}

/// The heading of the import report's list of the files the import wrote.
const FILES_HEADING: &str = "## Files written by this import";

/// The files an earlier import wrote in `out` (none when `out` is absent or empty).
/// A folder with other files and no import report is refused.
fn earlier_import(out: &Path) -> Result<BTreeSet<String>> {
    if out.exists() && !out.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file, not a folder; choose another --out",
            out.display()
        )));
    }
    if !out.exists() || crate::util::entries_under(out)?.is_empty() {
        return Ok(BTreeSet::new());
    }
    let report = out.join(REPORT);
    if !report.is_file() {
        return Err(Error::Usage(format!(
            "{} is not empty and has no {REPORT}: it was not written by carbonpass import, \
             which will not write into it; choose another --out or an empty folder",
            out.display()
        )));
    }
    let text = fs::read_to_string(&report).map_err(|e| Error::io(&report, e))?;
    let listed: BTreeSet<String> = match text.split_once(FILES_HEADING) {
        Some((_, list)) => list
            .lines()
            .filter_map(|l| l.strip_prefix("- `")?.strip_suffix('`'))
            .filter(|f| !f.starts_with('/') && !f.split('/').any(|p| p == ".."))
            .map(String::from)
            .collect(),
        // Written before the report listed its files: the files an import writes.
        None => {
            let name = out.file_name().unwrap_or_default().to_string_lossy();
            let toml = format!("{name}.toml");
            let known = [
                "units.csv",
                "fuels.csv",
                "demand.csv",
                "profiles.csv",
                "storage.csv",
                "links.csv",
                REPORT,
                toml.as_str(),
            ];
            known.iter().map(|f| f.to_string()).collect()
        }
    };
    Ok(listed)
}

/// Moves the files of `staging` into `out`, replacing the files the earlier import there
/// wrote and removing those of them this import does not write; nothing else in `out` is
/// touched. A file in the way that the earlier import did not write stops the move before
/// anything is moved.
fn move_in(staging: &Path, out: &Path, earlier: &BTreeSet<String>) -> Result<()> {
    let new = crate::util::entries_under(staging)?;
    let in_the_way: Vec<&String> = new
        .iter()
        .filter(|f| out.join(f).exists() && !earlier.contains(*f))
        .collect();
    if !in_the_way.is_empty() {
        let names: Vec<&str> = in_the_way.iter().map(|s| s.as_str()).collect();
        return Err(Error::Usage(format!(
            "{} holds {} that carbonpass import did not write; move them away to import \
             there",
            out.display(),
            names.join(", ")
        )));
    }
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    // The report last: until it is in place, the earlier report lists what is there.
    let (report, others): (Vec<&String>, Vec<&String>) = new.iter().partition(|f| *f == REPORT);
    for file in others.into_iter().chain(report) {
        let target = out.join(file);
        fs::rename(staging.join(file), &target).map_err(|e| Error::io(&target, e))?;
    }
    for old in earlier.iter().filter(|f| !new.contains(f)) {
        let path = out.join(old);
        if path.is_file() {
            fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}
