// sectoria serve: the pages. Every value shown comes from the server's files (plan.json, the
// scenario TOML, the instance's CSV files); every change is sent back and checked there.
"use strict";

const S = { instance: null, view: null, scenarioName: "scenario.toml", scenario: null, plans: {}, run: null,
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
const pct = (x) => fr(100 * x, 1) + " %";

function notice(text, ok = true) {
  const n = $("notice");
  n.textContent = text;
  n.className = ok ? "ok" : "bad";
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
function show(page) {
  for (const s of document.querySelectorAll(".page")) s.hidden = s.id !== page;
  for (const b of document.querySelectorAll("nav button")) {
    if (b.dataset.page === page) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  location.hash = page;
}

// ---------------------------------------------------------------- Données
async function loadInstances() {
  const data = await api("/api/instances");
  $("workspace").textContent = data.workspace;
  const box = $("instances");
  box.replaceChildren(...data.instances.map((name) =>
    el("button", { type: "button", "aria-pressed": String(name === S.instance), onclick: () => openInstance(name) }, name)));
  if (!data.instances.length) box.textContent = "Aucune instance (dossier avec establishments.csv) dans l'espace de travail.";
}

async function openInstance(name) {
  S.instance = name;
  S.plans = {};
  await refreshInstance();
  $("context").textContent = "Instance : " + name + " — " + S.view.establishments + " établissements";
  await loadInstances();
  renderTables();
  await openScenario(S.view.scenarios.includes("scenario.toml") ? "scenario.toml" : (S.view.scenarios[0] || "scenario.toml"));
  notice("Instance « " + name + " » ouverte");
}

async function refreshInstance() {
  S.view = await api(inst());
  const names = S.view.scenarios;
  for (const id of ["scenario-file", "plan-scenario"]) {
    const sel = $(id);
    const keep = sel.value || S.scenarioName;
    sel.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
    if (names.includes(keep)) sel.value = keep;
  }
  renderRuns();
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

function renderTables() {
  const box = $("tables");
  box.replaceChildren();
  for (const [file, key, title] of [["workers.csv", "workers", "Assistants (quotité, résidence)"], ["current.csv", "current", "Secteurs actuels"]]) {
    const text = S.view[key];
    if (text === null) { box.append(el("p", {}, file + " : absent de l'instance.")); continue; }
    const rows = parseCsv(text);
    const header = rows[0] || [];
    const table = el("table", { class: "data", id: "table-" + key });
    table.append(el("thead", {}, el("tr", {}, header.map((h) => el("th", { scope: "col" }, h)), el("th", {}, ""))));
    const body = el("tbody");
    const addRow = (cells) => {
      const tr = el("tr");
      header.forEach((h, i) => tr.append(el("td", {}, el("input", { value: cells[i] || "", "aria-label": h, "data-col": h }))));
      tr.append(el("td", {}, el("button", { type: "button", "aria-label": "Supprimer la ligne", onclick: () => tr.remove() }, "×")));
      body.append(tr);
    };
    rows.slice(1).forEach(addRow);
    table.append(body);
    const error = el("div", { class: "error", role: "alert" });
    const save = async () => {
      const lines = [header.join(";")];
      for (const tr of body.rows) lines.push([...tr.querySelectorAll("input")].map((i) => csvField(i.value.trim())).join(";"));
      try {
        const r = await api(inst() + "/tables/" + file, { method: "PUT", body: lines.join("\n") + "\n", headers: { "content-type": "text/csv" } });
        error.textContent = "";
        notice(r.message);
        await refreshInstance();
      } catch (e) {
        error.textContent = e.message + (e.body && e.body.problems ? "\n" + e.body.problems.join("\n") : "");
        notice(file + " refusé : rien n'a été enregistré", false);
      }
    };
    box.append(el("h3", {}, title + " — " + file), table,
      el("p", {}, el("button", { type: "button", onclick: () => addRow([]) }, "Ajouter une ligne"), " ",
        el("button", { type: "button", id: "save-" + key, onclick: save }, "Enregistrer " + file)), error);
  }
}

// ---------------------------------------------------------------- Scénario
const SECTION_TITLES = { budget: "Budget", scope: "Périmètre", priorities: "Priorités", need: "Besoin", rules: "Règles",
  travel: "Trajets", stability: "Stabilité", locks: "Verrous", solver: "Solveur" };

async function openScenario(name) {
  S.scenarioName = name;
  S.scenario = await api(inst() + "/scenarios/" + encodeURIComponent(name));
  $("scenario-error").textContent = S.scenario.error ? S.scenario.error.message : "";
  if (![...$("scenario-file").options].some((o) => o.value === name)) $("scenario-file").append(el("option", { value: name }, name));
  $("scenario-file").value = name;
  renderScenario();
}

function fieldFor(section, key, value, def) {
  const id = "f-" + section + "-" + key;
  const kind = Array.isArray(def) ? (typeof def[0] === "number" ? "numbers" : "list") : typeof def === "boolean" ? "bool" : (typeof def === "number" || def === null) ? "number" : "text";
  let input;
  if (kind === "bool") input = el("input", { type: "checkbox", id, checked: value === true });
  else if (kind === "number") input = el("input", { type: "number", step: "any", id, value: value === null || value === undefined ? "" : value });
  else if (kind === "list" || kind === "numbers") input = el("input", { type: "text", id, value: (value || []).join(" ; ") });
  else input = el("input", { type: "text", id, value: value ?? "" });
  input.dataset.section = section;
  input.dataset.key = key;
  input.dataset.kind = kind;
  const shownDefault = def === null ? "non renseigné" : Array.isArray(def) ? def.join(" ; ") : String(def);
  const help = S.scenario.help[section + "." + key] || "";
  return el("div", { class: "key" }, el("label", { for: id }, section + "." + key),
    el("div", {}, input, el("div", { class: "field-error", id: id + "-error" })),
    el("div", { class: "help" }, help, " ", el("em", {}, "Défaut : " + shownDefault)));
}

function renderLocks(values) {
  const box = el("fieldset", { id: "locks" }, el("legend", {}, "Verrous (pour la prochaine planification)"));
  const locks = values.locks || { assign: [], forbid: [] };
  const list = (items, label, kind) => el("ul", {}, items.length ? items.map((l, i) => el("li", {},
    label(l), " ", el("button", { type: "button", onclick: () => { locks[kind].splice(i, 1); renderScenario(); } }, "Retirer"))) : el("li", {}, "aucun"));
  box.append(el("p", { class: "help" }, S.scenario.help["locks.assign"] || ""),
    el("h4", {}, "Établissements gardés avec un assistant"),
    list(locks.assign, (l) => l.uai + " → " + l.worker + (l.fte ? " (" + fr(l.fte, 1) + " ETP)" : ""), "assign"),
    el("h4", {}, "Couples interdits"), list(locks.forbid, (l) => l.uai + " ✕ " + l.worker, "forbid"),
    el("p", { class: "hint" }, "Ajoutez des verrous depuis la page Résultats (clic sur un établissement)."));
  return box;
}

function renderScenario() {
  const form = $("scenario-form");
  const values = S.scenario.values || S.scenario.defaults;
  S.scenario.values = values;
  form.replaceChildren();
  for (const [section, defs] of Object.entries(S.scenario.defaults)) {
    if (section === "schema") continue;
    if (section === "locks") { form.append(renderLocks(values)); continue; }
    const fs = el("fieldset", {}, el("legend", {}, (SECTION_TITLES[section] || section) + " [" + section + "]"));
    for (const [key, def] of Object.entries(defs)) fs.append(fieldFor(section, key, (values[section] || {})[key], def));
    form.append(fs);
  }
}

function formValues() {
  const values = JSON.parse(JSON.stringify(S.scenario.values));
  values.schema = 1;
  for (const input of $("scenario-form").querySelectorAll("input[data-key]")) {
    const { section, key, kind } = input.dataset;
    values[section] = values[section] || {};
    let v;
    if (kind === "bool") v = input.checked;
    else if (kind === "number") v = input.value.trim() === "" ? null : Number(input.value.replace(",", "."));
    else if (kind === "list") v = input.value.split(/[;,]/).map((s) => s.trim()).filter((s) => s);
    else if (kind === "numbers") v = input.value.split(";").map((s) => s.trim()).filter((s) => s).map((s) => (Number.isNaN(Number(s.replace(",", "."))) ? s : Number(s.replace(",", "."))));
    else v = input.value;
    if (kind === "number" && input.value.trim() !== "" && Number.isNaN(v)) v = input.value;
    values[section][key] = v;
  }
  return values;
}

async function saveScenario(values = formValues()) {
  for (const e of document.querySelectorAll(".field-error")) e.textContent = "";
  try {
    await api(inst() + "/scenarios/" + encodeURIComponent(S.scenarioName),
      { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ values }) });
    $("scenario-error").textContent = "";
    await refreshInstance();
    await openScenario(S.scenarioName);
    notice("Scénario " + S.scenarioName + " enregistré");
    return true;
  } catch (e) {
    const text = e.message + (e.body && e.body.problems && e.body.problems.length ? "\n" + e.body.problems.join("\n") : "");
    let placed = false;
    for (const input of $("scenario-form").querySelectorAll("input[data-key]")) {
      const { section, key } = input.dataset;
      if (text.includes(section + "." + key) || text.includes("« " + key + " »") || text.includes("`" + key + "`")) {
        $(input.id + "-error").textContent = text;
        input.focus();
        placed = true;
        break;
      }
    }
    $("scenario-error").textContent = placed ? "Valeur refusée : voir le champ signalé." : text;
    notice("Scénario refusé : rien n'a été enregistré", false);
    return false;
  }
}

// ---------------------------------------------------------------- Planifier
const STATES = { queued: "en attente", running: "en cours", done: "terminé", failed: "échec", cancelled: "annulé", interrupted: "interrompu" };

function renderRuns() {
  const body = $("runs").tBodies[0];
  const runs = S.view ? S.view.runs : [];
  body.replaceChildren(...runs.map((r) => el("tr", { "data-run": r.run },
    el("td", {}, r.run), el("td", {}, r.scenario), el("td", { class: "state-" + r.state }, STATES[r.state] || r.state),
    el("td", { class: "num" }, r.elapsed_s ? fr(r.elapsed_s, 2) + " s" : ""), el("td", {}, r.message),
    el("td", {}, (r.state === "queued" || r.state === "running")
      ? el("button", { type: "button", onclick: () => cancelRun(r.run) }, "Annuler")
      : r.state === "done" ? el("button", { type: "button", onclick: () => showRun(r.run) }, "Voir") : ""))));
  const done = runs.filter((r) => r.state === "done");
  for (const id of ["result-run", "compare-a", "compare-b", "export-run"]) {
    const sel = $(id);
    const keep = sel.value;
    sel.replaceChildren(...done.map((r) => el("option", { value: r.run }, r.run + " (" + r.scenario + ")")));
    if (done.some((r) => r.run === keep)) sel.value = keep;
  }
  if (done.length > 1 && !$("compare-b").dataset.touched) { $("compare-a").value = done[1].run; $("compare-b").value = done[0].run; }
  renderDownloads();
}

async function planNow() {
  try {
    const r = await api(inst() + "/runs", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ scenario: $("plan-scenario").value || S.scenarioName }) });
    S.waitingFor = r.run;
    S.clicked = performance.now();
    notice("Planification " + r.run + " demandée…");
    await refreshInstance();
    const now = S.view.runs.find((x) => x.run === r.run);
    if (now && S.waitingFor === r.run && now.state !== "queued" && now.state !== "running") await runEnded(now);
  } catch (e) { notice(e.message, false); }
}

