"""Facets: every combination gives exactly the expected pieces, counts follow the faceted-search
rule, malformed parameters are ignored with a note, and the queries do not grow with the data."""

from datetime import datetime

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from articles.filters import ArticleFilter, AuthorArticleFilter, SearchFilter, TagArticleFilter
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def baku_time(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def catalogue():
    """Four published pieces, plus a draft and a scheduled piece that share their facets."""
    alice = AuthorFactory(name="Alice Aliyeva", slug="alice")
    bob = AuthorFactory(name="Bob Babayan", slug="bob")
    series = SeriesFactory(title="Energy Corridors", slug="corridors")
    edm = OutletFactory(name="Eurasia Daily Monitor", slug="edm")
    ArticleFactory(
        slug="a1", kind_slug="analysis", authors=[alice], tags=["Energy", "Russia"], published_at=baku_time(2024, 3, 10)
    )
    ArticleFactory(
        slug="a2",
        kind_slug="analysis",
        authors=[bob],
        tags=["Energy"],
        language="az",
        published_at=baku_time(2024, 6, 1),
    )
    ArticleFactory(
        slug="a3",
        kind_slug="op-ed",
        authors=[alice, bob],
        tags=["Russia"],
        series=series,
        series_part=1,
        published_at=baku_time(2023, 11, 20),
    )
    ArticleFactory(
        slug="a4",
        kind_slug="special-report",
        authors=[bob],
        tags=["Energy", "Armenia"],
        outlet=edm,
        published_at=baku_time(2023, 2, 5),
    )
    ArticleFactory(slug="draft", authors=[alice], tags=["Energy", "Secret"], series=series, series_part=2, draft=True)
    ArticleFactory(slug="scheduled", authors=[bob], tags=["Russia", "Secret"], outlet=edm, scheduled=True)


def make_filter(params, filter_class=ArticleFilter, path="/articles/"):
    data = QueryDict(params) if isinstance(params, str) else params
    request = RequestFactory().get(path, data)
    return filter_class(request.GET or None, Article.objects.published().newest_first(), request=request)


def slugs(params, **kwargs):
    return [article.slug for article in make_filter(params, **kwargs).qs]


def counts(filterset):
    """{facet: {value: count}} as shown to readers."""
    return {facet.name: {choice.value: choice.count for choice in facet.choices} for facet in filterset.facets}


# ---------------------------------------------------------------------------
# Combinations
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("", ["a2", "a1", "a3", "a4"]),
        ("type=analysis", ["a2", "a1"]),
        ("author=alice", ["a1", "a3"]),
        ("author=bob&type=analysis", ["a2"]),
        ("tag=energy", ["a2", "a1", "a4"]),
        ("tag=energy&tag=russia", ["a1"]),
        ("tag=energy&language=en", ["a1", "a4"]),
        ("language=az", ["a2"]),
        ("year=2023", ["a3", "a4"]),
        ("since=2023-06-01&until=2024-03-31", ["a1", "a3"]),
        ("since=2024-03-10", ["a2", "a1"]),
        ("until=2023-02-05", ["a4"]),
        ("series=corridors", ["a3"]),
        ("outlet=edm", ["a4"]),
        ("author=bob&tag=energy&year=2024", ["a2"]),
        ("author=alice&tag=armenia", []),
        ("type=op-ed&author=bob&tag=russia&series=corridors&language=en&year=2023", ["a3"]),
    ],
)
def test_facets_combine_to_exactly_the_expected_pieces(catalogue, params, expected):
    assert slugs(params) == expected


def test_counts_for_a_facet_ignore_its_own_choice_and_respect_the_others(catalogue):
    filterset = make_filter("type=analysis&year=2024")

    assert counts(filterset) == {
        "type": {"analysis": 2},
        "author": {"alice": 1, "bob": 1},
        "series": {},
        "tag": {"energy": 2, "russia": 1},
        "outlet": {},
        "language": {"az": 1, "en": 1},
        "year": {"2024": 2},
    }


