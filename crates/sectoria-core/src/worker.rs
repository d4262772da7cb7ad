//! Social workers (ASS) and the posts that stand for them in budget-only mode.

use crate::location::LatLon;
use serde::{Deserialize, Serialize};

mod extra_posts;
pub use extra_posts::{extra_posts, is_extra_post, scenario_posts, EXTRA_POST_NAME, EXTRA_POST_PREFIX};

/// Where a worker's week starts and ends: the résidence administrative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Base {
    /// UAI of the establishment the base is at, when it is one.
    pub uai: Option<String>,
    /// Position of the base.
    pub location: LatLon,
}

/// A social worker or a post to fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Worker {
    /// Identifier (`ASS01`, or `POSTE01` and `NOUVEAU1` for posts generated from the scenario).
    pub id: String,
    /// Name or pseudonym.
    pub name: Option<String>,
    /// Quotité, 0 < fte ≤ 1.
    pub fte: f64,
    /// Fixed base; `None` lets the model choose it among the candidate bases.
    pub base: Option<Base>,
    /// Sector size limit for this worker (secondary establishments); scenario default if `None`.
    pub max_establishments: Option<u32>,
    /// The worker's own weekly km cap (`max_weekly_km` of `workers.csv`), > 0; the smaller of
    /// it and `travel.max_weekly_km` applies ([`crate::Problem::km_cap`]).
    ///
    /// # Units: kilometres per week
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_weekly_km: Option<f64>,
}

/// Splits a budget into posts without a base: ⌊total⌋ full-time posts plus one part-time
/// remainder (rounded to `unit_fte`). Ids are `POSTE01`, `POSTE02`…
pub fn budget_posts(total_fte: f64, unit_fte: f64) -> Vec<Worker> {
    let units_total = (total_fte / unit_fte + 1e-9).floor() as i64;
    let units_per_post = (1.0 / unit_fte + 1e-9).floor() as i64;
    if units_total <= 0 || units_per_post <= 0 {
        return Vec::new();
    }
    let full = units_total / units_per_post;
    let rest = units_total % units_per_post;
    let count = full + i64::from(rest > 0);
    let width = count.to_string().len().max(2);
    (0..count)
        .map(|n| Worker {
            id: format!("POSTE{:0width$}", n + 1),
            name: None,
            fte: if n < full { 1.0 } else { rest as f64 * unit_fte },
            base: None,
            max_establishments: None,
            max_weekly_km: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_of_20_5_gives_20_full_posts_and_one_half_post() {
        let posts = budget_posts(20.5, 0.1);
        assert_eq!(posts.len(), 21);
        assert_eq!(posts[0].id, "POSTE01");
        assert!(posts[..20].iter().all(|p| p.fte == 1.0));
        assert!((posts[20].fte - 0.5).abs() < 1e-9);
        assert!(budget_posts(0.0, 0.1).is_empty());
        assert_eq!(budget_posts(3.0, 0.1).len(), 3);
    }
}
