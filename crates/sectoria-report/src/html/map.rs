//! The SVG map of the report: an equirectangular projection scaled by cos(mean latitude),
//! the optional background layer, sector hulls, spokes from each base to its establishments,
//! establishments (one `circle.etab` each, sized by √pupils, hollow when not served, ringed
//! when REP+ or REP), bases as squares, words that survive a black and white copy
//! ([`super::map_labels`]: each sector's worker id; in an enlargement, each establishment's UAI
//! and worker), a legend ([`super::map_legend`]: every sector) and a scale bar. The frame fits the points' extent, north up, kilometres the same both ways.
//!
//! Coordinates come in as WGS84 (lat, lon) and are converted once, in [`Projection::xy`].

use super::esc;
use crate::error::ReportError;
use crate::frformat::decimal;
use crate::hull::{by_uai, sector_hull, sector_points};
use crate::palette::sector_colour;
use geojson::{GeoJson, Geometry, GeometryValue, Position};
use sectoria_core::{Category, LatLon, Plan};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Width of the map area, px (the legend is drawn to its right).
pub(super) const MAP_W: f64 = 760.0;
/// Width of the legend panel, px.
pub(super) const LEGEND_W: f64 = 250.0;
/// Largest map height, px.
const MAP_H_MAX: f64 = 860.0;
/// Largest height of an enlargement, px: low enough for the map and its first enlargement to
/// share an A4 page (a square enlargement as tall as the map left two thirds of a page blank).
const ZOOM_H_MAX: f64 = 330.0;
/// Smallest map height, px: the legend's symbols beside it.
const MAP_H_MIN: f64 = 220.0;
const MARGIN: f64 = 24.0;
/// Kilometres per degree of latitude (mean Earth radius 6 371 km).
const KM_PER_DEGREE: f64 = 111.195;
/// Fewest establishments in a crowded area worth an enlargement.
const DENSE_MIN: usize = 10;
/// Fewest establishments in a crowded area inside the first enlargement worth a second one: a
/// town's five or six schools overlap on the first (session 49, Rodez).
const INNER_MIN: usize = 5;

/// Projects WGS84 positions on the map.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    lon_min: f64,
    lat_max: f64,
    kx: f64,
    /// Pixels per degree of latitude.
    scale: f64,
    ox: f64,
    oy: f64,
    /// Height of the drawing, px.
    pub height: f64,
}

impl Projection {
    /// Fits the (finite) `points` in the map area. Without any point the map shows
    /// metropolitan France.
    pub fn fit(points: impl IntoIterator<Item = LatLon>) -> Projection {
        Projection::fit_within(points, MAP_H_MAX)
    }

    /// [`Projection::fit`] at most `max_height` pixels high.
    fn fit_within(points: impl IntoIterator<Item = LatLon>, max_height: f64) -> Projection {
        let (mut lon_min, mut lon_max, mut lat_min, mut lat_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in points.into_iter().filter(|p| p.lat.is_finite() && p.lon.is_finite()) {
            lon_min = lon_min.min(p.lon);
            lon_max = lon_max.max(p.lon);
            lat_min = lat_min.min(p.lat);
            lat_max = lat_max.max(p.lat);
        }
        if lon_min > lon_max {
            (lon_min, lon_max, lat_min, lat_max) = (-5.0, 9.5, 41.3, 51.1);
        }
        let kx = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.05);
        let dx = ((lon_max - lon_min) * kx).max(0.01);
        let dy = (lat_max - lat_min).max(0.01);
        let mut scale = (MAP_W - 2.0 * MARGIN) / dx;
        if dy * scale + 2.0 * MARGIN > max_height {
            scale = (max_height - 2.0 * MARGIN) / dy;
        }
        let height = (dy * scale + 2.0 * MARGIN).max(MAP_H_MIN);
        let ox = (MAP_W - (lon_max - lon_min) * kx * scale) / 2.0;
        let oy = (height - (lat_max - lat_min) * scale) / 2.0;
        Projection { lon_min, lat_max, kx, scale, ox, oy, height }
    }

