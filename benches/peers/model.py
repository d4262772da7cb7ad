#!/usr/bin/env python3
"""Independent Python implementation of the sectoria decision model (DESIGN §3).

Reads an instance folder and a scenario TOML, prepares the problem (scope, priority scores,
needs, value curves, eligibility, capacities, budget, generated posts), builds the mixed-integer
program of DESIGN §3 in sectoria's hub formulation, and solves it with one of two peers:

* ``--backend pulp``: PuLP + CBC (``PULP_CBC_CMD``);
* ``--backend highspy``: HiGHS through its own Python API (``addVars``/``addRows``).

``--evaluate PLAN.json`` recomputes, with this code only, the objective of a plan written by
``sectoria plan`` and compares it term by term with the plan's own figures; it also places the
plan's decisions in this MIP and checks that every row holds and that the MIP objective equals
the exact one.

Nothing here imports sectoria: every rule is re-implemented from the design brief and the
project's modelling notes (docs/model.md). The output is one JSON object on stdout (or in
``--out``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import sys
import time
import tomllib
from dataclasses import dataclass, field

T0 = time.perf_counter()

INF = math.inf

# --------------------------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------------------------

KINDS = ["college", "lycee", "lycee_pro", "erea", "ecole"]
CATEGORIES = ["rep_plus", "rep", "rural_disadvantaged", "internat", "egpa_ulis_relais_upe2a", "lycee_pro"]

DEFAULTS = {
    "schema": 1,
    "budget": {"total_fte": None, "reserve_fte": 0.0, "unit_fte": 0.1},
    "scope": {"kinds": list(KINDS), "bassins": []},
    "priorities": {
        "rep_plus": 2.0,
        "rep": 1.0,
        "rural_disadvantaged": 1.5,
        "rural_ips_threshold": 95.0,
        "rural_density_min": 5,
        "internat": 0.5,
        "egpa_ulis_relais_upe2a": 0.5,
        "lycee_pro": 0.5,
    },
    "need": {
        "pupils_per_fte_college": 1000.0,
        "pupils_per_fte_lycee": 1500.0,
        "pupils_per_fte_lycee_pro": 800.0,
        "pupils_per_fte_erea": 800.0,
        "pupils_per_fte_ecole": 800.0,
        "ips_reference": 100.0,
        "ips_factor_min": 0.75,
        "ips_factor_max": 1.5,
        "max_fte_per_establishment": 1.0,
        "cycle3_share": 0.4,
        "value_segments": [1.0, 0.6, 0.3],
    },
    "rules": {
        "min_presence_fte": 0.2,
        "min_presence_ecole_fte": 0.1,
        "max_workers_per_establishment": 1,
        "max_establishments_per_worker": 7,
        "max_distance_km": 60.0,
        "rep_plus_schools_follow_college": True,
        "must_cover": ["rep_plus"],
        "must_cover_ecoles": False,
        "fragmentation_cost": 1.0,
    },
    "travel": {"weight_per_km": 0.3, "detour_factor": 1.3, "max_weekly_km": None},
    "stability": {"penalty_per_unit": 0.0, "max_changes": None},
    "locks": {"assign": [], "forbid": []},
    "solver": {"time_limit_s": 120.0, "relative_gap": 0.005, "threads": 1, "seed": 0},
}


def load_scenario(path: str) -> dict:
    """The scenario with every default filled in; unknown keys are errors."""
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    out = {}
    for key, default in DEFAULTS.items():
        if key not in raw:
            out[key] = json.loads(json.dumps(default))
            continue
        if not isinstance(default, dict):
            out[key] = raw[key]
            continue
        section = json.loads(json.dumps(default))
        for k, v in raw[key].items():
            if k not in default:
                raise SystemExit(f"{path}: unknown key [{key}] {k}")
            section[k] = v
        out[key] = section
    for key in raw:
        if key not in DEFAULTS:
            raise SystemExit(f"{path}: unknown key {key}")
    return out


def round_half_away(x: float) -> int:
    """Rounds like Rust's f64::round (half away from zero) for non-negative values."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def fte_to_units(sc: dict, fte: float) -> int:
    return max(round_half_away(fte / sc["budget"]["unit_fte"]), 0)


def fte_to_units_floor(sc: dict, fte: float) -> int:
    return max(int(math.floor(fte / sc["budget"]["unit_fte"] + 1e-9)), 0)


def min_presence_units(sc: dict, kind: str) -> int:
    r = sc["rules"]
    fte = r["min_presence_ecole_fte"] if kind == "ecole" else r["min_presence_fte"]
    return max(fte_to_units(sc, fte), 1)


# --------------------------------------------------------------------------------------------
# Instance files (`;`-separated, decimal comma or point, optional BOM)
# --------------------------------------------------------------------------------------------


def read_table(path: str) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    out = []
    for r in rows[1:]:
        cells = [c.strip() for c in r]
        if not any(cells):
            continue
        out.append({h: (cells[j] if j < len(cells) else "") for j, h in enumerate(header)})
    return out


def dec(s: str | None) -> float | None:
    if s is None:
        return None
    t = s.strip()
    for sp in (" ", "\u00a0", "\u202f"):
        t = t.replace(sp, "")
    if not t:
        return None
    return float(t.replace(",", "."))


def flag(s: str | None) -> bool:
    return (s or "").strip().lower() in ("1", "oui", "o", "vrai", "true")


def kind_of(s: str) -> str:
    t = s.strip().lower()
    table = {
        "college": "college", "collège": "college",
        "lycee": "lycee", "lycée": "lycee", "legt": "lycee", "lgt": "lycee", "lpo": "lycee",
        "lycee_pro": "lycee_pro", "lycée_pro": "lycee_pro", "lp": "lycee_pro",
        "erea": "erea",
        "ecole": "ecole", "école": "ecole",
    }
    return table[t]


