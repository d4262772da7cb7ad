//! `sectoria distances`: road distances and times from an OSRM server into `distances.csv`.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use sectoria_core::french::counted;
use sectoria_routing::{OsrmClient, OsrmConfig, PairSet, RunReport};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
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
    let max_snap_km = config.max_snap_km;
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
    print_report(&report, &set, &out, start.elapsed(), scenario.travel.detour_factor, max_snap_km);
    Ok(())
}

/// `x` with `decimals` decimals and a decimal comma.
fn comma(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

/// « s » from two on (French puts 0 and 1 in the singular).
fn s(n: usize) -> &'static str {
    if n >= 2 {
        "s"
    } else {
        ""
    }
}

/// The first 20 lines of `items`, then how many more.
fn list<T>(items: &[T], line: impl Fn(&T) -> String) {
    for item in items.iter().take(20) {
        println!("  - {}", line(item));
    }
    if items.len() > 20 {
        let more = items.len() - 20;
        println!("  … et {more} autre{}", s(more));
    }
}

/// What the run did, in French.
fn print_report(
    report: &RunReport,
    set: &PairSet,
    out: &Path,
    elapsed: Duration,
    detour_factor: f64,
    max_snap_km: f64,
) {
    let n = |x: usize, noun: &str| counted(x as u64, noun);
    println!(
        "{} : {} ({}, {}), {} déjà mesuré{}, {} mesuré{} en {} ({} HTTP), {} s.",
        out.display(),
        n(report.pairs, "couple"),
        n(set.origins.len(), "origine"),
        n(set.destinations.len(), "établissement"),
        report.reused,
        s(report.reused),
        report.measured,
        s(report.measured),
        n(report.requests, "requête"),
        n(report.http_requests as usize, "envoi"),
        comma(elapsed.as_secs_f64(), 1),
    );
    let estimate = format!("la distance estimée (vol d'oiseau × {})", detour_factor.to_string().replace('.', ","));
    let keep = |k: usize| if k >= 2 { "gardent" } else { "garde" };
    if report.remeasured > 0 {
        let r = report.remeasured;
        println!(
            "{} déjà connu{r_s} étai{} plus court{r_s} par la route qu'à vol d'oiseau (calculé{r_s} sur un réseau routier qui ne couvrait pas ces points) : mesuré{r_s} à nouveau.",
            n(r, "couple"),
            if r >= 2 { "ent" } else { "t" },
            r_s = s(r),
        );
    }
    if !report.off_road.is_empty() {
        let k = report.off_road.len();
        println!(
            "{} à plus de {} km de toute route du serveur OSRM : {} {} {estimate}. Vérifiez leurs coordonnées (establishments.csv, workers.csv), et vérifiez que le serveur OSRM couvre le département :",
            n(k, "point"),
            max_snap_km.to_string().replace('.', ","),
            n(report.off_road_pairs, "couple"),
            keep(report.off_road_pairs),
        );
        list(&report.off_road, |p| {
            format!("{} : {} km de la route la plus proche ({})", p.id, comma(p.snap_km, 1), n(p.pairs, "couple"))
        });
    }
    if !report.implausible.is_empty() {
        let k = report.implausible.len();
        println!(
            "{} plus court{} par la route qu'à vol d'oiseau, ce qui est impossible, {} {estimate} ; vérifiez que le serveur OSRM couvre le département :",
            n(k, "couple"),
            s(k),
            keep(k),
        );
        list(&report.implausible, |p| {
            format!(
                "{} → {} : {} km par la route, {} km à vol d'oiseau",
                p.from,
                p.to,
                comma(p.km, 1),
                comma(p.straight_km, 1)
            )
        });
    }
    if !report.unrouted.is_empty() {
        let k = report.unrouted.len();
        println!("{} sans itinéraire dans le réseau routier {} {estimate} :", n(k, "couple"), keep(k));
        list(&report.unrouted, |(from, to)| format!("{from} → {to}"));
    }
}
