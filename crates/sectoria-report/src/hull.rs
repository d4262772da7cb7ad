//! Sector outlines: the convex hull of a worker's base and the establishments it serves.
//!
//! Coordinates are WGS84 degrees; hulls are computed in the (longitude, latitude) plane,
//! which is close enough at the scale of a département.

use geo::algorithm::orient::{Direction, Orient};
use geo::{Area, ConvexHull, MultiPoint, Point, Polygon};
use sectoria_core::plan::{EstablishmentResult, Plan, WorkerResult};
use sectoria_core::LatLon;
use std::collections::HashMap;

/// Establishments of `plan` by UAI.
pub fn by_uai(plan: &Plan) -> HashMap<&str, &EstablishmentResult> {
    plan.establishments.iter().map(|e| (e.uai.as_str(), e)).collect()
}

/// The points of `worker`'s sector: its base first, then the establishments of its sector;
/// non-finite positions and exact duplicates are left out.
pub fn sector_points(worker: &WorkerResult, establishments: &HashMap<&str, &EstablishmentResult>) -> Vec<LatLon> {
    let mut points: Vec<LatLon> = Vec::new();
    let candidates = worker
        .base
        .iter()
        .map(|b| b.location)
        .chain(worker.sector.iter().filter_map(|l| establishments.get(l.uai.as_str()).map(|e| e.location)));
    for p in candidates {
        if p.lat.is_finite() && p.lon.is_finite() && !points.contains(&p) {
            points.push(p);
        }
    }
    points
}

/// The convex hull of `points` with a counter-clockwise exterior ring (RFC 7946 §3.1.6), or
/// `None` when the points do not span an area (fewer than three distinct points, or all on
/// one line): such a sector is shown by its points and spokes only.
pub fn sector_hull(points: &[LatLon]) -> Option<Polygon<f64>> {
    if points.len() < 3 {
        return None;
    }
    let mp: MultiPoint<f64> = points.iter().map(|p| Point::new(p.lon, p.lat)).collect();
    let hull = mp.convex_hull().orient(Direction::Default);
    (hull.unsigned_area() > 1e-12).then_some(hull)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hull_needs_three_points_off_a_line() {
        let a = LatLon::new(43.60, 1.44);
        let b = LatLon::new(43.63, 1.40);
        let c = LatLon::new(43.58, 1.48);
        assert!(sector_hull(&[a, b]).is_none());
        let on_line = LatLon::new(43.62, 1.44);
        assert!(sector_hull(&[a, on_line, LatLon::new(43.64, 1.44)]).is_none());
        let hull = sector_hull(&[a, b, c, LatLon::new(43.60, 1.45)]).expect("a triangle");
        let ring = &hull.exterior().0;
        assert_eq!(ring.first(), ring.last());
        // Counter-clockwise: positive signed area.
        assert!(hull.signed_area() > 0.0);
    }
}
