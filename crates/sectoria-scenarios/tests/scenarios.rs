//! Worked examples of the scenario tools: a budget sweep is monotone, shards merge into the
//! unsharded run, explain's forced-coverage cost is the objective difference of two solves,
//! and the demo's plan compares equal to itself and explains every establishment.

use sectoria_core::scenario::LockedPair;
use sectoria_core::test_support::{college, small_instance, worker};
use sectoria_core::{Instance, LatLon, Problem, Scenario};
use sectoria_scenarios::explain::{Binding, Coverage};
use sectoria_scenarios::sweep::SweepOutcome;
use sectoria_scenarios::{compare, explain, explain_all, merge, sweep, sweep_changes_csv, sweep_csv, Shard, VarySpec};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

fn exact() -> Scenario {
    let mut s = Scenario::default();
    s.rules.must_cover.clear();
    s.solver.relative_gap = 0.0;
    s
}

/// Six collèges around Toulouse and two workers.
fn six_colleges() -> Instance {
    let spots = [(43.60, 1.44), (43.63, 1.40), (43.58, 1.48), (43.65, 1.47), (43.55, 1.42), (43.61, 1.36)];
    let establishments = spots
        .iter()
        .enumerate()
        .map(|(n, &(lat, lon))| {
            let mut c = college(&format!("031000{n}A"), 350 + 110 * n as u32);
            c.location = LatLon::new(lat, lon);
            c.rep = n % 3 == 0;
            c
        })
        .collect();
    Instance {
        establishments,
        workers: vec![worker("ASS01", 1.0, LatLon::new(43.60, 1.44)), worker("ASS02", 0.8, LatLon::new(43.62, 1.41))],
        ..Instance::default()
    }
}

fn objectives(s: &sectoria_scenarios::sweep::Sweep) -> Vec<f64> {
    s.rows
        .iter()
        .map(|r| match &r.outcome {
            SweepOutcome::Solved(x) => x.objective,
            other => panic!("scenario {} not solved: {other:?}", r.index),
        })
        .collect()
}

#[test]
fn a_budget_sweep_is_monotone_in_objective_and_lists_entries() {
    let instance = six_colleges();
    let specs = [VarySpec::parse("budget.total_fte=0.2:1.8:0.4").unwrap()];
    let calls = AtomicUsize::new(0);
    let progress = |_: usize| {
        calls.fetch_add(1, Ordering::SeqCst);
    };
    let result = sweep(&instance, &exact(), &specs, None, 2, &progress).unwrap();
    assert_eq!(result.rows.len(), 5);
    assert_eq!(calls.load(Ordering::SeqCst), 5);
    let obj = objectives(&result);
    assert!(obj.windows(2).all(|w| w[1] >= w[0] - 1e-6), "{obj:?}");
    assert!(obj[4] > obj[0]);
    let csv = sweep_csv(&result);
    assert_eq!(csv.lines().count(), 6);
    let changes = sweep_changes_csv(&csv).unwrap();
    assert!(changes.lines().skip(1).any(|l| l.contains(";entre;")), "{changes}");
    assert!(changes.lines().nth(1).is_some_and(|l| l.starts_with("0,2;0,6;")), "{changes}");
}

#[test]
fn shards_merged_equal_the_unsharded_run() {
    let instance = six_colleges();
    let specs =
        [VarySpec::parse("budget.total_fte=0.4:1.2:0.4").unwrap(), VarySpec::parse("priorities.rep=0:2:1").unwrap()];
    let none = |_: usize| {};
    let full = sweep_csv(&sweep(&instance, &exact(), &specs, None, 2, &none).unwrap());
    assert_eq!(full.lines().count(), 10);
    let shards: Vec<(String, String)> = (0..4)
        .map(|i| {
            let shard = Shard::parse(&format!("{i}/4")).unwrap();
            let part = sweep(&instance, &exact(), &specs, Some(shard), 1, &none).unwrap();
            (format!("shard{i}/sweep.csv"), sweep_csv(&part))
        })
        .collect();
    assert_eq!(shards[3].1.lines().count(), 1 + 2); // indices 3 and 7
    let merged = merge(&shards).unwrap();
    assert_eq!(merged, full);
    assert_eq!(sweep_changes_csv(&merged).unwrap(), sweep_changes_csv(&full).unwrap());
}

