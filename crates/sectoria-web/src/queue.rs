//! The planning runs: one worker thread takes the queued runs in order, a run without
//! explanations before the explaining runs queued ahead of it (`jobs`; the solver never runs
//! on the async executor), writes each run's files into its folder and tells the pages what
//! happens through a broadcast channel (sent to the browser as server-sent events).
//!
//! A run is a folder `INSTANCE/runs/AAAAMMJJ-HHMMSS-N/` holding `status.json`, the scenario
//! it was asked with (`scenario.toml`) and, once planned, the command line's files
//! (`plan.json`, `allocation.csv`, `sectors.csv`, `summary.txt`, `manifest.json`, then
//! `report.html`, `plan.geojson`, `plan.xlsx`): `sectoria check --instance INSTANCE
//! --scenario RUN/scenario.toml --plan RUN/plan.json` reads them back. A run is one of three
//! [`RunKind`]s, each the command line's own calls: `sectoria plan`, `sectoria plan
//! --explain` (every establishment's counterfactual) and `sectoria frontier` (the plan and the
//! breadth–depth frontier, with `frontier.csv` and `frontier.svg`).
//!
//! An explained or frontier run writes its plan as [`PREVIEW_FILE`] once found, before its
//! counterfactuals or frontier, and says so (`has_plan`): the page shows that plan meanwhile.
//! The plan's own files are written first and the run announced done, so that the page can
//! draw the map; the committee's documents follow and a second event says they are there
//! (`documents`). When the instance folder holds a basemap ([`crate::basemap`]) the report
//! draws it under its map, as `sectoria report --basemap` does.
//!
//! Cancelling: a queued run is taken out of the queue (it never starts); a running run is
//! marked cancelled at once and its plan's solve, which runs under a [`sectoria_run::Stop`], is
//! asked to stop: it ends within about a second in the solver's own loops, but a HiGHS run
//! under way (the compact model) goes on to its time limit. Its result is then discarded (no
//! plan written) — the runs queued behind it wait for that, and say how long at most
//! (`draining`). Explained and frontier runs: their counterfactuals, or the frontier's solves,
//! are run one by one (two at a time on two cores), and none starts once the run is cancelled,
//! so it ends with the solves under way. Every state
//! change happens under one lock, so a run is either cancelled with nothing written or done
//! with its files, never both. A failing or panicking solve is written on its run and the
//! worker goes on.
//!
//! Stopping an explained or frontier run ([`RunQueue::stop`]) is the other way out: no further
//! counterfactual (or frontier solve) starts, and the run ends done, its plan and documents
//! written with the counterfactuals computed (the other establishments have none) or the
//! frontier's points found (its method saying that a point may be missing between two), its
//! message saying how many and its status how many counterfactuals are missing. A
//! [`RunKind::Complete`] run then finishes them: it takes that run's plan (refused if the
//! instance's files changed since), keeps its counterfactuals and computes the missing ones, as
//! `sectoria explain --out` does.
//!
//! Exact explanations can take minutes, a replan about a second: a run without explanations
//! (a plan or a frontier) submitted while an explained run (explanations or their completion)
//! is running suspends them. That run is stopped as [`RunQueue::stop`] stops it, its message
//! saying for which run; once it has ended done with counterfactuals missing, the worker
//! queues a [`RunKind::Complete`] run for it — behind the run submitted, which thus goes first —
//! and its message names both. A run without explanations also passes every explaining run still
//! queued (`jobs`): a second replan does not wait for the explanations the first one
//! suspended. Nothing computed is lost. A run that is already stopping is not
//! suspended again, a run submitted with explanations suspends nothing, and explanations the
//! user stops (or cancels) while suspended do not resume.

mod draining;
mod jobs;
mod shutdown;

pub(crate) use shutdown::recover_interrupted;

use crate::state::Planner;
use sectoria_run::clock;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::broadcast;

/// What a run computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// The plan (`sectoria plan`).
    #[default]
    Plan,
    /// The plan with every establishment's exact explanation (`sectoria plan --explain`).
    Explain,
    /// The plan and the breadth–depth frontier (`sectoria frontier`).
    Frontier,
    /// The plan of the run `from_run` with the counterfactuals its stopped explanations lack
    /// (`sectoria explain --out`): those it has are kept, the others computed.
    Complete,
}

impl RunKind {
    /// Whether the run computes exact explanations (which can be stopped between two
    /// counterfactuals).
    pub fn explains(self) -> bool {
        matches!(self, RunKind::Explain | RunKind::Complete)
    }

    /// Whether the run can be stopped and keep what it computed: an explained run (its plan
    /// with the counterfactuals computed) or a frontier run (its plan with the points found).
    pub fn stops(self) -> bool {
        self.explains() || self == RunKind::Frontier
    }
}

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

