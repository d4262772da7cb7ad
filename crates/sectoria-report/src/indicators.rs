//! The figures two plans are compared on, A (before) and B (after): the one list that
//! `sectoria compare` (terminal and `compare.csv`, which the web's Comparer shows) and the
//! report's differences with a reference plan (`#differences`) give, in the same order and
//! words, so that they cannot disagree on which figures count.
//!
//! Beside coverage and travel, the list answers the committee's two usual questions: what does
//! stability cost (the continuity against today's sectors, `changed_establishments` and
//! `changed_units`) and what does a cap cost (the km of the worker who drives the most). A figure
//! a plan cannot have, continuity without `current.csv`, is « sans objet », never 0.

use crate::frformat::{decimal, difference_shown, readable};
use sectoria_core::Plan;

/// What a plan without the figure shows (continuity without today's sectors).
pub const NOT_APPLICABLE: &str = "sans objet";

/// The code of B's weighted coverage with A's weights, given when the weights differ
/// ([`weights_differ`]).
pub const WEIGHTED_COVERAGE_A_WEIGHTS: &str = "weighted_coverage_a_weights";

/// One figure of both plans.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Code, `compare.csv`'s « Identifiant ».
    pub code: &'static str,
    /// French label.
    pub label: &'static str,
    /// Unit, `compare.csv`'s « Mesure ».
    pub unit: &'static str,
    /// Plan A's figure; `None` when it has none ([`NOT_APPLICABLE`]).
    pub before: Option<f64>,
    /// Plan B's figure; `None` when it has none.
    pub after: Option<f64>,
    /// Decimals shown.
    pub decimals: usize,
    /// What the figures alone do not say (French, one sentence without final period): a plan
    /// whose budget holds its workers' time back.
    pub note: Option<String>,
}

impl Indicator {
    /// `after − before` of the figures as shown (each rounded first); `None` when one plan has
    /// no figure.
    pub fn difference(&self) -> Option<f64> {
        Some(difference_shown(self.before?, self.after?, self.decimals))
    }

    /// A figure for reading (narrow spaces between thousands), or [`NOT_APPLICABLE`].
    pub fn readable(&self, value: Option<f64>) -> String {
        value.map_or_else(|| NOT_APPLICABLE.to_string(), |v| readable(v, self.decimals))
    }

    /// A figure for a CSV cell (a plain number), or [`NOT_APPLICABLE`].
    pub fn plain(&self, value: Option<f64>) -> String {
        value.map_or_else(|| NOT_APPLICABLE.to_string(), |v| decimal(v, self.decimals))
    }

    /// The difference for reading, signed (« +2 », « -0,4 »), or « — » without it.
    pub fn signed_difference(&self) -> String {
        match self.difference() {
            Some(d) if d > 0.0 => format!("+{}", readable(d, self.decimals)),
            Some(d) => readable(d, self.decimals),
            None => "—".to_string(),
        }
    }

    /// What a figure and its difference are followed by in a table whose other rows write their
    /// unit (the report's): « % » and « pt » (percentage points) for a percentage; nothing for
    /// the others, which their label or their count says.
    fn written_units(&self) -> (&'static str, &'static str) {
        if self.unit == "%" {
            (" %", " pt")
        } else {
            ("", "")
        }
    }

    /// [`Indicator::readable`] with its unit (« 85,3 % »); « sans objet » alone.
    pub fn readable_with_unit(&self, value: Option<f64>) -> String {
        let text = self.readable(value);
        if value.is_some() {
            format!("{text}{}", self.written_units().0)
        } else {
            text
        }
    }

    /// [`Indicator::signed_difference`] with its unit (« +1,2 pt »); « — » alone.
    pub fn signed_difference_with_unit(&self) -> String {
        let text = self.signed_difference();
        if self.difference().is_some() {
            format!("{text}{}", self.written_units().1)
        } else {
            text
        }
    }
}

/// The scenario settings that change an establishment's weight in the weighted coverage
/// (`w × pupils`, [`sectoria_core::problem`]): the priority bonuses and the share of cycle 3
/// pupils counted. Keys, or prefixes ending with `.`.
pub const WEIGHT_KEYS: [&str; 3] = ["priorities.", "need.cycle3_share", "need.ips_factor_in_value"];

