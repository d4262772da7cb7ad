//! What a committee document is about: the instance (département), the scenario file, the run
//! and the date — the line under the report's title that tells two printed variants apart.
//!
//! The renderers stay pure: the caller says what it knows ([`ReportContext`]), the report adds
//! what the plan records (the scenario file among its inputs).

use sectoria_core::Plan;

/// A calendar day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// Year.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn month_days(year: i64, month: u32) -> u64 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    /// The UTC day of `secs` seconds after the Unix epoch.
    pub fn from_epoch_s(secs: u64) -> Day {
        let mut days = secs / 86_400;
        let mut year = 1970;
        loop {
            let length = if leap(year) { 366 } else { 365 };
            if days < length {
                break;
            }
            days -= length;
            year += 1;
        }
        let mut month = 1;
        while days >= month_days(year, month) {
            days -= month_days(year, month);
            month += 1;
        }
        Day { year, month, day: days as u32 + 1 }
    }

    /// « 1er mars 2025 », « 12 mars 2025 ».
    pub fn french(self) -> String {
        let month = MONTHS.get(self.month.saturating_sub(1) as usize).copied().unwrap_or("?");
        let day = if self.day == 1 { "1er".to_string() } else { self.day.to_string() };
        format!("{day} {month} {}", self.year)
    }
}

/// What the caller knows of the plan a document presents. Every field is optional: a report
/// says what it is told and nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportContext {
    /// The instance: the instance folder's name, or the département.
    pub instance: Option<String>,
    /// The scenario file's name; when absent, the scenario file among the plan's inputs.
    pub scenario: Option<String>,
    /// The run's name (a web run's folder, `AAAAMMJJ-HHMMSS-N`).
    pub run: Option<String>,
    /// The day the plan was computed, when a file of the run records it (a web run's
    /// `status.json`). Nothing else is used: a report depends only on its plan and its run's
    /// files, so the same plan gives the same bytes any day.
    pub date: Option<Day>,
}

/// The scenario file among the inputs `plan` records (the one `.toml`), if any.
pub fn scenario_input(plan: &Plan) -> Option<&str> {
    let mut tomls = plan.inputs.keys().filter(|k| k.ends_with(".toml"));
    match (tomls.next(), tomls.next()) {
        (Some(name), None) => Some(name.as_str()),
        _ => None,
    }
}

impl ReportContext {
    /// The context's parts as (what, value) pairs: « instance », « scénario », « planification »
    /// with their values, then the date as a phrase after an empty « what ».
    pub fn parts(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(i) = self.instance.as_deref().filter(|s| !s.is_empty()) {
            out.push(("instance", i.to_string()));
        }
        if let Some(s) = self.scenario.as_deref().filter(|s| !s.is_empty()).or_else(|| scenario_input(plan)) {
            out.push(("scénario", s.to_string()));
        }
        if let Some(r) = self.run.as_deref().filter(|s| !s.is_empty()) {
            out.push(("planification", r.to_string()));
        }
        if let Some(d) = self.date {
            out.push(("", format!("calculé le {}", d.french())));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_french() {
        assert_eq!(Day::from_epoch_s(0), Day { year: 1970, month: 1, day: 1 });
        assert_eq!(Day::from_epoch_s(0).french(), "1er janvier 1970");
        assert_eq!(Day::from_epoch_s(951_782_400).french(), "29 février 2000");
        assert_eq!(Day::from_epoch_s(1_796_186_833).french(), "2 décembre 2026");
        assert_eq!(Day::from_epoch_s(1_735_689_599).french(), "31 décembre 2024");
    }
}
