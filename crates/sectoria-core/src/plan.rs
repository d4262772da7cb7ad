//! The plan (`plan.json`, `schema = 1`): what was decided, why, and with what guarantee.
//!
//! A plan holds no wall-clock time, so the same inputs and seed give the same bytes.

use crate::kind::Kind;
use crate::kpi::{kpis, Kpis};
use crate::location::LatLon;
use crate::objective::{objective, weekly_km, weekly_minutes, ObjectiveTerms};
use crate::priority::PriorityScore;
use crate::problem::{BaseChoice, Problem};
use crate::scenario::Scenario;
use crate::solution::{Assignment, Solution};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) mod broken;

/// How the solver ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal (within HiGHS's tolerances).
    Optimal,
    /// Stopped at the scenario's relative gap.
    GapReached,
    /// Stopped at the time limit with a plan; the gap is what was proven.
    TimeLimit,
    /// Stopped once the question it was asked was settled, before the gap asked (a
    /// counterfactual's re-solve: its bound proves that no plan with the change matches the plan
    /// without it, or it found one that does); the gap is what was proven.
    Decided,
}

impl SolveStatus {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::GapReached => "écart relatif atteint",
            SolveStatus::TimeLimit => "limite de temps atteinte",
            SolveStatus::Decided => "arrêté une fois la décision tranchée",
        }
    }
}

/// What the solver reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolverReport {
    /// Engine and version.
    pub engine: String,
    /// Ending status.
    pub status: SolveStatus,
    /// Objective of the plan as the solver saw it.
    pub objective: f64,
    /// Best proven upper bound on the objective.
    pub best_bound: f64,
    /// Proven relative gap `(bound − objective) / |objective|`.
    pub relative_gap: f64,
    /// Variables of the model.
    pub variables: usize,
    /// Constraints of the model.
    pub constraints: usize,
    /// Branch-and-price nodes solved (0 when the root relaxation and its heuristics settled it).
    #[serde(default)]
    pub nodes: usize,
}

/// A worker serving an establishment, seen from the establishment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteWorker {
    /// Worker id.
    pub worker: String,
    /// Units.
    pub units: u32,
    /// Road distance from the worker's base, km.
    pub km: f64,
}

/// One establishment in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstablishmentResult {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Commune.
    pub commune: String,
    /// Position.
    pub location: LatLon,
    /// Pupils counted (cycle 3 for écoles).
    pub pupils: f64,
    /// Priority score and bonuses.
    pub priority: PriorityScore,
    /// Need, ETP.
    pub need_fte: f64,
    /// IPS factor used in the need.
    pub ips_factor: f64,
    /// Units allocated.
    pub allocated_units: u32,
    /// ETP allocated.
    pub allocated_fte: f64,
    /// Workers serving it.
    pub workers: Vec<SiteWorker>,
    /// Service value.
    pub service_value: f64,
    /// Must be served.
    pub must_cover: bool,
    /// Why it is not served, or served below its need (French): the binding reason named
    /// from the plan ([`crate::reason`]).
    pub reason: Option<String>,
    /// The exact explanation with its counterfactual, when computed (`plan --explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<crate::counterfactual::ExactExplanation>,
}

/// A worker's base in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaseResult {
    /// UAI of the base, when it is an establishment.
    pub uai: Option<String>,
    /// Position.
    pub location: LatLon,
    /// Whether the model chose it.
    pub chosen_by_model: bool,
}

/// One line of a sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorLine {
    /// Establishment UAI.
    pub uai: String,
    /// Establishment name.
    pub name: String,
    /// Units.
    pub units: u32,
    /// Road distance from the base, km.
    pub km: f64,
    /// One-way travel time from the base, minutes, when `distances.csv` gives minutes (a pair it
    /// lacks is estimated at `travel.estimate_kmh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
}

/// One worker in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerResult {
    /// Id.
    pub id: String,
    /// Name or pseudonym.
    pub name: Option<String>,
    /// Quotité.
    pub fte: f64,
    /// Whether it is a post generated from the budget.
    pub generated: bool,
    /// Base, `None` for an unused post.
    pub base: Option<BaseResult>,
    /// The sector.
    pub sector: Vec<SectorLine>,
    /// Units used.
    pub units_used: u32,
    /// Capacity, units.
    pub capacity_units: u32,
    /// Secondary establishments in the sector.
    pub secondary_establishments: u32,
    /// Weekly km.
    pub weekly_km: f64,
    /// Weekly driving time, minutes, when `distances.csv` gives minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_minutes: Option<f64>,
}

