//! Whether a `distances.csv` row can be a road: not shorter than the straight line between its
//! ends, not absurdly longer, and, with its minutes, at a speed a car can keep. The same test
//! for every row, whoever wrote the file (`sectoria distances` already leaves out OSRM's pairs
//! shorter than the straight line; a matrix from a GIS team or a spreadsheet had no check): a
//! row that fails it is left out, so that its pair keeps the estimate as an OSRM pair does, and
//! one warning per file names the rows (tester's session s49: `ASS01;0120016C;8.5;75`, Rodez →
//! Mur-de-Barrez, 55 km as the crow flies, 6,8 km/h, drove a plan under a km cap).
//!
//! # Units: kilometres, minutes, km/h

use crate::warnings::{line_list, InputWarning, LISTED};
use std::path::Path;

/// Shortest road accepted, as a share of the straight line less [`ROUNDING_KM`]: the figure
/// `sectoria distances` applies to OSRM's roads less the two ends' snapping (up to 1 km each);
/// the same margin covers a GIS tool that placed an end at another entrance or the town hall.
/// So no row written by `sectoria distances` is refused here.
use sectoria_core::location::MIN_ROAD_SHARE;

/// Margin on the straight line, km (see [`MIN_ROAD_SHARE`]).
const ROUNDING_KM: f64 = 2.0;

/// A road longer than this many times the straight line *and* [`MAX_EXCESS_KM`] longer is a
/// unit error (metres written as km: × 1 000), not a detour: the longest real détours of a
/// département (around an estuary without its ferry, 5 km across and 90 km by road) stay below
/// the second bound, so that no real road is taken for an error.
const MAX_DETOUR: f64 = 10.0;

/// See [`MAX_DETOUR`], km.
const MAX_EXCESS_KM: f64 = 100.0;

/// Fastest average speed, km/h: the motorway limit; no trip from door to door averages more.
const MAX_KMH: f64 = 130.0;

/// Slowest average speed, km/h: a walker's. A car averages about 15 km/h even across a large
/// city at rush hour, 30–50 km/h on mountain roads; a trip to an island is slower, its ferry
/// counted (OSRM's car profile gives an untagged ferry about 5 km/h, waiting included: Ouessant
/// from Le Conquet, 20 km in about 4 h). Below it, minutes are in another unit (seconds: 60
/// times too slow), or the pair is wrong.
const MIN_KMH: f64 = 5.0;

/// Shortest trip whose speed is judged, km: below it, minutes rounded to a whole number make
/// the speed meaningless (1,5 km in 1 min reads as 90 km/h, in 2 min as 45 km/h).
const MIN_KM_FOR_SPEED: f64 = 5.0;

/// One read row, with the straight line between its ends when both are known.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// Line in the file (header = 1).
    pub line: usize,
    /// Origin as read (worker id or UAI).
    pub from: String,
    /// Destination UAI.
    pub to: String,
    /// Road km.
    pub km: f64,
    /// Minutes, when given.
    pub minutes: Option<f64>,
    /// Great-circle km between the origin (the worker's base, or the establishment) and the
    /// destination; `None` when the origin is a worker without a base.
    pub straight_km: Option<f64>,
}

impl Row {
    /// What is implausible in the row (French, joined by « et »); `None` when nothing is.
    pub(super) fn doubt(&self) -> Option<String> {
        let mut doubts = Vec::new();
        if let Some(straight) = self.straight_km {
            if self.km < MIN_ROAD_SHARE * straight - ROUNDING_KM {
                doubts.push("plus court que la ligne droite".to_string());
            }
            if self.km > MAX_DETOUR * straight && self.km > straight + MAX_EXCESS_KM {
                doubts.push(format!("plus de {} fois la ligne droite", MAX_DETOUR));
            }
        }
        if let Some(kmh) = self.speed().filter(|_| self.km >= MIN_KM_FOR_SPEED) {
            if kmh > MAX_KMH {
                doubts.push(format!("plus de {MAX_KMH} km/h de moyenne"));
            } else if kmh < MIN_KMH {
                doubts.push(format!("moins de {MIN_KMH} km/h de moyenne"));
            }
        }
        (!doubts.is_empty()).then(|| doubts.join(" et "))
    }

    /// Average speed, km/h (infinite for 0 minutes).
    fn speed(&self) -> Option<f64> {
        self.minutes.map(|m| if m > 0.0 { self.km / (m / 60.0) } else { f64::INFINITY })
    }

    /// « ligne 2 (ASS01 → 0120016C : 8,5 km en 75 min, soit 6,8 km/h, pour 55,3 km à vol
    /// d'oiseau : plus court que la ligne droite) ».
    fn described(&self, doubt: &str) -> String {
        let mut figures = format!("{} km", one(self.km));
        if let Some(m) = self.minutes {
            figures += &format!(" en {} min", one(m));
            if let Some(kmh) = self.speed().filter(|s| s.is_finite()) {
                figures += &format!(", soit {} km/h", one(kmh));
            }
        }
        if let Some(straight) = self.straight_km {
            figures += &format!(", pour {} km à vol d'oiseau", one(straight));
        }
        format!("ligne {} ({} → {} : {figures} : {doubt})", self.line, self.from, self.to)
    }
}

/// `x` with one decimal at most, the French way: « 8,5 », « 75 ».
fn one(x: f64) -> String {
    let s = format!("{x:.1}").replace('.', ",");
    s.strip_suffix(",0").map_or(s.clone(), str::to_string)
}

