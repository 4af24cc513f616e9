//! The `carbonpass` command: parses arguments and calls the library.

use std::process::ExitCode;

use carbonpass::cli::{self, Cli};
use clap::Parser;

fn main() -> ExitCode {
    match cli::run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ (carbonpass::Error::Interrupted { .. } | carbonpass::Error::Stopped)) => {
            eprintln!("{e}");
            ExitCode::from(carbonpass::interrupt::EXIT_CODE)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
