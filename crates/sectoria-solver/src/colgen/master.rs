//! The master problem over sectors: choose at most one sector per station, at most as many
//! sectors per capacity level as the class has posts, each establishment in at most one sector
//! (exactly one for `must_cover`), within the budget, each station's sectors within the
//! weekly km cap and the half-days changed within their cap when the scenario sets them.
//!
//! The linear relaxation is solved by HiGHS's simplex with columns added between solves (the
//! basis is kept); its dual prices drive the pricing. The integer master is solved by HiGHS's
//! branch and bound over the sectors generated.

use super::station::{kept, within_km_cap};
use crate::run::Controls;
use highs::{ColProblem, HighsModelStatus, Model, Sense};
use std::collections::HashMap;

/// Rows of the master.
#[derive(Debug, Clone)]
pub struct Rows {
    /// Row of each site (`None` when no station reaches it), with its lower bound (1 for must_cover).
    pub site: Vec<Option<usize>>,
    /// Row of each (class, level).
    pub level: Vec<Vec<usize>>,
    /// Row of each station (`None` when the class row already caps it at one).
    pub station: Vec<Option<usize>>,
    /// Budget row.
    pub budget: usize,
    /// Weekly km cap's row of each station (all `None` without a cap).
    pub km: Vec<Option<KmRow>>,
    /// The cap on changes' row (`None` without a cap or without today's sectors).
    pub changes: Option<ChangeRow>,
    /// Bounds of every row.
    pub bounds: Vec<(f64, f64)>,
}

/// The row that holds a station's sectors within the weekly km cap: their weekly km (each
/// half-day a return trip from the base) add up to at most the cap, so that a sector at one is
/// within it (the pricing builds sectors within the cap; the row keeps out of the plans those
/// it admits beyond, see [`super::pricing`]).
#[derive(Debug, Clone)]
pub struct KmRow {
    /// Row index.
    pub row: usize,
    /// Per site, the weekly km of one unit there from the station's base.
    pub per_unit: Vec<f64>,
}

/// The row that caps the half-days changed against today's sectors (`stability.max_changes`),
/// written over the half-days kept so that its lower bound is the one a penalised artificial
/// column keeps feasible: a plan without any sector changes every half-day of today, `C0`; a
/// sector of worker `k` keeps `Σ t − |a − t|` of them (`a` its half-days at a site, `t` today's
/// there), so the row is `Σ (Σ t − |a − t|) x ≥ C0 − max_changes`.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    /// Row index.
    pub row: usize,
    /// Per station, today's half-days of its worker, per site (empty for posts).
    pub today: Vec<Vec<(usize, u32)>>,
}

impl ChangeRow {
    /// Half-days of today `col` keeps, less those it changes.
    fn coefficient(&self, col: &Column) -> f64 {
        let today = &self.today[col.station];
        col.assignments.iter().map(|&(i, a)| kept(today.iter().find(|d| d.0 == i).map_or(0, |d| d.1), a)).sum()
    }
}

impl Rows {
    /// The km cap rows' duals per station, for the pricing (empty without a cap).
    pub fn km_prices(&self, y: &[f64]) -> Vec<f64> {
        if self.km.iter().all(Option::is_none) {
            return Vec::new();
        }
        self.km.iter().map(|k| k.as_ref().map_or(0.0, |k| y[k.row])).collect()
    }

    /// Whether `col` is within its station's weekly km cap (always, without a cap).
    pub fn within_cap(&self, col: &Column) -> bool {
        self.km[col.station].as_ref().is_none_or(|k| within_km_cap(col.weekly_km(k), self.bounds[k.row].1))
    }
}

/// A sector: a column of the master.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Station index.
    pub station: usize,
    /// Level index in the station's class.
    pub level: usize,
    /// `(site, units)`, sorted.
    pub assignments: Vec<(usize, u32)>,
    /// Objective of the sector (without the global constant).
    pub value: f64,
}

impl Column {
    /// Units used.
    pub fn units(&self) -> u32 {
        self.assignments.iter().map(|a| a.1).sum()
    }

    /// Weekly km of the sector, by `km`'s distances.
    fn weekly_km(&self, km: &KmRow) -> f64 {
        self.assignments.iter().map(|&(i, u)| km.per_unit[i] * f64::from(u)).sum()
    }

