//! The national instance set: one instance per département of France, built from the
//! national files alone (there is no national annuaire):
//!
//! - collèges: the address and geolocation file (`fr-en-adresse-et-geolocalisation-colleges`,
//!   read with the annuaire's reader and filtered by the same scope rules: public, open,
//!   Éducation nationale), joined with the IPS file of the collèges (IPS, `effectifs`) and the
//!   national DNB file (REP/REP+ flags, both ⇒ REP+; SEGPA/ULIS pupils ⇒ `segpa`/`ulis`);
//! - lycées: the IPS file of the lycées (public rows; `LP` → `lycee_pro`, `LEGT`/`LPO` →
//!   `lycee`, as the annuaire import maps natures 320/300/306), placed at the centroid of
//!   their commune (La Poste) since that file has no coordinates;
//! - density: the INSEE grille de densité, by commune.
//!
//! Not covered, for lack of national data: REP+ écoles (their network membership is only in
//! the annuaire), EREA, boarding houses (`internat`), UPE2A and dispositifs relais.
//!
//! Every row of every file is counted: used, or left out with its reason
//! ([`FileTally::balances`]). The budget of each département is the import's:
//! `total_fte` = pupils / `pupils_per_fte`, rounded to 0.1.

use crate::annex::{self, AnnexLeftOut};
use crate::annuaire::{self, AnnuaireRow};
use crate::departement::Departement;
use crate::error::ImportError;
use crate::ips::{self, IpsTable};
use crate::location::LocationFallback;
use crate::options::DataFile;
use crate::pupils::{EnrolmentSources, EstimatedPupils};
use crate::record::{PupilSource, Record};
use crate::report::{count_of, fr_decimal, KindCounts, MissingJoin};
use crate::scope::{classify, Kind, OutReason, Scope};
use crate::table::Table;
use crate::values::normalize_uai;
use crate::{communes, density, location, pupils, rep_flags, writer};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The national files read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalFiles {
    /// Address and geolocation of every collège (`fr-en-adresse-et-geolocalisation-colleges`).
    pub colleges: PathBuf,
    /// IPS and enrolment of the collèges (`fr-en-ips-colleges`).
    pub ips_colleges: PathBuf,
    /// IPS and enrolment of the lycées (`fr-en-ips-lycees`).
    pub ips_lycees: PathBuf,
    /// REP/REP+ flags and SEGPA/ULIS pupils (`donnees-dnb-effectifs-ips_colleges`).
    pub colleges_rep: PathBuf,
    /// INSEE grille de densité.
    pub densite: PathBuf,
    /// La Poste's commune centroids.
    pub communes: PathBuf,
}

impl NationalFiles {
    /// The standard files of a data folder laid out like the shared one (`colleges/`, `ips/`,
    /// `insee/`, `communes/`); all are required.
    pub fn from_data_dir(dir: &Path) -> Result<NationalFiles, ImportError> {
        Ok(NationalFiles {
            colleges: DataFile::CollegesGeo.require_in(dir)?,
            ips_colleges: DataFile::IpsColleges.require_in(dir)?,
            ips_lycees: DataFile::IpsLycees.require_in(dir)?,
            colleges_rep: DataFile::CollegesRep.require_in(dir)?,
            densite: DataFile::Densite.require_in(dir)?,
            communes: DataFile::Communes.require_in(dir)?,
        })
    }
}

/// What to build.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalOptions {
    /// The files.
    pub files: NationalFiles,
    /// Budget: one ETP per this many pupils.
    pub pupils_per_fte: f64,
    /// Only these départements (codes as typed: `31`, `031`, `2A`…); `None` = all.
    pub departements: Option<Vec<String>>,
}

/// Why a row of a national file is not (or not alone) an establishment of the set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DropReason {
    /// Out of scope by the import's rules (private, closed, other ministry, no location…).
    OutOfScope(OutReason),
    /// A collectivité d'outre-mer (Saint-Pierre-et-Miquelon, Polynésie…), not a département.
    OverseasCollectivity(String),
    /// Neither a département code nor a commune code.
    UnknownDepartement,
    /// A département not asked for (`departements`).
    NotRequested,
    /// A further row with the UAI of an earlier one (of this file or of the collèges).
    DuplicateUai,
    /// Join files: a public collège absent from the geolocation file (closed or merged since?).
    AbsentFromLocationFile,
    /// Join files: a collège of the geolocation file that was left out (reason counted there).
    CollegeLeftOut,
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DropReason::OutOfScope(reason) => write!(f, "{reason}"),
            DropReason::OverseasCollectivity(code) => {
                write!(f, "collectivité d'outre-mer {code} (hors des 101 départements)")
            }
            DropReason::UnknownDepartement => f.write_str("département indéterminé"),
            DropReason::NotRequested => f.write_str("département non demandé"),
            DropReason::DuplicateUai => f.write_str("UAI déjà vu (ligne en double)"),
            DropReason::AbsentFromLocationFile => {
                f.write_str("collège public absent du fichier de géolocalisation (fermé ou fusionné ?)")
            }
            DropReason::CollegeLeftOut => f.write_str("collège écarté du fichier de géolocalisation (motif compté là)"),
        }
    }
}

