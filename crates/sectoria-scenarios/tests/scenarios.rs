//! Worked examples of the scenario tools: a budget sweep is monotone, shards merge into the
//! unsharded run, a counterfactual's cost is the objective difference of two checked plans and
//! a tie is reported as within the tolerance,
//! and the demo's plan compares equal to itself and explains every establishment.

use sectoria_core::check_plan;
use sectoria_core::counterfactual::Change;
use sectoria_core::test_support::{college, small_instance, worker};
use sectoria_core::{Instance, LatLon, Problem, Scenario};
use sectoria_scenarios::explain::{Binding, Coverage};
use sectoria_scenarios::sweep::SweepOutcome;
use sectoria_scenarios::{
    compare, explain, explain_all, explain_with_plan, merge, merge_establishments, sweep, sweep_changes_csv, sweep_csv,
    sweep_establishments_csv, Shard, VarySpec,
};
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
    let long = sweep_establishments_csv(&result);
    assert_eq!(long.lines().count(), 1 + 5 * 6, "every scenario × every collège");
    let changes = sweep_changes_csv(&long).unwrap();
    assert!(changes.lines().skip(1).any(|l| l.contains(";entre;")), "{changes}");
    assert!(changes.lines().nth(1).is_some_and(|l| l.starts_with("0,2;0,6;")), "{changes}");
}

#[test]
fn shards_merged_equal_the_unsharded_run() {
    let instance = six_colleges();
    let specs =
        [VarySpec::parse("budget.total_fte=0.4:1.2:0.4").unwrap(), VarySpec::parse("priorities.rep=0:2:1").unwrap()];
    let none = |_: usize| {};
    let whole = sweep(&instance, &exact(), &specs, None, 2, &none).unwrap();
    let (full, full_long) = (sweep_csv(&whole), sweep_establishments_csv(&whole));
    assert_eq!(full.lines().count(), 10);
    let parts: Vec<_> = (0..4)
        .map(|i| {
            let shard = Shard::parse(&format!("{i}/4")).unwrap();
            let part = sweep(&instance, &exact(), &specs, Some(shard), 1, &none).unwrap();
            (
                (format!("shard{i}/sweep.csv"), sweep_csv(&part)),
                (format!("shard{i}/sweep_establishments.csv"), sweep_establishments_csv(&part)),
            )
        })
        .collect();
    let (shards, longs): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
    assert_eq!(shards[3].1.lines().count(), 1 + 2); // indices 3 and 7
    let merged_long = merge_establishments(&longs).unwrap();
    assert_eq!(merge(&shards, Some(&merged_long)).unwrap(), full);
    assert_eq!(merged_long, full_long);
    assert_eq!(sweep_changes_csv(&merged_long).unwrap(), sweep_changes_csv(&full_long).unwrap());
}

#[test]
fn an_unknown_key_is_refused_before_any_solve() {
    let specs = [VarySpec::parse("budget.totl_fte=1:2:1").unwrap()];
    let e = sweep(&small_instance(), &exact(), &specs, None, 1, &|_| {}).unwrap_err().to_string();
    assert!(e.contains("clé « totl_fte » inconnue dans [budget]"), "{e}");
}

#[test]
fn forced_coverage_cost_equals_the_objective_difference_of_two_checked_plans() {
    let instance = small_instance();
    let mut s = exact();
    s.budget.total_fte = Some(0.4); // two of the three collèges at the minimum presence
    let problem = Problem::new(&instance, &s).unwrap();
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).unwrap();
    let unserved = plan.establishments.iter().find(|e| e.allocated_units == 0).expect("one collège left out");
    let (e, other) = explain_with_plan(&problem, &plan, &unserved.uai).unwrap();
    assert_eq!(e.coverage, Coverage::NotServed);
    assert!(
        matches!(&e.binding, Some(Binding::Budget { value_per_unit, cutoff: Some(cutoff), .. }) if *value_per_unit <= cutoff.value_per_unit + 1e-9)
    );
    let change = e.change.clone().expect("a counterfactual");
    assert_eq!(change.change, Change::Serve);
    let other = other.expect("a plan serving it");
    // Both plans pass the independent checker of the original scenario.
    assert!(check_plan(&problem, &plan).is_ok() && check_plan(&problem, &other).is_ok());
    assert!(other.establishments.iter().any(|r| r.uai == unserved.uai && r.allocated_units >= 2));
    let cost = change.cost.expect("a cost");
    assert!((cost.shown - (plan.objective.total - other.objective.total)).abs() < 1e-6, "{cost:?}");
    // Exact solves: the interval is the point, and it excludes zero.
    assert!(cost.low <= cost.shown + 1e-6 && cost.shown <= cost.high + 1e-6 && cost.shown > 0.0, "{cost:?}");
    assert!(change.proven, "{change:?}");
    let text = e.to_string();
    assert!(
        text.contains("Raison : En bref : tout le budget va à des établissements où une demi-journée compte plus")
            && text.contains(". Détail : budget : ")
            && text.contains("Décision prouvée"),
        "{text}"
    );
    assert!(change.differences[0].uai == unserved.uai, "{change:?}");

    // A served establishment's counterfactual takes it out.
    let served = plan.establishments.iter().find(|e| e.allocated_units > 0).unwrap();
    let (e, other) = explain_with_plan(&problem, &plan, &served.uai).unwrap();
    assert!(e.workers.len() == 1 && e.allocated_units == 4, "{e}");
    assert_eq!(e.coverage, Coverage::BelowNeed);
    assert!(matches!(e.binding, Some(Binding::Budget { cutoff: None, .. })), "{:?}", e.binding);
    let change = e.change.as_ref().unwrap();
    assert_eq!(change.change, Change::Remove);
    let other = other.expect("a plan without it");
    assert!(other.establishments.iter().any(|r| r.uai == served.uai && r.allocated_units == 0));
    assert!(check_plan(&problem, &other).is_ok());
    assert!(explain(&problem, &plan, "0319999Z").is_err());
}

