//! Imports the five real départements of the shared open-data folder and checks the counts
//! against an independent reading of the raw annuaire. Skipped (with a message) when the
//! folder is absent.

use sectoria_import::{import, ImportOptions, ImportReport, Kind, OutReason, SourceFiles, ESTABLISHMENTS_HEADER};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};

const DEPARTEMENTS: [&str; 5] = ["012", "031", "034", "048", "066"];

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.join("annuaire").is_dir() {
        Some(dir)
    } else {
        eprintln!("données réelles absentes ({}) : test ignoré", dir.display());
        None
    }
}

/// The raw annuaire rows of one département, as maps column → value.
fn raw_rows(annuaire: &Path, departement: &str) -> Result<Vec<HashMap<String, String>>, Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_path(annuaire)?;
    let headers: Vec<String> = reader.headers()?.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let row: HashMap<String, String> = headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        if row.get("Code_departement").map(String::as_str) == Some(departement) {
            rows.push(row);
        }
    }
    Ok(rows)
}

fn field<'a>(row: &'a HashMap<String, String>, column: &str) -> &'a str {
    row.get(column).map_or("", String::as_str)
}

/// Open public establishments of the Éducation nationale.
fn open_public_en(row: &HashMap<String, String>) -> bool {
    field(row, "Statut_public_prive") == "Public"
        && field(row, "etat") == "OUVERT"
        && field(row, "ministere_tutelle").contains("EDUCATION NATIONALE")
}

struct Expected {
    colleges: usize,
    erea: usize,
    rep_plus_ecoles: usize,
    merged_sections: usize,
    private_relevant: usize,
}

/// Counts computed from the raw annuaire, independently of the crate.
fn expected(rows: &[HashMap<String, String>]) -> Expected {
    let distinct = |filter: &dyn Fn(&HashMap<String, String>) -> bool| {
        rows.iter()
            .filter(|r| filter(r))
            .map(|r| field(r, "Identifiant_de_l_etablissement"))
            .collect::<BTreeSet<_>>()
            .len()
    };
    let colleges = distinct(&|r| field(r, "Type_etablissement") == "Collège" && open_public_en(r));
    let erea = distinct(&|r| field(r, "Type_etablissement") == "EREA" && open_public_en(r));
    let rep_plus_ecoles = distinct(&|r| {
        field(r, "Type_etablissement") == "Ecole"
            && open_public_en(r)
            && field(r, "Appartenance_Education_Prioritaire") == "REP+"
            && field(r, "Ecole_elementaire") == "1"
    });
    let is_section = |r: &HashMap<String, String>| matches!(field(r, "code_nature"), "334" | "335");
    let mothers: BTreeSet<&str> = rows
        .iter()
        .filter(|r| {
            matches!(field(r, "Type_etablissement"), "Lycée" | "Collège" | "EREA")
                && open_public_en(r)
                && !is_section(r)
                && field(r, "code_nature") != "400"
        })
        .map(|r| field(r, "Identifiant_de_l_etablissement"))
        .collect();
    let merged_sections = rows
        .iter()
        .filter(|r| is_section(r) && open_public_en(r) && mothers.contains(field(r, "etablissement_mere")))
        .count();
    let private_relevant = rows
        .iter()
        .filter(|r| {
            field(r, "Statut_public_prive") == "Privé"
                && matches!(field(r, "Type_etablissement"), "Collège" | "Lycée" | "EREA" | "Ecole")
                && field(r, "code_nature") != "400"
        })
        .count();
    Expected { colleges, erea, rep_plus_ecoles, merged_sections, private_relevant }
}

/// `establishments.csv` as rows of column → value.
fn read_output(path: &Path) -> Result<Vec<BTreeMap<String, String>>, Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    let text = text.strip_prefix('\u{feff}').ok_or("establishments.csv sans BOM")?;
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    assert_eq!(headers, ESTABLISHMENTS_HEADER.to_vec());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        assert_eq!(record.len(), ESTABLISHMENTS_HEADER.len());
        rows.push(headers.iter().cloned().zip(record.iter().map(str::to_string)).collect());
    }
    Ok(rows)
}

