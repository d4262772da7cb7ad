//! `sectoria import`: builds an instance folder from the open data of one département.

use anyhow::{bail, Result};
use clap::Args;
use sectoria_import::{import, DataFile, ImportOptions, SourceFiles};
use std::path::{Path, PathBuf};

/// Arguments of `sectoria import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Département à importer : 31, 031, 2A, 971…
    #[arg(long, value_name = "CODE")]
    departement: String,
    /// Dossier de données rangé comme les données partagées (annuaire/, ips/, insee/,
    /// communes/, colleges/) : fournit tous les fichiers sous leurs noms standard ; une option
    /// de fichier explicite l'emporte.
    #[arg(long, value_name = "DOSSIER")]
    donnees: Option<PathBuf>,
    /// Annuaire de l'éducation (fr-en-annuaire-education*.csv, séparateur « ; »).
    #[arg(long, value_name = "FICHIER")]
    annuaire: Option<PathBuf>,
    /// IPS des collèges, avec effectifs (fr-en-ips-colleges*.csv).
    #[arg(long, value_name = "FICHIER")]
    ips_colleges: Option<PathBuf>,
    /// IPS des lycées, avec effectifs (fr-en-ips-lycees*.csv).
    #[arg(long, value_name = "FICHIER")]
    ips_lycees: Option<PathBuf>,
    /// IPS des écoles, avec effectifs (fr-en-ips-ecoles*.csv).
    #[arg(long, value_name = "FICHIER")]
    ips_ecoles: Option<PathBuf>,
    /// Grille communale de densité de l'INSEE (.xlsx tel que publié, ou sa conversion .csv).
    #[arg(long, value_name = "FICHIER")]
    densite: Option<PathBuf>,
    /// Base officielle des codes postaux de La Poste (centroïdes des communes, utilisés
    /// quand un établissement n'a pas de coordonnées).
    #[arg(long, value_name = "FICHIER")]
    communes: Option<PathBuf>,
    /// Facultatif : fichier national des collèges avec drapeaux REP/REP+ et effectifs
    /// SEGPA/ULIS (donnees-dnb-effectifs-ips_colleges*.csv).
    #[arg(long, value_name = "FICHIER")]
    colleges_rep: Option<PathBuf>,
    /// Inclure aussi les établissements privés (par défaut : public seulement).
    #[arg(long)]
    include_private: bool,
    /// Écrit aussi scenario.toml avec budget.total_fte = élèves du périmètre / N (par
    /// exemple 1600 : un ETP pour 1 600 élèves).
    #[arg(long, value_name = "N", value_parser = super::usage::decimal)]
    pupils_per_fte: Option<f64>,
    /// Dossier de l'instance à écrire (créé si besoin).
    #[arg(long, value_name = "DOSSIER")]
    out: PathBuf,
    /// Remplace l'instance déjà présente dans le dossier (establishments.csv, et scenario.toml
    /// avec --pupils-per-fte) ; workers.csv, current.csv et les plans restent.
    #[arg(long)]
    force: bool,
}

/// Imports the département, writes the instance folder and prints the report.
pub fn run(a: &ImportArgs) -> Result<()> {
    if !a.force {
        check_out(&a.out, a.pupils_per_fte.is_some())?;
    }
    let donnees = a.donnees.as_deref();
    let files = SourceFiles {
        annuaire: resolve(&a.annuaire, donnees, DataFile::Annuaire)?,
        ips_colleges: resolve(&a.ips_colleges, donnees, DataFile::IpsColleges)?,
        ips_lycees: resolve(&a.ips_lycees, donnees, DataFile::IpsLycees)?,
        ips_ecoles: resolve(&a.ips_ecoles, donnees, DataFile::IpsEcoles)?,
        densite: resolve(&a.densite, donnees, DataFile::Densite)?,
        communes: resolve(&a.communes, donnees, DataFile::Communes)?,
        colleges_rep: a.colleges_rep.clone().or_else(|| donnees.and_then(|dir| DataFile::CollegesRep.find_in(dir))),
    };
    let options = ImportOptions {
        departement: a.departement.clone(),
        files,
        include_private: a.include_private,
        pupils_per_fte: a.pupils_per_fte,
        out_dir: a.out.clone(),
    };
    let report = import(&options)?;
    print!("{report}");
    Ok(())
}

/// Refuses to import into a folder that already holds an instance: its establishments.csv
/// (and its scenario.toml, which the user may have edited) would be replaced without a copy,
/// and its workers.csv or current.csv may no longer fit the new establishments.
fn check_out(out: &Path, writes_scenario: bool) -> Result<()> {
    let mut replaced = vec!["establishments.csv"];
    if writes_scenario {
        replaced.push("scenario.toml");
    }
    let replaced: Vec<&str> = replaced.into_iter().filter(|f| out.join(f).is_file()).collect();
    if replaced.is_empty() {
        return Ok(());
    }
    let kept: Vec<&str> = ["workers.csv", "current.csv"].into_iter().filter(|f| out.join(f).is_file()).collect();
    bail!(
        "le dossier {} contient déjà une instance : l'import remplacerait {}{} ; choisissez un autre dossier \
         avec --out, ou ajoutez --force pour la remplacer (copiez d'abord les fichiers que vous avez modifiés)",
        out.display(),
        replaced.join(" et "),
        if kept.is_empty() {
            String::new()
        } else {
            format!(", et garderait {}, qui décrit peut-être d'autres établissements", kept.join(" et "))
        }
    )
}

/// The explicit file, else the standard one in `--donnees`, else a usage error.
fn resolve(explicit: &Option<PathBuf>, donnees: Option<&Path>, file: DataFile) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path.clone());
    }
    match donnees {
        Some(dir) => Ok(file.require_in(dir)?),
        None => bail!(
            "option {} manquante : indiquez ce fichier, ou --donnees DOSSIER pour prendre tous \
             les fichiers sous leurs noms standard",
            file.option()
        ),
    }
}
