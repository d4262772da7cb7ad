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
    let e = adopt(dir.path(), &p, true).expect_err("a worker who has left");
    let sector: Vec<&str> = p
        .workers
        .iter()
        .find(|w| w.id == gone)
        .map(|w| w.sector.iter().filter(|l| l.units > 0).map(|l| l.uai.as_str()).collect())
        .unwrap_or_default();
    let expected = format!(
        "le plan ne peut pas devenir les secteurs actuels : {gone} ({}) n'est plus dans workers.csv, mais ce plan lui \
         donne ces établissements : l'adopter écrirait dans current.csv le secteur d'un assistant parti. Planifiez de \
         nouveau avec l'instance actuelle (le nouveau plan dit qui reprend ces établissements), puis adoptez ce \
         plan-là ; si un assistant est toujours en poste, remettez-le dans workers.csv",
        sector.join(", ")
    );
    assert!(matches!(&e, Error::Adopt(_)) && e.to_string() == expected, "{e}\n{expected}");
    assert!(!dir.path().join("current.csv").exists());

    // Posts generated from the budget are no one's sectors.
    let mut posts = p.clone();
    posts.workers[0].generated = true;
    let e = current_csv(&posts).expect_err("generated posts");
    assert!(e.to_string().contains("fait sans workers.csv"), "{e}");
    assert_eq!(e.exit_code(), 1);
}

/// The next year: a worker of today's sectors (the demo's current.csv) has left workers.csv. The
/// replan is made (tester's session s48: refused with E140), its lines are today's record, and the
/// establishments it leaves are counted among those that change, listed in plan.json with who
/// serves each now, and said in the continuity line; `sectoria check` recomputes the same figures.
#[test]
fn a_replan_after_a_worker_left_counts_the_establishments_it_left() {
    let dir = demo_folder();
    std::fs::copy(Path::new(DEMO).join("current.csv"), dir.path().join("current.csv")).expect("copy");
    let gone = "ASS03";
    let workers = std::fs::read_to_string(dir.path().join("workers.csv")).expect("workers");
    let kept: Vec<&str> = workers.lines().filter(|l| !l.starts_with(&format!("{gone};"))).collect();
    std::fs::write(dir.path().join("workers.csv"), kept.join("\n") + "\n").expect("write");
    let inputs = sectoria_run::load_inputs(dir.path(), &Path::new(DEMO).join("scenario.toml"))
        .unwrap_or_else(|e| panic!("the replan after a departure was refused:\n{e}"));
    let said: Vec<&String> = inputs.warnings.iter().filter(|w| w.contains("compté comme parti")).collect();
    assert_eq!(said.len(), 1, "one warning for the departed worker: {:#?}", inputs.warnings);
    assert!(said[0].contains(&format!("assistant {gone} absent de workers.csv")), "{}", said[0]);

    let p = plan(&inputs.instance, &inputs.scenario).expect("plan");
    let report = sectoria_run::check(&inputs.instance, &inputs.scenario, &p).expect("check");
    assert!(report.is_ok(), "{:#?}", report.problems);

    // The departed worker's establishments, each with who serves it now.
    let today: Vec<&sectoria_core::CurrentAssignment> =
        inputs.instance.current.iter().filter(|c| c.worker_id == gone).collect();
    let listed: Vec<(&str, &str)> = p.departed.iter().map(|d| (d.worker.as_str(), d.uai.as_str())).collect();
    let expected: Vec<(&str, &str)> = today.iter().map(|c| (gone, c.uai.as_str())).collect();
    assert_eq!(listed, expected);
    for d in &p.departed {
        let e = p.establishments.iter().find(|e| e.uai == d.uai).expect("in scope");
        let serving: Vec<&str> = e.workers.iter().map(|w| w.worker.as_str()).collect();
        assert_eq!(d.served_by, serving, "{}", d.uai);
    }

    // Changed establishments, counted from the files: today's workers and time (every line of
    // current.csv, the departed worker's too) against the plan's.
    let mut before: std::collections::BTreeMap<&str, Vec<(&str, u32)>> = Default::default();
    for c in &inputs.instance.current {
        before.entry(c.uai.as_str()).or_default().push((c.worker_id.as_str(), (c.fte * 10.0).round() as u32));
    }
    let changed = p
        .establishments
        .iter()
        .filter(|e| {
            let mut now: Vec<(&str, u32)> = e.workers.iter().map(|w| (w.worker.as_str(), w.units)).collect();
            let mut then = before.get(e.uai.as_str()).cloned().unwrap_or_default();
            now.sort_unstable();
            then.sort_unstable();
            now != then
        })
        .count();
    assert_eq!(p.kpis.changed_establishments, changed);

    let unserved: Vec<&str> = p.departed.iter().filter(|d| d.served_by.is_empty()).map(|d| d.uai.as_str()).collect();
    let taken = p.departed.len() - unserved.len();
    let line = sectoria_report::summary::continuity_line(&p).expect("today's sectors");
    let n = p.departed.len();
    assert!(
        line.contains(&format!(
            "; dont {n} établissements laissés par un assistant parti ({gone}, {} demi-journées aujourd'hui, hors des \
             demi-journées déplacées) : {taken} repris (",
            (p.departed.iter().map(|d| d.fte_today).sum::<f64>() / p.scenario.budget.unit_fte).round()
        )),
        "{line}"
    );
    if !unserved.is_empty() {
        assert!(line.ends_with(&format!("{} sans assistant ({})", unserved.len(), unserved.join(", "))), "{line}");
    }

    // plan.json keeps the list, and a plan written before it still reads.
    let json = serde_json::to_string(&p).expect("json");
    let back = sectoria_io::plan_from_str(&json, "plan.json").expect("reads back");
    assert_eq!(back.departed, p.departed);
    let mut older: serde_json::Value = serde_json::from_str(&json).expect("json");
    older.as_object_mut().expect("object").remove("departed").expect("written");
    let older = sectoria_io::plan_from_str(&older.to_string(), "plan.json").expect("an older plan reads");
    assert!(older.departed.is_empty());
}
