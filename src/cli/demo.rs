//! `sectoria demo`.

use super::progress::with_spinner;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `sectoria demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Dossier de sortie (recréé à chaque démonstration).
    #[arg(long, default_value = "sectoria-demo")]
    out: PathBuf,
    /// Remplace le nom des assistants par un pseudonyme stable (« Assistant·e 07 ») dans toutes les sorties.
    #[arg(long)]
    pseudonymise: bool,
}

/// Plans the embedded demo département.
pub fn run(a: &DemoArgs) -> Result<()> {
    let start = Instant::now();
    let instance = sectoria::demo::instance()?;
    let scenario = sectoria::demo::scenario()?;
    let inputs = sectoria::demo::input_hashes();
    println!(
        "Département de démonstration : {} établissements, {} assistants ({} ETP)\n",
        instance.establishments.len(),
        instance.workers.len(),
        sectoria_report::frformat::decimal(instance.workers.iter().map(|w| w.fte).sum(), 1)
    );
    let mut plan = with_spinner("Résolution du programme en nombres entiers…", || {
        sectoria::plan_with_inputs(&instance, &scenario, inputs)
    })?;
    if a.pseudonymise {
        for warning in sectoria::privacy::pseudonymise(&mut plan) {
            eprintln!("Attention : {warning}");
        }
    }
    super::plan::finish(&plan, &a.out, true, start, Some(std::path::Path::new("demo")))
}