    /// `(row, coefficient)` entries of the column.
    pub fn entries(&self, rows: &Rows, class_of_station: usize) -> Vec<(usize, f64)> {
        let mut e: Vec<(usize, f64)> =
            self.assignments.iter().filter_map(|&(i, _)| rows.site[i]).map(|r| (r, 1.0)).collect();
        e.push((rows.level[class_of_station][self.level], 1.0));
        if let Some(r) = rows.station[self.station] {
            e.push((r, 1.0));
        }
        e.push((rows.budget, f64::from(self.units())));
        if let Some(km) = &rows.km[self.station] {
            e.push((km.row, self.weekly_km(km)));
        }
        if let Some(changes) = &rows.changes {
            e.push((changes.row, changes.coefficient(self)));
        }
        e
    }
}

/// The simplex for the next solve of the linear master. Adding columns keeps the last basis
/// primal feasible, so the primal simplex carries on from it where the dual simplex would
/// start over (Paris budget-only: column generation in 14 s instead of 40 s; Bouches-du-Rhône
/// 4.0 s instead of 6.6 s). Fixing a column keeps it dual feasible instead: dual simplex
/// (Seine-Saint-Denis: 0.2–2.8 s per solve after a fixing with the primal simplex).
fn simplex(model: &mut Model, primal: bool) {
    let _ = model.try_set_option("simplex_strategy", if primal { 4 } else { 1 });
}

/// A sum row of the master (see [`LinearMaster::add_sums`]).
#[derive(Debug, Clone)]
pub struct Sum {
    /// Bounds of the sum.
    pub bounds: (f64, f64),
    /// The rows whose activities it adds up, with their factors.
    pub members: Vec<(usize, f64)>,
}

/// Solution of the linear master.
#[derive(Debug, Clone)]
pub struct LpSolution {
    /// Objective (without the global constant), artificial penalties included.
    pub value: f64,
    /// Row duals.
    pub duals: Vec<f64>,
    /// `(id, value)` of every column in the master but the artificial ones.
    pub columns: Vec<(usize, f64)>,
    /// Sum of the artificial columns' values.
    pub artificial: f64,
}

/// Bounds of a column of the master.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Between zero and no upper bound (the rows cap it at one).
    Free,
    /// Fixed at one (a dive's decision).
    One,
    /// Fixed at zero (excluded by a branch).
    Zero,
}

/// What a column of the master stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A sector, with the caller's id.
    Sector(usize),
    /// An artificial column (a penalised slack that keeps a mandatory row feasible).
    Artificial,
    /// The slack of row `r`: the row is `entries + slack = hi` with `0 ≤ slack ≤ hi − lo`, so
    /// that a change of the row's lower bound is a change of the slack's bound, which keeps
    /// the basis (a branch requiring an establishment no longer rebuilds the master).
    Slack(usize),
}

/// A column as the master holds it, to rebuild the master without the columns purged.
struct Held {
    kind: Kind,
    value: f64,
    entries: Vec<(usize, f64)>,
    bound: Bound,
}

/// The linear master, kept between solves.
pub struct LinearMaster {
    model: Option<Model>,
    bounds: Vec<(f64, f64)>,
    rows: Vec<highs::Row>,
    /// Every column in the model, by position, with its HiGHS handle.
    held: Vec<(Held, highs::Col)>,
    /// Position of each id in `held`.
    position: HashMap<usize, usize>,
    /// Position of each row's slack in `held`.
    slack: Vec<usize>,
    /// Per row, when it is a sum row (see [`LinearMaster::add_sums`]), the rows whose
    /// activities it adds up, with their factors.
    sums: Vec<Option<Vec<(usize, f64)>>>,
    threads: u32,
}

fn quiet(model: &mut Model, threads: u32) {
    model.make_quiet();
    let _ = model.try_set_option("threads", threads.max(1) as i32);
    if std::env::var_os("SECTORIA_HIGHS_LOG").is_some() {
        let _ = model.try_set_option("output_flag", true);
        let _ = model.try_set_option("log_to_console", true);
    }
}

impl LinearMaster {
    /// A master with `bounds` rows and the artificial columns `(row, penalty)`.
    pub fn new(bounds: &[(f64, f64)], artificials: &[(usize, f64)], threads: u32) -> Option<LinearMaster> {
        let mut master = LinearMaster {
            model: None,
            bounds: bounds.to_vec(),
            rows: Vec::new(),
            held: Vec::new(),
            position: HashMap::new(),
            slack: vec![0; bounds.len()],
            sums: vec![None; bounds.len()],
            threads,
        };
        master.rebuild([])?;
        for &(r, penalty) in artificials {
            master.add_artificial(r, penalty)?;
        }
        Some(master)
    }