@dataclass
class Est:
    uai: str
    name: str
    kind: str
    lat: float
    lon: float
    pupils: int
    cycle3: int | None
    ips: float | None
    density: int | None
    rep: bool
    rep_plus: bool
    internat: bool
    segpa: bool
    ulis: bool
    upe2a: bool
    relais: bool
    network: str | None
    bassin: str | None


@dataclass
class WorkerRow:
    id: str
    fte: float
    base_uai: str | None  # UAI of the base, when given by UAI
    base: tuple[float, float] | None  # (lat, lon) of the base; None = chosen by the model
    max_establishments: int | None


def load_instance(folder: str):
    ests = []
    for r in read_table(os.path.join(folder, "establishments.csv")):
        opt = lambda k: (r.get(k) or "").strip() or None  # noqa: E731
        c3 = dec(opt("cycle3_pupils"))
        dens = dec(opt("density"))
        ests.append(
            Est(
                uai=r["uai"].strip().upper(),
                name=r["name"],
                kind=kind_of(r["kind"]),
                lat=dec(r["lat"]),
                lon=dec(r["lon"]),
                pupils=int(dec(r["pupils"])),
                cycle3=None if c3 is None else int(c3),
                ips=dec(opt("ips")),
                density=None if dens is None else int(dens),
                rep=flag(r.get("rep")),
                rep_plus=flag(r.get("rep_plus")),
                internat=flag(r.get("internat")),
                segpa=flag(r.get("segpa")),
                ulis=flag(r.get("ulis")),
                upe2a=flag(r.get("upe2a")),
                relais=flag(r.get("relais")),
                network=(opt("network") or "").upper() or None,
                bassin=opt("bassin"),
            )
        )
    by_uai = {e.uai: e for e in ests}
    workers = []
    wpath = os.path.join(folder, "workers.csv")
    if os.path.exists(wpath):
        for r in read_table(wpath):
            uai = (r.get("base_uai") or "").strip().upper() or None
            lat, lon = dec(r.get("base_lat")), dec(r.get("base_lon"))
            if uai is not None:
                base = (by_uai[uai].lat, by_uai[uai].lon)
            elif lat is not None and lon is not None:
                base = (lat, lon)
            else:
                base = None
            me = dec(r.get("max_establishments"))
            workers.append(
                WorkerRow(r["id"].strip(), dec(r["fte"]), uai, base, None if me is None else int(me))
            )
    current = []
    cpath = os.path.join(folder, "current.csv")
    if os.path.exists(cpath):
        for r in read_table(cpath):
            current.append((r["worker_id"].strip(), r["uai"].strip().upper(), dec(r["fte"])))
    distances = {}
    dpath = os.path.join(folder, "distances.csv")
    if os.path.exists(dpath):
        ids = {w.id for w in workers}
        for r in read_table(dpath):
            frm = r["from"].strip()
            if frm not in ids:
                frm = frm.upper()
            distances[(frm, r["to"].strip().upper())] = dec(r["km"])
    return ests, workers, current, distances


# --------------------------------------------------------------------------------------------
# The prepared problem
# --------------------------------------------------------------------------------------------

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG / GRS80), metres


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = a
    lat2, lon2 = b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return EARTH_RADIUS_M * 2 * math.asin(math.sqrt(h)) / 1000.0


def curve_value(scale: float, need_units: float, segments: list[float], units: float) -> float:
    """Service value of `units` units: scale × Σ_j v_j s_j / need_units, segments of need/n."""
    if need_units <= 0 or not segments or units <= 0:
        return 0.0
    length = need_units / len(segments)
    covered = sum(v * min(max(units - j * length, 0.0), length) for j, v in enumerate(segments))
    return scale * covered / need_units


@dataclass
class Site:
    est: Est
    score: float
    categories: list[str]
    pupils: float
    need_fte: float
    scale: float
    need_units: float
    min_units: int
    cap_units: int
    must_cover: bool

    def value(self, units: float, segments: list[float]) -> float:
        return curve_value(self.scale, self.need_units, segments, units)


@dataclass
class Staff:
    id: str
    fte: float
    base_uai: str | None
    base: tuple[float, float] | None
    capacity_units: int
    max_establishments: int


# A base choice is ("fixed", None) for a worker's own base or ("site", i) for a candidate site.


@dataclass
class Problem:
    sc: dict
    sites: list[Site]
    staff: list[Staff]
    budget_only: bool
    candidate_bases: list[int]
    head: list[int | None]
    budget_units: int
    locks: list[tuple[int, int, int | None]]
    forbidden: set[tuple[int, int]]
    current: dict[tuple[int, int], int]
    distances: dict[tuple[str, str], float]
    uai_index: dict[str, int]
    staff_index: dict[str, int]
    worker_dist_ids: set[str] = field(default_factory=set)

    def segments(self) -> list[float]:
        return self.sc["need"]["value_segments"]

    def base_pos(self, k: int, base) -> tuple[tuple[float, float], str | None]:
        if base[0] == "fixed":
            return self.staff[k].base, self.staff[k].base_uai
        s = self.sites[base[1]].est
        return (s.lat, s.lon), s.uai

    def km(self, k: int, base, i: int) -> float:
        to = self.sites[i].est.uai
        loc, base_uai = self.base_pos(k, base)
        if self.distances:
            d = self.distances.get((self.staff[k].id, to))
            if d is not None:
                return d
            if base_uai is not None:
                d = self.distances.get((base_uai, to))
                if d is not None:
                    return d
        if base_uai == to:
            return 0.0
        e = self.sites[i].est
        return haversine_km(loc, (e.lat, e.lon)) * self.sc["travel"]["detour_factor"]

    def is_distinct(self, k: int) -> bool:
        return (
            self.staff[k].base is not None
            or self.staff[k].id in self.worker_dist_ids
            or any(w == k for (w, _) in self.forbidden)
            or any(l[0] == k for l in self.locks)
            or any(w == k for (w, _) in self.current)
        )

    def is_exempt(self, k: int, i: int) -> bool:
        return (k, i) in self.current or any(l[0] == k and l[1] == i for l in self.locks)

    def is_eligible(self, k: int, base, i: int) -> bool:
        if (k, i) in self.forbidden:
            return False
        return self.is_exempt(k, i) or self.km(k, base, i) <= self.sc["rules"]["max_distance_km"] + 1e-9

    def base_options(self, k: int) -> list:
        if self.staff[k].base is not None:
            return [("fixed", None)]
        return [("site", b) for b in self.candidate_bases]


