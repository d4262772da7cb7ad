// Focused checks of `sectoria serve` in Debian's headless chromium (playwright-core), on the demo:
// the address names the page (Back, Forward, a typed fragment), an oversized table is refused
// before it is read, a refused scenario value is said under its own field, and the workers
// proposed for a lock come with the planner's distances (distances.csv), a REP+ école's head
// collège worker first. Run by tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS; prints
// one JSON line at the end; exits non-zero on the first failed step.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const base = process.env.BASE_URL;
const shots = process.env.SHOTS;
const workspace = process.env.WORKSPACE;
mkdirSync(shots, { recursive: true });
const measures = {};

function check(condition, message) {
  if (!condition) throw new Error("étape échouée : " + message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-proxy-server", "--proxy-bypass-list=*"],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("dialog", (d) => d.accept());
const shot = (name) => page.screenshot({ path: path.join(shots, "focused-" + name + ".png") });
const shown = () => page.evaluate(() => document.querySelector(".page:not([hidden])").id);
const csv = (name) => readFileSync(path.join(workspace, "demo", name), "utf8").replace(/^\ufeff/, "").trim().split("\n").map((l) => l.split(";"));

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");

// 1. The address names the page: Back and Forward move between pages, a typed fragment shows
// its page, an unsaved edit stays; a fragment naming no page changes nothing.
await page.click("nav button[data-page=scenario]");
await page.fill("#f-budget-total_fte", "19");
await page.click("nav button[data-page=planifier]");
await page.click("nav button[data-page=exporter]");
await page.goBack();
await page.waitForFunction(() => !document.getElementById("planifier").hidden);
await page.goBack();
await page.waitForFunction(() => !document.getElementById("scenario").hidden);
check(await page.$eval("#f-budget-total_fte", (i) => i.value) === "19", "Précédent garde la saisie non enregistrée");
await page.goForward();
await page.waitForFunction(() => !document.getElementById("planifier").hidden);
check(page.url().endsWith("#planifier") && await page.$eval('nav button[data-page="planifier"]', (b) => b.getAttribute("aria-current")) === "page",
  "Suivant montre la page de l'adresse, le menu aussi");
await page.goto(base + "/#comparer");
await page.waitForFunction(() => !document.getElementById("comparer").hidden);
await page.goto(base + "/#map");
check(await shown() === "comparer", "un fragment qui ne nomme pas une page ne change rien : " + await shown());
check(await page.$eval("#f-budget-total_fte", (i) => i.value) === "19", "une adresse tapée garde la saisie non enregistrée");
await page.evaluate(() => { document.getElementById("f-budget-total_fte").value = ""; });

// 2. A table far above a département's size is refused before it is read: the page answers at
// once, in French, and the table keeps its unsaved edits.
await page.click("nav button[data-page=donnees]");
await page.fill('#table-workers tbody tr input[data-col="name"]', "Saisie gardée");
const rows = (await page.$$("#table-workers tbody tr")).length;
const big = Buffer.alloc(3 * 1024 * 1024, "A;B;1\n");
let t0 = Date.now();
await page.setInputFiles("#load-workers", { name: "enorme.csv", mimeType: "text/csv", buffer: big });
await page.waitForFunction(() => /enorme\.csv refusé/.test(document.getElementById("notice").textContent));
measures.refuse_bytes_ms = Date.now() - t0;
check(/3,0 Mo, au-delà des 2 Mo/.test(await page.$eval("#error-workers", (e) => e.textContent)), "le refus dit la taille et la limite, sous le tableau");
const many = Buffer.from("id;name;fte\n" + Array.from({ length: 3001 }, (_, k) => "W" + k + ";;1\n").join(""));
t0 = Date.now();
await page.setInputFiles("#load-workers", { name: "long.csv", mimeType: "text/csv", buffer: many });
await page.waitForFunction(() => /long\.csv refusé : 3\s001 lignes, pour 3\s000 au plus/.test(document.getElementById("notice").textContent));
measures.refuse_rows_ms = Date.now() - t0;
check((await page.$$("#table-workers tbody tr")).length === rows &&
  await page.$eval('#table-workers tbody tr input[data-col="name"]', (i) => i.value) === "Saisie gardée", "le tableau refusé reste tel qu'il était");
check(measures.refuse_bytes_ms < 3000 && measures.refuse_rows_ms < 3000, "le refus est immédiat : " + JSON.stringify(measures));
await shot("tableau-refuse");
await page.fill('#table-workers tbody tr input[data-col="name"]', csv("workers.csv")[1][1]);

// 3. A refused value is said under its own field, that field's problem first, without the file
// position of a text the user did not write nor Markdown.
await page.click("nav button[data-page=scenario]");
await page.fill("#f-rules-min_presence_fte", "2");
await page.click("#scenario-save");
await page.waitForFunction(() => document.getElementById("f-rules-min_presence_fte-error").textContent.length > 0);
check(await page.$eval("#f-need-max_fte_per_establishment-error", (e) => e.textContent) === "" &&
  await page.evaluate(() => document.activeElement.id) === "f-rules-min_presence_fte", "la présence minimale refusée est dite sous son champ, pas sous le plafond");
await page.fill("#f-rules-min_presence_fte", "0,2");
await page.fill("#f-budget-total_fte", "-3");
await page.click("#scenario-save");
await page.waitForFunction(() => document.getElementById("f-budget-total_fte-error").textContent.length > 0);
const budgetError = await page.$eval("#f-budget-total_fte-error", (e) => e.textContent);
const allErrors = await page.$eval("#scenario-form", (f) => [...f.querySelectorAll(".field-error")].map((e) => e.textContent).join(" "));
check(/positif ou nul/.test(budgetError) && await page.evaluate(() => document.activeElement.id) === "f-budget-total_fte" &&
  !/`|ligne \d|colonne|sectoria serve|« [^»]*« /.test(allErrors + await page.$eval("#scenario-error", (e) => e.textContent)),
  "le budget négatif est dit sous le budget, d'abord, sans position ni Markdown : " + allErrors);
await shot("budget-refuse");
await page.fill("#f-budget-total_fte", "");
// The budget's help says what it is with workers.csv.
check((await page.$eval("#f-budget-total_fte", (i) => i.closest(".key").querySelector(".help").textContent)).includes("plafond facultatif sous la somme des quotités"),
  "l'aide du budget dit qu'avec workers.csv c'est un plafond");

// 4. A plan; a REP+ école proposes its head collège's worker first, with distances.csv's km.
async function plan() {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click("nav button[data-page=planifier]");
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 120000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  return page.$eval("#result-run", (s) => s.value);
}
const first = await plan();
const p1 = JSON.parse(readFileSync(path.join(workspace, "demo", "runs", first, "plan.json"), "utf8"));
const est = csv("establishments.csv");
const col = (name) => est[0].indexOf(name);
const networkOf = new Map(est.slice(1).map((f) => [f[col("uai")], f[col("network")]]));
const servedBy = (uai) => { const e = p1.establishments.find((x) => x.uai === uai); return e && e.workers.length ? e.workers[0].worker : null; };
const ecole = p1.establishments.find((e) => e.kind === "ecole" && servedBy(networkOf.get(e.uai)) &&
  p1.workers.find((w) => w.id === servedBy(networkOf.get(e.uai))).base.uai);
check(ecole, "une école REP+ dont le collège tête de réseau est servi");
const head = networkOf.get(ecole.uai), headWorker = servedBy(head);
await page.click(`#table tr[data-uai="${ecole.uai}"]`);
await page.waitForSelector("#action-worker[data-ready]");
const options = await page.$$eval("#action-worker option", (o) => o.map((x) => [x.value, x.textContent, x.dataset.km]));
const from = p1.workers.find((w) => w.id === headWorker).base.uai;
const line = csv("distances.csv").find((f) => f[0] === from && f[1] === ecole.uai);
check(options[0][0] === headWorker && options[0][1].includes("sert le collège tête de réseau") && await page.$eval("#action-worker", (s) => s.value) === headWorker,
  "l'assistant du collège tête de réseau est proposé en premier : " + options.slice(0, 2).map((o) => o[1]).join(" | "));
check(!line || options[0][2] === Number(line[2]).toFixed(1), "sa distance est celle de distances.csv : " + options[0][1] + " / " + (line || []).join(";"));
const target = await page.$eval("#action-target", (e) => e.textContent);
check(target.includes(head) && target.includes("Le verrou vaut pour tout le réseau") && !target.includes("sans distances.csv"), "l'aide dit que le verrou vaut pour le réseau : " + target);
await page.$eval("#action-worker", (e) => e.scrollIntoView({ block: "center" }));
await shot("ecole-rep-plus");
// One line per worker, those without an establishment marked.
check((await page.$$("#staff-table tbody tr")).length === p1.workers.length, "la vue par assistant a une ligne par assistant");
check(await page.$eval("#baseline-heading .info", (s) => s.textContent) === "i", "« Règle usuelle » porte un « i » dessiné par la feuille de style (pas ⓘ)");

// 5. Another run: the table's search starts again, its settings read in French.
await page.fill("#table-filter", ecole.uai);
check((await page.$$("#table tbody tr")).length === 1, "la recherche filtre le tableau");
await page.click("nav button[data-page=scenario]");
await page.check("#f-rules-must_cover-rep");
await page.click("#scenario-save");
await page.waitForFunction(() => /enregistré/.test(document.getElementById("notice").textContent));
const second = await plan();
check(await page.$eval("#table-filter", (i) => i.value) === "" && (await page.$$("#table tbody tr")).length === p1.establishments.length,
  "une autre planification remet la recherche à zéro");
await page.click("nav button[data-page=planifier]");
const settings = await page.$eval(`#runs tr[data-run="${second}"] td.settings`, (td) => td.textContent);
check(settings.includes("REP+ ; REP") && !settings.includes("rep_plus"), "les catégories des réglages sont en français : " + settings);
check(!/demandée/.test(await page.$eval("#notice", (n) => n.textContent)), "l'avis « demandée » ne reste pas après la fin");

check(errors.length === 0, "aucune erreur dans la page : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ runs: [first, second], measures }));
