//! The import report: every count as a field (for scripts and tests) and the same content as
//! French text (`Display`, written to `import_report.txt`).

use crate::annex::AnnexLeftOut;
use crate::location::{FallbackSource, LocationFallback};
use crate::merge::{DuplicateRow, KeptSection, MergedSection};
use crate::network::NetworkAttachment;
use crate::options::SourceFiles;
use crate::pupils::{EstimatedPupils, CYCLE3_SHARE};
use crate::record::PupilSource;
use crate::rep_flags::RepFlagsJoin;
use crate::scope::{Kind, OutReason};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Establishments per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindCounts {
    /// Collèges.
    pub college: usize,
    /// Lycées (LEGT, LGT, LPO).
    pub lycee: usize,
    /// Lycées professionnels.
    pub lycee_pro: usize,
    /// EREA.
    pub erea: usize,
    /// REP+ écoles.
    pub ecole: usize,
}

impl KindCounts {
    /// The count of one kind.
    pub fn get(&self, kind: Kind) -> usize {
        match kind {
            Kind::College => self.college,
            Kind::Lycee => self.lycee,
            Kind::LyceePro => self.lycee_pro,
            Kind::Erea => self.erea,
            Kind::Ecole => self.ecole,
        }
    }

    /// All kinds together.
    pub fn total(&self) -> usize {
        Kind::ALL.iter().map(|&k| self.get(k)).sum()
    }

    pub(crate) fn add(&mut self, kind: Kind) {
        let slot = match kind {
            Kind::College => &mut self.college,
            Kind::Lycee => &mut self.lycee,
            Kind::LyceePro => &mut self.lycee_pro,
            Kind::Erea => &mut self.erea,
            Kind::Ecole => &mut self.ecole,
        };
        *slot += 1;
    }
}

/// An establishment that a join did not find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingJoin {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
}

impl fmt::Display for MissingJoin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, {})", self.uai, self.kind.label(), self.name)
    }
}

/// Matched and missing establishments of one join.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JoinCount {
    /// Establishments found in the joined file.
    pub matched: usize,
    /// Establishments not found (or without a value there).
    pub missing: Vec<MissingJoin>,
}

/// Everything the import did, counted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    /// Département, three characters (`031`).
    pub departement: String,
    /// Département name from the annuaire, when present.
    pub departement_name: Option<String>,
    /// Files read.
    pub files: Option<SourceFiles>,
    /// Private establishments were included.
    pub include_private: bool,
    /// Data rows in the annuaire file.
    pub rows_read: usize,
    /// Rows of other départements.
    pub rows_other_departements: usize,
    /// Rows whose département could not be determined.
    pub rows_unknown_departement: usize,
    /// Rows of the département.
    pub rows_in_departement: usize,
    /// Establishments written, per kind.
    pub in_scope: KindCounts,
    /// Rows of the département left out, per reason.
    pub out_of_scope: BTreeMap<OutReason, usize>,
    /// Extra rows sharing the UAI of another row, merged into it.
    pub duplicate_rows: Vec<DuplicateRow>,
    /// Lycée sections merged into their mother.
    pub merged_sections: Vec<MergedSection>,
    /// Lycée sections kept as their own establishment (mother not in scope).
    pub kept_sections: Vec<KeptSection>,
    /// UAIs of establishments of kind `lycee` that received a SEP (vocational track).
    pub vocational_mothers: Vec<String>,
    /// IPS join (all establishments written).
    pub ips: JoinCount,
    /// Density join (commune → grille de densité).
    pub density: JoinCount,
    /// National collège file join (`None` when the file was not given).
    pub rep_flags: Option<RepFlagsJoin>,
    /// Establishments per enrolment source.
    pub pupil_sources: BTreeMap<PupilSource, usize>,
    /// Enrolments estimated (no file gives them).
    pub estimated_pupils: Vec<EstimatedPupils>,
    /// Écoles whose cycle 3 pupils were estimated (0.4 × pupils).
    pub cycle3_estimated: usize,
    /// Establishments placed at a commune centroid.
    pub location_fallbacks: Vec<LocationFallback>,
    /// Geographic annexes without their own enrolment, left out: counted with their mother
    /// (in `out_of_scope`).
    pub annexes: Vec<AnnexLeftOut>,
    /// UAIs left out for lack of any location.
    pub without_location: Vec<String>,
    /// The annuaire rows left out for an invalid UAI: line in the annuaire and value.
    pub invalid_uais: Vec<(u64, String)>,
    /// REP+ écoles attached to their head collège.
    pub attachments: Vec<NetworkAttachment>,
    /// REP+ écoles without a network head (no collège in the département): left out of
    /// `establishments.csv` and counted in `out_of_scope`.
    pub unattached_ecoles: Vec<String>,
    /// Distinct head collèges of the REP+ écoles.
    pub networks: usize,
    /// Sum of `pupils`.
    pub pupils_total: u64,
    /// Pupils the service counts on (cycle 3 for écoles).
    pub pupils_served: u64,
    /// The budget hint, when given.
    pub pupils_per_fte: Option<f64>,
    /// `budget.total_fte` written to `scenario.toml`, when asked.
    pub total_fte: Option<f64>,
    /// Remarks that need a look.
    pub warnings: Vec<String>,
    /// Files written.
    pub written: Vec<PathBuf>,
}

