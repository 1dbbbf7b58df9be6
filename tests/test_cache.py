"""The anonymous page cache (caucasuscenter/shared/pagecache.py): what readers get from it, what never is
cached, and how it learns of a change: an editor's save, an admin action, a scheduled piece going
live, a call for papers closing. The last part runs against a real Redis server, as several app
servers share it."""

import os
import re
import uuid
from datetime import timedelta

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from caucasuscenter.shared import pagecache
from tests.conferences.factories import ConferenceFactory
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def text(response):
    return response.content.decode()


# --- What readers get ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/articles/", "/articles/pipelines-and-peace/", "/authors/leyla-aliyeva/"])
def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, django_assert_num_queries, path):
    ArticleFactory(title="Pipelines and peace", authors=[AuthorFactory(name="Leyla Aliyeva")])
    first = client.get(path)
    with django_assert_num_queries(0):
        second = client.get(path)
    assert (second.status_code, second.content) == (200, first.content)
    assert {name: second[name] for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options")} == {
        name: first[name] for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options")
    }


def test_a_head_request_is_answered_from_the_cached_page(client, django_assert_num_queries):
    ArticleFactory()
    full = client.get("/articles/")
    with django_assert_num_queries(0):
        head = client.head("/articles/")
    assert (head.status_code, head.content, head["Content-Length"]) == (200, b"", str(len(full.content)))


def test_each_query_string_is_a_page_of_its_own(client):
    ArticleFactory.create_batch(21)
    assert text(client.get("/articles/?page=2")) != text(client.get("/articles/"))


def test_logged_in_editors_always_get_a_fresh_page(admin_client):
    ArticleFactory(title="Before")
    admin_client.get("/articles/")
    Article.objects.update(title="After")  # no signal: only a fresh page can show it
    assert "After" in text(admin_client.get("/articles/"))


def test_a_page_an_editor_saw_is_never_stored_for_readers(admin_client, client):
    ArticleFactory(title="Before")
    admin_client.get("/articles/")
    Article.objects.update(title="After")
    assert "After" in text(client.get("/articles/"))


def test_a_reader_with_a_session_or_a_message_waiting_gets_a_fresh_page(client):
    ArticleFactory(title="Before")
    client.get("/articles/")
    Article.objects.update(title="After")
    for cookie in ["sessionid", "messages"]:
        reader = Client()
        reader.cookies[cookie] = "something"
        assert "After" in text(reader.get("/articles/")), cookie


def test_error_pages_and_redirects_are_not_cached(client):
    assert client.get("/articles/no-such-piece/").status_code == 404
    ArticleFactory(title="No such piece", slug="no-such-piece")
    assert client.get("/articles/no-such-piece/").status_code == 200


# --- Forms and their CSRF tokens -----------------------------------------------------------------


@pytest.fixture
def inviting_series():
    return SeriesFactory(title="Peace simulations", slug="peace-simulations", invitation="<p>Send yours.</p>")


@pytest.mark.parametrize("path", ["/series/peace-simulations/", "/conference/simulations/peace-simulations/"])
def test_pages_with_a_form_are_never_cached_so_each_reader_gets_their_own_csrf_token(inviting_series, path):
    readers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    responses = [reader.get(path) for reader in readers]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(r))[1] for r in responses]
    cookies = [r.cookies["csrftoken"].value for r in responses]
    assert [r.status_code for r in responses] == [200, 200]
    assert tokens[0] != tokens[1]
    assert cookies[0] != cookies[1]


