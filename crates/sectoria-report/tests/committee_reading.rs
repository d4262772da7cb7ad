//! What a committee reads must say what it is: a plan left on the rule of thumb is not called
//! « optimisé », the REP+ collèges (mandatory) and écoles (not by default) are counted apart, the
//! differences with a reference plan name that plan and what the two calculations were given,
//! A before B, and every column of the workbook has a French heading.

use calamine::{Data, Reader, Xlsx};
use scraper::{Html, Selector};
use sectoria_core::kpi::{GroupCoverage, LevelSplit};
use sectoria_core::plan::SolveStatus;
use sectoria_core::test_support::small_plan;
use sectoria_core::{Category, Plan};
use sectoria_report::html::Reference;
use sectoria_report::{html_report, html_report_with, xlsx, ReportOptions};
use std::io::Cursor;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css)).map(|e| e.text().collect::<String>()).collect()
}

fn synthese(plan: &Plan) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx(plan).expect("workbook"))).expect("re-opens");
    wb.worksheet_range("Synthèse").expect("sheet")
}

/// The small plan as if a 0,3 s time limit had left the rule of thumb's plan.
fn left_on_the_rule_of_thumb() -> Plan {
    let mut plan = small_plan();
    plan.solver.status = SolveStatus::TimeLimit;
    plan.scenario.solver.time_limit_s = 0.3;
    plan.baseline.objective = plan.objective;
    plan.baseline.kpis = plan.kpis.clone();
    assert!(plan.keeps_rule_of_thumb());
    plan
}

/// The terminal's column, the report's comparison table and sentence and the workbook's
/// column do not call « plan optimisé » a plan the solver did not improve in its time limit.
#[test]
fn a_plan_left_on_the_rule_of_thumb_is_not_called_optimised_anywhere() {
    let plan = left_on_the_rule_of_thumb();
    let summary = sectoria_report::summary(&plan, None);
    let header = summary.lines().find(|l| l.contains("Règle usuelle")).expect("the table's header");
    assert!(header.contains("Plan retenu (règle usuelle)") && !header.contains("optimisé"), "{summary}");
    assert!(summary.contains("Ce plan est celui de la règle usuelle : le solveur n'a pas trouvé de plan meilleur"));
    assert!(!summary.contains("le plan optimisé"), "{summary}");
    // The figures stay under the header: each row as wide as before plus the wider column.
    let row = summary.lines().find(|l| l.starts_with("Établissements servis")).expect("row");
    assert_eq!(row.chars().count(), header.chars().count(), "{summary}");
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    assert_eq!(texts(&doc, "#table-comparaison thead th")[1], "Plan retenu (règle usuelle)");
    assert!(texts(&doc, "#arbitrage")[0].starts_with("Ce plan est celui de la règle usuelle"));
    let comparison = &texts(&doc, "#comparaison")[0];
    assert!(!comparison.contains("le plan optimisé") && !comparison.contains("Plan optimisé"), "{comparison}");
    let synth = synthese(&plan);
    assert_eq!(synth.get((0, 1)), Some(&Data::String("Plan retenu (règle usuelle)".to_string())));
    assert!(synth.cells().all(|(_, _, d)| !d.to_string().contains("le plan optimisé")));
    // An optimised plan keeps its name.
    let plan = small_plan();
    assert!(sectoria_report::summary(&plan, None).contains("Plan optimisé"));
    assert_eq!(synthese(&plan).get((0, 1)), Some(&Data::String("Plan optimisé".to_string())));
}

fn group(served: usize, establishments: usize) -> GroupCoverage {
    GroupCoverage {
        establishments,
        served,
        pupils: 100.0 * establishments as f64,
        pupils_served: 100.0 * served as f64,
        need_covered: served as f64 / establishments as f64,
        need_covered_weighted: 0.0,
        presence_mean: 2.0,
    }
}

/// The demo's REP+: 23 collèges all served, 8 écoles none (the rule of thumb serves 4).
fn with_rep_plus_ecoles() -> Plan {
    let mut plan = small_plan();
    for (k, ecoles) in [(&mut plan.kpis, 0), (&mut plan.baseline.kpis, 4)] {
        let c = k.by_category.iter_mut().find(|c| c.category == Category::RepPlus).expect("REP+");
        c.coverage.establishments = 31;
        c.coverage.served = 23 + ecoles;
        c.by_level = Some(LevelSplit { colleges: group(23, 23), ecoles: group(ecoles, 8) });
    }
    plan
}

