"""People: bylines with roles (by, with, interview by, translated by) in the page, feeds, citations and
JSON-LD; the Center's own byline; the author card after each article; the authors list and pages."""

import io
import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.citations import apa, bibtex, chicago, ris
from articles.models import Article, Author, Authorship, byline_text, first_sentence
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory

pytestmark = pytest.mark.django_db

BY, WITH, INTERVIEW, TRANSLATED = (role.value for role in Authorship.Role)
URL = "https://thecaucasuscenter.org/articles/piece/"


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def loaded(article):
    return Article.objects.for_reading().get(pk=article.pk)


def people(*names, **kwargs):
    return [AuthorFactory(name=name, **kwargs) for name in names]


class Elements(HTMLParser):
    """The text, links and attributes of every element with a class, parsed (not grepped)."""

    VOID = {"img", "source", "br", "meta", "link", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        element = {"tag": tag, "attrs": attrs, "classes": (attrs.get("class") or "").split(), "text": "", "links": []}
        for open_element in self.stack:
            if tag == "a":
                open_element["links"].append(attrs.get("href"))
        self.found.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element["text"] += data


def elements(response, css_class):
    assert response.status_code == 200, response.status_code
    parser = Elements()
    parser.feed(response.content.decode())
    return [element for element in parser.found if css_class in element["classes"]]


def texts(response, css_class):
    return [" ".join(element["text"].split()) for element in elements(response, css_class)]


def json_ld(response):
    class Blocks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.blocks, self.open = [], False

        def handle_starttag(self, tag, attrs):
            if tag == "script" and dict(attrs).get("type") == "application/ld+json":
                self.open = True
                self.blocks.append("")

        def handle_endtag(self, tag):
            self.open = self.open and tag != "script"

        def handle_data(self, data):
            if self.open:
                self.blocks[-1] += data

    parser = Blocks()
    parser.feed(response.content.decode())
    return [json.loads(block) for block in parser.blocks]


# ---------------------------------------------------------------------------
# The byline
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        ([("Leyla Aliyeva", BY)], "By Leyla Aliyeva"),
        ([("A", BY), ("B", BY)], "By A and B"),
        ([("A", BY), ("B", BY), ("C", BY)], "By A, B and C"),
        ([("A", BY), ("B", BY), ("C", WITH)], "By A and B, with C"),
        (
            [("A", BY), ("B", BY), ("C", WITH), ("D", INTERVIEW), ("E", TRANSLATED)],
            "By A and B, with C · Interview by D · Translated by E",
        ),
        # The roles group in a fixed order; inside a role the byline order holds (Z before Y).
        ([("E", TRANSLATED), ("Z", BY), ("D", INTERVIEW), ("Y", BY)], "By Z and Y · Interview by D · Translated by E"),
        ([("D", INTERVIEW)], "Interview by D"),
        ([("C", WITH)], "With C"),
        ([("A", BY), ("E", TRANSLATED), ("F", TRANSLATED)], "By A · Translated by E and F"),
        ([], ""),
    ],
)
def test_the_byline_reads_by_role_in_byline_order(client, credits, expected):
    article = ArticleFactory(
        slug="piece", authors=[(AuthorFactory(name=name), role) for name, role in credits], published_at=ago(days=1)
    )

    assert byline_text(loaded(article)) == expected
    page_byline = texts(client.get("/articles/piece/"), "byline")[0]  # the page, parsed
    shown = page_byline.rsplit(" ", 3)[0] if credits else ""  # without the date ("4 December 2026")
    assert shown == expected
    if credits:
        card = texts(client.get("/articles/"), "byline")[0]  # the cards of lists read the same
        assert card.startswith(expected)


def test_each_name_in_the_byline_links_to_its_page_in_byline_order(client):
    a, c, e = AuthorFactory(slug="a"), AuthorFactory(slug="c"), AuthorFactory(slug="e")
    ArticleFactory(slug="piece", authors=[(e, TRANSLATED), a, (c, WITH)])

    (byline,) = elements(client.get("/articles/piece/"), "byline")
    assert byline["links"] == ["/authors/a/", "/authors/c/", "/authors/e/"]


def test_an_interview_and_a_translation_keep_their_roles_in_the_api(client):
    ArticleFactory(slug="piece", authors=[(AuthorFactory(slug="d", name="D"), INTERVIEW), AuthorFactory(slug="a")])

    item = client.get("/api/v1/articles/piece/").json()
    assert [(author["slug"], author["role"]) for author in item["authors"]] == [("d", INTERVIEW), ("a", BY)]
    assert item["byline"].endswith("· Interview by D")


