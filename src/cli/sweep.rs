//! `sectoria sweep` (a grid of scenarios in parallel) and `sectoria sweep merge` (shards).

use super::progress::with_counter;
use super::sweep_resume;
use anyhow::{bail, Context, Result};
use sectoria_report::frformat::{decimal, percent};
use sectoria_scenarios::jitter::robustness_until;
use sectoria_scenarios::sweep::{points, run_grid_until, weigh_with_base, Sweep, SweepOutcome};
use sectoria_scenarios::sweep_csv::{
    establishment_rows_done, objective_varies, row_notes, rows_done, weights_vary, with_establishment_rows_done,
    with_rows_done, ESTABLISHMENTS_FILE,
};
use sectoria_scenarios::vary::GridPoint;
use sectoria_scenarios::{
    merge, merge_establishments, robustness_csv, sweep_changes_csv, sweep_csv, sweep_establishments_csv, JitterSpec,
    ScenarioError, Shard, VarySpec,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Arguments of `sectoria sweep`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<SweepCommand>,
    /// Dossier de l'instance.
    #[arg(long)]
    instance: Option<PathBuf>,
    /// Scénario de départ (TOML, schema = 1).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Clé à faire varier : section.clé=début:fin:pas (fin incluse), par exemple
    /// budget.total_fte=20:30:0.5 ; à répéter (grille produit, la dernière varie le plus vite).
    #[arg(long = "vary", value_name = "CLÉ=DÉBUT:FIN:PAS", conflicts_with_all = ["jitter", "samples"])]
    vary: Vec<String>,
    /// Robustesse aux poids : amplitude relative j des tirages ; chaque bonus de [priorities]
    /// est multiplié par un facteur tiré uniformément dans [1 − j, 1 + j] (0,2 = ±20 %).
    /// S'utilise avec --samples ; écrit robustness.csv (part des tirages où chaque
    /// établissement est servi).
    #[arg(long, value_name = "J", requires = "samples", conflicts_with = "shard", value_parser = super::usage::decimal)]
    jitter: Option<f64>,
    /// Nombre de tirages pour --jitter.
    #[arg(long, value_name = "N", requires = "jitter")]
    samples: Option<usize>,
    /// Graine des tirages de --jitter (mêmes graine et options = mêmes tirages).
    #[arg(long, default_value_t = 0, requires = "jitter")]
    seed: u64,
    /// Ne calcule que la tranche i sur n de la grille (scénarios dont le numéro modulo n vaut i),
    /// pour répartir un balayage entre machines ; réunir ensuite avec `sectoria sweep merge`.
    #[arg(long, value_name = "i/n")]
    shard: Option<String>,
    /// Nombre de scénarios résolus en parallèle (0 = un par cœur) ; chaque résolution utilise un
    /// seul fil HiGHS.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Dossier de sortie. sweep.csv : une ligne par scénario, ses indicateurs en nombres (la clé
    /// variée en tête, par exemple « Budget (ETP) [budget.total_fte] »), « Message » (budget
    /// au-delà ou en deçà du temps des assistants, limite de temps) et, quand le budget varie,
    /// « Au pas de budget précédent » (moins d'établissements servis, objectif plus bas) ; quand
    /// les poids varient, la couverture pondérée aussi avec les poids du scénario de base ;
    /// sweep_establishments.csv : une ligne par scénario et par établissement du périmètre, servi
    /// ou non (Scénario, valeurs variées, UAI, Établissement, Type, Servi, Demi-journées, ETP
    /// attribués, Motif s'il n'est pas servi), à filtrer dans le tableur ; sweep_changes.csv (sans
    /// --shard) : les établissements qui entrent ou sortent d'un pas à l'autre, avec leur nom,
    /// leur type et le motif du plan où ils ne sont pas servis. Avec --jitter : robustness.csv, et
    /// sweep.csv et sweep_establishments.csv des tirages.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Remplace les résultats existants du dossier de sortie.
    #[arg(long)]
    force: bool,
    /// Reprend le balayage arrêté par Ctrl-C dans le dossier de sortie : ne résout que les
    /// scénarios qui manquent à son sweep.csv (mêmes fichiers d'entrée et mêmes options).
    #[arg(long, conflicts_with_all = ["jitter", "force"])]
    resume: bool,
    /// Nombre maximal d'établissements dans le périmètre (garde-fou contre un fichier national).
    #[arg(long, value_name = "N", default_value_t = sectoria::SizeLimits::DEFAULT_MAX_ESTABLISHMENTS)]
    max_establishments: usize,
    /// Nombre maximal de couples candidats assistant (ou résidence possible) – établissement.
    #[arg(long, value_name = "N", default_value_t = sectoria::SizeLimits::DEFAULT_MAX_PAIRS)]
    max_pairs: usize,
}

