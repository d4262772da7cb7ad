//! The sector reformulation (column generation, `method = "auto"`) and the compact model
//! (`method = "compact"`) solve the same model: on random small instances solved to
//! optimality they reach the same objective, the sector bound is never below a plan the
//! compact model found (a bound below a feasible plan would be a false proof), and both plans
//! pass the independent checker. Two cases in five have a weekly km cap per worker (the pricing
//! builds sectors within it), two in five a cap on the half-days changed against today's
//! sectors (a row of the sector master, whose price the pricing charges per half-day kept), and
//! a case in five has a lock or two, half of them on a REP+ école (held by the locked worker's
//! stations). Solving to optimality makes the sector path go through every stage: root column
//! generation, dive, integer master, and in 16 of the 160 cases branch and price (whose bound
//! the last assertion checks); 800 more cases (seeds 777 and 4242) were run once with the same
//! result.

use proptest::prelude::*;
use sectoria_core::scenario::{LockedPair, Method};
use sectoria_core::test_support::{college, worker};
use sectoria_core::{check_solution, objective, CurrentAssignment, Instance, Kind, LatLon, Problem, Scenario};

#[derive(Debug, Clone)]
struct Spec {
    sites: Vec<(f64, f64, u32, u8, bool)>, // lat, lon offsets, pupils, kind, rep_plus
    ecoles: usize,
    workers: Vec<(f64, f64, u8)>, // lat, lon offsets, fte tenths
    budget_only: bool,
    total_tenths: u32,
    today: Vec<(usize, usize, u8)>, // worker, site, tenths
    penalty: f64,
    max_weekly_km: Option<f64>,
    max_changes: Option<u32>,
    locks: Vec<(usize, bool, usize, Option<u8>)>, // worker, on an école, index, fte tenths
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((-0.3f64..0.3, -0.4f64..0.4, 100u32..1200, 0u8..3, prop::bool::weighted(0.5)), 2..10),
        0usize..4,
        prop::collection::vec((-0.3f64..0.3, -0.4f64..0.4, 3u8..=10), 1..4),
        any::<bool>(),
        5u32..40,
        prop::collection::vec((0usize..3, 0usize..10, 1u8..6), 0..4),
        prop::sample::select(vec![0.0, 3.0]),
        prop::option::weighted(0.4, prop::sample::select(vec![40.0, 120.0, 300.0])),
        prop::option::weighted(0.4, 0u32..12),
        prop::collection::vec((0usize..3, prop::bool::weighted(0.7), 0usize..10, prop::option::of(1u8..4)), 0..3),
    )
        .prop_map(
            |(sites, ecoles, workers, budget_only, total_tenths, today, penalty, max_weekly_km, max_changes, locks)| {
                Spec {
                    sites,
                    ecoles,
                    workers,
                    budget_only,
                    total_tenths,
                    today,
                    penalty,
                    max_weekly_km,
                    max_changes,
                    locks,
                }
            },
        )
}

const CENTRE: (f64, f64) = (44.0, 3.5);

fn instance(spec: &Spec) -> Instance {
    let mut establishments = Vec::new();
    for (n, &(dlat, dlon, pupils, kind, rep_plus)) in spec.sites.iter().enumerate() {
        let mut e = college(&format!("04800{n:02}A"), pupils);
        e.location = LatLon::new(CENTRE.0 + dlat, CENTRE.1 + dlon);
        e.kind = [Kind::College, Kind::Lycee, Kind::LyceePro][kind as usize];
        e.rep_plus = rep_plus && e.kind == Kind::College;
        establishments.push(e);
    }
    if let Some(head) = establishments.iter().find(|e| e.rep_plus).cloned() {
        for n in 0..spec.ecoles {
            let mut e = college(&format!("04899{n:02}E"), 150);
            e.kind = Kind::Ecole;
            e.rep_plus = true;
            e.location = LatLon::new(head.location.lat + 0.02 * n as f64, head.location.lon);
            e.network = Some(head.uai.clone());
            establishments.push(e);
        }
    }
    let mut instance = Instance { establishments, ..Instance::default() };
    if !spec.budget_only {
        instance.workers = spec
            .workers
            .iter()
            .enumerate()
            .map(|(k, &(dlat, dlon, tenths))| {
                worker(&format!("ASS{k:02}"), f64::from(tenths) / 10.0, LatLon::new(CENTRE.0 + dlat, CENTRE.1 + dlon))
            })
            .collect();
        for &(k, i, tenths) in &spec.today {
            if k < instance.workers.len() && i < spec.sites.len() {
                instance.current.push(CurrentAssignment {
                    worker_id: instance.workers[k].id.clone(),
                    uai: instance.establishments[i].uai.clone(),
                    fte: f64::from(tenths) / 10.0,
                });
            }
        }
    }
    instance
}

fn scenario(spec: &Spec, method: Method) -> Scenario {
    let mut s = Scenario::default();
    s.budget.total_fte = Some(f64::from(spec.total_tenths) / 10.0);
    s.stability.penalty_per_unit = spec.penalty;
    s.travel.max_weekly_km = spec.max_weekly_km;
    s.stability.max_changes = spec.max_changes;
    s.locks.assign = locks(spec);
    s.solver.relative_gap = 1e-7;
    s.solver.time_limit_s = 60.0;
    s.solver.method = method;
    s
}

/// The spec's locks on workers that exist, on an école when the instance has écoles, with the
/// workers' ids and UAIs of [`instance`].
fn locks(spec: &Spec) -> Vec<LockedPair> {
    let has_head = spec.sites.iter().any(|&(_, _, _, kind, rep_plus)| rep_plus && kind == 0);
    spec.locks
        .iter()
        .filter(|&&(_, ecole, _, _)| !spec.budget_only && (!ecole || has_head && spec.ecoles > 0))
        .map(|&(k, ecole, i, tenths)| LockedPair {
            uai: if ecole {
                format!("04899{:02}E", i % spec.ecoles)
            } else {
                format!("04800{:02}A", i % spec.sites.len())
            },
            worker: format!("ASS{:02}", k % spec.workers.len()),
            fte: tenths.map(|t| f64::from(t) / 10.0),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 160,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261126),
        ..ProptestConfig::default()
    })]

    #[test]
    fn sectors_and_compact_model_agree(spec in spec()) {
        let instance = instance(&spec);
        let sectors = Problem::new(&instance, &scenario(&spec, Method::Auto)).unwrap();
        let compact = Problem::new(&instance, &scenario(&spec, Method::Compact)).unwrap();
        let a = sectoria_solver::solve(&sectors);
        let b = sectoria_solver::solve(&compact);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(&a.report.engine, sectoria_solver::ENGINE_SECTORS);
                prop_assert!(check_solution(&sectors, &a.solution).is_empty());
                prop_assert!(check_solution(&compact, &b.solution).is_empty());
                let (va, vb) = (objective(&sectors, &a.solution).total, objective(&compact, &b.solution).total);
                let tol = 1e-5 * va.abs().max(vb.abs()).max(1.0);
                prop_assert!((va - a.report.objective).abs() <= tol, "reported {} recomputed {}", a.report.objective, va);
                prop_assert!((va - vb).abs() <= tol, "sectors {va} compact {vb}");
                prop_assert!(a.report.best_bound >= vb - tol, "sector bound {} below a plan worth {vb}", a.report.best_bound);
            }
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "one formulation failed: sectors {:?} compact {:?}", a.err(), b.err()),
        }
    }
}
