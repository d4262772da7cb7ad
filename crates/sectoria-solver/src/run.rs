//! Hands the model to HiGHS with the scenario's controls and reads the outcome back.

use crate::model::{build, Model, Relax};
use good_lp::{constraint, highs, SolverModel};
use highs::HighsModelStatus;
use sectoria_core::{Assignment, Problem, Solution, SolveStatus};

/// Solver controls.
#[derive(Debug, Clone, Copy)]
pub struct Controls {
    /// Seconds.
    pub time_limit_s: f64,
    /// Relative gap.
    pub relative_gap: f64,
    /// Threads.
    pub threads: u32,
    /// Seed.
    pub seed: u32,
    /// An upper bound on the objective already proven (by the sector reformulation): the
    /// model gets the valid constraint `objective ≤ bound`, so HiGHS stops as soon as a plan
    /// is within the gap of it.
    pub proven_bound: Option<f64>,
}

/// What one HiGHS run gave.
pub enum RunOutcome {
    /// A plan, with its status, objective and bound.
    Solved {
        /// Solution in index form.
        solution: Solution,
        /// Status.
        status: SolveStatus,
        /// Objective as HiGHS computed it (including the constant).
        objective: f64,
        /// Best bound.
        bound: f64,
        /// Proven relative gap.
        gap: f64,
    },
    /// Proven infeasible.
    Infeasible,
    /// No plan: HiGHS refused the model or failed.
    NoSolution(String),
    /// No plan before the time limit.
    OutOfTime,
}

/// Column values of `warm` (a solution of `problem`) in `model`, or `None` when it does not
/// map onto the model's stations and pairs.
fn warm_start(problem: &Problem, model: &Model, warm: &Solution) -> Option<Vec<f64>> {
    let mut cols = vec![0.0; model.n_cols()];
    // (class, level) of each staff member.
    let mut level_of = vec![(0, 0); problem.staff.len()];
    for (c, class) in model.classes.iter().enumerate() {
        for (l, level) in class.levels.iter().enumerate() {
            for &k in &level.members {
                level_of[k] = (c, l);
            }
        }
    }
    let mut used_station = vec![false; model.stations.len()];
    let mut per_site = vec![0u32; problem.sites.len()];
    for (k, &(c, l)) in level_of.iter().enumerate() {
        let assignments: Vec<&Assignment> = warm.assignments.iter().filter(|a| a.worker == k).collect();
        if assignments.is_empty() {
            continue;
        }
        let base = warm.bases[k].as_ref()?;
        let s = model.stations.iter().position(|st| st.class == c && &st.base == base)?;
        if used_station[s] {
            return None;
        }
        used_station[s] = true;
        let st = &model.stations[s];
        if let Some(o) = st.open.get(l) {
            cols[o.index] = 1.0;
        }
        for a in assignments {
            let p = st.pairs.iter().find(|p| p.site == a.site)?;
            cols[p.x.index] = f64::from(a.units);
            cols[p.y.index] = 1.0;
            per_site[a.site] += a.units;
        }
    }
    for (i, z) in model.z.iter().enumerate() {
        if let Some(z) = z {
            cols[z.index] = problem.sites[i].curve.value(f64::from(per_site[i]));
        }
    }
    for (&(k, i), d) in &model.dev {
        let today = problem.current.get(&(k, i)).copied().unwrap_or(0);
        cols[d.index] = f64::from(warm.units(k, i).abs_diff(today));
    }
    Some(cols)
}

