//! On the real open data (skipped, with a message, when /work/shared/data is absent): a cité
//! scolaire whose collège and lycée share one UAI (034: 0342266D Françoise Combes) is kept as
//! its collège, and the report says plainly, among its warnings, that the lycée part's pupils
//! are counted nowhere and what to correct (tester's CLI finding 7, session 50).

use sectoria_import::{import, ImportOptions, SourceFiles};
use std::error::Error;
use std::path::{Path, PathBuf};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.join("annuaire").is_dir() {
        Some(dir)
    } else {
        eprintln!("données réelles absentes ({}) : test ignoré", dir.display());
        None
    }
}

#[test]
fn the_lycee_part_of_a_cite_scolaire_is_said_not_counted_among_the_warnings() -> Result<(), Box<dyn Error>> {
    let Some(dir) = data_dir() else { return Ok(()) };
    let out = tempfile::tempdir()?;
    let options = ImportOptions {
        departement: "034".to_string(),
        files: SourceFiles::from_data_dir(&dir)?,
        include_private: false,
        pupils_per_fte: None,
        out_dir: out.path().to_path_buf(),
    };
    let report = import(&options)?;
    let warnings = report.all_warnings();
    let cite: Vec<&String> = warnings.iter().filter(|w| w.starts_with("0342266D :")).collect();
    assert_eq!(cite.len(), 1, "{warnings:#?}");
    let w = cite[0];
    assert!(w.contains("deux lignes, collège et lycée (ligne 1138, Cité scolaire Françoise Combes (lycée))"), "{w}");
    assert!(w.contains("ne compte que la partie collège (572 élèves, une estimation"), "{w}");
    assert!(w.contains("ne sont comptés nulle part dans le plan"), "{w}");
    assert!(w.contains("partie lycée (247 d'après le fichier IPS des lycées"), "{w}");
    assert!(w.ends_with("ceux de la partie lycée : 572 + 247 = 819."), "{w}");
    assert!(w.contains("corrigez « pupils » dans establishments.csv"), "{w}");

    let text = std::fs::read_to_string(out.path().join("import_report.txt"))?;
    assert!(
        text.contains(
            "0342266D ligne 1138 (Cité scolaire Françoise Combes (lycée)) → conservé comme college ; ses élèves \
             ne sont pas comptés (voir les avertissements)"
        ),
        "{text}"
    );
    assert!(text.contains(&format!("Avertissements : {}", warnings.len())), "{text}");
    assert!(text.contains(&format!("  - {w}")), "{text}");
    Ok(())
}
