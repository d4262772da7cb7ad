//! Today's sectors worker by worker: what each worker keeps, loses and gains in the plan, so
//! that a committee can answer « que perd Mme X, et pourquoi ? » without last year's plan
//! (tester's session s50).
//!
//! Computed from the plan alone: its sectors ([`crate::plan::WorkerResult::sector`]), today's
//! ([`super::TodayReport::sectors`], from `current.csv`) and the establishments workers who have
//! left serve today ([`crate::Plan::departed`]). A lost establishment is explained by who takes
//! it over, or, when nobody does, by the lead sentence of its reason (« En bref : … »).

use crate::plan::Plan;
use crate::reason::split_lead;
use std::collections::{BTreeMap, BTreeSet};

/// Another worker at an establishment, today or in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// Worker id.
    pub worker: String,
    /// Its half-days there today.
    pub today_units: u32,
    /// Its half-days there in the plan (0 for a worker who has left).
    pub plan_units: u32,
    /// Whether it has left (in `current.csv`, no longer in `workers.csv`).
    pub departed: bool,
}

/// One establishment of a worker's sector today or in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteChange {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// The worker's half-days there today.
    pub today_units: u32,
    /// The worker's half-days there in the plan.
    pub plan_units: u32,
    /// The other workers there today or in the plan, in id order.
    pub others: Vec<Peer>,
    /// When the worker loses half-days there that no other worker takes over: the lead
    /// sentence of the establishment's reason (unserved, or served below its need).
    pub why: Option<String>,
}

impl SiteChange {
    /// Served by the worker today, not in the plan.
    pub fn is_lost(&self) -> bool {
        self.today_units > 0 && self.plan_units == 0
    }

    /// Served by the worker in the plan, not today.
    pub fn is_gained(&self) -> bool {
        self.today_units == 0 && self.plan_units > 0
    }

    /// The other workers who serve it more in the plan than today (they take half-days over).
    pub fn taken_by(&self) -> impl Iterator<Item = &Peer> {
        self.others.iter().filter(|p| p.plan_units > p.today_units)
    }

    /// The other workers who serve it less in the plan than today, or have left (for a gain:
    /// whom the half-days come from).
    pub fn given_by(&self) -> impl Iterator<Item = &Peer> {
        self.others.iter().filter(|p| p.plan_units < p.today_units)
    }
}

/// What one worker of the plan keeps, loses and gains against today's sectors.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerChange {
    /// Worker id.
    pub worker: String,
    /// Name or pseudonym.
    pub name: Option<String>,
    /// Whether `current.csv` describes its sectors today (else an arrival, a return or a post
    /// the scenario adds: everything it serves is a gain).
    pub described: bool,
    /// Its establishments today or in the plan, in UAI order.
    pub sites: Vec<SiteChange>,
}

impl WorkerChange {
    /// Its half-days today.
    pub fn today_units(&self) -> u32 {
        self.sites.iter().map(|s| s.today_units).sum()
    }

    /// Its half-days in the plan.
    pub fn plan_units(&self) -> u32 {
        self.sites.iter().map(|s| s.plan_units).sum()
    }

    /// Whether the plan gives it exactly today's sector.
    pub fn unchanged(&self) -> bool {
        self.described && self.sites.iter().all(|s| s.today_units == s.plan_units)
    }
}

/// Every worker's changes, and the workers who have left (their establishments are told by the
/// continuity line, [`crate::Plan::departed`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerChanges {
    /// The plan's workers who serve something today or in the plan, in the plan's order.
    pub workers: Vec<WorkerChange>,
    /// Ids of the workers who have left, sorted.
    pub departed: Vec<String>,
}

/// Half-days per (establishment, worker) today: present workers' lines, then departed ones'.
type Today = BTreeMap<String, BTreeMap<String, (u32, bool)>>;

