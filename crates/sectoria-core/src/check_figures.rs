//! The figures a plan file shows, recomputed from its decisions: what the committee's
//! documents print (key figures, each establishment's allocation and workers, each sector, the
//! establishments departed workers leave, the rule of thumb's and today's sectors' figures) must be what the
//! decisions give, not numbers edited in the file.
//!
//! The plan is assembled again from the decisions read back ([`Plan::solution`]) with the
//! solver's report it records, and every shown field is compared with the file's; the texts
//! (reasons, explanations, warnings) and the names of workers (a pseudonymised plan replaces
//! them) are left out.

use crate::plan::{assemble, Plan};
use crate::problem::Problem;
use crate::relative_difference;
use crate::solution::Solution;
use serde_json::Value;

/// At most this many differences are listed, then how many more.
const SHOWN: usize = 10;

/// The differences between the figures `plan` shows and those its decisions (`solution`) give,
/// in French (« kpis.establishments_served : le plan annonce 30, recalculé 22 »), for a plan
/// checked against its own instance and scenario: a difference is an edit of the file, or, for
/// the rule of thumb's figures, another version of sectoria.
pub fn figure_differences(problem: &Problem, plan: &Plan, solution: &Solution) -> Vec<String> {
    let (mut out, rule) = figure_leaves(problem, plan, solution);
    if !rule.is_empty() {
        out.push(
            "les chiffres de la règle usuelle ne sont pas ceux que cette version de sectoria calcule : le plan \
             a été modifié, ou calculé par une version antérieure (recalculez-le alors avec celle-ci)"
                .to_string(),
        );
        out.extend(rule);
    }
    out.extend(solver_objective_difference(plan));
    if out.len() > SHOWN {
        let more = out.len() - SHOWN;
        out.truncate(SHOWN);
        out.push(format!(
            "… et {} du plan qui ne correspondent pas à ses décisions",
            crate::french::counted(more as u64, "autre chiffre")
        ));
    }
    out
}

/// Every figure `plan` shows that its decisions (`solution`) do not give under `problem`: the
/// plan's own (« recalculé ») and, apart, the rule of thumb's (« la règle usuelle de cette
/// version de sectoria donne »), which come from the hand method as this version draws it.
pub fn figure_leaves(problem: &Problem, plan: &Plan, solution: &Solution) -> (Vec<String>, Vec<String>) {
    let baseline = crate::rule_of_thumb(problem).solution;
    let again = assemble(problem, solution, plan.solver.clone(), &baseline, plan.inputs.clone());
    let (mut file, mut ours) = (shown(plan), shown(&again));
    // A plan written before today's sectors were measured has none: nothing to compare.
    if plan.today.is_none() {
        if let Value::Object(map) = &mut ours {
            map.remove("today");
        }
    }
    let take = |v: &mut Value| v.as_object_mut().and_then(|m| m.remove("baseline")).unwrap_or(Value::Null);
    let (file_rule, our_rule) = (take(&mut file), take(&mut ours));
    let (mut own, mut rule) = (Vec::new(), Vec::new());
    compare("", &file, &ours, "recalculé", &mut own);
    compare("baseline", &file_rule, &our_rule, "la règle usuelle de cette version de sectoria donne", &mut rule);
    (own, rule)
}

/// The solver's objective that the plan reports against its own total, when they differ: an
/// edit of the file whatever the inputs.
pub fn solver_objective_difference(plan: &Plan) -> Option<String> {
    ((plan.solver.objective - plan.objective.total).abs() > 1e-6 * plan.objective.total.abs().max(1.0)).then(|| {
        format!(
            "solver.objective : le plan annonce {}, son objectif total est {}",
            plan.solver.objective, plan.objective.total
        )
    })
}

/// The plan's shown figures as JSON, texts and names left out.
fn shown(plan: &Plan) -> Value {
    let mut v = serde_json::to_value(plan).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.retain(|k, _| {
            matches!(
                k.as_str(),
                "kpis" | "baseline" | "establishments" | "workers" | "objective" | "departed" | "today"
            )
        });
        if let Some(Value::Object(b)) = map.get_mut("baseline") {
            b.remove("why_left");
            b.remove("broken_rules");
        }
        // Today's sectors' figures are recomputed from current.csv like the plan's; their texts are not.
        if let Some(Value::Object(t)) = map.get_mut("today") {
            t.remove("broken_rules");
        }
        for (list, texts) in [("establishments", &["reason", "explanation"][..]), ("workers", &["name"][..])] {
            if let Some(Value::Array(items)) = map.get_mut(list) {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    for t in texts {
                        item.remove(*t);
                    }
                }
            }
        }
    }
    v
}

/// Appends to `out` each leaf where `file` and `ours` differ (numbers within 1e-6 relative), the
/// value of `ours` introduced by `said` (« recalculé »).
fn compare(path: &str, file: &Value, ours: &Value, said: &str, out: &mut Vec<String>) {
    let at = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (file, ours) {
        (Value::Object(a), Value::Object(b)) => {
            // A key the file does not have is a figure it does not show (an optional figure
            // added by a later version, as `by_level`): nothing of it is printed, so nothing
            // to compare. Required figures cannot be absent: the file would not read.
            for (k, vb) in b {
                if let Some(va) = a.get(k) {
                    compare(&at(k), va, vb, said, out);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                // Establishments and workers are named by their UAI or id.
                let name = y.get("uai").or_else(|| y.get("id")).and_then(Value::as_str).map(str::to_string);
                compare(&name.map_or_else(|| format!("{path}[{i}]"), |n| format!("{path}[{n}]")), x, y, said, out);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let (x, y) = (a.as_f64().unwrap_or(f64::NAN), b.as_f64().unwrap_or(f64::NAN));
            if relative_difference(x, y) > 1e-6 {
                out.push(format!("{path} : le plan annonce {}, {said} {}", french(file), french(ours)));
            }
        }
        (a, b) if a != b => out.push(format!("{path} : le plan annonce {}, {said} {}", french(a), french(b))),
        _ => {}
    }
}

/// A JSON value as the message shows it: numbers with a decimal comma, texts unquoted.
fn french(v: &Value) -> String {
    match v {
        Value::Number(n) => {
            n.as_f64().map_or_else(|| n.to_string(), |x| format!("{}", (x * 1e6).round() / 1e6).replace('.', ","))
        }
        Value::String(s) => s.clone(),
        Value::Null => "rien".to_string(),
        Value::Array(a) if a.len() > 3 => format!("une liste de {} éléments", a.len()),
        other => other.to_string(),
    }
}
