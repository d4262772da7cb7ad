// Données as a CTSS-D fills it in (session 50, finding 9; Debian's headless chromium driven by
// playwright-core, on the demo): a Résidence (UAI) cell proposes the establishments whose name or
// commune she types (accents aside) and writes the chosen one's UAI, saved in workers.csv; the
// instance's establishments are listed, folded, and filtered; « Ajouter une ligne » puts the
// focus in the new row; every cell and delete button says its row; loading a file over unsaved
// edits asks first, saying them. Run by tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS;
// prints one JSON line at the end; exits non-zero on the first failed step.
import path from "node:path";
import { readFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1366, height: 768 });
// The dialogs answered here: accepted, or dismissed while `dismiss` is set; their texts kept.
page.removeAllListeners("dialog");
let dialogs = [], dismiss = false;
page.on("dialog", (d) => { dialogs.push(d.message()); return dismiss ? d.dismiss() : d.accept(); });
const notice = () => page.$eval("#notice", (n) => n.textContent);
const saved = () => readFileSync(path.join(workspace, "demo", "workers.csv"), "utf8").replace(/^\ufeff/, "");
const focused = () => page.evaluate(() => {
  const a = document.activeElement;
  const tr = a.closest("tr");
  return { table: a.closest("table") && a.closest("table").id, row: tr ? tr.sectionRowIndex + 1 : 0, rows: tr ? tr.parentNode.rows.length : 0,
    col: a.dataset.col || "", label: a.getAttribute("aria-label") || "" };
});

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-workers tbody tr");
const workers = saved().trim().split("\n").slice(1).map((l) => l.split(";"));

