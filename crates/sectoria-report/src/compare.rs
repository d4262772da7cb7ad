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
    /// Weekly km of the trips to it before (each half-day a return trip from its worker's
    /// base, as the objective counts them; 0 when not served).
    ///
    /// # Units: kilometres per week
    pub km_before: f64,
    /// Weekly km of the trips to it after.
    ///
    /// # Units: kilometres per week
    pub km_after: f64,
    /// Whether it is served in both plans by different workers.
    pub changes_worker: bool,
    /// Overall evolution (time first, then worker).
    pub evolution: Evolution,
    /// Its workers before who are none of the plan after's workers (they left `workers.csv`, or
    /// the plan after has fewer posts), sorted: its change of worker, or its loss, is forced by
    /// their departure, not a choice between equally good plans.
    pub departed: Vec<String>,
}

impl EstablishmentChange {
    /// The evolution in French, with the change of worker when the time changes too
    /// (« moins de temps et change d'assistant »).
    /// A worker who left is named after it: « change d'assistant : ASS05 n'est plus dans les
    /// assistants du plan B ».
    pub fn describe(&self) -> String {
        let evolution = match self.evolution {
            Evolution::More | Evolution::Less if self.changes_worker => {
                format!("{} et change d'assistant", self.evolution.label())
            }
            e => e.label().to_string(),
        };
        if self.departed.is_empty() {
            evolution
        } else {
            format!("{evolution} : {}", no_longer_in_b(&self.departed))
        }
    }
}

/// « ASS05 n'est plus dans les assistants du plan B », « ASS05 et ASS16 ne sont plus … ».
fn no_longer_in_b(ids: &[String]) -> String {
    let verb = if ids.len() >= 2 { "ne sont plus" } else { "n'est plus" };
    let names = match ids {
        [rest @ .., last] if !rest.is_empty() => format!("{} et {last}", rest.join(", ")),
        _ => ids.join(""),
    };
    format!("{names} {verb} dans les assistants du plan B")
}

impl EstablishmentChange {
    /// Whether only the worker changes: served in both plans with the same half-days, by
    /// another worker. Counted and shown apart from the changes of time ([`same_time_note`]).
    pub fn only_worker_changes(&self) -> bool {
        self.evolution == Evolution::OtherWorker
    }
}

/// « 14 changements d'assistant sans changement de temps (même présence, autre assistant) ».
fn same_time_head(count: usize) -> String {
    let s = if count >= 2 { "s" } else { "" };
    format!("{count} changement{s} d'assistant sans changement de temps (même présence, autre assistant)")
}

