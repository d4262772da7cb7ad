//! `report.html`: one self-contained French page (inline CSS, inline SVG, a few lines of
//! inline JavaScript to sort the table; no network access, no external font) that a CTSS-D
//! can email or print to PDF.
//!
//! The header names what the report is about (`#contexte`, also in the `<title>`): the
//! instance, the scenario file, the run and the date, as [`ReportOptions::context`] gives them.
//!
//! Sections, in order: headline figures (`#chiffres`, each figure a `[data-kpi]` element; with
//! today's sectors, the continuity sentence `[data-kpi=continuite]`; by priority category, the
//! need covered as the summary gives it and the pupils of the served establishments, each
//! named, `#categories`), the plan's warnings when
//! it has some (`#avertissements`: the first five, the others folded),
//! comparison with the rule of thumb (`#comparaison`), equity figures by priority category and
//! bassin with the travel burden (`#equite`), the map (`#carte`, one `.etab` marker
//! per establishment; under it, up to two enlargements of a crowded city, `svg.zoom`), the
//! establishments table (`#etablissements`, one `tr[data-uai]` per
//! establishment, sortable), the exact explanations when computed (`#explications`), the
//! breadth–depth frontier when traced (`#frontiere`), one card per sector (`#secteurs`), with today's sectors what each
//! worker keeps, loses and gains against them (`#changements`), the differences with another
//! plan when given (`#differences`) and the run's parameters (`#parametres`).
//!
//! The committee's short version ([`ReportOptions::short`], `html/short.rs`) keeps the key figures,
//! what the committee must hear, the comparison, the map, the establishments left unserved,
//! one line per sector and the differences, and says in its header what the full one adds.

mod differences;
mod equity;
mod explanations;
mod frontier;
mod map;
mod map_labels;
mod map_legend;
mod print;
mod prose;
mod short;
mod style;
mod worker_changes;

pub use differences::Reference;
pub use frontier::{frontier_chart, frontier_svg};

pub use map::{map_svg, scale_bar_km, worker_index, zoom_svgs, Projection};
pub use prose::{prose, unquoted};

use crate::context::ReportContext;
use crate::error::ReportError;
use crate::frformat::{decimal, percent, readable};
use crate::manifest::scenario_rows;
use crate::palette::sector_colour;
use sectoria_core::french::{counted, half_days};
use sectoria_core::kpi::GroupCoverage;
use sectoria_core::scenario::Rules;
use sectoria_core::{Category, Kpis, Plan};
use std::fmt::Write as _;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

fn kpi(out: &mut String, key: &str, value: &str, label: &str) {
    let _ = write!(
        out,
        "<div class=\"kpi\" data-kpi=\"{key}\"><span class=\"valeur\">{}</span><span class=\"libelle\">{}</span></div>",
        esc(value),
        esc(label)
    );
}

