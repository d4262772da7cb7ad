//! `sectoria import` never writes an instance that `sectoria plan` refuses (issue #12): an
//! extract whose REP+ écoles have no head collège either plans (the écoles left out and
//! counted) or fails at import with the reason.

use std::path::Path;
use std::process::{Command, Output};

fn sectoria(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sectoria")).args(args).output().expect("run sectoria")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const HEADER: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;\
Statut_public_prive;Code_postal;Code_commune;Nom_commune;Code_departement;\
Appartenance_Education_Prioritaire;Nombre_d_eleves;Ecole_elementaire;Hebergement;latitude;\
longitude;etat;code_nature;etablissement_mere;ministere_tutelle";
const MIN: &str = "MINISTERE DE L'EDUCATION NATIONALE";

/// Hand-written open-data files of a small Val-de-Marne extract with `rows` in the annuaire.
fn write_extract(dir: &Path, rows: &[&str]) {
    let mut annuaire = format!("{HEADER}\n");
    for row in rows {
        annuaire.push_str(&format!("{row};{MIN}\n"));
    }
    let files = [
        ("annuaire.csv", annuaire.as_str()),
        ("ipsc.csv", "uai;effectifs;ips\n"),
        ("ipsl.csv", "uai;effectifs_ensemble_gt_pro;ips_ensemble_gt_pro\n0940002B;900.0;95.0\n"),
        ("ipse.csv", "uai;effectifs;ips\n0940004D;180.0;70.0\n0940005E;150.0;72.0\n"),
        ("grille.csv", "CODGEO;LIBGEO;DENS\n94028;Créteil;1\n"),
        ("laposte.csv", "Code_commune_INSEE;Code_postal;latitude;longitude\n94028;94000;48.79;2.46\n"),
    ];
    for (name, content) in files {
        std::fs::write(dir.join(name), content).expect("write extract");
    }
}

fn import(dir: &Path, out: &Path) -> Output {
    let f = |name: &str| dir.join(name).to_str().expect("utf-8").to_string();
    sectoria(&[
        "import",
        "--departement",
        "094",
        "--annuaire",
        &f("annuaire.csv"),
        "--ips-colleges",
        &f("ipsc.csv"),
        "--ips-lycees",
        &f("ipsl.csv"),
        "--ips-ecoles",
        &f("ipse.csv"),
        "--densite",
        &f("grille.csv"),
        "--communes",
        &f("laposte.csv"),
        "--pupils-per-fte",
        "800",
        "--out",
        s(out),
    ])
}

const ECOLE_D: &str = "0940004D;École D;Ecole;Public;94000;94028;Créteil;094;REP+;200;1;;48.78;2.45;OUVERT;151;";
const ECOLE_E: &str = "0940005E;École E;Ecole;Public;94000;94028;Créteil;094;REP+;170;1;;48.80;2.47;OUVERT;151;";
const LYCEE_B: &str = "0940002B;Lycée B;Lycée;Public;94000;94028;Créteil;094;;;;0;48.79;2.46;OUVERT;306;";

#[test]
fn an_extract_of_ecoles_only_fails_at_import_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_extract(dir.path(), &[ECOLE_D, ECOLE_E]);
    let out = dir.path().join("instance");
    let o = import(dir.path(), &out);
    let message = text(&o);
    assert_eq!(o.status.code(), Some(1), "{message}");
    assert!(message.contains("aucun établissement du département 094 ne peut être planifié"), "{message}");
    assert!(message.contains("2 × école REP+ sans collège tête de réseau"), "{message}");
    assert!(!out.join("establishments.csv").exists(), "no instance the planner would refuse");
    assert!(out.join("import_report.txt").exists());
}

#[test]
fn ecoles_without_a_head_college_are_left_out_and_the_instance_plans() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_extract(dir.path(), &[LYCEE_B, ECOLE_D, ECOLE_E]);
    let instance = dir.path().join("instance");
    let o = import(dir.path(), &instance);
    assert!(o.status.success(), "{}", text(&o));
    let report = std::fs::read_to_string(instance.join("import_report.txt")).expect("import_report.txt");
    assert!(report.contains("école REP+ sans collège tête de réseau"), "{report}");

    let scenario = instance.join("scenario.toml");
    let plan_dir = dir.path().join("plan");
    let o = sectoria(&["plan", "--instance", s(&instance), "--scenario", s(&scenario), "--out", s(&plan_dir)]);
    assert!(o.status.success(), "plan refused the imported instance: {}", text(&o));
    let plan = plan_dir.join("plan.json");
    let o = sectoria(&["check", "--instance", s(&instance), "--scenario", s(&scenario), "--plan", s(&plan)]);
    assert!(o.status.success(), "{}", text(&o));

    // Imported again into the same folder: refused (the scenario may have been edited), nothing
    // replaced; with --force, replaced.
    std::fs::write(&scenario, "# modifié à la main\n").expect("edit");
    std::fs::write(instance.join("workers.csv"), "id;fte\nASS01;1\n").expect("workers");
    let o = import(dir.path(), &instance);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("contient déjà une instance : l'import remplacerait establishments.csv et scenario.toml, et garderait workers.csv"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&scenario).expect("scenario"), "# modifié à la main\n");
    let f = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_string();
    let o = sectoria(&[
        "import",
        "--departement",
        "094",
        "--annuaire",
        &f("annuaire.csv"),
        "--ips-colleges",
        &f("ipsc.csv"),
        "--ips-lycees",
        &f("ipsl.csv"),
        "--ips-ecoles",
        &f("ipse.csv"),
        "--densite",
        &f("grille.csv"),
        "--communes",
        &f("laposte.csv"),
        "--out",
        s(&instance),
        "--force",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(&scenario).expect("scenario"),
        "# modifié à la main\n",
        "no --pupils-per-fte: kept"
    );
}
