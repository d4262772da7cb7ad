//! `sectoria national`: builds the instance of every département of France from the national
//! files (collèges and lycées, budget-only) and solves them all in parallel, each plan checked
//! independently; writes `national.csv` and `national_report.txt`.

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use sectoria_core::french::counted;
use sectoria_core::{check_plan, Plan, Problem};
use sectoria_import::{build_national, DepartementInstance, ImportError, NationalFiles, NationalOptions};
use sectoria_report::frformat::{decimal, CsvWriter};
use sectoria_report::summary::gap_percent;
use sectoria_solver::SolveError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Arguments of `sectoria national`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier de données rangé comme les données partagées (colleges/, ips/, insee/,
    /// communes/) : géolocalisation des collèges, IPS des collèges et des lycées, fichier DNB
    /// des collèges (REP/REP+), grille de densité, centroïdes des communes.
    #[arg(long, value_name = "DOSSIER")]
    donnees: PathBuf,
    /// Remplace le fichier de géolocalisation des collèges du dossier de données.
    #[arg(long, value_name = "FICHIER")]
    colleges_geo: Option<PathBuf>,
    /// Dossier de sortie (national.csv, national_report.txt).
    #[arg(long, value_name = "DOSSIER", default_value = "sectoria-national")]
    out: PathBuf,
    /// Départements résolus en parallèle (0 = un par cœur) ; chaque résolution utilise un seul
    /// fil HiGHS.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Ne traite que ces départements, par exemple 031,048 (par défaut : tous).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    departements: Option<Vec<String>>,
    /// Écart relatif visé par département (0,001 = 0,1 %) ; par défaut, celui d'un scénario.
    #[arg(long, default_value_t = sectoria_core::scenario::SolverSettings::default().relative_gap, value_parser = super::usage::decimal)]
    gap: f64,
    /// Limite de temps par département, en secondes.
    #[arg(long, value_name = "S", default_value_t = 20.0, value_parser = super::usage::decimal)]
    time_limit: f64,
    /// Budget : un ETP pour N élèves.
    #[arg(long, value_name = "N", default_value_t = 1600.0, value_parser = super::usage::decimal)]
    pupils_per_fte: f64,
    /// Écrit aussi le dossier d'instance de chaque département (instances/CODE/).
    #[arg(long)]
    instances: bool,
    /// Remplace les résultats existants du dossier de sortie.
    #[arg(long)]
    force: bool,
}

/// The solver's figures for one département.
struct Figures {
    status: &'static str,
    gap: f64,
    objective: f64,
    bound: f64,
    /// The rule of thumb's objective.
    baseline_objective: f64,
    coverage: f64,
    baseline_coverage: f64,
    /// Weekly km of all workers: plan, rule of thumb.
    km: (f64, f64),
    /// Need covered, priority-weighted: plan, rule of thumb.
    need_covered: (f64, f64),
    /// Establishments served: plan, rule of thumb.
    served: (usize, usize),
    /// ETP the rule of thumb leaves unused.
    rule_fte_left: f64,
    check_problems: usize,
    /// Stopped by the time limit on the rule of thumb's plan (nothing better found in time).
    rule_kept: bool,
}

/// One département, solved or not.
struct Outcome {
    code: String,
    name: String,
    establishments: usize,
    pupils: u64,
    fte: f64,
    result: Result<Figures, String>,
    build_s: f64,
    solve_s: f64,
}

impl Outcome {
    fn verified(&self) -> Option<&Figures> {
        self.result.as_ref().ok().filter(|f| f.check_problems == 0)
    }
}

