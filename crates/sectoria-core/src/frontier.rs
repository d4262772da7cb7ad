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
    /// The objective's other terms, with the counts behind them (`None` in a plan written
    /// before they were recorded).
    #[serde(default)]
    pub costs: Option<PointCosts>,
    /// Whether the independent checker accepts the plan.
    pub checked: bool,
    /// Whether this is the plan itself.
    pub is_plan: bool,
}

impl FrontierPoint {
    /// Whether `self` looks better than `plan` on every figure the chart shows: more
    /// establishments served, no less of the weighted need covered and no more km — yet its
    /// objective is lower (it is on the frontier), for terms the chart does not draw.
    pub fn beats_on_the_drawn_axes(&self, plan: &FrontierPoint) -> bool {
        self.establishments_served > plan.establishments_served
            && self.weighted_need_covered >= plan.weighted_need_covered - 1e-12
            && self.km_total <= plan.km_total + 1e-9
    }
}

/// The costs the objective takes from a frontier point's service value, with their counts:
/// objective = service value − travel − stability − fragmentation.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PointCosts {
    /// `travel.weight_per_km` × weekly km (+ `travel.weight_per_minute` × weekly minutes).
    pub travel_cost: f64,
    /// `stability.penalty_per_unit` × [`Self::changed_units`].
    pub stability_cost: f64,
    /// Units (half-days) changed against `current.csv`.
    pub changed_units: u32,
    /// `rules.fragmentation_cost` × [`Self::served_pairs`].
    pub fragmentation_cost: f64,
    /// Pairs (worker, establishment) served.
    pub served_pairs: usize,
}

/// The frontier, by establishments served (ascending).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frontier {
    /// How it was traced (French).
    pub method: String,
    /// The points.
    pub points: Vec<FrontierPoint>,
}
