"""Fixtures for the conference tests: a predictable site address and editors' inbox."""

import uuid

import pytest

from conferences.forms import MAX_AUTHORS

AUTHORS = [
    ("Anna Petrosyan", "Yerevan State University", "anna@example.org"),
    ("Elvin Aliyev", "ADA University", "elvin@example.org"),
]
TEXT = "Peace between Armenia and Azerbaijan needs trust, law and trade across the Nagorno-Karabakh line."


@pytest.fixture(autouse=True)
def _conference_settings(settings):
    settings.SITE_URL = "https://ccsis.example"
    settings.EDITORS_EMAIL = ["editors@example.org"]
    settings.SUBMISSION_RATE_LIMIT = 10
    settings.SUBMISSION_RATE_WINDOW = 3600
    settings.SUBMISSION_RATE_LIMIT_PROXIES = 0


def abstract_data(conference, authors=AUTHORS, contact=0, token=None, **overrides):
    """The POST of the abstract form as a browser sends it (ten author rows, the unused ones empty)."""
    topic = conference.topics.first()
    data = {
        "submission_token": str(token or uuid.uuid4()),
        "homepage": "",
        "title": "Trust across the line of contact",
        "topic": str(topic.pk) if topic else "other",
        "text": TEXT,
        "phone": "",
        "consent": "on",
        "contact_author": str(contact),
        "authors-TOTAL_FORMS": str(MAX_AUTHORS),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": str(MAX_AUTHORS),
    }
    for i in range(MAX_AUTHORS):
        name, affiliation, email = authors[i] if i < len(authors) else ("", "", "")
        data |= {f"authors-{i}-name": name, f"authors-{i}-affiliation": affiliation, f"authors-{i}-email": email}
    data |= overrides
    return {key: value for key, value in data.items() if value is not None}
