//! Warnings: facts of the input files that look wrong but do not stop the plan (today's sectors
//! above a worker's quotité, `current.csv` lines the scenario's scope leaves out, quotités the
//! decision unit cannot express). Each names its file, line(s), worker or UAI and figures, in
//! French, and is meant for the plan's `warnings` and the terminal.

use crate::frcsv::fr;
use sectoria_core::problem::out_of_scope_reason;
use sectoria_core::{Establishment, Instance, Scenario};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How many items a grouped warning names before summing up the rest.
pub const LISTED: usize = 10;

/// One warning about one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    /// File the warning is about.
    pub file: PathBuf,
    /// Lines concerned (1-based, header = line 1), in order; empty when the message names them.
    pub lines: Vec<usize>,
    /// UAI concerned, when there is one.
    pub uai: Option<String>,
    /// What is wrong and what to do (French).
    pub message: String,
}

impl InputWarning {
    /// A warning about `file`.
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        Self { file: file.to_path_buf(), lines: Vec::new(), uai: None, message: message.into() }
    }

    /// Sets the lines concerned.
    pub fn at_lines(mut self, mut lines: Vec<usize>) -> Self {
        lines.sort_unstable();
        lines.dedup();
        self.lines = lines;
        self
    }

    /// Sets the UAI concerned.
    pub fn for_uai(mut self, uai: impl Into<String>) -> Self {
        self.uai = Some(uai.into());
        self
    }
}

impl fmt::Display for InputWarning {
    /// The file by its name alone: the same inputs in another folder give the same plan, and a
    /// server's folders are not shown to the browser.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.file.file_name() {
            Some(name) => write!(f, "{}", name.to_string_lossy())?,
            None => write!(f, "{}", self.file.display())?,
        }
        match self.lines.as_slice() {
            [] => {}
            [line] => write!(f, ", ligne {line}")?,
            lines => write!(f, ", lignes {}", line_list(lines))?,
        }
        if let Some(uai) = &self.uai {
            write!(f, ", UAI {uai}")?;
        }
        write!(f, " : {}", self.message)
    }
}

/// `lines` (sorted) in French: runs of three or more as « 12 à 14 », the last joined by « et ».
pub fn line_list(lines: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == l => *end = l,
            _ => runs.push((l, l)),
        }
    }
    let mut parts = Vec::new();
    for (start, end) in runs {
        match end - start {
            0 => parts.push(start.to_string()),
            1 => parts.extend([start.to_string(), end.to_string()]),
            _ => parts.push(format!("{start} à {end}")),
        }
    }
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} et {last}", rest.join(", ")),
        _ => parts.join(""),
    }
}

/// `x` rounded to a millionth and written the French way (`0,7`, not `0,69999…`).
pub(crate) fn figure(x: f64) -> String {
    fr((x * 1e6).round() / 1e6)
}

/// An instance read with the warnings of its files, and where its lines are, for the warnings
/// that depend on the scenario ([`LoadedInstance::scenario_warnings`]).
#[derive(Debug, Clone)]
pub struct LoadedInstance {
    /// The instance.
    pub instance: Instance,
    /// The warnings of the files alone, in file then line order.
    pub warnings: Vec<InputWarning>,
    pub(crate) workers_file: PathBuf,
    pub(crate) worker_lines: BTreeMap<String, usize>,
    pub(crate) current_file: PathBuf,
    /// Line of each `instance.current` row, same order.
    pub(crate) current_lines: Vec<usize>,
}

impl LoadedInstance {
    /// Every warning, of the files alone and of the files under `scenario`: the instance's
    /// [`warnings`](Self::warnings) then [`scenario_warnings`](Self::scenario_warnings).
    pub fn all_warnings(&self, scenario: &Scenario) -> Vec<InputWarning> {
        let mut out = self.warnings.clone();
        out.extend(self.scenario_warnings(scenario));
        out
    }

    /// The warnings that depend on `scenario`: quotités the unit `budget.unit_fte` cannot
    /// express (time lost to rounding), `current.csv` lines outside the scope (ignored by the
    /// plan, each named), establishments with more current workers than
    /// `rules.max_workers_per_establishment`.
    pub fn scenario_warnings(&self, scenario: &Scenario) -> Vec<InputWarning> {
        let mut out = self.rounding_warnings(scenario);
        out.extend(self.ignored_current(scenario));
        out.extend(self.crowded_current(scenario));
        out
    }

