//! The import itself: read the files, build the establishments, write the instance folder.

use crate::departement::Departement;
use crate::error::ImportError;
use crate::merge::{merge_duplicates, merge_sections, SectionMerge};
use crate::network::AttachMethod;
use crate::options::ImportOptions;
use crate::pupils::{EnrolmentSources, CYCLE3_SHARE};
use crate::record::Record;
use crate::report::{ImportReport, JoinCount, MissingJoin};
use crate::scope::{classify, Kind, OutReason, Scope};
use crate::{annuaire, communes, density, ips, location, network, pupils, rep_flags, writer};
use std::collections::BTreeSet;

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
    let ips_colleges = ips::read(&files.ips_colleges, ips::IpsFile::Colleges)?;
    let ips_lycees = ips::read(&files.ips_lycees, ips::IpsFile::Lycees)?;
    let ips_ecoles = ips::read(&files.ips_ecoles, ips::IpsFile::Ecoles)?;
    let grid = density::read(&files.densite)?;
    let centroids = communes::read(&files.communes)?;
    let national = files
        .colleges_rep
        .as_deref()
        .map(rep_flags::read)
        .transpose()?;

    let mut report = ImportReport {
        departement: departement.code(),
        departement_name: annuaire.departement_name.clone(),
        files: Some(files.clone()),
        include_private: options.include_private,
        rows_read: annuaire.rows_read,
        rows_other_departements: annuaire.rows_other_departements,
        rows_unknown_departement: annuaire.rows_unknown_departement,
        rows_in_departement: annuaire.rows.len(),
        pupils_per_fte: options.pupils_per_fte,
        warnings: annuaire.warnings.clone(),
        ..ImportReport::default()
    };

    let mut records = Vec::new();
    for row in &annuaire.rows {
        match classify(row, options.include_private) {
            Scope::Keep(kind) => records.push(Record::from_row(row, kind, None)),
            Scope::Section(section) => {
                records.push(Record::from_row(row, section.standalone_kind(), Some(section)));
            }
            Scope::Out(reason) => *report.out_of_scope.entry(reason).or_default() += 1,
        }
    }
    let (mut records, duplicates) = merge_duplicates(records);
    report.duplicate_rows = duplicates;

    let sources = EnrolmentSources {
        colleges: &ips_colleges,
        lycees: &ips_lycees,
        ecoles: &ips_ecoles,
        national: national.as_ref(),
    };
    pupils::fill(&mut records, &sources);
    report.rep_flags = national
        .as_ref()
        .map(|n| rep_flags::apply(&mut records, n));

    let SectionMerge {
        records,
        merged,
        kept,
    } = merge_sections(records);
    report.merged_sections = merged;
    report.kept_sections = kept;

    let located = location::locate(records, &centroids);
    let mut records = located.records;
    report.location_fallbacks = located.fallbacks;
    for record in &located.without_location {
        *report
            .out_of_scope
            .entry(OutReason::NoLocation)
            .or_default() += 1;
        report.without_location.push(record.uai.clone());
    }

    for record in &mut records {
        record.density = record.commune_insee.as_deref().and_then(|c| grid.level(c));
    }
    report.estimated_pupils = pupils::estimate_missing(&mut records);
    report.cycle3_estimated = pupils::estimate_cycle3(&mut records);
    let (attachments, unattached) = network::attach(&mut records);
    report.attachments = attachments;
    report.unattached_ecoles = unattached;

    summarize(&mut report, &records);
    warn(&mut report, &records);

    writer::create_dir(&options.out_dir)?;
    let establishments = writer::write_establishments(&options.out_dir, &records)?;
    report.written.push(establishments);
    if let Some(ratio) = options.pupils_per_fte {
        let fte = writer::total_fte(report.pupils_served, ratio);
        report.total_fte = Some(fte);
        let scenario = writer::write_scenario(&options.out_dir, report.pupils_served, ratio, fte)?;
        report.written.push(scenario);
    }
    report
        .written
        .push(options.out_dir.join(writer::REPORT_FILE));
    writer::write_report(&options.out_dir, &report.to_string())?;
    Ok(report)
}

/// Counts per kind, joins, sources, networks and totals.
fn summarize(report: &mut ImportReport, records: &[Record]) {
    let missing = |r: &Record| MissingJoin {
        uai: r.uai.clone(),
        name: r.name.clone(),
        kind: r.kind,
    };
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
    report.networks = records
        .iter()
        .filter_map(|r| r.network.as_deref())
        .collect::<BTreeSet<_>>()
        .len();
}

/// Remarks that need a human look.
fn warn(report: &mut ImportReport, records: &[Record]) {
    let mut warnings = Vec::new();
    if !report.ips.missing.is_empty() {
        warnings.push(format!(
            "{} établissements sans IPS : le planificateur leur applique un facteur 1.",
            report.ips.missing.len()
        ));
    }
    if !report.estimated_pupils.is_empty() {
        warnings.push(format!(
            "{} effectifs estimés faute de données (liste dans « Effectifs ») : vérifiez-les.",
            report.estimated_pupils.len()
        ));
    }
    for record in records
        .iter()
        .filter(|r| r.kind == Kind::Ecole && r.with_maternelle)
    {
        warnings.push(format!(
            "{} ({}) est une école primaire : son effectif inclut la maternelle, le cycle 3 \
             estimé ({} × élèves) est donc majoré.",
            record.uai,
            record.name,
            crate::report::fr_decimal(CYCLE3_SHARE, 1)
        ));
    }
    for kept in &report.kept_sections {
        warnings.push(format!(
            "Section {} ({}) conservée seule : lycée mère {} hors périmètre ou absent.",
            kept.uai,
            kept.section.label(),
            kept.mother.as_deref().unwrap_or("non renseigné")
        ));
    }
    if report
        .attachments
        .iter()
        .any(|a| a.method == AttachMethod::NearestCollege)
    {
        warnings.push(
            "Aucun collège REP+ dans le département : les écoles REP+ sont rattachées au \
             collège le plus proche."
                .to_string(),
        );
    }
    if !report.unattached_ecoles.is_empty() {
        warnings.push(format!(
            "{} écoles REP+ sans collège de rattachement (aucun collège dans le département).",
            report.unattached_ecoles.len()
        ));
    }
    if !report.without_location.is_empty() {
        warnings.push(format!(
            "{} établissements écartés faute de localisation : {}.",
            report.without_location.len(),
            report.without_location.join(", ")
        ));
    }
    if let Some(join) = &report.rep_flags {
        if !join.flags_added.is_empty() {
            warnings.push(format!(
                "Le fichier national des collèges ajoute {} drapeaux absents de l'annuaire \
                 (vérifiez leur actualité : le fichier date de 2021).",
                join.flags_added.len()
            ));
        }
    }
    if !report.rows_balance() {
        warnings.push(
            "Le décompte des lignes ne tombe pas juste : merci de signaler ce fichier."
                .to_string(),
        );
    }
    report.warnings.extend(warnings);
}
