//! A solution in index form: each worker's base and the units it gives each site.

use crate::problem::{BaseChoice, Problem};
use std::collections::BTreeMap;

/// Units of worker `worker` at site `site`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Assignment {
    /// Staff index.
    pub worker: usize,
    /// Site index.
    pub site: usize,
    /// Units (half-days a week with the default unit).
    pub units: u32,
}

/// Bases and assignments. Produced by the solver or the greedy baseline, read back from
/// `plan.json` by the checker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Solution {
    /// Base of each staff member; `None` for a post left unused (no base chosen).
    pub bases: Vec<Option<BaseChoice>>,
    /// Assignments with units > 0, sorted by (worker, site).
    pub assignments: Vec<Assignment>,
}

impl Solution {
    /// Candidate sites already chosen as the base of a post.
    pub fn chosen_base_sites(&self) -> Vec<usize> {
        self.bases
            .iter()
            .filter_map(|b| match b {
                Some(BaseChoice::Site(s)) => Some(*s),
                _ => None,
            })
            .collect()
    }

    /// An empty solution for `problem`: fixed bases kept, no base chosen for the others.
    pub fn empty(problem: &Problem) -> Solution {
        Solution {
            bases: problem.staff.iter().map(|s| s.worker.base.clone().map(BaseChoice::Fixed)).collect(),
            assignments: Vec::new(),
        }
    }

    /// Sorts assignments and merges duplicates.
    pub fn normalise(&mut self) {
        let mut merged: BTreeMap<(usize, usize), u32> = BTreeMap::new();
        for a in &self.assignments {
            *merged.entry((a.worker, a.site)).or_insert(0) += a.units;
        }
        self.assignments = merged
            .into_iter()
            .filter(|(_, u)| *u > 0)
            .map(|((worker, site), units)| Assignment { worker, site, units })
            .collect();
    }

    /// Units allocated to each site.
    pub fn units_per_site(&self, n_sites: usize) -> Vec<u32> {
        let mut v = vec![0; n_sites];
        for a in &self.assignments {
            v[a.site] += a.units;
        }
        v
    }

    /// Units used by each worker.
    pub fn units_per_worker(&self, n_staff: usize) -> Vec<u32> {
        let mut v = vec![0; n_staff];
        for a in &self.assignments {
            v[a.worker] += a.units;
        }
        v
    }

    /// Units of `worker` at `site`.
    pub fn units(&self, worker: usize, site: usize) -> u32 {
        self.assignments.iter().filter(|a| a.worker == worker && a.site == site).map(|a| a.units).sum()
    }
}
