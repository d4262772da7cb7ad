//! Département codes: `31`, `031`, `2A`, `02a`, `971` all name one département.

use crate::error::ImportError;
use std::fmt;

/// A département code, compared without leading zeros and shown on three characters as in
/// the annuaire (`031`, `02A`, `971`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Departement {
    key: String,
}

impl Departement {
    /// Parses a code typed by a user; errors on anything that is not a département code.
    pub fn parse(input: &str) -> Result<Departement, ImportError> {
        let departement = Departement::from_code(input)
            .ok_or_else(|| ImportError::InvalidDepartement { input: input.to_string() })?;
        if departement.key == "20" {
            return Err(ImportError::CorsicaDepartement { input: input.to_string() });
        }
        Ok(departement)
    }

    /// Parses a code found in a file (`None` when empty or malformed).
    pub(crate) fn from_code(input: &str) -> Option<Departement> {
        let code = input.trim().to_uppercase();
        let key = code.trim_start_matches('0');
        let valid = match key.len() {
            1 | 2 => key.chars().all(|c| c.is_ascii_digit()) || key == "2A" || key == "2B",
            3 => key.chars().all(|c| c.is_ascii_digit()),
            _ => false,
        };
        valid.then(|| Departement { key: key.to_string() })
    }

    /// The département of an INSEE commune code (`31483` → 31, `97101` → 971, `2A004` → 2A).
    pub(crate) fn of_commune(insee: &str) -> Option<Departement> {
        let prefix_len = if insee.starts_with("97") || insee.starts_with("98") { 3 } else { 2 };
        Departement::from_code(insee.get(..prefix_len)?)
    }

    /// The three-character code (`031`, `02A`, `971`).
    pub fn code(&self) -> String {
        format!("{:0>3}", self.key)
    }
}

impl fmt::Display for Departement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_usual_spellings() -> Result<(), ImportError> {
        assert_eq!(Departement::parse("31")?, Departement::parse("031")?);
        assert_eq!(Departement::parse("31")?.code(), "031");
        assert_eq!(Departement::parse("2a")?.code(), "02A");
        assert_eq!(Departement::parse("02A")?, Departement::parse("2A")?);
        assert_eq!(Departement::parse("971")?.code(), "971");
        assert_eq!(Departement::parse("5")?.code(), "005");
        Ok(())
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["", "3C", "1234", "Haute-Garonne", "0"] {
            assert!(matches!(Departement::parse(bad), Err(ImportError::InvalidDepartement { .. })), "{bad}");
        }
    }

    /// `--departement 20` was read as 020, a département that does not exist.
    #[test]
    fn corsica_is_two_departements() {
        for typed in ["20", "020"] {
            let e = Departement::parse(typed).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(e.contains("la Corse a deux départements : 2A (Corse-du-Sud) et 2B"), "{typed}: {e}");
        }
    }

    #[test]
    fn derives_from_commune_code() {
        assert_eq!(Departement::of_commune("31483").map(|d| d.code()), Some("031".to_string()));
        assert_eq!(Departement::of_commune("97101").map(|d| d.code()), Some("971".to_string()));
        assert_eq!(Departement::of_commune("2A004").map(|d| d.code()), Some("02A".to_string()));
    }
}