def budget_posts(total_fte: float, unit: float) -> list[tuple[str, float]]:
    """⌊total⌋ full-time posts plus one part-time remainder; ids POSTE01, POSTE02…"""
    units_total = int(math.floor(total_fte / unit + 1e-9))
    per_post = int(math.floor(1.0 / unit + 1e-9))
    if units_total <= 0 or per_post <= 0:
        return []
    full, rest = divmod(units_total, per_post)
    count = full + (1 if rest > 0 else 0)
    width = max(len(str(count)), 2)
    return [(f"POSTE{n + 1:0{width}d}", 1.0 if n < full else rest * unit) for n in range(count)]


def categories_of(e: Est, p: dict) -> list[str]:
    rep_plus = e.rep_plus or e.kind == "ecole"
    has = {
        "rep_plus": rep_plus,
        "rep": e.rep and not rep_plus,
        "rural_disadvantaged": e.kind == "college"
        and e.density is not None
        and e.density >= p["rural_density_min"]
        and e.ips is not None
        and e.ips < p["rural_ips_threshold"],
        "internat": e.internat,
        "egpa_ulis_relais_upe2a": e.segpa or e.ulis or e.relais or e.upe2a,
        "lycee_pro": e.kind == "lycee_pro",
    }
    return [c for c in CATEGORIES if has[c]]


def prepare(folder: str, sc: dict) -> Problem:
    ests, workers, current_rows, distances = load_instance(folder)
    p, nd, rules = sc["priorities"], sc["need"], sc["rules"]
    unit = sc["budget"]["unit_fte"]
    cap_units = fte_to_units_floor(sc, nd["max_fte_per_establishment"])
    sites = []
    for e in ests:
        if e.kind not in sc["scope"]["kinds"]:
            continue
        if sc["scope"]["bassins"] and e.bassin not in sc["scope"]["bassins"]:
            continue
        cats = categories_of(e, p)
        score = 1.0 + sum(p[c] for c in cats)
        if e.kind == "ecole":
            pupils = float(e.cycle3) if e.cycle3 is not None else e.pupils * nd["cycle3_share"]
        else:
            pupils = float(e.pupils)
        if e.ips is not None and e.ips > 0:
            factor = min(max(nd["ips_reference"] / e.ips, nd["ips_factor_min"]), nd["ips_factor_max"])
        else:
            factor = 1.0
        ppf = nd["pupils_per_fte_" + e.kind]
        need_fte = min(pupils / ppf * factor, nd["max_fte_per_establishment"])
        must = any(c in cats for c in rules["must_cover"]) and (e.kind != "ecole" or rules["must_cover_ecoles"])
        sites.append(
            Site(e, score, cats, pupils, need_fte, score * pupils, need_fte / unit,
                 min_presence_units(sc, e.kind), cap_units, must)
        )
    uai_index = {s.est.uai: i for i, s in enumerate(sites)}
    head: list[int | None] = [None] * len(sites)
    if rules["rep_plus_schools_follow_college"]:
        for i, s in enumerate(sites):
            if s.est.kind != "ecole":
                continue
            h = uai_index.get(s.est.network) if s.est.network else None
            if h is not None and sites[h].est.kind == "college":
                head[i] = h

    budget_only = len(workers) == 0
    if budget_only:
        total = sc["budget"]["total_fte"]
        if total is None:
            raise SystemExit("budget-only instance without budget.total_fte")
        staff_rows = [WorkerRow(pid, fte, None, None, None) for pid, fte in budget_posts(total, unit)]
    else:
        staff_rows = workers
    staff = [
        Staff(
            w.id, w.fte, w.base_uai, w.base, fte_to_units_floor(sc, w.fte),
            w.max_establishments if w.max_establishments is not None else rules["max_establishments_per_worker"],
        )
        for w in staff_rows
    ]
    staff_index = {s.id: k for k, s in enumerate(staff)}
    staff_fte = sum(s.fte for s in staff)
    total = sc["budget"]["total_fte"]
    available = staff_fte if total is None else min(total, staff_fte)
    staff_units = sum(s.capacity_units for s in staff)
    budget_units = min(fte_to_units_floor(sc, max(available - sc["budget"]["reserve_fte"], 0.0)), staff_units)
    candidate_bases = [i for i, s in enumerate(sites) if s.est.kind != "ecole"]

    def resolve(section, uai, worker):
        if worker not in staff_index:
            raise SystemExit(f"{section}: unknown worker {worker}")
        if uai.upper() not in uai_index:
            raise SystemExit(f"{section}: unknown UAI {uai}")
        return staff_index[worker], uai_index[uai.upper()]

    locks = []
    for l in sc["locks"]["assign"]:
        k, i = resolve("[locks] assign", l["uai"], l["worker"])
        locks.append((k, i, None if l.get("fte") is None else fte_to_units(sc, l["fte"])))
    forbidden = set()
    for f in sc["locks"]["forbid"]:
        forbidden.add(resolve("[locks] forbid", f["uai"], f["worker"]))
    current: dict[tuple[int, int], int] = {}
    for wid, uai, fte in current_rows:
        if wid in staff_index and uai in uai_index:
            key = (staff_index[wid], uai_index[uai])
            current[key] = current.get(key, 0) + fte_to_units(sc, fte)
    return Problem(
        sc, sites, staff, budget_only, candidate_bases, head, budget_units, locks, forbidden, current,
        distances, uai_index, staff_index, {frm for (frm, _) in distances if frm in staff_index},
    )


