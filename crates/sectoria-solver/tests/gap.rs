//! The reported gap is the plan's own: `(bound − objective) / |objective|` with the objective
//! recomputed from the plan, constant continuity cost included, on the demo with a pair of
//! today's sectors forbidden (the model has no variable for it, so its cost is a constant).

use sectoria_core::scenario::{ForbiddenPair, Method};
use sectoria_core::{objective, Problem};
use std::path::Path;

fn demo() -> (sectoria_core::Instance, sectoria_core::Scenario) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let instance = sectoria_io::instance::load_instance(&dir).expect("demo instance");
    let scenario = sectoria_io::scenario::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    (instance, scenario)
}

#[test]
fn gap_is_measured_on_the_plans_own_objective() {
    let (instance, mut scenario) = demo();
    let today = instance.current.first().expect("demo has today's sectors").clone();
    scenario.locks.forbid.push(ForbiddenPair { uai: today.uai.clone(), worker: today.worker_id.clone() });
    for method in [Method::Auto, Method::Compact] {
        scenario.solver.method = method;
        scenario.solver.time_limit_s = 20.0;
        let problem = Problem::new(&instance, &scenario).expect("valid scenario");
        let solved = sectoria_solver::solve(&problem).expect("a plan");
        let r = &solved.report;
        let own = objective(&problem, &solved.solution).total;
        assert!((r.objective - own).abs() <= 1e-9 * own.abs(), "{method:?}: reported {} own {own}", r.objective);
        let expected = ((r.best_bound - own) / own.abs()).max(0.0);
        assert!((r.relative_gap - expected).abs() <= 1e-12, "{method:?}: gap {} expected {expected}", r.relative_gap);
        assert!(r.best_bound >= own - 1e-6 * own.abs(), "{method:?}: bound {} below the plan {own}", r.best_bound);
    }
}
