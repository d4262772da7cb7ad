//! End-to-end tests of the `sectoria` command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sectoria(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sectoria")).args(args).output().expect("run sectoria")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Copies the demo instance into a temporary folder, for tests that alter it.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo_dir().join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

fn plan(instance: &Path, scenario: &Path, out: &Path) -> Output {
    sectoria(&["plan", "--instance", s(instance), "--scenario", s(scenario), "--out", s(out)])
}

#[test]
fn demo_prints_a_summary_and_writes_four_outputs_and_a_manifest() {
    let out = tempfile::tempdir().expect("tempdir");
    let o = sectoria(&["demo", "--out", s(out.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Couverture pondérée"), "{text}");
    assert!(text.contains("Règle usuelle"), "{text}");
    assert!(text.contains("Face à la règle usuelle, le plan optimisé"), "{text}");
    for f in [
        "plan.json",
        "allocation.csv",
        "sectors.csv",
        "summary.txt",
        "report.html",
        "plan.geojson",
        "plan.xlsx",
        "manifest.json",
    ] {
        let meta = std::fs::metadata(out.path().join(f)).expect(f);
        assert!(meta.len() > 100, "{f} is nearly empty");
    }
}

#[test]
fn plan_then_check_accepts_the_demo_plan() {
    let out = tempfile::tempdir().expect("tempdir");
    let scenario = demo_dir().join("scenario.toml");
    let o = plan(&demo_dir(), &scenario, out.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let plan_json = out.path().join("plan.json");
    let o = sectoria(&["check", "--instance", s(&demo_dir()), "--scenario", s(&scenario), "--plan", s(&plan_json)]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Plan valide"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("manifest.json")).expect("manifest"))
            .expect("json");
    // establishments.csv, workers.csv, current.csv, distances.csv and the scenario.
    assert_eq!(manifest["inputs"].as_object().expect("inputs").len(), 5, "{manifest}");
    assert!(manifest["engine"].as_str().expect("engine").contains("HiGHS"));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan_json).expect("read")).expect("json");
    let status = plan["solver"]["status"].as_str().expect("status");
    assert!(status == "optimal" || status == "gap_reached", "{status}");
    assert!(plan["solver"]["relative_gap"].as_f64().expect("gap") <= 0.001 + 1e-9);
}

#[test]
fn check_rejects_a_tampered_plan() {
    let out = tempfile::tempdir().expect("tempdir");
    let scenario = demo_dir().join("scenario.toml");
    assert!(plan(&demo_dir(), &scenario, out.path()).status.success());
    let path = out.path().join("plan.json");
    let mut plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    // Give the first served establishment of the first worker 9 more half-days everywhere.
    let w = plan["workers"]
        .as_array_mut()
        .expect("workers")
        .iter_mut()
        .find(|w| !w["sector"].as_array().expect("sector").is_empty())
        .expect("a worker with a sector");
    let uai = w["sector"][0]["uai"].as_str().expect("uai").to_string();
    let units = w["sector"][0]["units"].as_u64().expect("units") + 9;
    w["sector"][0]["units"] = units.into();
    for e in plan["establishments"].as_array_mut().expect("establishments") {
        if e["uai"] == uai.as_str() {
            e["allocated_units"] = units.into();
        }
    }
    std::fs::write(&path, serde_json::to_string_pretty(&plan).expect("json")).expect("write");
    let o = sectoria(&["check", "--instance", s(&demo_dir()), "--scenario", s(&scenario), "--plan", s(&path)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("C06") || err.contains("C10"), "{err}");
    assert!(err.contains("objectif"), "{err}");
}

#[test]
fn same_inputs_and_seed_give_byte_identical_outputs() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let scenario = demo_dir().join("scenario.toml");
    assert!(plan(&demo_dir(), &scenario, a.path()).status.success());
    assert!(plan(&demo_dir(), &scenario, b.path()).status.success());
    for f in ["plan.json", "allocation.csv", "sectors.csv", "summary.txt", "report.html", "plan.geojson"] {
        let x = std::fs::read(a.path().join(f)).expect(f);
        let y = std::fs::read(b.path().join(f)).expect(f);
        assert!(x == y, "{f} differs between two identical runs");
    }
}

#[test]
fn existing_plan_is_not_overwritten_without_force() {
    let out = tempfile::tempdir().expect("tempdir");
    let scenario = demo_dir().join("scenario.toml");
    assert!(plan(&demo_dir(), &scenario, out.path()).status.success());
    let o = plan(&demo_dir(), &scenario, out.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
}

/// The fields of one line of a `;`-separated file, `"…"` quoting (with `""` inside) undone.
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    out.push(field);
    out
}

#[test]
fn csv_outputs_are_excel_friendly() {
    let out = tempfile::tempdir().expect("tempdir");
    assert!(plan(&demo_dir(), &demo_dir().join("scenario.toml"), out.path()).status.success());
    let alloc = std::fs::read_to_string(out.path().join("allocation.csv")).expect("read");
    assert!(alloc.starts_with('\u{feff}'), "UTF-8 BOM");
    let header = alloc.trim_start_matches('\u{feff}').lines().next().expect("header");
    assert!(header.starts_with("UAI;Établissement;Type;"), "{header}");
    let rows: Vec<Vec<String>> = alloc.lines().skip(1).map(fields).collect();
    let n = header.split(';').count();
    assert!(rows.iter().all(|r| r.len() == n), "every row has {n} fields");
    // Besoin (ETP) uses a decimal comma.
    assert!(rows.iter().all(|r| r[7].contains(',') && !r[7].contains('.')));
    // A reason with a « ; » in it is quoted, not split.
    assert!(alloc.contains("\"En bref : "), "reasons with « ; » are quoted");
    assert!(
        rows.iter().any(|r| r.iter().any(|f| f.starts_with("En bref : ") && f.contains(';'))),
        "a reason kept whole"
    );
    let est = std::fs::read_to_string(demo_dir().join("establishments.csv")).expect("read");
    assert_eq!(rows.len(), est.lines().count() - 1, "one row per establishment");
}

#[test]
fn a_syntax_error_exits_1_in_french_not_2() {
    let o = Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(["plan", "--instanc", "x", "--scenario", "y", "--out", "z"])
        .output()
        .expect("run sectoria");
    assert_eq!(o.status.code(), Some(1), "2 means an infeasible scenario: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("Erreur : option inconnue : --instanc ; vouliez-vous dire --instance ?"), "{err}");
    assert!(!err.contains("error:") && !err.contains("Usage:"), "{err}");
    let o = Command::new(env!("CARGO_BIN_EXE_sectoria")).arg("--help").output().expect("run sectoria");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn infeasible_must_cover_exits_2_with_the_reason() {
    let dir = demo_copy();
    let sc = std::fs::read_to_string(dir.path().join("scenario.toml")).expect("read");
    let sc = sc.replace("# total_fte = 22.8", "total_fte = 1.0");
    std::fs::write(dir.path().join("scenario.toml"), sc).expect("write");
    let out = tempfile::tempdir().expect("tempdir");
    let o = plan(dir.path(), &dir.path().join("scenario.toml"), out.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("must_cover") && err.contains("ETP"), "{err}");
    assert!(!out.path().join("plan.json").exists());
}

/// Replaces `from` by `to` in one file of a demo copy, plans, and returns stderr (exit 1).
fn bad_input(file: &str, from: &str, to: &str) -> String {
    let dir = demo_copy();
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    let out = tempfile::tempdir().expect("tempdir");
    let o = plan(dir.path(), &dir.path().join("scenario.toml"), out.path());
    assert_eq!(o.status.code(), Some(1), "expected exit 1: {}", stderr(&o));
    stderr(&o)
}

fn first_data_line(file: &str) -> String {
    std::fs::read_to_string(demo_dir().join(file)).expect("read").lines().nth(1).expect("line 2").to_string()
}

#[test]
fn bad_input_missing_column() {
    let err = bad_input("establishments.csv", "pupils;", "eleves;");
    assert!(err.contains("establishments.csv") && err.contains("pupils"), "{err}");
}

#[test]
fn bad_input_unparsable_number() {
    let line = first_data_line("establishments.csv");
    let fields: Vec<&str> = line.split(';').collect();
    let bad = line.replacen(&format!(";{};", fields[7]), ";douze;", 1);
    let err = bad_input("establishments.csv", &line, &bad);
    assert!(err.contains("ligne 2") && err.contains("pupils") && err.contains("douze"), "{err}");
}

#[test]
fn bad_input_duplicate_uai() {
    let text = std::fs::read_to_string(demo_dir().join("establishments.csv")).expect("read");
    let second = text.lines().nth(2).expect("line 3");
    let first_uai = text.lines().nth(1).expect("line 2").split(';').next().expect("uai");
    let second_uai = second.split(';').next().expect("uai");
    let err = bad_input("establishments.csv", second, &second.replacen(second_uai, first_uai, 1));
    assert!(err.contains(first_uai) && err.contains("ligne 3"), "{err}");
}

#[test]
fn bad_input_worker_fte_outside_0_1() {
    let line = first_data_line("workers.csv");
    let fields: Vec<&str> = line.split(';').collect();
    let bad = line.replacen(&format!(";{};", fields[2]), ";1.5;", 1);
    let err = bad_input("workers.csv", &line, &bad);
    assert!(err.contains("workers.csv") && err.contains("ligne 2") && err.contains("fte"), "{err}");
}

#[test]
fn bad_input_unknown_scenario_key() {
    let err = bad_input("scenario.toml", "reserve_fte = 0.5", "reserve_etp = 0.5");
    assert!(err.contains("scenario.toml") && err.contains("reserve_etp") && err.contains("ligne"), "{err}");
}

#[test]
fn bad_input_coordinates_not_a_number() {
    let line = first_data_line("establishments.csv");
    let fields: Vec<&str> = line.split(';').collect();
    let bad = line.replacen(&format!(";{};", fields[5]), ";45°N;", 1);
    let err = bad_input("establishments.csv", &line, &bad);
    assert!(err.contains("ligne 2") && err.contains("lat"), "{err}");
}

#[test]
fn bad_input_coordinates_outside_france() {
    let line = first_data_line("establishments.csv");
    let fields: Vec<&str> = line.split(';').collect();
    // London.
    let bad = line.replacen(&format!(";{};{};", fields[5], fields[6]), ";51.50000;-0.12000;", 1);
    let err = bad_input("establishments.csv", &line, &bad);
    assert!(err.contains("ligne 2") && err.contains("France"), "{err}");
}

#[test]
fn bad_input_missing_instance_folder() {
    let out = tempfile::tempdir().expect("tempdir");
    let o = plan(Path::new("/nonexistent/instance"), &demo_dir().join("scenario.toml"), out.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("establishments.csv"), "{}", stderr(&o));
}

#[test]
fn report_command_rewrites_the_documents_with_a_comparison() {
    let out = tempfile::tempdir().expect("tempdir");
    assert!(plan(&demo_dir(), &demo_dir().join("scenario.toml"), out.path()).status.success());
    let plan_json = out.path().join("plan.json");
    let docs = tempfile::tempdir().expect("tempdir");
    let o = sectoria(&["report", "--plan", s(&plan_json), "--compare", s(&plan_json), "--out", s(docs.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(docs.path().join("report.html")).expect("report.html");
    let rows = html.matches("<tr id=\"e-").count();
    let est = std::fs::read_to_string(demo_dir().join("establishments.csv")).expect("read");
    assert_eq!(rows, est.lines().count() - 1, "one table row per establishment");
    assert!(docs.path().join("plan.xlsx").exists() && docs.path().join("plan.geojson").exists());
    // Written again into the plan's own folder: allowed (its documents are the plan's).
    let o = sectoria(&["report", "--plan", s(&plan_json), "--out", s(out.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Another plan's folder, or documents whose plan cannot be told: refused unless --force,
    // and nothing is replaced.
    let other = tempfile::tempdir().expect("tempdir");
    let scenario = other.path().join("reserve.toml");
    let text = std::fs::read_to_string(demo_dir().join("scenario.toml")).expect("scenario");
    std::fs::write(&scenario, text.replacen("reserve_fte = 0.5", "reserve_fte = 2", 1)).expect("write");
    assert!(plan(&demo_dir(), &scenario, other.path()).status.success());
    let before = std::fs::read(other.path().join("report.html")).expect("report.html");
    for dir in [other.path(), docs.path()] {
        let o = sectoria(&["report", "--plan", s(&plan_json), "--out", s(dir)]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(other.path().join("report.html")).expect("report.html"), before);
    let o = sectoria(&["report", "--plan", s(&plan_json), "--out", s(docs.path()), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn compare_a_plan_with_itself_and_explain_an_establishment() {
    let out = tempfile::tempdir().expect("tempdir");
    assert!(plan(&demo_dir(), &demo_dir().join("scenario.toml"), out.path()).status.success());
    let plan_json = out.path().join("plan.json");
    let csv = out.path().join("compare.csv");
    let o = sectoria(&["compare", s(&plan_json), s(&plan_json), "--csv", s(&csv)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Établissements : aucun changement."), "{}", stdout(&o));
    assert!(std::fs::read_to_string(&csv).expect("compare.csv").starts_with('\u{feff}'));

    let plan_text = std::fs::read_to_string(&plan_json).expect("read");
    let p: serde_json::Value = serde_json::from_str(&plan_text).expect("json");
    let unserved = p["establishments"]
        .as_array()
        .expect("establishments")
        .iter()
        .find(|e| e["allocated_units"] == 0 && e["kind"] != "ecole")
        .expect("an unserved secondary establishment")["uai"]
        .as_str()
        .expect("uai")
        .to_string();
    let o = sectoria(&["explain", "--instance", s(&demo_dir()), "--plan", s(&plan_json), "--uai", &unserved]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains(&unserved) && text.contains("Score de priorité") && text.contains("Raison"), "{text}");
}

/// The demo scenario with a 5 % gap, so that each of many solves stops on its gap (fast and
/// reproducible).
fn coarse_demo_scenario(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(demo_dir().join("scenario.toml")).expect("read");
    assert!(text.contains("\nrelative_gap = 0.001\n"), "the demo scenario's gap changed: update this test");
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text.replace("\nrelative_gap = 0.001\n", "\nrelative_gap = 0.05\n")).expect("write");
    path
}

#[test]
fn shards_of_a_40_scenario_demo_grid_merged_equal_the_unsharded_sweep() {
    let work = tempfile::tempdir().expect("tempdir");
    let scenario = coarse_demo_scenario(work.path());
    let demo = demo_dir();
    let sweep = |out: &Path, shard: Option<&str>| {
        let mut args = vec![
            "sweep",
            "--instance",
            s(&demo),
            "--scenario",
            s(&scenario),
            "--vary",
            "budget.total_fte=12:21:1",
            "--vary",
            "priorities.rep_plus=1:4:1",
            "--out",
            s(out),
        ];
        if let Some(sh) = shard {
            args.extend(["--shard", sh]);
        }
        let o = sectoria(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let full = work.path().join("full");
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    sweep(&full, None);
    sweep(&a, Some("0/2"));
    sweep(&b, Some("1/2"));
    let merged = work.path().join("merged");
    let o = sectoria(&["sweep", "merge", s(&a.join("sweep.csv")), s(&b.join("sweep.csv")), "--out", s(&merged)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let full_csv = std::fs::read(full.join("sweep.csv")).expect("full");
    assert_eq!(String::from_utf8_lossy(&full_csv).lines().count(), 41, "header + 40 scenarios");
    assert!(full_csv == std::fs::read(merged.join("sweep.csv")).expect("merged"), "merged shards differ");
}

/// sweep.csv opens in French Excel: the varied key by its French name with the key in
/// brackets, numbers only in its numeric columns; the half-days of every establishment in every
/// scenario are in sweep_establishments.csv, one row each, which shards merge into as they do
/// sweep.csv, and from which sweep_changes.csv is computed.
#[test]
fn a_sweep_writes_each_establishment_on_its_own_row_and_its_shards_merge_into_the_same_files() {
    let work = tempfile::tempdir().expect("tempdir");
    let scenario = coarse_demo_scenario(work.path());
    let demo = demo_dir();
    let sweep = |out: &Path, shard: Option<&str>| {
        let mut args = vec!["sweep", "--instance", s(&demo), "--scenario", s(&scenario)];
        args.extend(["--vary", "budget.total_fte=12:14:1", "--out", s(out)]);
        if let Some(sh) = shard {
            args.extend(["--shard", sh]);
        }
        let o = sectoria(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let (full, a, b, merged) =
        (work.path().join("full"), work.path().join("a"), work.path().join("b"), work.path().join("merged"));
    sweep(&full, None);
    let read = |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let csv = read(full.join("sweep.csv"));
    let head: Vec<&str> = csv.lines().next().unwrap().trim_start_matches('\u{feff}').split(';').collect();
    assert_eq!(head[..3], ["Scénario", "Budget (ETP) [budget.total_fte]", "Statut"], "{csv}");
    assert!(!csv.contains("0990"), "no list of UAI in sweep.csv: {csv}");
    for line in csv.lines().skip(1) {
        for (c, f) in head.iter().zip(line.split(';')) {
            let number = f.is_empty() || f.replace(',', ".").parse::<f64>().is_ok();
            assert!(number || ["Statut", "Au pas de budget précédent", "Message"].contains(c), "« {c} » holds « {f} »");
        }
    }
    let long = read(full.join("sweep_establishments.csv"));
    let establishments = read(demo.join("establishments.csv")).lines().count() - 1;
    assert!(long.starts_with(
        "\u{feff}Scénario;Budget (ETP) [budget.total_fte];UAI;Établissement;Type;Servi;Demi-journées;ETP attribués;\
         Motif s'il n'est pas servi\r\n"
    ));
    assert_eq!(long.lines().count(), 1 + 3 * establishments, "3 scenarios × every establishment in scope");
    assert!(long.lines().skip(1).all(|l| l.split(';').nth(6).is_some_and(|n| n.parse::<u32>().is_ok())), "{long}");
    let changes = read(full.join("sweep_changes.csv"));
    assert!(changes.starts_with("\u{feff}Budget (ETP) avant [budget.total_fte];Budget (ETP) après [budget.total_fte];"));
    sweep(&a, Some("0/2"));
    sweep(&b, Some("1/2"));
    let o = sectoria(&["sweep", "merge", s(&a.join("sweep.csv")), s(&b.join("sweep.csv")), "--out", s(&merged)]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["sweep.csv", "sweep_establishments.csv", "sweep_changes.csv"] {
        assert!(read(full.join(name)) == read(merged.join(name)), "{name}: merged shards differ from the whole sweep");
    }
    // A shard's sweep.csv without its sweep_establishments.csv beside it is refused.
    std::fs::remove_file(b.join("sweep_establishments.csv")).expect("remove");
    let again = work.path().join("again");
    let o = sectoria(&["sweep", "merge", s(&a.join("sweep.csv")), s(&b.join("sweep.csv")), "--out", s(&again)]);
    assert!(!o.status.success() && stderr(&o).contains("chaque tranche écrit sweep.csv et sweep_establishments.csv"));
}

/// A sweep stopped by Ctrl-C writes the scenarios solved (and no response curve between
/// scenarios that are not consecutive); the command it prints solves only the others, and the
/// sweep then equals one never interrupted, byte for byte. A sweep that would write over
/// results is refused before its solves, and a resume of another grid is refused.
#[test]
fn a_sweep_stopped_by_ctrl_c_keeps_its_scenarios_and_resumes_into_the_uninterrupted_sweep() {
    let work = tempfile::tempdir().expect("tempdir");
    let demo = demo_dir();
    let scenario = demo.join("scenario.toml");
    let (stopped, full) = (work.path().join("stopped"), work.path().join("full"));
    let grid = |out: &Path| -> Vec<String> {
        let mut args = vec!["sweep", "--instance", s(&demo), "--scenario", s(&scenario)];
        args.extend(["--vary", "budget.total_fte=12:21:0.5", "--vary", "priorities.rep_plus=1:4:1", "--out", s(out)]);
        args.into_iter().map(String::from).collect()
    };
    let args = grid(&stopped);
    let (status, _, err) = interrupted(&args.iter().map(String::as_str).collect::<Vec<_>>(), "scénarios : 8 sur 76");
    assert!(status.success(), "{err}");
    assert!(err.contains("Ctrl-C : le balayage s'arrête après les scénarios en cours"), "{err}");
    let done = number_after(&err, "Balayage arrêté : ");
    assert!((8..76).contains(&done), "{done} scenarios: {err}");
    let csv = std::fs::read_to_string(stopped.join("sweep.csv")).expect("sweep.csv");
    assert_eq!(csv.lines().count(), done + 1, "header + the scenarios solved: {csv}");
    assert!(!stopped.join("sweep_changes.csv").exists(), "no response curve over a partial grid");
    // Run again without --resume, it says how to resume.
    let o = sectoria(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!o.status.success() && stderr(&o).contains("ajoutez --resume pour le reprendre"), "{}", stderr(&o));
    // Another grid cannot resume it.
    let mut other = args.clone();
    other[6] = "budget.total_fte=12:21:1".into();
    other.push("--resume".into());
    let o = sectoria(&other.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!o.status.success() && stderr(&o).contains("reprenez-le avec les mêmes options"), "{}", stderr(&o));
    // The command printed resumes it.
    let hint = err
        .lines()
        .find_map(|l| l.split(" en gardant ceux-ci : sectoria ").nth(1))
        .unwrap_or_else(|| panic!("how to resume: {err}"));
    let mut expected = args[..].to_vec();
    expected.push("--resume".into());
    assert_eq!(hint.split(' ').collect::<Vec<_>>(), expected, "{err}");
    let o = sectoria(&expected.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("Reprise : {done} scénarios déjà résolus, {} à résoudre.", 76 - done)));
    assert!(stderr(&o).contains(&format!("scénarios : {} sur {}", 76 - done, 76 - done)), "{}", stderr(&o));
    let o = sectoria(&grid(&full).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["sweep.csv", "sweep_changes.csv"] {
        let (a, b) = (std::fs::read(stopped.join(name)).expect(name), std::fs::read(full.join(name)).expect(name));
        assert!(a == b, "{name} of the resumed sweep differs from the uninterrupted one");
    }
    assert!(!stopped.join("sweep_resume.json").exists(), "the sweep is whole again");
    // Over results, without --force: refused before any solve.
    let o = sectoria(&grid(&full).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!o.status.success() && stderr(&o).contains("existe déjà"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("scénarios :"), "refused before the solves: {}", stderr(&o));
}

/// Robustness draws stopped by Ctrl-C: the figures are written over the draws solved, and say
/// how many.
#[test]
fn robustness_draws_stopped_by_ctrl_c_are_written_over_the_draws_solved() {
    let work = tempfile::tempdir().expect("tempdir");
    let (demo, out) = (demo_dir(), work.path().join("out"));
    let scenario = demo.join("scenario.toml");
    let args = ["sweep", "--instance", s(&demo), "--scenario", s(&scenario), "--jitter", "0.2", "--samples", "200"];
    let args = [&args[..], &["--out", s(&out)]].concat();
    let (status, printed, err) = interrupted(&args, "scénarios : 21 sur 201");
    assert!(status.success(), "{err}");
    assert!(err.contains("Ctrl-C : les tirages s'arrêtent après ceux en cours"), "{err}");
    let done = number_after(&err, "Tirages arrêtés : ");
    assert!((20..200).contains(&done), "{done} draws: {err}");
    let draws = std::fs::read_to_string(out.join("sweep.csv")).expect("sweep.csv");
    assert_eq!(draws.lines().count(), done + 1, "header + the draws solved");
    let solved = draws.lines().skip(1).filter(|l| !l.contains(";infaisable;") && !l.contains(";échec;")).count();
    assert!(printed.contains(&format!("graine 0 : {solved} résolu(s).")), "{printed}");
    let figures = std::fs::read_to_string(out.join("robustness.csv")).expect("robustness.csv");
    assert!(
        figures.lines().skip(1).all(|l| l.ends_with(&format!(";{solved}"))),
        "each establishment counts the draws solved: {figures}"
    );
}

/// A frontier stopped by Ctrl-C: the plan and the points found are written, and the method (in
/// `plan.json`, the report and the terminal) says that a plan may be missing between two points.
#[test]
fn a_frontier_stopped_by_ctrl_c_writes_the_plan_with_the_points_found() {
    let work = tempfile::tempdir().expect("tempdir");
    let (demo, out) = (demo_dir(), work.path().join("out"));
    // At 1e-4 the demo's frontier takes 17 solves, about a second.
    let text = std::fs::read_to_string(demo.join("scenario.toml")).expect("read");
    assert!(text.contains("\nrelative_gap = 0.001\n"), "the demo scenario's gap changed: update this test");
    let scenario = work.path().join("scenario.toml");
    std::fs::write(&scenario, text.replace("\nrelative_gap = 0.001\n", "\nrelative_gap = 0.0001\n")).expect("write");
    let args = ["frontier", "--instance", s(&demo), "--scenario", s(&scenario), "--out", s(&out)];
    let (status, _, err) = interrupted(&args, "Frontière largeur–profondeur : 1 résolution");
    assert!(status.success(), "{err}");
    assert!(err.contains("Ctrl-C : la frontière s'arrête après les résolutions en cours"), "{err}");
    assert!(err.contains("Frontière arrêtée par Ctrl-C"), "{err}");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).expect("plan.json")).expect("json");
    let method = plan["frontier"]["method"].as_str().expect("method");
    let solves = number_after(method, "arrêtée à la demande après ");
    assert!((1..17).contains(&solves), "{solves} solves: {method}");
    let points = plan["frontier"]["points"].as_array().expect("points").len();
    let csv = std::fs::read_to_string(out.join("frontier.csv")).expect("frontier.csv");
    assert_eq!(csv.lines().count(), points + 1, "header + the points found");
    let report = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(report.contains("arrêtée à la demande"), "the report says the frontier was stopped");
    let o =
        sectoria(&["check", "--instance", s(&demo), "--scenario", s(&scenario), "--plan", s(&out.join("plan.json"))]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // A plan written over it with --force: the frontier it no longer has is not left behind.
    let o = sectoria(&["plan", "--instance", s(&demo), "--scenario", s(&scenario), "--out", s(&out), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("frontier.csv").exists() && !out.join("frontier.svg").exists());
    assert!(
        stdout(&o).contains("frontier.csv supprimé : il décrivait la frontière du plan remplacé"),
        "{}",
        stdout(&o)
    );
}

/// Runs `sectoria args`, sends it Ctrl-C (SIGINT) once its stderr has a line starting with
/// `at`, and returns its exit status, stdout and stderr.
fn interrupted(args: &[&str], at: &str) -> (std::process::ExitStatus, String, String) {
    use std::io::{BufRead, BufReader, Read};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run sectoria");
    let mut out = child.stdout.take().expect("stdout");
    let printed = std::thread::spawn(move || {
        let mut text = String::new();
        out.read_to_string(&mut text).expect("stdout");
        text
    });
    let mut err = String::new();
    let mut sent = false;
    for line in BufReader::new(child.stderr.take().expect("stderr")).lines() {
        let line = line.expect("stderr line");
        if !sent && line.starts_with(at) {
            let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
            assert!(kill.success());
            sent = true;
        }
        err += &line;
        err.push('\n');
    }
    assert!(sent, "no line {at:?}: {err}");
    let status = child.wait().expect("wait");
    (status, printed.join().expect("stdout thread"), err)
}

/// The number that follows `marker` in `err` (« arrêtées à la demande après N contrefactuels »,
/// « Balayage arrêté : N scénarios »…).
fn number_after(err: &str, marker: &str) -> usize {
    err.split(marker)
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number after {marker:?}: {err}"))
}

/// The number in « arrêtées à la demande après N contrefactuels » of `err`.
fn stopped_after(err: &str) -> usize {
    number_after(err, "arrêtées à la demande après ")
}

/// `plan --explain` interrupted by Ctrl-C once its re-solves are under way: no further
/// counterfactual starts, and the plan is written, checked valid, with exactly the
/// counterfactuals the terminal counts and the report's note on partial explanations; then
/// `explain --out` completes it. With `--pseudonymise`: the completed plan keeps the
/// pseudonyms (its names come from the plan, not from workers.csv).
#[test]
fn plan_explain_stops_its_counterfactuals_on_ctrl_c_and_writes_the_plan_with_those_computed() {
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out");
    let scenario = demo_dir().join("scenario.toml");
    // Without a terminal, the count comes as lines, one per tenth of the 121 establishments.
    let demo = demo_dir();
    let args =
        ["plan", "--instance", s(&demo), "--scenario", s(&scenario), "--out", s(&out), "--explain", "--pseudonymise"];
    let (status, _, err) = interrupted(&args, "contrefactuels : 13 sur 121");
    assert!(status.success(), "{err}");
    assert!(err.contains("Ctrl-C : les explications s'arrêtent après les contrefactuels en cours"), "{err}");
    let done = stopped_after(&err);
    assert!((13..121).contains(&done), "{done} counterfactuals: {err}");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).expect("plan.json")).expect("json");
    let explained = plan["establishments"]
        .as_array()
        .expect("establishments")
        .iter()
        .filter(|e| e.get("explanation").is_some_and(|x| !x.is_null()))
        .count();
    assert_eq!(explained, done, "the plan holds the counterfactuals the terminal counts");
    let report = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(report.contains("explications-partielles"), "the report says they are partial");
    let o =
        sectoria(&["check", "--instance", s(&demo), "--scenario", s(&scenario), "--plan", s(&out.join("plan.json"))]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // The command the terminal gives completes it in place: the counterfactuals computed are
    // kept, the others computed.
    let hint = err
        .lines()
        .find_map(|l| l.strip_prefix("Pour calculer les contrefactuels manquants en gardant ceux-ci : sectoria "))
        .unwrap_or_else(|| panic!("how to complete them: {err}"));
    let completed = out.clone();
    let words: Vec<&str> = hint.split(' ').collect();
    assert_eq!(
        words,
        ["explain", "--instance", s(&demo), "--plan", s(&out.join("plan.json")), "--out", s(&out), "--force"]
    );
    let o = sectoria(&words);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("Le plan porte déjà {done} contrefactuels : {} à calculer", 121 - done)));
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(completed.join("plan.json")).expect("plan.json")).expect("json");
    let explanations = |p: &serde_json::Value| -> Vec<serde_json::Value> {
        p["establishments"].as_array().expect("establishments").iter().map(|e| e["explanation"].clone()).collect()
    };
    let (before, now) = (explanations(&plan), explanations(&after));
    assert!(now.iter().all(|x| !x.is_null()), "every establishment explained");
    assert!(before.iter().zip(&now).all(|(b, n)| b.is_null() || b == n), "those computed are kept");
    let report = std::fs::read_to_string(completed.join("report.html")).expect("report.html");
    assert!(!report.contains("explications-partielles"), "the report no longer says they are partial");
    let names: Vec<&str> =
        after["workers"].as_array().expect("workers").iter().filter_map(|w| w["name"].as_str()).collect();
    assert!(!names.is_empty() && names.iter().all(|n| n.starts_with("Assistant·e ")), "{names:?}");
    let sectors = std::fs::read_to_string(completed.join("sectors.csv")).expect("sectors.csv");
    assert!(!sectors.contains("Claire B."), "a real name is back in sectors.csv");
    let o = sectoria(&[
        "check",
        "--instance",
        s(&demo),
        "--scenario",
        s(&scenario),
        "--plan",
        s(&completed.join("plan.json")),
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

/// `explain` without `--uai` interrupted by Ctrl-C: it prints the explanations computed, each
/// with its counterfactual, and says how many.
#[test]
fn explain_all_prints_the_counterfactuals_computed_when_stopped_by_ctrl_c() {
    let work = tempfile::tempdir().expect("tempdir");
    let o = plan(&demo_dir(), &demo_dir().join("scenario.toml"), work.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let plan_json = work.path().join("plan.json");
    let demo = demo_dir();
    let args = ["explain", "--instance", s(&demo), "--plan", s(&plan_json)];
    let (status, printed, err) = interrupted(&args, "contrefactuels : 13 sur 121");
    assert!(status.success(), "{err}");
    let done = stopped_after(&err);
    assert!((13..121).contains(&done), "{done} counterfactuals: {err}");
    assert_eq!(printed.matches("  Contrefactuel : ").count(), done, "{printed}");
    assert_eq!(printed.matches("  Score de priorité : ").count(), done, "only those computed are printed");
}

#[test]
fn an_output_that_cannot_be_written_says_so_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("fichier");
    std::fs::write(&file, "pas un dossier").expect("write");
    let o = plan(&demo_dir(), &demo_dir().join("scenario.toml"), &file.join("sortie"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.starts_with("Erreur : impossible d'écrire"), "{err}");
    // The system's reason in French, once, with what to do; not its English text.
    assert!(
        err.trim_end()
            .ends_with("une partie du chemin est un fichier, pas un dossier ; vérifiez le chemin du dossier de sortie"),
        "{err}"
    );
    assert_eq!(err.matches("(os error").count(), 0, "{err}");
}

/// Every imported instance's scenario is « scenario.toml »: the report's header names the
/// instance folder, from `plan --instance` and, for `report`, from the plan's manifest.
#[test]
fn the_report_header_names_the_instance_folder() {
    let work = tempfile::tempdir().expect("tempdir");
    let instance = work.path().join("976");
    std::fs::create_dir(&instance).expect("mkdir");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(demo_dir().join(f), instance.join(f)).expect("copy");
    }
    let out = work.path().join("plan");
    let o = plan(&instance, &instance.join("scenario.toml"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    // The context line, its tags taken out.
    let header = |html: &str| {
        let line = html.split("<p id=\"contexte\">").nth(1)?.split("</p>").next()?;
        Some(line.split('<').map(|part| part.split_once('>').map_or(part, |(_, text)| text)).collect::<String>())
    };
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let line = header(&html).expect("a context line");
    assert!(line.contains("Instance 976") && line.contains("scenario.toml"), "{line}");
    let docs = work.path().join("docs");
    let o = sectoria(&["report", "--plan", s(&out.join("plan.json")), "--out", s(&docs)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(docs.join("report.html")).expect("report.html");
    assert!(header(&html).is_some_and(|l| l.contains("Instance 976")), "{html}");
}
