//! The section « Par rapport aux secteurs actuels » (`#changements`): worker by worker, each
//! establishment that changes against `current.csv` — lost (taken over by whom, or why nobody
//! serves it any more), gained (from whom, or newly served), more or less time — in half-days
//! today and in the plan ([`crate::worker_changes`]). Absent without today's sectors.

use super::esc;
use crate::worker_changes::{absent_phrase, closing, rows, units_phrase, worker_label, HEADER, TITLE};
use sectoria_core::today::workers::worker_changes;
use sectoria_core::Plan;
use std::fmt::Write as _;

/// Writes the section, when the plan has today's sectors line by line.
pub fn section(out: &mut String, plan: &Plan) {
    let Some(c) = worker_changes(plan) else { return };
    let _ = write!(
        out,
        "<section id=\"changements\"><h2>{TITLE}</h2><p>Pour chaque assistant, les établissements de current.csv \
         (secteurs actuels) ou du plan qui changent : ce qu'il perd, au profit de qui ou pourquoi l'établissement \
         n'est plus servi (la première phrase de son motif), ce qu'il gagne et de qui, en demi-journées aujourd'hui \
         et dans le plan.</p>"
    );
    let rows = rows(&c);
    if rows.is_empty() {
        out.push_str("<p>Aucun assistant ne change d'établissement ni de temps.</p>");
    } else {
        out.push_str("<table id=\"changements-assistants\"><thead><tr>");
        for h in [HEADER[2], HEADER[3], "Aujourd'hui", "Plan", HEADER[6], HEADER[7]] {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr></thead><tbody>");
        let mut current = None;
        for r in &rows {
            if current != Some(&r.worker.worker) {
                current = Some(&r.worker.worker);
                let who = if r.worker.described { worker_label(r.worker) } else { absent_phrase(r.worker) };
                let _ = write!(
                    out,
                    "<tr class=\"assistant\" data-worker=\"{}\"><th colspan=\"6\">{} : {}</th></tr>",
                    esc(&r.worker.worker),
                    esc(&who),
                    esc(&units_phrase(r.worker))
                );
            }
            let _ = write!(
                out,
                "<tr data-worker=\"{}\" data-uai=\"{}\"><td><a href=\"#e-{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.worker.worker),
                esc(&r.site.uai),
                esc(&r.site.uai),
                esc(&r.site.uai),
                esc(&r.site.name),
                r.site.today_units,
                r.site.plan_units,
                r.change,
                esc(&r.detail)
            );
        }
        out.push_str("</tbody></table>");
    }
    for line in closing(&c) {
        let _ = write!(out, "<p>{}.</p>", esc(&line));
    }
    out.push_str("</section>");
}
