"""deploy/nginx.conf, started for real (Debian's nginx, scripts/ensure-nginx) in front of a stand-in for
gunicorn: the searches of the whole site share a rate (8 a second); a few at the same moment wait
their turn in nginx and are all answered, a flood beyond the queue is answered 503 "Search is busy"
by nginx at once, at most 3 searches are at the app at a time, and the other pages pass meanwhile.
The site's own answers pass through unchanged. benchmarks/search_flood.py measures the effect with
the real site."""

import http.client
import re
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks.slow_clients import Nginx

ROOT = Path(__file__).resolve().parent.parent
CONF = (ROOT / "deploy" / "nginx.conf").read_text()
RATE = int(re.search(r"zone=ccsis_search:1m rate=(\d+)r/s;", CONF)[1])  # searches a second, whole site
BURST = int(re.search(r"limit_req zone=ccsis_search burst=(\d+)(?: nodelay)?;", CONF)[1])  # waiting their turn
AT_ONCE = int(re.search(r"limit_conn ccsis_search_now (\d+);", CONF)[1])  # at the app at a time


def test_the_share_is_the_one_measured():
    """The figures the tests below rely on (benchmarks/RESULTS.md measured these)."""
    assert (RATE, BURST, AT_ONCE) == (8, 4, 3)
    assert BURST / RATE <= 0.5  # the last of a burst waits half a second at most


class App(BaseHTTPRequestHandler):
    """Stands in for gunicorn: a search is answered after 20 ms, or when ``release`` is set if the app
    ``holds``; it notes when each arrived; ``?q=busy`` is the site's own 503."""

    def do_GET(self):
        server = self.server
        if self.path.startswith("/search/"):
            with server.lock:
                server.arrivals.append(time.monotonic())
                server.searching += 1
                server.most = max(server.most, server.searching)
            try:
                if "q=busy" in self.path:
                    return self.answer(503, b"the site's own busy page")
                if server.holds:
                    server.release.wait(20)
                else:
                    time.sleep(0.02)
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
    app.holds, app.arrivals = False, []
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


def search_at_once(port, count):
    """``count`` searches sent at the same moment, each from an address of its own (no per-address
    limit applies): the threads, and the answers as (status, headers, body, seconds) by number."""
    answers, start = {}, threading.Barrier(count)

    def search(n):
        start.wait()
        started = time.monotonic()
        try:
            answer = get(port, f"/search/?q=word{n}", source=f"127.1.{n // 250}.{n % 250 + 1}")
        except OSError as error:  # a timeout: the assertions say what was expected
            answer = (type(error).__name__, {}, b"")
        answers[n] = (*answer, time.monotonic() - started)

    threads = [threading.Thread(target=search, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    return threads, answers


def join(threads):
    for thread in threads:
        thread.join(15)


def assert_busy(answer):
    status, headers, body, _seconds = answer
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Search is busy</h1>" in body
    assert b'href="/articles/"' in body


def test_a_few_searches_at_the_same_moment_wait_their_turn_in_nginx_and_are_all_answered(front):
    app, port = front
    threads, answers = search_at_once(port, BURST + 1)  # five readers searching at the same moment
    join(threads)
    assert [answers[n][:3:2] for n in sorted(answers)] == [(200, b"results")] * (BURST + 1)
    # nginx passed them on one after another, 1/RATE s apart, rather than all at once or refusing any
    spread = app.arrivals[-1] - app.arrivals[0]
    assert spread >= 0.8 * BURST / RATE
    assert app.most <= 2
    assert max(seconds for *_answer, seconds in answers.values()) < BURST / RATE + 1.5  # 0.5 s, and slack


def test_a_flood_beyond_the_queue_is_answered_busy_at_once_and_the_other_pages_pass(front):
    app, port = front
    threads, answers = search_at_once(port, 20)
    deadline = time.monotonic() + 10
    while sum(answer[0] == 503 for answer in list(answers.values())) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()  # while searches wait their turn in nginx, an article passes at once
    assert get(port, "/articles/some-piece/")[:3:2] == (200, b"an article")
    assert time.monotonic() - started < 1
    join(threads)

    statuses = [answers[n][0] for n in sorted(answers)]
    assert set(statuses) == {200, 503}
    # the first, the queue, and the few the rate let on while the twenty arrived
    assert BURST + 1 <= statuses.count(200) <= BURST + 1 + 5
    assert len(app.arrivals) == statuses.count(200)
    busy = [answer for answer in answers.values() if answer[0] == 503]
    for answer in busy:
        assert_busy(answer)
    assert min(seconds for *_answer, seconds in busy) < 0.3  # turned away at once, not after a wait

    time.sleep(BURST / RATE + 0.2)  # the queue drained
    assert get(port, "/search/?q=again")[0] == 200


def test_no_more_than_three_searches_are_at_the_app_at_once_whatever_the_rate_lets_on(front):
    app, port = front
    app.holds = True  # searches gone slow: they leave the queue faster than the app answers them
    threads, answers = search_at_once(port, BURST + 1)
    deadline = time.monotonic() + 10
    while (len(answers) < BURST + 1 - AT_ONCE or app.searching < AT_ONCE) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert app.searching == AT_ONCE
    assert len(answers) == BURST + 1 - AT_ONCE
    for answer in answers.values():
        assert_busy(answer)

    started = time.monotonic()
    assert get(port, "/articles/some-piece/")[:3:2] == (200, b"an article")  # the other pages still pass
    assert time.monotonic() - started < 2

    app.release.set()
    join(threads)
    assert sorted(answer[0] for answer in answers.values()) == [200] * AT_ONCE + [503] * (BURST + 1 - AT_ONCE)
    assert app.most == AT_ONCE
    time.sleep(BURST / RATE + 0.2)
    assert get(port, "/search/?q=again")[0] == 200  # the share is free again


def test_the_sites_own_503_passes_through_unchanged(front):
    _app, port = front
    status, headers, body = get(port, "/search/?q=busy")
    assert (status, body) == (503, b"the site's own busy page")
    assert "Retry-After" not in headers
