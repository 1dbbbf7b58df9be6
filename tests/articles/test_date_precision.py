"""Honest dates: a publication (or original-publication) date known only to the month or the year is
printed that far and no further — on pages, in JSON-LD and OpenGraph, in the ``citation_*`` tags, in
feeds and in every citation format — while lists still sort by the stored time."""

import json
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.citations import apa, bibtex, chicago, ris
from articles.models import Article, Author
from caucasuscenter.shared.dates import Precision
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR
URL = "https://thecaucasuscenter.org/articles/kazan/"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def baku_time(*args):
    return timezone.make_aware(datetime(*args))


class _Page(HTMLParser):
    """The ``<time>`` elements inside bylines, the meta tags and the JSON-LD of a page."""

    def __init__(self):
        super().__init__()
        self.times, self.meta, self.json_ld = [], {}, []
        self._byline_depth, self._time, self._json = 0, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "byline" in (attrs.get("class") or "").split():
            self._byline_depth = 1
        elif self._byline_depth:
            self._byline_depth += 1
        if tag == "time" and self._byline_depth:
            self._time = [attrs.get("datetime"), ""]
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), []).append(attrs.get("content"))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._json = ""

    def handle_endtag(self, tag):
        if tag == "time" and self._time:
            self.times.append(tuple(self._time))
            self._time = None
        if tag == "script" and self._json is not None:
            self.json_ld.append(json.loads(self._json))
            self._json = None
        if self._byline_depth:
            self._byline_depth -= 1

    def handle_data(self, data):
        if self._time:
            self._time[1] += data
        if self._json is not None:
            self._json += data


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    parser = _Page()
    parser.feed(response.content.decode())
    return parser


def loaded(article):
    return Article.objects.for_reading().get(pk=article.pk)


def piece(precision, **fields):
    """A piece of 27 April 2021 (noon in Baku) whose date is known to ``precision``."""
    defaults = {
        "title": "Kazan and the Eurasian Union",
        "slug": "kazan",
        "published_at": baku_time(2021, 4, 27, 12),
        "updated_at": baku_time(2021, 4, 27, 12),
        "published_precision": precision,
    }
    if "authors" not in fields:
        author = Author.objects.filter(slug="fuad-shahbazov").first()
        fields["authors"] = [author or AuthorFactory(name="Fuad Shahbazov", slug="fuad-shahbazov")]
    article = ArticleFactory(**{**defaults, **fields})
    Article.objects.filter(pk=article.pk).update(updated_at=defaults["published_at"])  # never edited since
    return loaded(article)


SHOWN = {
    DAY: ("2021-04-27T12:00:00+04:00", "27 April 2021"),
    MONTH: ("2021-04", "April 2021"),
    YEAR: ("2021", "2021"),
}


# --- Pages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("precision", [DAY, MONTH, YEAR])
@pytest.mark.parametrize("url", ["/articles/kazan/", "/articles/", "/authors/fuad-shahbazov/", "/search/?q=Kazan"])
def test_the_article_page_and_every_card_show_the_date_as_far_as_it_is_known(client, precision, url):
    piece(precision)
    assert page(client, url).times == [SHOWN[precision]]


@pytest.mark.parametrize("precision", [MONTH, YEAR])
def test_the_home_page_shows_the_date_as_far_as_it_is_known(client, precision):
    piece(precision)
    assert SHOWN[precision] in page(client, "/").times
    assert SHOWN[DAY] not in page(client, "/").times


def test_lists_still_sort_by_the_stored_time(client):
    piece(YEAR, title="Known to the year", slug="year-only", published_at=baku_time(2021, 4, 27, 12))
    piece(DAY, title="Known to the day", slug="day", published_at=baku_time(2021, 3, 1, 12))
    piece(MONTH, title="Known to the month", slug="month", published_at=baku_time(2021, 6, 2, 12))
    response = client.get("/articles/")
    assert [a.title for a in response.context["article_list"]] == [
        "Known to the month",
        "Known to the year",
        "Known to the day",
    ]


@pytest.mark.parametrize(
    ("precision", "line"),
    [
        (DAY, "First published in Eurasia Daily Monitor, Volume 18, Issue 68, 27 April 2021"),
        (MONTH, "First published in Eurasia Daily Monitor, Volume 18, Issue 68, April 2021"),
        (YEAR, "First published in Eurasia Daily Monitor, Volume 18, Issue 68, 2021"),
    ],
)
def test_the_original_publication_line_gives_the_original_date_as_far_as_it_is_known(precision, line):
    article = piece(
        DAY,
        outlet=OutletFactory(name="Eurasia Daily Monitor"),
        original_volume="18",
        original_issue="68",
        original_date=date(2021, 4, 27),
        original_date_precision=precision,
    )
    assert article.original_publication_line == line


