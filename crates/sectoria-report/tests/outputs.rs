//! The reports parsed back: HTML with a real HTML parser, GeoJSON with the geojson crate,
//! the workbook with calamine. Each figure read back must equal the plan's.

use ::geojson::{Feature, FeatureCollection, GeoJson, GeometryValue, Position};
use calamine::{Data, Reader, Xlsx};
use scraper::{Html, Selector};
use sectoria_core::test_support::small_plan;
use sectoria_core::Plan;
use sectoria_report::frformat::{decimal, percent};
use sectoria_report::{html_report, html_report_with, xlsx, Day, ReportContext, ReportOptions};
use std::collections::BTreeSet;
use std::io::Cursor;

/// The demo département's plan (121 establishments, 26 workers), written by `sectoria demo`.
fn demo_plan() -> Plan {
    let text = include_str!("fixtures/demo-plan.json");
    serde_json::from_str(text).expect("fixture plan.json")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text_of(doc: &Html, css: &str) -> String {
    doc.select(&sel(css)).next().map(|e| e.text().collect::<String>()).unwrap_or_default()
}

fn check_html(plan: &Plan, html: &str) {
    let doc = Html::parse_document(html);
    let n = plan.establishments.len();
    let plan_uais: BTreeSet<&str> = plan.establishments.iter().map(|e| e.uai.as_str()).collect();
    // One row per establishment, each UAI once.
    let rows: Vec<_> = doc.select(&sel("#table-etablissements tbody tr")).collect();
    assert_eq!(rows.len(), n);
    let row_uais: BTreeSet<&str> = rows.iter().filter_map(|r| r.value().attr("data-uai")).collect();
    assert_eq!(row_uais, plan_uais);
    // One marker per establishment on the map.
    let markers: Vec<_> = doc.select(&sel("svg#carte .etab")).collect();
    assert_eq!(markers.len(), n);
    let marker_uais: BTreeSet<&str> = markers.iter().filter_map(|m| m.value().attr("data-uai")).collect();
    assert_eq!(marker_uais, plan_uais);
    let served = plan.establishments.iter().filter(|e| e.allocated_units > 0).count();
    assert_eq!(doc.select(&sel("svg#carte circle.etab.servi")).count(), served);
    let bases = plan.workers.iter().filter(|w| w.base.is_some()).count();
    assert_eq!(doc.select(&sel("svg#carte rect.base")).count(), bases);
    // Headline figures.
    let k = &plan.kpis;
    assert_eq!(
        text_of(&doc, "[data-kpi=etp] .valeur"),
        format!("{} / {}", decimal(k.fte_used, 1), decimal(k.fte_available, 1))
    );
    assert_eq!(
        text_of(&doc, "[data-kpi=etablissements] .valeur"),
        format!("{} / {}", k.establishments_served, k.establishments)
    );
    assert_eq!(text_of(&doc, "[data-kpi=couverture] .valeur"), percent(k.weighted_coverage));
    assert_eq!(text_of(&doc, "[data-kpi=km] .valeur"), format!("{} km", decimal(k.km_per_worker_mean, 0)));
    // ETP per establishment in the table (8th column) equals the plan's.
    for (row, e) in rows.iter().zip(&plan.establishments) {
        let cells: Vec<String> = row.select(&sel("td")).map(|c| c.text().collect()).collect();
        assert_eq!(cells[0], e.uai);
        assert_eq!(cells[7], decimal(e.allocated_fte, 1), "{}", e.uai);
    }
    // One card per worker, the inputs' hashes, no external resource.
    assert_eq!(doc.select(&sel("#secteurs article.secteur")).count(), plan.workers.len());
    assert_eq!(doc.select(&sel("#entrees tbody tr")).count(), plan.inputs.len());
    for (tag, attr) in [("script", "src"), ("link", "href"), ("img", "src")] {
        assert_eq!(doc.select(&sel(&format!("{tag}[{attr}]"))).count(), 0, "external {tag}");
    }
    assert!(
        !html.contains("http://")
            || html.matches("http://").count() == html.matches("http://www.w3.org/2000/svg").count()
    );
    assert!(!html.contains("https://"));
    assert_eq!(doc.root_element().value().attr("lang"), Some("fr"));
}

#[test]
fn html_of_the_small_plan_has_every_row_marker_and_figure() {
    let plan = small_plan();
    let html = html_report(&plan, None, None).expect("report");
    check_html(&plan, &html);
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("#differences")).count(), 0);
    // The REP+ collège is ringed, the unserved collège is hollow with its reason in the table.
    assert_eq!(doc.select(&sel("svg#carte circle.ring.rep-plus")).count(), 1);
    assert_eq!(doc.select(&sel("svg#carte circle.etab.non-servi")).count(), 1);
    assert!(text_of(&doc, "#e-0310003C").contains("besoin"));
}

