//! The runs waiting for the worker, in the order it takes them: a run without explanations
//! (a replan, about a second) before every explaining run queued ahead of it (explanations take
//! minutes, and the run that resumes suspended explanations is one of them); otherwise in the
//! order submitted.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// A queue of jobs `J` shared by the server's handlers (which push) and the worker (which takes).
pub(super) struct Jobs<J> {
    waiting: Mutex<Waiting<J>>,
    ready: Condvar,
}

struct Waiting<J> {
    jobs: VecDeque<J>,
    /// Whether jobs are still accepted; once closed, the worker takes those left, then ends.
    open: bool,
}

impl<J> Jobs<J> {
    pub(super) fn new() -> Self {
        Self { waiting: Mutex::new(Waiting { jobs: VecDeque::new(), open: true }), ready: Condvar::new() }
    }

    /// Queues `job`; `false` once the queue is closed.
    pub(super) fn push(&self, job: J) -> bool {
        let Ok(mut waiting) = self.waiting.lock() else { return false };
        if !waiting.open {
            return false;
        }
        waiting.jobs.push_back(job);
        self.ready.notify_one();
        true
    }

    /// Accepts no more jobs; the worker ends once it has taken those left.
    pub(super) fn close(&self) {
        if let Ok(mut waiting) = self.waiting.lock() {
            waiting.open = false;
        }
        self.ready.notify_all();
    }

    /// The next job, waiting for one: the first that does not `explain`, or else the first.
    /// `None` once the queue is closed and empty.
    pub(super) fn next(&self, explains: impl Fn(&J) -> bool) -> Option<J> {
        let mut waiting = self.waiting.lock().ok()?;
        loop {
            if !waiting.jobs.is_empty() {
                let at = waiting.jobs.iter().position(|j| !explains(j)).unwrap_or(0);
                return waiting.jobs.remove(at);
            }
            if !waiting.open {
                return None;
            }
            waiting = self.ready.wait(waiting).ok()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Jobs;
    use std::sync::Arc;

    /// Jobs are (name, explains).
    fn order(jobs: &Jobs<(&'static str, bool)>) -> Vec<&'static str> {
        jobs.close();
        std::iter::from_fn(|| jobs.next(|j| j.1)).map(|j| j.0).collect()
    }

    #[test]
    fn a_replan_passes_the_explanations_queued_before_it_and_the_rest_keeps_its_order() {
        let jobs = Jobs::new();
        for job in [("expliquer", true), ("compléter", true), ("replan 1", false), ("frontière", false)] {
            assert!(jobs.push(job));
        }
        jobs.push(("replan 2", false));
        assert_eq!(order(&jobs), ["replan 1", "frontière", "replan 2", "expliquer", "compléter"]);
    }

    #[test]
    fn a_closed_queue_refuses_new_jobs_and_hands_over_those_left() {
        let jobs = Jobs::new();
        jobs.push(("a", true));
        jobs.close();
        assert!(!jobs.push(("b", false)));
        assert_eq!(jobs.next(|j| j.1).map(|j| j.0), Some("a"));
        assert!(jobs.next(|j| j.1).is_none());
    }

    #[test]
    fn the_worker_waits_for_a_job_then_ends_when_closed() {
        let jobs = Arc::new(Jobs::new());
        let worker = {
            let jobs = jobs.clone();
            std::thread::spawn(move || std::iter::from_fn(|| jobs.next(|j: &(&str, bool)| j.1)).count())
        };
        std::thread::sleep(std::time::Duration::from_millis(50));
        jobs.push(("plan", false));
        jobs.close();
        assert_eq!(worker.join().ok(), Some(1));
    }
}
