//! What to import and where to write it.

use crate::error::ImportError;
use std::path::{Path, PathBuf};

/// The open-data files read by the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFiles {
    /// Annuaire de l'éducation (`fr-en-annuaire-education*.csv`).
    pub annuaire: PathBuf,
    /// IPS of collèges (`fr-en-ips-colleges*.csv`).
    pub ips_colleges: PathBuf,
    /// IPS of lycées (`fr-en-ips-lycees*.csv`).
    pub ips_lycees: PathBuf,
    /// IPS of écoles (`fr-en-ips-ecoles*.csv`).
    pub ips_ecoles: PathBuf,
    /// INSEE grille de densité (`.xlsx` as published, or its `.csv` conversion).
    pub densite: PathBuf,
    /// La Poste's base officielle des codes postaux (commune centroids).
    pub communes: PathBuf,
    /// Optional national collège file with REP/REP+ flags and SEGPA/ULIS pupils.
    pub colleges_rep: Option<PathBuf>,
}

/// A file of the standard data folder layout (`annuaire/`, `ips/`, `insee/`, `communes/`,
/// `colleges/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    /// `annuaire/fr-en-annuaire-education*.csv`.
    Annuaire,
    /// `ips/fr-en-ips-colleges*.csv`.
    IpsColleges,
    /// `ips/fr-en-ips-lycees*.csv`.
    IpsLycees,
    /// `ips/fr-en-ips-ecoles*.csv`.
    IpsEcoles,
    /// `insee/grille_densite*.xlsx` (else `.csv`).
    Densite,
    /// `communes/laposte*.csv`.
    Communes,
    /// `colleges/donnees-dnb-effectifs-ips_colleges*.csv` (optional).
    CollegesRep,
    /// `colleges/fr-en-adresse-et-geolocalisation-colleges*.csv` (national runs only).
    CollegesGeo,
}

impl DataFile {
    fn layout(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            DataFile::Annuaire => ("annuaire", "fr-en-annuaire-education", &["csv"]),
            DataFile::IpsColleges => ("ips", "fr-en-ips-colleges", &["csv"]),
            DataFile::IpsLycees => ("ips", "fr-en-ips-lycees", &["csv"]),
            DataFile::IpsEcoles => ("ips", "fr-en-ips-ecoles", &["csv"]),
            DataFile::Densite => ("insee", "grille_densite", &["xlsx", "csv"]),
            DataFile::Communes => ("communes", "laposte", &["csv"]),
            DataFile::CollegesRep => ("colleges", "donnees-dnb-effectifs-ips_colleges", &["csv"]),
            DataFile::CollegesGeo => ("colleges", "fr-en-adresse-et-geolocalisation-colleges", &["csv"]),
        }
    }

    /// The sub-folder of a data folder that holds this file (`annuaire`, `ips`…).
    pub fn folder(self) -> &'static str {
        self.layout().0
    }

    /// Whether `name` is a file name of this kind (expected prefix and extension).
    pub fn matches(self, name: &str) -> bool {
        let (_, prefix, extensions) = self.layout();
        let lower = name.to_lowercase();
        name.starts_with(prefix) && extensions.iter().any(|ext| lower.ends_with(&format!(".{ext}")))
    }

    /// The command-line option that names this file (`--annuaire`…).
    pub fn option(self) -> &'static str {
        match self {
            DataFile::Annuaire => "--annuaire",
            DataFile::IpsColleges => "--ips-colleges",
            DataFile::IpsLycees => "--ips-lycees",
            DataFile::IpsEcoles => "--ips-ecoles",
            DataFile::Densite => "--densite",
            DataFile::Communes => "--communes",
            DataFile::CollegesRep => "--colleges-rep",
            DataFile::CollegesGeo => "--colleges-geo",
        }
    }

    /// The file in a data folder: the last name in alphabetical order (newest vintage) with
    /// the expected prefix, trying the extensions in order of preference.
    pub fn find_in(self, dir: &Path) -> Option<PathBuf> {
        let (folder, prefix, extensions) = self.layout();
        let folder = dir.join(folder);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .ok()?
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| name.starts_with(prefix))
            .collect();
        names.sort();
        extensions.iter().find_map(|ext| {
            let suffix = format!(".{ext}");
            names.iter().rev().find(|name| name.to_lowercase().ends_with(&suffix)).map(|name| folder.join(name))
        })
    }

    /// Like [`DataFile::find_in`], with an error naming the pattern and the option.
    pub fn require_in(self, dir: &Path) -> Result<PathBuf, ImportError> {
        self.find_in(dir).ok_or_else(|| {
            let (folder, prefix, extensions) = self.layout();
            ImportError::DataFileNotFound {
                dir: dir.to_path_buf(),
                pattern: format!("{folder}/{prefix}*.{}", extensions.join("|")),
                option: self.option().to_string(),
            }
        })
    }
}

