//! The crate's error: what went wrong in a comparison, a sweep or an explanation, in French,
//! with what to do.

use sectoria_core::ProblemError;
use sectoria_solver::SolveError;

/// Why a scenario tool did not produce its result.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// A `--vary` specification is malformed or names a key that cannot vary.
    #[error("--vary « {spec} » : {message}")]
    Vary {
        /// The specification as given.
        spec: String,
        /// What is wrong and what to do (French).
        message: String,
    },
    /// A `--shard` specification is malformed.
    #[error("--shard « {spec} » : {message}")]
    Shard {
        /// The specification as given.
        spec: String,
        /// What is wrong and what to do (French).
        message: String,
    },
    /// `--jitter` / `--samples` are out of range.
    #[error("--jitter / --samples : {0}")]
    Jitter(String),
    /// A scenario of the grid is refused by the scenario's own rules.
    #[error("scénario n° {index} de la grille ({values}) refusé : {problems}")]
    InvalidPoint {
        /// Index of the scenario in the grid.
        index: usize,
        /// The varied values, `key = value`.
        values: String,
        /// The rules broken (French).
        problems: String,
    },
    /// Instance and scenario do not fit together.
    #[error("{0}")]
    Problem(#[from] ProblemError),
    /// The solver found no plan.
    #[error("{0}")]
    Solve(#[from] SolveError),
    /// The establishment is not in the plan.
    #[error("l'établissement {0} n'est pas dans le plan (UAI inconnu ou hors périmètre) : vérifiez l'UAI (7 chiffres et une lettre)")]
    UnknownUai(String),
    /// The plan was not made from this instance.
    #[error("le plan ne correspond pas à l'instance et au scénario donnés :\n{0}\ndonnez l'instance et le scénario avec lesquels le plan a été calculé")]
    PlanMismatch(String),
    /// The caller stopped the frontier before it was traced.
    #[error("frontière arrêtée à la demande après {} ; relancez-la pour l'avoir en entier", resolutions(*.done))]
    Stopped {
        /// Solves done before the stop.
        done: usize,
    },
    /// Shard outputs cannot be merged.
    #[error("fusion des résultats de balayage : {0}")]
    Merge(String),
    /// A stopped sweep cannot be resumed from its `sweep.csv`.
    #[error("reprise du balayage : {0}")]
    Resume(String),
}

/// « 1 résolution », « 4 résolutions ».
pub fn resolutions(n: usize) -> String {
    format!("{n} résolution{}", if n >= 2 { "s" } else { "" })
}

/// « 1 contrefactuel », « 4 contrefactuels ».
pub fn counterfactuals(n: usize) -> String {
    format!("{n} contrefactuel{}", if n >= 2 { "s" } else { "" })
}
