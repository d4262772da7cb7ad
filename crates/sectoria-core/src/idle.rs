//! Time left unassigned while the budget is not spent: which workers keep free half-days, and
//! why — no establishment within reach of their residence, no half-day the rules allow, the
//! need already covered where they could add one, a best extra half-day worth less than its
//! travel, or the rule that holds it back, named with its figures (a lock, the worker's weekly
//! km cap, `stability.max_changes`, the continuity penalty: `hold`); else within the solver's
//! tolerance. A large share of the budget left (`LARGE_SHARE`) is said in the first line with
//! the cause that holds most of the free time, and that line goes before every other warning.
//!
//! The plan's summary says « 7,6 attribués sur 8,6 »; these lines say where the other 1,0 ETP
//! is and why, so that a worker based in the wrong place is seen before the committee.
//!
//! Once the budget is spent, workers may still keep free half-days: the reserve, and the
//! workers' time above a `budget.total_fte` below it. The summary then says « 17,5 attribués
//! sur 17,5 » and « 26 / 26 assistants mobilisés », true and misleading: one line says how much
//! of the workers' time has no establishment, and who keeps it (the solver chooses), so that a
//! committee sees that a smaller budget removed no post but left people partly idle.

use crate::french::{counted, half_days, points};
use crate::objective::changed_units;
use crate::problem::{BaseChoice, Problem};
use crate::reason::{dec, last_unit_value, smallest_presence};
use crate::solution::Solution;
use hold::Hold;
use std::collections::BTreeMap;

mod hold;

/// Workers named in full; the others are counted.
const NAMED: usize = 10;

/// Share of the budget after reserve left unspent from which the header says that the plan
/// leaves a large part of the workers' time without an establishment, with its main cause.
const LARGE_SHARE: f64 = 0.10;

/// An extra half-day a worker's rules allow.
struct Extra {
    site: usize,
    km: f64,
    /// Value of the half-day, before travel.
    value: f64,
    /// Value per half-day net of travel (and of the fragmentation cost of a new pair).
    net: f64,
    /// Half-days it takes (the minimum presence for a new establishment).
    units: u32,
}

/// Why a worker keeps free half-days, as its line says: the header sums the free half-days
/// per cause, to name the main one when much of the budget is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cause {
    TooSmall,
    NotOpened,
    OutOfReach,
    NoRoom,
    NeedCovered,
    Cost,
    Lock,
    KmCap,
    ChangesCap,
    Continuity,
    Tolerance,
    /// No single rule found.
    Unnamed,
}

/// Start of the line of [`idle_time`] about the workers' time a budget below it leaves without
/// an establishment.
pub const UNASSIGNED_STAFF_TIME: &str = "Temps des assistants sans établissement";

/// Start of the lines of [`idle_time`] about budget left unspent.
pub const UNSPENT_BUDGET: &str = "Temps non attribué";

/// Start of the line of [`reserve_holders`].
pub const RESERVE_HOLDERS: &str = "Réserve de ";

/// What the plan leaves of the workers' time without an establishment, in French: when the
/// budget is not spent, one line for the budget left and one per worker with free half-days,
/// with why; when it is spent under a `budget.total_fte` below the workers' time, one line with
/// the workers' free time (the reserve included) and who keeps it. Empty otherwise — the
/// reserve alone is [`reserve_holders`]'s note.
pub fn idle_time(problem: &Problem, solution: &Solution, tolerance: Option<f64>) -> Vec<String> {
    let per_worker = solution.units_per_worker(problem.staff.len());
    let left = problem.budget_units.saturating_sub(per_worker.iter().sum());
    if left == 0 {
        return budget_below_line(problem, &per_worker).into_iter().collect();
    }
    let idle: Vec<usize> =
        (0..problem.staff.len()).filter(|&k| per_worker[k] < problem.staff[k].capacity_units).collect();
    let free: u32 = idle.iter().map(|&k| problem.staff[k].capacity_units - per_worker[k]).sum();
    let workers: Vec<(usize, String, Cause)> = idle
        .iter()
        .map(|&k| {
            let (line, cause) = worker_line(problem, solution, k, per_worker[k], left, tolerance);
            (k, line, cause)
        })
        .collect();
    let mut lines = vec![format!(
        "{UNSPENT_BUDGET} : {} ({} ETP) du budget {} à aucun établissement{}{}",
        half_days(left),
        dec(f64::from(left) * problem.unit_fte(), 1),
        if left >= 2 { "ne sont confiées" } else { "n'est confiée" },
        if is_large(problem, left) { large(problem, solution, left, &per_worker, &workers) } else { String::new() },
        match (free > left).then(|| beyond_budget(problem)).flatten() {
            Some(what) => format!(" ; avec {what}, les assistants gardent {} libres en tout", half_days(free)),
            None => String::new(),
        }
    )];
    lines.extend(workers.into_iter().take(NAMED).map(|(_, line, _)| line));
    if idle.len() > NAMED {
        lines.push(format!("{UNSPENT_BUDGET} : et {}", counted((idle.len() - NAMED) as u64, "autre assistant")));
    }
    lines
}

