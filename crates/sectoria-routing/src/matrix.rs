//! Building `distances.csv` (`from;to;km;minutes`) from an OSRM server, resumably.
//!
//! Progress goes to `<out>.partial` after every request (written to a temporary file and
//! renamed, so it always holds whole lines); `<out>` itself is written once, the same way, when
//! every request has been answered. A rerun reads `<out>` and `<out>.partial` and asks only for
//! the pairs they lack. A pair without a route is not written: the planner keeps its estimate.
//!
//! OSRM snaps each point to the nearest road it knows, however far: a server built for another
//! region snaps a whole département to one node and answers 0 km everywhere. So a pair is not
//! written either when one of its points was snapped farther than
//! [`OsrmConfig::max_snap_km`](crate::OsrmConfig::max_snap_km) from its coordinates, or when its
//! road is shorter than the straight line (impossible); both are counted and named. When most
//! points or most roads are of that kind, the server does not cover the instance: the run fails
//! (E189) and writes nothing.

use crate::chunk::plan_requests;
use crate::client::OsrmClient;
use crate::error::{file_reason, RoutingError};
use crate::pairs::PairSet;
use sectoria_core::french::counted;
use sectoria_core::LatLon;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Shortest road accepted, as a share of the great circle between the two points less their
/// snap distances (the one figure of [`sectoria_core::location::MIN_ROAD_SHARE`]).
pub use sectoria_core::location::MIN_ROAD_SHARE;

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

/// A point the server snapped too far from its coordinates: its pairs keep the estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct OffRoad {
    /// UAI or worker id.
    pub id: String,
    /// Distance from the point to the road it was snapped to, kilometres.
    pub snap_km: f64,
    /// Wanted pairs of this point left unmeasured.
    pub pairs: usize,
}

