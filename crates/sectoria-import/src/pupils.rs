//! Enrolment and IPS of each establishment, and the estimates when the data has none.
//!
//! Sources, in order: collèges and lycées take the IPS files' `effectifs` (the 2024 annuaire
//! has no enrolment for them), then the national collège file, then the annuaire's
//! `Nombre_d_eleves`. An école élémentaire takes the annuaire's `Nombre_d_eleves` (rentrée
//! 2024), then the IPS file's; an école primaire (with a maternelle level) takes the IPS
//! file's first, since the annuaire counts its maternelle too and the IPS file of the écoles
//! counts élémentaire pupils only (rentrée 2022). That file lists no école maternelle, and on
//! the five départements of `../shared/data` its count is a median 0.96 of the annuaire's for
//! écoles without maternelle (637 écoles) but 0.64 for écoles primaires (648), the share of
//! five élémentaire levels among eight. An establishment without any enrolment gets the median
//! of its kind in the département, else, for an EREA, a national order of magnitude
//! ([`crate::erea`]), else the median of the département's secondary establishments (listed in
//! the report: correct `pupils` in `establishments.csv` if you know it), except a geographic
//! annex whose mother has an enrolment ([`crate::annex`]). Cycle 3 pupils of an école are
//! estimated as 0.4 × its élémentaire pupils (CM1 and CM2 are two of the five élémentaire
//! levels).

use crate::annex::mother_of;
use crate::erea::{EREA_TYPICAL_BASIS, EREA_TYPICAL_PUPILS};
use crate::ips::{IpsEntry, IpsTable};
use crate::record::{PupilSource, Record};
use crate::rep_flags::NationalColleges;
use crate::scope::Kind;
use std::collections::HashSet;

/// Share of élémentaire pupils in cycle 3 (CM1, CM2).
pub const CYCLE3_SHARE: f64 = 0.4;

/// The enrolment sources.
pub(crate) struct EnrolmentSources<'a> {
    pub colleges: &'a IpsTable,
    pub lycees: &'a IpsTable,
    pub ecoles: &'a IpsTable,
    pub national: Option<&'a NationalColleges>,
}

/// An enrolment estimated because no file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimatedPupils {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Pupils written.
    pub pupils: u32,
    /// How the value was obtained (French).
    pub basis: String,
}

/// Sets IPS and enrolment from the files.
pub(crate) fn fill(records: &mut [Record], sources: &EnrolmentSources<'_>) {
    for record in records {
        let entry: Option<IpsEntry> = match (record.section, record.kind) {
            (Some(_), _) | (None, Kind::Lycee | Kind::LyceePro) => sources.lycees.get(&record.uai),
            (None, Kind::College) => sources.colleges.get(&record.uai),
            (None, Kind::Erea) => sources.lycees.get(&record.uai).or_else(|| sources.colleges.get(&record.uai)),
            (None, Kind::Ecole) => sources.ecoles.get(&record.uai),
        };
        record.ips = entry.and_then(|e| e.ips);
        let ips_pupils = entry.and_then(|e| e.pupils).map(|p| (p, PupilSource::Ips));
        let annuaire = record.annuaire_pupils.map(|p| (p, PupilSource::Annuaire));
        let national = || {
            (record.kind == Kind::College && record.section.is_none())
                .then(|| sources.national?.get(&record.uai)?.pupils)
                .flatten()
                .map(|p| (p, PupilSource::NationalFile))
        };
        let found = if record.kind == Kind::Ecole && record.with_maternelle {
            ips_pupils.or(annuaire)
        } else if record.kind == Kind::Ecole {
            annuaire.or(ips_pupils)
        } else if record.section.is_some() {
            ips_pupils
        } else {
            ips_pupils.or_else(national).or(annuaire)
        };
        record.pupils = found.map(|(p, _)| p);
        record.pupils_source = found.map(|(_, s)| s);
    }
}

