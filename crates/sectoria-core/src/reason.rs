//! Why an establishment is not served, or served below its need: the binding reason, named
//! from the plan itself (no re-solve), for every plan.
//!
//! An establishment held by the scenario (`[locks] assign`, or the head collège a locked REP+
//! école takes along) says so first, with its worker, its fixed time if any and the distance
//! ([`Held`]): the lock, not the value of its half-days, put it there, and its allocation is not
//! counted in the budget's cut-off. A forbidden pair (`[locks] forbid`) is named after the rule
//! when it took away a worker that could otherwise serve the establishment ([`ForbiddenNear`]:
//! for an establishment not served at its need, any worker within reach but for the pair; for
//! one served at its need, a worker nearer than those serving it); when such pairs leave it no
//! worker within reach, they are the rule.
//!
//! The rules are tried in this order, and the first that holds is the reason:
//!
//! - **excluded**: the scenario takes it out of the plan (`[locks] exclude`);
//! - **time fixed by a lock**: served below its need with the time its locks fix;
//! - **REP+ rule**: a REP+ école whose head collège is not served;
//! - **forbidden pairs**: the only workers within reach are forbidden to it (`[locks] forbid`);
//! - **no worker within the distance**: no worker (or possible post base) within
//!   `rules.max_distance_km` (or `travel.max_minutes_one_way`);
//! - **budget**: the whole budget is used and the establishment's value per half-day (at the
//!   minimum presence, or of its next half-day when served) is below the cut-off, the lowest
//!   such value among the served establishments (named); the reason then weighs the exchange
//!   as the objective does ([`BudgetExchange`]: the cheapest worker's travel and the continuity
//!   penalty here, against the least useful half-days given back, net of theirs), and its lead
//!   says when that exchange loses no more than the plan's tolerance; when the IPS factor
//!   raised the need, the detail says that it lowers the value of each half-day;
//! - when budget is left and a worker within reach (for a REP+ école: its head collège's
//!   worker; for a served establishment: its own worker) has room, the cheapest such worker is
//!   taken and the first of these that holds is the reason: its **weekly km cap**, the
//!   **cap on changes**, **travel** (travel and fragmentation cost more than the value),
//!   **continuity** (travel does not, but with the penalty for changing today's sectors it
//!   does), or else the **solver's tolerance** (serving it would gain so few points that a plan
//!   within the proven gap may leave it out), with the figures;
//! - otherwise **workers' time**: the workers within reach, the nearest three (said so when there
//!   are more), then the one its counterfactual serves it with when it is not among them, each
//!   with its half-days taken (its free ones held back by the reserve or the budget said so), its
//!   sector size, and the exchange that would serve it from this worker ([`WorkerRoom`]): the
//!   half-days it would free against those asked and, when the budget is spent, those taken
//!   elsewhere, their cost, and what holds the exchange back — its cost, the weekly km cap, the
//!   cap on changes or the continuity penalty, with their figures — or its gain against the
//!   plan's tolerance. When the budget is used up, its half-day is set against the budget's
//!   cut-off, with why it is not given next to it (`threshold`).
//!
//! The budget's rule says how many half-days are left, and whose, when they are fewer than the
//! minimum presence ([`Remainder`]): « tous les ETP sont attribués » only when none is.
//!
//! Every reason but « besoin couvert » opens with one plain sentence built from the same facts
//! (« En bref : … . Détail : », [`split_lead`]), then gives the detail.
//!
//! An establishment served at its need with none of these to say reads « besoin couvert » with
//! its half-days and its need. Once its counterfactual is known ([`Analysis::reason_given`]),
//! a gain found by one exchange is not called a better plan when the counterfactual proves that
//! serving the establishment costs points ([`Disproof`]).

use crate::counterfactual::{Change, Counterfactual};
use crate::french::{half_days, points};
use crate::objective::{changed_units, weekly_km};
use crate::problem::{BaseChoice, Problem};
use crate::solution::Solution;
use std::fmt;

mod chain;
mod disproof;
mod exchange;
mod ips_share;
mod lead;
mod points;
mod room;
mod threshold;

pub use chain::{differences_in_chain, in_chain};
pub use disproof::Disproof;
pub use exchange::{BudgetExchange, PerHalfDay};
pub use lead::{split_lead, DETAIL, LEAD};
pub use points::points_meaning;
pub use room::{ChangesOver, Freeing, Idle, IdleWhy, KmOver, Obstacle, WorkerRoom};

/// How each binding reason's detail begins, after its lead sentence (« En bref : … . Détail : »,
/// [`split_lead`]), one per rule (an establishment served below
/// its need starts with « servi à N % du besoin ; » before its rule, one held by a lock with
/// « gardé avec », one served at its need whose nearest worker is forbidden to it with
/// « servi à hauteur de son besoin », and one served at its need with nothing else to say with
/// « besoin couvert », or « servi au plafond » when the cap per establishment stops it first).
pub const RULE_OPENINGS: [&str; 16] = [
    "gardé avec ",
    "exclu par le scénario",
    "temps fixé par le scénario",
    "couple interdit par le scénario",
    "couples interdits par le scénario",
    "règle REP+",
    "distance",
    "budget",
    "temps des assistants",
    "trajets",
    "continuité",
    "plafond de trajet",
    "dans la tolérance du solveur",
    "servi à ",
    "besoin couvert",
    "servi au plafond",
];

/// `x` with `decimals` decimals and a decimal comma (no "-0,0").
pub(crate) fn dec(x: f64, decimals: usize) -> String {
    let x = if x == 0.0 { 0.0 } else { x };
    format!("{x:.decimals$}").replace('.', ",")
}

/// ETP with two decimals at most and one at least: « 0,25 », « 0,5 », « 1,0 ».
pub(crate) fn fte(x: f64) -> String {
    let s = dec(x, 2);
    match s.strip_suffix('0') {
        Some(t) if !t.ends_with(',') => t.to_string(),
        _ => s,
    }
}

/// Workers within reach an establishment's reason details, nearest first.
const NEAREST: usize = 3;

/// A served establishment and the value of its last half-day.
#[derive(Debug, Clone, PartialEq)]
pub struct Cutoff {
    /// UAI of the establishment.
    pub uai: String,
    /// Value of its last half-day (at the minimum presence: the mean per half-day), points.
    pub value_per_unit: f64,
}