/// The rule of thumb ([`crate::rule_of_thumb()`]) next to the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineReport {
    /// Its objective terms.
    pub objective: ObjectiveTerms,
    /// Its figures.
    pub kpis: Kpis,
    /// Whether it satisfies every constraint of the scenario.
    pub feasible: bool,
    /// ETP of the budget (after reserve) it leaves unallocated.
    #[serde(default)]
    pub fte_left: f64,
    /// Whether it meets every establishment's need (so that what is left is not needed).
    #[serde(default)]
    pub needs_met: bool,
    /// When it leaves ETP while some need is unmet: which workers keep half-days and why
    /// (French, [`crate::rule_of_thumb::why_left`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_left: Option<String>,
    /// When it is not feasible: each rule of the scenario it breaks, with the figures and the
    /// scenario key (French, `broken::broken_rules`). Empty in plans written before it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub broken_rules: Vec<String>,
}

/// The plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Format version: 1.
    pub schema: u32,
    /// Version of sectoria that wrote it.
    pub sectoria_version: String,
    /// SHA-256 of each input file, by file name.
    pub inputs: BTreeMap<String, String>,
    /// The scenario, with every default filled in.
    pub scenario: Scenario,
    /// Solver outcome.
    pub solver: SolverReport,
    /// Objective terms, recomputed from the plan.
    pub objective: ObjectiveTerms,
    /// Headline figures.
    pub kpis: Kpis,
    /// The rule of thumb, the baseline of every comparison.
    pub baseline: BaselineReport,
    /// Every establishment in scope.
    pub establishments: Vec<EstablishmentResult>,
    /// Every worker or post.
    pub workers: Vec<WorkerResult>,
    /// Establishments out of scope: UAI and reason.
    pub out_of_scope: Vec<(String, String)>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// The establishments that workers no longer in `workers.csv` serve today, with who serves
    /// each in the plan ([`crate::departed`]); empty, and not written, when no one has left (and
    /// in plans written before it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departed: Vec<crate::departed::DepartedSector>,
    /// The breadth–depth frontier, when traced (`sectoria frontier`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontier: Option<crate::frontier::Frontier>,
    /// Today's sectors (`current.csv`) measured like the plan ([`crate::today`]), the plan's
    /// other comparison; absent without them (and in plans written before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<crate::today::TodayReport>,
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Assembles the plan of `solution`.
pub fn assemble(
    problem: &Problem,
    solution: &Solution,
    solver: SolverReport,
    baseline: &Solution,
    inputs: BTreeMap<String, String>,
) -> Plan {
    let unit = problem.unit_fte();
    let per_site = solution.units_per_site(problem.sites.len());
    let mut workers_at: Vec<Vec<&Assignment>> = vec![Vec::new(); problem.sites.len()];
    for a in &solution.assignments {
        workers_at[a.site].push(a);
    }
    let base = |k: usize| solution.bases[k].as_ref();
    let km = |a: &Assignment| base(a.worker).map_or(0.0, |b| round6(problem.km(a.worker, b, a.site)));
    let terms = objective(problem, solution);
    let tolerance = solver.best_bound.is_finite().then(|| (solver.best_bound - terms.total).max(0.0));
    let analysis = crate::reason::Analysis::new(problem, solution, tolerance);
    let establishments = problem
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| EstablishmentResult {
            uai: s.uai().to_string(),
            name: s.establishment.name.clone(),
            kind: s.kind(),
            commune: s.establishment.commune.clone(),
            location: s.establishment.location,
            pupils: s.need.pupils,
            priority: s.priority.clone(),
            need_fte: round6(s.need.fte),
            ips_factor: round6(s.need.ips_factor),
            allocated_units: per_site[i],
            allocated_fte: round6(f64::from(per_site[i]) * unit),
            workers: workers_at[i]
                .iter()
                .map(|a| SiteWorker { worker: problem.staff[a.worker].worker.id.clone(), units: a.units, km: km(a) })
                .collect(),
            service_value: s.curve.value(f64::from(per_site[i])),
            must_cover: s.must_cover,
            reason: analysis.reason(i),
            explanation: None,
        })
        .collect();
    let minutes_known = problem.has_minutes();
    let workers = problem
        .staff
        .iter()
        .enumerate()
        .map(|(k, st)| {
            let sector: Vec<SectorLine> = solution
                .assignments
                .iter()
                .filter(|a| a.worker == k)
                .map(|a| SectorLine {
                    uai: problem.sites[a.site].uai().to_string(),
                    name: problem.sites[a.site].establishment.name.clone(),
                    units: a.units,
                    km: km(a),
                    minutes: minutes_known
                        .then(|| base(a.worker).map(|b| round6(problem.minutes(a.worker, b, a.site))))
                        .flatten(),
                })
                .collect();
            WorkerResult {
                id: st.worker.id.clone(),
                name: st.worker.name.clone(),
                fte: st.worker.fte,
                generated: st.generated,
                base: base(k).map(|b| {
                    let (location, uai) = problem.base_of(b);
                    BaseResult {
                        uai: uai.map(str::to_string),
                        location,
                        chosen_by_model: matches!(b, BaseChoice::Site(_)),
                    }
                }),
                units_used: sector.iter().map(|l| l.units).sum(),
                secondary_establishments: solution
                    .assignments
                    .iter()
                    .filter(|a| a.worker == k && problem.sites[a.site].kind().is_secondary())
                    .count() as u32,
                sector,
                capacity_units: st.capacity_units,
                weekly_km: round6(weekly_km(problem, solution, k)),
                weekly_minutes: minutes_known.then(|| round6(weekly_minutes(problem, solution, k))),
            }
        })
        .collect();
    let broken_rules = broken::broken_rules(problem, baseline);
    let mut plan = Plan {
        schema: 1,
        sectoria_version: env!("CARGO_PKG_VERSION").to_string(),
        inputs,
        scenario: problem.scenario.clone(),
        solver,
        objective: terms,
        kpis: kpis(problem, solution),
        baseline: BaselineReport {
            objective: objective(problem, baseline),
            kpis: kpis(problem, baseline),
            // One rule broken or more, from one run of the checker.
            feasible: broken_rules.is_empty(),
            fte_left: round6(
                f64::from(
                    problem.budget_units.saturating_sub(baseline.assignments.iter().map(|a| a.units).sum::<u32>()),
                ) * problem.unit_fte(),
            ),
            needs_met: crate::rule_of_thumb::needs_met(problem, baseline),
            why_left: crate::rule_of_thumb::why_left(problem, baseline),
            broken_rules,
        },
        establishments,
        workers,
        out_of_scope: problem.out_of_scope.clone(),
        warnings: warnings(problem, solution, tolerance),
        departed: crate::departed::departed_sectors(problem, solution),
        frontier: None,
        today: crate::today::today_report(problem),
    };
    if plan.keeps_rule_of_thumb() {
        plan.warnings.insert(
            0,
            format!(
                "{TIME_LIMIT_ON_RULE_OF_THUMB} ({} s) avant que le solveur trouve un plan meilleur que la règle usuelle : \
                 ce plan est celui de la règle usuelle, pas un plan optimisé ; relevez `solver.time_limit_s` et relancez",
                problem.scenario.solver.time_limit_s.to_string().replace('.', ",")
            ),
        );
    }
    plan
}

