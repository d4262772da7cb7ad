//! Today's sectors of workers who have left: the `current.csv` lines whose worker is no longer
//! in `workers.csv` (the usual replan: last year's plan adopted, then someone leaves).
//!
//! They are facts, not decisions: no plan can keep them, so they stay out of
//! [`Problem::current`] — the stability penalty and `stability.max_changes` weigh only what a
//! plan chooses, and the model is the same as without them. What they change is told: each
//! establishment a departed worker leaves is counted among those whose worker changes
//! ([`crate::kpi::Kpis::changed_establishments`]), and the plan lists them with who serves each
//! now, or nobody ([`crate::Plan::departed`]).

use crate::instance::Instance;
use crate::problem::Problem;
use crate::solution::Solution;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An establishment in scope that a departed worker serves today.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartedLine {
    /// Id of the departed worker, as `current.csv` names it.
    pub worker_id: String,
    /// Site index.
    pub site: usize,
    /// Its time there today, ETP.
    pub fte: f64,
}

/// The lines of `instance.current` whose worker is not among `instance.workers`, at an
/// establishment in scope (`site_index`), summed per worker and establishment, in worker then
/// site order. None in budget-only mode: without `workers.csv`, no one has left.
pub fn departed_lines(instance: &Instance, site_index: impl Fn(&str) -> Option<usize>) -> Vec<DepartedLine> {
    if instance.workers.is_empty() {
        return Vec::new();
    }
    let mut lines: BTreeMap<(&str, usize), f64> = BTreeMap::new();
    for c in &instance.current {
        if instance.workers.iter().any(|w| w.id == c.worker_id) {
            continue;
        }
        if let Some(i) = site_index(&c.uai) {
            *lines.entry((c.worker_id.as_str(), i)).or_insert(0.0) += c.fte;
        }
    }
    lines.into_iter().map(|((worker, site), fte)| DepartedLine { worker_id: worker.to_string(), site, fte }).collect()
}

/// An establishment a departed worker serves today, as the plan tells it (`plan.json`,
/// `departed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartedSector {
    /// Id of the departed worker (in `current.csv`, no longer in `workers.csv`).
    pub worker: String,
    /// Establishment UAI.
    pub uai: String,
    /// The departed worker's time there today, ETP.
    pub fte_today: f64,
    /// Who serves the establishment in the plan (worker ids, in staff order); empty when nobody.
    pub served_by: Vec<String>,
}

/// The establishments `problem`'s departed workers leave, with who serves each in `solution`.
pub fn departed_sectors(problem: &Problem, solution: &Solution) -> Vec<DepartedSector> {
    problem
        .departed
        .iter()
        .map(|d| {
            let mut serving: Vec<usize> =
                solution.assignments.iter().filter(|a| a.site == d.site && a.units > 0).map(|a| a.worker).collect();
            serving.sort_unstable();
            serving.dedup();
            DepartedSector {
                worker: d.worker_id.clone(),
                uai: problem.sites[d.site].uai().to_string(),
                fte_today: (d.fte * 1e6).round() / 1e6,
                served_by: serving.into_iter().map(|k| problem.staff[k].worker.id.clone()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::CurrentAssignment;
    use crate::scenario::Scenario;
    use crate::solution::Assignment;
    use crate::test_support::small_instance;

    /// [`small_instance`] (ASS01 and three collèges) with ASS01 at 0310001A and ASS09, who has
    /// left, at 0310002B and 0310003C today.
    fn with_a_departure() -> Instance {
        let mut instance = small_instance();
        for (worker, uai, fte) in [("ASS01", "0310001A", 0.3), ("ASS09", "0310002B", 0.4), ("ASS09", "0310003C", 0.2)] {
            instance.current.push(CurrentAssignment { worker_id: worker.into(), uai: uai.into(), fte });
        }
        instance
    }

    /// A departed worker's sectors are no decision: out of today's sectors the stability rules
    /// weigh, listed apart with who serves each establishment now, and counted among the
    /// establishments that change.
    #[test]
    fn a_departed_worker_s_establishments_are_kept_apart_and_counted() {
        let problem = Problem::new(&with_a_departure(), &Scenario::default()).expect("valid");
        assert_eq!(problem.current.len(), 1, "only ASS01's line is a decision to keep");
        let (b, c) = (problem.site_index("0310002B").expect("b"), problem.site_index("0310003C").expect("c"));
        assert_eq!(
            problem.departed,
            vec![
                DepartedLine { worker_id: "ASS09".into(), site: b, fte: 0.4 },
                DepartedLine { worker_id: "ASS09".into(), site: c, fte: 0.2 }
            ]
        );
        // ASS01 keeps 0310001A as today and takes 0310002B over; 0310003C is left unserved.
        let a = problem.site_index("0310001A").expect("a");
        let mut solution = Solution::empty(&problem);
        solution.assignments =
            vec![Assignment { worker: 0, site: a, units: 3 }, Assignment { worker: 0, site: b, units: 4 }];
        solution.normalise();
        let sectors = departed_sectors(&problem, &solution);
        assert_eq!(
            sectors.iter().map(|s| (s.uai.as_str(), s.served_by.clone())).collect::<Vec<_>>(),
            [("0310002B", vec!["ASS01".to_string()]), ("0310003C", vec![])]
        );
        let kpis = crate::kpi::kpis(&problem, &solution);
        assert_eq!(kpis.changed_establishments, 2, "0310002B changes worker, 0310003C loses its own");
        assert_eq!(crate::objective::changed_units(&problem, &solution), 4, "the stability figure is unchanged");
    }

    /// Without workers.csv (budget-only), no one has left.
    #[test]
    fn budget_only_has_no_departures() {
        let mut instance = with_a_departure();
        instance.workers.clear();
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(1.0);
        assert!(Problem::new(&instance, &scenario).expect("valid").departed.is_empty());
    }
}
