//! The column « Au pas de budget précédent » of `sweep.csv`: what a committee asking « what does
//! more budget buy? » must be told of a row against the row at the budget below it — a lower
//! objective, fewer establishments served, establishments that lose their presence (named), a
//! lower weighted coverage — and why that can happen although the budget rose: the extra time is
//! worth more elsewhere (depth given for breadth), or the solver stopped within its tolerance of
//! the best plan. Only a proven optimal plan rules the second out; otherwise the note says how
//! to decide (`[solver] relative_gap = 0` for that budget).

use sectoria_core::french::{counted, point_noun};
use sectoria_report::frformat::{decimal, readable};

/// Names listed at most in one note; the others are counted (all are in `sweep_changes.csv`).
const NAMES_SHOWN: usize = 10;

/// A row of `sweep.csv` with a plan, as the steps read it.
pub(super) struct StepRow {
    /// The budget as written.
    pub budget: String,
    pub objective: f64,
    pub tolerance: f64,
    pub served: usize,
    pub fte: f64,
    /// Weighted coverage as written (%), when read.
    pub coverage: Option<f64>,
}

/// What a committee must be told of `after` against `before`, the row at the budget below it
/// (same other varied values); `lost`: « name (UAI) » of the establishments served in `before`
/// and not in `after`, when the establishments are known. Empty when nothing is to be said.
pub(super) fn step_note(before: &StepRow, after: &StepRow, lost: &[String]) -> String {
    let at = format!("qu'à {} ETP", before.budget);
    let scale = before.objective.abs().max(after.objective.abs()).max(1.0);
    let drop = before.objective - after.objective;
    let coverage_drop = match (before.coverage, after.coverage) {
        (Some(b), Some(a)) if a < b - 1e-9 => Some((b, a)),
        _ => None,
    };
    if after.served == before.served
        && drop.abs() <= 1e-9 * scale
        && (after.fte - before.fte).abs() < 1e-9
        && lost.is_empty()
        && coverage_drop.is_none()
    {
        return format!("mêmes chiffres {at}");
    }
    let mut parts = Vec::new();
    let lower = drop > 1e-9 * scale;
    if lower {
        let within = drop <= after.tolerance + 1e-6 * scale;
        parts.push(format!(
            "objectif plus bas {at} de {} {} malgré plus de budget : {} de la tolérance du solveur ({} {}){}",
            readable(drop, 1),
            point_noun(drop, 1),
            if within { "dans la limite" } else { "au-delà" },
            readable(after.tolerance, 1),
            point_noun(after.tolerance, 1),
            if within { "" } else { " : résultat à vérifier" }
        ));
    }
    if after.served < before.served {
        parts.push(format!("{} de moins {at}", counted((before.served - after.served) as u64, "établissement servi")));
    }
    if !lost.is_empty() {
        let shown: Vec<&str> = lost.iter().take(NAMES_SHOWN).map(String::as_str).collect();
        let more = lost.len() - shown.len();
        parts.push(format!(
            "{} à {} ETP {} : {}{}",
            counted(lost.len() as u64, "établissement servi"),
            before.budget,
            if lost.len() > 1 { "ne le sont plus" } else { "ne l'est plus" },
            shown.join(", "),
            if more > 0 { format!(" et {more} autres (voir sweep_changes.csv)") } else { String::new() }
        ));
    }
    if let Some((b, a)) = coverage_drop {
        parts.push(format!("couverture pondérée plus basse {at} ({} % → {} %)", decimal(b, 2), decimal(a, 2)));
    }
    let loses = after.served < before.served || !lost.is_empty() || coverage_drop.is_some();
    // A lower objective already says how it stands against the tolerance.
    if loses && !lower {
        parts.push(why(after.tolerance, scale));
    }
    parts.join(" ; ")
}

/// Why a plan can lose an establishment or coverage with more budget: the plan that keeps them is
/// worth less (the time serves more elsewhere), or — unless the plan is proven optimal — the
/// solver stopped within `tolerance` points of the best plan.
fn why(tolerance: f64, scale: f64) -> String {
    if tolerance <= 1e-6 * scale {
        return "malgré plus de budget, plan optimal prouvé : une répartition qui les garde ne vaut pas plus, le \
                temps sert davantage ailleurs (profondeur contre largeur)"
            .to_string();
    }
    format!(
        "malgré plus de budget : soit une répartition qui les garde vaut moins (le temps sert davantage ailleurs : \
         profondeur contre largeur), soit le solveur s'est arrêté dans sa tolérance ({} {} du meilleur plan \
         possible) ; pour trancher, relancez ce budget avec [solver] relative_gap = 0",
        readable(tolerance, 1),
        point_noun(tolerance, 1)
    )
}
