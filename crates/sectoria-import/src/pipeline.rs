//! The import itself: read the files, build the establishments, write the instance folder.

use crate::departement::Departement;
use crate::error::ImportError;
use crate::merge::{merge_duplicates, merge_sections, KeptSection, SectionMerge};
use crate::network::AttachMethod;
use crate::options::ImportOptions;
use crate::pupils::EnrolmentSources;
use crate::record::{PupilSource, Record};
use crate::report::{count_of, ImportReport, JoinCount, MissingJoin};
use crate::scope::{classify, Kind, OutReason, Scope};
use crate::table::Table;
use crate::{annex, annuaire, communes, density, ips, location, network, pupil_warnings, pupils, rep_flags, writer};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Imports one département: reads the open-data files named in `options`, writes
/// `establishments.csv`, `import_report.txt` and (with `pupils_per_fte`) `scenario.toml` into
/// `options.out_dir`, and returns the report.
pub fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let departement = Departement::parse(&options.departement)?;
    if let Some(ratio) = options.pupils_per_fte {
        if !(ratio.is_finite() && ratio > 0.0) {
            return Err(ImportError::InvalidOption {
                option: "--pupils-per-fte".to_string(),
                value: ratio.to_string(),
                hint: "Indiquez un nombre d'élèves par ETP strictement positif, par exemple \
                       1600."
                    .to_string(),
            });
        }
    }
    let files = &options.files;
    let annuaire = annuaire::read(&files.annuaire, &departement)?;
    let joins = Joins {
        ips_colleges: ips::read(&files.ips_colleges, ips::IpsFile::Colleges)?,
        ips_lycees: ips::read(&files.ips_lycees, ips::IpsFile::Lycees)?,
        ips_ecoles: ips::read(&files.ips_ecoles, ips::IpsFile::Ecoles)?,
        grid: density::read(&files.densite)?,
        centroids: communes::read(&files.communes)?,
        national: files.colleges_rep.as_deref().map(rep_flags::read).transpose()?,
    };
    let (mut report, records) = build(&departement, &annuaire, &joins, options.include_private);
    report.files = Some(files.clone());
    report.pupils_per_fte = options.pupils_per_fte;

    writer::create_dir(&options.out_dir)?;
    if records.is_empty() {
        // Nothing the planner could plan: the report says why, and no establishments.csv is
        // written.
        let path = options.out_dir.join(writer::REPORT_FILE);
        report.written.push(path.clone());
        writer::write_report(&options.out_dir, &report.to_string())?;
        return Err(ImportError::NothingInScope {
            departement: report.departement.clone(),
            reasons: report.out_of_scope_summary(),
            report: path,
        });
    }
    let establishments = writer::write_establishments(&options.out_dir, &records)?;
    report.written.push(establishments);
    if let Some(ratio) = options.pupils_per_fte {
        let fte = writer::total_fte(report.pupils_served, ratio);
        report.total_fte = Some(fte);
        let scenario = writer::write_scenario(&options.out_dir, report.pupils_served, ratio, fte)?;
        report.written.push(scenario);
    }
    report.written.push(options.out_dir.join(writer::REPORT_FILE));
    writer::write_report(&options.out_dir, &report.to_string())?;
    Ok(report)
}

/// Runs the import on the annuaire's bytes alone, in memory: no IPS, density, centroid or
/// national file, public establishments only, nothing read from or written to disk. Returns
/// the report [`import`] would give with empty join files. Meant for tests and fuzzing; errors
/// are those of the annuaire (separator, columns, field counts, CSV syntax, département).
pub fn import_annuaire_bytes(bytes: &[u8], departement: &str) -> Result<ImportReport, ImportError> {
    let departement = Departement::parse(departement)?;
    let table = Table::from_bytes(Path::new("annuaire.csv"), annuaire::WHAT, bytes.to_vec(), b";")?;
    let annuaire = annuaire::from_table(&table, &departement)?;
    Ok(build(&departement, &annuaire, &Joins::default(), false).0)
}

