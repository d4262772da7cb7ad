//! `sectoria serve [--workspace DIR] [--port N] [--bind ADDR --token T]`.

use anyhow::{bail, Context, Result};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

/// Arguments of `sectoria serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Espace de travail : un dossier par instance (CSV, scénarios, planifications). Créé s'il
    /// manque ; vide, il reçoit le département de démonstration (dossier « demo »).
    #[arg(long, default_value = "espace-sectoria")]
    workspace: PathBuf,
    /// Port d'écoute (0 = un port libre).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Adresse d'écoute ; autre que 127.0.0.1, elle exige un jeton (--token ou généré).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Jeton d'accès exigé à chaque requête (conseillé avec --bind ; généré si absent).
    #[arg(long)]
    token: Option<String>,
}

/// Writes the embedded demo into `workspace/demo` when the workspace holds no instance.
fn seed_demo(workspace: &Path) -> Result<()> {
    let has_instance = std::fs::read_dir(workspace)?.flatten().any(|e| e.path().join("establishments.csv").is_file());
    if has_instance {
        return Ok(());
    }
    let files = [
        ("establishments.csv", sectoria::demo::ESTABLISHMENTS_CSV),
        ("workers.csv", sectoria::demo::WORKERS_CSV),
        ("current.csv", sectoria::demo::CURRENT_CSV),
        ("scenario.toml", sectoria::demo::SCENARIO_TOML),
        ("distances.csv", sectoria::demo::DISTANCES_CSV),
    ];
    sectoria::outputs::write_outputs(&workspace.join("demo"), &files, false)?;
    Ok(())
}

/// Starts the server and prints its address.
pub fn run(a: &Args) -> Result<()> {
    std::fs::create_dir_all(&a.workspace)
        .with_context(|| format!("impossible de créer l'espace de travail {}", a.workspace.display()))?;
    seed_demo(&a.workspace)?;
    let loopback = a.bind.is_loopback();
    let token = match (&a.token, loopback) {
        (Some(t), _) if t.len() < 16 => bail!("le jeton donné par --token est trop court : 16 caractères au moins"),
        (Some(t), _) => Some(t.clone()),
        (None, true) => None,
        (None, false) => Some(sectoria_web::new_token()),
    };
    let extra_host = (!loopback).then(|| match a.bind {
        IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    });
    let config = sectoria_web::Config { workspace: a.workspace.clone(), token: token.clone(), extra_host };
    let state = match sectoria_web::AppState::new(config, sectoria_web::cli_planner()) {
        Ok(state) => state,
        // Another server holds the workspace: its message says which and what to do.
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => bail!("{e}"),
        Err(e) => return Err(e).with_context(|| format!("espace de travail illisible : {}", a.workspace.display())),
    };
    let addr = SocketAddr::new(a.bind, a.port);
    let workspace = a.workspace.display().to_string();
    sectoria_web::serve_blocking(state, addr, |bound| {
        let host = if bound.ip() == IpAddr::V4(Ipv4Addr::LOCALHOST) {
            "127.0.0.1".to_string()
        } else {
            bound.ip().to_string()
        };
        let query = token.as_deref().map(|t| format!("/?token={t}")).unwrap_or_else(|| "/".into());
        println!("sectoria serve : espace de travail {workspace}");
        println!("Ouvrez http://{host}:{}{query} dans votre navigateur (Ctrl+C pour arrêter).", bound.port());
    })
    .with_context(|| format!("impossible d'écouter sur {addr} : port déjà pris ? essayez --port 0"))
}