fn headline(out: &mut String, plan: &Plan) {
    let k = &plan.kpis;
    out.push_str("<section id=\"chiffres\"><h2>Chiffres clés</h2><div class=\"kpis\">");
    kpi(
        out,
        "etp",
        &format!("{} / {}", decimal(k.fte_used, 1), decimal(k.fte_available, 1)),
        &format!("ETP attribués / disponibles après réserve ({} ETP en réserve)", decimal(k.fte_reserve, 1)),
    );
    kpi(out, "etablissements", &format!("{} / {}", k.establishments_served, k.establishments), "établissements servis");
    kpi(
        out,
        "eleves",
        &percent(share(k.pupils_served, k.pupils)),
        &format!("des élèves couverts ({} sur {})", readable(k.pupils_served, 0), readable(k.pupils, 0)),
    );
    kpi(out, "couverture", &percent(k.weighted_coverage), "couverture pondérée par la priorité");
    kpi(
        out,
        "km",
        &format!("{} km", decimal(k.km_per_worker_mean, 0)),
        &format!("par semaine et par assistant en moyenne (au plus {} km)", decimal(k.km_per_worker_max, 0)),
    );
    kpi(out, "assistants", &format!("{} / {}", k.workers_used, plan.workers.len()), "assistants ou postes mobilisés");
    out.push_str("</div>");
    // Against today's sectors, in the summary's words.
    if let Some(line) = crate::summary::continuity_line(plan) {
        let _ = write!(out, "<p class=\"continuite\" data-kpi=\"continuite\">{}.</p>", prose(&line));
    }
    // The need covered first, as the summary and Résultats give it (« REP+ 31/32 · 69,7 % »);
    // the pupils of the served establishments under their own name.
    out.push_str(
        "<table id=\"categories\"><thead><tr><th>Catégorie prioritaire</th><th>Établissements servis</th>\
         <th>Besoin couvert</th><th>Élèves des établissements servis</th></tr></thead><tbody>",
    );
    let row = |out: &mut String, code: &str, class: &str, label: &str, g: &GroupCoverage| {
        let _ = write!(
            out,
            "<tr data-categorie=\"{code}\"{class}><td>{}</td><td class=\"n\">{} / {}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{} / {} ({})</td></tr>",
            esc(label),
            g.served,
            g.establishments,
            percent(g.need_covered),
            readable(g.pupils_served, 0),
            readable(g.pupils, 0),
            percent(share(g.pupils_served, g.pupils))
        );
    };
    let levels = crate::levels::rep_plus_levels(plan);
    for c in k.by_category.iter().filter(|c| c.coverage.establishments > 0) {
        row(out, c.category.code(), "", &c.label, &c.coverage);
        // REP+: the collèges (mandatory by default) and the écoles apart.
        if let (Category::RepPlus, Some(levels)) = (c.category, &levels) {
            for l in levels {
                if let Some(g) = l.first {
                    let code = format!("{}_{}", c.category.code(), l.code);
                    row(out, &code, " class=\"partie\"", &format!("dont {}", l.label()), g);
                }
            }
        }
    }
    out.push_str("</tbody></table></section>");
}

/// `a − b` of the figures as the tables show them, each rounded to `decimals`, so that the three
/// columns add up on paper: « 2,3 | 2,3 | 0,0 », not the « +0,03 » of the unrounded figures.
fn gain(a: f64, b: f64, decimals: usize, unit: &str) -> String {
    let scale = 10f64.powi(decimals as i32);
    // `+ 0.0` turns a −0 into 0: no « -0,0 ».
    let d = ((a * scale).round() - (b * scale).round()) / scale + 0.0;
    format!("{}{}{unit}", if d > 0.0 { "+" } else { "" }, readable(d, decimals))
}

/// Which rows [`kpi_rows`] gives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KpiRows {
    /// Every figure (against the rule of thumb).
    All,
    /// Those the shared comparison list does not give ([`crate::indicators::indicators`]),
    /// for the rows of the differences after it.
    BesideIndicators,
}

