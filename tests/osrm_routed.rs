//! `sectoria distances` against a real OSRM (`osrm-routed`) on the demo's road network
//! (`data/demo/roads.osm`). The OSRM tools come from PyPI's `osrm-bindings`, installed by
//! `scripts/deps-osrm.sh`; the test skips with a message only when that install fails. The
//! server listens on 127.0.0.1 on a free port and is stopped by its process id.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The osrm package directory, installing it if needed; `None` (with a message) if impossible.
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

/// Stops the server by its process id when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run_tool(dir: &Path, tool: &Path, args: &[&str]) {
    let out = Command::new(tool).args(args).current_dir(dir).output().expect("run an OSRM tool");
    assert!(out.status.success(), "{} failed: {}", tool.display(), String::from_utf8_lossy(&out.stderr));
}

fn start_server(osrm: &Path, dir: &Path) -> (Server, String) {
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
    (server, format!("127.0.0.1:{port}"))
}

/// A raw GET on loopback (the route service, to see the path taken).
fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect to osrm-routed");
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send request");
    let mut body = String::new();
    s.read_to_string(&mut body).expect("read answer");
    body
}

/// (uai, commune, lat, lon) of the demo's establishments.
fn establishments(dir: &Path) -> Vec<(String, String, f64, f64)> {
    let text = std::fs::read_to_string(dir.join("establishments.csv")).expect("establishments.csv");
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(';').collect();
            (c[0].to_string(), c[4].to_string(), c[5].parse().expect("lat"), c[6].parse().expect("lon"))
        })
        .collect()
}

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// Side of the Monts d'Ardelle ridge (its segment in `crates/sectoria-demo/src/roads.rs`).
fn north_of_ridge(lat: f64, lon: f64) -> bool {
    let (a, b) = ((45.48, 1.95), (45.66, 2.40));
    (b.1 - a.1) * (lat - a.0) - (b.0 - a.0) * (lon - a.1) > 0.0
}

#[test]
fn distances_from_a_real_osrm_on_the_demo_network() {
    let Some(osrm) = osrm_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml", "roads.osm"] {
        std::fs::copy(root().join("data/demo").join(f), dir.path().join(f)).unwrap();
    }
    let profile = osrm.join("share/profiles/car.lua");
    run_tool(
        dir.path(),
        &osrm.join("bin/osrm-extract"),
        &["--small-component-size", "5", "-p", profile.to_str().unwrap(), "roads.osm"],
    );
    run_tool(dir.path(), &osrm.join("bin/osrm-contract"), &["roads.osrm"]);
    let (server, addr) = start_server(&osrm, dir.path());

    let out = Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(["distances", "--instance"])
        .arg(dir.path())
        .args(["--osrm", &format!("http://{addr}"), "--max-table-size", "60"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    // Rochesauve is on an island: its collège has no route and keeps the estimate.
    assert!(stdout.contains("sans itinéraire") && stdout.contains("0990268D"), "{stdout}");

    let est = establishments(dir.path());
    let at = |uai: &str| est.iter().find(|e| e.0 == uai).map(|e| (e.2, e.3));
    let text = std::fs::read_to_string(dir.path().join("distances.csv")).unwrap();
    let mut lines = 0;
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(';').collect();
        let (km, minutes): (f64, f64) = (c[2].parse().unwrap(), c[3].parse().unwrap());
        assert!(minutes >= 0.0 && km >= 0.0 && (km > 0.0) == (minutes > 0.0), "{line}");
        assert_ne!(c[1], "0990268D", "no road leads to the island: {line}");
        if let (Some(a), Some(b)) = (at(c[0]), at(c[1])) {
            // A road is never shorter than the great circle (1 % for snapping).
            assert!(km >= 0.99 * haversine_km(a, b) - 0.2, "{line}");
        }
        lines += 1;
    }
    assert!(lines > 500, "{lines} pairs");

    // The committed demo matrix is this one (same network, same engine).
    let committed = std::fs::read_to_string(root().join("data/demo/distances.csv")).unwrap();
    assert_eq!(committed.lines().count(), text.lines().count(), "regenerate data/demo/distances.csv (README)");

    // Symmetry: every road is two-way, so A→B and B→A have the same length.
    let pick: Vec<&(String, String, f64, f64)> =
        est.iter().filter(|e| e.1 != "Rochesauve").step_by(13).take(6).collect();
    let coords: Vec<String> = pick.iter().map(|e| format!("{},{}", e.3, e.2)).collect();
    let body = get(&addr, &format!("/table/v1/driving/{}?annotations=distance", coords.join(";")));
    let json: serde_json::Value = serde_json::from_str(body.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    let d = &json["distances"];
    for i in 0..pick.len() {
        for j in 0..pick.len() {
            let (x, y) = (d[i][j].as_f64().unwrap(), d[j][i].as_f64().unwrap());
            assert!((x - y).abs() <= 0.01 * x.max(y) + 50.0, "{i}→{j} {x} m, {j}→{i} {y} m");
        }
    }

    // Across the ridge, the shortest road goes through the pass (45.57 N, 2.175 E).
    let north = est
        .iter()
        .filter(|e| north_of_ridge(e.2, e.3) && e.3 < 2.3)
        .min_by(|a, b| haversine_km((a.2, a.3), (45.57, 2.175)).total_cmp(&haversine_km((b.2, b.3), (45.57, 2.175))));
    let south = est
        .iter()
        .filter(|e| !north_of_ridge(e.2, e.3) && e.3 < 2.3)
        .min_by(|a, b| haversine_km((a.2, a.3), (45.57, 2.175)).total_cmp(&haversine_km((b.2, b.3), (45.57, 2.175))));
    let (north, south) = (north.unwrap(), south.unwrap());
    let body = get(
        &addr,
        &format!("/route/v1/driving/{},{};{},{}?overview=full&geometries=geojson", north.3, north.2, south.3, south.2),
    );
    let json: serde_json::Value = serde_json::from_str(body.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    let points = json["routes"][0]["geometry"]["coordinates"].as_array().unwrap();
    let through_pass =
        points.iter().any(|p| haversine_km((p[1].as_f64().unwrap(), p[0].as_f64().unwrap()), (45.57, 2.175)) < 0.1);
    assert!(through_pass, "{} → {}: {body}", north.0, south.0);
    drop(server);
}

// A server that does not cover the instance: OSRM snaps a point far from its road network to the
// nearest road it knows, however far, and answers 0 km between points snapped to the same node.
// Points snapped far are named and keep the estimate; a server for another region is refused
// and nothing is written.

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
    std::fs::copy(root().join("data/demo/roads.osm"), dir.path().join("roads.osm")).expect("copy roads.osm");
    let profile = osrm.join("share/profiles/car.lua");
    run_tool(
        dir.path(),
        &osrm.join("bin/osrm-extract"),
        &["--small-component-size", "5", "-p", profile.to_str().expect("utf-8 path"), "roads.osm"],
    );
    run_tool(dir.path(), &osrm.join("bin/osrm-contract"), &["roads.osrm"]);
    let (server, addr) = start_server(&osrm, dir.path());
    let url = format!("http://{addr}");

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
