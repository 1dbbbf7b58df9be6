"""Public pages whose parts are kept for the content version (``{% keep %}``,
caucasuscenter/shared/fragments.py): a second visit runs almost no query and shows the same page;
an edit, a piece going back to draft or a scheduled piece going live shows on the very next visit;
a draft, a preview or a shared draft is never kept; a visitor's CSRF token is never kept. The page
cache itself is off here, so every request goes to its view and only the parts may come from the cache."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import settled
from articles.models import Article, Author
from caucasuscenter.shared import pagecache
from tests.articles.test_kept_parts import main_of
from tests.articles.test_views import build_catalogue
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory

pytestmark = pytest.mark.django_db

# Each public page that keeps its parts, and the queries a second visit still runs: the article
# (with its translations), and the filter's values (a topic given by its slug). An author's, series',
# topic's or outlet's page keeps its object too, once found (a 404 is never kept).
KEPT_PAGES = {
    "/": 0,
    "/articles/": 0,
    "/articles/?page=2": 0,
    "/articles/?type=analysis&tag=azerbaijan": 2,
    "/articles/piece-1/": 1,
    "/authors/main-author/": 0,
    "/series/main-series/": 0,
    "/tags/azerbaijan/": 0,
    "/outlets/main-outlet/": 0,
    "/search/?q=azerbaijan": 0,  # and, on PostgreSQL, the search budget's transaction (see below)
    "/search/?q=azerbaijan&type=analysis": 0,
}
# A search holds one of the search slots while it answers, kept or not (articles/search/budget.py):
# on PostgreSQL, a savepoint (in a test's transaction) and the slot's lock, two queries.
SEARCH_BUDGET_QUERIES = {"postgresql": 2}


@pytest.fixture(autouse=True, params=["all settled", "all recent"])
def parts_kept(request, settings, monkeypatch):
    """The parts and counts kept as in production; the lists' pieces all on the settled side (their
    counts kept across content versions: articles.settled), or all on the recent side."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PARTS_CACHE_SECONDS = 600
    settings.FACET_CACHE_SECONDS = 600
    settings.SETTLED_COUNTS_SECONDS = 600
    monkeypatch.setattr(settled, "RECENT", 0 if request.param == "all settled" else 10**9)


def without_tokens(html):
    """The page without the one-time values of a form outside the kept parts (the series' contribution form)."""
    return re.sub(r'(name="(?:csrfmiddlewaretoken|submission_token)" value=")[^"]*', r"\1", html)


def visit(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured), response


@pytest.mark.parametrize("n", [21, 23])
@pytest.mark.parametrize(("path", "queries"), KEPT_PAGES.items())
def test_a_second_visit_runs_only_the_pinned_queries_and_shows_the_same_page(client, path, queries, n):
    build_catalogue(n)
    first_queries, first = visit(client, path)
    second_queries, second = visit(client, path)

    if path.startswith("/search/"):
        queries += SEARCH_BUDGET_QUERIES.get(connection.vendor, 0)
    assert second_queries == queries
    assert second_queries < first_queries
    assert without_tokens(main_of(second)) == without_tokens(main_of(first))
    head = first.content.decode().split("</head>")[0]
    assert head == second.content.decode().split("</head>")[0]  # the metadata too, JSON-LD included


LISTS = [path for path in KEPT_PAGES if "page=2" not in path and not path.startswith("/search/")]


@pytest.mark.parametrize("path", LISTS)
def test_an_edited_title_shows_on_the_next_visit_of_every_page(client, commit, path):
    build_catalogue(3)
    visit(client, path)
    visit(client, path)
    with commit():
        piece = Article.objects.get(slug="piece-1")
        piece.title = "A title edited after the parts were kept"
        piece.save()
    page = visit(client, path)[1].content.decode()
    assert "A title edited after the parts were kept" in page


@pytest.mark.parametrize("path", LISTS)
def test_a_piece_taken_back_to_draft_leaves_every_kept_page_at_once(client, commit, path):
    build_catalogue(3)
    with commit():
        piece = Article.objects.get(slug="piece-2")
        piece.title = "Soon to be a draft"
        piece.save()
    assert "Soon to be a draft" in visit(client, path)[1].content.decode()
    assert "Soon to be a draft" in visit(client, path)[1].content.decode()
    with commit():
        piece = Article.objects.get(slug="piece-2")
        piece.status = Article.Status.DRAFT
        piece.save()
    assert "Soon to be a draft" not in visit(client, path)[1].content.decode()


