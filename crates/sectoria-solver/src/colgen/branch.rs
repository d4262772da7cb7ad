//! Branch and price: when the best plan found stays further from the sector relaxation's bound
//! than the gap asked, the relaxation is split into branches, each solved by column generation
//! again, best bound first with plunging. The relaxation of a node bounds every plan of its
//! branch, so the largest bound left open is a proven bound, tighter than the root's; integral
//! nodes give plans.
//!
//! At the root, before branching, rounds of subset-row cuts ([`super::cuts`]) tighten the
//! relaxation; they are valid for every plan and stay in every node. The rounds leave the tree
//! at least three quarters of the time left. Then the integer master over the sectors generated,
//! at the duals of the relaxation the cuts leave, and neighbourhoods of its plan look for a
//! better plan before the first branching (a dive from that relaxation when time was short
//! rarely found a better plan and took the tree's time: Nord 5.2 s, Paris 6.4 s for none).
//! When the plan they leave proves the gap asked against the relaxation with its cuts, the
//! search ends at the root (no strong branching). So it does at any node whose relaxation
//! leaves the best plan within the gap asked of every bound still open: the node is not
//! branched on (its strong branching would only tighten a bound already close enough). Deeper
//! in the tree, every [`NODE_SEARCH_EVERY`] nodes without a better plan, the integer master's
//! first tier looks for one at a node's duals.
//!
//! Before a node is branched on, *reduced-cost fixing* ([`Generator::hopeless`]) drops from
//! each station the establishments that no sector good enough can hold there, at the duals of
//! the node's bound: its whole branch prices fewer items, and its master bans the sectors
//! holding them (Haute-Garonne budget-only at 1e-4: 11,149 of 16,125 items dropped at the root,
//! strong branching 7.4 → 3.4 s).
//!
//! When the deadline stops a node, the node stays open with the best Lagrangian bound its
//! column generation met (valid at every iteration), not only its parent's.
//!
//! Branching is complete: a fractional relaxation always has one of, in this order,
//! 0. a station (a class of posts at one base) used fractionally → "it holds a sector" or "it
//!    holds none" (choosing the bases is the hard decision, DESIGN §8; only stations of classes
//!    of several posts, which have a row of their own). Beside each such station, the stations
//!    of its class whose bases lie within 5, 10 or 20 km of its base are candidates too when
//!    their sectors add up to a fractional number `k + f` → "at most `k` sectors there" or "at
//!    least `k + 1`": the relaxation spreads posts over neighbouring bases, and taking one base
//!    away barely moves the bound when the next one takes over (Hérault at 1e-4: 3,309 nodes
//!    with stations alone, 52 with the groups). A group's count is a pair of rows of the
//!    master whose duals the pricing adds to its stations' prices. Pseudo-costs and strong
//!    branching choose among stations and groups alike;
//! 1. an establishment (head collège or REP+ école) served fractionally from a station →
//!    "served from that station" (every sector of the station holds it, no other station does)
//!    or "not from that station";
//! 2. an establishment every sector of one station holds, with different half-days in different
//!    sectors → "at most `t` units there" or "at least `t + 1`";
//! 3. a station whose sectors are the same but at different capacity levels → "at level `l`"
//!    or "not at level `l`".
//!
//! If none applies the relaxation is integral. Every decision restricts what the pricing may
//! build, or prices a row the pricing sees, so the pricing stays exact and every node's bound
//! is valid.
//!
//! The search does not depend on the gap asked: a node is closed when its bound does not beat
//! the best plan, and the search stops as soon as the best plan is within the gap asked of the
//! largest open bound. A tighter gap therefore runs the same search further (never a worse plan
//! or a weaker bound when both finish in time).
//!
//! A caller that asks only whether some plan reaches a value (a counterfactual: can a plan with
//! the change match the plan without it?) may give that value ([`Prover::question`]): once the
//! root is searched, the search also stops as soon as the answer is known, the largest open
//! bound below the value or a plan at or above it.

use super::cuts;
use super::generate::{Converged, Generator};
use super::integer::Reach;
use super::master::Column;
use super::station::Station;
use sectoria_core::LatLon;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Relative closeness at which each node's column generation stops: well under the tightest
/// gap asked in practice (1e-4), so that a node's bound is that of its relaxation.
pub const NODE_STOP: f64 = 1e-6;

/// A branching decision.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Decision {
    /// `station` holds a sector, or holds none.
    Station { station: usize, used: bool },
    /// `site` is served from `station` (and from no other station), or not from it.
    Serve { station: usize, site: usize, served: bool },
    /// A sector of `station` that holds `site` gives it between `lo` and `hi` units.
    Units { station: usize, site: usize, lo: u32, hi: u32 },
    /// A sector of `station` is at capacity level `level` (`at`), or at another level.
    Level { station: usize, level: usize, at: bool },
    /// The stations of group `group` (see [`Generator::add_group`]) hold between `at_least` and
    /// `at_most` sectors.
    Group { group: usize, at_least: u32, at_most: u32 },
}

impl Decision {
    /// Whether `col` is allowed under this decision.
    fn allows(&self, col: &Column) -> bool {
        match *self {
            Decision::Station { station, used } => used || col.station != station,
            Decision::Serve { station, site, served } => {
                let holds = col.assignments.iter().any(|a| a.0 == site);
                if col.station == station {
                    holds == served
                } else {
                    !(served && holds)
                }
            }
            Decision::Units { station, site, lo, hi } => {
                col.station != station || col.assignments.iter().all(|a| a.0 != site || (lo..=hi).contains(&a.1))
            }
            Decision::Level { station, level, at } => col.station != station || (col.level == level) == at,
            Decision::Group { .. } => true, // the group's rows count the sectors
        }
    }
}

/// Takes `site` (a head collège or an école) out of `st`.
fn remove(st: &mut Station, site: usize) {
    if !st.items.iter().any(|it| it.holds(site)) {
        return; // the items stay shared with the unrestricted station
    }
    let items = Arc::make_mut(&mut st.items);
    items.retain(|it| it.head.site != site);
    for it in items {
        it.ecoles.retain(|e| e.site != site);
    }
}

