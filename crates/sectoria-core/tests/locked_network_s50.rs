//! A lock that gives a worker a REP+ head collège gives it the network's mandatory écoles too
//! (`rules.must_cover_ecoles`, `rep_plus_schools_follow_college`): when the worker's time cannot
//! carry them, the precheck names the lock, the figures and what to do (tester's session s50,
//! finding 4: « [ensemble] aucune règle seule n'explique l'infaisabilité » instead).

use sectoria_core::kind::Kind;
use sectoria_core::location::LatLon;
use sectoria_core::scenario::LockedPair;
use sectoria_core::test_support::{college, worker};
use sectoria_core::{precheck, Instance, Problem, Scenario};

/// A REP+ collège (0341321B) with five REP+ écoles, a full-time worker and ASS06 at 0.5 ETP,
/// both next to it, and a plain collège nearby.
fn network() -> Instance {
    let here = LatLon::new(43.3368, 3.2496);
    let mut head = college("0341321B", 635);
    head.name = "Collège Katia et Maurice Krafft".to_string();
    head.rep_plus = true;
    head.location = here;
    let mut establishments = vec![head, college("0340001A", 400)];
    establishments[1].location = LatLon::new(43.34, 3.25);
    for n in 0..5 {
        let mut e = college(&format!("034100{n}E"), 200);
        e.kind = Kind::Ecole;
        e.rep_plus = true;
        e.network = Some("0341321B".to_string());
        e.location = here;
        establishments.push(e);
    }
    Instance {
        establishments,
        workers: vec![worker("ASS01", 1.0, here), worker("ASS06", 0.5, here)],
        ..Instance::default()
    }
}

fn scenario(locks: &[(&str, &str, Option<f64>)]) -> Scenario {
    let mut s = Scenario::default();
    s.rules.must_cover_ecoles = true;
    s.locks.assign =
        locks.iter().map(|&(uai, worker, fte)| LockedPair { uai: uai.into(), worker: worker.into(), fte }).collect();
    s
}

fn messages(s: &Scenario) -> Vec<String> {
    let problem = Problem::new(&network(), s).expect("valid");
    precheck(&problem).into_iter().map(|r| format!("[{}] {}", r.rule, r.message)).collect()
}

#[test]
fn a_head_college_locked_to_a_worker_too_small_for_its_network_is_named_with_the_figures() {
    let got = messages(&scenario(&[("0341321B", "ASS06", None)]));
    assert_eq!(
        got,
        vec!["[locks] verrou 0341321B → ASS06 : une école REP+ suit l'assistant de son collège tête de réseau \
             (règle rep_plus_schools_follow_college) et les 5 écoles du réseau de 0341321B (Collège Katia et \
             Maurice Krafft) sont obligatoires (`rules.must_cover_ecoles = true`) : ASS06 doit donc servir le \
             collège et ses 5 écoles, 0,7 ETP à leur présence minimale (0,2 + 5 × 0,1), or sa quotité \
             disponible est de 0,5 ETP : choisissez un assistant à 0,7 ETP ou plus, retirez le verrou ou mettez \
             `rules.must_cover_ecoles = false`"
            .to_string()]
    );
}

#[test]
fn the_locked_fte_and_the_workers_other_locks_count() {
    // The collège locked at 0.3 ETP: 0.8 for the network.
    let got = messages(&scenario(&[("0341321B", "ASS06", Some(0.3))]));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].contains("0,8 ETP à leur présence minimale (0,3 + 5 × 0,1)"), "{got:#?}");
    assert!(got[0].contains("choisissez un assistant à 0,8 ETP ou plus"), "{got:#?}");

    // ASS01 (1.0 ETP) carries the network alone, not with 0.4 ETP locked elsewhere.
    let got = messages(&scenario(&[("0341321B", "ASS01", None), ("0340001A", "ASS01", Some(0.4))]));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].contains(
            "0,7 ETP à leur présence minimale (0,2 + 5 × 0,1), en plus de 0,4 ETP de ses autres verrous \
             (0340001A), 1,1 ETP en tout, or sa quotité disponible est de 1,0 ETP"
        ),
        "{got:#?}"
    );
    assert!(got[0].starts_with("[locks] verrou 0341321B → ASS01 :"), "{got:#?}");
}

#[test]
fn a_locked_ecole_brings_its_network_and_names_its_own_lock() {
    let got = messages(&scenario(&[("0341002E", "ASS06", None)]));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].starts_with("[locks] verrou 0341002E → ASS06 (école du réseau de 0341321B) :"), "{got:#?}");
    assert!(got[0].contains("0,7 ETP à leur présence minimale"), "{got:#?}");
}

#[test]
fn nothing_is_said_when_the_network_fits_or_is_not_mandatory() {
    assert!(messages(&scenario(&[("0341321B", "ASS01", None)])).is_empty());
    let mut s = scenario(&[("0341321B", "ASS06", None)]);
    s.rules.must_cover_ecoles = false;
    assert!(messages(&s).is_empty());
    // Two workers per establishment: another worker of the collège may take écoles.
    let mut s = scenario(&[("0341321B", "ASS06", None)]);
    s.rules.max_workers_per_establishment = 2;
    assert!(messages(&s).is_empty(), "{:#?}", messages(&s));
}
