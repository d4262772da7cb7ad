//! *Planifier*, *Résultats*, *Comparer*, *Exporter*: queueing and cancelling runs, their
//! live events, their files, an establishment's explanation, the check of a saved run and
//! the comparison of two runs — each the command line's own library call.

use crate::error::ApiError;
use crate::queue::{RunKind, RunState, RunStatus};
use crate::state::AppState;
use crate::workspace::RUNS_DIR;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream::Stream;
use serde::Deserialize;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

mod compare_view;
mod download_name;

/// The files of a run that can be downloaded, with their media type.
const RUN_FILES: [(&str, &str); 15] = [
    ("plan.json", "application/json"),
    (crate::queue::SHORT_REPORT, "text/html; charset=utf-8"),
    (crate::queue::PREVIEW_FILE, "application/json"),
    ("scenario.toml", "text/plain; charset=utf-8"),
    ("status.json", "application/json"),
    ("allocation.csv", "text/csv; charset=utf-8"),
    ("sectors.csv", "text/csv; charset=utf-8"),
    ("summary.txt", "text/plain; charset=utf-8"),
    ("report.html", "text/html; charset=utf-8"),
    ("plan.geojson", "application/geo+json"),
    ("plan.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("manifest.json", "application/json"),
    ("compare.csv", "text/csv; charset=utf-8"),
    ("frontier.csv", "text/csv; charset=utf-8"),
    ("frontier.svg", "image/svg+xml"),
];

/// A request to plan.
#[derive(Deserialize)]
pub struct PlanRequest {
    /// Scenario file of the instance folder (ignored with `from_run`).
    #[serde(default)]
    scenario: String,
    /// Plan again with the scenario saved in this run (the frontier of a run's plan), or, with
    /// the kind `complete`, complete the explanations of its plan.
    #[serde(default)]
    from_run: Option<String>,
    /// What to compute (default: the plan).
    #[serde(default)]
    kind: RunKind,
}

/// What a run's report is about, for its header: the instance, the scenario file it was asked
/// with, the run, and the day it was asked (its `status.json` records it).
pub(crate) fn report_context(status: &RunStatus) -> sectoria_report::ReportContext {
    use sectoria_report::{Day, ReportContext};
    ReportContext {
        instance: Some(status.instance.clone()),
        scenario: Some(status.scenario.clone()),
        run: Some(status.run.clone()),
        date: Some(Day::from_epoch_s(status.created_s)),
    }
}

/// `POST /api/instances/{instance}/runs`: queues a run of the scenario file as it is now (or
/// of the scenario saved in the run `from_run`).
pub async fn submit(
    State(state): State<Arc<AppState>>,
    Path(instance): Path<String>,
    Json(req): Json<PlanRequest>,
) -> Result<(StatusCode, Json<RunStatus>), ApiError> {
    let dir = state.workspace.instance(&instance)?;
    if req.kind == RunKind::Complete && req.from_run.is_none() {
        return Err(ApiError::bad_request(
            "« Compléter les explications » s'applique à une planification terminée : donnez-la (from_run)",
        ));
    }
    let (name, text) = match &req.from_run {
        Some(run) => {
            let run_dir = run_dir(&state, &instance, run)?;
            let status = RunStatus::read(&run_dir, true)
                .ok_or_else(|| ApiError::not_found(format!("pas de planification « {run} » pour {instance}")))?;
            if req.kind == RunKind::Complete && (status.state != RunState::Done || status.missing_explanations == 0) {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "W409",
                    format!(
                        "la planification {run} n'a pas d'explications à compléter : seule une planification \
                         terminée dont les explications ont été arrêtées en a"
                    ),
                ));
            }
            let text = std::fs::read_to_string(run_dir.join("scenario.toml"))
                .map_err(|_| ApiError::not_found(format!("la planification {run} n'a plus son scenario.toml")))?;
            (status.scenario, text)
        }
        None => {
            let path = state.workspace.resolve(&[&instance, &req.scenario])?;
            let text = std::fs::read_to_string(&path).map_err(|_| {
                ApiError::not_found(format!("le scénario {} n'existe pas : enregistrez-le d'abord", req.scenario))
            })?;
            (req.scenario.clone(), text)
        }
    };
    let from_run = req.from_run.filter(|_| req.kind == RunKind::Complete);
    let status = state.queue.submit(&instance, &dir, &name, &text, req.kind, from_run)?;
    Ok((StatusCode::ACCEPTED, Json(status)))
}

