"""Pieces that are translations of one another (``articles.translations``): how editors link them,
what a piece's page, the sitemap and the API say of them, and how lists show one card per group."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from articles.filters import ArticleFilter
from articles.models import Article, Authorship
from caucasuscenter.shared.links import absolute_url
from tests.articles.test_admin import article_form, make_user
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eda", "Editors"))
    return client


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def translation_of(original, language, **kwargs):
    return ArticleFactory(translation_of=original, language=language, **kwargs)


@pytest.fixture
def group():
    """An English original, published three days ago, with its Azerbaijani and Russian translations
    (published since) and a Turkish one still in draft."""
    original = ArticleFactory(slug="gas", title="Gas and the Caspian", published_at=ago(days=3), tags=["Energy"])
    return {
        "en": original,
        "az": translation_of(original, "az", slug="qaz", title="Qaz və Xəzər", published_at=ago(days=2)),
        "ru": translation_of(original, "ru", slug="gaz", title="Газ и Каспий", published_at=ago(days=1)),
        "tr": translation_of(original, "tr", slug="gaz-tr", title="Gaz taslak", draft=True),
    }


# ---------------------------------------------------------------------------
# Reading the HTML
# ---------------------------------------------------------------------------


class _Links(HTMLParser):
    """The ``<link rel="alternate" hreflang>`` of the head, and the links inside ``.also-in``."""

    def __init__(self):
        super().__init__()
        self.alternates, self.also_in, self.also_in_text, self.depth, self.inside = [], [], "", 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates.append((attrs["hreflang"], attrs["href"]))
        if "also-in" in (attrs.get("class") or "").split():
            self.inside = self.depth
            self.also_in_attrs = attrs
        elif self.inside is not None and tag == "a":
            self.also_in.append(attrs)
        if tag not in {"link", "meta", "img", "br", "source", "input"}:
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1
        if self.inside is not None and self.depth == self.inside:
            self.inside = None

    def handle_data(self, data):
        if self.inside is not None:
            self.also_in_text += data


def links_of(response):
    parser = _Links()
    parser.feed(response.content.decode())
    parser.also_in_text = " ".join(parser.also_in_text.split())
    return parser


# ---------------------------------------------------------------------------
# The model: what an editor may link
# ---------------------------------------------------------------------------


def errors_of(article):
    with pytest.raises(ValidationError) as raised:
        article.full_clean()
    return raised.value.message_dict


def test_a_translation_names_its_original_and_the_group_is_the_original_and_its_translations(group):
    assert group["az"].full_clean() is None
    members = Article.objects.translations_of(group["az"]).order_by("pk")
    assert list(members) == [group["en"], group["ru"], group["tr"]]
    published = Article.objects.published().translations_of(group["en"]).order_by("pk")
    assert list(published) == [group["az"], group["ru"]]


def test_a_piece_cannot_be_a_translation_of_itself(group):
    group["en"].translation_of = group["en"]

    assert errors_of(group["en"]) == {"translation_of": ["A piece cannot be a translation of itself."]}


def test_a_translation_of_a_translation_is_refused_naming_the_original_to_choose(group):
    piece = ArticleFactory(language="hy", title="Հայերեն", slug="hy")
    piece.translation_of = group["az"]

    assert errors_of(piece) == {
        "translation_of": [
            "“Qaz və Xəzər” is itself a translation (of “Gas and the Caspian”): choose the original, "
            "“Gas and the Caspian”."
        ]
    }


def test_an_original_cannot_become_the_translation_of_its_own_translation(group):
    group["en"].translation_of = group["az"]

    assert errors_of(group["en"]) == {
        "translation_of": ["“Qaz və Xəzər” is a translation of this piece, so it cannot be its original."]
    }


def test_an_original_with_translations_cannot_become_a_translation(group):
    other = ArticleFactory(language="ka", title="Another original")
    group["en"].translation_of = other

    assert errors_of(group["en"]) == {
        "translation_of": [
            "This piece has translations of its own, so it is an original: it cannot also be a translation. "
            "Link its translations to “Another original” first."
        ]
    }


def test_two_pieces_of_a_group_cannot_share_a_language(group):
    second_az = ArticleFactory(language="az", title="Başqa tərcümə")
    second_az.translation_of = group["en"]

    assert errors_of(second_az) == {
        "language": ["“Qaz və Xəzər” already is the Azerbaijani translation of “Gas and the Caspian”."]
    }


def test_a_translation_is_in_another_language_than_its_original(group):
    english = ArticleFactory(language="en", title="Gas, retold")
    english.translation_of = group["en"]

    assert errors_of(english) == {
        "language": ["A translation is in another language than its original (“Gas and the Caspian” is in English)."]
    }


def test_an_original_cannot_take_the_language_of_one_of_its_translations(group):
    group["en"].language = "ru"

    assert errors_of(group["en"]) == {
        "language": ["“Газ и Каспий”, a translation of this piece, is already in Russian."]
    }


def test_the_database_keeps_one_translation_per_language_of_an_original(group):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Article.objects.create(
            title="Twin", slug="twin", kind=group["en"].kind, language="az", translation_of=group["en"]
        )


# ---------------------------------------------------------------------------
# The admin: the editor links, is told what is wrong, and nothing is half-saved
# ---------------------------------------------------------------------------


def test_the_admin_saves_a_translation_and_the_change_form_shows_its_group(editor_client, group):
    author = AuthorFactory()
    data = article_form(
        title="Гази Каспия",
        slug="hy-gas",
        language="hy",
        translation_of=group["en"].pk,
        **{"authorships-0-author": author.pk},
    )

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    saved = Article.objects.get(slug="hy-gas")
    assert saved.translation_of == group["en"]
    page = editor_client.get(reverse("admin:articles_article_change", args=[saved.pk])).content.decode()
    assert "Original, English: <a" in page
    assert "Translation, Armenian: <a" in page
    assert "(this piece)" in page
    assert "Translation, Turkish: <a" in page  # the editors see the draft members too


@pytest.mark.parametrize(
    ("language", "original", "message"),
    [
        ("az", "en", "“Qaz və Xəzər” already is the Azerbaijani translation of “Gas and the Caspian”."),
        ("en", "en", "A translation is in another language than its original (“Gas and the Caspian” is in English)."),
        ("hy", "ru", "“Газ и Каспий” is itself a translation (of “Gas and the Caspian”): choose the original, "),
    ],
)
def test_the_admin_refuses_a_wrong_link_saying_why_and_saves_nothing(editor_client, group, language, original, message):
    author = AuthorFactory()
    before = (Article.objects.count(), Authorship.objects.count())
    data = article_form(language=language, translation_of=group[original].pk, **{"authorships-0-author": author.pk})

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(message for messages in errors.values() for message in messages)
    assert "Please correct the error below." in response.content.decode()
    assert message in response.content.decode()
    assert (Article.objects.count(), Authorship.objects.count()) == before


def test_the_translation_autocomplete_offers_originals_only(editor_client, group):
    query = {"app_label": "articles", "model_name": "article", "field_name": "translation_of", "term": ""}
    results = editor_client.get(reverse("admin:autocomplete"), query).json()["results"]

    assert [row["text"] for row in results] == ["Gas and the Caspian"]


# ---------------------------------------------------------------------------
# The piece's page, its head and the sitemap
# ---------------------------------------------------------------------------


def test_the_page_names_the_other_published_translations_in_their_own_languages(client, group):
    response = client.get("/articles/gas/")

    links = links_of(response)
    assert links.also_in_text == "Also in: Azərbaycanca · Русский"
    assert [(a["href"], a["lang"], a["hreflang"], a["dir"]) for a in links.also_in] == [
        ("/articles/qaz/", "az", "az", "ltr"),
        ("/articles/gaz/", "ru", "ru", "ltr"),
    ]
    assert "lang" not in links.also_in_attrs  # an English piece: the site's words need no mark


def test_a_translation_names_the_original_and_keeps_the_site_words_marked_english(client, group):
    response = client.get("/articles/qaz/")

    links = links_of(response)
    assert links.also_in_text == "Also in: English · Русский"
    assert [(a["href"], a["lang"], a["dir"]) for a in links.also_in] == [
        ("/articles/gas/", "en", "ltr"),
        ("/articles/gaz/", "ru", "ltr"),
    ]
    assert (links.also_in_attrs["lang"], links.also_in_attrs["dir"]) == ("en-GB", "ltr")
    assert '<article class="article" lang="az" dir="ltr">' in response.content.decode()


def test_a_persian_translation_is_linked_right_to_left(client, group):
    translation_of(group["en"], "fa", slug="gaz-fa", title="گاز و خزر")

    links = links_of(client.get("/articles/gas/"))

    assert links.also_in_text == "Also in: Azərbaycanca · Русский · فارسی"
    assert [(a["lang"], a["dir"]) for a in links.also_in] == [("az", "ltr"), ("ru", "ltr"), ("fa", "rtl")]


def test_the_head_lists_every_published_piece_of_the_group_and_the_original_as_default(client, group):
    for slug in ["gas", "qaz", "gaz"]:
        assert links_of(client.get(f"/articles/{slug}/")).alternates == [
            ("en", "http://testserver/articles/gas/"),
            ("az", "http://testserver/articles/qaz/"),
            ("ru", "http://testserver/articles/gaz/"),
            ("x-default", "http://testserver/articles/gas/"),
        ]


def test_a_piece_without_published_translations_has_no_also_in_line_or_alternates(client, group):
    alone = ArticleFactory(slug="alone")
    translation_of(alone, "az", slug="alone-az", draft=True)

    links = links_of(client.get("/articles/alone/"))

    assert (links.also_in, links.alternates, links.also_in_text) == ([], [], "")


def test_when_the_original_is_unpublished_the_earliest_translation_is_the_default(client, group):
    Article.objects.filter(pk=group["en"].pk).update(status=Article.Status.DRAFT)

    links = links_of(client.get("/articles/gaz/"))

    assert links.also_in_text == "Also in: Azərbaycanca"
    assert links.alternates == [
        ("az", "http://testserver/articles/qaz/"),
        ("ru", "http://testserver/articles/gaz/"),
        ("x-default", "http://testserver/articles/qaz/"),
    ]


def test_a_pieces_translations_are_neither_related_pieces_nor_more_by_its_authors(client, group):
    author = AuthorFactory()
    for piece in group.values():
        Authorship.objects.create(article=piece, author=author)
    other = ArticleFactory(slug="other", tags=["Energy"], authors=[author])
    group["az"].tags.add("Energy")

    response = client.get("/articles/gas/")

    assert [piece.slug for piece in response.context["related"]] == ["other"]
    assert [piece.slug for piece in response.context["author_cards"][0]["more"]] == [other.slug]


XHTML = "{http://www.w3.org/1999/xhtml}link"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_each_piece_with_its_published_translations_as_alternates(client, group):
    ArticleFactory(slug="alone")

    root = ElementTree.fromstring(client.get("/sitemap-articles.xml").content)

    urls = {
        url.find(f"{SITEMAP}loc").text: [(link.get("hreflang"), link.get("href")) for link in url.iter(XHTML)]
        for url in root.iter(f"{SITEMAP}url")
    }
    group_links = [
        ("en", "http://testserver/articles/gas/"),
        ("az", "http://testserver/articles/qaz/"),
        ("ru", "http://testserver/articles/gaz/"),
        ("x-default", "http://testserver/articles/gas/"),
    ]
    assert urls == {
        "http://testserver/articles/alone/": [],
        "http://testserver/articles/gas/": group_links,
        "http://testserver/articles/qaz/": group_links,
        "http://testserver/articles/gaz/": group_links,
    }
    assert all(link.get("rel") == "alternate" for link in root.iter(XHTML))


# ---------------------------------------------------------------------------
# Lists: one card per group, in the reader's language where there is one
# ---------------------------------------------------------------------------


def listed(reader=None, **params):
    """The slugs a list shows, and its count, as the list's filter set picks them for a reader of ``reader``."""
    data = QueryDict(mutable=True)
    data.update(params)
    with translation.override(reader):
        filterset = ArticleFilter(data, queryset=Article.objects.published().newest_first())
        return [article.slug for article in filterset.qs], filterset.count()


