// Résultats as a committee reads it on a 1024×768 projector (session 49, Debian's headless
// chromium driven by playwright-core, on the demo): the key figures in the first screen, the
// warnings folded in two lines — what the committee must hear apart from the notes on the data
// and the budget —; a sentence on why the plan serves fewer establishments than the rule of
// thumb, with a way to the frontier; the map's colour key with the workers' names, a few place
// names that do not overlap, the hovered and selected establishment named on the map, and a click
// that keeps the map on screen; workers by name in the panel and the table; the run shown kept in
// the address (reload, Back, Forward; an unknown run falls back to the latest, said); Exporter
// says which report to print. Run by tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS;
// prints one JSON line at the end; exits non-zero on the first failed step.
import path from "node:path";
import { readFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1024, height: 768 });
const shot = (name) => page.screenshot({ path: path.join(shots, "s49-" + name + ".png") });
const planJson = (run) => JSON.parse(readFileSync(path.join(workspace, "demo", "runs", run, "plan.json"), "utf8"));
const text = (selector) => page.$eval(selector, (e) => e.textContent);
const value = (selector) => page.$eval(selector, (e) => e.value);

async function plan(explain = false) {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click("nav button[data-page=planifier]");
  if (explain) await page.check("#plan-explain"); else await page.uncheck("#plan-explain");
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  return value("#result-run");
}
// Résultats drawn for `run` (figures, map and table).
const shownRun = (run) => page.waitForFunction((r) => document.getElementById("result-run").value === r &&
  document.querySelector("#resultats:not([hidden]) #map .site") && document.querySelector("#table tbody tr"), run);

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
const first = await plan();
const second = await plan(true);
const p2 = planJson(second);
await shownRun(second);

// 1. The key figures and the trade-off sentence in the first screen; the warnings after them,
// folded in two lines with their counts.
await page.evaluate(() => window.scrollTo(0, 0));
await page.waitForFunction(() => document.querySelector("#trade p"));
const top = await page.evaluate(() => ({ figures: document.getElementById("figures").getBoundingClientRect().top,
  warnings: document.getElementById("warnings").getBoundingClientRect().top, trade: document.getElementById("trade").getBoundingClientRect().top }));
check(top.figures < 400, "à 1024×768, les chiffres clés commencent dans le premier écran : " + JSON.stringify(top));
check(top.trade < top.warnings && top.figures < top.warnings, "les avertissements viennent après les chiffres clés et la phrase du compromis : " + JSON.stringify(top));
await shot("1-premier-ecran");
const folded = await page.$$eval("#warnings details", (ds) => ds.map((d) => [d.id, d.open, d.querySelector("summary").textContent, d.querySelectorAll("li").length]));
// What the committee must hear open, the notes folded; each under its count.
check(folded.length >= 1 && folded.every(([id, open, summary, n]) => open === (id === "warnings-committee") && summary.endsWith("(" + n + ")")),
  "« À dire au comité » ouvert, les notes repliées, sous leur nombre : " + JSON.stringify(folded));
