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
5. times single searches one after another (p50, p95), and compares p99 between the sizes.

The database is dropped at the end unless ``--keep``. Every run is bounded: nothing here waits longer
than its duration plus a timeout.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402

PAGES = {
    # key: (label, cached mode measures it?)
    "home": ("Home", True),
    "list": ("Article list", True),
    "filtered": ("Filtered list", True),
    "article": ("Article page", True),
    "author": ("Author page", True),
    "series": ("Series page", True),
    "search": ("Search", True),
    "feed": ("Feed (RSS)", True),
    "form_get": ("Abstract form (GET)", False),
    "form_post": ("Abstract form (POST)", False),
}
FLOORS = {"constant": "Floor: constant 10 KB page", "rows": "Floor: template with 20 rows, one query"}
TARGETS_UNCACHED = {"article": 0.6, "author": 0.6, "list": 0.4, "filtered": 0.4, "search": 0.4}
TARGET_CACHED = 0.6
TARGET_MEMORY_MB = 120
TARGET_SEARCH_P95_MS = 50
TARGET_P99_GROWTH = 1.2
HTTPS = {"X-Forwarded-Proto": "https"}
TIMEOUT = 10  # seconds wrk waits for a response; a slower one counts as failed


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# --- The database --------------------------------------------------------------------------------


class Database:
    """A throwaway database the benchmark may drop and recreate."""

    def __init__(self, url):
        self.url = url
        parts = urlsplit(url)
        self.vendor = "postgresql" if parts.scheme.startswith("postgres") else "sqlite"
        if self.vendor == "postgresql":
            self.name = parts.path.lstrip("/")
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            if not re.search(r"bench|perf|smoke", self.name):
                sys.exit(f"benchmark: refusing to drop {self.name!r}; name a throwaway database (bench/perf/smoke)")
        else:
            self.path = Path(parts.path)
            if self.path.resolve() == (ROOT / "db.sqlite3").resolve():
                sys.exit("benchmark: refusing to overwrite the project's db.sqlite3")

    def recreate(self):
        self.drop()
        if self.vendor == "postgresql":
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(sql)


# --- The server ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(args, static_root, secret_key, page_cache_seconds):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE"))}
    env |= {
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database,
        "BENCHMARK_URLS": "1",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "STATIC_ROOT": str(static_root),
        "SUBMISSION_RATE_LIMIT": "1000000000",  # the POST benchmark sends thousands of abstracts from one address
        "LOG_LEVEL": "ERROR",
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


class Server:
    """gunicorn serving the site on 127.0.0.1 (stopped on exit)."""

    def __init__(self, env, workers, log_dir):
        self.env, self.workers, self.log_dir = env, workers, log_dir

    def __enter__(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "--chdir", str(ROOT), "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(self.workers), "--worker-class", "sync", "--timeout", "60"]
        command += ["--error-logfile", str(self.log_dir / "gunicorn.log"), "caucasuscenter.wsgi:application"]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"benchmark: gunicorn exited; see {self.log_dir / 'gunicorn.log'}")
            try:
                if get(self.port, "/_bench/constant/")[0] == 200 and len(self.worker_pids()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        sys.exit("benchmark: gunicorn did not answer within 60 s")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def reset_peak_memory(self):
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM, the peak resident set

    def peak_memory_mb(self):
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024)
        return max(peaks, default=0.0)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(port, path, headers=None):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=HTTPS | (headers or {}))
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


