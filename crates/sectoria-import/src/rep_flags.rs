//! Optional national collège file with éducation prioritaire flags and SEGPA/ULIS pupil
//! counts (`donnees-dnb-effectifs-ips_colleges`, comma-separated). A collège flagged both
//! REP and REP+ is REP+.

use crate::error::ImportError;
use crate::record::{or, Record};
use crate::report::{JoinCount, MissingJoin};
use crate::scope::Kind;
use crate::table::Table;
use crate::values::{normalize_uai, parse_bool, parse_count};
use std::collections::HashMap;
use std::path::Path;

const WHAT: &str = "le fichier national des collèges (REP/REP+)";

/// What the national file says about one collège.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct CollegeFlags {
    /// REP (false when REP+).
    pub rep: bool,
    /// REP+.
    pub rep_plus: bool,
    /// Flagged both REP and REP+ in the file.
    pub both: bool,
    /// Total enrolment.
    pub pupils: Option<u32>,
    /// SEGPA pupils.
    pub segpa_pupils: Option<u32>,
    /// ULIS pupils.
    pub ulis_pupils: Option<u32>,
}

/// The national file indexed by UAI (latest session when several).
#[derive(Debug, Default)]
pub(crate) struct NationalColleges {
    entries: HashMap<String, (String, CollegeFlags)>,
}

impl NationalColleges {
    /// Flags of a collège.
    pub fn get(&self, uai: &str) -> Option<CollegeFlags> {
        self.entries.get(uai).map(|(_, flags)| *flags)
    }

    /// Number of collèges.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Reads the file (`,` or `;` separated).
pub(crate) fn read(path: &Path) -> Result<NationalColleges, ImportError> {
    from_table(&Table::open(path, WHAT, b",;")?)
}

/// Parses the file loaded as a table.
pub(crate) fn from_table(table: &Table) -> Result<NationalColleges, ImportError> {
    let uai_col = table.required(&["numero_college", "uai", "numero_uai"])?;
    let rep_col = table.required(&["rep"])?;
    let rep_plus_col = table.required(&["rep_plus"])?;
    let session_col = table.optional(&["session", "rentree_scolaire"]);
    let pupils_col = table.optional(&["nombre_eleves_total"]);
    let segpa_col = table.optional(&["nombre_eleves_segpa"]);
    let ulis_col = table.optional(&["nombre_eleves_ulis"]);
    let mut result = NationalColleges::default();
    for row in table.rows() {
        let row = row?;
        let Some(uai) = normalize_uai(row.get(uai_col)) else {
            continue;
        };
        let rep = parse_bool(row.get(rep_col)).unwrap_or(false);
        let rep_plus = parse_bool(row.get(rep_plus_col)).unwrap_or(false);
        let flags = CollegeFlags {
            rep: rep && !rep_plus,
            rep_plus,
            both: rep && rep_plus,
            pupils: row.opt(pupils_col).and_then(parse_count),
            segpa_pupils: row.opt(segpa_col).and_then(parse_count),
            ulis_pupils: row.opt(ulis_col).and_then(parse_count),
        };
        let session = row.opt(session_col).unwrap_or("").to_string();
        let newer = result.entries.get(&uai).is_none_or(|(known, _)| session > *known);
        if newer {
            result.entries.insert(uai, (session, flags));
        }
    }
    Ok(result)
}

/// A flag the national file set that the annuaire did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagAdded {
    /// UAI of the collège.
    pub uai: String,
    /// The flag (`REP`, `REP+`, `SEGPA`, `ULIS`).
    pub flag: String,
}

/// What the national collège file brought.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepFlagsJoin {
    /// Collèges found in the file.
    pub matched: usize,
    /// Collèges not in the file.
    pub missing: Vec<MissingJoin>,
    /// Collèges flagged both REP and REP+ (taken as REP+).
    pub both_flags: Vec<String>,
    /// Flags added to what the annuaire says.
    pub flags_added: Vec<FlagAdded>,
}

impl RepFlagsJoin {
    /// The join as matched/missing counts.
    pub fn as_join(&self) -> JoinCount {
        JoinCount { matched: self.matched, missing: self.missing.clone() }
    }
}