fn yes() -> bool {
    true
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
    /// The settings of that scenario that differ from the defaults (`section.key`, value in
    /// French notation), to tell apart runs of one scenario file edited between them.
    /// `None` only while reading a run recorded before settings were.
    #[serde(default)]
    pub settings: Option<Vec<(String, String)>>,
    /// The time of the workers of `workers.csv` the run plans with, in ETP
    /// ([`crate::workers_time`]): at submission the instance's file's, once done its plan's. A
    /// budget above it is not used: the pages say both (« Budget (ETP) 19 (16,5 utilisés : temps
    /// des assistants) »). `None` without workers.csv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers_fte: Option<f64>,
    /// What it computes.
    #[serde(default)]
    pub kind: RunKind,
    /// State.
    pub state: RunState,
    /// What the run is doing, or why it ended (French).
    pub message: String,
    /// Seconds since the epoch at submission.
    pub created_s: u64,
    /// Wall time of the planning, seconds.
    pub elapsed_s: f64,
    /// Seconds since the epoch when the planning started (the page counts the time elapsed
    /// while it runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_s: Option<f64>,
    /// Whether the committee's documents (report, workbook, GeoJSON) are written.
    #[serde(default = "yes")]
    pub documents: bool,
    /// The run whose plan a [`RunKind::Complete`] run completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_run: Option<String>,
    /// Of a done run whose exact explanations were stopped, the establishments left without a
    /// counterfactual (a [`RunKind::Complete`] run computes them).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub missing_explanations: usize,
    /// Of a done run, its plan's establishments (the page says « explications arrêtées à
    /// 15/140 » with `missing_explanations`); 0 for a run recorded before.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub establishments: usize,
    /// Of a done run, the SHA-256 of the instance files its plan was computed from (file name
    /// → digest, as `plan.json` records them), to tell the files changed since.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<String, String>,
    /// The instance files changed since the run (not recorded: measured when the runs are
    /// listed, see [`RunStatus::changed_since`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed_since: Vec<String>,
    /// Of a running explained or frontier run, whether its plan is found (or taken over): what a
    /// cancel would lose, and what « Arrêter » keeps.
    #[serde(default, skip_serializing_if = "is_false")]
    pub has_plan: bool,
    /// Whether the run's folder has the committee's short report, [`SHORT_REPORT`] (measured
    /// when read: a run written before every run had one may lack it).
    #[serde(default, skip_serializing_if = "is_false")]
    pub short_report: bool,
}

/// The settings of a run's scenario beyond the defaults; none when the reader refuses it (the
/// run then fails with the reader's message).
fn settings_of(scenario_text: &str, name: &str) -> Vec<(String, String)> {
    sectoria_io::scenario_from_str(scenario_text, name)
        .map(|s| sectoria_report::manifest::changed_settings(&s))
        .unwrap_or_default()
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !b
}

/// The status file name.
pub const STATUS_FILE: &str = "status.json";

impl RunStatus {
    /// Reads `dir/status.json`; a run left queued or running by a stopped server is
    /// `Interrupted` unless `live`. A run recorded before settings were has them read from its
    /// `scenario.toml`.
    pub fn read(dir: &Path, live: bool) -> Option<Self> {
        let text = std::fs::read_to_string(dir.join(STATUS_FILE)).ok()?;
        let mut s: Self = serde_json::from_str(&text).ok()?;
        if s.settings.is_none() {
            s.settings = Some(
                std::fs::read_to_string(dir.join("scenario.toml"))
                    .map(|text| settings_of(&text, &s.scenario))
                    .unwrap_or_default(),
            );
        }
        // Recorded before the status kept it: read from its plan, when it had workers.csv.
        if s.workers_fte.is_none() && s.inputs.contains_key("workers.csv") {
            s.workers_fte = crate::workers_time::of_plan_file(&dir.join("plan.json"));
        }
        s.short_report = dir.join(SHORT_REPORT).is_file();
        if !live && matches!(s.state, RunState::Queued | RunState::Running) {
            s.state = RunState::Interrupted;
            s.message = "interrompu : le serveur s'est arrêté avant la fin ; relancez la planification".into();
        }
        Some(s)
    }

    /// Records what `plan` was computed from: the instance files' hashes (to tell later which
    /// changed) and its workers' time.
    fn record_inputs(&mut self, plan: &sectoria_core::Plan) {
        self.workers_fte = crate::workers_time::of_plan(plan);
        self.inputs = plan
            .inputs
            .iter()
            .filter(|(file, _)| sectoria_io::INSTANCE_FILES.contains(&file.as_str()))
            .map(|(file, hash)| (file.clone(), hash.clone()))
            .collect();
    }

    /// The instance files whose content differs from what the run's plan was computed from
    /// (`now`: [`sectoria_io::instance_hashes`] of the instance folder); none for a run that
    /// recorded nothing (not done, or done before runs recorded it).
    pub fn changed_since(&self, now: &BTreeMap<String, String>) -> Vec<String> {
        if self.inputs.is_empty() {
            return Vec::new();
        }
        sectoria_io::INSTANCE_FILES
            .into_iter()
            .filter(|f| self.inputs.get(*f) != now.get(*f))
            .map(str::to_string)
            .collect()
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

/// Where a run of this server is; a run absent from the table has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Queued,
    Running,
    /// An explained run whose explanations the user stopped: no further counterfactual
    /// starts, and the plan is written with those computed.
    Stopping,
    /// Cancelled by the user: the worker skips it, or discards its result.
    Cancelled,
    /// The result is being written: too late to cancel.
    Writing,
}

struct Shared {
    /// Runs not yet ended, by `instance/run`; every state change happens under this lock.
    phases: Mutex<BTreeMap<String, Phase>>,
    /// The folders of the runs not yet ended, by `instance/run` (the queued runs are told when
    /// a cancelled solve delays them).
    dirs: Mutex<BTreeMap<String, PathBuf>>,
    /// The run cancelled while solving whose solve still goes on in the background (the runs
    /// queued behind it wait for it), by `instance/run`.
    draining: Mutex<Option<draining::Draining>>,
    /// The stop signal of the run being computed, by `instance/run`: a cancel requests it.
    solving: Mutex<Option<(String, sectoria_run::Stop)>>,
    /// The explained runs whose explanations were suspended to let a run without explanations
    /// pass, by `instance/run`, with the run they let pass: once ended, a [`RunKind::Complete`]
    /// run resumes them.
    suspended: Mutex<BTreeMap<String, String>>,
    /// The worker's queue, closed once the [`RunQueue`] is dropped (the worker then ends).
    jobs: jobs::Jobs<Job>,
    /// The runs submitted, to number them.
    counter: AtomicU64,
    events: broadcast::Sender<String>,
}

impl Shared {
    fn publish(&self, status: &RunStatus, dir: &Path) {
        status.write(dir);
        let _ = self.events.send(serde_json::to_string(status).unwrap_or_default());
    }