def test_counts_without_filters_cover_every_published_piece_and_nothing_else(catalogue):
    assert counts(make_filter("")) == {
        "type": {"analysis": 2, "op-ed": 1, "special-report": 1},
        "author": {"bob": 3, "alice": 2},
        "series": {"corridors": 1},
        "tag": {"energy": 3, "russia": 2, "armenia": 1},
        "outlet": {"edm": 1},
        "language": {"en": 3, "az": 1},
        "year": {"2024": 2, "2023": 2},
    }


def test_choosing_a_type_still_counts_the_other_types(catalogue):
    facet = {facet.name: facet for facet in make_filter("type=op-ed").facets}["type"]

    assert [(c.value, c.count, c.selected) for c in facet.choices] == [
        ("analysis", 2, False),
        ("op-ed", 1, True),
        ("special-report", 1, False),
    ]


def test_topic_counts_say_what_adding_a_topic_would_give(catalogue):
    facet = {facet.name: facet for facet in make_filter("tag=energy").facets}["tag"]

    assert [(c.value, c.count, c.selected) for c in facet.choices] == [
        ("energy", 3, True),
        ("armenia", 1, False),
        ("russia", 1, False),
    ]


def test_a_chosen_value_without_pieces_stays_visible_with_zero(catalogue):
    facet = {facet.name: facet for facet in make_filter("author=alice&tag=armenia").facets}["tag"]

    assert [(c.value, c.count, c.selected) for c in facet.choices] == [("armenia", 0, True)]


def test_a_chosen_value_beyond_the_most_frequent_keeps_its_count(monkeypatch):
    monkeypatch.setitem(ArticleFilter.LIMITS, "author", 1)
    often, rarely = AuthorFactory(slug="often"), AuthorFactory(slug="rarely")
    ArticleFactory.create_batch(2, authors=[often])
    ArticleFactory(authors=[often, rarely])

    facet = {facet.name: facet for facet in make_filter("author=rarely").facets}["author"]

    assert [(c.value, c.count, c.selected) for c in facet.choices] == [("often", 3, False), ("rarely", 1, True)]


def test_choice_links_toggle_one_value_keep_the_others_and_reset_the_page(catalogue):
    filterset = make_filter("type=analysis&tag=energy&page=2&q=gas")
    facets = {facet.name: facet for facet in filterset.facets}
    links = {(facet.name, choice.value): choice.url for facet in facets.values() for choice in facet.choices}

    assert links["type", "analysis"] == "/articles/?tag=energy&q=gas"
    assert links["author", "bob"] == "/articles/?type=analysis&tag=energy&q=gas&author=bob"
    assert links["tag", "russia"] == "/articles/?type=analysis&tag=energy&tag=russia&q=gas"
    assert links["tag", "energy"] == "/articles/?type=analysis&q=gas"
    assert facets["type"].clear_url == "/articles/?tag=energy&q=gas"
    assert facets["author"].clear_url == ""
    assert filterset.clear_url == "/articles/?q=gas"
    assert filterset.kept_params == [("type", "analysis"), ("tag", "energy"), ("q", "gas")]


# ---------------------------------------------------------------------------
# Unknown and malformed parameters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "notes"),
    [
        ("year=abc", ["Ignored year “abc”: not a year."]),
        ("year=99999", ["Ignored year “99999”: not a year we published in."]),
        ("year=2024.5", ["Ignored year “2024.5”: not a year."]),
        ("type=nonexistent", ["Ignored type “nonexistent”: there is no such type."]),
        (
            "author=nobody&series=none",
            [
                "Ignored author “nobody”: there is no such author.",
                "Ignored series “none”: there is no such series.",
            ],
        ),
        ("outlet=%00", ["Ignored outlet “\x00”: Null characters are not allowed."]),
        ("language=xx", ["Ignored language “xx”: there is no such language."]),
        (
            "since=2024-13-45&until=yesterday",
            ["Ignored since “2024-13-45”: not a date.", "Ignored until “yesterday”: not a date."],
        ),
        ("tag=nope", ["Ignored topic “nope”: there is no such topic."]),
        ("tag=%00", ["Ignored topic “\x00”: there is no such topic."]),
        ("unknown=1&page=1&utm_source=x", []),
        ("type=" + "x" * 500, ["Ignored type “" + "x" * 59 + "…”: there is no such type."]),
    ],
)
def test_malformed_or_unknown_values_are_ignored_with_a_note(catalogue, params, notes):
    filterset = make_filter(params)

    assert [article.slug for article in filterset.qs] == ["a2", "a1", "a3", "a4"]
    assert filterset.notes == notes
    assert len(filterset.facets) == 7


