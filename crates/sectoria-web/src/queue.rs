//! The planning runs: one worker thread takes the queued runs in order (the solver never runs
//! on the async executor), writes each run's files into its folder and tells the pages what
//! happens through a broadcast channel (sent to the browser as server-sent events).
//!
//! A run is a folder `INSTANCE/runs/AAAAMMJJ-HHMMSS-N/` holding `status.json`, the scenario
//! it was asked with (`scenario.toml`) and, once planned, the command line's files
//! (`plan.json`, `allocation.csv`, `sectors.csv`, `summary.txt`, `report.html`,
//! `plan.geojson`, `plan.xlsx`, `manifest.json`): `sectoria check --instance INSTANCE
//! --scenario RUN/scenario.toml --plan RUN/plan.json` reads them back.
//!
//! Cancelling: the solver has no cancellation hook, so a queued run is skipped and a running
//! run is marked cancelled at once while its solve finishes in the background and its result
//! is dropped (a département solves in about a second). A failing or panicking solve is
//! written on its run and the worker goes on.

use crate::clock;
use crate::state::Planner;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;
use tokio::sync::broadcast;

/// The state of a run, as written in its `status.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    /// Waiting for the worker.
    Queued,
    /// Being planned.
    Running,
    /// Planned; its files are written.
    Done,
    /// No plan (bad input, infeasible scenario, solver failure or panic): see `message`.
    Failed,
    /// Cancelled by the user.
    Cancelled,
    /// The server stopped before the run ended.
    Interrupted,
}

/// `status.json` of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStatus {
    /// Instance folder name.
    pub instance: String,
    /// Run folder name.
    pub run: String,
    /// Scenario file it was asked with.
    pub scenario: String,
    /// State.
    pub state: RunState,
    /// What the run is doing, or why it ended (French).
    pub message: String,
    /// Seconds since the epoch at submission.
    pub created_s: u64,
    /// Wall time of the planning, seconds.
    pub elapsed_s: f64,
}

/// The status file name.
pub const STATUS_FILE: &str = "status.json";

impl RunStatus {
    /// Reads `dir/status.json`; a run left queued or running by a stopped server is
    /// `Interrupted` unless `live`.
    pub fn read(dir: &Path, live: bool) -> Option<Self> {
        let text = std::fs::read_to_string(dir.join(STATUS_FILE)).ok()?;
        let mut s: Self = serde_json::from_str(&text).ok()?;
        if !live && matches!(s.state, RunState::Queued | RunState::Running) {
            s.state = RunState::Interrupted;
            s.message = "interrompu : le serveur s'est arrêté avant la fin ; relancez la planification".into();
        }
        Some(s)
    }

    fn write(&self, dir: &Path) {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        let files = [(STATUS_FILE, text)];
        if let Err(e) = sectoria_run::outputs::write_outputs(dir, &files, true) {
            eprintln!("Attention : {e}");
        }
    }
}

struct Job {
    dir: PathBuf,
    instance_dir: PathBuf,
    status: RunStatus,
}

struct Shared {
    /// Runs not yet ended, by `instance/run`.
    live: Mutex<BTreeSet<String>>,
    /// Runs the user cancelled, by `instance/run`.
    cancelled: Mutex<BTreeSet<String>>,
    events: broadcast::Sender<String>,
}

impl Shared {
    fn publish(&self, status: &RunStatus, dir: &Path) {
        status.write(dir);
        let _ = self.events.send(serde_json::to_string(status).unwrap_or_default());
    }

    fn is_cancelled(&self, key: &str) -> bool {
        self.cancelled.lock().is_ok_and(|c| c.contains(key))
    }

    fn end(&self, key: &str) {
        if let Ok(mut live) = self.live.lock() {
            live.remove(key);
        }
    }
}

/// The queue and its worker thread.
pub struct RunQueue {
    sender: Mutex<mpsc::Sender<Job>>,
    shared: Arc<Shared>,
    counter: AtomicU64,
}

fn key(instance: &str, run: &str) -> String {
    format!("{instance}/{run}")
}

impl RunQueue {
    /// Starts the worker thread, which plans with `planner`.
    pub fn start(planner: Planner) -> Self {
        let (sender, receiver) = mpsc::channel::<Job>();
        let (events, _) = broadcast::channel(256);
        let shared = Arc::new(Shared { live: Mutex::default(), cancelled: Mutex::default(), events });
        let worker = shared.clone();
        std::thread::Builder::new()
            .name("sectoria-runs".into())
            .spawn(move || {
                for job in receiver {
                    work(&worker, &planner, job);
                }
            })
            .expect("the run worker thread starts");
        Self { sender: Mutex::new(sender), shared, counter: AtomicU64::new(0) }
    }