fn today_by_site(plan: &Plan, lines: &[super::TodayLine]) -> Today {
    let mut today: Today = BTreeMap::new();
    for l in lines {
        today.entry(l.uai.clone()).or_default().insert(l.worker.clone(), (l.units, false));
    }
    let unit = plan.scenario.budget.unit_fte;
    for d in &plan.departed {
        let units = (d.fte_today / unit).round() as u32;
        let entry = today.entry(d.uai.clone()).or_default().entry(d.worker.clone()).or_insert((0, true));
        entry.0 += units;
    }
    today
}

/// What each worker keeps, loses and gains against today's sectors; `None` without them (no
/// `current.csv`, or a plan written before they were recorded line by line).
pub fn worker_changes(plan: &Plan) -> Option<WorkerChanges> {
    let lines = plan.today.as_ref()?.sectors.as_ref()?;
    let today = today_by_site(plan, lines);
    let mut in_plan: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    for w in &plan.workers {
        for l in w.sector.iter().filter(|l| l.units > 0) {
            *in_plan.entry(l.uai.as_str()).or_default().entry(w.id.as_str()).or_insert(0) += l.units;
        }
    }
    let described: BTreeSet<&str> = lines.iter().map(|l| l.worker.as_str()).collect();
    let establishment = |uai: &str| plan.establishments.iter().find(|e| e.uai == uai);
    let site_change = |me: &str, uai: &str| {
        let now = today.get(uai);
        let then = in_plan.get(uai);
        let mut ids: BTreeSet<&str> = now.into_iter().flat_map(|m| m.keys().map(String::as_str)).collect();
        ids.extend(then.into_iter().flat_map(|m| m.keys().copied()));
        let units_today = |id: &str| now.and_then(|m| m.get(id)).copied().unwrap_or((0, false));
        let units_plan = |id: &str| then.and_then(|m| m.get(id)).copied().unwrap_or(0);
        let others: Vec<Peer> = ids
            .into_iter()
            .filter(|&id| id != me)
            .map(|id| {
                let (today_units, departed) = units_today(id);
                Peer { worker: id.to_string(), today_units, plan_units: units_plan(id), departed }
            })
            .collect();
        let e = establishment(uai);
        let mut change = SiteChange {
            uai: uai.to_string(),
            name: e.map(|e| e.name.clone()).unwrap_or_default(),
            today_units: units_today(me).0,
            plan_units: units_plan(me),
            others,
            why: None,
        };
        if change.plan_units < change.today_units && change.taken_by().next().is_none() {
            change.why = e.and_then(|e| e.reason.as_deref()).map(|r| {
                let (lead, detail) = split_lead(r);
                lead.unwrap_or(detail).to_string()
            });
        }
        change
    };
    let workers = plan
        .workers
        .iter()
        .filter_map(|w| {
            let mut uais: BTreeSet<&str> = lines.iter().filter(|l| l.worker == w.id).map(|l| l.uai.as_str()).collect();
            uais.extend(w.sector.iter().filter(|l| l.units > 0).map(|l| l.uai.as_str()));
            (!uais.is_empty()).then(|| WorkerChange {
                worker: w.id.clone(),
                name: w.name.clone(),
                described: described.contains(w.id.as_str()),
                sites: uais.into_iter().map(|uai| site_change(&w.id, uai)).collect(),
            })
        })
        .collect();
    let departed: BTreeSet<String> = plan.departed.iter().map(|d| d.worker.clone()).collect();
    Some(WorkerChanges { workers, departed: departed.into_iter().collect() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::departed::DepartedSector;
    use crate::today::{TodayLine, TodayReport};

    fn line(worker: &str, uai: &str, units: u32) -> TodayLine {
        TodayLine { worker: worker.into(), uai: uai.into(), units }
    }

    /// [`crate::test_support::small_plan`] (ASS01: 0310001A 3, 0310002B 2; ASS02: 0310004D 4)
    /// against today's `lines`, with `departed`.
    fn against(lines: Vec<TodayLine>, departed: Vec<DepartedSector>) -> Plan {
        let mut plan = crate::test_support::small_plan();
        plan.departed = departed;
        plan.today = Some(TodayReport {
            objective: plan.objective,
            kpis: plan.kpis.clone(),
            chosen_bases: Vec::new(),
            departed_establishments: 0,
            undescribed_workers: 0,
            broken_rules: Vec::new(),
            sectors: Some(lines),
        });
        plan
    }

    fn site<'a>(c: &'a WorkerChanges, worker: &str, uai: &str) -> &'a SiteChange {
        let w = c.workers.iter().find(|w| w.worker == worker).expect("worker");
        w.sites.iter().find(|s| s.uai == uai).expect("site")
    }

    /// A lost establishment nobody takes over says why (its reason's lead); one taken over
    /// names who; a gain names whom it comes from, a departed worker flagged; a worker absent
    /// from current.csv is not « described ».
    #[test]
    fn each_worker_keeps_loses_and_gains() {
        // Today: ASS01 at 0310001A (3) and 0310003C (2); ASS02 at 0310002B (2). ASS09, gone, at
        // 0310004D.
        let gone = DepartedSector {
            worker: "ASS09".into(),
            uai: "0310004D".into(),
            fte_today: 0.4,
            served_by: vec!["ASS02".into()],
        };
        let mut plan = against(
            vec![line("ASS01", "0310001A", 3), line("ASS01", "0310003C", 2), line("ASS02", "0310002B", 2)],
            vec![gone],
        );
        let reason = "En bref : tout le budget va ailleurs. Détail : budget : tous les ETP sont attribués";
        plan.establishments.iter_mut().find(|e| e.uai == "0310003C").expect("C").reason = Some(reason.into());
        let c = worker_changes(&plan).expect("today's sectors");
        assert_eq!(c.departed, ["ASS09"]);
        let kept = site(&c, "ASS01", "0310001A");
        assert!(!kept.is_lost() && !kept.is_gained() && kept.why.is_none());
        let lost = site(&c, "ASS01", "0310003C");
        assert!(lost.is_lost());
        assert_eq!(lost.why.as_deref(), Some("tout le budget va ailleurs"));
        let gained = site(&c, "ASS01", "0310002B");
        assert!(gained.is_gained());
        assert_eq!(gained.given_by().map(|p| p.worker.as_str()).collect::<Vec<_>>(), ["ASS02"]);
        let given = site(&c, "ASS02", "0310002B");
        assert!(given.is_lost() && given.why.is_none());
        assert_eq!(given.taken_by().map(|p| p.worker.as_str()).collect::<Vec<_>>(), ["ASS01"]);
        let from_gone = site(&c, "ASS02", "0310004D");
        assert!(from_gone.is_gained());
        assert_eq!(from_gone.others, [Peer { worker: "ASS09".into(), today_units: 4, plan_units: 0, departed: true }]);
        let ass01 = c.workers.iter().find(|w| w.worker == "ASS01").expect("ASS01");
        assert_eq!((ass01.today_units(), ass01.plan_units(), ass01.unchanged()), (5, 5, false));
        // ASS02 absent from current.csv: everything it serves is a gain.
        plan.today.as_mut().expect("today").sectors = Some(vec![line("ASS01", "0310001A", 3)]);
        let c = worker_changes(&plan).expect("today's sectors");
        assert!(!c.workers.iter().find(|w| w.worker == "ASS02").expect("ASS02").described);
    }

    /// A worker whose sector is today's is unchanged; a plan written before today's lines were
    /// recorded has no changes to tell.
    #[test]
    fn unchanged_and_older_plans() {
        let mut plan = against(
            vec![line("ASS01", "0310001A", 3), line("ASS01", "0310002B", 2), line("ASS02", "0310004D", 4)],
            Vec::new(),
        );
        let c = worker_changes(&plan).expect("today's sectors");
        assert!(c.workers.iter().all(WorkerChange::unchanged), "{c:?}");
        plan.today.as_mut().expect("today").sectors = None;
        assert!(worker_changes(&plan).is_none());
    }
}
