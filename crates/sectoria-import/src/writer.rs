//! The instance folder: `establishments.csv` (DESIGN §2: `;`, UTF-8 with BOM, decimal point,
//! booleans `0`/`1`, empty when unknown, sorted by UAI), optional `scenario.toml` with the
//! budget hint and every other key commented, and `import_report.txt`.

use crate::error::ImportError;
use crate::record::Record;
use crate::report::fr_decimal;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Header of `establishments.csv`, in this exact order.
pub const ESTABLISHMENTS_HEADER: [&str; 20] = [
    "uai",
    "name",
    "kind",
    "commune_insee",
    "commune",
    "lat",
    "lon",
    "pupils",
    "cycle3_pupils",
    "ips",
    "density",
    "rep",
    "rep_plus",
    "internat",
    "segpa",
    "ulis",
    "upe2a",
    "relais",
    "network",
    "bassin",
];

/// File names in the instance folder.
pub const ESTABLISHMENTS_FILE: &str = "establishments.csv";
/// Scenario written with `--pupils-per-fte`.
pub const SCENARIO_FILE: &str = "scenario.toml";
/// The French report.
pub const REPORT_FILE: &str = "import_report.txt";

/// Writes `establishments.csv` (records sorted by UAI).
pub(crate) fn write_establishments(dir: &Path, records: &[Record]) -> Result<PathBuf, ImportError> {
    let path = dir.join(ESTABLISHMENTS_FILE);
    let bytes = establishments_bytes(records).map_err(|source| ImportError::Write {
        path: path.clone(),
        source: std::io::Error::other(source.to_string()),
    })?;
    write_file(&path, &bytes)?;
    Ok(path)
}

