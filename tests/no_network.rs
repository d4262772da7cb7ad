//! No network (issue #6): the demo plans inside a network namespace with no interface but the
//! loopback (`unshare --net`, as root; `unshare --map-root-user --net` otherwise). Skipped, with
//! a message, where namespaces are not permitted. See docs/reliability.md: only
//! `sectoria distances` has an HTTP client (to the OSRM URL it is given); planning needs none.

use std::path::Path;
use std::process::{Command, Output};

/// The `unshare` arguments that work here, if any.
fn unshare_prefix() -> Option<Vec<&'static str>> {
    for prefix in [vec!["--net"], vec!["--map-root-user", "--net"]] {
        let ok = Command::new("unshare").args(&prefix).arg("true").output().is_ok_and(|o| o.status.success());
        if ok {
            return Some(prefix);
        }
    }
    None
}

fn isolated(prefix: &[&str], program: &str, args: &[&str]) -> Output {
    Command::new("unshare").args(prefix).arg(program).args(args).output().expect("run unshare")
}

#[test]
fn the_demo_plans_without_any_network() {
    let Some(prefix) = unshare_prefix() else {
        eprintln!("SKIPPED the_demo_plans_without_any_network: `unshare --net` is not permitted here");
        return;
    };
    // The namespace has the loopback interface only.
    let o = isolated(&prefix, "cat", &["/proc/net/dev"]);
    assert!(o.status.success());
    let interfaces: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next().map(|i| i.trim().to_string()))
        .collect();
    assert_eq!(interfaces, vec!["lo".to_string()], "the namespace must have no network interface");

    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("demo");
    let o = isolated(&prefix, env!("CARGO_BIN_EXE_sectoria"), &["demo", "--out", dir.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["plan.json", "report.html", "plan.xlsx", "plan.geojson"] {
        assert!(Path::new(&dir).join(f).exists(), "{f}");
    }
    // The report is self-contained: no script, style sheet or tile fetched from elsewhere.
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    for marker in ["src=\"http", "href=\"http", "url(http", "fetch("] {
        assert!(!html.contains(marker), "report.html refers to the network: {marker}");
    }
}
