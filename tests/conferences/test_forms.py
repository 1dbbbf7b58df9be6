"""Every error of the public forms, word for word, and what a valid form yields."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conferences.forms import AbstractEntry, LetterOfInterestForm, SimulationForm

from .conftest import AUTHORS, abstract_data
from .factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def errors_of(data, conference=None):
    conference = conference or ConferenceFactory()
    entry = AbstractEntry(conference, data=data)
    assert not entry.is_valid()
    errors = {name: list(messages) for name, messages in entry.form.errors.items()}
    for i, form in enumerate(entry.authors.forms):
        for name, messages in form.errors.items():
            errors[f"authors-{i}-{name}"] = list(messages)
    if entry.authors.non_form_errors():
        errors["authors"] = list(entry.authors.non_form_errors())
    return errors


def errors_for(**overrides):
    conference = ConferenceFactory()
    return errors_of(abstract_data(conference, **overrides), conference)


def test_a_complete_abstract_is_valid_and_lists_its_authors_in_order_with_the_contact():
    conference = ConferenceFactory()
    entry = AbstractEntry(conference, data=abstract_data(conference, contact=1))

    assert entry.is_valid(), entry.form.errors
    assert entry.author_rows() == [
        {
            "name": "Anna Petrosyan",
            "affiliation": "Yerevan State University",
            "email": "anna@example.org",
            "position": 1,
            "is_contact": False,
        },
        {
            "name": "Elvin Aliyev",
            "affiliation": "ADA University",
            "email": "elvin@example.org",
            "position": 2,
            "is_contact": True,
        },
    ]
    assert entry.form.cleaned_data["topic"] == conference.topics.first()


def test_an_empty_form_explains_each_missing_field():
    conference = ConferenceFactory()
    data = abstract_data(conference, authors=[], title="", topic="", text="", consent=None)

    assert errors_of(data, conference) == {
        "title": ["Enter the title of your paper."],
        "topic": ["Choose a topic, or “Another relevant issue”."],
        "text": ["Enter the text of your abstract."],
        "consent": [
            "Please agree to the processing of these data for the conference; "
            "we cannot consider an abstract without it."
        ],
        "authors": ["List at least one author."],
    }


def test_a_half_filled_author_row_says_what_is_missing():
    authors = [("Anna Petrosyan", "", "")]
    assert errors_for(authors=authors) == {
        "authors-0-affiliation": ["Enter the author's affiliation, or “Independent researcher”."],
        "authors-0-email": ["Enter the author's email address."],
    }


def test_too_many_words_gives_the_limit_and_the_count():
    conference = ConferenceFactory(word_limit=300)
    assert errors_of(abstract_data(conference, text="word " * 301), conference) == {
        "text": ["At most 300 words; this has 301."]
    }


def test_text_without_spaces_is_stopped_by_the_character_cap():
    conference = ConferenceFactory(word_limit=300)
    assert errors_of(abstract_data(conference, text="x" * 3001), conference) == {
        "text": ["At most 3000 characters; this has 3001."]
    }


def test_exactly_the_word_limit_is_accepted():
    conference = ConferenceFactory(word_limit=300)
    assert AbstractEntry(conference, data=abstract_data(conference, text="word " * 300)).is_valid()


def test_a_long_title_says_how_long_it_is():
    assert errors_for(title="t" * 301) == {"title": ["Keep the title to 300 characters; it has 301."]}


def test_an_unknown_topic_is_refused():
    assert errors_for(topic="999999") == {"topic": ["Choose one of the topics listed."]}


def test_another_relevant_issue_is_a_topic_of_its_own_when_the_call_allows_it():
    conference = ConferenceFactory()
    entry = AbstractEntry(conference, data=abstract_data(conference, topic="other"))
    assert entry.is_valid()
    assert entry.form.cleaned_data["topic"] is None

    closed_list = ConferenceFactory(allow_other_topics=False)
    assert errors_of(abstract_data(closed_list, topic="other"), closed_list) == {
        "topic": ["Choose one of the topics listed."]
    }


def test_an_invalid_email_and_a_missing_affiliation_are_marked_on_their_row():
    authors = [AUTHORS[0], ("Elvin Aliyev", "", "elvin-at-example.org")]
    assert errors_for(authors=authors) == {
        "authors-1-affiliation": ["Enter the author's affiliation, or “Independent researcher”."],
        "authors-1-email": ["Enter a valid email address, such as name@example.org."],
    }


def test_the_same_email_twice_is_refused():
    authors = [AUTHORS[0], ("Anna P.", "YSU", "ANNA@example.org")]
    assert errors_for(authors=authors) == {
        "authors": ["Each author needs their own email address; anna@example.org is listed twice."]
    }


def test_the_contact_author_must_be_one_of_the_authors_listed():
    assert errors_for(contact=5) == {"contact_author": ["Choose the contact author among the authors listed."]}


def test_more_than_ten_author_rows_are_refused():
    conference = ConferenceFactory()
    authors = [(f"Author {i}", "Institute", f"a{i}@example.org") for i in range(11)]
    data = abstract_data(conference, authors=authors[:10])
    data |= {"authors-TOTAL_FORMS": "11", "authors-10-name": "Author 10", "authors-10-affiliation": "Institute"}
    data["authors-10-email"] = "a10@example.org"
    assert errors_of(data, conference) == {"authors": ["List at most 10 authors."]}


def test_ten_authors_are_accepted_and_empty_rows_between_them_are_ignored():
    conference = ConferenceFactory()
    authors = [(f"Author {i}", "Institute", f"a{i}@example.org") for i in range(10)]
    entry = AbstractEntry(conference, data=abstract_data(conference, authors=authors))
    assert entry.is_valid()
    assert [row["position"] for row in entry.author_rows()] == list(range(1, 11))

    gap = abstract_data(conference, authors=[AUTHORS[0], ("", "", ""), AUTHORS[1]])
    entry = AbstractEntry(conference, data=gap)
    assert entry.is_valid()
    assert [(row["name"], row["position"]) for row in entry.author_rows()] == [
        ("Anna Petrosyan", 1),
        ("Elvin Aliyev", 2),
    ]


@pytest.mark.parametrize("phone", ["12345", "call me", "+994 12 345 67 89 12 34 56 78 90 12"])
def test_a_phone_number_needs_6_to_20_digits(phone):
    assert errors_for(phone=phone) == {"phone": ["Enter a phone number of 6 to 20 digits, such as +994 12 345 67 89."]}


@pytest.mark.parametrize("phone", ["", "+994 12 345 67 89", "(012) 345-6789"])
def test_a_phone_number_is_optional_and_may_be_written_as_people_write_them(phone):
    conference = ConferenceFactory()
    assert AbstractEntry(conference, data=abstract_data(conference, phone=phone)).is_valid()


def test_the_honeypot_is_explained_not_silently_dropped():
    assert errors_for(homepage="https://spam.example") == {
        "homepage": [
            "This field must stay empty: it catches spam robots. Please clear it and send the form again; "
            "nothing you typed is lost."
        ]
    }


@pytest.mark.parametrize("token", ["", "not-a-uuid"])
def test_a_missing_or_broken_form_token_asks_to_send_again(token):
    assert errors_for(token=None, submission_token=token) == {
        "submission_token": ["This form is incomplete or out of date. Please check it and send it again."]
    }


def test_a_letter_of_interest_explains_each_missing_field():
    form = LetterOfInterestForm(data={"submission_token": "9b6f1f1e-0000-4000-8000-000000000000", "website": "nope"})
    assert form.errors == {
        "organisation": ["Enter the name of your organisation."],
        "contact_person": ["Enter the name of the contact person."],
        "email": ["Enter an email address we can answer."],
        "website": ["Enter a full web address, such as https://example.org."],
        "message": ["Write your letter of interest."],
    }


SIMULATION = {
    "submission_token": "9b6f1f1e-0000-4000-8000-000000000001",
    "full_name": "Leyla Mammadova",
    "position": "Senior analyst, Baku Policy Institute",
    "email": "leyla@example.org",
    "phone": "+994 50 123 45 67",
    "title": "Three scenarios for the border",
}


def test_a_simulation_needs_its_text_or_a_file():
    form = SimulationForm(data=SIMULATION)
    assert form.errors == {"text": ["Paste the text of your simulation or attach a file."]}


def test_a_simulation_explains_each_missing_field():
    form = SimulationForm(data={"submission_token": SIMULATION["submission_token"], "text": "A scenario."})
    assert form.errors == {
        "full_name": ["Enter your full name."],
        "position": ["Enter your title, as it should be published with your name."],
        "email": ["Enter your email address."],
        "phone": ["Enter a phone number."],
        "title": ["Enter the title of your simulation."],
    }


def test_a_simulation_file_must_be_a_document_whose_content_matches_its_name():
    exe = SimpleUploadedFile("scenario.exe", b"MZ\x90\x00")
    fake_pdf = SimpleUploadedFile("scenario.pdf", b"<html>not a pdf</html>")
    pdf = SimpleUploadedFile("scenario.pdf", b"%PDF-1.7\n...")

    assert SimulationForm(data=SIMULATION, files={"file": exe}).errors == {
        "file": ["Attach a PDF, Word (.docx or .doc), OpenDocument (.odt), RTF or plain-text file."]
    }
    assert SimulationForm(data=SIMULATION, files={"file": fake_pdf}).errors == {
        "file": ["This file's content does not match its name (.pdf); please attach it again."]
    }
    assert SimulationForm(data=SIMULATION, files={"file": pdf}).is_valid()