/// The stations as `decisions` leave them, without the establishments `dropped` from each (an
/// empty `dropped`: none). Restricting stations already restricted composes: the result is
/// the same as restricting the originals with both sets of decisions and drops.
fn restrict(stations: &[Station], decisions: &[Decision], dropped: &[Vec<usize>]) -> Vec<Station> {
    stations
        .iter()
        .enumerate()
        .map(|(s, st)| {
            let mut st = st.clone();
            let mut impossible = false;
            for d in decisions {
                match *d {
                    Decision::Station { station, used: false } if station == s => impossible = true,
                    Decision::Station { .. } => {}
                    Decision::Serve { station, site, served: true } if station == s => {
                        let found = Arc::make_mut(&mut st.items).iter_mut().find(|it| it.holds(site));
                        match found {
                            Some(it) => {
                                it.must = true;
                                for e in it.ecoles.iter_mut().filter(|e| e.site == site) {
                                    e.must = true;
                                }
                            }
                            None => impossible = true,
                        }
                    }
                    Decision::Serve { station, site, served } if station == s || served => remove(&mut st, site),
                    Decision::Serve { .. } => {}
                    Decision::Units { station, site, lo, hi } if station == s => {
                        for it in Arc::make_mut(&mut st.items) {
                            for m in std::iter::once(&mut it.head).chain(it.ecoles.iter_mut()) {
                                if m.site == site {
                                    m.options.retain(|o| (lo..=hi).contains(&o.0));
                                }
                            }
                        }
                    }
                    Decision::Units { .. } => {}
                    Decision::Level { station, level, at } if station == s && level < 64 => {
                        if at {
                            st.closed_levels |= !(1u64 << level);
                        } else {
                            st.closed_levels |= 1u64 << level;
                        }
                    }
                    Decision::Level { .. } | Decision::Group { .. } => {}
                }
            }
            let dropped = dropped.get(s).map_or(&[][..], Vec::as_slice);
            if st.items.iter().any(|it| dropped.binary_search(&it.head.site).is_ok()) {
                impossible |= st.items.iter().any(|it| it.must && dropped.binary_search(&it.head.site).is_ok());
                Arc::make_mut(&mut st.items).retain(|it| dropped.binary_search(&it.head.site).is_err());
            }
            // A member left without any allowed number of units cannot be served here.
            impossible |= st.items.iter().any(|it| {
                (it.must && it.head.options.is_empty()) || it.ecoles.iter().any(|e| e.must && e.options.is_empty())
            });
            if impossible {
                st.items = Default::default();
            }
            if st.items.iter().any(|it| it.head.options.is_empty() || it.ecoles.iter().any(|e| e.options.is_empty())) {
                let items = Arc::make_mut(&mut st.items);
                items.retain(|it| !it.head.options.is_empty());
                for it in items {
                    it.ecoles.retain(|e| !e.options.is_empty());
                }
            }
            st
        })
        .collect()
}

/// Stations with a row of their own used fractionally by the relaxation `x`: `(station, usage)`.
fn fractional_stations(gen: &Generator, x: &[f64]) -> Vec<(usize, f64)> {
    const EPS: f64 = 1e-6;
    let mut usage: BTreeMap<usize, f64> = BTreeMap::new();
    for (q, &v) in x.iter().enumerate().filter(|(_, &v)| v > EPS) {
        let s = gen.pool[q].station;
        if gen.rows.station[s].is_some() {
            *usage.entry(s).or_default() += v;
        }
    }
    usage.into_iter().filter(|&(_, v)| v > EPS && v < 1.0 - EPS).collect()
}

/// Bans the pool columns `decisions` exclude and those holding an establishment `dropped` from
/// their station, sets the rows the decisions require and returns the stations as they leave
/// them. `None` if HiGHS fails.
fn apply(gen: &mut Generator, decisions: &[Decision], dropped: &[Vec<usize>]) -> Option<Vec<Station>> {
    for q in 0..gen.pool.len() {
        let banned = banned_by(&gen.pool[q], decisions, dropped);
        gen.ban(q, banned);
    }
    require(gen, decisions)?;
    Some(restrict(gen.stations, decisions, dropped))
}

/// Whether `decisions` exclude `col` or it holds an establishment `dropped` from its station.
fn banned_by(col: &Column, decisions: &[Decision], dropped: &[Vec<usize>]) -> bool {
    col.assignments.iter().any(|a| dropped[col.station].binary_search(&a.0).is_ok())
        || decisions.iter().any(|d| !d.allows(col))
}

/// Sets the master rows that `decisions` require. `None` if HiGHS fails.
fn require(gen: &mut Generator, decisions: &[Decision]) -> Option<()> {
    let mut served = Vec::new();
    let mut used = Vec::new();
    let mut counted: BTreeMap<usize, (u32, u32)> = BTreeMap::new();
    for d in decisions {
        match *d {
            Decision::Serve { site, served: true, .. } => served.push(site),
            Decision::Station { station, used: true } => used.push(station),
            Decision::Group { group, at_least, at_most } => {
                let c = counted.entry(group).or_insert((0, u32::MAX));
                *c = (c.0.max(at_least), c.1.min(at_most));
            }
            _ => {}
        }
    }
    let counted: Vec<(usize, u32, u32)> = counted.into_iter().map(|(g, (lo, hi))| (g, lo, hi)).collect();
    gen.require(&served, &used, &counted)
}

/// A node's decisions and drops applied once, for the strong-branching evaluations of its
/// children: each evaluation then checks the pool against its own decision only, and restricts
/// the node's stations instead of the originals (Haute-Garonne budget-only at 1e-4: applying
/// everything anew took 8 % of the CPU samples, 4 % this way; strong branching 2.6 → 2.4 s,
/// same tree).
struct Applied<'a> {
    /// The node's decisions.
    decisions: &'a [Decision],
    /// The node's dropped establishments, per station.
    dropped: &'a [Vec<usize>],
    /// The stations as the node leaves them.
    stations: Vec<Station>,
    /// Whether the node bans each of the pool's first columns.
    banned: Vec<bool>,
}

