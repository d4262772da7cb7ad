//! The committee's short report (`sectoria report --court`, [`ReportOptions::short`]) leaves out
//! the exact explanations of every establishment — about half of Hérault's 129 printed pages in
//! session 48 — and says on its first lines where they are (what else it leaves out, session 50:
//! `short_report_s50.rs`).

use scraper::{Html, Selector};
use sectoria_core::counterfactual::{Change, Counterfactual, ExactExplanation};
use sectoria_core::test_support::small_plan;
use sectoria_core::Plan;
use sectoria_report::{html_report_with, ReportOptions};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// The small plan with an exact explanation for each establishment.
fn explained() -> Plan {
    let mut plan = small_plan();
    for e in &mut plan.establishments {
        e.explanation = Some(ExactExplanation {
            reason: "le budget est épuisé".into(),
            counterfactual: Counterfactual {
                change: Change::Serve,
                description: "Le servir".into(),
                objective: None,
                bound: None,
                cost: None,
                proven: false,
                impossible: Some("aucun assistant n'a de place".into()),
                differences: Vec::new(),
                moved_workers: Vec::new(),
                km_delta: 0.0,
                text: "Aucun plan ne le sert.".into(),
            },
        });
    }
    plan
}

fn report(plan: &Plan, short: bool) -> String {
    html_report_with(plan, &ReportOptions { short, ..ReportOptions::default() }).expect("report")
}

#[test]
fn the_short_report_leaves_out_the_explanations_and_says_where_they_are() {
    let plan = explained();
    let full = Html::parse_document(&report(&plan, false));
    assert_eq!(full.select(&sel("#explications tr[data-cf]")).count(), plan.establishments.len());
    assert_eq!(full.select(&sel("#version-courte")).count(), 0);

    let short = Html::parse_document(&report(&plan, true));
    assert_eq!(short.select(&sel("#explications")).count(), 0);
    let note: String =
        short.select(&sel("header #version-courte")).next().expect("said in the header").text().collect();
    assert!(note.starts_with("Version courte pour le comité. Le rapport complet de ce plan donne en plus"), "{note}");
    assert!(note.contains("l'explication exacte et le contrefactuel de chacun"), "{note}");
    // In the committee's words: no command line.
    assert!(!note.contains("--court"), "{note}");
    // What the committee reads is there: key figures, comparison, map, unserved, sectors.
    for id in ["chiffres", "comparaison", "section-carte", "non-servis", "secteurs"] {
        assert_eq!(short.select(&sel(&format!("#{id}"))).count(), 1, "#{id}");
    }
}

/// Without exact explanations, the short report is still the committee's version, and does not
/// promise explanations the full report lacks.
#[test]
fn without_explanations_the_short_report_is_still_short() {
    let plan = small_plan();
    let short = Html::parse_document(&report(&plan, true));
    let note: String = short.select(&sel("#version-courte")).next().expect("said in the header").text().collect();
    assert!(note.contains("le tableau des 4 établissements avec le motif détaillé de chacun"), "{note}");
    assert!(!note.contains("explication exacte"), "{note}");
    assert_eq!(short.select(&sel("#etablissements")).count(), 0);
    assert_eq!(short.select(&sel("#non-servis")).count(), 1);
}
