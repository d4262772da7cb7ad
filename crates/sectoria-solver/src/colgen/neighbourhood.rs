//! Neighbourhoods of a plan over the sectors generated: keep every sector of the plan but a
//! dozen neighbouring ones, and let the integer master choose anew, among the sectors generated,
//! how to serve what those served and what nobody serves.
//!
//! The integer master over every good sector finds the better plans the pool holds only after a
//! minute of HiGHS on the largest départements (Nord at 1e-4: 120,636 → 120,758 in 63 s, against
//! 2 s for the tiers); a neighbourhood is a small integer master (the [`MOST`] best sectors that
//! fit beside the kept ones), solved in a few hundredths of a second and cut off at a tenth
//! ([`EACH`]), and not at all when its linear relaxation is worth no more than the sectors freed
//! (then no plan there is better: 31 of Haute-Garonne's 52 neighbourhoods at 1e-4, 26 of
//! Hérault's 39). The sectors freed together are those whose establishments lie nearest to one
//! sector's, for each sector of the plan in turn (skipped when it frees the same sectors as one
//! tried since the plan last changed: the same integer master, the same answer); a better plan
//! found is polished by the local search and the next neighbourhoods start from it. The search
//! ends when a whole round of neighbourhoods finds nothing better, when a plan proves the gap
//! asked (Essonne at 1e-4: the fifth neighbourhood did, and the round went on), or at its
//! deadline. It proves nothing: the plan's bound is the relaxation's.

use super::integer::Search;
use super::master::{relaxation_value, solve_integer, Column, SHORTEST};
use super::polish;
use crate::run::Controls;
use sectoria_core::Solution;
use std::collections::BTreeSet;
use std::time::Instant;

/// Sectors freed together. Measured on seven large départements at 1e-4 with 20 s (BENCHMARKS.md,
/// session 11): 6 improves in steps too small, 20 makes each integer master slower.
const FREED: usize = 12;

/// Sectors a neighbourhood's integer master chooses from, at most, besides the freed ones: those
/// with the best reduced values at the relaxation's duals.
const MOST: usize = 300;

/// Longest a neighbourhood's integer master may take: the shortest limit [`solve_integer`] sets.
/// Many neighbourhoods use it all without a better plan (Manche: 8 of 17 at half a second); a
/// tenth instead of half a second left the national run at 1e-4 with the same 94 départements
/// proven, and cut the solve time of the 93 finished in every run by 7 % (sum of the
/// per-département medians 247.3 → 229.1 s; BENCHMARKS.md, "Solver, session 13").
const EACH: f64 = SHORTEST;

