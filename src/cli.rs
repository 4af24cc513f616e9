//! The command line: argument definitions (clap), parsed and handed to the command's
//! own file in `cmd/`. `main.rs` only calls this and reports errors.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd::{self, SweepRequest};
use crate::dispatch::Method;
use crate::error::Result;
use crate::parts::Shard;
use crate::report::Format;

/// How carbon allowance prices (€/t CO2) pass into electricity prices (€/MWh).
///
/// Solves the economic dispatch of a scenario (see the README and `carbonpass schema`
/// for its files and units) once per carbon price, and writes hourly prices, emissions
/// and dispatch. A unit's marginal cost is fuel_price/efficiency + vom + τ·co2/efficiency.
#[derive(Parser)]
#[command(name = "carbonpass", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Solve every carbon price of the scenario (or of --carbon) and write a result folder:
    /// summary.csv, prices.csv, dispatch.csv, dispatch_hourly.csv, run.toml.
    Sweep {
        /// Scenario TOML files; the CSV paths inside each are relative to it. Several files
        /// are variants swept over the same carbon prices, each into <out>/<file stem>.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        #[command(flatten)]
        solve: SolveArgs,
        /// Result folder; written in full or not at all. With --shard, the folder of the
        /// shard's parts. [default: results/<scenario file stem>, or results for several
        /// scenarios; with --shard K/N, that name followed by .shard-K-of-N]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Solve only part K of N of the sweep (carbon prices × scenarios, dealt in turn)
        /// and keep it as parts for `carbonpass merge`; e.g. a Slurm array task's K.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Continue an interrupted run of the same command from the carbon prices it kept.
        #[arg(long)]
        resume: bool,
        /// Variants crossed with the carbon prices in one pool: a fuel's price in €/MWh
        /// thermal (fuel:gas=10:40:5, fuel:coal=8,10,12) or a factor on a technology's
        /// capacity (capacity:hard_coal=0:1:0.25); repeatable, the grids crossed. Writes
        /// one result folder per variant under --out, variants.csv joining their headline
        /// numbers and heatmaps over carbon price and the varied value (plots/).
        #[arg(long, value_name = "WHAT=VALUES", allow_hyphen_values = true)]
        vary: Vec<String>,
    },
    /// Join the parts folders of every shard of a sweep into the result folders the whole
    /// sweep would have written (byte-identical).
    Merge {
        /// The parts folders written by `sweep --shard K/N`, one for each K.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Result folder. [default: that of the sweep run whole]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Solve one carbon price and print its summary; writes a result folder with --out.
    Run {
        /// Scenario TOML file; the CSV paths inside it are relative to it.
        scenario: PathBuf,
        #[command(flatten)]
        solve: SolveArgs,
        /// Result folder to write (nothing is written without it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Solve under an emissions cap (t CO2 over the horizon; LP only): the allowance
    /// price is the cap's dual (at least the floor, at most the ceiling), reported as
    /// carbon_price_eur_per_t; the result folder is that of a sweep at that one price.
    /// Several caps are solved warm, one after another on one model; each gets its own
    /// result folder cap_<t> under --out, beside caps.csv.
    Cap {
        /// Scenario TOML file; the CSV paths inside it are relative to it.
        scenario: PathBuf,
        /// The cap: tonnes of CO2 over all hours and zones of the scenario; several as a
        /// list (3e6,3.5e6) or start:stop:step.
        #[arg(long, allow_hyphen_values = true)]
        cap_t: String,
        /// Allowance price floor, €/t CO2. [default: 0]
        #[arg(long, default_value_t = 0.0, allow_hyphen_values = true, value_parser = number)]
        floor_eur_per_t: f64,
        /// Allowance price ceiling, €/t CO2: unlimited allowances at that price. [default: none]
        #[arg(long, allow_hyphen_values = true, value_parser = number)]
        ceiling_eur_per_t: Option<f64>,
        /// Result folder; written in full or not at all. [default: results/<scenario file stem>_cap]
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        what_if: WhatIf,
        /// Also write PNG copies of the plots (2000 px wide; needs a system font).
        #[arg(long)]
        png: bool,
        /// Chains of caps solved at once. [default: all cores]
        #[arg(long, allow_hyphen_values = true, value_parser = jobs)]
        jobs: Option<usize>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print the headline table of a result folder: carbon price, mean and load-weighted
    /// price (€/MWh), dp/dτ (t/MWh) and pass-through rate (%) from the previous carbon
    /// price, price-setting technologies, emissions (kt CO2), consumer cost change (M€).
    Report {
        /// A result folder written by `sweep` (or `run --out`), or a folder of variants
        /// (`sweep --vary`): then one table across the variants.
        results: PathBuf,
        /// markdown pastes into a document; latex is a booktabs tabular; csv keeps full precision.
        #[arg(long, value_enum, default_value_t = FormatArg::Markdown)]
        format: FormatArg,
    },
    /// Compare a result folder's prices with observed monthly prices (Ember's monthly file,
    /// or zone,month,price_eur_per_mwh): per carbon price and zone the annual means of the
    /// months both have, modelled and observed (€/MWh), the error and the monthly
    /// correlation. Observed prices are for checking, never for tuning.
    Compare {
        /// A result folder written by `sweep`.
        results: PathBuf,
        /// Observed monthly prices.
        observed: PathBuf,
        /// The scenario solved. [default: run.toml's scenario_file, from here]
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// markdown pastes into a document; latex is a booktabs tabular; csv keeps full precision.
        #[arg(long, value_enum, default_value_t = FormatArg::Markdown)]
        format: FormatArg,
        /// Also draw each zone's monthly prices, modelled and observed, into this SVG file.
        #[arg(long)]
        plot: Option<PathBuf>,
        /// The carbon price the plot shows, €/t CO2. [default: the first of the results]
        #[arg(long, allow_hyphen_values = true, value_parser = number)]
        carbon: Option<f64>,
    },
    /// Check a scenario without solving a sweep: every input problem with its file, line
    /// and column; then load per zone (MW, GWh), capacity by technology (MW), energy and
    /// emissions by technology at τ = 0 (GWh, kt CO2), and hours where load exceeds the
    /// available capacity.
    Validate {
        /// Scenario TOML file; the CSV paths inside it are relative to it.
        scenario: PathBuf,
    },
    /// Convert public data into a scenario folder: units.csv, fuels.csv, demand.csv,
    /// profiles.csv, <folder name>.toml and import_report.md (what was read, what was
    /// filled from the default tables and how often, what was left out).
    Import {
        /// The source's format. dispaset: the Dispa-SET database (JRC) — a power plant list
        /// (PowerPlants/CC/YEAR.csv), hourly load (Load_RealTime/CC/1h/YEAR.csv), hourly
        /// availability factors (AvailabilityFactors/...) and hourly fuel prices
        /// (FuelPrices/FUEL/YEAR.csv). pypsa: a network folder written by PyPSA's
        /// Network.export_to_csv_folder (buses, generators with carriers' co2_emissions,
        /// loads, storage units, links; hourly snapshots).
        #[arg(value_enum)]
        format: ImportFormat,
        /// The files (pypsa: the one network folder). Their role comes from Dispa-SET's folder names, or give it:
        /// plants=FILE, load=FILE, availability=FILE, fuel-price:Gas=FILE. The files of
        /// several countries (PowerPlants/DE/…, PowerPlants/FR/…) make one zone each.
        #[arg(required = true)]
        files: Vec<String>,
        /// Scenario folder to write (replaced if an earlier import wrote it).
        #[arg(long)]
        out: PathBuf,
        /// Scenario name. [default: "<zone> from the Dispa-SET database"]
        #[arg(long)]
        name: Option<String>,
        /// Hours from UTC to local clock time, for peak/off-peak slices (1 = CET).
        #[arg(long, default_value_t = 1, allow_hyphen_values = true, value_parser = utc_offset)]
        utc_offset_hours: i64,
        /// Technology table replacing data/technologies.csv (same columns).
        #[arg(long)]
        technologies: Option<PathBuf>,
        /// Fuel table replacing data/fuels.csv (same columns).
        #[arg(long)]
        fuels: Option<PathBuf>,
        /// Take each fuelled plant's PartLoadMin as its minimum stable load and
        /// StartUpCost ÷ PowerCapacity as its start-up cost per MW (a linearised
        /// commitment: the sweep then solves the LP).
        #[arg(long)]
        commitment: bool,
        /// With the files of several countries (one zone each, told apart by Dispa-SET's
        /// country folders): directional transfer capacities, columns from,to,ntc_mw
        /// (MW), replacing the built-in data/ntc_2016.csv (EMMA's 2016 NTCs, from TYNDP).
        #[arg(long)]
        ntc: Option<PathBuf>,
        /// Keep the plant list's generic efficiencies, the technology table's constant
        /// availability for nuclear and no heat-led CHP must-run, instead of JRC-PPDB's
        /// plant efficiencies, the monthly nuclear availability and the CHP must-run of the
        /// built-in tables (data/SOURCES.md).
        #[arg(long)]
        flat_fleet: bool,
        /// dispaset: leave out the flows to countries outside the model, instead of
        /// adding each zone's net exports of the year to them (Eurostat, built-in
        /// data/cross_border_exports.csv) to its load.
        #[arg(long)]
        closed_borders: bool,
        /// pypsa: map AC lines and transformers to links of their rating s_nom × s_max_pu
        /// both ways (flows then ignore Kirchhoff's voltage law); without it a network
        /// with lines is refused.
        #[arg(long)]
        lines_as_links: bool,
    },
    /// Print the columns, units and defaults of every input and result file (Markdown).
    Schema,
}

/// A number argument, in words a person reads when it is not one.
fn number(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("expected a number, got `{text}`")),
    }
}

