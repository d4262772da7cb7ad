//! A plan with posts of `budget.extra_posts` adopted as today's sectors: the posts are not in
//! `workers.csv`, so that next year's reader would take them for workers who have left. The
//! adoption is refused, nothing written, with what to add to `workers.csv` for each post (its id,
//! its quotité, the residence the plan chose); once they are there, the same plan is adopted.

use sectoria_run::adopt::adopt;
use sectoria_run::{load_instance, plan, read_scenario, Error};
use std::path::Path;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/demo");

#[test]
fn extra_posts_are_adopted_once_workers_csv_has_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["establishments.csv", "workers.csv"] {
        std::fs::copy(Path::new(DEMO).join(f), dir.path().join(f)).expect("copy");
    }
    let mut scenario = read_scenario(&Path::new(DEMO).join("scenario.toml")).expect("scenario");
    scenario.budget.extra_posts = 1;
    let p = plan(&load_instance(dir.path()).expect("instance"), &scenario).expect("plan");
    let post = p.workers.iter().find(|w| w.id == "NOUVEAU1").expect("the post");
    assert!(!post.sector.is_empty(), "the post serves no establishment");
    let base = post.base.as_ref().and_then(|b| b.uai.clone()).expect("a residence");

    let e = adopt(dir.path(), &p, false).expect_err("a post not in workers.csv");
    let Error::Adopt(message) = &e else { panic!("{e}") };
    assert!(message.contains(&format!("NOUVEAU1 (quotité 1, base_uai {base} ; secteur : ")), "{message}");
    assert!(
        message.contains("ce poste supplémentaire du scénario n'est pas dans workers.csv (`budget.extra_posts`)"),
        "{message}"
    );
    assert!(
        message.contains("comme un assistant parti") && message.contains("Ajoutez d'abord à workers.csv ce poste"),
        "{message}"
    );
    assert!(!message.contains("n'est plus dans workers.csv"), "not a departure: {message}");
    assert!(!dir.path().join("current.csv").exists());

    // The post recruited: its line in workers.csv, under its id.
    let workers = std::fs::read_to_string(dir.path().join("workers.csv")).expect("workers");
    std::fs::write(dir.path().join("workers.csv"), format!("{workers}NOUVEAU1;Recrutée 2027;1;{base};;;\n"))
        .expect("write");
    let adopted = adopt(dir.path(), &p, false).expect("adopted");
    let written = std::fs::read_to_string(&adopted.path).expect("current.csv");
    assert!(written.lines().any(|l| l.starts_with("NOUVEAU1;")), "{written}");
    let back = load_instance(dir.path()).expect("the instance reads its new current.csv");
    assert!(back.current.iter().any(|c| c.worker_id == "NOUVEAU1"));
}
