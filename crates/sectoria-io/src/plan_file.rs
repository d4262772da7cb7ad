//! `plan.json` (`schema = 1`): written deterministically, read back with clear errors.

use crate::error::{read_bytes, InputError, InputProblem};
use sectoria_core::Plan;
use std::path::Path;

/// The conventional file name of a plan.
pub const PLAN_FILE: &str = "plan.json";

/// The plan as pretty-printed JSON with a trailing newline. Deterministic: the same plan
/// always gives the same bytes (struct fields in declaration order, maps sorted).
pub fn write_plan_json(plan: &Plan) -> String {
    // A plan has only string map keys, so serialisation cannot fail; should it ever, the
    // output is still JSON and `read_plan` reports it as not a plan.
    match serde_json::to_string_pretty(plan) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        Err(e) => format!("{{\n  \"error\": {}\n}}\n", serde_json::Value::String(e.to_string())),
    }
}

/// Reads the plan at `path`.
pub fn read_plan(path: &Path) -> Result<Plan, InputError> {
    let bytes = read_bytes(path)?;
    match std::str::from_utf8(&bytes) {
        Ok(text) => parse(text, path),
        Err(_) => Err(not_a_plan(path, "le fichier n'est pas du texte UTF-8".to_string(), None)),
    }
}

/// Reads a plan from `text`; `name` is the file name used in the problems.
pub fn plan_from_str(text: &str, name: &str) -> Result<Plan, InputError> {
    parse(text, Path::new(name))
}

fn not_a_plan(file: &Path, message: String, position: Option<(usize, usize)>) -> InputError {
    let mut p = InputProblem::new(
        "E160",
        file,
        message,
        "donnez le fichier plan.json écrit par `sectoria plan` ou `sectoria demo`, sans le modifier",
    );
    if let Some((line, column)) = position {
        p = p.at_line(line).in_column(column.to_string());
    }
    InputError::Invalid(vec![p])
}

fn parse(text: &str, file: &Path) -> Result<Plan, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        not_a_plan(file, format!("ce n'est pas un fichier JSON valide ({e})"), Some((e.line(), e.column())))
    })?;
    let object = value.as_object().filter(|o| o.contains_key("sectoria_version") && o.contains_key("schema"));
    let Some(object) = object else {
        return Err(not_a_plan(file, "ce fichier JSON n'est pas un plan sectoria".to_string(), None));
    };
    let schema = object.get("schema").and_then(serde_json::Value::as_u64);
    if schema != Some(1) {
        let found = object.get("schema").map_or_else(String::new, ToString::to_string);
        return Err(InputError::Invalid(vec![InputProblem::new(
            "E161",
            file,
            format!("plan au format « schema = {found} », cette version de sectoria lit le format 1"),
            "recalculez le plan avec cette version de sectoria (`sectoria plan`)",
        )
        .in_column("schema")]));
    }
    serde_json::from_str(text)
        .map_err(|e| not_a_plan(file, format!("plan incomplet ou modifié ({e})"), Some((e.line(), e.column()))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::{assemble, greedy, Problem, Scenario};
    use std::collections::BTreeMap;

    fn plan() -> Option<Plan> {
        let instance = sectoria_core::test_support::small_instance();
        let problem = Problem::new(&instance, &Scenario::default()).ok()?;
        let baseline = greedy(&problem);
        let report = sectoria_core::test_support::solved_by_hand(0.0);
        let inputs = BTreeMap::from([("establishments.csv".to_string(), "00".to_string())]);
        Some(assemble(&problem, &baseline, report, &baseline, inputs))
    }

    #[test]
    fn round_trip_is_exact_and_deterministic() {
        let plan = plan().unwrap_or_else(|| panic!("plan"));
        let text = write_plan_json(&plan);
        assert!(text.ends_with("}\n"));
        assert_eq!(text, write_plan_json(&plan));
        let back = plan_from_str(&text, "plan.json").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, plan);
        assert_eq!(write_plan_json(&back), text);
    }

    #[test]
    fn not_a_plan_or_wrong_schema() {
        let e = plan_from_str("{\n  \"a\": ", "plan.json").err().map(|e| e.problems().to_vec());
        let p = e.unwrap_or_default();
        assert_eq!((p[0].code, p[0].line), ("E160", Some(2)));
        let e = plan_from_str("{\"uai\": 1}", "plan.json").err().map(|e| e.codes());
        assert_eq!(e, Some(vec!["E160"]));
        let e = plan_from_str("{\"schema\": 2, \"sectoria_version\": \"9\"}", "plan.json").err().map(|e| e.codes());
        assert_eq!(e, Some(vec!["E161"]));
        let e = plan_from_str("{\"schema\": 1, \"sectoria_version\": \"0.1.0\"}", "plan.json").err();
        assert_eq!(e.map(|e| e.codes()), Some(vec!["E160"]));
    }
}
