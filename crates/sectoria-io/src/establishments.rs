//! `establishments.csv`: the establishments of the instance, checked line by line and across
//! lines (duplicate UAIs, REP+ networks).

use crate::error::InputProblem;
use crate::frcsv::{fr, Columns, Record, Table};
use crate::position::read_position;
use sectoria_core::{Establishment, Kind, LatLon};
use std::collections::BTreeMap;
use std::path::Path;

/// The columns of `establishments.csv`.
pub const COLUMNS: Columns = Columns {
    required: &["uai", "name", "kind", "commune_insee", "commune", "lat", "lon", "pupils"],
    optional: &[
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
    ],
    labels: &[],
    spreadsheet: false,
};

/// Plausible IPS range (national values lie between about 45 and 160).
pub const IPS_RANGE: (f64, f64) = (40.0, 200.0);

/// A UAI seen in the file, valid line or not, so that other files can refer to it without
/// their references being reported again.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenUai {
    /// Line of its first occurrence.
    pub line: usize,
    /// Its kind, when readable.
    pub kind: Option<Kind>,
    /// Its position, when valid.
    pub location: Option<LatLon>,
}

/// The establishments read from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EstablishmentTable {
    /// Establishments of the valid lines, in file order.
    pub establishments: Vec<Establishment>,
    /// Every well-formed UAI of the file (uppercase), valid line or not.
    pub seen: BTreeMap<String, SeenUai>,
    /// The file's UAIs could not be read at all (encoding, separator, empty file, no `uai`
    /// column; reported): other files' references to it cannot be checked.
    pub unreadable: bool,
}

impl EstablishmentTable {
    /// Whether `uai` (already normalised) is in the file.
    pub fn knows(&self, uai: &str) -> bool {
        self.seen.contains_key(uai)
    }
}

/// Normalises a UAI (trimmed, uppercase) and checks its form: 7 digits and a letter. The
/// check letter itself is not verified.
pub fn normalise_uai(s: &str) -> Option<String> {
    let u = s.trim().to_uppercase();
    let b = u.as_bytes();
    let ok = b.len() == 8 && b[..7].iter().all(u8::is_ascii_digit) && b[7].is_ascii_uppercase();
    ok.then_some(u)
}

/// The fix for a malformed UAI.
pub(crate) const UAI_FIX: &str = "écrivez l'UAI sur 8 caractères : 7 chiffres puis une lettre (par exemple 0310001A)";

/// The fix for the malformed UAI `raw`: a spreadsheet that took the leading zero away is named
/// only when putting it back gives a plausible UAI (a metropolitan département, 001 to 095 but
/// 020); UAIs of Corsica (620, 720) and overseas (97x, 98x) have no leading zero.
pub(crate) fn uai_fix(raw: &str) -> String {
    let u = raw.trim().to_uppercase();
    let b = u.as_bytes();
    if !(b.len() == 7 && b[..6].iter().all(u8::is_ascii_digit) && b[6].is_ascii_alphabetic()) {
        return UAI_FIX.to_string();
    }
    let departement = u[..2].parse::<u32>().unwrap_or(0);
    let corsica = u.starts_with("620") || u.starts_with("720");
    let overseas = u.starts_with("97") || u.starts_with("98");
    let zero = format!("écrivez 0{u} (colonne au format texte)");
    match (departement, corsica, overseas) {
        (_, _, true) => format!(
            "il manque un chiffre : un UAI d'outre-mer a 8 caractères et commence par son département \
             (9760042S à Mayotte, 9740001A à La Réunion) ; recopiez l'UAI complet de l'annuaire de l'Éducation \
             nationale. {UAI_FIX_SENTENCE}"
        ),
        (_, true, _) => format!(
            "il manque un chiffre : en Corse, l'UAI commence par 620 (2A) ou 720 (2B), sans zéro initial \
             (6200001A) : recopiez l'UAI complet de l'annuaire ; si l'établissement est dans le département \
             0{}, le zéro initial a sans doute été supprimé par le tableur : {zero}",
            &u[..2]
        ),
        (1..=95, _, _) if departement != 20 => {
            format!("il manque un chiffre : le zéro initial a sans doute été supprimé par le tableur ; {zero}")
        }
        _ => UAI_FIX.to_string(),
    }
}

