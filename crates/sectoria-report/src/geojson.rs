//! `plan.geojson`: the plan as an RFC 7946 FeatureCollection, loadable in QGIS.
//!
//! Every feature has a `feature_type` property: `establishment` (Point), `base` (Point: a
//! worker's administrative residence) or `sector` (Polygon: the convex hull of the base and
//! the establishments served). A sector whose points do not span an area (fewer than three
//! distinct points, or all aligned) gets no polygon: its base and establishments, which carry
//! the worker's id, still show it. Coordinates are `[longitude, latitude]`, WGS84, rounded to
//! six decimals (about 0.1 m).

use crate::hull::{by_uai, sector_hull, sector_points};
use crate::palette::sector_colour;
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
    for e in &plan.establishments {
        let mut main: Vec<&sectoria_core::plan::SiteWorker> = e.workers.iter().collect();
        main.sort_by(|a, b| b.units.cmp(&a.units).then(a.worker.cmp(&b.worker)));
        let props = json!({
            "feature_type": "establishment",
            "uai": e.uai,
            "name": e.name,
            "kind": e.kind.code(),
            "kind_label": e.kind.label(),
            "commune": e.commune,
            "pupils": e.pupils,
            "priority_score": e.priority.score,
            "priority_categories": e.priority.bonuses.iter().map(|b| b.label.clone()).collect::<Vec<_>>().join(", "),
            "need_fte": e.need_fte,
            "allocated_units": e.allocated_units,
            "allocated_fte": e.allocated_fte,
            "worker": main.first().map(|w| w.worker.clone()),
            "workers": e.workers.iter().map(|w| w.worker.clone()).collect::<Vec<_>>().join(", "),
            "served": e.allocated_units > 0,
            "must_cover": e.must_cover,
            "reason": e.reason,
        });
        let mut f = feature(Geometry::new_point(position(e.location)), props);
        if !finite(e.location) {
            f.geometry = None;
        }
        features.push(f);
    }
    let establishments = by_uai(plan);
    for (k, w) in plan.workers.iter().enumerate() {
        let common = |feature_type: &str| {
            json!({
                "feature_type": feature_type,
                "worker": w.id,
                "worker_name": w.name,
                "fte": w.fte,
                "generated": w.generated,
                "units_used": w.units_used,
                "fte_used": round6(f64::from(w.units_used) * plan.scenario.budget.unit_fte),
                "establishments": w.sector.len(),
                "weekly_km": w.weekly_km,
                "colour": sector_colour(k),
            })
        };
        if let Some(b) = w.base.as_ref().filter(|b| finite(b.location)) {
            let mut props = common("base");
            props["uai"] = json!(b.uai);
            props["chosen_by_model"] = json!(b.chosen_by_model);
            features.push(feature(Geometry::new_point(position(b.location)), props));
        }
        if let Some(hull) = sector_hull(&sector_points(w, &establishments)) {
            let ring: Vec<Position> =
                hull.exterior().0.iter().map(|c| Position::from([round6(c.x), round6(c.y)])).collect();
            features.push(feature(Geometry::new_polygon([ring]), common("sector")));
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
            fc.features.iter().filter(|f| f.property("feature_type").and_then(Value::as_str) == Some(t)).count()
        };
        assert_eq!(count("establishment"), 4);
        assert_eq!(count("base"), 2);
        // ASS01: base + two collèges = a triangle; ASS02: base on its only collège = no area.
        assert_eq!(count("sector"), 1);
    }
}
