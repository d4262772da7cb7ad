//! `sectoria report`: the committee's documents from a plan — `report.html`, `plan.geojson`,
//! `plan.xlsx`.

use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};

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
    /// Remplace les documents d'un autre plan déjà présents dans le dossier de sortie.
    #[arg(long)]
    pub force: bool,
    /// Version courte du rapport pour le comité : chiffres clés, ce qu'il faut dire au comité,
    /// comparaisons, carte, établissements non servis avec leur motif en bref et secteurs
    /// (quelques pages ; son en-tête dit ce que le rapport complet ajoute).
    #[arg(long)]
    pub court: bool,
}

/// The committee's documents `sectoria report` writes.
const DOCUMENTS: [&str; 3] = ["report.html", "plan.geojson", "plan.xlsx"];

/// Refuses to write into `out` the documents of the plan at `plan_path` when `out` holds
/// another plan, or documents without their plan (which plan they describe cannot be told):
/// a committee's documents must not sit beside another plan's `plan.json`, nor be replaced
/// without a word. Writing again into the plan's own folder (its `plan.json` there, or the
/// same bytes) is allowed.
fn check_out(plan_path: &Path, out: &Path) -> Result<()> {
    let there = out.join("plan.json");
    let same_plan = match (std::fs::canonicalize(plan_path), std::fs::canonicalize(&there)) {
        (Ok(a), Ok(b)) if a == b => true,
        _ => matches!((std::fs::read(plan_path), std::fs::read(&there)), (Ok(a), Ok(b)) if a == b),
    };
    if same_plan {
        return Ok(());
    }
    if there.is_file() {
        anyhow::bail!(
            "le dossier {} contient le plan.json d'un autre plan : ses documents ne peuvent pas être écrits \
             à côté de lui ; choisissez un autre dossier avec --out, ou ajoutez --force pour y écrire quand même",
            out.display()
        );
    }
    let present: Vec<&str> = DOCUMENTS.into_iter().filter(|f| out.join(f).is_file()).collect();
    if !present.is_empty() {
        anyhow::bail!(
            "le dossier {} contient déjà {} : ajoutez --force pour les remplacer par les documents de {}, \
             ou choisissez un autre dossier avec --out",
            out.display(),
            present.join(", "),
            plan_path.display()
        );
    }
    Ok(())
}

/// Reads the plan (and the optional reference plan and background layer), writes the reports
/// and lists the files written.
pub fn run(a: &ReportArgs) -> Result<()> {
    if !a.force {
        check_out(&a.plan, &a.out)?;
    }
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
    let options = sectoria_report::ReportOptions {
        compare: compare.as_ref(),
        basemap: basemap.as_deref(),
        context: context_of(&a.plan),
        reference: reference_of(a, &plan, compare.as_ref()),
        short: a.court,
    };
    let files = sectoria::outputs::report_files_with(&plan, &options)?;
    let written = sectoria::outputs::write_outputs(&a.out, &files, true)?;
    for path in written {
        println!("Écrit : {}", path.display());
    }
    Ok(())
}

/// What the differences section says of the reference plan (`--compare`): both plans' files as
/// given on the command line, and what their calculations were given differently, in the words
/// of `sectoria compare` (the same function: the report's crate cannot call it, the scenarios'
/// crate depending on it).
fn reference_of(
    a: &ReportArgs,
    plan: &sectoria_core::Plan,
    compare: Option<&sectoria_core::Plan>,
) -> sectoria_report::html::Reference {
    match (compare, &a.compare) {
        (Some(other), Some(path)) => sectoria_report::html::Reference {
            name: Some(path.display().to_string()),
            this_name: Some(a.plan.display().to_string()),
            inputs: Some(sectoria_scenarios::compare::InputDifferences::of(other, plan).to_string()),
        },
        _ => sectoria_report::html::Reference::default(),
    }
}

