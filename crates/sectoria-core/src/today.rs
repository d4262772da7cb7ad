//! Today's sectors (`current.csv`) measured like the plan and the rule of thumb: the committee's
//! first question is what the new plan changes against them, category by category (tester's
//! session s49: « que perd le plan par rapport à l'an dernier ? »), not only how many
//! establishments change.
//!
//! Each line of [`Problem::current`] (worker, establishment, units) is an assignment. A worker's
//! base is its fixed residence; a worker or post without one is based, for this measure, at the
//! establishment it serves today that gives it the fewest weekly km among those that may host a
//! residence (a collège or lycée, [`Problem::candidate_bases`]), else at the candidate base that
//! does ([`TodayBase`], said in the outputs' note). Workers who have left ([`crate::departed`])
//! are not in it: the establishments only they serve today count as not served.
//!
//! Today's sectors are then evaluated with the plan's own functions (objective terms, figures),
//! and the rules of this year's scenario they break (a lowered quotité, a km cap, a
//! `must_cover`…) are listed with the rule of thumb's words.

use crate::kpi::{kpis, Kpis};
use crate::objective::{objective, ObjectiveTerms};
use crate::problem::{BaseChoice, Problem};
use crate::solution::{Assignment, Solution};
use serde::{Deserialize, Serialize};

pub mod workers;

/// A residence chosen to measure today's sectors, for a worker or post without a fixed one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayBase {
    /// Worker id.
    pub worker: String,
    /// UAI of the establishment taken as its residence.
    pub uai: String,
    /// Whether it is one of the establishments the worker serves today (else none of them may
    /// host a residence, and it is the candidate base that gives the fewest km).
    pub among_its_own: bool,
}

/// Today's sectors next to the plan (`plan.json`, `today`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayReport {
    /// Their objective terms (no continuity cost: nothing changes against themselves).
    pub objective: ObjectiveTerms,
    /// Their figures.
    pub kpis: Kpis,
    /// The residences chosen for workers without a fixed one; empty when every worker has one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chosen_bases: Vec<TodayBase>,
    /// Establishments in scope that workers who have left serve today: their time there is not
    /// counted (0 when no one has left).
    #[serde(default)]
    pub departed_establishments: usize,
    /// Workers of `workers.csv` that `current.csv` does not describe (the posts a scenario adds
    /// left out): counted as serving nothing today, which understates today's sectors.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undescribed_workers: usize,
    /// Each rule of this year's scenario they break, with the figures and the scenario key
    /// (French, starting with « elle », as the rule of thumb's); empty when they keep them all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub broken_rules: Vec<String>,
    /// Today's sectors line by line (workers of `workers.csv`, establishments in scope), for
    /// what each worker keeps, loses and gains ([`workers`]); `None` in plans written before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sectors: Option<Vec<TodayLine>>,
}

/// One line of today's sectors: a worker's half-days at an establishment (`current.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayLine {
    /// Worker id.
    pub worker: String,
    /// Establishment UAI.
    pub uai: String,
    /// Half-days (units) today.
    pub units: u32,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Weekly km of worker `k` based at `base` with today's `lines` (site, units).
fn weekly_km_from(problem: &Problem, k: usize, base: &BaseChoice, lines: &[(usize, u32)]) -> f64 {
    lines.iter().map(|&(i, units)| 2.0 * problem.km(k, base, i) * f64::from(units)).sum()
}

/// The candidate base among `options` that gives worker `k` the fewest weekly km with `lines`
/// (the first on a tie).
fn nearest_base(problem: &Problem, k: usize, options: &[usize], lines: &[(usize, u32)]) -> Option<usize> {
    options.iter().copied().min_by(|&a, &b| {
        let km = |s: usize| weekly_km_from(problem, k, &BaseChoice::Site(s), lines);
        km(a).total_cmp(&km(b))
    })
}

