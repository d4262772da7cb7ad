//! `sectors.csv`: one row per (worker, establishment); a worker without establishment has one
//! row with the establishment columns empty.

use crate::frformat::{decimal, CsvWriter};
use sectoria_core::Plan;

/// French headers of `sectors.csv`.
pub const HEADER: [&str; 13] = [
    "Assistant",
    "Nom",
    "Quotité (ETP)",
    "Poste à pourvoir",
    "Résidence (UAI)",
    "Résidence choisie par le modèle",
    "UAI",
    "Établissement",
    "Demi-journées",
    "ETP",
    "Distance (km)",
    "ETP utilisés par l'assistant",
    "km par semaine de l'assistant",
];

/// Renders `sectors.csv`.
pub fn sectors_csv(plan: &Plan) -> String {
    let unit = plan.scenario.budget.unit_fte;
    let mut w = CsvWriter::new(&HEADER);
    for wk in &plan.workers {
        let head = [
            wk.id.clone(),
            wk.name.clone().unwrap_or_default(),
            decimal(wk.fte, 2),
            if wk.generated { "oui" } else { "non" }.to_string(),
            wk.base.as_ref().and_then(|b| b.uai.clone()).unwrap_or_default(),
            match &wk.base {
                Some(b) if b.chosen_by_model => "oui",
                Some(_) => "non",
                None => "",
            }
            .to_string(),
        ];
        let tail = [decimal(f64::from(wk.units_used) * unit, 1), decimal(wk.weekly_km, 1)];
        if wk.sector.is_empty() {
            w.row(head.iter().cloned().chain(std::iter::repeat_n(String::new(), 5)).chain(tail.iter().cloned()));
        }
        for line in &wk.sector {
            w.row(
                head.iter()
                    .cloned()
                    .chain([
                        line.uai.clone(),
                        line.name.clone(),
                        line.units.to_string(),
                        decimal(f64::from(line.units) * unit, 1),
                        decimal(line.km, 1),
                    ])
                    .chain(tail.iter().cloned()),
            );
        }
    }
    w.finish()
}
