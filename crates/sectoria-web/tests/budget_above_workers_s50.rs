//! A budget above the time of workers.csv changes nothing: the plan distributes their time, no
//! more. The server gives that time to the pages — the instance's, for the Budget field of the
//! Scénario page, and each run's, for its label « Budget (ETP) 30 (22,8 utilisés : temps des
//! assistants) » —, and the library's warning is one that Résultats puts « À dire au comité »
//! (tester's finding 1, session 50: a « −1 ETP » alternative that was the same plan).

// Shared helpers; this file uses some of them.
#[allow(dead_code)]
mod common;
use axum::http::StatusCode;
use common::{call, get, send, wait_for_end};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

const APP_JS: &str = include_str!("../assets/app.js");

/// The demo instance (22,8 ETP of workers) with `above.toml`, a budget of 30 ETP.
fn demo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(dir.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), dir.path().join("demo").join(f)).expect("demo file");
    }
    std::fs::write(dir.path().join("demo/above.toml"), "schema = 1\n\n[budget]\ntotal_fte = 30.0\n").expect("scenario");
    dir
}

fn app(dir: &Path) -> axum::Router {
    let config = Config { workspace: dir.to_path_buf(), token: None, extra_host: None };
    router(AppState::new(config, sectoria_web::cli_planner()).expect("state"))
}

/// The words of app.js's `COMMITTEE_WARNINGS` that put the budget's warning before the
/// committee (a regular expression without any special character: read literally).
fn committee_budget_words() -> String {
    let line = APP_JS
        .lines()
        .find(|l| l.starts_with("const COMMITTEE_WARNINGS = ["))
        .expect("app.js defines COMMITTEE_WARNINGS on one line");
    let words = line
        .split('/')
        .find(|part| part.contains("temps des assistants"))
        .expect("COMMITTEE_WARNINGS names the budget above the workers' time")
        .to_string();
    assert!(!words.contains(|c: char| r".*+?()[]{}|\^$".contains(c)), "{words}");
    words
}

fn workers_fte(v: &serde_json::Value) -> Option<f64> {
    v["workers_fte"].as_f64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budget_above_the_workers_time_is_said_with_the_time_used() {
    let ws = demo_workspace();
    let app = app(ws.path());

    // The Scénario page's figure: the sum of the quotités, as the reader reads workers.csv.
    let (status, view) = call(&app, get("/api/instances/demo")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(workers_fte(&view), Some(22.8), "{}", view["workers_fte"]);

    // A queued run says it already (the label of Planifier's queue), and its plan's once done.
    let body = serde_json::json!({ "scenario": "above.toml" }).to_string();
    let (status, queued) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    assert_eq!(workers_fte(&queued), Some(22.8), "{queued}");
    assert_eq!(queued["settings"][0], serde_json::json!(["budget.total_fte", "30"]), "{queued}");
    let run = queued["run"].as_str().expect("run").to_string();
    let ended = wait_for_end(&app, "demo", &run).await;
    assert_eq!(ended["state"], "done", "{ended}");
    assert_eq!(workers_fte(&ended), Some(22.8), "{ended}");

    // The plan distributes the workers' time, and its warning says so in the words app.js
    // puts before the committee.
    let dir = ws.path().join("demo/runs").join(&run);
    let plan = sectoria_io::read_plan(&dir.join("plan.json")).expect("plan.json");
    assert!(plan.kpis.fte_available <= 22.8 + 1e-9, "{}", plan.kpis.fte_available);
    let words = committee_budget_words();
    let said: Vec<&String> = plan.warnings.iter().filter(|w| w.contains(&words)).collect();
    assert_eq!(said.len(), 1, "« {words} » in none or several of {:?}", plan.warnings);
    assert!(
        said[0].starts_with("budget.total_fte = 30,0 dépasse le temps des assistants de workers.csv (22,8 ETP)"),
        "{said:?}"
    );

    // A run recorded before its status kept the time: read from its plan.
    let status_file = dir.join("status.json");
    let mut recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&status_file).expect("status")).expect("JSON");
    recorded.as_object_mut().expect("object").remove("workers_fte");
    std::fs::write(&status_file, recorded.to_string()).expect("status written");
    let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
    let listed = runs.as_array().into_iter().flatten().find(|r| r["run"] == run.as_str()).expect("listed");
    assert_eq!(workers_fte(listed), Some(22.8), "{listed}");
}

#[tokio::test]
async fn without_workers_csv_there_is_no_workers_time() {
    let ws = demo_workspace();
    std::fs::remove_file(ws.path().join("demo/workers.csv")).expect("removed");
    std::fs::remove_file(ws.path().join("demo/current.csv")).expect("removed");
    let app = app(ws.path());
    let (status, view) = call(&app, get("/api/instances/demo")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert!(view["workers_fte"].is_null(), "{view}");
}
