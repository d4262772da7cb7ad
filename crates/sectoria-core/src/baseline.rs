//! The greedy start: the minimum presence in priority order. It is the solver's warm start and
//! the first two steps of [`crate::rule_of_thumb()`], the baseline of every comparison.
//!
//! 1. Locks are applied first (their ETP, or the minimum presence); a lock on a REP+ école
//!    also gives its head collège the minimum presence from the same worker.
//! 2. Establishments are ranked: `must_cover` first, then by priority score, then by pupils
//!    (UAI breaks ties).
//! 3. In that order, each establishment not yet served gets the minimum presence from the
//!    nearest worker with room (capacity, sector size, distance, weekly km cap). When no
//!    worker with a base has room and a post without a base is still unused, that post is
//!    based at the nearest candidate base not yet chosen for another post (the establishment
//!    itself when it is a collège or lycée). A REP+ école is not ranked on its own: right after
//!    its head collège is served, its écoles get the minimum presence from the same worker
//!    when it has room.
//! 4. It stops when the budget (after reserve) cannot pay another minimum presence.
//!
//! In budget-only mode the rule of thumb first draws the posts' sectors and bases
//! ([`crate::rule_of_thumb::draw_sectors`]) and runs these steps from them
//! ([`greedy_in_sectors`]): in step 3 an establishment's minimum presence then comes from its
//! sector's post when that post has room. The solver's warm start ([`greedy`]) draws none.
//!
//! It ignores continuity rules (`max_changes`); the plan summary says whether the rule of thumb
//! built on it satisfies every constraint.

use crate::problem::{BaseChoice, Problem};
use crate::solution::{Assignment, Solution};

struct State<'a> {
    problem: &'a Problem,
    solution: Solution,
    units: Vec<u32>,
    secondary: Vec<u32>,
    km: Vec<f64>,
    served: Vec<bool>,
    budget_left: u32,
    /// The post of each establishment's drawn sector (empty for the plain greedy start).
    post_of: &'a [Option<usize>],
}

impl State<'_> {
    fn room(&self, k: usize, i: usize, units: u32) -> bool {
        let st = &self.problem.staff[k];
        let site = &self.problem.sites[i];
        self.units[k] + units <= st.capacity_units
            && (!site.kind().is_secondary() || self.secondary[k] < st.max_establishments)
            && units <= self.budget_left
    }

    fn travel_ok(&self, k: usize, base: &BaseChoice, i: usize, units: u32) -> bool {
        self.problem
            .km_cap(k)
            .is_none_or(|cap| !cap.exceeded_by(self.km[k] + 2.0 * self.problem.km(k, base, i) * f64::from(units), 1e-9))
    }

    fn assign(&mut self, k: usize, i: usize, units: u32) {
        let Some(base) = self.solution.bases[k].clone() else { return };
        self.km[k] += 2.0 * self.problem.km(k, &base, i) * f64::from(units);
        self.units[k] += units;
        if self.problem.sites[i].kind().is_secondary() {
            self.secondary[k] += 1;
        }
        self.budget_left -= units;
        self.served[i] = true;
        self.solution.assignments.push(Assignment { worker: k, site: i, units });
    }

    /// Nearest worker with a base and room for `units` at `i`.
    fn nearest_worker(&self, i: usize, units: u32) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for k in 0..self.problem.staff.len() {
            let Some(base) = &self.solution.bases[k] else { continue };
            if !self.room(k, i, units) || !self.problem.is_eligible(k, base, i) || !self.travel_ok(k, base, i, units) {
                continue;
            }
            let d = self.problem.km(k, base, i);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }

    /// The post of `i`'s drawn sector, when it has a base and room for `units` at `i`.
    fn sector_post(&self, i: usize, units: u32) -> Option<usize> {
        let k = self.post_of.get(i).copied().flatten()?;
        let base = self.solution.bases[k].as_ref()?;
        (self.room(k, i, units) && self.problem.is_eligible(k, base, i) && self.travel_ok(k, base, i, units))
            .then_some(k)
    }

    /// Opens the first unused post without a base at the candidate base nearest to `i` that
    /// hosts no other chosen base.
    fn open_post_near(&mut self, i: usize, units: u32) -> Option<usize> {
        let k = (0..self.problem.staff.len())
            .find(|&k| self.solution.bases[k].is_none() && self.problem.staff[k].capacity_units >= units)?;
        let taken = self.solution.chosen_base_sites();
        let mut best: Option<(f64, usize)> = None;
        for &b in &self.problem.candidate_bases {
            let base = BaseChoice::Site(b);
            if taken.contains(&b) || !self.problem.is_eligible(k, &base, i) || !self.travel_ok(k, &base, i, units) {
                continue;
            }
            let d = self.problem.km(k, &base, i);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, b));
            }
        }
        let (_, b) = best?;
        self.solution.bases[k] = Some(BaseChoice::Site(b));
        Some(k)
    }

    fn serve(&mut self, i: usize) -> Option<usize> {
        let units = self.problem.sites[i].min_units;
        if self.served[i] || units > self.budget_left {
            return None;
        }
        let k = self
            .sector_post(i, units)
            .or_else(|| self.nearest_worker(i, units))
            .or_else(|| self.open_post_near(i, units))?;
        if !self.room(k, i, units) {
            return None;
        }
        self.assign(k, i, units);
        Some(k)
    }

    fn serve_ecoles(&mut self, head: usize, k: usize) {
        for e in self.problem.networks.ecoles_of(head) {
            if self.problem.head[e] != Some(head) || self.served[e] {
                continue;
            }
            let units = self.problem.sites[e].min_units;
            let Some(base) = self.solution.bases[k].clone() else { return };
            if self.room(k, e, units) && self.problem.is_eligible(k, &base, e) && self.travel_ok(k, &base, e, units) {
                self.assign(k, e, units);
            }
        }
    }
}