/// Whether `left` half-days unspent are a large share ([`LARGE_SHARE`]) of the budget after
/// reserve.
fn is_large(problem: &Problem, left: u32) -> bool {
    left > 0 && f64::from(left) >= LARGE_SHARE * f64::from(problem.budget_units) - 1e-9
}

/// Whether `solution` leaves a large share of the budget unspent: [`idle_time`]'s header then
/// says so with the main cause, and goes before every other warning.
pub fn leaves_much_idle(problem: &Problem, solution: &Solution) -> bool {
    let used: u32 = solution.units_per_worker(problem.staff.len()).iter().sum();
    is_large(problem, problem.budget_units.saturating_sub(used))
}

/// The header's part about a large share left (« , soit 67 % du budget après réserve (26,7
/// ETP) : ce plan laisse une grande part du temps des assistants sans établissement ; cause
/// principale, pour 175 des 184 demi-journées libres : … »), the cause named when one holds at
/// least half of the workers' free half-days.
fn large(
    problem: &Problem,
    solution: &Solution,
    left: u32,
    per_worker: &[u32],
    workers: &[(usize, String, Cause)],
) -> String {
    let free_of = |k: usize| problem.staff[k].capacity_units - per_worker[k];
    let mut by_cause: BTreeMap<Cause, (u32, Vec<usize>)> = BTreeMap::new();
    for &(k, _, cause) in workers {
        let entry = by_cause.entry(cause).or_default();
        entry.0 += free_of(k);
        entry.1.push(k);
    }
    let total: u32 = by_cause.values().map(|(f, _)| f).sum();
    let main = by_cause
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)))
        .filter(|(_, (f, _))| 2 * f >= total)
        .and_then(|(&cause, (f, ks))| Some((cause_phrase(problem, solution, cause, ks)?, *f)));
    format!(
        ", soit {} % du budget après réserve ({} ETP) : ce plan laisse une grande part du temps des assistants sans \
         établissement{}",
        dec(100.0 * f64::from(left) / f64::from(problem.budget_units.max(1)), 0),
        dec(f64::from(problem.budget_units) * problem.unit_fte(), 1),
        match main {
            Some((phrase, f)) if f == total => format!(" ; cause : {phrase}"),
            Some((phrase, f)) => format!(" ; cause principale, pour {f} des {} libres : {phrase}", half_days(total)),
            None => " (la cause est donnée pour chaque assistant ci-dessous)".to_string(),
        }
    )
}

