//! HTTP-level tests of `sectoria serve` beyond the security rules: building an instance with
//! the open-data import (uploaded files, the report's counts, refusals), runs with exact
//! explanations and with the frontier on that small instance, the basemap, what cancel
//! really does to a queued and to a running run, and a plan passing before running
//! explanations, which resume after it.

mod common;
use axum::http::StatusCode;
use axum::Router;
use common::{call, get, message, send, wait_for_end};
use sectoria_web::{router, AppState, Config, Planner};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

fn app_with(dir: &Path, planner: Planner) -> Router {
    let config = Config { workspace: dir.to_path_buf(), token: None, extra_host: None };
    router(AppState::new(config, planner).expect("state"))
}

const HEADER: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;\
Statut_public_prive;Code_postal;Code_commune;Nom_commune;Code_departement;\
Appartenance_Education_Prioritaire;Nombre_d_eleves;Ecole_elementaire;Hebergement;latitude;\
longitude;etat;code_nature;etablissement_mere;ministere_tutelle";
const MIN: &str = "MINISTERE DE L'EDUCATION NATIONALE";
const COLLEGE_A: &str =
    "0940001A;Collège A;Collège;Public;94000;94028;Créteil;094;REP+;520;;0;48.785;2.455;OUVERT;340;";
const COLLEGE_C: &str = "0940003C;Collège C;Collège;Public;94000;94028;Créteil;094;;430;;0;48.775;2.440;OUVERT;340;";
const LYCEE_B: &str = "0940002B;Lycée B;Lycée;Public;94000;94028;Créteil;094;;;;0;48.79;2.46;OUVERT;306;";
const ECOLE_D: &str = "0940004D;École D;Ecole;Public;94000;94028;Créteil;094;REP+;200;1;;48.78;2.45;OUVERT;151;";
const ECOLE_E: &str = "0940005E;École E;Ecole;Public;94000;94028;Créteil;094;REP+;170;1;;48.80;2.47;OUVERT;151;";
const PRIVATE_F: &str = "0940006F;Collège F;Collège;Privé;94000;94028;Créteil;094;;300;;0;48.79;2.44;OUVERT;340;";

/// The open-data files of a small Val-de-Marne extract, under their published names: (kind
/// of the import, file name, content).
fn extract(rows: &[&str]) -> Vec<(&'static str, &'static str, String)> {
    let mut annuaire = format!("{HEADER}\n");
    for row in rows {
        annuaire.push_str(&format!("{row};{MIN}\n"));
    }
    vec![
        ("annuaire", "fr-en-annuaire-education-extrait.csv", annuaire),
        (
            "ips_colleges",
            "fr-en-ips-colleges-extrait.csv",
            "uai;effectifs;ips\n0940001A;520.0;78.0\n0940003C;430.0;104.0\n".into(),
        ),
        (
            "ips_lycees",
            "fr-en-ips-lycees-extrait.csv",
            "uai;effectifs_ensemble_gt_pro;ips_ensemble_gt_pro\n0940002B;900.0;95.0\n".into(),
        ),
        (
            "ips_ecoles",
            "fr-en-ips-ecoles-extrait.csv",
            "uai;effectifs;ips\n0940004D;180.0;70.0\n0940005E;150.0;72.0\n".into(),
        ),
        ("densite", "grille_densite_extrait.csv", "CODGEO;LIBGEO;DENS\n94028;Créteil;1\n".into()),
        (
            "communes",
            "laposte_extrait.csv",
            "Code_commune_INSEE;Code_postal;latitude;longitude\n94028;94000;48.79;2.46\n".into(),
        ),
    ]
}

/// Uploads the extract's files through the page's route; returns their workspace paths by kind.
async fn upload(app: &Router, files: &[(&str, &str, String)]) -> serde_json::Map<String, serde_json::Value> {
    let mut chosen = serde_json::Map::new();
    for (kind, name, content) in files {
        let uri = format!("/api/import/files/{kind}/{name}");
        let (status, body) = call(app, send("PUT", &uri, "application/octet-stream", content.clone())).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        chosen.insert(kind.to_string(), body["file"].clone());
    }
    chosen
}

