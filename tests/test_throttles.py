"""Limits that every process shares: failed admin logins and searches are counted once for all the
site's worker processes (``caucasuscenter.shared.throttle``), not once per process."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
FAIL_ONCE = """
import django
django.setup()
from django.test import RequestFactory
from caucasuscenter.admin_site import LoginThrottle
LoginThrottle(RequestFactory().post("/admin/login/"), "editor").failed()
"""


class Heading(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.h1, self._in = "", False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self._in = tag == "h1"

    def handle_data(self, data):
        if self._in:
            self.h1 += data

    def handle_endtag(self, tag):
        self._in = False


def test_failed_logins_in_five_worker_processes_add_up_to_one_limit(client, django_user_model):
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["THROTTLE_CACHE_DIR"] = settings.CACHES["throttles"]["LOCATION"]
    workers = [
        subprocess.Popen([sys.executable, "-c", FAIL_ONCE], cwd=ROOT, env=env)
        for _ in range(settings.ADMIN_LOGIN_FAILURE_LIMIT)
    ]
    assert [worker.wait(timeout=60) for worker in workers] == [0] * settings.ADMIN_LOGIN_FAILURE_LIMIT

    response = client.post("/admin/login/", {"username": "editor", "password": "the-right-password"})
    assert response.status_code == 429


def test_one_failure_short_of_the_limit_still_lets_the_editor_in(client, django_user_model):
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["THROTTLE_CACHE_DIR"] = settings.CACHES["throttles"]["LOCATION"]
    for _ in range(settings.ADMIN_LOGIN_FAILURE_LIMIT - 1):
        subprocess.run([sys.executable, "-c", FAIL_ONCE], cwd=ROOT, env=env, check=True, timeout=60)
    response = client.post("/admin/login/", {"username": "editor", "password": "the-right-password", "next": "/admin/"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.fixture
def three_searches(settings):
    settings.SEARCH_RATE_LIMIT = 3
    ArticleFactory(title="Gas through Georgia")


@pytest.mark.parametrize("queries", [["gas"] * 4, ["gas", "oil", "water", "Baku"], ["a", '"x y"', "geo*", "z"]])
def test_a_fourth_search_in_a_minute_is_refused_with_retry_after(client, three_searches, queries):
    statuses = [client.get("/search/", {"q": q}).status_code for q in queries[:3]]
    refused = client.get("/search/", {"q": queries[3]})

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.SEARCH_RATE_WINDOW
    assert "no-store" in refused["Cache-Control"]
    assert Heading(refused.content.decode()).h1 == "Too many searches"


def test_the_limit_is_per_address_and_spares_the_other_pages(client, three_searches):
    for q in ("a", "b", "c", "d"):
        client.get("/search/", {"q": q})
    assert client.get("/search/", {"q": "e"}).status_code == 429
    assert client.get("/search/").status_code == 200  # the empty form runs no search
    assert client.get("/articles/").status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.7").get("/search/", {"q": "gas"}).status_code == 200


def test_cached_results_pages_do_not_count(client, three_searches, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert [client.get("/search/", {"q": "gas"}).status_code for _ in range(10)] == [200] * 10


def test_a_counter_store_that_fails_lets_searches_through(client, three_searches, settings):
    settings.CACHES = {
        **settings.CACHES,
        "throttles": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/proc/no-such"},
    }
    assert [client.get("/search/", {"q": q}).status_code for q in "abcde"] == [200] * 5
