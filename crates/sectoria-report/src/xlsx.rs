//! `plan.xlsx`: the plan as an Excel workbook with the sheets « Synthèse »,
//! « Établissements », « Secteurs », « Paramètres », « Équité » ([`EQUITY_SHEET`]: need
//! covered and presence by priority category and bassin, travel burden) and, with today's
//! sectors, « Changements » ([`crate::worker_changes::SHEET`]: what each worker keeps, loses and
//! gains against them) — French headers, number formats
//! (ETP `0.0`, km `0` in the summaries and `0.0` for distances as in the CSV files,
//! percentages `0.0 %`), a frozen header row and filters on every sheet.
//!
//! Cells hold numbers, not formatted text, so that the committee can sort and sum them; each
//! rounded to the decimals its format shows (`number`).

use crate::error::ReportError;
use crate::html::unquoted;
use crate::manifest::scenario_cells;
use crate::{allocation, sectors};
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use sectoria_core::{Kpis, ObjectiveTerms, Plan};

/// Sheet names, in order.
pub const SHEETS: [&str; 4] = ["Synthèse", "Établissements", "Secteurs", "Paramètres"];
/// The equity sheet, written after [`SHEETS`].
pub const EQUITY_SHEET: &str = "Équité";

fn err(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// A number format and the decimals it shows: every number is written rounded to them
/// ([`number`]), so that a copied cell, a formula or a pivot table holds what the cell shows
/// (0,3, not 0.30000000000000004).
struct Num {
    format: Format,
    /// Decimals of the value shown (a percentage's two more); `None` for « General », which
    /// shows a number as it is.
    places: Option<i32>,
}

impl Num {
    /// The format of Excel code `code` (« 0.0 », « #,##0.000 », « 0.0% », « General »).
    fn new(code: &str) -> Self {
        let places = (code != "General").then(|| {
            let decimals = code.split_once('.').map_or(0, |(_, d)| d.chars().take_while(|c| *c == '0').count());
            decimals as i32 + if code.contains('%') { 2 } else { 0 }
        });
        Num { format: Format::new().set_num_format(code), places }
    }
}

/// `v` rounded to `places` decimals: the double nearest the decimal shown.
fn rounded(v: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    let x = (v * scale).round() / scale;
    // No « -0 ».
    if x == 0.0 {
        0.0
    } else {
        x
    }
}

/// Writes `v` at (`r`, `c`) with `f`'s format, rounded to the decimals it shows.
fn number(ws: &mut Worksheet, r: u32, c: u16, v: impl Into<f64>, f: &Num) -> Result<(), ReportError> {
    let v = v.into();
    ws.write_number_with_format(r, c, f.places.map_or(v, |p| rounded(v, p)), &f.format).map_err(err)?;
    Ok(())
}

/// Cell formats of the workbook.
struct Formats {
    header: Format,
    fte: Num,
    fte2: Num,
    km: Num,
    /// Distances and a worker's weekly km, to the tenth as in `allocation.csv` and `sectors.csv`.
    km1: Num,
    /// Travel minutes.
    minutes: Num,
    int: Num,
    pct: Num,
    score: Num,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDE6F0)),
            fte: Num::new("0.0"),
            fte2: Num::new("0.00"),
            km: Num::new("0"),
            km1: Num::new("0.0"),
            minutes: Num::new("0"),
            int: Num::new("0"),
            pct: Num::new("0.0%"),
            score: Num::new("0.0"),
        }
    }
}

/// Writes the header row, freezes it and sets column widths.
fn header_row(ws: &mut Worksheet, f: &Formats, header: &[&str], widths: &[f64]) -> Result<(), ReportError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header).map_err(err)?;
        ws.set_column_width(c as u16, widths.get(c).copied().unwrap_or(14.0)).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    Ok(())
}

