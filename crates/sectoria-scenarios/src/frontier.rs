//! The breadth–depth frontier: the non-dominated plans between "as many establishments as
//! possible at minimum presence" and the optimum, in (establishments served, objective).
//!
//! # Construction: weighted sums, by dichotomy
//!
//! A bonus of `λ` points per establishment served is added to the objective (to every
//! establishment's value curve: a bonus per served pair, through `fragmentation_cost`, would pay
//! twice for an establishment that two workers share). A plan optimal for some `λ ≥ 0` is
//! non-dominated: no plan serves as many establishments with a higher objective, nor more
//! establishments with as high an objective. `λ = 0` gives the optimum; `λ` above the most one
//! establishment at minimum presence can displace (its half-days at the best value per half-day
//! of any establishment, plus the longest trip) gives the broadest plan. Between two points `A`,
//! `B` the dichotomy solves with `λ = (z_A − z_B) / (n_B − n_A)`, the slope between them: a plan
//! strictly above the segment is a new point and both halves are searched again; otherwise the
//! segment is an edge of the frontier. This finds every *supported* non-dominated point (the convex hull); the
//! slope of each edge is what each extra establishment costs there. Each point is re-checked by
//! the independent checker, and any point dominated by another (a solve stops on its gap) is
//! dropped.
//!
//! The segments are searched in waves, each wave's solves in parallel (rayon, one HiGHS thread
//! each): a segment's solve depends only on its two ends, so the points found are those of a
//! search one segment at a time, and the same in every run.

use crate::error::ScenarioError;
use crate::explain::Step;
use sectoria_core::frontier::{Frontier, FrontierPoint, PointCosts};
use sectoria_core::{check_solution, objective, Problem, Solution};

/// At most this many solves for one frontier.
pub const MAX_SOLVES: usize = 40;

struct Found {
    bonus: f64,
    solution: Solution,
    served: usize,
    objective: f64,
    bound: f64,
    gap: f64,
}

fn served(problem: &Problem, s: &Solution) -> usize {
    s.units_per_site(problem.sites.len()).iter().filter(|&&u| u > 0).count()
}

/// `problem` with `bonus` points per establishment served.
fn with_bonus(problem: &Problem, bonus: f64) -> Problem {
    let mut p = problem.clone();
    for site in &mut p.sites {
        site.curve.served += bonus;
    }
    p
}

fn solve_with_bonus(problem: &Problem, bonus: f64, start: Option<&Solution>) -> Result<Found, ScenarioError> {
    let p = with_bonus(problem, bonus);
    let solved = match start {
        Some(s) => sectoria_solver::solve_from(&p, s),
        None => sectoria_solver::solve(&p),
    }
    .map_err(ScenarioError::Solve)?;
    Ok(Found {
        bonus,
        served: served(problem, &solved.solution),
        objective: objective(problem, &solved.solution).total,
        bound: solved.report.best_bound,
        gap: solved.report.relative_gap,
        solution: solved.solution,
    })
}

/// A bonus large enough that the broadest plan wins: one establishment at minimum presence
/// displaces at most its half-days at the best value per half-day, plus the longest trip.
fn breadth_bonus(problem: &Problem) -> f64 {
    let best_unit = problem.sites.iter().map(|s| s.curve.value(1.0)).fold(0.0, f64::max);
    let max_min = problem.sites.iter().map(|s| s.min_units).max().unwrap_or(1);
    let r = &problem.scenario;
    let trip = 2.0 * r.rules.max_distance_km * r.travel.weight_per_km + r.stability.penalty_per_unit;
    f64::from(max_min) * (best_unit + trip) + r.rules.fragmentation_cost.abs() + 1.0
}

/// Shares of the need covered (plain, priority-weighted) by `s`.
fn need_covered(problem: &Problem, s: &Solution) -> (f64, f64) {
    let units = s.units_per_site(problem.sites.len());
    let (mut got, mut need, mut wgot, mut wneed) = (0.0, 0.0, 0.0, 0.0);
    for (site, &u) in problem.sites.iter().zip(&units) {
        let n = site.curve.need_units;
        let w = site.priority.score;
        got += f64::from(u).min(n);
        need += n;
        wgot += w * f64::from(u).min(n);
        wneed += w * n;
    }
    (if need > 0.0 { got / need } else { 0.0 }, if wneed > 0.0 { wgot / wneed } else { 0.0 })
}

