//! `[locks] exclude`: establishments the plan must not serve. The pre-check names a conflict
//! with `rules.must_cover` or `[locks] assign` by both keys (not as a distance it would look
//! like), the checker reports a plan that serves one, the rule of thumb and the greedy start
//! leave them out, and the explanation says the scenario excluded them.

use sectoria_core::reason::{split_lead, Analysis, Binding, RULE_OPENINGS};
use sectoria_core::scenario::LockedPair;
use sectoria_core::test_support::{college, small_instance, small_instance_with_rep_plus};
use sectoria_core::{check_solution, greedy, precheck, rule_of_thumb, Assignment, Kind, Problem, Scenario, Solution};

fn excluding(uais: &[&str]) -> Scenario {
    let mut s = Scenario::default();
    s.locks.exclude = uais.iter().map(|u| u.to_string()).collect();
    s
}

fn lock(uai: &str, worker: &str) -> LockedPair {
    LockedPair { uai: uai.to_string(), worker: worker.to_string(), fte: None }
}

/// The web's « Interdire toute présence » on a REP+ collège was accepted, and the plan then
/// failed saying no worker was within 60 km.
#[test]
fn an_excluded_must_cover_college_is_refused_naming_both_keys() {
    let problem = Problem::new(&small_instance_with_rep_plus(), &excluding(&["0310004D"])).expect("valid");
    let reasons = precheck(&problem);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    let m = &reasons[0].message;
    assert_eq!(reasons[0].rule, "must_cover");
    assert!(
        m.starts_with("0310004D (Collège Les Izards) est exclu du plan par `[locks] exclude` mais doit être couvert (`rules.must_cover`, catégorie rep_plus (REP+))"),
        "{m}"
    );
    assert!(m.contains("retirez 0310004D de `[locks] exclude`"), "{m}");
    assert!(!reasons.iter().any(|r| r.message.contains("max_distance_km")), "{reasons:?}");
    // Without must_cover, nothing conflicts.
    let mut scenario = excluding(&["0310004D"]);
    scenario.rules.must_cover.clear();
    assert!(precheck(&Problem::new(&small_instance_with_rep_plus(), &scenario).expect("valid")).is_empty());
}

#[test]
fn an_excluded_establishment_locked_to_a_worker_is_refused_naming_both_keys() {
    let mut scenario = excluding(&["0310002B"]);
    scenario.locks.assign.push(lock("0310002B", "ASS01"));
    let reasons = precheck(&Problem::new(&small_instance(), &scenario).expect("valid"));
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert_eq!(reasons[0].rule, "locks");
    assert_eq!(
        reasons[0].message,
        "0310002B (Collège 0310002B) est exclu du plan par `[locks] exclude` mais gardé avec ASS01 par `[locks] assign` : retirez l'un des deux"
    );
}

/// A REP+ école follows its head collège's worker: a locked or mandatory école whose collège
/// is excluded names the exclusion, not a distance or a forbidden pair.
#[test]
fn an_ecole_whose_head_college_is_excluded_names_the_exclusion() {
    let mut instance = small_instance_with_rep_plus();
    let mut ecole = college("0319001E", 200);
    ecole.kind = Kind::Ecole;
    ecole.rep_plus = true;
    ecole.network = Some("0310004D".to_string());
    instance.establishments.push(ecole);
    let mut scenario = excluding(&["0310004D"]);
    scenario.rules.must_cover.clear();
    scenario.locks.assign.push(lock("0319001E", "ASS02"));
    let reasons = precheck(&Problem::new(&instance, &scenario).expect("valid"));
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    let m = &reasons[0].message;
    assert!(m.starts_with("l'école 0319001E (Collège 0319001E) est gardée avec ASS02 par `[locks] assign`"), "{m}");
    assert!(m.contains("ce collège, 0310004D (Collège Les Izards), est exclu du plan par `[locks] exclude`"), "{m}");

    scenario.locks.assign.clear();
    scenario.rules.must_cover = vec![sectoria_core::Category::RepPlus];
    scenario.rules.must_cover_ecoles = true;
    let reasons = precheck(&Problem::new(&instance, &scenario).expect("valid"));
    assert!(reasons.iter().any(|r| r.message.starts_with("0310004D (Collège Les Izards) est exclu")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.message.starts_with("l'école 0319001E (Collège 0319001E) doit être couverte")),
        "{reasons:?}"
    );
    assert!(!reasons.iter().any(|r| r.message.contains("max_distance_km")), "{reasons:?}");
}

