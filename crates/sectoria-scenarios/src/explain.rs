//! Explanations: why an establishment gets what it gets, and what changing it would cost.
//!
//! An explanation gives the priority score with each bonus, the need, the allocation, the
//! worker(s) and their distance, and when the establishment is not served, or served below its
//! need, the binding reason named concretely from the plan ([`sectoria_core::reason`]: the REP+
//! rule, the distance, the budget cut-off, the workers' time, travel, continuity, a weekly km
//! cap, or the solver's tolerance with its figures). An establishment held by `[locks] assign`
//! says so first, and a pair of `[locks] forbid` that took away a worker able to serve it is
//! named ([`Held`], [`ForbiddenNear`]).
//!
//! **Counterfactual** ([`explain`], [`explain_exact`]): the best plan with the opposite decision,
//! its cost and the proven interval of that cost (see [`crate::counterfactual`]).

use crate::error::ScenarioError;
use sectoria_core::counterfactual::{Counterfactual, ExactExplanation};
use sectoria_core::french::{half_days, points};
use sectoria_core::plan::SiteWorker;
use sectoria_core::priority::PriorityScore;
use sectoria_core::reason::Analysis;
use sectoria_core::{Kind, Plan, Problem, Solution};
use sectoria_report::frformat::{decimal, readable};
use sectoria_solver::Sectors;
use std::fmt;
use std::ops::ControlFlow;

mod equivalent;

pub use sectoria_core::reason::{Binding, Coverage, Cutoff, ForbiddenNear, Held, HeldBy, WorkerRoom};

/// The explanation of one establishment's allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Commune.
    pub commune: String,
    /// Priority score with its bonuses.
    pub priority: PriorityScore,
    /// Pupils counted (cycle 3 for écoles).
    pub pupils: f64,
    /// Need, ETP.
    pub need_fte: f64,
    /// IPS factor of the need.
    pub ips_factor: f64,
    /// Need, half-days (units, continuous).
    pub need_units: f64,
    /// Half-days allocated.
    pub allocated_units: u32,
    /// ETP allocated.
    pub allocated_fte: f64,
    /// Minimum presence when served, half-days.
    pub min_units: u32,
    /// Workers serving it, with their distance.
    pub workers: Vec<SiteWorker>,
    /// Service value.
    pub service_value: f64,
    /// Whether `must_cover` applies.
    pub must_cover: bool,
    /// Coverage of the need.
    pub coverage: Coverage,
    /// Binding reason when not served or below need.
    pub binding: Option<Binding>,
    /// The reason as the plan writes it (`reason` of plan.json, [`Analysis::reason`]): the lock
    /// that holds it first, the binding rule, the forbidden pairs that matter, or « besoin
    /// couvert » when served at its need with nothing of the kind to say; worded with the
    /// counterfactual once it is known ([`Analysis::reason_given`]).
    pub plan_reason: Option<String>,
    /// The reason of its exact explanation ([`Analysis::explanation_reason`]): `plan_reason`,
    /// or who serves it at its need.
    pub reason: String,
    /// The counterfactual: the best plan with the opposite decision and its cost (only from
    /// [`explain`] and [`explain_exact`]).
    pub change: Option<Counterfactual>,
}

struct Context<'a> {
    problem: &'a Problem,
    solution: Solution,
}

impl Context<'_> {
    fn new<'a>(problem: &'a Problem, plan: &Plan) -> Result<Context<'a>, ScenarioError> {
        let solution = plan.solution(problem).map_err(|e| ScenarioError::PlanMismatch(e.join("\n")))?;
        Ok(Context { solution, problem })
    }

    fn analysis<'b>(&'b self, plan: &Plan) -> Analysis<'b> {
        let tolerance =
            plan.solver.best_bound.is_finite().then(|| (plan.solver.best_bound - plan.objective.total).max(0.0));
        Analysis::new(self.problem, &self.solution, tolerance)
    }

    fn describe(&self, analysis: &Analysis<'_>, plan: &Plan, i: usize) -> Explanation {
        let p = self.problem;
        let site = &p.sites[i];
        let units = self.solution.assignments.iter().filter(|a| a.site == i).map(|a| a.units).sum::<u32>();
        let need_units = site.curve.need_units;
        let coverage = analysis.coverage(i);
        let result = plan.establishments.iter().find(|e| e.uai == site.uai());
        // Worded with the counterfactual the plan already carries, as its `reason` is.
        let known = result.and_then(|r| r.explanation.as_ref()).map(|x| &x.counterfactual);
        let mut e = Explanation {
            uai: site.uai().to_string(),
            name: site.establishment.name.clone(),
            kind: site.kind(),
            commune: site.establishment.commune.clone(),
            priority: site.priority.clone(),
            pupils: site.need.pupils,
            need_fte: site.need.fte,
            ips_factor: site.need.ips_factor,
            need_units,
            allocated_units: units,
            allocated_fte: f64::from(units) * p.unit_fte(),
            min_units: site.min_units,
            workers: result.map(|e| e.workers.clone()).unwrap_or_default(),
            service_value: site.curve.value(f64::from(units)),
            must_cover: site.must_cover,
            coverage,
            binding: None,
            plan_reason: None,
            reason: String::new(),
            change: None,
        };
        word(analysis, &mut e, i, known);
        e
    }

    /// Gives `e`, the explanation of site `i`, its counterfactual, and words its reason with it
    /// ([`word`]).
    fn with_change(&self, analysis: &Analysis<'_>, e: &mut Explanation, i: usize, change: Counterfactual) {
        word(analysis, e, i, Some(&change));
        e.change = Some(change);
    }
}