/// Gives every record without enrolment the median of its kind in the département (else, for
/// an EREA, the national order of magnitude of [`crate::erea`], else the median of all secondary
/// establishments, else 0), and returns the list.
pub(crate) fn estimate_missing(records: &mut [Record]) -> Vec<EstimatedPupils> {
    let known = |filter: &dyn Fn(&Record) -> bool| -> Option<u32> {
        let mut values: Vec<u32> =
            records.iter().filter(|r| r.pupils.is_some() && filter(r)).filter_map(|r| r.pupils).collect();
        median(&mut values)
    };
    let by_kind: Vec<(Kind, Option<u32>)> = Kind::ALL.iter().map(|&k| (k, known(&|r: &Record| r.kind == k))).collect();
    let secondary = known(&|r: &Record| r.kind != Kind::Ecole);
    let present: HashSet<String> = records.iter().map(|r| r.uai.clone()).collect();
    let mut estimates = Vec::new();
    for record in records.iter_mut().filter(|r| r.pupils.is_none()) {
        let of_kind = by_kind.iter().find(|(k, _)| *k == record.kind).and_then(|(_, m)| *m);
        let (pupils, basis) = match (of_kind, secondary) {
            (Some(m), _) => (m, format!("médiane des {} du département", plural(record.kind))),
            (None, _) if record.kind == Kind::Erea => (EREA_TYPICAL_PUPILS, EREA_TYPICAL_BASIS.to_string()),
            (None, Some(m)) if record.kind != Kind::Ecole => {
                (m, "médiane des établissements du second degré du département".to_string())
            }
            _ => (0, "aucun effectif connu dans le département".to_string()),
        };
        // An annex whose mother has an enrolment is not here: it was left out, counted with
        // its mother (crate::annex).
        let basis = match mother_of(record) {
            Some(mother) if present.contains(mother) => {
                format!("{basis} ; annexe de {mother}, dont l'effectif est estimé lui aussi")
            }
            Some(mother) => format!("{basis} ; rattaché à {mother} (établissement mère), absent de l'instance"),
            None => basis,
        };
        record.pupils = Some(pupils);
        record.pupils_source = Some(PupilSource::Estimated);
        estimates.push(EstimatedPupils {
            uai: record.uai.clone(),
            name: record.name.clone(),
            kind: record.kind,
            pupils,
            basis,
        });
    }
    estimates
}

/// Sets the cycle 3 pupils of every école (0.4 × pupils); returns how many were estimated.
pub(crate) fn estimate_cycle3(records: &mut [Record]) -> usize {
    let mut estimated = 0;
    for record in records.iter_mut().filter(|r| r.kind == Kind::Ecole && r.cycle3_pupils.is_none()) {
        let pupils = f64::from(record.pupils.unwrap_or(0));
        // pupils ≤ u32::MAX, so 0.4 × pupils fits.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let cycle3 = (pupils * CYCLE3_SHARE).round() as u32;
        record.cycle3_pupils = Some(cycle3);
        estimated += 1;
    }
    estimated
}