    /// Pixel position of `p` (x to the east, y to the south).
    pub fn xy(&self, p: LatLon) -> (f64, f64) {
        (self.ox + (p.lon - self.lon_min) * self.kx * self.scale, self.oy + (self.lat_max - p.lat) * self.scale)
    }

    /// Pixels per kilometre on the ground.
    pub fn px_per_km(&self) -> f64 {
        self.scale / KM_PER_DEGREE
    }
}

/// The round length of the scale bar (1, 2 or 5 × 10ⁿ km) closest below `target_km`.
pub fn scale_bar_km(target_km: f64) -> f64 {
    let p = 10f64.powf(target_km.max(1e-3).log10().floor());
    [5.0, 2.0, 1.0].into_iter().map(|m| m * p).find(|&v| v <= target_km).unwrap_or(p)
}

fn ring_path(ring: &[Position], proj: &Projection, close: bool, out: &mut String) {
    let mut first = true;
    for pos in ring {
        let (Some(&lon), Some(&lat)) = (pos.as_slice().first(), pos.as_slice().get(1)) else { continue };
        if !lon.is_finite() || !lat.is_finite() {
            continue;
        }
        let (x, y) = proj.xy(LatLon::new(lat, lon));
        let _ = write!(out, "{}{x:.1} {y:.1}", if first { "M" } else { "L" });
        first = false;
    }
    if close && !first {
        out.push('Z');
    }
}

fn geometry_paths(g: &Geometry, proj: &Projection, areas: &mut String, lines: &mut String) {
    match &g.value {
        GeometryValue::Polygon { coordinates } => coordinates.iter().for_each(|r| ring_path(r, proj, true, areas)),
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().for_each(|r| ring_path(r, proj, true, areas))
        }
        GeometryValue::LineString { coordinates } => ring_path(coordinates, proj, false, lines),
        GeometryValue::MultiLineString { coordinates } => {
            coordinates.iter().for_each(|l| ring_path(l, proj, false, lines))
        }
        GeometryValue::GeometryCollection { geometries } => {
            geometries.iter().for_each(|g| geometry_paths(g, proj, areas, lines))
        }
        GeometryValue::Point { .. } | GeometryValue::MultiPoint { .. } => {}
    }
}

/// Parses the background layer and draws its polygons and lines (points are ignored).
fn basemap_svg(text: &str, proj: &Projection) -> Result<String, ReportError> {
    let gj: GeoJson = text.parse().map_err(|e: geojson::Error| ReportError::Basemap(e.to_string()))?;
    let mut areas = String::new();
    let mut lines = String::new();
    match &gj {
        GeoJson::Geometry(g) => geometry_paths(g, proj, &mut areas, &mut lines),
        GeoJson::Feature(f) => f.geometry.iter().for_each(|g| geometry_paths(g, proj, &mut areas, &mut lines)),
        GeoJson::FeatureCollection(fc) => fc
            .features
            .iter()
            .filter_map(|f| f.geometry.as_ref())
            .for_each(|g| geometry_paths(g, proj, &mut areas, &mut lines)),
    }
    let mut s = String::from("<g class=\"basemap\">");
    if !areas.is_empty() {
        let _ = write!(
            s,
            "<path d=\"{areas}\" fill=\"#f1efe8\" fill-rule=\"evenodd\" stroke=\"#b9b4a6\" stroke-width=\"0.8\"/>"
        );
    }
    if !lines.is_empty() {
        let _ = write!(s, "<path d=\"{lines}\" fill=\"none\" stroke=\"#b9b4a6\" stroke-width=\"0.8\"/>");
    }
    s.push_str("</g>");
    Ok(s)
}

/// Index of each worker id in `plan.workers` (its colour).
pub fn worker_index(plan: &Plan) -> HashMap<&str, usize> {
    plan.workers.iter().enumerate().map(|(k, w)| (w.id.as_str(), k)).collect()
}

