//! Column generation over sectors: the same model as [`crate::model`], reformulated so that
//! each column is a whole sector (a worker or post at a base, the establishments it serves and
//! their half-days).
//!
//! The compact model's relaxation spreads a post thinly over many bases and hardly sees travel
//! (DESIGN §8); the sector reformulation prices travel, minimum presence and the sector limit
//! exactly inside each column, so its relaxation is much tighter. Its bound is valid at every
//! iteration (Lagrangian bound from the exact pricing), so the gap reported stays honest; the
//! plan is the integer master over the sectors generated, polished by the local search.
//!
//! Used when every rule is expressible per sector: one worker per establishment. A lock, on a
//! REP+ école too, is held by its worker's stations (see [`station`]). A weekly km cap holds
//! inside each sector (the pricing builds sectors within it, and a row per station of the
//! master keeps the others out of the plans); a cap on changes is one row of the master (see
//! [`master`]). Otherwise [`applicable`] says no and the compact model solves the problem.

mod branch;
mod cuts;
mod dive;
mod generate;
mod integer;
mod master;
mod neighbourhood;
mod pricing;
pub mod seed;
mod station;
mod taken;

use crate::classes::{classes, Class};
use crate::improve::improve;
use crate::run::Controls;
use generate::Generator;
use master::{ChangeRow, Column, KmRow, Rows};
use sectoria_core::{check_solution, objective, Assignment, BaseChoice, Problem, Solution};
use station::Station;
use std::cell::RefCell;
use std::time::Instant;

/// The demo département's instance and scenario, for the column generation's unit tests.
#[cfg(test)]
pub(crate) fn demo_parts() -> (sectoria_core::Instance, sectoria_core::Scenario) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let instance = sectoria_io::load_instance(&root).expect("demo instance");
    let scenario = sectoria_io::read_scenario(&root.join("scenario.toml")).expect("demo scenario");
    (instance, scenario)
}

/// The demo département's problem, for the column generation's unit tests.
#[cfg(test)]
fn demo_problem() -> Problem {
    let (instance, scenario) = demo_parts();
    Problem::new(&instance, &scenario).expect("demo problem")
}

/// The demo département in budget-only mode (12 ETP, no workers, no locks): its posts choose
/// their bases, so stations have rows of their own and the root relaxation leaves some
/// fractional. For the column generation's unit tests.
#[cfg(test)]
fn budget_only_demo() -> Problem {
    let (mut instance, mut scenario) = demo_parts();
    instance.workers.clear();
    instance.current.clear();
    scenario.budget.total_fte = Some(12.0);
    scenario.locks = Default::default();
    Problem::new(&instance, &scenario).expect("budget-only demo")
}

/// The worker classes, stations and master rows of `problem`, for the column generation's unit
/// tests.
#[cfg(test)]
fn master_parts(problem: &Problem) -> (Vec<Class>, Vec<Station>, Rows) {
    let classes = classes(problem);
    let stations = station::stations(problem, &classes);
    let rows = build_rows(problem, &classes, &stations).expect("rows");
    (classes, stations, rows)
}

/// Whether the sector reformulation expresses every rule of `problem`'s scenario.
pub fn applicable(problem: &Problem) -> bool {
    let s = &problem.scenario;
    s.rules.max_workers_per_establishment == 1 && problem.staff.iter().all(|st| st.capacity_units <= u32::from(u8::MAX))
}

/// A sector's identity: station, level and assignments.
type SectorKey = (usize, usize, Vec<(usize, u32)>);

/// Number of establishment options over the stations of `problem` (model building alone).
pub fn station_options(problem: &Problem, classes: &[Class]) -> usize {
    station::stations(problem, classes)
        .iter()
        .flat_map(|s| s.items.iter())
        .map(|it| it.head.options.len() + it.ecoles.iter().map(|e| e.options.len()).sum::<usize>())
        .sum()
}

/// What column generation found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The plan (integer master, then local search).
    pub solution: Solution,
    /// Its objective.
    pub objective: f64,
    /// Proven upper bound on the objective of any plan.
    pub bound: f64,
    /// Sectors generated.
    pub columns: usize,
    /// Rows of the master.
    pub rows: usize,
    /// Whether a time limit cut the search short.
    pub time_limit: bool,
    /// Branch-and-price nodes solved.
    pub nodes: usize,
    /// Whether branch and price settled every node: no plan beats this one (beyond the
    /// pricing's numerical tolerance), whatever the gap asked.
    pub complete: bool,
    /// Whether branch and price stopped because the caller's question was settled (see
    /// [`solve`]).
    pub decided: bool,
    /// Every sector generated, to seed a related solve.
    pub pool: Vec<seed::Portable>,
}

