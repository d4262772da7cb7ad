//! Reasons that agree with the plan and with themselves (tester's session s48, finding 5): the
//! workers' time is not called all given when a half-day is left; one count of half-days runs
//! through a worker's exchange (what it frees against what is asked); the worker the
//! counterfactual serves an establishment with is named when it is not among the nearest, and
//! the list says when it is the nearest few; a half-day worth more than the budget's cut-off
//! says why it is not given, next to the comparison.

use sectoria_core::counterfactual::{Change, CostInterval, Counterfactual, SiteDelta};
use sectoria_core::location::LatLon;
use sectoria_core::reason::{Analysis, Binding};
use sectoria_core::test_support::{college, small_instance, worker};
use sectoria_core::{Assignment, Instance, Problem, Scenario, Solution};

fn plan(problem: &Problem, assignments: &[(usize, usize, u32)]) -> Solution {
    let mut s = Solution::empty(problem);
    for &(worker, site, units) in assignments {
        s.assignments.push(Assignment { worker, site, units });
    }
    s.normalise();
    s
}

/// A budget above the workers' time, and ASS01 with one half-day free: the reason of the
/// unserved collège says what is left and why it does not go there, not « tout le temps des
/// assistants de workers.csv est attribué ».
#[test]
fn a_half_day_left_of_the_workers_time_is_said_with_why_it_does_not_go_here() {
    let mut instance = small_instance();
    instance.establishments[2].pupils = 50;
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(2.0);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let solution = plan(&problem, &[(0, 0, 6), (0, 1, 3)]);
    let b = Analysis::new(&problem, &solution, None).binding(2).expect("unserved");
    assert!(matches!(b, Binding::Budget { left: Some(_), .. }), "{b:?}");
    let text = b.to_string();
    assert!(
        text.starts_with(
            "temps des assistants : le temps des assistants de workers.csv (1,0 ETP, moins que le budget de 2,0 ETP) \
             est attribué sauf 1 demi-journée (ASS01), moins que les 2 demi-journées de sa présence minimale ; pour \
             l'atteindre, il faudrait prendre du temps ailleurs, or une demi-journée ici vaut "
        ) && text.contains(", moins que le seuil des établissements servis"),
        "{text}"
    );
    assert!(!text.contains("tout le temps"), "{text}");
    // Nothing left: as before.
    let solution = plan(&problem, &[(0, 0, 6), (0, 1, 4)]);
    let text = Analysis::new(&problem, &solution, None).binding(2).expect("unserved").to_string();
    assert!(
        text.starts_with("temps des assistants : tout le temps des assistants de workers.csv est attribué"),
        "{text}"
    );
}

/// ASS01 serves A (REP, 1 000 pupils: need 10 half-days) with 8 and B with 2, its minimum
/// presence; ASS02, far away, serves C at its minimum presence, the budget's cut-off. One more
/// half-day at A would take B out whole: 2 half-days freed for the 1 asked, said so, and the
/// half-day, worth more than the cut-off, is not given because B's are worth more.
fn one_more_half_day_takes_a_whole_establishment() -> (Problem, Solution) {
    let mut instance = small_instance();
    instance.establishments[0].pupils = 1000;
    instance.establishments[1].pupils = 200;
    instance.establishments[2].pupils = 50;
    instance.establishments[2].location = LatLon::new(45.0, 3.0);
    instance.workers.push(worker("ASS02", 0.2, LatLon::new(45.0, 3.0)));
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let solution = plan(&problem, &[(0, 0, 8), (0, 1, 2), (1, 2, 2)]);
    (problem, solution)
}

#[test]
fn the_half_days_freed_are_set_against_the_half_days_asked() {
    let (problem, solution) = one_more_half_day_takes_a_whole_establishment();
    let text = Analysis::new(&problem, &solution, Some(1.0)).reason(0).expect("below its need");
    assert!(
        text.contains(
            "ici, une demi-journée lui rapporterait 59,5 points, trajets déduits ; pour lui libérer cette demi-journée, \
             il faudrait retirer 0310002B (2 demi-journées à sa présence minimale), soit 2 demi-journées libérées pour \
             1 placée ici, ce qui coûterait "
        ) && text.ends_with(" : plus que ce que cette demi-journée rapporterait ici"),
        "{text}"
    );
    assert!(!text.contains("ces 2 demi-journées") && !text.contains("qu'elles rapporteraient"), "{text}");
}

