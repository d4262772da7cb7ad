//! The client against a small fake OSRM server on 127.0.0.1: every bad answer becomes a French
//! error or a counted fallback, never a panic, and `distances.csv` is never half written.

use sectoria_core::LatLon;
use sectoria_routing::{partial_path, read_measurements, run, OsrmClient, OsrmConfig, PairSet, Place, RunError};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the fake server does with one request.
#[derive(Clone)]
enum Reply {
    /// Answer with this status and body.
    Send(u16, String),
    /// Read the request and say nothing for this long.
    Hang(Duration),
    /// Read the request and close the connection without an answer.
    Close,
}

/// A fake server answering its replies in order (the last one repeated); returns its URL and
/// the paths it received.
fn fake_server(replies: Vec<Reply>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { return };
            let reply = replies[n.min(replies.len() - 1)].clone();
            let log = Arc::clone(&log);
            // One thread per connection: a hanging reply does not block the next attempt.
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                let text = String::from_utf8_lossy(&head).to_string();
                log.lock().expect("log lock").push(text.split_whitespace().nth(1).unwrap_or_default().to_string());
                match reply {
                    Reply::Send(status, body) => {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                    }
                    Reply::Hang(d) => std::thread::sleep(d),
                    Reply::Close => drop(stream),
                }
            });
        }
    });
    (url, seen)
}

fn client(url: &str, retries: u32) -> OsrmClient {
    let mut config = OsrmConfig::new(url);
    config.timeout = Duration::from_secs(1);
    config.retries = retries;
    config.backoff = Duration::from_millis(10);
    OsrmClient::new(config).expect("client")
}

const OK_1X2: &str = r#"{"code":"Ok","distances":[[1000,2500]],"durations":[[60,120]]}"#;

fn one_by_two(url: &str, retries: u32) -> Result<sectoria_routing::Table, sectoria_routing::RoutingError> {
    let a = LatLon::new(45.8, 2.6);
    client(url, retries).table(&[a], &[LatLon::new(45.9, 2.7), LatLon::new(45.7, 2.5)])
}

#[test]
fn a_good_answer_and_the_url_osrm_expects() {
    let (url, seen) = fake_server(vec![Reply::Send(200, OK_1X2.into())]);
    let t = one_by_two(&url, 0).unwrap();
    assert_eq!(t.cell(0, 1), Some((2.5, 2.0)));
    let path = seen.lock().unwrap()[0].clone();
    assert_eq!(
        path,
        "/table/v1/driving/2.600000,45.800000;2.700000,45.900000;2.500000,45.700000\
         ?sources=0&destinations=1;2&annotations=distance,duration"
    );
}

