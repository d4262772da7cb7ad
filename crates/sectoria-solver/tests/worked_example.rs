//! A three-collège instance whose optimum is worked out by hand.

use sectoria_core::test_support::{college, worker};
use sectoria_core::{check_solution, objective, Instance, LatLon, Problem, Scenario, SolveStatus};

/// Three collèges at the worker's base (0 km), no travel or fragmentation cost, 0.5 ETP
/// (5 units), minimum presence 2 units. Value per unit within each third of the need:
///
/// - A: 600 pupils, REP (w = 2): need 6 units, thirds of 2 units, scale 1200:
///   200, 200 | 120, 120 | 60, 60 per unit.
/// - B: 300 pupils (w = 1): need 3 units, scale 300: 100 | 60 | 30.
/// - C: 900 pupils (w = 1): need 9 units, thirds of 3 units, scale 900: 100 ×3 | 60 ×3 | 30 ×3.
///
/// Options with 5 units: A5 = 400 + 240 + 60 = 700; A3 + C2 = 520 + 200 = 720;
/// A2 + C3 = 400 + 300 = 700; A3 + B2 = 520 + 160 = 680; A2 + B3 = 400 + 190 = 590;
/// B2 + C3 = 460. Best: A3 + C2 = 720 — covering a second collège beats saturating A.
#[test]
fn three_colleges_optimum_is_a3_c2() {
    let here = LatLon::new(43.6045, 1.4440);
    let mut a = college("0310001A", 600);
    a.rep = true;
    let b = college("0310002B", 300);
    let c = college("0310003C", 900);
    let instance =
        Instance { establishments: vec![a, b, c], workers: vec![worker("ASS01", 0.5, here)], ..Instance::default() };
    let mut scenario = Scenario::default();
    scenario.rules.fragmentation_cost = 0.0;
    scenario.rules.must_cover.clear();
    let problem = Problem::new(&instance, &scenario).unwrap();
    let solved = sectoria_solver::solve(&problem).unwrap();
    assert_eq!(solved.report.status, SolveStatus::Optimal);
    let units = solved.solution.units_per_site(3);
    assert_eq!(units, vec![3, 0, 2]);
    let terms = objective(&problem, &solved.solution);
    assert!((terms.total - 720.0).abs() < 1e-6, "{terms:?}");
    assert!((solved.report.objective - 720.0).abs() < 1e-4);
    assert!(check_solution(&problem, &solved.solution).is_empty());
}