    /// The events (`RunStatus` as JSON) of every run from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.shared.events.subscribe()
    }

    /// Whether the run is queued or running in this server.
    pub fn is_live(&self, instance: &str, run: &str) -> bool {
        self.shared.live.lock().is_ok_and(|l| l.contains(&key(instance, run)))
    }

    /// Creates the run folder under `instance_dir/runs/` with `scenario_text` and queues it.
    pub fn submit(
        &self,
        instance: &str,
        instance_dir: &Path,
        scenario: &str,
        scenario_text: &str,
    ) -> Result<RunStatus, crate::error::ApiError> {
        let created_s = clock::now_s();
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let run = format!("{}-{n}", clock::stamp(created_s));
        let dir = instance_dir.join(crate::workspace::RUNS_DIR).join(&run);
        let files = [("scenario.toml", scenario_text)];
        sectoria_run::outputs::write_outputs(&dir, &files, false).map_err(|e| crate::error::ApiError::run(&e))?;
        let status = RunStatus {
            instance: instance.to_string(),
            run: run.clone(),
            scenario: scenario.to_string(),
            state: RunState::Queued,
            message: "en attente".into(),
            created_s,
            elapsed_s: 0.0,
        };
        if let Ok(mut live) = self.shared.live.lock() {
            live.insert(key(instance, &run));
        }
        self.shared.publish(&status, &dir);
        let job = Job { dir, instance_dir: instance_dir.to_path_buf(), status: status.clone() };
        let sent = self.sender.lock().map(|s| s.send(job).is_ok()).unwrap_or(false);
        if !sent {
            return Err(crate::error::ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "W503",
                "la file des planifications est arrêtée : redémarrez `sectoria serve`",
            ));
        }
        Ok(status)
    }

    /// Cancels a queued or running run; `false` when it is not live.
    pub fn cancel(&self, dir: &Path, instance: &str, run: &str) -> bool {
        let k = key(instance, run);
        if !self.is_live(instance, run) {
            return false;
        }
        if let Ok(mut c) = self.shared.cancelled.lock() {
            c.insert(k.clone());
        }
        if let Some(mut status) = RunStatus::read(dir, true) {
            status.state = RunState::Cancelled;
            status.message = "annulé".into();
            self.shared.publish(&status, dir);
        }
        self.shared.end(&k);
        true
    }
}

fn work(shared: &Shared, planner: &Planner, job: Job) {
    let Job { dir, instance_dir, mut status } = job;
    let k = key(&status.instance, &status.run);
    if shared.is_cancelled(&k) {
        return;
    }
    status.state = RunState::Running;
    status.message = "lecture des données et résolution du programme en nombres entiers…".into();
    shared.publish(&status, &dir);
    let start = Instant::now();
    let cancelled = || shared.is_cancelled(&k);
    let outcome = catch_unwind(AssertUnwindSafe(|| plan_run(planner, &instance_dir, &dir, start, &cancelled)));
    status.elapsed_s = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    if shared.is_cancelled(&k) {
        return;
    }
    match outcome {
        Ok(Ok(message)) => {
            status.state = RunState::Done;
            status.message = message;
        }
        Ok(Err(e)) => {
            status.state = RunState::Failed;
            status.message = e.to_string();
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            status.state = RunState::Failed;
            status.message = format!(
                "erreur interne du solveur ({what}) : la planification s'est arrêtée ; le serveur continue, \
                 signalez ce scénario"
            );
        }
    }
    shared.publish(&status, &dir);
    shared.end(&k);
}

/// Plans the run in `dir` and writes its files, as `sectoria plan` does (unless `cancelled`
/// says the user cancelled it meanwhile).
fn plan_run(
    planner: &Planner,
    instance_dir: &Path,
    dir: &Path,
    start: Instant,
    cancelled: &dyn Fn() -> bool,
) -> Result<String, sectoria_run::Error> {
    let scenario_path = dir.join("scenario.toml");
    let instance = sectoria_run::load_instance(instance_dir)?;
    let scenario = sectoria_run::read_scenario(&scenario_path)?;
    let inputs = sectoria_io::input_hashes(instance_dir, &scenario_path)?;
    let plan = planner(&instance, &scenario, inputs)?;
    let elapsed = start.elapsed().as_secs_f64();
    if cancelled() {
        // Cancelled while solving: nothing written, the run stays « annulé ».
        return Ok(String::new());
    }
    let files = sectoria_run::outputs::run_files(&plan, elapsed)?;
    sectoria_run::outputs::write_outputs(dir, &files, false)?;
    Ok(format!(
        "planifié en {:.2} s : {} établissements servis sur {}",
        start.elapsed().as_secs_f64(),
        plan.kpis.establishments_served,
        plan.kpis.establishments
    ))
}
