// « Que perd le plan par rapport à l'an dernier ? » (session 49, Debian's headless chromium driven
// by playwright-core, on the demo, which has current.csv): Résultats' key figures show today's
// sectors in a third column « Secteurs actuels » beside the plan and the rule of thumb, with the
// same rows and the figures of plan.json's `today`; at 1024 px every cell is whole. Run by
// tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS; prints one JSON line at the end; exits
// non-zero on the first failed step.
import path from "node:path";
import { readFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1024, height: 768 });
const planJson = (run) => JSON.parse(readFileSync(path.join(workspace, "demo", "runs", run, "plan.json"), "utf8"));

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
const before = await page.evaluate(() => window.sectoriaLastReplanMs);
await page.click("nav button[data-page=planifier]");
await page.uncheck("#plan-explain");
await page.click("#plan-run");
await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
await page.waitForSelector("#resultats:not([hidden]) #figures #today-heading");
const run = await page.$eval("#result-run", (e) => e.value);
const today = planJson(run).today;
check(today && today.kpis, "plan.json a les secteurs actuels (today)");

// The third column: its heading defined, every row with its four cells.
const heading = await page.$eval("#today-heading", (th) => [th.textContent, th.title]);
check(heading[0].startsWith("Secteurs actuels") && /current\.csv/.test(heading[1]), "la colonne « Secteurs actuels » est définie : " + heading);
const rows = await page.$$eval("#figures tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
check(rows.length > 10 && rows.every((r) => r.length === 4), "chaque ligne a le plan, la règle usuelle et les secteurs actuels : " + JSON.stringify(rows));
const row = (label) => rows.find((r) => r[0].trim() === label);
check(row("Établissements servis")[3] === today.kpis.establishments_served + "/" + today.kpis.establishments,
  "les établissements servis aujourd'hui sont ceux de plan.json : " + row("Établissements servis"));
const rep = row("REP+");
check(rep && / · /.test(rep[3]), "les catégories prioritaires ont leur chiffre d'aujourd'hui : " + rep);
check(row("km/semaine au total") && row("km/semaine au plus"), "les km au total et au plus sont comparés");
// The sentence against today's sectors, and the rule of this year's scenario they break (the
// demo's reserve), as the terminal says them.
await page.waitForSelector("#trade-today");
check((await page.textContent("#trade-today")).startsWith("Face aux secteurs actuels, le plan"),
  "la phrase face aux secteurs actuels est dite : " + await page.textContent("#trade-today"));
check(/ne respecte pas toutes les règles/.test(await page.textContent("#today-note")),
  "la règle de ce scénario que les secteurs actuels enfreignent est dite : " + await page.textContent("#today-note"));
// At 1024 px, no cell cut.
const cut = await page.$$eval("#figures td, #figures th", (cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length);
check(cut === 0, "à 1024 px, aucune cellule des chiffres clés n'est coupée : " + cut);
await page.$eval("#figures", (t) => t.scrollIntoView());
await page.screenshot({ path: path.join(shots, "s49-today-figures.png") });
check(errors.length === 0, "aucune erreur de la page : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ run, rows: rows.length, served_today: today.kpis.establishments_served }));
