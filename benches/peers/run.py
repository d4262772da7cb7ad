#!/usr/bin/env python3
"""Times sectoria against its Python peers (PuLP + CBC, highspy) on the same instances.

For each instance: `sectoria plan` end to end, then `model.py --evaluate` on its plan (the
objective recomputed independently), then `model.py --backend pulp` and `--backend highspy`
end to end; all with the same relative gap, time limit and one thread. Writes
target/peers/results.csv and target/peers/results.md and prints the table.

Run through run.sh, which prepares the virtual environment; see README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
import tomllib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
SECTORIA = os.path.join(ROOT, "target", "release", "sectoria")
WORK = os.path.join(ROOT, "target", "peers")
DEPARTEMENTS = ["012", "031", "034", "048", "066"]
QUICK_DEPARTEMENTS = ["048"]


# A minimal TOML writer for scenario files (tables of scalars, lists, inline tables).
def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items() if x is not None) + " }"
    raise TypeError(v)


def write_scenario(src: str, dst: str, time_limit: float, gap: float, threads: int, method: str | None = None) -> None:
    with open(src, "rb") as f:
        sc = tomllib.load(f)
    sc.setdefault("solver", {})
    sc["solver"].update({"time_limit_s": float(time_limit), "relative_gap": float(gap), "threads": threads, "seed": 0})
    if method is not None:
        sc["solver"]["method"] = method
    lines = [f"# Written by benches/peers/run.py from {os.path.relpath(src, ROOT)}", ""]
    for k, v in sc.items():
        if not isinstance(v, dict):
            lines.append(f"{k} = {toml_value(v)}")
    for k, v in sc.items():
        if isinstance(v, dict):
            lines += ["", f"[{k}]"] + [f"{kk} = {toml_value(vv)}" for kk, vv in v.items() if vv is not None]
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


LAST_CPU = [0.0]


def timed(cmd: list[str], timeout: float, log: str) -> tuple[int, float]:
    """Runs `cmd`, stdout and stderr to `log`; returns (exit code, wall seconds). The CPU
    seconds (user + system) of the process and its children go to LAST_CPU[0]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        try:
            rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, cwd=ROOT).returncode
        except subprocess.TimeoutExpired:
            rc = -9
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return rc, wall


def instances(args) -> list[tuple[str, str, str]]:
    """(name, instance folder, scenario) of every instance to run."""
    out = [("demo", os.path.join(ROOT, "data", "demo"), os.path.join(ROOT, "data", "demo", "scenario.toml"))]
    deps = args.departements or (QUICK_DEPARTEMENTS if args.quick else DEPARTEMENTS)
    data = os.path.abspath(args.donnees)
    if not os.path.isdir(data):
        print(f"[peers] {data} is absent: real départements skipped (demo only)", flush=True)
        return out
    for d in deps:
        folder = os.path.join(WORK, "instances", d)
        rc, _ = timed(
            [SECTORIA, "import", "--departement", d, "--donnees", data, "--pupils-per-fte", "1600", "--out", folder],
            300,
            os.path.join(WORK, "logs", f"import-{d}.log"),
        )
        scenario = os.path.join(folder, "scenario.toml")
        if rc != 0 or not os.path.exists(scenario):
            print(f"[peers] import of {d} failed (see target/peers/logs/import-{d}.log): skipped", flush=True)
            continue
        out.append((d, folder, scenario))
    return out


def normalise_status(solver: str, raw: str | None, gap: float | None) -> str:
    """sectoria's vocabulary (optimal, gap_reached, time_limit) for every engine's status."""
    if raw is None:
        return ""
    t = raw.lower()
    if "time limit" in t or "stopped on time" in t:
        return "time_limit"
    if t.startswith("optimal"):
        return "gap_reached" if ("gap" in t or (gap or 0.0) > 1e-6) else "optimal"
    return raw