async function cancelRun(run) {
  try { notice((await api(runUrl(run, "/cancel"), { method: "POST" })).message); } catch (e) { notice(e.message, false); }
  await refreshInstance();
}

function listen() {
  const source = new EventSource("/api/events");
  source.addEventListener("run", async (ev) => {
    const status = JSON.parse(ev.data);
    if (status.instance !== S.instance) return;
    await refreshInstance();
    if (status.run === S.waitingFor && status.state !== "queued" && status.state !== "running") await runEnded(status);
  });
}

// The run asked from this page has ended: show it (or say why it has no plan).
async function runEnded(status) {
  S.waitingFor = null;
  if (status.state === "done") {
    await showRun(status.run);
    window.sectoriaLastReplanMs = performance.now() - S.clicked;
  } else notice("Planification " + status.run + " : " + status.message, false);
}

// ---------------------------------------------------------------- Résultats
async function planOf(run) {
  if (!S.plans[run]) S.plans[run] = await api(runUrl(run, "/files/plan.json"));
  return S.plans[run];
}

async function showRun(run) {
  S.run = run;
  const plan = await planOf(run);
  $("result-run").value = run;
  renderFigures(plan);
  S.map = S.map || makeMap($("map"), (uai) => selectEstablishment(uai));
  drawPlan(S.map, plan, (e) => siteStyle(plan, e));
  renderTable(plan);
  if (S.selected && plan.establishments.some((e) => e.uai === S.selected)) selectEstablishment(S.selected);
  else $("detail").hidden = true;
  show("resultats");
  notice("Planification " + run + " : " + plan.kpis.establishments_served + " établissements servis sur " + plan.kpis.establishments);
  $("check-result").textContent = "";
  api(runUrl(run, "/check")).then((c) => {
    $("check-result").textContent = c.valid ? "✓ vérifié (sectoria check)" : "✗ " + c.problems.join(" ; ");
  }).catch((e) => { $("check-result").textContent = e.message; });
}

