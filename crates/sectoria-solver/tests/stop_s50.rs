//! A solve asked to stop ([`sectoria_solver::Stop`], a run cancelled in the web application)
//! ends well before the end of its search with the « interrompu » answer, and starts no HiGHS
//! run once asked.
//!
//! The instances: the demo in budget-only mode (posts whose bases the solver chooses, an exact
//! search of 12 s or more) and, when the shared data folder is present, Haute-Garonne
//! budget-only (40 s or more). Wall times are only bounded loosely: 120 s of time limit, 30 s to
//! return.

use sectoria_core::{check_solution, Instance, Problem, Scenario};
use sectoria_solver::{SolveError, Stop, INTERRUPTED};
use std::path::Path;
use std::time::{Duration, Instant};

/// Time limit of the solves: far beyond what a stopped solve may take.
const LIMIT_S: f64 = 120.0;

/// What a stopped solve may take at most, here.
const RETURNS_WITHIN: Duration = Duration::from_secs(30);

fn demo() -> (Instance, Scenario) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let instance = sectoria_io::load_instance(&dir).expect("demo instance");
    let scenario = sectoria_io::read_scenario(&dir.join("scenario.toml")).expect("demo scenario");
    (instance, scenario)
}

/// The demo with 20 posts and no workers: the solver chooses their bases (an exact search takes
/// 12 s or more, up to its whole time limit on a busy machine).
fn demo_in_posts() -> (Instance, Scenario) {
    let (mut instance, mut scenario) = demo();
    instance.workers.clear();
    instance.current.clear();
    scenario.budget.total_fte = Some(20.0);
    scenario.rules.must_cover.clear();
    scenario.locks = Default::default();
    (instance, scenario)
}

/// Haute-Garonne budget-only (the annuaire import at 1 ETP per 1,600 pupils), or `None` with a
/// message when the shared data folder is absent.
fn haute_garonne() -> Option<(Instance, Scenario)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !data.join("annuaire").is_dir() {
        println!("dossier de données absent ({}) : test sur la Haute-Garonne ignoré", data.display());
        return None;
    }
    let out = tempfile::tempdir().expect("temporary folder");
    let options = sectoria_import::ImportOptions {
        departement: "031".to_string(),
        files: sectoria_import::SourceFiles::from_data_dir(&data).expect("source files"),
        include_private: false,
        pupils_per_fte: Some(1600.0),
        out_dir: out.path().to_path_buf(),
    };
    sectoria_import::import(&options).expect("import of Haute-Garonne");
    let instance = sectoria_io::load_instance(out.path()).expect("instance");
    let scenario = sectoria_io::read_scenario(&out.path().join("scenario.toml")).expect("scenario");
    Some((instance, scenario))
}

/// The problem of `instance` under `scenario` asked for an exact optimum within [`LIMIT_S`].
fn exact(instance: &Instance, mut scenario: Scenario) -> Problem {
    scenario.solver.relative_gap = 0.0;
    scenario.solver.time_limit_s = LIMIT_S;
    Problem::new(instance, &scenario).expect("valid scenario")
}

/// Solves `problem` with a stop requested after `after`; the outcome and the time it took.
fn solve_stopped_after(problem: &Problem, after: Duration) -> (Result<sectoria_solver::Solved, SolveError>, Duration) {
    let stop = Stop::new();
    let asker = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            std::thread::sleep(after);
            stop.request();
        })
    };
    let clock = Instant::now();
    let outcome = stop.during(|| sectoria_solver::solve(problem));
    let spent = clock.elapsed();
    asker.join().expect("the thread that asks to stop");
    (outcome, spent)
}

/// The outcome is the « interrompu » answer.
fn assert_interrupted(name: &str, outcome: &Result<sectoria_solver::Solved, SolveError>) {
    match outcome {
        Err(SolveError::NoPlan(message)) => assert_eq!(message, INTERRUPTED, "{name}"),
        Err(e) => panic!("{name}: {e}"),
        Ok(solved) => panic!("{name}: a plan of status {:?}, not stopped", solved.report.status),
    }
}

#[test]
fn a_stop_asked_half_a_second_in_ends_a_long_solve_well_before_its_time_limit() {
    let mut cases = vec![("démo en postes", demo_in_posts())];
    if let Some(hg) = haute_garonne() {
        cases.push(("Haute-Garonne", hg));
    }
    for (name, (instance, scenario)) in cases {
        let problem = exact(&instance, scenario);
        let (outcome, spent) = solve_stopped_after(&problem, Duration::from_millis(500));
        println!("{name}: returned {:.2} s after its start", spent.as_secs_f64());
        assert!(spent < RETURNS_WITHIN, "{name}: {:.1} s with a stop asked at 0.5 s", spent.as_secs_f64());
        assert_interrupted(name, &outcome);
    }
}

/// Asked to stop before it starts, a solve of the compact model (two workers per establishment,
/// whose HiGHS run cannot be interrupted once started) starts none: it answers at once.
#[test]
fn a_solve_asked_to_stop_before_it_starts_runs_no_phase() {
    let (instance, mut scenario) = demo();
    scenario.rules.max_workers_per_establishment = 2;
    let problem = exact(&instance, scenario);
    let stop = Stop::new();
    stop.request();
    let clock = Instant::now();
    let outcome = stop.during(|| sectoria_solver::solve(&problem));
    let spent = clock.elapsed();
    assert!(spent < RETURNS_WITHIN, "{:.1} s with a stop asked at once", spent.as_secs_f64());
    assert_interrupted("démo, deux assistants par établissement", &outcome);
}

/// A stop never requested changes nothing: the solve finds its plan.
#[test]
fn a_stop_never_requested_leaves_the_solve_as_it_is() {
    let (instance, scenario) = demo();
    let problem = Problem::new(&instance, &scenario).expect("valid scenario");
    let solved = Stop::new().during(|| sectoria_solver::solve(&problem)).expect("a plan");
    assert!(check_solution(&problem, &solved.solution).is_empty());
}
