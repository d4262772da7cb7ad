// sectoria serve: the pages. Every value shown comes from the server's files (plan.json, the
// scenario TOML, the instance's CSV files); every change is sent back and checked there.
"use strict";

const S = { instance: null, view: null, scenarioName: "scenario.toml", scenario: null, plans: {}, previewOf: new Set(), run: null,
  selected: null, sort: { key: "priority", dir: -1 }, waitingFor: null, map: null };

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
};
const svg = (tag, attrs = {}) => {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const fr = (x, d = 1) => Number(x).toLocaleString("fr-FR", { minimumFractionDigits: d, maximumFractionDigits: d });
// A figure in points, « point » agreed as French does from two on, on the figure as shown.
const pts = (x, d = 1) => fr(x, d) + (Math.abs(Number(Number(x).toFixed(d))) >= 2 ? " points" : " point");
// A percentage; the space before « % » does not break (a figure wraps between its parts only).
const pct = (x) => fr(100 * x, 1) + "\u00a0%";

function notice(text, ok = true) {
  const n = $("notice");
  n.textContent = text;
  n.className = ok ? "ok" : "bad";
}

// A notice with an action (« Voir les résultats ») instead of leaving the page the user is on.
function noticeWithAction(text, label, action, ok = true) {
  notice(text, ok);
  $("notice").append(" ", el("button", { type: "button", id: "notice-action", class: "link", onclick: action }, label));
}

// The page shown.
const currentPage = () => (document.querySelector(".page:not([hidden])") || {}).id;

// Text with `code` spans (as the reference scenario's comments write keys) shown as <code>.
function withCode(text) {
  return String(text || "").split(/`([^`]*)`/).map((part, i) => (i % 2 ? el("code", {}, part) : part));
}

// The scenario keys a message of the command line's library names — written `budget.total_fte`,
// « budget.total_fte » or bare — and its other `code` spans: each part found, with the key's
// French name on the form when it has one. The locks' tables, written « [locks] serve » or
// « [locks.assign] », are keys too (« Établissements à servir »).
const KEY_OR_CODE = /\[locks\] (assign|forbid|exclude|serve)\b|\[locks\.(assign|forbid|exclude|serve)\]|«\s*([a-z_]+\.[a-z_0-9]+)\s*»|`([^`]*)`|\b([a-z_]+\.[a-z_0-9]+)\b/g;
function keyParts(text, each) {
  const labels = (S.scenario && S.scenario.labels) || {};
  const s = String(text || "");
  const out = [];
  let last = 0;
  for (const m of s.matchAll(KEY_OR_CODE)) {
    const table = m[1] || m[2];
    const key = table ? "locks." + table : m[3] || m[4] || m[5];
    const label = labels[key];
    // A bare « word.word » that is no key (a file name) stays as it is.
    if (!label && !m[4]) continue;
    out.push(s.slice(last, m.index), each(key, label));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

// A message as text (a notice, a list's option, a tooltip): each key as « French name » (key),
// or the French name alone when `withKey` is false (a reason read by a committee); no
// backticks, no guillemets inside guillemets.
function withLabels(text, withKey = true) {
  return keyParts(text, (key, label) => label ? "« " + label + " »" + (withKey ? " (" + key + ")" : "") : key).join("");
}

// A message as nodes: each key as « French name » with the key in code (or, when `withKey` is
// false, the French name with the key as its tooltip), other backticked spans in code.
function richText(text, withKey = true) {
  return keyParts(text, (key, label) => !label ? el("code", {}, key) : withKey
    ? el("span", { class: "key-ref" }, "« " + label + " » (", el("code", {}, key), ")")
    : el("span", { class: "key-ref", title: key }, "« " + label + " »"));
}

// An error's lines, each once: the readers' message already prints its problems, which the
// answer also lists one by one.
function errorLines(e) {
  const problems = (e.body && e.body.problems) || [];
  const own = String(e.message || "").split("\n").filter((l) => l.trim() !== "" && !problems.includes(l));
  return own.concat(problems);
}

// What needs an open instance says so, and its buttons wait for one.
const NO_INSTANCE = "Ouvrez d'abord une instance (page Données).";
function requireInstance() {
  if (S.instance) return true;
  notice(NO_INSTANCE, false);
  return false;
}
function showInstanceState() {
  for (const id of ["plan-run", "scenario-save", "scenario-open", "scenario-file", "scenario-new", "plan-scenario", "frontier-run", "adopt-run", "compare-run"]) {
    const b = $(id);
    b.disabled = !S.instance;
    if (!S.instance) b.title = NO_INSTANCE; else b.removeAttribute("title");
  }
  for (const p of document.querySelectorAll(".needs-instance")) p.hidden = Boolean(S.instance);
}

async function api(path, options = {}) {
  const r = await fetch(path, options);
  const type = r.headers.get("content-type") || "";
  const body = type.includes("json") ? await r.json() : await r.text();
  if (!r.ok) {
    const e = new Error(body.message || String(body));
    e.body = body;
    throw e;
  }
  return body;
}
const inst = () => "/api/instances/" + encodeURIComponent(S.instance);
const runUrl = (run, rest) => inst() + "/runs/" + encodeURIComponent(run) + rest;

// ---------------------------------------------------------------- navigation
// The page's heading takes the focus when the user changes page (a keyboard or screen-reader
// user lands on what they chose, not at the top of the document).
function focusHeading(page) {
  const h = document.querySelector("#" + page + " h2");
  if (!h) return;
  h.setAttribute("tabindex", "-1");
  h.focus();
}

// Whether `name` is one of the pages (an address's fragment may name anything).
const isPage = (name) => Boolean(name) && [...document.querySelectorAll("section.page")].some((p) => p.id === name);

// The address's page and, for Résultats, its run (« #resultats/20261207-183541-3 »).
function addressed() {
  const [page, ...rest] = location.hash.slice(1).split("/");
  return { page, run: rest.length ? decodeURIComponent(rest.join("/")) : null };
}

// The address names the page shown, and Résultats' run: the browser's Back and Forward, a
// reload, or a fragment typed in the address bar, show that page and that run (nothing is lost:
// every page keeps what it shows).
function followAddress() {
  const { page, run } = addressed();
  if (!isPage(page)) return;
  if (page === "resultats" && run && run !== S.run && S.instance) openResults(false, run);
  else if (page !== currentPage()) page === "resultats" ? openResults() : show(page);
}

function show(page, focus = false) {
  // A status said on another page does not stay above this one.
  if (currentPage() && page !== currentPage()) notice("");
  for (const s of document.querySelectorAll(".page")) s.hidden = s.id !== page;
  for (const b of document.querySelectorAll("nav button")) {
    if (b.dataset.page === page) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  location.hash = page === "resultats" && S.run ? page + "/" + encodeURIComponent(S.run) : page;
  // After the address: going to its fragment takes the focus away.
  if (focus) focusHeading(page);
}

// ---------------------------------------------------------------- Données
async function loadInstances() {
  const data = await api("/api/instances");
  $("workspace").textContent = data.workspace;
  const box = $("instances");
  box.replaceChildren(...data.instances.flatMap((name) => [
    el("button", { type: "button", "aria-pressed": String(name === S.instance), onclick: () => openInstance(name) }, name),
    ...(name === "demo" ? [el("span", { class: "hint" }, " « demo » : un département de démonstration, pour essayer. ")] : [])]));
  if (!data.instances.length) box.textContent = "Aucune instance (dossier avec establishments.csv) dans l'espace de travail : construisez-en une ci-dessous.";
  // No département of her own yet (the demonstration at most): the import, the way to build
  // one, is unfolded, once, while no instance is open.
  if (!S.instance && !S.importUnfolded && data.instances.every((n) => n === "demo")) { S.importUnfolded = true; $("import").open = true; }
  // Time from the navigation's start to the first usable page (read by benches/web.sh).
  if (window.sectoriaReadyMs === undefined) window.sectoriaReadyMs = performance.now();
  return data.instances;
}

// The instance open in this tab, kept across a reload (the page is in the address); a new tab
// opens the instance last opened in any tab.
const LAST_INSTANCE = "sectoria.instance";
function rememberInstance(name) {
  try { sessionStorage.setItem(LAST_INSTANCE, name); localStorage.setItem(LAST_INSTANCE, name); } catch (e) { /* storage refused: nothing kept */ }
}
function rememberedInstance() {
  try { return sessionStorage.getItem(LAST_INSTANCE) || localStorage.getItem(LAST_INSTANCE); } catch (e) { return null; }
}

// `keepImport`: the instance an import has just built, opened under its import report (which
// stays unfolded, read first).
async function openInstance(name, keepImport = false) {
  const unsaved = unsavedWork();
  if (S.instance && name !== S.instance && unsaved.length &&
    !confirm("Modifications non enregistrées (" + unsaved.join(", ") + ") : les abandonner pour ouvrir l'instance « " + name + " » ?")) {
    notice("Instance « " + S.instance + " » gardée ouverte : enregistrez d'abord " + unsaved.join(", "), false);
    return;
  }
  S.instance = name;
  S.plans = {};
  clearResults();
  // The import form and its report belong to no instance: closed, not left above this one's tables.
  if (!keepImport) {
    $("import").open = false;
    $("import-result").replaceChildren();
    $("import-error").textContent = "";
  }
  showInstanceState();
  await refreshInstance();
  $("context").textContent = "Instance : " + name + " — " + S.view.establishments + " établissements";
  await loadInstances();
  renderEstablishmentList();
  renderTables();
  markTablesSaved();
  await openScenario(S.view.scenarios.includes("scenario.toml") ? "scenario.toml" : (S.view.scenarios[0] || "scenario.toml"));
  rememberInstance(name);
  notice("Instance « " + name + " » ouverte");
  // The list of instances was drawn again (the button pressed is gone): the focus goes to the
  // page (after an import, it stays by the import's report).
  const shown = currentPage();
  if (shown && !keepImport) focusHeading(shown);
}

// ---------------------------------------------------------------- unsaved work
// What the page shows is compared with what was last read or saved: the tables as the CSV
// they stand for, the scenario form as the values it would save.
function markTablesSaved() {
  // The versions of the files the tables show, sent back with each save (a file changed
  // meanwhile, in another tab or by another person, is not written over: the server refuses).
  S.tableVersions = {};
  for (const key of ["workers", "current"]) S.tableVersions[key] = ((S.view && S.view.versions) || {})[key + ".csv"] || "";
  S.savedTables = {};
  for (const key of ["workers", "current"]) { const t = $("table-" + key); S.savedTables[key] = t ? tableCsv(t) : null; }
}

function unsavedTables() {
  if (!S.savedTables) return [];
  return ["workers", "current"].filter((key) => { const t = $("table-" + key); return (t ? tableCsv(t) : null) !== S.savedTables[key]; })
    .map((key) => key + ".csv");
}

function scenarioUnsaved() {
  return S.scenarioSaved !== undefined && JSON.stringify(formValues()) !== S.scenarioSaved;
}

function unsavedWork() {
  return unsavedTables().concat(scenarioUnsaved() ? ["scénario " + S.scenarioName] : []);
}

async function refreshInstance() {
  const before = S.view;
  S.view = await api(inst());
  // An answer read before an event it arrives after never takes a run back to an earlier state
  // (a stop's answer, read while the run was stopping, after the event saying it is done).
  if (before && before.runs && S.view.runs) {
    S.view.runs = S.view.runs.map((r) => {
      const known = before.runs.find((x) => x.run === r.run);
      return known && RUN_ORDER.indexOf(known.state) > RUN_ORDER.indexOf(r.state) ? known : r;
    });
  }
  const names = S.view.scenarios;
  const sel = $("plan-scenario");
  const keep = sel.value || S.scenarioName;
  sel.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
  if (names.includes(keep)) sel.value = keep;
  fillScenarioFiles();
  renderRuns();
  // The workers' time beside the budget, workers.csv being perhaps saved since.
  renderBudgetBeside();
}

// The Scénario page's list: the instance's files, and the open one (a new file not yet saved)
// always shown as chosen — the list never names another file than the form's.
function fillScenarioFiles() {
  const names = (S.view ? S.view.scenarios : []).slice();
  if (S.scenario && !names.includes(S.scenarioName)) names.push(S.scenarioName);
  const sel = $("scenario-file");
  sel.replaceChildren(...names.map((n) => el("option", { value: n }, n + (S.view && !S.view.scenarios.includes(n) ? " (nouveau, non enregistré)" : ""))));
  sel.value = S.scenarioName;
}

function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field.replace(/\r$/, "")); rows.push(row); row = []; field = ""; }
    else field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}
const csvField = (f) => (/[;"\n]/.test(f) ? '"' + f.replace(/"/g, '""') + '"' : f);

// French headings of the files' columns; the column's own name (the file's, which the command
// line reads) stays under it.
const COLUMN_LABELS = {
  workers: { id: "Identifiant", name: "Nom ou pseudonyme", fte: "Quotité (ETP)", base_uai: "Résidence (UAI)",
    base_lat: "Résidence : latitude", base_lon: "Résidence : longitude", max_establishments: "Établissements au plus",
    max_weekly_km: "Km par semaine au plus" },
  current: { worker_id: "Assistant (identifiant)", uai: "Établissement (UAI)", fte: "Temps actuel (ETP)" },
};

// The header a new file starts with (the readers' columns, in the documented order).
const NEW_FILE_HEADERS = { workers: "id;name;fte;base_uai;base_lat;base_lon;max_establishments;max_weekly_km", current: "worker_id;uai;fte" };
const ABSENT = {
  workers: " : absent de l'instance ; sans lui, le budget du scénario (total_fte) est réparti en postes dont le modèle choisit la résidence. Créez-le pour planifier avec vos assistants (une résidence vide : le modèle la choisit).",
  current: " : absent de l'instance ; sans lui, la continuité avec les secteurs d'aujourd'hui ne compte pas.",
};

// A CSV file chosen on the computer, shown in the table for review; nothing is written until
// « Enregistrer » (and the readers accept it). A file saved by Excel in Windows-1252 is read as
// such and will be written in UTF-8, as the command line needs.
function csvPicker(key, file) {
  const input = el("input", { type: "file", accept: ".csv,text/csv", id: "load-" + key, "aria-label": "Charger " + file + " depuis l'ordinateur" });
  input.addEventListener("change", async () => {
    const chosen = input.files && input.files[0];
    if (!chosen) return;
    // A file far above a département's size is refused before it is read or drawn (a
    // 300 000-line file crashed the tab, 30 000 lines froze it for 7,5 s): the table stays as
    // it was, its unsaved edits too.
    const too = tooLarge(chosen.size, null);
    if (too) { input.value = ""; refuseLoad(key, chosen.name, too); return; }
    const bytes = await chosen.arrayBuffer();
    const lines = tooLarge(0, countLines(bytes));
    if (lines) { input.value = ""; refuseLoad(key, chosen.name, lines); return; }
    let text, converted = false;
    try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (e) {
      text = new TextDecoder("windows-1252").decode(bytes);
      converted = true;
    }
    const headed = await readerHeaders(file, text.replace(/^\ufeff/, ""));
    keepEdits();
    // The table as it was (with its unsaved edits), for « Annuler le chargement » — offered
    // until the table is saved, a refused save included.
    S.loaded = Object.assign(S.loaded || {}, { [key]: { before: S.view[key], name: chosen.name, instance: S.instance } });
    S.view[key] = headed.text;
    // The headings the readers do not know: « quelle colonne est laquelle ? » above the table.
    S.columnChoices = Object.assign(S.columnChoices || {}, { [key]: headed.unknown.length ? headed : null });
    renderTables();
    noticeWithAction(chosen.name + " chargé dans le tableau" + (converted ? " (lu en Windows-1252, il sera enregistré en UTF-8)" : "") +
      (headed.renamed.length ? " ; en-têtes français reconnus : " + headed.renamed.join(", ") : "") +
      (headed.unknown.length ? " ; " + (headed.unknown.length >= 2 ? headed.unknown.length + " en-têtes inconnus" : "un en-tête inconnu") + " : dites à quelle colonne " + (headed.unknown.length >= 2 ? "ils correspondent" : "il correspond") + " au-dessus du tableau" : "") +
      " : vérifiez, puis « Enregistrer " + file + " »", "Annuler le chargement", () => cancelLoad(key, file));
    input.value = "";
  });
  return filePicker(input, "Charger un fichier CSV…");
}

// A file input in French: the browser's own button and caption (« Choose File », « No file
// chosen », in the browser's language) hidden, a label drawn as a button that opens it, and
// the file chosen beside it. The input keeps the keyboard's focus: Tab reaches it, Entrée or
// Espace opens the file dialog, and its label shows the focus. `idle`: the caption before a
// file is chosen (none where a list beside it says which file is taken).
function filePicker(input, text, idle = "aucun fichier choisi") {
  input.classList.add("file-input");
  const chosen = el("span", { class: "file-chosen" }, idle);
  input.addEventListener("change", () => { if (input.files && input.files[0]) chosen.textContent = input.files[0].name; });
  return el("span", { class: "file-pick" }, input, el("label", { for: input.id, class: "file-button" }, text), " ", chosen);
}

// The limits of a table loaded from the computer: the server's request limit (it would refuse
// to save more) and its most lines (`table_limits` of the instance).
function tableLimits() {
  return (S.view && S.view.table_limits) || { bytes: 2 * 1024 * 1024, rows: 3000 };
}

// Why a file of `size` bytes, or of `lines` lines (header included), is too large; "" when it is not.
function tooLarge(size, lines) {
  const { bytes, rows } = tableLimits();
  if (size > bytes) return fr(size / 1048576, 1) + " Mo, au-delà des " + fr(bytes / 1048576, 0) + " Mo qu'accepte l'enregistrement";
  if (lines !== null && lines - 1 > rows) return fr(lines - 1, 0) + " lignes, pour " + fr(rows, 0) + " au plus (un département compte 3 à 80 assistants et quelques centaines d'établissements)";
  return "";
}

// Lines of a file's bytes (its line feeds, plus a last line without one).
function countLines(buffer) {
  const b = new Uint8Array(buffer);
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 10) n++;
  return n + (b.length && b[b.length - 1] !== 10 ? 1 : 0);
}

function refuseLoad(key, name, why) {
  const text = name + " refusé : " + why + ". Rien n'a été chargé, le tableau est tel qu'il était ; vérifiez qu'il s'agit bien du fichier d'un seul département.";
  const box = $("error-" + key);
  if (box) box.replaceChildren(el("div", {}, text));
  notice(text, false);
}

// A loaded file's headings read as the readers read them (`POST /api/tables/{file}/headings`:
// the page's French headings, « ETP », « Matricule »…, accents, case and spaces aside) and
// renamed to the readers' column names; the headings they do not know are returned with the
// column each most likely means (`unknown`), and the table's columns, for the page to ask.
async function readerHeaders(file, text) {
  const end = text.search(/\r?\n/);
  const first = end < 0 ? text : text.slice(0, end);
  const cells = parseCsv(first)[0] || [];
  const none = { text, renamed: [], unknown: [], columns: [] };
  if (cells.length < 2) return none;
  let read;
  try {
    read = await api("/api/tables/" + file + "/headings", { method: "POST", body: JSON.stringify(cells), headers: { "content-type": "application/json" } });
  } catch (e) { return none; }
  const renamed = [], unknown = [];
  const header = read.headings.map((h, i) => {
    const heading = h.heading.trim();
    if (h.column && h.column !== heading.toLowerCase()) { renamed.push(heading + " → " + h.column); return h.column; }
    if (!h.column && heading) unknown.push({ index: i, heading, guess: h.guess });
    return csvField(h.heading);
  });
  // `header`: as the table reads it back (its cells unquoted).
  return { text: header.join(";") + (end < 0 ? "" : text.slice(end)), header: (parseCsv(header.join(";"))[0] || []).join(";"), renamed, unknown, columns: read.columns };
}

// « Quelle colonne est laquelle ? »: above a table loaded from a file, a choice for each heading
// the readers do not know, among the table's columns not yet in it (the likeliest chosen) or
// « ne pas garder » ; « Appliquer ces colonnes » renames them in the table and leaves out the
// columns not kept, before the save. Shown while the table keeps the header it was loaded with.
function columnChoices(key, file, header) {
  const c = (S.columnChoices || {})[key];
  if (!c || c.header !== header.join(";")) return null;
  const present = header.map((h) => h.trim().toLowerCase());
  const error = el("div", { class: "error", role: "alert" });
  const items = c.unknown.map((u, n) => {
    const id = "column-choice-" + key + "-" + n;
    const select = el("select", { id },
      el("option", { value: "" }, "— ne pas garder cette colonne —"),
      ...c.columns.filter((col) => !present.includes(col.column)).map((col) =>
        el("option", { value: col.column }, col.label + (col.label !== col.column ? " (" + col.column + ")" : "") + (col.required ? " — obligatoire" : ""))));
    select.value = u.guess || "";
    return el("li", {}, el("label", { for: id }, "« " + u.heading + " » → "), select);
  });
  const apply = () => {
    const chosen = c.unknown.map((u, n) => ({ index: u.index, heading: u.heading, column: $("column-choice-" + key + "-" + n).value }));
    const kept = chosen.filter((x) => x.column).map((x) => x.column);
    const twice = kept.find((col, i) => kept.indexOf(col) !== i);
    if (twice) { error.textContent = "Deux en-têtes vont à la même colonne « " + twice + " » : choisissez-en une autre pour l'un d'eux, ou « ne pas garder cette colonne »."; return; }
    keepEdits();
    const named = Object.fromEntries(chosen.filter((x) => x.column).map((x) => [x.index, x.column]));
    const dropped = new Set(chosen.filter((x) => !x.column).map((x) => x.index));
    const rows = parseCsv(S.view[key]).map((r, line) => r.map((f, i) => (line === 0 && named[i] ? named[i] : f)).filter((f, i) => !dropped.has(i)));
    S.view[key] = rows.map((r) => r.map(csvField).join(";")).join("\n") + "\n";
    S.columnChoices[key] = null;
    renderTables();
    noticeWithAction("Colonnes de " + file + " : " + chosen.map((x) => "« " + x.heading + " » " + (x.column ? "→ " + x.column : "non gardée")).join(", ") +
      " ; vérifiez, puis « Enregistrer " + file + " »", "Annuler le chargement", () => cancelLoad(key, file));
  };
  return el("div", { class: "column-choices", id: "column-choices-" + key },
    el("p", {}, el("strong", {}, (c.unknown.length >= 2 ? c.unknown.length + " en-têtes du fichier ne sont pas reconnus" : "Un en-tête du fichier n'est pas reconnu") + " : à quelle colonne du tableau correspond " + (c.unknown.length >= 2 ? "chacun" : "il") + " ?"),
      " La colonne la plus probable est proposée ; une colonne qui ne sert pas peut ne pas être gardée. Rien n'est enregistré avant « Enregistrer " + file + " »."),
    el("ul", {}, items),
    el("p", {}, el("button", { type: "button", id: "column-apply-" + key, onclick: apply }, "Appliquer ces colonnes")), error);
}

// « Annuler le chargement »: the table as it was before the file was loaded (its unsaved
// edits included), while nothing of the file was saved.
function cancelLoad(key, file) {
  const loaded = (S.loaded || {})[key];
  if (!loaded || loaded.instance !== S.instance) return;
  keepEdits();
  S.view[key] = loaded.before;
  S.loaded[key] = null;
  if (S.columnChoices) S.columnChoices[key] = null;
  renderTables();
  notice("Chargement de " + loaded.name + " annulé : le tableau " + file + " est revenu tel qu'il était avant, modifications non enregistrées comprises.");
}

// The tables' unsaved edits, kept in S.view before the tables are drawn again (a file created
// or loaded in one table must not lose what was typed in the other).
function keepEdits() {
  for (const key of ["workers", "current"]) {
    const table = $("table-" + key);
    if (table) S.view[key] = tableCsv(table);
  }
}

// The rows of a table of the Données page that hold something: an empty row (« Ajouter une
// ligne » left blank) is not written as « ;;;;;; ».
const filledRows = (table) => [...table.tBodies[0].rows].filter((tr) => [...tr.querySelectorAll("input")].some((i) => i.value.trim() !== ""));

// A table of the Données page as the CSV text it stands for (its header, then one line a
// filled row).
function tableCsv(table) {
  const lines = [table.dataset.header];
  for (const tr of filledRows(table)) lines.push([...tr.querySelectorAll("input")].map((i) => csvField(frenchDecimal(i.dataset.col, i.value.trim()))).join(";"));
  return lines.join("\n") + "\n";
}

// The decimal columns of the tables (quotité, time, coordinates) shown and saved with a
// decimal comma, whichever was read or typed (« 1.00 » and « 0,5 » in one column read
// differently in a French Excel); any other text stays as it is (the readers say what is wrong).
const DECIMAL_COLUMNS = ["fte", "base_lat", "base_lon"];
const frenchDecimal = (column, value) => DECIMAL_COLUMNS.includes(String(column || "").trim().toLowerCase()) && /^[+-]?\d+\.\d+$/.test(value)
  ? value.replace(".", ",") : value;

function renderTables() {
  const box = $("tables");
  box.replaceChildren();
  for (const [file, key, title] of [["workers.csv", "workers", "Assistants (quotité, résidence)"], ["current.csv", "current", "Secteurs actuels"]]) {
    const text = S.view[key];
    if (text === null) {
      // Nothing is written until « Enregistrer » (and the readers accept it).
      const create = () => { keepEdits(); S.view[key] = NEW_FILE_HEADERS[key] + "\n"; renderTables(); };
      box.append(el("h3", {}, title + " — " + file), el("p", {}, file + ABSENT[key], " ",
        el("button", { type: "button", id: "create-" + key, onclick: create }, "Créer " + file), " ", csvPicker(key, file)));
      continue;
    }
    const rows = parseCsv(text);
    const header = rows[0] || [];
    const table = el("table", { class: "data", id: "table-" + key, "data-header": header.join(";") });
    const label = (h) => (COLUMN_LABELS[key] || {})[h.trim().toLowerCase()] || h;
    table.append(el("thead", {}, el("tr", {}, header.map((h) => el("th", { scope: "col" }, label(h),
      ...(label(h) !== h ? [el("br"), el("code", { class: "column-name" }, h)] : []))), el("th", {}, ""))));
    const body = el("tbody");
    // An establishment's UAI is followed by its name, so that she sees which collège she means.
    const names = S.view.establishment_names || {};
    const named = (h) => ["uai", "base_uai"].includes(h.trim().toLowerCase());
    const nameOf = (v) => names[v.trim().toUpperCase()] || uaiHint(v);
    // A worker of today's sectors is followed by the name workers.csv gives it.
    const worker = (h) => key === "current" && h.trim().toLowerCase() === "worker_id";
    const hintOf = (h, v) => named(h) ? nameOf(v) : workerName(v);
    const addRow = (cells) => {
      const tr = el("tr");
      header.forEach((h, i) => {
        const value = frenchDecimal(h, (cells[i] || "").trim());
        const hint = named(h) || worker(h) ? el("small", { class: "uai-name", id: "cell-hint-" + (++cellHints) }, hintOf(h, value)) : null;
        const input = el("input", { value, "data-label": label(h), "data-col": h, "aria-describedby": hint ? hint.id : null,
          oninput: (ev) => {
            ev.target.classList.remove("cell-error"); ev.target.removeAttribute("aria-invalid");
            if (hint) hint.textContent = hintOf(h, ev.target.value);
            if (ROW_KEYS[key].includes(h.trim().toLowerCase())) nameRow(tr, key);
          } });
        if (named(h)) suggestUais(input);
        tr.append(el("td", {}, input, ...(hint ? [hint] : [])));
      });
      tr.append(el("td", {}, el("button", { type: "button", class: "delete-row", onclick: () => deleteRow(tr, key) }, "×")));
      body.append(tr);
      nameRow(tr, key);
      return tr;
    };
    rows.slice(1).forEach((cells) => addRow(cells));
    if (rows.length <= 1) addRow([]);
    table.append(body);
    const error = el("div", { class: "error", role: "alert", id: "error-" + key });
    // What the save accepted but warns of (a sector above its worker's quotité…): said after
    // « enregistré », as warnings, not as errors.
    const warned = el("div", { class: "table-warnings", role: "status", id: "saved-warnings-" + key });
    const save = async () => {
      if (!requireInstance()) return;
      unmarkCells();
      warned.replaceChildren();
      try {
        const version = (S.tableVersions || {})[key];
        const r = await api(inst() + "/tables/" + file + (version !== undefined ? "?version=" + encodeURIComponent(version) : ""),
          { method: "PUT", body: tableCsv(table), headers: { "content-type": "text/csv" } });
        error.textContent = "";
        const warnings = r.warnings || [];
        if (warnings.length) {
          warned.replaceChildren(el("strong", {}, file + " enregistré, avec " + (warnings.length >= 2 ? warnings.length + " avertissements" : "un avertissement") + " :"),
            el("ul", {}, warnings.map((w) => el("li", {}, ...richText(withTableRows(w, file, table), false)))));
        } else warned.replaceChildren(el("span", { class: "ok" }, file + " enregistré."));
        // The answer is read where the button is (the notice at the top is out of sight below a long table).
        warned.scrollIntoView({ block: "nearest" });
        notice(r.message + (warnings.length ? " — " + (warnings.length >= 2 ? warnings.length + " avertissements" : "un avertissement") + " sous le tableau" : ""));
        S.savedTables[key] = tableCsv(table);
        if (S.loaded) S.loaded[key] = null;
        if (S.tableVersions) S.tableVersions[key] = r.version;
        await refreshInstance();
      } catch (e) {
        showTableErrors(error, e);
        if (e.body && e.body.code === "W409") {
          notice(e.message, false);
          error.append(el("p", {}, el("button", { type: "button", id: "reload-" + key, onclick: () => reloadTable(key, file) }, "Recharger la version enregistrée"),
            " ", el("span", { class: "hint" }, "remplace ce tableau par " + file + " tel qu'il est enregistré ; vos modifications de ce tableau seront perdues (notez-les d'abord)")));
        } else if ((S.loaded || {})[key]) {
          // The loaded file can still be set aside, its refusal read.
          const loaded = S.loaded[key];
          noticeWithAction(file + " refusé : rien n'a été enregistré (voir sous le tableau)", "Annuler le chargement", () => cancelLoad(key, file), false);
          error.append(el("p", {}, el("button", { type: "button", id: "cancel-load-" + key, onclick: () => cancelLoad(key, file) }, "Annuler le chargement de " + loaded.name),
            " ", el("span", { class: "hint" }, "remet le tableau tel qu'il était avant le chargement du fichier")));
        } else notice(file + " refusé : rien n'a été enregistré", false);
      }
    };
    box.append(el("h3", {}, title + " — " + file), columnChoices(key, file, header) || "", table,
      el("p", {}, el("button", { type: "button", id: "add-" + key, onclick: () => addRow([]).querySelector("input").focus() }, "Ajouter une ligne"), " ",
        el("button", { type: "button", id: "save-" + key, onclick: save }, "Enregistrer " + file), " ", askBeforeLoad(csvPicker(key, file), key, file)), error, warned);
  }
}

// After a save refused because the file changed elsewhere: the table shows the file as saved
// now (after a confirmation: its edits are replaced), the other table keeps its edits, and the
// page is not reloaded.
async function reloadTable(key, file) {
  if (!confirm("Recharger " + file + " tel qu'il est enregistré ? Les modifications de ce tableau seront remplacées par la version enregistrée.")) return;
  try {
    const fresh = await api(inst());
    keepEdits();
    S.view[key] = fresh[key];
    S.view.versions = Object.assign({}, S.view.versions, { [file]: (fresh.versions || {})[file] });
    renderTables();
    const table = $("table-" + key);
    S.tableVersions[key] = (fresh.versions || {})[file] || "";
    S.savedTables[key] = table ? tableCsv(table) : null;
    notice(file + " rechargé tel qu'il est enregistré : refaites vos modifications, puis « Enregistrer " + file + " »");
  } catch (e) { notice(file + " n'a pas pu être rechargé : " + e.message, false); }
}

// A refused table: each problem once, its line also counted as the table's row (the file's
// line 1 is its header), and the faulty cells framed.
function showTableErrors(box, e) {
  const lines = errorLines(e);
  const cells = (e.body && e.body.cells) || [];
  const problems = (e.body && e.body.problems) || [];
  let marked = 0;
  const shown = lines.map((line) => {
    const at = problems.indexOf(line);
    const cell = at >= 0 ? cells[at] : null;
    if (!cell || !cell.line || cell.line < 2) return line;
    const table = $("table-" + String(cell.file).replace(/\.csv$/, ""));
    // The file's lines are the filled rows (empty rows are not written).
    const tr = table && filledRows(table)[cell.line - 2];
    if (!tr) return line;
    const column = String(cell.column || "").trim().toLowerCase();
    const inputs = [...tr.querySelectorAll("input")];
    const hit = inputs.filter((i) => column && i.dataset.col.trim().toLowerCase() === column);
    for (const i of hit.length ? hit : inputs) { i.classList.add("cell-error"); i.setAttribute("aria-invalid", "true"); i.title = line; }
    marked++;
    return line + " — ligne " + ([...table.tBodies[0].rows].indexOf(tr) + 1) + " du tableau";
  });
  box.replaceChildren(...shown.map((l) => el("div", {}, l)),
    ...(marked ? [el("p", { class: "hint" }, "Les numéros de ligne des messages sont ceux du fichier, dont la ligne 1 est l'en-tête (les lignes vides du tableau ne sont pas écrites) ; la ligne du tableau suit chacun. Les cases en cause sont encadrées en rouge.")] : []));
}

function unmarkCells() {
  for (const i of document.querySelectorAll("#tables .cell-error")) { i.classList.remove("cell-error"); i.removeAttribute("aria-invalid"); i.removeAttribute("title"); }
}

// The name workers.csv gives worker `id` (the workers' table as shown, its edits included),
// « absent de workers.csv » for an id it does not list.
function workerName(id) {
  const wanted = String(id || "").trim();
  if (!wanted) return "";
  const table = $("table-workers");
  const rows = table ? filledRows(table).map((tr) => Object.fromEntries([...tr.querySelectorAll("input")].map((i) => [i.dataset.col.trim().toLowerCase(), i.value.trim()])))
    : (() => { const r = parseCsv((S.view && S.view.workers) || ""); const h = (r[0] || []).map((x) => x.trim().toLowerCase());
      return r.slice(1).map((cells) => Object.fromEntries(h.map((k, i) => [k, (cells[i] || "").trim()]))); })();
  const w = rows.find((x) => x.id === wanted);
  return !w ? "absent de workers.csv" : w.name || "sans nom dans workers.csv";
}

// A warning about table `file` whose « ligne 13 » (a line of the file, its header being line 1)
// also says the row of the table on screen: « ligne 13 du fichier (12e ligne du tableau) ».
function withTableRows(text, file, table) {
  const rows = [...table.tBodies[0].rows], filled = filledRows(table);
  const row = (line) => { const tr = filled[Number(line) - 2]; return tr ? rows.indexOf(tr) + 1 : null; };
  const nth = (n) => n + (n === 1 ? "re" : "e");
  return String(text).replace(new RegExp(file.replace(".", "\\.") + ", (lignes?) (\\d+(?:(?:, | et )\\d+)*)"), (all, word, list) => {
    const lines = list.split(/, | et /);
    const shown = lines.map(row);
    if (shown.some((n) => n === null)) return all;
    for (const n of shown) rows[n - 1].classList.add("row-warned");
    const joined = shown.length > 1 ? shown.slice(0, -1).map(nth).join(", ") + " et " + nth(shown[shown.length - 1]) : nth(shown[0]);
    return file + ", " + word + " " + list + " du fichier (" + joined + (shown.length > 1 ? " lignes" : " ligne") + " du tableau)";
  });
}

// ---------------------------------------------------------------- Données : rows and establishments
// The columns that name a row of each table (« ASS03 », « ASS01, 0990228K »).
const ROW_KEYS = { workers: ["id"], current: ["worker_id", "uai"] };
// The hints under the cells, numbered for their inputs' aria-describedby.
let cellHints = 0;

function rowIdentity(cells, key) {
  return cells.filter((c) => ROW_KEYS[key].includes(c.column)).map((c) => c.value).filter(Boolean).join(", ");
}

const rowCells = (tr) => [...tr.querySelectorAll("input")].map((i) => ({ column: i.dataset.col.trim().toLowerCase(), value: i.value.trim() }));

// A row's cells read « Identifiant, ligne 3 » and its button « Supprimer la ligne 3 (ASS03) »
// (a screen reader says which row a cell is in).
function nameRow(tr, key) {
  const n = tr.sectionRowIndex + 1;
  for (const i of tr.querySelectorAll("input")) i.setAttribute("aria-label", i.dataset.label + ", ligne " + n);
  const who = rowIdentity(rowCells(tr), key);
  const button = tr.querySelector("button.delete-row");
  if (button) button.setAttribute("aria-label", "Supprimer la ligne " + n + (who ? " (" + who + ")" : ""));
}

// A row taken out of the table (written at « Enregistrer »): the rows below are numbered again
// and the focus goes to the row now in its place (or « Ajouter une ligne »).
function deleteRow(tr, key) {
  const body = tr.parentNode, at = tr.sectionRowIndex, who = rowIdentity(rowCells(tr), key);
  tr.remove();
  for (const r of [...body.rows].slice(at)) nameRow(r, key);
  const next = body.rows[at] || body.rows[at - 1];
  (next ? next.querySelector("button.delete-row") : $("add-" + key)).focus();
  notice("Ligne " + (at + 1) + (who ? " (" + who + ")" : "") + " retirée du tableau " + key + ".csv : elle l'est du fichier à « Enregistrer " + key + ".csv ».");
}

// The unsaved edits of table `key`, row by row against the file as read or saved (« 1 ligne
// ajoutée (ASS19), 2 lignes modifiées (ASS03 ; ASS05) »); "" when it has none.
function unsavedRows(key) {
  const table = $("table-" + key);
  const saved = (S.savedTables || {})[key];
  if (!table || tableCsv(table) === saved) return "";
  const rowsOf = (text) => {
    const [header = [], ...rows] = parseCsv(text || "");
    const columns = header.map((h) => h.trim().toLowerCase());
    return new Map(rows.map((r) => [rowIdentity(r.map((v, i) => ({ column: columns[i], value: v.trim() })), key) || "sans identifiant", r.join(";")]));
  };
  const before = rowsOf(saved), after = rowsOf(tableCsv(table));
  const named = (keys) => keys.slice(0, 5).join(" ; ") + (keys.length > 5 ? " et " + (keys.length - 5) + " autres" : "");
  const parts = [[[...after.keys()].filter((k) => !before.has(k)), "ajoutée"],
    [[...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)), "modifiée"],
    [[...before.keys()].filter((k) => !after.has(k)), "supprimée"]].filter(([keys]) => keys.length)
    .map(([keys, what]) => keys.length + (keys.length >= 2 ? " lignes " + what + "s" : " ligne " + what) + " (" + named(keys) + ")");
  return parts.join(", ") || "ses colonnes";
}

// A file chosen over a table with unsaved edits: asked first, saying what the file would replace
// (asked before the loading reads it; « Annuler » keeps the table as it is). A file too large is
// refused by the loading without a question: it replaces nothing.
function askBeforeLoad(picker, key, file) {
  picker.addEventListener("change", (ev) => {
    const input = ev.target, chosen = input.files && input.files[0];
    const edits = chosen && !tooLarge(chosen.size, null) ? unsavedRows(key) : "";
    if (!edits || confirm("Le tableau " + file + " a des modifications non enregistrées : " + edits + ".\n\n" +
      "Charger « " + chosen.name + " » remplace tout le tableau par ce fichier : ces modifications seront perdues s'il est enregistré " +
      "(« Annuler le chargement » les rend tant que rien n'est enregistré).\n\nOK : charger le fichier. Annuler : garder le tableau pour l'enregistrer d'abord.")) return;
    ev.stopPropagation();
    input.value = "";
    notice("Chargement de " + chosen.name + " abandonné : le tableau " + file + " garde ses modifications non enregistrées.");
  }, true);
  return picker;
}

// The instance's establishments whose UAI, name, commune or type hold every word typed, accents
// and case aside (« leon blum », « perpignan college »), in the file's order.
function findEstablishments(query) {
  const words = plainText(query).split(" ").filter(Boolean);
  return ((S.view && S.view.establishment_list) || []).filter((e) => {
    const text = plainText([e.uai, e.name, e.commune, kindLabel(e.kind)].join(" "));
    return words.every((w) => text.includes(w));
  });
}

// Under a UAI cell whose text is not a UAI of the instance: what the suggestions offer.
function uaiHint(value) {
  const typed = value.trim();
  if (!typed) return "";
  const found = findEstablishments(typed).length;
  if (found === 1) return "1 établissement correspond : choisissez-le dans la liste (↓ puis Entrée), son UAI sera écrit";
  if (found) return found + " établissements correspondent" + (found > SUGGESTED ? " (les " + SUGGESTED + " premiers sont proposés : ajoutez un mot du nom ou la commune)" : "") +
    " : choisissez dans la liste (↓ puis Entrée), son UAI sera écrit";
  return /^\d{7}[a-z]$/i.test(typed) ? "UAI inconnu de establishments.csv" : "aucun établissement de l'instance ne correspond (cherchez par nom, commune ou UAI)";
}

const SUGGESTED = 8;
// A UAI cell (a worker's residence, an establishment of today's sectors) as a combobox: what she
// types (« Léon Blum », « Prades ») proposes the establishments that match; ↓ ↑ move, Entrée or a
// click writes the chosen one's UAI (its name is then shown under the cell), Échap closes.
// One list, moved to the cell being typed in.
function suggestUais(input) {
  Object.assign(input, { autocomplete: "off" });
  for (const [k, v] of [["role", "combobox"], ["aria-autocomplete", "list"], ["aria-expanded", "false"], ["aria-controls", "uai-suggestions"]]) input.setAttribute(k, v);
  let shown = [], active = -1;
  const close = () => {
    const list = $("uai-suggestions");
    if (list && list.parentNode === input.parentNode) list.remove();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    shown = []; active = -1;
  };
  const choose = (e) => {
    input.value = e.uai;
    close();
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const mark = () => {
    const options = [...$("uai-suggestions").children];
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  };
  const open = () => {
    const typed = input.value.trim();
    const known = ((S.view && S.view.establishment_names) || {})[typed.toUpperCase()];
    shown = typed.length >= 2 && !known ? findEstablishments(typed).slice(0, SUGGESTED) : [];
    active = -1;
    if (!shown.length) { close(); return; }
    const list = $("uai-suggestions") || el("ul", { id: "uai-suggestions", role: "listbox", class: "suggestions", "aria-label": "Établissements de l'instance" });
    list.replaceChildren(...shown.map((e, i) => el("li", { role: "option", id: "uai-suggestion-" + i, "aria-selected": "false",
      onmousedown: (ev) => { ev.preventDefault(); choose(e); } }, e.name + " — " + e.commune + " ", el("code", {}, e.uai))));
    if (list.parentNode !== input.parentNode) input.after(list);
    input.setAttribute("aria-expanded", "true");
  };
  input.addEventListener("input", open);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (ev) => {
    // ↓ in a closed list opens it again (after Échap).
    if (!shown.length && ev.key === "ArrowDown") open();
    if (!shown.length) return;
    const move = { ArrowDown: 1, ArrowUp: -1 }[ev.key];
    if (move) { active = active < 0 ? (move > 0 ? 0 : shown.length - 1) : (active + move + shown.length) % shown.length; mark(); }
    else if (ev.key === "Enter" && (active >= 0 || shown.length === 1)) choose(shown[Math.max(active, 0)]);
    else if (ev.key === "Escape") close();
    else return;
    ev.preventDefault();
  });
}

// The instance's establishments, read-only, folded under the tables' title: filtered by any
// words of their UAI, name, commune or type, for the UAIs the tables ask for.
function renderEstablishmentList() {
  const box = $("establishment-list");
  const list = (S.view && S.view.establishment_list) || [];
  if (!list.length) { box.replaceChildren(); return; }
  const filter = el("input", { type: "search", id: "establishment-filter", size: 32, placeholder: "ex. Léon Blum, Perpignan, lycée professionnel" });
  const count = el("p", { class: "hint", id: "establishment-count", role: "status" });
  const body = el("tbody");
  const draw = () => {
    const found = findEstablishments(filter.value);
    body.replaceChildren(...found.map((e) => el("tr", {}, el("td", {}, el("code", {}, e.uai)), el("td", {}, e.name), el("td", {}, e.commune),
      el("td", {}, kindLabel(e.kind)), el("td", { class: "num" }, fr(e.pupils, 0)))));
    count.textContent = found.length === list.length ? list.length + " établissements" : found.length + " sur " + list.length + " établissements";
  };
  filter.addEventListener("input", draw);
  draw();
  box.replaceChildren(el("details", { id: "establishments" },
    el("summary", {}, "Établissements de l'instance (" + list.length + ") : UAI, nom, commune, type, élèves"),
    el("p", { class: "hint" }, "En lecture seule (establishments.csv, écrit par l'import). Les cases « UAI » des tableaux ci-dessous proposent aussi ces établissements quand vous tapez un nom ou une commune."),
    el("p", {}, el("label", { for: "establishment-filter" }, "Filtrer (nom, commune, UAI ou type) : "), filter), count,
    el("div", { class: "scroll-x" }, el("table", { class: "data", id: "establishment-table" },
      el("thead", {}, el("tr", {}, ["UAI", "Nom", "Commune", "Type", "Élèves"].map((h) => el("th", { scope: "col", class: h === "Élèves" ? "num" : null }, h)))), body))));
}

// ---------------------------------------------------------------- Données : import
// `sectoria import` from open-data files of the workspace (or uploaded into its donnees/ folder).
async function loadImportChoices(keep = {}) {
  const c = await api("/api/import");
  $("import-limit").textContent = c.upload_limit_mb;
  if (c.name_rule) $("import-name-rule").textContent = "Nom de l'instance (le dossier créé) : " + c.name_rule + ", par exemple lozere-048.";
  const box = $("import-fields");
  const table = el("table", { class: "data", id: "import-files" },
    el("thead", {}, el("tr", {}, ["Fichier", "Dans l'espace de travail", "ou déposer"].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const f of c.fields) {
    const pick = el("select", { id: "import-" + f.key, "aria-label": f.label },
      el("option", { value: "" }, f.required ? "— à choisir —" : "— aucun —"), c.files.map((n) => el("option", { value: n }, n)));
    pick.value = keep[f.key] || f.default || "";
    const upload = el("input", { type: "file", id: "upload-" + f.key, accept: ".csv,.xlsx", "aria-label": "Déposer : " + f.label });
    upload.addEventListener("change", () => uploadFile(f.key, upload));
    body.append(el("tr", {}, el("th", { scope: "row" }, f.label, " ", el("small", { class: "tech" }, "(option " + f.option + ")")),
      el("td", {}, pick), el("td", {}, filePicker(upload, "Déposer un fichier…", ""))));
  }
  table.append(body);
  // A folder laid out like the shared data folder fills every option, as --donnees does.
  const folder = el("select", { id: "import-folder" }, el("option", { value: "" }, "—"),
    c.folders.map((f) => el("option", { value: f.folder }, f.folder)));
  const folderHint = el("span", { class: "hint", id: "import-folder-hint" });
  // The folder whose files are those chosen (as --donnees would take them), or a word that the
  // files are chosen one by one.
  const sayFolder = () => {
    const chosen = importSelection();
    const f = c.folders.find((x) => Object.entries(x.files).every(([key, file]) => !file || chosen[key] === file) &&
      Object.entries(chosen).every(([key, file]) => !file || x.files[key] === file));
    folder.value = f ? f.folder : "";
    folderHint.textContent = f ? "" : c.folders.length ? " fichiers choisis un à un ci-dessous" : " aucun dossier rangé comme les données partagées dans l'espace de travail ; fichiers choisis un à un ci-dessous";
  };
  folder.addEventListener("change", () => {
    const f = c.folders.find((x) => x.folder === folder.value);
    if (f) for (const [key, file] of Object.entries(f.files)) $("import-" + key).value = file || "";
    sayFolder();
  });
  box.replaceChildren(el("p", {}, el("label", {}, "Dossier de données ", folder), " ", el("small", { class: "tech" }, "(option --donnees)"), folderHint), table);
  for (const f of c.fields) $("import-" + f.key).addEventListener("change", sayFolder);
  sayFolder();
}

function importSelection() {
  const files = {};
  for (const s2 of $("import-fields").querySelectorAll("select:not(#import-folder)")) files[s2.id.slice("import-".length)] = s2.value;
  return files;
}

async function uploadFile(key, input) {
  const file = input.files[0];
  if (!file) return;
  try {
    notice("Envoi de " + file.name + "…");
    const r = await api("/api/import/files/" + key + "/" + encodeURIComponent(file.name), { method: "PUT", body: file,
      headers: { "content-type": "application/octet-stream" } });
    const keep = importSelection();
    keep[key] = r.file;
    await loadImportChoices(keep);
    notice(r.message);
  } catch (e) { $("import-error").textContent = e.message; notice(file.name + " refusé", false); }
}

async function runImport() {
  const out = $("import-out").value.trim();
  const ratio = $("import-ratio").value.trim();
  const request = { departement: $("import-departement").value.trim(), out, files: importSelection(),
    include_private: $("import-private").checked, pupils_per_fte: ratio === "" ? null : Number(ratio.replace(",", ".")) };
  $("import-error").textContent = "";
  $("import-result").replaceChildren(el("p", {}, "Import en cours…"));
  try {
    const r = await api("/api/import", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    const k = r.counts;
    const rows = [["Lignes lues dans l'annuaire", k.rows_read], ["Lignes du département", k.rows_in_departement],
      ...k.in_scope.map((x) => ["Gardés : " + x.kind, x.count]), ["Gardés en tout (establishments.csv)", k.in_scope_total],
      ...k.out_of_scope.map((x) => ["Écartés : " + x.reason, x.count]), ["Écartés en tout", k.out_of_scope_total],
      ["Sections de lycée fusionnées", k.merged_sections], ["Doublons d'UAI fusionnés", k.duplicate_rows],
      ["Placés au centroïde de leur commune", k.location_fallbacks], ["Écartés faute de coordonnées", k.without_location],
      ["Écoles REP+ sans collège tête de réseau (écartées)", k.unattached_ecoles]];
    $("import-result").replaceChildren(el("p", { class: "ok" }, r.message + (k.rows_balance ? " — chaque ligne du département est comptée" : "")),
      el("table", { class: "data", id: "import-counts" }, el("tbody", {}, rows.map(([l, v]) => el("tr", {}, el("th", { scope: "row" }, l), el("td", { class: "num" }, String(v)))))),
      el("p", { id: "import-opened" }, el("button", { type: "button", id: "import-open", onclick: () => openInstance(r.instance) }, "Ouvrir « " + r.instance + " »")),
      el("h4", {}, "Rapport d'import (import_report.txt)"), el("pre", { id: "import-report" }, r.report));
    await loadInstances();
    notice(r.message);
    // The instance built is opened at once (after asking, when the one open has unsaved edits).
    await openInstance(r.instance, true).catch((e) => notice(e.message, false));
    if (S.instance === r.instance && $("import-open")) {
      $("import-open").textContent = "Replier l'import";
      $("import-opened").prepend("L'instance « " + r.instance + " » est ouverte (son nom est en haut de la page) : ajoutez-y vos assistants dans le tableau workers.csv, plus bas, puis réglez le scénario (page Scénario). ");
      $("import-opened").scrollIntoView({ block: "nearest" });
    }
  } catch (e) {
    $("import-result").replaceChildren();
    $("import-error").textContent = e.message;
    if (e.body && e.body.problems && e.body.problems.length) $("import-result").append(el("h4", {}, "Rapport d'import"), el("pre", { id: "import-report" }, e.body.problems.join("\n")));
    notice("Import refusé", false);
  }
}

// ---------------------------------------------------------------- Scénario
const SECTION_TITLES = { budget: "Budget", scope: "Périmètre", priorities: "Priorités", need: "Besoin", rules: "Règles",
  travel: "Trajets", stability: "Stabilité", locks: "Verrous", solver: "Réglages du calcul (avancé)" };

async function openScenario(name) {
  const view = await api(inst() + "/scenarios/" + encodeURIComponent(name));
  S.scenarioName = name;
  S.scenario = view;
  S.copyOf = null;
  $("scenario-error").replaceChildren(...(S.scenario.error ? richText(S.scenario.error.message) : []));
  $("scenario-hint").textContent = "";
  fillScenarioFiles();
  renderScenario();
  S.scenarioSaved = JSON.stringify(formValues());
  // Planifier proposes the scenario open here (the one last opened or saved).
  if (S.view && S.view.scenarios.includes(name)) $("plan-scenario").value = name;
  // The runs' settings read with the form's French names, known from now on.
  renderRuns();
}

// A new scenario file starts as a copy of the form shown (its unsaved edits included); it is
// written on « Enregistrer ». A name already taken opens that file.
async function newScenario(raw) {
  const name = raw.endsWith(".toml") ? raw : raw + ".toml";
  if (S.view.scenarios.includes(name) || name === S.scenarioName) {
    if (name !== S.scenarioName && scenarioUnsaved() && !confirm("Le scénario " + S.scenarioName + " a des modifications non enregistrées : les abandonner ?")) return;
    await openScenario(name);
    notice(name + " existe déjà : il est ouvert tel qu'enregistré");
    return;
  }
  const from = S.scenarioName, edited = scenarioUnsaved();
  const copy = S.scenario ? formValues() : null;
  let view;
  try { view = await api(inst() + "/scenarios/" + encodeURIComponent(name)); } catch (e) {
    // Said beside the name typed (the notice is out of sight when the form is scrolled).
    $("scenario-new-error").textContent = e.message;
    $("scenario-new").setAttribute("aria-invalid", "true");
    $("scenario-new").focus();
    notice("Nom de scénario refusé : " + e.message, false);
    return;
  }
  $("scenario-new-error").textContent = "";
  $("scenario-new").removeAttribute("aria-invalid");
  if (copy) view.values = copy;
  view.error = null;
  S.scenarioName = name;
  S.scenario = view;
  // Written on « Enregistrer » as a copy of that file's text (its comments kept).
  S.copyOf = copy && S.view.scenarios.includes(from) ? from : null;
  $("scenario-error").textContent = "";
  $("scenario-new").value = "";
  fillScenarioFiles();
  renderScenario();
  // Not written yet: unsaved until « Enregistrer ».
  S.scenarioSaved = "";
  const text = copy
    ? "Nouveau scénario " + name + " : copie des valeurs de " + from + (edited ? " (avec ses modifications non enregistrées)" : "") +
      ", pas encore enregistré — modifiez-le, puis « Enregistrer le scénario » le crée."
    : "Nouveau scénario " + name + " : valeurs par défaut, pas encore enregistré.";
  $("scenario-hint").textContent = text;
  notice(text);
}

// A number as the form shows it (French decimal comma); a text kept as typed.
const formNumber = (v) => v === null || v === undefined ? "" : typeof v === "number"
  ? v.toLocaleString("fr-FR", { useGrouping: false, maximumFractionDigits: 20 }) : String(v);

// A number typed with « , » or « . » (spaces between thousands allowed); NaN when it is not
// one, null when empty.
function parseNumber(text) {
  const t = String(text).replace(/[\s\u00a0\u202f]/g, "");
  if (t === "") return null;
  return /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t.replace(",", ".")) : NaN;
}
const numberRefusal = (text) => "« " + text.trim() + " » n'est pas un nombre : écrivez par exemple 12,5 ou 12.5 (chiffres, une virgule ou un point décimal)." +
  (/%/.test(text) ? " Ce champ ne prend pas de pourcentage." : "");

// A number field's value: a fraction field (S.scenario.percent: the gap, the cycle 3 share) also
// takes a percentage, « 5 % » read as 0,05.
function fieldNumber(input) {
  const percent = String(input.value).match(/^(.*\d)\s*%\s*$/);
  if (!percent || !(S.scenario.percent || []).includes(input.dataset.section + "." + input.dataset.key)) return parseNumber(input.value);
  const v = parseNumber(percent[1]);
  return Number.isNaN(v) ? v : Number((v / 100).toPrecision(12));
}

// A field refused: marked for screen readers, and shown if a folded part (the calculation's
// settings) hides it.
function flagField(input) {
  input.setAttribute("aria-invalid", "true");
  const fold = input.closest("details");
  if (fold) fold.open = true;
}

function fieldFor(section, key, value, def) {
  const id = "f-" + section + "-" + key;
  const choices = (S.scenario.choices || {})[section + "." + key];
  // A key with a few accepted values (solver.method) is chosen from a list, never typed.
  const options = (S.scenario.options || {})[section + "." + key];
  const kind = choices ? "choice" : options ? "option" : Array.isArray(def) ? (typeof def[0] === "number" ? "numbers" : "list") : typeof def === "boolean" ? "bool" : (typeof def === "number" || def === null) ? "number" : "text";
  let input;
  if (kind === "bool") input = el("input", { type: "checkbox", id, checked: value === true });
  else if (kind === "option") {
    input = el("select", { id }, options.map((o) => el("option", { value: o.code }, o.label)));
    input.value = value ?? def;
  }
  else if (kind === "number") input = el("input", { type: "text", inputmode: "decimal", id, value: formNumber(value) });
  else if (kind === "numbers") input = el("input", { type: "text", id, value: (value || []).map(formNumber).join(" ; ") });
  else if (kind === "list") input = el("input", { type: "text", id, value: (value || []).join(" ; ") });
  else if (kind === "choice") {
    // Known codes as boxes to tick, with their French names; the TOML keeps the codes.
    const chosen = new Set(value || []);
    input = el("div", { class: "choices-list", id, role: "group", "aria-label": S.scenario.labels[section + "." + key] || key },
      choices.map((c) => el("label", {}, el("input", { type: "checkbox", id: id + "-" + c.code, checked: chosen.has(c.code),
        "data-section": section, "data-key": key, "data-kind": "choice", "data-code": c.code }), " " + c.label)));
  } else input = el("input", { type: "text", id, value: value ?? "" });
  // The instance's bassins proposed as they are written in establishments.csv.
  const proposed = section + "." + key === "scope.bassins" ? bassinChoices(input) : null;
  if (kind !== "choice") {
    input.dataset.section = section;
    input.dataset.key = key;
    input.dataset.kind = kind;
    input.addEventListener(kind === "option" ? "change" : "input", () => { $(id + "-error").textContent = ""; $(id + "-warning").textContent = ""; input.removeAttribute("aria-invalid"); });
  }
  // A screen reader reads the field's refusal, warning and help with it.
  input.setAttribute("aria-describedby", id + "-error " + id + "-warning " + id + "-help");
  const labels = Object.fromEntries((choices || options || []).map((c) => [c.code, c.label]));
  const shown = (v) => typeof v === "number" ? v.toLocaleString("fr-FR", { maximumFractionDigits: 6 }) : typeof v === "boolean" ? (v ? "oui" : "non") : (labels[v] || String(v));
  const shownDefault = def === null ? "non renseigné" : Array.isArray(def) ? (def.length ? def.map(shown).join(" ; ") : "aucun") : shown(def);
  const help = S.scenario.help[section + "." + key] || "";
  const expert = (S.scenario.expert || {})[section + "." + key];
  const warnings = (S.scenario.warnings || []).filter((w) => w.key === section + "." + key);
  const label = S.scenario.labels[section + "." + key] || section + "." + key;
  return el("div", { class: "key" }, el("label", kind === "choice" ? {} : { for: id }, label, el("code", { class: "key-name" }, section + "." + key)),
    el("div", {}, input, ...(proposed ? [proposed] : []), el("div", { class: "field-error", id: id + "-error" }),
      el("div", { class: "field-warning", id: id + "-warning" }, ...warnings.map((w) => el("div", {}, ...richText(w.text)))),
      ...(section + "." + key === "budget.total_fte" ? budgetBeside(input) : [])),
    el("div", { class: "help", id: id + "-help" }, ...withCode(help), " ", el("em", {}, "Défaut : " + shownDefault),
      ...(expert ? [el("details", { class: "expert" }, el("summary", {}, "Pour les spécialistes"), el("p", {}, ...withCode(expert)))] : []),
      ...(section + "." + key === "budget.total_fte" ? budgetAdvice() : [])));
}

// The instance's bassins as a list of choices for the field `input` (« COMMINGES ; MURET »):
// each choice is what the field holds up to its last « ; », then a bassin not yet named.
function bassinChoices(input) {
  const bassins = (S.view && S.view.bassins) || [];
  if (!bassins.length) return null;
  const list = el("datalist", { id: input.id + "-choices" });
  const refresh = () => {
    const cut = input.value.lastIndexOf(";");
    const before = cut < 0 ? "" : input.value.slice(0, cut + 1).trimEnd() + " ";
    const named = new Set(input.value.split(/[;,]/).map((b) => b.trim().toUpperCase()));
    list.replaceChildren(...bassins.filter((b) => !named.has(b.toUpperCase()) || cut < 0).map((b) => el("option", { value: before + b })));
  };
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("placeholder", "tous les bassins (" + bassins.length + ")");
  input.addEventListener("input", refresh);
  refresh();
  return list;
}

// Beside the budget of an instance with workers.csv: the budget caps their time, and the
// solver chooses whose time stays free; posts to cut are removed from workers.csv (the advice
// of the plan's warning when the budget is below their time).
function budgetAdvice() {
  if (!S.view || S.view.workers === null || S.view.workers === undefined) return [];
  return [el("p", { class: "advice", id: "budget-advice" }, "Avec workers.csv, ce budget plafonne le temps de vos assistants : s'il est plus bas, le calcul choisit lui-même quels temps restent libres, " +
    "et un assistant peut se retrouver presque sans établissement. Pour supprimer des postes précis, retirez-les de workers.csv (page Données) " +
    "plutôt que de baisser le budget.")];
}

// Under the budget field, with workers.csv: their time (the server's sum of the quotités), which
// a budget above cannot exceed, and a click for 1 ETP less; a budget typed above it is said at
// once in the field's warning style, before any run (not refused: the plan is the same as with
// their time). Filled by renderBudgetBeside, as the field is typed and when workers.csv changes.
function budgetBeside(input) {
  input.addEventListener("input", renderBudgetBeside);
  return [el("p", { class: "hint", id: "budget-workers" }), el("div", { class: "field-warning", id: "budget-above", role: "status" })];
}

function renderBudgetBeside() {
  const line = $("budget-workers"), warning = $("budget-above"), input = $("f-budget-total_fte");
  if (!line || !warning || !input) return;
  const time = S.view ? S.view.workers_fte : null;
  if (typeof time !== "number") { line.replaceChildren(); warning.replaceChildren(); return; }
  const etp = formNumber(time);
  const less = Math.round((time - 1) * 1e6) / 1e6;
  const fill = () => { input.value = formNumber(less); input.dispatchEvent(new Event("input", { bubbles: true })); input.focus(); };
  line.replaceChildren("Vos assistants (workers.csv) font " + etp + " ETP ; un budget au-dessus ne change rien : le plan répartit au plus " + etp + " ETP.",
    ...(less > 0 ? [" ", el("button", { type: "button", class: "link", id: "budget-less-one", onclick: fill }, "1 ETP de moins que les assistants (" + formNumber(less) + ")")] : []));
  const budget = parseNumber(input.value);
  warning.textContent = budget > time + 1e-9 ? "Attention : " + formNumber(budget) + " ETP, c'est plus que le temps de vos assistants (" + etp +
    " ETP) : le plan n'en répartira que " + etp + ", il sera le même qu'avec " + etp + " ETP." : "";
}

function renderLocks(values) {
  const box = el("fieldset", { id: "locks" }, el("legend", {}, "Verrous (valent pour toutes les planifications suivantes, jusqu'à ce que vous les retiriez ici)"));
  const locks = Object.assign({ assign: [], forbid: [], exclude: [], serve: [] }, values.locks || {});
  // Removing a lock keeps what the other fields show (their edits are not saved yet).
  const remove = (kind, i) => {
    const now = formValues();
    now.locks = Object.assign({ assign: [], forbid: [], exclude: [], serve: [] }, now.locks || {});
    now.locks[kind].splice(i, 1);
    S.scenario.values = now;
    renderScenario();
  };
  const list = (items, label, kind) => el("ul", { id: "locks-" + kind }, items.length ? items.map((l, i) => el("li", {},
    label(l), " ", el("button", { type: "button", class: "remove-lock", onclick: () => remove(kind, i) }, "Retirer"))) : el("li", {}, "aucun"));
  box.append(el("p", { class: "help" }, ...withCode(S.scenario.help["locks.assign"] || "")),
    el("h4", {}, "Établissements gardés avec un assistant"),
    list(locks.assign, (l) => uaiLabel(l.uai) + " → " + l.worker + (l.fte ? " (" + fr(l.fte, 1) + " ETP)" : ""), "assign"),
    el("h4", {}, "Couples interdits"), list(locks.forbid, (l) => uaiLabel(l.uai) + " ✕ " + l.worker, "forbid"),
    el("h4", {}, "Établissements à servir (au moins la présence minimale, par n'importe quel assistant)"),
    el("ul", { id: "locks-serve" }, locks.serve.length ? locks.serve.map((uai, i) => el("li", { "data-uai": uai },
      uaiLabel(uai), " ", el("button", { type: "button", class: "remove-lock", onclick: () => remove("serve", i) }, "Retirer")))
      : el("li", {}, "aucun")),
    el("h4", {}, "Établissements exclus (aucune présence)"),
    el("ul", { id: "locks-exclude" }, locks.exclude.length ? locks.exclude.map((uai, i) => el("li", { "data-uai": uai },
      uaiLabel(uai), " ", el("button", { type: "button", class: "remove-lock", onclick: () => remove("exclude", i) }, "Retirer")))
      : el("li", {}, "aucun")),
    el("p", { class: "hint" }, "Ajoutez des verrous depuis la page Résultats (clic sur un établissement) ; un verrou retiré l'est à l'enregistrement du scénario."));
  return box;
}

function renderScenario() {
  const form = $("scenario-form");
  const values = S.scenario.values || S.scenario.defaults;
  S.scenario.values = values;
  const advancedOpen = Boolean(($("scenario-advanced") || {}).open);
  form.replaceChildren();
  for (const [section, defs] of Object.entries(S.scenario.defaults)) {
    if (section === "schema") continue;
    if (section === "locks") { form.append(renderLocks(values)); continue; }
    const title = (SECTION_TITLES[section] || section) + " [" + section + "]";
    const fs = el("fieldset", {}, ...(section === "solver" ? [] : [el("legend", {}, title)]));
    for (const [key, def] of Object.entries(defs)) fs.append(fieldFor(section, key, (values[section] || {})[key], def));
    if (section !== "solver") { form.append(fs); continue; }
    // The calculation's settings are folded (their defaults almost always do), those changed named.
    const changed = Object.keys(defs).filter((k) => JSON.stringify((values[section] || {})[k]) !== JSON.stringify(defs[k]))
      .map((k) => "« " + (S.scenario.labels[section + "." + k] || k) + " »");
    form.append(el("details", { id: "scenario-advanced", open: advancedOpen },
      el("summary", {}, title, changed.length ? " — changé : " + changed.join(", ") : ""),
      el("p", { class: "hint" }, "Les valeurs par défaut conviennent presque toujours."), fs));
  }
  renderBudgetBeside();
}

// The form's values as the scenario's tree; a number field that holds no number keeps its
// text (refused on « Enregistrer », before anything is sent).
function formValues() {
  const values = JSON.parse(JSON.stringify(S.scenario.values));
  values.schema = 1;
  const ticked = new Set();
  for (const input of $("scenario-form").querySelectorAll("input[data-key], select[data-key]")) {
    const { section, key, kind } = input.dataset;
    values[section] = values[section] || {};
    if (kind === "choice") {
      if (!ticked.has(section + "." + key)) { ticked.add(section + "." + key); values[section][key] = []; }
      if (input.checked) values[section][key].push(input.dataset.code);
      continue;
    }
    let v;
    if (kind === "bool") v = input.checked;
    else if (kind === "number") { v = fieldNumber(input); if (Number.isNaN(v)) v = input.value; }
    else if (kind === "list") v = input.value.split(/[;,]/).map((s) => s.trim()).filter((s) => s);
    else if (kind === "numbers") v = input.value.split(";").map((s) => s.trim()).filter((s) => s).map((s) => (Number.isNaN(parseNumber(s)) ? s : parseNumber(s)));
    else v = input.value;
    values[section][key] = v;
  }
  return values;
}

// The number fields that hold something else than numbers, each said on its field.
function refuseNonNumbers() {
  const refused = [];
  for (const input of $("scenario-form").querySelectorAll('input[data-kind="number"], input[data-kind="numbers"]')) {
    const parts = input.dataset.kind === "number" ? [input.value] : input.value.split(";");
    const bad = input.dataset.kind === "number" ? (Number.isNaN(fieldNumber(input)) ? input.value : undefined)
      : parts.find((p) => p.trim() !== "" && Number.isNaN(parseNumber(p)));
    if (bad === undefined) continue;
    $(input.id + "-error").textContent = numberRefusal(bad);
    flagField(input);
    refused.push(input);
  }
  return refused;
}

// Fields holding no number are refused on the page; the server checks the others at the same
// time (those fields at their defaults, nothing written), so that every refused field is said
// at once, not one more at each save.
async function refuseAllAtOnce(refused, values) {
  for (const input of refused) {
    const { section, key } = input.dataset;
    values[section][key] = (S.scenario.defaults[section] || {})[key];
  }
  try {
    await api(inst() + "/scenarios/" + encodeURIComponent(S.scenarioName), { method: "PUT", headers: { "content-type": "application/json" },
      body: JSON.stringify({ values, check_only: true }) });
  } catch (e) {
    if (e.body && e.body.problems) showFormErrors(e);
  }
  const flagged = [...$("scenario-form").querySelectorAll('[aria-invalid="true"]')];
  const general = [...$("scenario-error").children].filter((d) => !/^Valeurs? refusées? : voir/.test(d.textContent));
  $("scenario-error").replaceChildren(...general, el("div", {}, flagged.length >= 2
    ? "Valeurs refusées : voir les " + flagged.length + " champs signalés." : "Valeur refusée : voir le champ signalé."));
  if (flagged.length) flagged[0].focus();
}

async function saveScenario(values) {
  if (!requireInstance() || !S.scenario) return false;
  for (const e of document.querySelectorAll(".field-error")) e.textContent = "";
  for (const i of $("scenario-form").querySelectorAll("[aria-invalid]")) i.removeAttribute("aria-invalid");
  const refused = refuseNonNumbers();
  if (refused.length) {
    $("scenario-error").replaceChildren();
    await refuseAllAtOnce(refused, values || formValues());
    notice("Scénario refusé : rien n'a été enregistré", false);
    return false;
  }
  values = values || formValues();
  const name = S.scenarioName;
  try {
    // With the version of the file the form was read from: refused (409) when the file was
    // changed since (another tab, another person), the form then kept as it is.
    await api(inst() + "/scenarios/" + encodeURIComponent(name),
      { method: "PUT", headers: { "content-type": "application/json" },
        body: JSON.stringify({ values, version: S.scenario.version, copy_of: S.view.scenarios.includes(name) ? null : S.copyOf }) });
    $("scenario-error").textContent = "";
    await refreshInstance();
    await openScenario(name);
    // A value accepted that plans something else (a minimum presence rounded) is said under its field.
    const warned = (S.scenario.warnings || []).length;
    notice("Scénario " + name + " enregistré" + (warned ? " — à lire : " + (warned >= 2 ? warned + " avertissements" : "un avertissement") + " sous les champs concernés" : ""));
    return true;
  } catch (e) {
    if (e.body && e.body.code === "W409") {
      // Reloaded here, without reloading the page (its tables keep their edits).
      const reload = () => {
        if (!confirm("Recharger " + name + " tel qu'il est enregistré ? Les modifications du formulaire seront remplacées par la version enregistrée.")) return;
        openScenario(name).then(() => notice(name + " rechargé tel qu'il est enregistré : refaites vos modifications, puis « Enregistrer le scénario »"))
          .catch((err) => notice(err.message, false));
      };
      $("scenario-error").replaceChildren(e.message, el("p", {}, el("button", { type: "button", id: "scenario-reload", onclick: reload }, "Recharger la version enregistrée"),
        " ", el("span", { class: "hint" }, "remplace le formulaire par " + name + " tel qu'il est enregistré ; vos modifications seront perdues (notez-les d'abord)")));
      noticeWithAction(e.message, "Recharger la version enregistrée", reload, false);
      return false;
    }
    showFormErrors(e);
    notice("Scénario refusé : rien n'a été enregistré", false);
    return false;
  }
}

// A refused scenario: each problem under the field whose key the server gave it (the key at the
// problem's line of the file it read), in the server's order (a field's own problem before those
// it causes in other fields); the others above the form. The first field named takes the focus.
function showFormErrors(e) {
  const problems = (e.body && e.body.problems) || [];
  const cells = (e.body && e.body.cells) || [];
  const general = errorLines(e).filter((l) => !problems.includes(l));
  let first = null, placed = 0;
  problems.forEach((line, i) => {
    const key = cells[i] && cells[i].key;
    const dot = key ? key.indexOf(".") : -1;
    const id = dot > 0 ? "f-" + key.slice(0, dot) + "-" + key.slice(dot + 1) : null;
    const box = id && $(id + "-error");
    if (!box) { general.push(line); return; }
    // Under its own field, the key need not be named again.
    const own = "valeur refusée pour « " + key + " » : ";
    const planner = line.match(/^(E\d+ )?\[([a-z_]+)\] ([a-z_]+) : /);
    const said = line.startsWith(own) ? "Valeur refusée : " + line.slice(own.length)
      : planner && planner[2] + "." + planner[3] === key ? line.slice(planner[0].length) : line;
    box.append(el("div", {}, ...richText(said)));
    const field = $(id);
    const input = field && (field.matches("input, select") ? field : field.querySelector("input"));
    if (input) flagField(input);
    first = first || input;
    placed++;
  });
  const lines = general.map((l) => el("div", {}, ...richText(l)));
  if (placed) lines.push(el("div", {}, placed >= 2 ? "Valeurs refusées : voir les " + placed + " messages sous les champs signalés." : "Valeur refusée : voir le message sous le champ signalé."));
  $("scenario-error").replaceChildren(...lines);
  if (first) first.focus();
  else $("scenario-error").scrollIntoView({ block: "center" });
}

// ---------------------------------------------------------------- Planifier
// A run's state, said of « la planification ».
const STATES = { queued: "en attente", running: "en cours", done: "terminée", failed: "échec", cancelled: "annulée", interrupted: "interrompue" };
const KINDS = { plan: "plan", explain: "plan + explications exactes", frontier: "plan + frontière", complete: "explications complétées" };
// What a run computes, said as what it does while it waits or runs, or what it failed to do
// (« compléter les explications »), and as what it did once done (« explications complétées »,
// « explications arrêtées à 15/140 » when they were stopped before the last establishment).
function kindText(r) {
  if (r.kind === "complete" && r.state !== "done") return "compléter les explications";
  if (r.state === "done" && explains(r) && r.missing_explanations > 0) {
    return "explications arrêtées" + (r.establishments > 0 ? " à " + (r.establishments - r.missing_explanations) + "/" + r.establishments
      : " (" + r.missing_explanations + " établissements sans explication)");
  }
  return KINDS[r.kind] || "plan";
}
const explains = (r) => r.kind === "explain" || r.kind === "complete";
// Runs that can stop and keep what they computed: the explanations, or the frontier's points.
const STOP_EXPLAINING = ["Arrêter les explications", "Garder le plan avec les explications déjà calculées : les explications en cours se terminent, aucun autre ne commence"];
const STOPS = {
  explain: STOP_EXPLAINING,
  complete: STOP_EXPLAINING,
  frontier: ["Arrêter la frontière", "Garder le plan avec les points de frontière déjà trouvés : les résolutions en cours se terminent, aucune autre ne commence"],
};
// What « Annuler » does to a running run.
const cancelTitle = (r) => explains(r) ? "Tout écarter : les explications s'arrêtent après celles en cours, aucun plan n'est écrit (« Arrêter les explications » garde le plan)"
  : r.kind === "frontier" ? "Tout écarter : la frontière s'arrête après les résolutions en cours, aucun plan n'est écrit (« Arrêter la frontière » garde le plan)"
  : "Annuler : le calcul s'arrête dès que possible (au plus à la limite de temps du scénario), son résultat est écarté";

// A run's time in whole seconds, the same while it runs and once it ended: « 12 s »,
// « 1 min 05 s » (« moins d'1 s » for a plan that took less).
function duration(seconds) {
  if (seconds < 1) return "moins d'1 s";
  const t = Math.round(seconds);
  return t >= 60 ? Math.floor(t / 60) + " min " + String(t % 60).padStart(2, "0") + " s" : t + " s";
}

// A run's « Durée » cell: its time, counting while it runs; of a run the server's stop
// interrupted, the time it ran (its last sign of life), when known.
function elapsedText(r) {
  if (r.state === "running") return runningFor(r);
  if (r.state === "interrupted") return r.elapsed_s ? "interrompue après " + duration(r.elapsed_s) : "—";
  return r.elapsed_s ? duration(r.elapsed_s) : "—";
}

// The time a running run has been computing, from its start.
function runningFor(r) {
  if (!r.started_s) return "";
  return duration(Math.max(1, Math.floor(Date.now() / 1000 - r.started_s))) + "…";
}

// Every second, the running runs' time in the runs table (their message, the phase, stays).
function tickRuns() {
  if (!S.view) return;
  for (const r of S.view.runs.filter((x) => x.state === "running")) {
    const td = document.querySelector('#runs tr[data-run="' + r.run + '"] td.elapsed');
    if (td) td.textContent = runningFor(r);
  }
}


// Whether a run completes the explanations of `r` (queued, under way or done), such as the one
// queued when a replan suspended them: no second one is offered.
const completedBy = (runs, r) => runs.some((x) => x.kind === "complete" && x.from_run === r.run && ["queued", "running", "done"].includes(x.state));

// « Compléter les explications » of a done run whose explanations were stopped; disabled, with
// why beside it, once the instance's files changed since (the completing run would fail: its
// plan no longer matches the files).
function completeButton(r) {
  const stale = changedSince(r);
  const why = stale ? "Impossible de compléter ces explications : " + stale + " ; elles vaudraient pour d'autres données. " +
    "Planifiez de nouveau avec « Expliquer (calcul exact) »." : "";
  return [el("button", { type: "button", class: "complete-explanations", disabled: Boolean(stale),
    title: why || "Une nouvelle planification avec le même plan : les explications déjà calculées sont reprises, les " + r.missing_explanations + " manquantes calculées",
    onclick: () => completeNow(r.run) }, "Compléter les explications"),
  ...(stale ? [el("small", { class: "hint complete-hint" }, " " + why)] : [])];
}

function renderRuns() {
  const body = $("runs").tBodies[0];
  const runs = S.view ? S.view.runs : [];
  body.replaceChildren(...runs.map((r) => el("tr", { "data-run": r.run },
    el("td", {}, r.run), el("td", {}, r.scenario), el("td", { class: "settings" }, settingsText(r)), el("td", { class: "kind" }, kindText(r)),
    el("td", { class: "state-" + r.state }, STATES[r.state] || r.state),
    el("td", { class: "num elapsed" }, elapsedText(r)),
    el("td", { class: "run-message" }, ...richText(r.message),
      ...(changedSince(r) ? [el("br"), el("small", { class: "stale" }, changedSince(r))] : [])),
    el("td", {}, ...(r.state === "queued" || r.state === "running")
      ? [el("button", { type: "button", class: "cancel-run", title: r.state === "queued" ? "Retirer de la file" : cancelTitle(r), onclick: () => cancelRun(r) }, "Annuler"),
         ...(r.state === "running" && STOPS[r.kind]
           ? [el("button", { type: "button", class: explains(r) ? "stop-explaining" : "stop-frontier", title: STOPS[r.kind][1], onclick: () => runAction(r.run, "/stop") }, STOPS[r.kind][0])]
           : [])]
      : r.state === "done" ? [el("button", { type: "button", onclick: () => showRun(r.run) }, "Voir"),
         ...(r.missing_explanations > 0 && !completedBy(runs, r) ? completeButton(r) : [])] : []))));
  const done = runs.filter((r) => r.state === "done");
  // Résultats also lists the runs whose plan is found while their explanations or frontier go on.
  const shownable = runs.filter((r) => r.state === "done" || previewed(r));
  for (const id of ["result-run", "compare-a", "compare-b", "export-run"]) {
    const sel = $(id);
    const keep = sel.value;
    const listed = id === "result-run" ? shownable : done;
    sel.replaceChildren(...listed.map((r) => el("option", { value: r.run, title: runTitle(r) },
      runLabel(r, done) + (previewed(r) ? " — " + previewWhat(r) : ""))));
    if (listed.some((r) => r.run === keep)) sel.value = keep;
  }
  // Résultats and Exporter name the run shown in Résultats; before one is shown, the newest
  // (Exporter: the newest done while Résultats shows a plan whose run goes on).
  const newest = done.length ? done[0].run : "";
  $("result-run").value = shownable.some((r) => r.run === S.run) ? S.run : newest;
  $("export-run").value = done.some((r) => r.run === S.run) ? S.run : newest;
  if (done.length > 1 && !$("compare-b").dataset.touched) { $("compare-a").value = done[1].run; $("compare-b").value = done[0].run; }
  renderDownloads();
  renderNewer();
}

// Whether run `a` was asked after run `b` (« AAAAMMJJ-HHMMSS-N », N counted as a number).
function newerThan(a, b) {
  const key = (id) => { const m = String(id).match(/^(\d{8}-\d{6})-(\d+)$/); return m ? [m[1], Number(m[2])] : [String(id), 0]; };
  const [x, y] = [key(a), key(b)];
  return x[0] !== y[0] ? x[0] > y[0] : x[1] > y[1];
}

// A run ended after the one a page shows is said on that page, with a button to take it: no
// page keeps an older plan without a word (Résultats, Comparer's « Après », Exporter).
function renderNewer() {
  const done = (S.view ? S.view.runs : []).filter((r) => r.state === "done");
  const newest = done.reduce((a, r) => (!a || newerThan(r.run, a.run) ? r : a), null);
  const say = (id, shown, what, label, take) => {
    const box = $(id);
    if (!newest || !shown || !newerThan(newest.run, shown)) { box.replaceChildren(); return; }
    box.replaceChildren("Une planification plus récente est terminée : " + newest.run + " (" + newest.scenario + " — " + settingsText(newest) +
      ") ; " + what + " " + shown + ". ", el("button", { type: "button", class: "link", onclick: take }, label));
  };
  say("result-newer", S.run, "cette page montre la planification", "Voir " + (newest ? newest.run : ""),
    () => showRun(newest.run).catch((e) => notice(e.message, false)));
  say("export-newer", $("export-run").value, "les documents proposés ici sont ceux de la planification", "Exporter " + (newest ? newest.run : "") + " (elle s'affiche aussi dans Résultats)",
    () => showRun(newest.run, true).catch((e) => notice(e.message, false)));
  const [a, b] = [$("compare-a").value, $("compare-b").value];
  say("compare-newer", a && b && newerThan(a, b) ? a : b, "« Avant » et « Après » sont plus anciennes ; « Après » est la planification", "La prendre comme « Après »", () => {
    $("compare-b").value = newest.run;
    $("compare-b").dataset.touched = "1";
    renderNewer();
  });
}

// A run reads the saved files: unsaved edits of its scenario are saved first (after a
// confirmation), unsaved tables are said.
// What a run asked beyond the defaults, with the form's French names (« Budget (ETP) 12 ;
// 2 verrous »): runs of one scenario file edited between them are told apart.
function settingsText(r) {
  const parts = settingsParts(r).map((p) => p.text);
  return parts.length ? parts.join(" ; ") : "réglages par défaut";
}

// A run's settings beyond the defaults, its locks (and forbidden pairs, required presences,
// exclusions) first: `{ text, lock }`.
function settingsParts(r) {
  const labels = (S.scenario && S.scenario.labels) || {};
  // The server names the lists' codes in French (« REP+ ; REP », sectoria_report::manifest).
  const parts = (r.settings || []).map(([key, value]) => key.startsWith("locks.") ? { text: value, lock: true }
    : { text: (labels[key] || key) + " " + value + (key === "budget.total_fte" ? budgetUsed(value, r.workers_fte) : ""), lock: false });
  return parts.filter((p) => p.lock).concat(parts.filter((p) => !p.lock));
}

// After a budget `asked` above the time of workers.csv (`workers`, ETP, the server's sum of the
// quotités), the time the plan distributes — all it can: « (16,5 utilisés : temps des
// assistants) »; "" for a budget the workers' time covers (or without workers.csv).
function budgetUsed(asked, workers) {
  const budget = typeof asked === "number" ? asked : parseNumber(asked);
  return typeof workers === "number" && budget > workers + 1e-9 ? " (" + formNumber(workers) + " utilisés : temps des assistants)" : "";
}

// The instance files saved since a run was computed (« workers.csv modifié depuis ce calcul »),
// or "" when none (or the run did not record them).
function changedSince(r) {
  const files = (r && r.changed_since) || [];
  if (!files.length) return "";
  return files.join(", ") + (files.length > 1 ? " modifiés" : " modifié") + " depuis ce calcul";
}

// A run in the lists of Résultats, Comparer and Exporter: its name, then what tells it apart
// from the other runs listed (`done`) — its locks, forbidden pairs, required presences and
// exclusions, and the settings not shared by all —, never shortened; then its scenario file,
// the settings common to all (shortened) and the instance files changed since. The option's
// tooltip (runTitle) has every setting.
function runLabel(r, done) {
  const parts = settingsParts(r);
  const shared = (p) => done.length > 1 && !p.lock && done.every((x) => settingsParts(x).some((q) => q.text === p.text));
  const own = parts.filter((p) => !shared(p)).map((p) => p.text);
  let rest = parts.filter(shared).map((p) => p.text).join(" ; ");
  if (rest.length > 40) rest = rest.slice(0, 39) + "…";
  const stale = changedSince(r);
  // A run with no setting of its own has those common to all the runs listed; when others
  // have locks and it has none, that is what tells it apart.
  const unlocked = !parts.some((p) => p.lock) && done.some((x) => settingsParts(x).some((p) => p.lock));
  const common = parts.length ? "réglages partagés par toutes les planifications" : "réglages par défaut";
  const kind = r.kind === "plan" ? "" : kindText(r) + " — ";
  return r.run + " — " + kind + (own.length ? own.join(" ; ") : common + (unlocked ? ", sans verrou" : "")) +
    " (" + r.scenario + (rest ? " ; " + rest : "") + ")" + (stale ? " — " + stale : "");
}

// A run's whole description (the options' tooltip, the line under a list).
const runTitle = (r) => r.run + " — scénario " + r.scenario + " — " + kindText(r) + " — " + settingsText(r) + (changedSince(r) ? " — " + changedSince(r) : "");

async function planNow() {
  if (!requireInstance()) return;
  const scenario = $("plan-scenario").value || S.scenarioName;
  if (scenario === S.scenarioName && scenarioUnsaved()) {
    if (!confirm("Le scénario " + scenario + " a des modifications non enregistrées : les enregistrer, puis planifier ?")) {
      notice("Planification non lancée : le scénario " + scenario + " a des modifications non enregistrées", false);
      return;
    }
    show("scenario");
    if (!(await saveScenario())) return;
    show("planifier");
  }
  const tables = unsavedTables();
  if (tables.length && !confirm(tables.join(", ") + " : modifications non enregistrées ; la planification lit les fichiers enregistrés. Planifier quand même ?")) {
    notice("Planification non lancée : enregistrez d'abord " + tables.join(", "), false);
    return;
  }
  await submitRun({ scenario, kind: $("plan-explain").checked ? "explain" : "plan" });
}

async function frontierNow() {
  if (!requireInstance()) return;
  if (!S.run) { notice("Choisissez d'abord une planification terminée", false); return; }
  // The queue first: the run may end (and show its results) before the answer is read.
  show("planifier");
  await submitRun({ from_run: S.run, kind: "frontier" });
}

async function completeNow(run) {
  await submitRun({ from_run: run, kind: "complete" });
}

async function submitRun(request) {
  try {
    S.clicked = performance.now();
    const r = await api(inst() + "/runs", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify(request) });
    S.waitingFor = r.run;
    S.asked = (S.asked || new Set()).add(r.run);
    S.parts = { answered: performance.now() - S.clicked };
    notice("Planification " + r.run + " demandée…");
    upsertRun(r);
    // The events may have said more meanwhile.
    const now = S.view.runs.find((x) => x.run === r.run);
    if (now && S.waitingFor === r.run && now.state !== "queued" && now.state !== "running") await runEnded(now);
  } catch (e) { notice(withLabels(e.message), false); }
}

// A run's new status, from an event or an answer: the list is updated without asking the server.
// A run's states in the order they come: a later one is never replaced by an earlier one.
const RUN_ORDER = ["queued", "running", "done", "failed", "cancelled", "interrupted"];

function upsertRun(status) {
  if (!S.view) return;
  const runs = S.view.runs;
  const i = runs.findIndex((x) => x.run === status.run);
  if (i >= 0) {
    // Events may come out of order with answers: a later state is never replaced by an earlier one.
    const old = runs[i];
    if (RUN_ORDER.indexOf(status.state) < RUN_ORDER.indexOf(old.state)) return;
    runs[i] = status;
  } else {
    runs.unshift(status);
    runs.sort((a, b) => (newerThan(a.run, b.run) ? -1 : 1));
  }
  renderRuns();
}

// The shown run's plan becomes today's sectors (current.csv), after a confirmation; the
// workers table keeps its unsaved edits, the sectors table shows the new file.
async function adoptRun() {
  if (!requireInstance()) return;
  const run = S.run;
  if (!run) { notice("Choisissez d'abord une planification terminée", false); return; }
  if (S.previewing === run) { notice("La planification " + run + " n'est pas terminée : adoptez son plan quand elle se termine (ou arrêtez ses explications, page Planifier)", false); return; }
  // A plan of generated posts cannot be adopted (the hint beside the button says why): no
  // question first, the server's refusal is said beside the button.
  if (!generatedPosts(S.plans[run]) && !confirm("Faire de la planification " + run + " les secteurs actuels de l'instance (current.csv) ? " +
    "Les prochains plans s'y compareront ; un current.csv existant est gardé sous un nom daté.")) return;
  const said = (text, ok) => {
    notice(text, ok);
    $("adopt-result").textContent = text;
    $("adopt-result").className = ok ? "ok" : "bad";
  };
  try {
    const r = await api(runUrl(run, "/adopt"), { method: "POST" });
    keepEdits();
    const workers = S.view.workers;
    await refreshInstance();
    S.view.workers = workers;
    renderTables();
    const current = $("table-current");
    if (S.savedTables && current) S.savedTables.current = tableCsv(current);
    if (S.tableVersions) S.tableVersions.current = (S.view.versions || {})["current.csv"] || "";
    said(r.message, true);
  } catch (e) { said(capital(e.message), false); }
}

const capital = (text) => String(text).charAt(0).toUpperCase() + String(text).slice(1);

// Whether a plan distributes posts generated from the budget (made without workers.csv): no
// one's sectors, it cannot become current.csv.
const generatedPosts = (plan) => Boolean(plan && plan.workers.some((w) => w.generated));

// Beside « Adopter ce plan… »: why the plan shown cannot be adopted, when it cannot; the
// answer of the last adoption is cleared.
function renderAdopt(plan) {
  $("adopt-result").replaceChildren();
  $("adopt-hint").textContent = S.previewing
    ? "Ce plan pourra devenir les secteurs actuels quand sa planification sera terminée (ou ses explications arrêtées, page Planifier)."
    : generatedPosts(plan)
    ? "Ce plan ne peut pas devenir les secteurs actuels : il répartit des postes générés à partir du budget (il a été fait sans workers.csv), " +
      "alors que les secteurs actuels désignent des assistants de workers.csv. Planifiez avec workers.csv, puis adoptez ce plan-là."
    : "";
}

// Whether a running run already has its plan: an explained or frontier run past its own
// solve, or a run completing the explanations of a plan it took over.
const hasPlan = (r) => r.state === "running" && Boolean(STOPS[r.kind]) && Boolean(r.has_plan);

// « Annuler »: a running run that already has its plan is cancelled only once the user agreed
// to lose what it computed; the confirmation says what « Arrêter … » would keep instead.
async function cancelRun(r) {
  if (hasPlan(r)) {
    const frontier = r.kind === "frontier";
    const lost = frontier ? "le plan déjà trouvé et les points de frontière déjà calculés seront perdus"
      : r.kind === "complete" ? "les explications déjà calculées par elle seront perdues (la planification " + r.from_run + " reste telle qu'elle est)"
      : "le plan déjà trouvé et les explications déjà calculées seront perdus";
    const ask = "Annuler la planification " + r.run + " ? Tout ce qu'elle a calculé est écarté : " + lost + ", aucun plan n'est écrit.\n\n" +
      "Pour garder le plan, choisissez plutôt « " + STOPS[r.kind][0] + " » : il est écrit avec " +
      (frontier ? "les points de frontière déjà trouvés." : "les explications déjà calculées.") + "\n\nAnnuler quand même et tout perdre ?";
    if (!confirm(ask)) {
      notice("Planification " + r.run + " non annulée : elle continue ; « " + STOPS[r.kind][0] + " » la termine en gardant son plan.");
      return;
    }
  }
  await runAction(r.run, "/cancel");
}

// Asks the server to cancel a run (`/cancel`) or stop its explanations (`/stop`).
async function runAction(run, action) {
  try { notice((await api(runUrl(run, action), { method: "POST" })).message); } catch (e) { notice(e.message, false); }
  await refreshInstance();
}

const ended = (r) => r && r.state !== "queued" && r.state !== "running";

// A running explained or frontier run whose plan is found: Résultats shows that plan
// (preview.json) while its counterfactuals or frontier go on, and again once it ends.
const previewed = (r) => Boolean(r) && r.state === "running" && (r.kind === "explain" || r.kind === "frontier") && Boolean(r.has_plan);
const previewWhat = (r) => "plan trouvé, " + (r.kind === "frontier" ? "frontière" : "explications exactes") + " en cours";

function listen() {
  const source = new EventSource("/api/events");
  source.addEventListener("run", async (ev) => {
    const status = JSON.parse(ev.data);
    if (status.instance !== S.instance) return;
    upsertRun(status);
    if (ended(status) && S.previewing === status.run) await previewEnded(status);
    if (status.run === S.waitingFor && ended(status)) await runEnded(status);
    else if (ended(status) && S.asked && S.asked.delete(status.run)) earlierRunEnded(status);
    // The plan of the run asked is shown once found (once: the user may then look elsewhere).
    else if (status.run === S.waitingFor && previewed(status) && S.previewOffered !== status.run &&
      ["planifier", "resultats"].includes(currentPage())) {
      S.previewOffered = status.run;
      await showRun(status.run).catch((e) => notice(e.message, false));
    }
  });
  // Back after a lost connection (the server restarted, the computer slept): the runs as they
  // are now, and the run waited for shown if it ended meanwhile.
  source.addEventListener("open", () => {
    if (!S.instance || !S.view) return;
    refreshInstance().then(() => {
      const r = S.waitingFor && S.view.runs.find((x) => x.run === S.waitingFor);
      if (ended(r)) return runEnded(r);
    }).catch(() => {});
  });
}

// The run whose plan Résultats shows while it went on has ended: its final plan (with its
// counterfactuals or frontier) replaces it there, without leaving the page the user is on; a
// run cancelled or failed meanwhile has no plan, and Résultats says so.
async function previewEnded(status) {
  S.previewing = null;
  // Kept until the final plan is read (the table and the detail still use it meanwhile).
  S.previewOf.add(status.run);
  if (S.run !== status.run || status.run === S.waitingFor) return;
  if (status.state === "done") await showRun(status.run, currentPage() !== "resultats").catch((e) => notice(e.message, false));
  else {
    clearResults();
    $("result-which").textContent = "Planification " + status.run + " : " + (STATES[status.state] || status.state) + " — le plan affiché pendant son calcul n'est pas gardé.";
  }
}

// A run asked from this page ended while another, asked after it, is still awaited: the notice
// says so (it no longer reads « demandée » for a run already done) and offers the results.
function earlierRunEnded(status) {
  const waiting = S.waitingFor ? " ; planification " + S.waitingFor + " demandée, " +
    (STATES[((S.view.runs.find((x) => x.run === S.waitingFor)) || {}).state] || "en attente") + "…" : "";
  if (status.state === "done") {
    noticeWithAction("Planification " + status.run + " terminée" + waiting, "Voir " + status.run, () => showRun(status.run).catch((e) => notice(e.message, false)));
  } else notice("Planification " + status.run + " : " + (STATES[status.state] || status.state) + " — " + withLabels(status.message) + waiting, false);
}

// The run asked from this page has ended: show it (or say why it has no plan). On another page
// than Planifier or Résultats (the user is editing), a notice offers it instead.
async function runEnded(status) {
  S.waitingFor = null;
  if (S.asked) S.asked.delete(status.run);
  if (status.state === "done" && !["planifier", "resultats"].includes(currentPage())) {
    noticeWithAction("Planification " + status.run + " terminée.", "Voir les résultats", () => showRun(status.run).catch((e) => notice(e.message, false)));
    return;
  }
  if (status.state === "done") {
    // Where the wait goes (read by benches/web.sh): answer to the click, end of the run
    // announced, plan.json read, map and table drawn.
    const parts = S.parts || {};
    parts.announced = performance.now() - S.clicked;
    parts.server_s = status.elapsed_s;
    S.parts = parts;
    await showRun(status.run);
    window.sectoriaLastReplanMs = performance.now() - S.clicked;
    parts.drawn = window.sectoriaLastReplanMs;
    window.sectoriaLastReplanParts = parts;
  } else notice("Planification " + status.run + " : " + (STATES[status.state] || status.state) + " — " + withLabels(status.message), false);
}

// ---------------------------------------------------------------- Résultats
// The instance's basemap (fond.geojson or basemap.geojson of its folder), read once.
async function basemapOf(instance) {
  if (!S.view || !S.view.basemap) return null;
  if (S.basemap && S.basemap.instance === instance) return S.basemap.geo;
  let geo = null;
  try { geo = await api(inst() + "/basemap"); } catch (e) { notice("Fond de carte " + S.view.basemap + " illisible : " + e.message, false); }
  S.basemap = { instance, geo };
  return geo;
}

// The plan of a run: its plan.json, or while it goes on the plan it found (read again each time).
// A run that ends while its preview is read gives its plan.json instead.
async function planOf(run) {
  if (previewed(runStatus(run))) {
    let preview = null;
    try { preview = await api(runUrl(run, "/files/preview.json")); } catch (e) { preview = null; }
    if (preview && previewed(runStatus(run))) {
      S.previewOf.add(run);
      return (S.plans[run] = preview);
    }
    S.previewOf.add(run);
  }
  if (!S.plans[run] || S.previewOf.has(run)) {
    S.plans[run] = await api(runUrl(run, "/files/plan.json"));
    S.previewOf.delete(run);
  }
  return S.plans[run];
}

// The Résultats page shows the run chosen in its list (the latest when none was opened), or
// `wanted` (the address's run) when the list has it — a run the list does not have (removed,
// of another instance) leaves the list's choice, and a notice says so — and nothing of another
// instance.
function openResults(focus = false, wanted = null) {
  const listed = [...$("result-run").options].map((o) => o.value);
  const unknown = wanted && !listed.includes(wanted) ? wanted : null;
  const latest = ((S.view ? S.view.runs : []).find((r) => r.state === "done") || {}).run;
  const run = wanted ? (unknown ? latest || $("result-run").value : wanted) : $("result-run").value;
  const said = () => { if (unknown) notice(unknownRun(unknown, run), false); };
  if (run && run !== S.run) showRun(run).then(said).catch((e) => notice(e.message, false));
  else {
    if (!run) clearResults();
    said();
  }
  show("resultats", focus);
}

const unknownRun = (wanted, shown) => "La planification " + wanted + " de l'adresse n'est pas dans l'instance « " + S.instance + " » : " +
  (shown ? "la plus récente, " + shown + ", est affichée." : "aucune planification terminée à afficher.");

function clearResults() {
  S.run = null;
  S.selected = null;
  for (const id of ["figures", "trade", "warnings", "frontier", "table", "map", "check-result", "table-count", "staff", "result-which", "result-newer", "adopt-result", "adopt-hint", "since-previous"]) $(id).replaceChildren();
  $("since-previous").hidden = true;
  $("detail").hidden = true;
}

// `stay`: shown in Résultats without going there (chosen in Exporter, which follows it).
async function showRun(run, stay = false) {
  // Another run: the table's search starts again (the establishments are another plan's).
  if (S.run !== run) $("table-filter").value = "";
  S.run = run;
  // Two calls can overlap (a run's preview, then its end): only the latest draws.
  const seq = (S.showSeq = (S.showSeq || 0) + 1);
  const plan = await planOf(run);
  if (seq !== S.showSeq) return;
  const status = runStatus(run);
  S.previewing = previewed(status) && S.previewOf.has(run) ? run : null;
  if (S.parts) S.parts.fetched = performance.now() - S.clicked;
  // Résultats and Exporter name the run shown (Exporter only once it is done), and say
  // whether a newer one has ended.
  $("result-run").value = run;
  if (!S.previewing) $("export-run").value = run;
  renderDownloads();
  renderNewer();
  $("result-which").replaceChildren(status ? runTitle(status) : run, ...(S.previewing ? [el("br"), el("strong", { class: "preview" },
    "Planification en cours : " + previewWhat(status) + ". Les chiffres, la carte et le tableau sont ceux de son plan, qui ne changera plus ; " +
    (status.kind === "frontier" ? "la frontière s'ajoute" : "le coût de chaque décision contraire s'ajoute") +
    " quand elle se termine, et cette page se met alors à jour seule. Les documents du comité (Exporter) et l'adoption attendent cette fin.")] : []));
  const basemap = await basemapOf(S.instance);
  if (!stay) show("resultats");
  renderFigures(plan);
  S.map = S.map || makeMap($("map"), (uai) => selectEstablishment(uai, "map"));
  drawPlan(S.map, plan, (e) => siteStyle(plan, e), { basemap });
  renderMapKey(plan);
  // The map first; the table (and the selected establishment) in the next task.
  $("detail").hidden = true;
  setTimeout(() => {
    if (S.run !== run) return;
    renderTable(plan);
    if (S.selected && plan.establishments.some((e) => e.uai === S.selected)) selectEstablishment(S.selected);
  }, 0);
  const stale = changedSince((S.view ? S.view.runs : []).find((r) => r.run === run));
  notice("Planification " + run + " : " + plan.kpis.establishments_served + " établissements servis sur " + plan.kpis.establishments +
    (S.previewing ? " ; " + previewWhat(status) + " : la page se met à jour quand elle se termine" : "") +
    (stale ? " ; " + stale + " : une nouvelle planification lirait les fichiers d'aujourd'hui" : ""), !stale);
  $("check-result").textContent = "";
  renderTrade(run).catch((e) => { $("trade").textContent = e.message; });
  renderSincePrevious(run);
  api(runUrl(run, "/check")).then((c) => {
    $("check-result").replaceChildren(...(c.valid ? ["✓ plan vérifié par un contrôle indépendant ", el("small", { class: "tech" }, "(sectoria check)")]
      : ["✗ " + c.problems.join(" ; ")]), ...(c.note ? [" ", el("small", {}, "(" + c.note + ")")] : []));
  }).catch((e) => { $("check-result").textContent = e.message; });
}

// The latest done run of the instance asked before `run` (whichever its scenario), or null.
function previousRun(run) {
  const done = (S.view ? S.view.runs : []).filter((r) => r.state === "done" && newerThan(run, r.run));
  return done.reduce((a, r) => (!a || newerThan(r.run, a.run) ? r : a), null);
}

// Names, the first `n` of them, then how many more (« A, B, C et 4 autres »).
function someNames(list, n = 6) {
  const more = list.length - n;
  return list.slice(0, n).join(", ") + (more > 0 ? " et " + more + (more >= 2 ? " autres" : " autre") : "");
}

// Above Résultats: what changed against the run before the one shown (Comparer's comparison,
// in a few lines), with a button to open that comparison; nothing for the first run, or for a
// plan whose run goes on.
async function renderSincePrevious(run) {
  const box = $("since-previous");
  box.hidden = true;
  box.replaceChildren();
  const previous = previousRun(run);
  if (!previous || S.previewing === run) return;
  let c;
  try { c = await api(inst() + "/compare?a=" + encodeURIComponent(previous.run) + "&b=" + encodeURIComponent(run)); } catch (e) { return; }
  if (S.run !== run) return;
  const changes = c.changes || [];
  const gains = changes.filter((x) => x.units_before === 0 && x.units_after > 0).map((x) => x.name);
  const losses = changes.filter((x) => x.units_before > 0 && x.units_after === 0).map((x) => x.name);
  const timed = changes.filter((x) => !x.worker_alone && x.units_before > 0 && x.units_after > 0).length;
  const alone = changes.filter((x) => x.worker_alone).length;
  const [before, after] = c.establishments_served || [0, 0];
  const diff = after - before;
  const plural = (n, one, many) => n + " " + (n >= 2 ? many : one);
  const lines = [
    "Établissements servis : " + before + " → " + after + " (" + (diff > 0 ? "+" + diff : diff < 0 ? "−" + -diff : "aucun changement") + ").",
    ...(gains.length ? [plural(gains.length, "établissement gagne une présence", "établissements gagnent une présence") + " : " + someNames(gains) + "."] : []),
    ...(losses.length ? [plural(losses.length, "établissement perd sa présence", "établissements perdent leur présence") + " : " + someNames(losses) + "."] : []),
    ...(timed ? [plural(timed, "établissement change de temps", "établissements changent de temps") + " (plus ou moins de demi-journées)."] : []),
    ...(alone ? [plural(alone, "établissement change", "établissements changent") + " d'assistant seulement, à temps égal (leur cause : voir la comparaison)."] : []),
    ...(changes.length ? [] : ["Aucun établissement ne change : les deux plans sont les mêmes."]),
  ];
  const scenario = previous.scenario !== runScenario(run) ? ", scénario " + previous.scenario : "";
  box.replaceChildren(el("h3", {}, "Par rapport à la planification précédente (" + previous.run + scenario + ")"),
    el("ul", {}, lines.map((l) => el("li", {}, capital(l)))),
    el("button", { type: "button", id: "since-previous-compare", onclick: () => openComparison(previous.run, run) },
      "Voir la comparaison complète (page Comparer)"));
  box.hidden = false;
}

// Comparer opened on two runs, their comparison shown.
function openComparison(a, b) {
  $("compare-a").value = a;
  $("compare-b").value = b;
  $("compare-b").dataset.touched = "1";
  show("comparer", true);
  renderNewer();
  compareRuns();
}

const STATUS_LABELS = {
  optimal: "optimal",
  gap_reached: "écart cible atteint",
  time_limit: "limite de temps atteinte",
  decided: "arrêté une fois la décision tranchée",
};

function renderFigures(plan) {
  const k = plan.kpis, b = plan.baseline.kpis;
  // With current.csv, today's sectors measured like the plan: a third column (plan.today).
  const t = plan.today ? plan.today.kpis : null;
  const row = (label, f) => [label, f(k), f(b), ...(t ? [f(t)] : [])];
  const count = (c, total) => (c ? c.served : 0) + "/" + total + " · " + pct(c ? c.need_covered : 0);
  const rows = [
    row("Établissements servis", (x) => x.establishments_served + "/" + x.establishments),
    row("Élèves couverts", (x) => pct(x.pupils_served / Math.max(1, x.pupils))),
    row("Couverture pondérée", (x) => pct(x.weighted_coverage)),
    // Where the plan gives depth: as plainly as the breadth it may lose (the terminal's rows).
    row("Besoin couvert", (x) => pct(x.need_covered)),
    row("Besoin couvert pondéré", (x) => pct(x.need_covered_weighted)),
    row("Besoin couvert (prioritaires)", (x) => pct(x.need_covered_priority)),
    row("Présence moyenne (demi-journées)", (x) => fr(x.presence_mean, 1)),
    ...k.by_category.map((c, i) => [c, b.by_category[i], t ? t.by_category[i] : null]).filter(([c]) => c.establishments > 0)
      .flatMap(([c, r, u]) => [["  " + c.label, count(c, c.establishments), count(r, c.establishments),
        ...(t ? [count(u, c.establishments)] : [])], ...levelRows(plan, c, r, t ? [u] : [])]),
    ["ETP attribués", fr(k.fte_used, 1) + " / " + fr(k.fte_available, 1), fr(b.fte_used, 1), ...(t ? [fr(t.fte_used, 1)] : [])],
    row("km/semaine par assistant", (x) => fr(x.km_per_worker_mean, 0)),
    row("km/semaine au plus", (x) => fr(x.km_per_worker_max, 0)),
    row("km/semaine au total", (x) => fr(x.km_total, 0)),
    // Without today's sectors (no current.csv among the plan's inputs) nothing can change; today's
    // sectors are what the changes are counted against.
    ["Demi-journées changées", ...(plan.inputs && "current.csv" in plan.inputs
      ? [String(k.changed_units), String(b.changed_units)] : ["— (pas de secteurs actuels)", "—"]), ...(t ? ["—"] : [])],
    ["Objectif", fr(plan.objective.total, 1), fr(plan.baseline.objective.total, 1), ...(t ? [fr(plan.today.objective.total, 1)] : [])],
  ];
  const status = STATUS_LABELS[plan.solver.status] || plan.solver.status;
  const info = () => el("span", { class: "info", "aria-hidden": "true" }, "i");
  $("figures").replaceChildren(el("caption", {}, figuresCaption(status)),
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", { class: "num", id: "plan-heading" }, "Plan optimisé"),
      el("th", { class: "num", title: BASELINE_DEFINITION, id: "baseline-heading" }, "Règle usuelle ", info()),
      ...(t ? [el("th", { class: "num", title: TODAY_DEFINITION, id: "today-heading" }, "Secteurs actuels ", info())] : []))),
    el("tbody", {}, rows.map(([l, a, ...others]) => el("tr", {}, el("th", { scope: "row" }, l),
      el("td", { class: "num", "data-figure": l.trim() }, a), ...others.map((c) => el("td", { class: "num" }, c))))));
  renderWarnings(plan);
  renderBreadthWhy(plan);
  renderStaff(plan);
  renderFrontier(plan);
  renderAdopt(plan);
}

// The REP+ category's collèges and écoles apart, as the summary and the report show them
// (« dont collèges (obligatoires) 3/3 », « dont écoles (non obligatoires) 12/18 »): « REP+
// 15/21 » alone reads as mandatory establishments left unserved. None for another category, or
// a plan without the split. `more`: today's sectors' REP+ figures, when shown (a third column).
function levelRows(plan, c, r, more) {
  if (c.category !== "rep_plus" || !c.by_level) return [];
  const rules = (plan.scenario || {}).rules || {};
  const mandatory = (rules.must_cover || []).includes("rep_plus");
  const name = (noun, must) => "\u00a0\u00a0\u00a0\u00a0dont " + noun + (mandatory ? (must ? " (obligatoires)" : " (non obligatoires)") : "");
  const cell = (g, total) => (g ? g.served : 0) + "/" + total + " · " + pct(g ? g.need_covered : 0);
  const part = (x, code) => (x && x.by_level ? x.by_level[code] : null);
  return [["colleges", "collèges", true], ["ecoles", "écoles", Boolean(rules.must_cover_ecoles)]].map(([code, noun, must]) => {
    const g = c.by_level[code];
    return [name(noun, must), cell(g, g.establishments), cell(part(r, code), g.establishments),
      ...more.map((u) => cell(part(u, code), g.establishments))];
  });
}

// What « Secteurs actuels » means (the report's note under its comparison says the same, with
// the rules of this year's scenario they break).
const TODAY_DEFINITION = "Secteurs actuels : ceux de current.csv, mesurés avec les besoins, les poids et les règles de ce " +
  "scénario (sans les assistants partis ; un assistant sans résidence fixe est placé à celui de ses établissements actuels " +
  "qui lui donne le moins de km, un collège ou un lycée). Ils peuvent enfreindre une règle de cette année (quotité, " +
  "plafond de km, réserve…) : la note sous la phrase du compromis le dit, comme le rapport.";

// What « Règle usuelle » means (the report's comparison section says the same).
const BASELINE_DEFINITION = "Règle usuelle : la répartition qu'une CTSS-D ferait à la main — les établissements, pris par priorité " +
  "décroissante, reçoivent la présence minimale de l'assistant le plus proche qui a encore du temps (une école REP+ celui de " +
  "son collège) ; puis chaque demi-journée restante va, une à une, à l'établissement servi dont le besoin non couvert, pondéré " +
  "par la priorité, est le plus grand. Elle utilise tout le budget, sauf si tous les besoins sont couverts.";

const figuresCaption = (status) => "Chiffres clés — " + status + " (catégories : servis · besoin couvert)";

// The solver's status with its tolerance in % and in points (in the caption), what the
// optimisation trades against the rule of thumb and the continuity with today's sectors, in the
// sentences of the terminal's summary and of the report (written by the server from the plan:
// one wording everywhere).
async function renderTrade(run) {
  $("trade").replaceChildren();
  const t = await api(runUrl(run, "/trade"));
  if (S.run !== run) return;
  $("figures").querySelector("caption").textContent = figuresCaption(t.status);
  // « Plan retenu (règle usuelle) » when a time limit left the rule of thumb's plan.
  if ($("plan-heading")) $("plan-heading").textContent = t.plan_label;
  // Against today's sectors, the continuity with them, and the rules of this year's scenario they
  // break (each null without current.csv), as in the report and the terminal.
  $("trade").replaceChildren(el("p", {}, t.trade), ...(t.today ? [el("p", { id: "trade-today" }, t.today)] : []),
    ...(t.continuity ? [el("p", { id: "continuity" }, withNames(t.continuity, S.plans[run]))] : []),
    ...(t.baseline ? [el("p", { class: "hint" }, t.baseline)] : []),
    ...(t.today_note ? [el("p", { class: "hint", id: "today-note" }, withNames(t.today_note, S.plans[run]))] : []));
}

// The workers of workers.csv the plan gives no establishment, when the plan's warnings do not
// already name them (« ASS26 (Yasmine E.) »).
function idleWorkers(plan) {
  // Whole ids only: a warning naming ASS26 does not name ASS2.
  const said = new Set((plan.warnings || []).join(" ").split(/[^\p{L}\p{N}_-]+/u));
  return plan.workers.filter((w) => !w.generated && !w.sector.some((l) => l.units > 0))
    .filter((w) => !said.has(w.id)).map((w) => w.id + (w.name ? " (" + w.name + ")" : ""));
}

// The plan's warnings, folded in two lines under their counts (the key figures come first on a
// projector's screen): what a committee must hear apart from the notes on the data and the
// budget. For the committee: the warnings the library opens with « limite de temps atteinte »
// (the plan is the rule of thumb's), « un plan meilleur que celui-ci est connu »
// (sectoria_scenarios::counterfactual::BETTER_PLAN_KNOWN) or that say a rule is broken
// (« enfreint »), a budget above the workers' time (« dépasse le temps des assistants de
// workers.csv »: a « −1 ETP » alternative that is the same plan), and, from the plan's figures,
// each priority category left without any establishment served. Everything else is a note: IPS
// inconnu, current.csv lines, a budget below the workers' time, time left idle, the reserve,
// workers without an establishment. Each « ^… » prefix is the library's constant, checked by
// crates/sectoria-web/tests/committee_warnings_s49.rs, and the budget's words are those of the
// library's warning, checked by crates/sectoria-web/tests/budget_above_workers_s50.rs: a
// rewording breaks these tests.
const COMMITTEE_WARNINGS = [/^limite de temps atteinte/, /^un plan meilleur que celui-ci est connu/, /enfrei(nt|ndrait)/, /dépasse le temps des assistants de workers/];
const forCommittee = (text) => COMMITTEE_WARNINGS.some((re) => re.test(text));

// The priority categories of which the plan serves no establishment (« Rural défavorisé : 0 sur
// 1 ; la règle usuelle en sert 1 »), as sentences.
function unservedCategories(plan) {
  const rule = new Map(plan.baseline.kpis.by_category.map((c) => [c.category, c]));
  return plan.kpis.by_category.filter((c) => c.establishments > 0 && c.served === 0).map((c) => {
    const r = rule.get(c.category);
    const n = c.establishments;
    return "Aucun établissement de la catégorie prioritaire « " + c.label + " » n'est servi (0 sur " + n + ")" +
      (r && r.served > 0 ? " ; la règle usuelle en sert " + r.served + "." : ".");
  });
}

function renderWarnings(plan) {
  const idle = idleWorkers(plan);
  const texts = plan.warnings || [];
  const committee = texts.filter(forCommittee).map((t) => richText(withNames(t, plan), false)).concat(unservedCategories(plan).map((t) => [t]));
  const notes = texts.filter((t) => !forCommittee(t)).map((t) => richText(withNames(t, plan), false)).concat(idle.length
    ? [[idle.length >= 2 ? idle.length + " assistants de workers.csv n'ont aucun établissement dans ce plan : " : "Un assistant de workers.csv n'a aucun établissement dans ce plan : ",
      idle.join(", "), " (voir « Assistants » sous le tableau)."]] : []);
  // What the committee must hear open (a broken rule is never hidden), the notes folded.
  const fold = (id, title, list, open) => (list.length ? [el("details", { id, class: "warnings-box " + id, open },
    el("summary", {}, title + " (" + list.length + ")"), el("ul", {}, list.map((parts) => el("li", {}, ...parts))))] : []);
  $("warnings").replaceChildren(...fold("warnings-committee", "À dire au comité", committee, true),
    ...fold("warnings-notes", "Notes sur les données et le budget", notes, false));
}

// Why the optimised plan serves fewer establishments than the rule of thumb, when it does: the
// rules of the scenario the rule of thumb breaks to serve them (its column is then no plan the
// scenario allows), and a choice of the scenario's weights — the value of each successive
// tranche of an establishment's need, read from the plan's scenario, and the trips' cost —,
// which the breadth–depth frontier shows; with a way to it (the frontier drawn, or the button
// that computes it). « Pas une limite du calcul » only of a plan proven optimal: one stopped at
// its time limit or its gap is so within its tolerance.
function renderBreadthWhy(plan) {
  const box = $("breadth-why");
  const served = plan.kpis.establishments_served, rule = plan.baseline.kpis.establishments_served;
  box.hidden = served >= rule;
  if (box.hidden) { box.replaceChildren(); return; }
  const segments = (((plan.scenario || {}).need || {}).value_segments || []).map((v) => fr(v, 1));
  const tranches = segments.length === 3 ? "chaque tiers du besoin d'un établissement y vaut moins que le précédent"
    : "chaque tranche du besoin d'un établissement y vaut moins que la précédente";
  // The setting by its name on the Scénario page, never its key.
  const setting = ((S.scenario && S.scenario.labels) || {})["need.value_segments"];
  const values = segments.length ? " (" + segments.join(" ; ") + (setting ? ", réglage « " + setting + " »" : "") + ")" : "";
  const broken = plan.baseline.broken_rules || [];
  const breaks = broken.length ? "la règle usuelle en sert plus en enfreignant des règles du scénario, que le plan respecte (" +
    broken.join(" ; ") + ") ; pour le reste, " : plan.baseline.feasible === false
    ? "la règle usuelle en sert plus en enfreignant des règles du scénario, que le plan respecte ; pour le reste, " : "";
  const proven = plan.solver.status === "optimal";
  const choice = proven ? "c'est un choix que font les poids du scénario, pas une limite du calcul."
    : "c'est un choix que font les poids du scénario ; le calcul s'est arrêté à sa tolérance (« " +
      (STATUS_LABELS[plan.solver.status] || plan.solver.status) + " », écart prouvé dans le titre du tableau) : un plan un peu " +
      "meilleur, à cet écart près, peut exister.";
  const drawn = Boolean(plan.frontier && (plan.frontier.points || []).length);
  const go = el("button", { type: "button", class: "link", id: "breadth-frontier", onclick: () => {
    const target = drawn ? $("frontier") : $("frontier-run");
    target.scrollIntoView({ block: "center" });
    if (!drawn) target.focus({ preventScroll: true });
  } }, drawn ? "voir la frontière largeur–profondeur" : "calculer la frontière largeur–profondeur");
  box.replaceChildren(el("strong", {}, "Pourquoi moins d'établissements servis que la règle usuelle (" + served + " contre " + rule + ") : "),
    ...richText(breaks + choice + " L'objectif compte les élèves atteints, pondérés par la " +
      "priorité, et " + tranches + values + " ; trajets comptés, une " +
      "demi-journée de plus dans un établissement déjà servi rapporte souvent plus qu'une première présence dans un établissement éloigné " +
      "ou de peu d'élèves. Le plan préfère donc des présences moins nombreuses et plus longues ; la règle usuelle donne d'abord la présence " +
      "minimale au plus grand nombre. Ce que coûte chaque établissement servi en plus : ", false), go, ".");
}

// One line per worker (or post): time given out of its capacity, establishments, km, residence;
// a worker without an establishment is marked — who is left idle shows at a glance.
function renderStaff(plan) {
  // Each establishment of a sector by its name (told apart from its homonyms), its UAI as the
  // tooltip (and searched by the browser's find); a residence at an establishment by its name too.
  const names = establishmentNames(plan);
  const sector = (lines) => lines.flatMap((l, i) => [...(i ? [", "] : []),
    el("span", { title: l.uai, "data-uai": l.uai }, (names.get(l.uai) || { label: l.uai }).label), " (" + l.units + ")"]);
  const rows = plan.workers.map((w) => {
    const lines = w.sector.filter((l) => l.units > 0);
    const idle = lines.length === 0;
    const base = !w.base ? "—" : (w.base.uai ? withNames(w.base.uai, plan) : fr(w.base.location.lat, 4) + " ; " + fr(w.base.location.lon, 4)) +
      (w.base.chosen_by_model ? " (placée par le modèle)" : "");
    return el("tr", { "data-worker": w.id, class: idle ? "idle" : null },
      el("td", {}, sectorSwatch(plan, w.id), " " + w.id), el("td", {}, w.name || ""), el("td", { class: "num" }, fr(w.fte, 2)),
      el("td", { class: "num" }, w.units_used + " / " + w.capacity_units),
      el("td", { class: "num" }, String(lines.length)),
      el("td", { class: "sector" }, ...(idle ? [el("strong", {}, "aucun établissement")] : sector(lines))),
      el("td", { class: "num" }, fr(Math.max(0, w.weekly_km), 0)), el("td", {}, base));
  });
  const idle = plan.workers.filter((w) => !w.sector.some((l) => l.units > 0)).length;
  $("staff").replaceChildren(el("summary", {}, "Assistants (" + plan.workers.length + ")" + (idle ? " — " + idle + " sans établissement" : "")),
    el("table", { class: "data", id: "staff-table" },
      el("thead", {}, el("tr", {}, ["Identifiant", "Nom", "Quotité (ETP)", "Demi-journées données / possibles", "Établissements",
        "Secteur (établissements et demi-journées ; l'UAI en info-bulle)", "km/semaine", "Résidence"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows)));
  $("staff").open = idle > 0;
}

// The breadth–depth frontier of a plan made by `sectoria frontier` (or the button below it).
function renderFrontier(plan) {
  const fbox = $("frontier");
  fbox.replaceChildren();
  const f = plan.frontier;
  if (!f || !Array.isArray(f.points) || !f.points.length) return;
  const img = el("img", { id: "frontier-svg", src: runUrl(S.run, "/files/frontier.svg"), alt: "Frontière largeur–profondeur" });
  img.addEventListener("error", () => img.remove());
  img.addEventListener("load", () => { img.dataset.loaded = "1"; });
  // As frontier.csv and the report: the plan's proven tolerance (bound − objective) and, for
  // each point, whether its objective is below the plan's by no more than that.
  const plan0 = f.points.find((p) => p.is_plan);
  const tolerance = plan0 ? Math.max(0, plan0.bound_with_bonus - plan0.objective) : null;
  const within = (p) => tolerance === null ? null : plan0.objective - p.objective <= tolerance + 1e-9;
  const yesNo = (b) => b === null ? "—" : b ? "oui" : "non";
  let previous = null;
  const rows = f.points.map((p) => {
    const slope = previous ? fr((previous.objective - p.objective) / Math.max(1, p.establishments_served - previous.establishments_served), 1) : "—";
    previous = p;
    return el("tr", { class: p.is_plan ? "selected" : within(p) ? "within" : null, "data-served": String(p.establishments_served) },
      el("td", { class: "num" }, String(p.establishments_served)), el("td", { class: "num" }, fr(p.objective, 1)),
      el("td", { class: "num" }, slope), el("td", { class: "within-tolerance" }, yesNo(within(p))),
      el("td", { class: "num" }, pct(p.need_covered)), el("td", { class: "num" }, pct(p.weighted_need_covered)),
      el("td", { class: "num" }, fr(p.km_total, 0)), el("td", {}, p.checked ? "oui" : "non"), el("td", {}, p.is_plan ? "← plan retenu" : ""));
  });
  // The points that serve more than the plan and are within its tolerance, said in a sentence:
  // the solver has not proven the plan better than them.
  const wider = plan0 ? f.points.filter((p) => !p.is_plan && within(p) && p.establishments_served > plan0.establishments_served) : [];
  const widest = wider.reduce((a, p) => (!a || p.establishments_served > a.establishments_served ? p : a), null);
  const km = widest ? plan0.km_total - widest.km_total : 0;
  fbox.append(el("h3", {}, "Frontière largeur–profondeur"),
    el("p", { class: "hint" }, "Plans non dominés, à la tolérance du solveur près, entre « le plus d'établissements possible à la présence minimale » et l'optimum. ",
      el("small", { class: "tech" }, "Méthode : " + f.method + ".")), img,
    ...(tolerance === null ? [] : [el("p", { class: "hint", id: "frontier-tolerance" }, "Tolérance du plan retenu : " + pts(tolerance, 1) +
      " d'objectif (borne − objectif). Un plan de la frontière dont l'objectif est en dessous de celui du plan retenu de moins que cela est « dans la tolérance » : " +
      "le solveur n'a pas prouvé que le plan retenu est meilleur. Le coût par établissement en plus est en points d'objectif, depuis la ligne précédente.")]),
    ...(widest ? [el("p", { class: "tolerance", id: "frontier-within" }, el("strong", {}, "Dans la tolérance du plan retenu : "),
      "le plan qui sert " + widest.establishments_served + " établissements (" + (widest.establishments_served - plan0.establishments_served) + " de plus que le plan retenu" +
      (km > 0 ? ", " + fr(km, 0) + " km de moins par semaine" : km < 0 ? ", " + fr(-km, 0) + " km de plus par semaine" : "") +
      ") a un objectif inférieur de " + pts(plan0.objective - widest.objective, 1) + " seulement, moins que la tolérance : le solveur n'a pas prouvé que le plan retenu est meilleur que lui.")] : []),
    // In its own scrolling box: never cut on a narrow screen.
    el("div", { class: "scroll-x" }, el("table", { class: "data", id: "frontier-table" },
      el("thead", {}, el("tr", {}, ["Établissements servis", "Objectif", "Coût par établissement en plus (points)", "Dans la tolérance du plan retenu",
        "Besoin couvert", "Besoin pondéré couvert", "km par semaine", "Vérifié", ""].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows))));
}

// The counterfactual of an exact explanation (`plan --explain`): the change, its cost and
// proven interval, and what the best plan with the change does differently. `chain`: for each of
// its differences, whether it is in the chain of the change (the server's answer, from core's
// reason::differences_in_chain); undefined until it answers, null when it could not.
function renderCounterfactual(x, said = "", chain = undefined) {
  const c = x.counterfactual;
  // The reason once: not again when the establishment's motive above already says it.
  const box = el("div", { id: "counterfactual" }, el("h4", {}, "Explication exacte (calcul du contrefactuel)"),
    ...(x.reason && !said.includes(x.reason) ? [el("p", {}, el("strong", {}, "Raison : "), ...richText(withNames(x.reason, S.plans[S.run]), false))] : []));
  if (!c.cost) {
    box.append(el("p", {}, el("strong", {}, c.description + " : "), "impossible — ", ...richText(c.impossible || "", false)));
    return box;
  }
  const inside = !c.proven;
  // A plan found with the change better than this one (within its tolerance) is said so, not
  // as a negative cost outside its own interval.
  const cost = c.cost.shown < 0
    ? "le meilleur plan trouvé avec ce changement fait " + pts(-c.cost.shown, 1) + " de mieux que ce plan, qui est dans la tolérance du solveur ; " +
      "coût du changement par rapport au meilleur plan possible : intervalle prouvé [" + fr(c.cost.low, 1) + " ; " + fr(c.cost.high, 1) + "] points. "
    : "coûte " + pts(c.cost.shown, 1) + " d'objectif ; intervalle prouvé [" + fr(c.cost.low, 1) + " ; " + fr(c.cost.high, 1) + "] points. ";
  box.append(el("p", { "data-cost": "" }, el("strong", {}, c.description + " : "), cost,
    inside ? el("strong", { class: "tolerance" }, "Dans la tolérance du solveur : un plan aussi bon pourrait faire ce changement (il coûte au plus " + pts(c.cost.high, 1) + ").")
      : el("span", {}, "Décision prouvée : aucun plan aussi bon ne fait ce changement.")));
  const diffs = c.differences || [];
  const shown = S.plans[S.run];
  const who = (w) => (w ? workerLabel(shown, w) : "personne");
  box.append(el("p", {}, "Le meilleur plan avec ce changement " + (diffs.length ? "fait autrement :" : "ne diffère pas du plan.")));
  const table = (id, list) => el("table", { class: "data", id },
    el("thead", {}, el("tr", {}, ["Établissement", "UAI", "Demi-journées", "Assistant"].map((h) => el("th", {}, h)))),
    el("tbody", {}, list.map((d) => el("tr", {}, el("td", {}, d.name), el("td", {}, d.uai),
      el("td", { class: "num" }, d.units_before + " → " + d.units_after), el("td", {}, who(d.worker_before) + " → " + who(d.worker_after))))));
  // The changes of time or presence listed; those of the worker alone, at the same time: the ones
  // in the chain of the change (they free or take the time of a worker whose time changes) listed
  // with them, the others counted apart and folded: often equally good variants, not what the
  // change forces (the words of sectoria-scenarios' counterfactual paragraph and of
  // sectoria_report::compare::same_time_note).
  const timed = diffs.filter((d) => d.units_before !== d.units_after);
  const linked = diffs.filter((d, i) => d.units_before === d.units_after && chain && chain[i]);
  const alone = diffs.filter((d, i) => d.units_before === d.units_after && !(chain && chain[i]));
  if (timed.length) {
    box.append(table("counterfactual-changes", timed.slice(0, 20)));
    const more = timed.length - 20;
    const s = more >= 2 ? "s" : "";
    if (more > 0) box.append(el("p", { class: "hint" }, "et " + more + " autre" + s + " établissement" + s + " dont le temps change"));
  }
  // Until the server says which are the chain, the changes of worker alone wait.
  const waiting = chain === undefined && diffs.length > timed.length;
  if (waiting) box.append(el("p", { class: "hint", id: "counterfactual-chain-wait" }, "Changements d'assistant sans changement de temps : lecture en cours…"));
  if (!waiting && linked.length) {
    const n = linked.length, several = n >= 2;
    box.append(el("p", { id: "counterfactual-chain-head" }, (timed.length ? "et " : "") + n + (several
      ? " changements d'assistant qui accompagnent ce changement (même présence, autre assistant : ils libèrent ou reprennent du temps d'assistants dont le temps change) :"
      : " changement d'assistant qui accompagne ce changement (même présence, autre assistant : il libère ou reprend du temps d'un assistant dont le temps change) :")),
    table("counterfactual-chain", linked));
  }
  if (!waiting && alone.length) {
    const n = alone.length, s = n >= 2 ? "s" : "", them = n >= 2 ? "les " : "l'";
    const plan = S.plans[S.run] || {};
    const penalty = ((plan.scenario || {}).stability || {}).penalty_per_unit || 0;
    const current = (plan.inputs && "current.csv" in plan.inputs) || ((plan.kpis || {}).changed_units || 0) > 0;
    const why = "souvent " + (n >= 2 ? "des variantes aussi bonnes" : "une variante aussi bonne") + ", à la tolérance du solveur près" +
      (penalty > 0 ? "." : ", que rien ne fait écarter ; " + (current
        ? "une « Pénalité de changement » (page Scénario) " + them + "évite en gardant les secteurs actuels."
        : "sans secteurs actuels (current.csv), rien ne " + them + "évite : adoptez d'abord un plan comme secteurs actuels, puis donnez une « Pénalité de changement » (page Scénario)."));
    box.append(el("details", { id: "counterfactual-same-time" },
      el("summary", {}, (timed.length || linked.length ? "et " : "") + n + " changement" + s + " d'assistant sans changement de temps (même présence, autre assistant) — les voir"),
      el("p", { class: "hint" }, "Ce sont " + why), table("counterfactual-same-time-changes", alone)));
  }
  box.append(el("p", {}, (c.moved_workers.length ? "Résidence déplacée : " + c.moved_workers.map((w) => workerLabel(shown, w)).join(", ") + " ; " : "") +
    (c.km_delta >= 0 ? "+" : "−") + fr(Math.abs(c.km_delta), 1) + " km par semaine."));
  return box;
}

// The sectors' colours of the report and the GeoJSON (sectoria_report::palette::sector_colour,
// by the worker's index in plan.workers), written here by the server when it sends this script.
const PALETTE = /* sector palette */ ["#4e79a7"];
const workerColour = (plan, id) => PALETTE[Math.max(0, plan.workers.findIndex((w) => w.id === id)) % PALETTE.length];
// A worker as the committee knows them, « Mme Girard (ASS09) » (the id alone without a name in workers.csv).
const workerLabel = (plan, id) => { const w = plan && plan.workers.find((x) => x.id === id); return w && w.name ? w.name + " (" + id + ")" : id; };

// The establishments of `plan` by UAI: { name, label }, the label told apart from its homonyms as
// the server's Comparer names them (compare_view::distinct_names): the name alone when no other
// establishment has it, « Collège Jean Moulin (Perpignan) » when another has, « Collège Jean
// Moulin (Perpignan, 0660049V) » when another of the same commune has too (case and spaces aside).
const ESTABLISHMENT_NAMES = new WeakMap();
function establishmentNames(plan) {
  if (!plan) return new Map();
  if (ESTABLISHMENT_NAMES.has(plan)) return ESTABLISHMENT_NAMES.get(plan);
  const key = (s) => String(s || "").trim().toLowerCase();
  const count = new Map();
  const add = (k) => count.set(k, (count.get(k) || 0) + 1);
  for (const e of plan.establishments) { add(key(e.name)); add(key(e.name) + "\n" + key(e.commune)); }
  const names = new Map(plan.establishments.map((e) => {
    const name = String(e.name || "").trim(), commune = String(e.commune || "").trim();
    const label = count.get(key(name)) < 2 ? name : !commune ? name + " (" + e.uai + ")"
      : count.get(key(name) + "\n" + key(commune)) < 2 ? name + " (" + commune + ")" : name + " (" + commune + ", " + e.uai + ")";
    return [e.uai, { name, label }];
  }));
  ESTABLISHMENT_NAMES.set(plan, names);
  return names;
}
const establishmentLabel = (plan, e) => (establishmentNames(plan).get(e.uai) || { label: e.name }).label;

// `text` (a reason, a warning) with each UAI of an establishment of `plan` as « name (UAI) »
// (« le collège tête de réseau Collège Marcel Pagnol (0660522J) »), unless its name is already
// beside it (« 0660012E (Collège …) », « Collège … (0660012E) »).
function withNames(text, plan) {
  const names = establishmentNames(plan);
  return String(text || "").replace(/\b\d{7}[A-Z]\b/g, (uai, at, s) => {
    const e = names.get(uai);
    if (!e) return uai;
    const around = s.slice(Math.max(0, at - e.name.length - 3), at + uai.length + e.name.length + 3);
    return around.includes(e.name) ? uai : e.name + " (" + uai + ")";
  });
}

// A worker's sector colour as a swatch (set through the style object: the page's security policy
// refuses style attributes).
function sectorSwatch(plan, id) {
  const s = el("span", { class: "swatch" });
  s.style.backgroundColor = workerColour(plan, id);
  return s;
}

// The sectors' colours, above the map, as the report's legend: « ASS01 — Mme Dupuis », its
// swatch; a worker without an establishment is said so.
function renderMapKey(plan) {
  $("map-key").replaceChildren(...plan.workers.map((w) => el("span", { class: "key-item", "data-worker": w.id },
    sectorSwatch(plan, w.id),
    " " + w.id + (w.name ? " — " + w.name : "") + (w.sector.some((l) => l.units > 0) ? "" : " (sans secteur)"))));
}

function siteStyle(plan, e) {
  const main = e.workers.slice().sort((a, b) => b.units - a.units)[0];
  // Not served: a white disc ringed in grey (filled, so the whole disc takes the pointer).
  return main ? { fill: workerColour(plan, main.worker), stroke: "#fff" } : { fill: "#fff", stroke: "#666", unserved: true };
}

function makeMap(node, onClick) {
  const m = { node, scale: 1, tx: 0, ty: 0, items: [], onClick, w: 800, h: 520 };
  node.setAttribute("viewBox", "0 0 800 520");
  let drag = null;
  node.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = node.getBoundingClientRect();
    zoomAt(m, ev.deltaY < 0 ? 1.25 : 0.8, (ev.clientX - r.left) * m.w / r.width, (ev.clientY - r.top) * m.h / r.height);
  }, { passive: false });
  node.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, moved: false }; });
  node.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const r = node.getBoundingClientRect();
    const dx = (ev.clientX - drag.x) * m.w / r.width, dy = (ev.clientY - drag.y) * m.h / r.height;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    if (drag.moved) { m.tx += dx; m.ty += dy; drag.x = ev.clientX; drag.y = ev.clientY; place(m); }
  });
  node.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  node.addEventListener("click", (ev) => {
    if (drag && drag.moved) return;
    const t = ev.target.closest("[data-uai]");
    if (t) m.onClick(t.dataset.uai);
  });
  node.addEventListener("keydown", (ev) => {
    const step = 40, moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[ev.key]) { m.tx += moves[ev.key][0]; m.ty += moves[ev.key][1]; place(m); ev.preventDefault(); }
    if (ev.key === "+" || ev.key === "=") zoomAt(m, 1.25, m.w / 2, m.h / 2);
    if (ev.key === "-") zoomAt(m, 0.8, m.w / 2, m.h / 2);
  });
  return m;
}

