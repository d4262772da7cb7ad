//! *Résultats*, « Pour les planifications suivantes »: the workers of `workers.csv` that an
//! establishment can be kept with, nearest first, each with the distance the planner itself
//! uses ([`sectoria_core::Problem::km`]: `distances.csv` when it gives the pair, else the great
//! circle × the scenario's detour factor) — the numbers of the establishment's explanation.
//!
//! A REP+ école follows the worker of its head collège (`rep_plus_schools_follow_college`): that
//! worker comes first, and the answer names the collège. A worker without a residence in
//! `workers.csv` (the model places it) has no distance to give: it is said so, last.

use crate::error::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use sectoria_core::{BaseChoice, Instance, Kind, Plan, Problem};
use serde::Serialize;
use std::sync::Arc;

/// Where a distance comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A line of `distances.csv` (by worker id, or by the residence's UAI).
    Measured,
    /// The residence is the establishment itself.
    AtBase,
    /// Great circle × the scenario's detour factor.
    Estimate,
}

/// One worker the establishment can be kept with.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// Identifier in `workers.csv`.
    pub id: String,
    /// Name or pseudonym, when given.
    pub name: Option<String>,
    /// Road distance from the residence, km; `None` for a worker without a residence.
    pub km: Option<f64>,
    /// Where `km` comes from (`None` without a residence).
    pub source: Option<Source>,
    /// Beyond `rules.max_distance_km` (a lock is exempt from it, a plain choice is not).
    pub beyond_limit: bool,
    /// Half-days the worker gives the establishment in the run's plan.
    pub units: u32,
    /// The worker serves the école's head collège in the run's plan.
    pub serves_head: bool,
}

/// The answer: the candidates in the order the page proposes them, and the head collège of a
/// REP+ école that follows it.
#[derive(Debug, Clone, Serialize)]
pub struct Candidates {
    /// The establishment.
    pub uai: String,
    /// The head collège the école follows (its UAI, name and the worker serving it in the plan).
    pub head: Option<Head>,
    /// Whether `distances.csv` exists (and has lines).
    pub distances_file: bool,
    /// `travel.detour_factor` of the run's scenario (for the estimates).
    pub detour_factor: f64,
    /// `rules.max_distance_km` of the run's scenario.
    pub max_distance_km: f64,
    /// The workers: the head collège's worker first, then by distance, those without a residence last.
    pub workers: Vec<Candidate>,
}

/// The head collège of a REP+ école.
#[derive(Debug, Clone, Serialize)]
pub struct Head {
    /// UAI.
    pub uai: String,
    /// Name.
    pub name: String,
    /// The worker serving it in the run's plan (most half-days), if any.
    pub worker: Option<String>,
}

/// The candidates for `uai` under the run's `plan` and the instance as it is now.
pub fn candidates(instance: &Instance, plan: &Plan, uai: &str) -> Result<Candidates, ApiError> {
    let problem = Problem::new(instance, &plan.scenario).map_err(|e| ApiError::run(&sectoria_run::Error::from(e)))?;
    let i = problem
        .site_index(uai)
        .ok_or_else(|| ApiError::not_found(format!("l'établissement {uai} n'est pas dans le périmètre de ce plan")))?;
    let in_plan = |u: &str| plan.establishments.iter().find(|e| e.uai == u);
    let head = problem.head[i].filter(|_| problem.sites[i].kind() == Kind::Ecole).map(|h| {
        let site = &problem.sites[h];
        let worker = in_plan(site.uai())
            .and_then(|e| e.workers.iter().max_by(|a, b| a.units.cmp(&b.units).then(b.worker.cmp(&a.worker))))
            .map(|w| w.worker.clone());
        Head { uai: site.uai().to_string(), name: site.establishment.name.clone(), worker }
    });
    let here = in_plan(uai);
    let max_km = problem.scenario.rules.max_distance_km;
    let mut workers: Vec<Candidate> = problem
        .staff
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.generated)
        .map(|(k, s)| {
            let w = &s.worker;
            let (km, source) = match &w.base {
                Some(base) => {
                    let km = problem.km(k, &BaseChoice::Fixed(base.clone()), i);
                    let measured = instance.distances.contains_key(&(w.id.clone(), uai.to_string()))
                        || base
                            .uai
                            .as_ref()
                            .is_some_and(|b| instance.distances.contains_key(&(b.clone(), uai.to_string())));
                    let source = if measured {
                        Source::Measured
                    } else if base.uai.as_deref() == Some(uai) {
                        Source::AtBase
                    } else {
                        Source::Estimate
                    };
                    (Some(km), Some(source))
                }
                None => (None, None),
            };
            Candidate {
                id: w.id.clone(),
                name: w.name.clone(),
                km,
                source,
                beyond_limit: km.is_some_and(|d| d > max_km + 1e-9),
                units: here.and_then(|e| e.workers.iter().find(|x| x.worker == w.id)).map_or(0, |x| x.units),
                serves_head: head.as_ref().is_some_and(|h| h.worker.as_deref() == Some(w.id.as_str())),
            }
        })
        .collect();
    workers.sort_by(|a, b| {
        b.serves_head
            .cmp(&a.serves_head)
            .then(a.km.is_none().cmp(&b.km.is_none()))
            .then(a.km.unwrap_or(0.0).total_cmp(&b.km.unwrap_or(0.0)))
            .then(a.id.cmp(&b.id))
    });
    Ok(Candidates {
        uai: uai.to_string(),
        head,
        distances_file: !instance.distances.is_empty(),
        detour_factor: problem.scenario.travel.detour_factor,
        max_distance_km: max_km,
        workers,
    })
}