/// Sector value of `assignments` at `station`; `None` if the station cannot hold them: a site
/// it does not reach, units it does not allow, an école without its head collège, or an item
/// or école that a lock or a branch puts in every sector left out. A plan's sector (the start,
/// a related solve's) can be any of these.
pub(crate) fn sector_value(station: &Station, assignments: &[(usize, u32)]) -> Option<f64> {
    let held = |site: usize| assignments.iter().any(|a| a.0 == site);
    let mut total = 0.0;
    for &(site, units) in assignments {
        let (item, member) = station
            .items
            .iter()
            .find_map(|it| std::iter::once(&it.head).chain(&it.ecoles).find(|m| m.site == site).map(|m| (it, m)))?;
        if !held(item.head.site) {
            return None;
        }
        total += member.options.iter().find(|o| o.0 == units)?.1;
    }
    let complete = station.items.iter().all(|it| {
        if held(it.head.site) {
            it.ecoles.iter().all(|e| !e.must || held(e.site))
        } else {
            !it.must
        }
    });
    complete.then_some(total)
}

fn build_rows(problem: &Problem, classes: &[Class], stations: &[Station]) -> Option<Rows> {
    let mut bounds = Vec::new();
    let mut reached = vec![false; problem.sites.len()];
    for st in stations {
        for it in st.items.iter() {
            reached[it.head.site] = true;
            for e in &it.ecoles {
                reached[e.site] = true;
            }
        }
    }
    let mut site = vec![None; problem.sites.len()];
    for (i, s) in problem.sites.iter().enumerate() {
        if !reached[i] {
            if s.must_cover {
                return None;
            }
            continue;
        }
        site[i] = Some(bounds.len());
        bounds.push((if s.must_cover { 1.0 } else { 0.0 }, 1.0));
    }
    let mut level = Vec::new();
    for class in classes {
        let locked = class.single().is_some_and(|k| problem.locks.iter().any(|l| l.worker == k));
        let mut rows = Vec::new();
        for l in &class.levels {
            rows.push(bounds.len());
            let n = l.members.len() as f64;
            bounds.push((if locked { 1.0 } else { 0.0 }, n));
        }
        level.push(rows);
    }
    let members = |c: usize| classes[c].levels.iter().map(|l| l.members.len()).sum::<usize>();
    let mut station = Vec::new();
    for st in stations {
        if members(st.class) > 1 {
            station.push(Some(bounds.len()));
            bounds.push((0.0, 1.0));
        } else {
            station.push(None);
        }
    }
    let budget = bounds.len();
    bounds.push((0.0, f64::from(problem.budget_units)));
    let km = stations
        .iter()
        .map(|st| {
            let cap = st.km_cap.is_finite().then_some(st.km_cap)?;
            let mut per_unit = vec![0.0; problem.sites.len()];
            for it in st.items.iter() {
                for m in std::iter::once(&it.head).chain(&it.ecoles) {
                    per_unit[m.site] = m.km;
                }
            }
            bounds.push((0.0, cap));
            Some(KmRow { row: bounds.len() - 1, per_unit })
        })
        .collect();
    let changes = problem.scenario.stability.max_changes.filter(|_| !problem.current.is_empty()).map(|max| {
        let everything: u32 = problem.current.values().sum();
        bounds.push((f64::from(everything) - f64::from(max), f64::from(everything)));
        let today = stations
            .iter()
            .map(|st| {
                let mut t: Vec<(usize, u32)> = st
                    .items
                    .iter()
                    .flat_map(|it| std::iter::once(&it.head).chain(&it.ecoles))
                    .filter(|m| m.today > 0)
                    .map(|m| (m.site, m.today))
                    .collect();
                t.sort_unstable();
                t
            })
            .collect();
        ChangeRow { row: bounds.len() - 1, today }
    });
    Some(Rows { site, level, station, budget, km, changes, bounds })
}

/// The sector of every worker of `solution` that serves someone, as a column; `None` for a
/// sector that does not map onto a station (no base, or a pair the station does not allow).
pub(crate) fn sectors_of(classes: &[Class], stations: &[Station], solution: &Solution) -> Vec<Option<Column>> {
    let mut out = Vec::new();
    for (c, class) in classes.iter().enumerate() {
        for (l, level) in class.levels.iter().enumerate() {
            for &k in &level.members {
                let assignments: Vec<(usize, u32)> =
                    solution.assignments.iter().filter(|a| a.worker == k).map(|a| (a.site, a.units)).collect();
                if assignments.is_empty() {
                    continue;
                }
                let column = solution.bases[k].as_ref().and_then(|base| {
                    let s = stations.iter().position(|st| st.class == c && &st.base == base)?;
                    let value = sector_value(&stations[s], &assignments)?;
                    Some(Column { station: s, level: l, assignments, value })
                });
                out.push(column);
            }
        }
    }
    out
}

