"""The browser's live word counter follows the server's rule: the same table of edge cases, in chromium."""

import pytest
from django.urls import reverse

from conferences.wordcount import count_characters, count_words
from tests.conferences.factories import ConferenceFactory
from tests.conferences.wordcount_table import CASES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def form_page(page, live_server):
    conference = ConferenceFactory(word_limit=300)
    page.goto(live_server.url + reverse("conferences:abstract_submit", kwargs={"slug": conference.slug}))
    return page


def test_the_browser_counts_every_case_of_the_table_as_the_server_does(form_page):
    """The one table (tests/conferences/wordcount_cases.json), read here and by tests/conferences/test_wordcount.py."""
    texts = [case["text"] for case in CASES]

    counted = form_page.evaluate("texts => texts.map(t => window.ccsisWordCount.countWords(t))", texts)
    characters = form_page.evaluate("texts => texts.map(t => window.ccsisWordCount.countCharacters(t))", texts)

    assert list(zip(counted, characters, strict=True)) == [(case["words"], case["characters"]) for case in CASES]
    assert characters == [count_characters(text) for text in texts]


@pytest.mark.parametrize(
    "text",
    ["Nagorno-Karabakh’s 1,960 troops — and peace...", "Мир на Кавказе\nԽաղաղություն", "x" * 40, "!!! ???"]
    + ["peace\u3164war\u2800talks", "wide\n\n\n\n   spacing", "<b>peace</b> &amp; pol\u200bicy"],
)
def test_typing_updates_the_counter_with_the_servers_numbers(form_page, text):
    form_page.get_by_role("textbox", name="Abstract").fill(text)

    assert form_page.locator("#text-counter").inner_text() == (
        f"{count_words(text)} of 300 words · {count_characters(text)} of 3000 characters"
    )


def test_the_counter_turns_red_past_either_limit_and_says_so_once(form_page):
    textarea = form_page.get_by_role("textbox", name="Abstract")
    counter = form_page.locator("#text-counter")
    announcement = form_page.locator("[data-counter-announce]")

    textarea.fill("word " * 301)
    assert "conf-counter--over" in counter.get_attribute("class")
    assert announcement.inner_text() == "The abstract is longer than 300 words or 3000 characters."

    textarea.fill("x" * 3001)  # one word, but too many characters
    assert counter.inner_text() == "1 of 300 words · 3001 of 3000 characters"
    assert "conf-counter--over" in counter.get_attribute("class")

    textarea.fill("word " * 300)
    assert "conf-counter--over" not in counter.get_attribute("class")
    assert announcement.inner_text() == "The abstract is within the limit again."