impl ImportReport {
    /// Rows of the département left out.
    pub fn out_of_scope_total(&self) -> usize {
        self.out_of_scope.values().sum()
    }

    /// Rows left out for one reason.
    pub fn out_of_scope_count(&self, reason: &OutReason) -> usize {
        self.out_of_scope.get(reason).copied().unwrap_or(0)
    }

    /// The reasons rows were left out, with their counts, most frequent first
    /// (« 11 × école REP+ sans collège tête de réseau…, 3 × privé »).
    pub fn out_of_scope_summary(&self) -> String {
        let mut reasons: Vec<(&OutReason, &usize)> = self.out_of_scope.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1));
        let parts: Vec<String> = reasons.iter().map(|(reason, n)| format!("{n} × {reason}")).collect();
        if parts.is_empty() {
            "aucune ligne du département dans l'annuaire".to_string()
        } else {
            parts.join(", ")
        }
    }

    /// The warnings of the import, then those the report derives from its counts: the part of
    /// a cité scolaire merged into another kind, whose pupils are counted nowhere
    /// ([`DuplicateRow::warning`]).
    pub fn all_warnings(&self) -> Vec<String> {
        let parts = self.duplicate_rows.iter().filter_map(|d| d.warning(&self.estimated_pupils));
        self.warnings.iter().cloned().chain(parts).collect()
    }

    /// Every row of the département is counted exactly once: written, merged (section or
    /// duplicate UAI) or out of scope. True when the counts add up.
    pub fn rows_balance(&self) -> bool {
        self.in_scope.total() + self.merged_sections.len() + self.duplicate_rows.len() + self.out_of_scope_total()
            == self.rows_in_departement
    }
}

/// `n` followed by the singular or plural noun (French: 0 and 1 take the singular).
pub(crate) fn count_of(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n <= 1 { singular } else { plural })
}

/// A number with a French decimal comma (`1.5` → `1,5`).
pub(crate) fn fr_decimal(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}").replace('.', ",")
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header(f)?;
        self.fmt_scope(f)?;
        self.fmt_merges(f)?;
        self.fmt_joins(f)?;
        self.fmt_pupils(f)?;
        self.fmt_locations(f)?;
        self.fmt_networks(f)?;
        self.fmt_budget(f)?;
        self.fmt_warnings(f)
    }
}

impl ImportReport {
    fn fmt_header(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.departement_name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
        writeln!(f, "Import sectoria — département {}{name}", self.departement)?;
        writeln!(f)?;
        if let Some(files) = &self.files {
            writeln!(f, "Fichiers lus")?;
            writeln!(f, "  annuaire        : {}", files.annuaire.display())?;
            writeln!(f, "  IPS collèges    : {}", files.ips_colleges.display())?;
            writeln!(f, "  IPS lycées      : {}", files.ips_lycees.display())?;
            writeln!(f, "  IPS écoles      : {}", files.ips_ecoles.display())?;
            writeln!(f, "  densité         : {}", files.densite.display())?;
            writeln!(f, "  communes        : {}", files.communes.display())?;
            let rep = files.colleges_rep.as_ref().map_or("(non fourni)".to_string(), |p| p.display().to_string());
            writeln!(f, "  collèges REP    : {rep}")?;
            writeln!(f)?;
        }
        writeln!(
            f,
            "Lignes lues dans l'annuaire : {} (département {} : {}, autres départements : {}, \
             département indéterminé : {})",
            self.rows_read,
            self.departement,
            self.rows_in_departement,
            self.rows_other_departements,
            self.rows_unknown_departement
        )
    }