# --- JSON-LD, OpenGraph, citation_* ------------------------------------------------------------------


@pytest.mark.parametrize("precision", [DAY, MONTH, YEAR])
def test_json_ld_and_opengraph_give_the_date_as_far_as_it_is_known(client, precision):
    piece(precision)
    parsed = page(client, "/articles/kazan/")
    (data,) = parsed.json_ld
    iso = SHOWN[precision][0]
    assert (data["datePublished"], data["dateModified"]) == (iso, iso)
    assert parsed.meta["article:published_time"] == [iso]
    assert parsed.meta["article:modified_time"] == [iso]


def test_json_ld_gives_an_edit_its_own_time(client):
    article = piece(MONTH)
    Article.objects.filter(pk=article.pk).update(updated_at=baku_time(2024, 5, 1, 9))
    (data,) = page(client, "/articles/kazan/").json_ld
    assert (data["datePublished"], data["dateModified"]) == ("2021-04", "2024-05-01T09:00:00+04:00")


@pytest.mark.parametrize(("precision", "iso"), [(DAY, "2021-04-27"), (MONTH, "2021-04"), (YEAR, "2021")])
def test_json_ld_gives_the_original_date_as_far_as_it_is_known(client, precision, iso):
    piece(DAY, outlet=OutletFactory(), original_date=date(2021, 4, 27), original_date_precision=precision)
    (data,) = page(client, "/articles/kazan/").json_ld
    assert data["isBasedOn"]["datePublished"] == iso


@pytest.mark.parametrize(("precision", "shown"), [(DAY, "2021/04/27"), (MONTH, "2021/04"), (YEAR, "2021")])
def test_citation_tags_give_the_date_as_far_as_it_is_known(client, precision, shown):
    piece(precision)
    tags = page(client, "/articles/kazan/").meta
    assert (tags["citation_publication_date"], tags["citation_online_date"]) == ([shown], [shown])


def test_citation_tags_of_a_piece_first_published_elsewhere_give_the_original_date_at_its_precision(client):
    piece(DAY, outlet=OutletFactory(), original_date=date(2021, 4, 26), original_date_precision=MONTH)
    tags = page(client, "/articles/kazan/").meta
    assert (tags["citation_publication_date"], tags["citation_online_date"]) == (["2021/04"], ["2021/04/27"])


# --- Citation formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(("precision", "date_text"), [(DAY, "April 27, 2021"), (MONTH, "April 2021"), (YEAR, "2021")])
def test_chicago_gives_the_date_as_far_as_it_is_known(settings, precision, date_text):
    assert chicago(piece(precision), URL).text == (
        f"Shahbazov, Fuad. “Kazan and the Eurasian Union.” {settings.SITE['name']}, {date_text}. {URL}."
    )


@pytest.mark.parametrize(
    ("precision", "date_text"), [(DAY, "(2021, April 27)"), (MONTH, "(2021, April)"), (YEAR, "(2021)")]
)
def test_apa_gives_the_date_as_far_as_it_is_known(precision, date_text):
    assert apa(piece(precision), URL).text.startswith(f"Shahbazov, F. {date_text}. Kazan and the Eurasian Union.")


@pytest.mark.parametrize(
    ("precision", "volume_date"),
    [(DAY, "18, no. 68 (April 26, 2021)"), (MONTH, "18, no. 68 (April 2021)"), (YEAR, "18, no. 68 (2021)")],
)
def test_chicago_and_apa_cite_the_original_date_at_its_precision(precision, volume_date):
    article = piece(
        DAY,
        outlet=OutletFactory(name="Eurasia Daily Monitor"),
        original_volume="18",
        original_issue="68",
        original_date=date(2021, 4, 26),
        original_date_precision=precision,
    )
    assert f"Eurasia Daily Monitor {volume_date}." in chicago(article, URL).text
    assert apa(article, URL).text.startswith(
        "Shahbazov, F. " + {DAY: "(2021, April 26)", MONTH: "(2021, April)", YEAR: "(2021)"}[precision]
    )


def bibtex_fields(text):
    lines = text.strip().splitlines()[1:-1]
    return dict(line.strip().rstrip(",").split(" = ", 1) for line in lines)