def test_an_english_reader_sees_the_original_of_a_group_once(client, group):
    ArticleFactory(slug="alone", published_at=ago(hours=1))

    response = client.get("/articles/")

    assert [article.slug for article in response.context["article_list"]] == ["alone", "gas"]
    assert response.context["paginator"].count == 2


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("en", ["alone", "gas"]),
        ("az", ["alone", "qaz"]),
        ("ru", ["alone", "gaz"]),
        ("tr", ["alone", "gas"]),  # its Turkish translation is a draft: the original
        ("ka", ["alone", "gas"]),  # no Georgian piece: the original
    ],
)
def test_a_reader_sees_each_group_in_their_language_when_it_has_a_published_piece_in_it(group, reader, expected):
    ArticleFactory(slug="alone", published_at=ago(hours=1))

    assert listed(reader) == (expected, 2)


def test_when_the_original_is_unpublished_the_earliest_published_translation_stands_for_the_group(group):
    Article.objects.filter(pk=group["en"].pk).update(status=Article.Status.DRAFT)

    assert listed("en") == (["qaz"], 1)
    assert listed("ru") == (["gaz"], 1)


def test_when_the_original_is_not_in_the_list_the_earliest_listed_translation_stands_for_it(group):
    group["ru"].tags.add("Energy")  # the original and the Russian piece are on the topic's list
    group["az"].tags.add("Caspian")

    assert listed("en", tag="caspian") == (["qaz"], 1)
    assert listed("en", tag="energy") == (["gas"], 1)
    assert listed("az", tag="energy") == (["gas"], 1)  # the list holds no Azerbaijani piece of the group


