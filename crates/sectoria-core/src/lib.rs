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
pub mod departed;
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
pub mod today;
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
/// objective term recomputed (agreement within 1e-6 relative); see [`check::check_plan_against`],
/// which also compares the input files' hashes.
pub fn check_plan(problem: &Problem, plan: &Plan) -> CheckReport {
    check::check_plan_against(problem, plan, None)
}
