//! Infeasibility messages name the real cause with its figures (tester's session s48, finding 6):
//! a zero budget without workers.csv leaves no post at all, which is said alone (not a distance
//! to every mandatory establishment); mandatory establishments too far apart for the posts the
//! budget makes are named with the count that proves it.

use sectoria_core::location::LatLon;
use sectoria_core::test_support::college;
use sectoria_core::{precheck, Instance, Problem, Scenario};

/// Three REP+ collèges, `apart` degrees of latitude from each other (0,1° ≈ 14 km by road).
fn rep_plus_colleges(apart: f64) -> Instance {
    let establishments = (0..3)
        .map(|n| {
            let mut e = college(&format!("031000{n}A"), 500);
            e.rep_plus = true;
            e.name = format!("Collège numéro {n}");
            e.location = LatLon::new(43.60 + apart * f64::from(n), 1.44);
            e
        })
        .collect();
    Instance { establishments, ..Instance::default() }
}

#[test]
fn a_zero_budget_without_workers_says_there_is_no_post_and_nothing_else() {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(0.0);
    let problem = Problem::new(&rep_plus_colleges(0.01), &scenario).expect("valid");
    let reasons = precheck(&problem);
    assert_eq!(reasons.len(), 1, "{reasons:#?}");
    let m = &reasons[0].message;
    assert_eq!(reasons[0].rule, "must_cover");
    assert!(
        m.starts_with("aucun assistant ni poste à répartir : sans workers.csv, les postes viennent du budget, et `budget.total_fte` = 0 ETP n'en crée aucun ;")
            && m.contains("demandent 0,6 ETP (3 établissements à la présence minimale)"),
        "{m}"
    );
    assert!(!m.contains("max_distance_km"), "{m}");
}

#[test]
fn mandatory_establishments_too_far_apart_for_the_posts_are_named_with_the_count() {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(2.0);
    scenario.rules.max_distance_km = 5.0;
    let problem = Problem::new(&rep_plus_colleges(0.1), &scenario).expect("valid");
    let reasons = precheck(&problem);
    let m = reasons.iter().find(|r| r.rule == "must_cover").map(|r| r.message.clone()).unwrap_or_default();
    assert!(
        m.starts_with(
            "3 établissements obligatoires (`rules.must_cover` : REP+) sont si éloignés les uns des autres \
             qu'aucun assistant ne peut en servir deux à moins de 5 km de sa résidence : 0310000A (Collège numéro 0, \
             Toulouse), 0310001A (Collège numéro 1, Toulouse), 0310002A (Collège numéro 2, Toulouse) ; il faut \
             donc au moins 3 postes, un pour chacun, et il n'y en a que 2"
        ),
        "{reasons:#?}"
    );
    assert!(m.contains("augmentez `rules.max_distance_km`"), "{m}");

    // Three posts, one for each: nothing to say before the solver.
    scenario.budget.total_fte = Some(3.0);
    let problem = Problem::new(&rep_plus_colleges(0.1), &scenario).expect("valid");
    assert!(precheck(&problem).is_empty(), "{:#?}", precheck(&problem));
    // Close enough for one post to serve two of them: nothing either.
    scenario.budget.total_fte = Some(2.0);
    let problem = Problem::new(&rep_plus_colleges(0.02), &scenario).expect("valid");
    assert!(precheck(&problem).is_empty(), "{:#?}", precheck(&problem));
}

#[test]
fn workers_with_a_residence_are_counted_by_those_that_reach_the_establishments() {
    use sectoria_core::test_support::worker;
    let mut instance = rep_plus_colleges(0.1);
    // Both at the first collège: only one of them can go to each far collège, and none reaches them.
    instance.workers =
        vec![worker("ASS01", 1.0, LatLon::new(43.60, 1.44)), worker("ASS02", 1.0, LatLon::new(43.70, 1.44))];
    let mut scenario = Scenario::default();
    scenario.rules.max_distance_km = 5.0;
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let reasons = precheck(&problem);
    // The third collège is out of reach of everyone: named as such, alone.
    assert!(reasons.iter().any(|r| r.message.starts_with("0310002A (Collège numéro 2)")), "{reasons:#?}");
    assert!(!reasons.iter().any(|r| r.message.contains("si éloignés")), "{reasons:#?}");
}
