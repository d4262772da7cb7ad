// What a CTSS-D reads after a replan, and how the pages hold on a 1280×800 screen (Debian's
// headless chromium driven by playwright-core, on the demo): Résultats says what changed
// against the previous run, with a button to Comparer on that pair; the run lists say a run's
// kind and never « mêmes réglages que les autres » for runs that differ; « Compléter les
// explications » is not offered once the instance's files changed, and a completing run that
// failed says « compléter les explications »; locks are said to stay for every later run;
// Comparer's text wraps, its renamed posts are a table, and no empty map is drawn for the same
// run; the frontier's table is not cut; the staff table names the establishments; a refused save
// offers « Recharger la version enregistrée »; empty table rows are not written; the Scénario
// locks list names its establishments; a skip link passes the map; « Méthode » is a list; every
// refused field of the Scénario form is said at once. Run by tests/web_browser.rs with BASE_URL,
// WORKSPACE and SHOTS; prints one JSON line at the end; exits non-zero on the first failed step.
import { chromium } from "playwright-core";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
let dialogs = [];
page.on("dialog", (d) => { dialogs.push(d.message()); return d.accept(); });
const shot = (name) => page.screenshot({ path: path.join(shots, "s48-" + name + ".png") });
const demo = (...parts) => path.join(workspace, "demo", ...parts);
const file = (...parts) => readFileSync(demo(...parts), "utf8").replace(/^\ufeff/, "");
const planJson = (run) => JSON.parse(file("runs", run, "plan.json"));
const text = (selector) => page.$eval(selector, (e) => e.textContent);
const value = (selector) => page.$eval(selector, (e) => e.value);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A run asked through the server (as another tab would), and its status once ended.
const ask = (instance, body) => page.evaluate(async ([i, b]) => (await (await fetch("/api/instances/" + i + "/runs", { method: "POST",
  headers: { "content-type": "application/json" }, body: JSON.stringify(b) })).json()).run, [instance, body]);
const statusOf = (instance, run) => page.evaluate(async ([i, r]) => (await (await fetch("/api/instances/" + i)).json()).runs.find((x) => x.run === r), [instance, run]);
async function ended(instance, run) {
  for (let i = 0; i < 1200; i++) {
    const s = await statusOf(instance, run);
    if (s && !["queued", "running"].includes(s.state)) return s;
    await sleep(100);
  }
  throw new Error("étape échouée : " + run + " ne se termine pas");
}

async function plan(explain = false) {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click("nav button[data-page=planifier]");
  if (explain) await page.check("#plan-explain"); else await page.uncheck("#plan-explain");
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  return value("#result-run");
}
const optionText = (select, run) => page.$eval(`${select} option[value="${run}"]`, (o) => o.textContent);

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");

// 1. The first run has no previous one: nothing said against it.
const first = await plan();
check(await page.$eval("#since-previous", (e) => e.hidden), "la première planification n'a pas de bloc « par rapport à la précédente »");
const p1 = planJson(first);

// 2. A presence required from Résultats is said to stay for every later run.
const unserved = p1.establishments.find((e) => !e.workers.length && e.kind !== "ecole");
await page.click(`#table tr[data-uai="${unserved.uai}"]`);
await page.click("#action-serve");
await page.waitForFunction(() => /Présence exigée/.test(document.getElementById("action-result").textContent));
const served = await text("#action-result");
check(/planifications suivantes/.test(served) && !/prochaine planification/.test(served), "une présence exigée vaut pour les planifications suivantes : " + served);
check(!/prochaine planification/.test(await text("#detail")) && /jusqu'à ce que vous/.test(await text("#detail")),
  "le panneau ne dit plus « pour la prochaine planification » : " + await text("#detail"));

// 3. The replan says what changed against the first run, where she lands.
const second = await plan();
const p2 = planJson(second);
await page.waitForSelector("#since-previous:not([hidden]) #since-previous-compare");
const since = await text("#since-previous");
check(since.includes("Par rapport à la planification précédente (" + first + ")"), "le bloc nomme la planification précédente : " + since);
check(since.includes("Établissements servis : " + p1.kpis.establishments_served + " → " + p2.kpis.establishments_served),
  "le bloc dit les établissements servis avant et après : " + since);
const servedIn = (p) => new Set(p.establishments.filter((e) => e.workers.length).map((e) => e.uai));
const [s1, s2] = [servedIn(p1), servedIn(p2)];
const gains = p1.establishments.filter((e) => !s1.has(e.uai) && s2.has(e.uai)).map((e) => e.name);
check(gains.length > 0 && since.includes(gains.slice(0, 6).join(", ")), "le bloc nomme les établissements qui gagnent une présence (" + gains.join(", ") + ") : " + since);
await shot("par-rapport-a-la-precedente");