fn summary_line(d: &str, r: &ImportReport) -> String {
    let fallbacks: Vec<&str> = r.location_fallbacks.iter().map(|l| l.uai.as_str()).collect();
    format!(
        "| {d} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {}/{} | {} | {} | {} | {} | {} |",
        r.rows_read,
        r.rows_in_departement,
        r.in_scope.college,
        r.in_scope.lycee,
        r.in_scope.lycee_pro,
        r.in_scope.erea,
        r.in_scope.ecole,
        r.out_of_scope_total(),
        r.merged_sections.len(),
        r.ips.matched,
        r.ips.missing.len(),
        r.estimated_pupils.len(),
        r.networks,
        r.pupils_served,
        r.total_fte.map_or(String::new(), |f| format!("{f:.1}")),
        if fallbacks.is_empty() { "0".to_string() } else { format!("{} ({})", fallbacks.len(), fallbacks.join(", ")) },
    )
}

#[test]
fn imports_the_five_real_departements() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else {
        return Ok(());
    };
    let files = SourceFiles::from_data_dir(&dir)?;
    let mut summary = vec!["| dép. | lignes lues | lignes dép. | collèges | lycées | LP | EREA | écoles REP+ | hors \
         périmètre | sections fusionnées | IPS trouvés/manquants | effectifs estimés | réseaux \
         REP+ | élèves servis | ETP (1600) | replis centroïde |"
        .to_string()];
    for departement in DEPARTEMENTS {
        let out = tempfile::tempdir()?;
        let options = ImportOptions {
            departement: departement.trim_start_matches('0').to_string(),
            files: files.clone(),
            include_private: false,
            pupils_per_fte: Some(1600.0),
            out_dir: out.path().to_path_buf(),
        };
        let report = import(&options)?;
        let rows = raw_rows(&files.annuaire, departement)?;
        let want = expected(&rows);

        assert_eq!(report.departement, departement);
        assert_eq!(report.rows_in_departement, rows.len(), "{departement}");
        assert!(report.rows_balance(), "{departement}\n{report}");
        // Every open public collège is written, but a geographic annex without its own enrolment,
        // counted with its mother (an « ANNEXE GEOGRAPHIQUE » of the raw annuaire, mother written).
        let annex_colleges = report.annexes.iter().filter(|a| a.kind == Kind::College).count();
        assert_eq!(report.in_scope.college + annex_colleges, want.colleges, "{departement} collèges");
        for annex in &report.annexes {
            let raw = rows.iter().find(|r| field(r, "Identifiant_de_l_etablissement") == annex.uai);
            let raw = raw.ok_or_else(|| format!("{} absent de l'annuaire", annex.uai))?;
            assert_eq!(field(raw, "type_rattachement_etablissement_mere"), "ANNEXE GEOGRAPHIQUE", "{}", annex.uai);
            assert_eq!(field(raw, "etablissement_mere"), annex.mother, "{}", annex.uai);
        }
        assert_eq!(report.in_scope.erea, want.erea, "{departement} EREA");
        assert_eq!(report.in_scope.ecole, want.rep_plus_ecoles, "{departement} écoles");
        assert_eq!(report.merged_sections.len(), want.merged_sections, "{departement} sections");
        assert!(!report.merged_sections.is_empty(), "{departement}");
        assert_eq!(report.out_of_scope_count(&OutReason::Private), want.private_relevant, "{departement} privés");
        assert_eq!(report.ips.matched + report.ips.missing.len(), report.in_scope.total());
        assert_eq!(report.density.matched + report.density.missing.len(), report.in_scope.total());
        assert!(report.rep_flags.is_some());

        let written = read_output(&out.path().join("establishments.csv"))?;
        assert_eq!(written.len(), report.in_scope.total());
        let uais: Vec<&str> = written.iter().map(|r| r["uai"].as_str()).collect();
        assert!(report.annexes.iter().all(|a| uais.contains(&a.mother.as_str())), "{departement} mères");
        let mut sorted = uais.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(uais, sorted, "UAI triés et uniques");
        let colleges: BTreeSet<&str> =
            written.iter().filter(|r| r["kind"] == Kind::College.code()).map(|r| r["uai"].as_str()).collect();
        let rep_plus_colleges: BTreeSet<&str> = written
            .iter()
            .filter(|r| r["kind"] == "college" && r["rep_plus"] == "1")
            .map(|r| r["uai"].as_str())
            .collect();
        for row in &written {
            let lat: f64 = row["lat"].parse()?;
            let lon: f64 = row["lon"].parse()?;
            assert!((41.0..52.0).contains(&lat) && (-5.0..10.0).contains(&lon), "{row:?}");
            let pupils: u32 = row["pupils"].parse()?;
            assert!(pupils > 0, "{row:?}");
            if row["kind"] == "ecole" {
                assert!(colleges.contains(row["network"].as_str()), "{row:?}");
                assert_eq!(row["rep_plus"], "1");
                assert!(!row["cycle3_pupils"].is_empty());
                if !rep_plus_colleges.is_empty() {
                    assert!(rep_plus_colleges.contains(row["network"].as_str()), "{row:?}");
                }
            } else {
                assert!(row["network"].is_empty());
            }
        }
        let networks: BTreeSet<&str> =
            written.iter().filter(|r| r["kind"] == "ecole").map(|r| r["network"].as_str()).collect();
        assert_eq!(networks.len(), report.networks);

        let scenario = std::fs::read_to_string(out.path().join("scenario.toml"))?;
        let fte = report.total_fte.ok_or("total_fte absent")?;
        assert!(scenario.contains(&format!("[budget]\ntotal_fte = {fte:.1}\n")));
        let text = std::fs::read_to_string(out.path().join("import_report.txt"))?;
        assert_eq!(text, report.to_string());
        summary.push(summary_line(departement, &report));
    }
    eprintln!("{}", summary.join("\n"));
    Ok(())
}

