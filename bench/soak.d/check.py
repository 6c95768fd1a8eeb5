"""After a soak: every accepted write is in the history (one change per write, the last revision stored), the
locust statistics hold no failure and no connection error, and the server stayed within its memory bound.
Prints the throughput and p99 of each route. Exit 1 on any failure."""

import csv
import json
import sys
import urllib.request

address, stats_csv, writes_file, peak_mb, bound_mb = sys.argv[1:6]
failed = []

with open(stats_csv, encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
print(f"{'route':58} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'failures':>8}")
for row in rows:
    name = row["Name"] if row["Type"] in ("", "None") or row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
    print(
        f"{name[:58]:58} {row['Request Count']:>9} {float(row['Requests/s']):8.1f} "
        f"{row['50%']:>7} {row['99%']:>7} {row['Failure Count']:>8}"
    )
    if row["Name"] == "Aggregated" and int(row["Failure Count"]) > 0:
        failed.append(f"{row['Failure Count']} requests failed (5xx, 4xx or connection errors)")

history = json.load(urllib.request.urlopen(f"{address}/api/v1/targets/T01/history"))
with open(writes_file, encoding="utf-8") as f:
    accepted = json.load(f)
written = 0
for key, count in accepted.items():
    year, quality = key.split("/")
    changes = [c for c in history if str(c.get("year")) == year and c.get("quality") == quality]
    written += count
    # Each writer waits for its answer before writing again, so at most its last write was cut off by the end of
    # the run after the server took it: the history holds every accepted write, and at most one more.
    if not count <= len(changes) <= count + 1:
        failed.append(f"T01 {key}: {count} writes accepted, {len(changes)} in the history")
    figure = json.load(urllib.request.urlopen(f"{address}/api/v1/targets/T01"))
    stored = [m for m in figure["measurements"] if m["year"] == int(year) and m["quality"] == quality]
    if not stored or stored[0]["revision"] != len(changes):
        failed.append(f"T01 {key}: {len(changes)} changes in the history, revision {stored[0]['revision'] if stored else None}")
print(f"writes accepted: {written}, each in the history, the stored revision its last: {'no' if failed else 'yes'}")
print(f"server memory: peak {peak_mb} MB (bound {bound_mb} MB)")
if int(peak_mb) > int(bound_mb):
    failed.append(f"peak memory {peak_mb} MB over the bound of {bound_mb} MB")
for f in failed:
    print("FAILED:", f)
sys.exit(1 if failed else 0)
