//! The HTTP side: one Table request, with a time limit and retries with back-off on transient
//! failures (time-outs, dropped connections, HTTP 429 and 5xx).

use crate::answer::{parse_table, refused, Table};
use crate::error::{hint_for_status, network_reason, RoutingError};
use sectoria_core::LatLon;
use std::time::Duration;

/// How to reach the server.
#[derive(Debug, Clone, PartialEq)]
pub struct OsrmConfig {
    /// Base URL of the server (`http://127.0.0.1:5000`), without `/table/v1`.
    pub url: String,
    /// Profile in the URL (`driving`; osrm-routed serves its one profile under any name).
    pub profile: String,
    /// Most coordinates per request (the server's `--max-table-size`, 100 by default).
    pub max_table_size: usize,
    /// Time allowed for one request, answer included.
    pub timeout: Duration,
    /// Attempts after the first on a transient failure.
    pub retries: u32,
    /// Wait before the first retry; doubled at each retry.
    pub backoff: Duration,
    /// Farthest a point may be from the road OSRM snapped it to, kilometres: beyond, its
    /// pairs are not measured (see [`MAX_SNAP_KM`]).
    pub max_snap_km: f64,
}

/// Default of [`OsrmConfig::max_snap_km`]: 1 km. A school or a home is on a street or within a
/// few hundred metres of one (a rural school's coordinates can be the village centre, a farm
/// track away from the road); 1 km leaves room for that and for coordinates a little off.
/// Farther, the point is not where the road network is: the server does not cover it (OSRM
/// snaps a point to the nearest road it knows, however far) or its coordinates are wrong, and
/// the road measured would start from somewhere else. The snap error also stays small next to
/// the pairs the planner weighs (several km to 60 km).
pub const MAX_SNAP_KM: f64 = 1.0;

impl OsrmConfig {
    /// The defaults for `url`: profile `driving`, 100 locations, 60 s, 3 retries from 0.5 s.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.trim_end_matches('/').to_string(),
            profile: "driving".into(),
            max_table_size: 100,
            timeout: Duration::from_secs(60),
            retries: 3,
            backoff: Duration::from_millis(500),
            max_snap_km: MAX_SNAP_KM,
        }
    }
}

/// A client of one OSRM server's Table service.
#[derive(Debug)]
pub struct OsrmClient {
    config: OsrmConfig,
    agent: ureq::Agent,
    /// HTTP requests sent, retries included.
    pub requests_sent: u32,
}

impl OsrmClient {
    /// A client for `config`; fails when the URL is not HTTP(S).
    pub fn new(config: OsrmConfig) -> Result<Self, RoutingError> {
        let ok = config.url.starts_with("http://") || config.url.starts_with("https://");
        if !ok || config.url.contains(['?', '#', ' ']) {
            return Err(RoutingError::BadUrl { url: config.url });
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Ok(Self { config, agent, requests_sent: 0 })
    }

    /// The configuration.
    pub fn config(&self) -> &OsrmConfig {
        &self.config
    }

    /// Distances and times from each of `sources` to each of `destinations` (one request; the
    /// caller keeps `sources.len() + destinations.len()` within `max_table_size`).
    pub fn table(&mut self, sources: &[LatLon], destinations: &[LatLon]) -> Result<Table, RoutingError> {
        let url = self.table_url(sources, destinations);
        let mut wait = self.config.backoff;
        let mut attempt = 1;
        loop {
            match self.attempt(&url, sources, destinations) {
                Ok(table) => return Ok(table),
                Err(Failure::Final(e)) => return Err(e),
                Err(Failure::Transient(e)) if attempt > self.config.retries => return Err(e.into_error(self, attempt)),
                Err(Failure::Transient(_)) => {
                    std::thread::sleep(wait);
                    wait *= 2;
                    attempt += 1;
                }
            }
        }
    }

    fn table_url(&self, sources: &[LatLon], destinations: &[LatLon]) -> String {
        let coords: Vec<String> =
            sources.iter().chain(destinations).map(|p| format!("{:.6},{:.6}", p.lon, p.lat)).collect();
        let indices = |range: std::ops::Range<usize>| range.map(|i| i.to_string()).collect::<Vec<_>>().join(";");
        let n = sources.len();
        format!(
            "{}/table/v1/{}/{}?sources={}&destinations={}&annotations=distance,duration",
            self.config.url,
            self.config.profile,
            coords.join(";"),
            indices(0..n),
            indices(n..n + destinations.len())
        )
    }

    fn attempt(&mut self, url: &str, sources: &[LatLon], destinations: &[LatLon]) -> Result<Table, Failure> {
        self.requests_sent += 1;
        let base = &self.config.url;
        let mut response = self.agent.get(url).call().map_err(|e| Failure::Transient(Transient::of(e)))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| Failure::Transient(Transient::of(e)))?;
        if status == 429 || status >= 500 {
            return Err(Failure::Transient(Transient::Status(status, osrm_message(&body))));
        }
        if status != 200 {
            // OSRM answers its own refusals (TooBig, InvalidQuery…) with 400 and a JSON body.
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&body) {
                if let Some(code) = value.get("code").and_then(|c| c.as_str()) {
                    return Err(Failure::Final(refused(base, code, value.get("message"))));
                }
            }
            return Err(Failure::Final(RoutingError::Http {
                url: base.clone(),
                status,
                message: osrm_message(&body),
                hint: hint_for_status(status),
            }));
        }
        parse_table(&body, base, sources, destinations).map_err(Failure::Final)
    }
}

/// OSRM's `message`, or the start of a non-JSON body, with a leading separator.
fn osrm_message(body: &str) -> String {
    let text = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_string))
        .unwrap_or_else(|| body.chars().take(80).collect::<String>().replace('\n', " "));
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(" (« {} »)", text.trim())
    }
}

enum Failure {
    /// Worth another attempt.
    Transient(Transient),
    /// Not worth retrying.
    Final(RoutingError),
}

enum Transient {
    /// Nobody answers: (French reason, system's words).
    Refused(&'static str, String),
    Timeout,
    /// The exchange broke: (French reason, system's words).
    Broken(&'static str, String),
    Status(u16, String),
}

impl Transient {
    fn of(e: ureq::Error) -> Self {
        match e {
            ureq::Error::Timeout(_) => Self::Timeout,
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Self::Timeout,
            ureq::Error::Io(ref io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                Self::Refused(network_reason(&e), e.to_string())
            }
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => {
                Self::Refused(network_reason(&e), e.to_string())
            }
            other => Self::Broken(network_reason(&other), other.to_string()),
        }
    }

    fn into_error(self, client: &OsrmClient, attempts: u32) -> RoutingError {
        let url = client.config.url.clone();
        match self {
            Self::Refused(reason, detail) => RoutingError::Unreachable { url, reason: reason.into(), detail },
            Self::Timeout => RoutingError::Timeout { url, seconds: client.config.timeout.as_secs().max(1), attempts },
            Self::Broken(reason, detail) => RoutingError::Network { url, attempts, reason: reason.into(), detail },
            Self::Status(status, message) => RoutingError::Http { url, status, message, hint: hint_for_status(status) },
        }
    }
}
