// A CTSS-D's staff file from Excel (session 50, finding 2; Debian's headless chromium driven by
// playwright-core, on the demo): Windows-1252, `;`, decimal comma, CRLF and her HR headings
// « Matricule;Prénom Nom;ETP;Résidence administrative (UAI) ». Loaded in Données it is read as
// is and saved; a file with headings the readers do not know asks « which column is which »
// above the table (the likeliest column chosen), and a refused save says one problem and still
// offers « Annuler le chargement ». Run by tests/web_browser.rs with BASE_URL, WORKSPACE and
// SHOTS; prints one JSON line at the end; exits non-zero on the first failed step.
import path from "node:path";
import { readFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1366, height: 768 });
const notice = () => page.$eval("#notice", (n) => n.textContent);
const header = () => page.$eval("#table-workers", (t) => t.dataset.header);
const saved = () => readFileSync(path.join(workspace, "demo", "workers.csv"), "utf8");

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
// The demo's workers (distances.csv names them), rewritten as her spreadsheet writes them.
const demo = saved().replace(/^\ufeff/, "").trim().split("\n").slice(1).map((l) => l.split(";"));
const names = ["Émilie Sánchez", "Núria Vidal", "Françoise Bès", "Joël Pérez"];
const rows = demo.map((r, i) => [r[0], names[i % names.length] + " " + (i + 1), r[2].replace(".", ","), r[3]]);
const cp1252 = (lines) => Buffer.from(lines.map((l) => l.join(";")).join("\r\n") + "\r\n", "latin1");
const originalHeader = await header();

// 1. Headings nobody could guess: a choice per heading above the table; the save refused says
// one problem (not one per column) and « Annuler le chargement » is still offered.
await page.setInputFiles("#load-workers", { name: "export-rh.csv", mimeType: "text/csv",
  buffer: cp1252([["Code agent", "Personne", "Taux", "Site"], ...rows]) });
await page.waitForSelector("#column-choices-workers");
check((await notice()).includes("4 en-têtes inconnus"), "le chargement dit les en-têtes inconnus : " + await notice());
check((await page.$$("#column-choices-workers select")).length === 4, "un choix par en-tête inconnu");
await page.click("#save-workers");
await page.waitForSelector("#cancel-load-workers");
const refused = await page.$$eval("#error-workers > div", (d) => d.map((x) => x.textContent));
check(refused.length === 1 && refused[0].startsWith("E101 workers.csv, ligne 1 : en-tête non reconnu — 4 intitulés inconnus"),
  "un seul message pour l'en-tête : " + refused.join(" | "));
check(refused[0].split("« Identifiant » (ou « Matricule »").length === 2, "les intitulés acceptés sont dits une fois");
await page.$eval("#error-workers", (e) => e.scrollIntoView({ block: "center" }));
await page.screenshot({ path: path.join(shots, "s50-columns-refused.png") });
await page.click("#cancel-load-workers");
await page.waitForFunction(() => /Chargement de export-rh\.csv annulé/.test(document.getElementById("notice").textContent));
check(await header() === originalHeader && !(await page.$("#column-choices-workers")), "le chargement est annulé après un refus");

// 2. Some headings known, others guessed: « Quotité de travail » is proposed as the quotité,
// « Prénom » (the name is already there) is not kept; « Appliquer » renames the table's columns.
await page.setInputFiles("#load-workers", { name: "personnel-nom-prenom.csv", mimeType: "text/csv",
  buffer: cp1252([["Matricule", "Nom", "Prénom", "Quotité de travail", "Résidence administrative (UAI)"],
    ...rows.map((r) => [r[0], r[1], "x", r[2], r[3]])]) });
await page.waitForSelector("#column-choices-workers");
const choices = await page.$$eval("#column-choices-workers li", (li) => li.map((l) => [l.querySelector("label").textContent, l.querySelector("select").value]));
check(JSON.stringify(choices) === JSON.stringify([["« Prénom » → ", ""], ["« Quotité de travail » → ", "fte"]]),
  "la colonne la plus probable est proposée : " + JSON.stringify(choices));
await page.$eval("#column-choices-workers", (e) => e.scrollIntoView({ block: "center" }));
await page.screenshot({ path: path.join(shots, "s50-columns-choices.png") });
await page.click("#column-apply-workers");
await page.waitForFunction(() => !document.getElementById("column-choices-workers"));
check(await header() === "id;name;fte;base_uai", "les colonnes sont renommées, « Prénom » n'est pas gardé : " + await header());

// 3. Her file as Excel saved it: read as is (« ETP → fte »…), saved, written in UTF-8.
await page.setInputFiles("#load-workers", { name: "personnel-066.csv", mimeType: "text/csv",
  buffer: cp1252([["Matricule", "Prénom Nom", "ETP", "Résidence administrative (UAI)"], ...rows]) });
await page.waitForFunction(() => /personnel-066\.csv chargé dans le tableau \(lu en Windows-1252/.test(document.getElementById("notice").textContent));
const loaded = await notice();
check(["Matricule → id", "Prénom Nom → name", "ETP → fte", "Résidence administrative (UAI) → base_uai"].every((r) => loaded.includes(r)),
  "ses en-têtes sont reconnus : " + loaded);
check(!(await page.$("#column-choices-workers")), "rien à faire correspondre");
await page.click("#save-workers");
await page.waitForFunction(() => /workers\.csv enregistré/.test(document.getElementById("notice").textContent));
const written = saved();
const want = "\ufeffid;name;fte;base_uai\n" + rows.map((r) => r.join(";")).join("\n") + "\n";
check(written === want, "workers.csv est écrit en UTF-8 avec les colonnes du programme : " + written.slice(0, 200));
check(written.includes("Émilie Sánchez 1;"), "les accents sont gardés");
check(errors.length === 0, "aucune erreur de la page : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ workers: rows.length, refused: refused.length, choices }));
