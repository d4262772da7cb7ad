//! `sectoria report`: the committee's documents from a plan — `report.html`, `plan.geojson`,
//! `plan.xlsx`.

use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `sectoria report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Plan à présenter (plan.json).
    #[arg(long)]
    pub plan: PathBuf,
    /// Dossier de sortie (créé au besoin).
    #[arg(long)]
    pub out: PathBuf,
    /// Plan de référence à comparer (plan.json d'un autre scénario ou de l'an dernier).
    #[arg(long)]
    pub compare: Option<PathBuf>,
    /// Fond de carte GeoJSON (WGS84) : contours des communes, du département…
    #[arg(long)]
    pub basemap: Option<PathBuf>,
    /// Remplace le nom des assistants par un pseudonyme stable (« Assistant·e 07 ») dans les documents.
    #[arg(long)]
    pub pseudonymise: bool,
}

/// Reads the plan (and the optional reference plan and background layer), writes the reports
/// and lists the files written.
pub fn run(a: &ReportArgs) -> Result<()> {
    let mut plan = sectoria::read_plan(&a.plan)?;
    let mut compare = a.compare.as_deref().map(sectoria::read_plan).transpose()?;
    if a.pseudonymise {
        let mut plans = vec![&mut plan];
        plans.extend(compare.as_mut());
        for warning in sectoria::privacy::pseudonymise_all(&mut plans) {
            eprintln!("Attention : {warning}");
        }
    }
    let basemap = match &a.basemap {
        Some(p) => {
            Some(std::fs::read_to_string(p).with_context(|| format!("fond de carte illisible : {}", p.display()))?)
        }
        None => None,
    };
    let files = sectoria::outputs::report_files(&plan, compare.as_ref(), basemap.as_deref())?;
    let written = sectoria::outputs::write_outputs(&a.out, &files, true)?;
    for path in written {
        println!("Écrit : {}", path.display());
    }
    Ok(())
}
