//! sectoria-core: the domain model of sectoria and its independent checker.
//!
//! An [`Instance`] (establishments, workers, today's sectors) and a [`Scenario`] (budget,
//! priorities, rules) make a [`Problem`]: every derived figure (priority scores, needs, value
//! curves, capacities, distances) in one place. A [`Solution`] gives each worker a base and
//! units at establishments; [`check_solution`] verifies it against every rule without any
//! solver, [`objective()`] recomputes its objective, [`rule_of_thumb()`] is the baseline every
//! comparison is made against (a CTSS-D's hand method) and [`greedy`] its first pass, the
//! solver's start.
//!
//! ```
//! use sectoria_core::{check_solution, objective, rule_of_thumb, Problem, Scenario};
//! use sectoria_core::test_support::small_instance;
//!
//! let instance = small_instance();
//! let problem = Problem::new(&instance, &Scenario::default()).unwrap();
//! let baseline = rule_of_thumb(&problem);
//! assert!(check_solution(&problem, &baseline.solution).is_empty());
//! assert!(objective(&problem, &baseline.solution).service_value > 0.0);
//! ```
#![deny(missing_docs)]

pub mod baseline;
pub mod check;
pub mod check_figures;
pub mod counterfactual;
pub mod establishment;
pub mod feasibility;
pub mod french;
pub mod frontier;
pub mod idle;
pub mod instance;
pub mod interchange;
pub mod kind;
pub mod kpi;
pub mod location;
pub mod need;
pub mod network;
pub mod objective;
pub mod plan;
pub mod priority;
pub mod problem;
pub mod reason;
pub mod rule_of_thumb;
pub mod scenario;
pub mod solution;
pub mod test_support;
pub mod value;
pub mod worker;

pub use baseline::greedy;
pub use check::{check_solution, Violation};
pub use establishment::Establishment;
pub use feasibility::{precheck, Infeasibility};
pub use instance::{CurrentAssignment, DistanceOverrides, Instance, MeasuredDistance};
pub use interchange::align_posts;
pub use kind::{Category, Kind};
pub use kpi::Kpis;
pub use location::LatLon;
pub use objective::{objective, ObjectiveTerms};
pub use plan::{assemble, Plan, SolveStatus, SolverReport};
pub use problem::{check_scope, BaseChoice, Problem, ProblemError, SizeLimits};
pub use rule_of_thumb::{rule_of_thumb, RuleOfThumb};
pub use scenario::Scenario;
pub use solution::{Assignment, Solution};
pub use worker::{Base, Worker};

/// Result of checking a plan against its instance and scenario.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Violated constraints and inconsistencies of the plan file (French).
    pub problems: Vec<String>,
    /// Objective recomputed from the plan's decisions.
    pub recomputed: ObjectiveTerms,
}

impl CheckReport {
    /// Whether the plan is feasible and its objective matches.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Relative difference used to compare objective values.
pub fn relative_difference(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1.0)
}

/// Checks `plan` against `problem`: the scenario it was made with, every constraint, and every
/// objective term recomputed (agreement within 1e-6 relative).
pub fn check_plan(problem: &Problem, plan: &Plan) -> CheckReport {
    let mut problems = Vec::new();
    if plan.schema != 1 {
        problems.push(format!("plan.json : schema {} inconnu (attendu 1)", plan.schema));
    }
    if plan.scenario != problem.scenario {
        problems.push("le plan a été calculé avec un autre scénario que celui donné".to_string());
    }
    let solution = match plan.solution(problem) {
        Ok(s) => s,
        Err(errors) => {
            problems.extend(errors);
            return CheckReport { problems, recomputed: ObjectiveTerms::default() };
        }
    };
    problems.extend(check_solution(problem, &solution).into_iter().map(|v| format!("{} {}", v.code, v.message)));
    let recomputed = objective(problem, &solution);
    let terms = [
        ("valeur de service", recomputed.service_value, plan.objective.service_value),
        ("coût des trajets", recomputed.travel_cost, plan.objective.travel_cost),
        ("coût de stabilité", recomputed.stability_cost, plan.objective.stability_cost),
        ("coût de fragmentation", recomputed.fragmentation_cost, plan.objective.fragmentation_cost),
        ("objectif total", recomputed.total, plan.objective.total),
    ];
    for (label, ours, theirs) in terms {
        if relative_difference(ours, theirs) > 1e-6 {
            let fr = |x: f64| format!("{x:.3}").replace('.', ",");
            problems.push(format!("{label} : le plan annonce {}, recalculé {}", fr(theirs), fr(ours)));
        }
    }
    // The figures the documents show (key figures, allocations, sectors, the rule of thumb's)
    // must be those the decisions give.
    problems.extend(check_figures::figure_differences(problem, plan, &solution));
    CheckReport { problems, recomputed }
}
