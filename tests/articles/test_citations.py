"""“Cite this”: Chicago and APA exactly as a style guide prints them, BibTeX and RIS that parse back."""

import re
from datetime import date, datetime

import pytest
from django.utils import timezone

from articles.citations import Name, apa, bibtex, chicago, ris
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, OutletFactory

pytestmark = pytest.mark.django_db

URL = "https://thecaucasuscenter.org/articles/peace-treaty/"


def baku_time(*args):
    return timezone.make_aware(datetime(*args))


def loaded(article):
    """The article as views load it (``for_reading()``: authors, tags and outlet in hand)."""
    return Article.objects.for_reading().get(pk=article.pk)


@pytest.fixture
def edm_piece():
    """A piece first published in Eurasia Daily Monitor, with two authors."""
    return loaded(
        ArticleFactory(
            title="Azerbaijan and Armenia Edge Toward a Peace Treaty",
            summary="Both sides agree on a text; borders remain.",
            authors=[AuthorFactory(name="Elnur Mammadov"), AuthorFactory(name="Anna Petrosyan")],
            tags=["Peace process", "Armenia"],
            outlet=OutletFactory(name="Eurasia Daily Monitor"),
            original_volume="20",
            original_issue="14",
            original_date=date(2023, 1, 24),
            original_url="https://jamestown.org/program/peace-treaty/",
            published_at=baku_time(2023, 1, 26, 10),
        )
    )


@pytest.fixture
def own_analysis():
    return loaded(
        ArticleFactory(
            title="Lachin after 2023",
            authors=[AuthorFactory(name="Elnur Mammadov")],
            published_at=baku_time(2024, 5, 17, 1, 30),  # still 16 May in UTC: the site's date counts
        )
    )


@pytest.fixture
def report():
    return loaded(
        ArticleFactory(
            title="Energy Security in the South Caucasus",
            kind_slug="special-report",
            language="az",
            authors=[
                AuthorFactory(name="Elnur Mammadov", slug="elnur-mammadov-reports"),
                AuthorFactory(name="Anna Petrosyan"),
                AuthorFactory(name="Jean-Paul Dupont"),
            ],
            published_at=baku_time(2024, 5, 17, 12),
        )
    )


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "family", "given", "initials"),
    [
        ("Elnur Mammadov", "Mammadov", "Elnur", "E."),
        ("  Anna   Maria Petrosyan ", "Petrosyan", "Anna Maria", "A. M."),
        ("Jean-Paul Dupont", "Dupont", "Jean-Paul", "J.-P."),
        ("Mammadov, Elnur", "Mammadov", "Elnur", "E."),
        ("Plato", "Plato", "", ""),
        ("Şəfiyev, Fərid", "Şəfiyev", "Fərid", "F."),
    ],
)
def test_names_split_into_family_and_given(written, family, given, initials):
    name = Name.parse(written)

    assert (name.family, name.given, name.initials) == (family, given, initials)


# ---------------------------------------------------------------------------
# Chicago and APA
# ---------------------------------------------------------------------------


def test_chicago_cites_a_piece_as_first_published_in_its_periodical(edm_piece):
    citation = chicago(edm_piece, URL)

    assert citation.text == (
        "Mammadov, Elnur, and Anna Petrosyan. “Azerbaijan and Armenia Edge Toward a Peace Treaty.” "
        "Eurasia Daily Monitor 20, no. 14 (January 24, 2023). https://thecaucasuscenter.org/articles/peace-treaty/."
    )
    assert "<i>Eurasia Daily Monitor</i> 20, no. 14" in citation.html


def test_apa_cites_a_piece_as_first_published_in_its_periodical(edm_piece):
    citation = apa(edm_piece, URL)

    assert citation.text == (
        "Mammadov, E., & Petrosyan, A. (2023, January 24). Azerbaijan and Armenia Edge Toward a Peace Treaty. "
        "Eurasia Daily Monitor, 20(14). https://thecaucasuscenter.org/articles/peace-treaty/"
    )
    assert "<i>Eurasia Daily Monitor</i>, <i>20</i>(14)." in citation.html
    assert "&amp; Petrosyan" in citation.html


