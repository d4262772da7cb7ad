//! sectoria-solver: the mixed-integer program of DESIGN §3, solved with HiGHS through good_lp.
//!
//! No good_lp or HiGHS type leaves this crate: [`solve`] takes a prepared
//! [`Problem`](sectoria_core::Problem) and returns a [`Solution`](sectoria_core::Solution) with
//! a [`SolverReport`](sectoria_core::SolverReport), or says why there is none.
//!
//! ```
//! use sectoria_core::{check_solution, Problem, Scenario};
//! use sectoria_core::test_support::small_instance;
//!
//! let problem = Problem::new(&small_instance(), &Scenario::default()).unwrap();
//! let solved = sectoria_solver::solve(&problem).unwrap();
//! assert!(check_solution(&problem, &solved.solution).is_empty());
//! ```
#![deny(missing_docs)]

mod bases_fixed;
mod classes;
mod colgen;
mod improve;
mod model;
mod run;

use model::Relax;
use run::{run, Controls, RunOutcome};
use sectoria_core::{
    assemble, greedy, objective, precheck, relative_difference, rule_of_thumb, Infeasibility, Plan, Problem, Solution,
    SolveStatus, SolverReport,
};
use std::collections::BTreeMap;

/// Model building alone, for the benchmarks that compare it with solving (not part of the API).
#[doc(hidden)]
pub mod bench_support {
    use sectoria_core::Problem;

    /// Builds the sector reformulation's stations (every eligible pair priced) and returns how
    /// many establishment options they hold.
    pub fn build_sectors(problem: &Problem) -> usize {
        let classes = crate::classes::classes(problem);
        crate::colgen::station_options(problem, &classes)
    }

    /// Builds the compact model and returns its number of columns.
    pub fn build_compact(problem: &Problem) -> usize {
        crate::model::build(problem, crate::model::Relax::default()).n_cols()
    }
}

/// HiGHS version string reported in plans.
pub const ENGINE: &str = "HiGHS (highs-sys 1.16) via good_lp 1.15";
/// Engine of a plan found by column generation over sectors (the master talks to HiGHS
/// through the `highs` crate directly).
pub const ENGINE_SECTORS: &str = "HiGHS (highs-sys 1.16) via highs 2.4, génération de colonnes par secteurs";

/// A solved problem.
#[derive(Debug, Clone)]
pub struct Solved {
    /// The plan's decisions.
    pub solution: Solution,
    /// Solver outcome.
    pub report: SolverReport,
    /// The rule of thumb ([`sectoria_core::rule_of_thumb()`]), the baseline of comparisons (the
    /// solver starts from its first pass, [`sectoria_core::greedy`]).
    pub baseline: Solution,
}

/// Why no plan was produced.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SolveError {
    /// The scenario cannot be satisfied; each reason names the rule and its numbers.
    #[error("scénario infaisable :\n{}", .0.iter().map(|r| format!("  - [{}] {}", r.rule, r.message)).collect::<Vec<_>>().join("\n"))]
    Infeasible(Vec<Infeasibility>),
    /// No plan within the limits, or the engine failed.
    #[error("{0}")]
    NoPlan(String),
}

fn controls(problem: &Problem) -> Controls {
    let s = &problem.scenario.solver;
    Controls {
        time_limit_s: s.time_limit_s,
        relative_gap: s.relative_gap,
        threads: s.threads,
        seed: s.seed,
        proven_bound: None,
    }
}

/// Proven relative gap of a plan of objective `objective` under `bound`: `(bound − objective) /
/// |objective|`, the plan's own objective with every constant term (today's units of a pair
/// the model has no variable for, such as a forbidden one, included).
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    ((bound - objective) / objective.abs().max(1e-9)).max(0.0)
}

/// Solves `problem`: pre-checks, greedy warm start, HiGHS, and a diagnosis when infeasible.
/// The report's objective is the plan's own ([`objective()`]) and its gap is [`relative_gap`]
/// of it, whichever engine found the plan.
pub fn solve(problem: &Problem) -> Result<Solved, SolveError> {
    solve_started(problem, None)
}

