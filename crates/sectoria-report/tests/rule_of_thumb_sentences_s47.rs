//! The sentences set against the rule of thumb (tester's session s47): the trade sentence says
//! the ETP the plan attributes in less or in more (« 1,9 ETP de moins attribué », which the
//! table showed and the sentence left out), and « ne respecte pas toutes les règles du
//! scénario » says which rules, with their figures.

use sectoria_core::test_support::small_plan;
use sectoria_report::summary::{baseline_note, summary};
use sectoria_report::trade::trade_sentence;

#[test]
fn the_trade_sentence_says_the_etp_attributed_in_less_or_in_more() {
    let plan = small_plan();
    let mut rule = plan.kpis.clone();
    rule.fte_used = plan.kpis.fte_used + 1.9;
    rule.km_total = plan.kpis.km_total + 90.0;
    assert_eq!(
        trade_sentence(&plan.kpis, &rule),
        "Face à la règle usuelle, le plan optimisé : 1,9 ETP de moins attribué, mais 90 km de moins par semaine."
    );
    rule.fte_used = plan.kpis.fte_used + 17.9;
    assert!(trade_sentence(&plan.kpis, &rule).contains(": 17,9 ETP de moins attribués, mais"));
    rule.fte_used = plan.kpis.fte_used - 0.3;
    assert!(trade_sentence(&plan.kpis, &rule).contains("0,3 ETP de plus attribué et 90 km de moins"));
    // Equal at the table's precision (one decimal): nothing said.
    rule.fte_used = plan.kpis.fte_used + 0.04;
    assert!(!trade_sentence(&plan.kpis, &rule).contains("ETP"));
}

#[test]
fn a_rule_of_thumb_that_breaks_the_scenario_says_which_rules() {
    let mut plan = small_plan();
    plan.baseline.feasible = false;
    plan.baseline.broken_rules =
        vec!["elle change 265 demi-journées par rapport aux secteurs actuels pour un plafond de 200 \
         (`stability.max_changes`)"
            .to_string()];
    let note = baseline_note(&plan).expect("a note");
    assert!(
        note.ends_with(
            "La règle usuelle ne respecte pas toutes les règles du scénario : elle change 265 demi-journées par \
             rapport aux secteurs actuels pour un plafond de 200 (`stability.max_changes`) ; la comparaison se fait \
             donc avec un plan que ce scénario interdit."
        ),
        "{note}"
    );
    assert!(summary(&plan, None).contains(&note));
    // A plan written before the rules were recorded: the sentence as before.
    plan.baseline.broken_rules.clear();
    assert!(baseline_note(&plan).expect("a note").ends_with("ne respecte pas toutes les règles du scénario."));
}
