//! The readers seen from outside: one test per bad-input case (each asserting the code, the
//! line and the column in the printed message), the French-friendly spellings that must be
//! accepted, the instance folder, and a property test that no input makes a reader panic.

use proptest::prelude::*;
use sectoria_core::{Kind, LatLon};
use sectoria_io::{instance_from_texts, load_instance, scenario_from_str, InputError, CATALOGUE};
use std::path::Path;

const HEADER: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils;cycle3_pupils;ips;density;\
                      rep;rep_plus;internat;segpa;ulis;upe2a;relais;network;bassin";
const COLLEGE_A: &str = "0310001A;Collège A;college;31555;Toulouse;43.6045;1.444;600;;95.5;1;0;0;0;0;0;0;0;;Centre";
const COLLEGE_B: &str = "0310002B;Collège B;college;31555;Toulouse;43.63;1.40;400;;;;;;;;;;;;";

fn establishments(rows: &[&str]) -> String {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text
}

/// The printed error of reading these files (panics if they are accepted).
fn error_text(est: &str, workers: Option<&str>, current: Option<&str>, distances: Option<&str>) -> String {
    match instance_from_texts(est, workers, current, distances) {
        Ok(_) => panic!("the input was accepted"),
        Err(e) => e.to_string(),
    }
}

fn assert_has(text: &str, expected: &str) {
    assert!(text.lines().any(|l| l.starts_with(expected)), "no line starts with {expected:?} in:\n{text}");
}

// --- Bad input, one case per test -------------------------------------------------------

#[test]
fn missing_column_names_it_and_lists_the_header() {
    let text = "uai;name;kind;commune_insee;commune;lat;lon\n0310001A;A;college;31555;Toulouse;43.6;1.44\n";
    let e = error_text(text, None, None, None);
    assert_has(
        &e,
        "E101 establishments.csv, ligne 1, colonne « pupils » : la colonne obligatoire « pupils » est absente",
    );
    assert!(e.contains("en-tête attendu"), "{e}");
    assert!(e.contains("uai;name;kind;commune_insee;commune;lat;lon;pupils;cycle3_pupils"), "{e}");
}

#[test]
fn unparsable_number() {
    let row = "0310003C;Collège C;college;31555;Toulouse;43.6;1.44;douze;;;;;;;;;;;;";
    let e = error_text(&establishments(&[COLLEGE_A, COLLEGE_B, row]), None, None, None);
    assert_has(
        &e,
        "E104 establishments.csv, ligne 4, colonne « pupils », UAI 0310003C : « douze » n'est pas un nombre entier. \
         Correction : écrivez un nombre d'élèves entier",
    );
    let row = "0310003C;Collège C;college;31555;Toulouse;43.6;1.44;300;;cent;;;;;;;;;;";
    let e = error_text(&establishments(&[row]), None, None, None);
    assert_has(&e, "E104 establishments.csv, ligne 2, colonne « ips », UAI 0310003C : « cent » n'est pas un nombre");
    // A decimal where a whole number is expected.
    let row = "0310003C;Collège C;college;31555;Toulouse;43.6;1.44;12,5;;;;;;;;;;;;";
    let e = error_text(&establishments(&[row]), None, None, None);
    assert_has(&e, "E104 establishments.csv, ligne 2, colonne « pupils »");
}

#[test]
fn decimal_comma_is_accepted() {
    let row = "0310003C;Collège C;college;31555;Toulouse;43,6;1,44;300;;92,5;;;;;;;;;;";
    let i = instance_from_texts(&establishments(&[row]), Some("id;fte\nASS01;0,5\n"), None, None);
    let i = i.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(i.establishments[0].location, LatLon::new(43.6, 1.44));
    assert_eq!(i.establishments[0].ips, Some(92.5));
    assert_eq!(i.workers[0].fte, 0.5);
}

#[test]
fn duplicate_uai_names_both_lines() {
    let dup = COLLEGE_A.replace("Collège A", "Collège A bis").replace("0310001A", "0310001a");
    let e = error_text(&establishments(&[COLLEGE_A, COLLEGE_B, &dup]), None, None, None);
    assert_has(
        &e,
        "E112 establishments.csv, ligne 4, colonne « uai », UAI 0310001A : UAI 0310001A en double : lignes 2 et 4",
    );
}

