//! An adopted plan stays checkable. `sectoria adopt` writes the plan's sectors as the
//! instance's `current.csv`, which then differs from the `current.csv` the plan was computed
//! with (none, or the one adopt kept as `current-AAAAMMJJ-HHMMSS.csv`). [`as_computed`]
//! recognises exactly that file and rebuilds the instance the plan was computed from; any other
//! change of `current.csv`, or of another file, is left to the check to refuse.

use super::current_csv;
use crate::error::Error;
use sectoria_core::{Instance, Plan};
use sectoria_io::instance::{load_instance_with_current, Source, CURRENT_FILE};
use sectoria_io::{sha256_hex, INSTANCE_FILES};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the folder of an adopted plan holds of the inputs it was computed from.
#[derive(Debug, Clone)]
pub enum Record {
    /// The inputs of the plan's computation, `current.csv` put back as it was.
    AsComputed {
        /// The instance as the plan was computed from it.
        instance: Instance,
        /// The fingerprints of the input files as the plan records them.
        files: BTreeMap<String, String>,
        /// Where the `current.csv` of the computation was found; `None` when there was none.
        kept: Option<PathBuf>,
    },
    /// The plan was computed with a `current.csv` that is no longer in the folder.
    Lost,
}

impl Record {
    /// The line `sectoria check` prints about the record.
    pub fn note(&self) -> String {
        let adopted = "current.csv est celui écrit par sectoria adopt à partir de ce plan";
        match self {
            Record::AsComputed { kept, .. } => {
                format!("{adopted} : vérifié avec les données du calcul ({})", with_what(kept.as_deref()))
            }
            Record::Lost => format!(
                "{adopted}, mais le current.csv avec lequel il a été calculé n'est plus dans le dossier (aucun \
                 current-AAAAMMJJ-HHMMSS.csv n'a son empreinte) : remettez-le dans le dossier de l'instance pour \
                 vérifier ce plan"
            ),
        }
    }

    /// The sentence `sectoria adopt` prints about what the check of the plan will do.
    pub fn after_adoption(&self) -> String {
        match self {
            Record::AsComputed { kept, .. } => {
                let keep = kept
                    .as_deref()
                    .and_then(Path::file_name)
                    .map_or(String::new(), |name| format!(" ; ne supprimez pas {}", name.to_string_lossy()));
                format!(
                    "Ce plan reste vérifiable avec ce dossier : sa vérification (sectoria check, ou Résultats) reconnaîtra ce current.csv, écrit à \
                     partir du plan, et vérifiera le plan avec les données du calcul ({}){keep}.",
                    with_what(kept.as_deref())
                )
            }
            Record::Lost => {
                "Ce plan ne pourra plus être vérifié avec ce dossier : le current.csv avec lequel il a été \
                             calculé n'y est plus ; gardez une copie de l'instance du calcul."
                    .to_string()
            }
        }
    }
}

/// « sans current.csv, comme au calcul » or « avec le current.csv du calcul, gardé sous … ».
fn with_what(kept: Option<&Path>) -> String {
    match kept.and_then(Path::file_name) {
        None => "sans current.csv, comme au calcul".to_string(),
        Some(name) => format!("avec le current.csv du calcul, gardé sous {}", name.to_string_lossy()),
    }
}

/// The inputs `plan` was computed from, when the folder `instance_dir` differs from them only by
/// the `current.csv` that `sectoria adopt` writes from this plan; `files` are the fingerprints of
/// the input files now (`sectoria_io::input_hashes`). `None` otherwise: a plan without recorded
/// fingerprints, another file changed, or a `current.csv` that is not this plan's sectors.
///
/// # Errors
/// [`Error::Input`] when the instance's files do not read.
pub fn as_computed(
    instance_dir: &Path,
    plan: &Plan,
    files: &BTreeMap<String, String>,
) -> Result<Option<Record>, Error> {
    let recorded = &plan.inputs;
    let others_unchanged = INSTANCE_FILES.into_iter().all(|n| n == CURRENT_FILE || recorded.get(n) == files.get(n));
    let now = files.get(CURRENT_FILE);
    let written_by_adopt = current_csv(plan).ok().map(|text| sha256_hex(text.as_bytes()));
    if recorded.is_empty()
        || !others_unchanged
        || now.is_none()
        || now != written_by_adopt.as_ref()
        || now == recorded.get(CURRENT_FILE)
    {
        return Ok(None);
    }
    let mut files = files.clone();
    let kept = match recorded.get(CURRENT_FILE) {
        None => {
            files.remove(CURRENT_FILE);
            None
        }
        Some(hash) => match kept_copy(instance_dir, hash) {
            Some(copy) => {
                files.insert(CURRENT_FILE.to_string(), hash.clone());
                Some(copy)
            }
            None => return Ok(Some(Record::Lost)),
        },
    };
    let current = kept.as_ref().map(|(file, bytes)| Source { file, bytes });
    let instance = load_instance_with_current(instance_dir, current)?.instance;
    Ok(Some(Record::AsComputed { instance, files, kept: kept.map(|(path, _)| path) }))
}

/// The inputs a saved plan is checked against, by `sectoria check` and the web's check alike.
pub struct CheckInputs {
    /// The instance: the folder's, or the one the adopted plan was computed from.
    pub instance: Instance,
    /// The fingerprints the plan's recorded ones are compared with.
    pub files: BTreeMap<String, String>,
    /// A line to print before the verdict (« current.csv est celui écrit par sectoria adopt… »).
    pub note: Option<String>,
    /// A problem that leads the check's own: the adopted plan's `current.csv` is lost.
    pub lost: Option<String>,
}

/// What `plan` is checked against in `instance_dir`, whose instance reads as `instance` and
/// whose input files have the fingerprints `files` now: those, unless the folder differs from
/// the plan's inputs only by the `current.csv` `sectoria adopt` wrote from it ([`as_computed`]).
///
/// # Errors
/// [`Error::Input`] when the instance's files do not read.
pub fn check_inputs(
    instance_dir: &Path,
    plan: &Plan,
    instance: Instance,
    files: BTreeMap<String, String>,
) -> Result<CheckInputs, Error> {
    Ok(match as_computed(instance_dir, plan, &files)? {
        None => CheckInputs { instance, files, note: None, lost: None },
        Some(record) => {
            let note = record.note();
            match record {
                Record::AsComputed { instance, files, .. } => {
                    CheckInputs { instance, files, note: Some(note), lost: None }
                }
                Record::Lost => CheckInputs { instance, files, note: None, lost: Some(note) },
            }
        }
    })
}

/// The copy `sectoria adopt` kept of a former `current.csv` (`current-AAAAMMJJ-HHMMSS.csv`)
/// whose SHA-256 is `hash`, with its content; the first by name when several are.
fn kept_copy(dir: &Path, hash: &str) -> Option<(PathBuf, Vec<u8>)> {
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("current-") && n.ends_with(".csv"))
        })
        .collect();
    copies.sort();
    copies.into_iter().find_map(|path| {
        let bytes = std::fs::read(&path).ok()?;
        (sha256_hex(&bytes) == hash).then_some((path, bytes))
    })
}
