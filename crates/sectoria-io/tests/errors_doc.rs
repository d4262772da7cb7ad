//! `docs/errors.md` against the error catalogue: the doc lists exactly the codes of
//! [`CATALOGUE`], names no code that does not exist, and every code is asserted by at least one
//! test somewhere in the workspace (the precise per-code samples are in `readers.rs`).

use sectoria_io::CATALOGUE;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `E` followed by exactly three digits, as a whole word.
fn codes_in(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (0..bytes.len())
        .filter(|&i| {
            bytes[i] == b'E'
                && bytes.get(i + 1..i + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                && (i == 0 || !is_word(bytes[i - 1]))
                && bytes.get(i + 4).is_none_or(|&b| !is_word(b))
        })
        .map(|i| text[i..i + 4].to_string())
        .collect()
}

fn catalogue() -> BTreeSet<String> {
    CATALOGUE.iter().map(|(c, _)| (*c).to_string()).collect()
}

#[test]
fn the_doc_lists_exactly_the_catalogue() {
    let doc = read(&root().join("docs/errors.md"));
    let rows: Vec<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|c| codes_in(c).len() == 1 && c.len() == 4)
        .map(str::to_string)
        .collect();
    let listed: BTreeSet<String> = rows.iter().cloned().collect();
    assert_eq!(listed.len(), rows.len(), "a code has two rows in docs/errors.md: {rows:?}");
    let catalogue = catalogue();
    let undocumented: Vec<&String> = catalogue.difference(&listed).collect();
    assert!(undocumented.is_empty(), "codes of CATALOGUE without a row in docs/errors.md: {undocumented:?}");
    let unknown: Vec<String> = codes_in(&doc).difference(&catalogue).cloned().collect();
    assert!(unknown.is_empty(), "docs/errors.md names codes absent from CATALOGUE: {unknown:?}");
}

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of the workspace's tests: `tests/` folders whole, and what follows `#[cfg(test)]`
/// in the sources.
fn test_sources() -> String {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("tests"), &mut files);
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("crates"), &mut files);
    let mut text = String::new();
    for file in files {
        if file.ends_with("errors_doc.rs") {
            continue;
        }
        let source = read(&file);
        let in_tests_folder = file.components().any(|c| c.as_os_str() == "tests");
        if in_tests_folder {
            text.push_str(&source);
        } else if let Some(i) = source.find("#[cfg(test)]") {
            text.push_str(&source[i..]);
        }
        text.push('\n');
    }
    text
}

#[test]
fn every_code_is_asserted_by_a_test() {
    let tested = codes_in(&test_sources());
    let untested: Vec<String> = catalogue().difference(&tested).cloned().collect();
    assert!(untested.is_empty(), "codes that no test mentions: {untested:?}");
}

#[test]
fn code_scanner() {
    let found = codes_in("E100, « E1234 » xE105 E106_ (E107) E10 E108");
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["E100", "E107", "E108"]);
}