/// Turns chosen columns into a solution: each (class, level) hands its sectors to its members
/// in order.
pub(crate) fn to_solution(problem: &Problem, classes: &[Class], stations: &[Station], chosen: &[&Column]) -> Solution {
    let mut sol = Solution::empty(problem);
    let mut next: Vec<Vec<usize>> = classes.iter().map(|c| vec![0; c.levels.len()]).collect();
    let mut sorted: Vec<&&Column> = chosen.iter().collect();
    sorted.sort_by_key(|c| (c.station, c.level));
    for col in sorted {
        let st = &stations[col.station];
        let n = &mut next[st.class][col.level];
        let Some(&k) = classes[st.class].levels[col.level].members.get(*n) else { continue };
        *n += 1;
        if !matches!(st.base, BaseChoice::Fixed(_)) {
            sol.bases[k] = Some(st.base.clone());
        }
        sol.assignments.extend(col.assignments.iter().map(|&(site, units)| Assignment { worker: k, site, units }));
    }
    sol.normalise();
    sol
}

/// The plan of `chosen` sectors polished by the local search, with its objective; `None` if the
/// sectors do not form a valid plan.
pub(crate) fn polish(
    problem: &Problem,
    classes: &[Class],
    stations: &[Station],
    chosen: &[&Column],
) -> Option<(Solution, f64)> {
    let plan = to_solution(problem, classes, stations, chosen);
    check_solution(problem, &plan).is_empty().then(|| {
        let plan = improve(problem, &plan);
        let value = objective(problem, &plan).total;
        (plan, value)
    })
}

/// Gap of the first phases (root relaxation, dive, integer master): the default gap. A tighter
/// gap runs the same phases and goes on with branch and price, so that it never returns a worse
/// plan or a weaker bound than a looser one that finished in time.
const PHASE_GAP: f64 = 0.005;

/// Whether `objective` is within `gap` of `bound`.
fn within(objective: f64, bound: f64, gap: f64) -> bool {
    bound - objective <= gap * objective.abs().max(1e-9)
}

