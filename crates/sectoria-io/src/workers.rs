//! `workers.csv`: the social workers, their quotité and their résidence administrative.

use crate::error::InputProblem;
use crate::establishments::{normalise_uai, uai_fix, EstablishmentTable};
use crate::frcsv::{fr, Columns, Heading, Record, Table};
use crate::position::check_position;
use crate::warnings::InputWarning;
use sectoria_core::{Base, Worker};
use std::collections::BTreeMap;
use std::path::Path;

/// The columns of `workers.csv`.
pub const COLUMNS: Columns = Columns {
    required: &["id", "fte"],
    optional: &["name", "base_uai", "base_lat", "base_lon", "max_establishments", "max_weekly_km"],
    labels: LABELS,
    spreadsheet: true,
};

/// The headings of the web page's table of workers (`COLUMN_LABELS.workers` in
/// `sectoria-web/assets/app.js`), accepted as the column names: « Identifiant;Nom;Quotité »
/// is `id;name;fte`; and the usual headings of an HR spreadsheet, « Matricule;Prénom Nom;ETP;
/// Résidence administrative (UAI) ».
pub const LABELS: &[Heading] = &[
    Heading { column: "id", label: "Identifiant", aliases: &["Matricule", "N° agent"] },
    Heading {
        column: "name",
        label: "Nom ou pseudonyme",
        aliases: &["Prénom Nom", "Nom Prénom", "Nom et prénom", "Prénom et nom", "Agent"],
    },
    Heading { column: "fte", label: "Quotité (ETP)", aliases: &["ETP", "Temps de travail"] },
    Heading {
        column: "base_uai",
        label: "Résidence (UAI)",
        aliases: &["Résidence administrative", "Résidence administrative (UAI)", "UAI de résidence", "UAI"],
    },
    Heading { column: "base_lat", label: "Résidence : latitude", aliases: &[] },
    Heading { column: "base_lon", label: "Résidence : longitude", aliases: &[] },
    Heading { column: "max_establishments", label: "Établissements au plus", aliases: &[] },
    Heading { column: "max_weekly_km", label: "Km par semaine au plus", aliases: &[] },
];

/// The workers read from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkerTable {
    /// Workers of the valid lines, in file order.
    pub workers: Vec<Worker>,
    /// Every worker id of the file (valid line or not) with the line of its first occurrence.
    pub seen: BTreeMap<String, usize>,
    /// The file's ids could not be read at all (encoding, separator, empty file, no `id`
    /// column; reported): other files' references to it cannot be checked.
    pub unreadable: bool,
}

impl WorkerTable {
    /// Whether `id` is in the file.
    pub fn knows(&self, id: &str) -> bool {
        self.seen.contains_key(id)
    }
}

/// Checks a quotité: 0 < fte ≤ 1. Reports `E130` in `column`.
pub(crate) fn check_fte(rec: &mut Record<'_>, column: &str, fte: f64, what: &str) -> bool {
    if fte > 0.0 && fte <= 1.0 {
        return true;
    }
    rec.problem(
        "E130",
        column,
        format!("quotité {} hors de ]0 ; 1]", fr(fte)),
        format!(
            "{what} est une fraction d'ETP strictement positive et au plus 1 \
             (1 = temps plein, 0,5 = mi-temps, 0,1 = une demi-journée par semaine)"
        ),
    );
    false
}