/// [`header_row`], and the autofilter over `rows` data rows: a table to sort and filter.
fn table(ws: &mut Worksheet, f: &Formats, header: &[&str], widths: &[f64], rows: u32) -> Result<(), ReportError> {
    header_row(ws, f, header, widths)?;
    ws.autofilter(0, 0, rows, header.len().saturating_sub(1) as u16).map_err(err)?;
    Ok(())
}

/// The figures a « Synthèse » column compares with the plan's: the rule of thumb's, or today's
/// sectors'.
struct Column<'a> {
    kpis: &'a Kpis,
    objective: &'a ObjectiveTerms,
    /// ETP of the budget (after reserve) left unallocated.
    fte_left: f64,
}

/// A « Synthèse » row: label, the plan's figure, the other column's, the cells' format.
type Row<'a> = (String, f64, f64, &'a Num);

/// The continuity rows: no figure for today's sectors, which they are measured against.
const CONTINUITY_ROWS: [&str; 2] =
    ["Établissements changeant d'assistant ou de temps", "Demi-journées déplacées par rapport à aujourd'hui"];

/// The rows of « Synthèse »: the plan's figures and `other`'s, in the sheet's order.
fn summary_rows<'f>(plan: &Plan, f: &'f Formats, other: &Column) -> Vec<Row<'f>> {
    let (k, b) = (&plan.kpis, other.kpis);
    let o = other.objective;
    let ratio = |x: &Kpis| if x.pupils > 0.0 { x.pupils_served / x.pupils } else { 0.0 };
    let mut rows: Vec<Row> = vec![
        ("ETP disponibles après réserve".into(), k.fte_available, b.fte_available, &f.fte),
        ("ETP attribués".into(), k.fte_used, b.fte_used, &f.fte),
        ("ETP en réserve".into(), k.fte_reserve, b.fte_reserve, &f.fte),
        ("Établissements dans le périmètre".into(), k.establishments as f64, b.establishments as f64, &f.int),
        ("Établissements servis".into(), k.establishments_served as f64, b.establishments_served as f64, &f.int),
        ("Élèves comptés".into(), k.pupils, b.pupils, &f.int),
        ("Élèves des établissements servis".into(), k.pupils_served, b.pupils_served, &f.int),
        ("Part des élèves couverts".into(), ratio(k), ratio(b), &f.pct),
        ("Couverture pondérée par la priorité".into(), k.weighted_coverage, b.weighted_coverage, &f.pct),
        ("Besoin estimé (ETP)".into(), k.need_fte, b.need_fte, &f.fte),
        ("Part du besoin couverte".into(), k.need_covered, b.need_covered, &f.pct),
        (
            "Part du besoin couverte, pondérée par la priorité".into(),
            k.need_covered_weighted,
            b.need_covered_weighted,
            &f.pct,
        ),
        (
            "Part du besoin couverte, établissements prioritaires".into(),
            k.need_covered_priority,
            b.need_covered_priority,
            &f.pct,
        ),
        ("Présence moyenne par établissement servi (demi-journées)".into(), k.presence_mean, b.presence_mean, &f.score),
        ("Assistants mobilisés".into(), k.workers_used as f64, b.workers_used as f64, &f.int),
        ("km par semaine et par assistant (moyenne)".into(), k.km_per_worker_mean, b.km_per_worker_mean, &f.km),
        ("km par semaine et par assistant (médiane)".into(), k.km_per_worker_median, b.km_per_worker_median, &f.km),
        ("km par semaine d'un assistant (maximum)".into(), k.km_per_worker_max, b.km_per_worker_max, &f.km),
        ("km par semaine (total)".into(), k.km_total, b.km_total, &f.km),
        ("Objectif".into(), plan.objective.total, o.total, &f.score),
        ("Valeur de service".into(), plan.objective.service_value, o.service_value, &f.score),
        ("Coût des trajets".into(), plan.objective.travel_cost, o.travel_cost, &f.score),
        ("Coût de continuité".into(), plan.objective.stability_cost, o.stability_cost, &f.score),
        ("Coût de fragmentation".into(), plan.objective.fragmentation_cost, o.fragmentation_cost, &f.score),
    ];
    // Travel time, when distances.csv gives minutes, after the km; then, against today's sectors
    // only (without them « 0 » would read as « nothing changes »), the continuity.
    let after_km = rows.iter().position(|r| r.0 == "km par semaine (total)").map_or(rows.len(), |p| p + 1);
    if crate::summary::has_current_sectors(plan) {
        rows.insert(
            after_km,
            (CONTINUITY_ROWS[0].into(), k.changed_establishments as f64, b.changed_establishments as f64, &f.int),
        );
        rows.insert(after_km, (CONTINUITY_ROWS[1].into(), k.changed_units.into(), b.changed_units.into(), &f.int));
    }
    for (n, (label, x, y)) in [
        (
            "Minutes de trajet par semaine et par assistant (moyenne)",
            k.minutes_per_worker_mean,
            b.minutes_per_worker_mean,
        ),
        ("Minutes de trajet par semaine d'un assistant (maximum)", k.minutes_per_worker_max, b.minutes_per_worker_max),
    ]
    .into_iter()
    .enumerate()
    {
        if let (Some(x), Some(y)) = (x, y) {
            rows.insert(after_km + n, (label.into(), x, y, &f.minutes));
        }
    }
    for (c, bc) in k.by_category.iter().zip(&b.by_category) {
        if c.coverage.establishments == 0 {
            continue;
        }
        rows.push((
            format!("{} : établissements", c.label),
            c.coverage.establishments as f64,
            bc.coverage.establishments as f64,
            &f.int,
        ));
        rows.push((
            format!("{} : établissements servis", c.label),
            c.coverage.served as f64,
            bc.coverage.served as f64,
            &f.int,
        ));
        rows.push((
            format!("{} : élèves couverts", c.label),
            c.coverage.pupils_served,
            bc.coverage.pupils_served,
            &f.int,
        ));
        // REP+: the collèges (mandatory by default) and the écoles apart; an empty cell where
        // the figures lack the split (a plan written before it).
        if c.category == sectoria_core::Category::RepPlus {
            for l in crate::levels::levels(k, b, &plan.scenario.rules).into_iter().flatten() {
                let get = |g: Option<&sectoria_core::kpi::GroupCoverage>,
                           f: fn(&sectoria_core::kpi::GroupCoverage) -> usize| {
                    g.map_or(f64::NAN, |g| f(g) as f64)
                };
                let name = format!("{} {}", c.label, l.label());
                rows.push((
                    format!("{name} : établissements"),
                    get(l.first, |g| g.establishments),
                    get(l.second, |g| g.establishments),
                    &f.int,
                ));
                rows.push((
                    format!("{name} : établissements servis"),
                    get(l.first, |g| g.served),
                    get(l.second, |g| g.served),
                    &f.int,
                ));
            }
        }
    }
    rows.push(("ETP du budget non attribués".into(), k.fte_available - k.fte_used, other.fte_left, &f.fte));
    rows
}

