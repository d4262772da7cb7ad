//! Explanations: why an establishment gets what it gets, and what changing it would cost.
//!
//! An explanation gives the priority score with each bonus, the need, the allocation, the
//! worker(s) and their distance. When the establishment is not served, or served below its
//! need, it names the binding reason concretely:
//!
//! - **REP+ rule**: a REP+ école whose head collège is not served;
//! - **no worker within the distance**: no worker (or possible post base) within
//!   `rules.max_distance_km`;
//! - **budget**: the whole budget is used and the establishment's value per half-day (at the
//!   minimum presence, or of its next half-day when served) is below the cut-off, the lowest
//!   such value among the served establishments;
//! - **workers' time**: the workers who may serve it (for a REP+ école: its head collège's
//!   worker) are named with their half-days taken and their sector size — full, or at the sector
//!   limit — and whether budget is left;
//! - **travel**: budget and room are left, but the travel and fragmentation cost of serving it
//!   from the nearest worker with room outweighs its value.
//!
//! **Counterfactual** ([`explain`], [`explain_exact`]): the best plan with the opposite decision,
//! its cost and the proven interval of that cost (see [`crate::counterfactual`]).

use crate::error::ScenarioError;
use sectoria_core::counterfactual::{Counterfactual, ExactExplanation};
use sectoria_core::plan::SiteWorker;
use sectoria_core::priority::PriorityScore;
use sectoria_core::{Kind, Plan, Problem, Solution};
use sectoria_report::frformat::{decimal, readable};
use std::fmt;

/// How far the establishment's need is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Served at its need (or at the allocation cap).
    Full,
    /// Served below its need.
    BelowNeed,
    /// Not served.
    NotServed,
}

/// The rule that keeps an establishment unserved or below its need.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// A REP+ école whose head collège is not served.
    RepPlusRule {
        /// UAI of the head collège.
        head_uai: String,
    },
    /// No worker, and no possible post base, within the distance.
    NoWorkerWithinDistance {
        /// `rules.max_distance_km`.
        max_km: f64,
        /// Road distance of the nearest worker or base, km.
        nearest_km: Option<f64>,
    },
    /// The budget is used up and the establishment's value per half-day is below the cut-off.
    Budget {
        /// Value per half-day: at the minimum presence when not served, of the next half-day
        /// when served.
        value_per_unit: f64,
        /// Lowest such value among the other served establishments (`None`: none is served).
        cutoff: Option<f64>,
    },
    /// The workers who may serve it have no half-day or no sector place left for it (named
    /// with their state), or the whole budget is used.
    WorkersFull {
        /// Half-days of budget left.
        budget_left: u32,
        /// Head collège (UAI) when it is a REP+ école that only its head's worker may serve.
        head_uai: Option<String>,
        /// The workers within reach, nearest first (at most three).
        workers: Vec<WorkerRoom>,
    },
    /// Budget and room are left, but serving it costs more travel and fragmentation than it
    /// brings.
    Travel {
        /// Nearest worker with room.
        worker: String,
        /// Its road distance, km.
        km: f64,
        /// Value per half-day gained.
        value_per_unit: f64,
        /// Travel and fragmentation cost per half-day.
        cost_per_unit: f64,
    },
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Binding::RepPlusRule { head_uai } => write!(
                f,
                "règle REP+ : une école du réseau n'est servie que par l'assistant de son collège tête de réseau, et le collège {head_uai} n'est pas servi"
            ),
            Binding::NoWorkerWithinDistance { max_km, nearest_km } => {
                write!(f, "distance : aucun assistant à moins de {} km", decimal(*max_km, 0))?;
                match nearest_km {
                    Some(k) => write!(f, " (le plus proche est à {} km)", decimal(*k, 1)),
                    None => Ok(()),
                }
            }
            Binding::Budget { value_per_unit, cutoff: Some(cutoff) } => write!(
                f,
                "budget : tous les ETP sont attribués ; une demi-journée ici vaut {} points, moins que le seuil des établissements servis ({} points par demi-journée)",
                decimal(*value_per_unit, 1),
                decimal(*cutoff, 1)
            ),
            Binding::Budget { value_per_unit, cutoff: None } => write!(
                f,
                "budget : tous les ETP sont attribués, et déjà ici ; une demi-journée de plus vaudrait {} points",
                decimal(*value_per_unit, 1)
            ),
            Binding::WorkersFull { budget_left, head_uai, workers } => {
                if *budget_left == 0 {
                    write!(f, "temps des assistants : tous les ETP sont attribués ; ")?;
                } else {
                    write!(f, "temps des assistants : il reste {budget_left} demi-journées au budget, mais ")?;
                }
                if let Some(h) = head_uai {
                    write!(f, "seul l'assistant du collège tête de réseau {h} peut servir cette école REP+ ; ")?;
                }
                let w: Vec<String> = workers.iter().map(ToString::to_string).collect();
                if w.is_empty() {
                    write!(f, "aucun assistant en place ne peut le prendre")
                } else {
                    write!(f, "les assistants qui peuvent le servir n'ont pas de place : {}", w.join(" ; "))
                }
            }
            Binding::Travel { worker, km, value_per_unit, cost_per_unit } => write!(
                f,
                "trajets : il reste du budget et de la place, mais depuis {worker} ({} km) une demi-journée coûte {} points de trajet et de fragmentation pour {} points de valeur",
                decimal(*km, 1),
                decimal(*cost_per_unit, 1),
                decimal(*value_per_unit, 1)
            ),
        }
    }
}

