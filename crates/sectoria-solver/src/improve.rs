//! Local search that turns the greedy baseline into a strong warm start for HiGHS.
//!
//! Coordinate descent over workers: each worker's sector is re-optimised exactly, by dynamic
//! programming over (units used, secondary establishments), among the establishments it
//! serves and those nobody serves, others' sectors held fixed. Posts without a fixed base also
//! try the bases of the establishments they serve, and unused posts try to open at unserved
//! establishments. A move is kept only if the whole objective improves. This proves nothing:
//! the plan's status and gap come from the full model.
//!
//! Écoles and their head collèges stay as they are (the REP+ rule ties them together), and
//! the search is skipped when a weekly km cap or `max_changes` applies.

use sectoria_core::{objective, Assignment, BaseChoice, Problem, Solution};

/// Rounds of coordinate descent at most.
const ROUNDS: usize = 10;

/// Value of giving `x` units of worker `k` based at `base` to site `i`, travel, fragmentation
/// and continuity included.
fn gain(problem: &Problem, k: usize, base: &BaseChoice, i: usize, x: u32) -> f64 {
    let s = &problem.scenario;
    let site = &problem.sites[i];
    let today = problem.current.get(&(k, i)).copied().unwrap_or(0);
    let continuity = s.stability.penalty_per_unit * f64::from(x.abs_diff(today));
    if x == 0 {
        return -continuity;
    }
    site.curve.value(f64::from(x))
        - problem.travel_cost_per_unit(k, base, i) * f64::from(x)
        - s.rules.fragmentation_cost
        - continuity
}

/// An establishment worker `k` may take.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    site: usize,
    /// Must stay served (a must-cover site `k` already serves).
    must: bool,
    /// What the site brings with the worker serving it now (0 when nobody does), lost if `k`
    /// takes it; not taking it changes nothing.
    loss: f64,
}

/// Best sector for worker `k` at `base` over `candidates` with `fixed` assignments kept, within
/// `units` and the sector size limit. Returns (value, assignments).
fn best_sector(
    problem: &Problem,
    k: usize,
    base: &BaseChoice,
    candidates: &[Candidate],
    fixed: &[(usize, u32)],
    units: u32,
) -> Option<(f64, Vec<(usize, u32)>)> {
    let staff = &problem.staff[k];
    let fixed_units: u32 = fixed.iter().map(|f| f.1).sum();
    let fixed_secondary = fixed.iter().filter(|f| problem.sites[f.0].kind().is_secondary()).count() as u32;
    if fixed_units > units || fixed_secondary > staff.max_establishments {
        return None;
    }
    let cap_u = (units - fixed_units) as usize;
    let cap_c = (staff.max_establishments - fixed_secondary) as usize;
    let width = (cap_u + 1) * (cap_c + 1);
    let idx = |u: usize, c: usize| u * (cap_c + 1) + c;
    const NONE: f64 = f64::NEG_INFINITY;
    let mut best = vec![NONE; width];
    best[idx(0, 0)] = 0.0;
    // choice[n][state] = units given to candidate n on the best path into state.
    let mut choice: Vec<Vec<u32>> = Vec::with_capacity(candidates.len());
    for &Candidate { site: i, must, loss } in candidates {
        let site = &problem.sites[i];

        let counts = usize::from(site.kind().is_secondary());
        let top = site.cap_units.min(((site.curve.need_units - 1e-9).ceil().max(0.0) as u32).max(site.min_units));
        let zero = if loss == 0.0 { gain(problem, k, base, i, 0) } else { 0.0 };
        // The gain of each number of units, once per candidate rather than once per state (the
        // travel cost behind it is a great-circle distance: the local search spent most of its
        // time on sines and cosines).
        let gains: Vec<f64> = (site.min_units..=top).map(|x| gain(problem, k, base, i, x)).collect();
        let mut next = vec![NONE; width];
        let mut pick = vec![0u32; width];
        for u in 0..=cap_u {
            for c in 0..=cap_c {
                let v = best[idx(u, c)];
                if v == NONE {
                    continue;
                }
                if !must && v + zero > next[idx(u, c)] {
                    next[idx(u, c)] = v + zero;
                    pick[idx(u, c)] = 0;
                }
                if c + counts > cap_c {
                    continue;
                }
                for (x, g) in (site.min_units..=top).zip(&gains) {
                    let nu = u + x as usize;
                    if nu > cap_u {
                        break;
                    }
                    let nv = v + g - loss;
                    let s = idx(nu, c + counts);
                    if nv > next[s] {
                        next[s] = nv;
                        pick[s] = x;
                    }
                }
            }
        }
        best = next;
        choice.push(pick);
    }
    let (mut state, value) =
        best.iter().enumerate().filter(|(_, v)| **v > NONE).max_by(|a, b| a.1.total_cmp(b.1)).map(|(s, v)| (s, *v))?;
    let mut out: Vec<(usize, u32)> = fixed.to_vec();
    for (n, &Candidate { site: i, .. }) in candidates.iter().enumerate().rev() {
        let x = choice[n][state];
        if x > 0 {
            out.push((i, x));
            let counts = usize::from(problem.sites[i].kind().is_secondary());
            let (u, c) = (state / (cap_c + 1), state % (cap_c + 1));
            state = idx(u - x as usize, c - counts);
        }
    }
    Some((value, out))
}

