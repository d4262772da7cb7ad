//! Scope: which annuaire rows become establishments of the instance, of which kind, and why
//! the others are left out.
//!
//! Kind mapping (by `Type_etablissement`, refined by `code_nature` / `libelle_nature`, then
//! by the `Voie_*` flags for vintages without nature):
//! - `Collège` → `college` (whatever its nature, e.g. a cité scolaire's collège);
//! - `EREA` (or nature 370) → `erea`;
//! - `Lycée`: nature 320 / "LYCEE PROFESSIONNEL" → `lycee_pro`; 334 (SEP) and 335 (SEGT) →
//!   sections merged into their mother lycée; 400 (STS/CPGE only) → out; other natures
//!   (LEGT, LGT, LT, LPO, climatique…) → `lycee`;
//! - `Ecole`: in scope only when REP+ and with an élémentaire level (cycle 3) → `ecole`.
//!
//! Filters, in this order: closed or not yet open (`etat`), other types (médico-social,
//! CIO, administrative…), private (unless `include_private`), another ministry than the
//! Éducation nationale (agricultural and maritime lycées have their own social service),
//! écoles outside REP+ or without cycle 3.

use crate::annuaire::{AnnuaireRow, Priority};
use crate::values::normalize_uai;
use std::fmt;

/// The kind of an establishment in the instance (`kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Collège.
    College,
    /// Lycée général et technologique or polyvalent (LEGT, LGT, LPO).
    Lycee,
    /// Lycée professionnel.
    LyceePro,
    /// Établissement régional d'enseignement adapté.
    Erea,
    /// École élémentaire or primaire of a REP+ network.
    Ecole,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 5] = [Kind::College, Kind::Lycee, Kind::LyceePro, Kind::Erea, Kind::Ecole];

    /// The code written in `establishments.csv`.
    pub fn code(self) -> &'static str {
        match self {
            Kind::College => "college",
            Kind::Lycee => "lycee",
            Kind::LyceePro => "lycee_pro",
            Kind::Erea => "erea",
            Kind::Ecole => "ecole",
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::College => "Collège",
            Kind::Lycee => "Lycée",
            Kind::LyceePro => "Lycée professionnel",
            Kind::Erea => "EREA",
            Kind::Ecole => "École REP+",
        }
    }
}

/// A lycée section attached to a mother lycée.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Section d'enseignement professionnel (SEP): a vocational track.
    Professional,
    /// Section d'enseignement général et technologique (SEGT).
    GeneralTechnological,
}

impl SectionKind {
    /// Short French label (`SEP`, `SEGT`).
    pub fn label(self) -> &'static str {
        match self {
            SectionKind::Professional => "SEP",
            SectionKind::GeneralTechnological => "SEGT",
        }
    }

    /// The kind given to a section kept on its own (mother not found).
    pub fn standalone_kind(self) -> Kind {
        match self {
            SectionKind::Professional => Kind::LyceePro,
            SectionKind::GeneralTechnological => Kind::Lycee,
        }
    }
}

/// Why a row of the département is not an establishment of the instance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutReason {
    /// `etat` says closed.
    Closed,
    /// `etat` says not yet open.
    NotYetOpen,
    /// Another type of establishment (`Type_etablissement`, e.g. "Médico-social").
    OtherType(String),
    /// Lycée made only of STS/CPGE classes (post-bac).
    PostBacOnly,
    /// Private establishment (without `include_private`).
    Private,
    /// Status neither public nor private.
    UnknownStatus,
    /// Another ministry than the Éducation nationale (agriculture, mer…).
    OtherMinistry(String),
    /// École outside REP+.
    EcoleNotRepPlus,
    /// REP+ école without élémentaire level (maternelle: no cycle 3).
    EcoleWithoutCycle3,
    /// Malformed UAI.
    InvalidUai,
    /// No coordinates and no commune centroid.
    NoLocation,
    /// Geographic annex without an enrolment of its own, whose mother establishment is in the
    /// instance: its pupils are counted in the mother's (`crate::annex`).
    AnnexWithoutEnrolment,
    /// REP+ école whose network head cannot be found (no collège in the extract): the planner
    /// refuses an école without `network`, so it is left out and counted.
    EcoleWithoutNetworkHead,
}

