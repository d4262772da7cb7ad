//! The run's parameters as (label, value) rows: the scenario flattened, for the HTML report
//! and the « Paramètres » sheet.

use crate::frformat::decimal;
use sectoria_core::french::counted;
use sectoria_core::{Plan, Scenario};
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
        // « ; » between items: the decimal comma would make « 1, 0,6, 0,3 » ambiguous.
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(" ; "),
        Value::Object(_) => v.to_string(),
    }
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, child, out);
            }
        }
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

/// The scenario of `plan`, one row per setting: the key as written in `scenario.toml`
/// (`section.key`) and its value in French notation.
pub fn scenario_rows(plan: &Plan) -> Vec<(String, String)> {
    settings(&plan.scenario)
}

/// [`scenario_rows`] with each value's number when it is one (`budget.unit_fte` = 0.1), for
/// the workbook's cells: (key, number, French text).
pub fn scenario_cells(plan: &Plan) -> Vec<(String, Option<f64>, String)> {
    values(&plan.scenario).into_iter().map(|(k, v)| (k, v.as_f64(), scalar(&v))).collect()
}

fn values(scenario: &Scenario) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    match serde_json::to_value(scenario) {
        Ok(v) => flatten("", &v, &mut out),
        Err(e) => out.push(("scénario".to_string(), Value::String(format!("illisible : {e}")))),
    }
    out.into_iter().map(|(k, v)| (k.clone(), named(&k, v))).collect()
}

/// The codes of a list of categories (`rules.must_cover`) or kinds (`scope.kinds`) by their
/// French names, as a committee reads them (« REP+ ; REP », not « rep_plus ; rep »).
fn named(key: &str, v: Value) -> Value {
    let name = |code: &str| -> Option<&'static str> {
        match key {
            "rules.must_cover" => {
                sectoria_core::Category::ALL.into_iter().find(|c| c.code() == code).map(|c| c.label())
            }
            "scope.kinds" => sectoria_core::Kind::parse(code).map(|k| k.label()),
            _ => None,
        }
    };
    match v {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|i| match i.as_str().and_then(name) {
                    Some(label) => Value::String(label.to_string()),
                    None => i,
                })
                .collect(),
        ),
        other => other,
    }
}

fn settings(scenario: &Scenario) -> Vec<(String, String)> {
    values(scenario).into_iter().map(|(k, v)| (k, scalar(&v))).collect()
}

/// The settings of `scenario` that differ from the defaults, in the order of the file: what a
/// run asked, to tell runs of one scenario file apart. The locks are counted
/// (`locks.assign` = « 2 verrous »), not listed.
pub fn changed_settings(scenario: &Scenario) -> Vec<(String, String)> {
    let defaults = settings(&Scenario::default());
    let mut out: Vec<(String, String)> = settings(scenario)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("locks."))
        .filter(|row| !defaults.contains(row))
        .collect();
    let (assign, forbid) = (scenario.locks.assign.len(), scenario.locks.forbid.len());
    if assign > 0 {
        out.push(("locks.assign".into(), counted(assign as u64, "verrou")));
    }
    if forbid > 0 {
        out.push(("locks.forbid".into(), counted(forbid as u64, "couple interdit")));
    }
    if !scenario.locks.exclude.is_empty() {
        out.push(("locks.exclude".into(), counted(scenario.locks.exclude.len() as u64, "établissement exclu")));
    }
    if !scenario.locks.serve.is_empty() {
        out.push(("locks.serve".into(), counted(scenario.locks.serve.len() as u64, "présence exigée")));
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
        // Codes by their French names (« rep_plus » in the file).
        assert_eq!(get("rules.must_cover"), Some("REP+"));
        assert_eq!(get("scope.kinds"), Some("Collège ; Lycée ; Lycée professionnel ; EREA ; École REP+"));
        assert_eq!(get("need.value_segments"), Some("1 ; 0,6 ; 0,3"));
        assert!(rows.len() > 20);
    }

    #[test]
    fn a_run_is_told_by_the_settings_it_changed() {
        assert!(changed_settings(&Scenario::default()).is_empty());
        let mut s = Scenario::default();
        s.budget.total_fte = Some(50.0);
        s.stability.penalty_per_unit = 5.0;
        s.locks.forbid = vec![
            sectoria_core::scenario::ForbiddenPair { uai: "0310001A".into(), worker: "ASS01".into() },
            sectoria_core::scenario::ForbiddenPair { uai: "0310002B".into(), worker: "ASS01".into() },
        ];
        s.locks.exclude = vec!["0310003C".into()];
        assert_eq!(
            changed_settings(&s),
            [
                ("budget.total_fte".to_string(), "50".to_string()),
                ("stability.penalty_per_unit".to_string(), "5".to_string()),
                ("locks.forbid".to_string(), "2 couples interdits".to_string()),
                ("locks.exclude".to_string(), "1 établissement exclu".to_string()),
            ]
        );
    }
}