/// The cause that holds back the free time of workers `ks`, in French, for the header; `None`
/// when no rule was found.
fn cause_phrase(problem: &Problem, solution: &Solution, cause: Cause, ks: &[usize]) -> Option<String> {
    let s = &problem.scenario;
    let absent = ks.iter().filter(|&&k| hold::absent_from_current(problem, k)).count();
    let partial = match absent {
        0 => String::new(),
        1 => " ; l'un de ces assistants n'est pas dans current.csv, et chacune de ses demi-journées compte comme un \
              changement"
            .to_string(),
        n => format!(
            " ; {n} de ces assistants ne sont pas dans current.csv, et chacune de leurs demi-journées compte comme un \
             changement"
        ),
    };
    let ids = |ks: &[usize]| {
        let named: Vec<&str> = ks.iter().take(5).map(|&k| problem.staff[k].worker.id.as_str()).collect();
        let more = ks.len().saturating_sub(named.len());
        if more > 0 {
            format!("{} et {}", named.join(", "), counted(more as u64, "autre"))
        } else {
            named.join(", ")
        }
    };
    Some(match cause {
        Cause::ChangesCap => format!(
            "le plafond de changements — le plan change déjà {} par rapport aux secteurs actuels, pour {} permis \
             (`stability.max_changes`){partial} ; relevez ce plafond{}",
            half_days(changed_units(problem, solution)),
            s.stability.max_changes.unwrap_or_default(),
            if absent > 0 { " ou complétez current.csv" } else { "" }
        ),
        Cause::Continuity => format!(
            "la pénalité de continuité (`stability.penalty_per_unit` = {}) coûte autant ou plus que ces demi-journées ne \
             rapportent{partial}",
            dec(s.stability.penalty_per_unit, 1).trim_end_matches(",0")
        ),
        Cause::KmCap => km_caps_reached(problem, ks, ids),
        Cause::Lock => format!("des verrous ([locks] assign) fixent le temps de {}", ids(ks)),
        Cause::NeedCovered => "les établissements que ces assistants peuvent encore servir ont déjà leur besoin couvert"
            .to_string(),
        Cause::Cost => "les trajets coûteraient plus que ces demi-journées ne rapportent".to_string(),
        Cause::OutOfReach => {
            format!("aucun établissement du périmètre à portée de la résidence de {} (vérifiez workers.csv)", ids(ks))
        }
        Cause::NotOpened => format!("des postes non ouverts, sans résidence choisie : {}", ids(ks)),
        Cause::TooSmall => format!("des quotités sous la plus petite présence minimale : {}", ids(ks)),
        Cause::NoRoom => "aucune demi-journée de plus n'est permise (établissements au plafond, secteurs complets, \
                         ou servis par d'autres)"
            .to_string(),
        Cause::Tolerance => "des gains dans la tolérance du solveur".to_string(),
        Cause::Unnamed => return None,
    })
}

/// The weekly km caps reached by workers `ks` (`ids` names them), each saying whose it is:
/// « le plafond de 120 km par semaine (`travel.max_weekly_km`), atteint chez ASS01, ASS02 », and
/// with workers' own caps « le plafond de km par semaine, atteint chez ASS07 (son propre plafond
/// de 300 km par semaine (`max_weekly_km` de workers.csv)) », or « les plafonds…, atteints chez
/// ASS07 (…) et chez ASS01, ASS02 (le plafond du scénario…) ».
fn km_caps_reached(problem: &Problem, ks: &[usize], ids: impl Fn(&[usize]) -> String) -> String {
    let (own, scenario): (Vec<usize>, Vec<usize>) =
        ks.iter().copied().partition(|&k| problem.km_cap(k).is_some_and(|c| c.own));
    let scenario_cap = scenario.first().and_then(|&k| problem.km_cap(k));
    if own.is_empty() {
        let figure = scenario_cap.map(|c| c.figure()).unwrap_or_default();
        return format!("le plafond de {figure} km par semaine (`travel.max_weekly_km`), atteint chez {}", ids(ks));
    }
    let mut parts: Vec<String> = own
        .iter()
        .filter_map(|&k| Some(format!("{} ({})", problem.staff[k].worker.id, problem.km_cap(k)?.described())))
        .collect();
    if let Some(cap) = scenario_cap {
        parts.push(format!("{} ({})", ids(&scenario), cap.described()));
    }
    match parts.as_slice() {
        [one] => format!("le plafond de km par semaine, atteint chez {one}"),
        _ => format!("les plafonds de km par semaine, atteints chez {}", parts.join(" et chez ")),
    }
}

/// `budget.total_fte` when it is below the workers' time (never in budget-only mode, whose
/// posts are the budget).
fn budget_below(problem: &Problem) -> Option<f64> {
    let staff: f64 = problem.staff.iter().map(|s| s.worker.fte).sum();
    problem.scenario.budget.total_with_extra_posts().filter(|&t| !problem.budget_only && t < staff - 1e-9)
}

/// The workers' time that no plan can give an establishment, in words (« la réserve de 0,5
/// ETP », « le budget de 18 ETP pour 22,8 ETP d'assistants et la réserve de 0,5 ETP »), or
/// `None` when there is none.
fn beyond_budget(problem: &Problem) -> Option<String> {
    let reserve = problem.scenario.budget.reserve_fte;
    let reserve = (reserve > 0.0).then(|| format!("la réserve de {} ETP", etp(reserve)));
    let below = budget_below(problem).map(|t| {
        let staff: f64 = problem.staff.iter().map(|s| s.worker.fte).sum();
        format!("le budget de {} ETP pour {} ETP d'assistants", etp(t), etp(staff))
    });
    match (below, reserve) {
        (Some(b), Some(r)) => Some(format!("{b} et {r}")),
        (b, r) => b.or(r),
    }
}