/// What the report of the plan at `plan_path` is about. A plan of the web application
/// (`INSTANCE/runs/RUN/plan.json`) names its instance and run, and its `status.json` the
/// scenario file it was asked with and the day; otherwise the report names the scenario file
/// the plan records, and no day (nothing records when the plan was computed).
fn context_of(plan_path: &Path) -> sectoria_report::ReportContext {
    use sectoria_report::{Day, ReportContext};
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let run_dir = plan_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let run_dir = std::fs::canonicalize(run_dir).unwrap_or_else(|_| run_dir.to_path_buf());
    let mut context = ReportContext::default();
    if run_dir.parent().and_then(name).as_deref() == Some(sectoria_web::workspace::RUNS_DIR) {
        context.run = name(&run_dir);
        context.instance = run_dir.parent().and_then(Path::parent).and_then(name);
        let status: Option<serde_json::Value> =
            std::fs::read_to_string(run_dir.join("status.json")).ok().and_then(|text| serde_json::from_str(&text).ok());
        if let Some(status) = status {
            context.scenario = status["scenario"].as_str().map(str::to_string);
            context.date = status["created_s"].as_u64().map(Day::from_epoch_s);
        }
    } else {
        context.instance = std::fs::read_to_string(run_dir.join("manifest.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|m| manifest_instance(&m));
    }
    context
}

/// The instance a plan of the command line was made from, by its manifest: the folder's name
/// it records (every imported instance's scenario is « scenario.toml »: without it, the printed
/// reports of 974 and 976 read alike). An older manifest has only the command line: its
/// `--instance` names the folder, unless it is relative to the folder the plan was made from
/// (`.`, `..`), which is not known now — no name then, rather than the current folder's.
fn manifest_instance(manifest: &serde_json::Value) -> Option<String> {
    if let Some(name) = manifest["instance"].as_str() {
        return Some(name.to_string());
    }
    let command: Vec<String> = serde_json::from_value(manifest["command"].clone()).ok()?;
    let value = command.iter().enumerate().find_map(|(i, arg)| {
        if arg == "--instance" {
            command.get(i + 1).cloned()
        } else {
            arg.strip_prefix("--instance=").map(str::to_string)
        }
    })?;
    let path = Path::new(&value);
    path.file_name().filter(|_| !value.ends_with("..")).map(|n| n.to_string_lossy().into_owned())
}

/// The name of the instance folder at `path` (`imp/976` → « 976 »; `.` → the current folder's
/// name).
pub(super) fn folder_name(path: &Path) -> Option<String> {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).filter(|n| !n.is_empty());
    // `imp/976/` and `976` name it; `.` or `..` need the folder itself.
    if path.file_name().is_some() && !path.to_string_lossy().ends_with("..") {
        return name(path);
    }
    std::fs::canonicalize(path).ok().as_deref().and_then(name)
}

#[cfg(test)]
mod tests {
    use super::{folder_name, manifest_instance, reference_of, ReportArgs};
    use std::path::Path;

    /// `report --compare` names both plans as given and what their calculations were given
    /// differently, in the words of `sectoria compare` (« Budget (ETP) [budget.total_fte] : 18 (A)
    /// → 20 (B) »).
    #[test]
    fn the_reference_is_named_with_what_differs() {
        let args = ReportArgs {
            plan: "p_b20/plan.json".into(),
            out: "rep".into(),
            compare: Some("p_b18/plan.json".into()),
            basemap: None,
            pseudonymise: false,
            force: false,
            court: false,
        };
        let mut plan = sectoria_core::test_support::small_plan();
        let mut reference = plan.clone();
        plan.scenario.budget.total_fte = Some(20.0);
        reference.scenario.budget.total_fte = Some(18.0);
        let r = reference_of(&args, &plan, Some(&reference));
        assert_eq!(r.name.as_deref(), Some("p_b18/plan.json"));
        assert_eq!(r.this_name.as_deref(), Some("p_b20/plan.json"));
        let inputs = r.inputs.expect("the differences");
        assert!(inputs.contains("  Budget (ETP) [budget.total_fte] : 18 (A) → 20 (B)\n"), "{inputs}");
        // Without a reference plan, nothing.
        assert_eq!(reference_of(&args, &plan, None), sectoria_report::html::Reference::default());
    }

    /// The manifest's instance is the folder resolved when the plan was made: a report made from
    /// another folder named « cli » or « tmp » for a plan of `--instance .` (session 47). An
    /// older manifest is read by its command line, without guessing what `.` was.
    #[test]
    fn the_instance_is_named_by_the_manifest() {
        let manifest = |command: &[&str], instance: Option<&str>| serde_json::json!({ "schema": 1, "command": command, "instance": instance });
        assert_eq!(
            manifest_instance(&manifest(&["sectoria", "plan", "--instance", "."], Some("w031"))).as_deref(),
            Some("w031")
        );
        assert_eq!(
            manifest_instance(&manifest(&["sectoria", "plan", "--instance", "imp/976", "--out", "r"], None)).as_deref(),
            Some("976")
        );
        assert_eq!(
            manifest_instance(&manifest(&["sectoria", "plan", "--instance=inst/974/"], None)).as_deref(),
            Some("974")
        );
        assert_eq!(manifest_instance(&manifest(&["sectoria", "demo", "--out", "r"], None)), None);
        for relative in [".", "..", "../.."] {
            assert_eq!(
                manifest_instance(&manifest(&["sectoria", "plan", "--instance", relative], None)),
                None,
                "{relative}"
            );
        }
        // At plan time, `.` is the folder the command runs from.
        assert!(folder_name(Path::new(".")).is_some());
    }
}