// 4. The run lists: a run without a setting of its own is not « the same as the others ».
const firstLabel = await optionText("#result-run", first);
check(!firstLabel.includes("mêmes réglages que les autres") && firstLabel.includes("réglages partagés par toutes les planifications, sans verrou"),
  "la première planification, sans verrou, le dit : " + firstLabel);

// 5. The staff table names each sector's establishments (the UAI as tooltip).
await page.$eval("#staff", (d) => { d.open = true; });
const sectorCell = await page.$eval("#staff-table td.sector span[data-uai]", (s) => [s.dataset.uai, s.textContent, s.title]);
check(sectorCell[1] === p2.establishments.find((e) => e.uai === sectorCell[0]).name && sectorCell[2] === sectorCell[0],
  "la table des assistants nomme les établissements : " + sectorCell.join(" | "));

// 6. « Passer la carte » comes before the map and takes the keyboard to the table's search box.
check(await page.evaluate(() => Boolean(document.getElementById("skip-map").compareDocumentPosition(document.getElementById("map")) & Node.DOCUMENT_POSITION_FOLLOWING)),
  "le lien « Passer la carte » précède la carte");
await page.focus("#skip-map");
await page.keyboard.press("Enter");
check(await page.evaluate(() => document.activeElement.id) === "table-filter", "« Passer la carte » mène à la recherche du tableau");

// 7. Its button opens Comparer on that pair; the text wraps at 1280 px, nothing is cut.
await page.click("#since-previous-compare");
await page.waitForSelector("#comparer:not([hidden]) #compare-text #compare-figures");
check(await value("#compare-a") === first && await value("#compare-b") === second, "Comparer s'ouvre sur la précédente et celle affichée");
const overflow = await page.$$eval("#compare-text > *", (blocks) => blocks.filter((b) => b.scrollWidth > b.clientWidth + 1 ||
  b.getBoundingClientRect().right > document.documentElement.clientWidth).map((b) => b.textContent.slice(0, 60)));
check(overflow.length === 0, "aucune ligne de la comparaison n'est coupée à 1280 px : " + overflow.join(" | "));
await shot("comparer-1280");
// The same run on both sides: no empty map frame.
await page.selectOption("#compare-a", second);
await page.click("#compare-run");
await page.waitForFunction(() => /même planification/.test(document.getElementById("compare-text").textContent));
check(await page.$eval("#compare-map-box", (e) => e.hidden), "la même planification des deux côtés : pas de carte vide");

// 8. A worker kept from Résultats; the Scénario page names the establishments of its locks.
await page.click("nav button[data-page=resultats]");
const kept = p2.establishments.find((e) => e.workers.length && e.kind !== "ecole" && e.uai !== unserved.uai);
await page.click(`#table tr[data-uai="${kept.uai}"]`);
await page.waitForSelector("#action-worker[data-ready]");
await page.selectOption("#action-worker", kept.workers[0].worker);
await page.click("#action-lock");
await page.waitForFunction(() => /Verrou ajouté/.test(document.getElementById("action-result").textContent));
check(/planifications suivantes/.test(await text("#action-result")), "un verrou ajouté vaut pour les planifications suivantes : " + await text("#action-result"));
await page.click("nav button[data-page=scenario]");
await page.waitForSelector("#locks-assign li");
const assignLine = await text("#locks-assign li");
check(assignLine.includes(kept.uai + " — " + kept.name), "la liste des verrous nomme l'établissement gardé : " + assignLine);
check((await text("#locks legend")).includes("planifications suivantes"), "les verrous valent pour les planifications suivantes : " + await text("#locks legend"));

// 9. « Méthode » is a list of its values; every refused field is said at one save.
check(await page.$eval("#f-solver-method", (s) => s.tagName === "SELECT" && [...s.options].map((o) => o.value).join(",")) === "auto,compact",
  "« Méthode » se choisit dans une liste");
const scenarioBefore = file("scenario.toml");
const distance = await value("#f-rules-max_distance_km"), perKm = await value("#f-travel-weight_per_km");
await page.fill("#f-rules-max_distance_km", "400 km");
await page.fill("#f-travel-weight_per_km", "-1");
await page.click("#scenario-save");
await page.waitForFunction(() => document.getElementById("f-travel-weight_per_km-error").textContent !== "");
check((await text("#f-rules-max_distance_km-error")).includes("n'est pas un nombre") && (await text("#f-travel-weight_per_km-error")).includes("positif"),
  "les deux champs refusés sont signalés au même enregistrement : " + await text("#f-rules-max_distance_km-error") + " | " + await text("#f-travel-weight_per_km-error"));
