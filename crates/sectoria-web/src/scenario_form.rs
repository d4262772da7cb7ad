//! *Scénario*: every key of a scenario with its default, its French name and a plain help
//! ([`help`]), and the saving of a form as a TOML file the command line reads — after the
//! command line's own reader has accepted it.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use sectoria_core::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

mod help;
pub use help::{expert, help};

/// Each key's French name on the form, above its TOML name (a CTSS-D reads the first, the
/// scenario file and the messages use the second), by `section.key`: the names the report,
/// the workbook and `sectoria compare` use ([`sectoria_report::labels`]).
pub fn labels() -> BTreeMap<String, String> {
    sectoria_report::labels::LABELS.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect()
}

/// A scenario file as the form shows it.
#[derive(Serialize)]
pub struct ScenarioView {
    name: String,
    text: String,
    /// The file's version ([`crate::versions`]), sent back with a save.
    version: String,
    /// The values read by the command line's reader (`null` when the file is refused).
    values: Option<Scenario>,
    /// Why the file is refused, if it is.
    error: Option<ApiError>,
    defaults: Scenario,
    help: BTreeMap<String, String>,
    /// The part of a key's help folded « Pour les spécialistes », by `section.key`.
    expert: BTreeMap<String, String>,
    /// The fraction keys that also take a percentage (« 5 % » is 0,05).
    percent: [&'static str; 2],
    /// Values accepted that do not plan what they say (a minimum presence rounded to whole
    /// units), each with the key it is about, to be said under that field.
    warnings: Vec<FieldWarning>,
    labels: BTreeMap<String, String>,
    /// The known codes of the list keys the form shows as boxes to tick, with their French
    /// labels, by `section.key`.
    choices: BTreeMap<&'static str, Vec<Choice>>,
    /// The values a one-value key accepts, with their French labels, by `section.key`: the
    /// form shows them as a list to choose from, not a text field.
    options: BTreeMap<&'static str, Vec<Choice>>,
}

/// A warning of the scenario's values ([`Scenario::warnings`]) with the key it names.
#[derive(Serialize)]
pub struct FieldWarning {
    key: Option<String>,
    text: String,
}

/// The warnings of `scenario`'s values, each with the key it is about.
fn field_warnings(scenario: &Scenario) -> Vec<FieldWarning> {
    scenario
        .warnings()
        .into_iter()
        .map(|text| FieldWarning { key: crate::form_errors::named_key(&text), text })
        .collect()
}

/// One code a list key accepts, with its French label.
#[derive(Serialize)]
pub struct Choice {
    code: &'static str,
    label: &'static str,
}

/// The codes of `scope.kinds` and `rules.must_cover` (those the reader accepts), labelled.
pub fn choices() -> BTreeMap<&'static str, Vec<Choice>> {
    use sectoria_core::{Category, Kind};
    BTreeMap::from([
        ("scope.kinds", Kind::ALL.iter().map(|k| Choice { code: k.code(), label: k.label() }).collect()),
        ("rules.must_cover", Category::ALL.iter().map(|c| Choice { code: c.code(), label: c.label() }).collect()),
    ])
}

/// The values of `solver.method` (the reader refuses any other), labelled.
pub fn options() -> BTreeMap<&'static str, Vec<Choice>> {
    use sectoria_core::scenario::Method;
    let label = |m: Method| match m {
        Method::Auto => "Automatique (recommandée)",
        Method::Compact => "D'un seul bloc (plus lente)",
    };
    let code = |m: Method| match m {
        Method::Auto => "auto",
        Method::Compact => "compact",
    };
    BTreeMap::from([(
        "solver.method",
        [Method::Auto, Method::Compact].into_iter().map(|m| Choice { code: code(m), label: label(m) }).collect(),
    )])
}

fn scenario_name(name: &str) -> Result<(), ApiError> {
    if name.ends_with(".toml") {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!("« {name} » : un scénario est un fichier .toml")))
    }
}