#[test]
fn html_of_the_demo_plan_has_every_row_marker_and_figure() {
    let plan = demo_plan();
    check_html(&plan, &html_report(&plan, None, None).expect("report"));
}

#[test]
fn html_lists_the_differences_with_a_reference_plan() {
    let reference = small_plan();
    let mut plan = reference.clone();
    plan.establishments[1].allocated_units = 3;
    plan.establishments[1].allocated_fte = 0.3;
    let html = html_report(&plan, Some(&reference), None).expect("report");
    let doc = Html::parse_document(&html);
    let changes: Vec<_> = doc.select(&sel("#differences tr.change")).collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].value().attr("data-uai"), Some(plan.establishments[1].uai.as_str()));
    assert!(changes[0].text().collect::<String>().contains("plus de temps"));
}

#[test]
fn html_draws_the_basemap_under_the_markers_and_rejects_bad_geojson() {
    let plan = small_plan();
    let basemap = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"nom":"Toulouse"},"geometry":{"type":"Polygon",
         "coordinates":[[[1.35,43.55],[1.52,43.55],[1.52,43.67],[1.35,43.67],[1.35,43.55]]]}},
        {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1.40,43.56],[1.50,43.66]]}}]}"#;
    let html = html_report(&plan, None, Some(basemap)).expect("report");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("svg#carte g.basemap path")).count(), 2);
    let basemap_at = html.find("class=\"basemap\"").expect("basemap");
    let first_marker = html.find("class=\"etab ").expect("marker");
    assert!(basemap_at < first_marker, "the basemap is drawn first, under the markers");
    let err = html_report(&plan, None, Some("{\"type\":\"Nope\"}")).expect_err("not GeoJSON");
    assert!(err.to_string().contains("fond de carte illisible"), "{err}");
}

fn check_geojson(plan: &Plan) {
    let text = sectoria_report::geojson(plan);
    let fc: FeatureCollection = match text.parse::<GeoJson>().expect("valid GeoJSON") {
        GeoJson::FeatureCollection(fc) => fc,
        other => panic!("a FeatureCollection, not {other:?}"),
    };
    let valid = |p: &Position| {
        let s = p.as_slice();
        assert_eq!(s.len(), 2);
        assert!(s[0].is_finite() && (-180.0..=180.0).contains(&s[0]), "lon {s:?}");
        assert!(s[1].is_finite() && (-90.0..=90.0).contains(&s[1]), "lat {s:?}");
    };
    let kind = |f: &Feature| f.property("type_objet").and_then(|v| v.as_str()).map(str::to_string);
    let mut establishments = Vec::new();
    for f in &fc.features {
        let g = f.geometry.as_ref().expect("geometry");
        match (&g.value, kind(f).as_deref()) {
            (GeometryValue::Point { coordinates }, Some("etablissement" | "residence")) => valid(coordinates),
            (GeometryValue::Polygon { coordinates }, Some("secteur")) => {
                assert_eq!(coordinates.len(), 1);
                let ring = &coordinates[0];
                assert!(ring.len() >= 4 && ring.first() == ring.last(), "closed ring");
                ring.iter().for_each(valid);
                // RFC 7946 §3.1.6: exterior rings are counter-clockwise (positive shoelace area).
                let area: f64 = ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum();
                assert!(area > 0.0);
            }
            (v, k) => panic!("unexpected feature {k:?} {v:?}"),
        }
        if kind(f).as_deref() == Some("etablissement") {
            establishments.push(f);
        }
    }
    assert_eq!(establishments.len(), plan.establishments.len());
    for (f, e) in establishments.iter().zip(&plan.establishments) {
        assert_eq!(f.property("uai").and_then(|v| v.as_str()), Some(e.uai.as_str()));
        assert_eq!(f.property("etp_attribue").and_then(|v| v.as_f64()), Some(e.allocated_fte));
        assert_eq!(f.property("servi").and_then(|v| v.as_bool()), Some(e.allocated_units > 0));
        assert_eq!(f.property("type").and_then(|v| v.as_str()), Some(e.kind.label()));
        assert_eq!(f.property("demi_journees").and_then(|v| v.as_u64()), Some(u64::from(e.allocated_units)));
        assert_eq!(f.property("eleves").and_then(|v| v.as_f64()), Some(e.pupils));
        let GeometryValue::Point { coordinates } = &f.geometry.as_ref().expect("point").value else { panic!() };
        assert!((coordinates[0] - e.location.lon).abs() < 1e-6 && (coordinates[1] - e.location.lat).abs() < 1e-6);
    }
}

