// First contact and named alternatives (session 50, findings 6 and 11 of the web tester). On a
// workspace that has only the demo: the import is unfolded and the page says what an instance
// is; an uploaded file leaves no « aucun fichier choisi » beside its button; the instance
// imported is open at once (the header names it) under its report. On the demo: a variant
// created from Résultats is named in a field (« verrou … - … » proposed; none typed, the
// automatic « …-essai-1.toml »), and Exporter's files download under the scenario's name, in French.
// Run by tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS; prints one JSON line at the
// end; exits non-zero on the first failed step.
import path from "node:path";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1366, height: 768 });
const shot = (name) => page.screenshot({ path: path.join(shots, "s50-exports-" + name + ".png") });
const text = (selector) => page.$eval(selector, (e) => e.textContent);

// 1. First contact: the demo alone, the import unfolded, « instance » said in one sentence.
await page.goto(base + "/");
await page.waitForSelector("#instances button");
check(await text("#context") === "Aucune instance ouverte", "aucune instance ouverte au départ");
await page.waitForFunction(() => document.getElementById("import").open);
await page.waitForSelector("#upload-annuaire");
const intro = await text("#donnees > p");
check(intro.includes("Une instance est le dossier de données d'un département : ses établissements, ses assistants, ses scénarios et ses calculs."),
  "le mot « instance » est expliqué : " + intro);
check((await text("#instances")).includes("« demo » : un département de démonstration"), "« demo » est expliqué");
await shot("first");

// 2. Uploads (a tiny extract of a département 066): no « aucun fichier choisi » left beside the
// buttons, the file shown in its list.
const extract = path.join(shots, "extrait-066");
mkdirSync(extract, { recursive: true });
const HEADER = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;Code_commune;" +
  "Nom_commune;Code_departement;Appartenance_Education_Prioritaire;Nombre_d_eleves;Ecole_elementaire;Hebergement;latitude;" +
  "longitude;etat;code_nature;etablissement_mere;ministere_tutelle";
const TUTELLE = ";MINISTERE DE L'EDUCATION NATIONALE";
const files = {
  annuaire: ["annuaire-066.csv", [HEADER,
    "0660049V;Collège Jean Moulin;Collège;Public;66000;66136;Perpignan;066;REP;610;;0;42.70;2.89;OUVERT;340;" + TUTELLE,
    "0660480N;Collège Pierre Moreto;Collège;Public;66400;66049;Céret;066;;480;;0;42.49;2.75;OUVERT;340;" + TUTELLE,
    "0660010C;Lycée Arago;Lycée;Public;66000;66136;Perpignan;066;;1200;;0;42.69;2.90;OUVERT;300;" + TUTELLE].join("\n") + "\n"],
  ips_colleges: ["ips-colleges-066.csv", "uai;effectifs;ips\n0660049V;610.0;82.0\n0660480N;480.0;101.0\n"],
  ips_lycees: ["ips-lycees-066.csv", "uai;effectifs_ensemble_gt_pro;ips_ensemble_gt_pro\n0660010C;1200.0;99.0\n"],
  ips_ecoles: ["ips-ecoles-066.csv", "uai;effectifs;ips\n"],
  densite: ["densite-066.csv", "CODGEO;LIBGEO;DENS\n66136;Perpignan;2\n66049;Céret;3\n"],
  communes: ["communes-066.csv", "Code_commune_INSEE;Code_postal;latitude;longitude\n66136;66000;42.70;2.89\n66049;66400;42.49;2.75\n"],
};
for (const [key, [name, body]] of Object.entries(files)) {
  writeFileSync(path.join(extract, name), body);
  await page.setInputFiles("#upload-" + key, path.join(extract, name));
  await page.waitForFunction(([k, n]) => document.getElementById("import-" + k).value.endsWith(n), [key, name]);
}
const captions = await page.$$eval("#import-files .file-chosen", (spans) => spans.map((s) => s.textContent));
check(captions.every((c) => !/aucun fichier/.test(c)), "plus de « aucun fichier choisi » à côté des dépôts : " + captions.join(" | "));
await shot("uploaded");

// 3. The import opens its instance at once, its report kept in sight.
await page.fill("#import-departement", "66");
await page.fill("#import-out", "pyrenees-orientales-066");
await page.click("#import-run");
await page.waitForFunction(() => /pyrenees-orientales-066/.test(document.getElementById("context").textContent), null, { timeout: 60000 });
check(await page.isVisible("#import-report"), "le rapport d'import reste affiché");
await page.waitForFunction(() => /est ouverte/.test(document.getElementById("import-opened").textContent));
const opened = await text("#import-opened");
check(opened.startsWith("L'instance « pyrenees-orientales-066 » est ouverte"), "le rapport dit que l'instance est ouverte : " + opened);
check(await text("#import-open") === "Replier l'import", "le bouton replie l'import");
await shot("imported");
await page.click("#import-open");
await page.waitForFunction(() => !document.getElementById("import").open);