/// The rule that keeps an establishment unserved or below its need.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// The scenario takes it out of the plan (`[locks] exclude`).
    Excluded,
    /// Served below its need with the time its locks fix (`[locks] assign` with `fte`).
    LockedTime {
        /// The locked workers with their fixed half-days.
        workers: Vec<(String, u32)>,
    },
    /// The workers that could reach it are forbidden to it (`[locks] forbid`), and no other is
    /// within the distance.
    Forbidden {
        /// The forbidden workers within reach but for the pair.
        near: ForbiddenNear,
        /// `rules.max_distance_km`.
        max_km: f64,
    },
    /// A REP+ école whose head collège is not served.
    RepPlusRule {
        /// UAI of the head collège.
        head_uai: String,
    },
    /// No worker, and no possible post base, within the distance.
    NoWorkerWithinDistance {
        /// `rules.max_distance_km`.
        max_km: f64,
        /// Road distance of the nearest worker or base, km.
        nearest_km: Option<f64>,
        /// `travel.max_minutes_one_way` when set, with the shortest travel time of a worker or
        /// base, minutes: the limit is then a time as well as a distance.
        minutes: Option<(f64, Option<f64>)>,
    },
    /// The budget is used up and the establishment's value per half-day is below the cut-off.
    Budget {
        /// Value per half-day: at the minimum presence when not served, of the next half-day
        /// when served.
        value_per_unit: f64,
        /// The served establishment with the lowest such value (`None`: none other is served).
        cutoff: Option<Cutoff>,
        /// When the budget is the workers' time, below `budget.total_fte`: their ETP and the
        /// scenario's budget (the limit is then who is there, not the money).
        workers_time: Option<(f64, f64)>,
        /// Whether it is served: `value_per_unit` is then that of one more half-day.
        served: bool,
        /// The half-days left in the budget, fewer than its minimum presence (`None`: none left).
        left: Option<Remainder>,
    },
    /// The workers within reach have no half-day or no sector place left for it, or the whole
    /// budget is used and they spend their time where it is worth more.
    WorkersFull {
        /// Half-days of budget left.
        budget_left: u32,
        /// Value of a half-day here, points.
        value_per_unit: f64,
        /// The budget's cut-off, when the budget is used up.
        cutoff: Option<Cutoff>,
        /// Head collège (UAI) when it is a REP+ école that only its head's worker may serve.
        head_uai: Option<String>,
        /// The workers within reach, nearest first (at most three), then the one the
        /// counterfactual's best plan serves it with when it is not among them.
        workers: Vec<WorkerRoom>,
        /// How many workers are within reach.
        reach_total: usize,
        /// Workers the counterfactual's best plan serves it with from another residence than
        /// in this plan (not within reach from there).
        elsewhere: Vec<String>,
        /// Whether it is served: `value_per_unit` is then that of one more half-day.
        served: bool,
        /// Half-days it would take: its minimum presence when not served, else one.
        units: u32,
        /// When it is served: workers nearer than those who serve it (one based there first),
        /// that do not serve it, with where their time goes (at most two).
        nearer: Vec<NearerWorker>,
        /// `rules.max_workers_per_establishment`.
        max_workers: u32,
        /// Workers (or posts) whose whole time is below every minimum presence, with their
        /// ETP: their half-days are left in the budget but can serve no establishment.
        unusable: Vec<(String, f64, bool)>,
        /// The smallest minimum presence (with the head collège's for a REP+ école), ETP.
        smallest_presence_fte: f64,
        /// `budget.reserve_fte`: the ETP held back, apart from « tous les ETP sont attribués ».
        reserve_fte: f64,
        /// When the counterfactual proved that serving it costs points while a worker's
        /// exchange alone finds a gain: the proof, said once after the workers.
        disproof: Option<Disproof>,
    },
    /// Budget and room are left, but serving it costs more travel and fragmentation than it
    /// brings.
    Travel {
        /// Cheapest worker with room.
        worker: String,
        /// Its road distance, km.
        km: f64,
        /// Value per half-day gained.
        value_per_unit: f64,
        /// Travel and fragmentation cost per half-day.
        cost_per_unit: f64,
    },
    /// Travel alone would not stop it, but the penalty for changing today's sectors does.
    Continuity {
        /// Cheapest worker with room.
        worker: String,
        /// Value per half-day gained.
        value_per_unit: f64,
        /// Travel and fragmentation cost per half-day.
        travel_per_unit: f64,
        /// Stability penalty per half-day (`stability.penalty_per_unit` per unit changed).
        stability_per_unit: f64,
    },
    /// Serving it from the cheapest worker with room would exceed that worker's weekly km cap.
    WeeklyKmCap {
        /// The worker.
        worker: String,
        /// Its weekly km in the plan.
        weekly_km: f64,
        /// Km per week it would add.
        extra_km: f64,
        /// The worker's cap ([`Problem::km_cap`]): its own, or the scenario's.
        cap: crate::problem::KmCap,
    },
    /// The plan already makes as many changes against today's sectors as allowed.
    ChangesCap {
        /// Units changed in the plan.
        changed: u32,
        /// `stability.max_changes`.
        max_changes: u32,
    },
    /// No rule binds: serving it would gain a few points, within the solver's proven gap.
    Tolerance {
        /// Cheapest worker with room.
        worker: String,
        /// Its road distance, km.
        km: f64,
        /// Half-days it would take.
        units: u32,
        /// Value per half-day gained.
        value_per_unit: f64,
        /// Travel, fragmentation and stability cost per half-day.
        cost_per_unit: f64,
        /// The plan's tolerance in points (best bound − objective), when known.
        tolerance: Option<f64>,
        /// When the counterfactual proved that serving it costs points: the proof.
        disproof: Option<Disproof>,
    },
}