/// `GET /api/instances/{instance}/runs/{run}/candidates/{uai}`.
pub async fn get(
    State(state): State<Arc<crate::AppState>>,
    Path((instance, run, uai)): Path<(String, String, String)>,
) -> Result<Json<Candidates>, ApiError> {
    let inst_dir = state.workspace.instance(&instance)?;
    let (_, plan) = crate::runs::shown_plan(&state, &instance, &run)?;
    let answer = tokio::task::spawn_blocking(move || -> Result<Candidates, ApiError> {
        let inst = sectoria_run::load_instance(&inst_dir).map_err(|e| ApiError::input(&e))?;
        candidates(&inst, &plan, &uai)
    })
    .await
    .map_err(|_| {
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "W500",
            "la liste des assistants s'est arrêtée sur une erreur interne",
        )
    })??;
    Ok(Json(answer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sectoria_core::{Assignment, Scenario, Solution};

    /// The demo instance (with its `distances.csv`), ASS26 without a residence, and a plan where
    /// ASS01 serves the head collège 0990228K of the REP+ école 0992015C.
    fn demo() -> (Instance, Plan) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
        let mut instance = sectoria_io::load_instance(&dir).expect("the demo loads");
        let last = instance.workers.len() - 1;
        instance.workers[last].base = None;
        let problem = Problem::new(&instance, &Scenario::default()).expect("the demo is valid");
        let mut solution = Solution::empty(&problem);
        let (k, i) = (problem.staff_index("ASS01").expect("ASS01"), problem.site_index("0990228K").expect("collège"));
        solution.assignments = vec![Assignment { worker: k, site: i, units: 3 }];
        solution.normalise();
        let solver = sectoria_core::test_support::solved_by_hand(0.0);
        let plan = sectoria_core::assemble(&problem, &solution, solver, &solution, Default::default());
        (instance, plan)
    }

    #[test]
    fn a_rep_plus_ecole_proposes_its_head_college_s_worker_first_with_distances_csv() {
        let (instance, plan) = demo();
        let c = candidates(&instance, &plan, "0992015C").expect("candidates");
        let head = c.head.as_ref().expect("a head collège");
        assert_eq!((head.uai.as_str(), head.worker.as_deref()), ("0990228K", Some("ASS01")));
        assert!(c.distances_file);
        let first = &c.workers[0];
        assert_eq!(first.id, "ASS01");
        assert!(first.serves_head);
        // distances.csv: 0990228K;0992015C;2.570 — the explanation's « à 2,6 km ».
        assert_eq!((first.km, first.source), (Some(2.570), Some(Source::Measured)));
        // ASS09 (residence 0991073D): its distances.csv line, not the great-circle estimate.
        let ass09 = c.workers.iter().find(|w| w.id == "ASS09").expect("ASS09");
        let line = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo/distances.csv"),
        )
        .expect("distances.csv")
        .lines()
        .find(|l| l.starts_with("0991073D;0992015C;"))
        .map(|l| l.split(';').nth(2).unwrap_or_default().parse::<f64>().unwrap_or_default());
        assert_eq!((ass09.km, ass09.source), (line, Some(Source::Measured)));
        // The others by distance; the worker without a residence last, without a distance.
        let kms: Vec<f64> = c.workers[1..].iter().filter_map(|w| w.km).collect();
        assert!(kms.windows(2).all(|p| p[0] <= p[1]), "{kms:?}");
        let last = c.workers.last().expect("workers");
        assert_eq!((last.km, last.source, last.beyond_limit), (None, None, false));
        assert_eq!(c.workers.len(), instance.workers.len());
    }

    #[test]
    fn a_college_has_no_head_and_its_own_residence_is_at_zero_km() {
        let (instance, plan) = demo();
        let c = candidates(&instance, &plan, "0990228K").expect("candidates");
        assert!(c.head.is_none());
        assert_eq!((c.workers[0].id.as_str(), c.workers[0].km, c.workers[0].units), ("ASS01", Some(0.0), 3));
        assert!(candidates(&instance, &plan, "0000000X").is_err());
    }
}
