//! Command-line defects found by a rectorat analyst (session 46): a closed standard output
//! (`| head`) neither panics nor loses a file; `check` against another scenario leads with it
//! and does not claim the input files changed; `--vary` with a mistyped key suggests the valid
//! one; a sweep's rows say when the budget passes the workers' time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_sectoria")
}

fn sectoria(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().expect("run sectoria")
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Runs sectoria with its standard output a pipe whose reader has gone (`sectoria … | head`
/// once head has exited): the reader is closed before the command prints anything.
fn with_closed_stdout(args: &[&str]) -> (std::process::ExitStatus, String) {
    let mut child =
        Command::new(bin()).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run sectoria");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    (out.status, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A plan of the demo (the embedded instance, the same files as data/demo) in `dir`.
fn demo_plan(dir: &Path) -> PathBuf {
    let o = sectoria(&["demo", "--out", s(dir)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir.join("plan.json")
}

#[test]
fn a_closed_standard_output_neither_panics_nor_loses_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = demo_plan(&dir.path().join("a"));
    let csv = dir.path().join("compare.csv");
    let (status, err) = with_closed_stdout(&["compare", s(&plan), s(&plan), "--csv", s(&csv)]);
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(std::fs::metadata(&csv).is_ok_and(|m| m.len() > 100), "compare.csv written");
    let out = dir.path().join("sweep");
    let (demo, scenario) = (demo_dir(), demo_dir().join("scenario.toml"));
    let (status, err) = with_closed_stdout(&[
        "sweep",
        "--instance",
        s(&demo),
        "--scenario",
        s(&scenario),
        "--vary",
        "budget.total_fte=21:22:1",
        "--out",
        s(&out),
    ]);
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for f in ["sweep.csv", "sweep_establishments.csv", "sweep_changes.csv"] {
        assert!(out.join(f).is_file(), "{f} written");
    }
    // Its rows say what the budget is against the workers' time (22,8 ETP).
    let csv = std::fs::read_to_string(out.join("sweep.csv")).expect("sweep.csv");
    assert!(
        csv.contains("budget sous le temps des assistants (22,8 ETP) : 2,3 ETP de leur temps laissés sans affectation (réserve comprise)"),
        "{csv}"
    );
}

#[test]
fn check_against_another_scenario_leads_with_it_and_no_file_is_said_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = demo_plan(&dir.path().join("p"));
    let text = std::fs::read_to_string(demo_dir().join("scenario.toml")).expect("scenario");
    let b18 = dir.path().join("b18.toml");
    std::fs::write(&b18, text.replace("# total_fte = 22.8", "total_fte = 18.0")).expect("write");
    let o = sectoria(&["check", "--instance", s(&demo_dir()), "--scenario", s(&b18), "--plan", s(&plan)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let first = err.lines().nth(1).unwrap_or_default();
    assert_eq!(
        first,
        "  - ce plan a été calculé avec un autre scénario que celui donné : budget.total_fte : non défini dans le plan, \
         18 dans le scénario donné ; vérifiez --scenario",
        "{err}"
    );
    assert!(!err.contains("fichiers d'entrée ont changé"), "the instance files are the same: {err}");
    assert!(!err.contains("version antérieure"), "{err}");
}

#[test]
fn a_mistyped_varied_key_lists_the_valid_keys_and_suggests_the_nearest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scenario = demo_dir().join("scenario.toml");
    let o = sectoria(&[
        "sweep",
        "--instance",
        s(&demo_dir()),
        "--scenario",
        s(&scenario),
        "--vary",
        "budget.totalfte=16:24:1",
        "--out",
        s(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("vouliez-vous dire « total_fte » ?"), "{err}");
    assert!(err.contains("clés valides dans la section [budget] : total_fte, reserve_fte, unit_fte"), "{err}");
}