#[derive(Debug, clap::Subcommand)]
enum SweepCommand {
    /// Réunit les sweep.csv des tranches (--shard) en un seul, trié par numéro de scénario, de
    /// même les sweep_establishments.csv à côté d'eux, et calcule sweep_changes.csv.
    Merge(MergeArgs),
}

/// Arguments of `sectoria sweep merge`.
#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// Les fichiers sweep.csv des tranches (le sweep_establishments.csv de chaque tranche est lu
    /// dans le même dossier).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Dossier de sortie.
    #[arg(long)]
    out: PathBuf,
    /// Remplace les résultats existants du dossier de sortie.
    #[arg(long)]
    force: bool,
}

/// Maps the library's errors onto the command line's exit codes (2 infeasible, 3 no plan).
/// The size guard of `sectoria plan` (E170), before a grid of solves.
fn size_guard(a: &Args, instance: &sectoria_core::Instance, scenario: &sectoria_core::Scenario) -> Result<()> {
    let limits = sectoria::SizeLimits { max_establishments: a.max_establishments, max_pairs: a.max_pairs };
    let problem = sectoria_core::Problem::new(instance, scenario).map_err(sectoria::Error::from)?;
    problem.check_size(&limits).map_err(sectoria::Error::from)?;
    Ok(())
}

pub fn library_error(e: ScenarioError) -> anyhow::Error {
    match e {
        ScenarioError::Problem(p) => sectoria::Error::from(p).into(),
        ScenarioError::Solve(s) => sectoria::Error::from(s).into(),
        other => other.into(),
    }
}

fn write(dir: &Path, name: &str, text: &str, force: bool) -> Result<PathBuf> {
    writable(dir, name, force)?;
    let path = dir.join(name);
    std::fs::write(&path, text)
        .with_context(|| format!("impossible d'écrire {} ; vérifiez les droits et l'espace disque", path.display()))?;
    Ok(path)
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("impossible de créer le dossier {} ; vérifiez les droits", dir.display()))
}

/// Runs the sweep, or merges shards.
pub fn run(a: &Args) -> Result<()> {
    if let Some(SweepCommand::Merge(m)) = &a.command {
        return run_merge(m);
    }
    let (Some(instance_dir), Some(scenario_path), Some(out)) = (&a.instance, &a.scenario, &a.out) else {
        bail!("indiquez --instance DIR, --scenario FICHIER et --out DIR (ou `sectoria sweep merge` pour réunir des tranches)");
    };
    if let (Some(jitter), Some(samples)) = (a.jitter, a.samples) {
        return run_jitter(a, instance_dir, scenario_path, out, JitterSpec { jitter, samples, seed: a.seed });
    }
    if a.vary.is_empty() {
        bail!("indiquez au moins une clé à faire varier, par exemple --vary budget.total_fte=20:30:0.5");
    }
    run_vary(a, instance_dir, scenario_path, out)
}

