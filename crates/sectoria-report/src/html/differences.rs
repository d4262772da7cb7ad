//! The differences with a reference plan (`#differences`, `sectoria report --compare`), in the
//! order and words of `sectoria compare`: the reference is plan A (before), this plan is plan B
//! (after). The section names both plans (their files and scenarios) and what the two
//! calculations were given differently, then compares their figures (A, B, B − A: first those of
//! `sectoria compare`, the shared list of [`crate::indicators`], then the report's others) and
//! lists the establishments that change.

use super::{comparison_table, esc, kpi_rows, num_cell, prose, KpiRows};
use crate::compare::{establishment_changes, worker_alone_note, EstablishmentChange, Evolution};
use crate::context::scenario_input;
use crate::frformat::decimal;
use sectoria_core::Plan;
use std::fmt::Write as _;

/// What the report says of its reference plan beyond its figures, as the caller knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reference {
    /// The reference plan (A) as the user named it (« p_b18/plan.json »).
    pub name: Option<String>,
    /// This plan (B) as the user named it.
    pub this_name: Option<String>,
    /// What the two calculations were given differently, as `sectoria compare` prints it
    /// (`sectoria_scenarios::compare::InputDifferences`, which this crate cannot call: that crate
    /// depends on this one): a first line, then one line per difference indented by two spaces
    /// (« Ce que les deux calculs ont reçu de différent : » then « Budget (ETP)
    /// [budget.total_fte] : 18 (A) → 20 (B) »). `None`: not computed by the caller, and the
    /// section says where to read it.
    pub inputs: Option<String>,
}

/// « p_b18/plan.json (scénario b18.toml) », « le plan donné (scénario b18.toml) ».
fn named(name: Option<&str>, scenario: Option<&str>, fallback: &str) -> String {
    let mut text = match name {
        Some(n) => format!("<strong>{}</strong>", esc(n)),
        None => fallback.to_string(),
    };
    if let Some(s) = scenario {
        let _ = write!(text, " (scénario {})", esc(s));
    }
    text
}

/// The inputs' differences as HTML: the first line as a paragraph, the indented lines as a list.
fn inputs_html(text: &str) -> String {
    let mut out = String::from("<div id=\"entrees-differentes\">");
    let mut list = false;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match line.strip_prefix("  ") {
            Some(item) => {
                if !list {
                    out.push_str("<ul>");
                    list = true;
                }
                let _ = write!(out, "<li>{}</li>", prose(item.trim()));
            }
            None => {
                if list {
                    out.push_str("</ul>");
                    list = false;
                }
                let _ = write!(out, "<p>{}</p>", prose(line.trim()));
            }
        }
    }
    if list {
        out.push_str("</ul>");
    }
    out.push_str("</div>");
    out
}

