//! The French summary printed on the terminal after planning.

use crate::frformat::{decimal, percent, readable};
use crate::today::TODAY_LABEL;
use crate::trade::{plan_trade_sentence, BASELINE_LABEL};
use sectoria_core::french::counted;
use sectoria_core::{Kpis, Plan};
use std::fmt::Write as _;

fn coverage(k: &Kpis, i: usize) -> String {
    let c = &k.by_category[i];
    format!("{}/{} · {}", c.coverage.served, c.coverage.establishments, percent(c.coverage.need_covered))
}

/// A part of a category as [`coverage`] writes it; « — » for figures without it.
fn group(g: Option<&sectoria_core::kpi::GroupCoverage>) -> String {
    g.map_or_else(|| "—".to_string(), |g| format!("{}/{} · {}", g.served, g.establishments, percent(g.need_covered)))
}

/// The solver's status line: status, proven gap in % and in objective points, bound and wall
/// time.
pub fn status_line(plan: &Plan, elapsed_s: Option<f64>) -> String {
    format!(
        "Statut : {}{}",
        solver_phrase(plan),
        elapsed_s.map(|t| format!(" — {} s", decimal(t, 2))).unwrap_or_default()
    )
}

/// The solver's status with its tolerance, as every output shows it: « écart relatif atteint
/// (écart prouvé 0,06 %, soit 42,9 points d'objectif au plus ; borne 75 079,4) ».
pub fn solver_phrase(plan: &Plan) -> String {
    let sv = &plan.solver;
    let better = better_known(plan).map_or_else(String::new, |gain| {
        format!(
            " ; un plan meilleur de {} {}, dans cette tolérance, a été trouvé par les contrefactuels : voir les \
             avertissements",
            readable(gain, 1),
            sectoria_core::french::point_noun(gain, 1)
        )
    });
    format!("{} ({} ; borne {}){better}", sv.status.label(), tolerance_phrase(plan), readable(sv.best_bound, 1))
}

/// By how many objective points the best plan found by the plan's counterfactuals beats it, when
/// one does (by more than 1e-6 of its objective, as the warning of `sectoria-scenarios` counts):
/// the plan's status says so beside its tolerance, so that its figures are not read as the best.
pub fn better_known(plan: &Plan) -> Option<f64> {
    let z = plan.objective.total;
    let margin = 1e-6 * z.abs().max(1.0);
    plan.establishments
        .iter()
        .filter_map(|e| e.explanation.as_ref()?.counterfactual.objective)
        .map(|o| o - z)
        .filter(|&gain| gain > margin)
        .reduce(f64::max)
}

/// The proven gap in % and in objective points (bound − objective: no plan can beat this one by
/// more): « écart prouvé 0,06 %, soit 42,9 points d'objectif au plus ».
pub fn tolerance_phrase(plan: &Plan) -> String {
    format!(
        "écart prouvé {}, soit {} {} d'objectif au plus",
        gap_percent(plan.solver.relative_gap),
        tolerance_points(plan),
        sectoria_core::french::point_noun((plan.solver.best_bound - plan.solver.objective).max(0.0), 1)
    )
}

/// The solver's result in a committee's words, without points: « plan optimal », « plan optimal
/// à 0,03 % près » (the proven gap), and the time limit when the solver stopped on it.
pub fn plain_solver_phrase(plan: &Plan) -> String {
    let gap = gap_percent(plan.solver.relative_gap);
    let plain = if gap == "0 %" { "plan optimal".to_string() } else { format!("plan optimal à {gap} près") };
    match plan.solver.status {
        sectoria_core::SolveStatus::TimeLimit => format!("{plain} (calcul arrêté à sa limite de temps)"),
        _ => plain,
    }
}

/// The proven gap in objective points, one decimal.
pub fn tolerance_points(plan: &Plan) -> String {
    readable((plan.solver.best_bound - plan.solver.objective).max(0.0), 1)
}