    /// A fresh model with the rows and `columns`.
    fn rebuild(&mut self, columns: impl IntoIterator<Item = Held>) -> Option<()> {
        let mut pb = ColProblem::default();
        self.rows = (0..self.bounds.len()).map(|r| self.rhs(r)).map(|rhs| pb.add_row(rhs..=rhs)).collect();
        let mut model = pb.try_optimise(Sense::Maximise).ok()?;
        quiet(&mut model, self.threads);
        simplex(&mut model, false);
        self.model = Some(model);
        self.held.clear();
        self.position.clear();
        // Each row's slack, with its entries in the sum rows over it (as `add_sums` writes them).
        let mut slacks: Vec<Vec<(usize, f64)>> = (0..self.bounds.len()).map(|r| vec![(r, 1.0)]).collect();
        for (g, sum) in self.sums.iter().enumerate() {
            for &(k, c) in sum.iter().flatten() {
                slacks[k].push((g, -c));
            }
        }
        for (r, entries) in slacks.into_iter().enumerate() {
            self.push(Held { kind: Kind::Slack(r), value: 0.0, entries, bound: Bound::Free })?;
        }
        for h in columns.into_iter().filter(|h| !matches!(h.kind, Kind::Slack(_))) {
            self.push(h)?;
        }
        Some(())
    }

    /// Right-hand side of row `r` in HiGHS: its upper bound, less, for a sum row, what its
    /// members' upper bounds add up to (the members' slacks make up the difference).
    fn rhs(&self, r: usize) -> f64 {
        self.bounds[r].1 - self.sums[r].iter().flatten().map(|&(k, c)| c * self.bounds[k].1).sum::<f64>()
    }

    fn push(&mut self, held: Held) -> Option<()> {
        let model = self.model.as_mut()?;
        let rows: Vec<(highs::Row, f64)> = held.entries.iter().map(|&(r, c)| (self.rows[r], c)).collect();
        let col = match (held.kind, held.bound) {
            (Kind::Slack(r), _) => {
                let (lo, hi) = self.bounds[r];
                model.try_add_column(0.0, 0.0..=(hi - lo), rows).ok()?
            }
            (_, Bound::Free) => model.try_add_column(held.value, 0.0.., rows).ok()?,
            (_, Bound::One) => model.try_add_column(held.value, 1.0..=1.0, rows).ok()?,
            (_, Bound::Zero) => model.try_add_column(held.value, 0.0..=0.0, rows).ok()?,
        };
        match held.kind {
            Kind::Sector(id) => {
                self.position.insert(id, self.held.len());
            }
            Kind::Slack(r) => self.slack[r] = self.held.len(),
            Kind::Artificial => {}
        }
        self.held.push((held, col));
        Some(())
    }

    /// Adds column `id` of objective `value` with `entries` (no upper bound: the station and
    /// level rows already cap it at one, and a bound would take part of its dual price).
    /// Entries in sum rows are left out: a sum row counts the sector through its members.
    /// `None` if HiGHS refused it.
    pub fn add(&mut self, id: usize, value: f64, mut entries: Vec<(usize, f64)>) -> Option<()> {
        entries.retain(|&(r, _)| self.sums[r].is_none());
        self.push(Held { kind: Kind::Sector(id), value, entries, bound: Bound::Free })
    }

    /// Adds an artificial column on row `r` with `penalty`.
    pub fn add_artificial(&mut self, r: usize, penalty: f64) -> Option<()> {
        self.push(Held { kind: Kind::Artificial, value: -penalty, entries: vec![(r, 1.0)], bound: Bound::Free })
    }

