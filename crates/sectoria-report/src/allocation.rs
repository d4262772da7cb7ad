//! `allocation.csv`: one row per establishment in scope, served or not.

use crate::frformat::{decimal, CsvWriter};
use sectoria_core::Plan;

/// French headers of `allocation.csv`.
pub const HEADER: [&str; 16] = [
    "UAI",
    "Établissement",
    "Type",
    "Commune",
    "Élèves comptés",
    "Score de priorité",
    "Bonus",
    "Besoin (ETP)",
    "ETP attribué",
    "Demi-journées",
    "Assistant(s)",
    "Distance (km)",
    "Valeur de service",
    "Couverture obligatoire",
    "Servi",
    "Motif",
];

/// Renders `allocation.csv`.
pub fn allocation_csv(plan: &Plan) -> String {
    let mut w = CsvWriter::new(&HEADER);
    for e in &plan.establishments {
        let bonuses: Vec<String> =
            e.priority.bonuses.iter().map(|b| format!("{} +{}", b.label, decimal(b.points, 1))).collect();
        let workers: Vec<&str> = e.workers.iter().map(|w| w.worker.as_str()).collect();
        let km: Vec<String> = e.workers.iter().map(|w| decimal(w.km, 1)).collect();
        w.row([
            e.uai.clone(),
            e.name.clone(),
            e.kind.label().to_string(),
            e.commune.clone(),
            decimal(e.pupils, 0),
            decimal(e.priority.score, 1),
            bonuses.join(", "),
            decimal(e.need_fte, 2),
            decimal(e.allocated_fte, 1),
            e.allocated_units.to_string(),
            workers.join(", "),
            km.join(", "),
            decimal(e.service_value, 1),
            if e.must_cover { "oui" } else { "non" }.to_string(),
            if e.allocated_units > 0 { "oui" } else { "non" }.to_string(),
            e.reason.clone().unwrap_or_default(),
        ]);
    }
    w.finish()
}
