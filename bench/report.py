#!/usr/bin/env python3
"""Turns the raw results of bench/run.sh for one JDK into docs/bench/results-<tag>.md and an SVG
chart e2e-<tag>.svg. Usage: report.py OUT_DIR TAG"""
import json
import math
import os
import sys

out, tag = sys.argv[1], sys.argv[2]


def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else None


machine = load(f"machine-{tag}.json") or {}
jmh = load(f"jmh-{tag}.json") or []
e2e = load(f"e2e-{tag}.json") or {"cases": []}
cold = []
if os.path.exists(os.path.join(out, f"cold-{tag}.jsonl")):
    cold = [json.loads(l) for l in open(os.path.join(out, f"cold-{tag}.jsonl")) if l.strip().startswith("{")]

# ---- JMH
calls = {}
for b in jmh:
    name = b["benchmark"].rsplit(".", 1)[1]
    mode = b.get("params", {}).get("mode", "")
    alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    calls[(name, mode)] = (b["primaryMetric"]["score"], b["primaryMetric"]["scoreError"], alloc)


def ns(name, mode):
    v = calls.get((name, mode))
    return v[0] if v else float("nan")


def fmt(x, digits=1):
    # JMH writes the error of a single iteration as the string "NaN"
    if x is None or isinstance(x, str) or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


lines = [f"# Benchmark results, {tag}", ""]
lines.append(f"Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, {machine.get('memGiB', '?')} GiB, "
             f"{machine.get('os', '?')}. JDK: {machine.get('jdk', '?')}. Commit {machine.get('commit', '?')}, "
             f"{machine.get('date', '?')}. Load average before / after: {machine.get('loadBefore', '?')} / "
             f"{machine.get('loadAfter', '?')} (the machine is shared: compare ratios within this run).")
lines.append("")

# ---- targets
cases = {c["case"]: {v["variant"]: v for v in c["variants"]} for c in e2e["cases"]}


def e2e_ns(case, variant):
    v = cases.get(case, {}).get(variant)
    return v["nsPerRow"] if v else float("nan")


def ratio(a, b):
    return a / b if b and not math.isnan(a) and not math.isnan(b) else float("nan")


targets = [
    ("ROW<a INT, b STRING> identity (JSON), end to end: wasm compiled / Java UDF", ratio(e2e_ns("row", "wasm compiled"), e2e_ns("row", "Java UDF")), 1.3),
    ("top-3 of ARRAY<DOUBLE>[16] (JSON), end to end: wasm compiled / Java UDF", ratio(e2e_ns("top3", "wasm compiled"), e2e_ns("top3", "Java UDF")), 1.5),
    ("1 KiB upper, end to end: wasm compiled (8 bytes a step) / built-in UPPER", ratio(e2e_ns("upper1k", "wasm compiled, 8 bytes a step"), e2e_ns("upper1k", "built-in")), 1.5),
    ("ROW identity, per call (JMH, Flink's conversions included): invoker / Java UDF", ratio(ns("rowInvoker", "compiled"), ns("rowJava", "compiled")), 1.3),
    ("top-3, per call (JMH, Flink's conversions included): invoker / Java UDF", ratio(ns("top3Invoker", "compiled"), ns("top3Java", "compiled")), 1.5),
    ("numeric UDF (i32 add), end to end: wasm compiled / built-in", ratio(e2e_ns("add", "wasm compiled"), e2e_ns("add", "built-in")), 1.3),
    ("numeric UDF (i32 add), end to end: wasm compiled / Java UDF", ratio(e2e_ns("add", "wasm compiled"), e2e_ns("add", "Java UDF")), 1.1),
    ("16-byte string UDF (upper), end to end: wasm compiled / built-in UPPER", ratio(e2e_ns("upper16", "wasm compiled"), e2e_ns("upper16", "built-in")), 2.0),
    ("fib(20), end to end: wasm compiled / Java UDF", ratio(e2e_ns("fib20", "wasm compiled"), e2e_ns("fib20", "Java UDF")), 1.5),
    ("fib(20), per call (JMH): invoker compiled / Java", ratio(ns("fibInvoker", "compiled"), ns("fibJava", "compiled")), 1.5),
    ("8 cheap calls per row, end to end: manifest with instance_num 4 (LOAD MODULE) / Java UDF",
     ratio(e2e_ns("cheap8", "wasm instance_num 4 (LOAD MODULE)"), e2e_ns("cheap8", "Java UDF")), 1.25),
]
lines += ["## Targets", "", "| target | measured | limit | met? |", "|---|---|---|---|"]
for label, r, limit in targets:
    met = "-" if math.isnan(r) else ("yes" if r <= limit else "**no**")
    lines.append(f"| {label} | {fmt(r, 2)}x | {limit}x | {met} |")
