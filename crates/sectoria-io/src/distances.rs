//! `distances.csv`: measured road distances (for example from OSRM) that override the
//! estimate. `from` is a worker id (its base) or a UAI, `to` a UAI. A row that cannot be a road
//! (module `plausible`) is left out with a warning: its pair keeps the estimate.
//!
//! # Units: kilometres (`km`) and minutes (`minutes`)

use crate::error::InputProblem;
use crate::establishments::{known_uai, normalise_uai, EstablishmentTable};
use crate::frcsv::{fr, Columns, Record, Table};
use crate::warnings::InputWarning;
use crate::workers::WorkerTable;
use sectoria_core::{DistanceOverrides, LatLon, MeasuredDistance};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod plausible;

/// The columns of `distances.csv`.
pub const COLUMNS: Columns =
    Columns { required: &["from", "to", "km"], optional: &["minutes"], labels: &[], spreadsheet: false };

/// Reads `distances.csv` (`bytes`, the content of `file`). The lines from a worker who left
/// (`departed`: in `current.csv`, no longer in `workers.csv`) are left out, with one warning per
/// worker pushed to `warnings`: distances measured last year need not be deleted before a replan.
/// The lines that cannot be a road (shorter than the straight line, a unit error, an impossible
/// speed: module `plausible`) are left out too, with one warning for the file.
pub fn parse_distances(
    bytes: &[u8],
    file: &Path,
    establishments: &EstablishmentTable,
    workers: Option<&WorkerTable>,
    departed: &BTreeSet<String>,
    problems: &mut Vec<InputProblem>,
    warnings: &mut Vec<InputWarning>,
) -> DistanceOverrides {
    let mut out = DistanceOverrides::new();
    let Some(table) = Table::read(bytes, file, &COLUMNS, problems) else {
        return out;
    };
    let mut lines: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut left_out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut implausible = Vec::new();
    for row in table.rows() {
        let mut rec = table.record(row, problems);
        if let Some(id) = rec.text("from").filter(|id| departed.contains(id.as_str())) {
            left_out.entry(id).or_default().push(rec.line());
            continue;
        }
        let from = rec.required("from").and_then(|raw| origin(&mut rec, &raw, establishments, workers));
        let to = rec.required("to").and_then(|raw| known_uai(&mut rec, "to", &raw, establishments));
        let km = rec.required_decimal("km").filter(|&km| non_negative(&mut rec, "km", km));
        let minutes = rec.optional_decimal("minutes").filter(|&m| non_negative(&mut rec, "minutes", m));
        if rec.failed() {
            continue;
        }
        let (Some(from), Some(to), Some(km)) = (from, to, km) else {
            continue;
        };
        let key = (from, to);
        if let Some(&first) = lines.get(&key) {
            rec.problem(
                "E152",
                "to",
                format!("distance de {} à {} donnée deux fois : lignes {first} et {}", key.0, key.1, rec.line()),
                "gardez une seule ligne par couple origine–destination",
            );
            continue;
        }
        lines.insert(key.clone(), rec.line());
        let straight_km = position(&key.0, establishments, workers)
            .zip(establishments.seen.get(&key.1).and_then(|s| s.location))
            .map(|(a, b)| a.haversine_km(&b));
        let row = plausible::Row { line: rec.line(), from: key.0.clone(), to: key.1.clone(), km, minutes, straight_km };
        match row.doubt() {
            Some(doubt) => implausible.push((row, doubt)),
            None => {
                out.insert(key, MeasuredDistance { km, minutes });
            }
        }
    }
    warnings.extend(plausible::warning(file, &implausible));
    warnings.extend(left_out.into_iter().map(|(id, at)| {
        let n = at.len();
        let which = if n >= 2 { format!("ses {n} lignes sont ignorées") } else { "sa ligne est ignorée".to_string() };
        InputWarning::new(
            file,
            format!(
                "distances depuis {id}, parti (absent de workers.csv, présent dans current.csv) : {which} ; \
                 retirez-les quand vous voudrez, elles ne servent plus"
            ),
        )
        .at_lines(at)
    }));
    out
}

