//! The annuaire de l'éducation (`fr-en-annuaire-education`): one row per establishment,
//! read by header name, restricted to one département.

use crate::departement::Departement;
use crate::error::ImportError;
use crate::table::{Row, Table};
use crate::values::{
    normalize_insee, normalize_postal_code, normalize_uai, parse_bool, parse_count, parse_lat_lon_pair, parse_number,
    valid_lat_lon,
};
use std::collections::BTreeSet;
use std::path::Path;

pub(crate) const WHAT: &str = "l'annuaire de l'éducation";

/// Membership of the éducation prioritaire, as the annuaire states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Priority {
    /// Not in éducation prioritaire.
    None,
    /// REP.
    Rep,
    /// REP+.
    RepPlus,
}

impl Priority {
    fn parse(value: &str) -> Priority {
        let v: String = value.to_uppercase().chars().filter(|c| !c.is_whitespace()).collect();
        if v.contains("REP+") || v.contains("REPPLUS") {
            Priority::RepPlus
        } else if v.starts_with("REP") {
            Priority::Rep
        } else {
            Priority::None
        }
    }
}

/// One annuaire row of the département, typed; optional columns absent from the file are
/// `None`.
#[derive(Debug, Clone, Default)]
pub(crate) struct AnnuaireRow {
    pub line: u64,
    pub uai: String,
    pub name: String,
    pub type_label: String,
    pub status: String,
    pub postal_code: Option<String>,
    pub commune_insee: Option<String>,
    pub commune: String,
    pub nature_code: Option<String>,
    pub nature_label: String,
    pub maternelle: Option<bool>,
    pub elementaire: Option<bool>,
    pub voie_generale: Option<bool>,
    pub voie_technologique: Option<bool>,
    pub voie_professionnelle: Option<bool>,
    pub internat: Option<bool>,
    pub ulis: Option<bool>,
    pub segpa: Option<bool>,
    pub priority: Option<Priority>,
    pub pupils: Option<u32>,
    pub coordinates: Option<(f64, f64)>,
    pub state: Option<String>,
    pub ministry: Option<String>,
    pub mother: Option<String>,
    pub zap: Option<String>,
    pub bassin: Option<String>,
}

/// The rows of one département and the counts of the whole file.
#[derive(Debug, Default)]
pub(crate) struct Annuaire {
    /// Data rows in the file.
    pub rows_read: usize,
    /// Rows of other départements.
    pub rows_other_departements: usize,
    /// Rows whose département could not be determined.
    pub rows_unknown_departement: usize,
    /// Rows of the département, in file order.
    pub rows: Vec<AnnuaireRow>,
    /// `Libelle_departement`, when present.
    pub departement_name: Option<String>,
    /// Non-fatal remarks (encoding…).
    pub warnings: Vec<String>,
}

/// Column indexes, looked up once by header name.
struct Columns {
    uai: usize,
    name: usize,
    type_label: Option<usize>,
    status: usize,
    commune_insee: usize,
    postal_code: Option<usize>,
    commune: Option<usize>,
    departement: Option<usize>,
    departement_name: Option<usize>,
    nature_code: Option<usize>,
    nature_label: Option<usize>,
    maternelle: Option<usize>,
    elementaire: Option<usize>,
    voie_generale: Option<usize>,
    voie_technologique: Option<usize>,
    voie_professionnelle: Option<usize>,
    internat: Option<usize>,
    ulis: Option<usize>,
    segpa: Option<usize>,
    priority: Option<usize>,
    pupils: Option<usize>,
    latitude: Option<usize>,
    longitude: Option<usize>,
    position: Option<usize>,
    state: Option<usize>,
    ministry: Option<usize>,
    mother: Option<usize>,
    zap: Option<usize>,
    bassin_label: Option<usize>,
    bassin_code: Option<usize>,
}