const STATUS_LABELS = { optimal: "optimal", gap_reached: "écart cible atteint", time_limit: "limite de temps atteinte" };

function renderFigures(plan) {
  const k = plan.kpis, b = plan.baseline.kpis;
  const rows = [
    ["Établissements servis", k.establishments_served + "/" + k.establishments, b.establishments_served + "/" + b.establishments],
    ["Élèves couverts", pct(k.pupils_served / Math.max(1, k.pupils)), pct(b.pupils_served / Math.max(1, b.pupils))],
    ["Couverture pondérée", pct(k.weighted_coverage), pct(b.weighted_coverage)],
    ...k.by_category.filter((c) => c.establishments > 0).map((c, i) => ["  " + c.label, c.served + "/" + c.establishments,
      (b.by_category[i] ? b.by_category[i].served : 0) + "/" + c.establishments]),
    ["ETP attribués", fr(k.fte_used, 1) + " / " + fr(k.fte_available, 1), fr(b.fte_used, 1)],
    ["km/semaine par assistant", fr(k.km_per_worker_mean, 0), fr(b.km_per_worker_mean, 0)],
    ["km/semaine au plus", fr(k.km_per_worker_max, 0), fr(b.km_per_worker_max, 0)],
    ["Demi-journées changées", String(k.changed_units), String(b.changed_units)],
    ["Objectif", fr(plan.objective.total, 1), fr(plan.baseline.objective.total, 1)],
  ];
  const status = STATUS_LABELS[plan.solver.status] || plan.solver.status;
  $("figures").replaceChildren(el("caption", {}, "Chiffres clés — " + status + ", écart prouvé " + pct(plan.solver.relative_gap)),
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", { class: "num" }, "Plan optimisé"), el("th", { class: "num" }, "Règle gloutonne"))),
    el("tbody", {}, rows.map(([l, a, c]) => el("tr", {}, el("th", { scope: "row" }, l), el("td", { class: "num", "data-figure": l.trim() }, a), el("td", { class: "num" }, c)))));
  const fbox = $("frontier");
  fbox.replaceChildren();
  if (Array.isArray(plan.frontier) && plan.frontier.length) {
    const keys = Object.keys(plan.frontier[0]);
    fbox.append(el("h3", {}, "Frontière"), el("table", { class: "data" },
      el("thead", {}, el("tr", {}, keys.map((k2) => el("th", {}, k2)))),
      el("tbody", {}, plan.frontier.map((p) => el("tr", {}, keys.map((k2) => el("td", {}, typeof p[k2] === "number" ? fr(p[k2], 2) : String(p[k2]))))))));
  }
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363"];
const workerColour = (plan, id) => PALETTE[Math.max(0, plan.workers.findIndex((w) => w.id === id)) % PALETTE.length];

function siteStyle(plan, e) {
  const main = e.workers.slice().sort((a, b) => b.units - a.units)[0];
  return main ? { fill: workerColour(plan, main.worker), stroke: "#fff" } : { fill: "none", stroke: "#666" };
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
  const layer = svg("g");
  node.append(layer);
  m.items = [];
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
  for (const e of plan.establishments) {
    const p = proj(e.location);
    const r = 3 + 7 * Math.sqrt(e.pupils / maxPupils);
    const st = style(e);
    const g = svg("g", { class: "site", "data-uai": e.uai, tabindex: "0", role: "button", "aria-label": e.name });
    if (e.must_cover || e.priority.score > 2) {
      const ring = svg("circle", { fill: "none", stroke: "#b3261e", "stroke-width": "1.5" });
      g.append(ring);
      m.items.push({ node: ring, kind: "circle", p, r: r + 3 });
    }
    const c = svg("circle", { fill: st.fill, stroke: st.stroke, "stroke-width": st.fill === "none" ? "1.8" : "1", "fill-opacity": "0.9" });
    const title = svg("title");
    title.textContent = e.name + " (" + e.commune + ") — " + (e.allocated_fte > 0 ? fr(e.allocated_fte, 1) + " ETP, " +
      e.workers.map((x) => x.worker).join(", ") : "non servi");
    c.append(title);
    g.append(c);
    g.addEventListener("mouseenter", () => { $("hover-info").textContent = title.textContent; });
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); m.onClick(e.uai); } });
    layer.append(g);
    m.items.push({ node: c, kind: "circle", p, r, uai: e.uai });
  }
  for (const w of plan.workers) {
    if (!w.base) continue;
    const sq = svg("rect", { fill: workerColour(plan, w.id), stroke: "#000", "stroke-width": "1" });
    const t = svg("title");
    t.textContent = "Résidence de " + (w.name || w.id) + " (" + w.id + ")";
    sq.append(t);
    layer.append(sq);
    m.items.push({ node: sq, kind: "square", p: proj(w.base.location), r: 4 });
  }
  if (!extra.keepView) { m.scale = 1; m.tx = 0; m.ty = 0; }
  place(m);
}