/// « des variantes aussi bonnes, à la tolérance du solveur près », with what would keep them
/// when the stability penalty of `plan` is zero.
fn variants(plural: bool, plan: &Plan) -> String {
    let (variants, them) =
        if plural { ("des variantes aussi bonnes", "les ") } else { ("une variante aussi bonne", "l'") };
    let head = format!("{variants}, à la tolérance du solveur près");
    if plan.scenario.stability.penalty_per_unit > 0.0 {
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

/// What the French says of `count` establishments whose worker alone changes (the same
/// half-days, another worker), from one plan to `plan` (the plan after, or the best plan with a
/// change, whose scenario and inputs say what could have kept them), when both were computed
/// from the same inputs and settings: such changes are often a choice between equally good
/// plans, within the solver's tolerance, that no rule settles while the stability penalty is
/// zero; with today's sectors, that penalty keeps them. « 14 changements d'assistant sans
/// changement de temps (même présence, autre assistant) : souvent des variantes aussi
/// bonnes… ». It begins with the count; no final period. Two plans of different inputs:
/// [`worker_alone_note`].
pub fn same_time_note(count: usize, plan: &Plan) -> String {
    format!("{} : souvent {}", same_time_head(count), variants(count >= 2, plan))
}

/// What differs between the inputs of `before` and `after` that can move a worker (French):
/// « les réglages diffèrent (Plafond de km par semaine) », « les données et les réglages
/// diffèrent (workers.csv ; Budget (ETP)) »; `None` when nothing does. The instance's files
/// count when both plans record their hashes; the solver's settings (time limit, threads, seed,
/// gap) do not: they only choose among equally good plans.
pub fn inputs_differ(before: &Plan, after: &Plan) -> Option<String> {
    let recorded = !before.inputs.is_empty() && !after.inputs.is_empty();
    let names: BTreeSet<&String> = before.inputs.keys().chain(after.inputs.keys()).collect();
    let files: Vec<String> = names
        .into_iter()
        .filter(|name| recorded && !name.ends_with(".toml") && before.inputs.get(*name) != after.inputs.get(*name))
        .cloned()
        .collect();
    let (a, b) = (crate::manifest::scenario_rows(before), crate::manifest::scenario_rows(after));
    let b: BTreeMap<&str, &str> = b.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut settings: Vec<String> = Vec::new();
    for (key, value) in &a {
        if !key.starts_with("solver.") && b.get(key.as_str()) != Some(&value.as_str()) {
            settings.push(crate::labels::label(key).unwrap_or(key).to_string());
        }
    }
    let what = match (files.is_empty(), settings.is_empty()) {
        (true, true) => return None,
        (false, true) => "les données diffèrent",
        (true, false) => "les réglages diffèrent",
        (false, false) => "les données et les réglages diffèrent",
    };
    Some(format!("{what} ({})", files.into_iter().chain(settings).collect::<Vec<_>>().join(" ; ")))
}

/// The UAIs of the changes of worker alone from `before` to `after` that are in the chain of
/// their changes of time ([`sectoria_core::reason::in_chain`]): an establishment that keeps its
/// half-days but passes from or to a worker whose time changes (directly, or through other such
/// changes of worker) frees or takes that worker's time. Those are what the changes of time
/// bring with them, not equally good variants.
fn in_chain_of_time(before: &Plan, after: &Plan) -> BTreeSet<String> {
    let changes: Vec<EstablishmentChange> =
        establishment_changes(before, after).into_iter().filter(|c| c.evolution != Evolution::Unchanged).collect();
    let linked = sectoria_core::reason::in_chain(
        &changes
            .iter()
            .map(|c| {
                let workers = c.workers_before.iter().chain(&c.workers_after).map(String::as_str).collect();
                (c.units_before != c.units_after, workers)
            })
            .collect::<Vec<_>>(),
    );
    changes.iter().zip(linked).filter(|(c, l)| *l && c.only_worker_changes()).map(|(c, _)| c.uai.clone()).collect()
}

/// « 2 accompagnent les changements de temps (ils libèrent ou reprennent du temps d'assistants
/// dont le temps change) »: `n` changes of worker alone in the chain, `all`: they are every
/// change counted.
fn with_the_time(n: usize, all: bool) -> String {
    match (n, all) {
        (1, true) => "il accompagne les changements de temps : il libère ou reprend du temps d'un assistant dont le \
                      temps change"
            .to_string(),
        (_, true) => "tous accompagnent les changements de temps : ils libèrent ou reprennent du temps d'assistants \
                      dont le temps change"
            .to_string(),
        (1, false) => "1 accompagne les changements de temps (il libère ou reprend du temps d'un assistant dont le \
                       temps change)"
            .to_string(),
        _ => format!(
            "{n} accompagnent les changements de temps (ils libèrent ou reprennent du temps d'assistants dont le \
             temps change)"
        ),
    }
}

/// What the French says of the establishments `alone` whose worker alone changes (the same
/// half-days, another worker) from `before` to `after`, by cause: those whose worker is none
/// of `after`'s workers are forced by that departure; those in the chain of the changes of time
/// (`in_chain_of_time`) go with them; the others may come from the inputs or settings that
/// differ ([`inputs_differ`]); only between plans of the same inputs are they « souvent des
/// variantes aussi bonnes » ([`same_time_note`]). « 3 changements d'assistant sans changement
/// de temps (même présence, autre assistant) : 2 parce que ASS05 et ASS16 ne sont plus dans les
/// assistants du plan B ; pour l'autre, les réglages diffèrent (…) et il peut en venir ». It
/// begins with the count; no final period.
pub fn worker_alone_note(before: &Plan, after: &Plan, alone: &[&EstablishmentChange]) -> String {
    let forced: BTreeSet<&String> = alone.iter().flat_map(|c| &c.departed).collect();
    let n_forced = alone.iter().filter(|c| !c.departed.is_empty()).count();
    let chain = in_chain_of_time(before, after);
    let n_chain = alone.iter().filter(|c| c.departed.is_empty() && chain.contains(&c.uai)).count();
    let free = alone.len() - n_forced - n_chain;
    let differ = inputs_differ(before, after);
    if n_forced == 0 && n_chain == 0 && differ.is_none() {
        return same_time_note(alone.len(), after);
    }
    let mut parts = Vec::new();
    if n_forced > 0 {
        let ids: Vec<String> = forced.into_iter().cloned().collect();
        let because = if n_forced == alone.len() { String::new() } else { format!("{n_forced} parce que ") };
        parts.push(format!("{because}{}", no_longer_in_b(&ids)));
    }
    if n_chain > 0 {
        parts.push(with_the_time(n_chain, n_chain == alone.len()));
    }
    if free > 0 {
        let others = match (n_forced + n_chain, free) {
            (0, _) => String::new(),
            (_, 1) => "pour l'autre, ".to_string(),
            _ => format!("pour les {free} autres, "),
        };
        parts.push(match &differ {
            Some(what) if free >= 2 => format!("{others}{what} et ces changements peuvent en venir"),
            Some(what) => format!("{others}{what} et ce changement peut en venir"),
            None => format!("{others}souvent {}", variants(free >= 2, after)),
        });
    }
    format!("{} : {}", same_time_head(alone.len()), parts.join(" ; "))
}

/// Weekly km of the trips to `e`: `2 × km × units` for each of its workers, as the workers'
/// weekly km add them up.
fn weekly_km(e: Option<&EstablishmentResult>) -> f64 {
    e.map_or(0.0, |e| e.workers.iter().map(|w| 2.0 * w.km * f64::from(w.units)).sum())
}

fn worker_ids(e: Option<&EstablishmentResult>) -> Vec<String> {
    let mut ids: Vec<String> = e.map(|e| e.workers.iter().map(|w| w.worker.clone()).collect()).unwrap_or_default();
    ids.sort();
    ids
}

/// The change of one establishment from `a` (before) to `b` (after); `None` where it is out of
/// that plan's scope. `after_workers`: every worker of the plan after.
fn establishment_change(
    a: Option<&EstablishmentResult>,
    b: Option<&EstablishmentResult>,
    after_workers: &BTreeSet<&str>,
) -> EstablishmentChange {
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
    let departed = match evolution {
        Evolution::OtherWorker | Evolution::Loses | Evolution::More | Evolution::Less => {
            workers_before.iter().filter(|w| !after_workers.contains(w.as_str())).cloned().collect()
        }
        _ => Vec::new(),
    };
    EstablishmentChange {
        uai: any.map(|e| e.uai.clone()).unwrap_or_default(),
        name: any.map(|e| e.name.clone()).unwrap_or_default(),
        units_before,
        units_after,
        workers_before,
        workers_after,
        km_before: weekly_km(a),
        km_after: weekly_km(b),
        changes_worker,
        evolution,
        departed,
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
    let after_workers: BTreeSet<&str> = after.workers.iter().map(|w| w.id.as_str()).collect();
    union_order(
        before.establishments.iter().map(|e| e.uai.as_str()),
        after.establishments.iter().map(|e| e.uai.as_str()),
    )
    .into_iter()
    .map(|u| establishment_change(a.get(u).copied(), b.get(u).copied(), &after_workers))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::plan::SiteWorker;
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

    /// 066, from last year's plan to this year's: ASS05 and ASS16 left workers.csv; the change
    /// of worker at their establishments is forced, not an equally good variant (session 48).
    #[test]
    fn a_change_forced_by_a_departure_says_so() {
        let before = small_plan();
        let mut after = before.clone();
        // ASS02 leaves: 0310004D gets ASS01 at the same time; 0310001A goes from ASS01 to ASS03,
        // who is new.
        after.workers.retain(|w| w.id != "ASS02");
        let at = |p: &Plan| p.establishments.iter().position(|e| e.uai == "0310004D").expect("0310004D");
        let d = at(&after);
        after.establishments[d].workers[0].worker = "ASS01".to_string();
        let mut new = after.workers[0].clone();
        new.id = "ASS03".to_string();
        after.workers.push(new);
        after.establishments[0].workers[0].worker = "ASS03".to_string();
        let changes = establishment_changes(&before, &after);
        let forced = changes.iter().find(|c| c.uai == "0310004D").expect("0310004D");
        assert_eq!(forced.departed, ["ASS02"]);
        assert_eq!(forced.describe(), "change d'assistant : ASS02 n'est plus dans les assistants du plan B");
        assert!(forced.only_worker_changes(), "the same time: listed with the changes of worker alone");
        assert!(changes[0].departed.is_empty() && changes[0].describe() == "change d'assistant");
        let alone: Vec<&EstablishmentChange> = changes.iter().filter(|c| c.only_worker_changes()).collect();
        // workers.csv recorded as different: the other change may come from it.
        before.inputs.clone_into(&mut after.inputs);
        let mut before = before;
        before.inputs.insert("workers.csv".into(), "a".into());
        after.inputs.insert("workers.csv".into(), "b".into());
        let note = worker_alone_note(&before, &after, &alone);
        assert_eq!(
            note,
            "2 changements d'assistant sans changement de temps (même présence, autre assistant) : 1 parce que \
             ASS02 n'est plus dans les assistants du plan B ; pour l'autre, les données diffèrent (workers.csv) et \
             ce changement peut en venir"
        );
        assert!(!note.contains("aussi bonne"), "{note}");
        // Only the forced one: said alone.
        let note = worker_alone_note(&before, &after, &alone[1..]);
        assert_eq!(
            note,
            "1 changement d'assistant sans changement de temps (même présence, autre assistant) : ASS02 n'est plus \
             dans les assistants du plan B"
        );
        // A loss is forced the same way.
        after.establishments[d].allocated_units = 0;
        after.establishments[d].workers.clear();
        let lost = establishment_changes(&before, &after).into_iter().find(|c| c.uai == "0310004D").expect("lost");
        assert_eq!(lost.describe(), "perd sa présence : ASS02 n'est plus dans les assistants du plan B");
    }

    /// Collège Denys Puech (Aveyron, session 49): ASS02 takes 0310003C and gives 0310004D to
    /// ASS01 at the same time, while 0310002B passes from ASS03 to ASS04, whose time does not
    /// change. The first change of worker goes with the change of time; only the second may be
    /// an equally good variant.
    #[test]
    fn a_change_of_worker_that_goes_with_a_change_of_time_is_not_called_a_variant() {
        let mut before = small_plan();
        for id in ["ASS03", "ASS04"] {
            let mut w = before.workers[0].clone();
            w.id = id.to_string();
            before.workers.push(w);
        }
        let at = |p: &Plan, uai: &str| p.establishments.iter().position(|e| e.uai == uai).expect(uai);
        let b = at(&before, "0310002B");
        before.establishments[b].workers[0].worker = "ASS03".to_string();
        let mut after = before.clone();
        after.establishments[b].workers[0].worker = "ASS04".to_string();
        let (c, d) = (at(&after, "0310003C"), at(&after, "0310004D"));
        after.establishments[c].allocated_units = 2;
        after.establishments[c].workers = vec![SiteWorker { worker: "ASS02".into(), units: 2, km: 5.0 }];
        after.establishments[d].workers[0].worker = "ASS01".to_string();
        let changes = establishment_changes(&before, &after);
        let alone: Vec<&EstablishmentChange> = changes.iter().filter(|c| c.only_worker_changes()).collect();
        assert_eq!(alone.len(), 2);
        assert_eq!(in_chain_of_time(&before, &after).into_iter().collect::<Vec<_>>(), ["0310004D"]);
        let note = worker_alone_note(&before, &after, &alone);
        assert!(
            note.starts_with(
                "2 changements d'assistant sans changement de temps (même présence, autre assistant) : 1 accompagne \
                 les changements de temps (il libère ou reprend du temps d'un assistant dont le temps change) ; pour \
                 l'autre, souvent une variante aussi bonne, à la tolérance du solveur près"
            ),
            "{note}"
        );
        // The chain alone: no variant.
        let chain: Vec<&EstablishmentChange> = alone.iter().copied().filter(|c| c.uai == "0310004D").collect();
        assert_eq!(
            worker_alone_note(&before, &after, &chain),
            "1 changement d'assistant sans changement de temps (même présence, autre assistant) : il accompagne les \
             changements de temps : il libère ou reprend du temps d'un assistant dont le temps change"
        );
    }

    /// compare.csv's « Km hebdo avant/après » of an establishment: the trips to it, which add up
    /// to the workers' weekly km.
    #[test]
    fn an_establishment_s_weekly_km_are_the_trips_to_it() {
        let plan = small_plan();
        let changes = establishment_changes(&plan, &plan);
        let total: f64 = changes.iter().map(|c| c.km_before).sum();
        let workers: f64 = plan.workers.iter().map(|w| w.weekly_km).sum();
        // The distances are stored to the metre: the sums agree to a few metres.
        assert!((total - workers).abs() < 1e-3 && total > 0.0, "{total} {workers}");
        let served = plan.establishments.iter().find(|e| e.allocated_units > 0).expect("served");
        let w = &served.workers[0];
        let c = changes.iter().find(|c| c.uai == served.uai).expect("change");
        assert!(served.workers.len() == 1 && (c.km_after - 2.0 * w.km * f64::from(w.units)).abs() < 1e-9);
    }

    /// 066 with a km cap: the same workers and files, another setting; the changes of worker may
    /// come from it. The solver's own settings do not count: only they differing, the changes
    /// are variants.
    #[test]
    fn a_change_between_plans_of_other_settings_may_come_from_them() {
        let before = small_plan();
        let mut after = before.clone();
        after.establishments[0].workers[0].worker = "ASS02".to_string();
        after.scenario.travel.max_weekly_km = Some(300.0);
        after.scenario.stability.penalty_per_unit = 5.0;
        let changes = establishment_changes(&before, &after);
        let alone: Vec<&EstablishmentChange> = changes.iter().filter(|c| c.only_worker_changes()).collect();
        let note = worker_alone_note(&before, &after, &alone);
        assert_eq!(
            note,
            "1 changement d'assistant sans changement de temps (même présence, autre assistant) : les réglages \
             diffèrent (Pénalité de changement ; Plafond de km par semaine) et ce changement peut en venir"
        );
        after.scenario = before.scenario.clone();
        after.scenario.solver.time_limit_s += 10.0;
        after.scenario.solver.seed += 1;
        let note = worker_alone_note(&before, &after, &alone);
        assert_eq!(note, same_time_note(1, &after));
        assert!(note.contains("souvent une variante aussi bonne, à la tolérance du solveur près"), "{note}");
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
