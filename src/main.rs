//! The `carbonpass` command: parses arguments and calls the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use carbonpass::commands::{self, SweepRequest};
use carbonpass::dispatch::Method;
use clap::{Parser, Subcommand, ValueEnum};

/// How carbon allowance prices (€/t CO2) pass into electricity prices (€/MWh).
///
/// Solves the economic dispatch of a scenario (see the README and `carbonpass schema`
/// for its files and units) once per carbon price, and writes hourly prices, emissions
/// and dispatch. A unit's marginal cost is fuel_price/efficiency + vom + τ·co2/efficiency.
#[derive(Parser)]
#[command(name = "carbonpass", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Solve every carbon price of the scenario (or of --carbon) and write a result folder:
    /// summary.csv, prices.csv, dispatch.csv, dispatch_hourly.csv, run.toml.
    Sweep {
        #[command(flatten)]
        solve: SolveArgs,
        /// Result folder; written in full or not at all. [default: results/<scenario file stem>]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Solve one carbon price and print its summary; writes a result folder with --out.
    Run {
        #[command(flatten)]
        solve: SolveArgs,
        /// Result folder to write (nothing is written without it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the columns, units and defaults of every input and result file (Markdown).
    Schema,
}

#[derive(clap::Args)]
struct SolveArgs {
    /// Scenario TOML file; the CSV paths inside it are relative to it.
    scenario: PathBuf,
    /// Carbon prices in €/t CO2: start:stop:step (0:100:5), a list (0,25,50) or one price (30).
    /// [default: the scenario's [carbon] prices_eur_per_t, else 0:100:10]
    #[arg(long, allow_hyphen_values = true)]
    carbon: Option<String>,
    /// Carbon prices solved at once, one single-threaded HiGHS each. [default: all cores]
    #[arg(long)]
    jobs: Option<usize>,
    /// lp: linear program, price = dual of the energy balance (HiGHS).
    /// merit-order: sort units by cost each hour (exact without time coupling; faster).
    #[arg(long, value_enum, default_value_t = MethodArg::Lp)]
    method: MethodArg,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Lp,
    MeritOrder,
}

fn request(solve: SolveArgs, out: Option<PathBuf>) -> SweepRequest {
    SweepRequest {
        progress: !solve.quiet && std::io::stderr().is_terminal(),
        scenario: solve.scenario,
        carbon: solve.carbon,
        out,
        jobs: solve.jobs,
        method: match solve.method {
            MethodArg::Lp => Method::Lp,
            MethodArg::MeritOrder => Method::MeritOrder,
        },
    }
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Sweep { solve, out } => {
            let out = out.unwrap_or_else(|| commands::default_out(&solve.scenario));
            let req = request(solve, Some(out.clone()));
            commands::run_sweep(&req).map(|(scenario, outcomes)| {
                print!("{}", commands::summary_table(&scenario, &outcomes));
                eprintln!("results written to {}", out.display());
            })
        }
        Command::Run { solve, out } => {
            let req = request(solve, out);
            commands::one_price(&req)
                .and_then(|_| commands::run_sweep(&req))
                .map(|(scenario, outcomes)| {
                    print!("{}", commands::summary_table(&scenario, &outcomes))
                })
        }
        Command::Schema => {
            print!("{}", commands::schema_markdown());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
