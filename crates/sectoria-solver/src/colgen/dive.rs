//! Diving: a plan from the relaxation by fixing sectors one decision at a time.
//!
//! From the relaxation's solution, the sectors at one are fixed, then one fractional sector;
//! the stations priced lose what the fixed sectors took (their establishments, their station,
//! full classes), the column generation runs again on what is left, and so on until the
//! relaxation is integral. The fractional sectors are tried by decreasing value, at most
//! [`TRIES`] per step: the first whose restricted bound still reaches the target is kept,
//! otherwise the one with the best restricted bound. A dive stops as soon as the restricted
//! bound shows it cannot beat the plan in hand. It proves nothing: the plan's bound stays
//! the root's.

use super::generate::{Converged, Generator};
use super::taken::Taken;
use std::time::Instant;

/// Value above which a column counts as one, below which as zero.
const ONE: f64 = 1.0 - 1e-6;
const ZERO: f64 = 1e-6;
/// Fractional sectors tried per step. Measured on the national set (see BENCHMARKS.md).
const TRIES: usize = 3;

/// Limits of a dive.
pub struct Dive {
    /// Value of the plan in hand: a branch whose bound falls to it is abandoned.
    pub floor: f64,
    /// Value that proves the gap: a branch whose bound stays above it is kept at once.
    pub target: f64,
    /// Relative closeness at which each restricted column generation stops.
    pub stop: f64,
    /// Deadline.
    pub deadline: Instant,
}

impl Dive {
    /// Fixes `q` on top of `taken` and runs the column generation on what is left; the new
    /// state, or `None` (with `q` freed again) when the branch is infeasible, out of time or
    /// cannot beat the floor.
    fn probe(&self, gen: &mut Generator, taken: &Taken, q: usize) -> Option<(Taken, Converged)> {
        if crate::stop::passed(self.deadline) {
            return None;
        }
        let mut next = taken.clone();
        next.take(gen, q)?;
        let priced = next.restrict(gen);
        let state = gen.converge(&priced, &next.fixed, self.stop, self.floor, self.deadline);
        match state {
            Some(s) if s.feasible && s.bound > self.floor && !s.time_limit => Some((next, s)),
            _ => {
                gen.free(q);
                None
            }
        }
    }

    /// Dives from the root relaxation `root`; the fixed sectors (pool indices) of an integral
    /// relaxation, or `None` when the dive cannot beat the floor, runs out of time or finds no
    /// plan. The master's sectors are left free, as they were.
    pub fn run(&self, gen: &mut Generator, root: &Converged) -> Option<Vec<usize>> {
        let mut taken = Taken::new(gen);
        let plan = self.descend(gen, root, &mut taken);
        for &q in &taken.fixed {
            gen.free(q);
        }
        plan
    }

    /// The dive itself, fixing sectors in `taken`.
    fn descend(&self, gen: &mut Generator, root: &Converged, taken: &mut Taken) -> Option<Vec<usize>> {
        let mut support = root.support.clone();
        loop {
            let mut fixed = vec![false; gen.pool.len()];
            for &q in &taken.fixed {
                fixed[q] = true;
            }
            let ones: Vec<usize> = (0..support.len())
                .filter(|&q| !fixed[q] && support[q] >= ONE && gen.rows.within_cap(&gen.pool[q]))
                .collect();
            for q in ones {
                taken.take(gen, q)?;
            }
            let mut fractional: Vec<usize> = (0..support.len())
                .filter(|&q| !fixed[q] && support[q] > ZERO && support[q] < ONE && taken.fits(gen, q))
                .collect();
            if fractional.is_empty() {
                return Some(taken.fixed.clone());
            }
            fractional.sort_by(|&a, &b| support[b].total_cmp(&support[a]).then(a.cmp(&b)));
            fractional.truncate(TRIES);
            // The first branch reaching the target, else the one with the best bound.
            let mut best: Option<(usize, f64)> = None;
            let mut kept = None;
            for &q in &fractional {
                let Some((next, state)) = self.probe(gen, taken, q) else { continue };
                if state.bound >= self.target {
                    kept = Some((next, state));
                    break;
                }
                if best.is_none_or(|b| state.bound > b.1) {
                    best = Some((q, state.bound));
                }
                for &f in &next.fixed[taken.fixed.len()..] {
                    gen.free(f);
                }
            }
            let (next, state) = match kept {
                Some(k) => k,
                None => self.probe(gen, taken, best?.0)?,
            };
            *taken = next;
            support = state.support;
        }
    }
}
