//! An establishment's explanation on Résultats (session 49): the server says what a point is,
//! and which changes of worker of the counterfactual are the chain of the change (core's
//! `differences_in_chain`), so that the page calls « variantes aussi bonnes » only the others
//! (it wrote its own, for every change of worker).

// Shared helpers; this file uses some of them.
#[allow(dead_code)]
mod common;
use common::{call, get, send, wait_for_end};
use sectoria_core::counterfactual::{Change, CostInterval, Counterfactual, ExactExplanation, SiteDelta};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

fn delta(uai: &str, before: u32, after: u32, wb: &str, wa: &str) -> SiteDelta {
    SiteDelta {
        uai: uai.into(),
        name: String::new(),
        units_before: before,
        units_after: after,
        worker_before: wb.into(),
        worker_after: wa.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_explanation_says_what_a_point_is_and_which_changes_of_worker_are_the_chain() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !demo.join("establishments.csv").exists() {
        eprintln!("data/demo absent: test skipped");
        return;
    }
    let ws = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(ws.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), ws.path().join("demo").join(f)).expect("demo file");
    }
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let app = router(AppState::new(config, sectoria_web::cli_planner()).expect("state"));
    let body = r#"{"scenario":"scenario.toml","kind":"plan"}"#;
    let (status, queued) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert!(status.is_success(), "{queued}");
    let run = queued["run"].as_str().expect("run").to_string();
    assert_eq!(wait_for_end(&app, "demo", &run).await["state"], "done");

    // Its plan without counterfactuals: no chain to tell, what a point is all the same.
    let unserved = {
        let plan = sectoria_io::read_plan(&ws.path().join("demo/runs").join(&run).join("plan.json")).expect("plan");
        plan.establishments.iter().find(|e| e.allocated_units == 0).expect("an unserved establishment").uai.clone()
    };
    let uri = format!("/api/instances/demo/runs/{run}/explain/{unserved}");
    let (status, answer) = call(&app, get(&uri)).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["in_chain"].is_null(), "{answer}");
    let points = answer["points"].as_str().unwrap_or_default();
    assert!(points.starts_with("Points : l'unité de la valeur de service."), "{answer}");

    // The counterfactual serves it with ASS01, who gives 0990001A to ASS02 (the chain); ASS03
    // and ASS04 swap 0990002B, their time unchanged (a variant).
    let path = ws.path().join("demo/runs").join(&run).join("plan.json");
    let mut plan = sectoria_io::read_plan(&path).expect("plan");
    let e = plan.establishments.iter_mut().find(|e| e.uai == unserved).expect("in the plan");
    e.explanation = Some(ExactExplanation {
        reason: String::new(),
        counterfactual: Counterfactual {
            change: Change::Serve,
            description: "Le servir".into(),
            objective: None,
            bound: None,
            cost: Some(CostInterval { shown: 1.0, low: 0.0, high: 3.0 }),
            proven: false,
            impossible: None,
            differences: vec![
                delta(&unserved, 0, 2, "", "ASS01"),
                delta("0990001A", 3, 3, "ASS01", "ASS02"),
                delta("0990002B", 2, 2, "ASS03", "ASS04"),
            ],
            moved_workers: Vec::new(),
            km_delta: 0.0,
            text: String::new(),
        },
    });
    std::fs::write(&path, sectoria_io::write_plan_json(&plan)).expect("plan written");
    let (status, answer) = call(&app, get(&uri)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["in_chain"], serde_json::json!([true, true, false]), "{answer}");
}
