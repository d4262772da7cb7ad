//! Robustness to weights on a small instance: a REP+ collège holds in every draw.

use sectoria_core::test_support::small_instance_with_rep_plus as instance;
use sectoria_core::Scenario;
use sectoria_scenarios::jitter::{robustness, robustness_csv, JitterSpec, HEADER};
use std::sync::atomic::{AtomicUsize, Ordering};

#[test]
fn a_rep_plus_college_is_served_in_every_draw() {
    let mut s = Scenario::default();
    s.rules.must_cover.clear(); // served by its weight, not by the rule
    s.solver.relative_gap = 0.0;
    s.budget.total_fte = Some(0.8);
    let spec = JitterSpec { jitter: 0.2, samples: 12, seed: 3 };
    let calls = AtomicUsize::new(0);
    let progress = |_: usize| {
        calls.fetch_add(1, Ordering::SeqCst);
    };
    let r = robustness(&instance(), &s, &spec, 2, &progress).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 13); // the base and the 12 draws
    assert_eq!(r.draws.rows.len(), 12);
    assert_eq!(r.solved(), 12);
    assert_eq!(r.establishments.len(), 4);
    let rep_plus = r.establishments.iter().find(|e| e.uai == "0310004D").unwrap();
    assert_eq!(rep_plus.share(), Some(1.0));
    assert_eq!(rep_plus.served_in_base, Some(true));
    assert!(rep_plus.mean_fte > 0.0);
    // Not everyone fits in 0,8 ETP.
    assert!(r.establishments.iter().any(|e| e.share() < Some(1.0)), "{:?}", r.establishments);
    let total: f64 = r.establishments.iter().map(|e| e.mean_fte).sum();
    assert!(total <= 0.8 + 1e-9, "{total}");

    let csv = robustness_csv(&r);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].trim_start_matches('\u{feff}').starts_with(&HEADER.join(";")), "{}", lines[0]);
    let line = lines.iter().find(|l| l.starts_with("0310004D")).unwrap();
    assert!(line.contains(";REP+;100,0;") && line.contains(";oui;12"), "{line}");

    // Same seed, same result.
    let again = robustness(&instance(), &s, &spec, 1, &|_| {}).unwrap();
    assert_eq!(robustness_csv(&again), csv);
}
