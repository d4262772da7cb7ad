//! SHA-256 fingerprints of the input files, recorded in the plan so that a plan can be traced
//! back to the exact files it was computed from.

use crate::error::{read_bytes, InputError};
use crate::instance::{CURRENT_FILE, DISTANCES_FILE, ESTABLISHMENTS_FILE, WORKERS_FILE};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// SHA-256 of `bytes`, as 64 lowercase hexadecimal digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// SHA-256 of named contents: name → hex digest.
pub fn hash_named<'a>(items: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> BTreeMap<String, String> {
    items.into_iter().map(|(name, bytes)| (name.to_string(), sha256_hex(bytes))).collect()
}

/// SHA-256 of each file: file name → hex digest. A file name met twice is keyed by its
/// full path the second time.
pub fn hash_files(paths: &[&Path]) -> Result<BTreeMap<String, String>, InputError> {
    let mut out = BTreeMap::new();
    for path in paths {
        let bytes = read_bytes(path)?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let key = if out.contains_key(&name) { path.display().to_string() } else { name };
        out.insert(key, sha256_hex(&bytes));
    }
    Ok(out)
}

/// The files of an instance folder a plan is computed from (the scenario aside).
pub const INSTANCE_FILES: [&str; 4] = [ESTABLISHMENTS_FILE, WORKERS_FILE, CURRENT_FILE, DISTANCES_FILE];

/// SHA-256 of the instance files present and readable in `instance_dir`, as a plan records
/// them: compared with a plan's `inputs`, it tells which files changed since (a file absent
/// on one side and not on the other changed too).
pub fn instance_hashes(instance_dir: &Path) -> BTreeMap<String, String> {
    INSTANCE_FILES
        .into_iter()
        .filter_map(|name| {
            std::fs::read(instance_dir.join(name)).ok().map(|bytes| (name.to_string(), sha256_hex(&bytes)))
        })
        .collect()
}

/// SHA-256 of the instance files present in `instance_dir` and of the scenario file.
pub fn input_hashes(instance_dir: &Path, scenario: &Path) -> Result<BTreeMap<String, String>, InputError> {
    let mut paths = vec![instance_dir.join(ESTABLISHMENTS_FILE)];
    for name in [WORKERS_FILE, CURRENT_FILE, DISTANCES_FILE] {
        let p = instance_dir.join(name);
        if p.is_file() {
            paths.push(p);
        }
    }
    paths.push(scenario.to_path_buf());
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    hash_files(&refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let h = hash_named([("a.csv", b"abc".as_slice())]);
        assert_eq!(h.get("a.csv").map(String::len), Some(64));
    }

    #[test]
    fn files_by_name() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join(ESTABLISHMENTS_FILE), "uai\n")?;
        std::fs::write(dir.path().join(CURRENT_FILE), "x\n")?;
        let scenario = dir.path().join("s.toml");
        std::fs::write(&scenario, "schema = 1\n")?;
        let h = input_hashes(dir.path(), &scenario)?;
        let keys: Vec<&str> = h.keys().map(String::as_str).collect();
        assert_eq!(keys, vec!["current.csv", "establishments.csv", "s.toml"]);
        let now = instance_hashes(dir.path());
        assert_eq!(now.keys().map(String::as_str).collect::<Vec<_>>(), vec!["current.csv", "establishments.csv"]);
        assert!(now.iter().all(|(k, v)| h.get(k) == Some(v)));
        let missing = hash_files(&[&dir.path().join("nope.csv")]);
        assert_eq!(missing.err().map(|e| e.codes()), Some(vec!["E100"]));
        Ok(())
    }
}
