//! `workers.csv` may give a worker its own weekly km cap, `max_weekly_km` (« Km par semaine au
//! plus »), like `max_establishments` (tester's session s49: « ASS07 refuse de rouler plus de 300
//! km par semaine » could only be written as a cap on every worker). A value that is not a
//! number, or not above 0, is an error naming the file, the line and the column.

use sectoria_io::instance_from_texts;

const ESTABLISHMENTS: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
                              0120101V;Collège Rodez;college;12202;Rodez;44.350;2.575;600\n";

#[test]
fn the_column_is_read_by_its_name_or_its_label() {
    for header in ["id;fte;max_weekly_km", "Identifiant;Quotité (ETP);Km par semaine au plus"] {
        let workers = format!("{header}\nASS01;1;\nASS07;0,8;300\nASS08;1;412,5\n");
        let instance = match instance_from_texts(ESTABLISHMENTS, Some(&workers), None, None) {
            Ok(i) => i,
            Err(e) => panic!("{header}: {e}"),
        };
        let caps: Vec<Option<f64>> = instance.workers.iter().map(|w| w.max_weekly_km).collect();
        assert_eq!(caps, vec![None, Some(300.0), Some(412.5)], "{header}");
    }
}

#[test]
fn a_cap_not_above_zero_or_not_a_number_is_an_error_with_its_line_and_column() {
    let workers = "id;fte;max_weekly_km\nASS01;1;0\nASS02;1;-50\nASS03;1;300 km\nASS04;1;250\n";
    let err = instance_from_texts(ESTABLISHMENTS, Some(workers), None, None).expect_err("bad caps");
    let text = err.to_string();
    for expected in [
        "E114 workers.csv, ligne 2, colonne « max_weekly_km » : un plafond de 0 km par semaine.",
        "E114 workers.csv, ligne 3, colonne « max_weekly_km » : un plafond de -50 km par semaine.",
        "E104 workers.csv, ligne 4, colonne « max_weekly_km » : « 300 km » n'est pas un nombre.",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in:\n{text}");
    }
    assert!(text.contains("plus grand que 0 (par exemple 300), ou laissez vide"), "{text}");
    assert!(text.contains("un nombre de kilomètres par semaine, sans unité"), "{text}");
    assert!(!text.contains("ligne 5"), "{text}");
}