#[test]
fn a_transient_failure_is_retried() {
    let (url, seen) = fake_server(vec![Reply::Send(503, "busy".into()), Reply::Send(200, OK_1X2.into())]);
    assert!(one_by_two(&url, 2).is_ok());
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn a_server_error_that_persists_is_reported_after_the_retries() {
    let (url, seen) = fake_server(vec![Reply::Send(500, "boom".into())]);
    let e = one_by_two(&url, 2).unwrap_err().to_string();
    assert!(e.starts_with("E184") && e.contains("HTTP 500") && e.contains("boom"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn a_not_found_is_not_retried() {
    let (url, seen) = fake_server(vec![Reply::Send(404, "nothing here".into())]);
    let e = one_by_two(&url, 3).unwrap_err().to_string();
    assert!(e.starts_with("E184") && e.contains("--osrm"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn a_body_that_is_not_json() {
    let (url, _) = fake_server(vec![Reply::Send(200, "<html>proxy</html>".into())]);
    let e = one_by_two(&url, 0).unwrap_err().to_string();
    assert!(e.starts_with("E185") && e.contains("<html>proxy"), "{e}");
}

#[test]
fn a_matrix_of_the_wrong_shape() {
    let body = r#"{"code":"Ok","distances":[[1000]],"durations":[[60]]}"#;
    let (url, _) = fake_server(vec![Reply::Send(200, body.into())]);
    let e = one_by_two(&url, 0).unwrap_err().to_string();
    assert!(e.starts_with("E187") && e.contains("1 colonnes pour 2"), "{e}");
}

#[test]
fn a_code_other_than_ok() {
    let body = r#"{"code":"TooBig","message":"Too many table coordinates"}"#;
    let (url, _) = fake_server(vec![Reply::Send(400, body.into())]);
    let e = one_by_two(&url, 3).unwrap_err().to_string();
    assert!(e.starts_with("E186") && e.contains("TooBig") && e.contains("--max-table-size"), "{e}");
    let body = r#"{"code":"NoSegment","message":"Could not find a matching segment"}"#;
    let (url, _) = fake_server(vec![Reply::Send(200, body.into())]);
    assert!(one_by_two(&url, 0).unwrap_err().to_string().contains("NoSegment"));
}

#[test]
fn a_server_that_hangs_times_out() {
    let (url, seen) = fake_server(vec![Reply::Hang(Duration::from_secs(5))]);
    let e = one_by_two(&url, 1).unwrap_err().to_string();
    assert!(e.starts_with("E182") && e.contains("2 essais"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn a_connection_closed_without_answer_is_retried_then_reported() {
    let (url, seen) = fake_server(vec![Reply::Close]);
    let e = one_by_two(&url, 1).unwrap_err().to_string();
    assert!(e.starts_with("E183") && e.contains("2 essais"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn no_server_says_what_to_run() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = one_by_two(&format!("http://127.0.0.1:{port}"), 1).unwrap_err().to_string();
    assert!(e.starts_with("E181") && e.contains("osrm-routed"), "{e}");
    assert!(OsrmClient::new(OsrmConfig::new("127.0.0.1:5000")).unwrap_err().to_string().starts_with("E180"));
    // A whole run against no server: nothing measured, so nothing is said to be kept.
    let dir = tempfile::tempdir().unwrap();
    let mut c = client(&format!("http://127.0.0.1:{port}"), 0);
    let e = run(&mut c, &two_origins(), &dir.path().join("distances.csv"), |_, _| {}).unwrap_err().to_string();
    assert_eq!(e.matches("E181").count(), 1, "{e}");
    assert!(
        e.ends_with("Aucun couple n'a encore été mesuré : relancez la même commande une fois le serveur en état."),
        "{e}"
    );
}

fn two_origins() -> PairSet {
    let place = |id: &str, lat: f64| Place { id: id.into(), at: LatLon::new(lat, 2.6) };
    PairSet {
        origins: vec![place("ASS01", 45.8), place("ASS02", 45.9)],
        destinations: vec![place("0990001A", 45.7), place("0990002B", 45.6)],
        pairs: vec![(0, 0), (0, 1), (1, 0), (1, 1)],
    }
}

#[test]
fn a_failed_run_leaves_no_half_written_file_and_a_rerun_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    // Requests of 3 locations: one origin and two destinations each.
    let first = r#"{"code":"Ok","distances":[[12000,null]],"durations":[[60,null]]}"#;
    let (url, _) = fake_server(vec![Reply::Send(200, first.into()), Reply::Send(200, "not json".into())]);
    let mut c = client(&url, 0);
    let mut config = c.config().clone();
    config.max_table_size = 3;
    c = OsrmClient::new(config.clone()).unwrap();
    let err = run(&mut c, &two_origins(), &out, |_, _| {}).unwrap_err();
    assert!(matches!(err, RunError::Server { kept: 1, .. }), "{err}");
    assert!(err.to_string().contains("1 couple déjà mesuré est conservé dans"), "{err}");
    assert!(err.to_string().contains("relancez la même commande pour reprendre"));
    // The server's error is in the message once: not also given as a source, which a chain of
    // errors (`anyhow`'s « {:#} ») would print a second time.
    assert!(std::error::Error::source(&err).is_none());
    assert!(!out.exists(), "distances.csv must not be written by a failed run");
    assert_eq!(read_measurements(&partial_path(&out)).unwrap().len(), 1);

    // The rerun asks only for what is missing: the unrouted pair and the second origin (one
    // request of 2 × 2 within 4 locations; the pair already known is not taken from it).
    let good = r#"{"code":"Ok","distances":[[9000,25000],[24000,36000]],"durations":[[900,150],[90,150]]}"#;
    let (url, seen) = fake_server(vec![Reply::Send(200, good.into())]);
    config.url = url;
    config.max_table_size = 4;
    let mut c = OsrmClient::new(config).expect("client");
    let report = run(&mut c, &two_origins(), &out, |_, _| {}).unwrap();
    assert_eq!((report.pairs, report.reused, report.measured), (4, 1, 3));
    assert_eq!(report.requests, seen.lock().unwrap().len());
    assert!(!partial_path(&out).exists());
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text,
        "from;to;km;minutes\nASS01;0990001A;12.000;1.00\nASS01;0990002B;25.000;2.50\n\
         ASS02;0990001A;24.000;1.50\nASS02;0990002B;36.000;2.50\n"
    );
}

#[test]
fn unrouted_pairs_are_counted_and_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    let body = r#"{"code":"Ok","distances":[[12000,null],[null,36000]],"durations":[[60,null],[null,120]]}"#;
    let (url, _) = fake_server(vec![Reply::Send(200, body.into())]);
    let mut c = client(&url, 0);
    let report = run(&mut c, &two_origins(), &out, |_, _| {}).unwrap();
    assert_eq!(report.requests, 1);
    assert_eq!(
        report.unrouted,
        vec![("ASS01".to_string(), "0990002B".to_string()), ("ASS02".to_string(), "0990001A".to_string())]
    );
    assert_eq!(read_measurements(&out).unwrap().len(), 2);
}

/// A waypoint list (`sources` or `destinations`) whose points are `metres` from the road.
fn waypoints(metres: &[f64]) -> String {
    let items: Vec<String> =
        metres.iter().map(|m| format!(r#"{{"hint":"x","location":[2.6,45.8],"name":"","distance":{m}}}"#)).collect();
    format!("[{}]", items.join(","))
}

/// The 2 × 2 answer for [`two_origins`] (great circles: 11.1, 22.2, 22.2 and 33.4 km) with
/// the snap distances given, metres.
fn two_by_two(distances: &str, sources: &[f64], destinations: &[f64]) -> String {
    format!(
        r#"{{"code":"Ok","distances":{distances},"durations":[[600,1200],[1200,1800]],"sources":{},"destinations":{}}}"#,
        waypoints(sources),
        waypoints(destinations)
    )
}

const ROADS_2X2: &str = "[[12000,24000],[24000,36000]]";

#[test]
fn a_point_snapped_far_from_its_coordinates_keeps_the_estimate_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    // 0990002B is 8.5 km from the nearest road the server knows: its pairs are not measured.
    let body = two_by_two(ROADS_2X2, &[12.0, 40.0], &[300.0, 8500.0]);
    let (url, _) = fake_server(vec![Reply::Send(200, body)]);
    let report = run(&mut client(&url, 0), &two_origins(), &out, |_, _| {}).unwrap();
    assert_eq!(report.measured, 2);
    assert_eq!(report.off_road_pairs, 2);
    assert_eq!(report.off_road.len(), 1, "{:?}", report.off_road);
    let far = &report.off_road[0];
    assert_eq!((far.id.as_str(), far.pairs), ("0990002B", 2));
    assert!((far.snap_km - 8.5).abs() < 1e-9);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("0990002B"), "{text}");
    assert_eq!(read_measurements(&out).unwrap().len(), 2);
}

#[test]
fn a_server_for_another_region_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    // Every point snapped to the same node 300 km away: 0 km everywhere.
    let far = [300_000.0, 301_000.0];
    let body = two_by_two("[[0,0],[0,0]]", &far, &far);
    let (url, _) = fake_server(vec![Reply::Send(200, body)]);
    let err = run(&mut client(&url, 0), &two_origins(), &out, |_, _| {}).unwrap_err();
    let e = err.to_string();
    assert!(e.starts_with("E189"), "{e}");
    assert!(e.contains("4 points sur 4") && e.contains("ASS01") && e.contains("0990002B"), "{e}");
    assert!(e.contains("301,0 km") && e.contains("vérifiez que le serveur OSRM couvre le département"), "{e}");
    assert!(!out.exists(), "nothing may be written from such a server");
    assert!(!partial_path(&out).exists(), "nothing may be written from such a server");
}

#[test]
fn zero_distances_from_a_server_without_waypoints_are_refused() {
    // An OSRM older than 5.20 gives no snap distance: the roads shorter than the straight
    // line (here 0 km everywhere) betray it.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    let body = r#"{"code":"Ok","distances":[[0,0],[0,0]],"durations":[[0,0],[0,0]]}"#;
    let (url, _) = fake_server(vec![Reply::Send(200, body.into())]);
    let e = run(&mut client(&url, 0), &two_origins(), &out, |_, _| {}).unwrap_err().to_string();
    assert!(e.starts_with("E189") && e.contains("plus courts par la route qu'à vol d'oiseau"), "{e}");
    assert!(!out.exists() && !partial_path(&out).exists());
}

#[test]
fn a_road_shorter_than_the_straight_line_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    // ASS01 → 0990002B: 5 km by road for 22.2 km as the crow flies.
    let body = two_by_two("[[12000,5000],[24000,36000]]", &[10.0, 10.0], &[10.0, 10.0]);
    let (url, _) = fake_server(vec![Reply::Send(200, body)]);
    let report = run(&mut client(&url, 0), &two_origins(), &out, |_, _| {}).unwrap();
    assert_eq!(report.measured, 3);
    assert_eq!(report.implausible.len(), 1);
    let bad = &report.implausible[0];
    assert_eq!((bad.from.as_str(), bad.to.as_str()), ("ASS01", "0990002B"));
    assert!((bad.km - 5.0).abs() < 1e-9 && (bad.straight_km - 22.2).abs() < 0.1, "{bad:?}");
    assert!(!std::fs::read_to_string(&out).unwrap().contains("ASS01;0990002B"));
}

#[test]
fn impossible_pairs_already_in_the_file_are_measured_again() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    // A matrix written from a server for another region: 0 km.
    std::fs::write(&out, "from;to;km;minutes\nASS01;0990001A;0.000;0.00\nASS01;0990002B;24.000;20.00\n").unwrap();
    let body = two_by_two(ROADS_2X2, &[10.0, 10.0], &[10.0, 10.0]);
    let (url, _) = fake_server(vec![Reply::Send(200, body)]);
    let report = run(&mut client(&url, 0), &two_origins(), &out, |_, _| {}).unwrap();
    assert_eq!((report.reused, report.remeasured, report.measured), (1, 1, 3));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("ASS01;0990001A;12.000;10.00"), "{text}");
}

#[test]
fn no_server_with_a_previous_matrix_says_it_is_untouched() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("distances.csv");
    std::fs::write(&out, "from;to;km;minutes\nASS01;0990001A;12.000;10.00\n").unwrap();
    let mut c = client(&format!("http://127.0.0.1:{port}"), 0);
    let e = run(&mut c, &two_origins(), &out, |_, _| {}).unwrap_err().to_string();
    assert!(e.starts_with("E181"), "{e}");
    // French first; the system's own words at most as a technical detail at the end.
    assert!(e.contains("connexion refusée : aucun serveur n'écoute à cette adresse"), "{e}");
    let main = e.split("Détail technique").next().unwrap();
    assert!(!main.contains("os error") && !main.contains("Connection refused"), "{e}");
    assert!(!e.contains(".partial"), "no progress file was written: {e}");
    assert!(e.contains("Aucun nouveau couple n'a été mesuré") && e.contains("n'a pas été modifié"), "{e}");
    assert!(!partial_path(&out).exists());
}
