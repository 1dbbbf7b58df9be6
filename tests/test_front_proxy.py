"""deploy/nginx.conf, started for real (Debian's nginx, scripts/ensure-nginx) in front of a stand-in for
gunicorn: searches get one of the app's workers at a time, whoever sends them, so a flood of random
searches from many addresses leaves the other workers to the other pages; beyond it, nginx answers
503 "Search is busy" itself. The site's own answers pass through unchanged.
benchmarks/search_flood.py measures the effect with the real site."""

import http.client
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks.slow_clients import Nginx

ROOT = Path(__file__).resolve().parent.parent


class App(BaseHTTPRequestHandler):
    """Stands in for gunicorn: a search waits until ``release`` is set; ``?q=busy`` is the site's own 503."""

    def do_GET(self):
        server = self.server
        if self.path.startswith("/search/"):
            with server.lock:
                server.searching += 1
                server.most = max(server.most, server.searching)
            try:
                if "q=busy" in self.path:
                    return self.answer(503, b"the site's own busy page")
                server.release.wait(20)
                return self.answer(200, b"results")
            finally:
                with server.lock:
                    server.searching -= 1
        self.answer(200, b"an article")

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def front(tmp_path):
    subprocess.run([ROOT / "scripts" / "ensure-nginx"], check=True)
    app = ThreadingHTTPServer(("127.0.0.1", 0), App)
    app.daemon_threads = True
    app.lock, app.release, app.searching, app.most = threading.Lock(), threading.Event(), 0, 0
    thread = threading.Thread(target=app.serve_forever, daemon=True)
    thread.start()
    try:
        with Nginx(tmp_path, app.server_address[1]) as nginx:
            yield app, nginx.port
    finally:
        app.release.set()
        app.shutdown()
        app.server_close()


def get(port, path, source="127.0.0.1"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_one_search_at_a_time_reaches_the_app_and_nginx_answers_the_others_busy(front):
    app, port = front
    answers = {}

    def search(n):  # each from an address of its own: no per-address limit applies
        try:
            answers[n] = get(port, f"/search/?q=word{n}", source=f"127.1.0.{n + 1}")
        except OSError as error:  # a timeout: the assertions below say what was expected
            answers[n] = (type(error).__name__, {}, b"")

    searches = [threading.Thread(target=search, args=(n,)) for n in range(5)]
    for thread in searches:
        thread.start()
    deadline = time.monotonic() + 10
    while (len(answers) < 4 or app.searching < 1) and time.monotonic() < deadline:
        time.sleep(0.02)  # four turned away while one waits in the app (nginx may pass it on a moment later)
    assert app.searching == 1
    busy = list(answers.values())
    assert [status for status, _headers, _body in busy] == [503] * 4
    status, headers, body = busy[0]
    assert headers["Retry-After"] == "5"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Search is busy</h1>" in body
    assert b'href="/articles/"' in body

    started = time.monotonic()
    assert get(port, "/articles/some-piece/")[:3:2] == (200, b"an article")  # the other pages still pass
    assert time.monotonic() - started < 2

    app.release.set()
    for thread in searches:
        thread.join(10)
    assert sorted(status for status, _headers, _body in answers.values()) == [200, 503, 503, 503, 503]
    assert app.most == 1
    assert get(port, "/search/?q=again")[0] == 200  # the share is free again


def test_the_sites_own_503_passes_through_unchanged(front):
    _app, port = front
    status, headers, body = get(port, "/search/?q=busy")
    assert (status, body) == (503, b"the site's own busy page")
    assert "Retry-After" not in headers