// 4. The demo, a plan, a variant named from Résultats.
await page.click("#instances button:has-text('demo')");
await page.waitForFunction(() => /Instance : demo/.test(document.getElementById("context").textContent));
check(!(await page.$eval("#import", (d) => d.open)), "l'import reste replié une fois une instance ouverte");

async function plan(start) {
  const before = await page.evaluate(() => window.sectoriaLastReplanMs);
  await start();
  await page.waitForFunction((b) => window.sectoriaLastReplanMs !== undefined && window.sectoriaLastReplanMs !== b, before, { timeout: 180000 });
  await page.waitForSelector("#resultats:not([hidden]) #map .site");
  return page.$eval("#result-run", (s) => s.value);
}
const first = await plan(async () => {
  await page.click("nav button[data-page=planifier]");
  await page.uncheck("#plan-explain");
  await page.click("#plan-run");
});

// A served establishment: its main worker proposed first.
const uai = await page.$eval("#table tbody tr[data-uai]", (tr) => tr.dataset.uai);
await page.click(`#table tr[data-uai="${uai}"]`);
await page.waitForSelector("#action-lock:not([disabled])");
check(await page.isHidden("#variant-naming"), "pas de champ de nom tant que l'action va dans ce scénario");
await page.check("#action-in-variant");
await page.waitForSelector("#variant-naming:not([hidden])");
const worker = await page.$eval("#action-worker", (s) => s.selectedOptions[0].textContent.split(" (")[0]);
const establishment = await page.$eval("#detail h3", (h) => h.textContent.replace(/ \([0-9A-Z]{8}\)$/, ""));
const proposed = await page.$$eval("#variant-names option", (os) => os.map((o) => o.value));
const suggested = "verrou " + establishment + " - " + worker.split(" — ")[0];
check(proposed[0] === suggested && proposed.includes("sans " + establishment), "les noms proposés disent les actions : " + proposed.join(" | "));
check(await page.$eval("#variant-name", (i) => i.value === "" && i.placeholder === "par exemple : " + i.list.options[0].value), "le champ, vide, montre un exemple");
check((await text("#variant-name-hint")).includes("laissé vide : scenario-essai-1.toml"), "le nom automatique est dit");
// She takes the first name proposed.
await page.fill("#variant-name", proposed[0]);
await shot("variant-field");
await page.click("#action-lock");
await page.waitForSelector("#action-replan");
const variant = suggested.replace(/[^\p{L}\p{N}_ -]+/gu, " ").replace(/\s+/g, " ").trim() + ".toml";
check(existsSync(path.join(workspace, "demo", variant)), "la variante porte le nom proposé : " + variant + " (" + readdirSync(path.join(workspace, "demo")).join(", ") + ")");
check((await text("#action-where")).includes(variant + ", créée pour cet essai"), "le choix nomme la variante");
const second = await plan(() => page.click("#action-replan"));
check(second !== first, "la variante est planifiée");

// 5. Its documents download under its name, in French words.
await page.click("nav button[data-page=exporter]");
await page.selectOption("#export-run", second);
await page.waitForSelector('#downloads a[data-file="report.html"]');
const [download] = await Promise.all([page.waitForEvent("download"), page.click('#downloads a[data-file="report.html"]')]);
const stem = variant.replace(/\.toml$/, "").replace(/[^\p{L}\p{N}_]+/gu, "-");
const expected = "demo-" + stem + "-" + second + "-rapport.html";
check(download.suggestedFilename() === expected, "le rapport se télécharge sous le nom du scénario : " + download.suggestedFilename() + " (attendu " + expected + ")");
const [sheet] = await Promise.all([page.waitForEvent("download"), page.click('#downloads a[data-file="plan.xlsx"]')]);
check(sheet.suggestedFilename() === "demo-" + stem + "-" + second + "-classeur.xlsx", "le classeur : " + sheet.suggestedFilename());

// 6. A variant of the variant, no name typed: the automatic name.
await page.click("nav button[data-page=resultats]");
await page.click(`#table tr[data-uai="${uai}"]`);
await page.waitForSelector("#variant-naming:not([hidden])");
await page.click("#action-absent");
await page.waitForSelector("#action-replan");
const automatic = variant.replace(/\.toml$/, "") + "-essai-1.toml";
check(existsSync(path.join(workspace, "demo", automatic)), "sans nom, le nom automatique : " + automatic + " (" + readdirSync(path.join(workspace, "demo")).join(", ") + ")");

check(errors.length === 0, "aucune erreur JavaScript : " + errors.join(" ; "));
console.log(JSON.stringify({ runs: [first, second], variant, download: download.suggestedFilename() }));
await browser.close();