/// The one warning of `file` about its implausible rows (`rows`, each with what is wrong), which
/// were left out; `None` when there is none. The first [`LISTED`] are described, the others
/// counted with their lines.
pub(super) fn warning(file: &Path, rows: &[(Row, String)]) -> Option<InputWarning> {
    if rows.is_empty() {
        return None;
    }
    let n = rows.len();
    let listed: Vec<String> = rows.iter().take(LISTED).map(|(row, doubt)| row.described(doubt)).collect();
    let rest: Vec<usize> = rows.iter().skip(LISTED).map(|(row, _)| row.line).collect();
    let more = match rest.len() {
        0 => String::new(),
        1 => format!(" et 1 autre (ligne {})", rest[0]),
        r => format!(" et {r} autres (lignes {})", line_list(&rest)),
    };
    let (which, they, them) = if n >= 2 {
        (format!("{n} distances invraisemblables, non utilisées"), "ces couples gardent", "ces lignes")
    } else {
        ("1 distance invraisemblable, non utilisée".to_string(), "ce couple garde", "cette ligne")
    };
    Some(
        InputWarning::new(
            file,
            format!(
                "{which} : {they} l'estimation (ligne droite × facteur de détour du scénario) : {}{more}. \
                 Vérifiez l'unité (km) et le couple (origine, destination) : une route n'est jamais plus courte que \
                 la ligne droite, et une voiture roule en moyenne entre {MIN_KMH} et {MAX_KMH} km/h ; corrigez ou \
                 supprimez {them}.",
                listed.join(", ")
            ),
        )
        .at_lines(rows.iter().map(|(row, _)| row.line).collect()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(km: f64, minutes: Option<f64>, straight_km: Option<f64>) -> Row {
        Row { line: 2, from: "ASS01".into(), to: "0120016C".into(), km, minutes, straight_km }
    }

    /// The tester's row, and the bounds: a road shorter than the straight line, a unit error,
    /// speeds out of 5–130 km/h over 5 km or more; a short trip's speed is not judged; a ferry's
    /// slow trip to an island is a road.
    #[test]
    fn implausible_rows_and_the_bounds() {
        let rodez = row(8.5, Some(75.0), Some(55.3));
        assert_eq!(rodez.doubt().as_deref(), Some("plus court que la ligne droite"));
        assert_eq!(
            rodez.described(&rodez.doubt().unwrap_or_default()),
            "ligne 2 (ASS01 → 0120016C : 8,5 km en 75 min, soit 6,8 km/h, pour 55,3 km à vol d'oiseau : plus court \
             que la ligne droite)"
        );
        // Real roads: a winding one, an OSRM road 10 % under the line with snapping, a detour.
        assert_eq!(row(78.0, Some(80.0), Some(55.3)).doubt(), None);
        assert_eq!(row(48.0, None, Some(55.3)).doubt(), None);
        assert_eq!(row(90.0, Some(95.0), Some(5.0)).doubt(), None);
        assert_eq!(row(0.0, None, Some(1.5)).doubt(), None);
        assert_eq!(row(47.0, None, Some(55.3)).doubt().as_deref(), Some("plus court que la ligne droite"));
        // Metres written as km.
        assert_eq!(row(8500.0, None, Some(6.5)).doubt().as_deref(), Some("plus de 10 fois la ligne droite"));
        // Speeds.
        assert_eq!(row(60.0, Some(20.0), None).doubt().as_deref(), Some("plus de 130 km/h de moyenne"));
        assert_eq!(row(12.0, Some(0.0), None).doubt().as_deref(), Some("plus de 130 km/h de moyenne"));
        assert_eq!(row(6.0, Some(80.0), None).doubt().as_deref(), Some("moins de 5 km/h de moyenne"));
        // Minutes written as seconds: 60 times too slow.
        assert_eq!(row(50.0, Some(3000.0), Some(40.0)).doubt().as_deref(), Some("moins de 5 km/h de moyenne"));
        // Le Conquet → Ouessant with OSRM's ferry (about 5 km/h, waiting included): a road.
        assert_eq!(row(22.0, Some(230.0), Some(20.0)).doubt(), None);
        assert_eq!(row(4.0, Some(1.0), None).doubt(), None);
        assert_eq!(row(20.0, Some(80.0), None).doubt(), None);
    }

    #[test]
    fn one_warning_names_the_first_rows_and_counts_the_others() {
        assert_eq!(warning(Path::new("distances.csv"), &[]), None);
        let rows: Vec<(Row, String)> = (0..12)
            .map(|n| (Row { line: 2 + n, ..row(8.5, Some(75.0), Some(55.3)) }, "trop lent".to_string()))
            .collect();
        let w = warning(Path::new("distances.csv"), &rows).expect("a warning");
        let text = w.to_string();
        assert!(
            text.starts_with("distances.csv, lignes 2 à 13 : 12 distances invraisemblables, non utilisées"),
            "{text}"
        );
        assert!(text.contains("ligne 11 (ASS01 → 0120016C") && !text.contains("ligne 12 ("), "{text}");
        assert!(text.contains(" et 2 autres (lignes 12 et 13). Vérifiez l'unité (km) et le couple"), "{text}");
        let w = warning(Path::new("distances.csv"), &rows[..1]).expect("a warning");
        assert!(w.to_string().starts_with("distances.csv, ligne 2 : 1 distance invraisemblable, non utilisée"), "{w}");
    }
}