/// The whole département's positions: establishments and bases.
fn all_points(plan: &Plan) -> impl Iterator<Item = LatLon> + '_ {
    plan.establishments
        .iter()
        .map(|e| e.location)
        .chain(plan.workers.iter().filter_map(|w| w.base.as_ref().map(|b| b.location)))
}

/// Renders the map as an inline `<svg>` element; when the plan has a crowded area (a
/// city), its outline is drawn, for [`zoom_svgs`]'s enlargement.
pub fn map_svg(plan: &Plan, basemap: Option<&str>) -> Result<String, ReportError> {
    let proj = Projection::fit(all_points(plan));
    let first = dense_windows(plan).first().map(|w| w.outline(&proj));
    draw(plan, basemap, &proj, "carte", first)
}

/// The enlargements of the plan's crowded areas, as inline `<svg id="carte-zoom-N">`
/// elements with the number of establishments each frames: the box that holds the most
/// establishments, a quarter of the map's extent wide, when it holds at least a quarter of
/// them and ten; then, the same way, the crowded area inside it (a city's centre, five
/// establishments at least), whose
/// outline the first draws. None when the markers are spread enough to be read on the map.
pub fn zoom_svgs(plan: &Plan, basemap: Option<&str>) -> Result<Vec<(String, usize)>, ReportError> {
    let windows = dense_windows(plan);
    let mut out = Vec::with_capacity(windows.len());
    for (n, w) in windows.iter().enumerate() {
        let corners = [LatLon::new(w.lat_min, w.lon_min), LatLon::new(w.lat_max, w.lon_max)];
        let proj = Projection::fit_within(corners, ZOOM_H_MAX);
        let inner = windows.get(n + 1).map(|inner| inner.outline(&proj));
        out.push((draw(plan, basemap, &proj, &format!("carte-zoom-{}", n + 1), inner)?, w.count));
    }
    Ok(out)
}

/// A box of the map, in degrees, and the establishments inside.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Window {
    lat_min: f64,
    lat_max: f64,
    lon_min: f64,
    lon_max: f64,
    count: usize,
}

impl Window {
    /// The box in `proj`'s pixels (x, y, width, height), a few pixels wider than its markers'
    /// centres.
    fn outline(&self, proj: &Projection) -> (f64, f64, f64, f64) {
        let (x0, y0) = proj.xy(LatLon::new(self.lat_max, self.lon_min));
        let (x1, y1) = proj.xy(LatLon::new(self.lat_min, self.lon_max));
        (x0 - 8.0, y0 - 8.0, x1 - x0 + 16.0, y1 - y0 + 16.0)
    }

    fn contains(&self, p: &LatLon) -> bool {
        (self.lat_min..=self.lat_max).contains(&p.lat) && (self.lon_min..=self.lon_max).contains(&p.lon)
    }
}

/// The crowded areas of the plan, at most two, each inside the one before.
fn dense_windows(plan: &Plan) -> Vec<Window> {
    let mut points: Vec<LatLon> =
        plan.establishments.iter().map(|e| e.location).filter(|p| p.lat.is_finite() && p.lon.is_finite()).collect();
    let mut out = Vec::new();
    while out.len() < 2 {
        let least = if out.is_empty() { DENSE_MIN } else { INNER_MIN };
        let Some(w) = dense_window(&points, least) else { break };
        points.retain(|p| w.contains(p));
        out.push(w);
    }
    out
}

