//! Real départements from `../shared/data`: import, plan in budget-only mode (1 ETP per
//! 1,600 pupils), and check every plan independently. Skipped with a message when the data
//! folder is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("annuaire").is_dir() {
        Some(dir)
    } else {
        eprintln!("../shared/data absent : tests sur données réelles ignorés");
        None
    }
}

fn sectoria(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sectoria")).args(args).output().expect("run sectoria")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Imports `dep`, plans it within `time_limit_s` and a 1 % gap, checks the plan; returns the plan.
fn import_plan_check(dep: &str, time_limit_s: u32) -> Option<serde_json::Value> {
    let data = data_dir()?;
    let work = tempfile::tempdir().expect("tempdir");
    let instance = work.path().join("instance");
    let o = sectoria(&[
        "import",
        "--departement",
        dep,
        "--donnees",
        s(&data),
        "--pupils-per-fte",
        "1600",
        "--out",
        s(&instance),
    ]);
    assert!(o.status.success(), "import {dep}: {}", String::from_utf8_lossy(&o.stderr));
    let scenario = instance.join("scenario.toml");
    let mut text = std::fs::read_to_string(&scenario).expect("scenario written by import");
    text.push_str(&format!("\n[solver]\ntime_limit_s = {time_limit_s}\nrelative_gap = 0.01\n"));
    std::fs::write(&scenario, text).expect("write scenario");
    let out = work.path().join("plan");
    let o = sectoria(&["plan", "--instance", s(&instance), "--scenario", s(&scenario), "--out", s(&out)]);
    assert!(
        o.status.success(),
        "plan {dep}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let plan_json = out.join("plan.json");
    let o = sectoria(&["check", "--instance", s(&instance), "--scenario", s(&scenario), "--plan", s(&plan_json)]);
    assert!(o.status.success(), "check {dep}: {}", String::from_utf8_lossy(&o.stderr));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plan_json).expect("read")).expect("json");
    // Budget-only: every worker is a generated post and every REP+ establishment is served.
    assert!(plan["workers"].as_array().expect("workers").iter().all(|w| w["generated"] == true));
    for e in plan["establishments"].as_array().expect("establishments") {
        if e["must_cover"] == true {
            assert!(e["allocated_units"].as_u64().expect("units") > 0, "{dep}: {} not served", e["uai"]);
        }
    }
    println!(
        "{dep}: statut {} écart {:.4} couverture pondérée {:.3} (glouton {:.3})",
        plan["solver"]["status"],
        plan["solver"]["relative_gap"],
        plan["kpis"]["weighted_coverage"],
        plan["baseline"]["kpis"]["weighted_coverage"]
    );
    Some(plan)
}

#[test]
fn aveyron_012() {
    import_plan_check("012", 30);
}

#[test]
fn haute_garonne_031() {
    import_plan_check("031", 60);
}

#[test]
fn herault_034() {
    import_plan_check("034", 60);
}

#[test]
fn lozere_048() {
    if let Some(plan) = import_plan_check("48", 30) {
        // 13 collèges, 3 lycées, 1 LP, less the annex 0480014E, counted with its mother
        // 0480003T (no enrolment of its own): 16 establishments.
        assert_eq!(plan["establishments"].as_array().expect("establishments").len(), 16);
    }
}

#[test]
fn pyrenees_orientales_066() {
    import_plan_check("066", 60);
}
