//! The column generation loop: solve the linear master, price every station at (smoothed)
//! duals, add the sectors that improve it, until the Lagrangian bound meets the relaxation.
//!
//! The same loop serves the root (its bound is the plan's proven bound) and the dive, where
//! some sectors are fixed and the stations priced are restricted to what the fixed sectors
//! leave (its bound then only holds for plans containing the fixed sectors).

use super::cuts;
use super::master::{Bound, Column, LinearMaster, Rows, Sum};
use super::pricing;
use super::station::Station;
use super::SectorKey;
use crate::classes::Class;
use sectoria_core::Problem;
use std::collections::HashMap;
use std::time::Instant;

/// Weight of the stability centre in the duals priced (Wentges smoothing). Measured on
/// Haute-Garonne budget-only: 0.5 → 5.5 s, 0.85 → 3.2 s to a 0.24 % gap.
const SMOOTHING: f64 = 0.85;

/// Columns the master keeps after a purge, to start with (it purges above twice as many): each
/// simplex solve pays for every column (Paris: 0.6 s per solve at 40,000 columns). When the
/// purge drops sectors the pricing then finds again (an eighth of an iteration's new sectors
/// or more), the master keeps twice as many from then on. Measured on the national set at
/// 0.5 % (sum of solve times): a fixed 2,500 of 6,000 → 97.6 s; a fixed 1,000 of 2,000 →
/// 85.2 s, but Paris churns (192,000 sectors generated, 12 s of root against 6 s); a fixed 400
/// of 1,000 → Paris never converges.
const PURGE_TO: usize = 1000;

/// The linear master and the sectors generated so far (the master's column ids are pool
/// indices; a purged sector stays in the pool and comes back if priced again).
pub struct Generator<'a> {
    /// Stations (unrestricted).
    pub stations: &'a [Station],
    /// Worker classes.
    pub classes: &'a [Class],
    /// Master rows.
    pub rows: &'a Rows,
    /// Sectors generated.
    pub pool: Vec<Column>,
    /// Numerical tolerance on reduced values.
    pub tolerance: f64,
    lp: LinearMaster,
    /// Whether each row has an artificial column.
    artificial: Vec<bool>,
    /// Penalty of an artificial column.
    big: f64,
    /// Purge thresholds (twice [`PURGE_TO`] and [`PURGE_TO`], raised when sectors come back;
    /// lowered by the tests).
    purge_above: usize,
    purge_to: usize,
    /// Purged sectors added again.
    returned: usize,
    index: HashMap<SectorKey, usize>,
    in_lp: Vec<bool>,
    /// Objective constant (stability penalty of today's units).
    pub constant: f64,
    /// Subset-row cuts added to the master (their rows follow `rows`).
    pub cuts: Vec<[usize; 3]>,
    /// Groups of stations a branch counts the sectors of (sorted station indices). Each has
    /// two rows, after the cuts': its sectors `Σ x` between `0` and the group's size, and
    /// `−Σ x` between minus its size and `0`, so that a branch's "at least" and "at most" are
    /// both lower bounds (a change of a lower bound keeps the basis). They are sum rows of the
    /// master (see [`LinearMaster::add_sums`]), over the rows of their stations.
    pub groups: Vec<Vec<usize>>,
    /// The group each station is in (indices into `groups`).
    in_groups: Vec<Vec<usize>>,
    /// Threads that price the stations in parallel, when the solve has more than one.
    pricing_pool: Option<rayon::ThreadPool>,
    /// Developer log.
    pub log: bool,
}

/// Where one run of the loop ended.
pub struct Converged {
    /// Best Lagrangian bound met (with the constant); valid for plans containing the fixed sectors.
    pub bound: f64,
    /// The duals of that bound.
    pub centre: Vec<f64>,
    /// The Lagrangian bound at `centre`: `bound` itself, but for the root's relaxation after
    /// the cut rounds, whose bound is the smallest met across them.
    pub centre_bound: f64,
    /// Column values of the last relaxation (pool index).
    pub support: Vec<f64>,
    /// Whether the relaxation meets the mandatory rows without artificial columns.
    pub feasible: bool,
    /// Whether the deadline stopped the loop.
    pub time_limit: bool,
}