impl Columns {
    /// Columns of `t`; `Type_etablissement` is required only with `require_type` (the
    /// national collège file has none).
    fn find(t: &Table, require_type: bool) -> Result<Columns, ImportError> {
        let type_label =
            if require_type { Some(t.required(&["Type_etablissement"])?) } else { t.optional(&["Type_etablissement"]) };
        Ok(Columns {
            uai: t.required(&["Identifiant_de_l_etablissement", "uai", "numero_uai"])?,
            name: t.required(&["Nom_etablissement", "appellation_officielle"])?,
            type_label,
            status: t.required(&["Statut_public_prive", "secteur_public_prive_libe"])?,
            commune_insee: t.required(&["Code_commune", "code_commune_insee"])?,
            postal_code: t.optional(&["Code_postal", "code_postal_uai"]),
            commune: t.optional(&["Nom_commune", "libelle_commune"]),
            departement: t.optional(&["Code_departement"]),
            departement_name: t.optional(&["Libelle_departement"]),
            nature_code: t.optional(&["code_nature", "nature_uai"]),
            nature_label: t.optional(&["libelle_nature", "nature_uai_libe"]),
            maternelle: t.optional(&["Ecole_maternelle"]),
            elementaire: t.optional(&["Ecole_elementaire"]),
            voie_generale: t.optional(&["Voie_generale"]),
            voie_technologique: t.optional(&["Voie_technologique"]),
            voie_professionnelle: t.optional(&["Voie_professionnelle"]),
            internat: t.optional(&["Hebergement", "Internat"]),
            ulis: t.optional(&["ULIS"]),
            segpa: t.optional(&["Segpa"]),
            priority: t.optional(&["Appartenance_Education_Prioritaire"]),
            pupils: t.optional(&["Nombre_d_eleves"]),
            latitude: t.optional(&["latitude"]),
            longitude: t.optional(&["longitude"]),
            position: t.optional(&["position"]),
            state: t.optional(&["etat", "etat_etablissement_libe"]),
            ministry: t.optional(&["ministere_tutelle", "libelle_ministere"]),
            mother: t.optional(&["etablissement_mere"]),
            zap: t.optional(&["code_zone_animation_pedagogique"]),
            bassin_label: t.optional(&["libelle_bassin_formation"]),
            bassin_code: t.optional(&["code_bassin_formation"]),
        })
    }
}

/// Reads the annuaire file, keeping the rows of `departement`.
pub(crate) fn read(path: &Path, departement: &Departement) -> Result<Annuaire, ImportError> {
    from_table(&Table::open(path, WHAT, b";")?, departement)
}

/// Parses an annuaire already loaded as a table.
pub(crate) fn from_table(table: &Table, departement: &Departement) -> Result<Annuaire, ImportError> {
    let cols = Columns::find(table, true)?;
    let mut annuaire = Annuaire::default();
    if table.legacy_encoding {
        annuaire.warnings.push(format!("{} n'est pas en UTF-8 : lu comme Windows-1252.", table.path().display()));
    }
    let mut seen = BTreeSet::new();
    for row in table.rows() {
        let row = row?;
        annuaire.rows_read += 1;
        let commune_insee = normalize_insee(row.get(cols.commune_insee));
        let Some(row_departement) = departement_of(&row, &cols, commune_insee.as_deref()) else {
            annuaire.rows_unknown_departement += 1;
            continue;
        };
        if row_departement != *departement {
            seen.insert(row_departement.code());
            annuaire.rows_other_departements += 1;
            continue;
        }
        if annuaire.departement_name.is_none() {
            annuaire.departement_name = row.opt(cols.departement_name).map(str::to_string);
        }
        annuaire.rows.push(parse_row(&row, &cols, commune_insee));
    }
    if annuaire.rows.is_empty() {
        let available =
            if seen.is_empty() { "aucun".to_string() } else { seen.into_iter().collect::<Vec<_>>().join(", ") };
        return Err(ImportError::UnknownDepartement {
            path: table.path().to_path_buf(),
            departement: departement.code(),
            available,
        });
    }
    Ok(annuaire)
}

/// The département of a row: its `Code_departement`, else the one of its commune.
fn departement_of(row: &Row, cols: &Columns, commune_insee: Option<&str>) -> Option<Departement> {
    row.opt(cols.departement)
        .and_then(Departement::from_code)
        .or_else(|| commune_insee.and_then(Departement::of_commune))
}

