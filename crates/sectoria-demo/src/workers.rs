//! The social workers (ASS) of the demo, with their quotités and résidences administratives.
//!
//! Bases are drawn by hand on the map (city, suburbs, small towns, rural quarters) and
//! resolved to the nearest in-scope collège or lycée not already a base; two workers are
//! based in offices (DSDEN, CIO) given by coordinates.

use crate::establishments::{Establishment, Kind};
use crate::geography::{Position, CITY_CENTRE};
use crate::names;

/// Where a worker's résidence administrative is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// An establishment (index in the establishment list).
    Establishment(usize),
    /// An office given by its coordinates.
    Office(Position),
}

/// One worker.
#[derive(Debug, Clone)]
pub(crate) struct Worker {
    /// Identifier, `ASS01`…
    pub(crate) id: String,
    /// Pseudonym.
    pub(crate) name: &'static str,
    /// Quotité in hundredths of an ETP (e.g. 80 = 0.80).
    pub(crate) fte_hundredths: u32,
    /// Résidence administrative.
    pub(crate) base: Base,
    /// Maximum number of secondary establishments, when not the scenario default.
    pub(crate) max_establishments: Option<u32>,
}

impl Worker {
    /// Position of the base.
    pub(crate) fn base_position(&self, list: &[Establishment]) -> Position {
        match self.base {
            Base::Establishment(i) => list[i].position,
            Base::Office(p) => p,
        }
    }

    /// Capacity in half-day units (0.1 ETP).
    pub(crate) fn units(&self) -> u32 {
        self.fte_hundredths / 10
    }
}

/// How a base is chosen.
#[derive(Debug, Clone, Copy)]
enum Anchor {
    /// The head collège of the n-th REP+ network (in UAI order).
    RepPlus(usize),
    /// Nearest free collège or lycée to a point given in km north and east of the
    /// préfecture's town hall.
    Near(f64, f64),
    /// An office at a point given in km north and east of the préfecture's town hall.
    Office(f64, f64),
}

/// Quotité (hundredths), base and optional establishment limit of each worker, by id.
const ROSTER: [(u32, Anchor, Option<u32>); 26] = [
    (100, Anchor::RepPlus(0), None),
    (100, Anchor::RepPlus(1), None),
    (100, Anchor::RepPlus(2), None),
    (100, Anchor::Near(0.0, 0.0), None),
    (80, Anchor::Near(1.5, -2.0), None),
    (100, Anchor::Near(-2.5, 1.0), None),
    (50, Anchor::Near(2.5, -1.5), Some(3)),
    // DSDEN, rue de la Préfecture.
    (100, Anchor::Office(-0.4, 0.6), None),
    (80, Anchor::Near(5.0, 5.0), None),
    (100, Anchor::Near(-6.0, 1.5), None),
    (60, Anchor::Near(1.0, -6.5), None),
    (100, Anchor::Near(36.0, -10.0), None),
    (80, Anchor::Near(36.0, -10.0), None),
    (100, Anchor::Near(-32.0, -27.0), None),
    // CIO de Mauzières.
    (50, Anchor::Office(-33.5, -26.0), Some(4)),
    (100, Anchor::Near(10.0, 36.0), None),
    (70, Anchor::Near(10.0, 36.0), None),
    (100, Anchor::Near(35.0, 30.0), None),
    (100, Anchor::Near(-35.0, 30.0), None),
    (80, Anchor::Near(-40.0, 0.0), None),
    (100, Anchor::Near(5.0, -40.0), None),
    (60, Anchor::Near(38.0, -35.0), None),
    (100, Anchor::Near(-15.0, 45.0), None),
    (90, Anchor::Near(-20.0, -10.0), None),
    (80, Anchor::Near(45.0, 5.0), None),
    (100, Anchor::Near(15.0, 20.0), None),
];

/// Builds the workers from the roster.
pub(crate) fn workers(list: &[Establishment]) -> Vec<Worker> {
    let heads: Vec<usize> = (0..list.len()).filter(|&i| list[i].kind == Kind::College && list[i].rep_plus).collect();
    let mut used: Vec<usize> = Vec::new();
    let mut result = Vec::new();
    for (k, &(fte_hundredths, anchor, max_establishments)) in ROSTER.iter().enumerate() {
        let base = match anchor {
            Anchor::RepPlus(n) => heads.get(n).copied().map(Base::Establishment),
            Anchor::Near(north, east) => {
                nearest_free_base(list, &used, CITY_CENTRE.offset_km(north, east)).map(Base::Establishment)
            }
            Anchor::Office(north, east) => Some(Base::Office(CITY_CENTRE.offset_km(north, east))),
        };
        // Fall back to the office of the DSDEN if no establishment is left (not reached).
        let base = base.unwrap_or(Base::Office(CITY_CENTRE));
        if let Base::Establishment(i) = base {
            used.push(i);
        }
        result.push(Worker {
            id: format!("ASS{:02}", k + 1),
            name: names::WORKER.get(k).copied().unwrap_or("ASS"),
            fte_hundredths,
            base,
            max_establishments,
        });
    }
    result
}

/// The collège or lycée nearest to `target` that is not already a base.
fn nearest_free_base(list: &[Establishment], used: &[usize], target: Position) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, e) in list.iter().enumerate() {
        if !matches!(e.kind, Kind::College | Kind::Lycee) || used.contains(&i) {
            continue;
        }
        let d = e.position.km_to(target);
        if best.is_none_or(|(_, b)| d < b) {
            best = Some((i, d));
        }
    }
    best.map(|(i, _)| i)
}
