//! The report's warnings about enrolments a committee could question: the école primaire whose
//! élémentaire count comes from the IPS file (or whose cycle 3 is overstated when that file has
//! none), and the EREA whose enrolment is an estimate.

use crate::pupils::{EstimatedPupils, CYCLE3_SHARE};
use crate::record::{PupilSource, Record};
use crate::report::fr_decimal;
use crate::scope::Kind;

/// One warning per école primaire and per EREA whose enrolment was estimated.
pub(crate) fn warnings(records: &[Record], estimated: &[EstimatedPupils]) -> Vec<String> {
    let share = fr_decimal(CYCLE3_SHARE, 1);
    let mut out = Vec::new();
    for r in records.iter().filter(|r| r.kind == Kind::Ecole && r.with_maternelle) {
        let pupils = r.pupils.unwrap_or(0);
        let cycle3 = r.cycle3_pupils.unwrap_or(0);
        out.push(match (r.pupils_source, r.annuaire_pupils) {
            (Some(PupilSource::Ips), Some(annuaire)) => format!(
                "{} ({}) est une école primaire : l'annuaire lui compte {annuaire} élèves, maternelle \
                 comprise ; l'import retient les {pupils} élèves d'élémentaire du fichier IPS des écoles \
                 (rentrée 2022), d'où {cycle3} élèves de cycle 3 estimés ({share} × {pupils}).",
                r.uai, r.name
            ),
            (Some(PupilSource::Ips), None) => format!(
                "{} ({}) est une école primaire : l'import retient les {pupils} élèves d'élémentaire du \
                 fichier IPS des écoles (rentrée 2022), d'où {cycle3} élèves de cycle 3 estimés \
                 ({share} × {pupils}).",
                r.uai, r.name
            ),
            _ => format!(
                "{} ({}) est une école primaire absente du fichier IPS des écoles : ses {pupils} élèves \
                 de l'annuaire comprennent la maternelle, le cycle 3 estimé ({share} × {pupils} = \
                 {cycle3}) est donc majoré ; corrigez « cycle3_pupils » dans establishments.csv si vous \
                 connaissez le nombre d'élèves de CM1 et de CM2.",
                r.uai, r.name
            ),
        });
    }
    for e in estimated.iter().filter(|e| e.kind == Kind::Erea) {
        out.push(format!(
            "{} ({}, EREA) : {} élèves estimés, {}. C'est une estimation à remplacer par l'effectif \
             réel : corrigez « pupils » dans establishments.csv.",
            e.uai, e.name, e.pupils, e.basis
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::AnnuaireRow;

    fn primaire(uai: &str, annuaire: u32, pupils: u32, source: PupilSource) -> Record {
        let row = AnnuaireRow {
            uai: uai.to_string(),
            name: format!("École primaire {uai}"),
            pupils: Some(annuaire),
            maternelle: Some(true),
            ..AnnuaireRow::default()
        };
        let mut r = Record::from_row(&row, Kind::Ecole, None);
        r.pupils = Some(pupils);
        r.pupils_source = Some(source);
        r.cycle3_pupils = Some((f64::from(pupils) * CYCLE3_SHARE).round() as u32);
        r
    }

    #[test]
    fn primary_schools_say_which_count_was_taken() {
        let records =
            [primaire("0660792C", 205, 111, PupilSource::Ips), primaire("0340532U", 209, 209, PupilSource::Annuaire)];
        let said = warnings(&records, &[]);
        assert_eq!(
            said[0],
            "0660792C (École primaire 0660792C) est une école primaire : l'annuaire lui compte 205 élèves, \
             maternelle comprise ; l'import retient les 111 élèves d'élémentaire du fichier IPS des écoles \
             (rentrée 2022), d'où 44 élèves de cycle 3 estimés (0,4 × 111)."
        );
        assert!(said[1].contains("absente du fichier IPS des écoles"), "{}", said[1]);
        assert!(said[1].contains("(0,4 × 209 = 84) est donc majoré"), "{}", said[1]);
    }

    #[test]
    fn an_estimated_erea_is_called_an_estimate_to_replace() {
        let erea = EstimatedPupils {
            uai: "0660078B".to_string(),
            name: "EREA Joan Miro".to_string(),
            kind: Kind::Erea,
            pupils: 118,
            basis: crate::erea::EREA_TYPICAL_BASIS.to_string(),
        };
        let college = EstimatedPupils { kind: Kind::College, uai: "0660001A".to_string(), ..erea.clone() };
        let said = warnings(&[], &[erea, college]);
        assert_eq!(said.len(), 1);
        assert!(
            said[0].starts_with("0660078B (EREA Joan Miro, EREA) : 118 élèves estimés, ordre de grandeur national"),
            "{}",
            said[0]
        );
        assert!(said[0].contains("estimation à remplacer par l'effectif réel"), "{}", said[0]);
    }
}
