//! The master problem over sectors: choose at most one sector per station, at most as many
//! sectors per capacity level as the class has posts, each establishment in at most one sector
//! (exactly one for `must_cover`), within the budget.
//!
//! The linear relaxation is solved by HiGHS's simplex with columns added between solves (the
//! basis is kept); its dual prices drive the pricing. The integer master is solved by HiGHS's
//! branch and bound over the sectors generated.

use crate::run::Controls;
use highs::{ColProblem, HighsModelStatus, Model, Sense};

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
    /// Bounds of every row.
    pub bounds: Vec<(f64, f64)>,
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

    /// `(row, coefficient)` entries of the column.
    pub fn entries(&self, rows: &Rows, class_of_station: usize) -> Vec<(usize, f64)> {
        let mut e: Vec<(usize, f64)> =
            self.assignments.iter().filter_map(|&(i, _)| rows.site[i]).map(|r| (r, 1.0)).collect();
        e.push((rows.level[class_of_station][self.level], 1.0));
        if let Some(r) = rows.station[self.station] {
            e.push((r, 1.0));
        }
        e.push((rows.budget, f64::from(self.units())));
        e
    }
}

/// Solution of the linear master.
#[derive(Debug, Clone)]
pub struct LpSolution {
    /// Objective (without the global constant), artificial penalties included.
    pub value: f64,
    /// Row duals.
    pub duals: Vec<f64>,
    /// Column values, in the order columns were added (artificials first).
    pub columns: Vec<f64>,
}

/// The linear master, kept between solves.
pub struct LinearMaster {
    model: Option<Model>,
    rows: Vec<highs::Row>,
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
        let mut pb = ColProblem::default();
        let rows: Vec<highs::Row> = bounds.iter().map(|&(lo, hi)| pb.add_row(lo..=hi)).collect();
        for &(r, penalty) in artificials {
            pb.add_column(-penalty, 0.0.., [(rows[r], 1.0)]);
        }
        let mut model = pb.try_optimise(Sense::Maximise).ok()?;
        quiet(&mut model, threads);
        Some(LinearMaster { model: Some(model), rows, threads })
    }

    /// Adds a column of objective `value` with `entries` (no upper bound: the station and
    /// level rows already cap it at one, and a bound would take part of its dual price).
    pub fn add(&mut self, value: f64, entries: &[(usize, f64)]) -> bool {
        let Some(model) = self.model.as_mut() else { return false };
        let rows: Vec<(highs::Row, f64)> = entries.iter().map(|&(r, c)| (self.rows[r], c)).collect();
        model.try_add_column(value, 0.0.., rows).is_ok()
    }

    /// Solves the relaxation from the last basis.
    pub fn solve(&mut self) -> Option<LpSolution> {
        let model = self.model.take()?;
        let solved = model.try_solve().ok()?;
        let out = match solved.status() {
            HighsModelStatus::Optimal => {
                let s = solved.get_solution();
                Some(LpSolution {
                    value: solved.objective_value(),
                    duals: s.dual_rows().to_vec(),
                    columns: s.columns().to_vec(),
                })
            }
            _ => None,
        };
        let mut model = Model::from(solved);
        quiet(&mut model, self.threads);
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

/// Solves the integer master over `columns` (no artificials), warm-started with `start`
/// (indices of columns forming a feasible plan), within `time_limit_s` and the scenario's gap.
pub fn solve_integer(
    bounds: &[(f64, f64)],
    entries: &[Vec<(usize, f64)>],
    values: &[f64],
    start: Option<&[usize]>,
    time_limit_s: f64,
    ctl: &Controls,
) -> Option<IntegerOutcome> {
    let mut pb = ColProblem::default();
    let rows: Vec<highs::Row> = bounds.iter().map(|&(lo, hi)| pb.add_row(lo..=hi)).collect();
    for (e, &v) in entries.iter().zip(values) {
        pb.add_integer_column(v, 0.0..=1.0, e.iter().map(|&(r, c)| (rows[r], c)));
    }
    let mut model = pb.try_optimise(Sense::Maximise).ok()?;
    quiet(&mut model, ctl.threads);
    let _ = model.try_set_option("time_limit", time_limit_s.max(0.1));
    let _ = model.try_set_option("mip_rel_gap", ctl.relative_gap);
    let _ = model.try_set_option("random_seed", ctl.seed as i32);
    if let Some(start) = start {
        let mut cols = vec![0.0; values.len()];
        for &q in start {
            cols[q] = 1.0;
        }
        let _ = model.try_set_solution(Some(&cols), None, None, None);
    }
    let solved = model.try_solve().ok()?;
    let time_limit = match solved.status() {
        HighsModelStatus::Optimal => false,
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
    fn duals_price_binding_rows_positively_when_maximising() {
        // max 3a + 2b  s.t.  a + b ≤ 1 (row 0), a ≤ 1 (row 1): a = 1, dual of row 0 = 3.
        let mut master = LinearMaster::new(&[(0.0, 1.0), (0.0, 1.0)], &[], 1).unwrap();
        assert!(master.add(3.0, &[(0, 1.0), (1, 1.0)]));
        assert!(master.add(2.0, &[(0, 1.0)]));
        let s = master.solve().unwrap();
        assert!((s.value - 3.0).abs() < 1e-9);
        // Reduced value c − yᵀa is 0 for the basic column and ≤ 0 for the other.
        let rc_a = 3.0 - s.duals[0] - s.duals[1];
        let rc_b = 2.0 - s.duals[0];
        assert!(rc_a.abs() < 1e-9, "{:?}", s.duals);
        assert!(rc_b <= 1e-9, "{:?}", s.duals);
        assert!(s.duals[0] >= 0.0 && s.duals[1] >= 0.0, "{:?}", s.duals);
        // Adding a better column and re-solving from the basis.
        assert!(master.add(5.0, &[(0, 1.0)]));
        let s = master.solve().unwrap();
        assert!((s.value - 5.0).abs() < 1e-9);
    }
}
