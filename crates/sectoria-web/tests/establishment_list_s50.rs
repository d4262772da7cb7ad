//! The instance's establishments as the Données page lists them and suggests them in its UAI
//! cells: every line of establishments.csv, in the file's order, with its UAI, name, commune,
//! kind and pupils (tester's finding 9, session 50: the 56 establishments could not be listed
//! where she fills in UAIs, and a Résidence cell took only a UAI).

// Shared helpers; this file uses some of them.
#[allow(dead_code)]
mod common;
use axum::http::StatusCode;
use common::{call, get};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

#[tokio::test]
async fn the_instance_lists_its_establishments_with_commune_kind_and_pupils() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(dir.path().join("demo")).expect("demo folder");
    std::fs::copy(demo.join("establishments.csv"), dir.path().join("demo/establishments.csv")).expect("demo file");
    let config = Config { workspace: dir.path().to_path_buf(), token: None, extra_host: None };
    let app = router(AppState::new(config, sectoria_web::cli_planner()).expect("state"));

    let (status, view) = call(&app, get("/api/instances/demo")).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let list = view["establishment_list"].as_array().expect("establishment_list");
    let lines = std::fs::read_to_string(demo.join("establishments.csv")).expect("demo establishments");
    let lines: Vec<&str> = lines.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(list.len(), lines.len(), "one entry per establishment");
    assert_eq!(view["establishments"].as_u64(), Some(lines.len() as u64));
    let first = &list[0];
    assert_eq!(first["uai"], "0990016E");
    assert_eq!(first["name"], "Collège Jean Zay");
    assert_eq!(first["commune"], "Ambrac");
    assert_eq!(first["kind"], "college");
    assert_eq!(first["pupils"], 626);
    let ecole = list.iter().find(|e| e["uai"] == "0992007U").expect("a REP+ école");
    assert_eq!(ecole["kind"], "ecole");
    assert_eq!(ecole["commune"], "Montrelles");
    // In the file's order.
    let uais: Vec<&str> = list.iter().map(|e| e["uai"].as_str().unwrap_or_default()).collect();
    let file_uais: Vec<&str> = lines.iter().map(|l| l.split(';').next().unwrap_or_default()).collect();
    assert_eq!(uais, file_uais);
}
