//! The additive priority score `w = 1 + Σ bonuses`, which explains itself.

use crate::establishment::Establishment;
use crate::kind::Category;
use crate::scenario::Priorities;
use serde::{Deserialize, Serialize};

/// One bonus applied to an establishment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bonus {
    /// Category that earns it.
    pub category: Category,
    /// French label.
    pub label: String,
    /// Points added.
    pub points: f64,
}

/// A priority score with the bonuses that make it up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorityScore {
    /// `1 + Σ bonuses`.
    pub score: f64,
    /// Bonuses applied (zero-point bonuses are listed too: the category still applies).
    pub bonuses: Vec<Bonus>,
}

impl PriorityScore {
    /// Whether the establishment belongs to `category`.
    pub fn has(&self, category: Category) -> bool {
        self.bonuses.iter().any(|b| b.category == category)
    }
}

/// Categories an establishment belongs to, in report order.
pub fn categories(e: &Establishment, p: &Priorities) -> Vec<Category> {
    Category::ALL.into_iter().filter(|&c| e.in_category(c, p.rural_density_min, p.rural_ips_threshold)).collect()
}

/// The priority score of `e` under `p`.
pub fn priority(e: &Establishment, p: &Priorities) -> PriorityScore {
    let bonuses: Vec<Bonus> = categories(e, p)
        .into_iter()
        .map(|c| Bonus { category: c, label: c.label().to_string(), points: p.bonus(c) })
        .collect();
    let score = 1.0 + bonuses.iter().map(|b| b.points).sum::<f64>();
    PriorityScore { score, bonuses }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::college;

    #[test]
    fn rep_plus_rural_college_with_segpa_adds_up() {
        let mut e = college("0310001A", 500);
        e.rep_plus = true;
        e.rep = true; // flagged both: counts as REP+ only
        e.density = Some(6);
        e.ips = Some(80.0);
        e.segpa = true;
        let s = priority(&e, &Priorities::default());
        // 1 + 2.0 (REP+) + 1.5 (rural, IPS 80 < 95, density 6) + 0.5 (SEGPA)
        assert!((s.score - 5.0).abs() < 1e-12);
        assert!(s.has(Category::RepPlus) && !s.has(Category::Rep));
        assert_eq!(s.bonuses.len(), 3);
    }

    #[test]
    fn urban_college_has_no_bonus() {
        let mut e = college("0310002B", 500);
        e.density = Some(1);
        e.ips = Some(80.0);
        assert_eq!(priority(&e, &Priorities::default()).score, 1.0);
    }
}
