//! Reads a scenario (TOML + CSVs, see FORMAT.md and `schema`) into validated domain
//! types. All problems of all files are collected and reported together.

mod enrich;
mod file;
mod hourly;
mod tables;
mod units;

use std::path::{Path, PathBuf};

use ndarray::Array2;

use crate::carbon;
use crate::error::{Error, Problem, Result};
use crate::scenario::{Competition, Pricing, Rolling, Scenario};

/// A scenario with the notes worth showing the user (defaults filled, columns ignored).
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<String>,
    /// The files read: the scenario TOML, then the data files it names.
    pub files: Vec<PathBuf>,
}

/// Reads and validates the scenario TOML at `path` and the files it names.
pub fn load(path: &Path) -> Result<Loaded> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Input(vec![Problem::in_file(
            path,
            format!("cannot read the scenario: {}", crate::util::os_reason(&e)),
        )])
    })?;
    let file: file::ScenarioFile = toml::from_str(&text)
        .map_err(|e| Error::Input(vec![file::toml_problem(path, &text, &e)]))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    let market = file::read_market(path, &file.market, &mut problems);
    let carbon_prices = match &file.carbon {
        None => {
            let (start, stop, step) = carbon::DEFAULT_GRID;
            carbon::range(start, stop, step).expect("valid default")
        }
        Some(section) => file::read_carbon(path, &section.prices_eur_per_t, &mut problems),
    };
    let fuels = tables::read_fuels(&dir.join(&file.data.fuels), &mut problems);
    let demand = hourly::read_demand(&dir.join(&file.data.demand), &mut problems);
    let profiles = match &file.data.profiles {
        Some(p) => hourly::read_profiles(&dir.join(p), demand.as_ref(), &mut problems),
        None => None,
    };
    let mut zones = demand.as_ref().map_or(Vec::new(), |d| d.zones.clone());
    let units = units::read_units(
        &dir.join(&file.data.units),
        fuels.as_ref(),
        &mut zones,
        profiles.as_ref(),
        &mut warnings,
        &mut problems,
    );
    let compensation = match &file.data.compensation {
        Some(file) => tables::read_compensation(&dir.join(file), &zones, &mut problems),
        None => Vec::new(),
    };
    let links = match &file.data.links {
        Some(links) => tables::read_links(&dir.join(links), &zones, &mut problems),
        None => Vec::new(),
    };
    let storage = match &file.data.storage {
        Some(storage) => tables::read_storage(
            &dir.join(storage),
            &zones,
            profiles.as_ref().map_or(&[], |p| &p.names[..]),
            &mut problems,
        ),
        None => Vec::new(),
    };
    if !storage.is_empty() && market.pricing == Pricing::Administered {
        problems.push(Problem::in_file(
            path,
            "[market] pricing = \"administered\" with [data] storage: administered dispatch \
             fixes each unit's hours by rule; storage is not modelled with it",
        ));
    }
    if !links.is_empty() && market.pricing == Pricing::Administered {
        problems.push(Problem::in_file(
            path,
            "[market] pricing = \"administered\" with [data] links: administered dispatch \
             covers each zone from its own units; links are not modelled with it",
        ));
    }
    let units = units
        .map(|units| enrich::add_imports(path, &file.imports, &zones, units, &mut problems))
        .map(|units| enrich::apply_allocation(path, &file.allocation, units, &mut problems))
        .map(|units| enrich::apply_market_power(path, &file.market_power, units, &mut problems));

    if let Some(section) = &file.demand_response {
        enrich::check_demand_blocks(path, &section.blocks, &mut problems);
    }
    let calendar = demand
        .as_ref()
        .and_then(|d| hourly::read_calendar(path, file.time.as_ref(), &d.labels, &mut problems));

    let rolling = file.horizon.as_ref().and_then(|h| {
        if h.window_hours == 0 {
            problems.push(Problem::in_file(
                path,
                "[horizon] window_hours = 0: expected at least 1 hour per window",
            ));
            return None;
        }
        Some(Rolling {
            window_hours: h.window_hours,
            overlap_hours: h.overlap_hours,
        })
    });
    let standard = file.standard.as_ref().and_then(|s| {
        let b = s.benchmark_t_per_mwh;
        if !(b.is_finite() && crate::util::Range::INTENSITY.contains(b)) {
            problems.push(Problem::in_file(
                path,
                format!("[standard] benchmark_t_per_mwh = {b}: expected t CO2/MWh in [0, 10]"),
            ));
            return None;
        }
        if market.pricing != Pricing::Marginal {
            problems.push(Problem::in_file(
                path,
                "[standard] with a tariff or administered dispatch: the standard's credit \
                 price reaches consumers through marginal prices; use pricing = \"marginal\"",
            ));
            return None;
        }
        if rolling.is_some() {
            problems.push(Problem::in_file(
                path,
                "[standard] with [horizon] windows: the standard holds over the whole horizon, \
                 which windows solved one after another cannot keep",
            ));
            return None;
        }
        Some(crate::scenario::Standard {
            benchmark_t_per_mwh: b,
        })
    });
    let demand_curve = file::read_demand_curve(path, file.demand.as_ref(), &mut problems);
    let competition = file::read_competition(path, &file.market_power, &mut problems);
    if let Some(units) = &units {
        check_competition(
            path,
            (demand_curve, competition),
            &market,
            units,
            &mut problems,
        );
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let demand = demand.expect("no problems, so demand was read");
    let (profile_names, profiles) = match profiles {
        Some(p) => (p.names, p.values),
        None => (Vec::new(), Array2::zeros((demand.labels.len(), 0))),
    };
    if let (Some(units), Pricing::Administered) = (&units, market.pricing) {
        if units.iter().any(|u| {
            u.must_run_share() > 0.0
                || u.must_run_profile.is_some()
                || u.ramp_mw_per_h().is_some()
                || u.is_committed()
        }) {
            return Err(Error::Input(vec![Problem::in_file(
                path,
                "[market] pricing = \"administered\" with must_run_share, ramp_mw_per_h, \
                 min_stable_share or startup_cost_eur_per_mw in units.csv: administered \
                 dispatch runs every unit at the same share by rule; must-run, ramping and \
                 commitment are not modelled with it",
            )]));
        }
    }
    let mut scenario = Scenario {
        name: file.name,
        description: file.description,
        zones,
        hour_labels: demand.labels,
        demand_mw: demand.values,
        units: units.expect("no problems, so units were read"),
        profile_names,
        profiles,
        market,
        carbon_prices_eur_per_t: carbon_prices,
        calendar,
        links,
        storage,
        rolling,
        standard,
        compensation,
        demand_curve,
        competition,
        hold_columns: file.solver.hold_columns,
    };
    if let Some(section) = &file.demand_response {
        enrich::add_demand_response(&mut scenario, &section.blocks);
    }
    enrich::check_must_run(&dir.join(&file.data.demand), &scenario)?;
    let data = &file.data;
    let files = [Some(&data.units), Some(&data.fuels), Some(&data.demand)]
        .into_iter()
        .chain([
            data.profiles.as_ref(),
            data.storage.as_ref(),
            data.links.as_ref(),
            data.compensation.as_ref(),
        ])
        .flatten()
        .map(|f| dir.join(f));
    Ok(Loaded {
        scenario,
        warnings,
        files: std::iter::once(path.to_path_buf()).chain(files).collect(),
    })
}