    /// Moves `key` from `from` to `to` and publishes `then` (under the lock, so that no
    /// cancellation comes between); `false`, nothing changed, when it is elsewhere.
    fn advance(&self, key: &str, from: Phase, to: Phase, then: Option<(&RunStatus, &Path)>) -> bool {
        let Ok(mut phases) = self.phases.lock() else { return false };
        match phases.get_mut(key) {
            Some(p) if *p == from => {
                *p = to;
                if let Some((status, dir)) = then {
                    self.publish(status, dir);
                }
                true
            }
            _ => false,
        }
    }

    /// Whether `key` is in `phase`.
    fn is(&self, key: &str, phase: Phase) -> bool {
        self.phases.lock().is_ok_and(|p| p.get(key) == Some(&phase))
    }

    /// Ends the run `key` cancelled while solving: its message now says, in the past, that its
    /// computation ended (`interrupted`: its plan's solve stopped on the cancel) and was discarded,
    /// with `why` it stopped short; the runs queued behind it no longer wait for it.
    fn end_cancelled(&self, key: &str, dir: &Path, elapsed_s: f64, interrupted: bool, why: Option<&str>) {
        let Ok(mut phases) = self.phases.lock() else { return };
        if let Some(Phase::Cancelled) = phases.get(key) {
            if let Some(mut status) = RunStatus::read(dir, true) {
                status.elapsed_s = elapsed_s;
                status.message = cancelled_after(status.kind, elapsed_s, interrupted);
                if let Some(why) = why {
                    status.message = format!("{} — {why}", status.message);
                }
                self.publish(&status, dir);
            }
        }
        phases.remove(key);
        if let Ok(mut draining) = self.draining.lock() {
            *draining = None;
        }
        self.tell_queued(&phases, None);
        self.forget(key);
    }

    /// Asks the solve of the run `key`, if it is the one being computed, to stop.
    fn ask_stop(&self, key: &str) {
        if let Ok(solving) = self.solving.lock() {
            if let Some((_, stop)) = solving.as_ref().filter(|(k, _)| k == key) {
                stop.request();
            }
        }
    }

    /// Brings the queued runs' « au plus tard dans … » up to date every [`draining::REFRESH`]
    /// while the run `key`, cancelled while computing, still holds the worker.
    fn count_down(&self, key: &str) {
        loop {
            std::thread::sleep(draining::REFRESH);
            let Ok(phases) = self.phases.lock() else { return };
            let Some(cancelled) = self.draining.lock().ok().and_then(|d| d.clone()).filter(|d| d.key == key) else {
                return;
            };
            self.tell_queued(&phases, Some(&cancelled));
        }
    }

    fn end(&self, key: &str) {
        if let Ok(mut phases) = self.phases.lock() {
            phases.remove(key);
        }
        self.forget(key);
    }

    fn forget(&self, key: &str) {
        if let Ok(mut dirs) = self.dirs.lock() {
            dirs.remove(key);
        }
        if let Ok(mut suspended) = self.suspended.lock() {
            suspended.remove(key);
        }
    }

    /// Creates the run folder under `instance_dir/runs/` with `scenario_text` and queues it
    /// (`from_run`: the run a [`RunKind::Complete`] run completes).
    fn enqueue(
        &self,
        instance: &str,
        instance_dir: &Path,
        scenario: &str,
        scenario_text: &str,
        kind: RunKind,
        from_run: Option<String>,
    ) -> Result<RunStatus, crate::error::ApiError> {
        let created_s = clock::now_s();
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let run = format!("{}-{n}", clock::stamp(created_s));
        let dir = instance_dir.join(crate::workspace::RUNS_DIR).join(&run);
        let files = [("scenario.toml", scenario_text)];
        sectoria_run::outputs::write_outputs(&dir, &files, false).map_err(|e| crate::error::ApiError::run(&e))?;
        let settings = Some(settings_of(scenario_text, scenario));
        let status = RunStatus {
            instance: instance.to_string(),
            run: run.clone(),
            scenario: scenario.to_string(),
            settings,
            workers_fte: crate::workers_time::of_instance(instance_dir),
            kind,
            state: RunState::Queued,
            message: draining::waiting(self.draining.lock().ok().and_then(|d| d.clone()).as_ref(), draining::now_s()),
            created_s,
            elapsed_s: 0.0,
            started_s: None,
            documents: false,
            from_run,
            missing_explanations: 0,
            establishments: 0,
            inputs: BTreeMap::new(),
            changed_since: Vec::new(),
            has_plan: false,
            short_report: false,
        };
        if let Ok(mut dirs) = self.dirs.lock() {
            dirs.insert(key(instance, &run), dir.clone());
        }
        if let Ok(mut phases) = self.phases.lock() {
            phases.insert(key(instance, &run), Phase::Queued);
        }
        self.publish(&status, &dir);
        let job = Job { dir, instance_dir: instance_dir.to_path_buf(), status: status.clone() };
        if !self.jobs.push(job) {
            return Err(crate::error::ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "W503",
                "la file des planifications est arrêtée : redémarrez `sectoria serve`",
            ));
        }
        Ok(status)
    }

    /// Suspends the explanations of the running explained run, if any, for the run `run` of
    /// `instance` just queued: it stops as [`RunQueue::stop`] stops it, and once it has ended
    /// the worker queues a [`RunKind::Complete`] run for it (after `run`). A run already
    /// stopping (by the user, or suspended already) is left as it is.
    fn suspend_explanations(&self, instance: &str, run: &str) {
        let Ok(mut phases) = self.phases.lock() else { return };
        let Some((key, phase)) = phases.iter_mut().find(|(_, p)| **p == Phase::Running) else { return };
        let Some(dir) = self.dirs.lock().ok().and_then(|d| d.get(key.as_str()).cloned()) else { return };
        let Some(mut status) = RunStatus::read(&dir, true).filter(|s| s.kind.explains()) else { return };
        let Ok(mut suspended) = self.suspended.lock() else { return };
        *phase = Phase::Stopping;
        suspended.insert(key.clone(), run.to_string());
        let other = if status.instance == instance { String::new() } else { format!(" de l'instance {instance}") };
        status.message = format!(
            "explications suspendues pour laisser passer la planification {run}{other} ; elles reprennent ensuite \
             automatiquement"
        );
        self.publish(&status, &dir);
    }

