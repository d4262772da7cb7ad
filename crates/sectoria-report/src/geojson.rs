//! `plan.geojson`: the plan as an RFC 7946 FeatureCollection, loadable in QGIS.
//!
//! Property names are French, without accents or capitals, as QGIS reads them from the file.
//! Eleven are longer than the 10 characters of a shapefile's table (DBF): an export to shapefile
//! cuts them (`categories_prioritaires` → `categories`, [`shapefile_name`]) and cuts texts at
//! 254 characters (most `motif`s); a GeoPackage export keeps both. They are kept as they are:
//! shorter names would break the QGIS styles and projects already made on them. Every feature has
//! a `type_objet` property: `etablissement` (Point), `residence` (Point: a worker's
//! administrative residence) or `secteur` (Polygon: the convex hull of the residence and the
//! establishments served): QGIS asks which geometry to load, points or polygons. Coordinates are
//! `[longitude, latitude]`, WGS84, rounded to six decimals (about 0.1 m).
//!
//! An establishment ([`ESTABLISHMENT_PROPERTIES`]): `uai`, `nom`, `type` (« Collège »…),
//! `commune`, `eleves`, `score_priorite`, `categories_prioritaires` (its bonuses), `besoin_etp`,
//! `demi_journees` and `etp_attribue` (its allocation), `assistant` (who gives it the most
//! time), `assistants` (all, « ASS01, ASS02 »), `servi`, `couverture_obligatoire`, `motif` (why
//! it is not served or not more), `couleur` (as the report's map draws it: its main worker's
//! sector colour when served, white when not).
//!
//! A residence or a sector ([`WORKER_PROPERTIES`]): `assistant` (the worker's identifier),
//! `nom_assistant`, `quotite_etp`, `poste_a_pourvoir` (no residence of its own,
//! [`crate::sectors::vacant`]),
//! `demi_journees` and `etp_utilises`, `etablissements` (how many), `km_semaine`, `couleur`
//! (the report's colour of the sector, as `#rrggbb`); a residence adds `uai` (the establishment it is at,
//! none for an address) and `residence_choisie` (chosen by the model, not fixed).
//!
//! A property without value is `null` (QGIS's NULL), never an empty text: an unserved
//! establishment has `assistant` and `assistants` null alike, one without bonus
//! `categories_prioritaires` null. A count is an integer (`eleves`: 189, not 189.0, so that
//! QGIS makes it an integer field), unless an estimate made it fractional.
//!
//! Every worker with at least one establishment has exactly one `sector` polygon, so that the
//! sectors make one polygon layer in QGIS (one geometry type per layer; a sector without
//! geometry would vanish from it, as 12 of the 21 sectors of 066 did). A sector whose points do
//! not span an area — one or two distinct points (a worker based at its only collège), or all
//! aligned — gets the convex hull of discs of [`SECTOR_BUFFER_KM`] around its points instead:
//! a disc around one point, a capsule around two. The discs are round in km, not in degrees
//! (the longitude radius is divided by the cosine of the latitude). Their area is not the
//! sector's: such an outline only marks where the sector is.

use crate::hull::{by_uai, sector_hull, sector_points};
use crate::palette::sector_colour_hex;
use geo::algorithm::orient::{Direction, Orient};
use geo::{ConvexHull, MultiPoint, Point, Polygon};
use geojson::{Feature, FeatureCollection, Geometry, JsonObject, Position};
use sectoria_core::{LatLon, Plan};
use serde_json::{json, Value};

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn position(p: LatLon) -> Position {
    Position::from([round6(p.lon), round6(p.lat)])
}

fn finite(p: LatLon) -> bool {
    p.lat.is_finite() && p.lon.is_finite()
}

/// Radius of the outline drawn around a sector whose points do not span an area, km: wide
/// enough to be seen around the establishment's marker at a town's scale, small beside the
/// distances between collèges.
pub const SECTOR_BUFFER_KM: f64 = 1.0;