    fn fmt_scope(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        let public = if self.include_private { "publics et privés" } else { "publics" };
        writeln!(
            f,
            "Dans le périmètre ({public}) : {}",
            count_of(self.in_scope.total(), "établissement", "établissements")
        )?;
        for kind in Kind::ALL {
            writeln!(f, "  {:<20} : {}", kind.label(), self.in_scope.get(kind))?;
        }
        writeln!(f, "Hors périmètre : {}", count_of(self.out_of_scope_total(), "ligne", "lignes"))?;
        for (reason, count) in &self.out_of_scope {
            writeln!(f, "  {reason} : {count}")?;
        }
        for uai in &self.without_location {
            writeln!(f, "    sans localisation : {uai}")?;
        }
        for annex in &self.annexes {
            writeln!(f, "    {annex}")?;
        }
        for (line, value) in &self.invalid_uais {
            writeln!(
                f,
                "    UAI invalide, ligne {line} de l'annuaire : « {value} » (attendu : 7 chiffres et une lettre)"
            )?;
        }
        writeln!(
            f,
            "Contrôle : {} lignes du département = {} dans le périmètre + {} sections fusionnées \
             + {} doublons d'UAI fusionnés + {} hors périmètre{}",
            self.rows_in_departement,
            self.in_scope.total(),
            self.merged_sections.len(),
            self.duplicate_rows.len(),
            self.out_of_scope_total(),
            if self.rows_balance() { "" } else { " — ÉCART, à signaler" }
        )
    }

    fn fmt_merges(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        writeln!(f, "Sections de lycée fusionnées dans leur lycée mère : {}", self.merged_sections.len())?;
        for m in &self.merged_sections {
            let added = m.pupils_added.map(|p| format!(", {p} élèves ajoutés")).unwrap_or_default();
            writeln!(f, "  {} ({}) → {}{added}", m.uai, m.section.label(), m.mother)?;
        }
        if !self.vocational_mothers.is_empty() {
            writeln!(
                f,
                "  Lycées ayant une voie professionnelle par leur SEP (restent « lycee », sans \
                 bonus lycée professionnel) : {}",
                self.vocational_mothers.join(", ")
            )?;
        }
        if !self.kept_sections.is_empty() {
            writeln!(
                f,
                "Sections conservées comme établissements (lycée mère hors périmètre ou \
                 absent) : {}",
                self.kept_sections.len()
            )?;
            for k in &self.kept_sections {
                let kind = k.section.standalone_kind().code();
                writeln!(f, "  {} ({}) → {kind} : {}", k.uai, k.section.label(), k.mother_cause())?;
            }
        }
        if !self.duplicate_rows.is_empty() {
            writeln!(f, "Lignes de même UAI fusionnées : {}", self.duplicate_rows.len())?;
            for d in &self.duplicate_rows {
                let lost = if d.merged_kind == d.kept_kind {
                    ""
                } else {
                    " ; ses élèves ne sont pas comptés (voir les avertissements)"
                };
                writeln!(f, "  {} ligne {} ({}) → conservé comme {}{lost}", d.uai, d.line, d.name, d.kept_kind.code())?;
            }
        }
        Ok(())
    }

    fn fmt_joins(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        writeln!(f, "Jointures")?;
        fmt_join(f, "IPS (par UAI)", &self.ips)?;
        fmt_join(f, "Densité (commune → grille INSEE)", &self.density)?;
        match &self.rep_flags {
            None => writeln!(
                f,
                "  Fichier national des collèges (REP/REP+) : non fourni, drapeaux de \
                 l'annuaire seuls"
            )?,
            Some(join) => {
                writeln!(
                    f,
                    "  Fichier national des collèges (REP/REP+, SEGPA, ULIS) : {} trouvés, {} \
                     manquants",
                    join.matched,
                    join.missing.len()
                )?;
                for m in &join.missing {
                    writeln!(f, "    manquant : {m}")?;
                }
                for uai in &join.both_flags {
                    writeln!(f, "    {uai} : marqué REP et REP+ → REP+")?;
                }
                for change in &join.flags_added {
                    writeln!(f, "    {} : {} ajouté par le fichier national", change.uai, change.flag)?;
                }
            }
        }
        Ok(())
    }

    fn fmt_pupils(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        writeln!(f, "Effectifs")?;
        for (source, count) in &self.pupil_sources {
            writeln!(f, "  {} : {count}", source.label())?;
        }
        for e in &self.estimated_pupils {
            writeln!(
                f,
                "    {} ({}, {}) : {} élèves, {} — corrigez « pupils » dans \
                 establishments.csv si vous connaissez l'effectif",
                e.uai,
                e.kind.label(),
                e.name,
                e.pupils,
                e.basis
            )?;
        }
        writeln!(
            f,
            "  Élèves de cycle 3 estimés ({} × élèves d'élémentaire de l'école) : {}",
            fr_decimal(CYCLE3_SHARE, 1),
            count_of(self.cycle3_estimated, "école", "écoles")
        )?;
        writeln!(
            f,
            "  Total : {} élèves, dont {} comptés pour le service (cycle 3 pour les écoles)",
            self.pupils_total, self.pupils_served
        )
    }