    /// The run the run `key` let pass by suspending its explanations, if it did (and was not
    /// stopped by the user since); taken once the run is being written.
    fn take_suspension(&self, key: &str) -> Option<String> {
        self.suspended.lock().ok()?.remove(key)
    }

    /// Queues the [`RunKind::Complete`] run that resumes the suspended explanations of the
    /// done run `status` (its folder `dir`); its name, or why it could not be queued.
    fn resume(&self, status: &RunStatus, dir: &Path, instance_dir: &Path) -> Result<String, String> {
        let text = std::fs::read_to_string(dir.join("scenario.toml"))
            .map_err(|e| format!("{} illisible : {e}", dir.join("scenario.toml").display()))?;
        self.enqueue(
            &status.instance,
            instance_dir,
            &status.scenario,
            &text,
            RunKind::Complete,
            Some(status.run.clone()),
        )
        .map(|s| s.run)
        .map_err(|e| e.message)
    }

    /// The queued runs' message: waiting, or waiting for the `cancelled` run whose computation
    /// goes on in the background (called under the phases' lock).
    fn tell_queued(&self, phases: &BTreeMap<String, Phase>, cancelled: Option<&draining::Draining>) {
        let Ok(dirs) = self.dirs.lock() else { return };
        for (key, _) in phases.iter().filter(|(_, p)| **p == Phase::Queued) {
            let Some(dir) = dirs.get(key) else { continue };
            let Some(mut status) = RunStatus::read(dir, true).filter(|s| s.state == RunState::Queued) else {
                continue;
            };
            let message = draining::waiting(cancelled, draining::now_s());
            if status.message != message {
                status.message = message;
                self.publish(&status, dir);
            }
        }
    }
}

/// The message of a run cancelled while solving, once its computation has ended
/// (`interrupted`: its plan's solve stopped on the cancel).
fn cancelled_after(kind: RunKind, elapsed_s: f64, interrupted: bool) -> String {
    let seconds = sectoria_report::frformat::decimal(elapsed_s, 1);
    if interrupted {
        format!(
            "annulée pendant le calcul : arrêté à la demande, le calcul a fini en arrière-plan après {seconds} s ; \
             son résultat a été écarté (aucun plan écrit)"
        )
    } else if kind.explains() {
        format!(
            "annulée pendant le calcul : les contrefactuels se sont arrêtés après ceux en cours (calcul terminé \
             après {seconds} s) ; le résultat a été écarté (aucun plan écrit)"
        )
    } else if kind == RunKind::Frontier {
        format!(
            "annulée pendant le calcul : la frontière s'est arrêtée après les résolutions en cours (calcul terminé \
             après {seconds} s) ; le résultat a été écarté (aucun plan écrit)"
        )
    } else {
        format!(
            "annulée pendant le calcul : le calcul a fini en arrière-plan après {seconds} s ; son résultat a été \
             écarté (aucun plan écrit)"
        )
    }
}

/// The queue and its worker thread.
pub struct RunQueue {
    shared: Arc<Shared>,
}

impl Drop for RunQueue {
    /// The worker ends once its queue is closed (after the run under way).
    fn drop(&mut self) {
        self.shared.jobs.close();
    }
}

fn key(instance: &str, run: &str) -> String {
    format!("{instance}/{run}")
}

impl RunQueue {
    /// Starts the worker thread, which plans with `planner`.
    pub fn start(planner: Planner) -> Self {
        let (events, _) = broadcast::channel(256);
        let shared = Arc::new(Shared {
            phases: Mutex::default(),
            dirs: Mutex::default(),
            draining: Mutex::default(),
            solving: Mutex::default(),
            suspended: Mutex::default(),
            jobs: jobs::Jobs::new(),
            counter: AtomicU64::new(0),
            events,
        });
        let worker = shared.clone();
        std::thread::Builder::new()
            .name("sectoria-runs".into())
            .spawn(move || {
                while let Some(job) = worker.jobs.next(|j: &Job| j.status.kind.explains()) {
                    work(&worker, &planner, job);
                }
            })
            .expect("the run worker thread starts");
        Self { shared }
    }

