"""The benchmark's report, in Markdown: each page's figures as ratios of the two floors measured in the same
run, and a table of the targets, met or not."""

import os
import platform

from benchmarks.load import TIMEOUT
from benchmarks.pages import PAGES
from benchmarks.server import Database

FLOORS = {"constant": "Floor: constant 10 KB page", "rows": "Floor: template with 20 rows, one query"}
TARGETS_UNCACHED = {"article": 0.55, "author": 0.55, "home": 0.45, "list": 0.45, "filtered": 0.45, "search": 0.35}
TARGET_CACHED = 0.6
TARGET_MEMORY_MB = 120
TARGET_SEARCH_P95_MS, TARGET_SEARCH_P50_MS = 100, 40  # first visits included
# The saves whose first visits are timed (benchmarks.views.save).
SAVES = {
    "publish": "A new piece published",
    "edit-recent": "The newest piece edited",
    "edit-settled": "The oldest piece edited",
}
TARGET_FIRST_VISIT_P95_MS = 60  # home, list and article page, nothing kept (as after a save)
TARGET_P99_GROWTH = 1.2


def report(results, args):
    lines = []
    out = lines.append
    out(f"Machine: {os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}; ")
    out(f"gunicorn {args.workers} sync workers; wrk 1 thread, {args.connections} connections; ")
    out(f"{args.repeats} runs of {args.duration} s per page (medians); database: {Database(args.database).vendor}.")
    out("")
    for result in results:
        size = result["size"]
        out(
            f"### {size:,} articles ({result['counts']['authors']:,} authors, {result['counts']['series']:,} series, "
            f"{result['counts']['tags']:,} tags, {result['counts']['abstracts']:,} abstracts; "
            + (
                "a corpus kept from an earlier run)"
                if result.get("reused")
                else f"generated in {result['generate_seconds']} s)"
            )
        )
        for mode, measured in result["modes"].items():
            constant, rows = measured["floor_constant"]["rps"], measured["floor_rows"]["rps"]
            out("")
            out(f"**{mode}** (PAGE_CACHE_SECONDS={'0' if mode == 'uncached' else '600'})")
            out("")
            out("| Page | req/s | p50 ms | p99 ms | queries | worker peak MB | × realistic floor | × constant floor |")
            out("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for key in ("floor_constant", "floor_rows", *PAGES):
                if key not in measured:
                    continue
                m = measured[key]
                label = FLOORS[key.removeprefix("floor_")] if key.startswith("floor_") else PAGES[key][0]
                failed = f" ({m['failed']} failed)" if m["failed"] else ""
                peak = f"{m['peak_mb']:.0f}" if "peak_mb" in m else "–"
                out(
                    f"| {label}{failed} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p99']:.1f} | "
                    f"{m.get('queries', '–')} | {peak} | {m['rps'] / rows:.2f} | {m['rps'] / constant:.2f} |"
                )
        if "search_timing" in result:
            t = result["search_timing"]
            out("")
            out(f"Single searches, one after another ({t['n']}): p50 {t['p50']:.1f} ms, p95 {t['p95']:.1f} ms.")
        if "first_visits" in result:
            out("")
            out("**First visits** (nothing kept: page cache, kept parts and facet counts off, as on the first")
            out("request after a save; single requests one after another)")
            out("")
            out("| Page | requests | p50 ms | p95 ms | max ms |")
            out("| --- | ---: | ---: | ---: | ---: |")
            for key, t in result["first_visits"].items():
                out(f"| {PAGES[key][0]} | {t['n']} | {t['p50']:.1f} | {t['p95']:.1f} | {t['max']:.1f} |")
        if "after_saves" in result:
            out("")
            out("**First visits after a save** (the server keeping what production keeps, its cache in Redis;")
            out("each request the first after a save, single requests one after another)")
            out("")
            out("| Save | Page | requests | p50 ms | p95 ms | max ms |")
            out("| --- | --- | ---: | ---: | ---: | ---: |")
            for t in result["after_saves"]:
                out(
                    f"| {SAVES[t['save']]} | {PAGES[t['page']][0]} | {t['n']} "
                    f"| {t['p50']:.1f} | {t['p95']:.1f} | {t['max']:.1f} |"
                )
        out("")
    out(targets(results))
    return "\n".join(lines)


def targets(results):
    lines = ["### Targets", "", "| Target | Figure | Met |", "| --- | --- | --- |"]

    def row(name, figure, met):
        lines.append(f"| {name} | {figure} | {'yes' if met else '**no**'} |")

    for result in results:
        size = f"{result['size']:,}"
        uncached = result["modes"].get("uncached", {})
        for key, target in TARGETS_UNCACHED.items():
            if key in uncached:
                ratio = uncached[key]["rps"] / uncached["floor_rows"]["rps"]
                row(
                    f"{size}: {PAGES[key][0]}, uncached ≥ {target:.0%} of the realistic floor",
                    f"{ratio:.0%}",
                    ratio >= target,
                )
        cached = result["modes"].get("cached", {})
        for key, (label, cacheable) in PAGES.items():
            if cacheable and key in cached:
                ratio = cached[key]["rps"] / cached["floor_constant"]["rps"]
                row(
                    f"{size}: {label}, cache warm ≥ {TARGET_CACHED:.0%} of the constant floor",
                    f"{ratio:.0%}",
                    ratio >= TARGET_CACHED,
                )
        peak = max((m.get("peak_mb", 0) for mode in result["modes"].values() for m in mode.values()), default=0)
        row(f"{size}: worker peak memory < {TARGET_MEMORY_MB} MB", f"{peak:.0f} MB", peak < TARGET_MEMORY_MB)
    largest = results[-1]
    if "first_visits" in largest:
        for key, t in largest["first_visits"].items():
            if key == "search":
                row(
                    f"{largest['size']:,}: search, every visit a first one, p95 < {TARGET_SEARCH_P95_MS} ms",
                    f"{t['p95']:.1f} ms",
                    t["p95"] < TARGET_SEARCH_P95_MS,
                )
                row(
                    f"{largest['size']:,}: search, every visit a first one, p50 < {TARGET_SEARCH_P50_MS} ms",
                    f"{t['p50']:.1f} ms",
                    t["p50"] < TARGET_SEARCH_P50_MS,
                )
            elif "after_saves" not in largest:  # the nearest there is to a first visit after a save
                label = f"{largest['size']:,}: {PAGES[key][0]}, first visit with nothing kept"
                row(
                    f"{label}, p95 < {TARGET_FIRST_VISIT_P95_MS} ms",
                    f"{t['p95']:.1f} ms",
                    t["p95"] < TARGET_FIRST_VISIT_P95_MS,
                )
    for t in largest.get("after_saves", []):
        label = f"{largest['size']:,}: {PAGES[t['page']][0]}, first visit after {SAVES[t['save']].lower()}"
        row(
            f"{label}, p95 < {TARGET_FIRST_VISIT_P95_MS} ms", f"{t['p95']:.1f} ms", t["p95"] < TARGET_FIRST_VISIT_P95_MS
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        for mode in large["modes"]:
            for key in PAGES:
                if key in large["modes"][mode] and key in small["modes"].get(mode, {}):
                    a, b = small["modes"][mode][key], large["modes"][mode][key]
                    name = f"p99 at {large['size']:,} ≤ {TARGET_P99_GROWTH}× p99 at {small['size']:,}: {PAGES[key][0]}"
                    name += f", {mode}"
                    if a["failed"] or b["failed"] or not a["p99"] or not b["p99"]:
                        row(name, f"requests failed or took over {TIMEOUT} s", False)
                    else:
                        growth = b["p99"] / a["p99"]
                        row(name, f"{growth:.2f}× ({a['p99']:.1f} → {b['p99']:.1f} ms)", growth <= TARGET_P99_GROWTH)
    return "\n".join(lines)