# --------------------------------------------------------------------------------------------
# Solutions and the exact objective
# --------------------------------------------------------------------------------------------


@dataclass
class Solution:
    bases: list  # per staff: None, ("fixed", None) or ("site", i)
    units: dict[tuple[int, int], int]  # (staff, site) -> units > 0


def objective_terms(pb: Problem, sol: Solution) -> dict:
    """Every objective term of `sol`, computed from the definitions of DESIGN §3."""
    per_site = [0] * len(pb.sites)
    for (k, i), u in sol.units.items():
        per_site[i] += u
    service = sum(s.value(float(u), pb.segments()) for s, u in zip(pb.sites, per_site))
    km = 0.0
    for (k, i), u in sorted(sol.units.items()):
        if sol.bases[k] is not None:
            km += 2.0 * pb.km(k, sol.bases[k], i) * u
    changed = 0
    # Without today's sectors nothing counts as a change (sectoria's `changed_units`).
    for (k, i), u in (sol.units.items() if pb.current else []):
        changed += abs(u - pb.current.get((k, i), 0))
    for key, today in pb.current.items():
        if sol.units.get(key, 0) == 0:
            changed += today
    sc = pb.sc
    travel = sc["travel"]["weight_per_km"] * km
    stability = sc["stability"]["penalty_per_unit"] * changed
    frag = sc["rules"]["fragmentation_cost"] * len(sol.units)
    return {
        "service_value": service,
        "travel_cost": travel,
        "stability_cost": stability,
        "fragmentation_cost": frag,
        "total": service - travel - stability - frag,
        "weekly_km": km,
        "changed_units": changed,
        "served_pairs": len(sol.units),
        "units": sum(per_site),
    }


def solution_from_plan(pb: Problem, plan: dict) -> Solution:
    bases: list = [None] * len(pb.staff)
    units: dict[tuple[int, int], int] = {}
    for w in plan["workers"]:
        k = pb.staff_index[w["id"]]
        b = w.get("base")
        if b is None:
            bases[k] = None
        elif not b["chosen_by_model"]:
            bases[k] = ("fixed", None)
        else:
            bases[k] = ("site", pb.uai_index[b["uai"]])
        for line in w["sector"]:
            if line["units"] > 0:
                key = (k, pb.uai_index[line["uai"]])
                units[key] = units.get(key, 0) + line["units"]
    return Solution(bases, units)


# --------------------------------------------------------------------------------------------
# The MIP, solver-neutral: columns, rows, objective
# --------------------------------------------------------------------------------------------


