//! Locks and forbidden pairs in the binding reasons: an establishment held by `[locks] assign`
//! says so first (with its worker, its fixed time and the distance), the rest of its reason does
//! not contradict it, its imposed half-days are no cut-off for the others; a pair of
//! `[locks] forbid` that took away a worker able to serve an establishment is named. And the
//! pre-check of an establishment asked to be served by no rule of the scenario (a counterfactual)
//! names the exclusion or the distance, not `rules.must_cover`.

use sectoria_core::location::LatLon;
use sectoria_core::reason::{split_lead, Analysis, Binding, Cutoff, RULE_OPENINGS};
use sectoria_core::scenario::{ForbiddenPair, LockedPair};
use sectoria_core::test_support::{college, small_instance, worker};
use sectoria_core::{precheck, Assignment, Instance, Problem, Scenario, Solution};

const A: usize = 0; // 0310001A, REP, 600 pupils: need 6 half-days
const B: usize = 1; // 0310002B, 400 pupils: need 4 half-days
const C: usize = 2; // 0310003C, 800 pupils: need 8 half-days

fn lock(uai: &str, worker: &str, fte: Option<f64>) -> LockedPair {
    LockedPair { uai: uai.to_string(), worker: worker.to_string(), fte }
}

fn forbid(uai: &str, worker: &str) -> ForbiddenPair {
    ForbiddenPair { uai: uai.to_string(), worker: worker.to_string() }
}

/// ASS01 (10 half-days): `units` at A, B, C.
fn plan(problem: &Problem, units: [u32; 3]) -> Solution {
    let mut s = Solution::empty(problem);
    for (site, u) in units.into_iter().enumerate() {
        s.assignments.push(Assignment { worker: 0, site, units: u });
    }
    s.normalise();
    s
}

fn with_second_worker(at: LatLon) -> Instance {
    let mut instance = small_instance();
    instance.workers.push(worker("ASS02", 1.0, at));
    instance
}

fn opens_with_a_rule(r: &str) -> bool {
    RULE_OPENINGS.iter().any(|o| split_lead(r).1.starts_with(o))
}

/// The detail of a reason, after its lead sentence (« En bref : … . Détail : »).
fn detail(r: &str) -> String {
    let (lead, detail) = split_lead(r);
    assert!(lead.is_some_and(|l| !l.is_empty()), "no lead: {r}");
    detail.to_string()
}

/// 0310003C, kept with ASS01 at its minimum presence, read « servi à 25 % du besoin ; … » with
/// nothing of the lock.
#[test]
fn a_locked_establishment_says_so_first() {
    let mut scenario = Scenario::default();
    scenario.locks.assign = vec![lock("0310003C", "ASS01", None)];
    let problem = Problem::new(&small_instance(), &scenario).expect("valid");
    let solution = plan(&problem, [6, 2, 2]);
    let analysis = Analysis::new(&problem, &solution, None);
    let full = analysis.reason(C).expect("held and below its need");
    let r = detail(&full);
    assert!(
        r.starts_with("gardé avec ASS01 par le scénario ([locks] assign), à ")
            && r.contains(" km de la résidence de l'assistant ; servi à 25 % du besoin ; "),
        "{r}"
    );
    assert!(opens_with_a_rule(&r), "{r}");
    // What follows is about one more half-day, not about serving it at all.
    assert!(r.contains("une demi-journée de plus ici vaudrait"), "{r}");
    assert!(!r.contains("une demi-journée ici va"), "{r}");
    // The exact explanation's reason is the same.
    assert_eq!(analysis.explanation_reason(C), full);
    // The others are not held.
    assert!(analysis.held(A).is_none() && analysis.held(B).is_none());
}

/// ASS01's time went partly to a locked establishment: an unserved one near it said « sa
/// demi-journée la moins utile en rapporte … (the locked one) », as if ASS01 chose it.
#[test]
fn a_worker_s_locked_half_days_are_named_as_such_for_the_others() {
    let mut instance = small_instance();
    let mut d = college("0310005E", 500);
    d.location = LatLon::new(43.61, 1.45);
    instance.establishments.push(d);
    let mut scenario = Scenario::default();
    scenario.locks.assign = vec![lock("0310003C", "ASS01", None)];
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let solution = plan(&problem, [6, 2, 2]);
    let r = Analysis::new(&problem, &solution, None).reason(3).expect("unserved");
    assert!(r.contains("10 sur 10 demi-journées prises (dont 2 gardées par le scénario à 0310003C)"), "{r}");
    assert!(!r.contains("(0310003C)"), "{r}");
}

/// The locked worker's time and a fixed `fte`: the lock fixes the whole allocation, and it is
/// the reason it stays below its need.
#[test]
fn a_lock_with_its_time_is_the_reason_it_stays_below_its_need() {
    let mut scenario = Scenario::default();
    scenario.locks.assign = vec![lock("0310001A", "ASS01", Some(0.3))];
    let problem = Problem::new(&small_instance(), &scenario).expect("valid");
    let solution = plan(&problem, [3, 4, 3]);
    let analysis = Analysis::new(&problem, &solution, None);
    assert_eq!(analysis.binding(A), Some(Binding::LockedTime { workers: vec![("ASS01".to_string(), 3)] }));
    let r = detail(&analysis.reason(A).expect("below its need"));
    assert!(r.starts_with("gardé avec ASS01 par le scénario ([locks] assign, 0,3 ETP fixés), à "), "{r}");
    assert!(
        r.ends_with("servi à 50 % du besoin ; temps fixé par le scénario ([locks] assign) : 3 demi-journées de ASS01"),
        "{r}"
    );
}

/// A locked establishment served at its need had no reason at all; and its imposed half-days
/// were the budget's cut-off and « the least useful half-day » set against the others.
#[test]
fn a_locked_establishment_at_its_need_is_named_and_is_no_cut_off() {
    let mut scenario = Scenario::default();
    scenario.locks.assign = vec![lock("0310002B", "ASS01", Some(0.4))];
    let problem = Problem::new(&small_instance(), &scenario).expect("valid");
    let solution = plan(&problem, [6, 4, 0]);
    let analysis = Analysis::new(&problem, &solution, None);
    let r = detail(&analysis.reason(B).expect("held"));
    assert!(r.starts_with("gardé avec ASS01 par le scénario ([locks] assign, 0,4 ETP fixés), à "), "{r}");
    assert!(r.ends_with(" ; servi à hauteur de son besoin (4 demi-journées)"), "{r}");
    // The unserved 0310003C is set against 0310001A, whose half-days are a choice, not against
    // the lock's.
    let c = analysis.reason(C).expect("unserved");
    assert!(c.contains("(0310001A)") && !c.contains("(0310002B)"), "{c}");
    // ASS01's half-days there are named as the scenario's.
    assert!(c.contains("10 sur 10 demi-journées prises (dont 4 gardées par le scénario à 0310002B)"), "{c}");
    // Without the lock, 0310002B's half-days are chosen and count.
    let free = Problem::new(&small_instance(), &Scenario::default()).expect("valid");
    let solution = plan(&free, [6, 4, 0]);
    let c = Analysis::new(&free, &solution, None).reason(C).expect("unserved");
    assert!(c.contains("0310002B"), "{c}");
    let b = Analysis::new(&free, &solution, None).reason(B);
    assert_eq!(b.as_deref(), Some("besoin couvert : 4 demi-journées pour un besoin de 0,4 ETP"));
}

/// ASS02, based next to 0310003C, is forbidden to it: the unserved establishment lost its
/// nearest worker, and its reason says so.
#[test]
fn a_forbidden_pair_that_took_away_a_worker_is_named() {
    let mut scenario = Scenario::default();
    scenario.locks.forbid = vec![forbid("0310003C", "ASS02")];
    let instance = with_second_worker(LatLon::new(43.58, 1.47));
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let solution = plan(&problem, [6, 4, 0]);
    let analysis = Analysis::new(&problem, &solution, None);
    let r = analysis.reason(C).expect("unserved");
    assert!(opens_with_a_rule(&r), "{r}");
    assert!(
        split_lead(&r).0.is_some_and(|l| l.ends_with("le scénario interdit à l'assistant ASS02 de le servir")),
        "{r}"
    );
    assert!(r.ends_with(" ; couple interdit par le scénario ([locks] forbid) : ASS02 (à 1,0 km)"), "{r}");
    // Not where it does not concern the establishment: served at their need, they say so.
    for (i, r) in [(A, analysis.reason(A)), (B, analysis.reason(B))] {
        assert!(
            r.as_deref().is_some_and(|r| r.starts_with("besoin couvert : ") && !r.contains("interdit")),
            "{i}: {r:?}"
        );
    }
}

