//! `adopt` reads the instance with the readers `plan` uses (tester's session s50: a workers.csv
//! saved by Excel in Windows-1252, with CRLF and the page's French headings, was planned, then
//! refused by adopt with 52 × « l'instance n'a pas de workers.csv »). A file that really does not
//! read is named once, with why.

use sectoria_run::adopt::adopt;
use sectoria_run::{load_inputs, plan_with_inputs, read_scenario, Error};
use std::path::Path;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo");

/// The demo's establishments and workers (no current.csv) in a fresh folder.
fn demo_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["establishments.csv", "workers.csv"] {
        std::fs::copy(Path::new(DEMO).join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

/// `text` as Excel's « CSV (séparateur : point-virgule) » saves it: Windows-1252 (Latin-1 for
/// these letters), CRLF, a trailing empty line.
fn excel_bytes(text: &str) -> Vec<u8> {
    let crlf = text.lines().collect::<Vec<_>>().join("\r\n") + "\r\n\r\n";
    crlf.chars().map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 letter")).collect()
}

#[test]
fn a_workers_csv_saved_by_excel_is_adopted_as_it_is_planned() {
    let dir = demo_folder();
    let workers = std::fs::read_to_string(dir.path().join("workers.csv")).expect("workers");
    let renamed = workers.replacen("id;name;fte;", "Identifiant;Nom;Quotité;", 1).replacen("Claire B.", "Hélène B.", 1);
    assert_ne!(renamed, workers, "the demo's workers.csv has changed: update this test");
    let bytes = excel_bytes(&renamed);
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    std::fs::write(dir.path().join("workers.csv"), bytes).expect("write");

    let scenario_path = Path::new(DEMO).join("scenario.toml");
    let inputs = load_inputs(dir.path(), &scenario_path).expect("plan reads it");
    let p = plan_with_inputs(&inputs.instance, &inputs.scenario, inputs.hashes.clone()).expect("plan");
    let adopted = adopt(dir.path(), &p, false).expect("adopt reads it too");
    assert!(adopted.lines > 0);
    let back = sectoria_run::load_instance(dir.path()).expect("the instance reads its new current.csv");
    assert_eq!(back.current.len(), adopted.lines);
    // The plan was computed without current.csv: its check is done as it was computed.
    let record = adopted.record.expect("what check will do");
    assert!(record.contains("sans current.csv, comme au calcul"), "{record}");
}

#[test]
fn a_workers_csv_that_does_not_read_is_named_once() {
    let dir = demo_folder();
    let scenario = read_scenario(&Path::new(DEMO).join("scenario.toml")).expect("scenario");
    let inputs = load_inputs(dir.path(), &Path::new(DEMO).join("scenario.toml")).expect("inputs");
    let p = plan_with_inputs(&inputs.instance, &scenario, inputs.hashes).expect("plan");

    // A heading no reader knows: the file's own problem, not one per sector line.
    let workers = std::fs::read_to_string(dir.path().join("workers.csv")).expect("workers");
    std::fs::write(dir.path().join("workers.csv"), workers.replacen(";fte;", ";colonne_inconnue;", 1)).expect("write");
    let e = adopt(dir.path(), &p, false).expect_err("workers.csv does not read");
    assert!(matches!(e, Error::Input(_)), "{e}");
    let text = e.to_string();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("workers.csv, ligne 1 : en-tête non reconnu"), "{text}");
    assert!(!text.contains("E140") && !text.contains("current.csv"), "{text}");

    // No workers.csv at all: said once.
    std::fs::remove_file(dir.path().join("workers.csv")).expect("remove");
    let e = adopt(dir.path(), &p, false).expect_err("no workers.csv");
    let text = e.to_string();
    assert!(matches!(e, Error::Adopt(_)), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("workers.csv est absent de"), "{text}");
    assert!(!dir.path().join("current.csv").exists());
}
