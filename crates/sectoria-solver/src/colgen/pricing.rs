//! Pricing: the best sector of a station under the master's dual prices, exactly, by dynamic
//! programming over (units used, establishments counted toward the sector limit).
//!
//! Each establishment's objective is lowered by its dual price and by the budget's price per
//! unit. A head collège and its écoles form one item whose value for `u` units is itself a
//! small knapsack (the école half-days come out of the same worker).
//!
//! Subset-row cuts (see [`super::cuts`]) charge a sector that holds two or more of a cut's three
//! establishments: where a station holds two members of a cut with a positive price, the
//! programme runs over labels that also count, for every cut still open in the item order, how
//! many of its members the sector holds (none, one, two or more), so that the pricing stays exact.
//!
//! The column generation only needs the sectors whose reduced value beats their level's and
//! station's prices. A knapsack over the items without the sector size limit and without the
//! cuts ([`may_beat`]) bounds every sector of the station: one that cannot beat those prices is
//! settled without the programme (a quarter of the stations priced in Haute-Garonne's tree),
//! and the labels drop partial sectors that cannot beat them.
//!
//! Under a weekly km cap, each unit also pays its km at the price of the station's km row, and
//! a station whose best sectors pass the cap is priced again over the sectors within it
//! ([`capped`]).

use super::cuts::holds_two;
use super::master::{Column, Rows};
use super::sector_value;
use super::station::{kept, Item, Member, Station};
use crate::classes::Class;
use rayon::prelude::*;

mod capped;
mod fixing;
mod labels;

/// Dual prices of the master.
#[derive(Debug, Clone)]
pub struct Prices {
    /// Per site (0 for sites without a row).
    pub site: Vec<f64>,
    /// Per unit of the budget.
    pub unit: f64,
    /// Per station (by [`Station::index`]), per weekly km of its sector: the dual of its km cap's
    /// row (empty without a cap).
    pub km: Vec<f64>,
    /// Per half-day of today's sectors kept (less those changed): the dual of the cap on
    /// changes' row (0 without a cap).
    pub kept: f64,
    /// Subset-row cuts with a positive price: their three sites (head establishments) and the
    /// price a sector holding two or more of them pays.
    pub cuts: Vec<([usize; 3], f64)>,
}

/// A sector found by pricing: `(site, units)` pairs and its reduced value before the
/// station's and level's own prices.
#[derive(Debug, Clone)]
pub struct Priced {
    /// Reduced value (objective − prices of its sites and units).
    pub reduced: f64,
    /// Assignments.
    pub assignments: Vec<(usize, u32)>,
}

const NONE: f64 = f64::NEG_INFINITY;

/// A caller's limit `a` lowered by a margin well above rounding, so that no sector worth more
/// than `a` is passed over.
fn margin(a: f64) -> f64 {
    if a.is_finite() {
        a - 1e-7 * a.abs().max(1.0)
    } else {
        a
    }
}

/// The value table of one item over units `0..=cap` under `prices`, with how to split each
/// total between the head and the écoles. `value[0]` is "not served" (0, or NONE for a must).
/// The values of a station's items lie side by side in one vector (see [`item_table`]).
#[derive(Clone)]
struct Table<'v> {
    value: &'v [f64],
    /// Per école, per total units: units given to that école (0 = not served).
    ecole_pick: Vec<Vec<u32>>,
}

impl Prices {
    /// The prices of the master's `rows` at the duals `y`, without the cuts'.
    pub fn at(rows: &Rows, y: &[f64]) -> Prices {
        Prices {
            site: rows.site.iter().map(|r| r.map_or(0.0, |r| y[r])).collect(),
            unit: y[rows.budget],
            km: rows.km_prices(y),
            kept: rows.changes.as_ref().map_or(0.0, |c| y[c.row]),
            cuts: Vec::new(),
        }
    }

    /// The price per weekly km of `station`'s sector (0 without a km cap).
    fn km_at(&self, station: &Station) -> f64 {
        self.km.get(station.index).copied().unwrap_or(0.0)
    }
}

/// Reduced value of `a` units (worth `obj`) at member `m`: the objective less the site's price,
/// the units' price, the price of their weekly km (`km_price`, the station's) and that of
/// today's half-days they keep (less those they change).
fn reduced(m: &Member, prices: &Prices, km_price: f64, a: u32, obj: f64) -> f64 {
    obj - prices.site[m.site] - (prices.unit + km_price * m.km) * f64::from(a) - prices.kept * kept(m.today, a)
}

/// Writes the reduced values of member `m` per units into `v` (units `0..v.len()`), over a `v`
/// that holds NONE wherever `m` has no option.
fn member_values(m: &Member, prices: &Prices, km_price: f64, v: &mut [f64]) {
    for &(a, obj) in &m.options {
        if let Some(x) = v.get_mut(a as usize) {
            *x = reduced(m, prices, km_price, a, obj);
        }
    }
}

