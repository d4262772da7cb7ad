//! HTTP-level tests of `sectoria serve` through `tower::ServiceExt::oneshot`: the security
//! rules (traversal, symbolic links, token, Host and Origin, body size), French refusals,
//! the readers' validation on saves, and runs (a real one read back by the command line's
//! library, a panicking one reported on its run).

mod common;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{call, get, message, send, wait_for_end};
use sectoria_core::{Instance, Plan, Scenario};
use sectoria_web::{router, AppState, Config, Planner};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

const TOKEN: &str = "0123456789abcdef0123";

fn demo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(dir.path().join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo.join(f), dir.path().join("demo").join(f)).expect("demo file");
    }
    dir
}

fn app_with(dir: &Path, token: Option<&str>, planner: Planner) -> (Router, Arc<AppState>) {
    let config = Config { workspace: dir.to_path_buf(), token: token.map(str::to_string), extra_host: None };
    let state = AppState::new(config, planner).expect("state");
    (router(state.clone()), state)
}

/// A planner from a closure (tests replace the command line's one).
fn planner(
    f: impl Fn(&Instance, &Scenario, BTreeMap<String, String>) -> Result<Plan, sectoria_run::Error> + Send + Sync + 'static,
) -> Planner {
    Arc::new(f)
}

fn app(dir: &Path) -> Router {
    app_with(dir, None, sectoria_web::cli_planner()).0
}

#[tokio::test]
async fn the_demo_instance_is_listed_and_the_page_is_embedded() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let (status, body) = call(&app, get("/api/instances")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["instances"], serde_json::json!(["demo"]));
    let response = app.clone().oneshot(get("/")).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()["content-security-policy"].to_str().unwrap_or_default().to_string();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("lang=\"fr\"") && !html.contains("https://"), "no resource from the network");
}

#[tokio::test]
async fn traversal_is_refused() {
    let ws = demo_workspace();
    std::fs::write(ws.path().join("secret.txt"), "x").expect("file");
    let app = app(ws.path());
    for uri in [
        "/api/instances/..%2F..%2Fetc",
        "/api/instances/..",
        "/api/instances/demo%2F..%2F..",
        "/api/instances/demo/scenarios/..%2F..%2Fsecret.toml",
        "/api/instances/demo/runs/..%2F..%2F/files/plan.json",
        "/api/instances/demo/runs/x/files/..%2F..%2Fsecret.txt",
        "/api/instances/.hidden",
    ] {
        let (status, body) = call(&app, get(uri)).await;
        assert!(status.is_client_error(), "{uri}: {status}");
        assert!(!message(&body).is_empty(), "{uri}: French message expected, got {body}");
    }
    let (status, body) = call(&app, send("PUT", "/api/instances/demo/tables/..%2Fsecret.txt", "text/csv", "a")).await;
    assert!(status.is_client_error(), "{status} {body}");
    assert_eq!(std::fs::read_to_string(ws.path().join("secret.txt")).ok().as_deref(), Some("x"));
}