def test_chicago_and_apa_cite_our_own_analysis_by_its_date_in_baku(own_analysis):
    assert chicago(own_analysis, URL).text == (
        "Mammadov, Elnur. “Lachin after 2023.” The Caucasus Center for Strategic and International Studies, "
        "May 17, 2024. https://thecaucasuscenter.org/articles/peace-treaty/."
    )
    assert apa(own_analysis, URL).text == (
        "Mammadov, E. (2024, May 17). Lachin after 2023. The Caucasus Center for Strategic and International "
        "Studies. https://thecaucasuscenter.org/articles/peace-treaty/"
    )
    assert apa(own_analysis, URL).html.startswith("Mammadov, E. (2024, May 17). <i>Lachin after 2023</i>.")


def test_chicago_and_apa_cite_a_report_with_its_type(report):
    assert chicago(report, URL).text == (
        "Mammadov, Elnur, Anna Petrosyan, and Jean-Paul Dupont. Energy Security in the South Caucasus. "
        "Special report. The Caucasus Center for Strategic and International Studies, May 17, 2024. "
        "https://thecaucasuscenter.org/articles/peace-treaty/."
    )
    assert apa(report, URL).text == (
        "Mammadov, E., Petrosyan, A., & Dupont, J.-P. (2024). Energy Security in the South Caucasus "
        "[Special report]. The Caucasus Center for Strategic and International Studies. "
        "https://thecaucasuscenter.org/articles/peace-treaty/"
    )


def test_a_question_mark_is_not_followed_by_a_full_stop_and_no_author_starts_with_the_title():
    piece = loaded(ArticleFactory(title="Is peace near?", published_at=baku_time(2024, 2, 1, 12)))

    assert chicago(piece, URL).text == (
        "“Is peace near?” The Caucasus Center for Strategic and International Studies, February 1, 2024. "
        "https://thecaucasuscenter.org/articles/peace-treaty/."
    )
    assert apa(piece, URL).text == (
        "Is peace near? (2024, February 1). The Caucasus Center for Strategic and International Studies. "
        "https://thecaucasuscenter.org/articles/peace-treaty/"
    )


def test_formatted_citations_are_escaped_html():
    piece = loaded(ArticleFactory(title="Oil & <Gas>", published_at=baku_time(2024, 2, 1, 12)))

    assert "“Oil &amp; &lt;Gas&gt;.”" in chicago(piece, URL).html
    assert "<i>Oil &amp; &lt;Gas&gt;</i>" in apa(piece, URL).html


# ---------------------------------------------------------------------------
# BibTeX and RIS, parsed back
# ---------------------------------------------------------------------------

_BIBTEX_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{f"\\{char}": char for char in "{}%&#$_"},
}


def parse_bibtex(text):
    """A strict little BibTeX reader: one entry, ``name = {braced}`` or ``name = macro`` fields."""
    head = re.match(r"@(\w+)\{([^,\s]+),\n", text)
    assert head, text
    fields, position = {}, head.end()
    field_start = re.compile(r"\s*(\w+) = ")
    while match := field_start.match(text, position):
        position = match.end()
        if text[position] == "{":
            depth, start = 0, position
            while True:
                char = text[position]
                if char == "\\":
                    position += 2
                    continue
                depth += {"{": 1, "}": -1}.get(char, 0)
                position += 1
                if depth == 0:
                    break
            value = text[start + 1 : position - 1]
        else:
            value = re.match(r"\w+", text[position:]).group()
            position += len(value)
        assert text[position] == ",", text[position:]
        position += 1
        for escaped, char in _BIBTEX_UNESCAPE.items():
            value = value.replace(escaped, char)
        fields[match.group(1)] = value
    assert text[position:] == "\n}\n"
    return head.group(1), head.group(2), fields


