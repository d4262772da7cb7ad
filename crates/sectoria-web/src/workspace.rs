//! The workspace folder: instance folders, their scenarios and their runs. Every path the
//! application touches is resolved here, inside the workspace: a name is one plain path
//! component (no `..`, no separator, no leading dot) and the resolved path, symbolic links
//! followed, must stay under the workspace.

use crate::error::ApiError;
use axum::http::StatusCode;
use std::path::{Path, PathBuf};

/// Folder of an instance's runs.
pub const RUNS_DIR: &str = "runs";

/// The workspace, canonicalised at start.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

/// Whether `name` is one plain file or folder name.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 120
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
}

impl Workspace {
    /// The workspace at `root` (must exist).
    pub fn open(root: &Path) -> std::io::Result<Self> {
        Ok(Self { root: root.canonicalize()? })
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `parts` joined under the workspace, each a plain name, the result (if it exists)
    /// still inside the workspace once links are followed.
    pub fn resolve(&self, parts: &[&str]) -> Result<PathBuf, ApiError> {
        let mut path = self.root.clone();
        for part in parts {
            if !plain_name(part) {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "W403",
                    format!(
                        "nom refusé : « {part} » (lettres, accentuées comprises, chiffres, espaces, « - », « _ », « . » ; \
                         ni « .. », ni « / », ni « . » en premier)"
                    ),
                ));
            }
            path.push(part);
        }
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.root) => Ok(real),
            Ok(_) => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "W403",
                format!("{} sort de l'espace de travail (lien symbolique) : accès refusé", parts.join("/")),
            )),
            Err(_) => {
                // Not there yet (a file about to be written): its parent must resolve inside.
                let parent = path.parent().map(Path::to_path_buf).unwrap_or_else(|| self.root.clone());
                match parent.canonicalize() {
                    Ok(real) if real.starts_with(&self.root) => Ok(real.join(parts.last().copied().unwrap_or(""))),
                    _ => Err(ApiError::not_found(format!("{} n'existe pas dans l'espace de travail", parts.join("/")))),
                }
            }
        }
    }

    /// The instance folder `name` (must hold `establishments.csv`).
    pub fn instance(&self, name: &str) -> Result<PathBuf, ApiError> {
        let dir = self.resolve(&[name])?;
        if dir.join("establishments.csv").is_file() {
            Ok(dir)
        } else {
            Err(ApiError::not_found(format!(
                "« {name} » n'est pas une instance de l'espace de travail (pas de establishments.csv)"
            )))
        }
    }

    /// Instance folders of the workspace (those holding `establishments.csv`), sorted.
    pub fn instances(&self) -> Result<Vec<String>, ApiError> {
        let entries = std::fs::read_dir(&self.root).map_err(|e| ApiError::io(&self.root, &e))?;
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| plain_name(n) && self.instance(n).is_ok())
            .collect();
        names.sort();
        Ok(names)
    }

    /// Files of `dir` whose name ends with `suffix`, sorted.
    pub fn files_ending(dir: &Path, suffix: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().is_file())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| n.ends_with(suffix) && plain_name(n))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// The lock file a server holds in its workspace (hidden; not an instance).
pub const LOCK_FILE: &str = ".sectoria-serve.lock";

/// Locks the workspace `root` for this server, or says in French that another server holds it
/// (`WouldBlock`). The lock goes with the file, when the state is dropped or the process ends,
/// even killed: no stale lock to remove by hand.
pub fn lock(root: &Path) -> std::io::Result<std::fs::File> {
    use std::io::Write;
    let path = root.join(LOCK_FILE);
    let mut file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            write!(file, "{}", std::process::id())?;
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let pid = std::fs::read_to_string(&path).unwrap_or_default();
            let by = if pid.trim().is_empty() { String::new() } else { format!(" (processus {})", pid.trim()) };
            Err(std::io::Error::new(
                std::io::ErrorKind::WouldBlock,
                format!(
                    "un autre « sectoria serve »{by} utilise déjà l'espace de travail {} : ouvrez son adresse dans \
                     le navigateur, ou arrêtez-le (Ctrl+C) avant d'en démarrer un autre",
                    root.display()
                ),
            ))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_single_plain_components() {
        assert!(plain_name("demo"));
        assert!(plain_name("scénario 2.toml"));
        for bad in ["..", ".", "", "a/b", "a\\b", ".hidden", "a\0b"] {
            assert!(!plain_name(bad), "{bad:?}");
        }
    }
}
