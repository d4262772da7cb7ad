//! The instance folder: `establishments.csv` (required), `workers.csv`, `current.csv` and
//! `distances.csv` (optional), read together so that every problem of every file is reported
//! at once.

use crate::current::parse_current;
use crate::distances::parse_distances;
use crate::error::{finish, InputError, InputProblem};
use crate::establishments::parse_establishments;
use crate::warnings::LoadedInstance;
use crate::workers::parse_workers;
use sectoria_core::Instance;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// File of the establishments (required).
pub const ESTABLISHMENTS_FILE: &str = "establishments.csv";
/// File of the workers (optional: without it, the budget becomes posts).
pub const WORKERS_FILE: &str = "workers.csv";
/// File of today's sectors (optional).
pub const CURRENT_FILE: &str = "current.csv";
/// File of measured distances (optional).
pub const DISTANCES_FILE: &str = "distances.csv";

/// The content of one input file and the name its problems are reported under.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// File name or path shown in problems.
    pub file: &'a Path,
    /// Raw content.
    pub bytes: &'a [u8],
}

/// Reads the instance folder `dir`. Every problem of every file is collected before
/// returning; a missing `establishments.csv` or an unreadable file is [`InputError::Io`].
/// The files' warnings are dropped: [`load_instance_with_warnings`] keeps them.
pub fn load_instance(dir: &Path) -> Result<Instance, InputError> {
    load_instance_with_warnings(dir).map(|l| l.instance)
}

/// Reads the instance folder `dir` as [`load_instance`] does, and keeps the files' warnings
/// and lines (for [`LoadedInstance::scenario_warnings`]).
pub fn load_instance_with_warnings(dir: &Path) -> Result<LoadedInstance, InputError> {
    folder(dir)?;
    let current = read_optional(dir, CURRENT_FILE)?;
    load_instance_with_current(dir, current.as_ref().map(|(p, b)| Source { file: p, bytes: b }))
}

/// Reads the instance folder `dir` with the same readers as [`load_instance_with_warnings`],
/// `current` read as its `current.csv` in place of the folder's own (`None`: as if it had
/// none): the instance as another `current.csv` makes it (a plan's sectors about to be
/// adopted, or the `current.csv` a plan was computed with).
pub fn load_instance_with_current(dir: &Path, current: Option<Source<'_>>) -> Result<LoadedInstance, InputError> {
    folder(dir)?;
    let establishments_path = dir.join(ESTABLISHMENTS_FILE);
    let establishments = std::fs::read(&establishments_path).map_err(|e| InputError::io(&establishments_path, e))?;
    let workers = read_optional(dir, WORKERS_FILE)?;
    let distances = read_optional(dir, DISTANCES_FILE)?;
    fn source(f: &Option<(PathBuf, Vec<u8>)>) -> Option<Source<'_>> {
        f.as_ref().map(|(p, b)| Source { file: p, bytes: b })
    }
    instance_with_warnings_from_sources(
        Source { file: &establishments_path, bytes: &establishments },
        source(&workers),
        current,
        source(&distances),
    )
}

/// An error unless `dir` is a folder.
fn folder(dir: &Path) -> Result<(), InputError> {
    if dir.is_dir() {
        return Ok(());
    }
    Err(InputError::Io {
        path: dir.to_path_buf(),
        reason: "dossier d'instance introuvable".to_string(),
        fix: format!("donnez le chemin d'un dossier qui contient {ESTABLISHMENTS_FILE}"),
        cause: std::io::Error::from(std::io::ErrorKind::NotFound),
    })
}

/// The path and content of the optional file `name` of `dir`; `None` when it is absent, an
/// [`InputError::Io`] naming it when it cannot be read.
fn read_optional(dir: &Path, name: &str) -> Result<Option<(PathBuf, Vec<u8>)>, InputError> {
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some((path, bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(InputError::io(&path, e)),
    }
}

/// Reads an instance from file contents (for example an embedded demo). Problems name the
/// files `establishments.csv`, `workers.csv`, `current.csv` and `distances.csv`.
pub fn instance_from_texts(
    establishments: &str,
    workers: Option<&str>,
    current: Option<&str>,
    distances: Option<&str>,
) -> Result<Instance, InputError> {
    instance_with_warnings_from_texts(establishments, workers, current, distances).map(|l| l.instance)
}

/// [`instance_from_texts`], keeping the files' warnings and lines.
pub fn instance_with_warnings_from_texts(
    establishments: &str,
    workers: Option<&str>,
    current: Option<&str>,
    distances: Option<&str>,
) -> Result<LoadedInstance, InputError> {
    instance_with_warnings_from_sources(
        Source { file: Path::new(ESTABLISHMENTS_FILE), bytes: establishments.as_bytes() },
        workers.map(|t| Source { file: Path::new(WORKERS_FILE), bytes: t.as_bytes() }),
        current.map(|t| Source { file: Path::new(CURRENT_FILE), bytes: t.as_bytes() }),
        distances.map(|t| Source { file: Path::new(DISTANCES_FILE), bytes: t.as_bytes() }),
    )
}

/// Reads an instance from its sources, collecting every problem of every file (in file order,
/// then line order).
pub fn instance_from_sources(
    establishments: Source<'_>,
    workers: Option<Source<'_>>,
    current: Option<Source<'_>>,
    distances: Option<Source<'_>>,
) -> Result<Instance, InputError> {
    instance_with_warnings_from_sources(establishments, workers, current, distances).map(|l| l.instance)
}

/// [`instance_from_sources`], keeping the files' warnings and lines.
pub fn instance_with_warnings_from_sources(
    establishments: Source<'_>,
    workers: Option<Source<'_>>,
    current: Option<Source<'_>>,
    distances: Option<Source<'_>>,
) -> Result<LoadedInstance, InputError> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut start = 0;
    let mut in_line_order = |problems: &mut Vec<InputProblem>| {
        if let Some(chunk) = problems.get_mut(start..) {
            chunk.sort_by_key(|p| p.line.unwrap_or(0));
        }
        start = problems.len();
    };
    let workers_file = workers.map_or_else(|| PathBuf::from(WORKERS_FILE), |w| w.file.to_path_buf());
    let est = parse_establishments(establishments.bytes, establishments.file, &mut problems);
    in_line_order(&mut problems);
    let workers = workers.map(|w| parse_workers(w.bytes, w.file, &est, &mut problems, &mut warnings));
    in_line_order(&mut problems);
    let current_file = current.map_or_else(|| PathBuf::from(CURRENT_FILE), |c| c.file.to_path_buf());
    let current = current
        .map(|c| parse_current(c.bytes, c.file, &est, workers.as_ref(), &mut problems, &mut warnings))
        .unwrap_or_default();
    in_line_order(&mut problems);
    // Workers of today's sectors who left workers.csv: their measured distances are left out.
    let departed: BTreeSet<String> = match &workers {
        Some(w) => current.assignments.iter().filter(|c| !w.knows(&c.worker_id)).map(|c| c.worker_id.clone()).collect(),
        None => BTreeSet::new(),
    };
    let distances = distances
        .map(|d| parse_distances(d.bytes, d.file, &est, workers.as_ref(), &departed, &mut problems, &mut warnings))
        .unwrap_or_default();
    in_line_order(&mut problems);
    let (workers, worker_lines) = workers.map(|w| (w.workers, w.seen)).unwrap_or_default();
    let instance = Instance { establishments: est.establishments, workers, current: current.assignments, distances };
    let loaded =
        LoadedInstance { instance, warnings, workers_file, worker_lines, current_file, current_lines: current.lines };
    finish(loaded, problems)
}
