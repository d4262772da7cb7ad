//! `allocation.csv`: one row per establishment in scope, served or not. The last six columns
//! carry the exact explanation (`plan --explain`): the change priced, its cost, the proven
//! interval, whether the decision is proven, and the counterfactual; empty without it.

use crate::frformat::{decimal, CsvWriter};
use sectoria_core::counterfactual::{Change, CostInterval};
use sectoria_core::plan::EstablishmentResult;
use sectoria_core::Plan;

/// French headers of `allocation.csv`.
pub const HEADER: [&str; 22] = [
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
    "Changement évalué",
    "Coût du changement (points)",
    "Coût prouvé minimal",
    "Coût prouvé maximal",
    "Décision",
    "Contrefactuel",
];

/// Renders `allocation.csv`.
pub fn allocation_csv(plan: &Plan) -> String {
    let mut w = CsvWriter::new(&HEADER);
    for e in &plan.establishments {
        let bonuses: Vec<String> =
            e.priority.bonuses.iter().map(|b| format!("{} +{}", b.label, decimal(b.points, 1))).collect();
        let workers: Vec<&str> = e.workers.iter().map(|w| w.worker.as_str()).collect();
        let km: Vec<String> = e.workers.iter().map(|w| decimal(w.km, 1)).collect();
        w.row(
            [
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
            ]
            .into_iter()
            .chain(explanation_fields(e)),
        );
    }
    w.finish()
}

/// The six explanation fields of `e` (empty without an exact explanation).
pub fn explanation_fields(e: &EstablishmentResult) -> [String; 6] {
    let Some(x) = &e.explanation else { return Default::default() };
    let c = &x.counterfactual;
    let change = match c.change {
        Change::Serve => "le servir",
        Change::Remove => "le retirer",
    };
    let num = |f: fn(&CostInterval) -> f64| c.cost.as_ref().map(|i| decimal(f(i), 1)).unwrap_or_default();
    let verdict = match (&c.cost, c.proven) {
        (None, _) => "changement impossible",
        (Some(_), true) => "prouvée",
        (Some(_), false) => "dans la tolérance du solveur",
    };
    [change.to_string(), num(|i| i.shown), num(|i| i.low), num(|i| i.high), verdict.to_string(), c.text.clone()]
}