// Positions follow pan and zoom; sizes stay the same on screen.
function place(m) {
  const at = (p) => [p[0] * m.scale + m.tx, p[1] * m.scale + m.ty];
  for (const it of m.items) {
    if (it.kind === "line") {
      const [x1, y1] = at(it.a), [x2, y2] = at(it.b);
      it.node.setAttribute("x1", x1); it.node.setAttribute("y1", y1); it.node.setAttribute("x2", x2); it.node.setAttribute("y2", y2);
    } else if (it.kind === "circle") {
      const [x, y] = at(it.p);
      it.node.setAttribute("cx", x); it.node.setAttribute("cy", y); it.node.setAttribute("r", it.r);
    } else {
      const [x, y] = at(it.p);
      it.node.setAttribute("x", x - it.r); it.node.setAttribute("y", y - it.r);
      it.node.setAttribute("width", 2 * it.r); it.node.setAttribute("height", 2 * it.r);
    }
  }
}

const COLUMNS = [
  ["uai", "UAI", (e) => e.uai], ["name", "Établissement", (e) => e.name], ["kind", "Type", (e) => e.kind],
  ["commune", "Commune", (e) => e.commune], ["priority", "Priorité", (e) => e.priority.score, 1],
  ["need", "Besoin (ETP)", (e) => e.need_fte, 2], ["fte", "Attribué (ETP)", (e) => e.allocated_fte, 1],
  ["workers", "Assistant(s)", (e) => e.workers.map((w) => w.worker).join(", ")], ["reason", "Motif", (e) => e.reason || ""],
];

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
  t.replaceChildren(el("thead", {}, head), el("tbody", {}, rows.map((e) => el("tr", {
    "data-uai": e.uai, class: e.uai === S.selected ? "selected" : null, onclick: () => selectEstablishment(e.uai),
  }, COLUMNS.map(([, , f, d]) => el("td", { class: d !== undefined ? "num" : null }, d !== undefined ? fr(f(e), d) : f(e)))))));
}