/// km per degree of latitude (and of longitude at the equator), on a sphere of the Earth's
/// mean radius, 6 371 km.
const KM_PER_DEGREE: f64 = 6371.0 * std::f64::consts::PI / 180.0;

/// Vertices of each disc of [`sector_outline`]'s buffer.
const DISC_VERTICES: usize = 32;

/// The convex hull of discs of [`SECTOR_BUFFER_KM`] around `points`, counter-clockwise.
fn buffered_hull(points: &[LatLon]) -> Polygon<f64> {
    let mut vertices: Vec<Point<f64>> = Vec::with_capacity(points.len() * DISC_VERTICES);
    for p in points {
        let dlat = SECTOR_BUFFER_KM / KM_PER_DEGREE;
        let dlon = dlat / p.lat.to_radians().cos().max(0.01);
        for k in 0..DISC_VERTICES {
            let a = 2.0 * std::f64::consts::PI * k as f64 / DISC_VERTICES as f64;
            vertices.push(Point::new(p.lon + dlon * a.cos(), p.lat + dlat * a.sin()));
        }
    }
    MultiPoint::from(vertices).convex_hull().orient(Direction::Default)
}

/// The polygon of a sector of `points` (its base and establishments, [`sector_points`]): their
/// convex hull, or when they span no area the hull of discs around them; `None` without a point.
pub fn sector_outline(points: &[LatLon]) -> Option<Geometry> {
    if points.is_empty() {
        return None;
    }
    let hull = sector_hull(points).unwrap_or_else(|| buffered_hull(points));
    let ring: Vec<Position> = hull.exterior().0.iter().map(|c| Position::from([round6(c.x), round6(c.y)])).collect();
    Some(Geometry::new_polygon([ring]))
}

/// The properties of an establishment, in order.
pub const ESTABLISHMENT_PROPERTIES: [&str; 17] = [
    "type_objet",
    "uai",
    "nom",
    "type",
    "commune",
    "eleves",
    "score_priorite",
    "categories_prioritaires",
    "besoin_etp",
    "demi_journees",
    "etp_attribue",
    "assistant",
    "assistants",
    "servi",
    "couverture_obligatoire",
    "motif",
    "couleur",
];

/// Colour of an unserved establishment (the report's map draws it white).
pub const UNSERVED_COLOUR: &str = "#ffffff";
/// Colour of an establishment served by a worker the plan does not list (none in a valid plan).
const UNKNOWN_COLOUR: &str = "#888888";

/// The name a shapefile export gives `property`: its first 10 characters (the DBF limit), as
/// GDAL and QGIS cut it; the names of `plan.geojson` stay distinct when cut.
pub fn shapefile_name(property: &str) -> &str {
    property.char_indices().nth(10).map_or(property, |(i, _)| &property[..i])
}

/// The properties of a sector; a residence has them and `uai`, `residence_choisie`.
pub const WORKER_PROPERTIES: [&str; 10] = [
    "type_objet",
    "assistant",
    "nom_assistant",
    "quotite_etp",
    "poste_a_pourvoir",
    "demi_journees",
    "etp_utilises",
    "etablissements",
    "km_semaine",
    "couleur",
];

/// `x` as an integer when it is a whole number (a count read from a file), as it is otherwise.
fn whole(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// `items` joined by « , », or null when there is none.
fn listed<'a>(items: impl Iterator<Item = &'a str>) -> Value {
    let text = items.collect::<Vec<_>>().join(", ");
    if text.is_empty() {
        Value::Null
    } else {
        json!(text)
    }
}

fn feature(geometry: Geometry, properties: Value) -> Feature {
    let properties: Option<JsonObject> = match properties {
        Value::Object(map) => Some(map),
        _ => None,
    };
    Feature { geometry: Some(geometry), properties, ..Feature::default() }
}