impl SourceFiles {
    /// The standard file names in a folder laid out like the project's shared data folder
    /// (see [`DataFile`]); the national collège file is optional.
    pub fn from_data_dir(dir: &Path) -> Result<SourceFiles, ImportError> {
        Ok(SourceFiles {
            annuaire: DataFile::Annuaire.require_in(dir)?,
            ips_colleges: DataFile::IpsColleges.require_in(dir)?,
            ips_lycees: DataFile::IpsLycees.require_in(dir)?,
            ips_ecoles: DataFile::IpsEcoles.require_in(dir)?,
            densite: DataFile::Densite.require_in(dir)?,
            communes: DataFile::Communes.require_in(dir)?,
            colleges_rep: DataFile::CollegesRep.find_in(dir),
        })
    }
}

/// Everything [`crate::import`] needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    /// Département code: `31`, `031`, `2A`, `971`…
    pub departement: String,
    /// The files to read.
    pub files: SourceFiles,
    /// Also import private establishments (sous contrat).
    pub include_private: bool,
    /// When set, write `scenario.toml` with `budget.total_fte` = pupils in scope / this.
    pub pupils_per_fte: Option<f64>,
    /// Output folder (created if needed).
    pub out_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_matches_its_kind_by_prefix_and_extension() {
        assert!(DataFile::Densite.matches("grille_densite_7_niveaux_2024.xlsx"));
        assert!(DataFile::Densite.matches("grille_densite_7_niveaux_2024.CSV"));
        assert!(!DataFile::Densite.matches("grille_densite.txt"));
        assert!(!DataFile::IpsColleges.matches("fr-en-ips-lycees-ap2022.csv"));
        assert_eq!(DataFile::IpsEcoles.folder(), "ips");
        assert!(DataFile::IpsEcoles.find_in(Path::new("/nulle/part")).is_none());
    }

    #[test]
    fn finds_standard_files_and_prefers_xlsx() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let files = [
            "annuaire/fr-en-annuaire-education_2023.csv",
            "annuaire/fr-en-annuaire-education_2024.csv",
            "ips/fr-en-ips-colleges-ap2022.csv",
            "ips/fr-en-ips-lycees-ap2022.csv",
            "ips/fr-en-ips-ecoles-ap2022.csv",
            "insee/grille_densite_7_niveaux_2024.csv",
            "insee/grille_densite_7_niveaux_2024.xlsx",
            "communes/laposte_hexasmal_2022.csv",
        ];
        for file in files {
            let path = dir.path().join(file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, "x")?;
        }
        let sources = SourceFiles::from_data_dir(dir.path())?;
        assert!(sources.annuaire.ends_with("fr-en-annuaire-education_2024.csv"));
        assert!(sources.densite.ends_with("grille_densite_7_niveaux_2024.xlsx"));
        assert_eq!(sources.colleges_rep, None);
        std::fs::remove_file(dir.path().join("communes/laposte_hexasmal_2022.csv"))?;
        let message = SourceFiles::from_data_dir(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("--communes"), "{message}");
        Ok(())
    }
}
