//! `check` refuses a plan file whose shown figures are not what its decisions give: a committee
//! document regenerated from it would print them.

use sectoria_core::test_support::{small_instance_with_rep_plus, small_plan};
use sectoria_core::{check_plan, Problem, Scenario};

fn problem() -> Problem {
    Problem::new(&small_instance_with_rep_plus(), &Scenario::default()).expect("valid")
}

#[test]
fn the_plan_as_assembled_passes() {
    let report = check_plan(&problem(), &small_plan());
    assert!(report.is_ok(), "{:?}", report.problems);
}

/// A message `check` must give, and the edit of the plan file that calls for it.
type Edit = (&'static str, fn(&mut sectoria_core::Plan));

#[test]
fn edited_figures_are_named_with_both_values() {
    let problem = problem();
    let edits: [Edit; 7] = [
        ("kpis.establishments_served : le plan annonce 30, recalculé 3", |p| p.kpis.establishments_served = 30),
        ("kpis.weighted_coverage : le plan annonce 0,99", |p| p.kpis.weighted_coverage = 0.99),
        ("establishments[0310001A].allocated_fte : le plan annonce 0,9, recalculé 0,3", |p| {
            p.establishments[0].allocated_fte = 0.9
        }),
        ("establishments[0310001A].workers[0].worker : le plan annonce ASS99, recalculé ASS01", |p| {
            p.establishments[0].workers[0].worker = "ASS99".into()
        }),
        ("workers[ASS01].weekly_km : le plan annonce 999", |p| p.workers[0].weekly_km = 999.0),
        ("solver.objective : le plan annonce 1, son objectif total est", |p| p.solver.objective = 1.0),
        ("baseline.kpis.establishments_served : le plan annonce 9, la règle usuelle de cette version de sectoria donne", |p| {
            p.baseline.kpis.establishments_served = 9
        }),
    ];
    for (said, edit) in edits {
        let mut plan = small_plan();
        edit(&mut plan);
        let report = check_plan(&problem, &plan);
        assert!(report.problems.iter().any(|p| p.contains(said)), "{said}: {:?}", report.problems);
    }
}

/// A plan written before an optional figure existed (`kpis.by_category[].by_level`, the REP+
/// split of session 46) shows no such figure, and is not refused for it.
#[test]
fn a_figure_the_file_does_not_have_is_not_a_difference() {
    use sectoria_core::test_support::{random_instance, solved_by_hand, RandomSpec};
    use sectoria_core::{assemble, rule_of_thumb};
    let spec = RandomSpec {
        sites: vec![(0.0, 0.0, 500, 0, 90.0, true), (0.02, 0.01, 400, 0, 100.0, false)],
        ecoles: 2,
        workers: vec![(0.0, 0.0, 10)],
        budget_only: false,
    };
    let problem = Problem::new(&random_instance(&spec), &Scenario::default()).expect("valid");
    let solution = rule_of_thumb(&problem).solution;
    let solver = solved_by_hand(sectoria_core::objective(&problem, &solution).total);
    let plan = assemble(&problem, &solution, solver, &solution, Default::default());
    assert!(check_plan(&problem, &plan).is_ok());
    let mut json = serde_json::to_value(plan).expect("json");
    let mut removed = 0;
    for pointer in ["/kpis/by_category", "/baseline/kpis/by_category"] {
        for c in json.pointer_mut(pointer).and_then(|v| v.as_array_mut()).expect("categories") {
            removed += usize::from(c.as_object_mut().expect("category").remove("by_level").is_some());
        }
    }
    assert_eq!(removed, 2, "the plan and the rule of thumb show the REP+ split");
    let older: sectoria_core::Plan = serde_json::from_value(json).expect("reads");
    let report = check_plan(&problem, &older);
    assert!(report.is_ok(), "{:?}", report.problems);
}