/// Renders `plan.geojson`. Establishments with a non-finite position are written with a
/// null geometry (allowed by RFC 7946 §3.2) rather than dropped.
pub fn geojson(plan: &Plan) -> String {
    let mut features = Vec::new();
    let index = crate::html::worker_index(plan);
    for e in &plan.establishments {
        let mut main: Vec<&sectoria_core::plan::SiteWorker> = e.workers.iter().collect();
        main.sort_by(|a, b| b.units.cmp(&a.units).then(a.worker.cmp(&b.worker)));
        // As the report's map: the main worker's sector colour, white when not served.
        let colour = match main.first() {
            _ if e.allocated_units == 0 => UNSERVED_COLOUR.to_string(),
            Some(w) => {
                index.get(w.worker.as_str()).map_or_else(|| UNKNOWN_COLOUR.to_string(), |&k| sector_colour_hex(k))
            }
            None => UNKNOWN_COLOUR.to_string(),
        };
        let props = json!({
            "type_objet": "etablissement",
            "uai": e.uai,
            "nom": e.name,
            "type": e.kind.label(),
            "commune": e.commune,
            "eleves": whole(e.pupils),
            "score_priorite": e.priority.score,
            "categories_prioritaires": listed(e.priority.bonuses.iter().map(|b| b.label.as_str())),
            "besoin_etp": e.need_fte,
            "demi_journees": e.allocated_units,
            "etp_attribue": e.allocated_fte,
            "assistant": main.first().map(|w| w.worker.clone()),
            "assistants": listed(e.workers.iter().map(|w| w.worker.as_str())),
            "servi": e.allocated_units > 0,
            "couverture_obligatoire": e.must_cover,
            "motif": e.reason.as_deref().map(crate::html::unquoted),
            "couleur": colour,
        });
        let mut f = feature(Geometry::new_point(position(e.location)), props);
        if !finite(e.location) {
            f.geometry = None;
        }
        features.push(f);
    }
    let establishments = by_uai(plan);
    for (k, w) in plan.workers.iter().enumerate() {
        let common = |type_objet: &str| {
            json!({
                "type_objet": type_objet,
                "assistant": w.id,
                "nom_assistant": w.name,
                "quotite_etp": w.fte,
                "poste_a_pourvoir": crate::sectors::vacant(w),
                "demi_journees": w.units_used,
                "etp_utilises": round6(f64::from(w.units_used) * plan.scenario.budget.unit_fte),
                "etablissements": w.sector.len(),
                "km_semaine": w.weekly_km,
                "couleur": sector_colour_hex(k),
            })
        };
        if let Some(b) = w.base.as_ref().filter(|b| finite(b.location)) {
            let mut props = common("residence");
            props["uai"] = json!(b.uai);
            props["residence_choisie"] = json!(b.chosen_by_model);
            features.push(feature(Geometry::new_point(position(b.location)), props));
        }
        // A worker without establishment has no sector (its base, if any, still shows).
        if w.sector.is_empty() {
            continue;
        }
        if let Some(outline) = sector_outline(&sector_points(w, &establishments)) {
            features.push(feature(outline, common("secteur")));
        }
    }
    let mut fc = FeatureCollection::new(features);
    let mut members = JsonObject::new();
    members.insert("name".to_string(), json!("Plan sectoria"));
    fc.foreign_members = Some(members);
    fc.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    #[test]
    fn small_plan_has_points_bases_and_one_hull() {
        let text = geojson(&small_plan());
        let fc: FeatureCollection = text.parse::<geojson::GeoJson>().expect("valid").try_into().expect("collection");
        let count = |t: &str| {
            fc.features.iter().filter(|f| f.property("type_objet").and_then(Value::as_str) == Some(t)).count()
        };
        assert_eq!(count("etablissement"), 4);
        assert_eq!(count("residence"), 2);
        // ASS01: base + two collèges = a triangle; ASS02: base on its only collège = a disc.
        assert_eq!(count("secteur"), 2);
    }

    /// The property names of each kind of feature: French, lower-case ASCII (no accent for
    /// QGIS and shapefiles), exactly those listed.
    #[test]
    fn properties_are_named_in_french_without_accents() {
        let text = geojson(&small_plan());
        let fc: FeatureCollection = text.parse::<geojson::GeoJson>().expect("valid").try_into().expect("collection");
        let names = |f: &Feature| -> Vec<String> { f.properties.iter().flatten().map(|(k, _)| k.clone()).collect() };
        let sorted = |list: &[&str]| {
            let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
            v.sort();
            v
        };
        let mut residence: Vec<&str> = WORKER_PROPERTIES.to_vec();
        residence.extend(["uai", "residence_choisie"]);
        for f in &fc.features {
            let mut got = names(f);
            got.sort();
            let expected = match f.property("type_objet").and_then(Value::as_str) {
                Some("etablissement") => sorted(&ESTABLISHMENT_PROPERTIES),
                Some("residence") => sorted(&residence),
                Some("secteur") => sorted(&WORKER_PROPERTIES),
                other => panic!("type_objet {other:?}"),
            };
            assert_eq!(got, expected);
            for name in &got {
                assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
            }
        }
        // Labels are French: the kind as the report writes it.
        let college = fc
            .features
            .iter()
            .find(|f| f.property("uai").and_then(Value::as_str) == Some("0310004D"))
            .expect("the REP+ collège");
        assert_eq!(college.property("type").and_then(Value::as_str), Some("Collège"));
        assert_eq!(college.property("servi").and_then(Value::as_bool), Some(true));
        assert!(college
            .property("categories_prioritaires")
            .and_then(Value::as_str)
            .is_some_and(|c| c.contains("REP+")));
    }

    /// An establishment has its sector's colour, as the report's map draws it, so that QGIS
    /// colours points like the report without a join; an unserved one is white.
    #[test]
    fn establishments_have_their_sector_colour() {
        let plan = small_plan();
        let text = geojson(&plan);
        let fc: FeatureCollection = text.parse::<geojson::GeoJson>().expect("valid").try_into().expect("collection");
        let colour = |uai: &str| {
            fc.features
                .iter()
                .find(|f| {
                    f.property("type_objet").and_then(Value::as_str) == Some("etablissement")
                        && f.property("uai").and_then(Value::as_str) == Some(uai)
                })
                .and_then(|f| f.property("couleur").and_then(Value::as_str).map(str::to_string))
                .expect(uai)
        };
        let sector = |id: &str| {
            fc.features
                .iter()
                .find(|f| {
                    f.property("type_objet").and_then(Value::as_str) == Some("secteur")
                        && f.property("assistant").and_then(Value::as_str) == Some(id)
                })
                .and_then(|f| f.property("couleur").and_then(Value::as_str).map(str::to_string))
                .expect(id)
        };
        // ASS01 serves 0310001A and 0310002B, ASS02 the REP+ collège; 0310003C is unserved.
        assert_eq!(colour("0310001A"), sector("ASS01"));
        assert_eq!(colour("0310002B"), sector("ASS01"));
        assert_eq!(colour("0310004D"), sector("ASS02"));
        assert_ne!(sector("ASS01"), sector("ASS02"));
        assert_eq!(colour("0310003C"), UNSERVED_COLOUR);
    }

    /// QGIS read `eleves` as a real (189.0), and an unserved establishment had `assistant` null
    /// but `assistants` "" (session 47): counts are integers, empty values null.
    #[test]
    fn counts_are_integers_and_empty_values_null() {
        let mut plan = small_plan();
        for e in &mut plan.establishments {
            match e.uai.as_str() {
                "0310002B" => e.pupils = 412.4,
                "0310003C" => e.priority.bonuses.clear(),
                _ => {}
            }
        }
        let text = geojson(&plan);
        let fc: FeatureCollection = text.parse::<geojson::GeoJson>().expect("valid").try_into().expect("collection");
        let at = |uai: &str| {
            fc.features
                .iter()
                .find(|f| f.property("uai").and_then(Value::as_str) == Some(uai))
                .and_then(|f| f.properties.clone())
                .expect(uai)
        };
        let served = at("0310001A");
        assert!(served["eleves"].is_i64(), "{}", served["eleves"]);
        assert_eq!(at("0310002B")["eleves"], json!(412.4));
        let unserved = at("0310003C");
        assert!(unserved["assistant"].is_null() && unserved["assistants"].is_null(), "{unserved:?}");
        assert!(unserved["categories_prioritaires"].is_null(), "{unserved:?}");
        assert!(text.contains("\"assistants\":\"ASS01\""), "served: the worker named");
        assert!(!text.contains(":\"\""), "no empty text");
    }

    #[test]
    fn shapefile_names_are_cut_at_ten_characters_and_stay_distinct() {
        assert_eq!(shapefile_name("categories_prioritaires"), "categories");
        assert_eq!(shapefile_name("type_objet"), "type_objet");
        assert_eq!(shapefile_name("uai"), "uai");
        let mut all: Vec<&str> = ESTABLISHMENT_PROPERTIES.iter().chain(&WORKER_PROPERTIES).copied().collect();
        all.extend(["uai", "residence_choisie"]);
        all.sort_unstable();
        all.dedup();
        let cut: std::collections::BTreeSet<&str> = all.iter().map(|p| shapefile_name(p)).collect();
        assert_eq!(cut.len(), all.len());
    }

    /// Vertices of the one polygon of `points`' sector, as (east, north) km from `from`.
    fn outline_km(points: &[LatLon], from: LatLon) -> Vec<(f64, f64)> {
        let Some(geojson::GeometryValue::Polygon { coordinates }) = sector_outline(points).map(|g| g.value) else {
            panic!("a polygon")
        };
        assert_eq!(coordinates.len(), 1);
        let ring = &coordinates[0];
        assert!(ring.len() >= 4 && ring.first() == ring.last(), "closed ring");
        let area: f64 = ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum();
        assert!(area > 0.0, "counter-clockwise");
        ring.iter()
            .map(|p| {
                ((p[0] - from.lon) * KM_PER_DEGREE * from.lat.to_radians().cos(), (p[1] - from.lat) * KM_PER_DEGREE)
            })
            .collect()
    }

    #[test]
    fn one_or_two_points_get_a_small_round_polygon_in_km() {
        // At 50° north a degree of longitude is 0.64 of a degree of latitude: the disc is round
        // in km, not in degrees.
        let a = LatLon::new(50.0, 3.0);
        let ring = outline_km(&[a], a);
        for (x, y) in &ring {
            let r = x.hypot(*y);
            assert!((r - SECTOR_BUFFER_KM).abs() < 0.02 * SECTOR_BUFFER_KM, "{r} km");
        }
        let east = ring.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        let north = ring.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        assert!((east - north).abs() < 0.02, "{east} {north}");
        // Two points 10 km apart: a capsule around both, no wider than the buffer.
        let b = LatLon::new(50.0 + 10.0 / KM_PER_DEGREE, 3.0);
        let ring = outline_km(&[a, b], a);
        let north = ring.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let south = ring.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        let width = ring.iter().map(|p| p.0.abs()).fold(0.0, f64::max);
        assert!((north - 10.0 - SECTOR_BUFFER_KM).abs() < 0.02 && (south + SECTOR_BUFFER_KM).abs() < 0.02);
        assert!((width - SECTOR_BUFFER_KM).abs() < 0.02, "{width}");
        // Three aligned points: the same capsule; three that span an area: their hull, unbuffered.
        let mid = LatLon::new(50.0 + 5.0 / KM_PER_DEGREE, 3.0);
        assert_eq!(outline_km(&[a, mid, b], a).len(), ring.len());
        let c = LatLon::new(50.0, 3.1);
        assert_eq!(outline_km(&[a, b, c], a).len(), 4);
        assert!(sector_outline(&[]).is_none());
    }
}
