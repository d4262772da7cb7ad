//! What the readers accept but tell: warnings on facts that look wrong (today's sectors above a
//! worker's quotité, lines the scenario's scope leaves out, quotités the unit cannot express),
//! and the messages that name the exact place and fix of a misspelt section, a percentage where
//! a fraction is expected, or a lock naming an unknown worker.

use sectoria_io::{
    instance_from_texts, instance_with_warnings_from_texts, scenario_for_instance_from_str, scenario_from_str,
    InputError, LoadedInstance,
};

const HEADER: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils;bassin";

/// Establishments 0660010C… (collèges), then 0660500X (a lycée in bassin « Sud »).
fn establishments(colleges: usize) -> String {
    let mut text = format!("{HEADER}\n");
    for n in 0..colleges {
        text.push_str(&format!("06600{:02}C;Collège {n};college;66136;Perpignan;42.7;2.89;500;Nord\n", 10 + n));
    }
    text.push_str("0660500X;Lycée X;lycee;66136;Perpignan;42.7;2.89;900;Sud\n");
    text
}

const WORKERS: &str = "id;fte\nA01;1\nA04;0,5\n";

fn loaded(est: &str, workers: Option<&str>, current: Option<&str>) -> LoadedInstance {
    match instance_with_warnings_from_texts(est, workers, current, None) {
        Ok(l) => l,
        Err(e) => panic!("the input was refused:\n{e}"),
    }
}

fn texts(warnings: &[impl ToString]) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

fn error_text(result: Result<impl std::fmt::Debug, InputError>) -> String {
    match result {
        Ok(v) => panic!("accepted: {v:?}"),
        Err(e) => e.to_string(),
    }
}

// --- 1. Today's sectors above a worker's quotité ----------------------------------------

#[test]
fn a_worker_whose_current_time_exceeds_its_fte_is_warned_not_refused() {
    let current = "worker_id;uai;fte\nA01;0660010C;0,5\nA04;0660011C;0,3\nA04;0660010C;0,9\n";
    let l = loaded(&establishments(2), Some(WORKERS), Some(current));
    assert_eq!(l.instance.current.len(), 3, "nothing is dropped");
    assert_eq!(
        texts(&l.warnings),
        vec![
            "current.csv, lignes 3 et 4 : l'assistant A04 a 1,2 ETP de secteurs actuels pour une quotité de 0,5 ETP \
             dans workers.csv (ligne 3), soit 0,7 ETP de trop. Le plan est calculé quand même ; corrigez les temps \
             de current.csv ou la quotité de workers.csv."
        ]
    );
    // The plain reader still accepts the files.
    assert!(instance_from_texts(&establishments(2), Some(WORKERS), Some(current), None).is_ok());
    // Within the quotité: no warning (0,3 + 0,2 = 0,5 exactly, despite floating point).
    let current = "worker_id;uai;fte\nA04;0660011C;0,3\nA04;0660010C;0,2\n";
    assert!(loaded(&establishments(2), Some(WORKERS), Some(current)).warnings.is_empty());
}

