//! sectoria-io: reading the instance folder and the scenario, writing and reading the plan.
//!
//! Readers check everything and **collect every problem of every file** before failing: the
//! user fixes all of them in one go. Each [`InputProblem`] has a stable code (see
//! [`CATALOGUE`]), the file, line (header = line 1), column and UAI, and says in French what is
//! wrong and what to do.
//!
//! ```
//! use sectoria_io::{instance_from_texts, scenario_from_str};
//!
//! let establishments = "\u{feff}uai;name;kind;commune_insee;commune;lat;lon;pupils;rep\n\
//!                       0310001A;Collège A;college;31555;Toulouse;43,6045;1,444;600;oui\n";
//! let workers = "id;fte;base_uai\nASS01;1;0310001A\n";
//! let instance = instance_from_texts(establishments, Some(workers), None, None).unwrap();
//! assert!(instance.establishments[0].rep);
//! assert_eq!(instance.workers[0].base.as_ref().and_then(|b| b.uai.as_deref()), Some("0310001A"));
//!
//! let scenario = scenario_from_str("schema = 1\n[budget]\nreserve_fte = 0.5\n", "scenario.toml").unwrap();
//! assert_eq!(scenario.budget.reserve_fte, 0.5);
//!
//! // Every problem, with its code, line, column and fix.
//! let bad = "uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
//!            0310001A;Collège A;college;31555;Toulouse;43.6;1.44;douze\n\
//!            0310001A;Collège B;college;31555;Toulouse;1.44;43.6;450\n";
//! let error = instance_from_texts(bad, None, None, None).unwrap_err();
//! assert_eq!(error.codes(), ["E104", "E112", "E116"]);
//! assert!(error.to_string().starts_with(
//!     "E104 establishments.csv, ligne 2, colonne « pupils », UAI 0310001A : « douze » n'est pas un nombre entier."
//! ));
//! assert!(error.to_string().contains("la latitude et la longitude semblent inversées"));
//! ```
#![deny(missing_docs)]

pub mod current;
pub mod distances;
pub mod error;
pub mod establishments;
pub mod frcsv;
pub mod hash;
pub mod instance;
pub mod plan_file;
mod position;
pub mod scenario;
pub mod warnings;
pub mod workers;

pub use error::{InputError, InputProblem, CATALOGUE};
pub use hash::{hash_files, hash_named, input_hashes, instance_hashes, sha256_hex, INSTANCE_FILES};
pub use instance::{
    instance_from_texts, instance_with_warnings_from_texts, load_instance, load_instance_with_warnings,
};
pub use plan_file::{plan_from_str, read_plan, write_plan_json};
pub use position::{position_verdict, PositionVerdict};
pub use scenario::{check_locks, read_scenario, read_scenario_for, scenario_for_instance_from_str, scenario_from_str};
pub use warnings::{InputWarning, LoadedInstance};
