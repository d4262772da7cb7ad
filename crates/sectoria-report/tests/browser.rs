//! Renders `report.html` of the demo plan in headless Chromium with the network disabled:
//! takes a screenshot (`<target>/report-screenshot.png`) and checks the rendered DOM — the
//! script ran without error and the SVG map has one marker per establishment. Prints it to PDF
//! (`<target>/report-print.pdf`, A4) and checks, with the print style sheet, that nothing is
//! wider than the page and that the folded parts (`<details>`) are printed unfolded.
//!
//! Skips with a message when `/usr/bin/chromium` is absent (Debian: `apt-get install -y chromium`).

use scraper::{Html, Selector};
use sectoria_core::counterfactual::{Change, CostInterval, Counterfactual, ExactExplanation};
use sectoria_core::frontier::{Frontier, FrontierPoint};
use sectoria_core::kpi::{BassinCoverage, GroupCoverage};
use sectoria_core::Plan;
use sectoria_report::{html_report_with, ReportOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

/// What chromium printed: exit status, stdout, stderr.
struct Output {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs chromium headless on `url` with `extra` flags (a 1400 × 2000 window unless they give
/// `--window-size`); kills it after 120 s. Its output goes
/// to files (a pipe left unread would block it once full).
fn chromium(profile: &Path, url: &str, extra: &[&str]) -> Output {
    std::fs::create_dir_all(profile).expect("profile dir");
    let (out_path, err_path) = (profile.join("stdout.txt"), profile.join("stderr.txt"));
    let file = |p: &Path| Stdio::from(std::fs::File::create(p).expect("log file"));
    let mut cmd = Command::new(CHROMIUM);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(if extra.iter().any(|a| a.starts_with("--window-size=")) { None } else { Some("--window-size=1400,2000") })
    .args(extra)
    .arg(url)
    .stdout(file(&out_path))
    .stderr(file(&err_path));
    let mut child = cmd.spawn().expect("chromium starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium status") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Output { success: status.success(), stdout: read(&out_path), stderr: read(&err_path) }
}

#[test]
fn report_renders_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("test ignoré : {CHROMIUM} absent (installer avec `apt-get install -y chromium`)");
        return;
    }
    let plan: Plan = serde_json::from_str(include_str!("fixtures/demo-plan.json")).expect("fixture");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-report");
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let html_path = tmp.join("report.html");
    let html = sectoria_report::html_report(&plan, None, None).expect("report");
    std::fs::write(&html_path, html).expect("write report");
    let url = format!("file://{}", html_path.display());

    // Screenshot.
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().expect("target dir").join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let out = chromium(&tmp.join("profile-shot"), &url, &[&format!("--screenshot={}", shot.display())]);
    assert!(out.success, "chromium failed: {}", out.stderr);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((width, height), (1400, 2000));
    assert!(png.len() > 50_000, "a non-trivial page ({} bytes)", png.len());
    eprintln!("capture d'écran : {}", shot.display());

    // Rendered DOM: the script ran, the map has one marker per establishment.
    let out = chromium(&tmp.join("profile-dom"), &url, &["--dump-dom", "--virtual-time-budget=3000"]);
    assert!(out.success, "chromium failed: {}", out.stderr);
    assert!(!out.stderr.contains("Uncaught"), "JavaScript error: {}", out.stderr);
    let dom = Html::parse_document(&out.stdout);
    let sel = |s: &str| Selector::parse(s).expect("selector");
    assert_eq!(dom.select(&sel("html[data-script=ok]")).count(), 1, "the inline script ran to its end");
    assert_eq!(dom.select(&sel("svg#carte .etab")).count(), plan.establishments.len());
    assert_eq!(dom.select(&sel("#table-etablissements tbody tr")).count(), plan.establishments.len());
}

/// Prints `html` (written as `<name>.html` in `tmp`) to `pdf` and returns its number of pages,
/// all A4.
fn print_pages(tmp: &Path, name: &str, html: &str, pdf: &Path) -> usize {
    let html_path = tmp.join(format!("{name}.html"));
    std::fs::write(&html_path, html).expect("write report");
    let _ = std::fs::remove_file(pdf);
    let out = chromium(
        &tmp.join(format!("profile-{name}")),
        &format!("file://{}", html_path.display()),
        &["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display())],
    );
    assert!(out.success, "chromium failed: {}", out.stderr);
    let bytes = std::fs::read(pdf).expect("PDF written");
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/MediaBox [0 0 594.9").count();
    assert_eq!(text.matches("/MediaBox").count(), pages, "every page A4");
    pages
}

/// The demo plan with every section a report can have, and long texts in them: exact
/// explanations, a frontier, many warnings, establishments out of scope, locks.
fn plan_with_every_section() -> Plan {
    let mut plan: Plan = serde_json::from_str(include_str!("fixtures/demo-plan.json")).expect("fixture");
    let moves = "0340008Z (Collège Victor Hugo) change d'assistant : POSTE39 → POSTE16 ; 0340021N (Collège Jules \
                 Ferry) gagne 1 demi-journée (4 → 5, POSTE35 → POSTE15) ; ";
    for (k, e) in plan.establishments.iter_mut().enumerate() {
        let reason = format!(
            "{} ; au plus un assistant par établissement (`rules.max_workers_per_establishment` = 1) : il ne \
             pourrait venir qu'à la place de ASS{:02}",
            e.reason.clone().unwrap_or_default(),
            k % 26 + 1
        );
        e.explanation = Some(ExactExplanation {
            reason,
            counterfactual: Counterfactual {
                change: Change::Serve,
                description: format!("Le servir ({})", e.uai),
                objective: Some(34_000.0),
                bound: Some(34_100.0),
                cost: Some(CostInterval { shown: 240.8, low: 175.2, high: 308.8 }),
                proven: k % 3 != 0,
                impossible: None,
                differences: Vec::new(),
                moved_workers: Vec::new(),
                km_delta: -89.3,
                text: format!(
                    "Le retirer ({}, sans aucune présence) coûte 240,8 points d'objectif (0,32 % de l'objectif) ; \
                     intervalle prouvé [175,2 ; 308,8] points. Le meilleur plan trouvé avec ce changement : {} ; \
                     résidence déplacée : POSTE01, POSTE02, POSTE09, POSTE15 ; −89,3 km par semaine.",
                    e.uai,
                    moves.repeat(4)
                ),
            },
        });
    }
    let point = |served: usize, need: f64, is_plan: bool| FrontierPoint {
        bonus_per_establishment: 0.0,
        establishments_served: served,
        objective: 34_000.0 - 10.0 * served as f64,
        bound_with_bonus: 0.0,
        relative_gap: 0.0,
        need_covered: need,
        weighted_need_covered: need,
        km_total: 3_500.0 + served as f64,
        service_value: 0.0,
        costs: None,
        checked: true,
        is_plan,
    };
    plan.frontier = Some(Frontier {
        method: "bonus par établissement servi, 5 points (`frontier.points` = 5)".into(),
        points: vec![point(97, 0.5088, true), point(102, 0.5038, false), point(117, 0.4754, false)],
    });
    plan.warnings = (0..40)
        .map(|k| {
            format!(
                "099{k:04}Z (Collège Jean Moulin de Saint-Aubin-de-Sarlonne) : IPS inconnu, facteur IPS pris à 1 ; \
                 à 80,9 km de la résidence de l'assistant (au-delà des 60 km de `rules.max_distance_km`)"
            )
        })
        .collect();
    plan.out_of_scope =
        vec![("0999999Z".into(), "établissement privé hors contrat (`scope.include_private` = false)".into())];
    // The « Équité » tables at their widest (session 50: said cut at A4 width): four-digit km
    // per category, and bassins, with a long name, that the fixture has none of.
    let group = GroupCoverage {
        establishments: 1_029,
        served: 1_017,
        pupils: 10_000.0,
        pupils_served: 8_000.0,
        need_covered: 0.355,
        need_covered_weighted: 0.371,
        presence_mean: 2.8,
    };
    for kpis in [&mut plan.kpis, &mut plan.baseline.kpis] {
        for (n, c) in kpis.by_category.iter_mut().enumerate() {
            c.km_per_worker_median = 1_000.0 + 37.0 * n as f64;
            c.km_per_worker_max = 1_900.0 + 13.0 * n as f64;
        }
        kpis.by_bassin = ["BASSIN DE THAU", "MONTPELLIER NORD", "SAINT-GAUDENS–COMMINGES–VALLÉE DE LA GARONNE"]
            .iter()
            .map(|b| BassinCoverage { bassin: b.to_string(), coverage: group.clone() })
            .collect();
    }
    plan
}

/// The reference for the differences section: some establishments change worker or time.
fn reference_of(plan: &Plan) -> Plan {
    let mut other = plan.clone();
    for (k, e) in other.establishments.iter_mut().enumerate().filter(|(_, e)| !e.workers.is_empty()).take(12) {
        e.allocated_units += 1;
        e.workers[0].units += 1;
        e.workers[0].worker = format!("ASS{:02}", (k + 5) % 26 + 1);
    }
    other
}

/// Printed on A4 (portrait, 1,5 cm margins: 180 mm, 680 CSS px of text), the report keeps
/// every table, cell, map and chart within the page: the establishments' explanations and the
/// counterfactuals are read whole, not cut at the right edge. Checked twice: a real print to PDF
/// (A4 pages), and the rendered page with the print style sheet at the page's width, measuring
/// every element's right edge and every cell's overflow. The screen-only hints are not printed.
///
/// The folded parts are printed unfolded without the `beforeprint` script, which a headless
/// print does not run (session 48: « … et 4 autres » warnings missing from the PDF): the print
/// has more pages than the same report whose style sheet cannot unfold them, and with the print
/// style sheet every folded part is rendered.
#[test]
fn the_printed_report_fits_the_width_of_an_a4_page() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("test ignoré : {CHROMIUM} absent (installer avec `apt-get install -y chromium`)");
        return;
    }
    let plan = plan_with_every_section();
    let reference = reference_of(&plan);
    let html = html_report_with(&plan, &ReportOptions { compare: Some(&reference), ..ReportOptions::default() })
        .expect("report");
    for section in [
        "#explications",
        "#frontiere",
        "#differences",
        "#avertissements",
        "#parametres",
        "#equite-categories",
        "#equite-bassins",
    ] {
        assert!(html.contains(&format!("id=\"{}\"", &section[1..])), "{section} rendered");
    }
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-print");
    std::fs::create_dir_all(&tmp).expect("temp dir");

    // A real print: A4 pages.
    let pdf = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().expect("target dir").join("report-print.pdf");
    let pages = print_pages(&tmp, "report", &html, &pdf);
    assert!(pages > 10, "A4 pages (595 × 842 pt): {pages}");
    eprintln!("rapport imprimé : {} ({pages} pages)", pdf.display());

    // Without the script (headless Chromium runs `beforeprint`, a print with scripts off or in
    // emulated print media does not), the style sheet alone unfolds: the same pages. When it
    // cannot either (an unknown pseudo-element drops the rule, as in a browser without
    // `::details-content`), the 35 folded warnings are missing: fewer pages.
    let no_script = html.replace("'beforeprint'", "'sans-script'");
    let unfolded = print_pages(&tmp, "report-no-script", &no_script, &tmp.join("report-no-script.pdf"));
    assert_eq!(unfolded, pages, "the style sheet unfolds as the script does");
    let folded = no_script.replace("details::details-content", "details::sans-depliage");
    let folded = print_pages(&tmp, "report-folded", &folded, &tmp.join("report-folded.pdf"));
    assert!(unfolded > folded, "the folded parts are printed: {unfolded} pages, {folded} folded");

    // The print style sheet at the page's width: what sticks out, what is cut.
    let measure = r#"<script>
(function(){
  var width=document.documentElement.clientWidth, wide=[];
  document.querySelectorAll('body *').forEach(function(el){
    if(el.closest('svg')&&el.tagName.toLowerCase()!=='svg'){return;}
    var r=el.getBoundingClientRect();
    if(r.width===0&&r.height===0){return;}
    var what=el.tagName.toLowerCase()+(el.id?'#'+el.id:'')+' '+(el.textContent||'').slice(0,40);
    if(r.right>width+0.5){wide.push(what+' ends at '+Math.round(r.right));}
    else if((el.tagName==='TD'||el.tagName==='TH')&&el.scrollWidth>el.clientWidth+1){wide.push(what+' overflows its cell');}
  });
  var shown=Array.prototype.filter.call(document.querySelectorAll('.ecran'),function(e){return e.getClientRects().length>0;});
  var folded=Array.prototype.filter.call(document.querySelectorAll('details > :not(summary)'),function(e){return !e.checkVisibility();});
  document.documentElement.dataset.replies=folded.length+'/'+document.querySelectorAll('details > :not(summary)').length;
  document.documentElement.dataset.largeur=width;
  document.documentElement.dataset.debordements=wide.slice(0,20).join(' | ');
  document.documentElement.dataset.ecran=shown.length;
})();
</script></body>"#;
    let as_printed = html.replace("@media print", "@media all").replace("</body>", measure);
    let printed_path = tmp.join("report-print-media.html");
    std::fs::write(&printed_path, as_printed).expect("write report");
    let out = chromium(
        &tmp.join("profile-print"),
        &format!("file://{}", printed_path.display()),
        &["--dump-dom", "--virtual-time-budget=3000", "--window-size=680,1000"],
    );
    assert!(out.success, "chromium failed: {}", out.stderr);
    let dom = Html::parse_document(&out.stdout);
    let root = dom.root_element();
    let attr = |name: &str| root.value().attr(name).unwrap_or_else(|| panic!("{name} measured")).to_string();
    let width: f64 = attr("data-largeur").parse().expect("a width");
    assert!((600.0..=680.0).contains(&width), "the page's width: {width} px");
    assert_eq!(attr("data-debordements"), "", "wider than the page or cut in their cell");
    assert_eq!(attr("data-ecran"), "0", "the screen-only hints are not printed");
    let (folded, parts) =
        attr("data-replies").split_once('/').map(|(a, b)| (a.to_string(), b.to_string())).expect("a/b");
    assert!(parts != "0" && folded == "0", "every folded part is printed: {folded} still folded of {parts}");
    // Each enlargement's caption goes with its map.
    let sel = |s: &str| Selector::parse(s).expect("selector");
    assert_eq!(dom.select(&sel("figure.agrandissement > h3 + svg.zoom")).count(), dom.select(&sel("svg.zoom")).count());
}

/// The committee's short version prints in a few A4 pages (session 50: her short report was 19
/// pages of 36, the demo's 41 of 94): with every section the full report can have, at most 10,
/// and at most a quarter of the full report's.
#[test]
fn the_short_report_prints_in_a_few_pages() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("test ignoré : {CHROMIUM} absent (installer avec `apt-get install -y chromium`)");
        return;
    }
    let plan = plan_with_every_section();
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-short");
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let pages = |name: &str, short: bool| {
        let html = html_report_with(&plan, &ReportOptions { short, ..ReportOptions::default() }).expect("report");
        print_pages(&tmp, name, &html, &tmp.join(format!("{name}.pdf")))
    };
    let (short, full) = (pages("report-court", true), pages("report", false));
    eprintln!("rapport court : {short} pages, rapport complet : {full} pages");
    assert!(short <= 10 && 4 * short <= full, "short report: {short} pages, full: {full}");
}