@pytest.mark.parametrize("path", ["/search/?q=caspian", "/search/?q=caspian&type=analysis"])
def test_a_kept_search_shows_an_edit_and_loses_a_piece_taken_back_to_draft_at_once(client, commit, path):
    ArticleFactory(title="Caspian pipelines", kind_slug="analysis")
    with commit():
        piece = ArticleFactory(title="Caspian ports", kind_slug="analysis")
    for _ in range(2):
        assert "Caspian ports" in visit(client, path)[1].content.decode()
    with commit():
        piece.title = "Caspian harbours"
        piece.save()
    page = visit(client, path)[1].content.decode()
    assert "Caspian harbours" in page
    assert "Caspian ports" not in page
    with commit():
        piece.status = Article.Status.DRAFT
        piece.save()
    page = visit(client, path)[1].content.decode()
    assert "Caspian harbours" not in page
    assert "Caspian pipelines" in page


def test_an_authors_new_name_shows_on_the_kept_article_and_list(client, commit):
    build_catalogue(2)
    for path in ("/articles/", "/articles/piece-1/"):
        visit(client, path)
    with commit():
        author = Author.objects.get(slug="main-author")
        author.name = "Renamed Author"
        author.save()
    for path in ("/articles/", "/articles/piece-1/"):
        assert "Renamed Author" in visit(client, path)[1].content.decode(), path


def test_an_object_pages_kept_object_shows_its_edit_at_once(client, commit):
    build_catalogue(2)
    for _ in range(2):
        assert "<title>Renamed Author" not in visit(client, "/authors/main-author/")[1].content.decode()
    with commit():
        author = Author.objects.get(slug="main-author")
        author.name = "Renamed Author"
        author.save()
    page = visit(client, "/authors/main-author/")[1].content.decode()
    assert "<title>Renamed Author" in page  # the title, outside the kept parts, comes from the object
    assert '<h1 class="profile__name" dir="auto">Renamed Author</h1>' in page


@pytest.mark.parametrize("path", ["/authors/lone-author/", "/tags/lone-topic/", "/outlets/lone-outlet/"])
def test_an_object_page_is_gone_at_once_when_its_last_piece_goes_back_to_draft(client, commit, path):
    with commit():
        piece = ArticleFactory(
            title="The only piece",
            authors=[AuthorFactory(slug="lone-author")],
            tags=["Lone topic"],
            outlet=OutletFactory(slug="lone-outlet"),
        )
    for _ in range(2):
        assert visit(client, path)[1].status_code == 200
    with commit():
        Article.objects.filter(pk=piece.pk).update(status=Article.Status.DRAFT)  # no signal: an admin action
        pagecache.invalidate()  # as the staff POST that ran it does
    assert client.get(path).status_code == 404


def test_an_object_pages_404_is_never_kept(client, commit):
    build_catalogue(1)
    for _ in range(2):
        assert client.get("/authors/newcomer/").status_code == 404
    with commit():
        ArticleFactory(title="A newcomer's first piece", authors=[AuthorFactory(slug="newcomer", name="A Newcomer")])
    page = visit(client, "/authors/newcomer/")[1].content.decode()
    assert "<title>A Newcomer" in page


@pytest.mark.parametrize("path", ["/", "/articles/", "/tags/azerbaijan/", "/authors/main-author/"])
def test_a_scheduled_piece_shows_at_its_time_although_the_page_was_kept(client, path):
    build_catalogue(2)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ArticleFactory(
            title="Going live in half an hour",
            kind_slug="analysis",
            tags=["Azerbaijan"],
            authors=[Author.objects.get(slug="main-author")],
            published_at=start + timedelta(minutes=30),
        )
        assert "Going live in half an hour" not in visit(client, path)[1].content.decode()
        assert "Going live in half an hour" not in visit(client, path)[1].content.decode()
    with time_machine.travel(start + timedelta(minutes=30, seconds=1), tick=False):
        assert "Going live in half an hour" in visit(client, path)[1].content.decode()


def kept_html():
    """Every kept part in the local cache, as one text."""
    return "\n".join(str(value) for key, value in cache._cache.items() if ":part:" in key)  # locmem's store


def test_a_preview_of_a_draft_is_never_kept(admin_client):
    draft = ArticleFactory(title="Unpublished draft title", slug="the-draft", draft=True)
    for _ in range(2):
        response = admin_client.get(f"/preview/{draft.pk}/")
        assert response.status_code == 200
        assert "Unpublished draft title" in response.content.decode()
    assert "Unpublished draft title" not in kept_html()
    assert admin_client.get("/articles/the-draft/").status_code == 404


def test_a_shared_draft_is_never_kept(client):
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import ShareLink

    draft = ArticleFactory(title="Shared draft title", slug="shared-draft", draft=True)
    link = ShareLink.objects.create(
        content_type=ContentType.objects.get_for_model(Article), object_id=str(draft.pk), object_repr=draft.title
    )
    for _ in range(2):
        response = client.get(f"/share/{link.token}/")
        assert response.status_code == 200
        assert "Shared draft title" in response.content.decode()
    assert "Shared draft title" not in kept_html()


