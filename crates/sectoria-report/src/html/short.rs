//! The committee's short report (`sectoria report --court`, [`super::ReportOptions::short`]):
//! what a consultation committee reads in a meeting, in a few printed pages. After the key
//! figures, what the committee must hear (`#avertissements`, « À dire au comité »: a budget above
//! or below the workers' time, a mandatory establishment left unserved, a plan that is the rule of
//! thumb's or that a better one beats, a broken rule; the workers who left are in the continuity
//! line of the key figures); then the comparison with the rule of thumb and today's sectors, the
//! map, the establishments left unserved with the lead sentence of their reason (`#non-servis`)
//! and one line per worker's sector (`#secteurs`). Everything else — the table of every
//! establishment, the exact explanations, equity, the changes worker by worker, the frontier,
//! the notes on the data, the solver's figures and the parameters — is in the full report, as
//! the header's line says (`#version-courte`).

use super::{esc, prose};
use crate::frformat::decimal;
use sectoria_core::plan::{EstablishmentResult, WorkerResult};
use sectoria_core::reason::split_lead;
use sectoria_core::Plan;
use std::fmt::Write as _;

/// How the warnings a committee must hear begin or what they say, as the web application's
/// Résultats sorts them « À dire au comité » (crates/sectoria-web/assets/app.js,
/// `COMMITTEE_WARNINGS`): a time limit that left the rule of thumb's plan
/// ([`sectoria_core::plan::TIME_LIMIT_ON_RULE_OF_THUMB`]), a better plan known (the scenarios'
/// `BETTER_PLAN_KNOWN`, which this crate cannot import), a broken rule. The budget against the
/// workers' time is said in plain words instead ([`budget_sentence`]).
fn for_committee(warning: &str) -> bool {
    warning.starts_with(sectoria_core::plan::TIME_LIMIT_ON_RULE_OF_THUMB)
        || warning.starts_with("un plan meilleur que celui-ci est connu")
        || warning.contains("enfreint")
        || warning.contains("enfreindrait")
}

/// How the core's warning on the budget against the workers' time begins (said by
/// [`budget_sentence`] in a committee's words, so it is no note left out).
const BUDGET_WARNING: &str = "budget.total_fte";

/// The budget against the workers' time in a committee's words, as the core compares them (the
/// scenario's budget with its extra posts against the time of every worker and post): above, the
/// extra ETP have no worker and change nothing; below, employed workers' time gets no
/// establishment. `None` when they match, without a budget, or with no worker of `workers.csv`
/// (the posts are then made of the budget).
fn budget_sentence(plan: &Plan) -> Option<String> {
    let budget = plan.scenario.budget.total_with_extra_posts()?;
    if plan.workers.iter().all(|w| w.generated) {
        return None;
    }
    let staff: f64 = plan.workers.iter().map(|w| w.fte).sum();
    let etp = |x: f64| decimal(x, 1);
    // The reserve comes off what is distributed, as the core counts it.
    let reserve = plan.scenario.budget.reserve_fte;
    let at_most = |of: f64| {
        if reserve > 1e-9 {
            format!(
                "le plan peut en répartir au plus {} ETP, la réserve de {} ETP retirée",
                etp((of - reserve).max(0.0)),
                etp(reserve)
            )
        } else {
            format!("le plan peut en répartir au plus {} ETP", etp(of))
        }
    };
    if budget > staff + 1e-9 {
        Some(format!(
            "Le budget demandé ({} ETP) dépasse le temps des assistants ({} ETP) : les {} ETP de plus n'ont pas \
             d'assistant et ne changent rien au plan ; {}.",
            etp(budget),
            etp(staff),
            etp(budget - staff),
            at_most(staff)
        ))
    } else if budget < staff - 1e-9 {
        Some(format!(
            "Le budget demandé ({} ETP) est inférieur de {} ETP au temps des assistants ({} ETP) : ce temps d'assistants \
             employés ne reçoit aucun établissement, sans qu'aucun poste soit supprimé ; {}.",
            etp(budget),
            etp(staff - budget),
            etp(staff),
            at_most(budget)
        ))
    } else {
        None
    }
}