/// Whether the scenario key `key` is one of `patterns` (a pattern ending with `.` is a prefix).
pub fn key_matches(key: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| if p.ends_with('.') { key.starts_with(p) } else { key == *p })
}

/// Whether the scenarios of `a` and `b` weigh establishments differently ([`WEIGHT_KEYS`]).
pub fn weights_differ(a: &Plan, b: &Plan) -> bool {
    let weights = |p: &Plan| -> Vec<(String, String)> {
        crate::manifest::scenario_rows(p).into_iter().filter(|(k, _)| key_matches(k, &WEIGHT_KEYS)).collect()
    };
    weights(a) != weights(b)
}

/// The weighted coverage of plan `served`'s allocations with the weights of plan `weights`: the
/// share of `weights`' Σ w·pupils (w its priority score, pupils as it counts them, times the
/// IPS factor when its scenario has `need.ips_factor_in_value`, as
/// [`sectoria_core::kpi`] weighs them) in the establishments `served` serves. Establishments of
/// `served` out of `weights`' scope do not count. With `served` = `weights`, the plan's own
/// `kpis.weighted_coverage`.
pub fn weighted_coverage_with(weights: &Plan, served: &Plan) -> f64 {
    let in_b: std::collections::BTreeSet<&str> =
        served.establishments.iter().filter(|e| e.allocated_units > 0).map(|e| e.uai.as_str()).collect();
    let (mut total, mut covered) = (0.0, 0.0);
    let ips = weights.scenario.need.ips_factor_in_value;
    for e in &weights.establishments {
        let w = e.priority.score * e.pupils * if ips { e.ips_factor } else { 1.0 };
        total += w;
        if in_b.contains(e.uai.as_str()) {
            covered += w;
        }
    }
    if total > 0.0 {
        covered / total
    } else {
        0.0
    }
}

/// When `budget.total_fte` is below the time of the plan's workers (those of `workers.csv`):
/// (the budget, their time). The difference is time of people employed that no establishment
/// can receive.
pub fn budget_below_workers(plan: &Plan) -> Option<(f64, f64)> {
    let total = plan.scenario.budget.total_fte?;
    let listed: Vec<f64> = plan.workers.iter().filter(|w| !w.generated).map(|w| w.fte).collect();
    let time: f64 = listed.iter().sum();
    (!listed.is_empty() && total < time - 1e-6).then_some((total, time))
}

/// « B est limité par budget.total_fte = 7,6 ETP : 0,1 ETP de ses assistants (7,7 ETP) restent
/// sans établissement », for plan `letters`, when [`budget_below_workers`]; « A et B sont
/// limités… » for both at once.
fn budget_note(plan: &Plan, letters: &str) -> Option<String> {
    let (total, time) = budget_below_workers(plan)?;
    let (is, their, scenario) = if letters.contains(" et ") {
        ("sont limités", "leurs", "leurs scénarios")
    } else {
        ("est limité", "ses", "son scénario")
    };
    Some(format!(
        "{letters} {is} par budget.total_fte = {} ETP : {} ETP de {their} assistants ({} ETP dans workers.csv) \
         restent sans établissement ; retirez budget.total_fte de {scenario} pour répartir tout leur temps",
        readable(total, 1),
        readable(time - total, 1),
        readable(time, 1)
    ))
}

/// The budget notes of `a` and `b`, said once for both when they are the same word for word.
fn budget_notes(a: &Plan, b: &Plan) -> Option<String> {
    match (budget_note(a, "A"), budget_note(b, "B")) {
        (Some(x), Some(y)) if x.strip_prefix('A') == y.strip_prefix('B') => budget_note(a, "A et B"),
        (x, y) => {
            let notes: Vec<String> = [x, y].into_iter().flatten().collect();
            (!notes.is_empty()).then(|| notes.join(" ; "))
        }
    }
}

