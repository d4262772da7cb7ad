//! « Que donnerait un poste de plus ? deux ? » on the demo département and its 26 workers
//! (tester's session s49, finding 8): `sweep --vary budget.extra_posts=0:2:1` adds full-time
//! posts the model places, and each post serves more, or covers more need; the plan with posts
//! passes the independent check, and not once a post is given more than its full time.

use sectoria_core::{check_plan, Problem, Scenario};
use sectoria_scenarios::sweep::SweepOutcome;
use sectoria_scenarios::{sweep, VarySpec};
use std::collections::BTreeMap;
use std::path::Path;

fn demo() -> Option<(sectoria_core::Instance, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !dir.join("workers.csv").exists() {
        eprintln!("data/demo absent: test skipped");
        return None;
    }
    let instance = sectoria_io::load_instance(&dir).expect("demo instance");
    let scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    Some((instance, scenario))
}

#[test]
fn each_extra_post_serves_more_or_covers_more_need() {
    let Some((instance, scenario)) = demo() else { return };
    let specs = [VarySpec::parse("budget.extra_posts=0:2:1").expect("spec")];
    let result = sweep(&instance, &scenario, &specs, None, 0, &|_| {}).expect("sweep");
    let rows: Vec<_> = result
        .rows
        .iter()
        .map(|r| match &r.outcome {
            SweepOutcome::Solved(s) => s,
            other => panic!("{} extra posts: {other:?}", r.values[0]),
        })
        .collect();
    assert_eq!(rows.len(), 3);
    let staff: f64 = instance.workers.iter().map(|w| w.fte).sum();
    for (n, pair) in rows.windows(2).enumerate() {
        let (before, after) = (pair[0], pair[1]);
        // One more full-time post: one more ETP given.
        assert!(
            (after.fte_used - before.fte_used - 1.0).abs() < 0.05,
            "post {}: {} → {}",
            n + 1,
            before.fte_used,
            after.fte_used
        );
        let served = |r: &sectoria_scenarios::sweep::SolvedRow| r.served().len();
        assert!(served(after) >= served(before), "post {}: {} → {} served", n + 1, served(before), served(after));
        assert!(after.need_covered.0 >= before.need_covered.0 - 1e-9, "post {}: need covered", n + 1);
        assert!(served(after) > served(before) || after.need_covered.0 > before.need_covered.0 + 1e-9);
    }
    assert!(rows[0].fte_used <= staff + 1e-9);
}

#[test]
fn a_plan_with_extra_posts_passes_the_check_and_not_with_a_post_overloaded() {
    let Some((instance, mut scenario)) = demo() else { return };
    scenario.budget.extra_posts = 2;
    let problem = Problem::new(&instance, &scenario).expect("problem");
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    let posts: Vec<_> = plan.workers.iter().filter(|w| w.id.starts_with("NOUVEAU")).collect();
    assert_eq!(posts.len(), 2);
    assert!(posts
        .iter()
        .all(|w| w.generated && w.fte == 1.0 && w.name.as_deref() == Some("Poste supplémentaire (scénario)")));
    assert!(posts.iter().any(|w| !w.sector.is_empty()), "no post used");
    let report = check_plan(&problem, &plan);
    assert!(report.is_ok(), "{:?}", report.problems);
    // Rebuilt from the instance and the scenario read back from the plan, as `sectoria check` does.
    let again = Problem::new(&instance, &plan.scenario).expect("problem");
    assert!(check_plan(&again, &plan).is_ok());

    // A post given 5 half-days more than its week.
    let mut overloaded = plan.clone();
    let post =
        overloaded.workers.iter_mut().find(|w| w.id.starts_with("NOUVEAU") && !w.sector.is_empty()).expect("a post");
    let (id, more) = (post.id.clone(), 10 - post.units_used + 5);
    post.sector[0].units += more;
    let uai = post.sector[0].uai.clone();
    let e = overloaded.establishments.iter_mut().find(|e| e.uai == uai).expect("establishment");
    e.allocated_units += more;
    let report = check_plan(&problem, &overloaded);
    assert!(!report.is_ok());
    assert!(
        report.problems.iter().any(|p| p.contains(&id) && p.contains("pour une capacité de 10")),
        "{:?}",
        report.problems
    );
}
