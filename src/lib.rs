//! sectoria: plans the time of a département's school social workers (assistants de service
//! social) over its collèges, lycées, lycées professionnels, EREA and REP+ écoles with a
//! mixed-integer program (good_lp + HiGHS), and explains every allocation.
//!
//! The library mirrors the command line: load an instance and a scenario, [`plan`], [`check`],
//! and write the outputs. The run itself lives in `sectoria-run`, shared with the web
//! application; this crate re-exports it and adds the embedded demo.
//!
//! ```no_run
//! use std::path::Path;
//! let instance = sectoria::load_instance(Path::new("data/demo")).unwrap();
//! let scenario = sectoria::read_scenario(Path::new("data/demo/scenario.toml")).unwrap();
//! let plan = sectoria::plan(&instance, &scenario).unwrap();
//! assert!(sectoria::check(&instance, &scenario, &plan).unwrap().is_ok());
//! ```
#![deny(missing_docs)]

pub mod demo;

pub use sectoria_run::*;
