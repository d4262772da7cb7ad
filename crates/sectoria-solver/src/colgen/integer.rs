//! From the relaxation to a plan: the integer master over the sectors generated, in tiers.
//!
//! With the last duals `y`, a plan's value is at most the sum of its sectors' reduced values
//! plus the Lagrangian bound at `y`; a sector whose reduced value is below `target − L(y)`
//! (`target` = the value that proves the scenario's gap against the bound) is therefore in
//! no plan good enough, and is left out. The first tier keeps only the relaxation's support
//! and the sectors with a near-zero reduced value (small, solved in well under a second); the
//! next ones, while the target is not reached, the best [`WIDER`] sectors that pass the filter by
//! reduced value, then four times as many, and so on up to every sector that passes it (HiGHS's
//! root cuts on ten thousand sectors take seconds where a thousand take a fraction of one, and
//! the best plan is nearly always among the best sectors). Each tier starts from the best plan
//! so far, each plan found is polished by the local search, and no tier's HiGHS solve takes more
//! than [`TIER_MOST`] seconds. At the root of branch and price, after the cuts, where the filter
//! keeps only the sectors of plans within the gap asked, the first two tiers and one of twice
//! the second's size (when more sectors pass) are followed by neighbourhoods of the best plan
//! ([`super::neighbourhood`]) instead of the wider tiers: the best 2,000 sectors often hold
//! plans that the neighbourhoods of the second tier's plan do not reach (at 1e-4 with 20 s,
//! Pas-de-Calais 0.069 → 0.030 %; national sums of solve times −9 %, BENCHMARKS.md "Solver,
//! session 19"), but where HiGHS takes far longer over them than over the second tier's, the
//! neighbourhoods do better in that time, so the third tier is held to [`WIDE_SHARE`] times the
//! second's time. Inside the tree, a node's search is its first tier alone ([`Reach::First`]):
//! the node relaxation's support and the sectors near zero at its duals, a small programme.

use super::generate::{Converged, Generator};
use super::master::{solve_integer, Column, Rows};
use super::pricing::{price_states, Prices};
use super::station::Station;
use super::{neighbourhood, polish, sector_value, sectors_of};
use crate::classes::Class;
use crate::run::Controls;
use sectoria_core::{Problem, Solution};
use std::collections::BTreeSet;
use std::time::Instant;

/// Most near-zero sectors in the first tier beside the relaxation's support.
const TIER1: usize = 400;
/// Sectors of the second tier; each further tier has four times as many.
const WIDER: usize = 1000;

/// Longest one tier's HiGHS solve may take, in seconds, whatever the time left. Given half of a
/// long time limit, HiGHS spent it on the third tier after the cuts for little (before that tier
/// was held to [`WIDE_SHARE`] times the second's time): Seine-Maritime at 1e-4 with 150 s spent
/// 73.9 s there for a worse plan than with 20 s, and was proven after 102 s; held to 10 s, the
/// neighbourhoods and the tree proved it after 33.5 s (BENCHMARKS.md, session 24). It still
/// bounds every other tier; at 20 s none reaches it.
const TIER_MOST: f64 = 10.0;

/// Longest the third tier before the neighbourhoods may take, in multiples of the second tier's
/// HiGHS time, and in seconds at least ([`WIDE_LEAST`]). Where HiGHS needs many times longer over
/// the best 2,000 sectors than over the best 1,000, the neighbourhoods find better plans in that
/// time: Nord at 1e-4 with 20 s, 0.164 → 0.102 or 0.124 % (its third tier took 6 s, the second
/// 0.24 s), and 0.1 % in 16 s instead of 22 s; where the third tier is quick it still finds the
/// plan that proves the gap (Gironde, Rhône, Haute-Garonne). BENCHMARKS.md, "Solver, session 25".
const WIDE_SHARE: f64 = 4.0;

/// Shortest limit of the third tier before the neighbourhoods, in seconds (see [`WIDE_SHARE`]).
const WIDE_LEAST: f64 = 1.0;

/// Longest tier `n`'s (from 0) HiGHS solve may take, in seconds, when the tier before took
/// `previous` seconds: the third before the neighbourhoods is held to a share of the second's time.
fn tier_most(aim: Aim, n: usize, previous: f64) -> f64 {
    if aim.reach == Reach::Neighbourhoods && n == 2 {
        TIER_MOST.min((WIDE_SHARE * previous).max(WIDE_LEAST))
    } else {
        TIER_MOST
    }
}

/// What the integer master aims at.
#[derive(Debug, Clone, Copy)]
pub struct Aim {
    /// A plan within this relative gap of the relaxation's bound.
    pub gap: f64,
    /// How far the tiers reach.
    pub reach: Reach,
}

/// How far the tiers of the integer master reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every tier, each four times the one before, up to every sector that passes the filter
    /// (the first phases).
    Widening,
    /// The first three tiers (the third of twice the second's size), then neighbourhoods of the
    /// best plan ([`neighbourhood::improve`]) instead of the wider tiers (the root of branch and
    /// price, after the cuts).
    Neighbourhoods,
    /// The first tier alone (a node of branch and price).
    First,
}

