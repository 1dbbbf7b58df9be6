"""The typed-text policy through the call's public forms: abstracts with their authors, letters of
interest, simulations. What is stored, what is refused (and said so beside the field), what is shown."""

import html

import pytest
from django.urls import reverse

from articles.models import Series
from conferences.models import Abstract, AbstractAuthor, LetterOfInterest, SimulationSubmission
from tests.test_typed_text import CONTROLS, INVISIBLES, KEPT_JOINERS, LINE_BREAKS, UNBALANCED, Elements, page

from .conftest import AUTHORS, TEXT, abstract_data
from .factories import AbstractFactory, ConferenceFactory
from .html import field_errors

pytestmark = pytest.mark.django_db

INVITATION = "<p>Send us your simulation.</p>"


def submit(client, conference, **overrides):
    url = reverse("conferences:abstract_submit", kwargs={"slug": conference.slug})
    return client.post(url, abstract_data(conference, **overrides))


def letter(client, conference, **overrides):
    data = {
        "submission_token": "7d9e1c1e-3f53-4d7e-9d1e-1f0c8a0b2c3d",
        "homepage": "",
        "organisation": "Tbilisi Peace Institute",
        "contact_person": "Nino Beridze",
        "email": "nino@example.org",
        "website": "https://peace.example.org",
        "message": "We would like to co-host the workshop on dialogue.",
    } | overrides
    return client.post(reverse("conferences:letter_submit", kwargs={"slug": conference.slug}), data)


def simulation(client, series, **overrides):
    data = {
        "submission_token": "0b7c8a3e-55c4-4b0b-8f0e-6a1d2c3b4a59",
        "homepage": "",
        "full_name": "Leyla Mammadova",
        "position": "Senior analyst",
        "email": "leyla@example.org",
        "phone": "+994 50 123 45 67",
        "title": "Three scenarios for the border",
        "text": "Scenario one: the trucks pay and the border stays calm.",
    } | overrides
    return client.post(reverse("conferences:simulation_submit", kwargs={"series_slug": series.slug}), data)


@pytest.fixture
def series():
    return Series.objects.create(title="The Caucasus Conflict", slug="caucasus-conflict", invitation=INVITATION)


# ---------- What is stored ----------


@pytest.mark.parametrize("invisible", INVISIBLES[:8])
def test_an_abstract_is_stored_without_invisible_characters_and_in_nfc(client, invisible):
    conference = ConferenceFactory()
    authors = [(f"Anna Pe{invisible}trosyan", f"Yerevan{invisible} State Unive\u0301rsity", "anna@example.org")]
    response = submit(client, conference, authors=authors, title=f"Trust{invisible} across", text=f"Pe{invisible}ace")
    assert response.status_code == 302
    abstract = Abstract.objects.get()
    assert (abstract.title, abstract.text) == ("Trust across", "Peace")
    assert list(AbstractAuthor.objects.values_list("name", "affiliation")) == [
        ("Anna Petrosyan", "Yerevan State Univérsity")
    ]


@pytest.mark.parametrize("word", KEPT_JOINERS)
def test_an_abstract_keeps_the_joiners_its_script_needs(client, word):
    conference = ConferenceFactory()
    assert submit(client, conference, title=f"On {word}", text=f"{TEXT} {word}").status_code == 302
    abstract = Abstract.objects.get()
    assert (abstract.title, abstract.text) == (f"On {word}", f"{TEXT} {word}")


def test_an_invisible_character_does_not_make_a_repeated_abstract_new(client):
    conference = ConferenceFactory()
    first = submit(client, conference, token="11111111-1111-4111-8111-111111111111")
    again = submit(client, conference, title="Trust across the\u200b line of contact", text="\ufeff" + TEXT)
    assert (first.status_code, again["Location"]) == (302, first["Location"])
    assert Abstract.objects.count() == 1


# ---------- What is refused ----------


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("field", ["title", "text", "authors-0-name", "authors-0-affiliation", "phone"])
def test_an_abstract_with_a_control_character_is_refused_beside_its_field(client, field, control):
    conference = ConferenceFactory()
    value = abstract_data(conference)[field] or "+994 12 345 67 89"
    response = submit(client, conference, **{field: value + control})
    errors = field_errors(response)[field]
    assert errors[0].startswith(f"This text holds an invisible control character (U+{ord(control):04X}")
    assert Abstract.objects.count() == 0


@pytest.mark.parametrize("line_break", LINE_BREAKS)
@pytest.mark.parametrize("field", ["title", "authors-0-name", "authors-0-affiliation"])
def test_a_line_break_in_a_single_line_field_is_refused(client, field, line_break):
    conference = ConferenceFactory()
    response = submit(client, conference, **{field: f"First{line_break}Second"})
    assert field_errors(response)[field] == ["Keep this on one line: it holds a line break."]
    assert Abstract.objects.count() == 0


@pytest.mark.parametrize("line_break", LINE_BREAKS)
def test_line_breaks_in_the_abstract_text_are_kept_as_newlines(client, line_break):
    conference = ConferenceFactory()
    assert submit(client, conference, text=f"First paragraph.{line_break}{line_break}Second.").status_code == 302
    assert Abstract.objects.get().text == "First paragraph.\n\nSecond."


@pytest.mark.parametrize("direction", UNBALANCED[:9])
@pytest.mark.parametrize("field", ["title", "text", "authors-0-name"])
def test_an_unbalanced_direction_control_is_refused(client, field, direction):
    conference = ConferenceFactory()
    response = submit(client, conference, **{field: f"Anna {direction}Petrosyan"})
    assert "direction" in field_errors(response)[field][0]
    assert Abstract.objects.count() == 0