/// Re-optimises worker `k`'s sector at `base` in `sol`; returns the candidate solution.
fn reoptimise(problem: &Problem, sol: &Solution, k: usize, base: &BaseChoice) -> Option<Solution> {
    let n = problem.sites.len();
    let mut other: Vec<Option<(usize, u32)>> = vec![None; n];
    let mut mine: Vec<(usize, u32)> = Vec::new();
    for a in &sol.assignments {
        if a.worker == k {
            mine.push((a.site, a.units));
        } else {
            other[a.site] = Some((a.worker, a.units));
        }
    }
    let used: u32 = sol.assignments.iter().map(|a| a.units).sum();
    let own: u32 = mine.iter().map(|m| m.1).sum();
    let units = problem.staff[k].capacity_units.min(problem.budget_units - (used - own));
    let is_network = |i: usize| problem.head[i].is_some() || !problem.networks.ecoles_of(i).is_empty();
    let locked = |i: usize| problem.locks.iter().any(|l| l.site == i);
    let fixed: Vec<(usize, u32)> = mine.iter().copied().filter(|&(i, _)| is_network(i) || locked(i)).collect();
    let mut candidates = Vec::new();
    for (i, serving) in other.iter().enumerate() {
        if is_network(i) || locked(i) || !problem.is_eligible(k, base, i) {
            continue;
        }
        let loss = match *serving {
            None => 0.0,
            Some((o, c)) => match &sol.bases[o] {
                Some(ob) => gain(problem, o, ob, i, c) - gain(problem, o, ob, i, 0),
                None => continue,
            },
        };
        let must = problem.sites[i].must_cover && mine.iter().any(|m| m.0 == i);
        candidates.push(Candidate { site: i, must, loss });
    }
    let (_, sector) = best_sector(problem, k, base, &candidates, &fixed, units)?;
    let mut out = sol.clone();
    out.bases[k] = Some(base.clone());
    let taken: Vec<usize> = sector.iter().map(|s| s.0).collect();
    out.assignments.retain(|a| a.worker != k && !taken.contains(&a.site));
    out.assignments.extend(sector.into_iter().map(|(site, units)| Assignment { worker: k, site, units }));
    out.normalise();
    Some(out)
}

/// Improves `start` by coordinate descent; never returns a worse solution.
pub fn improve(problem: &Problem, start: &Solution) -> Solution {
    let s = &problem.scenario;
    if problem.has_km_cap() || s.stability.max_changes.is_some() {
        return start.clone();
    }
    let mut best = start.clone();
    let mut best_value = objective(problem, &best).total;
    for _ in 0..ROUNDS {
        let before = best_value;
        for k in 0..problem.staff.len() {
            let mut bases: Vec<BaseChoice> = Vec::new();
            match (&problem.staff[k].worker.base, &best.bases[k]) {
                (Some(b), _) => bases.push(BaseChoice::Fixed(b.clone())),
                (None, current) => {
                    let taken: Vec<&BaseChoice> = best
                        .bases
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != k)
                        .filter_map(|(_, b)| b.as_ref())
                        .collect();
                    let mut options: Vec<usize> = match current {
                        Some(BaseChoice::Site(b)) => {
                            let mut v = vec![*b];
                            v.extend(best.assignments.iter().filter(|a| a.worker == k).map(|a| a.site));
                            v
                        }
                        _ => {
                            // Unused post: try the most valuable unserved establishments.
                            let per_site = best.units_per_site(problem.sites.len());
                            let mut v: Vec<usize> = (0..problem.sites.len()).filter(|&i| per_site[i] == 0).collect();
                            v.sort_by(|&a, &b| problem.sites[b].curve.scale.total_cmp(&problem.sites[a].curve.scale));
                            v.truncate(8);
                            v
                        }
                    };
                    options.retain(|b| problem.candidate_bases.contains(b));
                    options.dedup();
                    bases.extend(options.into_iter().map(BaseChoice::Site).filter(|b| !taken.contains(&b)));
                }
            }
            for base in bases {
                if let Some(candidate) = reoptimise(problem, &best, k, &base) {
                    let v = objective(problem, &candidate).total;
                    if v > best_value + 1e-9 && sectoria_core::check_solution(problem, &candidate).is_empty() {
                        best = candidate;
                        best_value = v;
                    }
                }
            }
        }
        if best_value <= before + 1e-9 {
            break;
        }
    }
    best
}