/// A relative gap in %, with the decimals a tight gap needs: one from 1 %, two below (0,06 %
/// rather than 0,1 %), and more below 0,01 % (0,004 % rather than 0,00 %); « 0 % » when even
/// six decimals show nothing (an optimal plan's gap of 2·10⁻¹⁶ read « 0,000000 % »).
pub fn gap_percent(gap: f64) -> String {
    format!("{} %", decimal((100.0 * gap).max(0.0), gap_places(gap)))
}

/// The decimals [`gap_percent`] shows `gap` with (the workbook's percent format follows them):
/// none for a gap that six decimals would show as zero.
pub fn gap_places(gap: f64) -> usize {
    let pct = (100.0 * gap).max(0.0);
    if pct >= 1.0 {
        1
    } else if pct < 0.5e-6 {
        0
    } else {
        ((-pct.log10()).ceil() as usize).clamp(2, 6)
    }
}

/// What the rule of thumb leaves unused, and whether it breaks a rule of the scenario.
pub fn baseline_note(plan: &Plan) -> Option<String> {
    let b = &plan.baseline;
    let mut parts = Vec::new();
    if b.fte_left > 1e-9 {
        let why = match (&b.why_left, b.needs_met) {
            (_, true) => "tous les besoins sont couverts".to_string(),
            (Some(w), false) => w.clone(),
            (None, false) => "les assistants des établissements servis n'ont plus de place".to_string(),
        };
        let left = decimal(b.fte_left, 1);
        // French: below two, the participle stays singular (« 0,2 ETP inutilisé »).
        let plural = if b.fte_left >= 2.0 - 0.05 { "s" } else { "" };
        parts.push(format!("la {} laisse {left} ETP inutilisé{plural} ({why})", BASELINE_LABEL.to_lowercase()));
    }
    if !b.feasible {
        // The rules broken with their figures (plans written before they were recorded: none).
        let which = if b.broken_rules.is_empty() {
            String::new()
        } else {
            format!(
                " : {} ; la comparaison se fait donc avec un plan que ce scénario interdit",
                b.broken_rules.join(" ; ")
            )
        };
        parts
            .push(format!("la {} ne respecte pas toutes les règles du scénario{which}", BASELINE_LABEL.to_lowercase()));
    }
    if parts.is_empty() {
        return None;
    }
    let text = parts.join(" ; ");
    let mut c = text.chars();
    Some(c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default() + ".")
}

/// Whether the plan was computed against today's sectors (`current.csv` among its inputs).
pub fn has_current_sectors(plan: &Plan) -> bool {
    let k = &plan.kpis;
    k.changed_units > 0
        || k.changed_establishments > 0
        || plan.inputs.keys().any(|f| std::path::Path::new(f).file_name().is_some_and(|n| n == "current.csv"))
}

/// What the plan changes against today's sectors, as every output says it (no final period):
/// « Continuité : 32 établissements changent d'assistant ou de temps, 87 demi-journées
/// déplacées », then the part forced by workers who have left (`departed_part`). `None`
/// without today's sectors: there is nothing to change from, and « 0 » would read as « nothing
/// changes ».
pub fn continuity_line(plan: &Plan) -> Option<String> {
    if !has_current_sectors(plan) {
        return None;
    }
    let k = &plan.kpis;
    if k.changed_establishments == 0 && k.changed_units == 0 {
        return Some(
            "Continuité : aucun établissement ne change d'assistant ni de temps, aucune demi-journée déplacée"
                .to_string(),
        );
    }
    Some(format!(
        "Continuité : {} {} d'assistant ou de temps, {}{}",
        counted(k.changed_establishments as u64, "établissement"),
        if k.changed_establishments >= 2 { "changent" } else { "change" },
        counted(k.changed_units, "demi-journée déplacée"),
        departed_part(plan)
    ))
}

/// Establishments of each kind [`departed_part`] names before counting the rest.
const DEPARTED_NAMED: usize = 6;

