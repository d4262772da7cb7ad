//! The README's description of `plan.geojson` holds for the file written: every property is
//! named, the establishment points have their `couleur`, and the shapefile export's renaming of
//! the names longer than 10 characters is said, name by name (the README once claimed the names
//! were chosen « pour l'export en shapefile », and 11 of them were not).

use sectoria_report::geojson::{shapefile_name, ESTABLISHMENT_PROPERTIES, WORKER_PROPERTIES};

const README: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"));

/// The README's `plan.geojson` item, up to the next output.
fn geojson_item() -> &'static str {
    let start = README.find("- `plan.geojson`").expect("the plan.geojson item");
    let rest = &README[start..];
    let end = rest.find("- `manifest.json`").expect("the next item");
    &rest[..end]
}

#[test]
fn every_property_is_described_and_every_shapefile_renaming_is_said() {
    let item = geojson_item().split_whitespace().collect::<Vec<_>>().join(" ");
    let mut all: Vec<&str> = ESTABLISHMENT_PROPERTIES.iter().chain(&WORKER_PROPERTIES).copied().collect();
    all.extend(["uai", "residence_choisie"]);
    all.sort_unstable();
    all.dedup();
    let mut renamed = 0;
    for p in all {
        if p != "type_objet" {
            assert!(item.contains(&format!("`{p}`")), "{p} is not described");
        }
        let cut = shapefile_name(p);
        if cut != p {
            renamed += 1;
            assert!(item.contains(&format!("`{p}` → `{cut}`")), "the shapefile name of {p} is not said");
        }
    }
    assert_eq!(renamed, 11);
    assert!(!item.contains("pour QGIS et l'export en shapefile"), "the former claim");
    assert!(item.contains("254") && item.contains("GeoPackage"), "{item}");
    // Points and polygons in one file: QGIS asks which to load.
    assert!(item.contains("points") && item.contains("polygones") && item.contains("QGIS demande"), "{item}");
    // The establishment's colour, described in its own list.
    let establishments = item.split("- `residence`").next().expect("establishment list");
    assert!(establishments.contains("`couleur`"), "{establishments}");
}
