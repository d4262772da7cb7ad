//! The planner's default priority score and need (DESIGN §3), re-stated here so the
//! generator can draw plausible current sectors and size the workforce against the need.
//!
//! This is an estimate with the scenario defaults, not the planner's implementation.

use crate::establishments::{Establishment, Kind};

/// IPS below which a rural collège counts as disadvantaged (default `rural_ips_threshold`).
pub(crate) const RURAL_IPS_THRESHOLD: f64 = 95.0;

/// Lowest density level counted as rural (INSEE grid 5–7).
pub(crate) const RURAL_DENSITY_MIN: u8 = 5;

/// The establishment's IPS.
pub(crate) fn ips(e: &Establishment) -> f64 {
    f64::from(e.ips_tenths) / 10.0
}

/// Rural collège with a low IPS (density 5–7 and IPS below 95).
pub(crate) fn rural_disadvantaged(e: &Establishment, density: u8) -> bool {
    e.kind == Kind::College && density >= RURAL_DENSITY_MIN && ips(e) < RURAL_IPS_THRESHOLD
}

/// Whether the establishment has a SEGPA, ULIS, UPE2A or dispositif relais.
pub(crate) fn has_dispositif(e: &Establishment) -> bool {
    e.segpa || e.ulis || e.upe2a || e.relais
}

/// Priority score `1 + Σ bonuses` with the default bonuses.
pub(crate) fn priority(e: &Establishment, density: u8) -> f64 {
    let mut w = 1.0;
    if e.rep_plus {
        w += 2.0;
    } else if e.rep {
        w += 1.0;
    }
    if rural_disadvantaged(e, density) {
        w += 1.5;
    }
    if e.internat {
        w += 0.5;
    }
    if has_dispositif(e) {
        w += 0.5;
    }
    if e.kind == Kind::LyceePro {
        w += 0.5;
    }
    w
}

/// Need with the default parameters: pupils per ETP by kind, IPS factor
/// `clamp(100 / ips, 0.75, 1.5)`, capped at 1 ETP.
///
/// # Units: ETP
pub(crate) fn need_fte(e: &Establishment) -> f64 {
    let (pupils, pupils_per_fte) = match e.kind {
        Kind::College => (f64::from(e.pupils), 1_000.0),
        Kind::Lycee => (f64::from(e.pupils), 1_500.0),
        Kind::LyceePro | Kind::Erea => (f64::from(e.pupils), 800.0),
        Kind::Ecole => (e.cycle3_pupils.map_or(0.4 * f64::from(e.pupils), f64::from), 800.0),
    };
    let factor = (100.0 / ips(e)).clamp(0.75, 1.5);
    (pupils / pupils_per_fte * factor).min(1.0)
}
