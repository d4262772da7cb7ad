//! One French sentence that says what the optimisation trades against the rule of thumb: the
//! figures it loses on first, then those it wins on (DESIGN §4).

use crate::frformat::{decimal, readable};
use sectoria_core::{Category, Kpis};

/// Smallest difference of need covered in one priority category, in points, that the sentence
/// names: every such loss (the lycées professionnels losing 12 points while the priority
/// establishments as a whole gain 2; REP+ losing 18 under a budget cut), and a gain where the
/// whole loses. A gain where the whole gains goes with it (the table shows every category).
pub const CATEGORY_POINTS: f64 = 5.0;

/// Where a category's establishments are, in the sentence (« … en plus en REP+ »).
fn place(category: Category) -> &'static str {
    match category {
        Category::RepPlus => "en REP+",
        Category::Rep => "en REP",
        Category::RuralDisadvantaged => "dans les collèges ruraux défavorisés",
        Category::Internat => "dans les établissements avec internat",
        Category::EgpaUlisRelaisUpe2a => "dans les établissements avec EGPA, ULIS, relais ou UPE2A",
        Category::LyceePro => "dans les lycées professionnels",
    }
}

/// Name of the baseline in every French output.
pub const BASELINE_LABEL: &str = "Règle usuelle";

/// `|d|` at `decimals`, or `None` when it rounds to zero; the flag says whether French takes
/// the plural (2 and more).
fn amount(d: f64, decimals: usize) -> Option<(String, bool)> {
    let text = decimal(d.abs(), decimals);
    if text.chars().all(|c| c == '0' || c == ',') {
        return None;
    }
    // French plural from the figure as shown (1,6 shows as « 2 points »).
    let shown: f64 = text.replace(',', ".").parse().unwrap_or(d.abs());
    Some((text, shown >= 2.0 - 1e-9))
}

fn s(plural: bool) -> &'static str {
    if plural {
        "s"
    } else {
        ""
    }
}

fn more_less(d: f64) -> &'static str {
    if d > 0.0 {
        "en plus"
    } else {
        "en moins"
    }
}

/// Figures of the plan against the rule of thumb, each `(better for the plan, French text)`;
/// a figure equal in both at the precision shown is left out.
pub fn trades(plan: &Kpis, rule: &Kpis) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let d = plan.establishments_served as f64 - rule.establishments_served as f64;
    if let Some((n, pl)) = amount(d, 0) {
        out.push((
            d > 0.0,
            format!("{n} établissement{} servi{} {}", s(pl), s(pl), if d > 0.0 { "de plus" } else { "de moins" }),
        ));
    }
    for (d, place) in [
        (100.0 * (plan.need_covered_priority - rule.need_covered_priority), "dans les établissements prioritaires"),
        (100.0 * (plan.need_covered - rule.need_covered), "dans l'ensemble"),
    ] {
        if let Some((n, pl)) = amount(d, 0) {
            out.push((d > 0.0, format!("{n} point{} de besoin couvert {} {place}", s(pl), more_less(d))));
        }
    }
    let whole = plan.need_covered_priority - rule.need_covered_priority;
    for (c, r) in plan.by_category.iter().zip(&rule.by_category) {
        let d = 100.0 * (c.coverage.need_covered - r.coverage.need_covered);
        // Every loss that large; a gain only where the whole loses (else it goes with it).
        let hidden = d < 0.0 || whole <= 0.0;
        if c.category == r.category && c.coverage.establishments > 0 && d.abs() >= CATEGORY_POINTS && hidden {
            if let Some((n, pl)) = amount(d, 0) {
                out.push((
                    d > 0.0,
                    format!("{n} point{} de besoin couvert {} {}", s(pl), more_less(d), place(c.category)),
                ));
            }
        }
    }
    let d = plan.presence_mean - rule.presence_mean;
    if let Some((n, pl)) = amount(d, 1) {
        out.push((d > 0.0, format!("{n} demi-journée{} de présence {} par établissement servi", s(pl), more_less(d))));
    }
    let d = plan.km_total - rule.km_total;
    if amount(d, 0).is_some() {
        let n = readable(d.abs(), 0);
        out.push((d < 0.0, format!("{n} km {} par semaine", if d > 0.0 { "de plus" } else { "de moins" })));
    }
    out
}

fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