impl<'a> Applied<'a> {
    fn new(gen: &Generator, node: &'a Node) -> Applied<'a> {
        Applied {
            decisions: &node.decisions,
            dropped: &node.dropped,
            stations: restrict(gen.stations, &node.decisions, &node.dropped),
            banned: gen.pool.iter().map(|col| banned_by(col, &node.decisions, &node.dropped)).collect(),
        }
    }

    /// [`apply`] for the node's decisions and `extra`, from what the node left. `None` if
    /// HiGHS fails.
    fn child(&self, gen: &mut Generator, extra: Decision) -> Option<Vec<Station>> {
        let mut decisions = self.decisions.to_vec();
        decisions.push(extra);
        for q in 0..gen.pool.len() {
            let col = &gen.pool[q];
            let banned = match self.banned.get(q) {
                Some(&banned) => banned || !extra.allows(col),
                // Generated since (by an evaluation of another child): every decision counts.
                None => banned_by(col, &decisions, self.dropped),
            };
            gen.ban(q, banned);
        }
        require(gen, &decisions)?;
        Some(restrict(&self.stations, &[extra], &[]))
    }
}

/// What a branching counts the sectors of: one station, or a group of stations near one
/// another (its index in [`Groups::list`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Count {
    Station(usize),
    Near(usize),
}

impl Count {
    /// The decision "at most `k` sectors" (`up == false`) or "at least `k + 1`"; a group new
    /// to the master gets its rows there. `None` if HiGHS fails.
    fn decision(self, gen: &mut Generator, groups: &mut Groups, k: u32, up: bool) -> Option<Decision> {
        Some(match self {
            Count::Station(station) => Decision::Station { station, used: up },
            Count::Near(id) => {
                let group = match groups.in_master[id] {
                    Some(g) => g,
                    None => {
                        let g = gen.add_group(&groups.list[id])?;
                        groups.in_master[id] = Some(g);
                        g
                    }
                };
                if up {
                    Decision::Group { group, at_least: k + 1, at_most: u32::MAX }
                } else {
                    Decision::Group { group, at_least: 0, at_most: k }
                }
            }
        })
    }
}

/// How far `sectors` is from "at most `k`" (`up == false`) or "at least `k + 1`", `k` its
/// integer part.
fn distance(sectors: f64, up: bool) -> f64 {
    let k = sectors.floor();
    if up {
        k + 1.0 - sectors
    } else {
        sectors - k
    }
}

/// Pseudo-costs of the count decisions: bound lost per unit of fractionality, for "at most"
/// (index 0) and "at least" (index 1).
#[derive(Debug, Default, Clone, Copy)]
struct Pseudo {
    sum: [f64; 2],
    n: [u32; 2],
}

/// Rounds of subset-row cuts at the root, at most.
const CUT_ROUNDS: usize = 10;

/// Cuts added per round, at most.
const CUTS_PER_ROUND: usize = 100;

/// A round of cuts that closes less than this share of the gap between the bound and the best
/// plan ends the rounds.
const CUT_PROGRESS: f64 = 0.02;

/// Share of the time left at the root that the cut rounds may take: a round that would end
/// past it is not started (the tree needs the rest).
const CUT_TIME: f64 = 0.25;

/// Share of the time left that the integer master after the cuts and its neighbourhoods may
/// take. It looks for a plan near the relaxation the cuts left, among the sectors generated so
/// far: the tree then starts with it instead of finding it by plunging (Haute-Garonne at 1e-4:
/// 79,376.8 → 79,538.2 in 5.4 s, the optimum within 1.4 points, and 1,095 → 439 nodes; on the
/// national run at 1e-4 with 20 s, 75 → 79 départements proven). The neighbourhoods end by
/// themselves after a round without a better plan; half of the time left lets them run that
/// round on the large départements (national run at 1e-4 with 20 s: 78 → 82 proven).
const SEARCH_TIME: f64 = 0.5;

/// The integer master over the sectors generated, at a relaxation's duals, reaching as far as
/// asked, until the instant given: the value of a plan better than the one given (the value
/// passed), if it finds one.
pub type PlanSearch<'f> = dyn FnMut(&mut Generator, &Converged, f64, Instant, Reach) -> Option<f64> + 'f;

/// Nodes after which, without a better plan, the integer master's first tier looks for one at
/// the next node's relaxation (its support and the sectors near zero at its duals: about 500
/// sectors, 0.01–0.3 s). The root's search ranks the sectors at the root's duals; deeper in the
/// tree, others come near zero. Haute-Garonne budget-only at 1e-4: the search at node 20 finds
/// 79,538.2 where the root's found 79,534.0, and the tree ends after 67 nodes instead of 152
/// (8.4 → 6.8 s); national run at 1e-4 with 20 s: 96 such searches, 7 better plans, 5.1 s in all
/// (BENCHMARKS.md, "Solver, session 31").
const NODE_SEARCH_EVERY: usize = 10;

/// Share of the time left that a node's search may take.
const NODE_SEARCH_TIME: f64 = 0.05;

/// Candidates evaluated by strong branching per node, while their pseudo-costs are not yet
/// known in both directions.
const STRONG: usize = 4;

/// Radii of the groups of stations around a station that a branching may count the sectors
/// of (km between bases). The best radius differs between départements (Haute-Garonne at 1e-4:
/// 18 nodes at 20 km, 99 at 5 km; Hérault: 496 at 20 km, 44 at 10 km): strong branching
/// chooses among the three.
const NEAR_KM: [f64; 3] = [5.0, 10.0, 20.0];

/// What the search has learnt for its branchings.
struct Known {
    /// The groups of stations it may count the sectors of.
    groups: Groups,
    /// Pseudo-costs of the count decisions.
    pseudo: BTreeMap<Count, Pseudo>,
    /// Children evaluated by strong branching.
    evaluations: usize,
    /// Time strong branching took (developer log).
    evaluating: Duration,
}

/// Groups of stations near one another, that a branching may count the sectors of.
struct Groups {
    /// The groups (sorted station indices), each once.
    list: Vec<Vec<usize>>,
    /// Per station, the groups around it (one per radius of [`NEAR_KM`], when they differ).
    of: Vec<Vec<usize>>,
    /// Per group, its index among the master's groups once its rows are there.
    in_master: Vec<Option<usize>>,
}

/// A group's sectors must be at least this far from an integer for a branching to count them.
const GROUP_FRACTION: f64 = 0.05;