/// The rows of one file: used, or left out by reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileTally {
    /// What the file is (French).
    pub what: String,
    /// The file.
    pub path: PathBuf,
    /// Data rows read.
    pub rows_read: usize,
    /// Rows that made (or were joined to) an establishment of the set.
    pub used: usize,
    /// Rows left out, by reason.
    pub dropped: BTreeMap<DropReason, usize>,
}

impl FileTally {
    fn new(what: &str, path: &Path) -> FileTally {
        FileTally { what: what.to_string(), path: path.to_path_buf(), ..FileTally::default() }
    }

    fn drop_row(&mut self, reason: DropReason) {
        *self.dropped.entry(reason).or_default() += 1;
    }

    /// Rows left out.
    pub fn dropped_total(&self) -> usize {
        self.dropped.values().sum()
    }

    /// Rows left out for one reason.
    pub fn dropped_count(&self, reason: &DropReason) -> usize {
        self.dropped.get(reason).copied().unwrap_or(0)
    }

    /// Every row is counted exactly once: used + left out = read.
    pub fn balances(&self) -> bool {
        self.used + self.dropped_total() == self.rows_read
    }
}

/// The instance of one département, as the text of its two files.
#[derive(Debug, Clone)]
pub struct DepartementInstance {
    /// Three-character code (`031`, `02A`, `971`).
    pub code: String,
    /// Name, from the files.
    pub name: Option<String>,
    /// Establishments per kind.
    pub counts: KindCounts,
    /// Pupils the service counts on.
    pub pupils_served: u64,
    /// `budget.total_fte`.
    pub total_fte: f64,
    /// `establishments.csv` (DESIGN §2, BOM, `;`).
    pub establishments_csv: String,
    /// `scenario.toml` holding the budget.
    pub scenario_toml: String,
    records: Vec<Record>,
}

impl DepartementInstance {
    /// Number of establishments.
    pub fn establishments(&self) -> usize {
        self.records.len()
    }

    /// UAIs of the establishments of `kind`, sorted.
    pub fn uais(&self, kind: Kind) -> Vec<String> {
        let mut uais: Vec<String> = self.records.iter().filter(|r| r.kind == kind).map(|r| r.uai.clone()).collect();
        uais.sort();
        uais
    }