/// A worker within reach of an establishment, and how full it is.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerRoom {
    /// Worker id.
    pub id: String,
    /// Road distance to the establishment, km.
    pub km: f64,
    /// Half-days taken.
    pub units_used: u32,
    /// Capacity, half-days.
    pub capacity_units: u32,
    /// Secondary establishments in its sector.
    pub sector_size: u32,
    /// Its sector size limit.
    pub max_sector: u32,
}

impl fmt::Display for WorkerRoom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (à {} km) : {} demi-journées prises sur {}, secteur de {} établissements sur {}",
            self.id,
            decimal(self.km, 1),
            self.units_used,
            self.capacity_units,
            self.sector_size,
            self.max_sector
        )?;
        if self.units_used >= self.capacity_units {
            write!(f, " — temps plein")?;
        } else if self.sector_size >= self.max_sector {
            write!(f, " — secteur complet")?;
        }
        Ok(())
    }
}

/// The explanation of one establishment's allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Kind,
    /// Commune.
    pub commune: String,
    /// Priority score with its bonuses.
    pub priority: PriorityScore,
    /// Pupils counted (cycle 3 for écoles).
    pub pupils: f64,
    /// Need, ETP.
    pub need_fte: f64,
    /// IPS factor of the need.
    pub ips_factor: f64,
    /// Need, half-days (units, continuous).
    pub need_units: f64,
    /// Half-days allocated.
    pub allocated_units: u32,
    /// ETP allocated.
    pub allocated_fte: f64,
    /// Minimum presence when served, half-days.
    pub min_units: u32,
    /// Workers serving it, with their distance.
    pub workers: Vec<SiteWorker>,
    /// Service value.
    pub service_value: f64,
    /// Whether `must_cover` applies.
    pub must_cover: bool,
    /// Coverage of the need.
    pub coverage: Coverage,
    /// Binding reason when not served or below need.
    pub binding: Option<Binding>,
    /// The counterfactual: the best plan with the opposite decision and its cost (only from
    /// [`explain`] and [`explain_exact`]).
    pub change: Option<Counterfactual>,
}

/// Value of the last half-day of an allocation of `u` units at site `i` (at the minimum
/// presence: the mean value per half-day of the minimum presence).
fn last_unit_value(problem: &Problem, i: usize, u: u32) -> f64 {
    let s = &problem.sites[i];
    if u <= s.min_units {
        let m = f64::from(s.min_units);
        s.curve.value(m) / m
    } else {
        s.curve.value(f64::from(u)) - s.curve.value(f64::from(u - 1))
    }
}

struct Context<'a> {
    problem: &'a Problem,
    solution: Solution,
    per_site: Vec<u32>,
    per_worker: Vec<u32>,
}