/// `sectoria check` reports a plan serving an excluded establishment, or basing a post there.
#[test]
fn the_checker_reports_a_plan_serving_an_excluded_establishment() {
    let problem = Problem::new(&small_instance(), &excluding(&["0310002B"])).expect("valid");
    let b = problem.site_index("0310002B").expect("b");
    let mut solution = Solution::empty(&problem);
    solution.assignments.push(Assignment { worker: 0, site: 0, units: 3 });
    assert_eq!(check_solution(&problem, &solution), vec![]);
    solution.assignments.push(Assignment { worker: 0, site: b, units: 2 });
    solution.normalise();
    let v = check_solution(&problem, &solution);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].code, "C04");
    assert_eq!(v[0].message, "ASS01 à 0310002B : établissement exclu du plan par [locks] exclude");

    let mut instance = small_instance();
    instance.workers.clear();
    let mut scenario = excluding(&["0310002B"]);
    scenario.budget.total_fte = Some(1.0);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let mut solution = Solution::empty(&problem);
    solution.bases[0] = Some(sectoria_core::BaseChoice::Site(b));
    let v = check_solution(&problem, &solution);
    assert!(v.iter().any(|v| v.code == "C01" && v.message.contains("exclu du plan par [locks] exclude")), "{v:?}");
}

#[test]
fn the_rule_of_thumb_and_the_greedy_start_leave_it_out() {
    // Without the exclusion, both serve all three collèges.
    let problem = Problem::new(&small_instance(), &Scenario::default()).expect("valid");
    let c = problem.site_index("0310003C").expect("c");
    assert!(rule_of_thumb(&problem).solution.assignments.iter().any(|a| a.site == c));
    assert!(greedy(&problem).assignments.iter().any(|a| a.site == c));

    let problem = Problem::new(&small_instance(), &excluding(&["0310003C"])).expect("valid");
    for (who, solution) in [("rule of thumb", rule_of_thumb(&problem).solution), ("greedy", greedy(&problem))] {
        assert!(!solution.assignments.iter().any(|a| a.site == c), "{who}: {:?}", solution.assignments);
        assert!(check_solution(&problem, &solution).is_empty(), "{who}");
        assert!(!solution.assignments.is_empty(), "{who}");
    }
    // Posts from the budget are not based there either.
    let mut instance = small_instance();
    instance.workers.clear();
    let mut scenario = excluding(&["0310003C"]);
    scenario.budget.total_fte = Some(3.0);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    for solution in [rule_of_thumb(&problem).solution, greedy(&problem)] {
        assert!(!solution.assignments.iter().any(|a| a.site == c), "{:?}", solution.assignments);
        assert!(!solution.bases.contains(&Some(sectoria_core::BaseChoice::Site(c))), "{:?}", solution.bases);
    }
}

/// The explanation names the exclusion, not a distance, a budget or the workers' time.
#[test]
fn the_explanation_says_the_scenario_excluded_it() {
    let problem = Problem::new(&small_instance(), &excluding(&["0310003C"])).expect("valid");
    let c = problem.site_index("0310003C").expect("c");
    let solution = rule_of_thumb(&problem).solution;
    let analysis = Analysis::new(&problem, &solution, None);
    assert_eq!(analysis.binding(c), Some(Binding::Excluded));
    let reason = analysis.reason(c).expect("not served");
    assert_eq!(
        reason,
        "En bref : le scénario demande qu'il ne soit pas servi. Détail : exclu par le scénario ([locks] exclude)"
    );
    assert!(RULE_OPENINGS.iter().any(|o| split_lead(&reason).1.starts_with(o)));
}
