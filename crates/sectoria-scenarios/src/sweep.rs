//! Sweeps: every scenario of a grid solved in parallel (rayon, one HiGHS thread per solve),
//! one result row per scenario.
//!
//! A scenario that is infeasible or finds no plan is a row with its status and message, not
//! an error of the sweep: the response curve shows where a budget stops being enough.

use crate::error::ScenarioError;
use crate::shard::Shard;
use crate::vary::{grid, GridPoint, VarySpec};
use rayon::prelude::*;
use sectoria_core::{Category, Instance, Kind, Plan, Problem, Scenario, SolveStatus};
use sectoria_report::frformat::decimal;
use sectoria_solver::SolveError;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Figures of a solved scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct SolvedRow {
    /// Solver status.
    pub status: SolveStatus,
    /// Proven relative gap.
    pub relative_gap: f64,
    /// Objective (recomputed from the plan).
    pub objective: f64,
    /// The solver's tolerance in points (best bound − objective): a plan within it of the
    /// objective may be as good.
    pub tolerance: f64,
    /// Weighted coverage (0–1).
    pub weighted_coverage: f64,
    /// Per category: (category, establishments served, establishments in scope).
    pub coverage: Vec<(Category, usize, usize)>,
    /// ETP allocated.
    pub fte_used: f64,
    /// Total weekly km.
    ///
    /// # Units: kilometres per week
    pub km_total: f64,
    /// Every establishment in scope, served or not, in the plan's order (the rows of
    /// `sweep_establishments.csv`).
    pub establishments: Vec<EstablishmentRow>,
    /// Share of the need covered, plain and priority-weighted (0–1).
    pub need_covered: (f64, f64),
    /// The rule of thumb's figures for the same scenario.
    pub rule: RuleFigures,
    /// What the plan's warnings say that changes how the row reads (French, short, « ; »
    /// between): a budget above or below the workers' time, a plan left on the rule of thumb, a
    /// time limit. Empty when none.
    pub message: String,
    /// Weighted coverage (0–1) with the base scenario's weights ([`weigh_with_base`]), so that
    /// rows of different `[priorities]` compare; `None` until computed.
    pub base_weighted_coverage: Option<f64>,
}

impl SolvedRow {
    /// Served establishments: UAI → half-days (units), sorted by UAI.
    pub fn served(&self) -> BTreeMap<&str, u32> {
        self.establishments.iter().filter(|e| e.units > 0).map(|e| (e.uai.as_str(), e.units)).collect()
    }
}

/// One establishment's allocation in a scenario of the sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct EstablishmentRow {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// The plan's reason (why it is not served, or served less than its need), when it gives one.
    pub reason: Option<String>,
    /// Half-days allocated (units), 0 when not served.
    pub units: u32,
    /// ETP allocated.
    pub fte: f64,
}

/// The rule of thumb's figures beside a sweep row (DESIGN §3 "Baseline").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleFigures {
    /// Establishments served.
    pub served: usize,
    /// Weighted coverage (0–1).
    pub weighted_coverage: f64,
    /// Share of the need covered, plain and priority-weighted (0–1).
    pub need_covered: (f64, f64),
    /// ETP allocated.
    pub fte_used: f64,
    /// Total weekly km.
    pub km_total: f64,
}

/// What one scenario gave.
#[derive(Debug, Clone, PartialEq)]
pub enum SweepOutcome {
    /// A plan.
    Solved(SolvedRow),
    /// The scenario cannot be satisfied (French reason).
    Infeasible(String),
    /// No plan: instance and scenario do not fit, or the solver found none (French message).
    Failed(String),
}

/// One row of `sweep.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// Index of the scenario in the grid.
    pub index: usize,
    /// Varied values, in the order of the specifications.
    pub values: Vec<f64>,
    /// The outcome.
    pub outcome: SweepOutcome,
}

/// Results of a sweep (or of one shard of it).
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Varied keys, in the order of the specifications.
    pub keys: Vec<String>,
    /// Rows, by grid index.
    pub rows: Vec<SweepRow>,
}

