//! Reliability of the command line (issue #6): the size guard on a 20,000-establishment file,
//! time limits, the exit code when no plan is found, atomic outputs and `--force`, and
//! `--pseudonymise`. See docs/reliability.md.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sectoria(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sectoria")).args(args).output().expect("run sectoria")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Writes `n` synthetic public collèges spread over a 2° × 2° box around Toulouse (a
/// deterministic pseudo-random walk, no generator crate needed).
fn synthetic_establishments(dir: &Path, n: usize) {
    let mut text = String::from("uai;name;kind;commune_insee;commune;lat;lon;pupils\n");
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 1_000_000) as f64 / 1_000_000.0
    };
    for k in 0..n {
        let (lat, lon) = (42.8 + 2.0 * next(), 0.4 + 2.0 * next());
        text.push_str(&format!(
            "{:07}A;Collège synthétique {k};college;31555;Toulouse;{lat:.5};{lon:.5};{}\n",
            1_000_000 + k,
            300 + k % 700
        ));
    }
    std::fs::write(dir.join("establishments.csv"), text).expect("write establishments.csv");
}

#[test]
fn a_20000_establishment_file_is_refused_before_the_model_with_e170() {
    let dir = tempfile::tempdir().expect("tempdir");
    synthetic_establishments(dir.path(), 20_000);
    let scenario = dir.path().join("scenario.toml");
    std::fs::write(&scenario, "schema = 1\n\n[budget]\ntotal_fte = 300.0\n").expect("scenario");
    let out = dir.path().join("out");
    let o = sectoria(&["plan", "--instance", s(dir.path()), "--scenario", s(&scenario), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("E170"), "{err}");
    assert!(err.contains("20000 établissements dans le périmètre, pour une limite de 2000"), "{err}");
    assert!(err.contains("par département") && err.contains("--max-establishments"), "{err}");
    assert_eq!(err.matches("E170").count(), 1, "the message is printed once: {err}");
    assert!(!out.exists(), "nothing is written");

    // Raising the establishment limit reaches the second guard, on candidate pairs (budget-only
    // mode: every collège is a possible base for every post).
    let o = sectoria(&[
        "plan",
        "--instance",
        s(dir.path()),
        "--scenario",
        s(&scenario),
        "--out",
        s(&out),
        "--max-establishments",
        "20000",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("E170") && err.contains("--max-pairs") && err.contains("plus de 500000 couples"), "{err}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn sweeps_apply_the_same_size_guard() {
    let dir = tempfile::tempdir().expect("tempdir");
    synthetic_establishments(dir.path(), 2_500);
    let scenario = dir.path().join("scenario.toml");
    std::fs::write(&scenario, "schema = 1\n\n[budget]\ntotal_fte = 40.0\n").expect("scenario");
    let out = dir.path().join("out");
    let grid = ["sweep", "--instance", s(dir.path()), "--scenario", s(&scenario), "--out", s(&out)];
    let o = sectoria(&[&grid[..], &["--vary", "budget.total_fte=30:40:10"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("E170") && err.contains("2500 établissements dans le périmètre"), "{err}");
    assert!(!out.exists(), "nothing is written");
    let o = sectoria(&[&grid[..], &["--jitter", "0.1", "--samples", "2"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("E170"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn the_size_limit_code_is_in_the_error_catalogue() {
    let description = sectoria_io::error::describe("E170").expect("E170 catalogued");
    assert!(description.contains("trop grande"), "{description}");
}

/// The demo's establishments in budget-only mode at gap 0 (the hard case): one second is not
/// enough to prove optimality, but the warm start is a plan.
#[test]
fn a_tiny_time_limit_still_gives_a_plan_with_the_time_limit_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(demo_dir().join("establishments.csv"), dir.path().join("establishments.csv")).expect("copy");
    let scenario = dir.path().join("scenario.toml");
    std::fs::write(
        &scenario,
        "schema = 1\n\n[budget]\ntotal_fte = 22.0\n\n[solver]\ntime_limit_s = 0.01\nrelative_gap = 0.0\n",
    )
    .expect("scenario");
    let out = dir.path().join("out");
    let o = sectoria(&["plan", "--instance", s(dir.path()), "--scenario", s(&scenario), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).expect("plan.json")).expect("json");
    assert_eq!(plan["solver"]["status"], "time_limit", "{}", plan["solver"]);
    assert!(plan["solver"]["relative_gap"].as_f64().expect("gap") > 0.0);
    let summary = std::fs::read_to_string(out.join("summary.txt")).expect("summary");
    assert!(summary.contains("limite de temps atteinte"), "{summary}");
    assert!(stdout(&o).contains("limite de temps atteinte"));
    // The plan stopped by the time limit is still a valid plan.
    let o = sectoria(&[
        "check",
        "--instance",
        s(dir.path()),
        "--scenario",
        s(&scenario),
        "--plan",
        s(&out.join("plan.json")),
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

/// With a warm start HiGHS always holds a plan, so "no plan within the time limit" has no
/// natural input: the mapping from the solver's answer to exit code 3 is tested here.
#[test]
fn no_plan_from_the_solver_maps_to_exit_code_3_with_a_french_message() {
    let e = sectoria::Error::from(sectoria_solver::SolveError::NoPlan(
        "aucune solution trouvée dans la limite de temps".to_string(),
    ));
    assert_eq!(e.exit_code(), 3);
    assert_eq!(e.to_string(), "aucun plan : aucune solution trouvée dans la limite de temps");
    let infeasible = sectoria::Error::from(sectoria_solver::SolveError::Infeasible(Vec::new()));
    assert_eq!(infeasible.exit_code(), 2);
    let too_large = sectoria::Error::from(sectoria_core::ProblemError::TooLarge {
        what: "20000 établissements dans le périmètre".to_string(),
        found: 20_000,
        limit: 2_000,
        option: "--max-establishments".to_string(),
    });
    assert_eq!(too_large.exit_code(), 1);
}

#[test]
fn a_second_run_without_force_fails_in_french_and_leaves_the_first_outputs_intact() {
    let out = tempfile::tempdir().expect("tempdir");
    let demo = demo_dir();
    let scenario = demo.join("scenario.toml");
    let run = |extra: &[&str]| {
        let mut args = vec!["plan", "--instance", s(&demo), "--scenario", s(&scenario), "--out", s(out.path())];
        args.extend_from_slice(extra);
        sectoria(&args)
    };
    assert!(run(&[]).status.success());
    let files =
        ["plan.json", "allocation.csv", "sectors.csv", "summary.txt", "report.html", "plan.geojson", "plan.xlsx"];
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(out.path().join(f)).expect(f)).collect();
    let manifest = std::fs::read(out.path().join("manifest.json")).expect("manifest");

    let o = run(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("contient déjà un plan") && err.contains("--force"), "{err}");
    for (f, b) in files.iter().zip(&before) {
        assert!(&std::fs::read(out.path().join(f)).expect(f) == b, "{f} changed");
    }
    assert_eq!(std::fs::read(out.path().join("manifest.json")).expect("manifest"), manifest);

    // --force replaces them, and no temporary file is left behind.
    let o = run(&["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (f, b) in files.iter().zip(&before) {
        assert!(&std::fs::read(out.path().join(f)).expect(f) == b, "{f} differs after --force");
    }
    let leftovers: Vec<String> = std::fs::read_dir(out.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_output_that_cannot_be_written_fails_in_french_and_keeps_the_previous_file() {
    // A folder squats the name of one output: its rename fails, the files before it are
    // replaced whole, the squatted name is untouched.
    let out = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(out.path().join("sectors.csv")).expect("mkdir");
    std::fs::write(out.path().join("sectors.csv").join("keep"), "x").expect("write");
    let o = sectoria(&["demo", "--out", s(out.path())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("impossible d'écrire") && err.contains("sectors.csv"), "{err}");
    assert!(out.path().join("sectors.csv").join("keep").exists());
    assert!(std::fs::read_to_string(out.path().join("allocation.csv")).expect("allocation").lines().count() > 100);
}

/// The real names of `data/demo/workers.csv`.
fn demo_worker_names() -> Vec<String> {
    let text = std::fs::read_to_string(demo_dir().join("workers.csv")).expect("workers.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").trim_start_matches('\u{feff}').split(';').collect();
    let col = header.iter().position(|h| *h == "name").expect("name column");
    let names: Vec<String> =
        lines.map(|l| l.split(';').nth(col).expect("name").to_string()).filter(|n| !n.is_empty()).collect();
    assert!(names.len() >= 20, "{names:?}");
    names
}

/// Every byte of an output, with the members of a zip archive (xlsx) inflated.
fn searchable_bytes(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).expect("read output");
    if !bytes.starts_with(b"PK") {
        return bytes;
    }
    let mut all = Vec::new();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    for n in 0..zip.len() {
        zip.by_index(n).expect("member").read_to_end(&mut all).expect("inflate");
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn pseudonymised_outputs_hold_no_real_worker_name_and_are_stable() {
    let names = demo_worker_names();
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let o = sectoria(&["demo", "--pseudonymise", "--out", s(a.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    for n in &names {
        assert!(!stdout(&o).contains(n.as_str()), "{n} in the terminal summary");
    }
    let scenario = demo_dir().join("scenario.toml");
    let o = sectoria(&[
        "plan",
        "--instance",
        s(&demo_dir()),
        "--scenario",
        s(&scenario),
        "--out",
        s(b.path()),
        "--pseudonymise",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut seen_pseudonym = false;
    for entry in std::fs::read_dir(a.path()).expect("read_dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let bytes = searchable_bytes(&path);
        for n in &names {
            assert!(!contains(&bytes, n), "{n} appears in {name}");
        }
        seen_pseudonym |= contains(&bytes, "Assistant·e 07");
        if name != "manifest.json" {
            // `demo` and `plan` on the same files give the same outputs, pseudonyms included.
            assert!(searchable_bytes(&b.path().join(&name)) == bytes, "{name} differs between the two runs");
        }
    }
    assert!(seen_pseudonym, "no pseudonym in the outputs");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(a.path().join("plan.json")).expect("plan")).expect("json");
    let first = &plan["workers"][0];
    assert_eq!(first["id"], "ASS01", "ids are kept");
    assert_eq!(first["name"], "Assistant·e 01");
    // The pseudonymised plan is still a valid plan of the instance.
    let o = sectoria(&[
        "check",
        "--instance",
        s(&demo_dir()),
        "--scenario",
        s(&scenario),
        "--plan",
        s(&b.path().join("plan.json")),
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));

    // `report --pseudonymise` on a plan written with the real names.
    let c = tempfile::tempdir().expect("tempdir");
    let d = tempfile::tempdir().expect("tempdir");
    assert!(sectoria(&["plan", "--instance", s(&demo_dir()), "--scenario", s(&scenario), "--out", s(c.path())])
        .status
        .success());
    assert!(contains(&searchable_bytes(&c.path().join("plan.json")), &names[0]), "real names without the flag");
    let o = sectoria(&["report", "--plan", s(&c.path().join("plan.json")), "--out", s(d.path()), "--pseudonymise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["report.html", "plan.geojson", "plan.xlsx"] {
        let bytes = searchable_bytes(&d.path().join(f));
        for n in &names {
            assert!(!contains(&bytes, n), "{n} appears in report's {f}");
        }
        assert!(bytes == searchable_bytes(&a.path().join(f)), "report's {f} differs from plan's");
    }
}
