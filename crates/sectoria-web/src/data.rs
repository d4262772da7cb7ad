//! *Données*: the instances of the workspace and the tables a user edits (`workers.csv`,
//! `current.csv`), checked by the command line's readers before they are saved.

use crate::error::ApiError;
use crate::queue::{RunState, RunStatus};
use crate::state::AppState;
use crate::workspace::{Workspace, RUNS_DIR};
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The tables the application edits.
const EDITABLE: [&str; 2] = ["workers.csv", "current.csv"];
/// Most lines (header aside) a table saved from the page may have. A département has 3–80
/// workers and at most a few hundred establishments (DESIGN §7): `current.csv` has about one
/// line per served establishment and worker, a thousand or so. Past this, the page refuses a
/// file before drawing it (measured in Chromium: 30 000 rows froze a tab for 7,5 s, 5 000 rows
/// for 1,3 s), and the server refuses it too.
pub const MAX_TABLE_ROWS: usize = 3_000;

/// The byte-order mark the tables are written with: French Excel reads UTF-8 only with it (the
/// run's CSV files have it too), and the command line's readers skip it.
const BOM: &str = "\u{feff}";

/// The instance files, in the order the readers take them.
const FILES: [&str; 4] = ["establishments.csv", "workers.csv", "current.csv", "distances.csv"];

/// The workspace's instances.
#[derive(Serialize)]
pub struct Instances {
    workspace: String,
    instances: Vec<String>,
}

/// `GET /api/instances`.
pub async fn list(State(state): State<Arc<AppState>>) -> Result<Json<Instances>, ApiError> {
    Ok(Json(Instances {
        workspace: state.workspace.root().display().to_string(),
        instances: state.workspace.instances()?,
    }))
}

/// One instance: its editable tables, scenarios and runs.
#[derive(Serialize)]
pub struct InstanceView {
    name: String,
    workers: Option<String>,
    current: Option<String>,
    /// The versions of `workers.csv` and `current.csv` ([`crate::versions`]), sent back with a save.
    versions: BTreeMap<&'static str, String>,
    establishments: usize,
    /// The name and commune of each establishment, by UAI (« Collège du Jaur
    /// (Saint-Pons-de-Thomières) »): the tables name establishments by UAI alone.
    establishment_names: BTreeMap<String, String>,
    /// Every establishment in the file's order, for the Données page's list and the
    /// suggestions of its UAI cells (by name, commune or UAI).
    establishment_list: Vec<Listed>,
    /// The bassins of `establishments.csv`, sorted (the Scénario page proposes them for
    /// `scope.bassins`).
    bassins: Vec<String>,
    scenarios: Vec<String>,
    /// The time of the workers of `workers.csv` in ETP ([`crate::workers_time`]): the Scénario
    /// page says a budget above it changes nothing. `None` without the file.
    workers_fte: Option<f64>,
    runs: Vec<RunStatus>,
    /// The basemap file of the folder, if any.
    basemap: Option<&'static str>,
    /// The size limits of a table loaded into the page: the request limit ([`crate::BODY_LIMIT`],
    /// bytes) and [`MAX_TABLE_ROWS`].
    table_limits: TableLimits,
}

/// An establishment as the Données page lists it.
#[derive(Serialize)]
pub struct Listed {
    uai: String,
    name: String,
    commune: String,
    /// The kind's code (`college`, `lycee_pro`…).
    kind: &'static str,
    pupils: u32,
}

impl Listed {
    fn of(e: &sectoria_core::Establishment) -> Self {
        Listed {
            uai: e.uai.clone(),
            name: e.name.clone(),
            commune: e.commune.clone(),
            kind: e.kind.code(),
            pupils: e.pupils,
        }
    }
}

/// What a table sent by the page may weigh.
#[derive(Serialize)]
pub struct TableLimits {
    bytes: usize,
    rows: usize,
}

