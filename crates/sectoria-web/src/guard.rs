//! Checks on every request, before any handler: the `Host` header (against DNS rebinding),
//! the `Origin` header (against cross-site requests) and, when the server listens beyond the
//! loopback, the access token.
//!
//! The token is accepted as `Authorization: Bearer T`, as `?token=T` (the address printed at
//! start; the answer then sets a `SameSite=Strict` cookie so that the page's own requests
//! carry it) or as that cookie.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Name of the token cookie.
const COOKIE: &str = "sectoria_token";

/// Host names always accepted (the loopback).
const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// The host part of a `Host` header or of an origin's authority (port removed).
fn host_name(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority.find(']').map_or(authority, |i| &authority[..=i]);
    }
    authority.rsplit_once(':').map_or(authority, |(h, _)| h)
}

/// Equality in time independent of where the strings differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token carried by the request, if any, and whether it came in the query.
fn presented_token(headers: &HeaderMap, query: Option<&str>) -> (Option<String>, bool) {
    if let Some(t) = query.and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token="))) {
        return (Some(t.to_string()), true);
    }
    if let Some(v) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        if let Some(t) = v.strip_prefix("Bearer ") {
            return (Some(t.trim().to_string()), false);
        }
    }
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix("sectoria_token=").map(str::to_string));
    (cookie, false)
}

/// The middleware: refuses with 403 (foreign host or origin) or 401 (token), else passes on.
pub async fn check(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let allowed = |name: &str| LOOPBACK.contains(&name) || state.config.extra_host.as_deref() == Some(name);
    if !allowed(host_name(host)) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "W403",
            format!("hôte « {host} » refusé : ouvrez l'application par l'adresse affichée au démarrage"),
        )
        .into_response();
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let authority = origin.strip_prefix("http://").unwrap_or("");
        if authority != host || !allowed(host_name(authority)) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "W403",
                format!("requête venue d'un autre site (« {origin} ») refusée"),
            )
            .into_response();
        }
    }
    let mut set_cookie = None;
    if let Some(expected) = &state.config.token {
        let (token, in_query) = presented_token(headers, request.uri().query());
        match token {
            Some(t) if same_secret(&t, expected) => {
                if in_query {
                    set_cookie = Some(format!("{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict"));
                }
            }
            _ => {
                return ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "W401",
                    "jeton d'accès absent ou faux : ouvrez l'adresse complète affichée au démarrage (avec ?token=…)",
                )
                .into_response();
            }
        }
    }
    let mut response = next.run(request).await;
    if let Some(cookie) = set_cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_drop_the_port() {
        assert_eq!(host_name("127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_name("localhost"), "localhost");
        assert_eq!(host_name("[::1]:80"), "[::1]");
        assert_eq!(host_name("evil.example:80"), "evil.example");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
