//! `sectoria report`: the committee's documents from a plan — `report.html`, `plan.geojson`,
//! `plan.xlsx`.

use anyhow::{Context, Result};
use clap::Args;
use sectoria::Plan;
use std::path::{Path, PathBuf};

/// The report files, in the order they are written.
pub const REPORT_FILES: [&str; 3] = ["report.html", "plan.geojson", "plan.xlsx"];

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
}

/// Writes `contents` to a temporary file in the same folder, then renames it over `path`.
fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp-sectoria");
    std::fs::write(&tmp, contents).with_context(|| format!("écriture impossible : {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("écriture impossible : {}", path.display()))
}

/// Renders the three reports of `plan` into `dir` (created if missing) and returns the paths
/// written. `basemap` is GeoJSON text.
pub fn write_reports(dir: &Path, plan: &Plan, compare: Option<&Plan>, basemap: Option<&str>) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("dossier de sortie impossible à créer : {}", dir.display()))?;
    let html = sectoria_report::html_report(plan, compare, basemap)?;
    let geojson = sectoria_report::geojson(plan);
    let xlsx = sectoria_report::xlsx(plan)?;
    let contents: [&[u8]; 3] = [html.as_bytes(), geojson.as_bytes(), &xlsx];
    let mut written = Vec::new();
    for (name, bytes) in REPORT_FILES.iter().zip(contents) {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Reads the plan (and the optional reference plan and background layer), writes the reports
/// and lists the files written.
pub fn run(a: &ReportArgs) -> Result<()> {
    let plan = sectoria::read_plan(&a.plan)?;
    let compare = a.compare.as_deref().map(sectoria::read_plan).transpose()?;
    let basemap = match &a.basemap {
        Some(p) => {
            Some(std::fs::read_to_string(p).with_context(|| format!("fond de carte illisible : {}", p.display()))?)
        }
        None => None,
    };
    let written = write_reports(&a.out, &plan, compare.as_ref(), basemap.as_deref())
        .with_context(|| format!("rapports de {} non écrits", a.plan.display()))?;
    for path in written {
        println!("Écrit : {}", path.display());
    }
    Ok(())
}