impl Context<'_> {
    fn new<'a>(problem: &'a Problem, plan: &Plan) -> Result<Context<'a>, ScenarioError> {
        let solution = plan.solution(problem).map_err(|e| ScenarioError::PlanMismatch(e.join("\n")))?;
        Ok(Context {
            per_site: solution.units_per_site(problem.sites.len()),
            per_worker: solution.units_per_worker(problem.staff.len()),
            solution,
            problem,
        })
    }

    /// Cut-off: lowest last-half-day value among served sites other than `i`.
    fn cutoff(&self, i: usize) -> Option<f64> {
        (0..self.problem.sites.len())
            .filter(|&j| j != i && self.per_site[j] > 0)
            .map(|j| last_unit_value(self.problem, j, self.per_site[j]))
            .reduce(f64::min)
    }

    fn budget_left(&self) -> u32 {
        self.problem.budget_units.saturating_sub(self.per_site.iter().sum())
    }

    /// Whether worker `k` can take `extra` more units at site `i` (capacity, sector size).
    fn has_room(&self, k: usize, i: usize, extra: u32) -> bool {
        let st = &self.problem.staff[k];
        let new_site = self.solution.units(k, i) == 0 && self.problem.sites[i].kind().is_secondary();
        let secondary = self
            .solution
            .assignments
            .iter()
            .filter(|a| a.worker == k && self.problem.sites[a.site].kind().is_secondary())
            .count() as u32;
        self.per_worker[k] + extra <= st.capacity_units && (!new_site || secondary < st.max_establishments)
    }

    /// Workers with a base in the plan that may serve site `i`, with their km, nearest first.
    /// For a REP+ école whose head is served, only the head's workers.
    fn eligible(&self, i: usize) -> Vec<(usize, f64)> {
        let p = self.problem;
        let head_workers: Option<Vec<usize>> = p.head[i]
            .filter(|&h| self.per_site[h] > 0)
            .map(|h| self.solution.assignments.iter().filter(|a| a.site == h).map(|a| a.worker).collect());
        let mut v: Vec<(usize, f64)> = (0..p.staff.len())
            .filter(|k| head_workers.as_ref().is_none_or(|hw| hw.contains(k)))
            .filter_map(|k| {
                let base = self.solution.bases[k].as_ref()?;
                p.is_eligible(k, base, i).then(|| (k, p.km(k, base, i)))
            })
            .collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        v
    }

    fn nearest_any(&self, i: usize) -> Option<f64> {
        let p = self.problem;
        p.distinct_staff()
            .into_iter()
            .flat_map(|k| p.base_options(k).into_iter().map(move |b| p.km(k, &b, i)))
            .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.min(d))))
    }

    /// The state of worker `k` seen from site `i`.
    fn room(&self, k: usize, km: f64) -> WorkerRoom {
        let p = self.problem;
        let st = &p.staff[k];
        let sector_size =
            self.solution.assignments.iter().filter(|a| a.worker == k && p.sites[a.site].kind().is_secondary()).count()
                as u32;
        WorkerRoom {
            id: st.worker.id.clone(),
            km,
            units_used: self.per_worker[k],
            capacity_units: st.capacity_units,
            sector_size,
            max_sector: st.max_establishments,
        }
    }

    /// The budget binds when it is used up and `value_per_unit` is below the cut-off.
    fn budget_binds(&self, i: usize, needed: u32, value_per_unit: f64) -> Option<Binding> {
        let cutoff = self.cutoff(i);
        (self.budget_left() < needed && cutoff.is_none_or(|c| value_per_unit < c))
            .then_some(Binding::Budget { value_per_unit, cutoff })
    }

    fn binding(&self, i: usize, coverage: Coverage) -> Option<Binding> {
        let p = self.problem;
        let site = &p.sites[i];
        let units = self.per_site[i];
        match coverage {
            Coverage::Full => None,
            Coverage::NotServed => {
                if let Some(h) = p.head[i].filter(|&h| self.per_site[h] == 0) {
                    return Some(Binding::RepPlusRule { head_uai: p.sites[h].uai().to_string() });
                }
                let reachable =
                    p.distinct_staff().iter().any(|&k| p.base_options(k).iter().any(|b| p.is_eligible(k, b, i)));
                if !reachable {
                    return Some(Binding::NoWorkerWithinDistance {
                        max_km: p.scenario.rules.max_distance_km,
                        nearest_km: self.nearest_any(i),
                    });
                }
                let value_per_unit = last_unit_value(p, i, site.min_units);
                if let Some(b) = self.budget_binds(i, site.min_units, value_per_unit) {
                    return Some(b);
                }
                let eligible = self.eligible(i);
                let budget_left = self.budget_left();
                if budget_left >= site.min_units {
                    if let Some(&(k, km)) = eligible.iter().find(|&&(k, _)| self.has_room(k, i, site.min_units)) {
                        return Some(self.travel(k, km, site.min_units, value_per_unit));
                    }
                }
                Some(Binding::WorkersFull {
                    budget_left,
                    head_uai: p.head[i].map(|h| p.sites[h].uai().to_string()),
                    workers: eligible.iter().take(3).map(|&(k, km)| self.room(k, km)).collect(),
                })
            }
            Coverage::BelowNeed => {
                let value_per_unit = last_unit_value(p, i, units + 1);
                if let Some(b) = self.budget_binds(i, 1, value_per_unit) {
                    return Some(b);
                }
                let serving: Vec<(usize, f64)> = self
                    .solution
                    .assignments
                    .iter()
                    .filter(|a| a.site == i)
                    .map(|a| (a.worker, self.solution.bases[a.worker].as_ref().map_or(0.0, |b| p.km(a.worker, b, i))))
                    .collect();
                let budget_left = self.budget_left();
                if budget_left > 0 {
                    if let Some(&(k, km)) = serving.iter().find(|&&(k, _)| self.has_room(k, i, 1)) {
                        return Some(self.travel(k, km, 1, value_per_unit));
                    }
                }
                Some(Binding::WorkersFull {
                    budget_left,
                    head_uai: None,
                    workers: serving.iter().map(|&(k, km)| self.room(k, km)).collect(),
                })
            }
        }
    }

    fn travel(&self, k: usize, km: f64, units: u32, value_per_unit: f64) -> Binding {
        let s = &self.problem.scenario;
        let new_pair = self.solution.assignments.iter().all(|a| a.worker != k || self.per_site[a.site] == 0);
        let frag = if new_pair { s.rules.fragmentation_cost } else { 0.0 };
        let cost = s.travel.weight_per_km * 2.0 * km * f64::from(units) + frag;
        Binding::Travel {
            worker: self.problem.staff[k].worker.id.clone(),
            km,
            value_per_unit,
            cost_per_unit: cost / f64::from(units.max(1)),
        }
    }

    fn describe(&self, plan: &Plan, i: usize) -> Explanation {
        let p = self.problem;
        let site = &p.sites[i];
        let units = self.per_site[i];
        let need_units = site.curve.need_units;
        let coverage = if units == 0 {
            Coverage::NotServed
        } else if f64::from(units) + 1e-9 < need_units.floor() && units < site.cap_units {
            Coverage::BelowNeed
        } else {
            Coverage::Full
        };
        let result = plan.establishments.iter().find(|e| e.uai == site.uai());
        Explanation {
            uai: site.uai().to_string(),
            name: site.establishment.name.clone(),
            kind: site.kind(),
            commune: site.establishment.commune.clone(),
            priority: site.priority.clone(),
            pupils: site.need.pupils,
            need_fte: site.need.fte,
            ips_factor: site.need.ips_factor,
            need_units,
            allocated_units: units,
            allocated_fte: f64::from(units) * p.unit_fte(),
            min_units: site.min_units,
            workers: result.map(|e| e.workers.clone()).unwrap_or_default(),
            service_value: site.curve.value(f64::from(units)),
            must_cover: site.must_cover,
            coverage,
            binding: self.binding(i, coverage),
            change: None,
        }
    }
}

