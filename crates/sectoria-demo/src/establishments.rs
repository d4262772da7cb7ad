//! The establishments of the fictional département: collèges, lycées, lycées
//! professionnels, the EREA and the REP+ écoles.
//!
//! Each area of the map gets a fixed list of establishments (so the counts never drift)
//! whose pupils, IPS, exact positions and some flags are drawn from the `establishments`
//! stream. UAIs are assigned at the end, by kind and commune, with the real check letter.

use crate::geography::{Area, Commune, Position, CITY_CENTRE};
use crate::names;
use crate::rng::Rng;

/// Kind of establishment, as written in the `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// Collège.
    College,
    /// Lycée général et technologique or polyvalent.
    Lycee,
    /// Lycée professionnel.
    LyceePro,
    /// Établissement régional d'enseignement adapté.
    Erea,
    /// REP+ école (élémentaire or primaire).
    Ecole,
}

impl Kind {
    /// The `kind` column value.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Kind::College => "college",
            Kind::Lycee => "lycee",
            Kind::LyceePro => "lycee_pro",
            Kind::Erea => "erea",
            Kind::Ecole => "ecole",
        }
    }

    /// Whether the establishment is a secondary one (everything but écoles).
    pub(crate) fn is_secondary(self) -> bool {
        self != Kind::Ecole
    }

    /// First 7-digit number of this kind's UAI range (département `099`).
    fn uai_start(self) -> u32 {
        match self {
            Kind::College => 990_010,
            Kind::Lycee => 991_000,
            Kind::LyceePro => 991_400,
            Kind::Erea => 991_700,
            Kind::Ecole => 992_000,
        }
    }
}

/// One establishment of the demo.
#[derive(Debug, Clone)]
pub(crate) struct Establishment {
    /// UAI: `099` + 4 digits + check letter.
    pub(crate) uai: String,
    /// Full name, e.g. "Collège Jean Moulin".
    pub(crate) name: String,
    /// Kind.
    pub(crate) kind: Kind,
    /// Index of the commune in the commune list.
    pub(crate) commune: usize,
    /// Position.
    pub(crate) position: Position,
    /// Pupils (élémentaire pupils for écoles).
    pub(crate) pupils: u32,
    /// CM1 + CM2 pupils (écoles only).
    pub(crate) cycle3_pupils: Option<u32>,
    /// IPS in tenths of a point (e.g. 812 = 81.2).
    pub(crate) ips_tenths: u32,
    /// Éducation prioritaire REP.
    pub(crate) rep: bool,
    /// Éducation prioritaire REP+.
    pub(crate) rep_plus: bool,
    /// Boarding house.
    pub(crate) internat: bool,
    /// SEGPA.
    pub(crate) segpa: bool,
    /// ULIS.
    pub(crate) ulis: bool,
    /// UPE2A.
    pub(crate) upe2a: bool,
    /// Dispositif relais.
    pub(crate) relais: bool,
    /// UAI of the REP+ head collège (écoles only).
    pub(crate) network: Option<String>,
    /// Index of the REP+ head collège during generation (before sorting).
    head: Option<usize>,
}

/// A list of names handed out in order.
struct NameSource {
    names: &'static [&'static str],
    next: usize,
}

impl NameSource {
    fn new(names: &'static [&'static str]) -> Self {
        Self { names, next: 0 }
    }

    /// The next name, or a numbered fallback if the list is exhausted.
    fn take(&mut self) -> String {
        let name = match self.names.get(self.next) {
            Some(name) => (*name).to_string(),
            None => format!("n° {}", self.next + 1),
        };
        self.next += 1;
        name
    }
}

/// Builds establishments and remembers them.
struct Builder<'a> {
    communes: &'a [Commune],
    rng: Rng,
    list: Vec<Establishment>,
    college_urban: NameSource,
    college_rural: NameSource,
    lycee: NameSource,
    lycee_pro: NameSource,
    ecole: NameSource,
}

