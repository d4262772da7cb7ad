//! A bound on every plan's objective that needs no solve: the budget's half-days spread over the
//! establishments' value curves, as if nobody travelled and no worker, sector, distance or
//! presence rule held them back.
//!
//! The objective is the service value less travel, continuity and fragmentation costs, each at
//! least zero (the scenario's checks refuse negative weights), so it is at most the service
//! value. An establishment's value over its half-days is bounded by the concave envelope of the
//! values it can take (nothing, or from its minimum presence on); with every envelope concave,
//! the best spread of the budget's half-days over them is greedy by slope. The bound is loose
//! (a few per cent), but finite and proven: the compact model's time limit can fall before
//! HiGHS has solved its first relaxation, and a plan is never shown without a bound.

use sectoria_core::Problem;

/// An upper bound on the objective of every plan of `problem` (see the module's text).
pub fn budget_bound(problem: &Problem) -> f64 {
    let mut pieces: Vec<(f64, f64)> = Vec::new();
    for site in &problem.sites {
        let curve = &site.curve;
        let top = site.cap_units.max(site.min_units).max(curve.need_units.max(0.0).ceil() as u32);
        // Upper concave hull of (0, 0) and (u, value(u)) for u from the minimum presence on.
        let mut hull: Vec<(f64, f64)> = vec![(0.0, 0.0)];
        for u in site.min_units.max(1)..=top {
            let p = (f64::from(u), curve.value(f64::from(u)));
            while let [.., a, b] = hull[..] {
                if (b.1 - a.1) * (p.0 - a.0) <= (p.1 - a.1) * (b.0 - a.0) {
                    hull.pop();
                } else {
                    break;
                }
            }
            hull.push(p);
        }
        pieces.extend(hull.windows(2).map(|w| ((w[1].1 - w[0].1) / (w[1].0 - w[0].0), w[1].0 - w[0].0)));
    }
    pieces.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut left = f64::from(problem.budget_units);
    let mut bound = 0.0;
    for (slope, length) in pieces {
        if left <= 0.0 || slope <= 0.0 {
            break;
        }
        let take = length.min(left);
        bound += slope * take;
        left -= take;
    }
    bound
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_instance;
    use sectoria_core::Scenario;

    /// Every allocation of the budget over the sites, whatever the workers, is worth at most the
    /// bound: enumerated on the small instance with a budget of a few half-days.
    #[test]
    fn no_spread_of_the_budget_beats_the_bound() {
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(0.7);
        scenario.rules.must_cover.clear();
        let problem = Problem::new(&small_instance(), &scenario).expect("problem");
        let bound = budget_bound(&problem);
        let n = problem.sites.len();
        let budget = problem.budget_units;
        let mut best = 0.0f64;
        let mut units = vec![0u32; n];
        loop {
            let spent: u32 = units.iter().sum();
            let allowed = units.iter().zip(&problem.sites).all(|(&u, s)| u == 0 || u >= s.min_units);
            if spent <= budget && allowed {
                let value: f64 = units.iter().zip(&problem.sites).map(|(&u, s)| s.curve.value(f64::from(u))).sum();
                best = best.max(value);
            }
            // Next vector of units, each from 0 to the budget.
            let Some(i) = units.iter().position(|&u| u < budget) else { break };
            units[i] += 1;
            units[..i].iter_mut().for_each(|u| *u = 0);
        }
        assert!(best > 0.0);
        assert!(bound >= best - 1e-9, "bound {bound} below an allocation worth {best}");
        assert!(bound <= 1.5 * best, "bound {bound} far above the best allocation {best}");
    }
}
