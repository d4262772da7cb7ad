//! A scenario file saved by the Scénario page stays a file a CTSS-D can edit by hand (the
//! tester's finding 4, session 50): after any sequence of form saves, over the template
//! `sectoria import` writes and over the demo's reference scenario, every comment of the file
//! is still there in order, and uncommenting any documented key the file does not set yet, as
//! the file's header tells her to, gives a file the reader takes. And a new scenario whose name
//! differs from an existing one only by capitals or accents is refused (finding 11).

#[allow(dead_code)]
mod common;
use axum::http::StatusCode;
use axum::Router;
use common::{call, get, message, send};
use sectoria_web::{router, AppState, Config};
use std::path::Path;

fn app(dir: &Path) -> Router {
    let config = Config { workspace: dir.to_path_buf(), token: None, extra_host: None };
    router(AppState::new(config, sectoria_web::cli_planner()).expect("state"))
}

/// The demo instance copied into `ws` as `demo`.
fn demo(ws: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    std::fs::create_dir(ws.join("demo")).expect("demo folder");
    for f in ["establishments.csv", "workers.csv", "current.csv", "scenario.toml"] {
        std::fs::copy(from.join(f), ws.join("demo").join(f)).expect("demo file");
    }
}

/// An instance `import` written by `sectoria import` from a two-establishment extract of
/// open data: its `scenario.toml` is the import's template.
fn imported(ws: &Path) {
    let data = ws.join("donnees");
    std::fs::create_dir(&data).expect("data folder");
    let write = |name: &str, text: &str| {
        let path = data.join(name);
        std::fs::write(&path, text).expect("data file");
        path
    };
    let annuaire = write(
        "annuaire.csv",
        "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;\
         Code_commune;Nom_commune;Code_departement;Appartenance_Education_Prioritaire;Nombre_d_eleves;\
         Ecole_elementaire;Hebergement;latitude;longitude;etat;code_nature;etablissement_mere;ministere_tutelle\n\
         0660049V;Collège Jean Moulin;Collège;Public;66000;66136;Perpignan;066;REP;610;;0;42.70;2.89;OUVERT;340;;\
         MINISTERE DE L'EDUCATION NATIONALE\n\
         0660480N;Collège Jean Moulin;Collège;Public;66150;66009;Arles-sur-Tech;066;;280;;0;42.46;2.63;OUVERT;340;;\
         MINISTERE DE L'EDUCATION NATIONALE\n",
    );
    let options = sectoria_import::ImportOptions {
        departement: "66".to_string(),
        files: sectoria_import::SourceFiles {
            annuaire,
            ips_colleges: write("ips-colleges.csv", "uai;effectifs;ips\n0660049V;610.0;82.0\n0660480N;280.0;97.0\n"),
            ips_lycees: write("ips-lycees.csv", "uai;effectifs_ensemble_gt_pro;ips_ensemble_gt_pro\n"),
            ips_ecoles: write("ips-ecoles.csv", "uai;effectifs;ips\n"),
            densite: write("densite.csv", "CODGEO;LIBGEO;DENS\n66136;Perpignan;2\n66009;Arles-sur-Tech;5\n"),
            communes: write(
                "communes.csv",
                "Code_commune_INSEE;Code_postal;latitude;longitude\n66136;66000;42.70;2.89\n66009;66150;42.46;2.63\n",
            ),
            colleges_rep: None,
        },
        include_private: false,
        pupils_per_fte: Some(1600.0),
        out_dir: ws.join("import"),
    };
    sectoria_import::import(&options).expect("the extract imports");
}

