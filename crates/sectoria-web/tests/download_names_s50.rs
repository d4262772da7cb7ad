//! A run's files are downloaded under the name of the scenario they were asked with, the
//! document in French words — `demo-budget-moins-1-LP-…-rapport.html` —, so that two
//! alternatives are told apart in a Downloads folder (tester's finding 6, session 50: every
//! file was named by its run's timestamp only).

// Shared helpers; this file uses some of them.
#[allow(dead_code)]
mod common;
use axum::http::StatusCode;
use common::{call, get, send, wait_for_end};
use sectoria_web::{router, AppState, Config};
use std::path::Path;
use tower::ServiceExt;

/// The demo instance with `budget moins 1 LP.toml` and `scénario été.toml`.
fn demo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(dir.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), dir.path().join("demo").join(f)).expect("demo file");
    }
    let scenario = std::fs::read_to_string(demo.join("scenario.toml")).expect("scenario");
    for name in ["budget moins 1 LP.toml", "scénario été.toml"] {
        std::fs::write(dir.path().join("demo").join(name), &scenario).expect("scenario");
    }
    dir
}

fn app(dir: &Path) -> axum::Router {
    let config = Config { workspace: dir.to_path_buf(), token: None, extra_host: None };
    router(AppState::new(config, sectoria_web::cli_planner()).expect("state"))
}

/// A done run of `scenario`.
async fn run_of(app: &axum::Router, scenario: &str) -> String {
    let body = serde_json::json!({ "scenario": scenario }).to_string();
    let (status, queued) = call(app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    let run = queued["run"].as_str().expect("run").to_string();
    let ended = wait_for_end(app, "demo", &run).await;
    assert_eq!(ended["state"], "done", "{ended}");
    run
}

/// The `Content-Disposition` of `file` of `run`, downloaded (or shown, without `?download`).
async fn disposition(app: &axum::Router, run: &str, file: &str, download: bool) -> Option<String> {
    let query = if download { "?download=true" } else { "" };
    let response =
        app.clone().oneshot(get(&format!("/api/instances/demo/runs/{run}/files/{file}{query}"))).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK, "{file}");
    response.headers().get("content-disposition").map(|v| v.to_str().expect("ASCII header").to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_are_named_for_their_scenario_in_french_words() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let budget = run_of(&app, "budget moins 1 LP.toml").await;
    let summer = run_of(&app, "scénario été.toml").await;

    for (file, document) in [
        ("report.html", "rapport.html"),
        ("plan.xlsx", "classeur.xlsx"),
        ("sectors.csv", "secteurs.csv"),
        ("allocation.csv", "attribution.csv"),
        ("scenario.toml", "scenario.toml"),
    ] {
        let name = format!("demo-budget-moins-1-LP-{budget}-{document}");
        assert_eq!(
            disposition(&app, &budget, file, true).await.as_deref(),
            Some(format!("attachment; filename=\"{name}\"; filename*=UTF-8''{name}").as_str()),
        );
    }
    // Accented: an ASCII name for old clients, the UTF-8 one (RFC 5987) browsers take.
    assert_eq!(
        disposition(&app, &summer, "report.html", true).await.as_deref(),
        Some(
            format!(
                "attachment; filename=\"demo-scenario-ete-{summer}-rapport.html\"; \
                 filename*=UTF-8''demo-sc%C3%A9nario-%C3%A9t%C3%A9-{summer}-rapport.html"
            )
            .as_str()
        ),
    );
    // Shown in the page (not downloaded): no name given.
    assert_eq!(disposition(&app, &budget, "report.html", false).await, None);
}