fn summary_sheet(ws: &mut Worksheet, f: &Formats, plan: &Plan) -> Result<(), ReportError> {
    let rule =
        Column { kpis: &plan.baseline.kpis, objective: &plan.baseline.objective, fte_left: plan.baseline.fte_left };
    let rows = summary_rows(plan, f, &rule);
    // Today's sectors, by row label (the same rows: same scope, same scenario).
    let today: Option<Vec<f64>> = plan.today.as_ref().map(|t| {
        // Negative when today's sectors give more than this year's budget (the note says so).
        let left = t.kpis.fte_available - t.kpis.fte_used;
        let column = Column { kpis: &t.kpis, objective: &t.objective, fte_left: left };
        let theirs: std::collections::BTreeMap<String, f64> =
            summary_rows(plan, f, &column).into_iter().map(|r| (r.0, r.2)).collect();
        let figure = |label: &String| theirs.get(label).copied().filter(|_| !CONTINUITY_ROWS.contains(&label.as_str()));
        rows.iter().map(|r| figure(&r.0).unwrap_or(f64::NAN)).collect()
    });
    // Three or four columns, a summary read top to bottom: no filter to sort it out of its order.
    let mut header = vec!["Indicateur", crate::trade::plan_label(plan), crate::trade::BASELINE_LABEL];
    header.extend(today.as_ref().map(|_| crate::today::TODAY_LABEL));
    header_row(ws, f, &header, &[52.0, 16.0, 16.0, 16.0])?;
    for (r, (label, a, bv, fmt)) in rows.iter().enumerate() {
        let t = today.as_ref().map_or(f64::NAN, |t| t[r]);
        let r = r as u32 + 1;
        ws.write_string(r, 0, label).map_err(err)?;
        for (c, v) in [(1, *a), (2, *bv), (3, t)] {
            if v.is_finite() {
                number(ws, r, c, v, fmt)?;
            }
        }
    }
    // Below the table: the solver's status with its tolerance, what the optimisation trades,
    // what the rule of thumb leaves and why, and the continuity with today's sectors.
    // The plan's warnings come right after the solver's line, in full: on « Paramètres » only,
    // below the scenario, nobody read them.
    let mut lines = vec![format!("Solveur : {}", crate::summary::solver_phrase(plan))];
    if !plan.warnings.is_empty() {
        lines.push(format!("Avertissements ({}) — aussi dans la feuille « {} » :", plan.warnings.len(), SHEETS[3]));
        lines.extend(plan.warnings.iter().map(|w| format!("  - {w}")));
    }
    lines.push(crate::trade::plan_trade_sentence(plan));
    lines.extend(crate::summary::baseline_note(plan));
    lines.extend(crate::today::today_trade_sentence(plan));
    lines.extend(crate::today::today_note(plan));
    lines.extend(crate::summary::continuity_line(plan).map(|l| format!("{l}.")));
    for (n, line) in lines.iter().enumerate() {
        ws.write_string(rows.len() as u32 + 2 + n as u32, 0, unquoted(line)).map_err(err)?;
    }
    Ok(())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "oui"
    } else {
        "non"
    }
}

