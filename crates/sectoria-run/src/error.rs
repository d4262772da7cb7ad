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
    #[error("impossible d'écrire {path} : {} ; {}", write_reason(cause).0, write_reason(cause).1)]
    Output {
        /// The file.
        path: PathBuf,
        /// The system's error, worded in French in the message (not a `source`: its English
        /// text is not printed after it).
        cause: std::io::Error,
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

/// Why a file could not be written, and what to do, in French (the system's own text, in
/// English, only for a cause without a French wording).
fn write_reason(source: &std::io::Error) -> (String, &'static str) {
    use std::io::ErrorKind;
    match source.kind() {
        ErrorKind::PermissionDenied => {
            ("écriture refusée".into(), "donnez le droit d'écriture sur ce dossier ou choisissez-en un autre")
        }
        ErrorKind::ReadOnlyFilesystem => {
            ("le disque est en lecture seule".into(), "choisissez un dossier sur un disque où l'on peut écrire")
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            ("le disque est plein".into(), "libérez de la place ou choisissez un dossier sur un autre disque")
        }
        ErrorKind::NotFound => ("dossier introuvable".into(), "vérifiez le chemin du dossier de sortie"),
        ErrorKind::NotADirectory => {
            ("une partie du chemin est un fichier, pas un dossier".into(), "vérifiez le chemin du dossier de sortie")
        }
        ErrorKind::IsADirectory => ("un dossier porte déjà ce nom".into(), "renommez ou déplacez ce dossier"),
        _ => (format!("erreur du système ({source})"), "vérifiez les droits et l'espace disque"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_not_written_is_said_in_french_with_what_to_do() {
        let full = Error::Output { path: "out/plan.json".into(), cause: std::io::ErrorKind::StorageFull.into() };
        assert_eq!(
            full.to_string(),
            "impossible d'écrire out/plan.json : le disque est plein ; libérez de la place ou choisissez un dossier sur un autre disque"
        );
        let read_only =
            Error::Output { path: "out/plan.json".into(), cause: std::io::ErrorKind::ReadOnlyFilesystem.into() };
        assert!(read_only.to_string().contains("le disque est en lecture seule"), "{read_only}");
    }
}