/// Appends to `values` the `cap + 1` values of `item`'s table (see [`Table`]) and returns how
/// to split each total between the head and the écoles. The values of all the items of a
/// station go in one vector: with a vector per item, Haute-Garonne's root column generation
/// took 6 % more instructions (031 at 0.5 %, counted by callgrind), in the allocator.
fn item_table(item: &Item, prices: &Prices, km_price: f64, cap: usize, values: &mut Vec<f64>) -> Vec<Vec<u32>> {
    let start = values.len();
    values.resize(start + cap + 1, NONE); // the NONE that `member_values` writes over
    member_values(&item.head, prices, km_price, &mut values[start..]);
    let mut ecole_pick = Vec::with_capacity(item.ecoles.len());
    if !item.ecoles.is_empty() {
        let mut value = values[start..].to_vec();
        let mut ev = vec![NONE; cap + 1];
        for e in &item.ecoles {
            ev.fill(NONE);
            member_values(e, prices, km_price, &mut ev);
            let mut next = if e.must { vec![NONE; cap + 1] } else { value.clone() };
            let mut pick = vec![0u32; cap + 1];
            for u in 0..=cap {
                if value[u] == NONE {
                    continue;
                }
                for (a, &gain) in ev.iter().enumerate().skip(1) {
                    if gain == NONE || u + a > cap {
                        continue;
                    }
                    let nv = value[u] + gain;
                    if nv > next[u + a] {
                        next[u + a] = nv;
                        pick[u + a] = a as u32;
                    }
                }
            }
            value = next;
            ecole_pick.push(pick);
        }
        values[start..].copy_from_slice(&value);
    }
    values[start] = if item.must { NONE } else { 0.0 };
    ecole_pick
}

/// Splits `total` units of `item` between its head and écoles along `table`.
fn split(item: &Item, table: &Table, total: u32, out: &mut Vec<(usize, u32)>) {
    let mut u = total;
    for (e, pick) in item.ecoles.iter().zip(&table.ecole_pick).rev() {
        let a = pick[u as usize];
        if a > 0 {
            out.push((e.site, a));
            u -= a;
        }
    }
    out.push((item.head.site, u));
}

/// How a filled programme reads each state's sector back.
enum Trace {
    /// The flat programme only.
    Table,
    /// The labels of the cut members (after the first `prefix` kept items, read back through
    /// the flat programme's choices), and each final state's label.
    Labels { labels: Vec<Label>, last: Vec<u32>, prefix: usize },
}

/// A partial sector of the label programme: the best `value` for its key, reached from label
/// `parent` by giving `units` to kept item `item` (0: the item left out); a label without a
/// parent starts from the flat programme's state `item` after the prefix.
#[derive(Debug, Clone, Copy)]
struct Label {
    value: f64,
    parent: u32,
    item: u32,
    units: u8,
}

/// The filled dynamic programme of one station: best reduced value per (units, counted
/// establishments) state, and how to read each state's sector back.
struct Dp<'a> {
    best: Vec<f64>,
    kept: Vec<(&'a Item, Table<'a>)>,
    /// `choice[n * width + state]`: units of kept item `n` in the flat programme's best sector
    /// of `state` over the items up to `n`.
    choice: Vec<u8>,
    trace: Trace,
    cap: usize,
    /// Most counted establishments in a state: the sector limit, or fewer when fewer items
    /// are worth taking.
    max_c: usize,
}

impl Dp<'_> {
    fn idx(&self, u: usize, c: usize) -> usize {
        u * (self.max_c + 1) + c
    }

    fn width(&self) -> usize {
        (self.cap + 1) * (self.max_c + 1)
    }

    /// Reads back, from the flat programme's choices, the sector of `state` over the first
    /// `items` kept items.
    fn read_table(&self, mut state: usize, items: usize, assignments: &mut Vec<(usize, u32)>) {
        let width = self.width();
        for (n, (item, table)) in self.kept.iter().enumerate().take(items).rev() {
            let a = self.choice[n * width + state] as usize;
            if a > 0 {
                split(item, table, a as u32, assignments);
                let (u, c) = (state / (self.max_c + 1), state % (self.max_c + 1));
                state = self.idx(u - a, c - usize::from(item.counts));
            }
        }
    }

    /// The sector of `state`.
    fn sector(&self, state: usize) -> Vec<(usize, u32)> {
        let mut assignments = Vec::new();
        match &self.trace {
            Trace::Table => self.read_table(state, self.kept.len(), &mut assignments),
            Trace::Labels { labels, last, prefix } => {
                let mut l = last[state];
                loop {
                    let label = labels[l as usize];
                    if label.parent == u32::MAX {
                        self.read_table(label.item as usize, *prefix, &mut assignments);
                        break;
                    }
                    if label.units > 0 {
                        let (item, table) = &self.kept[label.item as usize];
                        split(item, table, u32::from(label.units), &mut assignments);
                    }
                    l = label.parent;
                }
            }
        }
        assignments.sort_unstable();
        assignments
    }

    /// Non-empty states (u ≥ 1) within `capacity` units: (state, reduced value).
    fn states(&self, capacity: u32) -> impl Iterator<Item = (usize, f64)> + '_ {
        let top = (capacity as usize).min(self.cap);
        (1..=top)
            .flat_map(move |u| (0..=self.max_c).map(move |c| self.idx(u, c)))
            .filter(|&s| self.best[s] > NONE)
            .map(|s| (s, self.best[s]))
    }

    /// The best state within `capacity`: (state, value).
    fn top(&self, capacity: u32) -> Option<(usize, f64)> {
        self.states(capacity).fold(None, |top: Option<(usize, f64)>, (s, v)| match top {
            Some(t) if t.1 + 1e-12 >= v => Some(t),
            _ => Some((s, v)),
        })
    }
}