/// `GET /api/instances/{instance}/runs`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Path(instance): Path<String>,
) -> Result<Json<Vec<RunStatus>>, ApiError> {
    let dir = state.workspace.instance(&instance)?;
    Ok(Json(crate::data::runs_of(&state, &instance, &dir)))
}

fn run_dir(state: &AppState, instance: &str, run: &str) -> Result<std::path::PathBuf, ApiError> {
    state.workspace.instance(instance)?;
    let dir = state.workspace.resolve(&[instance, RUNS_DIR, run])?;
    if dir.join(crate::queue::STATUS_FILE).is_file() {
        Ok(dir)
    } else {
        Err(ApiError::not_found(format!("pas de planification « {run} » pour {instance}")))
    }
}

/// `POST /api/instances/{instance}/runs/{run}/cancel`.
pub async fn cancel(
    State(state): State<Arc<AppState>>,
    Path((instance, run)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let dir = run_dir(&state, &instance, &run)?;
    if let Some(message) = state.queue.cancel(&dir, &instance, &run) {
        Ok(Json(serde_json::json!({ "message": format!("planification {run} {message}") })))
    } else {
        Err(ApiError::new(StatusCode::CONFLICT, "W409", "cette planification est déjà terminée"))
    }
}

/// `POST /api/instances/{instance}/runs/{run}/stop`: stops an explained run's counterfactuals
/// or a frontier run's solves and keeps its plan (see [`crate::queue::RunQueue::stop`]).
pub async fn stop(
    State(state): State<Arc<AppState>>,
    Path((instance, run)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let dir = run_dir(&state, &instance, &run)?;
    match state.queue.stop(&dir, &instance, &run) {
        Ok(message) => Ok(Json(serde_json::json!({ "message": format!("planification {run} : {message}") }))),
        Err(why) => Err(ApiError::new(StatusCode::CONFLICT, "W409", why)),
    }
}

/// `POST /api/instances/{instance}/runs/{run}/adopt`: the run's plan becomes the instance's
/// `current.csv` (today's sectors), as `sectoria adopt --force` does: the former file is kept
/// under a dated name, and nothing is written when the instance no longer knows the plan's
/// workers or establishments.
pub async fn adopt(
    State(state): State<Arc<AppState>>,
    Path((instance, run)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let inst_dir = state.workspace.instance(&instance)?;
    let (_, plan) = done_plan(&state, &instance, &run)?;
    let adopted = sectoria_run::adopt::adopt(&inst_dir, &plan, true).map_err(|e| ApiError::run(&e))?;
    let name = |p: &std::path::Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut message = format!(
        "Planification {run} adoptée : current.csv décrit désormais les secteurs actuels ({} lignes, {} assistants)",
        adopted.lines, adopted.workers
    );
    if let Some(b) = &adopted.backup {
        message.push_str(&format!(" ; l'ancien est gardé sous {}", name(b)));
    }
    if !adopted.bases_chosen.is_empty() {
        message.push_str(&format!(
            " ; résidences choisies par le modèle pour {}, non écrites dans workers.csv",
            adopted.bases_chosen.join(", ")
        ));
    }
    if let Some(advice) = &adopted.continuity_advice {
        message.push_str(&format!(". Attention : {advice}"));
    }
    // Whether the plan stays checkable with this folder, as `sectoria adopt` says it.
    if let Some(record) = &adopted.record {
        message.push_str(&format!(". {}", record.trim_end_matches('.')));
    }
    Ok(Json(serde_json::json!({ "message": message, "backup": adopted.backup.as_deref().map(name) })))
}

/// `GET /api/events`: every run's status changes, as server-sent events.
pub async fn events(
    State(state): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let rx = state.queue.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(data) => return Some((Ok(Event::default().event("run").data(data)), rx)),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Whether to send a file as a download.
#[derive(Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    download: bool,
}

/// `GET /api/instances/{instance}/runs/{run}/files/{file}`.
pub async fn file(
    State(state): State<Arc<AppState>>,
    Path((instance, run, file)): Path<(String, String, String)>,
    Query(q): Query<FileQuery>,
) -> Result<Response, ApiError> {
    let Some((_, media)) = RUN_FILES.iter().find(|(n, _)| *n == file) else {
        return Err(ApiError::not_found(format!("« {file} » n'est pas un fichier de planification")));
    };
    let dir = run_dir(&state, &instance, &run)?;
    let path = state.workspace.resolve(&[&instance, RUNS_DIR, &run, &file])?;
    let bytes = std::fs::read(&path)
        .map_err(|_| ApiError::not_found(format!("{file} n'existe pas (encore) dans {}", dir.display())))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if q.download {
        // Named for the scenario it was asked with: two alternatives are told apart in Downloads.
        let status = RunStatus::read(&dir, state.queue.is_live(&instance, &run));
        let name = download_name::download_name(&instance, status.as_ref().map(|s| s.scenario.as_str()), &run, &file);
        if let Ok(v) = HeaderValue::from_str(&download_name::content_disposition(&name)) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(response)
}

/// The plan a page shows of a run: a done run's `plan.json`, or the plan a running explained
/// or frontier run has found ([`crate::queue::PREVIEW_FILE`]) while its explanations or frontier
/// go on. What only a done run has (adoption, comparison) asks [`done_plan`].
pub(crate) fn shown_plan(
    state: &AppState,
    instance: &str,
    run: &str,
) -> Result<(std::path::PathBuf, sectoria_core::Plan), ApiError> {
    let (dir, status) = run_status(state, instance, run)?;
    if status.is_some_and(|s| s.state == RunState::Running && s.has_plan) {
        if let Ok(plan) = sectoria_io::read_plan(&dir.join(crate::queue::PREVIEW_FILE)) {
            return Ok((dir, plan));
        }
    }
    // No preview (yet, or any more: the run may have ended while it was read): its status again.
    done_plan(state, instance, run)
}

pub(crate) fn done_plan(
    state: &AppState,
    instance: &str,
    run: &str,
) -> Result<(std::path::PathBuf, sectoria_core::Plan), ApiError> {
    let (dir, status) = run_status(state, instance, run)?;
    match status.map(|s| s.state) {
        Some(RunState::Done) => {}
        Some(RunState::Queued | RunState::Running) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "W409",
                format!("la planification {run} n'est pas terminée : attendez sa fin (page Planifier)"),
            ))
        }
        _ => {
            return Err(ApiError::new(StatusCode::CONFLICT, "W409", format!("la planification {run} n'a pas de plan")))
        }
    }
    let plan = sectoria_io::read_plan(&dir.join("plan.json")).map_err(|e| ApiError::input(&e))?;
    Ok((dir, plan))
}

/// A run's folder and its status as the queue sees it (a run the queue no longer holds is not live).
fn run_status(
    state: &AppState,
    instance: &str,
    run: &str,
) -> Result<(std::path::PathBuf, Option<RunStatus>), ApiError> {
    let dir = run_dir(state, instance, run)?;
    let status = RunStatus::read(&dir, state.queue.is_live(instance, run));
    Ok((dir, status))
}

/// `GET /api/instances/{instance}/runs/{run}/trade`: the sentences of the terminal's summary
/// around the figures: the solver's status with its tolerance in % and in points, what the
/// optimisation trades against the rule of thumb (losses first), what the rule of thumb
/// leaves unused, when it does, and the continuity with today's sectors (`null` without them).
pub async fn trade(
    State(state): State<Arc<AppState>>,
    Path((instance, run)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (_, plan) = shown_plan(&state, &instance, &run)?;
    // A plan a time limit left on the rule of thumb is not called optimised (its sentence and
    // the heading of its figures say so).
    let trade = sectoria_report::trade::plan_trade_sentence(&plan);
    let label = sectoria_report::trade::plan_label(&plan);
    let baseline = sectoria_report::summary::baseline_note(&plan);
    let status = sectoria_report::summary::solver_phrase(&plan);
    let continuity = sectoria_report::summary::continuity_line(&plan);
    // Against today's sectors (current.csv), as the terminal and the report say it.
    let today = sectoria_report::today::today_trade_sentence(&plan);
    let today_note = sectoria_report::today::today_note(&plan);
    Ok(Json(serde_json::json!({
        "status": status,
        "trade": trade,
        "plan_label": label,
        "baseline": baseline,
        "continuity": continuity,
        "today": today,
        "today_note": today_note,
    })))
}

/// `GET /api/instances/{instance}/runs/{run}/explain/{uai}`: `sectoria explain`'s text for
/// one establishment (without the change cost, which needs a new solve per establishment), what
/// a point is with the plan's scenario (`points`, as `sectoria explain` prints it first), and
/// for the counterfactual the plan carries, whether each of its differences is in the chain of
/// the change (`in_chain`, [`sectoria_core::reason::differences_in_chain`]; `null` without one):
/// only the others may be equally good variants.
pub async fn explain(
    State(state): State<Arc<AppState>>,
    Path((instance, run, uai)): Path<(String, String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let inst_dir = state.workspace.instance(&instance)?;
    let (_, plan) = shown_plan(&state, &instance, &run)?;
    let points = sectoria_core::reason::points_meaning(&plan.scenario);
    let in_chain = plan
        .establishments
        .iter()
        .find(|e| e.uai == uai)
        .and_then(|e| e.explanation.as_ref())
        .map(|x| sectoria_core::reason::differences_in_chain(&x.counterfactual.differences));
    let text = tokio::task::spawn_blocking(move || -> Result<String, ApiError> {
        let inst = sectoria_run::load_instance(&inst_dir).map_err(|e| ApiError::input(&e))?;
        let problem = sectoria_core::Problem::new(&inst, &plan.scenario)
            .map_err(|e| ApiError::run(&sectoria_run::Error::from(e)))?;
        let all = sectoria_scenarios::explain_all(&problem, &plan)
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "W422", e.to_string()))?;
        all.iter()
            .find(|e| e.uai == uai)
            .map(|e| e.to_string())
            .ok_or_else(|| ApiError::not_found(format!("l'établissement {uai} n'est pas dans ce plan")))
    })
    .await
    .map_err(|_| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "W500", "l'explication s'est arrêtée sur une erreur interne")
    })??;
    Ok(Json(serde_json::json!({ "text": text, "points": points, "in_chain": in_chain })))
}