#[test]
fn geojson_parses_back_with_valid_coordinates() {
    check_geojson(&small_plan());
    check_geojson(&demo_plan());
}

fn cell_f64(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("a number, not {other:?}"),
    }
}

/// `x` rounded to `places` decimals, as the workbook writes a number its format shows so.
fn shown(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// A relative gap as the workbook writes it: to the digits its percent format shows.
fn shown_gap(gap: f64) -> f64 {
    shown(gap, sectoria_report::summary::gap_places(gap) as i32 + 2)
}

fn check_xlsx(plan: &Plan) {
    let bytes = xlsx(plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    assert_eq!(wb.sheet_names(), ["Synthèse", "Établissements", "Secteurs", "Paramètres", "Équité"]);
    let equity = wb.worksheet_range("Équité").expect("sheet");
    let categories = plan.kpis.by_category.iter().filter(|c| c.coverage.establishments > 0).count();
    assert_eq!(equity.height(), 1 + categories + plan.kpis.by_bassin.len() + 1);
    let last = equity.height() - 1;
    assert_eq!(cell_f64(equity.get((last, 6)).expect("need covered")), shown(plan.kpis.need_covered, 3));
    assert_eq!(cell_f64(equity.get((last, 7)).expect("need covered")), shown(plan.baseline.kpis.need_covered, 3));
    let etabs = wb.worksheet_range("Établissements").expect("sheet");
    assert_eq!(etabs.height(), plan.establishments.len() + 1);
    assert_eq!(etabs.get((0, 8)), Some(&Data::String("ETP attribué".to_string())));
    for (r, e) in plan.establishments.iter().enumerate() {
        assert_eq!(etabs.get((r + 1, 0)), Some(&Data::String(e.uai.clone())));
        assert_eq!(cell_f64(etabs.get((r + 1, 8)).expect("ETP")), shown(e.allocated_fte, 1), "{}", e.uai);
        assert_eq!(cell_f64(etabs.get((r + 1, 9)).expect("units")), f64::from(e.allocated_units));
        assert_eq!(cell_f64(etabs.get((r + 1, 5)).expect("score")), shown(e.priority.score, 1));
    }
    let sectors = wb.worksheet_range("Secteurs").expect("sheet");
    let lines: usize = plan.workers.iter().map(|w| w.sector.len().max(1)).sum();
    assert_eq!(sectors.height(), lines + 1);
    let units: f64 = (1..sectors.height())
        .filter_map(|r| sectors.get((r, 8)))
        .filter(|d| !matches!(d, Data::Empty))
        .map(cell_f64)
        .sum();
    assert_eq!(units, plan.workers.iter().map(|w| f64::from(w.units_used)).sum::<f64>());
    let synth = wb.worksheet_range("Synthèse").expect("sheet");
    let row = |label: &str| {
        (0..synth.height())
            .find(|&r| synth.get((r, 0)) == Some(&Data::String(label.to_string())))
            .unwrap_or_else(|| panic!("row {label}"))
    };
    let r = row("ETP attribués");
    assert_eq!(cell_f64(synth.get((r, 1)).expect("plan")), shown(plan.kpis.fte_used, 1));
    assert_eq!(cell_f64(synth.get((r, 2)).expect("baseline")), shown(plan.baseline.kpis.fte_used, 1));
    let r = row("Établissements servis");
    assert_eq!(cell_f64(synth.get((r, 1)).expect("plan")), plan.kpis.establishments_served as f64);
    let r = row("Couverture pondérée par la priorité");
    assert_eq!(cell_f64(synth.get((r, 1)).expect("plan")), shown(plan.kpis.weighted_coverage, 3));
    let params = wb.worksheet_range("Paramètres").expect("sheet");
    for (file, hash) in &plan.inputs {
        let label = Data::String(format!("Empreinte SHA-256 : {file}"));
        let r = (0..params.height()).find(|&r| params.get((r, 0)) == Some(&label)).expect("hash row");
        assert_eq!(params.get((r, 1)), Some(&Data::String(hash.clone())));
    }
}

#[test]
fn workbook_reopens_with_the_plan_figures() {
    check_xlsx(&small_plan());
    check_xlsx(&demo_plan());
}

/// Every comparison row has both columns: travel minutes (when `distances.csv` gives them) are
/// shown for the rule of thumb too, in the summary, the report and the workbook.
#[test]
fn travel_minutes_are_compared_in_every_output() {
    let mut plan = small_plan();
    plan.kpis.minutes_per_worker_mean = Some(203.0);
    plan.kpis.minutes_per_worker_max = Some(971.0);
    plan.baseline.kpis.minutes_per_worker_mean = Some(187.0);
    plan.baseline.kpis.minutes_per_worker_max = Some(655.0);
    let summary = sectoria_report::summary(&plan, None);
    let line = |label: &str| summary.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{summary}"));
    assert!(line("min/semaine par assistant").ends_with("203               187"), "{summary}");
    assert!(line("min/semaine au plus").ends_with("971               655"), "{summary}");
    // Every row of the comparison table has a figure in both columns.
    let table: Vec<&str> = summary
        .lines()
        .skip_while(|l| !l.contains("Plan optimisé"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("Par catégorie") && !l.starts_with("km/semaine par assistant"))
        .collect();
    assert!(table.len() > 10, "{summary}");
    for l in table {
        assert!(l.len() > 50 && !l.ends_with("  "), "one column empty: {l:?}");
    }
    let html = html_report(&plan, None, None).expect("report");
    assert!(html.contains("minutes de trajet par semaine et par assistant (moyenne)</td><td class=\"n\">203</td><td class=\"n\">187</td>"), "report");
    let bytes = xlsx(&plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    let synth = wb.worksheet_range("Synthèse").expect("sheet");
    let r = (0..synth.height())
        .find(|&r| {
            synth.get((r, 0)) == Some(&Data::String("Minutes de trajet par semaine d'un assistant (maximum)".into()))
        })
        .expect("minutes row");
    assert_eq!(cell_f64(synth.get((r, 1)).expect("plan")), 971.0);
    assert_eq!(cell_f64(synth.get((r, 2)).expect("baseline")), 655.0);
}

/// What the rule of thumb leaves, and why, is said in the summary, the report and the workbook.
#[test]
fn what_the_rule_of_thumb_leaves_is_said_with_its_reason() {
    let mut plan = small_plan();
    plan.baseline.fte_left = 0.2;
    plan.baseline.needs_met = false;
    plan.baseline.why_left = Some("2 demi-journées chez 1 assistant au plafond".to_string());
    let note = "La règle usuelle laisse 0,2 ETP inutilisé (2 demi-journées chez 1 assistant au plafond).";
    assert!(sectoria_report::summary(&plan, None).contains(note));
    assert!(html_report(&plan, None, None).expect("report").contains(note));
    let bytes = xlsx(&plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    let synth = wb.worksheet_range("Synthèse").expect("sheet");
    assert!((0..synth.height()).any(|r| synth.get((r, 0)) == Some(&Data::String(note.to_string()))));
}

#[test]
fn the_summary_shows_the_first_warnings_in_full_and_counts_the_rest() {
    let mut plan = small_plan();
    plan.warnings = (1..=7).map(|i| format!("avertissement numéro {i}")).collect();
    let summary = sectoria_report::summary(&plan, None);
    assert!(summary.contains("Avertissements (7) :\n  - avertissement numéro 1\n"), "{summary}");
    assert!(summary.contains("  - avertissement numéro 5\n") && !summary.contains("numéro 6"), "{summary}");
    assert!(summary.contains("… et 2 autres : le rapport (report.html) et plan.json"), "{summary}");
    plan.warnings.truncate(1);
    let summary = sectoria_report::summary(&plan, None);
    assert!(summary.contains("Avertissements (1) :\n  - avertissement numéro 1\n") && !summary.contains("autre"));
}

/// The tolerance is shown in points and with the terminal's two decimals wherever the plan's
/// figures are (DESIGN §3): the summary, the report's header and parameters, and the workbook's
/// summary and parameters sheets. A proven gap of 0.06 % is not rounded up to « 0,1 % ».
#[test]
fn the_tolerance_is_shown_in_points_in_every_output() {
    let mut plan = demo_plan();
    let objective = plan.solver.objective;
    plan.solver.best_bound = objective + 20.7;
    plan.solver.relative_gap = 20.7 / objective;
    assert!(plan.solver.relative_gap < 0.01, "a gap below 1 % shows two decimals");
    let gap = sectoria_report::summary::gap_percent(plan.solver.relative_gap);
    let phrase = format!("écart prouvé {gap}, soit 20,7 points d'objectif au plus");
    assert!(sectoria_report::summary(&plan, None).contains(&phrase));
    let html = html_report(&plan, None, None).expect("report");
    let doc = Html::parse_document(&html);
    assert!(text_of(&doc, "header").contains(&phrase), "{}", text_of(&doc, "header"));
    assert!(text_of(&doc, "#parametres").contains(&phrase), "{}", text_of(&doc, "#parametres"));
    let bytes = xlsx(&plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    let synth = wb.worksheet_range("Synthèse").expect("sheet");
    let texts: Vec<String> = synth
        .cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t.contains(&phrase)), "{texts:?}");
    let params = wb.worksheet_range("Paramètres").expect("sheet");
    let value = |label: &str| {
        let label = Data::String(label.to_string());
        let r = (0..params.height()).find(|&r| params.get((r, 0)) == Some(&label)).expect("row");
        params.get((r, 1)).cloned()
    };
    // Numbers, as numbers (their format: `the_workbook_has_distances_to_the_tenth_and_parameters_as_numbers`).
    assert_eq!(value("Écart relatif prouvé"), Some(Data::Float(shown_gap(plan.solver.relative_gap))));
    let points = value("Écart prouvé en points d'objectif (au plus)");
    assert!(matches!(points, Some(Data::Float(x)) if (x - 20.7).abs() < 1e-6), "{points:?}");
}

/// A crowded city is enlarged under the map (the demo's town, then its centre), its outline
/// drawn on the map above; establishments spread evenly get no enlargement.
#[test]
fn a_crowded_city_is_enlarged_under_the_map() {
    let plan = demo_plan();
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    let zooms: Vec<_> = doc.select(&sel("svg.zoom")).collect();
    assert_eq!(zooms.len(), 2);
    assert_eq!(doc.select(&sel("svg#carte rect.zone-dense")).count(), 1);
    assert_eq!(doc.select(&sel("svg#carte-zoom-1 rect.zone-dense")).count(), 1);
    assert_eq!(doc.select(&sel("svg#carte-zoom-2 rect.zone-dense")).count(), 0);
    let titles: Vec<String> = doc
        .select(&sel("#section-carte h3"))
        .map(|h| h.text().collect())
        .filter(|t: &String| t.starts_with("Agrandissement"))
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    // Each enlargement shows at least the establishments it says it frames, inside its drawing.
    for (svg, title) in zooms.iter().zip(&titles) {
        let count: usize =
            title.split('(').nth(1).and_then(|s| s.split(' ').next()).and_then(|s| s.parse().ok()).expect(title);
        let view: Vec<f64> =
            svg.value().attr("viewBox").expect("viewBox").split(' ').map(|v| v.parse().expect("number")).collect();
        let shown = svg
            .select(&sel("circle.etab"))
            .filter(|c| {
                let at = |a: &str| c.value().attr(a).and_then(|v| v.parse::<f64>().ok()).expect("coordinate");
                (0.0..=view[2]).contains(&at("cx")) && (0.0..=view[3]).contains(&at("cy"))
            })
            .count();
        assert!(count >= 10 && shown >= count, "{title}: {shown} shown");
    }
    // The same establishments on a regular grid: nothing to enlarge.
    let mut spread = demo_plan();
    for (i, e) in spread.establishments.iter_mut().enumerate() {
        e.location = sectoria_core::LatLon::new(45.0 + 0.05 * (i / 11) as f64, 3.0 + 0.07 * (i % 11) as f64);
    }
    let doc = Html::parse_document(&html_report(&spread, None, None).expect("report"));
    assert_eq!(doc.select(&sel("svg.zoom")).count(), 0);
    assert_eq!(doc.select(&sel("rect.zone-dense")).count(), 0);
}

/// The comparison's differences agree with the figures beside them: a small difference is not
/// shown as zero, a large one has its thousands grouped like the figures.
#[test]
fn the_comparison_differences_read_like_the_figures() {
    let mut plan = small_plan();
    plan.kpis.presence_mean = 3.57;
    plan.baseline.kpis.presence_mean = 3.54;
    plan.kpis.km_total = 9359.2;
    plan.baseline.kpis.km_total = 6777.6;
    plan.kpis.fte_used = 5.0;
    plan.baseline.kpis.fte_used = 5.0;
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    let row = |label: &str| -> Vec<String> {
        doc.select(&sel("#table-comparaison tbody tr"))
            .map(|r| r.select(&sel("td")).map(|c| c.text().collect::<String>()).collect::<Vec<_>>())
            .find(|cells| cells[0] == label)
            .unwrap_or_else(|| panic!("row {label}"))
    };
    assert_eq!(row("Présence moyenne par établissement servi (demi-journées)")[1..], ["3,6", "3,5", "+0,1"]);
    assert_eq!(row("km par semaine au total")[1..], ["9\u{202f}359", "6\u{202f}778", "+2\u{202f}581"]);
    assert_eq!(row("ETP attribués")[3], "0,0");
}

/// With today's sectors (`current.csv`), the continuity figures are said in the same words in
/// the summary, with the report's key figures and under the workbook's summary table; without
/// them, nowhere (there is nothing to change from).
#[test]
fn the_continuity_figures_are_in_every_output_when_the_plan_has_current_sectors() {
    let mut plan = small_plan();
    let line = "Continuité : 32 établissements changent d'assistant ou de temps, 87 demi-journées déplacées";
    let html_of = |plan: &Plan| Html::parse_document(&html_report(plan, None, None).expect("report"));
    let synth_texts = |plan: &Plan| -> Vec<String> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx(plan).expect("workbook"))).expect("re-opens");
        let synth = wb.worksheet_range("Synthèse").expect("sheet");
        synth.cells().filter_map(|(_, _, d)| if let Data::String(s) = d { Some(s.clone()) } else { None }).collect()
    };
    // No current.csv: no continuity anywhere.
    assert!(!sectoria_report::summary(&plan, None).contains("Continuité"));
    assert_eq!(html_of(&plan).select(&sel("#chiffres [data-kpi=continuite]")).count(), 0);
    assert!(!synth_texts(&plan).iter().any(|t| t.contains("Continuité") || t.contains("aujourd'hui")));
    plan.inputs.insert("current.csv".to_string(), "1".repeat(64));
    plan.kpis.changed_establishments = 32;
    plan.kpis.changed_units = 87;
    assert!(sectoria_report::summary(&plan, None).contains(&format!("{line}\n")));
    let doc = html_of(&plan);
    assert_eq!(text_of(&doc, "#chiffres [data-kpi=continuite]"), format!("{line}."));
    assert!(synth_texts(&plan).contains(&format!("{line}.")));
    // Today's sectors kept: said too, not left out.
    plan.kpis.changed_establishments = 0;
    plan.kpis.changed_units = 0;
    let kept = "Continuité : aucun établissement ne change d'assistant ni de temps, aucune demi-journée déplacée";
    assert!(sectoria_report::summary(&plan, None).contains(kept));
    assert_eq!(text_of(&html_of(&plan), "#chiffres [data-kpi=continuite]"), format!("{kept}."));
}

fn number_format(style: &calamine::StyleRange, r: usize, c: usize) -> Option<String> {
    style.get((r as u32, c as u32)).and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.clone())
}

