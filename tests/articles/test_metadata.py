"""Page metadata: canonical URLs, OpenGraph and Twitter cards, JSON-LD, Highwire ``citation_*`` tags,
and “Cite this” with its BibTeX and RIS downloads."""

import json
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from caucasuscenter.shared.metadata import json_ld_text, organisation
from conferences.metadata import conference_json_ld
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def baku_time(*args):
    return timezone.make_aware(datetime(*args))


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_json_ld, self.canonical = [], [], [], False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.append((attrs.get("property") or attrs.get("name"), attrs.get("content")))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def head(response):
    assert response.status_code == 200, response.status_code
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


def meta(response, prefix=""):
    """The (name, content) pairs of the page's meta tags whose name starts with ``prefix``, in order."""
    return [(name, content) for name, content in head(response).meta if name.startswith(prefix)]


def canonical(response):
    (link,) = [link for link in head(response).links if link.get("rel") == "canonical"]
    return link["href"]


def json_ld(response):
    (data,) = [json.loads(text) for text in head(response).json_ld]
    return data


@pytest.fixture
def edm_piece():
    """A piece first published in Eurasia Daily Monitor, part of a series."""
    return ArticleFactory(
        slug="peace-treaty",
        title="Azerbaijan and Armenia Edge Toward a Peace Treaty",
        summary="Both sides agree on a text; borders remain.",
        authors=[
            AuthorFactory(name="Elnur Mammadov", slug="elnur", twitter="elnur_m", job_title="Senior fellow"),
            AuthorFactory(name="Anna Petrosyan", slug="anna"),
        ],
        tags=["Peace process", "Armenia"],
        series=SeriesFactory(title="After Karabakh", slug="after-karabakh"),
        series_part=3,
        outlet=OutletFactory(name="Eurasia Daily Monitor", slug="edm", website="https://jamestown.org/programs/edm/"),
        original_volume="20",
        original_issue="14",
        original_date=date(2023, 1, 24),
        original_url="https://jamestown.org/program/peace-treaty/",
        published_at=baku_time(2023, 1, 26, 10),
    )


# ---------------------------------------------------------------------------
# Highwire Press tags, for Zotero and Google Scholar
# ---------------------------------------------------------------------------


def test_a_piece_from_eurasia_daily_monitor_has_the_citation_tags_zotero_reads(client, edm_piece):
    assert meta(client.get("/articles/peace-treaty/"), "citation_") == [
        ("citation_title", "Azerbaijan and Armenia Edge Toward a Peace Treaty"),
        ("citation_author", "Elnur Mammadov"),
        ("citation_author", "Anna Petrosyan"),
        ("citation_publication_date", "2023/01/24"),
        ("citation_online_date", "2023/01/26"),
        ("citation_journal_title", "Eurasia Daily Monitor"),
        ("citation_volume", "20"),
        ("citation_issue", "14"),
        ("citation_publisher", "The Caucasus Center for Strategic and International Studies"),
        ("citation_language", "en"),
        ("citation_keywords", "Armenia"),
        ("citation_keywords", "Peace process"),
        ("citation_abstract", "Both sides agree on a text; borders remain."),
        ("citation_abstract_html_url", "http://testserver/articles/peace-treaty/"),
        ("citation_fulltext_html_url", "http://testserver/articles/peace-treaty/"),
    ]


def test_our_own_report_names_the_center_as_its_institution(client):
    ArticleFactory(slug="report", title="Energy", kind_slug="special-report", published_at=baku_time(2024, 5, 17, 1))

    tags = dict(meta(client.get("/articles/report/"), "citation_"))

    assert tags["citation_technical_report_institution"] == settings.SITE["name"]
    assert tags["citation_publication_date"] == "2024/05/17"
    assert "citation_journal_title" not in tags


# ---------------------------------------------------------------------------
# JSON-LD
# ---------------------------------------------------------------------------