/// The continuity against today's sectors of `plan`: (establishments that change, half-days
/// moved); `None` without today's sectors.
fn continuity(plan: &Plan) -> Option<(f64, f64)> {
    crate::summary::has_current_sectors(plan)
        .then(|| (plan.kpis.changed_establishments as f64, f64::from(plan.kpis.changed_units)))
}

/// The figures of `a` (before) and `b` (after), in the order every comparison gives them: ETP
/// (with what holds a plan's workers back, when its budget does), establishments served,
/// weighted coverage (and B's with A's weights when the weights differ, [`weights_differ`]),
/// need covered plain and weighted, km in total and of the worker who drives the most, then the
/// continuity against today's sectors. Percentages in %.
pub fn indicators(a: &Plan, b: &Plan) -> Vec<Indicator> {
    let (ka, kb) = (&a.kpis, &b.kpis);
    let row = |code, label, unit, x: f64, y: f64, decimals| Indicator {
        code,
        label,
        unit,
        before: Some(x),
        after: Some(y),
        decimals,
        note: None,
    };
    let mut rows = vec![
        Indicator { note: budget_notes(a, b), ..row("fte_used", "ETP attribués", "ETP", ka.fte_used, kb.fte_used, 1) },
        row(
            "establishments_served",
            "Établissements servis",
            "établissements",
            ka.establishments_served as f64,
            kb.establishments_served as f64,
            0,
        ),
        row(
            "weighted_coverage",
            "Couverture pondérée (%)",
            "%",
            100.0 * ka.weighted_coverage,
            100.0 * kb.weighted_coverage,
            1,
        ),
    ];
    if weights_differ(a, b) {
        rows.push(row(
            WEIGHTED_COVERAGE_A_WEIGHTS,
            "Couverture pondérée, poids de A (%)",
            "%",
            100.0 * ka.weighted_coverage,
            100.0 * weighted_coverage_with(a, b),
            1,
        ));
    }
    rows.extend([
        row("need_covered", "Besoin couvert (%)", "%", 100.0 * ka.need_covered, 100.0 * kb.need_covered, 1),
        row(
            "need_covered_weighted",
            "Besoin couvert pondéré (%)",
            "%",
            100.0 * ka.need_covered_weighted,
            100.0 * kb.need_covered_weighted,
            1,
        ),
        row("km_total", "Km par semaine (total)", "km par semaine", ka.km_total, kb.km_total, 0),
        row(
            "km_per_worker_max",
            "Km par semaine de l'assistant qui roule le plus",
            "km par semaine",
            ka.km_per_worker_max,
            kb.km_per_worker_max,
            0,
        ),
    ]);
    let (ca, cb) = (continuity(a), continuity(b));
    rows.extend([
        Indicator {
            code: "changed_establishments",
            label: "Établissements qui changent d'assistant ou de temps par rapport à aujourd'hui",
            unit: "établissements",
            before: ca.map(|c| c.0),
            after: cb.map(|c| c.0),
            decimals: 0,
            note: None,
        },
        Indicator {
            code: "changed_units",
            label: "Demi-journées déplacées par rapport à aujourd'hui",
            unit: "demi-journées",
            before: ca.map(|c| c.1),
            after: cb.map(|c| c.1),
            decimals: 0,
            note: None,
        },
    ]);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::{small_instance_with_rep_plus, small_plan, small_plan_of};

    /// A plan's weighted coverage with its own weights is its own figure, also when its scenario
    /// counts the IPS factor in the value (the KPI then weighs by score × pupils × factor).
    #[test]
    fn the_weighted_coverage_with_its_own_weights_is_the_plan_s_own() {
        let mut instance = small_instance_with_rep_plus();
        instance.establishments[2].ips = Some(70.0);
        instance.establishments[1].ips = Some(120.0);
        for on in [false, true] {
            let mut scenario = sectoria_core::Scenario::default();
            scenario.need.ips_factor_in_value = on;
            let plan = small_plan_of(&instance, &scenario);
            let own = weighted_coverage_with(&plan, &plan);
            assert!((own - plan.kpis.weighted_coverage).abs() < 1e-6, "{on}: {own} {}", plan.kpis.weighted_coverage);
        }
    }

    /// Without today's sectors, the continuity is « sans objet » and has no difference; with
    /// them, the plans' own counts.
    #[test]
    fn continuity_without_today_s_sectors_is_not_applicable() {
        let a = small_plan();
        let mut b = a.clone();
        b.inputs.insert("current.csv".into(), "x".into());
        b.kpis.changed_establishments = 26;
        b.kpis.changed_units = 48;
        let rows = indicators(&a, &b);
        let moved = rows.iter().find(|r| r.code == "changed_units").expect("row");
        assert_eq!((moved.readable(moved.before), moved.readable(moved.after)), ("sans objet".into(), "48".into()));
        assert_eq!(moved.signed_difference(), "—");
        let mut a = b.clone();
        a.kpis.changed_units = 46;
        let rows = indicators(&a, &b);
        let moved = rows.iter().find(|r| r.code == "changed_units").expect("row");
        assert_eq!(moved.signed_difference(), "+2");
    }

    /// A percentage reads « 85,3 % » and its difference « +1,2 pt », as the report's other
    /// rows; a count or km without a unit; no figure, no unit.
    #[test]
    fn a_percentage_is_written_with_its_unit() {
        let a = small_plan();
        let mut b = a.clone();
        b.kpis.need_covered = a.kpis.need_covered + 0.012;
        let rows = indicators(&a, &b);
        let need = rows.iter().find(|r| r.code == "need_covered").expect("row");
        assert_eq!(need.readable_with_unit(need.after), format!("{} %", readable(100.0 * b.kpis.need_covered, 1)));
        assert_eq!(need.signed_difference_with_unit(), "+1,2 pt");
        let km = rows.iter().find(|r| r.code == "km_total").expect("row");
        assert_eq!(km.readable_with_unit(km.after), km.readable(km.after));
        let moved = rows.iter().find(|r| r.code == "changed_units").expect("row");
        assert_eq!(
            (moved.readable_with_unit(None), moved.signed_difference_with_unit()),
            ("sans objet".into(), "—".into())
        );
    }

    /// A budget below the workers' time is said beside the ETP, with both figures.
    #[test]
    fn a_budget_below_the_workers_time_is_said() {
        let a = small_plan();
        let time: f64 = a.workers.iter().map(|w| w.fte).sum();
        let mut b = a.clone();
        b.scenario.budget.total_fte = Some(time - 0.4);
        let rows = indicators(&a, &b);
        assert_eq!(rows[0].code, "fte_used");
        let note = rows[0].note.clone().expect("a note");
        assert!(
            note.starts_with(&format!(
                "B est limité par budget.total_fte = {} ETP : 0,4 ETP de ses assistants ({} ETP dans workers.csv)",
                readable(time - 0.4, 1),
                readable(time, 1)
            )),
            "{note}"
        );
        // A budget above their time holds nothing back.
        b.scenario.budget.total_fte = Some(time + 1.0);
        assert!(indicators(&a, &b)[0].note.is_none());
    }

    /// Both plans held back alike: one sentence for A and B, not the same twice (tester's
    /// session s50, finding 10); held back differently, one each.
    #[test]
    fn a_budget_that_holds_both_plans_back_alike_is_said_once() {
        let mut a = small_plan();
        let time: f64 = a.workers.iter().map(|w| w.fte).sum();
        a.scenario.budget.total_fte = Some(time - 0.4);
        let mut b = a.clone();
        let note = indicators(&a, &b)[0].note.clone().expect("a note");
        assert_eq!(
            note,
            format!(
                "A et B sont limités par budget.total_fte = {} ETP : 0,4 ETP de leurs assistants ({} ETP dans \
                 workers.csv) restent sans établissement ; retirez budget.total_fte de leurs scénarios pour répartir \
                 tout leur temps",
                readable(time - 0.4, 1),
                readable(time, 1)
            )
        );
        b.scenario.budget.total_fte = Some(time - 0.2);
        let note = indicators(&a, &b)[0].note.clone().expect("a note");
        assert!(note.starts_with("A est limité par") && note.contains(" ; B est limité par"), "{note}");
    }
}
