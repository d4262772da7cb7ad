//! Headline figures of a solution: ETP, coverage by priority category, travel.

use crate::kind::Category;
use crate::objective::{changed_units, weekly_km};
use crate::problem::Problem;
use crate::solution::Solution;
use serde::{Deserialize, Serialize};

/// Coverage of one priority category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCoverage {
    /// Category.
    pub category: Category,
    /// French label.
    pub label: String,
    /// Establishments of the category in scope.
    pub establishments: usize,
    /// Of which served.
    pub served: usize,
    /// Pupils of the category (cycle 3 for écoles).
    pub pupils: f64,
    /// Of which in served establishments.
    pub pupils_served: f64,
}

/// Headline figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// ETP available after the reserve.
    pub fte_available: f64,
    /// ETP allocated.
    pub fte_used: f64,
    /// ETP kept in reserve.
    pub fte_reserve: f64,
    /// Establishments in scope.
    pub establishments: usize,
    /// Establishments served.
    pub establishments_served: usize,
    /// Pupils in scope.
    pub pupils: f64,
    /// Pupils in served establishments.
    pub pupils_served: f64,
    /// Σ w·pupils served / Σ w·pupils in scope.
    pub weighted_coverage: f64,
    /// Coverage by priority category.
    pub by_category: Vec<CategoryCoverage>,
    /// Workers (or posts) with at least one establishment.
    pub workers_used: usize,
    /// Mean weekly km over workers used.
    pub km_per_worker_mean: f64,
    /// Largest weekly km of a worker.
    pub km_per_worker_max: f64,
    /// Total weekly km.
    pub km_total: f64,
    /// Units changed against today's sectors (0 without `current.csv`).
    pub changed_units: u32,
    /// Establishments whose worker or time changed against today's sectors.
    pub changed_establishments: usize,
}

/// Computes the headline figures of `solution`.
pub fn kpis(problem: &Problem, solution: &Solution) -> Kpis {
    let unit = problem.unit_fte();
    let per_site = solution.units_per_site(problem.sites.len());
    let served: Vec<bool> = per_site.iter().map(|&u| u > 0).collect();
    let pupils: f64 = problem.sites.iter().map(|s| s.need.pupils).sum();
    let pupils_served: f64 = problem.sites.iter().zip(&served).filter(|(_, &s)| s).map(|(s, _)| s.need.pupils).sum();
    let weighted: f64 = problem.sites.iter().map(|s| s.curve.scale).sum();
    let weighted_served: f64 = problem.sites.iter().zip(&served).filter(|(_, &s)| s).map(|(s, _)| s.curve.scale).sum();
    let by_category = Category::ALL
        .into_iter()
        .map(|c| {
            let members: Vec<usize> = (0..problem.sites.len()).filter(|&i| problem.in_category(i, c)).collect();
            CategoryCoverage {
                category: c,
                label: c.label().to_string(),
                establishments: members.len(),
                served: members.iter().filter(|&&i| served[i]).count(),
                pupils: members.iter().map(|&i| problem.sites[i].need.pupils).sum(),
                pupils_served: members.iter().filter(|&&i| served[i]).map(|&i| problem.sites[i].need.pupils).sum(),
            }
        })
        .collect();
    let per_worker = solution.units_per_worker(problem.staff.len());
    let kms: Vec<f64> =
        (0..problem.staff.len()).filter(|&k| per_worker[k] > 0).map(|k| weekly_km(problem, solution, k)).collect();
    let km_total: f64 = kms.iter().sum();
    let mut changed_sites = std::collections::BTreeSet::new();
    for a in &solution.assignments {
        if problem.current.get(&(a.worker, a.site)).copied() != Some(a.units) {
            changed_sites.insert(a.site);
        }
    }
    for &(k, i) in problem.current.keys() {
        if solution.units(k, i) == 0 {
            changed_sites.insert(i);
        }
    }
    Kpis {
        fte_available: f64::from(problem.budget_units) * unit,
        fte_used: f64::from(per_site.iter().sum::<u32>()) * unit,
        fte_reserve: problem.scenario.budget.reserve_fte,
        establishments: problem.sites.len(),
        establishments_served: served.iter().filter(|&&s| s).count(),
        pupils,
        pupils_served,
        weighted_coverage: if weighted > 0.0 { weighted_served / weighted } else { 0.0 },
        by_category,
        workers_used: kms.len(),
        km_per_worker_mean: if kms.is_empty() { 0.0 } else { km_total / kms.len() as f64 },
        km_per_worker_max: kms.iter().copied().fold(0.0, f64::max),
        km_total,
        changed_units: changed_units(problem, solution),
        changed_establishments: if problem.current.is_empty() { 0 } else { changed_sites.len() },
    }
}
