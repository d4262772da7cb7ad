//! What Comparer and the runs list need of the server (session 49): the comparison of two runs
//! as rows of figures already in French (A, B, difference; each priority category under the
//! establishments served), the objective's points apart, the workers and the establishments'
//! workers by name; the instance's bassins for the Scénario page; and the time an interrupted
//! run ran.

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

async fn plan(app: &axum::Router) -> String {
    let body = r#"{"scenario":"scenario.toml","kind":"plan"}"#;
    let (status, queued) = call(app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert!(status.is_success(), "{queued}");
    let ended = wait_for_end(app, "demo", queued["run"].as_str().expect("run name")).await;
    assert_eq!(ended["state"], "done", "{ended}");
    ended["run"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_comes_as_tables_with_names() {
    let (ws, app) = demo_app();
    let a = plan(&app).await;
    // B: an establishment A leaves unserved is required.
    let first = sectoria_io::read_plan(&ws.path().join("demo/runs").join(&a).join("plan.json")).expect("plan.json");
    let unserved = first.establishments.iter().find(|e| e.workers.is_empty() && e.kind.code() != "ecole").expect("one");
    let scenario = ws.path().join("demo/scenario.toml");
    let text = std::fs::read_to_string(&scenario).expect("scenario");
    std::fs::write(&scenario, text.replace("serve = []", &format!("serve = [\"{}\"]", unserved.uai))).expect("lock");
    let b = plan(&app).await;
    let (status, c) = call(&app, get(&format!("/api/instances/demo/compare?a={a}&b={b}"))).await;
    assert_eq!(status, 200, "{c}");
    let v = &c["view"];
    let figures = v["figures"].as_array().expect("figures");
    let row = |code: &str| figures.iter().find(|r| r["code"] == code).unwrap_or_else(|| panic!("{code}: {v}"));
    let served = row("establishments_served");
    assert_eq!(served["label"], "Établissements servis");
    assert_eq!(served["a"], first.kpis.establishments_served.to_string());
    assert!(served["difference"].as_str().is_some_and(|d| d.starts_with('+') || d == "0"), "{served}");
    // The priority categories right under the establishments served, « 6 sur 21 ».
    let at = figures.iter().position(|r| r["code"] == "establishments_served").expect("row");
    let next = &figures[at + 1];
    assert_eq!(next["detail"], true, "{next}");
    assert!(next["a"].as_str().is_some_and(|x| x.contains(" sur ")), "{next}");
    assert!(figures.iter().any(|r| r["code"].as_str().is_some_and(|c| c.ends_with(":need"))), "{v}");
    // No point in the key figures: the objective's terms apart.
    assert!(figures.iter().all(|r| !r["label"].as_str().unwrap_or_default().contains("Objectif")), "{v}");
    let terms: Vec<&str> =
        v["objective"]["rows"].as_array().into_iter().flatten().filter_map(|r| r["label"].as_str()).collect();
    assert_eq!(terms.last(), Some(&"Objectif total"), "{v}");
    // The setting that differs, by its French name.
    let inputs = v["inputs"]["rows"].as_array().expect("inputs");
    assert!(inputs.iter().any(|r| r["key"] == "locks.serve"), "{v}");
    // A sentence names the establishment gained.
    assert!(v["summary"].to_string().contains(&unserved.name), "{}", v["summary"]);
    // Workers by their name from workers.csv: « Claire B. (ASS01) ».
    let names: std::collections::BTreeMap<String, String> =
        first.workers.iter().filter_map(|w| w.name.clone().map(|n| (w.id.clone(), n))).collect();
    let workers = v["workers"].as_array().expect("workers");
    assert!(!workers.is_empty(), "a presence required moves a sector: {v}");
    for w in workers {
        let id = w["id"].as_str().unwrap_or_default();
        assert_eq!(w["label"], format!("{} ({id})", names[id]), "{w}");
    }
    let gained = c["changes"].as_array().into_iter().flatten().find(|x| x["uai"] == unserved.uai.as_str()).expect("it");
    let after = gained["after"].as_str().unwrap_or_default();
    assert!(names.iter().any(|(id, n)| after.starts_with(&format!("{n} ({id}) · "))), "{gained}");
    assert_eq!(gained["before"], "non servi");
    // A run that does not exist is refused in French.
    let (status, refused) = call(&app, get(&format!("/api/instances/demo/compare?a={a}&b=20000101-000000-1"))).await;
    assert_eq!(status, 404, "{refused}");
    assert!(message(&refused).contains("pas de planification"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_instance_lists_its_bassins_and_an_interrupted_run_its_time() {
    let (ws, app) = demo_app();
    let (status, view) = call(&app, get("/api/instances/demo")).await;
    assert_eq!(status, 200, "{view}");
    let bassins: Vec<&str> = view["bassins"].as_array().into_iter().flatten().filter_map(|b| b.as_str()).collect();
    assert!(bassins.contains(&"Bassin Nord"), "{bassins:?}");
    assert!(bassins.windows(2).all(|p| p[0] < p[1]), "sorted, each once: {bassins:?}");
    // A run left running by a server that stopped: interrupted, with the time it ran until its
    // last progress.
    let dir = ws.path().join("demo/runs/20261207-183940-6");
    std::fs::create_dir_all(&dir).expect("run folder");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs_f64();
    let status_json = serde_json::json!({
        "instance": "demo", "run": "20261207-183940-6", "scenario": "scenario.toml", "settings": [],
        "kind": "explain", "state": "running", "message": "plan trouvé", "created_s": now as u64 - 40,
        "elapsed_s": 0.0, "started_s": now - 40.0, "documents": false, "has_plan": true,
    });
    std::fs::write(dir.join("status.json"), status_json.to_string()).expect("status");
    let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
    let run = runs.as_array().into_iter().flatten().find(|r| r["run"] == "20261207-183940-6").expect("listed");
    assert_eq!(run["state"], "interrupted", "{run}");
    let ran = run["elapsed_s"].as_f64().unwrap_or_default();
    assert!((39.0..=60.0).contains(&ran), "{run}");
}