/// The bytes of `establishments.csv`: BOM, header, records sorted by UAI.
pub(crate) fn establishments_bytes(records: &[Record]) -> Result<Vec<u8>, csv::Error> {
    let mut sorted: Vec<&Record> = records.iter().collect();
    sorted.sort_by(|a, b| a.uai.cmp(&b.uai));
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut bytes);
        writer.write_record(ESTABLISHMENTS_HEADER)?;
        for record in sorted {
            writer.write_record(fields(record))?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

fn fields(r: &Record) -> [String; 20] {
    let (lat, lon) =
        r.location.map_or((String::new(), String::new()), |(lat, lon)| (format!("{lat:.6}"), format!("{lon:.6}")));
    [
        r.uai.clone(),
        r.name.clone(),
        r.kind.code().to_string(),
        r.commune_insee.clone().unwrap_or_default(),
        r.commune.clone(),
        lat,
        lon,
        r.pupils.map(|p| p.to_string()).unwrap_or_default(),
        r.cycle3_pupils.map(|p| p.to_string()).unwrap_or_default(),
        r.ips.map(|i| format!("{i:.1}")).unwrap_or_default(),
        r.density.map(|d| d.to_string()).unwrap_or_default(),
        flag(r.rep),
        flag(r.rep_plus),
        flag(r.internat),
        flag(r.segpa),
        flag(r.ulis),
        flag(r.upe2a),
        flag(r.relais),
        r.network.clone().unwrap_or_default(),
        r.bassin.clone().unwrap_or_default(),
    ]
}

fn flag(value: Option<bool>) -> String {
    match value {
        Some(true) => "1".to_string(),
        Some(false) => "0".to_string(),
        None => String::new(),
    }
}

/// Served pupils / pupils per ETP, rounded to 0.1.
pub(crate) fn estimated_fte(pupils_served: u64, pupils_per_fte: f64) -> f64 {
    // Pupil counts are far below 2^52: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let pupils = pupils_served as f64;
    (pupils / pupils_per_fte * 10.0).round() / 10.0
}

/// `total_fte` for the budget hint: [`estimated_fte`], without a fraction below the default
/// minimum presence (`rules.min_presence_fte`, 0.2): the post it would make (« ⌊total⌋ postes à
/// temps plein et un poste à temps partiel ») could serve no establishment and would be said
/// idle in every plan.
pub(crate) fn total_fte(pupils_served: u64, pupils_per_fte: f64) -> f64 {
    let fte = estimated_fte(pupils_served, pupils_per_fte);
    let part = fte - fte.floor();
    if part > 1e-9 && part < min_presence() - 1e-9 {
        fte.floor()
    } else {
        fte
    }
}

/// The default minimum presence in a collège or lycée, ETP.
pub(crate) fn min_presence() -> f64 {
    sectoria_core::Scenario::default().rules.min_presence_fte
}

/// Writes `scenario.toml` with the budget (every other key listed, commented, with its default).
pub(crate) fn write_scenario(
    dir: &Path,
    pupils_served: u64,
    pupils_per_fte: f64,
    total_fte: f64,
) -> Result<PathBuf, ImportError> {
    let path = dir.join(SCENARIO_FILE);
    write_file(&path, scenario_text(pupils_served, pupils_per_fte, total_fte).as_bytes())?;
    Ok(path)
}

/// What [`total_fte`] left out of the estimate, said after it: « 20,1 ETP, ramené à 20 ETP{kept_in} :
/// une part de 0,1 ETP, … »; `None` when nothing was left out.
pub(crate) fn dropped_part(pupils_served: u64, pupils_per_fte: f64, kept_in: &str) -> Option<String> {
    let (raw, kept) = (estimated_fte(pupils_served, pupils_per_fte), total_fte(pupils_served, pupils_per_fte));
    if (raw - kept).abs() < 1e-9 {
        return None;
    }
    Some(format!(
        "{} ETP, ramené à {} ETP{kept_in} : une part de {} ETP, sous la présence minimale d'un collège ou d'un lycée \
         ({} ETP), formerait un poste qui ne pourrait servir aucun établissement (une école REP+ suit l'assistant \
         de son collège)",
        fr_decimal(raw, 1),
        fr_decimal(kept, 0),
        fr_decimal(raw - kept, 1),
        fr_decimal(min_presence(), 1)
    ))
}

/// The text of `scenario.toml`: the budget, and every other key commented
/// ([`crate::scenario_template`]).
pub(crate) fn scenario_text(pupils_served: u64, pupils_per_fte: f64, total_fte: f64) -> String {
    let ratio = fr_decimal(pupils_per_fte, if pupils_per_fte.fract() == 0.0 { 0 } else { 1 });
    crate::scenario_template::scenario_text(
        &format!(
            "Budget estimé par sectoria import : {pupils_served} élèves dans le périmètre (cycle 3 pour \
             les écoles REP+) / {ratio} élèves par ETP, arrondi au dixième{}.",
            dropped_part(pupils_served, pupils_per_fte, "").map(|d| format!(" : {d}")).unwrap_or_default()
        ),
        total_fte,
    )
}

/// Writes the report text.
pub(crate) fn write_report(dir: &Path, text: &str) -> Result<PathBuf, ImportError> {
    let path = dir.join(REPORT_FILE);
    write_file(&path, text.as_bytes())?;
    Ok(path)
}

/// Creates the output folder.
pub(crate) fn create_dir(dir: &Path) -> Result<(), ImportError> {
    std::fs::create_dir_all(dir).map_err(|source| ImportError::Write { path: dir.to_path_buf(), source })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let error = |source| ImportError::Write { path: path.to_path_buf(), source };
    let mut file = std::fs::File::create(path).map_err(error)?;
    file.write_all(bytes).map_err(error)?;
    file.flush().map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::{AnnuaireRow, Priority};
    use crate::scope::Kind;

    #[test]
    fn a_budget_part_too_small_to_serve_is_left_out_and_said() {
        // 32 160 pupils at 1 600 per ETP: 20,1 ETP, whose 0,1 would be a post serving nothing.
        assert_eq!(estimated_fte(32_160, 1600.0), 20.1);
        assert_eq!(total_fte(32_160, 1600.0), 20.0);
        assert!(dropped_part(32_160, 1600.0, "")
            .is_some_and(|d| d.starts_with("20,1 ETP, ramené à 20 ETP : une part de 0,1 ETP")));
        let text = scenario_text(32_160, 1600.0, 20.0);
        assert!(text.contains("arrondi au dixième : 20,1 ETP, ramené à 20 ETP : une part"), "{text}");
        assert!(text.contains("total_fte = 20.0"));
        // 0,2 ETP or more can serve a collège at the minimum presence: kept.
        assert_eq!(total_fte(32_320, 1600.0), 20.2);
        assert_eq!(total_fte(32_000, 1600.0), 20.0);
        assert_eq!(dropped_part(32_320, 1600.0, ""), None);
    }

    #[test]
    fn writes_bom_header_and_sorted_rows() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let row = |uai: &str| AnnuaireRow {
            uai: uai.to_string(),
            name: format!("Établissement {uai}; annexe"),
            commune_insee: Some("31555".to_string()),
            commune: "Toulouse".to_string(),
            coordinates: Some((43.6, 1.44)),
            priority: Some(Priority::RepPlus),
            ..AnnuaireRow::default()
        };
        let mut b = Record::from_row(&row("0310002B"), Kind::Ecole, None);
        b.pupils = Some(138);
        b.cycle3_pupils = Some(55);
        b.ips = Some(73.04);
        b.network = Some("0310001A".to_string());
        let a = Record::from_row(&row("0310001A"), Kind::College, None);
        let path = write_establishments(dir.path(), &[b, a])?;
        let text = std::fs::read_to_string(path)?;
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "\u{feff}uai;name;kind;commune_insee;commune;lat;lon;pupils;cycle3_pupils;ips;\
                 density;rep;rep_plus;internat;segpa;ulis;upe2a;relais;network;bassin"
            )
        );
        assert_eq!(
            lines.next(),
            Some(
                "0310001A;\"Établissement 0310001A; annexe\";college;31555;Toulouse;43.600000;\
                 1.440000;;;;;0;1;;;;;;;"
            )
        );
        assert_eq!(
            lines.next(),
            Some(
                "0310002B;\"Établissement 0310002B; annexe\";ecole;31555;Toulouse;43.600000;\
                 1.440000;138;55;73.0;;0;1;;;;;;0310001A;"
            )
        );
        Ok(())
    }

    #[test]
    fn scenario_budget() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let fte = total_fte(12_345, 1600.0);
        assert!((fte - 7.7).abs() < 1e-9);
        let path = write_scenario(dir.path(), 12_345, 1600.0, fte)?;
        let text = std::fs::read_to_string(path)?;
        assert!(text.starts_with("# "));
        assert!(text.contains("12345 élèves"));
        assert!(text.contains("\n[budget]\ntotal_fte = 7.7\n"), "{text}");
        Ok(())
    }
}
