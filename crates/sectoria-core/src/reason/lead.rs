//! The lead sentence of a reason: one plain French sentence a committee member can repeat,
//! before the detail with its figures (« En bref : les 3 assistants à portée ont tout leur temps
//! pris par des établissements où une demi-journée compte plus (priorité, besoin, trajet).
//! Détail : temps des assistants : … »). It is built from the same facts as the detail (the
//! binding rule, the lock, the forbidden pairs), one wording per rule, and never says more than
//! the detail does.

use super::exchange::BudgetExchange;
use super::room::{Obstacle, WorkerRoom};
use super::{dec, Analysis, Binding, Coverage, ForbiddenNear, Held};
use crate::french::{half_days, points};

/// How a reason with a lead sentence begins.
pub const LEAD: &str = "En bref : ";

/// What separates the lead sentence from the detail.
pub const DETAIL: &str = ". Détail : ";

/// The lead sentence (without « En bref : » and its final period) and the detail of `reason`;
/// a reason without a lead (« besoin couvert … », or a plan written before leads) is all detail.
pub fn split_lead(reason: &str) -> (Option<&str>, &str) {
    match reason.strip_prefix(LEAD).and_then(|r| r.split_once(DETAIL)) {
        Some((lead, detail)) => (Some(lead), detail),
        None => (None, reason),
    }
}

/// « les 3 assistants », « le seul assistant »: the subject of the workers' clause, and whether
/// it is plural.
fn subject(room: &[&WorkerRoom], total: usize, served: bool, head: Option<&str>) -> (String, bool) {
    let n = room.len();
    match (head, served, n, total) {
        (Some(h), _, _, _) => {
            (format!("l'assistant du collège tête de réseau {h}, seul à pouvoir servir cette école REP+,"), false)
        }
        (None, true, 1, _) => ("l'assistant qui le sert".to_string(), false),
        (None, true, _, _) => ("les assistants qui le servent".to_string(), true),
        (None, false, 1, 1) => ("le seul assistant à portée".to_string(), false),
        (None, false, _, _) if n == total => (format!("les {n} assistants à portée"), true),
        (None, false, 1, _) => (format!("le plus proche des {total} assistants à portée"), false),
        (None, false, _, _) => (format!("les {n} plus proches des {total} assistants à portée"), true),
    }
}

/// What the workers' half-days are like: all taken, the sector full, free but outside the
/// budget, or a mix; `None` when they would take it without freeing anything.
fn state(room: &[&WorkerRoom], plural: bool) -> Option<String> {
    let their = if plural { "leur" } else { "son" };
    let (have, are) = if plural { ("ont", "n'ont") } else { ("a", "n'a") };
    if room.iter().all(|w| w.units_used >= w.capacity_units) {
        Some(format!("{have} tout {their} temps pris"))
    } else if room.iter().all(|w| w.sector_full) {
        Some(format!("{have} {their} secteur complet"))
    } else if room.iter().all(|w| w.idle.is_some() || w.units_used >= w.capacity_units) {
        Some(format!("{are} de temps libre que hors du budget, entièrement attribué"))
    } else if room.iter().all(|w| w.needs_freeing) {
        Some(format!("{are} pas de place pour lui sans libérer du temps ailleurs"))
    } else {
        None
    }
}

/// What holds back the exchanges of `workers` (as [`super::threshold`] sums them up).
fn cause(workers: &[WorkerRoom], plural: bool) -> Option<String> {
    let mut obstacles: Vec<Obstacle> = workers.iter().filter_map(WorkerRoom::obstacle).collect();
    obstacles.sort();
    obstacles.dedup();
    let their = if plural { "leur" } else { "son" };
    let what: Vec<String> = obstacles
        .iter()
        .map(|o| match o {
            Obstacle::Costs => format!("{their} temps compte plus ailleurs (priorité, besoin, trajet)"),
            Obstacle::Continuity => "changer les secteurs actuels coûterait plus que le gain".to_string(),
            Obstacle::Cap => "un plafond (km par semaine ou changements) l'empêche".to_string(),
            Obstacle::Stuck => format!("{their} temps ailleurs est tenu par les règles"),
            Obstacle::Gain => "un des échanges du détail le servirait pourtant sans perte".to_string(),
        })
        .collect();
    (!what.is_empty()).then(|| what.join(", ou "))
}