/// `--vary`: the grid (or its shard), resumed with `--resume`, then `sweep.csv` and
/// `sweep_changes.csv`; a first Ctrl-C keeps the scenarios solved (see [`sweep_resume`]).
fn run_vary(a: &Args, instance_dir: &Path, scenario_path: &Path, out: &Path) -> Result<()> {
    let specs = a.vary.iter().map(|s| VarySpec::parse(s)).collect::<Result<Vec<_>, _>>()?;
    let shard = a.shard.as_deref().map(Shard::parse).transpose()?;
    let inputs = sectoria::load_inputs(instance_dir, scenario_path)?;
    size_guard(a, &inputs.instance, &inputs.scenario)?;
    let selected = points(&inputs.scenario, &specs, shard)?;
    let keys: Vec<String> = specs.iter().map(|s| s.key.clone()).collect();
    let grid = sweep_resume::Grid { inputs: inputs.hashes, vary: a.vary.clone(), shard: a.shard.clone() };
    let (done, done_establishments) = if a.resume {
        let done = rows_done(&sweep_resume::read(out, &grid)?, &keys, &selected)?;
        let long = read_text(&out.join(ESTABLISHMENTS_FILE), "relancez le balayage sans --resume (avec --force)")?;
        let kept = establishment_rows_done(&long, &keys, &done)?;
        (done, kept)
    } else {
        // Refused before the solves, not after them.
        if !a.force && out.join(sweep_resume::FILE).exists() {
            bail!(
                "{} contient un balayage arrêté par Ctrl-C : ajoutez --resume pour le reprendre, ou --force pour le \
                 remplacer",
                out.display()
            );
        }
        for name in ["sweep.csv", ESTABLISHMENTS_FILE, "sweep_changes.csv"] {
            writable(out, name, a.force)?;
        }
        (BTreeMap::new(), BTreeMap::new())
    };
    let todo: Vec<GridPoint> = selected.iter().filter(|p| !done.contains_key(&p.index)).cloned().collect();
    if a.resume {
        println!("Reprise : {} déjà {}, {} à résoudre.", scenarios(done.len()), solved(done.len()), todo.len());
    }
    create_dir(out)?;
    super::interrupt::catch(
        "le balayage s'arrête après les scénarios en cours ; ceux déjà résolus seront écrits dans sweep.csv.",
    )?;
    let mut rows = with_counter("scénarios", todo.len(), |progress| {
        run_grid_until(&inputs.instance, &todo, a.threads, progress, &|| super::interrupt::step().is_continue())
    });
    super::interrupt::writing();
    weigh_with_base(&mut rows, &inputs.instance, &inputs.scenario);

    let result = Sweep { keys, rows };
    let left = todo.len() - result.rows.len();
    let (csv, long) = if a.resume {
        let long = with_establishment_rows_done(&done_establishments, &sweep_establishments_csv(&result));
        (with_rows_done(&done, &sweep_csv(&result), Some(&long)), long)
    } else {
        (sweep_csv(&result), sweep_establishments_csv(&result))
    };
    let mut written = vec![write(out, "sweep.csv", &csv, true)?, write(out, ESTABLISHMENTS_FILE, &long, true)?];
    if left > 0 {
        // A partial sweep: no response curve between scenarios that are not consecutive.
        remove_stale(out, "sweep_changes.csv")?;
        written.push(sweep_resume::mark(out, &grid)?);
    } else {
        if shard.is_none() {
            written.push(write(out, "sweep_changes.csv", &sweep_changes_csv(&long)?, true)?);
        }
        remove_stale(out, sweep_resume::FILE)?;
    }
    // The files first: a reader that stops early (`| head`) loses none of them.
    print_table(&result);
    print_notes(&result.keys, &csv);
    println!("Fichiers écrits :");
    for p in written {
        println!("  {}", p.display());
    }
    if left > 0 {
        let kept = selected.len() - left;
        eprintln!(
            "Balayage arrêté : {} sur {} {}, dans sweep.csv et {ESTABLISHMENTS_FILE} ; sweep_changes.csv n'est écrit \
             qu'une fois la grille complète.\nPour résoudre {} en gardant ceux-ci : {}",
            scenarios(kept),
            selected.len(),
            solved(kept),
            if left == 1 { "le dernier".to_string() } else { format!("les {left} autres") },
            resume_command(a, instance_dir, scenario_path, out)
        );
    }
    Ok(())
}

/// « 1 scénario », « 4 scénarios ».
fn scenarios(n: usize) -> String {
    format!("{n} scénario{}", if n >= 2 { "s" } else { "" })
}

/// « résolu », « résolus » (agreeing with [`scenarios`]).
fn solved(n: usize) -> &'static str {
    if n >= 2 {
        "résolus"
    } else {
        "résolu"
    }
}

/// The command that resumes the sweep `a` stopped in `out`.
fn resume_command(a: &Args, instance: &Path, scenario: &Path, out: &Path) -> String {
    let mut cmd = format!("sectoria sweep --instance {} --scenario {}", instance.display(), scenario.display());
    for v in &a.vary {
        cmd.push_str(&format!(" --vary {v}"));
    }
    if let Some(s) = &a.shard {
        cmd.push_str(&format!(" --shard {s}"));
    }
    if a.threads != 0 {
        cmd.push_str(&format!(" --threads {}", a.threads));
    }
    cmd.push_str(&format!(" --out {} --resume", out.display()));
    cmd
}

