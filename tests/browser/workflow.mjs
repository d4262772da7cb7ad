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
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

// 0. A basemap in the demo folder (its outline around the establishments), drawn under the map.
const est = readFileSync(path.join(workspace, "demo", "establishments.csv"), "utf8").trim().split("\n");
const cols = est[0].split(";");
const [iLat, iLon] = [cols.indexOf("lat"), cols.indexOf("lon")];
const coords = est.slice(1).map((l) => l.split(";")).map((f) => [Number(f[iLon]), Number(f[iLat])]);
const [x0, x1] = [Math.min(...coords.map((c) => c[0])) - 0.05, Math.max(...coords.map((c) => c[0])) + 0.05];
const [y0, y1] = [Math.min(...coords.map((c) => c[1])) - 0.05, Math.max(...coords.map((c) => c[1])) + 0.05];
check(Number.isFinite(x0) && Number.isFinite(y1), "les coordonnées de la démo se lisent (colonnes lat, lon)");
writeFileSync(path.join(workspace, "demo", "fond.geojson"), JSON.stringify({ type: "FeatureCollection", features: [
  { type: "Feature", properties: { nom: "contour" }, geometry: { type: "Polygon", coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } },
  { type: "Feature", properties: { nom: "route" }, geometry: { type: "LineString", coordinates: [[x0, y0], [x1, y1]] } }] }));

// 1. Données: open the demo instance.
let t0 = Date.now();
await page.goto(base + "/");
measures.first_load_ms = Date.now() - t0;
// 1a. No instance open yet: what needs one says so and waits (no « null » instance, no error).
await page.waitForSelector("#instances button");
await page.click("nav button[data-page=planifier]");
check(await page.$eval("#plan-run", (b) => b.disabled) && (await page.$eval("#planifier .needs-instance", (p) => p.hidden ? "" : p.textContent)).includes("Ouvrez d'abord une instance"),
  "sans instance, Planifier le dit et attend");
await page.click("nav button[data-page=scenario]");
check(await page.$eval("#scenario-save", (b) => b.disabled), "sans instance, « Enregistrer le scénario » attend");
check(await page.evaluate(() => saveScenario()) === false && /Ouvrez d'abord une instance/.test(await page.$eval("#notice", (e) => e.textContent)),
  "sans instance, enregistrer dit d'ouvrir une instance");
await page.click("nav button[data-page=donnees]");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
check((await page.$$("#table-workers tbody tr")).length > 3, "la table des assistants s'affiche");
const focused = () => page.evaluate(() => { const a = document.activeElement; const s = a && a.closest(".page"); return a ? a.tagName + "#" + (s ? s.id : "") : ""; });
await page.waitForFunction(() => /ouverte/.test(document.getElementById("notice").textContent));
check(await focused() === "H2#donnees", "l'instance choisie, le focus va au titre de la page : " + await focused());
const headings = await page.$$eval("#table-workers thead th", (th) => th.map((t) => t.textContent));
check(headings[2] === "Quotité (ETP)fte", "les colonnes ont un titre français et leur nom de fichier : " + headings.join(" | "));
await shot("1-donnees");

// 2. Scénario: an invalid value is refused inline with the reader's message; nothing saved.
await page.click("nav button[data-page=scenario]");
await page.waitForSelector("#f-budget-unit_fte");
check(await focused() === "H2#scenario", "une page choisie au menu, le focus va à son titre : " + await focused());
// Messages that name a scenario key (from the command line's library) get the form's French name.
// Written `key`, « key » or bare, a key reads « French name » (key): no backticks, no guillemets in guillemets.
const labelled = await page.evaluate(() => [withLabels("budget.total_fte = 2 : infaisable ; scenario.toml"),
  withLabels("Ramenez `budget.reserve_fte` sous « budget.total_fte »"), withLabels("(`rules.max_distance_km` = 60)", false)]);
check(labelled[0] === "« Budget (ETP) » (budget.total_fte) = 2 : infaisable ; scenario.toml" &&
  labelled[1] === "Ramenez « Réserve (ETP) » (budget.reserve_fte) sous « Budget (ETP) » (budget.total_fte)" &&
  !labelled[2].includes("`") && labelled[2].startsWith("(« "), "les clés des messages ont leur nom français : " + labelled.join(" | "));
// Each field has a French name, with the key of the scenario file under it.
const fieldLabel = await page.$eval('label[for="f-budget-total_fte"]', (l) => l.innerText);
check(fieldLabel.replace(/\s+/g, " ").trim() === "Budget (ETP) budget.total_fte", "le champ a un nom français et sa clé : " + fieldLabel);
const unitHelp = await page.$eval("#f-budget-unit_fte", (i) => i.closest(".key").querySelector(".help em").textContent);
check(unitHelp === "Défaut : 0,1", "la valeur par défaut s'écrit à la française : " + unitHelp);
// Help texts show keys as code, not markdown backticks; list keys with known codes are boxes to tick.
const slowHelp = await page.$eval("#f-rules-max_workers_per_establishment", (i) => i.closest(".key").querySelector(".help").innerHTML);
check(!slowHelp.includes("`") && slowHelp.includes("<code>solver.time_limit_s</code>"), "l'aide montre les clés en code : " + slowHelp);
check(await page.$eval("#f-scope-kinds-college", (i) => i.type === "checkbox" && i.checked) &&
  (await page.$eval("#f-rules-must_cover", (d) => d.textContent)).includes("REP+"), "types et catégories à cocher, en français");