/// « Collège Jean Moulin (Perpignan) »: two establishments of the same name are told apart.
fn named(e: &EstablishmentResult) -> String {
    if e.commune.is_empty() {
        e.name.clone()
    } else {
        format!("{} ({})", e.name, e.commune)
    }
}

/// What the committee must hear, as sentences (HTML): the budget, the mandatory establishments
/// left unserved, then the plan's warnings for the committee.
fn committee_sentences(plan: &Plan) -> Vec<String> {
    let mut said: Vec<String> = budget_sentence(plan).iter().map(|s| esc(s)).collect();
    let must: Vec<String> =
        plan.establishments.iter().filter(|e| e.must_cover && e.allocated_units == 0).map(named).collect();
    if !must.is_empty() {
        let noun = if must.len() >= 2 {
            "Établissements à couverture obligatoire non servis"
        } else {
            "Établissement à couverture obligatoire non servi"
        };
        said.push(format!("{noun} : {}.", esc(&must.join(", "))));
    }
    said.extend(plan.warnings.iter().filter(|w| for_committee(w)).map(|w| prose(&capitalised(w))));
    said
}

/// `text` with a capital first letter, as a sentence of the list.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The plan's warnings the short report leaves to the full one: the notes on the data and the
/// budget.
fn notes_left_out(plan: &Plan) -> usize {
    plan.warnings.iter().filter(|w| !for_committee(w) && !w.starts_with(BUDGET_WARNING)).count()
}

/// « a, b et c ».
fn listed(parts: &[String]) -> String {
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
    }
}

/// The header's line: this is the committee's version, and what the full report adds (only
/// what it has for this plan; the differences with a reference plan, when given, stay in both).
pub fn pointer(out: &mut String, plan: &Plan) {
    let explained = super::explanations::explained(plan);
    let n = plan.establishments.len();
    let mut parts = vec![match explained {
        0 => format!("le tableau des {n} établissements avec le motif détaillé de chacun"),
        e if e == n => format!("le tableau des {n} établissements avec le motif détaillé, l'explication exacte et le contrefactuel de chacun"),
        e => format!("le tableau des {n} établissements avec le motif détaillé de chacun, et l'explication exacte et le contrefactuel de {e} d'entre eux"),
    }];
    parts.push("l'équité par catégorie et par bassin".to_string());
    if sectoria_core::today::workers::worker_changes(plan).is_some() {
        parts.push("ce que chaque assistant garde, perd et gagne face aux secteurs actuels".to_string());
    }
    if plan.frontier.is_some() {
        parts.push("la frontière largeur–profondeur".to_string());
    }
    match notes_left_out(plan) {
        0 => {}
        1 => parts.push("une note sur les données et le budget".to_string()),
        k => parts.push(format!("{k} notes sur les données et le budget")),
    }
    parts.push("les paramètres du calcul".to_string());
    let _ = write!(
        out,
        "<p id=\"version-courte\"><strong>Version courte pour le comité.</strong> Le rapport complet de ce plan donne en \
         plus {}.</p>",
        esc(&listed(&parts))
    );
}

/// « À dire au comité », right after the key figures (in the warnings' place and style);
/// nothing when there is nothing to say.
pub fn committee(out: &mut String, plan: &Plan) {
    let said = committee_sentences(plan);
    if said.is_empty() {
        return;
    }
    let _ = write!(out, "<section id=\"avertissements\"><h2>À dire au comité ({})</h2><ul>", said.len());
    for s in &said {
        let _ = write!(out, "<li>{s}</li>");
    }
    out.push_str("</ul></section>");
}

