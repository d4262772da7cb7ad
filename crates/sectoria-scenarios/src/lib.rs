//! sectoria-scenarios: the rectorat's scenario tools on top of the planner — [`compare`](fn@compare)
//! two plans, [`sweep`](sweep::sweep) a grid of scenarios derived from one (in parallel,
//! shardable over machines), and [`explain`](fn@explain) one establishment's allocation with the
//! cost of changing it.
//!
//! ```
//! use sectoria_core::test_support::small_instance;
//! use sectoria_core::{Problem, Scenario};
//! use sectoria_scenarios::{compare, explain};
//!
//! let problem = Problem::new(&small_instance(), &Scenario::default()).unwrap();
//! let plan = sectoria_solver::plan(&problem, Default::default()).unwrap();
//! assert!(compare(&plan, &plan).is_unchanged());
//! let why = explain(&problem, &plan, "0310001A").unwrap();
//! assert_eq!(why.uai, "0310001A");
//! ```
#![deny(missing_docs)]

pub mod compare;
pub mod counterfactual;
pub mod error;
pub mod explain;
pub mod frontier;
pub mod jitter;
pub mod shard;
pub mod sweep;
pub mod sweep_csv;
pub mod vary;

pub use compare::{compare, Comparison};
pub use error::{counterfactuals, resolutions, ScenarioError};
pub use explain::{
    attach, explain, explain_all, explain_exact, explain_missing, explain_plan, explain_with_plan,
    missing_counterfactuals, Explanation, Step,
};
pub use frontier::{frontier, frontier_of, FrontierFiles, OnStop};
pub use jitter::{robustness, robustness_csv, JitterSpec, Robustness};
pub use shard::Shard;
pub use sweep::{sweep, SweepOutcome, SweepRow};
pub use sweep_csv::{merge, merge_establishments, sweep_changes_csv, sweep_csv, sweep_establishments_csv};
pub use vary::{grid, VarySpec};