/// The runs of `dir` (newest first).
pub fn runs_of(state: &AppState, name: &str, dir: &std::path::Path) -> Vec<RunStatus> {
    let runs_dir = dir.join(RUNS_DIR);
    let mut names: Vec<String> = std::fs::read_dir(&runs_dir)
        .map(|rd| rd.flatten().filter_map(|e| e.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    names.sort_by(|a, b| run_order(a).cmp(&run_order(b)));
    let now = sectoria_io::instance_hashes(dir);
    names
        .iter()
        .rev()
        .filter_map(|run| RunStatus::read(&runs_dir.join(run), state.queue.is_live(name, run)))
        .map(|mut status| {
            status.changed_since = status.changed_since(&now);
            if status.state == RunState::Interrupted && status.elapsed_s <= 0.0 {
                status.elapsed_s = ran_until_stopped(&runs_dir.join(&status.run), status.started_s);
            }
            status
        })
        .collect()
}

/// Of a run the server's stop interrupted, the seconds it ran: from its start to the last time
/// it wrote its progress (its `status.json`), its last sign of life; 0 when it never started.
fn ran_until_stopped(dir: &std::path::Path, started_s: Option<f64>) -> f64 {
    let last = std::fs::metadata(dir.join(crate::queue::STATUS_FILE))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs_f64());
    match (started_s, last) {
        (Some(start), Some(last)) if last > start => last - start,
        _ => 0.0,
    }
}

/// The order of the runs `AAAAMMJJ-HHMMSS-N`: by their stamp, then by their number (`…-10` after
/// `…-9`, asked in the same second); a folder of another name by its name, first.
fn run_order(run: &str) -> (&str, u64, &str) {
    match run.rsplit_once('-').map(|(stamp, n)| (stamp, n.parse::<u64>())) {
        Some((stamp, Ok(n))) => (stamp, n, ""),
        _ => ("", 0, run),
    }
}

/// `GET /api/instances/{instance}`.
pub async fn instance(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> Result<Json<InstanceView>, ApiError> {
    let dir = state.workspace.instance(&name)?;
    // Without the byte-order mark: the page shows the columns, not the mark.
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f)).ok().map(|t| t.strip_prefix(BOM).map(str::to_string).unwrap_or(t))
    };
    let establishments_text = read("establishments.csv");
    let establishments =
        establishments_text.as_deref().map_or(0, |t| t.lines().skip(1).filter(|l| !l.trim().is_empty()).count());
    let versions = EDITABLE.into_iter().map(|f| (f, crate::versions::of(&dir.join(f)))).collect();
    let listed = readable_establishments(establishments_text.as_deref().unwrap_or_default());
    Ok(Json(InstanceView {
        versions,
        workers: read("workers.csv"),
        current: read("current.csv"),
        establishments,
        bassins: bassins(&listed),
        establishment_list: listed.iter().map(Listed::of).collect(),
        establishment_names: names(listed),
        scenarios: Workspace::files_ending(&dir, ".toml"),
        workers_fte: crate::workers_time::of_instance(&dir),
        runs: runs_of(&state, &name, &dir),
        basemap: crate::basemap::FILES.into_iter().find(|f| dir.join(f).is_file()),
        table_limits: TableLimits { bytes: crate::BODY_LIMIT, rows: MAX_TABLE_ROWS },
        name,
    }))
}

/// The establishments of `establishments.csv` (`text`) the reader accepts.
fn readable_establishments(text: &str) -> Vec<sectoria_core::Establishment> {
    sectoria_io::establishments::parse_establishments(
        text.as_bytes(),
        std::path::Path::new("establishments.csv"),
        &mut Vec::new(),
    )
    .establishments
}

/// The name and commune of each establishment, by UAI.
fn names(establishments: Vec<sectoria_core::Establishment>) -> BTreeMap<String, String> {
    establishments.into_iter().map(|e| (e.uai, format!("{} ({})", e.name, e.commune))).collect()
}

