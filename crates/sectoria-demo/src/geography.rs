//! The map of the fictional département: its box, its communes and a planar distance.
//!
//! Positions are stored as integers in 1e-5 degrees (the precision written to the CSV
//! files), so generation never depends on float formatting. Distances use an
//! equirectangular projection around the département's centre: only `+`, `-`, `*`, `/`
//! and `sqrt` (all correctly rounded in IEEE 754), hence the same result on every platform.

use crate::rng::Rng;

/// Kilometres per degree of latitude (mean Earth radius 6,371 km).
///
/// # Units: kilometres per degree
const KM_PER_DEG_LAT: f64 = 111.194_93;

/// Kilometres per degree of longitude at the centre latitude (45.8° N): 111.19493 × cos 45.8°.
///
/// # Units: kilometres per degree
const KM_PER_DEG_LON: f64 = 77.521_4;

/// Southern edge of the département box, 1e-5 degrees (45.35° N).
const LAT_MIN_E5: i64 = 4_535_000;
/// Northern edge of the département box, 1e-5 degrees (46.25° N).
const LAT_MAX_E5: i64 = 4_625_000;
/// Western edge of the département box, 1e-5 degrees (1.95° E).
const LON_MIN_E5: i64 = 195_000;
/// Eastern edge of the département box, 1e-5 degrees (3.25° E).
const LON_MAX_E5: i64 = 325_000;

/// A WGS84 position in 1e-5 degrees (about 1 m).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    /// Latitude, 1e-5 degrees north.
    pub(crate) lat_e5: i64,
    /// Longitude, 1e-5 degrees east.
    pub(crate) lon_e5: i64,
}

impl Position {
    /// Builds a position from 1e-5 degree integers.
    pub(crate) const fn new(lat_e5: i64, lon_e5: i64) -> Self {
        Self { lat_e5, lon_e5 }
    }

    /// Planar distance to `other` (equirectangular projection at 45.8° N; within 1 % of
    /// the great-circle distance inside the département).
    ///
    /// # Units: kilometres
    pub(crate) fn km_to(self, other: Position) -> f64 {
        let north = (other.lat_e5 - self.lat_e5) as f64 / 100_000.0 * KM_PER_DEG_LAT;
        let east = (other.lon_e5 - self.lon_e5) as f64 / 100_000.0 * KM_PER_DEG_LON;
        (north * north + east * east).sqrt()
    }

    /// The position `north_km` north and `east_km` east of this one (negative = south/west).
    pub(crate) fn offset_km(self, north_km: f64, east_km: f64) -> Position {
        Position {
            lat_e5: self.lat_e5 + (north_km / KM_PER_DEG_LAT * 100_000.0).round() as i64,
            lon_e5: self.lon_e5 + (east_km / KM_PER_DEG_LON * 100_000.0).round() as i64,
        }
    }

    /// A random position within `radius_m` metres (square jitter) of this one.
    pub(crate) fn jitter(self, rng: &mut Rng, radius_m: i64) -> Position {
        let north = rng.range(-radius_m, radius_m) as f64 / 1000.0;
        let east = rng.range(-radius_m, radius_m) as f64 / 1000.0;
        self.offset_km(north, east)
    }

    /// The nearest position inside the département box (itself when inside).
    pub(crate) fn clamped(self) -> Position {
        Position {
            lat_e5: self.lat_e5.clamp(LAT_MIN_E5, LAT_MAX_E5),
            lon_e5: self.lon_e5.clamp(LON_MIN_E5, LON_MAX_E5),
        }
    }

    /// Whether the position lies in the département box.
    #[cfg(test)]
    pub(crate) fn in_departement(self) -> bool {
        (LAT_MIN_E5..=LAT_MAX_E5).contains(&self.lat_e5) && (LON_MIN_E5..=LON_MAX_E5).contains(&self.lon_e5)
    }
}

/// Kind of commune, which drives density, pupil numbers and IPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    /// The préfecture (density 1).
    City,
    /// A suburb of the préfecture (density 2–3).
    Suburb,
    /// One of the small towns (density 4).
    Town,
    /// A rural commune (density 5–7); `bourg` communes host rural lycées.
    Rural,
}

