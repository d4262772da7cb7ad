//! *Données*, building an instance: `sectoria import` on open-data files of the workspace.
//!
//! The files are picked inside the workspace. They may be there already (any folder; a
//! folder laid out like the shared data folder — `annuaire/`, `ips/`, `insee/`, `communes/`,
//! `colleges/` — gives the defaults, as `--donnees` does), or the user uploads them: an upload
//! is written to `WORKSPACE/donnees/<sub-folder of its kind>/<name>`, at most
//! [`UPLOAD_LIMIT`] bytes. The import itself is the command line's own call
//! ([`sectoria_import::import`]) with the same options; its report (the text of
//! `import_report.txt`, and its counts) is answered to the page.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use futures_util::StreamExt;
use sectoria_import::{DataFile, ImportError, ImportOptions, ImportReport, Kind, SourceFiles};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// Largest open-data file accepted by an upload (the national annuaire is about 60 MB).
pub const UPLOAD_LIMIT: u64 = 128 * 1024 * 1024;

/// Folder of the workspace that receives uploaded open-data files.
pub const DATA_DIR: &str = "donnees";

/// The page's name of each file the import reads, with its label.
fn fields() -> [(DataFile, &'static str, &'static str); 7] {
    [
        (DataFile::Annuaire, "annuaire", "Annuaire de l'éducation"),
        (DataFile::IpsColleges, "ips_colleges", "IPS des collèges (avec effectifs)"),
        (DataFile::IpsLycees, "ips_lycees", "IPS des lycées (avec effectifs)"),
        (DataFile::IpsEcoles, "ips_ecoles", "IPS des écoles (avec effectifs)"),
        (DataFile::Densite, "densite", "Grille communale de densité (INSEE)"),
        (DataFile::Communes, "communes", "Base des codes postaux (La Poste)"),
        (DataFile::CollegesRep, "colleges_rep", "Collèges REP/REP+, SEGPA, ULIS (facultatif)"),
    ]
}

fn field(key: &str) -> Result<DataFile, ApiError> {
    fields()
        .into_iter()
        .find(|(_, k, _)| *k == key)
        .map(|(f, _, _)| f)
        .ok_or_else(|| ApiError::bad_request(format!("« {key} » n'est pas un fichier de l'import")))
}