function zoomAt(m, f, x, y) {
  const s = Math.min(40, Math.max(0.5, m.scale * f));
  const k = s / m.scale;
  m.tx = x - (x - m.tx) * k;
  m.ty = y - (y - m.ty) * k;
  m.scale = s;
  place(m);
}

// Great-circle distance in km (as sectoria_core's haversine: mean Earth radius).
function haversineKm(a, b) {
  const rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// Equirectangular projection fitted to the points (cos of the mean latitude on longitudes).
function projection(points, w, h) {
  const lats = points.map((p) => p.lat), lons = points.map((p) => p.lon);
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2, c = Math.cos(lat0 * Math.PI / 180);
  const minX = Math.min(...lons) * c, maxX = Math.max(...lons) * c, minY = -Math.max(...lats), maxY = -Math.min(...lats);
  const k = Math.min((w - 40) / Math.max(1e-9, maxX - minX), (h - 40) / Math.max(1e-9, maxY - minY));
  const ox = (w - (maxX - minX) * k) / 2, oy = (h - (maxY - minY) * k) / 2;
  return (p) => [ox + (p.lon * c - minX) * k, oy + (-p.lat - minY) * k];
}

function drawPlan(m, plan, style, extra = {}) {
  const node = m.node;
  node.replaceChildren();
  const pts = plan.establishments.map((e) => e.location).concat(plan.workers.filter((w) => w.base).map((w) => w.base.location));
  if (!pts.length) return;
  const proj = projection(pts, m.w, m.h);
  m.items = [];
  if (node.id === "map") $("hover-info").textContent = "";
  if (extra.basemap) {
    // Under everything; scaled with the view (lines stay thin).
    const g = svg("g", { class: "basemap" });
    const path = svg("path", { d: basemapPath(extra.basemap, proj), fill: "#eef0f2", "fill-rule": "evenodd", stroke: "#b8c0c8",
      "stroke-width": "0.8", "vector-effect": "non-scaling-stroke" });
    g.append(path);
    node.append(g);
    m.items.push({ node: g, kind: "group" });
  }
  const layer = svg("g");
  node.append(layer);
  const byUai = new Map(plan.establishments.map((e) => [e.uai, e]));
  for (const w of plan.workers) {
    if (!w.base) continue;
    const b = proj(w.base.location);
    for (const line of w.sector) {
      const e = byUai.get(line.uai);
      if (!e) continue;
      const p = proj(e.location);
      const l = svg("line", { stroke: workerColour(plan, w.id), "stroke-opacity": "0.35", "stroke-width": "1.2" });
      layer.append(l);
      m.items.push({ node: l, kind: "line", a: b, b: p });
    }
  }
  const maxPupils = Math.max(1, ...plan.establishments.map((e) => e.pupils));
  // Each site's place and size, for its label (selected or hovered).
  m.sites = new Map();
  for (const e of plan.establishments) {
    const p = proj(e.location);
    const r = 3 + 7 * Math.sqrt(e.pupils / maxPupils);
    const label = establishmentLabel(plan, e);
    m.sites.set(e.uai, { p, r, name: label });
    const st = style(e);
    const g = svg("g", { class: "site", "data-uai": e.uai, tabindex: "0", role: "button", "aria-label": label });
    if (extra.rings !== false && (e.must_cover || e.priority.score > 2)) {
      const ring = svg("circle", { fill: "none", stroke: "#b3261e", "stroke-width": "1.5" });
      g.append(ring);
      m.items.push({ node: ring, kind: "circle", p, r: r + 3 });
    }
    const c = svg("circle", { fill: st.fill, stroke: st.stroke, "stroke-width": st.unserved ? "1.8" : "1", "fill-opacity": st.unserved ? "1" : "0.9",
      "pointer-events": "visiblePainted", ...(st.trend ? { "data-trend": st.trend } : {}) });
    const title = svg("title");
    title.textContent = e.name + " (" + e.commune + ") — " + (e.allocated_fte > 0 ? fr(e.allocated_fte, 1) + " ETP, " +
      e.workers.map((x) => workerLabel(plan, x.worker)).join(", ") : "non servi");
    c.append(title);
    g.append(c);
    // The name hovered is written on the map too (a tooltip is not seen by the room).
    g.addEventListener("mouseenter", () => siteLabel(m, "hover", e.uai));
    g.addEventListener("mouseleave", () => siteLabel(m, "hover", null));
    if (node.id === "map") {
      g.addEventListener("mouseenter", () => { $("hover-info").textContent = title.textContent; });
      g.addEventListener("mouseleave", () => { if ($("hover-info").textContent === title.textContent) $("hover-info").textContent = ""; });
    }
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); m.onClick(e.uai); } });
    layer.append(g);
    m.items.push({ node: c, kind: "circle", p, r, uai: e.uai });
  }
  for (const w of plan.workers) {
    if (!w.base) continue;
    // A residence at an establishment stands for it on the map: a click on the square selects
    // the establishment it covers.
    const at = w.base.uai && byUai.get(w.base.uai);
    const sq = svg("rect", { fill: workerColour(plan, w.id), stroke: "#000", "stroke-width": "1", ...(at ? { "data-uai": at.uai } : {}) });
    const t = svg("title");
    t.textContent = "Résidence de " + (w.name || w.id) + " (" + w.id + ")" + (at ? " — " + at.name + " (" + at.commune + ")" : "");
    sq.append(t);
    if (node.id === "map") {
      sq.addEventListener("mouseenter", () => { $("hover-info").textContent = t.textContent; });
      sq.addEventListener("mouseleave", () => { if ($("hover-info").textContent === t.textContent) $("hover-info").textContent = ""; });
    }
    layer.append(sq);
    m.items.push({ node: sq, kind: "square", p: proj(w.base.location), r: 4 });
  }
  // Above everything, never taking the pointer: the places, then the selected and hovered names.
  const labels = svg("g", { class: "map-labels", "pointer-events": "none" });
  node.append(labels);
  for (const town of placeNames(plan, proj)) {
    const t = svg("text", { class: "place-name", "text-anchor": "middle" });
    t.textContent = town.name;
    labels.append(t);
    m.items.push({ node: t, kind: "label", p: town.p, dx: 0, dy: 4 });
  }
  m.labels = {};
  for (const which of ["selected", "hover"]) {
    const t = svg("text", { class: "site-name " + which, "data-label": which });
    labels.append(t);
    m.labels[which] = { node: t, kind: "label", p: [0, 0], dx: 0, dy: 0, uai: null };
    m.items.push(m.labels[which]);
  }
  if (!extra.keepView) { m.scale = 1; m.tx = 0; m.ty = 0; }
  place(m);
}