/// [`UAI_FIX`] as a sentence.
const UAI_FIX_SENTENCE: &str = "Un UAI a 8 caractères : 7 chiffres puis une lettre";

/// Reads `establishments.csv` (`bytes`, the content of `file`), pushing every problem to
/// `problems`.
pub fn parse_establishments(bytes: &[u8], file: &Path, problems: &mut Vec<InputProblem>) -> EstablishmentTable {
    let mut out = EstablishmentTable::default();
    let Some(table) = Table::read(bytes, file, &COLUMNS, problems) else {
        out.unreadable = true;
        return out;
    };
    out.unreadable = !table.has_column("uai");
    if table.is_empty() {
        problems.push(InputProblem::new(
            "E110",
            file,
            "le fichier ne contient aucun établissement",
            "ajoutez une ligne par établissement sous l'en-tête",
        ));
    }
    // (index in `out.establishments`, line) of each establishment naming a network.
    let mut with_network: Vec<(usize, usize)> = Vec::new();
    for row in table.rows() {
        let mut rec = table.record(row, problems);
        let Some(uai) = read_uai(&mut rec) else {
            // Read the rest anyway so that every problem of the line is reported.
            let _ = read_fields(&mut rec);
            continue;
        };
        if let Some(first) = out.seen.get(&uai) {
            let first_line = first.line;
            rec.problem(
                "E112",
                "uai",
                format!("UAI {uai} en double : lignes {first_line} et {}", rec.line()),
                format!("gardez une seule ligne pour {uai} (supprimez ou corrigez la ligne {})", rec.line()),
            );
            let _ = read_fields(&mut rec);
            continue;
        }
        let fields = read_fields(&mut rec);
        out.seen.insert(
            uai.clone(),
            SeenUai {
                line: rec.line(),
                kind: fields.as_ref().map(|f| f.kind).or_else(|| rec.raw("kind").and_then(Kind::parse)),
                location: fields.as_ref().map(|f| f.location),
            },
        );
        let Some(f) = fields else {
            continue;
        };
        if rec.failed() {
            continue;
        }
        let line = rec.line();
        if f.network.is_some() || f.kind == Kind::Ecole {
            with_network.push((out.establishments.len(), line));
        }
        out.establishments.push(Establishment {
            uai,
            name: f.name,
            kind: f.kind,
            commune_insee: f.commune_insee,
            commune: f.commune,
            location: f.location,
            pupils: f.pupils,
            cycle3_pupils: f.cycle3_pupils,
            ips: f.ips,
            density: f.density,
            rep: f.rep,
            rep_plus: f.rep_plus,
            internat: f.internat,
            segpa: f.segpa,
            ulis: f.ulis,
            upe2a: f.upe2a,
            relais: f.relais,
            network: f.network,
            bassin: f.bassin,
        });
    }
    for row in table.malformed_rows() {
        let mut ignored = Vec::new();
        let rec = table.record(row, &mut ignored);
        if let Some(uai) = rec.raw("uai").and_then(normalise_uai) {
            out.seen.entry(uai).or_insert(SeenUai { line: row.line, kind: None, location: None });
        }
    }
    check_networks(&mut out, &with_network, file, problems);
    out
}

/// Normalises `raw` as a UAI and checks that `establishments` has it (`E111`, `E141`).
pub(crate) fn known_uai(
    rec: &mut Record<'_>,
    column: &str,
    raw: &str,
    establishments: &EstablishmentTable,
) -> Option<String> {
    let Some(uai) = normalise_uai(raw) else {
        rec.problem("E111", column, format!("« {raw} » n'est pas un UAI"), uai_fix(raw));
        return None;
    };
    if establishments.unreadable {
        // The file's own problem says why; every reference would repeat it.
        rec.mark_failed();
        return None;
    }
    if !establishments.knows(&uai) {
        rec.problem(
            "E141",
            column,
            format!("l'UAI {uai} n'est pas dans establishments.csv"),
            "corrigez l'UAI ou ajoutez l'établissement à establishments.csv",
        );
        return None;
    }
    Some(uai)
}