/// A row of a national file laid out like the annuaire, with its département.
#[derive(Debug, Clone)]
pub(crate) struct NationalRow {
    /// The département (`None` when neither the code nor the commune says).
    pub departement: Option<Departement>,
    /// `Libelle_departement`, when present.
    pub departement_name: Option<String>,
    /// The row.
    pub row: AnnuaireRow,
}

/// Reads every row of a national file with the annuaire's columns (such as the collèges'
/// address and geolocation file, whose columns are aliases of the annuaire's and which has
/// no `Type_etablissement`). `what` names the file in messages.
pub(crate) fn read_national(path: &Path, what: &str) -> Result<Vec<NationalRow>, ImportError> {
    national_from_table(&Table::open(path, what, b";")?)
}

/// Parses a national file already loaded as a table.
pub(crate) fn national_from_table(table: &Table) -> Result<Vec<NationalRow>, ImportError> {
    let cols = Columns::find(table, false)?;
    let mut rows = Vec::new();
    for row in table.rows() {
        let row = row?;
        let commune_insee = normalize_insee(row.get(cols.commune_insee));
        let departement = departement_of(&row, &cols, commune_insee.as_deref());
        let departement_name = row.opt(cols.departement_name).map(str::to_string);
        rows.push(NationalRow { departement, departement_name, row: parse_row(&row, &cols, commune_insee) });
    }
    Ok(rows)
}

