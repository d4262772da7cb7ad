//! Writing a plan's outputs: `plan.json`, `allocation.csv`, `sectors.csv`, `summary.txt`.
//!
//! Each file is written to a temporary name in the output folder, then renamed: a reader never
//! sees half a file, and an interrupted run leaves the previous outputs intact.

use crate::Error;
use sectoria_core::Plan;
use std::path::{Path, PathBuf};

/// The files written, in order.
pub const FILES: [&str; 4] = ["plan.json", "allocation.csv", "sectors.csv", "summary.txt"];

fn write_atomic(path: &Path, contents: &str) -> Result<(), Error> {
    let tmp = path.with_extension("tmp-sectoria");
    let io = |source| Error::Output { path: path.to_path_buf(), source };
    std::fs::write(&tmp, contents).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Writes the outputs of `plan` into `dir` (created if missing). Refuses to replace an existing
/// plan unless `force`. Returns the paths written.
pub fn write_outputs(dir: &Path, plan: &Plan, summary: &str, force: bool) -> Result<Vec<PathBuf>, Error> {
    if !force && dir.join("plan.json").exists() {
        return Err(Error::OutputExists(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Output { path: dir.to_path_buf(), source })?;
    let contents = [
        sectoria_io::write_plan_json(plan),
        sectoria_report::allocation_csv(plan),
        sectoria_report::sectors_csv(plan),
        summary.to_string(),
    ];
    let mut written = Vec::new();
    for (name, text) in FILES.iter().zip(contents) {
        let path = dir.join(name);
        write_atomic(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}
