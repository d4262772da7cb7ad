//! `current.csv`: today's sectors (worker, establishment, ETP), for stability and diffs.

use crate::error::InputProblem;
use crate::establishments::{known_uai, EstablishmentTable};
use crate::frcsv::{Columns, Heading, Record, Table};
use crate::warnings::{figure, InputWarning};
use crate::workers::{check_fte, WorkerTable};
use sectoria_core::CurrentAssignment;
use std::collections::BTreeMap;
use std::path::Path;

/// The lines of `current.csv` read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CurrentTable {
    /// The valid lines, in file order.
    pub assignments: Vec<CurrentAssignment>,
    /// The line of each assignment, same order.
    pub lines: Vec<usize>,
}

/// The columns of `current.csv`.
pub const COLUMNS: Columns =
    Columns { required: &["worker_id", "uai", "fte"], optional: &[], labels: LABELS, spreadsheet: true };

/// The headings of the web page's table of today's sectors (`COLUMN_LABELS.current` in
/// `sectoria-web/assets/app.js`), accepted as the column names: a file copied from the page
/// or saved from it by Excel reads as is; and the usual headings of a spreadsheet of sectors,
/// « Matricule;Code UAI;ETP ».
pub const LABELS: &[Heading] = &[
    Heading {
        column: "worker_id",
        label: "Assistant (identifiant)",
        aliases: &["Identifiant", "Matricule", "N° agent"],
    },
    Heading { column: "uai", label: "Établissement (UAI)", aliases: &["Code UAI", "UAI de l'établissement", "RNE"] },
    // Not « Quotité » nor « Temps de travail »: in a sector table they are the worker's whole time,
    // which would be read as its time at each establishment.
    Heading { column: "fte", label: "Temps actuel (ETP)", aliases: &["ETP"] },
];

/// Reads `current.csv` (`bytes`, the content of `file`). Workers are looked up in `workers`
/// (`None` when the instance has no `workers.csv`), establishments in `establishments`.
/// Problems go to `problems`. Today's sectors are facts, so two things are warnings pushed to
/// `warnings`, and the plan can still be made: a worker absent from `workers.csv` has left
/// (one warning per worker, `departures`; its lines are kept: the plan says who takes its
/// establishments over), and a worker whose current time exceeds its quotité.
pub fn parse_current(
    bytes: &[u8],
    file: &Path,
    establishments: &EstablishmentTable,
    workers: Option<&WorkerTable>,
    problems: &mut Vec<InputProblem>,
    warnings: &mut Vec<InputWarning>,
) -> CurrentTable {
    let mut out = CurrentTable::default();
    let Some(table) = Table::read_with_warnings(bytes, file, &COLUMNS, problems, warnings) else {
        return out;
    };
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in table.rows() {
        let mut rec = table.record(row, problems);
        let worker_id = rec.required("worker_id");
        if let Some(id) = &worker_id {
            check_worker(&mut rec, id, workers);
        }
        let uai = rec.required("uai").and_then(|raw| known_uai(&mut rec, "uai", &raw, establishments));
        let fte = rec.required_decimal("fte").filter(|&f| check_fte(&mut rec, "fte", f, "le temps actuel"));
        if rec.failed() {
            continue;
        }
        let (Some(worker_id), Some(uai), Some(fte)) = (worker_id, uai, fte) else {
            continue;
        };
        let key = (worker_id.clone(), uai.clone());
        if let Some(&first) = seen.get(&key) {
            rec.problem(
                "E142",
                "uai",
                format!("{worker_id} à {uai} en double : lignes {first} et {}", rec.line()),
                "gardez une seule ligne par assistant et établissement, avec le temps total",
            );
            continue;
        }
        seen.insert(key, rec.line());
        out.lines.push(rec.line());
        out.assignments.push(CurrentAssignment { worker_id, uai, fte });
    }
    if let Some(workers) = workers {
        warnings.extend(departures(&out, file, workers));
        warnings.extend(overloads(&out, file, workers));
    }
    out
}

/// One warning per worker of `current` absent from `workers` (readable): a worker who has left
/// since today's sectors were written, the most common event of a replan. It names the lines,
/// each establishment with its time today, and what to do when the worker has not left or when
/// a successor takes the sector over.
fn departures(current: &CurrentTable, file: &Path, workers: &WorkerTable) -> Vec<InputWarning> {
    let mut by_worker: BTreeMap<&str, Vec<(usize, &CurrentAssignment)>> = BTreeMap::new();
    for (c, &line) in current.assignments.iter().zip(&current.lines) {
        if !workers.knows(&c.worker_id) {
            by_worker.entry(c.worker_id.as_str()).or_default().push((line, c));
        }
    }
    let mut out: Vec<InputWarning> = by_worker
        .into_iter()
        .map(|(id, rows)| {
            let mut sectors: Vec<String> =
                rows.iter().map(|(_, c)| format!("{} ({} ETP)", c.uai, figure(c.fte))).collect();
            let last = sectors.pop().unwrap_or_default();
            let sectors = if sectors.is_empty() { last } else { format!("{} et {last}", sectors.join(", ")) };
            let today = if rows.len() >= 2 {
                format!(
                    "ses {} établissements d'aujourd'hui ne sont plus servis par {id} : {sectors}. Le plan les \
                     traite comme les autres établissements, et la continuité compte chacun comme un changement \
                     d'assistant",
                    rows.len()
                )
            } else {
                format!(
                    "son établissement d'aujourd'hui n'est plus servi par {id} : {sectors}. Le plan le traite comme \
                     les autres établissements, et la continuité le compte comme un changement d'assistant"
                )
            };
            InputWarning::new(
                file,
                format!(
                    "assistant {id} absent de workers.csv, compté comme parti : {today}. Si {id} est toujours en \
                     poste, ajoutez-le à workers.csv (ou corrigez l'identifiant s'il est mal écrit) ; si un \
                     successeur reprend son secteur, remplacez {id} par son identifiant dans current.csv (la \
                     continuité le comptera alors comme le même secteur)."
                ),
            )
            .at_lines(rows.iter().map(|(line, _)| *line).collect())
        })
        .collect();
    out.sort_by_key(|w| w.lines.first().copied().unwrap_or(0));
    out
}

