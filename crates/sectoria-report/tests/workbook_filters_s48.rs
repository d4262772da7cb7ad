//! The workbook's tables have filters, not its three-column « Synthèse », read top to bottom
//! (tester's session 48).

use calamine::{Reader, Xlsx};
use sectoria_core::test_support::small_plan;
use std::io::Cursor;

#[test]
fn the_summary_sheet_has_no_filter_the_tables_have_one() {
    let bytes = sectoria_report::xlsx(&small_plan()).expect("workbook");
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    // An autofilter is the hidden name « _xlnm._FilterDatabase » of its sheet's range.
    let filtered: Vec<&str> = wb
        .defined_names()
        .iter()
        .filter(|(name, _)| name == "_xlnm._FilterDatabase")
        .map(|(_, range)| range.as_str())
        .collect();
    assert!(!filtered.is_empty(), "the tables keep their filters");
    assert!(!filtered.iter().any(|r| r.contains("Synthèse")), "{filtered:?}");
    for sheet in ["Établissements", "Secteurs", "Équité"] {
        assert!(filtered.iter().any(|r| r.contains(sheet)), "{sheet}: {filtered:?}");
    }
}
