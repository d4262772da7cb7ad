//! Arbitrary bytes as the annuaire de l'éducation, through the whole in-memory import of
//! département 031 (no join files).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match sectoria_import::import_annuaire_bytes(data, "031") {
        Ok(report) => {
            assert!(report.rows_balance(), "lignes non comptées :\n{report}");
            assert!(!report.to_string().is_empty());
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