    /// Appends rows of `bounds`, with `entries(id)` the coefficients of sector `id` in them
    /// (`(index among the new rows, coefficient)`). The basis is kept: each new row's activity
    /// is basic, so the duals stay those of the last solve and the dual simplex goes on from
    /// there. `None` if HiGHS fails.
    pub fn add_rows(&mut self, bounds: &[(f64, f64)], entries: impl Fn(usize) -> Vec<(usize, f64)>) -> Option<()> {
        let first = self.bounds.len();
        self.bounds.extend_from_slice(bounds);
        self.slack.resize(self.bounds.len(), 0);
        self.sums.resize(self.bounds.len(), None);
        let mut per_row: Vec<Vec<(highs::Col, f64)>> = vec![Vec::new(); bounds.len()];
        for (h, col) in &mut self.held {
            if let Kind::Sector(id) = h.kind {
                for (r, c) in entries(id) {
                    per_row[r].push((*col, c));
                    h.entries.push((first + r, c));
                }
            }
        }
        let model = self.model.as_mut()?;
        for (k, factors) in per_row.into_iter().enumerate() {
            let hi = self.bounds[first + k].1;
            self.rows.push(model.try_add_row(hi..=hi, factors).ok()?);
        }
        simplex(model, false);
        for r in first..self.bounds.len() {
            self.push(Held { kind: Kind::Slack(r), value: 0.0, entries: vec![(r, 1.0)], bound: Bound::Free })?;
        }
        Some(())
    }

    /// Appends sum rows: each bounds the sum of its members' activities (`(row, factor)`, rows
    /// of the master that are not sum rows themselves). In HiGHS a sum row is written over the
    /// members' slacks (`activity = upper bound − slack`), so it holds one entry per member
    /// where a row over the sectors would hold one per sector of theirs (a group of stations
    /// counted by a branch: a few entries instead of thousands, and the simplex pays for every
    /// entry). The duals [`LinearMaster::solve`] returns are those of the rows over the
    /// sectors: a sector's reduced value with them is the same, its sum rows included. The
    /// basis is kept, as in [`LinearMaster::add_rows`]. `None` if HiGHS fails or a member is a
    /// sum row.
    pub fn add_sums(&mut self, sums: &[Sum]) -> Option<()> {
        if sums.iter().flat_map(|s| &s.members).any(|&(k, _)| k >= self.bounds.len() || self.sums[k].is_some()) {
            return None;
        }
        let first = self.bounds.len();
        for sum in sums {
            self.bounds.push(sum.bounds);
            self.sums.push(Some(sum.members.clone()));
        }
        self.slack.resize(self.bounds.len(), 0);
        for (g, sum) in (first..).zip(sums) {
            let mut factors = Vec::with_capacity(sum.members.len());
            for &(k, c) in &sum.members {
                let (held, col) = &mut self.held[self.slack[k]];
                held.entries.push((g, -c));
                factors.push((*col, -c));
            }
            let rhs = self.rhs(g);
            let model = self.model.as_mut()?;
            self.rows.push(model.try_add_row(rhs..=rhs, factors).ok()?);
        }
        simplex(self.model.as_mut()?, false);
        for r in first..self.bounds.len() {
            self.push(Held { kind: Kind::Slack(r), value: 0.0, entries: vec![(r, 1.0)], bound: Bound::Free })?;
        }
        Some(())
    }

    /// Rebuilds the master with the same rows and columns: the next solve starts over.
    fn restart(&mut self) -> Option<()> {
        let held: Vec<Held> = std::mem::take(&mut self.held).into_iter().map(|(h, _)| h).collect();
        self.rebuild(held)
    }

    /// Row bounds in force (the rows' own, or a branch's).
    pub fn bounds(&self) -> &[(f64, f64)] {
        &self.bounds
    }

    /// Gives the rows `bounds`. A change of lower bounds only moves the rows' slacks and keeps
    /// the basis; a change of an upper bound rebuilds the master (the basis is lost).
    pub fn set_bounds(&mut self, bounds: &[(f64, f64)]) -> Option<()> {
        if self.bounds == bounds {
            return Some(());
        }
        if self.bounds.len() != bounds.len() || self.bounds.iter().zip(bounds).any(|(a, b)| a.1 != b.1) {
            self.bounds = bounds.to_vec();
            return self.restart();
        }
        let model = self.model.as_mut()?;
        for (r, (&(lo, hi), old)) in bounds.iter().zip(&self.bounds).enumerate() {
            if lo != old.0 {
                model.change_column_bounds(self.held[self.slack[r]].1, 0.0..=(hi - lo));
            }
        }
        simplex(model, false);
        self.bounds = bounds.to_vec();
        Some(())
    }

    /// Number of sectors in the master.
    pub fn sectors(&self) -> usize {
        self.position.len()
    }