def test_the_article_json_ld_names_type_authors_publisher_series_and_original(client, edm_piece):
    data = json_ld(client.get("/articles/peace-treaty/"))

    assert data == {
        "@context": "https://schema.org",
        "@type": "AnalysisNewsArticle",
        "@id": "http://testserver/articles/peace-treaty/#article",
        "headline": "Azerbaijan and Armenia Edge Toward a Peace Treaty",
        "name": "Azerbaijan and Armenia Edge Toward a Peace Treaty",
        "url": "http://testserver/articles/peace-treaty/",
        "mainEntityOfPage": "http://testserver/articles/peace-treaty/",
        "inLanguage": "en",
        "articleSection": "Analysis",
        "datePublished": "2023-01-26T10:00:00+04:00",
        "dateModified": data["dateModified"],
        "author": [
            {
                "@type": "Person",
                "name": "Elnur Mammadov",
                "url": "http://testserver/authors/elnur/",
                "jobTitle": "Senior fellow",
                "sameAs": ["https://twitter.com/elnur_m"],
            },
            {
                "@type": "Person",
                "name": "Anna Petrosyan",
                "url": "http://testserver/authors/anna/",
                "jobTitle": "Policy analyst",
            },
        ],
        "publisher": {
            "@type": "Organization",
            "@id": "http://127.0.0.1:8000/#organization",
            "name": "The Caucasus Center for Strategic and International Studies",
            "alternateName": "CCSIS",
            "url": "http://127.0.0.1:8000/",
        },
        "description": "Both sides agree on a text; borders remain.",
        "keywords": ["Armenia", "Peace process"],
        "isPartOf": {
            "@type": "CreativeWorkSeries",
            "name": "After Karabakh",
            "url": "http://testserver/series/after-karabakh/",
        },
        "position": 3,
        "isBasedOn": {
            "@type": "Article",
            "headline": "Azerbaijan and Armenia Edge Toward a Peace Treaty",
            "url": "https://jamestown.org/program/peace-treaty/",
            "datePublished": "2023-01-24",
            "isPartOf": {
                "@type": "PublicationIssue",
                "issueNumber": "14",
                "isPartOf": {
                    "@type": "PublicationVolume",
                    "volumeNumber": "20",
                    "isPartOf": {
                        "@type": "Periodical",
                        "name": "Eurasia Daily Monitor",
                        "url": "https://jamestown.org/programs/edm/",
                    },
                },
            },
        },
    }
    assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(data["datePublished"])


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        ("analysis", "AnalysisNewsArticle"),
        ("op-ed", "OpinionNewsArticle"),
        ("special-report", "Report"),
        ("exclusive-report", "Report"),
        ("interview", "NewsArticle"),
        ("news-brief", "NewsArticle"),
    ],
)
def test_each_article_type_maps_to_its_schema_org_type(client, kind, schema_type):
    ArticleFactory(slug="piece", kind_slug=kind)

    assert json_ld(client.get("/articles/piece/"))["@type"] == schema_type


def test_json_ld_cannot_be_broken_out_of_by_a_title():
    title = "</script><script>alert(1)</script> & <!--"
    text = json_ld_text({"headline": title})

    assert [char for char in "<>&" if char in text] == []
    assert json.loads(text) == {"headline": title}


def test_the_author_page_describes_a_person_and_offers_their_feeds(client, edm_piece):
    response = client.get("/authors/elnur/")
    data = json_ld(response)

    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["name"] == "Elnur Mammadov"
    assert [item["url"] for item in data["hasPart"]["itemListElement"]] == ["http://testserver/articles/peace-treaty/"]
    assert [(link["type"], link["href"]) for link in head(response).links if link.get("rel") == "alternate"][-2:] == [
        ("application/rss+xml", "http://testserver/feeds/authors/elnur/rss/"),
        ("application/atom+xml", "http://testserver/feeds/authors/elnur/atom/"),
    ]
    assert ("og:type", "profile") in meta(response, "og:")


def test_the_series_page_describes_the_series_and_its_parts(client, edm_piece):
    data = json_ld(client.get("/series/after-karabakh/"))

    assert (data["@type"], data["name"]) == ("CreativeWorkSeries", "After Karabakh")
    assert data["hasPart"] == [
        {
            "@type": "AnalysisNewsArticle",
            "headline": "Azerbaijan and Armenia Edge Toward a Peace Treaty",
            "url": "http://testserver/articles/peace-treaty/",
            "position": 3,
        }
    ]


def test_the_conference_is_an_event():
    from conferences.models import Conference

    conference = Conference(
        title="Caucasus Connectivity 2026",
        slug="connectivity-2026",
        summary="Two days on routes.",
        starts_on=date(2026, 5, 14),
        ends_on=date(2026, 5, 15),
        venue="ADA University, Baku",
        is_live_streamed=True,
        live_stream_url="https://example.org/live",
        working_language="en",
    )

    data = conference_json_ld(conference, lambda path: f"https://ccsis.example{path}")

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Caucasus Connectivity 2026",
        "url": "https://ccsis.example/conference/connectivity-2026/",
        "organizer": organisation(),
        "eventStatus": "https://schema.org/EventScheduled",
        "description": "Two days on routes.",
        "startDate": "2026-05-14",
        "endDate": "2026-05-15",
        "inLanguage": "en",
        "location": [
            {"@type": "Place", "name": "ADA University, Baku", "address": "ADA University, Baku"},
            {"@type": "VirtualLocation", "url": "https://example.org/live"},
        ],
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
    }


# ---------------------------------------------------------------------------
# OpenGraph, Twitter, canonical URLs
# ---------------------------------------------------------------------------