#[test]
fn worker_fte_outside_zero_one() {
    let est = establishments(&[COLLEGE_A]);
    let workers = "id;fte\nW0;0\nW1;1.2\nW2;-1\nW3;1,2\nW4;1\nW5;0,1\n";
    let e = error_text(&est, Some(workers), None, None);
    for (fte, line) in [("0", 2), ("1,2", 3), ("-1", 4), ("1,2", 5)] {
        assert_has(&e, &format!("E130 workers.csv, ligne {line}, colonne « fte » : quotité {fte} hors de ]0 ; 1]"));
    }
    assert!(e.contains("1 = temps plein"), "{e}");
    assert_eq!(e.lines().count(), 4, "1 and 0,1 are valid: {e}");
}

#[test]
fn duplicate_worker_id() {
    let e = error_text(&establishments(&[COLLEGE_A]), Some("id;fte\nASS01;1\nASS02;1\nASS01;0.5\n"), None, None);
    assert_has(&e, "E131 workers.csv, ligne 4, colonne « id » : identifiant ASS01 en double : lignes 2 et 4");
}

#[test]
fn unknown_scenario_key_has_line_and_column() {
    let text = "schema = 1\n\n[budget]\ntotal_fte = 20\n\n[rules]\nmust_covr = [\"rep_plus\"]\n";
    let e = scenario_from_str(text, "scenario.toml").err().map(|e| e.to_string()).unwrap_or_default();
    assert_has(&e, "E120 scenario.toml, ligne 7, colonne 1 : clé inconnue « must_covr » dans la section [rules]");
    assert!(e.contains("vouliez-vous dire « must_cover »"), "{e}");
    assert!(e.contains("max_distance_km"), "the fix lists the valid keys: {e}");
    let e = scenario_from_str("schema = 1\n[bugdet]\n", "scenario.toml").err().map(|e| e.to_string());
    assert_has(&e.unwrap_or_default(), "E120 scenario.toml, ligne 2, colonne 2 : section inconnue [bugdet]");
}

#[test]
fn coordinates_that_are_not_numbers() {
    let row = "0310003C;Collège C;college;31555;Toulouse;quarante-trois;1.44;300;;;;;;;;;;;;";
    let e = error_text(&establishments(&[row]), None, None, None);
    assert_has(
        &e,
        "E104 establishments.csv, ligne 2, colonne « lat », UAI 0310003C : « quarante-trois » n'est pas un nombre",
    );
}

#[test]
fn coordinates_out_of_range() {
    let row = "0310003C;Collège C;college;31555;Toulouse;143.6;1.44;300;;;;;;;;;;;;";
    let e = error_text(&establishments(&[row]), None, None, None);
    assert_has(&e, "E115 establishments.csv, ligne 2, colonne « lat », UAI 0310003C");
    let row = "0310003C;Collège C;college;31555;Toulouse;43.6;-200;300;;;;;;;;;;;;";
    let e = error_text(&establishments(&[row]), None, None, None);
    assert_has(&e, "E115 establishments.csv, ligne 2, colonne « lon », UAI 0310003C");
    let row = "0310003C;Collège C;college;31555;Toulouse;6279000;574000;300;;;;;;;;;;;;";
    let e = error_text(&establishments(&[row]), None, None, None);
    assert!(e.contains("Lambert 93"), "{e}");
}

#[test]
fn coordinates_outside_france() {
    // London, and Toulouse with latitude and longitude swapped.
    let london = "0310003C;Collège C;college;31555;Toulouse;51.5;-0.12;300;;;;;;;;;;;;";
    let swapped = "0310004D;Collège D;college;31555;Toulouse;1.44;43.6;300;;;;;;;;;;;;";
    let e = error_text(&establishments(&[london, swapped]), None, None, None);
    assert_has(&e, "E116 establishments.csv, ligne 2, colonne « lat », UAI 0310003C : la position");
    assert_has(&e, "E116 establishments.csv, ligne 3, colonne « lat », UAI 0310004D : la position");
    let swapped_line = e.lines().find(|l| l.contains("0310004D")).unwrap_or_default();
    assert!(swapped_line.contains("semblent inversées"), "{swapped_line}");
    // A worker's base outside France.
    let e =
        error_text(&establishments(&[COLLEGE_A]), Some("id;fte;base_lat;base_lon\nASS01;1;40.4;-3.7\n"), None, None);
    assert_has(&e, "E116 workers.csv, ligne 2, colonne « base_lat »");
}

