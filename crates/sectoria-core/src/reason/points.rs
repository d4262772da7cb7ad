//! What a « point » is, for a reader who meets it in a reason: the service value of a
//! half-day (DESIGN §3: `w × pupils × Σ v_j s_j / need_units`) and what the objective takes off
//! it, with the scenario's own figures, and how the IPS factor counts (need only, or need and
//! value with `need.ips_factor_in_value`).

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

/// « × son facteur IPS » in the value when `need.ips_factor_in_value` is on, and the sentence on
/// the IPS factor: with the default, that it raises the need but not the value (a committee
/// reads the factor as help for a disadvantaged establishment, tester's session 50 finding 2);
/// nothing when the factor is 1 everywhere.
fn ips_in_value(scenario: &Scenario) -> (&'static str, String) {
    let n = &scenario.need;
    if n.ips_factor_min == 1.0 && n.ips_factor_max == 1.0 {
        return ("", String::new());
    }
    let bounds = format!("entre {} et {}", fte(n.ips_factor_min), fte(n.ips_factor_max));
    if n.ips_factor_in_value {
        return (
            " × son facteur IPS",
            format!(
                " Le facteur IPS ({bounds}) augmente le besoin et, dans la même proportion, la valeur \
                 (réglage « Facteur IPS compté dans la valeur ») : une demi-journée vaut autant dans un établissement défavorisé \
                 qu'ailleurs, à part égale du besoin, et l'ensemble de son besoin vaut plus."
            ),
        );
    }
    (
        "",
        format!(
            " Le facteur IPS ({bounds}) augmente le besoin mais pas la valeur : dans un établissement défavorisé \
             (facteur au-dessus de 1), le besoin compte plus de demi-journées et chacune vaut d'autant moins (divisée \
             par le facteur, à élèves et score égaux) ; le réglage « Facteur IPS compté dans la valeur » \
             (need.ips_factor_in_value) compte aussi le facteur dans la valeur."
        ),
    )
}

/// What one point is, in one paragraph (French), with `scenario`'s values: a half-day's value
/// from the priority score, the pupils (and the IPS factor when it counts in the value) and the
/// need, by segment of the need, what travel, fragmentation and changes cost, and how the IPS
/// factor counts.
pub fn points_meaning(scenario: &Scenario) -> String {
    let (times_ips, ips_sentence) = ips_in_value(scenario);
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
         priorité × ses élèves{times_ips} ÷ les demi-journées de son besoin{by_share}, rien au-delà du besoin (à la présence minimale, on compte la moyenne de ses demi-journées) ; {}.{ips_sentence}",
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

    /// With the default, the definition says that the IPS factor raises the need but not the
    /// value, and names the key; with the key on, the formula shows the factor; with a factor of
    /// 1 everywhere, nothing is said of it.
    #[test]
    fn the_definition_says_how_the_ips_factor_counts() {
        let mut scenario = Scenario::default();
        let text = points_meaning(&scenario);
        assert!(text.contains("Le facteur IPS (entre 0,75 et 1,5) augmente le besoin mais pas la valeur"), "{text}");
        assert!(text.contains("le réglage « Facteur IPS compté dans la valeur » (need.ips_factor_in_value)"), "{text}");
        assert!(text.contains("priorité × ses élèves ÷ les demi-journées"), "{text}");
        scenario.need.ips_factor_in_value = true;
        let text = points_meaning(&scenario);
        assert!(text.contains("priorité × ses élèves × son facteur IPS ÷ les demi-journées"), "{text}");
        assert!(!text.contains("mais pas la valeur"), "{text}");
        scenario.need.ips_factor_min = 1.0;
        scenario.need.ips_factor_max = 1.0;
        let text = points_meaning(&scenario);
        assert!(!text.contains("facteur IPS"), "{text}");
    }
}
