//! What a server stop keeps. Stopped by Ctrl+C or SIGTERM (a laptop's lid, the session's end),
//! the server does what « Arrêter les explications » does to the run under way: its
//! counterfactuals or frontier solves under way finish, none starts, and its plan is written
//! with what was computed ([`RunQueue::shut_down`]); the queued runs never start. Killed
//! without that chance, a run that had found its plan keeps it at the next start
//! ([`recover_interrupted`]): written as a done run without its explanations, which « Compléter
//! les explications » then computes.

use super::{Computed, Phase, RunKind, RunQueue, RunState, RunStatus, PREVIEW_FILE, STATUS_FILE};
use std::path::Path;
use std::time::{Duration, Instant};

impl RunQueue {
    /// Stops the queue for a server stop: no queued run starts, the run under way stops its
    /// explanations or frontier (as [`RunQueue::stop`]) and is waited for until written, at most
    /// `wait`. The French lines say what happens, for the terminal (`say` is called as it goes).
    pub fn shut_down(&self, wait: Duration, say: &dyn Fn(&str)) {
        self.shared.jobs.close();
        let under_way: Vec<String> = {
            let Ok(mut phases) = self.shared.phases.lock() else { return };
            for phase in phases.values_mut() {
                if *phase == Phase::Queued {
                    // The worker skips it; its status.json says « en file », read as
                    // interrupted at the next start.
                    *phase = Phase::Cancelled;
                }
            }
            phases
                .iter()
                .filter(|(_, p)| matches!(p, Phase::Running | Phase::Stopping))
                .map(|(k, _)| k.clone())
                .collect()
        };
        for k in &under_way {
            let dir = self.shared.dirs.lock().ok().and_then(|d| d.get(k).cloned());
            let Some((dir, (instance, run))) = dir.zip(k.split_once('/')) else { continue };
            match self.stop(&dir, instance, run) {
                Ok(_) => say(&format!(
                    "la planification {k} arrête ses calculs et écrit son plan avec ce qui est déjà calculé…"
                )),
                Err(_) => say(&format!("la planification {k} se termine…")),
            }
        }
        let start = Instant::now();
        while !self.idle() {
            if start.elapsed() >= wait {
                say(&format!(
                    "la planification en cours n'a pas fini en {} s : elle est interrompue ; si elle avait trouvé \
                     son plan, il est gardé au prochain démarrage, sans ses explications",
                    wait.as_secs()
                ));
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether no run is being computed or written.
    fn idle(&self) -> bool {
        self.shared
            .phases
            .lock()
            .map(|p| !p.values().any(|p| matches!(p, Phase::Running | Phase::Stopping | Phase::Writing)))
            .unwrap_or(true)
    }
}

/// At the server's start, before any run: every run of the workspace `root` that a stop
/// interrupted after its plan was found (`status.json` still running, its [`PREVIEW_FILE`]
/// there) is written as done from that plan, its explanations (or frontier) missing, and its
/// message says so. Returns the runs recovered (`instance/run`).
pub(crate) fn recover_interrupted(root: &Path) -> Vec<String> {
    let mut recovered = Vec::new();
    let Ok(instances) = std::fs::read_dir(root) else { return recovered };
    for instance in instances.flatten() {
        let Ok(runs) = std::fs::read_dir(instance.path().join(crate::workspace::RUNS_DIR)) else { continue };
        for run in runs.flatten() {
            let dir = run.path();
            if recover(&dir).is_some() {
                recovered.push(format!(
                    "{}/{}",
                    instance.file_name().to_string_lossy(),
                    run.file_name().to_string_lossy()
                ));
            }
        }
    }
    recovered.sort();
    recovered
}

/// Recovers the run in `dir` if a stop interrupted it with its plan found.
fn recover(dir: &Path) -> Option<()> {
    let text = std::fs::read_to_string(dir.join(STATUS_FILE)).ok()?;
    let mut status: RunStatus = serde_json::from_str(&text).ok()?;
    if status.state != RunState::Running || !status.has_plan {
        return None;
    }
    let preview = dir.join(PREVIEW_FILE);
    let plan = sectoria_io::read_plan(&preview).ok()?;
    // Its time until the stop: at least until its plan was found (the preview's time).
    let found_s = std::fs::metadata(&preview)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs_f64());
    if let (Some(start), Some(found)) = (status.started_s, found_s) {
        status.elapsed_s = ((found - start).max(0.0) * 1000.0).round() / 1000.0;
    }
    let n = plan.establishments.len();
    let explains = status.kind.explains();
    let done = Computed {
        explained: explains.then(|| (plan.establishments.iter().filter(|e| e.explanation.is_some()).count(), n)),
        plan,
        frontier: None,
        frontier_stopped: None,
        kept: None,
    };
    done.write_plan(dir, status.elapsed_s).ok()?;
    let context = crate::runs::report_context(&status);
    let basemap = dir.parent().and_then(Path::parent).and_then(crate::basemap::read);
    status.documents = done.write_documents(dir, basemap.as_deref(), &context).is_ok();
    status.state = RunState::Done;
    status.has_plan = false;
    status.missing_explanations = done.missing();
    status.establishments = n;
    status.record_inputs(&done.plan);
    status.message = match status.kind {
        RunKind::Frontier => "le serveur s'est arrêté pendant la frontière : le plan, déjà trouvé, est gardé ; la \
                              frontière est perdue, relancez-la"
            .into(),
        _ => {
            "le serveur s'est arrêté pendant les explications exactes : le plan, déjà trouvé, est gardé, sans elles ; \
              « Compléter les explications » les calcule"
                .into()
        }
    };
    status.write(dir);
    let _ = std::fs::remove_file(dir.join(PREVIEW_FILE));
    Some(())
}