#[test]
fn a_half_day_worth_more_than_the_cutoff_says_why_next_to_it() {
    let (problem, solution) = one_more_half_day_takes_a_whole_establishment();
    let reason = Analysis::new(&problem, &solution, Some(1.0)).reason(0).expect("below its need");
    let (lead, text) = sectoria_core::reason::split_lead(&reason);
    assert_eq!(
        lead,
        Some(
            "servi à 80 % de son besoin : l'assistant qui le sert a tout son temps pris par des établissements où une \
             demi-journée compte plus (priorité, besoin, trajet)"
        )
    );
    assert!(
        text.starts_with(
            "servi à 80 % du besoin ; temps des assistants : tous les ETP sont attribués ; une demi-journée de plus ici \
             vaudrait 60,0 points, plus que le seuil des établissements servis ("
        ) && text.contains(
            " (0310003C)), mais l'assistant qui le sert devrait pour cela prendre ce temps là où il rapporte plus \
             (trajets comptés) ; assistants à portée : ASS01 (à "
        ),
        "{text}"
    );
}

/// Four full workers within reach of an unserved collège T, one more serving a small collège
/// far away (the budget's cut-off): the reason details the three nearest and says so; the
/// counterfactual that serves T with the fourth has it named, with its exchange.
fn four_workers_within_reach() -> (Problem, Solution) {
    let mut establishments: Vec<_> = (1..=4)
        .map(|n| {
            let mut e = college(&format!("031000{n}S"), 4000);
            e.location = LatLon::new(43.60 + 0.01 * f64::from(n), 1.44);
            e
        })
        .collect();
    let mut t = college("0310000T", 500);
    t.location = LatLon::new(43.60, 1.44);
    let mut far = college("0310009L", 100);
    far.location = LatLon::new(44.5, 1.44);
    establishments.push(t);
    establishments.push(far);
    let mut workers: Vec<_> =
        (1..=4).map(|n| worker(&format!("ASS0{n}"), 1.0, LatLon::new(43.60 + 0.01 * f64::from(n), 1.44))).collect();
    workers.push(worker("ASS05", 0.2, LatLon::new(44.5, 1.44)));
    let instance = Instance { establishments, workers, ..Instance::default() };
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let solution = plan(&problem, &[(0, 0, 10), (1, 1, 10), (2, 2, 10), (3, 3, 10), (4, 5, 2)]);
    (problem, solution)
}

fn serve_t_with(worker: &str) -> Counterfactual {
    Counterfactual {
        change: Change::Serve,
        description: "Le servir".to_string(),
        objective: Some(0.0),
        bound: Some(0.0),
        cost: Some(CostInterval { shown: 30.0, low: 20.0, high: 40.0 }),
        proven: true,
        impossible: None,
        differences: vec![SiteDelta {
            uai: "0310000T".to_string(),
            name: String::new(),
            units_before: 0,
            units_after: 2,
            worker_before: String::new(),
            worker_after: worker.to_string(),
        }],
        moved_workers: Vec::new(),
        km_delta: 0.0,
        text: String::new(),
    }
}

#[test]
fn the_nearest_few_are_said_so_and_the_counterfactual_s_worker_is_named() {
    let (problem, solution) = four_workers_within_reach();
    let t = problem.site_index("0310000T").expect("in scope");
    let analysis = Analysis::new(&problem, &solution, Some(1.0));
    let alone = analysis.reason(t).expect("unserved");
    assert!(
        alone.contains(
            ", mais les assistants à portée nommés ci-dessous devraient pour cela prendre ce temps là où il rapporte \
             plus (trajets comptés) ; assistants à portée, les 3 plus proches sur 4 : ASS01 (à "
        ) && !alone.contains("ASS04")
            && !alone.contains("contrefactuel"),
        "{alone}"
    );
    let with = analysis.reason_given(t, Some(&serve_t_with("ASS04"))).expect("unserved");
    assert!(with.starts_with(&alone), "{with}");
    let added = &with[alone.len()..];
    assert!(
        added.starts_with(
            " ; le meilleur plan qui le sert (contrefactuel) prend un assistant plus loin, hors de cette liste, ASS04 \
             (à 5,8 km) : 10 sur 10 demi-journées prises"
        ) && added
            .contains("pour lui libérer ces 2 demi-journées, il faudrait prendre 2 demi-journées à 0310004S (10 → 8)"),
        "{added}"
    );
    // One of the nearest: nothing to add.
    assert_eq!(analysis.reason_given(t, Some(&serve_t_with("ASS02"))), Some(alone));
}
