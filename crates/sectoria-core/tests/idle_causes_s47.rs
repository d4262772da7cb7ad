//! The rule that keeps workers' time idle, named (tester's session s47): a `current.csv` that
//! describes only some workers is told with what it implies; each « Temps non attribué » line
//! names the cap on changes, the weekly km cap or a lock that holds back the worker's best extra
//! half-day, or says that the need there is already covered; a large share of the budget left
//! unspent goes first, with its cause; and the rule of thumb's broken rules are recorded in the
//! plan with their figures.

use sectoria_core::idle::idle_time;
use sectoria_core::location::LatLon;
use sectoria_core::plan::is_leading_warning;
use sectoria_core::problem::PARTIAL_CURRENT;
use sectoria_core::scenario::{ForbiddenPair, LockedPair};
use sectoria_core::test_support::{small_instance, worker};
use sectoria_core::{
    assemble, objective, rule_of_thumb, Assignment, CurrentAssignment, Instance, Plan, Problem, Scenario, Solution,
    SolveStatus, SolverReport,
};
use std::collections::BTreeMap;

fn plan(problem: &Problem, assignments: &[(usize, usize, u32)]) -> Solution {
    let mut s = Solution::empty(problem);
    for &(worker, site, units) in assignments {
        s.assignments.push(Assignment { worker, site, units });
    }
    s.normalise();
    s
}

fn assembled(problem: &Problem, solution: &Solution) -> Plan {
    let baseline = rule_of_thumb(problem).solution;
    let total = objective(problem, solution).total;
    let report = SolverReport {
        engine: String::new(),
        status: SolveStatus::Optimal,
        objective: total,
        best_bound: total,
        relative_gap: 0.0,
        variables: 0,
        constraints: 0,
        nodes: 0,
    };
    assemble(problem, solution, report, &baseline, BTreeMap::new())
}

fn today(worker: &str, uai: &str, fte: f64) -> CurrentAssignment {
    CurrentAssignment { worker_id: worker.to_string(), uai: uai.to_string(), fte }
}

/// [`small_instance`] with a second worker (ASS02, 0,8 ETP) that `current.csv` does not
/// describe: ASS01 serves 0310001A (0,4) and 0310002B (0,3) today.
fn partly_described() -> Instance {
    let mut instance = small_instance();
    instance.workers.push(worker("ASS02", 0.8, LatLon::new(43.61, 1.44)));
    instance.current = vec![today("ASS01", "0310001A", 0.4), today("ASS01", "0310002B", 0.3)];
    instance
}

/// 6 workers of 30 in `current.csv`: a leading warning says so, names a few of the others and
/// what follows; none when every worker, or none, is described.
#[test]
fn a_current_file_that_describes_some_workers_says_so() {
    let problem = Problem::new(&partly_described(), &Scenario::default()).expect("valid");
    let warned: Vec<&String> = problem.warnings.iter().filter(|w| w.starts_with(PARTIAL_CURRENT)).collect();
    assert_eq!(
        warned,
        vec![
            "current.csv ne décrit les secteurs que pour 1 assistant sur 2 : les demi-journées données à l'autre (ASS02) \
             comptent comme des changements (continuité, plafond de changements), et les chiffres de continuité \
             mesurent aussi ce qui manque au fichier. S'il a aujourd'hui des établissements, ajoutez-les à \
             current.csv ; s'il s'agit d'un poste nouveau, c'est attendu."
        ]
    );
    assert!(is_leading_warning(warned[0]));

    let mut many = partly_described();
    for n in 3..=8 {
        many.workers.push(worker(&format!("ASS{n:02}"), 0.5, LatLon::new(43.61, 1.44)));
    }
    let problem = Problem::new(&many, &Scenario::default()).expect("valid");
    let warned = problem.warnings.iter().find(|w| w.starts_with(PARTIAL_CURRENT)).expect("warned");
    assert!(
        warned.starts_with(
            "current.csv ne décrit les secteurs que pour 1 assistant sur 8 : les demi-journées données aux 7 autres \
             (ASS02, ASS03, ASS04, ASS05, ASS06 et 2 autres) comptent comme des changements"
        ),
        "{warned}"
    );

    let mut all = partly_described();
    all.current.push(today("ASS02", "0310003C", 0.2));
    let mut none = partly_described();
    none.current.clear();
    for instance in [all, none] {
        let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
        assert!(!problem.warnings.iter().any(|w| w.starts_with(PARTIAL_CURRENT)), "{:?}", problem.warnings);
    }
}

