//! The workbook's « Paramètres » sheet shows the scenario's locks as pairs in French
//! (« 0310001A → ASS01 (0,3 ETP) », « 0310002B ✕ ASS02 »), not as the scenario's JSON.

use calamine::{Data, Reader, Xlsx};
use sectoria_core::scenario::{ForbiddenPair, LockedPair};
use sectoria_core::test_support::small_plan;
use std::io::Cursor;

#[test]
fn the_parameters_sheet_shows_locks_as_pairs() {
    let mut plan = small_plan();
    plan.scenario.locks.assign = vec![
        LockedPair { uai: "0310001A".into(), worker: "ASS01".into(), fte: Some(0.3) },
        LockedPair { uai: "0310004D".into(), worker: "ASS02".into(), fte: None },
    ];
    plan.scenario.locks.forbid = vec![ForbiddenPair { uai: "0310002B".into(), worker: "ASS02".into() }];
    plan.scenario.locks.exclude = vec!["0310003C".into()];
    let bytes = sectoria_report::xlsx(&plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    let params = wb.worksheet_range("Paramètres").expect("sheet");
    let value = |key: &str| {
        let label = Data::String(format!("Scénario : {key}"));
        let r = (0..params.height()).find(|&r| params.get((r, 0)) == Some(&label)).expect("row");
        params.get((r, 1)).cloned()
    };
    assert_eq!(value("locks.assign"), Some(Data::String("0310001A → ASS01 (0,3 ETP) ; 0310004D → ASS02".to_string())));
    assert_eq!(value("locks.forbid"), Some(Data::String("0310002B ✕ ASS02".to_string())));
    assert_eq!(value("locks.exclude"), Some(Data::String("0310003C".to_string())));
}
