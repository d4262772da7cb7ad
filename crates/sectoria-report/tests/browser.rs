//! Renders `report.html` of the demo plan in headless Chromium with the network disabled:
//! takes a screenshot (`<target>/report-screenshot.png`) and checks the rendered DOM — the
//! script ran without error and the SVG map has one marker per establishment.
//!
//! Skips with a message when `/usr/bin/chromium` is absent (Debian: `apt-get install -y chromium`).

use scraper::{Html, Selector};
use sectoria_core::Plan;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

/// What chromium printed: exit status, stdout, stderr.
struct Output {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs chromium headless on `url` with `extra` flags; kills it after 120 s. Its output goes
/// to files (a pipe left unread would block it once full).
fn chromium(profile: &Path, url: &str, extra: &[&str]) -> Output {
    std::fs::create_dir_all(profile).expect("profile dir");
    let (out_path, err_path) = (profile.join("stdout.txt"), profile.join("stderr.txt"));
    let file = |p: &Path| Stdio::from(std::fs::File::create(p).expect("log file"));
    let mut cmd = Command::new(CHROMIUM);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr",
        "--window-size=1400,2000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(url)
    .stdout(file(&out_path))
    .stderr(file(&err_path));
    let mut child = cmd.spawn().expect("chromium starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium status") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Output { success: status.success(), stdout: read(&out_path), stderr: read(&err_path) }
}

#[test]
fn report_renders_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("test ignoré : {CHROMIUM} absent (installer avec `apt-get install -y chromium`)");
        return;
    }
    let plan: Plan = serde_json::from_str(include_str!("fixtures/demo-plan.json")).expect("fixture");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-report");
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let html_path = tmp.join("report.html");
    let html = sectoria_report::html_report(&plan, None, None).expect("report");
    std::fs::write(&html_path, html).expect("write report");
    let url = format!("file://{}", html_path.display());

    // Screenshot.
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().expect("target dir").join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let out = chromium(&tmp.join("profile-shot"), &url, &[&format!("--screenshot={}", shot.display())]);
    assert!(out.success, "chromium failed: {}", out.stderr);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((width, height), (1400, 2000));
    assert!(png.len() > 50_000, "a non-trivial page ({} bytes)", png.len());
    eprintln!("capture d'écran : {}", shot.display());

    // Rendered DOM: the script ran, the map has one marker per establishment.
    let out = chromium(&tmp.join("profile-dom"), &url, &["--dump-dom", "--virtual-time-budget=3000"]);
    assert!(out.success, "chromium failed: {}", out.stderr);
    assert!(!out.stderr.contains("Uncaught"), "JavaScript error: {}", out.stderr);
    let dom = Html::parse_document(&out.stdout);
    let sel = |s: &str| Selector::parse(s).expect("selector");
    assert_eq!(dom.select(&sel("html[data-script=ok]")).count(), 1, "the inline script ran to its end");
    assert_eq!(dom.select(&sel("svg#carte .etab")).count(), plan.establishments.len());
    assert_eq!(dom.select(&sel("#table-etablissements tbody tr")).count(), plan.establishments.len());
}