/// How to split a fractional relaxation when no station is used fractionally: two children's
/// decisions, the one to plunge into first.
fn branching(gen: &Generator, x: &[f64], decided: &[Decision]) -> Option<(Decision, Decision)> {
    const EPS: f64 = 1e-6;
    let positive: Vec<(usize, f64)> = x.iter().copied().enumerate().filter(|&(_, v)| v > EPS).collect();
    // An establishment served fractionally from a station: the most fractional.
    let mut served: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for &(q, v) in &positive {
        let col = &gen.pool[q];
        for &(i, _) in &col.assignments {
            *served.entry((col.station, i)).or_default() += v;
        }
    }
    let serve = served
        .iter()
        .filter(|(k, _)| {
            !decided.iter().any(|d| matches!(*d, Decision::Serve { station, site, .. } if (station, site) == **k))
        })
        .map(|(&k, &v)| (k, v.min(1.0 - v)))
        .filter(|(_, f)| *f > EPS)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    if let Some(((station, site), _)) = serve {
        return Some((
            Decision::Serve { station, site, served: true },
            Decision::Serve { station, site, served: false },
        ));
    }
    // Half-days that differ between the sectors of one station: split at the weighted mean.
    let mut units: BTreeMap<(usize, usize), Vec<(u32, f64)>> = BTreeMap::new();
    for &(q, v) in &positive {
        let col = &gen.pool[q];
        for &(i, u) in &col.assignments {
            units.entry((col.station, i)).or_default().push((u, v));
        }
    }
    let mut split: Option<((usize, usize), u32, f64, f64)> = None;
    for (&k, list) in &units {
        let lo = list.iter().map(|p| p.0).min().unwrap_or(0);
        let hi = list.iter().map(|p| p.0).max().unwrap_or(0);
        if lo == hi {
            continue;
        }
        let total: f64 = list.iter().map(|p| p.1).sum();
        let mean = list.iter().map(|p| f64::from(p.0) * p.1).sum::<f64>() / total;
        let t = (mean.floor() as u32).clamp(lo, hi - 1);
        let below: f64 = list.iter().filter(|p| p.0 <= t).map(|p| p.1).sum::<f64>() / total;
        let score = below.min(1.0 - below);
        if split.is_none_or(|s| score > s.2) {
            split = Some((k, t, score, below));
        }
    }
    if let Some(((station, site), t, _, below)) = split {
        let (low, high) = (
            Decision::Units { station, site, lo: 0, hi: t },
            Decision::Units { station, site, lo: t + 1, hi: u32::MAX },
        );
        return Some(if below >= 0.5 { (low, high) } else { (high, low) });
    }
    // The same sector at different capacity levels.
    let mut levels: BTreeMap<usize, BTreeMap<usize, f64>> = BTreeMap::new();
    for &(q, v) in &positive {
        let col = &gen.pool[q];
        *levels.entry(col.station).or_default().entry(col.level).or_default() += v;
    }
    levels.into_iter().filter(|(_, l)| l.len() > 1).find_map(|(station, l)| {
        let (&level, _) = l.iter().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))?;
        (level < 64)
            .then_some((Decision::Level { station, level, at: true }, Decision::Level { station, level, at: false }))
    })
}

struct Node {
    decisions: Vec<Decision>,
    /// Per station, the establishments (sorted) left out of its sectors in the node's branch: no
    /// sector holding one is in a plan better than the one in hand (reduced-cost fixing, see
    /// [`Generator::hopeless`]).
    dropped: Arc<Vec<Vec<usize>>>,
    /// Bound inherited from the parent (or from strong branching).
    bound: f64,
    /// The count decision that made this node, for the pseudo-costs.
    origin: Option<Origin>,
}

/// A count decision as it was taken.
#[derive(Debug, Clone, Copy)]
struct Origin {
    count: Count,
    /// "At least" (or "at most").
    up: bool,
    /// How far the parent's relaxation was from this decision.
    frac: f64,
    /// The parent's bound.
    parent: f64,
}

/// Limits of the search.
pub struct Prover {
    /// Relative gap at which the search stops.
    pub gap: f64,
    /// Deadline of the search.
    pub deadline: Instant,
    /// Developer log.
    pub log: bool,
    /// Where each station's base is.
    pub places: Vec<LatLon>,
    /// The caller's question, when it asks only whether some plan is worth this value or more:
    /// once the root is searched, the search also stops as soon as the answer is known (every
    /// bound left open below it, or a plan at or above it). Further nodes would only narrow the
    /// bound or better the plan.
    pub question: Option<f64>,
}

/// What the search proved.
pub struct Proof {
    /// Proven bound on every plan.
    pub bound: f64,
    /// Whether every node was settled (otherwise the gap or the deadline stopped it).
    pub complete: bool,
    /// Whether the deadline stopped it.
    pub time_limit: bool,
    /// Whether it stopped because the caller's question was settled ([`Prover::question`]).
    pub decided: bool,
    /// Nodes solved.
    pub nodes: usize,
    /// Children evaluated by strong branching.
    pub evaluations: usize,
}