/// Explains every establishment of `plan`, without the re-solves (no [`ChangeCost`]).
pub fn explain_all(problem: &Problem, plan: &Plan) -> Result<Vec<Explanation>, ScenarioError> {
    let ctx = Context::new(problem, plan)?;
    Ok((0..problem.sites.len()).map(|i| ctx.describe(plan, i)).collect())
}

/// Explains establishment `uai` of `plan` (made from `problem`) with its counterfactual (see
/// [`crate::counterfactual`]), and returns the counterfactual plan beside it when one exists.
pub fn explain_with_plan(
    problem: &Problem,
    plan: &Plan,
    uai: &str,
) -> Result<(Explanation, Option<Plan>), ScenarioError> {
    let i = problem.site_index(uai.trim()).ok_or_else(|| ScenarioError::UnknownUai(uai.trim().to_string()))?;
    let ctx = Context::new(problem, plan)?;
    let mut e = ctx.describe(plan, i);
    let (change, other) = crate::counterfactual::counterfactual(problem, plan, &ctx.solution, i);
    e.change = Some(change);
    Ok((e, other))
}

/// Explains establishment `uai` of `plan` (made from `problem`) with its counterfactual.
pub fn explain(problem: &Problem, plan: &Plan, uai: &str) -> Result<Explanation, ScenarioError> {
    explain_with_plan(problem, plan, uai).map(|(e, _)| e)
}

