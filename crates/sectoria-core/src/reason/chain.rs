//! Which changes of worker alone (the same half-days, another worker) belong to the chain of a
//! change: between a plan and the best plan with a change, an establishment that keeps its
//! time but passes to another worker may free the time of a worker that the change needs, or
//! take the time of one that another change leaves free. Such a change is part of what the
//! change forces; only those that touch none of the workers whose time changes (directly or
//! through other changes of worker) may be equally good variants.

use crate::counterfactual::SiteDelta;

/// For each change of `changes` (whether its time changes, and its workers before and after),
/// whether it is in the chain: a change of time always is; a change of worker alone is when one
/// of its workers is a worker of a change in the chain (the closure: a change of worker alone
/// linked to the chain links its other worker in turn).
pub fn in_chain<'a>(changes: &[(bool, Vec<&'a str>)]) -> Vec<bool> {
    let mut linked: Vec<bool> = changes.iter().map(|c| c.0).collect();
    let mut workers: Vec<&'a str> = Vec::new();
    loop {
        workers.extend(changes.iter().zip(&linked).filter(|(_, &l)| l).flat_map(|(c, _)| c.1.iter().copied()));
        let mut grew = false;
        for (c, l) in changes.iter().zip(linked.iter_mut()) {
            if !*l && c.1.iter().any(|w| workers.contains(w)) {
                *l = true;
                grew = true;
            }
        }
        if !grew {
            return linked;
        }
    }
}

/// The workers of a counterfactual's difference, before and after (several per establishment
/// are written « ASS01, ASS02 »).
fn workers(d: &SiteDelta) -> Vec<&str> {
    d.worker_before.split(", ").chain(d.worker_after.split(", ")).map(str::trim).filter(|w| !w.is_empty()).collect()
}

/// [`in_chain`] for a counterfactual's differences: for each, whether it is a change of time or
/// a change of worker alone in the chain of the change.
pub fn differences_in_chain(differences: &[SiteDelta]) -> Vec<bool> {
    let changes: Vec<(bool, Vec<&str>)> = differences.iter().map(|d| (!d.only_worker_changes(), workers(d))).collect();
    in_chain(&changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(uai: &str, before: u32, after: u32, wb: &str, wa: &str) -> SiteDelta {
        SiteDelta {
            uai: uai.into(),
            name: String::new(),
            units_before: before,
            units_after: after,
            worker_before: wb.into(),
            worker_after: wa.into(),
        }
    }

    /// Collège Denys Puech (Aveyron): ASS04 serves it by giving 0120011X to ASS08, which gives
    /// 0121273U to ASS01, which gives 0120022J to ASS07: both changes of worker alone are the
    /// chain; a swap between two workers whose time does not change is not.
    #[test]
    fn a_change_of_worker_alone_is_in_the_chain_when_it_touches_a_worker_whose_time_changes() {
        let differences = vec![
            d("0120028R", 0, 2, "", "ASS04"),
            d("0120017D", 2, 0, "ASS07", ""),
            d("0121273U", 2, 3, "ASS08", "ASS01"),
            d("0120011X", 2, 2, "ASS04", "ASS08"),
            d("0120022J", 3, 3, "ASS01", "ASS07"),
            d("0120099A", 2, 2, "ASS02", "ASS03"),
            d("0120098B", 2, 2, "ASS03", "ASS02"),
        ];
        assert_eq!(differences_in_chain(&differences), vec![true, true, true, true, true, false, false]);
    }

    /// A swap reaches the chain only through another swap: the closure takes it in.
    #[test]
    fn the_chain_is_followed_through_changes_of_worker_alone() {
        let changes =
            vec![(true, vec!["A"]), (false, vec!["C", "D"]), (false, vec!["B", "C"]), (false, vec!["A", "B"])];
        assert_eq!(in_chain(&changes), vec![true, true, true, true]);
        assert_eq!(in_chain(&[(false, vec!["A", "B"])]), vec![false]);
    }
}