#[test]
fn metropolitan_and_overseas_positions_pass() {
    let rows = [
        "0310003C;Toulouse;college;31555;Toulouse;43.6;1.44;300;;;;;;;;;;;;",
        "9740001A;La Réunion;college;97411;Saint-Denis;-21.1;55.5;300;;;;;;;;;;;;",
        "9710001B;Guadeloupe;college;97120;Pointe-à-Pitre;16,24;-61,53;300;;;;;;;;;;;;",
        "6200001C;Corse;lycee;2A004;Ajaccio;41.92;8.74;300;;;;;;;;;;;;",
        "9730001D;Guyane;lycee_pro;97302;Cayenne;4.93;-52.33;300;;;;;;;;;;;;",
        "9760001E;Mayotte;college;97611;Mamoudzou;-12.78;45.23;300;;;;;;;;;;;;",
    ];
    let i = instance_from_texts(&establishments(&rows), None, None, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(i.establishments.len(), rows.len());
    assert_eq!(i.establishments[3].commune_insee, "2A004");
}

#[test]
fn wrong_separator() {
    let text = "uai,name,kind,commune_insee,commune,lat,lon,pupils\n0310001A,A,college,31555,Toulouse,43.6,1.44,600\n";
    let e = error_text(text, None, None, None);
    assert_has(&e, "E102 establishments.csv, ligne 1 : mauvais séparateur : l'en-tête est séparé par des virgules");
    assert!(e.contains("« ; »"), "{e}");
    let text = "id\tfte\nASS01\t1\n";
    let e = error_text(&establishments(&[COLLEGE_A]), Some(text), None, None);
    assert_has(&e, "E102 workers.csv, ligne 1 : mauvais séparateur : l'en-tête est séparé par des tabulations");
}

/// A file that cannot be read at all (here saved with commas, as an Excel set to English does;
/// or an encoding other than UTF-8, or no key column) is reported once: the other files'
/// references to it are not each reported as unknown (a Windows-1252 `establishments.csv` of
/// the demo gave 5,300 such problems after its own).
#[test]
fn an_unreadable_file_is_reported_once_not_at_each_reference() {
    let commas =
        "uai,name,kind,commune_insee,commune,lat,lon,pupils\n0310001A,A,college,31555,Toulouse,43.6,1.44,600\n";
    let workers = "id;fte;base_uai\nASS01;1;0310001A\n";
    let current = "worker_id;uai;fte\nASS01;0310001A;0,3\n";
    let distances = "from;to;km\nASS01;0310001A;4\n0310001A;0310002B;3\n";
    let e = error_text(commas, Some(workers), Some(current), Some(distances));
    assert_eq!(codes(commas, Some(workers), Some(current), Some(distances)), vec!["E102"], "{e}");
    // No `uai` column: the header's problem, and the lines' own, but no reference problem.
    let no_uai =
        "code;name;kind;commune_insee;commune;lat;lon;pupils\n0310001A;A;college;31555;Toulouse;43.6;1.44;600\n";
    let got = codes(no_uai, Some(workers), Some(current), Some(distances));
    assert!(!got.iter().any(|c| ["E132", "E141", "E150"].contains(c)), "{got:?}");
    assert!(got.contains(&"E101"), "{got:?}");
    // The same for the workers: today's sectors and distances naming them are not reported.
    let est = establishments(&[COLLEGE_A, COLLEGE_B]);
    let workers = "id,fte,base_uai\nASS01,1,0310001A\n";
    assert_eq!(codes(&est, Some(workers), Some(current), Some(distances)), vec!["E102"]);
    // A readable file still has its references checked: ASS01 of current.csv, absent from it, has
    // left (a warning, and its distances are left out), ASS07 is named nowhere else (E150).
    let workers = "id;fte;base_uai\nASS02;1;0310001A\n";
    assert_eq!(codes(&est, Some(workers), Some(current), Some(distances)), Vec::<&str>::new());
    let unknown = format!("{distances}ASS07;0310001A;5\n");
    assert_eq!(codes(&est, Some(workers), Some(current), Some(&unknown)), vec!["E150"]);
}
#[test]
fn wrong_field_count() {
    let short = "0310003C;Collège C;college;31555;Toulouse;43.6;1.44;300";
    let workers = "id;fte;base_uai\nASS01;1;0310003C\nASS02;1;0310001A;1;2\n";
    let current = "worker_id;uai;fte\nASS01;0310003C;0.2\nASS02;0310001A;0.2\n";
    let e = error_text(&establishments(&[COLLEGE_A, short]), Some(workers), Some(current), None);
    assert_has(&e, "E105 establishments.csv, ligne 3 : la ligne a 8 champs, l'en-tête en a 20");
    assert_has(&e, "E105 workers.csv, ligne 3 : la ligne a 5 champs, l'en-tête en a 3");
    // The ids of the malformed lines exist: other files naming them are not reported.
    assert_eq!(e.lines().count(), 2, "{e}");
}

#[test]
fn not_utf8() {
    let mut bytes = establishments(&[COLLEGE_A]).into_bytes();
    bytes.extend_from_slice(b"0310002B;Coll\xE8ge B;college;31555;Toulouse;43.6;1.44;300;;;;;;;;;;;;\n");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("establishments.csv"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    let e = load_instance(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.starts_with("E103 "), "{e}");
    assert!(e.contains("establishments.csv, ligne 3 : le fichier n'est pas encodé en UTF-8"), "{e}");
    assert!(e.contains("CSV UTF-8"), "{e}");
}

#[test]
fn unknown_kind_uai_and_boolean() {
    let row = "031000AB;Collège C;crèche;31555;Toulouse;43.6;1.44;300;;;;peut-être;;;;;;;;";
    let e = error_text(&establishments(&[row]), None, None, None);
    assert_has(&e, "E111 establishments.csv, ligne 2, colonne « uai » : « 031000AB » n'est pas un UAI");
    assert_has(&e, "E113 establishments.csv, ligne 2, colonne « kind » : type d'établissement « crèche » inconnu");
    assert_has(&e, "E107 establishments.csv, ligne 2, colonne « rep » : « peut-être » n'est pas une valeur oui/non");
    // A UAI whose leading zero a spreadsheet took away: the fix names it.
    let row = "310003C;Collège C;college;31555;Toulouse;43.6;1.44;300;;;;;;;;;;;;";
    let workers = "id;fte;base_uai\nASS01;1;310001a\n";
    let e = error_text(&establishments(&[COLLEGE_A, row]), Some(workers), None, None);
    assert!(e.contains("« 310003C » n'est pas un UAI. Correction : il manque un chiffre : le zéro initial a sans doute été supprimé par le tableur ; écrivez 0310003C"), "{e}");
    assert!(e.contains("écrivez 0310001A (colonne au format texte)"), "{e}");
}

#[test]
fn ecole_without_network() {
    let ecole = "0310009Z;École Z;ecole;31555;Toulouse;43.6;1.44;200;80;;;;1;;;;;;;";
    let e = error_text(&establishments(&[COLLEGE_A, ecole]), None, None, None);
    assert_has(&e, "E117 establishments.csv, ligne 3, colonne « network », UAI 0310009Z");
}

// --- French-friendly spellings ------------------------------------------------------------

#[test]
fn bom_is_accepted() {
    let text = format!("\u{feff}{}", establishments(&[COLLEGE_A]));
    let i = instance_from_texts(
        &text,
        Some("\u{feff}id;fte\nASS01;1\n"),
        Some("\u{feff}worker_id;uai;fte\nASS01;0310001A;0.2\n"),
        None,
    );
    let i = i.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(i.establishments[0].uai, "0310001A");
    assert_eq!(i.current.len(), 1);
    let s = scenario_from_str("\u{feff}schema = 1\n", "scenario.toml");
    assert!(s.is_ok());
}

#[test]
fn booleans_in_every_accepted_spelling() {
    let spellings = [
        ("1", true),
        ("0", false),
        ("oui", true),
        ("non", false),
        ("OUI", true),
        ("Non", false),
        ("o", true),
        ("n", false),
        ("O", true),
        ("N", false),
        ("vrai", true),
        ("faux", false),
        ("Vrai", true),
        ("FAUX", false),
        ("true", true),
        ("false", false),
        ("TRUE", true),
        ("False", false),
        ("", false),
    ];
    let rows: Vec<String> = spellings
        .iter()
        .enumerate()
        .map(|(n, (s, _))| format!("{:07}A;C{n};college;31555;Toulouse;43.6;1.44;300;;;;{s};;{s};;;;;;", 310000 + n))
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let i = instance_from_texts(&establishments(&refs), None, None, None).unwrap_or_else(|e| panic!("{e}"));
    for (e, (s, expected)) in i.establishments.iter().zip(spellings) {
        assert_eq!((e.rep, e.internat), (expected, expected), "{s:?}");
        assert!(!e.rep_plus && !e.segpa, "empty is false");
    }
}

#[test]
fn columns_in_any_order_and_case_optional_ones_absent() {
    let text = "PUPILS;Lon;LAT;commune;Commune_INSEE;Kind;Name;UAI\n 600 ; 1.444 ; 43.6 ;Toulouse;31555;Collège;A;0310001a\n\n;;;;;;;\n";
    let i = instance_from_texts(text, None, None, None).unwrap_or_else(|e| panic!("{e}"));
    let e = &i.establishments[0];
    assert_eq!((e.uai.as_str(), e.kind, e.pupils, e.ips, e.density), ("0310001A", Kind::College, 600, None, None));
}

// --- Collecting every problem --------------------------------------------------------------

#[test]
fn every_problem_of_every_file_at_once() {
    let est = establishments(&[
        COLLEGE_A,
        "0310002B;Collège B;college;31555;Toulouse;43.6;1.44;douze;;;;;;;;;;;;",
        "0310003C;Collège C;lycée;31555;Toulouse;1.44;43.6;300;;;9;;;;;;;;;",
        COLLEGE_A,
    ]);
    let workers = "id;fte;base_uai\nASS01;1,2;0310001A\nASS02;0.5;0319999Z\nASS01;0.5;\n";
    // ASS09 is absent from workers.csv: it has left (a warning, not a problem).
    let current = "worker_id;uai;fte\nASS09;0310001A;0.2\nASS02;0310009Z;0.2\n";
    let distances = "from;to;km\nASS02;0310001A;-4\n";
    let err = instance_from_texts(&est, Some(workers), Some(current), Some(distances)).err();
    let Some(err) = err else { panic!("accepted") };
    let got: Vec<(&str, String, Option<usize>)> =
        err.problems().iter().map(|p| (p.code, p.file.display().to_string(), p.line)).collect();
    let expected = [
        ("E104", "establishments.csv", Some(3)),
        ("E116", "establishments.csv", Some(4)),
        ("E114", "establishments.csv", Some(4)),
        ("E112", "establishments.csv", Some(5)),
        ("E130", "workers.csv", Some(2)),
        ("E132", "workers.csv", Some(3)),
        ("E131", "workers.csv", Some(4)),
        ("E141", "current.csv", Some(3)),
        ("E114", "distances.csv", Some(2)),
    ];
    let expected: Vec<(&str, String, Option<usize>)> =
        expected.iter().map(|(c, f, l)| (*c, f.to_string(), *l)).collect();
    assert_eq!(got, expected, "\n{err}");
    assert_eq!(err.to_string().lines().count(), expected.len());
}

// --- The instance folder -------------------------------------------------------------------

#[test]
fn instance_folder_with_optional_files() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("establishments.csv"), establishments(&[COLLEGE_A, COLLEGE_B]))?;
    let i = load_instance(dir.path())?;
    assert_eq!((i.establishments.len(), i.workers.len()), (2, 0));
    std::fs::write(dir.path().join("workers.csv"), "id;fte;base_uai\nASS01;1;0310002B\n")?;
    std::fs::write(dir.path().join("current.csv"), "worker_id;uai;fte\nASS01;0310001A;0,3\n")?;
    std::fs::write(dir.path().join("distances.csv"), "from;to;km;minutes\nASS01;0310001A;7,5;12\n")?;
    let i = load_instance(dir.path())?;
    assert_eq!(i.workers[0].base.as_ref().map(|b| b.location), Some(LatLon::new(43.63, 1.40)));
    assert_eq!(i.current[0].fte, 0.3);
    assert_eq!(i.distances.len(), 1);
    // Problems name the file by its path.
    std::fs::write(dir.path().join("workers.csv"), "id;fte\nASS01;2\n")?;
    let e = load_instance(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
    let expected = format!("E130 {}, ligne 2, colonne « fte »", dir.path().join("workers.csv").display());
    assert!(e.starts_with(&expected), "{e}");
    Ok(())
}

#[test]
fn missing_folder_or_file() -> Result<(), Box<dyn std::error::Error>> {
    let e = load_instance(Path::new("/nonexistent/instance")).err();
    assert!(matches!(e, Some(InputError::Io { .. })));
    let dir = tempfile::tempdir()?;
    let e = load_instance(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.starts_with("E100 ") && e.contains("establishments.csv : fichier introuvable"), "{e}");
    let e = sectoria_io::read_scenario(&dir.path().join("scenario.toml")).err().map(|e| e.codes());
    assert_eq!(e, Some(vec!["E100"]));
    // The fix fits the file: no word of establishments.csv for a scenario, and a folder given
    // for a file is said to be one.
    let e = sectoria_io::read_scenario(&dir.path().join("scenario.toml")).err().map(|e| e.to_string());
    assert!(
        e.as_deref()
            .is_some_and(|e| e.ends_with("fichier introuvable. Correction : vérifiez le chemin et le nom du fichier.")),
        "{e:?}"
    );
    let e = sectoria_io::read_scenario(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("c'est un dossier, pas un fichier"), "{e}");
    // The system's error is worded into the message, not chained after it (in English).
    let e = load_instance(dir.path()).err();
    assert!(e.as_ref().is_some_and(|e| std::error::Error::source(e).is_none()), "{e:?}");
    Ok(())
}

#[test]
fn the_demo_instance_loads_when_present() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !demo.join("establishments.csv").is_file() {
        eprintln!("skipped: {} has no establishments.csv", demo.display());
        return;
    }
    let i = load_instance(&demo).unwrap_or_else(|e| panic!("{e}"));
    assert!(!i.establishments.is_empty());
    let scenario = demo.join("scenario.toml");
    if scenario.is_file() {
        sectoria_io::read_scenario(&scenario).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The codes produced by reading these files.
fn codes(est: &str, workers: Option<&str>, current: Option<&str>, distances: Option<&str>) -> Vec<&'static str> {
    instance_from_texts(est, workers, current, distances).err().map(|e| e.codes()).unwrap_or_default()
}

fn scenario_codes(text: &str) -> Vec<&'static str> {
    scenario_from_str(text, "scenario.toml").err().map(|e| e.codes()).unwrap_or_default()
}

