//! A worker's own weekly km cap (`max_weekly_km` of workers.csv; tester's session s49) is read
//! through one accessor, [`Problem::km_cap`]: the smaller of it and the scenario's applies. The
//! rule of thumb keeps it, the checker and the « Temps non attribué » lines name it as the
//! worker's own, and the large-share header names each worker's cap.

use sectoria_core::idle::idle_time;
use sectoria_core::location::LatLon;
use sectoria_core::objective::weekly_km;
use sectoria_core::test_support::{small_instance, worker};
use sectoria_core::{check_solution, rule_of_thumb, Assignment, Problem, Scenario, Solution};

fn plan(problem: &Problem, assignments: &[(usize, usize, u32)]) -> Solution {
    let mut s = Solution::empty(problem);
    for &(worker, site, units) in assignments {
        s.assignments.push(Assignment { worker, site, units });
    }
    s.normalise();
    s
}

#[test]
fn the_smaller_cap_applies_and_a_worker_with_its_own_is_distinct() {
    let mut instance = small_instance();
    instance.workers[0].base = None;
    instance.workers.push(worker("ASS02", 1.0, LatLon::new(43.61, 1.44)));
    instance.workers[1].base = None;
    instance.workers[1].max_weekly_km = Some(300.0);
    let mut scenario = Scenario::default();
    let problem = Problem::new(&instance, &scenario).expect("valid");
    assert_eq!(problem.km_cap(0), None);
    assert_eq!(problem.km_cap(1).map(|c| (c.km, c.own)), Some((300.0, true)));
    assert!(!problem.is_distinct(0) && problem.is_distinct(1), "a post with its own cap is not interchangeable");
    scenario.travel.max_weekly_km = Some(200.0);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    assert_eq!(problem.km_cap(0).map(|c| (c.km, c.own)), Some((200.0, false)));
    assert_eq!(problem.km_cap(1).map(|c| (c.km, c.own)), Some((200.0, false)));
    assert!(!problem.is_distinct(1), "its cap is the scenario's, like everyone's");
}

/// ASS01 has its own cap of 4 km per week: the rule of thumb keeps it, a plan over it is
/// rejected by the checker as over « son propre plafond », and its idle half-days are held back
/// by its own cap, named as such.
#[test]
fn the_rule_of_thumb_keeps_a_worker_s_own_cap_and_the_messages_say_it_is_its_own() {
    let mut instance = small_instance();
    instance.workers[0].max_weekly_km = Some(4.0);
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let rot = rule_of_thumb(&problem);
    assert!(check_solution(&problem, &rot.solution).is_empty());
    assert!(weekly_km(&problem, &rot.solution, 0) <= 4.0 + 1e-9);

    let over = plan(&problem, &[(0, 0, 2), (0, 1, 4), (0, 2, 4)]);
    let c08: Vec<String> =
        check_solution(&problem, &over).into_iter().filter(|v| v.code == "C08").map(|v| v.message).collect();
    assert_eq!(c08.len(), 1, "{c08:?}");
    assert!(
        c08[0].starts_with("ASS01 : ")
            && c08[0]
                .ends_with("km par semaine, au-delà de son propre plafond de 4 km (`max_weekly_km` de workers.csv)"),
        "{}",
        c08[0]
    );

    let solution = plan(&problem, &[(0, 0, 2)]);
    let lines = idle_time(&problem, &solution, Some(0.0));
    assert!(
        lines[0].contains(
            "cause : le plafond de km par semaine, atteint chez ASS01 (son propre plafond de 4 km par semaine \
             (`max_weekly_km` de workers.csv))"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains(
            "son plafond de trajet la retient : il roule déjà 3 km par semaine et elle en ajouterait 2, au-delà des 4 \
             km de son propre plafond (`max_weekly_km` de workers.csv)"
        ),
        "{}",
        lines[1]
    );
}
