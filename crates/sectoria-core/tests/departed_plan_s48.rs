//! The plan tells the establishments that workers no longer in `workers.csv` leave (tester's
//! session s48): `plan.json`'s `departed` list, counted in `kpis.changed_establishments`, both
//! recomputed by `check`; the list is written only when someone has left, so that plans without
//! it (written before, or without departures) read as before.

use sectoria_core::test_support::{small_instance_with_rep_plus, solved_by_hand};
use sectoria_core::{assemble, check_plan, rule_of_thumb, CurrentAssignment, Plan, Problem, Scenario};

/// The small instance (ASS01, ASS02, four collèges) with today's sectors: ASS01 at 0310001A as
/// in the plan, and ASS09, who has left workers.csv, at 0310003C.
fn problem() -> Problem {
    let mut instance = small_instance_with_rep_plus();
    for (worker, uai, fte) in [("ASS01", "0310001A", 0.3), ("ASS09", "0310003C", 0.4)] {
        instance.current.push(CurrentAssignment { worker_id: worker.into(), uai: uai.into(), fte });
    }
    Problem::new(&instance, &Scenario::default()).expect("valid")
}

fn plan(problem: &Problem) -> Plan {
    let solution = rule_of_thumb(problem).solution;
    let solver = solved_by_hand(sectoria_core::objective(problem, &solution).total);
    assemble(problem, &solution, solver, &solution, Default::default())
}

#[test]
fn the_departed_list_is_checked_and_round_trips() {
    let problem = problem();
    let plan = plan(&problem);
    assert_eq!(plan.departed.len(), 1);
    assert_eq!((plan.departed[0].worker.as_str(), plan.departed[0].uai.as_str()), ("ASS09", "0310003C"));
    assert_eq!(plan.departed[0].fte_today, 0.4);
    let report = check_plan(&problem, &plan);
    assert!(report.is_ok(), "{:?}", report.problems);

    // An edit of the list, or of the count that includes it, is named.
    let mut edited = plan.clone();
    edited.departed[0].served_by = vec!["ASS99".into()];
    let report = check_plan(&problem, &edited);
    assert!(report.problems.iter().any(|p| p.starts_with("departed[0310003C].served_by")), "{:?}", report.problems);
    let mut edited = plan.clone();
    edited.kpis.changed_establishments -= 1;
    let report = check_plan(&problem, &edited);
    assert!(
        report.problems.iter().any(|p| p.starts_with("kpis.changed_establishments : le plan annonce")),
        "{:?}",
        report.problems
    );

    // plan.json: written and read back; a plan without it (older, or no one left) reads, and
    // writes nothing new.
    let json = serde_json::to_string(&plan).expect("json");
    assert!(json.contains("\"departed\""));
    let back: Plan = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, plan);
    let mut older = serde_json::to_value(&plan).expect("json");
    older.as_object_mut().expect("object").remove("departed");
    let older: Plan = serde_json::from_value(older).expect("an older plan reads");
    assert!(older.departed.is_empty());
    assert!(!serde_json::to_string(&older).expect("json").contains("\"departed\""));
}