def test_a_reader_can_send_the_form_of_a_page_that_was_visited_before(inviting_series):
    Client().get("/series/peace-simulations/")  # another reader first
    reader = Client(enforce_csrf_checks=True)
    page = reader.get("/conference/simulations/peace-simulations/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page))[1]
    response = reader.post(
        "/conference/simulations/peace-simulations/",
        {"csrfmiddlewaretoken": token, "submission_token": str(uuid.uuid4()), "full_name": ""},
    )
    assert response.status_code == 200  # the form back with its errors, not a CSRF failure (403)
    assert "Enter your full name." in text(response)


# --- Invalidation --------------------------------------------------------------------------------


def test_publishing_a_draft_shows_it_to_readers_at_once(client, commit):
    draft = ArticleFactory(title="A fresh analysis", draft=True)
    assert "A fresh analysis" not in text(client.get("/articles/"))
    with commit():
        draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
        draft.save()
    assert "A fresh analysis" in text(client.get("/articles/"))


def test_an_edit_shows_on_the_article_page_and_in_lists_at_once(client, commit):
    article = ArticleFactory(title="Old title", slug="the-piece")
    client.get("/articles/"), client.get("/articles/the-piece/")
    with commit():
        article.title = "New title"
        article.save()
    assert ["New title" in text(client.get(path)) for path in ["/articles/", "/articles/the-piece/"]] == [True, True]


def test_unpublishing_removes_the_piece_from_readers_at_once(client, commit):
    article = ArticleFactory(title="Withdrawn piece", slug="withdrawn-piece")
    assert client.get("/articles/withdrawn-piece/").status_code == 200
    client.get("/articles/")
    with commit():
        article.status = Article.Status.DRAFT
        article.save()
    assert client.get("/articles/withdrawn-piece/").status_code == 404
    assert "Withdrawn piece" not in text(client.get("/articles/"))


def test_an_admin_action_which_sends_no_signal_still_reaches_readers(client, admin_client, commit):
    article = ArticleFactory(title="Unpublished by an action", slug="unpublished-by-an-action")
    assert client.get("/articles/unpublished-by-an-action/").status_code == 200
    with commit():
        response = admin_client.post(
            "/admin/articles/article/", {"action": "unpublish", "_selected_action": [article.pk]}
        )
    assert response.status_code == 302
    assert client.get("/articles/unpublished-by-an-action/").status_code == 404


def test_renaming_an_author_shows_on_their_pieces(client, commit):
    author = AuthorFactory(name="Elnur Mammadov", slug="elnur")
    ArticleFactory(title="A piece", slug="a-piece", authors=[author])
    assert "Elnur Mammadov" in text(client.get("/articles/a-piece/"))
    with commit():
        author.name = "Elnur Mammadli"
        author.save()
    assert "Elnur Mammadli" in text(client.get("/articles/a-piece/"))


def test_a_change_that_is_rolled_back_keeps_the_cached_pages(client, django_assert_num_queries):
    article = ArticleFactory(title="Kept")
    client.get("/articles/")
    article.title = "Never committed"
    article.save()  # inside the test's transaction, which never commits: no on_commit callback runs
    with django_assert_num_queries(0):
        assert "Kept" in text(client.get("/articles/"))


# --- Time ----------------------------------------------------------------------------------------


def test_a_scheduled_article_appears_at_its_time_although_the_list_was_cached(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ArticleFactory(title="Scheduled piece", published_at=start + timedelta(minutes=30))
        assert "Scheduled piece" not in text(client.get("/articles/"))
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert "Scheduled piece" not in text(client.get("/articles/"))
    with time_machine.travel(start + timedelta(minutes=30, seconds=1), tick=False):
        assert "Scheduled piece" in text(client.get("/articles/"))


def test_no_page_is_kept_past_the_next_scheduled_publication(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ArticleFactory(published_at=start + timedelta(seconds=90))
        client.get("/articles/")
        version, until = pagecache.current_state(timezone.now())
        assert until == start + timedelta(seconds=90)
        response = client.get("/articles/")
        key = pagecache.page_key(response.wsgi_request, version)
        stored = cache.get(key)
        assert (stored[0], stored[2]) == (200, response.content)
    with time_machine.travel(start + timedelta(seconds=91), tick=False):
        assert cache.get(key) is None  # the page's own lifetime was cut to the publication time


def test_a_call_for_papers_closes_on_its_cached_page_at_the_deadline(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        conference = ConferenceFactory(deadline=start + timedelta(hours=2))
        assert "The call for abstracts is open" in text(client.get(conference.get_absolute_url()))
    with time_machine.travel(start + timedelta(hours=2, seconds=1), tick=False):
        assert "The call for abstracts is closed" in text(client.get(conference.get_absolute_url()))


def test_a_page_kept_by_one_release_is_never_served_by_another(client, monkeypatch, settings):
    settings.PARTS_CACHE_SECONDS = settings.FACET_CACHE_SECONDS = 600  # and the kept parts and counts
    ArticleFactory(slug="piece")

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    for path in ("/", "/articles/", "/articles/piece/"):
        queries(path)
        assert queries(path) == 0
        with monkeypatch.context() as patched:
            patched.setattr(pagecache, "release", lambda: "another-release")  # an app server of the next deploy
            assert queries(path) > 0  # neither the page nor its parts come from the other release's
        assert queries(path) == 0


def test_the_release_digest_changes_with_any_template_code_or_translation_and_only_then(settings, tmp_path):
    for name in ("templates/page.html", "articles/views.py", "locale/az/LC_MESSAGES/django.mo"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("one")
    settings.BASE_DIR, settings.STATIC_ROOT = tmp_path, ""

    def digest():
        pagecache.release.cache_clear()
        return pagecache.release()

    try:
        first = digest()
        assert digest() == first
        for name in ("templates/page.html", "articles/views.py", "locale/az/LC_MESSAGES/django.mo"):
            (tmp_path / name).write_text("two")
            assert digest() != first, name
            (tmp_path / name).write_text("one")
            assert digest() == first, name
        (tmp_path / "articles" / "notes.md").write_text("not rendered")
        assert digest() == first
    finally:
        pagecache.release.cache_clear()


def test_page_cache_seconds_zero_turns_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory(title="Before")
    client.get("/articles/")
    Article.objects.update(title="After")
    assert "After" in text(client.get("/articles/"))


# --- Redis: one cache for several app servers ----------------------------------------------------


@pytest.fixture
def redis_server(settings):
    """The Redis server named by TEST_REDIS_URL (scripts/test finds or starts one), under keys of our own.

    A test told to use Redis (TEST_REDIS_URL set, or CI=true) fails when Redis does not answer; run
    by hand without either, it is skipped.
    """
    url = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
    server = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        server.ping()
    except redis.RedisError as error:
        if os.environ.get("TEST_REDIS_URL") or os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis does not answer at {url}: {error}")
        pytest.skip(f"no Redis at {url} (scripts/test starts one): {error}")
    prefix = f"ccsis-test-{uuid.uuid4().hex}"
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    settings.CACHES = {"default": redis_cache, "throttles": {**redis_cache, "KEY_PREFIX": f"{prefix}:throttles"}}
    yield server, url, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def another_app_server(url, prefix):
    """What a second app server sees: its own client of the same Redis."""
    return RedisCache(url, {"KEY_PREFIX": prefix})


def test_with_redis_pages_live_in_the_shared_server(redis_server, client, django_assert_num_queries):
    server, url, prefix = redis_server
    ArticleFactory(title="Shared piece")
    first = client.get("/articles/")
    version, _until = another_app_server(url, prefix).get(pagecache.STATE_KEY)
    stored = another_app_server(url, prefix).get(pagecache.page_key(first.wsgi_request, version))
    assert (stored[0], stored[2]) == (200, first.content)
    assert sorted(key.decode().split(":")[2] for key in server.scan_iter(f"{prefix}:*")) == ["pagecache", "pagecache"]
    with django_assert_num_queries(0):
        assert client.get("/articles/").content == first.content


def test_with_redis_an_edit_on_one_app_server_reaches_every_other(redis_server, client, commit):
    _server, url, prefix = redis_server
    article = ArticleFactory(title="Before the edit")
    before = client.get("/articles/")
    other = another_app_server(url, prefix)
    version, _until = other.get(pagecache.STATE_KEY)
    assert other.get(pagecache.page_key(before.wsgi_request, version))[2] == before.content
    with commit():
        article.title = "After the edit"
        article.save()
    assert other.get(pagecache.STATE_KEY) is None  # every server starts a new version
    assert "After the edit" in text(client.get("/articles/"))


def test_with_redis_failed_admin_logins_are_counted_for_every_app_server(redis_server, client, django_user_model):
    django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
    for _ in range(5):
        assert client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code == 200
    response = Client().post("/admin/login/", {"username": "editor", "password": "the-right-password"})
    assert response.status_code == 429
    server, _url, prefix = redis_server
    assert list(server.scan_iter(f"{prefix}:throttles:*"))  # the counts are in Redis, for every app server


def test_when_redis_is_down_readers_still_get_pages_and_editors_can_log_in(settings, client, django_user_model):
    with socket_nobody_listens_on() as port:
        down = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        settings.CACHES = {"default": down, "throttles": down}
        ArticleFactory(title="Still served")
        assert "Still served" in text(client.get("/articles/"))
        django_user_model.objects.create_user("editor", password="the-right-password", is_staff=True)
        response = client.post(
            "/admin/login/", {"username": "editor", "password": "the-right-password", "next": "/admin/"}
        )
        assert (response.status_code, response["Location"]) == (302, "/admin/")


class socket_nobody_listens_on:
    """A local port bound but not listening: connections to it are refused at once."""

    def __enter__(self):
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        return self.socket.getsockname()[1]

    def __exit__(self, *exc):
        self.socket.close()


# --- Facet counts (articles/filters.py) ------------------------------------------------------------


def type_counts(response):
    facet = next(facet for facet in response.context["filter"].facets if facet.name == "type")
    return {choice.value: choice.count for choice in facet.choices}


@pytest.fixture
def facet_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every visit runs the view; only the counts may be kept
    settings.FACET_CACHE_SECONDS = 600


@pytest.mark.usefixtures("facet_cache")
def test_a_second_visit_counts_nothing_but_lists_the_pieces_afresh(client, django_assert_num_queries):
    ArticleFactory.create_batch(3)
    first = client.get("/articles/")
    with django_assert_num_queries(2):  # the page and its authors; the facets and the total are kept
        second = client.get("/articles/", {"page": 1})
    assert type_counts(first) == type_counts(second) == {"analysis": 3}
    assert first.context["paginator"].count == second.context["paginator"].count == 3


@pytest.mark.usefixtures("facet_cache")
def test_publishing_a_piece_changes_the_list_total_at_once(client, commit):
    ArticleFactory.create_batch(2)
    draft = ArticleFactory(draft=True)
    assert client.get("/articles/").context["paginator"].count == 2
    with commit():
        draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
        draft.save()
    response = client.get("/articles/")
    assert response.context["paginator"].count == 3
    assert len(response.context["article_list"]) == 3


@pytest.mark.usefixtures("facet_cache")
def test_different_filters_keep_different_counts(client):
    ArticleFactory.create_batch(2)
    ArticleFactory(kind_slug="interview", language="az")
    assert type_counts(client.get("/articles/")) == {"analysis": 2, "interview": 1}
    assert type_counts(client.get("/articles/", {"language": "az"})) == {"interview": 1}


@pytest.mark.usefixtures("facet_cache")
def test_publishing_a_piece_counts_it_at_once(client, commit):
    ArticleFactory()
    draft = ArticleFactory(kind_slug="interview", draft=True)
    assert type_counts(client.get("/articles/")) == {"analysis": 1}
    with commit():
        draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
        draft.save()
    assert type_counts(client.get("/articles/")) == {"analysis": 1, "interview": 1}


@pytest.mark.usefixtures("facet_cache")
def test_a_scheduled_piece_is_counted_once_it_goes_live(client):
    ArticleFactory()
    ArticleFactory(kind_slug="interview", published_at=timezone.now() + timedelta(hours=1))
    assert type_counts(client.get("/articles/")) == {"analysis": 1}
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        assert type_counts(client.get("/articles/")) == {"analysis": 1, "interview": 1}
