//! Establishment kinds and the categories of national priority.

use serde::{Deserialize, Serialize};

/// The kind of an establishment in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Collège (may host SEGPA, ULIS…).
    College,
    /// Lycée général et technologique or polyvalent (LEGT, LGT, LPO).
    Lycee,
    /// Lycée professionnel (LP).
    LyceePro,
    /// Établissement régional d'enseignement adapté.
    Erea,
    /// École élémentaire of a REP+ network (cycle 3 pupils count).
    Ecole,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 5] = [Kind::College, Kind::Lycee, Kind::LyceePro, Kind::Erea, Kind::Ecole];

    /// The code used in files (`college`, `lycee`, `lycee_pro`, `erea`, `ecole`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::College => "college",
            Kind::Lycee => "lycee",
            Kind::LyceePro => "lycee_pro",
            Kind::Erea => "erea",
            Kind::Ecole => "ecole",
        }
    }

    /// Parses a file code (case-insensitive, a few French spellings accepted).
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_lowercase().as_str() {
            "college" | "collège" => Some(Kind::College),
            "lycee" | "lycée" | "legt" | "lgt" | "lpo" => Some(Kind::Lycee),
            "lycee_pro" | "lycée_pro" | "lp" => Some(Kind::LyceePro),
            "erea" => Some(Kind::Erea),
            "ecole" | "école" => Some(Kind::Ecole),
            _ => None,
        }
    }

    /// French label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Kind::College => "Collège",
            Kind::Lycee => "Lycée",
            Kind::LyceePro => "Lycée professionnel",
            Kind::Erea => "EREA",
            Kind::Ecole => "École REP+",
        }
    }

    /// Secondary establishments count toward a sector's size limit and can host a base;
    /// REP+ écoles do not.
    pub fn is_secondary(self) -> bool {
        self != Kind::Ecole
    }
}

/// A category of national priority (circulaire 2017-055). Each is both a bonus of the priority
/// score and a category for `must_cover` and the coverage figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Réseau d'éducation prioritaire renforcé (collège or école).
    RepPlus,
    /// Réseau d'éducation prioritaire.
    Rep,
    /// Rural collège (density 5–7) with a low IPS.
    RuralDisadvantaged,
    /// Boarding house.
    Internat,
    /// SEGPA/EGPA, ULIS, dispositif relais or UPE2A.
    EgpaUlisRelaisUpe2a,
    /// Lycée professionnel.
    LyceePro,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 6] = [
        Category::RepPlus,
        Category::Rep,
        Category::RuralDisadvantaged,
        Category::Internat,
        Category::EgpaUlisRelaisUpe2a,
        Category::LyceePro,
    ];

    /// The code used in the scenario (`must_cover`) and in `plan.json`.
    pub fn code(self) -> &'static str {
        match self {
            Category::RepPlus => "rep_plus",
            Category::Rep => "rep",
            Category::RuralDisadvantaged => "rural_disadvantaged",
            Category::Internat => "internat",
            Category::EgpaUlisRelaisUpe2a => "egpa_ulis_relais_upe2a",
            Category::LyceePro => "lycee_pro",
        }
    }

    /// French label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Category::RepPlus => "REP+",
            Category::Rep => "REP",
            Category::RuralDisadvantaged => "Rural défavorisé",
            Category::Internat => "Internat",
            Category::EgpaUlisRelaisUpe2a => "EGPA/ULIS/relais/UPE2A",
            Category::LyceePro => "Lycée professionnel",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(k));
        }
        assert_eq!(Kind::parse(" LP "), Some(Kind::LyceePro));
        assert_eq!(Kind::parse("crèche"), None);
        assert!(!Kind::Ecole.is_secondary());
    }
}