/// A pair whose road would be shorter than the straight line: not written.
#[derive(Debug, Clone, PartialEq)]
pub struct Implausible {
    /// Origin (`from`).
    pub from: String,
    /// Destination (`to`).
    pub to: String,
    /// Road distance the server gave, kilometres.
    pub km: f64,
    /// Great-circle distance, kilometres.
    pub straight_km: f64,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunReport {
    /// Pairs wanted.
    pub pairs: usize,
    /// Pairs already in `<out>` or `<out>.partial`.
    pub reused: usize,
    /// Pairs in `<out>` or `<out>.partial` shorter by road than as the crow flies (a matrix
    /// from a server for another region): asked again.
    pub remeasured: usize,
    /// Table requests planned for the missing pairs.
    pub requests: usize,
    /// HTTP requests sent, retries included.
    pub http_requests: u32,
    /// Pairs measured by this run.
    pub measured: usize,
    /// Pairs without a route (`from`, `to`): they keep the estimate.
    pub unrouted: Vec<(String, String)>,
    /// Points snapped too far from their coordinates, farthest first: their pairs keep the
    /// estimate.
    pub off_road: Vec<OffRoad>,
    /// Pairs left unmeasured because of [`RunReport::off_road`].
    pub off_road_pairs: usize,
    /// Pairs shorter by road than as the crow flies: they keep the estimate.
    pub implausible: Vec<Implausible>,
}

/// Failure of a run: the server, or the files.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The server failed; the pairs measured so far are kept in `<out>.partial`. (The field is
    /// not called `source`: the message already holds it, and a source would print it twice.)
    #[error("{error}\n{}", kept_note(*kept, partial, out, *previous))]
    Server {
        /// The server's error (boxed: the error stays small to return).
        error: Box<RoutingError>,
        /// Pairs in the progress file (0 when there is none).
        kept: usize,
        /// The progress file.
        partial: String,
        /// The matrix file.
        out: String,
        /// Pairs in the matrix file, untouched.
        previous: usize,
    },
    /// The server does not cover the instance: most points snapped far from their coordinates
    /// or most roads shorter than the straight line. Nothing was written.
    #[error("{}", off_network_message(self))]
    OffNetwork {
        /// The server's base URL.
        url: String,
        /// Points snapped too far (id, km), farthest first.
        far: Vec<(String, f64)>,
        /// Points sent to the server.
        points: usize,
        /// Threshold, kilometres.
        max_snap_km: f64,
        /// Pairs shorter by road than as the crow flies.
        implausible: usize,
        /// Pairs the server gave a road for.
        routed: usize,
        /// The matrix file, and its pairs shorter than the straight line, when it has some.
        stale: Option<(String, usize)>,
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
fn kept_note(kept: usize, partial: &str, out: &str, previous: usize) -> String {
    match (kept, previous) {
        (0, 0) => {
            "Aucun couple n'a encore été mesuré : relancez la même commande une fois le serveur en état.".to_string()
        }
        (0, n) => format!(
            "Aucun nouveau couple n'a été mesuré ; {out} ({}) n'a pas été modifié : relancez la même commande une fois le serveur en état.",
            counted(n as u64, "couple")
        ),
        (1, _) => format!("1 couple déjà mesuré est conservé dans {partial} : relancez la même commande pour reprendre."),
        (n, _) => format!(
            "{n} couples déjà mesurés sont conservés dans {partial} : relancez la même commande pour reprendre."
        ),
    }
}

/// `x` with one decimal and a decimal comma.
fn km(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// The E189 message.
fn off_network_message(e: &RunError) -> String {
    let RunError::OffNetwork { url, far, points, max_snap_km, implausible, routed, stale } = e else {
        return String::new();
    };
    let mut why = Vec::new();
    if !far.is_empty() {
        let shown: Vec<String> = far.iter().take(8).map(|(id, d)| format!("{id} à {} km", km(*d))).collect();
        let more = if far.len() > shown.len() {
            format!(", et {}", counted((far.len() - shown.len()) as u64, "autre"))
        } else {
            String::new()
        };
        why.push(format!(
            "{} sur {points} {} à plus de {} km de toute route de son réseau ({}{more})",
            counted(far.len() as u64, "point"),
            if far.len() >= 2 { "sont" } else { "est" },
            max_snap_km.to_string().replace('.', ","),
            shown.join(", ")
        ));
    }
    if *implausible > 0 {
        why.push(format!(
            "{} sur {routed} {} plus court{} par la route qu'à vol d'oiseau, ce qui est impossible",
            counted(*implausible as u64, "couple"),
            if *implausible >= 2 { "seraient" } else { "serait" },
            if *implausible >= 2 { "s" } else { "" }
        ));
    }
    let stale = match stale {
        Some((path, n)) => format!(
            " {path}, d'un calcul précédent, contient {} plus court{} par la route qu'à vol d'oiseau : supprimez-le avant de planifier.",
            counted(*n as u64, "couple"),
            if *n >= 2 { "s" } else { "" }
        ),
        None => String::new(),
    };
    format!(
        "E189 le serveur OSRM {url} ne couvre pas les établissements de cette instance : {}. Ses distances seraient fausses (OSRM ramène chaque point à la route la plus proche qu'il connaît, si loin soit-elle) : aucun fichier n'a été écrit ; vérifiez que le serveur OSRM couvre le département (un extrait OpenStreetMap de la région qui le contient), ou corrigez --osrm, puis relancez la même commande.{stale}",
        why.join(" ; ")
    )
}

/// The progress file of `out`.
pub fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

/// Whether a road of `km` between points `straight_km` apart, snapped `snaps_km` in all away
/// from their coordinates, can exist.
fn possible(km: f64, straight_km: f64, snaps_km: f64) -> bool {
    km + snaps_km >= MIN_ROAD_SHARE * straight_km
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
    let max_snap = client.config().max_snap_km;
    let previous = read_measurements(out)?;
    let had_partial = partial.exists();
    let before = read_measurements(&partial)?;
    let mut in_partial = if had_partial { before.len() } else { 0 };
    let mut known = previous.clone();
    known.extend(before.iter().map(|(k, v)| (k.clone(), *v)));
    let key = |(o, d): (usize, usize)| (set.origins[o].id.clone(), set.destinations[d].id.clone());
    let straight = |(o, d): (usize, usize)| set.origins[o].at.haversine_km(&set.destinations[d].at);
    // A pair already known but shorter than the straight line (each end may have been snapped
    // up to `max_snap` away) comes from a server that did not cover it: asked again.
    let mut remeasured = 0;
    let mut stale = 0;
    for &p in &set.pairs {
        if let Some(road) = known.get(&key(p)) {
            if !possible(road.km, straight(p), 2.0 * max_snap) {
                stale += usize::from(previous.contains_key(&key(p)));
                known.remove(&key(p));
                remeasured += 1;
            }
        }
    }
    let missing: Vec<(usize, usize)> = set.pairs.iter().copied().filter(|&p| !known.contains_key(&key(p))).collect();
    let requests = plan_requests(&missing, client.config().max_table_size);
    let mut report = RunReport {
        pairs: set.pairs.len(),
        reused: set.pairs.len() - missing.len(),
        remeasured,
        requests: requests.len(),
        ..RunReport::default()
    };
    // Snap distance of every point sent, by id (a base may also be a destination).
    let mut snaps: BTreeMap<String, f64> = BTreeMap::new();
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    let mut routed = 0;
    progress(0, requests.len());
    for (n, request) in requests.iter().enumerate() {
        let sources: Vec<LatLon> = request.origins.iter().map(|&o| set.origins[o].at).collect();
        let targets: Vec<LatLon> = request.destinations.iter().map(|&d| set.destinations[d].at).collect();
        let table = client.table(&sources, &targets);
        report.http_requests = client.requests_sent;
        let table = table.map_err(|error| RunError::Server {
            error: Box::new(error),
            kept: in_partial,
            partial: partial.display().to_string(),
            out: out.display().to_string(),
            previous: previous.len(),
        })?;
        let mut note = |id: &str, snap: Option<f64>| {
            let entry = snaps.entry(id.to_string()).or_insert(0.0);
            *entry = entry.max(snap.unwrap_or(0.0));
        };
        for (s, &o) in request.origins.iter().enumerate() {
            note(&set.origins[o].id, table.source_snap_km.get(s).copied().flatten());
        }
        for (t, &d) in request.destinations.iter().enumerate() {
            note(&set.destinations[d].id, table.destination_snap_km.get(t).copied().flatten());
        }
        for (pair, road) in request.cells(&table, &missing) {
            let (from, to) = key(pair);
            let (snap_from, snap_to) = (snaps[&from], snaps[&to]);
            if snap_from > max_snap || snap_to > max_snap {
                for (id, snap) in [(&from, snap_from), (&to, snap_to)] {
                    if snap > max_snap {
                        *left_out.entry(id.clone()).or_default() += 1;
                    }
                }
                report.off_road_pairs += 1;
                continue;
            }
            let Some((km, minutes)) = road else {
                report.unrouted.push((from, to));
                continue;
            };
            routed += 1;
            let straight_km = straight(pair);
            if possible(km, straight_km, snap_from + snap_to) {
                known.insert((from, to), Road { km, minutes });
                report.measured += 1;
            } else {
                report.implausible.push(Implausible { from, to, km, straight_km });
            }
        }
        write_measurements(&partial, &known)?;
        in_partial = known.len();
        progress(n + 1, requests.len());
    }
    let mut far: Vec<(String, f64)> =
        snaps.iter().filter(|(_, &s)| s > max_snap).map(|(id, &s)| (id.clone(), s)).collect();
    far.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let implausible = report.implausible.len();
    if 2 * far.len() > snaps.len() || 2 * implausible > routed {
        // Leave the files as they were: nothing from this server is worth keeping.
        if had_partial {
            write_measurements(&partial, &before)?;
        } else if partial.exists() {
            std::fs::remove_file(&partial).map_err(|e| file_error(&partial, &e))?;
        }
        return Err(RunError::OffNetwork {
            url: client.config().url.clone(),
            far,
            points: snaps.len(),
            max_snap_km: max_snap,
            implausible,
            routed,
            stale: (stale > 0).then(|| (out.display().to_string(), stale)),
        });
    }
    write_measurements(out, &known)?;
    if partial.exists() {
        std::fs::remove_file(&partial).map_err(|e| file_error(&partial, &e))?;
    }
    report.off_road = far
        .into_iter()
        .map(|(id, snap_km)| OffRoad { pairs: left_out.get(&id).copied().unwrap_or(0), id, snap_km })
        .collect();
    report.unrouted.sort();
    report.implausible.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    Ok(report)
}

fn file_error(path: &Path, e: &std::io::Error) -> RunError {
    RunError::File { path: path.display().to_string(), detail: file_reason(e) }
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
