// A budget above the time of workers.csv changes nothing (session 50, finding 1 of the web
// tester: a « −1 ETP » alternative that was the same plan, labelled with the budget typed). On
// the demo (22,8 ETP of workers) at 1366×768: the Budget field says the workers' time and warns,
// before any run, of a budget above it, and « 1 ETP de moins que les assistants » fills 21,8; a
// run of 30 ETP says « Budget (ETP) 30 (22,8 utilisés : temps des assistants) » in Planifier's
// queue, Résultats, Comparer and Exporter, and Résultats tells it « À dire au comité », open.
// Run by tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS; prints one JSON line at the
// end; exits non-zero on the first failed step.
import path from "node:path";
import { base, check, openPage, shots } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1366, height: 768 });
const shot = (name) => page.screenshot({ path: path.join(shots, "s50-budget-" + name + ".png") });
const text = (selector) => page.$eval(selector, (e) => e.textContent);
const value = (selector) => page.$eval(selector, (e) => e.value);
const USED = "Budget (ETP) 30 (22,8 utilisés : temps des assistants)";

async function saveScenario() {
  await page.click("#scenario-save");
  await page.waitForFunction(() => /enregistré/.test(document.getElementById("notice").textContent));
}

async function plan() {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click("nav button[data-page=planifier]");
  await page.uncheck("#plan-explain");
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  return value("#result-run");
}

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-current tbody tr");

// 1. Scénario: the workers' time beside the budget, a budget above it warned of as it is typed.
await page.click("nav button[data-page=scenario]");
await page.waitForSelector("#budget-workers button");
const line = await text("#budget-workers");
check(line.startsWith("Vos assistants (workers.csv) font 22,8 ETP ; un budget au-dessus ne change rien : le plan répartit au plus 22,8 ETP."),
  "le temps des assistants est dit à côté du budget : " + line);
check(await text("#budget-above") === "", "pas d'avertissement sans budget");
await page.fill("#f-budget-total_fte", "30");
await page.waitForFunction(() => document.getElementById("budget-above").textContent !== "");
const warned = await text("#budget-above");
check(warned === "Attention : 30 ETP, c'est plus que le temps de vos assistants (22,8 ETP) : le plan n'en répartira que 22,8, il sera le même qu'avec 22,8 ETP.", "un budget au-dessus est signalé avant la planification : " + warned);
check(await page.$eval("#budget-above", (d) => getComputedStyle(d).borderLeftStyle === "solid"), "dans le style d'avertissement du champ");
check(await page.$eval("#f-budget-total_fte", (i) => !i.hasAttribute("aria-invalid")), "un avertissement, pas un refus");
await page.$eval("#f-budget-total_fte", (i) => i.scrollIntoView({ block: "center" }));
await shot("field");
await saveScenario();
check(await text("#budget-above") !== "", "l'avertissement reste après l'enregistrement");

// 2. The run of 30 ETP: the time used beside the budget asked, everywhere its settings are said;
// the warning before the committee, open.
const above = await plan();
check((await text("#result-which")).includes(USED), "Résultats : " + (await text("#result-which")));
check((await page.$eval("#result-run", (s) => s.selectedOptions[0].textContent)).includes(USED), "la liste de Résultats");
await page.waitForSelector("#warnings-committee[open]");
const committee = await text("#warnings-committee");
check(/dépasse le temps des assistants de workers\.csv \(22,8 ETP\)/.test(committee), "« À dire au comité » dit le budget au-dessus : " + committee);
check(!/dépasse le temps des assistants/.test(await page.$eval("#warnings", (w) => (w.querySelector("#warnings-notes") || { textContent: "" }).textContent)),
  "pas seulement dans les notes repliées");
await page.$eval("#warnings", (w) => w.scrollIntoView());
await shot("resultats");
await page.click("nav button[data-page=planifier]");
const queued = await text(`#runs tr[data-run="${above}"] td.settings`);
check(queued.includes(USED), "Planifier : " + queued);

// 3. « 1 ETP de moins que les assistants »: 21,8, no warning; its run says its budget alone.
await page.click("nav button[data-page=scenario]");
await page.click("#budget-less-one");
check(await value("#f-budget-total_fte") === "21,8", "le bouton donne 1 ETP de moins : " + (await value("#f-budget-total_fte")));
check(await text("#budget-above") === "", "plus d'avertissement à 21,8");
await saveScenario();
const below = await plan();
await page.click("nav button[data-page=planifier]");
const own = await text(`#runs tr[data-run="${below}"] td.settings`);
check(/Budget \(ETP\) 21,8( ;|$)/.test(own) && !own.includes("utilisés"), "un budget sous le temps des assistants est dit seul : " + own);

// 4. Comparer: the budgets as each run used them.
await page.click("nav button[data-page=comparer]");
await page.selectOption("#compare-a", above);
await page.selectOption("#compare-b", below);
await page.click("#compare-run");
await page.waitForSelector("#compare-inputs");
const row = await page.$$eval("#compare-inputs tr", (trs) => trs.map((tr) => tr.textContent).find((t) => t.includes("budget.total_fte")) || "");
check(row.includes("30 (22,8 utilisés : temps des assistants)") && row.includes("21,8"), "Comparer : " + row);
check((await page.$eval("#compare-a", (s) => s.selectedOptions[0].textContent)).includes(USED), "la liste « Avant » de Comparer");
await shot("comparer");

// 5. Exporter: the documents' run, with the time used.
await page.click("nav button[data-page=exporter]");
await page.selectOption("#export-run", above);
await page.waitForFunction((u) => document.getElementById("export-which").textContent.includes(u), USED);
check((await page.$eval("#export-run", (s) => s.selectedOptions[0].textContent)).includes(USED), "la liste d'Exporter");

check(errors.length === 0, "aucune erreur JavaScript : " + errors.join(" ; "));
console.log(JSON.stringify({ runs: [above, below], warned: warned.slice(0, 80) }));
await browser.close();
