//! IPS files of the DEPP (`fr-en-ips-colleges`, `-lycees`, `-ecoles`): social position index
//! and enrolment (`effectifs`) per UAI. When a file holds several school years, the latest
//! one is kept.

use crate::error::ImportError;
use crate::table::Table;
use crate::values::{normalize_uai, parse_count, parse_number};
use std::collections::HashMap;
use std::path::Path;

/// Which IPS file (their columns differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IpsFile {
    /// Collèges: `effectifs`, `ips`.
    Colleges,
    /// Lycées: per track (`_voie_gt`, `_voie_pro`) and `_ensemble_gt_pro`.
    Lycees,
    /// Écoles: `effectifs`, `ips`.
    Ecoles,
}

impl IpsFile {
    fn what(self) -> &'static str {
        match self {
            IpsFile::Colleges => "le fichier IPS des collèges",
            IpsFile::Lycees => "le fichier IPS des lycées",
            IpsFile::Ecoles => "le fichier IPS des écoles",
        }
    }
}

/// IPS and enrolment of one establishment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct IpsEntry {
    /// Enrolment.
    pub pupils: Option<u32>,
    /// Indice de position sociale.
    pub ips: Option<f64>,
}

/// An IPS file indexed by UAI.
#[derive(Debug, Default)]
pub(crate) struct IpsTable {
    entries: HashMap<String, (String, IpsEntry)>,
}

impl IpsTable {
    /// The entry of `uai`, if any.
    pub fn get(&self, uai: &str) -> Option<IpsEntry> {
        self.entries.get(uai).map(|(_, entry)| *entry)
    }

    /// Number of UAIs.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Reads one IPS file.
pub(crate) fn read(path: &Path, file: IpsFile) -> Result<IpsTable, ImportError> {
    from_table(&Table::open(path, file.what(), b";")?, file)
}

/// Parses an IPS file already loaded as a table.
pub(crate) fn from_table(table: &Table, file: IpsFile) -> Result<IpsTable, ImportError> {
    let uai_col = table.required(&["uai", "numero_uai"])?;
    let year_col = table.optional(&["rentree_scolaire"]);
    let (pupils_col, ips_col) = match file {
        IpsFile::Colleges | IpsFile::Ecoles => (table.required(&["effectifs"])?, table.required(&["ips"])?),
        IpsFile::Lycees => (
            table.required(&["effectifs_ensemble_gt_pro", "effectifs"])?,
            table.required(&["ips_ensemble_gt_pro", "ips"])?,
        ),
    };
    let track_cols = match file {
        IpsFile::Lycees => [("effectifs_voie_gt", "ips_voie_gt"), ("effectifs_voie_pro", "ips_voie_pro")]
            .map(|(p, i)| (table.optional(&[p]), table.optional(&[i]))),
        _ => [(None, None), (None, None)],
    };
    let mut result = IpsTable::default();
    for row in table.rows() {
        let row = row?;
        let Some(uai) = normalize_uai(row.get(uai_col)) else {
            continue;
        };
        let year = row.opt(year_col).unwrap_or("").to_string();
        let mut entry = IpsEntry { pupils: parse_count(row.get(pupils_col)), ips: parse_number(row.get(ips_col)) };
        if entry.pupils.is_none() || entry.ips.is_none() {
            let tracks: Vec<(Option<u32>, Option<f64>)> = track_cols
                .iter()
                .map(|&(p, i)| (row.opt(p).and_then(parse_count), row.opt(i).and_then(parse_number)))
                .collect();
            fill_from_tracks(&mut entry, &tracks);
        }
        let newer = result.entries.get(&uai).is_none_or(|(known_year, _)| year > *known_year);
        if newer {
            result.entries.insert(uai, (year, entry));
        }
    }
    Ok(result)
}

/// Completes a lycée entry from its per-track values (sum of pupils, pupil-weighted IPS).
fn fill_from_tracks(entry: &mut IpsEntry, tracks: &[(Option<u32>, Option<f64>)]) {
    if entry.pupils.is_none() {
        let known: Vec<u32> = tracks.iter().filter_map(|t| t.0).collect();
        if !known.is_empty() {
            entry.pupils = Some(known.iter().sum());
        }
    }
    if entry.ips.is_none() {
        let (mut weight, mut sum) = (0.0, 0.0);
        for &(pupils, ips) in tracks {
            if let (Some(p), Some(i)) = (pupils, ips) {
                weight += f64::from(p);
                sum += f64::from(p) * i;
            }
        }
        if weight > 0.0 {
            entry.ips = Some(sum / weight);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colleges_without_bom() -> Result<(), ImportError> {
        let text = "rentree_scolaire;uai;effectifs;ips\n\
                    2021-2022;0310001A;500.0;101.2\n\
                    2022-2023;0310001A;540.0;100.4\n\
                    2022-2023;0310002B;;NS\n";
        let table = from_table(&Table::from_text(text, b";")?, IpsFile::Colleges)?;
        assert_eq!(table.len(), 2);
        assert_eq!(table.get("0310001A"), Some(IpsEntry { pupils: Some(540), ips: Some(100.4) }));
        assert_eq!(table.get("0310002B"), Some(IpsEntry::default()));
        assert_eq!(table.get("0310003C"), None);
        Ok(())
    }

    #[test]
    fn lycees_from_tracks_when_total_missing() -> Result<(), ImportError> {
        let text = "\u{feff}uai;type_de_lycee;effectifs_voie_gt;effectifs_voie_pro;\
effectifs_ensemble_gt_pro;ips_voie_gt;ips_voie_pro;ips_ensemble_gt_pro\n\
0310001A;LPO;300.0;100.0;;110.0;90.0;\n\
0310002B;LP;;200.0;200.0;;85.5;85.5\n";
        let table = from_table(&Table::from_text(text, b";")?, IpsFile::Lycees)?;
        let a = table.get("0310001A").unwrap_or_default();
        assert_eq!(a.pupils, Some(400));
        assert!((a.ips.unwrap_or_default() - 105.0).abs() < 1e-9);
        assert_eq!(table.get("0310002B").and_then(|e| e.pupils), Some(200));
        Ok(())
    }

    #[test]
    fn missing_ips_column_is_an_error() -> Result<(), ImportError> {
        let text = "uai;effectifs\n0310001A;12\n";
        let table = Table::from_text(text, b";")?;
        assert!(matches!(from_table(&table, IpsFile::Ecoles), Err(ImportError::MissingColumn { .. })));
        Ok(())
    }
}