/// The integer master over the sectors `gen` has generated, filtered at the duals of
/// `relaxation` (the cuts' duals left out: the integer master has no cut rows, and its filter
/// only chooses where to look), from `best`, with the `aim` given, until `deadline`: the best
/// plan, its value, and whether a time limit stopped HiGHS. The sectors its tiers add to the
/// pool leave it again (the master never saw them); with [`Reach::Neighbourhoods`], those its
/// neighbourhoods generate stay in the pool and the master.
pub fn over_pool(
    gen: &mut Generator,
    problem: &Problem,
    relaxation: &Converged,
    best: Option<(Solution, f64)>,
    aim: Aim,
    ctl: Controls,
    deadline: Instant,
) -> Option<(Solution, f64, bool)> {
    let search = Search {
        problem,
        classes: gen.classes,
        stations: gen.stations,
        rows: gen.rows,
        duals: &relaxation.centre,
        support: &relaxation.support,
        bound: relaxation.bound,
        tolerance: gen.tolerance,
        constant: gen.constant,
        log: gen.log,
    };
    let target = search.target(aim);
    let generated = gen.pool.len();
    let out = search.run(&mut gen.pool, best, aim, ctl, deadline);
    gen.pool.truncate(generated);
    let (plan, value, time_limit) = out?;
    if aim.reach != Reach::Neighbourhoods || value >= target {
        return Some((plan, value, time_limit));
    }
    let (plan, value) = neighbourhood::improve(gen, problem, (plan, value), target, &ctl, deadline);
    Some((plan, value, time_limit))
}

/// What the integer stage works from.
pub struct Search<'a> {
    /// The problem.
    pub problem: &'a Problem,
    /// Worker classes.
    pub classes: &'a [Class],
    /// Stations.
    pub stations: &'a [Station],
    /// Master rows.
    pub rows: &'a Rows,
    /// The duals of the best Lagrangian bound (the stability centre).
    pub duals: &'a [f64],
    /// Column values of the last relaxation (index = column).
    pub support: &'a [f64],
    /// Best bound: the Lagrangian bound at `duals`.
    pub bound: f64,
    /// Numerical tolerance on reduced values.
    pub tolerance: f64,
    /// Objective constant (a plan's objective = its sectors' values + this).
    pub constant: f64,
    /// Developer log.
    pub log: bool,
}

