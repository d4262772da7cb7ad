//! The mixed-integer program of DESIGN §3, built with good_lp.
//!
//! Stations: a fixed-base worker is one station; a class of interchangeable posts has one
//! station per candidate base, opened by a binary. For each station `s` and eligible site `i`:
//! integer units `x_si` and binary `y_si`. Per site, `z_i` is the service value, bounded by the
//! tangents of its concave curve with one breakpoint per unit from the minimum presence on
//! (DESIGN §8), and by `V_max × Σ_s y_si`.

use crate::classes::{classes, Class};
use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};
use sectoria_core::{BaseChoice, Problem};
use std::collections::BTreeMap;

/// Rules that may be relaxed to find which one makes a scenario infeasible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relax {
    /// Drop `must_cover`.
    pub must_cover: bool,
    /// Drop locks.
    pub locks: bool,
    /// Drop `max_changes`.
    pub max_changes: bool,
    /// Drop the weekly km cap.
    pub travel_cap: bool,
}

/// A variable with its column index in the HiGHS model.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// good_lp variable.
    pub var: Variable,
    /// Column index.
    pub index: usize,
}

/// An eligible (station, site) pair.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Site index.
    pub site: usize,
    /// Road km from the station's base.
    pub km: f64,
    /// Objective points of travel per unit (`Problem::travel_cost_per_unit`).
    pub travel_per_unit: f64,
    /// Units.
    pub x: Col,
    /// Served.
    pub y: Col,
}

/// A station: a worker (or class of posts) at one base.
#[derive(Debug, Clone)]
pub struct Station {
    /// Class index.
    pub class: usize,
    /// The base.
    pub base: BaseChoice,
    /// One "open at this capacity level" binary per level of the class; empty when the base
    /// is fixed (the station is always open).
    pub open: Vec<Col>,
    /// Eligible pairs.
    pub pairs: Vec<Pair>,
}

impl Station {
    /// `Σ_l coef_l × open_l` (the constant `coef_0` for a fixed station).
    fn opened(&self, coefs: impl Fn(usize) -> f64) -> Expression {
        if self.open.is_empty() {
            return Expression::from(coefs(0));
        }
        self.open.iter().enumerate().map(|(l, o)| coefs(l) * o.var).sum()
    }
}

/// The built model and its index maps.
pub struct Model {
    /// Worker classes.
    pub classes: Vec<Class>,
    /// Stations.
    pub stations: Vec<Station>,
    /// Value variable per site (None when no station can serve it).
    pub z: Vec<Option<Col>>,
    /// Stability deviation per (staff, site), when used.
    pub dev: BTreeMap<(usize, usize), Col>,
    /// Constant part of the objective (stability of current pairs no station can serve).
    pub objective_constant: f64,
    /// Variables (consumed when solving).
    pub vars: ProblemVariables,
    /// Objective.
    pub objective: Expression,
    /// Constraints.
    pub constraints: Vec<Constraint>,
    /// Sites that must be served but have no eligible station.
    pub unreachable_must_cover: Vec<usize>,
    n_cols: usize,
}

impl Model {
    fn add(&mut self, def: good_lp::VariableDefinition) -> Col {
        let var = self.vars.add(def);
        let index = self.n_cols;
        self.n_cols += 1;
        Col { var, index }
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }
}

/// Upper bound on the units a site may usefully receive: the need rounded up, at least the
/// minimum presence, at most the cap, and enough for today's units and locks.
pub(crate) fn useful_units(problem: &Problem, i: usize) -> u32 {
    let site = &problem.sites[i];
    let need = (site.curve.need_units - 1e-9).ceil().max(0.0) as u32;
    let mut u = need.max(site.min_units);
    for (&(_, j), &c) in &problem.current {
        if j == i {
            u = u.max(c);
        }
    }
    for l in problem.locks.iter().filter(|l| l.site == i) {
        u = u.max(l.units.unwrap_or(0));
    }
    u.min(site.cap_units)
}