/// `stability.max_changes` reached: each worker's line names it with the figures (and that the
/// worker is not in current.csv), and the header — half of the budget left — names it as the
/// cause, first of all the plan's warnings.
#[test]
fn the_cap_on_changes_is_named_as_what_keeps_the_time_idle() {
    let mut scenario = Scenario::default();
    scenario.stability.max_changes = Some(2);
    let problem = Problem::new(&partly_described(), &scenario).expect("valid");
    // ASS01 one half-day above today at 0310001A and 0310002B: 2 changes, the cap.
    let solution = plan(&problem, &[(0, 0, 5), (0, 1, 4)]);
    let lines = idle_time(&problem, &solution, Some(0.0));
    assert_eq!(
        lines[0],
        "Temps non attribué : 9 demi-journées (0,9 ETP) du budget ne sont confiées à aucun établissement, soit 50 % du \
         budget après réserve (1,8 ETP) : ce plan laisse une grande part du temps des assistants sans établissement ; \
         cause : le plafond de changements — le plan change déjà 2 demi-journées par rapport aux secteurs actuels, \
         pour 2 permis (`stability.max_changes`) ; l'un de ces assistants n'est pas dans current.csv, et chacune \
         de ses demi-journées compte comme un changement ; relevez ce plafond ou complétez current.csv"
    );
    let ass02 = lines.iter().find(|l| l.contains("ASS02 —")).expect("ASS02 idle");
    assert!(
        ass02.contains(
            "trajets déduits, mais le plafond de changements la retient : le plan change déjà 2 demi-journées par \
             rapport aux secteurs actuels, et elle en changerait 2 de plus, au-delà des 2 permis par ce plafond \
             (`stability.max_changes`) (ASS02 n'est pas dans current.csv : chacune de ses demi-journées compte comme \
             un changement)"
        ),
        "{ass02}"
    );
    let ass01 = lines.iter().find(|l| l.contains("ASS01 —")).expect("ASS01 idle");
    assert!(ass01.contains("mais le plafond de changements la retient") && !ass01.contains("current.csv"), "{ass01}");
    assert!(lines.iter().all(|l| !l.contains("une autre règle du scénario")), "{lines:?}");

    let p = assembled(&problem, &solution);
    assert_eq!(p.warnings[0], lines[0], "{:?}", p.warnings);
    assert!(p.warnings[1].starts_with(PARTIAL_CURRENT), "{:?}", p.warnings);

    // A small share left: the partial current.csv first, the header without the cause.
    let solution = plan(&problem, &[(0, 0, 5), (0, 1, 4), (1, 2, 8)]);
    let p = assembled(&problem, &solution);
    assert!(p.warnings[0].starts_with(PARTIAL_CURRENT), "{:?}", p.warnings);
    assert_eq!(
        p.warnings[1],
        "Temps non attribué : 1 demi-journée (0,1 ETP) du budget n'est confiée à aucun établissement"
    );
}

/// The weekly km cap of the worker: named with its km, and the plan's other half-days too.
#[test]
fn the_weekly_km_cap_is_named_with_the_worker_s_km() {
    let mut scenario = Scenario::default();
    scenario.travel.max_weekly_km = Some(4.0);
    let problem = Problem::new(&small_instance(), &scenario).expect("valid");
    let solution = plan(&problem, &[(0, 0, 2)]);
    let line = idle_time(&problem, &solution, Some(0.0))[1].clone();
    assert!(line.starts_with("Temps non attribué : ASS01 — 8 demi-journées libres ; sa demi-journée de plus la plus utile (0310001A, à 0,"), "{line}");
    assert!(line.contains("trajets déduits, mais son plafond de trajet la retient : il roule déjà 3 km par semaine et elle en ajouterait 2, au-delà des 4 km de `travel.max_weekly_km`"), "{line}");
}

