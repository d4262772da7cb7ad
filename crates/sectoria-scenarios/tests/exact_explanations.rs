//! Worked examples on the demo: every establishment of the plan gets a concrete reason and a
//! counterfactual with its cost, and the breadth–depth frontier's points are non-dominated,
//! checked, and hold the optimum.

use sectoria_core::{check_plan, check_solution, Instance, Plan, Problem, Scenario};
use sectoria_scenarios::{attach, explain_exact, explain_missing, explain_plan, explain_with_plan, frontier};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

fn demo(gap: f64) -> Option<(Instance, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !dir.join("establishments.csv").exists() {
        eprintln!("data/demo absent: test skipped");
        return None;
    }
    let instance = sectoria_io::load_instance(&dir).expect("demo instance");
    let mut scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    scenario.solver.relative_gap = gap;
    Some((instance, scenario))
}

fn solve(instance: &Instance, scenario: &Scenario) -> (Problem, Plan) {
    let problem = Problem::new(instance, scenario).expect("problem");
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    (problem, plan)
}

#[test]
fn a_plan_without_explain_names_a_concrete_reason_for_every_establishment_below_need() {
    let Some((instance, scenario)) = demo(0.005) else { return };
    let (_, plan) = solve(&instance, &scenario);
    let analysis_count = plan.establishments.iter().filter(|e| e.reason.is_some()).count();
    assert!(analysis_count > 0);
    for e in &plan.establishments {
        let below = e.allocated_units == 0 || e.allocated_fte + 1e-9 < (e.need_fte * 10.0).floor() / 10.0;
        match &e.reason {
            Some(r) => {
                assert!(!r.contains("arbitrage"), "{}: {r}", e.uai);
                let r = sectoria_core::reason::split_lead(r).1;
                assert!(sectoria_core::reason::RULE_OPENINGS.iter().any(|c| r.starts_with(c)), "{}: {r}", e.uai);
                // The workers' time names the workers.
                if e.allocated_units == 0 && r.starts_with("temps des assistants") {
                    assert!(r.contains("ASS") || r.contains("aucun assistant"), "{}: {r}", e.uai);
                }
            }
            None => assert!(!below || e.allocated_units > 0, "{} not served and without a reason", e.uai),
        }
    }
    // The unserved REP+ écoles name their head collège's worker.
    for e in plan.establishments.iter().filter(|e| e.allocated_units == 0 && e.kind == sectoria_core::Kind::Ecole) {
        let r = e.reason.as_deref().unwrap_or_default();
        assert!(r.contains("collège tête de réseau") || r.contains("règle REP+"), "{}: {r}", e.uai);
    }
}

#[test]
fn every_demo_establishment_has_a_concrete_reason_and_a_cost() {
    let Some((instance, scenario)) = demo(0.005) else { return };
    let (problem, mut plan) = solve(&instance, &scenario);
    let (all, _) = explain_exact(&problem, &plan, &|_| std::ops::ControlFlow::Continue(())).unwrap();
    attach(&mut plan, &all);
    let mut within = 0;
    for e in &plan.establishments {
        let x = e.explanation.as_ref().unwrap_or_else(|| panic!("{} not explained", e.uai));
        assert!(!x.reason.contains("arbitrage d'ensemble"), "{}: {}", e.uai, x.reason);
        let c = &x.counterfactual;
        match &c.cost {
            Some(cost) => {
                assert!(0.0 <= cost.low && cost.low <= cost.high + 1e-6, "{}: {cost:?}", e.uai);
                assert_eq!(c.proven, cost.low > 1e-6 * plan.objective.total, "{}", e.uai);
                assert!(c.text.contains(if c.proven { "Décision prouvée" } else { "dans la tolérance" }), "{}", c.text);
                within += usize::from(!c.proven);
            }
            None => assert!(c.impossible.is_some() && e.must_cover, "{}: {c:?}", e.uai),
        }
        if e.allocated_units == 0 {
            assert!(e.reason.as_ref().is_some_and(|r| !r.contains("arbitrage")), "{}: {:?}", e.uai, e.reason);
        }
    }
    eprintln!("{within} decisions within the solver's tolerance");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.json"), sectoria_io::write_plan_json(&plan)).unwrap();
    let back = sectoria_io::read_plan(&dir.path().join("plan.json")).unwrap();
    assert_eq!(back.establishments, plan.establishments);
    let csv = sectoria_report::allocation_csv(&plan);
    assert!(csv
        .lines()
        .skip(1)
        .all(|l| l.contains("Décision prouvée") || l.contains("tolérance") || l.contains("impossible")));
    let html = sectoria_report::html_report(&plan, None, None).unwrap();
    assert_eq!(html.matches("<tr data-cf=").count(), plan.establishments.len());

    // An unserved REP+ école: the cost shown is the difference of two checked plans.
    let ecole = plan
        .establishments
        .iter()
        .find(|e| e.allocated_units == 0 && e.kind == sectoria_core::Kind::Ecole)
        .expect("an unserved école");
    let (e, other) = explain_with_plan(&problem, &plan, &ecole.uai).unwrap();
    let other = other.expect("a plan serving it");
    assert!(check_plan(&problem, &plan).is_ok() && check_plan(&problem, &other).is_ok());
    let cost = e.change.and_then(|c| c.cost).expect("a cost");
    assert!((cost.shown - (plan.objective.total - other.objective.total)).abs() < 1e-6);
}

