//! The result folder: CSV files written into a temporary folder beside the target and
//! moved into place only when everything is written, so a failed run leaves nothing
//! that looks like a result.

use std::fs;
use std::path::{Path, PathBuf};

use crate::analysis::{self, Outcome, SwitchLevel};
use crate::dispatch::PriceSetter;
use crate::error::{Error, Result};
use crate::plots;
use crate::scenario::Scenario;
use crate::schema;

/// Marks a folder as carbonpass results; written last, so its presence means complete.
pub const MANIFEST: &str = "run.toml";
/// The folder of plots inside a result folder.
pub const PLOTS: &str = "plots";

/// What is recorded about a run in its manifest.
pub struct RunInfo<'a> {
    pub scenario_path: &'a Path,
    pub method: &'a str,
    /// Also write PNG copies of the plots.
    pub png: bool,
    /// Also write passthrough_hourly.csv.
    pub hourly_passthrough: bool,
}

/// Writes all result files for `outcomes` into `dir`, replacing an earlier result folder.
pub fn write_results(
    dir: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    info: &RunInfo,
) -> Result<()> {
    let staging = Staging::new(dir)?;
    let path = |file: &str| staging.path.join(file);
    write_summary(&path(schema::SUMMARY.file), scenario, outcomes)?;
    write_prices(&path(schema::PRICES.file), scenario, outcomes)?;
    write_passthrough(&path(schema::PASSTHROUGH.file), scenario, outcomes)?;
    write_passthrough_slices(&path(schema::PASSTHROUGH_SLICES.file), scenario, outcomes)?;
    if info.hourly_passthrough {
        write_passthrough_hourly(&path(schema::PASSTHROUGH_HOURLY.file), scenario, outcomes)?;
    }
    write_price_setting(&path(schema::PRICE_SETTING.file), scenario, outcomes)?;
    write_abatement(&path(schema::ABATEMENT.file), scenario, outcomes)?;
    write_fuel_switches(&path(schema::FUEL_SWITCHES.file), scenario, outcomes)?;
    write_welfare(
        &path(schema::WELFARE.file),
        &path(schema::PROFITS.file),
        scenario,
        outcomes,
    )?;
    write_dispatch(&path(schema::DISPATCH.file), scenario, outcomes)?;
    write_dispatch_hourly(&path(schema::DISPATCH_HOURLY.file), scenario, outcomes)?;
    if !scenario.links.is_empty() {
        write_flows(&path(schema::FLOWS.file), scenario, outcomes)?;
    }
    if !scenario.storage.is_empty() {
        write_storage(&path(schema::STORAGE_DISPATCH.file), scenario, outcomes)?;
    }
    fs::create_dir(path(PLOTS)).map_err(|e| Error::io(&path(PLOTS), e))?;
    plots::write_all(&path(PLOTS), scenario, outcomes, info.png)?;
    write_manifest(&path(MANIFEST), scenario, outcomes, info)?;
    staging.commit(dir)
}

/// A number as written in results: rounded to 1e-6 of its unit, no `-0`, empty for NaN.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        return String::new();
    }
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

fn csv_writer(path: &Path, header: &[&str]) -> Result<csv::Writer<fs::File>> {
    let file = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut writer = csv::Writer::from_writer(file);
    writer
        .write_record(header)
        .map_err(|e| csv_error(path, e))?;
    Ok(writer)
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::io(path, std::io::Error::other(e))
}

fn finish(path: &Path, mut writer: csv::Writer<fs::File>) -> Result<()> {
    writer.flush().map_err(|e| Error::io(path, e))
}

