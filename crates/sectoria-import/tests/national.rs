//! The national instance set built from the shared open-data folder: départements, collège
//! counts against an independent reading of the national file, every row counted, no
//! duplicate UAI, and the collèges of Haute-Garonne against the annuaire-based import.
//! Skipped (with a message) when the folder is absent.

use sectoria_import::{
    build_national, import, DropReason, ImportOptions, Kind, NationalFiles, NationalOptions, NationalSet, OutReason,
    SourceFiles, WHAT_COLLEGES, WHAT_COLLEGES_REP, WHAT_IPS_COLLEGES, WHAT_IPS_LYCEES,
};
use std::collections::{BTreeSet, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.join("colleges").is_dir() && dir.join("ips").is_dir() {
        Some(dir)
    } else {
        eprintln!("données réelles absentes ({}) : test du jeu national ignoré", dir.display());
        None
    }
}

fn national(dir: &Path, departements: Option<Vec<String>>) -> Result<NationalSet, Box<dyn Error>> {
    let options = NationalOptions { files: NationalFiles::from_data_dir(dir)?, pupils_per_fte: 1600.0, departements };
    Ok(build_national(&options)?)
}

/// The raw rows of a `;` file, as maps column → value.
fn raw_rows(path: &Path) -> Result<Vec<HashMap<String, String>>, Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_path(path)?;
    let headers: Vec<String> = reader.headers()?.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        rows.push(headers.iter().cloned().zip(record.iter().map(str::to_string)).collect());
    }
    Ok(rows)
}

fn field<'a>(row: &'a HashMap<String, String>, column: &str) -> &'a str {
    row.get(column).map_or("", String::as_str)
}

const OVERSEAS_COLLECTIVITIES: [&str; 6] = ["975", "977", "978", "986", "987", "988"];

#[test]
fn national_set_counts() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else { return Ok(()) };
    let set = national(&dir, None)?;
    let report = &set.report;
    println!("{report}");

    // Départements: 96 metropolitan + 5 overseas.
    assert_eq!(set.departements.len(), 101, "{:?}", set.departements.iter().map(|d| &d.code).collect::<Vec<_>>());
    let codes: BTreeSet<&str> = set.departements.iter().map(|d| d.code.as_str()).collect();
    for code in ["001", "02A", "02B", "031", "048", "095", "971", "976"] {
        assert!(codes.contains(code), "{code}");
    }

    // Every row of every file counted once.
    for file in &report.files {
        assert!(file.balances(), "{}: {} lues, {} retenues, {:?}", file.what, file.rows_read, file.used, file.dropped);
    }
    for what in [WHAT_COLLEGES, WHAT_IPS_LYCEES, WHAT_IPS_COLLEGES, WHAT_COLLEGES_REP] {
        assert!(report.file(what).is_some(), "{what}");
    }

    // Collèges ≈ open public Éducation nationale collèges of the 101 départements, read
    // independently from the raw file (the set may lose a few without any location).
    let raw = raw_rows(&dir.join("colleges/fr-en-adresse-et-geolocalisation-colleges-national.csv"))?;
    let expected = raw
        .iter()
        .filter(|r| {
            field(r, "secteur_public_prive_libe") == "Public"
                && field(r, "etat_etablissement_libe") == "OUVERT"
                && field(r, "libelle_ministere").contains("EDUCATION NATIONALE")
                && !OVERSEAS_COLLECTIVITIES.contains(&field(r, "code_departement"))
        })
        .count();
    let colleges: usize = set.departements.iter().map(|d| d.counts.college).sum();
    let no_location =
        report.file(WHAT_COLLEGES).map_or(0, |f| f.dropped_count(&DropReason::OutOfScope(OutReason::NoLocation)));
    // Session 49: annexes without enrolment are counted with their mother collège, as by import.
    let annexes = report
        .file(WHAT_COLLEGES)
        .map_or(0, |f| f.dropped_count(&DropReason::OutOfScope(OutReason::AnnexWithoutEnrolment)));
    println!(
        "collèges : {colleges} dans le jeu, {expected} attendus, {no_location} sans localisation, {annexes} annexes"
    );
    assert_eq!(colleges + no_location + annexes, expected);
    assert!(colleges * 100 >= expected * 99, "{colleges} / {expected}");

    // Lycées: the public rows of the IPS file (of the 101 départements).
    let raw = raw_rows(&dir.join("ips/fr-en-ips-lycees-ap2022.csv"))?;
    let public_lycees = raw.iter().filter(|r| field(r, "secteur") == "public").count();
    let lycees: usize = set.departements.iter().map(|d| d.counts.lycee + d.counts.lycee_pro).sum();
    assert!(lycees <= public_lycees && lycees * 100 >= public_lycees * 99, "{lycees} / {public_lycees}");
    let lp: usize = set.departements.iter().map(|d| d.counts.lycee_pro).sum();
    let raw_lp = raw.iter().filter(|r| field(r, "secteur") == "public" && field(r, "type_de_lycee") == "LP").count();
    assert_eq!(lp, raw_lp);

    // No UAI twice, within or across départements.
    let mut seen = BTreeSet::new();
    for d in &set.departements {
        for kind in Kind::ALL {
            for uai in d.uais(kind) {
                assert!(seen.insert(uai.clone()), "UAI en double : {uai} ({})", d.code);
            }
        }
        assert_eq!(d.establishments(), d.counts.total());
        assert!(d.total_fte > 0.0, "{}", d.code);
    }
    assert_eq!(seen.len(), report.in_scope.total());
    assert_eq!(report.in_scope.ecole + report.in_scope.erea, 0);
    Ok(())
}

