//! The report's `#explications` section: for every establishment, its binding reason and its
//! counterfactual (the change, its cost with the proven interval, whether the decision is
//! proven or within the solver's tolerance, and what the best plan with the change does).
//! Absent when the plan carries no exact explanations (`plan --explain`); when only some
//! establishments carry one (explanations stopped in the web application), it says how many.

use super::{esc, prose};
use crate::frformat::decimal;
use sectoria_core::counterfactual::SiteDelta;
use sectoria_core::french::half_days;
use sectoria_core::reason::{differences_in_chain, points_meaning};
use sectoria_core::Plan;
use std::fmt::Write as _;

/// The establishments with an exact explanation.
pub fn explained(plan: &Plan) -> usize {
    plan.establishments.iter().filter(|e| e.explanation.is_some()).count()
}

/// Appends the section to `out` (nothing when the plan has no exact explanation).
pub fn section(out: &mut String, plan: &Plan) {
    let explained = explained(plan);
    if explained == 0 {
        return;
    }
    out.push_str(
        "<section id=\"explications\"><h2>Explications et contrefactuels</h2>\
         <p class=\"note\">Pour chaque établissement : la raison qui fixe son attribution et le coût du changement \
         contraire (le servir s'il ne l'est pas, le retirer s'il l'est), calculé par une nouvelle résolution. \
         L'intervalle prouvé tient compte des écarts des deux résolutions ; quand il contient zéro, la décision est \
         dans la tolérance du solveur.</p>",
    );
    // What the costs are counted in, once.
    let _ = write!(out, "<p class=\"note\" id=\"explications-points\">{}</p>", prose(&points_meaning(&plan.scenario)));
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
            "<tr data-cf=\"{uai}\" class=\"{}\"><td>{uai}</td><td>{}</td><td>{}</td>{cost}<td>{}</td><td>{}</td><td>{}{}</td></tr>",
            if c.proven { "prouvee" } else { "tolerance" },
            esc(&e.name),
            prose(&x.reason),
            esc(&interval),
            verdict,
            prose(&c.text),
            worker_alone_list(&c.text, &c.differences),
            uai = esc(&e.uai),
        );
    }
    out.push_str("</tbody></table></section>");
}

/// The changes of worker alone (same time) among `differences` that the paragraph `text` counts
/// without naming them, listed folded: those outside the chain of the change
/// ([`differences_in_chain`]), which the paragraph names itself, or all of them in a paragraph
/// written before the chain was named apart. Empty when there is none, or when `text` names
/// them itself (a plan written before they were counted apart: its paragraph lists them inline).
fn worker_alone_list(text: &str, differences: &[SiteDelta]) -> String {
    let chain_named = text.contains(CHAIN);
    let alone: Vec<&SiteDelta> = differences
        .iter()
        .zip(differences_in_chain(differences))
        .filter(|(d, linked)| d.only_worker_changes() && !(chain_named && *linked))
        .map(|(d, _)| d)
        .collect();
    if alone.is_empty() || !text.contains(SAME_TIME) {
        return String::new();
    }
    let mut out = format!(
        "<details class=\"changements-assistant\"><summary>{}</summary><ul>",
        match alone.len() {
            1 => "Voir le changement d'assistant sans changement de temps".to_string(),
            n => format!("Voir les {n} changements d'assistant sans changement de temps"),
        }
    );
    for d in alone {
        let _ = write!(
            out,
            "<li>{} ({}) : {} → {}, {}</li>",
            esc(&d.uai),
            esc(&d.name),
            esc(&d.worker_before),
            esc(&d.worker_after),
            half_days(d.units_after)
        );
    }
    out.push_str("</ul></details>");
    out
}

/// What the paragraph of a counterfactual says of the changes of worker alone that it counts.
const SAME_TIME: &str = "d'assistant sans changement de temps";

