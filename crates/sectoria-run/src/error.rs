//! The library's error, with the command line's exit code.

use sectoria_core::{Infeasibility, ProblemError};
use sectoria_io::InputError;
use sectoria_solver::SolveError;
use std::path::PathBuf;

/// Why a command did not produce its result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input files.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Instance and scenario do not fit together (or exceed the size limits, `E170`).
    #[error(transparent)]
    Problem(#[from] ProblemError),
    /// The scenario cannot be satisfied.
    #[error("scénario infaisable :\n{}", .0.iter().map(|r| format!("  - [{}] {}", r.rule, r.message)).collect::<Vec<_>>().join("\n"))]
    Infeasible(Vec<Infeasibility>),
    /// No plan within the limits, or the solver failed.
    #[error("aucun plan : {0}")]
    NoPlan(String),
    /// A report could not be rendered.
    #[error("{0}")]
    Report(#[from] sectoria_report::ReportError),
    /// An output could not be written.
    #[error("impossible d'écrire {path} : {source} ; vérifiez les droits et l'espace disque")]
    Output {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A plan failed the independent check.
    #[error("le plan {path} est rejeté :\n{problems}")]
    PlanRejected {
        /// The plan file.
        path: PathBuf,
        /// The problems, one per line.
        problems: String,
    },
    /// A plan that cannot become today's sectors (`current.csv`).
    #[error("le plan ne peut pas devenir les secteurs actuels : {0}")]
    Adopt(String),
    /// The output folder already holds a plan.
    #[error("le dossier {0} contient déjà un plan : choisissez un autre dossier avec --out ou ajoutez --force pour le remplacer")]
    OutputExists(PathBuf),
}

impl From<SolveError> for Error {
    fn from(e: SolveError) -> Self {
        match e {
            SolveError::Infeasible(r) => Error::Infeasible(r),
            SolveError::NoPlan(m) => Error::NoPlan(m),
        }
    }
}

impl Error {
    /// Exit code: 1 bad input or usage, 2 infeasible scenario, 3 no plan from the solver.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_)
            | Error::Problem(_)
            | Error::Report(_)
            | Error::Output { .. }
            | Error::OutputExists(_)
            | Error::Adopt(_)
            | Error::PlanRejected { .. } => 1,
            Error::Infeasible(_) => 2,
            Error::NoPlan(_) => 3,
        }
    }
}