/// Distances to the tenth of a km, as in the CSV files; the parameters' figures are numbers
/// with a number format, the texts stay texts.
#[test]
fn the_workbook_has_distances_to_the_tenth_and_parameters_as_numbers() {
    let mut plan = demo_plan();
    let objective = plan.solver.objective;
    plan.solver.best_bound = objective + 20.7;
    plan.solver.relative_gap = 20.7 / objective;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx(&plan).expect("workbook"))).expect("re-opens");
    let etabs = wb.worksheet_range("Établissements").expect("sheet");
    let style = wb.worksheet_style("Établissements").expect("styles");
    assert_eq!(etabs.get((0, 11)), Some(&Data::String("Distance (km)".to_string())));
    let r = (1..etabs.height()).find(|&r| matches!(etabs.get((r, 11)), Some(Data::Float(_)))).expect("a distance");
    assert_eq!(number_format(&style, r, 11).as_deref(), Some("0.0"));
    let sectors = wb.worksheet_range("Secteurs").expect("sheet");
    let style = wb.worksheet_style("Secteurs").expect("styles");
    for c in [10, 12] {
        assert_eq!(number_format(&style, 1, c).as_deref(), Some("0.0"), "{:?}", sectors.get((0, c)));
    }
    let params = wb.worksheet_range("Paramètres").expect("sheet");
    let style = wb.worksheet_style("Paramètres").expect("styles");
    let row = |label: &str| {
        let label = Data::String(label.to_string());
        (0..params.height()).find(|&r| params.get((r, 0)) == Some(&label)).unwrap_or_else(|| panic!("{label}"))
    };
    let r = row("Objectif (solveur)");
    assert_eq!(params.get((r, 1)), Some(&Data::Float(shown(objective, 3))));
    assert_eq!(number_format(&style, r, 1).as_deref(), Some("#,##0.000"));
    let r = row("Écart prouvé en points d'objectif (au plus)");
    assert!(matches!(params.get((r, 1)), Some(Data::Float(x)) if (x - 20.7).abs() < 1e-6));
    let r = row("Écart relatif prouvé");
    assert_eq!(params.get((r, 1)), Some(&Data::Float(shown_gap(plan.solver.relative_gap))));
    assert!(number_format(&style, r, 1).is_some_and(|f| f.ends_with('%')));
    let r = row("Variables du modèle");
    assert_eq!(params.get((r, 1)), Some(&Data::Float(plan.solver.variables as f64)));
    let r = row("Scénario : budget.unit_fte");
    assert_eq!(params.get((r, 1)), Some(&Data::Float(plan.scenario.budget.unit_fte)));
    // Texts stay texts.
    assert_eq!(params.get((row("Version de sectoria"), 1)), Some(&Data::String(plan.sectoria_version.clone())));
    assert_eq!(params.get((row("Scénario : rules.must_cover"), 1)), Some(&Data::String("REP+".to_string())));
}