/// The items worth considering with their tables, in the programme's order: those in no cut,
/// then the members of each cut in turn (so that a cut is open — some members seen, some not —
/// over few items); the most establishments a sector may count; and the cuts with two or more
/// members among the items (positions of the members, price).
struct Setup<'a> {
    kept: Vec<(&'a Item, Table<'a>)>,
    max_c: usize,
    cuts: Vec<(Vec<usize>, f64)>,
    /// Number of items in no cut (they come first).
    prefix: usize,
}

fn setup<'a>(station: &'a Station, prices: &Prices, cap: usize, values: &'a mut Vec<f64>) -> Setup<'a> {
    // Items worth considering, with their tables: a must item, or one with a positive value
    // (a cut's price only lowers a sector's value, so an item worth nothing alone stays out).
    // Every item is judged on its table: a test of a lone establishment's options before it
    // computed the same reduced values twice for the items kept (031's root: 3 % more
    // instructions in this function).
    // The items kept, each with where its values start in `values`; both sized once, not grown
    // by reallocation at every station of every round (031 at 1e-4: the allocator's share of
    // the samples 10.7 → 9.8 % this way).
    let mut found: Vec<(&Item, usize, Vec<Vec<u32>>)> = Vec::with_capacity(station.items.len());
    values.clear();
    values.reserve(station.items.len() * (cap + 1));
    let km_price = prices.km_at(station);
    for item in station.items.iter() {
        let at = values.len();
        let ecole_pick = item_table(item, prices, km_price, cap, values);
        if item.must || values[at + 1..].iter().any(|&v| v > 1e-9) {
            found.push((item, at, ecole_pick));
        } else {
            values.truncate(at);
        }
    }
    let values: &'a [f64] = values;
    let mut kept: Vec<(&Item, Table)> = found
        .into_iter()
        .map(|(item, at, ecole_pick)| (item, Table { value: &values[at..at + cap + 1], ecole_pick }))
        .collect();
    let counted = kept.iter().filter(|(item, _)| item.counts).count();
    let max_c = (station.max_establishments as usize).min(counted);
    if prices.cuts.is_empty() {
        let prefix = kept.len();
        return Setup { kept, max_c, cuts: Vec::new(), prefix };
    }
    // Position of each site's item among the kept ones.
    let mut at = vec![usize::MAX; prices.site.len()];
    for (n, (item, _)) in kept.iter().enumerate() {
        at[item.head.site] = n;
    }
    let members = |at: &[usize], sites: &[usize; 3]| -> Vec<usize> {
        let mut m: Vec<usize> = sites.iter().map(|&i| at[i]).filter(|&n| n != usize::MAX).collect();
        m.sort_unstable();
        m
    };
    let held = |at: &[usize], sites: &[usize; 3]| sites.iter().filter(|&&i| at[i] != usize::MAX).count();
    let relevant: Vec<&([usize; 3], f64)> = prices.cuts.iter().filter(|(sites, _)| held(&at, sites) >= 2).collect();
    if relevant.is_empty() {
        let prefix = kept.len();
        return Setup { kept, max_c, cuts: Vec::new(), prefix };
    }
    let mut rank = vec![usize::MAX; kept.len()];
    let mut next = 0;
    for (sites, _) in &relevant {
        for n in members(&at, sites) {
            if rank[n] == usize::MAX {
                rank[n] = next;
                next += 1;
            }
        }
    }
    let prefix = kept.len() - next;
    let mut ranked: Vec<(usize, (&Item, Table))> = rank.into_iter().zip(kept).collect();
    // Stable: items in no cut keep their order.
    ranked.sort_by_key(|r| if r.0 == usize::MAX { 0 } else { r.0 + 1 });
    kept = ranked.into_iter().map(|r| r.1).collect();
    for (n, (item, _)) in kept.iter().enumerate() {
        at[item.head.site] = n;
    }
    let cuts = relevant.into_iter().map(|(sites, price)| (members(&at, sites), *price)).collect();
    Setup { kept, max_c, cuts, prefix }
}

