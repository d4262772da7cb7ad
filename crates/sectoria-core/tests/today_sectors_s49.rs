//! Today's sectors measured like the plan (tester's session s49, « que perd le plan par rapport
//! à l'an dernier ? »): `plan.json`'s `today`, evaluated with the plan's own functions, without
//! the workers who have left, absent without `current.csv`, and read back from plans written
//! before it.

use sectoria_core::test_support::{small_instance_with_rep_plus, small_plan, solved_by_hand};
use sectoria_core::today::today_solution;
use sectoria_core::{assemble, check_plan, rule_of_thumb, CurrentAssignment, Plan, Problem, Scenario};

/// The small instance (ASS01, ASS02, four collèges) with today's sectors: ASS01 at 0310001A and
/// 0310002B, ASS02 at the REP+ collège 0310004D, and ASS09, who has left workers.csv, at
/// 0310003C.
fn problem() -> Problem {
    let mut instance = small_instance_with_rep_plus();
    for (worker, uai, fte) in
        [("ASS01", "0310001A", 0.3), ("ASS01", "0310002B", 0.2), ("ASS02", "0310004D", 0.4), ("ASS09", "0310003C", 0.4)]
    {
        instance.current.push(CurrentAssignment { worker_id: worker.into(), uai: uai.into(), fte });
    }
    Problem::new(&instance, &Scenario::default()).expect("valid")
}

fn plan_of(problem: &Problem, solution: &sectoria_core::Solution) -> Plan {
    let solver = solved_by_hand(sectoria_core::objective(problem, solution).total);
    assemble(problem, solution, solver, &rule_of_thumb(problem).solution, Default::default())
}

/// A plan that keeps today's sectors shows the same figures and objective as `today`.
#[test]
fn a_plan_identical_to_today_s_sectors_has_today_s_figures() {
    let problem = problem();
    let (solution, _) = today_solution(&problem);
    let plan = plan_of(&problem, &solution);
    let today = plan.today.as_ref().expect("today's sectors are measured");
    assert_eq!(plan.kpis, today.kpis);
    assert_eq!(plan.objective, today.objective);
    assert!(today.broken_rules.is_empty(), "{:?}", today.broken_rules);
    assert!(check_plan(&problem, &plan).is_ok(), "{:?}", check_plan(&problem, &plan).problems);
}

/// The establishment only a departed worker serves today is not served in today's column, and
/// is counted apart.
#[test]
fn departed_workers_establishments_are_not_served_today() {
    let problem = problem();
    let plan = plan_of(&problem, &rule_of_thumb(&problem).solution);
    let today = plan.today.as_ref().expect("today's sectors are measured");
    assert_eq!(today.departed_establishments, 1);
    assert_eq!((today.kpis.establishments_served, today.kpis.establishments), (3, 4), "0310003C is not served");
    let (solution, chosen) = today_solution(&problem);
    let c = problem.site_index("0310003C").expect("in scope");
    assert!(solution.assignments.iter().all(|a| a.site != c));
    assert!(chosen.is_empty(), "every worker has a residence");
    // The figures of today's sectors, whatever the plan is.
    assert!((today.kpis.fte_used - 0.9).abs() < 1e-9, "{}", today.kpis.fte_used);
}

/// Without `current.csv` there is no `today`, nothing of it written; a plan written before it
/// reads back without it.
#[test]
fn without_today_s_sectors_nothing_is_written_and_older_plans_read() {
    let plan = small_plan();
    assert!(plan.today.is_none());
    let json = serde_json::to_string(&plan).expect("json");
    assert!(!json.contains("\"today\""));
    let back: Plan = serde_json::from_str(&json).expect("an older plan reads");
    assert!(back.today.is_none());
    // A plan with it round-trips.
    let problem = problem();
    let with = plan_of(&problem, &rule_of_thumb(&problem).solution);
    let back: Plan = serde_json::from_str(&serde_json::to_string(&with).expect("json")).expect("reads");
    assert_eq!(back.today, with.today);
    assert_eq!(back.schema, 1);
}

/// `check` recomputes today's sectors' figures: an edited one is caught.
#[test]
fn an_edited_figure_of_today_s_sectors_is_caught_by_the_checker() {
    let problem = problem();
    let (solution, _) = today_solution(&problem);
    let plan = plan_of(&problem, &solution);
    let mut edited = plan.clone();
    let today = edited.today.as_mut().expect("the demo has current.csv");
    today.kpis.establishments_served += 5;
    let solution = edited.solution(&problem).expect("decisions read back");
    let (own, _) = sectoria_core::check_figures::figure_leaves(&problem, &edited, &solution);
    assert!(own.iter().any(|d| d.starts_with("today.kpis.establishments_served")), "{own:?}");
    let solution = plan.solution(&problem).expect("decisions read back");
    let (own, _) = sectoria_core::check_figures::figure_leaves(&problem, &plan, &solution);
    assert!(own.is_empty(), "{own:?}");
}

/// A plan written before today's sectors were measured (no `today`) still passes the checker.
#[test]
fn a_plan_without_today_s_sectors_still_passes_the_checker() {
    let problem = problem();
    let (solution, _) = today_solution(&problem);
    let mut older = plan_of(&problem, &solution);
    older.today = None;
    let (own, _) = sectoria_core::check_figures::figure_leaves(&problem, &older, &solution);
    assert!(own.is_empty(), "{own:?}");
}

/// A worker of workers.csv that current.csv does not describe is counted, so that today's
/// understated figures are said (the report then gives no sentence of gains).
#[test]
fn workers_current_csv_leaves_out_are_counted() {
    let mut instance = small_instance_with_rep_plus();
    instance.current.push(CurrentAssignment { worker_id: "ASS01".into(), uai: "0310001A".into(), fte: 0.3 });
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let today = sectoria_core::today::today_report(&problem).expect("today's sectors");
    assert_eq!(today.undescribed_workers, 1, "ASS02 has no line in current.csv");
    assert_eq!(sectoria_core::today::today_report(&self::problem()).expect("today").undescribed_workers, 0);
}