/// Builds and solves `problem` with `relax`, warm-started from `warm` when it fits; the time
/// limit counts the model's building too.
pub fn run(problem: &Problem, relax: Relax, controls: Controls, warm: Option<&Solution>) -> (RunOutcome, usize, usize) {
    let clock = std::time::Instant::now();
    let model = build(problem, relax);
    if !model.unreachable_must_cover.is_empty() {
        return (RunOutcome::Infeasible, model.n_cols(), 0);
    }
    if model.n_cols() == 0 {
        // No worker can reach any establishment: the empty plan, if it breaks no rule.
        let empty = Solution::empty(problem);
        if !sectoria_core::check_solution(problem, &empty).is_empty() {
            return (RunOutcome::Infeasible, 0, 0);
        }
        let value = model.objective_constant;
        return (
            RunOutcome::Solved {
                solution: empty,
                status: SolveStatus::Optimal,
                objective: value,
                bound: value,
                gap: 0.0,
            },
            0,
            0,
        );
    }
    let start = warm.and_then(|w| warm_start(problem, &model, w));
    let Model { vars, objective: obj, constraints, stations, objective_constant, classes, .. } = model;
    let n_cols = vars.len();
    let cut =
        controls.proven_bound.filter(|b| b.is_finite()).map(|b| constraint!(obj.clone() <= b - objective_constant));
    let mut lp = vars.maximise(obj).using(highs);
    if let Some(c) = cut {
        lp = lp.with(c);
    }
    for c in constraints {
        lp = lp.with(c);
    }
    let mut hm = match lp.try_into_inner() {
        Ok(m) => m,
        Err(e) => return (RunOutcome::NoSolution(format!("HiGHS : modèle refusé ({e})")), n_cols, 0),
    };
    let n_rows = hm.num_rows();
    hm.make_quiet();
    if std::env::var_os("SECTORIA_HIGHS_LOG").is_some() {
        // Developer switch: HiGHS's own log on the terminal, for profiling.
        let _ = hm.try_set_option("output_flag", true);
        let _ = hm.try_set_option("log_to_console", true);
    }
    let time_limit = (controls.time_limit_s - clock.elapsed().as_secs_f64()).max(0.0);
    let options: [(&str, f64); 2] = [("time_limit", time_limit), ("mip_rel_gap", controls.relative_gap)];
    for (k, v) in options {
        if hm.try_set_option(k, v).is_err() {
            return (RunOutcome::NoSolution(format!("HiGHS : option {k} refusée")), n_cols, n_rows);
        }
    }
    let int_options: [(&str, i32); 2] = [("threads", controls.threads as i32), ("random_seed", controls.seed as i32)];
    for (k, v) in int_options {
        if hm.try_set_option(k, v).is_err() {
            return (RunOutcome::NoSolution(format!("HiGHS : option {k} refusée")), n_cols, n_rows);
        }
    }
    if let Some(cols) = start {
        let _ = hm.try_set_solution(Some(&cols), None, None, None);
    }
    let solved = match hm.try_solve() {
        Ok(s) => s,
        Err(e) => return (RunOutcome::NoSolution(format!("HiGHS : échec de la résolution ({e:?})")), n_cols, n_rows),
    };
    let status = match solved.status() {
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return (RunOutcome::Infeasible, n_cols, n_rows)
        }
        HighsModelStatus::Optimal => None,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit => Some(SolveStatus::TimeLimit),
        other => return (RunOutcome::NoSolution(format!("HiGHS : statut {other:?}")), n_cols, n_rows),
    };
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return (RunOutcome::OutOfTime, n_cols, n_rows);
    }
    let gap = solved.mip_gap();
    let gap = if gap.is_finite() { gap.max(0.0) } else { 0.0 };
    let status = status.unwrap_or(if gap > 1e-6 { SolveStatus::GapReached } else { SolveStatus::Optimal });
    let values = solved.get_solution();
    let cols = values.columns();
    let objective_value = solved.objective_value() + objective_constant;
    let bound = solved.double_info_value(c"mip_dual_bound").map_or(objective_value, |b| b + objective_constant);
    let solution = read_solution(problem, &classes, &stations, cols);
    (RunOutcome::Solved { solution, status, objective: objective_value, bound, gap }, n_cols, n_rows)
}

/// Turns column values into a solution: each open station goes to the next member of the
/// capacity level it is open at.
fn read_solution(
    problem: &Problem,
    classes: &[crate::classes::Class],
    stations: &[crate::model::Station],
    cols: &[f64],
) -> Solution {
    let mut sol = Solution::empty(problem);
    let mut next_member: std::collections::BTreeMap<(usize, usize), usize> = std::collections::BTreeMap::new();
    for st in stations {
        let used: Vec<(usize, u32)> = st
            .pairs
            .iter()
            .filter(|p| cols[p.y.index] > 0.5)
            .map(|p| (p.site, cols[p.x.index].round().max(0.0) as u32))
            .filter(|&(_, u)| u > 0)
            .collect();
        let level = if st.open.is_empty() {
            0
        } else {
            match st.open.iter().position(|o| cols[o.index] > 0.5) {
                Some(l) if !used.is_empty() => l,
                _ => continue,
            }
        };
        let n = next_member.entry((st.class, level)).or_insert(0);
        let Some(&k) = classes[st.class].levels[level].members.get(*n) else { continue };
        *n += 1;
        if !st.open.is_empty() {
            sol.bases[k] = Some(st.base.clone());
        }
        for (site, units) in used {
            sol.assignments.push(Assignment { worker: k, site, units });
        }
    }
    sol.normalise();
    sol
}
