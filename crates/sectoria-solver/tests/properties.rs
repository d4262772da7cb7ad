//! Property tests: on random small instances, every plan passes the independent checker; at
//! optimality the plan is never worse than the greedy baseline nor above the budget's bound, and
//! more budget never lowers the objective; mandatory REP+ establishments are served.

use proptest::prelude::*;
use sectoria_core::test_support::{random_instance, RandomSpec};
use sectoria_core::{check_solution, greedy, objective, Category, Instance, Kind, Problem, Scenario, SolveStatus};
use sectoria_solver::{budget_bound, solve, SolveError};

#[derive(Debug, Clone)]
struct Spec {
    instance: RandomSpec,
    total_tenths: u32,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(
            (-0.3f64..0.3, -0.4f64..0.4, 100u32..1200, 0u8..3, 75.0f64..125.0, prop::bool::weighted(0.2)),
            2..9,
        ),
        0usize..4,
        prop::collection::vec((-0.3f64..0.3, -0.4f64..0.4, 3u8..=10), 1..4),
        any::<bool>(),
        5u32..40,
    )
        .prop_map(|(sites, ecoles, workers, budget_only, total_tenths)| Spec {
            instance: RandomSpec { sites, ecoles, workers, budget_only },
            total_tenths,
        })
}

fn instance(spec: &Spec) -> Instance {
    random_instance(&spec.instance)
}

fn scenario(spec: &Spec, total_tenths: u32) -> Scenario {
    let mut s = Scenario::default();
    s.budget.total_fte = Some(f64::from(total_tenths) / 10.0);
    s.solver.relative_gap = 0.0;
    s.solver.time_limit_s = 30.0;
    if !spec.instance.sites.iter().any(|x| x.5) {
        s.rules.must_cover.clear();
    }
    s
}

proptest! {
    // A fixed seed keeps CI reproducible; the regression file replays every failure found so far
    // (change the seed locally to explore further).
    #![proptest_config(ProptestConfig {
        cases: 40,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261125),
        .. ProptestConfig::default()
    })]

    #[test]
    fn every_plan_passes_the_checker_and_beats_the_baseline(spec in spec()) {
        let inst = instance(&spec);
        let sc = scenario(&spec, spec.total_tenths);
        let problem = Problem::new(&inst, &sc).unwrap();
        let solved = match solve(&problem) {
            Ok(s) => s,
            Err(SolveError::Infeasible(reasons)) => {
                // Only must_cover can make these instances infeasible.
                prop_assert!(reasons.iter().all(|r| r.rule == "must_cover"), "{reasons:?}");
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        let violations = check_solution(&problem, &solved.solution);
        prop_assert!(violations.is_empty(), "{violations:?}");
        let terms = objective(&problem, &solved.solution);
        prop_assert!((terms.total - solved.report.objective).abs() <= 1e-6 * terms.total.abs().max(1.0) + 1e-6,
            "recomputed {} vs solver {}", terms.total, solved.report.objective);
        prop_assert_eq!(solved.report.status, SolveStatus::Optimal);
        let bound = budget_bound(&problem);
        prop_assert!(bound >= terms.total - 1e-6, "budget bound {} below the optimum {}", bound, terms.total);
        let baseline = greedy(&problem);
        if check_solution(&problem, &baseline).is_empty() {
            let b = objective(&problem, &baseline).total;
            prop_assert!(terms.total >= b - 1e-6, "plan {} < baseline {}", terms.total, b);
        }
        // must_cover = ["rep_plus"]: every REP+ collège is served (écoles are not mandatory
        // unless `must_cover_ecoles`).
        let per_site = solved.solution.units_per_site(problem.sites.len());
        for (i, site) in problem.sites.iter().enumerate() {
            if problem.in_category(i, Category::RepPlus) && site.kind() != Kind::Ecole {
                prop_assert!(site.must_cover);
                prop_assert!(per_site[i] > 0, "REP+ {} not served", site.uai());
            }
        }
    }

    #[test]
    fn more_budget_never_lowers_the_objective(spec in spec()) {
        let inst = instance(&spec);
        let mut last = f64::NEG_INFINITY;
        for tenths in [spec.total_tenths, spec.total_tenths + 5, spec.total_tenths + 15] {
            let problem = Problem::new(&inst, &scenario(&spec, tenths)).unwrap();
            match solve(&problem) {
                Ok(s) => {
                    let total = objective(&problem, &s.solution).total;
                    prop_assert!(total >= last - 1e-6, "budget {tenths}: {total} < {last}");
                    last = total;
                }
                Err(SolveError::Infeasible(_)) => prop_assert!(last == f64::NEG_INFINITY, "infeasible after feasible"),
                Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20260613),
        .. ProptestConfig::default()
    })]

    /// `[locks] exclude`: neither engine's plan, nor the rule of thumb, serves an excluded
    /// establishment or bases a post there, and the plan passes the checker.
    #[test]
    fn a_plan_never_serves_an_excluded_establishment(spec in spec(), mask in any::<u16>(), compact in any::<bool>()) {
        let inst = instance(&spec);
        let mut sc = scenario(&spec, spec.total_tenths);
        // Mandatory establishments cannot be excluded (the pre-check refuses it).
        sc.locks.exclude = inst
            .establishments
            .iter()
            .enumerate()
            .filter(|(n, e)| mask & (1 << (n % 16)) != 0 && !e.rep_plus)
            .map(|(_, e)| e.uai.clone())
            .collect();
        if compact {
            sc.solver.method = sectoria_core::scenario::Method::Compact;
        }
        let problem = Problem::new(&inst, &sc).unwrap();
        prop_assert_eq!(problem.excluded.len(), sc.locks.exclude.len());
        let solved = match solve(&problem) {
            Ok(s) => s,
            Err(SolveError::Infeasible(reasons)) => {
                prop_assert!(reasons.iter().all(|r| r.rule == "must_cover"), "{reasons:?}");
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        let violations = check_solution(&problem, &solved.solution);
        prop_assert!(violations.is_empty(), "{violations:?}");
        let baseline = sectoria_core::rule_of_thumb(&problem).solution;
        for (who, s) in [("plan", &solved.solution), ("rule of thumb", &baseline), ("baseline", &solved.baseline)] {
            for a in &s.assignments {
                prop_assert!(!problem.is_excluded(a.site), "{who} serves excluded {}", problem.sites[a.site].uai());
            }
            for b in s.bases.iter().flatten() {
                if let sectoria_core::BaseChoice::Site(i) = b {
                    prop_assert!(!problem.is_excluded(*i), "{who} bases a post at excluded {}", problem.sites[*i].uai());
                }
            }
        }
    }
}
