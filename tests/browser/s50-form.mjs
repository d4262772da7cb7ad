// The Scénario form read by a CTSS-D (session 50, finding 8 of the web tester): at 1366×768 no
// field's control runs over its help (« Méthode » was 496 px wide in a 224 px column); the help
// names other fields by their French name, without the solver's words outside « Pour les
// spécialistes »; the calculation's settings are folded; « Enregistrer le scénario » stays in
// sight; every field is linked to its refusal and its help (aria-describedby); « 5 % » is read
// as 0,05 for the gap; a minimum presence between two units is said, rounded, under its field.
// Run by tests/web_browser.rs with BASE_URL, WORKSPACE and SHOTS; prints one JSON line at the
// end; exits non-zero on the first failed step.
import path from "node:path";
import { readFileSync } from "node:fs";
import { base, check, openPage, shots, workspace } from "./session.mjs";

const { browser, page, errors } = await openPage({ width: 1366, height: 768 });
const shot = (name) => page.screenshot({ path: path.join(shots, "s50-form-" + name + ".png") });
const text = (selector) => page.$eval(selector, (e) => e.textContent);
const scenarioFile = () => readFileSync(path.join(workspace, "demo", "scenario.toml"), "utf8");

async function save() {
  await page.evaluate(() => { document.getElementById("notice").textContent = ""; });
  await page.click("#scenario-save");
  await page.waitForFunction(() => /enregistré|refusé/.test(document.getElementById("notice").textContent));
  return text("#notice");
}

await page.goto(base + "/");
await page.click("#instances button:has-text('demo')");
await page.waitForSelector("#table-current tbody tr");
await page.click("nav button[data-page=scenario]");
await page.waitForSelector("#f-budget-total_fte");

// 1. « Enregistrer le scénario » in sight at the top of the form and in its middle.
const inSight = () => page.$eval("#scenario-save", (b) => { const r = b.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });
check(await inSight(), "« Enregistrer le scénario » se voit en haut du formulaire");
await page.$eval("#f-need-ips_reference", (i) => i.scrollIntoView({ block: "center" }));
check(await inSight(), "« Enregistrer le scénario » se voit au milieu du formulaire");

// 2. The calculation's settings folded, under a plain title.
check(await page.$eval("#scenario-advanced", (d) => !d.open), "les réglages du calcul sont repliés");
const summary = await text("#scenario-advanced > summary");
check(summary.startsWith("Réglages du calcul (avancé)") && !summary.includes("changé"), "leur titre : " + summary);
await page.click("#scenario-advanced > summary");
await page.waitForSelector("#f-solver-method", { state: "visible" });

// 3. At 1366 px, each field's name, control and help side by side, none over another.
const overlaps = await page.$eval("#scenario-form", (form) => {
  const out = [];
  for (const row of form.querySelectorAll(".key")) {
    const [name, control, help] = [...row.children].map((c) => c.getBoundingClientRect());
    const widest = Math.max(...[...row.children[1].querySelectorAll("input, select, .choices-list")].map((i) => i.getBoundingClientRect().right));
    if (name.right > control.left + 0.5 || control.right > help.left + 0.5 || widest > help.left + 0.5) out.push(row.querySelector("code.key-name").textContent);
  }
  return out;
});
check(overlaps.length === 0, "aucun champ ne déborde sur son aide : " + overlaps.join(", "));
await page.$eval("#f-solver-method", (s) => s.scrollIntoView({ block: "center" }));
await shot("solver");

// 4. Each field linked to its refusal, its warning and its help.
const unlinked = await page.$eval("#scenario-form", (form) => [...form.querySelectorAll("[data-key]:not([data-kind=choice]), .choices-list")]
  .filter((f) => { const ids = (f.getAttribute("aria-describedby") || "").split(" "); return !["-error", "-help"].every((s) => ids.includes(f.id + s) && document.getElementById(f.id + s)); })
  .map((f) => f.id));
check(unlinked.length === 0, "chaque champ est relié à son message et à son aide : " + unlinked.join(", "));