/// Solves `problem` warm-started from `start`, a plan of a closely related problem (the same
/// scenario with one more lock, forbidden pair or mandatory establishment): its sectors seed
/// the column generation and, when it satisfies `problem`, it is the first incumbent. `start`
/// need not satisfy `problem`. The report's objective and bound are those of this solve.
pub fn solve_from(problem: &Problem, start: &Solution) -> Result<Solved, SolveError> {
    solve_started(problem, Some(start))
}

/// Solves, then reports the plan's own objective and the gap measured against it.
fn solve_started(problem: &Problem, given: Option<&Solution>) -> Result<Solved, SolveError> {
    let mut solved = solve_inner(problem, given)?;
    let r = &mut solved.report;
    let actual = objective(problem, &solved.solution).total;
    let gap = relative_gap(actual, r.best_bound);
    r.objective = actual;
    if r.status != SolveStatus::TimeLimit || gap <= problem.scenario.solver.relative_gap {
        r.status = if gap > 1e-6 { SolveStatus::GapReached } else { SolveStatus::Optimal };
    }
    r.relative_gap = gap;
    Ok(solved)
}

fn solve_inner(problem: &Problem, given: Option<&Solution>) -> Result<Solved, SolveError> {
    let reasons = precheck(problem);
    if !reasons.is_empty() {
        return Err(SolveError::Infeasible(reasons));
    }
    let clock = std::time::Instant::now();
    let warm = greedy(problem);
    let given = given.filter(|g| g.bases.len() == problem.staff.len());
    let feasible_given = given.filter(|g| sectoria_core::check_solution(problem, g).is_empty());
    let mut ctl = controls(problem);
    let mut sector_bound = f64::INFINITY;
    let mut start = None;
    if problem.scenario.solver.method == sectoria_core::scenario::Method::Auto && colgen::applicable(problem) {
        let deadline = clock + std::time::Duration::from_secs_f64(ctl.time_limit_s);
        if let Some(out) = colgen::solve(problem, given.unwrap_or(&warm), ctl, deadline) {
            let gap = relative_gap(out.objective, out.bound);
            if gap <= ctl.relative_gap || out.time_limit || out.complete {
                let status = if gap > ctl.relative_gap && !out.complete {
                    SolveStatus::TimeLimit
                } else if gap > 1e-6 {
                    SolveStatus::GapReached
                } else {
                    SolveStatus::Optimal
                };
                return Ok(Solved {
                    solution: out.solution,
                    report: SolverReport {
                        engine: ENGINE_SECTORS.to_string(),
                        status,
                        objective: out.objective,
                        best_bound: out.bound,
                        relative_gap: gap,
                        variables: out.columns,
                        constraints: out.rows,
                        nodes: out.nodes,
                    },
                    baseline: rule_of_thumb(problem).solution,
                });
            }
            // Not close enough: the compact model goes on from this plan, and keeps this bound.
            sector_bound = out.bound;
            start = Some(out.solution);
        }
    }
    let mut start = start.unwrap_or_else(|| improve::improve(problem, feasible_given.unwrap_or(&warm)));
    let phase =
        Controls { time_limit_s: (ctl.time_limit_s / 4.0).min(30.0), relative_gap: ctl.relative_gap.max(0.005), ..ctl };
    if sector_bound.is_infinite() {
        // Without the sector reformulation's plan, a strong start: the allocation with the
        // local search's bases fixed.
        if let Some(better) = bases_fixed::solve_with_fixed_bases(problem, &start, phase) {
            start = better;
        }
    }
    ctl.time_limit_s = (ctl.time_limit_s - clock.elapsed().as_secs_f64()).max(0.5);
    ctl.proven_bound = sector_bound.is_finite().then_some(sector_bound);
    let (mut outcome, variables, constraints) = run(problem, Relax::default(), ctl, Some(&start));
    if let RunOutcome::Solved { solution, objective: reported, .. } = &outcome {
        if relative_difference(objective(problem, solution).total, *reported) > 1e-6 {
            // HiGHS (1.16) can accept a MIP start "in the reduced space" at a better objective and
            // then return the start's columns with that objective: solve again without the start.
            ctl.time_limit_s = (controls(problem).time_limit_s - clock.elapsed().as_secs_f64()).max(0.5);
            outcome = run(problem, Relax::default(), ctl, None).0;
        }
    }
    if let RunOutcome::Solved { solution, objective: reported, bound, gap, status } = &mut outcome {
        // Never report an objective the plan does not have.
        let actual = objective(problem, solution).total;
        if relative_difference(actual, *reported) > 1e-6 || sector_bound < *bound {
            *reported = actual;
            *bound = bound.min(sector_bound);
            *gap = relative_gap(actual, *bound);
            if *status == SolveStatus::TimeLimit && *gap <= ctl.relative_gap {
                *status = SolveStatus::GapReached;
            }
        }
    }
    match outcome {
        RunOutcome::Solved { solution, status, objective, bound, gap } => Ok(Solved {
            solution,
            report: SolverReport {
                engine: ENGINE.to_string(),
                status,
                objective,
                best_bound: bound,
                relative_gap: gap,
                variables,
                constraints,
                nodes: 0,
            },
            baseline: rule_of_thumb(problem).solution,
        }),
        RunOutcome::Infeasible => Err(SolveError::Infeasible(diagnose(problem, ctl))),
        RunOutcome::NoSolution(msg) => Err(SolveError::NoPlan(msg)),
    }
}

