//! A residence given by its coordinates in `workers.csv` (an address, not an establishment) was
//! an empty « Résidence (UAI) » in `sectors.csv` and the workbook, and « adresse hors
//! établissement » without any place in the report (session 49): the three now give its
//! coordinates, in the same words.

use calamine::{Data, Reader, Xlsx};
use sectoria_core::test_support::small_plan;
use sectoria_core::LatLon;
use std::io::Cursor;

const SAID: &str = "adresse hors établissement (44,5225° N, 2,7636° E)";

fn plan_with_an_address() -> sectoria_core::Plan {
    let mut plan = small_plan();
    let base = plan.workers[1].base.as_mut().expect("a base");
    base.uai = None;
    base.location = LatLon::new(44.5225, 2.7636);
    plan
}

/// West of Greenwich, a longitude says so.
#[test]
fn a_western_longitude_reads_west() {
    let mut plan = plan_with_an_address();
    plan.workers[1].base.as_mut().expect("a base").location = LatLon::new(48.1173, -1.6778);
    assert_eq!(
        sectoria_report::sectors::residence(&plan.workers[1]),
        "adresse hors établissement (48,1173° N, 1,6778° O)"
    );
}

#[test]
fn an_address_residence_gives_its_coordinates_everywhere() {
    let plan = plan_with_an_address();
    let id = plan.workers[1].id.clone();
    // sectors.csv: the residence column of each of the worker's rows.
    let csv = sectoria_report::sectors_csv(&plan);
    let header: Vec<&str> = csv.lines().next().expect("header").trim_start_matches('\u{feff}').split(';').collect();
    let column = header.iter().position(|h| h.starts_with("Résidence (UAI")).expect("residence column");
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with(&format!("{id};"))).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!(row.split(';').nth(column), Some(SAID), "{row}");
    }
    // The workbook's « Secteurs » sheet.
    let bytes = sectoria_report::xlsx(&plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    let range = wb.worksheet_range("Secteurs").expect("sheet");
    let found = (1..range.height()).any(|r| {
        range.get((r, 0)) == Some(&Data::String(id.clone()))
            && range.get((r, column)) == Some(&Data::String(SAID.to_string()))
    });
    assert!(found, "{range:?}");
    // The report's sector card.
    let html = sectoria_report::html_report(&plan, None, None).expect("report");
    assert!(html.contains(&format!("Résidence administrative : {SAID} (fixée)")), "{html}");
    // A residence at an establishment keeps its UAI.
    let mut at_school = plan.clone();
    at_school.workers[1].base.as_mut().expect("a base").uai = Some("0310004D".into());
    let csv = sectoria_report::sectors_csv(&at_school);
    assert!(csv.lines().any(|l| l.starts_with(&format!("{id};")) && l.contains(";non;0310004D;")), "{csv}");
}