impl Binding {
    /// The plain sentence of this rule (no final period); `served`: the establishment is served
    /// (below its need), so that the rule is about one more half-day.
    pub fn lead(&self, served: bool) -> String {
        match self {
            Binding::Excluded => "le scénario demande qu'il ne soit pas servi".to_string(),
            Binding::LockedTime { workers } => {
                let w: Vec<String> = workers.iter().map(|(w, u)| format!("{} de {w}", half_days(*u))).collect();
                format!("le scénario fixe lui-même son temps ({}), en dessous de son besoin", w.join(", "))
            }
            Binding::Forbidden { near, .. } => {
                let ids: Vec<&str> = near.workers.iter().map(|(w, _)| w.as_str()).collect();
                let (they, are) = match ids.len() {
                    1 => ("le seul assistant assez proche", "lui est interdit"),
                    _ => ("les seuls assistants assez proches", "lui sont interdits"),
                };
                format!("{they} pour le servir ({}) {are} par le scénario", ids.join(", "))
            }
            Binding::RepPlusRule { head_uai } => format!(
                "une école REP+ n'est servie que par l'assistant de son collège tête de réseau, et ce collège ({head_uai}) n'est pas servi"
            ),
            Binding::NoWorkerWithinDistance { max_km, minutes: None, .. } => {
                format!("aucune résidence d'assistant n'est à moins de {} km, la distance maximale du scénario", dec(*max_km, 0))
            }
            Binding::NoWorkerWithinDistance { max_km, minutes: Some((max, _)), .. } => format!(
                "aucune résidence d'assistant n'est à moins de {} km et de {} minutes de trajet, les limites du scénario",
                dec(*max_km, 0),
                dec(*max, 0)
            ),
            Binding::Budget { value_per_unit, cutoff, left, .. } => {
                let here = if served { "pour une de plus ici" } else { "ici" };
                let (spent, _) = self.budget_spent().expect("the budget's rule");
                let v = points(*value_per_unit, 1);
                match cutoff {
                    Some(c) if left.is_some() => format!(
                        "{spent}, et en prendre ailleurs coûterait davantage : une demi-journée y compte au moins {}, contre {v} {here}",
                        points(c.value_per_unit, 1)
                    ),
                    Some(c) => format!(
                        "{spent} à des établissements où une demi-journée compte plus (priorité, besoin) : au moins {}, contre {v} {here}",
                        points(c.value_per_unit, 1)
                    ),
                    None if left.is_some() => spent,
                    None => format!("{spent} déjà ici"),
                }
            }
            Binding::WorkersFull { .. } => self.workers_full_lead(),
            Binding::Travel { worker, km, .. } => format!(
                "{worker} a du temps libre mais est à {} km : le trajet coûterait plus que ce qu'une demi-journée apporte ici",
                dec(*km, 1)
            ),
            Binding::Continuity { worker, .. } => format!(
                "{worker} a du temps libre, mais le servir changerait les secteurs actuels, et la pénalité de changement du scénario dépasse le gain"
            ),
            Binding::WeeklyKmCap { worker, cap, .. } => {
                let whose = if cap.own { "son propre plafond" } else { "le plafond du scénario" };
                format!("{worker}, qui a du temps libre, dépasserait {whose} de {} km par semaine", cap.figure())
            }
            Binding::ChangesCap { max_changes, .. } => format!(
                "le plan change déjà les secteurs actuels autant que le scénario le permet ({})",
                half_days(*max_changes)
            ),
            Binding::Tolerance { worker, units, value_per_unit, cost_per_unit, tolerance, disproof, .. } => {
                let serve = if served { "lui donner plus de temps" } else { "le servir" };
                if let Some(d) = disproof {
                    return format!(
                        "un échange avec {worker} semble gagner un peu, mais la résolution complète prouve que {serve} coûte {}",
                        points(d.cost, 1)
                    );
                }
                let gain = (value_per_unit - cost_per_unit) * f64::from(*units);
                match tolerance {
                    Some(t) if gain > *t + 1e-9 => format!(
                        "aucune règle ne l'empêche : {serve} avec {worker} rapporterait {}, au-delà de la tolérance du solveur",
                        points(gain, 1)
                    ),
                    _ => format!(
                        "aucune règle ne l'empêche, mais {serve} avec {worker} ne rapporterait que {}, dans la tolérance du solveur : un plan aussi bon peut le faire",
                        points(gain, 1)
                    ),
                }
            }
        }
    }

    /// The lead of this rule weighed with `exchange` when it is the budget's and the exchange is
    /// known ([`BudgetExchange::lead`]), else [`Binding::lead`].
    pub(super) fn lead_with(&self, served: bool, exchange: Option<&BudgetExchange>) -> String {
        match (self.budget_spent(), exchange) {
            (Some((spent, taken)), Some(e)) => {
                e.lead(&spent, &taken, matches!(self, Binding::Budget { left: Some(_), .. }))
            }
            _ => self.lead(served),
        }
    }

