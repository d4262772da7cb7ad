//! An establishment of the instance, as read from `establishments.csv`.

use crate::kind::{Category, Kind};
use crate::location::LatLon;
use serde::{Deserialize, Serialize};

/// A public establishment that may receive social-worker time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    /// UAI: 7 digits and a letter.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// INSEE code of the commune (5 characters).
    pub commune_insee: String,
    /// Commune name.
    pub commune: String,
    /// Position.
    pub location: LatLon,
    /// Enrolled pupils (for écoles: élémentaire pupils).
    pub pupils: u32,
    /// Cycle 3 pupils (CM1, CM2) for écoles, when known.
    pub cycle3_pupils: Option<u32>,
    /// Indice de position sociale, when known.
    pub ips: Option<f64>,
    /// INSEE density level of the commune, 1–7 (5–7 rural), when known.
    pub density: Option<u8>,
    /// In a REP network.
    pub rep: bool,
    /// In a REP+ network.
    pub rep_plus: bool,
    /// Has a boarding house.
    pub internat: bool,
    /// Has a SEGPA (EGPA).
    pub segpa: bool,
    /// Has a ULIS.
    pub ulis: bool,
    /// Has a UPE2A.
    pub upe2a: bool,
    /// Has a dispositif relais.
    pub relais: bool,
    /// For écoles: UAI of the REP+ network's head collège.
    pub network: Option<String>,
    /// Bassin de formation, when known.
    pub bassin: Option<String>,
}

impl Establishment {
    /// REP+ establishment: flagged REP+, or a REP+ école (écoles are in scope only in REP+).
    pub fn is_rep_plus(&self) -> bool {
        self.rep_plus || self.kind == Kind::Ecole
    }

    /// REP (and not REP+).
    pub fn is_rep(&self) -> bool {
        self.rep && !self.is_rep_plus()
    }

    /// Pupils the service is counted on: cycle 3 pupils for écoles (estimated as
    /// `cycle3_share` × élémentaire pupils when unknown), enrolled pupils otherwise.
    /// Returns the count and whether it was estimated.
    pub fn served_pupils(&self, cycle3_share: f64) -> (f64, bool) {
        match (self.kind, self.cycle3_pupils) {
            (Kind::Ecole, Some(c)) => (f64::from(c), false),
            (Kind::Ecole, None) => (f64::from(self.pupils) * cycle3_share, true),
            _ => (f64::from(self.pupils), false),
        }
    }

    /// Whether the establishment belongs to `category`, given the rural rule's thresholds.
    pub fn in_category(&self, category: Category, rural_density_min: u8, rural_ips_threshold: f64) -> bool {
        match category {
            Category::RepPlus => self.is_rep_plus(),
            Category::Rep => self.is_rep(),
            Category::RuralDisadvantaged => {
                self.kind == Kind::College
                    && self.density.is_some_and(|d| d >= rural_density_min)
                    && self.ips.is_some_and(|ips| ips < rural_ips_threshold)
            }
            Category::Internat => self.internat,
            Category::EgpaUlisRelaisUpe2a => self.segpa || self.ulis || self.relais || self.upe2a,
            Category::LyceePro => self.kind == Kind::LyceePro,
        }
    }
}