/// « REP+ 23/31 » with `must_cover = ["rep_plus"]` read as a broken rule: the collèges
/// (mandatory) and the écoles (not, by default) are shown apart in the summary, the report and
/// the workbook's Synthèse.
#[test]
fn rep_plus_colleges_and_ecoles_are_shown_apart() {
    let plan = with_rep_plus_ecoles();
    let summary = sectoria_report::summary(&plan, None);
    let line = |start: &str| summary.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("{summary}"));
    assert!(line("  REP+ ").contains("23/31"), "{summary}");
    let colleges = line("    dont collèges (obligatoires)");
    assert!(colleges.contains("23/23 · 100,0 %") && colleges.ends_with("23/23 · 100,0 %"), "{summary}");
    let ecoles = line("    dont écoles (non obligatoires)");
    assert!(ecoles.contains("0/8 · 0,0 %") && ecoles.ends_with("4/8 · 50,0 %"), "{summary}");
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    let rows = texts(&doc, "#categories tr.partie td");
    assert_eq!(rows[0], "dont collèges (obligatoires)");
    assert_eq!(rows[1], "23 / 23");
    // Four cells a row: category, establishments served, need covered, pupils.
    assert_eq!(rows[4], "dont écoles (non obligatoires)");
    assert_eq!(rows[5], "0 / 8");
    let comparison = texts(&doc, "#table-comparaison tbody tr");
    assert!(comparison.contains(&"REP+ servis : écoles (non obligatoires)0 / 84 / 8-4".to_string()), "{comparison:?}");
    assert_eq!(doc.select(&sel("#equite-categories tr.partie")).count(), 2);
    let synth = synthese(&plan);
    let row = |label: &str| {
        (0..synth.height())
            .find(|&r| synth.get((r, 0)) == Some(&Data::String(label.to_string())))
            .unwrap_or_else(|| panic!("row {label}"))
    };
    let r = row("REP+ écoles (non obligatoires) : établissements servis");
    assert_eq!((synth.get((r, 1)), synth.get((r, 2))), (Some(&Data::Float(0.0)), Some(&Data::Float(4.0))));
    let r = row("REP+ collèges (obligatoires) : établissements");
    assert_eq!(synth.get((r, 1)), Some(&Data::Float(23.0)));
    // Without REP+ écoles in the scope, no split anywhere.
    let plan = small_plan();
    assert!(!sectoria_report::summary(&plan, None).contains("dont collèges"));
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    assert_eq!(doc.select(&sel("tr.partie")).count(), 0);
}

/// `report --compare`: the section names the reference plan (A) and this plan (B), what their
/// calculations were given differently in `sectoria compare`'s words, and shows A before B.
#[test]
fn the_differences_name_the_reference_and_what_differs_a_before_b() {
    let mut reference = small_plan();
    reference.inputs.insert("b18.toml".to_string(), "1".repeat(64));
    let mut plan = small_plan();
    plan.inputs.insert("b20.toml".to_string(), "2".repeat(64));
    plan.establishments[1].allocated_units = 3;
    plan.establishments[1].allocated_fte = 0.3;
    plan.kpis.fte_used = reference.kpis.fte_used + 0.1;
    let options = ReportOptions {
        compare: Some(&reference),
        reference: Reference {
            name: Some("p_b18/plan.json".to_string()),
            this_name: Some("p_b20/plan.json".to_string()),
            inputs: Some(
                "Ce que les deux calculs ont reçu de différent :\n  Budget (ETP) [budget.total_fte] : 18 (A) → 20 (B)\n"
                    .to_string(),
            ),
        },
        ..ReportOptions::default()
    };
    let doc = Html::parse_document(&html_report_with(&plan, &options).expect("report"));
    assert_eq!(
        texts(&doc, "#differences #plans-compares")[0],
        "Plan de référence (A) : p_b18/plan.json (scénario b18.toml). Ce plan (B) : p_b20/plan.json (scénario b20.toml)."
    );
    assert_eq!(texts(&doc, "#entrees-differentes p")[0], "Ce que les deux calculs ont reçu de différent :");
    assert_eq!(texts(&doc, "#entrees-differentes li"), ["Budget (ETP) [budget.total_fte] : 18 (A) → 20 (B)"]);
    assert_eq!(
        texts(&doc, "#table-ecarts-chiffres thead th"),
        ["Indicateur", "Plan de référence (A)", "Ce plan (B)", "Écart (B − A)"]
    );
    let fte = texts(&doc, "#table-ecarts-chiffres tbody tr")
        .into_iter()
        .find(|r| r.starts_with("ETP attribués"))
        .expect("ETP row");
    let (a, b) = (reference.kpis.fte_used, plan.kpis.fte_used);
    let d = |x: f64| format!("{x:.1}").replace('.', ",");
    assert_eq!(fte, format!("ETP attribués{}{}+0,1", d(a), d(b)));
    // Without what the caller computes, the section says where to read it.
    let bare = Html::parse_document(&html_report(&plan, Some(&reference), None).expect("report"));
    assert!(texts(&bare, "#entrees-differentes")[0].contains("sectoria compare A/plan.json B/plan.json"));
    assert!(texts(&bare, "#plans-compares")[0]
        .starts_with("Plan de référence (A) : le plan donné en référence (scénario b18.toml)."));
}

/// The « Secteurs » sheet's travel minutes have French headings like the other columns.
#[test]
fn the_sectors_sheet_headings_are_french() {
    let mut plan = small_plan();
    for w in &mut plan.workers {
        w.weekly_minutes = Some(120.0);
        for l in &mut w.sector {
            l.minutes = Some(12.0);
        }
    }
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx(&plan).expect("workbook"))).expect("re-opens");
    let sectors = wb.worksheet_range("Secteurs").expect("sheet");
    let headings: Vec<String> =
        (0..sectors.width()).filter_map(|c| sectors.get((0, c)).map(|d| d.to_string())).collect();
    assert_eq!(headings[13..], ["Durée du trajet (minutes)", "Minutes de trajet par semaine de l'assistant"]);
    for h in &headings {
        assert!(h.contains(' ') || h.chars().next().is_some_and(char::is_uppercase), "a raw name: {h}");
    }
}