/// The files joined to the annuaire, read.
#[derive(Default)]
struct Joins {
    ips_colleges: ips::IpsTable,
    ips_lycees: ips::IpsTable,
    ips_ecoles: ips::IpsTable,
    grid: density::DensityGrid,
    centroids: communes::Centroids,
    national: Option<rep_flags::NationalColleges>,
}

/// The establishments of the département and the report (without files and outputs).
fn build(
    departement: &Departement,
    annuaire: &annuaire::Annuaire,
    joins: &Joins,
    include_private: bool,
) -> (ImportReport, Vec<Record>) {
    let mut report = ImportReport {
        departement: departement.code(),
        departement_name: annuaire.departement_name.clone(),
        include_private,
        rows_read: annuaire.rows_read,
        rows_other_departements: annuaire.rows_other_departements,
        rows_unknown_departement: annuaire.rows_unknown_departement,
        rows_in_departement: annuaire.rows.len(),
        warnings: annuaire.warnings.clone(),
        ..ImportReport::default()
    };

    let mut records = Vec::new();
    // Why each row left out was left out, by UAI: a section kept alone names its mother's.
    let mut left_out: HashMap<&str, OutReason> = HashMap::new();
    for row in &annuaire.rows {
        match classify(row, include_private) {
            Scope::Keep(kind) => records.push(Record::from_row(row, kind, None)),
            Scope::Section(section) => {
                records.push(Record::from_row(row, section.standalone_kind(), Some(section)));
            }
            Scope::Out(reason) => {
                if reason == OutReason::InvalidUai {
                    report.invalid_uais.push((row.line, row.uai.clone()));
                }
                left_out.insert(&row.uai, reason.clone());
                *report.out_of_scope.entry(reason).or_default() += 1;
            }
        }
    }
    let (mut records, duplicates) = merge_duplicates(records);
    report.duplicate_rows = duplicates;

    let sources = EnrolmentSources {
        colleges: &joins.ips_colleges,
        lycees: &joins.ips_lycees,
        ecoles: &joins.ips_ecoles,
        national: joins.national.as_ref(),
    };
    pupils::fill(&mut records, &sources);
    // A cité scolaire's part merged into another kind: its pupils from the file of its kind, for
    // the report's warning (they are counted nowhere in the instance).
    for d in report.duplicate_rows.iter_mut().filter(|d| d.merged_kind != d.kept_kind && d.merged_pupils.is_none()) {
        let table = match d.merged_kind {
            Kind::College => sources.colleges,
            Kind::Ecole => sources.ecoles,
            Kind::Lycee | Kind::LyceePro | Kind::Erea => sources.lycees,
        };
        d.merged_pupils = table.get(&d.uai).and_then(|e| e.pupils).map(|p| (p, PupilSource::Ips));
    }
    report.rep_flags = joins.national.as_ref().map(|n| rep_flags::apply(&mut records, n));

    let SectionMerge { records, merged, kept } = merge_sections(records);
    report.merged_sections = merged;
    report.kept_sections = kept;
    for section in &mut report.kept_sections {
        section.mother_left_out = section.mother.as_deref().and_then(|m| left_out.get(m)).cloned();
    }

    let located = location::locate(records, &joins.centroids);
    let mut records = located.records;
    report.location_fallbacks = located.fallbacks;
    report.warnings.extend(located.warnings);
    for record in &located.without_location {
        *report.out_of_scope.entry(OutReason::NoLocation).or_default() += 1;
        report.without_location.push(record.uai.clone());
    }

    for record in &mut records {
        record.density = record.commune_insee.as_deref().and_then(|c| joins.grid.level(c));
    }
    report.annexes = annex::fold_into_mothers(&mut records);
    *report.out_of_scope.entry(OutReason::AnnexWithoutEnrolment).or_default() += report.annexes.len();
    if let Some(join) = &mut report.rep_flags {
        // The national file lists the mother, not its annexes: no missing join for those.
        join.missing.retain(|m| report.annexes.iter().all(|a| a.uai != m.uai));
    }
    report.estimated_pupils = pupils::estimate_missing(&mut records);
    report.cycle3_estimated = pupils::estimate_cycle3(&mut records);
    let (attachments, unattached) = network::attach(&mut records);
    report.attachments = attachments;
    // The planner refuses an école without its network's head collège (E117): such an école is
    // left out here, counted with its reason, rather than written into an instance that cannot
    // be planned.
    records.retain(|r| !unattached.contains(&r.uai));
    *report.out_of_scope.entry(OutReason::EcoleWithoutNetworkHead).or_default() += unattached.len();
    report.out_of_scope.retain(|_, n| *n > 0);
    report.unattached_ecoles = unattached;

    summarize(&mut report, &records);
    warn(&mut report, &records);
    (report, records)
}