/// The establishments left by workers no longer in `workers.csv`, counted among those that
/// change: « ; dont 2 établissements laissés par des assistants partis (ASS05, ASS16) : 1 repris
/// (0660809W par NOUV3), 1 sans assistant (0660038H) ». Empty when no one has left.
fn departed_part(plan: &Plan) -> String {
    if plan.departed.is_empty() {
        return String::new();
    }
    let mut workers: Vec<&str> = plan.departed.iter().map(|d| d.worker.as_str()).collect();
    workers.sort_unstable();
    workers.dedup();
    // An establishment two departed workers shared is one establishment.
    let mut by_uai: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for d in &plan.departed {
        by_uai.entry(d.uai.as_str()).or_default().extend(d.served_by.iter().map(String::as_str));
    }
    let (mut taken, mut left) = (Vec::new(), Vec::new());
    for (uai, mut by) in by_uai {
        by.sort_unstable();
        by.dedup();
        match by.split_last() {
            None => left.push(uai.to_string()),
            Some((last, [])) => taken.push(format!("{uai} par {last}")),
            Some((last, rest)) => taken.push(format!("{uai} par {} et {last}", rest.join(", "))),
        }
    }
    let n = taken.len() + left.len();
    let listed = |items: &[String]| {
        let mut text = items.iter().take(DEPARTED_NAMED).cloned().collect::<Vec<_>>().join(", ");
        if items.len() > DEPARTED_NAMED {
            text += &format!(" et {}", counted((items.len() - DEPARTED_NAMED) as u64, "autre"));
        }
        text
    };
    let mut parts = Vec::new();
    if !taken.is_empty() {
        parts.push(format!("{} repris ({})", taken.len(), listed(&taken)));
    }
    if !left.is_empty() {
        parts.push(format!("{} sans assistant ({})", left.len(), listed(&left)));
    }
    // Their half-days today are not among the half-days moved (a departure is no decision of
    // the plan, and neither the penalty nor the cap on changes counts it): said beside them.
    let unit = plan.scenario.budget.unit_fte;
    let units: f64 = plan.departed.iter().map(|d| (d.fte_today / unit).round()).sum();
    format!(
        " ; dont {} {} par {} ({}, {} aujourd'hui, hors des demi-journées déplacées) : {}",
        counted(n as u64, "établissement"),
        if n >= 2 { "laissés" } else { "laissé" },
        if workers.len() >= 2 { "des assistants partis" } else { "un assistant parti" },
        workers.join(", "),
        sectoria_core::french::half_days(units as u64),
        parts.join(", ")
    )
}

