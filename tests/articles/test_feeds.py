"""Feeds (RSS and Atom), sitemaps and robots.txt: parsed as XML, with exactly the expected items."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def baku_time(*args):
    return timezone.make_aware(datetime(*args))


def xml(response):
    assert response.status_code == 200, response.status_code
    return ET.fromstring(response.content)


@pytest.fixture
def catalogue():
    alice = AuthorFactory(name="Alice Aliyeva", slug="alice")
    bob = AuthorFactory(name="Bob Babayan", slug="bob")
    series = SeriesFactory(title="Energy Corridors", slug="corridors")
    ArticleFactory(
        slug="newest",
        title="Gas & the Caspian",
        summary="A long summary. " * 40,
        authors=[alice, bob],
        tags=["Energy", "Azerbaijan"],
        series=series,
        series_part=2,
        published_at=baku_time(2025, 3, 2, 9),
    )
    ArticleFactory(
        slug="middle",
        title="Roads",
        kind_slug="op-ed",
        authors=[bob],
        tags=["Transport"],
        outlet=OutletFactory(slug="edm"),
        published_at=baku_time(2025, 2, 1, 9),
    )
    ArticleFactory(
        slug="oldest", title="Ports", authors=[alice], series=series, series_part=1, published_at=baku_time(2024, 1, 5)
    )
    ArticleFactory(slug="draft", title="Draft", authors=[alice], tags=["Energy", "Secret"], series=series, draft=True)
    ArticleFactory(slug="review", title="In review", authors=[bob], status=Article.Status.REVIEW)
    ArticleFactory(slug="later", title="Scheduled", authors=[alice], tags=["Secret"], scheduled=True)


# ---------------------------------------------------------------------------
# RSS and Atom
# ---------------------------------------------------------------------------


def test_the_rss_feed_lists_published_pieces_newest_first_with_summaries_authors_and_categories(client, catalogue):
    channel = xml(client.get("/feeds/rss/")).find("channel")
    items = channel.findall("item")

    assert channel.findtext("title") == "Latest analysis — The Caucasus Center for Strategic and International Studies"
    assert channel.findtext("link") == "http://testserver/articles/"
    assert [item.findtext("title") for item in items] == ["Gas & the Caspian", "Roads", "Ports"]
    first = items[0]
    assert first.findtext("link") == "http://testserver/articles/newest/"
    assert first.findtext("guid") == "http://testserver/articles/newest/"
    assert first.findtext("description") == "A long summary. " * 40
    assert [creator.text for creator in first.findall(f"{DC}creator")] == ["Alice Aliyeva", "Bob Babayan"]
    assert [category.text for category in first.findall("category")] == ["Analysis", "Azerbaijan", "Energy"]
    assert first.findtext("pubDate") == "Sun, 02 Mar 2025 05:00:00 +0000"


def test_the_atom_feed_lists_the_same_pieces_with_each_author_and_their_page(client, catalogue):
    feed = xml(client.get("/feeds/atom/"))
    entries = feed.findall(f"{ATOM}entry")

    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Gas & the Caspian", "Roads", "Ports"]
    authors = [
        (author.findtext(f"{ATOM}name"), author.findtext(f"{ATOM}uri"))
        for author in entries[0].findall(f"{ATOM}author")
    ]
    assert authors == [
        ("Alice Aliyeva", "http://testserver/authors/alice/"),
        ("Bob Babayan", "http://testserver/authors/bob/"),
    ]
    assert entries[0].findtext(f"{ATOM}summary") == "A long summary. " * 40
    assert [c.get("term") for c in entries[1].findall(f"{ATOM}category")] == ["Op-ed", "Transport"]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feeds/atom/"


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/feeds/authors/alice/rss/", ["Gas & the Caspian", "Ports"]),
        ("/feeds/authors/bob/rss/", ["Gas & the Caspian", "Roads"]),
        ("/feeds/series/corridors/rss/", ["Gas & the Caspian", "Ports"]),
        ("/feeds/tags/energy/rss/", ["Gas & the Caspian"]),
    ],
)
def test_author_series_and_topic_feeds_list_only_their_published_pieces(client, catalogue, url, titles):
    channel = xml(client.get(url)).find("channel")

    assert [item.findtext("title") for item in channel.findall("item")] == titles


@pytest.mark.parametrize("url", ["/feeds/tags/secret/rss/", "/feeds/tags/secret/atom/"])
def test_the_feed_of_a_topic_only_unpublished_pieces_use_is_not_found(client, catalogue, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/feeds/authors/alice/atom/", ["Gas & the Caspian", "Ports"]),
        ("/feeds/series/corridors/atom/", ["Gas & the Caspian", "Ports"]),
        ("/feeds/tags/transport/atom/", ["Roads"]),
    ],
)
def test_author_series_and_topic_feeds_exist_in_atom_too(client, catalogue, url, titles):
    feed = xml(client.get(url))

    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == titles


def test_an_author_feed_is_titled_after_the_author(client, catalogue):
    channel = xml(client.get("/feeds/authors/alice/rss/")).find("channel")

    assert channel.findtext("title") == "Alice Aliyeva — The Caucasus Center for Strategic and International Studies"
    assert channel.findtext("link") == "http://testserver/authors/alice/"


@pytest.mark.parametrize("url", ["/feeds/authors/nobody/rss/", "/feeds/series/none/atom/", "/feeds/tags/nothing/rss/"])
def test_feeds_of_unknown_authors_series_and_topics_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_feed_lists_at_most_thirty_pieces(client):
    for day in range(32):
        ArticleFactory(published_at=timezone.now() - timedelta(days=day + 1))

    assert len(xml(client.get("/feeds/rss/")).find("channel").findall("item")) == 30


@pytest.mark.parametrize("n", [1, 5])
def test_a_feed_runs_the_same_queries_for_any_number_of_pieces(client, django_assert_num_queries, n):
    author = AuthorFactory(slug="author")
    for i in range(n):
        ArticleFactory(authors=[author, AuthorFactory()], tags=[f"t{i}", "shared"])

    # The validators (1), then the feed: the pieces with their authorships and tags (3).
    with django_assert_num_queries(4):
        client.get("/feeds/rss/")
    # The same with the author, looked up twice (validators and feed).
    with django_assert_num_queries(6):
        client.get("/feeds/authors/author/atom/")


# ---------------------------------------------------------------------------
# Conditional GET
# ---------------------------------------------------------------------------


def test_an_unchanged_feed_answers_304_to_its_etag_and_to_its_date(client, catalogue, django_assert_num_queries):
    Article.objects.update(updated_at=baku_time(2024, 1, 1))  # edited before they went live
    first = client.get("/feeds/rss/")
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]

    assert last_modified == "Sun, 02 Mar 2025 05:00:00 GMT"  # the newest publication, 09:00 in Baku
    with django_assert_num_queries(1):
        assert client.get("/feeds/rss/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/feeds/rss/", headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get("/feeds/rss/", headers={"if-modified-since": "Sun, 02 Mar 2025 04:59:59 GMT"}).status_code == 200


def test_an_edit_a_new_piece_or_a_scheduled_piece_going_live_changes_the_feed(client, catalogue):
    def etag():
        return client.get("/feeds/rss/").headers["ETag"]

    before = etag()
    Article.objects.get(slug="middle").save()  # an edit
    after_edit = etag()
    # The scheduled piece's time comes (update() leaves updated_at as it was).
    Article.objects.filter(slug="later").update(published_at=timezone.now() - timedelta(seconds=1))
    after_going_live = etag()

    assert len({before, after_edit, after_going_live}) == 3
    assert client.get("/feeds/rss/", headers={"if-none-match": before}).status_code == 200
    titles = [item.findtext("title") for item in xml(client.get("/feeds/rss/")).find("channel").findall("item")]
    assert titles[0] == "Scheduled"


def test_rss_and_atom_have_different_etags(client, catalogue):
    assert client.get("/feeds/rss/").headers["ETag"] != client.get("/feeds/atom/").headers["ETag"]


# ---------------------------------------------------------------------------
# Sitemaps and robots.txt
# ---------------------------------------------------------------------------


def urls_and_dates(response):
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in xml(response)}


def test_the_sitemap_index_lists_one_sitemap_per_kind_of_page(client, catalogue):
    index = xml(client.get("/sitemap.xml"))
    locations = [sitemap.findtext(f"{SITEMAP}loc") for sitemap in index.findall(f"{SITEMAP}sitemap")]

    assert locations == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ["pages", "articles", "authors", "series", "tags", "outlets", "conferences"]
    ]


def test_the_articles_sitemap_lists_published_pieces_with_their_last_change(client, catalogue):
    Article.objects.update(updated_at=baku_time(2024, 1, 1))  # edited before they went live…
    Article.objects.filter(slug="middle").update(updated_at=baku_time(2025, 6, 1, 12))  # …but one since

    assert urls_and_dates(client.get("/sitemap-articles.xml")) == {
        "http://testserver/articles/newest/": "2025-03-02",
        "http://testserver/articles/middle/": "2025-06-01",
        "http://testserver/articles/oldest/": "2024-01-05",
    }


def test_list_pages_in_the_sitemap_change_with_their_latest_piece(client, catalogue):
    Article.objects.update(updated_at=baku_time(2024, 1, 1))

    assert urls_and_dates(client.get("/sitemap-authors.xml")) == {
        "http://testserver/authors/alice/": "2025-03-02",
        "http://testserver/authors/bob/": "2025-03-02",
    }
    assert urls_and_dates(client.get("/sitemap-pages.xml")) == {
        "http://testserver/": "2025-03-02",
        "http://testserver/articles/": "2025-03-02",
        "http://testserver/authors/": "2025-03-02",
        "http://testserver/series/": "2025-03-02",
        "http://testserver/conference/": None,
    }


@pytest.mark.parametrize(
    ("section", "urls"),
    [
        ("authors", ["http://testserver/authors/alice/", "http://testserver/authors/bob/"]),
        ("series", ["http://testserver/series/corridors/"]),
        (
            "tags",
            [
                "http://testserver/tags/azerbaijan/",
                "http://testserver/tags/energy/",
                "http://testserver/tags/transport/",
            ],
        ),
        ("outlets", ["http://testserver/outlets/edm/"]),
    ],
)
def test_author_series_topic_and_outlet_sitemaps_list_pages_with_published_pieces(client, catalogue, section, urls):
    assert sorted(urls_and_dates(client.get(f"/sitemap-{section}.xml"))) == urls


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_previews_and_search(client):
    response = client.get("/robots.txt")

    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /preview/\n"
        "Disallow: /search/\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )
