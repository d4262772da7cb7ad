//! An adopted plan becomes the instance's `current.csv`, which the next run reads back as
//! today's sectors; nothing is lost or half-written when it cannot.

use sectoria_run::adopt::{adopt, current_csv};
use sectoria_run::{load_instance, plan, read_scenario, Error};
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

#[test]
fn an_adopted_plan_is_read_back_as_todays_sectors() {
    let dir = demo_folder();
    let scenario = read_scenario(&Path::new(DEMO).join("scenario.toml")).expect("scenario");
    let instance = load_instance(dir.path()).expect("instance");
    let p = plan(&instance, &scenario).expect("plan");

    let adopted = adopt(dir.path(), &p, false).expect("adopted");
    assert_eq!(adopted.backup, None);
    let back = load_instance(dir.path()).expect("the instance reads its new current.csv");
    let mut expected: Vec<(String, String, f64)> = p
        .workers
        .iter()
        .flat_map(|w| w.sector.iter().map(move |l| (w.id.clone(), l.uai.clone(), f64::from(l.units) * 0.1)))
        .collect();
    let mut read: Vec<(String, String, f64)> =
        back.current.iter().map(|c| (c.worker_id.clone(), c.uai.clone(), c.fte)).collect();
    expected.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    read.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    assert_eq!(read.len(), expected.len());
    assert_eq!(adopted.lines, expected.len());
    // Opens cleanly in French Excel: BOM, `;` and decimal commas.
    let written = std::fs::read_to_string(&adopted.path).expect("current.csv");
    assert!(written.starts_with("\u{feff}worker_id;uai;fte"), "{written}");
    assert!(written.lines().skip(1).all(|l| l.split(';').nth(2).is_some_and(|f| !f.contains('.'))), "{written}");
    assert!(written.lines().skip(1).any(|l| l.ends_with(",2") || l.contains(',')), "{written}");
    for (r, e) in read.iter().zip(&expected) {
        assert_eq!((&r.0, &r.1), (&e.0, &e.1));
        assert!((r.2 - e.2).abs() < 1e-9, "{r:?} {e:?}");
    }
    // Planned again against its own sectors, with a stability penalty: nothing to change.
    let mut stable = scenario.clone();
    stable.stability.penalty_per_unit = 5.0;
    let again = plan(&back, &stable).expect("plan");
    assert_eq!(again.kpis.changed_units, 0, "the adopted plan is today's sectors");

    // A second adoption needs `replace`, and keeps the file it replaces.
    let first = std::fs::read_to_string(&adopted.path).expect("current.csv");
    let e = adopt(dir.path(), &p, false).expect_err("current.csv exists");
    assert!(matches!(&e, Error::Adopt(m) if m.contains("--force")), "{e}");
    std::fs::write(&adopted.path, "worker_id;uai;fte\n").expect("today's sectors edited by hand");
    let replaced = adopt(dir.path(), &p, true).expect("replaced");
    let backup = replaced.backup.expect("backup");
    assert!(backup
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("current-") && n.ends_with(".csv")));
    assert_eq!(std::fs::read_to_string(&backup).expect("backup"), "worker_id;uai;fte\n");
    // Adopted again at once (within the same second, most likely): another backup, none lost.
    let again = adopt(dir.path(), &p, true).expect("replaced again").backup.expect("backup");
    assert_ne!(again, backup);
    assert_eq!(std::fs::read_to_string(&backup).expect("first backup"), "worker_id;uai;fte\n");
    assert_eq!(std::fs::read_to_string(&again).expect("second backup"), first);
}

#[test]
fn a_plan_the_instance_no_longer_knows_is_refused_and_nothing_written() {
    let dir = demo_folder();
    let scenario = read_scenario(&Path::new(DEMO).join("scenario.toml")).expect("scenario");
    let p = plan(&load_instance(dir.path()).expect("instance"), &scenario).expect("plan");
    // A worker of the plan has left workers.csv since.
    let gone = p.workers.iter().find(|w| !w.sector.is_empty()).expect("a sector").id.clone();
    let workers = std::fs::read_to_string(dir.path().join("workers.csv")).expect("workers");
    let kept: Vec<&str> = workers.lines().filter(|l| !l.starts_with(&format!("{gone};"))).collect();
    std::fs::write(dir.path().join("workers.csv"), kept.join("\n") + "\n").expect("write");
    let e = adopt(dir.path(), &p, true).expect_err("unknown worker");
    assert!(matches!(&e, Error::Adopt(m) if m.contains("E140") && m.contains(&gone)), "{e}");
    assert!(!dir.path().join("current.csv").exists());

    // Posts generated from the budget are no one's sectors.
    let mut posts = p.clone();
    posts.workers[0].generated = true;
    let e = current_csv(&posts).expect_err("generated posts");
    assert!(e.to_string().contains("fait sans workers.csv"), "{e}");
    assert_eq!(e.exit_code(), 1);
}