/// Renders the summary. `elapsed_s`, when given, is the wall time of the run (kept out of
/// `plan.json` so that outputs are reproducible byte for byte).
pub fn summary(plan: &Plan, elapsed_s: Option<f64>) -> String {
    let mut s = String::new();
    let k = &plan.kpis;
    let b = &plan.baseline.kpis;
    let sv = &plan.solver;
    let _ = writeln!(s, "Plan sectoria — répartition des assistants de service social");
    let _ = writeln!(s, "{}", status_line(plan, elapsed_s));
    let _ = writeln!(
        s,
        "Modèle : {} variables, {} contraintes ({})",
        readable(sv.variables as f64, 0),
        readable(sv.constraints as f64, 0),
        sv.engine
    );
    let _ = writeln!(
        s,
        "ETP : {} attribués sur {} disponibles après réserve (réserve {})",
        decimal(k.fte_used, 1),
        decimal(k.fte_available, 1),
        decimal(k.fte_reserve, 1)
    );
    let _ = writeln!(s);
    // « Plan optimisé », unless a time limit left the rule of thumb's plan; then the rule of
    // thumb and, with current.csv, today's sectors, each row computed alike for all three.
    let head = crate::trade::plan_label(plan);
    let width = 18.max(head.chars().count() + 2);
    let today = plan.today.as_ref();
    let third = today.map(|_| format!("{TODAY_LABEL:>18}")).unwrap_or_default();
    let _ = writeln!(s, "{:<36}{head:>width$}{:>18}{third}", "", BASELINE_LABEL);
    let line = |label: &str, a: String, b: String, t: Option<String>| {
        let t = t.map(|t| format!("{t:>18}")).unwrap_or_default();
        format!("{label:<36}{a:>width$}{b:>18}{t}\n")
    };
    let row = |label: &str, f: &dyn Fn(&Kpis) -> String| line(label, f(k), f(b), today.map(|t| f(&t.kpis)));
    s += &row("Établissements servis", &|x| format!("{}/{}", x.establishments_served, x.establishments));
    s += &row("Élèves couverts", &|x| percent(x.pupils_served / x.pupils.max(1.0)));
    s += &row("Couverture pondérée", &|x| percent(x.weighted_coverage));
    s += &row("Besoin couvert", &|x| percent(x.need_covered));
    s += &row("Besoin couvert pondéré", &|x| percent(x.need_covered_weighted));
    s += &row("Besoin couvert (prioritaires)", &|x| percent(x.need_covered_priority));
    s += &row("Présence moyenne (demi-journées)", &|x| decimal(x.presence_mean, 1));
    let _ = writeln!(s, "Par catégorie (servis · besoin couvert)");
    let levels = crate::levels::rep_plus_levels(plan);
    for (i, c) in k.by_category.iter().enumerate() {
        if c.coverage.establishments > 0 {
            s += &row(&format!("  {}", c.label), &|x| coverage(x, i));
        }
        // REP+: the collèges (mandatory by default) and the écoles apart.
        if let (sectoria_core::Category::RepPlus, Some(levels)) = (c.category, &levels) {
            for l in levels {
                let t = today.map(|t| group(crate::today::level(&t.kpis, l.code)));
                s += &line(&format!("    dont {}", l.label()), group(l.first), group(l.second), t);
            }
        }
    }
    let _ = writeln!(s, "km/semaine par assistant");
    s += &row("  moyenne", &|x| decimal(x.km_per_worker_mean, 0));
    s += &row("  médiane", &|x| decimal(x.km_per_worker_median, 0));
    s += &row("  au plus", &|x| decimal(x.km_per_worker_max, 0));
    s += &row("km/semaine au total", &|x| readable(x.km_total, 0));
    // Travel time, when distances.csv gives minutes (sectoria distances), computed alike for all.
    let minutes = |x: Option<f64>| x.map(|m| decimal(m, 0)).unwrap_or_else(|| "—".to_string());
    if k.minutes_per_worker_mean.is_some() || b.minutes_per_worker_mean.is_some() {
        s += &row("min/semaine par assistant", &|x| minutes(x.minutes_per_worker_mean));
        s += &row("min/semaine au plus", &|x| minutes(x.minutes_per_worker_max));
    }
    s += &row("ETP attribués", &|x| decimal(x.fte_used, 1));
    s += &line(
        "Objectif",
        readable(plan.objective.total, 1),
        readable(plan.baseline.objective.total, 1),
        today.map(|t| readable(t.objective.total, 1)),
    );
    let _ = writeln!(s, "\n{}", plan_trade_sentence(plan));
    if let Some(note) = baseline_note(plan) {
        let _ = writeln!(s, "{note}");
    }
    // Against today's sectors: the same sentence, then how they were measured and what they break.
    for text in [crate::today::today_trade_sentence(plan), crate::today::today_note(plan)].into_iter().flatten() {
        let _ = writeln!(s, "{text}");
    }
    let o = &plan.objective;
    let _ = writeln!(
        s,
        "Objectif = valeur de service {} − trajets {} − continuité {} − fragmentation {}",
        readable(o.service_value, 1),
        readable(o.travel_cost, 1),
        readable(o.stability_cost, 1),
        readable(o.fragmentation_cost, 1)
    );
    if let Some(line) = continuity_line(plan) {
        let _ = writeln!(s, "{line}");
    }
    for line in crate::worker_changes::summary_lines(plan).into_iter().flatten() {
        let _ = writeln!(s, "{line}");
    }
    let unserved_must: Vec<&str> =
        plan.establishments.iter().filter(|e| e.must_cover && e.allocated_units == 0).map(|e| e.uai.as_str()).collect();
    if !unserved_must.is_empty() {
        let _ = writeln!(s, "Attention : établissements obligatoires non servis : {}", unserved_must.join(", "));
    }
    // The first warnings in full (a budget above the workers' time must not hide behind a
    // count), then how many more and where they all are.
    const SHOWN: usize = crate::html::WARNINGS_SHOWN;
    if !plan.warnings.is_empty() {
        let _ = writeln!(s, "Avertissements ({}) :", plan.warnings.len());
        for w in plan.warnings.iter().take(SHOWN) {
            let _ = writeln!(s, "  - {w}");
        }
        if plan.warnings.len() > SHOWN {
            let _ = writeln!(
                s,
                "  … et {} : le rapport (report.html) et plan.json (« warnings ») les listent tous",
                counted((plan.warnings.len() - SHOWN) as u64, "autre")
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{continuity_line, gap_percent};
    use sectoria_core::departed::DepartedSector;

    /// The establishments departed workers leave are said in the continuity line, those taken
    /// over with their new worker, those left unserved apart; one shared by two is one.
    #[test]
    fn the_continuity_line_says_what_departed_workers_leave() {
        let mut plan = sectoria_core::test_support::small_plan();
        plan.kpis.changed_establishments = 11;
        plan.kpis.changed_units = 25;
        let left = |worker: &str, uai: &str, by: &[&str]| DepartedSector {
            worker: worker.into(),
            uai: uai.into(),
            fte_today: 0.2,
            served_by: by.iter().map(|s| s.to_string()).collect(),
        };
        plan.departed = vec![left("ASS05", "0660809W", &["NOUV3"]), left("ASS16", "0660038H", &[])];
        assert_eq!(
            continuity_line(&plan).expect("today's sectors"),
            "Continuité : 11 établissements changent d'assistant ou de temps, 25 demi-journées déplacées ; dont 2 \
             établissements laissés par des assistants partis (ASS05, ASS16, 4 demi-journées aujourd'hui, hors des \
             demi-journées déplacées) : 1 repris (0660809W par NOUV3), 1 sans assistant (0660038H)"
        );
        plan.departed = vec![left("ASS05", "0660809W", &["NOUV3"]), left("ASS16", "0660809W", &["ASS02", "NOUV3"])];
        assert!(
            continuity_line(&plan).expect("today's sectors").ends_with(
                "; dont 1 établissement laissé par des assistants partis (ASS05, ASS16, 4 demi-journées aujourd'hui, \
                 hors des demi-journées déplacées) : 1 repris (0660809W par ASS02 et NOUV3)"
            ),
            "{:?}",
            continuity_line(&plan)
        );
        plan.departed.clear();
        assert!(continuity_line(&plan).expect("today's sectors").ends_with("25 demi-journées déplacées"));
    }

    #[test]
    fn a_tight_gap_keeps_its_first_figure() {
        assert_eq!(gap_percent(0.0), "0 %");
        // The 2A plan: optimal, its gap a rounding error.
        assert_eq!(gap_percent(2.536349732926266e-16), "0 %");
        assert_eq!(gap_percent(0.000_000_01), "0,000001 %");
        assert_eq!(gap_percent(0.0006), "0,06 %");
        assert_eq!(gap_percent(0.005), "0,50 %");
        assert_eq!(gap_percent(0.00004), "0,004 %");
        assert_eq!(gap_percent(0.000_001_2), "0,0001 %");
        assert_eq!(gap_percent(0.0123), "1,2 %");
    }
}
