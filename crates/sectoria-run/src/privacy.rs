//! Pseudonymisation of a plan's outputs (`--pseudonymise`).
//!
//! Worker names are the only personal data a plan carries: they come from the optional `name`
//! column of `workers.csv` and end up in `plan.json`, `sectors.csv`, `report.html`,
//! `plan.geojson` and `plan.xlsx`. [`pseudonymise`] replaces every worker's name by
//! « Assistant·e NN », NN being the worker's rank in the sorted list of ids: the same ids give
//! the same pseudonyms from one run to the next, whatever the order of the lines.
//!
//! Ids are kept: `current.csv`, `distances.csv`, the scenario's locks and `sectoria check` refer
//! to them. They should be codes (`ASS01`…); [`pseudonymise`] returns a warning for every id
//! that seems to contain its worker's name. Generated posts (budget-only mode) have no name and
//! are left as they are.

use sectoria_core::Plan;
use std::collections::{BTreeMap, BTreeSet};

/// The pseudonym of each id: « Assistant·e NN », NN the rank (from 1) in sorted order, on at
/// least two digits.
pub fn pseudonyms<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let sorted: BTreeSet<&str> = ids.into_iter().collect();
    let width = sorted.len().to_string().len().max(2);
    sorted.into_iter().enumerate().map(|(n, id)| (id.to_string(), format!("Assistant·e {:0width$}", n + 1))).collect()
}

/// Replaces the names of `plans`' workers (not generated posts) by the pseudonyms of
/// [`pseudonyms`] over all their ids, so that a plan and the plan it is compared with call the
/// same worker the same way. Returns French warnings for ids that seem to hold a name.
pub fn pseudonymise_all(plans: &mut [&mut Plan]) -> Vec<String> {
    let ids: Vec<String> =
        plans.iter().flat_map(|p| p.workers.iter().filter(|w| !w.generated).map(|w| w.id.clone())).collect();
    let names = pseudonyms(ids.iter().map(String::as_str));
    let mut warnings = BTreeSet::new();
    for plan in plans.iter_mut() {
        for w in plan.workers.iter_mut().filter(|w| !w.generated) {
            if let Some(name) = &w.name {
                if id_holds_name(&w.id, name) {
                    warnings.insert(format!(
                        "l'identifiant « {} » semble contenir le nom de l'assistant : --pseudonymise ne remplace pas \
                         les identifiants (current.csv, les verrous et `sectoria check` s'y réfèrent) ; utilisez des \
                         codes (ASS01…) dans workers.csv",
                        w.id
                    ));
                }
            }
            w.name = names.get(&w.id).cloned();
        }
    }
    warnings.into_iter().collect()
}

/// [`pseudonymise_all`] for one plan.
pub fn pseudonymise(plan: &mut Plan) -> Vec<String> {
    pseudonymise_all(&mut [plan])
}

/// Whether `id` contains a word of `name` of three letters or more (case and accents as
/// written).
fn id_holds_name(id: &str, name: &str) -> bool {
    let id = id.to_lowercase();
    name.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 3).any(|w| id.contains(&w.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_follow_the_sorted_ids() {
        let p = pseudonyms(["ASS10", "ASS02", "ASS01"]);
        assert_eq!(p["ASS01"], "Assistant·e 01");
        assert_eq!(p["ASS02"], "Assistant·e 02");
        assert_eq!(p["ASS10"], "Assistant·e 03");
        let many: Vec<String> = (0..120).map(|n| format!("W{n}")).collect();
        let p = pseudonyms(many.iter().map(String::as_str));
        assert_eq!(p["W0"], "Assistant·e 001");
    }

    #[test]
    fn names_in_ids_are_flagged() {
        assert!(id_holds_name("claire.b", "Claire B."));
        assert!(id_holds_name("DUPONT_M", "Marie Dupont"));
        assert!(!id_holds_name("ASS01", "Claire B."));
        assert!(!id_holds_name("ASS01", "Al"));
    }

    #[test]
    fn every_worker_name_of_a_plan_is_replaced() {
        let mut plan = sectoria_core::test_support::small_plan();
        plan.workers[0].name = Some("Claire B.".to_string());
        let mut other = plan.clone();
        let warnings = pseudonymise_all(&mut [&mut plan, &mut other]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(plan.workers[0].name.as_deref(), Some("Assistant·e 01"));
        assert_eq!(plan.workers[1].name.as_deref(), Some("Assistant·e 02"));
        assert_eq!(plan, other);
    }
}
