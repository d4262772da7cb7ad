//! `sectoria compare` (and the web's Comparer) shows the need covered, plain, weighted and by
//! category, beside the establishments served; and when the two scenarios weigh their points
//! differently it says so before the objective's rows, marks them, and gives B's weighted
//! coverage with A's weights.

use sectoria_core::test_support::small_instance;
use sectoria_core::{Plan, Problem, Scenario};
use sectoria_scenarios::compare;
use sectoria_scenarios::compare::{weighted_coverage_with, Comparison};
use std::collections::BTreeMap;

fn plan_of(s: &Scenario) -> Plan {
    let problem = Problem::new(&small_instance(), s).expect("valid scenario");
    sectoria_solver::plan(&problem, BTreeMap::new()).expect("solved")
}

fn exact() -> Scenario {
    let mut s = Scenario::default();
    s.solver.relative_gap = 0.0;
    s
}

/// The key figure `label`'s line of the terminal table.
fn line<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no line « {label} » in\n{text}"))
}

fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x).replace('.', ",")
}

/// `y − x` as the table shows it: the difference of the two figures shown, each rounded.
fn pct_difference(x: f64, y: f64) -> String {
    let shown = |v: f64| (1000.0 * v).round() / 1000.0;
    pct(shown(y) - shown(x))
}

/// More ETP deepen the same presences: establishments served stay, the need covered moves, and
/// the comparison shows it overall, weighted and by category, on the terminal and in the CSV.
#[test]
fn the_need_covered_is_compared_overall_weighted_and_by_category() {
    let mut small = exact();
    small.budget.total_fte = Some(0.4);
    let mut large = exact();
    large.budget.total_fte = Some(1.0);
    let (a, b) = (plan_of(&small), plan_of(&large));
    assert!(b.kpis.need_covered > a.kpis.need_covered + 0.05, "{} → {}", a.kpis.need_covered, b.kpis.need_covered);
    let c: Comparison = compare(&a, &b);
    let text = c.to_string();
    let row = line(&text, "Besoin couvert (%)");
    assert!(row.contains(&pct(a.kpis.need_covered)) && row.contains(&pct(b.kpis.need_covered)), "{row}");
    assert!(
        row.trim_end().ends_with(&format!("+{}", pct_difference(a.kpis.need_covered, b.kpis.need_covered))),
        "{row}"
    );
    let row = line(&text, "Besoin couvert pondéré (%)");
    assert!(row.contains(&pct(a.kpis.need_covered_weighted)) && row.contains(&pct(b.kpis.need_covered_weighted)));
    // By category: REP (0310001A) served in both, its need covered beside.
    let rep = |p: &Plan| p.kpis.by_category.iter().find(|x| x.category.code() == "rep").expect("REP").coverage.clone();
    let row = line(&text, "  REP ");
    let need = row.rsplit_once("   ").map_or("", |(_, need)| need).trim();
    let (x, y) = (rep(&a).need_covered, rep(&b).need_covered);
    assert!(need.starts_with(&pct(x)) && need.contains(&pct(y)) && need.ends_with(&pct_difference(x, y)), "{row}");
    assert!(text.contains("Couverture par catégorie prioritaire (établissements servis ; besoin couvert, %)"));
    let csv = c.to_csv();
    assert!(
        csv.contains(&format!(
            "indicateur;need_covered;Besoin couvert (%);%;{};{};",
            pct(a.kpis.need_covered),
            pct(b.kpis.need_covered)
        )),
        "{csv}"
    );
    assert!(csv.contains("indicateur;need_covered_weighted;Besoin couvert pondéré (%);%;"), "{csv}");
    assert!(
        csv.contains(&format!(
            "catégorie;rep;REP;besoin couvert (%);{};{};",
            pct(rep(&a).need_covered),
            pct(rep(&b).need_covered)
        )),
        "{csv}"
    );
    // The same weights: no note, no reweighted row, objective rows unmarked.
    assert!(c.objective_note().is_none() && c.weighted_coverage_after_with_a_weights.is_none());
    assert!(!text.contains("poids de A") && line(&text, "Valeur de service").starts_with("Valeur de service  "));
}

