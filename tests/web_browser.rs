//! `sectoria serve` in a real browser: starts the server on a free loopback port over a copy
//! of the demo, runs `tests/browser/workflow.mjs` or `tests/browser/focused.mjs` (Debian's
//! chromium driven by playwright-core) and stops the server by its process id. The install step is
//! `scripts/deps-web.sh`; the test skips, saying why, only when it cannot be done.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ready() -> bool {
    let chromium = Path::new("/usr/bin/chromium").exists();
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let driver = root().join("tests/browser/node_modules/playwright-core/package.json").is_file();
    chromium && node && driver
}

/// Stops the server when the test ends, passed or not.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A server over a new workspace (the demo is written into it), the node script `script` of
/// `tests/browser` run against it, and the server stopped; `None` (said why) when the browser
/// cannot be installed. Returns the script's standard output and the screenshots' folder.
fn in_browser(script: &str, shots: &str) -> Option<(String, PathBuf)> {
    if !ready() {
        let _ = Command::new("sh").arg(root().join("scripts/deps-web.sh")).status();
    }
    if !ready() {
        eprintln!(
            "IGNORÉ : chromium, node ou playwright-core manquent et `sh scripts/deps-web.sh` n'a pas pu les installer"
        );
        return None;
    }
    let workspace = tempfile::tempdir().expect("temporary folder");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sectoria"))
        .args(["serve", "--port", "0", "--workspace"])
        .arg(workspace.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sectoria serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut url = None;
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if let Some(rest) = line.split("http://").nth(1) {
            url = rest.split('/').next().map(|a| format!("http://{a}"));
            break;
        }
    }
    let url = url.expect("the server prints its address");
    let shots = root().join("target").join(shots);
    let out = Command::new("node")
        .arg(root().join("tests/browser").join(script))
        .current_dir(root().join("tests/browser"))
        .env("BASE_URL", &url)
        .env("SECTORIA_BIN", env!("CARGO_BIN_EXE_sectoria"))
        .env("WORKSPACE", workspace.path())
        .env("SHOTS", &shots)
        .output()
        .expect("node runs");
    drop(server);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the browser script {script} failed:\n{stdout}\n{stderr}");
    eprintln!("{stdout}");
    Some((stdout, shots))
}

#[test]
fn the_workflow_runs_in_a_real_browser() {
    let Some((_, shots)) = in_browser("workflow.mjs", "browser-screenshots") else { return };
    // The downloaded workbook opens again, with the plan's sheets.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(shots.join("plan.xlsx")).expect("the workbook opens");
    assert!(book.sheet_names().len() >= 2, "{:?}", book.sheet_names());
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).expect("first sheet");
    assert!(range.height() > 3);
}

/// The address names the page (Back, Forward, a typed fragment), an oversized table is refused
/// before it is read, a refused value is said under its field, and the workers proposed for a
/// lock carry distances.csv's km (a REP+ école's head collège worker first).
#[test]
fn pages_follow_the_address_and_the_forms_say_where_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("focused.mjs", "browser-screenshots-focused") else { return };
    assert!(stdout.contains("\"runs\""), "{stdout}");
}

/// What a committee reads is the plan it looks at: Exporter follows Résultats and a run ended
/// later is said on every page, the first warnings and the REP+ split are in sight, the frontier
/// says which plans are within the plan's tolerance, actions answer beside their button, and
/// « Annuler » asks before throwing away an explained plan.
#[test]
fn the_documents_exported_are_those_of_the_plan_shown_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("committee.mjs", "browser-screenshots-committee") else { return };
    assert!(stdout.contains("\"runs\""), "{stdout}");
}

/// After a replan, Résultats says what changed against the previous run (and opens Comparer on
/// that pair); the run lists say a run's kind and no longer « mêmes réglages que les autres »;
/// « Compléter les explications » is not offered once the files changed; locks are said to stay;
/// Comparer's text, its renamed posts and the frontier's table fit 1280 px; a refused save
/// offers to reload the saved file; empty rows are not written; every refused field is said at once.
#[test]
fn a_replan_is_said_against_the_previous_one_and_the_pages_fit_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s48.mjs", "browser-screenshots-s48") else { return };
    assert!(stdout.contains("\"runs\""), "{stdout}");
}