/// Today's sectors of `problem` as a solution, with the residences chosen for workers without a
/// fixed one ([`TodayBase`]); departed workers' lines are not in it.
pub fn today_solution(problem: &Problem) -> (Solution, Vec<TodayBase>) {
    let mut solution = Solution::empty(problem);
    solution.assignments =
        problem.current.iter().map(|(&(worker, site), &units)| Assignment { worker, site, units }).collect();
    solution.normalise();
    let mut chosen = Vec::new();
    for k in 0..problem.staff.len() {
        if solution.bases[k].is_some() {
            continue;
        }
        let lines: Vec<(usize, u32)> =
            solution.assignments.iter().filter(|a| a.worker == k).map(|a| (a.site, a.units)).collect();
        if lines.is_empty() {
            continue;
        }
        let own: Vec<usize> = lines.iter().map(|l| l.0).filter(|i| problem.candidate_bases.contains(i)).collect();
        let (options, among_its_own) =
            if own.is_empty() { (problem.candidate_bases.clone(), false) } else { (own, true) };
        if let Some(b) = nearest_base(problem, k, &options, &lines) {
            solution.bases[k] = Some(BaseChoice::Site(b));
            chosen.push(TodayBase {
                worker: problem.staff[k].worker.id.clone(),
                uai: problem.sites[b].uai().to_string(),
                among_its_own,
            });
        }
    }
    (solution, chosen)
}

/// Today's sectors measured like the plan; `None` without them (no `current.csv`, or none of its
/// lines in scope, as in budget-only mode where its workers are not the posts planned).
pub fn today_report(problem: &Problem) -> Option<TodayReport> {
    if problem.current.is_empty() && problem.departed.is_empty() {
        return None;
    }
    let (solution, chosen_bases) = today_solution(problem);
    let mut departed: Vec<usize> = problem.departed.iter().map(|d| d.site).collect();
    departed.sort_unstable();
    departed.dedup();
    let described: std::collections::BTreeSet<usize> = problem.current.keys().map(|&(k, _)| k).collect();
    let undescribed_workers =
        (0..problem.staff.len()).filter(|k| !problem.staff[*k].generated && !described.contains(k)).count();
    Some(TodayReport {
        objective: objective(problem, &solution),
        kpis: kpis(problem, &solution),
        chosen_bases,
        departed_establishments: departed.len(),
        undescribed_workers,
        broken_rules: crate::plan::broken::broken_rules(problem, &solution),
        sectors: Some(
            problem
                .current
                .iter()
                .map(|(&(k, i), &units)| TodayLine {
                    worker: problem.staff[k].worker.id.clone(),
                    uai: problem.sites[i].uai().to_string(),
                    units,
                })
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::CurrentAssignment;
    use crate::scenario::Scenario;
    use crate::test_support::{small_instance, worker};

    fn line(worker: &str, uai: &str, fte: f64) -> CurrentAssignment {
        CurrentAssignment { worker_id: worker.into(), uai: uai.into(), fte }
    }

    /// A worker without a residence is based at the establishment it serves today that gives it
    /// the fewest km; one with a residence keeps it.
    #[test]
    fn a_worker_without_a_residence_is_based_where_it_drives_least() {
        let mut instance = small_instance();
        let mut free = worker("ASS02", 1.0, instance.establishments[0].location);
        free.base = None;
        instance.workers.push(free);
        // ASS02 spends most of its time at 0310003C: based there, it drives least.
        instance.current =
            vec![line("ASS01", "0310001A", 0.3), line("ASS02", "0310002B", 0.2), line("ASS02", "0310003C", 0.6)];
        let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
        let (solution, chosen) = today_solution(&problem);
        assert_eq!(chosen, vec![TodayBase { worker: "ASS02".into(), uai: "0310003C".into(), among_its_own: true }]);
        assert_eq!(solution.bases[0], Solution::empty(&problem).bases[0], "ASS01 keeps its residence");
        assert_eq!(solution.assignments.len(), 3);
        let report = today_report(&problem).expect("today's sectors");
        assert!(report.broken_rules.is_empty(), "{:?}", report.broken_rules);
        assert_eq!(report.kpis.establishments_served, 3);
        assert_eq!(report.kpis.changed_units, 0);
        assert_eq!(report.objective.stability_cost, 0.0);
    }

    /// A quotité lowered since last year: today's sectors break this year's rule, said in the
    /// rule of thumb's words.
    #[test]
    fn a_rule_today_s_sectors_break_is_listed() {
        let mut instance = small_instance();
        instance.workers[0].fte = 0.5;
        instance.current = vec![line("ASS01", "0310001A", 0.4), line("ASS01", "0310002B", 0.3)];
        let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
        let report = today_report(&problem).expect("today's sectors");
        assert!(
            report.broken_rules.iter().any(|r| r.starts_with("elle donne à des assistants plus que leur quotité")),
            "{:?}",
            report.broken_rules
        );
    }

    /// Without today's sectors there is nothing to measure.
    #[test]
    fn no_current_csv_no_today() {
        let problem = Problem::new(&small_instance(), &Scenario::default()).expect("valid");
        assert!(today_report(&problem).is_none());
    }
}