/// Start of the warning of a time limit that left the rule of thumb's plan.
pub const TIME_LIMIT_ON_RULE_OF_THUMB: &str = "limite de temps atteinte";

/// Whether `warning` changes what the plan's figures mean, and so comes before the others: a
/// time limit that left the rule of thumb's plan, a budget above or below the workers' time,
/// a `current.csv` that describes only some of the workers (the continuity figures then count
/// the others' half-days as changes), the workers' time left without an establishment
/// ([`crate::idle::idle_time`]). The terminal shows only the first few warnings; these must
/// not hide behind « IPS inconnu » lines.
pub fn is_leading_warning(warning: &str) -> bool {
    [
        TIME_LIMIT_ON_RULE_OF_THUMB,
        "budget.total_fte",
        crate::problem::PARTIAL_CURRENT,
        crate::idle::UNASSIGNED_STAFF_TIME,
        crate::idle::UNSPENT_BUDGET,
    ]
    .iter()
    .any(|start| warning.starts_with(start))
}

/// The plan's warnings, those that change what its figures mean first: the budget against the
/// workers' time and a partial `current.csv`, then where the workers' time left without an
/// establishment is, and why; then the inputs' other warnings; last, who holds the reserve (a
/// note: the reserve is the scenario's choice). A large share of the budget left unspent
/// ([`crate::idle::leaves_much_idle`]) is said first of all: the plan then employs only part of
/// the workers (tester's session s47: 17,9 ETP of 26,7). A time limit that left the rule of
/// thumb's plan goes before them all ([`assemble`]), and the input files' warnings after the
/// leading ones ([`Plan::add_input_warnings`]).
fn warnings(problem: &Problem, solution: &Solution, tolerance: Option<f64>) -> Vec<String> {
    let (mut leading, others): (Vec<String>, Vec<String>) =
        problem.warnings.iter().cloned().partition(|w| is_leading_warning(w));
    let mut idle = crate::idle::idle_time(problem, solution, tolerance);
    if crate::idle::leaves_much_idle(problem, solution) && !idle.is_empty() {
        leading.insert(0, idle.remove(0));
    }
    leading.into_iter().chain(idle).chain(others).chain(crate::idle::reserve_holders(problem, solution)).collect()
}

