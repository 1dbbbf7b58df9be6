"""A flood of random searches against the site: do the article page and the article list keep their latency?

    .venv/bin/python benchmarks/search_flood.py                 # about three minutes; 127.0.0.1 only
    scripts/with-redis sh -c '.venv/bin/python benchmarks/search_flood.py --redis-url "$TEST_REDIS_URL"'

The production setup on 127.0.0.1: a throwaway PostgreSQL database (``--database``; its name must
contain "bench", "perf" or "smoke"; dropped at the end unless ``--keep``) with ``--articles`` generated
articles (benchmarks/generate.py), gunicorn with ``--workers`` sync workers (4, as
deploy/ccsis-web.service) and production settings, behind nginx with deploy/nginx.conf (as
benchmarks/slow_clients.py starts it; ``SUBMISSION_RATE_LIMIT_PROXIES=1``, so the site takes the
address nginx saw). The search keeps its production limits: ``SEARCH_RATE_LIMIT`` per address,
``SEARCH_CONCURRENCY`` slots, ``SEARCH_STATEMENT_TIMEOUT_MS``. The page cache is off
(``PAGE_CACHE_SECONDS=0``, as the other benchmarks turn it off): every ordinary request renders.

It measures an article page and the article list, each fetched one request after another from
127.0.0.1 for ``--seconds`` (a request longer than ``--timeout`` counts as that long), three times:

1. with no other traffic;
2. while ``--clients`` clients send random searches (words and phrases of the corpus's vocabulary and
   made-up words, so almost none repeats) from one address, 127.0.0.2: nginx's per-address limits and
   the site's ``SEARCH_RATE_LIMIT`` answer them;
3. the same from many addresses: each search from its own address in 127.1.0.0/16 (Linux answers the
   whole of 127.0.0.0/8 on the loopback), as a botnet would, so no per-address limit applies and only
   the share of the database protects the other pages (the concurrency cap: 503 "busy").

In each of the three runs, ``--searchers`` readers (3) also search as people do: each once every
``--search-interval`` (about 1 s, jittered by half of it, so that two sometimes search at the same
moment), each search a random one from an address of its own in 127.2.0.0/16 (the site's
``SEARCH_RATE_LIMIT`` of 30 a minute per address is for one person, not three searching every
second). It counts how many of them are answered 200 and their latency: alone all should be; during
a flood some may be turned away.

During each flood it samples PostgreSQL every 20 ms: searches holding a slot (the budget's advisory
locks) and statements running in the database. It prints Markdown tables and the targets (an
ordinary page's p95 under the flood below 1 s and within 2x of its p95 alone). The flood runs in
a process of its own, so its threads do not delay the measuring ones; every part stops by itself.
"""

import argparse
import multiprocessing
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.search_flood_report import report  # noqa: E402
from benchmarks.search_traffic import READER, fetch, flood, measure_page, measure_searches  # noqa: E402
from benchmarks.server import Database, Server, log  # noqa: E402
from benchmarks.slow_clients import Nginx, environment, settle  # noqa: E402

# nginx's log of a search it turned away: which of its limits (deploy/nginx.conf) did it
REFUSAL = re.compile(r'limiting (?:requests|connections)(?:, excess: [\d.]+)? by zone "(\w+)", client: ([\d.]+)')
ZONES = {"ccsis_search": "queue full", "ccsis_search_now": "in flight"}
ADVISORY_KEY = 0x5EA2C4  # articles/search/budget.py


