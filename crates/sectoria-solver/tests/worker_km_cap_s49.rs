//! A worker's own weekly km cap (`max_weekly_km` of workers.csv; tester's session s49: « ASS07
//! refuse de rouler plus de 300 km par semaine ») holds in both models, for a worker with a base
//! and for one whose base the model chooses; the smaller of it and the scenario's applies, and
//! `check` rejects a plan that breaks it, saying whose cap it is. Without the column nothing
//! changes: the demo's plan is the one before the column existed.

use sectoria_core::objective::weekly_km;
use sectoria_core::scenario::Method;
use sectoria_core::test_support::{college, worker};
use sectoria_core::{check_solution, Instance, LatLon, Problem, Scenario};
use sectoria_solver::solve;

const TOULOUSE: LatLon = LatLon { lat: 43.6045, lon: 1.4440 };

fn quiet() -> Scenario {
    let mut s = Scenario::default();
    s.rules.must_cover.clear();
    s.solver.relative_gap = 0.0;
    s
}

/// A small collège at the worker's base and a large one 30 km away that would take all its
/// time without a cap.
fn instance(own_cap: Option<f64>) -> Instance {
    let near = college("0310001A", 300);
    let mut far = college("0310002B", 1400);
    far.location = LatLon { lat: 43.6045, lon: 1.82 };
    let mut ass07 = worker("ASS07", 1.0, TOULOUSE);
    ass07.max_weekly_km = own_cap;
    Instance { establishments: vec![near, far], workers: vec![ass07], ..Instance::default() }
}

#[test]
fn a_worker_s_own_cap_holds_in_both_models_and_check_names_it() {
    let free_problem = Problem::new(&instance(None), &quiet()).unwrap();
    let free = solve(&free_problem).unwrap();
    let free_km = weekly_km(&free_problem, &free.solution, 0);
    assert!(free_km > 250.0, "without a cap ASS07 drives {free_km} km");

    for (scenario_cap, own_cap, applies, own) in
        [(None, 250.0, 250.0, true), (Some(400.0), 250.0, 250.0, true), (Some(200.0), 250.0, 200.0, false)]
    {
        for method in [Method::Auto, Method::Compact] {
            let mut s = quiet();
            s.travel.max_weekly_km = scenario_cap;
            s.solver.method = method;
            let problem = Problem::new(&instance(Some(own_cap)), &s).unwrap();
            let cap = problem.km_cap(0).expect("a cap");
            assert_eq!((cap.km, cap.own), (applies, own));
            let capped = solve(&problem).unwrap();
            if method == Method::Auto {
                assert_eq!(capped.report.engine, sectoria_solver::ENGINE_SECTORS, "the sector model holds the cap");
            }
            assert!(check_solution(&problem, &capped.solution).is_empty(), "{method:?}");
            let km = weekly_km(&problem, &capped.solution, 0);
            assert!(km <= applies + 1e-9 && capped.solution.units_per_site(2)[1] > 0, "{method:?}: {km} km");

            // The plan without the cap breaks it: the checker says so, and whose cap it is.
            let broken: Vec<String> = check_solution(&problem, &free.solution)
                .into_iter()
                .map(|v| format!("{} {}", v.code, v.message))
                .collect();
            let whose = if own {
                format!("au-delà de son propre plafond de {applies} km (`max_weekly_km` de workers.csv)")
            } else {
                format!("au-delà du plafond de {applies} km du scénario (`travel.max_weekly_km`)")
            };
            assert!(
                broken.iter().any(|b| b.starts_with("C08 ASS07 : ") && b.ends_with(&whose)),
                "{whose} not in {broken:?}"
            );
        }
    }
}

/// A worker without a base and with its own cap is a class of its own: the model chooses its
/// base, and its cap holds there, while a plain post without a cap drives as it likes.
#[test]
fn a_worker_without_a_base_keeps_its_own_cap() {
    let mut inst = instance(None);
    inst.workers[0].base = None;
    let mut capped_post = inst.workers[0].clone();
    capped_post.id = "ASS08".into();
    capped_post.max_weekly_km = Some(30.0);
    inst.workers.push(capped_post);
    let problem = Problem::new(&inst, &quiet()).unwrap();
    assert!(problem.is_distinct(1) && !problem.is_distinct(0));
    let solved = solve(&problem).unwrap();
    assert!(check_solution(&problem, &solved.solution).is_empty());
    assert!(weekly_km(&problem, &solved.solution, 1) <= 30.0 + 1e-9);
}

/// The demo plans as before the column: same objective as the release of session 48
/// (`sectoria plan --instance data/demo`: 34 486,770 points, gap reached at the root).
#[test]
fn without_the_column_the_demo_plan_is_unchanged() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let instance = sectoria_io::instance::load_instance(&dir).expect("demo instance");
    assert!(instance.workers.iter().all(|w| w.max_weekly_km.is_none()));
    let scenario = sectoria_io::scenario::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    let problem = Problem::new(&instance, &scenario).unwrap();
    assert!(!problem.has_km_cap());
    let solved = solve(&problem).expect("a plan");
    let before = 34_486.770_031_327_74;
    assert!(
        (solved.report.objective - before).abs() < 1e-6 * before,
        "{} instead of {before}",
        solved.report.objective
    );
}

/// The scenario's cap written as every worker's own cap gives the same plan: one cap, threaded
/// the same way wherever it comes from.
#[test]
fn every_worker_s_own_cap_equal_to_the_scenario_s_gives_the_same_plan() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let mut instance = sectoria_io::instance::load_instance(&dir).expect("demo instance");
    let mut scenario = sectoria_io::scenario::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    scenario.travel.max_weekly_km = Some(250.0);
    let by_scenario = solve(&Problem::new(&instance, &scenario).unwrap()).expect("a plan");
    scenario.travel.max_weekly_km = None;
    for w in &mut instance.workers {
        w.max_weekly_km = Some(250.0);
    }
    let problem = Problem::new(&instance, &scenario).unwrap();
    let by_workers = solve(&problem).expect("a plan");
    assert!(check_solution(&problem, &by_workers.solution).is_empty());
    assert_eq!(by_scenario.solution, by_workers.solution);
}