/// Every sector with an establishment has one polygon in `plan.geojson`, a sector of one or two
/// establishments too (066: 9 of 21 sectors had one).
#[test]
fn every_sector_has_a_polygon_in_the_geojson() {
    for plan in [small_plan(), demo_plan()] {
        let fc: FeatureCollection = match sectoria_report::geojson(&plan).parse::<GeoJson>().expect("valid") {
            GeoJson::FeatureCollection(fc) => fc,
            other => panic!("a FeatureCollection, not {other:?}"),
        };
        let mut sectors: Vec<&str> = fc
            .features
            .iter()
            .filter(|f| f.property("type_objet").and_then(|v| v.as_str()) == Some("secteur"))
            .inspect(|f| assert!(matches!(f.geometry.as_ref().map(|g| &g.value), Some(GeometryValue::Polygon { .. }))))
            .filter_map(|f| f.property("assistant").and_then(|v| v.as_str()))
            .collect();
        sectors.sort_unstable();
        let mut expected: Vec<&str> =
            plan.workers.iter().filter(|w| !w.sector.is_empty()).map(|w| w.id.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(sectors, expected);
        assert!(plan.workers.iter().any(|w| (1..=2).contains(&w.sector.len())), "a small sector is tested");
    }
}

/// Two printed variants are told apart: the header and the page's title name the instance, the
/// scenario file, the run and the date the caller gives.
#[test]
fn the_header_names_the_instance_the_scenario_the_run_and_the_date() {
    let plan = demo_plan();
    let context = ReportContext {
        instance: Some("066".to_string()),
        scenario: Some("budget-12.toml".to_string()),
        run: Some("20250312-101530-2".to_string()),
        date: Some(Day { year: 2025, month: 3, day: 12 }),
    };
    let html = html_report_with(&plan, &ReportOptions { context, ..ReportOptions::default() }).expect("report");
    let doc = Html::parse_document(&html);
    let line = text_of(&doc, "header #contexte");
    assert_eq!(
        line,
        "Instance 066 · scénario budget-12.toml · planification 20250312-101530-2 · calculé le 12 mars 2025"
    );
    let title = text_of(&doc, "title");
    for part in ["066", "budget-12.toml", "20250312-101530-2", "12 mars 2025"] {
        assert!(title.contains(part), "{title}");
    }
    // The same report with another scenario reads differently from its first line.
    let other = ReportContext { scenario: Some("budget-14.toml".to_string()), ..ReportContext::default() };
    let html = html_report_with(&plan, &ReportOptions { context: other, ..ReportOptions::default() }).expect("report");
    assert!(text_of(&Html::parse_document(&html), "header #contexte").contains("budget-14.toml"));
}

/// Without a context, the header names the scenario file the plan records among its inputs,
/// and no date.
#[test]
fn without_a_context_the_header_names_the_scenario_the_plan_records() {
    let html = html_report(&demo_plan(), None, None).expect("report");
    let doc = Html::parse_document(&html);
    assert_eq!(text_of(&doc, "header #contexte"), "Scénario scenario.toml");
    assert!(text_of(&doc, "title").contains("scénario scenario.toml"));
    // The small plan records no scenario file: no context line, the former title.
    let html = html_report(&small_plan(), None, None).expect("report");
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("#contexte")).count(), 0);
    assert_eq!(text_of(&doc, "title"), "Répartition des assistants de service social — plan sectoria");
    // A day no file records is not made up: the same plan gives the same report any day.
    assert_eq!(html, html_report(&small_plan(), None, None).expect("report"));
}