/// Every code of the catalogue is produced by a sample input (the issue-6 rule: each code is
/// exercised by a test).
#[test]
fn every_catalogue_code_has_a_sample_input() {
    let ok = establishments(&[COLLEGE_A, COLLEGE_B]);
    let row = |r: &str| establishments(&[COLLEGE_A, r]);
    let w = Some("id;fte\nASS01;1\n");
    let missing_dir = load_instance(Path::new("/nonexistent")).err().map(|e| e.codes()).unwrap_or_default();
    let samples: Vec<(&str, Vec<&'static str>)> = vec![
        ("E100", missing_dir),
        ("E101", codes("uai;name\n", None, None, None)),
        ("E102", codes("uai,name,kind\n", None, None, None)),
        ("E103", {
            let mut p = Vec::new();
            let bytes = b"uai;name\n\xE9\n";
            sectoria_io::establishments::parse_establishments(bytes, Path::new("e.csv"), &mut p);
            p.iter().map(|p| p.code).collect()
        }),
        ("E104", codes(&row("0310003C;C;college;31555;T;43.6;1.44;x;;;;;;;;;;;;"), None, None, None)),
        ("E105", codes(&row("0310003C;C"), None, None, None)),
        ("E106", codes(&row("0310003C;;college;31555;T;43.6;1.44;3;;;;;;;;;;;;"), None, None, None)),
        ("E107", codes(&row("0310003C;C;college;31555;T;43.6;1.44;3;;;;peut-être;;;;;;;;"), None, None, None)),
        ("E108", codes(&format!("{HEADER};commentaire\n{COLLEGE_A};x\n"), None, None, None)),
        ("E109", codes(&format!("{HEADER};uai\n{COLLEGE_A};x\n"), None, None, None)),
        ("E110", codes(&establishments(&[]), None, None, None)),
        ("E111", codes(&row("031000C;C;college;31555;T;43.6;1.44;3;;;;;;;;;;;;"), None, None, None)),
        ("E112", codes(&row(COLLEGE_A), None, None, None)),
        ("E113", codes(&row("0310003C;C;crèche;31555;T;43.6;1.44;3;;;;;;;;;;;;"), None, None, None)),
        ("E114", codes(&row("0310003C;C;college;31555;T;43.6;1.44;3;;;8;;;;;;;;;"), None, None, None)),
        ("E115", codes(&row("0310003C;C;college;31555;T;95;1.44;3;;;;;;;;;;;;"), None, None, None)),
        ("E116", codes(&row("0310003C;C;college;31555;T;51.5;-0.12;3;;;;;;;;;;;;"), None, None, None)),
        ("E117", codes(&row("0310003C;C;ecole;31555;T;43.6;1.44;3;;;;;;;;;;;;"), None, None, None)),
        ("E118", codes(&row("0310003C;C;ecole;31555;T;43.6;1.44;3;;;;;;;;;;;0319999Z;"), None, None, None)),
        ("E119", codes(&row("0310003C;C;college;3155;T;43.6;1.44;3;;;;;;;;;;;;"), None, None, None)),
        ("E120", scenario_codes("schema = 1\nbugdet = 3\n")),
        ("E121", scenario_codes("schema = 1\n[budget]\nunit_fte = 0\n")),
        ("E122", scenario_codes("schema = 1\n[budget\n")),
        ("E123", scenario_codes("schema = \"un\"\n")),
        ("E124", scenario_codes("schema = 1\n[rules]\nmust_cover = [\"tout\"]\n")),
        ("E130", codes(&ok, Some("id;fte\nASS01;0\n"), None, None)),
        ("E131", codes(&ok, Some("id;fte\nASS01;1\nASS01;1\n"), None, None)),
        ("E132", codes(&ok, Some("id;fte;base_uai\nASS01;1;0319999Z\n"), None, None)),
        ("E133", codes(&ok, Some("id;fte;base_lat;base_lon\nASS01;1;43.6;\n"), None, None)),
        ("E140", codes(&ok, None, Some("worker_id;uai;fte\nASS02;0310001A;0.2\n"), None)),
        ("E141", codes(&ok, w, Some("worker_id;uai;fte\nASS01;0319999Z;0.2\n"), None)),
        ("E142", codes(&ok, w, Some("worker_id;uai;fte\nASS01;0310001A;0.2\nASS01;0310001A;0.1\n"), None)),
        ("E150", codes(&ok, w, None, Some("from;to;km\nASS02;0310001A;3\n"))),
        ("E152", codes(&ok, w, None, Some("from;to;km\nASS01;0310001A;3\nASS01;0310001A;4\n"))),
        ("E160", sectoria_io::plan_from_str("[1, 2]", "plan.json").err().map(|e| e.codes()).unwrap_or_default()),
        (
            "E161",
            sectoria_io::plan_from_str("{\"schema\": 2, \"sectoria_version\": \"0.1.0\"}", "plan.json")
                .err()
                .map(|e| e.codes())
                .unwrap_or_default(),
        ),
        ("E170", {
            // Two establishments against a limit of one, checked before any model is built.
            let instance = sectoria_io::instance_from_texts(
                &row("0310003C;C;college;31555;T;43.6;1.44;3;;;;;;;;;;;;"),
                w,
                None,
                None,
            )
            .expect("valid instance");
            let scenario = sectoria_core::Scenario::default();
            let problem = sectoria_core::Problem::new(&instance, &scenario).expect("problem");
            let limits = sectoria_core::SizeLimits { max_establishments: 1, ..sectoria_core::SizeLimits::default() };
            problem.check_size(&limits).err().and_then(|e| e.code()).into_iter().collect()
        }),
        ("E171", {
            // A bassin no establishment belongs to (the sample's establishments have none).
            let instance = sectoria_io::instance_from_texts(&ok, w, None, None).expect("valid instance");
            let mut scenario = sectoria_core::Scenario::default();
            scenario.scope.bassins = vec!["Bassin Nord".to_string()];
            sectoria_core::Problem::new(&instance, &scenario).err().and_then(|e| e.code()).into_iter().collect()
        }),
    ];
    // E180–E188 are the OSRM client's (`sectoria distances`): their samples are the fake
    // servers of crates/sectoria-routing/tests/malformed_answers.rs.
    let readers: Vec<_> = CATALOGUE.iter().filter(|(code, _)| !code.starts_with("E18")).collect();
    for (code, description) in &readers {
        let produced = samples.iter().find(|(c, _)| c == code).map(|(_, got)| got);
        let Some(produced) = produced else { panic!("{code} ({description}) has no sample input") };
        assert!(produced.contains(code), "{code}: the sample gives {produced:?}");
    }
    assert_eq!(samples.len(), readers.len());
}

