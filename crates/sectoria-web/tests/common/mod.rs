//! Request helpers shared by the HTTP-level tests.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

/// A GET from the local browser.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).header("host", "127.0.0.1:8080").body(Body::empty()).expect("request")
}

/// A request with a body, from the application's own page.
pub fn send(method: &str, uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1:8080")
        .header("origin", "http://127.0.0.1:8080")
        .header("content-type", content_type)
        .body(body.into())
        .expect("request")
}

/// The answer's status and body (JSON, or the text as a JSON string).
pub async fn call(app: &Router, req: Request<Body>) -> (StatusCode, serde_json::Value) {
    let response = app.clone().oneshot(req).await.expect("answer");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    let json =
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, json)
}

/// The French message of an error answer.
pub fn message(v: &serde_json::Value) -> &str {
    v["message"].as_str().unwrap_or_default()
}

/// The run `run` of instance `instance` once it has ended (a done run once its committee
/// documents are announced, in a second event); panics after 10 minutes.
pub async fn wait_for_end(app: &Router, instance: &str, run: &str) -> serde_json::Value {
    for _ in 0..6000 {
        let (_, runs) = call(app, get(&format!("/api/instances/{instance}/runs"))).await;
        if let Some(r) = runs.as_array().into_iter().flatten().find(|r| r["run"] == run) {
            let ended = !matches!(r["state"].as_str(), Some("queued" | "running"));
            if ended && (r["state"] != "done" || r["documents"] == true) {
                return r.clone();
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("run {run} did not end");
}