/// `GET /api/instances/{instance}/runs/{run}/check`: `sectoria check` on the saved run.
pub async fn check(
    State(state): State<Arc<AppState>>,
    Path((instance, run)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let inst_dir = state.workspace.instance(&instance)?;
    let (dir, plan) = shown_plan(&state, &instance, &run)?;
    let scenario_path = dir.join("scenario.toml");
    let result = tokio::task::spawn_blocking(move || -> Result<(Vec<String>, Option<String>), ApiError> {
        let inst = sectoria_run::load_instance(&inst_dir).map_err(|e| ApiError::input(&e))?;
        let scenario = sectoria_run::read_scenario(&scenario_path).map_err(|e| ApiError::input(&e))?;
        let files = sectoria_io::input_hashes(&inst_dir, &scenario_path).map_err(|e| ApiError::input(&e))?;
        // As `sectoria check`: an adopted plan is checked with the inputs it was computed from;
        // a changed file or scenario leads the problems, named.
        let inputs =
            sectoria_run::adopt::record::check_inputs(&inst_dir, &plan, inst, files).map_err(|e| ApiError::run(&e))?;
        let report = sectoria_run::check_with_inputs(&inputs.instance, &scenario, &plan, &inputs.files)
            .map_err(|e| ApiError::run(&e))?;
        Ok((inputs.lost.into_iter().chain(report.problems).collect(), inputs.note))
    })
    .await
    .map_err(|_| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "W500", "la vérification s'est arrêtée sur une erreur interne")
    })??;
    let (problems, note) = result;
    Ok(Json(serde_json::json!({ "valid": problems.is_empty(), "problems": problems, "note": note })))
}

