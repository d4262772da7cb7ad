//! `sectoria compare` answers the committee's « what does stability cost » and « what does the
//! cap cost » (session 49): the continuity against today's sectors and the km of the worker who
//! drives the most are rows of the terminal table, `compare.csv` and the report's differences —
//! one list, so that they give the same figures — and a plan whose budget holds its workers'
//! time back says so beside the ETP.

use sectoria_core::test_support::small_plan;
use sectoria_core::Plan;
use sectoria_scenarios::compare;

/// Plan A, and plan B with a stability penalty: both against today's sectors.
fn base_and_stable() -> (Plan, Plan) {
    let mut a = small_plan();
    a.inputs.insert("current.csv".into(), "today".into());
    a.kpis.changed_establishments = 26;
    a.kpis.changed_units = 48;
    a.kpis.km_per_worker_max = 324.4;
    let mut b = a.clone();
    b.kpis.changed_establishments = 24;
    b.kpis.changed_units = 46;
    b.kpis.km_per_worker_max = 452.0;
    (a, b)
}

fn csv_row(csv: &str, code: &str) -> String {
    csv.lines()
        .find(|l| l.starts_with(&format!("indicateur;{code};")))
        .unwrap_or_else(|| panic!("{code}: {csv}"))
        .to_string()
}

#[test]
fn continuity_and_the_busiest_worker_s_km_are_compared_everywhere() {
    let (a, b) = base_and_stable();
    let c = compare(&a, &b);
    let text = c.to_string();
    assert!(text.contains("Établissements qui changent d'assistant ou de\ntemps par rapport à aujourd'hui "), "{text}");
    let line = |start: &str| {
        text.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("{start}: {text}")).to_string()
    };
    let cells = |l: String| {
        l.split_whitespace().rev().take(3).collect::<Vec<_>>().into_iter().rev().map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(cells(line("temps par rapport à aujourd'hui")), ["26", "24", "-2"], "{text}");
    assert_eq!(cells(line("Demi-journées déplacées par rapport à aujourd'hui")), ["48", "46", "-2"], "{text}");
    assert_eq!(cells(line("Km par semaine de l'assistant qui roule le plus")), ["324", "452", "+128"], "{text}");
    let csv = c.to_csv();
    assert!(csv_row(&csv, "changed_establishments").contains(";établissements;26;24;-2;"), "{csv}");
    assert!(csv_row(&csv, "changed_units").contains(";demi-journées;48;46;-2;"), "{csv}");
    assert!(csv_row(&csv, "km_per_worker_max").contains(";km par semaine;324;452;128;"), "{csv}");
    // The report's differences: the same rows, A then B then the difference.
    let html = sectoria_report::html_report(&b, Some(&a), None).expect("report");
    let table =
        html.split("id=\"table-ecarts-chiffres\"").nth(1).and_then(|t| t.split("</table>").next()).expect("table");
    for row in [
        "<td>Demi-journées déplacées par rapport à aujourd&#39;hui</td><td class=\"n\">48</td><td class=\"n\">46</td><td class=\"n\">-2</td>",
        "<td>Km par semaine de l&#39;assistant qui roule le plus</td><td class=\"n\">324</td><td class=\"n\">452</td><td class=\"n\">+128</td>",
    ] {
        assert!(table.contains(row), "{row}: {table}");
    }
    // Every figure of compare is a row of the report, in the same order.
    let labels: Vec<String> = c.key_figures().iter().map(|i| sectoria_report::html::esc(i.label)).collect();
    let mut at = 0;
    for label in &labels {
        let found = table[at..].find(&format!("<td>{label}</td>")).unwrap_or_else(|| panic!("{label}: {table}"));
        at += found;
    }
}

#[test]
fn continuity_without_today_s_sectors_is_not_applicable() {
    let (mut a, b) = base_and_stable();
    a.inputs.remove("current.csv");
    a.kpis.changed_establishments = 0;
    a.kpis.changed_units = 0;
    let c = compare(&a, &b);
    let csv = c.to_csv();
    assert!(csv_row(&csv, "changed_units").contains(";demi-journées;sans objet;46;;"), "{csv}");
    let text = c.to_string();
    let line = text.lines().find(|l| l.starts_with("Demi-journées déplacées")).expect("row");
    assert!(line.contains("sans objet") && line.trim_end().ends_with('—'), "{line}");
}

/// The tester's « one more ETP »: B's workers have 7,7 ETP, its budget 7,6 (the imported
/// scenario's); compare says B is held back by budget.total_fte, on the terminal and in the CSV.
#[test]
fn a_budget_below_b_s_workers_is_said_beside_the_etp() {
    let a = small_plan();
    let mut b = a.clone();
    let time: f64 = b.workers.iter().map(|w| w.fte).sum();
    b.scenario.budget.total_fte = Some(time - 0.1);
    let c = compare(&a, &b);
    let text = c.to_string();
    let etp = text.find("ETP attribués").expect("ETP row");
    let said = text.find("B est limité par budget.total_fte").expect("said");
    let next = text.find("Établissements servis").expect("next row");
    assert!(etp < said && said < next, "{text}");
    assert!(text.contains("0,1 ETP de ses assistants"), "{text}");
    assert!(csv_row(&c.to_csv(), "fte_used").contains("B est limité par budget.total_fte"), "{}", c.to_csv());
    // A budget above the workers' time: nothing said.
    b.scenario.budget.total_fte = Some(time + 1.0);
    assert!(!compare(&a, &b).to_string().contains("est limité par"));
}
