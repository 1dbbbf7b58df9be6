"""A search takes a bounded share of PostgreSQL: at most SEARCH_CONCURRENCY at once across every
process (held by other sessions here, through the same advisory locks), each statement at most
SEARCH_STATEMENT_TIMEOUT_MS; beyond either, a 503 that keeps the reader's words, and every other page
still answers."""

from html.parser import HTMLParser

import psycopg
import pytest
from django.db import connection

from articles.search.budget import ADVISORY_KEY
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the budget is PostgreSQL's"),
]


class Page(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.h1, self.search_value, self._in = "", None, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in = tag == "h1"
        if tag == "input" and attrs.get("name") == "q":
            self.search_value = attrs.get("value")

    def handle_data(self, data):
        if self._in:
            self.h1 += data

    def handle_endtag(self, tag):
        self._in = False


def other_session():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


@pytest.fixture
def gas():
    ArticleFactory(title="Gas through Georgia")


@pytest.mark.parametrize("concurrency", [1, 2, 3])
def test_when_every_search_slot_is_taken_a_search_is_busy_and_other_pages_answer(client, gas, settings, concurrency):
    settings.SEARCH_CONCURRENCY = concurrency
    with other_session() as other:
        for slot in range(1, concurrency + 1):
            other.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_KEY, slot])
        busy = client.get("/search/", {"q": "gas"})
        assert client.get("/articles/").status_code == 200

        assert busy.status_code == 503
        assert busy["Retry-After"] == "5"
        page = Page(busy.content.decode())
        assert (page.h1, page.search_value) == ("Search is busy", "gas")

        other.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_KEY, concurrency])
        assert client.get("/search/", {"q": "gas"}).status_code == 200  # one slot free again


def test_a_search_statement_over_the_time_limit_is_stopped_with_a_clear_page(client, gas, settings):
    settings.SEARCH_STATEMENT_TIMEOUT_MS = 20

    def slow(execute, sql, params, many, context):
        if "ts_rank" in sql or "search_vector" in sql:
            context["cursor"].execute("SELECT pg_sleep(0.2)")  # as a search of a huge table would be
        return execute(sql, params, many, context)

    with connection.execute_wrapper(slow):
        response = client.get("/search/", {"q": '"through georgia"'})

    assert response.status_code == 503
    page = Page(response.content.decode())
    assert (page.h1, page.search_value) == ("This search took too long", '"through georgia"')


def test_the_time_limit_ends_with_the_search(client, gas):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        assert client.get("/search/", {"q": "gas"}).status_code == 200
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before