/// ETP as a scenario writes it: at most two decimals, no trailing zero (« 18 », « 22,8 »).
pub(crate) fn etp(x: f64) -> String {
    let s = dec(x, 2);
    s.trim_end_matches('0').trim_end_matches(',').to_string()
}

/// Workers with free half-days under `per_worker`, the most free first (then in file order):
/// (index, free half-days).
fn free_time(problem: &Problem, per_worker: &[u32]) -> Vec<(usize, u32)> {
    let mut free: Vec<(usize, u32)> = (0..problem.staff.len())
        .filter(|&k| per_worker[k] < problem.staff[k].capacity_units)
        .map(|k| (k, problem.staff[k].capacity_units - per_worker[k]))
        .collect();
    free.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    free
}

/// Who keeps the free half-days `free`, the first [`NAMED`] named and the others counted:
/// « 1 demi-journée libre chez ASS18, ASS19 et ASS20 » when each keeps as many, else « ASS26 8
/// demi-journées libres sur 10, ASS24 7 sur 9 et 3 autres assistants (4 demi-journées) ».
fn holders(problem: &Problem, free: &[(usize, u32)]) -> String {
    let id = |k: usize| problem.staff[k].worker.id.as_str();
    let rest = free.len().saturating_sub(NAMED);
    let rest_units: u32 = free.iter().skip(NAMED).map(|&(_, f)| f).sum();
    let same = free.iter().all(|&(_, f)| f == free[0].1);
    let mut named: Vec<String> = if same {
        free.iter().take(NAMED).map(|&(k, _)| id(k).to_string()).collect()
    } else {
        free.iter()
            .take(NAMED)
            .enumerate()
            .map(|(n, &(k, f))| {
                let cap = problem.staff[k].capacity_units;
                if n == 0 {
                    format!("{} {} libre{} sur {cap}", id(k), half_days(f), if f >= 2 { "s" } else { "" })
                } else {
                    format!("{} {f} sur {cap}", id(k))
                }
            })
            .collect()
    };
    if rest > 0 {
        named.push(if same {
            counted(rest as u64, "autre assistant")
        } else {
            format!("{} ({})", counted(rest as u64, "autre assistant"), half_days(rest_units))
        });
    }
    let list = match named.split_last() {
        Some((last, first)) if !first.is_empty() => format!("{} et {last}", first.join(", ")),
        _ => named.concat(),
    };
    if same {
        let f = free[0].1;
        format!("{} libre{} chez {list}", half_days(f), if f >= 2 { "s" } else { "" })
    } else {
        list
    }
}

/// The line of a spent budget below the workers' time: how much of their time has no
/// establishment (the reserve included) and who keeps it.
fn budget_below_line(problem: &Problem, per_worker: &[u32]) -> Option<String> {
    let total = budget_below(problem)?;
    let free = free_time(problem, per_worker);
    let units: u32 = free.iter().map(|&(_, f)| f).sum();
    if units == 0 {
        return None;
    }
    let staff: f64 = problem.staff.iter().map(|s| s.worker.fte).sum();
    let reserve = problem.scenario.budget.reserve_fte;
    Some(format!(
        "{UNASSIGNED_STAFF_TIME} : {} ETP ({}{}), le budget de {} ETP étant sous le temps des assistants de \
         workers.csv ({} ETP) ; aucun poste n'est supprimé, le solveur choisit chez qui ce temps reste libre : {}",
        etp(f64::from(units) * problem.unit_fte()),
        half_days(units),
        if reserve > 0.0 { format!(", réserve de {} ETP comprise", etp(reserve)) } else { String::new() },
        etp(total),
        etp(staff),
        holders(problem, &free)
    ))
}

/// Who holds the reserve once the budget is spent: « Réserve de 0,5 ETP : 1 demi-journée libre
/// chez ASS18, ASS19, ASS20, ASS24 et ASS25 (le solveur choisit où) ». A note rather than a
/// warning: the reserve is the scenario's choice, only where it falls is the solver's. `None`
/// without a reserve, when the budget is not spent ([`idle_time`] then names every free
/// half-day), or when the budget is below the workers' time ([`idle_time`]'s line names the
/// reserve with the rest).
pub fn reserve_holders(problem: &Problem, solution: &Solution) -> Option<String> {
    let reserve = problem.scenario.budget.reserve_fte;
    if reserve <= 0.0 || budget_below(problem).is_some() {
        return None;
    }
    let per_worker = solution.units_per_worker(problem.staff.len());
    if problem.budget_units > per_worker.iter().sum() {
        return None;
    }
    let free = free_time(problem, &per_worker);
    (!free.is_empty())
        .then(|| format!("{RESERVE_HOLDERS}{} ETP : {} (le solveur choisit où)", etp(reserve), holders(problem, &free)))
}