def parse_ris(text):
    """RIS as (tag, value) pairs; every line ``XX  - value`` ending in CRLF, the last one ``ER  - ``."""
    assert text.endswith("ER  - \r\n")
    lines = text.split("\r\n")[:-1]
    pairs = [re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line).groups() for line in lines]
    return pairs


def test_bibtex_of_a_piece_from_eurasia_daily_monitor_parses_back(edm_piece):
    entry_type, key, fields = parse_bibtex(bibtex(edm_piece, URL))

    assert (entry_type, key) == ("article", "mammadov2023azerbaijan")
    assert fields == {
        "author": "Mammadov, Elnur and Petrosyan, Anna",
        "title": "{Azerbaijan and Armenia Edge Toward a Peace Treaty}",
        "journal": "Eurasia Daily Monitor",
        "volume": "20",
        "number": "14",
        "year": "2023",
        "month": "jan",
        "date": "2023-01-24",
        "url": URL,
        "abstract": "Both sides agree on a text; borders remain.",
        "keywords": "Armenia, Peace process",
        "language": "English",
        "note": "First published at https://jamestown.org/program/peace-treaty/",
    }


def test_bibtex_of_a_report_is_a_techreport_of_the_center(report):
    entry_type, key, fields = parse_bibtex(bibtex(report, URL))

    assert (entry_type, key) == ("techreport", "mammadov2024energy")
    assert fields["institution"] == "The Caucasus Center for Strategic and International Studies"
    assert fields["type"] == "Special report"
    assert fields["language"] == "Azerbaijani"


def test_bibtex_escapes_what_latex_would_read_as_commands():
    title = r"50% of {Oil} & Gas_#1 ~ $5 ^ \ end"
    piece = loaded(ArticleFactory(title=title, authors=[AuthorFactory(name="Şəfiyev, Fərid")]))

    entry_type, key, fields = parse_bibtex(bibtex(piece, URL))

    assert fields["title"] == "{" + title + "}"
    assert fields["author"] == "Şəfiyev, Fərid"
    assert key.startswith("sefiyev")
    assert entry_type == "misc"


def test_ris_of_a_piece_from_eurasia_daily_monitor_parses_back(edm_piece):
    assert parse_ris(ris(edm_piece, URL)) == [
        ("TY", "JOUR"),
        ("AU", "Mammadov, Elnur"),
        ("AU", "Petrosyan, Anna"),
        ("TI", "Azerbaijan and Armenia Edge Toward a Peace Treaty"),
        ("T2", "Eurasia Daily Monitor"),
        ("VL", "20"),
        ("IS", "14"),
        ("PY", "2023"),
        ("DA", "2023/01/24/"),
        ("UR", URL),
        ("AB", "Both sides agree on a text; borders remain."),
        ("LA", "English"),
        ("N1", "First published at https://jamestown.org/program/peace-treaty/"),
        ("KW", "Armenia"),
        ("KW", "Peace process"),
        ("ER", ""),
    ]


def test_ris_of_our_own_pieces_names_the_center(own_analysis, report):
    assert dict(parse_ris(ris(own_analysis, URL)))["TY"] == "ELEC"
    assert (
        dict(parse_ris(ris(own_analysis, URL)))["PB"] == "The Caucasus Center for Strategic and International Studies"
    )
    assert dict(parse_ris(ris(report, URL))) | {"AU": None} == {
        "TY": "RPRT",
        "AU": None,
        "TI": "Energy Security in the South Caucasus",
        "PY": "2024",
        "DA": "2024/05/17/",
        "PB": "The Caucasus Center for Strategic and International Studies",
        "M3": "Special report",
        "UR": URL,
        "AB": "The summary of Energy Security in the South Caucasus.",
        "LA": "Azerbaijani",
        "ER": "",
    }


def test_ris_values_stay_on_one_line():
    piece = loaded(ArticleFactory(title="Line\nbreaks\r\ninside", summary="One\n\ntwo"))

    pairs = dict(parse_ris(ris(piece, URL)))

    assert (pairs["TI"], pairs["AB"]) == ("Line breaks inside", "One two")