/// What a row's plan says that changes how the row reads, short (see [`SolvedRow::message`]):
/// the budget against the workers' time (above it, the extra budget has nobody; below it, part
/// of their time has nothing to do), a plan left on the rule of thumb, a time limit.
pub fn row_message(problem: &Problem, plan: &Plan) -> String {
    let mut parts = Vec::new();
    let staff: f64 = problem.staff.iter().map(|s| s.worker.fte).sum();
    let allotted = f64::from(problem.budget_units) * problem.unit_fte();
    match problem.scenario.budget.total_with_extra_posts() {
        Some(total) if !problem.budget_only && total > staff + 1e-9 => parts.push(format!(
            "budget au-delà du temps des assistants ({} ETP) : seuls {} ETP répartis (après réserve), comme à tout budget plus haut",
            decimal(staff, 1),
            decimal(allotted, 1)
        )),
        // The same figure as the plan's line on the workers' time left without an
        // establishment: the reserve counts in it.
        Some(total) if !problem.budget_only && total < staff - 1e-9 => parts.push(format!(
            "budget sous le temps des assistants ({} ETP) : {} ETP de leur temps laissés sans affectation{}",
            decimal(staff, 1),
            decimal(staff - allotted, 1),
            if problem.scenario.budget.reserve_fte > 0.0 { " (réserve comprise)" } else { "" }
        )),
        _ => {}
    }
    parts.extend(unusable_posts(problem));
    if plan.keeps_rule_of_thumb() {
        parts.push(
            "plan de la règle usuelle, non optimisé (limite de temps atteinte) : relevez solver.time_limit_s".into(),
        );
    } else if plan.solver.status == SolveStatus::TimeLimit {
        parts.push(format!(
            "limite de temps atteinte : écart prouvé {} %",
            decimal(100.0 * plan.solver.relative_gap, 2)
        ));
    }
    parts.join(" ; ")
}

/// « 0,1 ETP de budget forment un poste (POSTE08) qui ne peut servir aucun établissement (moins
/// que la présence minimale, 0,2 ETP) »: the part of a budget (7,1 ETP: 7 posts and 0,1) or the
/// worker whose whole time is below every minimum presence, which « ETP attribués » leaves out.
/// `sectoria import` rounds such a part away from the budget it writes; a sweep solves the budget
/// asked for and says it here.
fn unusable_posts(problem: &Problem) -> Vec<String> {
    let smallest = sectoria_core::reason::smallest_presence(problem);
    if smallest == u32::MAX {
        return Vec::new();
    }
    let minimum = decimal(f64::from(smallest) * problem.unit_fte(), 1);
    problem
        .staff
        .iter()
        .filter(|s| s.capacity_units > 0 && s.capacity_units < smallest)
        .map(|s| {
            let fte = decimal(s.worker.fte, 1);
            if s.generated {
                format!(
                    "{fte} ETP de budget forment un poste ({}) qui ne peut servir aucun établissement (moins que la \
                     présence minimale, {minimum} ETP)",
                    s.worker.id
                )
            } else {
                format!(
                    "{} ({fte} ETP) ne peut servir aucun établissement (moins que la présence minimale, {minimum} ETP)",
                    s.worker.id
                )
            }
        })
        .collect()
}

/// Fills [`SolvedRow::base_weighted_coverage`] of `rows`: the share of priority-weighted pupils
/// served, with the weights of `base` (its `[priorities]`, its cycle-3 share), whatever the
/// row's own weights. Establishments out of the base scope do not count. Left `None` when
/// `base` does not make a problem of `instance`.
pub fn weigh_with_base(rows: &mut [SweepRow], instance: &Instance, base: &Scenario) {
    let Ok(problem) = Problem::new(instance, base) else { return };
    let weight: BTreeMap<&str, f64> = problem.sites.iter().map(|s| (s.uai(), s.curve.scale)).collect();
    let total: f64 = weight.values().sum();
    for row in rows {
        if let SweepOutcome::Solved(s) = &mut row.outcome {
            let served: f64 =
                s.establishments.iter().filter(|e| e.units > 0).filter_map(|e| weight.get(e.uai.as_str())).sum();
            s.base_weighted_coverage = Some(if total > 0.0 { served / total } else { 0.0 });
        }
    }
}

