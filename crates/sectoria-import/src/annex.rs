//! Geographic annexes. The annuaire lists the second site of a collège or lycée as its own
//! row (`type_rattachement_etablissement_mere` = « ANNEXE GEOGRAPHIQUE »), with the mother's
//! UAI in `etablissement_mere`. The annex is part of the mother's EPLE (the same SIREN): the
//! enrolment files count its pupils under the mother, and the annex has no line there.
//!
//! Such an annex without an enrolment of its own, whose mother is an establishment of the
//! instance with a known enrolment, is left out of scope with its reason
//! ([`crate::OutReason::AnnexWithoutEnrolment`]) and listed: its pupils are already the mother's,
//! and its worker is the mother's. Its flags (REP, REP+, SEGPA, ULIS, internat…) go to the
//! mother, as a merged section's do. Giving it the median enrolment instead would count
//! phantom pupils (about 570 per annex) in the need and the budget. An annex with its own
//! enrolment stays an establishment; one whose mother is absent or has no enrolment either
//! gets the median ([`crate::pupils::estimate_missing`]), named « annexe de … » in the report.

use crate::record::Record;
use crate::scope::Kind;
use std::collections::{HashMap, HashSet};

/// An annex left out, counted with its mother.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexLeftOut {
    /// UAI of the annex.
    pub uai: String,
    /// Name of the annex.
    pub name: String,
    /// Kind of the annex.
    pub kind: Kind,
    /// Commune of the annex.
    pub commune: String,
    /// UAI of the mother.
    pub mother: String,
    /// Name of the mother.
    pub mother_name: String,
}

impl std::fmt::Display for AnnexLeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {}, {}) : annexe de {} ({}), dont l'effectif inclut le sien",
            self.uai,
            self.kind.label(),
            self.name,
            self.commune,
            self.mother,
            self.mother_name
        )
    }
}

/// Whether `record` is an annex: a row attached to another establishment that is not a lycée
/// section (sections are merged by [`crate::merge`]).
pub(crate) fn mother_of(record: &Record) -> Option<&str> {
    match (&record.mother, record.section) {
        (Some(mother), None) if *mother != record.uai => Some(mother),
        _ => None,
    }
}

/// Takes out of `records` every annex without enrolment whose mother is a record with one,
/// ORing its flags into the mother; returns the annexes taken out.
pub(crate) fn fold_into_mothers(records: &mut Vec<Record>) -> Vec<AnnexLeftOut> {
    let index: HashMap<String, usize> = records.iter().enumerate().map(|(i, r)| (r.uai.clone(), i)).collect();
    let folds: Vec<(usize, usize)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.pupils.is_none())
        .filter_map(|(i, r)| Some((i, *index.get(mother_of(r)?)?)))
        .filter(|&(_, m)| records[m].pupils.is_some())
        .collect();
    let mut out = Vec::new();
    for (i, m) in folds {
        let annex = records[i].clone();
        records[m].absorb_flags(&annex);
        out.push(AnnexLeftOut {
            mother: records[m].uai.clone(),
            mother_name: records[m].name.clone(),
            uai: annex.uai,
            name: annex.name,
            kind: annex.kind,
            commune: annex.commune,
        });
    }
    let gone: HashSet<&str> = out.iter().map(|a| a.uai.as_str()).collect();
    records.retain(|r| !gone.contains(r.uai.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::AnnuaireRow;

    fn record(uai: &str, mother: Option<&str>, pupils: Option<u32>) -> Record {
        let row = AnnuaireRow {
            uai: uai.to_string(),
            name: format!("Collège {uai}"),
            mother: mother.map(str::to_string),
            segpa: Some(uai == "0340056B"),
            ..AnnuaireRow::default()
        };
        let mut r = Record::from_row(&row, Kind::College, None);
        r.pupils = pupils;
        r
    }

    #[test]
    fn an_annex_without_enrolment_is_counted_with_its_mother() {
        let mut records = vec![
            record("0340056B", Some("0340070S"), None),
            record("0340070S", None, Some(233)),
            // An annex with its own enrolment stays.
            record("0311232W", Some("0311112R"), Some(410)),
            record("0311112R", None, Some(600)),
            // Mother absent, or without enrolment: the annex stays (its enrolment is estimated).
            record("0340066M", Some("0340119V"), None),
            record("0340022P", Some("0340065L"), None),
            record("0340065L", None, None),
        ];
        let out = fold_into_mothers(&mut records);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].to_string(),
            "0340056B (Collège, Collège 0340056B, ) : annexe de 0340070S (Collège 0340070S), dont l'effectif inclut le sien"
        );
        let left: Vec<&str> = records.iter().map(|r| r.uai.as_str()).collect();
        assert_eq!(left, vec!["0340070S", "0311232W", "0311112R", "0340066M", "0340022P", "0340065L"]);
        // The mother keeps its enrolment and takes the annex's SEGPA.
        assert_eq!((records[0].pupils, records[0].segpa), (Some(233), Some(true)));
    }
}
