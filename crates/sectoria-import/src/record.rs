//! One establishment being built from the open data, then written as one line of
//! `establishments.csv`. Optional values stay `None` (written as an empty field) when the
//! data does not say.

use crate::annuaire::{AnnuaireRow, Priority};
use crate::scope::{Kind, SectionKind};

/// Where an establishment's enrolment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PupilSource {
    /// `effectifs` of the DEPP IPS file.
    Ips,
    /// `Nombre_d_eleves` of the annuaire.
    Annuaire,
    /// `nombre_eleves_total` of the national collège file.
    NationalFile,
    /// Estimated (median of the département, or an EREA's national order of magnitude): the
    /// data has no enrolment.
    Estimated,
}

impl PupilSource {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            PupilSource::Ips => "fichier IPS (effectifs)",
            PupilSource::Annuaire => "annuaire (Nombre_d_eleves)",
            PupilSource::NationalFile => "fichier national des collèges (nombre_eleves_total)",
            PupilSource::Estimated => "estimé faute de données (détail ci-dessous)",
        }
    }
}

/// An establishment under construction.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub line: u64,
    pub uai: String,
    pub name: String,
    pub kind: Kind,
    /// `Some` while the row is a lycée section not yet merged into its mother.
    pub section: Option<SectionKind>,
    pub mother: Option<String>,
    pub commune_insee: Option<String>,
    pub commune: String,
    pub postal_code: Option<String>,
    pub location: Option<(f64, f64)>,
    pub pupils: Option<u32>,
    pub pupils_source: Option<PupilSource>,
    pub annuaire_pupils: Option<u32>,
    /// École with a maternelle level too (its annuaire enrolment includes it).
    pub with_maternelle: bool,
    pub cycle3_pupils: Option<u32>,
    pub ips: Option<f64>,
    pub density: Option<u8>,
    pub rep: Option<bool>,
    pub rep_plus: Option<bool>,
    pub internat: Option<bool>,
    pub segpa: Option<bool>,
    pub ulis: Option<bool>,
    pub upe2a: Option<bool>,
    pub relais: Option<bool>,
    pub network: Option<String>,
    pub bassin: Option<String>,
    pub zap: Option<String>,
    /// A merged SEP gives the mother a vocational track.
    pub has_vocational_section: bool,
}

impl Record {
    /// A record from an annuaire row in scope (`section` for a lycée section).
    pub fn from_row(row: &AnnuaireRow, kind: Kind, section: Option<SectionKind>) -> Record {
        let (rep, rep_plus) = match row.priority {
            Some(Priority::RepPlus) => (Some(false), Some(true)),
            Some(Priority::Rep) => (Some(true), Some(false)),
            Some(Priority::None) => (Some(false), Some(false)),
            None => (None, None),
        };
        Record {
            line: row.line,
            uai: row.uai.clone(),
            name: crate::names::display_name(&row.name),
            kind,
            section,
            mother: row.mother.clone(),
            commune_insee: row.commune_insee.clone(),
            commune: row.commune.clone(),
            postal_code: row.postal_code.clone(),
            location: row.coordinates,
            pupils: None,
            pupils_source: None,
            annuaire_pupils: row.pupils,
            with_maternelle: row.maternelle == Some(true),
            cycle3_pupils: None,
            ips: None,
            density: None,
            rep,
            rep_plus,
            internat: row.internat,
            segpa: row.segpa,
            ulis: row.ulis,
            upe2a: None,
            relais: None,
            network: None,
            bassin: row.bassin.clone(),
            zap: row.zap.clone(),
            has_vocational_section: false,
        }
    }

    /// Pupils the service counts on: cycle 3 for écoles, enrolment otherwise.
    pub fn served_pupils(&self) -> u32 {
        match self.kind {
            Kind::Ecole => self.cycle3_pupils.unwrap_or(0),
            _ => self.pupils.unwrap_or(0),
        }
    }

    /// ORs the flags of `other` into `self` (a merged section or a duplicate row).
    pub fn absorb_flags(&mut self, other: &Record) {
        self.rep = or(self.rep, other.rep);
        self.rep_plus = or(self.rep_plus, other.rep_plus);
        self.internat = or(self.internat, other.internat);
        self.segpa = or(self.segpa, other.segpa);
        self.ulis = or(self.ulis, other.ulis);
        self.upe2a = or(self.upe2a, other.upe2a);
        self.relais = or(self.relais, other.relais);
        self.normalize_priority();
        self.location = self.location.or(other.location);
        self.commune_insee = self.commune_insee.clone().or(other.commune_insee.clone());
        self.bassin = self.bassin.clone().or(other.bassin.clone());
        self.zap = self.zap.clone().or(other.zap.clone());
    }

    /// REP+ wins over REP: both flags are never set together.
    pub fn normalize_priority(&mut self) {
        if self.rep_plus == Some(true) {
            self.rep = Some(false);
        }
    }
}

/// Three-valued OR: known true wins, then known false, else unknown.
pub(crate) fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), _) | (_, Some(false)) => Some(false),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_valued_or() {
        assert_eq!(or(None, None), None);
        assert_eq!(or(None, Some(false)), Some(false));
        assert_eq!(or(Some(false), Some(true)), Some(true));
    }

    #[test]
    fn rep_plus_wins() {
        let row = AnnuaireRow { priority: Some(Priority::Rep), ..AnnuaireRow::default() };
        let mut a = Record::from_row(&row, Kind::College, None);
        let mut b = a.clone();
        b.rep = Some(false);
        b.rep_plus = Some(true);
        a.absorb_flags(&b);
        assert_eq!((a.rep, a.rep_plus), (Some(false), Some(true)));
    }
}
