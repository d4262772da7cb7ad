//! An infeasible `stability.max_changes` gives its figures (tester's session s46: the demo's
//! plan adopted as today's sectors, replanned with 20 ETP and `max_changes = 10`, said only
//! « trop bas … augmentez-le »): today's half-days against the budget after reserve, and what
//! every plan changes at least, never more than a plan does change.

use sectoria_core::feasibility::changes_needed;
use sectoria_core::objective::changed_units;
use sectoria_core::test_support::{college, worker};
use sectoria_core::{CurrentAssignment, Instance, LatLon, Problem};
use sectoria_solver::{solve, SolveError};
use std::path::Path;

fn demo() -> (Instance, sectoria_core::Scenario) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let instance = sectoria_io::load_instance(&dir).expect("demo instance");
    let scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    (instance, scenario)
}

fn reasons(e: SolveError) -> Vec<(String, String)> {
    match e {
        SolveError::Infeasible(r) => r.into_iter().map(|r| (r.rule, r.message)).collect(),
        SolveError::NoPlan(m) => panic!("no plan: {m}"),
    }
}

/// The tester's case: the demo's plan as today's sectors, 20 ETP and a reserve of 0,5: today's
/// half-days above the 195 the budget allows must all change, and the message says how many.
/// The figure is a true lower bound: the plan without the cap changes at least as many.
#[test]
fn the_demo_s_plan_adopted_then_a_smaller_budget_gives_the_figures() {
    let (mut instance, scenario) = demo();
    let plan = solve(&Problem::new(&instance, &scenario).expect("demo")).expect("demo plan");
    let problem = Problem::new(&instance, &scenario).expect("demo");
    instance.current = plan
        .solution
        .assignments
        .iter()
        .map(|a| CurrentAssignment {
            worker_id: problem.staff[a.worker].worker.id.clone(),
            uai: problem.sites[a.site].uai().to_string(),
            fte: f64::from(a.units) / 10.0,
        })
        .collect();
    let today: u32 = plan.solution.assignments.iter().map(|a| a.units).sum();
    let mut smaller = scenario.clone();
    smaller.budget.total_fte = Some(20.0);
    let free = Problem::new(&instance, &smaller).expect("20 ETP");
    assert_eq!(free.budget_units, 195);
    let least = changes_needed(&free).least();
    assert_eq!(least, today - 195);
    let replanned = solve(&free).expect("a plan without the cap");
    assert!(changed_units(&free, &replanned.solution) >= least);

    smaller.stability.max_changes = Some(10);
    let capped = Problem::new(&instance, &smaller).expect("20 ETP, 10 changes");
    let reasons = reasons(solve(&capped).expect_err("infeasible"));
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    let (rule, message) = &reasons[0];
    assert_eq!(rule, "max_changes");
    assert!(
        message.starts_with(&format!(
            "`stability.max_changes` = 10 est trop bas : les secteurs actuels (current.csv) comptent {today} \
             demi-journées ; ils dépassent de {least} le budget après réserve (195 demi-journées, 19,5 ETP) ; tout \
             plan en change donc au moins {least} : augmentez `stability.max_changes` à {least} au moins"
        )),
        "{message}"
    );
}

/// When no simple figure proves it (today's half-day is below the minimum presence), the
/// solver's diagnosis still gives the cap and today's half-days.
#[test]
fn the_solver_s_diagnosis_gives_the_cap_and_today_s_half_days() {
    let instance = Instance {
        establishments: vec![college("0310001A", 500)],
        workers: vec![worker("ASS01", 1.0, LatLon::new(43.6045, 1.4440))],
        current: vec![CurrentAssignment { worker_id: "ASS01".into(), uai: "0310001A".into(), fte: 0.1 }],
        ..Instance::default()
    };
    let mut scenario = sectoria_core::Scenario::default();
    scenario.rules.must_cover.clear();
    scenario.stability.max_changes = Some(0);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    assert_eq!(changes_needed(&problem).least(), 0);
    let reasons = reasons(solve(&problem).expect_err("1 half-day is below the minimum presence"));
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert_eq!(reasons[0].0, "max_changes");
    assert!(
        reasons[0].1.starts_with("`stability.max_changes` = 0 est trop bas pour respecter les autres règles")
            && reasons[0].1.contains("à partir des secteurs actuels (current.csv, 1 demi-journée) : augmentez-le"),
        "{}",
        reasons[0].1
    );
}