/// `POST /api/instances/{instance}/runs` with `body`: the answer's status and JSON.
async fn post_run(app: &Router, instance: &str, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
    call(app, send("POST", &format!("/api/instances/{instance}/runs"), "application/json", body.to_string())).await
}

async fn submit(app: &Router, instance: &str, body: serde_json::Value) -> String {
    let (status, queued) = post_run(app, instance, body).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    queued["run"].as_str().expect("run name").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_is_imported_from_uploaded_open_data_then_planned_explained_and_traced() {
    let ws = tempfile::tempdir().expect("workspace");
    let app = app_with(ws.path(), sectoria_web::cli_planner());
    let files = extract(&[COLLEGE_A, COLLEGE_C, LYCEE_B, ECOLE_D, ECOLE_E, PRIVATE_F]);
    let chosen = upload(&app, &files).await;
    // Uploads are laid out like the shared data folder: the page proposes them by default.
    let (_, choices) = call(&app, get("/api/import")).await;
    let defaults: Vec<&str> =
        choices["fields"].as_array().expect("fields").iter().filter_map(|f| f["default"].as_str()).collect();
    assert!(defaults.contains(&"donnees/annuaire/fr-en-annuaire-education-extrait.csv"), "{choices}");
    assert!(defaults.contains(&"donnees/insee/grille_densite_extrait.csv"), "{choices}");
    assert!(ws.path().join("donnees/ips/fr-en-ips-ecoles-extrait.csv").is_file());
    assert_eq!(choices["folders"][0]["folder"], "donnees", "{choices}");
    assert_eq!(choices["folders"][0]["files"]["communes"], "donnees/communes/laposte_extrait.csv", "{choices}");

    let request = serde_json::json!({
        "departement": "94", "out": "val-de-marne", "files": chosen, "pupils_per_fte": 600.0,
    });
    let (status, imported) = call(&app, send("POST", "/api/import", "application/json", request.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    let counts = &imported["counts"];
    assert_eq!(counts["in_scope_total"], 5, "{imported}");
    assert_eq!(counts["rows_in_departement"], 6, "{imported}");
    assert_eq!(counts["rows_balance"], true, "{imported}");
    let reasons = counts["out_of_scope"].to_string();
    assert!(reasons.contains("priv"), "the private collège is counted with its reason: {reasons}");
    let report = imported["report"].as_str().expect("report");
    assert_eq!(report, std::fs::read_to_string(ws.path().join("val-de-marne/import_report.txt")).expect("report file"));
    let (_, list) = call(&app, get("/api/instances")).await;
    assert_eq!(list["instances"], serde_json::json!(["val-de-marne"]));

    // The same name again: refused, nothing overwritten.
    let (status, again) = call(&app, send("POST", "/api/import", "application/json", request.to_string())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");

    // Plan with exact explanations (`plan --explain`): every establishment has its
    // counterfactual, with the cost interval, in plan.json.
    let run = submit(&app, "val-de-marne", serde_json::json!({ "scenario": "scenario.toml", "kind": "explain" })).await;
    let ended = wait_for_end(&app, "val-de-marne", &run).await;
    assert_eq!(ended["state"], "done", "{ended}");
    assert_eq!(ended["kind"], "explain");
    let dir = ws.path().join("val-de-marne/runs").join(&run);
    let plan = sectoria_io::read_plan(&dir.join("plan.json")).expect("plan.json reads back");
    assert!(!plan.establishments.is_empty());
    for e in &plan.establishments {
        let x = e.explanation.as_ref().unwrap_or_else(|| panic!("{} has no exact explanation", e.uai));
        if let Some(c) = x.counterfactual.cost {
            assert!(c.low <= c.high + 1e-9, "{}: {c:?}", e.uai);
        }
        assert!(!x.counterfactual.text.is_empty());
    }
    let (_, checked) = call(&app, get(&format!("/api/instances/val-de-marne/runs/{run}/check"))).await;
    assert_eq!(checked["valid"], true, "{checked}");

    // The frontier of that run (`sectoria frontier`): a new run with frontier.csv and .svg.
    let traced = submit(&app, "val-de-marne", serde_json::json!({ "from_run": run, "kind": "frontier" })).await;
    let ended = wait_for_end(&app, "val-de-marne", &traced).await;
    assert_eq!(ended["state"], "done", "{ended}");
    let dir = ws.path().join("val-de-marne/runs").join(&traced);
    // The frontier run is a plan the checker accepts, like every run.
    let (_, checked) = call(&app, get(&format!("/api/instances/val-de-marne/runs/{traced}/check"))).await;
    assert_eq!(checked["valid"], true, "{checked}");
    let text = std::fs::read_to_string(dir.join("plan.json")).expect("plan.json");
    let plan: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let points = plan["frontier"]["points"].as_array().expect("the plan carries the frontier");
    assert!(points.iter().any(|p| p["is_plan"] == true), "{points:?}");
    let (status, csv) = call(&app, get(&format!("/api/instances/val-de-marne/runs/{traced}/files/frontier.csv"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.as_str().map(|t| t.lines().count()), Some(points.len() + 1), "{csv}");
    assert!(dir.join("frontier.svg").is_file() && dir.join("report.html").is_file());
}

#[tokio::test]
async fn a_refused_import_says_why_with_its_report() {
    let ws = tempfile::tempdir().expect("workspace");
    let app = app_with(ws.path(), sectoria_web::cli_planner());
    let chosen = upload(&app, &extract(&[ECOLE_D, ECOLE_E])).await;
    let request = serde_json::json!({ "departement": "094", "out": "ecoles", "files": chosen });
    let (status, refused) = call(&app, send("POST", "/api/import", "application/json", request.to_string())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(message(&refused).contains("ne peut être planifié"), "{refused}");
    assert!(refused["problems"].to_string().contains("école REP+ sans collège tête de réseau"), "{refused}");
    assert!(!ws.path().join("ecoles/establishments.csv").exists());

    // A missing file, a file outside the workspace, a file that is not open data.
    let mut partial = chosen.clone();
    partial.remove("communes");
    let request = serde_json::json!({ "departement": "094", "out": "autre", "files": partial });
    let (status, body) = call(&app, send("POST", "/api/import", "application/json", request.to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(message(&body).contains("--communes"), "{body}");
    let mut outside = chosen.clone();
    outside.insert("communes".into(), serde_json::json!("../../etc/passwd"));
    let request = serde_json::json!({ "departement": "094", "out": "autre", "files": outside });
    let (status, body) = call(&app, send("POST", "/api/import", "application/json", request.to_string())).await;
    assert!(status.is_client_error(), "{status} {body}");
    let (status, body) = call(&app, send("PUT", "/api/import/files/annuaire/notes.txt", "text/plain", "x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = call(&app, send("PUT", "/api/import/files/annuaire/..%2Fx.csv", "text/csv", "x")).await;
    assert!(status.is_client_error());
    let (status, _) = call(&app, send("PUT", "/api/import/files/secret/x.csv", "text/csv", "x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

fn demo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(dir.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), dir.path().join("demo").join(f)).expect("demo file");
    }
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_run_cancelled_writes_nothing_and_a_queued_one_never_starts() {
    let ws = demo_workspace();
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = calls.clone();
    let slow: Planner = Arc::new(move |i, s, inputs| {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(800));
        sectoria_run::plan_with_inputs(i, s, inputs)
    });
    let app = app_with(ws.path(), slow);
    let body = serde_json::json!({ "scenario": "scenario.toml" });
    let running = submit(&app, "demo", body.clone()).await;
    let queued = submit(&app, "demo", body.clone()).await;
    let last = submit(&app, "demo", body).await;
    for _ in 0..100 {
        let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
        if runs.as_array().into_iter().flatten().any(|r| r["run"] == running.as_str() && r["state"] == "running") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cancel = |run: &str| send("POST", &format!("/api/instances/demo/runs/{run}/cancel"), "application/json", "");
    let (status, answer) = call(&app, cancel(&running)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(message(&answer).contains("écarté"), "the page says the solve goes on: {answer}");
    let (status, answer) = call(&app, cancel(&queued)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(message(&answer).contains("retirée de la file"), "{answer}");
    let (status, _) = call(&app, cancel(&queued)).await;
    assert_eq!(status, StatusCode::CONFLICT, "cancelled twice");

    let ended = wait_for_end(&app, "demo", &last).await;
    assert_eq!(ended["state"], "done", "{ended}");
    for run in [&running, &queued] {
        let r = wait_for_end(&app, "demo", run).await;
        assert_eq!(r["state"], "cancelled", "{r}");
        assert!(!ws.path().join("demo/runs").join(run).join("plan.json").exists(), "{run} wrote no plan");
    }
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2, "the queued run never started");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_explained_run_cancelled_among_its_counterfactuals_stops_writes_nothing_and_frees_the_queue() {
    let ws = demo_workspace();
    let app = app_with(ws.path(), sectoria_web::cli_planner());
    let explained = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml", "kind": "explain" })).await;
    // Cancelled once its counterfactuals are under way.
    wait_for_counterfactuals(&app, &explained).await;
    let uri = format!("/api/instances/demo/runs/{explained}/cancel");
    let (status, answer) = call(&app, send("POST", &uri, "application/json", "")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(message(&answer).contains("les contrefactuels s'arrêtent"), "{answer}");
    // Queued after the cancel (before it, the plan would have suspended the explanations).
    let after = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    let next = wait_for_end(&app, "demo", &after).await;
    assert_eq!(next["state"], "done", "the queue goes on: {next}");
    let stopped = wait_for_end(&app, "demo", &explained).await;
    assert_eq!(stopped["state"], "cancelled", "{stopped}");
    // It says where it stopped: before the last establishment.
    let (done, total) = stopped_after(&stopped, "arrêtées après ");
    assert!(done < total, "{stopped}");
    assert!(!ws.path().join("demo/runs").join(&explained).join("plan.json").exists(), "no plan written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frontier_run_cancelled_among_its_solves_stops_writes_nothing_and_frees_the_queue() {
    let ws = demo_workspace();
    // At a gap of 1e-4 the demo's frontier takes 17 solves.
    let scenario = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario");
    let tight = scenario.replace("relative_gap = 0.001", "relative_gap = 0.0001");
    assert_ne!(tight, scenario, "the demo scenario sets its gap");
    std::fs::write(ws.path().join("demo/tight.toml"), tight).expect("tight.toml");
    let app = app_with(ws.path(), sectoria_web::cli_planner());
    let traced = submit(&app, "demo", serde_json::json!({ "scenario": "tight.toml", "kind": "frontier" })).await;
    let after = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    // Cancelled once the frontier's solves are under way.
    wait_for_message(&app, &traced, |m| m.contains("frontière largeur–profondeur : ")).await;
    let uri = format!("/api/instances/demo/runs/{traced}/cancel");
    let (status, answer) = call(&app, send("POST", &uri, "application/json", "")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let next = wait_for_end(&app, "demo", &after).await;
    assert_eq!(next["state"], "done", "the queue goes on: {next}");
    let stopped = wait_for_end(&app, "demo", &traced).await;
    assert_eq!(stopped["state"], "cancelled", "{stopped}");
    let (done, said) = frontier_solves(&stopped);
    assert!((1..17).contains(&done), "{said}");
    assert!(!ws.path().join("demo/runs").join(&traced).join("plan.json").exists(), "no plan written");
}

/// « Arrêter la frontière »: no further solve starts, and the run ends done with its plan, its
/// documents and the frontier's points found, its method and message saying a point may be
/// missing between two.
#[tokio::test]
async fn a_frontier_run_stopped_among_its_solves_writes_its_plan_with_the_points_found() {
    let ws = demo_workspace();
    // At a gap of 1e-4 the demo's frontier takes 17 solves.
    let scenario = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario");
    let tight = scenario.replace("relative_gap = 0.001", "relative_gap = 0.0001");
    std::fs::write(ws.path().join("demo/tight.toml"), tight).expect("tight.toml");
    let app = app_with(ws.path(), sectoria_web::cli_planner());
    let traced = submit(&app, "demo", serde_json::json!({ "scenario": "tight.toml", "kind": "frontier" })).await;
    wait_for_message(&app, &traced, |m| m.contains("frontière largeur–profondeur : ")).await;
    let uri = format!("/api/instances/demo/runs/{traced}/stop");
    let (status, answer) = call(&app, send("POST", &uri, "application/json", "")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(message(&answer).contains("points déjà trouvés"), "{answer}");
    let (status, answer) = call(&app, send("POST", &uri, "application/json", "")).await;
    assert_eq!(status, StatusCode::CONFLICT, "stopped twice: {answer}");
    assert!(message(&answer).contains("s'arrête déjà"), "{answer}");
    let ended = wait_for_end(&app, "demo", &traced).await;
    assert_eq!(ended["state"], "done", "{ended}");
    assert_eq!(ended["documents"], true, "{ended}");
    let (solves, said) = frontier_solves(&ended);
    assert!((1..17).contains(&solves), "{said}");
    assert!(said.contains("un plan peut manquer"), "{said}");
    let dir = ws.path().join("demo/runs").join(&traced);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).expect("plan.json")).expect("json");
    assert!(plan["frontier"]["method"].as_str().is_some_and(|m| m.contains("arrêtée à la demande")), "{plan}");
    let points = plan["frontier"]["points"].as_array().expect("points").len();
    let csv = std::fs::read_to_string(dir.join("frontier.csv")).expect("frontier.csv");
    assert_eq!(csv.lines().count(), points + 1, "header + the points found");
    let (_, checked) = call(&app, get(&format!("/api/instances/demo/runs/{traced}/check"))).await;
    assert_eq!(checked["valid"], true, "{checked}");
}

/// The solves a stopped frontier run's message counts (« frontière arrêtée à la demande après
/// N résolutions »), and the message.
fn frontier_solves(status: &serde_json::Value) -> (usize, String) {
    let said = message(status);
    let solves = said
        .split("frontière arrêtée à la demande après ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the run says where its frontier stopped: {said}"));
    (solves, said.to_string())
}

/// Waits until the running run `run` of the demo has a message that `seen` accepts.
async fn wait_for_message(app: &Router, run: &str, seen: impl Fn(&str) -> bool) {
    for _ in 0..3000 {
        let (_, runs) = call(app, get("/api/instances/demo/runs")).await;
        let there = runs
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["run"] == run && r["state"] == "running" && r["message"].as_str().is_some_and(&seen));
        if there {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the run {run} never said what was awaited");
}

/// Waits until the running explained run `run` of the demo has computed a counterfactual (its
/// message counts them).
async fn wait_for_counterfactuals(app: &Router, run: &str) {
    wait_for_message(app, run, |m| m.contains("contrefactuels : ") && !m.contains(": 0 ")).await;
}

/// The counterfactuals done and the establishments a stopped run's message gives after `words`
/// (« … après 4 contrefactuels sur 121 »).
fn stopped_after(status: &serde_json::Value, words: &str) -> (usize, usize) {
    let said = message(status);
    let number_after = |w: &str| -> Option<usize> { said.split(w).nth(1)?.split(' ').next()?.parse().ok() };
    number_after(words)
        .zip(number_after(" sur "))
        .unwrap_or_else(|| panic!("the run says where its counterfactuals stopped: {said}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_explained_run_whose_explanations_are_stopped_writes_its_plan_with_those_computed_then_is_completed() {
    let ws = demo_workspace();
    let app = app_with(ws.path(), sectoria_web::cli_planner());
    let stop = |run: &str| send("POST", &format!("/api/instances/demo/runs/{run}/stop"), "application/json", "");
    let plain = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    let explained = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml", "kind": "explain" })).await;
    let (status, answer) = call(&app, stop(&plain)).await;
    assert_eq!(status, StatusCode::CONFLICT, "a plan without explanations has none to stop: {answer}");
    wait_for_counterfactuals(&app, &explained).await;
    let (status, answer) = call(&app, stop(&explained)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(message(&answer).contains("explications déjà calculées"), "{answer}");
    let (status, answer) = call(&app, stop(&explained)).await;
    assert_eq!(status, StatusCode::CONFLICT, "stopped twice");
    assert!(message(&answer).contains("s'arrêtent déjà"), "{answer}");

    let ended = wait_for_end(&app, "demo", &explained).await;
    assert_eq!(ended["state"], "done", "{ended}");
    assert_eq!(ended["documents"], true, "{ended}");
    let (done, total) = stopped_after(&ended, "arrêtées à la demande après ");
    assert!(0 < done && done < total, "{ended}");
    let dir = ws.path().join("demo/runs").join(&explained);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).expect("plan.json")).expect("json");
    let establishments = plan["establishments"].as_array().expect("establishments");
    assert_eq!(establishments.len(), total);
    let with = establishments.iter().filter(|e| !e["explanation"].is_null()).count();
    assert_eq!(with, done, "the counterfactuals computed, and only those, are in the plan");
    assert!(dir.join("plan.xlsx").exists());
    let report = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert!(
        report.contains(&format!("{done} établissement(s) sur {total} ont leur contrefactuel")),
        "the report says so"
    );
    let (_, checked) = call(&app, get(&format!("/api/instances/demo/runs/{explained}/check"))).await;
    assert_eq!(checked["valid"], true, "{checked}");
    assert_eq!(ended["missing_explanations"], total - done, "{ended}");

    // « Compléter les explications »: a new run with the same plan, the counterfactuals kept
    // and the missing ones computed.
    let (status, answer) = post_run(&app, "demo", serde_json::json!({ "kind": "complete" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "which run to complete: {answer}");
    let (status, answer) = post_run(&app, "demo", serde_json::json!({ "from_run": plain, "kind": "complete" })).await;
    assert_eq!(status, StatusCode::CONFLICT, "a plan without explanations has none to complete: {answer}");
    let completing = submit(&app, "demo", serde_json::json!({ "from_run": explained, "kind": "complete" })).await;
    let completed = wait_for_end(&app, "demo", &completing).await;
    assert_eq!(completed["state"], "done", "{completed}");
    assert_eq!(completed["from_run"], explained.as_str(), "{completed}");
    assert!(completed.get("missing_explanations").is_none(), "nothing missing any more: {completed}");
    assert!(
        message(&completed).contains(&format!("à partir de la planification {explained} ({done} contrefactuel")),
        "{completed}"
    );
    let after: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("demo/runs").join(&completing).join("plan.json")).expect("plan.json"),
    )
    .expect("json");
    let now = after["establishments"].as_array().expect("establishments");
    assert!(now.iter().all(|e| !e["explanation"].is_null()), "every establishment explained");
    assert!(
        establishments.iter().zip(now).all(|(b, n)| b["explanation"].is_null() || b["explanation"] == n["explanation"]),
        "the counterfactuals computed before are kept"
    );
    assert_eq!(after["objective"], plan["objective"], "the same plan");
    let (_, checked) = call(&app, get(&format!("/api/instances/demo/runs/{completing}/check"))).await;
    assert_eq!(checked["valid"], true, "{checked}");
    let (status, _) = post_run(&app, "demo", serde_json::json!({ "from_run": completing, "kind": "complete" })).await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing left to complete");
    // Once the instance's files have changed, the stopped run's plan is no longer theirs.
    let workers = ws.path().join("demo/workers.csv");
    let text = std::fs::read_to_string(&workers).expect("workers.csv");
    std::fs::write(&workers, text + "\n").expect("workers.csv");
    let again = submit(&app, "demo", serde_json::json!({ "from_run": explained, "kind": "complete" })).await;
    let refused = wait_for_end(&app, "demo", &again).await;
    assert_eq!(refused["state"], "failed", "{refused}");
    assert!(message(&refused).contains("les données de l'instance ont changé depuis la planification"), "{refused}");
}

/// The ordinal of a run's name (`AAAAMMJJ-HHMMSS-N`): the order the runs were submitted in.
fn ordinal(run: &str) -> u64 {
    run.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("run name {run}"))
}

/// Every event of the queue from now on (`state`, `run` and `message` of each), in order.
fn record(state: &AppState) -> Arc<std::sync::Mutex<Vec<serde_json::Value>>> {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let into = seen.clone();
    let mut events = state.queue.subscribe();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(e) => into.lock().expect("events").push(serde_json::from_str(&e).expect("event")),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => break,
            }
        }
    });
    seen
}

/// The index of the first event of `run` in state `state` whose message `seen` accepts.
fn event(events: &[serde_json::Value], run: &str, state: &str, seen: impl Fn(&str) -> bool) -> Option<usize> {
    events.iter().position(|e| e["run"] == run && e["state"] == state && seen(message(e)))
}

/// A plan asked while exact explanations run (the tester's two budget variants waited a
/// minute behind 143 counterfactuals) passes before them: the explanations are suspended as
/// « Arrêter les explications » does, the explained run ends done with those computed, the
/// plan runs, then a completing run queued after it computes the missing ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_asked_during_exact_explanations_passes_first_and_the_explanations_resume_after_it() {
    let ws = demo_workspace();
    let config = Config { workspace: ws.path().to_path_buf(), token: None, extra_host: None };
    let state = AppState::new(config, sectoria_web::cli_planner()).expect("state");
    let events = record(&state);
    let app = router(state);
    let explained = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml", "kind": "explain" })).await;
    wait_for_counterfactuals(&app, &explained).await;
    let replan = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    // A second variant while the explanations stop: they are not suspended twice.
    let variant = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    for run in [&replan, &variant] {
        let passed = wait_for_end(&app, "demo", run).await;
        assert_eq!(passed["state"], "done", "{passed}");
    }

    let suspended = wait_for_end(&app, "demo", &explained).await;
    assert_eq!(suspended["state"], "done", "{suspended}");
    assert_eq!(suspended["documents"], true, "{suspended}");
    let (done, total) = stopped_after(&suspended, "suspendues après ");
    assert!(0 < done && done < total, "{suspended}");
    assert_eq!(suspended["missing_explanations"], total - done, "{suspended}");
    assert!(message(&suspended).contains(&format!("pour laisser passer la planification {replan}")), "{suspended}");
    let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
    let resuming: Vec<&serde_json::Value> = runs
        .as_array()
        .expect("runs")
        .iter()
        .filter(|r| r["kind"] == "complete" && r["from_run"] == explained.as_str())
        .collect();
    assert_eq!(resuming.len(), 1, "one completing run: {runs}");
    let resuming = resuming[0]["run"].as_str().expect("run").to_string();
    assert!(ordinal(&resuming) > ordinal(&variant), "queued after the runs that passed: {resuming}");
    assert!(message(&suspended).contains(&format!("la planification {resuming} calcule ensuite")), "{suspended}");
    let completed = wait_for_end(&app, "demo", &resuming).await;
    assert_eq!(completed["state"], "done", "{completed}");
    assert!(completed.get("missing_explanations").is_none(), "nothing missing any more: {completed}");
    assert!(
        message(&completed).contains(&format!("à partir de la planification {explained} ({done} contrefactuel")),
        "no counterfactual computed twice: {completed}"
    );
    let (_, checked) = call(&app, get(&format!("/api/instances/demo/runs/{resuming}/check"))).await;
    assert_eq!(checked["valid"], true, "{checked}");

    // In the order they happened: suspended for the replan, the explained run written, the
    // replan done, and only then every explanation computed.
    let events = events.lock().expect("events").clone();
    let said = |run: &str, state: &str, words: &str| {
        event(&events, run, state, |m| m.contains(words)).unwrap_or_else(|| panic!("{run} {state} « {words} »"))
    };
    let suspending = said(&explained, "running", &format!("explications suspendues pour laisser passer la planification {replan} ; elles reprennent ensuite automatiquement"));
    assert_eq!(
        events
            .iter()
            .filter(|e| e["run"] == explained.as_str() && message(e).contains("explications suspendues"))
            .count(),
        1,
        "suspended once, not again for {variant}"
    );
    let written = said(&explained, "done", "suspendues après");
    let replanned = said(&replan, "done", "planifié en");
    let resumed = said(&resuming, "done", "explications complétées");
    assert!(
        suspending < written && written < replanned && replanned < resumed,
        "{suspending} {written} {replanned} {resumed}"
    );
}

/// A planner that waits until `gate` opens: an explained run is then still solving its plan.
fn gated(gate: Arc<std::sync::atomic::AtomicBool>) -> Planner {
    Arc::new(move |i, s, inputs| {
        while !gate.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(10));
        }
        sectoria_run::plan_with_inputs(i, s, inputs)
    })
}

/// Another explained run suspends nothing; explanations suspended and then stopped by the user
/// do not resume.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspended_explanations_stopped_by_the_user_do_not_resume_and_explanations_suspend_nothing() {
    let ws = demo_workspace();
    let gate = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let app = app_with(ws.path(), gated(gate.clone()));
    let explained = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml", "kind": "explain" })).await;
    wait_for_message(&app, &explained, |m| m.contains("résolution du programme")).await;
    let other = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml", "kind": "explain" })).await;
    let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
    let running = runs.as_array().expect("runs").iter().find(|r| r["run"] == explained.as_str()).expect("run").clone();
    assert!(!message(&running).contains("suspendues"), "explanations asked do not suspend explanations: {running}");
    // Cancelled (a queued run never starts) so that the worker ends after the runs below.
    let cancel = send("POST", &format!("/api/instances/demo/runs/{other}/cancel"), "application/json", "");
    let (status, answer) = call(&app, cancel).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    let replan = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    let stop = || send("POST", &format!("/api/instances/demo/runs/{explained}/stop"), "application/json", "");
    let (status, answer) = call(&app, stop()).await;
    assert_eq!(status, StatusCode::OK, "the suspended explanations are stopped: {answer}");
    assert!(message(&answer).contains("ne reprendront pas automatiquement"), "{answer}");
    let (status, answer) = call(&app, stop()).await;
    assert_eq!(status, StatusCode::CONFLICT, "stopped twice: {answer}");
    gate.store(true, std::sync::atomic::Ordering::SeqCst);

    let ended = wait_for_end(&app, "demo", &explained).await;
    assert_eq!(ended["state"], "done", "{ended}");
    assert!(message(&ended).contains("arrêtées à la demande"), "{ended}");
    assert!(ended["missing_explanations"].as_u64().is_some_and(|n| n > 0), "{ended}");
    let passed = wait_for_end(&app, "demo", &replan).await;
    assert_eq!(passed["state"], "done", "{passed}");
    let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
    assert!(
        !runs.as_array().expect("runs").iter().any(|r| r["kind"] == "complete"),
        "nothing resumes explanations the user stopped: {runs}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_basemap_of_the_instance_folder_is_served_and_drawn_in_the_report() {
    let ws = demo_workspace();
    let app = app_with(ws.path(), sectoria_web::cli_planner());
    let (status, _) = call(&app, get("/api/instances/demo/basemap")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let outline = r#"{"type":"Feature","properties":{"nom":"contour"},"geometry":{"type":"Polygon","coordinates":[[[2.0,45.0],[3.6,45.0],[3.6,46.2],[2.0,46.2],[2.0,45.0]]]}}"#;
    std::fs::write(ws.path().join("demo/fond.geojson"), outline).expect("basemap");
    let (_, view) = call(&app, get("/api/instances/demo")).await;
    assert_eq!(view["basemap"], "fond.geojson");
    let (status, geo) = call(&app, get("/api/instances/demo/basemap")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(geo["geometry"]["type"], "Polygon");
    let run = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    let ended = wait_for_end(&app, "demo", &run).await;
    assert_eq!(ended["state"], "done", "{ended}");
    let report = std::fs::read_to_string(ws.path().join("demo/runs").join(&run).join("report.html")).expect("report");
    assert!(report.contains("class=\"basemap\""), "the report draws the basemap");

    // A basemap that is not GeoJSON does not cost the report: written without it, and said.
    std::fs::write(ws.path().join("demo/fond.geojson"), "pas du GeoJSON").expect("basemap");
    let run = submit(&app, "demo", serde_json::json!({ "scenario": "scenario.toml" })).await;
    let ended = wait_for_end(&app, "demo", &run).await;
    assert_eq!(ended["state"], "done", "{ended}");
    assert!(ended["message"].as_str().is_some_and(|m| m.contains("fond de carte illisible")), "{ended}");
    let report = std::fs::read_to_string(ws.path().join("demo/runs").join(&run).join("report.html")).expect("report");
    assert!(!report.contains("class=\"basemap\""));
}
