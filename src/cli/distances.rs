//! `sectoria distances`: road distances and times from an OSRM server into `distances.csv`.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use sectoria_routing::{OsrmClient, OsrmConfig};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Arguments of `sectoria distances`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier de l'instance (establishments.csv, workers.csv…).
    #[arg(long)]
    instance: PathBuf,
    /// Adresse du serveur OSRM (par exemple http://127.0.0.1:5000). Aucune autre adresse n'est contactée.
    #[arg(long)]
    osrm: String,
    /// Fichier de scénario (portée, distance maximale) ; par défaut scenario.toml du dossier s'il existe.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Profil OSRM de l'adresse (driving pour osrm-routed).
    #[arg(long, default_value = "driving")]
    profile: String,
    /// Fichier écrit ; par défaut distances.csv dans le dossier de l'instance.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Nombre maximal de points par requête (--max-table-size du serveur, 100 par défaut).
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_table_size: usize,
    /// Délai maximal d'une requête, en secondes.
    #[arg(long, value_name = "S", default_value_t = 60)]
    timeout: u64,
    /// Nouveaux essais après un échec passager (délai, coupure, erreur 5xx).
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,
}

/// Builds the matrix and prints what was done.
pub fn run(a: &Args) -> Result<()> {
    let start = Instant::now();
    let instance = sectoria::load_instance(&a.instance)?;
    let scenario = match &a.scenario {
        Some(path) => sectoria::read_scenario(path)?,
        None if a.instance.join("scenario.toml").exists() => {
            sectoria::read_scenario(&a.instance.join("scenario.toml"))?
        }
        None => sectoria_core::Scenario::default(),
    };
    let problem = sectoria_core::Problem::new(&instance, &scenario).map_err(sectoria::Error::from)?;
    let set = sectoria_routing::wanted_pairs(&problem);
    let out = a.out.clone().unwrap_or_else(|| a.instance.join("distances.csv"));
    let mut config = OsrmConfig::new(&a.osrm);
    config.profile = a.profile.clone();
    config.max_table_size = a.max_table_size.max(2);
    config.timeout = Duration::from_secs(a.timeout.max(1));
    config.retries = a.retries;
    let mut client = OsrmClient::new(config)?;
    let bar = if std::io::stderr().is_terminal() { ProgressBar::new(0) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} requêtes ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = sectoria_routing::run(&mut client, &set, &out, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let report = report?;
    println!(
        "{} : {} couples ({} origines, {} établissements), {} déjà mesurés, {} mesurés en {} requêtes ({} envois HTTP), {:.1} s.",
        out.display(),
        report.pairs,
        set.origins.len(),
        set.destinations.len(),
        report.reused,
        report.measured,
        report.requests,
        report.http_requests,
        start.elapsed().as_secs_f64()
    );
    if !report.unrouted.is_empty() {
        println!(
            "{} couple(s) sans itinéraire dans le réseau routier gardent la distance estimée (vol d'oiseau × {}) :",
            report.unrouted.len(),
            scenario.travel.detour_factor.to_string().replace('.', ",")
        );
        for (from, to) in report.unrouted.iter().take(20) {
            println!("  - {from} → {to}");
        }
        if report.unrouted.len() > 20 {
            let more = report.unrouted.len() - 20;
            println!("  … et {more} autre{}", if more >= 2 { "s" } else { "" });
        }
    }
    Ok(())
}