/// The open-data files of the workspace (`.csv`, `.xlsx`), as paths relative to it, outside
/// the instances' runs; at most three folders deep.
fn data_files(state: &AppState) -> Vec<String> {
    fn walk(dir: &std::path::Path, rel: &str, depth: usize, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            if name.starts_with('.') || name == crate::workspace::RUNS_DIR {
                continue;
            }
            let path = entry.path();
            let rel_name = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            if path.is_dir() && depth < 3 {
                walk(&path, &rel_name, depth + 1, out);
            } else if path.is_file() {
                let lower = name.to_lowercase();
                if lower.ends_with(".csv") || lower.ends_with(".xlsx") {
                    out.push(rel_name);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(state.workspace.root(), "", 0, &mut out);
    // An instance's own tables are not open data.
    let instance_tables = ["establishments.csv", "workers.csv", "current.csv", "distances.csv"];
    out.retain(|f| !instance_tables.iter().any(|t| f.rsplit('/').next() == Some(t)));
    out.sort();
    out
}

/// The default file of a kind: in `donnees/` laid out like the shared data folder, else the
/// last (newest) file of the workspace with the expected name.
fn default_for(state: &AppState, kind: DataFile, files: &[String]) -> Option<String> {
    let root = state.workspace.root();
    if let Some(path) = kind.find_in(&root.join(DATA_DIR)) {
        if let Ok(rel) = path.strip_prefix(root) {
            return Some(rel.to_string_lossy().into_owned());
        }
    }
    files.iter().rev().find(|f| kind.matches(f.rsplit('/').next().unwrap_or(f))).cloned()
}

/// The workspace's folders laid out like the shared data folder (an annuaire under
/// `annuaire/`), at most two deep, each with the file of every option found there — what
/// `sectoria import --donnees FOLDER` would take.
fn data_folders(state: &AppState) -> Vec<serde_json::Value> {
    fn walk(root: &std::path::Path, rel: &str, depth: usize, out: &mut Vec<String>) {
        out.push(rel.to_string());
        let Ok(entries) = std::fs::read_dir(root.join(rel)) else { return };
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            if depth < 2 && entry.path().is_dir() && !name.starts_with('.') && name != crate::workspace::RUNS_DIR {
                walk(root, &if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") }, depth + 1, out);
            }
        }
    }
    let root = state.workspace.root();
    let mut dirs = Vec::new();
    walk(root, "", 0, &mut dirs);
    dirs.sort();
    dirs.iter()
        .filter(|rel| DataFile::Annuaire.find_in(&root.join(rel)).is_some())
        .map(|rel| {
            let files: serde_json::Map<String, serde_json::Value> = fields()
                .into_iter()
                .map(|(kind, key, _)| {
                    let found = kind.find_in(&root.join(rel)).and_then(|p| {
                        p.strip_prefix(root).ok().map(|r| serde_json::Value::from(r.to_string_lossy().into_owned()))
                    });
                    (key.to_string(), found.unwrap_or(serde_json::Value::Null))
                })
                .collect();
            serde_json::json!({ "folder": if rel.is_empty() { "." } else { rel.as_str() }, "files": files })
        })
        .collect()
}

/// `GET /api/import`: the files the page can pick, the data folders, and the default for each
/// option.
pub async fn choices(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    let files = data_files(&state);
    let fields: Vec<serde_json::Value> = fields()
        .into_iter()
        .map(|(kind, key, label)| {
            serde_json::json!({
                "key": key,
                "option": kind.option(),
                "label": label,
                "required": kind != DataFile::CollegesRep,
                "default": default_for(&state, kind, &files),
            })
        })
        .collect();
    Json(serde_json::json!({
        "folder": DATA_DIR,
        "upload_limit_mb": UPLOAD_LIMIT / (1024 * 1024),
        "name_rule": INSTANCE_NAME_RULE,
        "files": files,
        "folders": data_folders(&state),
        "fields": fields,
    }))
}

/// `PUT /api/import/files/{kind}/{name}`: an uploaded open-data file, streamed to
/// `donnees/<sub-folder>/<name>` (written whole or not at all).
pub async fn upload(
    State(state): State<Arc<AppState>>,
    Path((key, name)): Path<(String, String)>,
    body: Body,
) -> Result<Json<serde_json::Value>, ApiError> {
    let kind = field(&key)?;
    let lower = name.to_lowercase();
    if !(lower.ends_with(".csv") || lower.ends_with(".xlsx")) {
        return Err(ApiError::bad_request(format!(
            "« {name} » : seuls les fichiers .csv et .xlsx des données ouvertes sont acceptés"
        )));
    }
    let folder = state.workspace.resolve(&[DATA_DIR])?;
    std::fs::create_dir_all(folder.join(kind.folder())).map_err(|e| ApiError::io(&folder, &e))?;
    let path = state.workspace.resolve(&[DATA_DIR, kind.folder(), &name])?;
    let partial = path.with_extension("partiel");
    let mut file = std::fs::File::create(&partial).map_err(|e| ApiError::io(&partial, &e))?;
    let mut size: u64 = 0;
    let mut stream = body.into_data_stream();
    let failed = |e: ApiError| {
        let _ = std::fs::remove_file(&partial);
        e
    };
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| failed(ApiError::bad_request("envoi interrompu : renvoyez le fichier")))?;
        size += chunk.len() as u64;
        if size > UPLOAD_LIMIT {
            return Err(failed(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "W413",
                format!("{name} dépasse {} Mo : déposez-le directement dans l'espace de travail", UPLOAD_LIMIT >> 20),
            )));
        }
        file.write_all(&chunk).map_err(|e| failed(ApiError::io(&partial, &e)))?;
    }
    file.sync_all().map_err(|e| failed(ApiError::io(&partial, &e)))?;
    std::fs::rename(&partial, &path).map_err(|e| failed(ApiError::io(&path, &e)))?;
    let rel = format!("{DATA_DIR}/{}/{name}", kind.folder());
    Ok(Json(serde_json::json!({ "file": rel, "bytes": size, "message": format!("{name} déposé dans {rel}") })))
}

