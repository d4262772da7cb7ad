//! Dates for run names, status files and backups (UTC, no time-zone database needed).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch.
pub fn now_s() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `AAAAMMJJ-HHMMSS` (UTC), sortable: the start of a run's folder name.
pub fn stamp(secs: u64) -> String {
    let d = sectoria_report::Day::from_epoch_s(secs);
    let rem = secs % 86_400;
    format!("{:04}{:02}{:02}-{:02}{:02}{:02}", d.year, d.month, d.day, rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(stamp(0), "19700101-000000");
        assert_eq!(stamp(951_782_400), "20000229-000000");
        assert_eq!(stamp(1_796_186_833), "20261202-044713");
    }
}
