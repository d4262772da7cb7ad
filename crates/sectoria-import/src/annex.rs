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
//!
//! The national collèges' file has no `etablissement_mere`: there, an annex is known by its
//! official name (« Collège Pierre Delmas, unité pédagogique de proximité au collège les Trois
//! Vallées, Florac », « Collège Axel Kahn - site du Châtelet »), which names its mother. The
//! same rule applies to both commands ([`fold_into_mothers`]): the mother given by the annuaire,
//! or else the one the name designates ([`named_mother`]).

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
    /// The mother was recognised from the annex's name (the file does not give it).
    pub by_name: bool,
}

impl std::fmt::Display for AnnexLeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {}, {}) : annexe de {} ({}), dont l'effectif inclut le sien{}",
            self.uai,
            self.kind.label(),
            self.name,
            self.commune,
            self.mother,
            self.mother_name,
            if self.by_name {
                " (établissement mère reconnu au nom de l'annexe : le fichier ne le donne pas)"
            } else {
                ""
            }
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

/// Words of a name, for matching: upper case without accents, « ST » read « SAINT ».
fn words(text: &str) -> Vec<String> {
    crate::scope::upper_ascii(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "ST" => "SAINT".to_string(),
            "STE" => "SAINTE".to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// Words every name may have: they designate no establishment in particular.
const COMMON_WORDS: [&str; 25] = [
    "COLLEGE",
    "COLLEGES",
    "CLG",
    "LYCEE",
    "DE",
    "DU",
    "DES",
    "LA",
    "LE",
    "LES",
    "L",
    "D",
    "AU",
    "AUX",
    "ET",
    "EN",
    "SUR",
    "UNITE",
    "PEDAGOGIQUE",
    "PROXIMITE",
    "UPP",
    "ANNEXE",
    "SITE",
    "RESEAU",
    "A",
];

/// Whether a name says its establishment is the second site of another one: « unité
/// pédagogique de proximité », « UPP », « annexe », « site ».
fn names_an_annex(words: &[String]) -> bool {
    let has = |w: &str| words.iter().any(|x| x == w);
    has("UPP") || has("ANNEXE") || has("SITE") || (has("UNITE") && has("PEDAGOGIQUE"))
}

/// The mother that the name of `records[i]` designates, when that name says it is an annex
/// (« … unité pédagogique de proximité au collège St Pons de Thomières »): the record of the same
/// kind with an enrolment whose name and commune share the most words with it, not counting
/// [`COMMON_WORDS`] — at least two, and more than any other record.
fn named_mother(records: &[Record], i: usize) -> Option<usize> {
    let annex = &records[i];
    let own = words(&annex.name);
    if !names_an_annex(&own) {
        return None;
    }
    let distinctive: HashSet<String> = own.into_iter().filter(|w| !COMMON_WORDS.contains(&w.as_str())).collect();
    let mut scores: Vec<(usize, usize)> = records
        .iter()
        .enumerate()
        .filter(|&(m, r)| m != i && r.kind == annex.kind && r.pupils.is_some())
        .map(|(m, r)| {
            let theirs: HashSet<String> = words(&format!("{} {}", r.name, r.commune)).into_iter().collect();
            (distinctive.intersection(&theirs).count(), m)
        })
        .collect();
    scores.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    match scores.as_slice() {
        [(best, m), rest @ ..] if *best >= 2 && rest.first().is_none_or(|(next, _)| next < best) => Some(*m),
        _ => None,
    }
}

/// Takes out of `records` every annex without enrolment whose mother — given ([`mother_of`]),
/// or else designated by its name ([`named_mother`]) — is a record with one, ORing its flags
/// into the mother; returns the annexes taken out. `import` and `national` both apply it.
pub(crate) fn fold_into_mothers(records: &mut Vec<Record>) -> Vec<AnnexLeftOut> {
    let index: HashMap<String, usize> = records.iter().enumerate().map(|(i, r)| (r.uai.clone(), i)).collect();
    let folds: Vec<(usize, usize, bool)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.pupils.is_none())
        .filter_map(|(i, r)| match mother_of(r) {
            Some(mother) => Some((i, *index.get(mother)?, false)),
            None => Some((i, named_mother(records, i)?, true)),
        })
        .filter(|&(_, m, _)| records[m].pupils.is_some())
        .collect();
    let mut out = Vec::new();
    for (i, m, by_name) in folds {
        let annex = records[i].clone();
        records[m].absorb_flags(&annex);
        out.push(AnnexLeftOut {
            mother: records[m].uai.clone(),
            mother_name: records[m].name.clone(),
            uai: annex.uai,
            name: annex.name,
            kind: annex.kind,
            commune: annex.commune,
            by_name,
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

    /// 048 (session 49): the national collèges' file has no mother column; `national` counted
    /// 0480014E as a collège of 137 pupils where `import` folds it into 0480003T.
    #[test]
    fn without_a_mother_column_the_annex_s_name_designates_its_mother() {
        let named = |uai: &str, name: &str, commune: &str, pupils: Option<u32>| {
            let mut r = record(uai, None, pupils);
            r.name = name.to_string();
            r.commune = commune.to_string();
            r
        };
        let mut records = vec![
            named(
                "0480014E",
                "Collège Pierre Delmas,  unité pédagogique de proximité au collège les Trois Vallées, Florac",
                "Gorges du Tarn Causses",
                None,
            ),
            named("0480003T", "Collège des Trois Vallées", "Florac Trois Rivières", Some(230)),
            named("0480607Z", "Collège Henri Bourrillon", "Mende", Some(600)),
            // Two collèges Jean Jaurès: the commune decides.
            named(
                "0340022P",
                "Collège Basile Rouaix,  unité pédagogique de proximité collège Jean Jaurès Saint-Chinian",
                "Cessenon-sur-Orb",
                None,
            ),
            named("0340065L", "Collège Jean Jaurès", "Saint-Chinian", Some(300)),
            named("0340973Y", "Collège Jean Jaurès", "Mèze", Some(500)),
            // « St » for « Saint ».
            named(
                "0340056B",
                "Collège, unité pédagogique de proximité au collège St Pons de Thomières",
                "Olargues",
                None,
            ),
            named("0340070S", "Collège du Jaur", "Saint-Pons-de-Thomières", Some(233)),
            // An annex whose name designates no collège, and a new collège without enrolment: kept.
            named("9730452D", "Annexe Pierre Ardinet", "Régina", None),
            named("0342579U", "Collège de Juvignac", "Juvignac", None),
        ];
        let out = fold_into_mothers(&mut records);
        let folded: Vec<(&str, &str, bool)> =
            out.iter().map(|a| (a.uai.as_str(), a.mother.as_str(), a.by_name)).collect();
        assert_eq!(
            folded,
            [("0480014E", "0480003T", true), ("0340022P", "0340065L", true), ("0340056B", "0340070S", true)]
        );
        assert!(out[0].to_string().ends_with(
            "annexe de 0480003T (Collège des Trois Vallées), dont l'effectif inclut le sien (établissement mère reconnu \
             au nom de l'annexe : le fichier ne le donne pas)"
        ));
        assert!(records.iter().any(|r| r.uai == "9730452D") && records.iter().any(|r| r.uai == "0342579U"));
        assert_eq!(records.len(), 7);
    }
}
