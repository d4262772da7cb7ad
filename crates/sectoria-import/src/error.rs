//! The single error type of the import, with French messages that name the file, the line
//! (1-based, the header being line 1), the column and what to do.

use std::path::PathBuf;

/// Everything that can stop an import. Messages are in French and tell the user what to do.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file could not be opened or read.
    #[error("impossible de lire {what} ({path}) : {source}. Vérifiez le chemin indiqué.")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the file is, in French (e.g. "l'annuaire de l'éducation").
        what: String,
        /// The underlying error.
        source: std::io::Error,
    },

    /// An output file could not be written.
    #[error(
        "impossible d'écrire {path} : {source}. Vérifiez que le dossier de sortie est accessible \
         en écriture."
    )]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The header line uses another separator than the expected one.
    #[error(
        "{path}, ligne 1 : le séparateur « {found} » a été trouvé alors que « {expected} » est \
         attendu pour {what}. Utilisez le fichier tel que publié ou ré-enregistrez-le en CSV \
         séparé par « {expected} »."
    )]
    WrongSeparator {
        /// The file.
        path: PathBuf,
        /// What the file is, in French.
        what: String,
        /// Separator found in the header line.
        found: char,
        /// Separator expected.
        expected: char,
    },

    /// A required column is absent from the header.
    #[error(
        "{path}, ligne 1 : colonne obligatoire « {column} » absente de l'en-tête ({what}). \
         Colonnes trouvées : {found}. Vérifiez qu'il s'agit du bon fichier, ou renommez la \
         colonne."
    )]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// What the file is, in French.
        what: String,
        /// The missing column.
        column: String,
        /// The columns found (abridged).
        found: String,
    },

    /// A line has fewer fields than the header (or more non-empty ones).
    #[error(
        "{path}, ligne {line}, colonne « {column} » : {found} champs au lieu de {expected}. \
         La ligne est tronquée ou contient un séparateur non protégé par des guillemets : \
         corrigez-la ou téléchargez à nouveau le fichier."
    )]
    FieldCount {
        /// The file.
        path: PathBuf,
        /// Line (1-based, header = 1).
        line: u64,
        /// First column without its field (or first extra field).
        column: String,
        /// Fields found.
        found: usize,
        /// Fields expected (header length).
        expected: usize,
    },

    /// The CSV syntax is broken (unbalanced quotes…).
    #[error(
        "{path}, ligne {line} : CSV illisible ({message}). Vérifiez les guillemets de cette \
         ligne ou téléchargez à nouveau le fichier."
    )]
    Csv {
        /// The file.
        path: PathBuf,
        /// Line (1-based, header = 1).
        line: u64,
        /// Parser message.
        message: String,
    },

    /// A cell holds a value that cannot be used.
    #[error("{path}, ligne {line}, colonne « {column} » : valeur « {value} » invalide. {hint}")]
    InvalidValue {
        /// The file.
        path: PathBuf,
        /// Line (1-based, header = 1).
        line: u64,
        /// Column name.
        column: String,
        /// The value found.
        value: String,
        /// What to do.
        hint: String,
    },

    /// A spreadsheet could not be read.
    #[error(
        "{path} : classeur illisible ({message}). Vérifiez qu'il s'agit de la grille de densité \
         publiée par l'INSEE (.xlsx), ou utilisez sa conversion .csv."
    )]
    Spreadsheet {
        /// The file.
        path: PathBuf,
        /// Reader message.
        message: String,
    },

    /// No sheet of the density workbook has the expected header.
    #[error(
        "{path} : aucune feuille ne contient les colonnes « CODGEO » et « DENS ». Utilisez la \
         grille communale de densité à 7 niveaux publiée par l'INSEE."
    )]
    DensityHeaderNotFound {
        /// The file.
        path: PathBuf,
    },

    /// The density file is neither a spreadsheet nor a CSV.
    #[error(
        "{path} : format non reconnu pour la grille de densité (attendu .xlsx ou .csv). \
         Indiquez le fichier .xlsx publié par l'INSEE ou sa conversion .csv."
    )]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
    },

    /// The département code is not a valid code.
    #[error(
        "code de département « {input} » invalide : attendu par exemple 31, 031, 2A ou 971. \
         Corrigez l'option --departement."
    )]
    InvalidDepartement {
        /// What the user typed.
        input: String,
    },

    /// The département code is 20: Corsica has been two départements since 1976.
    #[error(
        "code de département « {input} » invalide : la Corse a deux départements : 2A (Corse-du-Sud) et 2B \
         (Haute-Corse). Corrigez l'option --departement (2A ou 2B) et importez-les l'un après l'autre."
    )]
    CorsicaDepartement {
        /// What the user typed.
        input: String,
    },

    /// The annuaire has no row for the département.
    #[error(
        "{path} : aucune ligne pour le département {departement} (colonne « Code_departement »). \
         Départements présents : {available}. Vérifiez l'option --departement ou téléchargez \
         l'annuaire de ce département."
    )]
    UnknownDepartement {
        /// The annuaire file.
        path: PathBuf,
        /// The requested département (canonical code).
        departement: String,
        /// The départements present in the file.
        available: String,
    },

    /// No establishment of the département can be planned: every row was left out.
    #[error(
        "aucun établissement du département {departement} ne peut être planifié : {reasons}. \
         Aucun establishments.csv n'a été écrit ; le détail est dans {report}. Vérifiez que \
         l'extrait de l'annuaire contient les collèges et lycées du département (une école REP+ \
         est servie avec le collège tête de son réseau)."
    )]
    NothingInScope {
        /// The département (canonical code).
        departement: String,
        /// The reasons rows were left out, with their counts.
        reasons: String,
        /// The import report written.
        report: PathBuf,
    },

    /// An option value is out of range.
    #[error("option {option} : valeur « {value} » invalide. {hint}")]
    InvalidOption {
        /// Option name (e.g. `--pupils-per-fte`).
        option: String,
        /// The value.
        value: String,
        /// What to do.
        hint: String,
    },

    /// A standard file was not found in a data folder.
    #[error(
        "fichier introuvable : aucun {pattern} dans {dir}. Indiquez le fichier avec l'option \
         {option}."
    )]
    DataFileNotFound {
        /// The folder searched.
        dir: PathBuf,
        /// File name pattern (e.g. `fr-en-annuaire-education*.csv`).
        pattern: String,
        /// The option that sets the file explicitly.
        option: String,
    },
}
