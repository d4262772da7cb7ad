//! A better plan found by the explanations leads the plan's warnings (web tester, session s46,
//! item 4): on the demo at its default gap (0,1 %), the counterfactual of 0991441D found a plan
//! 9,3 points better than the plan presented, serving 99 establishments instead of 97, and the
//! summary still said 97/121 without a word. The explained plan now says so first, with the
//! figures; a plan proven optimal never does.

use sectoria_core::{check_plan, Instance, Plan, Problem, Scenario};
use sectoria_scenarios::counterfactual::BETTER_PLAN_KNOWN;
use sectoria_scenarios::{explain_missing, explain_plan};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;

fn demo() -> Option<(Instance, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !dir.join("establishments.csv").exists() {
        eprintln!("data/demo absent: test skipped");
        return None;
    }
    let instance = sectoria_io::load_instance(&dir).expect("demo instance");
    let scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    Some((instance, scenario))
}

fn explained(instance: &Instance, scenario: &Scenario) -> (Problem, Plan) {
    let problem = Problem::new(instance, scenario).expect("problem");
    let mut plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    explain_plan(&problem, &mut plan, &|_| ControlFlow::Continue(())).expect("explanations");
    (problem, plan)
}

/// The best objective a counterfactual of `plan` found, and how many found one above the plan's
/// beyond 1e-6 of it.
fn best_found(plan: &Plan) -> (f64, usize) {
    let z = plan.objective.total;
    let found: Vec<f64> = plan
        .establishments
        .iter()
        .filter_map(|e| e.explanation.as_ref().and_then(|x| x.counterfactual.objective))
        .collect();
    let better = found.iter().filter(|&&o| o - z > 1e-6 * z.abs().max(1.0)).count();
    (found.into_iter().fold(f64::NEG_INFINITY, f64::max), better)
}

#[test]
fn a_better_plan_found_by_a_counterfactual_leads_the_warnings() {
    let Some((instance, scenario)) = demo() else { return };
    assert_eq!(scenario.solver.relative_gap, 0.001, "the demo's default gap");
    let (problem, mut plan) = explained(&instance, &scenario);
    let (best, better) = best_found(&plan);
    let z = plan.objective.total;
    assert!(better > 0 && best > z, "the demo at 0,1 % is expected to leave a better plan: {best} vs {z}");
    let w = &plan.warnings[0];
    assert!(w.starts_with(BETTER_PLAN_KNOWN), "{:?}", plan.warnings);
    let gain = sectoria_core::french::points(best - z, 1);
    // Its size and the equivalence of both plans first (finding 6 of session 49).
    assert!(w.starts_with(&format!("{BETTER_PLAN_KNOWN}, de {gain} (")), "{gain}: {w}");
    assert!(
        w.contains(" de l'objectif) : les deux plans sont équivalents dans la tolérance du solveur (écart prouvé "),
        "{w}"
    );
    assert!(
        w.contains(&format!("{better} contrefactuels sur 121 ont trouvé un plan meilleur, le meilleur en ")),
        "{w}"
    );
    assert!(w.contains("établissements servis au lieu de 97") && w.contains("0991441D"), "{w}");
    assert!(w.contains("pour le retenir : passez `solver.relative_gap` à ") && w.contains("[locks] serve"), "{w}");
    assert_eq!(plan.warnings.iter().filter(|w| w.starts_with(BETTER_PLAN_KNOWN)).count(), 1);
    // `sectoria check` leaves warnings out: the explained plan is still accepted.
    assert!(check_plan(&problem, &plan).is_ok(), "{:?}", check_plan(&problem, &plan));
    // Completing explanations already complete keeps the one warning.
    let before = plan.warnings.clone();
    assert_eq!(explain_missing(&problem, &mut plan, &|_| ControlFlow::Continue(())).unwrap(), (0, 0));
    assert_eq!(plan.warnings, before);
}

#[test]
fn a_plan_proven_optimal_never_gets_the_warning() {
    let Some((instance, mut scenario)) = demo() else { return };
    scenario.solver.relative_gap = 0.0;
    let (_, plan) = explained(&instance, &scenario);
    assert_eq!(plan.solver.status, sectoria_core::SolveStatus::Optimal);
    assert_eq!(best_found(&plan).1, 0, "no plan beats a proven optimum");
    assert!(!plan.warnings.iter().any(|w| w.starts_with(BETTER_PLAN_KNOWN)), "{:?}", plan.warnings);
}