    /// Writes the instance folder (`establishments.csv`, `scenario.toml`) into `dir`.
    pub fn write_to(&self, dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
        writer::create_dir(dir)?;
        let mut written = Vec::new();
        for (name, text) in
            [(writer::ESTABLISHMENTS_FILE, &self.establishments_csv), (writer::SCENARIO_FILE, &self.scenario_toml)]
        {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|source| ImportError::Write { path: path.clone(), source })?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Everything the national build did, counted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NationalReport {
    /// Files read: the collèges' geolocation, the lycées' IPS (sources of establishments),
    /// the collèges' IPS and the DNB file (joined).
    pub files: Vec<FileTally>,
    /// Budget ratio.
    pub pupils_per_fte: f64,
    /// Départements built.
    pub departements: usize,
    /// Establishments per kind, whole set.
    pub in_scope: KindCounts,
    /// Pupils the service counts on, whole set.
    pub pupils_served: u64,
    /// Sum of the départements' `total_fte`.
    pub total_fte: f64,
    /// Establishments without IPS.
    pub ips_missing: Vec<MissingJoin>,
    /// Establishments whose commune is not in the density grid.
    pub density_missing: Vec<MissingJoin>,
    /// Collèges absent from the DNB file (no REP/REP+ flag known).
    pub rep_missing: Vec<MissingJoin>,
    /// Collèges flagged both REP and REP+ (taken as REP+).
    pub both_flags: Vec<String>,
    /// Flags set: REP, REP+, SEGPA, ULIS.
    pub flags: BTreeMap<String, usize>,
    /// Establishments per enrolment source.
    pub pupil_sources: BTreeMap<PupilSource, usize>,
    /// Enrolments estimated (median of the kind in the département).
    pub estimated_pupils: Vec<EstimatedPupils>,
    /// Establishments placed at their commune's centroid (all lycées, collèges without
    /// coordinates).
    pub location_fallbacks: Vec<LocationFallback>,
    /// Départements found in the files but not asked for.
    pub not_requested: usize,
    /// UAIs without a name in the files, named after their kind and UAI.
    pub unnamed: Vec<String>,
    /// Annexes without an enrolment of their own, counted with their mother (the rule of
    /// `import`, [`crate::AnnexLeftOut`]).
    pub annexes: Vec<AnnexLeftOut>,
}

impl NationalReport {
    /// Every file's rows add up.
    pub fn balances(&self) -> bool {
        self.files.iter().all(FileTally::balances)
    }

    /// The tally of the file described as `what` (see the `WHAT_*` constants).
    pub fn file(&self, what: &str) -> Option<&FileTally> {
        self.files.iter().find(|f| f.what == what)
    }
}

/// Description of the collèges' geolocation file.
pub const WHAT_COLLEGES: &str = "fichier national des collèges (géolocalisation)";
/// Description of the lycées' IPS file.
pub const WHAT_IPS_LYCEES: &str = "IPS des lycées";
/// Description of the collèges' IPS file.
pub const WHAT_IPS_COLLEGES: &str = "IPS des collèges";
/// Description of the DNB file.
pub const WHAT_COLLEGES_REP: &str = "fichier DNB des collèges (REP/REP+, SEGPA, ULIS)";

/// The instance set and its report.
#[derive(Debug, Clone)]
pub struct NationalSet {
    /// One instance per département, in code order.
    pub departements: Vec<DepartementInstance>,
    /// The counts.
    pub report: NationalReport,
}

/// Whether `d` is one of the 101 départements (96 in metropolitan France, 5 overseas).
pub fn is_departement_code(code: &str) -> bool {
    let Some(d) = Departement::from_code(code) else { return false };
    let code = d.code();
    match code.as_str() {
        "02A" | "02B" => true,
        _ => code
            .parse::<u32>()
            .is_ok_and(|n| ((1..=95).contains(&n) && n != 20) || (971..=974).contains(&n) || n == 976),
    }
}

/// Where a row goes: a département of the set, or a drop reason.
fn route(departement: Option<&Departement>, wanted: Option<&HashSet<String>>) -> Result<String, DropReason> {
    let Some(d) = departement else { return Err(DropReason::UnknownDepartement) };
    let code = d.code();
    if !is_departement_code(&code) {
        return Err(DropReason::OverseasCollectivity(code));
    }
    if wanted.is_some_and(|w| !w.contains(&code)) {
        return Err(DropReason::NotRequested);
    }
    Ok(code)
}

/// Columns of an IPS file that say who the establishment is.
struct Identity {
    uai: usize,
    departement: Option<usize>,
    departement_name: Option<usize>,
    status: usize,
    name: Option<usize>,
    commune_insee: Option<usize>,
    commune: Option<usize>,
    lycee_type: Option<usize>,
}

impl Identity {
    fn find(t: &Table) -> Result<Identity, ImportError> {
        Ok(Identity {
            uai: t.required(&["uai", "numero_uai", "numero_college"])?,
            departement: t.optional(&["code_du_departement", "code_departement"]),
            departement_name: t.optional(&["departement", "libelle_departement"]),
            status: t.required(&["secteur", "secteur_d_enseignement"])?,
            name: t.optional(&["nom_de_l_etablissment", "nom_de_l_etablissement", "patronyme"]),
            commune_insee: t.optional(&["code_insee_de_la_commune", "commune"]),
            commune: t.optional(&["nom_de_la_commune", "libelle_commune"]),
            lycee_type: t.optional(&["type_de_lycee"]),
        })
    }
}

/// The annuaire nature code of a lycée type of the IPS file (LP 320, LEGT 300, LPO 306).
fn lycee_nature(lycee_type: &str) -> Option<&'static str> {
    match lycee_type.trim().to_uppercase().as_str() {
        "LP" => Some("320"),
        "LEGT" | "LGT" => Some("300"),
        "LPO" => Some("306"),
        _ => None,
    }
}

fn departement_of(row: &crate::table::Row, id: &Identity, insee: Option<&str>) -> Option<Departement> {
    row.opt(id.departement).and_then(Departement::from_code).or_else(|| insee.and_then(Departement::of_commune))
}

/// Builds the national instance set.
pub fn build_national(options: &NationalOptions) -> Result<NationalSet, ImportError> {
    let ratio = options.pupils_per_fte;
    if !(ratio.is_finite() && ratio > 0.0) {
        return Err(ImportError::InvalidOption {
            option: "--pupils-per-fte".to_string(),
            value: ratio.to_string(),
            hint: "Indiquez un nombre d'élèves par ETP strictement positif, par exemple 1600.".to_string(),
        });
    }
    let wanted = options.departements.as_ref().map(|list| requested(list)).transpose()?;
    let wanted = wanted.as_ref();
    let files = &options.files;
    let ips_colleges = ips::read(&files.ips_colleges, ips::IpsFile::Colleges)?;
    let ips_lycees = ips::read(&files.ips_lycees, ips::IpsFile::Lycees)?;
    let dnb = rep_flags::read(&files.colleges_rep)?;
    let grid = density::read(&files.densite)?;
    let centroids = communes::read(&files.communes)?;

    let mut report = NationalReport { pupils_per_fte: ratio, ..NationalReport::default() };
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    let mut not_requested: HashSet<String> = HashSet::new();

    // Collèges: the geolocation file, with the annuaire's reader and scope rules.
    let mut colleges = FileTally::new(WHAT_COLLEGES, &files.colleges);
    let mut college_uais: HashSet<String> = HashSet::new();
    let mut geo_uais: HashSet<String> = HashSet::new();
    for national in annuaire::read_national(&files.colleges, "le fichier national des collèges")? {
        colleges.rows_read += 1;
        let mut row = national.row;
        geo_uais.insert(row.uai.clone());
        if row.type_label.is_empty() {
            row.type_label = "Collège".to_string();
        }
        let code = match route(national.departement.as_ref(), wanted) {
            Ok(code) => code,
            Err(reason) => {
                if reason == DropReason::NotRequested {
                    not_requested.extend(national.departement.map(|d| d.code()));
                }
                colleges.drop_row(reason);
                continue;
            }
        };
        match classify(&row, false) {
            Scope::Keep(kind) => {
                if !college_uais.insert(row.uai.clone()) {
                    colleges.drop_row(DropReason::DuplicateUai);
                    continue;
                }
                if let Some(name) = national.departement_name {
                    names.entry(code.clone()).or_insert(name);
                }
                groups.entry(code).or_default().push(Record::from_row(&row, kind, None));
            }
            Scope::Section(_) => colleges.drop_row(DropReason::OutOfScope(OutReason::OtherType("section".to_string()))),
            Scope::Out(reason) => colleges.drop_row(DropReason::OutOfScope(reason)),
        }
    }

    // Lycées: the IPS file, placed at their commune's centroid.
    let mut lycees = FileTally::new(WHAT_IPS_LYCEES, &files.ips_lycees);
    let table = Table::open(&files.ips_lycees, "le fichier IPS des lycées", b";")?;
    let id = Identity::find(&table)?;
    let mut lycee_uais: HashSet<String> = HashSet::new();
    for row in table.rows() {
        let row = row?;
        lycees.rows_read += 1;
        let Some(uai) = normalize_uai(row.get(id.uai)) else {
            lycees.drop_row(DropReason::OutOfScope(OutReason::InvalidUai));
            continue;
        };
        let insee = row.opt(id.commune_insee).and_then(crate::values::normalize_insee);
        let departement = departement_of(&row, &id, insee.as_deref());
        let code = match route(departement.as_ref(), wanted) {
            Ok(code) => code,
            Err(reason) => {
                if reason == DropReason::NotRequested {
                    not_requested.extend(departement.map(|d| d.code()));
                }
                lycees.drop_row(reason);
                continue;
            }
        };
        let lycee_type = row.opt(id.lycee_type).unwrap_or("");
        let annuaire_row = AnnuaireRow {
            line: row.line,
            uai: uai.clone(),
            name: row.opt(id.name).unwrap_or("").to_string(),
            type_label: "Lycée".to_string(),
            status: row.get(id.status).to_string(),
            commune_insee: insee,
            commune: row.opt(id.commune).unwrap_or("").to_string(),
            nature_code: lycee_nature(lycee_type).map(str::to_string),
            nature_label: String::new(),
            ..AnnuaireRow::default()
        };
        match classify(&annuaire_row, false) {
            Scope::Keep(kind) => {
                if college_uais.contains(&uai) || !lycee_uais.insert(uai) {
                    lycees.drop_row(DropReason::DuplicateUai);
                    continue;
                }
                if let Some(name) = row.opt(id.departement_name) {
                    names.entry(code.clone()).or_insert_with(|| name.to_string());
                }
                groups.entry(code).or_default().push(Record::from_row(&annuaire_row, kind, None));
            }
            Scope::Section(_) => lycees.drop_row(DropReason::OutOfScope(OutReason::OtherType("section".to_string()))),
            Scope::Out(reason) => lycees.drop_row(DropReason::OutOfScope(reason)),
        }
    }

    // Per département: enrolments, flags, locations, density, estimates.
    let empty = IpsTable::default();
    let sources =
        EnrolmentSources { colleges: &ips_colleges, lycees: &ips_lycees, ecoles: &empty, national: Some(&dnb) };
    let mut departements = Vec::new();
    let mut kept_uais: HashSet<String> = HashSet::new();
    for (code, mut records) in groups {
        for record in records.iter_mut().filter(|r| r.name.trim().is_empty()) {
            record.name = format!("{} {}", record.kind.label(), record.uai);
            report.unnamed.push(record.uai.clone());
        }
        pupils::fill(&mut records, &sources);
        let join = rep_flags::apply(&mut records, &dnb);
        report.rep_missing.extend(join.missing);
        report.both_flags.extend(join.both_flags);
        let located = location::locate(records, &centroids);
        report.location_fallbacks.extend(located.fallbacks);
        for record in &located.without_location {
            let tally = if record.kind == Kind::College { &mut colleges } else { &mut lycees };
            tally.drop_row(DropReason::OutOfScope(OutReason::NoLocation));
        }
        let mut records = located.records;
        for record in &mut records {
            record.density = record.commune_insee.as_deref().and_then(|c| grid.level(c));
        }
        // The import's rule: an annex without enrolment is counted with its mother.
        let annexes = annex::fold_into_mothers(&mut records);
        for a in &annexes {
            let tally = if a.kind == Kind::College { &mut colleges } else { &mut lycees };
            tally.drop_row(DropReason::OutOfScope(OutReason::AnnexWithoutEnrolment));
            // The DNB file lists the mother, not its annex: no missing join for it.
            report.rep_missing.retain(|m| m.uai != a.uai);
        }
        report.annexes.extend(annexes);
        report.estimated_pupils.extend(pupils::estimate_missing(&mut records));
        let mut counts = KindCounts::default();
        let mut pupils_served = 0;
        for record in &records {
            counts.add(record.kind);
            pupils_served += u64::from(record.served_pupils());
            kept_uais.insert(record.uai.clone());
            let missing = || MissingJoin { uai: record.uai.clone(), name: record.name.clone(), kind: record.kind };
            if record.ips.is_none() {
                report.ips_missing.push(missing());
            }
            if record.density.is_none() {
                report.density_missing.push(missing());
            }
            if let Some(source) = record.pupils_source {
                *report.pupil_sources.entry(source).or_default() += 1;
            }
            for (flag, set) in
                [("REP", record.rep), ("REP+", record.rep_plus), ("SEGPA", record.segpa), ("ULIS", record.ulis)]
            {
                if set == Some(true) {
                    *report.flags.entry(flag.to_string()).or_default() += 1;
                }
            }
            match record.kind {
                Kind::College => colleges.used += 1,
                _ => lycees.used += 1,
            }
        }
        if records.is_empty() {
            continue;
        }
        let total_fte = writer::total_fte(pupils_served, ratio);
        let bytes = writer::establishments_bytes(&records).map_err(|e| ImportError::Write {
            path: PathBuf::from(format!("{code}/{}", writer::ESTABLISHMENTS_FILE)),
            source: std::io::Error::other(e.to_string()),
        })?;
        report.in_scope = add_counts(report.in_scope, counts);
        report.pupils_served += pupils_served;
        report.total_fte += total_fte;
        departements.push(DepartementInstance {
            name: names.get(&code).cloned(),
            code,
            counts,
            pupils_served,
            total_fte,
            establishments_csv: String::from_utf8_lossy(&bytes).into_owned(),
            scenario_toml: writer::scenario_text(pupils_served, ratio, total_fte),
            records,
        });
    }
    report.departements = departements.len();
    report.not_requested = not_requested.len();

    let ips_tally = join_tally(WHAT_IPS_COLLEGES, &files.ips_colleges, &kept_uais, &geo_uais, wanted)?;
    let dnb_tally = join_tally(WHAT_COLLEGES_REP, &files.colleges_rep, &kept_uais, &geo_uais, wanted)?;
    report.files = vec![colleges, lycees, ips_tally, dnb_tally];
    Ok(NationalSet { departements, report })
}

fn add_counts(a: KindCounts, b: KindCounts) -> KindCounts {
    KindCounts {
        college: a.college + b.college,
        lycee: a.lycee + b.lycee,
        lycee_pro: a.lycee_pro + b.lycee_pro,
        erea: a.erea + b.erea,
        ecole: a.ecole + b.ecole,
    }
}

/// The requested départements, checked.
fn requested(list: &[String]) -> Result<HashSet<String>, ImportError> {
    let mut codes = HashSet::new();
    for input in list.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        let code = Departement::parse(input)?.code();
        if !is_departement_code(&code) {
            return Err(ImportError::InvalidOption {
                option: "--departements".to_string(),
                value: input.to_string(),
                hint: "Indiquez des codes de départements (01 à 95, 2A, 2B, 971 à 974, 976).".to_string(),
            });
        }
        codes.insert(code);
    }
    Ok(codes)
}