/// The crowded area among `points`, when there is one: among the squares a quarter of their
/// extent wide centred on a point, the one holding the most points (the first on a tie),
/// when it holds at least a quarter of them and `least`, tightened to the points inside.
fn dense_window(points: &[LatLon], least: usize) -> Option<Window> {
    let n = points.len();
    let (lat_min, lat_max) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.lat), b.max(p.lat)));
    let (lon_min, lon_max) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.lon), b.max(p.lon)));
    let kx = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.05);
    // Half the side of the square, in degrees of latitude.
    let half = ((lon_max - lon_min) * kx).max(lat_max - lat_min) / 8.0;
    if n < least || half <= 0.0 {
        return None;
    }
    let inside = |c: &LatLon, p: &LatLon| (p.lat - c.lat).abs() <= half && ((p.lon - c.lon) * kx).abs() <= half;
    let (centre, count) = points
        .iter()
        .map(|c| (c, points.iter().filter(|p| inside(c, p)).count()))
        .fold((None, 0), |best, (c, k)| if k > best.1 { (Some(c), k) } else { best });
    let centre = centre?;
    if count < least || 4 * count < n {
        return None;
    }
    let mut w = Window { lat_min: f64::MAX, lat_max: f64::MIN, lon_min: f64::MAX, lon_max: f64::MIN, count };
    for p in points.iter().filter(|p| inside(centre, p)) {
        w.lat_min = w.lat_min.min(p.lat);
        w.lat_max = w.lat_max.max(p.lat);
        w.lon_min = w.lon_min.min(p.lon);
        w.lon_max = w.lon_max.max(p.lon);
    }
    Some(w)
}