/// Rows comparing two sets of figures: (label, a, b, a − b); `rules` say which REP+
/// establishments are mandatory.
fn kpi_rows(a: &Kpis, b: &Kpis, rules: &Rules, which: KpiRows) -> Vec<(String, String, String, String)> {
    let pct = |x: f64| percent(x);
    let all = which == KpiRows::All;
    let mut rows = Vec::new();
    if all {
        rows.push((
            "Établissements servis".to_string(),
            format!("{} / {}", a.establishments_served, a.establishments),
            format!("{} / {}", b.establishments_served, b.establishments),
            gain(a.establishments_served as f64, b.establishments_served as f64, 0, ""),
        ));
    }
    rows.push((
        "Élèves couverts".to_string(),
        pct(share(a.pupils_served, a.pupils)),
        pct(share(b.pupils_served, b.pupils)),
        gain(100.0 * share(a.pupils_served, a.pupils), 100.0 * share(b.pupils_served, b.pupils), 1, " pt"),
    ));
    let shared = [
        ("Couverture pondérée", a.weighted_coverage, b.weighted_coverage),
        ("Besoin couvert", a.need_covered, b.need_covered),
        ("Besoin couvert pondéré par la priorité", a.need_covered_weighted, b.need_covered_weighted),
    ];
    let own = [("Besoin couvert des établissements prioritaires", a.need_covered_priority, b.need_covered_priority)];
    for (label, x, y) in shared.into_iter().filter(|_| all).chain(own) {
        rows.push((label.to_string(), pct(x), pct(y), gain(100.0 * x, 100.0 * y, 1, " pt")));
    }
    rows.push((
        "Présence moyenne par établissement servi (demi-journées)".to_string(),
        decimal(a.presence_mean, 1),
        decimal(b.presence_mean, 1),
        gain(a.presence_mean, b.presence_mean, 1, ""),
    ));
    let levels = crate::levels::levels(a, b, rules);
    for (ca, cb) in a.by_category.iter().zip(&b.by_category).filter(|(c, _)| c.coverage.establishments > 0) {
        rows.push((
            format!("{} servis", ca.label),
            format!("{} / {}", ca.coverage.served, ca.coverage.establishments),
            format!("{} / {}", cb.coverage.served, cb.coverage.establishments),
            gain(ca.coverage.served as f64, cb.coverage.served as f64, 0, ""),
        ));
        // REP+: the collèges (mandatory by default) and the écoles apart.
        if let (Category::RepPlus, Some(levels)) = (ca.category, &levels) {
            let count = |g: Option<&GroupCoverage>| {
                g.map_or("—".to_string(), |g| format!("{} / {}", g.served, g.establishments))
            };
            for l in levels {
                let d = match (l.first, l.second) {
                    (Some(x), Some(y)) => gain(x.served as f64, y.served as f64, 0, ""),
                    _ => "—".to_string(),
                };
                rows.push((format!("{} servis : {}", ca.label, l.label()), count(l.first), count(l.second), d));
            }
        }
    }
    let own = [
        ("km par semaine et par assistant (moyenne)", a.km_per_worker_mean, b.km_per_worker_mean),
        ("km par semaine et par assistant (médiane)", a.km_per_worker_median, b.km_per_worker_median),
    ];
    let shared = [
        ("km par semaine au total", a.km_total, b.km_total),
        ("km par semaine d'un assistant (maximum)", a.km_per_worker_max, b.km_per_worker_max),
    ];
    for (label, x, y) in own.into_iter().chain(shared.into_iter().filter(|_| all)) {
        rows.push((label.to_string(), readable(x, 0), readable(y, 0), gain(x, y, 0, "")));
    }
    for (label, x, y) in [
        (
            "minutes de trajet par semaine et par assistant (moyenne)",
            a.minutes_per_worker_mean,
            b.minutes_per_worker_mean,
        ),
        ("minutes de trajet par semaine d'un assistant (maximum)", a.minutes_per_worker_max, b.minutes_per_worker_max),
    ] {
        if let (Some(x), Some(y)) = (x, y) {
            rows.push((label.to_string(), decimal(x, 0), decimal(y, 0), gain(x, y, 0, "")));
        }
    }
    if all {
        rows.push((
            "ETP attribués".to_string(),
            decimal(a.fte_used, 1),
            decimal(b.fte_used, 1),
            gain(a.fte_used, b.fte_used, 1, ""),
        ));
    }
    rows
}

fn comparison_table(out: &mut String, id: &str, head: [&str; 3], rows: &[(String, String, String, String)]) {
    let rows: Vec<Vec<&str>> = rows.iter().map(|(l, a, b, d)| vec![l.as_str(), a, b, d]).collect();
    figures_table(out, id, &head, &rows);
}

