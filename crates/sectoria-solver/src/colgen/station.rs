//! Stations of the column generation: a worker (or a class of interchangeable posts) at one
//! base, with the establishments it may serve and what each allocation is worth there.
//!
//! An item is what the sector-building dynamic programme chooses as a whole: an establishment,
//! or a REP+ head collège together with those of its écoles the station can reach (an école
//! is only served by the worker serving its head collège).
//!
//! A lock is held by the locked worker's stations: its item (for an école, its head collège's
//! item) is in every sector of them, and a locked école is in every sector that holds its
//! item. A locked école is left out of every other station.

use crate::classes::Class;
use crate::model::useful_units;
use sectoria_core::{BaseChoice, Problem};
use std::collections::BTreeSet;
use std::sync::Arc;

/// One establishment at a station: the units it may receive and the objective each brings
/// (service value − travel − fragmentation − change against today, shifted so that not
/// serving it is worth 0).
#[derive(Debug, Clone)]
pub struct Member {
    /// Site index.
    pub site: usize,
    /// `(units, objective)` for every allowed number of units, increasing.
    pub options: Vec<(u32, f64)>,
    /// Whether every sector of the station holding the item must hold this école (a lock or a
    /// branch's decision; always false for a head, whose item says it).
    pub must: bool,
    /// Weekly km per unit from the station's base (a return trip per half-day), which the
    /// weekly km cap's row prices.
    pub km: f64,
    /// Units the station's worker gives the site today (`current.csv`; 0 for posts), which the
    /// cap on changes' row prices.
    pub today: u32,
}

/// An item of the sector: an establishment, or a head collège with its écoles.
#[derive(Debug, Clone)]
pub struct Item {
    /// The establishment (the head collège for a network).
    pub head: Member,
    /// The head's écoles reachable from this station.
    pub ecoles: Vec<Member>,
    /// Whether the item counts toward the sector size limit.
    pub counts: bool,
    /// Whether the item must be in every sector of this station (a lock).
    pub must: bool,
}

/// A worker or class of posts at one base.
#[derive(Debug, Clone)]
pub struct Station {
    /// Index among the stations (kept by every restriction of them).
    pub index: usize,
    /// Weekly km cap of a sector (`f64::INFINITY` without one).
    pub km_cap: f64,
    /// Class index.
    pub class: usize,
    /// The base.
    pub base: BaseChoice,
    /// Items (shared between a station and its copies until a branch changes them).
    pub items: Arc<Vec<Item>>,
    /// Sector size limit.
    pub max_establishments: u32,
    /// Capacity levels of the class this station may not take (bit `l` for level `l`: a
    /// branch's decision).
    pub closed_levels: u64,
}

/// Whether `km` weekly km are within the weekly km cap `cap` (up to rounding): the one test of
/// the station's unit options, the pricing and the master's km rows.
pub fn within_km_cap(km: f64, cap: f64) -> bool {
    km <= cap + 1e-9 * cap.max(1.0)
}

/// Today's half-days that `units` at a site keep, less those they change, where the station's
/// worker gives `today` (see the cap on changes' row, [`super::master::ChangeRow`]): the one
/// formula of the row and of the pricing.
pub fn kept(today: u32, units: u32) -> f64 {
    f64::from(today) - f64::from(units.abs_diff(today))
}

impl Item {
    /// Whether the item holds `site`, as its head or as one of its écoles.
    pub fn holds(&self, site: usize) -> bool {
        self.head.site == site || self.ecoles.iter().any(|e| e.site == site)
    }
}

impl Station {
    /// Whether a branch has closed capacity level `level` to this station.
    pub fn level_closed(&self, level: usize) -> bool {
        level < 64 && (self.closed_levels >> level) & 1 == 1
    }
}