// Numbers are typed with « , » or « . », anything else refused on the field before saving.
check(await page.$eval("#f-budget-unit_fte", (i) => i.type) === "text", "les nombres se tapent dans un champ texte");
const scenarioBefore = readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8");
await page.fill("#f-budget-total_fte", "12,5x");
await page.click("#scenario-save");
await page.waitForFunction(() => /n'est pas un nombre/.test(document.getElementById("f-budget-total_fte-error").textContent));
check(readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8") === scenarioBefore, "un nombre mal écrit n'est pas enregistré");
await page.fill("#f-budget-total_fte", "");
await page.fill("#f-budget-unit_fte", "-1");
await page.click("#scenario-save");
await page.waitForFunction(() => document.getElementById("f-budget-unit_fte-error").textContent.length > 0);
const refused = await page.$eval("#f-budget-unit_fte-error", (e) => e.textContent);
// Under its own field (the key the server names for the problem), which takes the focus; the
// form's text, not the command line's (no file position, no Markdown).
check(refused.startsWith("Valeur refusée : ") && await page.evaluate(() => document.activeElement.id) === "f-budget-unit_fte" &&
  !/`|ligne \d|sectoria serve/.test(refused), "la valeur refusée est dite sous son champ : " + refused);
await shot("2-scenario-refuse");
await page.fill("#f-budget-unit_fte", "0.1");

// 3. Plan with the demo's scenario as it is.
const first = await plan();
const servedFirst = await figure("Établissements servis");
// The figures the plan wins on are shown beside those it loses on, with the summary's sentence.
await page.waitForFunction(() => /^Face à la règle usuelle, le plan optimisé/.test(document.getElementById("trade").textContent));
const trade = await page.$eval("#trade p", (p) => p.textContent);
const planFirst = planJson(first.run);
check(trade.includes("mais") && trade.includes("besoin couvert en plus"), "la phrase du compromis s'affiche : " + trade);
// The tolerance in points above the figures, as on the terminal's status line.
const caption = await page.$eval("#figures caption", (c) => c.textContent);
const points = (planFirst.solver.best_bound - planFirst.solver.objective).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
check(caption.includes("soit " + points + " point"), "la tolérance s'affiche en points : " + caption);
const priority = await figure("Besoin couvert (prioritaires)");
check(priority === (100 * planFirst.kpis.need_covered_priority).toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + "\u00a0%",
  "le besoin couvert des prioritaires s'affiche : " + priority);
check((await page.$$("#map g.basemap path")).length === 1, "le fond de carte fond.geojson est dessiné sous les secteurs");
// The table gives each reason's lead sentence (« En bref : {lead}. Détail : … »), or without
// one its rule; the whole reason is the cell's tooltip.
const LEAD = "En bref : ", DETAIL = ". Détail : ";
const reasoned = planFirst.establishments.find((e) => e.reason && e.reason.startsWith(LEAD) && e.reason.includes(DETAIL));
const lead = reasoned.reason.slice(LEAD.length, reasoned.reason.indexOf(DETAIL));
const motif = await page.$eval(`#table tr[data-uai="${reasoned.uai}"] td:last-child`, (td) => [td.textContent, td.title]);
// Establishments named in a reason by their UAI are shown with their name (« Collège X (0990228K) »).
const reasonShown = await page.evaluate((r) => withLabels(withNames(r, S.plans[S.run]), false), reasoned.reason);
const leadNamed = await page.evaluate((r) => withNames(r, S.plans[S.run]), lead);
check(motif[0] === leadNamed && motif[1] === reasonShown && !motif[1].includes("`"),
  "le motif de la table est la phrase « En bref », entier au survol (les clés en français, sans accents graves) : " + motif[0]);
const ruled = planFirst.establishments.find((e) => e.reason && !e.reason.startsWith(LEAD) && e.reason.includes(" : "));
if (ruled) check(await page.$eval(`#table tr[data-uai="${ruled.uai}"] td:last-child`, (td) => td.textContent) === ruled.reason.slice(0, ruled.reason.indexOf(" : ")) + " …",
  "un motif sans phrase « En bref » donne sa règle, sans ses chiffres : " + ruled.reason);
// The establishment's detail says its lead sentence first, its reason once (the detail folded),
// and what a point is.
await page.click(`#table tr[data-uai="${reasoned.uai}"]`);
await page.waitForFunction(() => { const x = document.getElementById("explanation"); return x && !/en cours de calcul/.test(x.textContent); });
const tail = reasonShown.slice(-40);
const detailText = await page.$eval("#detail", (d) => d.textContent);
const said = detailText.split(tail).length - 1;
check(!detailText.includes("`"), "le détail n'a pas d'accents graves de Markdown");
check(said === 1, "le motif n'est écrit qu'une fois dans le détail (" + said + " fois)");
const leadShown = await page.$eval("#reason-lead", (p) => p.textContent);
check(leadShown === "Motif : " + await page.evaluate((r) => withLabels(r, false), leadNamed), "la phrase « En bref » vient d'abord : " + leadShown);
check(await page.$eval("#reason-detail", (x, t) => !x.open && x.querySelector("summary").textContent === "Détail" && x.textContent.includes(t), tail),
  "le détail du motif est replié sous « Détail »");
await page.waitForSelector("#points-meaning:not([hidden])");
check((await page.$eval("#points-meaning", (x) => x.textContent)).includes("Points : l'unité de la valeur de service"), "le panneau dit une fois ce qu'est un point");
// « Règle usuelle » is defined on the page; with current.csv, the changed half-days are counted.
check((await page.$eval("#baseline-heading", (th) => th.title)).includes("à la main") && await page.isVisible("#baseline-definition"),
  "la règle usuelle est définie sur la page");
check(/^\d+$/.test(await figure("Demi-journées changées")), "les demi-journées changées se comptent avec current.csv");
await shot("3-resultats-initial");
// The sectors have the report's colours (sectoria_report::palette): the first worker's is #4e79a7.
check(await page.$eval("#map rect", (r) => r.getAttribute("fill")) === "#4e79a7", "la carte a les couleurs du rapport");
// From 1024 to 1920 px, the key figures are whole, never under the map.
for (const width of [1024, 1280, 1440, 1920]) {
  await page.setViewportSize({ width, height: 900 });
  const overlap = await page.evaluate(() => {
    const t = document.getElementById("figures").getBoundingClientRect(), m = document.getElementById("map").getBoundingClientRect();
    const cut = [...document.querySelectorAll("#figures td, #figures th")].filter((c) => c.scrollWidth > c.clientWidth + 1).length;
    const beside = t.right > m.left + 1 && t.left < m.right && t.bottom > m.top && t.top < m.bottom;
    const tools = document.querySelector(".map-tools").getBoundingClientRect();
    const caption = document.querySelector("#figures caption").getBoundingClientRect();
    const covered = caption.right > tools.left + 1 && caption.left < tools.right && caption.bottom > tools.top && caption.top < tools.bottom;
    return { beside, cut, covered };
  });
  check(!overlap.beside && overlap.cut === 0 && !overlap.covered, "à " + width + " px, les chiffres clés ne passent pas sous la carte : " + JSON.stringify(overlap));
}
await page.setViewportSize({ width: 1400, height: 1000 });

// 3b. A budget above the workers' time: the plan says, on the page, that it cannot be spent.
// Planned without saving first: the page asks, saves the form, then plans what it shows.
await page.click("nav button[data-page=scenario]");
await page.fill("#f-budget-total_fte", "30");
let asked = "";
page.once("dialog", (d) => { asked = d.message(); d.accept(); });
const above = await plan();
check(/modifications non enregistrées/.test(asked), "planifier un scénario modifié demande de l'enregistrer : " + asked);
check(/total_fte = 30/.test(readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8")), "le scénario est enregistré avant la planification");
// (Besides the plan's warnings, the page names the workers left without an establishment.)
const warned = await page.$$eval("#warnings li", (li) => li.map((e) => e.textContent)
  .filter((t) => !/^(Un assistant|\d+ assistants) de workers\.csv n'(a|ont) aucun établissement|^Aucun établissement de la catégorie prioritaire/.test(t)));
check(warned.length === planJson(above.run).warnings.length && warned.some((w) => /^« Budget \(ETP\) » = 30,0 dépasse le temps des assistants/.test(w)),
  "les avertissements du plan s'affichent, dont le budget au-dessus du temps des assistants : " + warned.join(" | "));

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
// Runs of the same scenario file are told apart by what they asked.
const asking = await page.$eval(`#result-run option[value="${second.run}"]`, (o) => o.textContent);
check(asking.includes("Budget (ETP) 12") && !(await page.$eval(`#result-run option[value="${first.run}"]`, (o) => o.textContent)).includes("Budget (ETP)"),
  "la liste des planifications dit les réglages de chacune : " + asking);
check((await page.$eval(`#runs tr[data-run="${second.run}"] td.settings`, (td) => td.textContent)).includes("Budget (ETP) 12"), "la table des planifications dit les réglages");
measures.replan_ms = [first.ms, second.ms];

// 5. Click an establishment on the map, lock it to another worker than today's.
const p2 = planJson(second.run);
const dist = (a, b) => Math.hypot(a.location.lat - b.location.lat, a.location.lon - b.location.lon);
// Not a worker's residence (its square is drawn on top of the disc).
const bases = p2.workers.filter((w) => w.base).map((w) => w.base);
const served = p2.establishments.filter((e) => e.workers.length === 1 && e.kind === "college" &&
  bases.every((b) => dist(b, e) > 0.002));
const target = served[Math.floor(served.length / 2)];
const now = target.workers[0].worker;
const neighbour = p2.establishments.filter((e) => e.workers.length && e.workers[0].worker !== now)
  .sort((a, b) => dist(a, target) - dist(b, target))[0];
const other = neighbour.workers[0].worker;
// 5a. An unserved establishment: its whole disc takes the pointer (white, ringed in grey);
// leaving it clears the hover line; a click at its centre opens it.
const unservedUais = p2.establishments.filter((e) => !e.workers.length).map((e) => e.uai);
check(unservedUais.length > 0, "avec 12 ETP, des établissements ne sont pas servis");
const hole = await page.evaluate((uais) => {
  for (const u of uais) {
    const c = document.querySelector(`#map [data-uai="${u}"] circle:last-of-type`);
    const r = c.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    const site = hit && hit.closest("[data-uai]");
    // Its own disc (not a residence's square drawn on top of it).
    if (site && site.dataset.uai === u && hit.tagName === "circle") return { uai: u, x, y };
  }
  return null;
}, unservedUais);
check(hole, "le centre d'un établissement non servi le désigne (tout le disque est cliquable)");
await page.mouse.move(hole.x, hole.y);
check(/non servi/.test(await page.$eval("#hover-info", (e) => e.textContent)), "le survol d'un non servi le décrit : " + hole.uai + " " + await page.$eval("#hover-info", (e) => e.textContent));
const blank = await page.evaluate(() => {
  const r = document.getElementById("map").getBoundingClientRect();
  for (let y = r.y + 5; y < r.bottom - 5; y += 7) for (let x = r.x + 5; x < r.right - 5; x += 7) {
    const h = document.elementFromPoint(x, y);
    if (h && h.closest("#map") && !h.closest("[data-uai]") && h.tagName !== "rect") return { x, y };
  }
  return null;
});
await page.mouse.move(blank.x, blank.y);
check(await page.$eval("#hover-info", (e) => e.textContent) === "", "quitter un établissement efface la ligne de survol");
await page.mouse.click(hole.x, hole.y);
await page.waitForFunction((u) => { const h = document.querySelector("#detail:not([hidden]) h3"); return h && h.textContent.includes(u); }, hole.uai);
// The detail opened by the map is shown and has the focus.
check(await page.evaluate(() => document.activeElement && document.activeElement.closest("#detail") !== null &&
  document.getElementById("detail").getBoundingClientRect().top < window.innerHeight), "le détail ouvert depuis la carte est montré et a le focus");
// « Garder avec cet assistant » proposes the nearest workers first, each with the planner's
// distance: the demo's distances.csv (no « ~ » estimate), the head collège's worker first for a REP+ école.
await page.waitForSelector("#action-worker[data-ready]");
const proposed = await page.$$eval("#action-worker option", (o) => o.map((x) => [x.value, x.dataset.km, x.textContent, x.dataset.source]));
const byDistance = proposed.filter((x) => !x[2].includes("sert le collège tête de réseau"));
const kms = byDistance.map(([, km]) => Number(km));
check(kms.every((k, i) => i === 0 || kms[i - 1] <= k) && /\d+,\d km/.test(proposed[0][2]) && proposed[0][3] !== "estimate" &&
  await page.$eval("#action-worker", (s) => s.selectedIndex) === 0 && /Distances de distances\.csv/.test(await page.$eval("#action-target", (e) => e.textContent)),
  "les assistants proposés vont du plus proche au plus loin, avec les km de distances.csv : " + proposed.slice(0, 3).map((x) => x[2]).join(" | "));
// Back to the map (the detail was scrolled into view).
await page.$eval("#map", (m) => m.scrollIntoView({ block: "center" }));
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
const described = await page.$eval("#detail h3 + p", (e) => e.textContent);
check(described.startsWith("Collège, "), "le type de l'établissement est écrit en français : " + described);
await page.waitForFunction(() => !/en cours de calcul/.test(document.getElementById("explanation").textContent));
measures.click_to_explanation_ms = Date.now() - t0;
const explanation = await page.$eval("#explanation", (e) => e.textContent);
check(explanation.includes(target.uai), "l'explication s'affiche : " + explanation);
await shot("5-resultats-detail");
// A second tab opens the same scenario before the lock is added.
const tab2 = await context.newPage();
await tab2.goto(base + "/");
await tab2.click("#instances button:has-text('demo')");
await tab2.waitForSelector("#f-budget-reserve_fte", { state: "attached" });
await tab2.click("nav button[data-page=scenario]");
// An unsaved edit on the Scénario page is not saved by a Résultats action.
await page.evaluate(() => { document.getElementById("f-budget-total_fte").value = "15"; });
await page.selectOption("#action-worker", other);
await page.click("#action-lock");
await page.waitForFunction(() => /Verrou ajouté/.test(document.getElementById("notice").textContent));
const locked = readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8");
check(locked.includes(target.uai) && locked.includes(other), "le verrou est écrit dans scenario.toml");
check(/^total_fte = 12/m.test(locked) && await page.$eval("#f-budget-total_fte", (i) => i.value) === "15" && await page.evaluate(() => scenarioUnsaved()),
  "une action de Résultats n'enregistre pas les modifications non enregistrées du formulaire, qui restent : " + (locked.match(/^total_fte.*$/m) || [""])[0]);
check(/enregistré dans scenario\.toml/.test(await page.$eval("#notice", (n) => n.textContent)), "l'avis nomme le fichier modifié");
await page.evaluate(() => { document.getElementById("f-budget-total_fte").value = "12"; });
check(!(await page.evaluate(() => scenarioUnsaved())) && (await page.$eval("#locks", (f) => f.textContent)).includes(target.uai), "le formulaire montre le verrou ajouté");
// Written as a list under the [locks] help comments, never as a `[[locks.assign]]` table.
check(!locked.includes("[[") && locked.includes('# forbid = [ { uai = "0990002B", worker = "ASS02" } ]') &&
  new RegExp('^assign = \\[\\{ uai = "' + target.uai + '", worker = "' + other + '" \\}\\]$', "m").test(locked), "les verrous s'écrivent en liste, sous leurs commentaires : " + locked);
// The second tab, read before the lock, cannot write over it.
await tab2.fill("#f-budget-reserve_fte", "0,2");
await tab2.click("#scenario-save");
await tab2.waitForFunction(() => /modifié ailleurs depuis son ouverture/.test(document.getElementById("notice").textContent));
check(readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8") === locked, "un autre onglet n'écrase pas le verrou ajouté");
await tab2.close();

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

// 6b. A worker's residence at an establishment: a click on its square opens that establishment.
const onTop = await page.$$eval("#map rect[data-uai]", (rects) => rects.map((r) => {
  const b = r.getBoundingClientRect(), x = b.x + b.width / 2, y = b.y + b.height / 2;
  const hit = document.elementFromPoint(x, y);
  return { uai: r.dataset.uai, x, y, top: hit === r };
}).find((r) => r.top));
check(onTop, "une résidence sur un établissement porte son UAI sur la carte");
await page.mouse.click(onTop.x, onTop.y);
await page.waitForFunction((u) => { const h = document.querySelector("#detail:not([hidden]) h3"); return h && h.textContent.includes(u); }, onTop.uai);

// 6c'. Scénario: a new scenario is a copy of the open one (its unsaved edits too); removing a
// lock keeps the other edits; numbers take a comma; Planifier then proposes the new file; the
// file list opens what it names, after asking when the form has unsaved edits.
await page.click("nav button[data-page=scenario]");
await page.waitForSelector("#locks .remove-lock");
const locksBefore = (await page.$$("#locks .remove-lock")).length;
await page.fill("#f-budget-total_fte", "13");
await page.fill("#scenario-new", "variante");
await page.click("#scenario-open");
await page.waitForFunction(() => document.getElementById("scenario-file").value === "variante.toml");
check(await page.$eval("#f-budget-total_fte", (i) => i.value) === "13" && (await page.$$("#locks .remove-lock")).length === locksBefore,
  "le nouveau scénario part des valeurs du scénario ouvert");
check((await page.$eval("#scenario-hint", (e) => e.textContent)).includes("copie des valeurs de scenario.toml"), "la copie est dite");
await page.fill("#f-priorities-rep", "1,8");
await page.check("#f-rules-must_cover-rep");
await page.click("#locks .remove-lock");
check(await page.$eval("#f-priorities-rep", (i) => i.value) === "1,8" && await page.$eval("#f-rules-must_cover-rep", (i) => i.checked) &&
  (await page.$$("#locks .remove-lock")).length === locksBefore - 1, "retirer un verrou garde les autres modifications");
await page.click("#scenario-save");
await page.waitForFunction(() => /variante\.toml enregistré/.test(document.getElementById("notice").textContent));
const variante = readFileSync(path.join(workspace, "demo", "variante.toml"), "utf8");
check(/^total_fte = 13(\.0)?$/m.test(variante) && /^rep = 1\.8$/m.test(variante) && /^must_cover = \[[^\]]*"rep"\]/m.test(variante) && !variante.includes(target.uai),
  "variante.toml a la copie, la virgule lue, la case cochée, le verrou retiré : " + variante);
await page.click("nav button[data-page=planifier]");
check(await page.$eval("#plan-scenario", (s) => s.value) === "variante.toml", "Planifier propose le scénario enregistré");
await page.click("nav button[data-page=scenario]");
await page.selectOption("#scenario-file", "scenario.toml");
await page.waitForFunction(() => document.getElementById("f-budget-total_fte").value === "12");
check((await page.$$("#locks .remove-lock")).length === locksBefore, "choisir un fichier l'ouvre, sans « Ouvrir »");
await page.fill("#f-budget-total_fte", "14");
asked = "";
page.once("dialog", (d) => { asked = d.message(); d.dismiss(); });
await page.selectOption("#scenario-file", "variante.toml");
await page.waitForFunction(() => /gardé ouvert/.test(document.getElementById("notice").textContent));
check(/modifications non enregistrées/.test(asked) && await page.$eval("#scenario-file", (s) => s.value) === "scenario.toml" &&
  await page.$eval("#f-budget-total_fte", (i) => i.value) === "14", "la liste ne nomme jamais un autre fichier que le formulaire : " + asked);
await page.evaluate(() => { document.getElementById("f-budget-total_fte").value = "12"; });
check(!(await page.evaluate(() => scenarioUnsaved())), "le formulaire revient au scénario enregistré");
await page.click("nav button[data-page=resultats]");

// 6b'. Reloaded, the tab shows its instance and page again.
await page.reload();
await page.waitForFunction(() => /Instance : demo/.test(document.getElementById("context").textContent));
await page.waitForSelector("#resultats:not([hidden]) #map .site");
check(await page.$eval("#result-run", (s) => s.value) === third.run, "après un rechargement, l'instance et la page reviennent");

// 6c. Back later (the application opened again, then the instance): Résultats shows the latest run.
await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
await page.click("nav button[data-page=resultats]");
await page.waitForSelector("#resultats:not([hidden]) #map .site");
check(await page.$eval("#result-run", (s) => s.value) === third.run, "Résultats montre la dernière planification");
check(await figure("Établissements servis") === p3.kpis.establishments_served + "/" + p3.kpis.establishments,
  "les chiffres de la dernière planification s'affichent à la réouverture");
check((await page.$eval(`#result-run option[value="${second.run}"]`, (o) => o.textContent)).includes("Budget (ETP) 12"),
  "à la réouverture, les réglages des planifications portent leurs noms français");

// 6d. A run of variante.toml: its actions change variante.toml (not the file the Scénario page
// shows); the table is searched, and a row opens with the keyboard.
await page.click("nav button[data-page=planifier]");
await page.selectOption("#plan-scenario", "variante.toml");
const ofVariante = await plan();
await page.$eval("#plan-scenario", (s) => { s.value = "scenario.toml"; });
const pv = planJson(ofVariante.run);
const away = pv.establishments.find((e) => e.workers.length && !e.must_cover && e.kind === "college");
await page.fill("#table-filter", away.uai);
check((await page.$$("#table tbody tr")).length === 1, "la recherche garde la ligne de l'UAI");
await page.fill("#table-filter", away.name.toLowerCase());
check((await page.$$eval("#table tbody tr", (t) => t.map((r) => r.dataset.uai))).includes(away.uai), "la recherche trouve le nom");
await page.focus(`#table tr[data-uai="${away.uai}"]`);
await page.keyboard.press("Enter");
await page.waitForFunction((u) => { const h = document.querySelector("#detail:not([hidden]) h3"); return h && h.textContent.includes(u); }, away.uai);
check(await page.evaluate(() => document.activeElement === document.querySelector("#detail h3")), "Entrée sur une ligne ouvre l'établissement et y met le focus");
check((await page.$eval("#action-target", (p) => p.textContent)).includes("variante.toml"), "le détail dit quel scénario les actions modifient");
const scenarioBeforeAction = readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8");
await page.click("#action-absent");
await page.waitForFunction(() => /Établissement exclu/.test(document.getElementById("notice").textContent));
check(/enregistré dans variante\.toml/.test(await page.$eval("#notice", (n) => n.textContent)), "l'avis nomme variante.toml");
check(readFileSync(path.join(workspace, "demo", "variante.toml"), "utf8").includes(away.uai) &&
  readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8") === scenarioBeforeAction, "l'action va dans le scénario de la planification montrée");
await page.fill("#table-filter", "");

// 7. Compare the two last runs.
await page.click("nav button[data-page=comparer]");
await page.selectOption("#compare-a", second.run);
await page.selectOption("#compare-b", third.run);
await page.click("#compare-run");
await page.waitForSelector("#compare-list tbody tr");
// Gains and losses in their own colours, with a legend.
const TREND_FILLS = { gain: "#1a9850", loss: "#d73027", other: "#7b3294" };
const painted = await page.$$eval("#compare-map [data-uai] circle[data-trend]", (cs) => cs.map((c) => [c.dataset.trend, c.getAttribute("fill")]));
const listed = await page.$$eval("#compare-list tbody tr", (trs) => trs.map((tr) => tr.dataset.trend));
check(painted.length === listed.length && painted.every(([t, f]) => TREND_FILLS[t] === f), "gains et pertes ont leurs couleurs : " + JSON.stringify(painted));
check(/gagne/.test(await page.$eval("#compare-legend", (e) => e.textContent)) && /perd/.test(await page.$eval("#compare-legend", (e) => e.textContent)), "la légende dit les couleurs");
const changedRows = await page.$$eval("#compare-list tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
check(changedRows.includes(target.uai), "la comparaison liste l'établissement verrouillé");
const lockedRow = await page.$$eval("#compare-list tbody tr", (trs, uai) => trs.map((tr) => [...tr.children].map((td) => td.textContent))
  .find((cells) => cells[0] === uai), target.uai);
check(lockedRow && lockedRow.length === 5 && lockedRow[4].includes("(" + other + ")"), "la ligne dit l'évolution, avant et après : " + (lockedRow || []).join(" | "));
check((await page.$eval("#compare-text", (e) => e.textContent)).length > 50, "le texte de sectoria compare s'affiche");
const [comparedFile] = await Promise.all([page.waitForEvent("download"), page.click("#compare-download a")]);
const comparedCsv = path.join(shots, "comparaison.csv");
await comparedFile.saveAs(comparedCsv);
const compared = readFileSync(comparedCsv, "utf8");
check(comparedFile.suggestedFilename().endsWith(".csv") && compared.startsWith("\ufeff") && compared.includes(target.uai),
  "la comparaison se télécharge en CSV pour Excel : " + comparedFile.suggestedFilename());
await shot("7-comparer");
// A run compared with itself: said, not an empty comparison.
await page.selectOption("#compare-b", second.run);
await page.click("#compare-run");
await page.waitForFunction(() => /même planification/.test(document.getElementById("compare-text").textContent));

// 8. Export: download the workbook.
await page.click("nav button[data-page=exporter]");
await page.selectOption("#export-run", third.run);
const [download] = await Promise.all([page.waitForEvent("download"), page.click('#downloads a[data-file="plan.xlsx"]')]);
const xlsx = path.join(shots, "plan.xlsx");
await download.saveAs(xlsx);
check(readFileSync(xlsx).subarray(0, 2).toString() === "PK", "le classeur téléchargé est un fichier xlsx");
await shot("8-exporter");

// 8a. A run ending while the user is on another page: a notice offers it, the page stays.
await page.click("nav button[data-page=planifier]");
await page.uncheck("#plan-explain");
const shownBefore = await page.$eval("#result-run", (s) => s.value);
await page.evaluate(() => { document.getElementById("plan-run").click(); document.querySelector("nav button[data-page=scenario]").click(); });
await page.waitForSelector("#notice-action", { timeout: 120000 });
check(await page.isVisible("#scenario") && await page.isHidden("#resultats"), "une planification finie en arrière-plan ne change pas de page");
await page.click("#notice-action");
await page.waitForSelector("#resultats:not([hidden]) #map .site");
check(await page.$eval("#result-run", (s) => s.value) !== shownBefore, "le lien de l'avis montre la planification finie");

// 8b. Exact explanations stopped from the runs table: the run ends done, its plan written with
// the counterfactuals computed before the stop and no other.
await page.click("nav button[data-page=planifier]");
await page.check("#plan-explain");
const beforeStop = await page.evaluate(() => window.sectoriaLastReplanMs);
await page.click("#plan-run");
// Its plan found, Résultats shows it while the counterfactuals go on, and says so.
await page.waitForSelector("#resultats:not([hidden]) #result-which .preview", { timeout: 120000 });
await page.waitForSelector("#resultats:not([hidden]) #map .site");
const previewRun = await page.$eval("#result-run", (s) => s.value);
const banner = await page.$eval("#result-which .preview", (e) => e.textContent);
check(banner.includes("explications exactes en cours") && banner.includes("se met alors à jour seule"), "le plan s'affiche pendant ses explications, et le dit : " + banner);
check(!existsSync(path.join(workspace, "demo", "runs", previewRun, "plan.json")), "le plan affiché pendant les explications précède plan.json");
await shot("8b-plan-pendant-explications");
await page.click("nav button[data-page=planifier]");
await page.waitForSelector("#runs button.stop-explaining", { timeout: 120000 });
// Once a counterfactual is computed (the plan's own solve comes first).
const explaining = await page.$eval("#runs tr:has(button.stop-explaining)", (tr) => tr.dataset.run);
check(explaining === previewRun, "le plan affiché est celui de la planification en cours");
await page.waitForFunction((r) => /contrefactuels : [1-9]/.test(document.querySelector(`#runs tr[data-run="${r}"]`).textContent), explaining, { timeout: 120000 });
check(/^\d+ s…$/.test(await page.$eval(`#runs tr[data-run="${explaining}"] td.elapsed`, (td) => td.textContent)), "une planification en cours montre le temps écoulé");
await page.$eval("#runs", (e) => e.scrollIntoView());
await shot("8b-arreter-explications");
await page.click("#runs button.stop-explaining");
await page.waitForFunction((b) => window.sectoriaLastReplanMs !== b, beforeStop, { timeout: 120000 });
const stopped = await page.$eval("#result-run", (s) => s.value);
const ps = planJson(stopped);
const withCf = ps.establishments.filter((e) => e.explanation).length;
check(withCf >= 1 && withCf < ps.establishments.length, `les explications s'arrêtent : ${withCf} contrefactuels sur ${ps.establishments.length}`);
const stoppedRow = await page.$eval(`#runs tr[data-run="${stopped}"]`, (tr) => tr.textContent);
check(stoppedRow.includes("terminé") && stoppedRow.includes(`arrêtées à la demande après ${withCf} contrefactuel`), "la planification dit où les explications se sont arrêtées : " + stoppedRow);
// An establishment left without its counterfactual says why, and how to get it.
const unexplained = ps.establishments.find((e) => !e.explanation);
await page.click("nav button[data-page=resultats]");
await page.click(`#table tr[data-uai="${unexplained.uai}"]`);
await page.waitForSelector("#no-counterfactual");
const why = await page.$eval("#no-counterfactual", (e) => e.textContent);
check(why.includes("ont été arrêtées") && why.includes("Compléter les explications"), "un établissement sans contrefactuel dit pourquoi : " + why);

// 8c. The stopped run's explanations completed from the runs table: a new run with the same
// plan, every establishment explained, the counterfactuals computed before the stop kept.
await page.click("nav button[data-page=planifier]");
const beforeComplete = await page.evaluate(() => window.sectoriaLastReplanMs);
await page.click(`#runs tr[data-run="${stopped}"] button.complete-explanations`);
await page.waitForFunction((b) => window.sectoriaLastReplanMs !== b, beforeComplete, { timeout: 120000 });
const completing = await page.$eval("#result-run", (s) => s.value);
check(completing !== stopped, "une nouvelle planification complète les explications");
const pc = planJson(completing);
check(pc.establishments.every((e) => e.explanation), "après « Compléter les explications », chaque établissement a son contrefactuel");
check(ps.establishments.every((e, i) => !e.explanation || JSON.stringify(e.explanation) === JSON.stringify(pc.establishments[i].explanation)),
  "les contrefactuels calculés avant l'arrêt sont repris tels quels");
await page.click("nav button[data-page=planifier]");
const completedRow = await page.$eval(`#runs tr[data-run="${completing}"]`, (tr) => tr.textContent);
check(completedRow.includes("terminé") && completedRow.includes(`à partir de la planification ${stopped}`), "la planification dit d'où viennent ses explications : " + completedRow);
await page.$eval("#runs", (e) => e.scrollIntoView());
await shot("8c-completer-explications");

// 8d. A frontier stopped from the runs table: the run ends done, its plan written with the
// points found. With the workers' whole time and a gap of 1e-5, the demo's frontier takes about
// ten seconds (at 0.1 %, one).
await page.click("nav button[data-page=scenario]");
await page.fill("#f-budget-total_fte", "22.8");
// The solver's settings are folded under « Réglages du calcul (avancé) ».
await page.$eval("#scenario-advanced", (d) => { d.open = true; });
await page.fill("#f-solver-relative_gap", "0.00001");
await page.click("#scenario-save");
await page.waitForFunction(() => /enregistré/.test(document.getElementById("notice").textContent));
for (let i = 0; i < 100 && !/relative_gap = (1e-5|0\.00001)\b/.test(readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8")); i++) {
  await page.waitForTimeout(50);
}
await page.click("nav button[data-page=planifier]");
await page.uncheck("#plan-explain");
const tight = await plan();
await page.click("nav button[data-page=resultats]");
await page.click("#frontier-run");
// Its plan found, Résultats shows it while the frontier's solves go on; its buttons are in Planifier.
await page.waitForSelector("#resultats:not([hidden]) #result-which .preview", { timeout: 120000 });
check((await page.$eval("#result-which .preview", (e) => e.textContent)).includes("frontière en cours"), "le plan s'affiche pendant le calcul de sa frontière");
await page.click("nav button[data-page=planifier]");
await page.waitForSelector("#runs button.stop-frontier", { timeout: 120000 });
const tracing = await page.$eval("#runs tr:has(button.stop-frontier)", (tr) => tr.dataset.run);
// Once the frontier's own solves are under way (the plan's solve comes first).
await page.waitForFunction((r) => /frontière largeur–profondeur : [1-9]/.test(document.querySelector(`#runs tr[data-run="${r}"]`).textContent), tracing, { timeout: 120000 });
await page.$eval("#runs", (e) => e.scrollIntoView());
await shot("8d-arreter-frontiere");
await page.click("#runs button.stop-frontier");
await page.waitForFunction((r) => { const tr = document.querySelector(`#runs tr[data-run="${r}"]`); return tr && /terminé/.test(tr.textContent); }, tracing, { timeout: 120000 });
const tracedRow = await page.$eval(`#runs tr[data-run="${tracing}"]`, (tr) => tr.textContent);
const solves = Number((tracedRow.match(/frontière arrêtée à la demande après (\d+)/) || [])[1]);
check(solves >= 1 && tracedRow.includes("un plan peut manquer"), "la frontière arrêtée le dit : " + tracedRow);
const pf = planJson(tracing);
check(pf.frontier && pf.frontier.points.length >= 1 && /arrêtée à la demande/.test(pf.frontier.method), "le plan garde les points de frontière trouvés");
check(tight.run !== tracing, "la frontière est une nouvelle planification");
await page.click("nav button[data-page=scenario]");
await page.fill("#f-budget-total_fte", "12");
await page.fill("#f-solver-relative_gap", "0.001");
await page.click("#scenario-save");
await page.waitForFunction(() => /enregistré/.test(document.getElementById("notice").textContent));

// 8e. « Interdire toute présence »: the establishment is excluded ([locks] exclude, not one
// forbidden pair per worker), listed under Verrous with « Retirer »; the next plan leaves it out
// and says why, `sectoria check` accepts it; « Retirer » gives it back.
await page.click("nav button[data-page=resultats]");
await page.waitForSelector("#resultats:not([hidden]) #map .site");
const beforeExclusion = planJson(await page.$eval("#result-run", (s) => s.value));
const gone = beforeExclusion.establishments.find((e) => e.workers.length && e.kind === "college" && !e.must_cover && e.uai !== target.uai);
check(gone, "un collège servi, non obligatoire, à exclure");
await page.click(`#table tr[data-uai="${gone.uai}"]`);
await page.waitForFunction((u) => { const h = document.querySelector("#detail:not([hidden]) h3"); return h && h.textContent.includes(u); }, gone.uai);
await page.click("#action-absent");
await page.waitForFunction(() => /Établissement exclu/.test(document.getElementById("notice").textContent));
const excludedToml = readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8");
check(new RegExp("^exclude = \\[\"" + gone.uai + "\"\\]$", "m").test(excludedToml) && !excludedToml.includes(`uai = "${gone.uai}"`),
  "« Interdire toute présence » écrit [locks] exclude, sans couple par assistant : " + excludedToml);
await page.click("nav button[data-page=scenario]");
await page.waitForSelector(`#locks-exclude li[data-uai="${gone.uai}"] .remove-lock`);
check((await page.$eval(`#locks-exclude li[data-uai="${gone.uai}"]`, (li) => li.textContent)).includes(gone.name),
  "les verrous listent l'établissement exclu, avec son nom et « Retirer »");
const withoutIt = await plan();
const pex = planJson(withoutIt.run);
const left = pex.establishments.find((e) => e.uai === gone.uai);
check(left && left.workers.length === 0 && left.reason === "En bref : le scénario demande qu'il ne soit pas servi. Détail : exclu par le scénario ([locks] exclude)",
  "le plan ne sert pas l'établissement exclu et dit pourquoi : " + JSON.stringify(left && left.reason));
const exDir = path.join(workspace, "demo", "runs", withoutIt.run);
const exChecked = execFileSync(bin, ["check", "--instance", path.join(workspace, "demo"), "--scenario", path.join(exDir, "scenario.toml"),
  "--plan", path.join(exDir, "plan.json")], { encoding: "utf8" });
check(exChecked.includes("Plan valide"), "sectoria check accepte la planification sans l'établissement exclu : " + exChecked);
await page.click("nav button[data-page=scenario]");
await page.click(`#locks-exclude li[data-uai="${gone.uai}"] .remove-lock`);
check(await page.$eval("#locks-exclude", (ul) => ul.textContent.startsWith("aucun")), "« Retirer » enlève l'exclusion du formulaire");
await page.click("#scenario-save");
await page.waitForFunction(() => /enregistré/.test(document.getElementById("notice").textContent));
for (let i = 0; i < 100 && /exclude = \[".+\]/.test(readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8")); i++) await page.waitForTimeout(50);
check(/^exclude = \[\]$/m.test(readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8")), "l'exclusion retirée est enregistrée");

// 9. Données: build an instance from open-data files uploaded from the browser (a small
// Val-de-Marne extract under the published names), read the import report, plan it with exact
// explanations, read an establishment's counterfactual, compute the frontier.
const extract = path.join(shots, "extrait");
mkdirSync(extract, { recursive: true });
const HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Code_commune;" +
  "Nom_commune;Code_departement;Appartenance_Education_Prioritaire;Nombre_d_eleves;Ecole_elementaire;Hebergement;latitude;" +
  "longitude;etat;code_nature;etablissement_mere;ministere_tutelle";
const MIN = ";MINISTERE DE L'EDUCATION NATIONALE";
const files = {
  annuaire: ["fr-en-annuaire-education-extrait.csv", [HEADER,
    "0940001A;Collège A;Collège;Public;94000;94028;Créteil;094;REP+;520;;0;48.785;2.455;OUVERT;340;" + MIN,
    "0940003C;Collège C;Collège;Public;94000;94028;Créteil;094;;430;;0;48.775;2.440;OUVERT;340;" + MIN,
    "0940002B;Lycée B;Lycée;Public;94000;94028;Créteil;094;;;;0;48.79;2.46;OUVERT;306;" + MIN,
    "0940004D;École D;Ecole;Public;94000;94028;Créteil;094;REP+;200;1;;48.78;2.45;OUVERT;151;" + MIN,
    "0940005E;École E;Ecole;Public;94000;94028;Créteil;094;REP+;170;1;;48.80;2.47;OUVERT;151;" + MIN,
    "0940006F;Collège F;Collège;Privé;94000;94028;Créteil;094;;300;;0;48.79;2.44;OUVERT;340;" + MIN].join("\n") + "\n"],
  ips_colleges: ["fr-en-ips-colleges-extrait.csv", "uai;effectifs;ips\n0940001A;520.0;78.0\n0940003C;430.0;104.0\n"],
  ips_lycees: ["fr-en-ips-lycees-extrait.csv", "uai;effectifs_ensemble_gt_pro;ips_ensemble_gt_pro\n0940002B;900.0;95.0\n"],
  ips_ecoles: ["fr-en-ips-ecoles-extrait.csv", "uai;effectifs;ips\n0940004D;180.0;70.0\n0940005E;150.0;72.0\n"],
  densite: ["grille_densite_extrait.csv", "CODGEO;LIBGEO;DENS\n94028;Créteil;1\n"],
  communes: ["laposte_extrait.csv", "Code_commune_INSEE;Code_postal;latitude;longitude\n94028;94000;48.79;2.46\n"],
};
await page.click("nav button[data-page=donnees]");
await page.click("#import summary");
await page.waitForSelector("#upload-annuaire");
for (const [key, [name, text]] of Object.entries(files)) {
  writeFileSync(path.join(extract, name), text);
  await page.setInputFiles("#upload-" + key, path.join(extract, name));
  await page.waitForFunction(([k, n]) => document.getElementById("import-" + k).value.endsWith(n), [key, name]);
}
await page.fill("#import-departement", "94");
// A name outside the stated rule (space, accent) is refused, in French, nothing created.
await page.fill("#import-out", "lozère 048");
await page.click("#import-run");
await page.waitForFunction(() => /nom d'instance refusé/.test(document.getElementById("import-error").textContent));
check(!existsSync(path.join(workspace, "lozère 048")), "le nom refusé ne crée rien");
await page.fill("#import-out", "val-de-marne");
await page.fill("#import-ratio", "600");
t0 = Date.now();
await page.click("#import-run");
await page.waitForSelector("#import-report");
measures.import_ms = Date.now() - t0;
const importReport = await page.$eval("#import-report", (e) => e.textContent);
check((await page.$eval("#import-counts", (e) => e.textContent)).includes("Gardés en tout"), "les comptes de l'import s'affichent");
check(/privé/i.test(await page.$eval("#import-counts", (e) => e.textContent)), "le collège privé est compté avec sa raison");
check(importReport === readFileSync(path.join(workspace, "val-de-marne", "import_report.txt"), "utf8"), "le rapport affiché est import_report.txt");
await shot("9-donnees-import");
await page.click("#import-open");
await page.waitForFunction(() => /val-de-marne/.test(document.getElementById("context").textContent));
await page.click("nav button[data-page=planifier]");
await page.check("#plan-explain");
t0 = Date.now();
const explained = await plan();
measures.explain_run_ms = Date.now() - t0;
check(await figure("Demi-journées changées") === "— (pas de secteurs actuels)", "sans current.csv, pas de demi-journées changées à compter");
const pe = JSON.parse(readFileSync(path.join(workspace, "val-de-marne", "runs", explained.run, "plan.json"), "utf8"));
const one = pe.establishments.find((e) => e.explanation && e.explanation.counterfactual.cost) || pe.establishments[0];
await page.click(`#table tr[data-uai="${one.uai}"]`);
await page.waitForSelector("#counterfactual");
// Posts generated from the budget cannot be locked, but an establishment can still be excluded.
check(pe.workers.every((w) => w.generated) && (await page.$("#detail #action-absent")) !== null && (await page.$("#detail #action-lock")) === null,
  "sans workers.csv, « Interdire toute présence » reste proposé, pas les verrous");
const cf = await page.$eval("#counterfactual", (e) => e.textContent);
check(cf.includes("intervalle prouvé") || cf.includes("impossible"), "le contrefactuel s'affiche avec son intervalle : " + cf);
const c = one.explanation.counterfactual;
if (c.cost && !c.proven) check(cf.includes("Dans la tolérance du solveur"), "un intervalle qui contient zéro est dit « dans la tolérance »");
if (c.cost) check(cf.includes(c.description), "le changement est nommé : " + c.description);
// Its changes of worker alone, once the server says which are the chain of the change: those
// listed with it, the others folded as variants; every one shown once.
await page.waitForFunction(() => !document.getElementById("counterfactual-chain-wait"));
const aloneCount = (c.differences || []).filter((d) => d.units_before === d.units_after).length;
const workerRows = await page.$$eval("#counterfactual-chain tbody tr, #counterfactual-same-time-changes tbody tr", (rows) => rows.length);
check(workerRows === aloneCount, "chaque changement d'assistant sans changement de temps est montré une fois : " + workerRows + " sur " + aloneCount);
// An unserved establishment that an equally good plan serves says so first (finding 1 of session 49).
const asGood = pe.establishments.find((e) => e.explanation && e.explanation.counterfactual.change === "serve" && e.explanation.counterfactual.cost && !e.explanation.counterfactual.proven);
if (asGood) {
  check(asGood.reason.startsWith("En bref : le calcul exact trouve un plan ") && asGood.reason.includes("qui le sert"), "le motif ne contredit pas le contrefactuel : " + asGood.reason);
  await page.click(`#table tr[data-uai="${asGood.uai}"]`);
  await page.waitForFunction((u) => { const h = document.querySelector("#detail:not([hidden]) h3"); return h && h.textContent.includes(u); }, asGood.uai);
  check((await page.$eval("#reason-lead", (p) => p.textContent)).startsWith("Motif : le calcul exact trouve un plan "), "le panneau commence par le calcul exact");
  await page.click(`#table tr[data-uai="${one.uai}"]`);
  await page.waitForSelector("#counterfactual");
}
await page.$eval("#counterfactual", (e) => e.scrollIntoView());
await shot("10-resultats-contrefactuel");
t0 = Date.now();
await page.click("#frontier-run");
await page.waitForFunction((b) => document.getElementById("result-run").value !== b, explained.run, { timeout: 120000 });
// Its plan is shown as soon as found; its frontier's table once the run ends.
await page.waitForSelector("#frontier-table tbody tr", { timeout: 180000 });
measures.frontier_run_ms = Date.now() - t0;
check((await page.$$("#frontier-table tbody tr.selected")).length === 1, "la frontière marque le plan retenu");
await page.waitForFunction(() => { const i = document.getElementById("frontier-svg"); return i && i.dataset.loaded === "1"; });
await shot("11-resultats-frontiere");
// A plan of posts: « Exiger une présence » writes [locks] serve, and the next plan serves it by
// whichever post; « Retirer » on the Scénario page takes the demand back.
const vdmPlan = (run) => JSON.parse(readFileSync(path.join(workspace, "val-de-marne", "runs", run, "plan.json"), "utf8"));
const posts = vdmPlan(await page.$eval("#result-run", (s) => s.value));
// (The small extract serves every establishment: the one asked for is the least served.)
const wanted = posts.establishments.filter((e) => e.kind !== "ecole").sort((a, b) => a.allocated_units - b.allocated_units)[0];
if (wanted) {
  await page.click(`#table tr[data-uai="${wanted.uai}"]`);
  await page.click("#detail #action-serve");
  await page.waitForFunction(() => /Présence exigée/.test(document.getElementById("notice").textContent));
  const vdm = path.join(workspace, "val-de-marne", "scenario.toml");
  check(new RegExp("^(locks\\.)?serve = \\[\"" + wanted.uai + "\"\\]$", "m").test(readFileSync(vdm, "utf8")), "« Exiger une présence » écrit [locks] serve");
  await page.click("nav button[data-page=planifier]");
  await page.uncheck("#plan-explain");
  const forced = vdmPlan((await plan()).run);
  check(forced.establishments.find((e) => e.uai === wanted.uai).allocated_units > 0, "l'établissement exigé est servi par un poste");
  await page.click("nav button[data-page=scenario]");
  await page.click(`#locks-serve li[data-uai="${wanted.uai}"] .remove-lock`);
  await page.click("#scenario-save");
  await page.waitForFunction(() => /enregistré/.test(document.getElementById("notice").textContent));
  for (let i = 0; i < 100 && /^(locks\.)?serve = /m.test(readFileSync(vdm, "utf8")); i++) await page.waitForTimeout(50);
  check(!/^(locks\.)?serve = \["/m.test(readFileSync(vdm, "utf8")), "la présence exigée retirée est enregistrée");
} else check(false, "un établissement secondaire sur l'instance importée");

// The imported instance has no workers.csv: create it from the page with one worker, saved
// through the readers' validation.
await page.click("nav button[data-page=donnees]");
await page.click("#create-workers");
await page.waitForSelector("#table-workers tbody tr");
check(!existsSync(path.join(workspace, "val-de-marne", "workers.csv")), "rien n'est écrit avant « Enregistrer »");
await page.fill('#table-workers tbody tr input[data-col="id"]', "ASS01");
// Another instance while the table is not saved: the page asks, and stays when told to.
asked = "";
page.once("dialog", (d) => { asked = d.message(); d.dismiss(); });
await page.click("#instances button:has-text('demo')");
await page.waitForFunction(() => /gardée ouverte/.test(document.getElementById("notice").textContent));
check(/workers\.csv/.test(asked) && /val-de-marne/.test(await page.$eval("#context", (e) => e.textContent)), "les modifications non enregistrées ne sont pas perdues : " + asked);
check(await page.$eval('#table-workers tbody tr input[data-col="id"]', (i) => i.value) === "ASS01", "la saisie reste dans le tableau");
// A value the readers refuse: each problem said once, its row counted as in the table, its cell framed.
await page.fill('#table-workers tbody tr input[data-col="fte"]', "deux");
await page.click("#save-workers");
await page.waitForFunction(() => document.getElementById("error-workers").textContent.length > 0);
const refusedLines = await page.$$eval("#error-workers > div", (d) => d.map((x) => x.textContent));
const problem = refusedLines.find((l) => /^E1\d\d/.test(l)) || "";
const errorText = await page.$eval("#error-workers", (e) => e.textContent);
check(problem && errorText.split(problem.split(" — ligne ")[0]).length === 2 && new Set(refusedLines).size === refusedLines.length,
  "chaque problème n'est dit qu'une fois : " + refusedLines.join(" | "));
check(problem.includes("ligne 2") && problem.endsWith("ligne 1 du tableau"), "la ligne du fichier est aussi celle du tableau : " + problem);
check(await page.$eval('#table-workers tbody tr input[data-col="fte"]', (i) => i.classList.contains("cell-error")), "la case en cause est encadrée");
await page.fill('#table-workers tbody tr input[data-col="fte"]', "0,8");
await page.fill('#table-workers tbody tr input[data-col="base_uai"]', one.uai);
await page.click("#save-workers");
await page.waitForFunction(() => /workers\.csv enregistré/.test(document.getElementById("notice").textContent));
const created = readFileSync(path.join(workspace, "val-de-marne", "workers.csv"), "utf8");
check(created === "\ufeffid;name;fte;base_uai;base_lat;base_lon;max_establishments;max_weekly_km\nASS01;;0,8;" + one.uai + ";;;;\n", "workers.csv créé depuis la page : " + created);
// A workers.csv saved by Excel in Windows-1252, headed with the page's French headings, loaded
// from the computer: shown in the table with the readers' columns, written in UTF-8 only on
// « Enregistrer ».
const excel = Buffer.from("Identifiant;Nom;Quotité;Résidence (UAI)\r\nASS01;Hélène T.;0,8;" + one.uai + "\r\nASS02;Zoé L.;1;\r\n", "latin1");
await page.setInputFiles("#load-workers", { name: "assistants.csv", mimeType: "text/csv", buffer: excel });
await page.waitForFunction(() => /assistants\.csv chargé dans le tableau \(lu en Windows-1252/.test(document.getElementById("notice").textContent));
check((await page.$eval("#notice", (n) => n.textContent)).includes("Quotité → fte"), "les en-têtes français sont reconnus");
check((await page.$$("#table-workers tbody tr")).length === 2, "le fichier chargé remplit le tableau");
check(readFileSync(path.join(workspace, "val-de-marne", "workers.csv"), "utf8") === created, "rien n'est écrit au chargement");
// A load can be undone: the table comes back as it was, its unsaved edits included.
await page.click("#notice-action");
await page.waitForFunction(() => /Chargement de assistants\.csv annulé/.test(document.getElementById("notice").textContent));
check((await page.$$("#table-workers tbody tr")).length === 1 &&
  (await page.$eval('#table-workers tbody tr input[data-col="fte"]', (i) => i.value)) === "0,8", "le chargement s'annule");
await page.setInputFiles("#load-workers", { name: "assistants.csv", mimeType: "text/csv", buffer: excel });
await page.waitForFunction(() => /assistants\.csv chargé dans le tableau/.test(document.getElementById("notice").textContent));
check((await page.$$("#table-workers tbody tr")).length === 2, "le même fichier se recharge après annulation");
await page.click("#save-workers");
await page.waitForFunction(() => /workers\.csv enregistré/.test(document.getElementById("notice").textContent));
const loaded = readFileSync(path.join(workspace, "val-de-marne", "workers.csv"), "utf8");
check(loaded === "\ufeffid;name;fte;base_uai\nASS01;Hélène T.;0,8;" + one.uai + "\nASS02;Zoé L.;1;\n", "le fichier chargé est enregistré en UTF-8 : " + loaded);

// 10. Adopt a plan as today's sectors (current.csv). Posts generated from the budget cannot
// be: the page says why and writes nothing.
page.on("dialog", (d) => d.accept());
await page.click("nav button[data-page=resultats]");
await page.waitForSelector("#resultats:not([hidden]) #map .site");
await page.click("#adopt-run");
await page.waitForFunction(() => /ne peut pas devenir les secteurs actuels/.test(document.getElementById("notice").textContent));
check(!existsSync(path.join(workspace, "val-de-marne", "current.csv")), "un plan de postes générés n'est pas adopté");
// The demo's latest run: adopted, the former current.csv kept, the sectors table shows it.
await page.click("nav button[data-page=donnees]");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-current tbody tr");
const formerCurrent = readFileSync(path.join(workspace, "demo", "current.csv"), "utf8");
await page.click("nav button[data-page=resultats]");
await page.waitForSelector("#resultats:not([hidden]) #map .site");
const adoptedRun = await page.$eval("#result-run", (s) => s.value);
await page.click("#adopt-run");
await page.waitForFunction(() => /adoptée/.test(document.getElementById("notice").textContent));
const adoptedText = readFileSync(path.join(workspace, "demo", "current.csv"), "utf8");
const sectorLines = planJson(adoptedRun).workers.reduce((n, w) => n + w.sector.filter((l) => l.units > 0).length, 0);
check(adoptedText.trim().split("\n").length === sectorLines + 1, "current.csv décrit les secteurs du plan adopté");
const kept = (await page.$eval("#notice", (e) => e.textContent)).match(/gardé sous (current-[0-9-]+\.csv)/);
check(kept && readFileSync(path.join(workspace, "demo", kept[1]), "utf8") === formerCurrent, "l'ancien current.csv est gardé sous un nom daté");
await page.click("nav button[data-page=donnees]");
check((await page.$$("#table-current tbody tr")).length === sectorLines, "la table des secteurs actuels montre le plan adopté");
// The runs computed before say that current.csv changed since, in the runs table and the lists.
await page.click("nav button[data-page=planifier]");
check(/current\.csv modifié depuis ce calcul/.test(await page.$eval(`#runs tr[data-run="${adoptedRun}"]`, (tr) => tr.textContent)),
  "une planification antérieure dit que current.csv a changé depuis");
check(/current\.csv modifié depuis ce calcul/.test(await page.$eval(`#result-run option[value="${adoptedRun}"]`, (o) => o.textContent)),
  "la liste des planifications le dit aussi");

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