def test_the_article_page_has_opengraph_and_twitter_tags(client, edm_piece):
    response = client.get("/articles/peace-treaty/")
    og = dict(meta(response, "og:"))

    assert og == {
        "og:site_name": "The Caucasus Center",
        "og:type": "article",
        "og:title": "Azerbaijan and Armenia Edge Toward a Peace Treaty",
        "og:description": "Both sides agree on a text; borders remain.",
        "og:url": "http://testserver/articles/peace-treaty/",
        "og:locale": "en_GB",
    }
    assert dict(meta(response, "twitter:")) == {
        "twitter:card": "summary",
        "twitter:title": "Azerbaijan and Armenia Edge Toward a Peace Treaty",
        "twitter:description": "Both sides agree on a text; borders remain.",
        "twitter:creator": "@elnur_m",
    }
    assert [content for name, content in meta(response, "article:") if name == "article:author"] == [
        "http://testserver/authors/elnur/",
        "http://testserver/authors/anna/",
    ]


def test_a_piece_first_published_elsewhere_links_visibly_to_the_original(client, edm_piece):
    body = client.get("/articles/peace-treaty/").content.decode()

    assert 'href="https://jamestown.org/program/peace-treaty/"' in body
    assert "First published in <bdi>Eurasia Daily Monitor</bdi>" in body  # the outlet's name isolated


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "http://testserver/"),
        ("/articles/", "http://testserver/articles/"),
        ("/articles/?page=1", "http://testserver/articles/"),
        ("/articles/?type=analysis&utm_source=x", "http://testserver/articles/"),
        ("/articles/peace-treaty/", "http://testserver/articles/peace-treaty/"),
        ("/articles/peace-treaty/?ref=mail", "http://testserver/articles/peace-treaty/"),
        ("/authors/", "http://testserver/authors/"),
        ("/authors/elnur/", "http://testserver/authors/elnur/"),
        ("/series/", "http://testserver/series/"),
        ("/series/after-karabakh/", "http://testserver/series/after-karabakh/"),
        ("/tags/armenia/", "http://testserver/tags/armenia/"),
        ("/outlets/edm/", "http://testserver/outlets/edm/"),
        ("/search/?q=peace", "http://testserver/search/"),
    ],
)
def test_every_page_has_one_canonical_url_without_tracking_or_filter_parameters(client, edm_piece, url, expected):
    assert canonical(client.get(url)) == expected


def test_canonical_urls_keep_the_page_number(client):
    for _ in range(21):
        ArticleFactory()

    assert canonical(client.get("/articles/?page=2&type=analysis")) == "http://testserver/articles/?page=2"


def test_filtered_lists_and_searches_ask_not_to_be_indexed(client, edm_piece):
    assert ("robots", "noindex, follow") not in meta(client.get("/articles/"))
    assert ("robots", "noindex, follow") in meta(client.get("/articles/?type=analysis"))
    assert ("robots", "noindex, follow") in meta(client.get("/search/?q=peace"))


def test_canonical_url_tag_falls_back_to_site_url_without_a_request():
    rendered = Template("{% load site %}{% canonical_url %}").render(Context({}))

    assert rendered == "http://127.0.0.1:8000/"


def test_canonical_url_tag_uses_the_request_host(settings):
    settings.ALLOWED_HOSTS = ["thecaucasuscenter.org"]
    request = RequestFactory().get("/articles/?page=3&tag=x", HTTP_HOST="thecaucasuscenter.org", secure=True)

    rendered = Template("{% load site %}{% canonical_url %}").render(Context({"request": request}))

    assert rendered == "https://thecaucasuscenter.org/articles/?page=3"


# ---------------------------------------------------------------------------
# Cite this
# ---------------------------------------------------------------------------


def test_every_article_offers_chicago_and_apa_and_the_downloads(client, edm_piece):
    body = client.get("/articles/peace-treaty/").content.decode()

    assert (
        "Mammadov, Elnur, and Anna Petrosyan. “Azerbaijan and Armenia Edge Toward a Peace Treaty.” "
        "<i>Eurasia Daily Monitor</i> 20, no. 14 (January 24, 2023). http://testserver/articles/peace-treaty/."
    ) in body
    assert "Mammadov, E., &amp; Petrosyan, A. (2023, January 24)." in body
    assert 'href="/articles/peace-treaty/cite.bib"' in body
    assert 'href="/articles/peace-treaty/cite.ris"' in body


def test_bibtex_and_ris_download_as_files_named_after_the_piece(client, edm_piece):
    bib = client.get("/articles/peace-treaty/cite.bib")
    ris = client.get("/articles/peace-treaty/cite.ris")

    assert bib.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bib.headers["Content-Disposition"] == 'attachment; filename="peace-treaty.bib"'
    assert bib.content.decode().startswith("@article{mammadov2023azerbaijan,\n")
    assert ris.headers["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert ris.headers["Content-Disposition"] == 'attachment; filename="peace-treaty.ris"'
    assert ris.content.decode().startswith("TY  - JOUR\r\nAU  - Mammadov, Elnur\r\n")


@pytest.mark.parametrize("suffix", ["cite.bib", "cite.ris"])
def test_drafts_have_no_citation_files(client, suffix):
    ArticleFactory(slug="draft", draft=True)
    ArticleFactory(slug="later", scheduled=True)

    assert client.get(f"/articles/draft/{suffix}").status_code == 404
    assert client.get(f"/articles/later/{suffix}").status_code == 404