/// Worker `k`'s line and its cause; `left` is what remains of the budget (a new establishment
/// needs its minimum presence from both the worker's free time and the budget).
fn worker_line(
    problem: &Problem,
    solution: &Solution,
    k: usize,
    used: u32,
    left: u32,
    tolerance: Option<f64>,
) -> (String, Cause) {
    let st = &problem.staff[k];
    let free = st.capacity_units - used;
    let head =
        format!("{UNSPENT_BUDGET} : {} — {} libre{}", st.worker.id, half_days(free), if free >= 2 { "s" } else { "" });
    let smallest = smallest_presence(problem);
    if st.capacity_units < smallest {
        // Too little time for any establishment: say so, whether or not it has a residence.
        let line = format!(
            "{head} ; sa quotité de {} ETP est sous la plus petite présence minimale ({} ETP) : il ne peut servir aucun établissement{}",
            dec(st.worker.fte, 1),
            dec(f64::from(smallest) * problem.unit_fte(), 1),
            match problem.scenario.budget.total_fte.filter(|_| st.generated) {
                Some(t) => format!(
                    " (reste du budget de {} ETP une fois les postes à temps plein créés : arrondissez `budget.total_fte`)",
                    dec(t, 1)
                ),
                None => " : corrigez sa quotité dans workers.csv".to_string(),
            }
        );
        return (line, Cause::TooSmall);
    }
    let Some(base) = solution.bases[k].as_ref() else {
        return (format!("{head} ; ce poste n'est pas ouvert (aucune résidence choisie)"), Cause::NotOpened);
    };
    let reachable = (0..problem.sites.len()).filter(|&i| problem.is_eligible(k, base, i)).count();
    if reachable == 0 {
        return (format!("{head} ; {}", out_of_reach(problem, k)), Cause::OutOfReach);
    }
    let extras = extras(problem, solution, k, base, free.min(left));
    let Some(x) = best(extras.iter()) else {
        return (format!("{head} ; {}", why_none(problem, solution, k, base, free, left)), Cause::NoRoom);
    };
    if x.net <= 0.0 {
        let (text, cause) = no_gain(problem, &extras, x);
        return (format!("{head} ; {text}"), cause);
    }
    let what = what(problem, "sa demi-journée de plus la plus utile", x);
    let held: Vec<(&Extra, Option<Hold>)> =
        extras.iter().filter(|e| e.net > 0.0).map(|e| (e, Hold::of(problem, solution, k, e))).collect();
    let unheld = best(held.iter().filter(|(_, h)| h.is_none()).map(|(e, _)| *e));
    let Some(hold) = Hold::of(problem, solution, k, x) else {
        let (text, cause) = unheld_gain(problem, solution, k, x, tolerance);
        return (format!("{head} ; {what} : {text}"), cause);
    };
    let mut line = format!("{head} ; {what}, mais {}", hold.text(problem, k, x));
    match unheld {
        Some(y) => {
            let (text, cause) = unheld_gain(problem, solution, k, y, tolerance);
            line += &format!(" ; {} : {text}", self::what(problem, "une autre", y));
            (line, cause)
        }
        None => {
            let mut others: Vec<&'static str> = held
                .iter()
                .filter_map(|(_, h)| h.as_ref())
                .filter(|h| h.cause() != hold.cause())
                .map(Hold::short)
                .collect();
            others.sort_unstable();
            others.dedup();
            if !others.is_empty() {
                let list = others.join(" et ");
                line += &format!(
                    " ; ailleurs, {list} en {} d'autres",
                    if others.len() > 1 { "retiennent" } else { "retient" }
                );
            }
            (line, hold.cause())
        }
    }
}

/// « {opening} (0310024H, à 0,6 km, par 2 demi-journées au moins) rapporterait 248,7 points,
/// trajets déduits ».
fn what(problem: &Problem, opening: &str, x: &Extra) -> String {
    format!(
        "{opening} ({}, à {} km{}) rapporterait {}, trajets déduits",
        problem.sites[x.site].uai(),
        dec(x.km, 1),
        if x.units >= 2 { format!(", par {} au moins", half_days(x.units)) } else { String::new() },
        points(x.net, 1)
    )
}

