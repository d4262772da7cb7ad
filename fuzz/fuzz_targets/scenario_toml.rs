//! Arbitrary text as `scenario.toml`: read, then the scenario's own rules.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sectoria_io::scenario_from_str;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match scenario_from_str(&text, "scenario.toml") {
        Ok(scenario) => {
            let refused = scenario.validate();
            assert!(refused.is_empty(), "scénario accepté malgré : {refused:?}");
        }
        Err(error) => common::check_error(&error),
    }
});