// 1. The instance's establishments, folded under the import, filtered by name, commune or type.
const listed = readFileSync(path.join(workspace, "demo", "establishments.csv"), "utf8").trim().split("\n").length - 1;
check(await page.$eval("#establishments", (d) => !d.open), "la liste des établissements est repliée");
check((await page.textContent("#establishments summary")).includes("(" + listed + ")"), "le titre compte les établissements");
await page.click("#establishments summary");
const shownRows = () => page.$$eval("#establishment-table tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
check((await shownRows()).length === listed, "toute la liste est montrée");
await page.fill("#establishment-filter", "aime cesaire");
let found = await shownRows();
check(found.length === 1 && found[0][0] === "0990043J" && found[0][1] === "Collège Aimé Césaire" && found[0][3] === "Collège",
  "le filtre trouve par le nom, sans les accents : " + JSON.stringify(found));
await page.fill("#establishment-filter", "Ambrac lycée");
found = await shownRows();
check(found.length >= 1 && found.every((r) => r[2] === "Ambrac" && r[3].startsWith("Lycée")), "le filtre trouve par commune et type : " + JSON.stringify(found));
check(/sur \d+ établissements/.test(await page.textContent("#establishment-count")), "le filtre dit combien sont montrés");
await page.screenshot({ path: path.join(shots, "s50-donnees-list.png") });
await page.click("#establishments summary");

// 2. Each cell and delete button says its row.
const labels = await page.$$eval("#table-workers tbody tr", (trs) => trs.slice(0, 3).map((tr) =>
  [...tr.querySelectorAll("input, button")].map((x) => x.getAttribute("aria-label"))));
check(labels[2][0] === "Identifiant, ligne 3" && labels[2][2] === "Quotité (ETP), ligne 3", "une case dit sa colonne et sa ligne : " + labels[2].join(" | "));
check(labels[2][labels[2].length - 1] === "Supprimer la ligne 3 (" + workers[2][0] + ")", "le bouton dit la ligne et l'assistant : " + labels[2].join(" | "));
const currentDelete = await page.$eval("#table-current tbody tr button.delete-row", (b) => b.getAttribute("aria-label"));
check(/^Supprimer la ligne 1 \(ASS\d+, \d{7}[A-Z]\)$/.test(currentDelete), "current.csv : le bouton dit l'assistant et l'établissement : " + currentDelete);
check(await page.$eval("#table-current tbody tr input[data-col=uai]", (i) => i.getAttribute("role") === "combobox"), "la case d'établissement de current.csv propose aussi");

// 3. A residence typed by name: the suggestions (accents aside), ↓ then Entrée writes the UAI,
// the name stays under the cell; saved, workers.csv has the UAI.
const residence = '#table-workers tbody tr:nth-child(2) input[data-col="base_uai"]';
await page.fill(residence, "");
await page.click(residence);
await page.keyboard.type("aime ces");
await page.waitForSelector("#uai-suggestions [role=option]");
const options = await page.$$eval("#uai-suggestions [role=option]", (o) => o.map((x) => x.textContent));
check(options.length === 1 && options[0].includes("Collège Aimé Césaire") && options[0].includes("0990043J"), "l'établissement est proposé : " + options.join(" | "));
check(await page.$eval(residence, (i) => i.getAttribute("aria-expanded")) === "true", "la liste est annoncée ouverte");
check((await page.$eval(residence + " ~ small", (s) => s.textContent)).startsWith("1 établissement correspond"), "la case dit qu'un établissement correspond");
await page.screenshot({ path: path.join(shots, "s50-donnees-suggestions.png") });
await page.keyboard.press("ArrowDown");
check(await page.$eval(residence, (i) => i.getAttribute("aria-activedescendant")) === "uai-suggestion-0", "↓ choisit la première proposition");
await page.keyboard.press("Enter");
await page.waitForFunction((sel) => document.querySelector(sel).value === "0990043J", residence);
check(!(await page.$("#uai-suggestions")) && await page.$eval(residence, (i) => i.getAttribute("aria-expanded")) === "false", "la liste se ferme");
check(await page.$eval(residence + " ~ small", (s) => s.textContent) === "Collège Aimé Césaire (Beaulieu-les-Vignes)", "le nom reste sous la case");
// By the commune, chosen with the mouse, in another row.
const third = '#table-workers tbody tr:nth-child(3) input[data-col="base_uai"]';
await page.fill(third, "");
await page.click(third);
await page.keyboard.type("rosa");
await page.click("#uai-suggestions [role=option]:has-text('Rosa Parks')");
await page.waitForFunction((sel) => document.querySelector(sel).value === "0990024N", third);
await page.click("#save-workers");
await page.waitForFunction(() => /workers\.csv enregistré/.test(document.getElementById("notice").textContent));
const rows = saved().trim().split("\n").map((l) => l.split(";"));
check(rows[2][3] === "0990043J" && rows[3][3] === "0990024N", "workers.csv a les UAI choisis : " + rows[2].join(";") + " | " + rows[3].join(";"));

// 4. « Ajouter une ligne » from the keyboard: the focus goes to the new row's first cell; its
// button then names the id typed.
await page.focus("#add-workers");
await page.keyboard.press("Enter");
const added = await focused();
check(added.table === "table-workers" && added.row === added.rows && added.col === "id" && added.label === "Identifiant, ligne " + added.rows,
  "le focus est dans la nouvelle ligne : " + JSON.stringify(added));
await page.keyboard.type("ASS77");
check(await page.$eval("#table-workers tbody tr:last-child button.delete-row", (b) => b.getAttribute("aria-label")) === "Supprimer la ligne " + added.rows + " (ASS77)",
  "le bouton nomme l'identifiant tapé");
await page.focus("#add-current");
await page.keyboard.press("Enter");
const addedCurrent = await focused();
check(addedCurrent.table === "table-current" && addedCurrent.row === addedCurrent.rows && addedCurrent.col === "worker_id", "current.csv : le focus est dans la nouvelle ligne : " + JSON.stringify(addedCurrent));
await page.click("#table-current tbody tr:last-child button.delete-row");
const afterDelete = await focused();
check(afterDelete.table === "table-current" && afterDelete.label.startsWith("Supprimer la ligne " + (addedCurrent.rows - 1) + " ("),
  "la suppression met le focus sur la ligne d'au-dessus : " + JSON.stringify(afterDelete));

// 5. A file loaded over unsaved edits: asked first, saying them; « Annuler » keeps the table.
const file = { name: "autre.csv", mimeType: "text/csv", buffer: Buffer.from("id;name;fte\nASS01;A;1\n") };
dialogs = []; dismiss = true;
await page.setInputFiles("#load-workers", file);
await page.waitForFunction(() => /Chargement de autre\.csv abandonné/.test(document.getElementById("notice").textContent));
check(dialogs.length === 1 && dialogs[0].includes("1 ligne ajoutée (ASS77)") && dialogs[0].includes("« autre.csv »"), "le chargement demande d'abord, en disant les modifications : " + dialogs.join(" | "));
check(await page.$eval("#table-workers tbody tr:last-child input", (i) => i.value) === "ASS77", "« Annuler » garde le tableau");
dialogs = []; dismiss = false;
await page.setInputFiles("#load-workers", file);
await page.waitForFunction(() => /autre\.csv chargé dans le tableau/.test(document.getElementById("notice").textContent));
check(dialogs.length === 1 && (await page.$$("#table-workers tbody tr")).length === 1, "« OK » charge le fichier");
check(errors.length === 0, "aucune erreur de la page : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ establishments: listed, options, added, asked: dialogs[0].slice(0, 80) }));