/// Reads and checks the UAI of the line and tags the line's problems with it.
fn read_uai(rec: &mut Record<'_>) -> Option<String> {
    let raw = rec.required("uai")?;
    match normalise_uai(&raw) {
        Some(uai) => {
            rec.set_uai(&uai);
            Some(uai)
        }
        None => {
            rec.problem("E111", "uai", format!("« {raw} » n'est pas un UAI"), uai_fix(&raw));
            None
        }
    }
}

/// The values of a line other than its UAI, each checked alone.
struct Fields {
    name: String,
    kind: Kind,
    commune_insee: String,
    commune: String,
    location: LatLon,
    pupils: u32,
    cycle3_pupils: Option<u32>,
    ips: Option<f64>,
    density: Option<u8>,
    rep: bool,
    rep_plus: bool,
    internat: bool,
    segpa: bool,
    ulis: bool,
    upe2a: bool,
    relais: bool,
    network: Option<String>,
    bassin: Option<String>,
}

fn read_fields(rec: &mut Record<'_>) -> Option<Fields> {
    let name = rec.required("name");
    let kind = read_kind(rec);
    let commune_insee = read_insee(rec);
    let commune = rec.required("commune");
    let location = read_position(rec, "lat", "lon", true);
    let pupils = rec.required_count("pupils");
    let cycle3_pupils = rec.optional_count("cycle3_pupils");
    if let (Some(c3), Some(p)) = (cycle3_pupils, pupils) {
        if c3 > p {
            rec.problem(
                "E114",
                "cycle3_pupils",
                format!("{c3} élèves de cycle 3 pour {p} élèves au total"),
                "le cycle 3 (CM1, CM2) est une partie des élèves de l'école : vérifiez les deux colonnes",
            );
        }
    }
    let ips = rec.optional_decimal("ips");
    if let Some(v) = ips {
        if !(IPS_RANGE.0..=IPS_RANGE.1).contains(&v) {
            rec.problem(
                "E114",
                "ips",
                format!("IPS {} hors de la plage plausible ({} à {})", fr(v), IPS_RANGE.0, IPS_RANGE.1),
                "vérifiez la valeur (l'IPS national est voisin de 100) ou laissez la case vide si elle est inconnue",
            );
        }
    }
    let density = rec.optional_count("density");
    let density = match density {
        Some(d @ 1..=7) => Some(d as u8),
        Some(d) => {
            rec.problem(
                "E114",
                "density",
                format!("niveau de densité {d} hors de 1 à 7"),
                "écrivez le niveau de la grille de densité de l'INSEE, de 1 (très dense) à 7 (rural très peu dense)",
            );
            None
        }
        None => None,
    };
    let flags = ["rep", "rep_plus", "internat", "segpa", "ulis", "upe2a", "relais"].map(|c| rec.flag(c));
    let network = rec.text("network");
    let network = match network {
        Some(n) => match normalise_uai(&n) {
            Some(u) => Some(u),
            None => {
                rec.problem(
                    "E111",
                    "network",
                    format!("« {n} » n'est pas un UAI"),
                    format!("{UAI_FIX} : celui du collège tête du réseau REP+"),
                );
                None
            }
        },
        None => None,
    };
    let bassin = rec.text("bassin");
    let [rep, rep_plus, internat, segpa, ulis, upe2a, relais] = flags;
    Some(Fields {
        name: name?,
        kind: kind?,
        commune_insee: commune_insee?,
        commune: commune?,
        location: location?,
        pupils: pupils?,
        cycle3_pupils,
        ips,
        density,
        rep,
        rep_plus,
        internat,
        segpa,
        ulis,
        upe2a,
        relais,
        network,
        bassin,
    })
}