/// Builds and solves the national set.
pub fn run(a: &Args) -> Result<()> {
    if !(a.gap >= 0.0 && a.gap < 1.0) {
        bail!("--gap {} invalide : indiquez un écart relatif entre 0 et 1, par exemple 0,001", a.gap);
    }
    if !(a.time_limit.is_finite() && a.time_limit > 0.0) {
        bail!("--time-limit {} invalide : indiquez un nombre de secondes positif", a.time_limit);
    }
    let clock = Instant::now();
    let mut files = NationalFiles::from_data_dir(&a.donnees)?;
    if let Some(path) = &a.colleges_geo {
        files.colleges = path.clone();
    }
    let options = NationalOptions { files, pupils_per_fte: a.pupils_per_fte, departements: a.departements.clone() };
    let set = build_national(&options).map_err(|e| match e {
        // sectoria-import names the option of `import` (--departement).
        ImportError::InvalidDepartement { input } => anyhow::anyhow!(
            "code de département « {input} » invalide : attendu par exemple 31, 031, 2A ou 971. Corrigez l'option \
             --departements."
        ),
        ImportError::CorsicaDepartement { input } => anyhow::anyhow!(
            "code de département « {input} » : la Corse a deux départements, 2A (Corse-du-Sud) et 2B (Haute-Corse). \
             Corrigez l'option --departements (2A, 2B ou les deux)."
        ),
        e => e.into(),
    })?;
    let import_s = clock.elapsed().as_secs_f64();
    if set.departements.is_empty() {
        bail!("aucun département à résoudre : vérifiez --departements et le dossier de données");
    }
    std::fs::create_dir_all(&a.out)
        .with_context(|| format!("impossible de créer le dossier {} ; vérifiez les droits", a.out.display()))?;
    let csv_path = a.out.join("national.csv");
    if csv_path.exists() && !a.force {
        bail!(
            "{} existe déjà : choisissez un autre dossier avec --out ou ajoutez --force pour le remplacer",
            csv_path.display()
        );
    }
    let import_report = set.report.to_string();
    let mut written = vec![write(&a.out, "national_report.txt", &import_report)?];
    if a.instances {
        for d in &set.departements {
            d.write_to(&a.out.join("instances").join(&d.code))?;
        }
        written.push(a.out.join("instances"));
    }
    println!(
        "Jeu national construit en {} s : {}, {} établissements ({} collèges, {} lycées, {} lycées \
         professionnels), {} ETP.",
        decimal(import_s, 1),
        counted(set.departements.len() as u64, "département"),
        set.report.in_scope.total(),
        set.report.in_scope.college,
        set.report.in_scope.lycee,
        set.report.in_scope.lycee_pro,
        decimal(set.report.total_fte, 1)
    );
    if !set.report.balances() {
        println!("Attention : le décompte des lignes d'un fichier ne tombe pas juste (voir national_report.txt).");
    }

    let solve_clock = Instant::now();
    super::interrupt::catch(
        "aucun autre département ne commence ; ceux en cours finissent, puis national.csv est écrit avec les départements \
         résolus.",
    )?;
    let mut outcomes = solve_all(&set.departements, a);
    super::interrupt::writing();
    let solve_wall = solve_clock.elapsed().as_secs_f64();
    outcomes.sort_by(|x, y| x.code.cmp(&y.code));
    let left = set.departements.len() - outcomes.len();
    written.insert(0, write(&a.out, "national.csv", &national_csv(&outcomes))?);
    let total_s = clock.elapsed().as_secs_f64();
    // The report gets the definitions of national.csv's columns and the times (kept out of
    // national.csv, which the same inputs reproduce).
    write(
        &a.out,
        "national_report.txt",
        &format!("{import_report}\n{}", solve_report(&outcomes, import_s, solve_wall)),
    )?;
    summary(&outcomes, import_s, solve_wall, total_s, a.gap);
    println!("Fichiers écrits :");
    for p in &written {
        println!("  {}", p.display());
    }
    if left > 0 {
        let missing: Vec<&str> = set
            .departements
            .iter()
            .filter(|d| !outcomes.iter().any(|o| o.code == d.code))
            .map(|d| official_code(&d.code))
            .collect();
        eprintln!(
            "Run national arrêté par Ctrl-C : {} sur {} résolus, dans national.csv ; non résolus : {}.",
            counted(outcomes.len() as u64, "département"),
            set.departements.len(),
            missing.join(", ")
        );
    }
    let failed: Vec<&str> =
        outcomes.iter().filter(|o| o.verified().is_none()).map(|o| official_code(&o.code)).collect();
    if !failed.is_empty() {
        bail!("{} sans plan vérifié : {}", counted(failed.len() as u64, "département"), failed.join(", "));
    }
    Ok(())
}