/// A scenario `name` not yet in `dir` that differs from a file there only by capitals or accents
/// (« Budget Moins 1 LP.toml » next to « budget moins 1 LP.toml ») is refused, naming that file:
/// Windows and macOS take the two names for one file, and a reader of the runs could not tell them
/// apart either.
fn not_a_lookalike(dir: &std::path::Path, name: &str) -> Result<(), ApiError> {
    let folded = |n: &str| -> String {
        n.chars()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .map(sectoria_import::without_accent)
            .flat_map(char::to_lowercase)
            .collect()
    };
    if dir.join(name).exists() {
        return Ok(());
    }
    match crate::workspace::Workspace::files_ending(dir, ".toml").into_iter().find(|f| folded(f) == folded(name)) {
        Some(existing) => Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "W409",
            format!(
                "« {name} » ne diffère du scénario existant « {existing} » que par des majuscules ou des accents \
                 (Windows et macOS y voient le même fichier) : ouvrez « {existing} », ou choisissez un nom vraiment différent"
            ),
        )),
        None => Ok(()),
    }
}

/// `GET /api/instances/{instance}/scenarios/{name}` (a missing file shows the defaults).
pub async fn get(
    State(state): State<Arc<AppState>>,
    Path((instance, name)): Path<(String, String)>,
) -> Result<Json<ScenarioView>, ApiError> {
    scenario_name(&name)?;
    let dir = state.workspace.instance(&instance)?;
    let path = state.workspace.resolve(&[&instance, &name])?;
    not_a_lookalike(&dir, &name)?;
    let version = crate::versions::of(&path);
    let (text, values, error) = match std::fs::read_to_string(&path) {
        Ok(text) => match sectoria_io::scenario_from_str(&text, &name) {
            Ok(s) => (text, Some(s), None),
            Err(e) => {
                let error = crate::form_errors::for_form(&e, &text, true);
                (text, None, Some(error))
            }
        },
        Err(_) => (String::new(), Some(Scenario::default()), None),
    };
    let warnings = values.as_ref().map(field_warnings).unwrap_or_default();
    Ok(Json(ScenarioView {
        name,
        text,
        version,
        values,
        error,
        defaults: Scenario::default(),
        help: help(),
        expert: expert(),
        percent: help::PERCENT,
        warnings,
        labels: labels(),
        choices: choices(),
        options: options(),
    }))
}

/// The form's values (the scenario's tree, as JSON).
#[derive(Deserialize)]
pub struct Form {
    values: serde_json::Value,
    /// The version of the file the form was read from ("" for a new file); the save is
    /// refused when the file changed since. Absent: no check.
    #[serde(default)]
    version: Option<String>,
    /// For a new file (« Créer »): the scenario file of the instance it copies, whose comments
    /// and layout the new file keeps.
    #[serde(default)]
    copy_of: Option<String>,
    /// Only checked, not written: the page asks this when some fields hold no number (refused on
    /// the page), so that every other refused field is said at the same time.
    #[serde(default)]
    check_only: bool,
}

/// `serde_json` nulls (an empty optional field) removed: TOML has no null.
fn without_nulls(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect(),
        ),
        serde_json::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// The TOML text of `values` if the command line's reader accepts it, with the scenario read.
/// Over a `former` file's text, its comments and layout are kept
/// ([`crate::scenario_text::keep_comments`]) when the result reads back as the same scenario.
pub fn form_to_toml(
    values: serde_json::Value,
    name: &str,
    former: Option<&str>,
) -> Result<(String, Scenario), ApiError> {
    let tree = toml::Value::try_from(without_nulls(values))
        .map_err(|e| ApiError::bad_request(format!("formulaire illisible : {e}")))?;
    let raw = toml::to_string(&tree).map_err(|e| ApiError::bad_request(format!("formulaire illisible : {e}")))?;
    let scenario =
        sectoria_io::scenario_from_str(&raw, name).map_err(|e| crate::form_errors::for_form(&e, &raw, false))?;
    let body = toml::to_string(&scenario).map_err(|e| ApiError::bad_request(format!("formulaire illisible : {e}")))?;
    let defaults = toml::to_string(&Scenario::default()).unwrap_or_default();
    let kept = former
        .and_then(|f| crate::scenario_text::keep_comments(f.strip_prefix('\u{feff}').unwrap_or(f), &body, &defaults))
        .filter(|text| sectoria_io::scenario_from_str(text, name).is_ok_and(|s| s == scenario));
    let text = kept.unwrap_or_else(|| {
        format!(
            "# Scénario sectoria (schema = 1), enregistré par `sectoria serve`.\n\
             # Chaque clé est décrite, avec sa valeur par défaut, dans la page Scénario de `sectoria serve`.\n\n{body}"
        )
    });
    Ok((text, scenario))
}