/// A request to import, with the options of `sectoria import`.
#[derive(Deserialize)]
pub struct ImportRequest {
    departement: String,
    /// Name of the instance folder to create in the workspace.
    out: String,
    /// Chosen file per option key (paths relative to the workspace).
    files: BTreeMap<String, String>,
    #[serde(default)]
    include_private: bool,
    #[serde(default)]
    pupils_per_fte: Option<f64>,
}

/// `POST /api/import`: imports the département into a new instance folder and answers the
/// report; a refused import answers the reason, with the report when one was written.
pub async fn run(
    State(state): State<Arc<AppState>>,
    Json(req): Json<ImportRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    instance_name(&req.out)?;
    let out_dir = state.workspace.resolve(&[&req.out])?;
    if out_dir.exists() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "W409",
            format!("le dossier « {} » existe déjà dans l'espace de travail : choisissez un autre nom", req.out),
        ));
    }
    let mut chosen: BTreeMap<&str, Option<PathBuf>> = BTreeMap::new();
    for (kind, key, label) in fields() {
        let path = match req.files.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
            Some(rel) => {
                let parts: Vec<&str> = rel.split('/').collect();
                let path = state.workspace.resolve(&parts)?;
                if !path.is_file() {
                    return Err(ApiError::not_found(format!("{label} : {rel} n'existe pas dans l'espace de travail")));
                }
                Some(path)
            }
            None if kind == DataFile::CollegesRep => None,
            None => {
                return Err(ApiError::bad_request(format!(
                    "{label} ({}) : choisissez un fichier de l'espace de travail ou déposez-le",
                    kind.option()
                )))
            }
        };
        chosen.insert(key, path);
    }
    let take = |key: &str| chosen.get(key).cloned().flatten().unwrap_or_default();
    let options = ImportOptions {
        departement: req.departement.trim().to_string(),
        files: SourceFiles {
            annuaire: take("annuaire"),
            ips_colleges: take("ips_colleges"),
            ips_lycees: take("ips_lycees"),
            ips_ecoles: take("ips_ecoles"),
            densite: take("densite"),
            communes: take("communes"),
            colleges_rep: chosen.get("colleges_rep").cloned().flatten(),
        },
        include_private: req.include_private,
        pupils_per_fte: req.pupils_per_fte,
        out_dir: out_dir.clone(),
    };
    let outcome = tokio::task::spawn_blocking(move || sectoria_import::import(&options)).await.map_err(|_| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "W500", "l'import s'est arrêté sur une erreur interne")
    })?;
    match outcome {
        Ok(report) => Ok(Json(serde_json::json!({
            "instance": req.out,
            "message": format!("instance « {} » créée : {} établissements", req.out, report.in_scope.total()),
            "report": report.to_string(),
            "counts": counts(&report),
        }))),
        Err(e) => Err(refused(&e, &out_dir)),
    }
}

/// The rule the page states for a new instance's name: letters without accents, digits,
/// « - », « _ », « . » (not first), so that the folder name is typed the same in every shell
/// and on every system.
pub const INSTANCE_NAME_RULE: &str = "lettres sans accent, chiffres, « - », « _ », « . » (pas en premier), sans espace";