/// The form's fields a save changes, with values it accepts (the first: the default).
const CHANGES: &[(&str, &str, &[&str])] = &[
    ("budget", "total_fte", &["null", "18.0", "20.0", "25.5"]),
    ("budget", "reserve_fte", &["0.0", "0.5", "1.0"]),
    ("budget", "unit_fte", &["0.1", "0.05"]),
    ("budget", "extra_posts", &["0", "1"]),
    ("scope", "kinds", &[r#"["college", "lycee", "lycee_pro", "erea", "ecole"]"#, r#"["college", "lycee"]"#]),
    ("priorities", "rep_plus", &["2.0", "3.0"]),
    ("priorities", "rural_density_min", &["5", "4"]),
    ("need", "cycle3_share", &["0.4", "0.5"]),
    ("need", "value_segments", &["[1.0, 0.6, 0.3]", "[1.0, 0.5]"]),
    ("need", "ips_factor_in_value", &["false", "true"]),
    ("rules", "min_presence_fte", &["0.2", "0.25", "0.3"]),
    ("rules", "max_distance_km", &["60.0", "45.0"]),
    ("rules", "must_cover", &[r#"["rep_plus"]"#, "[]", r#"["rep_plus", "rep"]"#]),
    ("rules", "max_workers_per_establishment", &["1", "2"]),
    ("travel", "max_weekly_km", &["null", "300.0"]),
    ("travel", "weight_per_minute", &["0.0", "0.5"]),
    ("travel", "max_minutes_one_way", &["null", "40.0"]),
    ("stability", "penalty_per_unit", &["0.0", "5.0"]),
    ("stability", "max_changes", &["null", "40"]),
    ("locks", "exclude", &["[]", "[\"UAI\"]"]),
    ("solver", "time_limit_s", &["120.0", "60.0"]),
    ("solver", "seed", &["0", "3"]),
    ("solver", "method", &[r#""auto""#, r#""compact""#]),
];

/// A small deterministic generator (xorshift), so that a failure replays.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The full name and the uncommented text of a key the comment `line` documents, under the
/// table `table` (`# rules.min_presence_fte = 0.2` above any header: `rules.min_presence_fte`).
fn documented_key(line: &str, table: &str) -> Option<(String, String)> {
    let body = line.trim().strip_prefix('#')?.trim_start();
    let name = body.split_once('=')?.0.trim();
    let bare =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
    (bare && body.parse::<toml::Table>().is_ok())
        .then(|| (if table.is_empty() { name.to_string() } else { format!("{table}.{name}") }, body.to_string()))
}

/// Whether `text` (TOML) sets the key `path`.
fn sets(text: &str, path: &str) -> bool {
    let read = toml::Value::Table(text.parse::<toml::Table>().expect("TOML"));
    path.split('.').try_fold(&read, |v, p| v.get(p)).is_some()
}

/// Every key `text` documents in a comment and does not set, uncommented alone: the reader
/// takes the file. Returns how many were tried.
fn each_documented_key_uncommented_reads(text: &str, context: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let mut table = String::new();
    let mut tried = 0;
    for (i, line) in lines.iter().enumerate() {
        if let Some(header) = line.trim().strip_prefix('[').and_then(|h| h.split_once(']')) {
            table = header.0.trim().to_string();
            continue;
        }
        let Some((path, uncommented)) = documented_key(line, &table) else { continue };
        if sets(text, &path) {
            continue;
        }
        let mut edited = lines.clone();
        edited[i] = &uncommented;
        let edited = edited.join("\n") + "\n";
        if let Err(e) = sectoria_io::scenario_from_str(&edited, "scenario.toml") {
            panic!("{context}: « {uncommented} » décommentée : {e}\n{edited}");
        }
        tried += 1;
    }
    tried
}

/// Whether `line` is a key line, written or commented out (`# total_fte = 20.0`).
fn is_key_line(line: &str) -> bool {
    let body = line.trim().trim_start_matches('#').trim_start();
    body.split_once('=').is_some_and(|(k, _)| {
        k.trim().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
            && body.parse::<toml::Table>().is_ok()
    })
}

/// `original`'s lines but its written keys (its comments, commented keys included, headers and
/// blank lines) are all in `text`, in order; every other line of `text` is a key line.
fn keeps_every_line(original: &str, text: &str, context: &str) {
    let mut wanted = original.lines().filter(|l| l.trim_start().starts_with('#') || !is_key_line(l)).peekable();
    for line in text.lines() {
        if wanted.peek() == Some(&line) {
            wanted.next();
        } else {
            assert!(is_key_line(line), "{context}: ligne ajoutée « {line} »\n{text}");
        }
    }
    assert_eq!(wanted.next(), None, "{context}: ligne perdue\n{text}");
}

/// Random saves of `instance`/`scenario.toml` through the page's route (`uai`: an establishment
/// of the instance, for the exclusions), each checked as the module says; then the first values
/// saved back.
async fn random_saves(app: &Router, ws: &Path, instance: &str, uai: &str, seed: u64) {
    let uri = format!("/api/instances/{instance}/scenarios/scenario.toml");
    let file = ws.join(instance).join("scenario.toml");
    let original = std::fs::read_to_string(&file).expect("scenario.toml");
    let original = original.strip_prefix('\u{feff}').unwrap_or(&original).to_string();
    let (_, view) = call(app, get(&uri)).await;
    let first = view["values"].clone();
    let mut values = first.clone();
    let mut draw = Draw(seed);
    let (mut saved, mut uncommented) = (0, 0);
    for step in 0..40 {
        let context = format!("{instance}, graine {seed}, enregistrement {step}");
        for _ in 0..=draw.below(3) {
            let (section, key, choices) = CHANGES[draw.below(CHANGES.len())];
            let choice = choices[draw.below(choices.len())].replace("UAI", uai);
            values[section][key] = serde_json::from_str(&choice).expect("JSON");
        }
        let body = serde_json::json!({ "values": values }).to_string();
        let (status, answer) = call(app, send("PUT", &uri, "application/json", body)).await;
        if status != StatusCode::OK {
            // A combination the reader refuses for its values, never for the file's text.
            assert!(answer["code"] == "E121" || answer["code"] == "E124", "{context}: {answer}");
            values = call(app, get(&uri)).await.1["values"].clone();
            continue;
        }
        saved += 1;
        let text = std::fs::read_to_string(&file).expect("scenario.toml");
        keeps_every_line(&original, &text, &context);
        assert_eq!(call(app, get(&uri)).await.1["values"], values, "{context}\n{text}");
        uncommented += each_documented_key_uncommented_reads(&text, &context);
    }
    assert!(saved >= 20, "{instance}: {saved} enregistrements acceptés sur 40");
    assert!(uncommented >= saved, "{instance}: {uncommented} clés décommentées");
    let body = serde_json::json!({ "values": first }).to_string();
    assert_eq!(call(app, send("PUT", &uri, "application/json", body)).await.0, StatusCode::OK);
    let text = std::fs::read_to_string(&file).expect("scenario.toml");
    keeps_every_line(&original, &text, instance);
    assert_eq!(call(app, get(&uri)).await.1["values"], first, "{text}");
}

#[tokio::test]
async fn form_saves_keep_the_import_template_editable_by_hand() {
    let ws = tempfile::tempdir().expect("workspace");
    imported(ws.path());
    let app = app(ws.path());
    let template = std::fs::read_to_string(ws.path().join("import/scenario.toml")).expect("template");
    assert!(template.contains("\n# rules.min_presence_fte = 0.2\n"), "{template}");
    // The tester's steps: 0,25 then back to 0,2; her reserve uncommented after.
    let uri = "/api/instances/import/scenarios/scenario.toml";
    let (_, view) = call(&app, get(uri)).await;
    let mut values = view["values"].clone();
    values["rules"]["min_presence_fte"] = serde_json::json!(0.25);
    let body = serde_json::json!({ "values": values }).to_string();
    assert_eq!(call(&app, send("PUT", uri, "application/json", body)).await.0, StatusCode::OK);
    let text = std::fs::read_to_string(ws.path().join("import/scenario.toml")).expect("scenario");
    assert!(text.contains("\n# rules.min_presence_fte = 0.2\nrules.min_presence_fte = 0.25\n"), "{text}");
    let reserve = text.replace("\n# reserve_fte = 0.5  # exemple\n", "\nreserve_fte = 0.5\n");
    assert_ne!(reserve, text);
    assert_eq!(sectoria_io::scenario_from_str(&reserve, "scenario.toml").expect("reads").budget.reserve_fte, 0.5);
    values["rules"]["min_presence_fte"] = serde_json::json!(0.2);
    let body = serde_json::json!({ "values": values }).to_string();
    assert_eq!(call(&app, send("PUT", uri, "application/json", body)).await.0, StatusCode::OK);
    assert_eq!(std::fs::read_to_string(ws.path().join("import/scenario.toml")).expect("scenario"), template);
    for seed in [1, 2, 3] {
        random_saves(&app, ws.path(), "import", "0660480N", seed).await;
    }
}

#[tokio::test]
async fn form_saves_keep_the_demo_scenario_editable_by_hand() {
    let ws = tempfile::tempdir().expect("workspace");
    demo(ws.path());
    let app = app(ws.path());
    for seed in [4, 5, 6] {
        random_saves(&app, ws.path(), "demo", "0990043J", seed).await;
    }
}

#[tokio::test]
async fn a_new_scenario_named_like_another_but_for_capitals_or_accents_is_refused() {
    let ws = tempfile::tempdir().expect("workspace");
    demo(ws.path());
    let app = app(ws.path());
    let (_, view) = call(&app, get("/api/instances/demo/scenarios/scenario.toml")).await;
    let body = serde_json::json!({ "values": view["values"] }).to_string();
    let uri = "/api/instances/demo/scenarios/budget%20moins%201%20LP.toml";
    assert_eq!(call(&app, send("PUT", uri, "application/json", body.clone())).await.0, StatusCode::OK);
    for lookalike in ["Budget%20Moins%201%20LP.toml", "budget%20moins%201%20lp.toml", "Sc%C3%A9nario.toml"] {
        let uri = format!("/api/instances/demo/scenarios/{lookalike}");
        // Said when the page asks for the new name, and refused at the save.
        let (status, refused) = call(&app, get(&uri)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{lookalike}: {refused}");
        let existing = if lookalike.starts_with("Sc") { "« scenario.toml »" } else { "« budget moins 1 LP.toml »" };
        assert!(message(&refused).contains(existing), "{refused}");
        assert!(message(&refused).contains("majuscules ou des accents"), "{refused}");
        let (status, refused) = call(&app, send("PUT", &uri, "application/json", body.clone())).await;
        assert_eq!(status, StatusCode::CONFLICT, "{lookalike}: {refused}");
    }
    let files = sectoria_web::workspace::Workspace::files_ending(&ws.path().join("demo"), ".toml");
    assert_eq!(files, ["budget moins 1 LP.toml", "scenario.toml"]);
    // The file's own name still opens it; another name is a new scenario.
    assert_eq!(call(&app, get(uri)).await.0, StatusCode::OK);
    assert_eq!(call(&app, get("/api/instances/demo/scenarios/budget%20moins%202%20LP.toml")).await.0, StatusCode::OK);
}
