//! `sectoria adopt`.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `sectoria adopt`.
#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// Plan adopté (plan.json), calculé avec cette instance.
    #[arg(long)]
    plan: PathBuf,
    /// Dossier de l'instance où écrire current.csv.
    #[arg(long)]
    instance: PathBuf,
    /// Remplace un current.csv existant (l'ancien est gardé sous current-AAAAMMJJ-HHMMSS.csv).
    #[arg(long)]
    force: bool,
}

/// Writes the plan's sectors as the instance's `current.csv`.
pub fn run(a: &AdoptArgs) -> Result<()> {
    let plan = sectoria::read_plan(&a.plan)?;
    let adopted = sectoria::adopt::adopt(&a.instance, &plan, a.force)?;
    println!(
        "Secteurs actuels écrits : {} ({} lignes, {} assistants). Les prochains plans de cette instance s'y comparent \
         (pénalité de changement et plafond de changements du scénario, [stability]).",
        adopted.path.display(),
        adopted.lines,
        adopted.workers
    );
    if let Some(b) = &adopted.backup {
        println!("L'ancien current.csv est gardé sous {}.", b.display());
    }
    if let Some(record) = &adopted.record {
        println!("{record}");
    }
    if let Some(advice) = &adopted.continuity_advice {
        println!("Attention : {advice}.");
    }
    if !adopted.bases_chosen.is_empty() {
        println!(
            "Résidences choisies par le modèle pour {} : elles ne sont pas écrites dans workers.csv ; renseignez-y \
             base_uai pour les garder.",
            adopted.bases_chosen.join(", ")
        );
    }
    Ok(())
}