class Lp:
    """A column/row model any backend can load: maximise c·x + constant."""

    def __init__(self):
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[bool] = []
        self.cost: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []  # (coefs, lo, hi)
        self.constant = 0.0

    def col(self, lb=0.0, ub=INF, integer=False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        self.cost.append(0.0)
        return len(self.lb) - 1

    def binary(self) -> int:
        return self.col(0.0, 1.0, True)

    def row(self, terms, lo=-INF, hi=INF):
        """`terms`: iterable of (column, coefficient); duplicates are summed, zeros dropped."""
        coefs: dict[int, float] = {}
        for j, a in terms:
            coefs[j] = coefs.get(j, 0.0) + a
        coefs = {j: a for j, a in coefs.items() if a != 0.0}
        self.rows.append((coefs, lo, hi))


@dataclass
class Class:
    levels: list[tuple[int, list[int]]]  # (capacity units, members), by decreasing capacity
    fixed: bool

    def representative(self) -> int:
        return self.levels[0][1][0]

    def max_capacity(self) -> int:
        return max(c for c, _ in self.levels)

    def single(self) -> int | None:
        if len(self.levels) == 1 and len(self.levels[0][1]) == 1:
            return self.levels[0][1][0]
        return None


def make_classes(pb: Problem) -> list[Class]:
    """Distinct workers alone; the other posts grouped by sector limit, one level per capacity."""
    out: list[Class] = []
    groups: dict[int, int] = {}
    for k, st in enumerate(pb.staff):
        if pb.is_distinct(k):
            out.append(Class([(st.capacity_units, [k])], st.base is not None))
            continue
        c = groups.get(st.max_establishments)
        if c is None:
            groups[st.max_establishments] = len(out)
            out.append(Class([(st.capacity_units, [k])], False))
            continue
        for cap, members in out[c].levels:
            if cap == st.capacity_units:
                members.append(k)
                break
        else:
            out[c].levels.append((st.capacity_units, [k]))
    for c in out:
        c.levels.sort(key=lambda lv: -lv[0])
    return out


def useful_units(pb: Problem, i: int) -> int:
    s = pb.sites[i]
    u = max(max(int(math.ceil(s.need_units - 1e-9)), 0), s.min_units)
    for (_, j), c in pb.current.items():
        if j == i:
            u = max(u, c)
    for (_, j, lu) in pb.locks:
        if j == i:
            u = max(u, lu or 0)
    return min(u, s.cap_units)


def breakpoints(pb: Problem, i: int, top: int) -> list[tuple[float, float]]:
    """(units, value) at 0, the minimum presence, then every unit up to `top`; equal slopes merged."""
    s = pb.sites[i]
    m = min(s.min_units, top)
    pts = [(0.0, 0.0)]
    for t in range(m, top + 1):
        if t == 0:
            continue
        q = (float(t), s.value(float(t), pb.segments()))
        if len(pts) >= 2:
            a, b = pts[-2], pts[-1]
            s1 = (b[1] - a[1]) / (b[0] - a[0])
            s2 = (q[1] - b[1]) / (q[0] - b[0])
            if abs(s1 - s2) <= 1e-9 * max(abs(s1), 1.0):
                pts.pop()
        pts.append(q)
    return pts


@dataclass
class Station:
    cls: int
    base: tuple
    open: list[int]  # one binary per capacity level; empty for a fixed base
    pairs: list[tuple[int, float, int, int]]  # (site, km, x column, y column)


@dataclass
class Mip:
    lp: Lp
    classes: list[Class]
    stations: list[Station]
    z: list[int | None]
    dev: dict[tuple[int, int], int]
    unreachable_must_cover: list[int]


def build(pb: Problem) -> Mip:
    """DESIGN §3 in the hub formulation (see README.md for every family of rows)."""
    sc = pb.sc
    rules = sc["rules"]
    wkm = sc["travel"]["weight_per_km"]
    frag = rules["fragmentation_cost"]
    lp = Lp()
    classes = make_classes(pb)
    n = len(pb.sites)
    useful = [useful_units(pb, i) for i in range(n)]
    lock_units_at = [0] * n
    for (_, i, u) in pb.locks:
        if u is not None:
            lock_units_at[i] = max(lock_units_at[i], u)

    # Stations (a worker at its base, or a class of posts at each candidate base) and pairs.
    stations: list[Station] = []
    for c, cl in enumerate(classes):
        k = cl.representative()
        capacity = cl.max_capacity()
        for base in pb.base_options(k):
            eligible = [(i, pb.km(k, base, i)) for i in range(n) if pb.is_eligible(k, base, i)]
            at = {i for i, _ in eligible}
            eligible = [(i, d) for i, d in eligible if pb.head[i] is None or pb.head[i] in at]
            if not eligible or capacity == 0:
                continue
            opens = [] if cl.fixed else [lp.binary() for _ in cl.levels]
            pairs = []
            for i, d in eligible:
                upper = min(useful[i], max(capacity, lock_units_at[i]))
                if upper < pb.sites[i].min_units:
                    continue
                x = lp.col(0.0, float(upper), True)
                y = lp.binary()
                pairs.append((i, d, x, y))
            stations.append(Station(c, base, opens, pairs))

    # Value per site: perspective tangents of the concave curve on "served".
    served: list[list[int]] = [[] for _ in range(n)]
    units: list[list[int]] = [[] for _ in range(n)]
    for st in stations:
        for (i, _, x, y) in st.pairs:
            served[i].append(y)
            units[i].append(x)
    z: list[int | None] = [None] * n
    unreachable = []
    multi = rules["max_workers_per_establishment"] > 1
    for i, s in enumerate(pb.sites):
        if not served[i]:
            if s.must_cover:
                unreachable.append(i)
            continue
        top = useful[i]
        vmax = s.value(float(top), pb.segments())
        zi = lp.col(0.0, max(vmax, 0.0))
        z[i] = zi
        lp.cost[zi] += 1.0
        pts = breakpoints(pb, i, top)
        for (t0, v0), (t1, v1) in zip(pts, pts[1:]):
            slope = (v1 - v0) / (t1 - t0)
            intercept = v0 - slope * t0
            lp.row([(zi, 1.0)] + [(x, -slope) for x in units[i]] + [(y, -intercept) for y in served[i]], hi=0.0)
            if multi:
                lp.row([(zi, 1.0)] + [(x, -slope) for x in units[i]], hi=intercept)
        lp.row([(zi, 1.0)] + [(y, -vmax) for y in served[i]], hi=0.0)
        if multi:
            lp.row([(y, 1.0) for y in served[i]], hi=float(rules["max_workers_per_establishment"]))
            lp.row([(x, 1.0) for x in units[i]], hi=float(s.cap_units))
        else:
            lp.row([(y, 1.0) for y in served[i]], hi=1.0)
        if s.must_cover:
            lp.row([(y, 1.0) for y in served[i]], lo=1.0)

    # Stations: linking, minimum presence, capacity, sector size, travel cap, REP+ écoles.
    total_units = []
    opened_per_level: dict[tuple[int, int], list[int]] = {}
    max_km = sc["travel"]["max_weekly_km"]
    for st in stations:
        cl = classes[st.cls]
        staff = pb.staff[cl.representative()]
        y_at = {i: y for (i, _, _, y) in st.pairs}
        load, secondary, km_terms = [], [], []
        for (i, d, x, y) in st.pairs:
            s = pb.sites[i]
            up = max(useful[i], s.min_units)
            lp.row([(x, 1.0), (y, -float(s.min_units))], lo=0.0)
            lp.row([(x, 1.0), (y, -float(up))], hi=0.0)
            if st.open:
                lp.row([(y, 1.0)] + [(o, -1.0) for o in st.open], hi=0.0)
            h = pb.head[i]
            if h is not None and h in y_at:
                lp.row([(y, 1.0), (y_at[h], -1.0)], hi=0.0)
            load.append(x)
            total_units.append(x)
            km_terms.append((x, 2.0 * d))
            if s.est.kind != "ecole":
                secondary.append(y)
            lp.cost[x] -= wkm * 2.0 * d
            lp.cost[y] -= frag
        if len(st.open) > 1:
            lp.row([(o, 1.0) for o in st.open], hi=1.0)
        for l, o in enumerate(st.open):
            opened_per_level.setdefault((st.cls, l), []).append(o)
        if st.open:
            lp.row([(x, 1.0) for x in load] + [(o, -float(cl.levels[l][0])) for l, o in enumerate(st.open)], hi=0.0)
        else:
            lp.row([(x, 1.0) for x in load], hi=float(cl.levels[0][0]))
        if len(secondary) > staff.max_establishments:
            if st.open:
                lp.row([(y, 1.0) for y in secondary] + [(o, -float(staff.max_establishments)) for o in st.open],
                       hi=0.0)
            else:
                lp.row([(y, 1.0) for y in secondary], hi=float(staff.max_establishments))
        if max_km is not None:
            if st.open:
                lp.row(km_terms + [(o, -float(max_km)) for o in st.open], hi=0.0)
            else:
                lp.row(km_terms, hi=float(max_km))
    for (c, l), opens in sorted(opened_per_level.items()):
        lp.row([(o, 1.0) for o in opens], hi=float(len(classes[c].levels[l][1])))
    lp.row([(x, 1.0) for x in total_units], hi=float(pb.budget_units))

    # Workers with an identity (fixed base, or a class of one): locks and stability.
    worker_pairs: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for st in stations:
        k = classes[st.cls].single()
        if k is None:
            continue
        for (i, _, x, y) in st.pairs:
            xs, ys = worker_pairs.setdefault((k, i), ([], []))
            xs.append(x)
            ys.append(y)
    for (k, i, u) in pb.locks:
        if (k, i) in worker_pairs:
            xs, ys = worker_pairs[(k, i)]
            lp.row([(y, 1.0) for y in ys], lo=1.0, hi=1.0)
            if u is not None:
                lp.row([(x, 1.0) for x in xs], lo=float(u), hi=float(u))
        else:
            impossible = lp.col(0.0, 0.0)
            lp.row([(impossible, 1.0)], lo=1.0)
    dev: dict[tuple[int, int], int] = {}
    penalty = sc["stability"]["penalty_per_unit"]
    cap_changes = sc["stability"]["max_changes"]
    if (penalty > 0 or cap_changes is not None) and pb.current:
        keys = sorted(set(worker_pairs) | set(pb.current))
        constant = 0
        for key in keys:
            today = float(pb.current.get(key, 0))
            if key in worker_pairs:
                xs = worker_pairs[key][0]
                d = lp.col(0.0, INF)
                lp.row([(d, 1.0)] + [(x, -1.0) for x in xs], lo=-today)
                lp.row([(d, 1.0)] + [(x, 1.0) for x in xs], lo=today)
                lp.cost[d] -= penalty
                dev[key] = d
            else:
                constant += today
        lp.constant -= penalty * constant
        if cap_changes is not None:
            lp.row([(d, 1.0) for d in dev.values()], hi=float(cap_changes) - constant)
    return Mip(lp, classes, stations, z, dev, unreachable)


def decode(pb: Problem, mip: Mip, values: list[float]) -> Solution:
    """Each open station goes to the next member of the capacity level it is open at."""
    bases: list = [("fixed", None) if s.base is not None else None for s in pb.staff]
    units: dict[tuple[int, int], int] = {}
    next_member: dict[tuple[int, int], int] = {}
    for st in mip.stations:
        used = [(i, int(round(max(values[x], 0.0)))) for (i, _, x, y) in st.pairs if values[y] > 0.5]
        used = [(i, u) for i, u in used if u > 0]
        if st.open:
            lv = next((l for l, o in enumerate(st.open) if values[o] > 0.5), None)
            if lv is None or not used:
                continue
        else:
            lv = 0
        nxt = next_member.get((st.cls, lv), 0)
        members = mip.classes[st.cls].levels[lv][1]
        if nxt >= len(members):
            continue
        next_member[(st.cls, lv)] = nxt + 1
        k = members[nxt]
        if st.open:
            bases[k] = st.base
        for i, u in used:
            units[(k, i)] = units.get((k, i), 0) + u
    return Solution(bases, units)


def place(pb: Problem, mip: Mip, sol: Solution) -> list[float] | None:
    """Column values of `sol` in the MIP (z at its largest feasible value), or None."""
    lp = mip.lp
    vals = [0.0] * len(lp.lb)
    level_of = {}
    for c, cl in enumerate(mip.classes):
        for l, (_, members) in enumerate(cl.levels):
            for k in members:
                level_of[k] = (c, l)
    used_station = set()
    per_site = [0] * len(pb.sites)
    by_worker: dict[int, list[tuple[int, int]]] = {}
    for (k, i), u in sol.units.items():
        by_worker.setdefault(k, []).append((i, u))
    for k, lst in sorted(by_worker.items()):
        c, l = level_of[k]
        base = sol.bases[k]
        s = next((j for j, st in enumerate(mip.stations) if st.cls == c and st.base == base), None)
        if s is None or s in used_station:
            return None
        used_station.add(s)
        st = mip.stations[s]
        if st.open:
            vals[st.open[l]] = 1.0
        pair_at = {i: (x, y) for (i, _, x, y) in st.pairs}
        for i, u in lst:
            if i not in pair_at:
                return None
            x, y = pair_at[i]
            vals[x] = float(u)
            vals[y] = 1.0
            per_site[i] += u
    for i, zi in enumerate(mip.z):
        if zi is not None:
            vals[zi] = pb.sites[i].value(float(per_site[i]), pb.segments())
    for (k, i), d in mip.dev.items():
        vals[d] = float(abs(sol.units.get((k, i), 0) - pb.current.get((k, i), 0)))
    return vals


def violated_rows(lp: Lp, vals: list[float], tol=1e-6) -> list[tuple[int, float, float, float]]:
    out = []
    for r, (coefs, lo, hi) in enumerate(lp.rows):
        a = sum(c * vals[j] for j, c in coefs.items())
        scale = max(1.0, abs(lo) if lo > -INF else 0.0, abs(hi) if hi < INF else 0.0)
        if a < lo - tol * scale or a > hi + tol * scale:
            out.append((r, a, lo, hi))
    for j, v in enumerate(vals):
        if v < lp.lb[j] - tol or v > lp.ub[j] + tol * max(1.0, abs(lp.ub[j])):
            out.append((-1 - j, v, lp.lb[j], lp.ub[j]))
    return out


def lp_objective(lp: Lp, vals: list[float]) -> float:
    return sum(c * v for c, v in zip(lp.cost, vals) if c != 0.0) + lp.constant


# --------------------------------------------------------------------------------------------
# Backends
# --------------------------------------------------------------------------------------------


def solve_highspy(lp: Lp, time_limit: float, gap: float, threads: int, seed: int):
    import highspy
    import numpy as np

    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(os.environ.get("PEERS_SOLVER_LOG")))
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("random_seed", int(seed))
    ncol = len(lp.lb)
    inf = highspy.kHighsInf
    lb = np.array(lp.lb, dtype=np.float64)
    ub = np.array([inf if u == INF else u for u in lp.ub], dtype=np.float64)
    h.addVars(ncol, lb, ub)
    idx = np.arange(ncol, dtype=np.int32)
    h.changeColsCost(ncol, idx, np.array(lp.cost, dtype=np.float64))
    integ = np.array(
        [highspy.HighsVarType.kInteger if t else highspy.HighsVarType.kContinuous for t in lp.integer]
    )
    h.changeColsIntegrality(ncol, idx, integ)
    starts, indices, values, lower, upper = [], [], [], [], []
    for coefs, lo, hi in lp.rows:
        starts.append(len(indices))
        for j, a in coefs.items():
            indices.append(j)
            values.append(a)
        lower.append(-inf if lo == -INF else lo)
        upper.append(inf if hi == INF else hi)
    h.addRows(
        len(lp.rows),
        np.array(lower, dtype=np.float64),
        np.array(upper, dtype=np.float64),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(values, dtype=np.float64),
    )
    h.changeObjectiveOffset(lp.constant)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    t_solve = time.perf_counter()
    h.run()
    solve_s = time.perf_counter() - t_solve
    ms = h.getModelStatus()
    info = h.getInfo()
    status = h.modelStatusToString(ms)
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        return {"status": status, "solve_s": solve_s}, None
    vals = list(h.getSolution().col_value)
    return {
        "status": status,
        "solve_s": solve_s,
        "objective": info.objective_function_value,
        "bound": info.mip_dual_bound,
        "gap": info.mip_gap,
        "nodes": info.mip_node_count,
        "engine": f"highspy {h.version()}",
    }, vals


