//! sectoria-run: one planning run, as the command line and the web application both do it —
//! load an instance and a scenario, [`plan`], [`check`], and write the run's files
//! ([`outputs`], [`privacy`]), and make an adopted plan today's sectors ([`adopt`]).
//!
//! ```no_run
//! use std::path::Path;
//! let instance = sectoria_run::load_instance(Path::new("data/demo")).unwrap();
//! let scenario = sectoria_run::read_scenario(Path::new("data/demo/scenario.toml")).unwrap();
//! let plan = sectoria_run::plan(&instance, &scenario).unwrap();
//! assert!(sectoria_run::check(&instance, &scenario, &plan).unwrap().is_ok());
//! ```
#![deny(missing_docs)]

pub mod adopt;
pub mod clock;
mod error;
pub mod outputs;
pub mod privacy;

pub use error::Error;
pub use sectoria_core::{CheckReport, Instance, Plan, Scenario, SizeLimits};
pub use sectoria_io::{load_instance, read_plan, read_scenario};
/// A stop signal for the solves of a run: [`Stop::during`] makes [`plan`] and the other
/// planning functions run in its closure stoppable; a stopped solve answers [`Error::NoPlan`]
/// with [`INTERRUPTED`].
pub use sectoria_solver::{Stop, INTERRUPTED};

use sectoria_core::{check_plan, Problem};
use std::collections::BTreeMap;
use std::path::Path;

/// A run's inputs read from disk.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The instance.
    pub instance: Instance,
    /// The scenario.
    pub scenario: Scenario,
    /// SHA-256 of each input file, by file name (recorded in the plan).
    pub hashes: BTreeMap<String, String>,
    /// What the files hold that looks wrong but does not stop the plan, each naming its file,
    /// lines and figures (today's sectors above a quotité, ignored `current.csv` lines, time
    /// lost to the decision unit): [`Inputs::warn`] puts them in a plan.
    pub warnings: Vec<String>,
}

impl Inputs {
    /// Puts the input files' warnings in `plan`'s warnings, after those that change what its
    /// figures mean ([`Plan::add_input_warnings`]).
    pub fn warn(&self, plan: &mut Plan) {
        plan.add_input_warnings(&self.warnings);
    }
}

/// Reads the instance in `instance_dir` and the scenario at `scenario_path` (its locks checked
/// against the instance), and hashes the input files: the preamble of every command that writes
/// a plan.
pub fn load_inputs(instance_dir: &Path, scenario_path: &Path) -> Result<Inputs, Error> {
    let loaded = sectoria_io::load_instance_with_warnings(instance_dir)?;
    let scenario = sectoria_io::read_scenario_for(scenario_path, &loaded.instance)?;
    let warnings = loaded.all_warnings(&scenario).iter().map(ToString::to_string).collect();
    Ok(Inputs {
        hashes: sectoria_io::input_hashes(instance_dir, scenario_path)?,
        instance: loaded.instance,
        scenario,
        warnings,
    })
}

/// The problem of `instance` under `scenario`, refused when larger than `limits` (error `E170`,
/// exit code 1) before any model is built.
pub fn problem_within(instance: &Instance, scenario: &Scenario, limits: &SizeLimits) -> Result<Problem, Error> {
    let problem = Problem::new(instance, scenario)?;
    problem.check_size(limits)?;
    Ok(problem)
}

/// Plans `instance` under `scenario` (no input hashes recorded). The input files' warnings
/// (today's sectors above a quotité, ignored `current.csv` lines…) are the reader's: read the
/// files with [`load_inputs`] and add them to the plan with [`Inputs::warn`].
pub fn plan(instance: &Instance, scenario: &Scenario) -> Result<Plan, Error> {
    plan_with_inputs(instance, scenario, BTreeMap::new())
}

/// Plans `instance` under `scenario`, recording the input files' hashes in the plan, within
/// the default [`SizeLimits`].
pub fn plan_with_inputs(
    instance: &Instance,
    scenario: &Scenario,
    inputs: BTreeMap<String, String>,
) -> Result<Plan, Error> {
    plan_with_limits(instance, scenario, inputs, &SizeLimits::default())
}

/// Plans `instance` under `scenario`, recording the input files' hashes in the plan; refuses a
/// problem larger than `limits` (error `E170`, exit code 1) before any model is built.
pub fn plan_with_limits(
    instance: &Instance,
    scenario: &Scenario,
    inputs: BTreeMap<String, String>,
    limits: &SizeLimits,
) -> Result<Plan, Error> {
    let problem = problem_within(instance, scenario, limits)?;
    Ok(sectoria_solver::plan(&problem, inputs)?)
}

/// Checks `plan` against `instance` and `scenario` without the solver: every constraint, and
/// every objective term recomputed.
pub fn check(instance: &Instance, scenario: &Scenario, plan: &Plan) -> Result<CheckReport, Error> {
    let problem = Problem::new(instance, scenario)?;
    Ok(check_plan(&problem, plan))
}

/// [`check`], told also the SHA-256 of the input files given now, by name
/// (`sectoria_io::input_hashes`): a plan computed on another instance or with another scenario
/// is said so first, and its figures that differ as a consequence are not blamed on an edit.
pub fn check_with_inputs(
    instance: &Instance,
    scenario: &Scenario,
    plan: &Plan,
    files: &BTreeMap<String, String>,
) -> Result<CheckReport, Error> {
    let problem = Problem::new(instance, scenario)?;
    Ok(sectoria_core::check::check_plan_against(&problem, plan, Some(files)))
}
