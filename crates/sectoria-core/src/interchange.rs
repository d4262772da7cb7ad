//! Interchangeable posts. Staff members that no rule tells apart (base chosen by the model, no
//! distances, forbidden pairs, lock or sectors of their own: [`Problem::is_distinct`]) with the
//! same capacity and sector size limit (the posts of a budget-only scenario, as a rule) are
//! interchangeable: swapping their sectors changes nothing in the objective or the rules, and a
//! solver returns them in any order. Two plans of the same scenario then name the same sector
//! after different posts, and a comparison post by post shows changes that are only new names (a
//! counterfactual on Nord: 81 bases « moved » and 243 establishments listed for a change of a few
//! sectors).
//!
//! [`align_posts`] renames the interchangeable posts of a plan after those of a reference plan:
//! each sector takes the name of the reference's post with the same base, or else of the one
//! whose sector it shares the most with.

use crate::{check_solution, objective, relative_difference, BaseChoice, Problem, Solution};
use std::collections::{BTreeMap, BTreeSet};

/// The interchangeable posts of `problem`, in groups of two or more (staff indices): those no
/// rule tells apart ([`Problem::is_distinct`]) with the same capacity and sector size limit.
fn groups(problem: &Problem) -> Vec<Vec<usize>> {
    let mut by_key: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
    for (k, st) in problem.staff.iter().enumerate() {
        if !problem.is_distinct(k) {
            by_key.entry((st.capacity_units, st.max_establishments)).or_default().push(k);
        }
    }
    by_key.into_values().filter(|g| g.len() >= 2).collect()
}

/// Each post's sector in `s`: its establishments and half-days.
fn sectors(s: &Solution) -> Vec<BTreeMap<usize, u32>> {
    let mut out = vec![BTreeMap::new(); s.bases.len()];
    for a in &s.assignments {
        out[a.worker].insert(a.site, a.units);
    }
    out
}

/// How alike two sectors are: the same base first, then the half-days and the establishments
/// they share.
fn likeness(
    (base_a, a): (&Option<BaseChoice>, &BTreeMap<usize, u32>),
    (base_b, b): (&Option<BaseChoice>, &BTreeMap<usize, u32>),
) -> (bool, usize, usize) {
    let same_base = base_a.is_some() && base_a == base_b;
    let units = a.iter().filter(|(i, u)| b.get(i) == Some(u)).count();
    let sites = a.keys().filter(|i| b.contains_key(i)).count();
    (same_base, units, sites)
}

/// `solution` (a plan of `problem`) with its interchangeable posts renamed after `reference`'s
/// (a plan of the same instance: the plan a counterfactual changes, say): greedily, the most alike
/// pairs first, each sector takes the name of the reference's post most like it. The plan is
/// the same plan: its objective and its check are verified, and `solution` is returned as it is
/// should either differ.
pub fn align_posts(problem: &Problem, reference: &Solution, solution: &Solution) -> Solution {
    let n = problem.staff.len();
    if reference.bases.len() != n || solution.bases.len() != n {
        return solution.clone();
    }
    // name[k] = the post of `solution` whose sector post k gets.
    let mut name: Vec<usize> = (0..n).collect();
    let (ours, theirs) = (sectors(reference), sectors(solution));
    for group in groups(problem) {
        let mut pairs: Vec<((bool, usize, usize), usize, usize)> = Vec::new();
        for &r in &group {
            for &s in &group {
                let alike = likeness((&reference.bases[r], &ours[r]), (&solution.bases[s], &theirs[s]));
                pairs.push((alike, r, s));
            }
        }
        // Most alike first; ties in the posts' order, so that the renaming is deterministic.
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut named, mut taken) = (BTreeSet::new(), BTreeSet::new());
        for (_, r, s) in pairs {
            if !named.contains(&r) && !taken.contains(&s) {
                name[r] = s;
                named.insert(r);
                taken.insert(s);
            }
        }
    }
    let mut from = vec![0; n];
    for (k, &s) in name.iter().enumerate() {
        from[s] = k;
    }
    let mut aligned = Solution {
        bases: name.iter().map(|&s| solution.bases[s].clone()).collect(),
        assignments: solution
            .assignments
            .iter()
            .map(|a| crate::Assignment { worker: from[a.worker], ..*a })
            .collect(),
    };
    aligned.normalise();
    let same_value =
        relative_difference(objective(problem, &aligned).total, objective(problem, solution).total) <= 1e-9;
    if same_value && check_solution(problem, &aligned).is_empty() {
        aligned
    } else {
        solution.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::small_instance;
    use crate::{Assignment, Scenario};

    fn budget_only() -> Problem {
        let mut instance = small_instance();
        instance.workers.clear();
        instance.current.clear();
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(2.0);
        Problem::new(&instance, &scenario).expect("budget-only problem")
    }

    fn sector(k: usize, base: usize, sites: &[(usize, u32)], s: &mut Solution) {
        s.bases[k] = Some(BaseChoice::Site(base));
        s.assignments.extend(sites.iter().map(|&(site, units)| Assignment { worker: k, site, units }));
    }

    #[test]
    fn swapped_posts_take_back_the_reference_names_and_the_plan_is_the_same() {
        let problem = budget_only();
        assert_eq!(groups(&problem), vec![vec![0, 1]], "two interchangeable posts");
        let mut reference = Solution::empty(&problem);
        sector(0, 0, &[(0, 3), (1, 2)], &mut reference);
        sector(1, 2, &[(2, 4)], &mut reference);
        reference.normalise();
        assert!(check_solution(&problem, &reference).is_empty(), "{:?}", check_solution(&problem, &reference));
        // The same plan with the posts' names swapped, and one half-day moved.
        let mut swapped = Solution::empty(&problem);
        sector(1, 0, &[(0, 3), (1, 3)], &mut swapped);
        sector(0, 2, &[(2, 4)], &mut swapped);
        swapped.normalise();
        let aligned = align_posts(&problem, &reference, &swapped);
        let mut expected = Solution::empty(&problem);
        sector(0, 0, &[(0, 3), (1, 3)], &mut expected);
        sector(1, 2, &[(2, 4)], &mut expected);
        expected.normalise();
        assert_eq!(aligned, expected);
        assert_eq!(objective(&problem, &aligned).total, objective(&problem, &swapped).total);
    }

    #[test]
    fn workers_with_a_base_or_a_lock_keep_their_names() {
        let instance = small_instance();
        let problem = Problem::new(&instance, &Scenario::default()).expect("problem");
        assert!(groups(&problem).is_empty(), "workers with a base are not interchangeable");
        let s = Solution::empty(&problem);
        assert_eq!(align_posts(&problem, &s, &s), s);
    }
}
