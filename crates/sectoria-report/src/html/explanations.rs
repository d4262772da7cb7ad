//! The report's `#explications` section: for every establishment, its binding reason and its
//! counterfactual (the change, its cost with the proven interval, whether the decision is
//! proven or within the solver's tolerance, and what the best plan with the change does).
//! Absent when the plan carries no exact explanations (`plan --explain`); when only some
//! establishments carry one (explanations stopped in the web application), it says how many.

use super::{esc, prose};
use crate::frformat::decimal;
use sectoria_core::Plan;
use std::fmt::Write as _;

/// Appends the section to `out` (nothing when the plan has no exact explanation).
pub fn section(out: &mut String, plan: &Plan) {
    if plan.establishments.iter().all(|e| e.explanation.is_none()) {
        return;
    }
    out.push_str(
        "<section id=\"explications\"><h2>Explications et contrefactuels</h2>\
         <p class=\"note\">Pour chaque établissement : la raison qui fixe son attribution et le coût du changement \
         contraire (le servir s'il ne l'est pas, le retirer s'il l'est), calculé par une nouvelle résolution. \
         L'intervalle prouvé tient compte des écarts des deux résolutions ; quand il contient zéro, la décision est \
         dans la tolérance du solveur.</p>",
    );
    let explained = plan.establishments.iter().filter(|e| e.explanation.is_some()).count();
    if explained < plan.establishments.len() {
        let _ = write!(
            out,
            "<p class=\"note\" id=\"explications-partielles\">Explications arrêtées à la demande : {explained} \
             établissement(s) sur {} ont leur contrefactuel, les autres n'en ont pas. « Compléter les explications » \
             dans l'application, ou <code>sectoria explain --plan plan.json --out DOSSIER</code>, calcule les \
             manquants en gardant ceux-ci.</p>",
            plan.establishments.len()
        );
    }
    out.push_str(
        "<table class=\"sortable\" id=\"table-explications\"><thead><tr>\
         <th>UAI</th><th>Établissement</th><th>Raison</th><th data-type=\"num\">Coût du changement (points)</th>\
         <th>Intervalle prouvé</th><th>Décision</th><th>Contrefactuel</th></tr></thead><tbody>",
    );
    for e in &plan.establishments {
        let Some(x) = &e.explanation else { continue };
        let c = &x.counterfactual;
        let (cost, interval, verdict) = match &c.cost {
            Some(i) => (
                format!("<td class=\"n\" data-v=\"{}\">{}</td>", i.shown, decimal(i.shown, 1)),
                format!("[{} ; {}]", decimal(i.low, 1), decimal(i.high, 1)),
                if c.proven { "prouvée" } else { "dans la tolérance" },
            ),
            None => ("<td class=\"n\" data-v=\"-1\">—</td>".to_string(), "—".to_string(), "changement impossible"),
        };
        let _ = write!(
            out,
            "<tr data-cf=\"{uai}\" class=\"{}\"><td>{uai}</td><td>{}</td><td>{}</td>{cost}<td>{}</td><td>{}</td><td>{}</td></tr>",
            if c.proven { "prouvee" } else { "tolerance" },
            esc(&e.name),
            prose(&x.reason),
            esc(&interval),
            verdict,
            prose(&c.text),
            uai = esc(&e.uai),
        );
    }
    out.push_str("</tbody></table></section>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::counterfactual::{Change, Counterfactual, ExactExplanation};
    use sectoria_core::test_support::small_plan;

    fn explained(uai: &str) -> ExactExplanation {
        ExactExplanation {
            reason: "raison".into(),
            counterfactual: Counterfactual {
                change: Change::Serve,
                description: format!("Le servir ({uai})"),
                objective: None,
                bound: None,
                cost: None,
                proven: false,
                impossible: Some("impossible".into()),
                differences: Vec::new(),
                moved_workers: Vec::new(),
                km_delta: 0.0,
                text: "texte".into(),
            },
        }
    }

    #[test]
    fn the_section_says_when_only_some_establishments_carry_their_counterfactual() {
        let mut plan = small_plan();
        let mut out = String::new();
        section(&mut out, &plan);
        assert!(out.is_empty(), "no explanation, no section");
        let first = plan.establishments[0].uai.clone();
        plan.establishments[0].explanation = Some(explained(&first));
        section(&mut out, &plan);
        let total = plan.establishments.len();
        assert!(total > 1);
        assert!(out.contains(&format!("arrêtées à la demande : 1 établissement(s) sur {total}")), "{out}");
        assert!(out.contains("« Compléter les explications »"), "how to complete them: {out}");
        assert_eq!(out.matches("<tr data-cf=").count(), 1);
        for e in plan.establishments.iter_mut() {
            e.explanation = Some(explained(&e.uai));
        }
        out.clear();
        section(&mut out, &plan);
        assert!(!out.contains("explications-partielles"), "every establishment explained: {out}");
        assert_eq!(out.matches("<tr data-cf=").count(), total);
    }
}