/// The files of a frontier beside its plan: `frontier.csv` and `frontier.svg`.
#[derive(Debug, Clone)]
pub struct FrontierFiles {
    /// `frontier.csv` (French Excel conventions).
    pub csv: String,
    /// `frontier.svg`, the chart the report includes.
    pub svg: String,
    /// The solves done, when a stop kept ([`OnStop::Keep`]) ended the search before its end.
    pub stopped_after: Option<usize>,
}

/// Traces the frontier around `plan` (made from `problem`), stores it in the plan (the report
/// then shows it) and returns its files, as `sectoria frontier` and the web application's
/// frontier runs do; `progress` is called as [`frontier`] says.
pub fn frontier_of(
    problem: &Problem,
    plan: &mut sectoria_core::Plan,
    progress: &(dyn Fn(usize) -> Step + Sync),
    on_stop: OnStop,
) -> Result<FrontierFiles, ScenarioError> {
    let solution = plan.solution(problem).map_err(|e| ScenarioError::PlanMismatch(e.join("\n")))?;
    let (f, stopped_after) = trace(problem, &solution, plan.solver.best_bound, progress, MAX_SOLVES, on_stop)?;
    let files = FrontierFiles {
        csv: sectoria_report::frontier_csv(&f),
        svg: sectoria_report::html::frontier_chart(&f, Some(&plan.baseline)),
        stopped_after,
    };
    plan.frontier = Some(f);
    Ok(files)
}

/// What a stop that `progress` asks for does to the frontier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnStop {
    /// The frontier is abandoned: the result is [`ScenarioError::Stopped`] (a run cancelled in
    /// the web application).
    Abandon,
    /// The points found so far are the frontier, and its method says that the search was stopped
    /// (Ctrl-C in `sectoria frontier`).
    Keep,
}

/// Traces the frontier of `problem`, whose plan is `plan_solution` with the proven bound
/// `plan_bound` (the plan is marked on the frontier). `progress` is called with 0 before the
/// first solve, then with the number of solves done after each one; when it answers
/// [`std::ops::ControlFlow::Break`], no further solve starts, those under way finish, and the
/// result is [`ScenarioError::Stopped`].
pub fn frontier(
    problem: &Problem,
    plan_solution: &Solution,
    plan_bound: f64,
    progress: &(dyn Fn(usize) -> Step + Sync),
) -> Result<Frontier, ScenarioError> {
    trace(problem, plan_solution, plan_bound, progress, MAX_SOLVES, OnStop::Abandon).map(|(f, _)| f)
}