/// Whether `name` follows [`INSTANCE_NAME_RULE`]; a French 400 when it does not.
pub fn instance_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 120
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        return Ok(());
    }
    let suggestion: String = name
        .trim()
        .chars()
        .map(|c| match sectoria_import::without_accent(c) {
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') => c,
            _ => '-',
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string();
    let hint = if suggestion.is_empty() { String::new() } else { format!(" ; par exemple « {suggestion} »") };
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        "W400",
        format!("nom d'instance refusé : « {name} » — {INSTANCE_NAME_RULE}{hint}"),
    ))
}

/// A refused import: its message and, when the report was written, its lines.
fn refused(e: &ImportError, out_dir: &std::path::Path) -> ApiError {
    let mut error = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "W422",
        format!("import refusé : {}", for_the_page(&e.to_string())),
    );
    if let Ok(text) = std::fs::read_to_string(out_dir.join(sectoria_import::REPORT_FILE)) {
        error.problems = text.lines().map(str::to_string).collect();
    }
    error
}

/// An import message as the page says it: the command line's options (« Vérifiez l'option
/// --departement ») become the page's fields (« le champ « Département » de cette page »).
pub fn for_the_page(message: &str) -> String {
    let mut text = message
        .replace(
            "Vérifiez l'option --departement",
            "Vérifiez le champ « Département » de cette page (par exemple 31, 031, 2A ou 971)",
        )
        .replace("Corrigez l'option --departement", "Corrigez le champ « Département » de cette page")
        .replace("option --pupils-per-fte", "champ « Élèves par ETP (budget) »");
    // « Indiquez le fichier avec l'option --annuaire. » names the file's row of the page's table.
    const WITH: &str = "Indiquez le fichier avec l'option ";
    if let Some(at) = text.find(WITH) {
        let rest = &text[at + WITH.len()..];
        let option: String = rest.chars().take_while(|c| *c == '-' || c.is_alphanumeric()).collect();
        let tail = rest[option.len()..].to_string();
        text = format!(
            "{}Choisissez ou déposez le fichier dans le tableau des fichiers de cette page (option {option}){tail}",
            &text[..at]
        );
    }
    text
}

/// The report's counts: rows read, kept by kind, left out by reason, merged and dropped.
fn counts(r: &ImportReport) -> serde_json::Value {
    let kinds: Vec<serde_json::Value> =
        Kind::ALL.iter().map(|k| serde_json::json!({ "kind": k.label(), "count": r.in_scope.get(*k) })).collect();
    let mut reasons: Vec<(String, usize)> = r.out_of_scope.iter().map(|(reason, n)| (reason.to_string(), *n)).collect();
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    serde_json::json!({
        "rows_read": r.rows_read,
        "rows_in_departement": r.rows_in_departement,
        "rows_other_departements": r.rows_other_departements,
        "in_scope": kinds,
        "in_scope_total": r.in_scope.total(),
        "out_of_scope": reasons.iter().map(|(reason, n)| serde_json::json!({ "reason": reason, "count": n })).collect::<Vec<_>>(),
        "out_of_scope_total": r.out_of_scope_total(),
        "duplicate_rows": r.duplicate_rows.len(),
        "merged_sections": r.merged_sections.len(),
        "location_fallbacks": r.location_fallbacks.len(),
        "without_location": r.without_location.len(),
        "unattached_ecoles": r.unattached_ecoles.len(),
        "rows_balance": r.rows_balance(),
        "total_fte": r.total_fte,
        "warnings": r.all_warnings(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn import_refusals_name_the_page_fields_not_the_options() {
        let m = "annuaire.csv : aucune ligne pour le département 059. Vérifiez l'option --departement ou téléchargez.";
        let t = super::for_the_page(m);
        assert!(t.contains("champ « Département » de cette page") && !t.contains("--departement"), "{t}");
        let t =
            super::for_the_page("fichier introuvable : aucun x dans d. Indiquez le fichier avec l'option --annuaire.");
        assert!(t.ends_with("tableau des fichiers de cette page (option --annuaire)."), "{t}");
    }
}