    /// Sets the bounds of column `id` (no-op if they are already so).
    pub fn set(&mut self, id: usize, bound: Bound) {
        let Some(&p) = self.position.get(&id) else { return };
        let Some(model) = self.model.as_mut() else { return };
        let (held, col) = &mut self.held[p];
        if held.bound == bound {
            return;
        }
        held.bound = bound;
        match bound {
            Bound::Free => model.change_column_bounds(*col, 0.0..),
            Bound::One => model.change_column_bounds(*col, 1.0..=1.0),
            Bound::Zero => model.change_column_bounds(*col, 0.0..=0.0),
        }
        simplex(model, false);
    }

    /// Rebuilds the master without the columns `keep` rejects (artificial columns and columns
    /// fixed at one are always kept). The basis is lost: the next solve starts over.
    pub fn purge(&mut self, keep: impl Fn(usize) -> bool) -> Option<()> {
        let held: Vec<Held> = std::mem::take(&mut self.held)
            .into_iter()
            .map(|(h, _)| h)
            .filter(|h| match h.kind {
                Kind::Sector(id) => h.bound == Bound::One || keep(id),
                Kind::Artificial | Kind::Slack(_) => true,
            })
            .collect();
        self.rebuild(held)
    }

    /// Solves the relaxation from the last basis.
    pub fn solve(&mut self) -> Option<LpSolution> {
        let model = self.model.take()?;
        let solved = model.try_solve().ok()?;
        let out = match solved.status() {
            HighsModelStatus::Optimal => {
                let s = solved.get_solution();
                let mut columns = Vec::with_capacity(self.held.len());
                let mut artificial = 0.0;
                for ((h, _), &v) in self.held.iter().zip(s.columns()) {
                    match h.kind {
                        Kind::Sector(id) => columns.push((id, v)),
                        Kind::Artificial => artificial += v,
                        Kind::Slack(_) => {}
                    }
                }
                let mut duals = s.dual_rows().to_vec();
                // The duals of the rows over the sectors: a member's own dual, less its share
                // of the sum rows' (their slacks' reduced values are the same either way).
                for (g, sum) in self.sums.iter().enumerate() {
                    let price = duals[g];
                    for &(k, c) in sum.iter().flatten() {
                        duals[k] -= c * price;
                    }
                }
                Some(LpSolution { value: solved.objective_value(), duals, columns, artificial })
            }
            _ => None,
        };
        let mut model = Model::from(solved);
        quiet(&mut model, self.threads);
        simplex(&mut model, true);
        self.model = Some(model);
        debug_assert!(out.as_ref().is_none_or(|o| o.duals.len() == self.rows.len()));
        out
    }
}

/// Outcome of the integer master.
pub struct IntegerOutcome {
    /// Chosen columns (indices into the column list).
    pub chosen: Vec<usize>,
    /// Whether HiGHS stopped on the time limit.
    pub time_limit: bool,
}

/// Shortest time limit of the integer master, in seconds.
pub const SHORTEST: f64 = 0.1;

/// Cuts HiGHS's cut pool holds in the integer master (HiGHS's default is 10,000). At 10 or 30
/// the master took as long as at 100 (Haute-Garonne, Hérault), and at 30 found another plan.
const CUT_POOL: i32 = 100;

/// The programme choosing among sectors (binary columns with `values`, their `entries` in rows
/// within `bounds`), maximising their value.
fn choice_of_sectors(
    bounds: &[(f64, f64)],
    entries: &[Vec<(usize, f64)>],
    values: &[f64],
    threads: u32,
) -> Option<Model> {
    let mut pb = ColProblem::default();
    let rows: Vec<highs::Row> = bounds.iter().map(|&(lo, hi)| pb.add_row(lo..=hi)).collect();
    for (e, &v) in entries.iter().zip(values) {
        let column = e.iter().map(|&(r, c)| (rows[r], c));
        pb.add_integer_column(v, 0.0..=1.0, column);
    }
    let mut model = pb.try_optimise(Sense::Maximise).ok()?;
    quiet(&mut model, threads);
    Some(model)
}