/// [`frontier`] with at most `max_solves` solves, a stop doing what `on_stop` says; a frontier
/// the cap or a kept stop ends says so in its method, since a plan above one of its segments may
/// then be missing. With the frontier, the solves done when a kept stop ended it.
fn trace(
    problem: &Problem,
    plan_solution: &Solution,
    plan_bound: f64,
    progress: &(dyn Fn(usize) -> Step + Sync),
    max_solves: usize,
    on_stop: OnStop,
) -> Result<(Frontier, Option<usize>), ScenarioError> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let mut quiet = problem.clone();
    quiet.scenario.solver.threads = 1;
    let value = objective(problem, plan_solution).total;
    let optimum = Found {
        bonus: 0.0,
        served: served(problem, plan_solution),
        objective: value,
        bound: plan_bound.max(value),
        gap: sectoria_solver::relative_gap(value, plan_bound.max(value)),
        solution: plan_solution.clone(),
    };
    let stop = AtomicBool::new(progress(0).is_break());
    let done = AtomicUsize::new(0);
    let stopped = || ScenarioError::Stopped { done: done.load(Ordering::SeqCst) };
    // Whether a stop ended the search and its points are kept.
    let mut kept_stop = false;
    let mut halt = || match on_stop {
        OnStop::Abandon => Err(stopped()),
        OnStop::Keep => {
            kept_stop = true;
            Ok(())
        }
    };
    let after_solve = || {
        if progress(done.fetch_add(1, Ordering::SeqCst) + 1).is_break() {
            stop.store(true, Ordering::SeqCst);
        }
    };
    let mut points = vec![optimum];
    let mut solves = 1;
    let mut segments = Vec::new();
    if stop.load(Ordering::SeqCst) {
        halt()?;
    } else {
        // Its relaxation is weak under a budget below the workers' time: a share of the time.
        let mut held = quiet.clone();
        held.scenario.solver.time_limit_s = sectoria_solver::subsidiary_time_limit(held.scenario.solver.time_limit_s);
        let broad = solve_with_bonus(&held, breadth_bonus(problem), Some(plan_solution))?;
        after_solve();
        if broad.served > points[0].served {
            points.push(broad);
            segments.push((0usize, 1usize));
        }
    }
    // The segments that may hide a point, with the slope between their ends.
    let open = |segments: &mut Vec<(usize, usize)>, points: &[Found]| -> Vec<(usize, usize, f64)> {
        segments
            .drain(..)
            .filter_map(|(a, b)| {
                let (pa, pb) = (&points[a], &points[b]);
                let lambda = (pa.objective - pb.objective) / (pb.served - pa.served) as f64;
                (pb.served > pa.served + 1 && lambda > 0.0).then_some((a, b, lambda))
            })
            .collect()
    };
    let mut capped = false;
    loop {
        if on_stop == OnStop::Abandon && stop.load(Ordering::SeqCst) {
            return Err(stopped());
        }
        let mut wave = open(&mut segments, &points);
        if wave.is_empty() {
            break; // traced in full (a stop kept after the last solve changes nothing)
        }
        if stop.load(Ordering::SeqCst) {
            halt()?;
            break;
        }
        if solves + wave.len() > max_solves {
            capped = true;
            wave.truncate(max_solves.saturating_sub(solves));
            if wave.is_empty() {
                break;
            }
        }
        solves += wave.len();
        let found: Vec<Option<Result<Found, ScenarioError>>> = wave
            .par_iter()
            .map(|&(a, _, lambda)| {
                if stop.load(Ordering::SeqCst) {
                    return None;
                }
                let found = solve_with_bonus(&quiet, lambda, Some(&points[a].solution));
                after_solve();
                Some(found)
            })
            .collect();
        for (&(a, b, lambda), found) in wave.iter().zip(found) {
            let Some(found) = found else {
                // Not started: the stop came first.
                halt()?;
                continue;
            };
            let found = found?;
            let pa = &points[a];
            let line = pa.objective + lambda * pa.served as f64;
            let value = found.objective + lambda * found.served as f64;
            let new = found.served > pa.served && found.served < points[b].served;
            if new && value > line + 1e-6 * line.abs().max(1.0) {
                points.push(found);
                let c = points.len() - 1;
                segments.push((a, c));
                segments.push((c, b));
            }
        }
    }
    let mut out: Vec<FrontierPoint> = points
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let (plain, weighted) = need_covered(problem, &f.solution);
            let terms = objective(problem, &f.solution);
            FrontierPoint {
                bonus_per_establishment: f.bonus,
                establishments_served: f.served,
                objective: f.objective,
                bound_with_bonus: f.bound,
                relative_gap: f.gap,
                need_covered: plain,
                weighted_need_covered: weighted,
                km_total: sectoria_core::kpi::kpis(problem, &f.solution).km_total,
                service_value: terms.service_value,
                costs: Some(PointCosts {
                    travel_cost: terms.travel_cost,
                    stability_cost: terms.stability_cost,
                    changed_units: sectoria_core::objective::changed_units(problem, &f.solution),
                    fragmentation_cost: terms.fragmentation_cost,
                    served_pairs: f.solution.assignments.len(),
                }),
                checked: check_solution(problem, &f.solution).is_empty(),
                is_plan: n == 0,
            }
        })
        .collect();
    // Drop dominated points (a solve stopping on its gap may return one).
    let snapshot = out.clone();
    out.retain(|p| {
        !snapshot.iter().any(|q| {
            q.establishments_served >= p.establishments_served
                && q.objective >= p.objective
                && (q.establishments_served > p.establishments_served || q.objective > p.objective)
        })
    });
    out.sort_by_key(|p| p.establishments_served);
    let mut method = "sommes pondérées par dichotomie : un bonus par établissement servi, de 0 (l'optimum) jusqu'au plan le plus large ; chaque point est optimal pour son bonus à la tolérance du solveur près, donc non dominé à cette tolérance près".to_string();
    let missing = "entre deux points voisins, un plan au-dessus du segment peut manquer";
    let stopped_after = kept_stop.then(|| done.load(Ordering::SeqCst));
    if let Some(n) = stopped_after {
        method
            .push_str(&format!(" ; recherche arrêtée à la demande après {} : {missing}", crate::error::resolutions(n)));
    } else if capped {
        method.push_str(&format!(" ; recherche arrêtée au plafond de {max_solves} résolutions : {missing}"));
    }
    Ok((Frontier { method, points: out }, stopped_after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::ControlFlow;

    /// The bonus is paid once per establishment served, also when two workers share one (a
    /// bonus per served pair paid twice there, and the broadest plan with two workers per
    /// establishment shared establishments instead of serving more: the demo at 10 s, 113
    /// establishments where one worker per establishment reaches 117).
    #[test]
    fn the_bonus_is_paid_once_per_establishment_served_even_when_shared() {
        use sectoria_core::test_support::small_instance_with_rep_plus;
        use sectoria_core::{Assignment, BaseChoice};
        let mut scenario = sectoria_core::Scenario::default();
        scenario.rules.max_workers_per_establishment = 2;
        scenario.rules.must_cover.clear();
        let problem = Problem::new(&small_instance_with_rep_plus(), &scenario).expect("problem");
        assert!(problem.staff.len() >= 2 && problem.sites.len() >= 2);
        let mut plan = Solution::empty(&problem);
        for k in 0..2 {
            plan.bases[k] = problem.staff[k].worker.base.clone().map(BaseChoice::Fixed);
            plan.assignments.push(Assignment { worker: k, site: 0, units: problem.sites[0].min_units });
        }
        plan.assignments.push(Assignment { worker: 0, site: 1, units: problem.sites[1].min_units });
        plan.normalise();
        let bonus = 100.0;
        let gained = objective(&with_bonus(&problem, bonus), &plan).total - objective(&problem, &plan).total;
        assert!((gained - 2.0 * bonus).abs() < 1e-9, "two establishments served by three pairs: {gained}");
    }

    #[test]
    fn a_frontier_stopped_by_the_cap_or_by_a_kept_stop_says_so() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
        if !dir.join("establishments.csv").exists() {
            eprintln!("data/demo absent: test skipped");
            return;
        }
        let instance = sectoria_io::load_instance(&dir).expect("demo instance");
        let scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
        let problem = Problem::new(&instance, &scenario).expect("problem");
        let solved = sectoria_solver::solve(&problem).expect("plan");
        let go_on = |_| ControlFlow::Continue(());
        let (full, none) =
            trace(&problem, &solved.solution, solved.report.best_bound, &go_on, MAX_SOLVES, OnStop::Keep).unwrap();
        assert_eq!(none, None);
        assert!(!full.method.contains("plafond"), "{}", full.method);
        // The demo's frontier takes 8 solves at its gap (0.1 %): a cap of 3 stops it.
        let (capped, _) = trace(&problem, &solved.solution, solved.report.best_bound, &go_on, 3, OnStop::Keep).unwrap();
        assert!(capped.method.contains("arrêtée au plafond de 3 résolutions"), "{}", capped.method);
        assert!(
            capped.points.len() < full.points.len(),
            "{} points against {}",
            capped.points.len(),
            full.points.len()
        );
        // A stop after the first solve, its points kept: the plan and the broadest one.
        let stop = |done: usize| if done >= 1 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) };
        let (kept, after) =
            trace(&problem, &solved.solution, solved.report.best_bound, &stop, MAX_SOLVES, OnStop::Keep).unwrap();
        assert_eq!(after, Some(1));
        assert!(kept.method.contains("arrêtée à la demande après 1 résolution :"), "{}", kept.method);
        assert_eq!(kept.points.len(), 2, "{:?}", kept.points);
        assert_eq!(kept.points.first(), full.points.first(), "the plan");
        assert_eq!(kept.points.last(), full.points.last(), "the broadest plan");
        let abandoned = trace(&problem, &solved.solution, solved.report.best_bound, &stop, MAX_SOLVES, OnStop::Abandon);
        assert!(matches!(abandoned, Err(ScenarioError::Stopped { done: 1 })));
    }
}