impl fmt::Display for Cutoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} par demi-journée ({})", points(self.value_per_unit, 1), self.uai)
    }
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Binding::Excluded => write!(f, "exclu par le scénario ([locks] exclude)"),
            Binding::LockedTime { workers } => {
                let w: Vec<String> = workers.iter().map(|(w, u)| format!("{} de {w}", half_days(*u))).collect();
                write!(f, "temps fixé par le scénario ([locks] assign) : {}", w.join(", "))
            }
            Binding::Forbidden { near, max_km } => write!(
                f,
                "{near} ; aucun autre assistant à moins de {} km",
                dec(*max_km, 0)
            ),
            Binding::RepPlusRule { head_uai } => write!(
                f,
                "règle REP+ : une école du réseau n'est servie que par l'assistant de son collège tête de réseau, et le collège {head_uai} n'est pas servi"
            ),
            Binding::NoWorkerWithinDistance { max_km, nearest_km, minutes } => {
                write!(f, "distance : aucun assistant à moins de {} km", dec(*max_km, 0))?;
                if let Some((max, _)) = minutes {
                    write!(f, " et de {} minutes de trajet", dec(*max, 0))?;
                }
                match (nearest_km, minutes) {
                    (Some(k), Some((_, Some(m)))) => {
                        write!(f, " (le plus proche est à {} km, le plus rapide à {} minutes)", dec(*k, 1), dec(*m, 0))
                    }
                    (Some(k), _) => write!(f, " (le plus proche est à {} km)", dec(*k, 1)),
                    (None, _) => Ok(()),
                }
            }
            Binding::Budget { value_per_unit, cutoff, workers_time, served, left } => {
                match (workers_time, left) {
                    (Some((staff, total)), None) => write!(
                        f,
                        "temps des assistants : tout le temps des assistants de workers.csv est attribué ({} ETP, moins que le budget de {} ETP)",
                        dec(*staff, 1),
                        dec(*total, 1)
                    )?,
                    (Some((staff, total)), Some(r)) => write!(
                        f,
                        "temps des assistants : le temps des assistants de workers.csv ({} ETP, moins que le budget de {} ETP) est attribué sauf {r}",
                        dec(*staff, 1),
                        dec(*total, 1)
                    )?,
                    (None, None) => write!(f, "budget : tous les ETP sont attribués")?,
                    (None, Some(r)) => write!(f, "budget : tous les ETP sont attribués sauf {r}")?,
                }
                match cutoff {
                    Some(cutoff) => write!(
                        f,
                        " ; {}une demi-journée {} {}, moins que le seuil des établissements servis ({cutoff})",
                        if left.is_some() { "pour l'atteindre, il faudrait prendre du temps ailleurs, or " } else { "" },
                        if *served { "de plus ici vaudrait" } else { "ici vaut" },
                        points(*value_per_unit, 1),
                    ),
                    None if left.is_some() => write!(f, " ; une demi-journée ici vaudrait {}", points(*value_per_unit, 1)),
                    None => write!(f, ", et déjà ici ; une demi-journée de plus vaudrait {}", points(*value_per_unit, 1)),
                }
            }
            Binding::WorkersFull {
                budget_left,
                value_per_unit,
                cutoff,
                head_uai,
                workers,
                reach_total,
                elsewhere,
                served,
                units,
                nearer,
                max_workers,
                unusable,
                smallest_presence_fte,
                reserve_fte,
                disproof,
            } => {
                write!(f, "temps des assistants : ")?;
                let reserve = if *reserve_fte > 1e-9 {
                    format!(", hors réserve de {} ETP", fte(*reserve_fte))
                } else {
                    String::new()
                };
                if *budget_left == 0 {
                    write!(f, "tous les ETP sont attribués{reserve} ; ")?;
                } else {
                    write!(f, "il reste {} au budget", half_days(*budget_left))?;
                    if budget_left < units {
                        write!(f, ", moins que les {} de sa présence minimale", half_days(*units))?;
                    }
                    if !unusable.is_empty() {
                        write!(f, " — dont {}", unusable_text(unusable, *smallest_presence_fte))?;
                    }
                    write!(f, " ; ")?;
                }
                let which = if *served { "de plus ici" } else { "ici" };
                write!(f, "une demi-journée {which} vaudrait {}", points(*value_per_unit, 1))?;
                let (near, chosen): (Vec<&WorkerRoom>, Vec<&WorkerRoom>) = workers.iter().partition(|w| !w.counterfactual);
                if let Some(c) = cutoff {
                    let who = match (*served, head_uai.is_some()) {
                        (true, _) => threshold::Who::Serving,
                        (false, true) => threshold::Who::Head,
                        (false, false) if near.len() < *reach_total || !chosen.is_empty() => threshold::Who::Named,
                        (false, false) => threshold::Who::AllWithinReach,
                    };
                    threshold::beside_cutoff(f, *value_per_unit, c, who, workers, disproof.is_some())?;
                }
                write!(f, " ; ")?;
                if let Some(h) = head_uai {
                    write!(f, "seul l'assistant du collège tête de réseau {h} peut servir cette école REP+ ; ")?;
                }
                let w: Vec<String> = near.iter().map(ToString::to_string).collect();
                match (w.len(), *reach_total) {
                    (0, _) => write!(f, "aucun assistant en place à portée ne peut le prendre")?,
                    (n, total) if n < total && !*served => write!(
                        f,
                        "assistants à portée, {} sur {total} : {}",
                        if n == 1 { "le plus proche".to_string() } else { format!("les {n} plus proches") },
                        w.join(" ; ")
                    )?,
                    _ => write!(f, "assistants à portée : {}", w.join(" ; "))?,
                }
                for c in chosen {
                    let farther = near.last().is_some_and(|l| c.km > l.km + 0.05);
                    write!(
                        f,
                        " ; le meilleur plan qui le sert (contrefactuel) prend un assistant {}hors de cette liste, {c}",
                        if farther { "plus loin, " } else { "" }
                    )?;
                }
                for id in elsewhere {
                    write!(
                        f,
                        " ; le meilleur plan qui le sert (contrefactuel) le confie à {id}, avec une autre résidence que dans ce plan"
                    )?;
                }
                for n in nearer {
                    let serving: Vec<&str> = near.iter().map(|w| w.id.as_str()).collect();
                    write!(f, " ; {n}")?;
                    if serving.len() as u32 >= *max_workers {
                        write!(
                            f,
                            " ; au plus {} par établissement (`rules.max_workers_per_establishment` = {max_workers}) : il ne pourrait venir qu'à la place de {}",
                            if *max_workers > 1 { format!("{max_workers} assistants") } else { "un assistant".to_string() },
                            serving.join(" et ")
                        )?;
                    }
                }
                match disproof {
                    Some(d) => write!(f, " ; {d}"),
                    None => Ok(()),
                }
            }
            Binding::Travel { worker, km, value_per_unit, cost_per_unit } => write!(
                f,
                "trajets : il reste du budget et de la place, mais depuis {worker} ({} km) une demi-journée coûte {} de trajet et de fragmentation pour {} de valeur",
                dec(*km, 1),
                points(*cost_per_unit, 1),
                points(*value_per_unit, 1)
            ),
            Binding::Continuity { worker, value_per_unit, travel_per_unit, stability_per_unit } => write!(
                f,
                "continuité : il reste du budget et de la place chez {worker}, mais une demi-journée ici ({}) coûte {} de trajet et {} de changement par rapport aux secteurs actuels",
                points(*value_per_unit, 1),
                points(*travel_per_unit, 1),
                points(*stability_per_unit, 1)
            ),
            Binding::WeeklyKmCap { worker, weekly_km, extra_km, cap } => write!(
                f,
                "plafond de trajet : {worker} roule déjà {} km par semaine ; le servir en ajouterait {}, {}",
                dec(*weekly_km, 0),
                dec(*extra_km, 0),
                cap.beyond()
            ),
            Binding::ChangesCap { changed, max_changes } => write!(
                f,
                "continuité : le plan change déjà {} par rapport aux secteurs actuels, le maximum permis ({max_changes})",
                half_days(*changed)
            ),
            Binding::Tolerance { worker, km, units, value_per_unit, cost_per_unit, tolerance, disproof } => {
                let gain = (value_per_unit - cost_per_unit) * f64::from(*units);
                // Disproved by the full re-solve: an estimate, not a rule-free gain.
                let opening = if disproof.is_some() {
                    "estimation d'un seul échange, qui ne voit pas tout le plan"
                } else {
                    "dans la tolérance du solveur : aucune règle ne l'empêche"
                };
                write!(
                    f,
                    "{opening} ; {} de {worker} (à {} km) {} {}{} pour {} de trajet et de fragmentation, soit {} de plus",
                    half_days(*units),
                    dec(*km, 1),
                    if *units >= 2 { "rapporteraient" } else { "rapporterait" },
                    points(*value_per_unit, 1),
                    if *units >= 2 { " chacune" } else { "" },
                    points(*cost_per_unit, 1),
                    points(gain, 1)
                )?;
                if let Some(d) = disproof {
                    return write!(f, " ; {d}");
                }
                match tolerance {
                    Some(t) => write!(
                        f,
                        ", {} la tolérance du plan ({}) : un plan aussi bon peut le servir",
                        if gain <= *t + 1e-9 { "dans" } else { "au-delà de" },
                        points(*t, 1)
                    ),
                    None => write!(f, " : un plan aussi bon peut le servir"),
                }
            }
        }
    }
}

/// The half-days left in a budget otherwise spent, fewer than an establishment's minimum
/// presence: « 1 demi-journée (ASS09), moins que les 2 de sa présence minimale ».
#[derive(Debug, Clone, PartialEq)]
pub struct Remainder {
    /// Half-days left.
    pub units: u32,
    /// The establishment's minimum presence, half-days.
    pub presence: u32,
    /// The workers whose free half-days they are, when the budget is their time.
    pub holders: Vec<String>,
}

impl fmt::Display for Remainder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", half_days(self.units))?;
        if !self.holders.is_empty() {
            write!(f, " ({})", self.holders.join(", "))?;
        }
        write!(f, ", moins que les {} de sa présence minimale", half_days(self.presence))
    }
}

/// A worker nearer an establishment than those who serve it, that does not serve it.
#[derive(Debug, Clone, PartialEq)]
pub struct NearerWorker {
    /// Worker id.
    pub id: String,
    /// Road distance, km.
    pub km: f64,
    /// Whether its residence is this establishment.
    pub based_here: bool,
    /// Half-days taken.
    pub units_used: u32,
    /// Capacity, half-days.
    pub capacity_units: u32,
    /// Secondary establishments in its sector, and its limit.
    pub sector_size: u32,
    /// Its sector size limit.
    pub max_sector: u32,
    /// Its sector: UAI and half-days.
    pub sector: Vec<(String, u32)>,
}

impl fmt::Display for NearerWorker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at: Vec<String> = self.sector.iter().map(|(u, n)| format!("{u} ({n})")).collect();
        write!(
            f,
            "{} ({}, à {} km) ne le sert pas : {} sur {} demi-journées prises{}{}",
            self.id,
            if self.based_here { "résidence dans cet établissement" } else { "plus près" },
            dec(self.km, 1),
            self.units_used,
            self.capacity_units,
            if at.is_empty() { String::new() } else { format!(" à {}", at.join(", ")) },
            if self.units_used >= self.capacity_units {
                " — tout son temps est pris"
            } else if self.sector_size >= self.max_sector {
                " — secteur complet"
            } else {
                ""
            }
        )
    }
}

/// A worker an establishment is kept with by the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldBy {
    /// Worker id.
    pub worker: String,
    /// Half-days the lock fixes (`fte` of `[locks] assign`), and their ETP.
    pub fixed: Option<(u32, f64)>,
    /// Road distance from the worker's base in the plan, km.
    pub km: Option<f64>,
}

/// An establishment held by the scenario: kept with a worker by `[locks] assign`, or the head
/// collège a locked REP+ école takes along to its worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    /// The workers it is kept with.
    pub by: Vec<HeldBy>,
    /// When it is held only as the head collège of locked REP+ écoles: their UAI.
    pub via_ecoles: Vec<String>,
    /// `rules.max_distance_km`, from which a lock is exempt.
    pub max_km: f64,
}

