"""Helpers for tests against a live server (the concurrency tests and the browser tests)."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

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


def multipart(fields, files):
    """``(body, content type)`` of a multipart/form-data post."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (file_name, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


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

    def post(self, path, data, files=None):
        """``(status, Location)`` of a form post; redirects are not followed. ``files`` maps a field to
        ``(file name, bytes)``: the form is then sent as multipart/form-data, as a browser sends uploads."""
        fields = {**data, "csrfmiddlewaretoken": self.csrf_token}
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
        headers = {"Cookie": cookie}
        if files:
            body, headers["Content-Type"] = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location")
