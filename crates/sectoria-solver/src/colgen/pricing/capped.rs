//! The pricing programme under a weekly km cap: only sectors whose weekly km stay within the cap.
//!
//! The km cap's row in the master (see [`super::super::master::KmRow`]) lets the relaxation mix
//! a sector over the cap with a lighter one; pricing only sectors within the cap takes that
//! away, and the integer plans lose nothing (a sector over the cap is in no plan). Every
//! (units, counted establishments) state keeps its partial sectors that no other beats on both
//! weekly km and value (a Pareto front), so the programme is exact on the km.
//!
//! An item with écoles counts its units at the lowest km per unit among its establishments (the
//! split of its units between them is the one its table chose for value): the programme then
//! admits every sector within the cap and perhaps a few over it, so its best value still bounds
//! every sector within the cap, and the master's km row keeps the few over it out of the plans.
//! The subset-row cuts are charged as in [`super::labels`]: a partial sector also keeps which
//! cut members it holds (its fronts are per set of members held), and the second member of a cut
//! taken pays the cut's price. Members past the 128th of a station are not followed (their cuts
//! are not charged: the value then bounds the sector's, and the column generation adds a sector
//! only for its exact reduced value).

use super::super::station::within_km_cap;
use super::labels::completion;
use super::{margin, split, Item, Priced, Table, NONE};

/// Partial sectors kept at most, beyond which the station is priced without the cap (a bound
/// all the same).
const MOST_LABELS: usize = 2_000_000;

/// A partial sector: reached from label `parent` by giving `units` to kept item `item`.
#[derive(Debug, Clone, Copy)]
struct Label {
    km: f64,
    value: f64,
    parent: u32,
    item: u32,
    units: u32,
}

/// Weekly km of one unit of `item`, at least.
fn km_per_unit(item: &Item) -> f64 {
    item.ecoles.iter().map(|e| e.km).fold(item.head.km, f64::min)
}

/// Adds label `new` (index `id` once pushed) to the Pareto front `front` (sorted by km, values
/// rising), unless a label as light and as good is there; drops those it beats.
fn insert(front: &mut Vec<u32>, labels: &mut Vec<Label>, new: Label) {
    let at = front.partition_point(|&l| labels[l as usize].km <= new.km);
    if at > 0 && labels[front[at - 1] as usize].value >= new.value {
        return; // a label no heavier is worth as much
    }
    // Those as heavy and worth less, then those heavier and worth no more.
    let mut start = at;
    while start > 0 && labels[front[start - 1] as usize].km == new.km {
        start -= 1;
    }
    let mut end = at;
    while end < front.len() && labels[front[end] as usize].value <= new.value {
        end += 1;
    }
    let id = labels.len() as u32;
    labels.push(new);
    front.splice(start..end, std::iter::once(id));
}

/// The items of a station's pricing under its weekly km cap.
pub(super) struct Capped<'a> {
    kept: Vec<(&'a Item, Table<'a>)>,
    cap_km: f64,
    max_c: usize,
    /// Per kept item, its bit among the cut members followed (0: none).
    bit: Vec<u128>,
    /// Per kept item, the cuts it is a member of: their members' bits and price.
    cuts_of: Vec<Vec<(u128, f64)>>,
}