/// Pupil and IPS ranges of one establishment (IPS in whole points).
#[derive(Clone, Copy)]
struct Profile {
    pupils: (u32, u32),
    ips: (u32, u32),
}

const fn profile(pupils_min: u32, pupils_max: u32, ips_min: u32, ips_max: u32) -> Profile {
    Profile { pupils: (pupils_min, pupils_max), ips: (ips_min, ips_max) }
}

impl Builder<'_> {
    /// The index of the commune called `name` (the first commune when absent, which only
    /// a broken commune list could cause; the tests on the counts would then fail).
    fn commune(&self, name: &str) -> usize {
        self.communes.iter().position(|c| c.name == name).unwrap_or_default()
    }

    fn add(&mut self, kind: Kind, name: String, commune: usize, position: Position, p: Profile) -> usize {
        let pupils = self.rng.range_u32(p.pupils.0, p.pupils.1);
        let ips_tenths = self.rng.range_u32(p.ips.0 * 10, p.ips.1 * 10);
        self.list.push(Establishment {
            uai: String::new(),
            name,
            kind,
            commune,
            position: position.clamped(),
            pupils,
            cycle3_pupils: None,
            ips_tenths,
            rep: false,
            rep_plus: false,
            internat: false,
            segpa: false,
            ulis: false,
            upe2a: false,
            relais: false,
            network: None,
            head: None,
        });
        self.list.len() - 1
    }

    fn college(&mut self, commune: usize, position: Position, p: Profile) -> usize {
        let name = if self.communes[commune].area == Area::Rural {
            self.college_rural.take()
        } else {
            self.college_urban.take()
        };
        self.add(Kind::College, format!("Collège {name}"), commune, position, p)
    }

    fn lycee(&mut self, commune: usize, position: Position, p: Profile, polyvalent: bool) -> usize {
        let name = self.lycee.take();
        let name = if polyvalent { format!("Lycée polyvalent {name}") } else { format!("Lycée {name}") };
        self.add(Kind::Lycee, name, commune, position, p)
    }

    fn lycee_pro(&mut self, commune: usize, position: Position, p: Profile) -> usize {
        let name = format!("Lycée professionnel {}", self.lycee_pro.take());
        self.add(Kind::LyceePro, name, commune, position, p)
    }

    /// A REP+ network: flags the head collège and adds `schools` écoles around it.
    fn network(&mut self, head: usize, schools: usize) {
        self.list[head].rep_plus = true;
        let commune = self.list[head].commune;
        let centre = self.list[head].position;
        for _ in 0..schools {
            let label = if self.rng.chance(30) { "École primaire" } else { "École élémentaire" };
            let name = format!("{label} {}", self.ecole.take());
            let position = centre.jitter(&mut self.rng, 1_300);
            let i = self.add(Kind::Ecole, name, commune, position, profile(150, 350, 71, 85));
            let share_percent = self.rng.range_u32(37, 43);
            let e = &mut self.list[i];
            e.cycle3_pupils = Some((e.pupils * share_percent + 50) / 100);
            e.rep_plus = true;
            e.head = Some(head);
        }
    }

    /// Positions around `centre`, jittered by `radius_m` metres.
    fn near(&mut self, centre: Position, radius_m: i64) -> Position {
        centre.jitter(&mut self.rng, radius_m)
    }

    /// `k` distinct items of `from`, drawn at random (all of them if `k` is too large).
    fn pick(&mut self, from: &[usize], k: usize) -> Vec<usize> {
        let mut pool = from.to_vec();
        self.rng.shuffle(&mut pool);
        pool.truncate(k);
        pool.sort_unstable();
        pool
    }

    fn set(&mut self, items: &[usize], flag: fn(&mut Establishment)) {
        for &i in items {
            flag(&mut self.list[i]);
        }
    }
}