/// Solves `problem` and assembles the plan, with the rule of thumb beside it and the input
/// files' hashes (file name → SHA-256) recorded.
pub fn plan(problem: &Problem, inputs: BTreeMap<String, String>) -> Result<Plan, SolveError> {
    let solved = solve(problem)?;
    Ok(assemble(problem, &solved.solution, solved.report, &solved.baseline, inputs))
}

/// Finds which rule, once dropped, makes the scenario feasible.
fn diagnose(problem: &Problem, ctl: Controls) -> Vec<Infeasibility> {
    let s = &problem.scenario;
    let quick = Controls { time_limit_s: ctl.time_limit_s.min(10.0), relative_gap: 1.0, ..ctl };
    let candidates = [
        (
            !s.rules.must_cover.is_empty(),
            Relax { must_cover: true, ..Relax::default() },
            "must_cover",
            "les établissements de `rules.must_cover` ne peuvent pas tous recevoir la présence minimale avec les assistants, distances et limites de secteur données : retirez une catégorie de `rules.must_cover`, augmentez `rules.max_distance_km` ou `rules.max_establishments_per_worker`",
        ),
        (
            !problem.locks.is_empty(),
            Relax { locks: true, ..Relax::default() },
            "locks",
            "les verrous de [locks] ne peuvent pas tenir ensemble avec les autres règles (capacité, distance, secteur, école REP+) : retirez ou assouplissez un verrou",
        ),
        (
            s.stability.max_changes.is_some(),
            Relax { max_changes: true, ..Relax::default() },
            "max_changes",
            "`stability.max_changes` est trop bas pour respecter les autres règles à partir des secteurs actuels : augmentez-le",
        ),
        (
            s.travel.max_weekly_km.is_some(),
            Relax { travel_cap: true, ..Relax::default() },
            "max_weekly_km",
            "`travel.max_weekly_km` est trop bas pour les établissements imposés : augmentez-le",
        ),
    ];
    for (active, relax, rule, message) in candidates {
        if !active {
            continue;
        }
        if let (RunOutcome::Solved { .. }, _, _) = run(problem, relax, quick, None) {
            return vec![Infeasibility { rule: rule.into(), message: message.into() }];
        }
    }
    vec![Infeasibility {
        rule: "ensemble".into(),
        message: "aucune règle seule n'explique l'infaisabilité : plusieurs règles se combinent (must_cover, verrous, continuité, distances) ; assouplissez-les une à une".into(),
    }]
}
