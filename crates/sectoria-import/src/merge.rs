//! Rows that describe one establishment become one record:
//! - rows sharing a UAI (`multi_uai`, e.g. a cité scolaire's collège and lycée) are merged,
//!   keeping the kind of highest priority for the circulaire (collège, LP, lycée, EREA, école);
//! - lycée sections (SEP, SEGT) are merged into their mother lycée (`etablissement_mere`,
//!   followed through chains): pupils added, IPS pupil-weighted, flags OR-ed. A SEP gives the
//!   mother a vocational track, which the instance cannot express (an LPO stays `lycee`): the
//!   report lists it. A section whose mother is not in scope is kept as its own establishment
//!   (`lycee_pro` for a SEP, `lycee` for a SEGT).

use crate::pupils::EstimatedPupils;
use crate::record::{PupilSource, Record};
use crate::scope::{upper_ascii, Kind, OutReason, SectionKind};
use std::collections::{BTreeMap, HashMap};

/// An extra annuaire row with the UAI of another row, merged into it.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateRow {
    /// The shared UAI.
    pub uai: String,
    /// Line of the merged row in the annuaire.
    pub line: u64,
    /// Name on the merged row.
    pub name: String,
    /// Kind kept for the establishment.
    pub kept_kind: Kind,
    /// Kind of the merged row (a cité scolaire's lycée row merged into its collège: `Lycee`).
    pub merged_kind: Kind,
    /// Pupils of the merged row, and where they come from, when the annuaire gives them there
    /// and the kept row has its own: counted nowhere in the instance.
    pub merged_pupils: Option<(u32, PupilSource)>,
}

impl DuplicateRow {
    /// The report's warning when the merged row was another kind of establishment (a cité
    /// scolaire's lycée): its pupils are counted nowhere, and what to do. `estimated` are the
    /// import's estimated enrolments (the kept part's, when estimated, is named with its
    /// figure). `None` for a plain duplicate of the same kind.
    pub fn warning(&self, estimated: &[EstimatedPupils]) -> Option<String> {
        if self.merged_kind == self.kept_kind {
            return None;
        }
        let (kept, part) = (part_name(self.kept_kind), part_name(self.merged_kind));
        let kept_estimate = estimated.iter().find(|e| e.uai == self.uai);
        let kept_count =
            kept_estimate.map(|e| format!(" ({} élèves, une estimation : {})", e.pupils, e.basis)).unwrap_or_default();
        let (figure, total) = match (self.merged_pupils, kept_estimate) {
            (Some((p, source)), Some(e)) => (
                format!(" ({p} d'après {})", source_name(source, self.merged_kind)),
                format!(" : {} + {p} = {}", e.pupils, e.pupils + p),
            ),
            (Some((p, source)), None) => {
                (format!(" ({p} d'après {})", source_name(source, self.merged_kind)), format!(" : {p} de plus"))
            }
            (None, _) => (
                format!(
                    " (l'import ne les a pas repris ; cherchez {} dans {})",
                    self.uai,
                    source_name(PupilSource::Ips, self.merged_kind)
                ),
                String::new(),
            ),
        };
        Some(format!(
            "{} : l'annuaire décrit cet UAI en deux lignes, {kept} et {part} (ligne {}, {}) ; l'instance n'en garde \
             qu'un établissement, « {} », dont l'effectif ne compte que la partie {kept}{kept_count}. Les élèves \
             de la partie {part}{figure} ne sont comptés nulle part dans le plan : si le même assistant sert les \
             deux parties, corrigez « pupils » dans establishments.csv en y ajoutant ceux de la partie {part}{total}.",
            self.uai,
            self.line,
            self.name,
            self.kept_kind.code()
        ))
    }
}

/// The part of a cité scolaire a kind names (« collège », « lycée »…).
fn part_name(kind: Kind) -> &'static str {
    match kind {
        Kind::College => "collège",
        Kind::Lycee => "lycée",
        Kind::LyceePro => "lycée professionnel",
        Kind::Erea => "EREA",
        Kind::Ecole => "école",
    }
}

/// Where the pupils of a part of `kind` are read from, as the warning names it.
fn source_name(source: PupilSource, kind: Kind) -> &'static str {
    match (source, kind) {
        (PupilSource::Ips, Kind::College) => "le fichier IPS des collèges (colonne effectifs)",
        (PupilSource::Ips, Kind::Ecole) => "le fichier IPS des écoles (colonne effectifs)",
        (PupilSource::Ips, _) => "le fichier IPS des lycées (colonne effectifs_ensemble_gt_pro)",
        (PupilSource::Annuaire, _) => "l'annuaire (Nombre_d_eleves)",
        (PupilSource::NationalFile, _) => "le fichier national des collèges",
        (PupilSource::Estimated, _) => "une estimation",
    }
}