    fn fmt_locations(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        writeln!(
            f,
            "Localisation : {} au centroïde de leur commune (La Poste)",
            count_of(self.location_fallbacks.len(), "établissement placé", "établissements placés")
        )?;
        for l in &self.location_fallbacks {
            let by = match l.source {
                FallbackSource::Commune => "commune INSEE",
                FallbackSource::PostalCode => "code postal",
            };
            writeln!(f, "  {} ({}) : {by} {} {}", l.uai, l.name, l.code, l.commune)?;
        }
        Ok(())
    }

    fn fmt_networks(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        writeln!(
            f,
            "Écoles REP+ rattachées à un collège tête de réseau : {} (réseaux : {})",
            self.attachments.len(),
            self.networks
        )?;
        for a in &self.attachments {
            writeln!(
                f,
                "  {} → {} ({}) : {}, le plus proche parmi {}, {} km",
                a.ecole,
                a.college,
                a.college_name,
                a.method,
                a.candidates,
                fr_decimal(a.distance_km, 1)
            )?;
        }
        for uai in &self.unattached_ecoles {
            writeln!(f, "  {uai} : aucun collège dans le département, non rattachée (écartée)")?;
        }
        Ok(())
    }

    fn fmt_budget(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(ratio), Some(fte)) = (self.pupils_per_fte, self.total_fte) {
            writeln!(f)?;
            let estimate = match crate::writer::dropped_part(self.pupils_served, ratio, " dans scenario.toml") {
                Some(dropped) => dropped,
                None => format!("{} ETP (scenario.toml)", fr_decimal(fte, 1)),
            };
            writeln!(
                f,
                "Budget : {} élèves / {} élèves par ETP = {estimate}",
                self.pupils_served,
                fr_decimal(ratio, if ratio.fract() == 0.0 { 0 } else { 1 }),
            )?;
        }
        Ok(())
    }

    fn fmt_warnings(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        let warnings = self.all_warnings();
        writeln!(f, "Avertissements : {}", warnings.len())?;
        for w in &warnings {
            writeln!(f, "  - {w}")?;
        }
        if !self.written.is_empty() {
            writeln!(f)?;
            writeln!(f, "Fichiers écrits")?;
            for path in &self.written {
                writeln!(f, "  {}", path.display())?;
            }
        }
        Ok(())
    }
}

fn fmt_join(f: &mut fmt::Formatter<'_>, title: &str, join: &JoinCount) -> fmt::Result {
    writeln!(f, "  {title} : {} trouvés, {} manquants", join.matched, join.missing.len())?;
    for m in &join.missing {
        writeln!(f, "    manquant : {m}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_and_text() {
        let mut report =
            ImportReport { departement: "048".to_string(), rows_in_departement: 4, ..ImportReport::default() };
        report.in_scope.add(Kind::College);
        report.in_scope.add(Kind::Ecole);
        report.out_of_scope.insert(OutReason::Private, 2);
        assert!(report.rows_balance());
        let text = report.to_string();
        assert!(text.contains("département 048"), "{text}");
        assert!(text.contains("privé : 2"), "{text}");
        assert!(!text.contains("ÉCART"), "{text}");
        report.rows_in_departement = 5;
        assert!(report.to_string().contains("ÉCART"));
    }

    #[test]
    fn the_budget_line_says_the_estimate_then_what_scenario_toml_has() {
        let report = |pupils| ImportReport {
            pupils_served: pupils,
            pupils_per_fte: Some(1600.0),
            total_fte: Some(crate::writer::total_fte(pupils, 1600.0)),
            ..ImportReport::default()
        };
        let text = report(32_160).to_string();
        assert!(
            text.contains("Budget : 32160 élèves / 1600 élèves par ETP = 20,1 ETP, ramené à 20 ETP dans scenario.toml : une part de 0,1 ETP"),
            "{text}"
        );
        let text = report(32_320).to_string();
        assert!(text.contains("= 20,2 ETP (scenario.toml)"), "{text}");
    }

    #[test]
    fn french_decimals() {
        assert_eq!(fr_decimal(1.26, 1), "1,3");
        assert_eq!(fr_decimal(3.0, 0), "3");
    }
}