    fn rounding_warnings(&self, scenario: &Scenario) -> Vec<InputWarning> {
        let unit = scenario.budget.unit_fte;
        if unit <= 0.0 {
            return Vec::new();
        }
        let half_days = (unit - 0.1).abs() < 1e-12;
        let mut out = Vec::new();
        for w in &self.instance.workers {
            let units = scenario.fte_to_units_floor(w.fte);
            let kept = f64::from(units) * unit;
            let lost = w.fte - kept;
            if lost <= 1e-9 {
                continue;
            }
            let s = if units >= 2 { "s" } else { "" };
            let (counted, got) = if half_days {
                (format!("demi-journées de {} ETP", fr(unit)), format!("{units} demi-journée{s}"))
            } else {
                (format!("unités de {} ETP", fr(unit)), format!("{units} unité{s}"))
            };
            let mut warning = InputWarning::new(
                &self.workers_file,
                format!(
                    "l'assistant {} a une quotité de {} ETP, mais le plan compte par {counted} ([budget] unit_fte) : \
                     il reçoit {got} ({} ETP), {} ETP est perdu à l'arrondi. Écrivez une quotité multiple de {} ETP, \
                     ou choisissez une unité plus fine.",
                    w.id,
                    figure(w.fte),
                    figure(kept),
                    figure(lost),
                    fr(unit)
                ),
            );
            if let Some(&line) = self.worker_lines.get(&w.id) {
                warning = warning.at_lines(vec![line]);
            }
            out.push(warning);
        }
        out
    }

    fn ignored_current(&self, scenario: &Scenario) -> Vec<InputWarning> {
        let establishments: BTreeMap<&str, &Establishment> =
            self.instance.establishments.iter().map(|e| (e.uai.as_str(), e)).collect();
        let mut ignored = Vec::new();
        for (c, &line) in self.instance.current.iter().zip(&self.current_lines) {
            // An unknown UAI is refused by the reader (E141), not ignored.
            let Some(e) = establishments.get(c.uai.as_str()) else { continue };
            if let Some(reason) = out_of_scope_reason(e, scenario) {
                ignored.push((line, format!("ligne {line} ({} à {}, {reason})", c.worker_id, c.uai)));
            }
        }
        if ignored.is_empty() {
            return Vec::new();
        }
        let n = ignored.len();
        let (which, they) = if n >= 2 {
            (format!("{n} lignes ignorées"), "elles ne comptent pas")
        } else {
            ("1 ligne ignorée".to_string(), "elle ne compte pas")
        };
        let mut listed: Vec<&str> = ignored.iter().take(LISTED).map(|(_, text)| text.as_str()).collect();
        let rest: Vec<usize> = ignored.iter().skip(LISTED).map(|(line, _)| *line).collect();
        let more = match rest.len() {
            0 => String::new(),
            1 => format!(" et 1 autre (ligne {})", rest[0]),
            r => format!(" et {r} autres (lignes {})", line_list(&rest)),
        };
        let last = if rest.is_empty() { listed.pop() } else { None };
        let named = match last {
            Some(last) if !listed.is_empty() => format!("{} et {last}", listed.join(", ")),
            Some(last) => last.to_string(),
            None => listed.join(", "),
        };
        vec![InputWarning::new(
            &self.current_file,
            format!(
                "{which} (établissement hors du périmètre du scénario) : {they} dans la continuité : \
                 {named}{more}."
            ),
        )]
    }

    fn crowded_current(&self, scenario: &Scenario) -> Vec<InputWarning> {
        let max = scenario.rules.max_workers_per_establishment;
        let in_scope: BTreeMap<&str, bool> = self
            .instance
            .establishments
            .iter()
            .map(|e| (e.uai.as_str(), out_of_scope_reason(e, scenario).is_none()))
            .collect();
        let mut by_uai: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
        for (c, &line) in self.instance.current.iter().zip(&self.current_lines) {
            if in_scope.get(c.uai.as_str()).copied().unwrap_or(false) {
                by_uai.entry(c.uai.as_str()).or_default().push((line, c.worker_id.as_str()));
            }
        }
        let mut out: Vec<InputWarning> = by_uai
            .into_iter()
            .filter(|(_, rows)| rows.len() > max as usize)
            .map(|(uai, rows)| {
                let ids: Vec<&str> = rows.iter().map(|(_, id)| *id).collect();
                InputWarning::new(
                    &self.current_file,
                    format!(
                        "{} assistants aujourd'hui ({}) pour au plus {max} dans le scénario \
                         ([rules] max_workers_per_establishment = {max}) ; le plan respecte la règle du scénario, \
                         les secteurs actuels servent seulement à la continuité.",
                        rows.len(),
                        ids.join(", ")
                    ),
                )
                .at_lines(rows.iter().map(|(line, _)| *line).collect())
                .for_uai(uai)
            })
            .collect();
        out.sort_by_key(|w| w.lines.first().copied().unwrap_or(0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_french() {
        assert_eq!(line_list(&[3]), "3");
        assert_eq!(line_list(&[3, 4]), "3 et 4");
        assert_eq!(line_list(&[3, 5, 9]), "3, 5 et 9");
        assert_eq!(line_list(&[12, 13, 14]), "12 à 14");
        assert_eq!(line_list(&[2, 12, 13, 14, 20, 21]), "2, 12 à 14, 20 et 21");
        let w = InputWarning::new(Path::new("current.csv"), "m.").at_lines(vec![9, 3]).for_uai("0660010C");
        assert_eq!(w.to_string(), "current.csv, lignes 3 et 9, UAI 0660010C : m.");
        assert_eq!(figure(0.3 + 0.9), "1,2");
    }
}