fn establishments_sheet(ws: &mut Worksheet, f: &Formats, plan: &Plan) -> Result<(), ReportError> {
    let widths = [11.0, 36.0, 18.0, 18.0, 10.0, 10.0, 30.0, 10.0, 10.0, 10.0, 14.0, 10.0, 12.0, 12.0, 8.0, 40.0];
    table(ws, f, &allocation::HEADER, &widths, plan.establishments.len() as u32)?;
    for (r, e) in plan.establishments.iter().enumerate() {
        let r = r as u32 + 1;
        let bonuses: Vec<String> = e
            .priority
            .bonuses
            .iter()
            .map(|b| format!("{} +{}", b.label, crate::frformat::decimal(b.points, 1)))
            .collect();
        let workers: Vec<&str> = e.workers.iter().map(|w| w.worker.as_str()).collect();
        ws.write_string(r, 0, &e.uai).map_err(err)?;
        ws.write_string(r, 1, &e.name).map_err(err)?;
        ws.write_string(r, 2, e.kind.label()).map_err(err)?;
        ws.write_string(r, 3, &e.commune).map_err(err)?;
        number(ws, r, 4, e.pupils, &f.int)?;
        number(ws, r, 5, e.priority.score, &f.score)?;
        ws.write_string(r, 6, bonuses.join(", ")).map_err(err)?;
        number(ws, r, 7, e.need_fte, &f.fte2)?;
        number(ws, r, 8, e.allocated_fte, &f.fte)?;
        number(ws, r, 9, e.allocated_units, &f.int)?;
        ws.write_string(r, 10, workers.join(", ")).map_err(err)?;
        if let Some(km) = e.workers.iter().map(|w| w.km).reduce(f64::max) {
            number(ws, r, 11, km, &f.km1)?;
        }
        number(ws, r, 12, e.service_value, &f.score)?;
        ws.write_string(r, 13, yes_no(e.must_cover)).map_err(err)?;
        ws.write_string(r, 14, yes_no(e.allocated_units > 0)).map_err(err)?;
        ws.write_string(r, 15, unquoted(e.reason.as_deref().unwrap_or(""))).map_err(err)?;
        explanation_cells(ws, f, r, e)?;
    }
    Ok(())
}

