//! The report's table by priority category names both its measures, and gives the need covered
//! as the summary and Résultats do: session 48 read « REP+ 31/32 · 69,7 % » (need covered) on
//! screen and « REP+ 31 / 32 — 6 440 / 6 528 (98,7 %) » (pupils) in the report.

use scraper::{Html, Selector};
use sectoria_core::test_support::small_plan;
use sectoria_core::Category;
use sectoria_report::frformat::percent;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

#[test]
fn the_category_table_gives_the_need_covered_as_the_summary_does_and_names_the_pupils() {
    let plan = small_plan();
    let rep_plus = plan.kpis.by_category.iter().find(|c| c.category == Category::RepPlus).expect("REP+");
    let g = &rep_plus.coverage;
    let (need, pupils) = (percent(g.need_covered), percent(g.pupils_served / g.pupils));
    assert_ne!(need, pupils, "two different measures: {need}, {pupils}");

    let doc = Html::parse_document(&sectoria_report::html_report(&plan, None, None).expect("report"));
    let heads: Vec<String> = doc.select(&sel("#categories thead th")).map(|h| h.text().collect()).collect();
    assert_eq!(
        heads,
        ["Catégorie prioritaire", "Établissements servis", "Besoin couvert", "Élèves des établissements servis"]
    );
    let row = doc.select(&sel("#categories tr[data-categorie=rep_plus]")).next().expect("the REP+ row");
    let cells: Vec<String> = row.select(&sel("td")).map(|c| c.text().collect()).collect();
    assert_eq!(cells[..3], ["REP+".to_string(), format!("{} / {}", g.served, g.establishments), need.clone()]);
    assert!(cells[3].ends_with(&format!("({pupils})")), "{cells:?}");

    // The summary's line for the category: « REP+ 1/1 · 62,5 % », the same need covered.
    let summary = sectoria_report::summary(&plan, None);
    assert!(summary.contains("Par catégorie (servis · besoin couvert)"), "{summary}");
    let line = summary.lines().find(|l| l.trim_start().starts_with("REP+")).expect("REP+ line");
    assert!(line.contains(&format!("{}/{} · {need}", g.served, g.establishments)), "{line}");
}