/// A lycée section merged into its mother lycée.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedSection {
    /// UAI of the section.
    pub uai: String,
    /// Name of the section.
    pub name: String,
    /// SEP or SEGT.
    pub section: SectionKind,
    /// UAI of the establishment it was merged into.
    pub mother: String,
    /// Pupils added to the mother (when the section had its own enrolment).
    pub pupils_added: Option<u32>,
}

/// A lycée section kept as its own establishment.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptSection {
    /// UAI of the section.
    pub uai: String,
    /// Name of the section.
    pub name: String,
    /// SEP or SEGT.
    pub section: SectionKind,
    /// The mother named by the annuaire, if any.
    pub mother: Option<String>,
    /// Why the mother was left out, when it is a row of the département left out (`None`: no
    /// mother named, or none in the département's rows).
    pub mother_left_out: Option<OutReason>,
}

impl KeptSection {
    /// Why the section stands alone, in French (« lycée mère 0340128E écarté : ministère de
    /// l'Agriculture »).
    pub fn mother_cause(&self) -> String {
        match (&self.mother, &self.mother_left_out) {
            (None, _) => "aucun lycée mère renseigné".to_string(),
            (Some(mother), None) => format!("lycée mère {mother} absent de l'annuaire du département"),
            (Some(mother), Some(OutReason::OtherMinistry(ministry))) => {
                format!("lycée mère {mother} écarté : {}", ministry_label(ministry))
            }
            (Some(mother), Some(reason)) => format!("lycée mère {mother} écarté : {reason}"),
        }
    }

    /// The report's warning: the cause, and what the analyst may do about it.
    pub fn warning(&self) -> String {
        let head = format!(
            "Section {} ({}, {}) conservée seule, comme {} : {}.",
            self.uai,
            self.section.label(),
            self.name,
            self.section.standalone_kind().label().to_lowercase(),
            self.mother_cause()
        );
        match &self.mother_left_out {
            Some(OutReason::OtherMinistry(_)) => format!(
                "{head} L'annuaire rattache la section elle-même à l'Éducation nationale (colonne \
                 ministere_tutelle), d'où sa présence ; si ses élèves relèvent du service social de \
                 l'autre ministère, supprimez sa ligne de establishments.csv."
            ),
            _ => head,
        }
    }
}

/// The ministry of `ministere_tutelle`, in plain French.
fn ministry_label(ministry: &str) -> String {
    let upper = upper_ascii(ministry);
    if upper.contains("AGRICULTURE") {
        "ministère de l'Agriculture".to_string()
    } else if upper == "MER" || upper.contains("MARITIME") {
        "ministère de la Mer".to_string()
    } else {
        format!("ministère de tutelle « {} »", ministry.trim())
    }
}

fn rank(record: &Record) -> (u8, u64) {
    let kind_rank = match (record.section, record.kind) {
        (Some(_), _) => 5,
        (None, Kind::College) => 0,
        (None, Kind::LyceePro) => 1,
        (None, Kind::Lycee) => 2,
        (None, Kind::Erea) => 3,
        (None, Kind::Ecole) => 4,
    };
    (kind_rank, record.line)
}

/// Merges rows sharing a UAI; the result is sorted by UAI.
pub(crate) fn merge_duplicates(records: Vec<Record>) -> (Vec<Record>, Vec<DuplicateRow>) {
    let mut groups: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for record in records {
        groups.entry(record.uai.clone()).or_default().push(record);
    }
    let mut merged = Vec::with_capacity(groups.len());
    let mut duplicates = Vec::new();
    for (_, mut group) in groups {
        group.sort_by_key(rank);
        let mut rest = group.into_iter();
        let Some(mut primary) = rest.next() else {
            continue;
        };
        for other in rest {
            primary.absorb_flags(&other);
            // The merged row's count stands for the kept one when that has none; else it is lost.
            let merged_pupils = primary.annuaire_pupils.and(other.annuaire_pupils).map(|p| (p, PupilSource::Annuaire));
            primary.annuaire_pupils = primary.annuaire_pupils.or(other.annuaire_pupils);
            primary.with_maternelle |= other.with_maternelle;
            duplicates.push(DuplicateRow {
                uai: other.uai.clone(),
                line: other.line,
                name: other.name.clone(),
                kept_kind: primary.kind,
                merged_kind: other.kind,
                merged_pupils,
            });
        }
        merged.push(primary);
    }
    (merged, duplicates)
}

/// Result of [`merge_sections`].
pub(crate) struct SectionMerge {
    pub records: Vec<Record>,
    pub merged: Vec<MergedSection>,
    pub kept: Vec<KeptSection>,
}