fn median(values: &mut [u32]) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        let sum = u64::from(values[n / 2 - 1]) + u64::from(values[n / 2]);
        u32::try_from(sum.div_ceil(2)).unwrap_or(u32::MAX)
    })
}

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::College => "collèges",
        Kind::Lycee => "lycées",
        Kind::LyceePro => "lycées professionnels",
        Kind::Erea => "EREA",
        Kind::Ecole => "écoles REP+",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::AnnuaireRow;

    fn record(uai: &str, kind: Kind, pupils: Option<u32>) -> Record {
        let row = AnnuaireRow { uai: uai.to_string(), ..AnnuaireRow::default() };
        let mut r = Record::from_row(&row, kind, None);
        r.pupils = pupils;
        r
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3, 1, 2]), Some(2));
        assert_eq!(median(&mut [4, 1, 2, 3]), Some(3));
    }

    #[test]
    fn missing_enrolment_gets_the_median_of_its_kind() {
        let mut records = vec![
            record("A", Kind::College, Some(400)),
            record("B", Kind::College, Some(600)),
            record("C", Kind::College, Some(500)),
            record("D", Kind::College, None),
            record("E", Kind::Erea, None),
        ];
        let estimates = estimate_missing(&mut records);
        assert_eq!(estimates.len(), 2);
        assert_eq!(records[3].pupils, Some(500));
        assert_eq!(records[4].pupils, Some(EREA_TYPICAL_PUPILS));
        assert!(estimates[1].basis.starts_with("ordre de grandeur national"), "{}", estimates[1].basis);
        assert!(!estimates[1].basis.contains("second degré"), "{}", estimates[1].basis);
    }

    #[test]
    fn an_erea_without_enrolment_takes_other_ereas_then_the_national_figure() {
        // The tester's 066: Joan Miro got the median of the collèges and lycées (627 pupils).
        let mut records = vec![
            record("A", Kind::College, Some(627)),
            record("B", Kind::Lycee, Some(900)),
            record("C", Kind::Erea, None),
        ];
        let estimates = estimate_missing(&mut records);
        assert_eq!(records[2].pupils, Some(118));
        assert!(estimates[0].basis.contains("9 058 élèves dans 77 EREA"), "{}", estimates[0].basis);
        let mut records = vec![record("D", Kind::Erea, Some(90)), record("E", Kind::Erea, None)];
        let estimates = estimate_missing(&mut records);
        assert_eq!(records[1].pupils, Some(90));
        assert_eq!(estimates[0].basis, "médiane des EREA du département");
    }

    #[test]
    fn a_primary_school_takes_the_elementary_count_of_the_ips_file() -> Result<(), crate::error::ImportError> {
        // 0660792C École primaire Léon Blum: 205 pupils in the annuaire with its maternelle, 111
        // élémentaire pupils in the IPS file of the écoles.
        let text = "uai;effectifs;ips\n0660792C;111.0;68.4\n0660300T;160.0;80.0\n";
        let ecoles = crate::ips::from_table(&crate::table::Table::from_text(text, b";")?, crate::ips::IpsFile::Ecoles)?;
        let ecole = |uai: &str, annuaire: u32, maternelle: bool| {
            let row = AnnuaireRow { uai: uai.to_string(), pupils: Some(annuaire), ..AnnuaireRow::default() };
            let mut r = Record::from_row(&row, Kind::Ecole, None);
            r.with_maternelle = maternelle;
            r
        };
        let mut records =
            vec![ecole("0660792C", 205, true), ecole("0660300T", 215, false), ecole("0340532U", 209, true)];
        let empty = IpsTable::default();
        fill(&mut records, &EnrolmentSources { colleges: &empty, lycees: &empty, ecoles: &ecoles, national: None });
        let got: Vec<(Option<u32>, Option<PupilSource>)> =
            records.iter().map(|r| (r.pupils, r.pupils_source)).collect();
        assert_eq!(
            got,
            vec![
                (Some(111), Some(PupilSource::Ips)),
                // An école élémentaire keeps the annuaire's more recent count.
                (Some(215), Some(PupilSource::Annuaire)),
                // A primary school absent from the IPS file keeps the annuaire's count.
                (Some(209), Some(PupilSource::Annuaire)),
            ]
        );
        estimate_cycle3(&mut records);
        assert_eq!(records[0].cycle3_pupils, Some(44));
        Ok(())
    }

    #[test]
    fn an_annex_left_with_an_estimate_says_whose_annex_it_is() {
        let annex = |uai: &str, mother: &str| {
            let row = AnnuaireRow { uai: uai.to_string(), mother: Some(mother.to_string()), ..AnnuaireRow::default() };
            Record::from_row(&row, Kind::College, None)
        };
        let mut records = vec![
            record("0340065L", Kind::College, None),
            annex("0340022P", "0340065L"),
            annex("0340066M", "0349999Z"),
            record("0340070S", Kind::College, Some(233)),
        ];
        let estimates = estimate_missing(&mut records);
        let basis: Vec<&str> = estimates.iter().map(|e| e.basis.as_str()).collect();
        assert_eq!(
            basis,
            vec![
                "médiane des collèges du département",
                "médiane des collèges du département ; annexe de 0340065L, dont l'effectif est estimé lui aussi",
                "médiane des collèges du département ; rattaché à 0349999Z (établissement mère), absent de l'instance",
            ]
        );
    }

    #[test]
    fn cycle3_is_forty_percent() {
        let mut records = vec![record("A", Kind::Ecole, Some(138)), record("B", Kind::College, Some(500))];
        assert_eq!(estimate_cycle3(&mut records), 1);
        assert_eq!(records[0].cycle3_pupils, Some(55));
        assert_eq!(records[1].cycle3_pupils, None);
    }
}