// The communes with the most establishments (two at least), named at the mean position of their
// establishments: the room finds its way on a map without a basemap (an import writes none).
// A handful, largest first; a name that would overlap one already placed is left out.
const PLACE_NAMES = 8;
function placeNames(plan, proj) {
  const by = new Map();
  for (const e of plan.establishments) {
    if (!e.commune) continue;
    const [x, y] = proj(e.location);
    const c = by.get(e.commune) || { name: e.commune, n: 0, x: 0, y: 0 };
    c.n += 1; c.x += x; c.y += y;
    by.set(e.commune, c);
  }
  const boxes = [];
  const out = [];
  for (const c of [...by.values()].filter((c) => c.n >= 2).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, "fr"))) {
    const p = [c.x / c.n, c.y / c.n];
    const half = 3.6 * c.name.length + 4;
    const box = [p[0] - half, p[1] - 10, p[0] + half, p[1] + 8];
    if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    boxes.push(box);
    out.push({ name: c.name, p });
    if (out.length === PLACE_NAMES) break;
  }
  return out;
}

// Writes the name of establishment `uai` beside its site (`which`: "selected" or "hover"), or
// clears it (null); on the left of the site when the name would leave the map on the right.
function siteLabel(m, which, uai) {
  const label = m.labels && m.labels[which];
  if (!label) return;
  const site = uai && m.sites.get(uai);
  label.uai = site ? uai : null;
  label.node.textContent = site ? site.name : "";
  if (site) {
    label.p = site.p;
    label.dx = site.r + 4;
    label.dy = 4;
  }
  place(m);
}