/// Merges every section into its mother when the mother is a record (records sorted by UAI
/// stay sorted).
pub(crate) fn merge_sections(mut records: Vec<Record>) -> SectionMerge {
    let index: HashMap<String, usize> = records.iter().enumerate().map(|(i, r)| (r.uai.clone(), i)).collect();
    let mut targets: Vec<Option<usize>> = vec![None; records.len()];
    for (i, record) in records.iter().enumerate() {
        if record.section.is_some() {
            targets[i] = resolve_mother(&records, &index, i);
        }
    }
    let mut merged = Vec::new();
    let mut kept = Vec::new();
    let mut absorbed = vec![false; records.len()];
    for i in 0..records.len() {
        let Some(section) = records[i].section else {
            continue;
        };
        match targets[i] {
            Some(target) => {
                let child = records[i].clone();
                absorb_section(&mut records[target], &child, section);
                absorbed[i] = true;
                merged.push(MergedSection {
                    uai: child.uai.clone(),
                    name: child.name.clone(),
                    section,
                    mother: records[target].uai.clone(),
                    pupils_added: child.pupils,
                });
            }
            None => {
                let record = &mut records[i];
                record.section = None;
                record.kind = section.standalone_kind();
                kept.push(KeptSection {
                    uai: record.uai.clone(),
                    name: record.name.clone(),
                    section,
                    mother: record.mother.clone(),
                    mother_left_out: None,
                });
            }
        }
    }
    let records = records.into_iter().zip(absorbed).filter_map(|(r, gone)| (!gone).then_some(r)).collect();
    SectionMerge { records, merged, kept }
}

/// Follows `etablissement_mere` links from a section to the first record that is not a
/// section; `None` when the chain leaves the records or loops.
fn resolve_mother(records: &[Record], index: &HashMap<String, usize>, start: usize) -> Option<usize> {
    let mut current = start;
    for _ in 0..records.len() {
        let mother = records[current].mother.as_deref()?;
        let next = *index.get(mother)?;
        if next == start {
            return None;
        }
        if records[next].section.is_none() {
            return Some(next);
        }
        current = next;
    }
    None
}

