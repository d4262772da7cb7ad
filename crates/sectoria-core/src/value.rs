//! The concave service value of an allocation.
//!
//! An establishment receiving `t` units gets `w × pupils × Σ_j v_j s_j / need_units`, where the
//! `s_j` split `t` into consecutive equal segments of the need (default three thirds valued
//! `[1.0, 0.6, 0.3]`). Units beyond the need add nothing.

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

    #[test]
    fn increments_never_grow() {
        let c = ValueCurve { scale: 417.0, need_units: 7.3, segments: vec![1.0, 0.6, 0.3], served: 0.0 };
        let inc: Vec<f64> = (0..12).map(|t| c.value(f64::from(t + 1)) - c.value(f64::from(t))).collect();
        assert!(inc.windows(2).all(|w| w[1] <= w[0] + 1e-9), "{inc:?}");
    }
}