function sortBy(key) {
  S.sort = { key, dir: S.sort.key === key ? -S.sort.dir : 1 };
  renderTable(S.plans[S.run]);
}

async function selectEstablishment(uai) {
  const plan = S.plans[S.run];
  const e = plan.establishments.find((x) => x.uai === uai);
  if (!e) return;
  S.selected = uai;
  for (const n of $("map").querySelectorAll(".site circle:last-of-type")) n.classList.remove("selected");
  const g = $("map").querySelector('[data-uai="' + uai + '"] circle:last-of-type');
  if (g) g.classList.add("selected");
  for (const tr of $("table").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.uai === uai);
  const d = $("detail");
  d.hidden = false;
  // Locks name workers of workers.csv (generated posts of a budget-only plan have no id to keep).
  const workers = plan.workers.filter((w) => !w.generated);
  const pick = el("select", { id: "action-worker", "aria-label": "Assistant" }, workers.map((w) => el("option", { value: w.id }, (w.name ? w.name + " — " : "") + w.id)));
  const main = e.workers.slice().sort((a, b) => b.units - a.units)[0];
  if (main) pick.value = main.worker;
  const explanation = el("pre", { id: "explanation" }, "Explication en cours de calcul…");
  d.replaceChildren(
    el("h3", {}, e.name + " (" + e.uai + ")"),
    el("p", {}, e.kind + ", " + e.commune + " — " + fr(e.pupils, 0) + " élèves, priorité " + fr(e.priority.score, 1) +
      ", besoin " + fr(e.need_fte, 2) + " ETP, attribué " + fr(e.allocated_fte, 1) + " ETP" +
      (e.workers.length ? " par " + e.workers.map((w) => w.worker + " (" + w.units + " demi-journées, " + fr(w.km, 0) + " km)").join(", ") : "") +
      (e.reason ? ". Motif : " + e.reason : "")),
    e.explanation ? el("pre", { id: "plan-explanation" }, typeof e.explanation === "string" ? e.explanation : JSON.stringify(e.explanation, null, 2)) : "",
    explanation,
    !workers.length ? el("p", { class: "hint" }, "Pas de verrou possible : le plan répartit des postes (pas de workers.csv).") :
    el("div", { class: "actions" }, el("label", {}, "Pour la prochaine planification : ", pick),
      el("button", { type: "button", id: "action-lock", onclick: () => addLock("assign", uai, pick.value) }, "Garder avec cet assistant"),
      el("button", { type: "button", id: "action-forbid", onclick: () => addLock("forbid", uai, pick.value) }, "Interdire ce couple"),
      el("button", { type: "button", id: "action-absent", onclick: () => forbidPresence(uai, workers) }, "Interdire toute présence")),
    el("p", { class: "hint" }, "Ces actions modifient [locks] du scénario " + S.scenarioName + " ; relancez ensuite Planifier."));
  try { explanation.textContent = (await api(runUrl(S.run, "/explain/" + encodeURIComponent(uai)))).text; }
  catch (err) { explanation.textContent = err.message; }
}

