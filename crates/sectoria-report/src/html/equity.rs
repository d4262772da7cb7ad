//! The equity section (`#equite`): need covered and presence by priority category and by bassin
//! (plan against the rule of thumb), and the travel burden of the workers (the largest weekly
//! km against the median).

use super::esc;
use crate::frformat::{decimal, percent, readable};
use crate::trade::BASELINE_LABEL;
use sectoria_core::kpi::GroupCoverage;
use sectoria_core::{Category, Plan};
use std::fmt::Write as _;

fn pair(a: String, b: String) -> String {
    format!("<td class=\"n\">{}</td><td class=\"n\">{}</td>", esc(&a), esc(&b))
}

/// The table's head: the groups' names over pairs of columns, then under each pair which plan
/// each column is (a printout keeps no sentence above the table).
fn head(out: &mut String, first: &str, groups: &[&str], plan: &str, rule: &str) {
    let _ = write!(out, "<thead><tr><th rowspan=\"2\">{}</th>", esc(first));
    for g in groups {
        let _ = write!(out, "<th colspan=\"2\">{}</th>", esc(g));
    }
    out.push_str("</tr><tr class=\"plans\">");
    for _ in groups {
        let _ = write!(out, "<th>{}</th><th>{}</th>", esc(plan), esc(rule));
    }
    out.push_str("</tr></thead><tbody>");
}

/// Writes the section.
pub fn equity(out: &mut String, plan: &Plan) {
    let (k, b) = (&plan.kpis, &plan.baseline.kpis);
    let rule = esc(&BASELINE_LABEL.to_lowercase());
    let plan_label = crate::trade::plan_label(plan);
    out.push_str("<section id=\"equite\"><h2>Équité</h2>");
    let _ = write!(
        out,
        "<p>Sous chaque indicateur, la colonne « {} » puis la colonne « {} ». Besoin couvert : part des \
         demi-journées de besoin estimé attribuées (au plus le besoin de chaque établissement).</p>",
        esc(plan_label),
        esc(BASELINE_LABEL)
    );
    out.push_str("<table id=\"equite-categories\">");
    head(
        out,
        "Catégorie prioritaire",
        &[
            "Servis",
            "Besoin couvert",
            "Présence moyenne (demi-journées)",
            "km/semaine des assistants qui la servent (médiane / max)",
        ],
        plan_label,
        BASELINE_LABEL,
    );
    let levels = crate::levels::rep_plus_levels(plan);
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
        // REP+: the collèges (mandatory by default) and the écoles apart.
        if let (Category::RepPlus, Some(levels)) = (c.category, &levels) {
            for l in levels {
                let _ = write!(
                    out,
                    "<tr data-categorie=\"{}_{}\" class=\"partie\"><td>dont {}</td>",
                    c.category.code(),
                    l.code,
                    esc(&l.label())
                );
                let dash = || "—".to_string();
                let of = |g: Option<&GroupCoverage>, f: &dyn Fn(&GroupCoverage) -> String| g.map_or_else(dash, f);
                out.push_str(&pair(
                    of(l.first, &|g| format!("{} / {}", g.served, g.establishments)),
                    of(l.second, &|g| format!("{} / {}", g.served, g.establishments)),
                ));
                out.push_str(&pair(
                    of(l.first, &|g| percent(g.need_covered)),
                    of(l.second, &|g| percent(g.need_covered)),
                ));
                out.push_str(&pair(
                    of(l.first, &|g| decimal(g.presence_mean, 1)),
                    of(l.second, &|g| decimal(g.presence_mean, 1)),
                ));
                out.push_str(&pair(dash(), dash()));
                out.push_str("</tr>");
            }
        }
    }
    out.push_str("</tbody></table>");
    if k.by_bassin.is_empty() {
        out.push_str(
            "<p class=\"note\">Aucun bassin n'est renseigné dans les établissements : pas de détail par bassin.</p>",
        );
    } else {
        out.push_str("<table id=\"equite-bassins\">");
        head(
            out,
            "Bassin",
            &["Servis", "Élèves couverts", "Besoin couvert", "Besoin couvert pondéré", "Présence moyenne"],
            plan_label,
            BASELINE_LABEL,
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

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::kpi::LevelSplit;
    use sectoria_core::test_support::small_plan;

    /// Every figure column says which plan it is, under its group's name: a printout of the
    /// table, without the sentence above it, reads alone.
    #[test]
    fn each_column_says_which_plan_it_is() {
        let mut plan = small_plan();
        let mut out = String::new();
        equity(&mut out, &plan);
        let table = out
            .split("<table id=\"equite-categories\">")
            .nth(1)
            .and_then(|t| t.split("</thead>").next())
            .expect("head");
        let second = table.split("<tr class=\"plans\">").nth(1).expect("second header row");
        assert_eq!(second.matches("<th>Plan optimisé</th><th>Règle usuelle</th>").count(), 4, "{table}");
        // A plan left on the rule of thumb's says so there too.
        plan.solver.status = sectoria_core::plan::SolveStatus::TimeLimit;
        plan.baseline.objective = plan.objective;
        let mut out = String::new();
        equity(&mut out, &plan);
        assert!(out.contains("<th>Plan retenu (règle usuelle)</th><th>Règle usuelle</th>"), "{out}");
        assert!(!out.contains("plan optimisé"), "{out}");
    }

    /// The REP+ collèges and écoles have their own rows under REP+.
    #[test]
    fn rep_plus_colleges_and_ecoles_have_their_rows() {
        let mut plan = small_plan();
        let g = sectoria_core::test_support::served_of;
        for (k, ecoles) in [(&mut plan.kpis, 0), (&mut plan.baseline.kpis, 4)] {
            let c = k.by_category.iter_mut().find(|c| c.category == Category::RepPlus).expect("REP+");
            c.by_level = Some(LevelSplit { colleges: g(1, 1), ecoles: g(ecoles, 8) });
        }
        let mut out = String::new();
        equity(&mut out, &plan);
        assert!(out.contains("<tr data-categorie=\"rep_plus_colleges\" class=\"partie\"><td>dont collèges (obligatoires)</td><td class=\"n\">1 / 1</td><td class=\"n\">1 / 1</td>"), "{out}");
        assert!(
            out.contains("<td>dont écoles (non obligatoires)</td><td class=\"n\">0 / 8</td><td class=\"n\">4 / 8</td>"),
            "{out}"
        );
    }
}