/// Whether a sector of the items `kept` may beat a limit: `limits` are (capacity, value) pairs,
/// and the test is a knapsack over the items without the sector size limit and without the cuts
/// (which only charge), at least the reduced value of every sector within each capacity. It
/// stops at the first item that lifts the knapsack over a limit (`true`); `false` proves no
/// sector beats any limit.
fn may_beat(kept: &[(&Item, Table<'_>)], cap: usize, limits: &[(usize, f64)]) -> bool {
    let mut best = vec![NONE; cap + 1];
    best[0] = 0.0;
    let mut next = vec![NONE; cap + 1];
    let over = |best: &[f64]| limits.iter().any(|&(c, limit)| best[..=c.min(cap)].iter().any(|&v| v >= limit));
    for (item, table) in kept {
        take_item(item, table, &best, &mut next);
        std::mem::swap(&mut best, &mut next);
        // Before a must item the knapsack is no bound: a lift then only means "may".
        if over(&best) {
            return true;
        }
    }
    false
}

/// One more item in a knapsack without the sector size limit and without the cuts: `after[r]`
/// is the best value within `r` units given `before[r]` without the item (`NONE`: none fits).
///
/// Option by option over every remainder, each a run over contiguous values: a maximum does not
/// depend on the order it is taken in, and an unreachable remainder (`NONE`) changes none.
fn take_item(item: &Item, table: &Table, before: &[f64], after: &mut [f64]) {
    if item.must {
        after.fill(NONE);
    } else {
        after.copy_from_slice(&before[..after.len()]);
    }
    for (a, &gain) in table.value.iter().enumerate().skip(1).take(after.len().saturating_sub(1)) {
        if gain == NONE {
            continue;
        }
        for (out, &rest) in after[a..].iter_mut().zip(before) {
            *out = out.max(gain + rest);
        }
    }
}

/// What the cuts charge the sector `assignments`.
fn charge(prices: &Prices, assignments: &[(usize, u32)]) -> f64 {
    prices.cuts.iter().filter(|(sites, _)| holds_two(assignments, sites)).map(|(_, price)| price).sum()
}

/// The programme over (units, counted establishments) states, without the cuts: one value per
/// state; also the values after the first `prefix` items.
///
/// Unreachable states are skipped, and each reachable one only meets the options that fit
/// beside its units, each as a step in the flat table: 15 % less time in this function on
/// Haute-Garonne at 1e-4 than with the capacity tested option by option, with the same sectors.
fn fill_table<'a>(kept: Vec<(&'a Item, Table<'a>)>, cap: usize, max_c: usize, prefix: usize) -> (Dp<'a>, Vec<f64>) {
    let row = max_c + 1;
    let width = (cap + 1) * row;
    let mut best = vec![NONE; width];
    best[0] = 0.0;
    let mut next = vec![NONE; width];
    let mut after_prefix = if prefix == 0 { best.clone() } else { Vec::new() };
    let mut choice = vec![0u8; kept.len() * width];
    // The item's options: (units × row, the step in the table; value; units), fewest units
    // first (the units kept beside the step spare a division per choice recorded).
    let mut options: Vec<(usize, f64, u8)> = Vec::with_capacity(cap);
    // States reachable so far: at most `top_u` units and `top_c` counted establishments.
    let (mut top_u, mut top_c) = (0usize, 0usize);
    for (n, (item, table)) in kept.iter().enumerate() {
        let counts = usize::from(item.counts);
        options.clear();
        options.extend(
            table.value.iter().enumerate().skip(1).filter(|(_, &g)| g != NONE).map(|(a, &g)| (a * row, g, a as u8)),
        );
        if item.must {
            next.fill(NONE);
        } else {
            next.copy_from_slice(&best);
        }
        let pick = &mut choice[n * width..(n + 1) * width];
        // Counted establishments the item may join: those that stay within the limit.
        let counted = if counts > max_c { 0 } else { (top_c + 1).min(row - counts) };
        // The options that fit beside `u` units, fewer as `u` grows: walked down, not searched
        // for (a binary search per `u` took a tenth of this function's instructions on 031).
        let mut fit = options.len();
        for u in 0..=top_u {
            while fit > 0 && options[fit - 1].0 > (cap - u) * row {
                fit -= 1;
            }
            let fitting = &options[..fit];
            let base = u * row;
            for (c, &v) in best[base..base + counted].iter().enumerate() {
                if v == NONE {
                    continue;
                }
                for &(step, gain, a) in fitting {
                    // Among equal values the first met stays: the item left out, then the
                    // fewest units before it (the most units for the item).
                    let s = base + c + counts + step;
                    if v + gain > next[s] {
                        next[s] = v + gain;
                        pick[s] = a;
                    }
                }
            }
        }
        std::mem::swap(&mut best, &mut next);
        top_u = (top_u + options.last().map_or(0, |o| usize::from(o.2))).min(cap);
        top_c = (top_c + counts).min(max_c);
        if n + 1 == prefix {
            after_prefix = best.clone();
        }
    }
    (Dp { best, kept, choice, trace: Trace::Table, cap, max_c }, after_prefix)
}

/// [`price_above`] for a caller to whom every sector matters.
#[cfg(test)]
pub fn price(station: &Station, prices: &Prices, capacities: &[u32]) -> Vec<Option<Priced>> {
    price_above(station, prices, capacities, &vec![f64::NEG_INFINITY; capacities.len()])
}

/// Best non-empty sector of `station` for each capacity in `capacities` (units), under
/// `prices`, for a caller to whom a sector within `capacities[l]` only matters when its reduced
/// value exceeds `above[l]` (`f64::NEG_INFINITY`: always): where none can, the result is a
/// sector worth no more than `above[l]`, or `None` (also when no sector fits). A station none
/// of whose capacities can beat its `above` is settled by [`may_beat`], before the programme.
/// (An empty sector is no column, and counting it in the Lagrangian bound would loosen it when
/// a level's dual is negative.)
pub fn price_above(station: &Station, prices: &Prices, capacities: &[u32], above: &[f64]) -> Vec<Option<Priced>> {
    let cap = capacities.iter().copied().max().unwrap_or(0) as usize;
    let mut values = Vec::new();
    let Setup { kept, max_c, cuts, prefix } = setup(station, prices, cap, &mut values);
    // The knapsack is never below the empty sector's 0: a price at or below 0 settles nothing.
    if above.iter().all(|&a| margin(a) > 0.0) {
        let limits: Vec<(usize, f64)> = capacities.iter().zip(above).map(|(&c, &a)| (c as usize, margin(a))).collect();
        if !may_beat(&kept, cap, &limits) {
            return vec![None; capacities.len()];
        }
    }
    // Under a km cap, the best sectors without it answer when they are within it (the best
    // of all sectors is the best of those within the cap); otherwise the capped programme.
    let capped = station.km_cap.is_finite().then(|| capped::Capped::new(kept.clone(), station.km_cap, max_c, &cuts));
    let best = best_sectors(kept, cap, max_c, prefix, cuts, prices, capacities, above);
    match capped {
        Some(capped) if !best.iter().flatten().all(|p| capped.within(&p.assignments)) => {
            capped.price(capacities, above).unwrap_or(best)
        }
        _ => best,
    }
}

/// The best sectors of [`price_above`] without the km cap, over the items `kept` of its setup.
#[allow(clippy::too_many_arguments)] // the setup's parts, the prices and the caller's needs
fn best_sectors(
    kept: Vec<(&Item, Table<'_>)>,
    cap: usize,
    max_c: usize,
    prefix: usize,
    cuts: Vec<(Vec<usize>, f64)>,
    prices: &Prices,
    capacities: &[u32],
    above: &[f64],
) -> Vec<Option<Priced>> {
    let (flat, start) = fill_table(kept, cap, max_c, prefix);
    let plain = capacities.iter().map(|&capacity| {
        let (state, reduced) = flat.top(capacity)?;
        Some(Priced { reduced, assignments: flat.sector(state) })
    });
    if cuts.is_empty() {
        return plain.collect();
    }
    // With cuts: the best sectors without them, charged, are the floors; the labels only
    // follow partial sectors that can still beat a floor (or what the caller needs beaten).
    let floors: Vec<Option<Priced>> =
        plain.map(|p| p.map(|p| Priced { reduced: p.reduced - charge(prices, &p.assignments), ..p })).collect();
    let limits: Vec<(u32, f64)> = capacities
        .iter()
        .zip(&floors)
        .zip(above)
        .map(|((&c, f), &a)| (c, f.as_ref().map_or(f64::NEG_INFINITY, |f| f.reduced).max(margin(a))))
        .collect();
    let dp = labels::fill(flat, &start, prefix, &cuts, &limits);
    capacities
        .iter()
        .zip(floors)
        .map(|(&capacity, floor)| match dp.top(capacity) {
            Some((state, reduced)) if floor.as_ref().is_none_or(|f| reduced > f.reduced) => {
                Some(Priced { reduced, assignments: dp.sector(state) })
            }
            _ => floor,
        })
        .collect()
}

/// Every state's best sector of `station` within each capacity, with its reduced value:
/// `(level, sector)` for each (units, establishments) state — a varied set of good sectors
/// for the integer master.
pub fn price_states(station: &Station, prices: &Prices, capacities: &[u32]) -> Vec<(usize, Priced)> {
    let cap = capacities.iter().copied().max().unwrap_or(0) as usize;
    let mut values = Vec::new();
    let Setup { kept, max_c, cuts, prefix } = setup(station, prices, cap, &mut values);
    let (flat, start) = fill_table(kept, cap, max_c, prefix);
    let dp = if cuts.is_empty() { flat } else { labels::fill(flat, &start, prefix, &cuts, &[]) };
    let mut out = Vec::new();
    for (l, &capacity) in capacities.iter().enumerate() {
        for (state, reduced) in dp.states(capacity) {
            out.push((l, Priced { reduced, assignments: dp.sector(state) }));
        }
    }
    out
}

/// What pricing every station at one dual point gives.
pub struct Round {
    /// Lagrangian bound at that point, without the objective's constant: `Σ_r max(y_r lo_r,
    /// y_r hi_r)` plus, per class, the best reduced values its posts can add.
    pub lagrange: f64,
    /// The best sector of each station and level with a positive reduced value.
    pub columns: Vec<Column>,
}

/// The master's rows beyond those of [`Rows`].
pub struct Extra<'a> {
    /// Subset-row cuts (one row each, right after the rows of [`Rows`]).
    pub cuts: &'a [[usize; 3]],
    /// Per station, the prices of the rows of the groups of stations a branch counts (the
    /// rows after the cuts'), at the duals priced.
    pub groups: &'a [f64],
}

/// The duals `y` with the cuts' taken at zero or above, and the prices the pricing reads from
/// them (see [`price_all`]).
fn prices_at(rows: &Rows, extra: &Extra, y: &[f64]) -> (Vec<f64>, Prices) {
    let cut_rows = rows.bounds.len()..rows.bounds.len() + extra.cuts.len();
    let y: Vec<f64> = y.iter().enumerate().map(|(r, &v)| if cut_rows.contains(&r) { v.max(0.0) } else { v }).collect();
    let prices = Prices {
        cuts: extra.cuts.iter().zip(&y[cut_rows.start..]).filter(|(_, &v)| v > 0.0).map(|(c, &v)| (*c, v)).collect(),
        ..Prices::at(rows, &y)
    };
    (y, prices)
}

/// Per capacity level of `st`, the prices its sector pays on top of its sites and units: its
/// level's and its station's (`station_dual`, its groups' included); infinite for a level a
/// branch closed.
fn own_prices(st: &Station, rows: &Rows, y: &[f64], station_dual: f64) -> Vec<f64> {
    (0..rows.level[st.class].len())
        .map(|l| if st.level_closed(l) { f64::INFINITY } else { y[rows.level[st.class][l]] + station_dual })
        .collect()
}

/// Reduced-cost fixing at duals `y` (see [`fixing`]): per station, the head establishments of
/// its items none of whose sectors has a reduced value above `margin` (`incumbent − L(y)`).
/// Where a must item is among them, every item of the station: none of its sectors is worth
/// keeping.
pub fn hopeless_items(
    stations: &[Station],
    classes: &[Class],
    rows: &Rows,
    extra: &Extra,
    y: &[f64],
    margin: f64,
    pool: Option<&rayon::ThreadPool>,
) -> Vec<Vec<usize>> {
    let (y, prices) = prices_at(rows, extra, y);
    let fix = |(s, st): (usize, &Station)| -> Vec<usize> {
        let caps: Vec<u32> = classes[st.class].levels.iter().map(|l| l.capacity_units).collect();
        let station_dual = rows.station[s].map_or(0.0, |r| y[r]) + extra.groups.get(s).copied().unwrap_or(0.0);
        let own = own_prices(st, rows, &y, station_dual);
        let ceilings = fixing::item_ceilings(st, &prices, &caps);
        let hopeless: Vec<usize> =
            (0..st.items.len()).filter(|&k| ceilings[k].iter().zip(&own).all(|(&c, &p)| c - p <= margin)).collect();
        if hopeless.iter().any(|&k| st.items[k].must) {
            return st.items.iter().map(|it| it.head.site).collect();
        }
        hopeless.into_iter().map(|k| st.items[k].head.site).collect()
    };
    match pool {
        Some(pool) => pool.install(|| stations.par_iter().enumerate().with_max_len(1).map(fix).collect()),
        None => stations.iter().enumerate().map(fix).collect(),
    }
}

/// Prices every station at duals `y` (one per master row: the rows of `rows`, then one per
/// subset-row cut of `extra`, then the group rows), the rows having `bounds` (the rows' own,
/// or a branch's). A cut's dual is taken at zero or above (its row is `0 ≤ entries ≤ 1`, the
/// Lagrangian bound is valid either way, and a non-negative price keeps the pricing's item
/// filter exact). With a `pool`, the stations are priced in parallel on its threads, with the
/// same result.
#[allow(clippy::too_many_arguments)] // the master's rows, its duals, a tolerance and the threads
pub fn price_all(
    stations: &[Station],
    classes: &[Class],
    rows: &Rows,
    extra: &Extra,
    bounds: &[(f64, f64)],
    y: &[f64],
    tolerance: f64,
    pool: Option<&rayon::ThreadPool>,
) -> Round {
    let (y, prices) = prices_at(rows, extra, y);
    let mut lagrange: f64 = bounds.iter().zip(&y).map(|(&(lo, hi), &v)| (v * lo).max(v * hi)).sum();
    let price_station = |(s, st): (usize, &Station)| -> (Vec<f64>, Vec<Column>) {
        let caps: Vec<u32> = classes[st.class].levels.iter().map(|l| l.capacity_units).collect();
        let station_dual = rows.station[s].map_or(0.0, |r| y[r]) + extra.groups.get(s).copied().unwrap_or(0.0);
        // A sector matters when its reduced value is positive, after its level's and station's prices.
        let above = own_prices(st, rows, &y, station_dual);
        let mut per_level = Vec::with_capacity(caps.len());
        let mut columns = Vec::new();
        for (l, p) in price_above(st, &prices, &caps, &above).into_iter().enumerate() {
            let Some(p) = p.filter(|_| !st.level_closed(l)) else {
                per_level.push(f64::NEG_INFINITY);
                continue;
            };
            let reduced = p.reduced - y[rows.level[st.class][l]] - station_dual;
            per_level.push(reduced);
            if reduced > tolerance && !p.assignments.is_empty() {
                if let Some(value) = sector_value(st, &p.assignments) {
                    columns.push(Column { station: s, level: l, assignments: p.assignments, value });
                }
            }
        }
        (per_level, columns)
    };
    // The stations are priced independently; in parallel, the results keep the stations' order,
    // so the columns and the bound are the same whatever the number of threads.
    let priced: Vec<(Vec<f64>, Vec<Column>)> = match pool {
        Some(pool) => pool.install(|| stations.par_iter().enumerate().with_max_len(1).map(price_station).collect()),
        None => stations.iter().enumerate().map(price_station).collect(),
    };
    let mut best: Vec<Vec<f64>> = Vec::with_capacity(stations.len());
    let mut columns = Vec::new();
    for (per_level, cols) in priced {
        best.push(per_level);
        columns.extend(cols);
    }
    for (c, class) in classes.iter().enumerate() {
        let of_class: Vec<&Vec<f64>> =
            stations.iter().zip(&best).filter(|(st, _)| st.class == c).map(|(_, b)| b).collect();
        // At most one sector per station, and at most as many per level as the level has posts.
        let per_station: f64 = of_class.iter().map(|b| b.iter().copied().fold(0.0, f64::max)).sum();
        let per_level: f64 = class
            .levels
            .iter()
            .enumerate()
            .map(|(l, lv)| lv.members.len() as f64 * of_class.iter().map(|b| b[l]).fold(0.0, f64::max))
            .sum();
        lagrange += per_station.min(per_level);
    }
    Round { lagrange, columns }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::BaseChoice;

    fn member(site: usize, options: &[(u32, f64)]) -> Member {
        Member { site, options: options.to_vec(), must: false, km: 0.0, today: 0 }
    }

    pub(super) fn station(items: Vec<Item>, max_establishments: u32) -> Station {
        Station {
            index: 0,
            km_cap: f64::INFINITY,
            class: 0,
            base: BaseChoice::Site(0),
            items: items.into(),
            max_establishments,
            closed_levels: 0,
        }
    }

    pub(super) fn plain(site: usize, options: &[(u32, f64)]) -> Item {
        Item { head: member(site, options), ecoles: Vec::new(), counts: true, must: false }
    }

    /// Lone establishments, item `i` with options of 2, 3… units worth `values[i]` plus 4 per
    /// unit above 2.
    fn lone_items(values: &[Vec<f64>]) -> Vec<Item> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let options: Vec<(u32, f64)> =
                    v.iter().enumerate().map(|(k, &x)| (k as u32 + 2, x + 4.0 * k as f64)).collect();
                plain(i, &options)
            })
            .collect()
    }

    /// The cuts of three distinct sites among `raw` (sites, price).
    fn three_sites(raw: Vec<(usize, usize, usize, f64)>) -> Vec<([usize; 3], f64)> {
        raw.into_iter().filter(|c| c.0 != c.1 && c.1 != c.2 && c.0 != c.2).map(|c| ([c.0, c.1, c.2], c.3)).collect()
    }

    /// A sector found by enumeration: its assignments, units and reduced value (cuts charged).
    pub(super) type Enumerated = (Vec<(usize, u32)>, u32, f64);

    /// Every non-empty sector of a small station of lone establishments (no écoles) within its
    /// size limit, by enumeration: every subset of items, every allowed number of units.
    pub(super) fn every_sector(station: &Station, prices: &Prices) -> Vec<Enumerated> {
        let mut out: Vec<Enumerated> = vec![(Vec::new(), 0, 0.0)];
        for it in station.items.iter() {
            let m = &it.head;
            let mut next = Vec::with_capacity(out.len() * (m.options.len() + 1));
            for (sector, units, value) in &out {
                next.push((sector.clone(), *units, *value));
                for &(a, obj) in &m.options {
                    let mut s = sector.clone();
                    s.push((m.site, a));
                    next.push((s, units + a, value + reduced(m, prices, prices.km_at(station), a, obj)));
                }
            }
            out = next;
        }
        out.into_iter()
            .filter(|s| !s.0.is_empty() && s.0.len() <= station.max_establishments as usize)
            .map(|(s, u, v)| {
                let c = charge(prices, &s);
                (s, u, v - c)
            })
            .collect()
    }

    #[test]
    fn picks_the_best_pair_within_capacity_and_sector_size() {
        // Three sites; capacity 4, at most 2 establishments.
        let items =
            vec![plain(0, &[(2, 10.0), (3, 12.0), (4, 13.0)]), plain(1, &[(2, 9.0), (3, 11.0)]), plain(2, &[(2, 8.5)])];
        let prices = Prices { site: vec![0.0; 3], unit: 0.0, km: Vec::new(), kept: 0.0, cuts: Vec::new() };
        let out = price(&station(items, 2), &prices, &[4, 2]);
        let full = out[0].as_ref().unwrap();
        // 0:2 + 1:2 = 19 beats 0:4 = 13 and 0:2 + 2:2 = 18.5.
        assert_eq!(full.assignments, vec![(0, 2), (1, 2)]);
        assert!((full.reduced - 19.0).abs() < 1e-9);
        let half = out[1].as_ref().unwrap();
        assert_eq!(half.assignments, vec![(0, 2)]);
    }

    #[test]
    fn prices_push_sites_out() {
        let items = vec![plain(0, &[(2, 10.0)]), plain(1, &[(2, 9.0)])];
        let prices = Prices { site: vec![11.0, 0.0], unit: 1.0, km: Vec::new(), kept: 0.0, cuts: Vec::new() };
        let out = price(&station(items, 7), &prices, &[10]);
        let best = out[0].as_ref().unwrap();
        assert_eq!(best.assignments, vec![(1, 2)]);
        assert!((best.reduced - 7.0).abs() < 1e-9); // 9 − 2 × 1
    }

    #[test]
    fn ecoles_come_only_with_their_head_and_do_not_count() {
        let head = member(0, &[(2, 1.0)]);
        let ecole = member(1, &[(1, 20.0)]);
        let network = Item { head, ecoles: vec![ecole], counts: true, must: false };
        let other = plain(2, &[(2, 5.0)]);
        let prices = Prices { site: vec![0.0; 3], unit: 0.0, km: Vec::new(), kept: 0.0, cuts: Vec::new() };
        // One establishment at most: the network (1 + 20) beats the other site (5).
        let out = price(&station(vec![network, other], 1), &prices, &[10]);
        let best = out[0].as_ref().unwrap();
        assert_eq!(best.assignments, vec![(0, 2), (1, 1)]);
        assert!((best.reduced - 21.0).abs() < 1e-9);
    }

    #[test]
    fn a_must_item_is_always_taken() {
        let mut locked = plain(0, &[(2, -5.0)]);
        locked.must = true;
        let prices = Prices { site: vec![0.0; 2], unit: 0.0, km: Vec::new(), kept: 0.0, cuts: Vec::new() };
        let out = price(&station(vec![locked, plain(1, &[(2, 3.0)])], 7), &prices, &[10]);
        let best = out[0].as_ref().unwrap();
        assert_eq!(best.assignments, vec![(0, 2), (1, 2)]);
        assert!((best.reduced + 2.0).abs() < 1e-9);
    }

    proptest::proptest! {
        /// Under a weekly km cap, the pricing returns the best sector within the cap, as found by
        /// enumerating every sector (with and without a caller's threshold, the km price
        /// charged per km, the cuts charged), and never a sector over it.
        #[test]
        fn under_a_km_cap_the_best_sector_within_it(
            values in proptest::collection::vec(proptest::collection::vec(-5.0f64..30.0, 1..4), 2..8),
            km in proptest::collection::vec(0.0f64..60.0, 8),
            cuts in proptest::collection::vec((0usize..8, 0usize..8, 0usize..8, 0.0f64..25.0), 0..4),
            duals in proptest::collection::vec(-5.0f64..20.0, 8),
            km_price in 0.0f64..0.3,
            cap_km in 20.0f64..400.0,
            above in -10.0f64..40.0,
            capacity in 2u32..11,
            size in 1u32..5,
            must in proptest::bool::ANY,
        ) {
            let mut items = lone_items(&values);
            for (item, &km) in items.iter_mut().zip(&km) {
                item.head.km = km;
            }
            if must {
                items.last_mut().unwrap().must = true;
            }
            let mut st = station(items, size);
            st.km_cap = cap_km;
            let cuts = three_sites(cuts);
            let prices = Prices { site: duals, unit: 0.5, km: vec![km_price], kept: 0.0, cuts };
            let capacities = [capacity, capacity / 2 + 1];
            let weekly_km = |s: &[(usize, u32)]| s.iter().map(|&(i, u)| km[i] * f64::from(u)).sum::<f64>();
            let every = every_sector(&st, &prices);
            for threshold in [f64::NEG_INFINITY, above] {
                let got = price_above(&st, &prices, &capacities, &[threshold; 2]);
                for (l, &c) in capacities.iter().enumerate() {
                    let best = every
                        .iter()
                        .filter(|s| s.1 <= c && weekly_km(&s.0) <= cap_km)
                        .filter(|s| !must || s.0.iter().any(|a| a.0 == values.len() - 1))
                        .map(|s| s.2)
                        .fold(f64::NEG_INFINITY, f64::max);
                    // Items worth nothing alone are left out (a sector without them is worth
                    // more), so a sector worth nothing may go unreported unless a lock holds it.
                    let floor = if must { threshold } else { threshold.max(0.0) } + 1e-9;
                    match &got[l] {
                        Some(p) => {
                            proptest::prop_assert!(weekly_km(&p.assignments) <= cap_km + 1e-9, "over the cap: {:?}", p.assignments);
                            proptest::prop_assert!(p.reduced <= best + 1e-9, "{} above the best {best}", p.reduced);
                            proptest::prop_assert!(p.reduced >= best - 1e-9 || best <= floor, "{} below the best {best}", p.reduced);
                        }
                        None => proptest::prop_assert!(best <= floor, "none, best {best}"),
                    }
                }
            }
        }

        /// A caller's threshold never hides a sector worth more than it: where the full
        /// programme finds one above `above[l]`, `price_above` returns the same sector.
        #[test]
        fn a_threshold_hides_no_sector_above_it(
            values in proptest::collection::vec(proptest::collection::vec(-5.0f64..30.0, 1..4), 2..8),
            ecole in proptest::collection::vec(-3.0f64..15.0, 1..3),
            cuts in proptest::collection::vec((0usize..8, 0usize..8, 0usize..8, 0.0f64..25.0), 0..4),
            duals in proptest::collection::vec(-5.0f64..20.0, 10),
            above in proptest::collection::vec(-10.0f64..60.0, 2),
            capacity in 2u32..11,
            size in 1u32..5,
            must in proptest::bool::ANY,
        ) {
            let mut items = lone_items(&values);
            // The first item heads a network with one école; the last may be a lock.
            items[0].ecoles.push(member(9, &ecole.iter().enumerate().map(|(k, &x)| (k as u32 + 1, x)).collect::<Vec<_>>()));
            if must {
                items.last_mut().unwrap().must = true;
            }
            let st = station(items, size);
            let cuts = three_sites(cuts);
            let prices = Prices { site: duals, unit: 0.5, km: Vec::new(), kept: 0.0, cuts };
            let capacities = [capacity, capacity / 2 + 1];
            let full = price(&st, &prices, &capacities);
            let cut = price_above(&st, &prices, &capacities, &above);
            for l in 0..2 {
                if let Some(f) = &full[l] {
                    if f.reduced > above[l] {
                        let c = cut[l].as_ref().map(|c| c.reduced);
                        proptest::prop_assert!(c.is_some_and(|c| (c - f.reduced).abs() < 1e-9), "level {l}: {c:?} against {}", f.reduced);
                        let sector = cut[l].as_ref().map(|c| &c.assignments);
                        proptest::prop_assert_eq!(sector, Some(&f.assignments), "level {}", l);
                    }
                }
                if let Some(c) = &cut[l] {
                    proptest::prop_assert!(full[l].as_ref().is_some_and(|f| c.reduced <= f.reduced + 1e-9));
                }
            }
        }
    }
}