// The basemap's polygons and lines (GeoJSON, WGS84) as one SVG path in the map's projection.
function basemapPath(geo, proj) {
  const parts = [];
  const ring = (coords, close) => {
    if (!Array.isArray(coords) || coords.length < 2) return;
    parts.push(coords.map((c, i) => { const [x, y] = proj({ lon: c[0], lat: c[1] }); return (i ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1); }).join("") + (close ? "Z" : ""));
  };
  const geometry = (g) => {
    if (!g) return;
    switch (g.type) {
      case "Polygon": g.coordinates.forEach((r) => ring(r, true)); break;
      case "MultiPolygon": g.coordinates.forEach((p) => p.forEach((r) => ring(r, true))); break;
      case "LineString": ring(g.coordinates, false); break;
      case "MultiLineString": g.coordinates.forEach((l) => ring(l, false)); break;
      case "GeometryCollection": (g.geometries || []).forEach(geometry); break;
      default: break; // points are not drawn
    }
  };
  const walk = (o) => {
    if (!o) return;
    if (o.type === "FeatureCollection") (o.features || []).forEach(walk);
    else if (o.type === "Feature") geometry(o.geometry);
    else geometry(o);
  };
  walk(geo);
  return parts.join("");
}

// Positions follow pan and zoom; sizes stay the same on screen.
function place(m) {
  const at = (p) => [p[0] * m.scale + m.tx, p[1] * m.scale + m.ty];
  for (const it of m.items) {
    if (it.kind === "group") {
      it.node.setAttribute("transform", "translate(" + m.tx + " " + m.ty + ") scale(" + m.scale + ")");
    } else if (it.kind === "line") {
      const [x1, y1] = at(it.a), [x2, y2] = at(it.b);
      it.node.setAttribute("x1", x1); it.node.setAttribute("y1", y1); it.node.setAttribute("x2", x2); it.node.setAttribute("y2", y2);
    } else if (it.kind === "circle") {
      const [x, y] = at(it.p);
      it.node.setAttribute("cx", x); it.node.setAttribute("cy", y); it.node.setAttribute("r", it.r);
    } else if (it.kind === "label") {
      const [x, y] = at(it.p);
      // A site's name goes to its left when it would leave the map on the right.
      const left = it.dx > 0 && x + it.dx + 7 * it.node.textContent.length > m.w;
      if (it.dx > 0) it.node.setAttribute("text-anchor", left ? "end" : "start");
      it.node.setAttribute("x", left ? x - it.dx : x + it.dx); it.node.setAttribute("y", y + it.dy);
    } else {
      const [x, y] = at(it.p);
      it.node.setAttribute("x", x - it.r); it.node.setAttribute("y", y - it.r);
      it.node.setAttribute("width", 2 * it.r); it.node.setAttribute("height", 2 * it.r);
    }
  }
}

