//! Groups workers into classes of interchangeable posts.
//!
//! A worker with a fixed base is a class of its own with one station. Workers without a base
//! that nothing distinguishes (no lock, forbidden pair, current sector, own distance line or own
//! weekly km cap below the scenario's) and that share a sector limit form one class, whatever
//! their quotités: the model chooses *which bases are open, and at which capacity level* instead
//! of *which post goes where*, which removes the symmetry between posts (DESIGN §8, hub
//! formulation). A budget of 20.5 ETP is one class with two levels: 20 full-time posts and one
//! half-time post.

use sectoria_core::Problem;
use std::collections::BTreeMap;

/// Posts of one capacity within a class.
#[derive(Debug, Clone)]
pub struct Level {
    /// Capacity, units.
    pub capacity_units: u32,
    /// Staff indices, in increasing order.
    pub members: Vec<usize>,
}

/// A class of interchangeable workers.
#[derive(Debug, Clone)]
pub struct Class {
    /// Capacity levels, by decreasing capacity (a fixed worker has one level of one member).
    pub levels: Vec<Level>,
    /// Whether the (single) member has a fixed base.
    pub fixed: bool,
}

impl Class {
    /// The member that stands for the class when computing distances and eligibility.
    pub fn representative(&self) -> usize {
        self.levels[0].members[0]
    }

    /// Largest capacity in the class.
    pub fn max_capacity(&self) -> u32 {
        self.levels.iter().map(|l| l.capacity_units).max().unwrap_or(0)
    }

    /// The single member of a class of one.
    pub fn single(&self) -> Option<usize> {
        match self.levels.as_slice() {
            [l] if l.members.len() == 1 => Some(l.members[0]),
            _ => None,
        }
    }
}

/// Groups the staff of `problem` into classes, in order of their first member.
pub fn classes(problem: &Problem) -> Vec<Class> {
    let mut out: Vec<Class> = Vec::new();
    let mut groups: BTreeMap<u32, usize> = BTreeMap::new();
    for (k, st) in problem.staff.iter().enumerate() {
        let level = |k: usize| Level { capacity_units: problem.staff[k].capacity_units, members: vec![k] };
        if problem.is_distinct(k) {
            out.push(Class { levels: vec![level(k)], fixed: st.worker.base.is_some() });
            continue;
        }
        match groups.get(&st.max_establishments) {
            Some(&c) => match out[c].levels.iter_mut().find(|l| l.capacity_units == st.capacity_units) {
                Some(l) => l.members.push(k),
                None => out[c].levels.push(level(k)),
            },
            None => {
                groups.insert(st.max_establishments, out.len());
                out.push(Class { levels: vec![level(k)], fixed: false });
            }
        }
    }
    for c in &mut out {
        c.levels.sort_by_key(|l| std::cmp::Reverse(l.capacity_units));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_instance;
    use sectoria_core::{Instance, Scenario};

    #[test]
    fn budget_posts_form_one_class_with_two_levels() {
        let mut instance: Instance = small_instance();
        instance.workers.clear();
        let mut scenario = Scenario::default();
        scenario.budget.total_fte = Some(3.5);
        let problem = Problem::new(&instance, &scenario).unwrap();
        let cl = classes(&problem);
        assert_eq!(cl.len(), 1);
        assert_eq!(cl[0].levels[0].members, vec![0, 1, 2]);
        assert_eq!(cl[0].levels[0].capacity_units, 10);
        assert_eq!(cl[0].levels[1].members, vec![3]);
        assert_eq!(cl[0].levels[1].capacity_units, 5);
        assert!(!cl[0].fixed);
        assert_eq!(cl[0].single(), None);
    }

    #[test]
    fn fixed_workers_are_alone() {
        let problem = Problem::new(&small_instance(), &Scenario::default()).unwrap();
        let cl = classes(&problem);
        assert_eq!(cl.len(), 1);
        assert!(cl[0].fixed);
        assert_eq!(cl[0].single(), Some(0));
    }
}
