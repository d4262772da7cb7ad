//! Determinism across thread counts (issue #6): the demo planned with `solver.threads = 1` and
//! with `threads = 2` gives the same outputs. Two differences are expected, and only these:
//! the thread count itself, which the plan records with its scenario (`plan.json`, the
//! parameters of `report.html` and of `plan.xlsx`), and the SHA-256 of the scenario file, which
//! differs by that one line. `manifest.json` (wall time, command line) is left out.
//! See docs/reliability.md.

use calamine::{Data, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sectoria(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sectoria")).args(args).output().expect("run sectoria")
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Plans the demo with `threads`, the demo's scenario otherwise (its 0.1 % gap stops the
/// solver: the time limit is never what ends these runs). Returns the output folder and the
/// scenario file's hash.
fn plan_with_threads(root: &Path, threads: u32) -> (PathBuf, String) {
    let dir = root.join(format!("threads-{threads}"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let demo = std::fs::read_to_string(demo_dir().join("scenario.toml")).expect("scenario");
    assert!(demo.contains("\nthreads = 1\n"), "the demo scenario sets threads = 1");
    let text = demo.replace("\nthreads = 1\n", &format!("\nthreads = {threads}\n"));
    // Same file name in both runs: plan.json records inputs by file name.
    let scenario = dir.join("scenario.toml");
    std::fs::write(&scenario, &text).expect("write scenario");
    let out = dir.join("out");
    let o = sectoria(&["plan", "--instance", s(&demo_dir()), "--scenario", s(&scenario), "--out", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).expect("plan.json")).expect("json");
    assert_eq!(plan["scenario"]["solver"]["threads"], threads);
    let status = plan["solver"]["status"].as_str().expect("status").to_string();
    assert!(status == "optimal" || status == "gap_reached", "{status}: the gap must end the run");
    let hash = plan["inputs"]["scenario.toml"].as_str().expect("scenario hash").to_string();
    (out, hash)
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn replaced(bytes: &[u8], pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut text = String::from_utf8(bytes.to_vec()).expect("utf-8 output");
    for (from, to) in pairs {
        text = text.replace(from, to);
    }
    text.into_bytes()
}

fn zip_members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
    (0..zip.len())
        .map(|n| {
            let mut f = zip.by_index(n).expect("member");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("inflate");
            (f.name().expect("member name").to_string(), data)
        })
        .collect()
}

fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Float(x) => format!("{x:?}"),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn one_thread_and_two_threads_give_the_same_outputs_but_for_the_thread_count() {
    let root = tempfile::tempdir().expect("tempdir");
    let (one, hash1) = plan_with_threads(root.path(), 1);
    let (two, hash2) = plan_with_threads(root.path(), 2);
    assert_ne!(hash1, hash2);

    // Nothing in these depends on the thread count or on the scenario file.
    for f in ["allocation.csv", "sectors.csv", "summary.txt", "plan.geojson"] {
        assert!(read(&one, f) == read(&two, f), "{f} differs between 1 and 2 threads");
    }

    // plan.json: the same bytes once the thread count and the scenario's hash are aligned.
    let json2 = replaced(&read(&two, "plan.json"), &[(&hash2, &hash1), ("\"threads\": 2,", "\"threads\": 1,")]);
    assert!(read(&one, "plan.json") == json2, "plan.json differs beyond threads and the scenario's hash");

    // report.html: likewise (the parameters table and the inputs table).
    let html2 = replaced(
        &read(&two, "report.html"),
        &[
            (&hash2, &hash1),
            ("<code>solver.threads</code></td><td>2</td>", "<code>solver.threads</code></td><td>1</td>"),
        ],
    );
    let html1 = read(&one, "report.html");
    assert!(
        String::from_utf8_lossy(&html1).contains("<code>solver.threads</code></td><td>1</td>"),
        "the thread count is shown as expected"
    );
    assert!(html1 == html2, "report.html differs beyond threads and the scenario's hash");

    // plan.xlsx: every cell of every sheet the same but those two; the members that hold no
    // string table or parameters byte for byte the same (no time stamp in the workbook).
    let (x1, x2) = (read(&one, "plan.xlsx"), read(&two, "plan.xlsx"));
    let (s1, mut s2) = (sheets(&x1), sheets(&x2));
    for (name, rows) in &mut s2 {
        if name == "Paramètres" {
            for row in rows.iter_mut() {
                for cell in row.iter_mut() {
                    if *cell == hash2 {
                        *cell = hash1.clone();
                    }
                }
                if row.first().is_some_and(|k| k.ends_with("solver.threads")) {
                    // A number in the workbook (read back as « 2 » or « 2.0 »).
                    assert_eq!(row.get(1).and_then(|v| v.parse::<f64>().ok()), Some(2.0), "{row:?}");
                    let ones = &s1.iter().find(|(n, _)| n == name).expect("the same sheet").1;
                    row[1] = ones.iter().find(|r| r.first() == row.first()).expect("the same row")[1].clone();
                }
            }
        }
    }
    assert_eq!(s1.len(), s2.len());
    for ((n1, r1), (n2, r2)) in s1.iter().zip(&s2) {
        assert_eq!(n1, n2);
        assert_eq!(r1.len(), r2.len(), "sheet {n1}: row count");
        for (a, b) in r1.iter().zip(r2) {
            assert_eq!(a, b, "sheet {n1}: a row differs beyond threads and the scenario's hash");
        }
    }
    let (m1, m2) = (zip_members(&x1), zip_members(&x2));
    assert_eq!(m1.len(), m2.len());
    for ((n1, d1), (n2, d2)) in m1.iter().zip(&m2) {
        assert_eq!(n1, n2);
        if n1 != "xl/sharedStrings.xml" && n1 != "xl/worksheets/sheet4.xml" {
            assert!(d1 == d2, "{n1} differs inside plan.xlsx");
        }
    }
}

#[test]
fn the_same_run_twice_gives_byte_identical_files_including_the_workbook() {
    let root = tempfile::tempdir().expect("tempdir");
    let (a, _) = plan_with_threads(&root.path().join("a"), 2);
    // A second apart at least, so that a time stamp would show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (b, _) = plan_with_threads(&root.path().join("b"), 2);
    for f in ["plan.json", "allocation.csv", "sectors.csv", "summary.txt", "report.html", "plan.geojson", "plan.xlsx"] {
        assert!(read(&a, f) == read(&b, f), "{f} differs between two identical runs");
    }
}