/// Breakpoints of site `i`'s value curve: `(units, value)` at 0, the minimum presence, then
/// every unit up to `top`; consecutive segments of equal slope are merged.
fn breakpoints(problem: &Problem, i: usize, top: u32) -> Vec<(f64, f64)> {
    let site = &problem.sites[i];
    let m = site.min_units.min(top);
    let mut pts = vec![(0.0, 0.0)];
    for t in m..=top {
        if t == 0 {
            continue;
        }
        let p = (f64::from(t), site.curve.value(f64::from(t)));
        if pts.len() >= 2 {
            let (a, b) = (pts[pts.len() - 2], pts[pts.len() - 1]);
            let s1 = (b.1 - a.1) / (b.0 - a.0);
            let s2 = (p.1 - b.1) / (p.0 - b.0);
            if (s1 - s2).abs() <= 1e-9 * s1.abs().max(1.0) {
                pts.pop();
            }
        }
        pts.push(p);
    }
    pts
}

/// Builds the model of `problem`, with `relax` rules dropped.
pub fn build(problem: &Problem, relax: Relax) -> Model {
    let rules = &problem.scenario.rules;
    let classes = classes(problem);
    let mut model = Model {
        classes: classes.clone(),
        stations: Vec::new(),
        z: vec![None; problem.sites.len()],
        dev: BTreeMap::new(),
        objective_constant: 0.0,
        vars: ProblemVariables::new(),
        objective: Expression::default(),
        constraints: Vec::new(),
        unreachable_must_cover: Vec::new(),
        n_cols: 0,
    };
    let useful: Vec<u32> = (0..problem.sites.len()).map(|i| useful_units(problem, i)).collect();

    // Stations and pairs.
    for (c, class) in classes.iter().enumerate() {
        let k = class.representative();
        let capacity = class.max_capacity();
        for base in problem.base_options(k) {
            let mut eligible: Vec<(usize, f64, f64)> = (0..problem.sites.len())
                .filter(|&i| problem.is_eligible(k, &base, i))
                .map(|i| (i, problem.km(k, &base, i), problem.travel_cost_per_unit(k, &base, i)))
                .collect();
            // A REP+ école needs its head collège at the same station.
            let at: std::collections::BTreeSet<usize> = eligible.iter().map(|&(i, _, _)| i).collect();
            eligible.retain(|&(i, _, _)| problem.head[i].is_none_or(|h| at.contains(&h)));
            if eligible.is_empty() || capacity == 0 {
                continue;
            }
            let open: Vec<Col> = if class.fixed {
                Vec::new()
            } else {
                class.levels.iter().map(|_| model.add(variable().binary())).collect()
            };
            let mut pairs = Vec::with_capacity(eligible.len());
            for (i, km, travel_per_unit) in eligible {
                let upper = useful[i].min(
                    capacity
                        .max(problem.locks.iter().filter(|l| l.site == i).filter_map(|l| l.units).max().unwrap_or(0)),
                );
                if upper < problem.sites[i].min_units {
                    continue;
                }
                let x = model.add(variable().integer().min(0).max(upper));
                let y = model.add(variable().binary());
                pairs.push(Pair { site: i, km, travel_per_unit, x, y });
            }
            model.stations.push(Station { class: c, base, open, pairs });
        }
    }

    // Value variables.
    let mut served: Vec<Expression> = vec![Expression::default(); problem.sites.len()];
    let mut units: Vec<Expression> = vec![Expression::default(); problem.sites.len()];
    let mut has_pair = vec![false; problem.sites.len()];
    for st in &model.stations {
        for p in &st.pairs {
            served[p.site] += p.y.var;
            units[p.site] += p.x.var;
            has_pair[p.site] = true;
        }
    }
    let mut cons: Vec<Constraint> = Vec::new();
    let mut obj = Expression::default();
    for (i, site) in problem.sites.iter().enumerate() {
        if !has_pair[i] {
            if site.must_cover && !relax.must_cover {
                model.unreachable_must_cover.push(i);
            }
            continue;
        }
        let top = useful[i];
        let vmax = site.curve.value(f64::from(top));
        let z = model.add(variable().min(0).max(vmax.max(0.0)));
        model.z[i] = Some(z);
        obj += z.var;
        let pts = breakpoints(problem, i, top);
        for w in pts.windows(2) {
            let ((t0, v0), (t1, v1)) = (w[0], w[1]);
            let slope = (v1 - v0) / (t1 - t0);
            // Perspective of the tangent z ≤ v0 + slope × (a − t0) on "served" (Y = Σ_s y):
            // z ≤ slope × a + (v0 − slope × t0) × Y. Exact at Y = 1, forces z = 0 at Y = 0, and
            // much tighter than the plain tangent when the relaxation serves a site fractionally.
            let intercept = v0 - slope * t0;
            cons.push(constraint!(z.var - slope * units[i].clone() - intercept * served[i].clone() <= 0));
            if rules.max_workers_per_establishment > 1 {
                // Y may exceed 1: keep the plain tangent too.
                cons.push(constraint!(z.var - slope * units[i].clone() <= intercept));
            }
        }
        cons.push(constraint!(z.var - vmax * served[i].clone() <= 0));
        if rules.max_workers_per_establishment > 1 {
            cons.push(constraint!(served[i].clone() <= rules.max_workers_per_establishment));
            cons.push(constraint!(units[i].clone() <= site.cap_units));
        } else {
            cons.push(constraint!(served[i].clone() <= 1));
        }
        if site.must_cover && !relax.must_cover {
            cons.push(constraint!(served[i].clone() >= 1));
        }
    }

    // Stations: linking, capacity, sector size, travel cap, REP+ rule, travel and fragmentation.
    let mut total_units = Expression::default();
    let mut opened_per_level: BTreeMap<(usize, usize), Expression> = BTreeMap::new();
    for st in &model.stations {
        let class = &classes[st.class];
        let k = class.representative();
        let staff = &problem.staff[k];
        let capacity = |l: usize| f64::from(class.levels[l].capacity_units);
        let one = |_| 1.0;
        let mut load = Expression::default();
        let mut secondary = Expression::default();
        let mut n_secondary = 0u32;
        let mut km_expr = Expression::default();
        let y_at: BTreeMap<usize, Variable> = st.pairs.iter().map(|p| (p.site, p.y.var)).collect();
        let open_any = st.opened(one);
        for p in &st.pairs {
            let site = &problem.sites[p.site];
            let upper = useful[p.site];
            cons.push(constraint!(p.x.var - f64::from(site.min_units) * p.y.var >= 0));
            cons.push(constraint!(p.x.var - f64::from(upper.max(site.min_units)) * p.y.var <= 0));
            if !st.open.is_empty() {
                cons.push(constraint!(p.y.var - open_any.clone() <= 0));
            }
            if let Some(h) = problem.head[p.site] {
                if let Some(&yh) = y_at.get(&h) {
                    cons.push(constraint!(p.y.var - yh <= 0));
                }
            }
            load += p.x.var;
            total_units += p.x.var;
            km_expr += 2.0 * p.km * p.x.var;
            if site.kind().is_secondary() {
                secondary += p.y.var;
                n_secondary += 1;
            }
            obj -= p.travel_per_unit * p.x.var;
            obj -= rules.fragmentation_cost * p.y.var;
        }
        if st.open.len() > 1 {
            cons.push(constraint!(open_any.clone() <= 1));
        }
        for (l, o) in st.open.iter().enumerate() {
            *opened_per_level.entry((st.class, l)).or_default() += o.var;
        }
        cons.push(constraint!(load - st.opened(capacity) <= 0));
        if n_secondary > staff.max_establishments {
            cons.push(constraint!(secondary - f64::from(staff.max_establishments) * open_any.clone() <= 0));
        }
        // The class's weekly km cap: its members share it (a worker's own cap makes it a class
        // of its own, `Problem::is_distinct`).
        if let (Some(cap), false) = (problem.km_cap(k), relax.travel_cap) {
            cons.push(constraint!(km_expr - cap.km * open_any.clone() <= 0));
        }
    }
    for ((c, l), opened) in opened_per_level {
        cons.push(constraint!(opened <= classes[c].levels[l].members.len() as f64));
    }
    cons.push(constraint!(total_units <= problem.budget_units));

    // Per-worker expressions (workers with an identity: fixed, or a class of one).
    let mut worker_units: BTreeMap<(usize, usize), (Expression, Expression)> = BTreeMap::new();
    for st in &model.stations {
        let Some(k) = classes[st.class].single() else { continue };
        for p in &st.pairs {
            let e = worker_units.entry((k, p.site)).or_insert_with(|| (Expression::default(), Expression::default()));
            e.0 += p.x.var;
            e.1 += p.y.var;
        }
    }

    // Locks.
    if !relax.locks {
        for l in &problem.locks {
            match worker_units.get(&(l.worker, l.site)) {
                Some((x, y)) => {
                    cons.push(constraint!(y.clone() == 1));
                    if let Some(u) = l.units {
                        cons.push(constraint!(x.clone() == u));
                    }
                }
                None => {
                    // No station can hold the lock: make the model infeasible explicitly.
                    let impossible = model.add(variable().min(0).max(0));
                    cons.push(constraint!(impossible.var >= 1));
                }
            }
        }
    }

    // Stability.
    let penalty = problem.scenario.stability.penalty_per_unit;
    let cap_changes = if relax.max_changes { None } else { problem.scenario.stability.max_changes };
    if (penalty > 0.0 || cap_changes.is_some()) && !problem.current.is_empty() {
        let mut keys: std::collections::BTreeSet<(usize, usize)> = worker_units.keys().copied().collect();
        keys.extend(problem.current.keys().copied());
        let mut total_dev = Expression::default();
        let mut constant = 0.0;
        for key in keys {
            let today = f64::from(problem.current.get(&key).copied().unwrap_or(0));
            match worker_units.get(&key) {
                Some((x, _)) => {
                    let d = model.add(variable().min(0));
                    cons.push(constraint!(d.var - x.clone() >= -today));
                    cons.push(constraint!(d.var + x.clone() >= today));
                    total_dev += d.var;
                    obj -= penalty * d.var;
                    model.dev.insert(key, d);
                }
                None => constant += today,
            }
        }
        model.objective_constant -= penalty * constant;
        if let Some(max) = cap_changes {
            cons.push(constraint!(total_dev <= f64::from(max) - constant));
        }
    }
    model.objective = obj;
    model.constraints = cons;
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::test_support::small_instance;
    use sectoria_core::Scenario;

    #[test]
    fn breakpoints_start_at_minimum_presence_and_merge_equal_slopes() {
        let problem = Problem::new(&small_instance(), &Scenario::default()).unwrap();
        // Site 0: 600 pupils, IPS 100 → need 0.6 ETP = 6 units; thirds of 2 units.
        let pts = breakpoints(&problem, 0, 6);
        let xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
        assert_eq!(xs, vec![0.0, 2.0, 4.0, 6.0]);
        assert!((pts[3].1 - problem.sites[0].curve.max_value()).abs() < 1e-9);
    }

    #[test]
    fn useful_units_is_the_need_rounded_up() {
        let problem = Problem::new(&small_instance(), &Scenario::default()).unwrap();
        assert_eq!(useful_units(&problem, 0), 6);
        assert_eq!(useful_units(&problem, 1), 4);
    }
}
