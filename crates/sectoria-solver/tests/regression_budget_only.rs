//! Regression: in budget-only mode the plan read back from HiGHS must have the objective HiGHS
//! reported (found by the property test: two posts, a collège and a lycée professionnel 34 km apart).

use sectoria_core::test_support::college;
use sectoria_core::{check_solution, objective, Instance, Kind, LatLon, Problem, Scenario};

#[test]
fn budget_only_plan_read_back_matches_the_solver_objective() {
    let mut a = college("0310000A", 100);
    a.ips = Some(75.0);
    let mut b = college("0310001A", 134);
    b.kind = Kind::LyceePro;
    b.ips = Some(75.0);
    b.location = LatLon::new(43.6, 1.44 + 0.3220220261239946);
    let instance = Instance { establishments: vec![a, b], ..Instance::default() };
    let mut s = Scenario::default();
    s.budget.total_fte = Some(2.0);
    s.solver.relative_gap = 0.0;
    s.rules.must_cover.clear();
    let problem = Problem::new(&instance, &s).unwrap();
    let solved = sectoria_solver::solve(&problem).unwrap();
    let terms = objective(&problem, &solved.solution);
    assert!(check_solution(&problem, &solved.solution).is_empty());
    assert!((terms.total - solved.report.objective).abs() < 1e-6, "{} vs {}", terms.total, solved.report.objective);
}

/// Regression: a worker beyond the distance limit of every establishment gives an empty model,
/// which HiGHS reports as `ModelEmpty`; the plan is the empty plan, not an error.
#[test]
fn no_reachable_establishment_gives_the_empty_plan() {
    let mut a = college("0310000A", 100);
    a.location = LatLon::new(43.83, 1.44);
    let instance = Instance {
        establishments: vec![a],
        workers: vec![sectoria_core::test_support::worker("ASS01", 0.3, LatLon::new(43.40, 1.60))],
        ..Instance::default()
    };
    let mut s = Scenario::default();
    s.rules.must_cover.clear();
    let problem = Problem::new(&instance, &s).unwrap();
    let solved = sectoria_solver::solve(&problem).unwrap();
    assert!(solved.solution.assignments.is_empty());
    assert_eq!(solved.report.objective, 0.0);
}