impl Plan {
    /// Adds the input files' warnings (today's sectors above a quotité, ignored `current.csv`
    /// lines…) after the warnings that change what the plan's figures mean
    /// ([`is_leading_warning`]) and before the others.
    pub fn add_input_warnings(&mut self, input: &[String]) {
        let at = self.warnings.iter().take_while(|w| is_leading_warning(w)).count();
        self.warnings.splice(at..at, input.iter().cloned());
    }

    /// Whether a solve stopped by its time limit left the rule of thumb's plan (the solver found
    /// nothing better in time, or nothing at all): the plan is not « optimised », and a committee
    /// must be told (a warning of the plan, a message of `national.csv`).
    pub fn keeps_rule_of_thumb(&self) -> bool {
        self.solver.status == SolveStatus::TimeLimit
            && crate::relative_difference(self.objective.total, self.baseline.objective.total) <= 1e-6
    }

    /// Reads the plan's decisions back into index form against `problem`. Errors (French)
    /// name the worker or UAI the problem does not know.
    pub fn solution(&self, problem: &Problem) -> Result<Solution, Vec<String>> {
        let mut errors = Vec::new();
        let mut sol = Solution::empty(problem);
        let mut seen = vec![false; problem.staff.len()];
        for w in &self.workers {
            let Some(k) = problem.staff_index(&w.id) else {
                errors.push(format!("assistant {} du plan absent de l'instance", w.id));
                continue;
            };
            seen[k] = true;
            sol.bases[k] = match &w.base {
                None => None,
                Some(b) if !b.chosen_by_model => problem.staff[k].worker.base.clone().map(BaseChoice::Fixed),
                Some(b) => match b.uai.as_deref().and_then(|u| problem.site_index(u)) {
                    Some(i) => Some(BaseChoice::Site(i)),
                    None => {
                        errors.push(format!(
                            "{} : résidence {} inconnue du périmètre",
                            w.id,
                            b.uai.as_deref().unwrap_or("?")
                        ));
                        None
                    }
                },
            };
            for line in &w.sector {
                match problem.site_index(&line.uai) {
                    Some(i) => sol.assignments.push(Assignment { worker: k, site: i, units: line.units }),
                    None => errors.push(format!("{} : établissement {} du plan absent du périmètre", w.id, line.uai)),
                }
            }
        }
        for (k, s) in seen.iter().enumerate() {
            if !s {
                errors.push(format!("assistant {} de l'instance absent du plan", problem.staff[k].worker.id));
            }
        }
        if self.establishments.len() != problem.sites.len() {
            errors.push(format!(
                "le plan liste {} établissements, le périmètre en compte {}",
                self.establishments.len(),
                problem.sites.len()
            ));
        }
        sol.normalise();
        let per_site = sol.units_per_site(problem.sites.len());
        for e in &self.establishments {
            if let Some(i) = problem.site_index(&e.uai) {
                if per_site[i] != e.allocated_units {
                    errors.push(format!(
                        "{} : {} demi-journées dans la liste des établissements, {} dans les secteurs",
                        e.uai, e.allocated_units, per_site[i]
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(sol)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A solve stopped by its time limit on the rule of thumb's plan says that the plan is the
    /// hand method's; the same plan within its gap, or another plan, does not.
    #[test]
    fn a_time_limit_on_the_rule_of_thumb_s_plan_is_said() {
        let instance = crate::test_support::small_instance_with_rep_plus();
        let problem = Problem::new(&instance, &crate::scenario::Scenario::default()).expect("valid");
        let baseline = crate::rule_of_thumb(&problem).solution;
        let total = objective(&problem, &baseline).total;
        let report = |status| SolverReport {
            engine: String::new(),
            status,
            objective: total,
            best_bound: total * 1.05,
            relative_gap: 0.05,
            variables: 0,
            constraints: 0,
            nodes: 0,
        };
        let said = |plan: &Plan| plan.warnings.iter().any(|w| w.contains("ce plan est celui de la règle usuelle"));
        let stopped = assemble(&problem, &baseline, report(SolveStatus::TimeLimit), &baseline, BTreeMap::new());
        assert!(said(&stopped), "{:?}", stopped.warnings);
        let finished = assemble(&problem, &baseline, report(SolveStatus::GapReached), &baseline, BTreeMap::new());
        assert!(!said(&finished), "{:?}", finished.warnings);
        let other = Solution::empty(&problem);
        let elsewhere = assemble(&problem, &other, report(SolveStatus::TimeLimit), &baseline, BTreeMap::new());
        assert!(!said(&elsewhere), "{:?}", elsewhere.warnings);
    }
}
