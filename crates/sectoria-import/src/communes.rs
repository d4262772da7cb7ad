//! Commune centroids from La Poste's base officielle des codes postaux, the fallback location
//! of an establishment without coordinates (by INSEE code, else by postal code).

use crate::error::ImportError;
use crate::table::Table;
use crate::values::{normalize_insee, normalize_postal_code, parse_lat_lon_pair, parse_number, valid_lat_lon};
use std::collections::HashMap;
use std::path::Path;

const WHAT: &str = "le fichier des communes de La Poste";

/// Centroids (latitude, longitude) by INSEE code and by postal code; the first row of a
/// code with coordinates wins.
#[derive(Debug, Default)]
pub(crate) struct Centroids {
    by_insee: HashMap<String, (f64, f64)>,
    by_postal_code: HashMap<String, (f64, f64)>,
}

impl Centroids {
    /// Centroid of an INSEE commune.
    pub fn by_insee(&self, insee: &str) -> Option<(f64, f64)> {
        self.by_insee.get(insee).copied()
    }

    /// Centroid of the first commune of a postal code.
    pub fn by_postal_code(&self, code: &str) -> Option<(f64, f64)> {
        self.by_postal_code.get(code).copied()
    }

    /// Number of communes with a centroid.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_insee.len()
    }
}

/// Reads the La Poste file.
pub(crate) fn read(path: &Path) -> Result<Centroids, ImportError> {
    from_table(&Table::open(path, WHAT, b";")?)
}

/// Parses the La Poste file loaded as a table: `Code_commune_INSEE`, `Code_postal` and either
/// `latitude` + `longitude` or `coordonnees_gps` ("lat, lon").
pub(crate) fn from_table(table: &Table) -> Result<Centroids, ImportError> {
    let insee_col = table.required(&["Code_commune_INSEE", "code_insee", "code_commune"])?;
    let postal_col = table.optional(&["Code_postal"]);
    let lat_col = table.optional(&["latitude"]);
    let lon_col = table.optional(&["longitude"]);
    let pair_col = table.optional(&["coordonnees_gps", "coordonnees_geographiques"]);
    if pair_col.is_none() && (lat_col.is_none() || lon_col.is_none()) {
        // Names the column users most likely miss.
        table.required(&["latitude", "coordonnees_gps"])?;
        table.required(&["longitude", "coordonnees_gps"])?;
    }
    let mut centroids = Centroids::default();
    for row in table.rows() {
        let row = row?;
        let point = valid_lat_lon(row.opt(lat_col).and_then(parse_number), row.opt(lon_col).and_then(parse_number))
            .or_else(|| row.opt(pair_col).and_then(parse_lat_lon_pair));
        let Some(point) = point else { continue };
        if let Some(insee) = normalize_insee(row.get(insee_col)) {
            centroids.by_insee.entry(insee).or_insert(point);
        }
        if let Some(code) = row.opt(postal_col).and_then(normalize_postal_code) {
            centroids.by_postal_code.entry(code).or_insert(point);
        }
    }
    Ok(centroids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_centroids_with_spaces_in_postal_codes() -> Result<(), ImportError> {
        let text = "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;\
Libellé_d_acheminement;latitude;longitude\n\
31555;TOULOUSE;31 000;;TOULOUSE;43.5963814303;1.43167293364\n\
31555;TOULOUSE;31100;;TOULOUSE;43.6;1.4\n\
1009;ANDERT ET CONDON;1300;;ANDERT;45.78;5.65\n\
12145;RODEZ;12000;;RODEZ;;\n";
        let centroids = from_table(&Table::from_text(text, b";")?)?;
        assert_eq!(centroids.len(), 2);
        assert_eq!(centroids.by_insee("31555"), Some((43.596_381_430_3, 1.431_672_933_64)));
        assert_eq!(centroids.by_postal_code("31000"), centroids.by_insee("31555"));
        assert_eq!(centroids.by_insee("01009"), Some((45.78, 5.65)));
        assert_eq!(centroids.by_postal_code("01300"), Some((45.78, 5.65)));
        assert_eq!(centroids.by_insee("12145"), None);
        Ok(())
    }

    #[test]
    fn older_vintage_with_gps_pair() -> Result<(), ImportError> {
        let text = "#Code_commune_INSEE;Nom_commune;Code_postal;coordonnees_gps\n\
                    48095;MENDE;48000;44.5, 3.5\n";
        let centroids = from_table(&Table::from_text(text, b";")?)?;
        assert_eq!(centroids.by_insee("48095"), Some((44.5, 3.5)));
        Ok(())
    }

    #[test]
    fn coordinates_are_required() -> Result<(), ImportError> {
        let text = "Code_commune_INSEE;Code_postal\n48095;48000\n";
        assert!(matches!(from_table(&Table::from_text(text, b";")?), Err(ImportError::MissingColumn { .. })));
        Ok(())
    }
}
