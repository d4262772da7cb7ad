//! Builds a sectoria instance folder for one département from public open data: the
//! annuaire de l'éducation, the DEPP IPS files (with enrolments), the INSEE grille de densité,
//! La Poste's commune centroids and, optionally, a national collège file with REP/REP+ flags.
//!
//! ```no_run
//! use sectoria_import::{import, ImportOptions, SourceFiles};
//! use std::path::{Path, PathBuf};
//!
//! # fn main() -> Result<(), sectoria_import::ImportError> {
//! let options = ImportOptions {
//!     departement: "031".to_string(),
//!     files: SourceFiles::from_data_dir(Path::new("donnees"))?,
//!     include_private: false,
//!     pupils_per_fte: Some(1600.0),
//!     out_dir: PathBuf::from("instance-031"),
//! };
//! let report = import(&options)?;
//! println!("{report}"); // the French report, also written to import_report.txt
//! assert!(report.rows_balance());
//! # Ok(())
//! # }
//! ```
//!
//! The output folder receives `establishments.csv` (DESIGN §2 columns, sorted by UAI),
//! `import_report.txt` and, with `pupils_per_fte`, a `scenario.toml` setting only
//! `budget.total_fte` (every other key listed in comments, with its help and default). Every
//! row of the département is counted in the report: written, merged (lycée section, duplicate
//! UAI) or out of scope with its reason (a geographic annex without its own enrolment among
//! them: its pupils are its mother's).
//!
//! [`build_national`] builds the instance of every département of France from the national
//! files alone (collèges and lycées, no annuaire), each as the text of its `establishments.csv`
//! and `scenario.toml`, with every row of every file counted ([`NationalReport`]).
//!
//! The crate writes the files as text; it takes from the other sectoria crates only the readers'
//! position and encoding checks (`sectoria-io`) and the planner's default rules (`sectoria-core`).

#![deny(missing_docs)]

mod annex;
mod annuaire;
mod communes;
mod density;
mod departement;
mod encoding;
mod erea;
mod error;
mod ips;
mod location;
mod merge;
mod names;
mod national;
mod network;
mod options;
mod pipeline;
mod pupil_warnings;
mod pupils;
mod record;
mod rep_flags;
mod report;
mod scenario_template;
mod scope;
mod table;
mod values;
mod writer;

pub use annex::AnnexLeftOut;
pub use departement::Departement;
pub use error::ImportError;
pub use location::{haversine_km, FallbackSource, LocationFallback};
pub use merge::{DuplicateRow, KeptSection, MergedSection};
pub use national::{
    build_national, is_departement_code, DepartementInstance, DropReason, FileTally, NationalFiles, NationalOptions,
    NationalReport, NationalSet, WHAT_COLLEGES, WHAT_COLLEGES_REP, WHAT_IPS_COLLEGES, WHAT_IPS_LYCEES,
};
pub use network::{AttachMethod, NetworkAttachment};
pub use options::{DataFile, ImportOptions, SourceFiles};
pub use pipeline::{import, import_annuaire_bytes};
pub use pupils::{EstimatedPupils, CYCLE3_SHARE};
pub use record::PupilSource;
pub use rep_flags::{FlagAdded, RepFlagsJoin};
pub use report::{ImportReport, JoinCount, KindCounts, MissingJoin};
pub use scope::{Kind, OutReason, SectionKind};
pub use table::without_accent;
pub use writer::{ESTABLISHMENTS_FILE, ESTABLISHMENTS_HEADER, REPORT_FILE, SCENARIO_FILE};
