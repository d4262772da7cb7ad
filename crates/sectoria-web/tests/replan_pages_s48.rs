//! What the pages need of the server after a replan and on the Scénario form: the comparison
//! says the establishments served by both runs and each change's half-days (Résultats sums a
//! replan up from them), a done run says its plan's establishments (« explications arrêtées à
//! 15/121 »), a form can be checked without being written (every refused field said at once),
//! and `solver.method` is offered as its values.

mod common;
use common::{call, get, message, send, wait_for_end};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

fn demo_app() -> (tempfile::TempDir, axum::Router) {
    let ws = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(ws.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), ws.path().join("demo").join(f)).expect("demo file");
    }
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let app = router(AppState::new(config, sectoria_web::cli_planner()).expect("state"));
    (ws, app)
}

async fn plan(app: &axum::Router) -> serde_json::Value {
    let body = r#"{"scenario":"scenario.toml","kind":"plan"}"#;
    let (status, queued) = call(app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert!(status.is_success(), "{queued}");
    let ended = wait_for_end(app, "demo", queued["run"].as_str().expect("run name")).await;
    assert_eq!(ended["state"], "done", "{ended}");
    ended
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replan_is_summed_up_from_the_comparison() {
    let (ws, app) = demo_app();
    let a = plan(&app).await;
    assert_eq!(a["establishments"], 121, "a done run says its plan's establishments: {a}");
    let first =
        sectoria_io::read_plan(&ws.path().join("demo/runs").join(a["run"].as_str().unwrap_or("")).join("plan.json"))
            .expect("plan.json");
    let unserved = first.establishments.iter().find(|e| e.workers.is_empty()).expect("an unserved establishment");
    let scenario = ws.path().join("demo/scenario.toml");
    let text = std::fs::read_to_string(&scenario).expect("scenario");
    std::fs::write(&scenario, text.replace("serve = []", &format!("serve = [\"{}\"]", unserved.uai)))
        .expect("lock written");
    let b = plan(&app).await;
    let uri = format!(
        "/api/instances/demo/compare?a={}&b={}",
        a["run"].as_str().unwrap_or(""),
        b["run"].as_str().unwrap_or("")
    );
    let (status, c) = call(&app, get(&uri)).await;
    assert_eq!(status, 200, "{c}");
    let served = c["establishments_served"].as_array().cloned().unwrap_or_default();
    assert_eq!(served.first().and_then(|v| v.as_u64()), Some(first.kpis.establishments_served as u64), "{c}");
    assert_eq!(served.len(), 2, "{c}");
    let gained =
        c["changes"].as_array().into_iter().flatten().find(|x| x["uai"] == unserved.uai.as_str()).expect("its change");
    assert_eq!(gained["units_before"], 0, "{gained}");
    assert!(gained["units_after"].as_u64().is_some_and(|u| u > 0), "{gained}");
    assert!(c["renamed"].as_array().is_some_and(|r| r.is_empty()), "workers of workers.csv are never renamed: {c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_is_checked_without_being_written_and_offers_the_methods() {
    let (ws, app) = demo_app();
    let (status, view) = call(&app, get("/api/instances/demo/scenarios/scenario.toml")).await;
    assert_eq!(status, 200, "{view}");
    let methods: Vec<&str> =
        view["options"]["solver.method"].as_array().into_iter().flatten().filter_map(|o| o["code"].as_str()).collect();
    assert_eq!(methods, ["auto", "compact"], "{}", view["options"]);
    let before = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario");
    let mut values = view["values"].clone();
    values["solver"]["method"] = serde_json::json!("compact");
    let form = serde_json::json!({ "values": values, "check_only": true }).to_string();
    let (status, ok) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/scenario.toml", "application/json", form)).await;
    assert_eq!(status, 200, "{ok}");
    values["travel"]["weight_per_km"] = serde_json::json!(-1.0);
    values["budget"]["unit_fte"] = serde_json::json!(-1.0);
    let form = serde_json::json!({ "values": values, "check_only": true }).to_string();
    let (status, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/scenario.toml", "application/json", form)).await;
    assert_eq!(status.as_u16(), 422, "{refused}");
    let keys: Vec<&str> = refused["cells"].as_array().into_iter().flatten().filter_map(|c| c["key"].as_str()).collect();
    assert!(keys.contains(&"travel.weight_per_km") && keys.contains(&"budget.unit_fte"), "{refused}");
    assert!(message(&refused).contains("positif ou nul"), "{refused}");
    let after = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario");
    assert_eq!(before, after, "a form only checked is not written");
}