/// Refuses, before any solve, to write over `dir/name` without `force`.
fn writable(dir: &Path, name: &str, force: bool) -> Result<()> {
    let path = dir.join(name);
    if path.exists() && !force {
        bail!(
            "{} existe déjà : choisissez un autre dossier avec --out ou ajoutez --force pour le remplacer",
            path.display()
        );
    }
    Ok(())
}

/// Removes `dir/name` if it is there: a file of an earlier sweep that the new one would contradict.
fn remove_stale(dir: &Path, name: &str) -> Result<()> {
    let path = dir.join(name);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("impossible de supprimer {} ; vérifiez les droits", path.display()))
        }
        _ => Ok(()),
    }
}

/// `--jitter J --samples N`: the base scenario and N weight draws, then `robustness.csv`.
fn run_jitter(a: &Args, instance_dir: &Path, scenario_path: &Path, out: &Path, spec: JitterSpec) -> Result<()> {
    spec.validate()?;
    let inputs = sectoria::load_inputs(instance_dir, scenario_path)?;
    let (instance, scenario) = (inputs.instance, inputs.scenario);
    size_guard(a, &instance, &scenario)?;
    for name in ["robustness.csv", "sweep.csv", ESTABLISHMENTS_FILE] {
        writable(out, name, a.force)?;
    }
    create_dir(out)?;
    super::interrupt::catch(
        "les tirages s'arrêtent après ceux en cours ; robustness.csv portera sur les tirages déjà résolus.",
    )?;
    let result = with_counter("scénarios", spec.samples + 1, |progress| {
        robustness_until(&instance, &scenario, &spec, a.threads, progress, &|| super::interrupt::step().is_continue())
    })
    .map_err(library_error)?;
    super::interrupt::writing();

    let solved = result.solved();
    println!(
        "{} tirage(s) de poids à ±{} %, graine {} : {} résolu(s).",
        spec.samples,
        decimal(100.0 * spec.jitter, 1),
        spec.seed,
        solved
    );
    match &result.base.outcome {
        SweepOutcome::Solved(_) => {}
        SweepOutcome::Infeasible(m) => println!("Scénario de base infaisable : {m}"),
        SweepOutcome::Failed(m) => println!("Scénario de base sans plan : {m}"),
    }
    let always = result.establishments.iter().filter(|e| e.share() == Some(1.0)).count();
    let never = result.establishments.iter().filter(|e| e.share() == Some(0.0)).count();
    let fragile: Vec<_> =
        result.establishments.iter().filter(|e| e.share().is_some_and(|s| s > 0.0 && s < 1.0)).collect();
    println!("Servis dans tous les tirages : {always} ; dans aucun : {never} ; selon les poids : {}.", fragile.len());
    for e in &fragile {
        let share = e.share().unwrap_or_default();
        println!("  {}  {:<40} {:>7}", e.uai, e.name, percent(share));
    }
    let written = [
        write(out, "robustness.csv", &robustness_csv(&result), a.force)?,
        write(out, "sweep.csv", &sweep_csv(&result.draws), a.force)?,
        write(out, ESTABLISHMENTS_FILE, &sweep_establishments_csv(&result.draws), a.force)?,
    ];
    println!("Fichiers écrits :");
    for p in written {
        println!("  {}", p.display());
    }
    if result.stopped() {
        eprintln!(
            "Tirages arrêtés : {} sur {} résolus ; robustness.csv porte sur ceux-ci (colonne « Tirages résolus »). La même \
             commande refait les mêmes tirages (même graine) en entier.",
            result.draws.rows.len(),
            spec.samples
        );
    }
    Ok(())
}

/// The text of `path`, or an error in French that ends with `what_to_do`.
fn read_text(path: &Path, what_to_do: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("impossible de lire {} ; {what_to_do}", path.display()))
}