/// Counts the rows of a collège file joined by UAI (IPS, DNB): used when the collège is in
/// the set, else why not.
fn join_tally(
    what: &str,
    path: &Path,
    kept: &HashSet<String>,
    in_location_file: &HashSet<String>,
    wanted: Option<&HashSet<String>>,
) -> Result<FileTally, ImportError> {
    let mut tally = FileTally::new(what, path);
    let table = Table::open(path, what, b",;")?;
    let id = Identity::find(&table)?;
    let mut seen: HashSet<String> = HashSet::new();
    for row in table.rows() {
        let row = row?;
        tally.rows_read += 1;
        let Some(uai) = normalize_uai(row.get(id.uai)) else {
            tally.drop_row(DropReason::OutOfScope(OutReason::InvalidUai));
            continue;
        };
        if !seen.insert(uai.clone()) {
            tally.drop_row(DropReason::DuplicateUai);
            continue;
        }
        if kept.contains(&uai) {
            tally.used += 1;
            continue;
        }
        let insee = row.opt(id.commune_insee).and_then(crate::values::normalize_insee);
        let status = crate::scope::upper_ascii(row.get(id.status));
        let reason = if status.starts_with("PRIVE") {
            DropReason::OutOfScope(OutReason::Private)
        } else if let Err(reason) = route(departement_of(&row, &id, insee.as_deref()).as_ref(), wanted) {
            reason
        } else if in_location_file.contains(&uai) {
            DropReason::CollegeLeftOut
        } else {
            DropReason::AbsentFromLocationFile
        };
        tally.drop_row(reason);
    }
    Ok(tally)
}