@pytest.mark.parametrize(
    "address", ["anna@localhost", "anna@[127.0.0.1]", "anna@[2001:db8::1]", "anna@srv.internal", "a@b.local"]
)
def test_an_author_address_without_a_public_domain_is_refused(client, address):
    conference = ConferenceFactory()
    response = submit(client, conference, authors=[("Anna", "YSU", address)])
    domain = address.rpartition("@")[2].lower()
    assert field_errors(response)["authors-0-email"] == [
        f"Enter an address at a public domain, such as name@example.org; {domain} cannot receive mail from us."
    ]
    assert Abstract.objects.count() == 0


@pytest.mark.parametrize("address", ["nino@localhost", "nino@[10.0.0.1]", "nino@x.test"])
def test_letters_and_simulations_refuse_addresses_without_a_public_domain(client, series, address):
    conference = ConferenceFactory()
    assert list(field_errors(letter(client, conference, email=address))) == ["email"]
    assert list(field_errors(simulation(client, series, email=address))) == ["email"]
    assert (LetterOfInterest.objects.count(), SimulationSubmission.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript://%0aalert(1)", "data:text/html,<b>x</b>", "ftp://peace.example.org/"]
    + ["file:///etc/passwd", "mailto:nino@example.org", "vbscript:msgbox", "ftps://peace.example.org/"],
)
def test_a_letter_website_must_be_http_or_https(client, url):
    response = letter(client, ConferenceFactory(), website=url)
    assert list(field_errors(response)) == ["website"]
    assert LetterOfInterest.objects.count() == 0


@pytest.mark.parametrize("url", ["https://peace.example.org/", "http://peace.example.org/a?b=c", "peace.example.org"])
def test_a_letter_website_over_http_or_https_is_kept(client, url):
    assert letter(client, ConferenceFactory(), website=url).status_code == 302
    assert LetterOfInterest.objects.get().website.split("://")[0] in ("http", "https")


def test_a_simulation_is_stored_clean_and_a_control_character_refused(client, series):
    assert simulation(client, series, full_name="Ley\u00adla Mamma\u0301dova", title="Three\u2060 scenarios")
    stored = SimulationSubmission.objects.get()
    assert (stored.full_name, stored.title) == ("Leyla Mammádova", "Three scenarios")
    response = simulation(client, series, submission_token="5c3b1a2d-1111-4222-8333-444455556666", text="a\x1bb")
    assert list(field_errors(response)) == ["text"]


# ---------- What is shown ----------


def test_typed_fields_are_written_in_their_own_direction(client):
    conference = ConferenceFactory()
    form = page(client.get(reverse("conferences:abstract_submit", kwargs={"slug": conference.slug})))
    assert [
        a.get("dir")
        for name in ("title", "text", "authors-0-name", "authors-0-affiliation")
        for a in (form.inputs(name) or [{}])
    ] == ["auto", "auto", "auto", "auto"]


def test_the_proceedings_isolate_titles_names_and_affiliations(client):
    conference = ConferenceFactory(proceedings_published=True)
    AbstractFactory(
        conference=conference,
        title="صلح در قفقاز",
        status="accepted",
        authors=[("علی رضایی", "دانشگاه تهران", "ali@example.org"), ("Anna", "YSU", "anna@example.org")],
    )
    proceedings = page(client.get(reverse("conferences:proceedings", kwargs={"slug": conference.slug})))
    assert proceedings.texts("h3", **{"class": "conf-paper__title", "dir": "auto"}) == ["صلح در قفقاز"]
    assert proceedings.texts("bdi")[-2:] == ["علی رضایی", "Anna"]
    assert proceedings.texts("li", dir="auto") == ["دانشگاه تهران", "YSU"]
    assert "صلح در قفقاز" in proceedings.texts("bdi")


def test_authors_are_isolated_in_the_summary_an_author_sees(client):
    conference = ConferenceFactory()
    response = submit(client, conference, authors=[("علی رضایی", "دانشگاه تهران", "ali@example.org"), *AUTHORS])
    received = Elements(client.get(response["Location"]).content.decode())
    isolated = received.texts("bdi")
    assert ["علی رضایی", "دانشگاه تهران"] in [isolated[i : i + 2] for i in range(len(isolated))]  # the summary


# ---------- The word count and the character cap, through the form ----------


@pytest.mark.parametrize("markup", ["<b>", "</p>", "<br/>", '<a href="https://example.org">', "&amp;", "&#8212;"])
def test_markup_typed_into_the_abstract_is_refused_with_a_clear_message(client, markup):
    conference = ConferenceFactory()
    response = submit(client, conference, text=f"Peace {markup}talks")
    assert [html.unescape(message) for message in field_errors(response)["text"]] == [
        f"The abstract is plain text: remove the markup {markup}. Separate paragraphs with an empty line; "
        "write “&” and “<” as they are."
    ]
    assert Abstract.objects.count() == 0


@pytest.mark.parametrize("spacing", ["\n\n\n\n\n\n\n", " \t \t \t \t ", "\u3000\u3000\u3000\u3000\u3000\u3000\u3000"])
def test_a_300_word_abstract_with_wide_spacing_is_accepted_and_counted_as_shown(client, spacing):
    conference = ConferenceFactory(word_limit=300)
    text = spacing.join(["peace"] * 300)
    assert len(text) > conference.character_limit
    assert submit(client, conference, text=text).status_code == 302
    assert Abstract.objects.get().text == text


@pytest.mark.parametrize("blank", ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"])
def test_blank_fillers_cannot_glue_an_abstract_into_one_word(client, blank):
    conference = ConferenceFactory(word_limit=300)
    response = submit(client, conference, text=blank.join(["peace"] * 301))
    assert field_errors(response)["text"] == ["At most 300 words; this has 301."]