echo_ratio = ratio(ns("echo16Extism", "compiled"), ns("echo16Invoker", "compiled"))
lines.append(f"| Extism ABI, echo of 16 bytes (JMH): Extism plugin / our ABI, compiled | {fmt(echo_ratio, 2)}x "
             f"({fmt(ns('echo16Extism', 'compiled'))} ns against {fmt(ns('echo16Invoker', 'compiled'))} ns) | - | - |")
over = ns("addInvoker", "compiled") - ns("addChicory", "compiled")
over_nt = ns("addInvokerNoTimeout", "compiled") - ns("addChicory", "compiled")
lines.append(f"| call overhead (JMH add): invoker - bare Chicory call, compiled | {fmt(over, 1)} ns "
             f"({fmt(over_nt, 1)} ns with timeout_ms = 0) | 10 ns | "
             f"{'-' if math.isnan(over) else ('yes' if over <= 10 else '**no**')} |")
lines.append("")

# ---- end to end
lines += ["## End to end: datagen -> Calc -> blackhole, parallelism 1", "",
          f"Median of {e2e.get('rounds', '?')} alternating rounds; per-row time with the job's fixed cost subtracted. "
          "'function' is the per-row time minus the 'no function' row (what computing the value costs).", ""]
for c in e2e["cases"]:
    vs = {v["variant"]: v for v in c["variants"]}
    base = vs.get("no function", {}).get("nsPerRow")
    bi = vs.get("built-in", {}).get("nsPerRow")
    jv = vs.get("Java UDF", {}).get("nsPerRow")
    sync = vs.get("wasm sync (instance_num 1)", {}).get("nsPerRow")
    lines += [f"### {c['case']}", "",
              "| variant | expression | rows | ns/row | rows/s | function ns/row | / built-in | / Java UDF | whole job ms (/ Java UDF) | runs (ns/row) |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    jv_job = vs.get("Java UDF", {}).get("jobMs")
    for v in c["variants"]:
        x = v["nsPerRow"]
        fn = x - base if base is not None else None
        job = v.get("jobMs")
        job_col = "-" if job is None else (f"{job:,.0f}" + (f" ({job / jv_job:.2f})" if jv_job and v['rows'] == vs['Java UDF']['rows'] else ""))
        extra = ""
        if sync:
            extra = f" (speed-up {sync / x:.2f}x)"
        lines.append(f"| {v['variant']}{extra} | `{v['expr']}` | {v['rows']:,} | {fmt(x)} | {1e9 / x:,.0f} | "
                     f"{fmt(fn) if fn is not None else '-'} | {fmt(ratio(x, bi), 2) if bi else '-'} | "
                     f"{fmt(ratio(x, jv), 2) if jv else '-'} | {job_col} | {', '.join(fmt(r) for r in v['runsNsPerRow'])} |")
    lines.append("")

# ---- crossover of the asynchronous pool: spin(N) synchronously and over pools of 2 and 4
spins = sorted((int(c["case"][4:]), c["case"]) for c in e2e["cases"] if c["case"].startswith("spin") and c["case"][4:].isdigit())
if spins:
    lines += ["## Crossover: when does a pool of instances pay?", "",
              "`spin(N)`: N rounds of a multiply-add chain in the guest per call, parallelism 1. "
              "Speed-up = synchronous ns/row / pooled ns/row (above 1: the pool wins).", "",
              "| N | sync ns/row | pool of 2 ns/row | pool of 4 ns/row | speed-up 2 | speed-up 4 |",
              "|---|---|---|---|---|---|"]
    for n, name in spins:
        sy = e2e_ns(name, "wasm sync (instance_num 1)")
        p2 = e2e_ns(name, "wasm async, pool of 2")
        p4 = e2e_ns(name, "wasm async, pool of 4")
        lines.append(f"| {n:,} | {fmt(sy)} | {fmt(p2)} | {fmt(p4)} | {fmt(ratio(sy, p2), 2)}x | {fmt(ratio(sy, p4), 2)}x |")
    lines.append("")

# ---- JMH table
lines += ["## Per call (JMH, ns/op and bytes allocated per op)", "",
          "`Chicory` is a bare `ExportFunction.apply` with a reused argument array (for strings: alloc, write, "
          "call, read, two deallocs by hand); `Invoker` is `FunctionInvoker.invoke` as a Flink row calls it; "
          "`Java` the same function in plain Java; `BuiltIn` Flink's `BinaryStringData.toUpperCase`.", "",
          "| benchmark | compiled ns | compiled B/op | interpreted ns | interpreted B/op |", "|---|---|---|---|---|"]
names = []
for (n, m) in calls:
    if n not in names:
        names.append(n)
for n in names:
    c, i = calls.get((n, "compiled")), calls.get((n, "interpreted"))
    java_like = n.endswith("Java") or n.endswith("BuiltIn")
    lines.append(f"| {n} | {fmt(c[0]) + ' ± ' + fmt(c[1]) if c else '-'} | {fmt(c[2], 0) if c else '-'} | "
                 f"{'(same)' if java_like else (fmt(i[0]) + ' ± ' + fmt(i[1]) if i else '-')} | "
                 f"{'' if java_like else (fmt(i[2], 0) if i else '-')} |")
lines.append("")

# ---- cold start
if cold:
    lines += ["## Cold start and footprint", "",
              "One JVM per line. `first compile` = parse + translate to JVM bytecode, the first in the JVM "
              "(class loading included); `cache store` writes Chicory's compile cache to disk, `cache load` is a new "
              "JVM reading it; `first instance` includes loading the generated classes.", "",
              "| module | bytes | exports | cache | first compile ms | warm compile ms | parse only ms | first instance ms | instance ms | heap KiB / instance |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for c in cold:
        if "module" in c:
            lines.append(f"| {c['module']} | {c['bytes']:,} | {c['functions']} | {c['cache'] or 'off'} | "
                         f"{fmt(c['firstCompileMs'])} | {fmt(c['warmCompileMs'])} | {fmt(c['parseOnlyMs'])} | "
                         f"{fmt(c['firstInstanceMs'])} | {fmt(c['instanceMs'], 2)} | {fmt(c['heapKiBPerInstance'])} |")
    fr = {}
    for c in cold:
        if "firstRow" in c:
            fr.setdefault(c["firstRow"], []).append(c["ms"])
    if fr:
        lines += ["", "Time from submitting `SELECT f(n) FROM datagen` to a running MiniCluster to the first row "
                  "(f = fib; a fresh JVM each, median of 3):", "", "| function | ms (median) | runs |", "|---|---|---|"]
        for k, v in fr.items():
            s = sorted(v)
            lines.append(f"| {k} | {s[len(s) // 2]:.0f} | {', '.join(f'{x:.0f}' for x in v)} |")
    lines.append("")

open(os.path.join(out, f"results-{tag}.md"), "w").write("\n".join(lines) + "\n")

# ---- chart: per-row time relative to the Java UDF (or the first variant), log scale
colors = {"no function": "#bbbbbb", "built-in": "#4c78a8", "Java UDF": "#f58518", "wasm compiled": "#54a24b",
          "wasm interpreted": "#e45756"}
rows = []
for c in e2e["cases"]:
    vs = c["variants"]
    ref = next((v["nsPerRow"] for v in vs if v["variant"] == "Java UDF"), vs[0]["nsPerRow"])
    refname = "Java UDF" if any(v["variant"] == "Java UDF" for v in vs) else vs[0]["variant"]
    rows.append((f"{c['case']} (1 = {refname}, {fmt(ref)} ns/row)", None, None))
    for v in vs:
        rows.append((v["variant"], v["nsPerRow"] / ref, v["nsPerRow"]))
W, left, barh, gap = 860, 250, 16, 4
H = 50 + len(rows) * (barh + gap) + 30
lo, hi = 0.5, max([r[1] for r in rows if r[1]] + [2]) * 1.3
def X(v):
    return left + (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * (W - left - 120)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="10" y="20" font-size="14" font-weight="bold">End-to-end per-row time relative to the Java UDF ({tag}, log scale, lower is better)</text>']
for t in [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]:
    if lo <= t <= hi:
        svg.append(f'<line x1="{X(t):.1f}" y1="35" x2="{X(t):.1f}" y2="{H - 25}" stroke="#dddddd"/>')
        svg.append(f'<text x="{X(t):.1f}" y="{H - 10}" text-anchor="middle" fill="#666">{t}x</text>')
y = 40
for label, r, raw in rows:
    if r is None:
        svg.append(f'<text x="10" y="{y + 12}" font-weight="bold">{label}</text>')
    else:
        col = colors.get(label, "#72b7b2")
        svg.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{label}</text>')
        svg.append(f'<rect x="{X(lo):.1f}" y="{y}" width="{max(1, X(r) - X(lo)):.1f}" height="{barh}" fill="{col}"/>')
        svg.append(f'<text x="{X(r) + 5:.1f}" y="{y + 12}">{r:.2f}x ({fmt(raw)} ns)</text>')
    y += barh + gap
svg.append('</svg>')
open(os.path.join(out, f"e2e-{tag}.svg"), "w").write("\n".join(svg) + "\n")
print(f"wrote {out}/results-{tag}.md and e2e-{tag}.svg")