impl Search<'_> {
    fn reduced(&self, col: &Column) -> f64 {
        let entries = col.entries(self.rows, self.stations[col.station].class);
        col.value - entries.iter().map(|&(r, c)| c * self.duals[r]).sum::<f64>()
    }

    /// Pool indices of `solution`'s sectors, adding those the pool lacks; `None` if a sector
    /// does not map onto a station.
    fn columns_of(&self, pool: &mut Vec<Column>, solution: &Solution) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        for col in sectors_of(self.classes, self.stations, solution) {
            let col = col?;
            let q = match pool.iter().position(|p| *p == col) {
                Some(q) => q,
                None => {
                    pool.push(col);
                    pool.len() - 1
                }
            };
            out.push(q);
        }
        Some(out)
    }

    /// Adds to the pool, for every station, the best sector of every (units, establishments)
    /// state whose reduced value passes `threshold`: the relaxation's few sectors rarely
    /// combine into the best plan, these varied ones often do.
    fn enrich(&self, pool: &mut Vec<Column>, threshold: f64) {
        let y = self.duals;
        let prices = Prices::at(self.rows, y);
        let mut seen: BTreeSet<super::SectorKey> =
            pool.iter().map(|c| (c.station, c.level, c.assignments.clone())).collect();
        for (s, st) in self.stations.iter().enumerate() {
            let caps: Vec<u32> = self.classes[st.class].levels.iter().map(|l| l.capacity_units).collect();
            let station_dual = self.rows.station[s].map_or(0.0, |r| y[r]);
            for (l, p) in price_states(st, &prices, &caps) {
                let reduced = p.reduced - y[self.rows.level[st.class][l]] - station_dual;
                if reduced < threshold || !seen.insert((s, l, p.assignments.clone())) {
                    continue;
                }
                if let Some(value) = sector_value(st, &p.assignments) {
                    pool.push(Column { station: s, level: l, assignments: p.assignments, value });
                }
            }
        }
    }

    /// The value that a plan must reach to be within the `aim`'s gap of the bound.
    fn target(&self, aim: Aim) -> f64 {
        self.bound / (1.0 + aim.gap)
    }

    /// The best plan found over the pool, from `best` (a plan and its value), with the `aim`
    /// given: the plan, its value, and whether a time limit stopped HiGHS.
    pub fn run(
        &self,
        pool: &mut Vec<Column>,
        mut best: Option<(Solution, f64)>,
        aim: Aim,
        ctl: Controls,
        deadline: Instant,
    ) -> Option<(Solution, f64, bool)> {
        let target = self.target(aim);
        let threshold = target - self.bound - self.tolerance;
        let near_zero = threshold.max(-1e-4 * self.bound.abs());
        let generated = pool.len();
        if aim.reach != Reach::First {
            // Only the wider tiers take the sectors it adds: the first keeps to those generated.
            self.enrich(pool, threshold);
        }
        let reduced: Vec<f64> = pool.iter().map(|c| self.reduced(c)).collect();
        let support = |q: usize| self.support.get(q).is_some_and(|&v| v > 1e-9);
        // Tier 1: the relaxation's support and the best near-zero sectors, at most TIER1 of them.
        let mut near: Vec<usize> = (0..generated).filter(|&q| !support(q) && reduced[q] >= near_zero).collect();
        near.sort_by(|&a, &b| reduced[b].total_cmp(&reduced[a]).then(a.cmp(&b)));
        near.truncate(TIER1);
        let mut tier1: Vec<usize> = (0..generated).filter(|&q| support(q)).chain(near).collect();
        tier1.sort_unstable();
        let mut passing: Vec<usize> = (0..pool.len()).filter(|&q| reduced[q] >= threshold).collect();
        passing.sort_by(|&a, &b| reduced[b].total_cmp(&reduced[a]).then(a.cmp(&b)));
        // The best `size` sectors that pass the filter, in pool order.
        let best_of = |size: usize| {
            let mut tier = passing[..size.min(passing.len())].to_vec();
            tier.sort_unstable();
            tier
        };
        let mut tiers = vec![tier1];
        match aim.reach {
            Reach::First => {}
            Reach::Neighbourhoods => {
                // Before the neighbourhoods: twice the second tier's size, when more pass.
                tiers.push(best_of(WIDER));
                if passing.len() > WIDER {
                    tiers.push(best_of(2 * WIDER));
                }
            }
            Reach::Widening => {
                tiers.push(best_of(WIDER));
                let mut size = WIDER;
                while size < passing.len() {
                    size *= 4;
                    tiers.push(best_of(size));
                }
            }
        }
        let mut time_limit = false;
        // How long the last tier's HiGHS solve took.
        let mut previous: f64 = 0.0;
        let last = tiers.len() - 1;
        for (n, tier) in tiers.into_iter().enumerate() {
            if best.as_ref().is_some_and(|b| b.1 >= target) {
                break;
            }
            let left = crate::stop::left(deadline).as_secs_f64();
            if left <= 0.0 && (best.is_some() || crate::stop::asked()) {
                time_limit = true;
                break;
            }
            if left <= 0.0 && n < last {
                // Past the deadline without a plan: one short grace, over every sector.
                continue;
            }
            let warm = best.as_ref().and_then(|b| self.columns_of(pool, &b.0));
            let mut set: BTreeSet<usize> = tier.into_iter().collect();
            set.extend(warm.iter().flatten().copied());
            let tier: Vec<usize> = set.into_iter().collect();
            let entries: Vec<Vec<(usize, f64)>> =
                tier.iter().map(|&q| pool[q].entries(self.rows, self.stations[pool[q].station].class)).collect();
            let values: Vec<f64> = tier.iter().map(|&q| pool[q].value).collect();
            let start_at: Option<Vec<usize>> =
                warm.map(|w| w.iter().filter_map(|q| tier.iter().position(|t| t == q)).collect());
            let most = tier_most(aim, n, previous);
            let clock = Instant::now();
            let Some(out) = solve_integer(
                &self.rows.bounds,
                &entries,
                &values,
                start_at.as_deref(),
                target - self.constant,
                // Without any plan yet, a short grace past the deadline to find one.
                left.clamp(0.2, most),
                &ctl,
            ) else {
                continue;
            };
            previous = clock.elapsed().as_secs_f64();
            // Only the deadline is a time limit of the solve; the tier's own is not.
            time_limit |= out.time_limit && left <= most;
            let chosen: Vec<&Column> = out.chosen.iter().map(|&q| &pool[tier[q]]).collect();
            let Some((plan, value)) = polish(self.problem, self.classes, self.stations, &chosen) else {
                continue;
            };
            if self.log {
                eprintln!(
                    "cg integer tier {} over {} columns: {value:.2} ({:.2}s, target {target:.2})",
                    n + 1,
                    entries.len(),
                    clock.elapsed().as_secs_f64()
                );
            }
            if best.as_ref().is_none_or(|b| value > b.1) {
                best = Some((plan, value));
            }
        }
        best.map(|b| (b.0, b.1, time_limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_third_tier_before_the_neighbourhoods_is_held_to_a_share_of_the_second() {
        let before = Aim { gap: 1e-4, reach: Reach::Neighbourhoods };
        let alone = Aim { gap: 0.005, reach: Reach::Widening };
        assert_eq!(tier_most(before, 2, 0.24), WIDE_LEAST, "a quick second tier: the floor");
        assert_eq!(tier_most(before, 2, 0.6), WIDE_SHARE * 0.6);
        assert_eq!(tier_most(before, 2, 3.0), TIER_MOST, "never past the cap of every tier");
        for n in [0, 1] {
            assert_eq!(tier_most(before, n, 0.24), TIER_MOST);
        }
        for n in [0, 1, 2, 3] {
            assert_eq!(tier_most(alone, n, 0.24), TIER_MOST, "the wider tiers of the first phases");
        }
    }
}
