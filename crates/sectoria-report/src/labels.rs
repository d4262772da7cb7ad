//! The French name of every scenario key (`section.key` as written in `scenario.toml`): what a
//! CTSS-D reads in the web form, the report's parameters, the workbook's « Paramètres » sheet
//! and `sectoria compare`, beside the key the scenario file and the messages use.

use crate::frformat::decimal;
use sectoria_core::Scenario;

/// Each scenario key with its French name, in the order of the scenario file.
pub const LABELS: &[(&str, &str)] = &[
    ("schema", "Format du fichier de scénario"),
    ("budget.total_fte", "Budget (ETP)"),
    ("budget.reserve_fte", "Réserve (ETP)"),
    ("budget.unit_fte", "Unité d'attribution (ETP)"),
    ("budget.extra_posts", "Postes supplémentaires"),
    ("scope.kinds", "Types d'établissements"),
    ("scope.bassins", "Bassins"),
    ("priorities.rep_plus", "Bonus REP+"),
    ("priorities.rep", "Bonus REP"),
    ("priorities.rural_disadvantaged", "Bonus rural défavorisé"),
    ("priorities.rural_ips_threshold", "Seuil d'IPS rural"),
    ("priorities.rural_density_min", "Densité rurale minimale"),
    ("priorities.internat", "Bonus internat"),
    ("priorities.egpa_ulis_relais_upe2a", "Bonus EGPA/ULIS/relais/UPE2A"),
    ("priorities.lycee_pro", "Bonus lycée professionnel"),
    ("need.pupils_per_fte_college", "Élèves par ETP (collège)"),
    ("need.pupils_per_fte_lycee", "Élèves par ETP (lycée)"),
    ("need.pupils_per_fte_lycee_pro", "Élèves par ETP (lycée pro)"),
    ("need.pupils_per_fte_erea", "Élèves par ETP (EREA)"),
    ("need.pupils_per_fte_ecole", "Élèves par ETP (école REP+)"),
    ("need.ips_reference", "IPS de référence"),
    ("need.ips_factor_min", "Facteur IPS minimal"),
    ("need.ips_factor_max", "Facteur IPS maximal"),
    ("need.ips_factor_in_value", "Facteur IPS compté dans la valeur"),
    ("need.max_fte_per_establishment", "Plafond par établissement (ETP)"),
    ("need.cycle3_share", "Part du cycle 3"),
    ("need.value_segments", "Valeur des tranches du besoin"),
    ("rules.min_presence_fte", "Présence minimale (ETP)"),
    ("rules.min_presence_ecole_fte", "Présence minimale, école (ETP)"),
    ("rules.max_workers_per_establishment", "Assistants par établissement"),
    ("rules.max_establishments_per_worker", "Établissements par secteur"),
    ("rules.max_distance_km", "Distance maximale (km)"),
    ("rules.rep_plus_schools_follow_college", "Écoles REP+ avec leur collège"),
    ("rules.must_cover", "Catégories à couvrir"),
    ("rules.must_cover_ecoles", "Couvrir aussi les écoles REP+"),
    ("rules.fragmentation_cost", "Coût de fragmentation"),
    ("travel.weight_per_km", "Poids d'un km"),
    ("travel.detour_factor", "Facteur de détour"),
    ("travel.max_weekly_km", "Plafond de km par semaine"),
    ("travel.weight_per_minute", "Poids d'une minute de trajet"),
    ("travel.max_minutes_one_way", "Trajet maximal (minutes)"),
    ("travel.estimate_kmh", "Vitesse estimée (km/h)"),
    ("stability.penalty_per_unit", "Pénalité de changement"),
    ("stability.max_changes", "Changements au plus"),
    ("locks.assign", "Établissements gardés"),
    ("locks.forbid", "Couples interdits"),
    ("locks.exclude", "Établissements exclus"),
    ("locks.serve", "Établissements à servir"),
    ("solver.time_limit_s", "Limite de temps (s)"),
    ("solver.relative_gap", "Écart relatif visé"),
    ("solver.threads", "Cœurs"),
    ("solver.seed", "Graine"),
    ("solver.method", "Méthode"),
];

/// The French name of the scenario key `key` (`budget.total_fte` → « Budget (ETP) »), `None`
/// for a key the scenario does not have.
pub fn label(key: &str) -> Option<&'static str> {
    LABELS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// « Budget (ETP) [budget.total_fte] »: the French name, then the key in brackets (the key
