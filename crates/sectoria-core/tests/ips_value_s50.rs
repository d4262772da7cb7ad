//! `need.ips_factor_in_value` (tester's session 50, finding 2): with the brief's formula the IPS
//! factor raises the need but not the value, so that of two collèges equal but for their IPS,
//! the disadvantaged one is worth less per half-day and loses the only minimum presence there
//! is; with the key on, the value scale is `w × pupils × IPS factor` and it is served first.

use sectoria_core::test_support::{college, worker};
use sectoria_core::{check_solution, objective, Assignment, Instance, Problem, Scenario, Solution};

const DISADVANTAGED: usize = 0; // IPS 78: factor 1,28
const AVERAGE: usize = 1; // IPS 110: factor 0,91

/// Two collèges of 600 pupils at the same place, IPS 78 and 110, and one worker there with the
/// time of one minimum presence (2 half-days).
fn instance() -> Instance {
    let mut low = college("0310001A", 600);
    low.ips = Some(78.0);
    let mut high = college("0310002B", 600);
    high.ips = Some(110.0);
    let here = low.location;
    Instance { establishments: vec![low, high], workers: vec![worker("ASS01", 0.2, here)], ..Instance::default() }
}

/// The objective of the plan giving the worker's 2 half-days to `site`, checked.
fn serving(problem: &Problem, site: usize) -> f64 {
    let mut s = Solution::empty(problem);
    s.assignments.push(Assignment { worker: 0, site, units: 2 });
    s.normalise();
    assert!(check_solution(problem, &s).is_empty(), "{:?}", check_solution(problem, &s));
    objective(problem, &s).total
}

/// The establishment the best plan serves: the one whose minimum presence is worth more.
fn served_first(ips_factor_in_value: bool) -> usize {
    let mut scenario = Scenario::default();
    scenario.need.ips_factor_in_value = ips_factor_in_value;
    let problem = Problem::new(&instance(), &scenario).expect("valid");
    assert_eq!(problem.sites[DISADVANTAGED].uai(), "0310001A");
    let (low, high) = (serving(&problem, DISADVANTAGED), serving(&problem, AVERAGE));
    assert!((low - high).abs() > 1.0, "{low} against {high}");
    if low > high {
        DISADVANTAGED
    } else {
        AVERAGE
    }
}

#[test]
fn by_default_the_average_collège_is_served_first() {
    assert_eq!(served_first(false), AVERAGE);
}

#[test]
fn with_the_ips_factor_in_the_value_the_disadvantaged_collège_is_served_first() {
    assert_eq!(served_first(true), DISADVANTAGED);
}

/// The key multiplies each establishment's value scale by its IPS factor and changes nothing
/// else (need, segments).
#[test]
fn the_key_scales_the_value_by_the_ips_factor() {
    let mut scenario = Scenario::default();
    let off = Problem::new(&instance(), &scenario).expect("valid");
    scenario.need.ips_factor_in_value = true;
    let on = Problem::new(&instance(), &scenario).expect("valid");
    for (a, b) in off.sites.iter().zip(&on.sites) {
        assert!((b.curve.scale - a.curve.scale * a.need.ips_factor).abs() < 1e-9);
        assert!((b.curve.need_units - a.curve.need_units).abs() < 1e-12);
    }
    assert!((on.sites[DISADVANTAGED].need.ips_factor - 100.0 / 78.0).abs() < 1e-12);
}