/// Solves every département on `a.threads` threads, biggest first (each thread takes the
/// next biggest when it is free).
fn solve_all(departements: &[DepartementInstance], a: &Args) -> Vec<Outcome> {
    let mut order: Vec<&DepartementInstance> = departements.iter().collect();
    order.sort_by(|x, y| y.establishments().cmp(&x.establishments()).then_with(|| x.code.cmp(&y.code)));
    // The bar moves by establishments solved, not by départements: the biggest go first, and a
    // count of départements made the first estimate of the time left ten times too long.
    let weight = order.iter().map(|d| d.establishments() as u64).sum();
    super::progress::with_weighted_counter("départements", order.len(), weight, |step| solve_in_order(&order, a, step))
}

/// Solves the départements of `order` on `a.threads` threads, each thread taking the next one
/// when it is free, until Ctrl-C; `step` gets the number finished, the establishments of the
/// last and a note on it.
fn solve_in_order(order: &[&DepartementInstance], a: &Args, step: &(dyn Fn(usize, u64, &str) + Sync)) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(order.len()));
    let worker = || loop {
        if super::interrupt::step().is_break() {
            break; // Ctrl-C: no other département starts
        }
        let i = next.fetch_add(1, Ordering::SeqCst);
        let Some(d) = order.get(i) else { break };
        // A panic in one département (a solver bug) is reported in its row, not fatal to the run.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| solve_one(d, a)))
            .unwrap_or_else(|_| failed(d, "échec : erreur interne du solveur (panique, voir le terminal)"));
        let note =
            format!("dernier : {} {}, {} s", official_code(&outcome.code), outcome.name, decimal(outcome.solve_s, 1));
        step(finished.fetch_add(1, Ordering::SeqCst) + 1, d.establishments() as u64, &note);
        if let Ok(mut r) = results.lock() {
            r.push(outcome);
        }
    };
    let threads = if a.threads == 0 { std::thread::available_parallelism().map_or(1, usize::from) } else { a.threads };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| (0..threads).into_par_iter().with_max_len(1).for_each(|_| worker())),
        Err(_) => worker(),
    }
    results.into_inner().unwrap_or_default()
}

/// The outcome of a département without plan.
fn failed(d: &DepartementInstance, message: &str) -> Outcome {
    Outcome {
        code: d.code.clone(),
        name: d.name.clone().unwrap_or_default(),
        establishments: d.establishments(),
        pupils: d.pupils_served,
        fte: d.total_fte,
        result: Err(message.to_string()),
        build_s: 0.0,
        solve_s: 0.0,
    }
}

fn solve_one(d: &DepartementInstance, a: &Args) -> Outcome {
    let clock = Instant::now();
    let mut outcome = failed(d, "");
    let problem = (|| -> Result<Problem, String> {
        let instance = sectoria_io::instance_from_texts(&d.establishments_csv, None, None, None)
            .map_err(|e| format!("instance illisible : {e}"))?;
        let mut scenario = sectoria_io::scenario_from_str(&d.scenario_toml, "scenario.toml")
            .map_err(|e| format!("scénario illisible : {e}"))?;
        scenario.solver.relative_gap = a.gap;
        scenario.solver.time_limit_s = a.time_limit;
        scenario.solver.threads = 1;
        Problem::new(&instance, &scenario).map_err(|e| e.to_string())
    })();
    outcome.build_s = clock.elapsed().as_secs_f64();
    let problem = match problem {
        Ok(p) => p,
        Err(m) => {
            outcome.result = Err(format!("échec : {m}"));
            return outcome;
        }
    };
    let clock = Instant::now();
    let plan = sectoria_solver::plan(&problem, BTreeMap::new());
    outcome.solve_s = clock.elapsed().as_secs_f64();
    outcome.result = match plan {
        Ok(plan) => Ok(figures(&problem, &plan)),
        Err(SolveError::Infeasible(reasons)) => Err(format!(
            "infaisable : {}",
            reasons.iter().map(|r| format!("[{}] {}", r.rule, r.message)).collect::<Vec<_>>().join(" ; ")
        )),
        Err(SolveError::NoPlan(m)) => Err(format!("échec : {m}")),
    };
    outcome
}

