//! A sweep stopped by Ctrl-C: `sweep.csv` holds the scenarios solved, and `sweep_resume.json`
//! beside it what the sweep was (its input files' hashes, its `--vary` and `--shard`), so that
//! `sectoria sweep … --resume` solves only the scenarios left, and refuses once the inputs or the
//! grid differ.

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file that marks a stopped sweep in its output folder.
pub const FILE: &str = "sweep_resume.json";

/// What a sweep is: the inputs it reads and the grid it solves.
#[derive(Debug, PartialEq)]
pub struct Grid {
    /// Input file name → SHA-256.
    pub inputs: BTreeMap<String, String>,
    /// The `--vary` specifications, as given.
    pub vary: Vec<String>,
    /// The `--shard`, as given.
    pub shard: Option<String>,
}

impl Grid {
    fn to_json(&self) -> Value {
        json!({ "inputs": self.inputs, "vary": self.vary, "shard": self.shard })
    }

    fn from_json(v: &Value) -> Option<Grid> {
        let inputs = v.get("inputs")?.as_object()?;
        let inputs = inputs.iter().map(|(k, h)| Some((k.clone(), h.as_str()?.to_string()))).collect::<Option<_>>()?;
        let vary = v.get("vary")?.as_array()?.iter().map(|s| s.as_str().map(String::from)).collect::<Option<_>>()?;
        let shard = match v.get("shard")? {
            Value::Null => None,
            s => Some(s.as_str()?.to_string()),
        };
        Some(Grid { inputs, vary, shard })
    }
}

/// Marks `out` as holding a stopped sweep of `grid`.
pub fn mark(out: &Path, grid: &Grid) -> Result<PathBuf> {
    let path = out.join(FILE);
    let text = serde_json::to_string_pretty(&grid.to_json()).context("sweep_resume.json")?;
    std::fs::write(&path, text + "\n")
        .with_context(|| format!("impossible d'écrire {} ; vérifiez les droits et l'espace disque", path.display()))?;
    Ok(path)
}

/// The `sweep.csv` of the stopped sweep of `grid` in `out`, refused (in French, with what to do)
/// when `out` holds no stopped sweep or one of other inputs or another grid.
pub fn read(out: &Path, grid: &Grid) -> Result<String> {
    let mark = out.join(FILE);
    let text = match std::fs::read_to_string(&mark) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "--resume : {} ne contient pas de balayage arrêté ({} manque) ; lancez le balayage sans --resume",
            out.display(),
            FILE
        ),
        Err(e) => return Err(e).with_context(|| format!("impossible de lire {}", mark.display())),
    };
    let Some(stopped) = serde_json::from_str(&text).ok().as_ref().and_then(Grid::from_json) else {
        bail!("--resume : {} est illisible ; relancez le balayage sans --resume", mark.display());
    };
    if stopped.vary != grid.vary || stopped.shard != grid.shard {
        bail!(
            "--resume : le balayage arrêté dans {} portait sur --vary {}{} ; reprenez-le avec les mêmes options, ou lancez \
             ce balayage dans un autre dossier",
            out.display(),
            stopped.vary.join(" --vary "),
            stopped.shard.map(|s| format!(" --shard {s}")).unwrap_or_default()
        );
    }
    if stopped.inputs != grid.inputs {
        let changed: Vec<&str> = grid
            .inputs
            .iter()
            .filter(|(name, hash)| stopped.inputs.get(*name) != Some(*hash))
            .map(|(name, _)| name.as_str())
            .chain(stopped.inputs.keys().filter(|name| !grid.inputs.contains_key(*name)).map(String::as_str))
            .collect();
        bail!(
            "--resume : les fichiers d'entrée ont changé depuis l'arrêt du balayage ({}) ; ses scénarios ne se comparent plus \
             aux nouveaux : relancez le balayage sans --resume (avec --force)",
            changed.join(", ")
        );
    }
    let csv = out.join("sweep.csv");
    std::fs::read_to_string(&csv).with_context(|| {
        format!("--resume : impossible de lire {} ; relancez le balayage sans --resume", csv.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid {
            inputs: BTreeMap::from([("establishments.csv".into(), "ab".into()), ("s.toml".into(), "cd".into())]),
            vary: vec!["budget.total_fte=20:30:0.5".into()],
            shard: None,
        }
    }

    #[test]
    fn a_stopped_sweep_is_read_back_only_with_the_same_inputs_and_grid() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), &grid()).unwrap_err().to_string();
        assert!(err.contains("ne contient pas de balayage arrêté"), "{err}");
        mark(dir.path(), &grid()).unwrap();
        std::fs::write(dir.path().join("sweep.csv"), "x").unwrap();
        assert_eq!(read(dir.path(), &grid()).unwrap(), "x");
        let other = Grid { shard: Some("0/2".into()), ..grid() };
        let err = read(dir.path(), &other).unwrap_err().to_string();
        assert!(err.contains("--shard 0/2") || err.contains("mêmes options"), "{err}");
        let mut changed = grid();
        changed.inputs.insert("s.toml".into(), "ef".into());
        let err = read(dir.path(), &changed).unwrap_err().to_string();
        assert!(err.contains("ont changé") && err.contains("s.toml"), "{err}");
    }
}