/// Résultats on a 1024×768 projector: the key figures first and the warnings folded (the
/// committee's apart from the data notes), why fewer establishments than the rule of thumb, the
/// map's colour key with names, place names and the chosen establishment named, a click that
/// keeps the map on screen, workers by name, the run kept in the address, and which report to print.
#[test]
fn results_read_on_a_projector_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s49-results.mjs", "browser-screenshots-s49-results") else { return };
    assert!(stdout.contains("\"runs\""), "{stdout}");
}

/// Comparer as tables a committee reads at 1024×768 (names, the objective's points folded), a
/// Résultats action written into a variant with « Relancer maintenant », the budget's advice,
/// the bassins proposed, an interrupted run's time, current.csv's workers named and its lines
/// counted both ways, and file inputs in French.
#[test]
fn comparisons_and_what_ifs_read_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s49-compare.mjs", "browser-screenshots-s49-compare") else { return };
    assert!(stdout.contains("\"runs\""), "{stdout}");
}

/// « Que perd le plan par rapport à l'an dernier ? »: Résultats' key figures show today's
/// sectors (plan.json's `today`) in a third column beside the plan and the rule of thumb.
#[test]
fn today_s_sectors_are_a_column_of_the_key_figures_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s49-today.mjs", "browser-screenshots-s49-today") else { return };
    assert!(stdout.contains("\"served_today\""), "{stdout}");
}

/// A budget above workers.csv's time (session 50): the Budget field says their time and warns
/// before the run, « 1 ETP de moins que les assistants » fills it in, and the run's label says
/// the time used beside the budget asked in Planifier, Résultats, Comparer and Exporter, with the
/// warning « À dire au comité ».
#[test]
fn a_budget_above_the_workers_time_is_said_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s50-budget.mjs", "browser-screenshots-s50-budget") else { return };
    assert!(stdout.contains("\"runs\""), "{stdout}");
}

/// Her staff file from Excel (Windows-1252, her HR headings « Matricule;Prénom Nom;ETP;Résidence
/// administrative (UAI) ») loads and saves as is; unknown headings are matched to the table's
/// columns above it (the likeliest proposed); a refused header is one message, and the load can
/// still be undone.
#[test]
fn a_staff_file_with_its_own_headings_loads_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s50-columns.mjs", "browser-screenshots-s50-columns") else { return };
    assert!(stdout.contains("\"workers\""), "{stdout}");
}

/// Two collèges named « Collège Jean Moulin » (session 50): Résultats' table, map and sectors,
/// the lines since the previous run and Comparer's sentences, workers' table and list name each
/// with its commune; a REP+ école's motive and the warnings name an establishment beside its UAI.
#[test]
fn homonyms_and_uais_are_named_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s50-names.mjs", "browser-screenshots-s50-names") else { return };
    assert!(stdout.contains("\"runs\""), "{stdout}");
}

/// The Scénario form at 1366×768: no control over its help, plain help (the solver's words
/// folded « Pour les spécialistes »), the calculation's settings folded, « Enregistrer » in
/// sight, each field linked to its message and help, « 5 % » read as 0,05 for the gap, and a
/// minimum presence between two units said rounded under its field.
#[test]
fn the_scenario_form_reads_plainly_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s50-form.mjs", "browser-screenshots-s50-form") else { return };
    assert!(stdout.contains("\"form\""), "{stdout}");
}

/// First contact and named alternatives (session 50): with only the demo, the import is
/// unfolded and « instance » explained; uploads leave no « aucun fichier choisi »; the instance
/// imported opens at once; a variant is named in a field (names after the actions proposed;
/// none typed: the automatic name), and its documents download under its name, in French words.
#[test]
fn first_contact_and_named_variants_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s50-exports.mjs", "browser-screenshots-s50-exports") else { return };
    assert!(stdout.contains("\"download\""), "{stdout}");
}

/// Données as a CTSS-D fills it in (session 50): a Résidence cell proposes establishments by
/// name or commune and writes the chosen UAI (saved in workers.csv), the instance's
/// establishments are listed, folded and filtered, « Ajouter une ligne » puts the focus in the
/// new row, cells and delete buttons say their row, and a file loaded over unsaved edits asks first.
#[test]
fn donnees_suggests_establishments_and_says_rows_in_a_real_browser() {
    let Some((stdout, _)) = in_browser("s50-donnees.mjs", "browser-screenshots-s50-donnees") else { return };
    assert!(stdout.contains("\"establishments\""), "{stdout}");
}