/// A table of figures: « Indicateur » then `head`; each row its label then one cell a column.
fn figures_table(out: &mut String, id: &str, head: &[&str], rows: &[Vec<&str>]) {
    let _ = write!(out, "<table id=\"{id}\"><thead><tr><th>Indicateur</th>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for cells in rows {
        let _ = write!(out, "<tr><td>{}</td>", esc(cells.first().copied().unwrap_or_default()));
        for c in cells.iter().skip(1) {
            let _ = write!(out, "<td class=\"n\">{}</td>", esc(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// The comparison with the rule of thumb (and today's sectors); with `points`, the objective's
/// row and its terms, which the committee's short version leaves out.
fn baseline(out: &mut String, plan: &Plan, points: bool) {
    use crate::today::TODAY_LABEL as TODAY;
    let rule = crate::trade::BASELINE_LABEL;
    let and_today = if plan.today.is_some() { " et les secteurs actuels" } else { "" };
    let _ = write!(
        out,
        "<section id=\"comparaison\"><h2>Comparaison avec la {}{and_today}</h2>",
        esc(&rule.to_lowercase())
    );
    let _ = write!(
        out,
        "<p>La {} est ce qu'un·e CTSS-D ferait à la main : les établissements sont classés par score de priorité ; \
         chacun reçoit la présence minimale de l'assistant le plus proche qui a de la place (les écoles REP+ avec \
         l'assistant de leur collège) ; puis les demi-journées restantes vont une à une à l'établissement servi dont \
         le besoin non couvert, pondéré par la priorité, est le plus grand, par son propre assistant. Elle utilise \
         tout le budget sauf si tous les besoins sont couverts.</p>",
        esc(&rule.to_lowercase())
    );
    let _ = write!(out, "<p id=\"arbitrage\"><strong>{}</strong></p>", prose(&crate::trade::plan_trade_sentence(plan)));
    let objective = |other: &sectoria_core::ObjectiveTerms| {
        (
            "Objectif".to_string(),
            readable(plan.objective.total, 1),
            readable(other.total, 1),
            gain(plan.objective.total, other.total, 1, ""),
        )
    };
    let mut rows = kpi_rows(&plan.kpis, &plan.baseline.kpis, &plan.scenario.rules, KpiRows::All);
    if points {
        rows.push(objective(&plan.baseline.objective));
    }
    match &plan.today {
        None => comparison_table(out, "table-comparaison", [crate::trade::plan_label(plan), rule, "Écart"], &rows),
        Some(today) => {
            // Today's sectors and the plan's difference with them, row by row as against the
            // rule of thumb (the rows are the same: same scope, same scenario).
            let _ = write!(
                out,
                "<p id=\"arbitrage-actuels\"><strong>{}</strong></p>",
                prose(&crate::today::today_trade_sentence(plan).unwrap_or_default())
            );
            let mut against = kpi_rows(&plan.kpis, &today.kpis, &plan.scenario.rules, KpiRows::All);
            if points {
                against.push(objective(&today.objective));
            }
            let cells: Vec<Vec<&str>> =
                rows.iter().zip(&against).map(|(r, t)| vec![r.0.as_str(), &r.1, &r.2, &r.3, &t.2, &t.3]).collect();
            let head = [crate::trade::plan_label(plan), rule, "Écart (plan − règle)", TODAY, "Écart (plan − actuels)"];
            figures_table(out, "table-comparaison", &head, &cells);
        }
    }
    let o = &plan.objective;
    let terms = format!(
        "Objectif = valeur de service {} − trajets {} − continuité {} − fragmentation {}.",
        readable(o.service_value, 1),
        readable(o.travel_cost, 1),
        readable(o.stability_cost, 1),
        readable(o.fragmentation_cost, 1)
    );
    let note = crate::summary::baseline_note(plan).map(|n| prose(&n));
    let note = [points.then_some(terms), note].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if !note.is_empty() {
        let _ = write!(out, "<p class=\"note\">{note}</p>");
    }
    let _ = write!(
        out,
        "{}</section>",
        crate::today::today_note(plan)
            .map(|n| format!("<p class=\"note\" id=\"note-actuels\">{}</p>", prose(&n)))
            .unwrap_or_default()
    );
}

fn explanation(plan: &Plan, e: &sectoria_core::plan::EstablishmentResult) -> String {
    let mut parts = Vec::new();
    if e.priority.bonuses.is_empty() {
        parts.push("priorité 1 (aucun bonus)".to_string());
    } else {
        let b: Vec<String> =
            e.priority.bonuses.iter().map(|b| format!("{} +{}", b.label, decimal(b.points, 1))).collect();
        parts.push(format!("priorité {} = 1 + {}", decimal(e.priority.score, 1), b.join(" + ")));
    }
    parts.push(format!("besoin {} ETP (facteur IPS {})", decimal(e.need_fte, 2), decimal(e.ips_factor, 2)));
    if e.allocated_units > 0 {
        let w: Vec<String> = e
            .workers
            .iter()
            .map(|w| {
                format!(
                    "{} ({} ETP, {} km)",
                    w.worker,
                    decimal(f64::from(w.units) * plan.scenario.budget.unit_fte, 1),
                    decimal(w.km, 1)
                )
            })
            .collect();
        parts.push(format!("servi par {}", w.join(", ")));
    }
    if e.must_cover {
        parts.push("couverture obligatoire".to_string());
    }
    if let Some(r) = &e.reason {
        parts.push(r.clone());
    }
    parts.join(" ; ")
}

fn num_cell(v: f64, text: String) -> String {
    format!("<td class=\"n\" data-v=\"{v}\">{}</td>", esc(&text))
}

fn establishments_table(out: &mut String, plan: &Plan) {
    let index = map::worker_index(plan);
    out.push_str(
        "<section id=\"etablissements\"><h2>Établissements</h2>\
         <p class=\"note ecran\">Cliquer sur un en-tête pour trier.</p><table class=\"sortable\" id=\"table-etablissements\"><thead><tr>\
         <th>UAI</th><th>Établissement</th><th>Type</th><th>Commune</th>\
         <th data-type=\"num\">Élèves</th><th data-type=\"num\">Priorité</th><th data-type=\"num\">Besoin (ETP)</th>\
         <th data-type=\"num\">ETP attribué</th><th>Assistant</th><th data-type=\"num\">Distance (km)</th>\
         <th>Explication</th></tr></thead><tbody>",
    );
    for e in &plan.establishments {
        let workers: Vec<String> = e
            .workers
            .iter()
            .map(|w| {
                let colour = index.get(w.worker.as_str()).map_or_else(|| "#888".to_string(), |&k| sector_colour(k));
                format!("<span class=\"pastille\" style=\"background:{colour}\"></span>{}", esc(&w.worker))
            })
            .collect();
        let km = e.workers.iter().map(|w| w.km).reduce(f64::max);
        let _ = write!(
            out,
            "<tr id=\"e-{uai}\" data-uai=\"{uai}\" class=\"{}\"><td>{uai}</td><td>{}</td><td>{}</td><td>{}</td>{}{}{}{}<td>{}</td>{}<td>{}</td></tr>",
            if e.allocated_units > 0 { "servi" } else { "non-servi" },
            esc(&e.name),
            esc(e.kind.label()),
            esc(&e.commune),
            num_cell(e.pupils, decimal(e.pupils, 0)),
            num_cell(e.priority.score, decimal(e.priority.score, 1)),
            num_cell(e.need_fte, decimal(e.need_fte, 2)),
            num_cell(e.allocated_fte, decimal(e.allocated_fte, 1)),
            workers.join("<br>"),
            km.map_or_else(|| "<td class=\"n\" data-v=\"-1\">—</td>".to_string(), |k| num_cell(k, decimal(k, 0))),
            prose(&explanation(plan, e)),
            uai = esc(&e.uai),
        );
    }
    out.push_str("</tbody></table></section>");
}

fn sector_cards(out: &mut String, plan: &Plan) {
    let unit = plan.scenario.budget.unit_fte;
    out.push_str("<section id=\"secteurs\"><h2>Secteurs</h2><div class=\"cartes\">");
    for (k, w) in plan.workers.iter().enumerate() {
        let _ = write!(
            out,
            "<article class=\"secteur\" data-worker=\"{}\" style=\"border-top-color:{}\"><h3>{}{}</h3><p>",
            esc(&w.id),
            sector_colour(k),
            esc(&w.id),
            w.name.as_ref().map(|n| format!(" — {}", esc(n))).unwrap_or_default()
        );
        let _ = write!(
            out,
            "Quotité {} ETP{} ; utilisés {} ETP ({} sur {}) ; {} km{} par semaine ; {} du second degré.",
            decimal(w.fte, 2),
            if crate::sectors::vacant(w) { " (poste à pourvoir)" } else { "" },
            decimal(f64::from(w.units_used) * unit, 1),
            half_days(w.units_used),
            w.capacity_units,
            decimal(w.weekly_km, 0),
            w.weekly_minutes.map(|m| format!(" et {} min de trajet", decimal(m, 0))).unwrap_or_default(),
            counted(w.secondary_establishments as u64, "établissement")
        );
        out.push_str("<br>Résidence administrative : ");
        match &w.base {
            None => out.push_str("aucune (poste non utilisé)"),
            Some(b) => {
                out.push_str(&esc(&crate::sectors::residence(w)));
                out.push_str(if b.chosen_by_model { " (choisie par le modèle)" } else { " (fixée)" });
            }
        }
        out.push_str("</p>");
        if w.sector.is_empty() {
            out.push_str("<p class=\"note\">Aucun établissement.</p>");
        } else {
            out.push_str("<table><thead><tr><th>Établissement</th><th>ETP</th><th>km</th></tr></thead><tbody>");
            for l in &w.sector {
                let _ = write!(
                    out,
                    "<tr><td><a href=\"#e-{}\">{}</a> <small>{}</small></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    esc(&l.uai),
                    esc(&l.name),
                    esc(&l.uai),
                    decimal(f64::from(l.units) * unit, 1),
                    decimal(l.km, 1)
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</article>");
    }
    out.push_str("</div></section>");
}

fn parameters(out: &mut String, plan: &Plan) {
    let s = &plan.solver;
    out.push_str("<section id=\"parametres\"><h2>Paramètres du calcul</h2>");
    let _ = write!(
        out,
        "<p>sectoria {} — plan.json format {}. Solveur : {} ; statut : {} ; objectif {} ; borne prouvée {} ; \
         {} ; {} variables, {} contraintes.</p>",
        esc(&plan.sectoria_version),
        plan.schema,
        esc(&s.engine),
        s.status.label(),
        readable(s.objective, 1),
        readable(s.best_bound, 1),
        crate::summary::tolerance_phrase(plan),
        readable(s.variables as f64, 0),
        readable(s.constraints as f64, 0)
    );
    out.push_str("<h3>Fichiers d'entrée</h3><table id=\"entrees\"><thead><tr><th>Fichier</th><th>Empreinte SHA-256</th></tr></thead><tbody>");
    for (file, hash) in &plan.inputs {
        let _ = write!(out, "<tr><td>{}</td><td><code>{}</code></td></tr>", esc(file), esc(hash));
    }
    out.push_str("</tbody></table>");
    if !plan.out_of_scope.is_empty() {
        let _ = write!(
            out,
            "<details><summary>{} hors périmètre</summary><ul>",
            counted(plan.out_of_scope.len() as u64, "établissement")
        );
        for (uai, why) in &plan.out_of_scope {
            let _ = write!(out, "<li>{} : {}</li>", esc(uai), prose(why));
        }
        out.push_str("</ul></details>");
    }
    out.push_str(
        "<details><summary>Scénario complet</summary><table id=\"scenario\"><thead><tr><th>Réglage</th>\
         <th>Clé du fichier de scénario</th><th>Valeur</th></tr></thead><tbody>",
    );
    for (k, v) in scenario_rows(plan) {
        // The locks as pairs (« 0990016E → ASS01 (0,3 ETP) »), not as JSON.
        let v = crate::labels::locks_value(&plan.scenario, &k).unwrap_or(v);
        // The French name first, the key (as written in the TOML file) in small type.
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"cle\"><code>{}</code></td><td>{}</td></tr>",
            esc(crate::labels::label(&k).unwrap_or("")),
            esc(&k),
            esc(&v)
        );
    }
    out.push_str("</tbody></table></details></section>");
}

/// The plan's warnings, right after the key figures: all of them when they are few; when more,
/// the first [`WARNINGS_SHOWN`] (as the terminal's summary) and the others folded under their
/// count (unfolded before printing).
fn warnings(out: &mut String, plan: &Plan) {
    let n = plan.warnings.len();
    if n == 0 {
        return;
    }
    let _ = write!(out, "<section id=\"avertissements\"><h2>Avertissements ({n})</h2><ul>");
    let item = |out: &mut String, w: &String| {
        let _ = write!(out, "<li>{}</li>", prose(w));
    };
    plan.warnings.iter().take(WARNINGS_SHOWN).for_each(|w| item(out, w));
    out.push_str("</ul>");
    if n > WARNINGS_SHOWN {
        let _ = write!(out, "<details><summary>… et {}</summary><ul>", counted((n - WARNINGS_SHOWN) as u64, "autre"));
        plan.warnings.iter().skip(WARNINGS_SHOWN).for_each(|w| item(out, w));
        out.push_str("</ul></details>");
    }
    out.push_str("</section>");
}

/// Warnings shown open in the report; more are folded under their count.
pub const WARNINGS_SHOWN: usize = 5;

/// How to render `report.html`, beyond the plan.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions<'a> {
    /// A reference plan (another scenario, or last year's): a section lists the establishments
    /// whose allocation or worker differs.
    pub compare: Option<&'a Plan>,
    /// GeoJSON text (WGS84) drawn under the map; the map is framed on the plan's
    /// establishments and bases, not on the background layer.
    pub basemap: Option<&'a str>,
    /// What the report is about: instance, scenario file, run, date (the header's context line).
    pub context: ReportContext,
    /// What the differences section says of the reference plan (`compare`) beyond its figures:
    /// the two plans' files and what their calculations were given differently.
    pub reference: Reference,
    /// The committee's short version (`sectoria report --court`, `html/short.rs`): the key figures,
    /// what the committee must hear, the comparison with the rule of thumb and today's sectors,
    /// the map, the establishments left unserved with the lead sentence of their reason and one
    /// line per sector; its header says what the full report adds.
    pub short: bool,
}

/// The header's context line: « Instance <strong>demo</strong> · scénario … », and the same as
/// plain text for the `<title>`; `None` when nothing is known.
fn context_line(plan: &Plan, context: &ReportContext) -> Option<(String, String)> {
    let parts = context.parts(plan);
    if parts.is_empty() {
        return None;
    }
    let mut html = Vec::new();
    let mut text = Vec::new();
    for (what, value) in &parts {
        if what.is_empty() {
            html.push(esc(value));
            text.push(value.clone());
        } else {
            html.push(format!("{what} <strong>{}</strong>", esc(value)));
            text.push(format!("{what} {value}"));
        }
    }
    let mut html = html.join(" · ");
    // « Instance demo · … »: the line starts with a capital (every part starts with a letter).
    if let Some(first) = html.chars().next() {
        html = format!("{}{}", first.to_uppercase(), &html[first.len_utf8()..]);
    }
    Some((html, text.join(" · ")))
}

/// Renders `report.html` for `plan`. `compare`, when given, is a reference plan (another
/// scenario, or last year's): a section lists the establishments whose allocation or worker
/// differs. `basemap`, when given, is GeoJSON text (WGS84) drawn under the map; the map is
/// framed on the plan's establishments and bases, not on the background layer. The header
/// names only the scenario file the plan records: [`html_report_with`] says more.
///
/// # Errors
/// [`ReportError::Basemap`] when `basemap` is not GeoJSON.
pub fn html_report(plan: &Plan, compare: Option<&Plan>, basemap: Option<&str>) -> Result<String, ReportError> {
    html_report_with(plan, &ReportOptions { compare, basemap, ..ReportOptions::default() })
}

/// Renders `report.html` for `plan` with `options` (reference plan, basemap, context line).
///
/// # Errors
/// [`ReportError::Basemap`] when `options.basemap` is not GeoJSON.
pub fn html_report_with(plan: &Plan, options: &ReportOptions<'_>) -> Result<String, ReportError> {
    let (compare, basemap) = (options.compare, options.basemap);
    let svg = map_svg(plan, basemap)?;
    let zooms = zoom_svgs(plan, basemap)?;
    let context = context_line(plan, &options.context);
    let mut out = String::with_capacity(256 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(
        out,
        "<title>Répartition des assistants de service social — {}</title><style>",
        esc(context.as_ref().map_or("plan sectoria", |(_, text)| text.as_str()))
    );
    out.push_str(style::CSS);
    out.push_str(print::PRINT_CSS);
    out.push_str("</style></head><body><header><h1>Répartition des assistants de service social</h1>");
    if let Some((html, _)) = &context {
        let _ = write!(out, "<p id=\"contexte\">{html}</p>");
    }
    let short = options.short;
    // The committee's version says the solver's result without points.
    let solver = if short {
        crate::summary::plain_solver_phrase(plan)
    } else {
        format!("{} ({})", plan.solver.status.label(), crate::summary::tolerance_phrase(plan))
    };
    let _ = write!(
        out,
        "<p>Plan sectoria : {} établissements, {} assistants ou postes. Solveur : {solver}.</p>",
        plan.establishments.len(),
        plan.workers.len(),
    );
    if short {
        short::pointer(&mut out, plan);
    }
    out.push_str("</header><main>");
    headline(&mut out, plan);
    if short {
        short::committee(&mut out, plan);
    } else {
        warnings(&mut out, plan);
    }
    baseline(&mut out, plan, !short);
    if !short {
        equity::equity(&mut out, plan);
    }
    out.push_str("<section id=\"section-carte\"><h2>Carte des secteurs</h2>");
    out.push_str(&svg);
    out.push_str(
        "<p class=\"note\">Projection équirectangulaire (longitudes réduites par le cosinus de la latitude moyenne).\
         <span class=\"ecran\"> Survoler un disque pour le détail, cliquer pour atteindre sa ligne du tableau.</span></p>",
    );
    for (n, (zoom, count)) in zooms.iter().enumerate() {
        let _ = write!(
            out,
            "<figure class=\"agrandissement\"><h3>Agrandissement {} : la zone la plus dense{} ({count} établissements, \
             encadrée en pointillé {})</h3>{zoom}</figure>",
            n + 1,
            if n == 0 { "" } else { " de la précédente" },
            if n == 0 { "sur la carte" } else { "sur l'agrandissement précédent" }
        );
    }
    out.push_str("</section>");
    if short {
        short::unserved(&mut out, plan);
        short::sectors(&mut out, plan);
    } else {
        establishments_table(&mut out, plan);
        explanations::section(&mut out, plan);
        frontier::section(&mut out, plan);
        sector_cards(&mut out, plan);
        worker_changes::section(&mut out, plan);
    }
    if let Some(other) = compare {
        differences::section(&mut out, plan, other, &options.reference, options.context.scenario.as_deref());
    }
    if !short {
        parameters(&mut out, plan);
    }
    out.push_str("</main><script>");
    out.push_str(style::SORT_JS);
    out.push_str("</script></body></html>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    /// The difference is that of the figures shown, in both comparison tables.
    #[test]
    fn a_difference_is_that_of_the_rounded_figures_shown() {
        assert_eq!(gain(2.34, 2.31, 1, ""), "0,0");
        assert_eq!(gain(3.57, 3.54, 1, ""), "+0,1");
        assert_eq!(gain(38.64, 45.76, 1, " pt"), "-7,2 pt");
        assert_eq!(gain(106.0, 118.0, 0, ""), "-12");
        assert_eq!(gain(1935.4, 2713.4, 0, ""), "-778");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<a href=\"x\">L'été & co</a>"), "&lt;a href=&quot;x&quot;&gt;L&#39;été &amp; co&lt;/a&gt;");
    }

    /// The scenario table shows the locks as pairs in French, not as the JSON of the scenario.
    #[test]
    fn the_parameters_show_locks_as_pairs() {
        use sectoria_core::scenario::{ForbiddenPair, LockedPair};
        let mut plan = small_plan();
        plan.scenario.locks.assign =
            vec![LockedPair { uai: "0310001A".into(), worker: "ASS01".into(), fte: Some(0.3) }];
        plan.scenario.locks.forbid = vec![ForbiddenPair { uai: "0310002B".into(), worker: "ASS02".into() }];
        let mut out = String::new();
        parameters(&mut out, &plan);
        assert!(out.contains("<td>0310001A → ASS01 (0,3 ETP)</td>"), "{out}");
        assert!(out.contains("<td>0310002B ✕ ASS02</td>"), "{out}");
        assert!(!out.contains("&quot;uai&quot;") && !out.contains("\"uai\""), "{out}");
    }

    #[test]
    fn explanation_lists_bonuses_need_and_worker() {
        let plan = small_plan();
        let e = plan.establishments.iter().find(|e| e.uai == "0310004D").expect("REP+ collège");
        let text = explanation(&plan, e);
        assert!(text.contains("REP+ +2,0"), "{text}");
        assert!(text.contains("servi par ASS02"), "{text}");
        let unserved = plan.establishments.iter().find(|e| e.uai == "0310003C").expect("unserved");
        assert!(explanation(&plan, unserved).contains("besoin"));
    }
}
