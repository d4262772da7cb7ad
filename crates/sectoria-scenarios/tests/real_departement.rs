//! Acceptance tests on a real département, Lozère (048), built from the open data with the
//! import library: a 21-budget sweep is monotone, locks hold and pass the checker, a plan
//! turned into today's sectors is reproduced under `max_changes = 0`, a plan compares equal to
//! itself, every establishment has a concrete reason and a counterfactual, and a counterfactual's
//! cost is the objective difference of two checked plans.
//!
//! Skipped (with a message) when the shared data folder is absent.

use sectoria_core::scenario::LockedPair;
use sectoria_core::{Base, CurrentAssignment, Instance, Kind, Plan, Problem, Scenario, SolveStatus, Worker};
use sectoria_scenarios::sweep::SweepOutcome;
use sectoria_scenarios::{attach, compare, explain_exact, explain_with_plan, sweep, VarySpec};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `../shared/data` beside the repository, or `$SECTORIA_DATA` (a git worktree lives elsewhere).
fn data_dir() -> PathBuf {
    std::env::var_os("SECTORIA_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// Lozère's instance and scenario (exact solves, 30 s limit), imported once per test binary.
fn lozere() -> Option<&'static (Instance, Scenario)> {
    static CELL: OnceLock<Option<(Instance, Scenario)>> = OnceLock::new();
    CELL.get_or_init(|| {
        let data = data_dir();
        if !data.is_dir() {
            println!("dossier de données absent ({}) : test sur la Lozère ignoré", data.display());
            return None;
        }
        let out = tempfile::tempdir().expect("temporary folder");
        let options = sectoria_import::ImportOptions {
            departement: "048".to_string(),
            files: sectoria_import::SourceFiles::from_data_dir(&data).expect("source files"),
            include_private: false,
            pupils_per_fte: Some(1600.0),
            out_dir: out.path().to_path_buf(),
        };
        sectoria_import::import(&options).expect("import of Lozère");
        let instance = sectoria_io::load_instance(out.path()).expect("instance");
        let mut scenario = sectoria_io::read_scenario(&out.path().join("scenario.toml")).expect("scenario");
        scenario.solver.relative_gap = 0.0;
        scenario.solver.time_limit_s = 30.0;
        Some((instance, scenario))
    })
    .as_ref()
}

fn solve(instance: &Instance, scenario: &Scenario) -> (Problem, Plan) {
    let problem = Problem::new(instance, scenario).expect("problem");
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    (problem, plan)
}

/// (worker, UAI, units) of every assignment of the plan.
fn assignments(plan: &Plan) -> BTreeSet<(String, String, u32)> {
    plan.workers.iter().flat_map(|w| w.sector.iter().map(|l| (w.id.clone(), l.uai.clone(), l.units))).collect()
}

#[test]
fn a_sweep_over_21_budgets_is_monotone_in_objective() {
    let Some((instance, scenario)) = lozere() else { return };
    let specs = [VarySpec::parse("budget.total_fte=1:5:0.2").unwrap()];
    let result = sweep(instance, scenario, &specs, None, 0, &|_| {}).unwrap();
    assert_eq!(result.rows.len(), 21);
    let objectives: Vec<f64> = result
        .rows
        .iter()
        .map(|r| match &r.outcome {
            SweepOutcome::Solved(s) => {
                assert_eq!(s.status, SolveStatus::Optimal, "budget {:?} not solved optimally", r.values);
                s.objective
            }
            other => panic!("budget {:?} gave no plan: {other:?}", r.values),
        })
        .collect();
    for (n, w) in objectives.windows(2).enumerate() {
        assert!(w[1] >= w[0] - 1e-6 * w[0].abs().max(1.0), "objective drops at step {n}: {objectives:?}");
    }
    assert!(objectives[20] > objectives[0], "{objectives:?}");
}

#[test]
fn locks_hold_in_the_plan_and_the_checker_verifies_them() {
    let Some((instance, scenario)) = lozere() else { return };
    let (problem, _) = solve(instance, scenario);
    // Two collèges close to each other, so that one post can serve both.
    let colleges: Vec<_> = problem.sites.iter().filter(|s| s.kind() == Kind::College).collect();
    assert!(colleges.len() >= 2, "Lozère has collèges");
    let (a, b) = colleges
        .iter()
        .flat_map(|a| colleges.iter().filter(move |b| b.uai() != a.uai()).map(move |b| (*a, *b)))
        .min_by(|x, y| {
            let dx = x.0.establishment.location.haversine_km(&x.1.establishment.location);
            let dy = y.0.establishment.location.haversine_km(&y.1.establishment.location);
            dx.total_cmp(&dy)
        })
        .unwrap();
    let mut locked = scenario.clone();
    locked.locks.assign = vec![
        LockedPair { uai: a.uai().to_string(), worker: "POSTE01".into(), fte: Some(0.3) },
        LockedPair { uai: b.uai().to_string(), worker: "POSTE01".into(), fte: None },
    ];
    let (problem, plan) = solve(instance, &locked);
    let post = plan.workers.iter().find(|w| w.id == "POSTE01").unwrap();
    let units = |uai: &str| post.sector.iter().find(|l| l.uai == uai).map(|l| l.units);
    assert_eq!(units(a.uai()), Some(3), "{:?}", post.sector);
    assert!(units(b.uai()).is_some_and(|u| u > 0), "{:?}", post.sector);
    let report = sectoria_core::check_plan(&problem, &plan);
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn max_changes_zero_reproduces_a_plan_turned_into_current_sectors() {
    let Some((instance, scenario)) = lozere() else { return };
    let (problem, plan) = solve(instance, scenario);
    let unit = problem.unit_fte();
    let workers: Vec<Worker> = plan
        .workers
        .iter()
        .filter_map(|w| {
            let base = w.base.as_ref()?;
            Some(Worker {
                id: w.id.clone(),
                name: w.name.clone(),
                fte: w.fte,
                base: Some(Base { uai: base.uai.clone(), location: base.location }),
                max_establishments: None,
                max_weekly_km: None,
            })
        })
        .collect();
    let current: Vec<CurrentAssignment> = plan
        .workers
        .iter()
        .flat_map(|w| {
            w.sector.iter().map(|l| CurrentAssignment {
                worker_id: w.id.clone(),
                uai: l.uai.clone(),
                fte: f64::from(l.units) * unit,
            })
        })
        .collect();
    assert!(!current.is_empty());
    let today = Instance { workers, current, ..instance.clone() };
    let mut stay = scenario.clone();
    stay.stability.max_changes = Some(0);
    let (_, again) = solve(&today, &stay);
    assert_eq!(assignments(&again), assignments(&plan));
}

#[test]
fn a_plan_compared_with_itself_shows_no_change() {
    let Some((instance, scenario)) = lozere() else { return };
    let (_, plan) = solve(instance, scenario);
    let c = compare(&plan, &plan);
    assert!(c.is_unchanged());
    assert_eq!(c.changed_establishments().count(), 0);
}

#[test]
fn every_establishment_has_a_concrete_reason_and_a_checked_counterfactual() {
    let Some((instance, scenario)) = lozere() else { return };
    let (problem, mut plan) = solve(instance, scenario);
    let (all, _) = explain_exact(&problem, &plan, &|_| std::ops::ControlFlow::Continue(())).unwrap();
    attach(&mut plan, &all);
    for e in &plan.establishments {
        let x = e.explanation.as_ref().unwrap_or_else(|| panic!("{} not explained", e.uai));
        assert!(!x.reason.is_empty() && !x.reason.contains("arbitrage"), "{}: {}", e.uai, x.reason);
        // The plan's own reason (written with or without --explain) names the binding rule.
        if let Some(r) = &e.reason {
            assert!(
                sectoria_core::reason::RULE_OPENINGS
                    .iter()
                    .any(|p| sectoria_core::reason::split_lead(r).1.starts_with(p))
                    && !r.contains("arbitrage"),
                "{}: {r}",
                e.uai
            );
        } else {
            assert!(e.allocated_units > 0, "{} unserved without a reason", e.uai);
        }
        let c = &x.counterfactual;
        assert!(c.cost.is_some() || c.impossible.is_some(), "{}: {c:?}", e.uai);
        if let Some(cost) = &c.cost {
            assert!(cost.low <= cost.high + 1e-6 && cost.low >= 0.0, "{}: {cost:?}", e.uai);
        }
    }
    // The unserved establishment with the highest service value: its cost is the difference of
    // two plans the checker accepts, within their proven gaps.
    let unserved = plan
        .establishments
        .iter()
        .filter(|e| e.allocated_units == 0)
        .max_by(|a, b| a.service_value.total_cmp(&b.service_value))
        .expect("the budget leaves some establishment unserved");
    let (e, other) = explain_with_plan(&problem, &plan, &unserved.uai).unwrap();
    let change = e.change.expect("a counterfactual");
    let other = other.unwrap_or_else(|| panic!("serving {} is impossible: {:?}", unserved.uai, change.impossible));
    assert!(sectoria_core::check_plan(&problem, &plan).is_ok() && sectoria_core::check_plan(&problem, &other).is_ok());
    let cost = change.cost.expect("a cost");
    let difference = plan.objective.total - other.objective.total;
    assert!((cost.shown - difference).abs() <= 1e-6 * plan.objective.total.abs().max(1.0), "{cost:?} vs {difference}");
    assert!(cost.low - 1e-6 <= difference.max(0.0) && difference <= cost.high + 1e-6, "{cost:?} vs {difference}");
}
