//! The run's parameters as (label, value) rows: the scenario flattened, for the HTML report
//! and the « Paramètres » sheet.

use crate::frformat::decimal;
use sectoria_core::Plan;
use serde_json::Value;

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "non défini".to_string(),
        Value::Bool(b) => if *b { "oui" } else { "non" }.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(x)) => decimal(x, 6).trim_end_matches('0').trim_end_matches(',').to_string(),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "(aucun)".to_string(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
    }
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, child, out);
            }
        }
        _ => out.push((prefix.to_string(), scalar(v))),
    }
}

/// The scenario of `plan`, one row per setting: the key as written in `scenario.toml`
/// (`section.key`) and its value in French notation.
pub fn scenario_rows(plan: &Plan) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match serde_json::to_value(&plan.scenario) {
        Ok(v) => flatten("", &v, &mut out),
        Err(e) => out.push(("scénario".to_string(), format!("illisible : {e}"))),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    #[test]
    fn scenario_is_flattened_with_french_values() {
        let rows = scenario_rows(&small_plan());
        let get = |k: &str| rows.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("budget.unit_fte"), Some("0,1"));
        assert_eq!(get("rules.must_cover"), Some("rep_plus"));
        assert!(rows.len() > 20);
    }
}