// The establishment types as allocation.csv and the report name them (plan.json keeps the codes).
const KIND_LABELS = { college: "Collège", lycee: "Lycée", lycee_pro: "Lycée professionnel", erea: "EREA", ecole: "École REP+" };
const kindLabel = (kind) => KIND_LABELS[kind] || kind;

const COLUMNS = [
  ["name", "Établissement", (e) => establishmentLabel(S.plans[S.run], e)], ["uai", "UAI", (e) => e.uai], ["kind", "Type", (e) => kindLabel(e.kind)],
  ["commune", "Commune", (e) => e.commune], ["priority", "Priorité", (e) => e.priority.score, 1],
  ["need", "Besoin (ETP)", (e) => e.need_fte, 2], ["fte", "Attribué (ETP)", (e) => e.allocated_fte, 1],
  ["workers", "Assistant(s)", (e) => e.workers.map((w) => workerLabel(S.plans[S.run], w.worker)).join(", ")], ["reason", "Motif", (e) => withNames(shortReason(e.reason), S.plans[S.run])],
];

// A reason's lead sentence and its detail (« En bref : {lead}. Détail : {detail} », core's
// reason::split_lead); a reason without a lead (« besoin couvert … », a plan written before
// leads) is all detail: [null, reason].
const LEAD = "En bref : ", DETAIL = ". Détail : ";
function splitLead(reason) {
  const at = reason.startsWith(LEAD) ? reason.indexOf(DETAIL) : -1;
  return at < 0 ? [null, reason] : [reason.slice(LEAD.length, at), reason.slice(at + DETAIL.length)];
}