/// Words the binding rule and the reasons of `e`, the explanation of site `i`, with its
/// counterfactual `c` when known: a gain that one exchange finds is not called a better plan
/// when `c` proves that the change costs points ([`Analysis::reason_given`]), and a change that
/// `c` finds as good as the plan leads the reason ([`equivalent::worded_with`]): the reason
/// never contradicts the counterfactual shown beside it.
fn word(analysis: &Analysis<'_>, e: &mut Explanation, i: usize, c: Option<&Counterfactual>) {
    let worded = |r: String| match c {
        Some(c) => equivalent::worded_with(&r, c),
        None => r,
    };
    e.binding = analysis.binding_given(i, c);
    e.plan_reason = analysis.reason_given(i, c).map(worded);
    e.reason = worded(analysis.explanation_reason_given(i, c));
}

/// Explains every establishment of `plan`, without the re-solves (no [`Counterfactual`]); the
/// reasons of those whose counterfactual `plan` already carries are worded with it, as the plan's.
pub fn explain_all(problem: &Problem, plan: &Plan) -> Result<Vec<Explanation>, ScenarioError> {
    let ctx = Context::new(problem, plan)?;
    let analysis = ctx.analysis(plan);
    Ok((0..problem.sites.len()).map(|i| ctx.describe(&analysis, plan, i)).collect())
}

/// The sectors every counterfactual's re-solve starts from (those still valid after its change):
/// one solve of `problem` from the plan's `solution`, on one thread. Each re-solve's column
/// generation then converges in a few iterations, and its bound, hence the cost's proven
/// interval, is the same whether one establishment is explained ([`explain_with_plan`],
/// `sectoria explain --uai`) or all of them ([`explain_exact`], `sectoria plan --explain`).
fn seed_sectors(problem: &Problem, solution: &Solution) -> Sectors {
    let mut again = problem.clone();
    again.scenario.solver.threads = 1;
    sectoria_solver::solve_from(&again, solution).map(|s| s.sectors).unwrap_or_default()
}

/// Explains establishment `uai` of `plan` (made from `problem`) with its counterfactual (see
/// [`crate::counterfactual`]), and returns the counterfactual plan beside it when one exists.
pub fn explain_with_plan(
    problem: &Problem,
    plan: &Plan,
    uai: &str,
) -> Result<(Explanation, Option<Plan>), ScenarioError> {
    let i = problem.site_index(uai.trim()).ok_or_else(|| ScenarioError::UnknownUai(uai.trim().to_string()))?;
    let ctx = Context::new(problem, plan)?;
    let analysis = ctx.analysis(plan);
    let mut e = ctx.describe(&analysis, plan, i);
    let sectors = seed_sectors(problem, &ctx.solution);
    let (change, other) = crate::counterfactual::counterfactual(problem, plan, &ctx.solution, &sectors, i);
    ctx.with_change(&analysis, &mut e, i, change);
    Ok((e, other))
}

/// Explains establishment `uai` of `plan` (made from `problem`) with its counterfactual.
pub fn explain(problem: &Problem, plan: &Plan, uai: &str) -> Result<Explanation, ScenarioError> {
    explain_with_plan(problem, plan, uai).map(|(e, _)| e)
}

/// What the caller of the exact explanations says after each counterfactual: go on, or stop.
pub type Step = ControlFlow<()>;

