//! *Scénario*: every key of a scenario with its default and a one-line help (taken from the
//! comments of `data/demo/scenario.toml`, the reference the command line points to), and the
//! saving of a form as a TOML file the command line reads — after the command line's own
//! reader has accepted it.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use sectoria_core::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The documented scenario: each key's help comes from the comment lines above it.
const REFERENCE: &str = include_str!("../../../data/demo/scenario.toml");

/// Keys that share the comment of the key above them in [`REFERENCE`] but mean something
/// else: their own help (a test checks that no two fields of the form read the same help).
const OWN_HELP: [(&str, &str); 25] = [
    (
        "budget.total_fte",
        "ETP à répartir. Sans workers.csv, ce total devient des postes dont le modèle choisit la résidence ; \
         avec workers.csv, c'est un plafond facultatif sous la somme des quotités (un budget plus bas laisse \
         du temps d'assistant sans établissement).",
    ),
    // Not in the reference scenario: the key of « que donnerait un poste de plus ? ».
    ("budget.extra_posts", sectoria_core::scenario::EXTRA_POSTS_HELP),
    (
        "priorities.rep_plus",
        "Bonus de priorité d'un établissement REP+ (le score de priorité vaut 1 + la somme des bonus de l'établissement).",
    ),
    ("priorities.rep", "Bonus de priorité d'un établissement REP."),
    ("priorities.internat", "Bonus de priorité d'un établissement avec internat."),
    ("priorities.egpa_ulis_relais_upe2a", "Bonus d'une SEGPA/EGPA, d'une ULIS, d'un dispositif relais ou d'une UPE2A."),
    ("priorities.lycee_pro", "Bonus de priorité d'un lycée professionnel."),
    (
        "priorities.rural_disadvantaged",
        "Bonus d'un collège rural (densité INSEE ≥ rural_density_min) dont l'IPS est sous rural_ips_threshold.",
    ),
    ("priorities.rural_ips_threshold", "IPS sous lequel un collège rural reçoit le bonus rural_disadvantaged."),
    ("priorities.rural_density_min", "Grille de densité INSEE (1 à 7) à partir de laquelle une commune est rurale."),
    ("need.pupils_per_fte_college", "Élèves par ETP de besoin dans un collège (besoin = élèves / ce nombre × facteur IPS)."),
    ("need.pupils_per_fte_lycee", "Élèves par ETP de besoin dans un lycée (LEGT, LGT, LPO)."),
    ("need.pupils_per_fte_lycee_pro", "Élèves par ETP de besoin dans un lycée professionnel."),
    ("need.pupils_per_fte_erea", "Élèves par ETP de besoin dans un EREA."),
    ("need.pupils_per_fte_ecole", "Élèves de cycle 3 par ETP de besoin dans une école REP+."),
    ("need.ips_reference", "IPS de référence : le facteur IPS vaut ips_reference / IPS de l'établissement."),
    ("need.ips_factor_min", "Plus petit facteur IPS (établissement très favorisé)."),
    ("need.ips_factor_max", "Plus grand facteur IPS (établissement très défavorisé)."),
    ("rules.min_presence_fte", "Présence minimale dans un établissement du second degré servi (ETP)."),
    ("rules.min_presence_ecole_fte", "Présence minimale dans une école REP+ servie (ETP)."),
    (
        "solver.time_limit_s",
        "Limite de temps de la résolution (secondes) : arrêtée là, elle rend son meilleur plan avec l'écart prouvé, jamais moins bon que la règle usuelle quand celle-ci respecte les règles du scénario.",
    ),
    ("solver.relative_gap", "Écart relatif d'arrêt : 0,001 = le plan est prouvé à 0,1 % au plus du meilleur plan possible."),
    ("solver.threads", "Fils d'exécution (cœurs) de la résolution."),
    ("solver.seed", "Graine du solveur : une autre graine peut trouver un autre plan, de même écart prouvé."),
    (
        "solver.method",
        "« auto » : secteurs par génération de colonnes (modèle compact en relais si besoin) ; « compact » : modèle compact seul.",
    ),
];

/// Each key's French name on the form, above its TOML name (a CTSS-D reads the first, the
/// scenario file and the messages use the second), by `section.key`: the names the report,
/// the workbook and `sectoria compare` use ([`sectoria_report::labels`]).
pub fn labels() -> BTreeMap<String, String> {
    sectoria_report::labels::LABELS.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect()
}

/// First sentence of each key's comment in [`REFERENCE`], by `section.key`.
pub fn help() -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = OWN_HELP.iter().map(|(k, h)| (k.to_string(), h.to_string())).collect();
    let mut section = String::new();
    // The comment block above a key; keys written one after the other share it.
    let mut comment: Vec<&str> = Vec::new();
    let mut after_key = false;
    for line in REFERENCE.lines().map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.to_string();
            comment.clear();
            after_key = false;
        } else if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            // A commented-out key (`# total_fte = 22.8`) documents that key.
            if let Some((k, _)) =
                c.split_once(" = ").filter(|(k, _)| k.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'))
            {
                record(&mut out, &section, k, &comment);
                after_key = true;
            } else {
                if after_key {
                    comment.clear();
                    after_key = false;
                }
                comment.push(c);
            }
        } else if let Some((k, _)) = line.split_once('=') {
            record(&mut out, &section, k.trim(), &comment);
            after_key = true;
        } else {
            comment.clear();
            after_key = false;
        }
    }
    out
}

fn record(out: &mut BTreeMap<String, String>, section: &str, key: &str, comment: &[&str]) {
    let text = comment.join(" ");
    let first = text.split_inclusive(". ").next().unwrap_or(&text).trim().to_string();
    let full = if section.is_empty() { key.to_string() } else { format!("{section}.{key}") };
    out.entry(full).or_insert(first);
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
    labels: BTreeMap<String, String>,
    /// The known codes of the list keys the form shows as boxes to tick, with their French
    /// labels, by `section.key`.
    choices: BTreeMap<&'static str, Vec<Choice>>,
    /// The values a one-value key accepts, with their French labels, by `section.key`: the
    /// form shows them as a list to choose from, not a text field.
    options: BTreeMap<&'static str, Vec<Choice>>,
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
        Method::Auto => "auto : secteurs par génération de colonnes (modèle compact en relais si besoin)",
        Method::Compact => "compact : modèle compact seul",
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

/// `GET /api/instances/{instance}/scenarios/{name}` (a missing file shows the defaults).
pub async fn get(
    State(state): State<Arc<AppState>>,
    Path((instance, name)): Path<(String, String)>,
) -> Result<Json<ScenarioView>, ApiError> {
    scenario_name(&name)?;
    state.workspace.instance(&instance)?;
    let path = state.workspace.resolve(&[&instance, &name])?;
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
    Ok(Json(ScenarioView {
        name,
        text,
        version,
        values,
        error,
        defaults: Scenario::default(),
        help: help(),
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
        // The form warns of the slow path on its own line.
        assert!(help["rules.max_workers_per_establishment"].contains("modèle compact"));
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
