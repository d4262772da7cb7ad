//! REP+ écoles are attached to their network's head collège (`network`). The open data does
//! not list network membership, so the head is the nearest REP+ collège among, in order:
//! the REP+ collèges of the same `code_zone_animation_pedagogique` and commune, of the same
//! commune, of the same zone, of the département; when the département has no REP+ collège,
//! the nearest collège (with a warning). A network given more écoles than one full-time worker
//! can follow is named in a warning ([`crowded_networks`]).

use crate::location::haversine_km;
use crate::record::Record;
use crate::report::{count_of, fr_decimal};
use crate::scope::Kind;
use sectoria_core::scenario::Rules;
use std::collections::BTreeMap;
use std::fmt;

/// How an école was attached to its head collège.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AttachMethod {
    /// Nearest REP+ collège of the same zone (ZAP) and commune.
    SameZoneAndCommune,
    /// Nearest REP+ collège of the same commune.
    SameCommune,
    /// Nearest REP+ collège of the same zone (ZAP).
    SameZone,
    /// Nearest REP+ collège of the département.
    NearestRepPlus,
    /// No REP+ collège in the département: nearest collège.
    NearestCollege,
}

impl fmt::Display for AttachMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttachMethod::SameZoneAndCommune => "collège REP+ de la même zone et de la même commune",
            AttachMethod::SameCommune => "collège REP+ de la même commune",
            AttachMethod::SameZone => "collège REP+ de la même zone d'animation pédagogique",
            AttachMethod::NearestRepPlus => "collège REP+ le plus proche du département",
            AttachMethod::NearestCollege => "aucun collège REP+ dans le département : collège le plus proche",
        })
    }
}

/// One école attached to its head collège.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkAttachment {
    /// UAI of the école.
    pub ecole: String,
    /// UAI of the head collège.
    pub college: String,
    /// Name of the head collège.
    pub college_name: String,
    /// Rule that chose it.
    pub method: AttachMethod,
    /// Number of candidate collèges under that rule (the nearest was taken).
    pub candidates: usize,
    /// Distance between the école and the collège (km, great circle).
    pub distance_km: f64,
}

/// Sets `network` on every école; returns the attachments and the UAIs of écoles left
/// without a network (only when the département has no collège at all).
pub(crate) fn attach(records: &mut [Record]) -> (Vec<NetworkAttachment>, Vec<String>) {
    let colleges: Vec<Head> = records
        .iter()
        .filter(|r| r.kind == Kind::College)
        .filter_map(|r| {
            Some(Head {
                uai: r.uai.clone(),
                name: r.name.clone(),
                location: r.location?,
                commune: r.commune_insee.clone(),
                zap: r.zap.clone(),
                rep_plus: r.rep_plus == Some(true),
            })
        })
        .collect();
    let mut attachments = Vec::new();
    let mut unattached = Vec::new();
    for ecole in records.iter_mut().filter(|r| r.kind == Kind::Ecole) {
        match choose(ecole, &colleges) {
            Some(attachment) => {
                ecole.network = Some(attachment.college.clone());
                attachments.push(attachment);
            }
            None => unattached.push(ecole.uai.clone()),
        }
    }
    (attachments, unattached)
}

/// The most REP+ écoles one full-time worker can serve besides their head collège at the
/// planner's default minimum presences, écoles following their collège's worker:
/// (1 ETP − the collège's minimum) / the école minimum, (1 − 0,2) / 0,1 = 8.
pub(crate) fn plausible_network_size() -> usize {
    let rules = Rules::default();
    let ecoles = (1.0 - rules.min_presence_fte) / rules.min_presence_ecole_fte;
    // A small positive count, rounded down (the epsilon absorbs the division's error).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let count = (ecoles + 1e-9).floor().max(0.0) as usize;
    count
}