/// The extra with the best net value (the lowest site index among equals).
fn best<'a>(extras: impl Iterator<Item = &'a Extra>) -> Option<&'a Extra> {
    extras.max_by(|a, b| a.net.total_cmp(&b.net).then(b.site.cmp(&a.site)))
}

/// Why no extra half-day gains anything, `x` the best: where its value is nil, the need there
/// is already covered (tester's session s47: « rapporterait 0,0 point » for an establishment at
/// its need); else its travel costs more than it brings.
fn no_gain(problem: &Problem, extras: &[Extra], x: &Extra) -> (String, Cause) {
    if x.value > 1e-9 {
        let what = what(problem, "sa demi-journée de plus la plus utile", x);
        return (format!("{what} : elle coûterait plus qu'elle ne rapporte"), Cause::Cost);
    }
    let mut covered: Vec<&Extra> = extras.iter().filter(|e| e.value <= 1e-9).collect();
    covered.sort_by(|a, b| a.km.total_cmp(&b.km).then(a.site.cmp(&b.site)));
    let uais: Vec<&str> = covered.iter().take(3).map(|e| problem.sites[e.site].uai()).collect();
    let more = covered.len().saturating_sub(uais.len());
    let named = match (uais.split_last(), more) {
        (Some((last, first)), 0) if !first.is_empty() => format!("{} et {last}", first.join(", ")),
        (_, 0) => uais.concat(),
        _ => format!("{} et {}", uais.join(", "), counted(more as u64, "autre")),
    };
    match best(extras.iter().filter(|e| e.value > 1e-9)) {
        None => (
            format!(
                "le besoin des établissements qu'il peut encore servir est déjà couvert ({named}) : une demi-journée \
                 de plus n'y rapporterait rien"
            ),
            Cause::NeedCovered,
        ),
        Some(y) => (
            format!(
                "le besoin de {named} est déjà couvert : une demi-journée de plus n'y rapporterait rien ; ailleurs, {} : \
                 elle coûterait plus qu'elle ne rapporte",
                what(problem, "la plus utile", y)
            ),
            Cause::Cost,
        ),
    }
}

/// Why an extra that no rule holds back is not in the plan: its gain, continuity penalty
/// counted, within the solver's tolerance, or a solve stopped before finding it; else no single
/// rule can be named.
fn unheld_gain(problem: &Problem, solution: &Solution, k: usize, x: &Extra, tolerance: Option<f64>) -> (String, Cause) {
    let changes = hold::with_extra(problem, solution, changed_units(problem, solution), k, x).changes;
    let gain = x.net * f64::from(x.units) - problem.scenario.stability.penalty_per_unit * f64::from(changes);
    match tolerance {
        Some(t) if gain <= t + 1e-9 => {
            (format!("un gain dans la tolérance du solveur ({})", points(t, 1)), Cause::Tolerance)
        }
        Some(_) => (
            "une autre règle du scénario la retient (continuité, plafond de trajet ou verrous)".to_string(),
            Cause::Unnamed,
        ),
        None => ("un gain que le solveur n'a pas trouvé avant de s'arrêter".to_string(), Cause::Unnamed),
    }
}

/// Why no establishment is allowed to worker `k`: all forbidden to it, or none within the
/// distance (and the one-way time, when capped) of its residence.
fn out_of_reach(problem: &Problem, k: usize) -> String {
    if (0..problem.sites.len()).all(|i| problem.forbidden.contains(&(k, i))) {
        return "tous les établissements du périmètre lui sont interdits ([locks] forbid ou exclude)".to_string();
    }
    let travel = &problem.scenario.travel;
    let limit = match travel.max_minutes_one_way {
        Some(m) => {
            format!("à moins de {} km et de {} minutes", dec(problem.scenario.rules.max_distance_km, 0), dec(m, 0))
        }
        None => format!("à moins de {} km", dec(problem.scenario.rules.max_distance_km, 0)),
    };
    let check = if problem.staff[k].worker.base.is_some() { " : vérifiez sa résidence dans workers.csv" } else { "" };
    format!("aucun établissement du périmètre {limit} de sa résidence, hors couples interdits{check}")
}

