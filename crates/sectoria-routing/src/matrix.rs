//! Building `distances.csv` (`from;to;km;minutes`) from an OSRM server, resumably.
//!
//! Progress goes to `<out>.partial` after every request (written to a temporary file and
//! renamed, so it always holds whole lines); `<out>` itself is written once, the same way, when
//! every request has been answered. A rerun reads `<out>` and `<out>.partial` and asks only for
//! the pairs they lack. A pair without a route is not written: the planner keeps its estimate.

use crate::chunk::plan_requests;
use crate::client::OsrmClient;
use crate::error::RoutingError;
use crate::pairs::PairSet;
use sectoria_core::LatLon;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A road measurement: distance in kilometres and time in minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Road {
    /// Road distance, kilometres.
    pub km: f64,
    /// Travel time, minutes.
    pub minutes: f64,
}

/// Measurements by (`from`, `to`).
pub type Measurements = BTreeMap<(String, String), Road>;

/// What a run did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunReport {
    /// Pairs wanted.
    pub pairs: usize,
    /// Pairs already in `<out>` or `<out>.partial`.
    pub reused: usize,
    /// Table requests planned for the missing pairs.
    pub requests: usize,
    /// HTTP requests sent, retries included.
    pub http_requests: u32,
    /// Pairs measured by this run.
    pub measured: usize,
    /// Pairs without a route (`from`, `to`): they keep the estimate.
    pub unrouted: Vec<(String, String)>,
}

/// Failure of a run: the server, or the files.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The server failed; the pairs measured so far are kept in `<out>.partial`. (The field is
    /// not called `source`: the message already holds it, and a source would print it twice.)
    #[error("{error}\n{}", kept_note(*kept, partial))]
    Server {
        /// The server's error.
        error: RoutingError,
        /// Pairs kept.
        kept: usize,
        /// The progress file.
        partial: String,
    },
    /// A file could not be read or written.
    #[error("E188 {path} : {detail}")]
    File {
        /// The file.
        path: String,
        /// What happened.
        detail: String,
    },
}

/// What a failed run keeps, and how to go on.
fn kept_note(kept: usize, partial: &str) -> String {
    match kept {
        0 => "Aucun couple n'a encore été mesuré : relancez la même commande une fois le serveur en état.".to_string(),
        1 => format!("1 couple déjà mesuré est conservé dans {partial} : relancez la même commande pour reprendre."),
        n => format!(
            "{n} couples déjà mesurés sont conservés dans {partial} : relancez la même commande pour reprendre."
        ),
    }
}

/// The progress file of `out`.
pub fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

/// Measures the pairs of `set` missing from `out` and its progress file, then writes `out`;
/// `progress(done, total)` is called after each request.
pub fn run(
    client: &mut OsrmClient,
    set: &PairSet,
    out: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<RunReport, RunError> {
    let partial = partial_path(out);
    let mut known = read_measurements(out)?;
    known.extend(read_measurements(&partial)?);
    let key = |(o, d): (usize, usize)| (set.origins[o].id.clone(), set.destinations[d].id.clone());
    let missing: Vec<(usize, usize)> = set.pairs.iter().copied().filter(|&p| !known.contains_key(&key(p))).collect();
    let requests = plan_requests(&missing, client.config().max_table_size);
    let mut report = RunReport {
        pairs: set.pairs.len(),
        reused: set.pairs.len() - missing.len(),
        requests: requests.len(),
        ..RunReport::default()
    };
    progress(0, requests.len());
    for (n, request) in requests.iter().enumerate() {
        let sources: Vec<LatLon> = request.origins.iter().map(|&o| set.origins[o].at).collect();
        let targets: Vec<LatLon> = request.destinations.iter().map(|&d| set.destinations[d].at).collect();
        let table = client.table(&sources, &targets);
        report.http_requests = client.requests_sent;
        let table = table.map_err(|error| RunError::Server {
            error,
            kept: known.len(),
            partial: partial.display().to_string(),
        })?;
        for (pair, road) in request.cells(&table, &missing) {
            match road {
                Some((km, minutes)) => {
                    known.insert(key(pair), Road { km, minutes });
                    report.measured += 1;
                }
                None => report.unrouted.push(key(pair)),
            }
        }
        write_measurements(&partial, &known)?;
        progress(n + 1, requests.len());
    }
    write_measurements(out, &known)?;
    if partial.exists() {
        std::fs::remove_file(&partial).map_err(|e| file_error(&partial, &e))?;
    }
    report.unrouted.sort();
    Ok(report)
}

fn file_error(path: &Path, e: &std::io::Error) -> RunError {
    RunError::File { path: path.display().to_string(), detail: e.to_string() }
}

/// Reads the measurements of a `from;to;km;minutes` file written by [`write_measurements`]
/// (an absent file is empty); lines without both numbers are skipped (they are re-measured).
pub fn read_measurements(path: &Path) -> Result<Measurements, RunError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Measurements::new()),
        Err(e) => return Err(file_error(path, &e)),
    };
    let mut out = Measurements::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.trim_end_matches('\r').split(';').collect();
        if let [from, to, km, minutes] = cells[..] {
            let number = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok().filter(|x| *x >= 0.0);
            if let (Some(km), Some(minutes)) = (number(km), number(minutes)) {
                out.insert((from.trim().to_string(), to.trim().to_string()), Road { km, minutes });
            }
        }
    }
    Ok(out)
}

/// Writes `measurements` to `path` atomically (a temporary file in the same folder, renamed).
pub fn write_measurements(path: &Path, measurements: &Measurements) -> Result<(), RunError> {
    let mut text = String::from("from;to;km;minutes\n");
    for ((from, to), road) in measurements {
        text.push_str(&format!("{from};{to};{:.3};{:.2}\n", road.km, road.minutes));
    }
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp");
    let tmp = path.with_file_name(name);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| file_error(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurements_round_trip_and_bad_lines_are_skipped() {
        let dir = std::env::temp_dir().join(format!("sectoria-routing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("distances.csv");
        let mut m = Measurements::new();
        m.insert(("A".into(), "B".into()), Road { km: 12.3456, minutes: 14.5 });
        write_measurements(&path, &m).unwrap();
        let mut text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "from;to;km;minutes\nA;B;12.346;14.50\n");
        text.push_str("C;D;3;\nE;F\n");
        std::fs::write(&path, text).unwrap();
        assert_eq!(read_measurements(&path).unwrap().len(), 1);
        assert!(read_measurements(&dir.join("absent.csv")).unwrap().is_empty());
        let nowhere = write_measurements(&dir.join("no-such-folder/distances.csv"), &m).unwrap_err();
        assert!(nowhere.to_string().starts_with("E188"), "{nowhere}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
