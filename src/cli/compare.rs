//! `sectoria compare A/plan.json B/plan.json`.

use anyhow::{Context, Result};
use std::path::PathBuf;

/// Arguments of `sectoria compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan A, l'« avant » (plan.json).
    a: PathBuf,
    /// Plan B, l'« après » (plan.json).
    b: PathBuf,
    /// Fichier CSV de la comparaison (séparateur « ; », virgule décimale).
    #[arg(long, default_value = "compare.csv")]
    csv: PathBuf,
}

/// Compares two plans: French table on the terminal, `compare.csv` on disk.
pub fn run(a: &Args) -> Result<()> {
    let before = sectoria_io::read_plan(&a.a)?;
    let after = sectoria_io::read_plan(&a.b)?;
    let comparison = sectoria_scenarios::compare(&before, &after);
    // The file first: a reader that stops early (`| head`) loses nothing of it.
    std::fs::write(&a.csv, comparison.to_csv())
        .with_context(|| format!("impossible d'écrire {} ; vérifiez les droits et l'espace disque", a.csv.display()))?;
    print!("{comparison}");
    println!("Fichier écrit : {}", a.csv.display());
    Ok(())
}