/// alone when it has no French name), for plain text.
pub fn labelled(key: &str) -> String {
    match label(key) {
        Some(l) => format!("{l} [{key}]"),
        None => key.to_string(),
    }
}

/// The value of a `[locks]` key of `scenario` in French, for the report's parameters and the
/// workbook's « Paramètres » sheet: `locks.assign` = « 0990016E → ASS01 (0,3 ETP) ; 0990047N →
/// ASS07 », `locks.forbid` = « 0990073S ✕ ASS23 », `locks.exclude` = « 0990123W » (« (aucun) »
/// when empty); `None` for any other key.
pub fn locks_value(scenario: &Scenario, key: &str) -> Option<String> {
    let locks = &scenario.locks;
    let items: Vec<String> = match key {
        "locks.assign" => locks
            .assign
            .iter()
            .map(|l| match l.fte {
                Some(fte) => {
                    let fte = decimal(fte, 6);
                    format!("{} → {} ({} ETP)", l.uai, l.worker, fte.trim_end_matches('0').trim_end_matches(','))
                }
                None => format!("{} → {}", l.uai, l.worker),
            })
            .collect(),
        "locks.forbid" => locks.forbid.iter().map(|f| format!("{} ✕ {}", f.uai, f.worker)).collect(),
        "locks.exclude" => locks.exclude.clone(),
        "locks.serve" => locks.serve.clone(),
        _ => return None,
    };
    Some(if items.is_empty() { "(aucun)".to_string() } else { items.join(" ; ") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every `section.key` of the scenario (and `schema`, outside any section), as `serde`
    /// writes it.
    fn scenario_keys() -> BTreeSet<String> {
        let defaults = serde_json::to_value(Scenario::default()).unwrap_or_default();
        let mut keys = BTreeSet::new();
        for (s, value) in defaults.as_object().into_iter().flatten() {
            match value.as_object() {
                Some(section) => keys.extend(section.keys().map(|k| format!("{s}.{k}"))),
                None => {
                    keys.insert(s.clone());
                }
            }
        }
        keys
    }

    #[test]
    fn every_scenario_key_has_exactly_one_label_and_no_two_share_one() {
        let keys: Vec<&str> = LABELS.iter().map(|(k, _)| *k).collect();
        let distinct_keys: BTreeSet<&str> = keys.iter().copied().collect();
        assert_eq!(distinct_keys.len(), keys.len(), "a key is labelled twice");
        let labelled_keys: BTreeSet<String> = keys.iter().map(|k| k.to_string()).collect();
        assert_eq!(labelled_keys, scenario_keys(), "labels and scenario keys differ");
        let names: BTreeSet<&str> = LABELS.iter().map(|(_, l)| *l).collect();
        assert_eq!(names.len(), LABELS.len(), "two keys share a name");
    }

    #[test]
    fn a_key_reads_with_its_french_name() {
        assert_eq!(label("budget.total_fte"), Some("Budget (ETP)"));
        assert_eq!(label("solver.threads"), Some("Cœurs"));
        assert_eq!(label("budget.nope"), None);
        assert_eq!(labelled("budget.total_fte"), "Budget (ETP) [budget.total_fte]");
        assert_eq!(labelled("scénario"), "scénario");
    }

    #[test]
    fn locks_read_as_pairs_not_json() {
        use sectoria_core::scenario::{ForbiddenPair, LockedPair};
        let mut s = Scenario::default();
        assert_eq!(locks_value(&s, "locks.assign").as_deref(), Some("(aucun)"));
        s.locks.assign = vec![
            LockedPair { uai: "0990016E".into(), worker: "ASS01".into(), fte: Some(0.3) },
            LockedPair { uai: "0990047N".into(), worker: "ASS07".into(), fte: None },
        ];
        s.locks.forbid = vec![ForbiddenPair { uai: "0990073S".into(), worker: "ASS23".into() }];
        s.locks.exclude = vec!["0990123W".into(), "0990124X".into()];
        assert_eq!(locks_value(&s, "locks.assign").as_deref(), Some("0990016E → ASS01 (0,3 ETP) ; 0990047N → ASS07"));
        assert_eq!(locks_value(&s, "locks.forbid").as_deref(), Some("0990073S ✕ ASS23"));
        assert_eq!(locks_value(&s, "locks.exclude").as_deref(), Some("0990123W ; 0990124X"));
        s.locks.serve = vec!["0990125Y".into()];
        assert_eq!(locks_value(&s, "locks.serve").as_deref(), Some("0990125Y"));
        assert_eq!(locks_value(&s, "budget.unit_fte"), None);
    }
}
