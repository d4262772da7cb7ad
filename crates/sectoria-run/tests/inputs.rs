//! A run's inputs: what the files hold that looks wrong but does not stop the plan reaches the
//! plan's warnings, and a lock on an unknown worker is refused with its line.

use sectoria_run::{load_inputs, plan_with_inputs, Error};
use std::path::Path;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo");

#[test]
fn today_s_sectors_above_a_quotite_are_in_the_plan_s_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(Path::new(DEMO).join(f), dir.path().join(f)).expect("copy");
    }
    let current = std::fs::read_to_string(dir.path().join("current.csv")).expect("current.csv");
    let first = current.lines().nth(1).expect("a row").to_string();
    let worker = first.split(';').next().expect("worker id").to_string();
    // The first worker given 0,9 ETP more at the last row's establishment: above its quotité.
    let last_uai = current.lines().last().and_then(|l| l.split(';').nth(1)).expect("a UAI");
    let extra = format!("{worker};{last_uai};0,9");
    std::fs::write(dir.path().join("current.csv"), format!("{current}{extra}\n")).expect("write");
    let inputs = load_inputs(dir.path(), &dir.path().join("scenario.toml")).expect("inputs");
    let warning = inputs
        .warnings
        .iter()
        .find(|w| w.contains(&format!("l'assistant {worker} a")) && w.contains("ETP de trop"))
        .unwrap_or_else(|| panic!("{:?}", inputs.warnings))
        .clone();
    // The file by its name: the plan does not depend on the folder it was made in.
    assert!(warning.starts_with("current.csv, ligne"), "{warning}");
    let mut plan = plan_with_inputs(&inputs.instance, &inputs.scenario, inputs.hashes.clone()).expect("plan");
    inputs.warn(&mut plan);
    assert_eq!(plan.warnings.first(), inputs.warnings.first());
    assert!(plan.warnings.contains(&warning));
}

#[test]
fn a_lock_on_an_unknown_worker_is_refused_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["establishments.csv", "workers.csv"] {
        std::fs::copy(Path::new(DEMO).join(f), dir.path().join(f)).expect("copy");
    }
    let uai = std::fs::read_to_string(dir.path().join("establishments.csv"))
        .expect("establishments")
        .lines()
        .nth(1)
        .and_then(|l| l.trim_start_matches('\u{feff}').split(';').next().map(str::to_string))
        .expect("a UAI");
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        format!("schema = 1\n\n[locks]\nassign = [{{ uai = \"{uai}\", worker = \"NOBODY\" }}]\n"),
    )
    .expect("write");
    let e = load_inputs(dir.path(), &scenario).expect_err("unknown worker");
    let text = e.to_string();
    assert!(matches!(e, Error::Input(_)), "{text}");
    assert!(text.contains("E124") && text.contains("ligne 4") && text.contains("NOBODY"), "{text}");
}
