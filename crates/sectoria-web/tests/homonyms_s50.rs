//! Two establishments with the same name in Comparer (session 50, finding 3 of the web tester:
//! « 1 établissement gagne une présence : Collège Jean Moulin », of Perpignan or of
//! Arles-sur-Tech?). On the demo with « Collège Jean Moulin » of Valcourt given to a collège of
//! Chantegrive and to another of Valcourt: each is named with its commune, and with its UAI too
//! when its commune has the other, in the sentences, the workers' table and the list of changes.

mod common;
use common::{call, get, message, send, wait_for_end};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

/// Chantegrive's Collège Jules Verne and Valcourt's Collège Condorcet renamed after Valcourt's
/// Collège Jean Moulin (0990395S).
const RENAMED: [(&str, &str); 2] = [("0990073S", "Collège Jules Verne"), ("0990367L", "Collège Condorcet")];

fn homonyms_app() -> (tempfile::TempDir, axum::Router) {
    let ws = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let dir = ws.path().join("demo");
    std::fs::create_dir(&dir).expect("demo folder");
    for f in ["workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), dir.join(f)).expect("demo file");
    }
    let mut text = std::fs::read_to_string(demo.join("establishments.csv")).expect("establishments.csv");
    for (uai, name) in RENAMED {
        let before = format!("{uai};{name};");
        assert!(text.contains(&before), "the demo has {before}");
        text = text.replace(&before, &format!("{uai};Collège Jean Moulin;"));
    }
    std::fs::write(dir.join("establishments.csv"), text).expect("establishments.csv");
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let app = router(AppState::new(config, sectoria_web::cli_planner()).expect("state"));
    (ws, app)
}

async fn plan(app: &axum::Router) -> String {
    let body = r#"{"scenario":"scenario.toml","kind":"plan"}"#;
    let (status, queued) = call(app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert!(status.is_success(), "{}", message(&queued));
    let ended = wait_for_end(app, "demo", queued["run"].as_str().expect("run name")).await;
    assert_eq!(ended["state"], "done", "{ended}");
    ended["run"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn homonyms_are_told_apart_in_comparer() {
    let (ws, app) = homonyms_app();
    let a = plan(&app).await;
    let first = sectoria_io::read_plan(&ws.path().join("demo/runs").join(&a).join("plan.json")).expect("plan.json");
    let served = |uai: &str| first.establishments.iter().any(|e| e.uai == uai && e.allocated_units > 0);
    assert!(RENAMED.iter().all(|(uai, _)| served(uai)), "the demo's plan serves both renamed collèges");
    // B: both renamed collèges excluded, they lose their presence.
    let scenario = ws.path().join("demo/scenario.toml");
    let text = std::fs::read_to_string(&scenario).expect("scenario");
    assert!(text.contains("\nexclude = []"), "the demo's scenario has an empty exclude");
    std::fs::write(&scenario, text.replace("\nexclude = []", "\nexclude = [\"0990073S\", \"0990367L\"]"))
        .expect("exclude");
    let b = plan(&app).await;
    let (status, c) = call(&app, get(&format!("/api/instances/demo/compare?a={a}&b={b}"))).await;
    assert_eq!(status, 200, "{c}");
    let (chantegrive, valcourt) = ("Collège Jean Moulin (Chantegrive)", "Collège Jean Moulin (Valcourt, 0990367L)");
    // The sentence names each with what sets it apart.
    let summary: Vec<&str> = c["view"]["summary"].as_array().into_iter().flatten().filter_map(|l| l.as_str()).collect();
    let lost = summary.iter().find(|l| l.contains("perd") || l.contains("perdent")).expect("a loss");
    assert!(lost.contains(chantegrive) && lost.contains(valcourt), "{lost}");
    // The workers' table: each collège lost by its worker of A, by the same words.
    let workers = c["view"]["workers"].as_array().expect("workers");
    for (id, label) in [("ASS23", chantegrive), ("ASS04", valcourt)] {
        let row = workers.iter().find(|w| w["id"] == id).unwrap_or_else(|| panic!("{id}: {workers:?}"));
        assert!(row["losses"].as_array().into_iter().flatten().any(|x| x == label), "{row}");
    }
    // The list of changes (and Résultats' lines since the previous run).
    let changes = c["changes"].as_array().expect("changes");
    for (uai, label) in [("0990073S", chantegrive), ("0990367L", valcourt)] {
        let change = changes.iter().find(|x| x["uai"] == uai).unwrap_or_else(|| panic!("{uai}: {changes:?}"));
        assert_eq!(change["name"], label, "{change}");
    }
    // An establishment whose name is its own keeps it alone.
    let other = changes.iter().find(|x| !x["name"].as_str().unwrap_or_default().starts_with("Collège Jean Moulin"));
    if let Some(x) = other {
        let own = first.establishments.iter().find(|e| x["uai"] == e.uai.as_str()).expect("in A");
        assert_eq!(x["name"], own.name.as_str(), "{x}");
    }
}
