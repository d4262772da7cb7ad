//! Neighbourhoods of a plan that price their own sectors: keep every sector of the plan but a
//! dozen neighbouring ones, fix the kept ones at one in the linear master, run the column
//! generation on what they leave, and let a small integer master choose anew how to serve what
//! the freed sectors served and what nobody serves.
//!
//! The sectors freed together are those whose establishments lie nearest to one sector's, for
//! each sector of the plan in turn (skipped when it frees the same sectors as one tried since the
//! plan last changed: the same search, the same answer). The column generation prices what the
//! kept sectors leave (their establishments and stations taken out, as in the dive), so its
//! Lagrangian bound holds for every plan that keeps them: at or below the plan's value, no plan
//! of the neighbourhood is better, and the neighbourhood ends there (most neighbourhoods of a
//! good plan; the bound often falls to the plan's value within a few pricing rounds). Otherwise
//! the integer master chooses among the [`MOST`] sectors with the best reduced values at that
//! column generation's duals, its support and the freed sectors, and is cut off at a tenth of a
//! second ([`EACH`]). Pricing finds the sectors a better plan needs that the root's column
//! generation never built (Hérault budget-only at 1e-4: the plan the tree used to find at its
//! last node, 74,434.97, with one such sector, is found here, and the tree takes 36 nodes
//! instead of 42). A better plan found is polished by the local search and the next
//! neighbourhoods start from it. The search ends when a whole round of neighbourhoods finds
//! nothing better, when a plan proves the gap asked, or at its deadline. It proves nothing: the
//! plan's bound is the relaxation's.

use super::branch::NODE_STOP;
use super::generate::Generator;
use super::master::{solve_integer, SHORTEST};
use super::taken::Taken;
use super::{polish, sectors_of};
use crate::run::Controls;
use sectoria_core::{Problem, Solution};
use std::collections::BTreeSet;
use std::time::Instant;

/// Sectors freed together. Measured on seven large départements at 1e-4 with 20 s (BENCHMARKS.md,
/// session 11): 6 improves in steps too small, 20 makes each integer master slower.
const FREED: usize = 12;

/// Sectors a neighbourhood's integer master chooses from, at most, besides the freed ones and the
/// support of the neighbourhood's relaxation: those with the best reduced values at its duals.
/// At 300, as when the neighbourhoods chose among the root's sectors only, the integer masters
/// took two thirds of the neighbourhoods' time for the same plans (BENCHMARKS.md, session 23).
const MOST: usize = 80;

/// Longest a neighbourhood's integer master may take: the shortest limit [`solve_integer`] sets
/// (at half a second, many used it all without a better plan: BENCHMARKS.md, session 13).
const EACH: f64 = SHORTEST;

/// Mean position (latitude, longitude) of the establishments of pool sector `q`.
fn centre(problem: &Problem, gen: &Generator, q: usize) -> (f64, f64) {
    let col = &gen.pool[q];
    let n = col.assignments.len().max(1) as f64;
    let (lat, lon) = col.assignments.iter().fold((0.0, 0.0), |(a, b), &(i, _)| {
        let at = &problem.sites[i].establishment.location;
        (a + at.lat, b + at.lon)
    });
    (lat / n, lon / n)
}

/// The sectors of `plan` (pool indices, with their `centres`) split into the [`FREED`] nearest
/// to the centre of the sector at `seed` and the others: (freed, kept).
fn split(plan: &[usize], centres: &[(f64, f64)], seed: usize) -> (Vec<usize>, Vec<usize>) {
    let (lat, lon) = centres[seed];
    // A degree of longitude is shorter than one of latitude by the cosine of the latitude.
    let squeeze = lat.to_radians().cos();
    let far = |c: &(f64, f64)| (c.0 - lat).powi(2) + ((c.1 - lon) * squeeze).powi(2);
    let mut order: Vec<usize> = (0..plan.len()).collect();
    order.sort_by(|&a, &b| far(&centres[a]).total_cmp(&far(&centres[b])).then(a.cmp(&b)));
    let n = FREED.min(order.len());
    (order[..n].iter().map(|&k| plan[k]).collect(), order[n..].iter().map(|&k| plan[k]).collect())
}

/// The pool indices of `solution`'s sectors, added to the pool and the master when they lack
/// them; `None` if a sector does not map onto a station or HiGHS refuses one.
fn columns_of(gen: &mut Generator, solution: &Solution) -> Option<Vec<usize>> {
    let sectors = sectors_of(gen.classes, gen.stations, solution).into_iter().collect::<Option<Vec<_>>>()?;
    sectors.into_iter().map(|col| gen.place(col)).collect()
}

