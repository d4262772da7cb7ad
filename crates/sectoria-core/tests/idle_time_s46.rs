//! Workers' time without an establishment (tester's session s46): a budget below the workers'
//! time says how much of their time is idle and who keeps it (it printed « 26 / 26 assistants
//! mobilisés » and no warning), the reserve names who holds it, and the warnings that change
//! what the plan means come first, before the terminal cuts the list.

use sectoria_core::idle::{idle_time, reserve_holders};
use sectoria_core::location::LatLon;
use sectoria_core::plan::is_leading_warning;
use sectoria_core::test_support::{college, small_instance, small_instance_with_rep_plus, worker};
use sectoria_core::{
    assemble, objective, rule_of_thumb, Assignment, Instance, Plan, Problem, Scenario, Solution, SolveStatus,
    SolverReport,
};
use std::collections::BTreeMap;

fn plan(problem: &Problem, assignments: &[(usize, usize, u32)]) -> Solution {
    let mut s = Solution::empty(problem);
    for &(worker, site, units) in assignments {
        s.assignments.push(Assignment { worker, site, units });
    }
    s.normalise();
    s
}

fn report(status: SolveStatus, objective: f64) -> SolverReport {
    SolverReport {
        engine: String::new(),
        status,
        objective,
        best_bound: objective * 1.05,
        relative_gap: 0.05,
        variables: 0,
        constraints: 0,
        nodes: 0,
    }
}

fn assembled(problem: &Problem, solution: &Solution, status: SolveStatus) -> Plan {
    let baseline = rule_of_thumb(problem).solution;
    let total = objective(problem, solution).total;
    assemble(problem, solution, report(status, total), &baseline, BTreeMap::new())
}

/// [`small_instance`] with a second worker of 0,8 ETP: 1,8 ETP of workers.
fn two_workers() -> Instance {
    let mut instance = small_instance();
    instance.workers.push(worker("ASS02", 0.8, LatLon::new(43.61, 1.44)));
    instance
}

/// A budget of 1,2 ETP for 1,8 ETP of workers, reserve 0,1: the budget (11 half-days) is
/// spent, and 7 half-days of employed workers' time have no establishment. The plan says so
/// with who keeps them, and the figures add up: 0,7 ETP = 1,8 − 1,2 + 0,1.
#[test]
fn a_budget_below_the_workers_time_names_the_idle_time_and_who_keeps_it() {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(1.2);
    scenario.budget.reserve_fte = 0.1;
    let problem = Problem::new(&two_workers(), &scenario).expect("valid");
    assert_eq!(problem.budget_units, 11);
    let solution = plan(&problem, &[(0, 0, 4), (0, 1, 3), (1, 2, 4)]);
    let lines = idle_time(&problem, &solution, None);
    assert_eq!(
        lines,
        vec!["Temps des assistants sans établissement : 0,7 ETP (7 demi-journées, réserve de 0,1 ETP comprise), le \
             budget de 1,2 ETP étant sous le temps des assistants de workers.csv (1,8 ETP) ; aucun poste n'est supprimé, le \
             solveur choisit chez qui ce temps reste libre : ASS02 4 demi-journées libres sur 8 et ASS01 3 sur 10"
            .to_string()]
    );
    // One line about the workers' free time: the reserve is in it, not in a note of its own.
    assert_eq!(reserve_holders(&problem, &solution), None);
    let p = assembled(&problem, &solution, SolveStatus::Optimal);
    assert!(p.warnings[0].starts_with("budget.total_fte = 1,2 est inférieur de 0,6 ETP"), "{:?}", p.warnings);
    assert_eq!(p.warnings[1], lines[0]);
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);

    // Without a reserve: the same line, without the reserve.
    scenario.budget.reserve_fte = 0.0;
    let problem = Problem::new(&two_workers(), &scenario).expect("valid");
    let solution = plan(&problem, &[(0, 0, 4), (0, 1, 4), (1, 2, 4)]);
    let lines = idle_time(&problem, &solution, None);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("Temps des assistants sans établissement : 0,6 ETP (6 demi-journées), le budget"));
    assert!(lines[0].ends_with(" : ASS02 4 demi-journées libres sur 8 et ASS01 2 sur 10"), "{}", lines[0]);
}

