//! The pricing programme with subset-row cuts: over labels (units, counted establishments,
//! members held of each open cut), for the items that are cut members, from the states the
//! flat programme reaches over the other items.
//!
//! A cut is open from its first member to its last in the item order; a label counts, two
//! bits per open cut, how many of its members the sector holds (none, one, two or more): the
//! second member taken pays the cut's price. A partial sector that could not beat the best
//! sector without cuts (charged) even if nothing more were charged is dropped, which keeps the
//! labels few: the cuts' prices are small beside the sectors' values.

use super::{take_item, Dp, Item, Label, Table, Trace, NONE};

/// Cuts followed at once (two bits each in a label's key). A cut opening while as many are
/// open is left out of the station's pricing, which then overestimates: the bound stays valid,
/// and a sector is only added to the master for its exact reduced value.
const OPEN_CUTS: usize = 64;

/// Best values of the items `items` onwards without the cuts and without the sector size
/// limit: `table[k * (cap + 1) + r]` for the items from `k` on within `r` units (what a
/// partial sector can still gain at most, since the cuts only charge).
pub(super) fn completion(items: &[(&Item, Table<'_>)], cap: usize) -> Vec<f64> {
    let width = cap + 1;
    let mut table = vec![NONE; (items.len() + 1) * width];
    table[items.len() * width..].fill(0.0);
    for k in (0..items.len()).rev() {
        let (item, values) = &items[k];
        let (here, after) = table.split_at_mut((k + 1) * width);
        take_item(item, values, &after[..width], &mut here[k * width..]);
    }
    table
}

/// Runs the labels over the items of `flat` from `prefix` on, starting from `start` (the flat
/// programme's values after the first `prefix` items), with `cuts` (positions of the members
/// among the items, price). With `limits` (capacity, floor), a partial sector is dropped when,
/// even uncharged, it could not beat the floor of any capacity it fits (the caller holds a
/// sector worth each floor).
pub(super) fn fill<'a>(
    flat: Dp<'a>,
    start: &[f64],
    prefix: usize,
    cuts: &[(Vec<usize>, f64)],
    limits: &[(u32, f64)],
) -> Dp<'a> {
    let (cap, max_c) = (flat.cap, flat.max_c);
    let kept = &flat.kept;
    let width = flat.width();
    let idx = |u: usize, c: usize| u * (max_c + 1) + c;
    let first: Vec<usize> = cuts.iter().map(|(m, _)| m.iter().copied().min().unwrap_or(0)).collect();
    let last: Vec<usize> = cuts.iter().map(|(m, _)| m.iter().copied().max().unwrap_or(0)).collect();
    let mut slots: Vec<Option<usize>> = vec![None; cuts.len()];
    let mut taken = [false; OPEN_CUTS];
    let bound = if limits.is_empty() { Vec::new() } else { completion(&kept[prefix..], cap) };
    // Whether a partial sector of `value` in state (u, c), before item `n`, can still beat a floor.
    let promising = |n: usize, u: usize, value: f64| {
        limits.is_empty()
            || limits.iter().any(|&(capacity, floor)| {
                let capacity = (capacity as usize).min(cap);
                capacity >= u && {
                    let rest = bound[(n - prefix) * (cap + 1) + capacity - u];
                    rest != NONE && value + rest > floor + 1e-9 * floor.abs().max(1.0)
                }
            })
    };
    let mut labels = Vec::new();
    // Per state, the labels of each key (members held of the open cuts).
    let mut layer: Vec<Vec<(u128, u32)>> = vec![Vec::new(); width];
    for (state, &v) in start.iter().enumerate() {
        let u = state / (max_c + 1);
        if v > NONE && promising(prefix, u, v) {
            layer[state].push((0, labels.len() as u32));
            labels.push(Label { value: v, parent: u32::MAX, item: state as u32, units: 0 });
        }
    }
    let mut next: Vec<Vec<(u128, u32)>> = vec![Vec::new(); width];
    for (n, (item, table)) in kept.iter().enumerate().skip(prefix) {
        for (cut, slot) in slots.iter_mut().enumerate() {
            if first[cut] == n {
                if let Some(free) = taken.iter().position(|t| !t) {
                    taken[free] = true;
                    *slot = Some(free);
                }
            }
        }
        let counts = usize::from(item.counts);
        // This item's cuts: their slots, prices, and whether it is their last member.
        let mine: Vec<(Option<usize>, f64, bool)> = cuts
            .iter()
            .enumerate()
            .filter(|(_, (m, _))| m.contains(&n))
            .map(|(cut, (_, price))| (slots[cut], *price, last[cut] == n))
            .collect();
        let closing: u128 =
            mine.iter().filter(|m| m.2).filter_map(|m| m.0).fold(0, |mask, s| mask | (3u128 << (2 * s)));
        for keys in &mut next {
            keys.clear();
        }
        let offer =
            |next: &mut Vec<Vec<(u128, u32)>>, labels: &mut Vec<Label>, state: usize, sig: u128, label: Label| {
                match next[state].iter().find(|k| k.0 == sig) {
                    Some(&(_, l)) if labels[l as usize].value >= label.value => {}
                    Some(&(_, l)) => labels[l as usize] = label,
                    None => {
                        next[state].push((sig, labels.len() as u32));
                        labels.push(label);
                    }
                }
            };
        for (state, keys) in layer.iter().enumerate().filter(|(_, keys)| !keys.is_empty()) {
            let (u, c) = (state / (max_c + 1), state % (max_c + 1));
            for &(sig, l) in keys {
                let v = labels[l as usize].value;
                if !item.must && promising(n + 1, u, v) {
                    let label = Label { value: v, parent: l, item: n as u32, units: 0 };
                    offer(&mut next, &mut labels, state, sig & !closing, label);
                }
                if c + counts > max_c {
                    continue;
                }
                // Members held after taking the item, and the prices that brings.
                let mut held_after = sig;
                let mut charge = 0.0;
                for &(slot, price, _) in &mine {
                    if let Some(s) = slot {
                        let held = (sig >> (2 * s)) & 3;
                        if held == 1 {
                            charge += price;
                        }
                        held_after = (held_after & !(3u128 << (2 * s))) | ((held + 1).min(2) << (2 * s));
                    }
                }
                for (a, &gain) in table.value.iter().enumerate().skip(1) {
                    if u + a > cap {
                        break;
                    }
                    let value = v + gain - charge;
                    if gain == NONE || !promising(n + 1, u + a, value) {
                        continue;
                    }
                    let label = Label { value, parent: l, item: n as u32, units: a as u8 };
                    offer(&mut next, &mut labels, idx(u + a, c + counts), held_after & !closing, label);
                }
            }
        }
        std::mem::swap(&mut layer, &mut next);
        for (cut, slot) in slots.iter_mut().enumerate() {
            if last[cut] == n {
                if let Some(s) = slot.take() {
                    taken[s] = false;
                }
            }
        }
    }
    let mut best = vec![NONE; width];
    let mut last_label = vec![u32::MAX; width];
    for (state, keys) in layer.iter().enumerate() {
        for &(_, l) in keys {
            let v = labels[l as usize].value;
            if v > best[state] {
                best[state] = v;
                last_label[state] = l;
            }
        }
    }
    Dp { best, trace: Trace::Labels { labels, last: last_label, prefix }, ..flat }
}

