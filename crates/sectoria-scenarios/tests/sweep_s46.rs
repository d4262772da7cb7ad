//! A sweep's rows carry what their plans' warnings say that changes how they read (a budget
//! above or below the workers' time), and the weighted coverage with the base scenario's weights
//! beside each row's own when the weights vary.

use sectoria_core::test_support::small_instance_with_rep_plus;
use sectoria_core::Scenario;
use sectoria_scenarios::sweep::{SolvedRow, Sweep, SweepOutcome};
use sectoria_scenarios::{sweep, sweep_csv, VarySpec};

fn solved(s: &Sweep) -> Vec<&SolvedRow> {
    s.rows
        .iter()
        .map(|r| match &r.outcome {
            SweepOutcome::Solved(x) => x,
            other => panic!("scenario {} not solved: {other:?}", r.index),
        })
        .collect()
}

/// The small instance's workers have 1,5 ETP: a budget of 1 leaves 0,5 ETP of their time idle,
/// a budget of 2 or 3 has 0,5 or 1,5 ETP without anybody, and both rows of the latter are the
/// same plan — each row's « Message » says which.
#[test]
fn the_budget_against_the_workers_time_is_said_in_each_row() {
    let specs = [VarySpec::parse("budget.total_fte=1:3:1").unwrap()];
    let result = sweep(&small_instance_with_rep_plus(), &Scenario::default(), &specs, None, 1, &|_| {}).unwrap();
    let rows = solved(&result);
    assert_eq!(
        rows[0].message,
        "budget sous le temps des assistants (1,5 ETP) : 0,5 ETP de leur temps laissés sans affectation"
    );
    for row in &rows[1..] {
        assert!(
            row.message.starts_with("budget au-delà du temps des assistants (1,5 ETP) : seuls 1,5 ETP répartis"),
            "{}",
            row.message
        );
    }
    let csv = sweep_csv(&result);
    let last = csv.lines().last().unwrap_or_default();
    assert!(
        last.ends_with(
            ";mêmes chiffres qu'à 2 ETP;budget au-delà du temps des assistants (1,5 ETP) : seuls 1,5 ETP \
                        répartis (après réserve), comme à tout budget plus haut"
        ),
        "{csv}"
    );
}

/// With the REP+ bonus varied, each row's weighted coverage is its own weights', and the base
/// scenario's weights give another figure, the same for the row that has the base's bonus.
#[test]
fn rows_of_other_weights_also_get_the_base_weights_coverage() {
    let mut base = Scenario::default();
    base.budget.total_fte = Some(0.4);
    base.rules.must_cover.clear();
    let specs = [VarySpec::parse("priorities.rep_plus=0:2:2").unwrap()];
    let result = sweep(&small_instance_with_rep_plus(), &base, &specs, None, 1, &|_| {}).unwrap();
    let rows = solved(&result);
    let with_base = |r: &SolvedRow| r.base_weighted_coverage.expect("computed");
    // rep_plus = 2 is the base's bonus: the same figure.
    assert!((with_base(rows[1]) - rows[1].weighted_coverage).abs() < 1e-12);
    // rep_plus = 0: its own weights count the REP+ collège for less than the base does.
    assert!((with_base(rows[0]) - rows[0].weighted_coverage).abs() > 1e-6, "{:?}", rows[0]);
    assert!(sweep_csv(&result).contains("Couverture pondérée, poids du scénario de base (%)"));
}

/// The idle time of a budget below the workers' time counts the reserve, as the plan's own line
/// does (« 5,3 ETP … réserve de 0,5 ETP comprise » on the demo at 18 ETP, not 4,8).
#[test]
fn the_idle_time_of_a_row_counts_the_reserve_as_the_plan_does() {
    let specs = [VarySpec::parse("budget.total_fte=1:1:1").unwrap()];
    let mut base = Scenario::default();
    base.budget.reserve_fte = 0.2;
    let result = sweep(&small_instance_with_rep_plus(), &base, &specs, None, 1, &|_| {}).unwrap();
    assert_eq!(
        solved(&result)[0].message,
        "budget sous le temps des assistants (1,5 ETP) : 0,7 ETP de leur temps laissés sans affectation (réserve comprise)"
    );
}