/// Whether worker `k` may add a half-day at site `i` under the plan: its own site below the
/// cap, or a site no one serves whose REP+ head (if any) is its own.
fn open_to(problem: &Problem, solution: &Solution, per_site: &[u32], k: usize, i: usize) -> bool {
    if solution.units(k, i) > 0 {
        return true;
    }
    per_site[i] == 0 && problem.head[i].is_none_or(|h| solution.units(k, h) > 0)
}

/// The extra half-days worker `k` may add, with at most `room` half-days for a new
/// establishment (its free time and the budget left, whichever is less).
fn extras(problem: &Problem, solution: &Solution, k: usize, base: &BaseChoice, room: u32) -> Vec<Extra> {
    let per_site = solution.units_per_site(problem.sites.len());
    let st = &problem.staff[k];
    let sector =
        solution.assignments.iter().filter(|a| a.worker == k && problem.sites[a.site].kind().is_secondary()).count()
            as u32;
    let frag = problem.scenario.rules.fragmentation_cost;
    (0..problem.sites.len())
        .filter(|&i| problem.is_eligible(k, base, i) && open_to(problem, solution, &per_site, k, i))
        .filter_map(|i| {
            let site = &problem.sites[i];
            let travel = problem.travel_cost_per_unit(k, base, i);
            let km = problem.km(k, base, i);
            let own = solution.units(k, i);
            if own > 0 {
                let value = last_unit_value(problem, i, per_site[i] + 1);
                (per_site[i] < site.cap_units).then_some(Extra { site: i, km, value, net: value - travel, units: 1 })
            } else {
                let m = site.min_units.max(1);
                let fits = m <= room && (!site.kind().is_secondary() || sector < st.max_establishments);
                let value = last_unit_value(problem, i, m);
                fits.then_some(Extra { site: i, km, value, net: value - travel - frag / f64::from(m), units: m })
            }
        })
        .collect()
}

