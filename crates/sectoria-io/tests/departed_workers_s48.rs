//! A worker of `current.csv` absent from `workers.csv` has left (tester's session s48: a replan
//! after two departures was refused with E140, whose two fixes — correct the id, add the worker
//! back — were both wrong). The lines are kept as today's facts, and one warning per worker names
//! its lines, its establishments with their time, and what to do. Without `workers.csv`, E140
//! stays: there is then no staff to have left.

use sectoria_io::{instance_from_texts, instance_with_warnings_from_texts};

const ESTABLISHMENTS: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
                              0660010C;Collège A;college;66136;Perpignan;42.70;2.89;500\n\
                              0660011D;Collège B;college;66136;Perpignan;42.71;2.90;400\n\
                              0660012E;Collège C;college;66136;Perpignan;42.72;2.91;300\n";

/// ASS05 and ASS16 have left workers.csv; ASS01 stays.
const WORKERS: &str = "id;fte\nASS01;1\n";

const CURRENT: &str = "worker_id;uai;fte\n\
                       ASS01;0660010C;0,5\n\
                       ASS05;0660011D;1\n\
                       ASS16;0660010C;0,2\n\
                       ASS16;0660012E;0,4\n";

#[test]
fn a_departed_worker_s_lines_are_kept_with_one_warning_per_worker() {
    let loaded = match instance_with_warnings_from_texts(ESTABLISHMENTS, Some(WORKERS), Some(CURRENT), None) {
        Ok(l) => l,
        Err(e) => panic!("a replan after departures was refused:\n{e}"),
    };
    let kept: Vec<(&str, &str)> =
        loaded.instance.current.iter().map(|c| (c.worker_id.as_str(), c.uai.as_str())).collect();
    assert_eq!(
        kept,
        vec![("ASS01", "0660010C"), ("ASS05", "0660011D"), ("ASS16", "0660010C"), ("ASS16", "0660012E")],
        "today's record is kept whole"
    );
    let texts: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 2, "one warning per departed worker, not per line: {texts:#?}");
    assert_eq!(
        texts[0],
        "current.csv, ligne 3 : assistant ASS05 absent de workers.csv, compté comme parti : son établissement \
         d'aujourd'hui n'est plus servi par ASS05 : 0660011D (1 ETP). Le plan le traite comme les autres \
         établissements, et la continuité le compte comme un changement d'assistant. Si ASS05 est toujours en poste, ajoutez-le à \
         workers.csv (ou corrigez l'identifiant s'il est mal écrit) ; si un successeur reprend son secteur, \
         remplacez ASS05 par son identifiant dans current.csv (la continuité le comptera alors comme le même \
         secteur)."
    );
    assert!(
        texts[1].starts_with(
            "current.csv, lignes 4 et 5 : assistant ASS16 absent de workers.csv, compté comme parti : ses 2 \
             établissements d'aujourd'hui ne sont plus servis par ASS16 : 0660010C (0,2 ETP) et 0660012E (0,4 ETP)."
        ),
        "{}",
        texts[1]
    );
    assert!(texts[1].contains("remplacez ASS16 par son identifiant dans current.csv"), "{}", texts[1]);
}

#[test]
fn without_workers_csv_an_unknown_worker_is_still_e140() {
    let err = instance_from_texts(ESTABLISHMENTS, None, Some(CURRENT), None).expect_err("no workers.csv");
    assert!(err.codes().iter().all(|&c| c == "E140") && !err.codes().is_empty(), "{err}");
    assert!(err.to_string().contains("l'instance n'a pas de workers.csv"), "{err}");
}

/// An id written otherwise than its worker of workers.csv (case, spaces, zeros) is a typing
/// slip, refused with the id to write, not taken for a departure.
#[test]
fn an_id_spelt_otherwise_than_its_worker_is_refused_with_the_right_one() {
    let current = CURRENT.replace("ASS01;", "ass 1;");
    let err = instance_from_texts(ESTABLISHMENTS, Some(WORKERS), Some(&current), None).expect_err("a typing slip");
    let text = err.to_string();
    assert!(text.contains("E140") && text.contains("assistant ass 1 absent de workers.csv, qui a ASS01"), "{text}");
    assert!(text.contains("écrivez ASS01 comme dans workers.csv"), "{text}");
}
