//! A server stop keeps the work done: the explained run under way writes its plan with the
//! counterfactuals computed and the queued runs never start; a run killed after its plan was
//! found gets that plan back, done without its explanations, at the next start.

#[allow(dead_code)]
mod common;
use common::{call, get, send};
use sectoria_web::{router, AppState, Config};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

fn demo_workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(ws.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), ws.path().join("demo").join(f)).expect("demo file");
    }
    ws
}

fn state(ws: &Path) -> Arc<AppState> {
    let config = Config { workspace: ws.to_path_buf(), token: None, extra_host: None };
    AppState::new(config, sectoria_web::cli_planner()).expect("state")
}

fn status(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("status.json")).expect("status.json")).expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_stop_writes_the_plan_under_way_and_starts_nothing_queued() {
    let ws = demo_workspace();
    let state = state(ws.path());
    let app = router(state.clone());
    let submit = |kind: &'static str| {
        let app = app.clone();
        async move {
            let body = format!(r#"{{"scenario":"scenario.toml","kind":"{kind}"}}"#);
            let (code, queued) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
            assert!(code.is_success(), "{queued}");
            queued["run"].as_str().expect("run name").to_string()
        }
    };
    let explained = submit("explain").await;
    let queued = submit("explain").await;
    let runs = ws.path().join("demo/runs");
    // Its plan found and a counterfactual computed.
    for _ in 0..30_000 {
        let (_, list) = call(&app, get("/api/instances/demo/runs")).await;
        let r = list.as_array().into_iter().flatten().find(|r| r["run"] == explained.as_str()).cloned().expect("run");
        let message = r["message"].as_str().unwrap_or_default();
        assert!(matches!(r["state"].as_str(), Some("queued" | "running")), "ended before the stop: {r}");
        if message.contains("contrefactuels : ") && !message.contains("contrefactuels : 0 ") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let said = std::sync::Mutex::new(Vec::new());
    let queue = state.clone();
    tokio::task::spawn_blocking(move || {
        queue.queue.shut_down(Duration::from_secs(120), &|line| said.lock().expect("lines").push(line.to_string()));
        said.into_inner().expect("lines")
    })
    .await
    .map(|lines| assert!(lines.iter().any(|l| l.contains("écrit son plan")), "{lines:?}"))
    .expect("the stop ends");

    let dir = runs.join(&explained);
    let done = status(&dir);
    assert_eq!(done["state"], "done", "{done}");
    let plan = sectoria_io::read_plan(&dir.join("plan.json")).expect("plan.json written");
    let explained_n = plan.establishments.iter().filter(|e| e.explanation.is_some()).count();
    assert!(explained_n > 0, "the counterfactuals computed before the stop are kept");
    assert!(!dir.join("preview.json").exists());
    // The queued run never started: read as interrupted, without a plan.
    let waiting = runs.join(&queued);
    assert!(!waiting.join("plan.json").exists() && !waiting.join("preview.json").exists());
    assert_eq!(status(&waiting)["state"], "queued");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_after_its_plan_was_found_keeps_it_at_the_next_start() {
    let ws = demo_workspace();
    // A run killed mid-explanations: its status says running with its plan, and the preview is there.
    let demo = ws.path().join("demo");
    let loaded = sectoria_run::load_inputs(&demo, &demo.join("scenario.toml")).expect("demo inputs");
    let mut plan = sectoria_run::plan(&loaded.instance, &loaded.scenario).expect("a plan");
    plan.inputs = loaded.hashes.clone();
    let dir = demo.join("runs/20261207-101010-1");
    std::fs::create_dir_all(&dir).expect("run folder");
    std::fs::copy(demo.join("scenario.toml"), dir.join("scenario.toml")).expect("scenario copy");
    std::fs::write(dir.join("preview.json"), sectoria_io::write_plan_json(&plan)).expect("preview");
    let killed = serde_json::json!({
        "instance": "demo", "run": "20261207-101010-1", "scenario": "scenario.toml", "kind": "explain",
        "state": "running", "message": "plan trouvé ; contrefactuels : 3 établissements sur 30…",
        "created_s": 1_796_000_000u64, "elapsed_s": 0.0, "has_plan": true,
        "started_s": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs_f64() - 5.0
    });
    std::fs::write(dir.join("status.json"), killed.to_string()).expect("status");

    let app = router(state(ws.path()));
    let (_, list) = call(&app, get("/api/instances/demo/runs")).await;
    let r = list.as_array().into_iter().flatten().find(|r| r["run"] == "20261207-101010-1").cloned().expect("run");
    assert_eq!(r["state"], "done", "{r}");
    assert!(r["message"].as_str().is_some_and(|m| m.contains("le plan, déjà trouvé, est gardé")), "{r}");
    assert_eq!(r["missing_explanations"].as_u64(), Some(plan.establishments.len() as u64), "{r}");
    let ran = r["elapsed_s"].as_f64().unwrap_or_default();
    assert!((4.0..60.0).contains(&ran), "its time until its plan was found: {r}");
    let kept = sectoria_io::read_plan(&dir.join("plan.json")).expect("plan.json written");
    assert_eq!(kept.kpis.establishments_served, plan.kpis.establishments_served);
    assert!(dir.join("report.html").exists(), "its committee documents are written");
    assert!(!dir.join("preview.json").exists());
    // Adoptable and comparable as any done run.
    let (code, _) = call(&app, get("/api/instances/demo/runs/20261207-101010-1/files/plan.json")).await;
    assert_eq!(code, 200);
}

#[test]
fn a_second_server_on_the_same_workspace_is_refused_and_says_why() {
    let ws = demo_workspace();
    let first = state(ws.path());
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let refused = AppState::new(config.clone(), sectoria_web::cli_planner()).err().expect("a second server refused");
    assert_eq!(refused.kind(), std::io::ErrorKind::WouldBlock);
    assert!(refused.to_string().contains("un autre « sectoria serve »"), "{refused}");
    assert!(refused.to_string().contains(&format!("processus {}", std::process::id())), "{refused}");
    drop(first);
    assert!(
        AppState::new(config, sectoria_web::cli_planner()).is_ok(),
        "once the first is gone, the workspace is free"
    );
}
