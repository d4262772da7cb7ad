//! `sectoria national` on one real département (Lozère) from `../shared/data`: the command
//! succeeds and `national.csv` has its French header and one checked row. Skipped with a
//! message when the data folder is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("colleges").is_dir() && dir.join("ips").is_dir() {
        Some(dir)
    } else {
        eprintln!("../shared/data absent : test de sectoria national ignoré");
        None
    }
}

#[test]
fn national_lozere() -> Result<(), Box<dyn std::error::Error>> {
    let Some(data) = data_dir() else { return Ok(()) };
    let out = tempfile::tempdir()?;
    let output = Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(["national", "--departements", "048", "--threads", "1", "--time-limit", "30", "--instances"])
        .arg("--donnees")
        .arg(&data)
        .arg("--out")
        .arg(out.path())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("Départements résolus avec un plan vérifié : 1 sur 1"), "{stdout}");
    assert!(stdout.contains("mémoire maximale"), "{stdout}");
    // Progress off a terminal: the count and the last département done.
    assert!(stderr.contains("départements : 1 sur 1 (dernier : 48 Lozère, "), "{stderr}");

    let csv = std::fs::read_to_string(out.path().join("national.csv"))?;
    assert!(csv.starts_with('\u{feff}'), "BOM attendu");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "header, Lozère, total: {csv}");
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(';').collect();
    assert_eq!(header[..5], ["Département", "Établissements", "Élèves", "ETP", "Statut"]);
    for name in [
        "Écart prouvé (%)",
        "Couverture pondérée règle usuelle (%)",
        "Objectif règle usuelle",
        "km par semaine",
        "km par semaine règle usuelle",
    ] {
        assert!(header.contains(&name), "{name}: {header:?}");
    }
    // No time in national.csv: the same inputs give the same file.
    assert!(!header.iter().any(|h| h.ends_with("(s)")), "{header:?}");
    let row: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(row.len(), header.len(), "{}", lines[1]);
    let col = |name: &str| header.iter().position(|h| *h == name).and_then(|i| row.get(i)).copied().unwrap_or("");
    // Code and name in one text cell: French Excel keeps « 48 Lozère » (« 048 » alone opened as 48).
    assert_eq!(col("Département"), "48 Lozère");
    let establishments: usize = col("Établissements").parse()?;
    assert!((15..=30).contains(&establishments), "{establishments}");
    // Budget: pupils / 1 600, rounded to 0.1, written with a decimal comma.
    let pupils: f64 = col("Élèves").parse()?;
    let fte: f64 = col("ETP").replace(',', ".").parse()?;
    assert!((fte - (pupils / 1600.0 * 10.0).round() / 10.0).abs() < 1e-9, "{fte} ETP pour {pupils} élèves");
    assert_eq!(col("Vérification"), "conforme");
    let gap: f64 = col("Écart prouvé (%)").replace(',', ".").parse()?;
    assert!((0.0..=100.0).contains(&gap), "{gap}");
    assert!(col("Objectif").contains(','), "virgule décimale attendue : {}", lines[1]);
    assert!(col("Objectif règle usuelle").contains(','), "{}", lines[1]);
    // The total row: sums, ratios left empty.
    let total: Vec<&str> = lines[2].split(';').collect();
    assert_eq!(total.len(), header.len(), "{}", lines[2]);
    let tcol = |name: &str| header.iter().position(|h| *h == name).and_then(|i| total.get(i)).copied().unwrap_or("?");
    assert_eq!(tcol("Département"), "Total");
    for name in ["Établissements", "Élèves", "ETP", "Objectif", "km par semaine", "Établissements servis"] {
        assert_eq!(tcol(name), col(name), "{name}: one département, the total is its row");
    }
    assert_eq!(tcol("Couverture pondérée (%)"), "");
    assert_eq!(tcol("Écart prouvé (%)"), "");

    // The instance folder written with --instances reads back as an instance.
    let report = std::fs::read_to_string(out.path().join("national_report.txt"))?;
    assert!(report.contains("lignes lues"), "{report}");
    assert!(!report.contains("ÉCART"), "{report}");
    assert!(
        report.contains("Couverture pondérée (%) : ") && report.contains("Besoin couvert pondéré (%) : "),
        "{report}"
    );
    assert!(report.contains("Durées (changent d'une exécution à l'autre"), "{report}");
    assert!(stdout.contains("Jeu national construit en ") && stdout.contains(" s : 1 département, "), "{stdout}");
    assert!(out.path().join("instances/048/establishments.csv").is_file());
    assert!(out.path().join("instances/048/scenario.toml").is_file());
    Ok(())
}

/// Ctrl-C during the national run: no other département starts, those under way finish, and
/// `national.csv` holds the départements solved; the terminal names the others.
#[test]
fn a_national_run_stopped_by_ctrl_c_writes_the_departements_solved() -> Result<(), Box<dyn std::error::Error>> {
    use std::io::{BufRead, BufReader};
    let Some(data) = data_dir() else { return Ok(()) };
    let out = tempfile::tempdir()?;
    // Biggest first on one thread: Haute-Garonne (about 3 s), then Hérault, then the two small ones.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(["national", "--departements", "031,034,066,048", "--threads", "1", "--donnees"])
        .arg(&data)
        .arg("--out")
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let mut err = String::new();
    let mut sent = false;
    for line in BufReader::new(child.stderr.take().ok_or("stderr")?).lines() {
        let line = line?;
        if !sent && line.starts_with("départements : 1 sur 4") {
            assert!(Command::new("kill").args(["-INT", &child.id().to_string()]).status()?.success());
            sent = true;
        }
        err += &line;
        err.push('\n');
    }
    assert!(sent, "no progress line: {err}");
    assert!(child.wait()?.success(), "{err}");
    assert!(err.contains("Ctrl-C : aucun autre département ne commence"), "{err}");
    let after = err.split("Run national arrêté par Ctrl-C : ").nth(1).ok_or_else(|| format!("no stop: {err}"))?;
    let solved: usize = after.split(' ').next().unwrap_or("").parse()?;
    assert!((1..4).contains(&solved), "{err}");
    let csv = std::fs::read_to_string(out.path().join("national.csv"))?;
    assert_eq!(csv.lines().count(), solved + 2, "header, the départements solved, the total: {csv}");
    assert!(csv.lines().last().is_some_and(|l| l.starts_with("Total;")), "{csv}");
    let missing = after.split("non résolus : ").nth(1).and_then(|m| m.lines().next()).ok_or("missing")?;
    for code in missing.trim_end_matches('.').split(", ") {
        assert!(!csv.lines().any(|l| l.starts_with(&format!("{code} "))), "{code} both solved and missing: {csv}");
    }
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.starts_with("31 Haute-Garonne;")),
        "Haute-Garonne, solved first: {csv}"
    );
    Ok(())
}

/// A bad code names the option of `national` (--departements), not that of `import`.
#[test]
fn a_bad_departement_code_names_the_national_option() -> Result<(), Box<dyn std::error::Error>> {
    let Some(data) = data_dir() else { return Ok(()) };
    let out = tempfile::tempdir()?;
    let output = Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(["national", "--departements", "ABC", "--donnees"])
        .arg(&data)
        .arg("--out")
        .arg(out.path())
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("« ABC » invalide"), "{stderr}");
    assert!(stderr.contains("Corrigez l'option --departements."), "{stderr}");
    Ok(())
}