# ---------------------------------------------------------------------------
# Feeds, citations, JSON-LD
# ---------------------------------------------------------------------------


@pytest.fixture
def translated():
    """A piece by two authors, with a co-writer, an interviewer and a translator."""
    return ArticleFactory(
        slug="piece",
        title="Peace on the border",
        authors=[
            AuthorFactory(name="Elnur Mammadov", slug="elnur"),
            (AuthorFactory(name="Jane Roe", slug="jane"), TRANSLATED),
            AuthorFactory(name="Anna Petrosyan", slug="anna"),
            (AuthorFactory(name="Leyla Aliyeva", slug="leyla"), WITH),
            (AuthorFactory(name="Zaur Huseynov", slug="zaur"), INTERVIEW),
        ],
        published_at=timezone.make_aware(timezone.datetime(2023, 1, 24, 12)),
    )


ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def test_feeds_name_authors_as_authors_and_co_writers_and_translators_as_contributors(client, translated):
    atom = ET.fromstring(client.get("/feeds/atom/").content)
    entry = atom.find(f"{ATOM}entry")
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [
        "Elnur Mammadov",
        "Anna Petrosyan",
        "Zaur Huseynov",
    ]
    assert [c.findtext(f"{ATOM}name") for c in entry.findall(f"{ATOM}contributor")] == ["Leyla Aliyeva", "Jane Roe"]
    assert entry.find(f"{ATOM}contributor").findtext(f"{ATOM}uri").endswith("/authors/leyla/")

    rss = ET.fromstring(client.get("/feeds/rss/").content)
    item = rss.find("channel/item")
    assert [e.text for e in item.findall(f"{DC}creator")] == ["Elnur Mammadov", "Anna Petrosyan", "Zaur Huseynov"]
    assert [e.text for e in item.findall(f"{DC}contributor")] == ["Leyla Aliyeva", "Jane Roe"]


def test_citations_cite_translators_as_translators_never_as_authors(translated):
    article = loaded(translated)

    assert chicago(article, URL).text == (
        "Mammadov, Elnur, Anna Petrosyan, and Zaur Huseynov, with Leyla Aliyeva. “Peace on the border.” "
        f"Translated by Jane Roe. {settings.SITE['name']}, January 24, 2023. {URL}."
    )
    assert apa(article, URL).text == (
        "Mammadov, E., Petrosyan, A., Huseynov, Z., & Aliyeva, L. (2023, January 24). "
        f"Peace on the border (J. Roe, Trans.). {settings.SITE['name']}. {URL}"
    )
    entry = bibtex(article, URL)
    assert "  author = {Mammadov, Elnur and Petrosyan, Anna and Huseynov, Zaur and Aliyeva, Leyla},\n" in entry
    assert "  translator = {Roe, Jane},\n" in entry
    assert entry.count("Roe") == 1
    record = ris(article, URL).split("\r\n")
    assert [line for line in record if line.startswith(("AU", "A4"))] == [
        "AU  - Mammadov, Elnur",
        "AU  - Petrosyan, Anna",
        "AU  - Huseynov, Zaur",
        "AU  - Aliyeva, Leyla",
        "A4  - Roe, Jane",
    ]


def test_a_translated_periodical_piece_names_its_translator_after_the_title():
    article = loaded(
        ArticleFactory(
            title="Gas and power",
            authors=[AuthorFactory(name="Elnur Mammadov"), (AuthorFactory(name="Jane Roe"), TRANSLATED)],
            outlet=OutletFactory(name="Eurasia Daily Monitor"),
            original_volume="20",
            original_issue="14",
            published_at=timezone.make_aware(timezone.datetime(2023, 1, 24, 12)),
        )
    )
    assert chicago(article, URL).text.startswith(
        "Mammadov, Elnur. “Gas and power.” Translated by Jane Roe. Eurasia Daily Monitor 20, no. 14"
    )
    assert apa(article, URL).text.startswith(
        "Mammadov, E. (2023, January 24). Gas and power (J. Roe, Trans.). Eurasia Daily Monitor, 20(14)."
    )