// The table's motive: the reason's lead sentence, or without one its binding rule without its
// figures (« servi à 53 % du besoin ; temps des assistants »): the table stays readable and
// sorts by rule; the whole reason is the cell's tooltip and the detail's text.
function shortReason(reason) {
  if (!reason) return "";
  const [lead, detail] = splitLead(reason);
  if (lead) return lead;
  const cut = detail.indexOf(" : ");
  return cut < 0 ? detail : detail.slice(0, cut) + " …";
}

function renderTable(plan) {
  const t = $("table");
  const col = COLUMNS.find((c) => c[0] === S.sort.key) || COLUMNS[4];
  const rows = plan.establishments.slice().sort((a, b) => {
    const x = col[2](a), y = col[2](b);
    return (typeof x === "number" ? x - y : String(x).localeCompare(String(y), "fr")) * S.sort.dir;
  });
  const head = el("tr", {}, COLUMNS.map(([key, label, , d]) => el("th", {
    scope: "col", tabindex: "0", class: d !== undefined ? "num" : null,
    "aria-sort": key === S.sort.key ? (S.sort.dir > 0 ? "ascending" : "descending") : "none",
    onclick: () => sortBy(key), onkeydown: (ev) => { if (ev.key === "Enter") sortBy(key); },
  }, label + (key === S.sort.key ? (S.sort.dir > 0 ? " ▲" : " ▼") : ""))));
  // The search box keeps the rows that name what was typed (UAI, name, commune, worker).
  const wanted = plainText($("table-filter").value);
  const names = new Map(plan.workers.map((w) => [w.id, w.name || ""]));
  const shown = wanted ? rows.filter((e) => plainText([e.uai, e.name, e.commune, ...e.workers.map((w) => w.worker + " " + (names.get(w.worker) || ""))].join(" ")).includes(wanted)) : rows;
  $("table-count").textContent = wanted ? shown.length + " établissement" + (shown.length >= 2 ? "s" : "") + " sur " + rows.length : "";
  // Each row takes the focus (Tab) and opens its establishment with Enter or Space.
  const open = (uai) => selectEstablishment(uai, true);
  t.replaceChildren(el("thead", {}, head), el("tbody", {}, shown.map((e) => el("tr", {
    "data-uai": e.uai, class: e.uai === S.selected ? "selected" : null, tabindex: "0", onclick: () => open(e.uai),
    onkeydown: (ev) => { if (ev.target === ev.currentTarget && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); open(e.uai); } },
  }, COLUMNS.map(([key, , f, d]) => el("td", { class: d !== undefined ? "num" : null, title: key === "reason" && e.reason ? withLabels(withNames(e.reason, plan), false) : null },
    d !== undefined ? fr(f(e), d) : f(e)))))));
}