impl fmt::Display for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.by.iter().map(|b| b.worker.as_str()).collect();
        write!(f, "gardé avec {} par le scénario", names.join(" et "))?;
        if self.via_ecoles.is_empty() {
            let fixed: Vec<String> = self
                .by
                .iter()
                .filter_map(|b| {
                    let (_, fte) = b.fixed?;
                    let what = format!("{} ETP fixés", dec(fte, 2).trim_end_matches('0').trim_end_matches(','));
                    Some(if self.by.len() > 1 { format!("{what} pour {}", b.worker) } else { what })
                })
                .collect();
            match fixed.is_empty() {
                true => write!(f, " ([locks] assign)")?,
                false => write!(f, " ([locks] assign, {})", fixed.join(", "))?,
            }
        } else {
            let (one, many) = ("son école REP+ {} est gardée", "ses écoles REP+ {} sont gardées");
            let which = if self.via_ecoles.len() > 1 { many } else { one }.replace("{}", &self.via_ecoles.join(", "));
            write!(f, " : {which} avec lui ([locks] assign) et une école REP+ suit son collège tête de réseau")?;
        }
        let far: Vec<String> = self
            .by
            .iter()
            .filter_map(|b| {
                let km = dec(b.km?, 1);
                Some(if self.by.len() > 1 { format!("{} à {km} km", b.worker) } else { format!("à {km} km") })
            })
            .collect();
        if !far.is_empty() {
            let whose = if self.by.len() > 1 { "de leur résidence" } else { "de la résidence de l'assistant" };
            write!(f, ", {} {whose}", far.join(", "))?;
            if self.by.iter().any(|b| b.km.is_some_and(|k| k > self.max_km + 1e-9)) {
                write!(
                    f,
                    " (au-delà des {} km de `rules.max_distance_km`, dont un verrou est exempté)",
                    dec(self.max_km, 0)
                )?;
            }
        }
        Ok(())
    }
}

/// The workers forbidden to an establishment by `[locks] forbid` that could otherwise serve it.
#[derive(Debug, Clone, PartialEq)]
pub struct ForbiddenNear {
    /// Worker id and road distance from its base, km, nearest first.
    pub workers: Vec<(String, f64)>,
}

impl fmt::Display for ForbiddenNear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w: Vec<String> = self.workers.iter().map(|(w, km)| format!("{w} (à {} km)", dec(*km, 1))).collect();
        write!(
            f,
            "couple{} interdit{} par le scénario ([locks] forbid) : {}",
            if w.len() > 1 { "s" } else { "" },
            if w.len() > 1 { "s" } else { "" },
            w.join(", ")
        )
    }
}

/// Value of the last half-day of an allocation of `u` units at site `i` (at the minimum
/// presence: the mean value per half-day of the minimum presence).
pub fn last_unit_value(problem: &Problem, i: usize, u: u32) -> f64 {
    let s = &problem.sites[i];
    if u <= s.min_units {
        let m = f64::from(s.min_units.max(1));
        s.curve.value(m) / m
    } else {
        s.curve.value(f64::from(u)) - s.curve.value(f64::from(u - 1))
    }
}

/// Half-days by which an allocation may fall short of the need and still count as meeting it
/// (rounding noise only: the need is never rounded).
pub const NEED_TOLERANCE: f64 = 1e-6;

/// « POSTE58 (0,1 ETP) : sous la présence minimale de 0,2 ETP, ce poste ne peut servir aucun
/// établissement »: the workers or posts (id, ETP, generated from the budget) whose whole time is
/// below the smallest minimum presence (`smallest_fte`).
fn unusable_text(unusable: &[(String, f64, bool)], smallest_fte: f64) -> String {
    let who: Vec<String> = unusable.iter().map(|(w, fte, _)| format!("{w} ({} ETP)", dec(*fte, 1))).collect();
    let many = unusable.len() > 1;
    let subject = match (unusable.iter().all(|u| u.2), unusable.iter().all(|u| !u.2), many) {
        (true, _, false) => "ce poste",
        (true, _, true) => "ces postes",
        (_, true, false) => "cet assistant",
        (_, true, true) => "ces assistants",
        _ => "ils",
    };
    format!(
        "{} : sous la présence minimale de {} ETP, {subject} ne {} servir aucun établissement",
        who.join(", "),
        dec(smallest_fte, 1),
        if many { "peuvent" } else { "peut" }
    )
}

/// The fewest half-days one worker must give to serve any establishment of the plan: its
/// minimum presence, plus its head collège's for a REP+ école that follows it (establishments
/// the scenario excludes left out). `u32::MAX` when there is none.
pub fn smallest_presence(problem: &Problem) -> u32 {
    (0..problem.sites.len())
        .filter(|&i| !problem.is_excluded(i))
        .map(|i| {
            let s = &problem.sites[i];
            s.min_units.max(1) + problem.head[i].map_or(0, |h| problem.sites[h].min_units)
        })
        .min()
        .unwrap_or(u32::MAX)
}

/// How far an establishment's need is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Served at its need (or at the allocation cap).
    Full,
    /// Served below its need.
    BelowNeed,
    /// Not served.
    NotServed,
}

/// A plan seen from its establishments: what binds each one.
#[derive(Debug, Clone)]
pub struct Analysis<'a> {
    problem: &'a Problem,
    solution: &'a Solution,
    per_site: Vec<u32>,
    per_worker: Vec<u32>,
    sector_size: Vec<u32>,
    tolerance: Option<f64>,
}

/// A worker (or unused post) that could take an establishment, with what it would cost.
struct Candidate {
    k: usize,
    km: f64,
    /// Travel cost per half-day.
    travel_per_unit: f64,
    /// Fragmentation cost of the new pair (0 when the pair exists).
    fragmentation: f64,
}