#[cfg(unix)]
#[tokio::test]
async fn a_symbolic_link_out_of_the_workspace_is_refused() {
    let ws = demo_workspace();
    let outside = demo_workspace();
    std::os::unix::fs::symlink(outside.path().join("demo"), ws.path().join("escape")).expect("link");
    let app = app(ws.path());
    let (status, body) = call(&app, get("/api/instances/escape")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(message(&body).contains("lien symbolique"), "{body}");
    let (_, list) = call(&app, get("/api/instances")).await;
    assert_eq!(list["instances"], serde_json::json!(["demo"]));
}

#[tokio::test]
async fn the_token_is_required_when_set() {
    let ws = demo_workspace();
    let (app, _) = app_with(ws.path(), Some(TOKEN), sectoria_web::cli_planner());
    let (status, body) = call(&app, get("/api/instances")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(message(&body).contains("jeton"), "{body}");
    let wrong = Request::get("/api/instances")
        .header("host", "127.0.0.1:8080")
        .header("authorization", "Bearer 0123456789abcdef0124")
        .body(Body::empty())
        .expect("request");
    assert_eq!(call(&app, wrong).await.0, StatusCode::UNAUTHORIZED);
    let bearer = Request::get("/api/instances")
        .header("host", "127.0.0.1:8080")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    assert_eq!(call(&app, bearer).await.0, StatusCode::OK);
    let response = app.clone().oneshot(get(&format!("/?token={TOKEN}"))).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap_or_default().to_string();
    assert!(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"), "{cookie}");
    let with_cookie = Request::get("/api/instances")
        .header("host", "127.0.0.1:8080")
        .header("cookie", cookie.split(';').next().unwrap_or_default())
        .body(Body::empty())
        .expect("request");
    assert_eq!(call(&app, with_cookie).await.0, StatusCode::OK);
}

#[tokio::test]
async fn foreign_hosts_and_origins_are_refused() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let rebinding =
        Request::get("/api/instances").header("host", "evil.example:8080").body(Body::empty()).expect("req");
    let (status, body) = call(&app, rebinding).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(message(&body).contains("hôte"), "{body}");
    let cross_site = Request::post("/api/instances/demo/runs")
        .header("host", "127.0.0.1:8080")
        .header("origin", "http://evil.example")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"scenario":"scenario.toml"}"#))
        .expect("req");
    let (status, body) = call(&app, cross_site).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(message(&body).contains("autre site"), "{body}");
    assert!(!ws.path().join("demo/runs").exists(), "no run was queued");
    let (status, _) = call(&app, get("/api/instances")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn oversized_and_malformed_bodies_get_a_french_4xx() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let big = "a;b\n".repeat(sectoria_web::BODY_LIMIT / 4 + 10);
    let (status, body) = call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(message(&body).contains("trop volumineuse"), "{body}");
    let (status, body) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", "{not json")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(message(&body).contains("mal formée"), "{body}");
    let (status, body) = call(&app, send("POST", "/api/instances/demo/runs", "text/plain", "x")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    let (status, body) = call(&app, get("/nulle/part")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(message(&body).contains("n'existe pas"), "{body}");
}

#[tokio::test]
async fn tables_are_saved_only_when_the_readers_accept_them() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let path = ws.path().join("demo/workers.csv");
    let before = std::fs::read_to_string(&path).expect("workers");
    let bad = before.replacen("ASS01;Claire B.;1.00", "ASS01;Claire B.;deux", 1);
    let (status, body) = call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["code"].as_str().is_some_and(|c| c.starts_with('E')), "{body}");
    assert!(body["problems"][0].as_str().is_some_and(|p| p.contains("workers.csv")), "{body}");
    // Where the problem is, for the page to frame the cell: the file's line (header = 1), the column.
    let line = before.lines().position(|l| l.starts_with("ASS01;")).expect("ASS01") + 1;
    assert_eq!(body["cells"][0]["file"], "workers.csv", "{body}");
    assert_eq!(body["cells"][0]["line"], line, "{body}");
    assert_eq!(body["cells"][0]["column"], "fte", "{body}");
    assert_eq!(body["cells"].as_array().map(Vec::len), body["problems"].as_array().map(Vec::len), "{body}");
    assert_eq!(std::fs::read_to_string(&path).expect("workers"), before, "nothing saved");
    let good = before.replacen("ASS01;Claire B.;1.00", "ASS01;Claire B.;0.80", 1);
    let (status, body) =
        call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", good.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // With a byte-order mark, for French Excel.
    assert_eq!(std::fs::read_to_string(&path).expect("workers"), format!("\u{feff}{good}"));
    let (status, _) = call(&app, send("PUT", "/api/instances/demo/tables/establishments.csv", "text/csv", "x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_table_saved_from_the_page_opens_in_french_excel_and_reads_back_in_the_command_line() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let path = ws.path().join("demo/workers.csv");
    let before = std::fs::read_to_string(&path).expect("workers");
    let edited = before.replacen("ASS01;Claire B.;1.00", "ASS01;Hélène B.;0,8", 1);
    let (status, body) =
        call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", edited.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let bytes = std::fs::read(&path).expect("workers");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid;name;fte;"), "UTF-8 with a BOM, the readers' headers");
    // The command line's reader takes it, accents and decimal comma included.
    let instance = sectoria_io::load_instance(&ws.path().join("demo")).expect("the CLI reads it");
    let ass01 = instance.workers.iter().find(|w| w.id == "ASS01").expect("ASS01");
    assert_eq!((ass01.name.as_deref(), ass01.fte), (Some("Hélène B."), 0.8));
    // The page gets the table back without the mark; saved again, one mark only.
    let (_, view) = call(&app, get("/api/instances/demo")).await;
    assert_eq!(view["workers"].as_str(), Some(edited.as_str()));
    assert_eq!(view["table_limits"]["rows"], 3000, "{}", view["table_limits"]);
    let again = format!("\u{feff}{edited}");
    let (status, body) = call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", again)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(std::fs::read_to_string(&path).expect("workers"), format!("\u{feff}{edited}"));
    // A file of another size than a département's is refused before it is read, in French.
    let mut huge = String::from("id;name;fte\n");
    for k in 0..3001 {
        huge.push_str(&format!("W{k};;1\n"));
    }
    let (status, body) = call(&app, send("PUT", "/api/instances/demo/tables/workers.csv", "text/csv", huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(message(&body).contains("3001 lignes, pour 3000 au plus"), "{body}");
}

#[tokio::test]
async fn a_scenario_locking_an_unknown_worker_or_establishment_is_refused_at_save() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let (_, view) = call(&app, get("/api/instances/demo/scenarios/scenario.toml")).await;
    let mut values = view["values"].clone();
    // The demo has no worker ASS99: the plan would fail on it, so the save does (E124, located).
    values["locks"]["assign"] = serde_json::json!([{ "uai": "0990016E", "worker": "ASS99" }]);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/variante.toml", "application/json", body)).await;
    assert!(status.is_client_error(), "{status} {refused}");
    assert_eq!(refused["code"], "E124", "{refused}");
    assert!(message(&refused).contains("ASS99"), "{refused}");
    assert!(refused["cells"].as_array().is_some_and(|c| c.iter().any(|c| c["code"] == "E124" && !c["line"].is_null())));
    assert!(!ws.path().join("demo/variante.toml").exists());
    // Nor an establishment the instance does not have.
    values["locks"]["assign"] = serde_json::json!([]);
    values["locks"]["exclude"] = serde_json::json!(["0999999Z"]);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/variante.toml", "application/json", body)).await;
    assert!(status.is_client_error(), "{status} {refused}");
    assert_eq!(refused["code"], "E124", "{refused}");
    assert!(!ws.path().join("demo/variante.toml").exists());
}

#[tokio::test]
async fn the_scenario_form_saves_what_the_command_line_reads() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let (status, view) = call(&app, get("/api/instances/demo/scenarios/scenario.toml")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["values"]["budget"]["reserve_fte"], serde_json::json!(0.5));
    assert!(view["help"]["rules.max_distance_km"].as_str().is_some_and(|h| h.contains("km")));
    // The list keys with known codes come with them and their French names (boxes to tick).
    let kinds: Vec<(String, String)> = view["choices"]["scope.kinds"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["code"].as_str().unwrap_or("").to_string(), c["label"].as_str().unwrap_or("").to_string()))
        .collect();
    assert!(kinds.contains(&("college".to_string(), "Collège".to_string())) && kinds.len() == 5, "{kinds:?}");
    let categories = view["choices"]["rules.must_cover"].to_string();
    assert!(categories.contains(r#""code":"rep_plus""#) && categories.contains(r#""label":"REP+""#), "{categories}");
    let mut values = view["values"].clone();
    values["rules"]["max_distance_km"] = serde_json::json!(-3.0);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/variante.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&refused).contains("max_distance_km"), "{refused}");
    assert!(!ws.path().join("demo/variante.toml").exists());
    values["rules"]["max_distance_km"] = serde_json::json!(45.0);
    // A bassin misspelt (the demo's is « Bassin Centre »): refused at once, with the bassins present.
    values["scope"]["bassins"] = serde_json::json!(["Bassin centre"]);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/variante.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&refused).contains("E171") && message(&refused).contains("« Bassin Centre »"), "{refused}");
    assert!(!ws.path().join("demo/variante.toml").exists());
    values["scope"]["bassins"] = serde_json::json!(["Bassin Centre"]);
    // A lock on an establishment out of that scope (0990016E is in Bassin Nord) is refused too.
    values["locks"]["assign"] = serde_json::json!([{ "uai": "0990016E", "worker": "ASS02" }]);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/variante.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "E124", "{refused}");
    assert!(!ws.path().join("demo/variante.toml").exists());
    values["locks"]["assign"] = serde_json::json!([{ "uai": "0990043J", "worker": "ASS02" }]);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, saved) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/variante.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let read = sectoria_io::read_scenario(&ws.path().join("demo/variante.toml")).expect("the CLI reads it");
    assert_eq!(read.rules.max_distance_km, 45.0);
    assert_eq!(read.locks.assign[0].worker, "ASS02");
    assert_eq!(read.budget.reserve_fte, 0.5);
    assert_eq!(read.scope.bassins, ["Bassin Centre"]);
    // Saved over itself, the demo's scenario keeps its comments, with the new value in place.
    let former = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario.toml");
    let comments: Vec<&str> = former.lines().filter(|l| l.trim_start().starts_with('#')).collect();
    assert!(comments.len() > 10, "{former}");
    values["locks"]["assign"] = serde_json::json!([]);
    values["scope"]["bassins"] = serde_json::json!([]);
    values["budget"]["reserve_fte"] = serde_json::json!(0.7);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, saved) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/scenario.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let text = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario.toml");
    for c in &comments {
        assert!(text.contains(c), "comment lost: {c}\n{text}");
    }
    assert_eq!(
        sectoria_io::read_scenario(&ws.path().join("demo/scenario.toml")).expect("read").budget.reserve_fte,
        0.7
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_writes_what_the_command_line_writes_and_checks() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let body = r#"{"scenario":"scenario.toml"}"#;
    let (status, queued) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    let run = queued["run"].as_str().expect("run name").to_string();
    let ended = wait_for_end(&app, "demo", &run).await;
    assert_eq!(ended["state"], "done", "{ended}");
    let dir = ws.path().join("demo/runs").join(&run);
    for f in
        ["plan.json", "scenario.toml", "report.html", "plan.xlsx", "plan.geojson", "allocation.csv", "manifest.json"]
    {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let (status, checked) = call(&app, get(&format!("/api/instances/demo/runs/{run}/check"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(checked["valid"], true, "{checked}");
    // The summary's sentence, as the terminal writes it in summary.txt.
    let (status, trade) = call(&app, get(&format!("/api/instances/demo/runs/{run}/trade"))).await;
    assert_eq!(status, StatusCode::OK, "{trade}");
    let sentence = trade["trade"].as_str().expect("sentence");
    assert!(sentence.starts_with("Face à la règle usuelle, le plan optimisé"), "{trade}");
    let summary = std::fs::read_to_string(dir.join("summary.txt")).expect("summary.txt");
    assert!(summary.lines().any(|l| l == sentence), "{sentence}\n{summary}");
    // The status with its tolerance in points, as on the terminal's status line.
    let status_text = trade["status"].as_str().expect("status");
    assert!(status_text.contains("d'objectif au plus"), "{trade}");
    assert!(summary.lines().any(|l| l.starts_with(&format!("Statut : {status_text}"))), "{status_text}\n{summary}");
    // The continuity with today's sectors (the demo has current.csv), as the terminal writes it.
    let continuity = trade["continuity"].as_str().expect("continuity");
    assert!(continuity.starts_with("Continuité : "), "{trade}");
    assert!(summary.lines().any(|l| l == continuity), "{continuity}\n{summary}");
    let (status, _) = call(&app, get("/api/instances/demo/runs/20000101-000000-1/trade")).await;
    assert!(status.is_client_error(), "{status}");
    // A plan against itself: nothing changes, and the list says so.
    let (status, same) = call(&app, get(&format!("/api/instances/demo/compare?a={run}&b={run}"))).await;
    assert_eq!(status, StatusCode::OK, "{same}");
    assert_eq!(same["changes"], serde_json::json!([]), "{same}");
    assert_eq!(same["same_run"], true, "the page says a run compared with itself: {same}");
    // `sectoria plan` with the saved scenario gives the same plan.
    let instance = sectoria_run::load_instance(&ws.path().join("demo")).expect("instance");
    let scenario = sectoria_run::read_scenario(&dir.join("scenario.toml")).expect("scenario");
    let inputs = sectoria_io::input_hashes(&ws.path().join("demo"), &dir.join("scenario.toml")).expect("hashes");
    let again = sectoria_run::plan_with_inputs(&instance, &scenario, inputs).expect("plan");
    let saved = std::fs::read_to_string(dir.join("plan.json")).expect("plan.json");
    assert_eq!(sectoria_io::write_plan_json(&again), saved);
    let (status, explained) = call(&app, get(&format!("/api/instances/demo/runs/{run}/explain/0990016E"))).await;
    assert_eq!(status, StatusCode::OK, "{explained}");
    assert!(explained["text"].as_str().is_some_and(|t| t.contains("0990016E")), "{explained}");
    let (status, cmp) = call(&app, get(&format!("/api/instances/demo/compare?a={run}&b={run}"))).await;
    assert_eq!(status, StatusCode::OK, "{cmp}");
    let response =
        app.clone().oneshot(get(&format!("/api/instances/demo/runs/{run}/files/plan.xlsx?download=true"))).await;
    let response = response.expect("answer");
    assert!(response.headers()["content-disposition"].to_str().unwrap_or_default().contains("attachment"));
    // The run says what its scenario asked beyond the defaults, also when its status file was
    // written before settings were recorded.
    let status_path = dir.join("status.json");
    let mut recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&status_path).expect("status.json")).expect("json");
    assert!(recorded["settings"].to_string().contains("budget.reserve_fte"), "{recorded}");
    recorded.as_object_mut().expect("object").remove("settings");
    std::fs::write(&status_path, recorded.to_string()).expect("older status.json");
    let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
    let listed = runs.as_array().into_iter().flatten().find(|r| r["run"] == run.as_str()).expect("the run");
    assert!(listed["settings"].to_string().contains("stability.penalty_per_unit"), "{listed}");
    assert!(listed.get("changed_since").is_none(), "nothing changed since the run: {listed}");
    // Adopted, the plan becomes the instance's current.csv, as `sectoria adopt --force` writes
    // it; the demo's former current.csv is kept under a dated name.
    let before = std::fs::read_to_string(ws.path().join("demo/current.csv")).expect("the demo's current.csv");
    let (status, adopted) =
        call(&app, send("POST", &format!("/api/instances/demo/runs/{run}/adopt"), "application/json", "")).await;
    assert_eq!(status, StatusCode::OK, "{adopted}");
    let backup = adopted["backup"].as_str().expect("backup name");
    assert!(
        adopted["message"].as_str().is_some_and(|m| m.contains("Ce plan reste vérifiable avec ce dossier")),
        "{adopted}"
    );
    assert_eq!(std::fs::read_to_string(ws.path().join("demo").join(backup)).expect("backup"), before);
    let plan = sectoria_io::read_plan(&dir.join("plan.json")).expect("plan");
    let written = std::fs::read_to_string(ws.path().join("demo/current.csv")).expect("current.csv");
    assert_eq!(written, sectoria_run::adopt::current_csv(&plan).expect("text"));
    let (_, view) = call(&app, get("/api/instances/demo")).await;
    // Shown to the page without its byte-order mark.
    assert_eq!(view["current"].as_str(), Some(written.trim_start_matches('\u{feff}')));
    // The run now reads as computed before today's sectors changed.
    let listed = view["runs"].as_array().into_iter().flatten().find(|r| r["run"] == run.as_str()).expect("the run");
    assert_eq!(listed["changed_since"], serde_json::json!(["current.csv"]), "{listed}");
    // The adopted plan is still checked, with the current.csv it was computed from (kept under
    // its dated name), as `sectoria check` does.
    let (status, checked) = call(&app, get(&format!("/api/instances/demo/runs/{run}/check"))).await;
    assert_eq!(status, StatusCode::OK, "{checked}");
    assert_eq!(checked["valid"], true, "{checked}");
    assert!(checked["note"].as_str().is_some_and(|n| n.contains(backup)), "{checked}");
    let (status, _) =
        call(&app, send("POST", "/api/instances/demo/runs/20000101-000000-1/adopt", "application/json", "")).await;
    assert!(status.is_client_error(), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_solve_is_reported_on_its_run_and_the_server_goes_on() {
    let ws = demo_workspace();
    let panicking = planner(|_, _, _| panic!("test : le solveur s'arrête"));
    let (app, _) = app_with(ws.path(), None, panicking);
    let body = r#"{"scenario":"scenario.toml"}"#;
    let (_, first) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    let (_, second) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    for queued in [first, second] {
        let ended = wait_for_end(&app, "demo", queued["run"].as_str().unwrap_or_default()).await;
        assert_eq!(ended["state"], "failed", "{ended}");
        assert!(ended["message"].as_str().is_some_and(|m| m.contains("erreur interne")), "{ended}");
    }
    assert_eq!(call(&app, get("/api/instances")).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_run_can_be_cancelled() {
    let ws = demo_workspace();
    let slow = planner(|i, s, inputs| {
        std::thread::sleep(Duration::from_millis(400));
        sectoria_run::plan_with_inputs(i, s, inputs)
    });
    let (app, _) = app_with(ws.path(), None, slow);
    let body = r#"{"scenario":"scenario.toml"}"#;
    let (_, first) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    let (_, second) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    let second = second["run"].as_str().unwrap_or_default().to_string();
    let (status, _) =
        call(&app, send("POST", &format!("/api/instances/demo/runs/{second}/cancel"), "application/json", "")).await;
    assert_eq!(status, StatusCode::OK);
    let ended = wait_for_end(&app, "demo", first["run"].as_str().unwrap_or_default()).await;
    assert_eq!(ended["state"], "done");
    let cancelled = wait_for_end(&app, "demo", &second).await;
    assert_eq!(cancelled["state"], "cancelled");
    assert!(!ws.path().join("demo/runs").join(&second).join("plan.json").exists());
}

#[tokio::test]
async fn an_instance_name_outside_the_stated_rule_is_refused_in_french() {
    let ws = demo_workspace();
    let app = app(ws.path());
    for bad in ["lozère 048", "lozere 048", ".cache", "a/b"] {
        let body = serde_json::json!({ "departement": "48", "out": bad, "files": {} }).to_string();
        let (status, refused) = call(&app, send("POST", "/api/import", "application/json", body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {refused}");
        assert!(
            message(&refused).contains("nom d'instance refusé") && message(&refused).contains("sans accent"),
            "{refused}"
        );
        assert!(!ws.path().join(bad).exists(), "{bad}");
    }
    let (_, refused) = call(
        &app,
        send("POST", "/api/import", "application/json", r#"{"departement":"48","out":"lozère 048","files":{}}"#),
    )
    .await;
    assert!(message(&refused).contains("« lozere-048 »"), "a name is suggested: {refused}");
    // Capital accented letters lose their accent too (not a « - »).
    let (_, refused) = call(
        &app,
        send("POST", "/api/import", "application/json", r#"{"departement":"75","out":"Île-de-France","files":{}}"#),
    )
    .await;
    assert!(message(&refused).contains("« Ile-de-France »"), "a name is suggested: {refused}");
    // A name within the rule goes on to the files (none chosen here).
    let body = serde_json::json!({ "departement": "48", "out": "lozere-048", "files": {} }).to_string();
    let (status, answer) = call(&app, send("POST", "/api/import", "application/json", body)).await;
    assert!(!message(&answer).contains("nom d'instance refusé"), "{status} {answer}");
}

/// Two tabs (or two people) on one scenario: the second save, made from a form read before the
/// first, is refused (409, in French) instead of silently writing over the first.
#[tokio::test]
async fn a_save_over_a_file_changed_since_it_was_read_is_refused() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let uri = "/api/instances/demo/scenarios/scenario.toml";
    let (_, tab_a) = call(&app, get(uri)).await;
    let (_, tab_b) = call(&app, get(uri)).await;
    let version = tab_a["version"].as_str().expect("version").to_string();
    assert_eq!(version.len(), 64, "{version}");
    // Tab A excludes an establishment and saves.
    let mut a = tab_a["values"].clone();
    a["locks"]["exclude"] = serde_json::json!(["0990043J"]);
    let body = serde_json::json!({ "values": a, "version": version }).to_string();
    let (status, saved) = call(&app, send("PUT", uri, "application/json", body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_ne!(saved["version"], tab_a["version"], "{saved}");
    let after_a = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario");
    // Tab B, read before, changes the reserve: refused, the exclusion kept.
    let mut b = tab_b["values"].clone();
    b["budget"]["reserve_fte"] = serde_json::json!(0.2);
    let body = serde_json::json!({ "values": b, "version": tab_b["version"] }).to_string();
    let (status, refused) = call(&app, send("PUT", uri, "application/json", body.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(message(&refused).starts_with("scenario.toml a été modifié ailleurs depuis son ouverture"), "{refused}");
    assert_eq!(std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario"), after_a);
    // Saved with the version the first save answered: accepted.
    let body = serde_json::json!({ "values": b, "version": saved["version"] }).to_string();
    assert_eq!(call(&app, send("PUT", uri, "application/json", body)).await.0, StatusCode::OK);
    // A new file (version "") that another tab created meanwhile is not overwritten.
    let new = "/api/instances/demo/scenarios/variante.toml";
    let (_, fresh) = call(&app, get(new)).await;
    assert_eq!(fresh["version"], "");
    let body = serde_json::json!({ "values": b, "version": "" }).to_string();
    assert_eq!(call(&app, send("PUT", new, "application/json", body.clone())).await.0, StatusCode::OK);
    let (status, refused) = call(&app, send("PUT", new, "application/json", body)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(message(&refused).contains("variante.toml a été créé ailleurs"), "{refused}");
    // The tables the same way.
    let (_, view) = call(&app, get("/api/instances/demo")).await;
    let workers = view["workers"].as_str().expect("workers").to_string();
    let old = view["versions"]["workers.csv"].as_str().expect("version").to_string();
    let table = |v: &str| format!("/api/instances/demo/tables/workers.csv?version={v}");
    let edited = workers.replacen("ASS01;Claire B.;1.00", "ASS01;Claire B.;0.80", 1);
    let (status, saved) = call(&app, send("PUT", &table(&old), "text/csv", edited.clone())).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let again = workers.replacen("ASS01;Claire B.;1.00", "ASS01;Claire B.;0.50", 1);
    let (status, refused) = call(&app, send("PUT", &table(&old), "text/csv", again)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(message(&refused).starts_with("workers.csv a été modifié ailleurs"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(ws.path().join("demo/workers.csv")).expect("workers"),
        format!("\u{feff}{edited}")
    );
}

/// A run cancelled while solving: the run queued behind it says it waits for that solve; once
/// the solve has ended, the cancelled run says so in the past tense.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_solve_is_said_to_have_ended_and_delays_the_queue() {
    let ws = demo_workspace();
    let slow = planner(|i, s, inputs| {
        std::thread::sleep(Duration::from_millis(1500));
        sectoria_run::plan_with_inputs(i, s, inputs)
    });
    let (app, _) = app_with(ws.path(), None, slow);
    let body = r#"{"scenario":"scenario.toml"}"#;
    let (_, first) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    let first = first["run"].as_str().unwrap_or_default().to_string();
    let state_of = |runs: &serde_json::Value, run: &str| {
        runs.as_array().into_iter().flatten().find(|r| r["run"] == run).cloned().unwrap_or_default()
    };
    for _ in 0..100 {
        let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
        if state_of(&runs, &first)["state"] == "running" {
            assert!(state_of(&runs, &first)["started_s"].as_f64().is_some_and(|s| s > 0.0), "{runs}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, said) =
        call(&app, send("POST", &format!("/api/instances/demo/runs/{first}/cancel"), "application/json", "")).await;
    assert_eq!(status, StatusCode::OK, "{said}");
    assert!(message(&said).contains("annulée pendant le calcul"), "{said}");
    let (_, second) = call(&app, send("POST", "/api/instances/demo/runs", "application/json", body)).await;
    assert!(
        second["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("{first} a été annulée")) && m.contains("en arrière-plan")),
        "{second}"
    );
    // Said at once, in the future tense; in the past once the solve has ended.
    let mut cancelled = serde_json::Value::Null;
    for _ in 0..300 {
        let (_, runs) = call(&app, get("/api/instances/demo/runs")).await;
        cancelled = state_of(&runs, &first);
        if cancelled["message"].as_str().is_some_and(|m| !m.contains("sera écarté")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(cancelled["state"], "cancelled");
    let m = cancelled["message"].as_str().unwrap_or_default();
    assert!(m.contains("a fini en arrière-plan") && m.contains("a été écarté") && !m.contains("sera écarté"), "{m}");
    let done = wait_for_end(&app, "demo", second["run"].as_str().unwrap_or_default()).await;
    assert_eq!(done["state"], "done", "{done}");
}

#[tokio::test]
async fn a_scenario_created_from_another_keeps_its_comments_and_writes_no_default_it_left_out() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let former = std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario.toml");
    assert!(!former.contains("method"), "the demo leaves solver.method out");
    let (_, view) = call(&app, get("/api/instances/demo/scenarios/scenario.toml")).await;
    let mut values = view["values"].clone();
    values["budget"]["total_fte"] = serde_json::json!(20.0);
    // « Créer » from scenario.toml: the new file is the former one's text with the change.
    let body = serde_json::json!({ "values": values, "version": "", "copy_of": "scenario.toml" }).to_string();
    let (status, saved) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/variante.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let text = std::fs::read_to_string(ws.path().join("demo/variante.toml")).expect("variante.toml");
    for comment in former.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(text.contains(comment), "comment lost: {comment}\n{text}");
    }
    assert!(!text.contains("method"), "a default never written stays out:\n{text}");
    let read = sectoria_io::read_scenario(&ws.path().join("demo/variante.toml")).expect("the CLI reads it");
    assert_eq!(read.budget.total_fte, Some(20.0));
    // Saved over itself unchanged, scenario.toml gains no default either.
    let body = serde_json::json!({ "values": view["values"], "version": view["version"] }).to_string();
    let (status, saved) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/scenario.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(std::fs::read_to_string(ws.path().join("demo/scenario.toml")).expect("scenario.toml"), former);
}

#[tokio::test]
async fn a_refused_form_names_the_field_of_each_problem_its_own_first_without_file_positions() {
    let ws = demo_workspace();
    let app = app(ws.path());
    let (_, view) = call(&app, get("/api/instances/demo/scenarios/scenario.toml")).await;
    let mut values = view["values"].clone();
    values["budget"]["total_fte"] = serde_json::json!(-3.0);
    let body = serde_json::json!({ "values": values }).to_string();
    let (status, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/nouveau.toml", "application/json", body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let keys: Vec<&str> = refused["cells"].as_array().into_iter().flatten().filter_map(|c| c["key"].as_str()).collect();
    // The budget's own problem first (a reserve above it, if the reader says so too, after).
    assert_eq!(keys.first(), Some(&"budget.total_fte"), "{refused}");
    assert_eq!(keys.len(), refused["problems"].as_array().map_or(0, Vec::len), "{refused}");
    let first = refused["problems"][0].as_str().unwrap_or_default();
    assert!(first.contains("positif ou nul"), "{refused}");
    assert!(!message(&refused).contains("ligne") && !message(&refused).contains("sectoria serve"), "{refused}");
    // A minimum presence above the cap: the minimum presence's field, not the cap's.
    let mut values = view["values"].clone();
    values["rules"]["min_presence_fte"] = serde_json::json!(2.0);
    let body = serde_json::json!({ "values": values }).to_string();
    let (_, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/nouveau.toml", "application/json", body)).await;
    assert_eq!(refused["cells"][0]["key"], "rules.min_presence_fte", "{refused}");
    // A bassin the instance does not have (checked against the instance): its field too.
    let mut values = view["values"].clone();
    values["scope"]["bassins"] = serde_json::json!(["Nulle-Part"]);
    // With a lock the misspelt bassin leaves out of the scope: the bassin is blamed, not the lock.
    values["locks"]["assign"] = serde_json::json!([{ "uai": "0990043J", "worker": "ASS02" }]);
    let body = serde_json::json!({ "values": values }).to_string();
    let (_, refused) =
        call(&app, send("PUT", "/api/instances/demo/scenarios/nouveau.toml", "application/json", body)).await;
    assert_eq!(refused["code"], "E171", "{refused}");
    assert_eq!(refused["cells"][0]["key"], "scope.bassins", "{refused}");
    assert!(message(&refused).contains("« Nulle-Part »"), "{refused}");
}
