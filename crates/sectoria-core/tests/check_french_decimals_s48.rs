//! `check` writes its distances with the French decimal comma, like every other output (tester's
//! session 48: « C08 ASS20 : 542.0 km par semaine »).

use sectoria_core::test_support::{small_instance_with_rep_plus, small_plan};
use sectoria_core::{check_plan, Problem, Scenario};

#[test]
fn check_writes_km_with_a_decimal_comma() {
    let mut s = Scenario::default();
    s.travel.max_weekly_km = Some(0.5);
    s.rules.max_distance_km = 0.25;
    let problem = Problem::new(&small_instance_with_rep_plus(), &s).expect("valid");
    let mut plan = small_plan();
    plan.scenario = s;
    let report = check_plan(&problem, &plan);
    let c08: Vec<&String> = report.problems.iter().filter(|p| p.contains("km par semaine")).collect();
    assert!(!c08.is_empty(), "{:?}", report.problems);
    for p in c08 {
        assert!(p.contains(" km par semaine, au-delà du plafond de 0,5 km"), "{p}");
        let km = p.split(" km par semaine").next().and_then(|h| h.rsplit(' ').next()).expect("the km");
        assert!(km.contains(',') && !km.contains('.'), "{p}");
    }
    let c05: Vec<&String> = report.problems.iter().filter(|p| p.contains("distance maximale")).collect();
    assert!(!c05.is_empty(), "{:?}", report.problems);
    for p in c05 {
        assert!(p.ends_with("au-delà de la distance maximale de 0,25 km"), "{p}");
        assert!(!p.contains('.'), "{p}");
    }
}