/// The exact explanation's columns (16–21, as in `allocation.csv`): the change, its cost and
/// proven interval as numbers, the verdict and the counterfactual.
fn explanation_cells(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    e: &sectoria_core::plan::EstablishmentResult,
) -> Result<(), ReportError> {
    let Some(x) = &e.explanation else { return Ok(()) };
    let fields = allocation::explanation_fields(e);
    ws.write_string(r, 16, &fields[0]).map_err(err)?;
    if let Some(i) = &x.counterfactual.cost {
        for (c, v) in [(17, i.shown), (18, i.low), (19, i.high)] {
            number(ws, r, c, v, &f.score)?;
        }
    }
    ws.write_string(r, 20, &fields[4]).map_err(err)?;
    ws.write_string(r, 21, &fields[5]).map_err(err)?;
    Ok(())
}

/// The « Secteurs » sheet's two columns of travel minutes, when `distances.csv` gives them: in
/// French like the others (« Distance (km) », « km par semaine de l'assistant »).
pub const MINUTES_HEADER: [&str; 2] = ["Durée du trajet (minutes)", "Minutes de trajet par semaine de l'assistant"];

fn sectors_sheet(ws: &mut Worksheet, f: &Formats, plan: &Plan) -> Result<(), ReportError> {
    let unit = plan.scenario.budget.unit_fte;
    let rows: u32 = plan.workers.iter().map(|w| w.sector.len().max(1) as u32).sum();
    let widths = [10.0, 18.0, 10.0, 10.0, 12.0, 12.0, 11.0, 36.0, 10.0, 8.0, 10.0, 12.0, 12.0];
    // Travel minutes, when distances.csv gives them (sectoria distances): two more columns.
    let minutes_known = plan.workers.iter().any(|w| w.weekly_minutes.is_some());
    let mut header: Vec<&str> = sectors::HEADER.to_vec();
    if minutes_known {
        header.extend(MINUTES_HEADER);
    }
    table(ws, f, &header, &widths, rows)?;
    let mut r = 1u32;
    for w in &plan.workers {
        let lines: Vec<Option<&sectoria_core::plan::SectorLine>> =
            if w.sector.is_empty() { vec![None] } else { w.sector.iter().map(Some).collect() };
        for line in lines {
            ws.write_string(r, 0, &w.id).map_err(err)?;
            ws.write_string(r, 1, w.name.as_deref().unwrap_or("")).map_err(err)?;
            number(ws, r, 2, w.fte, &f.fte2)?;
            ws.write_string(r, 3, yes_no(sectors::vacant(w))).map_err(err)?;
            ws.write_string(r, 4, sectors::residence(w)).map_err(err)?;
            ws.write_string(r, 5, w.base.as_ref().map_or("", |b| yes_no(b.chosen_by_model))).map_err(err)?;
            if let Some(l) = line {
                ws.write_string(r, 6, &l.uai).map_err(err)?;
                ws.write_string(r, 7, &l.name).map_err(err)?;
                number(ws, r, 8, l.units, &f.int)?;
                number(ws, r, 9, f64::from(l.units) * unit, &f.fte)?;
                number(ws, r, 10, l.km, &f.km1)?;
            }
            number(ws, r, 11, f64::from(w.units_used) * unit, &f.fte)?;
            number(ws, r, 12, w.weekly_km, &f.km1)?;
            if let Some(m) = line.and_then(|l| l.minutes) {
                number(ws, r, 13, m, &f.minutes)?;
            }
            if let Some(m) = w.weekly_minutes {
                number(ws, r, 14, m, &f.minutes)?;
            }
            r += 1;
        }
    }
    Ok(())
}

