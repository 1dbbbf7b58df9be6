"""A draft, a piece in review or a piece scheduled for later appears on no public surface:
the front page (even where editors placed it), filter counts, search, feeds, sitemaps,
author/series/topic/outlet pages, related lists, JSON-LD, citation files."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import settled
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db

HIDDEN = ["hidden-draft", "hidden-review", "hidden-scheduled"]


@pytest.fixture
def catalogue():
    """One public piece, and three hidden ones sharing its author, series, topic and outlet.

    A second author, series, topic and outlet have hidden pieces only.
    """
    author, series, outlet = AuthorFactory(slug="author"), SeriesFactory(slug="series"), OutletFactory(slug="outlet")
    only_hidden = {
        "author": AuthorFactory(slug="ghost-author"),
        "series": SeriesFactory(slug="ghost-series"),
        "outlet": OutletFactory(slug="ghost-outlet"),
    }
    ArticleFactory(
        slug="public",
        title="Public caspian piece",
        authors=[author],
        tags=["Caspian"],
        series=series,
        series_part=1,
        outlet=outlet,
        published_at=timezone.now() - timedelta(days=2),
    )
    hidden = {
        "hidden-draft": {"status": Article.Status.DRAFT, "published_at": None},
        "hidden-review": {"status": Article.Status.REVIEW, "published_at": timezone.now() - timedelta(days=1)},
        "hidden-scheduled": {"published_at": timezone.now() + timedelta(days=1)},
    }
    for part, (slug, state) in enumerate(hidden.items(), start=2):
        ArticleFactory(
            slug=slug,
            title=f"Hidden caspian {slug}",
            summary="Hidden caspian summary.",
            kind_slug="op-ed",
            language="az",
            authors=[author, only_hidden["author"]],
            tags=["Caspian", "Ghost topic"],
            series=series if part < 4 else only_hidden["series"],
            series_part=part,
            outlet=outlet if part < 4 else only_hidden["outlet"],
            **state,
        )


def assert_nothing_hidden(response, *also):
    assert response.status_code == 200, response.status_code
    content = response.content.decode().lower()
    leaks = [word for word in [*HIDDEN, "hidden caspian", *also] if word in content]
    assert leaks == [], leaks


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/articles/public/",
        "/authors/",
        "/authors/author/",
        "/series/",
        "/series/series/",
        "/tags/caspian/",
        "/outlets/outlet/",
        "/search/?q=caspian",
        "/search/?q=hidden",
        "/api/v1/articles/",
        "/api/v1/articles/?tag=caspian",
        "/api/v1/articles/?author=author",
        "/api/v1/articles/?series=series",
        "/api/v1/articles/?type=op-ed",
        "/api/v1/articles/?language=az",
        "/api/v1/articles/public/",
        "/api/v1/authors/",
        "/api/v1/authors/author/",
        "/api/v1/series/",
        "/api/v1/series/series/",
        "/alerts/",
        "/alerts/?author=author",
        "/alerts/?series=series",
        "/alerts/?tag=caspian",
    ],
)
@pytest.mark.parametrize("kept", [False, True], ids=["rendered", "kept"])
def test_pages_show_no_hidden_piece_in_lists_related_lists_facets_or_json_ld(
    client, catalogue, url, kept, settings, monkeypatch
):
    # The list of series may show a series without published parts (it may invite contributions).
    exempt = url in ("/series/", "/api/v1/series/")
    if kept:  # the parts kept for the content version (caucasuscenter/shared/fragments.py), then read back
        settings.PARTS_CACHE_SECONDS = settings.FACET_CACHE_SECONDS = settings.SETTLED_COUNTS_SECONDS = 600
        monkeypatch.setattr(settled, "RECENT", 0)  # the lists' counts all kept on the settled side
        client.get(url)
    assert_nothing_hidden(client.get(url), *(["ghost"] if not exempt else []))


@pytest.mark.parametrize("url", [*(f"/api/v1/articles/{slug}/" for slug in HIDDEN), "/api/v1/authors/ghost-author/"])
def test_the_api_answers_404_for_hidden_pieces_and_authors_of_hidden_pieces_only(client, catalogue, url):
    response = client.get(url)
    assert (response.status_code, set(response.json())) == (404, {"error"})


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/authors/author/rss/",
        "/feeds/authors/author/atom/",
        "/feeds/series/series/rss/",
        "/feeds/tags/caspian/atom/",
    ],  # the ghosts' feeds are 404s: test_authors_series_outlets_and_tags_with_only_hidden_pieces_are_…
)
def test_feeds_list_no_hidden_piece(client, catalogue, url):
    response = client.get(url)

    assert response.status_code == 200
    assert not any(slug in response.content.decode() for slug in HIDDEN)
    assert "Hidden" not in response.content.decode()


@pytest.mark.parametrize("section", ["pages", "articles", "authors", "series", "tags", "outlets", "conferences"])
def test_sitemaps_list_no_hidden_piece_and_no_page_with_only_hidden_pieces(client, catalogue, section):
    assert_nothing_hidden(client.get(f"/sitemap-{section}.xml"), "ghost")


@pytest.mark.parametrize("where", ["lead", "feature", "report"])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_the_front_page_shows_no_hidden_piece_editors_placed_in_its_lead_features_or_reports(
    client, catalogue, where, hidden
):
    from articles.models import FrontPage, Placement

    Placement.objects.create(front_page=FrontPage.current(), article=Article.objects.get(slug=hidden), place=where)

    response = client.get("/")

    assert_nothing_hidden(response, "ghost")
    front = response.context["front"]
    assert [piece.slug for piece in front.pieces] == ["public"]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert not any(slug in block for block in blocks for slug in HIDDEN)


def test_facet_counts_count_only_published_pieces(client, catalogue):
    response = client.get("/articles/")
    facets = {facet.name: {c.value: c.count for c in facet.choices} for facet in response.context["filter"].facets}

    assert facets["type"] == {"analysis": 1}
    assert facets["author"] == {"author": 1}
    assert facets["tag"] == {"caspian": 1}
    assert facets["language"] == {"en": 1}
    assert facets["series"] == {"series": 1}
    assert facets["outlet"] == {"outlet": 1}


def test_search_finds_no_hidden_piece(client, catalogue):
    response = client.get("/search/", {"q": "hidden caspian"})

    assert list(response.context["object_list"]) == []


def test_json_ld_of_lists_names_only_the_public_piece(client, catalogue):
    for url in ["/articles/", "/authors/author/", "/series/series/", "/tags/caspian/", "/outlets/outlet/"]:
        content = client.get(url).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
        urls = re.findall(r"http://testserver/articles/[\w-]+/", json.dumps([json.loads(b) for b in blocks]))
        assert set(urls) == {"http://testserver/articles/public/"}, url


@pytest.mark.parametrize("slug", HIDDEN)
@pytest.mark.parametrize("suffix", ["", "cite.bib", "cite.ris"])
def test_hidden_pieces_and_their_citation_files_are_not_found(client, catalogue, slug, suffix):
    assert client.get(f"/articles/{slug}/{suffix}").status_code == 404


@pytest.mark.parametrize(
    ("url", "missing"),
    [
        ("/authors/ghost-author/", "/authors/no-such-author/"),
        ("/series/ghost-series/", "/series/no-such-series/"),
        ("/outlets/ghost-outlet/", "/outlets/no-such-outlet/"),
        ("/tags/ghost-topic/", "/tags/no-such-topic/"),
        ("/feeds/authors/ghost-author/rss/", "/feeds/authors/no-such-author/rss/"),
        ("/feeds/authors/ghost-author/atom/", "/feeds/authors/no-such-author/atom/"),
        ("/feeds/series/ghost-series/rss/", "/feeds/series/no-such-series/rss/"),
        ("/feeds/series/ghost-series/atom/", "/feeds/series/no-such-series/atom/"),
        ("/feeds/tags/ghost-topic/rss/", "/feeds/tags/no-such-topic/rss/"),
        ("/feeds/tags/ghost-topic/atom/", "/feeds/tags/no-such-topic/atom/"),
    ],
)
def test_authors_series_outlets_and_tags_with_only_hidden_pieces_are_as_unknown_as_missing_ones(
    client, catalogue, url, missing
):
    response, absent = client.get(url), client.get(missing)

    assert (response.status_code, absent.status_code) == (404, 404)
    page, missing_page = (
        response.content.decode().replace(url, "PATH"),
        absent.content.decode().replace(missing, "PATH"),
    )
    assert page == missing_page  # the same page, but for the address asked for
    assert "ghost" not in page.lower()


def test_a_series_without_published_parts_that_invites_contributions_keeps_its_page(client, catalogue):
    SeriesFactory(slug="invitation", invitation="<p>Send us your simulation.</p>")
    assert client.get("/series/invitation/").status_code == 200


@pytest.fixture
def shared_draft(catalogue):
    """A share-preview link to the hidden draft, and one that was revoked."""
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import ShareLink

    draft = Article.objects.get(slug="hidden-draft")
    links = {
        state: ShareLink.objects.create(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=str(draft.pk),
            object_repr=draft.title,
            revoked_at=revoked_at,
        )
        for state, revoked_at in [("active", None), ("revoked", timezone.now())]
    }
    return links


@pytest.mark.parametrize(
    "url",
    ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-pages.xml", "/feeds/rss/", "/feeds/atom/", "/robots.txt"],
)
def test_share_links_appear_in_no_sitemap_or_feed(client, shared_draft, url):
    content = client.get(url).content.decode()
    assert "/share/" not in content
    assert not any(link.token in content for link in shared_draft.values())
    assert not any(slug in content for slug in HIDDEN)


def test_the_share_page_is_noindex_and_a_revoked_link_shows_nothing_of_the_draft(client, shared_draft):
    shared = client.get(f"/share/{shared_draft['active'].token}/")
    revoked = client.get(f"/share/{shared_draft['revoked'].token}/")

    assert (shared.status_code, shared["X-Robots-Tag"]) == (200, "noindex, nofollow")
    assert revoked.status_code == 404
    assert "hidden" not in revoked.content.decode().lower()


@pytest.fixture
def translated(catalogue):
    """The public piece's translations that are not public (a draft, one in review, one scheduled),
    and a public translation of an original that is still a draft."""
    public = Article.objects.get(slug="public")
    states = {
        "az": {"status": Article.Status.DRAFT, "published_at": None},
        "ru": {"status": Article.Status.REVIEW, "published_at": timezone.now() - timedelta(days=1)},
        "tr": {"published_at": timezone.now() + timedelta(days=1)},
    }
    for language, state in states.items():
        ArticleFactory(
            slug=f"hidden-translation-{language}",
            title=f"Hidden caspian translation {language}",
            language=language,
            translation_of=public,
            tags=["Caspian"],
            **state,
        )
    draft_original = ArticleFactory(slug="hidden-original", title="Hidden caspian original", draft=True)
    ArticleFactory(slug="public-translation", title="Public translation", language="az", translation_of=draft_original)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/",
        "/articles/?language=az",
        "/articles/?language=ru",
        "/articles/public/",
        "/articles/public-translation/",
        "/tags/caspian/",
        "/sitemap-articles.xml",
        "/api/v1/articles/",
        "/api/v1/articles/public/",
        "/api/v1/articles/public-translation/",
    ],
)
def test_a_translation_or_original_that_is_not_public_is_never_linked_or_listed(client, translated, url):
    response = client.get(url)

    assert_nothing_hidden(response, "hidden-translation", "hidden-original", "also in")


def test_a_list_shows_the_public_translation_of_a_draft_original_and_counts_only_public_pieces(client, translated):
    response = client.get("/articles/")
    facets = {facet.name: {c.value: c.count for c in facet.choices} for facet in response.context["filter"].facets}

    assert [piece.slug for piece in response.context["article_list"]] == ["public-translation", "public"]
    assert facets["language"] == {"en": 1, "az": 1}
