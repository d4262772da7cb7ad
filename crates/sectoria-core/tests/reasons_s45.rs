//! Reasons that must not contradict the plan's figures (tester's session s45): the need is not
//! rounded, a worker's half-days are weighed against what it could really give up, a worker
//! based at an establishment it does not serve is named, an infeasible `must_cover` gives its
//! figures and the workers that reach nothing, and a post too small to serve anything says so.

use sectoria_core::idle::idle_time;
use sectoria_core::location::LatLon;
use sectoria_core::problem::BaseChoice;
use sectoria_core::reason::{Analysis, Coverage};
use sectoria_core::test_support::{college, small_instance, worker};
use sectoria_core::worker::Base;
use sectoria_core::{precheck, Assignment, Instance, Problem, Scenario, Solution};

fn plan(problem: &Problem, assignments: &[(usize, usize, u32)]) -> Solution {
    let mut s = Solution::empty(problem);
    for &(worker, site, units) in assignments {
        s.assignments.push(Assignment { worker, site, units });
    }
    s.normalise();
    s
}

/// 2 half-days against a need of 2,8 is 71 % of the need, as « Besoin couvert » counts it, and
/// the reason says so with its binding rule (it was « servi à hauteur de son besoin », no reason).
#[test]
fn a_need_of_2_8_half_days_is_not_met_by_2() {
    let mut instance = small_instance();
    instance.establishments[1].pupils = 280; // 0,28 ETP: 2,8 half-days
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    assert!((problem.sites[1].curve.need_units - 2.8).abs() < 1e-9);
    let solution = plan(&problem, &[(0, 0, 6), (0, 1, 2), (0, 2, 2)]);
    let analysis = Analysis::new(&problem, &solution, None);
    assert_eq!(analysis.coverage(1), Coverage::BelowNeed);
    let reason = analysis.reason(1).expect("below its need: a reason");
    let (lead, detail) = sectoria_core::reason::split_lead(&reason);
    assert!(lead.is_some_and(|l| l.starts_with("servi à 71 % de son besoin : ")), "{reason}");
    assert!(detail.starts_with("servi à 71 % du besoin ; budget : "), "{reason}");
    // At 3 half-days the need is met.
    let solution = plan(&problem, &[(0, 0, 5), (0, 1, 3), (0, 2, 2)]);
    assert_eq!(Analysis::new(&problem, &solution, None).coverage(1), Coverage::Full);
}

/// An establishment served at its minimum presence is not told that its own half-days are its
/// worker's least useful ones: the half-day set against its own comes from elsewhere.
#[test]
fn the_least_useful_half_day_is_taken_elsewhere() {
    let problem = Problem::new(&small_instance(), &Scenario::default()).expect("valid");
    // ASS01: 0310001A 6, 0310002B 2 (its minimum), 0310003C 2 (its minimum, need 8).
    let solution = plan(&problem, &[(0, 0, 6), (0, 1, 2), (0, 2, 2)]);
    let reason = Analysis::new(&problem, &solution, Some(0.0)).reason(2).expect("below need");
    assert!(reason.contains("sa demi-journée la moins utile ailleurs en rapporte"), "{reason}");
    assert!(reason.contains("(0310001A)") && !reason.contains("(0310003C)"), "{reason}");
}

/// When the worker's other half-days are all minimum presences that cannot go, it says so
/// instead of quoting one of them.
#[test]
fn half_days_that_cannot_move_are_named() {
    let mut instance = small_instance();
    instance.establishments[0].rep_plus = true; // must_cover
    instance.establishments[2].pupils = 1000; // need 10
                                              // Budget left, out of reach: the worker's time binds, not the budget.
    instance.workers.push(worker("ASS02", 1.0, LatLon::new(48.85, 2.35)));
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let solution = plan(&problem, &[(0, 0, 2), (0, 2, 8)]);
    let reason = Analysis::new(&problem, &solution, None).reason(2).expect("below need");
    assert!(
        reason.contains(
            "aucune de ses demi-journées ailleurs ne peut être déplacée : 0310001A (2 demi-journées, présence minimale, couverture obligatoire)"
        ),
        "{reason}"
    );
}

/// An establishment that is a worker's residence, served by another: the worker based there is
/// named with where its time goes and the one-worker rule.
#[test]
fn the_worker_based_at_the_establishment_is_named() {
    let mut instance = small_instance();
    let c = instance.establishments[2].clone();
    let mut ass02 = worker("ASS02", 1.0, c.location);
    ass02.base = Some(Base { uai: Some(c.uai.clone()), location: c.location });
    instance.workers.push(ass02);
    instance.workers[0].fte = 0.2;
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    // ASS01 serves 0310003C (2 of 8); ASS02, based there, gives its 10 to 0310001A and 0310002B.
    let solution = plan(&problem, &[(0, 2, 2), (1, 0, 6), (1, 1, 4)]);
    let reason = Analysis::new(&problem, &solution, None).reason(2).expect("below need");
    assert!(
        reason.contains(
            "ASS02 (résidence dans cet établissement, à 0,0 km) ne le sert pas : 10 sur 10 demi-journées prises à 0310001A (6), 0310002B (4) — tout son temps est pris"
        ),
        "{reason}"
    );
    assert!(reason.contains("il ne pourrait venir qu'à la place de ASS01"), "{reason}");
}

/// Nine REP+ collèges need 18 half-days; the only worker within reach has 10; the other is based
/// in Paris: the message gives both figures and names the worker to check.
#[test]
fn an_infeasible_must_cover_gives_its_figures_and_the_workers_out_of_reach() {
    let mut establishments = Vec::new();
    for n in 0..9 {
        let mut e = college(&format!("03100{n:02}A"), 500);
        e.rep_plus = true;
        e.location = LatLon::new(43.60 + 0.01 * f64::from(n), 1.44);
        establishments.push(e);
    }
    let instance = Instance {
        establishments,
        workers: vec![worker("ASS01", 1.0, LatLon::new(43.60, 1.44)), worker("ASS12", 1.0, LatLon::new(48.85, 2.35))],
        ..Instance::default()
    };
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let reasons = precheck(&problem);
    let m = reasons.iter().find(|r| r.rule == "must_cover").map(|r| r.message.clone()).unwrap_or_default();
    assert!(m.contains("demandent 18 demi-journées (1,8 ETP) à leur présence minimale"), "{reasons:?}");
    assert!(m.contains("n'en ont que 10 (1,0 ETP : ASS01 (10 demi-journées))"), "{m}");
    assert!(
        m.contains("ASS12 (résidence sans UAI ; 48,8500 ; 2,3500")
            && m.contains("n'atteint aucun établissement du périmètre (vérifiez sa résidence dans workers.csv)"),
        "{m}"
    );
}

/// A budget of 1,1 ETP without workers makes a post of 0,1 ETP, below every minimum presence:
/// the time left says why it is unused, and the reasons do not offer its half-day.
#[test]
fn a_post_below_the_minimum_presence_says_so() {
    let mut instance = small_instance();
    instance.workers.clear();
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(1.1);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    assert_eq!(problem.staff[1].capacity_units, 1);
    let mut solution = plan(&problem, &[(0, 0, 6), (0, 1, 4)]);
    solution.bases[0] = Some(BaseChoice::Site(0));
    let lines = idle_time(&problem, &solution, None);
    assert!(
        lines.iter().any(|l| l.contains("POSTE02")
            && l.contains("sa quotité de 0,1 ETP est sous la plus petite présence minimale (0,2 ETP)")
            && l.contains("budget de 1,1 ETP")),
        "{lines:?}"
    );
    let reason = Analysis::new(&problem, &solution, None).reason(2).expect("unserved");
    assert!(reason.contains("POSTE02 (0,1 ETP)") && reason.contains("ne peut servir aucun établissement"), "{reason}");
}
