// Two collèges with the same name, and UAIs given bare where a name is known (session 50,
// findings 3 and 7 of the web tester: « Collège Jean Moulin » of Perpignan and of Arles-sur-Tech
// could not be told apart in Comparer; « le collège tête de réseau 0660522J »). On the demo with
// Chantegrive's Collège Jules Verne renamed « Collège Jean Moulin » (Valcourt has one) and
// ASS23's line of current.csv given to a worker who left, at 1366×768: Résultats' table, map and
// workers' sectors say each Jean Moulin's commune; a REP+ école's motive names its head collège
// beside its UAI, as the warnings and the continuity name the establishment of the worker who
// left; after « Interdire toute présence » at Chantegrive's (in a variant, « Relancer
// maintenant »), the lines since the previous run and Comparer's sentences, workers' table and
// list say « Collège Jean Moulin (Chantegrive) ». Run by tests/web_browser.rs with BASE_URL,
// WORKSPACE and SHOTS; prints one JSON line at the end; exits non-zero on the first failed step.
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const demo = (...parts) => path.join(workspace, "demo", ...parts);
const edit = (file, from, to) => {
  const text = readFileSync(demo(file), "utf8");
  check(text.includes(from), file + " de la démo contient « " + from.trim() + " »");
  writeFileSync(demo(file), text.replace(from, to));
};
edit("establishments.csv", "0990073S;Collège Jules Verne;", "0990073S;Collège Jean Moulin;");
edit("current.csv", "ASS23;0990073S;", "ASS99;0990073S;");
const CHANTEGRIVE = "Collège Jean Moulin (Chantegrive)", VALCOURT = "Collège Jean Moulin (Valcourt)";

const { browser, page, errors } = await openPage({ width: 1366, height: 768 });
const shot = (name) => page.screenshot({ path: path.join(shots, "s50-names-" + name + ".png") });
const text = (selector) => page.$eval(selector, (e) => e.textContent);
const cell = (uai, n) => page.$eval(`#table tr[data-uai="${uai}"]`, (tr, i) => tr.children[i].textContent, n);

async function replanned(click) {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await click();
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
  await page.waitForSelector("#resultats:not([hidden]) #table tbody tr");
  return page.$eval("#result-run", (s) => s.value);
}

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-current tbody tr");
const first = await replanned(async () => {
  await page.click("nav button[data-page=planifier]");
  await page.uncheck("#plan-explain");
  await page.click("#plan-run");
});
const plan = JSON.parse(readFileSync(demo("runs", first, "plan.json"), "utf8"));

// 1. Résultats: each Jean Moulin with its commune, in the table, on the map and in the sectors;
// another establishment by its name alone.
check(await cell("0990073S", 0) === CHANTEGRIVE && await cell("0990395S", 0) === VALCOURT,
  "le tableau dit la commune des homonymes : " + (await cell("0990073S", 0)) + " / " + (await cell("0990395S", 0)));
check(await cell("0990016E", 0) === "Collège Jean Zay", "un nom sans homonyme reste seul : " + (await cell("0990016E", 0)));
check(await page.$eval('#map .site[data-uai="0990073S"]', (g) => g.getAttribute("aria-label")) === CHANTEGRIVE, "le point de la carte");
const sectors = await text("#staff-table");
check(sectors.includes(CHANTEGRIVE) || sectors.includes(VALCOURT), "les secteurs des assistants : " + sectors.slice(0, 200));

// 2. A REP+ école's motive: its head collège by name beside its UAI.
const ecole = plan.establishments.find((e) => /tête de réseau \d{7}[A-Z]\b/.test(e.reason || ""));
check(ecole, "une école REP+ dont le motif nomme son collège tête de réseau");
const head = ecole.reason.match(/tête de réseau (\d{7}[A-Z])\b/)[1];
const headName = plan.establishments.find((e) => e.uai === head).name;
await page.click(`#table tr[data-uai="${ecole.uai}"]`);
await page.waitForSelector("#reason-lead");
const lead = await text("#reason-lead");
check(lead.includes("tête de réseau " + headName + " (" + head + ")"), "le motif nomme le collège tête de réseau : " + lead);
check(!lead.includes(headName + " (" + headName), "le nom une seule fois : " + lead);
const motive = await page.$eval(`#table tr[data-uai="${ecole.uai}"]`, (tr) => tr.textContent);
check(motive.includes(headName + " (" + head + ")"), "le motif du tableau aussi : " + motive);
await shot("panel");

// 3. The warnings: the establishment of the worker who left by its name (the UAI separates homonyms).
const left = await page.$$eval("#warnings li", (lis) => lis.map((li) => li.textContent).find((t) => t.includes("ASS99")) || "");
check(left.includes("Collège Jean Moulin (0990073S)"), "l'avertissement nomme l'établissement : " + left);
await page.waitForSelector("#continuity");
const continuity = await text("#continuity");
check(!continuity.includes("0990073S") || continuity.includes("Collège Jean Moulin (0990073S)"), "la continuité nomme l'établissement repris : " + continuity);

// 4. Chantegrive's Jean Moulin without any presence, in a variant, planned at once.
await page.click('#table tr[data-uai="0990073S"]');
await page.waitForSelector("#action-where");
await page.check("#action-in-variant");
await page.click("#action-absent");
await page.waitForFunction(() => /variante/.test(document.getElementById("action-result").textContent));
const second = await replanned(() => page.click("#action-replan"));
check(second !== first, "une deuxième planification");
await page.waitForSelector("#since-previous:not([hidden])");
const since = await text("#since-previous");
check(since.includes(CHANTEGRIVE), "les lignes depuis la planification précédente : " + since);

// 5. Comparer: the sentences, the workers' table and the list of changes say which Jean Moulin.
await page.click("#since-previous-compare");
await page.waitForSelector("#compare-summary");
await page.waitForSelector("#compare-list tbody tr");
const summary = await text("#compare-summary");
check(/perd(ent)? (sa|leur) présence : [^.]*Collège Jean Moulin \(Chantegrive\)/.test(summary), "En bref : " + summary);
const losses = await page.$$eval("#compare-workers tbody tr", (trs) => trs.map((tr) => tr.children[5].textContent));
check(losses.some((l) => l.includes(CHANTEGRIVE)), "le tableau des assistants : " + losses.join(" | "));
check(!losses.some((l) => /Collège Jean Moulin(,|$)/.test(l)), "aucun Jean Moulin sans sa commune : " + losses.join(" | "));
const row = await page.$$eval("#compare-list tr", (trs) => trs.map((tr) => tr.textContent).find((t) => t.startsWith("0990073S")) || "");
check(row.startsWith("0990073S" + CHANTEGRIVE), "la liste des changements : " + row);
await page.$eval("#compare-summary", (s) => s.scrollIntoView());
await shot("comparer");

check(errors.length === 0, "aucune erreur JavaScript : " + errors.join(" ; "));
console.log(JSON.stringify({ runs: [first, second], head: headName + " (" + head + ")", summary: summary.slice(0, 160) }));
await browser.close();
