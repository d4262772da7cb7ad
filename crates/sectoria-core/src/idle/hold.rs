//! What holds back an extra half-day of a worker with free time when its value beats its
//! travel: a lock that fixes the worker's time there, the worker's weekly km cap, the cap on
//! changes against today's sectors, or the continuity penalty — each named with its figures, so
//! that « Temps non attribué » says which rule keeps the time idle (tester's session s47: « une
//! autre règle du scénario la retient (continuité, plafond de trajet ou verrous) » for 17,9 ETP
//! held back by `stability.max_changes`).

use super::{Cause, Extra};
use crate::french::{half_days, points};
use crate::objective::{changed_units, weekly_km};
use crate::problem::{KmCap, Problem};
use crate::reason::dec;
use crate::solution::{Assignment, Solution};

/// The rule that holds back one extra half-day, with its figures.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Hold {
    /// `[locks] assign` fixes the worker's half-days at the establishment.
    Lock {
        /// The half-days fixed.
        units: u32,
    },
    /// The worker's weekly km would exceed its cap ([`Problem::km_cap`]).
    KmCap {
        /// Its weekly km in the plan.
        weekly_km: f64,
        /// Km per week the extra adds.
        added_km: f64,
        /// The worker's cap, its own or the scenario's.
        cap: KmCap,
    },
    /// The plan would change more half-days than `stability.max_changes`.
    ChangesCap {
        /// Half-days the plan changes.
        changed: u32,
        /// Half-days the extra adds to them.
        added: u32,
        /// `stability.max_changes`.
        max: u32,
    },
    /// The continuity penalty of the half-days it changes takes away its gain.
    Continuity {
        /// Half-days the extra changes.
        changes: u32,
        /// `stability.penalty_per_unit`.
        penalty: f64,
    },
}

/// The extra's changes against today's sectors and the worker's weekly km with it.
pub(super) struct With {
    /// Half-days the extra adds to the plan's changes.
    pub changes: u32,
    /// The worker's weekly km with the extra.
    pub weekly_km: f64,
}

/// The plan's figures with `x` added to worker `k`'s sector; `changed`: the half-days the plan
/// changes without it.
pub(super) fn with_extra(problem: &Problem, solution: &Solution, changed: u32, k: usize, x: &Extra) -> With {
    let mut more = solution.clone();
    more.assignments.push(Assignment { worker: k, site: x.site, units: x.units });
    more.normalise();
    With { changes: changed_units(problem, &more).saturating_sub(changed), weekly_km: weekly_km(problem, &more, k) }
}

impl Hold {
    /// The first rule, in this order, that holds back `x` for worker `k`: a lock, the weekly km
    /// cap, the cap on changes, the continuity penalty. `None` when none does.
    pub(super) fn of(problem: &Problem, solution: &Solution, k: usize, x: &Extra) -> Option<Hold> {
        let s = &problem.scenario;
        if let Some(units) = problem.locks.iter().find(|l| l.worker == k && l.site == x.site).and_then(|l| l.units) {
            return Some(Hold::Lock { units });
        }
        let changed = changed_units(problem, solution);
        let with = with_extra(problem, solution, changed, k, x);
        if let Some(cap) = problem.km_cap(k).filter(|c| c.exceeded_by(with.weekly_km, 1e-9)) {
            let weekly_km = weekly_km(problem, solution, k);
            return Some(Hold::KmCap { weekly_km, added_km: with.weekly_km - weekly_km, cap });
        }
        if let Some(max) = s.stability.max_changes.filter(|&m| with.changes > 0 && changed + with.changes > m) {
            return Some(Hold::ChangesCap { changed, added: with.changes, max });
        }
        let penalty = s.stability.penalty_per_unit;
        (with.changes > 0 && x.net * f64::from(x.units) <= penalty * f64::from(with.changes) + 1e-9)
            .then_some(Hold::Continuity { changes: with.changes, penalty })
    }

    /// The cause it stands for in the header's count.
    pub(super) fn cause(&self) -> Cause {
        match self {
            Hold::Lock { .. } => Cause::Lock,
            Hold::KmCap { .. } => Cause::KmCap,
            Hold::ChangesCap { .. } => Cause::ChangesCap,
            Hold::Continuity { .. } => Cause::Continuity,
        }
    }

    /// The rule in a few words, after « ailleurs, »: « son plafond de trajet ».
    pub(super) fn short(&self) -> &'static str {
        match self {
            Hold::Lock { .. } => "un verrou",
            Hold::KmCap { .. } => "son plafond de trajet",
            Hold::ChangesCap { .. } => "le plafond de changements",
            Hold::Continuity { .. } => "la pénalité de continuité",
        }
    }

    /// The rule in French, for worker `k`'s extra `x`: « le plafond de changements la retient :
    /// le plan change déjà 40 demi-journées par rapport aux secteurs actuels, et elle en
    /// changerait 2 de plus, au-delà des 40 permis par ce plafond (`stability.max_changes`) (ASS04
    /// n'est pas dans current.csv : …) ».
    pub(super) fn text(&self, problem: &Problem, k: usize, x: &Extra) -> String {
        let absent = if absent_from_current(problem, k) {
            format!(
                " ({} n'est pas dans current.csv : chacune de ses demi-journées compte comme un changement)",
                problem.staff[k].worker.id
            )
        } else {
            String::new()
        };
        match self {
            Hold::Lock { units } => format!(
                "le scénario fixe son temps à {} ([locks] assign : {})",
                problem.sites[x.site].uai(),
                half_days(*units)
            ),
            Hold::KmCap { weekly_km, added_km, cap } => format!(
                "son plafond de trajet la retient : {}, au-delà des {} km {}",
                if *weekly_km < 0.5 {
                    format!("elle ajouterait {} km par semaine", dec(*added_km, 0))
                } else {
                    format!(
                        "il roule déjà {} km par semaine et elle en ajouterait {}",
                        dec(*weekly_km, 0),
                        dec(*added_km, 0)
                    )
                },
                cap.figure(),
                if cap.own {
                    "de son propre plafond (`max_weekly_km` de workers.csv)"
                } else {
                    "de `travel.max_weekly_km`"
                }
            ),
            Hold::ChangesCap { changed, added, max } => format!(
                "le plafond de changements la retient : le plan change déjà {} par rapport aux secteurs actuels, et \
                 elle en changerait {added} de plus, au-delà des {max} permis par ce plafond \
                 (`stability.max_changes`){absent}",
                half_days(*changed)
            ),
            Hold::Continuity { changes, penalty } => format!(
                "la pénalité de continuité la retient : {} par rapport aux secteurs actuels, soit {} de pénalité \
                 (`stability.penalty_per_unit` = {}), autant ou plus que son gain{absent}",
                crate::french::counted(*changes, "demi-journée changée"),
                points(penalty * f64::from(*changes), 1),
                dec(*penalty, 1).trim_end_matches(",0")
            ),
        }
    }
}

/// Whether worker `k` has no line of today's sectors while others have: each of its half-days
/// is a change.
pub(super) fn absent_from_current(problem: &Problem, k: usize) -> bool {
    !problem.current.is_empty() && !problem.current.keys().any(|&(w, _)| w == k)
}
