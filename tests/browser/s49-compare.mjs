// Comparer as a committee reads it, what-if actions that leave the reference scenario alone, and
// the Données and Scénario papercuts (session 49), on the demo at 1024×768 (a projector):
// Comparer is HTML tables at the page's size (the key figures with each priority category, the
// objective's points behind a disclosure, the workers and the establishments' workers by name);
// a Résultats action can go « dans une variante (copie) » — a new scenario file the Scénario and
// Planifier pages offer — and « Relancer maintenant » plans with it; the Budget field says what a
// budget below workers.csv does; the bassins are proposed; an interrupted run's Durée is said; the
// current.csv table names each worker, its save answers in view and counts its lines both ways;
// the file inputs speak French and open from the keyboard. Run by tests/web_browser.rs with
// BASE_URL, WORKSPACE and SHOTS; prints one JSON line at the end; exits non-zero on the first
// failed step.
import path from "node:path";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1024, height: 768 });
const shot = (name) => page.screenshot({ path: path.join(shots, "s49-compare-" + name + ".png") });
const demo = (...parts) => path.join(workspace, "demo", ...parts);
const file = (...parts) => readFileSync(demo(...parts), "utf8").replace(/^\ufeff/, "");
const text = (selector) => page.$eval(selector, (e) => e.textContent);
const value = (selector) => page.$eval(selector, (e) => e.value);
const inView = (selector) => page.$eval(selector, (e) => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 1; });

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

// 1. The current.csv table names each worker as the UAI cells name the establishment.
const workers = Object.fromEntries(file("workers.csv").trim().split(/\r?\n/).slice(1).map((l) => l.split(";")).map((c) => [c[0], c[1]]));
const firstRow = await page.$eval("#table-current tbody tr", (tr) => [tr.querySelector("input").value, tr.querySelector("td small").textContent]);
check(firstRow[1] === workers[firstRow[0]], "current.csv nomme l'assistant de chaque ligne : " + firstRow.join(" | "));

// 2. A departed worker added at the bottom of the long table: named as absent, and the save
// answers in view, its warning giving the file's line and the table's row.
await page.click("#tables button:has-text('Ajouter une ligne') >> nth=1");
const inputs = page.locator("#table-current tbody tr:last-child input");
await inputs.nth(0).fill("ASS99");
await inputs.nth(1).fill("0990016E");
await inputs.nth(2).fill("0,2");
check(await page.$eval("#table-current tbody tr:last-child td small", (s) => s.textContent) === "absent de workers.csv", "un assistant inconnu est dit absent de workers.csv");
await page.click("#save-current");
await page.waitForFunction(() => /enregistré/.test(document.getElementById("saved-warnings-current").textContent));
check(await inView("#saved-warnings-current"), "la réponse de l'enregistrement est à l'écran, sous le long tableau");
const warned = await text("#saved-warnings-current");
const rows = await page.$$eval("#table-current tbody tr", (trs) => trs.length);
check(new RegExp("current\\.csv, ligne " + (rows + 1) + " du fichier \\(" + rows + "e ligne du tableau\\)").test(warned),
  "l'avertissement donne la ligne du fichier et celle du tableau : " + warned);
check(await page.$eval("#table-current tbody tr:last-child", (tr) => tr.classList.contains("row-warned")), "la ligne en cause est marquée");
await shot("current-saved");