/// The warnings come right after the key figures, not after the hashes: all of them when few,
/// the first five and the others folded when more.
#[test]
fn the_warnings_come_right_after_the_key_figures() {
    let mut plan = small_plan();
    plan.warnings = vec!["budget supérieur au temps des assistants".to_string(), "second <avertissement>".to_string()];
    let html = html_report(&plan, None, None).expect("report");
    let doc = Html::parse_document(&html);
    assert_eq!(text_of(&doc, "#avertissements h2"), "Avertissements (2)");
    assert_eq!(doc.select(&sel("#avertissements > ul > li")).count(), 2);
    assert_eq!(doc.select(&sel("#avertissements details")).count(), 0);
    assert!(text_of(&doc, "#avertissements").contains("second <avertissement>"));
    let at = |id: &str| html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("{id}"));
    assert!(at("chiffres") < at("avertissements") && at("avertissements") < at("comparaison"));
    assert!(!text_of(&doc, "#parametres").contains("budget supérieur"), "not repeated in the parameters");
    assert!(at("parametres") > at("secteurs"), "the parameters stay at the end");
    // Seven: five shown, two folded under their count.
    plan.warnings = (1..=7).map(|i| format!("avertissement numéro {i}")).collect();
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    assert_eq!(text_of(&doc, "#avertissements h2"), "Avertissements (7)");
    assert_eq!(doc.select(&sel("#avertissements > ul > li")).count(), 5);
    assert_eq!(doc.select(&sel("#avertissements details:not([open]) li")).count(), 2);
    assert_eq!(text_of(&doc, "#avertissements summary"), "… et 2 autres");
    // None: no block.
    plan.warnings.clear();
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    assert_eq!(doc.select(&sel("#avertissements")).count(), 0);
}