// --- No panic, whatever the input ------------------------------------------------------------

/// Lines made of plausible and implausible fields, to reach deep into the checks.
fn line_strategy() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just(String::new()),
        Just("0310001A".to_string()),
        Just("0310002b".to_string()),
        Just("college".to_string()),
        Just("ecole".to_string()),
        Just("43,6".to_string()),
        Just("1.44".to_string()),
        Just("-21.1".to_string()),
        Just("1e308".to_string()),
        Just("oui".to_string()),
        Just("\"a;b\"".to_string()),
        Just("\"".to_string()),
        Just("1 234".to_string()),
        Just("ASS01".to_string()),
        "[0-9]{1,12}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(field, 0..24).prop_map(|f| f.join(";"))
}

fn file_strategy(header: &'static str) -> impl Strategy<Value = String> {
    (prop::bool::ANY, prop::collection::vec(line_strategy(), 0..12)).prop_map(move |(with_header, lines)| {
        let mut text = if with_header { format!("{header}\n") } else { String::new() };
        text.push_str(&lines.join("\n"));
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut problems = Vec::new();
        let _ = sectoria_io::establishments::parse_establishments(&bytes, Path::new("e.csv"), &mut problems);
        let text = String::from_utf8_lossy(&bytes);
        let _ = instance_from_texts(&text, Some(&text), Some(&text), Some(&text));
        let _ = scenario_from_str(&text, "scenario.toml");
        let _ = sectoria_io::plan_from_str(&text, "plan.json");
    }

    #[test]
    fn random_lines_never_panic(
        est in file_strategy(HEADER),
        workers in file_strategy("id;fte;base_uai;base_lat;base_lon;max_establishments"),
        current in file_strategy("worker_id;uai;fte"),
        distances in file_strategy("from;to;km;minutes"),
    ) {
        match instance_from_texts(&est, Some(&workers), Some(&current), Some(&distances)) {
            Ok(i) => prop_assert!(i.establishments.iter().all(|e| e.location.is_in_france())),
            Err(e) => {
                let text = e.to_string();
                prop_assert!(!text.is_empty());
                for p in e.problems() {
                    prop_assert!(CATALOGUE.iter().any(|(c, _)| *c == p.code));
                }
            }
        }
    }

    #[test]
    fn random_scenarios_never_panic(lines in prop::collection::vec(prop_oneof![
        Just("schema = 1".to_string()),
        Just("[budget]".to_string()),
        Just("[rules]".to_string()),
        Just("[[locks.assign]]".to_string()),
        Just("unit_fte = 0".to_string()),
        Just("total_fte = \"x\"".to_string()),
        Just("must_cover = [\"rep_plus\", \"zz\"]".to_string()),
        Just("é = é".to_string()),
        "\\PC{0,12}",
    ], 0..10)) {
        let _ = scenario_from_str(&lines.join("\n"), "scenario.toml").map_err(|e| e.to_string());
    }
}