#[test]
fn an_establishment_with_more_current_workers_than_the_scenario_allows_is_warned() {
    let current = "worker_id;uai;fte\nA01;0660010C;0,5\nA04;0660010C;0,5\n";
    let l = loaded(&establishments(1), Some(WORKERS), Some(current));
    let scenario = scenario_from_str("schema = 1\n", "scenario.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        texts(&l.scenario_warnings(&scenario)),
        vec![
            "current.csv, lignes 2 et 3, UAI 0660010C : 2 assistants aujourd'hui (A01, A04) pour au plus 1 dans le \
             scénario ([rules] max_workers_per_establishment = 1) ; le plan respecte la règle du scénario, les \
             secteurs actuels servent seulement à la continuité."
        ]
    );
    let scenario = scenario_from_str("schema = 1\n[rules]\nmax_workers_per_establishment = 2\n", "scenario.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(l.scenario_warnings(&scenario).is_empty());
}

// --- 2. Ignored lines of current.csv, named -----------------------------------------------

#[test]
fn current_lines_out_of_scope_are_named_with_line_uai_worker_and_reason() {
    let current = "worker_id;uai;fte\nA01;0660010C;0,5\nA01;0660500X;0,5\n";
    let l = loaded(&establishments(1), Some(WORKERS), Some(current));
    let scenario = scenario_from_str("schema = 1\n[scope]\nkinds = [\"college\"]\n", "scenario.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        texts(&l.scenario_warnings(&scenario)),
        vec![
            "current.csv : 1 ligne ignorée (établissement hors du périmètre du scénario) : elle ne compte pas dans \
             la continuité : ligne 3 (A01 à 0660500X, type lycee hors périmètre)."
        ]
    );
    let scenario = scenario_from_str("schema = 1\n[scope]\nbassins = [\"Sud\"]\n", "scenario.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    let w = texts(&l.scenario_warnings(&scenario));
    assert!(w[0].ends_with("ligne 2 (A01 à 0660010C, bassin Nord hors périmètre)."), "{w:?}");
}

#[test]
fn many_ignored_lines_are_grouped() {
    let mut current = String::from("worker_id;uai;fte\n");
    for n in 0..13 {
        current.push_str(&format!("A01;06600{:02}C;0,05\n", 10 + n));
    }
    let l = loaded(&establishments(13), Some("id;fte\nA01;1\n"), Some(&current));
    assert!(l.warnings.is_empty(), "{:?}", texts(&l.warnings));
    let scenario = scenario_from_str("schema = 1\n[scope]\nkinds = [\"lycee\"]\n", "scenario.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    let w = texts(&l.scenario_warnings(&scenario));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("current.csv : 13 lignes ignorées (établissement hors du périmètre du scénario) : \
                              elles ne comptent pas dans la continuité : ligne 2 (A01 à 0660010C, type college hors périmètre), ligne 3"), "{}", w[0]);
    assert!(w[0].contains("ligne 11 (A01 à 0660019C"), "{}", w[0]);
    assert!(!w[0].contains("ligne 12 "), "{}", w[0]);
    assert!(w[0].ends_with(" et 3 autres (lignes 12 à 14)."), "{}", w[0]);
}

// --- 3. Percentages and column-appropriate examples ---------------------------------------

#[test]
fn a_percentage_fte_says_how_to_write_the_fraction() {
    let e = error_text(instance_from_texts(&establishments(1), Some("id;fte\nA01;80%\n"), None, None));
    assert!(
        e.contains(
            "E104 workers.csv, ligne 2, colonne « fte » : « 80% » est un pourcentage : la quotité s'écrit en fraction \
             d'ETP. Correction : écrivez 0,8 pour 80 % (1 = temps plein, 0,5 = mi-temps)."
        ),
        "{e}"
    );
    assert!(!e.contains("43,6"), "{e}");
    let e = error_text(instance_from_texts(
        &establishments(1),
        Some(WORKERS),
        Some("worker_id;uai;fte\nA01;0660010C;50 %\n"),
        None,
    ));
    assert!(e.contains("E104 current.csv, ligne 2, colonne « fte » : « 50 % » est un pourcentage"), "{e}");
    assert!(e.contains("écrivez 0,5 pour 50 %"), "{e}");
    // Not a percentage: a fraction example, not a latitude.
    let e = error_text(instance_from_texts(&establishments(1), Some("id;fte\nA01;mi-temps\n"), None, None));
    assert!(
        e.contains(
            "« mi-temps » n'est pas un nombre. Correction : écrivez la quotité en fraction d'ETP, avec une \
                        virgule ou un point décimal (par exemple 0,8 ou 0.8 ; 1 = temps plein)"
        ),
        "{e}"
    );
}

#[test]
fn every_numeric_column_has_its_own_example() {
    let row =
        |cols: &str| format!("uai;name;kind;commune_insee;commune;lat;lon;pupils;ips;density;cycle3_pupils\n{cols}\n");
    let e = error_text(instance_from_texts(
        &row("0660010C;A;college;66136;Perpignan;nord;2.89;beaucoup;haut;dense;trente"),
        None,
        None,
        None,
    ));
    assert!(e.contains("colonne « lat », UAI 0660010C : « nord » n'est pas un nombre. Correction : écrivez la latitude en degrés décimaux, avec une virgule ou un point décimal (par exemple 43,6 ou 43.6)"), "{e}");
    assert!(e.contains("colonne « pupils », UAI 0660010C : « beaucoup » n'est pas un nombre entier. Correction : écrivez un nombre d'élèves entier, sans décimales (par exemple 450)"), "{e}");
    assert!(e.contains("colonne « ips », UAI 0660010C : « haut » n'est pas un nombre. Correction : écrivez l'indice de position sociale (IPS), avec une virgule ou un point décimal (par exemple 98,5 ou 98.5)"), "{e}");
    assert!(e.contains("colonne « density », UAI 0660010C : « dense » n'est pas un nombre entier. Correction : écrivez le niveau de densité de l'INSEE, de 1 à 7 (par exemple 4)"), "{e}");
    assert!(e.contains("colonne « cycle3_pupils », UAI 0660010C : « trente » n'est pas un nombre entier. Correction : écrivez un nombre d'élèves entier"), "{e}");
    let e =
        error_text(instance_from_texts(&establishments(1), Some("id;fte;max_establishments\nA01;1;six\n"), None, None));
    assert!(e.contains("« six » n'est pas un nombre entier. Correction : écrivez un nombre d'établissements entier, sans décimales (par exemple 6)"), "{e}");
    let e = error_text(instance_from_texts(
        &establishments(1),
        Some(WORKERS),
        None,
        Some("from;to;km;minutes\nA01;0660010C;loin;12%\n"),
    ));
    assert!(e.contains("colonne « km » : « loin » n'est pas un nombre. Correction : écrivez la distance en kilomètres, avec une virgule ou un point décimal (par exemple 12,5 ou 12.5)"), "{e}");
    assert!(
        e.contains(
            "colonne « minutes » : « 12% » n'est pas un nombre. Correction : écrivez la durée en minutes, sans « % »"
        ),
        "{e}"
    );
}

// --- 4. A misspelt section --------------------------------------------------------------

#[test]
fn a_misspelt_section_is_named_as_a_section() {
    let e = error_text(scenario_from_str("schema = 1\n[budjet]\ntotal_fte = 20.5\n", "sc3.toml"));
    assert!(
        e.starts_with(
            "E120 sc3.toml, ligne 2, colonne 2 : section inconnue [budjet]. Correction : vouliez-vous dire [budget] ? \
             sections valides : [budget], [scope], "
        ),
        "{e}"
    );
    assert!(!e.contains("clé inconnue"), "{e}");
    assert!(!e.contains("schema,"), "schema is a key, not a section: {e}");
    // Without a near name.
    let e = error_text(scenario_from_str("schema = 1\n[options]\n", "scenario.toml"));
    assert!(e.starts_with("E120 scenario.toml, ligne 2, colonne 2 : section inconnue [options]. Correction : sections valides : [budget]"), "{e}");
    // A section written as a dotted key is a section too.
    let e = error_text(scenario_from_str("schema = 1\nbudjet.total_fte = 3\n", "scenario.toml"));
    assert!(e.contains("section inconnue [budjet]"), "{e}");
    assert!(e.contains("vouliez-vous dire [budget] ?"), "{e}");
    // A misspelt key stays a key.
    let e = error_text(scenario_from_str("schema = 1\n[budget]\ntotal_ftee = 3\n", "scenario.toml"));
    assert!(e.contains("clé inconnue « total_ftee » dans la section [budget]"), "{e}");
}

// --- 5. Locks naming unknown workers or establishments ------------------------------------

#[test]
fn a_lock_on_an_unknown_worker_has_a_code_a_place_and_the_known_ids() {
    let est = establishments(1);
    let instance = loaded(&est, Some(WORKERS), None).instance;
    let text = "schema = 1\n[budget]\ntotal_fte = 8\n[locks]\nassign = [{uai = \"0660010C\", worker = \"A1\"}]\n";
    let e = error_text(scenario_for_instance_from_str(text, "sc7.toml", &instance));
    assert_eq!(
        e,
        "E124 sc7.toml, ligne 5, colonne 39 : [locks] assign : l'assistant « A1 » n'existe pas dans workers.csv. \
         Correction : vouliez-vous dire « A01 » ? assistants de workers.csv : A01, A04."
    );
    // Without workers.csv: the posts made from the budget.
    let instance = loaded(&est, None, None).instance;
    let text = "schema = 1\n[budget]\ntotal_fte = 20.5\n[locks]\nforbid = [\n  {uai = \"0660010C\", worker = \"POSTE99\"},\n]\n";
    let e = error_text(scenario_for_instance_from_str(text, "sc6.toml", &instance));
    assert_eq!(
        e,
        "E124 sc6.toml, ligne 6, colonne 31 : [locks] forbid : l'assistant « POSTE99 » n'existe pas : sans \
         workers.csv, le budget de 20,5 ETP est réparti en postes POSTE01 à POSTE21. Correction : désignez un de ces \
         postes, ou ajoutez workers.csv pour verrouiller un assistant nommé."
    );
    // An unknown UAI in a lock.
    let instance = loaded(&est, Some(WORKERS), None).instance;
    let text = "schema = 1\n[locks]\nassign = [{uai = \"0669999Z\", worker = \"A01\"}]\n";
    let e = error_text(scenario_for_instance_from_str(text, "scenario.toml", &instance));
    assert!(
        e.starts_with(
            "E124 scenario.toml, ligne 3, colonne 18, UAI 0669999Z : [locks] assign : l'établissement 0669999Z \
             n'est pas dans establishments.csv. Correction : corrigez l'UAI"
        ),
        "{e}"
    );
    // An establishment outside the scope.
    let text =
        "schema = 1\n[scope]\nkinds = [\"college\"]\n[locks]\nforbid = [{uai = \"0660500X\", worker = \"A01\"}]\n";
    let e = error_text(scenario_for_instance_from_str(text, "scenario.toml", &instance));
    assert_eq!(
        e,
        "E124 scenario.toml, ligne 5, colonne 18, UAI 0660500X : [locks] forbid : l'établissement 0660500X n'est pas \
         dans le périmètre du scénario (type lycee hors périmètre). Correction : retirez ce verrou ou élargissez le \
         périmètre ([scope] kinds, bassins)."
    );
    // Valid locks pass, and the scenario's own problems still come first.
    let text = "schema = 1\n[locks]\nassign = [{uai = \"0660010C\", worker = \"A01\"}]\n";
    assert!(scenario_for_instance_from_str(text, "scenario.toml", &instance).is_ok());
}

// --- 6. A quotité the unit cannot express -------------------------------------------------

#[test]
fn an_fte_lost_to_rounding_is_warned() {
    let l = loaded(&establishments(1), Some("id;fte\nA01;1\nA09;0,85\nA10;0,8\n"), None);
    let scenario = scenario_from_str("schema = 1\n", "scenario.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        texts(&l.scenario_warnings(&scenario)),
        vec![
            "workers.csv, ligne 3 : l'assistant A09 a une quotité de 0,85 ETP, mais le plan compte par demi-journées \
             de 0,1 ETP ([budget] unit_fte) : il reçoit 8 demi-journées (0,8 ETP), 0,05 ETP est perdu à l'arrondi. \
             Écrivez une quotité multiple de 0,1 ETP, ou choisissez une unité plus fine."
        ]
    );
    let scenario =
        scenario_from_str("schema = 1\n[budget]\nunit_fte = 0.05\n", "scenario.toml").unwrap_or_else(|e| panic!("{e}"));
    assert!(l.scenario_warnings(&scenario).is_empty());
    let scenario =
        // The minimum presences are written in the coarser unit (below one unit they are refused).
        scenario_from_str(
            "schema = 1\n[budget]\nunit_fte = 0.25\n[rules]\nmin_presence_fte = 0.25\nmin_presence_ecole_fte = 0.25\n",
            "scenario.toml",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let w = texts(&l.scenario_warnings(&scenario));
    assert!(w[0].contains("le plan compte par unités de 0,25 ETP ([budget] unit_fte) : il reçoit 3 unités (0,75 ETP), 0,1 ETP est perdu"), "{w:?}");
}