// 3. The file inputs speak French and open from the keyboard.
check(await text("label[for=load-workers]") === "Charger un fichier CSV…", "le bouton de chargement est en français");
check(await page.$eval("#load-workers", (i) => getComputedStyle(i).opacity === "0" && i.getBoundingClientRect().width <= 1), "le bouton du navigateur (« Choose File ») est caché");
check((await text("#load-workers ~ .file-chosen")) === "aucun fichier choisi", "« aucun fichier choisi » en français");
await page.focus("#save-workers");
await page.keyboard.press("Tab");
check(await page.evaluate(() => document.activeElement.id) === "load-workers", "Tab mène au chargement d'un fichier");
check(await page.$eval("label[for=load-workers]", (l) => getComputedStyle(l).outlineStyle !== "none"), "le bouton montre le focus du clavier");
// Chromium may let a key press pass without a dialog now and then: asked again, a few times.
let chooser = null;
for (let i = 0; i < 3 && !chooser; i++) {
  [chooser] = await Promise.all([page.waitForEvent("filechooser", { timeout: 5000 }).catch(() => null), page.keyboard.press(i % 2 ? "Space" : "Enter")]);
}
check(chooser !== null, "Entrée (ou Espace) ouvre le choix du fichier");
await page.$eval("#import", (d) => { d.open = true; });
await page.waitForSelector("label[for=upload-annuaire]");
check(await text("label[for=upload-annuaire]") === "Déposer un fichier…", "le dépôt d'un fichier d'import est en français");

// 4. Scénario: the advice beside the budget, the instance's bassins proposed.
await page.click("nav button[data-page=scenario]");
await page.waitForSelector("#budget-advice");
const advice = await text("#budget-advice");
check(/plafonne le temps de vos assistants/.test(advice) && /retirez-les de workers\.csv/.test(advice), "le budget dit ce qu'il fait avec workers.csv : " + advice);
const bassins = [...new Set(file("establishments.csv").trim().split(/\r?\n/).slice(1).map((l) => l.split(";").pop().trim()).filter(Boolean))];
const proposed = () => page.$$eval("#f-scope-bassins-choices option", (os) => os.map((o) => o.value));
check(JSON.stringify((await proposed()).slice().sort()) === JSON.stringify(bassins.slice().sort()), "les bassins de l'instance sont proposés : " + (await proposed()).join(", "));
await page.fill("#f-scope-bassins", bassins[0] + " ; ");
const next = await proposed();
check(next.length === bassins.length - 1 && next.every((o) => o.startsWith(bassins[0] + " ; ")), "un bassin choisi n'est plus proposé, les autres le suivent : " + next.join(" | "));
await page.fill("#f-scope-bassins", "");