/// The sentence, for example « Face à la règle usuelle, le plan optimisé : 19 établissements
/// servis de moins, mais 12 points de besoin couvert en plus dans les établissements
/// prioritaires et 90 km de moins par semaine. »
pub fn trade_sentence(plan: &Kpis, rule: &Kpis) -> String {
    let all = trades(plan, rule);
    let gains: Vec<&str> = all.iter().filter(|(g, _)| *g).map(|(_, t)| t.as_str()).collect();
    let losses: Vec<&str> = all.iter().filter(|(g, _)| !*g).map(|(_, t)| t.as_str()).collect();
    let head = format!("Face à la {}, le plan optimisé", BASELINE_LABEL.to_lowercase());
    match (losses.is_empty(), gains.is_empty()) {
        (false, false) => format!("{head} : {}, mais {}.", list(&losses), list(&gains)),
        (true, false) => format!("{head} : {}, sans rien perdre sur ces indicateurs.", list(&gains)),
        (false, true) => format!("{head} : {}, sans gain sur ces indicateurs.", list(&losses)),
        (true, true) => format!("{head} est égal à la {} sur ces indicateurs.", BASELINE_LABEL.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    #[test]
    fn losses_come_first_and_nothing_is_hidden() {
        let plan = small_plan();
        let mut rule = plan.kpis.clone();
        rule.establishments_served += 19;
        rule.need_covered_priority -= 0.12;
        rule.km_total += 90.0;
        let text = trade_sentence(&plan.kpis, &rule);
        assert_eq!(
            text,
            "Face à la règle usuelle, le plan optimisé : 19 établissements servis de moins, mais 12 points de besoin \
             couvert en plus dans les établissements prioritaires et 90 km de moins par semaine."
        );
        rule.establishments_served -= 18;
        assert!(trade_sentence(&plan.kpis, &rule)
            .starts_with("Face à la règle usuelle, le plan optimisé : 1 établissement servi de moins, mais"));
        assert!(trade_sentence(&plan.kpis, &plan.kpis).contains("égal"));
        rule.km_total += 11_050.0;
        assert!(trade_sentence(&plan.kpis, &rule).contains("11\u{202f}140 km de moins par semaine"));
    }

    #[test]
    fn a_category_that_loses_five_points_or_more_is_named_a_gain_where_the_whole_loses() {
        let plan = small_plan();
        let mut rule = plan.kpis.clone();
        let lp = Category::ALL.iter().position(|&c| c == Category::LyceePro).expect("lp");
        let rep_plus = Category::ALL.iter().position(|&c| c == Category::RepPlus).expect("rep+");
        for k in [lp, rep_plus] {
            rule.by_category[k].coverage.establishments = 3;
        }
        let mut with = plan.kpis.clone();
        with.by_category = rule.by_category.clone();
        rule.by_category[lp].coverage.need_covered = with.by_category[lp].coverage.need_covered + 0.12;
        rule.by_category[rep_plus].coverage.need_covered = with.by_category[rep_plus].coverage.need_covered - 0.049;
        let text = trade_sentence(&with, &rule);
        assert!(
            text.contains(": 12 points de besoin couvert en moins dans les lycées professionnels, sans gain"),
            "{text}"
        );
        // Under five points, the table says it; the sentence does not.
        assert!(!text.contains("REP+"), "{text}");
        // A gain of the priority establishments as a whole: a category's gain goes with it
        // (the table shows it), a category's loss would be hidden by it and is named.
        with.need_covered_priority = rule.need_covered_priority + 0.02;
        rule.by_category[rep_plus].coverage.need_covered = with.by_category[rep_plus].coverage.need_covered - 0.2;
        let text = trade_sentence(&with, &rule);
        assert!(text.starts_with("Face à la règle usuelle, le plan optimisé : 12 points de besoin couvert en moins dans les lycées professionnels, mais 2 points"), "{text}");
        assert!(!text.contains("REP+"), "{text}");
        // A loss of the whole: a category's gain is named too, and every loss still is.
        with.need_covered_priority = rule.need_covered_priority - 0.02;
        let text = trade_sentence(&with, &rule);
        assert!(text.ends_with("mais 20 points de besoin couvert en plus en REP+."), "{text}");
        assert!(text.contains("12 points de besoin couvert en moins dans les lycées professionnels"), "{text}");
    }
}