def solve_pulp(lp: Lp, time_limit: float, gap: float, threads: int, seed: int, workdir: str):
    import pulp

    prob = pulp.LpProblem("sectoria", pulp.LpMinimize)  # minimise −objective
    cols = [
        pulp.LpVariable(
            f"c{j}",
            lowBound=lp.lb[j],
            upBound=None if lp.ub[j] == INF else lp.ub[j],
            cat=pulp.LpInteger if lp.integer[j] else pulp.LpContinuous,
        )
        for j in range(len(lp.lb))
    ]
    prob += pulp.LpAffineExpression([(cols[j], -c) for j, c in enumerate(lp.cost) if c != 0.0]) - lp.constant
    for r, (coefs, lo, hi) in enumerate(lp.rows):
        e = pulp.LpAffineExpression([(cols[j], a) for j, a in coefs.items()])
        if lo == hi:
            prob += pulp.LpConstraint(e, pulp.LpConstraintEQ, f"r{r}", lo)
            continue
        if lo > -INF:
            prob += pulp.LpConstraint(e, pulp.LpConstraintGE, f"r{r}", lo)
        if hi < INF:
            prob += pulp.LpConstraint(e, pulp.LpConstraintLE, f"r{r}u" if lo > -INF else f"r{r}", hi)
    os.makedirs(workdir, exist_ok=True)
    log = os.path.join(workdir, "cbc.log")
    solver = pulp.PULP_CBC_CMD(
        timeLimit=time_limit, gapRel=gap, threads=threads, msg=False, logPath=log,
        options=[f"randomCbcSeed {seed + 1}"] if seed else None,
    )
    t_solve = time.perf_counter()
    prob.solve(solver)
    solve_s = time.perf_counter() - t_solve
    text = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
    result = None
    minimised = None
    lower = None
    for line in text.splitlines():
        t = line.strip()
        if t.startswith("Result - "):
            result = t[len("Result - "):]
        elif t.startswith("Objective value:"):
            minimised = float(t.split(":")[1])
        elif t.startswith("Lower bound:"):
            lower = float(t.split(":")[1])
    if prob.sol_status not in (1, 2):  # LpSolutionOptimal, LpSolutionIntegerFeasible
        return {"status": f"{pulp.LpStatus[prob.status]} ({result})", "solve_s": solve_s}, None
    vals = [v.varValue if v.varValue is not None else 0.0 for v in cols]
    obj = -pulp.value(prob.objective) if minimised is None else -minimised
    if lower is not None:
        bound = -lower
    elif result is not None and result.startswith("Optimal solution found") and "gap" not in result.lower():
        bound = obj
    else:
        bound = None
    out = {
        "status": result or pulp.LpStatus[prob.status],
        "solve_s": solve_s,
        "objective": obj,
        "bound": bound,
        "gap": None if bound is None else max(bound - obj, 0.0) / max(abs(obj), 1e-9),
        "engine": f"PuLP {pulp.__version__} + CBC",
    }
    return out, vals


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def relative_difference(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-9)


