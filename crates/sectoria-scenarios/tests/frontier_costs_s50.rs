//! Session 50: each frontier point carries its objective's terms — service value less travel,
//! stability and fragmentation — so that the chart can say what the plan retained gains over a
//! point that looks better on every figure it draws.

use sectoria_core::Problem;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;

#[test]
fn each_frontier_point_carries_the_terms_of_its_objective() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !dir.join("establishments.csv").exists() {
        eprintln!("data/demo absent: test skipped");
        return;
    }
    let instance = sectoria_io::load_instance(&dir).expect("demo instance");
    let scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    assert!(scenario.stability.penalty_per_unit > 0.0, "the demo has a stability penalty");
    let problem = Problem::new(&instance, &scenario).expect("problem");
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    let solution = plan.solution(&problem).expect("solution");
    let f = sectoria_scenarios::frontier(&problem, &solution, plan.solver.best_bound, &|_| ControlFlow::Continue(()))
        .expect("frontier");
    assert!(f.points.len() >= 2, "{f:?}");
    for p in &f.points {
        let c = p.costs.expect("costs recorded");
        let total = p.service_value - c.travel_cost - c.stability_cost - c.fragmentation_cost;
        assert!((total - p.objective).abs() < 1e-6, "{p:?}");
        let penalty = scenario.stability.penalty_per_unit * f64::from(c.changed_units);
        assert!((c.stability_cost - penalty).abs() < 1e-9, "{p:?}");
        let pairs = scenario.rules.fragmentation_cost * c.served_pairs as f64;
        assert!((c.fragmentation_cost - pairs).abs() < 1e-9, "{p:?}");
        assert!(c.served_pairs >= p.establishments_served, "{p:?}");
    }
    // The plan's own point has the plan's terms.
    let own = f.points.iter().find(|p| p.is_plan).and_then(|p| p.costs).expect("the plan's point");
    assert!((own.stability_cost - plan.objective.stability_cost).abs() < 1e-6, "{own:?}");
    assert_eq!(own.changed_units, plan.kpis.changed_units, "{own:?}");
}
