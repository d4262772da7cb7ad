//! `[locks] serve`: an establishment the scenario asks to serve is served, by whichever worker
//! or post, also in a plan of posts (which have no id a lock could name); it cannot be taken
//! out in a counterfactual; an unknown UAI is refused.

use sectoria_core::location::LatLon;
use sectoria_core::test_support::{college, small_instance};
use sectoria_core::{check_solution, Problem, ProblemError, Scenario};
use std::collections::BTreeMap;

/// [`small_instance`] with a small collège about 45 km away by road, which a plan leaves out for the travel.
fn instance() -> sectoria_core::instance::Instance {
    let mut instance = small_instance();
    let mut far = college("0319999Z", 120);
    far.location = LatLon::new(43.85, 1.70);
    instance.establishments.push(far);
    instance
}

fn served(scenario: &Scenario, instance: &sectoria_core::instance::Instance) -> bool {
    let problem = Problem::new(instance, scenario).expect("valid");
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("a plan");
    let solution = plan.solution(&problem).expect("readable");
    assert!(check_solution(&problem, &solution).is_empty());
    plan.establishments.iter().any(|e| e.uai == "0319999Z" && e.allocated_units > 0)
}

#[test]
fn an_establishment_to_serve_is_served_by_a_worker_or_a_post() {
    let mut scenario = Scenario::default();
    scenario.travel.weight_per_km = 20.0;
    assert!(!served(&scenario, &instance()), "the far collège is left out without the lock");
    scenario.locks.serve = vec!["0319999Z".to_string()];
    assert!(served(&scenario, &instance()));
    // A plan of posts: no worker to keep it with, the lock alone serves it.
    let mut posts = instance();
    posts.workers.clear();
    scenario.budget.total_fte = Some(1.0);
    assert!(served(&scenario, &posts));
}

#[test]
fn an_unknown_establishment_to_serve_is_refused() {
    let mut scenario = Scenario::default();
    scenario.locks.serve = vec!["0310000X".to_string()];
    match Problem::new(&instance(), &scenario) {
        Err(e @ ProblemError::UnknownUai { .. }) => assert!(e.to_string().contains("[locks] serve"), "{e}"),
        other => panic!("{other:?}"),
    }
}