/// Reads `workers.csv` (`bytes`, the content of `file`); bases named by UAI are looked up in
/// `establishments`. Every problem is pushed to `problems`, every warning (a file read as
/// Windows-1252) to `warnings`.
pub fn parse_workers(
    bytes: &[u8],
    file: &Path,
    establishments: &EstablishmentTable,
    problems: &mut Vec<InputProblem>,
    warnings: &mut Vec<InputWarning>,
) -> WorkerTable {
    let mut out = WorkerTable::default();
    let Some(table) = Table::read_with_warnings(bytes, file, &COLUMNS, problems, warnings) else {
        out.unreadable = true;
        return out;
    };
    out.unreadable = !table.has_column("id");
    if table.is_empty() {
        problems.push(InputProblem::new(
            "E110",
            file,
            "le fichier ne contient aucun assistant",
            "ajoutez une ligne par assistant, ou supprimez workers.csv pour répartir le budget \
             `budget.total_fte` du scénario en postes",
        ));
    }
    for row in table.rows() {
        let mut rec = table.record(row, problems);
        let id = rec.required("id");
        if let Some(id) = &id {
            if let Some(&first) = out.seen.get(id) {
                rec.problem(
                    "E131",
                    "id",
                    format!("identifiant {id} en double : lignes {first} et {}", rec.line()),
                    "donnez à chaque assistant un identifiant unique (ASS01, ASS02…)",
                );
            } else {
                out.seen.insert(id.clone(), rec.line());
            }
        }
        let fte = rec.required_decimal("fte").filter(|&f| check_fte(&mut rec, "fte", f, "la quotité"));
        let name = rec.text("name");
        let base = read_base(&mut rec, establishments);
        let max_establishments = rec.optional_count("max_establishments");
        if max_establishments == Some(0) {
            rec.problem(
                "E114",
                "max_establishments",
                "un secteur limité à 0 établissement",
                "écrivez au moins 1, ou laissez vide pour la règle du scénario",
            );
        }
        let max_weekly_km = rec.optional_decimal("max_weekly_km");
        if let Some(km) = max_weekly_km.filter(|&km| km <= 0.0) {
            rec.problem(
                "E114",
                "max_weekly_km",
                format!("un plafond de {} km par semaine", fr(km)),
                "écrivez le nombre de km par semaine que l'assistant accepte de rouler au plus, plus grand que 0 \
                 (par exemple 300), ou laissez vide pour la règle du scénario (`travel.max_weekly_km`)",
            );
        }
        if rec.failed() {
            continue;
        }
        let (Some(id), Some(fte), Some(base)) = (id, fte, base) else {
            continue;
        };
        out.workers.push(Worker { id, name, fte, base, max_establishments, max_weekly_km });
    }
    for row in table.malformed_rows() {
        let mut ignored = Vec::new();
        let rec = table.record(row, &mut ignored);
        if let Some(id) = rec.text("id") {
            out.seen.entry(id).or_insert(row.line);
        }
    }
    out
}