def test_choosing_a_language_shows_every_piece_in_it(group):
    alone_az = ArticleFactory(slug="alone-az", language="az", published_at=ago(hours=1))

    assert listed("en", language="az") == ([alone_az.slug, "qaz"], 2)
    assert listed("ru", language="en") == (["gas"], 1)
    assert listed("az", language="ru") == (["gaz"], 1)


def test_the_language_facet_counts_the_pieces_choosing_a_language_shows(client, group):
    ArticleFactory(slug="alone-az", language="az", published_at=ago(hours=1))

    unfiltered = client.get("/articles/")
    filtered = client.get("/articles/", {"language": "az"})

    def counts(response, name):
        (facet,) = [facet for facet in response.context["filter"].facets if facet.name == name]
        return {choice.value: choice.count for choice in facet.choices}

    assert [a.slug for a in filtered.context["article_list"]] == ["alone-az", "qaz"]
    assert counts(filtered, "language") == {"en": 1, "az": 2, "ru": 1}
    assert counts(unfiltered, "language") == {"en": 1, "az": 2, "ru": 1}
    assert counts(unfiltered, "type") == {"analysis": 2}  # two cards


def test_pagination_counts_cards_not_pieces(client):
    for i in range(21):
        original = ArticleFactory(slug=f"piece-{i}", published_at=ago(days=i + 1))
        translation_of(original, "az", slug=f"piece-{i}-az", published_at=ago(days=i + 1, hours=-1))

    first, second = client.get("/articles/"), client.get("/articles/", {"page": 2})

    assert first.context["paginator"].count == 21
    assert len(first.context["article_list"]) == 20
    assert [a.slug for a in second.context["article_list"]] == ["piece-20"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/authors/writer/", ["gas"]),
        ("/tags/energy/", ["gas"]),
        ("/series/caspian/", ["gas"]),
    ],
)
def test_author_topic_and_series_pages_show_one_card_per_group(client, group, url, expected):
    writer, series = AuthorFactory(slug="writer"), SeriesFactory(slug="caspian")
    for piece in group.values():
        Authorship.objects.create(article=piece, author=writer)
        piece.tags.add("Energy")
    Article.objects.filter(pk__in=[piece.pk for piece in group.values()]).update(series=series)

    response = client.get(url)

    assert [article.slug for article in response.context["article_list"]] == expected
    assert response.context["paginator"].count == 1


