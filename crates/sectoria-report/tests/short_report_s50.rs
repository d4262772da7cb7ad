//! The committee's short report is what a consultation committee reads in a meeting (session 50,
//! web tester's finding 10: 19 A4 pages, « budget.total_fte = 20,0 dépasse… », « IPS inconnu »,
//! « sectoria report sans --court », « écart prouvé 0,03 %, soit 8,4 points d'objectif »): the key
//! figures, what the committee must hear in plain words, the comparison without the objective's
//! points, the map, the establishments left unserved with their « En bref » sentence and one line
//! per sector; the notes on the data, the solver's figures, the table of every establishment,
//! equity and the parameters stay in the full report, which the header names.

use scraper::{Html, Selector};
use sectoria_core::scenario::Scenario;
use sectoria_core::test_support::{small_instance_with_rep_plus, small_plan, small_plan_of};
use sectoria_core::{Plan, SolveStatus};
use sectoria_report::{html_report_with, ReportOptions};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn report(plan: &Plan, short: bool) -> String {
    html_report_with(plan, &ReportOptions { short, ..ReportOptions::default() }).expect("report")
}

fn text(doc: &Html, selector: &str) -> String {
    doc.select(&sel(selector)).flat_map(|e| e.text()).collect()
}

/// The small plan (1,5 ETP of workers) with a budget of `total_fte`, a note on the data, the
/// unserved collège's reason with its lead sentence, and a solver stopped on its gap.
fn plan_with_budget(total_fte: f64) -> Plan {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(total_fte);
    let mut plan = small_plan_of(&small_instance_with_rep_plus(), &scenario);
    plan.warnings.push("0310003C (Collège 0310003C) : IPS inconnu, facteur IPS pris à 1".into());
    let unserved = plan.establishments.iter_mut().find(|e| e.uai == "0310003C").expect("unserved collège");
    unserved.reason =
        Some("En bref : tout le budget va ailleurs. Détail : budget : tous les ETP sont attribués".into());
    plan.solver.status = SolveStatus::GapReached;
    plan.solver.relative_gap = 0.0003;
    plan.solver.best_bound = plan.solver.objective + 8.4;
    plan
}

#[test]
fn the_short_report_keeps_what_the_committee_reads() {
    let plan = plan_with_budget(2.0);
    let html = report(&plan, true);
    let doc = Html::parse_document(&html);
    // The budget above the workers' time, in plain words, where the warnings were.
    assert_eq!(text(&doc, "#avertissements h2"), "À dire au comité (1)");
    assert_eq!(
        text(&doc, "#avertissements li"),
        "Le budget demandé (2,0 ETP) dépasse le temps des assistants (1,5 ETP) : les 0,5 ETP de plus n'ont pas \
         d'assistant et ne changent rien au plan ; le plan peut en répartir au plus 1,5 ETP."
    );
    // The solver in plain words.
    assert!(text(&doc, "header").contains("Solveur : plan optimal à 0,03 % près."), "{}", text(&doc, "header"));
    // Key figures, comparison, map.
    for id in ["chiffres", "categories", "comparaison", "arbitrage", "section-carte"] {
        assert_eq!(doc.select(&sel(&format!("#{id}"))).count(), 1, "#{id}");
    }
    // The unserved collège with its commune and its lead sentence, not its detail.
    let rows: Vec<String> = doc.select(&sel("#table-non-servis tbody tr")).map(|r| r.text().collect()).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("Collège 0310003C (Toulouse)") && rows[0].contains("tout le budget va ailleurs."),
        "{rows:?}"
    );
    assert!(!rows[0].contains("Détail"), "{rows:?}");
    // One line per worker, their establishments named with their commune and half-days.
    assert_eq!(doc.select(&sel("#table-secteurs tbody tr")).count(), plan.workers.len());
    let ass01 = text(&doc, "#table-secteurs tr[data-worker=ASS01]");
    assert!(ass01.contains("Collège 0310001A (Toulouse)\u{a0}: 3") && ass01.contains("5 / 10"), "{ass01}");
}

#[test]
fn the_short_report_leaves_the_technical_notes_to_the_full_one() {
    let plan = plan_with_budget(2.0);
    let (short, full) = (report(&plan, true), report(&plan, false));
    for technical in ["IPS inconnu", "budget.total_fte", "points d'objectif", "écart prouvé", "Objectif", "--court"] {
        assert!(!short.contains(technical), "« {technical} » in the short report");
    }
    for technical in ["IPS inconnu", "budget.total_fte", "points d'objectif", "Objectif"] {
        assert!(full.contains(technical), "« {technical} » in the full report");
    }
    let doc = Html::parse_document(&short);
    for id in ["etablissements", "explications", "equite", "frontiere", "changements", "parametres"] {
        assert_eq!(doc.select(&sel(&format!("#{id}"))).count(), 0, "#{id} left out");
    }
    // The header's one line says what the full report adds, the notes counted.
    let note = text(&doc, "header #version-courte");
    assert!(note.contains("l'équité par catégorie et par bassin"), "{note}");
    assert!(note.contains("notes sur les données et le budget et les paramètres du calcul."), "{note}");
    // The full report says the solver's figures as before.
    assert!(full.contains("écart relatif atteint (écart prouvé 0,03 %, soit 8,4 points d'objectif au plus)"));
}

#[test]
fn a_budget_below_the_workers_time_and_an_unserved_mandatory_establishment_are_said() {
    let mut plan = plan_with_budget(1.2);
    // The reserve comes off what the plan may distribute, as in its key figures.
    plan.scenario.budget.reserve_fte = 0.2;
    plan.establishments.iter_mut().find(|e| e.uai == "0310003C").expect("unserved collège").must_cover = true;
    let doc = Html::parse_document(&report(&plan, true));
    let said: Vec<String> = doc.select(&sel("#avertissements li")).map(|li| li.text().collect()).collect();
    assert_eq!(
        said,
        [
            "Le budget demandé (1,2 ETP) est inférieur de 0,3 ETP au temps des assistants (1,5 ETP) : ce temps \
             d'assistants employés ne reçoit aucun établissement, sans qu'aucun poste soit supprimé ; le plan peut en \
             répartir au plus 1,0 ETP, la réserve de 0,2 ETP retirée.",
            "Établissement à couverture obligatoire non servi : Collège 0310003C (Toulouse).",
        ]
    );
}

/// Without anything to say, no « À dire au comité » at all; an optimal plan is « plan optimal ».
#[test]
fn nothing_to_say_says_nothing() {
    let mut plan = small_plan();
    plan.warnings = vec!["0310003C (Collège 0310003C) : IPS inconnu, facteur IPS pris à 1".into()];
    plan.solver.status = SolveStatus::Optimal;
    plan.solver.relative_gap = 0.0;
    plan.solver.best_bound = plan.solver.objective;
    let doc = Html::parse_document(&report(&plan, true));
    assert_eq!(doc.select(&sel("#avertissements")).count(), 0);
    assert!(text(&doc, "header").contains("Solveur : plan optimal."), "{}", text(&doc, "header"));
    assert!(text(&doc, "#version-courte").contains("une note sur les données et le budget"));
}
