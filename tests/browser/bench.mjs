// Benchmark of `sectoria serve` where a person waits (not a test): run by benches/web.sh.
//   BASE_URL  the server's address; RUNS the number of replans (default 11); PAUSE_MS the
//   time between a map drawn and the next click (default 1500; 0 = clicks in a row)
// Prints JSON: click on « Planifier » → updated map (ms, each and median), page loads (ms).
import { chromium } from "playwright-core";

const base = process.env.BASE_URL;
const runs = Number(process.env.RUNS || 11);
const PAUSE_MS = Number(process.env.PAUSE_MS || 1500);
const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-proxy-server"] });
const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();

const loads = [];
const inPage = [];
for (let i = 0; i < 11; i++) {
  const t0 = performance.now();
  await page.goto(base + "/?chargement=" + i, { waitUntil: "load" });
  await page.waitForSelector("#instances button");
  loads.push(performance.now() - t0);
  inPage.push(await page.evaluate(() => window.sectoriaReadyMs));
}
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
const replans = [];
const parts = [];
for (let i = 0; i < runs; i++) {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  // A person looks at the result before planning again: the previous run's documents, check
  // and table are done when the next click comes.
  await page.waitForTimeout(PAUSE_MS);
  await page.click("nav button[data-page=planifier]");
  const t0 = performance.now();
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 120000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  replans.push(performance.now() - t0);
  parts.push(await page.evaluate(() => window.sectoriaLastReplanParts));
}
// Click on an establishment → its explanation shown.
const clicks = [];
const uais = await page.$$eval("#map .site", (gs) => gs.slice(0, 9).map((g) => g.dataset.uai));
for (const uai of uais) {
  const t0 = performance.now();
  // A click event on the site itself (in the city centre, discs overlap at this zoom).
  await page.$eval(`#map [data-uai="${uai}"]`, (g) => g.dispatchEvent(new MouseEvent("click", { bubbles: true })));
  await page.waitForFunction(() => !/en cours de calcul/.test(document.getElementById("explanation").textContent));
  clicks.push(performance.now() - t0);
}
await browser.close();
const r = (xs) => xs.map((x) => Math.round(x));
console.log(JSON.stringify({
  replan_click_to_map_ms: { median: Math.round(median(replans)), each: r(replans) },
  // Median of each milestone after the click: POST answered, run announced done by the
  // server-sent event (server_s: the server's own planning time), plan.json read, map drawn.
  replan_parts_median_ms: Object.fromEntries(["answered", "server_s", "announced", "fetched", "drawn"].map((k) =>
    [k === "server_s" ? "server_planning" : k, Math.round((k === "server_s" ? 1000 : 1) * median(parts.map((p) => p[k])))])),
  page_load_ms: { median: Math.round(median(loads)), each: r(loads) },
  // The same loads from the navigation's start to the instances listed, as the page measures
  // them (without the driver's round trips).
  page_load_in_page_ms: { median: Math.round(median(inPage)), each: r(inPage) },
  establishment_click_to_explanation_ms: { median: Math.round(median(clicks)), each: r(clicks) },
}));