def test_the_home_page_shows_one_card_per_group(client, group):
    ArticleFactory(slug="alone", published_at=ago(hours=1))

    front = client.get("/").context["front"]

    assert sorted(piece.slug for piece in front.pieces) == ["alone", "gas"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"language": "az"},
        {"language": "en"},
        {"type": "analysis"},
        {"tag": "energy"},
        {"tag": ["energy", "gas"]},
        {"author": "author"},
        {"series": "series"},
        {"since": "2000-01-01"},
        {"until": "2000-01-01"},
        {"year": "1999"},
        {"type": "no-such-type", "tag": "gas"},
    ],
)
def test_a_lists_total_is_the_number_of_its_cards_whatever_the_filters(client, query):
    """The total beside the pages comes from the type facet's counts unless a type is chosen: it is
    always the number of cards the list pages through (one per translation group, unless a language
    is chosen)."""
    build_groups(3)
    response = client.get("/articles/", query)

    cards = response.context["filter"].qs
    assert response.context["paginator"].count == cards.count() == len(response.context["article_list"])


def test_a_search_finds_every_piece_whose_words_match_whatever_its_language(client, group):
    response = client.get("/search/", {"q": "caspian"})

    assert [article.slug for article in response.context["object_list"]] == ["gas"]


# ---------------------------------------------------------------------------
# Query counts: the pages keep theirs whatever the size of the groups
# ---------------------------------------------------------------------------


