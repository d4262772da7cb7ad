//! `budget.extra_posts` as the scenario reader takes it: a whole number of full-time posts, from
//! 0 to 100. A negative, fractional or absurd value is refused in French, at its line, with what
//! to write; a lock may name a post (`NOUVEAU1`) the scenario adds.

use sectoria_core::test_support::small_instance;
use sectoria_io::{scenario_for_instance_from_str, scenario_from_str};

fn read(value: &str) -> Result<sectoria_core::Scenario, sectoria_io::InputError> {
    scenario_from_str(&format!("schema = 1\n\n[budget]\nextra_posts = {value}\n"), "s.toml")
}

#[test]
fn a_whole_number_of_posts_is_read() {
    assert_eq!(read("2").expect("read").budget.extra_posts, 2);
    // As a form or a spreadsheet may write it.
    assert_eq!(read("2.0").expect("read").budget.extra_posts, 2);
    assert_eq!(scenario_from_str("schema = 1\n", "s.toml").expect("read").budget.extra_posts, 0);
}

#[test]
fn a_negative_or_fractional_value_is_refused_with_what_to_write() {
    for (value, found) in
        [("-1", "l'entier « -1 »"), ("1.5", "le nombre décimal « 1.5 »"), ("\"deux\"", "le texte « deux »")]
    {
        let e = read(value).expect_err(value);
        let p = &e.problems()[0];
        assert_eq!((p.code, p.line), ("E123", Some(4)), "{value}: {p:?}");
        assert!(
            p.message.starts_with("« extra_posts » attend un nombre entier de postes à temps plein"),
            "{}",
            p.message
        );
        assert!(p.message.ends_with(&format!("pas {found}")), "{value}: {}", p.message);
        assert!(p.message.contains("un poste à temps partiel s'ajoute à workers.csv"), "{}", p.message);
        assert!(p.fix.starts_with("écrivez un nombre entier de postes à temps plein (0, 1, 2…"), "{}", p.fix);
    }
}

#[test]
fn more_than_a_hundred_posts_are_refused() {
    let e = read("150").expect_err("150 posts");
    let p = &e.problems()[0];
    assert_eq!((p.code, p.line), ("E121", Some(4)), "{p:?}");
    assert!(
        p.message.contains("150 postes supplémentaires dépassent tout renfort réaliste (au plus 100)"),
        "{}",
        p.message
    );
    assert!(read("100").is_ok());
}

#[test]
fn a_lock_may_name_a_post_the_scenario_adds() {
    let instance = small_instance();
    let text = |posts: u32| {
        format!(
            "schema = 1\n\n[budget]\nextra_posts = {posts}\n\n[locks]\nassign = [{{ uai = \"0310002B\", worker = \
             \"NOUVEAU1\" }}]\n"
        )
    };
    let s = scenario_for_instance_from_str(&text(1), "s.toml", &instance).expect("NOUVEAU1 is a post");
    assert_eq!(s.budget.extra_posts, 1);
    let e = scenario_for_instance_from_str(&text(0), "s.toml", &instance).expect_err("no post");
    let p = &e.problems()[0];
    assert_eq!(p.code, "E124", "{p:?}");
    assert!(p.message.contains("« NOUVEAU1 » n'existe pas dans workers.csv"), "{}", p.message);
}

#[test]
fn a_reserve_is_taken_on_the_workers_and_the_posts() {
    // One worker of 1 ETP: a reserve of 1.5 leaves nothing, unless a post is added.
    let instance = small_instance();
    let text = |posts: u32| format!("schema = 1\n\n[budget]\nreserve_fte = 1.5\nextra_posts = {posts}\n");
    assert!(scenario_for_instance_from_str(&text(0), "s.toml", &instance).is_err());
    assert!(scenario_for_instance_from_str(&text(1), "s.toml", &instance).is_ok());
}
