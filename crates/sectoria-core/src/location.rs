//! Geographic positions and road-distance estimates.
//!
//! Coordinates are WGS84 decimal degrees, stored as (`lat`, `lon`) in this crate and converted
//! once to `geo::Point` (x = longitude, y = latitude) when measuring.

use geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

/// Shortest road accepted, as a share of the great circle between its ends (less a margin for
/// where the ends were placed: OSRM's snapping, a GIS tool's other entrance). No road is shorter
/// than the straight line; the 10 % left cover geometry and rounding, so only impossible roads
/// are refused, never a straight one. One figure for `sectoria distances` (OSRM's pairs) and the
/// reader of `distances.csv` (any tool's), so that no row the first writes is refused by the second.
pub const MIN_ROAD_SHARE: f64 = 0.9;

/// A WGS84 position in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    /// Latitude, decimal degrees (north positive).
    pub lat: f64,
    /// Longitude, decimal degrees (east positive).
    pub lon: f64,
}

impl LatLon {
    /// Builds a position from latitude and longitude in decimal degrees.
    pub fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// Great-circle distance to `other`.
    ///
    /// # Units: kilometres
    pub fn haversine_km(&self, other: &LatLon) -> f64 {
        let a = Point::new(self.lon, self.lat);
        let b = Point::new(other.lon, other.lat);
        Haversine.distance(a, b) / 1000.0
    }

    /// Road-distance estimate: great-circle distance times `detour_factor`.
    ///
    /// # Units: kilometres
    pub fn road_km(&self, other: &LatLon, detour_factor: f64) -> f64 {
        self.haversine_km(other) * detour_factor
    }

    /// Whether the position lies in France: metropolitan France with Corsica, or one of the
    /// overseas départements and collectivities where French public schools exist.
    pub fn is_in_france(&self) -> bool {
        FRANCE_BOXES.iter().any(|b| b.contains(self))
    }
}

/// A latitude/longitude bounding box.
struct BBox {
    lat_min: f64,
    lat_max: f64,
    lon_min: f64,
    lon_max: f64,
}

impl BBox {
    fn contains(&self, p: &LatLon) -> bool {
        p.lat >= self.lat_min && p.lat <= self.lat_max && p.lon >= self.lon_min && p.lon <= self.lon_max
    }
}

/// Generous boxes around the territories with French public schools.
const FRANCE_BOXES: [BBox; 9] = [
    // Metropolitan France and Corsica.
    BBox { lat_min: 41.2, lat_max: 51.2, lon_min: -5.3, lon_max: 9.7 },
    // Guadeloupe, Martinique, Saint-Martin, Saint-Barthélemy.
    BBox { lat_min: 14.3, lat_max: 18.2, lon_min: -63.2, lon_max: -60.7 },
    // Guyane.
    BBox { lat_min: 2.0, lat_max: 6.0, lon_min: -54.7, lon_max: -51.5 },
    // La Réunion.
    BBox { lat_min: -21.5, lat_max: -20.8, lon_min: 55.1, lon_max: 55.9 },
    // Mayotte.
    BBox { lat_min: -13.1, lat_max: -12.6, lon_min: 45.0, lon_max: 45.4 },
    // Saint-Pierre-et-Miquelon.
    BBox { lat_min: 46.7, lat_max: 47.2, lon_min: -56.5, lon_max: -56.1 },
    // Nouvelle-Calédonie.
    BBox { lat_min: -23.0, lat_max: -19.5, lon_min: 163.5, lon_max: 168.2 },
    // Polynésie française.
    BBox { lat_min: -28.0, lat_max: -7.8, lon_min: -154.8, lon_max: -134.4 },
    // Wallis-et-Futuna.
    BBox { lat_min: -14.4, lat_max: -13.1, lon_min: -178.3, lon_max: -176.0 },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toulouse_to_montpellier_is_about_196_km() {
        let toulouse = LatLon::new(43.6045, 1.4440);
        let montpellier = LatLon::new(43.6108, 3.8767);
        let km = toulouse.haversine_km(&montpellier);
        assert!((km - 196.0).abs() < 2.0, "{km}");
        assert!((toulouse.road_km(&montpellier, 1.3) - 1.3 * km).abs() < 1e-9);
    }

    #[test]
    fn france_boxes() {
        assert!(LatLon::new(43.6, 1.44).is_in_france());
        assert!(LatLon::new(-21.1, 55.5).is_in_france()); // Saint-Denis, La Réunion
        assert!(LatLon::new(16.24, -61.53).is_in_france()); // Pointe-à-Pitre
        assert!(!LatLon::new(1.44, 43.6).is_in_france()); // swapped lat/lon: Somalia
        assert!(!LatLon::new(51.5, -0.12).is_in_france()); // London
    }
}