impl<'a> Generator<'a> {
    /// A master over `rows` for `problem`, with artificial columns on the rows that must be met.
    pub fn new(
        problem: &Problem,
        stations: &'a [Station],
        classes: &'a [Class],
        rows: &'a Rows,
        threads: u32,
        log: bool,
    ) -> Option<Generator<'a>> {
        let penalty = problem.scenario.stability.penalty_per_unit;
        let constant = -penalty * problem.current.values().map(|&u| f64::from(u)).sum::<f64>();
        let big = 10.0 * problem.sites.iter().map(|s| s.curve.max_value().abs()).sum::<f64>() + 1e3;
        let scale = problem.sites.iter().map(|s| s.curve.max_value().abs()).fold(1.0, f64::max);
        let tolerance = 1e-7 * scale;
        let artificial: Vec<bool> = rows.bounds.iter().map(|b| b.0 > 0.0).collect();
        let artificials: Vec<(usize, f64)> =
            artificial.iter().enumerate().filter(|(_, &a)| a).map(|(r, _)| (r, big)).collect();
        let lp = LinearMaster::new(&rows.bounds, &artificials, threads)?;
        Some(Generator {
            stations,
            classes,
            rows,
            pool: Vec::new(),
            tolerance,
            lp,
            artificial,
            big,
            purge_above: 2 * PURGE_TO,
            purge_to: PURGE_TO,
            returned: 0,
            index: HashMap::new(),
            in_lp: Vec::new(),
            constant,
            cuts: Vec::new(),
            groups: Vec::new(),
            in_groups: vec![Vec::new(); stations.len()],
            // Without its threads, the pricing runs on the solve's own thread.
            pricing_pool: (threads > 1)
                .then(|| rayon::ThreadPoolBuilder::new().num_threads(threads as usize).build().ok())
                .flatten(),
            log,
        })
    }

    /// `(row, coefficient)` entries of `col` in the master, cut and group rows included.
    fn entries(&self, col: &Column) -> Vec<(usize, f64)> {
        let mut e = col.entries(self.rows, self.stations[col.station].class);
        let first = self.rows.bounds.len();
        e.extend(
            self.cuts
                .iter()
                .enumerate()
                .filter(|(_, cut)| cuts::holds_two(&col.assignments, cut))
                .map(|(k, _)| (first + k, 1.0)),
        );
        for &g in &self.in_groups[col.station] {
            let (at_least, at_most) = self.group_rows(g);
            e.push((at_least, 1.0));
            e.push((at_most, -1.0));
        }
        e
    }

    /// The two rows of group `g`: "at least" (`Σ x`) and "at most" (`−Σ x`).
    fn group_rows(&self, g: usize) -> (usize, usize) {
        let first = self.rows.bounds.len() + self.cuts.len() + 2 * g;
        (first, first + 1)
    }

    /// The rows' own bounds, and those of the cuts and groups.
    fn own_bounds(&self) -> Vec<(f64, f64)> {
        let mut bounds = self.rows.bounds.clone();
        bounds.extend(self.cuts.iter().map(|_| (0.0, 1.0)));
        for g in &self.groups {
            let size = g.len() as f64;
            bounds.extend([(0.0, size), (-size, 0.0)]);
        }
        bounds
    }

    /// Per station, the prices of the group rows its sectors are in, at duals `y`.
    fn group_prices(&self, y: &[f64]) -> Vec<f64> {
        self.in_groups
            .iter()
            .map(|gs| {
                gs.iter()
                    .map(|&g| {
                        let (at_least, at_most) = self.group_rows(g);
                        y[at_least] - y[at_most]
                    })
                    .sum()
            })
            .collect()
    }

    /// Adds the rows of a group of `stations` (sorted) to the master, keeping its basis, and
    /// returns the group's index. `None` if HiGHS fails.
    pub fn add_group(&mut self, stations: &[usize]) -> Option<usize> {
        let size = stations.len() as f64;
        let members = |factor: f64| -> Option<Vec<(usize, f64)>> {
            stations.iter().map(|&s| self.rows.station[s].map(|r| (r, factor))).collect()
        };
        // Each station holds at most one sector, counted by its own row: the group's sectors
        // are the sum of its stations' rows.
        self.lp.add_sums(&[
            Sum { bounds: (0.0, size), members: members(1.0)? },
            Sum { bounds: (-size, 0.0), members: members(-1.0)? },
        ])?;
        let g = self.groups.len();
        for &s in stations {
            self.in_groups[s].push(g);
        }
        self.groups.push(stations.to_vec());
        self.artificial.resize(self.artificial.len() + 2, false);
        Some(g)
    }

    /// Reduced value of `col` at duals `y`.
    pub fn reduced(&self, col: &Column, y: &[f64]) -> f64 {
        col.value - self.entries(col).iter().map(|&(r, c)| c * y[r]).sum::<f64>()
    }

    /// Adds subset-row cuts on the sites of `new`, keeping the master's basis (see
    /// [`LinearMaster::add_rows`]). Rebuilding the master at each round instead, as until
    /// session 30, cost a solve from scratch per round (150–170 ms on Seine-Maritime) and led
    /// elsewhere: keeping the basis took the national run at 1e-4 from 138.0 to 125.7 s (sums of
    /// per-département medians; 46 faster, 14 slower), the same 96 proven, four of the five
    /// stopped by the time limit closer (Seine-Maritime 0.037 → 0.017 %), 35 proven optimal
    /// instead of 40; Haute-Garonne's bench instance went the other way at 1e-4, 5.3 → 8.4 s
    /// (another optimal vertex after the cuts, a plan 4.9 points short from the integer master,
    /// 152 nodes instead of 43). BENCHMARKS.md, "Solver, session 30".
    /// `None` if HiGHS fails, or if groups already have rows (the cuts come first, at the root).
    pub fn add_cuts(&mut self, new: &[[usize; 3]]) -> Option<()> {
        if !self.groups.is_empty() {
            return None;
        }
        let pool = &self.pool;
        self.lp.add_rows(&vec![(0.0, 1.0); new.len()], |q| {
            new.iter()
                .enumerate()
                .filter(|(_, cut)| cuts::holds_two(&pool[q].assignments, cut))
                .map(|(k, _)| (k, 1.0))
                .collect()
        })?;
        self.cuts.extend_from_slice(new);
        self.artificial.resize(self.artificial.len() + new.len(), false);
        Some(())
    }

    /// The pool index of `col`, added to the pool and the master when they lack it; `None`
    /// if HiGHS refused it.
    pub fn place(&mut self, col: Column) -> Option<usize> {
        self.insert(col).map(|(q, _)| q)
    }

    /// Adds `col` to the pool and the master; `Some(false)` if the master has it already,
    /// `None` if HiGHS refused it.
    pub fn add(&mut self, col: Column) -> Option<bool> {
        self.insert(col).map(|(_, added)| added)
    }

    /// `col`'s pool index, and whether it entered the master now (`None` if HiGHS refused it).
    fn insert(&mut self, col: Column) -> Option<(usize, bool)> {
        let key = (col.station, col.level, col.assignments.clone());
        let q = match self.index.get(&key) {
            Some(&q) if self.in_lp[q] => return Some((q, false)),
            Some(&q) => {
                self.returned += 1;
                q
            }
            None => {
                self.index.insert(key, self.pool.len());
                self.pool.push(col);
                self.in_lp.push(false);
                self.pool.len() - 1
            }
        };
        self.enter(q)?;
        Some((q, true))
    }

    /// Puts pool column `q` into the master. `None` if HiGHS refused it.
    fn enter(&mut self, q: usize) -> Option<()> {
        let col = &self.pool[q];
        let entries = self.entries(col);
        self.lp.add(q, col.value, entries)?;
        self.in_lp[q] = true;
        Some(())
    }

    /// Fixes pool column `q` at one in the master, putting it back first if a purge took it
    /// out. `None` if HiGHS refused it.
    pub fn fix(&mut self, q: usize) -> Option<()> {
        if !self.in_lp[q] {
            self.enter(q)?;
        }
        self.lp.set(q, Bound::One);
        Some(())
    }

    /// Frees pool column `q` in the master again after [`Generator::fix`].
    pub fn free(&mut self, q: usize) {
        self.lp.set(q, Bound::Free);
    }

    /// Requires the establishments `served` to be served, the stations `used` to hold a
    /// sector (row lower bound one) and the groups `counted` (group, at least, at most) to hold
    /// that many sectors, on top of the rows' own bounds; `&[], &[], &[]` restores them. `None`
    /// if HiGHS fails.
    pub fn require(&mut self, served: &[usize], used: &[usize], counted: &[(usize, u32, u32)]) -> Option<()> {
        let mut bounds = self.own_bounds();
        let mut rows: Vec<(usize, f64)> = served
            .iter()
            .filter_map(|&i| self.rows.site[i])
            .chain(used.iter().filter_map(|&s| self.rows.station[s]))
            .map(|r| (r, 1.0))
            .collect();
        for &(g, at_least, at_most) in counted {
            let (lo, hi) = self.group_rows(g);
            if at_least > 0 {
                rows.push((lo, f64::from(at_least)));
            }
            // "At most" is a lower bound on −Σ x, which zero sectors meet: no artificial.
            bounds[hi].0 = bounds[hi].0.max(-f64::from(at_most));
        }
        for (r, lo) in rows {
            bounds[r].0 = bounds[r].0.max(lo);
            if !self.artificial[r] {
                // Lets the relaxation stay feasible until pricing finds sectors for the row.
                self.lp.add_artificial(r, self.big)?;
                self.artificial[r] = true;
            }
        }
        self.lp.set_bounds(&bounds)
    }

    /// Excludes pool column `q` from the master, or frees it again.
    pub fn ban(&mut self, q: usize, banned: bool) {
        if self.in_lp[q] {
            self.lp.set(q, if banned { Bound::Zero } else { Bound::Free });
        }
    }

    /// Reduced-cost fixing (see [`pricing::hopeless_items`]): per station of `priced`, the head
    /// establishments none of whose sectors there is in a plan worth more than `incumbent`, by
    /// the Lagrangian bound `lagrange` at duals `y` (measured over the same stations `priced`
    /// and the rows' bounds in force).
    pub fn hopeless(&self, priced: &[Station], y: &[f64], lagrange: f64, incumbent: f64) -> Vec<Vec<usize>> {
        let margin = incumbent - lagrange - self.tolerance;
        if margin >= 0.0 {
            return vec![Vec::new(); priced.len()]; // nothing beats the plan: the node closes
        }
        let extra = pricing::Extra { cuts: &self.cuts, groups: &self.group_prices(y) };
        pricing::hopeless_items(priced, self.classes, self.rows, &extra, y, margin, self.pricing_pool.as_ref())
    }

    /// Keeps in the master the columns of `support` and the `purge_to` others with the best
    /// reduced values at `y`.
    fn purge(&mut self, support: &[f64], y: &[f64]) -> Option<()> {
        let mut rest: Vec<(usize, f64)> = (0..self.pool.len())
            .filter(|&q| self.in_lp[q] && support[q] <= 0.0)
            .map(|q| (q, self.reduced(&self.pool[q], y)))
            .collect();
        rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(q, _) in rest.iter().skip(self.purge_to) {
            self.in_lp[q] = false;
        }
        let in_lp = &self.in_lp;
        self.lp.purge(|q| in_lp[q])
    }

    /// Runs the loop, pricing `priced` (the stations, or what the `fixed` sectors leave of
    /// them), until the bound is within `stop` (relative) of the relaxation, nothing improves it, the
    /// bound falls to `floor` or below (nothing better than `floor` is left), or `deadline`.
    /// `None` when HiGHS fails.
    pub fn converge(
        &mut self,
        priced: &[Station],
        fixed: &[usize],
        stop: f64,
        floor: f64,
        deadline: Instant,
    ) -> Option<Converged> {
        let mut bound = f64::INFINITY;
        let mut centre: Option<Vec<f64>> = None;
        let clock = Instant::now();
        let mut iteration = 0;
        loop {
            iteration += 1;
            let t_lp = Instant::now();
            let sol = self.lp.solve()?;
            let t_lp = t_lp.elapsed().as_secs_f64();
            let t_price = Instant::now();
            let artificial_used = sol.artificial;
            let mut support = vec![0.0; self.pool.len()];
            for &(q, v) in &sol.columns {
                support[q] = v;
            }
            let lp_value = sol.value + self.constant;
            // Price at a point between the centre and the relaxation's duals (Wentges
            // smoothing); if nothing priced there improves the relaxation, price at its duals.
            let mut fresh = Vec::new();
            let points: Vec<Vec<f64>> = match &centre {
                Some(c) => vec![
                    c.iter().zip(&sol.duals).map(|(a, b)| SMOOTHING * a + (1.0 - SMOOTHING) * b).collect(),
                    sol.duals.clone(),
                ],
                None => vec![sol.duals.clone()],
            };
            for y in points {
                let round = pricing::price_all(
                    priced,
                    self.classes,
                    self.rows,
                    &pricing::Extra { cuts: &self.cuts, groups: &self.group_prices(&y) },
                    self.lp.bounds(),
                    &y,
                    self.tolerance,
                    self.pricing_pool.as_ref(),
                );
                // The fixed sectors are in every plan: their reduced values count in full.
                let lagrange = round.lagrange
                    + self.constant
                    + fixed.iter().map(|&q| self.reduced(&self.pool[q], &y)).sum::<f64>();
                if lagrange < bound {
                    bound = lagrange;
                    centre = Some(y);
                }
                fresh = round.columns.into_iter().filter(|c| self.reduced(c, &sol.duals) > self.tolerance).collect();
                if !fresh.is_empty() {
                    break;
                }
            }
            if self.log {
                eprintln!(
                    "cg {iteration:>4} {:>7.2}s lp {:>12.2} ({t_lp:.3}s) bound {:>12.2} pricing {:.3}s columns {} new {}",
                    clock.elapsed().as_secs_f64(),
                    lp_value,
                    bound,
                    t_price.elapsed().as_secs_f64(),
                    self.pool.len(),
                    fresh.len()
                );
            }
            if self.lp.sectors() > self.purge_above {
                self.purge(&support, &sol.duals)?;
            }
            let mut added = 0;
            let returned = self.returned;
            for col in fresh {
                if self.add(col)? {
                    added += 1;
                }
            }
            if 8 * (self.returned - returned) >= added.max(1) && self.purge_above < usize::MAX / 4 {
                // The purge dropped sectors still needed: keep more from now on.
                self.purge_to *= 2;
                self.purge_above *= 2;
            }
            let feasible = artificial_used <= 1e-6;
            let converged = added == 0 || (bound - lp_value) <= stop * lp_value.abs().max(1.0);
            let done = (converged && feasible) || added == 0 || bound <= floor;
            let time_limit = !done && crate::stop::passed(deadline);
            if done || time_limit {
                return Some(Converged {
                    bound,
                    centre: centre.unwrap_or(sol.duals),
                    centre_bound: bound,
                    support,
                    feasible,
                    time_limit,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Reduced-cost fixing drops establishments from their stations, but none that an optimal
    /// plan serves from its station: on the budget-only demo, at the root relaxation, against a
    /// plan in hand one point below the optimum.
    #[test]
    fn fixing_keeps_every_establishment_of_an_optimal_plan() {
        let problem = crate::colgen::budget_only_demo();
        let (classes, stations, rows) = crate::colgen::master_parts(&problem);
        let ctl =
            crate::run::Controls { time_limit_s: 120.0, relative_gap: 0.0, threads: 1, seed: 0, proven_bound: None };
        let deadline = Instant::now() + Duration::from_secs(120);
        let optimum = crate::colgen::solve(&problem, &sectoria_core::Solution::default(), &[], ctl, deadline, None)
            .expect("solved");
        assert!(optimum.complete, "the budget-only demo was not solved to optimality");
        let mut gen = Generator::new(&problem, &stations, &classes, &rows, 1, false).expect("master");
        let root = gen.converge(&stations, &[], 0.0, f64::NEG_INFINITY, deadline).expect("relaxation");
        let incumbent = optimum.objective - 1.0;
        assert!(root.centre_bound > incumbent, "the root relaxation proves the optimum already");
        let dropped = gen.hopeless(&stations, &root.centre, root.centre_bound, incumbent);
        let count: usize = dropped.iter().map(Vec::len).sum();
        let items: usize = stations.iter().map(|st| st.items.len()).sum();
        assert!(
            count > 0,
            "nothing dropped of {items} items, {:.2} points from the bound",
            root.centre_bound - incumbent
        );
        for col in crate::colgen::sectors_of(&classes, &stations, &optimum.solution) {
            let col = col.expect("the optimal plan's sector has a station");
            for &(site, _) in &col.assignments {
                assert!(
                    !dropped[col.station].contains(&site),
                    "site {site} of the optimal plan dropped from its station"
                );
            }
        }
    }

    /// Converged relaxation bound of the demo, purging above `above` columns down to `to`.
    fn converged(problem: &Problem, above: usize, to: usize) -> (f64, usize) {
        let (classes, stations, rows) = crate::colgen::master_parts(problem);
        let mut gen = Generator::new(problem, &stations, &classes, &rows, 1, false).expect("master");
        gen.purge_above = above;
        gen.purge_to = to;
        let deadline = Instant::now() + Duration::from_secs(120);
        let out = gen.converge(&stations, &[], 0.0, f64::NEG_INFINITY, deadline).expect("converged");
        assert!(out.feasible && !out.time_limit);
        (out.bound, gen.lp.sectors())
    }

    #[test]
    fn purging_the_master_leaves_its_relaxation_unchanged() {
        let problem = crate::colgen::demo_problem();
        let (full, columns) = converged(&problem, usize::MAX, usize::MAX);
        assert!(columns > 400, "the demo generates {columns} columns: too few to purge");
        let (purged, kept) = converged(&problem, 300, 100);
        assert!(kept < columns, "nothing was purged ({kept} of {columns})");
        assert!((full - purged).abs() <= 1e-6 * full.abs(), "bound {full} without purge, {purged} with");
    }

    #[test]
    fn a_groups_rows_bound_its_sectors_both_ways() {
        let problem = crate::colgen::budget_only_demo();
        let (classes, stations, rows) = crate::colgen::master_parts(&problem);
        let mut gen = Generator::new(&problem, &stations, &classes, &rows, 1, false).expect("master");
        let deadline = Instant::now() + Duration::from_secs(120);
        let free = gen.converge(&stations, &[], 1e-6, f64::NEG_INFINITY, deadline).expect("relaxation");
        let counted: Vec<usize> = (0..stations.len()).filter(|&s| rows.station[s].is_some()).collect();
        let group: Vec<usize> = counted[..counted.len() / 2].to_vec();
        let sectors = |gen: &Generator, x: &[f64]| -> f64 {
            x.iter().enumerate().filter(|(q, _)| group.contains(&gen.pool[*q].station)).map(|(_, v)| v).sum()
        };
        let before = sectors(&gen, &free.support);
        assert!(before >= 2.0, "the group holds {before} sectors: too few to count down");
        let g = gen.add_group(&group).expect("group rows");
        let (fewer, more) = (before.floor() as u32 - 1, before.ceil() as u32 + 1);
        for (at_least, at_most) in [(0, fewer), (more, u32::MAX)] {
            gen.require(&[], &[], &[(g, at_least, at_most)]).expect("bounds");
            let out = gen.converge(&stations, &[], 1e-6, f64::NEG_INFINITY, deadline).expect("relaxation");
            let held = sectors(&gen, &out.support);
            assert!(out.feasible, "no relaxation with {at_least}..{at_most} sectors in the group");
            assert!(held >= f64::from(at_least) - 1e-6 && held <= f64::from(at_most) + 1e-6, "{held} sectors");
            let value: f64 = out.support.iter().zip(&gen.pool).map(|(x, c)| x * c.value).sum::<f64>() + gen.constant;
            assert!(out.bound >= value - 1e-6 * value.abs(), "bound {} below the relaxation {value}", out.bound);
            assert!(
                out.bound <= free.bound + 1e-6 * free.bound.abs(),
                "{} above the unrestricted {}",
                out.bound,
                free.bound
            );
        }
        gen.require(&[], &[], &[]).expect("bounds");
        let again = gen.converge(&stations, &[], 1e-6, f64::NEG_INFINITY, deadline).expect("relaxation");
        assert!((again.bound - free.bound).abs() <= 1e-6 * free.bound.abs(), "{} then {}", free.bound, again.bound);
    }
}
