//! Locks in the exact explanations: the counterfactual of an establishment of `[locks] exclude`
//! names the exclusion (not `rules.must_cover`, which forcing its presence would otherwise meet),
//! and the reason a committee reads for a locked establishment starts with its lock.

use sectoria_core::scenario::LockedPair;
use sectoria_core::test_support::{college, worker};
use sectoria_core::{Instance, LatLon, Problem, Scenario};
use sectoria_scenarios::{explain, explain_plan};
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// Four collèges around Toulouse, one far to the east, and two workers.
fn instance() -> Instance {
    let spots = [(43.60, 1.44), (43.63, 1.40), (43.58, 1.48), (43.90, 1.95)];
    let establishments = spots
        .iter()
        .enumerate()
        .map(|(n, &(lat, lon))| {
            let mut c = college(&format!("031000{n}A"), 400 + 100 * n as u32);
            c.location = LatLon::new(lat, lon);
            c
        })
        .collect();
    Instance {
        establishments,
        workers: vec![worker("ASS01", 0.6, LatLon::new(43.60, 1.44)), worker("ASS02", 0.4, LatLon::new(43.62, 1.41))],
        ..Instance::default()
    }
}

fn scenario() -> Scenario {
    let mut s = Scenario::default();
    s.rules.must_cover.clear();
    s.solver.relative_gap = 0.0;
    s
}

/// « Le servir … : impossible — scenario infaisable : - [must_cover] 0990123W … est exclu … mais
/// doit être couvert (`rules.must_cover`) : … retirez sa catégorie de `rules.must_cover` ».
#[test]
fn the_counterfactual_of_an_excluded_establishment_names_the_exclusion() {
    let mut s = scenario();
    s.locks.exclude = vec!["0310002A".to_string()];
    let problem = Problem::new(&instance(), &s).expect("valid");
    let plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    let e = explain(&problem, &plan, "0310002A").expect("explained");
    let c = e.change.expect("counterfactual");
    assert_eq!(
        c.text,
        "Le servir (0310002A, au moins 2 demi-journées par semaine) : impossible — exclu par le scénario ([locks] exclude) ; retirez-le de la liste pour le servir"
    );
    assert!(c.cost.is_none() && !c.text.contains("must_cover"), "{}", c.text);
    assert_eq!(
        e.reason,
        "En bref : le scénario demande qu'il ne soit pas servi. Détail : exclu par le scénario ([locks] exclude)"
    );
}

/// The far collège, kept with ASS01 by the scenario: its exact explanation (what plan.json,
/// the report and the web page show) starts with the lock, and its counterfactual says the lock
/// keeps it.
#[test]
fn a_locked_establishment_s_explanation_starts_with_its_lock() {
    let mut s = scenario();
    s.locks.assign = vec![LockedPair { uai: "0310003A".into(), worker: "ASS01".into(), fte: None }];
    let problem = Problem::new(&instance(), &s).expect("valid");
    let mut plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    explain_plan(&problem, &mut plan, &|_| ControlFlow::Continue(())).expect("explained");
    let e = plan.establishments.iter().find(|e| e.uai == "0310003A").expect("present");
    assert!(e.allocated_units > 0);
    let x = e.explanation.as_ref().expect("explanation");
    assert!(x.reason.starts_with("En bref : le scénario le garde avec ASS01"), "{}", x.reason);
    let detail = sectoria_core::reason::split_lead(&x.reason).1;
    assert!(detail.starts_with("gardé avec ASS01 par le scénario ([locks] assign), à "), "{}", x.reason);
    assert!(x.reason.contains(" km de la résidence de l'assistant"), "{}", x.reason);
    assert_eq!(e.reason.as_deref(), Some(x.reason.as_str()));
    assert!(x.counterfactual.text.contains("verrou de [locks]"), "{}", x.counterfactual.text);
}
