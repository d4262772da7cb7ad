//! The independent checker: verifies every constraint of the model on a solution, without the
//! solver. Used by `sectoria check`, by the planner on its own output, and by the tests.

use crate::french::{counted, half_days};
use crate::objective::{changed_units, weekly_km};
use crate::problem::{BaseChoice, Problem};
use crate::solution::Solution;
use std::collections::BTreeMap;

/// One violated constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Stable code of the rule (`C01`…).
    pub code: &'static str,
    /// French explanation naming the worker and the UAI.
    pub message: String,
}

/// Verifies every constraint; returns the violations (empty when the solution is feasible).
pub fn check_solution(problem: &Problem, solution: &Solution) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut v = |code: &'static str, message: String| out.push(Violation { code, message });
    let rules = &problem.scenario.rules;
    let name = |k: usize| problem.staff[k].worker.id.as_str();
    let uai = |i: usize| problem.sites[i].uai();

    if solution.bases.len() != problem.staff.len() {
        v(
            "C00",
            format!("le plan décrit {} assistants, l'instance en a {}", solution.bases.len(), problem.staff.len()),
        );
        return out;
    }
    for (k, base) in solution.bases.iter().enumerate() {
        match (base, &problem.staff[k].worker.base) {
            (Some(BaseChoice::Fixed(b)), Some(fixed)) if b == fixed => {}
            (Some(BaseChoice::Site(i)), None) if problem.candidate_bases.contains(i) => {}
            (Some(BaseChoice::Site(i)), None) if problem.is_excluded(*i) => v(
                "C01",
                format!("{} : résidence administrative à {}, exclu du plan par [locks] exclude", name(k), uai(*i)),
            ),
            (None, None) => {}
            _ => v(
                "C01",
                format!(
                    "{} : résidence administrative invalide (ni la sienne, ni un collège ou lycée du périmètre)",
                    name(k)
                ),
            ),
        }
    }
    let mut per_worker_units = vec![0u32; problem.staff.len()];
    let mut per_worker_secondary = vec![0u32; problem.staff.len()];
    let mut per_site_units = vec![0u32; problem.sites.len()];
    let mut per_site_workers = vec![0u32; problem.sites.len()];
    let mut served_by: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let mut workers_at: Vec<Vec<usize>> = vec![Vec::new(); problem.sites.len()];
    for a in &solution.assignments {
        if a.worker >= problem.staff.len() || a.site >= problem.sites.len() {
            v("C00", "affectation hors de l'instance".to_string());
            continue;
        }
        let site = &problem.sites[a.site];
        per_worker_units[a.worker] += a.units;
        per_site_units[a.site] += a.units;
        per_site_workers[a.site] += 1;
        workers_at[a.site].push(a.worker);
        if site.kind().is_secondary() {
            per_worker_secondary[a.worker] += 1;
        }
        *served_by.entry((a.worker, a.site)).or_insert(0) += a.units;
        if a.units < site.min_units {
            v(
                "C02",
                format!(
                    "{} à {} : {} demi-journée(s), sous la présence minimale de {}",
                    name(a.worker),
                    uai(a.site),
                    a.units,
                    site.min_units
                ),
            );
        }
        match &solution.bases[a.worker] {
            None => v("C03", format!("{} sert {} sans résidence administrative", name(a.worker), uai(a.site))),
            Some(base) => {
                if problem.is_excluded(a.site) {
                    v(
                        "C04",
                        format!(
                            "{} à {} : établissement exclu du plan par [locks] exclude",
                            name(a.worker),
                            uai(a.site)
                        ),
                    );
                } else if problem.forbidden.contains(&(a.worker, a.site)) {
                    v("C04", format!("{} à {} : paire interdite par [locks] forbid", name(a.worker), uai(a.site)));
                } else if !problem.is_eligible(a.worker, base, a.site) && problem.is_too_long(a.worker, base, a.site) {
                    v(
                        "C05",
                        format!(
                            "{} à {} : {:.0} min de trajet, au-delà de la limite de {} min par trajet",
                            name(a.worker),
                            uai(a.site),
                            problem.minutes(a.worker, base, a.site),
                            problem.scenario.travel.max_minutes_one_way.unwrap_or_default()
                        ),
                    );
                } else if !problem.is_eligible(a.worker, base, a.site) {
                    v(
                        "C05",
                        format!(
                            "{} à {} : {:.1} km, au-delà de la distance maximale de {} km",
                            name(a.worker),
                            uai(a.site),
                            problem.km(a.worker, base, a.site),
                            rules.max_distance_km
                        ),
                    );
                }
            }
        }
    }
    for (k, s) in problem.staff.iter().enumerate() {
        if per_worker_units[k] > s.capacity_units {
            v(
                "C06",
                format!(
                    "{} : {} demi-journées pour une capacité de {}",
                    name(k),
                    per_worker_units[k],
                    s.capacity_units
                ),
            );
        }
        if per_worker_secondary[k] > s.max_establishments {
            v(
                "C07",
                format!(
                    "{} : {} établissements du second degré, au-delà de {}",
                    name(k),
                    per_worker_secondary[k],
                    s.max_establishments
                ),
            );
        }
        if let Some(cap) = problem.scenario.travel.max_weekly_km {
            let km = weekly_km(problem, solution, k);
            if km > cap + 1e-6 {
                v("C08", format!("{} : {km:.1} km par semaine, au-delà du plafond de {cap} km", name(k)));
            }
        }
    }
    let total: u32 = per_worker_units.iter().sum();
    if total > problem.budget_units {
        v("C09", format!("{total} demi-journées attribuées pour un budget de {} après réserve", problem.budget_units));
    }
    for (i, site) in problem.sites.iter().enumerate() {
        if per_site_units[i] > site.cap_units {
            v(
                "C10",
                format!("{} : {} demi-journées, au-delà du plafond de {}", uai(i), per_site_units[i], site.cap_units),
            );
        }
        if per_site_workers[i] > rules.max_workers_per_establishment {
            v(
                "C11",
                format!(
                    "{} : {} assistants, au-delà de {}",
                    uai(i),
                    per_site_workers[i],
                    rules.max_workers_per_establishment
                ),
            );
        }
        if site.must_cover && per_site_units[i] == 0 {
            v(
                "C12",
                format!("{} ({}) doit être couvert (must_cover) mais ne l'est pas", uai(i), site.establishment.name),
            );
        }
        if let Some(h) = problem.head[i] {
            for &k in &workers_at[i] {
                if !served_by.contains_key(&(k, h)) {
                    v(
                        "C13",
                        format!(
                            "école {} servie par {} qui ne sert pas le collège tête de réseau {}",
                            uai(i),
                            name(k),
                            uai(h)
                        ),
                    );
                }
            }
        }
    }
    for l in &problem.locks {
        match served_by.get(&(l.worker, l.site)) {
            None => v("C14", format!("verrou non respecté : {} devrait servir {}", name(l.worker), uai(l.site))),
            Some(&u) if l.units.is_some_and(|lu| lu != u) => v(
                "C14",
                format!(
                    "verrou non respecté : {} à {} a {} au lieu de {}",
                    name(l.worker),
                    uai(l.site),
                    half_days(u),
                    l.units.unwrap_or(0)
                ),
            ),
            _ => {}
        }
    }
    if let Some(max) = problem.scenario.stability.max_changes {
        let changed = changed_units(problem, solution);
        if changed > max {
            v(
                "C15",
                format!(
                    "{} par rapport aux secteurs actuels, au-delà de max_changes = {max}",
                    counted(changed, "demi-journée changée")
                ),
            );
        }
    }
    out
}