check(file("scenario.toml") === scenarioBefore, "un scénario refusé n'est pas écrit");
await page.fill("#f-rules-max_distance_km", distance);
await page.fill("#f-travel-weight_per_km", perKm);
// The solver's settings are folded under « Réglages du calcul (avancé) ».
await page.$eval("#scenario-advanced", (d) => { d.open = true; });
await page.selectOption("#f-solver-method", "compact");
await page.click("#scenario-save");
await page.waitForFunction(() => /^Scénario \S+ enregistré$/.test(document.getElementById("notice").textContent));
check(/method = "compact"/.test(file("scenario.toml")), "la méthode choisie est enregistrée");
await page.selectOption("#f-solver-method", "auto");
await page.click("#scenario-save");
for (let i = 0; i < 100 && /method = "compact"/.test(file("scenario.toml")); i++) await sleep(50);
check(!/method = "compact"/.test(file("scenario.toml")), "la méthode « auto » est enregistrée de nouveau");

// 10. Explained runs: the lists say it, and how far stopped explanations went.
const full = await plan(true);
check((await optionText("#result-run", full)).includes("plan + explications exactes"), "une planification expliquée le dit : " + await optionText("#result-run", full));
let stopped = null;
for (let attempt = 0; attempt < 4 && !stopped; attempt++) {
  const run = await ask("demo", { scenario: "scenario.toml", kind: "explain" });
  for (let i = 0; i < 600; i++) {
    const s = await statusOf("demo", run);
    if (s && (s.has_plan || !["queued", "running"].includes(s.state))) break;
    await sleep(50);
  }
  await page.evaluate((r) => fetch("/api/instances/demo/runs/" + r + "/stop", { method: "POST" }), run);
  const s = await ended("demo", run);
  if (s.state === "done" && s.missing_explanations > 0) stopped = s;
}
check(stopped, "des explications arrêtées");
const total = planJson(stopped.run).kpis.establishments;
await page.waitForSelector(`#result-run option[value="${stopped.run}"]`, { state: "attached" });
const stoppedLabel = await optionText("#result-run", stopped.run);
check(stoppedLabel.includes("explications arrêtées à " + (total - stopped.missing_explanations) + "/" + total), "la liste dit où les explications se sont arrêtées : " + stoppedLabel);

// 11. Données: an empty row is not written; a save refused because the file changed elsewhere
// offers to reload it, without reloading the page.
await page.click("nav button[data-page=donnees]");
await page.evaluate(() => { window.s48Marker = 1; });
const addRow = page.locator("#table-workers + p button", { hasText: "Ajouter une ligne" });
await addRow.click();
await page.click("#save-workers");
await page.waitForFunction(() => /workers\.csv enregistré/.test(document.getElementById("notice").textContent));
check(!file("workers.csv").split("\n").some((l) => /^;+\r?$/.test(l)), "une ligne vide n'est pas écrite dans workers.csv");
const nameCell = '#table-workers tbody tr:first-child input[data-col="name"]';
await page.fill(nameCell, "Nom tapé ici");
const lines = file("workers.csv").split("\n");
const cells = lines[1].split(";");
cells[1] = "Nom enregistré ailleurs";
lines[1] = cells.join(";");
writeFileSync(demo("workers.csv"), lines.join("\n"));
await page.click("#save-workers");
await page.waitForSelector("#reload-workers");
dialogs = [];
await page.click("#reload-workers");
await page.waitForFunction((sel) => document.querySelector(sel).value === "Nom enregistré ailleurs", nameCell);
check(dialogs.length === 1 && /remplacées/.test(dialogs[0]), "le rechargement demande d'abord : " + dialogs.join(" | "));
check(await page.evaluate(() => window.s48Marker) === 1, "le tableau est rechargé sans recharger la page");
await page.fill(nameCell, "Nom tapé ici");
await page.click("#save-workers");
await page.waitForFunction(() => /workers\.csv enregistré/.test(document.getElementById("notice").textContent));

