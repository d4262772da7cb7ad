//! Checks shared by the fuzz targets of the instance and scenario readers.
#![allow(dead_code)] // each target uses part of these fixtures

use sectoria_io::{error::describe, InputError};

/// Establishments known to the workers and current targets.
pub const ESTABLISHMENTS: &str = include_str!("../fixtures/establishments.csv");
/// Workers known to the current target.
pub const WORKERS: &str = include_str!("../fixtures/workers.csv");

/// A reader's error must be a catalogued code with a French message, never a panic.
pub fn check_error(error: &InputError) {
    for code in error.codes() {
        assert!(describe(code).is_some(), "code {code} absent du catalogue");
    }
    for problem in error.problems() {
        assert!(!problem.message.is_empty() && !problem.fix.is_empty(), "{problem:?}");
    }
    assert!(!error.to_string().is_empty());
}