fn figures(problem: &Problem, plan: &Plan) -> Figures {
    let check = check_plan(problem, plan);
    Figures {
        status: plan.solver.status.label(),
        gap: plan.solver.relative_gap,
        objective: plan.solver.objective,
        bound: plan.solver.best_bound,
        baseline_objective: plan.baseline.objective.total,
        coverage: plan.kpis.weighted_coverage,
        baseline_coverage: plan.baseline.kpis.weighted_coverage,
        need_covered: (plan.kpis.need_covered_weighted, plan.baseline.kpis.need_covered_weighted),
        served: (plan.kpis.establishments_served, plan.baseline.kpis.establishments_served),
        km: (plan.kpis.km_total, plan.baseline.kpis.km_total),
        rule_fte_left: plan.baseline.fte_left,
        check_problems: check.problems.len(),
        rule_kept: plan.keeps_rule_of_thumb(),
    }
}

/// The official code of a département (`01`, `2A`, `971`), as `--departements` takes it, from
/// the three-character code of the files (`001`, `02A`, `971`).
fn official_code(code: &str) -> &str {
    match code.strip_prefix('0') {
        Some(rest) if rest.len() == 2 => rest,
        _ => code,
    }
}

/// The « Département » cell: the official code and the name (« 01 Ain »). One text cell, so
/// that French Excel and LibreOffice keep the code's leading zero (« 01 » alone opens as the
/// number 1) and sort the rows in code order.
fn departement_cell(code: &str, name: &str) -> String {
    if name.is_empty() {
        official_code(code).to_string()
    } else {
        format!("{} {name}", official_code(code))
    }
}

const HEADER: [&str; 21] = [
    "Département",
    "Établissements",
    "Élèves",
    "ETP",
    "Statut",
    "Écart prouvé (%)",
    "Objectif",
    "Borne",
    "Tolérance (points d'objectif)",
    "Objectif règle usuelle",
    "Couverture pondérée (%)",
    "Couverture pondérée règle usuelle (%)",
    "Besoin couvert pondéré (%)",
    "Besoin couvert pondéré règle usuelle (%)",
    "Établissements servis",
    "Établissements servis règle usuelle",
    "km par semaine",
    "km par semaine règle usuelle",
    "ETP inutilisés règle usuelle",
    "Vérification",
    "Message",
];