    /// How the budget's rule says the budget is used, as an action (« tout le budget va ») and
    /// as a state (« tout le budget est pris »); `None` for another rule.
    fn budget_spent(&self) -> Option<(String, String)> {
        let Binding::Budget { workers_time, left, .. } = self else { return None };
        let what = if workers_time.is_some() { "le temps des assistants" } else { "le budget" };
        Some(match left {
            Some(r) => {
                let of = if workers_time.is_some() { "du temps des assistants" } else { "au budget" };
                let s = format!("il ne reste {of} que {}, moins que sa présence minimale", half_days(r.units));
                (s.clone(), s)
            }
            None => (format!("tout {what} va"), format!("tout {what} est pris")),
        })
    }

    /// [`Binding::lead`] of the workers' time: who they are, how full, and what holds back the
    /// exchanges the detail weighs.
    fn workers_full_lead(&self) -> String {
        let Binding::WorkersFull {
            budget_left, head_uai, workers, reach_total, served, units, disproof, unusable, ..
        } = self
        else {
            unreachable!("called on WorkersFull only")
        };
        let near: Vec<&WorkerRoom> = workers.iter().filter(|w| !w.counterfactual).collect();
        let budget = if *budget_left == 0 {
            String::new()
        } else if budget_left < units {
            format!("il ne reste au budget que {}, moins que sa présence minimale ; ", half_days(*budget_left))
        } else if !unusable.is_empty() {
            "il ne reste au budget que du temps trop court pour servir un établissement ; ".to_string()
        } else {
            "il reste du budget, mais ".to_string()
        };
        if near.is_empty() {
            return format!("{budget}aucun assistant en place à portée ne peut le prendre");
        }
        let (who, plural) = subject(&near, *reach_total, *served, head_uai.as_deref());
        let state = state(&near, plural);
        let cause = match disproof {
            Some(d) => Some(format!("la résolution complète prouve que le servir coûte {}", points(d.cost, 1))),
            None => cause(workers, plural),
        };
        let all_taken = near.iter().all(|w| w.units_used >= w.capacity_units);
        let costs_only = workers.iter().filter_map(WorkerRoom::obstacle).all(|o| o == Obstacle::Costs);
        match (state, cause) {
            (Some(_), Some(_)) if all_taken && costs_only && disproof.is_none() => format!(
                "{budget}{who} {} tout {} temps pris par des établissements où une demi-journée compte plus (priorité, besoin, trajet)",
                if plural { "ont" } else { "a" },
                if plural { "leur" } else { "son" }
            ),
            (Some(s), Some(c)) => format!("{budget}{who} {s} ; {c}"),
            (Some(s), None) => format!("{budget}{who} {s}"),
            (None, Some(c)) => format!("{budget}{c}"),
            (None, None) => format!("{budget}{who} {} pas le prendre sans perte", if plural { "ne peuvent" } else { "ne peut" }),
        }
    }
}

impl Analysis<'_> {
    /// The lead sentence of site `i`'s reason (no final period): the lock that holds it, how
    /// far it is served, its binding rule's sentence ([`Binding::lead`]) and the forbidden
    /// pairs, as the detail gives them.
    pub(super) fn lead(
        &self,
        i: usize,
        binding: Option<&Binding>,
        held: Option<&Held>,
        forbidden: Option<&ForbiddenNear>,
        exchange: Option<&BudgetExchange>,
    ) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(h) = held {
            let ids: Vec<&str> = h.by.iter().map(|b| b.worker.as_str()).collect();
            parts.push(format!("le scénario le garde avec {}", ids.join(" et ")));
        }
        let coverage = self.coverage(i);
        match (coverage, binding) {
            (Coverage::BelowNeed, Some(b)) => {
                let need = self.problem.sites[i].curve.need_units.max(1e-9);
                let share = 100.0 * f64::from(self.per_site[i]) / need;
                parts.push(format!("servi à {share:.0} % de son besoin : {}", b.lead_with(true, exchange)));
            }
            (_, Some(b)) => parts.push(b.lead_with(false, exchange)),
            (_, None) => parts.push("son besoin est couvert".to_string()),
        }
        if let Some(f) = forbidden {
            let ids: Vec<&str> = f.workers.iter().map(|(w, _)| w.as_str()).collect();
            let who = if ids.len() > 1 { "les assistants" } else { "l'assistant" };
            parts.push(format!("le scénario interdit à {who} {} de le servir", ids.join(", ")));
        }
        parts.join(" ; ")
    }
}

/// `detail` after its lead sentence: « En bref : {lead}. Détail : {detail} ».
pub(super) fn with_lead(lead: &str, detail: &str) -> String {
    format!("{LEAD}{lead}{DETAIL}{detail}")
}
