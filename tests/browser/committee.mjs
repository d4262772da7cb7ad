// What a committee reads in `sectoria serve` is the plan it looks at (Debian's headless chromium
// driven by playwright-core, on the demo): Exporter offers the documents of the run Résultats
// shows, and a run ended later is said on Résultats, Exporter and Comparer; the first warnings
// are in sight and the REP+ figure says its collèges and écoles apart; the frontier table says
// which plans are within the plan's tolerance, as frontier.csv; an action on an establishment
// answers beside its button and its panel lists the locks set; « Annuler » on an explained run
// that has its plan asks first; a run completing explanations says so while it runs; decimals
// are saved with a comma. Run by tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS; prints
// one JSON line at the end; exits non-zero on the first failed step.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const base = process.env.BASE_URL;
const shots = process.env.SHOTS;
const workspace = process.env.WORKSPACE;
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error("étape échouée : " + message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-proxy-server", "--proxy-bypass-list=*"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
// Confirmations are accepted unless a step says otherwise (and records what was asked).
let dialogs = [];
let dismiss = false;
page.on("dialog", (d) => { dialogs.push(d.message()); return dismiss ? d.dismiss() : d.accept(); });
const shot = (name) => page.screenshot({ path: path.join(shots, "committee-" + name + ".png") });
const file = (...parts) => readFileSync(path.join(workspace, "demo", ...parts), "utf8").replace(/^\ufeff/, "");
const planJson = (run) => JSON.parse(file("runs", run, "plan.json"));
const text = (selector) => page.$eval(selector, (e) => e.textContent);
const value = (selector) => page.$eval(selector, (e) => e.value);

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");

// 0. Decimals read with a point are shown and saved with a comma; six quotités lowered below
// today's sectors give the plan more warnings than are shown unfolded.
check(await page.$eval('#table-workers tbody tr input[data-col="fte"]', (i) => i.value) === "1,00", "la quotité lue « 1.00 » s'affiche « 1,00 »");
for (let i = 0; i < 6; i++) await page.fill(`#table-workers tbody tr:nth-child(${i + 1}) input[data-col="fte"]`, "0.5");
await page.click("#save-workers");
await page.waitForFunction(() => /workers\.csv enregistré/.test(document.getElementById("notice").textContent));
const fte = file("workers.csv").trim().split("\n").slice(1).map((l) => l.split(";")[2]);
check(fte.every((v) => !v.includes(".")) && fte.slice(0, 6).every((v) => v === "0,5"), "workers.csv garde la virgule décimale partout : " + fte.join(" "));
// The save says at once what the plan would warn of (sectors above the new quotités), and each
// UAI of today's sectors is followed by its establishment's name.
const savedWarnings = await page.$$eval("#saved-warnings-workers li", (li) => li.map((e) => e.textContent));
check(savedWarnings.some((w) => /quotité/.test(w)), "l'enregistrement signale les secteurs au-delà de la quotité : " + savedWarnings.join(" | "));
const uaiName = await page.$eval('#table-current tbody tr:first-child small.uai-name', (e) => e.textContent);
check(uaiName.length > 3 && !/inconnu/.test(uaiName), "le nom de l'établissement suit son UAI dans les secteurs actuels : « " + uaiName + " »");

async function plan(explain = false) {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click("nav button[data-page=planifier]");
  if (explain) await page.check("#plan-explain"); else await page.uncheck("#plan-explain");
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  return value("#result-run");
}

// 1. Two runs: Exporter offers the second, the one Résultats shows, and says so.
const first = await plan();
const second = await plan();
check(first !== second, "deux planifications");
await page.click("nav button[data-page=exporter]");
check(await value("#export-run") === second, "Exporter propose la planification affichée dans Résultats : " + await value("#export-run") + " au lieu de " + second);
check((await text("#export-which")).includes(second) && (await text("#export-which")).includes("affichée dans Résultats"), "Exporter dit de quelle planification sont les documents : " + await text("#export-which"));
check(await page.$eval('#downloads a[data-file="report.html"]', (a) => a.getAttribute("href")).then((h) => h.includes(second)), "le rapport téléchargé est celui de " + second);
// Choosing another run in Exporter shows it in Résultats too.
await page.selectOption("#export-run", first);
await page.waitForFunction((r) => document.getElementById("result-run").value === r, first);
check((await text("#export-which")).includes(first), "Exporter suit le choix");
await page.selectOption("#export-run", second);
await page.waitForFunction((r) => document.getElementById("result-run").value === r, second);
// Comparer's « Après » chosen by hand, on the first run.
await page.click("nav button[data-page=comparer]");
await page.selectOption("#compare-b", first);
await page.dispatchEvent("#compare-b", "change");

// A run asked elsewhere (another tab) ends: no page keeps the older one without a word.
const third = await page.evaluate(async () => (await (await fetch("/api/instances/demo/runs", { method: "POST",
  headers: { "content-type": "application/json" }, body: JSON.stringify({ scenario: "scenario.toml", kind: "plan" }) })).json()).run);
await page.waitForFunction((r) => document.getElementById("compare-newer").textContent.includes(r), third, { timeout: 180000 });
await page.click("nav button[data-page=exporter]");
check(await value("#export-run") === second && (await text("#export-newer")).includes(third), "Exporter dit qu'une planification plus récente est terminée : " + await text("#export-newer"));
await shot("exporter-plus-recente");
await page.click("#export-newer button");
await page.waitForFunction((r) => document.getElementById("result-run").value === r && document.getElementById("export-run").value === r, third);
check(await text("#export-newer") === "" && !(await page.$eval("#exporter", (s) => s.hidden)), "« Exporter » la plus récente la prend, sans quitter la page");
await page.click("nav button[data-page=resultats]");
await page.selectOption("#result-run", second);
await page.waitForFunction((r) => document.getElementById("result-newer").textContent.includes(r), third);
// The option says what tells the runs apart first, its full text in its tooltip.
check((await page.$eval(`#result-run option[value="${second}"]`, (o) => o.title)).includes(second), "l'option porte sa description entière");

// 2. The warnings are folded under their counts (the key figures come first; s49-results.mjs
// checks the split between the committee's and the data notes); the REP+ figure split as the report.
const p2 = planJson(second);
check(p2.warnings.length > 5, "le plan a plus de 5 avertissements : " + p2.warnings.length);
const visible = await page.$$eval("#warnings li", (li) => li.filter((e) => e.checkVisibility()).map((e) => e.textContent));
check(visible.length === 0, "les avertissements sont repliés sous leur nombre : " + visible.length);
check((await page.$$("#warnings li")).length >= p2.warnings.length, "chaque avertissement est dans un des blocs repliés");
const rep = p2.kpis.by_category.find((c) => c.category === "rep_plus");
const level = (name) => page.$eval(`#figures td[data-figure^="dont ${name}"]`, (td) => [td.dataset.figure, td.textContent]);
const [collegesLabel, colleges] = await level("collèges");
const [ecolesLabel, ecoles] = await level("écoles");
check(collegesLabel === "dont collèges (obligatoires)" && colleges.startsWith(rep.by_level.colleges.served + "/" + rep.by_level.colleges.establishments + " ·"),
  "REP+ : dont collèges (obligatoires) : " + collegesLabel + " " + colleges);
check(ecolesLabel === "dont écoles (non obligatoires)" && ecoles.startsWith(rep.by_level.ecoles.served + "/" + rep.by_level.ecoles.establishments + " ·"),
  "REP+ : dont écoles (non obligatoires) : " + ecolesLabel + " " + ecoles);
await page.$$eval("#warnings details", (ds) => ds.forEach((d) => { d.open = true; }));
await page.$eval("#warnings", (e) => e.scrollIntoView());
await shot("avertissements-rep-plus");

// 3. Actions answer beside their button; the panel lists the locks set for the establishment.
const served = p2.establishments.find((e) => e.workers.length && e.kind !== "ecole");
await page.click(`#table tr[data-uai="${served.uai}"]`);
await page.waitForSelector("#action-worker[data-ready]");
await page.selectOption("#action-worker", served.workers[0].worker);
await page.click("#action-forbid");
await page.waitForFunction(() => /Couple interdit/.test((document.getElementById("action-result") || {}).textContent || ""));
const box = await page.$eval("#action-result", (e) => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, innerHeight]; });
// (Within a pixel: scrolled into view, its bottom may fall a fraction of a pixel past the screen's.)
check(box[0] >= 0 && box[1] <= box[2] + 1, "la réponse est à l'écran, près du bouton : " + box.join(" "));
await page.waitForSelector("#establishment-locks li");
check((await text("#establishment-locks")).includes("Couple interdit avec"), "le panneau liste le couple interdit");
check((await page.$eval(`#action-worker option[value="${served.workers[0].worker}"]`, (o) => o.textContent)).includes("couple interdit"),
  "la liste des assistants marque le couple interdit");
