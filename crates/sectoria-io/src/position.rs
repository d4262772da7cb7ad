//! Positions read from CSV columns: valid WGS84 decimal degrees, inside France.
//!
//! The mistakes met in practice get their own fix: latitude and longitude swapped, and
//! projected coordinates in metres (Lambert 93) instead of degrees.

use crate::frcsv::{fr, Record};
use sectoria_core::LatLon;

/// Reads the position in columns `lat_col` and `lon_col` (both required when `required`,
/// else both optional — the caller checks that they come together) and checks it.
pub(crate) fn read_position(rec: &mut Record<'_>, lat_col: &str, lon_col: &str, required: bool) -> Option<LatLon> {
    let (lat, lon) = if required {
        (rec.required_decimal(lat_col), rec.required_decimal(lon_col))
    } else {
        (rec.optional_decimal(lat_col), rec.optional_decimal(lon_col))
    };
    check_position(rec, lat_col, lon_col, lat?, lon?)
}

const DEGREES_FIX: &str = "écrivez des degrés décimaux WGS84, latitude dans « {lat} » et longitude dans « {lon} » \
                           (Toulouse : 43,6 et 1,44 ; La Réunion : -21,1 et 55,5)";

fn degrees_fix(lat_col: &str, lon_col: &str) -> String {
    DEGREES_FIX.replace("{lat}", lat_col).replace("{lon}", lon_col)
}

/// What a (latitude, longitude) pair in decimal degrees is: the test behind `E115` and `E116`,
/// shared with `sectoria import` so that it never writes a position the readers refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionVerdict {
    /// A position in metropolitan France, Corsica or an overseas département.
    InFrance,
    /// Not in France as written, but in France with latitude and longitude swapped.
    Swapped,
    /// Neither: outside France, or not a position at all.
    NotInFrance,
}

/// The [`PositionVerdict`] of (`lat`, `lon`).
pub fn position_verdict(lat: f64, lon: f64) -> PositionVerdict {
    let in_range = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    if in_range && LatLon::new(lat, lon).is_in_france() {
        PositionVerdict::InFrance
    } else if LatLon::new(lon, lat).is_in_france() {
        PositionVerdict::Swapped
    } else {
        PositionVerdict::NotInFrance
    }
}

/// Checks that (`lat`, `lon`) is a valid position in France, reporting `E115` (not a
/// position) or `E116` (outside France) with the most likely fix.
pub(crate) fn check_position(rec: &mut Record<'_>, lat_col: &str, lon_col: &str, lat: f64, lon: f64) -> Option<LatLon> {
    let verdict = position_verdict(lat, lon);
    let swap_fix = format!(
        "la latitude et la longitude semblent inversées : échangez les valeurs des colonnes « {lat_col} » et « {lon_col} »"
    );
    let lat_ok = (-90.0..=90.0).contains(&lat);
    let lon_ok = (-180.0..=180.0).contains(&lon);
    if !lat_ok || !lon_ok {
        let column = if lat_ok { lon_col } else { lat_col };
        let fix = if lat.abs() > 1000.0 || lon.abs() > 1000.0 {
            format!(
                "ces valeurs ressemblent à des coordonnées en mètres (Lambert 93 ?) : convertissez-les en degrés ; {}",
                degrees_fix(lat_col, lon_col)
            )
        } else if verdict == PositionVerdict::Swapped {
            swap_fix
        } else {
            degrees_fix(lat_col, lon_col)
        };
        rec.problem(
            "E115",
            column,
            format!(
                "({} ; {}) n'est pas une position : la latitude va de -90 à 90, la longitude de -180 à 180",
                fr(lat),
                fr(lon)
            ),
            fix,
        );
        return None;
    }
    let position = LatLon::new(lat, lon);
    if verdict != PositionVerdict::InFrance {
        let fix = if verdict == PositionVerdict::Swapped { swap_fix } else { degrees_fix(lat_col, lon_col) };
        rec.problem(
            "E116",
            lat_col,
            format!("la position (latitude {} ; longitude {}) est hors de France", fr(lat), fr(lon)),
            fix,
        );
        return None;
    }
    Some(position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InputProblem;
    use crate::frcsv::{Columns, Table};
    use std::path::Path;

    fn check(lat: &str, lon: &str) -> (Option<LatLon>, Vec<InputProblem>) {
        const COLS: Columns = Columns { required: &["lat", "lon"], optional: &[], labels: &[], spreadsheet: false };
        let text = format!("lat;lon\n{lat};{lon}\n");
        let mut problems = Vec::new();
        let Some(table) = Table::read(text.as_bytes(), Path::new("t.csv"), &COLS, &mut problems) else {
            return (None, problems);
        };
        let mut header_problems = Vec::new();
        let position = {
            let mut rec = table.record(&table.rows()[0], &mut header_problems);
            read_position(&mut rec, "lat", "lon", true)
        };
        problems.extend(header_problems);
        (position, problems)
    }

    #[test]
    fn metropolitan_and_overseas_positions_pass() {
        for (lat, lon) in
            [("43.6", "1.44"), ("43,6", "1,44"), ("-21.1", "55.5"), ("16.24", "-61.53"), ("41.92", "8.74")]
        {
            let (p, problems) = check(lat, lon);
            assert!(p.is_some() && problems.is_empty(), "{lat} {lon}: {problems:?}");
        }
    }

    #[test]
    fn swapped_positions_say_so() {
        let (p, problems) = check("1.44", "43.6");
        assert!(p.is_none());
        assert_eq!(problems[0].code, "E116");
        assert!(problems[0].fix.contains("inversées"));
        let (_, problems) = check("55.5", "-21.1");
        assert!(problems[0].fix.contains("inversées"), "{problems:?}");
    }

    #[test]
    fn out_of_range_and_metres() {
        let (_, problems) = check("143.6", "1.44");
        assert_eq!((problems[0].code, problems[0].column.as_deref()), ("E115", Some("lat")));
        let (_, problems) = check("43.6", "181");
        assert_eq!((problems[0].code, problems[0].column.as_deref()), ("E115", Some("lon")));
        let (_, problems) = check("6279000", "574000");
        assert!(problems[0].fix.contains("Lambert 93"));
        let (_, problems) = check("51.5", "-0.12");
        assert_eq!(problems[0].code, "E116");
        assert!(!problems[0].fix.contains("inversées"));
    }
}
