//! `sectoria report` names the instance the plan was made from, also when the plan was made
//! with `--instance .` and the report from another folder: it named that other folder
//! (« instance cli », « instance tmp »), resolving the manifest's `.` at report time.

use std::path::Path;
use std::process::Command;

fn sectoria(dir: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_sectoria")).current_dir(dir).args(args).output().expect("run sectoria");
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_plan_of_instance_dot_is_reported_with_its_folder_from_anywhere() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let instance = tmp.path().join("inst-w031");
    std::fs::create_dir(&instance).expect("instance folder");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    for file in ["establishments.csv", "workers.csv", "current.csv", "distances.csv", "scenario.toml"] {
        std::fs::copy(demo.join(file), instance.join(file)).expect("copy the demo");
    }
    sectoria(&instance, &["plan", "--instance", ".", "--scenario", "scenario.toml", "--out", "../plan"]);
    let manifest = std::fs::read_to_string(tmp.path().join("plan/manifest.json")).expect("manifest");
    assert!(manifest.contains("\"instance\": \"inst-w031\""), "{manifest}");
    let named = "Instance <strong>inst-w031</strong>";
    let plan_report = std::fs::read_to_string(tmp.path().join("plan/report.html")).expect("report");
    assert!(plan_report.contains(named), "the plan's own report");
    // From the folder above, as the tester did (« instance cli »).
    sectoria(tmp.path(), &["report", "--plan", "plan/plan.json", "--out", "again"]);
    let report = std::fs::read_to_string(tmp.path().join("again/report.html")).expect("report");
    assert!(
        report.contains(named),
        "{}",
        report.split("<h1").nth(1).unwrap_or_default().chars().take(600).collect::<String>()
    );
    let top = tmp.path().file_name().and_then(|n| n.to_str()).expect("name");
    assert!(!report.contains(&format!("Instance <strong>{top}</strong>")));
}
