//! The rule of thumb in budget-only mode (no workers.csv): the posts are based where the
//! establishments are and each establishment is served by a post nearby, as a CTSS-D draws the
//! sectors of new posts by hand — not by the first post with room anywhere within the distance
//! limit (before, Nord 059 budget-only: 295 km a week per post in the median against 29 for the
//! plan).

use sectoria_core::baseline::greedy_in_sectors;
use sectoria_core::rule_of_thumb::draw_sectors;
use sectoria_core::test_support::{college, worker};
use sectoria_core::{check_solution, greedy, rule_of_thumb, BaseChoice, Instance, LatLon, Problem, Scenario};

/// Two towns about 40 km apart by road: three REP collèges in A (priority 2), three ordinary
/// collèges in B, 900 pupils each (need 0.9 ETP), and 2 ETP of budget, hence two posts.
fn two_towns() -> Problem {
    let mut establishments = Vec::new();
    for n in 0..3 {
        let mut e = college(&format!("031000{n}A"), 900);
        e.location = LatLon::new(43.60 + 0.01 * f64::from(n), 1.44);
        e.rep = true;
        establishments.push(e);
    }
    for n in 0..3 {
        let mut e = college(&format!("031010{n}B"), 900);
        e.location = LatLon::new(43.90 + 0.01 * f64::from(n), 1.44);
        establishments.push(e);
    }
    let instance = Instance { establishments, workers: Vec::new(), ..Instance::default() };
    let mut scenario = Scenario::default();
    scenario.budget.total_fte = Some(2.0);
    let problem = Problem::new(&instance, &scenario).expect("valid");
    let across = problem.km(0, &BaseChoice::Site(0), 3);
    assert!(across > 35.0 && across < problem.scenario.rules.max_distance_km, "{across} km between the towns");
    problem
}

fn town(problem: &Problem, i: usize) -> char {
    problem.sites[i].uai().chars().last().expect("UAI")
}

#[test]
fn no_post_crosses_to_the_other_town() {
    // Before: POSTE01, based at the first REP collège, also took two collèges of B (the nearest
    // post with room in priority order): 344 km a week, against 0 for a post in each town.
    let problem = two_towns();
    let rot = rule_of_thumb(&problem);
    assert!(check_solution(&problem, &rot.solution).is_empty(), "{:?}", check_solution(&problem, &rot.solution));
    assert_eq!(rot.units_left, 0);
    for a in &rot.solution.assignments {
        let base = rot.solution.bases[a.worker].as_ref().expect("a served post has a base");
        let BaseChoice::Site(b) = base else { panic!("a post is based at a collège or lycée") };
        assert_eq!(town(&problem, *b), town(&problem, a.site), "{:?}", rot.solution);
        assert!(problem.km(a.worker, base, a.site) < 5.0, "{:?}", rot.solution);
    }
    // Every establishment is served, each post from its own town.
    let per_site = rot.solution.units_per_site(problem.sites.len());
    assert!(per_site.iter().all(|&u| u >= 2), "{per_site:?}");
    let km: f64 =
        (0..problem.staff.len()).map(|k| sectoria_core::objective::weekly_km(&problem, &rot.solution, k)).sum();
    assert!(km < 100.0, "{km} km a week");
}

#[test]
fn each_post_gets_an_equal_share_of_the_need_at_its_most_central_college() {
    let problem = two_towns();
    let (bases, post_of) = draw_sectors(&problem);
    assert!(bases.iter().all(Option::is_some), "{bases:?}");
    // One sector per town, based at its middle collège (the fewest km to the others).
    for k in 0..2 {
        let sector: Vec<usize> = (0..problem.sites.len()).filter(|&i| post_of[i] == Some(k)).collect();
        assert_eq!(sector.len(), 3, "{post_of:?}");
        assert!(sector.iter().all(|&i| town(&problem, i) == town(&problem, sector[0])), "{post_of:?}");
        let Some(BaseChoice::Site(b)) = bases[k] else { panic!("{bases:?}") };
        assert_eq!(b, sector[1], "{bases:?}");
    }
}

#[test]
fn with_workers_nothing_is_drawn() {
    // With workers.csv the bases are the workers' own and the first pass is the greedy start.
    let mut instance = Instance {
        establishments: vec![college("0310001A", 900), college("0310002B", 600)],
        workers: vec![worker("ASS01", 1.0, LatLon::new(43.60, 1.44))],
        ..Instance::default()
    };
    instance.establishments[1].location = LatLon::new(43.70, 1.44);
    let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
    let (bases, post_of) = draw_sectors(&problem);
    assert!(post_of.iter().all(Option::is_none));
    assert!(matches!(bases[0], Some(BaseChoice::Fixed(_))));
    assert_eq!(greedy_in_sectors(&problem, bases, &post_of), greedy(&problem));
}