/// Solves the integer master over `columns` (no artificials), warm-started with `start`
/// (indices of columns forming a feasible plan), within `time_limit_s` ([`SHORTEST`] at
/// least), until a plan worth more than `target` is found or none exists in these columns.
///
/// HiGHS's own gap is measured against the bound of these columns only, which is below the
/// proven bound: stopping at the scenario's gap there gave up on plans the target needed
/// (Meuse: 9,101.7 where the same columns held 9,134.4), hence the objective target.
///
/// HiGHS's cut pool is held to [`CUT_POOL`] cuts and its RINS and RENS sub-MIPs are off: on
/// these small set-packing programmes, most of HiGHS's time went to thousands of root cuts and
/// to sub-MIPs, not to plans (Haute-Garonne budget-only at 1e-4: the integer master after the
/// cuts 7.3 → 3.1 s with the same plan and tree; the national run at 1e-4: sums of per-département
/// medians 236.8 → 206.6 s, the same 94 proven).
pub fn solve_integer(
    bounds: &[(f64, f64)],
    entries: &[Vec<(usize, f64)>],
    values: &[f64],
    start: Option<&[usize]>,
    target: f64,
    time_limit_s: f64,
    ctl: &Controls,
) -> Option<IntegerOutcome> {
    let mut model = choice_of_sectors(bounds, entries, values, ctl.threads)?;
    let _ = model.try_set_option("time_limit", time_limit_s.max(SHORTEST));
    let _ = model.try_set_option("mip_rel_gap", 1e-4);
    let _ = model.try_set_option("objective_target", target);
    let _ = model.try_set_option("random_seed", ctl.seed as i32);
    let _ = model.try_set_option("mip_pool_soft_limit", CUT_POOL);
    let _ = model.try_set_option("mip_heuristic_run_rins", false);
    let _ = model.try_set_option("mip_heuristic_run_rens", false);
    if let Some(start) = start {
        let mut cols = vec![0.0; values.len()];
        for &q in start {
            cols[q] = 1.0;
        }
        let _ = model.try_set_solution(Some(&cols), None, None, None);
    }
    let solved = model.try_solve().ok()?;
    let time_limit = match solved.status() {
        HighsModelStatus::Optimal | HighsModelStatus::ObjectiveTarget => false,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt => true,
        _ => return None,
    };
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return None;
    }
    let chosen = solved.get_solution().columns().iter().enumerate().filter(|(_, &v)| v > 0.5).map(|(q, _)| q).collect();
    Some(IntegerOutcome { chosen, time_limit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_integer_master_takes_one_of_three_sectors_that_overlap_in_pairs() {
        // Three sectors, each sharing an establishment (row) with each of the others: a plan
        // holds only one of them.
        let bounds = [(0.0, 1.0); 3];
        let entries = vec![vec![(0, 1.0), (1, 1.0)], vec![(1, 1.0), (2, 1.0)], vec![(0, 1.0), (2, 1.0)]];
        let values = [1.0; 3];
        let ctl = Controls { time_limit_s: 10.0, relative_gap: 1e-4, threads: 1, seed: 0, proven_bound: None };
        let mip = solve_integer(&bounds, &entries, &values, None, f64::MAX, 10.0, &ctl).expect("plan");
        assert_eq!(mip.chosen.len(), 1);
    }

    #[test]
    fn duals_price_binding_rows_positively_when_maximising() {
        // max 3a + 2b  s.t.  a + b ≤ 1 (row 0), a ≤ 1 (row 1): a = 1, dual of row 0 = 3.
        let mut master = LinearMaster::new(&[(0.0, 1.0), (0.0, 1.0)], &[], 1).unwrap();
        assert!(master.add(0, 3.0, vec![(0, 1.0), (1, 1.0)]).is_some());
        assert!(master.add(1, 2.0, vec![(0, 1.0)]).is_some());
        let s = master.solve().unwrap();
        assert!((s.value - 3.0).abs() < 1e-9);
        // Reduced value c − yᵀa is 0 for the basic column and ≤ 0 for the other.
        let rc_a = 3.0 - s.duals[0] - s.duals[1];
        let rc_b = 2.0 - s.duals[0];
        assert!(rc_a.abs() < 1e-9, "{:?}", s.duals);
        assert!(rc_b <= 1e-9, "{:?}", s.duals);
        assert!(s.duals[0] >= 0.0 && s.duals[1] >= 0.0, "{:?}", s.duals);
        // Adding a better column and re-solving from the basis.
        assert!(master.add(2, 5.0, vec![(0, 1.0)]).is_some());
        let s = master.solve().unwrap();
        assert!((s.value - 5.0).abs() < 1e-9);
        // Fixing the second column at one leaves no room for the others.
        master.set(1, Bound::One);
        let s = master.solve().unwrap();
        assert!((s.value - 2.0).abs() < 1e-9, "{s:?}");
        assert_eq!(s.columns[1], (1, 1.0));
        // Purging keeps the fixed column and drops the others asked for.
        master.purge(|id| id != 2).unwrap();
        assert_eq!(master.sectors(), 2);
        let s = master.solve().unwrap();
        assert!((s.value - 2.0).abs() < 1e-9, "{s:?}");
        master.set(1, Bound::Free);
        assert!((master.solve().unwrap().value - 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_sum_row_solves_like_the_row_over_the_sectors_with_the_same_duals() {
        // Stations A (sectors 0, 1) and B (2, 3), one sector each (rows 0, 1); sectors 0, 2
        // and 4 share an establishment (row 2). Rows 3 and 4 count the sectors of A and B:
        // `Σ x` in [0, 2] and `−Σ x` in [−2, 0], over the sectors in one master and as sum
        // rows of rows 0 and 1 in the other.
        let values = [5.0, 3.0, 4.0, 2.0, 3.5];
        let own: [&[(usize, f64)]; 5] =
            [&[(0, 1.0), (2, 1.0)], &[(0, 1.0)], &[(1, 1.0), (2, 1.0)], &[(1, 1.0)], &[(2, 1.0)]];
        let counted = |q: usize| q < 4;
        let full = |q: usize| {
            let mut e = own[q].to_vec();
            if counted(q) {
                e.extend([(3, 1.0), (4, -1.0)]);
            }
            e
        };
        let base = [(0.0, 1.0), (0.0, 1.0), (0.0, 1.0)];
        let mut plain = LinearMaster::new(&base, &[], 1).unwrap();
        let mut summed = LinearMaster::new(&base, &[], 1).unwrap();
        for (q, &v) in values.iter().enumerate() {
            plain.add(q, v, own[q].to_vec()).unwrap();
        }
        plain
            .add_rows(&[(0.0, 2.0), (-2.0, 0.0)], |q| if counted(q) { vec![(0, 1.0), (1, -1.0)] } else { Vec::new() })
            .unwrap();
        summed
            .add_sums(&[
                Sum { bounds: (0.0, 2.0), members: vec![(0, 1.0), (1, 1.0)] },
                Sum { bounds: (-2.0, 0.0), members: vec![(0, -1.0), (1, -1.0)] },
            ])
            .unwrap();
        for (q, &v) in values.iter().enumerate() {
            summed.add(q, v, full(q)).unwrap();
        }
        // Free (sectors 1, 3 and 4), at most one sector in A and B (1 and 4), none (4), both
        // stations used (1, 3 and 4 again).
        let count =
            |at_least: f64, at_most: f64| [(0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (at_least, 2.0), (-at_most, 0.0)];
        for (bounds, expected) in
            [(count(0.0, 2.0), 8.5), (count(0.0, 1.0), 6.5), (count(0.0, 0.0), 3.5), (count(2.0, 2.0), 8.5)]
        {
            plain.set_bounds(&bounds).unwrap();
            summed.set_bounds(&bounds).unwrap();
            let (p, s) = (plain.solve().unwrap(), summed.solve().unwrap());
            assert!((p.value - expected).abs() < 1e-9, "{bounds:?}: {p:?}");
            assert!((s.value - expected).abs() < 1e-9, "{bounds:?}: {s:?}");
            // The duals of the summed master price every sector as the rows over the sectors
            // do: no sector has a positive reduced value, those chosen have none, and the
            // duals' own bound meets the relaxation (they are optimal for it).
            for (q, &v) in values.iter().enumerate() {
                let reduced = v - full(q).iter().map(|&(r, c)| c * s.duals[r]).sum::<f64>();
                assert!(reduced <= 1e-9, "{bounds:?}: sector {q} reduced {reduced}, duals {:?}", s.duals);
                if s.columns[q].1 > 1e-9 {
                    assert!(reduced.abs() <= 1e-9, "{bounds:?}: sector {q} chosen, reduced {reduced}");
                }
            }
            let dual: f64 = bounds.iter().zip(&s.duals).map(|(&(lo, hi), &y)| (y * lo).max(y * hi)).sum();
            assert!((dual - expected).abs() < 1e-9, "{bounds:?}: dual bound {dual}, duals {:?}", s.duals);
        }
    }
}