#[test]
fn csv_density_gives_the_same_instance_as_xlsx() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else {
        return Ok(());
    };
    let files = SourceFiles::from_data_dir(&dir)?;
    let csv_grid = dir.join("insee/grille_densite_7_niveaux_2024.csv");
    if !csv_grid.is_file() {
        eprintln!("conversion .csv de la grille absente : test ignoré");
        return Ok(());
    }
    let run = |densite: PathBuf| -> Result<String, Box<dyn Error>> {
        let out = tempfile::tempdir()?;
        let options = ImportOptions {
            departement: "48".to_string(),
            files: SourceFiles { densite, ..files.clone() },
            include_private: false,
            pupils_per_fte: None,
            out_dir: out.path().to_path_buf(),
        };
        import(&options)?;
        Ok(std::fs::read_to_string(out.path().join("establishments.csv"))?)
    };
    assert_eq!(run(files.densite.clone())?, run(csv_grid)?);
    Ok(())
}

#[test]
fn unknown_departement_is_an_error() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else {
        return Ok(());
    };
    let out = tempfile::tempdir()?;
    let options = ImportOptions {
        departement: "2A".to_string(),
        files: SourceFiles::from_data_dir(&dir)?,
        include_private: false,
        pupils_per_fte: None,
        out_dir: out.path().to_path_buf(),
    };
    let message = import(&options).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("02A"), "{message}");
    assert!(message.contains("012, 031, 034, 048, 066"), "{message}");
    Ok(())
}

#[test]
fn private_establishments_on_request() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else {
        return Ok(());
    };
    let out = tempfile::tempdir()?;
    let options = ImportOptions {
        departement: "048".to_string(),
        files: SourceFiles::from_data_dir(&dir)?,
        include_private: true,
        pupils_per_fte: None,
        out_dir: out.path().to_path_buf(),
    };
    let report = import(&options)?;
    assert_eq!(report.out_of_scope_count(&OutReason::Private), 0);
    assert!(report.rows_balance());
    let rows = raw_rows(&options.files.annuaire, "048")?;
    let colleges = rows
        .iter()
        .filter(|r| field(r, "Type_etablissement") == "Collège" && field(r, "etat") == "OUVERT")
        .map(|r| field(r, "Identifiant_de_l_etablissement"))
        .collect::<BTreeSet<_>>()
        .len();
    let annex_colleges = report.annexes.iter().filter(|a| a.kind == Kind::College).count();
    assert_eq!(report.in_scope.college + annex_colleges, colleges);
    Ok(())
}
