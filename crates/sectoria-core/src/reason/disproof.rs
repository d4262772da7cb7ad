//! What the full re-solve says of a move the local estimate finds worth making. The reason of
//! an establishment weighs one exchange (its half-days against those a worker frees, the budget,
//! the continuity and the caps); the counterfactual re-solves the whole plan. When the
//! counterfactual of an unserved establishment proves that serving it costs points, its reason
//! says so instead of « le plan peut mieux faire », with what the best plan that serves it changes
//! elsewhere: the cascade the exchange alone does not see.

use crate::counterfactual::{Change, Counterfactual, SiteDelta};
use crate::french::{counted, half_days, points};
use std::fmt;

/// Establishments of the cascade named in the text; the others are counted.
const NAMED: usize = 3;

/// The counterfactual's proof that serving an unserved establishment costs points.
#[derive(Debug, Clone, PartialEq)]
pub struct Disproof {
    /// Cost between the plan and the best plan found that serves it, points.
    pub cost: f64,
    /// Proven interval of the cost, points.
    pub low: f64,
    /// Proven interval of the cost, points.
    pub high: f64,
    /// What that plan changes elsewhere, the first `NAMED` (« 0990073S perd 1 demi-journée »).
    pub others: Vec<String>,
    /// How many other establishments change besides those named.
    pub more: usize,
}

impl Disproof {
    /// The proof in `c`, the counterfactual of establishment `uai`: `None` unless it asks to
    /// serve it and proves the change costs points.
    pub fn of(c: &Counterfactual, uai: &str) -> Option<Disproof> {
        let cost = c.cost?;
        if c.change != Change::Serve || !c.proven || cost.shown <= 0.0 {
            return None;
        }
        let others: Vec<&SiteDelta> = c.differences.iter().filter(|d| d.uai != uai).collect();
        Some(Disproof {
            cost: cost.shown,
            low: cost.low,
            high: cost.high,
            others: others.iter().take(NAMED).map(|d| short(d)).collect(),
            more: others.len().saturating_sub(NAMED),
        })
    }
}

/// « 0990073S perd 1 demi-journée », « 0991441D gagne 2 demi-journées », « 0990440R change
/// d'assistant ».
fn short(d: &SiteDelta) -> String {
    if d.units_after > d.units_before {
        format!("{} gagne {}", d.uai, half_days(d.units_after - d.units_before))
    } else if d.units_after < d.units_before {
        format!("{} perd {}", d.uai, half_days(d.units_before - d.units_after))
    } else {
        format!("{} change d'assistant", d.uai)
    }
}

impl fmt::Display for Disproof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "la résolution complète, elle, prouve que le servir coûte {} (intervalle prouvé [{} ; {}])",
            points(self.cost, 1),
            super::dec(self.low, 1),
            super::dec(self.high, 1)
        )?;
        if !self.others.is_empty() {
            write!(f, " : le meilleur plan qui le sert change aussi {}", self.others.join(", "))?;
            if self.more > 0 {
                write!(f, " et {} change", counted(self.more as u64, "autre établissement"))?;
                if self.more > 1 {
                    write!(f, "nt")?;
                }
            }
        }
        Ok(())
    }
}
