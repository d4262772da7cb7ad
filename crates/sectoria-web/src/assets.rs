//! The page, its script and its style sheet, embedded in the binary (no CDN, no fonts, no
//! tiles from the network: the application works offline).
//!
//! The page names the script and the style sheet with a version (a hash of their text), so
//! that the browser keeps them for good and a page load asks the server for the page only
//! (the page itself is always revalidated).

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

/// Colours written into the script (workers beyond them take the colours again from the first).
const PALETTE_SIZE: usize = 1024;

/// The script with the report's sector colours ([`sectoria_report::palette::sector_colour`]):
/// the map of Résultats colours each sector as the committee's report and the GeoJSON do.
fn app_js() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        let colours: Vec<String> = (0..PALETTE_SIZE).map(sectoria_report::palette::sector_colour).collect();
        let list = serde_json::to_string(&colours).unwrap_or_else(|_| "[]".into());
        APP_JS.replace("/* sector palette */ [\"#4e79a7\"]", &list)
    })
}

/// The page with its assets' addresses versioned by their content.
fn index_html() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (APP_JS, APP_CSS).hash(&mut h);
        let v = format!("{:016x}", h.finish());
        INDEX_HTML
            .replace("href=\"/app.css\"", &format!("href=\"/app.css?v={v}\""))
            .replace("src=\"/app.js\"", &format!("src=\"/app.js?v={v}\""))
    })
}

fn asset(body: &'static str, media: &'static str, cache: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Everything is same-origin and embedded: nothing else may load.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

/// Kept by the browser: the page asks for a new address when the content changes.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// `GET /`.
pub async fn index() -> Response {
    asset(index_html(), "text/html; charset=utf-8", "no-cache")
}

/// `GET /app.js`.
pub async fn script() -> Response {
    asset(app_js(), "text/javascript; charset=utf-8", FOREVER)
}

/// `GET /app.css`.
pub async fn style() -> Response {
    asset(APP_CSS, "text/css; charset=utf-8", FOREVER)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_script_colours_sectors_as_the_report_does() {
        let script = super::app_js();
        let start = script.find("const PALETTE = [").expect("palette written") + "const PALETTE = ".len();
        let end = start + script[start..].find(';').expect("end");
        let colours: Vec<String> = serde_json::from_str(&script[start..end]).expect("a list");
        assert_eq!(colours.len(), super::PALETTE_SIZE);
        for i in [0, 1, 11, 12, 95] {
            assert_eq!(colours[i], sectoria_report::palette::sector_colour(i));
        }
    }

    #[test]
    fn the_page_names_versioned_assets() {
        let page = super::index_html();
        assert!(page.contains("src=\"/app.js?v=") && page.contains("href=\"/app.css?v="), "{page}");
    }
}
