//! On the demo, every reason with a binding rule opens with its plain sentence (tester's session
//! s49, finding 9), before and after the counterfactuals word it: short, never « arbitrage », and
//! the detail after it still opens with its rule.

use sectoria_core::reason::{split_lead, RULE_OPENINGS};
use sectoria_core::Problem;
use sectoria_scenarios::{attach, explain_exact};
use std::collections::BTreeMap;
use std::path::Path;

/// Lead sentences stay short: a committee member says them in one breath.
const MOST: usize = 200;

fn check(uai: &str, reason: &str) {
    let (lead, detail) = split_lead(reason);
    assert!(RULE_OPENINGS.iter().any(|o| detail.starts_with(o)), "{uai}: {reason}");
    if detail.starts_with("besoin couvert") || detail.starts_with("servi au plafond") {
        assert!(lead.is_none(), "{uai}: {reason}");
        return;
    }
    let lead = lead.unwrap_or_else(|| panic!("{uai} without a lead: {reason}"));
    assert!(lead.chars().count() <= MOST, "{uai}: {} characters: {lead}", lead.chars().count());
    assert!(!lead.contains("arbitrage") && !lead.contains("`"), "{uai}: {lead}");
    // The lead states the detail's cause, unless it says first that the exact calculation finds
    // a plan as good that serves it (equivalent_reasons_s49.rs).
    if lead.starts_with("le calcul exact trouve") {
        return;
    }
    if detail.contains("temps des assistants : ") {
        assert!(lead.contains("assistant") || lead.contains("budget"), "{uai}: {reason}");
    }
    if detail.contains("règle REP+") {
        assert!(lead.contains("tête de réseau"), "{uai}: {reason}");
    }
}

#[test]
fn every_demo_reason_leads_with_a_short_plain_sentence() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    if !dir.join("establishments.csv").exists() {
        eprintln!("data/demo absent: test skipped");
        return;
    }
    let instance = sectoria_io::load_instance(&dir).expect("demo instance");
    let mut scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    scenario.solver.relative_gap = 0.005;
    let problem = Problem::new(&instance, &scenario).expect("problem");
    let mut plan = sectoria_solver::plan(&problem, BTreeMap::new()).expect("plan");
    let mut leads = 0;
    for e in &plan.establishments {
        if let Some(r) = &e.reason {
            check(&e.uai, r);
            leads += usize::from(split_lead(r).0.is_some());
        }
    }
    assert!(leads > 50, "{leads} leads");
    let (all, _) = explain_exact(&problem, &plan, &|_| std::ops::ControlFlow::Continue(())).expect("explained");
    attach(&mut plan, &all);
    for e in &plan.establishments {
        if let Some(r) = &e.reason {
            check(&e.uai, r);
        }
    }
}