/// Counts per kind, joins, sources, networks and totals.
fn summarize(report: &mut ImportReport, records: &[Record]) {
    let missing = |r: &Record| MissingJoin { uai: r.uai.clone(), name: r.name.clone(), kind: r.kind };
    let mut ips_join = JoinCount::default();
    let mut density_join = JoinCount::default();
    for record in records {
        report.in_scope.add(record.kind);
        if record.ips.is_some() {
            ips_join.matched += 1;
        } else {
            ips_join.missing.push(missing(record));
        }
        if record.density.is_some() {
            density_join.matched += 1;
        } else {
            density_join.missing.push(missing(record));
        }
        if let Some(source) = record.pupils_source {
            *report.pupil_sources.entry(source).or_default() += 1;
        }
        if record.has_vocational_section && record.kind != Kind::LyceePro {
            report.vocational_mothers.push(record.uai.clone());
        }
        report.pupils_total += u64::from(record.pupils.unwrap_or(0));
        report.pupils_served += u64::from(record.served_pupils());
    }
    report.ips = ips_join;
    report.density = density_join;
    report.networks = records.iter().filter_map(|r| r.network.as_deref()).collect::<BTreeSet<_>>().len();
}

/// Remarks that need a human look.
fn warn(report: &mut ImportReport, records: &[Record]) {
    let mut warnings = Vec::new();
    if !report.ips.missing.is_empty() {
        warnings.push(format!(
            "{} sans IPS : le planificateur applique un facteur 1.",
            count_of(report.ips.missing.len(), "établissement", "établissements")
        ));
    }
    if !report.estimated_pupils.is_empty() {
        warnings.push(format!(
            "{} faute de données (liste dans « Effectifs ») : à vérifier.",
            count_of(report.estimated_pupils.len(), "effectif estimé", "effectifs estimés")
        ));
    }
    warnings.extend(pupil_warnings::warnings(records, &report.estimated_pupils));
    warnings.extend(report.kept_sections.iter().map(KeptSection::warning));
    if report.attachments.iter().any(|a| a.method == AttachMethod::NearestCollege) {
        warnings.push(
            "Aucun collège REP+ dans le département : les écoles REP+ sont rattachées au \
             collège le plus proche."
                .to_string(),
        );
    }
    warnings.extend(network::crowded_networks(&report.attachments));
    if !report.unattached_ecoles.is_empty() {
        warnings.push(format!(
            "{} sans collège de rattachement (aucun collège dans le département) : {} du \
             fichier establishments.csv, faute de collège tête de réseau pour les servir.",
            count_of(report.unattached_ecoles.len(), "école REP+", "écoles REP+"),
            if report.unattached_ecoles.len() > 1 { "écartées" } else { "écartée" }
        ));
    }
    if !report.without_location.is_empty() {
        warnings.push(format!(
            "{} faute de localisation : {}.",
            count_of(report.without_location.len(), "établissement écarté", "établissements écartés"),
            report.without_location.join(", ")
        ));
    }
    if let Some(join) = &report.rep_flags {
        if !join.flags_added.is_empty() {
            warnings.push(format!(
                "Le fichier national des collèges ajoute {} à l'annuaire (vérifiez leur \
                 actualité : le fichier date de 2021).",
                count_of(join.flags_added.len(), "drapeau", "drapeaux")
            ));
        }
    }
    if !report.rows_balance() {
        warnings.push("Le décompte des lignes ne tombe pas juste : merci de signaler ce fichier.".to_string());
    }
    report.warnings.extend(warnings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::SourceFiles;
    use std::path::Path;

    pub(super) const MIN: &str = "MINISTERE DE L'EDUCATION NATIONALE";

    fn write(dir: &Path, name: &str, text: &str) -> Result<std::path::PathBuf, std::io::Error> {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        Ok(path)
    }

    fn extract(dir: &Path, annuaire: &str) -> Result<ImportOptions, std::io::Error> {
        Ok(ImportOptions {
            departement: "66".to_string(),
            files: SourceFiles {
                annuaire: write(dir, "annuaire.csv", annuaire)?,
                ips_colleges: write(dir, "ipsc.csv", "uai;effectifs;ips\n0660001A;500.0;80.0\n")?,
                ips_lycees: write(
                    dir,
                    "ipsl.csv",
                    "uai;effectifs_ensemble_gt_pro;ips_ensemble_gt_pro\n0660002B;900.0;95.0\n",
                )?,
                ips_ecoles: write(dir, "ipse.csv", "uai;effectifs;ips\n0660004D;180.0;70.0\n")?,
                densite: write(dir, "grille.csv", "CODGEO;LIBGEO;DENS\n66136;Perpignan;1\n")?,
                communes: write(
                    dir,
                    "laposte.csv",
                    "Code_commune_INSEE;Code_postal;latitude;longitude\n66136;66000;42.69;2.88\n",
                )?,
                colleges_rep: None,
            },
            include_private: false,
            pupils_per_fte: Some(100.0),
            out_dir: dir.join("instance"),
        })
    }

    pub(super) fn annuaire_header() -> &'static str {
        "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;\
Statut_public_prive;Code_postal;Code_commune;Nom_commune;Code_departement;\
Appartenance_Education_Prioritaire;Nombre_d_eleves;Ecole_elementaire;Hebergement;latitude;\
longitude;etat;code_nature;etablissement_mere;ministere_tutelle"
    }

    fn annuaire_text() -> String {
        let header = annuaire_header();
        let rows = [
            "0660001A;Collège A;Collège;Public;66000;66136;Perpignan;066;REP+;;;0;42.70;2.89;OUVERT;340;",
            "0660002B;Lycée B;Lycée;Public;66000;66136;Perpignan;066;;;;0;42.71;2.90;OUVERT;306;",
            "0660003C;SEP B;Lycée;Public;66000;66136;Perpignan;066;;;;1;42.71;2.90;OUVERT;334;0660002B",
            "0660004D;École C;Ecole;Public;66 000;66136;Perpignan;066;REP+;200;1;;;;OUVERT;151;",
            "0660005E;Collège D;Collège;Privé;66000;66136;Perpignan;066;;;;0;42.7;2.9;OUVERT;340;",
            "0660006F;IME E;Médico-social;;66000;66136;Perpignan;066;;;;;42.7;2.9;OUVERT;240;",
            "0310001A;Collège T;Collège;Public;31000;31555;Toulouse;031;;;;0;43.6;1.4;OUVERT;340;",
        ];
        let mut text = format!("{header}\n");
        for row in rows {
            text.push_str(&format!("{row};{MIN}\n"));
        }
        text
    }

    #[test]
    fn imports_a_small_extract() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let options = extract(dir.path(), &annuaire_text())?;
        let report = import(&options)?;
        assert_eq!(report.rows_read, 7);
        assert_eq!(report.rows_other_departements, 1);
        assert_eq!(report.rows_in_departement, 6);
        assert_eq!((report.in_scope.college, report.in_scope.lycee, report.in_scope.ecole), (1, 1, 1));
        assert_eq!(report.merged_sections.len(), 1);
        assert_eq!(report.vocational_mothers, vec!["0660002B".to_string()]);
        assert_eq!(report.out_of_scope_count(&OutReason::Private), 1);
        assert_eq!(report.out_of_scope_count(&OutReason::OtherType("Médico-social".to_string())), 1);
        assert!(report.rows_balance());
        assert_eq!(report.location_fallbacks.len(), 1);
        assert_eq!(report.location_fallbacks[0].uai, "0660004D");
        assert_eq!(report.networks, 1);
        assert_eq!(report.ips.matched, 3);
        assert_eq!(report.pupils_served, 500 + 900 + 80);
        assert_eq!(report.total_fte, Some(14.8));
        let csv = std::fs::read_to_string(options.out_dir.join("establishments.csv"))?;
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[2].starts_with("0660002B;Lycée B;lycee;66136;Perpignan;"));
        assert!(lines[2].contains(";900;;95.0;1;0;0;1;"), "{}", lines[2]);
        assert!(lines[3].ends_with(";0;1;;;;;;0660001A;"), "{}", lines[3]);
        assert!(lines[3].contains(";42.690000;2.880000;200;80;70.0;1;"), "{}", lines[3]);
        let text = std::fs::read_to_string(options.out_dir.join("import_report.txt"))?;
        assert!(text.contains("0660003C (SEP) → 0660002B"), "{text}");
        Ok(())
    }

    /// An annuaire row of an open public REP+ école of the Pyrénées-Orientales.
    fn ecole_row(uai: &str, name: &str) -> String {
        format!("{uai};{name};Ecole;Public;66000;66136;Perpignan;066;REP+;200;1;;42.70;2.89;OUVERT;151;;{MIN}\n")
    }

    fn header_only() -> String {
        let text = annuaire_text();
        text.lines().next().map(|h| format!("{h}\n")).unwrap_or_default()
    }

    #[test]
    fn ecoles_without_any_college_fail_at_import_with_the_reason() -> Result<(), Box<dyn std::error::Error>> {
        // An extract of écoles only (issue #12): no head collège for the REP+ écoles, so
        // nothing the planner could plan.
        let dir = tempfile::tempdir()?;
        let text = header_only() + &ecole_row("0660004D", "École C") + &ecole_row("0660007G", "École G");
        let options = extract(dir.path(), &text)?;
        let err = import(&options).err().ok_or("the import must fail")?;
        assert!(matches!(err, ImportError::NothingInScope { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains("2 × école REP+ sans collège tête de réseau"), "{message}");
        assert!(message.contains("import_report.txt"), "{message}");
        assert!(!options.out_dir.join("establishments.csv").exists());
        let report = std::fs::read_to_string(options.out_dir.join("import_report.txt"))?;
        assert!(report.contains("0660004D : aucun collège dans le département"), "{report}");
        Ok(())
    }

    #[test]
    fn ecoles_without_a_college_are_left_out_and_counted() -> Result<(), Box<dyn std::error::Error>> {
        // A lycée and two REP+ écoles but no collège: the écoles are counted out, the lycée is
        // written, every row is accounted for.
        let dir = tempfile::tempdir()?;
        let lycee = annuaire_text().lines().nth(2).map(|l| format!("{l}\n")).ok_or("lycée row")?;
        let text = header_only() + &lycee + &ecole_row("0660004D", "École C") + &ecole_row("0660007G", "École G");
        let options = extract(dir.path(), &text)?;
        let report = import(&options)?;
        assert_eq!(report.out_of_scope_count(&OutReason::EcoleWithoutNetworkHead), 2);
        assert_eq!((report.in_scope.lycee, report.in_scope.ecole), (1, 0));
        assert!(report.rows_balance());
        let csv = std::fs::read_to_string(options.out_dir.join("establishments.csv"))?;
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(!csv.contains("0660004D"), "{csv}");
        let text = report.to_string();
        assert!(text.contains("école REP+ sans collège tête de réseau"), "{text}");
        Ok(())
    }

    #[test]
    fn annuaire_bytes_alone_in_memory() -> Result<(), Box<dyn std::error::Error>> {
        let report = import_annuaire_bytes(annuaire_text().as_bytes(), "66")?;
        assert_eq!((report.rows_read, report.rows_in_departement), (7, 6));
        assert_eq!((report.in_scope.college, report.in_scope.lycee, report.in_scope.ecole), (1, 1, 0));
        assert_eq!(report.ips.matched, 0);
        assert!(report.rows_balance());
        assert!(report.written.is_empty() && report.files.is_none());
        assert!(matches!(import_annuaire_bytes(b"a,b,c\n", "66"), Err(ImportError::WrongSeparator { .. })));
        Ok(())
    }

    #[test]
    fn malformed_annuaire_names_file_and_line() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut text = annuaire_text();
        text.push_str("0660009K;Collège tronqué;Collège\n");
        let options = extract(dir.path(), &text)?;
        let message = import(&options).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("annuaire.csv, ligne 9"), "{message}");
        assert!(message.contains("Statut_public_prive"), "{message}");
        Ok(())
    }

    #[test]
    fn unknown_departement_and_bad_budget() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut options = extract(dir.path(), &annuaire_text())?;
        options.departement = "971".to_string();
        assert!(matches!(import(&options), Err(ImportError::UnknownDepartement { .. })));
        options.departement = "066".to_string();
        options.pupils_per_fte = Some(0.0);
        assert!(matches!(import(&options), Err(ImportError::InvalidOption { .. })));
        Ok(())
    }

    #[test]
    fn wrong_separator_in_an_ips_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut options = extract(dir.path(), &annuaire_text())?;
        options.files.ips_colleges = write(dir.path(), "ipsc.csv", "uai,effectifs,ips\n")?;
        let message = import(&options).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("ipsc.csv, ligne 1"), "{message}");
        assert!(message.contains("« , »"), "{message}");
        Ok(())
    }
}