async function addLock(kind, uai, worker) {
  const values = JSON.parse(JSON.stringify(S.scenario.values));
  values.locks = values.locks || { assign: [], forbid: [] };
  values.locks.assign = values.locks.assign.filter((l) => l.uai !== uai);
  values.locks.forbid = values.locks.forbid.filter((l) => !(l.uai === uai && (kind === "assign" || l.worker === worker)));
  values.locks[kind].push({ uai, worker });
  if (await saveScenario(values)) notice((kind === "assign" ? "Verrou ajouté : " + uai + " → " : "Couple interdit : " + uai + " ✕ ") + worker + " (scénario " + S.scenarioName + ")");
}

async function forbidPresence(uai, workers) {
  const values = JSON.parse(JSON.stringify(S.scenario.values));
  values.locks.assign = values.locks.assign.filter((l) => l.uai !== uai);
  values.locks.forbid = values.locks.forbid.filter((l) => l.uai !== uai).concat(workers.map((w) => ({ uai, worker: w.id })));
  if (await saveScenario(values)) notice("Aucune présence à " + uai + " dans la prochaine planification");
}

// ---------------------------------------------------------------- Comparer
async function compareRuns() {
  const a = $("compare-a").value, b = $("compare-b").value;
  if (!a || !b) { notice("Choisissez deux planifications terminées", false); return; }
  try {
    const c = await api(inst() + "/compare?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b));
    $("compare-text").textContent = c.text;
    const [pa, pb] = [await planOf(a), await planOf(b)];
    const before = new Map(pa.establishments.map((e) => [e.uai, e]));
    const key = (e) => e ? e.workers.map((w) => w.worker + ":" + w.units).sort().join(",") : "";
    const changed = pb.establishments.filter((e) => key(before.get(e.uai)) !== key(e));
    const m = makeMap($("compare-map"), () => {});
    drawPlan(m, pb, (e) => changed.includes(e) ? { fill: "#e6550d", stroke: "#000" } : { fill: "#bbb", stroke: "#fff" });
    $("compare-list").replaceChildren(el("caption", {}, changed.length + " établissement(s) changent"),
      el("thead", {}, el("tr", {}, ["UAI", "Établissement", "Avant", "Après"].map((h) => el("th", {}, h)))),
      el("tbody", {}, changed.map((e) => el("tr", {}, el("td", {}, e.uai), el("td", {}, e.name),
        el("td", {}, key(before.get(e.uai)) || "non servi"), el("td", {}, key(e) || "non servi")))));
    notice("Comparaison " + a + " → " + b);
  } catch (e) { notice(e.message, false); }
}

// ---------------------------------------------------------------- Exporter
const EXPORTS = [["report.html", "Rapport du comité (HTML)"], ["plan.xlsx", "Classeur (Excel)"], ["allocation.csv", "Attribution (CSV)"],
  ["sectors.csv", "Secteurs (CSV)"], ["plan.geojson", "Carte (GeoJSON)"], ["plan.json", "Plan (JSON)"], ["scenario.toml", "Scénario (TOML)"],
  ["summary.txt", "Synthèse (texte)"], ["manifest.json", "Manifeste"]];

function renderDownloads() {
  const run = $("export-run").value;
  $("downloads").replaceChildren(...(run ? EXPORTS.map(([f, label]) => el("li", {},
    el("a", { href: runUrl(run, "/files/" + f + "?download=true"), download: "", "data-file": f }, label), " — " + f)) : [el("li", {}, "Aucune planification terminée.")]));
}

// ---------------------------------------------------------------- start
function start() {
  for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => show(b.dataset.page));
  $("scenario-open").addEventListener("click", () => {
    const name = $("scenario-new").value.trim();
    openScenario(name ? (name.endsWith(".toml") ? name : name + ".toml") : $("scenario-file").value).catch((e) => notice(e.message, false));
  });
  $("scenario-save").addEventListener("click", () => saveScenario());
  $("plan-run").addEventListener("click", planNow);
  $("result-run").addEventListener("change", () => showRun($("result-run").value));
  $("compare-run").addEventListener("click", compareRuns);
  for (const id of ["compare-a", "compare-b"]) $(id).addEventListener("change", () => { $("compare-b").dataset.touched = "1"; });
  $("export-run").addEventListener("change", renderDownloads);
  $("zoom-in").addEventListener("click", () => S.map && zoomAt(S.map, 1.25, 400, 260));
  $("zoom-out").addEventListener("click", () => S.map && zoomAt(S.map, 0.8, 400, 260));
  $("zoom-reset").addEventListener("click", () => { if (S.map) { S.map.scale = 1; S.map.tx = 0; S.map.ty = 0; place(S.map); } });
  loadInstances().catch((e) => notice(e.message, false));
  listen();
  const page = location.hash.slice(1);
  if (page && $(page)) show(page);
}
document.addEventListener("DOMContentLoaded", start);