/// What the paragraph of a counterfactual says of the changes of worker alone in the chain of
/// the change, which it names (`sectoria_scenarios::counterfactual`).
const CHAIN: &str = "qui accompagne";

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan written before the changes of worker alone were counted apart names them in its
    /// paragraph: they are not listed a second time.
    #[test]
    fn an_older_paragraph_that_names_the_swaps_gets_no_second_list() {
        let swap = SiteDelta {
            uai: "0310001A".into(),
            name: "Collège A".into(),
            worker_before: "ASS01".into(),
            worker_after: "ASS02".into(),
            units_before: 4,
            units_after: 4,
        };
        let older = "0310001A : change d'assistant (ASS01 → ASS02)";
        assert_eq!(worker_alone_list(older, std::slice::from_ref(&swap)), "");
        let newer = "et 1 changement d'assistant sans changement de temps (même présence, autre assistant)";
        assert!(worker_alone_list(newer, &[swap]).contains("0310001A (Collège A) : ASS01 → ASS02"));
    }
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

    /// The changes of worker alone (same time) of a counterfactual are listed under its
    /// paragraph, folded; its changes of time are not.
    #[test]
    fn the_changes_of_worker_alone_can_be_opened() {
        let mut plan = small_plan();
        let mut x = explained("0310001A");
        let delta = |uai: &str, before: u32, after: u32, wb: &str, wa: &str| SiteDelta {
            uai: uai.into(),
            name: format!("Lycée {uai}"),
            units_before: before,
            units_after: after,
            worker_before: wb.into(),
            worker_after: wa.into(),
        };
        x.counterfactual.differences = vec![
            delta("0310001A", 0, 2, "", "HG21"),
            delta("0310036W", 4, 4, "HG32", "HG53"),
            delta("0310041B", 3, 3, "HG53", "HG32"),
        ];
        x.counterfactual.text = "et 2 changements d'assistant sans changement de temps".into();
        plan.establishments[0].explanation = Some(x);
        let mut out = String::new();
        section(&mut out, &plan);
        assert!(
            out.contains(
                "et 2 changements d&#39;assistant sans changement de temps<details class=\"changements-assistant\"><summary>Voir les 2 changements d'assistant sans \
                 changement de temps</summary><ul><li>0310036W (Lycée 0310036W) : HG32 → HG53, 4 demi-journées</li>\
                 <li>0310041B (Lycée 0310041B) : HG53 → HG32, 3 demi-journées</li></ul></details></td></tr>"
            ),
            "{out}"
        );
        assert!(!out.contains("<li>0310001A"), "{out}");
    }

    /// Collège Denys Puech (Aveyron, session 49): the paragraph names the change of worker that
    /// frees ASS04's time (the chain); only the swap between two workers whose time does not
    /// change is folded under « Voir le changement d'assistant sans changement de temps ». What
    /// a point is comes once, at the head of the section.
    #[test]
    fn only_the_changes_of_worker_outside_the_chain_are_folded() {
        let delta = |uai: &str, before: u32, after: u32, wb: &str, wa: &str| SiteDelta {
            uai: uai.into(),
            name: format!("Collège {uai}"),
            units_before: before,
            units_after: after,
            worker_before: wb.into(),
            worker_after: wa.into(),
        };
        let differences = vec![
            delta("0120028R", 0, 2, "", "ASS04"),
            delta("0120011X", 2, 2, "ASS04", "ASS08"),
            delta("0120099A", 2, 2, "ASS02", "ASS03"),
        ];
        let text =
            "… et 1 changement d'assistant qui accompagne ce changement (…) : 0120011X (Collège 0120011X) passe \
                    de ASS04 à ASS08 ; et 1 changement d'assistant sans changement de temps (…)";
        let list = worker_alone_list(text, &differences);
        assert!(list.contains("Voir le changement d'assistant sans") && list.contains("<li>0120099A"), "{list}");
        assert!(!list.contains("0120011X"), "{list}");
        // A paragraph written before the chain was named counts both: both are listed.
        let older = "… et 2 changements d'assistant sans changement de temps (…)";
        assert!(worker_alone_list(older, &differences).contains("<li>0120011X"));
        let mut plan = small_plan();
        let uai = plan.establishments[0].uai.clone();
        plan.establishments[0].explanation = Some(explained(&uai));
        let mut out = String::new();
        section(&mut out, &plan);
        assert_eq!(out.matches("Points : l&#39;unité de la valeur de service").count(), 1, "{out}");
        assert!(out.find("id=\"explications-points\"") < out.find("<table"), "{out}");
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