/// The reserve's half-days fall where the solver puts them: a note names the workers.
#[test]
fn the_reserve_names_who_holds_it() {
    let mut scenario = Scenario::default();
    scenario.budget.reserve_fte = 0.2;
    let problem = Problem::new(&small_instance_with_rep_plus(), &scenario).expect("valid");
    assert_eq!(problem.budget_units, 13);
    let solution = plan(&problem, &[(0, 0, 4), (0, 1, 3), (0, 2, 2), (1, 3, 4)]);
    assert_eq!(
        reserve_holders(&problem, &solution).as_deref(),
        Some("Réserve de 0,2 ETP : 1 demi-journée libre chez ASS01 et ASS02 (le solveur choisit où)")
    );
    assert!(idle_time(&problem, &solution, None).is_empty());
    // One worker holds it all.
    let solution = plan(&problem, &[(0, 0, 4), (0, 1, 4), (0, 2, 2), (1, 3, 3)]);
    assert_eq!(
        reserve_holders(&problem, &solution).as_deref(),
        Some("Réserve de 0,2 ETP : 2 demi-journées libres chez ASS02 (le solveur choisit où)")
    );
    // Unequal shares: each with its count.
    scenario.budget.reserve_fte = 0.3;
    let problem = Problem::new(&small_instance_with_rep_plus(), &scenario).expect("valid");
    let solution = plan(&problem, &[(0, 0, 4), (0, 1, 4), (1, 3, 4)]);
    assert_eq!(
        reserve_holders(&problem, &solution).as_deref(),
        Some("Réserve de 0,3 ETP : ASS01 2 demi-journées libres sur 10 et ASS02 1 sur 5 (le solveur choisit où)")
    );
    // A note, last in the plan's warnings, after the inputs' own.
    let p = assembled(&problem, &solution, SolveStatus::Optimal);
    assert_eq!(p.warnings.last().map(String::as_str), reserve_holders(&problem, &solution).as_deref());
    assert!(!is_leading_warning(p.warnings.last().expect("a note")));
    // No reserve: no note.
    let problem = Problem::new(&small_instance_with_rep_plus(), &Scenario::default()).expect("valid");
    assert_eq!(reserve_holders(&problem, &solution), None);
}

/// Past ten workers, the others are counted with their half-days, so that the line adds up.
#[test]
fn past_ten_workers_the_others_are_counted() {
    let mut instance = small_instance();
    for n in 2..=13 {
        let fte = if n == 13 { 0.4 } else { 0.5 };
        instance.workers.push(worker(&format!("ASS{n:02}"), fte, LatLon::new(43.61, 1.44)));
    }
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(1.0);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let solution = plan(&problem, &[(0, 0, 4), (0, 1, 3), (0, 2, 3)]);
    let lines = idle_time(&problem, &solution, None);
    assert_eq!(
        lines,
        vec![
            "Temps des assistants sans établissement : 5,9 ETP (59 demi-journées), le budget de 1 ETP étant sous le \
             temps des assistants de workers.csv (6,9 ETP) ; aucun poste n'est supprimé, le solveur choisit chez qui ce \
             temps reste libre : ASS02 5 demi-journées libres sur 5, ASS03 5 sur 5, ASS04 5 sur 5, ASS05 5 sur 5, \
             ASS06 5 sur 5, ASS07 5 sur 5, ASS08 5 sur 5, ASS09 5 sur 5, ASS10 5 sur 5, ASS11 5 sur 5 et 2 autres \
             assistants (9 demi-journées)"
                .to_string()
        ]
    );
}

/// With a time limit on the rule of thumb's plan, a budget below the workers' time and more
/// establishments of unknown IPS than the terminal shows, the warnings that change what the plan
/// means come first: the time limit, the budget, the idle time; the input files' warnings go
/// after them.
#[test]
fn the_warnings_that_change_what_the_plan_means_come_first() {
    let mut instance = two_workers();
    for (n, e) in instance.establishments.iter_mut().enumerate() {
        e.pupils = 1000;
        e.ips = if n == 0 { Some(100.0) } else { None };
    }
    for n in 4..=8 {
        let mut e = college(&format!("031000{n}X"), 1000);
        e.ips = None;
        e.location = LatLon::new(43.60 + 0.005 * f64::from(n), 1.44);
        instance.establishments.push(e);
    }
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(1.2);
    scenario.solver.time_limit_s = 0.3;
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let ips = problem.warnings.iter().filter(|w| w.contains("IPS inconnu")).count();
    assert_eq!(ips, 7, "{:?}", problem.warnings);
    let baseline = rule_of_thumb(&problem).solution;
    assert_eq!(baseline.assignments.iter().map(|a| a.units).sum::<u32>(), problem.budget_units, "budget spent");
    let mut p = assembled(&problem, &baseline, SolveStatus::TimeLimit);
    assert!(p.keeps_rule_of_thumb());
    assert!(p.warnings[0].starts_with("limite de temps atteinte (0,3 s)"), "{:?}", p.warnings);
    assert!(p.warnings[1].starts_with("budget.total_fte = 1,2 est inférieur"), "{:?}", p.warnings);
    assert!(p.warnings[2].starts_with("Temps des assistants sans établissement : 0,6 ETP"), "{:?}", p.warnings);
    assert!(p.warnings[3..].iter().all(|w| w.contains("IPS inconnu")), "{:?}", p.warnings);
    // The input files' warnings after the leading ones, before the others.
    p.add_input_warnings(&["current.csv, ligne 3 : …".to_string()]);
    assert_eq!(p.warnings[3], "current.csv, ligne 3 : …");
    assert!(p.warnings[4].contains("IPS inconnu"));
    assert_eq!(p.warnings.iter().take_while(|w| is_leading_warning(w)).count(), 3);
}
