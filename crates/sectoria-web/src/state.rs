//! The application's state, shared by every handler through one `Arc`.

use crate::queue::RunQueue;
use crate::workspace::Workspace;
use sectoria_core::{Instance, Plan, Scenario};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// How the server was started.
#[derive(Debug, Clone)]
pub struct Config {
    /// The workspace folder (instance folders).
    pub workspace: PathBuf,
    /// Access token required on every request (any bind beyond the loopback).
    pub token: Option<String>,
    /// Host name accepted besides the loopback names (the `--bind` address).
    pub extra_host: Option<String>,
}

/// The planning function a run calls: the command line's own
/// (`sectoria_run::plan_with_limits` with the default limits); tests put a failing one.
pub type Planner =
    Arc<dyn Fn(&Instance, &Scenario, BTreeMap<String, String>) -> Result<Plan, sectoria_run::Error> + Send + Sync>;

/// The command line's planning function.
pub fn cli_planner() -> Planner {
    Arc::new(|instance, scenario, inputs| {
        sectoria_run::plan_with_limits(instance, scenario, inputs, &sectoria_core::SizeLimits::default())
    })
}

/// Shared state.
pub struct AppState {
    /// Start options.
    pub config: Config,
    /// The workspace.
    pub workspace: Workspace,
    /// The queue of planning runs.
    pub queue: RunQueue,
    /// Held while a file the pages edit is compared with the version a page read and written
    /// ([`crate::versions`]): two saves cannot both pass the check.
    pub saving: std::sync::Mutex<()>,
    /// The workspace's lock ([`crate::workspace::lock`]), held as long as the state lives.
    _lock: std::fs::File,
}

impl AppState {
    /// The state for `config`, runs planned with `planner`.
    pub fn new(config: Config, planner: Planner) -> std::io::Result<Arc<Self>> {
        let workspace = Workspace::open(&config.workspace)?;
        // One server per workspace: another would take this one's runs for interrupted ones.
        let lock = crate::workspace::lock(workspace.root())?;
        // Before any run of this server: the runs a stop interrupted after their plan was found.
        crate::queue::recover_interrupted(workspace.root());
        Ok(Arc::new(Self {
            config,
            workspace,
            queue: RunQueue::start(planner),
            saving: std::sync::Mutex::default(),
            _lock: lock,
        }))
    }
}
