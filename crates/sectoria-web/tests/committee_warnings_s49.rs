//! Résultats puts a plan's warnings « À dire au comité » by how the library words them
//! (app.js's `COMMITTEE_WARNINGS`): each of its prefixes (« ^… ») must be the library's own
//! constant, so that a rewording of a warning breaks this test instead of silently moving the
//! warning among the folded notes (session 49's review).

use sectoria_core::plan::TIME_LIMIT_ON_RULE_OF_THUMB;
use sectoria_scenarios::counterfactual::BETTER_PLAN_KNOWN;

const APP_JS: &str = include_str!("../assets/app.js");

/// The text of each regular expression of `COMMITTEE_WARNINGS` anchored at the start (« /^…/ »),
/// without the anchor.
fn anchored_prefixes() -> Vec<String> {
    let line = APP_JS
        .lines()
        .find(|l| l.starts_with("const COMMITTEE_WARNINGS = ["))
        .expect("app.js defines COMMITTEE_WARNINGS on one line");
    line.split("/^")
        .skip(1)
        .map(|rest| {
            let end = rest.find('/').expect("a regular expression ends with /");
            rest[..end].to_string()
        })
        .collect()
}

#[test]
fn the_committee_s_warnings_start_as_the_library_words_them() {
    let prefixes = anchored_prefixes();
    let library = [BETTER_PLAN_KNOWN, TIME_LIMIT_ON_RULE_OF_THUMB];
    for start in library {
        // Read literally by the regular expression: no character it would read otherwise.
        assert!(!start.contains(|c: char| r".*+?()[]{}|\^$/".contains(c)), "{start}");
        assert!(prefixes.iter().any(|p| p == start), "app.js's COMMITTEE_WARNINGS lacks « ^{start} »: {prefixes:?}");
    }
    for p in &prefixes {
        assert!(library.contains(&p.as_str()), "« ^{p} » in app.js is no warning's start in the library");
    }
}
