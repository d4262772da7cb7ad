//! `frontier.csv`: one row per plan of the breadth–depth frontier, by establishments served.

use crate::frformat::{decimal, CsvWriter};
use sectoria_core::frontier::Frontier;

/// French headers of `frontier.csv`.
pub const HEADER: [&str; 10] = [
    "Établissements servis",
    "Objectif",
    "Coût par établissement en plus",
    "Besoin couvert (%)",
    "Besoin pondéré couvert (%)",
    "km par semaine",
    "Valeur de service",
    "Bonus par établissement",
    "Plan retenu",
    "Vérifié",
];

/// Renders `frontier.csv`.
pub fn frontier_csv(f: &Frontier) -> String {
    let mut w = CsvWriter::new(&HEADER);
    let mut previous: Option<(usize, f64)> = None;
    for p in &f.points {
        let slope = previous
            .map(|(n, z)| decimal((z - p.objective) / (p.establishments_served - n).max(1) as f64, 2))
            .unwrap_or_default();
        previous = Some((p.establishments_served, p.objective));
        w.row([
            p.establishments_served.to_string(),
            decimal(p.objective, 2),
            slope,
            decimal(100.0 * p.need_covered, 2),
            decimal(100.0 * p.weighted_need_covered, 2),
            decimal(p.km_total, 1),
            decimal(p.service_value, 2),
            decimal(p.bonus_per_establishment, 3),
            if p.is_plan { "oui" } else { "non" }.to_string(),
            if p.checked { "oui" } else { "non" }.to_string(),
        ]);
    }
    w.finish()
}