// Text compared without case or accents (« Lycée » found by « lycee »).
const plainText = (t) => String(t || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();

function sortBy(key) {
  S.sort = { key, dir: S.sort.key === key ? -S.sort.dir : 1 };
  renderTable(S.plans[S.run]);
}

// A run's status, as last listed.
const runStatus = (run) => S.view && S.view.runs.find((r) => r.run === run);

// Whether the run's exact explanations were stopped before every establishment had its counterfactual.
function stoppedExplanations(run) {
  const status = runStatus(run);
  return Boolean(status && status.missing_explanations > 0);
}

// `reveal`: chosen by the user (a click on the map or the table, Enter on a row): the detail
// is scrolled into view and takes the focus — from the map ("map"), only the panel's title,
// right under the map, which stays on screen.
async function selectEstablishment(uai, reveal = false) {
  const plan = S.plans[S.run];
  if (!plan) return;
  const e = plan.establishments.find((x) => x.uai === uai);
  if (!e) return;
  S.selected = uai;
  for (const n of $("map").querySelectorAll(".site circle:last-of-type")) n.classList.remove("selected");
  const g = $("map").querySelector('[data-uai="' + uai + '"] circle:last-of-type');
  if (g) g.classList.add("selected");
  if (S.map) siteLabel(S.map, "selected", uai);
  for (const tr of $("table").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.uai === uai);
  const d = $("detail");
  d.hidden = false;
  // Locks name workers of workers.csv (generated posts of a budget-only plan have no id to keep).
  const workers = plan.workers.filter((w) => !w.generated);
  // Until the server answers with the planner's own distances (fillCandidates), the workers of
  // the plan, nearest first by the great circle × the scenario's detour factor; the lock
  // buttons wait for the answer.
  const detour = ((plan.scenario || {}).travel || {}).detour_factor || 1.3;
  const near = workers.map((w) => ({ id: w.id, name: w.name, source: "estimate",
    km: w.base && !w.base.chosen_by_model ? haversineKm(w.base.location, e.location) * detour : null }))
    .sort((a, b) => (a.km === null) - (b.km === null) || (a.km || 0) - (b.km || 0) || a.id.localeCompare(b.id));
  const pick = el("select", { id: "action-worker", "aria-label": "Assistant (le plus proche d'abord)", onchange: () => { pick.dataset.touched = "1"; suggestVariantName(); } },
    near.map((w) => el("option", { value: w.id, "data-km": w.km === null ? "" : w.km.toFixed(1) }, candidateLabel(w, null))));
  const main = e.workers.slice().sort((a, b) => b.units - a.units)[0];
  if (main) pick.value = main.worker;
  const lockButtons = [
    el("button", { type: "button", id: "action-lock", disabled: true, onclick: () => addLock("assign", uai, pick.value) }, "Garder avec cet assistant"),
    el("button", { type: "button", id: "action-forbid", disabled: true, onclick: () => addLock("forbid", uai, pick.value) }, "Interdire ce couple")];
  const distanceHint = el("span", { id: "distance-hint" }, "Distances en cours de lecture…");
  const networkHint = el("span", { id: "network-hint" });
  const explanation = el("pre", { id: "explanation" }, "Explication en cours de calcul…");
  // The motive's lead sentence first, its detail (figures, points) folded under it.
  const [lead, detail] = splitLead(withNames(e.reason, plan));
  const motive = !e.reason ? [] : [el("p", { id: "reason-lead" }, el("strong", {}, "Motif : "), ...richText(lead || detail, false)),
    ...(lead ? [el("details", { id: "reason-detail" }, el("summary", {}, "Détail"), el("p", {}, ...richText(detail, false)))] : [])];
  const counterfactual = e.explanation && e.explanation.counterfactual ? renderCounterfactual(e.explanation, e.reason || "") : null;
  // What a point is, once, from the server's answer.
  const points = el("details", { id: "points-meaning", hidden: true }, el("summary", {}, "Qu'est-ce qu'un point ?"));
  d.replaceChildren(
    el("h3", { tabindex: "-1" }, e.name + " (" + e.uai + ")"),
    el("p", {}, kindLabel(e.kind) + ", " + e.commune + " — " + fr(e.pupils, 0) + " élèves, priorité " + fr(e.priority.score, 1) +
      ", besoin " + fr(e.need_fte, 2) + " ETP, attribué " + fr(e.allocated_fte, 1) + " ETP" +
      (e.workers.length ? " par " + e.workers.map((w) => workerLabel(plan, w.worker) + " : " + w.units + (w.units >= 2 ? " demi-journées, " : " demi-journée, ") + fr(w.km, 1) + " km").join(" ; ") : "") + "."),
    ...motive,
    counterfactual ? counterfactual
      : el("p", { class: "hint", id: "no-counterfactual" }, S.previewing === S.run
        ? "Coût de la décision contraire : en cours de calcul ; il s'affiche quand la planification " + S.run + " se termine."
        : stoppedExplanations(S.run) && changedSince(runStatus(S.run))
        ? "Coût de la décision contraire : pas calculé, les explications exactes de cette planification ont été arrêtées avant lui, et " +
          changedSince(runStatus(S.run)) + " : elles ne peuvent plus être complétées. Planifiez de nouveau avec « Expliquer (calcul exact) » pour le calculer sur les données d'aujourd'hui."
        : stoppedExplanations(S.run)
        ? "Coût de la décision contraire : pas encore calculé, les explications exactes de cette planification ont été arrêtées avant lui ; « Compléter les explications » (page Planifier) le calcule en reprenant ceux déjà faits."
        : "Coût de la décision contraire : planifiez avec « Expliquer (calcul exact) » pour le calculer."),
    explanation,
    points,
    actionWhere(S.run),
    // Posts generated from the budget have no id to keep: only the exclusion applies to them.
    !workers.length ? el("div", { class: "actions" }, el("span", { class: "hint" }, "Pas de verrou sur un assistant : le plan répartit des postes (pas de workers.csv). Pour les planifications suivantes (jusqu'à ce que vous le retiriez) : "),
      el("button", { type: "button", id: "action-serve", onclick: () => requirePresence(uai) }, "Exiger une présence"),
      el("button", { type: "button", id: "action-absent", onclick: () => forbidPresence(uai) }, "Interdire toute présence")) :
    el("div", { class: "actions" }, el("label", {}, "Pour les planifications suivantes (jusqu'à ce que vous le retiriez) : ", pick), ...lockButtons,
      el("button", { type: "button", id: "action-serve", onclick: () => requirePresence(uai) }, "Exiger une présence"),
      el("button", { type: "button", id: "action-absent", onclick: () => forbidPresence(uai) }, "Interdire toute présence")),
    el("p", { class: "action-result", id: "action-result", role: "status" }),
    el("div", { id: "action-locks" }),
    el("p", { class: "hint", id: "action-target" }, "Ces actions écrivent des verrous dans le scénario choisi ci-dessus (sans les modifications " +
      "non enregistrées de la page Scénario) ; « Relancer maintenant » planifie ensuite avec lui. Ils y restent pour toutes ses planifications " +
      "suivantes, jusqu'à ce que vous les retiriez (« Retirer » ici ou page Scénario) ; une variante laisse " + runScenario(S.run) + " tel qu'il est. ",
      distanceHint, networkHint));
  if (workers.length) fillCandidates(S.run, e, pick, lockButtons, distanceHint, networkHint, detour);
  showEstablishmentLocks(S.run, uai);
  if (reveal) {
    const title = d.querySelector("h3");
    if (reveal === "map") title.scrollIntoView({ block: "nearest" });
    else d.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  }
  // The explanation's « Raison » line left out when the motive above already says it; the
  // counterfactual's changes of worker split once the server says which are the chain.
  const run = S.run;
  try {
    const answer = await api(runUrl(run, "/explain/" + encodeURIComponent(uai)));
    explanation.replaceChildren(...richText(answer.text.split("\n")
      .filter((line) => { const m = line.match(/^\s*Raison : (.+)$/); return !(m && e.reason && e.reason.includes(m[1].trim())); }).join("\n"), false));
    if (answer.points) { points.append(el("p", {}, answer.points)); points.hidden = false; }
    if (counterfactual && S.run === run && S.selected === uai) counterfactual.replaceWith(renderCounterfactual(e.explanation, e.reason || "", answer.in_chain || null));
  }
  catch (err) {
    explanation.textContent = err.message;
    if (counterfactual && S.run === run && S.selected === uai) counterfactual.replaceWith(renderCounterfactual(e.explanation, e.reason || "", null));
  }
}

// A worker proposed for a lock: name, id and distance — the planner's (`distances.csv`, or the
// great-circle estimate marked « ~ »), none for a worker the model places; `c`: the server's
// answer (null for the page's own estimate).
function candidateLabel(w, c) {
  const who = (w.name ? w.name + " — " : "") + w.id;
  const parts = [w.km === null || w.km === undefined ? "sans résidence : placée par le modèle"
    : w.source === "at_base" ? "résidence sur place" : w.source === "estimate" ? "~" + fr(w.km, 0) + " km, estimation" : fr(w.km, 1) + " km"];
  if (c && w.beyond_limit) parts[0] += ", au-delà des " + fr(c.max_distance_km, 0) + " km";
  if (w.units) parts.push("le sert déjà : " + w.units + " demi-journée" + (w.units >= 2 ? "s" : ""));
  if (w.serves_head) parts.push("sert le collège tête de réseau");
  return who + " (" + parts.join(" ; ") + ")";
}

// The workers of `workers.csv` as the planner sees them for establishment `e` (the server's
// `candidates`: `distances.csv` when it has the pair, the numbers of the explanation); for a
// REP+ école, the head collège's worker first, and the hint says that a lock holds for the
// whole network. The lock buttons wait for this list (or for its failure: the page's estimate stays).
async function fillCandidates(run, e, pick, buttons, distanceHint, networkHint, detour) {
  let c = null;
  try { c = await api(runUrl(run, "/candidates/" + encodeURIComponent(e.uai))); } catch (err) { c = null; }
  if (S.run !== run || S.selected !== e.uai || !pick.isConnected) return;
  const estimate = "Distances « ~ » : estimation à vol d'oiseau × " + fr(c ? c.detour_factor : detour, 1) + " (le détour du scénario)";
  if (c) {
    const chosen = pick.dataset.touched ? pick.value : null;
    pick.replaceChildren(...c.workers.map((w) => el("option", { value: w.id, "data-km": w.km === null ? "" : w.km.toFixed(1),
      "data-source": w.source || "" }, candidateLabel(w, c))));
    const main = c.workers.slice().sort((a, b) => b.units - a.units)[0];
    // The worker chosen meanwhile, else today's worker here, else the first proposed (for a REP+
    // école, its head collège's).
    if (chosen && c.workers.some((w) => w.id === chosen)) pick.value = chosen;
    else if (main && main.units > 0) pick.value = main.id;
    else if (c.workers.length) pick.value = c.workers[0].id;
    const estimated = c.workers.some((w) => w.source === "estimate");
    distanceHint.textContent = !c.distances_file ? estimate + ", sans distances.csv."
      : estimated ? "Distances de distances.csv (celles de l'explication) ; « ~ » : " + estimate.slice("Distances « ~ » : ".length) + ", faute de ligne dans distances.csv."
      : "Distances de distances.csv, celles de l'explication.";
    if (c.workers.some((w) => w.km === null)) {
      distanceHint.textContent += " « Sans résidence » : un assistant sans résidence dans workers.csv est placé par le modèle à chaque planification ; " +
        "le garder avec cet établissement ne fixe pas sa résidence près de lui (un verrou est exempté de la limite de distance).";
    }
    if (c.head) {
      const by = c.head.worker ? ", servi par " + c.head.worker + " dans ce plan : il est proposé en premier" : ", non servi dans ce plan";
      networkHint.textContent = " Une école REP+ suit l'assistant de son collège tête de réseau " + c.head.uai + " (" + c.head.name + by +
        "). Le verrou vaut pour tout le réseau : garder cette école avec un autre assistant lui confie aussi ce collège et les écoles du réseau servies.";
    }
  } else {
    distanceHint.textContent = estimate + " (la liste des assistants n'a pas pu être lue : elle suit ce plan).";
    if (e.kind === "ecole") networkHint.textContent = " Une école REP+ suit l'assistant de son collège tête de réseau : la garder avec un assistant lui confie aussi ce collège.";
  }
  pick.dataset.ready = "1";
  markPairs();
  suggestVariantName();
  for (const b of buttons) b.disabled = false;
}

// The locks of the scenario file of the run shown that concern establishment `uai`, listed in
// its panel (read from the file as it is saved now).
async function showEstablishmentLocks(run, uai) {
  const name = actionScenario(run);
  let view = null;
  try { view = await api(inst() + "/scenarios/" + encodeURIComponent(name)); } catch (e) { view = null; }
  if (S.run !== run || S.selected !== uai || !view || !view.values) return;
  renderEstablishmentLocks(uai, view.values.locks, name);
}

// Under the actions: what the next run will be asked for this establishment (kept with a
// worker, forbidden pairs, a presence required, every presence forbidden), each with
// « Retirer »; the workers of forbidden pairs and the one it is kept with are marked in the list.
function renderEstablishmentLocks(uai, raw, name) {
  const box = $("action-locks");
  if (!box || S.selected !== uai) return;
  const locks = withLocks({ locks: raw });
  const plan = S.plans[S.run];
  const who = (id) => { const w = plan && plan.workers.find((x) => x.id === id); return w && w.name ? w.name + " (" + id + ")" : id; };
  const items = [
    ...locks.assign.filter((l) => l.uai === uai).map((l) => ["Gardé avec " + who(l.worker) + (l.fte ? " (" + fr(l.fte, 1) + " ETP)" : ""),
      (k) => { k.assign = k.assign.filter((x) => !(x.uai === uai && x.worker === l.worker)); }, "Verrou retiré : " + uai + " → " + l.worker]),
    ...locks.forbid.filter((l) => l.uai === uai).map((l) => ["Couple interdit avec " + who(l.worker),
      (k) => { k.forbid = k.forbid.filter((x) => !(x.uai === uai && x.worker === l.worker)); }, "Couple de nouveau permis : " + uai + " ✕ " + l.worker]),
    ...(locks.serve.includes(uai) ? [["Présence exigée (au moins la présence minimale)", (k) => { k.serve = k.serve.filter((u) => u !== uai); }, "Présence n'est plus exigée : " + uai]] : []),
    ...(locks.exclude.includes(uai) ? [["Toute présence interdite (établissement exclu)", (k) => { k.exclude = k.exclude.filter((u) => u !== uai); }, "Établissement de nouveau permis : " + uai]] : []),
  ];
  box.dataset.pairs = JSON.stringify({ assign: locks.assign.filter((l) => l.uai === uai).map((l) => l.worker), forbid: locks.forbid.filter((l) => l.uai === uai).map((l) => l.worker) });
  box.replaceChildren(el("p", {}, el("strong", {}, "Déjà demandé pour cet établissement dans " + name + " (vaut pour les planifications suivantes, jusqu'à ce que vous le retiriez) : "), items.length ? "" : "rien."),
    ...(items.length ? [el("ul", { id: "establishment-locks" }, items.map(([text, change, said]) => el("li", {}, text, " ",
      el("button", { type: "button", class: "remove-lock", onclick: () => changeLocks(change, said) }, "Retirer"))))] : []));
  markPairs();
  suggestVariantName();
}

// The workers proposed for a lock say when their pair with the establishment shown is already
// forbidden, or kept, for the next run.
function markPairs() {
  const box = $("action-locks"), pick = $("action-worker");
  if (!box || !pick || !box.dataset.pairs) return;
  const pairs = JSON.parse(box.dataset.pairs);
  for (const o of pick.options) {
    o.textContent = o.textContent.replace(/ — (couple interdit|gardé ici) dans le scénario$/, "");
    const mark = pairs.forbid.includes(o.value) ? "couple interdit" : pairs.assign.includes(o.value) ? "gardé ici" : "";
    if (mark) o.textContent += " — " + mark + " dans le scénario";
  }
}

// The scenario file of a run (its status records it): the file the Résultats actions change.
function runScenario(run) {
  const status = S.view && S.view.runs.find((r) => r.run === run);
  return status ? status.scenario : S.scenarioName;
}

// Where the Résultats actions write: the scenario of the run shown, or a variant — a copy of
// it, created by the first action under the name she types (« verrou Collège Jean Moulin - Jordi
// Puig » proposed; none: « scenario-essai-1.toml ») and taking the next ones for that
// run — which leaves the run's scenario as it is. The choice holds for the session.
function actionWhere(run) {
  const own = runScenario(run);
  const variant = S.variants && S.variants[run];
  const pick = (value) => () => {
    S.actionInVariant = value; showEstablishmentLocks(run, S.selected);
    if ($("variant-naming")) { $("variant-naming").hidden = !value; suggestVariantName(); }
  };
  // A variant still to create is named here: what she types, names after the actions proposed.
  const naming = variant ? [] : [el("div", { id: "variant-naming", hidden: !S.actionInVariant }, el("label", {}, "Nom de la variante : ",
    el("input", { type: "text", id: "variant-name", size: 40, maxlength: 80, list: "variant-names", "aria-describedby": "variant-name-hint" })),
    el("datalist", { id: "variant-names" }),
    el("span", { class: "hint", id: "variant-name-hint" }, " facultatif ; la flèche ↓ propose des noms d'après les actions ci-dessous ; laissé vide : " + variantName(own)))];
  return el("fieldset", { class: "action-where", id: "action-where" }, el("legend", {}, "Où écrire les changements demandés ci-dessous"),
    el("label", {}, el("input", { type: "radio", name: "action-where", id: "action-in-scenario", checked: !S.actionInVariant, onchange: pick(false) }),
      " dans ce scénario (" + own + ", celui de cette planification)"),
    el("label", {}, el("input", { type: "radio", name: "action-where", id: "action-in-variant", checked: Boolean(S.actionInVariant), onchange: pick(true) }),
      " dans une variante (copie) : " + (variant ? variant + ", créée pour cet essai" : "une copie de " + own + ", créée au premier changement") +
      " ; " + own + " reste tel qu'il est"), ...naming);
}

// The names proposed for a variant still to create, after what the actions on the
// establishment shown do (« verrou Collège Jean Moulin - Jordi Puig » with the worker chosen),
// the first as the field's example.
function suggestVariantName() {
  const field = $("variant-name"), list = $("variant-names"), pick = $("action-worker");
  const plan = S.plans[S.run];
  const e = plan && plan.establishments.find((x) => x.uai === S.selected);
  if (!field || !list || !e) return;
  const w = pick && pick.value && plan.workers.find((x) => x.id === pick.value);
  const who = w ? w.name || w.id : "";
  const names = [...(who ? ["verrou " + e.name + " - " + who, "couple interdit " + e.name + " - " + who] : []),
    "présence exigée " + e.name, "sans " + e.name];
  list.replaceChildren(...names.map((n) => el("option", { value: n })));
  field.placeholder = "par exemple : " + names[0];
}

// The name of the variant of `source` an action creates: the one typed in « Nom de la
// variante », as a file name the server accepts (letters, digits, spaces, « - », « _ »), a name
// taken, whatever its case, with « 2 », « 3 »…; none typed: the automatic name.
function chosenVariantName(source) {
  const field = $("variant-name");
  const stem = (field ? field.value : "").replace(/\.toml$/i, "").replace(/[^\p{L}\p{N}_ -]+/gu, " ").replace(/\s+/g, " ").trim().slice(0, 80).trim();
  if (!stem) return variantName(source);
  const taken = (n) => S.view.scenarios.some((s) => s.toLowerCase() === n.toLowerCase());
  let name = stem + ".toml";
  for (let n = 2; taken(name); n++) name = stem + " " + n + ".toml";
  return name;
}

// The scenario file the Résultats actions of `run` change now (a variant not created yet: the
// run's scenario, which it will copy).
function actionScenario(run) {
  const variant = S.actionInVariant && S.variants && S.variants[run];
  return variant && S.view.scenarios.includes(variant) ? variant : runScenario(run);
}

// A free name for a variant of scenario `own`: « scenario-essai-1.toml », the next number
// when taken (a variant of a variant counts from its own stem: « scenario-essai-2.toml »).
function variantName(own) {
  const stem = own.replace(/\.toml$/, "").replace(/-essai-\d+$/, "");
  let n = 1;
  while (S.view.scenarios.includes(stem + "-essai-" + n + ".toml")) n++;
  return stem + "-essai-" + n + ".toml";
}

// « Relancer maintenant »: a plan (without explanations: a few seconds) of the scenario an
// action went into; Résultats shows it when it ends, the Scénario and Planifier pages offer it.
async function replanWith(name) {
  const tables = unsavedTables();
  if (tables.length && !confirm(tables.join(", ") + " : modifications non enregistrées ; la planification lit les fichiers enregistrés. Planifier quand même ?")) return;
  $("plan-scenario").value = name;
  await submitRun({ scenario: name, kind: "plan" });
}

// A lock (or a forbidden pair) for the next run: written into the scenario file of the run shown.
async function addLock(kind, uai, worker) {
  const said = (kind === "assign" ? "Verrou ajouté : " + uaiLabel(uai) + " → " : "Couple interdit : " + uaiLabel(uai) + " ✕ ") + workerLabel(S.plans[S.run], worker) + " ; " + LOCKS_STAY;
  await changeLocks((locks) => {
    // Kept with a worker: no longer excluded (a forbidden pair leaves an exclusion as it is).
    if (kind === "assign") locks.exclude = locks.exclude.filter((u) => u !== uai);
    locks.assign = locks.assign.filter((l) => l.uai !== uai);
    locks.forbid = locks.forbid.filter((l) => !(l.uai === uai && (kind === "assign" || l.worker === worker)));
    locks[kind].push({ uai, worker });
  }, said);
}

// The establishment is excluded ([locks] exclude): no worker, today's or added later, and no
// post; its own locks and forbidden pairs go, the exclusion says it all.
async function forbidPresence(uai) {
  await changeLocks((locks) => {
    locks.assign = locks.assign.filter((l) => l.uai !== uai);
    locks.forbid = locks.forbid.filter((l) => l.uai !== uai);
    locks.serve = locks.serve.filter((u) => u !== uai);
    locks.exclude = locks.exclude.filter((u) => u !== uai).concat([uai]);
  }, "Établissement exclu : aucune présence à " + uaiLabel(uai) + " dans les planifications suivantes, jusqu'à ce que vous retiriez l'exclusion");
}

// The establishment must be served ([locks] serve), at least at its minimum presence, by
// whichever worker or post the plan chooses: the one way to force a presence in a plan of posts.
async function requirePresence(uai) {
  await changeLocks((locks) => {
    locks.exclude = locks.exclude.filter((u) => u !== uai);
    locks.serve = locks.serve.filter((u) => u !== uai).concat([uai]);
  }, "Présence exigée : " + uaiLabel(uai) + " sera servi dans les planifications suivantes, jusqu'à ce que vous retiriez cette exigence, au moins à la présence minimale, par l'assistant ou le poste que le plan choisit");
}

// A Résultats action's answer beside its buttons (the banner at the top of the page is out of
// sight once the panel is scrolled to), and in the banner.
function actionSaid(text, ok, replan = null) {
  notice(text, ok);
  const box = $("action-result");
  if (!box || $("detail").hidden) return;
  box.textContent = text;
  box.className = "action-result " + (ok ? "ok" : "bad");
  if (replan) box.append(" ", el("button", { type: "button", id: "action-replan", title: "Planifier maintenant avec " + replan +
    " (sans explications : quelques secondes) ; Résultats montre le plan à sa fin", onclick: () => replanWith(replan) }, "Relancer maintenant"));
  // The answer is read where it is given: brought on screen when the detail runs below it (whole:
  // a fraction of a pixel the scroll rounds away is scrolled too).
  box.scrollIntoView({ block: "nearest" });
  const over = box.getBoundingClientRect().bottom - innerHeight;
  if (over > 0) window.scrollBy(0, Math.ceil(over));
}

const withLocks = (values) => { values.locks = Object.assign({ assign: [], forbid: [], exclude: [], serve: [] }, values.locks || {}); return values.locks; };

// A Résultats action: `change` applied to the [locks] of the scenario file of the run shown,
// as that file is saved now (read again, sent back with its version: a file changed meanwhile
// is not written over), and nothing else — the Scénario page's unsaved edits are not saved
// with it. When the Scénario page shows that file, it shows the change too, and keeps its
// unsaved edits (still to be saved or abandoned there).
async function changeLocks(change, said) {
  if (!requireInstance() || !S.run) return false;
  const run = S.run;
  const source = actionScenario(run);
  // A variant is created by the first action: a copy of the run's scenario (its comments
  // kept) with the change; the run's scenario is not written.
  const creating = Boolean(S.actionInVariant) && source === runScenario(run);
  let name = creating ? chosenVariantName(source) : source;
  try {
    const view = await api(inst() + "/scenarios/" + encodeURIComponent(source));
    if (!view.version) throw new Error("le scénario " + source + " de cette planification n'existe plus dans l'instance");
    if (!view.values) throw new Error(source + " ne se lit pas : corrigez-le d'abord dans la page Scénario (" + (view.error ? view.error.message : "") + ")");
    const values = view.values;
    change(withLocks(values));
    let r;
    for (let tries = 0; ; tries++) {
      const body = creating ? { values, version: "", copy_of: source } : { values, version: view.version };
      try {
        r = await api(inst() + "/scenarios/" + encodeURIComponent(name), { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        break;
      } catch (e) {
        // A variant's name taken meanwhile (another tab): the next free one.
        if (!creating || tries >= 3 || !(e.body && e.body.code === "W409")) throw e;
        await refreshInstance();
        name = chosenVariantName(source);
      }
    }
    if (creating) S.variants = Object.assign(S.variants || {}, { [run]: name });
    let kept = "";
    if (S.scenario && S.scenarioName === name) {
      if (scenarioUnsaved()) {
        const now = formValues();
        change(withLocks(now));
        const saved = JSON.parse(S.scenarioSaved);
        change(withLocks(saved));
        S.scenario.values = now;
        S.scenario.version = r.version;
        renderScenario();
        S.scenarioSaved = JSON.stringify(saved);
        kept = " ; les modifications non enregistrées de la page Scénario n'ont pas été enregistrées, elles y restent";
      } else await openScenario(name);
    }
    await refreshInstance();
    const where = creating ? "la variante " + name + " (copie de " + source + ", qui reste tel qu'il était)" : name;
    const elsewhere = S.scenario && S.scenarioName !== name ? " (la page Scénario montre " + S.scenarioName + ")" : "";
    actionSaid(said + " — enregistré dans " + where + elsewhere + kept + ". Relancez Planifier avec " + name + " pour en voir l'effet :", true, name);
    // The choice names the variant from now on.
    if (creating && $("action-where")) $("action-where").replaceWith(actionWhere(run));
    if (S.selected) renderEstablishmentLocks(S.selected, values.locks, name);
    return true;
  } catch (e) {
    actionSaid((creating ? "Variante non créée, " + source + " non modifié" : name + " non modifié") + " : " + withLabels(errorLines(e).join(" ; ")), false);
    return false;
  }
}

// What a lock set from Résultats does (they are not used once: the scenario keeps them).
const LOCKS_STAY = "il reste dans le scénario pour toutes les planifications suivantes, jusqu'à ce que vous le retiriez (« Retirer » ici ou page Scénario)";

// A UAI of the locks with its establishment's name (the instance's, else the shown plan's).
function uaiLabel(uai) {
  const plan = S.plans && S.plans[S.run];
  const e = plan && plan.establishments.find((x) => x.uai === uai);
  const name = ((S.view && S.view.establishment_names) || {})[uai] || (e && e.name);
  return name ? uai + " — " + name : uai;
}

// ---------------------------------------------------------------- Comparer
// The map of changes: gains of time, losses, another worker, unchanged.
const TRENDS = { gain: "#1a9850", loss: "#d73027", other: "#7b3294" };

async function compareRuns() {
  if (!requireInstance()) return;
  const a = $("compare-a").value, b = $("compare-b").value;
  if (!a || !b) { notice("Choisissez deux planifications terminées", false); return; }
  try {
    const c = await api(inst() + "/compare?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b));
    // The server says when both sides are the same run: nothing to compare.
    if (c.same_run) {
      const text = "« Avant » et « Après » sont la même planification (" + a + ") : il n'y a rien à comparer ; choisissez-en deux différentes.";
      for (const id of ["compare-text", "compare-list", "compare-download", "compare-map"]) $(id).replaceChildren();
      // No empty map frame: the map has nothing to show.
      $("compare-map-box").hidden = true;
      $("compare-text").replaceChildren(el("p", {}, text));
      notice(text, false);
      return;
    }
    $("compare-text").replaceChildren(...comparisonBlocks(c, a, b));
    $("compare-map-box").hidden = false;
    // The comparison's CSV (as `sectoria compare` writes compare.csv), for Excel.
    if (S.compareUrl) URL.revokeObjectURL(S.compareUrl);
    S.compareUrl = URL.createObjectURL(new Blob([c.csv], { type: "text/csv;charset=utf-8" }));
    $("compare-download").replaceChildren(el("a", { href: S.compareUrl, download: "comparaison-" + a + "-" + b + ".csv" },
      "Télécharger la comparaison (CSV pour Excel, comme compare.csv)"));
    const pb = await planOf(b);
    // The changes as the server's comparison counts them (posts created from the budget are
    // interchangeable: B's are named after A's, as the text above says).
    const trend = new Map(c.changes.map((x) => [x.uai, x.trend || "other"]));
    const m = makeMap($("compare-map"), () => {});
    drawPlan(m, pb, (e) => trend.has(e.uai) ? { fill: TRENDS[trend.get(e.uai)], stroke: "#000", trend: trend.get(e.uai) } : { fill: "#bbb", stroke: "#fff" },
      { basemap: await basemapOf(S.instance), rings: false });
    const n = c.changes.length;
    const row = (x) => el("tr", { "data-trend": x.trend || "other" }, el("td", {}, x.uai), el("td", {}, x.name),
      el("td", {}, el("span", { class: "swatch " + (x.trend || "other") }), " ", x.evolution),
      el("td", {}, x.before), el("td", {}, x.after));
    // The changes of time or presence listed; those of the worker alone, at the same time
    // (`worker_alone`, Evolution::OtherWorker), counted apart and folded until asked for:
    // often equally good variants, as the text above says.
    const alone = c.changes.filter((x) => x.worker_alone);
    const timed = c.changes.filter((x) => !x.worker_alone);
    const folded = el("tbody", { id: "compare-same-time", hidden: true }, alone.map(row));
    const k = alone.length, s = k >= 2 ? "s" : "";
    const label = (shown) => (shown ? "Masquer les " : "Afficher les ") + k + " changement" + s + " d'assistant sans changement de temps";
    const toggle = el("button", { type: "button", id: "compare-same-time-toggle", "aria-expanded": "false", onclick: () => {
      folded.hidden = !folded.hidden;
      toggle.setAttribute("aria-expanded", String(!folded.hidden));
      toggle.textContent = label(!folded.hidden);
    } }, label(false));
    $("compare-list").replaceChildren(el("caption", {}, n ? n + (n >= 2 ? " établissements changent" : " établissement change") : "Aucun établissement ne change : les deux plans sont les mêmes",
      ...(k ? [" : " + timed.length + " de temps ou de présence, " + k + " d'assistant seulement, à temps égal ", toggle,
        ...(c.view.worker_alone_note ? [el("br"), el("small", { class: "hint", id: "compare-alone-note" }, ...richText(capital(c.view.worker_alone_note) + ".", false))] : [])] : [])),
      el("thead", {}, el("tr", {}, ["UAI", "Établissement", "Évolution", "Avant", "Après"].map((h) => el("th", {}, h)))),
      el("tbody", {}, timed.map(row)), folded);
    notice("Comparaison " + a + " → " + b + (n ? "" : " : aucun changement"));
  } catch (e) { notice(e.message, false); }
}

// The comparison as a committee reads it, at the page's size: a few sentences (as Résultats
// sums up a replan), what the two runs were given differently, the key figures A, B and their
// difference (each priority category under the establishments served), the objective's points
// behind a disclosure, the budget posts renamed, and the workers whose sector changes, by name.
function comparisonBlocks(c, a, b) {
  const v = c.view;
  // A budget the workers' time does not reach says the time used (« 19 (16,5 utilisés : …) »).
  const workers = (run) => ((S.view ? S.view.runs : []).find((x) => x.run === run) || {}).workers_fte;
  const used = (key, value, run) => (key === "budget.total_fte" ? budgetUsed(value, workers(run)) : "");
  const head = (...cells) => el("thead", {}, el("tr", {}, cells.map((h) => el("th", { scope: "col" }, h))));
  const runHead = (letter, run, when) => [letter + " — " + when, el("br"), el("small", { class: "tech" }, run)];
  const blocks = [];
  if (v.warning) blocks.push(el("p", { class: "error", id: "compare-warning" }, v.warning));
  blocks.push(el("div", { class: "since-previous", id: "compare-summary" }, el("h3", {}, "En bref (A = " + a + ", B = " + b + ")"),
    el("ul", {}, v.summary.map((l) => el("li", {}, l)))));
  blocks.push(el("h3", {}, "Ce que les deux calculs ont reçu de différent"), v.inputs.same ? el("p", { id: "compare-inputs" }, v.inputs.same)
    : el("table", { class: "data", id: "compare-inputs" }, head("Réglage ou fichier", "A (avant)", "B (après)"),
      el("tbody", {}, v.inputs.rows.map((r) => el("tr", {}, el("th", { scope: "row" }, r.label, ...(r.key ? [" ", el("code", { class: "tech" }, r.key)] : [])),
        ...(r.key ? [el("td", {}, r.a + used(r.key, r.a, a)), el("td", {}, r.b + used(r.key, r.b, b))] : [el("td", { colspan: "2" }, r.b)]))))));
  const figureRows = v.figures.flatMap((r) => [
    el("tr", { class: r.detail ? "detail-row" : "", "data-code": r.code }, el("th", { scope: "row" }, r.label),
      el("td", { class: "num" }, r.a), el("td", { class: "num" }, r.b), el("td", { class: "num" }, r.difference)),
    ...(r.note ? [el("tr", { class: "note-row" }, el("td", { colspan: "4", class: "hint" }, ...richText(r.note + ".", false)))] : [])]);
  blocks.push(el("table", { class: "data", id: "compare-figures" }, el("caption", {}, "Chiffres clés"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Indicateur"), el("th", { scope: "col", class: "num" }, ...runHead("A", a, "avant")),
      el("th", { scope: "col", class: "num" }, ...runHead("B", b, "après")), el("th", { scope: "col", class: "num" }, "Écart (B − A)"))),
    el("tbody", {}, figureRows)));
  const o = v.objective;
  blocks.push(el("details", { id: "compare-objective" }, el("summary", {}, "Détail de l'objectif (points)"),
    el("p", { class: "hint" }, "Les points sont l'unité du calcul : la valeur de service des élèves couverts, moins les coûts des trajets, " +
      "de stabilité et de fragmentation. Ils servent à classer les plans d'un même scénario, pas à décrire un établissement."),
    ...(o.note ? [el("p", {}, "* ", ...richText(o.note, false))] : []),
    el("table", { class: "data" }, head("Terme", "A (avant)", "B (après)", "Écart (B − A)"),
      el("tbody", {}, o.rows.map((r) => el("tr", {}, el("th", { scope: "row" }, r.label + (r.comparable ? "" : " *")),
        el("td", { class: "num" }, r.a), el("td", { class: "num" }, r.b), el("td", { class: "num" }, r.difference)))))));
  if ((c.renamed || []).length) {
    blocks.push(el("p", {}, "Les postes créés à partir du budget sont interchangeables : pour ne montrer que les secteurs qui changent, " +
      "ceux du plan B portent ici le nom du poste du plan A dont le secteur leur ressemble le plus (même résidence d'abord). Les noms :"),
      el("table", { class: "data", id: "compare-renamed" }, el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Nom dans le plan B (ses Résultats, son rapport, ses exports)"),
        el("th", { scope: "col" }, "Nom dans cette comparaison (le poste du plan A au secteur le plus proche)"))),
      el("tbody", {}, c.renamed.map(([own, here]) => el("tr", {}, el("td", {}, own), el("td", {}, here))))));
  }
  const names = (list) => list.length ? list.join(", ") : "—";
  blocks.push(el("h3", {}, v.workers.length ? "Assistants dont le secteur change (" + v.workers.length + ")" : "Assistants : aucun secteur ne change"));
  if (v.workers.length) {
    blocks.push(el("table", { class: "data", id: "compare-workers" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Assistant"), el("th", { scope: "col", class: "num" }, "Demi-journées A → B"),
        el("th", { scope: "col", class: "num" }, "Km par semaine A → B"), el("th", { scope: "col", class: "num" }, "Écart km"),
        el("th", { scope: "col" }, "Établissements en plus dans B"), el("th", { scope: "col" }, "Établissements en moins dans B"))),
      el("tbody", {}, v.workers.map((w) => el("tr", { "data-worker": w.id }, el("th", { scope: "row" }, w.label),
        el("td", { class: "num" }, w.units_a + " → " + w.units_b), el("td", { class: "num" }, w.km_a + " → " + w.km_b),
        el("td", { class: "num" }, w.km_difference), el("td", {}, names(w.gains)), el("td", {}, names(w.losses)))))));
  }
  return blocks;
}