/// Explains every establishment of `plan` with its counterfactual, the re-solves run in
/// parallel (rayon, one HiGHS thread each); `progress` is called after each one.
pub fn explain_exact(
    problem: &Problem,
    plan: &Plan,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<Explanation>, ScenarioError> {
    use rayon::prelude::*;
    let ctx = Context::new(problem, plan)?;
    let done = std::sync::atomic::AtomicUsize::new(0);
    Ok((0..problem.sites.len())
        .into_par_iter()
        .map(|i| {
            let mut e = ctx.describe(plan, i);
            e.change = Some(crate::counterfactual::counterfactual(problem, plan, &ctx.solution, i).0);
            progress(done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1);
            e
        })
        .collect())
}

/// Writes `explanations` into `plan`: each establishment's exact explanation, and its `reason`
/// replaced by the concrete binding reason.
pub fn attach(plan: &mut Plan, explanations: &[Explanation]) {
    for e in explanations {
        let Some(r) = plan.establishments.iter_mut().find(|r| r.uai == e.uai) else { continue };
        if let Some(b) = &e.binding {
            r.reason = Some(b.to_string());
        }
        if let Some(c) = &e.change {
            r.explanation = Some(ExactExplanation { reason: e.reason_text(), counterfactual: c.clone() });
        }
    }
}

impl Explanation {
    /// The binding reason, or for an establishment served at its need, who serves it (French).
    pub fn reason_text(&self) -> String {
        match &self.binding {
            Some(b) => b.to_string(),
            None => {
                let who: Vec<String> = self
                    .workers
                    .iter()
                    .map(|w| format!("{} ({} demi-journées, à {} km)", w.worker, w.units, decimal(w.km, 1)))
                    .collect();
                format!("servi à hauteur de son besoin par {}", who.join(", "))
            }
        }
    }
}

impl fmt::Display for Explanation {
    /// The explanation in French, for the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} — {} ({}, {})", self.uai, self.name, self.kind.label(), self.commune)?;
        let bonuses: Vec<String> =
            self.priority.bonuses.iter().map(|b| format!(" + {} {}", b.label, decimal(b.points, 1))).collect();
        writeln!(f, "  Score de priorité : {} = 1{}", decimal(self.priority.score, 1), bonuses.concat())?;
        writeln!(
            f,
            "  Besoin : {} ETP ({} demi-journées) pour {} élèves, facteur IPS {}",
            decimal(self.need_fte, 2),
            decimal(self.need_units, 1),
            readable(self.pupils, 0),
            decimal(self.ips_factor, 2)
        )?;
        if self.workers.is_empty() {
            writeln!(f, "  Attribution : aucune présence régulière")?;
        } else {
            let who: Vec<String> = self
                .workers
                .iter()
                .map(|w| format!("{} ({} demi-journées, à {} km)", w.worker, w.units, decimal(w.km, 1)))
                .collect();
            writeln!(
                f,
                "  Attribution : {} ETP ({} demi-journées) par {}",
                decimal(self.allocated_fte, 1),
                self.allocated_units,
                who.join(", ")
            )?;
        }
        writeln!(f, "  Valeur de service : {} points", decimal(self.service_value, 1))?;
        if self.must_cover {
            writeln!(f, "  Couverture obligatoire (rules.must_cover)")?;
        }
        let status = match self.coverage {
            Coverage::Full => "servi à hauteur de son besoin".to_string(),
            Coverage::BelowNeed => format!(
                "servi en dessous de son besoin ({:.0} %)",
                100.0 * f64::from(self.allocated_units) / self.need_units.max(1e-9)
            ),
            Coverage::NotServed => "non servi".to_string(),
        };
        writeln!(f, "  Situation : {status}")?;
        if let Some(b) = &self.binding {
            writeln!(f, "  Raison : {b}")?;
        }
        if let Some(c) = &self.change {
            writeln!(f, "  Contrefactuel : {}", c.text)?;
        }
        Ok(())
    }
}