def test_each_interface_language_and_host_has_its_own_copy(client):
    build_catalogue(2)
    english = visit(client, "/articles/")[1].content.decode()
    russian = visit(client, "/ru/articles/")[1].content.decode()
    assert 'lang="ru"' in russian
    assert main_of(visit(client, "/ru/articles/")[1]) != main_of(visit(client, "/articles/")[1])
    other_host = client.get("/articles/", HTTP_HOST="localhost").content.decode()
    assert "http://testserver/" in english
    assert "http://localhost/" in other_host
    assert "http://testserver/" not in other_host


def render_kept(source, **context):
    request = RequestFactory().get("/somewhere/")
    return Template("{% load site %}" + source).render(Context({"request": request, "keep_parts": True, **context}))


def test_a_part_holding_a_csrf_token_or_a_csp_nonce_is_rendered_each_time_and_never_kept():
    from django.utils.csp import LazyNonce

    counted = []

    def count():
        counted.append(1)
        return ""

    for _ in range(2):
        render_kept(
            '{% keep "form" %}{{ count }}<input name="csrfmiddlewaretoken" value="x">{% endkeep %}', count=count
        )
    nonce = LazyNonce()
    for _ in range(2):
        render_kept(
            '{% keep "script" %}{{ count }}<script nonce="{{ nonce }}"></script>{% endkeep %}',
            count=count,
            nonce=nonce,
            csp_nonce=nonce,
        )
    assert len(counted) == 4
    assert kept_html() == ""


def test_a_part_is_kept_only_where_the_view_asks_and_while_parts_cache_seconds_is_set(settings):
    counted = []

    def count():
        counted.append(1)
        return "shown"

    source = '{% keep "part" %}{{ count }}{% endkeep %}'
    assert render_kept(source, count=count) == render_kept(source, count=count) == "shown"
    assert len(counted) == 1
    request = RequestFactory().get("/somewhere/")
    Template("{% load site %}" + source).render(Context({"request": request, "count": count}))  # no keep_parts
    settings.PARTS_CACHE_SECONDS = 0
    render_kept(source, count=count)
    assert len(counted) == 3


def test_with_parts_is_called_only_when_the_part_is_rendered_afresh():
    called = []

    def parts():
        called.append(1)
        return {"word": "fresh"}

    source = '{% keep "part" with=parts %}{{ word }}{% endkeep %}'
    assert render_kept(source, parts=parts) == render_kept(source, parts=parts) == "fresh"
    assert called == [1]


def test_a_cache_that_is_down_renders_the_parts_afresh(client, settings):
    build_catalogue(2)
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    for _ in range(2):
        queries, response = visit(client, "/articles/piece-1/")
        assert queries > 1
        assert "piece-0" in response.content.decode()


# The feeds, kept whole: a second request runs only the query of their validators (the ids and
# times of the pieces they list), and, for an author's or topic's feed, the lookup of that object.
KEPT_FEEDS = {
    "/feeds/rss/": 1,
    "/feeds/atom/": 1,
    "/feeds/authors/main-author/rss/": 2,
    "/feeds/series/main-series/atom/": 2,
    "/feeds/tags/azerbaijan/rss/": 2,
}


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(("path", "queries"), KEPT_FEEDS.items())
def test_a_kept_feed_runs_only_its_validators_query_and_is_the_same_feed(client, path, queries, n):
    build_catalogue(n)
    first_queries, first = visit(client, path)
    second_queries, second = visit(client, path)

    assert second_queries == queries < first_queries
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]


@pytest.mark.parametrize("path", KEPT_FEEDS)
def test_a_kept_feed_shows_an_authors_new_name_and_loses_a_piece_taken_back_to_draft(client, commit, path):
    build_catalogue(3)
    visit(client, path)
    with commit():
        author = Author.objects.get(slug="main-author")
        author.name = "Renamed Author"
        author.save()
        piece = Article.objects.get(slug="piece-2")
        piece.title = "Soon to be a draft"
        piece.save()
    feed = visit(client, path)[1].content.decode()
    assert "Renamed Author" in feed
    assert "Soon to be a draft" in feed
    with commit():
        piece.status = Article.Status.DRAFT
        piece.save()
    assert "Soon to be a draft" not in visit(client, path)[1].content.decode()


def test_the_feed_of_an_unknown_author_is_not_kept(client, commit):
    build_catalogue(1)
    assert client.get("/feeds/authors/newcomer/rss/").status_code == 404
    with commit():
        ArticleFactory(authors=[AuthorFactory(slug="newcomer", name="A Newcomer")])
    response = client.get("/feeds/authors/newcomer/rss/")
    assert response.status_code == 200
    assert "A Newcomer" in response.content.decode()