/// Explains every establishment of `plan` with its counterfactual, the re-solves run in
/// parallel (rayon, one HiGHS thread each). `progress` is called with 0 before the solve that
/// seeds them and again before the first re-solve, then with the number done after each one.
/// When it answers [`ControlFlow::Break`], no further re-solve starts and those under way
/// finish. Returns every establishment's explanation, with its counterfactual unless the
/// re-solves were stopped first, and the number of counterfactuals computed.
pub fn explain_exact(
    problem: &Problem,
    plan: &Plan,
    progress: &(dyn Fn(usize) -> Step + Sync),
) -> Result<(Vec<Explanation>, usize), ScenarioError> {
    explain_sites(problem, plan, &vec![true; problem.sites.len()], progress)
}

/// [`explain_exact`] for the sites `wanted` only: the others' explanations have no
/// counterfactual, and no solve runs when none is wanted.
fn explain_sites(
    problem: &Problem,
    plan: &Plan,
    wanted: &[bool],
    progress: &(dyn Fn(usize) -> Step + Sync),
) -> Result<(Vec<Explanation>, usize), ScenarioError> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let ctx = Context::new(problem, plan)?;
    let analysis = ctx.analysis(plan);
    let sites = 0..problem.sites.len();
    if !wanted.contains(&true) || progress(0).is_break() {
        return Ok((sites.map(|i| ctx.describe(&analysis, plan, i)).collect(), 0));
    }
    let sectors = seed_sectors(problem, &ctx.solution);
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(progress(0).is_break());
    let all = sites
        .into_par_iter()
        .map(|i| {
            let mut e = ctx.describe(&analysis, plan, i);
            if !wanted[i] || stop.load(Ordering::SeqCst) {
                return e;
            }
            let change = crate::counterfactual::counterfactual(problem, plan, &ctx.solution, &sectors, i).0;
            ctx.with_change(&analysis, &mut e, i, change);
            if progress(done.fetch_add(1, Ordering::SeqCst) + 1).is_break() {
                stop.store(true, Ordering::SeqCst);
            }
            e
        })
        .collect();
    Ok((all, done.load(Ordering::SeqCst)))
}

/// Explains every establishment of `plan` (made from `problem`) with its counterfactual and
/// writes the explanations into it, as `plan --explain` and the web application's explained
/// runs do; `progress` is called as [`explain_exact`] says. Returns the number of
/// counterfactuals computed and written: every establishment's, unless `progress` stopped the
/// re-solves, in which case those computed are written and the others have none.
pub fn explain_plan(
    problem: &Problem,
    plan: &mut Plan,
    progress: &(dyn Fn(usize) -> Step + Sync),
) -> Result<usize, ScenarioError> {
    let (all, done) = explain_exact(problem, plan, progress)?;
    attach(plan, &all);
    Ok(done)
}

/// Completes the explanations of `plan` (made from `problem`): the establishments without a
/// counterfactual get theirs, those with one keep it, so that explanations stopped part way
/// ([`explain_plan`] or `plan --explain` interrupted) are finished without computing again
/// those already done. Each counterfactual is the one an uninterrupted run computes (the same
/// seeding solve, the same re-solve). `progress` is called as [`explain_exact`] says, counting
/// among the missing ones. Returns the number computed and the number that were missing.
pub fn explain_missing(
    problem: &Problem,
    plan: &mut Plan,
    progress: &(dyn Fn(usize) -> Step + Sync),
) -> Result<(usize, usize), ScenarioError> {
    let wanted = lacking(problem, plan);
    let missing = wanted.iter().filter(|&&w| w).count();
    let (all, done) = explain_sites(problem, plan, &wanted, progress)?;
    attach(plan, &all);
    Ok((done, missing))
}

/// How many establishments of `plan` (made from `problem`) have no counterfactual yet: those
/// [`explain_missing`] computes.
pub fn missing_counterfactuals(problem: &Problem, plan: &Plan) -> usize {
    lacking(problem, plan).iter().filter(|&&w| w).count()
}

/// Per site of `problem`, whether its establishment in `plan` lacks a counterfactual.
fn lacking(problem: &Problem, plan: &Plan) -> Vec<bool> {
    let explained: std::collections::HashSet<&str> =
        plan.establishments.iter().filter(|e| e.explanation.is_some()).map(|e| e.uai.as_str()).collect();
    problem.sites.iter().map(|s| !explained.contains(s.uai())).collect()
}

/// Writes `explanations` into `plan`: each establishment's exact explanation, and its reason
/// as worded with its counterfactual (the plan's `reason`, which the CSV, the report and the
/// workbook show, then agrees with the counterfactual beside it). When a counterfactual found a
/// plan better than `plan` (within the solver's tolerance), `plan`'s first warning says so
/// ([`crate::counterfactual::better_plan_warning`]), so the terminal, the report, the workbook
/// and the web application all lead with it.
pub fn attach(plan: &mut Plan, explanations: &[Explanation]) {
    for e in explanations {
        let Some(r) = plan.establishments.iter_mut().find(|r| r.uai == e.uai) else { continue };
        if let Some(c) = &e.change {
            r.explanation = Some(ExactExplanation { reason: e.reason_text(), counterfactual: c.clone() });
            r.reason = e.plan_reason.clone();
        }
    }
    crate::counterfactual::warn_better_plan(plan);
}

