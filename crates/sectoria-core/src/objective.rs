//! The objective, term by term, recomputed from a solution.
//!
//! Maximise: service value − travel cost − stability cost − fragmentation cost, where
//! travel cost = `weight_per_km` × weekly km (`2 × km × units`: each half-day is a return trip
//! from the base) + `weight_per_minute` × weekly minutes (`2 × minutes × units`), stability cost = `penalty_per_unit` × Σ |units − today's units|, and
//! fragmentation cost = `fragmentation_cost` × served pairs.

use crate::problem::Problem;
use crate::solution::Solution;
use serde::{Deserialize, Serialize};

/// Objective terms; `total = service_value − travel_cost − stability_cost − fragmentation_cost`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ObjectiveTerms {
    /// Σ service values.
    pub service_value: f64,
    /// `weight_per_km` × weekly km + `weight_per_minute` × weekly minutes.
    pub travel_cost: f64,
    /// Penalty for units changed against today's sectors.
    pub stability_cost: f64,
    /// Cost of served pairs.
    pub fragmentation_cost: f64,
    /// The objective.
    pub total: f64,
}

/// Weekly km of worker `k` in `solution`.
///
/// # Units: kilometres per week
pub fn weekly_km(problem: &Problem, solution: &Solution, k: usize) -> f64 {
    let Some(base) = &solution.bases[k] else { return 0.0 };
    solution
        .assignments
        .iter()
        .filter(|a| a.worker == k)
        .map(|a| 2.0 * problem.km(k, base, a.site) * f64::from(a.units))
        .sum()
}

/// Weekly driving time of worker `k` in `solution` (see [`Problem::minutes`]).
///
/// # Units: minutes per week
pub fn weekly_minutes(problem: &Problem, solution: &Solution, k: usize) -> f64 {
    let Some(base) = &solution.bases[k] else { return 0.0 };
    solution
        .assignments
        .iter()
        .filter(|a| a.worker == k)
        .map(|a| 2.0 * problem.minutes(k, base, a.site) * f64::from(a.units))
        .sum()
}

/// Units changed against today's sectors: Σ over pairs of |units − today's units|; 0 when there
/// are no sectors today (no `current.csv`, or none of its lines in scope).
pub fn changed_units(problem: &Problem, solution: &Solution) -> u32 {
    if problem.current.is_empty() {
        // Without today's sectors there is nothing to change from.
        return 0;
    }
    let mut changed = 0u32;
    for a in &solution.assignments {
        let today = problem.current.get(&(a.worker, a.site)).copied().unwrap_or(0);
        changed += a.units.abs_diff(today);
    }
    for (&(k, i), &today) in &problem.current {
        if solution.units(k, i) == 0 {
            changed += today;
        }
    }
    changed
}

/// Recomputes every objective term of `solution`.
pub fn objective(problem: &Problem, solution: &Solution) -> ObjectiveTerms {
    let per_site = solution.units_per_site(problem.sites.len());
    let service_value: f64 = problem.sites.iter().zip(&per_site).map(|(s, &u)| s.curve.value(f64::from(u))).sum();
    let km: f64 = (0..problem.staff.len()).map(|k| weekly_km(problem, solution, k)).sum();
    let s = &problem.scenario;
    let mut travel_cost = s.travel.weight_per_km * km;
    if s.travel.weight_per_minute != 0.0 {
        let minutes: f64 = (0..problem.staff.len()).map(|k| weekly_minutes(problem, solution, k)).sum();
        travel_cost += s.travel.weight_per_minute * minutes;
    }
    let stability_cost = s.stability.penalty_per_unit * f64::from(changed_units(problem, solution));
    let fragmentation_cost = s.rules.fragmentation_cost * solution.assignments.len() as f64;
    ObjectiveTerms {
        service_value,
        travel_cost,
        stability_cost,
        fragmentation_cost,
        total: service_value - travel_cost - stability_cost - fragmentation_cost,
    }
}
