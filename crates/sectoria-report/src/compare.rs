//! How each establishment evolves from one plan (before) to another (after): the one reading
//! of a change that the report's differences, `sectoria compare`, `compare.csv` and the web
//! application's Comparer all share, so that a change is named the same way everywhere.
//!
//! Establishments are matched by UAI; one present in a single plan is reported as such.

use sectoria_core::plan::EstablishmentResult;
use sectoria_core::Plan;
use std::collections::{BTreeMap, BTreeSet};

/// How an establishment's presence evolves from the plan before to the plan after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evolution {
    /// Same time, same worker(s).
    Unchanged,
    /// Not served before, served after.
    Gains,
    /// Served before, not served after.
    Loses,
    /// Served in both, more half-days after.
    More,
    /// Served in both, fewer half-days after.
    Less,
    /// Same half-days, other worker(s).
    OtherWorker,
    /// In the plan after only (out of scope before).
    OnlyInB,
    /// In the plan before only (out of scope after).
    OnlyInA,
}

impl Evolution {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Evolution::Unchanged => "inchangé",
            Evolution::Gains => "gagne une présence",
            Evolution::Loses => "perd sa présence",
            Evolution::More => "plus de temps",
            Evolution::Less => "moins de temps",
            Evolution::OtherWorker => "change d'assistant",
            Evolution::OnlyInB => "absent du plan A",
            Evolution::OnlyInA => "absent du plan B",
        }
    }
}

/// One establishment, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct EstablishmentChange {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Half-days (units) before (0 when absent).
    pub units_before: u32,
    /// Half-days (units) after (0 when absent).
    pub units_after: u32,
    /// Workers before.
    pub workers_before: Vec<String>,
    /// Workers after.
    pub workers_after: Vec<String>,
    /// Whether it is served in both plans by different workers.
    pub changes_worker: bool,
    /// Overall evolution (time first, then worker).
    pub evolution: Evolution,
}

impl EstablishmentChange {
    /// The evolution in French, with the change of worker when the time changes too
    /// (« moins de temps et change d'assistant »).
    pub fn describe(&self) -> String {
        match self.evolution {
            Evolution::More | Evolution::Less if self.changes_worker => {
                format!("{} et change d'assistant", self.evolution.label())
            }
            e => e.label().to_string(),
        }
    }
}

impl EstablishmentChange {
    /// Whether only the worker changes: served in both plans with the same half-days, by
    /// another worker. Counted and shown apart from the changes of time ([`same_time_note`]).
    pub fn only_worker_changes(&self) -> bool {
        self.evolution == Evolution::OtherWorker
    }
}

/// What the French says of `count` establishments whose worker alone changes (the same
/// half-days, another worker), from one plan to `plan` (the plan after, or the best plan with a
/// change, whose scenario and inputs say what could have kept them): such changes are often a
/// choice between equally good plans, within the solver's tolerance, that no rule settles while
/// the stability penalty is zero; with today's sectors, that penalty keeps them. « 14 changements
/// d'assistant sans changement de temps (même présence, autre assistant) : souvent des variantes
/// aussi bonnes… ». It begins with the count; no final period.
pub fn same_time_note(count: usize, plan: &Plan) -> String {
    let (s, variants, them) =
        if count >= 2 { ("s", "des variantes aussi bonnes", "les ") } else { ("", "une variante aussi bonne", "l'") };
    let head = format!(
        "{count} changement{s} d'assistant sans changement de temps (même présence, autre assistant) : souvent \
         {variants}, à la tolérance du solveur près"
    );
    let penalty = plan.scenario.stability.penalty_per_unit;
    if penalty > 0.0 {
        return head;
    }
    if crate::summary::has_current_sectors(plan) {
        format!(
            "{head}, que rien ne fait écarter ; une pénalité de changement (`stability.penalty_per_unit`) {them}évite \
             en gardant les secteurs actuels"
        )
    } else {
        format!(
            "{head}, que rien ne fait écarter ; sans secteurs actuels (current.csv), rien ne {them}évite : adoptez \
             d'abord un plan comme secteurs actuels, puis donnez une pénalité de changement \
             (`stability.penalty_per_unit`)"
        )
    }
}

fn worker_ids(e: Option<&EstablishmentResult>) -> Vec<String> {
    let mut ids: Vec<String> = e.map(|e| e.workers.iter().map(|w| w.worker.clone()).collect()).unwrap_or_default();
    ids.sort();
    ids
}