/// Generates every establishment, sorted by UAI.
pub(crate) fn establishments(communes: &[Commune]) -> Vec<Establishment> {
    let mut b = Builder {
        communes,
        rng: Rng::stream("establishments"),
        list: Vec::new(),
        college_urban: NameSource::new(&names::COLLEGE_URBAN),
        college_rural: NameSource::new(&names::COLLEGE_RURAL),
        lycee: NameSource::new(&names::LYCEE),
        lycee_pro: NameSource::new(&names::LYCEE_PRO),
        ecole: NameSource::new(&names::ECOLE),
    };
    let city = b.commune("Valcourt");
    let montrelles = b.commune("Montrelles");
    let saint_aubin = b.commune("Saint-Aubin-de-Sarlonne");
    let chazerat = b.commune("Chazerat");
    let beaulieu = b.commune("Beaulieu-les-Vignes");
    let towns = [b.commune("Ambrac"), b.commune("Mauzières"), b.commune("Lorsac-en-Val")];
    let rural: Vec<usize> = (0..communes.len()).filter(|&c| communes[c].area == Area::Rural).collect();
    let bourgs: Vec<usize> = rural.iter().copied().filter(|&c| communes[c].bourg).collect();
    let centre_of = |c: usize| communes[c].centre;

    // --- Collèges of the préfecture: two REP+ quartiers, three REP, seven others.
    let rep_plus_profile = profile(380, 560, 75, 84);
    let rep_profile = profile(430, 650, 85, 94);
    let hauts = b.college(city, CITY_CENTRE.offset_km(2.4, 1.9), rep_plus_profile);
    let bellevue = b.college(city, CITY_CENTRE.offset_km(-2.2, -2.5), rep_plus_profile);
    let mut rep_colleges = Vec::new();
    for (north, east) in [(0.6, -3.1), (-3.0, 0.9), (2.9, -1.3)] {
        let i = b.college(city, CITY_CENTRE.offset_km(north, east), rep_profile);
        rep_colleges.push(i);
    }
    let mut urban_ordinary = Vec::new();
    for _ in 0..7 {
        let position = b.near(CITY_CENTRE, 2_600);
        urban_ordinary.push(b.college(city, position, profile(500, 850, 104, 128)));
    }

    // --- Suburbs: the third REP+ network in Montrelles, two REP.
    let montrelles_head = {
        let position = centre_of(montrelles).offset_km(0.6, 0.4);
        b.college(montrelles, position, rep_plus_profile)
    };
    let position = b.near(centre_of(montrelles), 1_500);
    rep_colleges.push(b.college(montrelles, position, rep_profile));
    let position = b.near(centre_of(saint_aubin), 1_500);
    rep_colleges.push(b.college(saint_aubin, position, rep_profile));
    for (commune, ips) in [(saint_aubin, (97, 108)), (chazerat, (99, 112)), (chazerat, (99, 112))]
        .into_iter()
        .chain([(beaulieu, (105, 118)), (beaulieu, (105, 118))])
    {
        let position = b.near(centre_of(commune), 1_500);
        urban_ordinary.push(b.college(commune, position, profile(400, 750, ips.0, ips.1)));
    }

    // --- Small towns: two collèges each, one REP in Mauzières.
    let mut town_colleges = Vec::new();
    for (t, &town) in towns.iter().enumerate() {
        for k in 0..2 {
            let position = b.near(centre_of(town), 1_200);
            let p = if t == 1 && k == 0 { rep_profile } else { profile(350, 650, 93, 105) };
            let i = b.college(town, position, p);
            if t == 1 && k == 0 {
                rep_colleges.push(i);
            }
            town_colleges.push(i);
        }
    }

    // --- Rural hinterland: one collège per commune, IPS lower where sparser.
    let mut rural_colleges = Vec::new();
    let mut bourg_colleges = Vec::new();
    for &commune in &rural {
        let c = &communes[commune];
        let (ips_min, ips_max) = match (c.bourg, c.density) {
            (true, _) => (90, 106),
            (false, 7) => (84, 101),
            _ => (88, 107),
        };
        let pupils = if c.bourg { (280, 460) } else { (150, 380) };
        let position = b.near(c.centre, 500);
        let i = b.college(commune, position, profile(pupils.0, pupils.1, ips_min, ips_max));
        rural_colleges.push(i);
        if c.bourg {
            bourg_colleges.push(i);
        }
    }
    // The two poorest non-bourg rural collèges are in REP.
    let mut by_ips: Vec<usize> = rural_colleges.iter().copied().filter(|i| !bourg_colleges.contains(i)).collect();
    by_ips.sort_by_key(|&i| (b.list[i].ips_tenths, i));
    rep_colleges.extend(by_ips.iter().take(2));

    // --- Lycées (LEGT / LPO).
    let mut lycees = Vec::new();
    let historic = b.lycee(city, CITY_CENTRE.offset_km(0.3, 0.2), profile(1_300, 1_600, 116, 126), false);
    b.list[historic].internat = true;
    lycees.push(historic);
    for k in 0..6 {
        let position = b.near(CITY_CENTRE, 2_800);
        lycees.push(b.lycee(city, position, profile(850, 1_450, 100, 119), k == 5));
    }
    for (commune, ips) in [(montrelles, (91, 99)), (saint_aubin, (98, 106)), (beaulieu, (106, 115))] {
        let position = b.near(centre_of(commune), 1_200);
        lycees.push(b.lycee(commune, position, profile(700, 1_200, ips.0, ips.1), false));
    }
    for &town in &towns {
        for k in 0..2 {
            let position = b.near(centre_of(town), 1_200);
            let i = b.lycee(town, position, profile(600, 1_000, 95, 106), k == 1);
            if town == towns[0] && k == 1 {
                b.list[i].internat = true;
            }
            lycees.push(i);
        }
    }
    for &bourg in bourgs.iter().take(4) {
        let position = b.near(centre_of(bourg), 600);
        let i = b.lycee(bourg, position, profile(600, 760, 93, 102), true);
        b.list[i].internat = true;
        lycees.push(i);
    }

    // --- Lycées professionnels.
    let mut lps = Vec::new();
    for k in 0..4 {
        let position = b.near(CITY_CENTRE, 3_000);
        let i = b.lycee_pro(city, position, profile(400, 700, 82, 92));
        if k == 0 {
            b.list[i].internat = true;
        }
        lps.push(i);
    }
    for commune in [montrelles, chazerat] {
        let position = b.near(centre_of(commune), 1_200);
        lps.push(b.lycee_pro(commune, position, profile(350, 600, 82, 92)));
    }
    for (t, &town) in towns.iter().enumerate() {
        let position = b.near(centre_of(town), 1_000);
        let i = b.lycee_pro(town, position, profile(250, 450, 84, 94));
        if t < 2 {
            b.list[i].internat = true;
        }
        lps.push(i);
    }
    for &bourg in bourgs.iter().rev().take(3) {
        let position = b.near(centre_of(bourg), 600);
        let i = b.lycee_pro(bourg, position, profile(250, 380, 84, 93));
        b.list[i].internat = true;
        lps.push(i);
    }

    // --- The EREA, on the edge of the préfecture.
    let position = b.near(centre_of(beaulieu), 1_000);
    let erea = b.add(Kind::Erea, names::EREA.to_string(), beaulieu, position, profile(110, 190, 75, 84));
    b.list[erea].internat = true;

    // --- REP+ networks and their écoles.
    b.network(hauts, 10);
    b.network(bellevue, 9);
    b.network(montrelles_head, 9);
    let rep_plus_heads = [hauts, bellevue, montrelles_head];
    b.set(&rep_colleges, |e| e.rep = true);

    // --- Dispositifs: SEGPA (~1/4 of collèges), ULIS (~1/2), UPE2A and relais (a few).
    let picked = b.pick(&rep_colleges, 4);
    let city_picked = b.pick(&urban_ordinary, 3);
    let town_picked = b.pick(&town_colleges, 3);
    let bourg_picked = b.pick(&bourg_colleges, 2);
    for items in [&rep_plus_heads[..], &picked, &city_picked, &town_picked, &bourg_picked] {
        b.set(items, |e| e.segpa = true);
    }
    let picked = b.pick(&rep_colleges, 5);
    let city_picked = b.pick(&urban_ordinary, 8);
    let town_picked = b.pick(&town_colleges, 4);
    let rural_picked = b.pick(&rural_colleges, 10);
    let lycee_picked = b.pick(&lycees, 3);
    let lp_picked = b.pick(&lps, 3);
    for items in [&rep_plus_heads[..], &picked, &city_picked, &town_picked, &rural_picked, &lycee_picked, &lp_picked] {
        b.set(items, |e| e.ulis = true);
    }
    let picked = b.pick(&rep_colleges[..3], 1);
    b.set(&[hauts, montrelles_head], |e| e.upe2a = true);
    b.set(&picked, |e| e.upe2a = true);
    b.set(&lycees[1..2], |e| e.upe2a = true);
    b.set(&lps[..1], |e| e.upe2a = true);
    let picked = b.pick(&rep_colleges, 1);
    let rural_picked = b.pick(&rural_colleges, 1);
    for items in [&[bellevue][..], &picked, &rural_picked] {
        b.set(items, |e| e.relais = true);
    }

    // --- Internats in remote rural collèges.
    let remote: Vec<usize> =
        rural_colleges.iter().copied().filter(|&i| communes[b.list[i].commune].density >= 6).collect();
    let picked = b.pick(&remote, 6);
    b.set(&picked, |e| e.internat = true);

    assign_uais(b.list, communes)
}