# --- Load ----------------------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("benchmark: installing Debian's wrk package")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
        if shutil.which("wrk"):
            return
    sys.exit("benchmark: wrk is not installed (apt-get install wrk)")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, duration, connections, script=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", f"--timeout={TIMEOUT}s", "--latency"]
    command += ["-H", "X-Forwarded-Proto: https"]
    command += ["-s", str(script)] if script else []
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 60).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match[1]) * UNITS[match[2]]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(50),
        "p99": latency(99),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "failed": int(bad[1]) if bad else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def measure(server, path, args, script=None):
    url = server.base + path
    wrk(url, min(2, args.duration), args.connections, script)  # warm-up: connections, caches, imports
    server.reset_peak_memory()
    runs = [wrk(url, args.duration, args.connections, script) for _ in range(args.repeats)]
    return {
        "path": path,
        "runs": runs,
        "rps": statistics.median(run["rps"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "failed": sum(run["failed"] + run["socket_errors"] for run in runs),
        "peak_mb": server.peak_memory_mb(),
    }


POST_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=%(cookie)s"
wrk.headers["Origin"] = "https://%(host)s"
local body = "%(body)s"
local counter = 0
function hex(n) local s = "" for i = 1, n do s = s .. string.format("%%x", math.random(0, 15)) end return s end
request = function()
  counter = counter + 1
  local token = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-a" .. hex(3) .. "-" .. hex(12)
  return wrk.format(nil, nil, nil, (body:gsub("SUBMISSION_TOKEN", token)))
end
"""


def abstract_post(conference, token="SUBMISSION_TOKEN", csrf=None):
    from conferences.forms import MAX_AUTHORS

    data = {
        "submission_token": token,
        "homepage": "",
        "title": "Trust across the line of contact",
        "topic": str(conference.topics.first().pk),
        "text": "Peace between Armenia and Azerbaijan needs trust, law and trade across the line of contact.",
        "phone": "",
        "consent": "on",
        "contact_author": "0",
        "authors-TOTAL_FORMS": str(MAX_AUTHORS),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": str(MAX_AUTHORS),
    }
    for i in range(MAX_AUTHORS):
        row = ("Anna Petrosyan", "Yerevan State University", "anna@example.org") if i == 0 else ("", "", "")
        data |= dict(zip([f"authors-{i}-name", f"authors-{i}-affiliation", f"authors-{i}-email"], row, strict=True))
    if csrf:
        data["csrfmiddlewaretoken"] = csrf
    return data


def post_script(server, path, conference, directory):
    """A wrk script posting a valid abstract, each with a fresh form token, with a real CSRF token."""
    status, headers, body = get(server.port, path)
    cookie = next(
        v.split(";")[0].split("=", 1)[1] for k, v in headers if k.lower() == "set-cookie" and "csrftoken" in v
    )
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
    script = directory / "post.lua"
    host = f"127.0.0.1:{server.port}"
    script.write_text(
        POST_SCRIPT % {"cookie": cookie, "host": host, "body": urlencode(abstract_post(conference, csrf=csrf))}
    )
    return script


# --- The corpus and what to request ----------------------------------------------------------------


def pick_paths():
    from django.db.models import Count

    from articles.models import Article, Series
    from conferences.models import Conference

    articles = Article.objects.published().filter(slug__startswith=generate.PREFIX).order_by("pk")
    article = articles[articles.count() // 2]
    author = article.authors.order_by("authorships__position").first()
    series = Series.objects.filter(invitation="").annotate(parts=Count("articles")).order_by("-parts", "pk").first()
    tag = article.tags.annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses").first()
    conference = Conference.objects.get(slug=f"{generate.PREFIX}conference")
    return conference, {
        "home": "/",
        "list": "/articles/",
        "filtered": f"/articles/?{urlencode({'type': 'analysis', 'tag': tag.slug})}",
        "article": article.get_absolute_url(),
        "author": author.get_absolute_url(),
        "series": series.get_absolute_url(),
        "search": "/search/?q=energy+security",
        "feed": "/feeds/rss/",
        "form_get": f"/conference/{conference.slug}/submit/",
        "form_post": f"/conference/{conference.slug}/submit/",
    }


def count_queries(path, page_cache_seconds, post=None):
    """Queries one request runs (in cached mode: a repeated request, so a hit when the page is cacheable)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1", headers=HTTPS)
    with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
        if post is None:
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, post()) if post else client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(queries)


def time_searches(port, repeat):
    from articles.management.commands.bench_search import QUERIES, percentile

    get(port, "/search/?" + urlencode({"q": QUERIES[0]}))
    timings = []
    for _ in range(repeat):
        for query in QUERIES:
            started = time.perf_counter()
            status, _headers, _body = get(port, "/search/?" + urlencode({"q": query}))
            timings.append((time.perf_counter() - started) * 1000)
            assert status == 200, status
    return {"n": len(timings), "p50": percentile(timings, 0.5), "p95": percentile(timings, 0.95)}


# --- One size ------------------------------------------------------------------------------------


def bench_size(size, args, static_root, secret_key, work):
    from django.db import connections

    from conferences.models import Abstract

    database = Database(args.database)
    connections.close_all()
    database.recreate()
    env = server_env(args, static_root, secret_key, 0)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.monotonic()
    counts = generate.proportions(size)
    log(f"benchmark: generating {size} articles {counts}")
    generate.generate(size, **counts, log=log)
    result = {"size": size, "counts": counts, "generate_seconds": round(time.monotonic() - started, 1), "modes": {}}
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
    result["abstracts_posted"] = Abstract.objects.count() - counts["abstracts"]
    connections.close_all()
    if not args.keep:
        database.drop()
    return result


# --- Report --------------------------------------------------------------------------------------


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
            f"generated in {result['generate_seconds']} s)"
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
    if "search_timing" in results[-1]:
        p95 = results[-1]["search_timing"]["p95"]
        row(
            f"{results[-1]['size']:,}: single search p95 < {TARGET_SEARCH_P95_MS} ms",
            f"{p95:.1f} ms",
            p95 < TARGET_SEARCH_P95_MS,
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
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
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
