//! The need estimate in ETP, from pupils, kind and IPS.

use crate::establishment::Establishment;
use crate::scenario::NeedRules;
use serde::{Deserialize, Serialize};

/// An establishment's need and how it was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    /// Pupils counted (cycle 3 for écoles).
    pub pupils: f64,
    /// Whether `pupils` is an estimate (écoles without a cycle 3 count).
    pub pupils_estimated: bool,
    /// Pupils per ETP for the kind.
    pub pupils_per_fte: f64,
    /// IPS factor `clamp(reference / ips)`; 1 when the IPS is unknown.
    pub ips_factor: f64,
    /// Whether the IPS was missing.
    pub ips_missing: bool,
    /// Need, ETP, capped at `max_fte_per_establishment`.
    pub fte: f64,
}

/// `need = pupils / pupils_per_fte[kind] × clamp(ips_reference / ips, lo, hi)`, capped.
pub fn need(e: &Establishment, rules: &NeedRules) -> Need {
    let (pupils, pupils_estimated) = e.served_pupils(rules.cycle3_share);
    let pupils_per_fte = rules.pupils_per_fte(e.kind);
    let (ips_factor, ips_missing) = match e.ips {
        Some(ips) if ips > 0.0 => {
            ((rules.ips_reference / ips).clamp(rules.ips_factor_min, rules.ips_factor_max), false)
        }
        _ => (1.0, true),
    };
    let fte = (pupils / pupils_per_fte * ips_factor).min(rules.max_fte_per_establishment);
    Need { pupils, pupils_estimated, pupils_per_fte, ips_factor, ips_missing, fte }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Kind;
    use crate::test_support::college;

    #[test]
    fn need_follows_the_formula_and_is_capped() {
        let rules = NeedRules::default();
        let mut e = college("0310001A", 600);
        e.ips = Some(80.0); // factor 100/80 = 1.25
        assert!((need(&e, &rules).fte - 0.75).abs() < 1e-12);
        e.ips = Some(50.0); // factor clamped to 1.5
        assert!((need(&e, &rules).fte - 0.9).abs() < 1e-12);
        e.pupils = 2000; // capped at 1.0
        assert!((need(&e, &rules).fte - 1.0).abs() < 1e-12);
        e.ips = None;
        e.pupils = 500;
        let n = need(&e, &rules);
        assert!(n.ips_missing && (n.fte - 0.5).abs() < 1e-12);
    }

    #[test]
    fn ecole_counts_cycle3_pupils_or_estimates_them() {
        let rules = NeedRules::default();
        let mut e = college("0310003C", 250);
        e.kind = Kind::Ecole;
        e.ips = Some(100.0);
        let n = need(&e, &rules);
        assert!(n.pupils_estimated && (n.pupils - 100.0).abs() < 1e-9);
        assert!((n.fte - 0.125).abs() < 1e-12); // 100 / 800
        e.cycle3_pupils = Some(80);
        assert!((need(&e, &rules).fte - 0.1).abs() < 1e-12);
    }
}
