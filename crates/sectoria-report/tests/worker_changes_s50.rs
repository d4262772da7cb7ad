//! « Que perd Mme X, et pourquoi ? » (tester's session s50): with today's sectors
//! (`current.csv`), the terminal summary, the report and the workbook say, worker by worker, what
//! each keeps, loses (taken over by whom, or why nobody serves it any more) and gains (from
//! whom, or newly served); the departed workers are referred to the continuity line, the
//! workers current.csv does not describe are said to be absent from it. Without today's sectors,
//! nothing of it.

use calamine::{Data, Reader, Xlsx};
use scraper::{Html, Selector};
use sectoria_core::instance::CurrentAssignment;
use sectoria_core::test_support::{college, small_instance_with_rep_plus, small_plan, solved_by_hand, worker};
use sectoria_core::{assemble, Assignment, LatLon, Plan, Problem, Scenario, Solution};
use std::io::Cursor;

/// Today: ASS01 at 0310001A (3) and 0310003C (2), ASS02 at 0310002B (2), ASS09 — who has left —
/// at 0310004D (4). The plan: ASS01 keeps 0310001A and takes 0310002B over, 0310003C is left
/// unserved; ASS02 takes 0310004D over; ASS03, absent from current.csv, serves 0310005E.
fn replanned() -> (Problem, Plan) {
    let mut instance = small_instance_with_rep_plus();
    let mut e = college("0310005E", 300);
    e.location = LatLon::new(43.61, 1.42);
    instance.establishments.push(e);
    instance.workers.push(worker("ASS03", 0.5, LatLon::new(43.61, 1.42)));
    for (w, uai, fte) in
        [("ASS01", "0310001A", 0.3), ("ASS01", "0310003C", 0.2), ("ASS02", "0310002B", 0.2), ("ASS09", "0310004D", 0.4)]
    {
        instance.current.push(CurrentAssignment { worker_id: w.into(), uai: uai.into(), fte });
    }
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let site = |uai: &str| problem.site_index(uai).expect("site");
    let staff = |id: &str| problem.staff_index(id).expect("worker");
    let mut solution = Solution::empty(&problem);
    solution.assignments = vec![
        Assignment { worker: staff("ASS01"), site: site("0310001A"), units: 3 },
        Assignment { worker: staff("ASS01"), site: site("0310002B"), units: 2 },
        Assignment { worker: staff("ASS02"), site: site("0310004D"), units: 4 },
        Assignment { worker: staff("ASS03"), site: site("0310005E"), units: 2 },
    ];
    solution.normalise();
    let solver = solved_by_hand(sectoria_core::objective(&problem, &solution).total);
    let baseline = sectoria_core::rule_of_thumb(&problem).solution;
    let inputs = [("current.csv".to_string(), "1".repeat(64))].into_iter().collect();
    let plan = assemble(&problem, &solution, solver, &baseline, inputs);
    (problem, plan)
}

/// The lead sentence of 0310003C's reason, which says why nobody serves it any more.
fn lead_of_c(plan: &Plan) -> String {
    let e = plan.establishments.iter().find(|e| e.uai == "0310003C").expect("C");
    let (lead, detail) = sectoria_core::reason::split_lead(e.reason.as_deref().expect("a reason"));
    lead.unwrap_or(detail).to_string()
}

#[test]
fn the_summary_says_what_each_worker_keeps_loses_and_gains() {
    let (_, plan) = replanned();
    let summary = sectoria_report::summary(&plan, None);
    let line = |who: &str| {
        summary.lines().find(|l| l.trim_start().starts_with(who)).unwrap_or_else(|| panic!("{who}: {summary}"))
    };
    assert!(summary.contains("Par rapport aux secteurs actuels (demi-journées aujourd'hui → dans le plan) :"));
    assert_eq!(
        line("ASS01").trim(),
        "ASS01 : 5 → 5 demi-journées ; perd 0310003C (2 → 0, plus servi) ; gagne 0310002B (0 → 2, de ASS02) ; garde \
         1 établissement à l'identique"
    );
    assert_eq!(
        line("ASS02").trim(),
        "ASS02 : 2 → 4 demi-journées ; perd 0310002B (2 → 0, repris par ASS01) ; gagne 0310004D (0 → 4, de ASS09 \
         (parti))"
    );
    assert!(line("ASS03").contains("absent de current.csv"), "{summary}");
    assert!(summary.contains(
        "Assistant parti (ASS09) : ses établissements, et qui les reprend, sont dans la ligne « Continuité »"
    ));
    // The section comes after the continuity line it refers to.
    assert!(summary.find("Continuité :") < summary.find("Par rapport aux secteurs actuels"));
}

#[test]
fn the_report_and_the_workbook_say_why_an_establishment_is_lost() {
    let (_, plan) = replanned();
    let why = format!("plus servi : {}", lead_of_c(&plan));
    let html = Html::parse_document(&sectoria_report::html_report(&plan, None, None).expect("report"));
    let sel = |s: &str| Selector::parse(s).expect("selector");
    let section = html.select(&sel("section#changements")).next().expect("section");
    assert!(section.text().collect::<String>().contains("Par rapport aux secteurs actuels"));
    let row = section.select(&sel("tr[data-worker=ASS01][data-uai=\"0310003C\"]")).next().expect("row");
    let cells: Vec<String> = row.select(&sel("td")).map(|c| c.text().collect()).collect();
    assert_eq!(cells[2..], ["2".to_string(), "0".into(), "perd".into(), why.clone()]);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(sectoria_report::xlsx(&plan).expect("workbook"))).expect("re-opens");
    assert!(wb.sheet_names().contains(&"Changements".to_string()), "{:?}", wb.sheet_names());
    let sheet = wb.worksheet_range("Changements").expect("sheet");
    let text = |d: &Data| d.to_string();
    let lost =
        sheet.rows().find(|r| text(&r[0]) == "ASS01" && text(&r[2]) == "0310003C").expect("ASS01 loses 0310003C");
    assert_eq!(
        (&lost[4], &lost[5], text(&lost[6]), text(&lost[7])),
        (&Data::Float(2.0), &Data::Float(0.0), "perd".into(), why)
    );
    assert!(sheet.rows().any(|r| text(&r[0]).starts_with("Absents de current.csv") && text(&r[0]).contains("ASS03")));
}

/// Today's sectors recorded line by line are figures `sectoria check` recomputes: the plan is
/// accepted, an edited line is caught.
#[test]
fn today_s_lines_are_checked() {
    let (problem, mut plan) = replanned();
    assert!(
        sectoria_core::check_plan(&problem, &plan).is_ok(),
        "{:?}",
        sectoria_core::check_plan(&problem, &plan).problems
    );
    let lines = plan.today.as_mut().and_then(|t| t.sectors.as_mut()).expect("today's lines");
    lines[0].units += 1;
    assert!(!sectoria_core::check_plan(&problem, &plan).is_ok());
}

#[test]
fn without_today_s_sectors_nothing_is_said() {
    let plan = small_plan();
    assert!(!sectoria_report::summary(&plan, None).contains("Par rapport aux secteurs actuels"));
    assert!(!sectoria_report::html_report(&plan, None, None).expect("report").contains("id=\"changements\""));
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(sectoria_report::xlsx(&plan).expect("workbook"))).expect("re-opens");
    assert!(!wb.sheet_names().contains(&"Changements".to_string()));
}