def build_groups(n):
    """``n`` English originals, each with Azerbaijani and Russian translations and a draft in Turkish,
    all on energy and gas; and a piece on gas alone (always related to them)."""
    author = AuthorFactory(slug="author")
    series = SeriesFactory(slug="series")
    ArticleFactory(slug="neighbour", tags=["Gas"], authors=[AuthorFactory()])
    for i in range(n):
        tags = ["Energy", "Gas"]
        original = ArticleFactory(
            slug=f"piece-{i}", published_at=ago(days=i + 1), authors=[author], tags=tags, series=series
        )
        for language in ["az", "ru"]:
            translation_of(original, language, slug=f"piece-{i}-{language}", authors=[author], tags=tags, series=series)
        translation_of(original, "tr", slug=f"piece-{i}-tr", draft=True, authors=[author])


# As tests/articles/test_views.py pins them: the lists' page and authorships, and their facets (which
# give the total too, unless a type is chosen); the object's pages one more; the series its count. The
# piece's page: the piece with its group (one query), their authorships and tags (2), the related
# pieces (2), the authors' cards (1); no part numbers, so no previous and next parts. The sitemap: its
# count, its page, the groups of the page. The API: its own, and the published translations of its
# pieces (1).
@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/articles/", 2 + 1),
        ("/articles/?language=az", 2 + 1 + 1),  # the chosen language's facet counts apart
        ("/articles/?type=analysis", 1 + 3 + 1 + 1),  # the type looked up; its facet counts and total apart
        ("/authors/author/", 1 + 2 + 1),
        ("/tags/energy/", 1 + 2 + 1),
        ("/series/series/", 1 + 3),
        ("/articles/piece-0/", 3 + 2 + 1),
        ("/articles/piece-0-ru/", 3 + 2 + 1),
        ("/sitemap-articles.xml", 3),
        ("/api/v1/articles/", 5),
        ("/api/v1/articles/piece-0/", 4),
    ],
)
def test_pages_with_translations_run_the_same_queries_for_1_or_3_groups(
    client, django_assert_num_queries, n, url, queries
):
    build_groups(n)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    if "article_list" in (response.context or {}):
        assert response.context["paginator"].count == (
            n + 1 if url in ("/articles/", "/articles/?type=analysis") else n
        )
    if "related" in (response.context or {}):  # one piece per other group, none of this one's
        more = [piece.slug for piece in response.context["author_cards"][0]["more"]]
        assert more == [f"piece-{i}" for i in range(1, n)]
        assert [piece.slug for piece in response.context["related"]] == [f"piece-{i}" for i in range(1, n)] + [
            "neighbour"
        ]


# ---------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------


def test_the_api_names_each_pieces_published_translations(client, group):
    listed_pieces = client.get("/api/v1/articles/").json()["results"]
    whole = client.get("/api/v1/articles/qaz/").json()

    assert {piece["slug"]: [t["language"] for t in piece["translations"]] for piece in listed_pieces} == {
        "gaz": ["en", "az"],
        "qaz": ["en", "ru"],
        "gas": ["az", "ru"],
    }
    assert whole["translations"] == [
        {
            "language": "en",
            "title": "Gas and the Caspian",
            "url": absolute_url("/articles/gas/"),
            "api_url": absolute_url("/api/v1/articles/gas/"),
        },
        {
            "language": "ru",
            "title": "Газ и Каспий",
            "url": absolute_url("/articles/gaz/"),
            "api_url": absolute_url("/api/v1/articles/gaz/"),
        },
    ]


def test_the_openapi_description_describes_translations(client):
    article = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Article"]

    assert "translations" in article["required"]
    assert set(article["properties"]["translations"]["items"]["properties"]) == {"language", "title", "url", "api_url"}


# ---------------------------------------------------------------------------
# The seed content
# ---------------------------------------------------------------------------


def test_the_seed_links_no_translations_as_its_one_azerbaijani_piece_has_no_english_version():
    """fixtures/README.md: the VOA interview is the seeds' only piece in Azerbaijani, and no English
    seed is that interview; nothing is linked that the seeds do not show to be the same piece."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "articles.json"), verbosity=0)

    assert Article.objects.filter(translation_of__isnull=False).count() == 0
    assert list(Article.objects.exclude(language="en").values_list("slug", "language")) == [
        ("voa-azerbaijan-rusiya-ukrayna-muharibesi-enenevi-tehlukesizlik-anlayisini", "az")
    ]
    assert listed("az")[1] == Article.objects.published().count()  # every seed piece keeps its card