impl fmt::Display for OutReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutReason::Closed => f.write_str("fermé (etat)"),
            OutReason::NotYetOpen => f.write_str("pas encore ouvert (etat)"),
            OutReason::OtherType(label) => write!(f, "autre type ({label})"),
            OutReason::PostBacOnly => f.write_str("post-bac uniquement (STS/CPGE)"),
            OutReason::Private => f.write_str("privé"),
            OutReason::UnknownStatus => f.write_str("statut public/privé non renseigné"),
            OutReason::OtherMinistry(label) => write!(f, "autre ministère de tutelle ({label})"),
            OutReason::EcoleNotRepPlus => f.write_str("école hors REP+"),
            OutReason::EcoleWithoutCycle3 => f.write_str("école maternelle REP+ (pas de cycle 3)"),
            OutReason::InvalidUai => f.write_str("UAI invalide"),
            OutReason::NoLocation => f.write_str("sans localisation (ni coordonnées ni commune)"),
            OutReason::AnnexWithoutEnrolment => {
                f.write_str("annexe géographique sans effectif propre, comptée avec son établissement mère")
            }
            OutReason::EcoleWithoutNetworkHead => {
                f.write_str("école REP+ sans collège tête de réseau (aucun collège dans le département)")
            }
        }
    }
}

/// What a row becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// An establishment of the instance.
    Keep(Kind),
    /// A lycée section, merged into its mother when possible.
    Section(SectionKind),
    /// Out of scope.
    Out(OutReason),
}

/// Classifies one annuaire row.
pub(crate) fn classify(row: &AnnuaireRow, include_private: bool) -> Scope {
    match classify_inner(row, include_private) {
        Ok(scope) => scope,
        Err(reason) => Scope::Out(reason),
    }
}

fn classify_inner(row: &AnnuaireRow, include_private: bool) -> Result<Scope, OutReason> {
    if normalize_uai(&row.uai).is_none() {
        return Err(OutReason::InvalidUai);
    }
    check_state(row.state.as_deref())?;
    let family = family(row)?;
    check_status(&row.status, include_private)?;
    if let Some(ministry) = row.ministry.as_deref() {
        if !upper_ascii(ministry).contains("EDUCATION NATIONALE") {
            return Err(OutReason::OtherMinistry(ministry.to_string()));
        }
    }
    match family {
        Family::Ecole => classify_ecole(row),
        Family::Secondary(scope) => Ok(scope),
    }
}

enum Family {
    Secondary(Scope),
    Ecole,
}

fn check_state(state: Option<&str>) -> Result<(), OutReason> {
    let Some(state) = state else { return Ok(()) };
    let state = upper_ascii(state);
    if state.starts_with("FERM") {
        Err(OutReason::Closed)
    } else if state.starts_with("A OUVRIR") || state.starts_with("A_OUVRIR") {
        Err(OutReason::NotYetOpen)
    } else {
        Ok(())
    }
}

fn check_status(status: &str, include_private: bool) -> Result<(), OutReason> {
    let status = upper_ascii(status);
    if status.starts_with("PUBLIC") {
        Ok(())
    } else if status.starts_with("PRIVE") {
        if include_private {
            Ok(())
        } else {
            Err(OutReason::Private)
        }
    } else {
        Err(OutReason::UnknownStatus)
    }
}

/// The family of a row from its type, nature and tracks.
fn family(row: &AnnuaireRow) -> Result<Family, OutReason> {
    let type_label = upper_ascii(&row.type_label);
    let nature = row.nature_code.as_deref().unwrap_or("");
    let nature_label = upper_ascii(&row.nature_label);
    if type_label.starts_with("COLLEGE") {
        return Ok(Family::Secondary(Scope::Keep(Kind::College)));
    }
    if type_label.starts_with("EREA") || nature == "370" {
        return Ok(Family::Secondary(Scope::Keep(Kind::Erea)));
    }
    if type_label.starts_with("ECOLE") {
        return Ok(Family::Ecole);
    }
    let lycee_nature = nature.starts_with('3') || nature_label.starts_with("LYCEE");
    if type_label.starts_with("LYCEE") || (type_label.is_empty() && (lycee_nature || nature == "400")) {
        return lycee_family(row, nature, &nature_label).map(Family::Secondary);
    }
    if type_label.is_empty() && (nature == "340" || nature == "350") {
        return Ok(Family::Secondary(Scope::Keep(Kind::College)));
    }
    let label =
        if row.type_label.trim().is_empty() { "non renseigné".to_string() } else { row.type_label.trim().to_string() };
    Err(OutReason::OtherType(label))
}

fn lycee_family(row: &AnnuaireRow, nature: &str, nature_label: &str) -> Result<Scope, OutReason> {
    if nature == "400" || nature_label.contains("UNIQT DE STS") {
        return Err(OutReason::PostBacOnly);
    }
    if nature == "334" || nature_label.starts_with("SECTION D ENSEIGNEMENT PROF") {
        return Ok(Scope::Section(SectionKind::Professional));
    }
    if nature == "335" || nature_label.starts_with("SECTION ENSEIGT GENERAL") {
        return Ok(Scope::Section(SectionKind::GeneralTechnological));
    }
    if nature == "320" || nature_label.starts_with("LYCEE PROFESSIONNEL") {
        return Ok(Scope::Keep(Kind::LyceePro));
    }
    if !nature.is_empty() || !nature_label.is_empty() {
        return Ok(Scope::Keep(Kind::Lycee));
    }
    // No nature in this vintage: a lycée with only the vocational track is an LP.
    let only_pro = row.voie_professionnelle == Some(true)
        && row.voie_generale != Some(true)
        && row.voie_technologique != Some(true);
    Ok(Scope::Keep(if only_pro { Kind::LyceePro } else { Kind::Lycee }))
}

