//! Subcommands.
//!
//! Every subcommand prints through the [`print!`] and [`println!`] below, which shadow the
//! standard ones: a closed standard output (`sectoria compare … | head`) stops the printing
//! quietly instead of panicking, and the command goes on — it writes its files and exits as it
//! would have.

/// Writes `args` to the standard output. A reader that has gone (`| head`: broken pipe) is not
/// an error of the command; any other failure is said once on the standard error.
pub fn print_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    static SAID: AtomicBool = AtomicBool::new(false);
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() != std::io::ErrorKind::BrokenPipe && !SAID.swap(true, Ordering::SeqCst) {
            let _ = writeln!(std::io::stderr(), "Attention : impossible d'écrire sur la sortie standard ({e})");
        }
    }
}

/// [`std::print!`] without the panic on a closed standard output ([`print_out`]).
macro_rules! print {
    ($($arg:tt)*) => { $crate::cli::print_out(format_args!($($arg)*)) };
}

/// [`std::println!`] without the panic on a closed standard output ([`print_out`]).
macro_rules! println {
    () => { $crate::cli::print_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::print_out(format_args!("{}\n", format_args!($($arg)*))) };
}

mod adopt;
mod check;
mod compare;
mod demo;
mod distances;
mod explain;
mod frontier;
mod import;
mod interrupt;
mod national;
mod plan;
mod progress;
mod report;
mod serve;
mod sweep;
mod sweep_resume;
pub mod usage;

use clap::{Parser, Subcommand};

/// sectoria — répartition des assistants de service social entre établissements scolaires.
#[derive(Debug, Parser)]
#[command(name = "sectoria", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Planifie le département de démonstration intégré et affiche la synthèse.
    Demo(demo::DemoArgs),
    /// Planifie une instance selon un scénario et écrit plan.json, allocation.csv, sectors.csv.
    Plan(plan::PlanArgs),
    /// Vérifie un plan indépendamment du solveur (contraintes et objectif recalculé).
    Check(check::CheckArgs),
    /// Fait d'un plan adopté les secteurs actuels de l'instance (current.csv), auxquels les prochains plans se comparent.
    Adopt(adopt::AdoptArgs),
    /// Compare deux plans établissement par établissement et assistant par assistant.
    Compare(compare::Args),
    /// Explique l'attribution d'un établissement (ou de tous) et le coût d'un changement.
    Explain(explain::Args),
    /// Trace la frontière largeur–profondeur (plans non dominés entre le plus d'établissements servis et l'optimum).
    Frontier(frontier::Args),
    /// Résout une grille de scénarios en parallèle (budgets, poids…) et écrit sweep.csv.
    Sweep(sweep::Args),
    /// Écrit les documents du comité (report.html, plan.geojson, plan.xlsx) à partir d'un plan.
    Report(report::ReportArgs),
    /// Calcule les distances et temps routiers (serveur OSRM) et écrit distances.csv.
    Distances(distances::Args),
    /// Construit une instance à partir des données ouvertes (annuaire, IPS, grille de densité).
    Import(import::ImportArgs),
    /// Construit et résout les instances de tous les départements (fichiers nationaux) en
    /// parallèle et écrit national.csv.
    National(national::Args),
    /// Lance l'application web locale (http://127.0.0.1:8080) sur un espace de travail.
    Serve(serve::Args),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(a) => demo::run(&a),
        Command::Plan(a) => plan::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Adopt(a) => adopt::run(&a),
        Command::Import(a) => import::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Frontier(a) => frontier::run(&a),
        Command::Sweep(a) => sweep::run(&a),
        Command::National(a) => national::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Distances(a) => distances::run(&a),
    }
}