@pytest.mark.parametrize(
    ("precision", "fields"),
    [
        (DAY, {"year": "{2021}", "month": "apr", "date": "{2021-04-27}"}),
        (MONTH, {"year": "{2021}", "month": "apr", "date": "{2021-04}"}),
        (YEAR, {"year": "{2021}", "date": "{2021}"}),
    ],
)
def test_bibtex_gives_the_date_as_far_as_it_is_known(precision, fields):
    parsed = bibtex_fields(bibtex(piece(precision), URL))
    assert {name: parsed[name] for name in ("year", "month", "date") if name in parsed} == fields


def ris_tags(text):
    return [tuple(line.split("  - ", 1)) for line in text.split("\r\n") if line]


@pytest.mark.parametrize(("precision", "da"), [(DAY, "2021/04/27/"), (MONTH, "2021/04//"), (YEAR, "2021///")])
def test_ris_gives_the_date_as_far_as_it_is_known(precision, da):
    tags = dict(ris_tags(ris(piece(precision), URL)))
    assert (tags["PY"], tags["DA"]) == ("2021", da)


def test_the_citation_files_served_give_the_date_at_its_precision(client):
    piece(MONTH)
    bib = client.get(reverse("articles:cite_bibtex", args=["kazan"])).content.decode()
    ris_text = client.get(reverse("articles:cite_ris", args=["kazan"])).content.decode()
    assert bibtex_fields(bib)["date"] == "{2021-04}"
    assert dict(ris_tags(ris_text))["DA"] == "2021/04//"


# --- Feeds -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("precision", "dc_date"), [(MONTH, "2021-04"), (YEAR, "2021")])
def test_rss_gives_no_exact_day_it_does_not_know(client, precision, dc_date):
    piece(precision)
    (item,) = ET.fromstring(client.get("/feeds/rss/").content).iter("item")
    assert (item.findtext("pubDate"), item.findtext(f"{DC}date")) == (None, dc_date)


def test_rss_gives_a_known_day_as_pubdate(client):
    piece(DAY)
    (item,) = ET.fromstring(client.get("/feeds/rss/").content).iter("item")
    assert (item.findtext("pubDate"), item.findtext(f"{DC}date")) == ("Tue, 27 Apr 2021 08:00:00 +0000", None)


@pytest.mark.parametrize("precision", [DAY, MONTH, YEAR])
def test_atom_gives_published_only_for_a_known_day_and_keeps_each_entrys_id(client, precision):
    piece(precision)
    (entry,) = ET.fromstring(client.get("/feeds/atom/").content).iter(f"{ATOM}entry")
    published = entry.findtext(f"{ATOM}published")
    assert published == ("2021-04-27T08:00:00+00:00" if precision == DAY else None)
    assert entry.findtext(f"{ATOM}id") == "http://testserver/articles/kazan/"
    assert entry.findtext(f"{ATOM}updated") == "2021-04-27T08:00:00+00:00"  # Atom requires it


# --- Editors -----------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw"))
    return client


def test_the_admin_sets_the_precision_beside_each_date(superuser_client):
    article = piece(MONTH)
    response = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    rows = _Rows()
    rows.feed(response.content.decode())
    assert ["published_at", "published_precision"] in rows.rows
    assert ["original_date", "original_date_precision"] in rows.rows
    assert rows.selected["published_precision"] == "month"


def test_the_admin_list_shows_editors_what_is_known(superuser_client):
    piece(MONTH)
    piece(DAY, title="Exact", slug="exact", published_at=baku_time(2021, 3, 1, 9, 30))
    response = superuser_client.get(reverse("admin:articles_article_changelist"))
    cells = _Cells("field-publication_date")
    cells.feed(response.content.decode())
    assert cells.texts == ["Apr 2021 (month only)", "1 Mar 2021, 09:30"]


class _Rows(HTMLParser):
    """The fields of each admin form row, and each select's chosen value."""

    def __init__(self):
        super().__init__()
        self.rows, self.selected, self._select = [], {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div" and "form-row" in classes:
            self.rows.append([c.removeprefix("field-") for c in classes if c.startswith("field-")])
        if tag == "select":
            self._select = attrs.get("name")
        if tag == "option" and self._select and "selected" in attrs:
            self.selected[self._select] = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


class _Cells(HTMLParser):
    def __init__(self, css_class):
        super().__init__()
        self.css_class, self.texts, self._open = css_class, [], False

    def handle_starttag(self, tag, attrs):
        if tag == "td" and self.css_class in (dict(attrs).get("class") or "").split():
            self._open = True
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.texts[-1] += data