/// Where an origin is: the base of worker `from`, or establishment `from`; `None` for a worker
/// whose base the model chooses.
fn position(from: &str, establishments: &EstablishmentTable, workers: Option<&WorkerTable>) -> Option<LatLon> {
    match workers.and_then(|w| w.workers.iter().find(|w| w.id == from)) {
        Some(worker) => worker.base.as_ref().map(|b| b.location),
        None => establishments.seen.get(from).and_then(|s| s.location),
    }
}

/// A worker id as written, or else a known UAI (normalised).
fn origin(
    rec: &mut Record<'_>,
    raw: &str,
    establishments: &EstablishmentTable,
    workers: Option<&WorkerTable>,
) -> Option<String> {
    if workers.is_some_and(|w| w.knows(raw)) {
        return Some(raw.to_string());
    }
    if let Some(uai) = normalise_uai(raw).filter(|u| establishments.knows(u)) {
        return Some(uai);
    }
    if establishments.unreadable || workers.is_some_and(|w| w.unreadable) {
        // The file's own problem says why; every line would repeat it.
        rec.mark_failed();
        return None;
    }
    rec.problem(
        "E150",
        "from",
        format!("« {raw} » n'est ni un assistant de workers.csv ni un UAI de establishments.csv"),
        "écrivez dans « from » l'identifiant d'un assistant (sa résidence) ou l'UAI d'un établissement",
    );
    None
}

fn non_negative(rec: &mut Record<'_>, column: &str, value: f64) -> bool {
    if value >= 0.0 {
        return true;
    }
    rec.problem("E114", column, format!("{} est négatif", fr(value)), "écrivez une valeur positive ou nulle");
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::establishments::parse_establishments;
    use crate::workers::parse_workers;

    #[test]
    fn overrides_and_problems() {
        let mut problems = Vec::new();
        let est = parse_establishments(
            b"uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
              0310001A;A;college;31555;Toulouse;43.6;1.44;600\n\
              0310002B;B;college;31555;Toulouse;43.6;1.44;600\n",
            Path::new("establishments.csv"),
            &mut problems,
        );
        let workers =
            parse_workers(b"id;fte\nASS01;1\n", Path::new("workers.csv"), &est, &mut problems, &mut Vec::new());
        let text = "from;to;km;minutes\n\
                    ASS01;0310001A;12,5;15\n\
                    0310001a;0310002b;3;\n\
                    X;0310002B;3;\n\
                    ASS01;0319999Z;3;\n\
                    ASS01;0310002B;-3;\n\
                    ASS01;0310001A;4;\n";
        let departed = BTreeSet::from(["ASS09".to_string()]);
        let mut warnings = Vec::new();
        let d = parse_distances(
            format!("{text}ASS09;0310001A;7;\nASS09;0310002B;8;\n").as_bytes(),
            Path::new("distances.csv"),
            &est,
            Some(&workers),
            &departed,
            &mut problems,
            &mut warnings,
        );
        assert_eq!(
            d.get(&("ASS01".to_string(), "0310001A".to_string())),
            Some(&MeasuredDistance { km: 12.5, minutes: Some(15.0) })
        );
        assert_eq!(
            d.get(&("0310001A".to_string(), "0310002B".to_string())),
            Some(&MeasuredDistance { km: 3.0, minutes: None })
        );
        let got: Vec<(&str, Option<usize>, Option<&str>)> =
            problems.iter().map(|p| (p.code, p.line, p.column.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("E150", Some(4), Some("from")),
                ("E141", Some(5), Some("to")),
                ("E114", Some(6), Some("km")),
                ("E152", Some(7), Some("to")),
            ]
        );
        // A worker who left: its lines are left out, said once.
        assert!(d.keys().all(|(from, _)| from != "ASS09"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].lines, vec![8, 9]);
        assert!(warnings[0].message.starts_with("distances depuis ASS09, parti"), "{}", warnings[0].message);
    }
}
