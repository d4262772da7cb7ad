//! A run cancelled while it computes: its solve is asked to stop ([`sectoria_run::Stop`]) and
//! ends within about a second where it is in the solver's own loops, but a HiGHS run under way
//! (the compact model) goes on to its time limit. The runs queued behind it wait for it, and
//! their message says how long at most: until the time limit of its scenario, counted from the
//! start of its plan's solve (or from now, for counterfactuals and frontier solves under way).

use super::RunStatus;
use std::path::Path;

/// The run cancelled while computing whose computation still holds the worker.
#[derive(Debug, Clone)]
pub(super) struct Draining {
    /// Its `instance/run`.
    pub(super) key: String,
    /// Seconds since the epoch by which its computation has ended at the latest; `None` when
    /// its scenario cannot be read.
    pub(super) until_s: Option<f64>,
}

/// Added to a time limit for what a solve does outside it: reading the files before its clock
/// starts, HiGHS noticing its limit, assembling the plan.
const SLACK_S: f64 = 5.0;

/// How often the waiting runs' « au plus tard dans … » is brought up to date.
pub(super) const REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// Seconds since the epoch now.
pub(super) fn now_s() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

impl Draining {
    /// The run `key` (its folder `dir`, its `status` when readable), cancelled at `now_s` while
    /// computing. Its plan's own solve ends by the scenario's time limit after it started; once
    /// the plan is found (or taken over, for a completing run), the counterfactuals or frontier
    /// solves under way each get at most that limit from now.
    pub(super) fn of(key: String, dir: &Path, status: Option<&RunStatus>, now_s: f64) -> Self {
        let until_s = status.and_then(|status| {
            let text = std::fs::read_to_string(dir.join("scenario.toml")).ok()?;
            let limit = sectoria_io::scenario_from_str(&text, &status.scenario).ok()?.solver.time_limit_s;
            let from = if status.has_plan || status.from_run.is_some() { Some(now_s) } else { status.started_s };
            Some(from? + limit + SLACK_S)
        });
        Self { key, until_s }
    }

    /// When its computation ends at the latest, from `now_s`: « au plus tard dans 4 min 33 s
    /// (limite de temps de son scénario) », « d'un instant à l'autre » once that time is past,
    /// « dès que possible » when unknown.
    pub(super) fn at_most(&self, now_s: f64) -> String {
        match self.until_s {
            Some(until) if until > now_s => {
                format!("au plus tard dans {} (limite de temps de son scénario)", duration((until - now_s).ceil()))
            }
            Some(_) => "d'un instant à l'autre".to_string(),
            None => "dès que possible".to_string(),
        }
    }
}

/// « 45 s », « 4 min 33 s », « 1 h 05 min ».
fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
    }
}

/// A queued run's message at `now_s`: waiting for its turn, or for the cancelled run
/// `draining` whose computation goes on in the background.
pub(super) fn waiting(draining: Option<&Draining>, now_s: f64) -> String {
    match draining {
        None => "en attente".to_string(),
        Some(d) => format!(
            "en attente : la planification {} a été annulée ; son calcul se termine en arrière-plan {} ; celle-ci \
             commence ensuite",
            d.key.rsplit('/').next().unwrap_or(&d.key),
            d.at_most(now_s)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_said_in_french() {
        assert_eq!(duration(45.0), "45 s");
        assert_eq!(duration(273.0), "4 min 33 s");
        assert_eq!(duration(3900.0), "1 h 05 min");
    }

    /// The run's status as read from `dir` (the demo's scenario, `time_limit_s` = `limit`).
    fn cancelled_run(dir: &Path, limit: &str, started_s: f64, has_plan: bool) -> RunStatus {
        let text = format!("schema = 1\n\n[solver]\ntime_limit_s = {limit}\n");
        std::fs::write(dir.join("scenario.toml"), text).expect("scenario");
        let status = serde_json::json!({
            "instance": "demo", "run": "r", "scenario": "scenario.toml", "state": "cancelled", "message": "",
            "created_s": 0, "elapsed_s": 0.0, "started_s": started_s, "has_plan": has_plan,
        });
        serde_json::from_value(status).expect("status")
    }

    #[test]
    fn a_cancelled_solve_ends_by_its_time_limit_from_its_start_and_solves_under_way_from_now() {
        let dir = tempfile::tempdir().expect("folder");
        let solving = cancelled_run(dir.path(), "300.0", 1000.0, false);
        let d = Draining::of("demo/r".into(), dir.path(), Some(&solving), 1027.0);
        assert_eq!(d.until_s, Some(1000.0 + 300.0 + SLACK_S));
        let explaining = cancelled_run(dir.path(), "300.0", 1000.0, true);
        let d = Draining::of("demo/r".into(), dir.path(), Some(&explaining), 1027.0);
        assert_eq!(d.until_s, Some(1027.0 + 300.0 + SLACK_S));
        assert_eq!(Draining::of("demo/r".into(), dir.path(), None, 1027.0).until_s, None);
    }

    #[test]
    fn the_queued_runs_are_told_how_long_the_cancelled_run_may_still_hold_them() {
        let d = Draining { key: "demo/20261207-212104-3".into(), until_s: Some(1000.0) };
        let m = waiting(Some(&d), 727.0);
        assert!(m.contains("20261207-212104-3 a été annulée"), "{m}");
        assert!(m.contains("au plus tard dans 4 min 33 s (limite de temps de son scénario)"), "{m}");
        assert!(waiting(Some(&d), 1000.0).contains("d'un instant à l'autre"));
        assert_eq!(waiting(None, 0.0), "en attente");
    }
}
