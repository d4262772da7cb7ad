//! « Que perd le plan par rapport à l'an dernier ? » (tester's session s49): with today's
//! sectors in the plan (`plan.today`), the terminal summary, the report's comparison table and
//! the workbook's Synthèse show a column « Secteurs actuels » beside the plan and the rule of
//! thumb, with the same rows, a sentence that says what the plan loses and wins against them, and
//! a note that names the rules of this year's scenario they break. Without them, nothing changes.

use calamine::{Data, Reader, Xlsx};
use scraper::{Html, Selector};
use sectoria_core::test_support::small_plan;
use sectoria_core::today::TodayReport;
use sectoria_core::Plan;
use sectoria_report::{html_report, xlsx};
use std::io::Cursor;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn synthese(plan: &Plan) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx(plan).expect("workbook"))).expect("re-opens");
    wb.worksheet_range("Synthèse").expect("sheet")
}

/// The small plan with today's sectors: 2 establishments served more than the plan, 150 km less,
/// a budget they exceed.
fn with_today() -> Plan {
    let mut plan = small_plan();
    plan.inputs.insert("current.csv".into(), "1".repeat(64));
    plan.kpis.changed_establishments = 3;
    plan.kpis.changed_units = 7;
    let mut kpis = plan.kpis.clone();
    kpis.establishments_served += 1;
    kpis.km_total = (plan.kpis.km_total - 150.0).max(0.0);
    kpis.changed_establishments = 0;
    kpis.changed_units = 0;
    plan.today = Some(TodayReport {
        objective: plan.objective,
        kpis,
        chosen_bases: Vec::new(),
        departed_establishments: 1,
        undescribed_workers: 0,
        broken_rules: vec![
            "elle attribue 12 demi-journées pour un budget de 10 demi-journées après réserve (`budget.total_fte`, \
             `budget.reserve_fte`)"
                .into(),
        ],
        sectors: None,
    });
    plan
}

#[test]
fn the_summary_has_today_s_column_sentence_and_note() {
    let plan = with_today();
    let today = plan.today.as_ref().expect("today");
    let summary = sectoria_report::summary(&plan, None);
    let header = summary.lines().find(|l| l.contains("Plan optimisé")).expect("header");
    assert!(header.ends_with("Règle usuelle  Secteurs actuels"), "{summary}");
    let served = summary.lines().find(|l| l.starts_with("Établissements servis")).expect("row");
    assert!(
        served.ends_with(&format!("{}/{}", today.kpis.establishments_served, today.kpis.establishments)),
        "{summary}"
    );
    // Every row of the table has its three figures.
    let table: Vec<&str> = summary
        .lines()
        .skip_while(|l| !l.contains("Plan optimisé"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("Par catégorie") && !l.starts_with("km/semaine par assistant"))
        .collect();
    for l in &table {
        assert_eq!(l.split("  ").filter(|c| !c.trim().is_empty()).count(), 4, "{l:?}");
    }
    assert!(
        summary.contains("Face aux secteurs actuels, le plan optimisé : 1 établissement servi de moins"),
        "{summary}"
    );
    assert!(summary.contains("hors assistants partis (1 établissement : leur temps n'y est pas compté)"), "{summary}");
    assert!(
        summary.contains("La répartition actuelle ne respecte pas toutes les règles de ce scénario : elle attribue 12"),
        "{summary}"
    );
    // Without today's sectors: two columns, no sentence.
    let plain = sectoria_report::summary(&small_plan(), None);
    assert!(!plain.contains("Secteurs actuels") && !plain.contains("Face aux"), "{plain}");
}

#[test]
fn the_report_s_comparison_has_today_s_columns() {
    let plan = with_today();
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    let head: Vec<String> =
        doc.select(&sel("#table-comparaison thead th")).map(|e| e.text().collect::<String>()).collect();
    assert_eq!(
        head,
        [
            "Indicateur",
            "Plan optimisé",
            "Règle usuelle",
            "Écart (plan − règle)",
            "Secteurs actuels",
            "Écart (plan − actuels)"
        ]
    );
    let rows: Vec<Vec<String>> = doc
        .select(&sel("#table-comparaison tbody tr"))
        .map(|r| r.select(&sel("td")).map(|c| c.text().collect::<String>()).collect())
        .collect();
    assert!(rows.iter().all(|r| r.len() == 6), "{rows:?}");
    let served = rows.iter().find(|r| r[0] == "Établissements servis").expect("row");
    let k = &plan.kpis;
    assert_eq!(served[4], format!("{} / {}", k.establishments_served + 1, k.establishments));
    assert_eq!(served[5], "-1");
    let text = |css: &str| doc.select(&sel(css)).map(|e| e.text().collect::<String>()).collect::<String>();
    assert!(text("#arbitrage-actuels").starts_with("Face aux secteurs actuels, le plan optimisé"));
    assert!(text("#note-actuels").contains("elle attribue 12 demi-journées"), "{}", text("#note-actuels"));
    // Without today's sectors, the three columns as before.
    let doc = Html::parse_document(&html_report(&small_plan(), None, None).expect("report"));
    assert_eq!(doc.select(&sel("#table-comparaison thead th")).count(), 4);
    assert_eq!(doc.select(&sel("#arbitrage-actuels, #note-actuels")).count(), 0);
}

#[test]
fn the_workbook_s_synthese_has_today_s_column() {
    let plan = with_today();
    let synth = synthese(&plan);
    assert_eq!(synth.get((0, 3)), Some(&Data::String("Secteurs actuels".into())));
    let row = |label: &str| {
        (0..synth.height())
            .find(|&r| synth.get((r, 0)) == Some(&Data::String(label.to_string())))
            .unwrap_or_else(|| panic!("row {label}"))
    };
    let served = plan.today.as_ref().expect("today").kpis.establishments_served as f64;
    assert_eq!(synth.get((row("Établissements servis"), 3)), Some(&Data::Float(served)));
    assert!(matches!(synth.get((row("Objectif"), 3)), Some(Data::Float(_))));
    // Continuity is measured against today's sectors: no figure of theirs.
    let r = row("Demi-journées déplacées par rapport à aujourd'hui");
    assert_eq!(synth.get((r, 1)), Some(&Data::Float(7.0)));
    assert!(matches!(synth.get((r, 3)), None | Some(Data::Empty)));
    let texts: Vec<String> =
        synth.cells().filter_map(|(_, _, d)| if let Data::String(s) = d { Some(s.clone()) } else { None }).collect();
    assert!(texts.iter().any(|t| t.starts_with("Face aux secteurs actuels")));
    assert!(texts.iter().any(|t| t.contains("La répartition actuelle ne respecte pas")));
    // Without today's sectors, three columns.
    let synth = synthese(&small_plan());
    assert!(matches!(synth.get((0, 3)), None | Some(Data::Empty)));
}

/// When current.csv leaves workers out, today's figures are understated: the note says so first
/// and no sentence claims gains against them.
#[test]
fn workers_current_csv_leaves_out_are_said_and_no_gain_is_claimed() {
    let mut plan = with_today();
    if let Some(today) = plan.today.as_mut() {
        today.undescribed_workers = 2;
    }
    assert_eq!(sectoria_report::today::today_trade_sentence(&plan), None);
    let note = sectoria_report::today::today_note(&plan).expect("a note");
    assert!(note.starts_with("Attention : current.csv ne décrit pas les secteurs de 2 assistants sur "), "{note}");
}