/// `PUT /api/instances/{instance}/scenarios/{name}`: saved only if the command line reads it and,
/// when the instance's files load, the reader accepts it for that instance (its locks name
/// known establishments and workers, its reserve leaves time) and its scope names only bassins
/// of the instance (`E171`): the checks a plan would fail on later.
pub async fn save(
    State(state): State<Arc<AppState>>,
    Path((instance, name)): Path<(String, String)>,
    Json(form): Json<Form>,
) -> Result<Json<serde_json::Value>, ApiError> {
    scenario_name(&name)?;
    let dir = state.workspace.instance(&instance)?;
    let path = state.workspace.resolve(&[&instance, &name])?;
    not_a_lookalike(&dir, &name)?;
    // Checked, read and written under one lock: two saves cannot both pass the check.
    let _saving = state.saving.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    crate::versions::check(&path, &name, form.version.as_deref())?;
    // A new file copying another keeps that file's comments.
    let copied = match (&form.copy_of, path.exists()) {
        (Some(from), false) => {
            scenario_name(from)?;
            std::fs::read_to_string(state.workspace.resolve(&[&instance, from])?).ok()
        }
        _ => None,
    };
    let former = std::fs::read_to_string(&path).ok().or(copied);
    let (text, read) = form_to_toml(form.values, &name, former.as_deref())?;
    if let Ok(instance) = sectoria_io::load_instance(&dir) {
        // A bassin the instance does not have first (`E171`): the locks it leaves out of the
        // scope would otherwise be blamed instead of the misspelt name.
        sectoria_core::check_scope(&instance, &read).map_err(|e| {
            crate::form_errors::keyed(ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                e.code().unwrap_or("W422"),
                e.to_string(),
            ))
        })?;
        // The reader's checks against the instance (locks naming unknown UAI or workers,
        // `E124`; a reserve leaving less than one unit of the workers' time), with positions.
        sectoria_io::scenario_for_instance_from_str(&text, &name, &instance)
            .map_err(|e| crate::form_errors::for_form(&e, &text, false))?;
    }
    if form.check_only {
        return Ok(Json(
            serde_json::json!({ "message": format!("{name} : valeurs acceptées, rien n'a été enregistré") }),
        ));
    }
    let files = [(name.as_str(), text.as_bytes())];
    sectoria_run::outputs::write_outputs(&dir, &files, true).map_err(|e| ApiError::run(&e))?;
    let version = crate::versions::of(&path);
    Ok(Json(serde_json::json!({ "message": format!("{name} enregistré"), "text": text, "version": version })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_defaults_has_a_help() {
        let help = help();
        let defaults = serde_json::to_value(Scenario::default()).unwrap_or_default();
        let mut missing = Vec::new();
        for (section, keys) in defaults.as_object().into_iter().flatten() {
            for key in keys.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                if !help.contains_key(&format!("{section}.{key}")) {
                    missing.push(format!("{section}.{key}"));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
        // And a French name for each (each its own: `sectoria_report::labels`' own test).
        let labels = labels();
        let keys: Vec<String> = defaults
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(s, keys)| keys.as_object().into_iter().flatten().map(move |(k, _)| format!("{s}.{k}")))
            .collect();
        let unnamed: Vec<&String> = keys.iter().filter(|k| !labels.contains_key(*k)).collect();
        assert!(unnamed.is_empty(), "{unnamed:?}");
        assert_eq!(labels["budget.total_fte"], "Budget (ETP)");
        assert!(help["budget.total_fte"].starts_with("ETP à répartir"));
        // The form warns of the slow path on its own line, the model's name for specialists.
        assert!(help["rules.max_workers_per_establishment"].contains("bien plus long"));
        assert!(expert()["rules.max_workers_per_establishment"].contains("modèle compact"));
    }

    /// The words of the solver and of the scenario file a CTSS-D does not use (session 50, web
    /// finding 8): only in the part folded « Pour les spécialistes ».
    const JARGON: [&str; 9] = [
        "points d'objectif",
        "coût de fragmentation",
        "modèle compact",
        "génération de colonnes",
        "graine",
        "fils d'exécution",
        "écart relatif d'arrêt",
        "solveur",
        "E171",
    ];

    #[test]
    fn helps_name_other_fields_by_their_french_name_without_jargon() {
        let help = help();
        let keys: Vec<&str> = sectoria_report::labels::LABELS.iter().map(|(k, _)| *k).collect();
        for (key, text) in &help {
            let lower = text.to_lowercase();
            let jargon: Vec<&&str> = JARGON.iter().filter(|w| lower.contains(&w.to_lowercase())).collect();
            assert!(jargon.is_empty(), "{key}: {jargon:?} in « {text} »");
            // No key, its own or another's, dotted or bare when it is snake_case.
            for other in &keys {
                let bare = other.rsplit('.').next().unwrap_or(other);
                let named = text.contains(other) || (bare.contains('_') && text.contains(bare));
                assert!(!named, "{key} names {other}: « {text} »");
            }
            // The form writes the default after the help: the help does not.
            assert!(!text.contains("Défaut"), "{key}: « {text} »");
        }
        // The specialists' part keeps the technical words.
        assert!(expert()["solver.method"].contains("génération de colonnes"));
        assert!(expert()["scope.bassins"].contains("E171"));
        // The fractions also read as a percentage say so.
        for key in help::PERCENT {
            assert!(help[key].contains(" %"), "{key}: « {} »", help[key]);
        }
        // And the list of `solver.method` reads in plain words too.
        for choice in &options()["solver.method"] {
            let lower = choice.label.to_lowercase();
            assert!(JARGON.iter().all(|w| !lower.contains(*w)) && !lower.contains("compact"), "{}", choice.label);
        }
    }

    #[test]
    fn a_minimum_presence_between_two_units_is_said_with_its_field() {
        let mut scenario = Scenario::default();
        scenario.rules.min_presence_fte = 0.25;
        let warnings = field_warnings(&scenario);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].key.as_deref(), Some("rules.min_presence_fte"));
        assert!(warnings[0].text.contains("3 demi-journées (0,3 ETP)"), "{}", warnings[0].text);
        assert!(field_warnings(&Scenario::default()).is_empty());
    }

    #[test]
    fn no_two_fields_read_the_same_help() {
        let help = help();
        let mut by_text: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (key, text) in help.iter().filter(|(k, _)| !k.starts_with("locks.")) {
            by_text.entry(text.as_str()).or_default().push(key.as_str());
        }
        let shared: Vec<&Vec<&str>> = by_text.values().filter(|keys| keys.len() > 1).collect();
        assert!(shared.is_empty(), "{shared:?}");
    }

    #[test]
    fn a_form_becomes_toml_the_reader_takes_back() {
        let mut values = serde_json::to_value(Scenario::default()).unwrap_or_default();
        values["budget"]["total_fte"] = serde_json::json!(12.5);
        let text = form_to_toml(values, "s.toml", None).map(|(text, _)| text).unwrap_or_default();
        let back = sectoria_io::scenario_from_str(&text, "s.toml").ok();
        assert_eq!(back.and_then(|s| s.budget.total_fte), Some(12.5));
        let mut bad = serde_json::to_value(Scenario::default()).unwrap_or_default();
        bad["budget"]["unit_fte"] = serde_json::json!(-1.0);
        let e = form_to_toml(bad, "s.toml", None).err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("unit_fte"), "{e}");
    }
}
