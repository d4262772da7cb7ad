//! The words under the frontier chart: what « non dominé » means, and, when the rule of thumb
//! lies above and to the right of the plan retained on the two axes drawn, what it loses
//! elsewhere — the km, the objective, the continuity — with the figures. A committee seeing the
//! rule's diamond beat the plan on both axes asked why the plan was not simply the rule.

use crate::frformat::readable;
use sectoria_core::french::{half_days, point_noun};
use sectoria_core::plan::BaselineReport;

/// What the points of the frontier are not dominated on.
pub const NON_DOMINATED: &str = "Chaque point de la frontière est non dominé pour (établissements servis, objectif) : \
     à la tolérance du solveur près, aucun plan ne sert autant d'établissements avec un meilleur objectif. Sur les deux axes dessinés, un point peut \
     être dépassé.";

/// A point of the chart as the notes read it: establishments served, % of the weighted need
/// covered, objective, weekly km.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Establishments served.
    pub served: usize,
    /// Share of the weighted need covered, %.
    pub weighted: f64,
    /// Objective.
    pub objective: f64,
    /// Weekly km, all workers.
    pub km: f64,
}

/// What the rule of thumb (`rule`, drawn at `at`) loses against the plan retained (`plan`),
/// when it beats it on both axes drawn; `None` otherwise.
pub fn rule_beats_plan_on_the_axes(plan: Figures, at: Figures, rule: &BaselineReport) -> Option<String> {
    let beats = at.served >= plan.served
        && at.weighted >= plan.weighted
        && (at.served > plan.served || at.weighted > plan.weighted);
    if !beats {
        return None;
    }
    let mut losses = Vec::new();
    if at.km > plan.km {
        losses.push(format!(
            "elle roule {} km par semaine contre {} pour le plan retenu",
            readable(at.km, 0),
            readable(plan.km, 0)
        ));
    }
    let lower = plan.objective - at.objective;
    if lower > 0.0 {
        let mut objective = format!(
            "son objectif est de {} contre {} ({} {} de moins",
            readable(at.objective, 0),
            readable(plan.objective, 0),
            readable(lower, 0),
            point_noun(lower, 0)
        );
        let continuity = rule.objective.stability_cost;
        if continuity > 0.0 {
            objective.push_str(&format!(
                " ; sa continuité lui coûte à elle seule {} {} pour {} déplacées",
                readable(continuity, 0),
                point_noun(continuity, 0),
                half_days(rule.kpis.changed_units)
            ));
        }
        objective.push(')');
        losses.push(objective);
    }
    if !rule.feasible {
        // The rules it breaks, with their figures, when the plan records them (a chart's text:
        // the keys without the prose's backticks).
        let broken: Vec<String> = rule.broken_rules.iter().map(|r| crate::html::unquoted(r)).collect();
        losses.push(if broken.is_empty() {
            "elle ne respecte pas toutes les règles du scénario".to_string()
        } else {
            format!("elle ne respecte pas toutes les règles du scénario ({})", broken.join(" ; "))
        });
    }
    let mut text = "La règle usuelle (losange) sert au moins autant d'établissements et couvre au moins autant du \
                    besoin pondéré que le plan retenu : elle le dépasse sur ces deux axes"
        .to_string();
    if losses.is_empty() {
        text.push('.');
    } else {
        text.push_str(&format!(", mais {}.", losses.join(" ; ")));
    }
    Some(text)
}

/// `text` cut into lines of at most `width` characters, between words.
pub fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(served: usize, weighted: f64, objective: f64, km: f64) -> Figures {
        Figures { served, weighted, objective, km }
    }

    /// The tester's 031 frontier: the rule of thumb at 131 served and 34,4 %, the plan at 109 and
    /// 33,5 %, but 3 532 km against 1 929 and an objective of 41 610 against 45 264.
    #[test]
    fn the_rule_above_and_right_of_the_plan_is_said_to_lose_on_km_objective_and_continuity() {
        let mut rule = sectoria_core::test_support::small_plan().baseline;
        rule.objective.stability_cost = 1325.0;
        rule.kpis.changed_units = 265;
        rule.feasible = false;
        let plan = figures(109, 33.48, 45_264.36, 1929.2);
        let text = rule_beats_plan_on_the_axes(plan, figures(131, 34.4, 41_609.5, 3532.0), &rule).expect("said");
        assert_eq!(
            text,
            "La règle usuelle (losange) sert au moins autant d'établissements et couvre au moins autant du besoin \
             pondéré que le plan retenu : elle le dépasse sur ces deux axes, mais elle roule 3\u{202f}532 km par \
             semaine contre 1\u{202f}929 pour le plan retenu ; son objectif est de 41\u{202f}610 contre 45\u{202f}264 \
             (3\u{202f}655 points de moins ; sa continuité lui coûte à elle seule 1\u{202f}325 points pour 265 \
             demi-journées déplacées) ; \
             elle ne respecte pas toutes les règles du scénario."
        );
        // The rules it breaks are named when the plan records them.
        rule.broken_rules =
            vec!["elle change 265 demi-journées pour un plafond de 40 (`stability.max_changes`)".into()];
        let named = rule_beats_plan_on_the_axes(plan, figures(131, 34.4, 41_609.5, 3532.0), &rule).expect("said");
        assert!(
            named.ends_with(
                "elle ne respecte pas toutes les règles du scénario (elle change 265 demi-journées pour un plafond \
                 de 40 (stability.max_changes))."
            ),
            "{named}"
        );
        // Below or left of the plan on one axis: nothing to say.
        assert!(rule_beats_plan_on_the_axes(plan, figures(131, 33.0, 41_609.5, 3532.0), &rule).is_none());
        assert!(rule_beats_plan_on_the_axes(plan, figures(100, 35.0, 41_609.5, 3532.0), &rule).is_none());
        assert!(rule_beats_plan_on_the_axes(plan, plan, &rule).is_none());
    }

    #[test]
    fn lines_are_cut_between_words() {
        assert_eq!(wrapped("un deux trois quatre", 9), ["un deux", "trois", "quatre"]);
        assert_eq!(wrapped("court", 80), ["court"]);
    }
}