impl Prover {
    /// Searches from the root bound `root`, starting from the plan worth `incumbent`; `accept`
    /// turns the sectors of an integral node into a plan and returns its value; `search` runs
    /// the integer master over the sectors generated (see [`PlanSearch`]): at the root after the
    /// cuts, then at a node every [`NODE_SEARCH_EVERY`] nodes without a better plan. `None` when
    /// HiGHS fails.
    pub fn run(
        &self,
        gen: &mut Generator,
        root: f64,
        mut incumbent: f64,
        accept: &mut dyn FnMut(&Generator, &[usize]) -> Option<f64>,
        search: &mut PlanSearch<'_>,
    ) -> Option<Proof> {
        let clock = Instant::now();
        let mut open = vec![Node {
            decisions: Vec::new(),
            dropped: Arc::new(vec![Vec::new(); gen.stations.len()]),
            bound: root,
            origin: None,
        }];
        let mut known =
            Known { groups: self.near(gen), pseudo: BTreeMap::new(), evaluations: 0, evaluating: Duration::ZERO };
        let mut solving = Duration::ZERO;
        // Pool size when the root's search began: the sectors after it were generated by the tree.
        let mut root_pool = usize::MAX;
        // Largest bound of the nodes settled (integral, or not better than the plan in hand).
        let mut closed: f64 = f64::NEG_INFINITY;
        let mut complete = true;
        let mut time_limit = false;
        let mut decided = false;
        let mut nodes = 0;
        let mut kinds = [0usize; 5];
        // Nodes solved when the tree last found a better plan or last searched a node's duals.
        let mut last_plan = 0;
        // The preferred child of the last branching, solved next (plunging finds plans early).
        let mut next: Option<Node> = None;
        let beats = |bound: f64, incumbent: f64| bound > incumbent + 1e-9 * incumbent.abs().max(1.0);
        loop {
            open.retain(|n| {
                let keep = beats(n.bound, incumbent);
                if !keep {
                    closed = closed.max(n.bound);
                }
                keep
            });
            let left = open.iter().chain(&next).map(|n| n.bound).fold(closed.max(incumbent), f64::max);
            if self.proves(left, incumbent) {
                complete = open.is_empty() && next.is_none();
                break;
            }
            if nodes > 0 && self.settles(left, incumbent) {
                // Not at the root's first visit: its cuts and searches give the plan in hand.
                (complete, decided) = (false, true);
                break;
            }
            let node = match next.take() {
                Some(n) if beats(n.bound, incumbent) => n,
                Some(n) => {
                    closed = closed.max(n.bound);
                    continue;
                }
                None => {
                    let Some(pick) = (0..open.len()).max_by(|&a, &b| open[a].bound.total_cmp(&open[b].bound)) else {
                        break;
                    };
                    open.swap_remove(pick)
                }
            };
            if crate::stop::passed(self.deadline) {
                open.push(node);
                complete = false;
                time_limit = true;
                break;
            }
            nodes += 1;
            let began = Instant::now();
            let priced = apply(gen, &node.decisions, &node.dropped)?;
            let mut state = gen.converge(&priced, &[], NODE_STOP, incumbent, self.deadline)?;
            if !node.decisions.is_empty() {
                solving += began.elapsed();
            }
            if node.decisions.is_empty() && state.feasible && !state.time_limit {
                state = self.cut(gen, &priced, state, incumbent, &clock)?;
                if !state.time_limit {
                    // A plan near the relaxation the cuts left, from the sectors generated.
                    let began = Instant::now();
                    let until = began + crate::stop::left(self.deadline).mul_f64(SEARCH_TIME);
                    root_pool = gen.pool.len();
                    let found = search(gen, &state, incumbent, until, Reach::Neighbourhoods);
                    if self.log {
                        eprintln!(
                            "cg integer master after the cuts: {} ({:.2}s)",
                            found.map_or("no better plan".to_string(), |v| format!("{v:.2}")),
                            began.elapsed().as_secs_f64()
                        );
                    }
                    incumbent = incumbent.max(found.unwrap_or(f64::NEG_INFINITY));
                }
            }
            if state.time_limit {
                // A Lagrangian bound met before the deadline holds for the node all the same.
                open.push(Node { bound: node.bound.min(state.bound), ..node });
                complete = false;
                time_limit = true;
                break;
            }
            if let Some(Origin { count, up, frac, parent }) = node.origin {
                let lost = if state.feasible { parent - state.bound } else { parent - incumbent };
                let p = known.pseudo.entry(count).or_default();
                p.sum[usize::from(up)] += lost.max(0.0) / frac.max(1e-6);
                p.n[usize::from(up)] += 1;
            }
            if !state.feasible {
                continue; // no plan in this branch
            }
            let bound = state.bound.min(node.bound);
            if !node.decisions.is_empty() && nodes >= last_plan + NODE_SEARCH_EVERY && beats(bound, incumbent) {
                // A plan among the sectors near zero at this node's duals.
                last_plan = nodes;
                let began = Instant::now();
                let until = began + crate::stop::left(self.deadline).mul_f64(NODE_SEARCH_TIME);
                let found = search(gen, &state, incumbent, until, Reach::First);
                if self.log {
                    eprintln!(
                        "cg b&p node {nodes}: first tier at depth {}: {} ({:.2}s)",
                        node.decisions.len(),
                        found.map_or("no better plan".to_string(), |v| format!("{incumbent:.2} → {v:.2}")),
                        began.elapsed().as_secs_f64()
                    );
                }
                incumbent = incumbent.max(found.unwrap_or(f64::NEG_INFINITY));
            }
            if !beats(bound, incumbent) {
                closed = closed.max(bound);
                continue;
            }
            let left = open.iter().map(|n| n.bound).fold(closed.max(bound), f64::max);
            if self.proves(left, incumbent) || self.settles(left, incumbent) {
                // With this node's bound, the plan in hand proves the gap (at the root, a plan
                // the root's searches found), or the caller's question is settled: no
                // branching, the search ends.
                open.push(Node { bound, ..node });
                continue;
            }
            let mut node = node;
            node.dropped = self.fix(gen, &priced, &state, &node.dropped, incumbent);
            let x = &state.support;
            let stations = fractional_stations(gen, x);
            if !stations.is_empty() {
                let candidates = self.candidates(gen, x, &stations, &known.groups);
                let mut children = self.choose(gen, &node, &candidates, bound, incumbent, &mut known)?;
                kinds[usize::from(
                    children.iter().any(|n| matches!(n.origin, Some(Origin { count: Count::Near(_), .. }))),
                )] += 1;
                children.retain(|n| beats(n.bound, incumbent));
                // Plunge into the child with the larger bound.
                children.sort_by(|a, b| a.bound.total_cmp(&b.bound));
                next = children.pop();
                open.extend(children);
                self.report(nodes, &clock, &node, bound, incumbent, open.len(), &kinds);
                continue;
            }
            let Some((first, second)) = branching(gen, x, &node.decisions) else {
                let chosen: Vec<usize> = (0..x.len()).filter(|&q| x[q] >= 0.5).collect();
                if let Some(value) = accept(gen, &chosen) {
                    if value > incumbent {
                        last_plan = nodes;
                    }
                    if self.log && value > incumbent {
                        eprintln!(
                            "cg b&p node {nodes}: plan {value:.2} at depth {} ({:.2}s); {} of {} sectors generated after the root's search",
                            node.decisions.len(),
                            clock.elapsed().as_secs_f64(),
                            chosen.iter().filter(|&&q| q >= root_pool).count(),
                            chosen.len()
                        );
                    }
                    incumbent = incumbent.max(value);
                }
                // The relaxation is integral: nothing in this branch beats its bound.
                closed = closed.max(bound);
                continue;
            };
            kinds[match first {
                Decision::Station { .. } => 0,
                Decision::Group { .. } => 1,
                Decision::Serve { .. } => 2,
                Decision::Units { .. } => 3,
                Decision::Level { .. } => 4,
            }] += 1;
            self.report(nodes, &clock, &node, bound, incumbent, open.len(), &kinds);
            let child = |d: Decision| {
                let mut decisions = node.decisions.clone();
                decisions.push(d);
                Node { decisions, dropped: node.dropped.clone(), bound, origin: None }
            };
            open.push(child(second));
            next = Some(child(first));
        }
        for q in 0..gen.pool.len() {
            gen.ban(q, false);
        }
        gen.require(&[], &[], &[])?;
        if self.log {
            eprintln!("cg b&p: {} groups of stations counted, branchings {kinds:?}", gen.groups.len());
            eprintln!(
                "cg b&p time: nodes {:.2}s, strong branching {:.2}s",
                solving.as_secs_f64(),
                known.evaluating.as_secs_f64()
            );
        }
        open.extend(next);
        let left = open.iter().map(|n| n.bound).fold(closed.max(incumbent), f64::max);
        Some(Proof { bound: root.min(left), complete, time_limit, decided, nodes, evaluations: known.evaluations })
    }

