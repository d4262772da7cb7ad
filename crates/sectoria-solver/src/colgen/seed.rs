//! Sectors carried from one solve to the solve of a closely related problem (the same instance
//! with one establishment forced in or taken out, as an explanation's counterfactual asks):
//! the second column generation starts from every sector the first generated that is still
//! valid, instead of only the plan's, and converges in a few iterations.
//!
//! A sector is identified by what survives a change of the problem: a member of its class
//! (the class itself may be renumbered), the capacity of its level, its base and its
//! assignments. It is re-priced on the new problem's station, and dropped when the station or
//! an assignment no longer exists there.

use super::master::Column;
use super::sector_value;
use super::station::Station;
use crate::classes::Class;
use sectoria_core::BaseChoice;

/// A sector in a form that outlives its problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Portable {
    /// A staff member of the sector's class.
    worker: usize,
    /// Capacity of the sector's level, units.
    capacity: u32,
    /// The station's base.
    base: BaseChoice,
    /// `(site, units)`, sorted.
    assignments: Vec<(usize, u32)>,
}

/// The columns of `pool` in portable form.
pub fn export(classes: &[Class], stations: &[Station], pool: &[Column]) -> Vec<Portable> {
    pool.iter()
        .map(|c| {
            let st = &stations[c.station];
            let class = &classes[st.class];
            Portable {
                worker: class.representative(),
                capacity: class.levels[c.level].capacity_units,
                base: st.base.clone(),
                assignments: c.assignments.clone(),
            }
        })
        .collect()
}

/// The sectors of `seed` that are columns of this problem (`classes`, `stations`), re-valued.
pub fn import(classes: &[Class], stations: &[Station], seed: &[Portable]) -> Vec<Column> {
    seed.iter()
        .filter_map(|p| {
            let c = classes.iter().position(|c| c.levels.iter().any(|l| l.members.contains(&p.worker)))?;
            let level = classes[c].levels.iter().position(|l| l.capacity_units == p.capacity)?;
            let s = stations.iter().position(|st| st.class == c && st.base == p.base)?;
            let value = sector_value(&stations[s], &p.assignments)?;
            Some(Column { station: s, level, assignments: p.assignments.clone(), value })
        })
        .collect()
}