/// Workers whose current time, summed over their lines, exceeds their quotité in `workers.csv`.
fn overloads(current: &CurrentTable, file: &Path, workers: &WorkerTable) -> Vec<InputWarning> {
    let mut by_worker: BTreeMap<&str, (f64, Vec<usize>)> = BTreeMap::new();
    for (c, &line) in current.assignments.iter().zip(&current.lines) {
        let entry = by_worker.entry(c.worker_id.as_str()).or_default();
        entry.0 += c.fte;
        entry.1.push(line);
    }
    let mut out: Vec<InputWarning> = workers
        .workers
        .iter()
        .filter_map(|w| {
            let (total, lines) = by_worker.get(w.id.as_str())?;
            (*total > w.fte + 1e-9).then(|| {
                let line = workers.seen.get(&w.id).map_or(String::new(), |l| format!(" (ligne {l})"));
                InputWarning::new(
                    file,
                    format!(
                        "l'assistant {} a {} ETP de secteurs actuels pour une quotité de {} ETP dans \
                         workers.csv{line}, soit {} ETP de trop. Le plan est calculé quand même ; corrigez les \
                         temps de current.csv ou la quotité de workers.csv.",
                        w.id,
                        figure(*total),
                        figure(w.fte),
                        figure(total - w.fte)
                    ),
                )
                .at_lines(lines.clone())
            })
        })
        .collect();
    out.sort_by_key(|w| w.lines.first().copied().unwrap_or(0));
    out
}

fn check_worker(rec: &mut Record<'_>, id: &str, workers: Option<&WorkerTable>) {
    match workers {
        Some(w) if w.knows(id) => {}
        // Written otherwise than a worker of workers.csv (case, zeros): a typing slip, not a
        // departure.
        Some(w) if !w.unreadable && spelt_like(id, w).is_some() => {
            let known = spelt_like(id, w).unwrap_or_default();
            rec.problem(
                "E140",
                "worker_id",
                format!("assistant {id} absent de workers.csv, qui a {known}"),
                format!("écrivez {known} comme dans workers.csv"),
            );
        }
        // A worker absent from workers.csv has left: a warning ([`departures`]), not a problem.
        Some(w) if !w.unreadable => {}
        // The file's own problem says why; every line would repeat it.
        Some(_) => rec.mark_failed(),
        None => rec.problem(
            "E140",
            "worker_id",
            format!("assistant {id} inconnu : l'instance n'a pas de workers.csv"),
            "ajoutez workers.csv (les secteurs actuels désignent des assistants), ou retirez current.csv",
        ),
    }
}

/// The id of `workers` that `id` is the same as but for case, spaces or the zeros before a
/// number (« ass1 », « ASS 01 » for « ASS01 »).
fn spelt_like(id: &str, workers: &WorkerTable) -> Option<String> {
    let key = |s: &str| {
        let mut out = String::new();
        let mut digits = String::new();
        for c in s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase) {
            if c.is_ascii_digit() {
                digits.push(c);
            } else {
                out.push_str(digits.trim_start_matches('0'));
                digits.clear();
                out.push(c);
            }
        }
        out.push_str(digits.trim_start_matches('0'));
        out
    };
    let wanted = key(id);
    workers.seen.keys().find(|known| key(known) == wanted).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::establishments::parse_establishments;
    use crate::workers::parse_workers;

    #[test]
    fn lines_and_problems() {
        let mut problems = Vec::new();
        let est = parse_establishments(
            b"uai;name;kind;commune_insee;commune;lat;lon;pupils\n0310001A;A;college;31555;Toulouse;43.6;1.44;600\n",
            Path::new("establishments.csv"),
            &mut problems,
        );
        let workers =
            parse_workers(b"id;fte\nASS01;1\n", Path::new("workers.csv"), &est, &mut problems, &mut Vec::new());
        let text = "worker_id;uai;fte\n\
                    ASS01;0310001a;0,3\n\
                    ASS09;0310001A;0.3\n\
                    ASS01;0319999Z;0.3\n\
                    ASS01;0310001A;0\n\
                    ASS01;0310001A;1.2\n\
                    ASS01;0310001A;0.2\n";
        let mut warnings = Vec::new();
        let cur = parse_current(
            text.as_bytes(),
            Path::new("current.csv"),
            &est,
            Some(&workers),
            &mut problems,
            &mut warnings,
        )
        .assignments;
        // ASS09, absent from workers.csv, has left: its line is kept, and said in a warning.
        assert_eq!(
            cur,
            vec![
                CurrentAssignment { worker_id: "ASS01".into(), uai: "0310001A".into(), fte: 0.3 },
                CurrentAssignment { worker_id: "ASS09".into(), uai: "0310001A".into(), fte: 0.3 }
            ]
        );
        let got: Vec<(&str, Option<usize>)> = problems.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(got, vec![("E141", Some(4)), ("E130", Some(5)), ("E130", Some(6)), ("E142", Some(7))]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].to_string().starts_with("current.csv, ligne 3 : assistant ASS09 absent"), "{warnings:?}");

        let mut problems = Vec::new();
        parse_current(text.as_bytes(), Path::new("current.csv"), &est, None, &mut problems, &mut warnings);
        assert!(problems[0].fix.contains("ajoutez workers.csv"));
    }
}
