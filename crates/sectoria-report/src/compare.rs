//! Differences between two plans, establishment by establishment (for `--compare`).

use sectoria_core::plan::EstablishmentResult;
use sectoria_core::Plan;
use std::collections::HashMap;

/// How an establishment's allocation changed from the reference plan to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Served in the plan, not in the reference.
    NewlyServed,
    /// Served in the reference, not in the plan.
    NoLongerServed,
    /// Served by other workers (whatever the time).
    WorkerChanged,
    /// Same workers, different time.
    TimeChanged,
    /// In the plan's scope only.
    OnlyInPlan,
    /// In the reference's scope only.
    OnlyInReference,
}

impl ChangeKind {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::NewlyServed => "désormais servi",
            ChangeKind::NoLongerServed => "n'est plus servi",
            ChangeKind::WorkerChanged => "change d'assistant",
            ChangeKind::TimeChanged => "temps modifié",
            ChangeKind::OnlyInPlan => "absent du plan de référence",
            ChangeKind::OnlyInReference => "absent de ce plan",
        }
    }
}

/// One establishment whose allocation or workers differ between the two plans.
#[derive(Debug, Clone, PartialEq)]
pub struct EstablishmentChange {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// What changed.
    pub kind: ChangeKind,
    /// ETP in the reference plan (`None` when out of its scope).
    pub before_fte: Option<f64>,
    /// ETP in the plan (`None` when out of its scope).
    pub after_fte: Option<f64>,
    /// Workers in the reference plan.
    pub before_workers: Vec<String>,
    /// Workers in the plan.
    pub after_workers: Vec<String>,
}

fn workers(e: &EstablishmentResult) -> Vec<String> {
    let mut w: Vec<String> = e.workers.iter().map(|w| w.worker.clone()).collect();
    w.sort();
    w
}

/// The establishments whose allocated units or workers differ between `reference` (before)
/// and `plan` (after): the plan's order first, then those only in the reference.
pub fn establishment_changes(plan: &Plan, reference: &Plan) -> Vec<EstablishmentChange> {
    let before: HashMap<&str, &EstablishmentResult> =
        reference.establishments.iter().map(|e| (e.uai.as_str(), e)).collect();
    let mut changes = Vec::new();
    for e in &plan.establishments {
        let after_workers = workers(e);
        let Some(b) = before.get(e.uai.as_str()) else {
            changes.push(EstablishmentChange {
                uai: e.uai.clone(),
                name: e.name.clone(),
                kind: ChangeKind::OnlyInPlan,
                before_fte: None,
                after_fte: Some(e.allocated_fte),
                before_workers: Vec::new(),
                after_workers,
            });
            continue;
        };
        let before_workers = workers(b);
        let kind = match (b.allocated_units > 0, e.allocated_units > 0) {
            (false, true) => Some(ChangeKind::NewlyServed),
            (true, false) => Some(ChangeKind::NoLongerServed),
            (false, false) => None,
            (true, true) if before_workers != after_workers => Some(ChangeKind::WorkerChanged),
            (true, true) if b.allocated_units != e.allocated_units => Some(ChangeKind::TimeChanged),
            (true, true) => None,
        };
        if let Some(kind) = kind {
            changes.push(EstablishmentChange {
                uai: e.uai.clone(),
                name: e.name.clone(),
                kind,
                before_fte: Some(b.allocated_fte),
                after_fte: Some(e.allocated_fte),
                before_workers,
                after_workers,
            });
        }
    }
    let in_plan: std::collections::HashSet<&str> = plan.establishments.iter().map(|e| e.uai.as_str()).collect();
    for b in reference.establishments.iter().filter(|b| !in_plan.contains(b.uai.as_str())) {
        changes.push(EstablishmentChange {
            uai: b.uai.clone(),
            name: b.name.clone(),
            kind: ChangeKind::OnlyInReference,
            before_fte: Some(b.allocated_fte),
            after_fte: None,
            before_workers: workers(b),
            after_workers: Vec::new(),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_plan;

    #[test]
    fn identical_plans_have_no_difference() {
        let p = small_plan();
        assert!(establishment_changes(&p, &p).is_empty());
    }

    #[test]
    fn each_kind_of_change_is_reported_once() {
        let reference = small_plan();
        let mut plan = reference.clone();
        // 0310001A: ASS01 → ASS02; 0310002B: time 2 → 3; 0310003C: newly served; 0310004D dropped.
        plan.establishments[0].workers[0].worker = "ASS02".to_string();
        plan.establishments[1].allocated_units = 3;
        plan.establishments[2].allocated_units = 2;
        plan.establishments.pop();
        let kinds: Vec<(String, ChangeKind)> =
            establishment_changes(&plan, &reference).into_iter().map(|c| (c.uai, c.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("0310001A".to_string(), ChangeKind::WorkerChanged),
                ("0310002B".to_string(), ChangeKind::TimeChanged),
                ("0310003C".to_string(), ChangeKind::NewlyServed),
                ("0310004D".to_string(), ChangeKind::OnlyInReference),
            ]
        );
    }
}