fn run_merge(m: &MergeArgs) -> Result<()> {
    let (mut shards, mut longs) = (Vec::new(), Vec::new());
    for f in &m.files {
        shards.push((f.display().to_string(), read_text(f, "vérifiez le chemin")?));
        let long = f.with_file_name(ESTABLISHMENTS_FILE);
        let text = read_text(
            &long,
            &format!(
                "chaque tranche écrit sweep.csv et {ESTABLISHMENTS_FILE} dans son dossier : donnez le sweep.csv du \
                 dossier de chaque tranche, ou relancez-la avec cette version de sectoria"
            ),
        )?;
        longs.push((long.display().to_string(), text));
    }
    let merged_long = merge_establishments(&longs)?;
    let merged = merge(&shards, Some(&merged_long))?;
    let changes = sweep_changes_csv(&merged_long)?;
    create_dir(&m.out)?;
    for name in ["sweep.csv", ESTABLISHMENTS_FILE, "sweep_changes.csv"] {
        writable(&m.out, name, m.force)?;
    }
    let written = [
        write(&m.out, "sweep.csv", &merged, true)?,
        write(&m.out, ESTABLISHMENTS_FILE, &merged_long, true)?,
        write(&m.out, "sweep_changes.csv", &changes, true)?,
    ];
    println!("{} tranche(s) réunie(s). Fichiers écrits :", shards.len());
    for p in written {
        println!("  {}", p.display());
    }
    Ok(())
}

fn print_table(s: &Sweep) {
    let keys: Vec<&str> = s.keys.iter().map(|k| sectoria_report::labels::label(k).unwrap_or(k)).collect();
    let keys = keys.join(" ; ");
    let weights = weights_vary(&s.keys);
    // With other weights, « Couv. base » is the column that compares across rows.
    let base = if weights { format!(" {:>11}", "Couv. base") } else { String::new() };
    println!(
        "{:>5}  {:<24} {:<24} {:>14} {:>11}{base} {:>6} {:>7}",
        "n°", keys, "Statut", "Objectif", "Couv. pond.", "ETP", "Servis"
    );
    for r in &s.rows {
        let values: Vec<String> = r.values.iter().map(|v| format!("{v}").replace('.', ",")).collect();
        let values = values.join(" ; ");
        match &r.outcome {
            SweepOutcome::Solved(x) => {
                let base = match (weights, x.base_weighted_coverage) {
                    (true, Some(c)) => format!(" {:>11}", percent(c)),
                    (true, None) => format!(" {:>11}", "—"),
                    (false, _) => String::new(),
                };
                println!(
                    "{:>5}  {:<24} {:<24} {:>14} {:>11}{base} {:>6} {:>7}",
                    r.index,
                    values,
                    x.status.label(),
                    decimal(x.objective, 1),
                    percent(x.weighted_coverage),
                    decimal(x.fte_used, 1),
                    x.served().len()
                )
            }
            SweepOutcome::Infeasible(m) => println!("{:>5}  {:<24} infaisable : {m}", r.index, values),
            SweepOutcome::Failed(m) => println!("{:>5}  {:<24} échec : {m}", r.index, values),
        }
    }
}

/// What the table alone would let a reader misread: figures of other weights side by side, and
/// the rows whose plan or step says something (`csv`: the sweep.csv written, all its rows).
fn print_notes(keys: &[String], csv: &str) {
    if weights_vary(keys) {
        println!(
            "Les poids ([priorities]) varient : « Objectif » et « Couv. pond. » sont calculés avec les poids de chaque \
             ligne et ne se comparent pas d'une ligne à l'autre ; « Couv. base » compte la couverture pondérée avec les \
             poids du scénario de base (colonne « Couverture pondérée, poids du scénario de base (%) » de sweep.csv)."
        );
    } else if objective_varies(keys) {
        println!(
            "Les clés variées changent le barème de l'objectif : « Objectif » ne se compare pas d'une ligne à l'autre."
        );
    }
    let notes = row_notes(csv);
    if notes.is_empty() {
        return;
    }
    println!("À lire avec le tableau (colonnes « Au pas de budget précédent » et « Message » de sweep.csv) :");
    // The steps first: a budget that serves fewer or scores lower is what a reader must not miss.
    let (steps, plain): (Vec<_>, Vec<_>) = notes.iter().partition(|n| !n.1.is_empty());
    for (index, step, message) in steps.iter().chain(&plain).take(NOTES_SHOWN) {
        let said: Vec<&str> = [step.as_str(), message.as_str()].into_iter().filter(|t| !t.is_empty()).collect();
        println!("  n° {index} : {}", said.join(" ; "));
    }
    if notes.len() > NOTES_SHOWN {
        println!("  … et {} autres lignes : voir sweep.csv", notes.len() - NOTES_SHOWN);
    }
}

/// Rows of notes shown on the terminal; sweep.csv has them all.
const NOTES_SHOWN: usize = 12;
