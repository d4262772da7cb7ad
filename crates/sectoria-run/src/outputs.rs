//! Writing a plan's outputs: `plan.json`, `allocation.csv`, `sectors.csv`, `summary.txt`, the
//! reports (`report.html`, `plan.geojson`, `plan.xlsx`) and the run manifest `manifest.json`.
//!
//! Each file is written to a temporary name in the output folder, then renamed: a reader never
//! sees half a file, and an interrupted run leaves the previous outputs intact.
//!
//! Everything but the manifest is a function of the inputs and the seed (byte-identical from
//! one run to the next when the solver stops on its gap); the manifest also records the run's
//! wall time and command line.

use crate::Error;
use sectoria_core::Plan;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The run manifest: what a committee document needs to be reproduced exactly.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    /// Format version: 1.
    pub schema: u32,
    /// sectoria version.
    pub sectoria_version: &'a str,
    /// Solver engine and version.
    pub engine: &'a str,
    /// Command line of the run.
    pub command: Vec<String>,
    /// The instance folder's name, resolved when the plan was made (`--instance .` names the
    /// folder it was run from, which a later `sectoria report` cannot know).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<&'a str>,
    /// SHA-256 of each input file.
    pub inputs: &'a std::collections::BTreeMap<String, String>,
    /// Seed, threads, time limit and gap target.
    pub solver_settings: &'a sectoria_core::scenario::SolverSettings,
    /// Ending status.
    pub status: sectoria_core::SolveStatus,
    /// Proven relative gap.
    pub relative_gap: f64,
    /// Objective and best bound.
    pub objective: f64,
    /// Best bound.
    pub best_bound: f64,
    /// Wall time of the run, seconds.
    pub elapsed_s: f64,
}

/// The manifest of `plan` as JSON.
pub fn manifest_json(plan: &Plan, elapsed_s: f64) -> String {
    manifest_of_instance(plan, elapsed_s, None)
}

/// [`manifest_json`] with the name of the instance folder the plan was made from.
fn manifest_of_instance(plan: &Plan, elapsed_s: f64, instance: Option<&str>) -> String {
    let m = Manifest {
        schema: 1,
        sectoria_version: &plan.sectoria_version,
        engine: &plan.solver.engine,
        command: std::env::args().collect(),
        instance,
        inputs: &plan.inputs,
        solver_settings: &plan.scenario.solver,
        status: plan.solver.status,
        relative_gap: plan.solver.relative_gap,
        objective: plan.objective.total,
        best_bound: plan.solver.best_bound,
        elapsed_s: (elapsed_s * 1000.0).round() / 1000.0,
    };
    let mut s = serde_json::to_string_pretty(&m).unwrap_or_default();
    s.push('\n');
    s
}

/// The plan's own files: `plan.json`, `allocation.csv`, `sectors.csv`, `summary.txt`.
pub fn plan_files(plan: &Plan, summary: &str) -> Vec<(&'static str, String)> {
    vec![
        ("plan.json", sectoria_io::write_plan_json(plan)),
        ("allocation.csv", sectoria_report::allocation_csv(plan)),
        ("sectors.csv", sectoria_report::sectors_csv(plan)),
        ("summary.txt", summary.to_string()),
    ]
}

/// The committee's documents: `report.html`, `plan.geojson`, `plan.xlsx`. The report's
/// `options` may add a differences section (`compare`), draw a background under the map
/// (`basemap`, GeoJSON text) and name in its header the instance, scenario, run and date they
/// give (the scenario file the plan records otherwise).
pub fn report_files_with(
    plan: &Plan,
    options: &sectoria_report::ReportOptions<'_>,
) -> Result<Vec<(&'static str, Vec<u8>)>, Error> {
    Ok(vec![
        ("report.html", sectoria_report::html_report_with(plan, options)?.into_bytes()),
        ("plan.geojson", sectoria_report::geojson(plan).into_bytes()),
        ("plan.xlsx", sectoria_report::xlsx(plan)?),
    ])
}

/// Every file of a run, as `sectoria plan` writes it: the plan's own files, the committee's
/// documents and the manifest (`elapsed_s` the run's wall time). `instance`, the instance
/// folder's name, heads the report and is kept in the manifest for `sectoria report`.
pub fn run_files(plan: &Plan, elapsed_s: f64, instance: Option<&str>) -> Result<Vec<(&'static str, Vec<u8>)>, Error> {
    let text = sectoria_report::summary(plan, None);
    let mut files: Vec<(&str, Vec<u8>)> =
        plan_files(plan, &text).into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
    let context = sectoria_report::ReportContext { instance: instance.map(str::to_string), ..Default::default() };
    files.extend(report_files_with(plan, &sectoria_report::ReportOptions { context, ..Default::default() })?);
    files.push(("manifest.json", manifest_of_instance(plan, elapsed_s, instance).into_bytes()));
    Ok(files)
}

pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp-sectoria");
    let tmp = PathBuf::from(tmp);
    let io = |cause| Error::Output { path: path.to_path_buf(), cause };
    // A failed write (disk full, …) leaves nothing behind: the previous file stays as it was.
    let written = std::fs::write(&tmp, contents).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(io)
}

/// Writes `files` (name, contents) into `dir` (created if missing). Refuses to replace an
/// existing plan unless `force`. Returns the paths written.
pub fn write_outputs<C: AsRef<[u8]>>(dir: &Path, files: &[(&str, C)], force: bool) -> Result<Vec<PathBuf>, Error> {
    if !force && dir.join("plan.json").exists() {
        return Err(Error::OutputExists(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(|cause| Error::Output { path: dir.to_path_buf(), cause })?;
    let mut written = Vec::new();
    for (name, contents) in files {
        let path = dir.join(name);
        write_atomic(&path, contents.as_ref())?;
        written.push(path);
    }
    Ok(written)
}
