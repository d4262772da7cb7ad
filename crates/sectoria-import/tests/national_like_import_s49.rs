//! Session 49 (CLI findings 5 and 12): `sectoria national` and `sectoria import` apply the same
//! annex rule and write the same names. `national` counted 0480014E, the Florac collège's
//! « unité pédagogique de proximité », as a collège of 137 pupils (the département's median) where
//! `import` folds it into its mother: Lozère read 17 establishments and 2,4 ETP against 16 and
//! 2,3; Hérault's three annexes got 572 pupils each. And `national` wrote the IPS file's « LYCEE
//! PROFESSIONNEL EMILE PEYTAVIN LYCEE DES METIERS … » where `import` writes « Lycée professionnel
//! Emile Peytavin ». Skipped, with a message, when the shared data folder is absent.

use sectoria_import::{
    build_national, import, DropReason, ImportOptions, ImportReport, NationalFiles, NationalOptions, OutReason,
    SourceFiles, WHAT_COLLEGES,
};
use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.join("annuaire").is_dir() && dir.join("colleges").is_dir() {
        Some(dir)
    } else {
        eprintln!("données réelles absentes ({}) : test ignoré", dir.display());
        None
    }
}

/// UAI → name of an `establishments.csv` text.
fn names(csv: &str) -> BTreeMap<String, String> {
    csv.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(';');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect()
}

fn import_real(dir: &Path, departement: &str) -> Result<(ImportReport, String), Box<dyn Error>> {
    let out = tempfile::tempdir()?;
    let options = ImportOptions {
        departement: departement.to_string(),
        files: SourceFiles::from_data_dir(dir)?,
        include_private: false,
        pupils_per_fte: Some(1600.0),
        out_dir: out.path().to_path_buf(),
    };
    let report = import(&options)?;
    Ok((report, std::fs::read_to_string(out.path().join("establishments.csv"))?))
}

#[test]
fn national_folds_the_annexes_import_folds_and_names_lycees_alike() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else { return Ok(()) };
    let options = NationalOptions {
        files: NationalFiles::from_data_dir(&dir)?,
        pupils_per_fte: 1600.0,
        departements: Some(vec!["48,34".to_string()]),
    };
    let set = build_national(&options)?;
    let report = &set.report;
    assert!(report.balances(), "{report}");
    let mut folded: Vec<(&str, &str)> = report.annexes.iter().map(|a| (a.uai.as_str(), a.mother.as_str())).collect();
    folded.sort_unstable();
    assert_eq!(
        folded,
        [("0340022P", "0340065L"), ("0340056B", "0340070S"), ("0340066M", "0340119V"), ("0480014E", "0480003T")]
    );
    let colleges = report.file(WHAT_COLLEGES).ok_or("tally")?;
    assert_eq!(colleges.dropped_count(&DropReason::OutOfScope(OutReason::AnnexWithoutEnrolment)), 4);
    assert!(report.estimated_pupils.iter().all(|e| !folded.iter().any(|(a, _)| *a == e.uai)), "{report}");
    let text = report.to_string();
    assert!(
        text.contains(
            "Annexes sans effectif propre, comptées avec leur établissement mère (comme par sectoria import) : 4"
        ),
        "{text}"
    );

    // The same annexes as the import's, and Lozère's figures are the import's.
    for (code, departement) in [("034", "34"), ("048", "48")] {
        let (imported, csv) = import_real(&dir, departement)?;
        let national = set.departements.iter().find(|d| d.code == code).ok_or("département")?;
        let mut of_import: Vec<&str> = imported.annexes.iter().map(|a| a.uai.as_str()).collect();
        of_import.sort_unstable();
        let of_national: Vec<&str> = folded.iter().map(|a| a.0).filter(|u| u.starts_with(code)).collect();
        assert_eq!(of_import, of_national, "{code}");
        if code == "048" {
            assert_eq!((national.establishments(), imported.in_scope.total()), (16, 16));
            assert_eq!(national.pupils_served, imported.pupils_served);
            assert_eq!((national.total_fte, imported.total_fte), (2.3, Some(2.3)));
        }
        // Every lycée name reads like the annuaire's: none in capitals only, Peytavin the same.
        let (ours, theirs) = (names(&national.establishments_csv), names(&csv));
        for (uai, name) in &ours {
            assert!(name.chars().any(char::is_lowercase), "{uai} : {name}");
        }
        if code == "048" {
            let peytavin = "0480019K";
            assert_eq!(ours.get(peytavin), theirs.get(peytavin), "{ours:?}");
            assert_eq!(ours.get(peytavin).map(String::as_str), Some("Lycée professionnel Emile Peytavin"));
        }
    }
    Ok(())
}
