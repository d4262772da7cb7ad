//! sectoria-web: `sectoria serve`, the local web application of DESIGN §9.
//!
//! One [`router`] (axum on tokio) over one shared [`AppState`]; every handler reads or writes
//! the workspace's files through the command line's own library calls (`sectoria-io`,
//! `sectoria-run`, `sectoria-scenarios`) and answers an [`ApiError`] (French message, code)
//! when it cannot. Planning runs on a dedicated thread ([`queue`]); the pages follow them by
//! server-sent events. Security: [`guard`] checks `Host`, `Origin` and the token on every
//! request; [`workspace`] keeps every path inside the workspace; bodies are limited to
//! [`BODY_LIMIT`] bytes.
#![deny(missing_docs)]

mod assets;
pub mod basemap;
pub mod candidates;
mod data;
pub mod error;
mod form_errors;
pub mod guard;
mod headings;
pub mod import;
pub mod queue;
mod runs;
mod scenario_form;
mod scenario_text;
pub mod state;
pub mod versions;
pub mod workers_time;
pub mod workspace;

pub use error::ApiError;
pub use state::{cli_planner, AppState, Config, Planner};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

/// Largest request body accepted (a table of workers is a few kilobytes).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The application: every route, the security checks and the body limit.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/favicon.ico", get(|| async { axum::http::StatusCode::NO_CONTENT }))
        .route("/api/instances", get(data::list))
        .route("/api/import", get(import::choices).post(import::run))
        .route("/api/import/files/{kind}/{name}", put(import::upload))
        .route("/api/instances/{instance}", get(data::instance))
        .route("/api/instances/{instance}/basemap", get(basemap::get))
        .route("/api/instances/{instance}/tables/{file}", put(data::save_table))
        .route("/api/tables/{file}/headings", post(headings::read))
        .route("/api/instances/{instance}/scenarios/{name}", get(scenario_form::get).put(scenario_form::save))
        .route("/api/instances/{instance}/runs", get(runs::list).post(runs::submit))
        .route("/api/instances/{instance}/runs/{run}/cancel", post(runs::cancel))
        .route("/api/instances/{instance}/runs/{run}/stop", post(runs::stop))
        .route("/api/instances/{instance}/runs/{run}/files/{file}", get(runs::file))
        .route("/api/instances/{instance}/runs/{run}/explain/{uai}", get(runs::explain))
        .route("/api/instances/{instance}/runs/{run}/candidates/{uai}", get(candidates::get))
        .route("/api/instances/{instance}/runs/{run}/check", get(runs::check))
        .route("/api/instances/{instance}/runs/{run}/trade", get(runs::trade))
        .route("/api/instances/{instance}/runs/{run}/adopt", post(runs::adopt))
        .route("/api/instances/{instance}/compare", get(runs::compare))
        .route("/api/events", get(runs::events))
        .fallback(|| async { ApiError::not_found("cette adresse n'existe pas dans l'application") })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::map_response(error::french_refusals))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::check))
        .with_state(state)
}

/// Serves the application on `addr` until the process ends; `on_ready` receives the bound
/// address (port 0 picks a free port).
pub async fn serve(state: Arc<AppState>, addr: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_ready(listener.local_addr()?);
    axum::serve(listener, router(state)).await
}

/// [`serve`] on a tokio runtime of its own (for the command line, which has none), until Ctrl+C
/// or SIGTERM: then the run under way stops its explanations or frontier and writes its plan
/// (at most [`STOP_WAIT`]; a second signal quits at once), and the queued runs never start.
pub fn serve_blocking(
    state: Arc<AppState>,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let served = runtime.block_on(async {
        tokio::select! {
            served = serve(state.clone(), addr, on_ready) => served,
            () = stop_signal() => {
                eprintln!("Arrêt demandé (Ctrl+C de nouveau pour quitter sans attendre).");
                let queue = state.clone();
                let stopping = tokio::task::spawn_blocking(move || {
                    queue.queue.shut_down(STOP_WAIT, &|line| eprintln!("{line}"));
                });
                tokio::select! {
                    _ = stopping => eprintln!("sectoria serve arrêté."),
                    () = stop_signal() => eprintln!("sectoria serve arrêté sans attendre."),
                }
                Ok(())
            }
        }
    });
    // Without waiting for a stop still under way (a second Ctrl+C): the process ends now.
    runtime.shutdown_background();
    served
}

/// How long a server stop waits for the run under way to write its plan.
pub const STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Ctrl+C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A random access token (128 bits from the standard library's per-process random hash keys
/// and the clock), as 32 hexadecimal digits.
pub fn new_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let part = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        h.finish()
    };
    format!("{:016x}{:016x}", part(), part())
}
