//! `check` against another scenario names the settings that differ in words: a lock or a
//! forbidden pair as a committee reads it, not as JSON (« locks.forbid : [{"uai":…}] »).

use sectoria_core::scenario::{ForbiddenPair, LockedPair};
use sectoria_core::test_support::{small_instance_with_rep_plus, small_plan};
use sectoria_core::{check_plan, Category, Problem, Scenario};

/// The message of `check` on the small plan computed with `scenario`, read with the defaults.
fn mismatch(scenario: Scenario) -> String {
    let problem = Problem::new(&small_instance_with_rep_plus(), &Scenario::default()).expect("valid");
    let mut plan = small_plan();
    plan.scenario = scenario;
    let report = check_plan(&problem, &plan);
    report.problems.into_iter().find(|p| p.contains("autre scénario")).expect("the other scenario named")
}

#[test]
fn locks_and_lists_are_said_in_words() {
    let mut s = Scenario::default();
    s.locks.forbid = vec![ForbiddenPair { uai: "0310001A".into(), worker: "ASS02".into() }];
    s.locks.assign = vec![LockedPair { uai: "0310004D".into(), worker: "ASS02".into(), fte: Some(0.3) }];
    s.locks.exclude = vec!["0310003C".into()];
    s.rules.must_cover = vec![Category::RepPlus, Category::Rep];
    let text = mismatch(s);
    assert!(
        text.contains("locks.forbid : couple interdit 0310001A ✕ ASS02 dans le plan, aucun dans le scénario donné"),
        "{text}"
    );
    assert!(
        text.contains("locks.assign : verrou 0310004D → ASS02 (0,3 ETP) dans le plan, aucun dans le scénario donné"),
        "{text}"
    );
    assert!(text.contains("locks.exclude : 0310003C dans le plan, aucun dans le scénario donné"), "{text}");
    assert!(text.contains("rules.must_cover : rep_plus, rep dans le plan, rep_plus dans le scénario donné"), "{text}");
    assert!(!text.contains('{') && !text.contains('['), "{text}");
}

#[test]
fn a_long_list_names_its_first_entries_and_counts_the_others() {
    let mut s = Scenario::default();
    s.locks.forbid = (1..=5).map(|n| ForbiddenPair { uai: format!("031000{n}A"), worker: "ASS01".into() }).collect();
    let text = mismatch(s);
    assert!(
        text.contains(
            "couple interdit 0310001A ✕ ASS01, couple interdit 0310002A ✕ ASS01, couple interdit 0310003A ✕ ASS01, \
             … (et 2 autres) dans le plan, aucun dans le scénario donné"
        ),
        "{text}"
    );
}