/// The start of a scenario setting's row in the « Paramètres » sheet, before its key.
const SCENARIO_ROW: &str = "Scénario : ";

/// A value of the « Paramètres » sheet: a number with its number format, or a text.
enum Param {
    Number(f64, String),
    Text(String),
}

fn parameters_sheet(ws: &mut Worksheet, f: &Formats, plan: &Plan) -> Result<(), ReportError> {
    use Param::{Number, Text};
    let s = &plan.solver;
    let count = |n: f64| Number(n, "#,##0".to_string());
    let gap_format = match crate::summary::gap_places(s.relative_gap) {
        0 => "0%".to_string(),
        places => format!("0.{}%", "0".repeat(places)),
    };
    let mut rows: Vec<(String, Param)> = vec![
        ("Version de sectoria".into(), Text(plan.sectoria_version.clone())),
        ("Format de plan.json".into(), Number(f64::from(plan.schema), "0".into())),
        ("Solveur".into(), Text(s.engine.clone())),
        ("Statut du solveur".into(), Text(s.status.label().to_string())),
        ("Objectif (solveur)".into(), Number(s.objective, "#,##0.000".into())),
        ("Borne prouvée".into(), Number(s.best_bound, "#,##0.000".into())),
        ("Écart relatif prouvé".into(), Number(s.relative_gap.max(0.0), gap_format)),
        (
            "Écart prouvé en points d'objectif (au plus)".into(),
            // As `summary::tolerance_points`: one decimal, never below zero.
            Number((s.best_bound - s.objective).max(0.0), "#,##0.0".into()),
        ),
        ("Variables du modèle".into(), count(s.variables as f64)),
        ("Contraintes du modèle".into(), count(s.constraints as f64)),
    ];
    // A setting's number as Excel shows it by default (« 0,1 », « 60 »): no rounding.
    // The locks as pairs (« 0990016E → ASS01 (0,3 ETP) »), not as JSON.
    rows.extend(scenario_cells(plan).into_iter().map(|(k, number, text)| {
        let text = crate::labels::locks_value(&plan.scenario, &k).unwrap_or(text);
        (format!("{SCENARIO_ROW}{k}"), number.map_or(Text(text), |x| Number(x, "General".into())))
    }));
    rows.extend(plan.inputs.iter().map(|(file, hash)| (format!("Empreinte SHA-256 : {file}"), Text(hash.clone()))));
    rows.extend(plan.warnings.iter().enumerate().map(|(i, w)| (format!("Avertissement {}", i + 1), Text(unquoted(w)))));
    rows.extend(plan.out_of_scope.iter().map(|(uai, why)| (format!("Hors périmètre : {uai}"), Text(unquoted(why)))));
    // The scenario's settings get their French name in a third column (the first two, key and
    // value, are where the other rows have theirs).
    let labels: Vec<Option<&str>> =
        rows.iter().map(|(k, _)| k.strip_prefix(SCENARIO_ROW).and_then(crate::labels::label)).collect();
    table(ws, f, &["Paramètre", "Valeur", "Libellé"], &[48.0, 70.0, 34.0], rows.len() as u32)?;
    for (r, ((k, v), label)) in rows.iter().zip(&labels).enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, k).map_err(err)?;
        if let Some(label) = label {
            ws.write_string(r, 2, *label).map_err(err)?;
        }
        match v {
            Text(t) => {
                ws.write_string(r, 1, t).map_err(err)?;
            }
            Number(x, format) => number(ws, r, 1, *x, &Num::new(format))?,
        }
    }
    Ok(())
}