await shot("action-a-cote");
await page.click("#establishment-locks button.remove-lock");
await page.waitForFunction(() => /rien\./.test(document.getElementById("action-locks").textContent));
check(!file("scenario.toml").split("\n").some((l) => !l.startsWith("#") && l.includes(served.uai)), "« Retirer » enlève le couple du scénario");
// An adoptable plan (workers.csv) has no refusal beside its button.
check(await text("#adopt-hint") === "", "un plan d'assistants peut être adopté");

// 4. « Annuler » on an explained run that has its plan asks first, and says what « Arrêter les
// explications » keeps; refused, the run goes on.
await page.evaluate(() => {
  window.kindsSeen = new Set();
  new MutationObserver(() => { for (const td of document.querySelectorAll("#runs td.kind")) window.kindsSeen.add(td.textContent); })
    .observe(document.getElementById("runs"), { childList: true, subtree: true, characterData: true });
});
let asked = null;
for (let attempt = 0; attempt < 3 && !asked; attempt++) {
  await page.click("nav button[data-page=planifier]");
  await page.check("#plan-explain");
  await page.click("#plan-run");
  const row = await page.waitForFunction(() => {
    const tr = [...document.querySelectorAll("#runs tbody tr")].find((r) => r.querySelector("button.stop-explaining") && /plan trouvé/.test(r.textContent));
    return tr && tr.dataset.run;
  }, null, { timeout: 180000 }).then((h) => h.jsonValue());
  // Its plan found, Résultats shows it: back to Planifier for its buttons.
  await page.click("nav button[data-page=planifier]");
  dialogs = [];
  dismiss = true;
  try { await page.click(`#runs tr[data-run="${row}"] button.cancel-run`, { timeout: 2000 }); } catch (e) { /* ended meanwhile: again */ }
  dismiss = false;
  if (dialogs.length) asked = { row, message: dialogs[0] };
  const state = await page.$eval(`#runs tr[data-run="${row}"]`, (tr) => tr.textContent);
  check(!/annulée/.test(state), "une annulation refusée laisse la planification continuer : " + state);
  if (asked) {
    // Stopped instead: the plan is kept with the explanations computed.
    try { await page.click(`#runs tr[data-run="${row}"] button.stop-explaining`, { timeout: 2000 }); } catch (e) { /* ended */ }
  }
  await page.waitForFunction((r) => /terminée/.test(document.querySelector(`#runs tr[data-run="${r}"]`).textContent), row, { timeout: 180000 });
}
check(asked, "« Annuler » demande confirmation sur une planification expliquée qui a son plan");
check(/perdus/.test(asked.message) && asked.message.includes("« Arrêter les explications »") && /garder le plan/i.test(asked.message),
  "la confirmation dit ce qui est perdu et ce qu'« Arrêter les explications » garde : " + asked.message);