/// Draws the plan through `proj` as `<svg id="{id}">`, with the legend when it is the whole
/// map (`id` = "carte") and the outline of the enlarged area `window` (x, y, width, height).
fn draw(
    plan: &Plan,
    basemap: Option<&str>,
    proj: &Projection,
    id: &str,
    window: Option<(f64, f64, f64, f64)>,
) -> Result<String, ReportError> {
    let whole = id == "carte";
    let width = if whole { MAP_W + LEGEND_W } else { MAP_W };
    // The frame fits the points (the projection's height); the legend may need more below.
    let (legend, height) =
        if whole { super::map_legend::legend(plan, proj.height) } else { (String::new(), proj.height) };
    let frame = proj.height;
    let mut s = String::new();
    let label = if whole { "Carte des secteurs" } else { "Agrandissement d'une zone dense" };
    let _ = write!(
        s,
        "<svg id=\"{id}\"{} xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         role=\"img\" aria-label=\"{label}\" font-family=\"sans-serif\" font-size=\"12\">",
        if whole { "" } else { " class=\"zoom\"" }
    );
    let _ = write!(
        s,
        "<defs><clipPath id=\"zone-{id}\"><rect x=\"0\" y=\"0\" width=\"{MAP_W:.0}\" height=\"{frame:.0}\"/></clipPath></defs>\
         <rect class=\"cadre\" x=\"0\" y=\"0\" width=\"{MAP_W:.0}\" height=\"{frame:.0}\" fill=\"#fbfbf8\" stroke=\"#ccc\"/>"
    );
    let _ = write!(s, "<g clip-path=\"url(#zone-{id})\">");
    if let Some(text) = basemap {
        s.push_str(&basemap_svg(text, proj)?);
    }
    let index = worker_index(plan);
    let establishments = by_uai(plan);
    // Hulls, then spokes, under the markers.
    s.push_str("<g class=\"hulls\">");
    for (k, w) in plan.workers.iter().enumerate() {
        if let Some(hull) = sector_hull(&sector_points(w, &establishments)) {
            let pts: Vec<String> = hull
                .exterior()
                .0
                .iter()
                .map(|c| {
                    let (x, y) = proj.xy(LatLon::new(c.y, c.x));
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            let c = sector_colour(k);
            let _ = write!(
                s,
                "<polygon class=\"hull\" data-worker=\"{}\" points=\"{}\" fill=\"{c}\" fill-opacity=\"0.10\" \
                 stroke=\"{c}\" stroke-opacity=\"0.6\" stroke-dasharray=\"4 3\"/>",
                esc(&w.id),
                pts.join(" ")
            );
        }
    }
    s.push_str("</g><g class=\"spokes\">");
    for (k, w) in plan.workers.iter().enumerate() {
        let Some(base) = &w.base else { continue };
        let (bx, by) = proj.xy(base.location);
        for line in &w.sector {
            if let Some(e) = establishments.get(line.uai.as_str()) {
                let (x, y) = proj.xy(e.location);
                let _ = write!(
                    s,
                    "<line x1=\"{bx:.1}\" y1=\"{by:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"1.2\" \
                     stroke-opacity=\"0.7\"/>",
                    sector_colour(k)
                );
            }
        }
    }
    s.push_str("</g><g class=\"etabs\">");
    let max_pupils = plan.establishments.iter().map(|e| e.pupils).fold(1.0, f64::max);
    for e in &plan.establishments {
        let (x, y) = proj.xy(e.location);
        let r = 3.0 + 9.0 * (e.pupils.max(0.0) / max_pupils).sqrt();
        let main = e.workers.iter().max_by(|a, b| a.units.cmp(&b.units).then(b.worker.cmp(&a.worker)));
        let served = e.allocated_units > 0;
        let title = format!(
            "{} ({}) — {}, {} élèves ; priorité {} ; {}",
            e.name,
            e.uai,
            e.kind.label(),
            decimal(e.pupils, 0),
            decimal(e.priority.score, 1),
            if served {
                format!(
                    "{} ETP, {}",
                    decimal(e.allocated_fte, 1),
                    e.workers.iter().map(|w| w.worker.as_str()).collect::<Vec<_>>().join(", ")
                )
            } else {
                format!("non servi{}", e.reason.as_ref().map(|r| format!(" : {r}")).unwrap_or_default())
            }
        );
        let style = match main.and_then(|w| index.get(w.worker.as_str())) {
            Some(&k) if served => {
                format!("fill=\"{}\" fill-opacity=\"0.9\" stroke=\"#333\" stroke-width=\"0.7\"", sector_colour(k))
            }
            _ if served => "fill=\"#888\" stroke=\"#333\" stroke-width=\"0.7\"".to_string(),
            _ if e.must_cover => "fill=\"#fff\" fill-opacity=\"0.6\" stroke=\"#c0392b\" stroke-width=\"2\"".to_string(),
            _ => "fill=\"#fff\" fill-opacity=\"0.6\" stroke=\"#555\" stroke-width=\"1.5\"".to_string(),
        };
        let _ = write!(s, "<a href=\"#e-{}\">", esc(&e.uai));
        if e.priority.has(Category::RepPlus) {
            let _ = write!(
                s,
                "<circle class=\"ring rep-plus\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"none\" stroke=\"#111\" \
                 stroke-width=\"2\"/>",
                r + 3.0
            );
        } else if e.priority.has(Category::Rep) {
            let _ = write!(
                s,
                "<circle class=\"ring rep\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"none\" stroke=\"#111\" \
                 stroke-width=\"1.2\" stroke-dasharray=\"2 2\"/>",
                r + 3.0
            );
        }
        let _ = write!(
            s,
            "<circle class=\"etab{}\" data-uai=\"{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" {style}><title>{}</title></circle></a>",
            if served { " servi" } else { " non-servi" },
            esc(&e.uai),
            esc(&super::unquoted(&title))
        );
    }
    s.push_str("</g><g class=\"bases\">");
    for (k, w) in plan.workers.iter().enumerate() {
        let Some(base) = &w.base else { continue };
        let (x, y) = proj.xy(base.location);
        let _ = write!(
            s,
            "<rect class=\"base\" data-worker=\"{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"9\" height=\"9\" fill=\"{}\" \
             stroke=\"#000\" stroke-width=\"1.2\"><title>Résidence de {}{}</title></rect>",
            esc(&w.id),
            x - 4.5,
            y - 4.5,
            sector_colour(k),
            esc(&w.id),
            w.name.as_ref().map(|n| format!(" ({})", esc(n))).unwrap_or_default()
        );
    }
    s.push_str("</g>");
    // Words over everything: worker ids, and in an enlargement the establishments' UAIs.
    use super::map_labels::{labels, Establishments};
    s.push_str(&labels(plan, proj, if whole { Establishments::None } else { Establishments::Outside(window) }));
    if let Some((x, y, w, h)) = window {
        let _ = write!(
            s,
            "<rect class=\"zone-dense\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"none\" \
             stroke=\"#1f4e79\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"><title>Zone agrandie sous cette carte</title></rect>"
        );
    }
    s.push_str("</g>");
    // Scale bar, bottom left.
    let km = scale_bar_km(150.0 / proj.px_per_km());
    let len = km * proj.px_per_km();
    let (x0, y0) = (MARGIN, proj.height - 14.0);
    let _ = write!(
        s,
        "<g class=\"echelle\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"30\" fill=\"#fff\" fill-opacity=\"0.8\"/>\
         <path d=\"M{x0:.1} {:.1}V{y0:.1}H{:.1}V{:.1}\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{} km</text></g>",
        x0 - 6.0,
        y0 - 22.0,
        len + 12.0,
        y0 - 5.0,
        x0 + len,
        y0 - 5.0,
        x0 + len / 2.0,
        y0 - 8.0,
        decimal(km, if km < 1.0 { 1 } else { 0 })
    );
    s.push_str(&legend);
    s.push_str("</svg>");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(scale_bar_km(13.0), 10.0);
        assert_eq!(scale_bar_km(27.0), 20.0);
        assert_eq!(scale_bar_km(0.7), 0.5);
        assert_eq!(scale_bar_km(5.0), 5.0);
    }

    #[test]
    fn projection_keeps_north_up_and_distances_isotropic() {
        let a = LatLon::new(46.0, 2.0);
        let b = LatLon::new(46.5, 3.0);
        let p = Projection::fit([a, b]);
        let ((ax, ay), (bx, by)) = (p.xy(a), p.xy(b));
        assert!(bx > ax && by < ay, "east is right, north is up");
        for (x, y) in [(ax, ay), (bx, by)] {
            assert!((0.0..=MAP_W).contains(&x) && (0.0..=p.height).contains(&y));
        }
        // Pixel distance matches the great-circle distance within 1 %.
        let px = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt() / p.px_per_km();
        let km = a.haversine_km(&b);
        assert!((px - km).abs() / km < 0.01, "{px} vs {km}");
    }

    #[test]
    fn single_point_is_centred() {
        let p = Projection::fit([LatLon::new(45.0, 3.0)]);
        let (x, y) = p.xy(LatLon::new(45.0, 3.0));
        assert!((x - MAP_W / 2.0).abs() < 1e-6 && (y - p.height / 2.0).abs() < 1e-6);
    }

    /// A 10 × 10 grid over about 80 km, and `city` points within 1 km of its centre.
    fn grid_and_city(city: usize) -> Vec<LatLon> {
        let mut v: Vec<LatLon> =
            (0..100).map(|i| LatLon::new(43.0 + 0.07 * f64::from(i / 10), 1.0 + 0.1 * f64::from(i % 10))).collect();
        v.extend((0..city).map(|i| LatLon::new(43.31 + 0.001 * (i % 7) as f64, 1.45 + 0.001 * (i / 7) as f64)));
        v
    }

    #[test]
    fn a_city_is_framed_and_an_even_spread_is_not() {
        assert_eq!(
            dense_window(&grid_and_city(0), DENSE_MIN),
            None,
            "a quarter-wide square of the grid holds a few points"
        );
        let points = grid_and_city(40);
        let w = dense_window(&points, DENSE_MIN).expect("the city");
        // The city and the few grid points in its square.
        let framed = points.iter().filter(|p| w.contains(p)).count();
        assert_eq!(framed, w.count);
        assert!((40..=52).contains(&w.count), "{w:?}");
        assert!(points[100..].iter().all(|p| w.contains(p)), "the whole city is framed: {w:?}");
        // Within the city, no crowd worth a second enlargement: its 40 points are evenly set.
        let inside: Vec<LatLon> = points.into_iter().filter(|p| w.contains(p)).collect();
        let inner = dense_window(&inside, INNER_MIN);
        assert!(inner.is_none_or(|i| i.count < w.count), "{inner:?}");
    }

    #[test]
    fn unreadable_basemap_is_a_french_error() {
        let p = Projection::fit([LatLon::new(45.0, 3.0)]);
        let e = basemap_svg("pas du json", &p).expect_err("not GeoJSON");
        assert!(e.to_string().starts_with("fond de carte illisible"));
    }
}
