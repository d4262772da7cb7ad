//! Scenario values that contradicted the help and were accepted without a word (session 46's
//! web test, items 10, 12 and 13): each is refused at its line, alone (not with errors derived
//! from it), with what to do; a misspelt bassin is named (`E171`) instead of the locks it leaves
//! out of the scope.

use sectoria_core::Instance;
use sectoria_io::{instance_from_texts, scenario_for_instance_from_str, scenario_from_str, InputProblem};

fn problems(text: &str) -> Vec<InputProblem> {
    match scenario_from_str(text, "scenario.toml") {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().to_vec(),
    }
}

fn problems_for(text: &str, instance: &Instance) -> Vec<InputProblem> {
    match scenario_for_instance_from_str(text, "scenario.toml", instance) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().to_vec(),
    }
}

/// `(code, line, column)` of each problem.
fn places(p: &[InputProblem]) -> Vec<(&str, Option<usize>, Option<&str>)> {
    p.iter().map(|p| (p.code, p.line, p.column.as_deref())).collect()
}

const ESTABLISHMENTS: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils;bassin\n\
    0660010C;Collège A;college;66136;Perpignan;42.7;2.89;500;Nord\n\
    0660500X;Lycée X;lycee;66136;Perpignan;42.7;2.89;900;Sud\n";

fn instance(workers: Option<&str>) -> Instance {
    instance_from_texts(ESTABLISHMENTS, workers, None, None).unwrap_or_else(|e| panic!("{e}"))
}

/// « Densité rurale minimale » 9 silently turned the rural bonus off: the INSEE grid is 1 to 7.
#[test]
fn a_density_level_outside_the_insee_grid_is_refused() {
    for level in [0, 8, 9] {
        let p = problems(&format!("schema = 1\n[priorities]\nrural_density_min = {level}\n"));
        assert_eq!(places(&p), vec![("E121", Some(3), Some("1"))], "{level}: {p:?}");
        assert!(p[0].message.contains("« priorities.rural_density_min »"), "{}", p[0].message);
        assert!(p[0].message.contains("de 1 (très dense) à 7"), "{}", p[0].message);
    }
    let p = problems("schema = 1\n[priorities]\nrural_density_min = 9\n");
    assert!(p[0].message.contains("aucune commune ne serait rurale"), "{}", p[0].message);
    for level in [1, 5, 7] {
        assert!(problems(&format!("schema = 1\n[priorities]\nrural_density_min = {level}\n")).is_empty(), "{level}");
    }
}

/// « Présence minimale » 0,05 was planned as one half-day (0,1) without a word.
#[test]
fn a_minimum_presence_below_one_unit_is_refused() {
    for key in ["min_presence_fte", "min_presence_ecole_fte"] {
        let p = problems(&format!("schema = 1\n[rules]\n{key} = 0.05\n"));
        assert_eq!(places(&p), vec![("E121", Some(3), Some("1"))], "{key}: {p:?}");
        assert!(
            p[0].message.contains("la présence minimale de 0,05 ETP est inférieure à une unité d'attribution")
                && p[0].message.contains("écrivez 0,1 ETP (une unité) ou plus"),
            "{}",
            p[0].message
        );
    }
    // 0 (no minimum: one unit, the least a service is), one unit, or more: accepted.
    for v in ["0", "0.1", "0.25", "0.3"] {
        assert!(problems(&format!("schema = 1\n[rules]\nmin_presence_fte = {v}\n")).is_empty(), "{v}");
    }
}

/// « Unité d'attribution » 0,15: a full-time worker made 6 units (0,9 ETP) and lost 0,1 ETP. The
/// école minimum of 0,1, below that unit, is not refused on top of it.
#[test]
fn a_unit_that_does_not_share_one_fte_into_whole_units_is_refused_alone() {
    let p = problems("schema = 1\n[budget]\nunit_fte = 0.15\n");
    assert_eq!(places(&p), vec![("E121", Some(3), Some("1"))], "{p:?}");
    assert!(
        p[0].message.contains("doit partager 1 ETP en un nombre entier d'unités")
            && p[0].message.contains("avec 0,15, un temps plein ferait 6 unités (0,9 ETP) et perdrait 0,1 ETP"),
        "{}",
        p[0].message
    );
    // Finer than a hundredth of an ETP: the model's unit counts would overflow (a panic before).
    let p = problems("schema = 1\n[budget]\nunit_fte = 1e-9\n");
    assert_eq!(places(&p), vec![("E121", Some(3), Some("1"))], "{p:?}");
    for unit in ["0.05", "0.1"] {
        assert!(problems(&format!("schema = 1\n[budget]\nunit_fte = {unit}\n")).is_empty(), "{unit}");
    }
    for unit in ["0.2", "0.25", "0.5", "1"] {
        let text = format!(
            "schema = 1\n[budget]\nunit_fte = {unit}\n[rules]\nmin_presence_fte = 1\nmin_presence_ecole_fte = {unit}\n"
        );
        assert!(problems(&text).is_empty(), "{unit}: {:?}", problems(&text));
    }
}

