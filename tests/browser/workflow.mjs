// The workflow of `sectoria serve` on the demo, in Debian's headless chromium driven by
// playwright-core (no browser download). Run by tests/web_browser.rs with:
//   BASE_URL      the server's address (http://127.0.0.1:PORT)
//   SECTORIA_BIN  the sectoria binary (for `sectoria check` on the saved run)
//   WORKSPACE     the server's workspace folder
//   SHOTS         folder for the screenshots and the downloaded workbook
//   CHROMIUM      the browser (default /usr/bin/chromium)
// Prints one JSON line of measures at the end; exits non-zero on the first failed step.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const base = process.env.BASE_URL;
const shots = process.env.SHOTS;
const workspace = process.env.WORKSPACE;
const bin = process.env.SECTORIA_BIN;
mkdirSync(shots, { recursive: true });
const measures = {};

function check(condition, message) {
  if (!condition) throw new Error("étape échouée : " + message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-proxy-server", "--proxy-bypass-list=*"],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
// Nothing but the server may be asked for: the application is offline.
await page.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(base)) return route.continue();
  errors.push("requête hors du serveur : " + url);
  return route.abort();
});
const shot = (name) => page.screenshot({ path: path.join(shots, name + ".png"), fullPage: false });

async function plan() {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click("nav button[data-page=planifier]");
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 120000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  const run = await page.$eval("#result-run", (s) => s.value);
  const ms = await page.evaluate(() => window.sectoriaLastReplanMs);
  return { run, ms };
}
const figure = (label) => page.$eval(`#figures td[data-figure="${label}"]`, (td) => td.textContent);
const planJson = (run) => JSON.parse(readFileSync(path.join(workspace, "demo", "runs", run, "plan.json"), "utf8"));

// 1. Données: open the demo instance.
let t0 = Date.now();
await page.goto(base + "/");
measures.first_load_ms = Date.now() - t0;
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
check((await page.$$("#table-workers tbody tr")).length > 3, "la table des assistants s'affiche");
await shot("1-donnees");

// 2. Scénario: an invalid value is refused inline with the reader's message; nothing saved.
await page.click("nav button[data-page=scenario]");
await page.waitForSelector("#f-budget-unit_fte");
await page.fill("#f-budget-unit_fte", "-1");
await page.click("#scenario-save");
await page.waitForFunction(() => document.getElementById("f-budget-unit_fte-error").textContent.length > 0);
const refused = await page.$eval("#f-budget-unit_fte-error", (e) => e.textContent);
check(refused.includes("unit_fte"), "la valeur refusée cite la clé : " + refused);
await shot("2-scenario-refuse");
await page.fill("#f-budget-unit_fte", "0.1");

// 3. Plan with the demo's scenario as it is.
const first = await plan();
const servedFirst = await figure("Établissements servis");
await shot("3-resultats-initial");

// 4. Change the budget (a cap of 12 ETP under the workers' total), save, plan: figures change.
await page.click("nav button[data-page=scenario]");
await page.fill("#f-budget-total_fte", "12");
await page.click("#scenario-save");
await page.waitForFunction(() => /enregistré/.test(document.getElementById("notice").textContent));
const toml = readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8");
check(/total_fte = 12/.test(toml), "le scénario enregistré contient total_fte = 12");
await shot("4-scenario");
const second = await plan();
const servedSecond = await figure("Établissements servis");
check(servedSecond !== servedFirst, `les chiffres changent avec le budget (${servedFirst} → ${servedSecond})`);
measures.replan_ms = [first.ms, second.ms];

// 5. Click an establishment on the map, lock it to another worker than today's.
const p2 = planJson(second.run);
const served = p2.establishments.filter((e) => e.workers.length === 1 && e.kind === "college");
const target = served[Math.floor(served.length / 2)];
const now = target.workers[0].worker;
const dist = (a, b) => Math.hypot(a.location.lat - b.location.lat, a.location.lon - b.location.lon);
const neighbour = p2.establishments.filter((e) => e.workers.length && e.workers[0].worker !== now)
  .sort((a, b) => dist(a, target) - dist(b, target))[0];
