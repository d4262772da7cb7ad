//! The workbook holds each number rounded to the decimals its format shows (tester's session
//! s50: 0.30000000000000004 in Secteurs!J4, 71.72263945550962 and 2567.3209989060038 in
//! Synthèse), so that a copied cell, a formula or a pivot table gives what the cell shows; the
//! cells stay numbers.

use calamine::{Data, Reader, Xlsx};
use sectoria_core::test_support::small_plan;
use sectoria_core::Plan;
use std::io::Cursor;

/// Decimals of the value a number format shows (a percentage's two more); `None` for
/// « General ».
fn places(code: &str) -> Option<usize> {
    (code != "General").then(|| {
        let decimals = code.split_once('.').map_or(0, |(_, d)| d.chars().take_while(|c| *c == '0').count());
        decimals + if code.contains('%') { 2 } else { 0 }
    })
}

/// Decimals of `v` written in full (Rust writes a double's shortest exact form).
fn decimals(v: f64) -> usize {
    format!("{v}").split_once('.').map_or(0, |(_, d)| d.len())
}

/// Every number cell of every sheet of `plan`'s workbook: (sheet, row, column, value, format).
fn numbers(plan: &Plan) -> Vec<(String, u32, u32, f64, String)> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(sectoria_report::xlsx(plan).expect("workbook"))).expect("re-opens");
    let mut out = Vec::new();
    for sheet in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&sheet).expect("sheet");
        let styles = wb.worksheet_style(&sheet).expect("styles");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, d) in range.used_cells() {
            let v = match d {
                Data::Float(v) => *v,
                Data::Int(i) => *i as f64,
                _ => continue,
            };
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            let code = styles
                .get((r, c))
                .and_then(|s| s.number_format.as_ref())
                .map_or_else(|| "General".to_string(), |f| f.format_code.clone());
            out.push((sheet.clone(), r, c, v, code));
        }
    }
    out
}

#[test]
fn no_number_has_more_decimals_than_its_format_shows() {
    let mut plan = small_plan();
    // Figures as the tester's plan had them.
    plan.kpis.km_total = 2567.3209989060038;
    plan.kpis.km_per_worker_mean = 71.72263945550962;
    plan.kpis.need_covered = 0.26912345678;
    let cells = numbers(&plan);
    // ASS01's 3 half-days at 0310001A are 3 × 0.1 ETP: 0.30000000000000004 unrounded.
    assert!(
        cells.iter().any(|(s, _, c, v, _)| s == "Secteurs" && *c == 9 && *v == 0.3),
        "the ETP of 3 half-days is 0.3: {cells:?}"
    );
    assert!(cells.iter().any(|(s, _, _, v, _)| s == "Synthèse" && *v == 2567.0), "km total to the km");
    let mut too_long = Vec::new();
    for (sheet, r, c, v, code) in &cells {
        // « General » shows a number as Excel writes it, up to ten significant digits.
        let shown = places(code).unwrap_or(6);
        if decimals(*v) > shown {
            too_long.push(format!("{sheet}!({r},{c}) = {v} with format {code}"));
        }
    }
    assert!(too_long.is_empty(), "{}", too_long.join("\n"));
}