    /// The events (`RunStatus` as JSON) of every run from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.shared.events.subscribe()
    }

    /// Whether the run is queued or running in this server.
    pub fn is_live(&self, instance: &str, run: &str) -> bool {
        self.shared.phases.lock().is_ok_and(|p| {
            matches!(
                p.get(&key(instance, run)),
                Some(Phase::Queued | Phase::Running | Phase::Stopping | Phase::Writing)
            )
        })
    }

    /// Creates the run folder under `instance_dir/runs/` with `scenario_text` and queues it
    /// (`from_run`: the run a [`RunKind::Complete`] run completes). A run without explanations
    /// suspends those of the running explained run: they resume after it (see the module's
    /// documentation).
    pub fn submit(
        &self,
        instance: &str,
        instance_dir: &Path,
        scenario: &str,
        scenario_text: &str,
        kind: RunKind,
        from_run: Option<String>,
    ) -> Result<RunStatus, crate::error::ApiError> {
        let status = self.shared.enqueue(instance, instance_dir, scenario, scenario_text, kind, from_run)?;
        // Queued first: the run that resumes the explanations is queued after this one.
        if !kind.explains() {
            self.shared.suspend_explanations(instance, &status.run);
        }
        Ok(status)
    }

    /// Cancels a queued run (taken out of the queue) or a running one (its result will be
    /// discarded; an explained run stops after the counterfactuals under way); the French
    /// message says which, `None` when the run has ended or is being written.
    pub fn cancel(&self, dir: &Path, instance: &str, run: &str) -> Option<String> {
        let k = key(instance, run);
        let status = RunStatus::read(dir, true);
        // Under the lock: the worker's own events cannot come after this one.
        let Ok(mut phases) = self.shared.phases.lock() else { return None };
        let phase = phases.get_mut(&k)?;
        let now = draining::now_s();
        let cancelled = draining::Draining::of(k.clone(), dir, status.as_ref(), now);
        let at_most = cancelled.at_most(now);
        let message = match phase {
            Phase::Queued => "annulée : retirée de la file avant son début".to_string(),
            Phase::Running | Phase::Stopping if status.as_ref().is_some_and(|s| s.kind.explains()) => format!(
                "annulée pendant le calcul : les contrefactuels s'arrêtent après ceux en cours (un plan encore en \
                 calcul, dès que possible) ; le calcul se termine en arrière-plan {at_most} ; le résultat est écarté \
                 (aucun plan écrit)"
            ),
            Phase::Running | Phase::Stopping if status.as_ref().is_some_and(|s| s.kind == RunKind::Frontier) => {
                format!(
                    "annulée pendant le calcul : la frontière s'arrête après les résolutions en cours (un plan encore \
                     en calcul, dès que possible) ; le calcul se termine en arrière-plan {at_most} ; le résultat est \
                     écarté (aucun plan écrit)"
                )
            }
            Phase::Running | Phase::Stopping => format!(
                "annulée pendant le calcul : le calcul s'arrête en arrière-plan {at_most} ; son résultat sera écarté \
                 (aucun plan écrit)"
            ),
            Phase::Cancelled | Phase::Writing => return None,
        };
        let was_running = *phase != Phase::Queued;
        *phase = Phase::Cancelled;
        if let Some(mut status) = status {
            status.state = RunState::Cancelled;
            status.message = message.clone();
            self.shared.publish(&status, dir);
        }
        if was_running {
            self.shared.ask_stop(&k);
            // The runs queued behind it wait for its computation to end: they say how long at
            // most, brought up to date until it has ended.
            if let Ok(mut draining) = self.shared.draining.lock() {
                *draining = Some(cancelled.clone());
            }
            self.shared.tell_queued(&phases, Some(&cancelled));
            let shared = self.shared.clone();
            let counting = std::thread::Builder::new().name("sectoria-cancel".into());
            if let Err(e) = counting.spawn(move || shared.count_down(&cancelled.key)) {
                eprintln!("Attention : décompte de l'annulation impossible ({e})");
            }
        }
        Some(message)
    }

    /// Stops the counterfactuals of a running explained run, or the solves of a running frontier
    /// run: none starts any more, those under way finish, and the run ends done, its plan
    /// written with the explanations computed or the frontier's points found. The French
    /// message says so, or why the run cannot stop.
    pub fn stop(&self, dir: &Path, instance: &str, run: &str) -> Result<&'static str, &'static str> {
        const NOT: &str = "seule une planification avec explications exactes ou frontière, en cours de calcul, peut \
                           être arrêtée en gardant son plan";
        let mut status = RunStatus::read(dir, true).filter(|s| s.kind.stops()).ok_or(NOT)?;
        let k = key(instance, run);
        let Ok(mut phases) = self.shared.phases.lock() else { return Err(NOT) };
        let phase = phases.get_mut(&k).ok_or(NOT)?;
        match phase {
            Phase::Running => *phase = Phase::Stopping,
            // Suspended for another run: stopped by the user, they no longer resume.
            Phase::Stopping if self.shared.take_suspension(&k).is_some() => {
                let message = "explications arrêtées à la demande : elles étaient suspendues pour laisser passer une \
                               autre planification et ne reprendront pas automatiquement ; le plan est écrit avec \
                               les explications déjà calculées";
                status.message = message.into();
                self.shared.publish(&status, dir);
                return Ok(message);
            }
            Phase::Stopping if status.kind.explains() => {
                return Err("les explications de cette planification s'arrêtent déjà")
            }
            Phase::Stopping => return Err("la frontière de cette planification s'arrête déjà"),
            _ => return Err(NOT),
        }
        let message = if status.kind.explains() {
            "explications arrêtées à la demande : les contrefactuels en cours se terminent, puis le plan est écrit \
             avec les explications déjà calculées"
        } else {
            "frontière arrêtée à la demande : les résolutions en cours se terminent, puis le plan est écrit avec les \
             points déjà trouvés"
        };
        status.message = message.into();
        self.shared.publish(&status, dir);
        Ok(message)
    }
}

/// A message for the page about the run's progress; the answer is `false` once the run is
/// cancelled, so that the computation stops where it can (between two counterfactuals).
type Progress<'a> = &'a (dyn Fn(String) -> bool + Sync);