// 5. A presence required « dans une variante »: scenario.toml stays as it is, the variant is a new
// file the pages offer, and « Relancer maintenant » plans with it.
const reference = file("scenario.toml");
const first = await plan();
const p1 = JSON.parse(file("runs", first, "plan.json"));
const unserved = p1.establishments.find((e) => !e.workers.length && e.kind !== "ecole");
await page.click(`#table tr[data-uai="${unserved.uai}"]`);
await page.waitForSelector("#action-where");
check(/dans ce scénario \(scenario\.toml/.test(await text("#action-where")), "le choix nomme le scénario de la planification");
await page.check("#action-in-variant");
await page.click("#action-serve");
await page.waitForFunction(() => /variante/.test(document.getElementById("action-result").textContent));
const said = await text("#action-result");
check(said.includes("scenario-essai-1.toml") && said.includes("copie de scenario.toml"), "l'action dit la variante créée : " + said);
check(file("scenario.toml") === reference, "scenario.toml n'a pas changé");
check(existsSync(demo("scenario-essai-1.toml")) && file("scenario-essai-1.toml").includes(unserved.uai), "la variante porte l'exigence");
check(/scenario-essai-1\.toml, créée pour cet essai/.test(await text("#action-where")), "le choix nomme la variante");
check((await page.$$eval("#plan-scenario option", (os) => os.map((o) => o.value))).includes("scenario-essai-1.toml"), "Planifier propose la variante");
check((await page.$$eval("#scenario-file option", (os) => os.map((o) => o.value))).includes("scenario-essai-1.toml"), "la page Scénario propose la variante");
await shot("variant");
const before = await page.evaluate(() => window.sectoriaLastReplanMs);
await page.click("#action-replan");
await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
const second = await value("#result-run");
const status = await page.evaluate(async (r) => (await (await fetch("/api/instances/demo")).json()).runs.find((x) => x.run === r), second);
check(second !== first && status.scenario === "scenario-essai-1.toml", "« Relancer maintenant » planifie avec la variante : " + JSON.stringify(status));
const p2 = JSON.parse(file("runs", second, "plan.json"));
check(p2.establishments.find((e) => e.uai === unserved.uai).workers.length > 0, "la variante sert l'établissement exigé");

// 6. Comparer: tables at the page's size, names, the objective folded.
await page.click("nav button[data-page=comparer]");
await page.selectOption("#compare-a", first);
await page.selectOption("#compare-b", second);
await page.click("#compare-run");
await page.waitForSelector("#compare-figures tbody tr");
check(await page.$("#compare-text pre") === null, "plus de texte de terminal");
const sizes = await page.$eval("#compare-figures td", (td) => [getComputedStyle(td).fontSize, getComputedStyle(document.body).fontSize]);
check(sizes[0] === sizes[1], "la table est à la taille du texte de la page : " + sizes.join(" / "));
const served = await page.$eval('#compare-figures tr[data-code="establishments_served"]', (tr) => [...tr.children].map((c) => c.textContent));
check(served[0] === "Établissements servis" && served[1] === String(p1.kpis.establishments_served) && served[2] === String(p2.kpis.establishments_served),
  "les établissements servis, A puis B : " + served.join(" | "));
check(await page.$eval('#compare-figures tr[data-code="establishments_served"] + tr', (tr) => tr.classList.contains("detail-row") && / sur /.test(tr.textContent)),
  "les catégories prioritaires suivent les établissements servis");
check(!/Objectif total|Valeur de service/.test(await text("#compare-figures")), "pas de points dans les chiffres clés");
check(await page.$eval("#compare-objective", (d) => !d.open && d.querySelector("summary").textContent === "Détail de l'objectif (points)" && /Objectif total/.test(d.textContent)),
  "les points de l'objectif sont dans « Détail de l'objectif (points) », fermé");
check((await text("#compare-inputs")).includes(unserved.name), "l'exigence est dite avec le nom de l'établissement : " + await text("#compare-inputs"));
check((await text("#compare-summary")).includes(unserved.name), "le résumé nomme l'établissement gagné");
const gained = await page.$$eval("#compare-list tbody tr", (trs, uai) => trs.map((tr) => [...tr.children].map((td) => td.textContent)).find((c) => c[0] === uai), unserved.uai);
check(gained && /^.+ \(ASS\d+\) · \d+ demi-journée/.test(gained[4]), "l'assistant est nommé : " + (gained || []).join(" | "));
const workerRows = await page.$$eval("#compare-workers tbody th", (ths) => ths.map((t) => t.textContent));
check(workerRows.length > 0 && workerRows.every((w) => /^.+ \(ASS\d+\)$/.test(w)), "les assistants par leur nom : " + workerRows.join(", "));
await page.$eval("#compare-figures", (t) => t.scrollIntoView());
await shot("comparer-1024");

// 7. A run the server's stop interrupted says how long it ran; no Durée cell is empty.
const stamp = Math.floor(Date.now() / 1000);
const dir = demo("runs", "20000101-000000-9");
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "status.json"), JSON.stringify({ instance: "demo", run: "20000101-000000-9", scenario: "scenario.toml", settings: [],
  kind: "plan", state: "running", message: "en cours", created_s: stamp - 30, elapsed_s: 0, started_s: stamp - 30, documents: false }));
await page.reload();
await page.waitForSelector('#runs tr[data-run="20000101-000000-9"]', { state: "attached" });
const cell = await text('#runs tr[data-run="20000101-000000-9"] td.elapsed');
check(/^interrompue après \d+ s$/.test(cell), "la durée d'une planification interrompue : " + cell);
const cells = await page.$$eval("#runs td.elapsed", (tds) => tds.map((t) => t.textContent));
check(cells.every((c) => c.trim() !== ""), "aucune case Durée vide : " + cells.join(" | "));

check(errors.length === 0, "aucune erreur JavaScript : " + errors.join(" ; "));
console.log(JSON.stringify({ runs: [first, second], current_warning: warned.slice(0, 120), variant: "scenario-essai-1.toml" }));
await browser.close();
