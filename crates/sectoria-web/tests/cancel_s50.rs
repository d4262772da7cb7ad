//! A running plan cancelled frees the queue: its solve is asked to stop and ends within seconds,
//! not at the end of its search, so the run queued behind it starts at once; the cancel says how
//! long the computation may still take at most, and the run, once ended, that its solve stopped.

mod common;
use axum::http::StatusCode;
use common::{call, get, message, send, wait_for_end};
use sectoria_web::{router, AppState, Config};
use std::path::Path;
use std::time::{Duration, Instant};

/// A workspace with the demo (`demo`) and, in `postes`, its establishments and their distances
/// without the workers, with `long.toml`: the demo's scenario in budget-only mode (20 posts whose
/// bases the solver chooses) asked for an exact optimum within 120 s, a search of 12 s or more
/// (up to its whole time limit on a busy machine).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    for folder in ["demo", "postes"] {
        std::fs::create_dir(dir.path().join(folder)).expect("instance folder");
    }
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), dir.path().join("demo").join(f)).expect("demo file");
    }
    let postes = dir.path().join("postes");
    std::fs::copy(demo.join("establishments.csv"), postes.join("establishments.csv")).expect("demo file");
    let distances = std::fs::read_to_string(demo.join("distances.csv")).expect("demo distances");
    let between: String = distances.lines().filter(|l| !l.contains("ASS")).map(|l| format!("{l}\n")).collect();
    std::fs::write(postes.join("distances.csv"), between).expect("distances");
    let mut long = std::fs::read_to_string(demo.join("scenario.toml")).expect("demo scenario");
    for (from, to) in [
        ("# total_fte = 22.8", "total_fte = 20.0"),
        ("must_cover = [\"rep_plus\"]", "must_cover = []"),
        ("relative_gap = 0.001", "relative_gap = 0.0"),
    ] {
        assert!(long.contains(from), "the demo's scenario has « {from} »");
        long = long.replace(from, to);
    }
    assert!(long.contains("time_limit_s = 120.0"), "the demo's scenario has 120 s");
    std::fs::write(postes.join("long.toml"), long).expect("scenario");
    dir
}

async fn submit(app: &axum::Router, instance: &str, scenario: &str) -> String {
    let body = serde_json::json!({ "scenario": scenario }).to_string();
    let (status, queued) =
        call(app, send("POST", &format!("/api/instances/{instance}/runs"), "application/json", body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    queued["run"].as_str().expect("run name").to_string()
}

async fn state_of(app: &axum::Router, instance: &str, run: &str) -> serde_json::Value {
    let (_, runs) = call(app, get(&format!("/api/instances/{instance}/runs"))).await;
    runs.as_array().into_iter().flatten().find(|r| r["run"] == run).cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_long_solve_frees_the_queue_within_seconds() {
    let ws = workspace();
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let app = router(AppState::new(config, sectoria_web::cli_planner()).expect("state"));
    let long = submit(&app, "postes", "long.toml").await;
    for _ in 0..500 {
        if state_of(&app, "postes", &long).await["state"] == "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let next = submit(&app, "demo", "scenario.toml").await;
    // Well into its search.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(state_of(&app, "postes", &long).await["state"], "running", "the long run is still solving");

    let cancel = send("POST", &format!("/api/instances/postes/runs/{long}/cancel"), "application/json", "");
    let (status, answer) = call(&app, cancel).await;
    let cancelled_at = Instant::now();
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(message(&answer).contains("au plus tard dans 2 min"), "at most its 120 s from its start: {answer}");

    let done = wait_for_end(&app, "demo", &next).await;
    let waited = cancelled_at.elapsed();
    assert_eq!(done["state"], "done", "{done}");
    assert!(waited < Duration::from_secs(60), "the next run waited {:.1} s after the cancel", waited.as_secs_f64());
    let ended = wait_for_end(&app, "postes", &long).await;
    assert_eq!(ended["state"], "cancelled", "{ended}");
    let said = message(&ended);
    assert!(said.contains("arrêté à la demande, le calcul a fini en arrière-plan après"), "its solve stopped: {said}");
    assert!(!said.contains("interrompue à la demande"), "said once: {said}");
    assert!(!ws.path().join("postes/runs").join(&long).join("plan.json").exists(), "no plan written");
}