/// What elastic demand and Cournot competition cannot be combined with.
fn check_competition(
    path: &Path,
    (curve, competition): (Option<crate::scenario::DemandCurve>, Competition),
    market: &crate::scenario::Market,
    units: &[crate::scenario::Unit],
    problems: &mut Vec<Problem>,
) {
    let mut problem = |message: &str| problems.push(Problem::in_file(path, message));
    if curve.is_some() && market.pricing != Pricing::Marginal {
        problem(
            "[demand] model = \"linear\" with a tariff or administered dispatch: consumers \
             answer the marginal price along their curve; use pricing = \"marginal\"",
        );
    }
    if competition != Competition::Cournot {
        return;
    }
    if curve.is_none() {
        problem(
            "[market_power] competition = \"cournot\" needs elastic demand: a Cournot firm \
             weighs the price its output depresses, which fixed load does not say; add \
             [demand] model = \"linear\" with elasticity and reference_price_eur_per_mwh",
        );
    }
    if units.iter().all(|u| u.firm.is_empty()) {
        problem(
            "[market_power] competition = \"cournot\": no unit of units.csv names a firm; \
             give the owners in its firm column (units without one take the price)",
        );
    }
    if units.iter().any(|u| u.markup() != 0.0) {
        problem(
            "[market_power] competition = \"cournot\" with markups (units.csv markup, \
             markup_by_firm or markup_by_technology): under Cournot the markups are what the \
             equilibrium gives; remove the fixed ones",
        );
    }
}