/// Check letter of a UAI: the 7-digit number modulo 23, in a 23-letter alphabet.
pub(crate) fn uai_check_letter(number: u32) -> char {
    const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";
    char::from(LETTERS[(number % 23) as usize])
}

/// Numbers the establishments by kind and commune, fills `network`, sorts by UAI.
fn assign_uais(mut list: Vec<Establishment>, communes: &[Commune]) -> Vec<Establishment> {
    let mut rng = Rng::stream("uai");
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&list[a], &list[b]);
        (ea.kind, &communes[ea.commune].insee, &ea.name).cmp(&(eb.kind, &communes[eb.commune].insee, &eb.name))
    });
    let mut number = 0;
    let mut previous_kind = None;
    for &i in &order {
        let kind = list[i].kind;
        if previous_kind != Some(kind) {
            number = kind.uai_start();
            previous_kind = Some(kind);
        }
        number += rng.range_u32(3, 12);
        list[i].uai = format!("{number:07}{}", uai_check_letter(number));
    }
    for i in 0..list.len() {
        if let Some(head) = list[i].head {
            list[i].network = Some(list[head].uai.clone());
        }
    }
    list.sort_by(|a, b| a.uai.cmp(&b.uai));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geography::communes;

    #[test]
    fn uai_check_letters_match_known_uais() {
        // Real UAIs: Lycée Blaise Pascal, Clermont-Ferrand (0630018C);
        // Lycée Henri-IV, Paris (0750654D).
        assert_eq!(uai_check_letter(630_018), 'C');
        assert_eq!(uai_check_letter(750_654), 'D');
    }

    #[test]
    fn kinds_have_disjoint_uai_ranges() {
        let list = establishments(&communes());
        let kinds = [Kind::College, Kind::Lycee, Kind::LyceePro, Kind::Erea, Kind::Ecole];
        for (k, kind) in kinds.iter().enumerate() {
            let end = kinds.get(k + 1).map_or(993_000, |next| next.uai_start());
            for e in list.iter().filter(|e| e.kind == *kind) {
                let number: u32 = e.uai[..7].parse().unwrap_or(0);
                assert!(number > kind.uai_start() && number < end, "{}", e.uai);
            }
        }
    }

    #[test]
    fn every_ecole_belongs_to_a_rep_plus_college() {
        let list = establishments(&communes());
        for e in list.iter().filter(|e| e.kind == Kind::Ecole) {
            let head = list.iter().find(|h| Some(&h.uai) == e.network.as_ref());
            assert!(head.is_some_and(|h| h.kind == Kind::College && h.rep_plus));
        }
    }
}
