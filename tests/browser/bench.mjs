// Benchmark of `sectoria serve` where a person waits (not a test): run by benches/web.sh.
//   BASE_URL  the server's address; RUNS the number of replans (default 11)
// Prints JSON: click on « Planifier » → updated map (ms, each and median), page loads (ms).
import { chromium } from "playwright-core";

const base = process.env.BASE_URL;
const runs = Number(process.env.RUNS || 11);
const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-proxy-server"] });
const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();

const loads = [];
for (let i = 0; i < 11; i++) {
  const t0 = performance.now();
  await page.goto(base + "/?chargement=" + i, { waitUntil: "load" });
  await page.waitForSelector("#instances button");
  loads.push(performance.now() - t0);
}
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
const replans = [];
for (let i = 0; i < runs; i++) {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await page.click("nav button[data-page=planifier]");
  const t0 = performance.now();
  await page.click("#plan-run");
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 120000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  replans.push(performance.now() - t0);
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
  page_load_ms: { median: Math.round(median(loads)), each: r(loads) },
  establishment_click_to_explanation_ms: { median: Math.round(median(clicks)), each: r(clicks) },
}));