impl fmt::Display for NationalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Jeu national sectoria — {} départements", self.departements)?;
        if self.not_requested > 0 {
            let s = if self.not_requested >= 2 { "s" } else { "" };
            writeln!(
                f,
                "({} autre{s} département{s} présent{s} dans les fichiers, non demandé{s})",
                self.not_requested
            )?;
        }
        writeln!(f)?;
        for file in &self.files {
            writeln!(f, "{} ({})", file.what, file.path.display())?;
            writeln!(f, "  lignes lues : {}, retenues ou jointes : {}", file.rows_read, file.used)?;
            for (reason, n) in &file.dropped {
                writeln!(f, "  écartées — {reason} : {n}")?;
            }
            let check = if file.balances() { "" } else { " — ÉCART, à signaler" };
            writeln!(
                f,
                "  contrôle : {} lues = {} retenues + {} écartées{check}",
                file.rows_read,
                file.used,
                file.dropped_total()
            )?;
        }
        writeln!(f)?;
        writeln!(f, "Dans le périmètre : {}", count_of(self.in_scope.total(), "établissement", "établissements"))?;
        for kind in Kind::ALL {
            writeln!(f, "  {:<20} : {}", kind.label(), self.in_scope.get(kind))?;
        }
        writeln!(
            f,
            "Absents faute de données nationales : écoles REP+ (pas d'annuaire national), EREA, \
             internats, UPE2A, dispositifs relais."
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Drapeaux : {}",
            self.flags.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
        )?;
        writeln!(f, "  collèges marqués REP et REP+ (pris REP+) : {}", self.both_flags.len())?;
        writeln!(f, "  collèges absents du fichier DNB (drapeaux inconnus) : {}", self.rep_missing.len())?;
        writeln!(f, "Sans IPS (facteur 1) : {}", self.ips_missing.len())?;
        writeln!(f, "Commune absente de la grille de densité : {}", self.density_missing.len())?;
        for m in &self.density_missing {
            writeln!(f, "  {m}")?;
        }
        writeln!(
            f,
            "Annexes sans effectif propre, comptées avec leur établissement mère (comme par sectoria import) : {}",
            self.annexes.len()
        )?;
        for a in &self.annexes {
            writeln!(f, "  {a}")?;
        }
        writeln!(f, "Placés au centroïde de leur commune : {}", self.location_fallbacks.len())?;
        if !self.unnamed.is_empty() {
            writeln!(f, "Sans nom dans les fichiers (nommés « type UAI ») : {}", self.unnamed.join(", "))?;
        }
        writeln!(f, "Effectifs")?;
        for (source, n) in &self.pupil_sources {
            writeln!(f, "  {} : {n}", source.label())?;
        }
        for e in &self.estimated_pupils {
            writeln!(f, "    {} ({}, {}) : {} élèves, {}", e.uai, e.kind.label(), e.name, e.pupils, e.basis)?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "Budget : {} élèves / {} élèves par ETP = {} ETP (somme des budgets départementaux, \
             arrondis au dixième)",
            self.pupils_served,
            fr_decimal(self.pupils_per_fte, if self.pupils_per_fte.fract() == 0.0 { 0 } else { 1 }),
            fr_decimal(self.total_fte, 1)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> Result<PathBuf, std::io::Error> {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        Ok(path)
    }

    fn files(dir: &Path) -> Result<NationalFiles, std::io::Error> {
        let geo = "numero_uai;appellation_officielle;secteur_public_prive_libe;code_postal_uai;\
libelle_commune;latitude;longitude;nature_uai;etat_etablissement_libe;code_departement;\
code_commune;libelle_departement;libelle_ministere\n\
0480001A;Collège A;Public;48000;Mende;44.5;3.5;340;OUVERT;048;48095;Lozère;MINISTERE DE L'EDUCATION NATIONALE\n\
0480002B;Collège B;Privé;48000;Mende;44.5;3.5;340;OUVERT;048;48095;Lozère;MINISTERE DE L'EDUCATION NATIONALE\n\
0480003C;Collège C;Public;48000;Mende;;;340;A OUVRIR;048;48095;Lozère;MINISTERE DE L'EDUCATION NATIONALE\n\
0480004D;;Public;48000;Mende;;;352;OUVERT;048;48095;Lozère;MINISTERE DE L'EDUCATION NATIONALE\n\
9750001A;Collège SPM;Public;97500;Saint-Pierre;46.7;-56.1;340;OUVERT;975;97502;SPM;MINISTERE DE L'EDUCATION NATIONALE\n\
0310001A;Collège T;Public;31000;Toulouse;43.6;1.4;340;OUVERT;031;31555;Haute-Garonne;MINISTERE DE L'EDUCATION NATIONALE\n";
        let ips_c = "uai;code_du_departement;secteur;effectifs;ips\n\
0480001A;048;public;300.0;95.0\n0480002B;048;privé sous contrat;200.0;110.0\n\
0489999Z;048;public;100.0;90.0\n0310001A;031;public;700.0;100.0\n";
        let ips_l = "uai;code_du_departement;departement;nom_de_l_etablissment;code_insee_de_la_commune;\
nom_de_la_commune;secteur;type_de_lycee;effectifs_voie_gt;effectifs_voie_pro;effectifs_ensemble_gt_pro;\
ips_voie_gt;ips_voie_pro;ips_ensemble_gt_pro\n\
0480010K;048;LOZERE;LYCEE PRO;48095;MENDE;public;LP;;150.0;150.0;;85.0;85.0\n\
0480011L;048;LOZERE;LYCEE;48095;MENDE;public;LPO;400.0;100.0;500.0;105.0;90.0;102.0\n\
0480012M;048;LOZERE;LYCEE PRIVE;48095;MENDE;privé sous contrat;LEGT;200.0;;200.0;120.0;;120.0\n";
        let dnb = ",\"numero_college\",\"secteur_d_enseignement\",\"code_departement\",\"rep\",\"rep_plus\",\
\"nombre_eleves_total\",\"nombre_eleves_segpa\",\"nombre_eleves_ulis\"\n\
\"1\",\"0480001A\",\"PUBLIC\",\"048\",1,1,310,40,0\n\
\"2\",\"0480004D\",\"PUBLIC\",\"048\",0,0,80,0,10\n";
        Ok(NationalFiles {
            colleges: write(dir, "geo.csv", geo)?,
            ips_colleges: write(dir, "ipsc.csv", ips_c)?,
            ips_lycees: write(dir, "ipsl.csv", ips_l)?,
            colleges_rep: write(dir, "dnb.csv", dnb)?,
            densite: write(dir, "grille.csv", "CODGEO;LIBGEO;DENS\n48095;Mende;5\n")?,
            communes: write(
                dir,
                "laposte.csv",
                "Code_commune_INSEE;Code_postal;latitude;longitude\n48095;48000;44.52;3.49\n",
            )?,
        })
    }

    #[test]
    fn builds_one_departement_and_counts_every_row() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let options = NationalOptions {
            files: files(dir.path())?,
            pupils_per_fte: 100.0,
            departements: Some(vec!["48".to_string()]),
        };
        let set = build_national(&options)?;
        let report = &set.report;
        assert!(report.balances(), "{report}");
        assert_eq!(set.departements.len(), 1);
        let lozere = &set.departements[0];
        assert_eq!(lozere.code, "048");
        assert_eq!(lozere.name.as_deref(), Some("Lozère"));
        assert_eq!(lozere.uais(Kind::College), vec!["0480001A".to_string(), "0480004D".to_string()]);
        assert_eq!(lozere.uais(Kind::LyceePro), vec!["0480010K".to_string()]);
        assert_eq!(lozere.uais(Kind::Lycee), vec!["0480011L".to_string()]);
        // 300 (IPS) + 80 (DNB file) + 150 + 500.
        assert_eq!(lozere.pupils_served, 1030);
        assert!((lozere.total_fte - 10.3).abs() < 1e-9);
        assert!(lozere.scenario_toml.contains("total_fte = 10.3"));
        let colleges = report.file(WHAT_COLLEGES).ok_or("tally")?;
        assert_eq!((colleges.rows_read, colleges.used), (6, 2));
        assert_eq!(colleges.dropped_count(&DropReason::OutOfScope(OutReason::Private)), 1);
        assert_eq!(colleges.dropped_count(&DropReason::OutOfScope(OutReason::NotYetOpen)), 1);
        assert_eq!(colleges.dropped_count(&DropReason::OverseasCollectivity("975".to_string())), 1);
        assert_eq!(colleges.dropped_count(&DropReason::NotRequested), 1);
        let ips = report.file(WHAT_IPS_COLLEGES).ok_or("tally")?;
        assert_eq!(ips.used, 1);
        assert_eq!(ips.dropped_count(&DropReason::AbsentFromLocationFile), 1);
        assert_eq!(ips.dropped_count(&DropReason::NotRequested), 1);
        let lines: Vec<&str> = lozere.establishments_csv.lines().collect();
        assert_eq!(lines.len(), 5);
        // Both flags ⇒ REP+; SEGPA pupils ⇒ segpa; density from the grid.
        assert!(lines[1].starts_with("0480001A;Collège A;college;48095;Mende;44.500000;3.500000;300;;95.0;5;0;1;;1;0;"));
        // Collège D: commune centroid, enrolment of the DNB file, ULIS.
        assert!(lines[2].contains(";44.520000;3.490000;80;;;5;0;0;;0;1;"), "{}", lines[2]);
        // The IPS file's upper-case name written as the annuaire writes names (crate::names).
        assert!(lines[3].starts_with("0480010K;Lycée Pro;lycee_pro;48095;MENDE;44.520000;3.490000;150;;85.0;5;"));
        assert_eq!(report.both_flags, vec!["0480001A".to_string()]);
        assert_eq!(report.location_fallbacks.len(), 3);
        assert_eq!(report.unnamed, vec!["0480004D".to_string()]);
        assert!(lines[2].starts_with("0480004D;Collège 0480004D;college;"), "{}", lines[2]);
        Ok(())
    }

    #[test]
    fn departement_codes() {
        let all: Vec<String> = (1..=95u32)
            .filter(|&n| n != 20)
            .map(|n| format!("{n:03}"))
            .chain(["02A", "02B", "971", "972", "973", "974", "976"].map(String::from))
            .collect();
        assert_eq!(all.len(), 101);
        assert!(all.iter().all(|c| is_departement_code(c)));
        for other in ["020", "975", "977", "978", "986", "987", "988", "096", "000"] {
            assert!(!is_departement_code(other), "{other}");
        }
        assert!(matches!(requested(&["31,975".to_string()]), Err(ImportError::InvalidOption { .. })));
    }
}
