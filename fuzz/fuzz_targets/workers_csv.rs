//! Arbitrary bytes as `workers.csv`, with a fixed valid `establishments.csv`.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sectoria_io::instance::{instance_from_sources, Source, ESTABLISHMENTS_FILE, WORKERS_FILE};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let establishments = Source { file: Path::new(ESTABLISHMENTS_FILE), bytes: common::ESTABLISHMENTS.as_bytes() };
    let workers = Source { file: Path::new(WORKERS_FILE), bytes: data };
    match instance_from_sources(establishments, Some(workers), None, None) {
        Ok(instance) => assert!(instance.workers.iter().all(|w| w.fte > 0.0 && w.fte <= 1.0)),
        Err(error) => {
            common::check_error(&error);
            assert!(error.problems().iter().all(|p| p.file == Path::new(WORKERS_FILE)), "{error}");
        }
    }
});