def test_an_institutional_author_is_cited_whole():
    center = AuthorFactory(name=settings.SITE["name"], slug=settings.SITE["author_slug"], is_organisation=True)
    article = loaded(
        ArticleFactory(
            title="Lachin Corridor crisis",
            kind_slug="special-report",
            authors=[center],
            published_at=timezone.make_aware(timezone.datetime(2023, 6, 1, 12)),
        )
    )
    name = settings.SITE["name"]
    assert chicago(article, URL).text.startswith(f"{name}. ")
    assert apa(article, URL).text.startswith(f"{name} (2023). ")
    entry = bibtex(article, URL)
    assert entry.startswith("@techreport{ccsis2023lachin,")
    assert f"  author = {{{{{name}}}}},\n" in entry  # braced: BibTeX must not split it into given and family
    assert f"AU  - {name}\r\n" in ris(article, URL)


def test_citation_tags_leave_translators_out_of_the_authors(client, translated):
    response = client.get("/articles/piece/")

    tags = [
        element["attrs"]["content"]
        for element in elements_by_tag(response, "meta")
        if element["attrs"].get("name") == "citation_author"
    ]
    assert tags == ["Elnur Mammadov", "Anna Petrosyan", "Zaur Huseynov", "Leyla Aliyeva"]


def elements_by_tag(response, tag):
    parser = Elements()
    parser.feed(response.content.decode())
    return [element for element in parser.found if element["tag"] == tag]


def test_json_ld_tells_authors_contributors_and_translators_apart(client, translated):
    (data,) = [block for block in json_ld(client.get("/articles/piece/")) if block.get("@id", "").endswith("#article")]

    assert [(a["@type"], a["name"]) for a in data["author"]] == [
        ("Person", "Elnur Mammadov"),
        ("Person", "Anna Petrosyan"),
        ("Person", "Zaur Huseynov"),
    ]
    assert [a["name"] for a in data["contributor"]] == ["Leyla Aliyeva"]
    assert [(a["@type"], a["name"], a["url"]) for a in data["translator"]] == [
        ("Person", "Jane Roe", "http://testserver/authors/jane/")
    ]


def test_json_ld_of_the_centers_piece_names_the_publishing_organisation_as_author(client):
    center = AuthorFactory(name=settings.SITE["name"], slug=settings.SITE["author_slug"], is_organisation=True)
    staff = AuthorFactory(name="CCSIS Staff", slug="staff", is_organisation=True, job_title="")
    ArticleFactory(slug="piece", authors=[center, staff])

    (data,) = [block for block in json_ld(client.get("/articles/piece/")) if block.get("@id", "").endswith("#article")]
    the_center, the_staff = data["author"]
    assert the_center["@type"] == "Organization"
    assert the_center["@id"] == data["publisher"]["@id"]  # one node: the Center writes and publishes
    assert (the_staff["@type"], the_staff["name"]) == ("Organization", "CCSIS Staff")
    assert "@id" not in the_staff
    assert "jobTitle" not in the_staff


def test_the_center_is_found_by_the_one_setting_that_names_it():
    assert Author.objects.the_center() is None
    center = AuthorFactory(slug=settings.SITE["author_slug"], is_organisation=True)
    assert Author.objects.the_center() == center
    assert center.is_the_center


# ---------------------------------------------------------------------------
# The author card after the article
# ---------------------------------------------------------------------------