/// Builds the stations of `problem` for `classes`.
pub fn stations(problem: &Problem, classes: &[Class]) -> Vec<Station> {
    let s = &problem.scenario;
    // Without today's sectors nothing counts as a change (see `objective::changed_units`).
    let penalty = if problem.current.is_empty() { 0.0 } else { s.stability.penalty_per_unit };
    let useful: Vec<u32> = (0..problem.sites.len()).map(|i| useful_units(problem, i)).collect();
    let mut out = Vec::new();
    for (c, class) in classes.iter().enumerate() {
        let k = class.representative();
        let single = class.single();
        let capacity = class.max_capacity();
        if capacity == 0 {
            continue;
        }
        // The members of a class share their weekly km cap: a worker's own cap makes it a
        // class of its own (`Problem::is_distinct`).
        let km_cap = problem.km_cap(k).map_or(f64::INFINITY, |c| c.km);
        let locked: Vec<(usize, Option<u32>)> = match single {
            Some(k) => problem.locks.iter().filter(|l| l.worker == k).map(|l| (l.site, l.units)).collect(),
            None => Vec::new(),
        };
        for base in problem.base_options(k) {
            let eligible: BTreeSet<usize> =
                (0..problem.sites.len()).filter(|&i| problem.is_eligible(k, &base, i)).collect();
            let member = |i: usize| -> Option<Member> {
                let site = &problem.sites[i];
                let lock = locked.iter().find(|l| l.0 == i);
                let lock_units = lock.and_then(|l| l.1);
                let upper = useful[i].min(capacity.max(lock_units.unwrap_or(0)));
                if upper < site.min_units {
                    return None;
                }
                let travel = problem.travel_cost_per_unit(k, &base, i);
                let km = 2.0 * problem.km(k, &base, i);
                let today = single.and_then(|k| problem.current.get(&(k, i)).copied()).unwrap_or(0);
                // Units whose weekly km alone pass the cap are in no plan.
                let within_cap = |a: u32| within_km_cap(km * f64::from(a), km_cap);
                let options = (site.min_units.max(1)..=upper)
                    .filter(|&a| lock_units.is_none_or(|u| a == u) && within_cap(a))
                    .map(|a| {
                        let v = site.curve.value(f64::from(a))
                            - travel * f64::from(a)
                            - s.rules.fragmentation_cost
                            - penalty * f64::from(a.abs_diff(today))
                            + penalty * f64::from(today);
                        (a, v)
                    })
                    .collect::<Vec<_>>();
                (!options.is_empty()).then_some(Member { site: i, options, must: false, km, today })
            };
            // An école locked to another worker is in none of this station's sectors.
            let locked_elsewhere = |e: usize| problem.locks.iter().any(|l| l.site == e && single != Some(l.worker));
            let mut items = Vec::new();
            let mut impossible = false;
            for &i in &eligible {
                if problem.head[i].is_some() {
                    continue; // taken with its head collège
                }
                let must = locked.iter().any(|l| l.0 == i || problem.head[l.0] == Some(i));
                let Some(head) = member(i) else {
                    impossible |= must;
                    continue;
                };
                let ecoles: Vec<Member> = problem
                    .networks
                    .ecoles_of(i)
                    .into_iter()
                    .filter(|e| problem.head[*e] == Some(i) && eligible.contains(e) && !locked_elsewhere(*e))
                    .filter_map(member)
                    .map(|e| Member { must: locked.iter().any(|l| l.0 == e.site), ..e })
                    .collect();
                items.push(Item { counts: problem.sites[i].kind().is_secondary(), head, ecoles, must });
            }
            let missing_lock = locked.iter().any(|l| !items.iter().any(|it| it.holds(l.0)));
            if impossible || missing_lock || items.is_empty() {
                continue;
            }
            out.push(Station {
                index: out.len(),
                km_cap,
                class: c,
                base,
                items: Arc::new(items),
                max_establishments: problem.staff[k].max_establishments,
                closed_levels: 0,
            });
        }
    }
    out
}