/// The two runs to compare.
#[derive(Deserialize)]
pub struct CompareQuery {
    a: String,
    b: String,
}

/// `GET /api/instances/{instance}/compare?a=RUN&b=RUN`: `sectoria compare`'s comparison as
/// Comparer's tables ([`compare_view`]: figures, objective, workers and establishments by name),
/// with its text and CSV.
pub async fn compare(
    State(state): State<Arc<AppState>>,
    Path(instance): Path<String>,
    Query(q): Query<CompareQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (_, a) = done_plan(&state, &instance, &q.a)?;
    let (_, b) = done_plan(&state, &instance, &q.b)?;
    let comparison = sectoria_scenarios::compare(&a, &b);
    let names = compare_view::Names::of(&a, &b);
    // The establishments that change, as the comparison counts them (B's interchangeable posts
    // named after A's), for the page's list and map; workers by their names, establishments by
    // theirs told apart from their homonyms.
    let changes: Vec<serde_json::Value> = comparison
        .changed_establishments()
        .map(|e| {
            serde_json::json!({
                "uai": e.uai,
                "name": names.establishment(&e.uai),
                "evolution": names.in_text(&e.describe()),
                "trend": compare_view::trend(e),
                "worker_alone": e.only_worker_changes(),
                "units_before": e.units_before,
                "units_after": e.units_after,
                "before": compare_view::served(&names, &e.workers_before, e.units_before),
                "after": compare_view::served(&names, &e.workers_after, e.units_after),
            })
        })
        .collect();
    Ok(Json(serde_json::json!({
        "text": comparison.to_string(),
        "csv": comparison.to_csv(),
        "view": compare_view::view(&comparison, &names),
        "changes": changes,
        // What Résultats says of a replan against the run before it, and Comparer's table of B's
        // posts named after A's.
        "establishments_served": [comparison.headline_before.establishments_served, comparison.headline_after.establishments_served],
        "renamed": comparison.renamed,
        "same_run": q.a == q.b,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A web run's report names its instance, the scenario file it was asked with (not the
    /// copy `scenario.toml` its folder keeps), the run and the day its status records.
    #[test]
    fn a_run_s_report_names_its_instance_scenario_run_and_day() {
        let status = RunStatus {
            instance: "066".into(),
            run: "20261202-044713-3".into(),
            scenario: "budget-12.toml".into(),
            settings: None,
            workers_fte: None,
            kind: RunKind::Plan,
            state: RunState::Done,
            message: String::new(),
            created_s: 1_796_186_833,
            elapsed_s: 1.0,
            started_s: None,
            documents: true,
            from_run: None,
            missing_explanations: 0,
            establishments: 0,
            inputs: Default::default(),
            changed_since: Vec::new(),
            has_plan: false,
            short_report: false,
        };
        let context = report_context(&status);
        let plan = sectoria_core::test_support::small_plan();
        let html =
            sectoria_report::html_report_with(&plan, &sectoria_report::ReportOptions { context, ..Default::default() })
                .unwrap_or_default();
        assert!(
            html.contains(
                "<p id=\"contexte\">Instance <strong>066</strong> · scénario <strong>budget-12.toml</strong> · \
                 planification <strong>20261202-044713-3</strong> · calculé le 2 décembre 2026</p>"
            ),
            "{}",
            &html[..html.len().min(3000)]
        );
    }
}