/// Why no extra half-day is allowed: the rules that close each way.
fn why_none(problem: &Problem, solution: &Solution, k: usize, base: &BaseChoice, free: u32, left: u32) -> String {
    let per_site = solution.units_per_site(problem.sites.len());
    let st = &problem.staff[k];
    let mut why = Vec::new();
    let own: Vec<usize> = (0..problem.sites.len()).filter(|&i| solution.units(k, i) > 0).collect();
    if !own.is_empty() {
        why.push("ses établissements sont au plafond de présence".to_string());
    }
    let sector = own.iter().filter(|&&i| problem.sites[i].kind().is_secondary()).count() as u32;
    if sector >= st.max_establishments {
        why.push(format!("son secteur est complet ({})", counted(sector, "établissement")));
    }
    let unserved: Vec<usize> =
        (0..problem.sites.len()).filter(|&i| per_site[i] == 0 && problem.is_eligible(k, base, i)).collect();
    let open: Vec<usize> = unserved.iter().copied().filter(|&i| open_to(problem, solution, &per_site, k, i)).collect();
    if let Some(m) = open.iter().map(|&i| problem.sites[i].min_units.max(1)).min().filter(|&m| m > free.min(left)) {
        if left < free {
            why.push(format!(
                "il reste {} au budget, moins que la présence minimale d'un établissement de plus ({})",
                half_days(left),
                half_days(m)
            ));
        } else {
            why.push(format!("un établissement de plus demande au moins {}", half_days(m)));
        }
    }
    if unserved.is_empty() {
        why.push("les autres établissements à sa portée sont servis par d'autres assistants".to_string());
    } else if open.is_empty() {
        why.push(
            "ceux que personne ne sert à sa portée sont des écoles REP+ dont il ne sert pas le collège tête de réseau"
                .to_string(),
        );
    }
    format!("aucune demi-journée de plus n'est permise : {}", why.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::LatLon;
    use crate::scenario::Scenario;
    use crate::solution::Assignment;
    use crate::test_support::{small_instance, worker};

    fn serve(s: &mut Solution, worker: usize, site: usize, units: u32) {
        s.assignments.push(Assignment { worker, site, units });
    }

    #[test]
    fn a_worker_based_out_of_reach_is_named_with_what_to_check() {
        let mut instance = small_instance();
        instance.workers.push(worker("ASS02", 1.0, LatLon::new(48.85, 2.35)));
        let p = Problem::new(&instance, &Scenario::default()).expect("problem");
        let mut s = Solution::empty(&p);
        for (i, u) in [(0, 4), (1, 3), (2, 3)] {
            serve(&mut s, 0, i, u);
        }
        let lines = idle_time(&p, &s, Some(0.0));
        // Half the budget: a large share, with its cause.
        assert_eq!(
            lines[0],
            "Temps non attribué : 10 demi-journées (1,0 ETP) du budget ne sont confiées à aucun établissement, soit 50 % \
             du budget après réserve (2,0 ETP) : ce plan laisse une grande part du temps des assistants sans \
             établissement ; cause : aucun établissement du périmètre à portée de la résidence de ASS02 (vérifiez \
             workers.csv)"
        );
        assert_eq!(
            lines[1],
            "Temps non attribué : ASS02 — 10 demi-journées libres ; aucun établissement du périmètre à moins de 60 km de \
             sa résidence, hors couples interdits : vérifiez sa résidence dans workers.csv"
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
    }

    #[test]
    fn a_free_half_day_is_valued_against_the_tolerance() {
        let p = Problem::new(&small_instance(), &Scenario::default()).expect("problem");
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 2);
        let line = |tolerance| idle_time(&p, &s, tolerance)[1].clone();
        let within = line(Some(1e9));
        assert!(
            within.starts_with(
                "Temps non attribué : ASS01 — 8 demi-journées libres ; sa demi-journée de plus la plus utile ("
            ),
            "{within}"
        );
        assert!(within.contains("trajets déduits : un gain dans la tolérance du solveur"), "{within}");
        assert!(line(Some(0.0)).contains("une autre règle du scénario la retient"));
        assert!(line(None).contains("un gain que le solveur n'a pas trouvé"));
    }

    #[test]
    fn a_budget_left_below_the_minimum_presence_is_named() {
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(0.5);
        scenario.need.max_fte_per_establishment = 0.4;
        let p = Problem::new(&small_instance(), &scenario).expect("problem");
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 4);
        let lines = idle_time(&p, &s, Some(1e9));
        assert_eq!(
            lines[1],
            "Temps non attribué : ASS01 — 6 demi-journées libres ; aucune demi-journée de plus n'est permise : ses \
             établissements sont au plafond de présence, il reste 1 demi-journée au budget, moins que la présence \
             minimale d'un établissement de plus (2 demi-journées)"
        );
    }

    #[test]
    fn a_spent_budget_says_nothing_unless_it_is_below_the_workers_time() {
        let p = Problem::new(&small_instance(), &Scenario::default()).expect("problem");
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 10);
        assert!(idle_time(&p, &s, None).is_empty());
        assert_eq!(reserve_holders(&p, &s), None);
        assert_eq!(idle_time(&p, &Solution::empty(&p), None).len(), 2);

        // A budget of 0,2 ETP for a worker of 1 ETP: spent, and 8 of its half-days are free.
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(0.2);
        let p = Problem::new(&small_instance(), &scenario).expect("problem");
        assert_eq!(p.budget_units, 2);
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 2);
        assert_eq!(
            idle_time(&p, &s, None),
            vec![format!(
                "{UNASSIGNED_STAFF_TIME} : 0,8 ETP (8 demi-journées), le budget de 0,2 ETP étant sous le temps des \
                 assistants de workers.csv (1 ETP) ; aucun poste n'est supprimé, le solveur choisit chez qui ce temps reste \
                 libre : 8 demi-journées libres chez ASS01"
            )]
        );
    }

    /// A budget left unspent on top of the reserve: the header counts both, so that the
    /// workers' free half-days add up.
    #[test]
    fn an_unspent_budget_counts_the_reserve_too() {
        let mut scenario = Scenario::default();
        scenario.budget.reserve_fte = 0.2;
        let p = Problem::new(&small_instance(), &scenario).expect("problem");
        let mut s = Solution::empty(&p);
        serve(&mut s, 0, 0, 5);
        let lines = idle_time(&p, &s, None);
        assert_eq!(
            lines[0],
            "Temps non attribué : 3 demi-journées (0,3 ETP) du budget ne sont confiées à aucun établissement, soit 38 % \
             du budget après réserve (0,8 ETP) : ce plan laisse une grande part du temps des assistants sans \
             établissement (la cause est donnée pour chaque assistant ci-dessous) ; avec la réserve de 0,2 ETP, les \
             assistants gardent 5 demi-journées libres en tout"
        );
        assert_eq!(reserve_holders(&p, &s), None);
    }
}