    /// Rounds of subset-row cuts on the root relaxation `state` (stations `priced`), each
    /// followed by column generation, while they move the bound; the last relaxation.
    fn cut(
        &self,
        gen: &mut Generator,
        priced: &[Station],
        mut state: Converged,
        incumbent: f64,
        clock: &Instant,
    ) -> Option<Converged> {
        let heads: HashSet<usize> = gen
            .stations
            .iter()
            .flat_map(|st| st.items.iter())
            .map(|it| it.head.site)
            .filter(|&i| gen.rows.site[i].is_some())
            .collect();
        let start = Instant::now();
        let budget = crate::stop::left(self.deadline).mul_f64(CUT_TIME);
        // The time of the last round: the next one is expected to take as long.
        let mut last = Duration::ZERO;
        for round in 1..=CUT_ROUNDS {
            if start.elapsed() + last > budget {
                break; // the round would take time the tree needs more
            }
            let began = Instant::now();
            let existing: HashSet<[usize; 3]> = gen.cuts.iter().copied().collect();
            let new = cuts::separate(&gen.pool, &state.support, |i| heads.contains(&i), &existing, CUTS_PER_ROUND);
            if new.is_empty() {
                break;
            }
            gen.add_cuts(&new)?;
            let before = state.bound;
            let next = gen.converge(priced, &[], NODE_STOP, incumbent, self.deadline)?;
            if self.log {
                eprintln!(
                    "cg cuts round {round}: {} new, {} in all, bound {before:.2} → {:.2} ({:.2}s)",
                    new.len(),
                    gen.cuts.len(),
                    next.bound,
                    clock.elapsed().as_secs_f64()
                );
            }
            last = began.elapsed();
            let gained = before - next.bound;
            state = Converged { bound: next.bound.min(before), ..next };
            if state.time_limit || !state.feasible || gained < CUT_PROGRESS * (before - incumbent) {
                break;
            }
        }
        Some(state)
    }

    /// `dropped` with the establishments that a node's relaxation `state` (stations `priced`)
    /// proves hopeless at their stations against `incumbent` (see [`Generator::hopeless`]): no
    /// branch of the node prices them there again, and the master bans the sectors holding them.
    fn fix(
        &self,
        gen: &Generator,
        priced: &[Station],
        state: &Converged,
        dropped: &Arc<Vec<Vec<usize>>>,
        incumbent: f64,
    ) -> Arc<Vec<Vec<usize>>> {
        let began = Instant::now();
        let hopeless = gen.hopeless(priced, &state.centre, state.centre_bound, incumbent);
        let new: usize = hopeless
            .iter()
            .zip(dropped.iter())
            .map(|(h, d)| h.iter().filter(|i| d.binary_search(i).is_err()).count())
            .sum();
        if self.log {
            let items: usize = priced.iter().map(|st| st.items.len()).sum();
            eprintln!(
                "cg b&p fixing: {new} establishments dropped from their stations, {} in all, {items} items left before ({:.3}s)",
                new + dropped.iter().map(Vec::len).sum::<usize>(),
                began.elapsed().as_secs_f64()
            );
        }
        if new == 0 {
            return dropped.clone();
        }
        let merged = dropped
            .iter()
            .zip(hopeless)
            .map(|(d, h)| {
                let mut m: Vec<usize> = d.iter().copied().chain(h).collect();
                m.sort_unstable();
                m.dedup();
                m
            })
            .collect();
        Arc::new(merged)
    }