class Sampler:
    """PostgreSQL seen every ``interval`` s: searches holding a slot, statements running (others' only)."""

    SQL = (
        "SELECT count(*) FILTER (WHERE a.state = 'active'), array_agg(a.pid),"
        " (SELECT count(*) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
        f"  AND l.classid = {ADVISORY_KEY} AND l.objsubid = 2 AND l.database = d.oid)"
        " FROM pg_stat_activity a, pg_database d"
        " WHERE d.datname = current_database() AND a.datname = d.datname AND a.pid <> pg_backend_pid()"
        " GROUP BY d.oid"
    )

    def __init__(self, url, interval=0.02):
        self.url, self.interval = url, interval
        self.stop = threading.Event()
        self.samples = []
        self.backends = {}  # pid: [CPU seconds when first seen, when last seen]

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as connection:
            while not self.stop.wait(self.interval):
                active, pids, slots = connection.execute(self.SQL).fetchone() or (0, [], 0)
                self.samples.append((active, slots))
                for pid in pids:
                    if seconds := cpu_seconds([pid]):  # 0: gone since; keep what it had used
                        self.backends.setdefault(pid, [seconds, seconds])[1] = seconds

    def cpu(self):
        """CPU seconds the database's sessions used between the samples (from each one's first)."""
        return sum(last - first for first, last in self.backends.values())

    def __enter__(self):
        if self.url.startswith("postgres"):
            self.thread = threading.Thread(target=self.run, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if hasattr(self, "thread"):
            self.thread.join(timeout=10)


def refusals(path, start):
    """The ordinary searchers' searches nginx turned away since ``start`` (bytes into its error log), by
    the limit that did it."""
    if not path.exists():
        return Counter()
    with path.open("rb") as file:
        file.seek(start)
        text = file.read().decode(errors="replace")
    found = (match.groups() for match in REFUSAL.finditer(text))
    return Counter(ZONES.get(zone, "per address") for zone, client in found if client.startswith("127.2."))


def cpu_seconds(pids):
    """CPU time (user + system, s) the processes ``pids`` have used so far (0 for one that is gone)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def summary(samples):
    if not samples:
        return {"samples": 0}
    active, slots = zip(*samples, strict=True)
    return {
        "samples": len(samples),
        "max_slots": max(slots),
        "mean_slots": statistics.mean(slots),
        "max_active": max(active),
        "mean_active": statistics.mean(active),
    }


def merge(results):
    """The rounds of each run pooled: latencies, failures, samples and CPU times added up."""
    pooled = {}
    for result in results:
        into = pooled.setdefault(result["name"], {"name": result["name"], "pages": {}, "db": [], "cpu": Counter()})
        for key, page in result["pages"].items():
            mine = into["pages"].setdefault(key, {"latencies": [], "failures": Counter()})
            mine["latencies"] += page["latencies"]
            mine["failures"].update(page["failures"])
        into["db"] += result["db"]
        into["cpu"].update(result["cpu"])
        searches = into.setdefault("searches", {"counts": Counter(), "latencies": [], "nginx": Counter()})
        searches["counts"].update(result["searches"]["counts"])
        searches["nginx"].update(result["searches"]["nginx"])
        searches["latencies"] += result["searches"]["latencies"]
        if "flood" in result:
            flood = into.setdefault("flood", {"counts": Counter(), "latencies": [], "cpu": 0.0})
            flood["counts"].update(result["flood"]["counts"])
            flood["latencies"] += result["flood"]["latencies"]
            flood["cpu"] += result["flood"]["cpu"]
    for result in pooled.values():
        result["db"] = summary(result["db"])
    return list(pooled.values())


# --- One run -------------------------------------------------------------------------------------


def run(name, servers, pages, args, database_url, many=None):
    """The ordinary pages measured for ``args.seconds`` (alone when ``many`` is None, else under a flood),
    and the CPU time gunicorn's workers and nginx used meanwhile."""
    log(f"benchmark: {name}")
    gunicorn, nginx = servers
    port = nginx.port
    process = None
    if many is not None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no Django, no pool threads
        stop, queue = context.Event(), context.Queue()
        flood_seconds = args.seconds + 2 * args.ramp + args.timeout
        process = context.Process(
            target=flood,
            args=(port, args.clients, many, stop, flood_seconds, args.timeout, args.flood_nice, queue),
            daemon=True,
        )
        process.start()
        time.sleep(args.ramp)  # let the flood take its places
    measured = {key: {} for key in pages}
    threads = [
        threading.Thread(
            target=measure_page, args=(port, path, args.seconds, args.interval, args.timeout, measured[key])
        )
        for key, path in pages.items()
    ]
    searches = {"counts": Counter(), "latencies": [], "lock": threading.Lock()}
    threads += [
        threading.Thread(
            target=measure_searches,
            args=(port, args.seconds, args.search_interval, args.timeout, f"{name} {n} {time.time()}", searches),
        )
        for n in range(args.searchers)
    ]
    workers, proxies = gunicorn.worker_pids(), [nginx.process.pid, *children(nginx.process.pid)]
    nginx_log = nginx.folder / "nginx-error.log"
    log_start = nginx_log.stat().st_size if nginx_log.exists() else 0
    cpu = {"workers": cpu_seconds(workers), "nginx": cpu_seconds(proxies)}
    with Sampler(database_url) as sampler:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + args.timeout + 30)
        cpu = {"workers": cpu_seconds(workers) - cpu["workers"], "nginx": cpu_seconds(proxies) - cpu["nginx"]}
    if sampler.samples:
        cpu["postgres"] = sampler.cpu()
    del searches["lock"]
    searches["nginx"] = refusals(nginx_log, log_start)
    result = {"name": name, "pages": measured, "searches": searches, "db": sampler.samples, "cpu": cpu}
    if process is not None:
        stop.set()
        result["flood"] = queue.get(timeout=args.seconds + 3 * args.timeout + 30)
        process.join(timeout=args.timeout + 10)
        if process.is_alive():
            process.terminate()
    return result