fn read_kind(rec: &mut Record<'_>) -> Option<Kind> {
    let raw = rec.required("kind")?;
    let kind = Kind::parse(&raw);
    if kind.is_none() {
        let codes: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
        rec.problem(
            "E113",
            "kind",
            format!("type d'établissement « {raw} » inconnu"),
            format!(
                "écrivez l'un de : {} (lycee pour LEGT, LGT, LPO ; lycee_pro pour LP ; ecole pour une école REP+)",
                codes.join(", ")
            ),
        );
    }
    kind
}

fn read_insee(rec: &mut Record<'_>) -> Option<String> {
    let raw = rec.required("commune_insee")?.to_uppercase();
    let b = raw.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let ok = b.len() == 5 && (digits(b) || (b.starts_with(b"2A") || b.starts_with(b"2B")) && digits(&b[2..]));
    if ok {
        return Some(raw);
    }
    let fix = if b.len() == 4 && digits(b) {
        format!("le zéro initial a sans doute été supprimé par le tableur : écrivez 0{raw} (colonne au format texte)")
    } else {
        "écrivez le code INSEE de la commune sur 5 caractères (par exemple 31555, ou 2A004 en Corse)".to_string()
    };
    rec.problem("E119", "commune_insee", format!("« {raw} » n'est pas un code commune INSEE"), fix);
    None
}