impl Explanation {
    /// The binding reason (after the lock that holds it, if any), or for an establishment served
    /// at its need, who serves it (French).
    pub fn reason_text(&self) -> String {
        self.reason.clone()
    }
}

impl fmt::Display for Explanation {
    /// The explanation in French, for the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} — {} ({}, {})", self.uai, self.name, self.kind.label(), self.commune)?;
        let bonuses: Vec<String> =
            self.priority.bonuses.iter().map(|b| format!(" + {} {}", b.label, decimal(b.points, 1))).collect();
        writeln!(f, "  Score de priorité : {} = 1{}", decimal(self.priority.score, 1), bonuses.concat())?;
        writeln!(
            f,
            "  Besoin : {} ETP ({} demi-journées) pour {} élèves, facteur IPS {}",
            decimal(self.need_fte, 2),
            decimal(self.need_units, 1),
            readable(self.pupils, 0),
            decimal(self.ips_factor, 2)
        )?;
        if self.workers.is_empty() {
            writeln!(f, "  Attribution : aucune présence régulière")?;
        } else {
            let who: Vec<String> = self
                .workers
                .iter()
                .map(|w| format!("{} ({}, à {} km)", w.worker, half_days(w.units), decimal(w.km, 1)))
                .collect();
            writeln!(
                f,
                "  Attribution : {} ETP ({}) par {}",
                decimal(self.allocated_fte, 1),
                half_days(self.allocated_units),
                who.join(", ")
            )?;
        }
        writeln!(f, "  Valeur de service : {}", points(self.service_value, 1))?;
        if self.must_cover {
            writeln!(f, "  Couverture obligatoire (rules.must_cover, ou [locks] serve)")?;
        }
        let status = match self.coverage {
            Coverage::Full
                if f64::from(self.allocated_units) + sectoria_core::reason::NEED_TOLERANCE < self.need_units =>
            {
                format!(
                    "servi au plafond par établissement ({}, {:.0} % du besoin)",
                    half_days(self.allocated_units),
                    100.0 * f64::from(self.allocated_units) / self.need_units
                )
            }
            Coverage::Full => "servi à hauteur de son besoin".to_string(),
            Coverage::BelowNeed => format!(
                "servi en dessous de son besoin ({:.0} %)",
                100.0 * f64::from(self.allocated_units) / self.need_units.max(1e-9)
            ),
            Coverage::NotServed => "non servi".to_string(),
        };
        writeln!(f, "  Situation : {status}")?;
        if let Some(r) = &self.plan_reason {
            writeln!(f, "  Raison : {r}")?;
        }
        if let Some(c) = &self.change {
            writeln!(f, "  Contrefactuel : {}", c.text)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// `sectoria explain --uai` and `sectoria plan --explain` price one establishment's change
    /// from the same seeding solve: the same plan found with the change, the same proven
    /// interval (on the demo, 89 of 121 intervals differed when `explain --uai` started its
    /// re-solve without the seeding solve's sectors).
    #[test]
    fn one_explanation_and_the_plans_explanations_give_the_same_counterfactual() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
        if !dir.join("establishments.csv").exists() {
            eprintln!("data/demo absent: test skipped");
            return;
        }
        let instance = sectoria_io::load_instance(&dir).unwrap();
        let scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).unwrap();
        let problem = Problem::new(&instance, &scenario).unwrap();
        let plan = sectoria_solver::plan(&problem, BTreeMap::new()).unwrap();
        let wanted: Vec<bool> = (0..problem.sites.len()).map(|i| i % 10 == 3).collect();
        let (all, done) = explain_sites(&problem, &plan, &wanted, &|_| Step::Continue(())).unwrap();
        assert_eq!(done, wanted.iter().filter(|&&w| w).count());
        for (i, from_plan) in all.iter().enumerate().filter(|&(i, _)| wanted[i]) {
            let alone = explain(&problem, &plan, &from_plan.uai).unwrap();
            let (a, b) = (alone.change.unwrap(), from_plan.change.clone().unwrap());
            assert_eq!((a.cost, a.proven, &a.text), (b.cost, b.proven, &b.text), "site {i} ({})", from_plan.uai);
        }
    }
}