/// A warning for every head collège given more écoles than [`plausible_network_size`]: the
/// attachment is the import's heuristic, to check against the carte de l'éducation prioritaire.
pub(crate) fn crowded_networks(attachments: &[NetworkAttachment]) -> Vec<String> {
    let max = plausible_network_size();
    let mut by_college: BTreeMap<&str, Vec<&NetworkAttachment>> = BTreeMap::new();
    for a in attachments {
        by_college.entry(a.college.as_str()).or_default().push(a);
    }
    let rules = Rules::default();
    by_college
        .into_iter()
        .filter(|(_, ecoles)| ecoles.len() > max)
        .map(|(college, ecoles)| {
            let mut methods: BTreeMap<AttachMethod, usize> = BTreeMap::new();
            for a in &ecoles {
                *methods.entry(a.method).or_default() += 1;
            }
            let how: Vec<String> =
                methods.iter().map(|(m, n)| format!("{} par « {m} »", count_of(*n, "école", "écoles"))).collect();
            format!(
                "Le réseau REP+ du collège {college} ({}) compte {} : plus que les {max} qu'un assistant à temps \
                 plein peut suivre ({} ETP de présence minimale par école en plus de {} ETP au collège, les écoles \
                 suivant l'assistant de leur collège). Ce rattachement est une estimation de l'import, le collège \
                 REP+ le plus proche ({}), pas la carte de l'éducation prioritaire : vérifiez-le sur la carte \
                 officielle et corrigez la colonne « network » de establishments.csv.",
                ecoles[0].college_name,
                count_of(ecoles.len(), "école", "écoles"),
                fr_decimal(rules.min_presence_ecole_fte, 1),
                fr_decimal(rules.min_presence_fte, 1),
                how.join(", ")
            )
        })
        .collect()
}

struct Head {
    uai: String,
    name: String,
    location: (f64, f64),
    commune: Option<String>,
    zap: Option<String>,
    rep_plus: bool,
}

impl AttachMethod {
    /// The rules, most specific first.
    const TIERS: [AttachMethod; 5] = [
        AttachMethod::SameZoneAndCommune,
        AttachMethod::SameCommune,
        AttachMethod::SameZone,
        AttachMethod::NearestRepPlus,
        AttachMethod::NearestCollege,
    ];

    /// Whether `college` is a candidate head for `ecole` under this rule.
    fn accepts(self, ecole: &Record, college: &Head) -> bool {
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        let same_commune = same(&college.commune, &ecole.commune_insee);
        let same_zone = same(&college.zap, &ecole.zap);
        match self {
            AttachMethod::SameZoneAndCommune => college.rep_plus && same_zone && same_commune,
            AttachMethod::SameCommune => college.rep_plus && same_commune,
            AttachMethod::SameZone => college.rep_plus && same_zone,
            AttachMethod::NearestRepPlus => college.rep_plus,
            AttachMethod::NearestCollege => true,
        }
    }
}