/// Each école must name its network's head collège; a network must be a collège of the file.
fn check_networks(
    out: &mut EstablishmentTable,
    with_network: &[(usize, usize)],
    file: &Path,
    problems: &mut Vec<InputProblem>,
) {
    let mut invalid = Vec::new();
    for &(i, line) in with_network {
        let e = &out.establishments[i];
        let problem = |code, message: String, fix: &str| {
            InputProblem::new(code, file, message, fix).at_line(line).in_column("network").for_uai(e.uai.as_str())
        };
        match &e.network {
            None => {
                problems.push(problem(
                    "E117",
                    format!("l'école {} n'a pas de réseau REP+", e.name),
                    "écrivez dans « network » l'UAI du collège tête de son réseau REP+ \
                     (seules les écoles des réseaux REP+ sont planifiées)",
                ));
                invalid.push(i);
            }
            Some(n) => match out.seen.get(n) {
                None => {
                    problems.push(problem(
                        "E118",
                        format!("le réseau {n} n'est pas un UAI du fichier"),
                        "ajoutez le collège tête de réseau au fichier ou corrigez l'UAI",
                    ));
                    invalid.push(i);
                }
                Some(s) if s.kind.is_some_and(|k| k != Kind::College) => {
                    let kind = s.kind.map_or("", |k| k.label());
                    problems.push(problem(
                        "E118",
                        format!(
                            "le réseau {n} désigne un établissement de type « {kind} », pas un collège (ligne {})",
                            s.line
                        ),
                        "écrivez l'UAI du collège tête du réseau REP+",
                    ));
                    invalid.push(i);
                }
                Some(_) => {}
            },
        }
    }
    if !invalid.is_empty() {
        out.establishments = std::mem::take(&mut out.establishments)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !invalid.contains(i))
            .map(|(_, e)| e)
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const HEADER: &str = "uai;name;kind;commune_insee;commune;lat;lon;pupils;cycle3_pupils;ips;density;\
                                     rep;rep_plus;internat;segpa;ulis;upe2a;relais;network;bassin";

    fn parse(text: &str) -> (EstablishmentTable, Vec<InputProblem>) {
        let mut problems = Vec::new();
        let t = parse_establishments(text.as_bytes(), Path::new("establishments.csv"), &mut problems);
        (t, problems)
    }

    #[test]
    fn uai_forms() {
        assert_eq!(normalise_uai(" 0310001a "), Some("0310001A".to_string()));
        assert_eq!(normalise_uai("310001A"), None);
        assert_eq!(normalise_uai("03100011"), None);
        assert_eq!(normalise_uai("0310001AB"), None);
        assert_eq!(normalise_uai("031000éA"), None);
    }

    #[test]
    fn a_valid_file_with_a_network() {
        let text = format!(
            "{HEADER}\n\
             0310001a;Collège A;college;31555;Toulouse;43,6;1,44;600;;88,5;1;0;1;non;oui;0;0;0;;Nord\n\
             0310002B;École B;ecole;31555;Toulouse;43.61;1.45;250;95;;1;;;;;;;;0310001A;\n"
        );
        let (t, p) = parse(&text);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(t.establishments.len(), 2);
        let a = &t.establishments[0];
        assert_eq!(a.uai, "0310001A");
        assert_eq!(a.ips, Some(88.5));
        assert!(a.rep_plus && !a.internat && a.segpa);
        assert_eq!(a.bassin.as_deref(), Some("Nord"));
        let b = &t.establishments[1];
        assert_eq!((b.kind, b.cycle3_pupils, b.network.as_deref()), (Kind::Ecole, Some(95), Some("0310001A")));
    }

    #[test]
    fn network_problems() {
        let text = format!(
            "{HEADER}\n\
             0310001A;Lycée A;lycee;31555;Toulouse;43.6;1.44;600;;;;;;;;;;;;\n\
             0310002B;École B;ecole;31555;Toulouse;43.6;1.44;250;;;;;;;;;;;;\n\
             0310003C;École C;ecole;31555;Toulouse;43.6;1.44;250;;;;;;;;;;;0310009Z;\n\
             0310004D;École D;ecole;31555;Toulouse;43.6;1.44;250;;;;;;;;;;;0310001A;\n"
        );
        let (t, p) = parse(&text);
        let got: Vec<(&str, Option<usize>)> = p.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(got, vec![("E117", Some(3)), ("E118", Some(4)), ("E118", Some(5))]);
        assert!(p[2].message.contains("pas un collège"), "{}", p[2].message);
        assert_eq!(t.establishments.len(), 1);
    }

    #[test]
    fn value_ranges() {
        let text = format!(
            "{HEADER}\n\
             0310001A;A;college;31555;Toulouse;43.6;1.44;-5;;250;9;;;;;;;;;\n\
             0310002B;B;ecole;1555;Toulouse;43.6;1.44;100;200;;;;;;;;;;0310001A;\n"
        );
        let (_, p) = parse(&text);
        let got: Vec<(&str, Option<&str>)> = p.iter().map(|p| (p.code, p.column.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("E114", Some("pupils")),
                ("E114", Some("ips")),
                ("E114", Some("density")),
                ("E119", Some("commune_insee")),
                ("E114", Some("cycle3_pupils")),
            ]
        );
        assert!(p[3].fix.contains("01555"));
    }

    #[test]
    fn unknown_kind_lists_the_codes() {
        let text = format!("{HEADER}\n0310001A;A;crèche;31555;Toulouse;43.6;1.44;5;;;;;;;;;;;;\n");
        let (_, p) = parse(&text);
        assert_eq!(p[0].code, "E113");
        assert!(p[0].fix.contains("college, lycee, lycee_pro, erea, ecole"));
    }
}

#[cfg(test)]
mod uai_hints {
    use super::uai_fix;

    /// « 976042S » was told « écrivez 0976042S », a UAI that cannot exist.
    #[test]
    fn the_leading_zero_is_suggested_only_when_it_gives_a_plausible_uai() {
        assert!(uai_fix("310003C").contains("écrivez 0310003C"));
        let overseas = uai_fix("976042S");
        assert!(!overseas.contains("0976042S") && overseas.contains("outre-mer"), "{overseas}");
        let corsica = uai_fix("620015x");
        assert!(corsica.contains("en Corse, l'UAI commence par 620"), "{corsica}");
        assert!(!uai_fix("200015X").contains("écrivez 0"), "{}", uai_fix("200015X"));
        assert!(!uai_fix("990015X").contains("écrivez 0"));
        assert!(!uai_fix("ABC").contains("écrivez 0"));
    }
}