/// Renders `plan.xlsx`.
pub fn xlsx(plan: &Plan) -> Result<Vec<u8>, ReportError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // A fixed creation date: the workbook, like the other outputs, depends only on the plan
    // (rust_xlsxwriter would stamp the current time into docProps/core.xml).
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    summary_sheet(wb.add_worksheet().set_name(SHEETS[0]).map_err(err)?, &f, plan)?;
    establishments_sheet(wb.add_worksheet().set_name(SHEETS[1]).map_err(err)?, &f, plan)?;
    sectors_sheet(wb.add_worksheet().set_name(SHEETS[2]).map_err(err)?, &f, plan)?;
    parameters_sheet(wb.add_worksheet().set_name(SHEETS[3]).map_err(err)?, &f, plan)?;
    equity_sheet(wb.add_worksheet().set_name(EQUITY_SHEET).map_err(err)?, &f, plan)?;
    if let Some(changes) = sectoria_core::today::workers::worker_changes(plan) {
        changes_sheet(wb.add_worksheet().set_name(crate::worker_changes::SHEET).map_err(err)?, &f, &changes)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// « Changements »: one row per establishment that changes in a worker's sector against today's
/// (who takes a loss over, or why nobody does; whom a gain comes from), then the workers
/// `current.csv` does not describe, those unchanged and those who have left.
fn changes_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    changes: &sectoria_core::today::workers::WorkerChanges,
) -> Result<(), ReportError> {
    use crate::worker_changes::{closing, rows, HEADER, TITLE};
    let rows = rows(changes);
    table(ws, f, &HEADER, &[10.0, 18.0, 12.0, 36.0, 12.0, 12.0, 14.0, 80.0], rows.len() as u32)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &row.worker.worker).map_err(err)?;
        ws.write_string(r, 1, row.worker.name.as_deref().unwrap_or("")).map_err(err)?;
        ws.write_string(r, 2, &row.site.uai).map_err(err)?;
        ws.write_string(r, 3, &row.site.name).map_err(err)?;
        number(ws, r, 4, row.site.today_units, &f.int)?;
        number(ws, r, 5, row.site.plan_units, &f.int)?;
        ws.write_string(r, 6, row.change).map_err(err)?;
        ws.write_string(r, 7, unquoted(&row.detail)).map_err(err)?;
    }
    let mut lines = vec![format!("{TITLE} : demi-journées de current.csv (aujourd'hui) et du plan.")];
    let absent: Vec<&str> = changes.workers.iter().filter(|w| !w.described).map(|w| w.worker.as_str()).collect();
    if !absent.is_empty() {
        lines.push(format!(
            "Absents de current.csv (arrivée, retour ou poste ajouté : tout ce qu'ils servent est gagné) : {}.",
            absent.join(", ")
        ));
    }
    lines.extend(closing(changes).into_iter().map(|l| format!("{l}.")));
    for (n, line) in lines.iter().enumerate() {
        ws.write_string(rows.len() as u32 + 2 + n as u32, 0, unquoted(line)).map_err(err)?;
    }
    Ok(())
}

