//! Small hand-made instances for examples and tests (public so that other crates' tests and
//! doc examples can use them).

use crate::establishment::Establishment;
use crate::instance::Instance;
use crate::kind::Kind;
use crate::location::LatLon;
use crate::worker::{Base, Worker};

/// A plain urban collège at Toulouse's centre with `pupils` pupils and IPS 100.
pub fn college(uai: &str, pupils: u32) -> Establishment {
    Establishment {
        uai: uai.to_string(),
        name: format!("Collège {uai}"),
        kind: Kind::College,
        commune_insee: "31555".to_string(),
        commune: "Toulouse".to_string(),
        location: LatLon::new(43.6045, 1.4440),
        pupils,
        cycle3_pupils: None,
        ips: Some(100.0),
        density: Some(1),
        rep: false,
        rep_plus: false,
        internat: false,
        segpa: false,
        ulis: false,
        upe2a: false,
        relais: false,
        network: None,
        bassin: None,
    }
}

/// A worker with a fixed base at `location`.
pub fn worker(id: &str, fte: f64, location: LatLon) -> Worker {
    Worker {
        id: id.to_string(),
        name: None,
        fte,
        base: Some(Base { uai: None, location }),
        max_establishments: None,
        max_weekly_km: None,
    }
}

/// Three collèges a few km apart and one full-time worker.
pub fn small_instance() -> Instance {
    let mut a = college("0310001A", 600);
    a.rep = true;
    let mut b = college("0310002B", 400);
    b.location = LatLon::new(43.63, 1.40);
    let mut c = college("0310003C", 800);
    c.location = LatLon::new(43.58, 1.48);
    Instance {
        establishments: vec![a, b, c],
        workers: vec![worker("ASS01", 1.0, LatLon::new(43.60, 1.44))],
        ..Instance::default()
    }
}

/// [`small_instance`] plus a REP+ collège (0310004D, 500 pupils) and a second worker (ASS02,
/// 0.5 ETP) based next to it.
pub fn small_instance_with_rep_plus() -> Instance {
    let mut instance = small_instance();
    let mut d = college("0310004D", 500);
    d.rep_plus = true;
    d.name = "Collège Les Izards".to_string();
    d.location = LatLon::new(43.64, 1.45);
    instance.establishments.push(d);
    instance.workers.push(worker("ASS02", 0.5, LatLon::new(43.64, 1.45)));
    instance
}

/// A small assembled plan, independent of any solver: [`small_instance`] plus a REP+ collège
/// and a second worker; ASS01 serves the first two collèges, ASS02 the REP+ one, the third
/// collège is left unserved. The baseline is [`crate::rule_of_thumb()`].
pub fn small_plan() -> crate::plan::Plan {
    small_plan_of(&small_instance_with_rep_plus(), &crate::scenario::Scenario::default())
}

/// [`small_plan`]'s allocation on `instance` (a [`small_instance_with_rep_plus`], changed) under
/// `scenario`.
pub fn small_plan_of(instance: &Instance, scenario: &crate::scenario::Scenario) -> crate::plan::Plan {
    use crate::plan::assemble;
    use crate::solution::{Assignment, Solution};
    let problem = crate::problem::Problem::new(instance, scenario).expect("the small instance is valid");
    let mut solution = Solution::empty(&problem);
    let site = |uai: &str| problem.site_index(uai).expect("site in scope");
    let staff = |id: &str| problem.staff_index(id).expect("worker in scope");
    solution.assignments = vec![
        Assignment { worker: staff("ASS01"), site: site("0310001A"), units: 3 },
        Assignment { worker: staff("ASS01"), site: site("0310002B"), units: 2 },
        Assignment { worker: staff("ASS02"), site: site("0310004D"), units: 4 },
    ];
    solution.normalise();
    let solver = solved_by_hand(crate::objective::objective(&problem, &solution).total);
    let baseline = crate::rule_of_thumb(&problem).solution;
    let inputs = [("establishments.csv".to_string(), "0".repeat(64))].into_iter().collect();
    assemble(&problem, &solution, solver, &baseline, inputs)
}

/// The shape of a random small instance (drawn by property tests): sites around Toulouse,
/// optionally REP+ écoles attached to the first REP+ collège, and workers (none when
/// `budget_only`).
#[derive(Debug, Clone)]
pub struct RandomSpec {
    /// Per site: latitude and longitude offsets (degrees), pupils, kind (0 collège, 1 lycée,
    /// 2 LP), IPS, REP+ (collèges only).
    pub sites: Vec<(f64, f64, u32, u8, f64, bool)>,
    /// REP+ écoles attached to the first REP+ collège.
    pub ecoles: usize,
    /// Per worker: latitude and longitude offsets (degrees), quotité in tenths of an ETP.
    pub workers: Vec<(f64, f64, u8)>,
    /// No workers: posts are generated from the budget.
    pub budget_only: bool,
}

/// The instance of `spec` (see [`RandomSpec`]).
pub fn random_instance(spec: &RandomSpec) -> Instance {
    const CENTRE: (f64, f64) = (43.6, 1.44);
    let mut establishments = Vec::new();
    for (n, &(dlat, dlon, pupils, kind, ips, rep_plus)) in spec.sites.iter().enumerate() {
        let mut e = college(&format!("03100{n:02}A"), pupils);
        e.location = LatLon::new(CENTRE.0 + dlat, CENTRE.1 + dlon);
        e.kind = [Kind::College, Kind::Lycee, Kind::LyceePro][usize::from(kind.min(2))];
        e.ips = Some(ips);
        e.rep_plus = rep_plus && e.kind == Kind::College;
        e.density = Some(if dlat > 0.15 { 6 } else { 2 });
        establishments.push(e);
    }
    if let Some(head) = establishments.iter().find(|e| e.rep_plus).cloned() {
        for n in 0..spec.ecoles {
            let mut e = college(&format!("03199{n:02}E"), 200);
            e.kind = Kind::Ecole;
            e.rep_plus = true;
            e.location = LatLon::new(head.location.lat + 0.01 * n as f64, head.location.lon);
            e.network = Some(head.uai.clone());
            establishments.push(e);
        }
    }
    let workers = if spec.budget_only {
        Vec::new()
    } else {
        spec.workers
            .iter()
            .enumerate()
            .map(|(k, &(dlat, dlon, tenths))| {
                worker(&format!("ASS{k:02}"), f64::from(tenths) / 10.0, LatLon::new(CENTRE.0 + dlat, CENTRE.1 + dlon))
            })
            .collect()
    };
    Instance { establishments, workers, ..Instance::default() }
}

/// A group's coverage with only its counts: `served` of `establishments` (the other figures
/// zero), for tests of how documents word counts.
pub fn served_of(served: usize, establishments: usize) -> crate::kpi::GroupCoverage {
    crate::kpi::GroupCoverage {
        establishments,
        served,
        pupils: 0.0,
        pupils_served: 0.0,
        need_covered: 0.0,
        need_covered_weighted: 0.0,
        presence_mean: 0.0,
    }
}

/// The solver's report of a plan made by hand in a test: optimal at `objective`, no model.
pub fn solved_by_hand(objective: f64) -> crate::plan::SolverReport {
    crate::plan::SolverReport {
        engine: "à la main".to_string(),
        status: crate::plan::SolveStatus::Optimal,
        objective,
        best_bound: objective,
        relative_gap: 0.0,
        variables: 0,
        constraints: 0,
        nodes: 0,
    }
}
