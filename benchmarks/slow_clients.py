"""Slow clients against the site: gunicorn alone, then behind nginx with deploy/nginx.conf.

    .venv/bin/python benchmarks/slow_clients.py            # about two minutes; 127.0.0.1 only

Serves the seed content (a throwaway SQLite database) with gunicorn's sync workers, and measures an
ordinary page (the article list) fetched one request after another for ``--seconds``: first with no
other traffic, then while ``--slow`` connections each send a request's headers a line at a time and
never finish them (slowloris; a closed one is opened again). The same twice: straight to gunicorn,
then through nginx. A request that takes longer than ``--timeout`` counts as that long.
It prints one Markdown table row per run. Installs nginx with scripts/ensure-nginx when missing.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.server import Server, free_port, log  # noqa: E402

PAGE = "/articles/"


def prepare(folder):
    """A database with the seed content and the collected static files, in ``folder``."""
    env = environment(folder)
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["load_seed"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def environment(folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE"))}
    return env | {
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "BENCHMARK_URLS": "1",
        "PAGE_CACHE_SECONDS": "0",  # every request reaches a worker
        "LOG_LEVEL": "ERROR",
    }


class Nginx:
    """nginx with deploy/nginx.conf (its "@bench" lines pointed here), in front of ``upstream_port``."""

    def __init__(self, folder, upstream_port):
        self.folder, self.upstream_port = folder, upstream_port

    def __enter__(self):
        self.port = free_port()
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        rewrites = {
            "upstream": f"server 127.0.0.1:{self.upstream_port};",
            "listen": f"listen 127.0.0.1:{self.port};",
            "static": f"alias {self.folder}/static/;",
            "media": f"alias {self.folder}/media/;",
        }
        for name, line in rewrites.items():
            site, count = re.subn(rf"^(\s*)\S.*;\s*# @bench {name}$", rf"\g<1>{line}", site, flags=re.M)
            if count != 1:
                sys.exit(f"benchmark: deploy/nginx.conf has no single '@bench {name}' line")
        (self.folder / "site.conf").write_text(site)
        (self.folder / "nginx.conf").write_text(
            f"worker_processes 1;\npid {self.folder}/nginx.pid;\nerror_log {self.folder}/nginx-error.log warn;\n"
            + ("user root;\n" if os.geteuid() == 0 else "")
            + "events { worker_connections 4096; }\n"
            + f"http {{\n  access_log off;\n  client_body_temp_path {self.folder}/body;\n"
            + f"  proxy_temp_path {self.folder}/proxy;\n  include {self.folder}/site.conf;\n}}\n"
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [nginx, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"]
        subprocess.run([*command, "-t", "-q"], check=True)
        self.process = subprocess.Popen(command)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        sys.exit("benchmark: nginx did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


class Slowloris:
    """``count`` connections to ``port`` that send a header line every ``interval`` seconds and never
    finish; a connection the server closes is opened again (stopped on exit)."""

    def __init__(self, port, count, interval=2.0):
        self.port, self.count, self.interval = port, count, interval
        self.stop = threading.Event()
        self.reopened = 0

    def open(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        return sock

    def run(self):
        sockets = []
        while not self.stop.is_set():
            while len(sockets) < self.count and not self.stop.is_set():
                try:
                    sockets.append(self.open())
                except OSError:
                    break
            alive = []
            for sock in sockets:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                    alive.append(sock)
                except OSError:
                    sock.close()
                    self.reopened += 1
            sockets = alive
            self.stop.wait(self.interval)
        for sock in sockets:
            sock.close()

    def __enter__(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        time.sleep(self.interval * 2)  # let them take their places
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)


def measure(port, seconds, timeout):
    """Latencies (ms) of ``PAGE`` fetched one after another for ``seconds``; (latencies, failures)."""
    latencies, failures, end = [], 0, time.monotonic() + seconds
    statuses = {}
    while time.monotonic() < end:
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            connection.request("GET", PAGE)
            response = connection.getresponse()
            response.read()
            connection.close()
            ok = response.status == 200
            if not ok:
                statuses[response.status] = statuses.get(response.status, 0) + 1
        except OSError as error:
            ok = False
            statuses[type(error).__name__] = statuses.get(type(error).__name__, 0) + 1
        elapsed = time.perf_counter() - started
        latencies.append(min(elapsed, timeout) * 1000)
        failures += not ok
    if statuses:
        log(f"benchmark: failed requests: {statuses}")
    return latencies, failures


def settle(port, limit=120):
    """Wait until gunicorn answers at once again: its master replaces workers that slow clients held
    past gunicorn's timeout, and a run measured meanwhile would count those restarts."""
    quick, end = 0, time.monotonic() + limit
    while quick < 5 and time.monotonic() < end:
        latencies, failures = measure(port, 0.01, 1)
        quick = quick + 1 if not failures and latencies[0] < 1000 else 0
        time.sleep(0.2)


def row(name, slow, latencies, failures):
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return (
        f"| {name} | {slow} | {len(latencies)} | {failures} | {statistics.median(latencies):.0f} ms "
        f"| {cuts[94]:.0f} ms | {max(latencies):.0f} ms |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--slow", type=int, default=100, help="slow connections (default 100)")
    parser.add_argument("--seconds", type=float, default=20, help="length of each measurement (default 20)")
    parser.add_argument("--timeout", type=float, default=5, help="a request's time limit (default 5 s)")
    args = parser.parse_args()
    subprocess.run([ROOT / "scripts" / "ensure-nginx"], check=True)

    with tempfile.TemporaryDirectory(prefix="ccsis-slow-") as name:
        folder = Path(name)
        log("benchmark: preparing the seed database and static files")
        env = prepare(folder)
        rows = []
        with Server(env, args.workers, folder) as gunicorn, Nginx(folder, gunicorn.port) as nginx:
            for front, port in (("gunicorn alone", gunicorn.port), ("nginx in front", nginx.port)):
                log(f"benchmark: {front}, no other traffic")
                rows.append(row(front, 0, *measure(port, args.seconds, args.timeout)))
                log(f"benchmark: {front}, {args.slow} slow connections")
                with Slowloris(port, args.slow):
                    rows.append(row(front, args.slow, *measure(port, args.seconds, args.timeout)))
                settle(gunicorn.port)
    print(f"{args.workers} sync workers; {PAGE} fetched one request after another for {args.seconds:.0f} s each;")
    print(f"a request longer than {args.timeout:.0f} s counts as {args.timeout:.0f} s.\n")
    print("| Front | slow connections | requests | failed | median | p95 | max |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
