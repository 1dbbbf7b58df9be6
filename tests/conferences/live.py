"""Helpers for tests against a live server (the concurrency tests and the browser tests)."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class BacklogServer(ThreadedWSGIServer):
    """Django's live server accepts 10 waiting connections; a burst of 50 would be reset by the
    kernel before the application ever saw it. A production server listens with a longer queue."""

    request_queue_size = 128


class BacklogServerThread(LiveServerThread):
    server_class = BacklogServer


@pytest.fixture
def busy_server(transactional_db):
    """A live server (one thread per request, as Django's) that queues a burst of connections: its URL."""
    thread = BacklogServerThread("127.0.0.1", static_handler=lambda application: application)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A minimal HTTP client with cookies and Django's CSRF token, safe to share between threads once primed."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)
        self.csrf_token = None

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=60) as response:
            html = response.read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if match:
            self.csrf_token = match.group(1)
        return html

    def post(self, path, data):
        """``(status, Location)`` of a form post; redirects are not followed."""
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf_token}).encode()
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Cookie": cookie})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location")