/// Solves one scenario of the grid.
pub fn run_point(instance: &Instance, point: &GridPoint) -> SweepRow {
    let outcome = match Problem::new(instance, &point.scenario) {
        Err(e) => SweepOutcome::Failed(e.to_string()),
        Ok(problem) => match sectoria_solver::plan(&problem, BTreeMap::new()) {
            Ok(plan) => SweepOutcome::Solved(SolvedRow {
                status: plan.solver.status,
                relative_gap: plan.solver.relative_gap,
                objective: plan.objective.total,
                tolerance: if plan.solver.best_bound.is_finite() {
                    (plan.solver.best_bound - plan.objective.total).max(0.0)
                } else {
                    plan.solver.relative_gap * plan.objective.total.abs()
                },
                message: row_message(&problem, &plan),
                base_weighted_coverage: None,
                weighted_coverage: plan.kpis.weighted_coverage,
                coverage: plan
                    .kpis
                    .by_category
                    .iter()
                    .map(|c| (c.category, c.coverage.served, c.coverage.establishments))
                    .collect(),
                fte_used: plan.kpis.fte_used,
                km_total: plan.kpis.km_total,
                establishments: plan
                    .establishments
                    .iter()
                    .map(|e| EstablishmentRow {
                        uai: e.uai.clone(),
                        name: e.name.clone(),
                        kind: e.kind,
                        reason: e.reason.clone(),
                        units: e.allocated_units,
                        fte: e.allocated_fte,
                    })
                    .collect(),
                need_covered: (plan.kpis.need_covered, plan.kpis.need_covered_weighted),
                rule: {
                    let b = &plan.baseline.kpis;
                    RuleFigures {
                        served: b.establishments_served,
                        weighted_coverage: b.weighted_coverage,
                        need_covered: (b.need_covered, b.need_covered_weighted),
                        fte_used: b.fte_used,
                        km_total: b.km_total,
                    }
                },
            }),
            Err(SolveError::Infeasible(reasons)) => SweepOutcome::Infeasible(
                reasons.iter().map(|r| format!("[{}] {}", r.rule, r.message)).collect::<Vec<_>>().join(" ; "),
            ),
            Err(SolveError::NoPlan(m)) => SweepOutcome::Failed(m),
        },
    };
    SweepRow { index: point.index, values: point.values.clone(), outcome }
}

/// Solves `points` in parallel on `threads` threads (0 = one per core), calling `progress`
/// with the number of scenarios finished after each one. Rows come back in the order of
/// `points`, whatever the order they finish in.
pub fn run_grid(
    instance: &Instance,
    points: &[GridPoint],
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<SweepRow> {
    run_grid_until(instance, points, threads, progress, &|| true)
}

/// [`run_grid`], a scenario starting only while `go_on()` answers yes: once it answers no, the
/// scenarios under way finish and no other starts. Returns the rows of the scenarios solved,
/// in the order of `points`.
pub fn run_grid_until(
    instance: &Instance,
    points: &[GridPoint],
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    go_on: &(dyn Fn() -> bool + Sync),
) -> Vec<SweepRow> {
    let done = AtomicUsize::new(0);
    let work = || -> Vec<SweepRow> {
        let rows: Vec<Option<SweepRow>> = points
            .par_iter()
            .map(|p| {
                if !go_on() {
                    return None;
                }
                let row = run_point(instance, p);
                progress(done.fetch_add(1, Ordering::SeqCst) + 1);
                Some(row)
            })
            .collect();
        rows.into_iter().flatten().collect()
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// The scenarios of the grid of `specs` over `base` that belong to `shard` (all without one).
pub fn points(
    base: &sectoria_core::Scenario,
    specs: &[VarySpec],
    shard: Option<Shard>,
) -> Result<Vec<GridPoint>, ScenarioError> {
    let mut g = grid(base, specs)?;
    if let Some(s) = shard {
        g.retain(|p| s.contains(p.index));
    }
    Ok(g)
}

/// Sweeps the grid of `specs` over `base` (or the slice `shard` of it) on `threads` threads
/// (0 = one per core).
pub fn sweep(
    instance: &Instance,
    base: &sectoria_core::Scenario,
    specs: &[VarySpec],
    shard: Option<Shard>,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Sweep, ScenarioError> {
    let selected = points(base, specs, shard)?;
    let mut rows = run_grid(instance, &selected, threads, progress);
    weigh_with_base(&mut rows, instance, base);
    Ok(Sweep { keys: specs.iter().map(|s| s.key.clone()).collect(), rows })
}