/// Appends the `#differences` section: from `other` (the reference, plan A) to `plan` (B).
/// `scenario` is this plan's scenario file when the caller knows it.
pub(super) fn section(out: &mut String, plan: &Plan, other: &Plan, reference: &Reference, scenario: Option<&str>) {
    // The reference's interchangeable posts named after this plan's, so that the table shows
    // the sectors that change, not posts named in another order.
    let (other, renamed) = sectoria_core::interchange::name_posts_after(plan, other);
    let changes: Vec<_> =
        establishment_changes(&other, plan).into_iter().filter(|c| c.evolution != Evolution::Unchanged).collect();
    out.push_str("<section id=\"differences\"><h2>Différences avec le plan de référence</h2>");
    let _ = write!(
        out,
        "<p id=\"plans-compares\">Plan de référence (A) : {}. Ce plan (B) : {}.</p>",
        named(reference.name.as_deref(), scenario_input(&other), "le plan donné en référence"),
        named(reference.this_name.as_deref(), scenario.or_else(|| scenario_input(plan)), "ce rapport")
    );
    match &reference.inputs {
        Some(text) => out.push_str(&inputs_html(text)),
        None => out.push_str(
            "<p class=\"note\" id=\"entrees-differentes\">Ce que les deux calculs ont reçu de différent (fichiers, \
             réglages du scénario) n'est pas donné ici : <code>sectoria compare A/plan.json B/plan.json</code> le \
             dit.</p>",
        ),
    }
    // A then B, as `sectoria compare`: its figures first, in its order and words (the shared
    // list), then the report's others; the difference is B − A, of the figures as shown.
    let shared = crate::indicators::indicators(&other, plan);
    let rows: Vec<_> = shared
        .iter()
        .map(|i| {
            let (a, b) = (i.readable_with_unit(i.before), i.readable_with_unit(i.after));
            (i.label.to_string(), a, b, i.signed_difference_with_unit())
        })
        .chain(
            kpi_rows(&plan.kpis, &other.kpis, &plan.scenario.rules, KpiRows::BesideIndicators)
                .into_iter()
                .map(|(label, b, a, d)| (label, a, b, d)),
        )
        .collect();
    comparison_table(out, "table-ecarts-chiffres", ["Plan de référence (A)", "Ce plan (B)", "Écart (B − A)"], &rows);
    for note in shared.iter().filter_map(|i| i.note.as_deref()) {
        let _ = write!(out, "<p class=\"note budget-limite\">{}.</p>", prose(note));
    }
    // The changes of time or presence listed; those of the worker alone, at the same time,
    // counted and listed apart, folded (often equally good variants).
    let (alone, timed): (Vec<&EstablishmentChange>, Vec<&EstablishmentChange>) =
        changes.iter().partition(|c| c.only_worker_changes());
    let n = changes.len() as u64;
    let _ = write!(
        out,
        "<p id=\"changements-compte\">Du plan de référence (A) à ce plan (B) : {} d'allocation ou d'assistant{}.</p>",
        if n >= 2 { format!("{n} établissements changent") } else { format!("{n} établissement change") },
        if alone.is_empty() {
            String::new()
        } else {
            format!(" : {} de temps ou de présence, {} d'assistant seulement, à temps égal", timed.len(), alone.len())
        }
    );
    if !renamed.is_empty() {
        let _ = write!(
            out,
            "<p class=\"note\" id=\"postes-renommes\">{}</p>",
            prose(&sectoria_core::interchange::renaming_note(
                "du plan de référence",
                "de ce plan",
                "dans le plan de référence",
                &renamed
            ))
        );
    }
    let unit = (other.scenario.budget.unit_fte, plan.scenario.budget.unit_fte);
    changes_table(out, "table-differences", &timed, unit);
    if !alone.is_empty() {
        // The note begins with the count: no capital to make.
        let _ = write!(
            out,
            "<details id=\"changements-assistant\"><summary>{}.</summary>",
            prose(&worker_alone_note(&other, plan, &alone))
        );
        changes_table(out, "table-changements-assistant", &alone, unit);
        out.push_str("</details>");
    }
    out.push_str("</section>");
}