/// Solves `problem` by column generation, from `start` (a feasible plan or not) and the
/// `sectors` of a related solve, within the time left before `deadline`. `None` when the
/// reformulation cannot conclude (the relaxation found no plan meeting the mandatory rows, or
/// HiGHS failed): the compact model takes over.
///
/// The phases do not depend on the gap asked, only where the search stops does: the root
/// relaxation to 0.05 %, a dive and the integer master aiming at [`PHASE_GAP`], then branch
/// and price until the gap asked is proven, the search is complete or the deadline; or, once
/// the tree's root is searched, until the `question` is settled: whether some plan is worth
/// that value or more (the bound below it, or a plan at or above it).
pub fn solve(
    problem: &Problem,
    start: &Solution,
    sectors: &[seed::Portable],
    ctl: Controls,
    deadline: Instant,
    question: Option<f64>,
) -> Option<Outcome> {
    let log = std::env::var_os("SECTORIA_CG_LOG").is_some();
    if log {
        eprintln!(
            "cg start {:.2}s before the deadline",
            deadline.saturating_duration_since(Instant::now()).as_secs_f64()
        );
    }
    let classes = classes(problem);
    let stations = station::stations(problem, &classes);
    let rows = build_rows(problem, &classes, &stations)?;
    let mut gen = Generator::new(problem, &stations, &classes, &rows, ctl.threads, log)?;
    for col in sectors_of(&classes, &stations, start).into_iter().flatten() {
        gen.add(col)?;
    }
    for col in seed::import(&classes, &stations, sectors) {
        gen.add(col)?;
    }
    let begun = Instant::now();
    let root = gen.converge(&stations, &[], 0.1 * PHASE_GAP, f64::NEG_INFINITY, deadline)?;
    if log {
        eprintln!(
            "cg root: bound {:.2}, {} columns ({:.2}s)",
            root.bound,
            gen.pool.len(),
            begun.elapsed().as_secs_f64()
        );
    }
    if !root.feasible && !root.time_limit {
        // Converged with artificial columns in use: no plan meets the mandatory rows.
        return None;
    }
    let mut bound = root.bound;
    let mut time_limit = root.time_limit;
    let mut best: Option<(Solution, f64)> =
        check_solution(problem, start).is_empty().then(|| (start.clone(), objective(problem, start).total));
    let target = bound / (1.0 + PHASE_GAP);
    let done = |best: &Option<(Solution, f64)>, bound: f64| {
        best.as_ref().is_some_and(|b| within(b.1, bound, ctl.relative_gap))
    };
    if root.feasible
        && !done(&best, bound)
        && best.as_ref().is_none_or(|b| b.1 < target)
        && !crate::stop::passed(deadline)
    {
        let clock = Instant::now();
        let floor = best.as_ref().map_or(f64::NEG_INFINITY, |b| b.1);
        let dive = dive::Dive { floor, target, stop: 0.1 * PHASE_GAP, deadline };
        let fixed = dive.run(&mut gen, &root);
        let found = fixed.and_then(|fixed| {
            polish(problem, &classes, &stations, &fixed.iter().map(|&q| &gen.pool[q]).collect::<Vec<_>>())
        });
        if log {
            eprintln!(
                "cg dive: {} ({:.2}s, target {target:.2})",
                found.as_ref().map_or("no plan".to_string(), |f| format!("{:.2}", f.1)),
                clock.elapsed().as_secs_f64()
            );
        }
        if let Some(found) = found {
            if best.as_ref().is_none_or(|b| found.1 > b.1) {
                best = Some(found);
            }
        }
    }
    if !done(&best, bound) {
        let first = integer::Aim { gap: PHASE_GAP, reach: integer::Reach::Widening };
        let searched = integer::over_pool(&mut gen, problem, &root, best.take(), first, ctl, deadline);
        let (solution, value, hit_limit) = searched?;
        time_limit |= hit_limit;
        best = Some((solution, value));
    }
    let (mut solution, mut objective) = best?;
    let columns = gen.pool.len();
    let mut nodes = 0;
    let mut complete = false;
    let mut decided = false;
    if root.feasible && !within(objective, bound, ctl.relative_gap) && !crate::stop::passed(deadline) {
        let clock = Instant::now();
        let places = stations.iter().map(|st| problem.base_of(&st.base).0).collect();
        let prover = branch::Prover { gap: ctl.relative_gap, deadline, log, places, question };
        // The best plan so far, from the plan in hand: the tree's integral nodes and its
        // searches both improve it, and it comes back at the end.
        let best = RefCell::new((solution, objective));
        let keep = |plan: Solution, value: f64| {
            let mut best = best.borrow_mut();
            if value > best.1 {
                *best = (plan, value);
            }
        };
        let mut accept = |gen: &Generator, chosen: &[usize]| -> Option<f64> {
            let (plan, value) =
                polish(problem, &classes, &stations, &chosen.iter().map(|&q| &gen.pool[q]).collect::<Vec<_>>())?;
            keep(plan, value);
            Some(value)
        };
        // The integer master over the pool at a relaxation's duals, from the best plan so far
        // (after the cuts, then its neighbourhoods; at a node of the tree, its first tier).
        let mut search = |gen: &mut Generator, state: &generate::Converged, incumbent: f64, until: Instant, reach| {
            let warm = Some(best.borrow().clone());
            let aim = integer::Aim { gap: ctl.relative_gap, reach };
            let (plan, value, _) = integer::over_pool(gen, problem, state, warm, aim, ctl, until)?;
            keep(plan, value);
            (value > incumbent).then_some(value)
        };
        if let Some(proof) = prover.run(&mut gen, bound, objective, &mut accept, &mut search) {
            if log {
                eprintln!(
                    "cg branch and price: bound {:.2} (root {bound:.2}), {} nodes, {} strong-branching evaluations, {} ({:.2}s)",
                    proof.bound,
                    proof.nodes,
                    proof.evaluations,
                    if proof.complete {
                        "complete"
                    } else if proof.decided {
                        "decided"
                    } else {
                        "stopped"
                    },
                    clock.elapsed().as_secs_f64()
                );
            }
            bound = bound.min(proof.bound);
            time_limit |= proof.time_limit;
            nodes = proof.nodes;
            complete = proof.complete;
            decided = proof.decided;
        }
        (solution, objective) = best.into_inner();
    }
    debug_assert!(objective <= bound + 1e-6 * bound.abs().max(1.0), "objective {objective} above bound {bound}");
    let columns = columns.max(gen.pool.len());
    let pool = seed::export(&classes, &stations, &gen.pool);
    Some(Outcome {
        solution,
        objective,
        bound: bound.max(objective),
        columns,
        rows: rows.bounds.len(),
        time_limit,
        nodes,
        complete,
        decided,
        pool,
    })
}
