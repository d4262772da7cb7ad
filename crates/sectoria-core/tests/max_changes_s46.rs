//! An infeasible `stability.max_changes` gives its figures (tester's session s46: « est trop bas
//! … augmentez-le », no figure): today's half-days, the budget after reserve, the pairs now
//! forbidden, and what every plan changes at least, each figure proven.

use sectoria_core::feasibility::changes_needed;
use sectoria_core::objective::changed_units;
use sectoria_core::scenario::ForbiddenPair;
use sectoria_core::test_support::small_instance;
use sectoria_core::{precheck, Assignment, CurrentAssignment, Instance, Problem, Scenario, Solution};

/// [`small_instance`] with today's sectors: ASS01 at the three collèges, 4 + 3 + 3 half-days.
fn today() -> Instance {
    let mut instance = small_instance();
    for (uai, fte) in [("0310001A", 0.4), ("0310002B", 0.3), ("0310003C", 0.3)] {
        instance.current.push(CurrentAssignment { worker_id: "ASS01".into(), uai: uai.into(), fte });
    }
    instance
}

fn max_changes_reasons(problem: &Problem) -> Vec<String> {
    precheck(problem).into_iter().filter(|r| r.rule == "max_changes").map(|r| r.message).collect()
}

/// Today's sectors hold 10 half-days, the budget 8: every plan changes 2 at least.
#[test]
fn today_s_half_days_above_the_budget_are_counted() {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(0.9);
    scenario.budget.reserve_fte = 0.1;
    scenario.stability.max_changes = Some(1);
    let problem = Problem::new(&today(), &scenario).expect("valid");
    assert_eq!(changes_needed(&problem).least(), 2);
    assert_eq!(
        max_changes_reasons(&problem),
        vec![
            "`stability.max_changes` = 1 est trop bas : les secteurs actuels (current.csv) comptent 10 demi-journées ; \
             ils dépassent de 2 le budget après réserve (8 demi-journées, 0,8 ETP) ; tout plan en change donc au moins \
             2 : augmentez `stability.max_changes` à 2 au moins, ou relevez `budget.total_fte` ou réduisez \
             `budget.reserve_fte`"
                .to_string()
        ]
    );
    // A plan that keeps 8 of today's half-days changes exactly 2: the figure is reached.
    let mut s = Solution::empty(&problem);
    s.assignments = vec![
        Assignment { worker: 0, site: 0, units: 4 },
        Assignment { worker: 0, site: 1, units: 2 },
        Assignment { worker: 0, site: 2, units: 2 },
    ];
    assert_eq!(changed_units(&problem, &s), 2);
    scenario.stability.max_changes = Some(2);
    assert!(max_changes_reasons(&Problem::new(&today(), &scenario).expect("valid")).is_empty());
}

/// Half-days on a pair now forbidden all change; they add to those above the budget.
#[test]
fn today_s_half_days_on_a_forbidden_pair_are_counted() {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(0.6);
    scenario.stability.max_changes = Some(4);
    scenario.locks.forbid = vec![ForbiddenPair { uai: "0310002B".into(), worker: "ASS01".into() }];
    let problem = Problem::new(&today(), &scenario).expect("valid");
    let need = changes_needed(&problem);
    assert_eq!((need.today, need.forbidden, need.above_budget, need.least()), (10, 3, 1, 4));
    assert!(max_changes_reasons(&problem).is_empty());
    scenario.stability.max_changes = Some(3);
    let problem = Problem::new(&today(), &scenario).expect("valid");
    let reasons = max_changes_reasons(&problem);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].starts_with(
            "`stability.max_changes` = 3 est trop bas : les secteurs actuels (current.csv) comptent 10 demi-journées, \
             dont 3 sur des couples assistant–établissement que le scénario interdit ([locks] forbid ou exclude) ; \
             les autres dépassent de 1 le budget après réserve (6 demi-journées, 0,6 ETP) ; tout plan en change donc \
             au moins 4 (3 + 1) : augmentez `stability.max_changes` à 4 au moins"
        ),
        "{}",
        reasons[0]
    );
}

/// A worker whose sectors today exceed its quotité changes at least the excess, whatever the
/// budget; without today's sectors, or without a cap, nothing is said.
#[test]
fn today_s_half_days_above_a_quotite_are_counted() {
    let mut instance = today();
    instance.current.push(CurrentAssignment { worker_id: "ASS01".into(), uai: "0310003C".into(), fte: 0.2 });
    instance.workers.push(sectoria_core::test_support::worker("ASS02", 0.5, sectoria_core::LatLon::new(43.61, 1.44)));
    let mut scenario = Scenario::default();
    scenario.stability.max_changes = Some(1);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let need = changes_needed(&problem);
    assert_eq!((need.today, need.above_budget, need.above_capacity.0, need.least()), (12, 0, 2, 2));
    let reasons = max_changes_reasons(&problem);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].contains(
            "comptent 12 demi-journées ; ils dépassent de 2 les quotités des assistants (ASS01 12 pour 10) ; tout plan \
             en change donc au moins 2 : augmentez `stability.max_changes` à 2 au moins, ou corrigez current.csv"
        ),
        "{}",
        reasons[0]
    );
    scenario.stability.max_changes = None;
    assert!(max_changes_reasons(&Problem::new(&instance, &scenario).expect("valid")).is_empty());
    scenario.stability.max_changes = Some(0);
    assert!(max_changes_reasons(&Problem::new(&small_instance(), &scenario).expect("valid")).is_empty());
}