/// Every scenario setting reads with its French name first, its key in small type beside it,
/// in the report and in the workbook.
#[test]
fn the_scenario_settings_read_with_their_french_names() {
    let plan = demo_plan();
    let doc = Html::parse_document(&html_report(&plan, None, None).expect("report"));
    let rows: Vec<Vec<String>> = doc
        .select(&sel("#scenario tbody tr"))
        .map(|r| r.select(&sel("td")).map(|c| c.text().collect()).collect())
        .collect();
    let row = rows.iter().find(|r| r[1] == "budget.unit_fte").expect("unit row");
    assert_eq!(row, &["Unité d'attribution (ETP)", "budget.unit_fte", "0,1"]);
    assert!(rows.iter().all(|r| !r[0].is_empty()), "every setting has its name: {rows:?}");
    assert_eq!(doc.select(&sel("#scenario td.cle code")).count(), rows.len());
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx(&plan).expect("workbook"))).expect("re-opens");
    let params = wb.worksheet_range("Paramètres").expect("sheet");
    assert_eq!(params.get((0, 2)), Some(&Data::String("Libellé".to_string())));
    let label = |key: &str| {
        let key = Data::String(format!("Scénario : {key}"));
        let r = (0..params.height()).find(|&r| params.get((r, 0)) == Some(&key)).expect("row");
        params.get((r, 2)).cloned()
    };
    assert_eq!(label("budget.total_fte"), Some(Data::String("Budget (ETP)".to_string())));
    assert_eq!(label("solver.threads"), Some(Data::String("Cœurs".to_string())));
}

