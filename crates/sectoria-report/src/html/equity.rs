//! The equity section (`#equite`): need covered and presence by priority category and by bassin
//! (plan against the rule of thumb), and the travel burden of the workers (the largest weekly
//! km against the median).

use super::esc;
use crate::frformat::{decimal, percent, readable};
use crate::trade::BASELINE_LABEL;
use sectoria_core::Plan;
use std::fmt::Write as _;

fn pair(a: String, b: String) -> String {
    format!("<td class=\"n\">{}</td><td class=\"n\">{}</td>", esc(&a), esc(&b))
}

/// Writes the section.
pub fn equity(out: &mut String, plan: &Plan) {
    let (k, b) = (&plan.kpis, &plan.baseline.kpis);
    let rule = esc(&BASELINE_LABEL.to_lowercase());
    out.push_str("<section id=\"equite\"><h2>Équité</h2>");
    let _ = write!(
        out,
        "<p>Chaque paire de colonnes donne le plan optimisé puis la {rule}. Besoin couvert : part des \
         demi-journées de besoin estimé attribuées (au plus le besoin de chaque établissement).</p>"
    );
    out.push_str(
        "<table id=\"equite-categories\"><thead><tr><th>Catégorie prioritaire</th><th colspan=\"2\">Servis</th>\
         <th colspan=\"2\">Besoin couvert</th><th colspan=\"2\">Présence moyenne (demi-journées)</th>\
         <th colspan=\"2\">km/semaine des assistants qui la servent (médiane / max)</th></tr></thead><tbody>",
    );
    for (c, cb) in k.by_category.iter().zip(&b.by_category).filter(|(c, _)| c.coverage.establishments > 0) {
        let _ = write!(out, "<tr data-categorie=\"{}\"><td>{}</td>", c.category.code(), esc(&c.label));
        out.push_str(&pair(
            format!("{} / {}", c.coverage.served, c.coverage.establishments),
            format!("{} / {}", cb.coverage.served, cb.coverage.establishments),
        ));
        out.push_str(&pair(percent(c.coverage.need_covered), percent(cb.coverage.need_covered)));
        out.push_str(&pair(decimal(c.coverage.presence_mean, 1), decimal(cb.coverage.presence_mean, 1)));
        out.push_str(&pair(
            format!("{} / {}", decimal(c.km_per_worker_median, 0), decimal(c.km_per_worker_max, 0)),
            format!("{} / {}", decimal(cb.km_per_worker_median, 0), decimal(cb.km_per_worker_max, 0)),
        ));
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if k.by_bassin.is_empty() {
        out.push_str(
            "<p class=\"note\">Aucun bassin n'est renseigné dans les établissements : pas de détail par bassin.</p>",
        );
    } else {
        out.push_str(
            "<table id=\"equite-bassins\"><thead><tr><th>Bassin</th><th colspan=\"2\">Servis</th>\
             <th colspan=\"2\">Élèves couverts</th><th colspan=\"2\">Besoin couvert</th>\
             <th colspan=\"2\">Besoin couvert pondéré</th><th colspan=\"2\">Présence moyenne</th></tr></thead><tbody>",
        );
        for bc in &k.by_bassin {
            let other = b.by_bassin.iter().find(|x| x.bassin == bc.bassin);
            let g = |f: fn(&sectoria_core::kpi::BassinCoverage) -> f64| other.map_or(0.0, f);
            let share = |p: f64, t: f64| if t > 0.0 { p / t } else { 0.0 };
            let _ = write!(out, "<tr data-bassin=\"{}\"><td>{}</td>", esc(&bc.bassin), esc(&bc.bassin));
            out.push_str(&pair(
                format!("{} / {}", bc.coverage.served, bc.coverage.establishments),
                format!("{} / {}", other.map_or(0, |x| x.coverage.served), bc.coverage.establishments),
            ));
            out.push_str(&pair(
                percent(share(bc.coverage.pupils_served, bc.coverage.pupils)),
                percent(share(g(|x| x.coverage.pupils_served), bc.coverage.pupils)),
            ));
            out.push_str(&pair(percent(bc.coverage.need_covered), percent(g(|x| x.coverage.need_covered))));
            out.push_str(&pair(
                percent(bc.coverage.need_covered_weighted),
                percent(g(|x| x.coverage.need_covered_weighted)),
            ));
            out.push_str(&pair(decimal(bc.coverage.presence_mean, 1), decimal(g(|x| x.coverage.presence_mean), 1)));
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    let ratio = |max: f64, median: f64| {
        if median > 0.0 {
            format!(" ({} fois la médiane)", decimal(max / median, 1))
        } else {
            String::new()
        }
    };
    let _ = write!(
        out,
        "<p id=\"equite-trajets\">Charge de trajet : l'assistant le plus chargé fait {} km par semaine, contre une \
         médiane de {} km{} ; avec la {rule}, {} km contre {} km{}. Total : {} km par semaine (contre {} km).</p></section>",
        decimal(k.km_per_worker_max, 0),
        decimal(k.km_per_worker_median, 0),
        esc(&ratio(k.km_per_worker_max, k.km_per_worker_median)),
        decimal(b.km_per_worker_max, 0),
        decimal(b.km_per_worker_median, 0),
        esc(&ratio(b.km_per_worker_max, b.km_per_worker_median)),
        readable(k.km_total, 0),
        readable(b.km_total, 0),
    );
}
