//! The report's `#explications` section: for every establishment, its binding reason and its
//! counterfactual (the change, its cost with the proven interval, whether the decision is
//! proven or within the solver's tolerance, and what the best plan with the change does).
//! Absent when the plan carries no exact explanations (`plan --explain`).

use super::esc;
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
         dans la tolérance du solveur.</p><table class=\"sortable\" id=\"table-explications\"><thead><tr>\
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
            esc(&x.reason),
            esc(&interval),
            verdict,
            esc(&c.text),
            uai = esc(&e.uai),
        );
    }
    out.push_str("</tbody></table></section>");
}
