//! Saving `current.csv` or `workers.csv` from the page answers the planner's warnings about the
//! two tables (today's sectors above a worker's quotité), and the instance view names each
//! establishment, so that the page can show the name beside the UAI (tester's finding 9,
//! session 47).

// Shared helpers; this file uses some of them.
#[allow(dead_code)]
mod common;
use axum::http::StatusCode;
use common::{call, get, send};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

fn demo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(dir.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), dir.path().join("demo").join(f)).expect("demo file");
    }
    dir
}

fn app(dir: &Path) -> axum::Router {
    let config = Config { workspace: dir.to_path_buf(), token: None, extra_host: None };
    router(AppState::new(config, sectoria_web::cli_planner()).expect("state"))
}

fn warnings(answer: &serde_json::Value) -> Vec<String> {
    answer["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array: {answer}"))
        .iter()
        .map(|w| w.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn saving_a_table_answers_the_quotite_warnings_of_the_plan() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let (_, view) = call(&app, get("/api/instances/demo")).await;
    let workers = view["workers"].as_str().expect("workers").to_string();
    let current = view["current"].as_str().expect("current").to_string();

    // The demo's tables agree: saved as they are, no warning.
    let (status, saved) =
        call(&app, send("PUT", "/api/instances/demo/tables/current.csv", "text/csv", current.clone())).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(warnings(&saved), Vec::<String>::new());

    // current.csv gives ASS01 1 ETP in all; its quotité falls to 0,5: saved, with the
    // warning the plan would give, in its words.
    let half = workers.replacen("ASS01;Claire B.;1.00", "ASS01;Claire B.;0,5", 1);
    let (status, saved) = call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", half)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let said = warnings(&saved);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with("current.csv, lignes "), "{said:?}");
    assert!(
        said[0].contains("l'assistant ASS01 a 1 ETP de secteurs actuels pour une quotité de 0,5 ETP dans workers.csv (ligne 2), soit 0,5 ETP de trop"),
        "{said:?}"
    );
    let instance = sectoria_io::load_instance_with_warnings(&ws.path().join("demo")).expect("the CLI reads it");
    let planner: Vec<String> = instance.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(said, planner, "the same text as the plan's warnings");

    // current.csv saved again while workers.csv says 0,5: the same warning.
    let more = current.replacen("ASS01;0990228K;0.3", "ASS01;0990228K;0.4", 1);
    let (status, saved) = call(&app, send("PUT", "/api/instances/demo/tables/current.csv", "text/csv", more)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let said = warnings(&saved);
    assert!(
        said.len() == 1 && said[0].contains("a 1,1 ETP de secteurs actuels pour une quotité de 0,5 ETP"),
        "{said:?}"
    );
    assert_eq!(saved["message"], "current.csv enregistré", "{saved}");
}

#[tokio::test]
async fn the_instance_names_each_establishment_by_its_uai() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let (status, view) = call(&app, get("/api/instances/demo")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let names = view["establishment_names"].as_object().expect("establishment_names");
    assert_eq!(names.len(), view["establishments"].as_u64().unwrap_or_default() as usize);
    assert_eq!(names["0990016E"], "Collège Jean Zay (Ambrac)");
}
