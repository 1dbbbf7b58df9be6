"""The JSON-LD of the home, article, author and conference pages, parsed from the page and checked
against what each schema.org type needs (the properties search engines require or recommend), and the
social cards of the home and conference pages."""

import io
import json
from datetime import date
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conferences.factories import ConferenceFactory
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db

ARTICLE = ["headline", "url", "mainEntityOfPage", "datePublished", "dateModified", "author", "publisher", "inLanguage"]
# Each type's properties, and each node's nested types checked in turn.
REQUIRED = {
    "Organization": ["name"],
    "WebSite": ["name", "url", "publisher", "potentialAction"],
    "SearchAction": ["target", "query-input"],
    "EntryPoint": ["urlTemplate"],
    "AnalysisNewsArticle": ARTICLE,
    "OpinionNewsArticle": ARTICLE,
    "NewsArticle": ARTICLE,
    "Report": ARTICLE,
    "Person": ["name", "url"],
    "ProfilePage": ["url", "mainEntity"],
    "ItemList": ["itemListElement"],
    "ListItem": ["position", "url", "name"],
    "CreativeWorkSeries": ["name", "url"],
    "Event": ["name", "url", "organizer", "location", "eventAttendanceMode", "eventStatus", "inLanguage"],
    "Place": ["name"],
    "VirtualLocation": ["url"],
    "Offer": ["url", "validFrom", "validThrough"],
}


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self.meta, self._open = [], {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._open = True
            self.blocks.append("")
        elif tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")

    def handle_endtag(self, tag):
        self._open = self._open and tag != "script"

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] += data


def parsed(response):
    assert response.status_code == 200
    parser = _Head()
    parser.feed(response.content.decode())
    return [json.loads(block) for block in parser.blocks], parser.meta


def nodes(data):
    """Every object with an ``@type`` in the JSON-LD, nested ones included, in document order."""
    if isinstance(data, dict):
        if "@type" in data:
            yield data
        for value in data.values():
            yield from nodes(value)
    elif isinstance(data, list):
        for value in data:
            yield from nodes(value)


def missing(data):
    """``[(type, property)]`` that a node of a known type lacks (a node referring by ``@id`` is whole)."""
    gaps = []
    for node in nodes(data):
        if node["@type"] not in REQUIRED:
            gaps.append((node["@type"], "(an unchecked type)"))
        gaps += [(node["@type"], name) for name in REQUIRED.get(node["@type"], []) if node.get(name) in (None, "", [])]
    return gaps


def types(data):
    return [node["@type"] for node in nodes(data)]


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 1200), (90, 120, 150)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_home_page_describes_the_organisation_and_the_site_with_its_search(client):
    ArticleFactory(title="Lead", photo=photo(), photo_alt="The Caspian shore")

    (data,), meta = parsed(client.get("/"))

    assert missing(data) == []
    assert types(data) == ["Organization", "WebSite", "SearchAction", "EntryPoint"]
    organisation, website = data["@graph"]
    assert website["publisher"] == {"@id": organisation["@id"]} == {"@id": f"{settings.SITE_URL}/#organization"}
    assert organisation["url"] == f"{settings.SITE_URL}/"
    assert website["potentialAction"]["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert website["potentialAction"]["query-input"] == "required name=search_term_string"
    assert organisation["email"] == "info@thecaucasuscenter.org"
    assert meta["og:type"] == "website"
    assert meta["og:url"] == "http://testserver/"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"].startswith("http://testserver/media/photos/")
    assert meta["og:image"].endswith("-1600w.jpg")
    assert meta["og:image:alt"] == "The Caspian shore"


def test_the_home_page_without_a_lead_photo_has_a_summary_card(client):
    ArticleFactory(title="Lead")

    _, meta = parsed(client.get("/"))

    assert meta["twitter:card"] == "summary"
    assert "og:image" not in meta
    assert meta["og:title"] == meta["twitter:title"] == "The Caucasus Center for Strategic and International Studies"


def test_the_article_page_has_an_article_with_its_authors_publisher_and_series(client):
    ArticleFactory(
        slug="piece",
        kind_slug="special-report",
        authors=[AuthorFactory(name="Fuad Shahbazov")],
        series=SeriesFactory(),
        series_part=1,
        photo=photo(),
    )

    (data,), _ = parsed(client.get("/articles/piece/"))

    assert missing(data) == []
    assert types(data) == ["Report", "Person", "Organization", "CreativeWorkSeries"]


def test_the_author_page_is_a_profile_of_a_person_with_their_pieces(client):
    author = AuthorFactory(slug="fuad", name="Fuad Shahbazov")
    ArticleFactory(authors=[author])

    (data,), _ = parsed(client.get("/authors/fuad/"))

    assert missing(data) == []
    assert types(data) == ["ProfilePage", "Person", "ItemList", "ListItem"]


def test_the_centers_own_piece_and_page_name_the_publishing_organisation(client):
    center = AuthorFactory(name=settings.SITE["name"], slug=settings.SITE["author_slug"], is_organisation=True)
    translator = AuthorFactory(name="Jane Roe")
    ArticleFactory(slug="own", authors=[center, (translator, "translated_by")])

    (article,), _ = parsed(client.get("/articles/own/"))
    (profile,), _ = parsed(client.get(center.get_absolute_url()))

    assert missing(article) == []
    assert types(article) == ["AnalysisNewsArticle", "Organization", "Organization", "Person"]
    assert article["author"][0]["@id"] == article["publisher"]["@id"]
    assert article["translator"][0]["name"] == "Jane Roe"
    assert missing(profile) == []
    assert types(profile) == ["ProfilePage", "Organization", "ItemList", "ListItem"]


def test_the_conference_page_is_an_event_with_organiser_languages_attendance_and_the_calls_deadline(client):
    conference = ConferenceFactory(
        slug="baku-2027",
        venue="ADA University, Baku",
        starts_on=date(2027, 5, 14),
        ends_on=date(2027, 5, 15),
        is_live_streamed=True,
        interpretation_languages=["az", "ru"],
    )

    (data,), meta = parsed(client.get("/conference/baku-2027/"))

    assert missing(data) == []
    assert types(data) == ["Event", "Organization", "Place", "VirtualLocation", "Offer"]
    assert data["inLanguage"] == ["en", "az", "ru"]
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["organizer"]["name"] == "The Caucasus Center for Strategic and International Studies"
    assert data["offers"]["url"] == "http://testserver/conference/baku-2027/submit/"
    assert data["offers"]["validThrough"] == conference.deadline.astimezone().isoformat()
    assert (data["startDate"], data["endDate"]) == ("2027-05-14", "2027-05-15")
    assert meta["og:title"] == meta["twitter:title"] == conference.title
    assert meta["og:url"] == "http://testserver/conference/baku-2027/"


def test_a_conference_whose_venue_is_not_known_is_to_be_announced(client):
    ConferenceFactory(slug="tba", venue="", organiser="Baku Forum")

    (data,), _ = parsed(client.get("/conference/tba/"))

    assert missing(data) == []
    assert data["location"] == {"@type": "Place", "name": "To be announced"}
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["organizer"] == {"@type": "Organization", "name": "Baku Forum"}
    assert data["inLanguage"] == "en"
    assert "startDate" not in data  # dates not announced are not invented


def test_a_property_missing_from_a_node_is_found():
    assert missing({"@type": "Event", "name": "x", "location": {"@type": "Place"}}) == [
        ("Event", "url"),
        ("Event", "organizer"),
        ("Event", "eventAttendanceMode"),
        ("Event", "eventStatus"),
        ("Event", "inLanguage"),
        ("Place", "name"),
    ]