def portrait_upload(size=(600, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buffer, "JPEG")
    return SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_author_card_shows_portrait_name_title_short_bio_links_and_more_by_them(client):
    leyla = AuthorFactory(
        name="Leyla Aliyeva",
        slug="leyla",
        job_title="Senior fellow",
        affiliation="Baku University",
        short_bio="Leyla Aliyeva writes on energy.",
        twitter="leyla_a",
        website="https://leyla.example.org/",
        photo=portrait_upload(),
    )
    for day in range(1, 6):
        ArticleFactory(title=f"Older {day}", slug=f"older-{day}", authors=[leyla], published_at=ago(days=day + 10))
    ArticleFactory(slug="piece", authors=[leyla], published_at=ago(days=1))

    response = client.get("/articles/piece/")

    (card,) = elements(response, "author-card")
    assert texts(response, "author-cards__title") == ["About the author"]
    assert texts(response, "author-card__name") == ["Leyla Aliyeva"]
    assert texts(response, "author-card__role") == ["Senior fellow, Baku University"]
    assert texts(response, "author-card__bio") == ["Leyla Aliyeva writes on energy."]
    (portrait,) = elements(response, "author-card__portrait")
    stem = leyla.photo.name.removesuffix(".jpg")
    assert portrait["tag"] == "img"
    assert portrait["attrs"]["src"] == f"/media/{stem}-480w.jpg"  # a rendition, with srcset and its size
    assert f"/media/{stem}-600w.jpg 600w" in portrait["attrs"]["srcset"]
    assert (portrait["attrs"]["width"], portrait["attrs"]["height"], portrait["attrs"]["loading"]) == (
        "480",
        "480",
        "lazy",
    )
    (links,) = elements(response, "author-card__links")
    assert links["links"] == ["/authors/leyla/", "https://leyla.example.org/", "https://twitter.com/leyla_a"]
    # More by them: the three latest other published pieces, newest first, never this one.
    (more,) = elements(response, "author-card__more-list")
    assert more["links"] == ["/articles/older-1/", "/articles/older-2/", "/articles/older-3/"]
    assert card["attrs"]["data-author"] == "leyla"


def test_an_author_without_a_portrait_gets_initials_never_an_empty_frame(client):
    fuad = AuthorFactory(name="Fuad Shahbazov", slug="fuad", short_bio="", bio="<p>Fuad writes. He reads.</p>")
    center = AuthorFactory(name=settings.SITE["name"], slug="ccsis", is_organisation=True, job_title="", short_bio="")
    ArticleFactory(slug="piece", authors=[fuad, (center, WITH)])

    response = client.get("/articles/piece/")

    assert texts(response, "author-cards__title") == ["About the authors"]
    assert [e["tag"] for e in elements(response, "author-card__portrait")] == ["span", "span"]
    assert texts(response, "author-card__portrait--initials") == ["FS", "CCSIS"]
    assert not [e for e in elements_by_tag(response, "img") if "author-card__portrait" in e["classes"]]
    # Without a short bio, the first sentence of the bio; the co-writer's role before their title.
    assert texts(response, "author-card__bio") == ["Fuad writes."]
    assert texts(response, "author-card__role") == ["Policy analyst", "Co-writer"]
    assert texts(response, "author-card__more-list") == []  # no other piece: no "More by"


def test_a_piece_without_a_byline_has_no_author_card(client):
    ArticleFactory(slug="piece")
    assert elements(client.get("/articles/piece/"), "author-cards") == []


def test_more_by_them_never_shows_a_draft_a_piece_in_review_or_a_scheduled_piece(client):
    author = AuthorFactory(slug="author")
    ArticleFactory(slug="public-other", authors=[author], published_at=ago(days=3))
    ArticleFactory(slug="hidden-draft", authors=[author], draft=True)
    ArticleFactory(slug="hidden-review", authors=[author], status=Article.Status.REVIEW, published_at=ago(days=1))
    ArticleFactory(slug="hidden-scheduled", authors=[author], scheduled=True)
    ArticleFactory(slug="piece", authors=[author], published_at=ago(days=2))

    (more,) = elements(client.get("/articles/piece/"), "author-card__more-list")
    assert more["links"] == ["/articles/public-other/"]


@pytest.mark.parametrize("n", [1, 3])
def test_the_article_page_with_its_author_cards_runs_the_same_queries_for_1_or_3_authors(
    client, django_assert_num_queries, n
):
    authors = AuthorFactory.create_batch(n)
    for author in authors:
        for day in range(5):
            ArticleFactory(authors=[author], tags=["Energy"], published_at=ago(days=day + 3))
    ArticleFactory(slug="piece", authors=authors, tags=["Energy"], published_at=ago(days=1))

    # The piece, its authorships with their authors, its tags (3); related pieces and their bylines (2);
    # the authors' latest other pieces, all authors at once (1). No series here: no previous or next part.
    with django_assert_num_queries(3 + 2 + 1):
        response = client.get("/articles/piece/")

    assert [len(card["more"]) for card in response.context["author_cards"]] == [3] * n


def test_first_sentence_stops_at_the_first_full_stop_before_a_capital():
    assert first_sentence("He is a fellow at the U.S. Center. He writes.") == "He is a fellow at the U.S. Center."
    assert first_sentence("She met Dr. Aliyev. Then left.") == "She met Dr. Aliyev."
    assert first_sentence("Is it over? No.") == "Is it over?"
    assert first_sentence("One sentence without an end") == "One sentence without an end"
    assert first_sentence("") == ""
    assert first_sentence("word " * 200).endswith("…")


# ---------------------------------------------------------------------------
# /authors/ and an author's page
# ---------------------------------------------------------------------------


def test_the_authors_page_lists_people_first_and_institutional_authors_last(client):
    center = AuthorFactory(name="Center for Studies", slug="center", is_organisation=True, job_title="")
    zaur, anar = AuthorFactory(name="Zaur", slug="zaur"), AuthorFactory(name="Anar", slug="anar")
    staff = AuthorFactory(name="Analysts desk", slug="desk", is_organisation=True, job_title="")
    for author in (center, zaur, anar, staff):
        ArticleFactory(authors=[author])

    response = client.get("/authors/")

    assert texts(response, "author-item__name") == ["Anar", "Zaur", "Analysts desk", "Center for Studies"]
    assert texts(response, "section-title") == ["Experts and contributors", "The Center"]
    assert [a["slug"] for a in client.get("/api/v1/authors/").json()["results"]] == ["anar", "zaur", "desk", "center"]


def test_the_authors_page_shows_portraits_titles_and_expertise(client):
    leyla = AuthorFactory(name="Leyla Aliyeva", expertise="Energy, the Caspian", photo=portrait_upload((300, 300)))
    ArticleFactory(authors=[leyla, AuthorFactory(name="Anar Mammadov")])

    response = client.get("/authors/")

    assert [e["tag"] for e in elements(response, "author-item__photo")] == ["span", "img"]  # Anar: initials
    assert texts(response, "author-item__expertise") == ["Expertise: Energy, the Caspian"]
    assert texts(response, "author-item__role") == ["Policy analyst", "Policy analyst"]


def test_an_expert_page_shows_photo_title_expertise_and_latest_work(client):
    leyla = AuthorFactory(
        name="Leyla Aliyeva", slug="leyla", expertise="Energy security", photo=portrait_upload((300, 300))
    )
    ArticleFactory(title="Newer", authors=[leyla], published_at=ago(days=1))
    ArticleFactory(title="Older", authors=[(leyla, TRANSLATED)], published_at=ago(days=2))
    ArticleFactory(title="Hidden", authors=[leyla], draft=True)

    response = client.get("/authors/leyla/")

    (photo,) = elements(response, "profile__photo")
    assert (photo["tag"], photo["attrs"]["alt"]) == ("img", "Portrait of Leyla Aliyeva")
    assert texts(response, "profile__role") == ["Policy analyst"]
    assert texts(response, "profile__expertise") == ["Expertise: Energy security"]
    assert texts(response, "section-title") == ["Latest work by Leyla Aliyeva"]
    assert texts(response, "card__title") == ["Newer", "Older"]
    (person,) = [block["mainEntity"] for block in json_ld(response) if block.get("@type") == "ProfilePage"]
    assert (person["@type"], person["jobTitle"], person["knowsAbout"]) == (
        ("Person", "Policy analyst", "Energy security")
    )


# ---------------------------------------------------------------------------
# Revisions keep the roles
# ---------------------------------------------------------------------------


def test_a_revision_restores_the_roles_of_the_byline(admin_user):
    from editorial import recording
    from editorial.models import Revision
    from editorial.restore import restore

    a, e = AuthorFactory(name="A"), AuthorFactory(name="E")
    article = ArticleFactory(authors=[a, (e, TRANSLATED)])
    first = recording.keep_revision(article, user=admin_user, action="edit", message="")
    assert first.data["related"]["authorships"]["labels"] == ["A", "E (translated by)"]

    article.authorships.filter(author=e).update(role=BY)
    restore(Revision.objects.get(pk=first.pk), admin_user)

    assert byline_text(loaded(article)) == "By A · Translated by E"


# ---------------------------------------------------------------------------
# The data migration: a database loaded with the seed before roles existed
# ---------------------------------------------------------------------------


def test_the_migration_gives_an_older_seed_database_the_centers_byline_and_leaves_a_new_one_alone():
    import importlib
    from pathlib import Path

    from django.apps import apps
    from django.core.management import call_command

    migration = importlib.import_module("articles.migrations.0012_bylines_roles")
    migration.seed_bylines(apps, None)  # an empty database: nothing made up
    assert not Author.objects.exists()

    call_command("loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "articles.json"), verbosity=0)
    # As the seed was before: no Center byline, no kinds, no expertise.
    Authorship.objects.filter(author__slug="ccsis").delete()
    Author.objects.filter(slug="ccsis").delete()
    Author.objects.update(is_organisation=False, expertise="")

    migration.seed_bylines(apps, None)

    center = Author.objects.get(slug="ccsis")
    assert (center.name, center.is_organisation) == (settings.SITE["name"], True)
    assert sorted(center.articles.values_list("slug", flat=True)) == sorted(migration.SEED_001)
    assert Author.objects.get(slug="ccsis-staff").is_organisation
    assert Author.objects.get(slug="fuad-shahbazov").expertise == "Regional security issues in the South Caucasus"
    migration.seed_bylines(apps, None)  # twice: the same
    assert Authorship.objects.filter(author=center).count() == 8