/// Mean position (latitude, longitude) of the establishments of `col`.
fn centre(search: &Search, col: &Column) -> (f64, f64) {
    let n = col.assignments.len().max(1) as f64;
    let (lat, lon) = col.assignments.iter().fold((0.0, 0.0), |(a, b), &(i, _)| {
        let at = &search.problem.sites[i].establishment.location;
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

/// A plan at least as good as `best` (a plan and its value), from neighbourhoods of it over the
/// sectors of `pool` (to which it may add the sectors of the plans it finds), until a plan worth
/// `target` or more (one that proves the gap asked) or `deadline`.
pub fn improve(
    search: &Search,
    pool: &mut Vec<Column>,
    best: (Solution, f64),
    target: f64,
    ctl: &Controls,
    deadline: Instant,
) -> (Solution, f64) {
    let mut best = best;
    let Some(mut plan) = search.columns_of(pool, &best.0) else {
        return best;
    };
    let rows = search.rows;
    let mut entries: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut reduced: Vec<f64> = Vec::new();
    let mut centres: Vec<(f64, f64)> = plan.iter().map(|&q| centre(search, &pool[q])).collect();
    let mut seed = 0;
    // Neighbourhoods tried since the last better plan, and the sectors each freed: one that frees
    // the same sectors again is the same integer master over the same plan, with the same answer.
    let mut tried = 0;
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    let (mut solved, mut alike, mut screened) = (0, 0, 0);
    let began = Instant::now();
    let mut lp_time = 0.0;
    while tried < plan.len() && best.1 < target && Instant::now() < deadline {
        for col in &pool[entries.len()..] {
            entries.push(col.entries(rows, search.stations[col.station].class));
            reduced.push(search.reduced(col));
        }
        let (freed, kept) = split(&plan, &centres, seed % plan.len());
        seed += 1;
        tried += 1;
        let mut key = freed.clone();
        key.sort_unstable();
        if !seen.insert(key) {
            alike += 1;
            continue;
        }
        // The rows as the kept sectors leave them; the sectors that fit there.
        let mut bounds = rows.bounds.clone();
        for &q in &kept {
            for &(r, c) in &entries[q] {
                bounds[r] = (bounds[r].0 - c, bounds[r].1 - c);
            }
        }
        let bounds: Vec<(f64, f64)> = bounds.iter().map(|&(lo, hi)| (lo.max(0.0).min(hi), hi)).collect();
        let fits = |q: usize| entries[q].iter().all(|&(r, c)| c <= bounds[r].1 + 1e-9);
        let mut tier: Vec<usize> = (0..entries.len()).filter(|&q| fits(q)).collect();
        tier.sort_by(|&a, &b| reduced[b].total_cmp(&reduced[a]).then(a.cmp(&b)));
        tier.truncate(MOST);
        tier.extend_from_slice(&freed);
        tier.sort_unstable();
        tier.dedup();
        let start: Vec<usize> = freed.iter().filter_map(|q| tier.binary_search(q).ok()).collect();
        let sub: Vec<Vec<(usize, f64)>> = tier.iter().map(|&q| entries[q].clone()).collect();
        let values: Vec<f64> = tier.iter().map(|&q| pool[q].value).collect();
        // What a better choice for the freed sectors must be worth more than.
        let to_beat = freed.iter().map(|&q| pool[q].value).sum::<f64>() + search.tolerance;
        // No better plan here when the linear relaxation holds none (most neighbourhoods of a
        // good plan): that is a simplex over a few hundred columns, where the integer master
        // starts with HiGHS's presolve, most of its time.
        let lp_began = Instant::now();
        let lp = relaxation_value(&bounds, &sub, &values, ctl.threads);
        lp_time += lp_began.elapsed().as_secs_f64();
        if lp.is_some_and(|lp| lp <= to_beat) {
            screened += 1;
            continue;
        }
        solved += 1;
        let left = deadline.saturating_duration_since(Instant::now()).as_secs_f64();
        let Some(out) = solve_integer(&bounds, &sub, &values, Some(&start), f64::MAX, left.min(EACH), ctl) else {
            continue;
        };
        if out.chosen.iter().map(|&k| values[k]).sum::<f64>() <= to_beat {
            continue;
        }
        let chosen: Vec<&Column> = kept.iter().chain(out.chosen.iter().map(|&k| &tier[k])).map(|&q| &pool[q]).collect();
        let Some((polished, value)) = polish(search.problem, search.classes, search.stations, &chosen) else {
            continue;
        };
        if value <= best.1 + search.tolerance {
            continue;
        }
        let Some(next) = search.columns_of(pool, &polished) else {
            continue;
        };
        if search.log {
            eprintln!("cg neighbourhood {seed}: {:.2} → {value:.2} ({} sectors to choose from)", best.1, tier.len());
        }
        plan = next;
        centres = plan.iter().map(|&q| centre(search, &pool[q])).collect();
        best = (polished, value);
        tried = 0;
        seen.clear();
    }
    if search.log {
        eprintln!(
            "cg neighbourhoods: {solved} solved, {screened} without a better relaxation, {alike} skipped (sectors freed \
             before) ({:.2}s, LP {lp_time:.3}s)",
            began.elapsed().as_secs_f64()
        );
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colgen::generate::Generator;
    use crate::colgen::to_solution;
    use sectoria_core::{check_solution, objective};
    use std::time::Duration;

    #[test]
    fn neighbourhoods_win_back_what_a_plan_left_out() {
        let problem = crate::colgen::demo_problem();
        let (classes, stations, rows) = crate::colgen::master_parts(&problem);
        let mut gen = Generator::new(&problem, &stations, &classes, &rows, 1, false).expect("master");
        let deadline = Instant::now() + Duration::from_secs(120);
        let root = gen.converge(&stations, &[], 0.0, f64::NEG_INFINITY, deadline).expect("relaxation");
        // A plan of sectors of the relaxation that fit together, the largest first; then every
        // other one left out, except those serving an establishment that must be served.
        let mut order: Vec<usize> = (0..root.support.len()).filter(|&q| root.support[q] > 1e-6).collect();
        order.sort_by(|&a, &b| root.support[b].total_cmp(&root.support[a]).then(a.cmp(&b)));
        let mut used = vec![0.0; rows.bounds.len()];
        let mut kept: Vec<&Column> = Vec::new();
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

        let search = Search {
            problem: &problem,
            classes: &classes,
            stations: &stations,
            rows: &rows,
            duals: &root.centre,
            support: &root.support,
            bound: root.bound,
            tolerance: gen.tolerance,
            constant: gen.constant,
            log: false,
        };
        let ctl = Controls { time_limit_s: 60.0, relative_gap: 1e-4, threads: 1, seed: 0, proven_bound: None };
        let mut pool = gen.pool.clone();
        let (better, found) = improve(&search, &mut pool, (plan, value), f64::INFINITY, &ctl, deadline);
        assert!(check_solution(&problem, &better).is_empty(), "the plan found is not valid");
        assert!((objective(&problem, &better).total - found).abs() < 1e-6, "value reported {found}");
        assert!(found > value + 1.0, "no better plan: {value} → {found}");
        assert!(found <= root.bound + 1e-6 * root.bound.abs(), "{found} above the bound {}", root.bound);
    }
}