fn work(shared: &Shared, planner: &Planner, job: Job) {
    let Job { dir, instance_dir, mut status } = job;
    let k = key(&status.instance, &status.run);
    status.state = RunState::Running;
    status.message = "lecture des données et résolution du programme en nombres entiers…".into();
    status.started_s = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs_f64());
    // Its solve's stop signal, there before the run reads running: a cancel asks it to stop.
    let stop = sectoria_run::Stop::new();
    if let Ok(mut solving) = shared.solving.lock() {
        *solving = Some((k.clone(), stop.clone()));
    }
    if !shared.advance(&k, Phase::Queued, Phase::Running, Some((&status, &dir))) {
        // Cancelled while queued: it never starts.
        shared.end(&k);
        return;
    }
    let start = Instant::now();
    let last = Mutex::new(Instant::now());
    let progress = |message: String| {
        // At most four events a second; none once cancelled.
        let Ok(mut at) = last.lock() else { return shared.is(&k, Phase::Running) };
        if at.elapsed().as_millis() < 250 {
            return shared.is(&k, Phase::Running);
        }
        *at = Instant::now();
        let mut s = status.clone();
        s.message = message;
        // Every progress message comes once the plan is there (counterfactuals, frontier solves).
        s.has_plan = true;
        shared.advance(&k, Phase::Running, Phase::Running, Some((&s, &dir)))
    };
    // The plan of an explained or frontier run, shown while its explanations or frontier go on.
    let found = |plan: &sectoria_core::Plan| {
        if write_preview(&dir, plan).is_ok() {
            let mut s = status.clone();
            s.message = if s.kind == RunKind::Frontier {
                "plan trouvé ; frontière largeur–profondeur en cours…"
            } else {
                "plan trouvé ; contrefactuels en cours…"
            }
            .into();
            s.has_plan = true;
            shared.advance(&k, Phase::Running, Phase::Running, Some((&s, &dir)));
        }
    };
    // The plan's own solve stops on a cancel; counterfactuals or frontier solves under way finish.
    let stoppable: Planner = {
        let (planner, stop) = (planner.clone(), stop.clone());
        Arc::new(move |instance, scenario, inputs| stop.during(|| planner(instance, scenario, inputs)))
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        compute(&stoppable, &instance_dir, &dir, status.kind, status.from_run.as_deref(), &progress, &found)
    }));
    status.elapsed_s = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    let writing = shared.advance(&k, Phase::Running, Phase::Writing, None)
        || shared.advance(&k, Phase::Stopping, Phase::Writing, None);
    // Too late now for the user to stop it: whether its explanations resume is settled.
    let suspended_for = shared.take_suspension(&k);
    if !writing {
        // Cancelled while solving: the result is discarded, the run stays « annulé », and says
        // how the computation ended when it stopped short (an explained run's counterfactuals).
        let interrupted = matches!(&outcome, Ok(Err(e)) if e.contains(sectoria_run::INTERRUPTED));
        let why = match &outcome {
            Ok(Err(_)) if interrupted => None,
            Ok(Err(e)) => Some(e.clone()),
            Ok(Ok(done)) => done
                .stopped()
                .map(|(n, total)| format!("explications exactes arrêtées après {n} sur {total}"))
                .or_else(|| done.frontier_stopped.map(frontier_stopped)),
            Err(_) => None,
        };
        shared.end_cancelled(&k, &dir, status.elapsed_s, interrupted, why.as_deref());
        // Once the run reads cancelled: a page never finds it running without its preview.
        let _ = std::fs::remove_file(dir.join(PREVIEW_FILE));
        return;
    }
    match outcome {
        Ok(Ok(done)) => {
            // The plan's own files first: the page draws the map from plan.json.
            match done.write_plan(&dir, status.elapsed_s) {
                Ok(()) => {
                    status.state = RunState::Done;
                    // Suspended with explanations left: a completing run resumes them, queued
                    // behind the run that passed (it runs once this one is written).
                    let suspended = suspended_for
                        .filter(|_| done.missing() > 0)
                        .map(|passed| (passed, shared.resume(&status, &dir, &instance_dir)));
                    status.message = done.message(status.elapsed_s, suspended.as_ref());
                    status.missing_explanations = done.missing();
                    status.establishments = done.plan.kpis.establishments;
                    status.record_inputs(&done.plan);
                    shared.publish(&status, &dir);
                    let basemap = crate::basemap::read(&instance_dir);
                    let context = crate::runs::report_context(&status);
                    let written = done.write_documents(&dir, basemap.as_deref(), &context).or_else(|e| match basemap {
                        // An unreadable basemap must not cost the report: written without it.
                        Some(_) => done
                            .write_documents(&dir, None, &context)
                            .map(|()| status.message.push_str(&format!(" ; {e} : rapport sans fond de carte"))),
                        None => Err(e),
                    });
                    match written {
                        Ok(()) => status.documents = true,
                        Err(e) => status.message = format!("{} ; documents du comité non écrits : {e}", status.message),
                    }
                }
                Err(e) => {
                    status.state = RunState::Failed;
                    status.message = e;
                }
            }
        }
        Ok(Err(e)) => {
            status.state = RunState::Failed;
            status.message = e;
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
    // The final status first, then the run leaves the table: a page reading the runs in
    // between would otherwise find a run neither live nor ended on file, and report it
    // interrupted (seen once in the HTTP tests).
    shared.publish(&status, &dir);
    // Its plan.json is written (or the run failed), and said: the preview goes.
    let _ = std::fs::remove_file(dir.join(PREVIEW_FILE));
    shared.end(&k);
}

/// A computed run, not yet written.
struct Computed {
    plan: sectoria_core::Plan,
    /// `frontier.csv` and `frontier.svg` of a frontier run.
    frontier: Option<(String, String)>,
    /// Of a frontier run stopped before its end, the solves done.
    frontier_stopped: Option<usize>,
    /// Of an explained run, the counterfactuals computed and the establishments (of a
    /// completing run, those that lacked one).
    explained: Option<(usize, usize)>,
    /// Of a completing run, the run completed and the counterfactuals kept from it.
    kept: Option<(String, usize)>,
}

impl Computed {
    /// The counterfactuals computed and the establishments, when the explanations were
    /// stopped before the last (« 4 contrefactuels », 121).
    fn stopped(&self) -> Option<(String, usize)> {
        let (done, total) = self.explained.filter(|(done, total)| done < total)?;
        Some((sectoria_scenarios::counterfactuals(done), total))
    }

    /// The establishments left without a counterfactual when the explanations were stopped.
    fn missing(&self) -> usize {
        self.explained.map_or(0, |(done, total)| total.saturating_sub(done))
    }

    /// The done run's message; `suspended`: the run its explanations let pass, and the run that
    /// resumes them (or why none could be queued).
    fn message(&self, elapsed_s: f64, suspended: Option<&(String, Result<String, String>)>) -> String {
        let k = &self.plan.kpis;
        let seconds = sectoria_report::frformat::decimal(elapsed_s, 2);
        let head = match &self.kept {
            Some((from, kept)) => format!(
                "explications complétées en {seconds} s à partir de la planification {from} ({} repris)",
                sectoria_scenarios::counterfactuals(*kept)
            ),
            None => format!("planifié en {seconds} s"),
        };
        let mut m = format!("{head} : {} établissements servis sur {}", k.establishments_served, k.establishments);
        if let Some((n, total)) = self.stopped() {
            let which = if self.kept.is_some() { " manquants" } else { "" };
            m.push_str(&match suspended {
                None => format!(
                    " ; explications exactes arrêtées à la demande après {n} sur {total}{which} : \
                     les autres établissements n'ont pas de contrefactuel"
                ),
                Some((passed, Ok(resuming))) => format!(
                    " ; explications exactes suspendues après {n} sur {total}{which} pour laisser passer la \
                     planification {passed} : la planification {resuming} calcule ensuite celles des autres \
                     établissements"
                ),
                Some((passed, Err(e))) => format!(
                    " ; explications exactes suspendues après {n} sur {total}{which} pour laisser passer la \
                     planification {passed} ; leur reprise n'a pas pu être mise en file ({e}) : « Compléter les \
                     explications » calcule celles des autres établissements"
                ),
            });
        } else if self.plan.establishments.iter().any(|e| e.explanation.is_some()) {
            m.push_str(" ; contrefactuels calculés");
        }
        if let Some(f) = &self.plan.frontier {
            m.push_str(&format!(" ; frontière de {} plans", f.points.len()));
            if let Some(n) = self.frontier_stopped {
                m.push_str(&format!(" ({} : entre deux points voisins, un plan peut manquer)", frontier_stopped(n)));
            }
        }
        m
    }

    /// `plan.json`, `allocation.csv`, `sectors.csv`, `summary.txt`, `manifest.json` (and the
    /// frontier's files), as `sectoria plan` / `sectoria frontier` write them.
    fn write_plan(&self, dir: &Path, elapsed_s: f64) -> Result<(), String> {
        let summary = sectoria_report::summary(&self.plan, None);
        let mut files: Vec<(&str, String)> = sectoria_run::outputs::plan_files(&self.plan, &summary);
        files.push(("manifest.json", sectoria_run::outputs::manifest_json(&self.plan, elapsed_s)));
        if let Some((csv, svg)) = &self.frontier {
            files.push(("frontier.csv", csv.clone()));
            files.push(("frontier.svg", svg.clone()));
        }
        sectoria_run::outputs::write_outputs(dir, &files, false).map(|_| ()).map_err(|e| e.to_string())
    }

    /// `report.html` (with the instance's basemap, if any, and the run's `context` in its
    /// header), `plan.geojson`, `plan.xlsx`, and [`SHORT_REPORT`], the committee's short version
    /// (`sectoria report --court`).
    fn write_documents(
        &self,
        dir: &Path,
        basemap: Option<&str>,
        context: &sectoria_report::ReportContext,
    ) -> Result<(), String> {
        let options = sectoria_report::ReportOptions { basemap, context: context.clone(), ..Default::default() };
        let mut files = sectoria_run::outputs::report_files_with(&self.plan, &options).map_err(|e| e.to_string())?;
        let short = sectoria_report::ReportOptions { short: true, ..options };
        let html = sectoria_report::html_report_with(&self.plan, &short).map_err(|e| e.to_string())?;
        files.push((SHORT_REPORT, html.into_bytes()));
        sectoria_run::outputs::write_outputs(dir, &files, true).map(|_| ()).map_err(|e| e.to_string())
    }
}

/// « frontière arrêtée à la demande après 4 résolutions ».
fn frontier_stopped(solves: usize) -> String {
    format!("frontière arrêtée à la demande après {}", sectoria_scenarios::resolutions(solves))
}

fn scenario_error(e: sectoria_scenarios::ScenarioError) -> String {
    e.to_string()
}

/// The plan of a running explained or frontier run, written once its own solve ends: the page
/// shows it while the counterfactuals or the frontier's solves go on; removed when the run
/// ends (its `plan.json` is then written, or it has none).
pub const PREVIEW_FILE: &str = "preview.json";

/// The committee's short report of a run (`sectoria report --court`).
pub const SHORT_REPORT: &str = "report-court.html";

/// Writes [`PREVIEW_FILE`] whole (a page never reads half of it).
fn write_preview(dir: &Path, plan: &sectoria_core::Plan) -> std::io::Result<()> {
    let part = dir.join("preview.json.part");
    std::fs::write(&part, sectoria_io::write_plan_json(plan))?;
    std::fs::rename(&part, dir.join(PREVIEW_FILE))
}

/// Plans the run in `dir` as its kind asks (the command line's own calls); a completing run
/// takes the plan of the run `from_run` instead. `found` is given the plan of an explained or
/// frontier run as soon as it is found, before its explanations or frontier.
fn compute(
    planner: &Planner,
    instance_dir: &Path,
    dir: &Path,
    kind: RunKind,
    from_run: Option<&str>,
    progress: Progress<'_>,
    found: &dyn Fn(&sectoria_core::Plan),
) -> Result<Computed, String> {
    let scenario_path = dir.join("scenario.toml");
    let loaded = sectoria_run::load_inputs(instance_dir, &scenario_path).map_err(|e| e.to_string())?;
    let (instance, scenario) = (&loaded.instance, &loaded.scenario);
    let mut plan = match from_run {
        Some(from) => plan_of(instance_dir, from, &loaded.hashes)?,
        None => {
            let mut plan = planner(instance, scenario, loaded.hashes.clone()).map_err(|e| e.to_string())?;
            loaded.warn(&mut plan);
            plan
        }
    };
    let mut frontier = None;
    let mut frontier_stopped = None;
    let mut explained = None;
    let mut kept = None;
    if kind != RunKind::Plan {
        if from_run.is_none() {
            found(&plan);
        }
        let problem =
            sectoria_core::Problem::new(instance, scenario).map_err(|e| sectoria_run::Error::from(e).to_string())?;
        let n = problem.sites.len();
        match kind {
            RunKind::Explain => {
                let step = counterfactual_step(progress, "plan trouvé", n);
                let done = sectoria_scenarios::explain_plan(&problem, &mut plan, &step).map_err(scenario_error)?;
                explained = Some((done, n));
            }
            RunKind::Complete => {
                let from = from_run.unwrap_or_default();
                let lead = format!("plan repris de la planification {from}");
                let step =
                    counterfactual_step(progress, &lead, sectoria_scenarios::missing_counterfactuals(&problem, &plan));
                let (done, missing) =
                    sectoria_scenarios::explain_missing(&problem, &mut plan, &step).map_err(scenario_error)?;
                explained = Some((done, missing));
                kept = Some((from.to_string(), n - missing));
            }
            RunKind::Frontier => {
                let step = |done: usize| {
                    let text = match done {
                        0 => "plan trouvé ; frontière largeur–profondeur en cours…".to_string(),
                        1 => "plan trouvé ; frontière largeur–profondeur : 1 résolution faite…".to_string(),
                        n => format!("plan trouvé ; frontière largeur–profondeur : {n} résolutions faites…"),
                    };
                    if progress(text) {
                        ControlFlow::Continue(())
                    } else {
                        ControlFlow::Break(())
                    }
                };
                // Kept on a stop, discarded with the rest of the run on a cancel.
                let files =
                    sectoria_scenarios::frontier_of(&problem, &mut plan, &step, sectoria_scenarios::OnStop::Keep)
                        .map_err(scenario_error)?;
                frontier_stopped = files.stopped_after;
                frontier = Some((files.csv, files.svg));
            }
            RunKind::Plan => {}
        }
    }
    Ok(Computed { plan, frontier, frontier_stopped, explained, kept })
}

/// The plan of the run `from` of the instance, if it was computed from the same inputs as
/// `inputs` (the instance's files and the run's scenario as they are now).
fn plan_of(instance_dir: &Path, from: &str, inputs: &BTreeMap<String, String>) -> Result<sectoria_core::Plan, String> {
    let path = instance_dir.join(crate::workspace::RUNS_DIR).join(from).join("plan.json");
    let plan = sectoria_io::read_plan(&path).map_err(|e| e.to_string())?;
    if &plan.inputs != inputs {
        return Err(format!(
            "les données de l'instance ont changé depuis la planification {from} : ses explications ne peuvent \
             plus être complétées ; relancez une planification avec explications"
        ));
    }
    Ok(plan)
}

/// The progress of exact explanations for the page (« {lead} ; contrefactuels : 4
/// établissements sur 121, reste environ 2 min… »), `total` re-solves in all; stop once the
/// run is cancelled or its explanations stopped.
fn counterfactual_step<'a>(
    progress: Progress<'a>,
    lead: &'a str,
    total: usize,
) -> impl Fn(usize) -> ControlFlow<()> + Sync + 'a {
    // When the re-solves began (the last call with 0 comes just before the first).
    let begun = Mutex::new(Instant::now());
    move |done: usize| {
        let Ok(mut at) = begun.lock() else { return ControlFlow::Break(()) };
        if done == 0 {
            *at = Instant::now();
        }
        let plural = if done >= 2 { "s" } else { "" };
        let left = remaining(at.elapsed().as_secs_f64(), done, total);
        drop(at);
        let text = format!(
            "{lead} ; contrefactuels : {done} établissement{plural} sur {total}{}…",
            left.map(|s| format!(", reste {s}")).unwrap_or_default()
        );
        if progress(text) {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    }
}

