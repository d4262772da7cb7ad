//! `frontier.csv`: one row per plan of the breadth–depth frontier, by establishments served.
//! Each row says how far its objective is from the plan retained, and whether that is within
//! the plan's proven tolerance (bound − objective): a point within it may be as good as the
//! plan, the solver could not tell them apart.
//!
//! With it, the comparisons of a point with the plan retained that the chart, the report and
//! `sectoria frontier` share: the tolerance, and what the plan gains, term by term, over a point
//! that looks better on every figure drawn.

use crate::frformat::{decimal, percent, readable, CsvWriter};
use sectoria_core::french::{counted, point_noun};
use sectoria_core::frontier::{Frontier, FrontierPoint, PointCosts};

/// French headers of `frontier.csv`: the objective is the service value less the three costs
/// after it, so that a point with more establishments, more need covered and fewer km than the
/// plan retained shows where its lower objective comes from.
pub const HEADER: [&str; 17] = [
    "Établissements servis",
    "Objectif",
    "Coût par établissement en plus (points d'objectif, depuis la ligne précédente)",
    "Écart à l'objectif du plan retenu (points)",
    "Tolérance du plan retenu (points : borne − objectif)",
    "Dans la tolérance du plan retenu",
    "Besoin couvert (%)",
    "Besoin pondéré couvert (%)",
    "km par semaine",
    "Valeur de service",
    "Coût des trajets (points)",
    "Pénalité de stabilité (points)",
    "Demi-journées changées face aux secteurs actuels",
    "Coût de fragmentation (points)",
    "Prime par établissement servi utilisée pour trouver ce plan (points d'objectif)",
    "Plan retenu",
    "Vérifié",
];

/// The plan's proven tolerance, in objective points (bound − objective; its point has no
/// bonus, so its bound is the plan's), and its objective; `None` when no point is the plan.
pub fn plan_tolerance(f: &Frontier) -> Option<(f64, f64)> {
    f.points.iter().find(|p| p.is_plan).map(|p| ((p.bound_with_bonus - p.objective).max(0.0), p.objective))
}

/// Whether `p` is within the plan's tolerance: its objective is below the plan's by no more
/// than the plan's proven gap.
pub fn within_tolerance(f: &Frontier, p: &FrontierPoint) -> Option<bool> {
    plan_tolerance(f).map(|(tolerance, objective)| objective - p.objective <= tolerance + 1e-9)
}

/// What the plan retained gains over each point of `f` that beats it on every figure the chart
/// shows ([`FrontierPoint::beats_on_the_drawn_axes`]), nearest first: one sentence per point,
/// its objective's terms against the plan's, then one sentence on why a plan covering more of
/// the weighted need can be worth less. Empty when no point beats the plan so. A committee saw a
/// point with more establishments, more need covered and fewer km than the plan, and concluded
/// that the tool kept a worse plan (session 50).
pub fn plan_gains_over_beating_points(f: &Frontier) -> Vec<String> {
    let Some(plan) = f.points.iter().find(|p| p.is_plan) else { return Vec::new() };
    let tolerance = plan_tolerance(f).map_or(0.0, |(t, _)| t);
    let mut said: Vec<String> =
        f.points.iter().filter(|q| q.beats_on_the_drawn_axes(plan)).map(|q| gains_over(plan, q, tolerance)).collect();
    if !said.is_empty() {
        said.push(
            "La valeur de service donne à chaque demi-journée le poids des élèves qu'elle sert (priorité × élèves ÷ \
             demi-journées du besoin), chaque tranche du besoin valant moins que la précédente ; la part du besoin \
             pondéré couverte (l'axe vertical du graphique) compte toutes les demi-journées du besoin à égalité, \
             pondérées par la priorité seule."
                .to_string(),
        );
    }
    said
}

/// `x` points with its sign: « +119,5 points », « −48,2 points ».
fn signed_points(x: f64) -> String {
    let sign = if x < 0.0 { '−' } else { '+' };
    format!("{sign}{} {}", readable(x.abs(), 1), point_noun(x, 1))
}

