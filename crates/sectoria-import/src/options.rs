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

/// One file looked for in a data folder.
struct Standard {
    folder: &'static str,
    prefix: &'static str,
    extensions: &'static [&'static str],
    option: &'static str,
}

impl Standard {
    fn pattern(&self) -> String {
        format!("{}/{}*.{}", self.folder, self.prefix, self.extensions.join("|"))
    }
}

const ANNUAIRE: Standard = Standard {
    folder: "annuaire",
    prefix: "fr-en-annuaire-education",
    extensions: &["csv"],
    option: "--annuaire",
};
const IPS_COLLEGES: Standard = Standard {
    folder: "ips",
    prefix: "fr-en-ips-colleges",
    extensions: &["csv"],
    option: "--ips-colleges",
};
const IPS_LYCEES: Standard = Standard {
    folder: "ips",
    prefix: "fr-en-ips-lycees",
    extensions: &["csv"],
    option: "--ips-lycees",
};
const IPS_ECOLES: Standard = Standard {
    folder: "ips",
    prefix: "fr-en-ips-ecoles",
    extensions: &["csv"],
    option: "--ips-ecoles",
};
const DENSITE: Standard = Standard {
    folder: "insee",
    prefix: "grille_densite",
    extensions: &["xlsx", "csv"],
    option: "--densite",
};
const COMMUNES: Standard = Standard {
    folder: "communes",
    prefix: "laposte",
    extensions: &["csv"],
    option: "--communes",
};
const COLLEGES_REP: Standard = Standard {
    folder: "colleges",
    prefix: "donnees-dnb-effectifs-ips_colleges",
    extensions: &["csv"],
    option: "--colleges-rep",
};

impl SourceFiles {
    /// The standard file names in a folder laid out like the project's shared data folder
    /// (`annuaire/`, `ips/`, `insee/`, `communes/`, `colleges/`). When several vintages are
    /// present, the last name in alphabetical order is taken; for the density grid, `.xlsx`
    /// is preferred to `.csv`. The national collège file is optional.
    pub fn from_data_dir(dir: &Path) -> Result<SourceFiles, ImportError> {
        Ok(SourceFiles {
            annuaire: find_required(dir, &ANNUAIRE)?,
            ips_colleges: find_required(dir, &IPS_COLLEGES)?,
            ips_lycees: find_required(dir, &IPS_LYCEES)?,
            ips_ecoles: find_required(dir, &IPS_ECOLES)?,
            densite: find_required(dir, &DENSITE)?,
            communes: find_required(dir, &COMMUNES)?,
            colleges_rep: find(dir, &COLLEGES_REP),
        })
    }
}

fn find_required(dir: &Path, standard: &Standard) -> Result<PathBuf, ImportError> {
    find(dir, standard).ok_or_else(|| ImportError::DataFileNotFound {
        dir: dir.to_path_buf(),
        pattern: standard.pattern(),
        option: standard.option.to_string(),
    })
}

fn find(dir: &Path, standard: &Standard) -> Option<PathBuf> {
    let folder = dir.join(standard.folder);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with(standard.prefix))
        .collect();
    names.sort();
    standard.extensions.iter().find_map(|ext| {
        let suffix = format!(".{ext}");
        names
            .iter()
            .rev()
            .find(|name| name.to_lowercase().ends_with(&suffix))
            .map(|name| folder.join(name))
    })
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
        let message = SourceFiles::from_data_dir(dir.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("--communes"), "{message}");
        Ok(())
    }
}
