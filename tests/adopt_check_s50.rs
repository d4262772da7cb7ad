//! After `sectoria adopt`, the instance's current.csv is the plan's own sectors, no longer the
//! one it was computed with (tester's session s50: `check` then rejected the adopted plan, «
//! current.csv a changé … recalculez-le »). `check` recognises exactly that file and verifies the
//! plan with the inputs of its computation, and says so; any other change is still refused.

use std::path::{Path, PathBuf};
use std::process::Output;

fn sectoria(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sectoria")).args(args).output().expect("run sectoria")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The demo instance in a fresh folder, with its current.csv or without.
fn demo(with_current: bool) -> tempfile::TempDir {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo");
    let dir = tempfile::tempdir().expect("tempdir");
    let files: &[&str] = if with_current {
        &["establishments.csv", "workers.csv", "scenario.toml", "current.csv"]
    } else {
        &["establishments.csv", "workers.csv", "scenario.toml"]
    };
    for f in files {
        std::fs::copy(demo.join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

/// Plans the folder and adopts the plan: the plan's path and what adopt printed.
fn plan_and_adopt(dir: &Path) -> (PathBuf, String) {
    let out = dir.join("plan");
    let o = sectoria(&["plan", "--instance", s(dir), "--scenario", s(&dir.join("scenario.toml")), "--out", s(&out)]);
    assert!(o.status.success(), "{}", text(&o));
    let plan = out.join("plan.json");
    let o = sectoria(&["adopt", "--plan", s(&plan), "--instance", s(dir), "--force"]);
    assert!(o.status.success(), "{}", text(&o));
    (plan, text(&o))
}

fn check(dir: &Path, plan: &Path) -> Output {
    sectoria(&["check", "--instance", s(dir), "--scenario", s(&dir.join("scenario.toml")), "--plan", s(plan)])
}

#[test]
fn a_plan_computed_without_current_csv_is_checked_after_its_adoption() {
    let dir = demo(false);
    let (plan, adopted) = plan_and_adopt(dir.path());
    assert!(adopted.contains("Ce plan reste vérifiable avec ce dossier"), "{adopted}");
    assert!(adopted.contains("sans current.csv, comme au calcul"), "{adopted}");

    let o = check(dir.path(), &plan);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains(
            "current.csv est celui écrit par sectoria adopt à partir de ce plan : vérifié avec les données du calcul \
             (sans current.csv, comme au calcul)."
        ),
        "{out}"
    );
    assert!(out.contains("Plan valide"), "{out}");

    // current.csv edited after the adoption: refused as any change.
    let current = dir.path().join("current.csv");
    let written = std::fs::read_to_string(&current).expect("current.csv");
    let edited: Vec<&str> = written.lines().take(written.lines().count() - 1).collect();
    std::fs::write(&current, edited.join("\n") + "\n").expect("edit");
    let o = check(dir.path(), &plan);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("le fichier current.csv (absent lors du calcul du plan) a changé"), "{out}");
    assert!(!out.contains("écrit par sectoria adopt"), "{out}");
}

#[test]
fn a_plan_computed_with_current_csv_is_checked_with_the_copy_adopt_kept() {
    let dir = demo(true);
    let (plan, adopted) = plan_and_adopt(dir.path());
    let kept: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .filter_map(|e| e.ok().and_then(|e| e.file_name().into_string().ok()))
        .filter(|n| n.starts_with("current-"))
        .collect();
    let [kept] = kept.as_slice() else { panic!("one copy kept: {kept:?}") };
    assert!(adopted.contains(&format!("ne supprimez pas {kept}")), "{adopted}");

    let o = check(dir.path(), &plan);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains(&format!("avec le current.csv du calcul, gardé sous {kept}")), "{out}");

    // Another file changed since: refused, the adopted current.csv not taken for the change.
    let workers = dir.path().join("workers.csv");
    let before = std::fs::read(&workers).expect("workers.csv");
    std::fs::write(&workers, [before.as_slice(), b"\n"].concat()).expect("edit");
    let o = check(dir.path(), &plan);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("workers.csv"), "{}", text(&o));
    std::fs::write(&workers, before).expect("restore");

    // The copy removed: the plan can no longer be checked with this folder, and check says why.
    std::fs::remove_file(dir.path().join(kept)).expect("remove the copy");
    let o = check(dir.path(), &plan);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("le current.csv avec lequel il a été calculé n'est plus dans le dossier"), "{out}");
}
