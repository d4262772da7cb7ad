//! Headline figures of a solution: ETP, coverage by priority category and by bassin, share of
//! need covered, presence, travel.
//!
//! The share of need covered is `Σ min(a_i, need_i) / Σ need_i` (half-days), its weighted form
//! `Σ w_i min(a_i, need_i) / Σ w_i need_i` with `w_i` the priority score; the mean presence is
//! the mean of `a_i` over served establishments (half-days a week).

use crate::kind::{Category, Kind};
use crate::objective::{changed_units, weekly_km, weekly_minutes};
use crate::problem::Problem;
use crate::solution::Solution;
use serde::{Deserialize, Serialize};

/// Coverage of a group of establishments (a priority category, a bassin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupCoverage {
    /// Establishments of the group in scope.
    pub establishments: usize,
    /// Of which served.
    pub served: usize,
    /// Pupils of the group (cycle 3 for écoles).
    pub pupils: f64,
    /// Of which in served establishments.
    pub pupils_served: f64,
    /// Share of the group's need covered.
    #[serde(default)]
    pub need_covered: f64,
    /// Share of the group's priority-weighted need covered.
    #[serde(default)]
    pub need_covered_weighted: f64,
    /// Mean half-days a week in the group's served establishments.
    #[serde(default)]
    pub presence_mean: f64,
}

/// Coverage of one priority category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCoverage {
    /// Category.
    pub category: Category,
    /// French label.
    pub label: String,
    /// Its coverage (written inline in `plan.json`).
    #[serde(flatten)]
    pub coverage: GroupCoverage,
    /// Workers serving at least one establishment of the category.
    #[serde(default)]
    pub workers: usize,
    /// Mean weekly km of those workers.
    #[serde(default)]
    pub km_per_worker_mean: f64,
    /// Median weekly km of those workers.
    #[serde(default)]
    pub km_per_worker_median: f64,
    /// Largest weekly km of those workers.
    #[serde(default)]
    pub km_per_worker_max: f64,
    /// REP+ only, when the scope has REP+ écoles: its collèges and its écoles apart, since
    /// `rules.must_cover = ["rep_plus"]` asks a presence in the collèges and in the écoles only
    /// with `rules.must_cover_ecoles` (« REP+ 23/31 » with 8 écoles unserved read as a broken
    /// rule). `None` otherwise, and in plans written before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_level: Option<LevelSplit>,
}

/// A category's coverage in its secondary establishments and in its écoles, apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelSplit {
    /// The category's secondary establishments (for REP+, the networks' collèges).
    pub colleges: GroupCoverage,
    /// The category's écoles (REP+ écoles).
    pub ecoles: GroupCoverage,
}

/// Coverage of one bassin (when the instance names them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BassinCoverage {
    /// Bassin name as given in `establishments.csv`.
    pub bassin: String,
    /// Its coverage (written inline in `plan.json`).
    #[serde(flatten)]
    pub coverage: GroupCoverage,
}

/// Headline figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// ETP available after the reserve.
    pub fte_available: f64,
    /// ETP allocated.
    pub fte_used: f64,
    /// ETP kept in reserve.
    pub fte_reserve: f64,
    /// Establishments in scope.
    pub establishments: usize,
    /// Establishments served.
    pub establishments_served: usize,
    /// Pupils in scope.
    pub pupils: f64,
    /// Pupils in served establishments.
    pub pupils_served: f64,
    /// Σ w·pupils served / Σ w·pupils in scope.
    pub weighted_coverage: f64,
    /// Coverage by priority category.
    pub by_category: Vec<CategoryCoverage>,
    /// Workers (or posts) with at least one establishment.
    pub workers_used: usize,
    /// Mean weekly km over workers used.
    pub km_per_worker_mean: f64,
    /// Largest weekly km of a worker.
    pub km_per_worker_max: f64,
    /// Median weekly km over workers used.
    #[serde(default)]
    pub km_per_worker_median: f64,
    /// Need in scope, ETP.
    #[serde(default)]
    pub need_fte: f64,
    /// Share of the need covered (plain).
    #[serde(default)]
    pub need_covered: f64,
    /// Share of the priority-weighted need covered.
    #[serde(default)]
    pub need_covered_weighted: f64,
    /// Share of the need covered in the establishments with at least one priority bonus.
    #[serde(default)]
    pub need_covered_priority: f64,
    /// Mean half-days a week in served establishments.
    #[serde(default)]
    pub presence_mean: f64,
    /// Coverage by bassin, in name order (empty when no establishment names its bassin).
    #[serde(default)]
    pub by_bassin: Vec<BassinCoverage>,
    /// Total weekly km.
    pub km_total: f64,
    /// Mean weekly driving minutes over workers used, when `distances.csv` gives minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_per_worker_mean: Option<f64>,
    /// Largest weekly driving minutes of a worker, when `distances.csv` gives minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_per_worker_max: Option<f64>,
    /// Units changed against today's sectors (0 without `current.csv`).
    pub changed_units: u32,
    /// Establishments whose worker or time changed against today's sectors, those a departed
    /// worker leaves included ([`crate::departed`]).
    pub changed_establishments: usize,
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