// 12. workers.csv changed since the stopped run: « Compléter les explications » is not offered,
// the panel says why, and a completing run asked anyway says « compléter les explications ».
await page.click("nav button[data-page=planifier]");
const complete = `#runs tr[data-run="${stopped.run}"] button.complete-explanations`;
await page.waitForSelector(complete);
check(await page.$eval(complete, (b) => b.disabled && /workers\.csv modifié depuis ce calcul/.test(b.title)), "« Compléter les explications » est désactivé, avec sa raison");
check(/Planifiez de nouveau/.test(await text(`#runs tr[data-run="${stopped.run}"] .complete-hint`)), "la raison est écrite à côté du bouton");
await page.click("nav button[data-page=resultats]");
await page.selectOption("#result-run", stopped.run);
await page.waitForFunction((r) => document.getElementById("export-run").value === r, stopped.run);
const bare = planJson(stopped.run).establishments.find((e) => !(e.explanation && e.explanation.counterfactual));
await page.click(`#table tr[data-uai="${bare.uai}"]`);
await page.waitForSelector("#no-counterfactual");
check(/ne peuvent plus être complétées/.test(await text("#no-counterfactual")) && !/le calcule en reprenant/.test(await text("#no-counterfactual")),
  "le panneau ne conseille plus de compléter : " + await text("#no-counterfactual"));
const failed = await ask("demo", { from_run: stopped.run, kind: "complete" });
check((await ended("demo", failed)).state === "failed", "compléter après un changement de workers.csv échoue");
await page.click("nav button[data-page=planifier]");
await page.waitForFunction((r) => /échec/.test((document.querySelector(`#runs tr[data-run="${r}"]`) || {}).textContent || ""), failed);
check(await text(`#runs tr[data-run="${failed}"] td.kind`) === "compléter les explications", "une complétion en échec dit « compléter les explications »");

// 13. The same for the Scénario form: a save refused (file changed elsewhere) offers to reload it.
await page.click("nav button[data-page=scenario]");
await page.fill("#f-solver-seed", "3");
writeFileSync(demo("scenario.toml"), file("scenario.toml").replace(/^seed = \d+/m, "seed = 1"));
await page.click("#scenario-save");
await page.waitForSelector("#scenario-reload");
dialogs = [];
await page.click("#scenario-reload");
await page.waitForFunction(() => document.getElementById("f-solver-seed").value === "1");
check(dialogs.length === 1 && await page.evaluate(() => window.s48Marker) === 1, "le scénario est rechargé après confirmation, sans recharger la page");

// 14. The frontier's table is not cut at 1280 px.
await page.click("nav button[data-page=resultats]");
await page.selectOption("#result-run", second);
await page.waitForFunction((r) => document.getElementById("export-run").value === r, second);
const beforeFrontier = await page.evaluate(() => window.sectoriaLastReplanMs);
await page.click("#frontier-run");
await page.waitForFunction((b) => window.sectoriaLastReplanMs !== b, beforeFrontier, { timeout: 300000 });
await page.waitForSelector("#frontier-table tbody tr");
const frontierBox = await page.$eval("#frontier-table", (t) => {
  const width = document.documentElement.clientWidth, box = t.parentElement;
  return { right: t.getBoundingClientRect().right, width, scrolls: box.scrollWidth > box.clientWidth, boxRight: box.getBoundingClientRect().right };
});
check(frontierBox.right <= frontierBox.width || (frontierBox.scrolls && frontierBox.boxRight <= frontierBox.width),
  "la table de la frontière tient dans la page ou défile : " + JSON.stringify(frontierBox));
check(await page.$eval("#frontier", (f) => !f.closest(".columns")), "la frontière prend toute la largeur de la page");
await page.$eval("#frontier", (e) => e.scrollIntoView());
await shot("frontiere-1280");

// 15. Budget posts renamed in a comparison: a table, not a long line.
const postes = path.join(workspace, "postes");
mkdirSync(postes, { recursive: true });
copyFileSync(demo("establishments.csv"), path.join(postes, "establishments.csv"));
const budget = (fte) => writeFileSync(path.join(postes, "scenario.toml"), "schema = 1\n[budget]\ntotal_fte = " + fte + "\n");
budget(20);
const a = await ended("postes", await ask("postes", { scenario: "scenario.toml", kind: "plan" }));
budget(18);
const b = await ended("postes", await ask("postes", { scenario: "scenario.toml", kind: "plan" }));
check(a.state === "done" && b.state === "done", "deux plans de postes : " + a.message + " | " + b.message);
await page.evaluate(() => openInstance("postes"));
await page.waitForFunction(() => /postes/.test(document.getElementById("context").textContent));
await page.click("nav button[data-page=comparer]");
await page.selectOption("#compare-a", a.run);
await page.selectOption("#compare-b", b.run);
await page.click("#compare-run");
await page.waitForSelector("#compare-renamed tbody tr");
check(!(await text("#compare-text")).includes("noms ici :"), "les noms des postes ne sont plus une longue ligne");
check(await page.$eval("#compare-map-box", (e) => !e.hidden), "deux plans différents : la carte des changements");
await shot("comparer-postes");

check(errors.length === 0, "aucune erreur dans la page : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ runs: [first, second, full, stopped.run, failed] }));
