//! `frontier.csv`: one row per plan of the breadth–depth frontier, by establishments served.
//! Each row says how far its objective is from the plan retained, and whether that is within
//! the plan's proven tolerance (bound − objective): a point within it may be as good as the
//! plan, the solver could not tell them apart.

use crate::frformat::{decimal, CsvWriter};
use sectoria_core::frontier::{Frontier, FrontierPoint};

/// French headers of `frontier.csv`.
pub const HEADER: [&str; 13] = [
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
        assert_eq!(lines[1], "32;46985,51;;0,00;17,40;oui;75,00;84,00;356,3;46985,51;0,00;oui;oui");
        assert!(lines[2].starts_with("33;46974,32;11,19;11,19;17,40;oui;"), "{}", lines[2]);
        assert!(lines[3].starts_with("34;46954,32;20,00;31,19;17,40;non;"), "{}", lines[3]);
    }
}
