//! `allocation.csv`: one row per establishment in scope, served or not. The last six columns
//! carry the exact explanation (`plan --explain`): the change priced, its cost, the proven
//! interval, whether the decision is proven, and the counterfactual; empty without it.
//!
//! The cost and its interval do not measure against the same plan, and the headers say which:
//! the cost is this plan's objective minus that of the best plan found with the change (`z − z'`),
//! the interval bounds the change's cost against the best plan possible. When this plan lies
//! within the solver's tolerance, the plan found with the change can be better than it: the cost
//! is then negative, below an interval that starts at 0 (a change cannot beat the best plan
//! possible), and the counterfactual's text says so in words.
//!
//! The texts name the scenario's keys without the backticks the terminal shows them in
//! (« au plus un assistant par établissement (rules.max_workers_per_establishment = 1) »): a
//! table cell is plain text ([`unquoted`]; the report sets them as code).

use crate::frformat::{decimal, CsvWriter};
use crate::html::unquoted;
use sectoria_core::counterfactual::{Change, CostInterval};
use sectoria_core::plan::EstablishmentResult;
use sectoria_core::Plan;

/// Header of the change's cost against this plan: negative when the plan found with the change
/// is better than this one (within the solver's tolerance).
pub const COST: &str = "Coût face à ce plan (points)";
/// Header of the proven interval's low end: the change's cost against the best plan possible.
pub const LOW: &str = "Coût prouvé face au meilleur plan possible : minimum (points)";
/// Header of the proven interval's high end.
pub const HIGH: &str = "Coût prouvé face au meilleur plan possible : maximum (points)";

/// French headers of `allocation.csv` (and of the workbook's establishments sheet).
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
    COST,
    LOW,
    HIGH,
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
                e.reason.as_deref().map(unquoted).unwrap_or_default(),
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
    [change.to_string(), num(|i| i.shown), num(|i| i.low), num(|i| i.high), verdict.to_string(), unquoted(&c.text)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::counterfactual::{Counterfactual, ExactExplanation};
    use sectoria_core::test_support::small_plan;

    /// « (`rules.max_workers_per_establishment` = 1) » reached the motifs of allocation.csv and
    /// the workbook with its backticks (session 47).
    #[test]
    fn motifs_name_the_keys_without_backticks() {
        let mut plan = small_plan();
        plan.establishments[0].reason =
            Some("au plus un assistant par établissement (`rules.max_workers_per_establishment` = 1)".into());
        let csv = allocation_csv(&plan);
        assert!(
            csv.contains(";au plus un assistant par établissement (rules.max_workers_per_establishment = 1);"),
            "{csv}"
        );
        assert!(!csv.contains('`'), "{csv}");
    }

    /// 0660431K on w066: the plan found with the change is 0,3 point better than the plan, the
    /// interval against the best plan possible is [0,0 ; 7,4]. The headers say which plan each
    /// figure is measured against, so that -0,3 beside [0,0 ; 7,4] is no contradiction.
    #[test]
    fn a_cost_below_its_interval_is_measured_against_another_plan_and_the_headers_say_so() {
        let mut plan = small_plan();
        plan.establishments[0].explanation = Some(ExactExplanation {
            reason: "raison".into(),
            counterfactual: Counterfactual {
                change: Change::Serve,
                description: "Le servir".into(),
                objective: Some(16_849.1),
                bound: Some(16_856.5),
                cost: Some(CostInterval { shown: -0.3, low: 0.0, high: 7.4 }),
                proven: false,
                impossible: None,
                differences: Vec::new(),
                moved_workers: Vec::new(),
                km_delta: 0.0,
                text: "texte".into(),
            },
        });
        let csv = allocation_csv(&plan);
        let header = csv.lines().next().unwrap();
        assert!(
            header.ends_with(
                ";Changement évalué;Coût face à ce plan (points);Coût prouvé face au meilleur plan possible : minimum \
                 (points);Coût prouvé face au meilleur plan possible : maximum (points);Décision;Contrefactuel"
            ),
            "{header}"
        );
        assert!(csv.contains(";le servir;-0,3;0,0;7,4;dans la tolérance du solveur;texte\r\n"), "{csv}");
    }
}
