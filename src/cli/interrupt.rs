//! Ctrl-C during exact explanations, frontiers, sweeps and the national run: the first press
//! stops them where the work done can be kept (no counterfactual, solve, scenario or département
//! starts any more, those under way finish), a second press quits at once, and once the results
//! are being written (files or terminal) Ctrl-C waits for them. Other commands keep the
//! terminal's default: Ctrl-C quits.

use anyhow::{Context, Result};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU8, Ordering};

/// Where the run is: [`WORKING`], [`ASKED`] (Ctrl-C pressed once) or [`WRITING`].
static STATE: AtomicU8 = AtomicU8::new(WORKING);
const WORKING: u8 = 0;
const ASKED: u8 = 1;
const WRITING: u8 = 2;

/// Exit status of a run abandoned by a second Ctrl-C (128 + SIGINT, as the shell's).
const ABANDONED: i32 = 130;

/// Catches Ctrl-C for the rest of the process: the first press prints `first` (French, what
/// happens now) and makes [`step`] answer stop; the second quits without writing anything;
/// after [`writing`], a press only says that the results are being written.
pub fn catch(first: &'static str) -> Result<()> {
    ctrlc::set_handler(move || match STATE.compare_exchange(WORKING, ASKED, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => eprintln!("\nCtrl-C : {first} Appuyez de nouveau sur Ctrl-C pour tout abandonner sans attendre."),
        Err(WRITING) => eprintln!("\nCtrl-C : les résultats sont en cours d'écriture, patientez quelques instants."),
        Err(_) => {
            eprintln!("\nCtrl-C de nouveau : abandon, rien n'est écrit.");
            std::process::exit(ABANDONED);
        }
    })
    .context("impossible d'intercepter Ctrl-C")
}

/// Whether the work goes on: it stops once Ctrl-C has been pressed.
pub fn step() -> ControlFlow<()> {
    if STATE.load(Ordering::SeqCst) == WORKING {
        ControlFlow::Continue(())
    } else {
        ControlFlow::Break(())
    }
}

/// The results are about to be written: from now on Ctrl-C no longer quits. A second press that
/// came before this call has already quit.
pub fn writing() {
    STATE.store(WRITING, Ordering::SeqCst);
}
