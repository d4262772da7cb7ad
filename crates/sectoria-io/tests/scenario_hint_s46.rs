//! A scenario error points to a reference a user of the binary has: the web application's
//! Scénario page and the commented demo scenario `sectoria serve` writes into an empty workspace,
//! not `data/demo/scenario.toml`, a path of the source tree only.

use sectoria_io::scenario_from_str;

#[test]
fn scenario_errors_point_to_what_a_user_of_the_binary_has() {
    let e = scenario_from_str("schema = 1\n[budget]\ntotalfte = 20.0\n", "scenario.toml").unwrap_err().to_string();
    assert!(e.contains("vouliez-vous dire « total_fte » ?"), "{e}");
    assert!(!e.contains("data/demo/scenario.toml"), "a path of the source tree: {e}");
    assert!(e.contains("page Scénario de `sectoria serve`"), "{e}");
    assert!(e.contains("`sectoria serve --workspace DOSSIER` écrit dans DOSSIER/demo/ quand DOSSIER est vide"), "{e}");
}