/// Writes a whole CSV file: a header and rows of cells (quoted where CSV needs it).
pub(crate) fn write_csv<R, C>(path: &Path, header: &[&str], rows: R) -> Result<()>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<[u8]>,
{
    let mut w = csv_writer(path, header)?;
    for row in rows {
        w.write_record(row).map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

fn write_summary(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::SUMMARY.header())?;
    for outcome in outcomes {
        for row in outcome.summary(scenario) {
            w.write_record([
                num(row.tau_eur_per_t),
                row.zone,
                num(row.mean_price_eur_per_mwh),
                num(row.load_weighted_price_eur_per_mwh),
                num(row.emissions_t),
                num(row.generation_mwh),
                num(row.unserved_mwh),
                num(row.system_cost_eur),
            ])
            .map_err(|e| csv_error(path, e))?;
        }
    }
    finish(path, w)
}

fn write_prices(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::PRICES.header())?;
    for outcome in outcomes {
        let tau = num(outcome.tau_eur_per_t);
        for h in 0..scenario.hours() {
            let hour = h.to_string();
            for (z, zone) in scenario.zones.iter().enumerate() {
                let p = &outcome.prices[[h, z]];
                let (unit, technology) = match p.setter {
                    PriceSetter::Unit(u) => (
                        scenario.units[u].name.as_str(),
                        scenario.units[u].technology.as_str(),
                    ),
                    PriceSetter::Shortage => ("shortage", "shortage"),
                    PriceSetter::Tariff => ("tariff", "tariff"),
                    PriceSetter::Storage(s) => (scenario.storage[s].name.as_str(), "storage"),
                };
                w.write_record([
                    tau.as_str(),
                    hour.as_str(),
                    zone,
                    &num(p.price_eur_per_mwh),
                    unit,
                    technology,
                    if p.unique { "true" } else { "false" },
                ])
                .map_err(|e| csv_error(path, e))?;
            }
        }
    }
    finish(path, w)
}

fn write_passthrough(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::PASSTHROUGH.header())?;
    for row in analysis::passthrough(scenario, outcomes) {
        w.write_record([
            num(row.tau_from_eur_per_t),
            num(row.tau_to_eur_per_t),
            row.zone,
            num(row.dp_dtau_t_per_mwh),
            num(row.passthrough_rate),
            num(row.price_setting_intensity_t_per_mwh),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

fn write_passthrough_slices(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let Some(calendar) = &scenario.calendar else {
        return Ok(());
    };
    let mut w = csv_writer(path, &schema::PASSTHROUGH_SLICES.header())?;
    let slices = analysis::passthrough_by_slice(scenario, outcomes, &calendar.slices());
    let rows_per_slice = outcomes.len().saturating_sub(1) * scenario.zones.len();
    // Interval by interval and zone by zone, then slice by slice.
    for i in 0..rows_per_slice {
        for (slice, hours, rows) in &slices {
            let row = &rows[i];
            w.write_record([
                num(row.tau_from_eur_per_t),
                num(row.tau_to_eur_per_t),
                row.zone.clone(),
                slice.clone(),
                hours.to_string(),
                num(row.dp_dtau_t_per_mwh),
                num(row.passthrough_rate),
                num(row.price_setting_intensity_t_per_mwh),
            ])
            .map_err(|e| csv_error(path, e))?;
        }
    }
    finish(path, w)
}

fn write_passthrough_hourly(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::PASSTHROUGH_HOURLY.header())?;
    let by_hour = analysis::passthrough_by_hour(scenario, outcomes);
    let intervals = outcomes.len().saturating_sub(1) * scenario.zones.len();
    // Interval by interval, then hour by hour, like prices.csv.
    for i in 0..intervals {
        for (h, rows) in by_hour.iter().enumerate() {
            let row = &rows[i];
            w.write_record([
                num(row.tau_from_eur_per_t),
                num(row.tau_to_eur_per_t),
                h.to_string(),
                row.zone.clone(),
                num(row.dp_dtau_t_per_mwh),
                num(row.passthrough_rate),
                num(row.price_setting_intensity_t_per_mwh),
            ])
            .map_err(|e| csv_error(path, e))?;
        }
    }
    finish(path, w)
}

fn write_flows(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::FLOWS.header())?;
    for outcome in outcomes {
        for h in 0..scenario.hours() {
            for (l, link) in scenario.links.iter().enumerate() {
                let flow = outcome.flow_mw[[h, l]];
                let congested = crate::dispatch::is_congested(flow, link.capacity_mw);
                w.write_record([
                    num(outcome.tau_eur_per_t),
                    h.to_string(),
                    scenario.zones[link.from].clone(),
                    scenario.zones[link.to].clone(),
                    num(flow),
                    num(link.capacity_mw),
                    congested.to_string(),
                ])
                .map_err(|e| csv_error(path, e))?;
            }
        }
    }
    finish(path, w)
}

fn write_storage(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::STORAGE_DISPATCH.header())?;
    for outcome in outcomes {
        let st = &outcome.storage;
        for h in 0..scenario.hours() {
            for (s, store) in scenario.storage.iter().enumerate() {
                w.write_record([
                    num(outcome.tau_eur_per_t),
                    h.to_string(),
                    store.name.clone(),
                    scenario.zones[store.zone].clone(),
                    num(st.charge_mw[[h, s]]),
                    num(st.discharge_mw[[h, s]]),
                    num(st.state_of_charge_mwh[[h, s]]),
                    num(scenario.inflow_mw(s, h)),
                    num(st.spill_mw[[h, s]]),
                    num(outcome.price_eur_per_mwh(h, store.zone)),
                ])
                .map_err(|e| csv_error(path, e))?;
            }
        }
    }
    finish(path, w)
}

