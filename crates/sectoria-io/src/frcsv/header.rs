//! The header of a CSV file: each heading read as a column (its name, the web page's French
//! label, a usual alias), and what is wrong with it said once, with what to do.

use super::{edit_distance, is_near, plain, spaceless, Columns};
use crate::error::InputProblem;
use std::collections::BTreeMap;
use std::path::Path;

/// The French headings of one column.
#[derive(Debug, Clone, Copy)]
pub struct Heading {
    /// The column (`fte`).
    pub column: &'static str,
    /// The web page's heading (« Quotité (ETP) »): a heading that begins it names the column.
    pub label: &'static str,
    /// The column's other usual headings in spreadsheets (« ETP », « Matricule »), each matched
    /// whole (accents, case and spaces aside).
    pub aliases: &'static [&'static str],
}

/// How one heading of a file reads: its column, or else the column it may mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMatch {
    /// The heading as the file writes it.
    pub heading: String,
    /// The column it names, when the reader knows it.
    pub column: Option<&'static str>,
    /// For a heading the reader does not know, the column it most likely means (not already in
    /// the header), for the user to confirm.
    pub guess: Option<&'static str>,
}

impl Columns {
    /// Each of `headings` read as a column, or with a guess when it is unknown.
    pub fn match_headings(&self, headings: &[String]) -> Vec<HeadingMatch> {
        let found: Vec<Option<&'static str>> = headings.iter().map(|h| self.column_of(h)).collect();
        let unknown = headings.iter().zip(&found).filter(|(h, c)| c.is_none() && !h.trim().is_empty()).count();
        let missing: Vec<&'static str> = self.required.iter().copied().filter(|c| !found.contains(&Some(*c))).collect();
        let present: Vec<&'static str> = found.iter().flatten().copied().collect();
        headings
            .iter()
            .zip(&found)
            .map(|(heading, column)| HeadingMatch {
                heading: heading.clone(),
                column: *column,
                guess: column.is_none().then(|| self.guess(heading.trim(), unknown, &missing, &present)).flatten(),
            })
            .collect()
    }

    /// The column an unknown `heading` may mean: the known column nearest in spelling
    /// (« max_weekly_kms »), else the one whose headings share the most words with it (« Quotité de
    /// travail », « Code UAI résidence »), else — the header's only unknown heading — its only
    /// missing required column; never a column `present` in the header.
    fn guess(
        &self,
        heading: &str,
        unknown: usize,
        missing: &[&'static str],
        present: &[&'static str],
    ) -> Option<&'static str> {
        if let Some(c) = closest(&heading.to_lowercase(), self) {
            return (!present.contains(&c)).then_some(c);
        }
        let words = words_of(heading);
        let mut scores: Vec<(usize, &'static str)> = self
            .labels
            .iter()
            .map(|h| {
                let theirs: Vec<String> =
                    std::iter::once(h.label).chain(h.aliases.iter().copied()).flat_map(words_of).collect();
                (words.iter().filter(|w| theirs.contains(w)).count(), h.column)
            })
            .filter(|(n, c)| *n > 0 && !present.contains(c))
            .collect();
        scores.sort_by_key(|s| std::cmp::Reverse(s.0));
        match scores.as_slice() {
            [(best, c), rest @ ..] if rest.first().is_none_or(|(n, _)| n < best) => Some(*c),
            [] if unknown == 1 && missing.len() == 1 => missing.first().copied(),
            _ => None,
        }
    }

    /// The accepted headings, each column's in turn: « Identifiant » (ou « Matricule »,
    /// « N° agent ») ; …, then the columns' own names.
    fn accepted(&self) -> String {
        let expected = self.expected_header();
        if self.labels.is_empty() {
            return format!(
                "en-tête attendu (ordre libre, colonnes facultatives après « {} ») : {expected}",
                self.required.last().copied().unwrap_or_default()
            );
        }
        let each: Vec<String> = self
            .labels
            .iter()
            .map(|h| {
                let aliases: Vec<String> = h.aliases.iter().map(|a| format!("« {a} »")).collect();
                if aliases.is_empty() {
                    format!("« {} »", h.label)
                } else {
                    format!("« {} » (ou {})", h.label, aliases.join(", "))
                }
            })
            .collect();
        format!(
            "intitulés acceptés, dans n'importe quel ordre (accents et majuscules indifférents ; le début \
             d'un intitulé de la page suffit) : {} ; ou les noms de colonnes du fichier : {expected}",
            each.join(" ; ")
        )
    }

    /// The French label of `column`, or the column itself.
    fn label_of(&self, column: &str) -> String {
        self.labels
            .iter()
            .find(|h| h.column == column)
            .map_or_else(|| format!("« {column} »"), |h| format!("« {} » ({column})", h.label))
    }
}

/// The words of `s` that say something (three letters or more), accents and case aside.
fn words_of(s: &str) -> Vec<String> {
    plain(s).split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).map(str::to_string).collect()
}

/// Maps header names to field indices; reports duplicate columns (`E109`), and unknown
/// (`E108`) and missing (`E101`) ones: one problem each when there is one, all in one problem
/// when there are several (a spreadsheet's own headings, « Matricule;Agent;Taux »), which says
/// each heading not recognised, each column missing and the accepted headings once.
pub(super) fn resolve_header(
    names: &[String],
    line: usize,
    file: &Path,
    columns: &Columns,
    problems: &mut Vec<InputProblem>,
) -> BTreeMap<&'static str, usize> {
    let mut index = BTreeMap::new();
    let mut unknown = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let lower = name.to_lowercase();
        if lower.is_empty() {
            continue;
        }
        match columns.column_of(name) {
            Some(c) if index.contains_key(c) => problems.push(
                InputProblem::new(
                    "E109",
                    file,
                    format!("la colonne « {c} » apparaît deux fois dans l'en-tête"),
                    "supprimez ou renommez l'une des deux colonnes",
                )
                .at_line(line)
                .in_column(c),
            ),
            Some(c) => {
                index.insert(c, i);
            }
            None => unknown.push(name.as_str()),
        }
    }
    let missing: Vec<&'static str> = columns.required.iter().copied().filter(|c| !index.contains_key(c)).collect();
    let present: Vec<&'static str> = index.keys().copied().collect();
    if unknown.len() + missing.len() >= 2 {
        problems.push(header_problem(&unknown, &missing, &present, line, file, columns));
        return index;
    }
    let accepted = columns.accepted();
    for name in unknown {
        let hint = hint(name, columns, 1, &missing, &present).unwrap_or_default();
        problems.push(
            InputProblem::new(
                "E108",
                file,
                format!("colonne inconnue « {name} »"),
                format!("{hint}renommez-la ou supprimez-la ; {accepted}"),
            )
            .at_line(line)
            .in_column(name),
        );
    }
    for c in missing {
        problems.push(
            InputProblem::new(
                "E101",
                file,
                format!("la colonne obligatoire « {c} » est absente de l'en-tête"),
                format!("ajoutez la colonne {} ; {accepted}", columns.label_of(c)),
            )
            .at_line(line)
            .in_column(c),
        );
    }
    index
}

