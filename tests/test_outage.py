"""A database out of reach: readers get the cached pages there are and otherwise a 503 with
``Retry-After`` (never a 500); a form sent meanwhile gets its typed text back and stores nothing; the
site comes back by itself. The outage is real: the connection points at a port nothing listens on
(PostgreSQL) or at a file that cannot be opened (SQLite), or the server ends the connection
mid-request (PostgreSQL)."""

import contextlib
import html.parser
import socket
import time

import psycopg
import pytest
from django.db import connection
from django.test import Client

from conferences.models import Abstract
from tests.conferences.conftest import abstract_data
from tests.conferences.factories import ConferenceFactory
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/articles/",
    "/articles/?type=analysis",
    "/search/?q=gas",
    "/authors/",
    "/series/",
    "/feeds/rss/",
    "/sitemap.xml",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def unreachable():
    """The database out of reach until the block ends (then the next query connects again)."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    else:
        connection.settings_dict["NAME"] = "/nonexistent-folder/db.sqlite3"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


class Page(html.parser.HTMLParser):
    """The parts of an error page the tests read: the heading, the robots meta and the textareas."""

    def __init__(self, text):
        super().__init__()
        self.h1, self.robots, self.textareas, self._in = "", "", {}, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "robots":
            self.robots = attrs["content"]
        if tag in ("h1", "label", "textarea"):
            self._in = tag
        if tag == "textarea":
            self._label_value = [self._label, ""]

    def handle_data(self, data):
        if self._in == "h1":
            self.h1 += data
        elif self._in == "label":
            self._label = data.strip()
        elif self._in == "textarea":
            self._label_value[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textareas[self._label_value[0]] = self._label_value[1]
        self._in = None


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


@pytest.fixture
def content():
    ArticleFactory(title="Gas through Georgia", authors=[AuthorFactory(name="Fuad Shahbazov")])
    return ConferenceFactory(slug="peace-talks")


@pytest.mark.parametrize("path", [*PAGES, "/conference/peace-talks/", "/conference/peace-talks/submit/"])
def test_every_page_answers_503_with_retry_after_while_the_database_is_out_of_reach(reader, content, path):
    with unreachable():
        response = reader.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = Page(response.content.decode())
    assert (page.h1, page.robots) == ("Briefly unavailable", "noindex")


def test_other_errors_still_answer_500(reader, content, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    response = reader.get("/boom/")
    assert (response.status_code, Page(response.content.decode()).h1) == (500, "Something went wrong")


def test_a_cached_page_is_served_during_the_outage(reader, content, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first = reader.get("/articles/")
    assert first.status_code == 200

    with unreachable():
        during = reader.get("/articles/")
        uncached = reader.get("/authors/")

    assert (during.status_code, during.content) == (200, first.content)
    assert uncached.status_code == 503


def test_a_form_sent_during_the_outage_gets_its_text_back_and_stores_nothing(reader, content):
    data = abstract_data(content, title="Trust across the line — O'Brien & co.", text="Words typed with care.")
    with unreachable():
        response = reader.post("/conference/peace-talks/submit/", data)

    assert response.status_code == 503
    typed = Page(response.content.decode()).textareas
    assert typed["title"] == "Trust across the line — O'Brien & co."
    assert typed["text"] == "Words typed with care."
    assert typed["authors-0-name"] == "Anna Petrosyan"
    assert not any("token" in name or "csrf" in name or "TOTAL_FORMS" in name for name in typed)
    assert Abstract.objects.count() == 0


def test_the_site_comes_back_as_soon_as_the_database_does(reader, content):
    with unreachable():
        assert reader.get("/").status_code == 503
    assert reader.get("/").status_code == 200
    assert reader.post("/conference/peace-talks/submit/", abstract_data(content)).status_code == 302
    assert Abstract.objects.count() == 1


# --- PostgreSQL ending the connection -------------------------------------------------------------

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="terminates PostgreSQL backends")


def side_connection():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def terminate_on(fragment):
    """An execute wrapper: the server ends this connection just before the first query containing
    ``fragment`` runs (as when PostgreSQL restarts or an administrator kills the backend)."""

    def wrapper(execute, sql, params, many, context):
        if fragment in sql and not wrapper.done:
            wrapper.done = True
            pid = context["connection"].connection.info.backend_pid
            with side_connection() as side:
                side.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    wrapper.done = False
    return wrapper


@postgres_only
def test_a_connection_ended_mid_submission_stores_nothing_and_gives_the_text_back(reader, content):
    data = abstract_data(content, title="Ended mid-request")
    with connection.execute_wrapper(terminate_on('INSERT INTO "conferences_abstractauthor"')):
        response = reader.post("/conference/peace-talks/submit/", data)

    assert response.status_code == 503
    assert Page(response.content.decode()).textareas["title"] == "Ended mid-request"
    connection.close()
    assert Abstract.objects.count() == 0  # the abstract row went with its transaction
    assert reader.get("/").status_code == 200


def serve(path):
    """One request through Django's own WSGI handler, as gunicorn makes it: unlike the test client, it
    sends ``request_started`` and ``request_finished`` with their handlers, which close a connection
    that died and open a new one."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    statuses = []
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(int(status[:3])))
    b"".join(response)
    response.close()
    return statuses[0]


@postgres_only
def test_the_site_recovers_within_five_seconds_of_its_connection_being_ended(content, settings):
    assert serve("/articles/") == 200
    assert connection.connection is not None  # kept for the next request (CONN_MAX_AGE)
    pid = connection.connection.info.backend_pid
    with side_connection() as side:
        assert side.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0] is True

    seen, started = [], time.monotonic()
    while time.monotonic() - started < 5:
        seen.append(serve("/articles/"))
        if seen[-1] == 200:
            break
        time.sleep(0.2)
    assert seen[-1] == 200, seen
    assert set(seen) <= {200, 503}, seen
    assert connection.connection.info.backend_pid != pid