/// ORs the national flags into the collèges (REP, REP+, SEGPA and ULIS when the file has
/// SEGPA/ULIS pupils).
pub(crate) fn apply(records: &mut [Record], national: &NationalColleges) -> RepFlagsJoin {
    let mut join = RepFlagsJoin::default();
    for record in records.iter_mut().filter(|r| r.kind == Kind::College && r.section.is_none()) {
        let Some(flags) = national.get(&record.uai) else {
            join.missing.push(MissingJoin { uai: record.uai.clone(), name: record.name.clone(), kind: record.kind });
            continue;
        };
        join.matched += 1;
        if flags.both {
            join.both_flags.push(record.uai.clone());
        }
        let segpa = flags.segpa_pupils.map(|n| n > 0);
        let ulis = flags.ulis_pupils.map(|n| n > 0);
        let updates = [
            ("REP+", &mut record.rep_plus, Some(flags.rep_plus)),
            ("SEGPA", &mut record.segpa, segpa),
            ("ULIS", &mut record.ulis, ulis),
        ];
        for (name, slot, value) in updates {
            if value == Some(true) && *slot != Some(true) {
                join.flags_added.push(FlagAdded { uai: record.uai.clone(), flag: name.to_string() });
            }
            *slot = or(*slot, value);
        }
        if flags.rep && record.rep != Some(true) && record.rep_plus != Some(true) {
            join.flags_added.push(FlagAdded { uai: record.uai.clone(), flag: "REP".to_string() });
        }
        record.rep = or(record.rep, Some(flags.rep));
        record.normalize_priority();
    }
    join
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_separated_with_both_flags() -> Result<(), ImportError> {
        let text = ",\"numero_college\",\"session\",\"rep\",\"rep_plus\",\
\"nombre_eleves_total\",\"nombre_eleves_segpa\",\"nombre_eleves_ulis\",\"ips\"\n\
\"1\",\"0310001A\",2021,0,1,500,0,12,\"92,4\"\n\
\"2\",\"0310002B\",2021,1,1,400,60,0,\"80,1\"\n\
\"3\",\"0310003C\",2021,1,0,300,,,\"99,0\"\n";
        let file = from_table(&Table::from_text(text, b",;")?)?;
        assert_eq!(file.len(), 3);
        let a = file.get("0310001A").unwrap_or_default();
        assert!(a.rep_plus && !a.rep && !a.both);
        assert_eq!(a.ulis_pupils, Some(12));
        let b = file.get("0310002B").unwrap_or_default();
        assert!(b.rep_plus && !b.rep && b.both);
        assert_eq!(b.segpa_pupils, Some(60));
        let c = file.get("0310003C").unwrap_or_default();
        assert!(c.rep && !c.rep_plus);
        assert_eq!(c.segpa_pupils, None);
        Ok(())
    }

    #[test]
    fn flags_are_ored_into_colleges() -> Result<(), ImportError> {
        use crate::annuaire::{AnnuaireRow, Priority};
        let text = "uai;rep;rep_plus;nombre_eleves_segpa\n\
                    0310001A;1;1;40\n0310002B;1;0;0\n";
        let file = from_table(&Table::from_text(text, b",;")?)?;
        let row = |uai: &str, priority| AnnuaireRow {
            uai: uai.to_string(),
            priority: Some(priority),
            ..AnnuaireRow::default()
        };
        let mut records = vec![
            Record::from_row(&row("0310001A", Priority::Rep), Kind::College, None),
            Record::from_row(&row("0310002B", Priority::Rep), Kind::College, None),
            Record::from_row(&row("0310003C", Priority::None), Kind::College, None),
            Record::from_row(&row("0310004D", Priority::None), Kind::Lycee, None),
        ];
        let join = apply(&mut records, &file);
        assert_eq!(join.matched, 2);
        assert_eq!(join.missing.len(), 1);
        assert_eq!(join.both_flags, vec!["0310001A".to_string()]);
        assert_eq!((records[0].rep, records[0].rep_plus), (Some(false), Some(true)));
        assert_eq!(records[0].segpa, Some(true));
        assert_eq!(records[1].segpa, Some(false));
        let added: Vec<&str> = join.flags_added.iter().map(|f| f.flag.as_str()).collect();
        assert_eq!(added, vec!["REP+", "SEGPA"]);
        Ok(())
    }

    #[test]
    fn semicolon_vintage_is_accepted() -> Result<(), ImportError> {
        let text = "uai;rep;rep_plus\n0310001A;1;0\n";
        let file = from_table(&Table::from_text(text, b",;")?)?;
        assert!(file.get("0310001A").is_some_and(|f| f.rep));
        Ok(())
    }
}