fn choose(ecole: &Record, colleges: &[Head]) -> Option<NetworkAttachment> {
    let location = ecole.location?;
    AttachMethod::TIERS.iter().find_map(|&method| {
        let candidates: Vec<&Head> = colleges.iter().filter(|c| method.accepts(ecole, c)).collect();
        let nearest = candidates
            .iter()
            .map(|c| (haversine_km(location, c.location), *c))
            .min_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.uai.cmp(&b.1.uai)))?;
        Some(NetworkAttachment {
            ecole: ecole.uai.clone(),
            college: nearest.1.uai.clone(),
            college_name: nearest.1.name.clone(),
            method,
            candidates: candidates.len(),
            distance_km: nearest.0,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::{AnnuaireRow, Priority};

    fn record(uai: &str, kind: Kind, rep_plus: bool, commune: &str, zap: Option<&str>, location: (f64, f64)) -> Record {
        let row = AnnuaireRow {
            uai: uai.to_string(),
            commune_insee: Some(commune.to_string()),
            zap: zap.map(str::to_string),
            priority: Some(if rep_plus { Priority::RepPlus } else { Priority::None }),
            coordinates: Some(location),
            ..AnnuaireRow::default()
        };
        Record::from_row(&row, kind, None)
    }

    #[test]
    fn attaches_by_commune_then_zone_then_distance() {
        let mut records = vec![
            record("C1", Kind::College, true, "34172", Some("Z1"), (43.60, 3.87)),
            record("C2", Kind::College, true, "34172", Some("Z2"), (43.62, 3.85)),
            record("C3", Kind::College, false, "34172", Some("Z1"), (43.61, 3.86)),
            record("C4", Kind::College, true, "34032", Some("Z3"), (43.34, 3.21)),
            // Same zone and commune as C1, nearer to C2: C1 wins.
            record("E1", Kind::Ecole, true, "34172", Some("Z1"), (43.62, 3.85)),
            // Same commune only.
            record("E2", Kind::Ecole, true, "34172", None, (43.621, 3.851)),
            // Other commune, zone Z3.
            record("E3", Kind::Ecole, true, "34300", Some("Z3"), (43.40, 3.69)),
            // Nothing in common: nearest REP+ collège.
            record("E4", Kind::Ecole, true, "34999", None, (43.35, 3.22)),
        ];
        let (attachments, unattached) = attach(&mut records);
        assert!(unattached.is_empty());
        let got: Vec<(&str, &str, AttachMethod)> =
            attachments.iter().map(|a| (a.ecole.as_str(), a.college.as_str(), a.method)).collect();
        assert_eq!(
            got,
            vec![
                ("E1", "C1", AttachMethod::SameZoneAndCommune),
                ("E2", "C2", AttachMethod::SameCommune),
                ("E3", "C4", AttachMethod::SameZone),
                ("E4", "C4", AttachMethod::NearestRepPlus),
            ]
        );
        assert_eq!(records[4].network.as_deref(), Some("C1"));
    }

    #[test]
    fn without_rep_plus_college_takes_the_nearest_college() {
        let mut records = vec![
            record("C1", Kind::College, false, "66136", None, (42.70, 2.89)),
            record("E1", Kind::Ecole, true, "66136", None, (42.71, 2.90)),
        ];
        let (attachments, _) = attach(&mut records);
        assert_eq!(attachments[0].method, AttachMethod::NearestCollege);
    }

    #[test]
    fn a_network_above_eight_ecoles_is_named_with_its_rule() {
        assert_eq!(plausible_network_size(), 8);
        let attachment = |ecole: String, method| NetworkAttachment {
            ecole,
            college: "0311234A".to_string(),
            college_name: "Collège Stendhal".to_string(),
            method,
            candidates: 2,
            distance_km: 1.0,
        };
        let mut attachments: Vec<NetworkAttachment> =
            (0..8).map(|k| attachment(format!("E{k}"), AttachMethod::SameZoneAndCommune)).collect();
        assert!(crowded_networks(&attachments).is_empty(), "8 écoles: plausible");
        attachments.push(attachment("E8".to_string(), AttachMethod::SameCommune));
        let warnings = crowded_networks(&attachments);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert!(
            w.starts_with("Le réseau REP+ du collège 0311234A (Collège Stendhal) compte 9 écoles : plus que les 8"),
            "{w}"
        );
        assert!(
            w.contains("8 écoles par « collège REP+ de la même zone et de la même commune », 1 école par « collège REP+ de la même commune »"),
            "{w}"
        );
        assert!(w.contains("carte de l'éducation prioritaire"), "{w}");
    }

    #[test]
    fn no_college_leaves_the_ecole_unattached() {
        let mut records = vec![record("E1", Kind::Ecole, true, "66136", None, (42.7, 2.9))];
        let (attachments, unattached) = attach(&mut records);
        assert!(attachments.is_empty());
        assert_eq!(unattached, vec!["E1".to_string()]);
    }
}