/// What one neighbourhood gave.
enum Tried {
    /// Its relaxation holds no plan better than the one in hand.
    Screened,
    /// Its integer master found none.
    Nothing,
    /// A better plan and its value.
    Better(Solution, f64),
}

/// The neighbourhood of the plan in hand (worth `value`) that keeps the sectors `kept` and frees
/// `freed` (pool indices).
fn search(
    gen: &mut Generator,
    problem: &Problem,
    (kept, freed): (&[usize], &[usize]),
    value: f64,
    ctl: &Controls,
    deadline: Instant,
) -> Tried {
    let floor = value + gen.tolerance;
    let mut taken = Taken::new(gen);
    let all_taken = kept.iter().all(|&q| taken.take(gen, q).is_some());
    let state = all_taken.then(|| {
        let priced = taken.restrict(gen);
        gen.converge(&priced, &taken.fixed, NODE_STOP, floor, deadline)
    });
    for &q in &taken.fixed {
        gen.free(q);
    }
    let Some(state) = state else {
        return Tried::Nothing; // HiGHS refused a kept sector
    };
    let Some(state) = state.filter(|s| s.feasible && !s.time_limit && s.bound > floor) else {
        return Tried::Screened;
    };
    // The rows as the kept sectors leave them; the sectors that fit there.
    let rows = gen.rows;
    let entries = |gen: &Generator, q: usize| gen.pool[q].entries(rows, gen.stations[gen.pool[q].station].class);
    let mut bounds = rows.bounds.clone();
    for &q in kept {
        for (r, c) in entries(gen, q) {
            bounds[r] = (bounds[r].0 - c, bounds[r].1 - c);
        }
    }
    let bounds: Vec<(f64, f64)> = bounds.iter().map(|&(lo, hi)| (lo.max(0.0).min(hi), hi)).collect();
    let mut ranked: Vec<(usize, f64)> = (0..gen.pool.len())
        .filter(|&q| taken.fits(gen, q))
        .map(|q| (q, gen.reduced(&gen.pool[q], &state.centre)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let support = (0..state.support.len()).filter(|&q| state.support[q] > 1e-9 && taken.fits(gen, q));
    let mut tier: Vec<usize> =
        ranked.iter().take(MOST).map(|r| r.0).chain(freed.iter().copied()).chain(support).collect();
    tier.sort_unstable();
    tier.dedup();
    let start: Vec<usize> = freed.iter().filter_map(|q| tier.binary_search(q).ok()).collect();
    let sub: Vec<Vec<(usize, f64)>> = tier.iter().map(|&q| entries(gen, q)).collect();
    let values: Vec<f64> = tier.iter().map(|&q| gen.pool[q].value).collect();
    let left = crate::stop::left(deadline).as_secs_f64();
    let Some(out) = solve_integer(&bounds, &sub, &values, Some(&start), f64::MAX, left.min(EACH), ctl) else {
        return Tried::Nothing;
    };
    // What a better choice for the freed sectors must be worth more than.
    let to_beat = freed.iter().map(|&q| gen.pool[q].value).sum::<f64>() + gen.tolerance;
    if out.chosen.iter().map(|&k| values[k]).sum::<f64>() <= to_beat {
        return Tried::Nothing;
    }
    let chosen: Vec<_> = kept.iter().chain(out.chosen.iter().map(|&k| &tier[k])).map(|&q| &gen.pool[q]).collect();
    match polish(problem, gen.classes, gen.stations, &chosen) {
        Some((plan, found)) if found > value + gen.tolerance => Tried::Better(plan, found),
        _ => Tried::Nothing,
    }
}

/// A plan at least as good as `best` (a plan and its value), from neighbourhoods of it that price
/// their sectors in `gen` (whose pool and master keep the sectors they generate), until a plan
/// worth `target` or more (one that proves the gap asked) or `deadline`. The master's sectors are
/// left free, as they were.
pub fn improve(
    gen: &mut Generator,
    problem: &Problem,
    best: (Solution, f64),
    target: f64,
    ctl: &Controls,
    deadline: Instant,
) -> (Solution, f64) {
    let mut best = best;
    let Some(mut plan) = columns_of(gen, &best.0) else {
        return best;
    };
    let mut centres: Vec<(f64, f64)> = plan.iter().map(|&q| centre(problem, gen, q)).collect();
    let mut seed = 0;
    // Neighbourhoods tried since the last better plan, and the sectors each freed: one that frees
    // the same sectors again is the same search from the same plan, with the same answer.
    let mut tried = 0;
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    let (mut solved, mut alike, mut screened) = (0, 0, 0);
    let began = Instant::now();
    while tried < plan.len() && best.1 < target && !crate::stop::passed(deadline) {
        let (freed, kept) = split(&plan, &centres, seed % plan.len());
        seed += 1;
        tried += 1;
        let mut key = freed.clone();
        key.sort_unstable();
        if !seen.insert(key) {
            alike += 1;
            continue;
        }
        let (plan_found, value) = match search(gen, problem, (&kept, &freed), best.1, ctl, deadline) {
            Tried::Screened => {
                screened += 1;
                continue;
            }
            Tried::Nothing => {
                solved += 1;
                continue;
            }
            Tried::Better(plan, value) => {
                solved += 1;
                (plan, value)
            }
        };
        let Some(next) = columns_of(gen, &plan_found) else {
            continue;
        };
        if gen.log {
            eprintln!("cg neighbourhood {seed}: {:.2} → {value:.2}", best.1);
        }
        plan = next;
        centres = plan.iter().map(|&q| centre(problem, gen, q)).collect();
        best = (plan_found, value);
        tried = 0;
        seen.clear();
    }
    if gen.log {
        eprintln!(
            "cg neighbourhoods: {solved} solved, {screened} without a better relaxation, {alike} skipped (sectors freed \
             before) ({:.2}s)",
            began.elapsed().as_secs_f64()
        );
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colgen::master::Column;
    use crate::colgen::to_solution;
    use sectoria_core::{check_solution, objective};
    use std::time::Duration;

    #[test]
    fn neighbourhoods_win_back_what_a_plan_left_out() {
        let problem = crate::colgen::demo_problem();
        let (classes, stations, rows) = crate::colgen::master_parts(&problem);
        let mut gen = Generator::new(&problem, &stations, &classes, &rows, 1, false).expect("master");
        let deadline = Instant::now() + Duration::from_secs(120);
        let root = gen.converge(&stations, &[], 1e-6, f64::NEG_INFINITY, deadline).expect("relaxation");
        // A plan of sectors of the relaxation that fit together, the largest first; then every
        // other one left out, except those serving an establishment that must be served.
        let mut order: Vec<usize> = (0..root.support.len()).filter(|&q| root.support[q] > 1e-6).collect();
        order.sort_by(|&a, &b| root.support[b].total_cmp(&root.support[a]).then(a.cmp(&b)));
        let mut used = vec![0.0; rows.bounds.len()];
        let mut kept = Vec::new();
        for q in order {
            let col = &gen.pool[q];
            let e = col.entries(&rows, stations[col.station].class);
            if e.iter().all(|&(r, c)| used[r] + c <= rows.bounds[r].1 + 1e-9) {
                for (r, c) in e {
                    used[r] += c;
                }
                kept.push(col);
            }
        }
        let must = |col: &Column| col.assignments.iter().any(|a| problem.sites[a.0].must_cover);
        let weak: Vec<&Column> =
            kept.iter().enumerate().filter(|(n, c)| n % 2 == 0 || must(c)).map(|(_, c)| *c).collect();
        assert!(weak.len() < kept.len(), "nothing left out");
        let plan = to_solution(&problem, &classes, &stations, &weak);
        assert!(check_solution(&problem, &plan).is_empty(), "the weakened plan is not valid");
        let value = objective(&problem, &plan).total;

        let ctl = Controls { time_limit_s: 60.0, relative_gap: 1e-4, threads: 1, seed: 0, proven_bound: None };
        let (better, found) = improve(&mut gen, &problem, (plan, value), f64::INFINITY, &ctl, deadline);
        assert!(check_solution(&problem, &better).is_empty(), "the plan found is not valid");
        assert!((objective(&problem, &better).total - found).abs() < 1e-6, "value reported {found}");
        assert!(found > value + 1.0, "no better plan: {value} → {found}");
        assert!(found <= root.bound + 1e-6 * root.bound.abs(), "{found} above the bound {}", root.bound);
        // The neighbourhoods leave every sector of the master free: the relaxation is the root's.
        let again = gen.converge(&stations, &[], 1e-6, f64::NEG_INFINITY, deadline).expect("relaxation");
        assert!((again.bound - root.bound).abs() <= 1e-5 * root.bound.abs(), "{} then {}", root.bound, again.bound);
    }
}