/// The change of one establishment from `a` (before) to `b` (after); `None` where it is out of
/// that plan's scope.
pub fn establishment_change(a: Option<&EstablishmentResult>, b: Option<&EstablishmentResult>) -> EstablishmentChange {
    let any = a.or(b);
    let units_before = a.map_or(0, |e| e.allocated_units);
    let units_after = b.map_or(0, |e| e.allocated_units);
    let workers_before = worker_ids(a);
    let workers_after = worker_ids(b);
    let changes_worker = units_before > 0 && units_after > 0 && workers_before != workers_after;
    let evolution = match (a, b) {
        (None, _) => Evolution::OnlyInB,
        (_, None) => Evolution::OnlyInA,
        _ if units_before == 0 && units_after > 0 => Evolution::Gains,
        _ if units_before > 0 && units_after == 0 => Evolution::Loses,
        _ if units_after > units_before => Evolution::More,
        _ if units_after < units_before => Evolution::Less,
        _ if changes_worker => Evolution::OtherWorker,
        _ => Evolution::Unchanged,
    };
    EstablishmentChange {
        uai: any.map(|e| e.uai.clone()).unwrap_or_default(),
        name: any.map(|e| e.name.clone()).unwrap_or_default(),
        units_before,
        units_after,
        workers_before,
        workers_after,
        changes_worker,
        evolution,
    }
}

/// Keys of `a` in order, then the keys of `b` not in `a`.
pub fn union_order<'a>(a: impl Iterator<Item = &'a str>, b: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    a.chain(b).filter(|k| seen.insert(*k)).collect()
}

/// Every establishment of `before` in its order, then those of `after` only, with its change
/// (unchanged ones included). Posts are compared by name: name `after`'s interchangeable posts
/// after `before`'s first ([`sectoria_core::interchange::name_posts_after`]).
pub fn establishment_changes(before: &Plan, after: &Plan) -> Vec<EstablishmentChange> {
    let a: BTreeMap<&str, &EstablishmentResult> = before.establishments.iter().map(|e| (e.uai.as_str(), e)).collect();
    let b: BTreeMap<&str, &EstablishmentResult> = after.establishments.iter().map(|e| (e.uai.as_str(), e)).collect();
    union_order(
        before.establishments.iter().map(|e| e.uai.as_str()),
        after.establishments.iter().map(|e| e.uai.as_str()),
    )
    .into_iter()
    .map(|u| establishment_change(a.get(u).copied(), b.get(u).copied()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    #[test]
    fn identical_plans_have_no_difference() {
        let p = small_plan();
        assert!(establishment_changes(&p, &p).iter().all(|c| c.evolution == Evolution::Unchanged));
    }

    #[test]
    fn a_change_of_worker_alone_is_said_apart_with_what_would_keep_it() {
        let mut plan = small_plan();
        let note = same_time_note(14, &plan);
        assert!(
            note.starts_with(
                "14 changements d'assistant sans changement de temps (même présence, autre assistant) : souvent des \
                 variantes aussi bonnes, à la tolérance du solveur près, que rien ne fait écarter ; sans secteurs \
                 actuels (current.csv), rien ne les évite"
            ),
            "{note}"
        );
        plan.inputs.insert("current.csv".into(), "h".into());
        assert!(
            same_time_note(1, &plan).starts_with(
                "1 changement d'assistant sans changement de temps (même présence, \
                 autre assistant) : souvent une variante aussi bonne"
            ),
            "{}",
            same_time_note(1, &plan)
        );
        assert!(same_time_note(1, &plan)
            .ends_with("(`stability.penalty_per_unit`) l'évite en gardant les secteurs actuels"));
        assert!(same_time_note(3, &plan).ends_with(
            "une pénalité de changement (`stability.penalty_per_unit`) les évite en gardant les secteurs actuels"
        ));
        // A penalty already given: nothing to advise, and no « rien ne fait écarter ».
        plan.scenario.stability.penalty_per_unit = 5.0;
        assert!(same_time_note(3, &plan).ends_with("à la tolérance du solveur près"), "{}", same_time_note(3, &plan));
        let mut after = plan.clone();
        after.establishments[0].workers[0].worker = "ASS02".to_string();
        after.establishments[1].allocated_units += 1;
        after.establishments[1].workers[0].worker = "ASS02".to_string();
        let changes = establishment_changes(&plan, &after);
        assert!(changes[0].only_worker_changes() && !changes[1].only_worker_changes());
    }

    #[test]
    fn each_kind_of_change_is_reported_once() {
        let before = small_plan();
        let mut after = before.clone();
        // 0310001A: ASS01 → ASS02; 0310002B: time 2 → 3; 0310003C: newly served; 0310004D dropped.
        after.establishments[0].workers[0].worker = "ASS02".to_string();
        after.establishments[1].allocated_units = 3;
        after.establishments[2].allocated_units = 2;
        after.establishments.pop();
        let kinds: Vec<(String, String)> = establishment_changes(&before, &after)
            .into_iter()
            .filter(|c| c.evolution != Evolution::Unchanged)
            .map(|c| (c.uai.clone(), c.describe()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("0310001A".to_string(), "change d'assistant".to_string()),
                ("0310002B".to_string(), "plus de temps".to_string()),
                ("0310003C".to_string(), "gagne une présence".to_string()),
                ("0310004D".to_string(), "absent du plan B".to_string()),
            ]
        );
    }
}