/// The workbook's warnings are on « Synthèse », where the committee looks, not only at the
/// bottom of « Paramètres ».
#[test]
fn the_workbook_shows_the_warnings_on_the_summary_sheet() {
    let mut plan = small_plan();
    plan.warnings = vec!["budget supérieur au temps des assistants".to_string(), "second avertissement".to_string()];
    let bytes = xlsx(&plan).expect("workbook");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("re-opens");
    let synth = wb.worksheet_range("Synthèse").expect("sheet");
    let texts: Vec<String> =
        (0..synth.height()).filter_map(|r| synth.get((r, 0)).map(|c| c.to_string())).collect::<Vec<_>>();
    let heading = texts.iter().position(|t| t.starts_with("Avertissements (2)")).expect("warnings heading");
    assert!(texts[heading].contains("Paramètres"), "{texts:?}");
    assert_eq!(texts[heading + 1], "  - budget supérieur au temps des assistants");
    assert_eq!(texts[heading + 2], "  - second avertissement");
    let solver = texts.iter().position(|t| t.starts_with("Solveur : ")).expect("solver line");
    assert!(solver < heading, "{texts:?}");
    // Without warnings, no heading.
    plan.warnings.clear();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(xlsx(&plan).expect("workbook"))).expect("re-opens");
    let synth = wb.worksheet_range("Synthèse").expect("sheet");
    assert!(
        !(0..synth.height()).any(|r| synth.get((r, 0)).is_some_and(|c| c.to_string().starts_with("Avertissements")))
    );
}

/// An optimal plan's gap of a rounding error reads « 0 % », not « 0,000000 % ».
#[test]
fn an_optimal_gap_reads_zero() {
    let mut plan = small_plan();
    plan.solver.relative_gap = 2.5e-16;
    let phrase = sectoria_report::summary::tolerance_phrase(&plan);
    assert!(phrase.starts_with("écart prouvé 0 %,"), "{phrase}");
    let html = html_report(&plan, None, None).expect("report");
    assert!(!html.contains("0,000000 %"));
}
