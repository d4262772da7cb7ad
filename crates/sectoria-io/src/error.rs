//! Input errors: every problem found in the input files, each with a stable code, where it is
//! (file, line, column, UAI), what is wrong and what to do — all in French.
//!
//! Readers never stop at the first problem: they collect every [`InputProblem`] of every file
//! and return them together in [`InputError::Invalid`].

use std::fmt;
use std::path::{Path, PathBuf};

/// Every code a reader can produce, with its French description. Codes are stable: a code is
/// never reused for another meaning.
pub const CATALOGUE: &[(&str, &str)] = &[
    ("E100", "fichier introuvable ou illisible"),
    ("E101", "colonne obligatoire absente de l'en-tête"),
    ("E102", "mauvais séparateur : le fichier n'est pas séparé par des « ; »"),
    ("E103", "fichier qui n'est pas encodé en UTF-8"),
    ("E104", "nombre illisible (ou nombre décimal là où un entier est attendu)"),
    ("E105", "ligne qui n'a pas le même nombre de champs que l'en-tête"),
    ("E106", "valeur obligatoire vide"),
    ("E107", "booléen illisible (attendu 0/1, oui/non, vrai/faux, true/false, o/n)"),
    ("E108", "colonne inconnue dans l'en-tête"),
    ("E109", "colonne présente deux fois dans l'en-tête"),
    ("E110", "fichier vide : pas d'en-tête, ou aucune ligne de données là où il en faut"),
    ("E111", "UAI mal formé (attendu 7 chiffres et une lettre)"),
    ("E112", "UAI en double"),
    ("E113", "type d'établissement inconnu"),
    ("E114", "valeur hors de la plage admise"),
    ("E115", "coordonnées invalides (hors des plages de latitude et longitude)"),
    ("E116", "coordonnées hors de France"),
    ("E117", "école sans réseau REP+ (colonne network vide)"),
    ("E118", "réseau REP+ qui ne désigne pas un collège du fichier"),
    ("E119", "code commune INSEE mal formé"),
    ("E120", "scénario : clé inconnue"),
    ("E121", "scénario : valeur refusée par les règles du scénario"),
    ("E122", "scénario : syntaxe TOML invalide"),
    ("E123", "scénario : type de valeur incorrect ou clé obligatoire absente"),
    ("E124", "scénario : valeur inconnue dans une liste de choix"),
    ("E130", "quotité (fte) hors de ]0 ; 1]"),
    ("E131", "identifiant d'assistant en double"),
    ("E132", "résidence administrative (base_uai) inconnue"),
    ("E133", "résidence administrative incomplète ou ambiguë"),
    ("E140", "secteurs actuels : assistant inconnu"),
    ("E141", "UAI inconnu (absent de establishments.csv)"),
    ("E142", "secteurs actuels : couple assistant–établissement en double"),
    ("E150", "distances : origine inconnue (ni assistant ni UAI)"),
    ("E152", "distances : couple origine–destination en double"),
    ("E160", "fichier qui n'est pas un plan sectoria lisible"),
    ("E161", "plan d'une version de format inconnue (schema ≠ 1)"),
    ("E170", "instance trop grande pour un seul calcul (établissements dans le périmètre ou couples candidats au-delà de la limite) : découper par département ou relever la limite"),
    ("E171", "périmètre : bassin absent de establishments.csv ([scope] bassins)"),
    ("E180", "adresse OSRM invalide (sectoria distances)"),
    ("E181", "aucun serveur OSRM ne répond à l'adresse donnée"),
    ("E182", "le serveur OSRM n'a pas répondu dans le délai"),
    ("E183", "échange interrompu avec le serveur OSRM"),
    ("E184", "le serveur OSRM a répondu par une erreur HTTP"),
    ("E185", "la réponse du serveur OSRM n'est pas du JSON"),
    ("E186", "le serveur OSRM refuse la requête (code autre que Ok)"),
    ("E187", "réponse OSRM de forme inattendue"),
    ("E188", "fichier de distances illisible ou impossible à écrire"),
    ("E189", "serveur OSRM qui ne couvre pas l'instance"),
];

/// The French description of `code`, if it is in the [`CATALOGUE`].
pub fn describe(code: &str) -> Option<&'static str> {
    CATALOGUE.iter().find(|(c, _)| *c == code).map(|(_, d)| *d)
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// Stable code (`E101`…), see [`CATALOGUE`].
    pub code: &'static str,
    /// File the problem is in.
    pub file: PathBuf,
    /// Line, 1-based (the CSV header is line 1), when the problem is on one line.
    pub line: Option<usize>,
    /// Column: a CSV header name, or a character position (1-based) in a TOML file.
    pub column: Option<String>,
    /// UAI of the establishment concerned, when known.
    pub uai: Option<String>,
    /// What is wrong (French).
    pub message: String,
    /// What to do (French).
    pub fix: String,
}

