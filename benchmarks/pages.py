"""What the benchmark requests: the pages (PAGES), a path for each in the generated corpus (pick_paths),
the queries one request runs (count_queries), and single searches timed one after another."""

import time
from urllib.parse import urlencode

from benchmarks import generate
from benchmarks.server import HTTPS, get, post

PAGES = {
    # key: (label, cached mode measures it?)
    "home": ("Home", True),
    "list": ("Article list", True),
    "filtered": ("Filtered list", True),
    "article": ("Article page", True),
    "author": ("Author page", True),
    "series": ("Series page", True),
    "search": ("Search", True),
    "feed": ("Feed (RSS)", True),
    "form_get": ("Abstract form (GET)", False),
    "form_post": ("Abstract form (POST)", False),
}


def pick_paths():
    from django.db.models import Count

    from articles.models import Article, Series
    from conferences.models import Conference

    articles = Article.objects.published().filter(slug__startswith=generate.PREFIX).order_by("pk")
    article = articles[articles.count() // 2]
    author = article.authors.order_by("authorships__position").first()
    series = Series.objects.filter(invitation="").annotate(parts=Count("articles")).order_by("-parts", "pk").first()
    tag = article.tags.annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses").first()
    conference = Conference.objects.get(slug=f"{generate.PREFIX}conference")
    return conference, {
        "home": "/",
        "list": "/articles/",
        "filtered": f"/articles/?{urlencode({'type': 'analysis', 'tag': tag.slug})}",
        "article": article.get_absolute_url(),
        "author": author.get_absolute_url(),
        "series": series.get_absolute_url(),
        "search": "/search/?q=energy+security",
        "feed": "/feeds/rss/",
        "form_get": f"/conference/{conference.slug}/submit/",
        "form_post": f"/conference/{conference.slug}/submit/",
    }


def count_queries(path, page_cache_seconds, post=None):
    """Queries one request runs (in cached mode: a repeated request, so a hit when the page is cacheable)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1", headers=HTTPS)
    with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
        if post is None:
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, post()) if post else client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(queries)


def time_searches(port, repeat):
    from articles.management.commands.bench_search import QUERIES, percentile

    get(port, "/search/?" + urlencode({"q": QUERIES[0]}))
    timings = []
    for _ in range(repeat):
        for query in QUERIES:
            started = time.perf_counter()
            status, _headers, _body = get(port, "/search/?" + urlencode({"q": query}))
            timings.append((time.perf_counter() - started) * 1000)
            assert status == 200, status
    return {"n": len(timings), "p50": percentile(timings, 0.5), "p95": percentile(timings, 0.95)}


FIRST_VISIT_PAGES = ("home", "list", "article")


def time_first_visits(port, paths, articles, repeat):
    """Single requests one after another to a server that keeps nothing (the first visit after a
    save pays for everything): the home page and list ``repeat`` times, ``repeat`` different
    article pages, and each benchmark search ``repeat // 5`` times (at least once)."""
    from articles.management.commands.bench_search import QUERIES, percentile

    def timed(path):
        started = time.perf_counter()
        status, _headers, _body = get(port, path)
        assert status == 200, (path, status)
        return (time.perf_counter() - started) * 1000

    for key in FIRST_VISIT_PAGES:  # a warm-up: the workers' imports, templates and connections
        timed(paths[key])
    runs = {
        "home": [timed(paths["home"]) for _ in range(repeat)],
        "list": [timed(paths["list"]) for _ in range(repeat)],
        "article": [timed(path) for path in articles[:repeat]],
        "search": [timed("/search/?" + urlencode({"q": q})) for _ in range(max(1, repeat // 5)) for q in QUERIES],
    }
    return {
        key: {"n": len(t), "p50": percentile(t, 0.5), "p95": percentile(t, 0.95), "max": max(t)}
        for key, t in runs.items()
    }


def time_after_saves(port, paths, repeat):
    """Each page requested once after each of ``repeat`` saves of each kind (``benchmarks.views.save``,
    sent to the server: its model signals start a new content version, as an editor's save does),
    on a server keeping what production keeps, through Redis: the home page, the list and an article
    page after a new piece is published, and after the newest piece is edited; the list after the
    oldest piece is edited (a settled piece: the list counts every piece again), ``repeat // 4``
    times (at least 2)."""
    from articles.management.commands.bench_search import percentile

    def saved_then_timed(what, path):
        status, _headers, _body = post(port, f"/_bench/save/?what={what}")
        assert status == 204, (what, status)
        started = time.perf_counter()
        status, _headers, _body = get(port, path)
        assert status == 200, (path, status)
        return (time.perf_counter() - started) * 1000

    for key in FIRST_VISIT_PAGES:  # a site in service: its pages seen once, the list's pieces counted
        get(port, paths[key])
    runs = {}
    for what, pages, times in [
        ("publish", FIRST_VISIT_PAGES, repeat),
        ("edit-recent", FIRST_VISIT_PAGES, repeat),
        ("edit-settled", ("list",), max(2, repeat // 4)),
    ]:
        for key in pages:
            runs[(what, key)] = [saved_then_timed(what, paths[key]) for _ in range(times)]
            get(port, paths["list"])  # after an edit of a settled piece, the list counts again (untimed)
    return [
        {"save": what, "page": key, "n": len(t), "p50": percentile(t, 0.5), "p95": percentile(t, 0.95), "max": max(t)}
        for (what, key), t in runs.items()
    ]


def article_paths(count):
    """``count`` published generated pieces' addresses, spread over the corpus."""
    from articles.models import Article

    pieces = Article.objects.published().filter(slug__startswith=generate.PREFIX).order_by("pk")
    total = pieces.count()
    step = max(1, total // count)
    return [piece.get_absolute_url() for piece in pieces.only("slug")[::step][:count]]