const shownWarnings = await page.$$eval("#warnings li", (li) => li.length);
check(shownWarnings >= p2.warnings.length, "chaque avertissement du plan est dans un des deux blocs : " + shownWarnings + " pour " + p2.warnings.length);
// The split, on the library's wordings: a better plan known and a time limit for the committee,
// IPS, current.csv and the budget as notes; a priority category without any establishment served
// is said to the committee from the plan's figures.
const split = await page.evaluate((p) => {
  const rep = p.kpis.by_category.find((c) => c.establishments > 0);
  const none = { ...p, kpis: { ...p.kpis, by_category: p.kpis.by_category.map((c) => (c === rep ? { ...c, served: 0 } : c)) },
    warnings: ["un plan meilleur que celui-ci est connu : 1 contrefactuel sur 10 …", "0990001A (Collège X) : IPS inconnu, facteur IPS pris à 1",
      "current.csv, ligne 13 : assistant ASS16 absent de workers.csv, compté comme parti", "limite de temps atteinte (120 s) avant que le solveur trouve un plan meilleur",
      "budget.total_fte = 12 est inférieur de 1,8 ETP au temps des assistants de workers.csv (13,8 ETP) : …"] };
  renderWarnings(none);
  const items = (id) => [...document.querySelectorAll("#" + id + " li")].map((li) => li.textContent);
  const open = (id) => document.getElementById(id).open;
  const out = { committee: items("warnings-committee"), notes: items("warnings-notes"), label: rep.label,
    open: [open("warnings-committee"), open("warnings-notes")] };
  renderWarnings(p);
  return out;
}, p2);
check(split.committee.length === 3 && /^un plan meilleur/.test(split.committee[0]) && /^limite de temps/.test(split.committee[1]) &&
  split.committee[2].includes("« " + split.label + " »") && /n'est servi \(0 sur/.test(split.committee[2]), "au comité : plan meilleur, limite de temps, catégorie non servie : " + JSON.stringify(split));
check(split.notes.filter((t) => /IPS inconnu|^current\.csv|Budget|budget/.test(t)).length === 3, "en notes : IPS, current.csv, budget : " + JSON.stringify(split.notes));
check(split.open[0] === true && split.open[1] === false, "ce qui est à dire au comité s'ouvre d'emblée, les notes restent repliées : " + JSON.stringify(split.open));

// 2. Why fewer establishments than the rule of thumb: said when it is so, with the value of the
// tranches read from the plan's scenario, and a way to the frontier.
const fewer = p2.kpis.establishments_served < p2.baseline.kpis.establishments_served;
check(await page.$eval("#breadth-why", (e) => e.hidden) === !fewer, "la phrase « pourquoi moins d'établissements » suit le plan (moins servis : " + fewer + ")");
const why = await page.evaluate((p) => {
  renderBreadthWhy({ ...p, kpis: { ...p.kpis, establishments_served: p.baseline.kpis.establishments_served - 3 } });
  return document.getElementById("breadth-why").textContent;
}, p2);
const segments = p2.scenario.need.value_segments.map((v) => v.toLocaleString("fr-FR", { minimumFractionDigits: 1 })).join(" ; ");
check(why.includes(segments) && /choix que font les poids du scénario/.test(why) && /moins nombreuses et plus longues/.test(why),
  "la phrase dit la préférence du scénario (" + segments + ") : " + why);
// The setting by its French name, never its key; « pas une limite du calcul » only of a plan
// proven optimal; the rules the rule of thumb breaks to serve more, named.
check(/« Valeur des tranches du besoin »/.test(why) && !/value_segments/.test(why), "le réglage par son nom français, sans sa clé : " + why);
check(/pas une limite du calcul/.test(why) === (p2.solver.status === "optimal"), "« pas une limite du calcul » suit le statut (" + p2.solver.status + ") : " + why);
const variants = await page.evaluate((p) => {
  const fewer = { ...p, kpis: { ...p.kpis, establishments_served: p.baseline.kpis.establishments_served - 3 } };
  const read = (plan) => { renderBreadthWhy(plan); return document.getElementById("breadth-why").textContent; };
  return {
    stopped: read({ ...fewer, solver: { ...p.solver, status: "time_limit", relative_gap: 0.004 } }),
    broken: read({ ...fewer, baseline: { ...p.baseline, feasible: false,
      broken_rules: ["elle fait rouler 2 assistants au-delà de 150 km par semaine (`travel.max_weekly_km`) : ASS01 (180 km), ASS02 (160 km)"] } }),
  };
}, p2);
check(!/pas une limite du calcul/.test(variants.stopped) && /limite de temps atteinte/.test(variants.stopped) && /tolérance/.test(variants.stopped),
  "un calcul arrêté à sa limite de temps n'est pas dit sans limite : " + variants.stopped);
check(/enfreignant des règles du scénario/.test(variants.broken) && /au-delà de 150 km par semaine/.test(variants.broken) &&
  !/travel\.max_weekly_km/.test(variants.broken), "la règle usuelle qui enfreint une règle pour servir plus est dite, la règle nommée en français : " + variants.broken);
await page.click("#breadth-frontier");
check(await page.evaluate(() => document.activeElement && document.activeElement.id === "frontier-run"), "le lien mène au bouton de la frontière");
await page.evaluate((p) => renderBreadthWhy(p), p2);

// 3. The map: a colour key with the workers' names, place names that do not overlap.
const key = await page.$$eval("#map-key .key-item", (items) => items.map((i) => [i.dataset.worker, i.textContent.trim(), getComputedStyle(i.querySelector(".swatch")).backgroundColor]));
const named = p2.workers.find((w) => w.name);
check(key.length === p2.workers.length && key.some(([id, t]) => id === named.id && t.startsWith(named.id + " — " + named.name)), "la légende des couleurs nomme les assistants : " + JSON.stringify(key.slice(0, 3)));
check(key.every(([, , c]) => c !== "rgba(0, 0, 0, 0)"), "chaque assistant a sa pastille de couleur : " + JSON.stringify(key.map((k) => k[2])));
const places = await page.$$eval("#map .place-name", (ts) => ts.map((t) => { const r = t.getBoundingClientRect(); return { name: t.textContent, r: [r.left, r.top, r.right, r.bottom] }; }));
const overlap = places.some((a, i) => places.some((b, j) => j > i && a.r[0] < b.r[2] && b.r[0] < a.r[2] && a.r[1] < b.r[3] && b.r[1] < a.r[3]));
check(places.length >= 1 && places.length <= 8 && !overlap, "quelques communes nommées sur la carte, sans chevauchement : " + JSON.stringify(places.map((p) => p.name)));
const communes = new Map();
for (const e of p2.establishments) communes.set(e.commune, (communes.get(e.commune) || 0) + 1);
check(places.every((p) => communes.get(p.name) >= 2), "les communes nommées ont plusieurs établissements");

// 4. Hover and click: the name on the map; the click keeps the map on screen and brings the
// panel's title into view; the panel and the table name the workers.
await page.$eval("#map", (m) => m.scrollIntoView({ block: "start" }));
// A served collège or lycée on top at its centre (not under a neighbour).
const uai = await page.evaluate((list) => list.find((u) => {
  const r = document.querySelector(`#map [data-uai="${u}"] circle:last-of-type`).getBoundingClientRect();
  const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return at && at.closest("[data-uai]") && at.closest("[data-uai]").dataset.uai === u;
}), p2.establishments.filter((e) => e.workers.length && e.kind !== "ecole").map((e) => e.uai));
check(uai, "un établissement servi se clique sur la carte");
const served = p2.establishments.find((e) => e.uai === uai);
const site = `#map [data-uai="${served.uai}"] circle:last-of-type`;
await page.hover(site, { force: true });
await page.waitForFunction((n) => document.querySelector("#map .site-name.hover").textContent === n, served.name);
await page.click(site, { force: true });
await page.waitForFunction((u) => { const h = document.querySelector("#detail:not([hidden]) h3"); return h && h.textContent.includes(u); }, served.uai);
const after = await page.evaluate(() => {
  const m = document.getElementById("map").getBoundingClientRect(), h = document.querySelector("#detail h3").getBoundingClientRect();
  return { mapTop: m.top, mapBottom: m.bottom, titleTop: h.top, titleBottom: h.bottom, height: innerHeight,
    label: document.querySelector("#map .site-name.selected").textContent };
});
const visible = Math.min(after.mapBottom, after.height) - Math.max(after.mapTop, 0);
check(visible >= 0.8 * (after.mapBottom - after.mapTop) && after.titleTop >= 0 && after.titleBottom <= after.height,
  "un clic sur la carte la garde à l'écran et montre le titre du panneau : " + JSON.stringify(after));
check(after.label === served.name, "l'établissement choisi est nommé sur la carte : " + after.label);
await shot("2-clic-carte");
const worker = p2.workers.find((w) => w.id === served.workers[0].worker);
const described = await text("#detail h3 + p");
const title = await text("#detail h3");
check(title === served.name + " (" + served.uai + ")", "le panneau nomme l'établissement, l'UAI après : " + title);
check(!worker.name || described.includes(worker.name + " (" + worker.id + ")"), "le panneau nomme l'assistant « Nom (ID) » : " + described);
const heads = await page.$$eval("#table thead th", (th) => th.map((t) => t.textContent));
check(heads[0].startsWith("Établissement") && heads[1].startsWith("UAI"), "le tableau donne le nom, puis l'UAI : " + heads.join(" | "));
const cell = await page.$eval(`#table tr[data-uai="${served.uai}"]`, (tr) => [...tr.cells].map((c) => c.textContent));
check(!worker.name || cell.includes(worker.name + " (" + worker.id + ")"), "le tableau nomme l'assistant « Nom (ID) » : " + cell.join(" | "));

// 5. The run shown is in the address: a choice, Back, Forward and a reload keep it; an unknown
// run falls back to the latest, said.
await page.selectOption("#result-run", first);
await page.waitForFunction((r) => location.hash === "#resultats/" + r, first);
await shownRun(first);
await page.goBack();
await page.waitForFunction((r) => location.hash === "#resultats/" + r, second);
await shownRun(second);
await page.goForward();
await shownRun(first);
await page.reload();
await shownRun(first);
check(await page.$eval('#figures td[data-figure="Établissements servis"]', (td) => td.textContent) ===
  planJson(first).kpis.establishments_served + "/" + planJson(first).kpis.establishments, "après un rechargement, les chiffres sont ceux de la planification de l'adresse");
await page.evaluate(() => history.replaceState(null, "", "#resultats/20990101-000000-9"));
await page.reload();
await shownRun(second);
await page.waitForFunction(() => /20990101-000000-9 de l'adresse n'est pas dans l'instance/.test(document.getElementById("notice").textContent));
check(await page.evaluate(() => location.hash) === "#resultats/" + second, "l'adresse prend la planification affichée");

// 6. Exporter says which report to print for the committee, and what the full one is for.
await page.click("nav button[data-page=exporter]");
const print = await text("#export-print");
check(/imprimez la version courte/.test(print) && /annexe/.test(print), "Exporter dit quel rapport imprimer : " + print);
const links = await page.$$eval("#downloads a", (a) => a.map((x) => x.dataset.file));
check(links[0] === "report-court.html" && links[1] === "report.html", "la version courte vient d'abord : " + links.join(", "));
// A run without explanations has its short version too (every run writes it).
await page.selectOption("#export-run", first);
await page.waitForFunction((r) => document.getElementById("export-which").textContent.includes(r), first);
check(/imprimez la version courte/.test(await text("#export-print")), "une planification sans explications a aussi sa version courte");

check(errors.length === 0, "aucune erreur JavaScript : " + errors.join(" | "));
console.log(JSON.stringify({ runs: [first, second], places: places.map((p) => p.name), fewer }));
await browser.close();