/// The table `id` of the establishments `changes` (nothing when there is none), each plan's
/// half-days in its own unit: `unit` = (A's ETP per half-day, B's).
fn changes_table(out: &mut String, id: &str, changes: &[&EstablishmentChange], unit: (f64, f64)) {
    if changes.is_empty() {
        return;
    }
    let fte = |units: u32, unit: f64, present: bool| {
        let v = f64::from(units) * unit;
        if present {
            num_cell(v, decimal(v, 1))
        } else {
            num_cell(-1.0, "—".to_string())
        }
    };
    let _ = write!(
        out,
        "<table class=\"sortable\" id=\"{id}\"><thead><tr><th>UAI</th><th>Établissement</th>\
         <th>Changement</th><th data-type=\"num\">ETP avant (A)</th><th data-type=\"num\">ETP après (B)</th>\
         <th>Assistant avant (A)</th><th>Assistant après (B)</th></tr></thead><tbody>"
    );
    for c in changes {
        let _ = write!(
            out,
            "<tr class=\"change\" data-uai=\"{}\"><td>{}</td><td>{}</td><td>{}</td>{}{}<td>{}</td><td>{}</td></tr>",
            esc(&c.uai),
            esc(&c.uai),
            esc(&c.name),
            prose(&c.describe()),
            fte(c.units_before, unit.0, c.evolution != Evolution::OnlyInB),
            fte(c.units_after, unit.1, c.evolution != Evolution::OnlyInA),
            esc(&c.workers_before.join(", ")),
            esc(&c.workers_after.join(", "))
        );
    }
    out.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    #[test]
    fn the_reference_s_interchangeable_posts_are_named_after_this_plan_s() {
        // Two posts generated from the budget, of the same quotité: interchangeable.
        let mut plan = small_plan();
        for w in &mut plan.workers {
            w.generated = true;
            w.fte = 1.0;
        }
        // The reference: the same sectors under swapped names.
        let mut reference = plan.clone();
        let swap = |id: &mut String| *id = if id == "ASS01" { "ASS02".to_string() } else { "ASS01".to_string() };
        for w in &mut reference.workers {
            swap(&mut w.id);
        }
        for e in &mut reference.establishments {
            for w in &mut e.workers {
                swap(&mut w.worker);
            }
        }
        let none = Reference::default();
        let mut out = String::new();
        section(&mut out, &plan, &reference, &none, None);
        assert!(out.contains(": 0 établissement change "), "{out}");
        assert!(out.contains("id=\"postes-renommes\"") && out.contains("ASS01 → ASS02"), "{out}");
        // Without the posts being interchangeable, the table lists the swapped sectors.
        let mut people = plan.clone();
        people.workers.iter_mut().for_each(|w| w.generated = false);
        reference.workers.iter_mut().for_each(|w| w.generated = false);
        let mut out = String::new();
        section(&mut out, &people, &reference, &none, None);
        assert!(!out.contains("postes-renommes") && !out.contains(": 0 établissement change "), "{out}");
    }

    /// « Présence moyenne 2,3 | 2,3 | +0,03 » read as an error: the difference is that of the
    /// figures shown.
    #[test]
    fn a_difference_follows_the_rounded_figures_shown() {
        let mut reference = small_plan();
        let mut plan = small_plan();
        reference.kpis.presence_mean = 2.31;
        plan.kpis.presence_mean = 2.34;
        let mut out = String::new();
        section(&mut out, &plan, &reference, &Reference::default(), None);
        assert!(out.contains("<td>Présence moyenne par établissement servi (demi-journées)</td><td class=\"n\">2,3</td><td class=\"n\">2,3</td><td class=\"n\">0,0</td>"), "{out}");
    }

    /// The shared rows write their unit as the report's own rows below them (« 85,3 % »,
    /// « +1,2 pt »); the budget's note is a class, not an id, as a row may have one each.
    #[test]
    fn the_shared_rows_write_their_unit() {
        let reference = small_plan();
        let mut plan = small_plan();
        plan.kpis.need_covered = reference.kpis.need_covered + 0.012;
        plan.scenario.budget.total_fte = Some(0.5);
        let mut out = String::new();
        section(&mut out, &plan, &reference, &Reference::default(), None);
        let pct = |x: f64| format!("{} %", decimal(100.0 * x, 1));
        let row = format!(
            "<td>Besoin couvert (%)</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">+1,2 pt</td>",
            pct(reference.kpis.need_covered),
            pct(plan.kpis.need_covered)
        );
        assert!(out.contains(&row), "{row}\n{out}");
        assert!(
            out.contains("<p class=\"note budget-limite\">B est limité") && !out.contains("id=\"budget-limite\""),
            "{out}"
        );
    }

    /// Establishments whose worker alone changes are counted in the sentence and listed apart,
    /// folded, under what would avoid them.
    #[test]
    fn changes_of_worker_alone_are_folded_apart() {
        let reference = small_plan();
        let mut plan = small_plan();
        plan.establishments[0].workers[0].worker = "ASS02".to_string();
        plan.establishments[1].allocated_units += 1;
        let mut out = String::new();
        section(&mut out, &plan, &reference, &Reference::default(), None);
        assert!(
            out.contains(
                "2 établissements changent d'allocation ou d'assistant : 1 de temps ou de présence, 1 d'assistant \
                 seulement, à temps égal.</p>"
            ),
            "{out}"
        );
        let (table, folded) = out
            .split_once(
                "<details id=\"changements-assistant\"><summary>1 changement d&#39;assistant sans changement de temps",
            )
            .expect("folded apart");
        let (a, b) = (&plan.establishments[0].uai, &plan.establishments[1].uai);
        assert!(table.contains(&format!("data-uai=\"{b}\"")) && !table.contains(&format!("data-uai=\"{a}\"")), "{out}");
        assert!(
            folded.contains("id=\"table-changements-assistant\"") && folded.contains(&format!("data-uai=\"{a}\"")),
            "{out}"
        );
        // No change of worker alone: no count, nothing folded.
        plan.establishments[0].workers[0].worker = reference.establishments[0].workers[0].worker.clone();
        out.clear();
        section(&mut out, &plan, &reference, &Reference::default(), None);
        assert!(
            out.contains("1 établissement change d'allocation ou d'assistant.</p>") && !out.contains("<details"),
            "{out}"
        );
    }

    #[test]
    fn the_inputs_read_as_a_paragraph_and_a_list() {
        let html = inputs_html(
            "Ce que les deux calculs ont reçu de différent :\n  fichier workers.csv : contenu différent\n  Budget \
             (ETP) [budget.total_fte] : 18 (A) → 20 (B)\n",
        );
        assert_eq!(
            html,
            "<div id=\"entrees-differentes\"><p>Ce que les deux calculs ont reçu de différent :</p><ul><li>fichier \
             workers.csv : contenu différent</li><li>Budget (ETP) [budget.total_fte] : 18 (A) → 20 (B)</li></ul></div>"
        );
        assert_eq!(
            inputs_html("Données et scénario : les mêmes pour A et B.\n"),
            "<div id=\"entrees-differentes\"><p>Données et scénario : les mêmes pour A et B.</p></div>"
        );
    }
}
