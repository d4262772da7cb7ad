//! `sectoria distances` against a real OSRM (`osrm-routed`) that does not cover the instance:
//! OSRM snaps a point far from its road network to the nearest road it knows, however far, and
//! answers 0 km between points snapped to the same node. Points snapped far are named and keep
//! the estimate; a server for another region is refused and nothing is written.
//!
//! The server is built from the demo's road network (`data/demo/roads.osm`); the OSRM tools come
//! from PyPI's `osrm-bindings` (`scripts/deps-osrm.sh`); the test skips with a message when they
//! cannot be installed. The server listens on 127.0.0.1 and is stopped by its process id.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The osrm package directory, or `None` (with a message) when it cannot be installed.
fn osrm_dir() -> Option<PathBuf> {
    let out = Command::new("sh").arg(root().join("scripts/deps-osrm.sh")).stderr(Stdio::inherit()).output().ok()?;
    let dir = String::from_utf8_lossy(&out.stdout).lines().last().map(PathBuf::from);
    match dir {
        Some(d) if out.status.success() && d.join("bin/osrm-routed").exists() => Some(d),
        _ => {
            eprintln!(
                "SKIPPED: OSRM (PyPI osrm-bindings, Python >= 3.12) cannot be installed: see scripts/deps-osrm.sh"
            );
            None
        }
    }
}

/// Kills the server (by its process id) when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Builds the demo network in `dir` and serves it; returns the server and its URL.
fn demo_server(osrm: &Path, dir: &Path) -> (Server, String) {
    std::fs::copy(root().join("data/demo/roads.osm"), dir.join("roads.osm")).expect("copy roads.osm");
    let profile = osrm.join("share/profiles/car.lua");
    let steps: [(&str, Vec<&str>); 2] = [
        ("osrm-extract", vec!["--small-component-size", "5", "-p", profile.to_str().expect("utf-8 path"), "roads.osm"]),
        ("osrm-contract", vec!["roads.osrm"]),
    ];
    for (tool, args) in steps {
        let out = Command::new(osrm.join("bin").join(tool)).args(&args).current_dir(dir).output().expect("run OSRM");
        assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let child = Command::new(osrm.join("bin/osrm-routed"))
        .args(["--ip", "127.0.0.1", "--port", &port.to_string(), "roads.osrm"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start osrm-routed");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "osrm-routed did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, format!("http://127.0.0.1:{port}"))
}

/// A copy of the demo instance in `dir`, each establishment's latitude changed by `shift`.
fn shifted_demo(dir: &Path, shift: impl Fn(&str) -> f64) {
    std::fs::create_dir_all(dir).expect("instance folder");
    for f in ["workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(root().join("data/demo").join(f), dir.join(f)).expect("copy the demo");
    }
    let text = std::fs::read_to_string(root().join("data/demo/establishments.csv")).expect("establishments.csv");
    let mut lines: Vec<String> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut cells: Vec<String> = line.split(';').map(str::to_string).collect();
        if n > 0 {
            let lat: f64 = cells[5].parse().expect("lat");
            cells[5] = format!("{:.5}", lat + shift(&cells[0]));
        }
        lines.push(cells.join(";"));
    }
    std::fs::write(dir.join("establishments.csv"), lines.join("\n") + "\n").expect("write establishments.csv");
}

fn distances(instance: &Path, url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(["distances", "--instance"])
        .arg(instance)
        .args(["--osrm", url])
        .output()
        .expect("run sectoria distances")
}

#[test]
fn points_outside_the_servers_network_are_named_or_refused() {
    let Some(osrm) = osrm_dir() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, url) = demo_server(&osrm, dir.path());

    // Two establishments 0.25° (28 km) north of the network, which ends at 46.25° N.
    let moved = ["0990099V", "0990260V"];
    let partly = dir.path().join("partly");
    shifted_demo(&partly, |uai| if moved.contains(&uai) { 0.25 } else { 0.0 });
    let out = distances(&partly, &url);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("vérifiez que le serveur OSRM couvre le département"), "{stdout}");
    for uai in moved {
        assert!(stdout.contains(uai), "{uai} must be named: {stdout}");
    }
    let written = std::fs::read_to_string(partly.join("distances.csv")).expect("distances.csv");
    assert!(written.lines().count() > 500, "{stdout}");
    for uai in moved {
        assert!(!written.contains(uai), "{uai} was snapped far away: its pairs keep the estimate");
    }

    // The whole instance 3° (330 km) south: a server for another region.
    let elsewhere = dir.path().join("elsewhere");
    shifted_demo(&elsewhere, |_| -3.0);
    let out = distances(&elsewhere, &url);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("E189") && stderr.contains("vérifiez que le serveur OSRM couvre le département"),
        "{stderr}"
    );
    assert!(!stdout.contains("mesurés"), "{stdout}");
    assert!(!elsewhere.join("distances.csv").exists(), "nothing may be written from such a server");
    assert!(!elsewhere.join("distances.csv.partial").exists(), "nothing may be written from such a server");
    drop(server);
}