// ---------------------------------------------------------------- Exporter
const EXPORTS = [["report.html", "Rapport du comité (HTML)"], ["plan.xlsx", "Classeur (Excel)"], ["allocation.csv", "Attribution (CSV)"],
  ["sectors.csv", "Secteurs (CSV)"], ["plan.geojson", "Carte (GeoJSON)"], ["plan.json", "Plan (JSON)"], ["scenario.toml", "Scénario (TOML)"],
  ["summary.txt", "Synthèse (texte)"], ["manifest.json", "Manifeste"]];

// The documents of the run chosen, which is the one Résultats shows (or, before any is shown,
// the newest): the line above them says which, with all its settings.
function renderDownloads() {
  const run = $("export-run").value;
  const status = S.view && S.view.runs.find((r) => r.run === run);
  $("export-which").replaceChildren(...(status ? [el("strong", {}, "Documents de la planification " + run),
    run === S.run ? " (celle affichée dans Résultats)" : " (la plus récente ; Résultats n'en montre encore aucune)",
    el("br"), el("span", { class: "hint" }, runTitle(status))] : []));
  // Which report to print for the committee, and what the full one is for.
  $("export-print").replaceChildren(...(!status ? [] : status.short_report
    ? [el("strong", {}, "Pour le comité, imprimez la version courte "), "(rapport-court.html) : chiffres clés, ce qu'il faut dire au comité, comparaison avec la règle " +
      "usuelle et les secteurs actuels, carte, établissements non servis avec leur motif en une phrase, secteurs de chaque assistant. " +
      "Le rapport complet y ajoute le tableau de tous les établissements avec l'explication de chacun, l'équité, les notes sur les " +
      "données et les paramètres du calcul : c'est une annexe, " +
      "à joindre au dossier ou à ouvrir quand une question porte sur un établissement."]
    : [el("strong", {}, "Pour le comité, imprimez le rapport "), "(rapport.html ; Ctrl+P, pages numérotées). Une planification relancée " +
      "aujourd'hui en donne aussi une version courte, à imprimer à sa place."]));
  if (status && status.documents === false) {
    $("downloads").replaceChildren(el("li", {}, "Documents du comité en cours d'écriture…"));
    return;
  }
  // The committee's short report (runs written before it was made for every run may lack it), the full one its annex.
  const short = status && status.short_report ? [["report-court.html", "Rapport du comité, version courte (HTML) — à imprimer pour le comité"]] : [];
  const full = short.length ? [["report.html", "Rapport complet, avec l'explication de chaque établissement (HTML) — annexe"]] : EXPORTS.slice(0, 1);
  const files = short.concat(full, EXPORTS.slice(1),
    status && status.kind === "frontier" ? [["frontier.csv", "Frontière (CSV)"], ["frontier.svg", "Frontière (graphique SVG)"]] : []);
  $("downloads").replaceChildren(...(run ? files.map(([f, label]) => el("li", {},
    el("a", { href: runUrl(run, "/files/" + f + "?download=true"), download: "", "data-file": f }, label), " — " + f)) : [el("li", {}, "Aucune planification terminée.")]));
}

// ---------------------------------------------------------------- start
function start() {
  for (const b of document.querySelectorAll("nav button")) {
    b.addEventListener("click", () => b.dataset.page === "resultats" ? openResults(true) : show(b.dataset.page, true));
  }
  window.addEventListener("beforeunload", (ev) => {
    if (unsavedWork().length) { ev.preventDefault(); ev.returnValue = ""; }
  });
  // Choosing a file opens it at once (after asking, when the form has unsaved edits): the list
  // never names another file than the one the form shows and « Enregistrer » writes.
  $("scenario-file").addEventListener("change", () => {
    const name = $("scenario-file").value;
    if (!requireInstance() || name === S.scenarioName) return;
    if (scenarioUnsaved() && !confirm("Le scénario " + S.scenarioName + " a des modifications non enregistrées : les abandonner pour ouvrir " + name + " ?")) {
      $("scenario-file").value = S.scenarioName;
      notice("Scénario " + S.scenarioName + " gardé ouvert : enregistrez d'abord ses modifications", false);
      return;
    }
    openScenario(name).then(() => notice("Scénario " + name + " ouvert")).catch((e) => { $("scenario-file").value = S.scenarioName; notice(e.message, false); });
  });
  $("scenario-new").addEventListener("input", () => { $("scenario-new-error").textContent = ""; $("scenario-new").removeAttribute("aria-invalid"); });
  $("scenario-open").addEventListener("click", () => {
    if (!requireInstance()) return;
    const name = $("scenario-new").value.trim();
    if (!name) {
      $("scenario-new-error").textContent = "Écrivez le nom du nouveau scénario (par exemple variante.toml).";
      notice("Écrivez le nom du nouveau scénario (par exemple variante.toml)", false);
      $("scenario-new").focus();
      return;
    }
    newScenario(name).catch((e) => notice(e.message, false));
  });
  $("scenario-save").addEventListener("click", () => saveScenario());
  showInstanceState();
  $("plan-run").addEventListener("click", planNow);
  $("result-run").addEventListener("change", () => showRun($("result-run").value));
  $("compare-run").addEventListener("click", compareRuns);
  for (const id of ["compare-a", "compare-b"]) $(id).addEventListener("change", () => { $("compare-b").dataset.touched = "1"; });
  // Exporter's choice is the run Résultats shows: both name the same plan.
  $("export-run").addEventListener("change", () => showRun($("export-run").value, true).catch((e) => notice(e.message, false)));
  for (const id of ["compare-a", "compare-b"]) $(id).addEventListener("change", renderNewer);
  // Past the map's many stops for the keyboard: to the table's search box.
  $("skip-map").addEventListener("click", () => $("table-filter").focus());
  $("zoom-in").addEventListener("click", () => S.map && zoomAt(S.map, 1.25, 400, 260));
  $("zoom-out").addEventListener("click", () => S.map && zoomAt(S.map, 0.8, 400, 260));
  $("table-filter").addEventListener("input", () => { if (S.run && S.plans[S.run]) renderTable(S.plans[S.run]); });
  $("zoom-reset").addEventListener("click", () => { if (S.map) { S.map.scale = 1; S.map.tx = 0; S.map.ty = 0; place(S.map); } });
  const { page, run: addressedRun } = addressed();
  window.addEventListener("hashchange", followAddress);
  // After a reload, the tab's instance and page again.
  loadInstances().then(async (names) => {
    const last = rememberedInstance();
    if (last && names.includes(last) && !S.instance) {
      await openInstance(last);
      if (page === "resultats") openResults(false, addressedRun);
      else if (isPage(page)) show(page);
    }
  }).catch((e) => notice(e.message, false));
  $("import").addEventListener("toggle", () => { if ($("import").open) loadImportChoices().catch((e) => notice(e.message, false)); });
  $("import-run").addEventListener("click", runImport);
  $("frontier-run").addEventListener("click", frontierNow);
  $("adopt-run").addEventListener("click", adoptRun);
  listen();
  setInterval(tickRuns, 1000);
  if (isPage(page)) show(page);
}
document.addEventListener("DOMContentLoaded", start);