#[cfg(test)]
mod positions_and_uais {
    use super::*;

    /// The tester's 2A annuaire: a position with latitude and longitude swapped was written
    /// as is (then refused by `plan`, E116), and an invalid UAI was counted but not named.
    #[test]
    fn swapped_positions_are_swapped_back_and_invalid_uais_named() -> Result<(), ImportError> {
        let header = tests::annuaire_header();
        let rows = [
            "0660001A;Collège A;Collège;Public;66000;66136;Perpignan;066;;;;0;2.89;42.70;OUVERT;340;",
            "0660002B;Collège B;Collège;Public;66000;66136;Perpignan;066;;;;0;-40.0;-60.0;OUVERT;340;",
            "660XX1;Collège X;Collège;Public;66000;66136;Perpignan;066;;;;0;42.7;2.9;OUVERT;340;",
        ];
        let mut text = format!("{header}\n");
        for row in rows {
            text.push_str(&format!("{row};{}\n", tests::MIN));
        }
        let report = import_annuaire_bytes(text.as_bytes(), "66")?;
        let said = report.to_string();
        assert!(
            said.contains("UAI 0660001A (Collège A) : latitude et longitude inversées dans l'annuaire (2.89 ; 42.7)"),
            "{said}"
        );
        assert!(said.contains("UAI 0660002B (Collège B) : la position de l'annuaire (latitude -40 ; longitude -60) est hors de France"), "{said}");
        assert!(said.contains("UAI invalide, ligne 4 de l'annuaire : « 660XX1 »"), "{said}");
        assert_eq!(report.warnings.iter().filter(|w| w.starts_with("UAI 066")).count(), 2, "{said}");
        Ok(())
    }
}