// 5. The help in plain words: no key, no solver word outside « Pour les spécialistes », one default.
const jargon = await page.$eval("#scenario-form", (form) => [...form.querySelectorAll(".key .help")].map((h) => {
  const plain = h.cloneNode(true);
  for (const d of plain.querySelectorAll("details.expert, .advice")) d.remove();
  const t = plain.textContent;
  const bad = /\b[a-z0-9]+_[a-z0-9_]+\b|points d'objectif|coût de fragmentation|modèle compact|génération de colonnes|graine|fils d'exécution|écart relatif d'arrêt|solveur|E171/i.exec(t);
  return bad || (t.match(/Défaut :/g) || []).length !== 1 ? h.id + " : " + t : null;
}).filter(Boolean));
check(jargon.length === 0, "les aides parlent français : " + jargon.join(" | "));
const extra = await text("#f-budget-extra_posts-help");
check(!/Défaut : 0\. Défaut/.test(extra) && /page Comparer/.test(extra), "« Postes supplémentaires » : un défaut, et ce que la page permet : " + extra);
check((await text("#f-solver-method-help")).includes("Pour les spécialistes"), "les mots du calcul restent repliés pour les spécialistes");

// 6. « 5 % » is the gap 0,05; a percentage where none is meant is refused, said on the field.
await page.fill("#f-solver-relative_gap", "5 %");
check((await save()).includes("enregistré"), "« 5 % » est accepté pour l'écart");
check(await page.$eval("#f-solver-relative_gap", (i) => i.value) === "0,05" && /relative_gap = 0\.05\b/.test(scenarioFile()),
  "« 5 % » est enregistré comme 0,05 : " + await page.$eval("#f-solver-relative_gap", (i) => i.value));
check(await page.$eval("#scenario-advanced", (d) => d.open) && (await text("#scenario-advanced > summary")).includes("changé : « Écart relatif visé »"),
  "les réglages restent ouverts et disent ce qui a changé : " + await text("#scenario-advanced > summary"));
const before = scenarioFile();
await page.fill("#f-rules-max_distance_km", "60 %");
check((await save()).includes("refusé") && scenarioFile() === before, "un pourcentage pour une distance est refusé");
const refusal = await text("#f-rules-max_distance_km-error");
check(refusal.includes("pas de pourcentage") && await page.evaluate(() => document.activeElement.id) === "f-rules-max_distance_km" &&
  await page.$eval("#f-rules-max_distance_km", (i) => i.getAttribute("aria-invalid") === "true" && i.getAttribute("aria-describedby").split(" ").includes("f-rules-max_distance_km-error")),
  "le refus est sous le champ, relié à lui, le champ a le focus : " + refusal);
await page.fill("#f-rules-max_distance_km", "60");

// 7. A refused setting inside the folded part opens it and takes the focus.
await page.$eval("#scenario-advanced", (d) => { d.open = false; });
await page.$eval("#f-solver-threads", (i) => { i.value = "0"; });
check((await save()).includes("refusé"), "0 cœur est refusé");
check(await page.$eval("#scenario-advanced", (d) => d.open) && await page.evaluate(() => document.activeElement.id) === "f-solver-threads",
  "le champ refusé des réglages repliés est montré et a le focus");
await page.fill("#f-solver-threads", "1");

// 8. A minimum presence between two units: saved, and how the plan rounds it said under it.
await page.fill("#f-rules-min_presence_fte", "0,25");
const saved = await save();
check(saved.includes("enregistré") && saved.includes("avertissement"), "l'enregistrement signale l'avertissement : " + saved);
const rounded = await text("#f-rules-min_presence_fte-warning");
check(rounded.includes("3 demi-journées (0,3 ETP)") && rounded.includes("« Présence minimale (ETP) »"), "l'arrondi est dit sous le champ : " + rounded);
await page.$eval("#f-rules-min_presence_fte", (i) => i.scrollIntoView({ block: "center" }));
await shot("presence");

check(errors.length === 0, "pas d'erreur JavaScript : " + errors.join(" | "));
await browser.close();
console.log(JSON.stringify({ form: { gap: "0,05", presence: rounded } }));