/// The base: `base_uai`, or `base_lat` + `base_lon`, or nothing (the model chooses).
/// `None` when invalid (reported).
fn read_base(rec: &mut Record<'_>, establishments: &EstablishmentTable) -> Option<Option<Base>> {
    let uai = rec.text("base_uai");
    let lat = rec.text("base_lat");
    let lon = rec.text("base_lon");
    match (uai, lat.is_some(), lon.is_some()) {
        (None, false, false) => Some(None),
        (Some(_), true, _) | (Some(_), _, true) => {
            rec.problem(
                "E133",
                "base_uai",
                "résidence donnée deux fois : par UAI et par coordonnées",
                "gardez soit « base_uai », soit « base_lat » et « base_lon »",
            );
            None
        }
        (Some(raw), false, false) => {
            let Some(uai) = normalise_uai(&raw) else {
                rec.problem("E111", "base_uai", format!("« {raw} » n'est pas un UAI"), uai_fix(&raw));
                return None;
            };
            match establishments.seen.get(&uai) {
                // The file's own problem says why; every base would repeat it.
                None if establishments.unreadable => {
                    rec.mark_failed();
                    None
                }
                None => {
                    rec.problem(
                        "E132",
                        "base_uai",
                        format!("la résidence {uai} n'est pas dans establishments.csv"),
                        "corrigez l'UAI, ou donnez la résidence par « base_lat » et « base_lon », \
                         ou laissez vide pour que le modèle la choisisse",
                    );
                    None
                }
                // The establishment's own line is invalid and already reported.
                Some(seen) => match seen.location {
                    Some(location) => Some(Some(Base { uai: Some(uai), location })),
                    None => {
                        rec.mark_failed();
                        None
                    }
                },
            }
        }
        (None, true, false) | (None, false, true) => {
            let missing = if lat.is_some() { "base_lon" } else { "base_lat" };
            rec.problem(
                "E133",
                missing,
                format!("résidence incomplète : « {missing} » est vide"),
                "renseignez « base_lat » et « base_lon » ensemble, ou aucune des deux",
            );
            None
        }
        (None, true, true) => {
            let lat = rec.optional_decimal("base_lat");
            let lon = rec.optional_decimal("base_lon");
            let location = check_position(rec, "base_lat", "base_lon", lat?, lon?)?;
            Some(Some(Base { uai: None, location }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::establishments::parse_establishments;
    use sectoria_core::LatLon;

    fn establishments() -> EstablishmentTable {
        let text = "uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
                    0310001A;Collège A;college;31555;Toulouse;43.6;1.44;600\n\
                    0310002B;Collège B;college;31555;Toulouse;abc;1.44;600\n";
        let mut problems = Vec::new();
        parse_establishments(text.as_bytes(), Path::new("establishments.csv"), &mut problems)
    }

    fn parse(text: &str) -> (WorkerTable, Vec<InputProblem>) {
        let mut problems = Vec::new();
        let t =
            parse_workers(text.as_bytes(), Path::new("workers.csv"), &establishments(), &mut problems, &mut Vec::new());
        (t, problems)
    }

    #[test]
    fn bases_by_uai_by_position_or_none() {
        let (t, p) = parse(
            "id;name;fte;base_uai;base_lat;base_lon;max_establishments\n\
             ASS01;Claire;1;0310001a;;;\n\
             ASS02;;0,5;;43,7;1,5;5\n\
             ASS03;;0.8;;;;\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let w = &t.workers;
        assert_eq!(w[0].base, Some(Base { uai: Some("0310001A".into()), location: LatLon::new(43.6, 1.44) }));
        assert_eq!(w[0].name.as_deref(), Some("Claire"));
        assert_eq!(w[1].base, Some(Base { uai: None, location: LatLon::new(43.7, 1.5) }));
        assert_eq!((w[1].fte, w[1].max_establishments), (0.5, Some(5)));
        assert_eq!(w[2].base, None);
    }

    #[test]
    fn base_problems() {
        let (t, p) = parse(
            "id;fte;base_uai;base_lat;base_lon\n\
             ASS01;1;0319999Z;;\n\
             ASS02;1;;43.6;\n\
             ASS03;1;0310001A;43.6;1.44\n\
             ASS04;1;0310002B;;\n\
             ASS05;1;;1.44;43.6\n",
        );
        let got: Vec<(&str, Option<usize>, Option<&str>)> =
            p.iter().map(|p| (p.code, p.line, p.column.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("E132", Some(2), Some("base_uai")),
                ("E133", Some(3), Some("base_lon")),
                ("E133", Some(4), Some("base_uai")),
                ("E116", Some(6), Some("base_lat")),
            ]
        );
        // ASS04's base is an establishment whose own line is invalid: not reported twice.
        assert!(t.workers.is_empty());
        assert!(t.knows("ASS04"));
    }
}

#[cfg(test)]
mod spreadsheet_files {
    use super::*;
    use crate::current::parse_current;
    use crate::establishments::parse_establishments;

    fn establishments() -> EstablishmentTable {
        let text = "uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
                    0310001A;Collège A;college;31555;Toulouse;43.6;1.44;600\n";
        parse_establishments(text.as_bytes(), Path::new("establishments.csv"), &mut Vec::new())
    }

    /// `text` in Windows-1252 (its characters are all in Latin-1 or the 0x80–0x9F block).
    fn windows_1252(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| {
                (0..=255u8).find(|&b| crate::frcsv::windows_1252(b) == c).unwrap_or_else(|| panic!("{c} not in cp1252"))
            })
            .collect()
    }

    /// Excel's « CSV (séparateur : point-virgule) » with the page's headings was refused (E103,
    /// then E108 on every column) while the web page loaded it.
    #[test]
    fn an_excel_file_in_windows_1252_with_the_page_headings_is_read_with_a_warning() {
        let text =
            "Identifiant;Nom;Quotité;Résidence (UAI);Établissements au plus\nASS01;Hélène Œuvray;0,5;0310001A;3\n";
        let bytes = windows_1252(text);
        assert!(std::str::from_utf8(&bytes).is_err());
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let t = parse_workers(&bytes, Path::new("workers.csv"), &establishments(), &mut problems, &mut warnings);
        assert!(problems.is_empty(), "{problems:?}");
        let w = &t.workers[0];
        assert_eq!(
            (w.id.as_str(), w.name.as_deref(), w.fte, w.max_establishments),
            ("ASS01", Some("Hélène Œuvray"), 0.5, Some(3))
        );
        assert_eq!(w.base.as_ref().and_then(|b| b.uai.as_deref()), Some("0310001A"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let said = warnings[0].to_string();
        assert!(
            said.starts_with("workers.csv, ligne 1 : le fichier n'est pas en UTF-8 : il a été lu en Windows-1252"),
            "{said}"
        );

        let workers = t;
        let current = windows_1252("Assistant;Établissement (UAI);temps ACTUEL\nASS01;0310001A;0,5\n");
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let c = parse_current(
            &current,
            Path::new("current.csv"),
            &establishments(),
            Some(&workers),
            &mut problems,
            &mut warnings,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.assignments.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    /// A heading that begins several labels names none of them, and says which it may be.
    #[test]
    fn an_ambiguous_heading_is_an_e108_that_lists_its_meanings() {
        let mut problems = Vec::new();
        parse_workers(
            b"id;fte;Residence\nA;1;x\n",
            Path::new("workers.csv"),
            &establishments(),
            &mut problems,
            &mut Vec::new(),
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "E108");
        assert!(
            problems[0].fix.contains(
                "« Residence » peut désigner « Résidence (UAI) » (base_uai), « Résidence : latitude » (base_lat)"
            ),
            "{}",
            problems[0].fix
        );
        assert!(
            problems[0].fix.contains("« Quotité (ETP) » (ou « ETP », « Temps de travail »)"),
            "{}",
            problems[0].fix
        );
    }

    /// Establishments.csv, written by `sectoria import`, stays UTF-8 only.
    #[test]
    fn establishments_in_windows_1252_are_still_refused() {
        let mut problems = Vec::new();
        parse_establishments(
            &windows_1252(
                "uai;name;kind;commune_insee;commune;lat;lon;pupils\n0310001A;Collège;college;31555;T;43.6;1.44;6\n",
            ),
            Path::new("establishments.csv"),
            &mut problems,
        );
        assert_eq!(problems.iter().map(|p| p.code).collect::<Vec<_>>(), vec!["E103"]);
    }

    /// The labels are the web page's, in one place: each one of `LABELS` is written in
    /// `COLUMN_LABELS` of the page's script, with its column.
    #[test]
    fn the_labels_are_those_of_the_web_page() {
        let script = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../sectoria-web/assets/app.js"))
            .unwrap_or_else(|e| panic!("app.js: {e}"));
        let start = script.find("const COLUMN_LABELS").unwrap_or_else(|| panic!("COLUMN_LABELS"));
        let block = &script[start..start + script[start..].find("};").unwrap_or(0)];
        for (key, labels) in [("workers", LABELS), ("current", crate::current::LABELS)] {
            let line = block.split(&format!("{key}: {{")).nth(1).and_then(|rest| rest.split('}').next()).unwrap_or("");
            let mut count = 0;
            for Heading { column, label, .. } in labels {
                assert!(line.contains(&format!("{column}: \"{label}\"")), "{key}: {column} « {label} » not in {line}");
                count += 1;
            }
            assert_eq!(count, line.matches(": \"").count(), "{key}: the page has other labels: {line}");
        }
    }

    /// Every heading of a column (its label, its aliases, in any case, with or without accents
    /// and spaces) names that column and no other: no alias is ambiguous with another column's
    /// name, label or alias.
    #[test]
    fn every_alias_names_its_own_column_only() {
        let unaccented = |s: &str| s.replace(['é', 'É'], "e").replace('è', "e");
        for columns in [COLUMNS, crate::current::COLUMNS] {
            for h in columns.labels {
                for heading in std::iter::once(&h.label).chain(h.aliases) {
                    for variant in
                        [heading.to_string(), heading.to_uppercase(), unaccented(heading), heading.replace(' ', "")]
                    {
                        assert_eq!(columns.column_of(&variant), Some(h.column), "« {variant} »");
                    }
                }
            }
        }
    }

    /// Her staff file, saved by Excel in Windows-1252 with her HR headings, reads as is.
    #[test]
    fn an_hr_staff_file_with_its_own_headings_is_read() {
        let text = "Matricule;Prénom Nom;ETP;Résidence administrative (UAI)\r\nASS02;Émilie Sánchez;0,8;0310001A\r\n";
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let t = parse_workers(
            &windows_1252(text),
            Path::new("workers.csv"),
            &establishments(),
            &mut problems,
            &mut warnings,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let w = &t.workers[0];
        assert_eq!((w.id.as_str(), w.name.as_deref(), w.fte), ("ASS02", Some("Émilie Sánchez"), 0.8));
        assert_eq!(w.base.as_ref().and_then(|b| b.uai.as_deref()), Some("0310001A"));
        let current = "N° agent;Code UAI;ETP\nASS02;0310001A;0,8\n";
        let (mut problems, mut warnings) = (Vec::new(), Vec::new());
        let c = parse_current(
            current.as_bytes(),
            Path::new("current.csv"),
            &establishments(),
            Some(&t),
            &mut problems,
            &mut warnings,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.assignments.len(), 1);
    }
}