fn write_abatement(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::ABATEMENT.header())?;
    for row in analysis::abatement(scenario, outcomes) {
        w.write_record([
            num(row.tau_eur_per_t),
            row.zone,
            num(row.emissions_t),
            num(row.abatement_t),
            num(row.abatement_share),
            num(row.generation_intensity_t_per_mwh),
            num(row.emissions_outside_ets_t),
            num(row.leakage_t),
            num(row.leakage_share),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

fn write_price_setting(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::PRICE_SETTING.header())?;
    for row in analysis::price_setting(scenario, outcomes) {
        w.write_record([
            num(row.tau_eur_per_t),
            row.zone,
            row.technology,
            num(row.share_of_hours),
            num(row.emission_intensity_t_per_mwh),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

fn write_fuel_switches(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::FUEL_SWITCHES.header())?;
    let taus: Vec<f64> = outcomes.iter().map(|o| o.tau_eur_per_t).collect();
    for row in analysis::fuel_switches(scenario, &taus) {
        w.write_record([
            match row.level {
                SwitchLevel::Unit => "unit",
                SwitchLevel::Technology => "technology",
            }
            .to_string(),
            row.zone,
            row.dirtier,
            row.cleaner,
            num(row.tau_eur_per_t),
            row.crossed.to_string(),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)
}

fn write_welfare(
    path: &Path,
    profits_path: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
) -> Result<()> {
    let (welfare, profits) = analysis::welfare(scenario, outcomes);
    let mut w = csv_writer(path, &schema::WELFARE.header())?;
    for row in welfare {
        w.write_record([
            num(row.tau_eur_per_t),
            row.zone,
            num(row.reference_tau_eur_per_t),
            num(row.consumer_cost_change_eur),
            num(row.carbon_cost_eur),
            num(row.state_revenue_eur),
            num(row.generator_profit_change_eur),
            num(row.free_allowances_t),
        ])
        .map_err(|e| csv_error(path, e))?;
    }
    finish(path, w)?;
    let mut w = csv_writer(profits_path, &schema::PROFITS.header())?;
    for row in profits {
        w.write_record([
            num(row.tau_eur_per_t),
            row.zone,
            row.technology,
            num(row.profit_eur),
            num(row.profit_change_eur),
            num(row.free_allowance_value_eur),
            num(row.windfall_eur),
        ])
        .map_err(|e| csv_error(profits_path, e))?;
    }
    finish(profits_path, w)
}

fn write_dispatch(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let mut w = csv_writer(path, &schema::DISPATCH.header())?;
    let techs = scenario.technologies();
    let tech_of = scenario.technology_index();
    for outcome in outcomes {
        for (z, zone) in scenario.zones.iter().enumerate() {
            let mut generation = vec![0.0; techs.len()];
            let mut emissions = vec![0.0; techs.len()];
            for (u, unit) in scenario.units.iter().enumerate() {
                if unit.zone == z {
                    generation[tech_of[u]] += outcome.unit_generation_mwh[u];
                    emissions[tech_of[u]] += outcome.unit_emissions_t[u];
                }
            }
            let total: f64 = generation.iter().sum();
            for (t, tech) in techs.iter().enumerate() {
                if !scenario
                    .units
                    .iter()
                    .any(|u| u.zone == z && u.technology == *tech)
                {
                    continue;
                }
                let share = if total > 0.0 {
                    generation[t] / total
                } else {
                    0.0
                };
                w.write_record([
                    num(outcome.tau_eur_per_t),
                    zone.clone(),
                    tech.clone(),
                    num(generation[t]),
                    num(emissions[t]),
                    num(share),
                ])
                .map_err(|e| csv_error(path, e))?;
            }
        }
    }
    finish(path, w)
}

fn write_dispatch_hourly(path: &Path, scenario: &Scenario, outcomes: &[Outcome]) -> Result<()> {
    let techs = scenario.technologies();
    let mut header: Vec<String> = ["carbon_price_eur_per_t", "hour", "zone"]
        .map(String::from)
        .to_vec();
    header.extend(techs.iter().map(|t| format!("{t}_mw")));
    header.push("unserved_mw".into());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut w = csv_writer(path, &header)?;
    for outcome in outcomes {
        let tau = num(outcome.tau_eur_per_t);
        for h in 0..scenario.hours() {
            for (z, zone) in scenario.zones.iter().enumerate() {
                let mut record = vec![tau.clone(), h.to_string(), zone.clone()];
                record.extend((0..techs.len()).map(|t| num(outcome.technology_mw[[h, z, t]])));
                record.push(num(outcome.unserved_mw[[h, z]]));
                w.write_record(&record).map_err(|e| csv_error(path, e))?;
            }
        }
    }
    finish(path, w)
}

fn write_manifest(
    path: &Path,
    scenario: &Scenario,
    outcomes: &[Outcome],
    info: &RunInfo,
) -> Result<()> {
    let taus: Vec<String> = outcomes.iter().map(|o| num(o.tau_eur_per_t)).collect();
    let text = format!(
        "# Written by carbonpass when every result file of the run was complete.\n\
         carbonpass_version = {:?}\n\
         scenario = {:?}\n\
         scenario_file = {:?}\n\
         method = {:?}\n\
         hours = {}\n\
         zones = {:?}\n\
         carbon_prices_eur_per_t = [{}]\n",
        env!("CARGO_PKG_VERSION"),
        scenario.name,
        info.scenario_path.display().to_string(),
        info.method,
        scenario.hours(),
        scenario.zones,
        taus.join(", "),
    );
    fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// A hidden folder beside `target`, `.<target name>.<suffix>`, where work for `target`
/// happens before it is moved into place; the parent folder is created.
pub(crate) fn beside(target: &Path, suffix: &str) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| Error::Usage(format!("{}: not a folder name", target.display())))?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    Ok(parent.join(format!(".{}.{suffix}", name.to_string_lossy())))
}

/// Refuses to replace `dir` when it exists without `marker`, the file that shows
/// carbonpass wrote it as `what`.
pub(crate) fn refuse_foreign(dir: &Path, marker: &str, what: &str) -> Result<()> {
    if dir.exists() && !dir.join(marker).is_file() {
        return Err(Error::Usage(format!(
            "{} exists and is not {what} (it has no {marker}); choose another --out or \
             remove it",
            dir.display()
        )));
    }
    Ok(())
}

/// A temporary folder beside the target; removed on drop unless committed.
struct Staging {
    path: PathBuf,
    committed: bool,
}

impl Staging {
    fn new(target: &Path) -> Result<Self> {
        let path = beside(target, &format!("partial-{}", std::process::id()))?;
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        fs::create_dir(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Staging {
            path,
            committed: false,
        })
    }

    /// Moves the staged folder to `target`, replacing an earlier result folder there.
    fn commit(mut self, target: &Path) -> Result<()> {
        if target.exists() {
            refuse_foreign(target, MANIFEST, "a carbonpass result folder")?;
            let old = self.path.with_extension("old");
            fs::rename(target, &old).map_err(|e| Error::io(target, e))?;
            fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        } else {
            fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}
