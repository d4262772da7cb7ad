//! « Que perd le plan par rapport à l'an dernier ? » (tester's session s49): `sectoria demo`
//! (whose instance has current.csv) measures today's sectors like the plan, writes them in
//! `plan.json` (`today`) and prints them as a third column « Secteurs actuels » with the sentence
//! of what the plan changes against them; the same instance without current.csv prints and writes
//! none of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sectoria(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sectoria")).args(args).output().expect("run sectoria")
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn plan_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).expect("plan.json")).expect("json")
}

#[test]
fn the_demo_prints_and_writes_today_s_sectors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("demo");
    let o = sectoria(&["demo", "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let header = stdout.lines().find(|l| l.contains("Plan optimisé")).expect("the table's header");
    assert!(header.ends_with("Règle usuelle  Secteurs actuels"), "{stdout}");
    assert!(stdout.contains("\nFace aux secteurs actuels, le plan optimisé : "), "{stdout}");
    assert!(stdout.contains("\nSecteurs actuels : ceux de current.csv"), "{stdout}");
    // plan.json: today's figures, as the column prints them.
    let plan = plan_json(&out);
    let today = &plan["today"];
    let served = today["kpis"]["establishments_served"].as_u64().expect("today's establishments served");
    let total = today["kpis"]["establishments"].as_u64().expect("establishments");
    assert!(served > 0 && total == plan["kpis"]["establishments"].as_u64().expect("plan's"), "{today}");
    let row = stdout.lines().find(|l| l.starts_with("Établissements servis")).expect("row");
    assert!(row.ends_with(&format!("{served}/{total}")), "{row}");
    assert!(today["objective"]["total"].is_number(), "{today}");
    // The demo keeps 0,5 ETP in reserve while today's sectors use all the workers' time: said.
    let broken = today["broken_rules"].as_array().expect("rules today's sectors break");
    assert!(broken.iter().any(|r| r.as_str().is_some_and(|r| r.contains("budget.reserve_fte"))), "{today}");
    assert!(stdout.contains("La répartition actuelle ne respecte pas toutes les règles de ce scénario"), "{stdout}");
}

#[test]
fn without_current_csv_there_is_no_today_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let instance = dir.path().join("instance");
    std::fs::create_dir(&instance).expect("instance folder");
    for file in ["establishments.csv", "workers.csv", "distances.csv", "scenario.toml"] {
        std::fs::copy(demo_dir().join(file), instance.join(file)).expect("copy");
    }
    let out = dir.path().join("out");
    let o = sectoria(&[
        "plan",
        "--instance",
        s(&instance),
        "--scenario",
        s(&instance.join("scenario.toml")),
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(!stdout.contains("Secteurs actuels") && !stdout.contains("Face aux secteurs"), "{stdout}");
    assert!(plan_json(&out).get("today").is_none());
}
