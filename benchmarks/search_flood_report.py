"""The Markdown report of benchmarks/search_flood.py: latencies per page and run, the searches' answers
by kind, the database's view, CPU time, the targets."""

import os
import statistics

from benchmarks.search_traffic import READER

# --- The report ----------------------------------------------------------------------------------


def cuts(latencies):
    if len(latencies) < 2:
        return {"p50": latencies[0], "p95": latencies[0], "p99": latencies[0]}
    percentiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50": statistics.median(latencies), "p95": percentiles[94], "p99": percentiles[98]}


KINDS = ["200", "429 nginx", "429 site", "503 nginx", "503 busy", "503 slow"]
LABELS = {"article": "Article page", "list": "Article list"}


def report(results, pages, args, facts):
    lines = [
        f"{facts['articles']} articles (generated in {facts['generate_seconds']:.0f} s), PostgreSQL; "
        f"gunicorn {args.workers} sync workers behind nginx (deploy/nginx.conf); page cache off; "
        f"SEARCH_RATE_LIMIT {facts['rate_limit']}/min per address, SEARCH_CONCURRENCY {facts['concurrency']}, "
        f"SEARCH_STATEMENT_TIMEOUT_MS {facts['statement_timeout']}; throttles in {facts['throttles']}.",
        f"Each page fetched one request after another (at most one per {args.interval * 1000:.0f} ms) from {READER}"
        f" for {args.seconds:.0f} s per run, {args.rounds} rounds of the three runs (pooled); the flood: "
        f"{args.clients} clients sending random searches; a request over {args.timeout:.0f} s counts as "
        f"{args.timeout:.0f} s.",
        "",
        "| Run | page | requests | failed | p50 | p95 | p99 | max |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    figures = {}
    for result in results:
        for key in pages:
            page = result["pages"][key]
            figure = cuts(page["latencies"])
            figures[result["name"], key] = figure
            failed = sum(page["failures"].values())
            failed_text = f"{failed} ({', '.join(f'{k}: {v}' for k, v in page['failures'].items())})" if failed else "0"
            lines.append(
                f"| {result['name']} | {LABELS[key]} | {len(page['latencies'])} | {failed_text} "
                f"| {figure['p50']:.0f} ms | {figure['p95']:.0f} ms | {figure['p99']:.0f} ms "
                f"| {max(page['latencies']):.0f} ms |"
            )
    lines += [
        "",
        "| Flood | searches | " + " | ".join(KINDS) + " | other | search p50 | search p95 "
        "| searches holding a slot (max / mean) | statements running (max / mean) |",
        "| --- | ---: | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        if "flood" not in result:
            continue
        counts, latencies, db = result["flood"]["counts"], result["flood"]["latencies"], result["db"]
        other = ", ".join(f"{k}: {v}" for k, v in counts.items() if k not in KINDS) or "0"
        searches = cuts(latencies) if latencies else {"p50": 0, "p95": 0}
        sampled = (
            f"| {db['max_slots']} / {db['mean_slots']:.1f} | {db['max_active']} / {db['mean_active']:.1f} |"
            if db["samples"]
            else "| – | – |"
        )
        lines.append(
            f"| {result['name']} | {sum(counts.values())} | "
            + " | ".join(str(counts.get(k, 0)) for k in KINDS)
            + f" | {other} | {searches['p50']:.0f} ms | {searches['p95']:.0f} ms {sampled}"
        )
    lines += [
        "",
        f"Ordinary searches: {args.searchers} readers each searching about once every"
        f" {args.search_interval:.1f} s (jittered by half), each search from an address of its own:",
        "",
        "| Run | searches | answered 200 | turned away | nginx's, by limit | p50 (200) | p95 (200) | max (200) |",
        "| --- | ---: | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for result in results:
        counts, latencies = result["searches"]["counts"], result["searches"]["latencies"]
        away = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()) if k != "200") or "0"
        limits = ", ".join(f"{k}: {v}" for k, v in sorted(result["searches"]["nginx"].items())) or "–"
        figure = cuts(latencies) if latencies else {"p50": 0, "p95": 0}
        lines.append(
            f"| {result['name']} | {sum(counts.values())} | {counts.get('200', 0)} | {away} | {limits} "
            f"| {figure['p50']:.0f} ms | {figure['p95']:.0f} ms | {max(latencies, default=0):.0f} ms |"
        )
    lines += [
        "",
        f"CPU time used during each run's {args.rounds} × {args.seconds:.0f} s of measurement"
        f" (the machine has {os.cpu_count()} cores; the flood client's figure covers its whole run):",
        "",
        "| Run | gunicorn workers | PostgreSQL (the site's sessions) | nginx | flood client |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        client = f"{result['flood']['cpu']:.1f} s" if "flood" in result else "–"
        cpu = result["cpu"]
        database = f"{cpu['postgres']:.1f} s" if "postgres" in cpu else "–"
        lines.append(f"| {result['name']} | {cpu['workers']:.1f} s | {database} | {cpu['nginx']:.1f} s | {client} |")
    lines += ["", "| Target | figure | met |", "| --- | --- | --- |"]
    alone = results[0]["name"]
    for result in results[1:]:
        for key in pages:
            before, under = figures[alone, key]["p95"], figures[result["name"], key]["p95"]
            ratio = under / before if before else float("inf")
            met = "yes" if under < 1000 and ratio <= 2 else "**no**"
            lines.append(
                f"| {LABELS[key]}, {result['name']}: p95 < 1 s and ≤ 2× alone "
                f"| {under:.0f} ms, {ratio:.2f}× ({before:.0f} ms alone) | {met} |"
            )
    counts = results[0]["searches"]["counts"]
    answered, sent = counts.get("200", 0), sum(counts.values())
    lines.append(
        f"| Ordinary searches, alone: every one answered 200 | {answered} of {sent} "
        f"| {'yes' if sent and answered == sent else '**no**'} |"
    )
    return "\n".join(lines)