/// The establishments left unserved, highest priority first, each with the lead sentence of its
/// reason (« En bref »; the whole reason when it has none).
pub fn unserved(out: &mut String, plan: &Plan) {
    let mut left: Vec<&EstablishmentResult> = plan.establishments.iter().filter(|e| e.allocated_units == 0).collect();
    left.sort_by(|a, b| b.priority.score.total_cmp(&a.priority.score).then(b.pupils.total_cmp(&a.pupils)));
    let _ = write!(out, "<section id=\"non-servis\"><h2>Établissements non servis ({})</h2>", left.len());
    if left.is_empty() {
        out.push_str("<p>Tous les établissements sont servis.</p></section>");
        return;
    }
    out.push_str(
        "<p class=\"note\">Les plus prioritaires d'abord ; pour chacun, la première phrase de son motif (le rapport \
         complet donne le détail).</p><table id=\"table-non-servis\" style=\"width:100%\"><thead><tr><th>Établissement</th>\
         <th>Type</th><th>Élèves</th><th>Priorité</th><th>En bref</th></tr></thead><tbody>",
    );
    for e in left {
        let why = e.reason.as_deref().map_or(String::new(), |r| match split_lead(r) {
            (Some(lead), _) => format!("{lead}."),
            (None, detail) => detail.to_string(),
        });
        let _ = write!(
            out,
            "<tr data-uai=\"{uai}\"><td>{} <small>{uai}</small></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td>{}</td></tr>",
            esc(&named(e)),
            esc(e.kind.label()),
            decimal(e.pupils, 0),
            decimal(e.priority.score, 1),
            prose(&why),
            uai = esc(&e.uai),
        );
    }
    out.push_str("</tbody></table></section>");
}

/// Where `w` starts from: its residence's establishment by name, else the residence as the
/// sector cards give it; « (choisie par le modèle) » when the plan chose it.
fn residence(plan: &Plan, w: &WorkerResult) -> String {
    let Some(base) = &w.base else { return String::new() };
    let site = base.uai.as_deref().and_then(|u| plan.establishments.iter().find(|e| e.uai == u));
    let place = site.map_or_else(|| crate::sectors::residence(w), named);
    if base.chosen_by_model {
        format!("{place} (choisie par le modèle)")
    } else {
        place
    }
}

/// One row per worker: who, where from, half-days used of their quotité, km a week, and their
/// establishments with their half-days.
pub fn sectors(out: &mut String, plan: &Plan) {
    out.push_str(
        "<section id=\"secteurs\"><h2>Secteurs</h2><table id=\"table-secteurs\" style=\"width:100%\"><thead><tr>\
         <th>Assistant</th><th>Demi-journées attribuées / quotité</th><th>km par semaine</th>\
         <th style=\"width:50%\">Établissements (demi-journées par semaine)</th></tr></thead><tbody>",
    );
    for w in &plan.workers {
        let who = w.name.as_ref().map_or_else(|| w.id.clone(), |n| format!("{} — {n}", w.id));
        let from = residence(plan, w);
        let vacant = if crate::sectors::vacant(w) { " (poste à pourvoir)" } else { "" };
        let sites: Vec<String> = w
            .sector
            .iter()
            .filter(|l| l.units > 0)
            .map(|l| {
                let name = plan.establishments.iter().find(|e| e.uai == l.uai).map_or_else(|| l.name.clone(), named);
                format!("{}&nbsp;: {}", esc(&name), l.units)
            })
            .collect();
        let _ = write!(
            out,
            "<tr data-worker=\"{}\"><td>{}{vacant}{}</td><td class=\"n\">{} / {}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&w.id),
            esc(&who),
            if from.is_empty() { String::new() } else { format!("<br><small>résidence : {}</small>", esc(&from)) },
            w.units_used,
            w.capacity_units,
            decimal(w.weekly_km, 0),
            if sites.is_empty() { "aucun établissement".to_string() } else { sites.join("<br>") },
        );
    }
    out.push_str("</tbody></table></section>");
}
