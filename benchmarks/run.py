"""Benchmark the site as production serves it, each page against two floors measured in the same run.

    .venv/bin/python benchmarks/run.py --sizes 1000,100000          # what benchmarks/RESULTS.md reports
    .venv/bin/python benchmarks/run.py --sizes 20 --duration 1 --repeats 1 --pages article   # a smoke run

For each corpus size it:

1. recreates a throwaway database (``--database``: PostgreSQL by default, ``ccsis_perf`` on the local
   server; its name must contain "bench", "perf" or "smoke"), migrates it and generates the corpus
   (benchmarks/generate.py: authors, series, tags and abstracts in proportion);
2. for each mode (``uncached``: ``PAGE_CACHE_SECONDS=0``; ``cached``: the anonymous page cache on and
   warmed), serves the site with gunicorn (sync workers, production settings: DEBUG off, HTTPS as a
   load balancer reports it with ``X-Forwarded-Proto``) on 127.0.0.1, with the two floor views of
   benchmarks/views.py mounted (``BENCHMARK_URLS=1``);
3. drives each page with wrk (installed with apt when missing and root), ``--repeats`` runs of
   ``--duration`` seconds after a warm-up, and keeps the medians of requests per second, p50 and p99
   latency; counts each page's queries (in this process, with Django's test client, same database and
   settings); reads the peak resident memory of the workers from /proc (reset before each page);
4. measures the floors at the start and at the end of each mode, and prints each page's throughput as a
   ratio of them, in Markdown;
5. times single searches one after another (p50, p95), and compares p99 between the sizes;
6. times first visits (``--first-visits``): a server keeping nothing (page cache, kept page parts and
   facet counts off, as on the first request after a save) answers single requests one after another
   for the home page, the list, as many different article pages and each benchmark search;
7. times first visits after a save (``--after-saves``): a server keeping what production keeps, its
   cache in a Redis it shares with every worker, answers each page once after each save the
   benchmark asks it to make (a new piece published, the newest or the oldest piece edited).

The database is dropped at the end unless ``--keep``. Every run is bounded: nothing here waits longer
than its duration plus a timeout.

This file is the entry point (the command line and one size's run); the rest is beside it:
benchmarks/server.py (the database and gunicorn), load.py (wrk and the POST script), pages.py (what is
requested, query counts, search timings) and report.py (the Markdown tables and the targets).
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.load import abstract_post, ensure_wrk, measure, post_script  # noqa: E402
from benchmarks.pages import (  # noqa: E402
    PAGES,
    article_paths,
    count_queries,
    pick_paths,
    time_after_saves,
    time_first_visits,
    time_searches,
)
from benchmarks.report import report  # noqa: E402
from benchmarks.server import Database, Server, log, server_env  # noqa: E402


def bench_size(size, args, static_root, secret_key, work):
    from django.db import connections

    from conferences.models import Abstract

    database = Database(args.database)
    connections.close_all()
    counts = generate.proportions(size)
    started = time.monotonic()
    reused = args.reuse and database.holds(size)
    if reused:
        log(f"benchmark: reusing the {size}-article corpus in {args.database}")
    else:
        database.recreate()
        env = server_env(args, static_root, secret_key, 0)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        log(f"benchmark: generating {size} articles {counts}")
        generate.generate(size, **counts, log=log)
    database.settle()
    result = {"size": size, "counts": counts, "generate_seconds": round(time.monotonic() - started, 1), "modes": {}}
    result["reused"] = reused
    conference, paths = pick_paths()
    pages = [key for key in PAGES if key in args.pages]

    for mode in args.modes:
        cache_seconds = 0 if mode == "uncached" else 600
        measured = {}
        log(f"benchmark: {size} articles, {mode}")
        with Server(server_env(args, static_root, secret_key, cache_seconds), args.workers, work) as server:
            for floor in ("constant", "rows"):
                measured[f"floor_{floor}_start"] = measure(server, f"/_bench/{floor}/", args)
            for key in pages:
                if mode == "cached" and not PAGES[key][1]:
                    continue
                script = post_script(server, paths[key], conference, work) if key == "form_post" else None
                measured[key] = measure(server, paths[key], args, script)
                if key == "form_post":
                    post = lambda: abstract_post(conference, token=str(uuid.uuid4()))  # noqa: E731
                    measured[key]["queries"] = count_queries(paths[key], cache_seconds, post=post)
                else:
                    measured[key]["queries"] = count_queries(paths[key], cache_seconds)
                log(f"  {key}: {measured[key]['rps']:.0f} req/s, p99 {measured[key]['p99']:.1f} ms")
            for floor in ("constant", "rows"):
                measured[f"floor_{floor}_end"] = measure(server, f"/_bench/{floor}/", args)
            if mode == "uncached" and "search" in pages:
                result["search_timing"] = time_searches(server.port, args.search_repeat)
        for floor in ("constant", "rows"):
            runs = measured.pop(f"floor_{floor}_start")["runs"] + measured.pop(f"floor_{floor}_end")["runs"]
            measured[f"floor_{floor}"] = {
                "rps": statistics.median(run["rps"] for run in runs),
                "p50": statistics.median(run["p50"] for run in runs),
                "p99": statistics.median(run["p99"] for run in runs),
                "failed": sum(run["failed"] + run["socket_errors"] for run in runs),
                "runs": runs,
            }
        result["modes"][mode] = measured
    if args.first_visits:
        log(f"benchmark: {size} articles, first visits (nothing kept)")
        with Server(server_env(args, static_root, secret_key, 0, keep_nothing=True), args.workers, work) as server:
            articles = article_paths(args.first_visits)
            result["first_visits"] = time_first_visits(server.port, paths, articles, args.first_visits)
    if args.after_saves:
        redis_url = shared_redis(args)
        if redis_url is None:
            log("benchmark: no Redis answers: the first visits after a save are not timed (--redis-url)")
        else:
            log(f"benchmark: {size} articles, first visits after a save (the cache in {redis_url})")
            env = server_env(argparse.Namespace(**{**vars(args), "redis_url": redis_url}), static_root, secret_key, 0)
            env["CACHE_KEY_PREFIX"] = f"ccsis-bench-{uuid.uuid4().hex[:8]}"  # none of another run's keys
            with Server(env, args.workers, work) as server:
                result["after_saves"] = time_after_saves(server.port, paths, args.after_saves)
    result["abstracts_posted"] = Abstract.objects.count() - counts["abstracts"]
    connections.close_all()
    if not args.keep:
        database.drop()
    return result


def shared_redis(args):
    """The Redis the first visits after a save share with the server (a save must reach every
    worker): ``--redis-url``, else ``TEST_REDIS_URL``, else the local one's database 14; ``None``
    when none answers."""
    import redis

    url = args.redis_url or os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="corpus sizes, comma-separated (default 1000,100000)")
    parser.add_argument(
        "--database",
        default="postgres://postgres@127.0.0.1:5432/ccsis_perf",
        help="a throwaway database, dropped and recreated (default: ccsis_perf on local PostgreSQL)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="gunicorn workers (default: CPUs)")
    parser.add_argument("--connections", type=int, help="wrk connections (default: 2 per worker)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per page; medians are reported (default 3)")
    parser.add_argument("--modes", default="uncached,cached", help="uncached, cached or both (default both)")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"a subset of {','.join(PAGES)}")
    parser.add_argument("--redis-url", default="", help="serve the cache from this Redis (default: local memory)")
    parser.add_argument("--search-repeat", type=int, default=4, help="passes over the search queries (default 4)")
    parser.add_argument(
        "--first-visits", type=int, default=20, help="first visits timed per page, nothing kept (default 20; 0: none)"
    )
    parser.add_argument(
        "--after-saves",
        type=int,
        default=20,
        help="saves, each followed by a timed first visit, per page and kind of save (default 20; 0: none)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a corpus of that size kept by --keep, not a new one"
    )
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",")]
    args.modes = args.modes.split(",")
    args.pages = args.pages.split(",")
    args.connections = args.connections or 2 * args.workers
    ensure_wrk()

    secret_key = secrets.token_urlsafe(50)
    with tempfile.TemporaryDirectory(prefix="ccsis-bench-") as tmp:
        work = Path(tmp)
        static_root = work / "static"
        os.environ |= server_env(args, static_root, secret_key, 0)
        os.environ["DJANGO_SETTINGS_MODULE"] = "caucasuscenter.settings"
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=dict(os.environ),
            check=True,
        )
        import django

        django.setup()
        load = os.getloadavg()
        results = [bench_size(size, args, static_root, secret_key, work) for size in args.sizes]
    print(report(results, args))
    print(f"\nLoad average before: {load[0]:.2f}; after: {os.getloadavg()[0]:.2f}.")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
