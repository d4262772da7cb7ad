//! Phase two of the warm start for workers without a base (DESIGN §8: "once bases are fixed,
//! the allocation solves to optimality in seconds"): the bases chosen by the local search are
//! fixed, the allocation is solved by the MIP on that much smaller model, and its plan becomes
//! the warm start of the full model. This phase proves nothing; the plan's status and gap come
//! from the full model.

use crate::model::Relax;
use crate::run::{run, Controls, RunOutcome};
use sectoria_core::{objective, Base, BaseChoice, Problem, Solution};

/// Solves `problem` with the bases of `start` fixed, within `controls`; returns the solution
/// in terms of `problem` (bases chosen as candidate sites), or `None` when there is nothing to
/// fix or no better plan was found.
pub fn solve_with_fixed_bases(problem: &Problem, start: &Solution, controls: Controls) -> Option<Solution> {
    let free: Vec<usize> = (0..problem.staff.len()).filter(|&k| problem.staff[k].worker.base.is_none()).collect();
    if free.is_empty() {
        return None;
    }
    // Unused posts are based at the most valuable establishments nobody serves, then at any free base.
    let per_site = start.units_per_site(problem.sites.len());
    let taken: Vec<usize> =
        start.bases.iter().filter_map(|b| if let Some(BaseChoice::Site(s)) = b { Some(*s) } else { None }).collect();
    let mut spare: Vec<usize> = problem.candidate_bases.iter().copied().filter(|b| !taken.contains(b)).collect();
    spare.sort_by(|&a, &b| {
        (per_site[a] > 0)
            .cmp(&(per_site[b] > 0))
            .then(problem.sites[b].curve.scale.total_cmp(&problem.sites[a].curve.scale))
            .then(a.cmp(&b))
    });
    let mut spare = spare.into_iter();
    let mut chosen = vec![None; problem.staff.len()];
    let mut fixed = problem.clone();
    for &k in &free {
        let b = match &start.bases[k] {
            Some(BaseChoice::Site(b)) => *b,
            _ => spare.next()?,
        };
        chosen[k] = Some(b);
        let site = &problem.sites[b].establishment;
        fixed.staff[k].worker.base = Some(Base { uai: Some(site.uai.clone()), location: site.location });
    }
    let mut warm = start.clone();
    for &k in &free {
        warm.bases[k] = fixed.staff[k].worker.base.clone().map(BaseChoice::Fixed);
    }
    let (outcome, _, _) = run(&fixed, Relax::default(), controls, Some(&warm));
    let RunOutcome::Solved { solution, .. } = outcome else { return None };
    let mut back = solution;
    for &k in &free {
        let used = back.assignments.iter().any(|a| a.worker == k);
        back.bases[k] = if used { chosen[k].map(BaseChoice::Site) } else { None };
    }
    (objective(problem, &back).total > objective(problem, start).total).then_some(back)
}
