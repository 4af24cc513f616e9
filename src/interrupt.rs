//! Ctrl-C and SIGTERM (what Slurm sends at a job's time limit): the first asks a sweep to
//! stop after the carbon prices being solved, keeping every solved one for `--resume`;
//! a second stops at once. Only the `carbonpass` binary installs the handler.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// The exit code of a run stopped by a signal (128 + SIGINT).
pub const EXIT_CODE: u8 = 130;

/// Installs the handler (once per process; later calls do nothing).
pub fn install() {
    INSTALL.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if REQUESTED.swap(true, Ordering::SeqCst) {
                std::process::exit(EXIT_CODE.into());
            }
            eprintln!(
                "\nstopping: the carbon prices solved so far are kept for --resume (press \
                 Ctrl-C again to stop at once)"
            );
        });
        if let Err(e) = installed {
            eprintln!("warning: cannot catch Ctrl-C ({e}); an interrupted sweep still keeps its solved carbon prices");
        }
    });
}

/// Asks the run to stop, as a first Ctrl-C does (for embedding programs and tests).
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