/// Budget 1e9 without workers.csv asked for a billion posts (the reader aborted on a 104 GB
/// allocation); with workers.csv it meant nothing either.
#[test]
fn a_budget_beyond_any_staff_is_refused_without_making_its_posts() {
    let text =
        "schema = 1\n[budget]\ntotal_fte = 1e9\n[locks]\nassign = [{ uai = \"0660010C\", worker = \"POSTE01\" }]\n";
    for instance in [instance(None), instance(Some("id;fte\nA01;1\n"))] {
        let p = problems_for(text, &instance);
        assert_eq!(places(&p)[0], ("E121", Some(3), Some("1")), "{p:?}");
        assert!(
            p[0].message.contains("1000000000 ETP dépasse tout effectif réel (au plus 10 000 ETP)"),
            "{}",
            p[0].message
        );
    }
    assert!(problems("schema = 1\n[budget]\ntotal_fte = 10000\n").is_empty());
}

/// Budget −3 with a reserve: the reserve was blamed first (« Ramenez … à 0 ETP au plus »), from
/// a budget that is itself refused.
#[test]
fn an_invalid_budget_is_refused_without_the_reserve_it_would_blame() {
    let text = "schema = 1\n[budget]\ntotal_fte = -3\nreserve_fte = 0.5\n";
    let p = problems(text);
    assert_eq!(places(&p), vec![("E121", Some(3), Some("1"))], "{p:?}");
    assert!(p[0].message.contains("« budget.total_fte » : doit être positif ou nul"), "{}", p[0].message);
    let p = problems_for(text, &instance(Some("id;fte\nA01;1\n")));
    assert_eq!(places(&p), vec![("E121", Some(3), Some("1"))], "{p:?}");
    // A refused unit does not make the reserve refused either.
    let p = problems("schema = 1\n[budget]\ntotal_fte = 1\nreserve_fte = 0.95\nunit_fte = 0\n");
    assert_eq!(places(&p), vec![("E121", Some(5), Some("1"))], "{p:?}");
}

/// Réserve 30 on the demo said « ou augmentez le budget »; with workers.csv, the workers' time is
/// the budget: raising `total_fte` does not help.
#[test]
fn a_reserve_above_the_workers_time_says_to_add_workers() {
    let p = problems_for("schema = 1\n[budget]\nreserve_fte = 30\n", &instance(Some("id;fte\nA01;1\nA02;0,5\n")));
    assert_eq!(places(&p), vec![("E121", Some(3), Some("1"))], "{p:?}");
    assert!(
        p[0].message.ends_with("Ramenez `budget.reserve_fte` à 1,4 ETP au plus (la réserve est prise sur le budget), ou ajoutez des assistants dans workers.csv"),
        "{}",
        p[0].message
    );
    // Without workers.csv, the budget is the one to raise.
    let p = problems("schema = 1\n[budget]\ntotal_fte = 12\nreserve_fte = 30\n");
    assert!(p[0].message.ends_with("ou augmentez le budget"), "{}", p[0].message);
}

/// `scope.bassins = ["Nulle-Part"]` gave « E124 … [locks] assign : l'établissement … n'est pas
/// dans le périmètre du scénario (bassin … hors périmètre) », and never named the misspelt bassin.
#[test]
fn an_unknown_bassin_is_named_instead_of_the_locks_it_leaves_out() {
    let instance = instance(Some("id;fte\nA01;1\n"));
    let text = "schema = 1\n[scope]\nbassins = [\"Nord\", \"Nulle-Part\"]\n[locks]\n\
        assign = [{ uai = \"0660500X\", worker = \"A01\" }, { uai = \"0669999Z\", worker = \"A01\" }]\n";
    let p = problems_for(text, &instance);
    assert_eq!(places(&p), vec![("E171", Some(3), Some("20")), ("E124", Some(5), Some("57"))], "{p:#?}");
    assert_eq!(
        p[0].message,
        "[scope] bassins : aucun établissement de establishments.csv n'est dans le bassin « Nulle-Part » ; \
         bassins présents : « Nord », « Sud »"
    );
    assert!(p[0].fix.starts_with("recopiez le nom tel qu'il figure dans la colonne bassin"), "{}", p[0].fix);
    // Only the unknown UAI is left among the locks: none is blamed on the scope.
    assert!(p[1].message.contains("0669999Z n'est pas dans establishments.csv"), "{}", p[1].message);
    // A near name is suggested.
    let p = problems_for("schema = 1\n[scope]\nbassins = [\"nord\"]\n", &instance);
    assert_eq!(places(&p), vec![("E171", Some(3), Some("12"))], "{p:?}");
    assert!(p[0].fix.starts_with("vouliez-vous dire « Nord » ?"), "{}", p[0].fix);
    // A known bassin still leaves a lock out of its scope refused.
    let p = problems_for("schema = 1\n[scope]\nbassins = [\"Nord\"]\n[locks]\nserve = [\"0660500X\"]\n", &instance);
    assert_eq!(places(&p), vec![("E124", Some(5), Some("10"))], "{p:?}");
    assert!(p[0].message.contains("bassin Sud hors périmètre"), "{}", p[0].message);
}