/// A commune of the fictional département.
#[derive(Debug, Clone)]
pub(crate) struct Commune {
    /// Fictional INSEE code (`99` + 3 digits), alphabetical like real codes.
    pub(crate) insee: String,
    /// Fictional name.
    pub(crate) name: &'static str,
    /// Town hall position.
    pub(crate) centre: Position,
    /// INSEE density grid level, 1 (dense) to 7 (very sparse).
    pub(crate) density: u8,
    /// Area type.
    pub(crate) area: Area,
    /// Rural centre hosting a lycée or LP.
    pub(crate) bourg: bool,
    /// Name of the bassin de formation.
    pub(crate) bassin: &'static str,
}

/// The préfecture's town hall (45.78° N, 2.56° E).
pub(crate) const CITY_CENTRE: Position = Position::new(4_578_000, 256_000);

/// Names of the rural communes (one collège each).
const RURAL_NAMES: [&str; 34] = [
    "Aurelhac",
    "Bellefont-sur-Ardelle",
    "Chantegrive",
    "Combrelles",
    "Escoubiac",
    "Fontanes-le-Vieux",
    "Grandmoulin",
    "Labessière",
    "Lavaurette",
    "Le Puy-Chabrol",
    "Les Estivaux",
    "Malmontet",
    "Marsenac",
    "Montcalvet",
    "Neuvialle",
    "Pradines-sur-Sarlonne",
    "Quinsac-le-Bois",
    "Roumagnac",
    "Saint-Alyre-des-Monts",
    "Saint-Bonnet-d'Ardelle",
    "Sainte-Fauste",
    "Salvanhac",
    "Tauvérac",
    "Teyssonnières",
    "Valbrune",
    "Vernines-Hautes",
    "Villerouge-d'Ardelle",
    "Chaumeil-Haut",
    "Ceyrac-la-Forêt",
    "La Borie-Blanche",
    "Mondézières",
    "Pierrefiche-le-Lac",
    "Rochesauve",
    "Saint-Genès-du-Fau",
];

/// Number of rural communes promoted to bourg-centre (hosting a rural lycée or LP).
const BOURG_COUNT: usize = 5;

/// Bassins de formation and the town each one is centred on.
const BASSINS: [(&str, Position); 4] = [
    ("Bassin Centre", CITY_CENTRE),
    ("Bassin Nord", Position::new(4_610_000, 243_000)),
    ("Bassin Sud-Ouest", Position::new(4_549_000, 221_000)),
    ("Bassin Est", Position::new(4_587_000, 303_000)),
];

