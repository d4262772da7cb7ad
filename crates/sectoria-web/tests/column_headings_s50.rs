//! A staff file loaded on the Données page with its own headings (tester's finding 2, session
//! 50): the server reads each heading as the reader does (« ETP » is `fte`), guesses the column
//! of those it does not know, and a save with several unknown headings is refused with one
//! problem, not one per column.

// Shared helpers; this file uses some of them.
#[allow(dead_code)]
mod common;
use axum::http::StatusCode;
use common::{call, send};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

fn demo_app() -> (tempfile::TempDir, axum::Router) {
    let ws = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(ws.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), ws.path().join("demo").join(f)).expect("demo file");
    }
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let app = router(AppState::new(config, sectoria_web::cli_planner()).expect("state"));
    (ws, app)
}

#[tokio::test]
async fn headings_are_read_and_unknown_ones_guessed() {
    let (_ws, app) = demo_app();
    let body = r#"["Matricule","Prénom Nom","Quotité de travail","Résidence administrative (UAI)","Service"]"#;
    let (status, v) = call(&app, send("POST", "/api/tables/workers.csv/headings", "application/json", body)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let got: Vec<(String, String)> = v["headings"]
        .as_array()
        .expect("headings")
        .iter()
        .map(|h| (h["column"].to_string(), h["guess"].to_string()))
        .collect();
    let want =
        [("\"id\"", "null"), ("\"name\"", "null"), ("null", "\"fte\""), ("\"base_uai\"", "null"), ("null", "null")];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())), "{v}");
    let columns = v["columns"].as_array().expect("columns");
    assert_eq!(columns[0]["column"], "id");
    assert_eq!(columns[0]["required"], true);
    assert!(columns.iter().any(|c| c["column"] == "fte" && c["label"] == "Quotité (ETP)"), "{v}");
    let (status, v) = call(&app, send("POST", "/api/tables/scenario.toml/headings", "application/json", "[]")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
}

#[tokio::test]
async fn a_header_of_unknown_headings_is_one_problem() {
    let (ws, app) = demo_app();
    let text = "Code agent;Personne;Taux;Site\nASS01;Anne;1;\n";
    let (status, v) = call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", text)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let problems = v["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{v}");
    let p = problems[0].as_str().unwrap_or_default();
    assert!(p.starts_with("E101 workers.csv, ligne 1 : en-tête non reconnu — 4 intitulés inconnus"), "{p}");
    // Her HR headings are accepted as they are.
    let text = "Matricule;Prénom Nom;ETP;Résidence administrative (UAI)\nASS01;Anne Fabre;1;\n";
    let (status, v) = call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", text)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let saved = std::fs::read_to_string(ws.path().join("demo/workers.csv")).expect("saved");
    assert!(saved.contains("ASS01;Anne Fabre;1;"), "{saved}");
}