# --- The command ---------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="generated articles (default 10,000)")
    parser.add_argument(
        "--database",
        default="postgres://postgres@127.0.0.1:5432/ccsis_bench_flood",
        help="a throwaway database, dropped and recreated (default: ccsis_bench_flood on local PostgreSQL)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4, as in deploy/)")
    parser.add_argument("--clients", type=int, default=32, help="flooding clients (default 32)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each measurement (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the three runs, pooled (default 2)")
    parser.add_argument("--ramp", type=float, default=2, help="seconds the flood runs before measuring (default 2)")
    parser.add_argument("--interval", type=float, default=0.125, help="a reader's pace per page (default 0.125 s)")
    parser.add_argument("--searchers", type=int, default=3, help="ordinary readers searching (default 3)")
    parser.add_argument(
        "--search-interval", type=float, default=1.0, help="an ordinary reader's pace between searches (default 1 s)"
    )
    parser.add_argument("--timeout", type=float, default=5, help="a request's time limit (default 5 s)")
    parser.add_argument("--flood-nice", type=int, default=19, help="the flood client's niceness (default 19)")
    parser.add_argument("--redis-url", default="", help="the throttles' Redis, as in production (default: files)")
    parser.add_argument("--search-concurrency", type=int, help="SEARCH_CONCURRENCY (default: the site's, 2)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    subprocess.run([ROOT / "scripts" / "ensure-nginx"], check=True)
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="ccsis-flood-") as name:
        folder = Path(name)
        env = environment(folder) | {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": args.database,
            "SUBMISSION_RATE_LIMIT_PROXIES": "1",  # nginx appends the address it saw (deploy/nginx.conf)
            "THROTTLE_CACHE_DIR": str(folder / "throttles"),  # counts of this run only
            "CACHE_KEY_PREFIX": f"ccsis-flood-{secrets.token_hex(4)}",
        }
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
        if args.search_concurrency:
            env["SEARCH_CONCURRENCY"] = str(args.search_concurrency)
        os.environ |= env
        os.environ["DJANGO_SETTINGS_MODULE"] = "caucasuscenter.settings"
        database = Database(args.database)
        database.recreate()
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        from django.conf import settings
        from django.db import connections

        from benchmarks.pages import pick_paths

        started = time.monotonic()
        log(f"benchmark: generating {args.articles} articles")
        generate.generate(args.articles, **generate.proportions(args.articles), log=log)
        facts = {
            "articles": args.articles,
            "generate_seconds": time.monotonic() - started,
            "rate_limit": settings.SEARCH_RATE_LIMIT,
            "concurrency": settings.SEARCH_CONCURRENCY,
            "statement_timeout": settings.SEARCH_STATEMENT_TIMEOUT_MS,
            "throttles": "Redis" if settings.REDIS_URL else "files",
        }
        _conference, paths = pick_paths()
        pages = {"article": paths["article"], "list": paths["list"]}
        connections.close_all()
        try:
            with Server(env, args.workers, folder) as gunicorn, Nginx(folder, gunicorn.port) as nginx:
                for path in pages.values():  # warm-up: imports, templates, the facet cache
                    for _ in range(3):
                        fetch(nginx.port, path, READER, args.timeout)
                servers, results = (gunicorn, nginx), []
                for round in range(args.rounds):  # interleaved, so that each run sees the machine's noise
                    log(f"benchmark: round {round + 1} of {args.rounds}")
                    results.append(run("alone", servers, pages, args, args.database))
                    results.append(run("flood, one address", servers, pages, args, args.database, many=False))
                    settle(gunicorn.port)
                    results.append(run("flood, many addresses", servers, pages, args, args.database, many=True))
                    settle(gunicorn.port)
                results = merge(results)
        finally:
            if not args.keep:
                database.drop()
    print(report(results, pages, args, facts))
    load_after = os.getloadavg()
    print(f"\nLoad average (1 min) before: {load_before[0]:.2f}; after: {load_after[0]:.2f}.")


if __name__ == "__main__":
    main()
