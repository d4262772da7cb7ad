//! Arbitrary bytes as `current.csv`, with fixed valid `establishments.csv` and `workers.csv`.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sectoria_io::instance::{instance_from_sources, Source, CURRENT_FILE, ESTABLISHMENTS_FILE, WORKERS_FILE};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let establishments = Source { file: Path::new(ESTABLISHMENTS_FILE), bytes: common::ESTABLISHMENTS.as_bytes() };
    let workers = Source { file: Path::new(WORKERS_FILE), bytes: common::WORKERS.as_bytes() };
    let current = Source { file: Path::new(CURRENT_FILE), bytes: data };
    match instance_from_sources(establishments, Some(workers), Some(current), None) {
        Ok(instance) => assert!(instance.current.iter().all(|c| c.fte > 0.0 && c.fte <= 1.0)),
        Err(error) => {
            common::check_error(&error);
            assert!(error.problems().iter().all(|p| p.file == Path::new(CURRENT_FILE)), "{error}");
        }
    }
});
