//! `budget.extra_posts` (tester's session s49, finding 8): « que donnerait un poste de plus ? »
//! with the real staff of `workers.csv`. The posts join the workers, full-time and without a
//! residence, under ids no worker has; `budget.total_fte`, when set, is raised by as many ETP,
//! so that the posts are not capped away by a budget the analyst never chose.

use sectoria_core::test_support::{small_instance, worker};
use sectoria_core::worker::EXTRA_POST_NAME;
use sectoria_core::{Instance, LatLon, Problem, Scenario};

fn with_posts(total: Option<f64>, posts: u32) -> Scenario {
    let mut s = Scenario::default();
    s.budget.total_fte = total;
    s.budget.extra_posts = posts;
    s
}

/// Two workers (1.8 ETP), one of them called NOUVEAU1, and today's sectors for both.
fn staffed() -> Instance {
    let mut instance = small_instance();
    instance.workers.push(worker("NOUVEAU1", 0.8, LatLon::new(43.63, 1.40)));
    instance.current = vec![
        sectoria_core::CurrentAssignment { worker_id: "ASS01".into(), uai: "0310001A".into(), fte: 0.3 },
        sectoria_core::CurrentAssignment { worker_id: "NOUVEAU1".into(), uai: "0310002B".into(), fte: 0.2 },
    ];
    instance
}

#[test]
fn the_posts_join_the_workers_under_ids_no_worker_has() {
    let p = Problem::new(&staffed(), &with_posts(None, 2)).expect("problem");
    let ids: Vec<&str> = p.staff.iter().map(|s| s.worker.id.as_str()).collect();
    assert_eq!(ids, ["ASS01", "NOUVEAU1", "NOUVEAU2", "NOUVEAU3"]);
    for post in &p.staff[2..] {
        assert!(post.generated && post.worker.base.is_none(), "{post:?}");
        assert_eq!(post.worker.fte, 1.0);
        assert_eq!(post.capacity_units, 10);
        assert_eq!(post.worker.name.as_deref(), Some(EXTRA_POST_NAME));
    }
    assert!(!p.staff[0].generated && !p.staff[1].generated);
    assert!(!p.budget_only);
    assert!((p.available_fte - 3.8).abs() < 1e-9);
    assert_eq!(p.budget_units, 38);
    // A lock may name a post: it is one of the staff.
    assert_eq!(p.staff_index("NOUVEAU3"), Some(3));
    // The posts have no sector today by definition: `current.csv` is not partial for them.
    assert!(!p.warnings.iter().any(|w| w.starts_with(sectoria_core::problem::PARTIAL_CURRENT)), "{:?}", p.warnings);
}

#[test]
fn a_budget_is_raised_by_the_posts_so_that_they_are_not_capped_away() {
    // The imported budget (1.7) below the workers' time (1.8): 0.1 ETP of them is idle, and
    // stays so with the posts; the posts themselves are not capped.
    let without = Problem::new(&staffed(), &with_posts(Some(1.7), 0)).expect("problem");
    let with = Problem::new(&staffed(), &with_posts(Some(1.7), 2)).expect("problem");
    assert_eq!(without.budget_units, 17);
    assert_eq!(with.budget_units, 37);
    assert!((with.available_fte - 3.7).abs() < 1e-9);
    // The warning is about the scenario's budget and `workers.csv`, as written.
    let warned = with.warnings.iter().find(|w| w.starts_with("budget.total_fte")).expect("warned");
    assert!(
        warned.starts_with(
            "budget.total_fte = 1,7 est inférieur de 0,1 ETP au temps des assistants de workers.csv (1,8 ETP)"
        ),
        "{warned}"
    );
    // A budget above the workers' time says what the posts do.
    let above = Problem::new(&staffed(), &with_posts(Some(2.5), 1)).expect("problem");
    let warned = above.warnings.iter().find(|w| w.starts_with("budget.total_fte")).expect("warned");
    assert!(
        warned.contains("0,7 ETP du budget n'ont pas d'assistant") && warned.contains("budget.extra_posts"),
        "{warned}"
    );
    assert_eq!(above.budget_units, 28);
}

#[test]
fn without_workers_the_posts_raise_the_budget_split_into_posts() {
    let instance = Instance { workers: Vec::new(), ..small_instance() };
    let p = Problem::new(&instance, &with_posts(Some(1.5), 2)).expect("problem");
    let ids: Vec<&str> = p.staff.iter().map(|s| s.worker.id.as_str()).collect();
    assert_eq!(ids, ["POSTE01", "POSTE02", "POSTE03", "POSTE04"]);
    assert!(p.budget_only && p.staff.iter().all(|s| s.generated));
    assert_eq!(p.budget_units, 35);
    // No budget and no workers: still nothing to plan with.
    assert!(Problem::new(&instance, &with_posts(None, 2)).is_err());
}

#[test]
fn more_posts_are_refused_past_a_hundred() {
    assert!(with_posts(None, 100).validate().is_empty());
    let problems = with_posts(None, 101).validate();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("`budget.extra_posts` : 101 postes supplémentaires"), "{}", problems[0]);
    assert!(problems[0].contains("au plus 100") && problems[0].contains("`budget.total_fte`"), "{}", problems[0]);
    // A reserve is taken on the budget with its posts: 0.5 + 1 post leaves time to plan.
    let mut s = with_posts(Some(0.5), 1);
    s.budget.reserve_fte = 1.0;
    assert!(s.validate().is_empty(), "{:?}", s.validate());
    s.budget.extra_posts = 0;
    assert!(s.validate().iter().any(|m| m.starts_with("`budget.reserve_fte`")));
}