/// Sorts sites in the rule of thumb's order (step 1): `must_cover` first, then by priority score,
/// then by pupils; UAI breaks ties.
pub(crate) fn sort_by_priority(problem: &Problem, sites: &mut [usize]) {
    sites.sort_by(|&a, &b| {
        let (sa, sb) = (&problem.sites[a], &problem.sites[b]);
        sb.must_cover
            .cmp(&sa.must_cover)
            .then(sb.priority.score.total_cmp(&sa.priority.score))
            .then(sb.need.pupils.total_cmp(&sa.need.pupils))
            .then(sa.uai().cmp(sb.uai()))
    });
}

/// Computes the greedy start (minimum presence only).
pub fn greedy(problem: &Problem) -> Solution {
    greedy_in_sectors(problem, Solution::empty(problem).bases, &[])
}

/// The greedy start from sectors drawn beforehand: posts already based at `bases` (one per
/// worker or post; `None` for a post the greedy may still base, as in [`greedy`]), and the post
/// of each establishment's sector (`post_of`, by site; `None` when it has none). In step 3 an
/// establishment gets its minimum presence from its sector's post when that post has room, else
/// from the nearest worker with room as in [`greedy`]. The rule of thumb's first pass in
/// budget-only mode ([`crate::rule_of_thumb::draw_sectors`]); with no base and no sector it is
/// [`greedy`].
pub fn greedy_in_sectors(problem: &Problem, bases: Vec<Option<BaseChoice>>, post_of: &[Option<usize>]) -> Solution {
    let n = problem.sites.len();
    let mut solution = Solution::empty(problem);
    debug_assert_eq!(bases.len(), solution.bases.len());
    solution.bases = bases;
    let mut st = State {
        problem,
        solution,
        post_of,
        units: vec![0; problem.staff.len()],
        secondary: vec![0; problem.staff.len()],
        km: vec![0.0; problem.staff.len()],
        served: vec![false; n],
        budget_left: problem.budget_units,
    };
    // Locks on écoles last: each takes its head collège to the same worker (at its minimum
    // presence) when nobody serves it yet, as the REP+ rule asks.
    let mut locks: Vec<_> = problem.locks.iter().collect();
    locks.sort_by_key(|l| problem.head[l.site].is_some());
    for l in locks {
        if st.solution.bases[l.worker].is_none() {
            let near = problem.candidate_bases.iter().copied().min_by(|&a, &b| {
                let (la, lb) = (&problem.sites[a].establishment.location, &problem.sites[b].establishment.location);
                let target = &problem.sites[l.site].establishment.location;
                la.haversine_km(target).total_cmp(&lb.haversine_km(target)).then(a.cmp(&b))
            });
            st.solution.bases[l.worker] = near.map(BaseChoice::Site);
        }
        if let Some(h) = problem.head[l.site].filter(|&h| !st.served[h]) {
            let units = problem.sites[h].min_units;
            if st.solution.bases[l.worker].is_some() && units <= st.budget_left {
                st.assign(l.worker, h, units);
            }
        }
        let units = l.units.unwrap_or(problem.sites[l.site].min_units);
        if st.solution.bases[l.worker].is_some() && units <= st.budget_left {
            st.assign(l.worker, l.site, units);
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&i| problem.head[i].is_none()).collect();
    sort_by_priority(problem, &mut order);
    for i in order {
        if st.served[i] {
            if let Some(k) = st.solution.assignments.iter().find(|a| a.site == i).map(|a| a.worker) {
                st.serve_ecoles(i, k);
            }
            continue;
        }
        if let Some(k) = st.serve(i) {
            st.serve_ecoles(i, k);
        }
    }
    st.solution.normalise();
    st.solution
}