/// Counterfactuals done before the page is given an estimate of the time left.
const ESTIMATE_AFTER: usize = 3;

/// The time the `total − done` counterfactuals left should take at the pace of the `done` ones
/// computed in `elapsed_s` seconds, in French (« environ 8 min »); `None` before
/// [`ESTIMATE_AFTER`] of them or once all are done.
fn remaining(elapsed_s: f64, done: usize, total: usize) -> Option<String> {
    if done < ESTIMATE_AFTER || done >= total {
        return None;
    }
    let seconds = elapsed_s / done as f64 * (total - done) as f64;
    let minutes = (seconds / 60.0).round() as u64;
    Some(match minutes {
        0 => "moins d'une minute".to_string(),
        m if m < 60 => format!("environ {m} min"),
        m => format!("environ {} h {:02}", m / 60, m % 60),
    })
}

#[cfg(test)]
mod tests {
    use super::remaining;

    #[test]
    fn the_time_left_is_said_in_french_once_a_few_counterfactuals_are_done() {
        assert_eq!(remaining(10.0, 2, 300), None, "too few to estimate");
        assert_eq!(remaining(10.0, 300, 300), None, "nothing left");
        assert_eq!(remaining(3.0, 3, 10).as_deref(), Some("moins d'une minute"));
        // 57 done in 4 min: 243 left at the same pace, 17 min.
        assert_eq!(remaining(240.0, 57, 300).as_deref(), Some("environ 17 min"));
        assert_eq!(remaining(600.0, 10, 300).as_deref(), Some("environ 4 h 50"));
    }
}
