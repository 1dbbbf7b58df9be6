"""Every public URL answers only the methods it serves (405 with ``Allow`` to the others), and every
response says ``Referrer-Policy: same-origin`` (or something stricter)."""

import uuid

import pytest
from django.test import Client
from django.urls import URLResolver, reverse

from alerts import tokens
from alerts.models import Subscription
from articles.models import Series
from caucasuscenter.urls import public_urlpatterns, unprefixed_urlpatterns
from conferences.models import LetterOfInterest, SimulationSubmission
from tests.conferences.factories import AbstractFactory, ConferenceFactory
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory

pytestmark = pytest.mark.django_db

REFUSED = ["PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"]
FORMS = {"conferences:abstract_submit", "conferences:letter_submit", "conferences:simulation_submit"}
FORMS |= {"conferences:abstract_edit", "conferences:abstract_withdraw"}
FORMS |= {"alerts:subscribe", "alerts:confirm", "alerts:unsubscribe"}


def names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from names(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
        elif pattern.name:
            yield namespace + pattern.name


@pytest.fixture
def every_public_url():
    """Each named public URL, with real objects behind it."""
    author, outlet = AuthorFactory(slug="anna"), OutletFactory(slug="outlet")
    series = Series.objects.create(title="Conflict", slug="conflict", invitation="<p>Send us yours.</p>")
    article = ArticleFactory(slug="piece", authors=[author], tags=["Caspian"], series=series, outlet=outlet)
    conference = ConferenceFactory(slug="peace", proceedings_published=True)
    abstract = AbstractFactory(conference=conference)
    letter = LetterOfInterest.objects.create(
        conference=conference, organisation="O", contact_person="P", email="p@example.org", message="M"
    )
    simulation = SimulationSubmission.objects.create(
        series=series, full_name="F", position="P", email="f@example.org", phone="+994 12 345 67", title="T", text="X"
    )
    subscription = Subscription.objects.create(email="reader@example.org")
    kwargs = {
        "alerts:subscribe": {},
        "alerts:sent": {},
        "alerts:confirm": {"token": tokens.make(subscription, tokens.CONFIRM)},
        "alerts:unsubscribe": {"token": tokens.make(subscription, tokens.UNSUBSCRIBE)},
        "home": {},
        "sitemap": {},
        "sitemap_section": {"section": "articles"},
        "robots": {},
        "conferences:index": {},
        "conferences:abstract_manage": {"key": abstract.manage_key},
        "conferences:abstract_edit": {"key": abstract.manage_key},
        "conferences:abstract_withdraw": {"key": abstract.manage_key},
        "conferences:abstract_status": {"key": abstract.status_key},
        "conferences:simulation_received": {"token": simulation.submission_token},
        "conferences:simulation_submit": {"series_slug": series.slug},
        "conferences:detail": {"slug": conference.slug},
        "conferences:abstract_submit": {"slug": conference.slug},
        "conferences:abstract_submitted": {"slug": conference.slug, "token": abstract.submission_token or uuid.uuid4()},
        "conferences:proceedings": {"slug": conference.slug},
        "conferences:letter_submit": {"slug": conference.slug},
        "conferences:letter_received": {"slug": conference.slug, "token": letter.submission_token},
        "articles:list": {},
        "articles:detail": {"slug": article.slug},
        "articles:preview": {"pk": article.pk},
        "articles:share": {"token": "no-such-token"},
        "articles:authors": {},
        "articles:author": {"slug": author.slug},
        "articles:series_list": {},
        "articles:series": {"slug": series.slug},
        "articles:tag": {"slug": "caspian"},
        "articles:outlet": {"slug": outlet.slug},
        "articles:search": {},
        "articles:cite_bibtex": {"slug": article.slug},
        "articles:cite_ris": {"slug": article.slug},
        "articles:feed": {},
        "articles:feed_atom": {},
        "articles:author_feed": {"slug": author.slug},
        "articles:author_feed_atom": {"slug": author.slug},
        "articles:series_feed": {"slug": series.slug},
        "articles:series_feed_atom": {"slug": series.slug},
        "articles:tag_feed": {"slug": "caspian"},
        "articles:tag_feed_atom": {"slug": "caspian"},
        "api:articles": {},
        "api:article": {"slug": article.slug},
        "api:authors": {},
        "api:author": {"slug": author.slug},
        "api:series_list": {},
        "api:series": {"slug": series.slug},
        "api:openapi": {},
    }
    assert sorted(kwargs) == sorted(set(names([*unprefixed_urlpatterns, *public_urlpatterns]))), (
        "a new public URL belongs in this list"
    )
    return {name: reverse(name, kwargs=values) for name, values in kwargs.items()}


def test_every_public_url_refuses_methods_it_does_not_serve_and_says_which_it_does(every_public_url):
    client = Client()
    answers = {}
    for name, url in every_public_url.items():
        allowed = "GET, HEAD, POST" if name in FORMS else "GET, HEAD"
        for method in REFUSED:
            response = client.generic(method, url, "x=1")
            answers[(name, method)] = (response.status_code, response.get("Allow"))
            assert answers[(name, method)] == (405, allowed), (name, method)
        options = client.options(url)
        assert (options.status_code, options["Allow"]) == (200, f"{allowed}, OPTIONS"), name
    assert len(answers) == len(every_public_url) * len(REFUSED)


def test_reading_pages_refuse_a_post_and_forms_still_take_one(every_public_url):
    client = Client()
    for name, url in every_public_url.items():
        response = client.post(url, {"x": "1"})
        if name in FORMS:
            assert response.status_code in (200, 302, 400, 403), (name, response.status_code)
        else:
            assert (response.status_code, response["Allow"]) == (405, "GET, HEAD"), name


def test_every_page_still_answers_get_and_head(every_public_url):
    client = Client()
    for name, url in every_public_url.items():
        if name in ("articles:preview", "articles:share"):
            continue  # staff only / a revoked token: 302 and 404, as before
        assert client.get(url).status_code == 200, name
        assert client.head(url).status_code == 200, name


def test_every_page_sends_referrer_policy_same_origin_or_stricter(every_public_url):
    client = Client()
    for name, url in every_public_url.items():
        policy = client.get(url).get("Referrer-Policy")
        assert policy in ("same-origin", "no-referrer"), (name, policy)
    assert client.get("/no-such-page/")["Referrer-Policy"] == "same-origin"
    assert client.get("/admin/login/")["Referrer-Policy"] == "same-origin"
