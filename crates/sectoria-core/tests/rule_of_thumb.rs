//! Property tests of the rule of thumb on random instances: its plan passes the independent
//! checker, it hands out half-days only beyond the greedy start's minimum presence, and it
//! leaves budget only when every need is met or no served establishment can take another
//! half-day (and then says why). The instances come from `test_support::random_instance`.

use proptest::prelude::*;
use sectoria_core::test_support::{random_instance, RandomSpec};
use sectoria_core::{check_solution, greedy, rule_of_thumb, Problem, Scenario};

#[derive(Debug, Clone)]
struct Spec {
    instance: RandomSpec,
    total_tenths: u32,
    weekly_km: Option<u16>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(
            (-0.3f64..0.3, -0.4f64..0.4, 100u32..1500, 0u8..3, 70.0f64..125.0, prop::bool::weighted(0.2)),
            2..14,
        ),
        0usize..5,
        prop::collection::vec((-0.3f64..0.3, -0.4f64..0.4, 3u8..=10), 1..5),
        any::<bool>(),
        3u32..60,
        prop::option::weighted(0.3, 100u16..600),
    )
        .prop_map(|(sites, ecoles, workers, budget_only, total_tenths, weekly_km)| Spec {
            instance: RandomSpec { sites, ecoles, workers, budget_only },
            total_tenths,
            weekly_km,
        })
}

fn scenario(spec: &Spec) -> Scenario {
    let mut s = Scenario::default();
    s.budget.total_fte = Some(f64::from(spec.total_tenths) / 10.0);
    // The rule of thumb does not promise to reach every mandatory establishment.
    s.rules.must_cover.clear();
    s.travel.max_weekly_km = spec.weekly_km.map(f64::from);
    s
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261202),
        .. ProptestConfig::default()
    })]

    #[test]
    fn the_rule_of_thumb_passes_the_checker_and_spends_the_budget_it_can(spec in spec()) {
        let Ok(problem) = Problem::new(&random_instance(&spec.instance), &scenario(&spec)) else { return Ok(()) };
        let rot = rule_of_thumb(&problem);
        let violations = check_solution(&problem, &rot.solution);
        prop_assert!(violations.is_empty(), "{violations:?}");
        let used: u32 = rot.solution.assignments.iter().map(|a| a.units).sum();
        prop_assert_eq!(used + rot.units_left, problem.budget_units);
        let start: u32 = greedy(&problem).assignments.iter().map(|a| a.units).sum();
        prop_assert!(used >= start);
        prop_assert_eq!(rot.needs_met, sectoria_core::rule_of_thumb::needs_met(&problem, &rot.solution));
        prop_assert_eq!(rot.why_left.is_some(), rot.units_left > 0 && !rot.needs_met);
        if rot.units_left > 0 {
            // Stopped before the budget ran out: every need is met, or no served establishment
            // (with unmet need, or above it while some need is unmet elsewhere) can take one
            // more half-day from its worker.
            let per_site = rot.solution.units_per_site(problem.sites.len());
            let per_worker = rot.solution.units_per_worker(problem.staff.len());
            for a in &rot.solution.assignments {
                let site = &problem.sites[a.site];
                let unmet = site.curve.need_units - f64::from(per_site[a.site]) > 1e-9 || !rot.needs_met;
                let room = per_site[a.site] < site.cap_units
                    && per_worker[a.worker] < problem.staff[a.worker].capacity_units;
                let km_ok = match (problem.scenario.travel.max_weekly_km, &rot.solution.bases[a.worker]) {
                    (Some(cap), Some(base)) => {
                        sectoria_core::objective::weekly_km(&problem, &rot.solution, a.worker)
                            + 2.0 * problem.km(a.worker, base, a.site)
                            <= cap + 1e-9
                    }
                    _ => true,
                };
                prop_assert!(!(unmet && room && km_ok), "{} could take another half-day", site.uai());
            }
        }
    }
}