impl<'a> Capped<'a> {
    /// The items `kept` (with their tables) of a station whose sectors hold at most `max_c`
    /// counted establishments and `cap_km` weekly km, under the subset-row `cuts` (positions of
    /// the members among the items, price; see the pricing's setup).
    pub(super) fn new(
        kept: Vec<(&'a Item, Table<'a>)>,
        cap_km: f64,
        max_c: usize,
        cuts: &[(Vec<usize>, f64)],
    ) -> Capped<'a> {
        let mut bit = vec![0u128; kept.len()];
        let mut next = 0;
        for (members, _) in cuts {
            for &n in members {
                if bit[n] == 0 && next < 128 {
                    bit[n] = 1 << next;
                    next += 1;
                }
            }
        }
        let mut cuts_of = vec![Vec::new(); kept.len()];
        for (members, price) in cuts {
            if members.iter().all(|&n| bit[n] != 0) {
                let mask = members.iter().fold(0u128, |m, &n| m | bit[n]);
                for &n in members {
                    cuts_of[n].push((mask, *price));
                }
            }
        }
        Capped { kept, cap_km, max_c, bit, cuts_of }
    }

    /// Whether the sector `assignments` is within the cap.
    pub(super) fn within(&self, assignments: &[(usize, u32)]) -> bool {
        let km_of = |site: usize| {
            self.kept.iter().find_map(|(item, _)| {
                std::iter::once(&item.head).chain(&item.ecoles).find(|m| m.site == site).map(|m| m.km)
            })
        };
        let km: f64 = assignments.iter().map(|&(i, u)| km_of(i).unwrap_or(f64::INFINITY) * f64::from(u)).sum();
        within_km_cap(km, self.cap_km)
    }

    /// The best sector within the cap for each capacity of `capacities`, for a caller to whom a
    /// sector only matters when it beats one of `above` (see [`super::price_above`]). `None`
    /// when the labels grow past [`MOST_LABELS`]: the caller prices without the cap.
    pub(super) fn price(&self, capacities: &[u32], above: &[f64]) -> Option<Vec<Option<Priced>>> {
        let (kept, cap_km, max_c) = (&self.kept, self.cap_km, self.max_c);
        let cap = capacities.iter().copied().max().unwrap_or(0) as usize;
        let per_unit: Vec<f64> = kept.iter().map(|(item, _)| km_per_unit(item)).collect();
        let threshold = margin(above.iter().copied().fold(f64::INFINITY, f64::min));
        let rest = completion(kept, cap);
        let row = max_c + 1;
        let mut labels = vec![Label { km: 0.0, value: 0.0, parent: u32::MAX, item: 0, units: 0 }];
        // Per state, the fronts of each set of cut members held.
        let mut layer: Vec<Vec<(u128, Vec<u32>)>> = vec![Vec::new(); (cap + 1) * row];
        layer[0].push((0, vec![0]));
        for (n, (item, table)) in kept.iter().enumerate() {
            let mut next: Vec<Vec<(u128, Vec<u32>)>> =
                if item.must { vec![Vec::new(); layer.len()] } else { layer.clone() };
            let c_add = usize::from(item.counts);
            for u in 0..=cap {
                for c in 0..=max_c {
                    if c + c_add > max_c {
                        continue;
                    }
                    for (held, front) in &layer[u * row + c] {
                        // The cuts whose second member this item would be.
                        let charge: f64 =
                            self.cuts_of[n].iter().filter(|(m, _)| (held & m).count_ones() == 1).map(|c| c.1).sum();
                        let held_after = held | self.bit[n];
                        for &l in front {
                            let Label { km, value, .. } = labels[l as usize];
                            for t in 1..=cap - u {
                                let gain = table.value[t];
                                if gain == NONE {
                                    continue;
                                }
                                let km = km + per_unit[n] * t as f64;
                                if !within_km_cap(km, cap_km) {
                                    break; // more units only go further
                                }
                                let (value, u) = (value + gain - charge, u + t);
                                let best_after = rest[(n + 1) * (cap + 1) + cap - u];
                                if best_after == NONE || value + best_after <= threshold {
                                    continue;
                                }
                                let new = Label { km, value, parent: l, item: n as u32, units: t as u32 };
                                let fronts = &mut next[u * row + c + c_add];
                                let at = match fronts.iter().position(|f| f.0 == held_after) {
                                    Some(at) => at,
                                    None => {
                                        fronts.push((held_after, Vec::new()));
                                        fronts.len() - 1
                                    }
                                };
                                insert(&mut fronts[at].1, &mut labels, new);
                            }
                        }
                    }
                }
            }
            if labels.len() > MOST_LABELS {
                return None;
            }
            layer = next;
        }
        let sector = |mut l: u32| {
            let mut assignments = Vec::new();
            while labels[l as usize].parent != u32::MAX {
                let label = labels[l as usize];
                let (item, table) = &kept[label.item as usize];
                split(item, table, label.units, &mut assignments);
                l = label.parent;
            }
            assignments.sort_unstable();
            assignments
        };
        Some(
            capacities
                .iter()
                .map(|&capacity| {
                    let top = (capacity as usize).min(cap);
                    let mut best: Option<(u32, f64)> = None;
                    for fronts in &layer[row..(top + 1) * row] {
                        for &l in fronts.iter().flat_map(|f| &f.1) {
                            let v = labels[l as usize].value;
                            if best.is_none_or(|b| v > b.1 + 1e-12) {
                                best = Some((l, v));
                            }
                        }
                    }
                    best.map(|(l, reduced)| Priced { reduced, assignments: sector(l) })
                })
                .collect(),
        )
    }
}