#[test]
fn a_decision_inside_the_tolerance_says_so() {
    // Two identical collèges at the same place, budget for one: serving either is as good.
    let mut instance = small_instance();
    instance.establishments.truncate(2);
    let twin = instance.establishments[0].clone();
    instance.establishments[1] = sectoria_core::Establishment { uai: "0310009Z".into(), ..twin };
    let mut s = exact();
    s.budget.total_fte = Some(0.2);
    let problem = Problem::new(&instance, &s).unwrap();
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).unwrap();
    let unserved = plan.establishments.iter().find(|e| e.allocated_units == 0).expect("one twin left out");
    let e = explain(&problem, &plan, &unserved.uai).unwrap();
    let change = e.change.expect("a counterfactual");
    let cost = change.cost.expect("a cost");
    assert!(!change.proven && cost.low == 0.0 && cost.shown.abs() < 1e-6, "{change:?}");
    assert!(change.text.contains("dans la tolérance du solveur"), "{}", change.text);
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

/// Posts generated from the budget are interchangeable: a plan compared with itself under other
/// post names is unchanged once B's posts are named after A's, and the comparison says which
/// names it gave; a plan with one sector less lists the establishments that sector held, not
/// every post renamed after it.
#[test]
fn a_comparison_of_budget_only_plans_names_posts_after_the_plan_before() {
    let mut instance = six_colleges();
    instance.workers.clear();
    let mut scenario = exact();
    scenario.budget.total_fte = Some(3.0);
    let problem = Problem::new(&instance, &scenario).unwrap();
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).unwrap();
    let posts: Vec<String> = plan.workers.iter().filter(|w| w.units_used > 0).map(|w| w.id.clone()).collect();
    assert!(posts.len() >= 2, "two posts in use at least: {posts:?}");
    // The same plan, its first two posts in use swapping names.
    let swap = |id: &mut String| {
        if *id == posts[0] {
            *id = posts[1].clone();
        } else if *id == posts[1] {
            *id = posts[0].clone();
        }
    };
    let mut renamed = plan.clone();
    for w in &mut renamed.workers {
        swap(&mut w.id);
    }
    for e in &mut renamed.establishments {
        for w in &mut e.workers {
            swap(&mut w.worker);
        }
    }
    let c = compare(&plan, &renamed);
    assert!(c.is_unchanged(), "{c}");
    let mut names = c.renamed.clone();
    names.sort();
    let mut expected = vec![(posts[0].clone(), posts[1].clone()), (posts[1].clone(), posts[0].clone())];
    expected.sort();
    assert_eq!(names, expected);
    assert!(c.to_string().contains("interchangeables"), "{c}");
    assert!(c.to_csv().contains("poste renommé"));
    // Without the renaming, the comparison would list every establishment of the two posts.
    assert!(plan.establishments.iter().any(|e| e.workers.iter().any(|w| w.worker == posts[0])));
    // Real workers keep their names: the plan of six_colleges with its workers compares as before.
    let with_workers =
        sectoria_solver::plan(&Problem::new(&six_colleges(), &exact()).unwrap(), BTreeMap::new()).unwrap();
    assert!(compare(&with_workers, &with_workers).renamed.is_empty());
}
