//! The workbook is read in committee as tables (session 47): its motifs and warnings name the
//! scenario's keys without backticks, and a new post declared without residence is « à
//! pourvoir » on the « Secteurs » sheet.

use calamine::{Data, Reader, Xlsx};
use sectoria_core::test_support::small_plan;
use std::io::Cursor;

fn sheet(plan: &sectoria_core::Plan, name: &str) -> calamine::Range<Data> {
    let bytes = sectoria_report::xlsx(plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    wb.worksheet_range(name).expect("sheet")
}

fn texts(range: &calamine::Range<Data>) -> Vec<String> {
    range.cells().filter_map(|(_, _, d)| if let Data::String(s) = d { Some(s.clone()) } else { None }).collect()
}

#[test]
fn motifs_and_warnings_are_plain_text() {
    let mut plan = small_plan();
    plan.establishments[0].reason =
        Some("au plus un assistant par établissement (`rules.max_workers_per_establishment` = 1)".into());
    plan.warnings = vec!["augmentez `budget.total_fte`".into()];
    for name in ["Synthèse", "Établissements", "Paramètres"] {
        let all = texts(&sheet(&plan, name));
        assert!(all.iter().all(|t| !t.contains('`')), "{name}: {all:?}");
    }
    let establishments = texts(&sheet(&plan, "Établissements"));
    assert!(establishments
        .contains(&"au plus un assistant par établissement (rules.max_workers_per_establishment = 1)".to_string()));
    assert!(texts(&sheet(&plan, "Synthèse")).contains(&"  - augmentez budget.total_fte".to_string()));
}

#[test]
fn a_post_without_residence_is_to_fill_on_the_sectors_sheet() {
    let mut plan = small_plan();
    let new = plan.workers.iter_mut().find(|w| w.id == "ASS02").expect("ASS02");
    new.base.as_mut().expect("a base").chosen_by_model = true;
    let range = sheet(&plan, "Secteurs");
    assert_eq!(range.get((0, 3)), Some(&Data::String("Poste à pourvoir (sans résidence déclarée)".into())));
    for r in 1..range.height() {
        let id = range.get((r, 0)).cloned();
        let expected = if id == Some(Data::String("ASS02".into())) { "oui" } else { "non" };
        assert_eq!(range.get((r, 3)), Some(&Data::String(expected.into())), "row {r}");
    }
}
