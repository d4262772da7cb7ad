//! Today's sectors (`current.csv`): each worker serves a few establishments near their
//! base, the way a CTSS-D would have drawn them over the years.
//!
//! Rules followed (the planner's defaults): time in half-day units (0.1 ETP); at least
//! 0.2 ETP per secondary establishment and 0.1 per REP+ école; one worker per
//! establishment; a worker's total within their quotité; at most 7 secondary
//! establishments per worker (or the worker's own limit); REP+ écoles only with the
//! worker who serves their head collège; every pair within [`MAX_PLANAR_KM`].

use crate::establishments::{Establishment, Kind};
use crate::geography::{Commune, Position};
use crate::need::{need_fte, priority};
use crate::rng::Rng;
use crate::workers::{Base, Worker};

/// Largest base-to-establishment distance in a current sector. With the planar metric,
/// great-circle distances differ by under 1 %, so road estimates (× 1.3) stay below 43 km,
/// inside the planner's 60 km default.
///
/// # Units: kilometres
pub(crate) const MAX_PLANAR_KM: f64 = 32.0;

/// Default limit of secondary establishments per worker.
const MAX_SECONDARY: u32 = 7;

/// Minimum presence, units of 0.1 ETP.
const MIN_UNITS_SECONDARY: u32 = 2;

/// One line of `current.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Assignment {
    /// Index of the worker.
    pub(crate) worker: usize,
    /// Index of the establishment.
    pub(crate) establishment: usize,
    /// Time, units of 0.1 ETP.
    pub(crate) units: u32,
}

/// Draws today's sectors.
pub(crate) fn current(list: &[Establishment], communes: &[Commune], workers: &[Worker]) -> Vec<Assignment> {
    let mut rng = Rng::stream("current");
    // A worker's base is in their own sector: nobody else takes it.
    let mut taken = vec![false; list.len()];
    for worker in workers {
        if let Base::Establishment(i) = worker.base {
            taken[i] = true;
        }
    }
    let mut result = Vec::new();
    for (k, worker) in workers.iter().enumerate() {
        let base = worker.base_position(list);
        let capacity = worker.units();
        let limit = worker.max_establishments.unwrap_or(MAX_SECONDARY).min(MAX_SECONDARY);

        let mut secondary: Vec<usize> = Vec::new();
        if let Base::Establishment(i) = worker.base {
            secondary.push(i);
        }
        // Écoles of a REP+ head collège served by this worker.
        let mut schools: Vec<usize> = Vec::new();
        if let Some(&head) = secondary.first() {
            add_schools(list, head, base, capacity, 1, &mut schools, &mut taken, &mut rng);
        }
        // Three or four establishments for a full-time worker, fewer for part-time ones,
        // keeping time beyond the minimum presences.
        let room = capacity.saturating_sub(schools.len() as u32);
        let wanted = ((room + 1) / 3 + rng.below(2) as u32).min(room * 2 / 5).clamp(1, limit);
        while (secondary.len() as u32) < wanted
            && (secondary.len() as u32 + 1) * MIN_UNITS_SECONDARY + schools.len() as u32 <= capacity
        {
            let best = (0..list.len())
                .filter(|&i| !taken[i] && list[i].kind.is_secondary())
                .map(|i| (i, list[i].position.km_to(base)))
                .filter(|&(_, d)| d <= MAX_PLANAR_KM)
                .map(|(i, d)| {
                    let w = priority(&list[i], communes[list[i].commune].density);
                    (i, w / (1.0 + d / 6.0))
                })
                .fold(None, |best: Option<(usize, f64)>, (i, s)| match best {
                    Some((_, b)) if b >= s => best,
                    _ => Some((i, s)),
                });
            match best {
                Some((i, _)) => {
                    secondary.push(i);
                    taken[i] = true;
                }
                None => break,
            }
        }
        for j in 1..secondary.len() {
            let head = secondary[j];
            add_schools(list, head, base, capacity, secondary.len(), &mut schools, &mut taken, &mut rng);
        }

        // Minimum presence first, then one half-day at a time where the weighted gap to
        // the need is largest.
        let mut units: Vec<u32> = vec![MIN_UNITS_SECONDARY; secondary.len()];
        let mut left = capacity.saturating_sub(secondary.len() as u32 * MIN_UNITS_SECONDARY + schools.len() as u32);
        while left > 0 && !secondary.is_empty() {
            let mut best = 0;
            let mut best_gap = f64::NEG_INFINITY;
            for (j, &i) in secondary.iter().enumerate() {
                let need_units = need_fte(&list[i]) * 10.0;
                let w = priority(&list[i], communes[list[i].commune].density);
                let gap = (need_units - f64::from(units[j])) * w;
                if gap > best_gap {
                    best = j;
                    best_gap = gap;
                }
            }
            units[best] += 1;
            left -= 1;
        }
        for (j, &i) in secondary.iter().enumerate() {
            result.push(Assignment { worker: k, establishment: i, units: units[j] });
        }
        for &i in &schools {
            result.push(Assignment { worker: k, establishment: i, units: 1 });
        }
    }
    result.sort_by(|a, b| (a.worker, &list[a.establishment].uai).cmp(&(b.worker, &list[b.establishment].uai)));
    result
}

/// If `head` is a REP+ collège, adds three to five of its écoles (nearest first) to
/// `schools`, one half-day each, while the worker's capacity allows once the
/// `secondary_count` secondary establishments have their minimum presence.
#[allow(clippy::too_many_arguments)]
fn add_schools(
    list: &[Establishment],
    head: usize,
    base: Position,
    capacity: u32,
    secondary_count: usize,
    schools: &mut Vec<usize>,
    taken: &mut [bool],
    rng: &mut Rng,
) {
    if !list[head].rep_plus || list[head].kind != Kind::College {
        return;
    }
    let mut network: Vec<(usize, f64)> = (0..list.len())
        .filter(|&i| !taken[i] && list[i].network.as_deref() == Some(list[head].uai.as_str()))
        .map(|i| (i, list[i].position.km_to(list[head].position)))
        .collect();
    network.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let count = rng.range(3, 5) as usize;
    for &(i, _) in network.iter().take(count) {
        let used = secondary_count as u32 * MIN_UNITS_SECONDARY + schools.len() as u32;
        if used < capacity && list[i].position.km_to(base) <= MAX_PLANAR_KM {
            schools.push(i);
            taken[i] = true;
        }
    }
}
