//! The French summary printed on the terminal after planning.

use crate::frformat::{decimal, percent, readable};
use sectoria_core::{Kpis, Plan};
use std::fmt::Write as _;

fn coverage(k: &Kpis, i: usize) -> String {
    let c = &k.by_category[i];
    format!("{}/{}", c.served, c.establishments)
}

fn gain(plan_value: f64, base_value: f64) -> String {
    if base_value.abs() < 1e-9 {
        return "—".to_string();
    }
    let r = (plan_value - base_value) / base_value.abs();
    format!("{}{}", if r >= 0.0 { "+" } else { "" }, percent(r))
}

/// Renders the summary. `elapsed_s`, when given, is the wall time of the run (kept out of
/// `plan.json` so that outputs are reproducible byte for byte).
pub fn summary(plan: &Plan, elapsed_s: Option<f64>) -> String {
    let mut s = String::new();
    let k = &plan.kpis;
    let b = &plan.baseline.kpis;
    let sv = &plan.solver;
    let _ = writeln!(s, "Plan sectoria — répartition des assistants de service social");
    let _ = writeln!(
        s,
        "Statut : {} (écart prouvé {}, borne {}){}",
        sv.status.label(),
        percent(sv.relative_gap),
        readable(sv.best_bound, 1),
        elapsed_s.map(|t| format!(" — {} s", decimal(t, 2))).unwrap_or_default()
    );
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
    let _ = writeln!(s, "{:<28}{:>18}{:>18}", "", "Plan optimisé", "Règle gloutonne");
    let row = |label: &str, a: String, b: String| format!("{label:<28}{a:>18}{b:>18}\n");
    s += &row(
        "Établissements servis",
        format!("{}/{}", k.establishments_served, k.establishments),
        format!("{}/{}", b.establishments_served, b.establishments),
    );
    s += &row(
        "Élèves couverts",
        percent(k.pupils_served / k.pupils.max(1.0)),
        percent(b.pupils_served / b.pupils.max(1.0)),
    );
    s += &row("Couverture pondérée", percent(k.weighted_coverage), percent(b.weighted_coverage));
    for (i, c) in k.by_category.iter().enumerate() {
        if c.establishments > 0 {
            s += &row(&format!("  {}", c.label), coverage(k, i), coverage(b, i));
        }
    }
    s += &row("km/semaine par assistant", decimal(k.km_per_worker_mean, 0), decimal(b.km_per_worker_mean, 0));
    s += &row("km/semaine au plus", decimal(k.km_per_worker_max, 0), decimal(b.km_per_worker_max, 0));
    // Travel time, when distances.csv gives minutes (sectoria distances).
    let minutes: Vec<f64> = plan.workers.iter().filter(|w| w.base.is_some()).filter_map(|w| w.weekly_minutes).collect();
    if !minutes.is_empty() {
        let mean = minutes.iter().sum::<f64>() / minutes.len() as f64;
        s += &row("min/semaine par assistant", decimal(mean, 0), String::new());
        s += &row("min/semaine au plus", decimal(minutes.iter().copied().fold(0.0, f64::max), 0), String::new());
    }
    s += &row("ETP attribués", decimal(k.fte_used, 1), decimal(b.fte_used, 1));
    s += &row("Objectif", readable(plan.objective.total, 1), readable(plan.baseline.objective.total, 1));
    let _ = writeln!(
        s,
        "\nGain de l'optimisation sur la règle gloutonne : objectif {}, couverture pondérée {} points{}",
        gain(plan.objective.total, plan.baseline.objective.total),
        decimal(100.0 * (k.weighted_coverage - b.weighted_coverage), 1),
        if plan.baseline.feasible {
            ""
        } else {
            " (la règle gloutonne ne respecte pas toutes les règles du scénario)"
        }
    );
    let o = &plan.objective;
    let _ = writeln!(
        s,
        "Objectif = valeur de service {} − trajets {} − continuité {} − fragmentation {}",
        readable(o.service_value, 1),
        readable(o.travel_cost, 1),
        readable(o.stability_cost, 1),
        readable(o.fragmentation_cost, 1)
    );
    if k.changed_establishments > 0 || k.changed_units > 0 {
        let _ = writeln!(
            s,
            "Continuité : {} établissements changent d'assistant ou de temps, {} demi-journées déplacées",
            k.changed_establishments, k.changed_units
        );
    }
    let unserved_must: Vec<&str> =
        plan.establishments.iter().filter(|e| e.must_cover && e.allocated_units == 0).map(|e| e.uai.as_str()).collect();
    if !unserved_must.is_empty() {
        let _ = writeln!(s, "Attention : établissements obligatoires non servis : {}", unserved_must.join(", "));
    }
    if !plan.warnings.is_empty() {
        let _ = writeln!(s, "{} avertissement(s) : voir plan.json (« warnings »)", plan.warnings.len());
    }
    s
}