def evaluate(pb: Problem, plan_path: str) -> dict:
    with open(plan_path, encoding="utf-8-sig") as f:
        plan = json.load(f)
    sol = solution_from_plan(pb, plan)
    mine = objective_terms(pb, sol)
    theirs = plan["objective"]
    report = {"plan": plan_path, "python": mine, "sectoria": theirs, "differences": {}}
    ok = True
    for key in ("service_value", "travel_cost", "stability_cost", "fragmentation_cost", "total"):
        d = abs(mine[key] - theirs[key]) / max(abs(theirs["total"]), 1e-9)
        report["differences"][key] = d
        if d > 1e-6:
            ok = False
    # Per-establishment service value and per-worker km, to name the culprit if anything differs.
    per_site = {}
    for (k, i), u in sol.units.items():
        per_site[i] = per_site.get(i, 0) + u
    site_diffs = []
    for e in plan["establishments"]:
        i = pb.uai_index[e["uai"]]
        v = pb.sites[i].value(float(per_site.get(i, 0)), pb.segments())
        if abs(v - e["service_value"]) > 1e-6 * max(1.0, abs(v)):
            site_diffs.append({"uai": e["uai"], "python": v, "sectoria": e["service_value"]})
        if abs(pb.sites[i].need_fte - e["need_fte"]) > 1e-6:
            site_diffs.append({"uai": e["uai"], "need_python": pb.sites[i].need_fte, "need_sectoria": e["need_fte"]})
        if abs(pb.sites[i].score - e["priority"]["score"]) > 1e-9:
            site_diffs.append({"uai": e["uai"], "score_python": pb.sites[i].score,
                               "score_sectoria": e["priority"]["score"]})
    km_diffs = []
    for w in plan["workers"]:
        k = pb.staff_index[w["id"]]
        km = sum(2.0 * pb.km(k, sol.bases[k], i) * u for (kk, i), u in sol.units.items() if kk == k) \
            if sol.bases[k] is not None else 0.0
        if abs(km - w["weekly_km"]) > 1e-5 * max(1.0, km):
            km_diffs.append({"worker": w["id"], "python": km, "sectoria": w["weekly_km"]})
    report["site_differences"] = site_diffs
    report["worker_km_differences"] = km_diffs
    if site_diffs or km_diffs:
        ok = False
    report["solver_objective_sectoria"] = plan["solver"]["objective"]
    report["solver_objective_difference"] = relative_difference(mine["total"], plan["solver"]["objective"])
    # The same decisions placed in this MIP: every row must hold and the MIP objective must be exact.
    mip = build(pb)
    vals = place(pb, mip, sol)
    if vals is None:
        report["mip"] = {"placed": False}
        ok = False
    else:
        viol = violated_rows(mip.lp, vals)
        mobj = lp_objective(mip.lp, vals)
        report["mip"] = {
            "placed": True,
            "violated_rows": len(viol),
            "first_violations": viol[:5],
            "objective": mobj,
            "difference": relative_difference(mobj, mine["total"]),
        }
        if viol or relative_difference(mobj, mine["total"]) > 1e-6:
            ok = False
    report["agree"] = ok
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--instance", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--backend", choices=["pulp", "highspy"])
    ap.add_argument("--evaluate", metavar="PLAN_JSON")
    ap.add_argument("--time-limit", type=float, help="seconds (default: the scenario's)")
    ap.add_argument("--gap", type=float, help="relative gap (default: the scenario's)")
    ap.add_argument("--threads", type=int, help="default: the scenario's")
    ap.add_argument("--workdir", default=None, help="scratch folder for CBC's log")
    ap.add_argument("--out", help="write the JSON report here instead of stdout")
    args = ap.parse_args(argv)

    sc = load_scenario(args.scenario)
    pb = prepare(args.instance, sc)
    t_prepared = time.perf_counter()
    if args.evaluate:
        report = evaluate(pb, args.evaluate)
    elif args.backend:
        ss = sc["solver"]
        tl = args.time_limit if args.time_limit is not None else ss["time_limit_s"]
        gap = args.gap if args.gap is not None else ss["relative_gap"]
        threads = args.threads if args.threads is not None else ss["threads"]
        mip = build(pb)
        t_built = time.perf_counter()
        report = {
            "backend": args.backend,
            "sites": len(pb.sites),
            "staff": len(pb.staff),
            "budget_units": pb.budget_units,
            "columns": len(mip.lp.lb),
            "rows": len(mip.lp.rows),
            "integer_columns": sum(mip.lp.integer),
            "stations": len(mip.stations),
        }
        if mip.unreachable_must_cover:
            report["status"] = "infeasible (must_cover unreachable)"
        else:
            # The solver's remaining time: the whole run, like sectoria, within the limit.
            remaining = max(tl - (time.perf_counter() - T0), 1.0)
            if args.backend == "highspy":
                res, vals = solve_highspy(mip.lp, remaining, gap, threads, ss["seed"])
            else:
                workdir = args.workdir or os.path.join("target", "peers", "cbc")
                res, vals = solve_pulp(mip.lp, remaining, gap, threads, ss["seed"], workdir)
            report.update(res)
            if vals is not None:
                sol = decode(pb, mip, vals)
                terms = objective_terms(pb, sol)
                report["exact"] = terms
                report["exact_vs_solver"] = relative_difference(terms["total"], res["objective"])
                report["plan"] = {
                    "bases": {pb.staff[k].id: (None if b is None else
                                               (pb.sites[b[1]].est.uai if b[0] == "site" else "fixed"))
                              for k, b in enumerate(sol.bases)},
                    "sector": {f"{pb.staff[k].id} {pb.sites[i].est.uai}": u for (k, i), u in sorted(sol.units.items())},
                }
        report["prepare_s"] = t_prepared - T0
        report["build_s"] = t_built - t_prepared
    else:
        ap.error("give --backend or --evaluate")
    report["wall_s_inside"] = time.perf_counter() - T0
    text = json.dumps(report, indent=1, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    if args.evaluate:
        return 0 if report["agree"] else 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