/// Builds the communes: the préfecture, four suburbs, three small towns and the rural
/// hinterland, sorted by INSEE code.
pub(crate) fn communes() -> Vec<Commune> {
    let mut rng = Rng::stream("communes");
    let mut list: Vec<Commune> = Vec::new();
    let push = |list: &mut Vec<Commune>, name: &'static str, centre: Position, density: u8, area: Area| {
        list.push(Commune {
            insee: String::new(),
            name,
            centre,
            density,
            area,
            bourg: false,
            bassin: bassin_of(centre),
        });
    };
    push(&mut list, "Valcourt", CITY_CENTRE, 1, Area::City);
    push(&mut list, "Montrelles", CITY_CENTRE.offset_km(4.5, 5.5), 2, Area::Suburb);
    push(&mut list, "Saint-Aubin-de-Sarlonne", CITY_CENTRE.offset_km(-6.0, 1.5), 2, Area::Suburb);
    push(&mut list, "Chazerat", CITY_CENTRE.offset_km(1.0, -6.5), 3, Area::Suburb);
    push(&mut list, "Beaulieu-les-Vignes", CITY_CENTRE.offset_km(6.5, -3.0), 3, Area::Suburb);
    push(&mut list, "Ambrac", BASSINS[1].1, 4, Area::Town);
    push(&mut list, "Mauzières", BASSINS[2].1, 4, Area::Town);
    push(&mut list, "Lorsac-en-Val", BASSINS[3].1, 4, Area::Town);

    let urban: Vec<Position> = list.iter().map(|c| c.centre).collect();
    let mut rural: Vec<Position> = Vec::new();
    while rural.len() < RURAL_NAMES.len() {
        let candidate = Position::new(rng.range(4_540_000, 4_620_000), rng.range(202_000, 318_000));
        let far_from_city = candidate.km_to(CITY_CENTRE) >= 13.0;
        let far_from_towns = urban.iter().all(|&u| candidate.km_to(u) >= 7.5);
        let far_from_rural = rural.iter().all(|&r| candidate.km_to(r) >= 6.5);
        if far_from_city && far_from_towns && far_from_rural {
            rural.push(candidate);
        }
    }

    // Bourg-centres: farthest-point selection, so that they spread over the hinterland.
    let mut anchors = urban.clone();
    let mut bourgs: Vec<usize> = Vec::new();
    for _ in 0..BOURG_COUNT {
        let mut best: Option<(usize, f64)> = None;
        for (i, &p) in rural.iter().enumerate() {
            if bourgs.contains(&i) {
                continue;
            }
            let d = min_km(p, &anchors);
            if best.is_none_or(|(_, b)| d > b) {
                best = Some((i, d));
            }
        }
        if let Some((i, _)) = best {
            bourgs.push(i);
            anchors.push(rural[i]);
        }
    }

    for (i, (&name, &centre)) in RURAL_NAMES.iter().zip(&rural).enumerate() {
        let remoteness = min_km(centre, &urban);
        let density = if bourgs.contains(&i) {
            5
        } else if remoteness > 15.0 {
            if rng.chance(50) {
                6
            } else {
                7
            }
        } else if rng.chance(40) {
            5
        } else {
            6
        };
        push(&mut list, name, centre, density, Area::Rural);
        if bourgs.contains(&i) {
            if let Some(last) = list.last_mut() {
                last.bourg = true;
            }
        }
    }

    list.sort_by_key(|c| sort_key(c.name));
    let mut code = 0_u32;
    for commune in &mut list {
        code += rng.range_u32(2, 9);
        commune.insee = format!("99{code:03}");
    }
    list
}

/// Smallest distance from `p` to any of `others` (infinite when `others` is empty).
///
/// # Units: kilometres
pub(crate) fn min_km(p: Position, others: &[Position]) -> f64 {
    others.iter().map(|&o| p.km_to(o)).fold(f64::INFINITY, f64::min)
}

/// The bassin whose centre is nearest to `p`.
fn bassin_of(p: Position) -> &'static str {
    let mut best = BASSINS[0];
    for bassin in BASSINS.iter().skip(1) {
        if p.km_to(bassin.1) < p.km_to(best.1) {
            best = *bassin;
        }
    }
    best.0
}

/// Alphabetical key ignoring accents, case and punctuation, as INSEE codes are ordered.
fn sort_key(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'à' | 'â' | 'ä' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' | 'É' => Some('e'),
            'î' | 'ï' => Some('i'),
            'ô' | 'ö' => Some('o'),
            'ù' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            '-' | '\'' | ' ' => Some(' '),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_are_inside_the_box_with_unique_codes() {
        let list = communes();
        assert_eq!(list.len(), 8 + RURAL_NAMES.len());
        let mut codes: Vec<&str> = list.iter().map(|c| c.insee.as_str()).collect();
        codes.dedup();
        assert_eq!(codes.len(), list.len(), "codes are increasing, hence unique");
        for c in &list {
            assert!(c.centre.in_departement(), "{} outside the box", c.name);
            assert!((1..=7).contains(&c.density));
            assert_eq!(c.insee.len(), 5);
        }
        assert_eq!(list.iter().filter(|c| c.bourg).count(), BOURG_COUNT);
    }

    #[test]
    fn planar_distance_is_close_to_known_values() {
        // One degree of latitude.
        let a = Position::new(4_500_000, 250_000);
        let b = Position::new(4_600_000, 250_000);
        assert!((a.km_to(b) - 111.195).abs() < 0.01);
        let c = CITY_CENTRE.offset_km(3.0, 4.0);
        assert!((CITY_CENTRE.km_to(c) - 5.0).abs() < 0.01);
    }

    #[test]
    fn sort_key_ignores_accents() {
        assert_eq!(sort_key("Mauzières"), "mauzieres");
        assert!(sort_key("Écoublanc") < sort_key("Fontanes"));
    }
}