fn parse_row(row: &Row, cols: &Columns, commune_insee: Option<String>) -> AnnuaireRow {
    let flag = |col: Option<usize>| row.opt(col).and_then(parse_bool);
    let text = |col: Option<usize>| row.opt(col).map(str::to_string);
    let coordinates =
        valid_lat_lon(row.opt(cols.latitude).and_then(parse_number), row.opt(cols.longitude).and_then(parse_number))
            .or_else(|| row.opt(cols.position).and_then(parse_lat_lon_pair));
    AnnuaireRow {
        line: row.line,
        uai: normalize_uai(row.get(cols.uai)).unwrap_or_else(|| row.get(cols.uai).to_uppercase()),
        name: row.get(cols.name).to_string(),
        type_label: cols.type_label.map(|c| row.get(c).to_string()).unwrap_or_default(),
        status: row.get(cols.status).to_string(),
        postal_code: row.opt(cols.postal_code).and_then(normalize_postal_code),
        commune_insee,
        commune: text(cols.commune).unwrap_or_default(),
        nature_code: text(cols.nature_code),
        nature_label: text(cols.nature_label).unwrap_or_default(),
        maternelle: flag(cols.maternelle),
        elementaire: flag(cols.elementaire),
        voie_generale: flag(cols.voie_generale),
        voie_technologique: flag(cols.voie_technologique),
        voie_professionnelle: flag(cols.voie_professionnelle),
        internat: flag(cols.internat),
        ulis: flag(cols.ulis),
        segpa: flag(cols.segpa),
        priority: cols.priority.map(|c| Priority::parse(row.get(c))),
        pupils: row.opt(cols.pupils).and_then(parse_count),
        coordinates,
        state: text(cols.state),
        ministry: text(cols.ministry),
        mother: row.opt(cols.mother).and_then(normalize_uai),
        zap: text(cols.zap),
        bassin: text(cols.bassin_label).or_else(|| text(cols.bassin_code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;\
Statut_public_prive;Code_postal;Code_commune;Nom_commune;Code_departement;\
Appartenance_Education_Prioritaire;Nombre_d_eleves;latitude;longitude;etat";

    fn dep(code: &str) -> Result<Departement, ImportError> {
        Departement::parse(code)
    }

    #[test]
    fn reads_rows_of_the_departement_without_bom() -> Result<(), ImportError> {
        let text = format!(
            "{HEADER}\n\
             0310001A;Collège A;Collège;Public;31 000;31555;Toulouse;031;REP+;;43.6;1.44;OUVERT\n\
             0340001B;Collège B;Collège;Public;34000;34172;Montpellier;034;;;43.6;3.87;OUVERT\n\
             0310002B;École C;Ecole;Public;31000;31555;Toulouse;031;REP;120;;;OUVERT\n"
        );
        let table = Table::from_text(&text, b";")?;
        let annuaire = from_table(&table, &dep("31")?)?;
        assert_eq!(annuaire.rows_read, 3);
        assert_eq!(annuaire.rows_other_departements, 1);
        assert_eq!(annuaire.rows.len(), 2);
        let a = &annuaire.rows[0];
        assert_eq!(a.postal_code.as_deref(), Some("31000"));
        assert_eq!(a.priority, Some(Priority::RepPlus));
        assert_eq!(a.coordinates, Some((43.6, 1.44)));
        assert_eq!(a.line, 2);
        let c = &annuaire.rows[1];
        assert_eq!(c.coordinates, None);
        assert_eq!(c.pupils, Some(120));
        assert_eq!(c.priority, Some(Priority::Rep));
        // Absent optional columns stay unknown.
        assert_eq!(c.internat, None);
        assert_eq!(c.mother, None);
        Ok(())
    }

    #[test]
    fn departement_from_commune_when_column_absent() -> Result<(), ImportError> {
        let text = "\u{feff}Identifiant_de_l_etablissement;Nom_etablissement;\
Type_etablissement;Statut_public_prive;Code_commune\n\
0310001A;Collège A;Collège;Public;31555\n";
        let table = Table::from_text(text, b";")?;
        let annuaire = from_table(&table, &dep("031")?)?;
        assert_eq!(annuaire.rows.len(), 1);
        assert_eq!(annuaire.rows[0].priority, None);
        Ok(())
    }

    #[test]
    fn unknown_departement_lists_available() -> Result<(), ImportError> {
        let text = format!("{HEADER}\n0310001A;Collège A;Collège;Public;31000;31555;Toulouse;031;;;;;OUVERT\n");
        let table = Table::from_text(&text, b";")?;
        match from_table(&table, &dep("99")?) {
            Err(ImportError::UnknownDepartement { departement, available, .. }) => {
                assert_eq!(departement, "099");
                assert_eq!(available, "031");
            }
            other => panic!("résultat inattendu : {other:?}"),
        }
        Ok(())
    }

    #[test]
    fn missing_required_column_is_an_error() -> Result<(), ImportError> {
        let text = "Nom_etablissement;Type_etablissement;Statut_public_prive;Code_commune\n\
                    A;Collège;Public;31555\n";
        let table = Table::from_text(text, b";")?;
        let err = from_table(&table, &dep("31")?).err();
        match err {
            Some(ImportError::MissingColumn { column, .. }) => {
                assert_eq!(column, "Identifiant_de_l_etablissement");
            }
            other => panic!("résultat inattendu : {other:?}"),
        }
        Ok(())
    }

    #[test]
    fn too_few_fields_is_an_error_with_its_line() -> Result<(), ImportError> {
        let text = format!(
            "{HEADER}\n0310001A;Collège A;Collège;Public;31000;31555;Toulouse;031;;;;;OUVERT\n\
             0310002B;Collège B;Collège\n"
        );
        let table = Table::from_text(&text, b";")?;
        let message = from_table(&table, &dep("31")?).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("ligne 3"), "{message}");
        assert!(message.contains("Statut_public_prive"), "{message}");
        Ok(())
    }

    #[test]
    fn wrong_separator_is_an_error() {
        let text = HEADER.replace(';', ",") + "\n";
        assert!(matches!(Table::from_text(&text, b";"), Err(ImportError::WrongSeparator { .. })));
    }

    #[test]
    fn position_column_is_a_coordinate_fallback() -> Result<(), ImportError> {
        let text = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;\
Statut_public_prive;Code_commune;latitude;longitude;position\n\
0310001A;A;Collège;Public;31555;;;\"43.5, 1.5\"\n";
        let table = Table::from_text(text, b";")?;
        let annuaire = from_table(&table, &dep("31")?)?;
        assert_eq!(annuaire.rows[0].coordinates, Some((43.5, 1.5)));
        Ok(())
    }
}