    /// Developer log, every 50 nodes.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        nodes: usize,
        clock: &Instant,
        node: &Node,
        bound: f64,
        incumbent: f64,
        open: usize,
        kinds: &[usize; 5],
    ) {
        if self.log && nodes.is_multiple_of(50) {
            eprintln!(
                "cg b&p node {nodes} {:.2}s depth {} bound {bound:.2} incumbent {incumbent:.2} open {open} branchings (station, group, serve, units, level) {kinds:?}",
                clock.elapsed().as_secs_f64(),
                node.decisions.len(),
            );
        }
    }

    /// Whether a plan worth `incumbent` is within the gap asked of `bound`.
    fn proves(&self, bound: f64, incumbent: f64) -> bool {
        bound - incumbent <= self.gap * incumbent.abs().max(1e-9)
    }

    /// Whether `bound` and `incumbent` answer the caller's question ([`Prover::question`]).
    fn settles(&self, bound: f64, incumbent: f64) -> bool {
        self.question.is_some_and(|value| bound < value || incumbent >= value)
    }

    /// The bound of the relaxation under the decisions `applied` and `extra`, `Some(None)` when
    /// it cannot beat `incumbent` (or has no plan), `Some(Some(∞))` when the deadline cut it
    /// short. `None` when HiGHS fails.
    fn evaluate(&self, gen: &mut Generator, applied: &Applied, extra: Decision, incumbent: f64) -> Option<Option<f64>> {
        if crate::stop::passed(self.deadline) {
            return Some(Some(f64::INFINITY)); // a master solve can take seconds (Paris)
        }
        let priced = applied.child(gen, extra)?;
        let state = gen.converge(&priced, &[], NODE_STOP, incumbent, self.deadline)?;
        if state.time_limit {
            return Some(Some(f64::INFINITY));
        }
        Some((state.feasible && state.bound > incumbent).then_some(state.bound))
    }

    /// The groups a branching may count: around each station with a row of its own, the
    /// stations of its class with a row of their own whose bases lie within each radius of
    /// [`NEAR_KM`] of its base (itself included), when there are two or more.
    fn near(&self, gen: &Generator) -> Groups {
        let counted = |s: usize| gen.rows.station[s].is_some();
        let mut groups = Groups { list: Vec::new(), of: vec![Vec::new(); gen.stations.len()], in_master: Vec::new() };
        let mut index: HashMap<Vec<usize>, usize> = HashMap::new();
        for s in (0..gen.stations.len()).filter(|&s| counted(s)) {
            for km in NEAR_KM {
                let group: Vec<usize> = (0..gen.stations.len())
                    .filter(|&t| counted(t) && gen.stations[t].class == gen.stations[s].class)
                    .filter(|&t| self.places[s].haversine_km(&self.places[t]) <= km)
                    .collect();
                if group.len() < 2 {
                    continue;
                }
                let id = *index.entry(group.clone()).or_insert_with(|| {
                    groups.list.push(group);
                    groups.list.len() - 1
                });
                if !groups.of[s].contains(&id) {
                    groups.of[s].push(id);
                }
            }
        }
        groups.in_master = vec![None; groups.list.len()];
        groups
    }

    /// What to branch on at a relaxation `x` whose fractional stations are `stations`: each of
    /// them, and the groups of stations near each (see [`Prover::near`]) whose sectors add up
    /// to a fractional number. `(what, sectors counted)`.
    fn candidates(&self, gen: &Generator, x: &[f64], stations: &[(usize, f64)], groups: &Groups) -> Vec<(Count, f64)> {
        let mut per_station = vec![0.0; gen.stations.len()];
        for (q, &v) in x.iter().enumerate() {
            per_station[gen.pool[q].station] += v;
        }
        let mut out: Vec<(Count, f64)> = stations.iter().map(|&(s, v)| (Count::Station(s), v)).collect();
        let mut seen: HashSet<usize> = HashSet::new();
        for &(s, _) in stations {
            for &id in &groups.of[s] {
                if !seen.insert(id) {
                    continue;
                }
                let sectors: f64 = groups.list[id].iter().map(|&t| per_station[t]).sum();
                if distance(sectors, false).min(distance(sectors, true)) > GROUP_FRACTION {
                    out.push((Count::Near(id), sectors));
                }
            }
        }
        out
    }

    /// Chooses what to branch on among `candidates` (what, sectors counted) at a node of bound
    /// `bound`: the best product of the two children's bound losses, estimated by the
    /// pseudo-costs, or measured by strong branching on up to [`STRONG`] candidates whose
    /// pseudo-costs are not known in both directions (none at a node whose bound is within the
    /// gap asked of `incumbent`: national run at 1e-4, sums of solve times −10 %). Returns the
    /// children to create (a child strong branching proved cannot beat the incumbent is left
    /// out). `None` when HiGHS fails.
    fn choose(
        &self,
        gen: &mut Generator,
        node: &Node,
        candidates: &[(Count, f64)],
        bound: f64,
        incumbent: f64,
        known: &mut Known,
    ) -> Option<Vec<Node>> {
        let Known { groups, pseudo, evaluations, evaluating } = known;
        let floor = |v: f64| v.floor() as u32;
        let mut unknown: Vec<(Count, f64)> = candidates
            .iter()
            .copied()
            .filter(|(c, _)| pseudo.get(c).is_none_or(|p| p.n[0] == 0 || p.n[1] == 0))
            .collect();
        let closeness = |v: f64| (0.5 - distance(v, false)).abs();
        unknown.sort_by(|a, b| closeness(a.1).total_cmp(&closeness(b.1)).then(a.0.cmp(&b.0)));
        // A node whose bound is within the gap asked of the plan in hand matters for the plans
        // it may hold, not for the proof: no strong branching there, the pseudo-costs choose.
        unknown.truncate(if self.proves(bound, incumbent) { 0 } else { STRONG });
        // Children bounds measured by strong branching: None = cannot beat the incumbent.
        let mut applied = None;
        let mut measured: BTreeMap<Count, [Option<f64>; 2]> = BTreeMap::new();
        for &(count, v) in &unknown {
            let mut bounds = [None, None];
            for up in [false, true] {
                let extra = count.decision(gen, groups, floor(v), up)?;
                let began = Instant::now();
                let applied = applied.get_or_insert_with(|| Applied::new(gen, node));
                let b = self.evaluate(gen, applied, extra, incumbent)?;
                *evaluations += 1;
                *evaluating += began.elapsed();
                let lost = bound - b.unwrap_or(incumbent).min(bound);
                let p = pseudo.entry(count).or_default();
                p.sum[usize::from(up)] += lost.max(0.0) / distance(v, up).max(1e-6);
                p.n[usize::from(up)] += 1;
                bounds[usize::from(up)] = b;
            }
            measured.insert(count, bounds);
            if bounds.iter().any(|b| b.is_none()) {
                break; // one child is already settled: branch here
            }
        }
        // Average pseudo-cost per direction and kind, for what was never branched on.
        let average = |group: bool, d: usize| {
            let (sum, n) = pseudo
                .iter()
                .filter(|(c, p)| matches!(c, Count::Near(_)) == group && p.n[d] > 0)
                .fold((0.0, 0u32), |a, (_, p)| (a.0 + p.sum[d] / f64::from(p.n[d]), a.1 + 1));
            if n > 0 {
                sum / f64::from(n)
            } else {
                1.0
            }
        };
        let estimate = |count: Count, v: f64, up: bool| -> f64 {
            let d = usize::from(up);
            let unit = pseudo
                .get(&count)
                .filter(|p| p.n[d] > 0)
                .map_or_else(|| average(matches!(count, Count::Near(_)), d), |p| p.sum[d] / f64::from(p.n[d]));
            unit * distance(v, up)
        };
        let lost = |count: Count, v: f64, up: bool| -> f64 {
            match measured.get(&count) {
                Some(b) => bound - b[usize::from(up)].unwrap_or(incumbent).min(bound),
                None => estimate(count, v, up),
            }
        };
        let settled = measured.iter().find(|(_, b)| b.iter().any(|b| b.is_none())).map(|(&c, _)| c);
        let (count, v) = match settled {
            Some(c) => *candidates.iter().find(|x| x.0 == c)?,
            None => *candidates.iter().max_by(|a, b| {
                let score = |c: &(Count, f64)| lost(c.0, c.1, false).max(1e-6) * lost(c.0, c.1, true).max(1e-6);
                score(a).total_cmp(&score(b)).then(b.0.cmp(&a.0))
            })?,
        };
        let mut children = Vec::new();
        for up in [false, true] {
            let child_bound = match measured.get(&count) {
                Some(b) => match b[usize::from(up)] {
                    Some(c) => c.min(bound),
                    None => continue,
                },
                None => bound,
            };
            let mut decisions = node.decisions.clone();
            decisions.push(count.decision(gen, groups, floor(v), up)?);
            let origin = Origin { count, up, frac: distance(v, up), parent: bound };
            children.push(Node { decisions, dropped: node.dropped.clone(), bound: child_bound, origin: Some(origin) });
        }
        Some(children)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn restricting_restricted_stations_composes() {
        let problem = crate::colgen::budget_only_demo();
        let (_, stations, _) = crate::colgen::master_parts(&problem);
        let busy: Vec<usize> = (0..stations.len()).filter(|&s| stations[s].items.len() >= 3).take(2).collect();
        assert_eq!(busy.len(), 2, "the demo has no two stations with three items");
        let mut choices = Vec::new();
        for &s in &busy {
            let items = &stations[s].items;
            let (a, b) = (&items[0].head, &items[1].head);
            let top = a.options.last().expect("options").0;
            choices.extend([
                Decision::Serve { station: s, site: a.site, served: true },
                Decision::Serve { station: s, site: b.site, served: false },
                Decision::Serve { station: busy[0] + busy[1] - s, site: b.site, served: true },
                Decision::Units { station: s, site: a.site, lo: top, hi: top },
                Decision::Level { station: s, level: 0, at: true },
                Decision::Level { station: s, level: 1, at: false },
                Decision::Station { station: s, used: false },
            ]);
        }
        let mut dropped = vec![Vec::new(); stations.len()];
        let last = busy[1];
        let gone = stations[last].items[2].head.site;
        dropped[last] = vec![gone];
        // Served where the node dropped it: the station can hold no sector either way.
        choices.push(Decision::Serve { station: last, site: gone, served: true });
        let show = |st: &[Station]| format!("{st:?}");
        let mut checked = 0;
        for (i, &first) in choices.iter().enumerate() {
            for &extra in &choices[i + 1..] {
                let node = restrict(&stations, &[first], &dropped);
                let composed = restrict(&node, &[extra], &[]);
                let direct = restrict(&stations, &[first, extra], &dropped);
                assert_eq!(show(&composed), show(&direct), "{first:?} then {extra:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, choices.len() * (choices.len() - 1) / 2);
    }

    #[test]
    fn the_root_stops_at_a_plan_that_proves_the_gap() {
        let problem = crate::colgen::budget_only_demo();
        let (classes, stations, rows) = crate::colgen::master_parts(&problem);
        let places: Vec<LatLon> = stations.iter().map(|st| problem.base_of(&st.base).0).collect();
        let gap = 1e-4;
        // `proving`: the root's search returns a plan within the gap of the relaxation with its
        // cuts, or one just outside it.
        for proving in [true, false] {
            let mut gen = Generator::new(&problem, &stations, &classes, &rows, 1, false).expect("master");
            let deadline = Instant::now() + Duration::from_secs(60);
            let root = gen.converge(&stations, &[], NODE_STOP, f64::NEG_INFINITY, deadline).expect("relaxation");
            assert!(!fractional_stations(&gen, &root.support).is_empty(), "the root relaxation is integral");
            let prover = Prover { gap, deadline, log: false, places: places.clone(), question: None };
            let share = if proving { 0.5 } else { 3.0 };
            let mut accept = |_: &Generator, _: &[usize]| -> Option<f64> { None };
            // The root's search finds a plan that proves the gap or not; the nodes' find none.
            let (mut at_root, mut at_nodes) = (0, 0);
            let mut search = |_: &mut Generator, state: &Converged, incumbent: f64, _: Instant, reach: Reach| {
                match reach {
                    Reach::Neighbourhoods => at_root += 1,
                    _ => at_nodes += 1,
                }
                (reach == Reach::Neighbourhoods).then_some(state.bound * (1.0 - share * gap)).filter(|&v| v > incumbent)
            };
            let floor = root.bound * (1.0 - 0.01);
            let proof = prover.run(&mut gen, root.bound, floor, &mut accept, &mut search).expect("search");
            if proving {
                assert_eq!(proof.nodes, 1, "the root's plan proves the gap, yet the search branched");
                assert_eq!(proof.evaluations, 0, "the root's plan proves the gap, yet strong branching ran");
                assert!(!proof.complete && !proof.time_limit, "the search settled the root instead of stopping");
            } else {
                assert!(proof.evaluations > 0, "a plan outside the gap, yet no strong branching");
            }
            assert_eq!(at_root, 1, "the root's search ran {at_root} times");
            assert!(
                at_nodes <= proof.nodes / NODE_SEARCH_EVERY,
                "{at_nodes} searches at the nodes in {} nodes without a better plan",
                proof.nodes
            );
            assert!(
                proof.bound <= root.bound + 1e-6 * root.bound,
                "bound {} above the root's {}",
                proof.bound,
                root.bound
            );
        }
    }
}