/// Served at its need by a farther worker because the nearest is forbidden: said; a forbidden
/// worker farther than the one serving it is not.
#[test]
fn a_forbidden_nearer_worker_of_a_served_establishment_is_named() {
    let mut scenario = Scenario::default();
    scenario.locks.forbid = vec![forbid("0310002B", "ASS02")];
    let problem = Problem::new(&with_second_worker(LatLon::new(43.63, 1.40)), &scenario).expect("valid");
    let solution = plan(&problem, [6, 4, 0]);
    let r = detail(&Analysis::new(&problem, &solution, None).reason(B).expect("nearest forbidden"));
    assert!(r.starts_with("servi à hauteur de son besoin par ASS01 (4 demi-journées, à "), "{r}");
    assert!(r.ends_with(" ; couple interdit par le scénario ([locks] forbid) : ASS02 (à 0,0 km)"), "{r}");
    assert!(opens_with_a_rule(&r), "{r}");
    let far = Problem::new(&with_second_worker(LatLon::new(43.45, 1.60)), &scenario).expect("valid");
    let solution = plan(&far, [6, 4, 0]);
    let b = Analysis::new(&far, &solution, None).reason(B);
    assert_eq!(b.as_deref(), Some("besoin couvert : 4 demi-journées pour un besoin de 0,4 ETP"));
}

/// The only worker within reach forbidden: the reason said « aucun assistant à moins de 60 km
/// (le plus proche est à 0,0 km) ».
#[test]
fn a_forbidden_pair_that_leaves_no_worker_within_reach_is_the_reason() {
    let far = LatLon::new(45.0, 3.0);
    let mut instance = with_second_worker(far);
    instance.establishments[C].location = far;
    let mut scenario = Scenario::default();
    scenario.locks.forbid = vec![forbid("0310003C", "ASS02")];
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let solution = plan(&problem, [6, 4, 0]);
    let analysis = Analysis::new(&problem, &solution, None);
    assert!(matches!(analysis.binding(C), Some(Binding::Forbidden { .. })), "{:?}", analysis.binding(C));
    assert_eq!(
        analysis.reason(C).as_deref().map(detail).as_deref(),
        Some("couple interdit par le scénario ([locks] forbid) : ASS02 (à 0,0 km) ; aucun autre assistant à moins de 60 km")
    );
}

/// « une demi-journée ici vaut 73,2 points, moins que le seuil des établissements servis » read
/// as a reason not to serve an establishment that is served.
#[test]
fn a_served_establishment_s_budget_reason_speaks_of_one_more_half_day() {
    let cutoff = Some(Cutoff { uai: "0990001A".into(), value_per_unit: 84.9 });
    let b = |served| Binding::Budget {
        value_per_unit: 73.2,
        cutoff: cutoff.clone(),
        workers_time: None,
        served,
        left: None,
    };
    assert!(b(true).to_string().contains("une demi-journée de plus ici vaudrait 73,2 points, moins que le seuil"));
    assert!(b(false).to_string().contains("une demi-journée ici vaut 73,2 points, moins que le seuil"));
}

/// A counterfactual forces an excluded establishment's presence through `must_cover`: the
/// pre-check blamed `rules.must_cover` (« retirez sa catégorie ») although it is in no category.
#[test]
fn an_excluded_establishment_asked_by_no_category_names_the_exclusion() {
    let mut scenario = Scenario::default();
    scenario.locks.exclude = vec!["0310003C".to_string()];
    let mut problem = Problem::new(&small_instance(), &scenario).expect("valid");
    problem.sites[C].must_cover = true;
    let reasons = precheck(&problem);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert_eq!(reasons[0].rule, "locks");
    assert_eq!(
        reasons[0].message,
        "0310003C (Collège 0310003C) est exclu par le scénario ([locks] exclude) : retirez 0310003C de la liste pour le servir"
    );
}

/// The same for an establishment out of reach: the distance, not a category to remove.
#[test]
fn an_unreachable_establishment_asked_by_no_category_names_the_distance() {
    let mut instance = small_instance();
    instance.establishments[C].location = LatLon::new(45.0, 3.0);
    let mut problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    problem.sites[C].must_cover = true;
    let reasons = precheck(&problem);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert_eq!(reasons[0].rule, "distance");
    assert!(
        reasons[0]
            .message
            .starts_with("aucun assistant ne peut atteindre 0310003C (Collège 0310003C) à moins de 60 km")
            && !reasons[0].message.contains("must_cover"),
        "{}",
        reasons[0].message
    );
}
