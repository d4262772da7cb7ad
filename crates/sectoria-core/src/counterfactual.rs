//! Exact explanations stored in the plan: the binding reason of each establishment and its
//! **counterfactual** — the best plan with the opposite decision (served at least at the minimum
//! presence when unserved, taken out when served), its cost and the proven interval of that cost.
//!
//! # The cost interval
//!
//! Let `z` be the plan's objective and `b` its proven bound (`z ≤ z* ≤ b`, `z*` the optimum), and
//! `z'`, `b'` the same for the re-solve with the change (`z' ≤ z'* ≤ b'`). The true cost of the
//! change is `Δ = z* − z'*`. Since the plan with the change is also a plan of the original
//! scenario, `z* ≥ max(z, z')`, and since the change only restricts the scenario, `Δ ≥ 0`:
//!
//! `max(0, max(z, z') − b') ≤ Δ ≤ b − z'`.
//!
//! The decision is **proven** when the low end is above zero (beyond a relative 1e-6 of the
//! objective, HiGHS's own tolerance): no plan as good as this one does otherwise. When the
//! interval contains zero, the decision lies within the solver's tolerance: an equally good plan
//! may do otherwise, and the change costs at most the high end.

use serde::{Deserialize, Serialize};

/// The proven interval of a change's cost, objective points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostInterval {
    /// Cost between the two plans found: `z − z'`.
    pub shown: f64,
    /// Proven lower end: `max(0, max(z, z') − b')`.
    pub low: f64,
    /// Proven upper end: `b − z'`.
    pub high: f64,
}

impl CostInterval {
    /// The interval from the plan's objective and bound and the re-solve's (see the module docs).
    pub fn new(objective: f64, bound: f64, other_objective: f64, other_bound: f64) -> CostInterval {
        let low = (objective.max(other_objective) - other_bound).max(0.0);
        let high = (bound.max(objective) - other_objective).max(low);
        CostInterval { shown: objective - other_objective, low, high }
    }

    /// Whether the cost is proven positive: its low end is above zero beyond `1e-6 × scale`.
    pub fn proven(&self, scale: f64) -> bool {
        self.low > PROVEN * scale.abs().max(1.0)
    }

    /// The re-solve's bound below which the decision is proven whatever plan the re-solve
    /// finds, for a plan of objective `objective` (the interval's low end is then above
    /// [`CostInterval::proven`]'s margin, with `objective` as the scale).
    pub fn proving_bound(objective: f64) -> f64 {
        objective - 2.0 * PROVEN * objective.abs().max(1.0)
    }
}

/// Relative margin beyond which a cost is proven positive: HiGHS's own tolerance.
const PROVEN: f64 = 1e-6;

/// The change an explanation prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Serve the establishment, at least at its minimum presence, by any worker.
    Serve,
    /// Take the establishment out (no worker serves it).
    Remove,
}

/// One establishment whose allocation differs in the counterfactual plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteDelta {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Half-days in the plan.
    pub units_before: u32,
    /// Half-days in the counterfactual plan.
    pub units_after: u32,
    /// Worker in the plan (ids joined by ", "; empty when unserved).
    pub worker_before: String,
    /// Worker in the counterfactual plan.
    pub worker_after: String,
}

impl SiteDelta {
    /// Whether only the worker changes: the same half-days, given by another worker (a delta is
    /// listed only when its time or its worker differs). Such a change is often a choice between
    /// equally good plans rather than what the change asked forces.
    pub fn only_worker_changes(&self) -> bool {
        self.units_before == self.units_after
    }
}

/// The best plan with the change, and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counterfactual {
    /// The change asked.
    pub change: Change,
    /// The change in French.
    pub description: String,
    /// The re-solve's objective (`None` when no plan makes the change).
    pub objective: Option<f64>,
    /// The re-solve's proven bound.
    pub bound: Option<f64>,
    /// The cost and its proven interval (`None` when no plan makes the change).
    pub cost: Option<CostInterval>,
    /// Whether the cost is proven positive (the interval excludes zero).
    pub proven: bool,
    /// Why no plan makes the change (French), when none does.
    pub impossible: Option<String>,
    /// Establishments whose allocation or worker differs, the changed one first (those whose
    /// worker alone changes included: [`SiteDelta::only_worker_changes`]).
    pub differences: Vec<SiteDelta>,
    /// Workers whose base (residence) moves.
    pub moved_workers: Vec<String>,
    /// Weekly km of the counterfactual plan minus the plan's.
    pub km_delta: f64,
    /// The whole counterfactual in one French paragraph.
    pub text: String,
}

/// The exact explanation of one establishment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExactExplanation {
    /// The binding reason, named concretely (French): why it is unserved, below its need or
    /// served as it is.
    pub reason: String,
    /// The counterfactual.
    pub counterfactual: Counterfactual,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_excludes_zero_only_beyond_the_bounds() {
        // Plan 100 (bound 100.2), re-solve 90 (bound 90.5): cost in [9.5, 10.2].
        let c = CostInterval::new(100.0, 100.2, 90.0, 90.5);
        assert!((c.low - 9.5).abs() < 1e-9 && (c.high - 10.2).abs() < 1e-9 && c.proven(100.0));
        // Re-solve 99.9 with bound 100.3: may cost nothing.
        let c = CostInterval::new(100.0, 100.2, 99.9, 100.3);
        assert_eq!(c.low, 0.0);
        assert!(!c.proven(100.0) && (c.high - 0.3).abs() < 1e-9);
        // A re-solve better than the plan: the plan was within its tolerance.
        let c = CostInterval::new(100.0, 100.2, 100.1, 100.15);
        assert!(c.shown < 0.0 && c.low == 0.0 && !c.proven(100.0));
    }

    #[test]
    fn only_a_change_of_worker_at_the_same_time_is_told_apart() {
        let d = |before: u32, after: u32, wb: &str, wa: &str| SiteDelta {
            uai: "0310036W".into(),
            name: "Lycée Pierre de Fermat".into(),
            units_before: before,
            units_after: after,
            worker_before: wb.into(),
            worker_after: wa.into(),
        };
        assert!(d(4, 4, "HG32", "HG53").only_worker_changes());
        assert!(!d(4, 3, "HG32", "HG53").only_worker_changes());
        assert!(!d(0, 2, "", "HG53").only_worker_changes());
        assert!(!d(2, 0, "HG32", "").only_worker_changes());
    }

    #[test]
    fn a_re_solve_bound_below_the_proving_bound_proves_the_decision() {
        for z in [-5.0, 0.0, 0.5, 100.0, 120_706.6] {
            let b = CostInterval::proving_bound(z);
            assert!(b < z);
            let just_below = b - 1e-9 * f64::abs(z).max(1.0);
            // Whatever plan the re-solve found under that bound, the decision is proven.
            for other in [just_below, just_below - 50.0] {
                assert!(CostInterval::new(z, z + 1.0, other, just_below).proven(z), "z {z}, other {other}");
            }
            // At the plan's own objective it is not.
            assert!(!CostInterval::new(z, z + 1.0, z - 3.0, z).proven(z));
        }
    }
}