#[test]
fn exact_explanations_stop_when_the_caller_asks_and_no_further_re_solve_starts() {
    let Some((instance, scenario)) = demo(0.005) else { return };
    let (problem, plan) = solve(&instance, &scenario);
    let total = problem.sites.len();
    // Stopped at once: not even the seeding solve runs, and no establishment has a counterfactual.
    let calls = AtomicUsize::new(0);
    let (at_once, done) = explain_exact(&problem, &plan, &|_| {
        calls.fetch_add(1, Ordering::SeqCst);
        ControlFlow::Break(())
    })
    .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!((at_once.len(), done), (total, 0));
    assert!(at_once.iter().all(|e| e.change.is_none()));
    // Stopped after the third counterfactual: those under way finish, none other starts, and
    // exactly those done carry their counterfactual.
    let (after_three, done) = explain_exact(&problem, &plan, &|done| {
        if done >= 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .unwrap();
    assert_eq!(after_three.len(), total);
    let threads = rayon::current_num_threads();
    assert!((3..3 + threads).contains(&done), "{done} counterfactuals done on {threads} threads");
    assert_eq!(after_three.iter().filter(|e| e.change.is_some()).count(), done);
}

#[test]
fn the_demo_frontier_is_non_dominated_checked_and_holds_the_optimum() {
    let Some((instance, scenario)) = demo(0.005) else { return };
    let (problem, plan) = solve(&instance, &scenario);
    let solution = plan.solution(&problem).unwrap();
    let f = frontier(&problem, &solution, plan.solver.best_bound, &|_| ControlFlow::Continue(())).unwrap();
    assert!(f.points.len() >= 2, "{f:?}");
    // Every figure is a number (a NaN is written as null in plan.json, which no reader accepts).
    assert!(f.points.iter().all(|p| p.bound_with_bonus.is_finite() && p.relative_gap.is_finite()), "{f:?}");
    let optimum = f.points.iter().find(|p| p.is_plan).expect("the optimum on the frontier");
    assert!((optimum.objective - plan.objective.total).abs() < 1e-6);
    assert!(f.points.iter().all(|p| p.checked));
    for p in &f.points {
        for q in &f.points {
            let dominates = q.establishments_served >= p.establishments_served
                && q.objective >= p.objective
                && (q.establishments_served > p.establishments_served || q.objective > p.objective);
            assert!(!dominates, "{q:?} dominates {p:?}");
        }
    }
    // Served establishments rise and the objective falls along the frontier, up to the broadest plan.
    assert!(f.points.windows(2).all(|w| w[0].establishments_served < w[1].establishments_served));
    assert!(f.points.windows(2).all(|w| w[0].objective > w[1].objective));
    let broadest = f.points.last().unwrap();
    let baseline_served = plan.baseline.kpis.establishments_served;
    assert!(broadest.establishments_served >= baseline_served, "{broadest:?} vs {baseline_served}");
    assert!(check_solution(&problem, &solution).is_empty());
    let csv = sectoria_report::frontier_csv(&f);
    assert_eq!(csv.lines().count(), f.points.len() + 1);
    let svg = sectoria_report::html::frontier_svg(&f);
    assert_eq!(svg.matches("<circle").count(), f.points.len());
    assert_eq!(svg.matches("class=\"point plan\"").count(), 1);
}

#[test]
fn the_frontier_is_the_same_in_every_run_and_stops_when_the_caller_asks() {
    let Some((instance, scenario)) = demo(0.005) else { return };
    let (problem, plan) = solve(&instance, &scenario);
    let solution = plan.solution(&problem).unwrap();
    let bound = plan.solver.best_bound;
    let solves = AtomicUsize::new(0);
    let first = frontier(&problem, &solution, bound, &|done| {
        solves.store(done, Ordering::SeqCst);
        ControlFlow::Continue(())
    })
    .unwrap();
    // The segments' solves run in parallel waves; the points do not depend on their order.
    let second = frontier(&problem, &solution, bound, &|_| ControlFlow::Continue(())).unwrap();
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
    assert!(solves.load(Ordering::SeqCst) >= first.points.len() - 1, "one solve per point but the plan's");
    // Stopped at once: no solve runs.
    let calls = AtomicUsize::new(0);
    let at_once = frontier(&problem, &solution, bound, &|_| {
        calls.fetch_add(1, Ordering::SeqCst);
        ControlFlow::Break(())
    });
    assert!(matches!(at_once, Err(sectoria_scenarios::ScenarioError::Stopped { done: 0 })), "{at_once:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Stopped after the broadest plan's solve: no segment is searched.
    let after_one = frontier(&problem, &solution, bound, &|done| {
        if done >= 1 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    let Err(e) = after_one else { panic!("the frontier should have stopped: {after_one:?}") };
    assert!(matches!(e, sectoria_scenarios::ScenarioError::Stopped { done: 1 }), "{e:?}");
    assert!(e.to_string().contains("frontière arrêtée à la demande après 1 résolution ;"), "{e}");
}

#[test]
fn explanations_stopped_part_way_are_completed_as_an_uninterrupted_run_computes_them() {
    let Some((instance, scenario)) = demo(0.005) else { return };
    let (problem, plan) = solve(&instance, &scenario);
    let total = problem.sites.len();
    let mut full = plan.clone();
    assert_eq!(explain_plan(&problem, &mut full, &|_| ControlFlow::Continue(())).unwrap(), total);
    let mut part = plan.clone();
    let stop_after_five = |done: usize| if done >= 5 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) };
    let first = explain_plan(&problem, &mut part, &stop_after_five).unwrap();
    assert!(first < total);
    let (done, missing) = explain_missing(&problem, &mut part, &|_| ControlFlow::Continue(())).unwrap();
    assert_eq!((done, missing), (total - first, total - first));
    assert_eq!(sectoria_io::write_plan_json(&part), sectoria_io::write_plan_json(&full));
    // Nothing missing: nothing to compute, no solve.
    assert_eq!(explain_missing(&problem, &mut part, &|_| panic!("no progress without a solve")).unwrap(), (0, 0));
}

/// In budget-only mode the posts are interchangeable: a counterfactual names the sectors it
/// keeps after the plan's posts, so that it lists only what the change moves. Every post whose
/// base it reports moved stands for a base of the counterfactual plan that the plan does not
/// have (bases compared as multisets, an unused post counting as one with no base).
#[test]
fn a_budget_only_counterfactual_lists_moves_not_renamed_posts() {
    let Some((mut instance, mut scenario)) = demo(0.001) else { return };
    instance.workers.clear();
    instance.current.clear();
    scenario.budget.total_fte = Some(12.0);
    scenario.locks = Default::default();
    let (problem, plan) = solve(&instance, &scenario);
    let bases = |p: &Plan| -> Vec<String> {
        let mut b: Vec<String> =
            p.workers.iter().map(|w| format!("{:?}", w.base.as_ref().map(|b| (&b.uai, b.location)))).collect();
        b.sort();
        b
    };
    let mut checked = 0;
    for e in plan.establishments.iter().filter(|e| e.allocated_units > 0).take(8) {
        let (x, other) = explain_with_plan(&problem, &plan, &e.uai).expect("explanation");
        let (Some(change), Some(other)) = (x.change, other) else { continue };
        assert!(check_plan(&problem, &other).is_ok(), "{}: counterfactual plan refused by the checker", e.uai);
        // Bases of the counterfactual plan missing from the plan's (multiset difference).
        let mut mine = bases(&plan);
        let mut new = 0;
        for b in bases(&other) {
            match mine.iter().position(|m| *m == b) {
                Some(at) => {
                    mine.remove(at);
                }
                None => new += 1,
            }
        }
        assert!(
            change.moved_workers.len() <= new,
            "{}: {} posts reported moved for {new} new bases: {:?}",
            e.uai,
            change.moved_workers.len(),
            change.moved_workers
        );
        checked += 1;
    }
    assert!(checked > 0, "no counterfactual computed");
}

/// A lock on a REP+ école holds its head collège too: the collège's counterfactual « le retirer »
/// says so without a re-solve, as the école's does.
#[test]
fn the_head_college_of_a_locked_ecole_cannot_be_taken_out() {
    let Some((instance, mut scenario)) = demo(0.001) else { return };
    scenario.rules.must_cover.clear();
    let lock = sectoria_core::scenario::LockedPair { uai: "0992070M".into(), worker: "ASS03".into(), fte: None };
    scenario.locks.assign = vec![lock];
    let (problem, plan) = solve(&instance, &scenario);
    assert_eq!(plan.solver.engine, sectoria_solver::ENGINE_SECTORS);
    for (uai, says) in [("0992070M", "sans lever le verrou"), ("0990395S", "l'école 0992070M")] {
        let (x, _) = explain_with_plan(&problem, &plan, uai).expect("explanation");
        let why = x.change.and_then(|c| c.impossible).unwrap_or_default();
        assert!(why.contains(says), "{uai}: {why}");
    }
}
