//! Location of each establishment: the annuaire's WGS84 coordinates, else the centroid of its
//! commune (La Poste), else of its postal code. Every fallback is reported; an establishment
//! with none of these is left out and counted.

use crate::communes::Centroids;
use crate::record::Record;
use sectoria_io::{position_verdict, PositionVerdict};

/// Which centroid replaced missing coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FallbackSource {
    /// Centroid of the INSEE commune.
    Commune,
    /// Centroid of the first commune of the postal code.
    PostalCode,
}

/// An establishment placed at a centroid.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationFallback {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Commune name.
    pub commune: String,
    /// The code used (INSEE or postal code).
    pub code: String,
    /// Which centroid.
    pub source: FallbackSource,
}

/// Result of [`locate`].
pub(crate) struct Located {
    pub records: Vec<Record>,
    pub fallbacks: Vec<LocationFallback>,
    pub without_location: Vec<Record>,
    /// One warning per position of the annuaire the readers would refuse, naming the UAI:
    /// swapped back when latitude and longitude were inverted, dropped otherwise.
    pub warnings: Vec<String>,
}

/// A position of the annuaire as `sectoria plan` will read it ([`position_verdict`], the test
/// of `E116`): kept in France, swapped back with a warning when latitude and longitude are
/// inverted, dropped with a warning otherwise (the centroid then places the establishment).
fn check_annuaire_position(record: &mut Record, warnings: &mut Vec<String>) {
    let Some((lat, lon)) = record.location else { return };
    let what = format!("UAI {} ({})", record.uai, record.name);
    match position_verdict(lat, lon) {
        PositionVerdict::InFrance => {}
        PositionVerdict::Swapped => {
            record.location = Some((lon, lat));
            warnings.push(format!(
                "{what} : latitude et longitude inversées dans l'annuaire ({lat} ; {lon}) : échangées, \
                 latitude {lon} et longitude {lat} écrites dans establishments.csv"
            ));
        }
        PositionVerdict::NotInFrance => {
            record.location = None;
            warnings.push(format!(
                "{what} : la position de l'annuaire (latitude {lat} ; longitude {lon}) est hors de France : \
                 écartée : l'établissement est placé au centroïde de sa commune s'il est connu (voir « Localisation »)"
            ));
        }
    }
}

/// Completes the locations; records that cannot be placed are returned apart.
pub(crate) fn locate(records: Vec<Record>, centroids: &Centroids) -> Located {
    let mut located = Located {
        records: Vec::with_capacity(records.len()),
        fallbacks: Vec::new(),
        without_location: Vec::new(),
        warnings: Vec::new(),
    };
    for mut record in records {
        check_annuaire_position(&mut record, &mut located.warnings);
        if record.location.is_none() {
            let by_commune = record
                .commune_insee
                .as_deref()
                .and_then(|c| Some((centroids.by_insee(c)?, c, FallbackSource::Commune)));
            let by_postal = || {
                let code = record.postal_code.as_deref()?;
                Some((centroids.by_postal_code(code)?, code, FallbackSource::PostalCode))
            };
            let Some((point, code, source)) = by_commune.or_else(by_postal) else {
                located.without_location.push(record);
                continue;
            };
            located.fallbacks.push(LocationFallback {
                uai: record.uai.clone(),
                name: record.name.clone(),
                commune: record.commune.clone(),
                code: code.to_string(),
                source,
            });
            record.location = Some(point);
        }
        located.records.push(record);
    }
    located
}

/// Great-circle distance in km between two (latitude, longitude) points.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::AnnuaireRow;
    use crate::communes;
    use crate::scope::Kind;
    use crate::table::Table;

    #[test]
    fn toulouse_montpellier_distance() {
        let d = haversine_km((43.6045, 1.4440), (43.6108, 3.8767));
        assert!((d - 196.0).abs() < 2.0, "{d}");
    }

    #[test]
    fn empty_coordinates_fall_back_to_centroids() -> Result<(), crate::ImportError> {
        let text = "Code_commune_INSEE;Code_postal;latitude;longitude\n\
                    34172;34000;43.61;3.87\n\
                    34123;34990;43.62;3.81\n";
        let centroids = communes::from_table(&Table::from_text(text, b";")?)?;
        let row = |uai: &str, insee: Option<&str>, postal: Option<&str>| {
            let row = AnnuaireRow {
                uai: uai.to_string(),
                commune_insee: insee.map(str::to_string),
                postal_code: postal.map(str::to_string),
                ..AnnuaireRow::default()
            };
            Record::from_row(&row, Kind::College, None)
        };
        let mut placed = row("0340001A", Some("34172"), None);
        placed.location = Some((43.0, 3.0));
        let records = vec![
            placed,
            row("0340002B", Some("34172"), None),
            row("0340003C", Some("99999"), Some("34990")),
            row("0340004D", None, None),
        ];
        let located = locate(records, &centroids);
        assert_eq!(located.records.len(), 3);
        assert_eq!(located.records[0].location, Some((43.0, 3.0)));
        assert_eq!(located.records[1].location, Some((43.61, 3.87)));
        assert_eq!(located.fallbacks.len(), 2);
        assert_eq!(located.fallbacks[1].source, FallbackSource::PostalCode);
        assert_eq!(located.without_location.len(), 1);
        Ok(())
    }
}
