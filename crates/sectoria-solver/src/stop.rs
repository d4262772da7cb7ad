//! Stopping a solve on request (a run cancelled in the web application): [`Stop::during`]
//! puts a stop signal in force for the solves its closure runs on this thread, and the search
//! then treats a request as its deadline come early. Every place the search checks its deadline
//! asks [`passed`] or [`left`] instead of the clock, so a stopped solve ends within about a
//! second while it runs in this crate's own loops (column generation, dive, integer master,
//! neighbourhoods, branch and price), and no new phase starts after the request. A HiGHS MIP
//! call under way (the compact model, the master's integer tiers) cannot be interrupted: the
//! `highs` crate has no safe interrupt, so it runs to its own time limit. The solve then
//! answers [`crate::SolveError::NoPlan`] with [`INTERRUPTED`].
//!
//! The signal is read on the thread that runs the search (the pricing threads never check a
//! deadline): solves started on other threads, such as the counterfactuals that
//! `sectoria-scenarios` runs in parallel, are not stopped by it.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The message of a solve stopped on request.
pub const INTERRUPTED: &str = "planification interrompue à la demande : aucun plan retenu";

/// A stop signal shared between the thread that solves and the one that cancels (clones share
/// it).
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

thread_local! {
    /// The stop in force for the solves of this thread ([`Stop::during`]).
    static CURRENT: RefCell<Option<Stop>> = const { RefCell::new(None) };
}

/// Puts back the stop in force before [`Stop::during`], even when its closure panics.
struct Restore(Option<Stop>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

impl Stop {
    /// A signal not yet requested.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks every solve this signal is in force for to stop as soon as it can.
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was requested.
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Runs `f` with this signal in force for the solves it starts on this thread (such as
    /// [`crate::plan`] and [`crate::solve`] and the callers' functions built on them); the
    /// signal in force before comes back after.
    pub fn during<T>(&self, f: impl FnOnce() -> T) -> T {
        let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(self.clone())));
        f()
    }
}

/// Whether the solve running on this thread was asked to stop.
pub(crate) fn asked() -> bool {
    CURRENT.with(|c| c.borrow().as_ref().is_some_and(Stop::requested))
}

/// Whether `deadline` has passed, or the solve was asked to stop.
pub(crate) fn passed(deadline: Instant) -> bool {
    asked() || Instant::now() >= deadline
}

/// The time left before `deadline`; none once the solve was asked to stop.
pub(crate) fn left(deadline: Instant) -> Duration {
    if asked() {
        Duration::ZERO
    } else {
        deadline.saturating_duration_since(Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_brings_the_deadline_forward_only_while_its_signal_is_in_force() {
        let later = Instant::now() + Duration::from_secs(60);
        let stop = Stop::new();
        stop.request();
        assert!(!passed(later), "no signal in force");
        stop.during(|| {
            assert!(passed(later));
            assert_eq!(left(later), Duration::ZERO);
            Stop::new().during(|| assert!(!passed(later), "the inner signal is in force"));
            assert!(asked(), "the outer signal is back");
        });
        assert!(!asked());
    }

    #[test]
    fn the_signal_in_force_is_put_back_after_a_panic() {
        let stop = Stop::new();
        stop.request();
        let caught = std::panic::catch_unwind(|| stop.during(|| panic!("solver")));
        assert!(caught.is_err());
        assert!(!asked());
    }
}