const other = neighbour.workers[0].worker;
// Zoom on the target with the wheel (the city centre is a knot of discs), drag the map, hover.
const centre = async () => page.$eval(`#map [data-uai="${target.uai}"] circle:last-of-type`, (c) => {
  const r = c.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
});
let at = await centre();
await page.mouse.move(at.x, at.y);
for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -120);
await page.waitForTimeout(100);
at = await centre();
await page.mouse.move(at.x - 150, at.y - 100);
await page.mouse.down();
await page.mouse.move(at.x - 90, at.y - 60, { steps: 4 });
await page.mouse.up();
at = await centre();
await page.mouse.move(at.x, at.y);
check((await page.$eval("#hover-info", (e) => e.textContent)).includes(target.name), "le survol décrit l'établissement");
// Click it (a real click at its centre, on top once zoomed).
t0 = Date.now();
await page.mouse.click(at.x, at.y);
await page.waitForSelector("#detail:not([hidden])");
const title = await page.$eval("#detail h3", (e) => e.textContent);
check(title.includes(target.uai), "le clic ouvre " + target.uai + " : " + title);
await page.waitForFunction(() => !/en cours de calcul/.test(document.getElementById("explanation").textContent));
measures.click_to_explanation_ms = Date.now() - t0;
const explanation = await page.$eval("#explanation", (e) => e.textContent);
check(explanation.includes(target.uai), "l'explication s'affiche : " + explanation);
await shot("5-resultats-detail");
await page.selectOption("#action-worker", other);
await page.click("#action-lock");
await page.waitForFunction(() => /Verrou ajouté/.test(document.getElementById("notice").textContent));
const locked = readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8");
check(locked.includes(target.uai) && locked.includes(other), "le verrou est écrit dans scenario.toml");

// 6. Replan: the lock holds, and `sectoria check` accepts the saved run.
const third = await plan();
const p3 = planJson(third.run);
const after = p3.establishments.find((e) => e.uai === target.uai);
check(after && after.workers.some((w) => w.worker === other), `${target.uai} est servi par ${other} (verrou)`);
const runDir = path.join(workspace, "demo", "runs", third.run);
const checked = execFileSync(bin, ["check", "--instance", path.join(workspace, "demo"), "--scenario", path.join(runDir, "scenario.toml"),
  "--plan", path.join(runDir, "plan.json")], { encoding: "utf8" });
check(checked.includes("Plan valide"), "sectoria check accepte la planification enregistrée : " + checked);
measures.replan_ms.push(third.ms);
await shot("6-resultats-verrou");

// 7. Compare the two last runs.
await page.click("nav button[data-page=comparer]");
await page.selectOption("#compare-a", second.run);
await page.selectOption("#compare-b", third.run);
await page.click("#compare-run");
await page.waitForSelector("#compare-list tbody tr");
const changedRows = await page.$$eval("#compare-list tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
check(changedRows.includes(target.uai), "la comparaison liste l'établissement verrouillé");
check((await page.$eval("#compare-text", (e) => e.textContent)).length > 50, "le texte de sectoria compare s'affiche");
await shot("7-comparer");

// 8. Export: download the workbook.
await page.click("nav button[data-page=exporter]");
await page.selectOption("#export-run", third.run);
const [download] = await Promise.all([page.waitForEvent("download"), page.click('#downloads a[data-file="plan.xlsx"]')]);
const xlsx = path.join(shots, "plan.xlsx");
await download.saveAs(xlsx);
check(readFileSync(xlsx).subarray(0, 2).toString() === "PK", "le classeur téléchargé est un fichier xlsx");
await shot("8-exporter");

// Page loads, warm.
const loads = [];
for (let i = 0; i < 5; i++) {
  t0 = Date.now();
  await page.goto(base + "/?chargement=" + i, { waitUntil: "load" });
  await page.waitForSelector("#instances button");
  loads.push(Date.now() - t0);
}
measures.page_load_ms = loads;
check(errors.length === 0, "aucune erreur dans la page : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ runs: [first.run, second.run, third.run], xlsx, measures }));
