//! Reduced-cost fixing: the items of a station that no sector good enough can hold.
//!
//! At duals `y` whose Lagrangian bound is `L(y)`, a plan holding a sector of reduced value `r`
//! is worth at most `L(y) + r`. An item whose every sector at a station has a reduced value at
//! or below `incumbent − L(y)` is therefore in no plan of the branch better than the plan in
//! hand, and the station's pricing may leave it out for the rest of the branch. The ceiling of
//! the sectors holding an item is a knapsack over the station's other items (those before it in
//! the item order and those after it), without the sector size limit and without the cuts,
//! which only charge.

use super::{item_table, take_item, Prices, Table, NONE};
use crate::colgen::station::Station;

/// Per item of `station`, per capacity of `capacities` (units): a ceiling on the reduced value,
/// under `prices` and before the level's and station's own prices, of the sectors within that
/// capacity that hold the item (`f64::NEG_INFINITY` when none fits).
pub fn item_ceilings(station: &Station, prices: &Prices, capacities: &[u32]) -> Vec<Vec<f64>> {
    let cap = capacities.iter().copied().max().unwrap_or(0) as usize;
    let items = &station.items;
    let mut values = Vec::with_capacity(items.len() * (cap + 1));
    let km_price = prices.km_at(station);
    let picks: Vec<Vec<Vec<u32>>> =
        items.iter().map(|item| item_table(item, prices, km_price, cap, &mut values)).collect();
    let tables: Vec<Table> =
        values.chunks_exact(cap + 1).zip(picks).map(|(value, ecole_pick)| Table { value, ecole_pick }).collect();
    let n = items.len();
    // `before[k][u]`: the best within `u` units over the items before item `k`; `after[k][u]`:
    // over the items from `k` on (`NONE` where a must item does not fit).
    let mut before = vec![vec![0.0; cap + 1]; n + 1];
    for k in 0..n {
        let (done, next) = before.split_at_mut(k + 1);
        take_item(&items[k], &tables[k], &done[k], &mut next[0]);
    }
    let mut after = vec![vec![0.0; cap + 1]; n + 1];
    for k in (0..n).rev() {
        let (upto, from) = after.split_at_mut(k + 1);
        take_item(&items[k], &tables[k], &from[0], &mut upto[k]);
    }
    (0..n)
        .map(|k| {
            capacities
                .iter()
                .map(|&c| {
                    let c = (c as usize).min(cap);
                    let mut best = NONE;
                    for (a, &gain) in tables[k].value.iter().enumerate().take(c + 1).skip(1) {
                        if gain == NONE {
                            continue;
                        }
                        for u in 0..=c - a {
                            let (x, z) = (before[k][u], after[k + 1][c - a - u]);
                            if x != NONE && z != NONE {
                                best = best.max(gain + x + z);
                            }
                        }
                    }
                    best
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::price;
    use super::super::tests::{every_sector, plain, station};
    use super::*;
    use crate::colgen::station::{Item, Station};
    use proptest::prelude::*;

    proptest! {
        /// No sector holding an item is worth more than the item's ceiling, and the ceiling is
        /// reached when the sector size limit and the cuts do not bind.
        #[test]
        fn no_sector_beats_its_items_ceiling(
            values in prop::collection::vec(prop::collection::vec(-30.0f64..40.0, 1..4), 1..6),
            duals in prop::collection::vec(0.0f64..20.0, 6),
            unit in 0.0f64..5.0,
            limit in 1u32..4,
            cut_price in 0.0f64..10.0,
            caps in prop::collection::vec(1u32..8, 1..3),
        ) {
            let items: Vec<Item> = values
                .iter()
                .enumerate()
                .map(|(i, v)| plain(i, &v.iter().enumerate().map(|(a, &x)| (a as u32 + 1, x)).collect::<Vec<_>>()))
                .collect();
            let n = items.len();
            let station = station(items, limit);
            let cuts = if n >= 3 { vec![([0, 1, 2], cut_price)] } else { Vec::new() };
            let prices = Prices { site: duals[..n].to_vec(), unit, km: Vec::new(), kept: 0.0, cuts };
            let ceilings = item_ceilings(&station, &prices, &caps);
            let all = every_sector(&station, &prices);
            for (k, per_cap) in ceilings.iter().enumerate() {
                for (l, &ceiling) in per_cap.iter().enumerate() {
                    let best = all
                        .iter()
                        .filter(|s| s.1 <= caps[l] && s.0.iter().any(|a| a.0 == k))
                        .map(|s| s.2)
                        .fold(f64::NEG_INFINITY, f64::max);
                    prop_assert!(best <= ceiling + 1e-9, "item {k}, capacity {}: a sector worth {best} above {ceiling}", caps[l]);
                }
            }
            // Without the size limit and the cuts, the ceiling of the best sector's items is its value.
            let loose = Station { max_establishments: n as u32, ..station.clone() };
            let plain = Prices { cuts: Vec::new(), ..prices.clone() };
            let ceilings = item_ceilings(&loose, &plain, &caps);
            for (l, top) in price(&loose, &plain, &caps).into_iter().enumerate() {
                if let Some(top) = top {
                    for &(site, _) in &top.assignments {
                        prop_assert!((ceilings[site][l] - top.reduced).abs() <= 1e-6 * top.reduced.abs().max(1.0));
                    }
                }
            }
        }
    }
}
