//! The concave service value of an allocation.
//!
//! An establishment receiving `t` units gets `w × pupils × Σ_j v_j s_j / need_units`, where the
//! `s_j` split `t` into consecutive equal segments of the need (default three thirds valued
//! `[1.0, 0.6, 0.3]`). Units beyond the need add nothing. With `need.ips_factor_in_value`, the
//! scale is `w × pupils × IPS factor`.

use crate::need::Need;
use crate::scenario::NeedRules;
use serde::{Deserialize, Serialize};

/// The value curve of one establishment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueCurve {
    /// `w × pupils`: the value scale.
    pub scale: f64,
    /// Need in units (continuous).
    pub need_units: f64,
    /// Value per pupil of each segment.
    pub segments: Vec<f64>,
    /// Points added to the value of any allocation: 0 in every scenario; the breadth–depth
    /// frontier's bonus per establishment served (with more than one worker per establishment,
    /// a bonus per served pair would pay twice for a shared one).
    #[serde(default)]
    pub served: f64,
}

impl ValueCurve {
    /// The curve of an establishment of priority score `score` and need `need` under `rules`,
    /// in units of `unit_fte`: the one place the value scale is built.
    pub fn new(score: f64, need: &Need, rules: &NeedRules, unit_fte: f64) -> ValueCurve {
        let ips = if rules.ips_factor_in_value { need.ips_factor } else { 1.0 };
        ValueCurve {
            scale: score * need.pupils * ips,
            need_units: need.fte / unit_fte,
            segments: rules.value_segments.clone(),
            served: 0.0,
        }
    }

    /// Value of `units` units (any non-negative real; exact formula).
    pub fn value(&self, units: f64) -> f64 {
        if units <= 0.0 {
            return 0.0;
        }
        if self.need_units <= 0.0 || self.segments.is_empty() {
            return self.served;
        }
        let len = self.need_units / self.segments.len() as f64;
        let covered: f64 =
            self.segments.iter().enumerate().map(|(j, v)| v * (units - j as f64 * len).clamp(0.0, len)).sum();
        self.scale * covered / self.need_units + self.served
    }

    /// Value at full need.
    pub fn max_value(&self) -> f64 {
        self.value(self.need_units)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirds_of_need() {
        // need 6 units: segments of 2 units valued 1.0, 0.6, 0.3; scale 600.
        let c = ValueCurve { scale: 600.0, need_units: 6.0, segments: vec![1.0, 0.6, 0.3], served: 0.0 };
        assert_eq!(c.value(0.0), 0.0);
        assert!((c.value(2.0) - 200.0).abs() < 1e-9); // 600 × 2 / 6
        assert!((c.value(3.0) - 260.0).abs() < 1e-9); // + 600 × 0.6 / 6
        assert!((c.value(6.0) - 380.0).abs() < 1e-9); // 600 × (2 + 1.2 + 0.6) / 6
        assert!((c.value(9.0) - 380.0).abs() < 1e-9); // nothing beyond the need
        assert!((c.max_value() - 380.0).abs() < 1e-9);
    }

    /// `need.ips_factor_in_value` multiplies the scale by the IPS factor, and only the scale.
    #[test]
    fn the_ips_factor_counts_in_the_value_only_when_asked() {
        let need = Need {
            pupils: 446.0,
            pupils_estimated: false,
            pupils_per_fte: 800.0,
            ips_factor: 1.28,
            ips_missing: false,
            fte: 0.714,
        };
        let mut rules = NeedRules::default();
        let off = ValueCurve::new(1.5, &need, &rules, 0.1);
        assert!((off.scale - 1.5 * 446.0).abs() < 1e-9);
        rules.ips_factor_in_value = true;
        let on = ValueCurve::new(1.5, &need, &rules, 0.1);
        assert!((on.scale - 1.5 * 446.0 * 1.28).abs() < 1e-9);
        assert_eq!((on.need_units, &on.segments), (off.need_units, &off.segments));
        assert!((on.value(2.0) - 1.28 * off.value(2.0)).abs() < 1e-9);
    }

    #[test]
    fn increments_never_grow() {
        let c = ValueCurve { scale: 417.0, need_units: 7.3, segments: vec![1.0, 0.6, 0.3], served: 0.0 };
        let inc: Vec<f64> = (0..12).map(|t| c.value(f64::from(t + 1)) - c.value(f64::from(t))).collect();
        assert!(inc.windows(2).all(|w| w[1] <= w[0] + 1e-9), "{inc:?}");
    }
}