// Its explanations completed: the run says « compléter les explications » while it waits or runs.
await page.click("nav button[data-page=planifier]");
// The runs table is drawn again on every event: click by selector (a handle may be detached).
const completeButton = `#runs tr[data-run="${asked.row}"] button.complete-explanations`;
if (await page.$(completeButton)) {
  const beforeComplete = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click(completeButton);
  // Until its plan is shown (nothing of it may come after the steps below).
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== b, beforeComplete, { timeout: 180000 });
  const kinds = await page.evaluate(() => [...window.kindsSeen]);
  check(kinds.includes("compléter les explications"), "une planification qui complète les explications le dit tant qu'elle tourne : " + kinds.join(" | "));
}

// 5. The frontier: its table says which plans are within the plan's tolerance, as frontier.csv.
await page.click("nav button[data-page=resultats]");
await page.selectOption("#result-run", third);
await page.waitForFunction((r) => document.getElementById("export-run").value === r, third);
const beforeFrontier = await page.evaluate(() => window.sectoriaLastReplanMs);
await page.click("#frontier-run");
await page.waitForFunction((b) => window.sectoriaLastReplanMs !== b, beforeFrontier, { timeout: 300000 });
await page.waitForSelector("#frontier-table tbody tr");
check(await value("#result-run") !== third, "la frontière est une nouvelle planification, affichée à sa fin");
const frontierRun = await value("#result-run");
const csv = file("runs", frontierRun, "frontier.csv").trim().split("\n").map((l) => l.split(";"));
const within = csv[0].indexOf("Dans la tolérance du plan retenu");
const heads = await page.$$eval("#frontier-table th", (th) => th.map((e) => e.textContent));
check(heads.includes("Dans la tolérance du plan retenu"), "la table de la frontière a la colonne de frontier.csv : " + heads.join(" | "));
const column = heads.indexOf("Dans la tolérance du plan retenu");
const cells = await page.$$eval("#frontier-table tbody tr", (trs, c) => trs.map((tr) => [tr.dataset.served, tr.cells[c].textContent]), column);
check(cells.length === csv.length - 1 && cells.every(([n, w], i) => csv[i + 1][0] === n && csv[i + 1][within] === w),
  "chaque point dit, comme frontier.csv, s'il est dans la tolérance : " + JSON.stringify(cells) + " / " + csv.map((r) => r[0] + ":" + r[within]).join(" "));
check((await text("#frontier-tolerance")).startsWith("Tolérance du plan retenu : "), "la tolérance du plan retenu est dite");
await page.$eval("#frontier", (e) => e.scrollIntoView());
await shot("frontiere");

check(errors.length === 0, "aucune erreur dans la page : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ runs: [first, second, third, asked.row, frontierRun] }));