#[cfg(test)]
mod tests {
    use super::super::tests::every_sector;
    use super::super::{price, Prices};
    use crate::colgen::station::{Item, Member, Station};
    use proptest::prelude::*;
    use sectoria_core::BaseChoice;

    /// Best sector by enumeration: every subset of items, every allowed number of units.
    fn brute(station: &Station, prices: &Prices, capacity: u32) -> Option<f64> {
        every_sector(station, prices).into_iter().filter(|s| s.1 <= capacity).map(|s| s.2).reduce(f64::max)
    }

    proptest! {
        /// With subset-row cuts, the pricing still finds the best sector (against enumeration).
        #[test]
        fn pricing_with_cuts_is_exact(
            values in proptest::collection::vec(proptest::collection::vec(-5.0f64..30.0, 1..4), 3..8),
            cuts in proptest::collection::vec((0usize..8, 0usize..8, 0usize..8, 0.0f64..25.0), 0..6),
            duals in proptest::collection::vec(-5.0f64..20.0, 8),
            capacity in 2u32..9,
            size in 1u32..5,
        ) {
            let items: Vec<Item> = values
                .iter()
                .enumerate()
                .map(|(i, v)| Item {
                    head: Member {
                        site: i,
                        options: v.iter().enumerate().map(|(k, &x)| (k as u32 + 1, x + 4.0 * k as f64)).collect(),
                        must: false,
                        km: 0.0,
                        today: 0,
                    },
                    ecoles: Vec::new(),
                    counts: true,
                    must: false,
                })
                .collect();
            let station = Station { index: 0, km_cap: f64::INFINITY, class: 0, base: BaseChoice::Site(0), items: items.into(), max_establishments: size, closed_levels: 0 };
            let cuts: Vec<([usize; 3], f64)> =
                cuts.into_iter().filter(|c| c.0 != c.1 && c.1 != c.2 && c.0 != c.2).map(|c| ([c.0, c.1, c.2], c.3)).collect();
            let prices = Prices { site: duals, unit: 0.5, km: Vec::new(), kept: 0.0, cuts };
            let got = price(&station, &prices, &[capacity, capacity / 2]);
            for (l, cap) in [capacity, capacity / 2].into_iter().enumerate() {
                let expected = brute(&station, &prices, cap);
                match (&got[l], expected) {
                    // Items worth nothing alone are left out: only positive sectors are exact.
                    (None, e) if e.is_none_or(|e| e <= 1e-9) => {}
                    (Some(p), e) if e.is_some_and(|e| e <= 1e-9) => prop_assert!(p.reduced <= 1e-9),
                    (Some(p), Some(e)) => {
                        prop_assert!((p.reduced - e).abs() < 1e-9, "capacity {cap}: priced {} expected {e}", p.reduced);
                        // The sector returned is worth what the pricing says.
                        let charge: f64 = prices.cuts.iter()
                            .filter(|(s, _)| p.assignments.iter().filter(|a| s.contains(&a.0)).count() >= 2)
                            .map(|c| c.1).sum();
                        let value: f64 = p.assignments.iter().map(|&(i, a)| {
                            let o = station.items[i].head.options.iter().find(|o| o.0 == a).unwrap().1;
                            o - prices.site[i] - prices.unit * f64::from(a)
                        }).sum::<f64>() - charge;
                        prop_assert!((value - p.reduced).abs() < 1e-9);
                    }
                    (p, e) => prop_assert!(false, "capacity {cap}: priced {:?} expected {e:?}", p.as_ref().map(|p| p.reduced)),
                }
            }
        }
    }
}
