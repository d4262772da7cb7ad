//! The optional basemap: a GeoJSON file (WGS84: communes, the département's outline, roads…)
//! in the instance folder, named `fond.geojson` or `basemap.geojson` (the first found). The
//! interactive map draws it under the sectors, and each run's `report.html` draws it under its
//! map, as `sectoria report --basemap FILE` does. No file, no basemap: nothing else changes.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The basemap file names looked for in an instance folder, in order.
pub const FILES: [&str; 2] = ["fond.geojson", "basemap.geojson"];

/// Largest basemap read (a département's communes simplified are a few megabytes).
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The basemap of the instance folder, if any: its name and text.
pub fn find(instance_dir: &std::path::Path) -> Option<(&'static str, String)> {
    FILES.iter().find_map(|name| {
        let path = instance_dir.join(name);
        let size = std::fs::metadata(&path).ok().filter(|m| m.is_file())?.len();
        if size > MAX_BYTES {
            eprintln!("Attention : {} dépasse {} Mo : fond de carte ignoré", path.display(), MAX_BYTES >> 20);
            return None;
        }
        std::fs::read_to_string(&path).ok().map(|text| (*name, text))
    })
}

/// The basemap's text, for the report.
pub fn read(instance_dir: &std::path::Path) -> Option<String> {
    find(instance_dir).map(|(_, text)| text)
}

/// `GET /api/instances/{instance}/basemap`: the instance's basemap (404 when there is none).
pub async fn get(State(state): State<Arc<AppState>>, Path(instance): Path<String>) -> Result<Response, ApiError> {
    let dir = state.workspace.instance(&instance)?;
    let Some((_, text)) = find(&dir) else {
        return Err(ApiError::not_found(format!(
            "pas de fond de carte pour {instance} : déposez {} ou {} (GeoJSON, WGS84) dans son dossier",
            FILES[0], FILES[1]
        )));
    };
    // The file is checked where it is drawn: the page says so when it is not GeoJSON.
    let mut r = text.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(r)
}