/// The one problem of a header with several unknown or missing columns: `E101` when a
/// required column is missing, `E108` otherwise.
fn header_problem(
    unknown: &[&str],
    missing: &[&'static str],
    present: &[&'static str],
    line: usize,
    file: &Path,
    columns: &Columns,
) -> InputProblem {
    let quoted: Vec<String> = unknown.iter().map(|h| format!("« {h} »")).collect();
    let mut said = Vec::new();
    match quoted.len() {
        0 => {}
        1 => said.push(format!("intitulé inconnu : {}", quoted.join(""))),
        n => said.push(format!("{n} intitulés inconnus : {}", quoted.join(", "))),
    }
    let absent: Vec<String> = missing.iter().map(|c| columns.label_of(c)).collect();
    match absent.len() {
        0 => {}
        1 => said.push(format!("colonne obligatoire absente : {}", absent.join(""))),
        _ => said.push(format!("colonnes obligatoires absentes : {}", absent.join(", "))),
    }
    let todo = if columns.labels.is_empty() {
        "renommez ces colonnes ou supprimez celles qui ne servent pas, et ajoutez les colonnes obligatoires"
    } else {
        "sur la page Données, dites à quelle colonne correspond chaque intitulé (le choix est proposé au \
         chargement du fichier), ou renommez-les dans le tableur ; supprimez les colonnes qui ne servent pas"
    };
    let hints: String =
        unknown.iter().filter_map(|h| hint(h, columns, unknown.len(), missing, present)).collect::<Vec<_>>().concat();
    let code = if missing.is_empty() { "E108" } else { "E101" };
    InputProblem::new(
        code,
        file,
        format!("en-tête non reconnu — {}", said.join(" ; ")),
        format!("{todo} ; {hints}{}", columns.accepted()),
    )
    .at_line(line)
}

/// What an unknown `heading` may mean (« « Taux » : vouliez-vous dire « Quotité (ETP) » (fte) ? »),
/// or which columns a heading that begins several labels may be.
fn hint(
    heading: &str,
    columns: &Columns,
    unknown: usize,
    missing: &[&'static str],
    present: &[&'static str],
) -> Option<String> {
    if let Some(meanings) = ambiguous_label(heading, columns) {
        return Some(meanings);
    }
    let guess = columns.guess(heading, unknown, missing, present)?;
    Some(format!("« {heading} » : vouliez-vous dire {} ? ", columns.label_of(guess)))
}

/// For a heading that begins several labels (« Résidence »), the columns it may mean.
fn ambiguous_label(heading: &str, columns: &Columns) -> Option<String> {
    let h = spaceless(heading);
    let matches: Vec<String> = columns
        .labels
        .iter()
        .filter(|l| !h.is_empty() && spaceless(l.label).starts_with(&h))
        .map(|l| format!("« {} » ({})", l.label, l.column))
        .collect();
    (matches.len() > 1).then(|| format!("« {heading} » peut désigner {} : précisez l'intitulé ; ", matches.join(", ")))
}

/// The known column nearest to `name` (at most two edits away).
fn closest(name: &str, columns: &Columns) -> Option<&'static str> {
    columns
        .required
        .iter()
        .chain(columns.optional)
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| is_near(*d, name))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(header: &str, columns: &Columns) -> Vec<InputProblem> {
        let mut problems = Vec::new();
        let names: Vec<String> = header.split(';').map(str::to_string).collect();
        resolve_header(&names, 1, Path::new("workers.csv"), columns, &mut problems);
        problems
    }

    #[test]
    fn nearest_column_in_spelling() {
        let establishments = crate::establishments::COLUMNS;
        assert_eq!(closest("bassn", &establishments), Some("bassin"));
        assert_eq!(closest("rep_pluss", &establishments), Some("rep_plus"));
        assert_eq!(closest("commentaire", &establishments), None);
    }

    /// A spreadsheet's own headings were six problems (E108 ×4, E101 ×2), each repeating the
    /// accepted headings: one problem now names them all, the missing columns and the accepted
    /// headings once.
    #[test]
    fn unknown_and_missing_columns_are_one_problem() {
        let p = problems("Code agent;Personne;Taux;Site", &crate::workers::COLUMNS);
        assert_eq!(p.len(), 1, "{p:?}");
        let (code, message, fix) = (p[0].code, &p[0].message, &p[0].fix);
        assert_eq!(code, "E101");
        assert_eq!(
            message,
            "en-tête non reconnu — 4 intitulés inconnus : « Code agent », « Personne », « Taux », « Site » ; \
             colonnes obligatoires absentes : « Identifiant » (id), « Quotité (ETP) » (fte)"
        );
        assert!(fix.starts_with("sur la page Données, dites à quelle colonne correspond chaque intitulé"), "{fix}");
        assert_eq!(fix.matches("« Identifiant » (ou « Matricule », « N° agent »)").count(), 1, "{fix}");
        assert!(fix.contains("« Quotité (ETP) » (ou « ETP », « Temps de travail »)"), "{fix}");
        assert!(fix.ends_with("ou les noms de colonnes du fichier : id;fte;name;base_uai;base_lat;base_lon;max_establishments;max_weekly_km"), "{fix}");
        // Unknown columns alone, several: one E108; a file without French headings lists its columns.
        let p = problems("id;fte;commentaire;service", &crate::workers::COLUMNS);
        assert_eq!(p.iter().map(|p| p.code).collect::<Vec<_>>(), ["E108"]);
        let p = problems("uai;nom;commune", &crate::establishments::COLUMNS);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("colonnes obligatoires absentes : « name », « kind »"), "{}", p[0].message);
        assert!(
            p[0].fix.contains("en-tête attendu (ordre libre, colonnes facultatives après « pupils ») : uai;name"),
            "{}",
            p[0].fix
        );
        // One problem alone keeps its own code and column.
        let p = problems("id;fte;commentaire", &crate::workers::COLUMNS);
        assert_eq!((p[0].code, p[0].column.as_deref()), ("E108", Some("commentaire")));
        // A guess never names a column the header already has.
        let p = problems("id;fte;Nom;Prénom", &crate::workers::COLUMNS);
        assert!(!p[0].fix.contains("vouliez-vous dire"), "{}", p[0].fix);
        let p = problems("id;fte;Quotité de travail;Service", &crate::workers::COLUMNS);
        assert!(!p[0].fix.contains("vouliez-vous dire"), "{}", p[0].fix);
    }

    /// A heading the reader does not know gets the column it most likely means, one not
    /// already in the header, for the web page to propose.
    #[test]
    fn unknown_headings_get_a_guess() {
        let headings: Vec<String> =
            ["Matricule", "Nom", "Prénom", "Quotité de travail", "Code UAI résidence", "Service", "max_weekly_kms"]
                .map(str::to_string)
                .to_vec();
        let got: Vec<(Option<&str>, Option<&str>)> =
            crate::workers::COLUMNS.match_headings(&headings).iter().map(|m| (m.column, m.guess)).collect();
        assert_eq!(
            got,
            [
                (Some("id"), None),
                (Some("name"), None),
                // « Prénom » beside « Nom » may only be the name, already there: no guess.
                (None, None),
                (None, Some("fte")),
                (None, Some("base_uai")),
                (None, None),
                (None, Some("max_weekly_km")),
            ]
        );
        // The only unknown heading and the only missing column go together.
        let headings: Vec<String> = ["Identifiant", "Taux"].map(str::to_string).to_vec();
        let got = crate::workers::COLUMNS.match_headings(&headings);
        assert_eq!(got[1].guess, Some("fte"));
    }
}
