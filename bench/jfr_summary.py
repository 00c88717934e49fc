#!/usr/bin/env python3
"""Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording: the share of samples each
method is on top of the stack (self) and anywhere in the stack (total).

    bench/jfr_summary.py profile.jfr [top N] [stack filter substring]
"""
import collections
import json
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
keep = sys.argv[3] if len(sys.argv) > 3 else None
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]
self_count = collections.Counter()
total_count = collections.Counter()
n = 0
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    names = [f["method"]["type"]["name"].split(".")[-1] + "." + f["method"]["name"] for f in frames]
    if keep and not any(keep in x for x in names):
        continue
    n += 1
    if names:
        self_count[names[0]] += 1
    for x in set(names):
        total_count[x] += 1
print(f"{n} samples" + (f" with '{keep}' in the stack" if keep else ""))
print(f"{'self %':>7} {'total %':>8}  method")
for name, c in self_count.most_common(top):
    print(f"{100.0 * c / n:7.1f} {100.0 * total_count[name] / n:8.1f}  {name}")