fn group(problem: &Problem, per_site: &[u32], members: &[usize]) -> GroupCoverage {
    let (mut need, mut covered, mut wneed, mut wcovered) = (0.0, 0.0, 0.0, 0.0);
    let (mut served, mut units, mut pupils, mut pupils_served) = (0usize, 0u32, 0.0, 0.0);
    for &i in members {
        let site = &problem.sites[i];
        let n = site.curve.need_units;
        let c = f64::from(per_site[i]).min(n);
        let w = site.priority.score;
        need += n;
        covered += c;
        wneed += w * n;
        wcovered += w * c;
        pupils += site.need.pupils;
        if per_site[i] > 0 {
            served += 1;
            units += per_site[i];
            pupils_served += site.need.pupils;
        }
    }
    GroupCoverage {
        establishments: members.len(),
        served,
        pupils,
        pupils_served,
        need_covered: ratio(covered, need),
        need_covered_weighted: ratio(wcovered, wneed),
        presence_mean: ratio(f64::from(units), served as f64),
    }
}

/// Median of `values` (0 when empty).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => 0.5 * (v[n / 2 - 1] + v[n / 2]),
    }
}

/// Computes the headline figures of `solution`.
pub fn kpis(problem: &Problem, solution: &Solution) -> Kpis {
    let unit = problem.unit_fte();
    let per_site = solution.units_per_site(problem.sites.len());
    let served: Vec<bool> = per_site.iter().map(|&u| u > 0).collect();
    let pupils: f64 = problem.sites.iter().map(|s| s.need.pupils).sum();
    let pupils_served: f64 = problem.sites.iter().zip(&served).filter(|(_, &s)| s).map(|(s, _)| s.need.pupils).sum();
    let weighted: f64 = problem.sites.iter().map(|s| s.curve.scale).sum();
    let weighted_served: f64 = problem.sites.iter().zip(&served).filter(|(_, &s)| s).map(|(s, _)| s.curve.scale).sum();
    let per_worker = solution.units_per_worker(problem.staff.len());
    let worker_km: Vec<f64> = (0..problem.staff.len()).map(|k| weekly_km(problem, solution, k)).collect();
    let by_category = Category::ALL
        .into_iter()
        .map(|c| {
            let members: Vec<usize> = (0..problem.sites.len()).filter(|&i| problem.in_category(i, c)).collect();
            let g = group(problem, &per_site, &members);
            let mut serving: Vec<usize> =
                solution.assignments.iter().filter(|a| members.contains(&a.site)).map(|a| a.worker).collect();
            serving.sort_unstable();
            serving.dedup();
            let km: Vec<f64> = serving.iter().map(|&k| worker_km[k]).collect();
            let (ecoles, colleges): (Vec<usize>, Vec<usize>) =
                members.iter().partition(|&&i| problem.sites[i].kind() == Kind::Ecole);
            let by_level = (c == Category::RepPlus && !ecoles.is_empty()).then(|| LevelSplit {
                colleges: group(problem, &per_site, &colleges),
                ecoles: group(problem, &per_site, &ecoles),
            });
            CategoryCoverage {
                category: c,
                label: c.label().to_string(),
                coverage: g,
                workers: km.len(),
                km_per_worker_mean: ratio(km.iter().sum(), km.len() as f64),
                km_per_worker_median: median(&km),
                km_per_worker_max: km.iter().copied().fold(0.0, f64::max),
                by_level,
            }
        })
        .collect();
    let mut bassins: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, site) in problem.sites.iter().enumerate() {
        if let Some(b) = site.establishment.bassin.as_deref().filter(|b| !b.trim().is_empty()) {
            bassins.entry(b).or_default().push(i);
        }
    }
    let by_bassin = bassins
        .into_iter()
        .map(|(name, members)| BassinCoverage {
            bassin: name.to_string(),
            coverage: group(problem, &per_site, &members),
        })
        .collect();
    let all: Vec<usize> = (0..problem.sites.len()).collect();
    let overall = group(problem, &per_site, &all);
    let prioritised: Vec<usize> = (0..problem.sites.len()).filter(|&i| problem.sites[i].priority.score > 1.0).collect();
    let priority = group(problem, &per_site, &prioritised);
    let kms: Vec<f64> = (0..problem.staff.len()).filter(|&k| per_worker[k] > 0).map(|k| worker_km[k]).collect();
    let km_total: f64 = kms.iter().sum();
    // Travel time, over the same workers as the km, when distances.csv gives minutes.
    let minutes: Option<Vec<f64>> = problem.has_minutes().then(|| {
        (0..problem.staff.len()).filter(|&k| per_worker[k] > 0).map(|k| weekly_minutes(problem, solution, k)).collect()
    });
    let mut changed_sites = std::collections::BTreeSet::new();
    for a in &solution.assignments {
        if problem.current.get(&(a.worker, a.site)).copied() != Some(a.units) {
            changed_sites.insert(a.site);
        }
    }
    for &(k, i) in problem.current.keys() {
        if solution.units(k, i) == 0 {
            changed_sites.insert(i);
        }
    }
    // A departed worker's establishment changes worker whatever the plan does.
    changed_sites.extend(problem.departed.iter().map(|d| d.site));
    let described_today = !(problem.current.is_empty() && problem.departed.is_empty());
    Kpis {
        fte_available: f64::from(problem.budget_units) * unit,
        fte_used: f64::from(per_site.iter().sum::<u32>()) * unit,
        fte_reserve: problem.scenario.budget.reserve_fte,
        establishments: problem.sites.len(),
        establishments_served: served.iter().filter(|&&s| s).count(),
        pupils,
        pupils_served,
        weighted_coverage: if weighted > 0.0 { weighted_served / weighted } else { 0.0 },
        by_category,
        workers_used: kms.len(),
        km_per_worker_mean: if kms.is_empty() { 0.0 } else { km_total / kms.len() as f64 },
        km_per_worker_max: kms.iter().copied().fold(0.0, f64::max),
        km_per_worker_median: median(&kms),
        need_fte: problem.sites.iter().map(|s| s.curve.need_units).sum::<f64>() * unit,
        need_covered: overall.need_covered,
        need_covered_weighted: overall.need_covered_weighted,
        need_covered_priority: priority.need_covered,
        presence_mean: overall.presence_mean,
        by_bassin,
        km_total,
        minutes_per_worker_mean: minutes.as_ref().map(|m| ratio(m.iter().sum(), m.len() as f64)),
        minutes_per_worker_max: minutes.as_ref().map(|m| m.iter().copied().fold(0.0, f64::max)),
        changed_units: changed_units(problem, solution),
        changed_establishments: if described_today { changed_sites.len() } else { 0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::solution::Assignment;
    use crate::test_support::{random_instance, RandomSpec};

    /// A REP+ collège with three écoles of its network, and a plain collège.
    fn rep_plus_with_ecoles(ecoles: usize) -> Problem {
        let spec = RandomSpec {
            sites: vec![(0.0, 0.0, 500, 0, 90.0, true), (0.02, 0.02, 400, 0, 100.0, false)],
            ecoles,
            workers: vec![(0.0, 0.0, 10)],
            budget_only: false,
        };
        Problem::new(&random_instance(&spec), &Scenario::default()).expect("valid")
    }

    /// « REP+ 1/4 » says nothing of which rule is kept: the collège (mandatory) is served, the
    /// écoles (not mandatory by default) are not.
    #[test]
    fn rep_plus_colleges_and_ecoles_are_counted_apart() {
        let problem = rep_plus_with_ecoles(3);
        let mut solution = Solution::empty(&problem);
        let college = problem.site_index("0310000A").expect("REP+ collège");
        solution.assignments = vec![Assignment { worker: 0, site: college, units: 2 }];
        solution.normalise();
        let k = kpis(&problem, &solution);
        let rep_plus = k.by_category.iter().find(|c| c.category == Category::RepPlus).expect("REP+");
        assert_eq!((rep_plus.coverage.served, rep_plus.coverage.establishments), (1, 4));
        let split = rep_plus.by_level.as_ref().expect("REP+ écoles in scope");
        assert_eq!((split.colleges.served, split.colleges.establishments), (1, 1));
        assert_eq!((split.ecoles.served, split.ecoles.establishments), (0, 3));
        assert!(split.colleges.need_covered > 0.0 && split.ecoles.need_covered == 0.0);
        // Only REP+ is split.
        assert!(k.by_category.iter().filter(|c| c.category != Category::RepPlus).all(|c| c.by_level.is_none()));
        // Without REP+ écoles, no split.
        let k = kpis(&rep_plus_with_ecoles(0), &Solution::empty(&rep_plus_with_ecoles(0)));
        assert!(k.by_category.iter().all(|c| c.by_level.is_none()));
    }

    /// A plan written before the split reads back without it, and one without REP+ écoles
    /// writes nothing new.
    #[test]
    fn the_split_is_optional_in_plan_json() {
        let json =
            r#"{"category":"rep_plus","label":"REP+","establishments":4,"served":1,"pupils":1.0,"pupils_served":1.0}"#;
        let c: CategoryCoverage = serde_json::from_str(json).expect("an older plan's category");
        assert!(c.by_level.is_none());
        assert!(!serde_json::to_string(&c).expect("json").contains("by_level"));
    }
}