/// UAI → kind of an `establishments.csv` text.
fn kinds(csv_text: &str) -> Result<HashMap<String, String>, Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(csv_text.as_bytes());
    let mut out = HashMap::new();
    for record in reader.records() {
        let record = record?;
        out.insert(
            record.get(0).unwrap_or("").trim_start_matches('\u{feff}').to_string(),
            record.get(2).unwrap_or("").to_string(),
        );
    }
    Ok(out)
}

#[test]
fn haute_garonne_against_the_annuaire_import() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else { return Ok(()) };
    if !dir.join("annuaire").is_dir() {
        eprintln!("annuaire absent : comparaison ignorée");
        return Ok(());
    }
    let set = national(&dir, Some(vec!["31".to_string()]))?;
    assert_eq!(set.departements.len(), 1);
    let national_031 = &set.departements[0];
    assert!(set.report.balances());

    let out = tempfile::tempdir()?;
    let options = ImportOptions {
        departement: "031".to_string(),
        files: SourceFiles::from_data_dir(&dir)?,
        include_private: false,
        pupils_per_fte: Some(1600.0),
        out_dir: out.path().to_path_buf(),
    };
    import(&options)?;
    let annuaire = kinds(&std::fs::read_to_string(out.path().join("establishments.csv"))?)?;
    let national = kinds(&national_031.establishments_csv)?;

    let set_of = |map: &HashMap<String, String>, kind: &str| -> BTreeSet<String> {
        map.iter().filter(|(_, k)| k.as_str() == kind).map(|(u, _)| u.clone()).collect()
    };
    let colleges_national = set_of(&national, "college");
    let colleges_annuaire = set_of(&annuaire, "college");
    let only_national: Vec<&String> = colleges_national.difference(&colleges_annuaire).collect();
    let only_annuaire: Vec<&String> = colleges_annuaire.difference(&colleges_national).collect();
    println!(
        "031 : {} collèges (national), {} (annuaire) ; seulement national : {only_national:?} ; seulement annuaire : \
         {only_annuaire:?}",
        colleges_national.len(),
        colleges_annuaire.len()
    );
    assert!(only_national.is_empty(), "collèges du jeu national absents de l'import 031 : {only_national:?}");

    // Lycées: every national lycée is an establishment of the annuaire import (a lycée of
    // the IPS file may be an LPO whose SEP the annuaire merges: same UAI, same kind family).
    let lycees_national: BTreeSet<String> =
        national.iter().filter(|(_, k)| k.starts_with("lycee")).map(|(u, _)| u.clone()).collect();
    let missing: Vec<&String> = lycees_national.iter().filter(|u| !annuaire.contains_key(*u)).collect();
    println!("031 : {} lycées (national), absents de l'annuaire : {missing:?}", lycees_national.len());
    let kind_differs: Vec<(&String, &String, &String)> = lycees_national
        .iter()
        .filter_map(|u| Some((u, national.get(u)?, annuaire.get(u)?)))
        .filter(|(_, a, b)| a != b)
        .collect();
    println!("031 : lycées de type différent (national, annuaire) : {kind_differs:?}");
    assert!(missing.len() <= 2, "{missing:?}");
    Ok(())
}