fn classify_ecole(row: &AnnuaireRow) -> Result<Scope, OutReason> {
    if row.priority != Some(Priority::RepPlus) {
        return Err(OutReason::EcoleNotRepPlus);
    }
    let nature = row.nature_code.as_deref().unwrap_or("");
    let nature_label = upper_ascii(&row.nature_label);
    let elementaire = match row.elementaire {
        Some(flag) => flag,
        None => !(nature.starts_with("10") || nature_label.contains("MATERNELLE")),
    };
    if elementaire {
        Ok(Scope::Keep(Kind::Ecole))
    } else {
        Err(OutReason::EcoleWithoutCycle3)
    }
}

/// Upper case without French accents, for comparisons.
pub(crate) fn upper_ascii(value: &str) -> String {
    value
        .trim()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'E',
            'à' | 'â' | 'À' | 'Â' => 'A',
            'î' | 'ï' | 'Î' => 'I',
            'ô' | 'Ô' => 'O',
            'ù' | 'û' | 'ü' | 'Û' => 'U',
            'ç' | 'Ç' => 'C',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(type_label: &str, status: &str, nature: &str) -> AnnuaireRow {
        AnnuaireRow {
            uai: "0310001A".to_string(),
            type_label: type_label.to_string(),
            status: status.to_string(),
            nature_code: (!nature.is_empty()).then(|| nature.to_string()),
            state: Some("OUVERT".to_string()),
            ministry: Some("MINISTERE DE L'EDUCATION NATIONALE".to_string()),
            ..AnnuaireRow::default()
        }
    }

    #[test]
    fn maps_kinds() {
        assert_eq!(classify(&row("Collège", "Public", "340"), false), Scope::Keep(Kind::College));
        assert_eq!(classify(&row("Collège", "Public", "302"), false), Scope::Keep(Kind::College));
        assert_eq!(classify(&row("Lycée", "Public", "306"), false), Scope::Keep(Kind::Lycee));
        assert_eq!(classify(&row("Lycée", "Public", "320"), false), Scope::Keep(Kind::LyceePro));
        assert_eq!(classify(&row("Lycée", "Public", "334"), false), Scope::Section(SectionKind::Professional));
        assert_eq!(classify(&row("Lycée", "Public", "335"), false), Scope::Section(SectionKind::GeneralTechnological));
        assert_eq!(classify(&row("EREA", "Public", "370"), false), Scope::Keep(Kind::Erea));
        assert_eq!(classify(&row("Lycée", "Public", "400"), false), Scope::Out(OutReason::PostBacOnly));
    }

    #[test]
    fn lycee_without_nature_uses_tracks() {
        let mut lp = row("Lycée", "Public", "");
        lp.voie_professionnelle = Some(true);
        lp.voie_generale = Some(false);
        assert_eq!(classify(&lp, false), Scope::Keep(Kind::LyceePro));
        lp.voie_generale = Some(true);
        assert_eq!(classify(&lp, false), Scope::Keep(Kind::Lycee));
    }

    #[test]
    fn filters_with_reasons() {
        assert_eq!(classify(&row("Collège", "Privé", "340"), false), Scope::Out(OutReason::Private));
        assert_eq!(classify(&row("Collège", "Privé", "340"), true), Scope::Keep(Kind::College));
        let mut closed = row("Collège", "Public", "340");
        closed.state = Some("FERME".to_string());
        assert_eq!(classify(&closed, false), Scope::Out(OutReason::Closed));
        assert_eq!(
            classify(&row("Médico-social", "", "240"), false),
            Scope::Out(OutReason::OtherType("Médico-social".to_string()))
        );
        let mut agri = row("Lycée", "Public", "320");
        agri.ministry = Some("AGRICULTURE".to_string());
        assert_eq!(classify(&agri, false), Scope::Out(OutReason::OtherMinistry("AGRICULTURE".to_string())));
    }

    #[test]
    fn ecoles_need_rep_plus_and_cycle_3() {
        let mut ecole = row("Ecole", "Public", "151");
        assert_eq!(classify(&ecole, false), Scope::Out(OutReason::EcoleNotRepPlus));
        ecole.priority = Some(Priority::RepPlus);
        ecole.elementaire = Some(true);
        assert_eq!(classify(&ecole, false), Scope::Keep(Kind::Ecole));
        let mut maternelle = row("Ecole", "Public", "101");
        maternelle.priority = Some(Priority::RepPlus);
        assert_eq!(classify(&maternelle, false), Scope::Out(OutReason::EcoleWithoutCycle3));
    }
}
