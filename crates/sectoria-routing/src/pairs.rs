//! The pairs the planner looks at: from every worker's base (or every candidate base when the
//! model chooses the bases) to every in-scope establishment within reach.
//!
//! An origin is named as `distances.csv` names it: the base's UAI when the base is an
//! establishment (shared by every worker based there), else the worker's id (a base given by
//! coordinates). Pairs are prefiltered by great-circle distance, which no road beats: a pair
//! farther than `rules.max_distance_km` as the crow flies can never be eligible. Today's
//! sectors and locks are kept whatever the distance, as the planner keeps them.

use sectoria_core::LatLon;
use sectoria_core::Problem;
use std::collections::{BTreeMap, BTreeSet};

/// A named place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// `from` or `to` of `distances.csv`: a UAI or a worker id.
    pub id: String,
    /// Where it is.
    pub at: LatLon,
}

/// Origins, destinations and the (origin, destination) index pairs wanted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PairSet {
    /// Bases, sorted from west to east so that neighbours share requests.
    pub origins: Vec<Place>,
    /// In-scope establishments.
    pub destinations: Vec<Place>,
    /// Wanted pairs, `(origin index, destination index)`, sorted.
    pub pairs: Vec<(usize, usize)>,
}

/// The pairs `problem` may use.
pub fn wanted_pairs(problem: &Problem) -> PairSet {
    let reach = problem.scenario.rules.max_distance_km;
    let mut origins: BTreeMap<String, LatLon> = BTreeMap::new();
    // Origin id of each worker with a base, to add today's sectors and locks.
    let mut of_worker: BTreeMap<usize, String> = BTreeMap::new();
    for (k, staff) in problem.staff.iter().enumerate() {
        if let Some(base) = &staff.worker.base {
            let id = base.uai.clone().unwrap_or_else(|| staff.worker.id.clone());
            origins.insert(id.clone(), base.location);
            of_worker.insert(k, id);
        }
    }
    if problem.staff.iter().any(|s| s.worker.base.is_none()) {
        for &b in &problem.candidate_bases {
            origins.insert(problem.sites[b].uai().to_string(), problem.sites[b].establishment.location);
        }
    }
    let mut origins: Vec<Place> = origins.into_iter().map(|(id, at)| Place { id, at }).collect();
    origins.sort_by(|a, b| a.at.lon.total_cmp(&b.at.lon).then_with(|| a.id.cmp(&b.id)));
    let destinations: Vec<Place> =
        problem.sites.iter().map(|s| Place { id: s.uai().to_string(), at: s.establishment.location }).collect();
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (o, origin) in origins.iter().enumerate() {
        for (d, dest) in destinations.iter().enumerate() {
            if origin.id != dest.id && origin.at.haversine_km(&dest.at) <= reach {
                pairs.insert((o, d));
            }
        }
    }
    let index: BTreeMap<&str, usize> = origins.iter().enumerate().map(|(o, p)| (p.id.as_str(), o)).collect();
    let exempt = problem.current.keys().copied().chain(problem.locks.iter().map(|l| (l.worker, l.site)));
    for (k, i) in exempt {
        if let Some(&o) = of_worker.get(&k).and_then(|id| index.get(id.as_str())) {
            if origins[o].id != destinations[i].id {
                pairs.insert((o, i));
            }
        }
    }
    PairSet { origins, destinations, pairs: pairs.into_iter().collect() }
}
