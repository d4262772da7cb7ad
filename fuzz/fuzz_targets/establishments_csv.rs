//! Arbitrary bytes as `establishments.csv`, alone.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sectoria_io::instance::{instance_from_sources, Source, ESTABLISHMENTS_FILE};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let source = Source { file: Path::new(ESTABLISHMENTS_FILE), bytes: data };
    if let Err(error) = instance_from_sources(source, None, None, None) {
        common::check_error(&error);
    }
});
