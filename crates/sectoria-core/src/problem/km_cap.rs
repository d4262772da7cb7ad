//! A worker's weekly km cap: its own (`max_weekly_km` of `workers.csv`, « Km par semaine au
//! plus ») or the scenario's (`travel.max_weekly_km`), the smaller when both are given. The
//! solver, the rule of thumb, the checker and every explanation read it through
//! [`Problem::km_cap`](crate::Problem::km_cap), and every message that names a cap says whose it
//! is: « ASS07 refuse de rouler plus de 300 km par semaine » is not the scenario's rule.

use crate::reason::dec;

/// The weekly km cap that applies to one worker.
///
/// # Units: kilometres per week
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmCap {
    /// Km per week at most.
    pub km: f64,
    /// Whether it is the worker's own cap (`workers.csv`), below the scenario's or without one.
    pub own: bool,
}

impl KmCap {
    /// The cap of a worker whose own cap is `own` under a scenario whose cap is `scenario`: the
    /// smaller of the two; the scenario's on a tie (the rule everyone has).
    pub fn of(own: Option<f64>, scenario: Option<f64>) -> Option<KmCap> {
        match (own, scenario) {
            (Some(o), Some(s)) if o < s => Some(KmCap { km: o, own: true }),
            (_, Some(s)) => Some(KmCap { km: s, own: false }),
            (Some(o), None) => Some(KmCap { km: o, own: true }),
            (None, None) => None,
        }
    }

    /// Whether `weekly_km` is above the cap by more than `tolerance` km.
    pub fn exceeded_by(&self, weekly_km: f64, tolerance: f64) -> bool {
        weekly_km > self.km + tolerance
    }

    /// The key that sets it: « `max_weekly_km` de workers.csv » or « `travel.max_weekly_km` ».
    pub fn key(&self) -> &'static str {
        if self.own {
            "`max_weekly_km` de workers.csv"
        } else {
            "`travel.max_weekly_km`"
        }
    }

    /// The cap's figure: whole km, or one decimal when it has some (« 300 », « 300,5 »).
    pub fn figure(&self) -> String {
        let rounded = dec(self.km, 1);
        match rounded.strip_suffix(",0") {
            Some(whole) => whole.to_string(),
            None => rounded,
        }
    }

    /// « au-delà de son propre plafond de 300 km (`max_weekly_km` de workers.csv) » or « au-delà
    /// du plafond de 120 km du scénario (`travel.max_weekly_km`) ».
    pub fn beyond(&self) -> String {
        if self.own {
            format!("au-delà de son propre plafond de {} km ({})", self.figure(), self.key())
        } else {
            format!("au-delà du plafond de {} km du scénario ({})", self.figure(), self.key())
        }
    }

    /// The cap in French, saying whose it is: « son propre plafond de 300 km par semaine
    /// (`max_weekly_km` de workers.csv) » or « le plafond du scénario de 120 km par semaine
    /// (`travel.max_weekly_km`) ».
    pub fn described(&self) -> String {
        let whose = if self.own { "son propre plafond" } else { "le plafond du scénario" };
        format!("{whose} de {} km par semaine ({})", self.figure(), self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smaller_cap_applies_and_says_whose_it_is() {
        assert_eq!(KmCap::of(None, None), None);
        assert_eq!(KmCap::of(Some(300.0), None), Some(KmCap { km: 300.0, own: true }));
        assert_eq!(KmCap::of(None, Some(400.0)), Some(KmCap { km: 400.0, own: false }));
        assert_eq!(KmCap::of(Some(300.0), Some(400.0)), Some(KmCap { km: 300.0, own: true }));
        assert_eq!(KmCap::of(Some(500.0), Some(400.0)), Some(KmCap { km: 400.0, own: false }));
        assert_eq!(KmCap::of(Some(400.0), Some(400.0)), Some(KmCap { km: 400.0, own: false }));
        let own = KmCap { km: 300.0, own: true };
        assert_eq!(own.described(), "son propre plafond de 300 km par semaine (`max_weekly_km` de workers.csv)");
        let scenario = KmCap { km: 120.5, own: false };
        assert_eq!(scenario.described(), "le plafond du scénario de 120,5 km par semaine (`travel.max_weekly_km`)");
        assert_eq!(own.beyond(), "au-delà de son propre plafond de 300 km (`max_weekly_km` de workers.csv)");
        assert_eq!(scenario.beyond(), "au-delà du plafond de 120,5 km du scénario (`travel.max_weekly_km`)");
        assert!(own.exceeded_by(300.1, 1e-9) && !own.exceeded_by(300.0, 1e-9));
    }
}
