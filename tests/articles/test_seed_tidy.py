"""The seed content carries no scraping leftovers, across every fixture file: no placeholder photo
descriptions, no image-size numbers in credits, no standfirst that stops mid-sentence, no address
spelt out against spam ("info AT … DOT org"), no note about the old site on a public page. Each
check is first shown catching the leftover the old site's pages had."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article, Author, Series

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))

PLACEHOLDER = re.compile(r"\s*(no )?(photo|image) description( available)?\.?\s*|\s*(image|photo|untitled)\s*", re.I)
SIZE_PART = re.compile(r"\s*\d{3,4}(\s*[x×]\s*\d{3,4})?\s*")
SENTENCE_END = re.compile(r"[.?!…][”’\")]*$")
# "info AT example DOT org", "info [at] example.org": the old site's way of hiding an address.
OBFUSCATED_ADDRESS = re.compile(r"\b[\w.+-]+ +(?:AT|\[at\]|\(at\)) +[\w-]+(?: +(?:DOT|\[dot\]|\(dot\)) +|\.)\w{2,}")
OLD_SITE_NOTES = re.compile(r"\bold site\b|“admin”", re.I)
TYPOS = re.compile(r"\beamil\b", re.I)


def is_placeholder_caption(text):
    return bool(text) and bool(PLACEHOLDER.fullmatch(text))


def has_size_number(credit):
    return any(SIZE_PART.fullmatch(part) for part in credit.split(","))


def stops_mid_sentence(summary):
    return bool(summary) and not SENTENCE_END.search(summary.strip())


def has_obfuscated_address(text):
    return bool(OBFUSCATED_ADDRESS.search(text))


def rows():
    for path in FIXTURES:
        for row in json.loads(path.read_text(encoding="utf-8")):
            yield path.name, row


def texts():
    """Every string value of every fixture row, with where it is."""
    for name, row in rows():
        for field, value in row["fields"].items():
            if isinstance(value, str):
                yield f"{name} {row['model']} {row.get('pk', row['fields'].get('slug'))} {field}", value


# --- The checks catch what the old site's pages had -------------------------------------------------


@pytest.mark.parametrize(
    ("check", "leftover", "clean"),
    [
        (is_placeholder_caption, "No photo description available.", "Turkey and Azerbaijan joined air force drills."),
        (has_size_number, "File photo - Sputnik International, 1920, 28.07.2021", "Murat Cetinmuhurdar / AA"),
        (has_size_number, "Reuters, 1280x720", "File photo - Sputnik International, 28.07.2021"),
        (
            stops_mid_sentence,
            "… tensions between Baku and Moscow, writes Fuad Shahbazov in this op-ed for",
            "… Moscow.",
        ),
        (stops_mid_sentence, "Trudeau’s resignation ends his nine-year term in power, marked by […]", "… morning."),
        (
            has_obfuscated_address,
            "send us at eamil: info AT thecaucasuscenter DOT org and",
            "info@thecaucasuscenter.org",
        ),
        (has_obfuscated_address, "write to info AT thecaucasuscenter.org", "We are AT the border today."),
    ],
)
def test_each_check_catches_its_leftover(check, leftover, clean):
    assert (check(leftover), check(clean)) == (True, False)


# --- The fixtures have none --------------------------------------------------------------------------


def test_the_fixture_files_are_all_checked():
    assert [path.name for path in FIXTURES] == ["articles.json", "conference.json"]


def test_no_placeholder_photo_description():
    found = [
        (name, row["pk"], field)
        for name, row in rows()
        for field in ("photo_caption", "photo_alt")
        if is_placeholder_caption(row["fields"].get(field, ""))
    ]
    assert found == []


def test_no_image_size_number_in_a_credit():
    credits = {row["pk"]: row["fields"]["photo_credit"] for _name, row in rows() if "photo_credit" in row["fields"]}
    assert {pk: credit for pk, credit in credits.items() if has_size_number(credit)} == {}
    assert credits[32] == "File photo - Sputnik International, 28.07.2021"


def test_every_standfirst_ends_a_sentence():
    summaries = [(row["pk"], row["fields"]["summary"]) for _name, row in rows() if row["model"] == "articles.article"]
    assert len(summaries) == 40
    assert [(pk, summary[-60:]) for pk, summary in summaries if stops_mid_sentence(summary)] == []


def test_no_address_spelt_out_against_spam_nor_old_site_note_nor_known_typo_anywhere():
    found = [
        (where, kind)
        for where, text in texts()
        for kind, bad in (
            ("address", has_obfuscated_address(text)),
            ("typo", bool(TYPOS.search(text)) and "articles.article" not in where),  # bodies stay verbatim
            ("old-site note", bool(OLD_SITE_NOTES.search(text))),
        )
        if bad
    ]
    assert found == []


def test_no_interface_template_keeps_the_old_sites_typos_or_spelt_out_addresses():
    templates = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
    assert templates
    found = [path.name for path in templates if TYPOS.search(t := path.read_text()) or has_obfuscated_address(t)]
    assert found == []


# --- And the pages show the tidy text ---------------------------------------------------------------


class _Text(HTMLParser):
    """The page's visible text and its mailto: links."""

    def __init__(self):
        super().__init__()
        self.text, self.mailto, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("mailto:"):
            self.mailto.append(href)
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.text).split()), parser.mailto


@pytest.fixture
def seeded(db):
    for path in FIXTURES:
        call_command("loaddata", str(path), verbosity=0)


def test_the_series_page_offers_a_real_email_link(client, seeded):
    text, mailto = read(client, Series.objects.get().get_absolute_url())
    assert "mailto:info@thecaucasuscenter.org" in mailto
    assert "send it to us by email at info@thecaucasuscenter.org and we will publish it" in text
    assert not has_obfuscated_address(text)
    assert "eamil" not in text


def test_the_authors_page_has_no_note_about_the_old_site(client, seeded):
    text, _mailto = read(client, "/authors/")
    assert "Pieces posted by the Center’s staff." in text
    assert not OLD_SITE_NOTES.search(text)
    assert Author.objects.filter(short_bio__icontains="old site").count() == 0


def test_no_public_article_page_shows_a_leftover(client, seeded):
    for article in Article.objects.published():
        text, _mailto = read(client, article.get_absolute_url())
        assert "No photo description" not in text, article.title
        assert "in this op-ed for" not in text, article.title
        assert not OLD_SITE_NOTES.search(text), article.title
