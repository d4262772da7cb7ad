//! The plan of an explained run is shown while its counterfactuals go on: once found it is
//! written as `preview.json`, which the pages read with the explanation, trade and check of the
//! plan; it goes when the run ends, replaced by `plan.json`.

mod common;
use common::{call, get, message, send, wait_for_end};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_explained_run_shows_its_plan_before_its_counterfactuals_end() {
    let ws = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(ws.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), ws.path().join("demo").join(f)).expect("demo file");
    }
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let app = router(AppState::new(config, sectoria_web::cli_planner()).expect("state"));
    let body = r#"{"scenario":"scenario.toml","kind":"explain"}"#;
    let (status, queued) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert!(status.is_success(), "{queued}");
    let run = queued["run"].as_str().expect("run name").to_string();
    let dir = ws.path().join("demo/runs").join(&run);

    // Running, its plan found: the page can read it, before any plan.json.
    let mut seen = None;
    for _ in 0..30_000 {
        let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
        let r = runs.as_array().into_iter().flatten().find(|r| r["run"] == run.as_str()).cloned().expect("the run");
        if r["state"] == "running" && r["has_plan"] == true {
            seen = Some(r);
            break;
        }
        assert!(matches!(r["state"].as_str(), Some("queued" | "running")), "ended before its plan was seen: {r}");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let seen = seen.expect("the run's plan found while it runs");
    assert!(seen["message"].as_str().is_some_and(|m| m.starts_with("plan trouvé")), "{seen}");
    assert!(!dir.join("plan.json").exists(), "plan.json only once the run ends");
    let (status, preview) = call(&app, get(&format!("/api/instances/demo/runs/{run}/files/preview.json"))).await;
    assert_eq!(status, 200, "{preview}");
    let served = preview["kpis"]["establishments_served"].as_u64().expect("the plan's figures");
    assert!(served > 0, "{preview}");
    let (status, explained) = call(&app, get(&format!("/api/instances/demo/runs/{run}/explain/0990016E"))).await;
    assert_eq!(status, 200, "{explained}");
    let (status, trade) = call(&app, get(&format!("/api/instances/demo/runs/{run}/trade"))).await;
    assert_eq!(status, 200, "{trade}");
    let (status, checked) = call(&app, get(&format!("/api/instances/demo/runs/{run}/check"))).await;
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked["valid"], true, "{checked}");
    // Adopting waits for the end of the run.
    let (status, refused) =
        call(&app, send("POST", &format!("/api/instances/demo/runs/{run}/adopt"), "application/json", "")).await;
    assert!(status.is_client_error(), "{status} {refused}");
    assert!(message(&refused).contains("n'est pas terminée"), "{refused}");

    // Once a counterfactual is computed, stopped: it ends done with the same plan; the preview is gone.
    for _ in 0..30_000 {
        let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
        let r = runs.as_array().into_iter().flatten().find(|r| r["run"] == run.as_str()).cloned().expect("the run");
        let message = r["message"].as_str().unwrap_or_default();
        if r["state"] != "running"
            || (message.contains("contrefactuels : ") && !message.contains("contrefactuels : 0 "))
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let (status, stopped) =
        call(&app, send("POST", &format!("/api/instances/demo/runs/{run}/stop"), "application/json", "")).await;
    assert!(status.is_success(), "{stopped}");
    let ended = wait_for_end(&app, "demo", &run).await;
    assert_eq!(ended["state"], "done", "{ended}");
    assert!(!dir.join("preview.json").exists(), "the preview goes with the run's end");
    let (status, _) = call(&app, get(&format!("/api/instances/demo/runs/{run}/files/preview.json"))).await;
    assert_eq!(status, 404);
    let plan = sectoria_io::read_plan(&dir.join("plan.json")).expect("plan.json");
    assert_eq!(plan.kpis.establishments_served as u64, served, "the plan shown is the plan written");
    // With the explanations computed before the stop, the committee's short report beside the full one.
    assert!(plan.establishments.iter().any(|e| e.explanation.is_some()), "a counterfactual computed before the stop");
    let (status, short) = call(&app, get(&format!("/api/instances/demo/runs/{run}/files/report-court.html"))).await;
    assert_eq!(status, 200);
    assert!(short.as_str().is_some_and(|t| t.contains("Version courte")), "the short report says so");
    let full = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert!(!full.contains("Version courte") && full.len() > short.as_str().unwrap_or_default().len());
}