impl<'a> Analysis<'a> {
    /// The analysis of `solution`; `tolerance` is the plan's proven gap in points
    /// (best bound − objective), when known.
    pub fn new(problem: &'a Problem, solution: &'a Solution, tolerance: Option<f64>) -> Analysis<'a> {
        let mut sector_size = vec![0u32; problem.staff.len()];
        for a in &solution.assignments {
            if problem.sites[a.site].kind().is_secondary() {
                sector_size[a.worker] += 1;
            }
        }
        Analysis {
            per_site: solution.units_per_site(problem.sites.len()),
            per_worker: solution.units_per_worker(problem.staff.len()),
            sector_size,
            problem,
            solution,
            tolerance,
        }
    }

    /// Coverage of site `i`'s need: at its need when its half-days reach the need itself (not
    /// rounded: 2 half-days against a need of 2,8 is 71 % of it, as the « Besoin couvert »
    /// figures count it), or the allocation cap.
    pub fn coverage(&self, i: usize) -> Coverage {
        let site = &self.problem.sites[i];
        let units = self.per_site[i];
        if units == 0 {
            Coverage::NotServed
        } else if f64::from(units) + NEED_TOLERANCE < site.curve.need_units && units < site.cap_units {
            Coverage::BelowNeed
        } else {
            Coverage::Full
        }
    }

    /// The lowest last-half-day value among served sites other than `i`, those the scenario
    /// imposes at their allocation ([`Analysis::forced_units`]) left out: their last half-day is
    /// the lock's, not a choice set against the others.
    fn cutoff(&self, i: usize) -> Option<Cutoff> {
        (0..self.problem.sites.len())
            .filter(|&j| j != i && self.per_site[j] > self.forced_units(j))
            .map(|j| Cutoff {
                uai: self.problem.sites[j].uai().to_string(),
                value_per_unit: last_unit_value(self.problem, j, self.per_site[j]),
            })
            .reduce(|a, b| if b.value_per_unit < a.value_per_unit { b } else { a })
    }

    /// The workers' ETP and the scenario's budget, when the budget after its reserve exceeds
    /// the workers of `workers.csv` (the warning of [`Problem::new`]): their time binds, not the
    /// budget.
    fn workers_time(&self) -> Option<(f64, f64)> {
        let p = self.problem;
        let staff_units: u32 = p.staff.iter().map(|s| s.capacity_units).sum();
        let staff: f64 = p.staff.iter().map(|s| s.worker.fte).sum();
        let reserve = p.scenario.budget.reserve_fte;
        p.scenario
            .budget
            .total_with_extra_posts()
            .filter(|&t| !p.budget_only && t - reserve > staff + 1e-9 && p.budget_units >= staff_units)
            .map(|t| (staff, t))
    }

    /// The budget's half-days left, against a minimum presence of `units`, with the workers
    /// that hold them when their free time is exactly what is left.
    fn remainder(&self, units: u32) -> Remainder {
        let p = self.problem;
        let free: Vec<(usize, u32)> = (0..p.staff.len())
            .map(|k| (k, p.staff[k].capacity_units.saturating_sub(self.per_worker[k])))
            .filter(|&(_, n)| n > 0)
            .collect();
        let left = self.budget_left();
        let holders = if free.iter().map(|f| f.1).sum::<u32>() == left {
            free.iter().map(|&(k, _)| p.staff[k].worker.id.clone()).collect()
        } else {
            Vec::new()
        };
        Remainder { units: left, presence: units, holders }
    }

    fn budget_left(&self) -> u32 {
        self.problem.budget_units.saturating_sub(self.per_site.iter().sum())
    }

    /// Whether worker `k` can take `extra` more units at site `i` (capacity, sector size).
    fn has_room(&self, k: usize, i: usize, extra: u32) -> bool {
        let st = &self.problem.staff[k];
        let new_site = self.solution.units(k, i) == 0 && self.problem.sites[i].kind().is_secondary();
        self.per_worker[k] + extra <= st.capacity_units && (!new_site || self.sector_size[k] < st.max_establishments)
    }

    /// Workers that may serve site `i` with the base they have in the plan, nearest first,
    /// with their km. For a REP+ école whose head is served, only the head's workers; for a
    /// served site, only its own workers.
    fn within_reach(&self, i: usize) -> Vec<(usize, f64)> {
        let p = self.problem;
        let only: Option<Vec<usize>> = if self.per_site[i] > 0 {
            Some(self.solution.assignments.iter().filter(|a| a.site == i).map(|a| a.worker).collect())
        } else {
            p.head[i]
                .filter(|&h| self.per_site[h] > 0)
                .map(|h| self.solution.assignments.iter().filter(|a| a.site == h).map(|a| a.worker).collect())
        };
        let mut v: Vec<(usize, f64)> = (0..p.staff.len())
            .filter(|k| only.as_ref().is_none_or(|o| o.contains(k)))
            .filter_map(|k| {
                let base = self.solution.bases[k].as_ref()?;
                p.is_eligible(k, base, i).then(|| (k, p.km(k, base, i)))
            })
            .collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Workers within reach with room for `units` more at `i`, and one unused post (at its
    /// best base) when the site is not served and not bound to a head collège's worker.
    fn candidates(&self, i: usize, units: u32) -> Vec<Candidate> {
        let p = self.problem;
        let frag = p.scenario.rules.fragmentation_cost;
        let mut out: Vec<Candidate> = self
            .within_reach(i)
            .into_iter()
            .filter(|&(k, _)| self.has_room(k, i, units))
            .map(|(k, km)| {
                let base = self.solution.bases[k].as_ref().expect("within reach: has a base");
                Candidate {
                    k,
                    km,
                    travel_per_unit: p.travel_cost_per_unit(k, base, i),
                    fragmentation: if self.solution.units(k, i) == 0 { frag } else { 0.0 },
                }
            })
            .collect();
        let bound_to_head = p.head[i].is_some_and(|h| self.per_site[h] > 0);
        if self.per_site[i] == 0 && !bound_to_head {
            let unused =
                (0..p.staff.len()).find(|&k| self.solution.bases[k].is_none() && p.staff[k].capacity_units >= units);
            if let Some(k) = unused {
                let best = p
                    .base_options(k)
                    .into_iter()
                    .filter(|b| p.is_eligible(k, b, i))
                    .map(|b| (p.travel_cost_per_unit(k, &b, i), p.km(k, &b, i)))
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((travel_per_unit, km)) = best {
                    out.push(Candidate { k, km, travel_per_unit, fragmentation: frag });
                }
            }
        }
        out
    }

    /// Units changed against today's sectors if worker `k` went from its units at `i` to
    /// `extra` more.
    fn extra_changes(&self, k: usize, i: usize, extra: u32) -> u32 {
        if self.problem.current.is_empty() {
            return 0;
        }
        let today = self.problem.current.get(&(k, i)).copied().unwrap_or(0);
        let now = self.solution.units(k, i);
        (now + extra).abs_diff(today).saturating_sub(now.abs_diff(today))
    }

    /// The least of `measure` (km or minutes) from any worker or possible base to site `i`.
    fn nearest_any(&self, i: usize, measure: fn(&Problem, usize, &BaseChoice, usize) -> f64) -> Option<f64> {
        let p = self.problem;
        p.distinct_staff()
            .into_iter()
            .flat_map(|k| p.base_options(k).into_iter().map(move |b| measure(p, k, &b, i)))
            .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.min(d))))
    }

    fn reachable(&self, i: usize) -> bool {
        let p = self.problem;
        p.distinct_staff().iter().any(|&k| p.base_options(k).iter().any(|b| p.is_eligible(k, b, i)))
    }

    /// The binding reason of site `i`: `None` when it is served at its need.
    pub fn binding(&self, i: usize) -> Option<Binding> {
        self.binding_given(i, None)
    }

    /// [`Analysis::binding`] once the counterfactual of site `i` is known: when it proves that
    /// serving the establishment costs points, a gain found by one exchange is said to hold for
    /// it alone, and the proof follows ([`Disproof`]).
    pub fn binding_given(&self, i: usize, counterfactual: Option<&Counterfactual>) -> Option<Binding> {
        let disproof = counterfactual.and_then(|c| Disproof::of(c, self.problem.sites[i].uai()));
        let p = self.problem;
        let coverage = self.coverage(i);
        let units = match coverage {
            Coverage::Full => return None,
            Coverage::NotServed => {
                if p.is_excluded(i) {
                    return Some(Binding::Excluded);
                }
                if let Some(h) = p.head[i].filter(|&h| self.per_site[h] == 0) {
                    return Some(Binding::RepPlusRule { head_uai: p.sites[h].uai().to_string() });
                }
                if !self.reachable(i) {
                    if let Some(near) = self.forbidden_near(i) {
                        return Some(Binding::Forbidden { near, max_km: p.scenario.rules.max_distance_km });
                    }
                    return Some(Binding::NoWorkerWithinDistance {
                        max_km: p.scenario.rules.max_distance_km,
                        nearest_km: self.nearest_any(i, Problem::km),
                        minutes: p
                            .scenario
                            .travel
                            .max_minutes_one_way
                            .map(|m| (m, self.nearest_any(i, Problem::minutes))),
                    });
                }
                p.sites[i].min_units.max(1)
            }
            Coverage::BelowNeed => {
                if let Some(workers) = self.locked_time(i) {
                    return Some(Binding::LockedTime { workers });
                }
                1
            }
        };
        let value_per_unit = last_unit_value(p, i, self.per_site[i] + units);
        let budget_left = self.budget_left();
        let cutoff = self.cutoff(i);
        if budget_left < units && cutoff.as_ref().is_none_or(|c| value_per_unit < c.value_per_unit) {
            return Some(Binding::Budget {
                value_per_unit,
                cutoff,
                workers_time: self.workers_time(),
                served: self.per_site[i] > 0,
                left: (budget_left > 0).then(|| self.remainder(units)),
            });
        }
        if budget_left >= units {
            let cost = |c: &Candidate| c.travel_per_unit * f64::from(units) + c.fragmentation;
            let mut candidates = self.candidates(i, units);
            candidates.sort_by(|a, b| cost(a).total_cmp(&cost(b)).then(a.k.cmp(&b.k)));
            if let Some(b) = self.cheapest_binding(i, units, value_per_unit, &candidates, disproof.clone()) {
                return Some(b);
            }
        }
        let reach = self.within_reach(i);
        let mut workers: Vec<WorkerRoom> =
            reach.iter().take(NEAREST).map(|&(k, km)| self.room(k, km, i, units, value_per_unit)).collect();
        let mut elsewhere = Vec::new();
        for k in self.counterfactual_workers(i, counterfactual) {
            match reach.iter().position(|r| r.0 == k) {
                Some(n) if n < NEAREST => {}
                Some(n) => {
                    let mut room = self.room(k, reach[n].1, i, units, value_per_unit);
                    room.counterfactual = true;
                    workers.push(room);
                }
                None => elsewhere.push(p.staff[k].worker.id.clone()),
            }
        }
        let disproof = disproof.filter(|_| workers.iter().any(WorkerRoom::claims_gain));
        for w in &mut workers {
            w.disproved = disproof.is_some();
        }
        Some(Binding::WorkersFull {
            budget_left,
            value_per_unit,
            cutoff: if budget_left < units { cutoff } else { None },
            head_uai: p.head[i].filter(|_| self.per_site[i] == 0).map(|h| p.sites[h].uai().to_string()),
            workers,
            reach_total: reach.len(),
            elsewhere,
            served: self.per_site[i] > 0,
            units,
            nearer: self.nearer(i),
            max_workers: p.scenario.rules.max_workers_per_establishment,
            unusable: if budget_left > 0 { self.unusable() } else { Vec::new() },
            smallest_presence_fte: f64::from(smallest_presence(p)) * p.unit_fte(),
            reserve_fte: p.scenario.budget.reserve_fte,
            disproof,
        })
    }

    /// The workers the counterfactual of an unserved site `i` serves it with (its best plan
    /// that serves it), in the plan's staff order.
    fn counterfactual_workers(&self, i: usize, counterfactual: Option<&Counterfactual>) -> Vec<usize> {
        let p = self.problem;
        let Some(c) = counterfactual.filter(|c| c.change == Change::Serve && self.per_site[i] == 0) else {
            return Vec::new();
        };
        let mut ks: Vec<usize> = c
            .differences
            .iter()
            .filter(|d| d.uai == p.sites[i].uai() && d.units_after > 0)
            .flat_map(|d| d.worker_after.split(", ").filter_map(|id| p.staff_index(id.trim())))
            .collect();
        ks.sort_unstable();
        ks.dedup();
        ks
    }

    /// For a served site `i`: the workers nearer than those who serve it (one whose residence
    /// it is first), that do not serve it, at most two.
    fn nearer(&self, i: usize) -> Vec<NearerWorker> {
        let p = self.problem;
        if self.per_site[i] == 0 {
            return Vec::new();
        }
        let serving: Vec<usize> = self.solution.assignments.iter().filter(|a| a.site == i).map(|a| a.worker).collect();
        let km = |k: usize| self.solution.bases[k].as_ref().map(|b| p.km(k, b, i));
        let serving_km = serving.iter().filter_map(|&k| km(k)).fold(f64::INFINITY, f64::min);
        let based_here =
            |k: usize| self.solution.bases[k].as_ref().is_some_and(|b| p.base_of(b).1 == Some(p.sites[i].uai()));
        let mut v: Vec<(usize, f64)> = (0..p.staff.len())
            .filter(|k| !serving.contains(k))
            .filter_map(|k| {
                let base = self.solution.bases[k].as_ref()?;
                let d = p.km(k, base, i);
                (p.is_eligible(k, base, i) && (based_here(k) || d < serving_km - 1e-9)).then_some((k, d))
            })
            .collect();
        v.sort_by(|a, b| based_here(b.0).cmp(&based_here(a.0)).then(a.1.total_cmp(&b.1)).then(a.0.cmp(&b.0)));
        v.into_iter()
            .take(2)
            .map(|(k, d)| {
                let st = &p.staff[k];
                NearerWorker {
                    id: st.worker.id.clone(),
                    km: d,
                    based_here: based_here(k),
                    units_used: self.per_worker[k],
                    capacity_units: st.capacity_units,
                    sector_size: self.sector_size[k],
                    max_sector: st.max_establishments,
                    sector: self
                        .solution
                        .assignments
                        .iter()
                        .filter(|a| a.worker == k && a.units > 0)
                        .map(|a| (p.sites[a.site].uai().to_string(), a.units))
                        .collect(),
                }
            })
            .collect()
    }

    /// Workers (or posts) with free time whose whole capacity is below every minimum presence
    /// ([`smallest_presence`]), with their ETP.
    fn unusable(&self) -> Vec<(String, f64, bool)> {
        let p = self.problem;
        let smallest = smallest_presence(p);
        (0..p.staff.len())
            .filter(|&k| p.staff[k].capacity_units < smallest && self.per_worker[k] < p.staff[k].capacity_units)
            .map(|k| (p.staff[k].worker.id.clone(), p.staff[k].worker.fte, p.staff[k].generated))
            .collect()
    }

    /// The reason given by the cheapest candidate that respects the weekly km cap (or that
    /// cap, when every candidate exceeds it).
    fn cheapest_binding(
        &self,
        i: usize,
        units: u32,
        value: f64,
        candidates: &[Candidate],
        disproof: Option<Disproof>,
    ) -> Option<Binding> {
        let p = self.problem;
        let s = &p.scenario;
        let weekly =
            |c: &Candidate| if self.solution.bases[c.k].is_some() { weekly_km(p, self.solution, c.k) } else { 0.0 };
        let extra_km = |c: &Candidate| 2.0 * c.km * f64::from(units);
        let within_cap = |c: &Candidate| p.km_cap(c.k).is_none_or(|m| !m.exceeded_by(weekly(c) + extra_km(c), 1e-9));
        let Some(c) = candidates.iter().find(|c| within_cap(c)) else {
            let c = candidates.first()?;
            return Some(Binding::WeeklyKmCap {
                worker: p.staff[c.k].worker.id.clone(),
                weekly_km: weekly(c),
                extra_km: extra_km(c),
                cap: p.km_cap(c.k)?,
            });
        };
        let changes = self.extra_changes(c.k, i, units);
        if let Some(max_changes) = s.stability.max_changes {
            let changed = changed_units(p, self.solution);
            if changes > 0 && changed + changes > max_changes {
                return Some(Binding::ChangesCap { changed, max_changes });
            }
        }
        let n = f64::from(units);
        let travel_per_unit = c.travel_per_unit + c.fragmentation / n;
        let stability_per_unit = s.stability.penalty_per_unit * f64::from(changes) / n;
        let worker = p.staff[c.k].worker.id.clone();
        Some(if travel_per_unit >= value {
            Binding::Travel { worker, km: c.km, value_per_unit: value, cost_per_unit: travel_per_unit }
        } else if travel_per_unit + stability_per_unit >= value {
            Binding::Continuity { worker, value_per_unit: value, travel_per_unit, stability_per_unit }
        } else {
            Binding::Tolerance {
                worker,
                km: c.km,
                units,
                value_per_unit: value,
                cost_per_unit: travel_per_unit + stability_per_unit,
                tolerance: self.tolerance,
                disproof,
            }
        })
    }

    /// Half-days of site `j` the scenario imposes: those of its locks (the fixed time, or else
    /// the minimum presence) and, for the head collège of a locked REP+ école, the minimum
    /// presence.
    pub fn forced_units(&self, j: usize) -> u32 {
        let p = self.problem;
        let min = p.sites[j].min_units;
        let locked: u32 = p.locks.iter().filter(|l| l.site == j).map(|l| l.units.unwrap_or(min)).sum();
        let along = p.locks.iter().any(|l| p.head[l.site] == Some(j));
        locked.max(if along { min } else { 0 })
    }

    /// The half-days of worker `k` the scenario imposes, per establishment (UAI): those of its
    /// locks, and the minimum presence of the head collèges its locked écoles take along.
    fn locked_of(&self, k: usize) -> Vec<(String, u32)> {
        let p = self.problem;
        let mut out: Vec<(String, u32)> = Vec::new();
        for l in p.locks.iter().filter(|l| l.worker == k) {
            out.push((p.sites[l.site].uai().to_string(), l.units.unwrap_or(p.sites[l.site].min_units)));
            if let Some(h) = p.head[l.site].filter(|&h| !p.locks.iter().any(|m| m.site == h && m.worker == k)) {
                let uai = p.sites[h].uai().to_string();
                if !out.iter().any(|(u, _)| *u == uai) {
                    out.push((uai, p.sites[h].min_units));
                }
            }
        }
        out
    }

    /// How the scenario holds site `i`: its locks (`[locks] assign`), or those of the REP+ écoles
    /// of its network when it is their head collège; `None` when nothing holds it.
    pub fn held(&self, i: usize) -> Option<Held> {
        let p = self.problem;
        let km = |k: usize| self.solution.bases[k].as_ref().map(|b| p.km(k, b, i));
        let mut by: Vec<HeldBy> = p
            .locks
            .iter()
            .filter(|l| l.site == i)
            .map(|l| HeldBy {
                worker: p.staff[l.worker].worker.id.clone(),
                fixed: l.units.map(|u| (u, f64::from(u) * p.unit_fte())),
                km: km(l.worker),
            })
            .collect();
        let mut via_ecoles = Vec::new();
        if by.is_empty() {
            for l in p.locks.iter().filter(|l| p.head[l.site] == Some(i)) {
                via_ecoles.push(p.sites[l.site].uai().to_string());
                let id = &p.staff[l.worker].worker.id;
                if !by.iter().any(|b| &b.worker == id) {
                    by.push(HeldBy { worker: id.clone(), fixed: None, km: km(l.worker) });
                }
            }
            via_ecoles.sort();
            via_ecoles.dedup();
        }
        (!by.is_empty()).then_some(Held { by, via_ecoles, max_km: p.scenario.rules.max_distance_km })
    }

    /// The locked workers and their fixed half-days when the locks of site `i` fix its whole
    /// allocation (every worker there is locked with a time, and no other may join).
    fn locked_time(&self, i: usize) -> Option<Vec<(String, u32)>> {
        let p = self.problem;
        let locks: Vec<_> = p.locks.iter().filter(|l| l.site == i).collect();
        let fixed = !locks.is_empty()
            && locks.iter().all(|l| l.units.is_some())
            && locks.len() as u32 >= p.scenario.rules.max_workers_per_establishment
            && self
                .solution
                .assignments
                .iter()
                .filter(|a| a.site == i)
                .all(|a| locks.iter().any(|l| l.worker == a.worker));
        fixed.then(|| locks.iter().map(|l| (p.staff[l.worker].worker.id.clone(), l.units.unwrap_or(0))).collect())
    }

    /// The workers `[locks] forbid` keeps from site `i` that could otherwise serve it from their
    /// base in the plan (a REP+ école: only its head collège's workers), when that matters: the
    /// establishment is not served at its need, or the forbidden worker is nearer than those who
    /// serve it. `None` when no such pair.
    pub fn forbidden_near(&self, i: usize) -> Option<ForbiddenNear> {
        let p = self.problem;
        if p.is_excluded(i) {
            return None;
        }
        let base =
            |k: usize| self.solution.bases[k].clone().or_else(|| p.staff[k].worker.base.clone().map(BaseChoice::Fixed));
        let serving_km = self
            .solution
            .assignments
            .iter()
            .filter(|a| a.site == i)
            .filter_map(|a| self.solution.bases[a.worker].as_ref().map(|b| p.km(a.worker, b, i)))
            .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.min(d))));
        let full = self.coverage(i) == Coverage::Full;
        let mut workers: Vec<(String, f64)> = p
            .forbidden
            .iter()
            .filter(|&&(k, j)| j == i && p.head[i].is_none_or(|h| self.solution.units(k, h) > 0))
            .filter_map(|&(k, _)| {
                let b = base(k)?;
                let km = p.km(k, &b, i);
                let reach =
                    p.is_exempt(k, i) || (km <= p.scenario.rules.max_distance_km + 1e-9 && !p.is_too_long(k, &b, i));
                (reach && (!full || serving_km.is_some_and(|s| km < s - 1e-9)))
                    .then(|| (p.staff[k].worker.id.clone(), km))
            })
            .collect();
        workers.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        (!workers.is_empty()).then_some(ForbiddenNear { workers })
    }

    /// « servi à hauteur de son besoin par ASS01 (3 demi-journées, à 12,0 km) ».
    pub fn served_by(&self, i: usize) -> String {
        let p = self.problem;
        let who: Vec<String> = self
            .solution
            .assignments
            .iter()
            .filter(|a| a.site == i)
            .map(|a| {
                let km = self.solution.bases[a.worker].as_ref().map_or(0.0, |b| p.km(a.worker, b, i));
                format!("{} ({}, à {} km)", p.staff[a.worker].worker.id, half_days(a.units), dec(km, 1))
            })
            .collect();
        format!("servi à hauteur de son besoin par {}", who.join(", "))
    }

    /// The reason of site `i` as the plan writes it (always `Some`): a lock comes first
    /// (« gardé avec … »), then for an establishment served below its need the share covered,
    /// then its binding rule, then the forbidden pairs that took away a worker that could serve
    /// it; for one served at its need with none of these to say, « besoin couvert »
    /// ([`Analysis::covered`]).
    pub fn reason(&self, i: usize) -> Option<String> {
        self.reason_given(i, None)
    }

    /// [`Analysis::reason`] once the counterfactual of site `i` is known (see
    /// [`Analysis::binding_given`]): the reason never says that the plan can do better when the
    /// counterfactual proves that the change costs points.
    pub fn reason_given(&self, i: usize, counterfactual: Option<&Counterfactual>) -> Option<String> {
        Some(self.rule_text(i, counterfactual).unwrap_or_else(|| self.covered(i)))
    }

    /// « besoin couvert : 3 demi-journées pour un besoin de 0,25 ETP », or when the cap per
    /// establishment stops it below its need, « servi au plafond par établissement : … ».
    pub fn covered(&self, i: usize) -> String {
        let p = self.problem;
        let site = &p.sites[i];
        let units = self.per_site[i];
        let need = format!("pour un besoin de {} ETP", fte(site.need.fte));
        if f64::from(units) + NEED_TOLERANCE < site.curve.need_units {
            format!(
                "servi au plafond par établissement : {} (`need.max_fte_per_establishment` = {} ETP) {need}",
                half_days(units),
                fte(p.scenario.need.max_fte_per_establishment)
            )
        } else {
            format!("besoin couvert : {} {need}", half_days(units))
        }
    }

    /// The reason's text, or `None` when it is served at its need and neither a lock nor a
    /// forbidden pair concerns it.
    fn rule_text(&self, i: usize, counterfactual: Option<&Counterfactual>) -> Option<String> {
        let binding = self.binding_given(i, counterfactual);
        let held = self.held(i);
        let forbidden = self.forbidden_near(i).filter(|_| !matches!(binding, Some(Binding::Forbidden { .. })));
        let budget = matches!(binding, Some(Binding::Budget { .. }));
        let exchange = budget.then(|| self.budget_exchange_given(i, counterfactual)).flatten();
        let lead = self.lead(i, binding.as_ref(), held.as_ref(), forbidden.as_ref(), exchange.as_ref());
        let mut parts: Vec<String> = Vec::new();
        match (self.coverage(i), &binding) {
            (Coverage::BelowNeed, Some(b)) => {
                let need = self.problem.sites[i].curve.need_units.max(1e-9);
                parts.push(format!("servi à {:.0} % du besoin ; {b}", 100.0 * f64::from(self.per_site[i]) / need));
            }
            (_, Some(b)) => parts.push(b.to_string()),
            // The worker and distance are in the lock's statement.
            (_, None) if held.is_some() => {
                parts.push(format!("servi à hauteur de son besoin ({})", half_days(self.per_site[i])))
            }
            (_, None) if forbidden.is_some() => parts.push(self.served_by(i)),
            (_, None) => return None,
        }
        parts.extend(exchange.map(|e| e.to_string()));
        parts.extend(self.ips_share(i).filter(|_| budget));
        if let Some(h) = held {
            parts.insert(0, h.to_string());
        }
        // The half-days the budget has left (said by the rule): those no establishment can use.
        let unusable = self.unusable();
        if matches!(binding, Some(Binding::Budget { .. })) && self.budget_left() > 0 && !unusable.is_empty() {
            parts.push(unusable_text(&unusable, f64::from(smallest_presence(self.problem)) * self.problem.unit_fte()));
        }
        parts.extend(forbidden.map(|f| f.to_string()));
        Some(lead::with_lead(&lead, &parts.join(" ; ")))
    }

    /// The reason of site `i` in its explanation: [`Analysis::reason`], or for an establishment
    /// served at its need with nothing else to say, who serves it ([`Analysis::served_by`]).
    pub fn explanation_reason(&self, i: usize) -> String {
        self.explanation_reason_given(i, None)
    }

    /// [`Analysis::explanation_reason`] once the counterfactual of site `i` is known (see
    /// [`Analysis::reason_given`]).
    pub fn explanation_reason_given(&self, i: usize, counterfactual: Option<&Counterfactual>) -> String {
        self.rule_text(i, counterfactual).unwrap_or_else(|| self.served_by(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::{CurrentAssignment, Instance};
    use crate::location::LatLon;
    use crate::scenario::Scenario;
    use crate::solution::Assignment;
    use crate::test_support::{small_instance, worker};

    /// ASS01 (10 half-days) gives 6 to 0310001A and 4 to 0310002B; 0310003C is left out.
    fn plan_without_c(problem: &Problem) -> Solution {
        let mut s = Solution::empty(problem);
        s.assignments.push(Assignment { worker: 0, site: 0, units: 6 });
        s.assignments.push(Assignment { worker: 0, site: 1, units: 4 });
        s.normalise();
        s
    }

    fn with_second_worker() -> Instance {
        let mut instance = small_instance();
        instance.workers.push(worker("ASS02", 1.0, LatLon::new(43.58, 1.47)));
        instance
    }

    #[test]
    fn a_full_worker_is_named_with_where_its_time_goes() {
        let problem = Problem::new(&small_instance(), &Scenario::default()).expect("valid");
        let solution = plan_without_c(&problem);
        let analysis = Analysis::new(&problem, &solution, Some(1.0));
        let b = analysis.binding(2).expect("unserved");
        let Binding::WorkersFull { budget_left: 0, workers, .. } = &b else { panic!("{b:?}") };
        assert_eq!(workers[0].id, "ASS01");
        assert_eq!(workers[0].units_used, 10);
        let text = b.to_string();
        // Its minimum presence of 2 half-days is set against the 2 half-days it would take
        // elsewhere, not against one; this hand-made plan is not optimal and the text says so.
        assert!(
            text.contains("tout son temps est pris")
                && text.contains("prendre 2 demi-journées à 0310002B (4 → 2), ce qui coûterait")
                && text.contains("au-delà de la tolérance du plan (1,0 point)"),
            "{text}"
        );
        // The half-day here is set against the least useful one on the same footing: both net
        // of the worker's travel.
        let Binding::WorkersFull { value_per_unit, .. } = &b else { unreachable!() };
        let base = solution.bases[0].as_ref().expect("base");
        let travel = problem.travel_cost_per_unit(0, base, 2);
        let net = value_per_unit - travel - problem.scenario.rules.fragmentation_cost / 2.0;
        assert!(travel > 0.0 && (workers[0].here_net - net).abs() < 1e-9, "{:?}", workers[0]);
        assert!(
            text.contains(&format!(
                "ici, sa présence minimale de 2 demi-journées lui rapporterait {} ({} chacune), trajets déduits",
                points(2.0 * net, 1),
                dec(net, 1)
            )),
            "{text}"
        );
        assert!(!text.contains("arbitrage"), "{text}");
    }

    #[test]
    fn a_full_sector_is_named() {
        let mut scenario = Scenario::default();
        scenario.rules.max_establishments_per_worker = 2;
        let mut instance = small_instance();
        instance.workers[0].fte = 2.0;
        let problem = Problem::new(&instance, &scenario).expect("valid");
        let solution = plan_without_c(&problem);
        let b = Analysis::new(&problem, &solution, None).binding(2).expect("unserved");
        assert!(b.to_string().contains("secteur complet"), "{b}");
    }

    #[test]
    fn a_worker_with_room_gives_travel_continuity_or_the_tolerance() {
        // Cheap travel: nothing binds, the gain is stated against the tolerance.
        let problem = Problem::new(&with_second_worker(), &Scenario::default()).expect("valid");
        let solution = plan_without_c(&problem);
        let b = Analysis::new(&problem, &solution, Some(5.0)).binding(2).expect("unserved");
        let Binding::Tolerance { worker, units: 2, .. } = &b else { panic!("{b:?}") };
        assert_eq!(worker, "ASS02");
        assert!(b.to_string().contains("tolérance du plan (5,0 points)"), "{b}");

        // Dear travel: travel binds.
        let mut scenario = Scenario::default();
        scenario.travel.weight_per_km = 1000.0;
        let problem = Problem::new(&with_second_worker(), &scenario).expect("valid");
        let solution = plan_without_c(&problem);
        let b = Analysis::new(&problem, &solution, None).binding(2).expect("unserved");
        assert!(matches!(b, Binding::Travel { .. }), "{b:?}");

        // A heavy penalty for changing today's sectors: continuity binds.
        let mut instance = with_second_worker();
        instance.current = vec![
            CurrentAssignment { worker_id: "ASS01".into(), uai: "0310001A".into(), fte: 0.6 },
            CurrentAssignment { worker_id: "ASS01".into(), uai: "0310002B".into(), fte: 0.4 },
        ];
        let mut scenario = Scenario::default();
        scenario.stability.penalty_per_unit = 1000.0;
        let problem = Problem::new(&instance, &scenario).expect("valid");
        let solution = plan_without_c(&problem);
        let b = Analysis::new(&problem, &solution, None).binding(2).expect("unserved");
        assert!(matches!(b, Binding::Continuity { .. }), "{b:?}");
        assert!(b.to_string().starts_with("continuité"), "{b}");
    }

    #[test]
    fn a_budget_above_the_workers_time_names_their_time() {
        let mut instance = small_instance();
        instance.establishments[2].pupils = 50;
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(3.0);
        let problem = Problem::new(&instance, &scenario).expect("valid");
        let solution = plan_without_c(&problem);
        let b = Analysis::new(&problem, &solution, None).binding(2).expect("unserved");
        assert!(matches!(b, Binding::Budget { workers_time: Some(_), .. }), "{b:?}");
        assert!(
            b.to_string().starts_with(
                "temps des assistants : tout le temps des assistants de workers.csv est attribué (1,0 ETP, moins que le \
                 budget de 3,0 ETP) ; une demi-journée ici vaut"
            ),
            "{b}"
        );
        // A reserve that brings the budget under the workers' time: the budget is the limit.
        scenario.budget.reserve_fte = 2.5;
        let problem = Problem::new(&instance, &scenario).expect("valid");
        let mut half = Solution::empty(&problem);
        half.assignments.push(Assignment { worker: 0, site: 0, units: 5 });
        let b = Analysis::new(&problem, &half, None).binding(2).expect("unserved");
        assert!(b.to_string().starts_with("budget : tous les ETP sont attribués"), "{b}");
        scenario.budget.reserve_fte = 0.0;
        // Within the workers' time, the budget is the limit.
        scenario.budget.total_fte = Some(1.0);
        let problem = Problem::new(&instance, &scenario).expect("valid");
        let b = Analysis::new(&problem, &solution, None).binding(2).expect("unserved");
        assert!(b.to_string().starts_with("budget : tous les ETP sont attribués ; une demi-journée ici vaut"), "{b}");
    }

    #[test]
    fn a_weekly_km_cap_is_named() {
        let mut scenario = Scenario::default();
        scenario.travel.max_weekly_km = Some(1.0);
        let mut instance = with_second_worker();
        instance.workers[1].base = Some(crate::worker::Base { uai: None, location: LatLon::new(43.60, 1.44) });
        let problem = Problem::new(&instance, &scenario).expect("valid");
        let solution = plan_without_c(&problem);
        let b = Analysis::new(&problem, &solution, None).binding(2).expect("unserved");
        assert!(matches!(b, Binding::WeeklyKmCap { .. }), "{b:?}");
    }

    #[test]
    fn an_establishment_out_of_reach_names_the_distance() {
        let mut instance = small_instance();
        instance.establishments[2].location = LatLon::new(45.0, 3.0);
        let problem = Problem::new(&instance, &Scenario::default()).expect("valid");
        let solution = plan_without_c(&problem);
        let analysis = Analysis::new(&problem, &solution, None);
        assert!(matches!(analysis.binding(2), Some(Binding::NoWorkerWithinDistance { .. })));
        assert_eq!(analysis.binding(0), None, "served at its need");
        assert_eq!(analysis.reason(1).as_deref(), Some("besoin couvert : 4 demi-journées pour un besoin de 0,4 ETP"));
    }

    /// A time limit (`travel.max_minutes_one_way`) is said as one: « aucun assistant à moins de
    /// 60 km (le plus proche est à 5,1 km) » contradicted itself when 5 minutes was the limit.
    #[test]
    fn an_establishment_beyond_the_time_limit_names_the_minutes() {
        let mut scenario = Scenario::default();
        scenario.travel.max_minutes_one_way = Some(5.0);
        let problem = Problem::new(&small_instance(), &scenario).expect("valid");
        let solution = plan_without_c(&problem);
        let analysis = Analysis::new(&problem, &solution, None);
        let b = analysis.binding(2).expect("unserved");
        let text = b.to_string();
        assert!(
            text.starts_with(
                "distance : aucun assistant à moins de 60 km et de 5 minutes de trajet (le plus proche est à "
            ),
            "{text}"
        );
        assert!(text.contains(" km, le plus rapide à 6 minutes)"), "{text}");
        let lead = b.lead(false);
        assert!(lead.contains("à moins de 60 km et de 5 minutes de trajet, les limites du scénario"), "{lead}");
    }
}