/// `--jobs`: how many at once, at least 1.
fn jobs(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("expected a whole number ≥ 1, got `{text}`")),
    }
}

/// `--utc-offset-hours`: whole hours from UTC, as time zones lie (−12 to +14).
fn utc_offset(text: &str) -> Result<i64, String> {
    let x = number(text)?;
    if x.fract() != 0.0 {
        return Err(format!(
            "expected whole hours, got `{text}`: the source's hours are whole UTC hours, so \
             an offset of a fraction of an hour would put hour boundaries inside hours"
        ));
    }
    if !(-12.0..=14.0).contains(&x) {
        return Err(format!(
            "expected an offset from −12 to 14 hours (the time zones of the world), got `{text}`"
        ));
    }
    Ok(x as i64)
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Latex => Format::Latex,
            FormatArg::Csv => Format::Csv,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportFormat {
    Dispaset,
    Pypsa,
}

#[derive(clap::Args)]
struct SolveArgs {
    /// Carbon prices in €/t CO2: start:stop:step (0:100:5), a list (0,25,50) or one price (30).
    /// [default: the scenario's [carbon] prices_eur_per_t, else 0:100:10]
    #[arg(long, allow_hyphen_values = true)]
    carbon: Option<String>,
    /// Carbon prices solved at once, one single-threaded HiGHS each. [default: all cores]
    #[arg(long, allow_hyphen_values = true, value_parser = jobs)]
    jobs: Option<usize>,
    /// auto: merit-order where it is exact (no links between zones, no coupled hours), else lp.
    /// lp: linear program, price = dual of the energy balance (HiGHS).
    /// merit-order: sort units by cost each hour (exact without time coupling; faster).
    #[arg(long, value_enum, default_value_t = MethodArg::Auto)]
    method: MethodArg,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Also write PNG copies of the plots (2000 px wide; needs a system font).
    #[arg(long)]
    png: bool,
    #[command(flatten)]
    what_if: WhatIf,
    /// Also write passthrough_hourly.csv: dp/dτ (t/MWh) and pass-through rate of every
    /// hour and zone between neighbouring carbon prices.
    #[arg(long)]
    hourly_passthrough: bool,
    /// Also write passthrough_exact.csv: the load-weighted price as an exact piecewise
    /// linear function of τ over the carbon prices' range, its breakpoints the switch
    /// prices where an hour's price setter changes (merit order, marginal pricing); the
    /// pass-through plot draws it.
    #[arg(long)]
    exact: bool,
}

#[derive(clap::Args)]
struct WhatIf {
    /// Multiply the capacity of a technology, technology=factor (hard_coal=0 closes coal,
    /// wind_onshore=1.5 adds half again); repeatable.
    #[arg(long, value_name = "TECHNOLOGY=FACTOR")]
    scale_capacity: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Markdown,
    Latex,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Auto,
    Lp,
    MeritOrder,
}

fn request(scenarios: Vec<PathBuf>, solve: SolveArgs, out: Option<PathBuf>) -> SweepRequest {
    SweepRequest {
        progress: !solve.quiet && std::io::stderr().is_terminal(),
        scenarios,
        shard: Shard::WHOLE,
        resume: false,
        carbon: solve.carbon,
        out,
        jobs: solve.jobs,
        png: solve.png,
        hourly_passthrough: solve.hourly_passthrough,
        exact: solve.exact,
        scale_capacity: solve.what_if.scale_capacity,
        vary: Vec::new(),
        method: match solve.method {
            MethodArg::Auto => None,
            MethodArg::Lp => Some(Method::Lp),
            MethodArg::MeritOrder => Some(Method::MeritOrder),
        },
    }
}

/// Carries out one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Sweep {
            scenarios,
            solve,
            out,
            shard,
            resume,
            vary,
        } => {
            let shard = match shard {
                Some(spec) => Shard::parse(&spec)
                    .map_err(|why| crate::Error::Usage(format!("--shard: {why}")))?,
                None => Shard::WHOLE,
            };
            let out = out.unwrap_or_else(|| {
                let mut dir = cmd::default_sweep_out(&scenarios, !vary.is_empty()).into_os_string();
                if !shard.is_whole() {
                    dir.push(format!(".shard-{}-of-{}", shard.index, shard.count));
                }
                dir.into()
            });
            let mut req = request(scenarios, solve, Some(out.clone()));
            req.shard = shard;
            req.resume = resume;
            req.vary = vary;
            cmd::sweep::run(&req, &out)
        }
        Command::Merge { parts, out } => cmd::merge::run(&parts, out),
        Command::Run {
            scenario,
            solve,
            out,
        } => cmd::run::run(&request(vec![scenario], solve, out)),
        Command::Cap {
            scenario,
            cap_t,
            floor_eur_per_t,
            ceiling_eur_per_t,
            out,
            what_if,
            png,
            jobs,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| {
                let mut dir = cmd::default_out(&scenario).into_os_string();
                dir.push("_cap");
                dir.into()
            });
            cmd::cap::run(&cmd::cap::CapRequest {
                scenario,
                caps_t: cap_t,
                floor_eur_per_t,
                ceiling_eur_per_t,
                out: Some(out),
                png,
                scale_capacity: what_if.scale_capacity,
                jobs,
                progress: !quiet && std::io::stderr().is_terminal(),
            })
        }
        Command::Report { results, format } => cmd::report::run(&results, format.into()),
        Command::Compare {
            results,
            observed,
            scenario,
            format,
            plot,
            carbon,
        } => cmd::compare::run(&cmd::compare::CompareRequest {
            results,
            observed,
            scenario,
            format: format.into(),
            plot,
            carbon,
        }),
        Command::Validate { scenario } => cmd::validate::run(&scenario),
        Command::Import {
            format: ImportFormat::Pypsa,
            files,
            out,
            name,
            lines_as_links,
            ..
        } => {
            let [network] = &files[..] else {
                return Err(crate::Error::Usage(format!(
                    "import pypsa takes one network folder (written by PyPSA's \
                     Network.export_to_csv_folder), got {} paths",
                    files.len()
                )));
            };
            let options = crate::import::pypsa::Options {
                name,
                lines_as_links,
            };
            cmd::import::pypsa(std::path::Path::new(network), &out, &options).map(|_| ())
        }
        Command::Import {
            format: ImportFormat::Dispaset,
            files,
            out,
            name,
            utc_offset_hours,
            technologies,
            fuels,
            commitment,
            ntc,
            flat_fleet,
            closed_borders,
            lines_as_links: _,
        } => cmd::import::dispaset(&cmd::import::ImportRequest {
            files,
            out,
            options: crate::import::dispaset::Options {
                name,
                utc_offset_hours,
                commitment,
                ntc,
                flat_fleet,
                closed_borders,
            },
            technologies,
            fuels,
        })
        .map(|_| ()),
        Command::Schema => {
            cmd::schema::run();
            Ok(())
        }
    }
}
