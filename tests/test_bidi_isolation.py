"""Bidirectional text on public pages: every title and name that someone typed (a call, its topics
and programme, a series, an outlet, an abstract and its authors, a partner, a simulation) is shown
isolated — inside a ``<bdi>`` or an element with ``dir`` — so a right-to-left title cannot reorder
the words around it (a year, a quotation mark, "Thank you,").

Each page is parsed; every piece of text that holds one of the right-to-left values below must sit
inside such an element. Text in the ``<head>`` (title, meta) is plain text and is not checked.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.models import Article
from conferences.models import Abstract, LetterOfInterest, SimulationSubmission
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory

from .conferences.conftest import abstract_data
from .conferences.factories import AbstractFactory, ConferenceFactory

pytestmark = pytest.mark.django_db

CALL = "کنفرانس صلح"  # Persian: "peace conference"
SUBTITLE = "گفتگو در قفقاز"
TOPIC = "حقوق بشر"
FEATURE = "کارگاه"
SERIES = "جنگ قفقاز"
OUTLET = "ایران امروز"
ABSTRACT = "صلح در قفقاز"
AUTHOR = "علی رضایی"
PARTNER = "مؤسسه صلح"
SIMULATION = "سه سناریو"
PERSON = "لیلا محمدی"
RTL_VALUES = [CALL, SUBTITLE, TOPIC, FEATURE, SERIES, OUTLET, ABSTRACT, AUTHOR, PARTNER, SIMULATION, PERSON]


class Isolation(HTMLParser):
    """The pieces of body text holding a right-to-left value, each with whether it is isolated."""

    VOID = {"area", "br", "col", "img", "input", "link", "meta", "hr", "source", "wbr"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.open, self.found = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _attrs in self.open]
        if "body" not in tags or not any(value in data for value in RTL_VALUES):
            return
        isolated = any(tag == "bdi" or "dir" in attrs for tag, attrs in self.open if tag not in {"html", "body"})
        self.found.append((data.strip(), isolated))

    def bare(self):
        return [text for text, isolated in self.found if not isolated]


def shown(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return Isolation(response.content.decode())


@pytest.fixture
def call(settings):
    return ConferenceFactory(
        title=CALL,
        subtitle=SUBTITLE,
        proceedings_published=True,
        topics=[TOPIC, "Ceasefire law"],
        features=[("workshop", FEATURE)],
    )


@pytest.fixture
def series():
    return SeriesFactory(title=SERIES, slug="caucasus-war", invitation="<p>Send us your simulation.</p>")


def test_the_right_to_left_values_are_really_right_to_left():
    """The check below means something only if every value would reorder its surroundings."""
    import unicodedata

    assert all(unicodedata.bidirectional(value[0]) == "AL" for value in RTL_VALUES)


def test_the_call_pages_isolate_every_typed_title_and_name(client, call):
    AbstractFactory(
        conference=call, title=ABSTRACT, status="accepted", authors=[(AUTHOR, "دانشگاه تهران", "ali@example.org")]
    )
    submitted = AbstractFactory(conference=call, title=ABSTRACT, authors=[(AUTHOR, "YSU", "anna@example.org")])
    pages = {
        "home": reverse("home"),
        "calls": reverse("conferences:index"),
        "call": call.get_absolute_url(),
        "form": reverse("conferences:abstract_submit", kwargs={"slug": call.slug}),
        "partners": reverse("conferences:letter_submit", kwargs={"slug": call.slug}),
        "proceedings": reverse("conferences:proceedings", kwargs={"slug": call.slug}),
        "manage": reverse("conferences:abstract_manage", kwargs={"key": submitted.manage_key}),
        "status": reverse("conferences:abstract_status", kwargs={"key": submitted.status_key}),
        "withdraw": reverse("conferences:abstract_withdraw", kwargs={"key": submitted.manage_key}),
        "edit": reverse("conferences:abstract_edit", kwargs={"key": submitted.manage_key}),
    }
    seen = {}
    for name, url in pages.items():
        page = shown(client, url)
        assert page.bare() == [], name
        seen[name] = len(page.found)
    # The check looked at something on each page that shows a typed value.
    assert all(seen[name] for name in ("home", "calls", "call", "form", "proceedings", "manage", "status")), seen


def test_the_pages_after_a_submission_isolate_what_the_sender_typed(client, call, series):
    authors = [(AUTHOR, "دانشگاه تهران", "ali@example.org"), ("Anna", "YSU", "anna@example.org")]
    url = reverse("conferences:abstract_submit", kwargs={"slug": call.slug})
    submitted = client.post(url, abstract_data(call, authors=authors, title=ABSTRACT), follow=True)
    assert Abstract.objects.filter(title=ABSTRACT).exists()
    page = Isolation(submitted.content.decode())
    assert page.found
    assert page.bare() == []

    letter = client.post(
        reverse("conferences:letter_submit", kwargs={"slug": call.slug}),
        {
            "submission_token": "7d9e1c1e-3f53-4d7e-9d1e-1f0c8a0b2c3d",
            "homepage": "",
            "organisation": PARTNER,
            "contact_person": PERSON,
            "email": "nino@example.org",
            "website": "",
            "message": "We would like to co-host the workshop on dialogue.",
        },
        follow=True,
    )
    assert LetterOfInterest.objects.filter(organisation=PARTNER).exists()
    page = Isolation(letter.content.decode())
    assert page.found
    assert page.bare() == []

    simulation = client.post(
        reverse("conferences:simulation_submit", kwargs={"series_slug": series.slug}),
        {
            "submission_token": "0b7c8a3e-55c4-4b0b-8f0e-6a1d2c3b4a59",
            "homepage": "",
            "full_name": PERSON,
            "position": "Senior analyst",
            "email": "leyla@example.org",
            "phone": "+994 50 123 45 67",
            "title": SIMULATION,
            "text": "Scenario one: the trucks pay and the border stays calm.",
        },
        follow=True,
    )
    assert SimulationSubmission.objects.filter(title=SIMULATION).exists()
    page = Isolation(simulation.content.decode())
    assert {text for text, _ in page.found} >= {SERIES, SIMULATION} or page.found
    assert page.bare() == []


def test_reading_pages_isolate_series_and_outlet_names(client, series):
    outlet = OutletFactory(name=OUTLET, slug="iran-today")
    article = ArticleFactory(series=series, outlet=outlet, status=Article.Status.PUBLISHED, title="Borders at dusk")
    for url in (
        reverse("home"),
        reverse("articles:list"),
        article.get_absolute_url(),
        series.get_absolute_url(),
        outlet.get_absolute_url(),
        reverse("conferences:simulation_submit", kwargs={"series_slug": series.slug}),
        reverse("articles:search") + "?q=borders",
    ):
        page = shown(client, url)
        assert page.found, url
        assert page.bare() == [], (url, page.bare())


@pytest.mark.parametrize("style", ["chicago", "apa"])
def test_a_right_to_left_title_author_and_outlet_are_isolated_in_the_shown_citations(style):
    from articles import citations

    outlet = OutletFactory(name=OUTLET, slug="iran-today")
    article = ArticleFactory(title=ABSTRACT, outlet=outlet, status=Article.Status.PUBLISHED)
    article.authors.add(AuthorFactory(name=AUTHOR, slug="ali-rezaei"))
    article = Article.objects.published().for_cards().get(pk=article.pk)
    citation = getattr(citations, style)(article, "https://example.org/a/")
    page = Isolation(f"<html><body><p>{citation.html}</p></body></html>")
    assert {text.strip(".“”, ") for text, _ in page.found} >= {ABSTRACT, OUTLET}
    assert page.bare() == []
    assert citation.text.count("bdi") == 0  # the plain-text citation (copy, RIS, BibTeX) is not marked up
