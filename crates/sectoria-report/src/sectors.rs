//! `sectors.csv`: one row per (worker, establishment); a worker without establishment has one
//! row with the establishment columns empty.
//!
//! A post is « à pourvoir » when it has no administrative residence of its own ([`vacant`]): a
//! post generated from the budget (no `workers.csv`), or a worker of `workers.csv` declared
//! without residence, as the budget warning advises for a new post. Whoever holds a post has a
//! residence; a current sector does not make a post filled (`adopt` gives a new post one while
//! nobody holds it yet), and the plan does not carry today's sectors anyway.

use crate::frformat::{decimal, CsvWriter};
use sectoria_core::plan::WorkerResult;
use sectoria_core::Plan;

/// French headers of `sectors.csv`.
pub const HEADER: [&str; 13] = [
    "Assistant",
    "Nom",
    "Quotité (ETP)",
    VACANT,
    "Résidence (UAI ou coordonnées)",
    "Résidence choisie par le modèle",
    "UAI",
    "Établissement",
    "Demi-journées",
    "ETP",
    "Distance (km)",
    "ETP utilisés par l'assistant",
    "km par semaine de l'assistant",
];

/// Header of the column that says whether a post is [`vacant`], with its rule.
pub const VACANT: &str = "Poste à pourvoir (sans résidence déclarée)";

/// Where `w`'s administrative residence is, as `sectors.csv`, the workbook and the report say
/// it: its establishment's UAI, or an address given by its coordinates (`workers.csv`'s
/// `base_lat`/`base_lon`), « adresse hors établissement (44,5225° N, 2,7636° E) », so that the
/// committee can check where the worker starts from (no « ; », which a CSV cell would quote);
/// empty without residence.
pub fn residence(w: &WorkerResult) -> String {
    match &w.base {
        None => String::new(),
        Some(b) => match &b.uai {
            Some(uai) => uai.clone(),
            None => {
                let (lat, lon) = (b.location.lat, b.location.lon);
                format!(
                    "adresse hors établissement ({}° {}, {}° {})",
                    decimal(lat.abs(), 4),
                    if lat < 0.0 { "S" } else { "N" },
                    decimal(lon.abs(), 4),
                    if lon < 0.0 { "O" } else { "E" }
                )
            }
        },
    }
}

/// Whether `w` is a post to fill: no residence of its own, the model choosing one (or none, for
/// a post left without establishment).
pub fn vacant(w: &WorkerResult) -> bool {
    w.generated || w.base.as_ref().is_none_or(|b| b.chosen_by_model)
}

/// Renders `sectors.csv`.
pub fn sectors_csv(plan: &Plan) -> String {
    let unit = plan.scenario.budget.unit_fte;
    let mut w = CsvWriter::new(&HEADER);
    for wk in &plan.workers {
        let head = [
            wk.id.clone(),
            wk.name.clone().unwrap_or_default(),
            decimal(wk.fte, 2),
            if vacant(wk) { "oui" } else { "non" }.to_string(),
            residence(wk),
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

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    /// A new post declared in `workers.csv` without residence, as the budget warning advises,
    /// was « Poste à pourvoir : non » (only posts generated from the budget were): a post is to
    /// fill when it has no residence of its own.
    #[test]
    fn a_worker_declared_without_residence_is_a_post_to_fill() {
        let mut plan = small_plan();
        assert!(plan.workers.iter().all(|w| !vacant(w)), "residences declared");
        let new = &mut plan.workers[1];
        new.base.as_mut().expect("a base").chosen_by_model = true;
        assert!(vacant(new));
        new.base = None;
        assert!(vacant(new), "without establishment, no residence chosen either");
        let csv = sectors_csv(&plan);
        assert!(csv.lines().next().is_some_and(|h| h.contains(";Poste à pourvoir (sans résidence déclarée);")));
        let id = &plan.workers[1].id;
        assert!(
            csv.lines().filter(|l| l.starts_with(&format!("{id};"))).all(|l| l.split(';').nth(3) == Some("oui")),
            "{csv}"
        );
        assert!(csv.lines().filter(|l| l.starts_with("ASS01;")).all(|l| l.split(';').nth(3) == Some("non")), "{csv}");
    }
}