def fmt(x, digits=2):
    if x is None or x == "":
        return ""
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="demo and 048 only, shorter limit")
    ap.add_argument("--time-limit", type=float, help="seconds (default 120, 30 with --quick)")
    ap.add_argument("--gap", type=float, default=0.005)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--donnees", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--departements", nargs="*", help="override the list of départements")
    ap.add_argument("--solvers", default="sectoria,sectoria-compact,pulp,highspy",
                    help="sectoria (default method), sectoria-compact ([solver] method = \"compact\": the peers' "
                         "formulation), pulp, highspy; sectoria first")
    args = ap.parse_args()
    time_limit = args.time_limit or (30.0 if args.quick else 120.0)
    solvers = args.solvers.split(",")
    os.makedirs(os.path.join(WORK, "logs"), exist_ok=True)
    python = sys.executable
    rows = []
    evaluations = []
    for name, folder, src_scenario in instances(args):
        scenario = os.path.join(WORK, "scenarios", f"{name}.toml")
        write_scenario(src_scenario, scenario, time_limit, args.gap, args.threads)
        # sectoria on the peers' own formulation (the compact model, DESIGN §3).
        compact_scenario = os.path.join(WORK, "scenarios", f"{name}-compact.toml")
        write_scenario(src_scenario, compact_scenario, time_limit, args.gap, args.threads, "compact")
        outdir = os.path.join(WORK, "out", name)
        os.makedirs(outdir, exist_ok=True)
        guard = 2 * time_limit + 120  # CBC may overrun its limit; never wait forever
        ref = None
        ref_compact = None
        for solver in solvers:
            log = os.path.join(WORK, "logs", f"{name}-{solver}.log")
            row = {"instance": name, "solver": solver, "load_before": round(os.getloadavg()[0], 2)}
            print(f"[peers] {name}: {solver} …", flush=True)
            if solver in ("sectoria", "sectoria-compact"):
                # The binary may be rebuilt while the bench runs: record which one ran.
                row["sectoria_build"] = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(os.path.getmtime(SECTORIA)))
                sdir = os.path.join(outdir, solver)
                scn = scenario if solver == "sectoria" else compact_scenario
                cmd = [SECTORIA, "plan", "--instance", folder, "--scenario", scn, "--out", sdir, "--force"]
                rc, wall = timed(cmd, guard, log)
                row.update(wall_s=wall, cpu_s=LAST_CPU[0], exit=rc)
                plan_path = os.path.join(sdir, "plan.json")
                if rc == 0 and os.path.exists(plan_path):
                    with open(plan_path, encoding="utf-8") as f:
                        plan = json.load(f)
                    s = plan["solver"]
                    row.update(
                        status=s["status"], objective=s["objective"], bound=s["best_bound"], gap=s["relative_gap"],
                        columns=s["variables"], rows=s["constraints"],
                        sites=len(plan["establishments"]), staff=len(plan["workers"]),
                    )
                    if solver == "sectoria-compact":
                        ref_compact = row
                        if ref is not None and ref.get("wall_s"):
                            row["ratio"] = wall / ref["wall_s"]
                            row["cpu_ratio"] = row["cpu_s"] / max(ref["cpu_s"], 1e-9)
                        rows.append(row)
                        print(f"[peers]   {fmt(row.get('wall_s'))} s, {row.get('status')}, objective "
                              f"{fmt(row.get('objective'))}, bound {fmt(row.get('bound'))}", flush=True)
                        continue
                    # Independent recomputation of the plan's objective.
                    ev_out = os.path.join(outdir, "evaluate.json")
                    erc, _ = timed(
                        [python, os.path.join(HERE, "model.py"), "--instance", folder, "--scenario", scenario,
                         "--evaluate", plan_path, "--out", ev_out],
                        600, os.path.join(WORK, "logs", f"{name}-evaluate.log"),
                    )
                    ev = json.load(open(ev_out, encoding="utf-8")) if os.path.exists(ev_out) else {}
                    evaluations.append((name, ev))
                    row["evaluate"] = "agree" if ev.get("agree") else f"DISAGREE (exit {erc})"
                    ref = row
                else:
                    row["status"] = f"failed (exit {rc})"
            else:
                pout = os.path.join(outdir, f"{solver}.json")
                if os.path.exists(pout):
                    os.remove(pout)
                cmd = [python, os.path.join(HERE, "model.py"), "--instance", folder, "--scenario", scenario,
                       "--backend", solver, "--time-limit", str(time_limit), "--gap", str(args.gap),
                       "--threads", str(args.threads), "--workdir", os.path.join(outdir, f"{solver}-work"),
                       "--out", pout]
                rc, wall = timed(cmd, guard, log)
                row.update(wall_s=wall, cpu_s=LAST_CPU[0], exit=rc)
                if rc == 0 and os.path.exists(pout):
                    r = json.load(open(pout, encoding="utf-8"))
                    row.update(status_raw=r.get("status"), columns=r.get("columns"), rows=r.get("rows"),
                               sites=r.get("sites"), staff=r.get("staff"),
                               build_s=r.get("build_s"), solve_s=r.get("solve_s"))
                    if "exact" in r:
                        # The plan's own objective (a MIP solution may leave a slack continuous
                        # column below its best value; the plan is worth its exact objective).
                        obj = r["exact"]["total"]
                        row.update(objective=obj, solver_objective=r["objective"], bound=r.get("bound"))
                        if r.get("bound") is not None:
                            row["gap"] = max(r["bound"] - obj, 0.0) / max(abs(obj), 1e-9)
                    row["status"] = normalise_status(solver, r.get("status"), row.get("gap"))
                else:
                    row["status"] = "killed (guard timeout)" if rc == -9 else f"failed (exit {rc})"
                if ref is not None and ref.get("wall_s"):
                    row["ratio"] = wall / ref["wall_s"]
                    row["cpu_ratio"] = row["cpu_s"] / max(ref["cpu_s"], 1e-9)
                if ref_compact is not None and ref_compact.get("wall_s"):
                    row["ratio_compact"] = wall / ref_compact["wall_s"]
                if ref is not None and ref.get("objective") is not None and row.get("objective") is not None:
                    a, b = ref["objective"], row["objective"]
                    diff = abs(a - b) / max(abs(a), abs(b), 1e-9)
                    tol = max(ref.get("gap") or 0.0, row.get("gap") or 0.0) + 1e-6
                    row["obj_diff"] = diff
                    row["agree"] = "yes" if diff <= tol else "NO"
                    # Each plan must lie below the other's proven bound.
                    ok = True
                    if ref.get("bound") is not None and b > ref["bound"] * (1 + 1e-6) + 1e-6:
                        ok = False
                    if row.get("bound") is not None and a > row["bound"] * (1 + 1e-6) + 1e-6:
                        ok = False
                    row["bounds_consistent"] = "yes" if ok else "NO"
            rows.append(row)
            print(f"[peers]   {fmt(row.get('wall_s'))} s, {row.get('status')}, objective {fmt(row.get('objective'))}, "
                  f"bound {fmt(row.get('bound'))}", flush=True)

    fields = ["instance", "sites", "staff", "solver", "wall_s", "cpu_s", "status", "objective", "bound", "gap", "ratio",
              "cpu_ratio", "ratio_compact", "obj_diff", "agree", "bounds_consistent", "evaluate", "columns", "rows", "build_s", "solve_s",
              "solver_objective", "status_raw", "load_before", "sectoria_build", "exit"]
    with open(os.path.join(WORK, "results.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    stamps = sorted({r["sectoria_build"] for r in rows if r.get("sectoria_build")})
    stamp = " and ".join(stamps) or "?"
    loads = [r["load_before"] for r in rows]
    md = [
        f"Time limit {time_limit:g} s, relative gap {args.gap:g}, {args.threads} thread(s); wall clock end to end; "
        f"sectoria binary built {stamp} UTC (per instance in results.csv); {os.cpu_count()} CPUs, 1-min load average before each run "
        f"{min(loads):.1f}–{max(loads):.1f} (see results.csv).",
        "",
        "| instance | sites | posts | solver | wall s | CPU s | status | objective | bound | gap % | "
        "peer/sectoria wall | CPU | peer/sectoria-compact wall | objectives agree |",
        "|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        agree = r.get("agree", "")
        if r["solver"] == "sectoria":
            agree = f"evaluate: {r.get('evaluate', '')}"
        elif agree:
            agree += f" (Δ {100 * r['obj_diff']:.3f} %, bounds {r['bounds_consistent']})"
        md.append(
            f"| {r['instance']} | {fmt(r.get('sites'))} | {fmt(r.get('staff'))} | {r['solver']} | "
            f"{fmt(r.get('wall_s'), 1)} | {fmt(r.get('cpu_s'), 1)} | {r.get('status', '')} | {fmt(r.get('objective'), 1)} | "
            f"{fmt(r.get('bound'), 1)} | {fmt(None if r.get('gap') is None else 100 * r['gap'], 2)} | "
            f"{fmt(r.get('ratio'), 2)} | {fmt(r.get('cpu_ratio'), 2)} | {fmt(r.get('ratio_compact'), 2)} | {agree} |"
        )
    md.append("")
    for name, ev in evaluations:
        if not ev:
            md.append(f"- {name}: evaluation failed (see target/peers/logs/{name}-evaluate.log)")
            continue
        d = ev["differences"]
        md.append(
            f"- {name}: plan objective recomputed in Python {ev['python']['total']:.6f} vs sectoria "
            f"{ev['sectoria']['total']:.6f} (largest term difference {max(d.values()):.1e} relative); "
            f"plan placed in the Python MIP: {ev['mip'].get('violated_rows', 'not placed')} violated rows, "
            f"MIP objective difference {ev['mip'].get('difference', float('nan')):.1e}"
        )
    text = "\n".join(md) + "\n"
    with open(os.path.join(WORK, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print()
    print(text)
    print(f"[peers] written {os.path.relpath(os.path.join(WORK, 'results.csv'), ROOT)} and results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