/// The bassins of the establishments, each once, sorted, as `scope.bassins` writes them.
fn bassins(establishments: &[sectoria_core::Establishment]) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> =
        establishments.iter().filter_map(|e| e.bassin.as_deref()).map(str::trim).filter(|b| !b.is_empty()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// The version of the table the page read (`?version=`; "" for a file it creates).
#[derive(serde::Deserialize)]
pub struct TableVersion {
    version: Option<String>,
}

/// `PUT /api/instances/{instance}/tables/{file}`: the new text of `workers.csv` or
/// `current.csv`, saved only when the whole instance still reads without a problem and the
/// file is still the version the page read (`?version=`, [`crate::versions`]). Written in
/// UTF-8 with a byte-order mark, for French Excel (the readers skip it); at most
/// [`MAX_TABLE_ROWS`] lines. The answer's `warnings` are those the planner gives about the two
/// tables (a worker whose current sectors exceed the quotité…), in French: the save goes
/// through, the page shows them.
pub async fn save_table(
    State(state): State<Arc<AppState>>,
    Path((name, file)): Path<(String, String)>,
    Query(query): Query<TableVersion>,
    text: String,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !EDITABLE.contains(&file.as_str()) {
        return Err(ApiError::bad_request(format!(
            "« {file} » ne se modifie pas ici : seuls workers.csv et current.csv sont modifiables"
        )));
    }
    let dir = state.workspace.instance(&name)?;
    let text = with_bom(&text);
    let rows = text.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    if rows > MAX_TABLE_ROWS {
        return Err(ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "W413",
            format!(
                "{file} refusé : {rows} lignes, pour {MAX_TABLE_ROWS} au plus (un département compte 3 à 80 assistants et \
                 quelques centaines d'établissements) ; vérifiez qu'il s'agit bien du fichier d'un seul département"
            ),
        ));
    }
    let _saving = state.saving.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    crate::versions::check(&dir.join(&file), &file, query.version.as_deref())?;
    let mut texts: Vec<Option<String>> = Vec::new();
    for f in FILES {
        let path = state.workspace.resolve(&[&name, f])?;
        texts.push(if f == file { Some(text.clone()) } else { std::fs::read_to_string(path).ok() });
    }
    let [est, workers, current, distances] = [0, 1, 2, 3].map(|i| texts[i].as_deref());
    let loaded = sectoria_io::instance_with_warnings_from_texts(est.unwrap_or_default(), workers, current, distances)
        .map_err(|e| ApiError::input(&e))?;
    let files = [(file.as_str(), text.as_bytes())];
    sectoria_run::outputs::write_outputs(&dir, &files, true).map_err(|e| ApiError::run(&e))?;
    let version = crate::versions::of(&dir.join(&file));
    Ok(Json(serde_json::json!({
        "message": format!("{file} enregistré"),
        "version": version,
        "warnings": table_warnings(&loaded.warnings),
    })))
}

/// The warnings about the editable tables, as the plan words them (« current.csv, lignes 3 et
/// 4 : l'assistant A04 a 1,2 ETP de secteurs actuels pour une quotité de 0,5 ETP… »).
fn table_warnings(warnings: &[sectoria_io::InputWarning]) -> Vec<String> {
    warnings
        .iter()
        .filter(|w| w.file.file_name().and_then(|n| n.to_str()).is_some_and(|n| EDITABLE.contains(&n)))
        .map(ToString::to_string)
        .collect()
}

/// `text` starting with the byte-order mark (once).
fn with_bom(text: &str) -> String {
    format!("{BOM}{}", text.strip_prefix(BOM).unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::{ran_until_stopped, run_order};

    /// An interrupted run's time runs from its start to its status file's last write; a run
    /// that never started has none.
    #[test]
    fn an_interrupted_run_ran_until_its_last_progress() {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("status.json"), "{}").expect("status");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs_f64();
        let ran = ran_until_stopped(dir.path(), Some(now - 40.0));
        assert!((39.0..=45.0).contains(&ran), "{ran}");
        assert_eq!(ran_until_stopped(dir.path(), None), 0.0);
        assert_eq!(ran_until_stopped(&dir.path().join("absent"), Some(now - 40.0)), 0.0);
    }

    #[test]
    fn runs_asked_in_the_same_second_keep_their_numbers_order() {
        let mut runs = vec!["20261207-125411-10", "20261207-125411-9", "20261207-125410-11", "notes"];
        runs.sort_by(|a, b| run_order(a).cmp(&run_order(b)));
        assert_eq!(runs, ["notes", "20261207-125410-11", "20261207-125411-9", "20261207-125411-10"]);
    }
}