/// A lock that fixes the worker's time where its extra half-day would be most useful.
#[test]
fn a_lock_that_fixes_the_time_is_named() {
    let mut scenario = Scenario::default();
    scenario.locks.assign = vec![LockedPair { uai: "0310001A".into(), worker: "ASS01".into(), fte: Some(0.2) }];
    scenario.locks.forbid = ["0310002B", "0310003C"]
        .iter()
        .map(|u| ForbiddenPair { uai: (*u).to_string(), worker: "ASS01".into() })
        .collect();
    let problem = Problem::new(&small_instance(), &scenario).expect("valid");
    let solution = plan(&problem, &[(0, 0, 2)]);
    let line = idle_time(&problem, &solution, Some(0.0))[1].clone();
    assert!(line.ends_with("mais le scénario fixe son temps à 0310001A ([locks] assign : 2 demi-journées)"), "{line}");
}

/// Its only establishment at its need: « déjà couvert », not « rapporterait 0,0 point ».
#[test]
fn an_establishment_at_its_need_is_said_covered() {
    let mut scenario = Scenario::default();
    scenario.locks.forbid = ["0310002B", "0310003C"]
        .iter()
        .map(|u| ForbiddenPair { uai: (*u).to_string(), worker: "ASS01".into() })
        .collect();
    let problem = Problem::new(&small_instance(), &scenario).expect("valid");
    let need = problem.sites[0].curve.need_units.ceil() as u32;
    assert!(need < problem.sites[0].cap_units && need < 10, "need {need}");
    let solution = plan(&problem, &[(0, 0, need)]);
    let line = idle_time(&problem, &solution, Some(0.0))[1].clone();
    assert!(
        line.ends_with(
            "le besoin des établissements qu'il peut encore servir est déjà couvert (0310001A) : une demi-journée de \
             plus n'y rapporterait rien"
        ),
        "{line}"
    );
    assert!(!line.contains("0,0 point"), "{line}");
}

/// The rule of thumb above `stability.max_changes`: the plan records the broken rule with its
/// figures; a plan.json written before the field still reads.
#[test]
fn the_rule_of_thumb_s_broken_rules_are_recorded_with_their_figures() {
    let mut scenario = Scenario::default();
    scenario.stability.max_changes = Some(1);
    let problem = Problem::new(&partly_described(), &scenario).expect("valid");
    let solution = plan(&problem, &[(0, 0, 4), (0, 1, 3)]);
    let p = assembled(&problem, &solution);
    assert!(!p.baseline.feasible);
    let changed = sectoria_core::objective::changed_units(&problem, &rule_of_thumb(&problem).solution);
    assert_eq!(
        p.baseline.broken_rules,
        vec![format!(
            "elle change {changed} demi-journées par rapport aux secteurs actuels pour un plafond de 1 \
             (`stability.max_changes`)"
        )]
    );
    let mut json = serde_json::to_value(&p).expect("json");
    json["baseline"].as_object_mut().expect("baseline").remove("broken_rules");
    let older: Plan = serde_json::from_value(json).expect("an older plan reads");
    assert!(older.baseline.broken_rules.is_empty());

    // A rule of thumb that keeps every rule records none, and writes no key.
    let problem = Problem::new(&partly_described(), &Scenario::default()).expect("valid");
    let p = assembled(&problem, &solution);
    assert!(p.baseline.feasible && p.baseline.broken_rules.is_empty());
    assert!(serde_json::to_value(&p).expect("json")["baseline"].get("broken_rules").is_none());
}
