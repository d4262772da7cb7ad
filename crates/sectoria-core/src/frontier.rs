//! The breadth–depth frontier stored in the plan: non-dominated plans between "as many
//! establishments as possible" and the optimum, each with its figures.

use serde::{Deserialize, Serialize};

/// One plan of the frontier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontierPoint {
    /// Bonus per establishment served added to the objective to find it (0 for the optimum).
    pub bonus_per_establishment: f64,
    /// Establishments served.
    pub establishments_served: usize,
    /// The scenario's objective of the plan (without the bonus).
    pub objective: f64,
    /// Proven bound of the solve that found it (on the objective with the bonus).
    pub bound_with_bonus: f64,
    /// Proven relative gap of that solve.
    pub relative_gap: f64,
    /// Share of the need covered (half-days given up to each need, over the total need).
    pub need_covered: f64,
    /// Share of the need covered, priority-weighted.
    pub weighted_need_covered: f64,
    /// Weekly km of all workers.
    pub km_total: f64,
    /// Service value.
    pub service_value: f64,
    /// Whether the independent checker accepts the plan.
    pub checked: bool,
    /// Whether this is the plan itself.
    pub is_plan: bool,
}

/// The frontier, by establishments served (ascending).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frontier {
    /// How it was traced (French).
    pub method: String,
    /// The points.
    pub points: Vec<FrontierPoint>,
}