def test_five_hundred_topics_are_cut_to_five_and_unknown_ones_noted(catalogue, django_assert_max_num_queries):
    params = QueryDict(mutable=True)
    params.setlist("tag", ["energy", "energy", "nope"] + [f"t{i}" for i in range(500)])

    with django_assert_max_num_queries(1):
        filterset = make_filter(params)
        assert filterset.cleaned["tag"][0].slug == "energy"

    assert slugs(params) == ["a2", "a1", "a4"]
    assert filterset.notes == [
        "Ignored topics after the first 5 (choose at most 5).",
        "Ignored topic “nope”: there is no such topic.",
        "Ignored topic “t0”: there is no such topic.",
        "Ignored topic “t1”: there is no such topic.",
        "Ignored topic “t2”: there is no such topic.",
    ]


# ---------------------------------------------------------------------------
# Pages with a given author or topic
# ---------------------------------------------------------------------------


def test_an_author_page_has_no_author_facet(catalogue):
    filterset = make_filter("", filter_class=AuthorArticleFilter, path="/authors/alice/")

    assert [facet.name for facet in filterset.facets] == ["type", "series", "tag", "outlet", "language", "year"]


def test_a_topic_page_offers_the_other_topics_with_counts_among_its_pieces(catalogue, rf):
    from django.urls import resolve

    request = rf.get("/tags/energy/")
    request.resolver_match = resolve("/tags/energy/")
    filterset = TagArticleFilter(None, Article.objects.published().filter(tags__slug="energy"), request=request)
    facets = {facet.name: facet for facet in filterset.facets}

    assert [(c.value, c.count) for c in facets["tag"].choices] == [("armenia", 1), ("russia", 1)]
    assert [(c.value, c.count) for c in facets["author"].choices] == [("bob", 2), ("alice", 1)]


# ---------------------------------------------------------------------------
# Search and facets together
# ---------------------------------------------------------------------------


def test_search_combines_with_facets_and_counts_only_matches():
    ArticleFactory(slug="gas-en", title="Caspian gas", kind_slug="analysis")
    ArticleFactory(slug="gas-oped", title="Gas and Europe", kind_slug="op-ed")
    ArticleFactory(slug="roads", title="Roads", kind_slug="analysis")

    filterset = make_filter("q=gas&type=analysis", filter_class=SearchFilter, path="/search/")

    assert [article.slug for article in filterset.qs] == ["gas-en"]
    assert counts(filterset)["type"] == {"analysis": 1, "op-ed": 1}


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 5, 30])
def test_all_facets_cost_one_query_whatever_the_number_of_pieces(django_assert_num_queries, n):
    for i in range(n):
        ArticleFactory(authors=[AuthorFactory()], tags=[f"topic {i}", "shared"], series=SeriesFactory(), series_part=1)

    filterset = make_filter("")
    with django_assert_num_queries(1):
        assert len(filterset.facets) == 7


@pytest.mark.parametrize("n", [1, 5])
def test_chosen_values_cost_a_few_queries_whatever_the_number_of_pieces(django_assert_num_queries, n):
    author = AuthorFactory(slug="author")
    for i in range(n):
        ArticleFactory(authors=[author], tags=[f"topic {i}", "shared"])

    filterset = make_filter("author=author&tag=shared&tag=topic-0&year=2020")
    # Checking the author and the topics (2); the facets not in use and the topics (1), the author
    # facet without the author (1), the year facet without the year (1); the pieces (1).
    with django_assert_num_queries(2 + 3 + 1):
        assert len(filterset.facets) == 7
        assert list(filterset.qs) == []
