//! A `distances.csv` row that cannot be a road is left out with one warning for the file (tester's
//! session s49: `ASS01;0120016C;8.5;75`, Rodez → Mur-de-Barrez, 55 km as the crow flies and
//! 6,8 km/h, drove the plan under a km cap without a word); the demo's OSRM matrix passes whole.

use sectoria_io::{instance_with_warnings_from_texts, load_instance_with_warnings};
use std::path::Path;

const ESTABLISHMENTS: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils\n\
                              0120101V;Collège Rodez;college;12202;Rodez;44.350;2.575;600\n\
                              0120016C;Collège du Carladez;college;12168;Mur-de-Barrez;44.844;2.660;120\n\
                              0120011X;Collège Onet;college;12176;Onet-le-Château;44.366;2.593;400\n";

const WORKERS: &str = "id;fte;base_uai\nASS01;1;0120101V\nASS02;1;\n";

#[test]
fn an_implausible_row_keeps_the_estimate_and_is_named_once() {
    let distances = "from;to;km;minutes\n\
                     ASS01;0120016C;8.5;75\n\
                     ASS01;0120011X;3.1;6\n\
                     0120011X;0120016C;61000;\n\
                     ASS02;0120016C;70;20\n\
                     0120101V;0120016C;78;80\n";
    let loaded = match instance_with_warnings_from_texts(ESTABLISHMENTS, Some(WORKERS), None, Some(distances)) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    let kept: Vec<(&str, &str)> = loaded.instance.distances.keys().map(|(f, t)| (f.as_str(), t.as_str())).collect();
    assert_eq!(kept, vec![("0120101V", "0120016C"), ("ASS01", "0120011X")], "the implausible rows are left out");
    let texts: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 1, "one warning for the file: {texts:#?}");
    let text = &texts[0];
    assert!(
        text.starts_with(
            "distances.csv, lignes 2, 4 et 5 : 3 distances invraisemblables, non utilisées : ces couples gardent \
             l'estimation (ligne droite × facteur de détour du scénario) : ligne 2 (ASS01 → 0120016C : 8,5 km en 75 min, \
             soit 6,8 km/h, pour 55,"
        ),
        "{text}"
    );
    assert!(text.contains("à vol d'oiseau : plus court que la ligne droite)"), "{text}");
    assert!(text.contains("ligne 4 (0120011X → 0120016C : 61000 km, pour 53,"), "{text}");
    assert!(text.contains("plus de 10 fois la ligne droite)"), "{text}");
    // ASS02's base is chosen by the model: only its speed is judged.
    assert!(text.contains("ligne 5 (ASS02 → 0120016C : 70 km en 20 min, soit 210 km/h : plus de 130 km/h"), "{text}");
    assert!(text.contains("Vérifiez l'unité (km) et le couple (origine, destination)"), "{text}");
    // The warning goes with the others into every plan (`all_warnings`).
    let all = loaded.all_warnings(&sectoria_core::Scenario::default());
    assert!(all.iter().any(|w| w.to_string() == *text));
}

/// The demo's matrix comes from OSRM over its road network (a col at 30 km/h, two bridges): no
/// row of it is taken for an error.
#[test]
fn the_demo_s_osrm_matrix_passes_whole() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let loaded = match load_instance_with_warnings(&demo) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    let text = std::fs::read_to_string(demo.join("distances.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.instance.distances.len(), text.lines().count() - 1);
    let doubts: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert!(!doubts.iter().any(|w| w.contains("invraisemblable")), "{doubts:#?}");
}
