"""The benchmark's database and server: a throwaway database it may drop (Database), the environment the
site is served with (server_env), gunicorn on 127.0.0.1 with its workers' peak memory (Server), and one
plain HTTP GET against it (get)."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HTTPS = {"X-Forwarded-Proto": "https"}


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

    def holds(self, size):
        """Whether the database holds a generated corpus of ``size`` articles (``--reuse``)."""
        from django.db import DatabaseError

        from articles.models import Article
        from benchmarks.generate import PREFIX

        try:
            return Article.objects.filter(slug__startswith=PREFIX).count() == size
        except DatabaseError:
            return False

    def settle(self):
        """``VACUUM ANALYZE`` after the corpus is written, so that the measurements do not share the
        machine with the vacuum a bulk write sets off, and the planner knows the new tables."""
        if self.vendor == "postgresql":
            self._admin("VACUUM ANALYZE", database=self.name)

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _admin(self, sql, database=None):
        """``sql`` on the server's ``postgres`` database (or on ``database``), outside a transaction."""
        import psycopg

        url = self.admin_url if database is None else urlunsplit(urlsplit(self.url)._replace(path=f"/{database}"))
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(sql)


# --- The server ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(args, static_root, secret_key, page_cache_seconds, keep_nothing=False):
    """The server's environment; ``keep_nothing``: the kept page parts and facet counts off too."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE"))}
    env |= {
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database,
        "BENCHMARK_URLS": "1",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "STATIC_ROOT": str(static_root),
        "SUBMISSION_RATE_LIMIT": "1000000000",  # the POST benchmark sends thousands of abstracts from one address
        "SEARCH_RATE_LIMIT": "1000000000",  # and thousands of searches
        "SUBMISSION_CAP_HOURLY": "1000000000",  # to one call
        "SUBMISSION_CAP_DAILY": "1000000000",
        "LOG_LEVEL": "ERROR",
    }
    # What is kept for the content version lives as long as production keeps it (with Redis: 600 s),
    # or, keep_nothing, not at all (every request as the first after a save).
    kept = "0" if keep_nothing else "600"
    env |= {"PARTS_CACHE_SECONDS": kept, "FACET_CACHE_SECONDS": kept, "SETTLED_COUNTS_SECONDS": kept}
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


def post(port, path):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, headers=HTTPS | {"Content-Length": "0"})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def get(port, path, headers=None):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=HTTPS | (headers or {}))
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()
