//! `check` against another instance or another scenario than the plan's leads with that
//! mismatch, groups what follows from it, and blames neither an edit of the file nor an earlier
//! version of sectoria; a scenario file of another name is not « input files changed ».

use sectoria_core::check::check_plan_against;
use sectoria_core::test_support::{college, small_instance_with_rep_plus, small_plan, worker};
use sectoria_core::{check_plan, Instance, LatLon, Problem, Scenario};
use std::collections::BTreeMap;

fn problem(instance: &Instance, scenario: &Scenario) -> Problem {
    Problem::new(instance, scenario).expect("valid")
}

/// Another département: other establishments, other workers (as the Hérault against the demo).
fn other_instance() -> Instance {
    let establishments = (1..=6).map(|n| college(&format!("034000{n}X"), 300 + 10 * n)).collect();
    let workers = (1..=5).map(|n| worker(&format!("POSTE0{n}"), 1.0, LatLon::new(43.6, 3.9))).collect();
    Instance { establishments, workers, ..Instance::default() }
}

#[test]
fn another_scenario_is_said_first_with_its_settings_and_its_consequences_once() {
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(0.5);
    let report = check_plan(&problem(&small_instance_with_rep_plus(), &scenario), &small_plan());
    let p = &report.problems;
    assert!(
        p[0].starts_with(
            "ce plan a été calculé avec un autre scénario que celui donné : budget.total_fte : non défini dans le \
             plan, 0,5 dans le scénario donné"
        ),
        "{p:#?}"
    );
    assert!(p.iter().any(|l| l.starts_with("C09 ")), "the plan breaks this scenario's budget: {p:#?}");
    assert!(!p.iter().any(|l| l.contains("version antérieure") || l.contains("a été modifié")), "{p:#?}");
    let consequences: Vec<&String> = p.iter().filter(|l| l.starts_with("en conséquence, ")).collect();
    assert_eq!(consequences.len(), 1, "{p:#?}");
    assert!(consequences[0].contains("chiffres du plan ne sont pas ceux que ce scénario donne"), "{p:#?}");
    assert!(p.len() <= 4, "no flood: {p:#?}");
}

#[test]
fn another_instance_is_said_first_and_its_workers_and_establishments_are_grouped() {
    let plan = small_plan();
    let now = BTreeMap::from([("establishments.csv".to_string(), "f".repeat(64))]);
    let report = check_plan_against(&problem(&other_instance(), &plan.scenario), &plan, Some(&now));
    let p = &report.problems;
    assert!(
        p[0].starts_with(
            "ce plan a été calculé sur une autre instance : aucun de ses 4 établissements n'est dans le périmètre \
             donné (6 établissements) ; empreintes SHA-256 différentes : establishments.csv"
        ),
        "{p:#?}"
    );
    assert!(p.contains(&"2 assistants du plan absents de l'instance : ASS01, ASS02".to_string()), "{p:#?}");
    assert!(
        p.contains(
            &"5 assistants de l'instance absents du plan : POSTE01, POSTE02, POSTE03, POSTE04, POSTE05".to_string()
        ),
        "{p:#?}"
    );
    assert!(p.iter().any(|l| l.starts_with("6 établissements du périmètre absents du plan : 0340001X,")), "{p:#?}");
    assert!(!p.iter().any(|l| l.starts_with("assistant ")), "one line per worker: {p:#?}");
    assert!(!p.iter().any(|l| l.contains("autre scénario")), "the same scenario: {p:#?}");
}

#[test]
fn only_instance_files_whose_content_differs_are_said_changed() {
    let plan = small_plan(); // records establishments.csv = 0…0
    let problem = problem(&small_instance_with_rep_plus(), &Scenario::default());
    // The same instance file, and a scenario file of another name: nothing changed.
    let same =
        BTreeMap::from([("establishments.csv".to_string(), "0".repeat(64)), ("b18.toml".to_string(), "a".repeat(64))]);
    let report = check_plan_against(&problem, &plan, Some(&same));
    assert!(report.is_ok(), "{:#?}", report.problems);
    // workers.csv given now, not when the plan was made.
    let mut more = same.clone();
    more.insert("workers.csv".to_string(), "b".repeat(64));
    let p = check_plan_against(&problem, &plan, Some(&more)).problems;
    assert!(
        p[0].starts_with("le fichier workers.csv (absent lors du calcul du plan) a changé depuis le calcul du plan"),
        "{p:#?}"
    );
}