#[test]
fn an_unknown_key_is_refused_before_any_solve() {
    let specs = [VarySpec::parse("budget.totl_fte=1:2:1").unwrap()];
    let e = sweep(&small_instance(), &exact(), &specs, None, 1, &|_| {}).unwrap_err().to_string();
    assert!(e.contains("clé « totl_fte » inconnue dans [budget]"), "{e}");
}

#[test]
fn forced_coverage_cost_equals_the_objective_difference_of_two_solves() {
    let instance = small_instance();
    let mut s = exact();
    s.budget.total_fte = Some(0.4); // two of the three collèges at the minimum presence
    let problem = Problem::new(&instance, &s).unwrap();
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).unwrap();
    let unserved = plan.establishments.iter().find(|e| e.allocated_units == 0).expect("one collège left out");
    let e = explain(&problem, &plan, &unserved.uai).unwrap();
    assert_eq!(e.coverage, Coverage::NotServed);
    assert!(
        matches!(e.binding, Some(Binding::Budget { value_per_unit, cutoff: Some(cutoff) }) if value_per_unit <= cutoff + 1e-9)
    );
    let change = e.change.clone().expect("a re-solve");
    assert_eq!(change.lock, LockedPair { uai: unserved.uai.clone(), worker: "ASS01".into(), fte: None });

    // The same change, solved independently from the scenario file's point of view.
    let mut forced = s.clone();
    forced.locks.assign.push(change.lock.clone());
    let forced_plan = sectoria_solver::plan(&Problem::new(&instance, &forced).unwrap(), BTreeMap::new()).unwrap();
    let cost = change.cost().unwrap();
    assert!((cost - (plan.objective.total - forced_plan.objective.total)).abs() < 1e-6, "{cost}");
    assert!(cost > 0.0);
    let text = e.to_string();
    assert!(text.contains("Raison : budget") && text.contains("Coût :"), "{text}");

    // A served establishment has no binding reason and no re-solve.
    let served = plan.establishments.iter().find(|e| e.allocated_units > 0).unwrap();
    let e = explain(&problem, &plan, &served.uai).unwrap();
    assert!(e.workers.len() == 1 && e.allocated_units == 4, "{e}");
    assert_eq!(e.coverage, Coverage::BelowNeed);
    // The whole budget is there already: no other served establishment sets a cut-off.
    assert!(matches!(e.binding, Some(Binding::Budget { cutoff: None, .. })), "{:?}", e.binding);
    // One more half-day would exceed the budget: the re-solve says so.
    let change = e.change.as_ref().unwrap();
    assert!(change.objective_after.as_ref().is_err_and(|m| m.contains("0,4 ETP")), "{change:?}");
    assert!(e.to_string().contains("Impossible :"), "{e}");
    assert!(explain(&problem, &plan, "0319999Z").is_err());
}

#[test]
fn a_far_establishment_is_explained_by_the_distance() {
    let mut instance = small_instance();
    instance.establishments[2].location = LatLon::new(43.6045, 2.37); // about 97 km by road
    let problem = Problem::new(&instance, &exact()).unwrap();
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).unwrap();
    let all = explain_all(&problem, &plan).unwrap();
    assert!(
        matches!(all[2].binding, Some(Binding::NoWorkerWithinDistance { nearest_km: Some(k), .. }) if k > 60.0),
        "{:?}",
        all[2].binding
    );
    assert!(all[2].to_string().contains("aucun assistant à moins de 60 km"));
}

#[test]
fn demo_plan_compares_equal_to_itself_and_every_establishment_is_explained() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !dir.join("establishments.csv").exists() {
        eprintln!("data/demo absent: test skipped");
        return;
    }
    let instance = sectoria_io::load_instance(&dir).unwrap();
    let mut scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).unwrap();
    scenario.solver.relative_gap = 0.01;
    let problem = Problem::new(&instance, &scenario).unwrap();
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).unwrap();
    let c = compare(&plan, &plan);
    assert!(c.is_unchanged());
    let all = explain_all(&problem, &plan).unwrap();
    assert_eq!(all.len(), plan.establishments.len());
    for e in &all {
        assert_eq!(e.binding.is_none(), e.coverage == Coverage::Full, "{e}");
    }
}
