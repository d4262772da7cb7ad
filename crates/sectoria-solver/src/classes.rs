//! Groups workers into classes of interchangeable posts.
//!
//! A worker with a fixed base is a class of its own with one station. Workers without a base
//! that nothing distinguishes (same capacity and sector limit; no lock, forbidden pair,
//! current sector or own distance line) are interchangeable: one class chooses *which bases
//! are open* instead of *which post goes where*, which removes the symmetry between posts
//! (DESIGN §8, hub formulation).

use sectoria_core::Problem;
use std::collections::BTreeMap;

/// A class of interchangeable workers.
#[derive(Debug, Clone)]
pub struct Class {
    /// Staff indices, in increasing order.
    pub members: Vec<usize>,
    /// Whether the (single) member has a fixed base.
    pub fixed: bool,
}

impl Class {
    /// The member that stands for the class when computing distances and eligibility.
    pub fn representative(&self) -> usize {
        self.members[0]
    }
}

/// Groups the staff of `problem` into classes, in order of their first member.
pub fn classes(problem: &Problem) -> Vec<Class> {
    let mut out: Vec<Class> = Vec::new();
    let mut groups: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for (k, st) in problem.staff.iter().enumerate() {
        if problem.is_distinct(k) {
            out.push(Class { members: vec![k], fixed: st.worker.base.is_some() });
            continue;
        }
        let key = (st.capacity_units, st.max_establishments);
        match groups.get(&key) {
            Some(&c) => out[c].members.push(k),
            None => {
                groups.insert(key, out.len());
                out.push(Class { members: vec![k], fixed: false });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_instance;
    use sectoria_core::{Instance, Scenario};

    #[test]
    fn budget_posts_form_two_classes_full_and_part_time() {
        let mut instance: Instance = small_instance();
        instance.workers.clear();
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(3.5);
        let problem = Problem::new(&instance, &scenario).unwrap();
        let cl = classes(&problem);
        assert_eq!(cl.len(), 2);
        assert_eq!(cl[0].members, vec![0, 1, 2]);
        assert_eq!(cl[1].members, vec![3]);
        assert!(!cl[0].fixed);
    }

    #[test]
    fn fixed_workers_are_alone() {
        let problem = Problem::new(&small_instance(), &Scenario::default()).unwrap();
        let cl = classes(&problem);
        assert_eq!(cl.len(), 1);
        assert!(cl[0].fixed);
    }
}