/// What the percentage columns of `national.csv` mean, for `national_report.txt` (README
/// « Sorties » says the same).
const DEFINITIONS: &str = "\
Colonnes de national.csv
  Couverture pondérée (%) : les élèves des établissements servis, multipliés par le score de
    priorité de leur établissement (REP, REP+, IPS…), sur les élèves de tous les établissements
    multipliés de même. Un établissement servi compte en entier, quelle que soit sa présence.
  Besoin couvert pondéré (%) : les demi-journées attribuées à chaque établissement, jusqu'à son
    besoin, multipliées par son score de priorité, sur le besoin de tous les établissements
    multiplié de même. Il mesure la présence donnée, pas seulement qui est servi : un plan peut
    servir moins d'établissements que la règle usuelle et couvrir plus du besoin pondéré.
  Tolérance (points d'objectif) : borne − objectif ; aucun plan ne peut dépasser l'objectif du
    plan optimisé de plus que cela.
  Objectif, Objectif règle usuelle : l'objectif du scénario (valeur de service − trajets − …)
    du plan optimisé et du plan de la règle usuelle ; leur différence est ce que l'optimisation
    gagne, à comparer aux établissements servis, au besoin couvert et aux km.
  Ligne « Total » : sommes sur les départements (objectifs, bornes, tolérances, établissements
    servis et km sur ceux qui ont un plan) ; les pourcentages et l'écart prouvé y sont laissés
    vides (une part ne s'additionne pas d'un département à l'autre).
  Lignes écartées des fichiers : comptées ci-dessus pour l'ensemble du jeu, pas par département
    (le décompte des fichiers n'est pas ventilé par département).
  Département : code officiel et nom dans une même cellule (« 01 Ain », « 2A Corse-du-Sud »),
    pour qu'Excel et LibreOffice gardent le zéro du code ; --departements accepte 1, 01, 001,
    2A ou 02A.
";

/// The definitions and the times of the run (which change from one run to the next: they are
/// kept out of `national.csv`).
fn solve_report(outcomes: &[Outcome], import_s: f64, solve_s: f64) -> String {
    let mut s = String::from(DEFINITIONS);
    s.push_str(&format!(
        "\nDurées (changent d'une exécution à l'autre, d'où leur absence de national.csv)\n  construction du jeu \
         national : {} s ; résolutions : {} s\n  par département (lecture de l'instance et résolution) :\n",
        decimal(import_s, 1),
        decimal(solve_s, 1)
    ));
    for o in outcomes {
        s.push_str(&format!(
            "    {:<28} {:>7} s\n",
            departement_cell(&o.code, &o.name),
            decimal(o.build_s + o.solve_s, 2)
        ));
    }
    s
}

/// `national.csv`: one row per département, then a « Total » row; French headers, `;`,
/// decimal comma, BOM. No time: the same inputs give the same file (bar a département stopped
/// by the time limit).
fn national_csv(outcomes: &[Outcome]) -> String {
    let mut w = CsvWriter::new(&HEADER);
    for o in outcomes {
        let mut fields = vec![
            departement_cell(&o.code, &o.name),
            o.establishments.to_string(),
            o.pupils.to_string(),
            decimal(o.fte, 1),
        ];
        match &o.result {
            Ok(f) => {
                let check = if f.check_problems == 0 {
                    "conforme".to_string()
                } else {
                    counted(f.check_problems as u64, "problème")
                };
                fields.extend([
                    f.status.to_string(),
                    decimal(100.0 * f.gap, 3),
                    decimal(f.objective, 3),
                    decimal(f.bound, 3),
                    decimal((f.bound - f.objective).max(0.0), 1),
                    decimal(f.baseline_objective, 3),
                    decimal(100.0 * f.coverage, 2),
                    decimal(100.0 * f.baseline_coverage, 2),
                    decimal(100.0 * f.need_covered.0, 2),
                    decimal(100.0 * f.need_covered.1, 2),
                    f.served.0.to_string(),
                    f.served.1.to_string(),
                    decimal(f.km.0, 1),
                    decimal(f.km.1, 1),
                    decimal(f.rule_fte_left, 1),
                    check,
                    if f.rule_kept {
                        "limite de temps atteinte avant un plan meilleur que la règle usuelle : ce plan est celui \
                         de la règle usuelle ; relevez --time-limit"
                            .to_string()
                    } else {
                        String::new()
                    },
                ]);
            }
            Err(m) => {
                let status = if m.starts_with("infaisable") { "infaisable" } else { "échec" };
                fields.push(status.to_string());
                // The four cells above and the status, blanks, then the message in « Message ».
                fields.extend(std::iter::repeat_n(String::new(), HEADER.len() - 6));
                fields.push(m.clone());
            }
        }
        w.row(fields);
    }
    w.row(total_row(outcomes));
    w.finish()
}

/// The « Total » row: sums where a sum means something (establishments, pupils, ETP,
/// objectives, bounds and tolerances, establishments served, km, ETP left), over the
/// départements with a plan for the solver's figures; the percentages and the gap are left
/// empty (a share does not add up across départements).
fn total_row(outcomes: &[Outcome]) -> Vec<String> {
    let solved: Vec<&Figures> = outcomes.iter().filter_map(|o| o.result.as_ref().ok()).collect();
    let sum = |f: &dyn Fn(&Figures) -> f64| solved.iter().map(|x| f(x)).sum::<f64>();
    let count = |f: &dyn Fn(&Figures) -> usize| solved.iter().map(|x| f(x)).sum::<usize>().to_string();
    let verified = solved.iter().filter(|f| f.check_problems == 0).count();
    let mut message = format!(
        "sommes sur {}, pourcentages laissés vides",
        if solved.len() == outcomes.len() {
            counted(outcomes.len() as u64, "département")
        } else {
            format!("les {} sur {} qui ont un plan", solved.len(), outcomes.len())
        }
    );
    if solved.len() < outcomes.len() {
        message.push_str(" (établissements, élèves et ETP : tous)");
    }
    let empty = String::new;
    vec![
        "Total".to_string(),
        outcomes.iter().map(|o| o.establishments).sum::<usize>().to_string(),
        outcomes.iter().map(|o| o.pupils).sum::<u64>().to_string(),
        decimal(outcomes.iter().map(|o| o.fte).sum(), 1),
        empty(),
        empty(),
        decimal(sum(&|f| f.objective), 3),
        decimal(sum(&|f| f.bound), 3),
        decimal(sum(&|f| (f.bound - f.objective).max(0.0)), 1),
        decimal(sum(&|f| f.baseline_objective), 3),
        empty(),
        empty(),
        empty(),
        empty(),
        count(&|f| f.served.0),
        count(&|f| f.served.1),
        decimal(sum(&|f| f.km.0), 1),
        decimal(sum(&|f| f.km.1), 1),
        decimal(sum(&|f| f.rule_fte_left), 1),
        format!("{verified} {} sur {}", if verified >= 2 { "conformes" } else { "conforme" }, outcomes.len()),
        message,
    ]
}

fn summary(outcomes: &[Outcome], import_s: f64, solve_s: f64, total_s: f64, target_gap: f64) {
    let verified: Vec<(&Outcome, &Figures)> = outcomes.iter().filter_map(|o| Some((o, o.verified()?))).collect();
    let within = verified.iter().filter(|(_, f)| f.gap <= target_gap + 1e-9).count();
    let max_gap = verified.iter().map(|(_, f)| f.gap).fold(0.0, f64::max);
    println!(
        "Départements résolus avec un plan vérifié : {} sur {} ; écart ≤ {} : {} ; écart maximal : {}.",
        verified.len(),
        outcomes.len(),
        gap_percent(target_gap),
        within,
        gap_percent(max_gap)
    );
    let kept: Vec<&str> = verified.iter().filter(|(_, f)| f.rule_kept).map(|(o, _)| official_code(&o.code)).collect();
    if !kept.is_empty() {
        println!(
            "Attention : {} sur le plan de la règle usuelle, la limite de temps atteinte avant un plan meilleur ({}) : \
             relevez --time-limit.",
            if kept.len() >= 2 { format!("{} départements", kept.len()) } else { "1 département".to_string() },
            kept.join(", ")
        );
    }
    let mut slowest: Vec<&Outcome> = outcomes.iter().collect();
    slowest.sort_by(|x, y| (y.build_s + y.solve_s).total_cmp(&(x.build_s + x.solve_s)));
    println!("Les plus longs :");
    for o in slowest.iter().take(5) {
        let gap = o.result.as_ref().map_or_else(|m| m.clone(), |f| format!("écart {}", gap_percent(f.gap)));
        println!(
            "  {:<3} {:<24} {:>4} établissements  {:>6} s  {gap}",
            official_code(&o.code),
            o.name,
            o.establishments,
            decimal(o.build_s + o.solve_s, 1)
        );
    }
    for o in outcomes.iter().filter(|o| o.verified().is_none()) {
        match &o.result {
            Ok(f) => println!(
                "  {} : plan rejeté par la vérification ({})",
                official_code(&o.code),
                counted(f.check_problems as u64, "problème")
            ),
            Err(m) => println!("  {} : {m}", official_code(&o.code)),
        }
    }
    let peak = peak_memory_kib().map_or("inconnue".to_string(), |k| format!("{} Mio", decimal(k as f64 / 1024.0, 0)));
    println!(
        "Temps total : {} s (construction du jeu {} s, résolutions {} s) ; mémoire maximale : {peak}.",
        decimal(total_s, 1),
        decimal(import_s, 1),
        decimal(solve_s, 1)
    );
}

/// Peak resident memory of the process (`VmHWM`), in KiB; `None` off Linux.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn write(dir: &Path, name: &str, text: &str) -> Result<PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, text)
        .with_context(|| format!("impossible d'écrire {} ; vérifiez les droits et l'espace disque", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A département without a plan has every column, its message under « Message ».
    #[test]
    fn a_row_without_a_plan_has_every_column() {
        let outcome = Outcome {
            code: "048".into(),
            name: "Lozère".into(),
            establishments: 17,
            pupils: 3_000,
            fte: 2.4,
            result: Err("infaisable : [budget] trop peu".into()),
            build_s: 0.0,
            solve_s: 0.0,
        };
        let csv = national_csv(&[outcome]);
        let row = csv.lines().nth(1).expect("the row");
        let cells: Vec<&str> = row.split(';').collect();
        assert_eq!(cells.len(), HEADER.len(), "{row}");
        assert_eq!(cells[HEADER.len() - 1], "infaisable : [budget] trop peu");
        assert_eq!(cells[HEADER.len() - 2], "");
    }
}