impl InputProblem {
    /// A problem with `code` in `file`; add the position with the builder methods.
    pub fn new(code: &'static str, file: &Path, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            code,
            file: file.to_path_buf(),
            line: None,
            column: None,
            uai: None,
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// Sets the line (1-based).
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the column.
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Sets the UAI concerned.
    pub fn for_uai(mut self, uai: impl Into<String>) -> Self {
        self.uai = Some(uai.into());
        self
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(column) = &self.column {
            if !column.is_empty() && column.chars().all(|c| c.is_ascii_digit()) {
                write!(f, ", colonne {column}")?;
            } else {
                write!(f, ", colonne « {column} »")?;
            }
        }
        if let Some(uai) = &self.uai {
            write!(f, ", UAI {uai}")?;
        }
        let message = self.message.trim_end_matches('.');
        let fix = self.fix.trim_end_matches('.');
        write!(f, " : {message}. Correction : {fix}.")
    }
}

/// How many problems [`InputError`]'s `Display` prints before summing up the rest.
pub const DISPLAY_LIMIT: usize = 50;

/// Why the input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The files were read but hold problems (every one found, in file order).
    #[error("{}", display_problems(.0))]
    Invalid(Vec<InputProblem>),
    /// A file is missing or cannot be read (code `E100`).
    #[error("E100 {} : {reason}. Correction : {fix}.", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong (French).
        reason: String,
        /// What to do (French).
        fix: String,
        /// The system error, already worded into `reason` (not a `source`, which a chain of
        /// errors would print again, in English).
        cause: std::io::Error,
    },
}

fn display_problems(problems: &[InputProblem]) -> String {
    let mut lines: Vec<String> = problems.iter().take(DISPLAY_LIMIT).map(ToString::to_string).collect();
    if problems.len() > DISPLAY_LIMIT {
        let more = problems.len() - DISPLAY_LIMIT;
        let s = if more >= 2 { "s" } else { "" };
        lines.push(format!("… et {more} autre{s} problème{s} : corrigez les premiers, puis relancez."));
    }
    lines.join("\n")
}

impl InputError {
    /// The error for a file that cannot be read, with a French reason and fix.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        let (reason, fix) = match source.kind() {
            std::io::ErrorKind::NotFound if path.ends_with("establishments.csv") => (
                "fichier introuvable".to_string(),
                "vérifiez le chemin (le dossier d'instance doit contenir establishments.csv)".to_string(),
            ),
            std::io::ErrorKind::NotFound => {
                ("fichier introuvable".to_string(), "vérifiez le chemin et le nom du fichier".to_string())
            }
            std::io::ErrorKind::IsADirectory => (
                "c'est un dossier, pas un fichier".to_string(),
                "donnez le chemin du fichier lui-même (par exemple …/plan.json ou …/scenario.toml)".to_string(),
            ),
            std::io::ErrorKind::PermissionDenied => (
                "lecture refusée".to_string(),
                "donnez le droit de lecture sur ce fichier ou copiez-le dans un dossier accessible".to_string(),
            ),
            _ => (
                format!("lecture impossible ({source})"),
                "vérifiez que le chemin désigne un fichier lisible et non un dossier".to_string(),
            ),
        };
        InputError::Io { path: path.to_path_buf(), reason, fix, cause: source }
    }

    /// The problems found (empty for [`InputError::Io`]).
    pub fn problems(&self) -> &[InputProblem] {
        match self {
            InputError::Invalid(p) => p,
            InputError::Io { .. } => &[],
        }
    }

    /// The codes of every problem, in order (`["E100"]` for [`InputError::Io`]).
    pub fn codes(&self) -> Vec<&'static str> {
        match self {
            InputError::Invalid(p) => p.iter().map(|p| p.code).collect(),
            InputError::Io { .. } => vec!["E100"],
        }
    }
}

/// `Ok(value)` when `problems` is empty, the problems otherwise.
pub(crate) fn finish<T>(value: T, problems: Vec<InputProblem>) -> Result<T, InputError> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(InputError::Invalid(problems))
    }
}

/// Reads a whole file, mapping failure to [`InputError::Io`].
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|e| InputError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_matches_the_documented_shape() {
        let p = InputProblem::new(
            "E104",
            Path::new("establishments.csv"),
            "« douze » n'est pas un nombre entier",
            "écrivez un entier (par exemple 450)",
        )
        .at_line(12)
        .in_column("pupils");
        assert_eq!(
            p.to_string(),
            "E104 establishments.csv, ligne 12, colonne « pupils » : « douze » n'est pas un nombre entier. \
             Correction : écrivez un entier (par exemple 450)."
        );
        let t = InputProblem::new("E120", Path::new("scenario.toml"), "clé inconnue « bugdet »", "x")
            .at_line(7)
            .in_column("1");
        assert!(t.to_string().starts_with("E120 scenario.toml, ligne 7, colonne 1 : clé inconnue « bugdet »"));
    }

    #[test]
    fn catalogue_codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = CATALOGUE.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
        assert!(codes.iter().all(|c| c.len() == 4 && c.starts_with('E')));
        assert_eq!(describe("E112"), Some("UAI en double"));
    }

    #[test]
    fn the_size_limit_code_is_catalogued() {
        assert!(describe(sectoria_core::problem::TOO_LARGE_CODE).is_some_and(|d| d.contains("trop grande")));
    }

    #[test]
    fn long_lists_are_summed_up() {
        let p = InputProblem::new("E104", Path::new("a.csv"), "m", "f");
        let e = InputError::Invalid(vec![p; DISPLAY_LIMIT + 3]);
        let text = e.to_string();
        assert_eq!(text.lines().count(), DISPLAY_LIMIT + 1);
        assert!(text.ends_with("… et 3 autres problèmes : corrigez les premiers, puis relancez."));
    }

    #[test]
    fn io_error_names_the_file_and_the_fix() {
        let e = InputError::io(Path::new("x/establishments.csv"), std::io::Error::from(std::io::ErrorKind::NotFound));
        let text = e.to_string();
        assert!(text.starts_with("E100 x/establishments.csv : fichier introuvable."), "{text}");
        assert!(text.contains("Correction : vérifiez le chemin"));
        assert_eq!(e.codes(), vec!["E100"]);
    }
}