fn absorb_section(mother: &mut Record, section: &Record, kind: SectionKind) {
    mother.absorb_flags(section);
    if kind == SectionKind::Professional {
        mother.has_vocational_section = true;
    }
    mother.ips = match (mother.ips, mother.pupils, section.ips, section.pupils) {
        (Some(a), Some(pa), Some(b), Some(pb)) if pa + pb > 0 => {
            Some((a * f64::from(pa) + b * f64::from(pb)) / f64::from(pa + pb))
        }
        (None, _, b, _) => b,
        (a, _, _, _) => a,
    };
    match (mother.pupils, section.pupils) {
        (Some(a), Some(b)) => mother.pupils = Some(a + b),
        (None, Some(b)) => {
            mother.pupils = Some(b);
            mother.pupils_source = section.pupils_source.or(Some(PupilSource::Ips));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::AnnuaireRow;

    fn record(uai: &str, kind: Kind, section: Option<SectionKind>, mother: Option<&str>) -> Record {
        let row = AnnuaireRow { uai: uai.to_string(), mother: mother.map(str::to_string), ..AnnuaireRow::default() };
        Record::from_row(&row, kind, section)
    }

    #[test]
    fn sections_merge_into_mother_through_chains() {
        let mut lpo = record("0310001A", Kind::Lycee, None, None);
        lpo.pupils = Some(800);
        lpo.ips = Some(100.0);
        lpo.internat = Some(false);
        let mut sep = record("0310002B", Kind::LyceePro, Some(SectionKind::Professional), Some("0310001A"));
        sep.pupils = Some(200);
        sep.ips = Some(90.0);
        sep.internat = Some(true);
        let segt = record("0310003C", Kind::Lycee, Some(SectionKind::GeneralTechnological), Some("0310002B"));
        let orphan = record("0310004D", Kind::LyceePro, Some(SectionKind::Professional), Some("0319999Z"));
        let result = merge_sections(vec![lpo, sep, segt, orphan]);
        assert_eq!(result.records.len(), 2);
        let mother = &result.records[0];
        assert_eq!(mother.pupils, Some(1000));
        assert!((mother.ips.unwrap_or_default() - 98.0).abs() < 1e-9);
        assert_eq!(mother.internat, Some(true));
        assert!(mother.has_vocational_section);
        assert_eq!(result.merged.len(), 2);
        assert!(result.merged.iter().all(|m| m.mother == "0310001A"));
        assert_eq!(result.kept.len(), 1);
        assert_eq!(result.records[1].kind, Kind::LyceePro);
        assert_eq!(result.records[1].section, None);
    }

    #[test]
    fn a_section_kept_alone_names_why_its_mother_is_out() {
        // The tester's 034: the SEGT of the agricultural lycée Frédéric Bazille, whose mother is
        // under the ministry of agriculture.
        let mut kept = KeptSection {
            uai: "0341915X".to_string(),
            name: "Lycée général et technologique agricole Frédéric Bazille".to_string(),
            section: SectionKind::GeneralTechnological,
            mother: Some("0340128E".to_string()),
            mother_left_out: Some(OutReason::OtherMinistry("AGRICULTURE".to_string())),
        };
        assert_eq!(kept.mother_cause(), "lycée mère 0340128E écarté : ministère de l'Agriculture");
        let warning = kept.warning();
        assert!(
            warning.starts_with(
                "Section 0341915X (SEGT, Lycée général et technologique agricole Frédéric Bazille) \
                 conservée seule, comme lycée : lycée mère 0340128E écarté : ministère de l'Agriculture. \
                 L'annuaire rattache la section elle-même à l'Éducation nationale"
            ),
            "{warning}"
        );
        kept.mother_left_out = Some(OutReason::Closed);
        assert_eq!(kept.mother_cause(), "lycée mère 0340128E écarté : fermé (etat)");
        assert!(!kept.warning().contains("ministere_tutelle"));
        kept.mother_left_out = None;
        assert_eq!(kept.mother_cause(), "lycée mère 0340128E absent de l'annuaire du département");
        kept.mother = None;
        assert_eq!(kept.mother_cause(), "aucun lycée mère renseigné");
    }

    #[test]
    fn duplicate_uai_keeps_the_college() {
        let mut lycee = record("0340001A", Kind::Lycee, None, None);
        lycee.line = 2;
        lycee.internat = Some(true);
        let mut college = record("0340001A", Kind::College, None, None);
        college.line = 3;
        let other = record("0340002B", Kind::College, None, None);
        let (records, duplicates) = merge_duplicates(vec![other, lycee, college]);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].uai, "0340001A");
        assert_eq!(records[0].kind, Kind::College);
        assert_eq!(records[0].internat, Some(true));
        assert_eq!(duplicates.len(), 1);
        assert_eq!(duplicates[0].line, 2);
        assert_eq!(duplicates[0].merged_kind, Kind::Lycee);
    }

    /// The tester's 034 (s50, finding 7): the cité scolaire Françoise Combes, kept as its
    /// collège, whose lycée part's pupils were mentioned in one line and counted nowhere.
    #[test]
    fn a_cite_scolaire_says_its_other_part_is_not_counted_and_what_to_do() {
        let mut row = DuplicateRow {
            uai: "0342266D".to_string(),
            line: 1138,
            name: "Cité scolaire Françoise Combes (lycée)".to_string(),
            kept_kind: Kind::College,
            merged_kind: Kind::Lycee,
            merged_pupils: None,
        };
        let estimated = EstimatedPupils {
            uai: "0342266D".to_string(),
            name: "Cité scolaire Françoise Combes (collège)".to_string(),
            kind: Kind::College,
            pupils: 572,
            basis: "médiane des collèges du département".to_string(),
        };
        let warning = row.warning(std::slice::from_ref(&estimated)).unwrap_or_default();
        assert_eq!(
            warning,
            "0342266D : l'annuaire décrit cet UAI en deux lignes, collège et lycée (ligne 1138, Cité scolaire \
             Françoise Combes (lycée)) ; l'instance n'en garde qu'un établissement, « college », dont l'effectif ne \
             compte que la partie collège (572 élèves, une estimation : médiane des collèges du département). Les \
             élèves de la partie lycée (l'import ne les a pas repris ; cherchez 0342266D dans le fichier IPS des \
             lycées (colonne effectifs_ensemble_gt_pro)) ne sont comptés nulle part dans le plan : si le même \
             assistant sert les deux parties, corrigez « pupils » dans establishments.csv en y ajoutant ceux de la \
             partie lycée."
        );
        row.merged_pupils = Some((247, PupilSource::Ips));
        let warning = row.warning(&[estimated]).unwrap_or_default();
        assert!(warning.contains("partie lycée (247 d'après le fichier IPS des lycées"), "{warning}");
        assert!(warning.ends_with("ceux de la partie lycée : 572 + 247 = 819."), "{warning}");
        let warning = row.warning(&[]).unwrap_or_default();
        assert!(warning.contains("ne compte que la partie collège. Les élèves"), "{warning}");
        assert!(warning.ends_with("ceux de la partie lycée : 247 de plus."), "{warning}");
        // Two rows of the same kind lose nothing.
        row.merged_kind = Kind::College;
        assert_eq!(row.warning(&[]), None);
    }
}