/// Scenarios with other bonuses and another value curve score their points differently: said
/// before the objective's rows, which are marked, and B's weighted coverage is given with A's
/// weights.
#[test]
fn objective_points_of_other_weights_are_said_not_comparable() {
    let a = plan_of(&exact());
    let mut other = exact();
    other.priorities.rep = 3.0;
    other.need.value_segments = vec![1.0, 0.5];
    other.budget.total_fte = Some(0.6);
    let b = plan_of(&other);
    let c = compare(&a, &b);
    let text = c.to_string();
    let note = text.lines().position(|l| l.starts_with("* Les réglages de l'objectif diffèrent (")).expect(&text);
    let value = text.lines().position(|l| l.starts_with("Valeur de service *")).expect(&text);
    assert!(note < value, "{text}");
    // The note, wrapped to the table's width, read whole.
    let lines: Vec<&str> = text.lines().collect();
    let whole = lines[note..value].iter().map(|l| l[2..].trim()).collect::<Vec<_>>().join(" ");
    assert_eq!(
        whole,
        "Les réglages de l'objectif diffèrent (Valeur des tranches du besoin, Bonus REP) : les points de \
         la valeur de service et de l'objectif total ne se comparent pas d'un plan à l'autre, ni les chiffres \
         pondérés (chacun selon ses poids) ; comparez les établissements servis et le besoin couvert ; la \
         couverture pondérée de B est aussi donnée avec les poids de A."
    );
    assert!(lines[note..value].iter().all(|l| l.chars().count() <= 80), "{text}");
    // Only the terms the weights and the value curve count are marked (session 48).
    line(&text, "Objectif total *");
    for label in ["Coût des trajets ", "Coût de stabilité ", "Coût de fragmentation "] {
        assert!(!line(&text, label).contains('*'), "{text}");
    }
    assert_eq!(c.objective_scale_keys(), ["need.value_segments", "priorities.rep"]);
    // B with A's weights: the share of A's Σ w·pupils that B serves; A with its own, its kpis.
    assert!((weighted_coverage_with(&a, &a) - a.kpis.weighted_coverage).abs() < 1e-12);
    let served: Vec<&str> = b.establishments.iter().filter(|e| e.allocated_units > 0).map(|e| e.uai.as_str()).collect();
    let w = |e: &sectoria_core::plan::EstablishmentResult| e.priority.score * e.pupils;
    let expected = a.establishments.iter().filter(|e| served.contains(&e.uai.as_str())).map(w).sum::<f64>()
        / a.establishments.iter().map(w).sum::<f64>();
    let got = c.weighted_coverage_after_with_a_weights.expect("weights differ");
    assert!((got - expected).abs() < 1e-12 && (got - b.kpis.weighted_coverage).abs() > 1e-6, "{got} {expected}");
    let row = line(&text, "Couverture pondérée, poids de A (%)");
    assert!(row.contains(&pct(a.kpis.weighted_coverage)) && row.contains(&pct(got)), "{row}");
    let csv = c.to_csv();
    assert!(
        csv.contains(&format!(
            "indicateur;weighted_coverage_a_weights;Couverture pondérée, poids de A (%);%;{};{};",
            pct(a.kpis.weighted_coverage),
            pct(got)
        )),
        "{csv}"
    );
    let objective: Vec<&str> = csv.lines().filter(|l| l.starts_with("objectif;")).collect();
    assert_eq!(objective.len(), 5);
    let marked: Vec<&str> = objective
        .iter()
        .filter(|l| l.contains("non comparable : les réglages de l'objectif diffèrent"))
        .map(|l| l.split(';').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(marked, ["service_value", "total"], "{csv}");
    // A travel weight alone: the points differ in scale, the coverage's weights do not.
    let mut km = exact();
    km.travel.weight_per_km = 0.9;
    let c = compare(&a, &plan_of(&km));
    assert_eq!(c.objective_scale_keys(), ["travel.weight_per_km"]);
    assert!(c.weighted_coverage_after_with_a_weights.is_none());
    assert!(c.to_string().contains("* Les réglages de l'objectif diffèrent (Poids d'un km) :"), "{c}");
}