/// « Équité »: one row per priority category, then per bassin, then the travel burden; each
/// figure for the plan and for the rule of thumb.
fn equity_sheet(ws: &mut Worksheet, f: &Formats, plan: &Plan) -> Result<(), ReportError> {
    let (k, b) = (&plan.kpis, &plan.baseline.kpis);
    let header = [
        "Groupe",
        "Établissements",
        "Servis (plan)",
        "Servis (règle usuelle)",
        "Élèves couverts (plan)",
        "Élèves couverts (règle usuelle)",
        "Besoin couvert (plan)",
        "Besoin couvert (règle usuelle)",
        "Besoin pondéré couvert (plan)",
        "Besoin pondéré couvert (règle usuelle)",
        "Présence moyenne, demi-journées (plan)",
        "Présence moyenne, demi-journées (règle usuelle)",
        "km/semaine des assistants qui le servent, médiane (plan)",
        "km/semaine, maximum (plan)",
        "km/semaine, médiane (règle usuelle)",
        "km/semaine, maximum (règle usuelle)",
    ];
    let share = |p: f64, t: f64| if t > 0.0 { p / t } else { 0.0 };
    // (label, establishments, [served a, b], [pupils a, b], [need a, b], [weighted a, b], [presence a, b], km)
    type Row = (String, f64, [f64; 2], [f64; 2], [f64; 2], [f64; 2], [f64; 2], Option<[f64; 4]>);
    let mut rows: Vec<Row> = Vec::new();
    for (c, cb) in k.by_category.iter().zip(&b.by_category).filter(|(c, _)| c.coverage.establishments > 0) {
        rows.push((
            format!("Catégorie : {}", c.label),
            c.coverage.establishments as f64,
            [c.coverage.served as f64, cb.coverage.served as f64],
            [share(c.coverage.pupils_served, c.coverage.pupils), share(cb.coverage.pupils_served, cb.coverage.pupils)],
            [c.coverage.need_covered, cb.coverage.need_covered],
            [c.coverage.need_covered_weighted, cb.coverage.need_covered_weighted],
            [c.coverage.presence_mean, cb.coverage.presence_mean],
            Some([c.km_per_worker_median, c.km_per_worker_max, cb.km_per_worker_median, cb.km_per_worker_max]),
        ));
        if c.category == sectoria_core::Category::RepPlus {
            for l in crate::levels::rep_plus_levels(plan).into_iter().flatten() {
                let (Some(x), Some(y)) = (l.first, l.second) else { continue };
                rows.push((
                    format!("Catégorie : {}, dont {}", c.label, l.label()),
                    x.establishments as f64,
                    [x.served as f64, y.served as f64],
                    [share(x.pupils_served, x.pupils), share(y.pupils_served, y.pupils)],
                    [x.need_covered, y.need_covered],
                    [x.need_covered_weighted, y.need_covered_weighted],
                    [x.presence_mean, y.presence_mean],
                    None,
                ));
            }
        }
    }
    for bc in &k.by_bassin {
        let o = b.by_bassin.iter().find(|x| x.bassin == bc.bassin);
        let g = |f: fn(&sectoria_core::kpi::BassinCoverage) -> f64| o.map_or(0.0, f);
        rows.push((
            format!("Bassin : {}", bc.bassin),
            bc.coverage.establishments as f64,
            [bc.coverage.served as f64, g(|x| x.coverage.served as f64)],
            [
                share(bc.coverage.pupils_served, bc.coverage.pupils),
                share(g(|x| x.coverage.pupils_served), bc.coverage.pupils),
            ],
            [bc.coverage.need_covered, g(|x| x.coverage.need_covered)],
            [bc.coverage.need_covered_weighted, g(|x| x.coverage.need_covered_weighted)],
            [bc.coverage.presence_mean, g(|x| x.coverage.presence_mean)],
            None,
        ));
    }
    rows.push((
        "Tous les établissements".into(),
        k.establishments as f64,
        [k.establishments_served as f64, b.establishments_served as f64],
        [share(k.pupils_served, k.pupils), share(b.pupils_served, b.pupils)],
        [k.need_covered, b.need_covered],
        [k.need_covered_weighted, b.need_covered_weighted],
        [k.presence_mean, b.presence_mean],
        Some([k.km_per_worker_median, k.km_per_worker_max, b.km_per_worker_median, b.km_per_worker_max]),
    ));
    let mut widths = vec![40.0];
    widths.extend([14.0; 15]);
    table(ws, f, &header, &widths, rows.len() as u32)?;
    for (r, (label, n, served, pupils, need, weighted, presence, km)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, label).map_err(err)?;
        number(ws, r, 1, *n, &f.int)?;
        let cells: [(&[f64; 2], &Num); 5] =
            [(served, &f.int), (pupils, &f.pct), (need, &f.pct), (weighted, &f.pct), (presence, &f.score)];
        for (j, (pair, fmt)) in cells.iter().enumerate() {
            number(ws, r, 2 + 2 * j as u16, pair[0], fmt)?;
            number(ws, r, 3 + 2 * j as u16, pair[1], fmt)?;
        }
        if let Some(km) = km {
            for (j, v) in km.iter().enumerate() {
                number(ws, r, 12 + j as u16, *v, &f.km)?;
            }
        }
    }
    Ok(())
}
