"""The typed-text policy in the editors' admin: every model's form, its lists, tags and URL fields,
and how an email address at a non-ASCII domain is shown to editors."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Series
from conferences.models import Abstract, LetterOfInterest, OutgoingEmail
from tests.articles.test_admin import article_form, make_user
from tests.conferences.factories import AbstractFactory, ConferenceFactory
from tests.editorial.conftest import form_data
from tests.factories import ArticleFactory, AuthorFactory
from tests.test_typed_text import CONTROLS, INVISIBLES, LINE_BREAKS, UNBALANCED, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eda", "Editors"))
    return client


def add(editor_client, model, **overrides):
    url = reverse(f"admin:articles_{model}_add")
    return editor_client.post(url, form_data(editor_client.get(url), **overrides))


def errors(response):
    return {name: list(e) for name, e in response.context["adminform"].form.errors.items()}


# ---------- Forms: stored clean or refused ----------


@pytest.mark.parametrize("invisible", INVISIBLES[:8])
def test_an_article_is_stored_without_invisible_characters_and_in_nfc(editor_client, invisible):
    title = f"Lachin{invisible} and the roa\u0301d"
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(title=title))
    assert response.status_code == 302
    assert Article.objects.get().title == "Lachin and the roád"


@pytest.mark.parametrize("bad", CONTROLS[:6] + LINE_BREAKS[:3] + UNBALANCED[:4])
@pytest.mark.parametrize("field", ["title", "photo_credit", "original_volume"])
def test_an_article_field_with_a_control_line_break_or_open_direction_is_refused(editor_client, field, bad):
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(**{field: f"Lachin {bad}x"}))
    assert list(errors(response)) == [field]
    assert Article.objects.count() == 0


@pytest.mark.parametrize("control", CONTROLS[:6])
def test_a_multi_line_field_refuses_controls_but_keeps_line_breaks(editor_client, control):
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(summary=f"One\r\nTwo{control}"))
    assert list(errors(response)) == ["summary"]
    assert editor_client.post(reverse("admin:articles_article_add"), article_form(summary="One\r\nTwo")).status_code
    assert Article.objects.get().summary == "One\nTwo"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/a", "file:///etc/passwd", "vbscript:x"]
    + ["ftps://example.org/", "mailto:a@example.org"],
)
def test_every_url_field_accepts_only_http_and_https(editor_client, url):
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(original_url=url))
    assert list(errors(response)) == ["original_url"]
    response = add(editor_client, "author", name="Nino Beridze", slug="nino-beridze", website=url)
    assert list(errors(response)) == ["website"]
    response = add(editor_client, "outlet", name="Eurasianet", slug="eurasianet", website=url)
    assert list(errors(response)) == ["website"]
    assert (Article.objects.count(), Author.objects.count()) == (0, 0)


def test_an_author_and_a_series_are_stored_clean(editor_client):
    assert add(editor_client, "author", name="Nino\u200b Beri\u00addze", slug="nino-beridze").status_code == 302
    assert add(editor_client, "series", title="The \ufeffCaucasus Conflict", slug="conflict").status_code == 302
    assert Author.objects.get().name == "Nino Beridze"
    assert Series.objects.get().title == "The Caucasus Conflict"


@pytest.mark.parametrize("same", ["policy", "POLICY", "pol\u200bicy", "Ｐｏｌｉｃｙ", "Po\u00adlicy", "  Policy "])
@pytest.mark.parametrize("slug", ["policy-2", "another-slug"])
def test_a_tag_is_one_tag_whatever_its_case_normalisation_invisibles_or_slug(editor_client, same, slug):
    Tag.objects.create(name="Policy", slug="policy")
    url = reverse("admin:taggit_tag_add")
    response = editor_client.post(url, form_data(editor_client.get(url), name=same, slug=slug))
    assert errors(response) == {"name": ["The tag “Policy” (policy) is the same tag; use it, or rename it."]}
    assert list(Tag.objects.values_list("name", flat=True)) == ["Policy"]


def test_a_tag_written_by_code_is_stored_clean_and_a_new_name_is_accepted(editor_client):
    assert Tag.objects.create(name="Pea\u200bce ", slug="peace").name == "Peace"
    url = reverse("admin:taggit_tag_add")
    response = editor_client.post(url, form_data(editor_client.get(url), name="Trade\u2060", slug="trade"))
    assert response.status_code == 302, errors(response)
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Peace", "Trade"]


def test_an_abstract_edited_in_the_admin_follows_the_same_policy(client):
    client.force_login(make_user("eda", "Editors"))
    abstract = AbstractFactory()
    url = reverse("admin:conferences_abstract_change", args=[abstract.pk])
    response = client.post(url, form_data(client.get(url), title="A\u202e title", text="Text\x07"))
    assert sorted(errors(response)) == ["text", "title"]
    response = client.post(url, form_data(client.get(url), title="A\u200b title"))
    assert response.status_code == 302
    assert Abstract.objects.get().title == "A title"


# ---------- What editors see ----------


def test_admin_lists_isolate_names_and_titles(editor_client):
    ArticleFactory(title="صلح در قفقاز", authors=[AuthorFactory(name="علی رضایی")])
    articles = page(editor_client.get(reverse("admin:articles_article_changelist")))
    assert "صلح در قفقاز" in articles.texts("bdi")
    assert "علی رضایی" in articles.texts("bdi")
    authors = page(editor_client.get(reverse("admin:articles_author_changelist")))
    assert "علی رضایی" in authors.texts("bdi")


def test_admin_forms_write_text_in_its_own_direction(editor_client):
    form = page(editor_client.get(reverse("admin:articles_article_add")))
    assert [attrs.get("dir") for name in ("title", "summary", "photo_credit") for attrs in form.inputs(name)] == [
        "auto",
        "auto",
        "auto",
    ]


def test_the_conference_lists_and_outbox_isolate_titles_and_names(client):
    client.force_login(make_user("eda", "Editors"))
    AbstractFactory(title="Ի՞նչ է խաղաղությունը", authors=[("علی رضایی", "دانشگاه تهران", "ali@example.org")])
    OutgoingEmail.objects.create(to="ali@example.org", subject="«صلح» received", body="Thanks.")
    abstracts = page(client.get(reverse("admin:conferences_abstract_changelist")))
    assert "Ի՞նչ է խաղաղությունը" in abstracts.texts("bdi")
    assert "علی رضایی (دانشگاه تهران)" in abstracts.texts("bdi")
    outbox = page(client.get(reverse("admin:conferences_outgoingemail_changelist")))
    assert {"«صلح» received", "ali@example.org"} <= set(outbox.texts("bdi"))


@pytest.mark.parametrize(
    ("address", "ascii_address", "warnings"),
    [
        ("nino@пример.рф", "nino@xn--e1afmkfd.xn--p1ai", 0),
        ("nino@p\u0430ypal.com", "nino@xn--pypal-4ve.com", 1),
        ("nino@bücher.de", "nino@xn--bcher-kva.de", 0),
        ("nino@ada.edu.az", None, 0),
    ],
)
def test_an_outbox_email_shows_its_addresses_as_every_address_is_shown_to_editors(
    client, address, ascii_address, warnings
):
    client.force_login(make_user("eda", "Editors"))
    email = OutgoingEmail.objects.create(to=address, reply_to=address, subject="«صلح» received", body="Thanks.")
    shown = page(client.get(reverse("admin:conferences_outgoingemail_change", args=[email.pk])))
    assert shown.texts("bdi", **{"class": "email"}) == [address, address]
    assert shown.texts("code", **{"class": "email-ascii"}) == ([ascii_address] * 2 if ascii_address else [])
    assert len(shown.texts("strong", **{"class": "email-warning"})) == 2 * warnings
    assert "«صلح» received" in shown.texts("bdi")
    assert not shown.inputs("to")
    assert not shown.inputs("status")


@pytest.mark.parametrize(
    ("address", "ascii_address", "warning"),
    [
        ("nino@пример.рф", "nino@xn--e1afmkfd.xn--p1ai", None),
        ("nino@p\u0430ypal.com", "nino@xn--pypal-4ve.com", "Cyrillic, Latin"),
        ("nino@bücher.de", "nino@xn--bcher-kva.de", None),
        ("nino@gοοgle.com", "nino@xn--ggle-0nda.com", "Greek, Latin"),
    ],
)
def test_editors_see_a_non_ascii_domain_in_punycode_with_a_mixed_script_warning(
    client, address, ascii_address, warning
):
    client.force_login(make_user("eda", "Editors"))
    letter = LetterOfInterest.objects.create(
        conference=ConferenceFactory(), organisation="Org", contact_person="Nino", email=address, message="Hello."
    )
    for response in (
        client.get(reverse("admin:conferences_letterofinterest_changelist")),
        client.get(reverse("admin:conferences_letterofinterest_change", args=[letter.pk])),
    ):
        shown = page(response)
        assert shown.texts("bdi", **{"class": "email"}) == [address]
        assert shown.texts("code", **{"class": "email-ascii"}) == [ascii_address]
        warnings = shown.texts("strong", **{"class": "email-warning"})
        assert warnings == (
            []
            if warning is None
            else [
                f"Mixed scripts in “{address[5:].rsplit('.', 1)[0]}” ({warning}): check this address with its sender."
            ]
        )


def test_an_abstracts_authors_show_a_mixed_script_domain_to_editors(client):
    client.force_login(make_user("eda", "Editors"))
    abstract = AbstractFactory(authors=[("Anna", "YSU", "anna@p\u0430ypal.com"), ("Elvin", "ADA", "elvin@ada.edu.az")])
    shown = page(client.get(reverse("admin:conferences_abstract_change", args=[abstract.pk])))
    assert shown.texts("code", **{"class": "email-ascii"}) == ["anna@xn--pypal-4ve.com"]
    assert shown.texts("strong", **{"class": "email-warning"}) == [
        "Mixed scripts in “p\u0430ypal” (Cyrillic, Latin): check this address with its sender."
    ]
    assert shown.texts("bdi", **{"class": "email"}) == ["anna@p\u0430ypal.com", "elvin@ada.edu.az"]