/// The sentence of [`plan_gains_over_beating_points`] for the point `q`.
fn gains_over(plan: &FrontierPoint, q: &FrontierPoint, tolerance: f64) -> String {
    // With a no-break space: a chart's note is cut between words, never before « % ».
    let share = |p: &FrontierPoint| percent(p.weighted_need_covered).replace(' ', "\u{a0}");
    let more_need = share(q) != share(plan);
    let fewer_km = readable(q.km_total, 0) != readable(plan.km_total, 0);
    let lower = plan.objective - q.objective;
    let mut text = format!(
        "Le point à {} établissements ({} de plus que le plan retenu) couvre {} et roule {}, mais son objectif est {} \
         de {} {}",
        q.establishments_served,
        q.establishments_served - plan.establishments_served,
        if more_need {
            format!("plus du besoin pondéré ({} contre {})", share(q), share(plan))
        } else {
            format!("autant du besoin pondéré ({})", share(q))
        },
        if fewer_km {
            format!("moins ({} km par semaine contre {})", readable(q.km_total, 0), readable(plan.km_total, 0))
        } else {
            format!("autant ({} km par semaine)", readable(q.km_total, 0))
        },
        if lower >= 0.0 { "inférieur" } else { "supérieur" },
        readable(lower.abs(), 1),
        point_noun(lower, 1),
    );
    if lower <= tolerance + 1e-9 {
        text.push_str(&format!(
            ", dans la tolérance du plan retenu ({} {}) : le solveur n'a pas prouvé que le plan retenu est meilleur",
            readable(tolerance, 1),
            point_noun(tolerance, 1)
        ));
    }
    let service = plan.service_value - q.service_value;
    let mut terms = vec![format!("valeur de service {}", signed_points(service))];
    match (&plan.costs, &q.costs) {
        (Some(a), Some(b)) => {
            let changed = i64::from(b.changed_units) - i64::from(a.changed_units);
            if a.stability_cost != 0.0 || b.stability_cost != 0.0 {
                terms.push(format!(
                    "pénalité de stabilité {} ({} {} face aux secteurs actuels)",
                    signed_points(b.stability_cost - a.stability_cost),
                    counted(changed.unsigned_abs(), "demi-journée changée"),
                    if changed >= 0 { "de moins" } else { "de plus" }
                ));
            }
            if a.fragmentation_cost != 0.0 || b.fragmentation_cost != 0.0 {
                let pairs = b.served_pairs as i64 - a.served_pairs as i64;
                terms.push(format!(
                    "fragmentation {} ({} assistant–établissement {})",
                    signed_points(b.fragmentation_cost - a.fragmentation_cost),
                    counted(pairs.unsigned_abs(), "couple"),
                    if pairs >= 0 { "de moins" } else { "de plus" }
                ));
            }
            let km = q.km_total - plan.km_total;
            if a.travel_cost != b.travel_cost {
                terms.push(format!(
                    "trajets {} ({} km {} par semaine)",
                    signed_points(b.travel_cost - a.travel_cost),
                    readable(km.abs(), 0),
                    if km >= 0.0 { "de moins" } else { "de plus" }
                ));
            }
        }
        // A plan written before the costs were recorded: the rest of the objective at once.
        _ => terms.push(format!("trajets, stabilité et fragmentation ensemble {}", signed_points(lower - service))),
    }
    text.push_str(&format!(". Le plan retenu gagne sur lui, terme par terme : {}.", terms.join(" ; ")));
    text
}

/// Renders `frontier.csv`.
pub fn frontier_csv(f: &Frontier) -> String {
    let mut w = CsvWriter::new(&HEADER);
    let mut previous: Option<(usize, f64)> = None;
    let plan = plan_tolerance(f);
    for p in &f.points {
        let slope = previous
            .map(|(n, z)| decimal((z - p.objective) / (p.establishments_served - n).max(1) as f64, 2))
            .unwrap_or_default();
        previous = Some((p.establishments_served, p.objective));
        let yes_no = |b: bool| if b { "oui" } else { "non" }.to_string();
        // Empty in a plan written before the costs were recorded.
        let cost = |f: fn(&PointCosts) -> String| p.costs.as_ref().map(f).unwrap_or_default();
        w.row([
            p.establishments_served.to_string(),
            decimal(p.objective, 2),
            slope,
            plan.map(|(_, z)| decimal(z - p.objective, 2)).unwrap_or_default(),
            plan.map(|(t, _)| decimal(t, 2)).unwrap_or_default(),
            within_tolerance(f, p).map(yes_no).unwrap_or_default(),
            decimal(100.0 * p.need_covered, 2),
            decimal(100.0 * p.weighted_need_covered, 2),
            decimal(p.km_total, 1),
            decimal(p.service_value, 2),
            cost(|c| decimal(c.travel_cost, 2)),
            cost(|c| decimal(c.stability_cost, 2)),
            cost(|c| c.changed_units.to_string()),
            cost(|c| decimal(c.fragmentation_cost, 2)),
            decimal(p.bonus_per_establishment, 2),
            yes_no(p.is_plan),
            yes_no(p.checked),
        ]);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(served: usize, objective: f64, bound: f64, is_plan: bool) -> FrontierPoint {
        FrontierPoint {
            bonus_per_establishment: if is_plan { 0.0 } else { 1197.5 },
            establishments_served: served,
            objective,
            bound_with_bonus: bound,
            relative_gap: 0.0,
            need_covered: 0.75,
            weighted_need_covered: 0.84,
            km_total: 356.3,
            service_value: objective,
            costs: None,
            checked: true,
            is_plan,
        }
    }

    #[test]
    fn each_row_says_whether_it_is_within_the_plans_tolerance() {
        // Mayotte: the plan's tolerance is 17,4 points; serving a 33rd establishment costs
        // 11,19, a 34th 20 more.
        let f = Frontier {
            method: String::new(),
            points: vec![
                point(32, 46985.51, 47002.91, true),
                point(33, 46974.32, 60000.0, false),
                point(34, 46954.32, 60000.0, false),
            ],
        };
        let csv = frontier_csv(&f);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4, "{csv}");
        assert!(lines[0].contains("Dans la tolérance du plan retenu"), "{csv}");
        assert!(lines[0].contains("Tolérance du plan retenu (points : borne − objectif)"), "{csv}");
        assert!(!lines[0].contains("Bonus par établissement"), "{csv}");
        assert_eq!(lines[1], "32;46985,51;;0,00;17,40;oui;75,00;84,00;356,3;46985,51;;;;;0,00;oui;oui");
        assert!(lines[2].starts_with("33;46974,32;11,19;11,19;17,40;oui;"), "{}", lines[2]);
        assert!(lines[3].starts_with("34;46954,32;20,00;31,19;17,40;non;"), "{}", lines[3]);
    }
}
