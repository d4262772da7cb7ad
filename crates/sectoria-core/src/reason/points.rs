//! What a « point » is, for a reader who meets it in a reason: the service value of a
//! half-day (DESIGN §3: `w × pupils × Σ v_j s_j / need_units`) and what the objective takes off
//! it, with the scenario's own figures.

use super::fte;
use crate::french::point_noun;
use crate::scenario::Scenario;

/// « premier tiers », « deuxième tiers »…: the segments of the need by their count.
fn share_name(n: usize) -> &'static str {
    match n {
        1 => "le besoin",
        2 => "moitié",
        3 => "tiers",
        4 => "quart",
        _ => "tranche",
    }
}

/// « un km parcouru par semaine coûte 0,3 point »: `what` and `x` points.
fn with_points(what: &str, x: f64) -> String {
    format!("{what} {} {}", fte(x), point_noun(x, 2))
}

/// What one point is, in one paragraph (French), with `scenario`'s values: a half-day's value
/// from the priority score, the pupils and the need, by segment of the need, and what travel,
/// fragmentation and changes cost.
pub fn points_meaning(scenario: &Scenario) -> String {
    let segments = &scenario.need.value_segments;
    let values: Vec<String> = segments.iter().map(|v| fte(*v)).collect();
    let by_share = match segments.len() {
        0 | 1 => String::new(),
        n => format!(", multiplié par {} selon le {} du besoin qu'elle couvre", values.join(" ; "), share_name(n)),
    };
    let mut costs = vec![with_points("un km parcouru par semaine coûte", scenario.travel.weight_per_km)];
    if scenario.travel.weight_per_minute > 0.0 {
        costs.push(with_points("une minute de trajet par semaine", scenario.travel.weight_per_minute));
    }
    if scenario.rules.fragmentation_cost > 0.0 {
        costs.push(with_points("un établissement de plus dans un secteur", scenario.rules.fragmentation_cost));
    }
    if scenario.stability.penalty_per_unit > 0.0 {
        costs.push(with_points(
            "une demi-journée changée par rapport aux secteurs actuels",
            scenario.stability.penalty_per_unit,
        ));
    }
    format!(
        "Points : l'unité de la valeur de service. Une demi-journée dans un établissement vaut son score de \
         priorité × ses élèves ÷ les demi-journées de son besoin{by_share}, rien au-delà du besoin (à la présence minimale, on compte la moyenne de ses demi-journées) ; {}.",
        costs.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::ValueCurve;

    /// The definition says what the value curve computes: a half-day of the first third of the
    /// need is worth score × pupils ÷ half-days of need (Collège Célestin Sourèzes, Réquista:
    /// 1,5 × 157 pupils, a need of 1,6 half-days, its minimum presence of 2 half-days worth
    /// 74,6 points each on average).
    #[test]
    fn the_meaning_of_a_point_is_the_value_curves() {
        let text = points_meaning(&Scenario::default());
        assert!(
            text.contains("vaut son score de priorité × ses élèves ÷ les demi-journées de son besoin, multiplié par 1,0 ; 0,6 ; 0,3 selon le tiers du besoin qu'elle couvre"),
            "{text}"
        );
        assert!(text.contains("un km parcouru par semaine coûte 0,3 point"), "{text}");
        let c = ValueCurve { scale: 1.5 * 157.0, need_units: 1.6, segments: vec![1.0, 0.6, 0.3], served: 0.0 };
        assert!((c.value(2.0) / 2.0 - 74.6).abs() < 0.05);
        assert!((c.value(0.5) - 1.5 * 157.0 / 1.6 * 0.5).abs() < 1e-9);
    }
}
